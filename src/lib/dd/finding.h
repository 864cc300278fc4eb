/* SPDX-License-Identifier: MIT
 * finding.h - the finding vocabulary shared by diagnose, check-zone and monitor: codes, their
 * severities, DNSViz's names, one-line meanings. */

/**
 * @file
 * Every problem dnssec-doctor reports is a dd_finding_t whose code comes from one table
 * (dd_finding_info()), so that `diagnose`, `check-zone` and `monitor` say the same thing in the
 * same words: an expired signature is RRSIG_EXPIRED (DNSViz: EXPIRATION_IN_PAST) with severity
 * error wherever it is seen. docs/findings.md lists the table.
 */
#pragma once

#include <dd/types.h>

/** Severity of a finding. */
typedef enum dd_severity {
	DD_SEV_NOTICE = 0,
	DD_SEV_WARNING = 1,
	DD_SEV_ERROR = 2,
} dd_severity_t;

/** "notice", "warning", "error". */
DD_API const char *dd_severity_name(dd_severity_t sev);

/** One entry of the vocabulary. */
typedef struct dd_finding_info {
	const char *code;        /**< e.g. "RRSIG_EXPIRED" */
	dd_severity_t severity;  /**< default severity; diagnose raises a few with context (e.g.
	                              SERVER_UNREACHABLE is an error when no server answers) */
	const char *dnsviz;      /**< DNSViz's code for the same problem, or NULL */
	const char *meaning;     /**< one line for a person */
} dd_finding_info_t;

/**
 * The vocabulary entry for @p code, or NULL for a code not in the table.
 * The returned pointer and its strings are static.
 */
DD_API const dd_finding_info_t *dd_finding_info(const char *code);

/**
 * The whole vocabulary: entry @p i (0-based), or NULL past the end. For documentation and
 * tests that check every code is documented.
 */
DD_API const dd_finding_info_t *dd_finding_info_at(size_t i);

#define DD_FINDING_SERVERS 16

/** One observed problem. */
typedef struct dd_finding {
	const char *code;             /**< vocabulary code, e.g. "RRSIG_EXPIRED"; static */
	const char *dnsviz;           /**< DNSViz's error code, or NULL; static */
	dd_severity_t severity;
	uint8_t zone[DD_NAME_MAXLEN]; /**< zone it concerns */
	uint8_t owner[DD_NAME_MAXLEN];/**< RRset owner (the zone apex if none) */
	uint16_t rrtype;              /**< RRset type, 0 if none */
	char servers[DD_FINDING_SERVERS][64]; /**< server addresses that showed it (none for a
	                                           zone file) */
	size_t nservers;
	uint16_t key_tag;             /**< DNSKEY/DS/RRSIG key tag involved, or 0 */
	uint8_t algorithm;            /**< algorithm involved, or 0 */
	int64_t when;                 /**< a time involved (expiration, inception), seconds; 0 */
	char detail[512];             /**< the records and values, for a person */
} dd_finding_t;
