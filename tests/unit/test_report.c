/* SPDX-License-Identifier: MIT
 * test_report.c - every sentence the diagnose report prints holds for the evidence it is
 * printed with (issue 20): the headline and JSON "name" for a name that does not exist (a
 * mistyped zone), a type a name does not have (NODATA), a denial that is not proven; the exit
 * code and JSON exit_code; what the validators are said to return against what the real
 * resolvers of the same evidence returned. On evidence saved from the testbed
 * (tests/unit/data/evidence), replayed at the instant it was collected; the text and JSON are
 * the library's own, written into memory. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "helpers.h"

typedef struct run {
	dd_evidence_t *ev;
	dd_analysis_t *an;
	dd_diagnosis_t *dg;
	dd_views_t *views;
	char *text;
	json_t *json;
} run_t;

/* Replay @p file (tests/unit/data/evidence) as diagnose does: analysis, views, diagnosis with
 * the resolvers' causes, then both reports. */
static run_t replay(const char *file)
{
	run_t r = { .ev = load_evidence(file) };
	assert_int_equal(dd_analyze(r.ev, r.ev->started_ms / 1000, &r.an), DD_OK);
	assert_int_equal(dd_views_from_evidence(r.ev, &r.views), DD_OK);
	assert_int_equal(dd_diagnose(r.an, r.ev, &r.dg), DD_OK);
	assert_int_equal(dd_diagnose_views(r.dg, r.an, r.views), DD_OK);
	size_t len = 0;
	FILE *f = open_memstream(&r.text, &len);
	assert_non_null(f);
	assert_int_equal(dd_report_text(f, r.ev, r.an, r.dg, r.views, NULL), DD_OK);
	fclose(f);
	char *js = NULL;
	f = open_memstream(&js, &len);
	assert_non_null(f);
	assert_int_equal(dd_report_json(f, r.ev, r.an, r.dg, r.views, NULL), DD_OK);
	fclose(f);
	json_error_t err;
	r.json = json_loads(js, 0, &err);
	if (r.json == NULL) {
		fail_msg("%s: JSON report does not parse: %s", file, err.text);
	}
	free(js);
	return r;
}

static void done(run_t *r)
{
	json_decref(r->json);
	free(r->text);
	dd_views_free(r->views);
	dd_diagnosis_free(r->dg);
	dd_analysis_free(r->an);
	dd_evidence_free(r->ev);
}

/* The first line of the text report. */
static const char *first_line(const run_t *r)
{
	static char line[1200];
	size_t n = strcspn(r->text, "\n");
	snprintf(line, sizeof(line), "%.*s", (int)n, r->text);
	return line;
}

static void has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL) {
		fail_msg("expected \"%s\" in:\n%s", needle, hay);
	}
}

static void lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle) != NULL) {
		fail_msg("did not expect \"%s\" in:\n%s", needle, hay);
	}
}

static json_t *jpath(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);
	assert_non_null(v);
	if (b != NULL) {
		v = json_object_get(v, b);
		assert_non_null(v);
	}
	return v;
}

static void jstr(json_t *o, const char *a, const char *b, const char *want)
{
	json_t *v = jpath(o, a, b);
	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), want);
}

/* The JSON headline and exit code are the text's. */
static void same_headline(const run_t *r)
{
	jstr(r->json, "headline", NULL, first_line(r));
	assert_int_equal(json_integer_value(jpath(r->json, "exit_code", NULL)), r->dg->exit_code);
}

/* diagnose www.nosuchzone.example: the zone is not delegated, example. denies the name with a
 * validated NSEC. Before issue 20: "is secure: the chain of trust validates", exit 0. */
static void test_mistyped_zone(void **state)
{
	(void)state;
	run_t r = replay("nosuchzone.example.json");
	assert_string_equal(first_line(&r), "www.nosuchzone.example. does not exist (NXDOMAIN), "
	                    "proven by NSEC from example., the closest existing zone: no zone "
	                    "nosuchzone.example. is delegated");
	lacks(r.text, "the chain of trust validates");
	same_headline(&r);
	assert_int_equal(r.dg->answer, DD_ANSWER_NXDOMAIN);
	assert_true(r.dg->denial_proven);
	assert_int_equal(r.dg->exit_code, 1);
	json_t *name = jpath(r.json, "name", NULL);
	assert_true(json_is_false(jpath(name, "exists", NULL)));
	jstr(name, "answer", NULL, "nxdomain");
	jstr(name, "zone", NULL, "example.");
	assert_true(json_is_true(jpath(name, "denial", "proven")));
	jstr(name, "denial", "records", "NSEC");
	done(&r);
}

