/* SPDX-License-Identifier: MIT
 * test_verify.c - RRSIG verification: RFC known-answer signatures of every supported algorithm,
 * whole signed zones (RFC 4035 A, RFC 5155 A) at a time inside their window, wildcard
 * expansion, canonical order and case, validity windows with RFC 1982 arithmetic, every
 * key/signature mismatch reason, and flipped-bit twins that must fail. */

#include <string.h>

#include "helpers.h"

typedef struct vec {
	tzone_t *z;
	trrset_t rs;
	const trec_t *sig;
	dd_key_t *key;
	dd_rrsig_t parsed;
} vec_t;

/* Load a single-signature vector file: the RRset the first RRSIG covers and the key. */
static void vec_load(vec_t *v, const char *file, const char *apex)
{
	memset(v, 0, sizeof(*v));
	v->z = tzone_load(data_path(file), NULL);
	v->sig = tzone_rrsig(v->z, 0);
	assert_non_null(v->sig);
	assert_int_equal(dd_rrsig_parse(v->sig->rdata, v->sig->len, &v->parsed), DD_OK);
	assert_true(tzone_rrset(v->z, v->sig->owner, v->parsed.type_covered, &v->rs) > 0);
	v->key = tzone_key(v->z, N(apex), 0);
}

static void vec_free(vec_t *v)
{
	dd_key_free(v->key);
	tzone_free(v->z);
}

static dd_sig_result_t verify(const dd_rrset_t *rs, const uint8_t *sig, size_t len,
                              const dd_key_t *key, int64_t at)
{
	dd_sig_result_t res;
	memset(&res, 0xEE, sizeof(res));
	assert_int_equal(dd_sig_verify(rs, sig, len, key, at, &res), DD_OK);
	return res;
}

static const struct {
	const char *file, *apex;
} RFC_VECTORS[] = {
	{ "rfc5702.zone", "example.net." },         /* RSASHA256 */
	{ "rfc5702-sha512.zone", "example.net." },  /* RSASHA512 */
	{ "rfc6605-p256.zone", "example.net." },    /* ECDSAP256SHA256 */
	{ "rfc6605-p384.zone", "example.net." },    /* ECDSAP384SHA384 */
};

static void test_rfc_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(RFC_VECTORS) / sizeof(RFC_VECTORS[0]); i++) {
		vec_t v;
		vec_load(&v, RFC_VECTORS[i].file, RFC_VECTORS[i].apex);
		int64_t inside = (int64_t)v.parsed.inception + 3600;
		dd_sig_result_t r = verify(&v.rs.set, v.sig->rdata, v.sig->len, v.key, inside);
		assert_int_equal(r.crypto, DD_CRYPTO_VALID);
		assert_int_equal(r.window, DD_WINDOW_VALID);
		assert_int_equal(r.mismatch, 0);
		assert_false(r.wildcard);
		assert_true(dd_sig_result_ok(&r));
		assert_int_equal(r.window_seconds, (int64_t)(v.parsed.expiration - v.parsed.inception) - 3600);

		/* cryptographically fine but expired 3 days ago: both facts reported */
		r = verify(&v.rs.set, v.sig->rdata, v.sig->len, v.key,
		           (int64_t)v.parsed.expiration + 3 * 86400);
		assert_int_equal(r.crypto, DD_CRYPTO_VALID);
		assert_int_equal(r.window, DD_WINDOW_EXPIRED);
		assert_int_equal(r.window_seconds, 3 * 86400);
		assert_false(dd_sig_result_ok(&r));
		/* and not yet valid */
		r = verify(&v.rs.set, v.sig->rdata, v.sig->len, v.key, (int64_t)v.parsed.inception - 40);
		assert_int_equal(r.crypto, DD_CRYPTO_VALID);
		assert_int_equal(r.window, DD_WINDOW_NOT_YET_VALID);
		assert_int_equal(r.window_seconds, 40);

		/* flipped bit in the signature */
		uint8_t sig[1024];
		memcpy(sig, v.sig->rdata, v.sig->len);
		sig[v.sig->len - 5] ^= 0x04;
		r = verify(&v.rs.set, sig, v.sig->len, v.key, inside);
		assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
		assert_int_equal(r.mismatch, 0);
		/* flipped bit in the RRset */
		uint8_t rd[64];
		memcpy(rd, v.rs.rd[0].data, v.rs.rd[0].len);
		rd[v.rs.rd[0].len - 1] ^= 0x01;
		trrset_t alt = v.rs;
		alt.rd[0].data = rd;
		alt.set.rdata = alt.rd;
		r = verify(&alt.set, v.sig->rdata, v.sig->len, v.key, inside);
		assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
		/* a flipped bit in a signed field of the RRSIG (Original TTL) */
		memcpy(sig, v.sig->rdata, v.sig->len);
		sig[7] ^= 0x01;
		r = verify(&v.rs.set, sig, v.sig->len, v.key, inside);
		assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
		/* flipped bit in the key: unloadable (EC point off the curve) or does not verify */
		size_t klen;
		const uint8_t *kd = dd_key_rdata(v.key, &klen);
		uint8_t kb[1024];
		memcpy(kb, kd, klen);
		kb[klen - 2] ^= 0x08;
		dd_key_t *bad = NULL;
		int kr = dd_key_new(dd_key_owner(v.key), kb, klen, &bad);
		if (kr == DD_OK) {
			r = verify(&v.rs.set, v.sig->rdata, v.sig->len, bad, inside);
			assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
			dd_key_free(bad);
		} else {
			assert_int_equal(kr, DD_EMALFORMED);
		}
		vec_free(&v);
	}
}

