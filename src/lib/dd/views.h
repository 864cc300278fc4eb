/* SPDX-License-Identifier: MIT
 * views.h - what resolvers answer: an in-process validating libunbound with the same anchors
 * and hints, the same with checking disabled, and any real resolvers given (--resolver). */

/**
 * @file
 * The seeds' "four views" put side by side what the authoritative servers answer, what a
 * validating resolver answers, the same with checking disabled (+cd), and the parent's DS.
 * dd_views_collect() asks the resolvers: for the queried name and for the nonexistent name,
 * libunbound (embedded, needs no external resolver) validating and not validating, and each
 * real resolver address with and without the CD bit; every question and its answer as
 * received go into the evidence. dd_views_from_evidence() turns those into the views, so a
 * replay of saved evidence shows the same views with no network.
 */
#pragma once

#include <dd/types.h>
#include <dd/evidence.h>
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
	bool recorded;            /**< false: replayed evidence from before views were recorded */
	int64_t at;               /**< when the resolvers were asked: the evidence's collection
	                               time (seconds), 0 if unknown. An analysis at another
	                               instant (diagnose --at) is not compared with them: they
	                               answered at this one (dd_views_comparable()) */
} dd_views_t;

/** Seconds within which an analysis instant and the views' are the same instant: a run asks
 *  its resolvers while it probes (seconds to minutes), and signature windows are set in hours
 *  (RFC 6781 4.4.2), so --at "now" given as the run starts still compares them. */
#define DD_VIEWS_SAME_INSTANT 600

/** Whether @p views were taken at the instant @p at an analysis judged, within
 *  DD_VIEWS_SAME_INSTANT (or at an unknown instant), so that what the resolvers answered can
 *  be set against it. */
DD_API bool dd_views_comparable(const dd_views_t *views, int64_t at);

/**
 * Ask libunbound (unless @p no_unbound) and the @p nres resolvers for @p ev's target and
 * qtype and for its nonexistent name/A, and record every question with its answer as
 * received in @p ev (dd_evidence_add_view(), views_recorded set). Nothing is interpreted
 * here: dd_views_from_evidence() makes the views, live and on replay alike.
 * @param at  validation time for libunbound's val-override-date (seconds), 0 for now.
 * @return DD_OK (failed resolvers are recorded as such; @p ev is changed only on success),
 *         DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_views_collect(const dd_probe_config_t *cfg, const char *const *resolvers,
                            size_t nres, bool no_unbound, int64_t at, dd_evidence_t *ev);

/** Views being collected beside a probe (dd_views_start()); opaque. */
typedef struct dd_views_run dd_views_run_t;

/**
 * Start the views before the probe: libunbound (unless @p no_unbound) is asked for @p target
 * and @p qtype at once, validating and with checking disabled, and resolves in threads of its
 * own while the caller probes. The real resolvers and the nonexistent name (known only once
 * the probe has found the target's zone) are asked by dd_views_finish().
 * @p cfg, @p resolvers and what they point to are borrowed until dd_views_finish() or
 * dd_views_abandon() returns.
 * @param at  validation time for libunbound's val-override-date (seconds), 0 for now.
 * @param[out] out  the run (dd_views_finish() or dd_views_abandon() frees it).
 * @return DD_OK, DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_views_start(const dd_probe_config_t *cfg, const char *const *resolvers,
                          size_t nres, bool no_unbound, int64_t at, const uint8_t *target,
                          uint16_t qtype, dd_views_run_t **out);

/**
 * Finish the views of @p run for @p ev (its target, qtype and nonexistent name): ask what is
 * left, wait for libunbound until each of its questions has had @p wait_ms since it was asked
 * (so at most @p wait_ms more; 0: until it answers, it has its own timeouts), and record every
 * question in @p ev as dd_views_collect() does. A libunbound
 * question still without a result is recorded with no_result set and the note "libunbound
 * was still resolving after N s (the views' deadline)" (or "interrupted" after the
 * cancellation token fired): never an answer.
 * Frees @p run in every case.
 * @return DD_OK (@p ev is changed only on success), DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_views_finish(dd_views_run_t *run, dd_evidence_t *ev, unsigned wait_ms);

/**
 * The probe found the target's zone (dd_probe_config_t.on_nx_name): ask libunbound for its
 * nonexistent name @p nx_name / A now, beside the rest of the probe. dd_views_finish() keeps
 * the answer when the evidence's nx_name is the same name (otherwise it asks that one and
 * records only it). A second call with another name replaces the first (whose answer is
 * then not kept, nor waited for); later calls, and calls with libunbound off, do nothing.
 */
DD_API void dd_views_nx(dd_views_run_t *run, const uint8_t *nx_name);

/** Drop @p run without recording anything (the probe failed); NULL is a no-op. */
DD_API void dd_views_abandon(dd_views_run_t *run);

/**
 * The views of the questions recorded in @p ev, with no I/O: status, AD, RCODE, EDE and the
 * answer's data from each recorded answer. Evidence without views gives no views with
 * recorded false.
 * @param[out] out  new views (dd_views_free()); written only on success.
 * @return DD_OK, DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_views_from_evidence(const dd_evidence_t *ev, dd_views_t **out);

/** Free views; NULL is a no-op. */
DD_API void dd_views_free(dd_views_t *views);
