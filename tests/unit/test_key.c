/* SPDX-License-Identifier: MIT
 * test_key.c - DNSKEY loading for every algorithm, key sizes, key tags (RFC 4034 Appendix B),
 * unsupported algorithms and malformed key material. */

#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Load the first DNSKEY of @p owner in @p file. */
static dd_key_t *vector_key(const char *file, const char *owner)
{
	tzone_t *z = tzone_load(data_path(file), NULL);
	dd_key_t *key = tzone_key(z, N(owner), 0);
	tzone_free(z);
	return key;
}

typedef struct expect {
	const char *file, *owner;
	uint16_t tag;
	uint8_t alg;
	unsigned bits;
	uint16_t flags;
} expect_t;

/* Key tags are those the RFCs print next to each key (RFC 4034 3.3 for 2642). */
static const expect_t VECTORS[] = {
	{ "rfc4034-ds.zone", "dskey.example.com.", 60485, 5, 1024, 256 },
	{ "rfc4034-ds.zone", "example.com.", 2642, 5, 1024, 256 },
	{ "rfc5702.zone", "example.net.", 9033, 8, 512, 256 },
	{ "rfc5702-sha512.zone", "example.net.", 3740, 10, 1024, 256 },
	{ "rfc6605-p256.zone", "example.net.", 55648, 13, 256, 257 },
	{ "rfc6605-p384.zone", "example.net.", 10771, 14, 384, 257 },
	{ "rfc8080-ed25519.zone", "example.com.", 3613, 15, 256, 257 },
	{ "rfc8080-ed448.zone", "example.com.", 9713, 16, 456, 257 },
};

static void test_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(VECTORS) / sizeof(VECTORS[0]); i++) {
		const expect_t *e = &VECTORS[i];
		dd_key_t *key = vector_key(e->file, e->owner);
		assert_int_equal(dd_key_tag(key), e->tag);
		assert_int_equal(dd_key_algorithm(key), e->alg);
		assert_int_equal(dd_key_bits(key), e->bits);
		assert_int_equal(dd_key_flags(key), e->flags);
		assert_int_equal(dd_key_protocol(key), 3);
		assert_true(dd_key_supported(key));
		size_t len;
		const uint8_t *rd = dd_key_rdata(key, &len);
		assert_int_equal(dd_keytag(rd, len), e->tag);
		assert_true(dd_name_equal(dd_key_owner(key), N(e->owner)));
		dd_key_free(key);
	}
}

/* RFC 4035 Appendix A's two keys and RFC 5155's (algorithm 7) load with the tags the
 * zones' RRSIGs name. */
static void test_zone_keys(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	dd_key_t *k0 = tzone_key(z, N("example."), 0), *k1 = tzone_key(z, N("example."), 1);
	uint16_t t0 = dd_key_tag(k0), t1 = dd_key_tag(k1);
	assert_true((t0 == 38519 && t1 == 9465) || (t0 == 9465 && t1 == 38519));
	dd_key_free(k0);
	dd_key_free(k1);
	tzone_free(z);

	z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	k0 = tzone_key(z, N("example."), 0);
	k1 = tzone_key(z, N("example."), 1);
	assert_int_equal(dd_key_algorithm(k0), 7);
	assert_true(dd_key_supported(k0) && dd_key_supported(k1));
	assert_true(dd_key_tag(k0) == 40430 || dd_key_tag(k1) == 40430);
	dd_key_free(k0);
	dd_key_free(k1);
	tzone_free(z);
}

/* RFC 4034 B.1: for algorithm 1 the key tag is the most significant 16 of the least
 * significant 24 bits of the modulus. */
static void test_keytag_rsamd5(void **state)
{
	(void)state;
	uint8_t rd[] = { 0x01, 0x00, 3, 1, /* flags 256, protocol 3, alg 1 */
	                 1, 0x03,          /* exponent length 1, exponent 3 */
	                 0xC1, 0x22, 0x33, 0xAB, 0xCD, 0xEF };
	assert_int_equal(dd_keytag(rd, sizeof(rd)), 0xABCD);
	dd_key_t *key = NULL;
	assert_int_equal(dd_key_new(N("example."), rd, sizeof(rd), &key), DD_OK);
	assert_false(dd_key_supported(key));
	assert_int_equal(dd_key_tag(key), 0xABCD);
	assert_int_equal(dd_key_bits(key), 48);
	dd_key_free(key);
	/* the general algorithm differs on the same bytes with another algorithm number */
	rd[3] = 5;
	assert_int_not_equal(dd_keytag(rd, sizeof(rd)), 0xABCD);
	/* too short for either rule */
	assert_int_equal(dd_keytag(rd, 3), 0);
}

