/* SPDX-License-Identifier: MIT
 * analysis.h - RFC 4035 validation of collected evidence: the status of every zone, RRset and
 * denial proof, per server and as a whole, and one finding per observed problem. No I/O. */

/**
 * @file
 * dd_analyze() reads a dd_evidence_t and validates it as a validating resolver would
 * (RFC 4035 5), but separately for every server, keeping every reason: trust anchor to DS to
 * DNSKEY to RRSIG for each zone of the chain, the target RRset, the nonexistent-name and
 * no-data denial proofs (NSEC, RFC 4035 5.4; NSEC3, RFC 5155 8), with the RFC 9276 NSEC3
 * iteration limit applied as resolvers apply it. A name that validates from one server and is
 * bogus from another is bogus overall. Unsupported algorithms and digest types make a zone
 * insecure, not bogus (RFC 4035 5.2, RFC 6840 5.2).
 *
 * Findings use the shared vocabulary of <dd/finding.h>, with DNSViz's name alongside where
 * one exists.
 */
#pragma once

#include <dd/types.h>
#include <dd/evidence.h>
#include <dd/finding.h>
#include <dd/verify.h>
#include <dd/probe.h>
#include <dd/ds.h>

/** How one server answered a query of the target's (its zone's servers only; empty elsewhere). */
typedef struct dd_answer_summary {
	bool asked;                /**< the query was sent to this server */
	int error;                 /**< dd_qerr_t: DD_QERR_NONE when a response came */
	uint16_t rcode;            /**< of the response */
	bool aa;                   /**< its AA bit */
	uint16_t records;          /**< answer-section records other than RRSIG */
	uint16_t rrsigs;           /**< answer-section RRSIGs */
	bool has_qtype;            /**< the answer section holds a record of the queried type at
	                                the end of the CNAME chain it holds (any record for the
	                                types CNAME and ANY) */
	bool ends_elsewhere;       /**< that chain ends beyond the server's data: at a name
	                                outside its zone, or in a NOERROR answer without the type
	                                and without the zone's SOA (no NODATA, RFC 2308 2.2: a
	                                name below a cut) */
	bool loops;                /**< that chain returns to a name already in it (RFC 1034
	                                3.6.2): it never ends */
} dd_answer_summary_t;

/** What one server says about a zone. */
typedef struct dd_server_status {
	char addr[64];
	uint8_t ns_name[DD_NAME_MAXLEN];
	dd_status_t status;        /**< of the zone's DNSKEY RRset from this server */
	bool answered;             /**< gave authoritative answers */
	uint32_t serial;           /**< SOA serial, 0 if none */
	char reason[160];
	dd_answer_summary_t target;/**< its answer to the target's query */
	dd_answer_summary_t cname; /**< its answer to the query for the target's CNAME target (the
	                                servers of the zone holding dd_analysis_t.cname_target only) */
} dd_server_status_t;

/** A DS record at the parent and what it points at. */
typedef struct dd_ds_view {
	uint16_t key_tag;
	uint8_t algorithm;
	uint8_t digest_type;
	char digest[2 * 48 + 1];
	dd_ds_state_t state;       /**< what it points at (dd_ds_state_name() for text) */
} dd_ds_view_t;

/** A DS record to publish at the parent, computed from a live KSK (SHA-256, RFC 4509). */
typedef struct dd_ds_line {
	uint16_t key_tag;
	uint8_t algorithm;
	uint8_t digest_type;
	char digest[2 * 48 + 1];   /**< uppercase hex */
} dd_ds_line_t;

/** A DNSKEY of the zone. */
typedef struct dd_key_view {
	uint16_t key_tag;
	uint8_t algorithm;
	uint16_t flags;
	unsigned bits;
	bool ds_matched;           /**< a DS at the parent points at it */
	bool signs_dnskey;         /**< a valid RRSIG by it covers the DNSKEY RRset */
	bool supported;
} dd_key_view_t;

/** One zone of the chain. */
/** Where the DS set a zone was judged with came from. */
typedef enum dd_ds_source {
	DD_DS_SOURCE_PARENT = 0,   /**< its parent's servers (the trust anchor for the top zone) */
	DD_DS_SOURCE_GIVEN,        /**< the operator's (dd_evidence_t.given_ds): judged as if the
	                                parent published it, whatever the parent serves */
	DD_DS_SOURCE_UNDELEGATED,  /**< none: the parent does not delegate the zone, which is known
	                                from servers the operator named; judged as a delegation
	                                without DS would be (a pre-delegation test) */
} dd_ds_source_t;

