/* SPDX-License-Identifier: MIT
 * fuzz_rrsig_verify.c - an RRset, an RRSIG and a DNSKEY into RRSIG verification (canonical
 * form of any type's RDATA, wildcard owners, every algorithm's verifier).
 *
 * Input layout (all lengths big-endian):
 *   u16 type | u32 time | u8 ownerlen | owner | u16 keylen | DNSKEY RDATA |
 *   u16 siglen | RRSIG RDATA | then RDATAs, each u16 len | bytes, until the input ends.
 * The DNSKEY's owner is the RRSIG's signer name (the root when the RRSIG is malformed), and
 * a malformed RRset owner is replaced by the root, so verification runs on any input. */


#include <dd/dd.h>

#include "fuzz.h"

#define MAX_RDATA 64

static size_t take16(const uint8_t **p, size_t *left, uint16_t *out)
{
	if (*left < 2) {
		return 0;
	}
	*out = (uint16_t)((*p)[0] << 8 | (*p)[1]);
	*p += 2;
	*left -= 2;
	return 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t left = size;
	uint16_t type, keylen, siglen, hi, lo;
	if (!take16(&p, &left, &type) || !take16(&p, &left, &hi) || !take16(&p, &left, &lo)) {
		return 0;
	}
	int64_t at = (int64_t)((uint32_t)hi << 16 | lo);
	static const uint8_t root[1] = { 0 };
	if (left < 1 || left - 1 < p[0]) {
		return 0;
	}
	const uint8_t *owner = p + 1;
	if (dd_name_check(owner, p[0]) < 0) {
		owner = root;
	}
	left -= 1u + p[0];
	p += 1u + p[0];
	if (!take16(&p, &left, &keylen) || left < keylen) {
		return 0;
	}
	const uint8_t *key_rd = p;
	p += keylen;
	left -= keylen;
	if (!take16(&p, &left, &siglen) || left < siglen) {
		return 0;
	}
	const uint8_t *sig_rd = p;
	p += siglen;
	left -= siglen;

	dd_rdata_t rd[MAX_RDATA];
	size_t n = 0;
	uint16_t len;
	while (n < MAX_RDATA && take16(&p, &left, &len) && left >= len) {
		rd[n].data = p;
		rd[n].len = len;
		p += len;
		left -= len;
		n++;
	}

	const uint8_t *signer = root;
	dd_rrsig_t sig;
	if (dd_rrsig_parse(sig_rd, siglen, &sig) == DD_OK) {
		signer = sig.signer;
	}
	dd_rrset_t set = { .owner = owner, .type = type, .rclass = 1, .ttl = 3600,
		           .count = n, .rdata = rd };
	dd_key_t *key = NULL;
	if (dd_key_new(signer, key_rd, keylen, &key) != DD_OK) {
		key = NULL;
	}
	if (key != NULL) {
		dd_sig_result_t res;
		(void)dd_sig_verify(&set, sig_rd, siglen, key, at, &res);
		dd_key_free(key);
	}
	dd_buf_t buf = { 0 };
	if (dd_sig_signed_data(&set, sig_rd, siglen, &buf) == DD_OK) {
		dd_buf_free(&buf);
	}
	return 0;
}
