/* SPDX-License-Identifier: MIT
 * crypto.h - internal: message digests fetched once from OpenSSL 3 and shared by the crypto
 * modules (md.c), and the loaded key's OpenSSL objects (key.c). Within crypto/ calls go one
 * way: verify.c and digest.c use key.c and md.c, key.c uses md.c, md.c uses none. Not
 * installed. */
#pragma once

#include <stdint.h>

#include <openssl/evp.h>

typedef enum dd_md {
	DD_MD_SHA1 = 0,
	DD_MD_SHA256,
	DD_MD_SHA384,
	DD_MD_SHA512,
	DD_MD_COUNT,
} dd_md_t;

/**
 * The EVP_MD for @p which, fetched once per process (explicit fetching avoids OpenSSL 3's
 * per-call implicit fetch). Borrowed, never freed. NULL if the provider lacks it.
 */
const EVP_MD *dd__md(dd_md_t which);

typedef struct dd_key dd_key_t;

/** The loaded public key of @p key, or NULL when unsupported. Borrowed. */
EVP_PKEY *dd__key_pkey(const dd_key_t *key);

/**
 * A verification context of @p key made once (RSA with SHA-1/2, ECDSA): EVP_PKEY_verify()
 * initialised with the padding and digest, to be duplicated per signature instead of looked
 * up again (EVP_PKEY_CTX_dup() only reads it, so threads may share it). NULL when the key has
 * none (EdDSA, unsupported). Borrowed.
 */
EVP_PKEY_CTX *dd__key_vctx(const dd_key_t *key);

/** A number that names @p key alone for the life of the process (never reused, unlike its
 *  address): the key of the per-thread verification contexts (crypto/verify.c). */
uint64_t dd__key_serial(const dd_key_t *key);

/** The digest an RRSIG algorithm hashes with before signing, or NULL (EdDSA, unknown). */
const EVP_MD *dd__sig_md(uint8_t alg);
