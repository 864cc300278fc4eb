/* SPDX-License-Identifier: MIT
 * test_ds.c - DS digests (RFC 4034 5.4, RFC 4509 2.3, RFC 6605 6, RFC 8080 6) and DS-to-DNSKEY
 * matching with every failure reason apart; the SHA-256 helper of crypto/ (FIPS 180-4 vectors). */

#include <string.h>

#include "helpers.h"
#include "crypto/sha256.h"

/* Check every DS of @p file against the first DNSKEY of the same owner. */
static void check_file(const char *file, size_t expect_ds)
{
	tzone_t *z = tzone_load(data_path(file), NULL);
	size_t seen = 0;
	for (size_t i = 0; i < z->count; i++) {
		const trec_t *r = &z->recs[i];
		if (r->type != DD_TYPE_DS) {
			continue;
		}
		dd_ds_t ds;
		assert_int_equal(dd_ds_parse(r->rdata, r->len, &ds), DD_OK);
		trrset_t keys;
		assert_int_equal(tzone_rrset(z, r->owner, DD_TYPE_DNSKEY, &keys), 1);
		const dd_rdata_t *k = &keys.rd[0];

		uint8_t digest[DD_DIGEST_MAXLEN];
		size_t dlen = 0;
		assert_int_equal(dd_ds_digest(r->owner, k->data, k->len, ds.digest_type, digest, &dlen),
		                 DD_OK);
		assert_int_equal(dlen, ds.digest_len);
		assert_memory_equal(digest, ds.digest, dlen);
		assert_int_equal(dlen, dd_digest_len(ds.digest_type));

		dd_ds_result_t res;
		assert_int_equal(dd_ds_match(r->owner, &ds, k->data, k->len, &res), DD_OK);
		assert_true(dd_ds_result_ok(&res));

		/* the owner is hashed in canonical (lowercase) form */
		uint8_t upper[DD_NAME_MAXLEN];
		memcpy(upper, r->owner, dd_name_len(r->owner));
		for (size_t j = 0; j < dd_name_len(upper); j++) {
			if (upper[j] >= 'a' && upper[j] <= 'z') {
				upper[j] -= 32;
			}
		}
		assert_int_equal(dd_ds_match(upper, &ds, k->data, k->len, &res), DD_OK);
		assert_int_equal(res.digest, DD_DS_DIGEST_MATCH);

		/* flipped-bit twins: in the digest, and in the key */
		uint8_t bad[DD_DIGEST_MAXLEN];
		memcpy(bad, ds.digest, ds.digest_len);
		bad[ds.digest_len / 2] ^= 0x10;
		dd_ds_t bad_ds = ds;
		bad_ds.digest = bad;
		assert_int_equal(dd_ds_match(r->owner, &bad_ds, k->data, k->len, &res), DD_OK);
		assert_int_equal(res.digest, DD_DS_DIGEST_MISMATCH);
		assert_true(res.keytag_match && res.algorithm_match);
		assert_false(dd_ds_result_ok(&res));

		uint8_t kbad[1024];
		memcpy(kbad, k->data, k->len);
		kbad[k->len - 1] ^= 0x01;
		assert_int_equal(dd_ds_match(r->owner, &ds, kbad, k->len, &res), DD_OK);
		assert_int_equal(res.digest, DD_DS_DIGEST_MISMATCH);
		assert_false(res.keytag_match);
		seen++;
	}
	assert_int_equal(seen, expect_ds);
	tzone_free(z);
}

static void test_rfc4034_rfc4509(void **state)
{
	(void)state;
	check_file("rfc4034-ds.zone", 2);  /* SHA-1 and SHA-256 */
}

static void test_rfc6605(void **state)
{
	(void)state;
	check_file("rfc6605-p256.zone", 1);  /* SHA-256 */
	check_file("rfc6605-p384.zone", 1);  /* SHA-384 */
}

static void test_rfc8080(void **state)
{
	(void)state;
	check_file("rfc8080-ed25519.zone", 1);
	check_file("rfc8080-ed448.zone", 1);
}