/* Recognised but unsupported algorithms load, report their fields, and cannot verify. */
static void test_unsupported(void **state)
{
	(void)state;
	struct { uint8_t alg; size_t keylen; uint8_t first; unsigned bits; } cases[] = {
		{ 3, 1 + 20 + 64 * 3, 0, 512 },    /* DSA, T = 0 */
		{ 6, 1 + 20 + 64 * 3 + 64 * 3, 1, 576 }, /* DSA-NSEC3-SHA1, T = 1 */
		{ 12, 64, 0x42, 512 },             /* ECC-GOST */
		{ 200, 10, 0x42, 0 },              /* unassigned */
		{ 253, 10, 0x42, 0 },              /* PRIVATEDNS */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t rd[4 + 600];
		rd[0] = 0x01;
		rd[1] = 0x01;
		rd[2] = 3;
		rd[3] = cases[i].alg;
		memset(rd + 4, 0x42, cases[i].keylen);
		rd[4] = cases[i].first;
		dd_key_t *key = NULL;
		assert_int_equal(dd_key_new(N("example."), rd, 4 + cases[i].keylen, &key), DD_OK);
		assert_false(dd_key_supported(key));
		assert_int_equal(dd_key_algorithm(key), cases[i].alg);
		assert_int_equal(dd_key_bits(key), cases[i].bits);
		assert_true(dd_key_flags(key) & DD_DNSKEY_FLAG_SEP);
		dd_key_free(key);
	}
}

static int try_key(uint8_t alg, const uint8_t *pub, size_t len)
{
	uint8_t rd[4 + 1024];
	rd[0] = 0x01;
	rd[1] = 0x00;
	rd[2] = 3;
	rd[3] = alg;
	memcpy(rd + 4, pub, len);
	dd_key_t *key = NULL;
	int r = dd_key_new(N("example."), rd, 4 + len, &key);
	if (r == DD_OK) {
		assert_non_null(key);
	} else {
		assert_null(key);  /* written only on success */
	}
	dd_key_free(key);
	return r;
}

/* Malformed key material is DD_EMALFORMED, never a crash (RFC 3110 2, RFC 6605 4, RFC 8080 3). */
static void test_malformed(void **state)
{
	(void)state;
	uint8_t buf[200];
	memset(buf, 0x5A, sizeof(buf));

	/* RSA */
	assert_int_equal(try_key(8, buf, 0), DD_EMALFORMED);                 /* nothing */
	const uint8_t zero_len[] = { 0, 0, 0, 1, 2, 3 };                     /* 3-octet form, 0 */
	assert_int_equal(try_key(8, zero_len, sizeof(zero_len)), DD_EMALFORMED);
	const uint8_t short_exp[] = { 5, 1, 0, 1 };                          /* exponent overruns */
	assert_int_equal(try_key(8, short_exp, sizeof(short_exp)), DD_EMALFORMED);
	const uint8_t no_mod[] = { 3, 1, 0, 1 };                             /* no modulus */
	assert_int_equal(try_key(8, no_mod, sizeof(no_mod)), DD_EMALFORMED);
	const uint8_t zero_mod[] = { 1, 3, 0, 0, 0, 0 };                     /* modulus 0 */
	assert_int_equal(try_key(8, zero_mod, sizeof(zero_mod)), DD_EMALFORMED);
	const uint8_t trunc3[] = { 0, 1 };                                   /* 3-octet form cut */
	assert_int_equal(try_key(10, trunc3, sizeof(trunc3)), DD_EMALFORMED);

	/* ECDSA: wrong lengths, and a point not on the curve */
	assert_int_equal(try_key(13, buf, 63), DD_EMALFORMED);
	assert_int_equal(try_key(13, buf, 65), DD_EMALFORMED);
	assert_int_equal(try_key(13, buf, 64), DD_EMALFORMED);
	assert_int_equal(try_key(14, buf, 95), DD_EMALFORMED);
	assert_int_equal(try_key(14, buf, 96), DD_EMALFORMED);

	/* EdDSA: wrong lengths */
	assert_int_equal(try_key(15, buf, 31), DD_EMALFORMED);
	assert_int_equal(try_key(15, buf, 33), DD_EMALFORMED);
	assert_int_equal(try_key(16, buf, 56), DD_EMALFORMED);

	/* RDATA shorter than flags + protocol + algorithm */
	dd_key_t *key = NULL;
	assert_int_equal(dd_key_new(N("example."), buf, 3, &key), DD_EMALFORMED);
	assert_null(key);
	/* a malformed owner name */
	const uint8_t bad_owner[] = { 64, 0 };
	assert_int_equal(dd_key_new(bad_owner, buf, 10, &key), DD_EMALFORMED);
	assert_int_equal(dd_key_new(NULL, buf, 10, &key), DD_EINVAL);
	dd_key_free(NULL);
}

/* RSA exponent size, reported for BIND's max-rsa-exponent-size policy check. */
static void test_rsa_exponent(void **state)
{
	(void)state;
	dd_key_t *key = vector_key("rfc5702.zone", "example.net.");
	assert_int_equal(dd_key_rsa_exponent_bits(key), 17);  /* AQAB = 65537 */
	dd_key_free(key);
	key = vector_key("rfc6605-p256.zone", "example.net.");
	assert_int_equal(dd_key_rsa_exponent_bits(key), 0);
	dd_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_zone_keys),
		cmocka_unit_test(test_keytag_rsamd5),
		cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_rsa_exponent),
	};
	return cmocka_run_group_tests_name("key", tests, NULL, NULL);
}
