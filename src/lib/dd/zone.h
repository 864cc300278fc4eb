/* SPDX-License-Identifier: MIT
 * zone.h - offline verification of a signed zone file (check-zone): every signature with real
 * cryptography on all cores, the NSEC/NSEC3 chain, the apex keys, CDS/CDNSKEY, a DS to match,
 * and the signature expiry horizon. */

/**
 * @file
 * dd_zone_check_file() reads a zone file (plain or gzip, or standard input) once with
 * libzscanner into a compact store (about 24 octets per record plus its RDATA and each owner
 * name once), orders it canonically (RFC 4034 6.1; a file already in canonical order, as every
 * signer writes it, is not sorted again), checks the zone's structure and its NSEC or NSEC3
 * chain on the calling thread while worker threads verify every RRSIG, and returns the
 * findings in the vocabulary shared with diagnose (<dd/finding.h>).
 *
 * Checks (RFC 4035 2, RFC 4034, RFC 5155 7, RFC 6840 5.11, RFC 7344 4, RFC 8078 4, RFC 8624,
 * RFC 9276):
 *  - every authoritative RRset has a valid signature of every algorithm of the apex DNSKEY
 *    RRset, inside its validity window at the check time, with the right Signer's Name,
 *    Labels and Original TTL; no signatures over delegation NS, glue or occluded data;
 *  - the DNSKEY RRset is signed, for each algorithm, by a key with the SEP flag;
 *  - DS records only at delegations; NSEC or NSEC3 at exactly the names that need one, in one
 *    closed chain in canonical (or hash) order, with exact type bitmaps; NSEC3PARAM matching the
 *    chain; Opt-Out spans that really only hold insecure delegations; RFC 9276 parameters;
 *  - algorithms and digest types against RFC 8624; malformed keys; key tag collisions;
 *  - CDS/CDNSKEY against each other and the DNSKEY RRset, delete records (RFC 8078 4);
 *  - given DS records (the parent's, or the registrar's), whether one matches a key that
 *    signs the DNSKEY RRset;
 *  - the earliest signature expiration per RRset type and overall, and RRSIG_EXPIRING when
 *    it falls within the warning window;
 *  - the apex ZONEMD (RFC 8976): the SIMPLE digest (SHA-384, SHA-512) over the zone in
 *    canonical order, its serial against the SOA's, repeated scheme and hash algorithm
 *    pairs, unsupported schemes and hash algorithms.
 */
#pragma once

#include <dd/types.h>
#include <dd/finding.h>
#include <dd/zonefile.h>

/** Progress of a running check, for a person watching a large zone. */
typedef struct dd_zone_progress {
	const char *phase;          /**< "reading", "sorting", "verifying"; static */
	size_t records;             /**< records read so far */
	size_t signatures;          /**< signatures to verify (0 while reading) */
	size_t verified;            /**< signatures verified so far */
	double elapsed;             /**< seconds since the check started */
} dd_zone_progress_t;

/** Records check-zone reads by default (a zone of 100 million records needs about 13 GB). */
#define DD_ZONE_MAX_RECORDS ((size_t)100000000)
/** Memory budget by default: the record store plus the text held in memory, octets. */
#define DD_ZONE_MAX_MEMORY ((size_t)8 << 30)

/**
 * A verification cache (check-zone --cache FILE): the cryptographic verdicts of signatures
 * verified by earlier runs, so a re-check verifies only the signatures it has not seen. Opaque.
 * Only "valid" or "invalid" is kept, keyed by the SHA-256 of the DNSKEY RDATA, the RRSIG RDATA
 * and the signed data (RFC 4034 3.1.8.1); the validity window and every other rule are judged
 * at the check time on every run. The file is replaced atomically; a file that cannot be
 * trusted is ignored with a notice (docs/architecture.md, "The verification cache").
 */
typedef struct dd__vcache dd_zone_cache_t;

