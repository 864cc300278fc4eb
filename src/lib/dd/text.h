/* SPDX-License-Identifier: MIT
 * text.h - encodings used in DNS presentation format: hex, base32hex, base64; type names. */

/**
 * @file
 * Encoders and decoders for the text forms of DNSSEC fields (RFC 4648 base16, base32hex and
 * base64) and record-type mnemonics. Encoders write a NUL-terminated string into a caller's
 * buffer and never allocate.
 */
#pragma once

#include <dd/types.h>

/** Buffer size that dd_hex_encode() needs for @p n octets. */
#define DD_HEX_SIZE(n) ((n) * 2 + 1)
/** Buffer size that dd_base32hex_encode() needs for @p n octets (no padding). */
#define DD_BASE32HEX_SIZE(n) (((n) * 8 + 4) / 5 + 1)

/**
 * Hex-encode @p len octets into @p out (DD_HEX_SIZE(len) octets), upper case if @p upper.
 */
DD_API void dd_hex_encode(const uint8_t *in, size_t len, char *out, bool upper);

/**
 * Decode hex text (either case, no separators) into @p out of @p outlen octets.
 * @return the number of octets, DD_EPARSE (odd length, bad digit) or DD_ERANGE.
 */
DD_API int dd_hex_decode(const char *in, uint8_t *out, size_t outlen);

/**
 * Encode @p len octets as base32hex without padding (RFC 4648 7; RFC 5155 3.3), upper case if
 * @p upper, into @p out of DD_BASE32HEX_SIZE(len) octets.
 */
DD_API void dd_base32hex_encode(const uint8_t *in, size_t len, char *out, bool upper);

/**
 * Decode unpadded base32hex (either case). @return octets written, DD_EPARSE or DD_ERANGE.
 */
DD_API int dd_base32hex_decode(const char *in, size_t inlen, uint8_t *out, size_t outlen);

/**
 * Write the mnemonic of an RR type ("DNSKEY", or "TYPE65280" per RFC 3597) into @p out.
 * @return DD_OK or DD_ERANGE.
 */
DD_API int dd_type_to_str(uint16_t type, char *out, size_t outlen);

/** Parse an RR type mnemonic or "TYPEnnn". @return the type, or DD_EINVAL. */
DD_API int dd_type_from_str(const char *text);

/** The longest duration dd_duration_parse() takes: a century, in seconds. */
#define DD_DURATION_MAX_S (100LL * 365 * 86400)

/**
 * Parse a duration as operators write it: "45" (seconds), "90m", "1d12h", "2w": numbers each
 * followed by a unit (s, m, h, d, w), or one bare number of seconds. The one grammar of every
 * command's durations (--expire-warn, --interval, monitor thresholds, --dreg).
 * @param text, len  the text, @p len octets (need not be NUL-terminated).
 * @param[out] out_s  the duration in seconds, written only on success.
 * @return DD_OK, or DD_EPARSE (empty, a sign, an unknown unit, a bare number after a unit,
 *         more than DD_DURATION_MAX_S).
 */
DD_API int dd_duration_parse(const char *text, size_t len, int64_t *out_s);