/* Each thread keeps a verification context per key (crypto/verify.c), told apart by a serial
 * number and not by address: a key freed and another made in its place (malloc hands the same
 * address back) verifies with its own public key. For RSA the other key is the first with a
 * flipped bit in its modulus (loads, verifies nothing). */
static void test_key_reuse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(RFC_VECTORS) / sizeof(RFC_VECTORS[0]); i++) {
		vec_t v;
		vec_load(&v, RFC_VECTORS[i].file, RFC_VECTORS[i].apex);
		int64_t inside = (int64_t)v.parsed.inception + 3600;
		size_t klen;
		const uint8_t *kd = dd_key_rdata(v.key, &klen);
		uint8_t kb[1024];
		memcpy(kb, kd, klen);
		kb[klen - 2] ^= 0x08;
		for (int round = 0; round < 3; round++) {
			dd_key_t *good = NULL, *bad = NULL;
			assert_int_equal(dd_key_new(dd_key_owner(v.key), kd, klen, &good), DD_OK);
			dd_sig_result_t r = verify(&v.rs.set, v.sig->rdata, v.sig->len, good,
			                           inside);
			assert_int_equal(r.crypto, DD_CRYPTO_VALID);
			dd_key_free(good);
			if (dd_key_new(dd_key_owner(v.key), kb, klen, &bad) != DD_OK) {
				continue;  /* an EC point off the curve: not loadable */
			}
			r = verify(&v.rs.set, v.sig->rdata, v.sig->len, bad, inside);
			assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
			/* and back: a good key where the bad one was */
			dd_key_free(bad);
			assert_int_equal(dd_key_new(dd_key_owner(v.key), kd, klen, &good), DD_OK);
			r = verify(&v.rs.set, v.sig->rdata, v.sig->len, good, inside);
			assert_int_equal(r.crypto, DD_CRYPTO_VALID);
			dd_key_free(good);
		}
		/* the same key many times on this thread: the kept context, the same verdicts */
		for (int k = 0; k < 20; k++) {
			dd_sig_result_t r = verify(&v.rs.set, v.sig->rdata, v.sig->len, v.key,
			                           inside);
			assert_int_equal(r.crypto, DD_CRYPTO_VALID);
		}
		vec_free(&v);
	}
}

/* RFC 8080's examples were signed with Labels = 3 for a 2-label owner (errata): the
 * signature is valid, the Labels field makes the RRSIG unusable (RFC 4035 5.3.1). */
