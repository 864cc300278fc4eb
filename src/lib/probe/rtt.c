/* SPDX-License-Identifier: MIT
 * rtt.c - the probe's round-trip-time estimator (RFC 6298 2 per server and over the run) and
 * the timeouts derived from it: each exchange's first timeout, the backoff of its retries, and
 * the one short attempt left for a server that already failed a whole exchange. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtt.h"

/* RFC 6298 2: G, the clock granularity (ms); K = 4 */
#define RTT_G_MS 10u
/* a TCP attempt: connect, write and read within one timeout, never shorter than this (ms) */
#define TCP_FLOOR_MS 400u

void dd__rtt_init(dd__rtt_t *t, unsigned ceiling_ms)
{
	memset(t, 0, sizeof(*t));
	t->ceiling_ms = ceiling_ms < DD__RTO_FLOOR_MS ? DD__RTO_FLOOR_MS : ceiling_ms;
}

void dd__rtt_free(dd__rtt_t *t)
{
	free(t->srv);
	t->srv = NULL;
	t->n = t->cap = 0;
}

static dd__rtt_srv_t *find(const dd__rtt_t *t, const char *addr)
{
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->srv[i].addr, addr) == 0) {
			return &t->srv[i];
		}
	}
	return NULL;
}

static dd__rtt_srv_t *get(dd__rtt_t *t, const char *addr)
{
	dd__rtt_srv_t *s = find(t, addr);
	if (s != NULL) {
		return s;
	}
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 32;
		dd__rtt_srv_t *p = realloc(t->srv, nc * sizeof(*p));
		if (p == NULL) {
			return NULL;
		}
		t->srv = p;
		t->cap = nc;
	}
	s = &t->srv[t->n++];
	memset(s, 0, sizeof(*s));
	snprintf(s->addr, sizeof(s->addr), "%s", addr);
	return s;
}

/* RFC 6298 2.2 (the first measurement) and 2.3 (each later one), in whole ms */
static void update(dd__rtt_est_t *e, unsigned r)
{
	if (e->samples++ == 0) {
		e->srtt_ms = r;
		e->rttvar_ms = r / 2;
		return;
	}
	unsigned diff = e->srtt_ms > r ? e->srtt_ms - r : r - e->srtt_ms;
	e->rttvar_ms = (3 * e->rttvar_ms + diff) / 4;  /* beta = 1/4 */
	e->srtt_ms = (7 * e->srtt_ms + r) / 8;         /* alpha = 1/8 */
}

int dd__rtt_sample(dd__rtt_t *t, const char *addr, unsigned rtt_ms)
{
	update(&t->all, rtt_ms);
	dd__rtt_srv_t *s = get(t, addr);
	if (s == NULL) {
		return -1;
	}
	update(&s->est, rtt_ms);
	return 0;
}

void dd__rtt_outcome(dd__rtt_t *t, const char *addr, bool answered)
{
	dd__rtt_srv_t *s = get(t, addr);
	if (s != NULL) {
		if (answered) {
			s->answered++;
		} else {
			s->failed++;
		}
	}
}

static unsigned rto(const dd__rtt_est_t *e, unsigned ceiling)
{
	if (e->samples == 0) {
		return ceiling;
	}
	unsigned var4 = e->rttvar_ms > ceiling / 4 ? ceiling : 4 * e->rttvar_ms;
	unsigned r = e->srtt_ms + (var4 > RTT_G_MS ? var4 : RTT_G_MS);
	r = r < DD__RTO_FLOOR_MS ? DD__RTO_FLOOR_MS : r;
	return r > ceiling ? ceiling : r;
}

unsigned dd__rtt_first_timeout(const dd__rtt_t *t, const char *addr)
{
	const dd__rtt_srv_t *s = find(t, addr);
	if (s != NULL && s->est.samples > 0) {
		return rto(&s->est, t->ceiling_ms);
	}
	return rto(&t->all, t->ceiling_ms);
}

bool dd__rtt_down(const dd__rtt_t *t, const char *addr)
{
	const dd__rtt_srv_t *s = find(t, addr);
	return s != NULL && s->failed > 0 && s->answered == 0;
}

unsigned dd__rtt_attempt_timeout(unsigned first_ms, unsigned ceiling_ms, unsigned k, bool tcp)
{
	unsigned long long ms = first_ms;
	if (tcp) {
		ms = 2 * ms < TCP_FLOOR_MS ? TCP_FLOOR_MS : 2 * ms;
	} else {
		for (unsigned i = 1; i < k && ms < ceiling_ms; i++) {
			ms *= 2;
		}
	}
	return ms > ceiling_ms ? ceiling_ms : (unsigned)ms;
}
