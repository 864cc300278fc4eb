/* SPDX-License-Identifier: MIT
 * validate_helpers.h - shared by the validation core's tests (test_validate*.c): a sink that
 * keeps the findings and asserts on their sentences, DNSKEY sets, one RRSIG judged, and an
 * Ed25519 signer with RFC 8080 6.1's published private key for signatures the RFCs lack. */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "helpers.h"
#include "validate/validate.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a sink that keeps the findings ---------------------------------------------------------- */

typedef struct cap {
	size_t n;
	dd__vfind_t f[24];
	dd__vsink_t sink;
} cap_t;

static inline void cap_emit(void *ctx, const dd__vfind_t *f)
{
	cap_t *c = ctx;
	assert_true(c->n < COUNT(c->f));
	/* every code is in the vocabulary, at its severity or above (dd__vemit) */
	const dd_finding_info_t *info = dd_finding_info(f->code);
	if (info == NULL || f->severity < info->severity) {
		fail_msg("%s (%s): not in the vocabulary or below its severity", f->code,
		         dd_severity_name(f->severity));
	}
	c->f[c->n++] = *f;
}

static inline const dd__vsink_t *cap_new(cap_t *c)
{
	memset(c, 0, sizeof(*c));
	c->sink = (dd__vsink_t){ .emit = cap_emit, .ctx = c };
	return &c->sink;
}

#define ANY_SEV ((dd_severity_t)-1)

/* The only finding of @p c with @p code; it must have severity @p sev (unless ANY_SEV). */
static inline const dd__vfind_t *found(const cap_t *c, const char *code, dd_severity_t sev)
{
	const dd__vfind_t *hit = NULL;
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->f[i].code, code) != 0) {
			continue;
		}
		if (hit != NULL) {
			fail_msg("two %s: \"%s\" and \"%s\"", code, hit->detail, c->f[i].detail);
		}
		hit = &c->f[i];
	}
	if (hit == NULL) {
		fail_msg("no %s among %zu findings (first: %s \"%s\")", code, c->n,
		         c->n ? c->f[0].code : "-", c->n ? c->f[0].detail : "");
	}
	if (sev != ANY_SEV && hit->severity != sev) {
		fail_msg("%s has severity %s, expected %s: \"%s\"", code,
		         dd_severity_name(hit->severity), dd_severity_name(sev), hit->detail);
	}
	return hit;
}

/* The only finding of @p c, which has @p code, @p sev and the detail @p text exactly. */
static inline const dd__vfind_t *only(const cap_t *c, const char *code, dd_severity_t sev,
                                      const char *text)
{
	assert_int_equal(c->n, 1);
	const dd__vfind_t *f = found(c, code, sev);
	if (text != NULL) {
		assert_string_equal(f->detail, text);
	}
	return f;
}

/* Among the findings of @p c, one with @p code, @p sev and the detail @p text exactly. */
static inline void among(const cap_t *c, const char *code, dd_severity_t sev, const char *text)
{
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->f[i].code, code) == 0 && strcmp(c->f[i].detail, text) == 0) {
			assert_int_equal(c->f[i].severity, sev);
			return;
		}
	}
	fail_msg("no %s \"%s\" among %zu findings (first: %s \"%s\")", code, text, c->n,
	         c->n ? c->f[0].code : "-", c->n ? c->f[0].detail : "");
}

static inline void says(const dd__vfind_t *f, const char *text)
{
	if (strstr(f->detail, text) == NULL) {
		fail_msg("%s: \"%s\" does not say \"%s\"", f->code, f->detail, text);
	}
}

static inline void never_says(const dd__vfind_t *f, const char *text)
{
	if (strstr(f->detail, text) != NULL) {
		fail_msg("%s: \"%s\" says \"%s\"", f->code, f->detail, text);
	}
}

/* ---- keys, signatures ------------------------------------------------------------------------ */

typedef struct kset {
	dd__vkey_t k[16];
	bool allowed[16];
	size_t n;
} kset_t;

static inline size_t kset_add(kset_t *s, const uint8_t *owner, const uint8_t *rd, size_t len)
{
	assert_true(s->n < COUNT(s->k));
	dd__vkey_t *k = &s->k[s->n];
	assert_int_equal(dd_key_new(owner, rd, len, &k->key), DD_OK);
	k->tag = dd_key_tag(k->key);
	k->alg = dd_key_algorithm(k->key);
	k->flags = dd_key_flags(k->key);
	s->allowed[s->n] = true;
	return s->n++;
}

