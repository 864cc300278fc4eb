/* SPDX-License-Identifier: MIT
 * zfind.c - what a check-zone run reports as it goes: findings counted per code and kept in
 * detail up to a limit per code, names as text for them, and progress for a person watching a
 * large zone; and the growth of its arrays. The bottom of zone/: every other file of it calls
 * here. */

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/finding_fill.h"
#include "dd/error.h"
#include "dns/name_text.h"
#include "zone/zctx.h"

bool dd__z_grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap) {
		return true;
	}
	size_t ncap = *cap ? *cap + *cap / 2 : 4096;
	while (ncap < need) {
		ncap += ncap / 2;
	}
	void *n = realloc(*arr, ncap * size);
	if (n == NULL) {
		return false;
	}
	*arr = n;
	*cap = ncap;
	return true;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double dd__z_elapsed(const dd__zctx_t *c)
{
	return now_s() - ((double)c->t0.tv_sec + (double)c->t0.tv_nsec / 1e9);
}

void dd__z_progress(dd__zctx_t *c, const char *phase, size_t sigs, size_t done, bool force)
{
	if (c->o->progress == NULL) {
		return;
	}
	double e = dd__z_elapsed(c);
	if (!force && e - c->last_progress < 0.5) {
		return;
	}
	c->last_progress = e;
	dd_zone_progress_t p = { .phase = phase, .records = c->nrecs, .signatures = sigs,
		                 .verified = done, .elapsed = e };
	c->o->progress(&p, c->o->progress_ctx);
}

const char *dd__z_ntext(const uint8_t *name, char *buf, size_t len)
{
	dd__name_text(name, buf, len);
	return buf;
}

/* Record a finding at severity @p sev (at least the vocabulary's): always counted, kept in
 * detail up to the per-code limit. */
__attribute__((format(printf, 9, 0)))
static void zfind_v(dd__zctx_t *c, const char *code, dd_severity_t sev, const uint8_t *owner,
                    uint16_t rrtype, uint16_t tag, uint8_t alg, int64_t when, const char *fmt,
                    va_list ap)
{
	dd_zone_check_t *res = c->res;
	const dd_finding_info_t *info = dd_finding_info(code);
	assert(info != NULL);
	if (info == NULL) {
		return;
	}
	sev = sev > info->severity ? sev : info->severity;
	dd_zone_code_count_t *cnt = NULL;
	for (size_t i = 0; i < res->ncounts; i++) {
		if (res->counts[i].code == info->code) {
			cnt = &res->counts[i];
			break;
		}
	}
	if (cnt == NULL) {
		dd_zone_code_count_t *n = realloc(res->counts, (res->ncounts + 1) * sizeof(*n));
		if (n == NULL) {
			c->err = DD_ENOMEM;
			return;
		}
		res->counts = n;
		cnt = &res->counts[res->ncounts++];
		*cnt = (dd_zone_code_count_t){ .code = info->code, .severity = sev };
	}
	if (sev > cnt->severity) {
		cnt->severity = sev;
	}
	if (cnt->count++ >= c->per_code) {
		return;
	}
	if (!dd__z_grow((void **)&res->findings, &c->cap_findings, res->nfindings + 1,
	                sizeof(dd_finding_t))) {
		c->err = DD_ENOMEM;
		return;
	}
	dd__finding_fill(&res->findings[res->nfindings++], info, sev, c->apex,
	                 owner ? owner : c->apex, rrtype, tag, alg, when, fmt, ap);
}

void dd__z_find(dd__zctx_t *c, const char *code, const uint8_t *owner, uint16_t rrtype,
                uint16_t tag, uint8_t alg, int64_t when, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	zfind_v(c, code, DD_SEV_NOTICE, owner, rrtype, tag, alg, when, fmt, ap);
	va_end(ap);
}

void dd__z_find_sev(dd__zctx_t *c, const char *code, dd_severity_t sev, const uint8_t *owner,
                    uint16_t rrtype, uint16_t tag, uint8_t alg, int64_t when, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	zfind_v(c, code, sev, owner, rrtype, tag, alg, when, fmt, ap);
	va_end(ap);
}