/**
 * Open the cache in @p path (absent: empty, made by dd_zone_cache_save()).
 * @param[out] cache  owned (dd_zone_cache_free()); written only on DD_OK.
 * @param[out] notice  "" or one sentence on a file set aside (corrupt, truncated, foreign,
 *                     not trusted); the check then verifies every signature.
 * @return DD_OK, DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_zone_cache_open(const char *path, dd_zone_cache_t **cache, char *notice,
                              size_t nlen);

/**
 * Write the cache back after a check (atomic replacement; verdicts unused for 3 runs dropped).
 * @param[out] notice  "" or why it was not written.
 * @return DD_OK, DD_EIO (notice says why), DD_ENOMEM, DD_EINVAL.
 */
DD_API int dd_zone_cache_save(dd_zone_cache_t *cache, char *notice, size_t nlen);

/** Free a cache; NULL is a no-op. */
DD_API void dd_zone_cache_free(dd_zone_cache_t *cache);

/** Options of a check. Zero-initialise, then set what you need. */
typedef struct dd_zone_check_opts {
	const char *origin;         /**< zone apex as text; NULL: the owner of the file's first SOA */
	int64_t at;                 /**< check time, seconds since the epoch (0 is taken as is) */
	int64_t expire_warn;        /**< warning window, seconds (the seeds' threshold: 7 days) */
	unsigned threads;           /**< reading and verification threads; 0: every online CPU */
	const dd_rr_t *ds;          /**< DS records to match against the zone's keys; borrowed */
	size_t nds;
	size_t max_findings_per_code; /**< detailed findings kept per code (the rest are
	                                   counted); 0 means 20 */
	/** Directory trees $INCLUDE may read besides the zone file's own (dd_zonefile_opts_t);
	 *  borrowed. */
	const char *const *include_dirs;
	size_t ninclude_dirs;
	/** Records read at most (DD_ELIMIT past it); 0: DD_ZONE_MAX_RECORDS. */
	size_t max_records;
	/** Memory budget of the store and of text held in memory, octets (DD_ELIMIT past it);
	 *  0: DD_ZONE_MAX_MEMORY. A plain zone file is mapped and not counted. */
	size_t max_memory;
	/** Called on the calling thread about twice a second; may be NULL. */
	void (*progress)(const dd_zone_progress_t *p, void *ctx);
	void *progress_ctx;
	/** Verification cache (dd_zone_cache_open()), or NULL; borrowed; one check at a time. */
	dd_zone_cache_t *cache;
	/** Octets of zone text per piece when @c threads scanners read it at once
	 *  (dd_zonefile_opts_t.chunk_size); 0: DD_ZONEFILE_CHUNK. */
	size_t parse_chunk;
} dd_zone_check_opts_t;

/** How many findings of one code a check made (findings kept in detail may be fewer). */
typedef struct dd_zone_code_count {
	const char *code;           /**< static */
	dd_severity_t severity;
	size_t count;
} dd_zone_code_count_t;

/** The earliest signature expiration of one RRset type. */
typedef struct dd_zone_expiry {
	uint16_t type;
	int64_t expiration;         /**< seconds since the epoch; of the RRset whose last valid
	                                 signature expires first */
	uint8_t owner[DD_NAME_MAXLEN]; /**< that RRset's owner */
	size_t rrsets;              /**< signed RRsets of this type */
} dd_zone_expiry_t;

/** A DNSKEY of the apex. */
typedef struct dd_zone_key {
	uint16_t key_tag;
	uint8_t algorithm;
	uint16_t flags;
	unsigned bits;
	bool supported;             /**< this build can verify with it */
	bool valid;                 /**< the key material loads */
	bool signs_dnskey;          /**< a valid RRSIG by it covers the DNSKEY RRset */
	bool ds_matched;            /**< one of the given DS records matches it */
	size_t signatures;          /**< RRSIGs made with it that verify */
} dd_zone_key_t;

