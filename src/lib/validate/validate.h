/* SPDX-License-Identifier: MIT
 * validate.h - internal: the one DNSSEC validation core. diagnose (analysis/), check-zone (zone/)
 * and monitor judge signatures, DS records, CDS/CDNSKEY, denial records and their parameters
 * here, with the same outcome enums, ranks, work caps and finding texts. No I/O, no libuv; works
 * on RRsets, RDATA and keys, never on messages or a zone store. Not installed. */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "dd/analysis.h"
#include "dd/ds.h"
#include "dd/finding.h"
#include "dd/key.h"
#include "dd/rdata.h"
#include "dd/types.h"
#include "dd/verify.h"

/* ---- findings -------------------------------------------------------------------------------- */

/** One finding as the core states it; the caller adds the zone and the server. */
typedef struct dd__vfind {
	const char *code;         /**< vocabulary code (<dd/finding.h>); static */
	dd_severity_t severity;   /**< at least the vocabulary's */
	const uint8_t *owner;     /**< the RRset or record owner; borrowed for the call */
	uint16_t rrtype;
	uint16_t key_tag;
	uint8_t algorithm;
	int64_t when;             /**< a time involved, seconds since the epoch, or 0 */
	char detail[512];
} dd__vfind_t;

/** Where the core's findings go: analysis merges them per zone and server, check-zone counts
 *  them per code. */
typedef struct dd__vsink {
	void (*emit)(void *ctx, const dd__vfind_t *f);
	void *ctx;
} dd__vsink_t;

