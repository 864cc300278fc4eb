/* SPDX-License-Identifier: MIT
 * test_monitor.c - the monitor without a network: the zone-list format (good and bad lines,
 * line numbers), shards (a partition, balanced), dd_mon_assess() on stored testbed evidence
 * (secure, bogus, insecure, thresholds, a zone the walk did not reach), the shared verdict memo
 * (same analysis with and without it, verdicts reused), and the SQLite state (events between
 * records: keys added and removed, CDS appearing, serial skew, state and alerts). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "helpers.h"
#include "dd/monitor.h"
#include "dd/monstate.h"
#include "dd/report.h"

static void test_list(void **state)
{
	(void)state;
	dd_mon_list_t l = { 0 };
	char err[512];
	const char *text = "# zones\n\nexample.com www/A @/MX mail.example.com./AAAA  # comment\n"
	                   "Example.ORG\n"
	                   "example.com. ftp/TXT\r\n";
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_int_equal(dd_mon_list_read(&l, f, "zones.txt", err, sizeof(err)), DD_OK);
	fclose(f);
	assert_int_equal(l.n, 2);  /* example.com listed twice: kept once, items merged */
	char name[256];
	dd_name_to_str(l.zones[0].name, name, sizeof(name));
	assert_string_equal(name, "example.com.");
	dd_name_to_str(l.zones[1].name, name, sizeof(name));
	assert_string_equal(name, "example.org.");  /* lower-cased */
	assert_int_equal(l.zones[0].nextra, 4);
	dd_name_to_str(l.zones[0].extra[0].name, name, sizeof(name));
	assert_string_equal(name, "www.example.com.");
	assert_int_equal(l.zones[0].extra[0].type, DD_TYPE_A);
	dd_name_to_str(l.zones[0].extra[1].name, name, sizeof(name));
	assert_string_equal(name, "example.com.");
	assert_int_equal(l.zones[0].extra[1].type, 15);
	assert_int_equal(l.zones[0].extra[3].type, DD_TYPE_TXT);

	static const struct { const char *line, *why; } bad[] = {
		{ "exa..mple.com", "not a domain name" },
		{ "example.com www", "expected NAME/TYPE" },
		{ "example.com www/NOPE", "unknown type" },
		{ "example.com other.net./A", "not in zone" },
		{ "example.com /A", "expected NAME/TYPE" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(dd_mon_list_add(&l, bad[i].line, err, sizeof(err)), DD_EPARSE);
		assert_non_null(strstr(err, bad[i].why));
	}
	const char *text2 = "ok.example\n\nbad..example\n";
	f = fmemopen((void *)text2, strlen(text2), "r");
	assert_int_equal(dd_mon_list_read(&l, f, "z2", err, sizeof(err)), DD_EPARSE);
	fclose(f);
	assert_non_null(strstr(err, "z2:3:"));
	dd_mon_list_free(&l);
}

/* Issue 22 item 7: linear parsing (100,000 zones took 57 s when each line searched the list),
 * identical items kept once with their lines counted, a NUL octet an error naming its line. */
