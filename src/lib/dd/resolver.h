/* SPDX-License-Identifier: MIT
 * resolver.h - is a recursive resolver validating, and which DNSSEC algorithms and DS digest
 * types does it support: probe names, the answers to them, and the verdict. */

/**
 * @file
 * "dnssec-doctor resolver ADDR" asks a resolver for names whose DNSSEC state is known: names
 * that validate (a validator sets AD, RFC 4035 3.2.3), names that are deliberately bogus (a
 * validator returns SERVFAIL, RFC 4035 5.5, and the data when asked with CD, RFC 4035 3.2.2),
 * and zones signed with one algorithm or delegated with one DS digest type only (a validator
 * that does not implement it treats the zone as insecure, RFC 4035 5.2, RFC 6840 5.2).
 *
 * The flow is the project's: dd_probe_names_parse() reads the names, dd_resolver_query() asks
 * the resolver (network; the answers are plain data in dd_resolver_check_t), and the caller
 * then calls dd_resolver_assess(), which turns answers into statuses, the algorithm and digest
 * matrix, findings and the verdict without any I/O, so it is testable alone (the probe does
 * not call the analysis):
 *
 *     dd_resolver_check_t *chk = NULL;
 *     if (dd_resolver_query(&cfg, "192.0.2.53", probes, n, &chk) == DD_OK &&
 *         dd_resolver_assess(chk) == DD_OK) {
 *             ... chk->verdict, chk->findings ...
 *     }
 *     dd_resolver_check_free(chk);
 */
#pragma once

#include <dd/types.h>
#include <dd/finding.h>
#include <dd/analysis.h>

/** What a probe name is known to be. */
typedef enum dd_probe_kind {
	DD_PROBE_SECURE = 0,   /**< signed, validates: AD expected */
	DD_PROBE_BOGUS,        /**< deliberately broken: SERVFAIL expected, data with CD */
	DD_PROBE_ALGORITHM,    /**< zone signed with DNSSEC algorithm @c number only */
	DD_PROBE_DIGEST,       /**< zone whose parent DS has digest type @c number only */
} dd_probe_kind_t;

/** One probe name. */
typedef struct dd_probe_name {
	dd_probe_kind_t kind;
	uint8_t number;                 /**< algorithm or digest type, 0 for secure/bogus */
	uint16_t qtype;                 /**< type asked, A unless the file says otherwise */
	uint8_t name[DD_NAME_MAXLEN];
} dd_probe_name_t;

/** The algorithms and digest types of the support matrix (the ones validators meet today). */
#define DD_MATRIX_ALGORITHMS { 5, 7, 8, 10, 13, 14, 15, 16 }
#define DD_MATRIX_NALGORITHMS 8
#define DD_MATRIX_DIGESTS { 1, 2, 4 }
#define DD_MATRIX_NDIGESTS 3

/**
 * The built-in probe names, in the probe-names file format: public test domains kept for this
 * purpose (docs/resolver.md names each and its source). Static; never NULL.
 */
DD_API const char *dd_probe_names_builtin(void);

/**
 * Parse a probe-names file: one probe per line, "#" starts a comment:
 *
 *     secure     NAME [TYPE]
 *     bogus      NAME [TYPE]
 *     algorithm  NUMBER|MNEMONIC NAME [TYPE]
 *     digest     NUMBER|NAME     NAME [TYPE]
 *
 * @param[out] out  new array (free()); written only on success. @p n gets its length.
 * @param err  on DD_EPARSE, "line N: what is wrong" (@p errlen octets).
 * @return DD_OK, DD_EPARSE (also when no probe is given), DD_ENOMEM, DD_EINVAL.
 */
DD_API int dd_probe_names_parse(const char *text, dd_probe_name_t **out, size_t *n, char *err,
                                size_t errlen);

/** One answer of the resolver. */
typedef struct dd_resolver_answer {
	bool asked;
	bool answered;            /**< a response came back */
	char error[48];           /**< why not ("timeout", "malformed"), "" if answered */
	int rcode;                /**< -1 if not answered */
	bool ad;                  /**< AD bit */
	bool edns;                /**< an OPT record came back */
	bool do_bit;              /**< its DO bit (RFC 3225: echoed by a DNSSEC-aware server) */
	int ede;                  /**< RFC 8914 info-code, -1 if none */
	size_t records;           /**< answer records of the type asked (or CNAME) */
	size_t rrsigs;            /**< RRSIGs in the answer section */
	uint8_t sig_algorithm;    /**< Algorithm of the first RRSIG in the answer, 0 if none */
	uint8_t signer[DD_NAME_MAXLEN]; /**< its Signer's Name (the zone), root if none */
	int64_t sig_inception;    /**< latest Signature Inception of the answer's RRSIGs, read
	                               near the query time (RFC 1982), seconds; 0 if none */
	int64_t sig_expiration;   /**< earliest Signature Expiration likewise; 0 if none */
	uint8_t digests[8];       /**< DS digest types seen (the DS query), in order */
	size_t ndigests;
	char data[128];           /**< short text of the data ("192.0.2.1") */
} dd_resolver_answer_t;

