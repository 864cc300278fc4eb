/* SPDX-License-Identifier: MIT
 * test_report_truth.c - what diagnose prints holds on every saved testbed scenario (issue 20):
 * a what-if (--at) keeps every fault that does not depend on the clock, beside the ones the
 * clock adds; the reasons name only what validators lack; check-zone's headline for an unsigned
 * zone and its DS notices once per key. On the evidence of
 * tests/unit/data/evidence, replayed through the library's own text and JSON reports. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_run.h"

/* Every saved scenario (tests/unit/data/evidence/README.md). */
static const char *const scenarios[] = {
	"alpha.lab.json", "alpha.lab.nodata.json", "alpha.lab.nx.json", "amber.example.json",
	"birch.example.json", "birch.example.blank.json", "larch.example.json",
	"cedar.example.json", "coral.example.json", "denim.example.json",
	"denim.example.views.json", "echo.example.json", "echo.example.nodata.json",
	"flint.example.json", "flint.example.views.json", "foxtrot.example.nx.json",
	"garnet.example.json", "hemlock.example.json", "hotel.example.json",
	"hotel.example.views.json", "ivory.example.json", "jade.example.json",
	"juliet.example.json", "kestrel.example.undelegated.json", "kestrel.example.given-ds.json",
	"maple.example.json", "nosuchzone.example.json", "nutmeg.lab.json",
	"oscar.example.views.json", "papa.example.views.json", "saffron.example.json",
	"sierra.example.json", "two.one.delta.example.json", "victor.lab.json",
	"walnut.example.json", "whiskey.lab.json", "xray.example.json", "tango.example.json",
	"zulu.example.json", "yankee.example.json", "lima.example.json", "november.example.json",
	"topaz.example.skewed.json", "bravo.example.given-lame.json",
	"larkspur.example.dname.json", "juliet.example.ds.json",
};
#define NSCEN (sizeof(scenarios) / sizeof(scenarios[0]))

/* Codes whose presence depends on the clock: the signature windows. */
static bool time_dependent(dd_code_t id)
{
	return id == DD_CODE_RRSIG_EXPIRED || id == DD_CODE_RRSIG_NOT_YET_VALID ||
	       id == DD_CODE_RRSIG_EXPIRING || id == DD_CODE_RRSIG_WINDOW_EDGE;
}

static bool has_finding(const dd_analysis_t *an, dd_code_t id, const uint8_t *zone)
{
	for (size_t i = 0; i < an->nfindings; i++) {
		if (an->findings[i].id == id && dd_name_equal(an->findings[i].zone, zone)) {
			return true;
		}
	}
	return false;
}

/* juliet: the DS digest is wrong. 40 days on, the root's signatures have expired and the root
 * is bogus; before the fix DS_DIGEST_MISMATCH vanished from the report (only the root's
 * expired signatures remained). It stays, with its evidence sentence; the zone's status is
 * still the one inherited from above, and the zone's own expired signatures join. */
static void test_at_keeps_ds_mismatch(void **state)
{
	(void)state;
	run_t r = run_replay("juliet.example.json");
	int64_t t0 = r.ev->started_ms / 1000;
	has(r.text, "DS_DIGEST_MISMATCH (error) in juliet.example.");
	run_done(&r);
	r = run_replay_at("juliet.example.json", t0 + 40 * 86400);
	has(r.text, "DS_DIGEST_MISMATCH (error) in juliet.example.");
	has(r.text, "evidence: the DS for key tag 42272 (algorithm 13, digest type 2) names a key "
	    "the zone publishes, but its digest does not match that key");
	has(r.text, "RRSIG_EXPIRED (error) in .");
	has(r.text, "RRSIG_EXPIRED (error) in juliet.example.");
	/* the status is the parent's: a validator stops at the bogus root */
	has(r.text, "127.0.10.1: the zone . above is bogus");
	bool found = false;
	json_t *f;
	size_t i;
	json_array_foreach(jpath(r.json, "findings", NULL), i, f) {
		const char *code = json_string_value(json_object_get(f, "code"));
		const char *zone = json_string_value(json_object_get(f, "zone"));
		found = found || (code && zone && strcmp(code, "DS_DIGEST_MISMATCH") == 0 &&
		                  strcmp(zone, "juliet.example.") == 0);
	}
	assert_true(found);
	for (size_t z = 0; z < r.an->nzones; z++) {
		assert_int_equal(r.an->zones[z].status, DD_STATUS_BOGUS);
	}
	/* the analysis at that instant alone (without the faults kept from the collection
	 * instant) judges the DS against the keys below the bogus root itself */
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze_shared(r.ev, t0 + 40 * 86400, NULL, NULL, &an), DD_OK);
	uint8_t juliet[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str("juliet.example.", juliet) > 0);
	assert_true(has_finding(an, DD_CODE_DS_DIGEST_MISMATCH, juliet));
	assert_true(has_finding(an, DD_CODE_RRSIG_EXPIRED, juliet));
	dd_analysis_free(an);
	run_done(&r);
}

