/* SPDX-License-Identifier: MIT
 * test_rdata.c - DNSSEC RDATA parsers on real records and on truncated/malformed input, type
 * bitmaps (RFC 4034 4.1.2), and canonical RDATA (RFC 4034 6.2, RFC 6840 5.1). */

#include <string.h>

#include "helpers.h"

static void test_parse_real(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	size_t nsec3 = 0, param = 0, sigs = 0;
	for (size_t i = 0; i < z->count; i++) {
		const trec_t *r = &z->recs[i];
		dd_nsec3_t n3;
		if (r->type == DD_TYPE_NSEC3) {
			assert_int_equal(dd_nsec3_parse(r->rdata, r->len, &n3), DD_OK);
			assert_int_equal(n3.hash_algorithm, 1);
			assert_int_equal(n3.iterations, 12);
			assert_int_equal(n3.salt_len, 4);
			assert_memory_equal(n3.salt, "\xaa\xbb\xcc\xdd", 4);
			assert_int_equal(n3.next_len, 20);
			nsec3++;
		} else if (r->type == DD_TYPE_NSEC3PARAM) {
			assert_int_equal(dd_nsec3param_parse(r->rdata, r->len, &n3), DD_OK);
			assert_int_equal(n3.iterations, 12);
			assert_int_equal(n3.flags, 0);
			param++;
		} else if (r->type == DD_TYPE_RRSIG) {
			dd_rrsig_t s;
			assert_int_equal(dd_rrsig_parse(r->rdata, r->len, &s), DD_OK);
			assert_int_equal(s.algorithm, 7);
			assert_int_equal(s.expiration, (uint32_t)ts("20150420235959"));
			assert_int_equal(s.inception, (uint32_t)ts("20051021000000"));
			assert_true(dd_name_equal(s.signer, N("example.")));
			assert_true(s.signature_len > 0);
			sigs++;
		}
	}
	assert_int_equal(param, 1);
	assert_true(nsec3 >= 10 && sigs >= 30);
	tzone_free(z);

	z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	size_t nsec = 0;
	for (size_t i = 0; i < z->count; i++) {
		const trec_t *r = &z->recs[i];
		if (r->type != DD_TYPE_NSEC) {
			continue;
		}
		dd_nsec_t n;
		assert_int_equal(dd_nsec_parse(r->rdata, r->len, &n), DD_OK);
		assert_true(dd_bitmap_has(n.bitmap, n.bitmap_len, DD_TYPE_NSEC));
		assert_true(dd_bitmap_has(n.bitmap, n.bitmap_len, DD_TYPE_RRSIG));
		if (dd_name_equal(r->owner, N("example."))) {
			/* example. NSEC a.example. NS SOA MX RRSIG NSEC DNSKEY */
			assert_true(dd_name_equal(n.next, N("a.example.")));
			assert_true(dd_bitmap_has(n.bitmap, n.bitmap_len, DD_TYPE_DNSKEY));
			assert_true(dd_bitmap_has(n.bitmap, n.bitmap_len, DD_TYPE_SOA));
			assert_false(dd_bitmap_has(n.bitmap, n.bitmap_len, DD_TYPE_A));
			assert_false(dd_bitmap_has(n.bitmap, n.bitmap_len, DD_TYPE_DS));
			assert_false(dd_bitmap_has(n.bitmap, n.bitmap_len, 1234));
		}
		nsec++;
	}
	assert_true(nsec >= 10);
	tzone_free(z);
}

/* Every prefix of valid RDATA shorter than the minimum is rejected; none crashes. */
static void test_truncated(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	for (size_t i = 0; i < z->count; i++) {
		const trec_t *r = &z->recs[i];
		for (uint16_t len = 0; len < r->len; len++) {
			dd_rrsig_t s;
			dd_nsec3_t n3;
			dd_ds_t ds;
			dd_dnskey_t k;
			if (r->type == DD_TYPE_RRSIG) {
				int ret = dd_rrsig_parse(r->rdata, len, &s);
				/* valid only once the signer name is complete */
				assert_true(ret == DD_EMALFORMED || len >= 18 + 9);
			} else if (r->type == DD_TYPE_NSEC3) {
				/* a shorter bitmap may still be well formed; the hash field may not */
				int ret = dd_nsec3_parse(r->rdata, len, &n3);
				assert_true(ret == DD_EMALFORMED || len >= 5 + 4 + 1 + 20);
			} else if (r->type == DD_TYPE_NSEC3PARAM) {
				assert_int_equal(dd_nsec3param_parse(r->rdata, len, &n3), DD_EMALFORMED);
			}
			(void)dd_ds_parse(r->rdata, len, &ds);
			(void)dd_dnskey_parse(r->rdata, len, &k);
		}
	}
	tzone_free(z);
	dd_ds_t ds;
	assert_int_equal(dd_ds_parse((const uint8_t *)"\0\1\2", 3, &ds), DD_EMALFORMED);
	dd_nsec3_t n3;
	/* NSEC3 with hash length 0 */
	const uint8_t zero_hash[] = { 1, 0, 0, 0, 0, 0 };
	assert_int_equal(dd_nsec3_parse(zero_hash, sizeof(zero_hash), &n3), DD_EMALFORMED);
	/* NSEC3PARAM with trailing octets */
	const uint8_t trailing[] = { 1, 0, 0, 0, 0, 7 };
	assert_int_equal(dd_nsec3param_parse(trailing, sizeof(trailing), &n3), DD_EMALFORMED);
}

