/* SPDX-License-Identifier: MIT
 * test_analysis.c - analysis and diagnosis from stored evidence (tests/unit/data/evidence,
 * saved from the testbed): statuses, root-cause codes present and absent, time injection,
 * determinism, the evidence JSON round trip and malformed evidence files. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

typedef struct expect {
	const char *file;
	dd_status_t zone, www, nx;
	const char *codes[3];
	const char *forbid[3];
	bool no_errors;
} expect_t;

static const expect_t CASES[] = {
	{ "alpha.lab.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE, { 0 }, { 0 }, true },
	{ "two.one.delta.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE, { 0 }, { 0 }, true },
	{ "echo.example.json", DD_STATUS_INSECURE, DD_STATUS_INSECURE, DD_STATUS_INSECURE, { 0 }, { 0 }, true },
	{ "hotel.example.json", DD_STATUS_SECURE, DD_STATUS_BOGUS, DD_STATUS_SECURE,
	  { "RRSIG_EXPIRED" }, { "DS_DIGEST_MISMATCH", "DNSKEY_NOT_SIGNED_BY_DS_KEY" }, false },
	{ "juliet.example.json", DD_STATUS_BOGUS, DD_STATUS_BOGUS, DD_STATUS_BOGUS,
	  { "DS_DIGEST_MISMATCH" }, { "DS_ALGORITHM_MISMATCH", "RRSIG_EXPIRED" }, false },
	{ "sierra.example.json", DD_STATUS_BOGUS, DD_STATUS_BOGUS, DD_STATUS_BOGUS,
	  { "SPLIT_SIGNING" }, { "DS_WITHOUT_DNSKEY", "RRSIG_EXPIRED", "MULTI_SIGNER_INCONSISTENT" },
	  false },
	{ "victor.lab.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_BOGUS,
	  { "DENIAL_PROOF_INVALID" }, { "NSEC3PARAM_MISMATCH" }, false },
	{ "xray.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { "NSEC_BITMAP_WRONG" }, { "RRSIG_INVALID" }, false },
	{ "denim.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { "LAME_DELEGATION", "SERVER_UNREACHABLE" }, { "RRSIG_MISSING" }, true },
	{ "amber.example.json", DD_STATUS_INSECURE, DD_STATUS_INSECURE, DD_STATUS_INSECURE,
	  { "ALGORITHM_UNSUPPORTED" }, { "RRSIG_INVALID", "DS_NO_MATCHING_DNSKEY" }, true },
	{ "whiskey.lab.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_INSECURE,
	  { "NSEC3_ITERATIONS_EXCESSIVE" }, { "DENIAL_PROOF_INVALID" }, true },
	{ "coral.example.json", DD_STATUS_BOGUS, DD_STATUS_BOGUS, DD_STATUS_BOGUS,
	  { "ROLLOVER_INCOMPLETE" }, { "DS_DIGEST_MISMATCH" }, false },
	/* KeyTrap: 13 RRSIGs and 4 DNSKEYs sharing a key tag, the valid RRSIG last */
	{ "maple.example.json", DD_STATUS_SECURE, DD_STATUS_BOGUS, DD_STATUS_SECURE,
	  { "WORK_LIMIT_EXCEEDED" }, { "RRSIG_INVALID", "DS_NO_MATCHING_DNSKEY" }, false },
	/* NSEC3 with 150 iterations and a salt: hashed, within the limits */
	{ "nutmeg.lab.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { 0 }, { "WORK_LIMIT_EXCEEDED", "DENIAL_PROOF_INVALID" }, true },
	/* hostile servers beside a healthy one (tests/testbed/hostile.py) */
	{ "garnet.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { "RESPONSE_INVALID" }, { "SERVER_UNREACHABLE", "LAME_DELEGATION" }, true },
	{ "jade.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { "RESPONSE_INVALID" }, { "SERVER_UNREACHABLE", "LAME_DELEGATION" }, true },
	{ "ivory.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { "TCP_FAULT" }, { "SERVER_UNREACHABLE", "LAME_DELEGATION" }, true },
	/* issue 21: a ZSK removed while its signatures are served; multi-signer without the other
	 * provider's ZSK; a DS for a revoked KSK; a DS for a key without the Zone flag */
	{ "saffron.example.json", DD_STATUS_SECURE, DD_STATUS_BOGUS, DD_STATUS_BOGUS,
	  { "RRSIG_KEY_NOT_PUBLISHED" }, { "RRSIG_INVALID", "MULTI_SIGNER_INCONSISTENT" }, false },
	{ "cedar.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { "MULTI_SIGNER_INCONSISTENT" }, { "RRSIG_INVALID", "RRSIG_KEY_NOT_PUBLISHED",
	  "SPLIT_SIGNING" }, false },
	{ "walnut.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { "DS_REVOKED_KEY" }, { "DS_NO_MATCHING_DNSKEY" }, true },
	{ "hemlock.example.json", DD_STATUS_BOGUS, DD_STATUS_BOGUS, DD_STATUS_BOGUS,
	  { "DS_NO_MATCHING_DNSKEY" }, { "DS_DIGEST_MISMATCH", "DS_ALGORITHM_MISMATCH" }, false },
	/* issue 21: the zone's apex NS RRset differs from the delegation (a name only the zone
	 * lists, its address only in the zone; a name only the parent lists) */
	{ "birch.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { "NS_MISMATCH" }, { "SERVER_UNREACHABLE", "LAME_DELEGATION" }, true },
	{ "larch.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { "NS_MISMATCH" }, { "SERVER_UNREACHABLE", "LAME_DELEGATION" }, true },
	/* issue 21: the multi-signer check leaves the split-signing (sierra, above) and
	 * stale-secondary causes as they were: one server's expired signatures are staleness */
	{ "tango.example.json", DD_STATUS_BOGUS, DD_STATUS_BOGUS, DD_STATUS_BOGUS,
	  { "STALE_SECONDARY" }, { "MULTI_SIGNER_INCONSISTENT", "SPLIT_SIGNING", "RRSIG_INVALID" },
	  false },
	/* issue 21: CDS/CDNSKEY delete beside the parent's DS: a notice, nothing broken */
	{ "violet.example.json", DD_STATUS_SECURE, DD_STATUS_SECURE, DD_STATUS_SECURE,
	  { 0 }, { "CDS_MISMATCH", "MULTI_SIGNER_INCONSISTENT" }, true },
	/* a CNAME from a healthy zone into one whose DS is wrong */
	{ "flint.example.json", DD_STATUS_SECURE, DD_STATUS_BOGUS, DD_STATUS_SECURE,
	  { "DS_DIGEST_MISMATCH" }, { "RRSIG_INVALID", "RRSIG_MISSING" }, false },
};

static void test_scenarios(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
		const expect_t *e = &CASES[i];
		dd_evidence_t *ev = load_evidence(e->file);
		dd_analysis_t *an = NULL;
		dd_diagnosis_t *dg = NULL;
		assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
		assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
		if (an->zones[an->target_zone].status != e->zone || an->target_status != e->www ||
		    an->nx_status != e->nx) {
			print_error("%s: zone %s www %s nx %s\n", e->file,
			            dd_status_name(an->zones[an->target_zone].status),
			            dd_status_name(an->target_status), dd_status_name(an->nx_status));
		}
		assert_int_equal(an->zones[an->target_zone].status, e->zone);
		assert_int_equal(an->target_status, e->www);
		assert_int_equal(an->nx_status, e->nx);
		for (int k = 0; k < 3 && e->codes[k]; k++) {
			if (!dd_diagnosis_has(dg, e->codes[k])) {
				print_error("%s: missing %s\n", e->file, e->codes[k]);
			}
			assert_true(dd_diagnosis_has(dg, e->codes[k]));
		}
		for (int k = 0; k < 3 && e->forbid[k]; k++) {
			assert_false(dd_diagnosis_has(dg, e->forbid[k]));
		}
		for (size_t k = 0; e->no_errors && k < dg->ncauses; k++) {
			assert_int_not_equal(dg->causes[k].severity, DD_SEV_ERROR);
		}
		/* the ranking puts what explains the outage first */
		if (e->www == DD_STATUS_BOGUS) {
			assert_true(dg->ncauses > 0 && dg->causes[0].explains_outage);
			assert_int_equal(dg->exit_code, 2);
			assert_true(dg->causes[0].nfix > 0);
		}
		dd_diagnosis_free(dg);
		dd_analysis_free(an);
		dd_evidence_free(ev);
	}
}

/* Make every answer of @p ev to @p qtype at the target zone's apex REFUSED without AA (in
 * place). @return how many were changed. */
static size_t refuse_apex(dd_evidence_t *ev, const uint8_t *apex, uint16_t qtype)
{
	size_t n = 0;
	for (size_t i = 0; i < ev->nxs; i++) {
		dd_exchange_t *x = &ev->xs[i];
		if (x->qtype == qtype && dd_name_equal(x->qname, apex) && x->wire && x->wire_len >= 12) {
			x->wire[2] &= (uint8_t)~0x04;                       /* AA clear */
			x->wire[3] = (uint8_t)((x->wire[3] & 0xF0) | 5);    /* REFUSED */
			n++;
		}
	}
	return n;
}

/* A server that refuses the apex SOA but answers the apex DNSKEY authoritatively serves the
 * zone (RFC 1034 4.3.1): not lame, and the zone still validates; once the DNSKEY and NS
 * answers are refused too, it is lame (testbound's scenarios record no SOA answer). */
static void test_authority_without_soa(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("alpha.lab.json");
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	uint8_t apex[DD_NAME_MAXLEN];
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	memcpy(apex, an->zones[an->target_zone].name, dd_name_len(an->zones[an->target_zone].name));
	dd_analysis_free(an);
	assert_true(refuse_apex(ev, apex, DD_TYPE_SOA) > 0);
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(an->zones[an->target_zone].status, DD_STATUS_SECURE);
	assert_int_equal(an->target_status, DD_STATUS_SECURE);
	assert_false(dd_diagnosis_has(dg, "LAME_DELEGATION"));
	assert_false(dd_diagnosis_has(dg, "SERVER_UNREACHABLE"));
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	assert_true(refuse_apex(ev, apex, DD_TYPE_DNSKEY) > 0);
	assert_true(refuse_apex(ev, apex, DD_TYPE_NS) > 0);
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_true(dd_diagnosis_has(dg, "LAME_DELEGATION"));
	assert_int_not_equal(an->target_status, DD_STATUS_SECURE);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* Replace @p ev's trust anchors by the DS RRset its parent serves for zone @p zi (the first
 * server that answers it), with octet @p flip of the first DS's digest inverted if >= 0. */
static void anchor_at(dd_evidence_t *ev, int zi, int flip)
{
	const dd_zone_ev_t *z = &ev->zones[zi], *p = &ev->zones[z->parent];
	for (size_t i = 0; i < ev->nanchors; i++) {
		free((void *)ev->anchors[i].owner);
		free((void *)ev->anchors[i].rdata.data);
	}
	ev->nanchors = 0;
	for (size_t s = 0; s < p->nservers; s++) {
		const dd_exchange_t *x = dd_evidence_find(ev, p->servers[s].addr, z->name, DD_TYPE_DS);
		dd_msg_t *m = NULL;
		if (x == NULL || x->wire == NULL || dd_msg_parse(x->wire, x->wire_len, &m) != DD_OK) {
			continue;
		}
		dd_rdata_t rd[8];
		dd_rrset_t set;
		size_t n = dd_msg_rrset(m, DD_SECTION_ANSWER, z->name, DD_TYPE_DS, &set, rd, 8);
		for (size_t k = 0; k < n; k++) {
			uint8_t buf[128];
			assert_true(rd[k].len <= sizeof(buf) && rd[k].len > 4);
			memcpy(buf, rd[k].data, rd[k].len);
			if (k == 0 && flip >= 0) {
				buf[4 + flip] ^= 0xff;
			}
			dd_rr_t rr = { .owner = z->name, .type = DD_TYPE_DS, .rclass = 1, .ttl = 3600,
				       .rdata = { .data = buf, .len = rd[k].len } };
			assert_int_equal(dd_evidence_add_anchor(ev, &rr), DD_OK);
		}
		dd_msg_free(m);
		if (n > 0) {
			return;
		}
	}
	fail_msg("no DS for the zone at its parent");
}

/* A trust anchor below the root (RFC 4035 4.4): the zones above it are covered by no anchor
 * (RFC 4035 4.3, indeterminate, nothing judged there), the anchored zone is validated from
 * the anchor whatever its parent says, and a wrong anchor makes it bogus. */
static void test_anchor_below_root(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("alpha.lab.json");
	int zi = dd_evidence_zone_of(ev, ev->target);
	assert_true(zi > 0 && ev->zones[zi].parent >= 0);
	anchor_at(ev, zi, -1);
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(an->zones[zi].status, DD_STATUS_SECURE);
	assert_string_equal(an->zones[zi].reason, "validated from the trust anchor");
	assert_int_equal(an->zones[0].status, DD_STATUS_INDETERMINATE);
	assert_int_equal(an->target_status, DD_STATUS_SECURE);
	assert_int_equal(an->nx_status, DD_STATUS_SECURE);
	for (size_t k = 0; k < dg->ncauses; k++) {
		assert_int_not_equal(dg->causes[k].severity, DD_SEV_ERROR);
	}
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	anchor_at(ev, zi, 3);
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(an->zones[zi].status, DD_STATUS_BOGUS);
	assert_int_equal(an->target_status, DD_STATUS_BOGUS);
	assert_true(dd_diagnosis_has(dg, "DS_DIGEST_MISMATCH") ||
	            dd_diagnosis_has(dg, "DNSKEY_NOT_SIGNED_BY_DS_KEY"));
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* Time is injected: 60 days later every signature has expired; 2 days before inception
 * nothing is valid yet. */
/* The CNAME target's zone hangs off the same tree: parents resolved by index, not order. */
static void test_cname_tree(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("flint.example.json");
	assert_true(dd_name_equal(ev->cname_target, N("www.juliet.example.")));
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_equal(an->cname_status, DD_STATUS_BOGUS);
	int juliet = dd_evidence_zone_find(ev, N("juliet.example."));
	int flint = dd_evidence_zone_find(ev, N("flint.example."));
	assert_true(juliet > 0 && flint > 0);
	assert_int_equal(an->zones[juliet].parent, an->zones[flint].parent);  /* both under example. */
	assert_int_equal(an->zones[juliet].depth, 2);
	assert_int_equal(an->target_zone, flint);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* An answer to ANY holds the name's RRsets, each validated (RFC 4035 5): example.com. ANY
 * from Unbound's val_any, re-signed with ECDSA, is secure, not a NODATA without a proof; with
 * one of its RRsets altered after signing it is bogus. */
/* An answer to the type RRSIG (Unbound's val_rrsig, re-signed): RRSIG records are never signed
 * (RFC 4035 2.2), so validators pass them on unvalidated (NOERROR without AD). It was judged as
 * an RRset without RRSIG (RRSIG_MISSING, bogus), then as NODATA ("has no RRSIG records"). */
static void test_rrsig_answer(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("val_rrsig.resigned.json");
	assert_int_equal(ev->qtype, DD_TYPE_RRSIG);
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, ts("20070916134226"), &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(an->zones[an->target_zone].status, DD_STATUS_SECURE);
	assert_int_equal(an->target_status, DD_STATUS_INSECURE);
	assert_false(dd_diagnosis_has(dg, "RRSIG_MISSING"));
	assert_int_equal(dg->answer, DD_ANSWER_DATA);
	assert_non_null(strstr(dg->headline, "www.example.com. RRSIG is insecure: "));
	assert_non_null(strstr(dg->headline, "RRSIG records are not signed (RFC 4035 2.2): "
	                                     "validators pass them on without validating them"));
	assert_null(strstr(dg->headline, "no DNSSEC chain"));
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* A CNAME to itself (Unbound's val_cname_loop1, re-signed): validly signed, yet it never ends
 * in data and resolvers answer SERVFAIL (RFC 1034 3.6.2). It was "secure data". */
static void test_cname_loop(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("val_cname_loop1.resigned.json");
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, ts("20070916134226"), &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_true(dd_diagnosis_has(dg, "CNAME_LOOP"));
	assert_string_equal(dg->causes[0].code, "CNAME_LOOP");
	assert_int_equal(dg->causes[0].severity, DD_SEV_ERROR);
	assert_non_null(strstr(dg->causes[0].validator_result, "SERVFAIL (the CNAME chain never "
	                                                       "ends, RFC 1034 3.6.2)"));
	assert_int_equal(dg->answer, DD_ANSWER_DATA);          /* the CNAME exists */
	assert_int_equal(dg->final_answer, DD_ANSWER_UNKNOWN); /* a loop has no last name */
	assert_int_equal(dg->exit_code, 2);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
	/* a chain that ends (the re-signed val_any answers without one) has no such finding */
	ev = load_evidence("val_rrsig.resigned.json");
	assert_int_equal(dd_analyze(ev, ts("20070916134226"), &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_false(dd_diagnosis_has(dg, "CNAME_LOOP"));
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

static const dd_finding_t *find(const dd_analysis_t *an, const char *code);

/* A DNAME signed as a wildcard expansion (val_dnamewc re-signed: sub.example.com. DNAME with
 * RRSIG Labels 2, from *.example.com.) does not authenticate the CNAME it synthesizes: RFC 4592
 * 4.4, RFC 6672 3.3; Unbound fails it (EDE 6). The NSEC beside it proves the name below the
 * wildcard absent, which made it a "secure wildcard answer" before. */
static void test_dname_wildcard(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("val_dnamewc.resigned.json");
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, ts("20070916134226"), &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(an->target_status, DD_STATUS_BOGUS);
	assert_non_null(strstr(an->target_reason, "a CNAME synthesized from a DNAME expanded from "
	                                          "a wildcard"));
	const dd_finding_t *f = find(an, "DNAME_WILDCARD");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_ERROR);
	assert_int_equal(f->rrtype, DD_TYPE_DNAME);
	assert_string_equal(f->detail,
	                    "the DNAME at sub.example.com. is signed as an expansion of the wildcard "
	                    "*.example.com. (RRSIG Labels 2, the owner has 3): a DNAME owned by a "
	                    "wildcard is not used for redirection (RFC 4592 4.4, RFC 6672 3.3), so "
	                    "the CNAME it synthesizes for www.sub.example.com. is not authenticated: "
	                    "Unbound fails the answer, BIND accepts it");
	assert_string_equal(dg->causes[0].code, "DNAME_WILDCARD");
	assert_non_null(strstr(dg->causes[0].validators_differ, "Unbound fails the answer "
	                                                        "(SERVFAIL, EDE 6); BIND accepts"));
	assert_int_equal(dg->exit_code, 2);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
	/* a DNAME at its own name (the testbed's larkspur.example.) still validates the CNAME */
	ev = load_evidence("larkspur.example.dname.json");
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_null(find(an, "DNAME_WILDCARD"));
	assert_int_equal(an->target_status, DD_STATUS_SECURE);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

static void test_any_answer(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("val_any.resigned.json");
	assert_int_equal(ev->qtype, 255);
	int64_t at = ts("20070916134226");
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, at, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(an->target_status, DD_STATUS_SECURE);
	assert_false(dd_diagnosis_has(dg, "DENIAL_PROOF_INVALID"));
	assert_false(dd_diagnosis_has(dg, "RRSIG_INVALID"));
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	/* alter the TXT record of the authoritative ANY answer: its RRSIG no longer verifies */
	size_t hits = 0;
	for (size_t i = 0; i < ev->nxs; i++) {
		dd_exchange_t *x = &ev->xs[i];
		if (x->qtype != 255 || x->wire == NULL) {
			continue;
		}
		static const char txt[] = "Stichting NLnet Labs";
		for (size_t k = 0; k + sizeof(txt) - 1 <= x->wire_len; k++) {
			if (memcmp(x->wire + k, txt, sizeof(txt) - 1) == 0) {
				x->wire[k] ^= 0x20;  /* 's' for 'S' */
				hits++;
			}
		}
	}
	assert_true(hits > 0);
	assert_int_equal(dd_analyze(ev, at, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(an->target_status, DD_STATUS_BOGUS);
	assert_true(dd_diagnosis_has(dg, "RRSIG_INVALID"));
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

static void test_time_injection(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("alpha.lab.json");
	int64_t t = ev->started_ms / 1000;
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze(ev, t + 60 * 86400, &an), DD_OK);
	assert_int_equal(an->target_status, DD_STATUS_BOGUS);
	assert_true(dd_analysis_has(an, "RRSIG_EXPIRED"));
	assert_false(dd_analysis_has(an, "RRSIG_NOT_YET_VALID"));
	dd_analysis_free(an);
	assert_int_equal(dd_analyze(ev, t - 2 * 86400, &an), DD_OK);
	assert_int_equal(an->target_status, DD_STATUS_BOGUS);
	assert_true(dd_analysis_has(an, "RRSIG_NOT_YET_VALID"));
	dd_analysis_free(an);
	/* 25 days later: valid, but expiring within a week */
	assert_int_equal(dd_analyze(ev, t + 25 * 86400, &an), DD_OK);
	assert_int_equal(an->target_status, DD_STATUS_SECURE);
	assert_true(dd_analysis_has(an, "RRSIG_EXPIRING"));
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_true(dg->breaks_at > t + 25 * 86400);
	assert_int_equal(dg->exit_code, 1);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* The same evidence gives the same report, and save/load keeps every byte. */
static void test_determinism_and_roundtrip(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("juliet.example.json");
	char *out[2] = { NULL, NULL };
	size_t len[2];
	for (int i = 0; i < 2; i++) {
		dd_analysis_t *an = NULL;
		dd_diagnosis_t *dg = NULL;
		assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
		assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
		FILE *f = open_memstream(&out[i], &len[i]);
		assert_int_equal(dd_report_json(f, ev, an, dg, NULL, NULL), DD_OK);
		fclose(f);
		dd_diagnosis_free(dg);
		dd_analysis_free(an);
	}
	assert_int_equal(len[0], len[1]);
	assert_memory_equal(out[0], out[1], len[0]);
	assert_non_null(strstr(out[0], "\"verdict\": \"bogus\""));
	assert_non_null(strstr(out[0], "\"code\": \"DS_DIGEST_MISMATCH\""));
	free(out[0]);
	free(out[1]);

	char *a = NULL, *b = NULL;
	size_t la, lb;
	FILE *f = open_memstream(&a, &la);
	assert_int_equal(dd_evidence_save(ev, f), DD_OK);
	fclose(f);
	f = fmemopen(a, la, "r");
	dd_evidence_t *copy = NULL;
	assert_int_equal(dd_evidence_load(f, &copy, NULL, 0), DD_OK);
	fclose(f);
	f = open_memstream(&b, &lb);
	assert_int_equal(dd_evidence_save(copy, f), DD_OK);
	fclose(f);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_int_equal(copy->nxs, ev->nxs);
	free(a);
	free(b);
	dd_evidence_free(copy);
	dd_evidence_free(ev);
}

static int load_text(const char *text, char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	dd_evidence_t *ev = NULL;
	int r = dd_evidence_load(f, &ev, err, errlen);
	fclose(f);
	assert_null(ev);
	return r;
}

static void test_bad_evidence(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(load_text("not json", err, sizeof(err)), DD_EPARSE);
	assert_non_null(strstr(err, "not JSON"));
	assert_int_equal(load_text("{\"format\": \"other\", \"version\": 1}", err, sizeof(err)), DD_EPARSE);
	assert_int_equal(load_text("{\"format\": \"dnssec-doctor-evidence\", \"version\": 1, "
	                           "\"target\": \"a..b\"}", err, sizeof(err)), DD_EPARSE);
	assert_non_null(strstr(err, "target"));
	assert_int_equal(load_text("{\"format\": \"dnssec-doctor-evidence\", \"version\": 1, "
	                           "\"target\": \"x.\", \"qtype\": 1, \"nx_name\": \"n.x.\", "
	                           "\"nodata_type\": 1, \"started_ms\": 1, \"exchanges\": "
	                           "[{\"server\": \"1.2.3.4\", \"qname\": \"x.\", \"qtype\": 1, "
	                           "\"transport\": \"udp\", \"error\": \"none\", \"wire\": \"%%%\"}]}",
	                           err, sizeof(err)), DD_EPARSE);
	/* evidence without zones cannot be analysed */
	dd_evidence_t *ev = NULL;
	assert_int_equal(dd_evidence_new(&ev), DD_OK);
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze(ev, 0, &an), DD_EINVAL);
	assert_null(an);
	dd_evidence_free(ev);
}

/* Garbage responses inside evidence are findings, never crashes. */
static void test_garbage_responses(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("alpha.lab.json");
	for (size_t i = 0; i < ev->nxs; i++) {
		if (ev->xs[i].wire != NULL && ev->xs[i].wire_len > 20) {
			ev->xs[i].wire[ev->xs[i].wire_len / 2] ^= 0xFF;
			ev->xs[i].wire_len = (uint16_t)(ev->xs[i].wire_len - 3);
		}
	}
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_not_equal(an->target_status, DD_STATUS_SECURE);
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(dd_report_text(f, ev, an, dg, NULL, NULL), DD_OK);
	fclose(f);
	assert_true(len > 0);
	free(buf);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

static const dd_finding_t *find(const dd_analysis_t *an, const char *code)
{
	for (size_t i = 0; i < an->nfindings; i++) {
		if (strcmp(an->findings[i].code, code) == 0) {
			return &an->findings[i];
		}
	}
	return NULL;
}

static dd_analysis_t *analyze_with(const dd_evidence_t *ev, const dd_limits_t *lim)
{
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze_limited(ev, ev->started_ms / 1000, lim, &an), DD_OK);
	return an;
}

/* The root cause of @p code in @p dg, or NULL. */
static const dd_root_cause_t *cause(const dd_diagnosis_t *dg, const char *code)
{
	for (size_t i = 0; i < dg->ncauses; i++) {
		if (strcmp(dg->causes[i].code, code) == 0) {
			return &dg->causes[i];
		}
	}
	return NULL;
}

/* NS_MISMATCH (issue 21): each side's NS set named, the names only one side lists, the fix
 * and recovery of a delegation fault; an address-less entry of a name that has an address
 * (as probes before it saved the other family's failed lookup) is no SERVER_UNREACHABLE. */
static void test_ns_mismatch(void **state)
{
	(void)state;
	static const char *const files[] = { "birch.example.json", "birch.example.blank.json" };
	for (size_t i = 0; i < 2; i++) {
		dd_evidence_t *ev = load_evidence(files[i]);
		dd_analysis_t *an = analyze_with(ev, NULL);
		const dd_finding_t *f = find(an, "NS_MISMATCH");
		assert_non_null(f);
		assert_int_equal(f->severity, DD_SEV_WARNING);
		assert_string_equal(f->dnsviz, "NS_NAME_NOT_IN_CHILD / NS_NAME_NOT_IN_PARENT");
		assert_string_equal(f->detail,
		                    "the parent example. delegates to ns1.birch.example. and "
		                    "ns2.birch.example.; the zone's apex NS RRset lists "
		                    "ns1.birch.example. and ns3.birch.example.: only the zone lists "
		                    "ns3.birch.example. (DNSViz NS_NAME_NOT_IN_PARENT); only the parent "
		                    "lists ns2.birch.example. (DNSViz NS_NAME_NOT_IN_CHILD)");
		assert_null(find(an, "SERVER_UNREACHABLE"));
		size_t n = 0;
		for (size_t k = 0; k < an->nfindings; k++) {
			n += strcmp(an->findings[k].code, "NS_MISMATCH") == 0;
		}
		assert_int_equal(n, 1);  /* once per zone */
		dd_diagnosis_t *dg = NULL;
		assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
		const dd_root_cause_t *rc = cause(dg, "NS_MISMATCH");
		assert_non_null(rc);
		assert_string_equal(rc->title, "The parent and the zone list different name servers");
		assert_int_equal(rc->nfix, 3);
		assert_non_null(strstr(rc->fix[0], "Make the delegation at example. and the apex NS "
		                                   "RRset of birch.example. name the same NS set"));
		assert_non_null(strstr(rc->fix[1], "Give example. glue (A/AAAA) for every name server "
		                                   "inside birch.example. that it lists"));
		assert_non_null(strstr(rc->fix[2], "not a DNSSEC one"));
		assert_non_null(strstr(rc->recovery, "NS TTL"));
		assert_null(strstr(rc->recovery, "slow answers"));
		dd_diagnosis_free(dg);
		dd_analysis_free(an);
		dd_evidence_free(ev);
	}
	/* the zone lacks a name the parent lists: that side only */
	dd_evidence_t *ev = load_evidence("larch.example.json");
	dd_analysis_t *an = analyze_with(ev, NULL);
	const dd_finding_t *f = find(an, "NS_MISMATCH");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "the parent example. delegates to ns1.larch.example. and "
	                                  "ns2.larch.example.;"));
	assert_non_null(strstr(f->detail, "the zone's apex NS RRset lists ns1.larch.example.:"));
	assert_non_null(strstr(f->detail, "only the parent lists ns2.larch.example. (DNSViz "
	                                  "NS_NAME_NOT_IN_CHILD)"));
	assert_null(strstr(f->detail, "only the zone lists"));
	dd_analysis_free(an);
	dd_evidence_free(ev);
	/* equal sets: nothing */
	ev = load_evidence("walnut.example.json");
	an = analyze_with(ev, NULL);
	assert_null(find(an, "NS_MISMATCH"));
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* KeyTrap: the caps, not the data, make www.maple.example bogus; lifted, it validates after
 * many more verifications. */
static void test_keytrap_caps(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("maple.example.json");
	dd_analysis_t *an = analyze_with(ev, NULL);
	assert_int_equal(an->target_status, DD_STATUS_BOGUS);
	const dd_finding_t *f = find(an, "WORK_LIMIT_EXCEEDED");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_ERROR);
	assert_int_equal(f->rrtype, DD_TYPE_A);
	assert_non_null(strstr(f->detail, "13 RRSIGs"));
	size_t capped = an->verifications;
	dd_analysis_free(an);

	dd_limits_t lim = dd_limits_default();
	lim.verify_per_rrset = 1000;
	lim.keys_per_rrsig = 1000;
	an = analyze_with(ev, &lim);
	assert_int_equal(an->target_status, DD_STATUS_SECURE);
	assert_null(find(an, "WORK_LIMIT_EXCEEDED"));
	/* 12 junk RRSIGs x 4 keys before the valid one, on each of the two servers */
	assert_true(an->verifications >= capped + 2 * (12 * 4 - 8));
	size_t lifted = an->verifications;
	dd_analysis_free(an);

	/* the same zone with a cap of one RRSIG per RRset: the count is named */
	lim = dd_limits_default();
	lim.rrsigs_per_rrset = 1;
	an = analyze_with(ev, &lim);
	f = find(an, "WORK_LIMIT_EXCEEDED");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "none of the first 1 validates"));
	dd_analysis_free(an);

	/* key-tag collisions: with one key tried per RRSIG, each junk RRSIG costs one
	 * verification instead of four (the real ZSK comes first in this DNSKEY RRset, so the
	 * valid RRSIG still validates) */
	lim = dd_limits_default();
	lim.keys_per_rrsig = 1;
	lim.verify_per_rrset = 1000;
	an = analyze_with(ev, &lim);
	assert_true(an->verifications <= lifted - 2 * 12 * 3);
	dd_analysis_free(an);
	/* ... and when only the junk RRSIGs are considered, the collision is what is named */
	lim.rrsigs_per_rrset = 12;
	an = analyze_with(ev, &lim);
	assert_int_equal(an->target_status, DD_STATUS_BOGUS);
	f = find(an, "WORK_LIMIT_EXCEEDED");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "which 4 DNSKEYs share"));
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* Issue 21, on saved evidence: each fault named by its cause, in words that hold for it. */
static void test_rollover_faults(void **state)
{
	(void)state;
	/* the old ZSK's signatures, the key gone from the DNSKEY RRset: not a corruption */
	dd_evidence_t *ev = load_evidence("saffron.example.json");
	dd_analysis_t *an = analyze_with(ev, NULL);
	const dd_finding_t *f = find(an, "RRSIG_KEY_NOT_PUBLISHED");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_ERROR);
	assert_non_null(strstr(f->detail, "names a key that is not in the zone's DNSKEY RRset"));
	assert_non_null(strstr(f->detail, "a ZSK rollover finished too early"));
	assert_null(strstr(f->detail, "altered"));
	assert_null(strstr(f->detail, "corrupt"));
	assert_null(find(an, "RRSIG_INVALID"));
	dd_analysis_free(an);
	dd_evidence_free(ev);

	/* multi-signer: 127.0.10.1's DNSKEY RRset lacks the ZSK 127.0.10.2 signs with; SOA, NS
	 * and www A, 2 x 2 combinations each, 3 of them failing */
	ev = load_evidence("cedar.example.json");
	an = analyze_with(ev, NULL);
	assert_int_equal(an->target_status, DD_STATUS_SECURE);
	f = find(an, "MULTI_SIGNER_INCONSISTENT");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_ERROR);
	assert_non_null(strstr(f->detail, "takes the DNSKEY RRset from 127.0.10.1 and the "));
	assert_non_null(strstr(f->detail, " RRset from 127.0.10.2 fails: 127.0.10.2 signs with key "
	                                  "tag "));
	assert_non_null(strstr(f->detail, "which is not in the DNSKEY RRset 127.0.10.1 serves"));
	assert_non_null(strstr(f->detail, "3 of the 12 combinations of DNSKEY RRset and signed "
	                                  "RRset across the servers fail (25%)"));
	assert_int_equal(f->nservers, 1);
	assert_string_equal(f->servers[0], "127.0.10.1");
	size_t n = 0;
	for (size_t i = 0; i < an->nfindings; i++) {
		n += an->findings[i].id == DD_CODE_MULTI_SIGNER_INCONSISTENT;
	}
	assert_int_equal(n, 1);  /* one pair fails: ns1's keys with ns2's data */
	dd_analysis_free(an);
	dd_evidence_free(ev);

	/* the revoked KSK still starts the chain, as for Unbound and BIND; named, a warning */
	ev = load_evidence("walnut.example.json");
	an = analyze_with(ev, NULL);
	assert_int_equal(an->target_status, DD_STATUS_SECURE);
	f = find(an, "DS_REVOKED_KEY");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_WARNING);
	const dd_zone_result_t *z = &an->zones[an->target_zone];
	assert_int_equal(z->nds, 1);
	assert_int_equal(z->ds[0].state, DD_DS_STATE_MATCHES_REVOKED);
	dd_analysis_free(an);
	dd_evidence_free(ev);

	/* the DS names a DNSKEY without the Zone flag: that key, not a missing one */
	ev = load_evidence("hemlock.example.json");
	an = analyze_with(ev, NULL);
	f = find(an, "DS_NO_MATCHING_DNSKEY");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "lacks the Zone Key flag"));
	assert_null(strstr(f->detail, "no DNSKEY of the zone has"));
	z = &an->zones[an->target_zone];
	assert_int_equal(z->ds[0].state, DD_DS_STATE_NOT_ZONE_KEY);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* CDS/CDNSKEY delete records (RFC 8078 4) while the parent has a DS (issue 21): one notice
 * for the zone that says what it asks, that the parent's policy cannot be known, and what to
 * expect either way; the zone stays secure, exit 0, and no root cause claims an outage. */
static void test_cds_delete_notice(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("violet.example.json");
	dd_analysis_t *an = analyze_with(ev, NULL);
	assert_int_equal(an->zones[an->target_zone].status, DD_STATUS_SECURE);
	size_t n = 0;
	for (size_t i = 0; i < an->nfindings; i++) {
		n += an->findings[i].id == DD_CODE_CDS_DELETE;
	}
	assert_int_equal(n, 1);
	const dd_finding_t *f = find(an, "CDS_DELETE");
	assert_int_equal(f->severity, DD_SEV_NOTICE);
	assert_true(dd_name_equal(f->zone, an->zones[an->target_zone].name));
	assert_non_null(strstr(f->detail, "violet.example. publishes CDS/CDNSKEY delete records "
	                                  "(RFC 8078 4) while the parent has a DS: it asks its parent "
	                                  "to remove the DS."));
	assert_non_null(strstr(f->detail, "Whether the parent acts on them cannot be known"));
	assert_non_null(strstr(f->detail, "insecure to validators from then on"));
	assert_non_null(strstr(f->detail, "nothing changes until the DS is removed at the registrar"));
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(dg->exit_code, 0);
	assert_int_equal(dg->verdict, DD_STATUS_SECURE);
	for (size_t i = 0; i < dg->ncauses; i++) {
		assert_false(dg->causes[i].explains_outage);
	}
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* A records cap below the DNSKEY RRset's size: validators refuse it, the zone is bogus. */
static void test_records_cap(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("alpha.lab.json");
	dd_limits_t lim = dd_limits_default();
	lim.rrset_records = 1;
	dd_analysis_t *an = analyze_with(ev, &lim);
	const dd_finding_t *f = find(an, "WORK_LIMIT_EXCEEDED");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_ERROR);
	assert_non_null(strstr(f->detail, "more than the 1 a validator accepts"));
	assert_int_equal(an->zones[an->target_zone].status, DD_STATUS_BOGUS);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

/* The per-diagnosis budgets: past them the rest is indeterminate (a warning), never bogus, and
 * everything found before is kept. */
static void test_budgets(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("alpha.lab.json");
	dd_analysis_t *full = analyze_with(ev, NULL);
	assert_true(full->verifications > 6);
	assert_true(full->nsec3_hashes > 1);

	dd_limits_t lim = dd_limits_default();
	lim.verify_total = 6;
	dd_analysis_t *an = analyze_with(ev, &lim);
	assert_true(an->verifications <= 6);
	const dd_finding_t *f = find(an, "WORK_LIMIT_EXCEEDED");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_WARNING);
	assert_int_not_equal(an->target_status, DD_STATUS_BOGUS);
	assert_int_not_equal(an->nx_status, DD_STATUS_BOGUS);
	for (size_t i = 0; i < an->nzones; i++) {
		assert_int_not_equal(an->zones[i].status, DD_STATUS_BOGUS);
	}
	/* the root was verified before the budget ran out */
	assert_int_equal(an->zones[0].status, DD_STATUS_SECURE);
	dd_analysis_free(an);

	lim = dd_limits_default();
	lim.nsec3_hashes = 1;
	an = analyze_with(ev, &lim);
	assert_true(an->nsec3_hashes <= 1);
	assert_int_equal(an->target_status, DD_STATUS_SECURE);  /* no denial needed */
	assert_int_equal(an->nx_status, DD_STATUS_INDETERMINATE);
	f = find(an, "WORK_LIMIT_EXCEEDED");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_WARNING);
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_true(dd_diagnosis_has(dg, "WORK_LIMIT_EXCEEDED"));
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_analysis_free(full);
	dd_evidence_free(ev);
}

/* What one server served for one RRset (summary.c, the monitor's reading of the evidence):
 * checked against the recorded message read here independently. */
static void test_rrset_seen(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("juliet.example.json");
	int64_t at = ev->started_ms / 1000;
	const uint8_t *apex = N("juliet.example.");
	dd_rrset_seen_t seen;
	assert_int_equal(dd_rrset_seen(ev, "127.0.10.1", apex, DD_TYPE_DNSKEY, at, &seen), DD_OK);
	assert_true(seen.answered);
	assert_true(seen.present);
	dd_msg_t *m = dd_msg_of(dd_evidence_find(ev, "127.0.10.1", apex, DD_TYPE_DNSKEY));
	assert_non_null(m);
	size_t keys = 0;
	int64_t latest = 0;
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		dd_rrsig_t sig;
		if (rr->type == DD_TYPE_DNSKEY) {
			/* the same RDATA, in the order served */
			assert_int_equal(seen.rdata[keys].len, rr->rdata.len);
			assert_memory_equal(seen.rdata[keys].data, rr->rdata.data, rr->rdata.len);
			keys++;
		} else if (rr->type == DD_TYPE_RRSIG &&
		           dd_rrsig_parse(rr->rdata.data, rr->rdata.len, &sig) == DD_OK &&
		           sig.type_covered == DD_TYPE_DNSKEY) {
			/* 32-bit times of this era: no serial-number wrap to account for */
			latest = (int64_t)sig.expiration > latest ? (int64_t)sig.expiration : latest;
		}
	}
	dd_msg_free(m);
	assert_true(keys >= 2);
	assert_int_equal(seen.n, keys);
	assert_int_equal(seen.expires, latest);
	assert_true(seen.expires > at);
	dd_rrset_seen_free(&seen);
	assert_null(seen.rdata);
	/* asked and answered without the RRset: NODATA */
	assert_int_equal(dd_rrset_seen(ev, "127.0.10.1", apex, DD_TYPE_CDS, at, &seen), DD_OK);
	assert_true(seen.answered);
	assert_false(seen.present);
	assert_int_equal(seen.n, 0);
	assert_int_equal(seen.expires, 0);
	dd_rrset_seen_free(&seen);
	/* never asked of this server */
	assert_int_equal(dd_rrset_seen(ev, "192.0.2.99", apex, DD_TYPE_DNSKEY, at, &seen), DD_OK);
	assert_false(seen.answered);
	assert_false(seen.present);
	/* the nonexistent name's proof: NSEC signatures in this NSEC zone, none of NSEC3 */
	int64_t nsec = dd_denial_expiry(ev, "127.0.10.1", ev->nx_name, DD_TYPE_NSEC, at);
	assert_true(nsec > at);
	assert_int_equal(dd_denial_expiry(ev, "127.0.10.1", ev->nx_name, DD_TYPE_NSEC3, at), 0);
	assert_int_equal(dd_rrset_seen(NULL, "127.0.10.1", apex, DD_TYPE_DNSKEY, at, &seen), DD_EINVAL);
	dd_evidence_free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenarios),
		cmocka_unit_test(test_authority_without_soa),
		cmocka_unit_test(test_anchor_below_root),
		cmocka_unit_test(test_rrset_seen),
		cmocka_unit_test(test_cname_tree),
		cmocka_unit_test(test_any_answer),
		cmocka_unit_test(test_rrsig_answer),
		cmocka_unit_test(test_cname_loop),
		cmocka_unit_test(test_dname_wildcard),
		cmocka_unit_test(test_time_injection),
		cmocka_unit_test(test_determinism_and_roundtrip),
		cmocka_unit_test(test_bad_evidence),
		cmocka_unit_test(test_garbage_responses),
		cmocka_unit_test(test_keytrap_caps),
		cmocka_unit_test(test_ns_mismatch),
		cmocka_unit_test(test_rollover_faults),
		cmocka_unit_test(test_cds_delete_notice),
		cmocka_unit_test(test_records_cap),
		cmocka_unit_test(test_budgets),
	};
	return cmocka_run_group_tests_name("analysis", tests, NULL, NULL);
}
