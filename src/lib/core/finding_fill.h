/* SPDX-License-Identifier: MIT
 * finding_fill.h - internal: fill a dd_finding_t from the vocabulary, for every stage that
 * reports findings (analysis, check-zone). Not installed. */
#pragma once

#include <stdarg.h>

#include "dd/finding.h"

/**
 * Reset @p f and fill it: the code (dd_code_t and its name), DNSViz name and severity from
 * @p info (dd_finding_info() of the caller's code name, so that callers that name codes by
 * string get the enum too; the severity raised to @p sev when that is higher, never lowered),
 * zone and owner lowercased, RR type, key tag, algorithm, time, and the detail formatted from
 * @p fmt and @p ap.
 */
void dd__finding_fill(dd_finding_t *f, const dd_finding_info_t *info, dd_severity_t sev,
                      const uint8_t *zone, const uint8_t *owner, uint16_t rrtype, uint16_t tag,
                      uint8_t alg, int64_t when, const char *fmt, va_list ap)
	__attribute__((format(printf, 10, 0)));

/**
 * Whether a finding of code @p id holds at one instant only: the signature validity windows
 * (RFC 4035 5.3.1) that a what-if at another time (diagnose --at) moves. Every other finding
 * needs no clock and holds at any time for the same evidence.
 */
bool dd__finding_clocked(dd_code_t id);

/**
 * What a finding of code @p id is about, for a report that places it on a record of the chain:
 * the delegation's DS RRset (DS, CDS/CDNSKEY and the DS steps of a rollover; RFC 4034 5,
 * RFC 8078), or the NSEC/NSEC3 records of a denial of existence (RFC 4035 5.4, RFC 5155 8).
 * Every other code is about the records its finding names (owner, type, key tag).
 */
bool dd__finding_about_ds(dd_code_t id);
bool dd__finding_about_denial(dd_code_t id);
