/* SPDX-License-Identifier: MIT
 * diagnosis_int.h - internal to src/lib/diagnosis: what its files share (a root cause started
 * from the code table, the fix templates, the ranking). Not installed. */
#pragma once

#include <stdbool.h>

#include "dd/analysis.h"
#include "dd/diagnosis.h"
#include "dd/evidence.h"
#include "dd/finding.h"

/** What a fix template needs beyond the root cause itself. */
typedef struct dd__explain_in {
	const dd_analysis_t *an;  /**< the analysis the cause comes from; borrowed */
	const dd_evidence_t *ev;  /**< its evidence, for the DS of the live KSKs; NULL: none */
	const char *resolver;     /**< DD_FIX_RESOLVER_*: the resolver whose view showed it */
	bool edge;                /**< DD_FIX_RESOLVER_CLOCK: a signature window edge of the
	                               cause's zone lies within plausible clock error */
} dd__explain_in_t;

/**
 * Start root cause @p rc (zeroed first) for the code of @p info in @p zone with severity
 * @p sev: code, title and EDE from the table, recovery unknown (-1). Nothing else.
 */
void dd__cause_start(dd_root_cause_t *rc, const dd_finding_info_t *info, const uint8_t *zone,
                     dd_severity_t sev);

/**
 * Fill the fix (in its safe order), the recovery and where validators differ for @p rc, by
 * the fix template of its code (dd_finding_info_t.fix): the zone's and its parent's names and
 * TTLs from @p in->an, the DS of the live KSKs from @p in->ev. A code without a template (or
 * without a table entry) gets no fix and an unknown recovery.
 */
void dd__explain(const dd__explain_in_t *in, dd_root_cause_t *rc);

/**
 * Rank @p dg's causes (what explains the outage first; then errors of the servers, of the
 * chain, of a name; then warnings; zones nearer the root first), and set the exit code, the
 * instant the chain breaks and the headline from @p an.
 */
void dd__diagnosis_rank(dd_diagnosis_t *dg, const dd_analysis_t *an);


/**
 * Set @p dg's answer (data, NODATA, NXDOMAIN from the per-server answer summaries of the name's
 * zone), closest enclosing zone, whether a denial is proven, the headline from them and the
 * first cause, and raise the exit code to 1 for a name that does not exist. Called by
 * dd__diagnosis_rank() after the causes are ranked.
 */
void dd__diagnosis_answer(dd_diagnosis_t *dg, const dd_analysis_t *an);