static void test_list_bounds(void **state)
{
	(void)state;
	enum { NZONES = 100000, COPIES = 1000 };
	char *text = NULL;
	size_t len = 0;
	FILE *w = open_memstream(&text, &len);
	assert_non_null(w);
	for (int i = 0; i < NZONES; i++) {
		fprintf(w, "zone%d.example. www/A\n", i);
	}
	for (int i = 0; i < COPIES; i++) {
		fprintf(w, "zone7.example. www/A\n");
	}
	fclose(w);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dd_mon_list_t l = { 0 };
	char err[512];
	FILE *f = fmemopen(text, len, "r");
	assert_int_equal(dd_mon_list_read(&l, f, "big", err, sizeof(err)), DD_OK);
	fclose(f);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("%d zones and %d copies of one item parsed in %.3f s\n", NZONES, COPIES, secs);
	assert_true(secs < 2.0);
	assert_int_equal(l.n, NZONES);
	assert_int_equal(l.zones[7].nextra, 1);
	assert_int_equal(l.ndup, COPIES);
	assert_int_equal(l.dup_lines[0], NZONES + 1);
	assert_int_equal(l.dup_lines[DD_MON_DUP_LINES - 1], NZONES + DD_MON_DUP_LINES);
	dd_mon_list_free(&l);
	free(text);

	/* duplicates within a line, across lines, in any case, and a zone alone again */
	const char *dup = "example.com www/A\nEXAMPLE.com. www/A WWW/a mx/MX\nexample.com\n"
	                  "example.org\n";
	f = fmemopen((void *)dup, strlen(dup), "r");
	assert_int_equal(dd_mon_list_read(&l, f, "dup", err, sizeof(err)), DD_OK);
	fclose(f);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.zones[0].nextra, 2);  /* www/A, mx/MX */
	assert_int_equal(l.ndup, 3);
	assert_int_equal(l.dup_lines[0], 2);
	assert_int_equal(l.dup_lines[1], 2);
	assert_int_equal(l.dup_lines[2], 3);
	assert_int_equal(dd_mon_list_add(&l, "example.org", err, sizeof(err)), DD_OK);
	assert_int_equal(l.ndup, 4);
	assert_int_equal(l.dup_lines[3], 0);  /* an argument */
	assert_int_equal(dd_mon_list_add(&l, "example.org @/SOA", err, sizeof(err)), DD_OK);
	assert_int_equal(l.ndup, 4);
	assert_int_equal(l.zones[1].nextra, 1);
	dd_mon_list_free(&l);

	/* a NUL octet: the line is named, nothing after it is taken silently */
	static const char nul[] = "ok.example\nfoo.example\0 bar/A\nlater.example\n";
	f = fmemopen((void *)nul, sizeof(nul) - 1, "r");
	assert_int_equal(dd_mon_list_read(&l, f, "nul", err, sizeof(err)), DD_EPARSE);
	fclose(f);
	assert_string_equal(err, "nul:2: NUL octet in the line");
	dd_mon_list_free(&l);
	/* the last line without a newline still counts; an over-long line is named */
	static const char last[] = "a.example\nb.example";
	f = fmemopen((void *)last, sizeof(last) - 1, "r");
	assert_int_equal(dd_mon_list_read(&l, f, "last", err, sizeof(err)), DD_OK);
	fclose(f);
	assert_int_equal(l.n, 2);
	dd_mon_list_free(&l);
	char *longl = malloc(5000);
	assert_non_null(longl);
	memset(longl, 'a', 4999);
	longl[4999] = '\n';
	f = fmemopen(longl, 5000, "r");
	assert_int_equal(dd_mon_list_read(&l, f, "long", err, sizeof(err)), DD_EPARSE);
	fclose(f);
	assert_non_null(strstr(err, "long:1: line longer than"));
	free(longl);
	dd_mon_list_free(&l);
}

static void test_shards(void **state)
{
	(void)state;
	unsigned per[4] = { 0 };
	for (int i = 0; i < 1000; i++) {
		char text[64];
		uint8_t name[DD_NAME_MAXLEN], upper[DD_NAME_MAXLEN];
		snprintf(text, sizeof(text), "zone%d.example.", i);
		dd_name_from_str(text, name);
		snprintf(text, sizeof(text), "ZONE%d.Example.", i);
		dd_name_from_str(text, upper);
		int in = 0;
		for (unsigned s = 0; s < 4; s++) {
			if (dd_mon_in_shard(name, s, 4)) {
				in++;
				per[s]++;
				assert_true(dd_mon_in_shard(upper, s, 4));  /* case does not move a zone */
			}
		}
		assert_int_equal(in, 1);
		assert_true(dd_mon_in_shard(name, 0, 1));
	}
	for (unsigned s = 0; s < 4; s++) {
		assert_in_range(per[s], 180, 320);
	}
}

