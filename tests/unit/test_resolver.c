/* SPDX-License-Identifier: MIT
 * test_resolver.c - the resolver check without a network: the probe-names format (good and
 * bad files, the built-in list), dd_resolver_assess() on answers built by hand (validating,
 * not validating, permissive, stripping, clock skew told from other failures, algorithm
 * support, CD ignored, unreachable), and dd_diagnose_views() on stored evidence with views
 * built by hand (RESOLVER_NOT_VALIDATING, CLOCK_SKEW, RESOLVER_VALIDATION_FAILURE). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "dd/resolver.h"

#define AT 1795400000LL  /* 2026-11-22 */

static void test_names_parse(void **state)
{
	(void)state;
	dd_probe_name_t *p = NULL;
	size_t n = 0;
	char err[256];
	const char *text = "# comment\n\n secure  www.example.  # trailing comment\r\n"
	                   "bogus dnssec-failed.org AAAA\n"
	                   "algorithm ED25519 ed.example.\n"
	                   "ALGORITHM 13 ec.example. TXT\n"
	                   "digest SHA-384 d4.example.\n"
	                   "digest 1 d1.example.";
	assert_int_equal(dd_probe_names_parse(text, &p, &n, err, sizeof(err)), DD_OK);
	assert_int_equal(n, 6);
	assert_int_equal(p[0].kind, DD_PROBE_SECURE);
	assert_int_equal(p[0].qtype, DD_TYPE_A);
	assert_int_equal(p[1].kind, DD_PROBE_BOGUS);
	assert_int_equal(p[1].qtype, DD_TYPE_AAAA);
	assert_int_equal(p[2].kind, DD_PROBE_ALGORITHM);
	assert_int_equal(p[2].number, 15);
	assert_int_equal(p[3].number, 13);
	assert_int_equal(p[3].qtype, DD_TYPE_TXT);
	assert_int_equal(p[4].kind, DD_PROBE_DIGEST);
	assert_int_equal(p[4].number, 4);
	assert_int_equal(p[5].number, 1);
	uint8_t want[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str("d1.example.", want) > 0);
	assert_true(dd_name_equal(p[5].name, want));
	free(p);

	/* the built-in list parses: every kind but digest, all eight algorithms */
	assert_int_equal(dd_probe_names_parse(dd_probe_names_builtin(), &p, &n, err, sizeof(err)), DD_OK);
	size_t kinds[4] = { 0 };
	for (size_t i = 0; i < n; i++) {
		kinds[p[i].kind]++;
	}
	assert_true(kinds[DD_PROBE_SECURE] >= 1 && kinds[DD_PROBE_BOGUS] >= 1);
	assert_int_equal(kinds[DD_PROBE_ALGORITHM], DD_MATRIX_NALGORITHMS);
	free(p);

	static const struct { const char *text, *msg; } bad[] = {
		{ "", "no probe names" },
		{ "# only a comment\n", "no probe names" },
		{ "secure www.example.\nnonsense www.example.\n", "line 2: unknown kind" },
		{ "algorithm www.example.\n", "line 1: algorithm needs an algorithm" },
		{ "digest 0 www.example.\n", "line 1: digest needs a digest type" },
		{ "algorithm 300 x.example.\n", "line 1: algorithm needs" },
		{ "secure\n", "line 1: a domain name is missing" },
		{ "secure a..b\n", "line 1: bad domain name" },
		{ "secure www.example. NOTATYPE\n", "line 1: unknown record type" },
		{ "secure www.example. A extra\n", "line 1: unexpected text after the type" },
		{ "secure www.\x01.example.\n", "line 1: not text" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = NULL;
		err[0] = '\0';
		assert_int_equal(dd_probe_names_parse(bad[i].text, &p, &n, err, sizeof(err)), DD_EPARSE);
		assert_null(p);
		if (strstr(err, bad[i].msg) == NULL) {
			fail_msg("'%s': error '%s' lacks '%s'", bad[i].text, err, bad[i].msg);
		}
	}
	/* a line longer than the buffer, and more than 4096 probes */
	char *big = malloc(5000 * 24 + 2048);
	assert_non_null(big);
	memset(big, 'a', 1500);
	big[1500] = '\0';
	assert_int_equal(dd_probe_names_parse(big, &p, &n, err, sizeof(err)), DD_EPARSE);
	assert_non_null(strstr(err, "longer than"));
	big[0] = '\0';
	for (int i = 0; i < 5000; i++) {
		strcat(big, "secure x.example.\n");
	}
	assert_int_equal(dd_probe_names_parse(big, &p, &n, err, sizeof(err)), DD_EPARSE);
	assert_non_null(strstr(err, "more than 4096"));
	free(big);
}

/* Answers built by hand. */
static dd_resolver_answer_t ans(int rcode, bool ad, size_t records, size_t rrsigs, uint8_t alg,
                                int ede)
{
	dd_resolver_answer_t a = { .asked = true, .answered = true, .rcode = rcode, .ad = ad,
		                   .edns = true, .do_bit = true, .ede = ede, .records = records,
		                   .rrsigs = rrsigs, .sig_algorithm = alg };
	if (rrsigs) {
		a.sig_inception = AT - 30 * 86400;
		a.sig_expiration = AT + 30 * 86400;
	}
	return a;
}

static dd_resolver_answer_t none(void)
{
	dd_resolver_answer_t a = { .asked = true, .rcode = -1, .ede = -1 };
	snprintf(a.error, sizeof(a.error), "timeout");
	return a;
}

static dd_resolver_probe_t probe(dd_probe_kind_t kind, uint8_t number, const char *name,
                                 dd_resolver_answer_t plain, dd_resolver_answer_t cd)
{
	dd_resolver_probe_t p;
	memset(&p, 0, sizeof(p));
	p.probe.kind = kind;
	p.probe.number = number;
	p.probe.qtype = DD_TYPE_A;
	assert_true(dd_name_from_str(name, p.probe.name) > 0);
	p.plain = plain;
	p.cd = cd;
	return p;
}

static dd_resolver_check_t *check_of(dd_resolver_probe_t *probes, size_t n)
{
	dd_resolver_check_t *c = calloc(1, sizeof(*c));
	assert_non_null(c);
	snprintf(c->address, sizeof(c->address), "192.0.2.53");
	c->port = 53;
	c->at = AT;
	c->probes = malloc(n * sizeof(*probes));
	assert_non_null(c->probes);
	memcpy(c->probes, probes, n * sizeof(*probes));
	c->nprobes = n;
	assert_int_equal(dd_resolver_assess(c), DD_OK);
	return c;
}

static bool has(const dd_resolver_check_t *c, const char *code)
{
	for (size_t i = 0; i < c->nfindings; i++) {
		if (strcmp(c->findings[i].code, code) == 0) {
			return true;
		}
	}
	return false;
}

static const dd_support_t *alg_cell(const dd_resolver_check_t *c, uint8_t n)
{
	for (size_t i = 0; i < DD_MATRIX_NALGORITHMS; i++) {
		if (c->algorithms[i].number == n) {
			return &c->algorithms[i];
		}
	}
	return NULL;
}

static void test_assess(void **state)
{
	(void)state;
	enum { NOERR = DD_RCODE_NOERROR, SERVFAIL = DD_RCODE_SERVFAIL };
	/* validating: AD, SERVFAIL with the data under CD, algorithms validated */
	dd_resolver_probe_t v[] = {
		probe(DD_PROBE_SECURE, 0, "ok.example.", ans(NOERR, true, 1, 1, 13, -1), ans(NOERR, true, 1, 1, 13, -1)),
		probe(DD_PROBE_BOGUS, 0, "bad.example.", ans(SERVFAIL, false, 0, 0, 0, 6), ans(NOERR, false, 1, 1, 13, -1)),
		probe(DD_PROBE_ALGORITHM, 15, "ed.example.", ans(NOERR, true, 1, 1, 15, -1), ans(NOERR, true, 1, 1, 15, -1)),
		probe(DD_PROBE_ALGORITHM, 14, "p384.example.", ans(NOERR, true, 1, 1, 13, -1), ans(NOERR, true, 1, 1, 13, -1)),
	};
	dd_resolver_check_t *c = check_of(v, 4);
	assert_int_equal(c->verdict, DD_RESOLVER_VALIDATING);
	assert_int_equal(c->nfindings, 0);
	assert_int_equal(alg_cell(c, 15)->status, DD_STATUS_SECURE);
	assert_true(alg_cell(c, 13)->probed);             /* shown by the names signed with 13 */
	assert_false(alg_cell(c, 14)->probed);            /* the probe for 14 is signed with 13 */
	assert_false(c->probes[3].usable);
	assert_non_null(strstr(c->probes[3].note, "not 14"));
	assert_int_equal(c->exit_code, 1);                /* an unusable probe: not all tested */
	/* assessing again starts from scratch */
	assert_int_equal(dd_resolver_assess(c), DD_OK);
	assert_int_equal(c->nfindings, 0);
	dd_resolver_check_free(c);

	/* a validating resolver without Ed25519: insecure, and RFC 8624 recommends it */
	v[2] = probe(DD_PROBE_ALGORITHM, 15, "ed.example.", ans(NOERR, false, 1, 1, 15, -1), ans(NOERR, false, 1, 1, 15, -1));
	c = check_of(v, 3);
	assert_int_equal(c->verdict, DD_RESOLVER_VALIDATING);
	assert_true(has(c, "RESOLVER_ALGORITHM_UNSUPPORTED"));
	assert_int_equal(alg_cell(c, 15)->status, DD_STATUS_INSECURE);
	assert_int_equal(c->exit_code, 1);
	dd_resolver_check_free(c);

	/* one that SERVFAILs a zone of an algorithm it lacks breaks RFC 4035 5.2 */
	v[2] = probe(DD_PROBE_ALGORITHM, 15, "ed.example.", ans(SERVFAIL, false, 0, 0, 0, 1), ans(NOERR, false, 1, 1, 15, -1));
	c = check_of(v, 3);
	assert_true(has(c, "RESOLVER_VALIDATION_FAILURE"));
	assert_int_equal(c->exit_code, 2);
	dd_resolver_check_free(c);

	/* not validating: no AD anywhere, the bogus data handed out */
	dd_resolver_probe_t nv[] = {
		probe(DD_PROBE_SECURE, 0, "ok.example.", ans(NOERR, false, 1, 1, 13, -1), ans(NOERR, false, 1, 1, 13, -1)),
		probe(DD_PROBE_BOGUS, 0, "bad.example.", ans(NOERR, false, 1, 1, 13, -1), ans(NOERR, false, 1, 1, 13, -1)),
	};
	c = check_of(nv, 2);
	assert_int_equal(c->verdict, DD_RESOLVER_NOT_VALIDATING);
	assert_true(has(c, "RESOLVER_NOT_VALIDATING"));
	assert_int_equal(c->exit_code, 2);
	dd_resolver_check_free(c);

	/* permissive: AD on good names, the bogus data too */
	nv[0].plain.ad = true;
	c = check_of(nv, 2);
	assert_int_equal(c->verdict, DD_RESOLVER_NOT_VALIDATING);
	assert_non_null(strstr(c->reason, "permissive"));
	dd_resolver_check_free(c);

	/* stripping: data, no RRSIG, no OPT */
	dd_resolver_answer_t bare = ans(NOERR, false, 1, 0, 0, -1);
	bare.edns = bare.do_bit = false;
	dd_resolver_probe_t st[] = { probe(DD_PROBE_SECURE, 0, "ok.example.", bare, bare) };
	c = check_of(st, 1);
	assert_int_equal(c->verdict, DD_RESOLVER_BROKEN);
	assert_true(has(c, "RESOLVER_STRIPS_DNSSEC"));
	assert_non_null(strstr(c->findings[0].detail, "no OPT record"));
	dd_resolver_check_free(c);

	/* clock skew: SERVFAIL "expired" for a name whose signature expires in 2 hours here */
	dd_resolver_answer_t near = ans(NOERR, false, 1, 1, 13, -1);
	near.sig_inception = AT - 3600;
	near.sig_expiration = AT + 7200;
	dd_resolver_probe_t sk[] = {
		probe(DD_PROBE_SECURE, 0, "ok.example.", ans(NOERR, true, 1, 1, 13, -1), ans(NOERR, true, 1, 1, 13, -1)),
		probe(DD_PROBE_SECURE, 0, "soon.example.", ans(SERVFAIL, false, 0, 0, 0, 7), near),
	};
	c = check_of(sk, 2);
	assert_int_equal(c->verdict, DD_RESOLVER_BROKEN);
	assert_true(has(c, "CLOCK_SKEW"));
	assert_non_null(strstr(c->findings[0].detail, "at least 2 hours fast"));
	assert_null(strstr(c->findings[0].detail, "slow"));  /* EDE 7 says which edge */
	dd_resolver_check_free(c);
	/* without an EDE both near edges are named */
	sk[1].plain.ede = -1;
	c = check_of(sk, 2);
	assert_true(has(c, "CLOCK_SKEW"));
	assert_non_null(strstr(c->findings[0].detail, "more than 2 hours fast"));
	assert_non_null(strstr(c->findings[0].detail, "more than 60 minutes slow"));
	dd_resolver_check_free(c);
	/* windows far from now and no EDE: not the clock */
	sk[1].cd = ans(NOERR, false, 1, 1, 13, -1);
	sk[0].plain = ans(SERVFAIL, false, 0, 0, 0, -1);
	c = check_of(sk, 2);
	assert_false(has(c, "CLOCK_SKEW"));
	assert_true(has(c, "RESOLVER_VALIDATION_FAILURE"));
	assert_int_equal(c->verdict, DD_RESOLVER_BROKEN);
	dd_resolver_check_free(c);
	/* the signatures are expired by this clock too: the zone, not the clock */
	sk[0].plain = ans(NOERR, true, 1, 1, 13, -1);
	sk[1].plain.ede = 7;
	sk[1].cd.sig_expiration = AT - 60;
	c = check_of(sk, 2);
	assert_false(has(c, "CLOCK_SKEW"));
	dd_resolver_check_free(c);

	/* CD ignored by a validating resolver */
	dd_resolver_probe_t ci[] = {
		probe(DD_PROBE_SECURE, 0, "ok.example.", ans(NOERR, true, 1, 1, 13, -1), ans(NOERR, true, 1, 1, 13, -1)),
		probe(DD_PROBE_BOGUS, 0, "bad.example.", ans(SERVFAIL, false, 0, 0, 0, -1), ans(SERVFAIL, false, 0, 0, 0, -1)),
	};
	c = check_of(ci, 2);
	assert_int_equal(c->verdict, DD_RESOLVER_VALIDATING);
	assert_true(has(c, "RESOLVER_IGNORES_CD"));
	assert_int_equal(c->exit_code, 1);
	dd_resolver_check_free(c);

	/* nothing answered */
	dd_resolver_probe_t un[] = { probe(DD_PROBE_SECURE, 0, "ok.example.", none(), none()) };
	c = check_of(un, 1);
	assert_int_equal(c->verdict, DD_RESOLVER_UNREACHABLE);
	assert_int_equal(c->exit_code, 3);
	dd_resolver_check_free(c);

	assert_int_equal(dd_resolver_assess(NULL), DD_EINVAL);
	assert_string_equal(dd_resolver_verdict_name(DD_RESOLVER_NOT_VALIDATING), "not validating");
}

/* dd_resolver_query() returns the answers only (the probe does not call the analysis): with no
 * probe names nothing is sent, and the check says it was not judged until the caller judges it. */
static void test_query_does_not_assess(void **state)
{
	(void)state;
	dd_resolver_config_t cfg = { .timeout_ms = 100 };
	dd_resolver_check_t *c = NULL;
	assert_int_equal(dd_resolver_query(&cfg, "192.0.2.1", NULL, 0, &c), DD_OK);
	assert_int_equal(c->verdict, DD_RESOLVER_UNREACHABLE);
	assert_int_equal(c->exit_code, 3);
	assert_string_equal(c->reason, "not assessed");
	assert_int_equal(dd_resolver_assess(c), DD_OK);
	assert_string_equal(c->reason, "no answer from 192.0.2.1 to any of 0 names");
	dd_resolver_check_free(c);
	assert_int_equal(dd_resolver_query(&cfg, "not an address", NULL, 0, &c), DD_EINVAL);
}

static void view(dd_views_t *vs, const char *src, const uint8_t *name, bool cd, int rcode, bool ad, int ede)
{
	vs->v = realloc(vs->v, (vs->n + 1) * sizeof(*vs->v));
	assert_non_null(vs->v);
	dd_view_t *v = &vs->v[vs->n++];
	memset(v, 0, sizeof(*v));
	snprintf(v->source, sizeof(v->source), "%s", src);
	v->cd = cd;
	memcpy(v->name, name, dd_name_len(name));
	v->qtype = DD_TYPE_A;
	v->answered = true;
	v->rcode = rcode;
	v->ad = ad;
	v->ede = ede;
	snprintf(v->data, sizeof(v->data), "192.0.2.1");
}

static void test_diagnose_views(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("alpha.lab.json");
	int64_t at = ev->started_ms / 1000;
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze(ev, at, &an), DD_OK);
	assert_int_equal(an->target_status, DD_STATUS_SECURE);
	/* the signatures of the evidence were made an hour before it was saved */
	assert_true(dd_analysis_has(an, "RRSIG_WINDOW_EDGE"));

	struct {
		int rcode;
		bool ad;
		int ede;
		const char *code;
	} cases[] = {
		{ DD_RCODE_NOERROR, true, -1, NULL },
		{ DD_RCODE_NOERROR, false, -1, "RESOLVER_NOT_VALIDATING" },
		{ DD_RCODE_SERVFAIL, false, 7, "CLOCK_SKEW" },
		{ DD_RCODE_SERVFAIL, false, -1, "CLOCK_SKEW" },   /* an inception within a day */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dd_diagnosis_t *dg = NULL;
		assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
		int before = dg->exit_code;
		dd_views_t vs = { 0 };
		view(&vs, "libunbound", an->target, false, DD_RCODE_SERVFAIL, false, -1);  /* not used */
		view(&vs, "192.0.2.53", an->target, false, cases[i].rcode, cases[i].ad, cases[i].ede);
		view(&vs, "192.0.2.53", an->target, true, DD_RCODE_NOERROR, false, -1);
		assert_int_equal(dd_diagnose_views(dg, an, &vs), DD_OK);
		if (cases[i].code == NULL) {
			assert_false(dd_diagnosis_has(dg, "RESOLVER_NOT_VALIDATING"));
			assert_false(dd_diagnosis_has(dg, "CLOCK_SKEW"));
			assert_int_equal(dg->exit_code, before);
		} else {
			assert_true(dd_diagnosis_has(dg, cases[i].code));
			assert_string_equal(dg->causes[0].code, cases[i].code);  /* ranked first */
			assert_non_null(strstr(dg->causes[0].observed, "192.0.2.53"));
			assert_int_equal(dg->exit_code, 2);
			assert_non_null(strstr(dg->headline, cases[i].code));
		}
		free(vs.v);
		dd_diagnosis_free(dg);
	}
	dd_analysis_free(an);

	/* ten days later no window edge is near: a SERVFAIL is the resolver's own failure */
	assert_int_equal(dd_analyze(ev, at + 10 * 86400, &an), DD_OK);
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	dd_views_t vs = { 0 };
	view(&vs, "192.0.2.53", an->target, false, DD_RCODE_SERVFAIL, false, -1);
	assert_int_equal(dd_diagnose_views(dg, an, &vs), DD_OK);
	assert_true(dd_diagnosis_has(dg, "RESOLVER_VALIDATION_FAILURE"));
	assert_false(dd_diagnosis_has(dg, "CLOCK_SKEW"));
	assert_int_equal(dd_diagnose_views(dg, an, NULL), DD_OK);
	assert_int_equal(dd_diagnose_views(NULL, an, &vs), DD_EINVAL);
	free(vs.v);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_parse),
		cmocka_unit_test(test_assess),
		cmocka_unit_test(test_query_does_not_assess),
		cmocka_unit_test(test_diagnose_views),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
