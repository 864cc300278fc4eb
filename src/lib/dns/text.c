/* SPDX-License-Identifier: MIT
 * text.c - hex, base32hex and base64 (RFC 4648 8, 7 and 4) and RR type mnemonics (libknot's
 * table, RFC 3597 TYPEnnn for the rest). */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libknot/descriptor.h>

#include "dd/error.h"
#include "dd/text.h"
#include "dns/b64.h"

void dd_hex_encode(const uint8_t *in, size_t len, char *out, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0F];
	}
	out[2 * len] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	return -1;
}

int dd_hex_decode(const char *in, uint8_t *out, size_t outlen)
{
	size_t n = strlen(in);
	if (n % 2 != 0) {
		return DD_EPARSE;
	}
	if (n / 2 > outlen) {
		return DD_ERANGE;
	}
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			return DD_EPARSE;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (int)(n / 2);
}

void dd_base32hex_encode(const uint8_t *in, size_t len, char *out, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEFGHIJKLMNOPQRSTUV"
	                           : "0123456789abcdefghijklmnopqrstuv";
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = digits[(acc >> (bits - 5)) & 0x1F];
			bits -= 5;
		}
	}
	if (bits > 0) {
		out[o++] = digits[(acc << (5 - bits)) & 0x1F];
	}
	out[o] = '\0';
}

int dd_base32hex_decode(const char *in, size_t inlen, uint8_t *out, size_t outlen)
{
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < inlen; i++) {
		int c = tolower((unsigned char)in[i]), v;
		if (c >= '0' && c <= '9') {
			v = c - '0';
		} else if (c >= 'a' && c <= 'v') {
			v = c - 'a' + 10;
		} else {
			return DD_EPARSE;
		}
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			if (o >= outlen) {
				return DD_ERANGE;
			}
			out[o++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	/* leftover bits must be zero padding of the last quantum (RFC 4648 3.5) */
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) {
		return DD_EPARSE;
	}
	return (int)o;
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *dd__b64_encode(const uint8_t *in, size_t len)
{
	if (len > (size_t)1 << 30) {
		return NULL;
	}
	char *out = malloc(4 * ((len + 2) / 3) + 1);
	if (out == NULL) {
		return NULL;
	}
	size_t o = 0;
	for (size_t i = 0; i < len; i += 3) {
		size_t n = len - i < 3 ? len - i : 3;
		uint32_t v = (uint32_t)in[i] << 16;
		v |= n > 1 ? (uint32_t)in[i + 1] << 8 : 0;
		v |= n > 2 ? in[i + 2] : 0;
		out[o++] = B64[v >> 18];
		out[o++] = B64[(v >> 12) & 0x3F];
		out[o++] = n > 1 ? B64[(v >> 6) & 0x3F] : '=';
		out[o++] = n > 2 ? B64[v & 0x3F] : '=';
	}
	out[o] = '\0';
	return out;
}

/* base64 digit values by character, XX: not a digit */
#define XX 0xFF
static const uint8_t B64VAL[256] = {
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  62,  XX,  XX,  XX,  63,
	 52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,   0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,  14,
	 15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  XX,  XX,  XX,  XX,  XX,
	 XX,  26,  27,  28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,
	 41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
	 XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
};
#undef XX

int dd__b64_decode(const char *in, uint8_t **out, size_t *out_len)
{
	size_t n = strlen(in);
	if (n % 4 != 0 || n > (size_t)1 << 30) {
		return -1;
	}
	/* '=' pads the last quantum only: one for 2 octets, two for 1 (RFC 4648 4) */
	size_t pad = (n >= 1 && in[n - 1] == '=') + (n >= 2 && in[n - 2] == '=');
	uint8_t *buf = malloc(n / 4 * 3 + 1);
	if (buf == NULL) {
		return -1;
	}
	size_t o = 0;
	for (size_t i = 0; i < n; i += 4) {
		bool last = i + 4 == n;
		uint32_t v = 0;
		for (size_t j = 0; j < 4; j++) {
			uint8_t d = last && j >= 4 - pad ? 0 : B64VAL[(uint8_t)in[i + j]];
			if (d == 0xFF) {
				free(buf);
				return -1;
			}
			v = v << 6 | d;
		}
		buf[o++] = (uint8_t)(v >> 16);
		buf[o++] = (uint8_t)(v >> 8);
		buf[o++] = (uint8_t)v;
	}
	*out = buf;
	*out_len = o - pad;
	return 0;
}

int dd_type_to_str(uint16_t type, char *out, size_t outlen)
{
	if (out == NULL || outlen == 0) {
		return DD_EINVAL;
	}
	int r = knot_rrtype_to_string(type, out, outlen);
	return r < 0 ? DD_ERANGE : DD_OK;
}

int dd_type_from_str(const char *text)
{
	uint16_t t;
	if (text == NULL || knot_rrtype_from_string(text, &t) != 0) {
		return DD_EINVAL;
	}
	return t;
}
