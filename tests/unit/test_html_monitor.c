/* SPDX-License-Identifier: MIT
 * test_html_monitor.c - the monitor dashboard's pages (src/lib/report/html_monitor.c) for
 * results assessed from stored testbed evidence: the front page's table (worst first, links,
 * states, bounded rows), a zone page (state, causes, events, the diagnosis fragment), the page
 * of a zone not watched; every hostile string (a zone name, a summary, an event detail, a name
 * in the URL) shown as text, never markup. */

#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/diagnosis.h>
#include <dd/report.h>

#include "helpers.h"

static const char evil[] = "<script>alert('x')</script><img src=x onerror=alert(1)>&";

/* The monitor's result for @p zone from stored evidence, with the diagnosis fragment attached
 * as the dashboard's hook attaches it. */
static dd_mon_result_t *assess(const char *file, const char *zone)
{
	dd_evidence_t *ev = load_evidence(file);
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	dd_mon_zone_t z = { 0 };
	assert_true(dd_name_from_str(zone, z.name) >= 0);
	dd_mon_thresholds_t th = { .warn = 7 * 86400, .crit = 3 * 86400 };
	dd_mon_result_t *r = NULL;
	assert_int_equal(dd_mon_assess(&z, ev, an, dg, &th, &r), DD_OK);
	FILE *m = open_memstream(&r->report, &r->report_len);
	assert_non_null(m);
	assert_int_equal(dd_report_html_body(m, ev, an, dg, NULL, NULL), DD_OK);
	assert_int_equal(fclose(m), 0);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
	return r;
}

static char *page_index(dd_mon_dash_row_t *rows, size_t n, size_t max, bool db)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_int_equal(dd_report_mon_html_index(m, rows, n, max, 1764806400, db), DD_OK);
	assert_int_equal(fclose(m), 0);
	return buf;
}