/** Denial of existence used by the zone. */
typedef enum dd_zone_denial {
	DD_ZONE_DENIAL_NONE = 0,
	DD_ZONE_DENIAL_NSEC,
	DD_ZONE_DENIAL_NSEC3,
} dd_zone_denial_t;

/** What the check made of the apex ZONEMD RRset (RFC 8976 4). */
typedef enum dd_zone_zonemd_status {
	DD_ZONE_ZONEMD_ABSENT = 0,  /**< no ZONEMD record at the apex */
	DD_ZONE_ZONEMD_VERIFIED,    /**< a ZONEMD of a supported scheme and hash algorithm, with the
	                                 SOA's serial, matches the digest of the zone as read, and
	                                 no two records share a scheme and hash algorithm */
	DD_ZONE_ZONEMD_MISMATCH,    /**< verification failed: the digest, the serial, the digest's
	                                 size, or a repeated scheme and hash algorithm (the
	                                 ZONEMD_* findings say which) */
	DD_ZONE_ZONEMD_UNSUPPORTED, /**< every ZONEMD record has a scheme or hash algorithm this
	                                 build does not implement: nothing was verified */
} dd_zone_zonemd_status_t;

/** The apex ZONEMD RRset as checked (RFC 8976). */
typedef struct dd_zone_zonemd {
	dd_zone_zonemd_status_t status;
	/** The record the status is about: the one that verified; for a mismatch the first that
	 *  failed (of a supported pair); for unsupported the first record. Unset when absent. */
	uint8_t scheme;
	uint8_t hash_algorithm;
	uint32_t serial;
	size_t records;             /**< ZONEMD records at the apex */
	/** The ZONEMD RRset's signatures, judged as every RRset's (RFC 8976 4 asks a signed zone's
	 *  ZONEMD to validate): DD_STATUS_SECURE (a valid RRSIG), DD_STATUS_BOGUS (none valid
	 *  at the check time), DD_STATUS_INSECURE (the zone is not signed, or only with
	 *  algorithms this build cannot verify). */
	dd_status_t dnssec;
	double seconds;             /**< wall-clock time spent on the digests, seconds */
} dd_zone_zonemd_t;

/** The result of a check; free with dd_zone_check_free(). */
typedef struct dd_zone_check {
	uint8_t origin[DD_NAME_MAXLEN];
	int64_t at;                 /**< check time used, seconds */
	int64_t expire_warn;        /**< warning window used, seconds */
	unsigned threads;           /**< verification threads used */
	bool signed_zone;           /**< the apex has a DNSKEY RRset */
	dd_zone_denial_t denial;
	uint8_t nsec3_algorithm;    /**< NSEC3 parameters of the chain (NSEC3 zones) */
	uint16_t nsec3_iterations;
	char nsec3_salt[2 * 255 + 2]; /**< hex, "-" when empty */
	bool nsec3_optout;          /**< some NSEC3 has the Opt-Out flag */
	size_t records;             /**< records read */
	size_t names;               /**< distinct owner names */
	size_t rrsets;              /**< RRsets (RRSIGs excluded) */
	size_t signatures;          /**< RRSIG records */
	size_t verifications;       /**< signature verifications made */
	size_t delegations_secure, delegations_insecure;
	dd_zone_key_t *keys;
	size_t nkeys;
	int64_t earliest_expiration;/**< the first moment an RRset loses its last valid signature,
	                                 seconds; 0 when nothing is signed */
	uint8_t earliest_owner[DD_NAME_MAXLEN];
	uint16_t earliest_type;
	dd_zone_expiry_t *expiry;   /**< per type, in type order */
	size_t nexpiry;
	dd_finding_t *findings;     /**< errors first, then warnings, then notices */
	size_t nfindings;
	dd_zone_code_count_t *counts; /**< every code seen with its total count */
	size_t ncounts;
	dd_severity_t worst;        /**< worst severity seen; meaningful when nfindings > 0 */
	size_t store_bytes;         /**< octets the record store used (the memory figure) */
	size_t wire_bytes;          /**< the zone's size in uncompressed wire format, octets */
	double seconds_read, seconds_check, seconds_total; /**< wall-clock times */
	dd_zone_zonemd_t zonemd;    /**< the apex ZONEMD (RFC 8976) */
	bool cached;                /**< a verification cache was given */
	size_t cache_hits;          /**< verdicts it answered */
	size_t cache_misses;        /**< signatures it did not know (verified, then remembered) */
} dd_zone_check_t;

