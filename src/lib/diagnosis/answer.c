/* SPDX-License-Identifier: MIT
 * answer.c - what the servers of the name's zone answered for the queried name and type (data,
 * NODATA, NXDOMAIN), taken from the analysis's per-server answer summaries, whether the denial
 * is proven, the closest enclosing zone, and the headline and exit code that follow: a name
 * that does not exist is never reported as "secure: the chain of trust validates". */

#include <stdio.h>
#include <string.h>

#include "dns/name_text.h"
#include "diagnosis/diagnosis_int.h"
#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/text.h"

const char *dd_answer_kind_name(dd_answer_kind_t k)
{
	switch (k) {
	case DD_ANSWER_DATA:     return "data";
	case DD_ANSWER_NODATA:   return "nodata";
	case DD_ANSWER_NXDOMAIN: return "nxdomain";
	case DD_ANSWER_YXDOMAIN: return "yxdomain";
	case DD_ANSWER_UNKNOWN:  break;
	}
	return "unknown";
}

/* Data if some server of the zone answered with records, else NODATA if some answered an
 * authoritative NOERROR, else NXDOMAIN if some answered an authoritative NXDOMAIN: of the
 * target's query, or with @p cname of the query for its CNAME target. With @p end, what the
 * answer's own CNAME chain ends in (RFC 6604 3): a data answer whose rcode is NXDOMAIN ends in
 * a name that does not exist, one that holds no record of the type in no data. */
static dd_answer_kind_t answer_kind(const dd_zone_result_t *zr, bool cname, bool end)
{
	bool data = false, nodata = false, nx = false, end_nx = false, end_nodata = false;
	bool loops = false, yx = false;
	for (size_t s = 0; s < zr->nservers; s++) {
		const dd_answer_summary_t *t = cname ? &zr->servers[s].cname : &zr->servers[s].target;
		if (!t->asked || t->error != DD_QERR_NONE) {
			continue;
		}
		if (t->records > 0 && (t->rcode == DD_RCODE_NOERROR || t->rcode == DD_RCODE_NXDOMAIN)) {
			data = true;
			loops = loops || t->loops;
			end_nx = end_nx || t->rcode == DD_RCODE_NXDOMAIN;
			end_nodata = end_nodata || (t->rcode == DD_RCODE_NOERROR && !t->has_qtype &&
			                            !t->ends_elsewhere);
		} else if (t->aa && t->rcode == DD_RCODE_NOERROR) {
			nodata = true;
		} else if (t->aa && t->rcode == DD_RCODE_NXDOMAIN) {
			nx = true;
		} else if (t->aa && t->rcode == DD_RCODE_YXDOMAIN && t->records > 0) {
			yx = true;
		}
	}
	if (data && end && loops) {
		return DD_ANSWER_UNKNOWN;  /* a chain that never ends has no last name */
	}
	if (data && end) {
		return end_nx ? DD_ANSWER_NXDOMAIN : end_nodata ? DD_ANSWER_NODATA : DD_ANSWER_DATA;
	}
	return data ? DD_ANSWER_DATA : nodata ? DD_ANSWER_NODATA : nx ? DD_ANSWER_NXDOMAIN
	       : yx ? DD_ANSWER_YXDOMAIN : DD_ANSWER_UNKNOWN;
}

/* What the name's CNAME chain ends in: the CNAME target's zone's answer when the probe asked
 * it, else what the name's own answers hold; the answer itself for a name that is no CNAME. */
static dd_answer_kind_t final_kind(const dd_diagnosis_t *dg, const dd_analysis_t *an)
{
	if (dg->answer != DD_ANSWER_DATA) {
		return dg->answer;
	}
	if (an->cname_target[0] != 0) {
		if (an->cname_zone < 0 || (size_t)an->cname_zone >= an->nzones) {
			return DD_ANSWER_DATA;  /* its end was not asked */
		}
		dd_answer_kind_t k = answer_kind(&an->zones[an->cname_zone], true, true);
		return k == DD_ANSWER_UNKNOWN ? DD_ANSWER_DATA : k;
	}
	return answer_kind(&an->zones[an->target_zone], false, true);
}

/* ", also TITLE (CODE, in ZONE)" or "TITLE (CODE, in ZONE)" for the first cause, "" if none
 * of at least warning severity. */
static void first_cause(const dd_diagnosis_t *dg, const char *lead, char *out, size_t len)
{
	out[0] = '\0';
	if (dg->ncauses == 0 || dg->causes[0].severity < DD_SEV_WARNING) {
		return;
	}
	char z[1024];
	dd__name_text(dg->causes[0].zone, z, sizeof(z));
	snprintf(out, len, "%s%s (%s, in %s)", lead, dg->causes[0].title, dg->causes[0].code, z);
}

