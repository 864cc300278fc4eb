/* SPDX-License-Identifier: MIT
 * b64.h - internal: base64 (RFC 4648 4) for the evidence files and the key lines given to
 * libunbound and shown in the monitor (in dns/text.c, beside hex and base32hex). Not installed. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/** Base64 of @p len octets, padded, as a new NUL-terminated string (free()), or NULL on ENOMEM. */
char *dd__b64_encode(const uint8_t *in, size_t len);

/**
 * Decode padded base64 text (a multiple of 4 characters, '=' only at the end, no whitespace)
 * into a new buffer (free()) of @p *out_len octets; written only on success.
 * @return 0, or -1 when the text is not base64 (or on ENOMEM).
 * @rfc RFC 4648 4
 */
int dd__b64_decode(const char *in, uint8_t **out, size_t *out_len);
