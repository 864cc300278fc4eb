/* SPDX-License-Identifier: MIT
 * views.c - root causes that lie in a resolver rather than a zone: the real resolvers' views
 * of the queried name compared with the analysis (RESOLVER_NOT_VALIDATING, CLOCK_SKEW with the
 * chain's signature window edges, RESOLVER_VALIDATION_FAILURE), what each resolver showed,
 * then the fix from the code's template (explain.c) and the ranking again (rank.c). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "diagnosis/diagnosis_int.h"
#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/views.h"
#include "dns/name_text.h"

/* A signature window edge of the chain: the smallest clock error, seconds, that makes a
 * validator reject one of its signatures, and the zone. */
typedef struct edge {
	int64_t margin;           /* -1: no signature seen */
	int64_t when;
	const dd_zone_result_t *zone;
} edge_t;

/* The nearest expiration (@p expiry) or the most recent inception of the chain's signatures. */
static edge_t nearest_edge(const dd_analysis_t *an, bool expiry)
{
	edge_t e = { .margin = -1 };
	for (size_t i = 0; i < an->nzones; i++) {
		const dd_zone_result_t *z = &an->zones[i];
		int64_t t = expiry ? z->earliest_expiration : z->latest_inception;
		int64_t m = expiry ? t - an->at : an->at - t;
		if (t != 0 && m >= 0 && (e.margin < 0 || m < e.margin)) {
			e = (edge_t){ m, t, z };
		}
	}
	return e;
}

/* "a signature of ZONE expires at T (D from now): a resolver whose clock is more than D fast
 * sees it expired" into @p out. */
static void edge_text(const edge_t *e, bool expiry, char *out, size_t len)
{
	char zname[1024], when[32], d[48];
	dd__name_text(e->zone->name, zname, sizeof(zname));
	dd__time_text(e->when, when);
	dd__duration_text(e->margin, d);
	snprintf(out, len, "a signature of %s %s at %s (%s %s): a resolver whose clock is more than "
	         "%s %s sees it %s", zname, expiry ? "expires" : "became valid", when, d,
	         expiry ? "from now" : "ago", d, expiry ? "fast" : "slow",
	         expiry ? "expired" : "not yet valid");
}

static const dd_view_t *find_view(const dd_views_t *vs, const char *source, const uint8_t *name,
                                  bool cd)
{
	for (size_t i = 0; i < vs->n; i++) {
		const dd_view_t *v = &vs->v[i];
		if (v->cd == cd && strcmp(v->source, source) == 0 && dd_name_equal(v->name, name)) {
			return v;
		}
	}
	return NULL;
}

static void view_text(const dd_view_t *v, char *out, size_t len)
{
	char rc[16], name[1024];
	dd__name_text(v->name, name, sizeof(name));
	int n = snprintf(out, len, "%s answered %s%s", v->source, dd_rcode_name((uint16_t)v->rcode, rc),
	                 v->ad ? " with AD" : " without AD");
	if (n > 0 && (size_t)n < len && v->ede >= 0) {
		n += snprintf(out + n, len - (size_t)n, " (EDE %d)", v->ede);
	}
	if (n > 0 && (size_t)n < len) {
		snprintf(out + n, len - (size_t)n, " for %s%s%s", name, v->data[0] ? ": " : "", v->data);
	}
}

/* Append a cause of @p id in @p zone with the code's default severity, explained by its fix
 * template for resolver @p v; NULL when out of memory. */
static dd_root_cause_t *add_cause(dd_diagnosis_t *dg, const dd_analysis_t *an, dd_code_t id,
                                  const uint8_t *zone, const dd_view_t *v, bool edge)
{
	dd_root_cause_t *n = realloc(dg->causes, (dg->ncauses + 1) * sizeof(*n));
	if (n == NULL) {
		return NULL;
	}
	dg->causes = n;
	dd_root_cause_t *rc = &dg->causes[dg->ncauses++];
	const dd_finding_info_t *info = dd_finding_info_id(id);
	dd__cause_start(rc, info, zone, info->severity);
	const dd__explain_in_t in = { .an = an, .resolver = v->source, .edge = edge };
	dd__explain(&in, rc);
	return rc;
}

/* A resolver answered data without AD for a name whose chain is secure or bogus. */
static int not_validating(dd_diagnosis_t *dg, const dd_analysis_t *an, const dd_view_t *v,
                          const dd_zone_result_t *tz, const char *seen)
{
	dd_root_cause_t *rc = add_cause(dg, an, DD_CODE_RESOLVER_NOT_VALIDATING, tz->name, v, false);
	if (rc == NULL) {
		return DD_ENOMEM;
	}
	snprintf(rc->observed, sizeof(rc->observed), "%s, while the chain of trust is %s: %s", seen,
	         dd_status_name(an->target_status), an->target_status == DD_STATUS_SECURE
	         ? "a validating resolver sets AD (RFC 4035 3.2.3)"
	         : "a validating resolver returns SERVFAIL (RFC 4035 5.5)");
	snprintf(rc->validator_result, sizeof(rc->validator_result), "%s: %s without AD", v->source,
	         an->target_status == DD_STATUS_BOGUS ? "the bogus data" : "data");
	return DD_OK;
}

