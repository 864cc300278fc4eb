/* SPDX-License-Identifier: MIT
 * sha256.h - internal: SHA-256 of a buffer (crypto/md.c), for code outside crypto/ that needs a
 * hash but must not include OpenSSL (the monitor's shards). Not installed. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/** SHA-256 output, in octets. */
#define DD_SHA256_LEN 32

/**
 * SHA-256 (FIPS 180-4) of @p len octets at @p in into @p out; written only on success.
 * @return DD_OK, DD_ECRYPTO (the provider lacks SHA-256 or failed).
 */
int dd__sha256(const uint8_t *in, size_t len, uint8_t out[DD_SHA256_LEN]);

/** An incremental SHA-256 (opaque; OpenSSL's EVP context), for data written in pieces (the
 *  verification cache's file). */
typedef struct dd__sha256_ctx dd__sha256_ctx_t;

/** Start a digest. @return DD_OK, DD_ENOMEM, DD_ECRYPTO; @p out written only on success. */
int dd__sha256_begin(dd__sha256_ctx_t **out);

/** Add @p len octets. @return DD_OK, DD_ECRYPTO. */
int dd__sha256_add(dd__sha256_ctx_t *ctx, const void *in, size_t len);

/** Finish into @p out (when not NULL) and free @p ctx (NULL is a no-op). @return DD_OK,
 *  DD_ECRYPTO. */
int dd__sha256_end(dd__sha256_ctx_t *ctx, uint8_t out[DD_SHA256_LEN]);
