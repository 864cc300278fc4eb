/* SPDX-License-Identifier: MIT
 * test_validate_denial.c - the validation core's denial of existence (src/lib/validate/
 * denial.c): NSEC proofs from RFC 4035 B, NSEC3 proofs from RFC 5155 B (authority sections
 * built from the Appendix A zones), each broken by a missing record; the iteration limit and
 * the hashing budget; type bitmaps; RFC 9276 parameters and NSEC3PARAM_MISMATCH. */

#include "validate_helpers.h"

/* ---- denial of existence --------------------------------------------------------------------- */

/* RFC 5155 Appendix A's NSEC3 owners (H() of the names, its A.1 comments) */
#define H_EXAMPLE "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example."  /* covers c.x.w.example */
#define H_XW "b4um86eghhds6nea196smvmlo4ors995.example."      /* x.w.example */
/* a.example; covers c.example and *.x.w.example */
#define H_A "35mthgpgcu1qg68fab165klnsnk3dpvl.example."
#define H_NS1 "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example."
#define H_YW "ji6neoaepv8b5o6k4ev33abha8ht9fgc.example."      /* y.w.example, empty non-terminal */
#define H_W "k8udemvp1j2f7eg6jebps17vp3n8i58h.example."
#define H_NS2 "q04jkcevqvmu85r014c7dkba38o0ji5r.example."     /* covers z.w.example */
#define H_WILD "r53bq7cc2uvmubfu5ocmm6pers9tk9en.example."    /* *.w.example */

typedef struct auth {
	dd_rr_t rr[24];
	size_t n;
	uint8_t buf[24][256];  /* altered NSEC3 RDATA */
} auth_t;

/* Add the SOA at @p owner, or (@p denial) its NSEC or NSEC3 records and their RRSIGs. */
static void auth_add(auth_t *a, const tzone_t *z, const uint8_t *owner, bool denial)
{
	for (size_t i = 0; i < z->count; i++) {
		const trec_t *r = &z->recs[i];
		uint16_t t = r->type == DD_TYPE_RRSIG && r->len > 2 ?
		             (uint16_t)(r->rdata[0] << 8 | r->rdata[1]) : r->type;
		bool want = denial ? t == DD_TYPE_NSEC || t == DD_TYPE_NSEC3 : r->type == DD_TYPE_SOA;
		if (!want || !dd_name_equal(r->owner, owner)) {
			continue;
		}
		assert_true(a->n < COUNT(a->rr));
		a->rr[a->n++] = (dd_rr_t){ .owner = r->owner, .type = r->type, .rclass = r->rclass,
			                   .ttl = r->ttl, .rdata = { .data = r->rdata, .len = r->len } };
	}
}

/* The authority section of a negative answer from zone @p z: the apex SOA, then the NSEC or
 * NSEC3 records and their RRSIGs at each of @p owners (NULL-terminated). */
static void auth_of(auth_t *a, const tzone_t *z, const char *const *owners)
{
	a->n = 0;
	auth_add(a, z, N("example."), false);
	for (size_t o = 0; owners[o] != NULL; o++) {
		auth_add(a, z, N(owners[o]), true);
	}
}

/* Set octet @p off of every NSEC3 RDATA (1: flags, 2-3: iterations) to @p v (16 bits when
 * @p wide). */
static void nsec3_set(auth_t *a, size_t off, uint16_t v, bool wide)
{
	for (size_t i = 0; i < a->n; i++) {
		if (a->rr[i].type != DD_TYPE_NSEC3) {
			continue;
		}
		if (a->rr[i].rdata.data != a->buf[i]) {
			memcpy(a->buf[i], a->rr[i].rdata.data, a->rr[i].rdata.len);
		}
		if (wide) {
			put16(a->buf[i] + off, v);
		} else {
			a->buf[i][off] = (uint8_t)v;
		}
		a->rr[i].rdata.data = a->buf[i];
	}
}

static dd__proof_t proof(const auth_t *a, const char *qname, uint16_t qtype, bool nx,
                         dd__hbudget_t *b, dd__proofinfo_t *info)
{
	return dd__validate_denial(a->rr, a->n, N("example."), N(qname), qtype, nx, b, info);
}

#define OWNERS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* RFC 4035 Appendix B.2 (name error), B.3 (no data), B.8 (DS no data), each broken, and the
 * side of a cut each record may deny for. */