static dd_mon_result_t *assess(const char *file, const char *zone, int64_t warn, int64_t crit,
                               dd_verify_memo_t *memo)
{
	dd_evidence_t *ev = load_evidence(file);
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze_shared(ev, ev->started_ms / 1000, NULL, memo, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	dd_mon_zone_t z = { 0 };
	dd_name_from_str(zone, z.name);
	dd_mon_thresholds_t th = { .warn = warn, .crit = crit };
	dd_mon_result_t *r = NULL;
	assert_int_equal(dd_mon_assess(&z, ev, an, dg, &th, &r), DD_OK);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
	return r;
}

/* As assess(), evaluated @p shift seconds after the evidence was gathered. */
static dd_mon_result_t *assess_at(const char *file, const char *line, const dd_mon_thresholds_t *th,
                                  int64_t shift)
{
	dd_mon_list_t l = { 0 };
	char err[256];
	assert_int_equal(dd_mon_list_add(&l, line, err, sizeof(err)), DD_OK);
	dd_evidence_t *ev = load_evidence(file);
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze_shared(ev, ev->started_ms / 1000 + (shift < 0 ? 0 : shift), NULL,
	                                   NULL, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	dd_mon_result_t *r = NULL;
	/* shift < 0: without the diagnosis (no root causes), as the monitor of a zone whose
	 * analysis target is its SOA sees a watched item */
	assert_int_equal(dd_mon_assess(&l.zones[0], ev, an, shift < 0 ? NULL : dg, th, &r), DD_OK);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
	dd_mon_list_free(&l);
	return r;
}

static bool has_alert(const dd_mon_result_t *r, const char *key)
{
	for (size_t i = 0; i < r->nalerts; i++) {
		if (strcmp(r->alerts[i], key) == 0) {
			return true;
		}
	}
	return false;
}

/* RFC 8078 delete records: the monitor's CDS state comes from the validation core's one
 * predicate (dd__cds_is_delete), not from the record's text (audit of issue 14). */
static void test_cds_delete_state(void **state)
{
	(void)state;
	dd_mon_result_t *r = assess("violet.example.json", "violet.example.", 7 * 86400, 3 * 86400,
	                            NULL);
	assert_string_equal(r->cds_state, "delete");
	dd_mon_result_free(r);
	r = assess("alpha.lab.json", "alpha.lab.", 7 * 86400, 3 * 86400, NULL);
	assert_string_equal(r->cds_state, "none");
	dd_mon_result_free(r);
}

static void test_assess(void **state)
{
	(void)state;
	dd_mon_result_t *r = assess("alpha.lab.json", "alpha.lab.", 7 * 86400, 3 * 86400, NULL);
	assert_int_equal(r->state, DD_MON_OK);
	assert_int_equal(r->status, DD_STATUS_SECURE);
	assert_true(r->reached && r->serials_agree);
	assert_string_equal(r->ds_state, "match");
	assert_string_equal(r->cds_state, "none");
	assert_int_equal(r->nservers, 2);
	assert_true(r->earliest > r->at + 7 * 86400);
	bool soa = false, dnskey = false, nsec3 = false;
	for (size_t i = 0; i < r->servers[0].nrrsets; i++) {
		soa = soa || r->servers[0].rrsets[i].type == DD_TYPE_SOA;
		dnskey = dnskey || r->servers[0].rrsets[i].type == DD_TYPE_DNSKEY;
		nsec3 = nsec3 || r->servers[0].rrsets[i].type == DD_TYPE_NSEC3;
	}
	assert_true(soa && dnskey && nsec3);
	assert_true(r->ndnskeys >= 2 && r->nds_records == 1);
	int64_t left = r->earliest - r->at;
	dd_mon_result_free(r);

	/* the same zone against thresholds around its earliest expiry */
	r = assess("alpha.lab.json", "alpha.lab.", left + 60, 60, NULL);
	assert_int_equal(r->state, DD_MON_WARNING);
	assert_true(has_alert(r, "RRSIG_EXPIRY"));
	dd_mon_result_free(r);
	r = assess("alpha.lab.json", "alpha.lab.", left + 120, left + 60, NULL);
	assert_int_equal(r->state, DD_MON_CRITICAL);
	dd_mon_result_free(r);

	r = assess("juliet.example.json", "juliet.example.", 7 * 86400, 3 * 86400, NULL);
	assert_int_equal(r->state, DD_MON_CRITICAL);
	assert_int_equal(r->status, DD_STATUS_BOGUS);
	assert_string_equal(r->ds_state, "mismatch");
	assert_true(has_alert(r, "DS_DIGEST_MISMATCH"));
	assert_non_null(strstr(r->summary, "DS_DIGEST_MISMATCH"));
	char *json = dd_mon_result_json(r, NULL, 0);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"state\":\"CRITICAL\""));
	assert_null(strchr(json, '\n'));
	free(json);
	dd_mon_result_free(r);

	r = assess("echo.example.json", "echo.example.", 7 * 86400, 3 * 86400, NULL);
	assert_int_equal(r->state, DD_MON_OK);
	assert_int_equal(r->status, DD_STATUS_INSECURE);
	assert_string_equal(r->ds_state, "none");
	assert_int_equal(r->earliest, 0);
	dd_mon_result_free(r);

	/* a zone below the evidence's deepest zone: its parent answered, no cut */
	r = assess("juliet.example.json", "nothere.juliet.example.", 7 * 86400, 3 * 86400, NULL);
	assert_int_equal(r->state, DD_MON_CRITICAL);
	assert_true(has_alert(r, "NOT_DELEGATED"));
	dd_mon_result_free(r);
}

