/* SPDX-License-Identifier: MIT
 * fuzz_dnskey.c - DNSKEY RDATA into the primitives: parsing, key loading for every algorithm,
 * key tag, and DS digests. Input: raw DNSKEY RDATA. */

#include <string.h>

#include <dd/dd.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t owner[] = "\7example\3com";
	if (size > 65535) {
		return 0;
	}
	dd_dnskey_t dk;
	(void)dd_dnskey_parse(data, size, &dk);
	(void)dd_keytag(data, size);
	dd_key_t *key = NULL;
	if (dd_key_new(owner, data, size, &key) == DD_OK) {
		(void)dd_key_bits(key);
		(void)dd_key_supported(key);
		size_t len = 0;
		const uint8_t *rd = dd_key_rdata(key, &len);
		if (len != size || (size > 0 && memcmp(rd, data, size) != 0)) {
			__builtin_trap();  /* the key must keep its RDATA */
		}
		dd_key_free(key);
	}
	for (uint8_t dt = 1; dt <= 4; dt++) {
		uint8_t digest[DD_DIGEST_MAXLEN];
		size_t dlen;
		(void)dd_ds_digest(owner, data, size, dt, digest, &dlen);
	}
	return 0;
}