static void test_denial_nsec(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	auth_t a;
	dd__proofinfo_t info;
	const struct {
		const char *const *owners;
		const char *qname;
		uint16_t qtype;
		bool nx;
		dd__proof_t want;
		const char *why;
	} cases[] = {
		{ OWNERS("b.example.", "example."), "ml.example.", DD_TYPE_A, true, DD_PROOF_OK, "" },
		{ OWNERS("example."), "ml.example.", DD_TYPE_A, true, DD_PROOF_BAD,
		  "no NSEC covers ml.example.: the NSEC returned ends at a.example., which has no "
		  "NSEC of its own" },  /* a gap in the chain */
		{ OWNERS("b.example."), "ml.example.", DD_TYPE_A, true, DD_PROOF_BAD,
		  "no NSEC denies the wildcard that could expand to ml.example." },
		{ OWNERS("ns1.example.", "example."), "ns1.example.", DD_TYPE_A, true, DD_PROOF_BAD,
		  "no NSEC covers ns1.example." },  /* it exists */
		{ OWNERS("*.w.example."), "a.w.example.", DD_TYPE_A, true, DD_PROOF_BAD,
		  "no NSEC denies the wildcard that could expand to a.w.example." },  /* it exists */
		{ OWNERS("ns1.example."), "ns1.example.", DD_TYPE_MX, false, DD_PROOF_OK, "" },
		{ OWNERS("ns1.example."), "ns1.example.", DD_TYPE_A, false, DD_PROOF_BAD,
		  "the NSEC at ns1.example. lists the type asked for" },
		{ OWNERS("b.example."), "ns1.example.", DD_TYPE_MX, false, DD_PROOF_BAD,
		  "no NSEC at ns1.example. proves the type absent" },
		/* the side of the cut (RFC 6840 4.1, RFC 4035 2.4; Unbound's val_nodata_zonecut and
		 * val_nsec3_nods_soa): a zone's own apex NSEC cannot deny its DS, the parent's NSEC
		 * at a delegation (B.8: b.example. NS RRSIG NSEC) denies the DS and nothing else */
		{ OWNERS("example."), "example.", DD_TYPE_DS, false, DD_PROOF_BAD,
		  "the NSEC at example. is the child zone's apex (it lists SOA): only the parent's side "
		  "of the cut can deny the DS (RFC 6840 4.1)" },
		{ OWNERS("b.example."), "b.example.", DD_TYPE_DS, false, DD_PROOF_OK, "" },
		{ OWNERS("b.example."), "b.example.", DD_TYPE_A, false, DD_PROOF_BAD,
		  "the NSEC at b.example. is the parent's side of a delegation (NS without SOA): it "
		  "denies only the DS there, not data of the child zone (RFC 4035 2.4)" },
		{ OWNERS("example."), "example.", DD_TYPE_DNSKEY, false, DD_PROOF_BAD,
		  "the NSEC at example. lists the type asked for" },
		{ OWNERS("nothing.example."), "ml.example.", DD_TYPE_A, true, DD_PROOF_NONE,
		  "the answer carries no NSEC or NSEC3 record" },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		auth_of(&a, z, cases[i].owners);
		dd__proof_t r = proof(&a, cases[i].qname, cases[i].qtype, cases[i].nx, NULL, &info);
		if (r != cases[i].want || strcmp(info.why, cases[i].why) != 0) {
			fail_msg("case %zu: proof %d \"%s\", expected %d \"%s\"", i, r, info.why,
			         cases[i].want, cases[i].why);
		}
		assert_false(info.nsec3);
	}
	tzone_free(z);
}