/* The guidelines' table ("Threshold and ranges"), read by this test's own reading of it: the
 * alert is raised outside START..END (ends included), inside with '@'; "~" is minus infinity,
 * an empty END infinity, an empty START 0. */
static bool guideline_alerts(const char *range, double v)
{
	bool inside = range[0] == '@';
	const char *p = range + inside;
	const char *colon = strchr(p, ':');
	double lo = 0, hi = 1e300;
	if (colon == NULL) {
		hi = strtod(p, NULL);
	} else {
		lo = p[0] == '~' ? -1e300 : colon == p ? 0 : strtod(p, NULL);
		hi = colon[1] == '\0' ? 1e300 : strtod(colon + 1, NULL);
	}
	bool in = v >= lo && v <= hi;
	return inside ? in : !in;
}

static void test_range(void **state)
{
	(void)state;
	static const struct {
		const char *text, *canon;
		int64_t below, lo_edge, mid, hi_edge, above;  /* values tried */
	} ok[] = {
		{ "10:", "10:", -5, 10, 11, 1000, 100000 },
		{ "~:10", "~:10", -1000, -1, 5, 10, 11 },
		{ "10:20", "10:20", 9, 10, 15, 20, 21 },
		{ "@10:20", "@10:20", 9, 10, 15, 20, 21 },
		{ ":20", "0:20", -1, 0, 10, 20, 21 },
		{ "1d:30d", "86400:2592000", 86399, 86400, 100000, 2592000, 2592001 },
		{ "-60:1h", "-60:3600", -61, -60, 0, 3600, 3601 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		dd_mon_range_t r;
		assert_int_equal(dd_mon_range_parse(ok[i].text, &r), DD_OK);
		char t[48];
		dd_mon_range_text(&r, t, sizeof(t));
		assert_string_equal(t, ok[i].canon);
		const int64_t vs[] = { ok[i].below, ok[i].lo_edge, ok[i].mid, ok[i].hi_edge, ok[i].above };
		for (size_t k = 0; k < 5; k++) {
			assert_int_equal(dd_mon_range_alerts(&r, vs[k]), guideline_alerts(t, (double)vs[k]));
		}
	}
	/* the guidelines' examples, by hand */
	dd_mon_range_t r;
	assert_int_equal(dd_mon_range_parse("10:", &r), DD_OK);
	assert_true(dd_mon_range_alerts(&r, 9) && !dd_mon_range_alerts(&r, 10));
	assert_int_equal(dd_mon_range_parse("@10:20", &r), DD_OK);
	assert_true(dd_mon_range_alerts(&r, 10) && dd_mon_range_alerts(&r, 20) &&
	            !dd_mon_range_alerts(&r, 21) && !dd_mon_range_alerts(&r, 9));
	assert_int_equal(dd_mon_range_parse("~:10", &r), DD_OK);
	assert_true(dd_mon_range_alerts(&r, 11) && !dd_mon_range_alerts(&r, -100000));
	/* the one exception: a lone value alerts within it, as "7d:" */
	assert_int_equal(dd_mon_range_parse("7d", &r), DD_OK);
	char t[48];
	dd_mon_range_text(&r, t, sizeof(t));
	assert_string_equal(t, "604800:");
	assert_true(dd_mon_range_alerts(&r, 3600) && !dd_mon_range_alerts(&r, 8 * 86400));
	assert_int_equal(dd_mon_range_parse("10", &r), DD_OK);
	assert_true(dd_mon_range_alerts(&r, 9) && !dd_mon_range_alerts(&r, 11));
	static const char *bad[] = { "", "@", "20:10", "1:2:3", "x", "10x", "~", "@10", "1d5",
	                             "~5:", "10:~", "::", "9999999999999w" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(dd_mon_range_parse(bad[i], &r), DD_EPARSE);
	}
	assert_false(dd_mon_range_alerts(&(dd_mon_range_t){ 0 }, 0));  /* not set: never */
}

/* An expired watched signature: CRITICAL whatever the thresholds, "expired N ago", naming the
 * RRset and the server; the Nagios line's perfdata read by the guidelines agrees. */
static void test_expired(void **state)
{
	(void)state;
	dd_mon_thresholds_t th = { .warn = 7 * 86400, .crit = 3 * 86400 };
	dd_mon_result_t *r = assess_at("alpha.lab.json", "alpha.lab.", &th, 0);
	int64_t left = r->earliest - r->at;
	dd_mon_result_free(r);
	assert_true(left > 86400);

	/* issue 20: the watched www.hotel.example./A has an expired signature; thresholds that
	 * never alert, and still CRITICAL, naming the RRset, the server and the state */
	th.warn_range = (dd_mon_range_t){ .start_inf = true, .end_inf = true, .set = true };
	th.crit_range = th.warn_range;
	r = assess_at("hotel.example.json", "hotel.example. www.hotel.example./A", &th, -1);
	assert_int_equal(r->state, DD_MON_CRITICAL);
	assert_true(r->earliest <= r->at);
	assert_true(has_alert(r, "RRSIG_EXPIRY"));
	if (strstr(r->summary, "the signature of www.hotel.example./A served by ") == NULL) {
		print_message("%s\n", r->summary);
	}
	assert_null(strstr(r->summary, "already"));
	assert_null(strstr(r->summary, "expires in"));
	assert_non_null(strstr(r->summary, "the signature of www.hotel.example./A served by "));
	assert_non_null(strstr(r->summary, " ago, at "));
	assert_non_null(strstr(r->summary, " expired "));
	dd_mon_result_free(r);

	/* still valid: -c 1d:30d alerts outside, -w as given */
	assert_int_equal(dd_mon_range_parse("~:1s", &th.warn_range), DD_OK);
	assert_int_equal(dd_mon_range_parse("@0:2d", &th.crit_range), DD_OK);
	r = assess_at("alpha.lab.json", "alpha.lab.", &th, left - 3600);
	assert_int_equal(r->state, DD_MON_CRITICAL);
	assert_non_null(strstr(r->summary, "expires in 60 minutes"));
	assert_non_null(strstr(r->summary, "(critical: inside range @0:172800 s)"));

	/* the Nagios line: one service line with seconds and the ranges; the guidelines' reading
	 * of the perfdata gives the state printed */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	dd_mon_state_t st = DD_MON_OK;
	assert_int_equal(dd_report_mon_nagios(f, &r, 1, NULL, &th, &st), DD_OK);
	fclose(f);
	assert_int_equal(st, DD_MON_CRITICAL);
	assert_true(strncmp(buf, "DNSSEC CRITICAL - alpha.lab. the signature of ", 46) == 0);
	const char *perf = strstr(buf, " | 'alpha.lab._expiry'=");
	assert_non_null(perf);
	long long v = 0;
	char w[32] = "", c[32] = "";
	assert_int_equal(sscanf(perf, " | 'alpha.lab._expiry'=%llds;%31[^;];%31[^ ]", &v, w, c), 3);
	assert_int_equal(v, 3600);
	assert_string_equal(w, "~:1");
	assert_string_equal(c, "@0:172800");
	assert_true(guideline_alerts(c, (double)v));
	assert_true(guideline_alerts(w, (double)v));
	free(buf);

	/* stopped before the end: UNKNOWN first, the results after */
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(dd_report_mon_nagios(f, &r, 1, "timed out after 5 s: 1 of 3 zones checked",
	                                      &th, &st), DD_OK);
	fclose(f);
	assert_int_equal(st, DD_MON_UNKNOWN);
	assert_true(strncmp(buf, "DNSSEC UNKNOWN - timed out after 5 s: 1 of 3 zones checked; "
	                    "alpha.lab. ", 71) == 0);
	free(buf);

	/* Prometheus: the absolute expiry beside the seconds left */
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(dd_report_mon_prometheus(f, &r, 1, NULL), DD_OK);
	fclose(f);
	char want[160];
	snprintf(want, sizeof(want),
	         "\ndnssec_doctor_zone_signature_expiry_timestamp_seconds{zone=\"alpha.lab.\"} %lld\n",
	         (long long)r->earliest);
	assert_non_null(strstr(buf, want));
	assert_non_null(strstr(buf, "# TYPE dnssec_doctor_zone_signature_expiry_timestamp_seconds gauge\n"));
	assert_non_null(strstr(buf, "# HELP dnssec_doctor_server_signature_expiry_timestamp_seconds "));
	free(buf);
	dd_mon_result_free(r);
}

static void test_memo(void **state)
{
	(void)state;
	dd_verify_memo_t *memo = NULL;
	assert_int_equal(dd_verify_memo_new(1000, &memo), DD_OK);
	dd_evidence_t *ev = load_evidence("coral.example.json");
	int64_t at = ev->started_ms / 1000;
	dd_analysis_t *plain = NULL, *a1 = NULL, *a2 = NULL;
	assert_int_equal(dd_analyze(ev, at, &plain), DD_OK);
	assert_int_equal(dd_analyze_shared(ev, at, NULL, memo, &a1), DD_OK);
	size_t hits1 = 0, miss1 = 0, hits2 = 0, miss2 = 0;
	dd_verify_memo_stats(memo, &hits1, &miss1);
	assert_int_equal(dd_analyze_shared(ev, at, NULL, memo, &a2), DD_OK);
	dd_verify_memo_stats(memo, &hits2, &miss2);
	assert_true(miss1 > 0);
	assert_int_equal(miss2, miss1);            /* nothing computed the second time */
	assert_int_equal(hits2 - hits1, plain->verifications);
	for (dd_analysis_t *a = a1; a != NULL; a = a == a1 ? a2 : NULL) {
		assert_int_equal(a->target_status, plain->target_status);
		assert_int_equal(a->nfindings, plain->nfindings);
		assert_int_equal(a->verifications, plain->verifications);
		for (size_t i = 0; i < plain->nfindings; i++) {
			assert_string_equal(a->findings[i].code, plain->findings[i].code);
		}
	}
	/* a memo too small to keep anything still gives the same verdicts */
	dd_verify_memo_t *tiny = NULL;
	assert_int_equal(dd_verify_memo_new(1, &tiny), DD_OK);
	dd_analysis_t *a3 = NULL;
	assert_int_equal(dd_analyze_shared(ev, at, NULL, tiny, &a3), DD_OK);
	assert_int_equal(a3->nfindings, plain->nfindings);
	dd_verify_memo_t *none = NULL;
	assert_int_equal(dd_verify_memo_new(0, &none), DD_EINVAL);
	dd_analysis_free(a3);
	dd_verify_memo_free(tiny);
	dd_analysis_free(plain);
	dd_analysis_free(a1);
	dd_analysis_free(a2);
	dd_evidence_free(ev);
	dd_verify_memo_free(memo);
}

static bool has_event(const dd_mon_event_t *ev, size_t n, const char *kind)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ev[i].kind, kind) == 0) {
			return true;
		}
	}
	return false;
}