/* A resolver answered SERVFAIL for a name whose chain validates: its clock when its EDE says
 * so or a signature window edge is near, else a fault of its own. */
static int servfail(dd_diagnosis_t *dg, const dd_analysis_t *an, const dd_view_t *v,
                    const dd_zone_result_t *tz, const char *seen, const char *seen_cd)
{
	edge_t ex = nearest_edge(an, true), in = nearest_edge(an, false);
	bool ex_near = ex.margin >= 0 && ex.margin < DD_SKEW_PLAUSIBLE;
	bool in_near = in.margin >= 0 && in.margin < DD_SKEW_PLAUSIBLE;
	/* the resolver's EDE says which edge; without one, both that are near */
	if (v->ede == 7) {
		in_near = false;
	} else if (v->ede == 8) {
		ex_near = false;
	}
	bool clock_ede = v->ede == 7 || v->ede == 8;
	dd_root_cause_t *rc;
	if (!clock_ede && !ex_near && !in_near) {
		rc = add_cause(dg, an, DD_CODE_RESOLVER_VALIDATION_FAILURE, tz->name, v, false);
		if (rc == NULL) {
			return DD_ENOMEM;
		}
		snprintf(rc->observed, sizeof(rc->observed), "%s%s%s, while the chain of trust "
		         "validates and no signature window edge is within a day", seen,
		         seen_cd[0] ? "; with CD: " : "", seen_cd);
		snprintf(rc->validator_result, sizeof(rc->validator_result), "%s: SERVFAIL", v->source);
		rc->explains_outage = true;
		return DD_OK;
	}
	const edge_t *main_edge = ex_near ? &ex : in_near ? &in : NULL;
	rc = add_cause(dg, an, DD_CODE_CLOCK_SKEW, main_edge ? main_edge->zone->name : tz->name, v,
	               main_edge != NULL);
	if (rc == NULL) {
		return DD_ENOMEM;
	}
	char t1[384] = "", t2[384] = "";
	if (ex_near) {
		edge_text(&ex, true, t1, sizeof(t1));
	}
	if (in_near) {
		edge_text(&in, false, t2, sizeof(t2));
	}
	snprintf(rc->observed, sizeof(rc->observed), "%s%s%s, while the chain of trust validates "
	         "by this machine's clock. Suspected: %s%s%s%s", seen, seen_cd[0] ? "; with CD: " : "",
	         seen_cd, t1, t1[0] && t2[0] ? "; or " : "", t2, t1[0] || t2[0] ? "" : (v->ede == 7
	         ? "the resolver says the signatures expired"
	         : "the resolver says the signatures are not yet valid"));
	rc->ede = clock_ede ? v->ede : -1;  /* what this resolver said, not a guess */
	snprintf(rc->validator_result, sizeof(rc->validator_result), "%s: SERVFAIL%s", v->source,
	         clock_ede ? (v->ede == 7 ? ", EDE 7 (Signature Expired)"
	                                  : ", EDE 8 (Signature Not Yet Valid)") : "");
	rc->explains_outage = true;
	return DD_OK;
}

/* Append ", @p item" (or the first @p item) to @p list of @p len bytes. */
static void list_add(char *list, size_t len, const char *item)
{
	size_t n = strlen(list);
	if (n < len) {
		snprintf(list + n, len - n, "%s%s", n > 0 ? ", " : "", item);
	}
}

/* What the real validating resolvers answered for the queried name, in place of the
 * prediction of each cause that breaks it (diagnosis.c), so that the report never contradicts
 * the views printed beside it: "SERVFAIL (RFC 4035 5.5), as 127.0.5.1 (EDE 9), 127.0.5.4 (no
 * EDE) answered", the RFC 8914 code the table fits to the cause named as a fit only, and any
 * resolver that answered otherwise named with its answer as a disagreement. */
