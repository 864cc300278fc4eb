/* SPDX-License-Identifier: MIT
 * evidence.h - what a probe collected: the zones of the chain, their servers, every query and
 * every raw response, with server, time and transport; saved and loaded as JSON. */

/**
 * @file
 * The evidence is plain data flowing from the probe to the analysis. It holds, for one run:
 * the target name and type, the trust anchors, the zones of the chain from the anchor down
 * (with the servers listed by the parent and by the child, and their addresses), and every
 * query sent with the raw wire response received (or why none was), and the resolver views:
 * every question put to the in-process libunbound and to real resolvers with what came back.
 * The analysis and the views read only this, so "--save" then "--replay" analyses exactly the
 * same data again, with no network, and reports it byte for byte.
 *
 * Ownership: everything reachable from a dd_evidence_t belongs to it and is freed by
 * dd_evidence_free().
 */
#pragma once

#include <stdio.h>

#include <dd/types.h>

/** Transport of a recorded exchange. */
typedef enum dd_xport {
	DD_XPORT_UDP = 0,
	DD_XPORT_TCP = 1,
} dd_xport_t;

/** Why a query has no usable response. */
typedef enum dd_qerr {
	DD_QERR_NONE = 0,      /**< a response was received (see wire) */
	DD_QERR_TIMEOUT,       /**< nothing within the timeout, after the retries */
	DD_QERR_UNREACHABLE,   /**< ICMP unreachable or TCP connection refused */
	DD_QERR_MALFORMED,     /**< every response received was unparseable */
	DD_QERR_MISMATCH,      /**< responses had the wrong ID or question */
	DD_QERR_TCP,           /**< UDP was truncated and TCP failed */
	DD_QERR_NETWORK,       /**< another socket error */
} dd_qerr_t;

/** Name of a dd_qerr_t ("timeout", ...). */
DD_API const char *dd_qerr_name(dd_qerr_t err);

/** One query and what came back. */
typedef struct dd_exchange {
	char server[64];              /**< address as text, IPv4 or IPv6 */
	uint8_t qname[DD_NAME_MAXLEN];
	uint16_t qtype;
	int64_t sent_ms;              /**< when the query was first sent, ms since the epoch */
	uint32_t rtt_ms;              /**< until the recorded response, ms */
	dd_xport_t transport;         /**< of the recorded response */
	bool udp_truncated;           /**< UDP answered with TC, the response is from TCP */
	bool edns_fallback;           /**< the server failed EDNS; this response is without it */
	uint16_t udp_payload;         /**< the EDNS UDP payload size the answered query offered,
	                                   octets (RFC 6891 6.2.3); 512 without EDNS */
	uint8_t attempts;             /**< datagrams/connections tried */
	uint8_t round;                /**< which sequential round of the probe sent it (1 = first) */
	dd_qerr_t error;
	uint8_t *wire;                /**< the response (NULL when error != NONE), owned */
	uint16_t wire_len;            /**< octets */
} dd_exchange_t;

/** Where a server came from. */
enum {
	DD_SRC_PARENT = 1 << 0,  /**< listed in the parent's delegation (NS) */
	DD_SRC_CHILD = 1 << 1,   /**< listed in the zone's own NS RRset */
	DD_SRC_HINTS = 1 << 2,   /**< root hints */
	DD_SRC_USER = 1 << 3,    /**< given with --server */
};

/** One address of one name server of a zone. */
typedef struct dd_server {
	uint8_t ns_name[DD_NAME_MAXLEN]; /**< the NS name (root label if unknown) */
	char addr[64];                   /**< "" when the name could not be resolved */
	unsigned sources;                /**< DD_SRC_* bits */
	bool glue;                       /**< the address came as glue from the parent */
} dd_server_t;

/** One zone of the chain. */
typedef struct dd_zone_ev {
	uint8_t name[DD_NAME_MAXLEN];
	int parent;              /**< index of the parent zone in dd_evidence_t.zones, -1 for the top */
	dd_server_t *servers;
	size_t nservers;
	bool delegated;          /**< found through a referral or an apex SOA at the parent's
	                              servers; false for a zone known only from --server (not
	                              delegated: a pre-delegation test) */
} dd_zone_ev_t;

