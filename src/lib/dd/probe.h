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
	unsigned timeout_ms;              /**< per attempt; default 1500 */
	unsigned udp_tries;               /**< default 2 */
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
} dd_probe_config_t;

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