/* RFC 5155 Appendix B.1, B.2, B.2.1, B.6, each broken; B.1 with and without Opt-Out. */
static void test_denial_nsec3(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	auth_t a;
	dd__proofinfo_t info;
	const struct {
		const char *const *owners;
		bool optout;   /* as published; false: the flag cleared in memory */
		const char *qname;
		uint16_t qtype;
		bool nx;
		dd__proof_t want;
		const char *why;
	} cases[] = {
		/* B.1: every NSEC3 of the RFC's zone has Opt-Out, so a validator cannot tell the
		 * name from an unsigned delegation (Unbound: "nc has optout"): insecure */
		{ OWNERS(H_EXAMPLE, H_XW, H_A), true, "a.c.x.w.example.", DD_TYPE_A, true,
		  DD_PROOF_INSECURE, "" },
		{ OWNERS(H_EXAMPLE, H_XW, H_A), false, "a.c.x.w.example.", DD_TYPE_A, true,
		  DD_PROOF_OK, "" },
		{ OWNERS(H_XW, H_A), false, "a.c.x.w.example.", DD_TYPE_A, true, DD_PROOF_BAD,
		  "no NSEC3 covers the next closer name of a.c.x.w.example." },
		{ OWNERS(H_EXAMPLE, H_XW), false, "a.c.x.w.example.", DD_TYPE_A, true, DD_PROOF_BAD,
		  "no NSEC3 denies the wildcard at the closest encloser of a.c.x.w.example." },
		{ OWNERS(H_NS1), true, "ns1.example.", DD_TYPE_MX, false, DD_PROOF_OK, "" },
		{ OWNERS(H_NS1), true, "ns1.example.", DD_TYPE_A, false, DD_PROOF_BAD,
		  "the NSEC3 matching ns1.example. lists the type asked for" },
		{ OWNERS(H_EXAMPLE), true, "ns1.example.", DD_TYPE_MX, false, DD_PROOF_BAD,
		  "no NSEC3 matches ns1.example." },
		{ OWNERS(H_YW), true, "y.w.example.", DD_TYPE_A, false, DD_PROOF_OK, "" },
		{ OWNERS(H_W), true, "y.w.example.", DD_TYPE_A, false, DD_PROOF_BAD,
		  "no NSEC3 matches y.w.example." },
		{ OWNERS(H_EXAMPLE), true, "example.", DD_TYPE_DS, false, DD_PROOF_BAD,
		  "the NSEC3 matching example. is the child zone's apex (it lists SOA): only the "
		  "parent's side of the cut can deny the DS (RFC 6840 4.1)" },
		{ OWNERS(H_A), true, "a.example.", DD_TYPE_MX, false, DD_PROOF_BAD,
		  "the NSEC3 matching a.example. is the parent's side of a delegation (NS without "
		  "SOA): it denies only the DS there, not data of the child zone (RFC 4035 2.4)" },
		{ OWNERS(H_EXAMPLE), true, "example.", DD_TYPE_SOA, false, DD_PROOF_BAD,
		  "the NSEC3 matching example. lists the type asked for" },
		/* a name error with no closest encloser at all */
		{ OWNERS(H_A, H_NS2), false, "a.c.x.w.example.", DD_TYPE_A, true, DD_PROOF_BAD,
		  "no NSEC3 matches any ancestor of a.c.x.w.example. (no closest encloser)" },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		auth_of(&a, z, cases[i].owners);
		if (!cases[i].optout) {
			nsec3_set(&a, 1, 0, false);
		}
		dd__proof_t r = proof(&a, cases[i].qname, cases[i].qtype, cases[i].nx, NULL, &info);
		if (r != cases[i].want || strcmp(info.why, cases[i].why) != 0) {
			fail_msg("case %zu: proof %d \"%s\", expected %d \"%s\"", i, r, info.why,
			         cases[i].want, cases[i].why);
		}
		assert_true(info.nsec3);
		assert_int_equal(info.iterations, 12);
		assert_int_equal(info.salt_len, 4);
	}
	tzone_free(z);
}