/* Every scenario: each finding that needs no clock, present when the evidence was collected,
 * is still there 40 days later (every signature of the testbed expired by then), in the same
 * zone. Before: DS_DIGEST_MISMATCH (juliet, flint), SPLIT_SIGNING (sierra),
 * MULTI_SIGNER_INCONSISTENT (cedar) and victor's denial findings vanished. */
static void test_at_keeps_every_fault(void **state)
{
	(void)state;
	size_t kept = 0;
	for (size_t s = 0; s < NSCEN; s++) {
		run_t a = run_replay(scenarios[s]);
		run_t b = run_replay_at(scenarios[s], a.ev->started_ms / 1000 + 40 * 86400);
		for (size_t i = 0; i < a.an->nfindings; i++) {
			const dd_finding_t *fa = &a.an->findings[i];
			if (time_dependent(fa->id)) {
				continue;
			}
			if (!has_finding(b.an, fa->id, fa->zone)) {
				char zn[1024];
				dd_name_to_str(fa->zone, zn, sizeof(zn));
				fail_msg("%s: %s in %s is gone 40 days on:\n%s", scenarios[s], fa->code, zn,
				         b.text);
			}
			kept++;
		}
		run_done(&a);
		run_done(&b);
	}
	assert_true(kept >= 20);  /* the scenarios carry faults: the check checked something */
}

/* The resolvers answered when the evidence was collected; 40 days on the analysis says bogus
 * (the root's signatures expired). Before: "!! DISAGREEMENT: dnssec-doctor says bogus,
 * libunbound says secure ...: one of us is wrong" and "SERVFAIL expected; but 127.0.5.1
 * answered NOERROR with AD", set against answers of another instant. */
static void test_at_views_not_compared(void **state)
{
	(void)state;
	for (size_t s = 0; s < NSCEN; s++) {
		run_t r = run_replay(scenarios[s]);
		int64_t t0 = r.ev->started_ms / 1000;
		bool views = r.views != NULL && r.views->n > 0;
		run_done(&r);
		r = run_replay_at(scenarios[s], t0 + 40 * 86400);
		lacks(r.text, "DISAGREEMENT");
		lacks(r.text, "disagree");
		lacks(r.text, "answered NOERROR with AD");
		if (views) {
			has(r.text, "when the evidence was collected; not set against this analysis at "
			    "another instant\n");
		}
		assert_false(json_boolean_value(jpath(r.json, "views_compared", NULL)));
		run_done(&r);
	}
	run_t r = run_replay("denim.example.views.json");
	lacks(r.text, "not set against this analysis");  /* at its own instant: compared */
	assert_true(json_boolean_value(jpath(r.json, "views_compared", NULL)));
	run_done(&r);
}

/* amber: the only DS uses algorithm 100. The zone's reason names that and nothing else (before:
 * "only algorithms or digest types this validator does not support", and the "an
 * algorithm (100) or digest type (2)" beside SHA-256, which every validator implements). */
static void test_unsupported_names_only_what_is(void **state)
{
	(void)state;
	run_t r = run_replay("amber.example.json");
	has(r.text, "127.0.10.1: the only DS names what validators do not implement: DS 8289 "
	    "algorithm 100\n");
	has(r.text, "no DS of the zone can be used by a validator (DS 8289 uses algorithm 100 "
	    "(unassigned), which validators do not implement)");
	lacks(r.text, "digest type 2");
	lacks(r.text, "or digest types");
	run_done(&r);
}