static void record(dd_mon_db_t *db, dd_mon_result_t *r, dd_mon_event_t **ev, size_t *n)
{
	free(*ev);
	*ev = NULL;
	assert_int_equal(dd_mon_db_record(db, 1, r, "{}", ev, n), DD_OK);
}

static void test_state(void **state)
{
	(void)state;
	char path[] = "/tmp/dd-monitor-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	char err[512];
	dd_mon_db_t *db = NULL;
	assert_int_equal(dd_mon_db_open(path, &db, err, sizeof(err)), DD_OK);
	int64_t run = 0;
	assert_int_equal(dd_mon_db_run_begin(db, 1000, "0/1", &run), DD_OK);
	dd_mon_result_t *r = assess("alpha.lab.json", "alpha.lab.", 7 * 86400, 3 * 86400, NULL);
	dd_mon_event_t *ev = NULL;
	size_t n = 0;
	record(db, r, &ev, &n);
	assert_int_equal(n, 0);  /* first sight: no events */
	record(db, r, &ev, &n);
	assert_int_equal(n, 0);  /* nothing changed */

	/* a key added (pre-published ZSK), then the old one removed */
	dd_mon_record_t *k = realloc(r->dnskeys, (r->ndnskeys + 1) * sizeof(*k));
	assert_non_null(k);
	r->dnskeys = k;
	snprintf(k[r->ndnskeys].text, sizeof(k[0].text), "256 3 13 AAAAnewkey==");
	k[r->ndnskeys++].key_tag = 4242;
	record(db, r, &ev, &n);
	assert_int_equal(n, 2);
	assert_string_equal(ev[0].kind, "DNSKEY_ADDED");
	assert_non_null(strstr(ev[0].detail, "4242"));
	/* a ZSK beside the one that signs, first seen at the same check time as it (this test's
	 * clock stands still): rollover tracking cannot tell pre-published from retired */
	assert_string_equal(ev[1].kind, "ROLLOVER_PHASE");
	assert_non_null(strstr(ev[1].detail, "none -> zsk-standby: ZSK roll: ZSK 4242 published beside "
	                                     "ZSK "));
	assert_int_equal(r->rollover.phase, DD_MON_ROLL_ZSK_STANDBY);
	assert_int_equal(r->rollover.new_tag, 4242);
	assert_true(r->rollover.next_at > r->at);
	char old[1024];
	snprintf(old, sizeof(old), "%s", k[0].text);
	memmove(k, k + 1, (r->ndnskeys - 1) * sizeof(*k));
	r->ndnskeys--;
	record(db, r, &ev, &n);
	assert_int_equal(n, 2);
	assert_string_equal(ev[0].kind, "DNSKEY_REMOVED");
	assert_string_equal(ev[0].detail, old);
	assert_string_equal(ev[1].kind, "ROLLOVER_PHASE");
	assert_string_equal(ev[1].detail, "zsk-standby -> none: no rollover under way");

	/* CDS appearing, serial skew starting: the state changes and alerts are raised */
	dd_mon_record_t *c = calloc(1, sizeof(*c));
	assert_non_null(c);
	snprintf(c->text, sizeof(c->text), "%s", r->ds[0].text);
	r->cds = c;
	r->ncds = 1;
	r->serials_agree = false;
	r->serial_max = r->serial_min + 1;
	r->state = DD_MON_WARNING;
	snprintf(r->alerts[r->nalerts++], sizeof(r->alerts[0]), "SERIAL_SKEW");
	record(db, r, &ev, &n);
	assert_true(has_event(ev, n, "CDS_APPEARED"));
	assert_false(has_event(ev, n, "CDS_ADDED"));
	assert_true(has_event(ev, n, "SERIAL_SKEW_STARTED"));
	assert_true(has_event(ev, n, "STATE_CHANGED"));
	assert_true(has_event(ev, n, "ALERT_RAISED"));
	assert_int_equal(n, 4);

	/* back to agreement: the skew ends and the alert clears */
	r->serials_agree = true;
	r->serial_max = r->serial_min;
	r->state = DD_MON_OK;
	r->nalerts--;
	record(db, r, &ev, &n);
	assert_true(has_event(ev, n, "SERIAL_SKEW_ENDED"));
	assert_true(has_event(ev, n, "ALERT_CLEARED"));

	/* an outage (no server answered) is not reported as keys removed */
	r->reached = false;
	record(db, r, &ev, &n);
	assert_false(has_event(ev, n, "DNSKEY_REMOVED"));
	assert_int_equal(dd_mon_db_run_end(db, run, 2000, 1), DD_OK);
	free(ev);
	dd_mon_result_free(r);
	dd_mon_db_close(db);

	/* reopening works; a file that is not ours is refused */
	assert_int_equal(dd_mon_db_open(path, &db, err, sizeof(err)), DD_OK);
	dd_mon_db_close(db);
	FILE *f = fopen(path, "w");
	fputs("not a database", f);
	fclose(f);
	assert_int_equal(dd_mon_db_open(path, &db, err, sizeof(err)), DD_EIO);
	unlink(path);
	char wal[64];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
}