static void test_mismatch_reasons(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc6605-p256.zone"), NULL);
	trrset_t keys, dss;
	tzone_rrset(z, N("example.net."), DD_TYPE_DNSKEY, &keys);
	tzone_rrset(z, N("example.net."), DD_TYPE_DS, &dss);
	dd_ds_t ds;
	assert_int_equal(dd_ds_parse(dss.rd[0].data, dss.rd[0].len, &ds), DD_OK);
	dd_ds_result_t res;

	dd_ds_t wrong = ds;
	wrong.algorithm = 8;  /* DS with the wrong algorithm number */
	assert_int_equal(dd_ds_match(keys.set.owner, &wrong, keys.rd[0].data, keys.rd[0].len, &res),
	                 DD_OK);
	assert_false(res.algorithm_match);
	assert_true(res.keytag_match);
	assert_int_equal(res.digest, DD_DS_DIGEST_MATCH);
	assert_false(dd_ds_result_ok(&res));

	wrong = ds;
	wrong.key_tag++;  /* stale key tag */
	assert_int_equal(dd_ds_match(keys.set.owner, &wrong, keys.rd[0].data, keys.rd[0].len, &res),
	                 DD_OK);
	assert_false(res.keytag_match);

	wrong = ds;
	wrong.digest_type = 3;  /* GOST: recognised, unsupported */
	assert_int_equal(dd_ds_match(keys.set.owner, &wrong, keys.rd[0].data, keys.rd[0].len, &res),
	                 DD_OK);
	assert_int_equal(res.digest, DD_DS_DIGEST_UNSUPPORTED);
	wrong.digest_type = 99;
	assert_int_equal(dd_ds_match(keys.set.owner, &wrong, keys.rd[0].data, keys.rd[0].len, &res),
	                 DD_OK);
	assert_int_equal(res.digest, DD_DS_DIGEST_UNSUPPORTED);

	wrong = ds;
	wrong.digest_len--;  /* truncated digest */
	assert_int_equal(dd_ds_match(keys.set.owner, &wrong, keys.rd[0].data, keys.rd[0].len, &res),
	                 DD_OK);
	assert_int_equal(res.digest, DD_DS_DIGEST_MISMATCH);

	/* a DNSKEY without the Zone Key flag cannot be pointed at (RFC 4034 5.2) */
	uint8_t nz[256];
	memcpy(nz, keys.rd[0].data, keys.rd[0].len);
	nz[0] = 0;  /* flags 1: SEP only */
	assert_int_equal(dd_ds_match(keys.set.owner, &ds, nz, keys.rd[0].len, &res), DD_OK);
	assert_false(res.zone_key);

	/* unsupported digests and bad input are errors from dd_ds_digest */
	uint8_t d[DD_DIGEST_MAXLEN];
	size_t dl;
	assert_int_equal(dd_ds_digest(keys.set.owner, keys.rd[0].data, keys.rd[0].len, 3, d, &dl),
	                 DD_EUNSUPPORTED);
	const uint8_t bad_name[] = { 64, 0 };  /* label length 64: invalid at once */
	assert_int_equal(dd_ds_digest(bad_name, keys.rd[0].data, keys.rd[0].len, 2, d, &dl),
	                 DD_EMALFORMED);
	assert_int_equal(dd_ds_match(keys.set.owner, &ds, keys.rd[0].data, 3, &res), DD_EMALFORMED);
	tzone_free(z);
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): one block, two blocks, the empty message. */
static void test_sha256(void **state)
{
	(void)state;
	static const char *const in[] = {
		"abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "" };
	static const char *const want[] = {
		"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
		"248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1",
		"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855" };
	for (size_t i = 0; i < 3; i++) {
		uint8_t md[DD_SHA256_LEN];
		char hex[2 * DD_SHA256_LEN + 1];
		assert_int_equal(dd__sha256((const uint8_t *)in[i], strlen(in[i]), md), DD_OK);
		dd_hex_encode(md, sizeof(md), hex, true);
		assert_string_equal(hex, want[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4034_rfc4509),
		cmocka_unit_test(test_rfc6605),
		cmocka_unit_test(test_rfc8080),
		cmocka_unit_test(test_mismatch_reasons),
		cmocka_unit_test(test_sha256),
	};
	return cmocka_run_group_tests_name("ds", tests, NULL, NULL);
}