/* Every scenario's JSON fix steps: one object per prose step, in order, its sentence the
 * prose's, an action and place from the documented sets, and each DS record the one its
 * sentence names (the key tag, algorithm, digest type and the digest's first 16 digits). */
static void test_fix_steps_json(void **state)
{
	(void)state;
	static const char *const actions[] = { "advice", "publish-ds", "remove-ds", "re-sign",
		"sign-dnskey", "publish-dnskey", "retire-key", "algorithm-rollover", "fix-cds",
		"fix-server", "remove-server", "fix-resolver", "check" };
	static const char *const wheres[] = { "registrar", "zone", "servers", "resolver" };
	size_t nsteps = 0, nrecords = 0;
	for (size_t s = 0; s < NSCEN; s++) {
		run_t r = run_replay(scenarios[s]);
		json_t *causes = jpath(r.json, "root_causes", NULL);
		for (size_t c = 0; c < json_array_size(causes); c++) {
			json_t *rc = json_array_get(causes, c);
			json_t *fix = jpath(rc, "fix", NULL), *steps = jpath(rc, "steps", NULL);
			assert_int_equal(json_array_size(steps), json_array_size(fix));
			for (size_t k = 0; k < json_array_size(steps); k++) {
				json_t *st = json_array_get(steps, k);
				nsteps++;
				assert_int_equal(json_integer_value(jpath(st, "order", NULL)), k + 1);
				assert_string_equal(json_string_value(jpath(st, "text", NULL)),
				                    json_string_value(json_array_get(fix, k)));
				const char *text = json_string_value(jpath(st, "text", NULL));
				const char *act = json_string_value(jpath(st, "action", NULL));
				assert_non_null(act);
				bool known = false;
				for (size_t a = 0; a < sizeof(actions) / sizeof(actions[0]); a++) {
					known = known || strcmp(act, actions[a]) == 0;
				}
				assert_true(known);
				json_t *w = jpath(st, "where", NULL);
				if (strcmp(act, "advice") == 0) {
					assert_true(json_is_null(w));
				} else {
					known = false;
					for (size_t a = 0; a < sizeof(wheres) / sizeof(wheres[0]); a++) {
						known = known || strcmp(json_string_value(w), wheres[a]) == 0;
					}
					assert_true(known);
				}
				if (strstr(act, "-ds") != NULL) {
					assert_string_equal(json_string_value(w), "registrar");
				}
				assert_true(json_integer_value(jpath(st, "after_seconds", NULL)) >= 0);
				json_t *recs = jpath(st, "records", NULL);
				for (size_t i = 0; i < json_array_size(recs); i++) {
					json_t *rec = json_array_get(recs, i);
					char want[64];
					snprintf(want, sizeof(want), "%lld %lld %lld %.16s",
					         json_integer_value(jpath(rec, "key_tag", NULL)),
					         json_integer_value(jpath(rec, "algorithm", NULL)),
					         json_integer_value(jpath(rec, "digest_type", NULL)),
					         json_string_value(jpath(rec, "digest", NULL)));
					has(text, want);
					const char *rt = json_string_value(jpath(rec, "text", NULL));
					has(rt, " IN DS ");
					has(rt, json_string_value(jpath(rec, "digest", NULL)));
					assert_true(strstr(act, "-ds") != NULL);
					nrecords++;
				}
			}
		}
		run_done(&r);
	}
	assert_true(nsteps > 30 && nrecords >= 4);
}