/** "parent", "given", "undelegated" (the JSON report's zone "ds_source"); never NULL. */
DD_API const char *dd_ds_source_name(dd_ds_source_t s);

typedef struct dd_zone_result {
	uint8_t name[DD_NAME_MAXLEN];
	int parent;                /**< index of the parent zone, -1 for the anchor's */
	unsigned depth;            /**< 0 for the anchor's zone */
	dd_status_t status;        /**< worst over the servers */
	char reason[256];
	dd_server_status_t *servers;
	size_t nservers;
	dd_ds_view_t *ds;
	size_t nds;
	dd_key_view_t *keys;
	size_t nkeys;
	dd_ds_line_t *ds_lines;    /**< the DS for each live KSK (SEP, not revoked, supported
	                                algorithm) of the first server that served the DNSKEY RRset */
	size_t nds_lines;
	bool signed_zone;          /**< some server serves DNSKEY/RRSIGs */
	uint32_t ds_ttl, dnskey_ttl, ns_ttl; /**< seconds, 0 if unknown */
	uint32_t neg_ttl;          /**< SOA MINIMUM / negative TTL (RFC 2308), seconds */
	uint32_t soa_expire;       /**< SOA EXPIRE, seconds */
	int64_t earliest_expiration; /**< of the valid RRSIGs seen for this zone, seconds; 0 if none */
	int64_t latest_inception;  /**< of the valid RRSIGs seen for this zone, seconds; 0 if none */
	bool nsec3;                /**< denial by NSEC3 */
	uint16_t nsec3_iterations;
	dd_ds_source_t ds_source;  /**< where its DS set came from */
} dd_zone_result_t;

/** The analysis of one run. */
typedef struct dd_analysis {
	int64_t at;                    /**< validation time used, seconds */
	uint8_t target[DD_NAME_MAXLEN];
	uint16_t qtype;
	dd_status_t target_status;     /**< of target/qtype */
	char target_reason[256];
	bool target_exists;            /**< some server answered with data */
	uint16_t target_denial;        /**< DD_TYPE_NSEC or DD_TYPE_NSEC3: the records of the
	                                    NXDOMAIN/NODATA proof of target/qtype that was checked
	                                    (the worst server's), 0 if none */
	int target_zone;               /**< index of the zone that holds the target */
	uint8_t cname_target[DD_NAME_MAXLEN]; /**< the target's CNAME into another zone, root label
	                                           if none (see dd_evidence_t.cname_target) */
	dd_status_t cname_status;      /**< of cname_target/qtype in its own zone */
	char cname_reason[256];
	int cname_zone;                /**< index of the zone holding cname_target (its servers'
	                                    dd_server_status_t.cname), -1 if none */
	uint8_t nx_name[DD_NAME_MAXLEN];
	dd_status_t nx_status;         /**< of the nonexistent-name probe's denial */
	char nx_reason[256];
	dd_zone_result_t *zones;       /**< in chain order, anchor first */
	size_t nzones;
	dd_finding_t *findings;
	size_t nfindings;
	size_t verifications;          /**< signature verifications made */
	size_t nsec3_hashes;           /**< names hashed for NSEC3 proofs (each iterations + 1 SHA-1) */
	size_t cap_findings;
	int hypothetical_zone;         /**< the first zone of the chain (an index) judged as the
	                                    operator asked rather than as resolvers find it (its
	                                    ds_source is not DD_DS_SOURCE_PARENT: a DS given, or not
	                                    delegated), -1 for none. Resolvers' views saw the DNS as
	                                    it is and are not set against such an analysis */
} dd_analysis_t;

/**
 * Analyse @p ev at time @p at (seconds; RFC 1982 comparison of signature windows). When @p at
 * is not the instant the evidence was collected (dd_evidence_t.started_ms, a what-if such as
 * diagnose --at), the findings that need no clock (all but the signature windows') of an
 * analysis at the collection instant are kept too, so moving the clock only adds or removes
 * faults of the signature windows.
 * @param[out] out  new analysis (dd_analysis_free()); written only on success.
 * @return DD_OK, DD_EINVAL (no zones), DD_ENOMEM.
 * @rfc RFC 4035 5; RFC 5155 8; RFC 6840 5; RFC 9276 3.2
 */
DD_API int dd_analyze(const dd_evidence_t *ev, int64_t at, dd_analysis_t **out);

