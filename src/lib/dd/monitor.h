/* SPDX-License-Identifier: MIT
 * monitor.h - watch many zones: the diagnose chain checks per zone, the time left on the
 * signatures of the apex RRsets per server, serial agreement, DS/DNSKEY and CDS state, and a
 * state (OK, WARNING, CRITICAL, UNKNOWN) against thresholds; the zone list and its shards. */

/**
 * @file
 * dd_mon_run() checks a list of zones concurrently: each zone is probed (dd_probe_run() with
 * the target at the apex, minimised, so that the answers of the root and the TLDs are shared by
 * every zone through one dd_probe_cache_t, and under one dd_probe_budget_t), analysed
 * (dd_analyze()) and diagnosed (dd_diagnose()) exactly as `diagnose` does, then condensed by
 * dd_mon_assess() into a dd_mon_result_t. Results are handed to the caller on the calling
 * thread as they complete; the caller stores and prints them (<dd/monstate.h>, report.h).
 *
 * States follow the Monitoring Plugins guidelines: OK, WARNING, CRITICAL, UNKNOWN (could not
 * be checked: the walk did not reach the zone).
 */
#pragma once

#include <dd/types.h>
#include <dd/analysis.h>
#include <dd/diagnosis.h>
#include <dd/evidence.h>
#include <dd/probe.h>

/** Monitoring Plugins states, with their exit codes. */
typedef enum dd_mon_state {
	DD_MON_OK = 0,
	DD_MON_WARNING = 1,
	DD_MON_CRITICAL = 2,
	DD_MON_UNKNOWN = 3,
} dd_mon_state_t;

/** "OK", "WARNING", "CRITICAL", "UNKNOWN". */
DD_API const char *dd_mon_state_name(dd_mon_state_t st);

/** The worse of two states (CRITICAL > WARNING > UNKNOWN > OK, as check_multi ranks them). */
DD_API dd_mon_state_t dd_mon_state_worst(dd_mon_state_t a, dd_mon_state_t b);

/** One zone to watch, and more names and types whose signatures to watch in it. */
typedef struct dd_mon_zone {
	uint8_t name[DD_NAME_MAXLEN];
	dd_probe_query_t *extra;   /**< owned by the list */
	size_t nextra;
} dd_mon_zone_t;

/** How many lines of dropped duplicates a list remembers (dd_mon_list_t.dup_lines). */
#define DD_MON_DUP_LINES 8

/** A list of zones (dd_mon_list_free()). Start from `{ 0 }`. */
typedef struct dd_mon_list {
	dd_mon_zone_t *zones;
	size_t n, cap;
	/** Duplicates dropped while adding: a line naming a zone already listed without any new
	 *  item, or a NAME/TYPE item its zone already has (each counts once). */
	size_t ndup;
	/** The line of each of the first DD_MON_DUP_LINES of them, in order (a line with two
	 *  duplicates is there twice; 0: dd_mon_list_add()). */
	unsigned dup_lines[DD_MON_DUP_LINES];
	struct dd__mon_index *index;  /**< internal: zones and items by hash (owned) */
} dd_mon_list_t;

/**
 * Add the zones of a zone list: one zone per line, optionally followed by NAME/TYPE items
 * whose signatures are watched too (`example.com. www.example.com./A example.com./MX`; a NAME
 * without a final dot is taken relative to the zone); '#' starts a comment. A zone listed twice
 * is kept once (its extra items merged); an item listed twice for a zone is kept once, and the
 * duplicates dropped are counted in @p list->ndup with their lines. Linear in the input (zones
 * and items are found by hash). A line longer than 4094 octets or holding a NUL octet is an
 * error naming its line.
 * @param source  the file's name, for messages.
 * @param[out] err  "FILE:LINE: what is wrong" when DD_EPARSE is returned (@p errlen octets).
 * @return DD_OK, DD_EPARSE, DD_ENOMEM.
 */
DD_API int dd_mon_list_read(dd_mon_list_t *list, FILE *in, const char *source, char *err,
                            size_t errlen);

