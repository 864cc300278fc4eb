/* SPDX-License-Identifier: MIT
 * report_run.c - one diagnose run replayed from saved testbed evidence, and the assertions on
 * its wording, shared by the report tests (report_run.h). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_run.h"

/* Replay @p file (tests/unit/data/evidence) at @p at (seconds; 0: when it was collected) as
 * diagnose does: analysis, views, diagnosis with
 * the resolvers' causes, then both reports. */
run_t run_replay_at(const char *file, int64_t at)
{
	run_t r = { .ev = load_evidence(file) };
	assert_int_equal(dd_analyze(r.ev, at != 0 ? at : r.ev->started_ms / 1000, &r.an), DD_OK);
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

run_t run_replay(const char *file)
{
	return run_replay_at(file, 0);
}

void run_done(run_t *r)
{
	json_decref(r->json);
	free(r->text);
	dd_views_free(r->views);
	dd_diagnosis_free(r->dg);
	dd_analysis_free(r->an);
	dd_evidence_free(r->ev);
}

/* The first line of the text report. */
const char *run_first_line(const run_t *r)
{
	static char line[1200];
	size_t n = strcspn(r->text, "\n");
	snprintf(line, sizeof(line), "%.*s", (int)n, r->text);
	return line;
}

void has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL) {
		fail_msg("expected \"%s\" in:\n%s", needle, hay);
	}
}

void lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle) != NULL) {
		fail_msg("did not expect \"%s\" in:\n%s", needle, hay);
	}
}

json_t *jpath(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);
	assert_non_null(v);
	if (b != NULL) {
		v = json_object_get(v, b);
		assert_non_null(v);
	}
	return v;
}

void jstr(json_t *o, const char *a, const char *b, const char *want)
{
	json_t *v = jpath(o, a, b);
	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), want);
}

size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle)) {
		n++;
	}
	return n;
}
