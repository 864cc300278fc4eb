/* SPDX-License-Identifier: MIT
 * algorithm.h - DNSSEC algorithm and DS digest type numbers, names, support and RFC 8624 status. */

/**
 * @file
 * What dnssec-doctor knows of each DNSSEC algorithm (IANA "DNS Security Algorithm Numbers")
 * and DS digest type (IANA "Delegation Signer (DS) Resource Record Digest Algorithms"): the
 * mnemonic, whether this build can verify with it, and the RFC 8624 section 3.1/3.3
 * implementation recommendation for signing and for validation.
 *
 * A validator treats a zone whose only algorithms or digests it does not support as
 * insecure, not bogus (RFC 4035 5.2, RFC 6840 5.2).
 */
#pragma once

#include <dd/types.h>

/** DNSSEC algorithm numbers (RFC 4034 A.1, RFC 5155, RFC 5702, RFC 5933, RFC 6605, RFC 8080). */
enum {
	DD_ALG_RSAMD5 = 1, DD_ALG_DH = 2, DD_ALG_DSA = 3, DD_ALG_RSASHA1 = 5,
	DD_ALG_DSA_NSEC3_SHA1 = 6, DD_ALG_RSASHA1_NSEC3_SHA1 = 7, DD_ALG_RSASHA256 = 8,
	DD_ALG_RSASHA512 = 10, DD_ALG_ECC_GOST = 12, DD_ALG_ECDSAP256SHA256 = 13,
	DD_ALG_ECDSAP384SHA384 = 14, DD_ALG_ED25519 = 15, DD_ALG_ED448 = 16,
	DD_ALG_INDIRECT = 252, DD_ALG_PRIVATEDNS = 253, DD_ALG_PRIVATEOID = 254,
};

/** DS digest types (RFC 4034 A.2, RFC 4509, RFC 5933, RFC 6605). */
enum {
	DD_DIGEST_SHA1 = 1, DD_DIGEST_SHA256 = 2, DD_DIGEST_GOST = 3, DD_DIGEST_SHA384 = 4,
};

/** RFC 8624 / RFC 2119 requirement levels, from strongest "use" to strongest "do not use". */
typedef enum dd_rfc8624 {
	DD_REQ_MUST = 0,
	DD_REQ_RECOMMENDED,
	DD_REQ_MAY,
	DD_REQ_NOT_RECOMMENDED,
	DD_REQ_MUST_NOT,
	DD_REQ_UNKNOWN, /**< not assigned or not covered by RFC 8624 */
} dd_rfc8624_t;

/** Text of a requirement level ("MUST", "NOT RECOMMENDED", ...). Never NULL. */
DD_API const char *dd_rfc8624_name(dd_rfc8624_t req);

/** Mnemonic of an algorithm ("RSASHA256"), or NULL when unassigned. */
DD_API const char *dd_alg_name(uint8_t alg);

/** Parse an algorithm mnemonic (case-insensitive) or number. @return 0-255, or DD_EINVAL. */
DD_API int dd_alg_from_str(const char *text);

/** Whether this build can verify signatures of algorithm @p alg. */
DD_API bool dd_alg_supported(uint8_t alg);

/** RFC 8624 3.1 recommendation for DNSSEC signing with @p alg. */
DD_API dd_rfc8624_t dd_alg_signing_req(uint8_t alg);

/** RFC 8624 3.1 recommendation for DNSSEC validation with @p alg. */
DD_API dd_rfc8624_t dd_alg_validation_req(uint8_t alg);

/** Whether @p alg uses SHA-1 (1 is MD5, also treated as weak): 1, 3, 5, 6, 7. */
DD_API bool dd_alg_is_sha1_or_weaker(uint8_t alg);

/**
 * Whether findings call @p alg deprecated (ALGORITHM_DEPRECATED): built on SHA-1 or weaker,
 * or ECC-GOST (RFC 8624 3.1: NOT RECOMMENDED or MUST NOT for signing). RSASHA512, which RFC
 * 8624 also advises against for signing, is not: validators have no trouble with it.
 */
DD_API bool dd_alg_deprecated(uint8_t alg);

/** Mnemonic of a DS digest type ("SHA-256"), or NULL when unassigned. */
DD_API const char *dd_digest_name(uint8_t type);

/** Parse a digest type name ("SHA-256", "SHA256", "sha-1") or number. @return 0-255 or DD_EINVAL. */
DD_API int dd_digest_from_str(const char *text);

/** Whether this build can compute DS digests of type @p type. */
DD_API bool dd_digest_supported(uint8_t type);

/** Digest length in octets for @p type, or 0 when unknown. */
DD_API size_t dd_digest_len(uint8_t type);

/** RFC 8624 3.3 recommendation for creating DS records with digest type @p type. */
DD_API dd_rfc8624_t dd_digest_creation_req(uint8_t type);

/** RFC 8624 3.3 recommendation for validating DS records with digest type @p type. */
DD_API dd_rfc8624_t dd_digest_validation_req(uint8_t type);