/* Above 150 iterations, an unknown hash: insecure unhashed; the hashing budget. */
static void test_denial_limits(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	auth_t a;
	dd__proofinfo_t info;
	dd__hbudget_t b = { 0 };
	auth_of(&a, z, OWNERS(H_EXAMPLE, H_XW, H_A));
	nsec3_set(&a, 1, 0, false);
	/* B.1 needs 4 hashes: two closest encloser candidates, the next closer, the wildcard */
	b = (dd__hbudget_t){ .used = 0, .max = 4 };
	assert_int_equal(proof(&a, "a.c.x.w.example.", DD_TYPE_A, true, &b, &info), DD_PROOF_OK);
	assert_int_equal(b.used, 4);
	b = (dd__hbudget_t){ .used = 0, .max = 3 };
	assert_int_equal(proof(&a, "a.c.x.w.example.", DD_TYPE_A, true, &b, &info),
	                 DD_PROOF_BUDGET);
	b = (dd__hbudget_t){ .used = 100, .max = 0 };  /* 0: unlimited */
	assert_int_equal(proof(&a, "a.c.x.w.example.", DD_TYPE_A, true, &b, &info), DD_PROOF_OK);
	b = (dd__hbudget_t){ .used = 5, .max = 5 };
	assert_int_equal(proof(&a, "a.c.x.w.example.", DD_TYPE_A, false, &b, &info),
	                 DD_PROOF_BUDGET);

	nsec3_set(&a, 2, DD_NSEC3_RESOLVER_LIMIT + 1, true);
	b = (dd__hbudget_t){ .used = 0, .max = 10 };
	assert_int_equal(proof(&a, "a.c.x.w.example.", DD_TYPE_A, true, &b, &info),
	                 DD_PROOF_INSECURE);
	assert_int_equal(info.iterations, 151);
	assert_int_equal(b.used, 0);  /* not hashed at all */
	nsec3_set(&a, 2, DD_NSEC3_RESOLVER_LIMIT, true);  /* 150: hashed, and then nothing matches */
	assert_int_equal(proof(&a, "a.c.x.w.example.", DD_TYPE_A, true, &b, &info), DD_PROOF_BAD);
	assert_true(b.used > 0);
	nsec3_set(&a, 2, 12, true);
	nsec3_set(&a, 0, 2, false);  /* hash algorithm 2: unknown (RFC 5155 8.1) */
	assert_int_equal(proof(&a, "a.c.x.w.example.", DD_TYPE_A, true, NULL, &info),
	                 DD_PROOF_INSECURE);
	tzone_free(z);
}

/* The bitmap of the record that stands for a name itself. */
static void test_denial_bitmap_of(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	auth_t a;
	const uint8_t *bm = NULL;
	size_t len = 0;
	bool n3 = true;
	auth_of(&a, z, OWNERS("b.example.", "ns1.example."));
	assert_true(dd__denial_bitmap_of(a.rr, a.n, N("ns1.example."), NULL, &bm, &len, &n3));
	assert_false(n3);
	assert_true(dd_bitmap_has(bm, len, DD_TYPE_A));
	assert_false(dd_bitmap_has(bm, len, DD_TYPE_NS));
	assert_true(dd__denial_bitmap_of(a.rr, a.n, N("b.example."), NULL, &bm, &len, &n3));
	assert_true(dd_bitmap_has(bm, len, DD_TYPE_NS));
	assert_false(dd__denial_bitmap_of(a.rr, a.n, N("ml.example."), NULL, &bm, &len, &n3));
	tzone_free(z);

	z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	auth_of(&a, z, OWNERS(H_EXAMPLE, H_NS1));
	dd__hbudget_t b = { .used = 0, .max = 10 };
	assert_true(dd__denial_bitmap_of(a.rr, a.n, N("ns1.example."), &b, &bm, &len, &n3));
	assert_true(n3);
	assert_int_equal(b.used, 1);
	assert_true(dd_bitmap_has(bm, len, DD_TYPE_A));
	assert_false(dd_bitmap_has(bm, len, DD_TYPE_MX));
	assert_true(dd__denial_bitmap_of(a.rr, a.n, N("example."), &b, &bm, &len, &n3));
	assert_true(dd_bitmap_has(bm, len, DD_TYPE_NSEC3PARAM));
	assert_false(dd__denial_bitmap_of(a.rr, a.n, N("ns2.example."), &b, &bm, &len, &n3));
	b.used = b.max;
	assert_false(dd__denial_bitmap_of(a.rr, a.n, N("ns1.example."), &b, &bm, &len, &n3));
	nsec3_set(&a, 2, DD_NSEC3_RESOLVER_LIMIT + 1, true);
	assert_false(dd__denial_bitmap_of(a.rr, a.n, N("ns1.example."), NULL, &bm, &len, &n3));
	tzone_free(z);
}