/** Which resolver a view asked. */
typedef enum dd_view_kind {
	DD_VIEW_LIBUNBOUND = 0, /**< the in-process libunbound (validating; iterator alone for CD) */
	DD_VIEW_RESOLVER = 1,   /**< a real recursive resolver (--resolver), asked with RD */
} dd_view_kind_t;

/**
 * One question put to a resolver for the views, and what came back as received. The views
 * (dd/views.h) are rebuilt from these alone (dd_views_from_evidence()).
 */
typedef struct dd_view_ev {
	dd_view_kind_t kind;
	char source[96];              /**< "libunbound", or the resolver's address */
	bool cd;                      /**< asked with checking disabled */
	uint8_t qname[DD_NAME_MAXLEN];
	uint16_t qtype;
	bool asked;                   /**< the question went out; false: a local failure (note) */
	char note[256];               /**< why it was not asked (a local failure), libunbound's error
	                                   text, or its why_bogus when bogus; printable ASCII only */
	int64_t sent_ms;              /**< when asked, ms since the epoch; 0 if not asked */
	int64_t rtt_ms;               /**< until the answer, ms; -1 when not reported (libunbound) */
	/* a real resolver's exchange (DD_VIEW_RESOLVER) */
	dd_xport_t transport;         /**< of the recorded response */
	uint8_t attempts;             /**< datagrams/connections tried */
	dd_qerr_t error;              /**< why there is no response */
	/* libunbound's result (DD_VIEW_LIBUNBOUND), which the answer packet does not carry */
	int ub_err;                   /**< its error code for the question; 0: none */
	bool no_result;               /**< asked, and no result came before the views' deadline
	                                   or an interruption (note says which); never an answer */
	int ub_rcode;                 /**< ub_result.rcode as reported */
	bool ub_secure, ub_bogus;     /**< ub_result.secure and .bogus */
	uint8_t *wire;                /**< the response (a resolver's, or libunbound's answer packet)
	                                   as received, owned; NULL if none */
	uint16_t wire_len;            /**< octets */
} dd_view_ev_t;

/** What a probe note says. */
typedef enum dd_probe_note_kind {
	DD_PROBE_NOTE_NS_PER_CUT = 0,  /**< name servers of a cut past limits.ns_per_cut ignored */
	DD_PROBE_NOTE_ADDRS_PER_NS,    /**< addresses of a name past limits.addrs_per_ns unused */
	DD_PROBE_NOTE_GLUELESS,        /**< names without glue past limits.glueless unresolved */
	DD_PROBE_NOTE_NS_DEPTH,        /**< a resolution chain past limits.ns_depth cut short */
	DD_PROBE_NOTE_LOOKUP_QUERIES,  /**< a lookup that reached limits.lookup_queries */
	DD_PROBE_NOTE_RESOLVE_QUERIES, /**< lookups stopped at limits.resolve_queries */
	DD_PROBE_NOTE_QUERIES,         /**< the run stopped at limits.queries */
	DD_PROBE_NOTE_WALL_TIME,       /**< the run stopped at limits.wall_ms */
	DD_PROBE_NOTE_ADDR_REFUSED,    /**< a loopback, unspecified, link-local or multicast
	                                    address that was not queried */
	DD_PROBE_NOTE_ADDR_PRIVATE,    /**< a private (RFC 1918, RFC 4193) address, queried */
} dd_probe_note_kind_t;

/**
 * Something the probe left out or flags (a note of dd_probe_stats_t, dd/probe.h), kept in the
 * evidence so that a replay reports it as the run did (WORK_LIMIT_EXCEEDED, NS_ADDRESS_PRIVATE).
 */
