/* SPDX-License-Identifier: MIT
 * ds.h - DS digests of DNSKEYs and matching a DS record against a DNSKEY. */

/**
 * @file
 * The DS digest is computed over the canonical (lowercase) owner name of the DNSKEY followed
 * by its RDATA (RFC 4034 5.1.4), with SHA-1 (type 1), SHA-256 (2, RFC 4509) or SHA-384 (4,
 * RFC 6605). GOST (3) and unknown types are recognised and reported as unsupported.
 */
#pragma once

#include <dd/types.h>
#include <dd/rdata.h>

/** Longest digest this build computes (SHA-384), in octets. */
#define DD_DIGEST_MAXLEN 48

/**
 * Compute the DS digest of a DNSKEY.
 *
 * @param owner        wire-format owner name of the DNSKEY (any case).
 * @param rdata, len   DNSKEY RDATA.
 * @param digest_type  1, 2 or 4.
 * @param[out] out     DD_DIGEST_MAXLEN octets; written only on success.
 * @param[out] out_len digest length in octets.
 * @return DD_OK, DD_EUNSUPPORTED (GOST, unknown types), DD_EMALFORMED (bad owner name),
 *         DD_ECRYPTO.
 * @rfc RFC 4034 5.1.4, RFC 4509 2, RFC 6605 2
 */
DD_API int dd_ds_digest(const uint8_t *owner, const uint8_t *rdata, size_t len,
                        uint8_t digest_type, uint8_t out[DD_DIGEST_MAXLEN], size_t *out_len);

/** Outcome of comparing a DS digest with a DNSKEY. */
typedef enum dd_ds_digest_status {
	DD_DS_DIGEST_MATCH = 0,       /**< the digest equals the one computed from the DNSKEY */
	DD_DS_DIGEST_MISMATCH,        /**< it does not (or has the wrong length) */
	DD_DS_DIGEST_UNSUPPORTED,     /**< digest type this build cannot compute */
} dd_ds_digest_status_t;

/** Every way a DS record can fail to point at a DNSKEY, reported separately. */
typedef struct dd_ds_result {
	bool keytag_match;     /**< DS key tag equals the DNSKEY's key tag */
	bool algorithm_match;  /**< DS algorithm equals the DNSKEY's algorithm */
	dd_ds_digest_status_t digest;
	bool zone_key;         /**< the DNSKEY has the Zone Key flag (RFC 4034 5.2: else unusable) */
	bool protocol_ok;      /**< the DNSKEY's protocol is 3 */
} dd_ds_result_t;

/**
 * Compare a DS record with a DNSKEY.
 *
 * @param owner  wire-format owner of both (the child zone apex).
 * @param ds     parsed DS RDATA.
 * @param rdata, len  DNSKEY RDATA.
 * @param[out] res  written only on success.
 * @return DD_OK (verdict in @p res), DD_EMALFORMED (DNSKEY RDATA), DD_ECRYPTO.
 * @rfc RFC 4035 5.2
 */
DD_API int dd_ds_match(const uint8_t *owner, const dd_ds_t *ds, const uint8_t *rdata, size_t len,
                       dd_ds_result_t *res);

/** Whether @p res says the DS authenticates the DNSKEY (every field matches). */
DD_API bool dd_ds_result_ok(const dd_ds_result_t *res);

/**
 * What a DS record points at among a zone's DNSKEYs, as every command classifies it. Ordered
 * from the best to the least telling: when no DS matches, the lowest state among them is the
 * one that explains the failure (a near miss before a missing key).
 */
typedef enum dd_ds_state {
	DD_DS_STATE_MATCHES = 0,        /**< authenticates a DNSKEY (RFC 4035 5.2) */
	DD_DS_STATE_MATCHES_REVOKED,    /**< authenticates a DNSKEY with the REVOKE bit (RFC 5011
	                                     2.1): Unbound and BIND accept it, DNSViz does not */
	DD_DS_STATE_NOT_ZONE_KEY,       /**< tag, algorithm and digest name a DNSKEY without the Zone
	                                     Key flag or protocol 3, which validators ignore */
	DD_DS_STATE_DIGEST_MISMATCH,    /**< tag and algorithm name a key, the digest differs */
	DD_DS_STATE_ALGORITHM_MISMATCH, /**< tag and digest name a key of another algorithm */
	DD_DS_STATE_MATCHES_CDS_ONLY,   /**< it is what the zone's CDS/CDNSKEY announces, but that
	                                     key is not in the DNSKEY RRset (a half-done rollover) */
	DD_DS_STATE_NO_SUCH_KEY,        /**< no DNSKEY has its key tag and algorithm */
	DD_DS_STATE_UNSUPPORTED,        /**< algorithm or digest type validators do not implement */
} dd_ds_state_t;

/** "matches", "digest mismatch", "algorithm mismatch", "matches CDS only", "no such key",
 *  "unsupported"; never NULL. */
DD_API const char *dd_ds_state_name(dd_ds_state_t state);