/* Issue 22 item 8: a database that is not ours is refused before anything is written. */
static void read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	*data = NULL;
	*len = 0;
	FILE *w = open_memstream(data, len);
	int c;
	while ((c = getc(f)) != EOF) {
		putc(c, w);
	}
	fclose(w);
	fclose(f);
}

static bool exists(const char *path, const char *suffix)
{
	char p[128];
	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return access(p, F_OK) == 0;
}

static void remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
}

static void sql(const char *path, const char *text)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int64_t sql_int(const char *path, const char *query)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, query, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void test_state_foreign(void **state)
{
	(void)state;
	char path[] = "/tmp/dd-monitor-foreign-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char err[512];
	dd_mon_db_t *db = NULL;

	static const struct { const char *schema, *why; } foreign[] = {
		/* another program's zones table: every zone would fail, so refuse it by name */
		{ "CREATE TABLE zones(id INTEGER PRIMARY KEY, origin TEXT, ttl INTEGER);"
		  "INSERT INTO zones(origin) VALUES('example.com.');",
		  "it has a 'zones' table of its own; tables: zones)" },
		{ "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES('mine');", "tables: notes)" },
		{ "PRAGMA application_id=1234; CREATE TABLE meta(key TEXT, value TEXT);",
		  "application_id 0x000004d2" },
		/* a meta table, but not ours */
		{ "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
		  "INSERT INTO meta VALUES('application', 'someone else');", "tables: meta)" },
		{ "PRAGMA user_version=7;", "user_version set" },
	};
	for (size_t i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++) {
		remove_db(path);
		sql(path, foreign[i].schema);
		char *before, *after;
		size_t nbefore, nafter;
		read_file(path, &before, &nbefore);
		err[0] = '\0';
		assert_int_equal(dd_mon_db_open(path, &db, err, sizeof(err)), DD_EIO);
		assert_null(db);
		assert_non_null(strstr(err, "not a dnssec-doctor monitor database"));
		assert_non_null(strstr(err, foreign[i].why));
		assert_non_null(strstr(err, "nothing was changed"));
		read_file(path, &after, &nafter);
		/* not one octet changed: no table, no meta row, no journal mode, no id */
		assert_int_equal(nbefore, nafter);
		assert_memory_equal(before, after, nbefore);
		assert_false(exists(path, "-wal"));
		assert_false(exists(path, "-journal"));
		free(before);
		free(after);
	}

	/* a missing file, an empty file and an empty database are made ours, with our id */
	for (int kind = 0; kind < 3; kind++) {
		remove_db(path);
		if (kind == 1) {
			fclose(fopen(path, "w"));
		} else if (kind == 2) {
			sql(path, "VACUUM;");
		}
		assert_int_equal(dd_mon_db_open(path, &db, err, sizeof(err)), DD_OK);
		dd_mon_db_close(db);
		db = NULL;
		assert_int_equal(sql_int(path, "PRAGMA application_id"), 0x44446d6e);
		assert_int_equal(sql_int(path, "PRAGMA user_version"), 1);
	}

	/* ours from before the id was set: recognised by its meta table, then given the id */
	remove_db(path);
	sql(path, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	          "INSERT INTO meta VALUES('schema', '1');"
	          "INSERT INTO meta VALUES('application', 'dnssec-doctor monitor');"
	          "CREATE TABLE zones(zone TEXT PRIMARY KEY, run INTEGER, checked INTEGER,"
	          " state TEXT, status TEXT, summary TEXT, earliest INTEGER, serial_min INTEGER,"
	          " serial_max INTEGER, serials_agree INTEGER, ds_state TEXT, cds_state TEXT,"
	          " result TEXT);");
	assert_int_equal(sql_int(path, "PRAGMA application_id"), 0);
	assert_int_equal(dd_mon_db_open(path, &db, err, sizeof(err)), DD_OK);
	dd_mon_db_close(db);
	db = NULL;
	assert_int_equal(sql_int(path, "PRAGMA application_id"), 0x44446d6e);
	/* ours, but from a newer version */
	sql(path, "PRAGMA user_version=9;");
	assert_int_equal(dd_mon_db_open(path, &db, err, sizeof(err)), DD_EIO);
	assert_non_null(strstr(err, "newer dnssec-doctor"));
	remove_db(path);
}

