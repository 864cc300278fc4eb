/* SPDX-License-Identifier: MIT
 * fuzz_rdata.c - DS, CDS, NSEC, NSEC3 and NSEC3PARAM RDATA into the primitives: parsing, type
 * bitmaps, DS matching against a fixed DNSKEY, NSEC3 hashing with the record's own parameters,
 * base32hex round trips, and canonical RDATA for any type. Input: a type (2 octets, network
 * order) and the RDATA. */

#include <string.h>

#include <dd/dd.h>

#include "fuzz.h"

/* RFC 4034 5.4's DNSKEY for dskey.example.com (key tag 60485). */
static const uint8_t KEY[] = {
	0x01, 0x00, 0x03, 0x05, 0x01, 0x03, 0xc3, 0xd2, 0x42, 0xb5, 0x1b, 0x1f, 0x50, 0x4e, 0xe3,
	0xb6, 0x42, 0x3d, 0x9f, 0xa2, 0x78, 0x3b, 0x7e, 0x9a, 0x1f, 0x64, 0x81, 0xec, 0x6b, 0x0c,
	0x4d, 0x9b, 0x3c, 0x1f, 0x2a, 0xd2, 0x6d, 0x60, 0x3f, 0x0a, 0xe3, 0x16, 0xc4, 0xd5,
};

static void bitmap(const uint8_t *bm, size_t len)
{
	if (dd_bitmap_check(bm, len) != DD_OK) {
		__builtin_trap();  /* a parsed record's bitmap was checked */
	}
	static const uint16_t types[] = { 1, 2, 6, 28, 43, 46, 47, 48, 50, 51, 255, 256, 32768, 65535 };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		(void)dd_bitmap_has(bm, len, types[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t owner[] = "\6dskey\7example\3com";
	if (size < 2 || size > 65535 + 2) {
		return 0;
	}
	uint16_t type = (uint16_t)(data[0] << 8 | data[1]);
	const uint8_t *rd = data + 2;
	size_t len = size - 2;

	dd_ds_t ds;
	if ((type == DD_TYPE_DS || type == DD_TYPE_CDS) && dd_ds_parse(rd, len, &ds) == DD_OK) {
		dd_ds_result_t r;
		(void)dd_ds_match(owner, &ds, KEY, sizeof(KEY), &r);
	}
	dd_nsec_t nsec;
	if (dd_nsec_parse(rd, len, &nsec) == DD_OK) {
		bitmap(nsec.bitmap, nsec.bitmap_len);
		char text[1024];
		(void)dd_name_to_str(nsec.next, text, sizeof(text));
	}
	dd_nsec3_t n3;
	if (dd_nsec3_parse(rd, len, &n3) == DD_OK) {
		bitmap(n3.bitmap, n3.bitmap_len);
		/* hashing as the analysis does: only up to the resolvers' iteration limit */
		uint8_t h[DD_NSEC3_HASH_LEN];
		if (n3.iterations <= DD_NSEC3_RESOLVER_LIMIT) {
			(void)dd_nsec3_hash(owner, n3.hash_algorithm, n3.iterations, n3.salt, n3.salt_len, h);
		}
		char b32[(255 * 8 + 4) / 5 + 1];
		dd_base32hex_encode(n3.next, n3.next_len, b32, false);
		uint8_t back[255];
		int n = dd_base32hex_decode(b32, strlen(b32), back, sizeof(back));
		if (n != (int)n3.next_len || memcmp(back, n3.next, n3.next_len) != 0) {
			__builtin_trap();  /* base32hex must round-trip */
		}
	}
	if (dd_nsec3param_parse(rd, len, &n3) == DD_OK && n3.iterations <= DD_NSEC3_RESOLVER_LIMIT) {
		uint8_t h[DD_NSEC3_HASH_LEN];
		(void)dd_nsec3_hash(owner, n3.hash_algorithm, n3.iterations, n3.salt, n3.salt_len, h);
	}
	uint8_t canon[65535];
	if (dd_rdata_canonical(type, rd, len, canon) == DD_OK && len > 0 &&
	    (type == DD_TYPE_DS || type == DD_TYPE_NSEC3 || type == DD_TYPE_NSEC3PARAM) &&
	    memcmp(canon, rd, len) != 0) {
		__builtin_trap();  /* these carry no names: canonical form is the RDATA itself */
	}
	return 0;
}
