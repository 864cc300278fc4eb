/* SPDX-License-Identifier: MIT
 * verify.h - RRSIG verification of an RRset with one DNSKEY, every outcome kept apart. */

/**
 * @file
 * dd_sig_verify() checks one RRSIG over one RRset with one DNSKEY and reports three things
 * separately, because a diagnosis needs "cryptographically fine but expired 3 days ago":
 *
 *  - crypto: does the signature verify over the canonical signed data (RFC 4034 3.1.8.1, 6)?
 *  - window: is the validation time inside [inception, expiration] (RFC 4034 3.1.5, compared
 *    with RFC 1982 serial arithmetic so windows that wrap in 2106 work), and by how much not?
 *  - mismatch: the reasons a validator would not use this key for this signature
 *    (RFC 4035 5.3.1): signer name, algorithm, key tag, Zone Key flag, revoked bit, protocol,
 *    Labels field, covered type.
 *
 * A signature is usable for validation only when dd_sig_result_ok() is true.
 */
#pragma once

#include <dd/types.h>
#include <dd/rdata.h>
#include <dd/key.h>

/** Cryptographic outcome. */
typedef enum dd_crypto {
	DD_CRYPTO_VALID = 0,    /**< the signature verifies */
	DD_CRYPTO_INVALID,      /**< it does not (wrong key, altered data, corrupted signature) */
	DD_CRYPTO_UNSUPPORTED,  /**< algorithm this build cannot verify */
	DD_CRYPTO_NOT_TRIED,    /**< the key cannot be the signer (algorithm differs) */
} dd_crypto_t;

/** Validity-window outcome (RFC 4035 5.3.1). */
typedef enum dd_window {
	DD_WINDOW_VALID = 0,    /**< inception <= at <= expiration */
	DD_WINDOW_EXPIRED,      /**< at > expiration */
	DD_WINDOW_NOT_YET_VALID,/**< at < inception */
	DD_WINDOW_INVERTED,     /**< expiration precedes inception: never valid */
} dd_window_t;

/** Reasons why a key is unusable for a signature (bit set; 0 means none). */
enum dd_sig_mismatch {
	DD_SIG_MISMATCH_SIGNER = 1 << 0,     /**< Signer's Name differs from the DNSKEY owner */
	DD_SIG_MISMATCH_ALGORITHM = 1 << 1,  /**< RRSIG algorithm differs from the DNSKEY's */
	DD_SIG_MISMATCH_KEYTAG = 1 << 2,     /**< RRSIG key tag differs from the DNSKEY's */
	DD_SIG_MISMATCH_ZONE_FLAG = 1 << 3,  /**< DNSKEY lacks the Zone Key flag (RFC 4034 2.1.1) */
	DD_SIG_MISMATCH_REVOKED = 1 << 4,    /**< DNSKEY has the REVOKE flag (RFC 5011 3) */
	DD_SIG_MISMATCH_PROTOCOL = 1 << 5,   /**< DNSKEY protocol is not 3 */
	DD_SIG_MISMATCH_LABELS = 1 << 6,     /**< Labels exceeds the owner's label count */
	DD_SIG_MISMATCH_TYPE = 1 << 7,       /**< Type Covered differs from the RRset type */
	DD_SIG_MISMATCH_SIGNER_ZONE = 1 << 8,/**< signer is not the owner or one of its ancestors */
};

/** Everything dd_sig_verify() found. */
typedef struct dd_sig_result {
	dd_crypto_t crypto;
	dd_window_t window;
	/**
	 * Seconds: until expiration when VALID, since expiration when EXPIRED, until inception
	 * when NOT_YET_VALID, 0 when INVERTED.
	 */
	int64_t window_seconds;
	uint32_t mismatch;        /**< dd_sig_mismatch bits */
	bool wildcard;            /**< Labels < owner labels: a wildcard expansion (RFC 4035 5.3.2) */
	bool ttl_above_original;  /**< RRset TTL > Original TTL (RFC 4035 5.3.3: a validator caps it) */
} dd_sig_result_t;

