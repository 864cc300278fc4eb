/* SPDX-License-Identifier: MIT
 * diagnosis.c - root causes from findings: the findings of an analysis grouped per code and
 * zone, each cause started from the code table (title, EDE, what a validator answers, whether
 * it explains the outage by its reach), explained by its fix template (explain.c) and ranked
 * (rank.c); the diagnosis's lifetime and queries. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnosis/diagnosis_int.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/text.h"
#include "dns/name_text.h"

void dd__cause_start(dd_root_cause_t *rc, const dd_finding_info_t *info, const uint8_t *zone,
                     dd_severity_t sev)
{
	memset(rc, 0, sizeof(*rc));
	rc->id = info->id;
	rc->code = info->code;
	rc->title = info->title;
	rc->ede = info->ede;
	rc->severity = sev;
	rc->recovery_seconds = -1;
	memcpy(rc->zone, zone, dd_name_len(zone));
}

/* What validators answer for a cause that changes no answer by itself: the asked answer as
 * it is, validated only when it is (issue 20: "still validates (AD set)" beside a bogus
 * headline was false). */
static void no_effect(dd_root_cause_t *rc, const dd_analysis_t *an)
{
	if (an->target_status == DD_STATUS_SECURE) {
		snprintf(rc->validator_result, sizeof(rc->validator_result),
		         "the answer still validates (AD set)");
	} else if (an->target_status == DD_STATUS_INSECURE) {
		snprintf(rc->validator_result, sizeof(rc->validator_result),
		         "no change for this alone: the asked answer is insecure (no AD) either way");
	} else {
		snprintf(rc->validator_result, sizeof(rc->validator_result),
		         "no SERVFAIL for this alone; the asked answer is %s for another reason",
		         dd_status_name(an->target_status));
	}
}

/* What a validator answers for a cause of @p info: SERVFAIL when the cause breaks the asked
 * answer (RFC 4035 5.5), with the RFC 8914 code that fits it named as a fit, not as what every
 * validator returns (validators choose their own code or none: the testbed's Unbound 1.17
 * answered EDE 9 where the table's fit is 10, its BIND 9.18 none; dd_diagnose_views() puts
 * what the real resolvers answered in its place); for a cause that breaks other answers
 * only, which; else the code's own answer, else a validated answer. */
static void validator_result(dd_root_cause_t *rc, const dd_finding_info_t *info,
                             const dd_analysis_t *an)
{
	char name[1024], type[24];
	dd__name_text(an->target, name, sizeof(name));
	if (dd_type_to_str(an->qtype, type, sizeof(type)) != DD_OK) {
		snprintf(type, sizeof(type), "TYPE%u", an->qtype);
	}
	if (info->reach != DD_REACH_NONE && info->ede >= 0 && rc->explains_outage) {
		snprintf(rc->validator_result, sizeof(rc->validator_result),
		         "SERVFAIL (RFC 4035 5.5); the Extended DNS Error, if any, is each "
		         "validator's own choice: RFC 8914 code %d (%s) fits this cause",
		         info->ede, info->ede_name);
	} else if (info->reach == DD_REACH_SERVERS) {
		snprintf(rc->validator_result, sizeof(rc->validator_result),
		         "no SERVFAIL for this alone: validators take the answer from the servers "
		         "that work, after trying the others");
	} else if (info->reach != DD_REACH_NONE && info->ede >= 0) {
		snprintf(rc->validator_result, sizeof(rc->validator_result),
		         "SERVFAIL for the answers it breaks, not for the asked %s %s (%s)", name,
		         type, dd_status_name(an->target_status));
	} else if (info->answer != NULL) {
		snprintf(rc->validator_result, sizeof(rc->validator_result), "%s", info->answer);
	} else {
		no_effect(rc, an);
	}
}

/* Whether a cause of @p info in a zone whose status is @p zone_status, first seen with
 * severity @p sev, explains why the name fails: a broken chain explains a broken name when
 * the zone itself fails; a broken RRset or denial when the name fails; failing servers when
 * none answers (the severity is raised to error then). */
static bool explains(const dd_finding_info_t *info, bool broken, const dd_zone_result_t *zr,
                     dd_severity_t sev)
{
	switch (info->reach) {
	case DD_REACH_CHAIN:
		return broken && zr != NULL && (zr->status == DD_STATUS_BOGUS ||
		                                zr->status == DD_STATUS_INDETERMINATE);
	case DD_REACH_NAME:
		return broken && sev == DD_SEV_ERROR;
	case DD_REACH_SERVERS:
		return sev == DD_SEV_ERROR;
	case DD_REACH_NONE:
		break;
	}
	return false;
}

/* A pre-delegation test's DS was given, not published: the table's titles say "at the
 * parent", which is not where it is (issue 20: every line true). */