static void test_rfc8080_labels(void **state)
{
	(void)state;
	const char *files[] = { "rfc8080-ed25519.zone", "rfc8080-ed448.zone" };
	for (size_t i = 0; i < 2; i++) {
		vec_t v;
		vec_load(&v, files[i], "example.com.");
		dd_sig_result_t r = verify(&v.rs.set, v.sig->rdata, v.sig->len, v.key,
		                           (int64_t)v.parsed.inception + 1);
		assert_int_equal(r.crypto, DD_CRYPTO_VALID);
		assert_int_equal(r.window, DD_WINDOW_VALID);
		assert_int_equal(r.mismatch, DD_SIG_MISMATCH_LABELS);
		assert_false(dd_sig_result_ok(&r));
		uint8_t sig[512];
		memcpy(sig, v.sig->rdata, v.sig->len);
		sig[v.sig->len - 1] ^= 0x80;
		r = verify(&v.rs.set, sig, v.sig->len, v.key, (int64_t)v.parsed.inception + 1);
		assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
		vec_free(&v);
	}
}

static void test_signed_zones(void **state)
{
	(void)state;
	size_t ok, bad;
	tzone_t *z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	tzone_verify_all(z, ts("20040420000000"), &ok, &bad);
	assert_int_equal(ok, 27);  /* every RRSIG of the zone */
	assert_int_equal(bad, 0);
	tzone_verify_all(z, ts("20261122000000"), &ok, &bad);  /* long expired */
	assert_int_equal(ok, 0);
	assert_int_equal(bad, 27);
	tzone_free(z);

	z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	tzone_verify_all(z, ts("20100101000000"), &ok, &bad);
	assert_int_equal(ok, 30);
	assert_int_equal(bad, 0);
	tzone_free(z);
}

/* RFC 4035 5.3.2: *.w.example's MX RRSIG (Labels 2) validates an expansion at a.z.w.example. */
static void test_wildcard(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	trrset_t mx;
	assert_int_equal(tzone_rrset(z, N("*.w.example."), DD_TYPE_MX, &mx), 1);
	const trec_t *sig = NULL;
	for (size_t i = 0; i < z->count; i++) {
		dd_rrsig_t s;
		if (z->recs[i].type == DD_TYPE_RRSIG &&
		    dd_name_equal(z->recs[i].owner, N("*.w.example.")) &&
		    dd_rrsig_parse(z->recs[i].rdata, z->recs[i].len, &s) == DD_OK &&
		    s.type_covered == DD_TYPE_MX) {
			sig = &z->recs[i];
			assert_int_equal(s.labels, 2);
		}
	}
	assert_non_null(sig);
	dd_key_t *key = NULL;
	for (size_t k = 0; k < 2 && key == NULL; k++) {
		key = tzone_key(z, N("example."), k);
		if (dd_key_tag(key) != 38519) {
			dd_key_free(key);
			key = NULL;
		}
	}
	assert_non_null(key);
	int64_t at = ts("20040420000000");
	dd_sig_result_t r = verify(&mx.set, sig->rdata, sig->len, key, at);
	assert_true(dd_sig_result_ok(&r));
	assert_false(r.wildcard);  /* the wildcard owner itself */

	mx.set.owner = N("a.z.w.example.");
	r = verify(&mx.set, sig->rdata, sig->len, key, at);
	assert_true(dd_sig_result_ok(&r));
	assert_true(r.wildcard);
	/* an expansion outside the wildcard's parent does not verify */
	mx.set.owner = N("a.z.v.example.");
	r = verify(&mx.set, sig->rdata, sig->len, key, at);
	assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
	dd_key_free(key);
	tzone_free(z);
}