/**
 * Compute the validity window of @p sig at time @p at.
 * @param at  seconds since the epoch; only its low 32 bits matter (RFC 4034 3.1.5).
 * @param[out] seconds  as dd_sig_result_t.window_seconds; may be NULL.
 * @rfc RFC 4034 3.1.5, RFC 1982 3.2
 */
DD_API dd_window_t dd_sig_window(const dd_rrsig_t *sig, int64_t at, int64_t *seconds);

/**
 * Verify one RRSIG over @p rrset with @p key at time @p at.
 *
 * @param[in] rrset   the RRset, RDATAs in any order and case; canonicalised internally.
 *                    Borrowed.
 * @param[in] rrsig, rrsig_len  RRSIG RDATA in wire format. Borrowed.
 * @param[in] key     the DNSKEY to try. Borrowed.
 * @param[in] at      validation time, seconds since the epoch.
 * @param[out] res    written only when DD_OK is returned.
 * @return DD_OK (verdict in @p res), DD_EMALFORMED (RRSIG RDATA, or an RDATA of the RRset
 *         whose embedded names are malformed), DD_ENOMEM, DD_ECRYPTO.
 * @rfc RFC 4034 3.1.8.1, 6.2, 6.3; RFC 4035 5.3.1-5.3.3; RFC 6840 5.1
 */
DD_API int dd_sig_verify(const dd_rrset_t *rrset, const uint8_t *rrsig, size_t rrsig_len,
                         const dd_key_t *key, int64_t at, dd_sig_result_t *res);

/**
 * A memo of cryptographic verdicts shared by analyses (dnssec-doctor monitor: the root's and a
 * TLD's signatures are the same for every zone below them, so they are verified once per run).
 * Keyed by the SHA-256 of the DNSKEY RDATA, the RRSIG RDATA and the signed data (RFC 4034
 * 3.1.8.1), so a hit is the same computation; only the crypto outcome is kept, the window and
 * mismatches are computed each time. Thread-safe. At most @p max_entries verdicts are kept
 * (then new ones are computed but not stored).
 */
typedef struct dd_verify_memo dd_verify_memo_t;

/** A new memo. @return DD_OK, DD_EINVAL (0 entries), DD_ENOMEM. */
DD_API int dd_verify_memo_new(size_t max_entries, dd_verify_memo_t **out);

/** Free a memo; NULL is a no-op. */
DD_API void dd_verify_memo_free(dd_verify_memo_t *memo);

/** Verdicts answered from the memo and computed. */
DD_API void dd_verify_memo_stats(dd_verify_memo_t *memo, size_t *hits, size_t *misses);

/** dd_sig_verify() through @p memo (NULL: no memo). */
DD_API int dd_sig_verify_memo(dd_verify_memo_t *memo, const dd_rrset_t *rrset,
                              const uint8_t *rrsig, size_t rrsig_len, const dd_key_t *key,
                              int64_t at, dd_sig_result_t *res);

/** Whether the signature can validate the RRset: crypto valid, window valid, no mismatch. */
DD_API bool dd_sig_result_ok(const dd_sig_result_t *res);

/** Short name of one mismatch bit ("signer", "algorithm", ...), or NULL for an unknown bit. */
DD_API const char *dd_sig_mismatch_name(uint32_t bit);

/** Name of a crypto outcome ("valid", "invalid", "unsupported", "not tried"). */
DD_API const char *dd_crypto_name(dd_crypto_t crypto);

/** Name of a window outcome ("valid", "expired", "not yet valid", "inverted"). */
DD_API const char *dd_window_name(dd_window_t window);

/**
 * Build the data an RRSIG signs (RFC 4034 3.1.8.1): the RRSIG RDATA without the signature
 * (signer name lowercased) followed by every RR of @p rrset in canonical form and order, with
 * the RRSIG's Original TTL and, for wildcard expansions, the wildcard owner (RFC 4035 5.3.2).
 *
 * @param[out] out  owned by the caller (dd_buf_free()); written only on success.
 * @return DD_OK, DD_EMALFORMED, DD_ENOMEM.
 */
DD_API int dd_sig_signed_data(const dd_rrset_t *rrset, const uint8_t *rrsig, size_t rrsig_len,
                              dd_buf_t *out);