static void front_page(void **state)
{
	(void)state;
	dd_mon_result_t *ok = assess("alpha.lab.json", "alpha.lab.");
	dd_mon_result_t *bad = assess("juliet.example.json", "juliet.example.");
	assert_int_equal(ok->state, DD_MON_OK);
	assert_int_equal(bad->state, DD_MON_CRITICAL);
	dd_mon_dash_row_t rows[2] = {
		{ .r = ok, .have_activity = true, .activity = { .last_change = 1764806000, .events = 3 } },
		{ .r = bad },
	};
	char *h = page_index(rows, 2, 100, true);
	assert_true(strncmp(h, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(h, "<p id=\"totals\">2 zones: 1 critical, 0 warning, 0 unknown, 1 ok."));
	/* worst first: the critical zone's row before the healthy one */
	const char *c = strstr(h, "<tr class=\"critical\"><td><a href=\"/zone/juliet.example.\">"
	                          "juliet.example.</a></td><td><span class=\"st critical\">CRITICAL"
	                          "</span></td><td><span class=\"st bogus\">bogus</span>");
	const char *o = strstr(h, "<tr class=\"ok\"><td><a href=\"/zone/alpha.lab.\">alpha.lab.</a>"
	                          "</td><td><span class=\"st ok\">OK</span></td><td><span class=\"st "
	                          "secure\">secure</span>");
	assert_non_null(c);
	assert_non_null(o);
	assert_true(c < o);
	assert_int_equal(str_count(h, "<tr class="), 2);
	/* the database's columns: its values, or '-' where it was not read */
	assert_non_null(strstr(h, "<td>2025-12-03 23:53:20 UTC</td><td>3</td></tr>"));
	assert_non_null(strstr(h, "<td>-</td><td>-</td></tr>"));
	assert_int_equal(str_count(h, "<script"), 0);
	free(h);

	/* bounded: one row, the worst, and a line saying how many are not listed */
	h = page_index(rows, 2, 1, true);
	assert_int_equal(str_count(h, "<tr class="), 1);
	assert_non_null(strstr(h, "<tr class=\"critical\">"));
	assert_non_null(strstr(h, "<p id=\"more\">1 more zones, no worse than the last one shown, are "
	                          "not listed (the page shows the 1 worst).</p>"));
	free(h);

	/* hostile: a zone name and a summary with markup are text, the link percent-encoded */
	assert_true(dd_name_from_str("\\<img\\ src\\=x\\>.example.", bad->zone) >= 0);
	snprintf(bad->summary, sizeof(bad->summary), "%s", evil);
	h = page_index(rows, 2, 100, false);
	assert_int_equal(str_count(h, "<script"), 0);
	assert_int_equal(str_count(h, "<img"), 0);
	assert_non_null(strstr(h, "href=\"/zone/%5C%3Cimg%5C032src%5C%3Dx%5C%3E.example.\">"
	                          "\\&lt;img\\032src\\=x\\&gt;.example.</a>"));
	assert_non_null(strstr(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x "
	                          "onerror=alert(1)&gt;&amp;"));
	assert_non_null(strstr(h, "No state database is kept (--no-db): no events."));
	free(h);
	dd_mon_result_free(ok);
	dd_mon_result_free(bad);
}

static void zone_page(void **state)
{
	(void)state;
	dd_mon_result_t *bad = assess("juliet.example.json", "juliet.example.");
	dd_mon_logged_t hist[2] = {
		{ .at = 1764806400, .event = { .kind = "ALERT_RAISED" } },
		{ .at = 1764800000, .event = { .kind = "DS_ADDED" } },
	};
	snprintf(hist[0].event.detail, sizeof(hist[0].event.detail), "DS_DIGEST_MISMATCH");
	snprintf(hist[1].event.detail, sizeof(hist[1].event.detail), "%s", evil);
	dd_mon_dash_row_t row = { .r = bad, .have_activity = true,
	                          .activity = { .last_change = 1764806400, .events = 2 } };
	char *h = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&h, &len);
	assert_non_null(m);
	assert_int_equal(dd_report_mon_html_zone(m, &row, hist, 2, true), DD_OK);
	assert_int_equal(fclose(m), 0);
	assert_non_null(strstr(h, "<title>juliet.example.: CRITICAL — dnssec-doctor</title>"));
	assert_non_null(strstr(h, "<p class=\"verdict\" id=\"zone-state\"><span class=\"st critical\">"
	                          "CRITICAL</span> "));
	assert_non_null(strstr(h, "<tr><td><code>DS_DIGEST_MISMATCH</code></td><td><span class=\"st "
	                          "error\">error</span></td><td>juliet.example.</td>"));
	/* the events, newest first, the hostile detail as text */
	const char *e1 = strstr(h, "<tr><td>2025-12-04 00:00:00 UTC</td><td><code>ALERT_RAISED</code>");
	const char *e2 = strstr(h, "<td><code>DS_ADDED</code></td><td>&lt;script&gt;alert(&#39;x&#39;)"
	                           "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;</td>");
	assert_non_null(e1);
	assert_non_null(e2);
	assert_true(e1 < e2);
	assert_non_null(strstr(h, "<p>The latest 2, newest first.</p>"));
	/* the diagnosis: the incident report's body, with its graph, in the page */
	const char *d = strstr(h, "<section id=\"diagnosis\"><h2>Last diagnosis</h2>\n<header><h1>"
	                          "DNSSEC diagnosis of www.juliet.example. A</h1>");
	assert_non_null(d);
	assert_non_null(strstr(d, "<h3>1. <code>DS_DIGEST_MISMATCH</code> (error) in juliet.example."));
	assert_int_equal(str_count(h, "<svg"), 1);
	assert_int_equal(str_count(h, "<script"), 0);
	assert_int_equal(str_count(h, "<img"), 0);
	assert_int_equal(str_count(h, "<!DOCTYPE"), 1);
	assert_int_equal(str_count(h, "</html>"), 1);
	free(h);

	/* no database; a report too large to keep, and none at all */
	free(bad->report);
	bad->report = NULL;
	bad->report_len = 600000;
	row.have_activity = false;
	h = NULL;
	m = open_memstream(&h, &len);
	assert_int_equal(dd_report_mon_html_zone(m, &row, NULL, 0, false), DD_OK);
	assert_int_equal(fclose(m), 0);
	assert_non_null(strstr(h, "<p>No state database is kept (--no-db): no events.</p>"));
	assert_non_null(strstr(h, "The report of this diagnosis (600000 octets) is larger than the "
	                          "dashboard keeps"));
	assert_null(strstr(h, "last change"));
	assert_null(strstr(h, "id=\"rollover\""));  /* no roll: no row */
	free(h);
	bad->report_len = 0;
	/* a roll under way: its phase, the next step (escaped) and when */
	bad->rollover = (dd_mon_rollover_t){ .judged = true, .phase = DD_MON_ROLL_ZSK_PREPUBLISH,
		                             .next_at = bad->at + 3601 };
	snprintf(bad->rollover.text, sizeof(bad->rollover.text), "ZSK roll, pre-publish: ZSK 2 "
	         "published beside ZSK 1 <b>");
	snprintf(bad->rollover.next, sizeof(bad->rollover.next), "sign the data with ZSK 2");
	h = NULL;
	m = open_memstream(&h, &len);
	assert_int_equal(dd_report_mon_html_zone(m, &row, NULL, 0, true), DD_OK);
	assert_int_equal(fclose(m), 0);
	assert_non_null(strstr(h, "<tr><th>rollover</th><td id=\"rollover\"><code>zsk-prepublish"
	                          "</code>: ZSK roll, pre-publish: ZSK 2 published beside ZSK 1 "
	                          "&lt;b&gt;<br>next: sign the data with ZSK 2<br>allowed from "));
	assert_non_null(strstr(h, " (in 60 minutes)</td></tr>"));
	assert_non_null(strstr(h, "<p>None recorded.</p>"));
	assert_non_null(strstr(h, "<p>None: the zone could not be diagnosed (see why above).</p>"));
	free(h);
	dd_mon_result_free(bad);
}

static void not_found(void **state)
{
	(void)state;
	char *h = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&h, &len);
	assert_int_equal(dd_report_mon_html_not_found(m, evil), DD_OK);
	assert_int_equal(fclose(m), 0);
	assert_non_null(strstr(h, "<p id=\"missing\">No zone <code>&lt;script&gt;alert(&#39;x&#39;)"
	                          "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;</code> is "
	                          "watched by this monitor.</p>"));
	assert_int_equal(str_count(h, "<script"), 0);
	assert_int_equal(str_count(h, "<img"), 0);
	free(h);
	assert_int_equal(dd_report_mon_html_not_found(NULL, "x"), DD_EINVAL);
	assert_int_equal(dd_report_mon_html_zone(stdout, NULL, NULL, 0, true), DD_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(front_page),
		cmocka_unit_test(zone_page),
		cmocka_unit_test(not_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