/**
 * Add one zone given as text (a line of the zone-list format).
 * @return DD_OK, DD_EPARSE (@p err says why), DD_ENOMEM.
 */
DD_API int dd_mon_list_add(dd_mon_list_t *list, const char *line, char *err, size_t errlen);

/** Free what a list owns (not the list itself); NULL is a no-op. */
DD_API void dd_mon_list_free(dd_mon_list_t *list);

/**
 * Whether @p zone falls in shard @p index of @p count: the first 8 octets of the SHA-256 of
 * its lower-case wire form, big-endian, modulo @p count. Stable across machines and runs, so
 * N workers given the same list and shards 0..N-1 cover each zone exactly once.
 */
DD_API bool dd_mon_in_shard(const uint8_t *zone, unsigned index, unsigned count);

/** The latest signature of one RRset from one server. */
typedef struct dd_mon_rrset {
	uint8_t owner[DD_NAME_MAXLEN];
	uint16_t type;
	int64_t expires;       /**< latest expiration of its RRSIGs, seconds; 0 unsigned */
} dd_mon_rrset_t;

/** One server address of the zone. */
typedef struct dd_mon_server {
	char addr[64];
	uint8_t ns_name[DD_NAME_MAXLEN];
	bool answered;         /**< gave an authoritative answer */
	uint32_t serial;       /**< SOA serial, 0 if none */
	int64_t earliest;      /**< earliest expiry over its watched RRsets, seconds; 0 none */
	dd_mon_rrset_t *rrsets;
	size_t nrrsets;
} dd_mon_server_t;

/** A DNSKEY, DS or CDS/CDNSKEY record seen, as presentation text ("257 3 13 base64..."). */
typedef struct dd_mon_record {
	char text[1024];
	uint16_t key_tag;
} dd_mon_record_t;

/** A root cause condensed: code, severity, zone, one line. */
typedef struct dd_mon_cause {
	dd_code_t id;          /**< vocabulary code (<dd/finding.h>) */
	const char *code;      /**< its name; static */
	dd_severity_t severity;
	char zone[DD_NAME_MAXLEN * 4];
	char title[256];
} dd_mon_cause_t;

/** How many findings of one code and severity. */
typedef struct dd_mon_count {
	dd_code_t id;          /**< vocabulary code (<dd/finding.h>) */
	const char *code;      /**< its name; static */
	dd_severity_t severity;
	unsigned count;
} dd_mon_count_t;

/** The phase of a key rollover under way, as the monitor names it from the zone's history
 *  (RFC 6781 4.1; RFC 7583 3). */
typedef enum dd_mon_phase {
	DD_MON_ROLL_NONE = 0,              /**< no roll under way */
	DD_MON_ROLL_ZSK_PREPUBLISH,        /**< a new ZSK published, not signing yet */
	DD_MON_ROLL_ZSK_NEW_SIGNING,       /**< the new ZSK signs; the old one, retired, published */
	DD_MON_ROLL_ZSK_DOUBLE_SIGNATURE,  /**< two ZSKs of one algorithm both signing */
	DD_MON_ROLL_KSK_DOUBLE_DS,         /**< a new DS at the parent; the old KSK still signing */
	DD_MON_ROLL_KSK_DOUBLE_DS_REPLACED,/**< the KSK replaced in the zone; the old DS still there */
	DD_MON_ROLL_KSK_DOUBLE_KSK,        /**< two KSKs published; the DS still the old key's */
	DD_MON_ROLL_KSK_DOUBLE_KSK_DS_REPLACED, /**< two KSKs; the DS now the new key's alone */
	DD_MON_ROLL_KSK_BOTH,              /**< two KSKs and a DS for each */
	DD_MON_ROLL_ALGORITHM,             /**< keys of two algorithms (RFC 6781 4.1.4) */
	DD_MON_ROLL_ZSK_STANDBY,           /**< two ZSKs first seen together, one signing: the
	                                        other pre-published or retired */
	DD_MON_ROLL_KSK_STANDBY,           /**< two KSKs first seen together, one with a DS */
} dd_mon_phase_t;