/* Issue 22 item 10: runs and events are kept for --keep, not forever. */
static void test_state_keep(void **state)
{
	(void)state;
	char path[] = "/tmp/dd-monitor-keep-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char err[512];
	dd_mon_db_t *db = NULL;
	assert_int_equal(dd_mon_db_open(path, &db, err, sizeof(err)), DD_OK);
	dd_mon_result_t *r = assess("alpha.lab.json", "alpha.lab.", 7 * 86400, 3 * 86400, NULL);
	dd_mon_event_t *ev = NULL;
	size_t n = 0;
	/* 200 runs, a day apart, each making events (the state flips) */
	const int64_t day = 86400, t0 = 1700000000;
	for (int i = 0; i < 200; i++) {
		int64_t run = 0;
		assert_int_equal(dd_mon_db_run_begin(db, t0 + i * day, NULL, &run), DD_OK);
		r->at = t0 + i * day;
		r->state = i % 2 ? DD_MON_WARNING : DD_MON_OK;
		free(ev);
		ev = NULL;
		assert_int_equal(dd_mon_db_record(db, run, r, "{}", &ev, &n), DD_OK);
		assert_int_equal(dd_mon_db_run_end(db, run, t0 + i * day + 10, 1), DD_OK);
		assert_int_equal(dd_mon_db_prune(db, t0 + i * day + 10 - 90 * day, NULL), DD_OK);
	}
	free(ev);
	dd_mon_result_free(r);
	dd_mon_db_close(db);
	/* 90 days kept at the last prune (run 199 + 10 s - 90 days): runs 110..199, their events */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM runs"), 90);
	assert_int_equal(sql_int(path, "SELECT min(started) FROM runs"), t0 + 110 * day);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM events"), 90);
	assert_int_equal(sql_int(path, "SELECT min(at) FROM events"), t0 + 110 * day);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM zones"), 1);  /* the last result stays */
	remove_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_bounds),
		cmocka_unit_test(test_shards),
		cmocka_unit_test(test_assess),
		cmocka_unit_test(test_cds_delete_state),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_expired),
		cmocka_unit_test(test_memo),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_state_foreign),
		cmocka_unit_test(test_state_keep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