typedef struct dd_note_ev {
	char kind[24];                /**< which limit or address rule (dd_note_kind_code()) */
	const char *code;             /**< the finding it makes, from the kind
	                                   (dd_note_kind_code()); static */
	uint8_t zone[DD_NAME_MAXLEN]; /**< the zone concerned (the root label if none) */
	char addr[64];                /**< the address concerned, "" if none */
	unsigned count;               /**< names, addresses or lookups concerned (>= 1) */
	char detail[192];             /**< for a person: the first instance; printable ASCII */
} dd_note_ev_t;

/**
 * The finding code of note kind @p kind: "WORK_LIMIT_EXCEEDED" for a work limit ("ns-per-cut",
 * "addrs-per-ns", "glueless", "ns-depth", "lookup-queries", "resolve-queries", "queries",
 * "wall-time"), "NS_ADDRESS_PRIVATE" for an address rule ("addr-refused", "addr-private");
 * NULL for another string. Static.
 */
DD_API const char *dd_note_kind_code(const char *kind);

/**
 * The evidence name of note kind @p kind ("ns-per-cut", ..., "addr-private", as
 * dd_note_kind_code() takes it); NULL for a value outside dd_probe_note_kind_t. Static.
 */
DD_API const char *dd_note_kind_name(dd_probe_note_kind_t kind);

/** A whole run's evidence. */
typedef struct dd_evidence {
	uint8_t target[DD_NAME_MAXLEN];
	uint16_t qtype;
	uint8_t nx_name[DD_NAME_MAXLEN];  /**< the nonexistent name probed in the target's zone */
	uint16_t nodata_type;             /**< the type probed for NODATA at the target */
	uint8_t cname_target[DD_NAME_MAXLEN]; /**< where the target's CNAME chain ends, when that
	                                       lies beyond the target's zone's servers (another
	                                       zone, or below a cut) and was walked too; root
	                                       label if none */
	int64_t started_ms;
	dd_rr_t *anchors;                 /**< trust anchors (DS or DNSKEY), owned */
	size_t nanchors;
	char anchor_source[256];          /**< where they came from */
	dd_rr_t *given_ds;                /**< DS records the operator gave for a zone of the chain
	                                       (diagnose --ds), judged as if its parent published
	                                       them instead of what it serves: a pre-delegation test
	                                       (Zonemaster's undelegated test), owned */
	size_t ngiven_ds;
	dd_zone_ev_t *zones;
	size_t nzones;
	dd_exchange_t *xs;
	size_t nxs;
	size_t cap_xs, cap_zones;
	bool views_recorded;              /**< the resolver views were collected into this evidence
	                                       (false: evidence saved before views were recorded) */
	dd_view_ev_t *views;              /**< every view question, in the order asked, owned */
	size_t nviews;
	int64_t duration_ms;              /**< how long collecting took (probe and views), ms; 0 if
	                                       not recorded */
	dd_note_ev_t *notes;              /**< the probe's notes, in the order made, owned */
	size_t nnotes;
	size_t notes_dropped;             /**< notes the probe could not keep (beyond its table) */
	bool stopped;                     /**< a run-wide limit (queries, wall time) ended the walk */
	bool interrupted;                 /**< SIGINT/SIGTERM (a cancel token) stopped the collection:
	                                       the evidence is partial */
} dd_evidence_t;

/** The number of sequential query rounds the probe needed (the highest round). */
DD_API unsigned dd_evidence_rounds(const dd_evidence_t *ev);

/** New empty evidence. @return DD_OK or DD_ENOMEM. */
DD_API int dd_evidence_new(dd_evidence_t **out);

/** Free evidence and everything it owns; NULL is a no-op. */
DD_API void dd_evidence_free(dd_evidence_t *ev);

/** Append an exchange; its wire is copied. @return DD_OK or DD_ENOMEM. */
DD_API int dd_evidence_add(dd_evidence_t *ev, const dd_exchange_t *x);

/**
 * Append a view question and its answer; its wire is copied. Does not set views_recorded.
 * @return DD_OK, DD_EINVAL (@p v's name is malformed), DD_ENOMEM.
 */