/** "none", "zsk-prepublish", "zsk-new-signing", "zsk-double-signature", "ksk-double-ds",
 *  "ksk-double-ds-replaced", "ksk-double-ksk", "ksk-double-ksk-ds-replaced", "ksk-both",
 *  "algorithm-roll", "zsk-standby", "ksk-standby"; never NULL. */
DD_API const char *dd_mon_phase_name(dd_mon_phase_t p);

/** A rollover under way (a value in the result). */
typedef struct dd_mon_rollover {
	bool judged;               /**< the history was read (false: no state database, or the
	                                zone's servers did not answer: nothing is known) */
	dd_mon_phase_t phase;
	uint16_t old_tag, new_tag; /**< the outgoing and incoming key (0: none) */
	int64_t since;             /**< when the monitor first saw the phase's change, seconds */
	int64_t next_at;           /**< earliest time of the next step, seconds; 0: none known */
	char text[400];            /**< the phase in words */
	char next[400];            /**< the next step in words ("" with none) */
} dd_mon_rollover_t;

/** What the monitor found for one zone. Everything reachable is owned (dd_mon_result_free()). */
typedef struct dd_mon_result {
	uint8_t zone[DD_NAME_MAXLEN];
	int64_t at;                /**< check time, seconds */
	dd_mon_state_t state;
	char summary[512];         /**< one line: why this state */
	dd_status_t status;        /**< RFC 4035 status of the zone (its DNSKEY RRset) */
	bool reached;              /**< the walk reached the zone's own servers */
	int64_t earliest;          /**< earliest expiry over every server, seconds; 0 none */
	dd_mon_server_t *servers;
	size_t nservers;
	bool serials_agree;
	uint32_t serial_min, serial_max;
	const char *ds_state;      /**< "match", "partial" (a stale DS beside a valid one),
	                                "mismatch" (no DS matches a key), "none" (no DS); static */
	size_t nds, nds_matching;
	const char *cds_state;     /**< "none", "matches DS", "differs from DS", "delete",
	                                "inconsistent" (servers disagree); static */
	uint32_t soa_expire;       /**< seconds, 0 if unknown */
	bool outlasts_expire;      /**< the earliest signature outlasts SOA EXPIRE from now */
	dd_mon_record_t *dnskeys, *ds, *cds;
	size_t ndnskeys, nds_records, ncds;
	/** the keys that sign, as "data TAG ALG" (the apex SOA/NS and watched RRsets) and
	 *  "dnskey TAG ALG" (the DNSKEY RRset), over every server */
	dd_mon_record_t *signers;
	size_t nsigners;
	uint32_t ttl_dnskey;       /**< the DNSKEY RRset's TTL, seconds; 0 unknown */
	uint32_t ttl_ds;           /**< the parent's DS TTL, seconds; 0 unknown */
	uint32_t ttl_data;         /**< the largest TTL of the watched RRsets, seconds */
	uint32_t ttl_neg;          /**< the negative TTL (SOA MINIMUM), seconds */
	/** the rollover under way, named by dd_mon_db_record() from the state database's history
	 *  (phase DD_MON_ROLL_NONE without a database) */
	dd_mon_rollover_t rollover;
	dd_mon_cause_t *causes;    /**< the diagnosis's root causes, ranked */
	size_t ncauses;
	dd_mon_count_t *counts;    /**< findings by code and severity */
	size_t ncounts;
	char alerts[16][40];       /**< what is wrong now, as alert keys: the codes of warning and
	                                error root causes (RRSIG_EXPIRING excepted), RRSIG_EXPIRY
	                                (within --warn/--crit), SERIAL_SKEW, RRSIG_LIFETIME (before
	                                SOA EXPIRE), NOT_DELEGATED, UNKNOWN */
	size_t nalerts;
	size_t queries;            /**< exchanges in the evidence (answered from the cache too) */
	uint32_t duration_ms;      /**< probe to result */
	/** What the caller's dd_mon_config_t.on_diagnosis hook attached (the monitor dashboard:
	 *  the diagnosis as an HTML fragment), malloc()ed, freed with the result and kept by
	 *  dd_mon_result_slim(); NULL when there is none. The library only frees it. */
	char *report;
	size_t report_len;         /**< octets of @p report (the hook may set it with @p report
	                                NULL to say how large a report it did not keep) */
} dd_mon_result_t;

