/* SPDX-License-Identifier: MIT
 * evidence.c - a zone state for preflight from the evidence diagnose collects (live or
 * replayed): the records one server of the zone answered (SOA, NS, DNSKEY, denial, the target)
 * with their RRSIGs, and the parent's DS set as one parent server gave it. */

#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/evidence.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "preflight/pf.h"

static bool served_by(const dd_zone_ev_t *z, const char *addr)
{
	for (size_t i = 0; i < z->nservers; i++) {
		if (z->servers[i].addr[0] != '\0' && strcmp(z->servers[i].addr, addr) == 0) {
			return true;
		}
	}
	return false;
}

/* The address of the first server of @p z whose answer to @p qtype at @p qname has records. */
static const char *first_answering(const dd_evidence_t *ev, const dd_zone_ev_t *z,
                                   const uint8_t *qname, uint16_t qtype)
{
	for (size_t i = 0; i < ev->nxs; i++) {
		const dd_exchange_t *x = &ev->xs[i];
		if (x->qtype != qtype || !dd_name_equal(x->qname, qname) || !served_by(z, x->server)) {
			continue;
		}
		dd_msg_t *m = dd_msg_of(x);
		bool has = false;
		for (size_t k = 0; m != NULL && k < m->count[DD_SECTION_ANSWER]; k++) {
			has = has || (m->rr[DD_SECTION_ANSWER][k].type == qtype &&
			              dd_name_equal(m->rr[DD_SECTION_ANSWER][k].owner, qname));
		}
		dd_msg_free(m);
		if (has) {
			return x->server;
		}
	}
	return NULL;
}

static int take_ds(dd_preflight_side_t *s, const dd_msg_t *m)
{
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		if (rr->type != DD_TYPE_DS || !dd_name_equal(rr->owner, s->apex)) {
			continue;
		}
		dd_rr_t *n = realloc(s->ds, (s->nds + 1) * sizeof(*n));
		if (n == NULL) {
			return DD_ENOMEM;
		}
		s->ds = n;
		uint8_t *copy = malloc(rr->rdata.len ? rr->rdata.len : 1);
		if (copy == NULL) {
			return DD_ENOMEM;
		}
		memcpy(copy, rr->rdata.data, rr->rdata.len);
		/* kept with the records so that dd_preflight_side_free() frees it */
		dd_rr_t keep = { .owner = s->apex, .type = DD_TYPE_DS, .rclass = rr->rclass,
			         .ttl = rr->ttl, .rdata = { .data = copy, .len = rr->rdata.len } };
		s->ds[s->nds++] = keep;
	}
	return DD_OK;
}

int dd_preflight_side_from_evidence(const dd_evidence_t *ev, const uint8_t *zone,
                                    dd_preflight_side_t **out)
{
	int zi = -1;
	for (size_t i = 0; i < ev->nzones; i++) {
		if (dd_name_equal(ev->zones[i].name, zone)) {
			zi = (int)i;
		}
	}
	if (zi < 0) {
		return DD_ENOENT;
	}
	const dd_zone_ev_t *z = &ev->zones[zi];
	dd_preflight_side_t *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		return DD_ENOMEM;
	}
	dd_name_to_lower(s->apex, z->name);
	s->have_apex = true;
	const char *srv = first_answering(ev, z, s->apex, DD_TYPE_DNSKEY);
	if (srv == NULL) {
		srv = first_answering(ev, z, s->apex, DD_TYPE_SOA);
	}
	int r = srv != NULL ? DD_OK : DD_ENOENT;
	for (size_t i = 0; r == DD_OK && i < ev->nxs; i++) {
		const dd_exchange_t *x = &ev->xs[i];
		if (strcmp(x->server, srv) != 0 || !dd_name_in_zone(x->qname, s->apex)) {
			continue;
		}
		dd_msg_t *m = dd_msg_of(x);
		for (int sec = DD_SECTION_ANSWER; m != NULL && r == DD_OK && sec <= DD_SECTION_AUTHORITY;
		     sec++) {
			for (size_t k = 0; r == DD_OK && k < m->count[sec]; k++) {
				const dd_rr_t *rr = &m->rr[sec][k];
				if (dd_name_in_zone(rr->owner, s->apex)) {
					r = dd__pf_add_rr(rr, s);
				}
			}
		}
		dd_msg_free(m);
	}
	if (r == DD_OK && z->parent >= 0) {
		const dd_zone_ev_t *p = &ev->zones[z->parent];
		const char *psrv = first_answering(ev, p, s->apex, DD_TYPE_DS);
		for (size_t i = 0; r == DD_OK && psrv != NULL && i < ev->nxs; i++) {
			const dd_exchange_t *x = &ev->xs[i];
			if (x->qtype != DD_TYPE_DS || strcmp(x->server, psrv) != 0 ||
			    !dd_name_equal(x->qname, s->apex)) {
				continue;
			}
			dd_msg_t *m = dd_msg_of(x);
			r = m != NULL ? take_ds(s, m) : DD_OK;
			dd_msg_free(m);
			break;
		}
		s->have_ds = true;
	}
	if (r == DD_OK) {
		r = dd__pf_build(s);
	}
	if (r != DD_OK) {
		dd_preflight_side_free(s);
		return r;
	}
	*out = s;
	return DD_OK;
}

void dd_preflight_side_ds(const dd_preflight_side_t *s, dd_preflight_ds_t *out)
{
	*out = (dd_preflight_ds_t){ .ds = s->ds, .n = s->nds, .ttl = 0 };
}
