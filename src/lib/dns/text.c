/* SPDX-License-Identifier: MIT
 * text.c - hex and base32hex (RFC 4648 8 and 7) and RR type mnemonics (libknot's table,
 * RFC 3597 TYPEnnn for the rest). */

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <libknot/descriptor.h>

#include "dd/error.h"
#include "dd/text.h"

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