/* A type bitmap against the types its name holds (check-zone), and malformed bitmaps. */
static void test_bitmap(void **state)
{
	(void)state;
	/* ns1.example. NSEC: A RRSIG NSEC (RFC 4035 A) */
	static const uint8_t bm[] = { 0x00, 0x06, 0x40, 0x00, 0x00, 0x00, 0x00, 0x03 };
	const uint8_t *o = N("ns1.example.");
	const uint16_t exact[] = { DD_TYPE_A, DD_TYPE_RRSIG, DD_TYPE_NSEC },
		more[] = { DD_TYPE_A, DD_TYPE_AAAA, DD_TYPE_RRSIG, DD_TYPE_NSEC },
		fewer[] = { DD_TYPE_RRSIG, DD_TYPE_NSEC },
		other[] = { DD_TYPE_AAAA, DD_TYPE_RRSIG, DD_TYPE_NSEC };
	cap_t c;
	dd__validate_bitmap(DD_TYPE_NSEC, o, o, bm, sizeof(bm), exact, 3, cap_new(&c));
	assert_int_equal(c.n, 0);
	dd__validate_bitmap(DD_TYPE_NSEC, o, o, bm, sizeof(bm), more, 4, cap_new(&c));
	const dd__vfind_t *x = only(&c, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, "the NSEC at "
	                            "ns1.example. omits AAAA, which ns1.example. has");
	assert_int_equal(x->rrtype, DD_TYPE_AAAA);
	dd__validate_bitmap(DD_TYPE_NSEC, o, o, bm, sizeof(bm), fewer, 2, cap_new(&c));
	only(&c, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, "the NSEC at ns1.example. lists A, which "
	     "ns1.example. does not have");
	dd__validate_bitmap(DD_TYPE_NSEC, o, o, bm, sizeof(bm), other, 3, cap_new(&c));
	only(&c, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, "the NSEC at ns1.example. lists A, which "
	     "ns1.example. does not have, and omits AAAA, which it has");
	/* NSEC3: the hashed owner and the name it stands for */
	const uint8_t *h = N(H_NS1);
	dd__validate_bitmap(DD_TYPE_NSEC3, h, o, bm, sizeof(bm), fewer, 2, cap_new(&c));
	only(&c, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, "the NSEC3 for ns1.example. "
	     "(2t7b4g4vsa5smi47k61mv5bv1a22bojr.example.) lists A, which ns1.example. does not have");

	const struct {
		uint8_t bm[8];
		size_t len;
		const char *why;
	} bad[] = {
		{ { 0x00, 0x02, 0x40, 0x00 }, 4, "trailing zero octets in a window (RFC 4034 4.1.2: "
		  "omit them)" },
		{ { 0x01, 0x01, 0x40, 0x00, 0x01, 0x40 }, 6, "windows out of order or repeated" },
		{ { 0x00, 0x01, 0x40, 0x00, 0x01, 0x20 }, 6, "windows out of order or repeated" },
		{ { 0x00, 0x21, 0x40 }, 3, "bad window length" },
		{ { 0x00, 0x03, 0x40 }, 3, "bad window length" },
		{ { 0x00 }, 1, "truncated window header" },
	};
	for (size_t i = 0; i < COUNT(bad); i++) {
		dd__validate_bitmap(DD_TYPE_NSEC, o, o, bad[i].bm, bad[i].len, exact, 3, cap_new(&c));
		char want[200];
		snprintf(want, sizeof(want), "the NSEC at ns1.example. has a malformed type bitmap: %s",
		         bad[i].why);
		only(&c, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, want);
	}
	/* an empty bitmap (an empty non-terminal's NSEC3) against no types */
	dd__validate_bitmap(DD_TYPE_NSEC3, h, o, bm, 0, exact, 0, cap_new(&c));
	assert_int_equal(c.n, 0);
}