/* The headline of a name the servers deny (NODATA or NXDOMAIN). */
static void denial_headline(dd_diagnosis_t *dg, const dd_analysis_t *an, const char *name,
                            const char *type, const char *zone)
{
	char what[1536], proof[1536], cause[1100];
	bool nx = dg->answer == DD_ANSWER_NXDOMAIN;
	if (nx) {
		snprintf(what, sizeof(what), "%s does not exist (NXDOMAIN)", name);
	} else {
		snprintf(what, sizeof(what), "%s has no %s records (NODATA)", name, type);
	}
	/* a name two or more labels below its zone: no zone between them is delegated (its
	 * servers would have referred, not denied), the case of a mistyped zone name */
	char gap[1200] = "";
	size_t zl = dd_name_labels(dg->zone), nl = dd_name_labels(an->target);
	if (nx && nl >= zl + 2) {
		const uint8_t *p = an->target;
		for (size_t i = 0; i + zl + 1 < nl; i++) {
			p += 1 + p[0];
		}
		char child[1024];
		dd__name_text(p, child, sizeof(child));
		snprintf(gap, sizeof(gap), ": no zone %s is delegated", child);
	}
	switch (an->target_status) {
	case DD_STATUS_SECURE: {
		const char *rr = an->target_denial == DD_TYPE_NSEC3 ? "NSEC3"
		                 : an->target_denial == DD_TYPE_NSEC ? "NSEC" : "a validated denial";
		first_cause(dg, "; also: ", cause, sizeof(cause));
		if (nx) {
			snprintf(proof, sizeof(proof), ", proven by %s from %s, the closest existing zone%s",
			         rr, zone, gap);
		} else {
			snprintf(proof, sizeof(proof), ", proven by %s from %s: the name exists, the type "
			         "does not", rr, zone);
		}
		break;
	}
	case DD_STATUS_INSECURE:
		first_cause(dg, "; also: ", cause, sizeof(cause));
		snprintf(proof, sizeof(proof), " as the servers of %s say%s; not proven: the zone is "
		         "insecure (no DNSSEC chain of trust reaches it)", zone, gap);
		break;
	case DD_STATUS_BOGUS:
	case DD_STATUS_INDETERMINATE:
		first_cause(dg, "", cause, sizeof(cause));
		snprintf(proof, sizeof(proof), " as the servers of %s say%s, but the denial is %s, not "
		         "proven: %s", zone, gap, dd_status_name(an->target_status),
		         cause[0] ? cause : an->target_reason);
		cause[0] = '\0';
		break;
	}
	snprintf(dg->headline, sizeof(dg->headline), "%s%s%s", what, proof, cause);
}

/* "; a CNAME to X, which does not exist: ..." when the name's CNAME chain ends in no data
 * (RFC 6604 3: a resolver's rcode is the last name's), "" otherwise. */
static void chain_end_text(const dd_diagnosis_t *dg, const dd_analysis_t *an, const char *type,
                           char *out, size_t len)
{
	out[0] = '\0';
	if (dg->final_answer != DD_ANSWER_NXDOMAIN && dg->final_answer != DD_ANSWER_NODATA) {
		return;
	}
	char what[1100];
	if (an->cname_target[0] != 0) {
		char cn[1024];
		dd__name_text(an->cname_target, cn, sizeof(cn));
		snprintf(what, sizeof(what), "a CNAME to %s, which", cn);
	} else {
		snprintf(what, sizeof(what), "its CNAME chain ends in a name that");
	}
	if (dg->final_answer == DD_ANSWER_NXDOMAIN) {
		snprintf(out, len, "; %s does not exist: resolvers answer NXDOMAIN (RFC 6604 3)", what);
	} else {
		snprintf(out, len, "; %s has no %s records: resolvers answer the CNAME and no %s "
		         "(NODATA)", what, type, type);
	}
}

/* The headline of a name its servers answer YXDOMAIN for: a DNAME above it would make it
 * longer than 255 octets (RFC 6672 2.2), judged by the DNAME's signatures. */
static void yxdomain_headline(dd_diagnosis_t *dg, const dd_analysis_t *an, const char *name,
                              const char *type, const char *zone)
{
	char what[1400], cause[1100];
	snprintf(what, sizeof(what), "the servers of %s answer YXDOMAIN: a DNAME above %s would make "
	         "it longer than 255 octets (RFC 6672 2.2), so it has no %s records", zone, name, type);
	switch (an->target_status) {
	case DD_STATUS_SECURE:
		first_cause(dg, "; also: ", cause, sizeof(cause));
		snprintf(dg->headline, sizeof(dg->headline), "%s %s is secure: %s, and the DNAME "
		         "validates%s", name, type, what, cause);
		break;
	case DD_STATUS_INSECURE:
		first_cause(dg, "; also: ", cause, sizeof(cause));
		snprintf(dg->headline, sizeof(dg->headline), "%s %s is insecure: %s; not validated: "
		         "the zone is insecure (no DNSSEC chain of trust reaches it)%s", name, type, what,
		         cause);
		break;
	case DD_STATUS_BOGUS:
	case DD_STATUS_INDETERMINATE:
		first_cause(dg, "", cause, sizeof(cause));
		snprintf(dg->headline, sizeof(dg->headline), "%s %s is %s: %s; %s", name, type,
		         dd_status_name(an->target_status), what, cause[0] ? cause : an->target_reason);
		break;
	}
}

