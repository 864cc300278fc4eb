/* SPDX-License-Identifier: MIT
 * analysis.c - validation of the evidence as RFC 4035 5 describes it, per server and per zone:
 * dd_analyze*() walks the zones from the anchor down (trust.c, health.c) and then the target
 * (target.c), in the context of actx.c. Every DNSSEC judgement is made by the validation core
 * (validate/). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/actx.h"
#include "core/finding_fill.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dns/name_text.h"

bool dd_analysis_has(const dd_analysis_t *an, const char *code)
{
	for (size_t i = 0; i < an->nfindings; i++) {
		if (strcmp(an->findings[i].code, code) == 0) {
			return true;
		}
	}
	return false;
}

const dd_zone_result_t *dd_analysis_zone(const dd_analysis_t *an, const uint8_t *name)
{
	for (size_t i = 0; an != NULL && name != NULL && i < an->nzones; i++) {
		if (dd_name_equal(an->zones[i].name, name)) {
			return &an->zones[i];
		}
	}
	return NULL;
}

/* ---- the whole run ------------------------------------------------------------------------------ */

int dd_analyze(const dd_evidence_t *ev, int64_t at, dd_analysis_t **out)
{
	return dd_analyze_limited(ev, at, NULL, out);
}

/*
 * A what-if at another instant (diagnose --at) keeps every fault that needs no clock: the
 * evidence is also judged at the instant it was collected, and each finding of that analysis
 * whose code is not clocked (dd__finding_clocked()) and that @p an lacks (the same code, zone,
 * owner and type) joins @p an. A wrong DS digest stays a fault when the signatures above have
 * expired; what the judgement at @p an's instant could not reach (a zone whose signatures all
 * lapsed hides its multi-signer or denial faults) is not lost.
 */
static int keep_timeless(const dd_evidence_t *ev, const dd_limits_t *limits, dd_analysis_t *an)
{
	dd_analysis_t *then = NULL;
	int r = dd_analyze_shared(ev, ev->started_ms / 1000, limits, NULL, &then);
	if (r != DD_OK) {
		return r;
	}
	for (size_t i = 0; i < then->nfindings && r == DD_OK; i++) {
		const dd_finding_t *f = &then->findings[i];
		bool have = dd__finding_clocked(f->id);
		for (size_t j = 0; j < an->nfindings && !have; j++) {
			const dd_finding_t *g = &an->findings[j];
			have = g->id == f->id && dd_name_equal(g->zone, f->zone) &&
			       dd_name_equal(g->owner, f->owner) && g->rrtype == f->rrtype;
		}
		if (have) {
			continue;
		}
		if (an->nfindings == an->cap_findings) {
			size_t cap = an->cap_findings ? an->cap_findings * 2 : 16;
			dd_finding_t *n = realloc(an->findings, cap * sizeof(*n));
			if (n == NULL) {
				r = DD_ENOMEM;
				break;
			}
			an->findings = n;
			an->cap_findings = cap;
		}
		an->findings[an->nfindings++] = *f;
	}
	dd_analysis_free(then);
	return r;
}

int dd_analyze_limited(const dd_evidence_t *ev, int64_t at, const dd_limits_t *limits,
                       dd_analysis_t **out)
{
	if (ev == NULL || out == NULL) {
		return DD_EINVAL;
	}
	dd_analysis_t *an = NULL;
	int r = dd_analyze_shared(ev, at, limits, NULL, &an);
	if (r == DD_OK && ev->started_ms > 0 && at != ev->started_ms / 1000) {
		r = keep_timeless(ev, limits, an);
	}
	if (r != DD_OK) {
		dd_analysis_free(an);
		return r;
	}
	*out = an;
	return DD_OK;
}

static dd_limits_t limits_of(const dd_limits_t *limits)
{
	dd_limits_t l = dd_limits_default();
	if (limits != NULL) {
		const dd_limits_t d = l;
#define LIM(f, cap) l.f = limits->f == 0 ? d.f : (cap && limits->f > d.f) ? d.f : limits->f
		LIM(verify_per_rrset, false);
		LIM(keys_per_rrsig, false);
		LIM(rrsigs_per_rrset, true);
		LIM(rrset_records, true);
		LIM(verify_total, false);
		LIM(nsec3_hashes, false);
#undef LIM
	}
	return l;
}