/** One probe: what was asked, what came back, what it means. */
typedef struct dd_resolver_probe {
	dd_probe_name_t probe;
	dd_resolver_answer_t plain;   /**< RD, DO */
	dd_resolver_answer_t cd;      /**< RD, DO, CD */
	dd_resolver_answer_t ds;      /**< DS of the zone that signed the answer, with CD; for
	                                   algorithm and digest probes */
	dd_status_t status;           /**< the resolver's verdict: secure (AD), insecure (data
	                                   without AD), bogus (SERVFAIL), indeterminate (none) */
	bool expected;                /**< the answer is what a validating resolver gives */
	bool usable;                  /**< the probe tested what it claims (right algorithm or
	                                   digest, data served) */
	char note[256];               /**< for a person */
} dd_resolver_probe_t;

/** The resolver's support of one algorithm or digest type. */
typedef struct dd_support {
	uint8_t number;
	dd_status_t status;           /**< secure: validated; insecure: treated as unsigned;
	                                   bogus: fails; indeterminate: not probed or no answer */
	bool probed;
	char via[1024];               /**< the probe name that showed it, "" if none */
} dd_support_t;

/** The resolver's overall verdict. */
typedef enum dd_resolver_verdict {
	DD_RESOLVER_VALIDATING = 0,
	DD_RESOLVER_NOT_VALIDATING,
	DD_RESOLVER_BROKEN,
	DD_RESOLVER_UNREACHABLE,      /**< nothing answered */
} dd_resolver_verdict_t;

/** "validating", "not validating", "broken", "unreachable". */
DD_API const char *dd_resolver_verdict_name(dd_resolver_verdict_t v);

/** One resolver check. */
typedef struct dd_resolver_check {
	char address[64];
	uint16_t port;
	dd_resolver_probe_t *probes;
	size_t nprobes;
	int64_t at;                   /**< when asked (this machine's clock), seconds */
	/* filled by dd_resolver_assess() */
	dd_resolver_verdict_t verdict;
	char reason[512];
	dd_support_t algorithms[DD_MATRIX_NALGORITHMS];
	dd_support_t digests[DD_MATRIX_NDIGESTS];
	dd_finding_t *findings;
	size_t nfindings;
	int exit_code;                /**< 0 validating and complete, 1 warnings, 2 not validating
	                                   or broken, 3 no answer */
	int64_t duration_ms;
} dd_resolver_check_t;

/** Options of dd_resolver_query(). */
typedef struct dd_resolver_config {
	unsigned timeout_ms;          /**< per attempt; 0: 1500 */
	uint16_t port;                /**< 0: 53 */
} dd_resolver_config_t;

/**
 * Ask the resolver at @p address (IPv4 or IPv6 text) for every probe, with and without CD,
 * and for the DS of each answer's signer zone (algorithm and digest probes), all at once over
 * libuv. Only the answers are filled in: call dd_resolver_assess() on the result to judge them
 * (until then the verdict is DD_RESOLVER_UNREACHABLE, the reason "not assessed" and the exit
 * code 3).
 * @param[out] out  new check (dd_resolver_check_free()); written only on success.
 * @return DD_OK (unanswered queries are answers with @c answered false), DD_EINVAL (bad
 *         address or arguments), DD_ENOMEM.
 */
DD_API int dd_resolver_query(const dd_resolver_config_t *cfg, const char *address,
                             const dd_probe_name_t *probes, size_t n, dd_resolver_check_t **out);

/**
 * Judge the answers of @p chk (no I/O): each probe's status and whether it is what a
 * validating resolver gives, the algorithm and digest matrix, the findings
 * (RESOLVER_NOT_VALIDATING, RESOLVER_STRIPS_DNSSEC, RESOLVER_VALIDATION_FAILURE, CLOCK_SKEW,
 * RESOLVER_ALGORITHM_UNSUPPORTED), the verdict and the exit code. Runs again from scratch when
 * called twice.
 * @return DD_OK, DD_EINVAL, DD_ENOMEM.
 * @rfc RFC 4035 3.2, 5.2, 5.5; RFC 6840 5.2, 5.8; RFC 8624 3.1, 3.3; RFC 8914
 */
DD_API int dd_resolver_assess(dd_resolver_check_t *chk);

/** Free a check; NULL is a no-op. */
DD_API void dd_resolver_check_free(dd_resolver_check_t *chk);