/* RFC 4034 6.2-6.3: any order, any case, duplicates removed. */
static void test_order_and_case(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	trrset_t ns;
	assert_int_equal(tzone_rrset(z, N("example."), DD_TYPE_NS, &ns), 2);
	const trec_t *sig = NULL;
	for (size_t i = 0; i < z->count && sig == NULL; i++) {
		dd_rrsig_t s;
		if (z->recs[i].type == DD_TYPE_RRSIG && dd_name_equal(z->recs[i].owner, N("example.")) &&
		    dd_rrsig_parse(z->recs[i].rdata, z->recs[i].len, &s) == DD_OK &&
		    s.type_covered == DD_TYPE_NS) {
			sig = &z->recs[i];
		}
	}
	assert_non_null(sig);
	dd_key_t *key = tzone_key(z, N("example."), 0);
	if (dd_key_tag(key) != 38519) {
		dd_key_free(key);
		key = tzone_key(z, N("example."), 1);
	}
	int64_t at = ts("20040420000000");
	dd_sig_result_t r = verify(&ns.set, sig->rdata, sig->len, key, at);
	assert_true(dd_sig_result_ok(&r));

	/* reversed, upper-case owner and RDATA names, plus a duplicate */
	uint8_t up0[64], up1[64];
	memcpy(up0, ns.rd[1].data, ns.rd[1].len);
	memcpy(up1, ns.rd[0].data, ns.rd[0].len);
	for (size_t i = 0; i < ns.rd[1].len; i++) {
		up0[i] = (up0[i] >= 'a' && up0[i] <= 'z') ? up0[i] - 32 : up0[i];
	}
	dd_rdata_t rd[3] = { { up0, ns.rd[1].len }, { up1, ns.rd[0].len }, { up1, ns.rd[0].len } };
	dd_rrset_t alt = ns.set;
	alt.owner = N("EXAMPLE.");
	alt.rdata = rd;
	alt.count = 3;
	r = verify(&alt, sig->rdata, sig->len, key, at);
	assert_true(dd_sig_result_ok(&r));
	/* one RDATA missing: invalid */
	alt.count = 1;
	r = verify(&alt, sig->rdata, sig->len, key, at);
	assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
	dd_key_free(key);
	tzone_free(z);
}

/* Rebuild the key of @p v with other flags/protocol; the public key itself is unchanged. */
static dd_key_t *key_variant(const vec_t *v, uint16_t flags, uint8_t protocol)
{
	size_t len;
	const uint8_t *rd = dd_key_rdata(v->key, &len);
	uint8_t b[1024];
	memcpy(b, rd, len);
	b[0] = (uint8_t)(flags >> 8);
	b[1] = (uint8_t)flags;
	b[2] = protocol;
	dd_key_t *k = NULL;
	assert_int_equal(dd_key_new(dd_key_owner(v->key), b, len, &k), DD_OK);
	return k;
}

