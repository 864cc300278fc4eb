/* SPDX-License-Identifier: MIT
 * preflight.h - will a change to a signed zone or its DS set break resolvers holding cached
 * data, and from when is it safe (RFC 7583 timing, RFC 6781 procedures). */

/**
 * @file
 * A transition goes from the current state (the DS set at the parent with its TTL; the zone's
 * DNSKEY RRset, data RRsets and RRSIGs with their TTLs) to a proposed state. While the old
 * records' TTLs run, a validating resolver may hold any mix of them: the old or new DS set (the
 * parent's DS TTL), the old or new DNSKEY RRset (its TTL), old or new data with its signatures
 * (the zone's largest TTL; NSEC/NSEC3 records carry the negative TTL). dd_preflight_check()
 * judges every such combination with the validation core diagnose and check-zone use
 * (validate/: the DS → DNSKEY link and each RRset's signatures) and gives the verdict: safe,
 * safe after T (when a preparatory step made now makes the change safe at T), or unsafe.
 *
 * Usage: load each zone file with dd_preflight_side_load(), describe each DS set with
 * dd_preflight_ds_t, call dd_preflight_check(), read the dd_preflight_t, free it.
 * The model (sides, DS sets, combinations) is meant to be reused by monitor and diagnose for
 * rollover tracking; nothing here does I/O beyond reading the zone file.
 */
#pragma once

#include <dd/analysis.h>
#include <dd/timing.h>
#include <dd/types.h>
#include <dd/zonefile.h>

/** One state of the zone: its records grouped into RRsets. Opaque; dd_preflight_side_free(). */
typedef struct dd_preflight_side dd_preflight_side_t;

/** Records a side holds at most (the transition check keeps the zone in memory). */
#define DD_PREFLIGHT_MAX_RECORDS ((size_t)2000000)

/**
 * Read a zone file (signed or not) into a side.
 * @param path    zone file; "-" standard input.
 * @param origin  apex as text, or NULL: the owner of the first SOA.
 * @param[out] out  new side; written only on DD_OK.
 * @param[out] err  where parsing stopped (DD_EPARSE, DD_EIO, DD_ELIMIT); may be NULL.
 * @return DD_OK, DD_EPARSE, DD_EIO, DD_ELIMIT (more than DD_PREFLIGHT_MAX_RECORDS),
 *         DD_EINVAL (no SOA, bad origin), DD_ENOMEM.
 */
DD_API int dd_preflight_side_load(const char *path, const char *origin,
                                  dd_preflight_side_t **out, dd_zonefile_error_t *err);

/** Free a side; NULL is a no-op. */
DD_API void dd_preflight_side_free(dd_preflight_side_t *s);

/** The side's apex (wire format); borrowed, valid until the side is freed. */
DD_API const uint8_t *dd_preflight_side_apex(const dd_preflight_side_t *s);

/**
 * The DS set a side's zone needs at its parent: one SHA-256 DS per live KSK of its DNSKEY RRset
 * (SEP flag, not revoked, algorithm supported), as check-zone and diagnose compute it
 * (validate/ds.c). For a current state read from a file when the parent's DS set is not given.
 * @param s  borrowed. @param[out] out  up to @p cap lines.
 * @return how many were written (0: the side is unsigned or has no live KSK).
 * @rfc RFC 4034 5.1.4; RFC 4509
 */
DD_API size_t dd_preflight_side_ds_lines(const dd_preflight_side_t *s, dd_ds_line_t *out,
                                         size_t cap);

struct dd_evidence;

/**
 * A side from the evidence diagnose collects (dd_probe_run(), or --replay): the records one
 * server of @p zone answered (the first with a DNSKEY RRset, else an SOA) with their RRSIGs,
 * and the parent's DS set as the first parent server with a DS answer gave it
 * (dd_preflight_side_ds()). Only the names the probe asked are in it.
 * @param ev  borrowed for the call. @param zone  wire name.
 * @param[out] out  written only on DD_OK.
 * @return DD_OK, DD_ENOENT (the zone is not in the evidence, or no server answered it),
 *         DD_ENOMEM.
 */
DD_API int dd_preflight_side_from_evidence(const struct dd_evidence *ev, const uint8_t *zone,
                                           dd_preflight_side_t **out);

struct dd_preflight_ds;
/** The parent's DS set of a side made from evidence (n 0 when none); borrowed views, valid
 *  until the side is freed. */
DD_API void dd_preflight_side_ds(const dd_preflight_side_t *s, struct dd_preflight_ds *out);

