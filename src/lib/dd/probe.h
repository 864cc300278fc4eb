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