/* juliet: publish the DS of the live KSK, remove the one with the wrong digest, as data. */
static void test_fix_steps_juliet(void **state)
{
	(void)state;
	run_t r = run_replay("juliet.example.json");
	json_t *rc = json_array_get(jpath(r.json, "root_causes", NULL), 0);
	jstr(rc, "code", NULL, "DS_DIGEST_MISMATCH");
	json_t *steps = jpath(rc, "steps", NULL);
	json_t *pub = json_array_get(steps, 0), *rm = json_array_get(steps, 1);
	jstr(pub, "action", NULL, "publish-ds");
	jstr(pub, "where", NULL, "registrar");
	jstr(pub, "zone", NULL, "juliet.example.");
	json_t *rec = json_array_get(jpath(pub, "records", NULL), 0);
	assert_non_null(rec);
	jstr(rec, "text", NULL, "juliet.example. IN DS 42272 13 2 "
	     "7935E1FE9649EEA8E727099BD5ECA0E390DDC57C67D4F2680E52F0B0C372F210");
	jstr(rm, "action", NULL, "remove-ds");
	rec = json_array_get(jpath(rm, "records", NULL), 0);
	assert_non_null(rec);
	jstr(rec, "digest", NULL, "7935E1FE96B6EEA8E727099BD5ECA0E390DDC57C67D4F2680E52F0B0C372F210");
	jstr(json_array_get(steps, 2), "action", NULL, "advice");
	assert_true(json_is_null(jpath(json_array_get(steps, 2), "where", NULL)));
	run_done(&r);
	/* coral's half-done KSK rollover: publish the new key, or (alternative) put the old DS
	 * back; retire the old key only the DS TTL after */
	r = run_replay("coral.example.json");
	rc = json_array_get(jpath(r.json, "root_causes", NULL), 0);
	jstr(rc, "code", NULL, "ROLLOVER_INCOMPLETE");
	steps = jpath(rc, "steps", NULL);
	jstr(json_array_get(steps, 0), "action", NULL, "publish-dnskey");
	assert_false(json_boolean_value(jpath(json_array_get(steps, 0), "alternative", NULL)));
	jstr(json_array_get(steps, 1), "action", NULL, "publish-ds");
	assert_true(json_boolean_value(jpath(json_array_get(steps, 1), "alternative", NULL)));
	jstr(json_array_get(steps, 2), "action", NULL, "retire-key");
	assert_int_equal(json_integer_value(jpath(json_array_get(steps, 2), "after_seconds", NULL)),
	                 r.an->zones[r.an->nzones - 1].ds_ttl);
	run_done(&r);
}

/* The text report of @p r again, with @p ro. */
static char *text_with(const run_t *r, const dd_report_opts_t *ro)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(dd_report_text(f, r->ev, r->an, r->dg, r->views, ro), DD_OK);
	fclose(f);
	return text;
}

/* --level error: walnut's one cause is a warning (DS_REVOKED_KEY), denim's two are delegation
 * warnings. The sections say how many they hide, never "none" or "every listed server
 * answers" for a hidden cause; the headline stays. --quiet: the headline only. */
static void test_level_and_quiet(void **state)
{
	(void)state;
	dd_report_opts_t ro = { .level = DD_SEV_ERROR };
	run_t r = run_replay("walnut.example.json");
	char *t = text_with(&r, &ro);
	assert_int_equal(strncmp(t, run_first_line(&r), strlen(run_first_line(&r))), 0);
	has(t, "\nRoot causes: 1 cause not shown (--level error)\n");
	lacks(t, "DS_REVOKED_KEY (warning)");
	lacks(t, "none, the DNSSEC data is in order");
	has(t, "\nNotices: 3 not shown (--level error)\n");
	lacks(t, "RRSIG_WINDOW_EDGE:");
	free(t);
	ro.level = DD_SEV_WARNING;
	t = text_with(&r, &ro);
	has(t, "1. DS_REVOKED_KEY (warning) in walnut.example.");
	has(t, "\nNotices: 3 not shown (--level warning)\n");
	free(t);
	ro = (dd_report_opts_t){ .quiet = true };
	t = text_with(&r, &ro);
	char want[1300];
	snprintf(want, sizeof(want), "%s\n", run_first_line(&r));
	assert_string_equal(t, want);
	free(t);
	run_done(&r);

	r = run_replay("denim.example.json");
	ro = (dd_report_opts_t){ .level = DD_SEV_ERROR };
	t = text_with(&r, &ro);
	has(t, "\nDelegation health: 2 causes not shown (--level error)\n");
	lacks(t, "every listed server answers");
	lacks(t, "LAME_DELEGATION (");
	free(t);
	run_done(&r);
}

/* The title says four views: where the run asked no resolver, the section says so rather
 * than show two lines under it; evidence from before views were recorded says that instead,
 * and a run that asked them shows them. */