static void test_mismatch_reasons(void **state)
{
	(void)state;
	vec_t v;
	vec_load(&v, "rfc6605-p256.zone", "example.net.");
	int64_t at = (int64_t)v.parsed.inception + 10;
	dd_sig_result_t r;

	struct { uint16_t flags; uint8_t proto; uint32_t want; } cases[] = {
		{ 0x0001, 3, DD_SIG_MISMATCH_ZONE_FLAG | DD_SIG_MISMATCH_KEYTAG },
		{ 0x0181, 3, DD_SIG_MISMATCH_REVOKED | DD_SIG_MISMATCH_KEYTAG },
		{ 0x0101, 4, DD_SIG_MISMATCH_PROTOCOL | DD_SIG_MISMATCH_KEYTAG },
	};
	for (size_t i = 0; i < 3; i++) {
		dd_key_t *k = key_variant(&v, cases[i].flags, cases[i].proto);
		r = verify(&v.rs.set, v.sig->rdata, v.sig->len, k, at);
		assert_int_equal(r.crypto, DD_CRYPTO_VALID);  /* same public key */
		assert_int_equal(r.mismatch, cases[i].want);
		assert_false(dd_sig_result_ok(&r));
		dd_key_free(k);
	}

	/* a key with another owner: signer mismatch */
	size_t len;
	const uint8_t *rd = dd_key_rdata(v.key, &len);
	dd_key_t *other = NULL;
	assert_int_equal(dd_key_new(N("example.org."), rd, len, &other), DD_OK);
	r = verify(&v.rs.set, v.sig->rdata, v.sig->len, other, at);
	assert_int_equal(r.mismatch, DD_SIG_MISMATCH_SIGNER);
	dd_key_free(other);

	/* the RRSIG applied to an RRset of another type, and of another zone */
	dd_rrset_t alt = v.rs.set;
	alt.type = DD_TYPE_AAAA;
	r = verify(&alt, v.sig->rdata, v.sig->len, v.key, at);
	assert_true(r.mismatch & DD_SIG_MISMATCH_TYPE);
	assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
	alt = v.rs.set;
	alt.owner = N("www.example.org.");
	r = verify(&alt, v.sig->rdata, v.sig->len, v.key, at);
	assert_true(r.mismatch & DD_SIG_MISMATCH_SIGNER_ZONE);

	/* RRSIG algorithm differs from the key's: not tried */
	uint8_t sig[256];
	memcpy(sig, v.sig->rdata, v.sig->len);
	sig[2] = 8;
	r = verify(&v.rs.set, sig, v.sig->len, v.key, at);
	assert_int_equal(r.crypto, DD_CRYPTO_NOT_TRIED);
	assert_true(r.mismatch & DD_SIG_MISMATCH_ALGORITHM);
	/* wrong key tag in the RRSIG: reported, signature bytes still checked (and fail, as
	 * the key tag is signed data) */
	memcpy(sig, v.sig->rdata, v.sig->len);
	sig[17] ^= 1;
	r = verify(&v.rs.set, sig, v.sig->len, v.key, at);
	assert_int_equal(r.mismatch, DD_SIG_MISMATCH_KEYTAG);
	assert_int_equal(r.crypto, DD_CRYPTO_INVALID);
	/* ECDSA signature of the wrong length */
	r = verify(&v.rs.set, v.sig->rdata, v.sig->len - 1, v.key, at);
	assert_int_equal(r.crypto, DD_CRYPTO_INVALID);

	/* TTL above the Original TTL is reported, not fatal (RFC 4035 5.3.3) */
	alt = v.rs.set;
	alt.ttl = v.parsed.original_ttl + 1;
	r = verify(&alt, v.sig->rdata, v.sig->len, v.key, at);
	assert_true(r.ttl_above_original);
	assert_true(dd_sig_result_ok(&r));
	vec_free(&v);

	/* unsupported algorithm: algorithm 1 key with an algorithm 1 RRSIG */
	uint8_t krd[] = { 1, 0, 3, 1, 1, 3, 0xC1, 0x22, 0x33, 0xAB, 0xCD, 0xEF };
	dd_key_t *md5 = NULL;
	assert_int_equal(dd_key_new(N("example."), krd, sizeof(krd), &md5), DD_OK);
	uint8_t s1[] = { 0, 1, 1, 1, 0, 0, 0, 60, 0x70, 0, 0, 0, 0x60, 0, 0, 0, 0xAB, 0xCD,
		         7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 1, 2, 3 };
	const uint8_t a[] = { 192, 0, 2, 1 };
	dd_rdata_t ard = { a, 4 };
	dd_rrset_t ars = { .owner = N("example."), .type = 1, .rclass = 1, .ttl = 60, .count = 1,
		           .rdata = &ard };
	r = verify(&ars, s1, sizeof(s1), md5, 0x65000000);
	assert_int_equal(r.crypto, DD_CRYPTO_UNSUPPORTED);
	assert_int_equal(r.mismatch, 0);
	dd_key_free(md5);
}

