/* SPDX-License-Identifier: MIT
 * probe_notes.c - the probe's notes (work limits reached, addresses refused or flagged) as
 * findings of an analysis, so that they are ranked and reported like any other: from the
 * evidence (live and on replay alike) or from a run's dd_probe_stats_t. */

#include <stdlib.h>
#include <string.h>

#include "core/finding_fill.h"
#include "dd/analysis.h"
#include "dd/evidence.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/probe.h"

/* What a note of either form says, as a finding needs it. */
typedef struct note {
	const char *code;
	const uint8_t *zone;
	const char *addr;
} note_t;

static int add(dd_analysis_t *an, const note_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One finding per code and zone (a second note of it adds only its address). Adding the same
 * notes again changes nothing. */
static int add(dd_analysis_t *an, const note_t *n, const char *fmt, ...)
{
	const dd_finding_info_t *info = dd_finding_info(n->code);
	if (info == NULL) {
		return DD_EINVAL;
	}
	dd_finding_t *f = NULL;
	for (size_t i = 0; i < an->nfindings; i++) {
		dd_finding_t *g = &an->findings[i];
		if (strcmp(g->code, n->code) == 0 && dd_name_equal(g->zone, n->zone) &&
		    dd_name_equal(g->owner, n->zone) && g->rrtype == 0) {
			f = g;
			break;
		}
	}
	if (f == NULL) {
		if (an->nfindings == an->cap_findings) {
			size_t cap = an->cap_findings ? an->cap_findings * 2 : 16;
			dd_finding_t *nf = realloc(an->findings, cap * sizeof(*nf));
			if (nf == NULL) {
				return DD_ENOMEM;
			}
			an->findings = nf;
			an->cap_findings = cap;
		}
		f = &an->findings[an->nfindings++];
		va_list ap;
		va_start(ap, fmt);
		dd__finding_fill(f, info, DD_SEV_WARNING, n->zone, n->zone, 0, 0, 0, 0, fmt, ap);
		va_end(ap);
	}
	if (n->addr[0] != '\0' && f->nservers < DD_FINDING_SERVERS) {
		for (size_t i = 0; i < f->nservers; i++) {
			if (strcmp(f->servers[i], n->addr) == 0) {
				return DD_OK;
			}
		}
		snprintf(f->servers[f->nservers++], sizeof(f->servers[0]), "%s", n->addr);
	}
	return DD_OK;
}

int dd_analysis_add_probe(dd_analysis_t *an, const dd_probe_stats_t *stats)
{
	if (an == NULL || stats == NULL) {
		return DD_EINVAL;
	}
	for (size_t i = 0; i < stats->nnotes; i++) {
		const dd_probe_note_t *pn = &stats->notes[i];
		note_t n = { .code = pn->code, .zone = pn->zone, .addr = pn->addr };
		int r = pn->count > 1 ? add(an, &n, "%s (%u times)", pn->detail, pn->count)
		                      : add(an, &n, "%s", pn->detail);
		if (r != DD_OK) {
			return r;
		}
	}
	return DD_OK;
}

int dd_analysis_add_notes(dd_analysis_t *an, const dd_evidence_t *ev)
{
	if (an == NULL || ev == NULL) {
		return DD_EINVAL;
	}
	for (size_t i = 0; i < ev->nnotes; i++) {
		const dd_note_ev_t *en = &ev->notes[i];
		note_t n = { .code = en->code, .zone = en->zone, .addr = en->addr };
		int r = en->count > 1 ? add(an, &n, "%s (%u times)", en->detail, en->count)
		                      : add(an, &n, "%s", en->detail);
		if (r != DD_OK) {
			return r;
		}
	}
	return DD_OK;
}
