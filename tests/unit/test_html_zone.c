/* SPDX-License-Identifier: MIT
 * test_html_zone.c - check-zone's HTML report (src/lib/report/html_zone.c) for the RFC 4035
 * Appendix A zone: the verdict with its counts, the keys, the expiry horizon, the findings
 * (from --level up, the others counted), and a hostile owner name from the zone file shown as
 * text, never markup. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/report.h>

#include "helpers.h"

/* RFC 4035 Appendix A's signatures are valid from 2004-04-09 to 2004-05-09 */
#define IN_WINDOW 1082937600  /* 2004-04-26 00:00:00 UTC */

/* An unsigned RRset whose owner carries markup (zone-file escapes for '<', ' ', '=', '>'). */
static const char hostile[] =
	"\\060img\\032src\\061x\\032onerror\\061alert\\0401\\041\\062.example. 3600 IN TXT \"x\"\n";

static char *zone_text(bool evil)
{
	FILE *f = fopen(data_path("rfc4035-appA.zone"), "rb");
	assert_non_null(f);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		fwrite(chunk, 1, n, m);
	}
	fclose(f);
	if (evil) {
		fputs(hostile, m);
	}
	assert_int_equal(fclose(m), 0);
	return buf;
}

static char *html_of(bool evil, int64_t at, dd_severity_t level, dd_zone_check_t **res_out)
{
	char *text = zone_text(evil);
	dd_zone_check_opts_t o = { .origin = "example.", .at = at, .expire_warn = 7 * 86400 };
	dd_zone_check_t *res = NULL;
	assert_int_equal(dd_zone_check_string(text, strlen(text), &o, &res, NULL), DD_OK);
	free(text);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	dd_report_opts_t ro = { .level = level };
	assert_int_equal(dd_report_zone_html(m, res, &ro), DD_OK);
	assert_int_equal(fclose(m), 0);
	*res_out = res;
	return buf;
}

static void structure(void **state)
{
	(void)state;
	dd_zone_check_t *res = NULL;
	char *h = html_of(false, IN_WINDOW, DD_SEV_NOTICE, &res);
	assert_true(strncmp(h, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(h, "<h1>DNSSEC check of the zone file of example.</h1>"));
	/* the verdict word is the one --quiet and the JSON give, and the counts are the check's */
	char want[160];
	size_t e = 0, w = 0, nt = 0;
	for (size_t i = 0; i < res->ncounts; i++) {
		size_t *p = res->counts[i].severity == DD_SEV_ERROR ? &e
		            : res->counts[i].severity == DD_SEV_WARNING ? &w : &nt;
		*p += res->counts[i].count;
	}
	int ex = dd_zone_check_exit(res);
	snprintf(want, sizeof(want), "<p class=\"verdict\" id=\"verdict\"><span class=\"st %s\">%s"
	         "</span> %zu error(s), %zu warning(s), %zu notice(s)</p>",
	         ex == 2 ? "error" : ex == 1 ? "warning" : "ok", dd_zone_check_verdict(res), e, w, nt);
	assert_non_null(strstr(h, want));
	/* both keys, KSK and ZSK, in the keys table */
	assert_int_equal(res->nkeys, 2);
	assert_non_null(strstr(h, "<tr><td>9465</td><td>KSK</td><td>257</td><td>5 (RSASHA1)</td>"));
	assert_non_null(strstr(h, "<tr><td>38519</td><td>ZSK</td><td>256</td><td>5 (RSASHA1)</td>"));
	/* the expiry horizon, one row per type */
	assert_non_null(strstr(h, "<section id=\"expiry\"><h2>Expiry horizon</h2>"));
	assert_non_null(strstr(h, "2004-05-09 18:36:19 UTC"));
	const char *tb = strstr(h, "<section id=\"expiry\">");
	const char *te = strstr(tb, "</section>");
	size_t rows = 0;
	for (const char *p = tb; (p = strstr(p, "<tr><td>")) != NULL && p < te; p++) {
		rows++;
	}
	assert_int_equal(rows, res->nexpiry);
	/* one row per finding kept */
	assert_int_equal(str_count(h, "<tr class=\"finding "), res->nfindings);
	assert_int_equal(str_count(h, "<script"), 0);
	free(h);
	dd_zone_check_free(res);

	/* expired: the errors, and --level error hides the rest and says how many */
	h = html_of(false, IN_WINDOW + 60 * 86400, DD_SEV_ERROR, &res);
	assert_int_equal(dd_zone_check_exit(res), 2);
	assert_non_null(strstr(h, "<span class=\"st error\">errors</span>"));
	assert_non_null(strstr(h, "<code>RRSIG_EXPIRED</code>"));
	assert_int_equal(str_count(h, "<tr class=\"finding warning\">"), 0);
	assert_int_equal(str_count(h, "<tr class=\"finding notice\">"), 0);
	size_t hidden = 0;
	for (size_t i = 0; i < res->ncounts; i++) {
		hidden += res->counts[i].severity < DD_SEV_ERROR ? res->counts[i].count : 0;
	}
	assert_true(hidden > 0);
	snprintf(want, sizeof(want), "<p>%zu below error not shown (--level error).</p>", hidden);
	assert_non_null(strstr(h, want));
	free(h);
	dd_zone_check_free(res);
}

static void hostile_owner(void **state)
{
	(void)state;
	dd_zone_check_t *res = NULL;
	char *h = html_of(true, IN_WINDOW, DD_SEV_NOTICE, &res);
	assert_true(dd_zone_check_has(res, "RRSIG_MISSING"));
	assert_int_equal(str_count(h, "<img"), 0);
	assert_int_equal(str_count(h, "<script"), 0);
	assert_non_null(strstr(h, "<code>RRSIG_MISSING</code></td><td>\\&lt;img\\032src\\=x\\032onerror"
	                          "\\=alert\\(1\\)\\&gt;.example. TXT has no RRSIG"));
	free(h);
	dd_zone_check_free(res);
	assert_int_equal(dd_report_zone_html(stdout, NULL, NULL), DD_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(structure),
		cmocka_unit_test(hostile_owner),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