/** Free an analysis; NULL is a no-op. */
DD_API void dd_analysis_free(dd_analysis_t *an);

/** The result for zone @p name (wire format), or NULL when the analysis has none. The pointer
 *  is borrowed from @p an. */
DD_API const dd_zone_result_t *dd_analysis_zone(const dd_analysis_t *an, const uint8_t *name);

/** Whether some finding has code @p code. */
DD_API bool dd_analysis_has(const dd_analysis_t *an, const char *code);

/**
 * Resolver limits applied to NSEC3 iterations (RFC 9276 3.2): answers whose NSEC3 records use
 * more iterations are treated as insecure by Unbound (val-nsec3-keysize-iterations, 150 since
 * 1.17), BIND 9.18 (150) and Knot Resolver 5 (150). dnssec-doctor applies the same limit.
 */
#define DD_NSEC3_RESOLVER_LIMIT 150

/**
 * How far a validator's clock may plausibly be off, seconds: a wrong time zone or daylight
 * saving setting (up to 14 hours), a machine without a real-time clock before NTP syncs.
 * A signature whose validity window (RFC 4034 3.1.5) starts or ends closer to now than this is
 * reported (RRSIG_WINDOW_EDGE) with the skew that would break it, and a resolver that fails a
 * chain dnssec-doctor finds secure is suspected of CLOCK_SKEW.
 */
#define DD_SKEW_PLAUSIBLE 86400

/**
 * @name Validation work limits
 * Caps on the work one diagnosis does for data a server chose, against KeyTrap
 * (CVE-2023-50387: many DNSKEYs sharing a key tag, many RRSIGs) and NSEC3 hash exhaustion
 * (CVE-2023-50868). The per-RRset caps are at least as strict as the validators' own, so an
 * RRset that needs more work than they allow is one they fail: dnssec-doctor stops at the same
 * point, reports WORK_LIMIT_EXCEEDED (error) and treats the RRset as bogus. The per-diagnosis
 * budgets are dnssec-doctor's own: past them the remaining RRsets are indeterminate and
 * WORK_LIMIT_EXCEEDED is a warning. Everything found before a cap is kept and reported.
 * @{
 */
/** Signature verifications per RRset. Unbound 1.19.1: MAX_VALIDATE_RRSIGS 8
 *  (validator/val_sigcrypt.c); BIND 9.20: max-validations-per-fetch 16. */
#define DD_LIMIT_VERIFY_PER_RRSET 8
/** DNSKEYs tried for one RRSIG (key-tag collisions, RFC 4034 B.1). Unbound counts these
 *  against its 8 per RRset; Unbound's DS side stops after MAX_DS_MATCH_FAILURES 4. */
#define DD_LIMIT_KEYS_PER_RRSIG 4
/** RRSIGs considered per RRset (more: the RRset is one validators give up on). Unbound and
 *  BIND cap the verifications, not the count; 16 is twice Unbound's verification cap. */
#define DD_LIMIT_RRSIGS_PER_RRSET 16
/** Records per RRset. BIND 9.18.28+: max-records-per-type 100 (CVE-2024-1737); such an
 *  RRset is refused (SERVFAIL). */
#define DD_LIMIT_RRSET_RECORDS 100
/** Signature verifications per diagnosis (a testbed diagnosis makes 12-40; the root and a
 *  TLD with every server a few hundred). */
#define DD_LIMIT_VERIFY_TOTAL 4096
/** Names hashed for NSEC3 proofs per diagnosis, each at most DD_NSEC3_RESOLVER_LIMIT + 1
 *  SHA-1 rounds (one proof needs at most 128: a name has at most 127 labels, plus the
 *  wildcard). Unbound 1.19.1 hashes at most MAX_NSEC3_CALCULATIONS 8 per message before it
 *  suspends, and suspends at most MAX_VALIDATION_SUSPENDS 16 times: 136 per message. */
#define DD_LIMIT_NSEC3_HASHES 2048

/** The work limits of one analysis; dd_limits_default() gives the DD_LIMIT_* values. */
typedef struct dd_limits {
	unsigned verify_per_rrset;   /**< DD_LIMIT_VERIFY_PER_RRSET */
	unsigned keys_per_rrsig;     /**< DD_LIMIT_KEYS_PER_RRSIG */
	unsigned rrsigs_per_rrset;   /**< DD_LIMIT_RRSIGS_PER_RRSET at most */
	unsigned rrset_records;      /**< DD_LIMIT_RRSET_RECORDS at most */
	unsigned verify_total;       /**< DD_LIMIT_VERIFY_TOTAL */
	unsigned nsec3_hashes;       /**< DD_LIMIT_NSEC3_HASHES */
} dd_limits_t;
/** @} */