/* RFC 4034 3.1.5 / RFC 1982: windows are compared modulo 2^32, so they work across 2106. */
static void test_window(void **state)
{
	(void)state;
	dd_rrsig_t s = { .inception = 0xFFFF0000u, .expiration = 0x00010000u };  /* wraps */
	int64_t secs = -1;
	int64_t wrap = (int64_t)1 << 32;  /* 2106-02-07 06:28:16 UTC */
	assert_int_equal(dd_sig_window(&s, wrap + 5, &secs), DD_WINDOW_VALID);
	assert_int_equal(secs, 0x10000 - 5);
	assert_int_equal(dd_sig_window(&s, wrap - 5, &secs), DD_WINDOW_VALID);
	assert_int_equal(dd_sig_window(&s, 0xFFFF0000 - 7, &secs), DD_WINDOW_NOT_YET_VALID);
	assert_int_equal(secs, 7);
	assert_int_equal(dd_sig_window(&s, wrap + 0x10000 + 9, &secs), DD_WINDOW_EXPIRED);
	assert_int_equal(secs, 9);
	/* inclusive bounds */
	assert_int_equal(dd_sig_window(&s, 0xFFFF0000, NULL), DD_WINDOW_VALID);
	assert_int_equal(dd_sig_window(&s, wrap + 0x10000, NULL), DD_WINDOW_VALID);
	/* expiration before inception */
	dd_rrsig_t inv = { .inception = 2000, .expiration = 1000 };
	assert_int_equal(dd_sig_window(&inv, 1500, &secs), DD_WINDOW_INVERTED);
	assert_int_equal(secs, 0);
	/* a 2004 signature seen in 2026 is expired, not "valid after wrap" */
	dd_rrsig_t old = { .inception = (uint32_t)ts("20040409183619"),
		           .expiration = (uint32_t)ts("20040509183619") };
	assert_int_equal(dd_sig_window(&old, ts("20261122000000"), &secs), DD_WINDOW_EXPIRED);
	assert_int_equal(secs, ts("20261122000000") - ts("20040509183619"));
	assert_string_equal(dd_window_name(DD_WINDOW_NOT_YET_VALID), "not yet valid");
	assert_string_equal(dd_crypto_name(DD_CRYPTO_UNSUPPORTED), "unsupported");
	assert_string_equal(dd_sig_mismatch_name(DD_SIG_MISMATCH_REVOKED), "revoked");
	assert_null(dd_sig_mismatch_name(1u << 30));
}

static void test_signed_data_and_errors(void **state)
{
	(void)state;
	vec_t v;
	vec_load(&v, "rfc5702.zone", "example.net.");
	dd_buf_t d = { 0 };
	assert_int_equal(dd_sig_signed_data(&v.rs.set, v.sig->rdata, v.sig->len, &d), DD_OK);
	/* 18 fixed octets, signer, then owner | type | class | TTL | rdlength | A */
	size_t signer = 13;  /* \7example\3net\0 */
	size_t owner = 17;   /* \3www\7example\3net\0 */
	assert_int_equal(d.len, 18 + signer + owner + 10 + 4);
	assert_memory_equal(d.data, v.sig->rdata, 18 + signer);
	assert_memory_equal(d.data + 18 + signer, "\3www\7example\3net", owner);
	assert_memory_equal(d.data + 18 + signer + owner, "\0\1\0\1\0\0\x0e\x10\0\4\xc0\0\2\x5b", 14);
	dd_buf_free(&d);
	assert_null(d.data);
	dd_buf_free(NULL);

	/* malformed RRSIG RDATA and malformed names inside an RRset are errors, not verdicts */
	dd_sig_result_t r;
	assert_int_equal(dd_sig_verify(&v.rs.set, v.sig->rdata, 18, v.key, 0, &r), DD_EMALFORMED);
	const uint8_t ns_bad[] = { 9, 'n', 's' };
	dd_rdata_t bad_rd = { ns_bad, sizeof(ns_bad) };
	dd_rrset_t bad = v.rs.set;
	bad.type = DD_TYPE_NS;
	bad.rdata = &bad_rd;
	bad.count = 1;
	assert_int_equal(dd_sig_verify(&bad, v.sig->rdata, v.sig->len, v.key, 0, &r), DD_EMALFORMED);
	assert_int_equal(dd_sig_verify(NULL, v.sig->rdata, v.sig->len, v.key, 0, &r), DD_EINVAL);
	vec_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_vectors),
		cmocka_unit_test(test_key_reuse),
		cmocka_unit_test(test_rfc8080_labels),
		cmocka_unit_test(test_signed_zones),
		cmocka_unit_test(test_wildcard),
		cmocka_unit_test(test_order_and_case),
		cmocka_unit_test(test_mismatch_reasons),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_signed_data_and_errors),
	};
	return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
