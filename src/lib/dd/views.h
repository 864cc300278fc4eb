/* SPDX-License-Identifier: MIT
 * views.h - what resolvers answer: an in-process validating libunbound with the same anchors
 * and hints, the same with checking disabled, and any real resolvers given (--resolver). */

/**
 * @file
 * The seeds' "four views" put side by side what the authoritative servers answer, what a
 * validating resolver answers, the same with checking disabled (+cd), and the parent's DS.
 * dd_views_collect() produces the resolver views: for the queried name and for the
 * nonexistent name, from libunbound (embedded, needs no external resolver) validating and
 * not validating, and from each real resolver address with and without the CD bit.
 */
#pragma once

#include <dd/types.h>
#include <dd/probe.h>

/** One resolver's answer for one name. */
typedef struct dd_view {
	char source[96];          /**< "libunbound", "127.0.5.1" */
	bool cd;                  /**< asked with checking disabled */
	uint8_t name[DD_NAME_MAXLEN];
	uint16_t qtype;
	bool answered;            /**< a response came back */
	int rcode;
	bool ad;                  /**< validated (AD bit, or libunbound's secure) */
	dd_status_t status;       /**< secure (AD), insecure (answer without AD), bogus
	                               (SERVFAIL or libunbound's bogus), indeterminate (none) */
	int ede;                  /**< RFC 8914 info-code in the answer, -1 if none */
	char data[256];           /**< the answer's data, short */
	char why[256];            /**< libunbound's why_bogus, or the EDE text */
} dd_view_t;

/** All views of one run. */
typedef struct dd_views {
	dd_view_t *v;
	size_t n;
} dd_views_t;

/**
 * Ask libunbound (unless @p no_unbound) and the @p nres resolvers for @p target/@p qtype and
 * for @p nx_name/A.
 * @param at  validation time for libunbound's val-override-date (seconds), 0 for now.
 * @param[out] out  new views (dd_views_free()); written only on success.
 * @return DD_OK (failed resolvers are views that did not answer), DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_views_collect(const dd_probe_config_t *cfg, const char *const *resolvers,
                            size_t nres, bool no_unbound, const uint8_t *target, uint16_t qtype,
                            const uint8_t *nx_name, int64_t at, dd_views_t **out);

/** Free views; NULL is a no-op. */
DD_API void dd_views_free(dd_views_t *views);
