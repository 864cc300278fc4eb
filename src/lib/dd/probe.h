/* SPDX-License-Identifier: MIT
 * probe.h - collect the evidence for a name: walk the chain of trust from the root hints,
 * query every authoritative server of every zone cut, concurrently. */

/**
 * @file
 * dd_probe_run() starts at the root hints and walks down to the target name. For each zone
 * it asks every address of every name server listed by the parent and by the child (RD
 * clear, EDNS0 with DO, UDP then TCP) for DNSKEY, SOA, NS, CDS, CDNSKEY, NSEC3PARAM, the
 * target, a nonexistent name and a no-data type, and at the same time asks for SOA and DS at
 * each name between the zone and the target, which finds the zone cuts (also those without a
 * referral, where one server serves parent and child). Queries that do not depend on each
 * other run concurrently, so the number of rounds follows the depth of the chain. Name
 * servers without glue are resolved iteratively from the same servers. When the target is a
 * CNAME to a name in another zone, that name's chain is walked too (one hop). Every exchange
 * is kept in the evidence.
 *
 * Work is bounded (dd_probe_limits_t) against delegations built to make the probe work for
 * someone else (the NXNSAttack class, CVE-2020-12662): a limit reached is reported as a note
 * in dd_probe_stats_t and in the evidence (dd_evidence_t.notes, saved with it;
 * dd_analysis_add_notes() turns them into WORK_LIMIT_EXCEEDED findings) and everything else
 * is still probed. Addresses a hostile zone may choose
 * (loopback, unspecified, link-local, multicast) are never queried unless the caller allows
 * private addresses, and RFC 1918/4193 addresses are flagged (NS_ADDRESS_PRIVATE). A
 * dd_probe_cancel_t stops a run at once from another thread or a signal handler.
 */
#pragma once

#include <dd/types.h>
#include <dd/evidence.h>

/** A server address for a zone, from hints or given by the user (DNSViz's -x). */
typedef struct dd_probe_server {
	uint8_t zone[DD_NAME_MAXLEN];   /**< zone apex ("." for hints) */
	uint8_t ns_name[DD_NAME_MAXLEN];/**< its name, or the root label if unknown */
	char addr[64];                  /**< IPv4 or IPv6 text */
} dd_probe_server_t;

/**
 * Answers shared by concurrent probes (dnssec-doctor monitor): every exchange whose name is not
 * at or below the probe's target (the root's and a TLD's DNSKEY, SOA, NS, CDS, CDNSKEY,
 * NSEC3PARAM, their denial probe, and the DS and SOA of the cut above the target) is asked once
 * per cache and copied into each probe's evidence. Thread-safe; a query another probe is
 * already asking is waited for, not sent twice.
 */
typedef struct dd_probe_cache dd_probe_cache_t;

/** A new, empty cache. @return DD_OK, DD_EINVAL, DD_ENOMEM. */
DD_API int dd_probe_cache_new(dd_probe_cache_t **out);

/** Free a cache and every answer it holds; NULL is a no-op. */
DD_API void dd_probe_cache_free(dd_probe_cache_t *c);

/** Queries answered from the cache (saved), sent to fill it, and octets of wire it holds. */
DD_API void dd_probe_cache_stats(dd_probe_cache_t *c, size_t *hits, size_t *misses, size_t *octets);

/**
 * A budget shared by concurrent probes: at most @p max_inflight queries in flight over all of
 * them, and at most @p per_server_qps queries a second to one server address (a token bucket
 * with a second's burst; 0: no rate limit). A probe that finds no budget waits; it never
 * drops a query. Thread-safe.
 * @return DD_OK, DD_EINVAL (max_inflight 0), DD_ENOMEM.
 */
typedef struct dd_probe_budget dd_probe_budget_t;
DD_API int dd_probe_budget_new(unsigned max_inflight, unsigned per_server_qps,
                               dd_probe_budget_t **out);