/* RFC 9276 parameters, and an NSEC3PARAM naming no chain. */
static void test_nsec3_params(void **state)
{
	(void)state;
	const uint8_t *apex = N("example.");
	cap_t c;
	const struct {
		uint16_t it;
		uint8_t salt;
		const char *code;
	} p[] = {
		{ 0, 0, NULL },
		{ 0, 4, "NSEC3_PARAMETERS_NOT_RECOMMENDED" },
		{ 1, 0, "NSEC3_PARAMETERS_NOT_RECOMMENDED" },
		{ 150, 8, "NSEC3_PARAMETERS_NOT_RECOMMENDED" },
		{ 151, 0, "NSEC3_ITERATIONS_EXCESSIVE" },
		{ 2500, 8, "NSEC3_ITERATIONS_EXCESSIVE" },
	};
	for (size_t i = 0; i < COUNT(p); i++) {
		dd__validate_nsec3_params(apex, DD_TYPE_NSEC3PARAM, p[i].it, p[i].salt, cap_new(&c));
		if (p[i].code == NULL) {
			assert_int_equal(c.n, 0);
		} else {
			assert_int_equal(c.n, 1);
			assert_string_equal(c.f[0].code, p[i].code);
		}
	}
	dd__validate_nsec3_params(apex, DD_TYPE_NSEC3PARAM, 12, 4, cap_new(&c));
	only(&c, "NSEC3_PARAMETERS_NOT_RECOMMENDED", DD_SEV_NOTICE, "NSEC3 uses 12 additional "
	     "iterations and a 4-octet salt; RFC 9276 3.1 recommends 0 iterations and no salt");
	dd__validate_nsec3_params(apex, DD_TYPE_NSEC3, 151, 0, cap_new(&c));
	const dd__vfind_t *x = only(&c, "NSEC3_ITERATIONS_EXCESSIVE", DD_SEV_WARNING, "NSEC3 uses 151 "
	                            "additional iterations: above the 150 that Unbound, BIND and "
	                            "Knot Resolver accept, so their negative answers are insecure "
	                            "(RFC 9276 3.2 asks for 0)");
	assert_int_equal(x->rrtype, DD_TYPE_NSEC3);

	/* RFC 5155 A: NSEC3PARAM 1 0 12 aabbccdd and its chain (flags are not parameters) */
	tzone_t *z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	trrset_t pr, n3;
	assert_int_equal(tzone_rrset(z, apex, DD_TYPE_NSEC3PARAM, &pr), 1);
	assert_int_equal(tzone_rrset(z, N(H_NS1), DD_TYPE_NSEC3, &n3), 1);
	dd_nsec3_t param, chain;
	assert_int_equal(dd_nsec3param_parse(pr.rd[0].data, pr.rd[0].len, &param), DD_OK);
	assert_int_equal(dd_nsec3_parse(n3.rd[0].data, n3.rd[0].len, &chain), DD_OK);
	assert_true(dd__nsec3_same_params(&param, &chain));
	dd__validate_nsec3param_report(apex, &param, &chain, cap_new(&c));
	assert_int_equal(c.n, 0);
	uint8_t salt[4] = { 0xaa, 0xbb, 0xcc, 0xde };
	dd_nsec3_t other = param;
	other.salt = salt;
	assert_false(dd__nsec3_same_params(&other, &chain));
	dd__validate_nsec3param_report(apex, &other, &chain, cap_new(&c));
	only(&c, "NSEC3PARAM_MISMATCH", DD_SEV_ERROR, "the NSEC3PARAM (hash algorithm 1, 12 "
	     "iterations, salt AABBCCDE) names no NSEC3 chain the zone has: the NSEC3 records use "
	     "hash algorithm 1, 12 iterations, salt AABBCCDD; servers that pick the chain by it "
	     "answer without denial proofs");
	other = param;
	other.iterations = 0;
	other.salt_len = 0;
	dd__validate_nsec3param_report(apex, &other, NULL, cap_new(&c));
	only(&c, "NSEC3PARAM_MISMATCH", DD_SEV_ERROR, "the NSEC3PARAM (hash algorithm 1, 0 "
	     "iterations, salt -) names no NSEC3 chain the zone has: its negative answers carry no "
	     "NSEC3 at all; servers that pick the chain by it answer without denial proofs");
	tzone_free(z);
}

/* ---- NODATA without a record at the name: Opt-Out DS, wildcards, empty non-terminals ------ */

/* RFC 5155 B.3 / 8.6: the proof that c.example (an unsigned delegation under Opt-Out) has no
 * DS: closest provable encloser example., next closer c.example covered by an Opt-Out NSEC3.
 * diagnose asks the parent for the DS (trust.c no_ds, nxdomain false). */
static void test_optout_ds_nodata(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	auth_t a;
	dd__proofinfo_t info;
	auth_of(&a, z, OWNERS(H_A, H_EXAMPLE));
	dd__proof_t r = proof(&a, "c.example.", DD_TYPE_DS, false, NULL, &info);
	if (r != DD_PROOF_INSECURE) {
		fail_msg("proof %d \"%s\", expected INSECURE (%d)", r, info.why, DD_PROOF_INSECURE);
	}
	tzone_free(z);
}

/* RFC 5155 B.5 / 8.7: wildcard no data: a.z.w.example AAAA; closest encloser w.example, next
 * closer z.w.example covered, *.w.example matched without AAAA. */