/** Format and emit one finding into @p sink (NULL: dropped). */
void dd__vemit(const dd__vsink_t *sink, const char *code, dd_severity_t sev, const uint8_t *owner,
               uint16_t rrtype, uint16_t tag, uint8_t alg, int64_t when, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

/* ---- time (time.c) -------------------------------------------------------------------------- */

/**
 * The full time of a 32-bit RRSIG time field @p t: the instant nearest to @p at with those low
 * 32 bits (RFC 4034 3.1.5, RFC 1982 3.2), so windows that wrap in 2106 work.
 * @return seconds since the epoch.
 */
int64_t dd__time_near(uint32_t t, int64_t at);

/* ---- signatures (sigs.c) -------------------------------------------------------------------- */

/**
 * What one RRSIG is worth to a validator (RFC 4035 5.3), in rank order: a lower value is a
 * better outcome, so among failures the lowest is the most telling one (a signature that
 * verifies but is outside its window says more than one that names no key).
 */
typedef enum dd__sigv {
	DD_SIGV_OK = 0,          /**< verifies, inside its window, key usable */
	DD_SIGV_REVOKED_OK,      /**< the DNSKEY RRset signed by a revoked key (RFC 5011 2.1) */
	DD_SIGV_EXPIRED,         /**< verifies, expiration past */
	DD_SIGV_NOT_YET_VALID,   /**< verifies, inception in the future */
	DD_SIGV_INVERTED,        /**< expiration before inception: never valid */
	DD_SIGV_INVALID,         /**< does not verify with any key of its tag and algorithm */
	DD_SIGV_KEY_UNUSABLE,    /**< verifies, but the key lacks the Zone Key flag or protocol 3
	                              (RFC 4034 2.1.1, 2.1.2), or is revoked (outside the DNSKEY
	                              RRset, RFC 5011 2.1) */
	DD_SIGV_SIGNER,          /**< Signer's Name is not the zone apex */
	DD_SIGV_LABELS,          /**< Labels field does not fit the owner */
	DD_SIGV_UNAUTHENTICATED, /**< by a key of the set that the DS does not point at */
	DD_SIGV_NOKEY,           /**< no DNSKEY of that tag and algorithm in the set */
	DD_SIGV_UNSUPPORTED,     /**< algorithm this build cannot verify */
	DD_SIGV_MALFORMED,       /**< RRSIG RDATA does not parse */
	DD_SIGV_LIMIT,           /**< KeyTrap: more keys share its tag than are tried */
	DD_SIGV_BUDGET,          /**< not verified: the run's verification budget is spent */
	DD_SIGV_NONE,            /**< RRset level: no RRSIG at all */
} dd__sigv_t;

/** Short name of an outcome ("expired", ...), for reasons; never NULL. */
const char *dd__sigv_name(dd__sigv_t v);

/** Whether @p v lets a validator use the signature (OK, or REVOKED_OK over the DNSKEY RRset). */
bool dd__sigv_usable(dd__sigv_t v);

/** A DNSKEY of the set, loaded once. */
typedef struct dd__vkey {
	dd_key_t *key;           /**< NULL when the RDATA does not load; owned by the caller */
	uint16_t tag;
	uint8_t alg;
	uint16_t flags;
} dd__vkey_t;

/** The DNSKEY RRset a signature is judged against. */
typedef struct dd__vkeys {
	const uint8_t *zone;     /**< the apex: every usable RRSIG names it as Signer's Name */
	const dd__vkey_t *keys;
	size_t n;
	/** NULL, or only keys[i] with allowed[i] may validate (the DNSKEY RRset: only keys a DS
	 *  or anchor authenticates, RFC 4035 5.2); signatures by the others are UNAUTHENTICATED. */
	const bool *allowed;
} dd__vkeys_t;

/** check-zone's verification cache (vcache.c); opaque. */
typedef struct dd__vcache dd__vcache_t;

/** How signatures are judged: time, caps, memo, cache. */
typedef struct dd__vopts {
	int64_t at;              /**< validation time, seconds since the epoch */
	dd_limits_t lim;         /**< the work caps (dd_limits_default() unless the caller says) */
	bool exact_labels;       /**< a zone file: Labels must equal the owner's label count; a
	                              response: fewer labels is a wildcard expansion (RFC 4035 5.3.2) */
	dd_verify_memo_t *memo;  /**< shared crypto verdicts, or NULL */
	dd__vcache_t *vcache;    /**< crypto verdicts of earlier runs (check-zone --cache), or
	                              NULL; asked only where OpenSSL would be */
} dd__vopts_t;

/** The verification budget of a whole run (dd_limits_t.verify_total); NULL: unlimited. */
typedef struct dd__vbudget {
	size_t used;
	size_t max;
} dd__vbudget_t;

/** One RRSIG's outcome, compact (check-zone keeps one per signature of a zone). */
typedef struct dd__sigout {
	uint8_t v;               /**< dd__sigv_t */
	uint8_t key;             /**< index of the key that verified it (usable or window failure),
	                              0xff if none */
	uint8_t tries;           /**< verifications made */
	uint8_t same_tag;        /**< keys sharing its tag and algorithm (capped at 255) */
} dd__sigout_t;

/**
 * Judge one RRSIG over @p set with the keys of @p keys: Signer's Name, Labels, then each key of
 * its tag and algorithm (at most lim.keys_per_rrsig, RFC 4034 B.1 collisions) until one verifies.
 * @param budget  counts verifications; when spent the outcome is DD_SIGV_BUDGET. May be NULL.
 * @return DD_OK (the outcome in @p out), DD_ENOMEM.
 * @rfc RFC 4035 5.3.1-5.3.3; RFC 5011 2.1; RFC 6840 5.1
 */
int dd__validate_sig(const dd_rrset_t *set, const dd_rdata_t *rrsig, const dd__vkeys_t *keys,
                     const dd__vopts_t *o, dd__vbudget_t *budget, dd__sigout_t *out);

/** Which work cap stopped the check of an RRset (dd_limits_t). */
typedef enum dd__vlimit {
	DD_VLIMIT_NONE = 0,
	DD_VLIMIT_RECORDS,       /**< more records than validators accept in one RRset */
	DD_VLIMIT_RRSIGS,        /**< more RRSIGs than are considered */
	DD_VLIMIT_COLLISIONS,    /**< more DNSKEYs share an RRSIG's tag than are tried */
	DD_VLIMIT_VERIFY,        /**< verifications per RRset */
	DD_VLIMIT_BUDGET,        /**< verifications per run */
} dd__vlimit_t;

/** The verdict on one RRset and its RRSIGs. */
typedef struct dd__rrsetv {
	dd__sigv_t v;            /**< OK when an RRSIG validates; NONE without RRSIGs; LIMIT or
	                              BUDGET when a cap stopped the check first; UNSUPPORTED when
	                              every RRSIG is of an algorithm this build cannot verify; else
	                              the most telling failure */
	int best;                /**< index of the RRSIG behind v, -1 */
	dd__vlimit_t limit;
	uint16_t limit_tag;      /**< with COLLISIONS: the shared tag and algorithm */
	uint8_t limit_alg;
	size_t same_tag;         /**< with COLLISIONS: how many keys share it */
	size_t nrecords;         /**< records served */
	size_t nsigs;            /**< RRSIGs served */
	size_t considered;       /**< RRSIGs judged (outs[0, considered)) */
	unsigned tried;          /**< verifications made */
	int64_t expires;         /**< latest expiration of the usable RRSIGs: when the RRset stops
	                              validating; 0 if none */
	int64_t valid_from;      /**< earliest inception of the usable RRSIGs; 0 if none */
	uint8_t algs_ok[8];      /**< algorithms with a usable RRSIG */
	uint8_t nalgs_ok;
} dd__rrsetv_t;

/** Whether algorithm @p alg has a usable RRSIG in @p rv. */
bool dd__rrsetv_alg_ok(const dd__rrsetv_t *rv, uint8_t alg);

/**
 * Judge an RRset as a validator does: each of its first lim.rrsigs_per_rrset RRSIGs with
 * dd__validate_sig(), within lim.verify_per_rrset verifications, and an RRset of more than
 * lim.rrset_records records refused (KeyTrap, CVE-2023-50387; CVE-2024-1737).
 *
 * @param sigs, nsigs  the RRSIGs collected (at most lim.rrsigs_per_rrset are judged).
 * @param served_sigs, served_records  how many the answer carried (>= those collected).
 * @param outs  one outcome per judged RRSIG (at least min(nsigs, rrsigs_per_rrset)).
 * @return DD_OK (verdict in @p rv), DD_ENOMEM.
 * @rfc RFC 4035 5.3; RFC 6840 5.11
 */
int dd__validate_rrset(const dd_rrset_t *set, const dd_rdata_t *sigs, size_t nsigs,
                       size_t served_sigs, size_t served_records, const dd__vkeys_t *keys,
                       const dd__vopts_t *o, dd__vbudget_t *budget, dd__sigout_t *outs,
                       dd__rrsetv_t *rv);

/**
 * The verdict on an RRset whose RRSIGs were judged one by one elsewhere (check-zone verifies
 * them on worker threads): aggregates @p outs as dd__validate_rrset() does.
 */
void dd__validate_rrset_merge(const dd_rrset_t *set, const dd_rdata_t *sigs,
                              const dd__sigout_t *outs, size_t nsigs, const dd__vopts_t *o,
                              dd__rrsetv_t *rv);

/**
 * Report what is wrong with an RRset's signatures, in the words every command uses:
 * RRSIG_MISSING (none; or none of an algorithm of @p active, RFC 4035 2.2), per algorithm the
 * most telling failure when no RRSIG of it validates (RRSIG_EXPIRED, RRSIG_NOT_YET_VALID,
 * RRSIG_INVALID, RRSIG_SIGNER_INVALID, RRSIG_LABELS_INVALID), RRSIG_REDUNDANT_INVALID for a
 * failing RRSIG beside a valid one of its algorithm, RRSIG_TTL_MISMATCH, WORK_LIMIT_EXCEEDED.
 *
 * @param active  algorithms that sign the DNSKEY RRset (256 flags), or NULL to skip the
 *                per-algorithm completeness rule.
 */
void dd__validate_rrset_report(const dd_rrset_t *set, const dd_rdata_t *sigs,
                               const dd__sigout_t *outs, const dd__rrsetv_t *rv,
                               const dd__vkeys_t *keys, const dd__vopts_t *o,
                               const bool *active, const dd__vsink_t *sink);

/**
 * RRSIG_MISPLACED: the RRSIGs of @p owner/@p type are served in another section of the response
 * than the RRset (@p rrset_section, @p sig_section: "answer", "authority", "additional"), which
 * RFC 4035 3.1.1 forbids; @p validates says whether they validate the RRset there. A validator
 * that looks for them beside the RRset (BIND) fails the answer; Unbound does not (measured,
 * docs/peer-suites.md).
 * @rfc RFC 4035 3.1.1
 */
void dd__validate_rrsig_section(const uint8_t *owner, uint16_t type, const char *rrset_section,
                                const char *sig_section, bool validates, const dd__vsink_t *sink);

/**
 * The algorithms that sign the DNSKEY RRset (RFC 4035 2.2), from its RRSIGs' outcomes: those
 * that verify (inside their window or not), and those by a key of the set that was not tried
 * because no DS points at it. @p active gets 256 flags (set, never cleared).
 */
void dd__validate_active_algs(const dd_rdata_t *sigs, const dd__sigout_t *outs, size_t n,
                              bool active[256]);

/**
 * ALGORITHM_INCOMPLETE for each algorithm of the zone's keys (Zone Key flag, not revoked,
 * supported, loadable) that does not sign the DNSKEY RRset: a stand-by key (RFC 4035 2.2; RFC
 * 6840 5.11 lets validators accept it).
 */
void dd__validate_algorithms(const dd__vkeys_t *keys, const bool active[256],
                             const dd__vsink_t *sink);

/**
 * ZSK_STANDBY (notice) for each ZSK (Zone Key flag, no SEP, not revoked) of @p keys that signs
 * none of the apex RRsets checked while another ZSK of its algorithm does (@p signs: parallel
 * to keys->keys, true for a key that made a valid signature over them): a ZSK pre-published
 * for a roll, or one retired after it (RFC 6781 4.1.1.1; RFC 7583 3.2). One snapshot cannot
 * tell which, nor since when; the sentence gives both next steps with their RFC 7583 waits
 * from @p ttl_dnskey and @p ttl_max (seconds; 0 unknown) and names monitor for the dates.
 */
void dd__validate_standby_zsk(const dd__vkeys_t *keys, const bool *signs, uint32_t ttl_dnskey,
                              uint32_t ttl_max, const dd__vsink_t *sink);

/** The finding code a failed RRset verdict is reported under ("RRSIG_EXPIRED", ...), or NULL
 *  for OK and UNSUPPORTED (reported at the key, not the RRset). */
const char *dd__sigv_code(dd__sigv_t v);

/* ---- DS, DNSKEY, CDS/CDNSKEY (ds.c) --------------------------------------------------------- */

/** A DNSKEY RRset as RDATA: the owner and each key's RDATA. */
typedef struct dd__vrdset {
	const uint8_t *owner;
	const dd_rdata_t *rd;
	size_t n;
	bool unknown;  /**< not asked, or no authoritative answer: an empty set may exist */
} dd__vrdset_t;

/**
 * Classify one DS against the zone's DNSKEYs: MATCHES, DIGEST_MISMATCH (tag and algorithm
 * name a key whose digest differs), ALGORITHM_MISMATCH (tag and digest name a key of another
 * algorithm), MATCHES_CDS_ONLY (it is a CDS/CDNSKEY the zone announces but no DNSKEY), NO_SUCH_KEY,
 * UNSUPPORTED (algorithm or digest type this build cannot use).
 * @param keys  the DNSKEY RRset; @p cds, @p cdnskey the zone's CDS and CDNSKEY (n may be 0).
 * @param[out] matched  when not NULL, matched[i] is set for every key the DS authenticates.
 * @rfc RFC 4034 5.1.4; RFC 4035 5.2; RFC 7344 4
 */
dd_ds_state_t dd__validate_ds_class(const dd_ds_t *ds, const dd__vrdset_t *keys,
                                    const dd__vrdset_t *cds, const dd__vrdset_t *cdnskey,
                                    bool *matched);

/** What the DS → DNSKEY link looked like, for dd__validate_ds_report(). */
typedef struct dd__dslink {
	const uint8_t *zone;        /**< the child apex */
	const dd_ds_t *ds;          /**< the parent's DS RRset (parsed) */
	const dd_ds_state_t *state; /**< dd__validate_ds_class() of each */
	size_t nds;
	bool has_dnskey;            /**< the zone serves (holds) a DNSKEY RRset */
	bool served_unsigned;       /**< no DNSKEY and no RRSIG at all: the zone is unsigned */
	/** the best outcome among the DNSKEY RRset's RRSIGs by keys some DS matches (NONE when
	 *  there is none) */
	dd__sigv_t ds_key_sig;
	/** the DS are trust anchors (the top zone), not a parent's DS RRset: an anchor for a key
	 *  not published (a successor announced ahead, RFC 7958; or a retired one) is no fault */
	bool anchors;
} dd__dslink_t;

/**
 * Report the DS → DNSKEY link in the words every command uses: DS_WITHOUT_DNSKEY (the zone is
 * unsigned), DS_DIGEST_MISMATCH / DS_ALGORITHM_MISMATCH / ROLLOVER_INCOMPLETE /
 * DS_NO_MATCHING_DNSKEY (no DS matches: the most telling one), DNSKEY_NOT_SIGNED_BY_DS_KEY,
 * DS_STALE_EXTRA (an unmatched DS beside a working one). Nothing when every DS is unusable
 * (dd__validate_ds_set() says that).
 * @rfc RFC 4035 5.2
 */
void dd__validate_ds_report(const dd__dslink_t *l, const dd__vsink_t *sink);

/**
 * What the parent's DS RRset says by itself: ALGORITHM_UNSUPPORTED when no DS is usable (each
 * unsupported algorithm or digest type named), DS_DIGEST_WEAK for each SHA-1 or GOST digest.
 * @rfc RFC 4035 5.2; RFC 8624 3.3
 */
void dd__validate_ds_set(const uint8_t *zone, const dd_ds_t *ds, size_t nds,
                         const dd__vsink_t *sink);

/**
 * What the trust anchors of @p zone say by themselves (the DS or DNSKEY records among
 * @p anchors owned by @p zone): ALGORITHM_UNSUPPORTED when there are some and none uses an
 * algorithm (and, for a DS, a digest type) validators implement, each named: such an anchor
 * is no anchor, and the zone is insecure to them.
 * @rfc RFC 4035 5.2 (the same rule as a DS set's); RFC 5011 (anchors as DS or DNSKEY)
 */
void dd__validate_anchor_set(const uint8_t *zone, const dd_rr_t *anchors, size_t n,
                             const dd__vsink_t *sink);

/**
 * The link from a DNSKEY trust anchor of @p zone (key tag @p tag, algorithm @p alg) to the
 * zone's DNSKEY RRset, whose signatures came out @p sig: DNSKEY_NOT_SIGNED_BY_DS_KEY when the
 * anchor's key does not sign it (no RRSIG at all, or only by other keys), worded for an anchor
 * (a DS set's link is dd__validate_ds_report()'s).
 * @rfc RFC 4035 5.2 (the anchor stands where an authenticated DS would)
 */
void dd__validate_anchor_link(const uint8_t *zone, uint16_t tag, uint8_t alg, dd__sigv_t sig,
                              const dd__vsink_t *sink);

/**
 * SEP_MISSING_FOR_ALGORITHM for each algorithm of @p active without an RRSIG over the DNSKEY
 * RRset by a key with the SEP flag (one outside its window still counts: it is reported as
 * such). @p sigs / @p outs are the DNSKEY RRset's RRSIGs and their outcomes.
 * @rfc RFC 4035 2.1; RFC 4034 2.1.1
 */
void dd__validate_sep(const dd__vkeys_t *keys, const dd_rdata_t *sigs, const dd__sigout_t *outs,
                      size_t n, const bool active[256], const dd__vsink_t *sink);

/** Whether CDS/CDNSKEY RDATA is an RFC 8078 4 delete request (algorithm 0). */
bool dd__cds_is_delete(uint16_t type, const uint8_t *rd, size_t len);

/**
 * CDS and CDNSKEY against each other and the DNSKEY RRset (RFC 7344 4, RFC 8078 4):
 * CDS_CDNSKEY_UNPAIRED, CDS_MISMATCH (a CDS or CDNSKEY that matches no key, malformed or
 * non-lone delete records, CDS and CDNSKEY disagreeing), DS_DIGEST_WEAK for a CDS digest, and
 * CDS_DELETE for delete records unless @p ds_present is 0 (the parent has no DS: nothing to
 * delete); 1 the parent has a DS, -1 not known (a zone file without --ds). With the parent's
 * DS set (@p ds, @p nds; none known: 0), a published KSK the CDS/CDNSKEY announce that no DS
 * points at, beside one a DS does, is ROLLOVER_IN_PROGRESS (double-KSK, RFC 6781 4.1.2).
 */
void dd__validate_cds(const dd__vrdset_t *keys, const dd__vrdset_t *cds,
                      const dd__vrdset_t *cdnskey, int ds_present, const dd_ds_t *ds,
                      size_t nds, const dd__vsink_t *sink);

/**
 * The DNSKEY RRset's own faults, in the words every command uses: DNSKEY_INVALID (too short,
 * a public key malformed for its algorithm, protocol not 3) and DNSKEY_KEYTAG_COLLISION
 * (several keys share a tag and algorithm: KeyTrap, RFC 4034 B.1). @p keys and @p rd are
 * parallel: keys->keys[i] was loaded from rd[i] (its key NULL when it did not load), for the
 * first keys->n of the @p nrd records.
 * @rfc RFC 4034 2.1, B.1
 */
void dd__validate_dnskeys(const dd__vkeys_t *keys, const dd_rdata_t *rd, size_t nrd,
                          const dd__vsink_t *sink);

/**
 * The DS records a zone needs at its parent: one SHA-256 DS per live KSK (SEP flag, not
 * revoked, algorithm supported) of @p keys. @return how many were written (at most @p cap).
 * @rfc RFC 4034 5.1.4; RFC 4509; RFC 8624 3.3
 */
size_t dd__validate_ds_lines(const dd__vrdset_t *keys, dd_ds_line_t *out, size_t cap);

/* ---- denial of existence (denial.c) --------------------------------------------------------- */

/** Is @p name strictly between @p owner and @p next in canonical order (the last NSEC wraps to
 *  the apex)? @rfc RFC 4034 4.1.1, 6.1 */
bool dd__nsec_covers(const uint8_t *owner, const uint8_t *next, const uint8_t *name);

/** Is hash @p h strictly between @p owner and @p next (the last NSEC3 wraps)? @rfc RFC 5155 8.3 */
bool dd__nsec3_covers(const uint8_t *owner, const uint8_t *next, const uint8_t *h);

/**
 * Decode a type bitmap into ascending types (RFC 4034 4.1.2).
 * @return the number of types, or -1 when malformed (@p why says how) or more than @p cap.
 */
int dd__bitmap_types(const uint8_t *bm, size_t len, uint16_t *out, size_t cap, const char **why);

/**
 * NSEC_BITMAP_WRONG in the words every command uses, when @p extra (listed, absent) or
 * @p missing (present, not listed) is not empty. @p rtype is NSEC or NSEC3; @p owner the
 * record's owner, @p name the name it stands for.
 * @rfc RFC 4034 4.1.2; RFC 5155 3.2
 */
void dd__validate_bitmap_report(uint16_t rtype, const uint8_t *owner, const uint8_t *name,
                                const uint16_t *extra, size_t nextra, const uint16_t *missing,
                                size_t nmissing, const dd__vsink_t *sink);

/**
 * A bitmap against every type its name holds (a zone file knows them all): malformed bitmaps
 * and any difference are NSEC_BITMAP_WRONG. @p have ascending, without duplicates; at most 512
 * are compared.
 */
void dd__validate_bitmap(uint16_t rtype, const uint8_t *owner, const uint8_t *name,
                         const uint8_t *bm, size_t bmlen, const uint16_t *have, size_t nhave,
                         const dd__vsink_t *sink);

/**
 * NSEC3 parameters against RFC 9276: NSEC3_ITERATIONS_EXCESSIVE above what validators accept
 * (DD_NSEC3_RESOLVER_LIMIT), NSEC3_PARAMETERS_NOT_RECOMMENDED for any iterations or salt.
 * @p owner is where the parameters were seen (the apex NSEC3PARAM or the NSEC3 records).
 */
void dd__validate_nsec3_params(const uint8_t *owner, uint16_t rtype, uint16_t iterations,
                               uint8_t salt_len, const dd__vsink_t *sink);

/**
 * NSEC3PARAM_MISMATCH: the NSEC3PARAM @p param names no chain; @p chain are the parameters of
 * the NSEC3 records in use, or NULL when there are none.
 * @rfc RFC 5155 4
 */
void dd__validate_nsec3param_report(const uint8_t *zone, const dd_nsec3_t *param,
                                    const dd_nsec3_t *chain, const dd__vsink_t *sink);

/** Whether two NSEC3/NSEC3PARAM records have the same hash algorithm, iterations and salt. */
bool dd__nsec3_same_params(const dd_nsec3_t *a, const dd_nsec3_t *b);

/** Outcome of a denial proof. */
typedef enum dd__proof {
	DD_PROOF_OK = 0,
	DD_PROOF_INSECURE,   /**< NSEC3 over the resolver iteration limit, unknown hash, Opt-Out */
	DD_PROOF_BAD,        /**< the records do not prove it */
	DD_PROOF_NONE,       /**< no NSEC or NSEC3 at all */
	DD_PROOF_BUDGET,     /**< the run's NSEC3 hashing budget is spent */
} dd__proof_t;

/** The NSEC3 hashing budget of a run (dd_limits_t.nsec3_hashes). */
typedef struct dd__hbudget {
	size_t used;
	size_t max;
} dd__hbudget_t;

/** What a proof found, beyond its outcome. */
typedef struct dd__proofinfo {
	bool nsec3;              /**< NSEC3 records were used */
	uint16_t iterations;     /**< their iterations */
	uint8_t salt_len;
	char why[200];           /**< with BAD and NONE: what is missing */
	bool unmatched;          /**< the record a name of the zone must have is missing (RFC 4035
	                              2.3, RFC 5155 7.1): NODATA with no NSEC/NSEC3 standing for
	                              the name (nor an empty non-terminal, wildcard or Opt-Out
	                              proof); NXDOMAIN with NSEC where the NSEC returned ends at a
	                              name before the one asked, which then has no NSEC of its own */
	uint8_t missing[DD_NAME_MAXLEN]; /**< with unmatched: that name */
} dd__proofinfo_t;

/**
 * Does the set of NSEC or NSEC3 records @p rrs (a negative answer's authority section; other
 * types are ignored) prove that @p qname does not exist (@p nxdomain) or has no @p qtype?
 * Signatures are the caller's (dd__validate_rrset() on each NSEC/NSEC3 RRset). NSEC: RFC 4035
 * 5.4; NSEC3: closest encloser, next closer, wildcard (RFC 5155 8.3-8.7), insecure above
 * DD_NSEC3_RESOLVER_LIMIT iterations (RFC 9276 3.2) or under Opt-Out (RFC 5155 6).
 * @param zone  the zone the denial comes from.
 */
dd__proof_t dd__validate_denial(const dd_rr_t *rrs, size_t n, const uint8_t *zone,
                                const uint8_t *qname, uint16_t qtype, bool nxdomain,
                                dd__hbudget_t *budget, dd__proofinfo_t *info);

/**
 * A positive answer for @p qname synthesized from a wildcard (its RRSIG's Labels field,
 * @p labels, is below the owner's label count, RFC 4035 5.3.4): do the NSEC or NSEC3 records
 * @p rrs (the answer's authority section; others ignored) prove that no closer match exists?
 * NSEC: one covers @p qname (RFC 4035 5.3.4); NSEC3: one covers the next closer name, the
 * closest encloser (the rightmost @p labels labels) plus one label (RFC 5155 8.8), insecure
 * when that NSEC3 has Opt-Out (RFC 5155 9.2), above DD_NSEC3_RESOLVER_LIMIT iterations or with
 * an unknown hash (info->why says which). Signatures are the caller's. DD_PROOF_OK when
 * @p labels is not below the owner's count (no expansion).
 */
dd__proof_t dd__validate_wildcard_answer(const dd_rr_t *rrs, size_t n, const uint8_t *zone,
                                         const uint8_t *qname, unsigned labels,
                                         dd__hbudget_t *budget, dd__proofinfo_t *info);

/**
 * Find the NSEC or NSEC3 among @p rrs that stands for @p name itself (NSEC owner equal to it,
 * or NSEC3 matching its hash) and return its type bitmap.
 * @return true with @p bm / @p len set, false when there is none (or the hash budget is spent).
 */
bool dd__denial_bitmap_of(const dd_rr_t *rrs, size_t n, const uint8_t *name,
                          dd__hbudget_t *budget, const uint8_t **bm, size_t *len, bool *nsec3);

/* ---- DNAME (dname.c) ------------------------------------------------------------------------- */

/**
 * May the DNAME RRset at @p owner, validated through the RRSIG @p sig, synthesize the CNAME for
 * @p qname? Not when the RRSIG's Labels field is below the owner's label count: the DNAME was
 * expanded from a wildcard, and a DNAME owned by a wildcard is not used for redirection (RFC
 * 4592 4.4, RFC 6672 3.3). Unbound fails the answer (bogus, EDE 6); BIND accepts it.
 * @return true when it may; false after emitting DNAME_WILDCARD into @p sink.
 */
bool dd__validate_dname_source(const uint8_t *owner, const dd_rdata_t *sig, const uint8_t *qname,
                               const dd__vsink_t *sink);

/* ---- the verification cache (vcache.c) ------------------------------------------------------ */

/** Octets of one cached verdict, in the file and in memory (digest 32, generation and verdict
 *  4); memory adds one octet per loaded entry (used in this run) and a bucket index of at most
 *  two octets per entry. */
#define DD_VCACHE_ENTRY_OCTETS 36u
/** Entries a cache file may hold (a zone of DD_ZONE_MAX_RECORDS signatures). */
#define DD_VCACHE_MAX_ENTRIES ((size_t)100000000)
/** Runs a verdict not used again survives by default (generation-based pruning). */
#define DD_VCACHE_KEEP_RUNS 3u

/** What one cache did in a run. */
typedef struct dd__vcache_stats {
	size_t hits;             /**< verdicts answered from the file */
	size_t misses;           /**< signatures verified with OpenSSL (and remembered) */
	size_t loaded;           /**< entries read from the file */
	size_t written;          /**< entries written by dd__vcache_save() */
	size_t pruned;           /**< entries dropped by it: not used in the last keep runs */
	uint32_t generation;     /**< this run's generation (the file's + 1) */
} dd__vcache_stats_t;

/**
 * Open the verification cache in file @p path for one run. An absent file gives an empty cache
 * (the file is made by dd__vcache_save()). A file that cannot be trusted (too short, not a
 * cache, another version, a size or checksum that does not match, entries out of order, owned by
 * another user or writable by others, unreadable) gives an empty cache too, and @p notice
 * explains it in one sentence; a file that is not a cache, or not ours, is never written.
 *
 * @param keep  runs a verdict survives without being used (at least 1; DD_VCACHE_KEEP_RUNS).
 * @param[out] out  owned (dd__vcache_free()); written only on DD_OK.
 * @param[out] notice  "" or the sentence, at most @p nlen octets with the NUL.
 * @return DD_OK (a usable cache, maybe empty), DD_EINVAL, DD_ENOMEM.
 */
int dd__vcache_open(const char *path, unsigned keep, dd__vcache_t **out, char *notice,
                    size_t nlen);

/** The verdict of a signature by its key (crypto/verdicts.h), and the verdict just computed;
 *  thread-safe. @p ctx is the dd__vcache_t. */
bool dd__vcache_get(void *ctx, const uint8_t key[32], dd_crypto_t *out);
void dd__vcache_put(void *ctx, const uint8_t key[32], dd_crypto_t verdict);

/**
 * Write the cache back: the entries used or made in this run and those of the last keep - 1
 * runs, into a temporary file beside it, synced and renamed over it (atomic: a concurrent
 * reader sees the old file or the new one). Nothing is written for a file that was not ours.
 * @param[out] notice  "" or why the file was not written.
 * @return DD_OK, DD_EIO (notice says why), DD_ENOMEM, DD_EINVAL.
 */
int dd__vcache_save(dd__vcache_t *vc, char *notice, size_t nlen);

/** This run's counts into @p st. */
void dd__vcache_stats(dd__vcache_t *vc, dd__vcache_stats_t *st);

/** Free a cache; NULL is a no-op. */
void dd__vcache_free(dd__vcache_t *vc);