/* The answer's kind, the exit code's floor for it, and the headline. */
static void answer_headline(dd_diagnosis_t *dg, const dd_analysis_t *an)
{
	const dd_zone_result_t *zr = &an->zones[an->target_zone];
	dg->answer = answer_kind(zr, false, false);
	dg->final_answer = final_kind(dg, an);
	memcpy(dg->zone, zr->name, dd_name_len(zr->name));
	dg->denial_proven = (dg->answer == DD_ANSWER_NODATA || dg->answer == DD_ANSWER_NXDOMAIN) &&
	                    an->target_status == DD_STATUS_SECURE;
	/* a name that does not exist is not "all fine", even when its absence is proven: exit 1,
	 * as for warnings (docs/dnssec-doctor.1, EXIT STATUS) */
	if ((dg->answer == DD_ANSWER_NXDOMAIN || dg->final_answer == DD_ANSWER_NXDOMAIN ||
	     dg->answer == DD_ANSWER_YXDOMAIN) && dg->exit_code < 1) {
		dg->exit_code = 1;
	}
	char name[1024], type[24], zone[1024];
	dd__name_text(an->target, name, sizeof(name));
	dd__name_text(dg->zone, zone, sizeof(zone));
	if (dd_type_to_str(an->qtype, type, sizeof(type)) != DD_OK) {
		snprintf(type, sizeof(type), "TYPE%u", an->qtype);
	}
	if (dg->answer == DD_ANSWER_NODATA || dg->answer == DD_ANSWER_NXDOMAIN) {
		denial_headline(dg, an, name, type, zone);
		return;
	}
	if (dg->answer == DD_ANSWER_YXDOMAIN) {
		yxdomain_headline(dg, an, name, type, zone);
		return;
	}
	const char *verdict = dd_status_name(an->target_status);
	char cause[1100], end[1400] = "";
	first_cause(dg, "", cause, sizeof(cause));
	chain_end_text(dg, an, type, end, sizeof(end));
	/* a name that is not secure is not explained by a risk that fails nothing and changes
	 * no validator's answer (reach none, no answer of its own: a deprecated algorithm where
	 * no trust anchor covers the zone, or under an Opt-Out delegation): the reason comes
	 * first and the risk follows it */
	const dd_finding_info_t *first = dg->ncauses > 0 ? dd_finding_info_id(dg->causes[0].id) : NULL;
	if (cause[0] && an->target_status != DD_STATUS_SECURE && !dg->causes[0].explains_outage &&
	    (first == NULL || (first->reach == DD_REACH_NONE && first->answer == NULL))) {
		snprintf(dg->headline, sizeof(dg->headline), "%s %s is %s: %s; also: %s%s", name, type,
		         verdict, an->target_status == DD_STATUS_INSECURE
		                  ? "correctly insecure (no DNSSEC chain above it)" : an->target_reason,
		         cause, end);
	} else if (cause[0]) {
		snprintf(dg->headline, sizeof(dg->headline), "%s %s is %s: %s%s", name, type, verdict,
		         cause, end);
	} else {
		/* insecure in a zone the chain reaches securely: the answer's own reason (an
		 * Opt-Out span, RRSIG records, which are never signed), not "no chain above it" */
		bool own = an->target_status == DD_STATUS_INSECURE && an->target_reason[0] != '\0' &&
		           zr->status == DD_STATUS_SECURE;
		snprintf(dg->headline, sizeof(dg->headline), "%s %s is %s: %s%s", name, type, verdict,
		         an->target_status == DD_STATUS_SECURE ? "the chain of trust validates"
		         : an->target_status == DD_STATUS_INSECURE && !own
		                 ? "correctly insecure (no DNSSEC chain above it)" : an->target_reason,
		         end);
	}
}

/* A pre-delegation test says what it judged: the DS given, or a zone not delegated yet. */
static void pre_delegation(dd_diagnosis_t *dg, const dd_analysis_t *an)
{
	if (an->hypothetical_zone < 0) {
		return;
	}
	const dd_zone_result_t *z = &an->zones[an->hypothetical_zone];
	char zn[1024], pn[1024] = ".";
	dd__name_text(z->name, zn, sizeof(zn));
	if (z->parent >= 0) {
		dd__name_text(an->zones[z->parent].name, pn, sizeof(pn));
	}
	size_t len = strlen(dg->headline);
	if (z->ds_source == DD_DS_SOURCE_GIVEN) {
		snprintf(dg->headline + len, sizeof(dg->headline) - len, " (pre-delegation test: %s "
		         "judged with the DS given, as if %s published %s)", zn, pn,
		         z->nds == 1 ? "it" : "them");
	} else {
		snprintf(dg->headline + len, sizeof(dg->headline) - len, " (pre-delegation test: %s "
		         "does not delegate %s; judged as a delegation without DS)", pn, zn);
	}
}

void dd__diagnosis_answer(dd_diagnosis_t *dg, const dd_analysis_t *an)
{
	answer_headline(dg, an);
	pre_delegation(dg, an);
}
