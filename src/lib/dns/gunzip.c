/* SPDX-License-Identifier: MIT
 * gunzip.c - a gzip member in memory inflated with zlib, with a cap on the output (RFC 1952),
 * for callers above dns/ that may not use zlib themselves (the DNSViz reader). */

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <dd/error.h>

#include "dns/gunzip.h"

bool dd__is_gzip(const uint8_t *data, size_t len)
{
	return data != NULL && len >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

int dd__gunzip(const uint8_t *in, size_t len, size_t max, uint8_t **out, size_t *out_len)
{
	if (!dd__is_gzip(in, len) || len > UINT32_MAX) {
		return DD_EMALFORMED;
	}
	z_stream zs = { 0 };
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {  /* 16: a gzip header, not zlib's */
		return DD_ENOMEM;
	}
	size_t cap = len * 4 < max ? len * 4 + 64 : max + 1, n = 0;
	uint8_t *buf = malloc(cap + 1);
	int ret = buf == NULL ? DD_ENOMEM : DD_OK, z = Z_OK;
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	while (ret == DD_OK && z != Z_STREAM_END) {
		if (n == cap) {
			if (cap > max) {
				ret = DD_ERANGE;
				break;
			}
			size_t ncap = cap * 2 > max ? max + 1 : cap * 2;
			uint8_t *nb = realloc(buf, ncap + 1);
			if (nb == NULL) {
				ret = DD_ENOMEM;
				break;
			}
			buf = nb;
			cap = ncap;
		}
		size_t room = cap - n > UINT32_MAX ? UINT32_MAX : cap - n;
		zs.next_out = buf + n;
		zs.avail_out = (uInt)room;
		z = inflate(&zs, Z_NO_FLUSH);
		n += room - zs.avail_out;
		if (z == Z_MEM_ERROR) {
			ret = DD_ENOMEM;
		} else if (z != Z_OK && z != Z_STREAM_END) {
			ret = DD_EMALFORMED;  /* corrupt, or truncated (Z_BUF_ERROR: no progress) */
		}
	}
	if (ret == DD_OK && n > max) {
		ret = DD_ERANGE;
	}
	inflateEnd(&zs);
	if (ret != DD_OK) {
		free(buf);
		return ret;
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	return DD_OK;
}
