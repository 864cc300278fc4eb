/* SPDX-License-Identifier: MIT
 * rdata.c - bounds-checked parsers of DNSSEC RDATA (RFC 4034 2-5, RFC 5155 3-4), type
 * bitmaps, key tags (RFC 4034 Appendix B) and canonical RDATA (RFC 4034 6.2, RFC 6840 5.1). */

#include <string.h>

#include <libknot/descriptor.h>
#include <libknot/dname.h>

#include "dd/error.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/key.h"
#include "dd/algorithm.h"

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

uint16_t dd_keytag(const uint8_t *rdata, size_t len)
{
	if (rdata == NULL || len < 4) {
		return 0;
	}
	if (rdata[3] == DD_ALG_RSAMD5) {
		/* RFC 4034 B.1: the most significant 16 of the least significant 24 bits of the
		 * modulus, i.e. the two octets before the last one of the RDATA. */
		return len >= 7 ? get16(rdata + len - 3) : 0;
	}
	uint32_t ac = 0;
	for (size_t i = 0; i < len; i++) {
		ac += (i & 1) ? rdata[i] : (uint32_t)rdata[i] << 8;
	}
	ac += (ac >> 16) & 0xFFFF;
	return (uint16_t)(ac & 0xFFFF);
}

int dd_dnskey_parse(const uint8_t *rdata, size_t len, dd_dnskey_t *out)
{
	if (rdata == NULL || out == NULL || len < 4) {
		return DD_EMALFORMED;
	}
	*out = (dd_dnskey_t){
		.flags = get16(rdata),
		.protocol = rdata[2],
		.algorithm = rdata[3],
		.pubkey = rdata + 4,
		.pubkey_len = len - 4,
	};
	return DD_OK;
}

int dd_rrsig_parse(const uint8_t *rdata, size_t len, dd_rrsig_t *out)
{
	if (rdata == NULL || out == NULL || len < 19) {
		return DD_EMALFORMED;
	}
	int nlen = dd_name_check(rdata + 18, len - 18);
	if (nlen < 0) {
		return DD_EMALFORMED;
	}
	*out = (dd_rrsig_t){
		.type_covered = get16(rdata),
		.algorithm = rdata[2],
		.labels = rdata[3],
		.original_ttl = get32(rdata + 4),
		.expiration = get32(rdata + 8),
		.inception = get32(rdata + 12),
		.key_tag = get16(rdata + 16),
		.signer = rdata + 18,
		.signer_len = (size_t)nlen,
		.signature = rdata + 18 + nlen,
		.signature_len = len - 18 - (size_t)nlen,
	};
	return DD_OK;
}

int dd_ds_parse(const uint8_t *rdata, size_t len, dd_ds_t *out)
{
	if (rdata == NULL || out == NULL || len < 5) {
		return DD_EMALFORMED;
	}
	*out = (dd_ds_t){
		.key_tag = get16(rdata),
		.algorithm = rdata[2],
		.digest_type = rdata[3],
		.digest = rdata + 4,
		.digest_len = len - 4,
	};
	return DD_OK;
}

int dd_bitmap_check(const uint8_t *bitmap, size_t len)
{
	int last_window = -1;
	size_t pos = 0;
	while (pos < len) {
		if (len - pos < 2) {
			return DD_EMALFORMED;
		}
		int window = bitmap[pos];
		uint8_t blen = bitmap[pos + 1];
		if (window <= last_window || blen == 0 || blen > 32 || len - pos - 2 < blen) {
			return DD_EMALFORMED;
		}
		last_window = window;
		pos += 2 + (size_t)blen;
	}
	return DD_OK;
}

bool dd_bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type)
{
	uint8_t want_window = type >> 8, bit = type & 0xFF;
	size_t pos = 0;
	while (pos + 2 <= len) {
		uint8_t window = bitmap[pos], blen = bitmap[pos + 1];
		if (pos + 2 + blen > len) {
			return false;
		}
		if (window == want_window) {
			return bit / 8 < blen && (bitmap[pos + 2 + bit / 8] & (0x80 >> (bit % 8)));
		}
		pos += 2 + (size_t)blen;
	}
	return false;
}

