/* SPDX-License-Identifier: MIT
 * rank.c - the order of root causes (what explains the outage first, then by severity and the
 * reach of the code in the code table, zones nearer the root first), and what follows from
 * it: the exit code (3 when no server at the top of the chain answered) and the instant the chain breaks if nothing changes; the headline is
 * answer.c's. */

#include <stdio.h>
#include <stdlib.h>

#include "dns/name_text.h"
#include "diagnosis/diagnosis_int.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/text.h"

/* Errors of the servers, then of the chain, then of a name or the rest; then warnings of the
 * servers, then the rest. */
static int cause_rank(const dd_root_cause_t *rc)
{
	const dd_finding_info_t *info = dd_finding_info_id(rc->id);
	dd_reach_t r = info != NULL ? info->reach : DD_REACH_NONE;
	if (rc->severity == DD_SEV_ERROR) {
		return r == DD_REACH_SERVERS ? 0 : r == DD_REACH_CHAIN ? 1 : 2;
	}
	return r == DD_REACH_SERVERS ? 3 : 4;
}

static int cause_cmp(const void *a, const void *b)
{
	const dd_root_cause_t *x = a, *y = b;
	if (x->explains_outage != y->explains_outage) {
		return x->explains_outage ? -1 : 1;
	}
	int rx = cause_rank(x), ry = cause_rank(y);
	if (rx != ry) {
		return rx - ry;
	}
	/* a broken denial is the consequence of a mismatched NSEC3PARAM, not the other way */
	int dx = x->id == DD_CODE_DENIAL_PROOF_INVALID, dy = y->id == DD_CODE_DENIAL_PROOF_INVALID;
	if (dx != dy) {
		return dx - dy;
	}
	/* zones closer to the root explain more */
	return (int)dd_name_labels(x->zone) - (int)dd_name_labels(y->zone);
}

void dd__diagnosis_rank(dd_diagnosis_t *dg, const dd_analysis_t *an)
{
	int worst_sev = -1;
	for (size_t i = 0; i < dg->ncauses; i++) {
		if ((int)dg->causes[i].severity > worst_sev) {
			worst_sev = (int)dg->causes[i].severity;
		}
	}
	qsort(dg->causes, dg->ncauses, sizeof(*dg->causes), cause_cmp);
	dg->exit_code = worst_sev == DD_SEV_ERROR || an->target_status == DD_STATUS_BOGUS ? 2
	                : worst_sev == DD_SEV_WARNING ? 1 : 0;
	/* the instant the chain breaks if nothing changes: its first signature to expire; none
	 * when the asked answer is broken already (issue 20: "the chain breaks at" beside a bogus
	 * headline is false) */
	dg->breaks_at = 0;
	bool broken = an->target_status == DD_STATUS_BOGUS ||
	              an->target_status == DD_STATUS_INDETERMINATE;
	for (size_t i = 0; !broken && i < an->nzones; i++) {
		int64_t e = an->zones[i].earliest_expiration;
		if (e > an->at && (dg->breaks_at == 0 || e < dg->breaks_at)) {
			dg->breaks_at = e;
		}
	}
	dd__diagnosis_answer(dg, an);
	/* nothing answered at the top of the chain: the run could not complete (3, as for bad
	 * arguments), whatever the causes say; the JSON exit_code is the process's (issue 20) */
	if (an->nzones > 0 && an->zones[0].status == DD_STATUS_INDETERMINATE) {
		bool any = false;
		for (size_t i = 0; i < an->zones[0].nservers; i++) {
			any = any || an->zones[0].servers[i].answered;
		}
		if (!any) {
			dg->exit_code = 3;
		}
	}
}