/* Analyse the zones in chain order (a CNAME adds a second branch; parents come first). */
static void analyze_zones(dd__actx_t *c)
{
	const dd_evidence_t *ev = c->ev;
	char (*why)[300] = calloc(ev->nzones, sizeof(*why));
	if (why == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	for (size_t i = 0; i < ev->nzones && c->err == DD_OK; i++) {
		int p = ev->zones[i].parent;
		bool has_parent = p >= 0 && (size_t)p < i;
		dd_status_t parent = has_parent ? c->an->zones[p].status : DD_STATUS_SECURE;
		dd__an_zone(c, (int)i, parent, has_parent ? why[p] : "");
		dd_zone_result_t *zr = &c->an->zones[i];
		if (zr->ds_source != DD_DS_SOURCE_PARENT && c->an->hypothetical_zone < 0) {
			c->an->hypothetical_zone = (int)i;
		}
		zr->parent = has_parent ? p : -1;
		zr->depth = has_parent ? c->an->zones[p].depth + 1 : 0;
		if (has_parent && parent != DD_STATUS_SECURE && !dd__an_trust_starts(c, (int)i)) {
			memcpy(why[i], why[p], sizeof(why[i]));  /* the trouble started higher up */
		} else if (zr->status != DD_STATUS_SECURE) {
			char zn[1024];
			dd__name_text(zr->name, zn, sizeof(zn));
			snprintf(why[i], sizeof(why[i]), "the zone %s above is %s", zn,
			         dd_status_name(zr->status));
		}
	}
	free(why);
}

int dd_analyze_shared(const dd_evidence_t *ev, int64_t at, const dd_limits_t *limits,
                      dd_verify_memo_t *memo, dd_analysis_t **out)
{
	if (ev == NULL || out == NULL || ev->nzones == 0) {
		return DD_EINVAL;
	}
	dd_limits_t lim = limits_of(limits);
	dd__actx_t c = {
		.ev = ev, .at = at,
		.vo = { .at = at, .lim = lim, .exact_labels = false, .memo = memo },
		.vbudget = { .max = lim.verify_total },
		.hbudget = { .max = lim.nsec3_hashes },
	};
	c.an = calloc(1, sizeof(*c.an));
	c.msgs = calloc(ev->nxs ? ev->nxs : 1, sizeof(*c.msgs));
	c.parsed = calloc(ev->nxs ? ev->nxs : 1, sizeof(*c.parsed));
	c.ks = calloc(ev->nzones, sizeof(*c.ks));
	if (c.an == NULL || c.msgs == NULL || c.parsed == NULL || c.ks == NULL) {
		c.err = DD_ENOMEM;
		goto out;
	}
	c.an->at = at;
	c.an->hypothetical_zone = -1;
	c.an->cname_zone = -1;
	c.an->zones = calloc(ev->nzones, sizeof(*c.an->zones));
	if (c.an->zones == NULL) {
		c.err = DD_ENOMEM;
		goto out;
	}
	c.an->nzones = ev->nzones;
	analyze_zones(&c);
	if (c.err == DD_OK) {
		dd__an_target(&c);
	}
	c.an->verifications = c.vbudget.used;
	c.an->nsec3_hashes = c.hbudget.used;
out:
	for (size_t i = 0; c.msgs != NULL && i < ev->nxs; i++) {
		dd_msg_free(c.msgs[i]);
	}
	free(c.msgs);
	free(c.parsed);
	for (size_t i = 0; c.ks != NULL && i < ev->nzones; i++) {
		for (size_t s = 0; c.ks[i] != NULL && s < ev->zones[i].nservers; s++) {
			dd__an_keyset_free(&c.ks[i][s]);
		}
		free(c.ks[i]);
	}
	free(c.ks);
	if (c.err != DD_OK) {
		dd_analysis_free(c.an);
		return c.err;
	}
	*out = c.an;
	return DD_OK;
}

const char *dd_ds_source_name(dd_ds_source_t s)
{
	switch (s) {
	case DD_DS_SOURCE_GIVEN: return "given";
	case DD_DS_SOURCE_UNDELEGATED: return "undelegated";
	case DD_DS_SOURCE_PARENT: break;
	}
	return "parent";
}

void dd_analysis_free(dd_analysis_t *an)
{
	if (an == NULL) {
		return;
	}
	for (size_t i = 0; an->zones != NULL && i < an->nzones; i++) {
		free(an->zones[i].servers);
		free(an->zones[i].ds);
		free(an->zones[i].keys);
		free(an->zones[i].ds_lines);
	}
	free(an->zones);
	free(an->findings);
	free(an);
}
