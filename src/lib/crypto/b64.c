/* SPDX-License-Identifier: MIT
 * b64.c - base64 for the evidence files, from OpenSSL (not hand-written). */

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "b64.h"

char *dd__b64_encode(const uint8_t *in, size_t len)
{
	if (len > (size_t)1 << 30) {
		return NULL;
	}
	char *out = malloc(4 * ((len + 2) / 3) + 1);
	if (out == NULL) {
		return NULL;
	}
	EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	return out;
}

int dd__b64_decode(const char *in, uint8_t **out, size_t *out_len)
{
	size_t n = strlen(in);
	if (n % 4 != 0 || n > (size_t)1 << 30) {
		return -1;
	}
	uint8_t *buf = malloc(n / 4 * 3 + 1);
	if (buf == NULL) {
		return -1;
	}
	int r = n ? EVP_DecodeBlock(buf, (const unsigned char *)in, (int)n) : 0;
	if (r < 0) {
		free(buf);
		return -1;
	}
	/* EVP_DecodeBlock counts the padding as zero octets */
	size_t pad = (n >= 1 && in[n - 1] == '=') + (n >= 2 && in[n - 2] == '=');
	*out = buf;
	*out_len = (size_t)r - pad;
	return 0;
}
