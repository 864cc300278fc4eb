/* SPDX-License-Identifier: MIT
 * rollover.h - the monitor's rollover tracking (internal): a zone's DNSKEY, DS and signer
 * history as the state database keeps it, the phase of a roll under way with its next step
 * (RFC 6781 4.1, RFC 7583 3), and the steps taken too early. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "dd/monitor.h"

/** One record of a zone's history (a row of the state's `records` table). */
typedef struct dd__mon_hist {
	char kind[8];              /**< "DNSKEY", "DS", "CDS", "SIGNER" */
	char text[1024];           /**< the record as the monitor writes it (dd_mon_record_t) */
	uint16_t key_tag;
	int64_t first_seen, last_seen;
	int64_t removed;           /**< the check that no longer saw it; 0: present */
} dd__mon_hist_t;

/** The TTLs a zone served at one check, seconds (0: unknown). */
typedef struct dd__mon_ttls {
	uint32_t ds, dnskey, data, neg;
} dd__mon_ttls_t;

/** What the classifier reads. */
typedef struct dd__mon_roll_in {
	const dd__mon_hist_t *h;   /**< present records, and those removed within the windows */
	size_t n;
	int64_t now;               /**< this check, seconds */
	bool known;                /**< the zone was checked before (changes can be dated) */
	dd__mon_ttls_t cur;        /**< this check's TTLs */
	dd__mon_ttls_t prev;       /**< the previous check's (what cached records were given);
	                                a zero field takes cur's */
	uint32_t dprp;             /**< RFC 7583 Dprp, seconds (also taken as the parent's DprpP:
	                                the monitor sees a DS change at the parent itself) */
} dd__mon_roll_in_t;

/** A step taken before RFC 7583 allows it: ROLLOVER_STEP_PREMATURE's detail. */
typedef struct dd__mon_premature {
	uint16_t key_tag;          /**< the key the step concerns */
	int64_t safe_at;           /**< when no resolver can hold the combination any more, s */
	char detail[1000];
} dd__mon_premature_t;

/** How many premature steps one check reports at most (one per kind of combination). */
#define DD__MON_PREMATURE_MAX 4

/**
 * Name the phase of the roll under way (@p out) and find the steps made at @p in->now that
 * let a resolver hold a combination that cannot validate (@p pre, up to
 * DD__MON_PREMATURE_MAX, @p npre of them): a DS set still cached with the DNSKEY RRset now
 * served, the DS set now served with a DNSKEY RRset still cached, the data signatures now
 * served with a cached DNSKEY RRset, the DNSKEY RRset now served with cached signatures.
 * Times come from dd_preflight_ipub(), dd_preflight_iret() and dd_preflight_ds_wait()
 * (validate/timing.c). No I/O.
 */
void dd__mon_rollover(const dd__mon_roll_in_t *in, dd_mon_rollover_t *out,
                      dd__mon_premature_t *pre, size_t *npre);

/** The largest window the classifier looks back over, seconds: records removed before
 *  now minus this are not needed. */
int64_t dd__mon_rollover_window(const dd__mon_roll_in_t *in);