static void observed_results(dd_diagnosis_t *dg, const dd_analysis_t *an, const dd_views_t *views)
{
	char agree[256] = "", other[384] = "", nonval[256] = "", item[192], rc_text[16];
	for (size_t i = 0; i < views->n; i++) {
		const dd_view_t *v = &views->v[i];
		if (v->cd || !v->answered || v->qtype != an->qtype || !dd_name_equal(v->name, an->target) ||
		    find_view(views, v->source, an->target, false) != v) {
			continue;
		}
		if (v->rcode == DD_RCODE_SERVFAIL) {
			if (v->ede >= 0) {
				snprintf(item, sizeof(item), "%s (EDE %d)", v->source, v->ede);
			} else if (strcmp(v->source, "libunbound") == 0) {
				/* its API carries no EDE: silence is not "none" */
				snprintf(item, sizeof(item), "%s", v->source);
			} else {
				snprintf(item, sizeof(item), "%s (no EDE)", v->source);
			}
			list_add(agree, sizeof(agree), item);
		} else if (!v->ad && (v->rcode == DD_RCODE_NOERROR || v->rcode == DD_RCODE_NXDOMAIN)) {
			/* data without AD: a resolver that does not validate (its own cause) */
			list_add(nonval, sizeof(nonval), v->source);
		} else {
			snprintf(item, sizeof(item), "%s answered %s %s AD", v->source,
			         dd_rcode_name((uint16_t)v->rcode, rc_text), v->ad ? "with" : "without");
			list_add(other, sizeof(other), item);
		}
	}
	if (!agree[0] && !other[0]) {
		return;
	}
	char nv[320] = "";
	if (nonval[0]) {
		snprintf(nv, sizeof(nv), "; %s answered without AD, as a resolver that does not "
		         "validate does (RESOLVER_NOT_VALIDATING)", nonval);
	}
	for (size_t c = 0; c < dg->ncauses; c++) {
		dd_root_cause_t *rc = &dg->causes[c];
		const dd_finding_info_t *info = dd_finding_info_id(rc->id);
		if (!rc->explains_outage || rc->ede < 0 || info == NULL || info->reach == DD_REACH_NONE) {
			continue;
		}
		bool ede_differs = false;
		for (size_t i = 0; i < views->n; i++) {
			const dd_view_t *v = &views->v[i];
			if (!v->cd && v->answered && v->rcode == DD_RCODE_SERVFAIL && v->ede >= 0 &&
			    v->ede != rc->ede && dd_name_equal(v->name, an->target)) {
				ede_differs = true;
			}
		}
		char fit[160];
		snprintf(fit, sizeof(fit), "RFC 8914 code %d (%s) %s this cause", rc->ede,
		         info->ede_name, ede_differs ? "would also fit" : "fits");
		if (!other[0]) {
			snprintf(rc->validator_result, sizeof(rc->validator_result),
			         "SERVFAIL (RFC 4035 5.5), as %s answered; the Extended DNS Error, if any, "
			         "is each validator's own choice: %s%s", agree, fit, nv);
		} else {
			snprintf(rc->validator_result, sizeof(rc->validator_result),
			         "SERVFAIL expected (RFC 4035 5.5)%s%s%s; but %s: %s and this analysis "
			         "disagree (a cached answer, another trust anchor or another clock)%s",
			         agree[0] ? ", as " : "", agree, agree[0] ? " answered" : "", other,
			         strchr(other, ',') != NULL ? "those resolvers" : "that resolver", nv);
		}
	}
}

bool dd_views_comparable(const dd_views_t *views, int64_t at)
{
	if (views == NULL) {
		return false;
	}
	int64_t d = views->at > at ? views->at - at : at - views->at;
	return views->at == 0 || d <= DD_VIEWS_SAME_INSTANT;
}

const char *dd_cause_outage_text(const dd_analysis_t *an, const dd_root_cause_t *rc)
{
	if (rc == NULL || !rc->explains_outage) {
		return NULL;
	}
	return an != NULL && an->hypothetical_zone >= 0 ? "would make the name fail once delegated"
	                                                : "explains the outage";
}

bool dd_views_compared(const dd_views_t *views, const dd_analysis_t *an)
{
	return an != NULL && an->hypothetical_zone < 0 && dd_views_comparable(views, an->at);
}

int dd_diagnose_views(dd_diagnosis_t *dg, const dd_analysis_t *an, const dd_views_t *views)
{
	if (dg == NULL || an == NULL || an->nzones == 0) {
		return DD_EINVAL;
	}
	if (!dd_views_compared(views, an)) {
		return DD_OK;  /* answers of another instant (--at) or about another chain (a
		                  pre-delegation test): nothing to set against them */
	}
	/* the queried name's own zone: the deepest of the chain */
	const dd_zone_result_t *tz = &an->zones[0];
	for (size_t i = 1; i < an->nzones; i++) {
		if (an->zones[i].depth > tz->depth) {
			tz = &an->zones[i];
		}
	}
	observed_results(dg, an, views);
	for (size_t i = 0; i < views->n; i++) {
		const dd_view_t *v = &views->v[i];
		/* each real resolver once, by its view of the queried name without CD */
		if (v->cd || !v->answered || strcmp(v->source, "libunbound") == 0 ||
		    !dd_name_equal(v->name, an->target) || find_view(views, v->source, an->target, false) != v) {
			continue;
		}
		const dd_view_t *cd = find_view(views, v->source, an->target, true);
		bool data = v->rcode == DD_RCODE_NOERROR || v->rcode == DD_RCODE_NXDOMAIN;
		char seen[256], seen_cd[256] = "";
		view_text(v, seen, sizeof(seen));
		if (cd != NULL && cd->answered) {
			view_text(cd, seen_cd, sizeof(seen_cd));
		}
		int ret = DD_OK;
		if (data && !v->ad && (an->target_status == DD_STATUS_SECURE ||
		                       an->target_status == DD_STATUS_BOGUS)) {
			ret = not_validating(dg, an, v, tz, seen);
		} else if (v->rcode == DD_RCODE_SERVFAIL && an->target_status == DD_STATUS_SECURE) {
			ret = servfail(dg, an, v, tz, seen, seen_cd);
		}
		if (ret != DD_OK) {
			return ret;
		}
	}
	dd__diagnosis_rank(dg, an);
	return DD_OK;
}