static void test_nsec3_wildcard_nodata(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	auth_t a;
	dd__proofinfo_t info;
	auth_of(&a, z, OWNERS(H_W, H_NS2, H_WILD));
	/* as the RFC's zone has it, Opt-Out over the next closer name: no AD (RFC 5155 9.2) */
	assert_int_equal(proof(&a, "a.z.w.example.", DD_TYPE_AAAA, false, NULL, &info),
	                 DD_PROOF_INSECURE);
	nsec3_set(&a, 1, 0, false);  /* without Opt-Out: secure */
	dd__proof_t r = proof(&a, "a.z.w.example.", DD_TYPE_AAAA, false, NULL, &info);
	if (r != DD_PROOF_OK) {
		fail_msg("proof %d \"%s\", expected OK", r, info.why);
	}
	tzone_free(z);
}

/* RFC 4035 B.7 / 5.4: wildcard no data with NSEC: x.y.w.example NSEC covers a.z.w.example,
 * *.w.example NSEC lists no AAAA. */
static void test_nsec_wildcard_nodata(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	auth_t a;
	dd__proofinfo_t info;
	auth_of(&a, z, OWNERS("x.y.w.example.", "*.w.example."));
	dd__proof_t r = proof(&a, "a.z.w.example.", DD_TYPE_AAAA, false, NULL, &info);
	if (r != DD_PROOF_OK) {
		fail_msg("proof %d \"%s\", expected OK", r, info.why);
	}
	tzone_free(z);
}

/* An empty non-terminal with NSEC: y.w.example has no records, x.y.w.example does; the NSEC
 * x.w.example -> x.y.w.example covers y.w.example and its next name is below it, so the name
 * exists with no types (Unbound val_nsec.c nsec_proves_nodata; RFC 5155 B.2.1 is the NSEC3
 * twin, which passes). */
static void test_nsec_ent_nodata(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	auth_t a;
	dd__proofinfo_t info;
	auth_of(&a, z, OWNERS("x.w.example."));
	dd__proof_t r = proof(&a, "y.w.example.", DD_TYPE_A, false, NULL, &info);
	if (r != DD_PROOF_OK) {
		fail_msg("proof %d \"%s\", expected OK", r, info.why);
	}
	/* the same NSEC beside an NXDOMAIN proves the name exists: not a proof of NXDOMAIN
	 * (Unbound's val_nodata_entnx serves that answer) */
	auth_of(&a, z, OWNERS("x.w.example.", "*.w.example."));
	r = proof(&a, "y.w.example.", DD_TYPE_A, true, NULL, &info);
	assert_int_equal(r, DD_PROOF_BAD);
	assert_non_null(strstr(info.why, "exists (an empty non-terminal)"));
	tzone_free(z);
}

/* An NSEC whose next name lies outside the zone (RFC 4034 4.1.1: the next owner in the
 * zone, or its apex): b.example -> zz.other. "covers" ml.example in canonical order, but
 * proves nothing (Unbound's val_nx_overreach); the real chain's NSEC still does. */
static void test_nsec_next_outside_zone(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	auth_t a;
	dd__proofinfo_t info;
	auth_of(&a, z, OWNERS("example."));  /* denies the wildcard *.example */
	/* NSEC b.example. -> zz.other. with type A in its bitmap */
	static const uint8_t rd[] = { 2, 'z', 'z', 5, 'o', 't', 'h', 'e', 'r', 0, 0, 1, 0x40 };
	assert_true(a.n < COUNT(a.rr));
	a.rr[a.n++] = (dd_rr_t){ .owner = N("b.example."), .type = DD_TYPE_NSEC,
		                 .rclass = 1, .ttl = 3600,
		                 .rdata = { .data = rd, .len = sizeof(rd) } };
	dd__proof_t r = proof(&a, "ml.example.", DD_TYPE_A, true, NULL, &info);
	assert_int_equal(r, DD_PROOF_BAD);
	assert_string_equal(info.why, "no NSEC covers ml.example.: the NSEC at b.example. runs to "
	                              "zz.other., outside the zone");
	/* the zone's own NSEC b.example. -> ns1.example. does prove it */
	auth_of(&a, z, OWNERS("b.example.", "example."));
	r = proof(&a, "ml.example.", DD_TYPE_A, true, NULL, &info);
	assert_int_equal(r, DD_PROOF_OK);
	tzone_free(z);
}