static void test_views_none_asked(void **state)
{
	(void)state;
	dd_report_opts_t ro = { .level = DD_SEV_NOTICE };
	run_t r = run_replay("walnut.example.json");  /* --no-unbound: views recorded, none */
	char *t = text_with(&r, &ro);
	has(t, "\n  resolvers                                               none asked in this run "
	       "(--no-unbound, no --resolver)\n");
	lacks(t, "checking on");
	free(t);
	run_done(&r);
	r = run_replay("denim.example.json");  /* from before views were recorded */
	t = text_with(&r, &ro);
	has(t, "not recorded in this evidence");
	lacks(t, "none asked in this run");
	free(t);
	run_done(&r);
	r = run_replay("flint.example.views.json");
	t = text_with(&r, &ro);
	has(t, "checking on");
	lacks(t, "none asked in this run");
	free(t);
	run_done(&r);
}

/* The check-zone text report of @p zone (zone text), its JSON verdict and exit code. */
static char *zone_report(const char *zone, const char *origin, const char **verdict, int *ex,
                         size_t *ndeprecated)
{
	dd_zone_check_opts_t o = { .origin = origin, .at = 1700000000, .expire_warn = 7 * 86400,
		                   .threads = 1 };
	dd_zone_check_t *res = NULL;
	assert_int_equal(dd_zone_check_string(zone, strlen(zone), &o, &res, NULL), DD_OK);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(dd_report_zone_text(f, res, NULL), DD_OK);
	fclose(f);
	char *js = NULL;
	f = open_memstream(&js, &len);
	assert_non_null(f);
	assert_int_equal(dd_report_zone_json(f, res, NULL), DD_OK);
	fclose(f);
	json_t *j = json_loads(js, 0, NULL);
	assert_non_null(j);
	static char v[32];
	snprintf(v, sizeof(v), "%s", json_string_value(jpath(j, "verdict", NULL)));
	*verdict = v;
	*ex = dd_zone_check_exit(res);
	assert_int_equal(json_integer_value(jpath(j, "exit_code", NULL)), *ex);
	*ndeprecated = dd_zone_check_count(res, "DELEGATION_DS_DEPRECATED");
	json_decref(j);
	free(js);
	dd_zone_check_free(res);
	return text;
}

/* check-zone on an unsigned zone said "VALID example.com." (issue 20): it says UNSIGNED, no
 * DNSKEY RRset, exit 0 as the man page documents; the JSON verdict is "unsigned". */
static void test_zone_unsigned(void **state)
{
	(void)state;
	static const char zone[] =
		"example.com. 3600 IN SOA ns1.example.com. h.example.com. 1 7200 3600 1209600 3600\n"
		"example.com. 3600 IN NS ns1.example.com.\n"
		"ns1.example.com. 3600 IN A 192.0.2.1\n";
	const char *verdict;
	int ex;
	size_t ndep;
	char *text = zone_report(zone, "example.com.", &verdict, &ex, &ndep);
	has(text, "UNSIGNED example.com.: no DNSKEY RRset at the apex, 0 error(s), 0 warning(s), "
	    "0 notice(s)\n");
	lacks(text, "VALID");
	assert_string_equal(verdict, "unsigned");
	assert_int_equal(ex, 0);
	free(text);
}

/* A delegation with two DS for one key (SHA-1 and SHA-256 digests of key 50166, as apple. in
 * the root zone): the key's deprecated algorithm is noted once, the SHA-1 digest once; before,
 * "DS 50166 at apple. names algorithm 7" was printed twice. */