/** Free a budget; NULL is a no-op. */
DD_API void dd_probe_budget_free(dd_probe_budget_t *b);

/** Queries sent under the budget, and how many times a query had to wait for it. */
DD_API void dd_probe_budget_stats(dd_probe_budget_t *b, size_t *sent, size_t *deferred);

/**
 * A cancellation token: dd_probe_cancel_trigger() stops every probe (and resolver view) run
 * with it: queries in flight are abandoned, nothing new is sent, and dd_probe_run() returns
 * what was collected with dd_probe_stats_t.interrupted set. Once triggered it stays so.
 * Thread-safe; the trigger is async-signal-safe (an atomic flag and one write() to a pipe that
 * every probe loop polls), so a SIGINT handler may call it.
 */
typedef struct dd_probe_cancel dd_probe_cancel_t;

/** A new token, not triggered. @return DD_OK, DD_EINVAL, DD_EIO (no pipe), DD_ENOMEM. */
DD_API int dd_probe_cancel_new(dd_probe_cancel_t **out);

/** Free a token no probe uses any more; NULL is a no-op. */
DD_API void dd_probe_cancel_free(dd_probe_cancel_t *c);

/** Trigger @p c (NULL: no-op). Async-signal-safe. */
DD_API void dd_probe_cancel_trigger(dd_probe_cancel_t *c);

/** Whether @p c was triggered (NULL: never). */
DD_API bool dd_probe_cancelled(dd_probe_cancel_t *c);

/**
 * @name Probe work limits
 * Caps on the work one run does for delegations a server chose, at least as strict as
 * Unbound's and BIND's where the work is the same kind (docs/architecture.md lists them with
 * their sources). A run is one dd_probe_run(): one diagnosis, or one zone of a monitor run.
 * @{
 */
/** Name servers considered per zone cut (parent and child lists together). BIND 9.21:
 *  max-delegation-servers 13 (NS_PROCESSING_LIMIT 20 before); Unbound: iter-scrub-ns 20. */
#define DD_PROBE_LIMIT_NS_PER_CUT 13
/** Addresses used per name server name. BIND: DELEG_MAX_GLUES_PER_NS 20. */
#define DD_PROBE_LIMIT_ADDRS_PER_NS 8
/** Name-server names resolved without glue, per run. Unbound: MAX_TARGET_COUNT 64 per query
 *  and its sub-queries, MAX_DP_TARGET_COUNT 16 per delegation point. */
#define DD_PROBE_LIMIT_GLUELESS 32
/** Depth of name-server name resolution chains (the address of an NS name needs another NS
 *  name's address, ...). Unbound: target-fetch-policy "3 2 1 0 0" (4 levels); BIND:
 *  max-recursion-depth 7. */
#define DD_PROBE_LIMIT_NS_DEPTH 4
/** Queries for one NS-name lookup. Unbound: max-sent-count 32; BIND: max-recursion-queries
 *  32 (9.21.0, from 100), 50 since 9.21.4 beside max-query-count 200. */
#define DD_PROBE_LIMIT_LOOKUP_QUERIES 32
/** Queries for NS-name lookups per run. Unbound: max-global-quota 200; BIND: max-query-count
 *  200. */
#define DD_PROBE_LIMIT_RESOLVE_QUERIES 200
/** Queries per run. dnssec-doctor's own: it asks every address of every server by design (the
 *  real root alone, 26 addresses, costs about 450 queries for a name four labels down; a
 *  CNAME into another zone walks the chain again). */
#define DD_PROBE_LIMIT_QUERIES 3000
/** Wall time per run, ms. BIND: resolver-query-timeout at most 30 s (MAXIMUM_QUERY_TIMEOUT). */
#define DD_PROBE_LIMIT_WALL_MS 30000

