/* SPDX-License-Identifier: MIT
 * nsec3.h - NSEC3 owner-name hashing and the RFC 9276 parameter limits. */

/**
 * @file
 * NSEC3 hashed owner names (RFC 5155 5): IH(salt, x, 0) = H(x || salt),
 * IH(salt, x, k) = H(IH(salt, x, k-1) || salt), where x is the canonical wire-format name and
 * H is SHA-1 (hash algorithm 1, the only one defined). The result is written in base32hex
 * (RFC 4648 7) as the first label of the NSEC3 owner.
 */
#pragma once

#include <dd/types.h>

/** NSEC3 hash algorithm SHA-1 (RFC 5155 11). */
#define DD_NSEC3_HASH_SHA1 1
/** SHA-1 output, in octets. */
#define DD_NSEC3_HASH_LEN 20

/** RFC 9276 3.1: zone operators SHOULD use 0 additional iterations. */
#define DD_RFC9276_ITERATIONS 0
/** RFC 9276 3.1: operators SHOULD NOT use a salt (length 0). */
#define DD_RFC9276_SALT_LEN 0
/**
 * RFC 9276 3.2: a validating resolver MAY treat a response as insecure, or MAY return
 * SERVFAIL, when NSEC3 iterations exceed 0. The limits resolvers actually apply are in the
 * analysis module; this constant is the RFC's threshold.
 */
#define DD_RFC9276_VALIDATOR_LIMIT 0
/** RFC 5155 10.3: the largest iteration count for any key size (4096-bit keys). */
#define DD_RFC5155_ITERATIONS_MAX 2500

/**
 * Hash a name for NSEC3.
 *
 * @param name        wire-format name (any case; lowercased internally, RFC 5155 5).
 * @param algorithm   NSEC3 hash algorithm; only 1 is supported.
 * @param iterations  additional iterations (RFC 5155 3.1.3).
 * @param salt, salt_len  salt octets (0-255).
 * @param[out] out    DD_NSEC3_HASH_LEN octets; written only on success.
 * @return DD_OK, DD_EUNSUPPORTED (algorithm), DD_EMALFORMED (name), DD_ECRYPTO.
 * @rfc RFC 5155 5
 */
DD_API int dd_nsec3_hash(const uint8_t *name, uint8_t algorithm, uint16_t iterations,
                         const uint8_t *salt, size_t salt_len, uint8_t out[DD_NSEC3_HASH_LEN]);