/** A change since the previous run (<dd/monstate.h> finds them). */
typedef struct dd_mon_event {
	char kind[32];             /**< DNSKEY_ADDED, DNSKEY_REMOVED, DS_ADDED, DS_REMOVED,
	                                CDS_APPEARED, CDS_ADDED, CDS_REMOVED, SERIAL_SKEW_STARTED,
	                                SERIAL_SKEW_ENDED, STATE_CHANGED, ALERT_RAISED,
	                                ALERT_CLEARED, ROLLOVER_PHASE (a roll's phase changed),
	                                ROLLOVER_STEP_PREMATURE (<dd/finding.h>) */
	char detail[1100];         /**< the record or the values, for a person */
} dd_mon_event_t;

/**
 * A threshold range of the Monitoring Plugins development guidelines ("Threshold and ranges"):
 * "10" is 0..10, "10:" is 10..infinity, "~:10" is -infinity..10, "10:20" is 10..20, all
 * alerting outside the range (ends included in it); a leading '@' alerts inside instead.
 * Values are seconds (here: until the earliest signature expires, negative once expired).
 */
typedef struct dd_mon_range {
	int64_t start, end;        /**< seconds; ignored where the matching *_inf is set */
	bool start_inf;            /**< "~": no lower end */
	bool end_inf;              /**< "N:": no upper end */
	bool inside;               /**< "@": alert inside the range */
	bool set;                  /**< false: not given (the caller's default applies) */
} dd_mon_range_t;

/**
 * Parse a threshold range (see dd_mon_range_t). Each end is seconds, or a duration with
 * units s, m, h, d, w, combined ("1d12h"). As the one exception to the guidelines, a lone
 * value with no ':' ("7d") means "alert within 7d" (as "7d:"), the reading of check_ssl_cert
 * and of this tool's --warn DUR, since "0:7d" would alert on every healthy zone.
 * @param[out] out  written only on success.
 * @return DD_OK, DD_EINVAL (NULL), DD_EPARSE (not a range, or start above end).
 */
DD_API int dd_mon_range_parse(const char *text, dd_mon_range_t *out);

/** Whether @p value (seconds) raises the alert of @p r (false when @p r is not set). */
DD_API bool dd_mon_range_alerts(const dd_mon_range_t *r, int64_t value);

/**
 * @p r in the guidelines' syntax, seconds ("604800:", "~:10", "@10:20"); "" when not set.
 * Always NUL-terminated (@p size > 0). @return the length written, as snprintf().
 */
DD_API int dd_mon_range_text(const dd_mon_range_t *r, char *buf, size_t size);

/** Thresholds: WARNING/CRITICAL when the earliest signature expires within these, seconds. */
typedef struct dd_mon_thresholds {
	int64_t warn;              /**< default 7 days; used when warn_range is not set */
	int64_t crit;              /**< default 3 days; used when crit_range is not set */
	dd_mon_range_t warn_range; /**< -w RANGE over the seconds left; overrides warn */
	dd_mon_range_t crit_range; /**< -c RANGE; overrides crit */
} dd_mon_thresholds_t;

/** The range in force for the WARNING (@p critical false) or CRITICAL threshold of @p th:
 *  its *_range if set, else "N:" from its seconds (alert when fewer are left). */
DD_API dd_mon_range_t dd_mon_threshold_range(const dd_mon_thresholds_t *th, bool critical);