/** The default work limits (the DD_LIMIT_* values). */
DD_API dd_limits_t dd_limits_default(void);

/**
 * dd_analyze() with other work limits (tests, and operators who want stricter ones). Values
 * above the defaults of rrsigs_per_rrset and rrset_records are lowered to them (they size
 * internal arrays); zero means the default.
 * @return as dd_analyze().
 */
DD_API int dd_analyze_limited(const dd_evidence_t *ev, int64_t at, const dd_limits_t *limits,
                              dd_analysis_t **out);

/**
 * dd_analyze_limited() with a memo of signature verdicts shared with other analyses (see
 * dd_verify_memo_t): monitor analyses many zones whose chains share the root and TLDs, and
 * verifies their signatures once per run. @p limits and @p memo may be NULL. Work limits count
 * verifications answered from the memo as well, so caps apply as without it.
 * @return as dd_analyze().
 */
DD_API int dd_analyze_shared(const dd_evidence_t *ev, int64_t at, const dd_limits_t *limits,
                             dd_verify_memo_t *memo, dd_analysis_t **out);

/**
 * Add the notes of a probe run (dd_probe_run_stats()) to @p an as findings: a work limit the
 * probe reached is WORK_LIMIT_EXCEEDED, an address it refused or flags NS_ADDRESS_PRIVATE
 * (warnings, each at the zone concerned, with the address as its server). Call it after
 * dd_analyze() and before dd_diagnose().
 * @return DD_OK, DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_analysis_add_probe(dd_analysis_t *an, const dd_probe_stats_t *stats);

/**
 * dd_analysis_add_probe() from the notes the probe kept in @p ev (dd_evidence_t.notes), so that
 * a replay of saved evidence reports them as the run did. Adding the same notes again (from
 * the run's stats, or twice) changes nothing. Call it after dd_analyze() and before
 * dd_diagnose().
 * @return DD_OK, DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_analysis_add_notes(dd_analysis_t *an, const dd_evidence_t *ev);

/* ---- what one server served, for watching over time (summary.c) -------------------------- */

/** One RRset as one server answered it. */
typedef struct dd_rrset_seen {
	bool answered;         /**< a response to (owner, type) was recorded and parses */
	bool present;          /**< the answer held the RRset */
	int64_t expires;       /**< the latest expiration of its RRSIGs, seconds since the epoch
	                            (RFC 4034 3.1.5, read near the given time, RFC 1982); 0: none */
	dd_rdata_t *rdata;     /**< its records' RDATA in the order served, pointing into buf */
	size_t n;
	uint8_t *buf;          /**< owned */
	uint32_t ttl;          /**< the RRset's TTL as served (the largest of its records), seconds */
	/** the keys its RRSIGs name: (key tag << 8) | algorithm, the first DD_SEEN_SIGNERS */
	uint32_t signers[8];
	size_t nsigners;
} dd_rrset_seen_t;

/** How many signers dd_rrset_seen_t keeps. */
#define DD_SEEN_SIGNERS 8

/**
 * What @p server answered for @p owner / @p type in @p ev (its recorded exchange), with the
 * RRSIG times read near @p at (seconds). No exchange, or one without an answer, gives
 * present false. Free with dd_rrset_seen_free().
 * @return DD_OK, DD_EINVAL, DD_ENOMEM (@p out is then empty).
 */
DD_API int dd_rrset_seen(const dd_evidence_t *ev, const char *server, const uint8_t *owner,
                         uint16_t type, int64_t at, dd_rrset_seen_t *out);

/** Free what dd_rrset_seen() filled; the struct is left empty. NULL is a no-op. */
DD_API void dd_rrset_seen_free(dd_rrset_seen_t *s);

/**
 * When the denial proof @p server gave for @p name (its answer to @p name / A) stops
 * validating: the earliest expiration of the RRSIGs over its @p type records (NSEC or NSEC3)
 * in the authority section, read near @p at, seconds since the epoch; 0 when there are none.
 */
DD_API int64_t dd_denial_expiry(const dd_evidence_t *ev, const char *server, const uint8_t *name,
                                uint16_t type, int64_t at);