DD_API int dd_evidence_add_view(dd_evidence_t *ev, const dd_view_ev_t *v);

/**
 * Append a probe note (copied; its code is set from its kind).
 * @return DD_OK, DD_EINVAL (an unknown kind, a count of 0, a malformed zone name, text that is
 *         not printable ASCII), DD_ENOMEM.
 */
DD_API int dd_evidence_add_note(dd_evidence_t *ev, const dd_note_ev_t *n);

/** Append a trust anchor record (copied). @return DD_OK, DD_EINVAL, DD_ENOMEM. */
DD_API int dd_evidence_add_anchor(dd_evidence_t *ev, const dd_rr_t *rr);

/**
 * Append a DS record given by the operator for a zone (copied; dd_evidence_t.given_ds).
 * @return DD_OK, DD_EINVAL (not a DS, or a malformed owner), DD_ENOMEM.
 */
DD_API int dd_evidence_add_given_ds(dd_evidence_t *ev, const dd_rr_t *rr);

/**
 * Add a zone (or return the existing one of that name) and set @p *index.
 * @return DD_OK or DD_ENOMEM.
 */
DD_API int dd_evidence_zone(dd_evidence_t *ev, const uint8_t *name, int parent, int *index);

/** Add a server address to zone @p zone, merging sources with an existing equal entry. */
DD_API int dd_evidence_zone_server(dd_evidence_t *ev, int zone, const uint8_t *ns_name,
                                   const char *addr, unsigned sources, bool glue);

/**
 * Merge @p src into @p dst: zones by name (servers merged, parents remapped), every exchange
 * appended. Anchors, target fields, views, probe notes and flags of @p dst are kept (those
 * of @p src are not copied). @return DD_OK or DD_ENOMEM.
 */
DD_API int dd_evidence_merge(dd_evidence_t *dst, const dd_evidence_t *src);

/**
 * The zone of the chain that holds @p name: the deepest zone with servers that encloses it.
 * @return its index, or -1.
 */
DD_API int dd_evidence_zone_of(const dd_evidence_t *ev, const uint8_t *name);

/** Index of the zone named @p name, or -1. */
DD_API int dd_evidence_zone_find(const dd_evidence_t *ev, const uint8_t *name);

/**
 * The recorded exchange for @p server / @p qname / @p qtype (the last one recorded), or NULL.
 * Borrowed from @p ev.
 */
DD_API const dd_exchange_t *dd_evidence_find(const dd_evidence_t *ev, const char *server,
                                             const uint8_t *qname, uint16_t qtype);

/**
 * Write @p ev as JSON (documented in docs/json.md, "evidence") to @p out.
 * @return DD_OK, DD_EIO, DD_ENOMEM.
 */
DD_API int dd_evidence_save(const dd_evidence_t *ev, FILE *out);

/**
 * Read evidence written by dd_evidence_save(). Files without "views" (written before views
 * were recorded) load with views_recorded false; files without "probe" (written before the
 * probe's notes were kept) with no notes, not stopped, not interrupted. Malformed evidence
 * is refused, among it a zone whose parent index does not point to an earlier zone (zone 0
 * naming itself, a cycle) or to one whose name is not above the zone's, a zone named twice,
 * a view with a bad kind, name, wire or non-printable text, a probe note of an unknown kind
 * or with a bad field.
 * @param[out] out  new evidence (dd_evidence_free()); written only on success.
 * @param[out] err  a message when DD_EPARSE is returned (@p errlen octets).
 * @return DD_OK, DD_EPARSE (not JSON, wrong version, bad field), DD_ENOMEM.
 */
DD_API int dd_evidence_load(FILE *in, dd_evidence_t **out, char *err, size_t errlen);

/**
 * The response of exchange @p x parsed (dd_msg_parse()), or NULL when there is none (an error
 * was recorded) or it does not parse. Free with dd_msg_free().
 */
DD_API struct dd_msg *dd_msg_of(const dd_exchange_t *x);