static void test_bitmap(void **state)
{
	(void)state;
	/* window 0: A(1) and MX(15); window 1: CAA (257) */
	const uint8_t bm[] = { 0, 2, 0x40, 0x01, 1, 1, 0x40 };
	assert_int_equal(dd_bitmap_check(bm, sizeof(bm)), DD_OK);
	assert_true(dd_bitmap_has(bm, sizeof(bm), 1));
	assert_true(dd_bitmap_has(bm, sizeof(bm), 15));
	assert_true(dd_bitmap_has(bm, sizeof(bm), 257));
	assert_false(dd_bitmap_has(bm, sizeof(bm), 2));
	assert_false(dd_bitmap_has(bm, sizeof(bm), 16));   /* beyond the window's length */
	assert_false(dd_bitmap_has(bm, sizeof(bm), 513));  /* absent window */
	assert_int_equal(dd_bitmap_check(NULL, 0), DD_OK); /* empty: an empty non-terminal */

	const uint8_t disorder[] = { 1, 1, 0x40, 0, 1, 0x40 };
	assert_int_equal(dd_bitmap_check(disorder, sizeof(disorder)), DD_EMALFORMED);
	const uint8_t dup[] = { 0, 1, 0x40, 0, 1, 0x40 };
	assert_int_equal(dd_bitmap_check(dup, sizeof(dup)), DD_EMALFORMED);
	const uint8_t zero_len[] = { 0, 0 };
	assert_int_equal(dd_bitmap_check(zero_len, sizeof(zero_len)), DD_EMALFORMED);
	const uint8_t too_long[] = { 0, 33 };
	assert_int_equal(dd_bitmap_check(too_long, sizeof(too_long)), DD_EMALFORMED);
	const uint8_t overrun[] = { 0, 4, 0x40 };
	assert_int_equal(dd_bitmap_check(overrun, sizeof(overrun)), DD_EMALFORMED);
	assert_false(dd_bitmap_has(overrun, sizeof(overrun), 1));
	const uint8_t half[] = { 0 };
	assert_int_equal(dd_bitmap_check(half, sizeof(half)), DD_EMALFORMED);
}

static void test_canonical(void **state)
{
	(void)state;
	uint8_t out[64];
	/* MX: preference then a name, lowercased */
	const uint8_t mx[] = { 0, 10, 4, 'M', 'a', 'I', 'l', 3, 'C', 'o', 'M', 0 };
	assert_int_equal(dd_rdata_canonical(DD_TYPE_MX, mx, sizeof(mx), out), DD_OK);
	assert_memory_equal(out, "\0\12\4mail\3com", sizeof(mx));
	/* NSEC: not lowercased (RFC 6840 5.1) */
	const uint8_t nsec[] = { 3, 'W', 'w', 'W', 0, 0, 1, 0x40 };
	assert_int_equal(dd_rdata_canonical(DD_TYPE_NSEC, nsec, sizeof(nsec), out), DD_OK);
	assert_memory_equal(out, nsec, sizeof(nsec));
	/* SOA: two names then 20 octets */
	uint8_t soa[4 + 4 + 20] = { 2, 'N', 'S', 0, 2, 'H', 'M', 0 };
	assert_int_equal(dd_rdata_canonical(DD_TYPE_SOA, soa, sizeof(soa), out), DD_OK);
	assert_memory_equal(out, "\2ns\0\2hm", 8);
	assert_int_equal(dd_rdata_canonical(DD_TYPE_SOA, soa, 20, out), DD_EMALFORMED);
	/* A: copied */
	const uint8_t a[] = { 192, 0, 2, 1 };
	assert_int_equal(dd_rdata_canonical(DD_TYPE_A, a, 4, out), DD_OK);
	assert_memory_equal(out, a, 4);
	/* a name that overruns the RDATA */
	const uint8_t ns_bad[] = { 5, 'a', 'b' };
	assert_int_equal(dd_rdata_canonical(DD_TYPE_NS, ns_bad, sizeof(ns_bad), out), DD_EMALFORMED);
	/* NAPTR: header with three character-strings, then the replacement name */
	const uint8_t naptr[] = { 0, 1, 0, 2, 1, 'U', 0, 0, 3, 'W', 'W', 'W', 0 };
	assert_int_equal(dd_rdata_canonical(35, naptr, sizeof(naptr), out), DD_OK);
	assert_memory_equal(out + 8, "\3www", 4);
	assert_int_equal(out[5], 'U');  /* flags string untouched */
	assert_int_equal(dd_rdata_canonical(35, naptr, 6, out), DD_EMALFORMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_real),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bitmap),
		cmocka_unit_test(test_canonical),
	};
	return cmocka_run_group_tests_name("rdata", tests, NULL, NULL);
}