static void test_zone_ds_notice_once(void **state)
{
	(void)state;
	static const char zone[] =
		"example. 3600 IN SOA ns1.example. h.example. 1 7200 3600 1209600 3600\n"
		"example. 3600 IN NS ns1.example.\n"
		"ns1.example. 3600 IN A 192.0.2.1\n"
		"apple.example. 3600 IN NS ns1.example.\n"
		"apple.example. 3600 IN DS 50166 7 1 0123456789ABCDEF0123456789ABCDEF01234567\n"
		"apple.example. 3600 IN DS 50166 7 2 "
		"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n";
	const char *verdict;
	int ex;
	size_t ndep;
	char *text = zone_report(zone, "example.", &verdict, &ex, &ndep);
	assert_int_equal(count(text, "DS 50166 at apple.example. names algorithm 7"), 1);
	assert_int_equal(count(text, "DS 50166 at apple.example. uses digest type 1 (SHA-1)"), 1);
	assert_int_equal(ndep, 2);
	free(text);
	/* --level warning: the notices are counted in the headline, not listed */
	dd_zone_check_opts_t o = { .origin = "example.", .at = 1700000000,
		                   .expire_warn = 7 * 86400, .threads = 1 };
	dd_zone_check_t *res = NULL;
	assert_int_equal(dd_zone_check_string(zone, strlen(zone), &o, &res, NULL), DD_OK);
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	dd_report_opts_t ro = { .level = DD_SEV_WARNING };
	assert_int_equal(dd_report_zone_text(f, res, &ro), DD_OK);
	fclose(f);
	has(text, "0 error(s), 0 warning(s), 2 notice(s)\n");
	has(text, "\nFindings: 2 below warning not shown (--level warning)\n");
	lacks(text, "DELEGATION_DS_DEPRECATED");
	free(text);
	dd_zone_check_free(res);
}

/* Pre-delegation testing (Zonemaster's undelegated test): kestrel.example. is served by the
 * testbed's auth servers and not delegated by example.; given with --server, and once with a
 * DS given by --ds whose digest is wrong. The chain judged is the one the operator asks
 * about, said in the headline; what resolvers answered (NXDOMAIN: the DNS as it is) is shown
 * and never set against it; nothing is "in caches" and nothing is to wait for. */
static void test_pre_delegation(void **state)
{
	(void)state;
	run_t r = run_replay("kestrel.example.undelegated.json");
	int z = r.an->hypothetical_zone;
	assert_true(z >= 0);
	assert_int_equal(r.an->zones[z].ds_source, DD_DS_SOURCE_UNDELEGATED);
	assert_int_equal(r.an->target_status, DD_STATUS_INSECURE);
	has(run_first_line(&r), "(pre-delegation test: example. does not delegate kestrel.example.; "
	    "judged as a delegation without DS)");
	has(r.text, "not delegated (kestrel.example.): no NS, no DS\n");
	has(r.text, "example. does not delegate it (NXDOMAIN: the name does not exist there)");
	has(r.text, "not set against this pre-delegation test of kestrel.example.\n");
	lacks(r.text, "DISAGREEMENT");
	lacks(r.text, "an insecure delegation");
	/* one row per server: the addresses given and the NS names found there are one server */
	assert_int_equal(count(r.text, "(127.0.10.1)\n"), 1);
	jstr(r.json, "pre_delegation", NULL, "kestrel.example.");
	assert_false(json_boolean_value(jpath(r.json, "views_compared", NULL)));
	run_done(&r);

	r = run_replay("kestrel.example.given-ds.json");
	z = r.an->hypothetical_zone;
	assert_true(z >= 0);
	assert_int_equal(r.an->zones[z].ds_source, DD_DS_SOURCE_GIVEN);
	assert_int_equal(r.an->target_status, DD_STATUS_BOGUS);
	assert_true(r.dg->ncauses > 0);
	assert_string_equal(r.dg->causes[0].code, "DS_DIGEST_MISMATCH");
	has(run_first_line(&r), "(pre-delegation test: kestrel.example. judged with the DS given, "
	    "as if example. published it)");
	has(r.text, "given DS         (--ds, as if the parent published it)");
	has(r.text, "digest mismatch (the DS given)\n");
	has(r.text, "— would make the name fail once delegated\n");
	has(r.text, "Do not publish the given DS for kestrel.example. that matches no key: 16588 ");
	has(r.text, "recovery: nothing to wait for: no resolver follows this delegation yet");
	/* the DS was given, not published: no line places it at the parent */
	has(run_first_line(&r), "The DS given does not match the zone's key (wrong digest)");
	has(r.text, "no DS given matches a DNSKEY of the zone (digest mismatch)");
	lacks(r.text, "DS at the parent");
	lacks(r.text, "explains the outage");
	lacks(r.text, "caches");
	lacks(r.text, "DISAGREEMENT");
	assert_int_equal(r.dg->causes[0].recovery_seconds, -1);
	json_t *zones = jpath(r.json, "chain", NULL);
	bool seen = false;
	for (size_t i = 0; i < json_array_size(zones); i++) {
		json_t *zj = json_array_get(zones, i);
		if (strcmp(json_string_value(jpath(zj, "zone", NULL)), "kestrel.example.") == 0) {
			jstr(zj, "ds_source", NULL, "given");
			seen = true;
		} else {
			jstr(zj, "ds_source", NULL, "parent");
		}
	}
	assert_true(seen);
	run_done(&r);

	/* a server given by address that no NS name resolves to: named as what it is, never "."
	 * nor "listed"; null as "ns" in the JSON */
	r = run_replay("bravo.example.given-lame.json");
	has(r.text, "  authoritative    (a server given by address)            REFUSED");
	has(r.text, "evidence: the server given by address (127.0.10.3) is given for the zone but "
	    "does not answer authoritatively for it (REFUSED, AA clear)");
	lacks(r.text, ". (127.0.10.3)");
	zones = jpath(r.json, "chain", NULL);
	size_t nulls = 0;
	for (size_t i = 0; i < json_array_size(zones); i++) {
		json_t *sv = jpath(json_array_get(zones, i), "servers", NULL);
		for (size_t k = 0; k < json_array_size(sv); k++) {
			json_t *e = json_array_get(sv, k);
			if (json_is_null(jpath(e, "ns", NULL))) {
				jstr(e, "address", NULL, "127.0.10.3");
				nulls++;
			}
		}
	}
	assert_int_equal(nulls, 1);
	run_done(&r);
}