/* RFC 5155 B.4 / 8.8 and RFC 4035 B.6 / 5.3.4: a.z.w.example MX expanded from *.w.example
 * (RRSIG Labels 2): the NSEC3 covering the next closer z.w.example, or the NSEC covering
 * a.z.w.example, proves that no closer match exists; a wrong NSEC3 (the one at w.example, as
 * Unbound's val_nsec3_b4_wild_wr serves) or none at all does not. */
static void test_wildcard_answer(void **state)
{
	(void)state;
	tzone_t *z = tzone_load(data_path("rfc5155-appA.zone"), NULL);
	auth_t a;
	dd__proofinfo_t info;
	uint8_t q[DD_NAME_MAXLEN];  /* N() hands out a buffer that later calls reuse */
	memcpy(q, N("a.z.w.example."), dd_name_len(N("a.z.w.example.")));
	auth_of(&a, z, OWNERS(H_NS2));
	/* the RFC's zone has Opt-Out on every NSEC3: no AD for the answer (RFC 5155 9.2) */
	dd__proof_t r = dd__validate_wildcard_answer(a.rr, a.n, N("example."), q, 2, NULL, &info);
	assert_int_equal(r, DD_PROOF_INSECURE);
	assert_non_null(strstr(info.why, "Opt-Out"));
	nsec3_set(&a, 1, 0, false);  /* without Opt-Out: secure */
	r = dd__validate_wildcard_answer(a.rr, a.n, N("example."), q, 2, NULL, &info);
	if (r != DD_PROOF_OK) {
		fail_msg("proof %d \"%s\", expected OK", r, info.why);
	}
	assert_true(info.nsec3);
	auth_of(&a, z, OWNERS(H_W));
	r = dd__validate_wildcard_answer(a.rr, a.n, N("example."), q, 2, NULL, &info);
	assert_int_equal(r, DD_PROOF_BAD);
	assert_non_null(strstr(info.why, "no NSEC3 covers its next closer name"));
	/* no denial records at all; and an RRSIG whose Labels count the whole owner: no expansion */
	auth_of(&a, z, OWNERS(NULL));
	assert_int_equal(dd__validate_wildcard_answer(a.rr, a.n, N("example."), q, 2, NULL, &info),
	                 DD_PROOF_NONE);
	assert_int_equal(dd__validate_wildcard_answer(a.rr, a.n, N("example."), q, 4, NULL, &info),
	                 DD_PROOF_OK);
	/* over the resolver iteration limit: insecure, as for the other NSEC3 proofs */
	auth_of(&a, z, OWNERS(H_NS2));
	nsec3_set(&a, 1, 0, false);
	nsec3_set(&a, 2, DD_NSEC3_RESOLVER_LIMIT + 1, true);
	assert_int_equal(dd__validate_wildcard_answer(a.rr, a.n, N("example."), q, 2, NULL, &info),
	                 DD_PROOF_INSECURE);
	tzone_free(z);
	z = tzone_load(data_path("rfc4035-appA.zone"), NULL);
	auth_of(&a, z, OWNERS("x.y.w.example."));
	r = dd__validate_wildcard_answer(a.rr, a.n, N("example."), q, 2, NULL, &info);
	if (r != DD_PROOF_OK) {
		fail_msg("proof %d \"%s\", expected OK", r, info.why);
	}
	auth_of(&a, z, OWNERS("x.w.example."));
	r = dd__validate_wildcard_answer(a.rr, a.n, N("example."), q, 2, NULL, &info);
	assert_int_equal(r, DD_PROOF_BAD);
	assert_non_null(strstr(info.why, "no NSEC covers it"));
	tzone_free(z);
}

/* ---- main ------------------------------------------------------------------------------------ */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_denial_nsec),
		cmocka_unit_test(test_denial_nsec3),
		cmocka_unit_test(test_denial_limits),
		cmocka_unit_test(test_denial_bitmap_of),
		cmocka_unit_test(test_bitmap),
		cmocka_unit_test(test_nsec3_params),
		cmocka_unit_test(test_optout_ds_nodata),
		cmocka_unit_test(test_nsec3_wildcard_nodata),
		cmocka_unit_test(test_nsec_wildcard_nodata),
		cmocka_unit_test(test_nsec_ent_nodata),
		cmocka_unit_test(test_nsec_next_outside_zone),
		cmocka_unit_test(test_wildcard_answer),
	};
	return cmocka_run_group_tests_name("validate_denial", tests, NULL, NULL);
}