static void given_ds_title(dd_root_cause_t *rc, const dd_zone_result_t *zr)
{
	if (zr == NULL || zr->ds_source != DD_DS_SOURCE_GIVEN) {
		return;
	}
	switch (rc->id) {
	case DD_CODE_DS_ALGORITHM_MISMATCH:
		rc->title = "The DS given has the wrong algorithm number";
		break;
	case DD_CODE_DS_DIGEST_MISMATCH:
		rc->title = "The DS given does not match the zone's key (wrong digest)";
		break;
	case DD_CODE_DS_NO_MATCHING_DNSKEY:
		rc->title = "The DS given names a key the zone does not publish";
		break;
	case DD_CODE_DS_REVOKED_KEY:
		rc->title = "The DS given points at a revoked KSK";
		break;
	default:
		break;
	}
}

/* The code of @p f: its enum, or for a finding not filled from the table, its name looked up. */
static dd_code_t code_of(const dd_finding_t *f)
{
	return f->id != DD_CODE_NONE ? f->id : dd_code_of(f->code);
}

static bool same_code(const dd_root_cause_t *rc, const dd_finding_t *f)
{
	dd_code_t id = code_of(f);
	if (id != DD_CODE_NONE || rc->id != DD_CODE_NONE) {
		return rc->id == id;
	}
	return rc->code != NULL && f->code != NULL && strcmp(rc->code, f->code) == 0;
}

int dd_diagnose(const dd_analysis_t *an, const dd_evidence_t *ev, dd_diagnosis_t **out)
{
	if (an == NULL || ev == NULL || out == NULL) {
		return DD_EINVAL;
	}
	dd_diagnosis_t *dg = calloc(1, sizeof(*dg));
	if (dg == NULL) {
		return DD_ENOMEM;
	}
	dg->verdict = an->target_status;
	dg->causes = calloc(an->nfindings ? an->nfindings : 1, sizeof(*dg->causes));
	if (dg->causes == NULL) {
		free(dg);
		return DD_ENOMEM;
	}
	const dd__explain_in_t in = { .an = an, .ev = ev };
	/* whether the asked answer is broken: only then does a cause explain an outage (a bogus
	 * denial of the nonexistent-name probe breaks other answers, not the asked one) */
	bool broken = an->target_status == DD_STATUS_BOGUS ||
	              an->target_status == DD_STATUS_INDETERMINATE;
	for (size_t i = 0; i < an->nfindings; i++) {
		const dd_finding_t *f = &an->findings[i];
		if (f->severity == DD_SEV_NOTICE) {
			continue;
		}
		dd_root_cause_t *rc = NULL;
		for (size_t k = 0; k < dg->ncauses; k++) {
			if (same_code(&dg->causes[k], f) && dd_name_equal(dg->causes[k].zone, f->zone)) {
				rc = &dg->causes[k];
			}
		}
		if (rc == NULL) {
			rc = &dg->causes[dg->ncauses++];
			const dd_finding_info_t *info = dd_finding_info_id(code_of(f));
			if (info != NULL) {
				dd__cause_start(rc, info, f->zone, f->severity);
				given_ds_title(rc, dd_analysis_zone(an, f->zone));
				rc->explains_outage = explains(info, broken, dd_analysis_zone(an, f->zone),
				                               f->severity);
				validator_result(rc, info, an);
				dd__explain(&in, rc);
			} else {
				/* a code the table does not know: reported as it is, with no fix */
				memset(rc, 0, sizeof(*rc));
				rc->code = f->code;
				rc->title = f->code;
				rc->ede = -1;
				rc->severity = f->severity;
				rc->recovery_seconds = -1;
				memcpy(rc->zone, f->zone, dd_name_len(f->zone));
				no_effect(rc, an);
			}
		}
		if (f->severity > rc->severity) {
			rc->severity = f->severity;
		}
		if (rc->nfindings < 16) {
			rc->findings[rc->nfindings++] = i;
		}
	}
	dd__diagnosis_rank(dg, an);
	*out = dg;
	return DD_OK;
}

void dd_diagnosis_free(dd_diagnosis_t *dg)
{
	if (dg == NULL) {
		return;
	}
	free(dg->causes);
	free(dg);
}

bool dd_diagnosis_has_id(const dd_diagnosis_t *dg, dd_code_t id)
{
	for (size_t i = 0; id != DD_CODE_NONE && i < dg->ncauses; i++) {
		if (dg->causes[i].id == id) {
			return true;
		}
	}
	return false;
}

bool dd_diagnosis_has(const dd_diagnosis_t *dg, const char *code)
{
	dd_code_t id = dd_code_of(code);
	if (id != DD_CODE_NONE) {
		return dd_diagnosis_has_id(dg, id);
	}
	for (size_t i = 0; code != NULL && i < dg->ncauses; i++) {
		if (dg->causes[i].code != NULL && strcmp(dg->causes[i].code, code) == 0) {
			return true;
		}
	}
	return false;
}