/**
 * Condense one zone's evidence, analysis and diagnosis into a result (no I/O). The state is:
 * CRITICAL on any error-severity root cause, a bogus zone, or the earliest signature of a
 * watched RRset (apex SOA, NS, DNSKEY, CDS, CDNSKEY, NSEC3PARAM, the denial of a nonexistent
 * name, and the extra items) within @p th->crit; WARNING on a warning-severity root cause
 * (RRSIG_EXPIRING excepted: the thresholds decide that), SOA serials that differ between
 * servers, signatures that do not outlast SOA EXPIRE (RFC 6781 4.4.2), or the earliest expiry
 * within @p th->warn; UNKNOWN when the walk did not reach the zone's servers.
 * @param dg  may be NULL (no root causes).
 * @param[out] out  new result (dd_mon_result_free()); written only on success.
 * @return DD_OK, DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_mon_assess(const dd_mon_zone_t *zone, const dd_evidence_t *ev,
                         const dd_analysis_t *an, const dd_diagnosis_t *dg,
                         const dd_mon_thresholds_t *th, dd_mon_result_t **out);

/** A result for a zone that could not be checked at all (UNKNOWN, @p why). */
DD_API int dd_mon_unknown(const dd_mon_zone_t *zone, int64_t at, const char *why,
                          dd_mon_result_t **out);

/** Free a result; NULL is a no-op. */
DD_API void dd_mon_result_free(dd_mon_result_t *r);

/**
 * Free the per-RRset expiries and the DNSKEY, DS and CDS records of a result (their arrays
 * become empty; nds and nds_matching stay), for callers that keep many results only for the
 * text, Nagios or Prometheus summary. NULL is a no-op.
 */
DD_API void dd_mon_result_slim(dd_mon_result_t *r);

/** Called on the thread that called dd_mon_run(), once per zone, as results complete. The
 *  result is the callback's to free (dd_mon_result_free()) or keep. Return non-zero to stop
 *  the run (no new zones start). */
typedef int (*dd_mon_cb)(void *arg, dd_mon_result_t *r);

/** How to run. Zero-initialise, then set what differs from the defaults. */
typedef struct dd_mon_config {
	dd_probe_config_t probe;   /**< hints, anchors, port, timeout; cache, budget, minimise and
	                                nx_label are set by dd_mon_run() */
	dd_mon_thresholds_t th;
	int64_t at;                /**< validation time, seconds; 0: the clock at each zone */
	unsigned concurrency;      /**< zones checked at once (threads); default 16 */
	unsigned max_inflight;     /**< queries in flight over all zones; default 256 */
	unsigned per_server_qps;   /**< queries a second to one server address; default 0: none */
	dd_mon_cb on_result;
	void *arg;
	/** NULL, or called on the worker thread of each zone that was diagnosed (not for one that
	 *  could not be: dd_mon_unknown()), after dd_mon_assess(), with its evidence, analysis and
	 *  diagnosis (borrowed: valid during the call only) and its result, whose report fields it
	 *  may set. Runs on up to @p concurrency threads at once: it must be thread-safe. */
	void (*on_diagnosis)(void *arg, const dd_evidence_t *ev, const dd_analysis_t *an,
	                     const dd_diagnosis_t *dg, dd_mon_result_t *r);
	void *diagnosis_arg;
} dd_mon_config_t;

/** Counters of one run. */
typedef struct dd_mon_stats {
	size_t zones;              /**< results delivered */
	size_t queries;            /**< sent to servers */
	size_t cache_hits;         /**< answered from the shared cache instead */
	size_t deferred;           /**< times a query waited for the budget */
	size_t verifications;      /**< signature verifications computed */
	size_t verify_memo_hits;   /**< verdicts reused from an earlier zone of the run */
	uint64_t duration_ms;
} dd_mon_stats_t;

/**
 * Check every zone of @p list, @p cfg->concurrency at a time, and call @p cfg->on_result for
 * each. Blocks until all are done (or the callback stopped the run). Each zone is probed
 * within @p cfg->probe.limits (its own budget). When @p cfg->probe.cancel is triggered no new
 * zone starts and the zones being probed are dropped (no result); the results delivered so
 * far stand (stats->zones counts them).
 * @param[out] stats  may be NULL.
 * @return DD_OK, DD_EINVAL (no hints, no callback), DD_ENOMEM, DD_EIO (threads).
 */
DD_API int dd_mon_run(const dd_mon_config_t *cfg, const dd_mon_list_t *list,
                      dd_mon_stats_t *stats);
