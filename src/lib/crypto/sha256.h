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