/** A DS set at the parent: records (DS RDATA) and the TTL resolvers cache it for. */
typedef struct dd_preflight_ds {
	const dd_rr_t *ds;       /**< borrowed; n may be 0 (no DS: the zone is insecure) */
	size_t n;
	uint32_t ttl;            /**< seconds; 0 takes the first record's TTL */
} dd_preflight_ds_t;

/** Verdict of a transition. */
typedef enum dd_preflight_verdict {
	DD_PREFLIGHT_SAFE = 0,       /**< every combination validates: make the change now */
	DD_PREFLIGHT_SAFE_AFTER,     /**< safe at safe_at, if the procedure's earlier steps are
	                                  made from now on */
	DD_PREFLIGHT_UNSAFE,         /**< no waiting makes the change as given safe */
} dd_preflight_verdict_t;

/** "safe", "safe after", "unsafe"; never NULL. */
DD_API const char *dd_preflight_verdict_name(dd_preflight_verdict_t v);

/** The procedure a transition is, by what it changes. */
typedef enum dd_preflight_kind {
	DD_PREFLIGHT_NO_CHANGE = 0,
	DD_PREFLIGHT_ZSK_ROLL,       /**< RFC 6781 4.1.1: pre-publish / double signature */
	DD_PREFLIGHT_KSK_ROLL,       /**< RFC 6781 4.1.2: double-DS / double-KSK */
	DD_PREFLIGHT_ALGORITHM_ROLL, /**< RFC 6781 4.1.4 */
	DD_PREFLIGHT_GO_INSECURE,    /**< DS removed, then signing stopped */
	DD_PREFLIGHT_GO_SECURE,      /**< signed zone first, then the DS */
	DD_PREFLIGHT_PROVIDER_MOVE,  /**< no key in common: RFC 8901 or the unsigned intermediate */
	DD_PREFLIGHT_DS_CHANGE,      /**< the DS set alone */
	DD_PREFLIGHT_RESIGN,         /**< same keys, new signatures or data */
} dd_preflight_kind_t;

/** "ZSK roll", "KSK roll", ...; never NULL. */
DD_API const char *dd_preflight_kind_name(dd_preflight_kind_t k);

/** One combination a resolver may hold, and the validator's verdict on it. */
typedef struct dd_preflight_combo {
	bool new_ds, new_dnskey, new_data;  /**< which side each cached RRset comes from */
	bool ok;
	const char *code;        /**< the validator's finding code when not ok; static */
	char detail[320];        /**< what failed: the record and the verdict */
} dd_preflight_combo_t;

/** One step of the procedure. */
typedef struct dd_preflight_step {
	int64_t at;              /**< earliest time, seconds since the epoch */
	char text[400];
} dd_preflight_step_t;

/** The result of a check (a value; nothing to free). */
typedef struct dd_preflight {
	dd_preflight_verdict_t verdict;
	/** the verdict's finding code: TRANSITION_NOT_YET_SAFE (SAFE_AFTER), TRANSITION_UNSAFE
	 *  (UNSAFE), NULL (SAFE); its severity, meaning and fix step are the finding table's
	 *  (dd_finding_info()); static */
	const char *code;
	dd_preflight_kind_t kind;
	int64_t at;              /**< when the change would be made */
	int64_t safe_at;         /**< SAFE: at; SAFE_AFTER: the earliest safe time; UNSAFE: 0 */
	uint32_t ttl_ds, ttl_dnskey, ttl_data, ttl_negative; /**< the current side's, seconds */
	uint32_t dprp, dreg;     /**< timing used */
	dd_preflight_combo_t combos[8];
	size_t ncombos;          /**< combinations that can exist (those whose parts differ) */
	size_t nfailed;
	char reason[400];        /**< with UNSAFE: why no waiting helps */
	dd_preflight_step_t steps[6];
	size_t nsteps;
} dd_preflight_t;

/**
 * Judge the transition from (@p cur_ds, @p cur) to (@p new_ds, @p next) made at @p at.
 * @param cur_ds, new_ds  the DS sets; @p new_ds NULL: unchanged.
 * @param cur, next  the zone's states; @p next NULL: unchanged. Borrowed.
 * @param[out] out  written only on DD_OK.
 * @return DD_OK, DD_EINVAL (the sides have different apexes), DD_ENOMEM.
 * @rfc RFC 4035 5; RFC 6781 4.1; RFC 7583 3
 */
DD_API int dd_preflight_check(const dd_preflight_ds_t *cur_ds, const dd_preflight_side_t *cur,
                              const dd_preflight_ds_t *new_ds, const dd_preflight_side_t *next,
                              int64_t at, const dd_preflight_timing_t *timing,
                              dd_preflight_t *out);
