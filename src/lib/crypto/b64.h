/* SPDX-License-Identifier: MIT
 * b64.h - internal: base64 (RFC 4648 4) through OpenSSL's EVP_EncodeBlock/EVP_DecodeBlock,
 * for modules that must not include OpenSSL headers. Not installed. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/** Base64 of @p len octets as a new NUL-terminated string (free()), or NULL on ENOMEM. */
char *dd__b64_encode(const uint8_t *in, size_t len);

/**
 * Decode base64 text into a new buffer (free()) of @p *out_len octets.
 * @return 0, or -1 when the text is not base64 (or on ENOMEM).
 */
int dd__b64_decode(const char *in, uint8_t **out, size_t *out_len);