/** The work limits of a run; zero means the default (the DD_PROBE_LIMIT_* values). */
typedef struct dd_probe_limits {
	unsigned ns_per_cut;
	unsigned addrs_per_ns;
	unsigned glueless;
	unsigned ns_depth;
	unsigned lookup_queries;
	unsigned resolve_queries;
	unsigned queries;
	unsigned wall_ms;
} dd_probe_limits_t;
/** @} */

/** One more name and type to ask the servers of the target's zone. */
typedef struct dd_probe_query {
	uint8_t name[DD_NAME_MAXLEN];
	uint16_t type;
} dd_probe_query_t;

/** How to probe. Zero-initialise, then set what differs from the defaults. */
typedef struct dd_probe_config {
	const dd_probe_server_t *hints;   /**< root servers (required) */
	size_t nhints;
	const dd_probe_server_t *servers; /**< --server ZONE=ADDR: probe ZONE at these */
	size_t nservers;
	const dd_rr_t *anchors;           /**< trust anchors, copied into the evidence */
	size_t nanchors;
	const char *anchor_source;        /**< text recorded with them */
	const dd_rr_t *given_ds;          /**< DS records to judge a zone with as if its parent
	                                       published them (diagnose --ds, a pre-delegation
	                                       test), copied into the evidence; nothing is asked
	                                       differently */
	size_t ngiven_ds;
	unsigned timeout_ms;              /**< the longest any attempt waits, ms; default 1500.
	                                       The first attempt's timeout comes from the RTTs
	                                       seen in the run (RFC 6298; at least 200 ms) and
	                                       retries back off from it (probe/rtt.h) */
	unsigned udp_tries;               /**< default 2 */
	bool fixed_timeouts;              /**< every attempt waits timeout_ms, as a slow server
	                                       needs when many probes share it (monitor): a
	                                       stable verdict before a fast one */
	bool no_ipv4, no_ipv6;            /**< -6 / -4; IPv6 is also skipped without a route */
	uint16_t port;                    /**< default 53 */
	unsigned max_inflight;            /**< concurrent queries; default 64 */
	const char *nx_label;             /**< label of the nonexistent-name probe; default random */
	uint16_t nodata_type;             /**< type of the no-data probe; default 65280 (private use) */
	dd_probe_cache_t *cache;          /**< answers shared with other probes; NULL: none */
	dd_probe_budget_t *budget;        /**< in-flight and rate budget shared; NULL: none */
	bool minimise;                    /**< ask each ancestor zone only for the SOA and DS of the
	                                       next label down (RFC 9156 style), so that their
	                                       answers are shared by every target below them; the
	                                       target and no-data probes go to the target's zone
	                                       only. For targets that are zone apexes (monitor). */
	const dd_probe_query_t *extra;    /**< asked of every server of the target's zone too */
	size_t nextra;
	dd_probe_limits_t limits;         /**< work caps; zero fields: the defaults */
	bool allow_private;               /**< query loopback, unspecified, link-local and multicast
	                                       addresses too, and flag no private ones: for a
	                                       private hierarchy (custom hints or anchors). The
	                                       default, like Unbound's do-not-query-localhost, is
	                                       for the public DNS. Addresses given by the caller
	                                       (hints, servers) are always queried. */
	dd_probe_cancel_t *cancel;        /**< stops the run when triggered; NULL: none */
	/** Called (from the probe's loop) when the probe has found the target's zone, with the
	 *  nonexistent name it asks there (the evidence's nx_name, unless a CNAME leads the
	 *  target elsewhere): the resolver views ask it at once (dd_views_nx()). First as soon as
	 *  one server's own answers show the zone (a dead sibling does not delay it), a second
	 *  time only if the whole round decides on another zone: at most twice. NULL: none. */
	void (*on_nx_name)(void *arg, const uint8_t *nx_name);
	void *on_nx_name_arg;
} dd_probe_config_t;

/* dd_probe_note_kind_t, what a probe note says, is in dd/evidence.h: the evidence keeps it. */