/**
 * Check a zone file.
 *
 * @param path   file name; "-" reads standard input; gzip input is recognised by its magic.
 * @param opts   options; borrowed for the call.
 * @param[out] out  new result (dd_zone_check_free()); written only on DD_OK.
 * @param[out] err  where parsing stopped when DD_EPARSE, DD_EIO or DD_ELIMIT is returned; may
 *                  be NULL.
 * @return DD_OK (the verdict is in the findings), DD_EPARSE, DD_EIO, DD_EINVAL (bad origin,
 *         no SOA to take the origin from, a bad include directory), DD_ELIMIT (max_records,
 *         max_memory, or a limit of the reader: $INCLUDE depth or files, gzip ratio),
 *         DD_ENOMEM.
 * @rfc RFC 4035 2; RFC 4034 4, 6; RFC 5155 7; RFC 6840 5.11; RFC 7344 4; RFC 8624; RFC 9276
 */
DD_API int dd_zone_check_file(const char *path, const dd_zone_check_opts_t *opts,
                              dd_zone_check_t **out, dd_zonefile_error_t *err);

/** As dd_zone_check_file(), from @p len octets of zone text (for tests and fuzzing). */
DD_API int dd_zone_check_string(const char *text, size_t len, const dd_zone_check_opts_t *opts,
                                dd_zone_check_t **out, dd_zonefile_error_t *err);

/** Name of a ZONEMD scheme (RFC 8976 5.2): "SIMPLE", "private use", "unassigned" or
 *  "reserved". Static, never NULL. */
DD_API const char *dd_zonemd_scheme_name(uint8_t scheme);

/** Name of a ZONEMD hash algorithm (RFC 8976 5.3): "SHA-384", "SHA-512", "private use",
 *  "unassigned" or "reserved". Static, never NULL. */
DD_API const char *dd_zonemd_hash_name(uint8_t hash);

/** The status word of @p s as the JSON report writes it: "absent", "verified", "mismatch",
 *  "unsupported". Static, never NULL. */
DD_API const char *dd_zone_zonemd_status_name(dd_zone_zonemd_status_t s);

/** Free a result; NULL is a no-op. */
DD_API void dd_zone_check_free(dd_zone_check_t *res);

/** Whether the result has a finding (counted, not only kept) with code @p code. */
DD_API bool dd_zone_check_has(const dd_zone_check_t *res, const char *code);

/** How many findings with code @p code the check made. */
DD_API size_t dd_zone_check_count(const dd_zone_check_t *res, const char *code);

/**
 * Exit status for a pipeline gate: 0 no warnings or errors (notices allowed), 1 warnings
 * only, 2 errors.
 */
DD_API int dd_zone_check_exit(const dd_zone_check_t *res);

/**
 * The verdict word of the check, in lower case (static): "errors", "warnings" (exit 2, 1),
 * "unsigned" for a zone without a DNSKEY RRset at its apex and nothing worse than notices
 * (exit 0: an unsigned zone is a correct zone, there is nothing DNSSEC to validate in it), or
 * "valid" for a signed zone that passed. The text report, --quiet and the JSON "verdict" use it.
 */
DD_API const char *dd_zone_check_verdict(const dd_zone_check_t *res);