/* A name that does not exist inside a healthy NSEC3 zone. */
static void test_nxdomain_in_zone(void **state)
{
	(void)state;
	run_t r = replay("alpha.lab.nx.json");
	assert_string_equal(first_line(&r), "nope.alpha.lab. does not exist (NXDOMAIN), proven by "
	                    "NSEC3 from alpha.lab., the closest existing zone");
	same_headline(&r);
	assert_int_equal(r.dg->exit_code, 1);
	json_t *name = jpath(r.json, "name", NULL);
	assert_true(json_is_false(jpath(name, "exists", NULL)));
	jstr(name, "zone", NULL, "alpha.lab.");
	jstr(name, "denial", "records", "NSEC3");
	has(r.text, "nope.alpha.lab. A");
	has(r.text, "NXDOMAIN proven by NSEC3");
	done(&r);
}

/* A type the name does not have: NODATA, proven; a correct answer, exit 0. */
static void test_nodata(void **state)
{
	(void)state;
	run_t r = replay("alpha.lab.nodata.json");
	assert_string_equal(first_line(&r), "www.alpha.lab. has no MX records (NODATA), proven by "
	                    "NSEC3 from alpha.lab.: the name exists, the type does not");
	same_headline(&r);
	assert_int_equal(r.dg->exit_code, 0);
	json_t *name = jpath(r.json, "name", NULL);
	assert_true(json_is_true(jpath(name, "exists", NULL)));
	jstr(name, "answer", NULL, "nodata");
	assert_true(json_is_true(jpath(name, "denial", "proven")));
	done(&r);

	/* in an unsigned zone nothing proves it, and the headline says so */
	r = replay("echo.example.nodata.json");
	assert_string_equal(first_line(&r), "www.echo.example. has no MX records (NODATA) as the "
	                    "servers of echo.example. say; not proven: the zone is insecure (no "
	                    "DNSSEC chain of trust reaches it)");
	same_headline(&r);
	assert_int_equal(r.dg->exit_code, 0);
	name = jpath(r.json, "name", NULL);
	assert_true(json_is_false(jpath(name, "denial", "proven")));
	assert_true(json_is_null(jpath(name, "denial", "records")));
	done(&r);
}

/* A denial in a zone whose signatures expired: the servers say NXDOMAIN, nothing proves it. */
static void test_denial_not_proven(void **state)
{
	(void)state;
	run_t r = replay("foxtrot.example.nx.json");
	assert_string_equal(first_line(&r), "nope.foxtrot.example. does not exist (NXDOMAIN) as the "
	                    "servers of foxtrot.example. say, but the denial is bogus, not proven: "
	                    "Signatures have expired (RRSIG_EXPIRED, in foxtrot.example.)");
	same_headline(&r);
	assert_int_equal(r.dg->exit_code, 2);
	assert_false(r.dg->denial_proven);
	json_t *name = jpath(r.json, "name", NULL);
	assert_true(json_is_false(jpath(name, "exists", NULL)));
	assert_true(json_is_false(jpath(name, "denial", "proven")));
	done(&r);
}

/* Data: the headline is unchanged, and JSON says the name exists. */
static void test_data(void **state)
{
	(void)state;
	run_t r = replay("alpha.lab.json");
	assert_string_equal(first_line(&r), "www.alpha.lab. A is secure: the chain of trust "
	                    "validates");
	same_headline(&r);
	json_t *name = jpath(r.json, "name", NULL);
	assert_true(json_is_true(jpath(name, "exists", NULL)));
	jstr(name, "answer", NULL, "data");
	assert_true(json_is_null(jpath(name, "denial", NULL)));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mistyped_zone),
		cmocka_unit_test(test_nxdomain_in_zone),
		cmocka_unit_test(test_nodata),
		cmocka_unit_test(test_denial_not_proven),
		cmocka_unit_test(test_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