/** Something the probe left out, or an address it flags. */
typedef struct dd_probe_note {
	dd_probe_note_kind_t kind;
	const char *code;              /**< the finding it makes: "WORK_LIMIT_EXCEEDED" or
	                                    "NS_ADDRESS_PRIVATE"; static */
	uint8_t zone[DD_NAME_MAXLEN];  /**< the zone concerned (the root label if none) */
	char addr[64];                 /**< the address concerned, "" if none */
	unsigned count;                /**< names, addresses or lookups concerned */
	char detail[192];              /**< for a person: the first instance */
} dd_probe_note_t;

#define DD_PROBE_NOTES 24

/** What one probe run did. */
typedef struct dd_probe_stats {
	size_t queries;          /**< exchanges sent to servers */
	size_t cache_hits;       /**< exchanges answered from cfg->cache instead */
	size_t resolve_queries;  /**< of the queries, those for name-server addresses */
	size_t glueless;         /**< name-server names resolved without glue */
	unsigned ns_depth;       /**< the deepest name-server resolution chain */
	uint32_t duration_ms;    /**< the whole run */
	bool stopped;            /**< a run-wide limit (queries, wall time) ended the walk */
	bool interrupted;        /**< cfg->cancel was triggered: the evidence is partial */
	dd_probe_note_t notes[DD_PROBE_NOTES]; /**< one per kind and zone (per address for the
	                                            address notes) */
	size_t nnotes;
	size_t notes_dropped;    /**< notes beyond DD_PROBE_NOTES */
} dd_probe_stats_t;

/**
 * Probe @p target / @p qtype and return the evidence. Blocks until every query has finished
 * or timed out (each one is bounded by timeout x tries).
 *
 * @param[out] out  new evidence (dd_evidence_free()); written on DD_OK.
 * @return DD_OK (also when servers failed: that is evidence), DD_EINVAL (no hints, bad
 *         name), DD_ENOMEM, DD_EIO (the event loop could not start).
 */
DD_API int dd_probe_run(const dd_probe_config_t *cfg, const uint8_t *target, uint16_t qtype,
                        dd_evidence_t **out);

/**
 * Which zone the server at @p addr serves @p name from: one SOA query for @p name (RD clear,
 * EDNS DO, UDP then TCP), the authoritative answer's SOA at @p name (the apex) or the SOA of an
 * enclosing zone beside its NODATA or NXDOMAIN (RFC 2308 2). For dig's "@SERVER NAME": the
 * server of NAME's zone, whichever zone that is.
 *
 * @param addr        "192.0.2.1", "2001:db8::1", or with a port: "192.0.2.1#5353".
 * @param timeout_ms  per attempt (0: 1500); two UDP attempts, then one over TCP.
 * @param[out] zone   the zone, lower case; written only on DD_OK.
 * @param[out] why    when not DD_OK, why, in words ("no answer (timeout)", "REFUSED", "a
 *                    NOERROR answer without AA: not authoritative for the name"). May be NULL.
 * @return DD_OK, DD_ENOENT (it answered, but not as the name's zone's server), DD_ETIMEDOUT
 *         (no answer), DD_EMALFORMED, DD_EINVAL (bad address or name), DD_EIO, DD_ENOMEM.
 * @rfc RFC 1034 4.3.2, RFC 2308 2
 */
DD_API int dd_probe_zone_at(const char *addr, const uint8_t *name, unsigned timeout_ms,
                            uint8_t zone[DD_NAME_MAXLEN], char *why, size_t whylen);

/**
 * dd_probe_run(), and what it did: queries, the limits reached and the addresses refused or
 * flagged (notes), whether it was interrupted.
 * @param[out] stats  may be NULL; written on DD_OK.
 * @return as dd_probe_run().
 */
DD_API int dd_probe_run_stats(const dd_probe_config_t *cfg, const uint8_t *target, uint16_t qtype,
                              dd_evidence_t **out, dd_probe_stats_t *stats);