/* A CNAME synthesized from a signed DNAME (RFC 6672 5.3.1) is unsigned, and validates by the
 * DNAME's signature: secure, as the testbed's Unbound said (AD), never RRSIG_MISSING. */
static void test_dname_synthesized(void **state)
{
	(void)state;
	run_t r = run_replay("larkspur.example.dname.json");
	assert_int_equal(r.an->target_status, DD_STATUS_SECURE);
	has(run_first_line(&r), "www.sub.larkspur.example. A is secure: the chain of trust validates");
	has(r.text, "127.0.10.1: validated: a CNAME synthesized from a signed DNAME (RFC 6672 5.3.1)");
	has(r.text, "www.bravo.example. A (CNAME target)");
	lacks(r.text, "RRSIG_MISSING");
	lacks(r.text, "DISAGREEMENT");
	assert_true(json_boolean_value(jpath(r.json, "views_compared", NULL)));
	run_done(&r);
}

/* The DS of a zone's apex is the parent's RRset (RFC 4035 2.4): juliet's DS at example. is
 * signed and valid, whatever juliet's own keys are; judged from example.'s servers and keys,
 * as the testbed's Unbound answers (AD), never from juliet's NODATA. */
static void test_ds_at_the_parent(void **state)
{
	(void)state;
	run_t r = run_replay("juliet.example.ds.json");
	assert_int_equal(r.an->target_status, DD_STATUS_SECURE);
	assert_true(dd_name_equal(r.an->zones[r.an->target_zone].name, N("example.")));
	has(run_first_line(&r), "juliet.example. DS is secure");
	has(r.text, "juliet.example. DS                           SECURE        127.0.2.1: validated");
	lacks(r.text, "DISAGREEMENT");
	lacks(r.text, "has no DS records (NODATA)");
	/* juliet's own fault is still its cause */
	assert_true(r.dg->ncauses > 0);
	assert_string_equal(r.dg->causes[0].code, "DS_DIGEST_MISMATCH");
	run_done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_at_keeps_ds_mismatch),
		cmocka_unit_test(test_at_keeps_every_fault),
		cmocka_unit_test(test_at_views_not_compared),
		cmocka_unit_test(test_unsupported_names_only_what_is),
		cmocka_unit_test(test_fix_steps_json),
		cmocka_unit_test(test_fix_steps_juliet),
		cmocka_unit_test(test_level_and_quiet),
		cmocka_unit_test(test_views_none_asked),
		cmocka_unit_test(test_zone_unsigned),
		cmocka_unit_test(test_zone_ds_notice_once),
		cmocka_unit_test(test_pre_delegation),
		cmocka_unit_test(test_dname_synthesized),
		cmocka_unit_test(test_ds_at_the_parent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
