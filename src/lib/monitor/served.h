/* SPDX-License-Identifier: MIT
 * served.h - internal: what each server of a watched zone serves (served.c), for monitor.c.
 * Not installed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dd/analysis.h"
#include "dd/evidence.h"
#include "dd/monitor.h"

/** Records of one type kept per zone at most (the rest are not listed). */
#define MAX_RECORDS 64

/** Whether @p text is among the @p n records of @p r. */
bool dd__mon_rec_has(const dd_mon_record_t *r, size_t n, const char *text);

/**
 * Append the records @p seen holds (DNSKEY/CDNSKEY as keys, else DS/CDS) to @p arr as text,
 * each text once; @p sig gets the server's whole set joined, for comparing servers.
 * @return DD_OK or DD_ENOMEM.
 */
int dd__mon_collect(dd_mon_record_t **arr, size_t *n, const dd_rrset_seen_t *seen, uint16_t type,
                    char *sig, size_t siglen);

/**
 * The watched RRsets of server @p s (the apex types, @p zone's extra items, the nonexistent
 * name's denial) with their signature expiry near @p at (seconds), into @p s; and into @p r
 * the keys that sign them (r->signers: "dnskey TAG ALG" for the DNSKEY RRset, "data TAG ALG"
 * for the others), the DNSKEY RRset's TTL and the largest TTL of the others.
 * @return DD_OK or DD_ENOMEM.
 */
int dd__mon_server_rrsets(dd_mon_server_t *s, const dd_mon_zone_t *zone, const dd_evidence_t *ev,
                          int64_t at, dd_mon_result_t *r);
