/* SPDX-License-Identifier: MIT
 * test_html.c - the one-file HTML report (src/lib/report/html.c) for stored evidence: the
 * verdict, the root cause with its fix steps, the inline SVG, the embedded JSON; and a hostile
 * string from the network (a server's reason, a finding's detail) shown as text, not markup. */

#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/diagnosis.h>
#include <dd/report.h>

#include "helpers.h"

static char *html_of(const char *file, const char *evil)
{
	dd_evidence_t *ev = load_evidence(file);
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	if (evil != NULL) {
		for (size_t i = 0; i < an->nzones; i++) {
			snprintf(an->zones[i].reason, sizeof(an->zones[i].reason), "%s", evil);
			for (size_t s = 0; s < an->zones[i].nservers; s++) {
				snprintf(an->zones[i].servers[s].reason,
				         sizeof(an->zones[i].servers[s].reason), "%s", evil);
			}
		}
		for (size_t f = 0; f < an->nfindings; f++) {
			snprintf(an->findings[f].detail, sizeof(an->findings[f].detail), "%s", evil);
		}
		snprintf(dg->headline, sizeof(dg->headline), "%s", evil);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_int_equal(dd_report_html(m, ev, an, dg, NULL, NULL), DD_OK);
	assert_int_equal(fclose(m), 0);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
	return buf;
}

static void ds_mismatch_report(void **state)
{
	(void)state;
	char *h = html_of("juliet.example.json", NULL);
	assert_true(strncmp(h, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(h, "<p class=\"verdict\" id=\"verdict\"><span class=\"st bogus\">bogus"
	                          "</span> www.juliet.example. A is bogus"));
	assert_non_null(strstr(h, "<h3>1. <code>DS_DIGEST_MISMATCH</code> (error) in juliet.example."
	                          " — explains the outage</h3>"));
	assert_non_null(strstr(h, "<ol class=\"fix\"><li>"));
	assert_non_null(strstr(h, "juliet.example. IN DS 42272 13 2 "));
	/* one inline SVG without its XML prologue, one embedded JSON, nothing fetched or run */
	assert_int_equal(str_count(h, "<svg"), 1);
	assert_int_equal(str_count(h, "<?xml"), 0);
	assert_int_equal(str_count(h, "<!DOCTYPE svg"), 0);
	assert_int_equal(str_count(h, "<script"), 1);
	assert_non_null(strstr(h, "<script type=\"application/json\" id=\"dd-json\">{"));
	assert_int_equal(str_count(h, "src=\"http"), 0);
	assert_int_equal(str_count(h, "href=\"http"), 0);
	assert_int_equal(str_count(h, "<link"), 0);
	assert_non_null(strstr(h, "dnssec-doctor 0."));
	free(h);
}

static void hostile_strings(void **state)
{
	(void)state;
	const char *evil = "</pre></script><script>alert('x')</script><img src=x onerror=alert(1)>&";
	char *h = html_of("sierra.example.json", evil);
	/* only the JSON element: no injected script, image or closing tag */
	assert_int_equal(str_count(h, "<script"), 1);
	assert_int_equal(str_count(h, "</script>"), 1);
	assert_int_equal(str_count(h, "<img"), 0);
	/* outside the JSON element the string is text only */
	char *json = strstr(h, "<script type=\"application/json\"");
	assert_non_null(json);
	*json = '\0';
	assert_int_equal(str_count(h, "alert('x')"), 0);
	*json = '<';
	assert_non_null(strstr(h, "&lt;/pre&gt;&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)"
	                          "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;"));
	/* in the JSON the '<' are \u003c, so the string is the same and cannot end the element */
	assert_non_null(strstr(h, "\\u003c/pre>\\u003c/script>\\u003cscript>"));
	/* split signing: the DS is right, none to publish */
	assert_null(strstr(h, "to publish"));
	/* and in the SVG Graphviz escaped it */
	assert_non_null(strstr(h, "&lt;img src=x onerror=alert(1)&gt;"));
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ds_mismatch_report),
		cmocka_unit_test(hostile_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