static inline void kset_free(kset_t *s)
{
	for (size_t i = 0; i < s->n; i++) {
		dd_key_free(s->k[i].key);
	}
	s->n = 0;
}

static inline dd__vkeys_t vkeys(const kset_t *s, const uint8_t *zone)
{
	return (dd__vkeys_t){ .zone = zone, .keys = s->k, .n = s->n };
}

static inline dd__vopts_t opts(int64_t at)
{
	return (dd__vopts_t){ .at = at, .lim = dd_limits_default() };
}

/* The RRSIG at @p owner over @p covered by key @p tag in @p z. */
static inline dd_rdata_t rrsig_of(const tzone_t *z, const uint8_t *owner, uint16_t covered,
                                  uint16_t tag)
{
	for (size_t i = 0; i < z->count; i++) {
		const trec_t *r = &z->recs[i];
		dd_rrsig_t s;
		if (r->type == DD_TYPE_RRSIG && dd_name_equal(r->owner, owner) &&
		    dd_rrsig_parse(r->rdata, r->len, &s) == DD_OK && s.type_covered == covered &&
		    s.key_tag == tag) {
			return (dd_rdata_t){ .data = r->rdata, .len = r->len };
		}
	}
	fail_msg("no RRSIG %u by %u", covered, tag);
	return (dd_rdata_t){ 0 };
}

static inline dd__sigout_t judge(const dd_rrset_t *set, const uint8_t *sig, size_t len,
                                 const dd__vkeys_t *k, const dd__vopts_t *o, dd__vbudget_t *b)
{
	dd__sigout_t out;
	memset(&out, 0xee, sizeof(out));
	dd_rdata_t rd = { .data = sig, .len = (uint16_t)len };
	assert_int_equal(dd__validate_sig(set, &rd, k, o, b, &out), DD_OK);
	return out;
}

#define assert_sigv(got, want)                                                                  \
	do {                                                                                    \
		dd__sigv_t g_ = (dd__sigv_t)(got), w_ = (want);                                 \
		if (g_ != w_) {                                                                 \
			fail_msg("outcome \"%s\", expected \"%s\"", dd__sigv_name(g_),          \
			         dd__sigv_name(w_));                                            \
		}                                                                               \
	} while (0)

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* RFC 8080 6.1's first Ed25519 key (its public half is rfc8080-ed25519.zone's DNSKEY). */
static inline EVP_PKEY *ed_key(uint8_t pub[32])
{
	static const char priv64[] = "ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI=";
	uint8_t raw[48];
	assert_int_equal(EVP_DecodeBlock(raw, (const unsigned char *)priv64, 44), 33);
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, raw, 32);
	assert_non_null(pk);
	size_t pl = 32;
	assert_int_equal(EVP_PKEY_get_raw_public_key(pk, pub, &pl), 1);
	return pk;
}

/* DNSKEY RDATA of the Ed25519 key with @p flags and @p protocol; 36 octets. */
static inline void ed_dnskey(const uint8_t pub[32], uint16_t flags, uint8_t protocol,
                             uint8_t out[36])
{
	put16(out, flags);
	out[2] = protocol;
	out[3] = DD_ALG_ED25519;
	memcpy(out + 4, pub, 32);
}

/* Sign @p set: an RRSIG RDATA with these fields into @p out. @return its length. */
static inline size_t ed_sign(EVP_PKEY *pk, const dd_rrset_t *set, uint8_t labels, uint32_t exp,
                             uint32_t inc, uint16_t tag, const uint8_t *signer, uint8_t out[400])
{
	size_t sl = dd_name_len(signer), hl = 18 + sl;
	put16(out, set->type);
	out[2] = DD_ALG_ED25519;
	out[3] = labels;
	put32(out + 4, set->ttl);
	put32(out + 8, exp);
	put32(out + 12, inc);
	put16(out + 16, tag);
	memcpy(out + 18, signer, sl);
	memset(out + hl, 0, 64);
	dd_buf_t data = { 0 };
	assert_int_equal(dd_sig_signed_data(set, out, hl + 64, &data), DD_OK);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t n = 64;
	assert_int_equal(EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk), 1);
	assert_int_equal(EVP_DigestSign(ctx, out + hl, &n, data.data, data.len), 1);
	assert_int_equal(n, 64);
	EVP_MD_CTX_free(ctx);
	dd_buf_free(&data);
	return hl + 64;
}
