/* SPDX-License-Identifier: MIT
 * key.h - DNSKEY records as usable public keys, and key tags. */

/**
 * @file
 * A dd_key_t is one DNSKEY record made ready for signature verification: the RDATA fields,
 * the key tag, the key size, and (for algorithms this build supports) the public key loaded
 * into the crypto library. Keys of algorithms that are recognised but not supported (1, 3, 6,
 * 12, unknown numbers) load too, with dd_key_supported() false, so that diagnosis can still
 * report their key tag, flags and algorithm.
 *
 * Typical use:
 *
 *     dd_key_t *key = NULL;
 *     int r = dd_key_new(owner, rdata, rdlen, &key);
 *     if (r != DD_OK) { ... dd_strerror(r) ... }
 *     uint16_t tag = dd_key_tag(key);
 *     ...
 *     dd_key_free(key);
 */
#pragma once

#include <dd/types.h>
#include <dd/rdata.h>

/** A DNSKEY made ready for verification (opaque, owned by the caller). */
typedef struct dd_key dd_key_t;

/**
 * Key tag of DNSKEY RDATA (RFC 4034 Appendix B), including the algorithm 1 rule (B.1: the
 * 16 bits before the last octet of the modulus; 0 when the RDATA is too short).
 * @param rdata  DNSKEY RDATA in wire format, @p len octets (at least 4 for a meaningful tag).
 */
DD_API uint16_t dd_keytag(const uint8_t *rdata, size_t len);

/**
 * Load a DNSKEY.
 *
 * @param[in]  owner  wire-format owner name of the DNSKEY; copied.
 * @param[in]  rdata  DNSKEY RDATA, @p len octets; copied.
 * @param[out] out    new key, owned by the caller (free with dd_key_free()); written only
 *                    on success.
 * @return DD_OK (also for unsupported algorithms: see dd_key_supported()),
 *         DD_EMALFORMED when the RDATA or the key material of a known algorithm is malformed
 *         (RFC 3110 2, RFC 6605 4, RFC 8080 3), DD_ENOMEM, DD_ECRYPTO.
 * @rfc RFC 4034 2.1, RFC 3110, RFC 5702, RFC 6605, RFC 8080
 */
DD_API int dd_key_new(const uint8_t *owner, const uint8_t *rdata, size_t len, dd_key_t **out);

/** Free a key; NULL is a no-op. */
DD_API void dd_key_free(dd_key_t *key);

/** Key tag (RFC 4034 Appendix B). */
DD_API uint16_t dd_key_tag(const dd_key_t *key);

/** Flags field (RFC 4034 2.1.1). */
DD_API uint16_t dd_key_flags(const dd_key_t *key);

/** Protocol field (must be 3, RFC 4034 2.1.2). */
DD_API uint8_t dd_key_protocol(const dd_key_t *key);

/** Algorithm field (RFC 4034 2.1.3). */
DD_API uint8_t dd_key_algorithm(const dd_key_t *key);

/**
 * Key size in bits: RSA modulus length, the curve size for ECDSA (256, 384), 256 for
 * Ed25519 and 456 for Ed448, 512 + 64 * T for DSA; 0 when unknown.
 */
DD_API unsigned dd_key_bits(const dd_key_t *key);

/** Whether this build can verify signatures with this key (algorithm supported, material valid). */
DD_API bool dd_key_supported(const dd_key_t *key);

/** Bits of the RSA public exponent, 0 for other algorithms (BIND's max-rsa-exponent-size policy). */
DD_API unsigned dd_key_rsa_exponent_bits(const dd_key_t *key);

/** Owner name in wire format; borrowed, valid until the key is freed. */
DD_API const uint8_t *dd_key_owner(const dd_key_t *key);

/** The DNSKEY RDATA; borrowed, valid until the key is freed. @p len gets its length in octets. */
DD_API const uint8_t *dd_key_rdata(const dd_key_t *key, size_t *len);
