/* SPDX-License-Identifier: MIT
 * dsset.h - where a zone's DS set comes from, as one validator would see it (internal to the
 * analysis): the trust anchor's records where trust starts, the DS given for a pre-delegation
 * test, or the parent's DS RRset validated by the parent's keys (or its absence proven). */

#ifndef DD_ANALYSIS_DSSET_H
#define DD_ANALYSIS_DSSET_H

#include <stdbool.h>

#include "analysis/actx.h"

/* The DS set a zone's parent publishes, as one validator would see it. */
typedef enum dd__ds_state {
	DD__DSS_UNKNOWN = 0,   /* no parent answered */
	DD__DSS_PRESENT,       /* DS RRset, authenticated (or parent insecure) */
	DD__DSS_ABSENT,        /* proven absent: insecure delegation */
	DD__DSS_BOGUS,         /* the DS RRset or its denial does not validate */
} dd__ds_state_t;

typedef struct dd__dsset {
	dd__ds_state_t state;
	dd_ds_t ds[DD__AN_MAXKEYS];
	uint8_t raw[DD__AN_MAXKEYS][128];
	size_t n;
	uint32_t ttl;
	const char *server;
	char reason[200];
	dd_ds_source_t source;
} dd__dsset_t;

/** Whether a trust anchor covers @p zone (it or a zone above it has one, RFC 4035 4.3). */
bool dd__an_covered(const dd__actx_t *c, const uint8_t *zone);

/** Whether trust starts at @p z: the topmost zone of the evidence, or one with its own anchor
 *  (RFC 4035 4.4). */
bool dd__an_starts(const dd__actx_t *c, const dd_zone_ev_t *z);

/**
 * The DS set of zone @p zi into @p out (overwritten): the anchor's DS where trust starts, the
 * DS given (dd_evidence_t.given_ds), else the parent's DS RRset from the first parent server
 * whose answer validates, or the proof that there is none (RFC 4035 5.2, RFC 6840 4.1).
 */
void dd__an_dsset(dd__actx_t *c, int zi, dd__dsset_t *out);

#endif