int dd_nsec_parse(const uint8_t *rdata, size_t len, dd_nsec_t *out)
{
	if (rdata == NULL || out == NULL) {
		return DD_EMALFORMED;
	}
	int nlen = dd_name_check(rdata, len);
	if (nlen < 0 || dd_bitmap_check(rdata + nlen, len - (size_t)nlen) != DD_OK) {
		return DD_EMALFORMED;
	}
	*out = (dd_nsec_t){
		.next = rdata,
		.bitmap = rdata + nlen,
		.bitmap_len = len - (size_t)nlen,
	};
	return DD_OK;
}

static int nsec3_head(const uint8_t *rdata, size_t len, dd_nsec3_t *out, size_t *used)
{
	if (rdata == NULL || out == NULL || len < 5 || len < 5u + rdata[4]) {
		return DD_EMALFORMED;
	}
	*out = (dd_nsec3_t){
		.hash_algorithm = rdata[0],
		.flags = rdata[1],
		.iterations = get16(rdata + 2),
		.salt_len = rdata[4],
		.salt = rdata + 5,
	};
	*used = 5u + rdata[4];
	return DD_OK;
}

int dd_nsec3_parse(const uint8_t *rdata, size_t len, dd_nsec3_t *out)
{
	dd_nsec3_t v;
	size_t pos;
	if (nsec3_head(rdata, len, &v, &pos) != DD_OK || pos >= len) {
		return DD_EMALFORMED;
	}
	uint8_t hlen = rdata[pos++];
	if (hlen == 0 || len - pos < hlen) {
		return DD_EMALFORMED;
	}
	v.next = rdata + pos;
	v.next_len = hlen;
	pos += hlen;
	if (dd_bitmap_check(rdata + pos, len - pos) != DD_OK) {
		return DD_EMALFORMED;
	}
	v.bitmap = rdata + pos;
	v.bitmap_len = len - pos;
	*out = v;
	return DD_OK;
}

int dd_nsec3param_parse(const uint8_t *rdata, size_t len, dd_nsec3_t *out)
{
	dd_nsec3_t v;
	size_t pos;
	if (nsec3_head(rdata, len, &v, &pos) != DD_OK || pos != len) {
		return DD_EMALFORMED;
	}
	*out = v;
	return DD_OK;
}

static const knot_rdata_descriptor_t *descriptor(uint16_t type)
{
	const knot_rdata_descriptor_t *d = knot_get_rdata_descriptor(type);
	if (d == NULL || d->type_name == NULL) {
		d = knot_get_obsolete_rdata_descriptor(type);
	}
	return d;
}

int dd_rdata_canonical(uint16_t type, const uint8_t *rdata, size_t len, uint8_t *out)
{
	if (len > 0) {
		memcpy(out, rdata, len);
	}
	if (!knot_rrtype_should_be_lowercased(type)) {
		return DD_OK;
	}
	const knot_rdata_descriptor_t *desc = descriptor(type);
	if (desc == NULL) {
		return DD_OK;
	}
	size_t pos = 0;
	for (int i = 0; i < KNOT_MAX_RDATA_BLOCKS; i++) {
		int block = desc->block_types[i];
		if (block == KNOT_RDATA_WF_END || block == KNOT_RDATA_WF_REMAINDER) {
			break;
		}
		if (block > 0) {
			if (len - pos < (size_t)block) {
				return DD_EMALFORMED;
			}
			pos += (size_t)block;
		} else if (block == KNOT_RDATA_WF_NAPTR_HEADER) {
			/* Order, Preference, then Flags, Services and Regexp character-strings */
			if (len - pos < 4) {
				return DD_EMALFORMED;
			}
			pos += 4;
			for (int s = 0; s < 3; s++) {
				if (pos >= len || len - pos < 1u + rdata[pos]) {
					return DD_EMALFORMED;
				}
				pos += 1u + rdata[pos];
			}
		} else {
			/* any of the three dname kinds: uncompressed here */
			int nlen = knot_dname_wire_check(out + pos, out + len, NULL);
			if (nlen <= 0) {
				return DD_EMALFORMED;
			}
			knot_dname_to_lower(out + pos);
			pos += (size_t)nlen;
		}
	}
	return DD_OK;
}
