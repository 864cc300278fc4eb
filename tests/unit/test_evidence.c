/* SPDX-License-Identifier: MIT
 * test_evidence.c - the evidence file (evidence/evidence_json.c): resolver views saved with it and the
 * views rebuilt from it (probe/views.c, no I/O) into the same causes and reports; evidence from
 * before views were recorded; the JSON round trip; the probe's notes and flags saved and read
 * back into the same findings; malformed zone trees, views and notes refused. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#include <dd/report.h>

/* The resolver views of tests/unit/data/evidence/hotel.example.views.json: libunbound, the
 * testbed's validating (127.0.5.1) and non-validating (127.0.5.2) Unbound, and an address
 * where nothing answers (127.0.5.9), for www.hotel.example/A (an expired RRSIG) and
 * doesnotexist.hotel.example/A. */
static const dd_view_t *find(const dd_views_t *vs, const char *source, const char *name, bool cd)
{
	for (size_t i = 0; i < vs->n; i++) {
		if (strcmp(vs->v[i].source, source) == 0 && vs->v[i].cd == cd &&
		    dd_name_equal(vs->v[i].name, N(name))) {
			return &vs->v[i];
		}
	}
	fail_msg("no view %s %s cd=%d", source, name, cd);
	return NULL;
}

static void test_views_loaded(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("hotel.example.views.json");
	assert_true(ev->views_recorded);
	assert_int_equal(ev->nviews, 16);
	assert_true(ev->duration_ms > 0);
	/* as received: libunbound's verdict and text, the resolvers' exchanges */
	const dd_view_ev_t *q = &ev->views[0];
	assert_int_equal(q->kind, DD_VIEW_LIBUNBOUND);
	assert_string_equal(q->source, "libunbound");
	assert_false(q->cd);
	assert_true(q->asked);
	assert_int_equal(q->ub_err, 0);
	assert_true(q->ub_bogus);
	assert_false(q->ub_secure);
	assert_non_null(strstr(q->note, "signature expired"));
	assert_non_null(q->wire);
	assert_int_equal(q->rtt_ms, -1);
	size_t resolvers = 0, unreachable = 0;
	for (size_t i = 0; i < ev->nviews; i++) {
		q = &ev->views[i];
		if (q->kind != DD_VIEW_RESOLVER) {
			continue;
		}
		resolvers++;
		assert_true(q->asked);
		assert_true(q->sent_ms > 0 && q->rtt_ms >= 0);
		if (strcmp(q->source, "127.0.5.9") == 0) {
			assert_int_equal(q->error, DD_QERR_UNREACHABLE);
			assert_null(q->wire);
			unreachable++;
		} else {
			assert_int_equal(q->error, DD_QERR_NONE);
			assert_non_null(q->wire);
		}
	}
	assert_int_equal(resolvers, 12);
	assert_int_equal(unreachable, 4);

	/* the views made from it */
	dd_views_t *vs = NULL;
	assert_int_equal(dd_views_from_evidence(ev, &vs), DD_OK);
	assert_true(vs->recorded);
	assert_int_equal(vs->n, 16);
	const dd_view_t *v = find(vs, "libunbound", "www.hotel.example.", false);
	assert_true(v->answered);
	assert_int_equal(v->status, DD_STATUS_BOGUS);
	assert_int_equal(v->rcode, DD_RCODE_SERVFAIL);
	assert_non_null(strstr(v->why, "signature expired"));
	v = find(vs, "libunbound", "www.hotel.example.", true);
	assert_int_equal(v->status, DD_STATUS_INSECURE);
	assert_string_equal(v->data, "192.0.2.190");
	v = find(vs, "libunbound", "doesnotexist.hotel.example.", false);
	assert_int_equal(v->status, DD_STATUS_SECURE);
	assert_int_equal(v->rcode, DD_RCODE_NXDOMAIN);
	v = find(vs, "127.0.5.1", "www.hotel.example.", false);
	assert_int_equal(v->status, DD_STATUS_BOGUS);
	assert_int_equal(v->ede, 7);  /* Signature Expired, from the wire */
	v = find(vs, "127.0.5.1", "doesnotexist.hotel.example.", false);
	assert_true(v->ad);
	v = find(vs, "127.0.5.2", "www.hotel.example.", false);
	assert_int_equal(v->status, DD_STATUS_INSECURE);
	assert_false(v->ad);
	assert_string_equal(v->data, "192.0.2.190");
	v = find(vs, "127.0.5.9", "www.hotel.example.", true);
	assert_false(v->answered);
	assert_string_equal(v->why, "no answer (unreachable)");

	/* and what the diagnosis makes of them: the non-validating resolver is a cause */
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(dd_diagnose_views(dg, an, vs), DD_OK);
	bool not_validating = false;
	for (size_t i = 0; i < dg->ncauses; i++) {
		not_validating = not_validating || !strcmp(dg->causes[i].code, "RESOLVER_NOT_VALIDATING");
	}
	assert_true(not_validating);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	dd_report_opts_t ro = { .duration_ms = ev->duration_ms };
	assert_int_equal(dd_report_text(f, ev, an, dg, vs, &ro), DD_OK);
	fclose(f);
	assert_non_null(strstr(buf, "checking off     127.0.5.2 +cd"));
	assert_non_null(strstr(buf, "SERVFAIL (EDE 7)"));
	assert_null(strstr(buf, "not recorded"));
	free(buf);
	f = open_memstream(&buf, &len);
	assert_int_equal(dd_report_json(f, ev, an, dg, vs, &ro), DD_OK);
	fclose(f);
	assert_non_null(strstr(buf, "\"views_recorded\": true"));
	char dur[64];
	snprintf(dur, sizeof(dur), "\"duration_ms\": %lld", (long long)ev->duration_ms);
	assert_non_null(strstr(buf, dur));
	free(buf);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_views_free(vs);
	dd_evidence_free(ev);
}

/* Saved, loaded and saved again: the same octets, views included. */
static void test_views_roundtrip(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("hotel.example.views.json");
	char *a = NULL, *b = NULL;
	size_t la, lb;
	FILE *f = open_memstream(&a, &la);
	assert_int_equal(dd_evidence_save(ev, f), DD_OK);
	fclose(f);
	f = fmemopen(a, la, "r");
	dd_evidence_t *copy = NULL;
	assert_int_equal(dd_evidence_load(f, &copy, NULL, 0), DD_OK);
	fclose(f);
	assert_int_equal(copy->nviews, ev->nviews);
	for (size_t i = 0; i < ev->nviews; i++) {
		assert_int_equal(copy->views[i].wire_len, ev->views[i].wire_len);
		if (ev->views[i].wire_len > 0) {
			assert_memory_equal(copy->views[i].wire, ev->views[i].wire, ev->views[i].wire_len);
		}
		assert_string_equal(copy->views[i].note, ev->views[i].note);
	}
	f = open_memstream(&b, &lb);
	assert_int_equal(dd_evidence_save(copy, f), DD_OK);
	fclose(f);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_non_null(strstr(a, "\"views\": ["));
	free(a);
	free(b);
	dd_evidence_free(copy);
	dd_evidence_free(ev);
}

/* Evidence saved before views were recorded: no views, and the reports say so. */
static void test_old_evidence(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("hotel.example.json");
	assert_false(ev->views_recorded);
	assert_int_equal(ev->nviews, 0);
	assert_int_equal(ev->duration_ms, 0);
	dd_views_t *vs = NULL;
	assert_int_equal(dd_views_from_evidence(ev, &vs), DD_OK);
	assert_false(vs->recorded);
	assert_int_equal(vs->n, 0);
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, ev->started_ms / 1000, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	assert_int_equal(dd_diagnose_views(dg, an, vs), DD_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(dd_report_text(f, ev, an, dg, vs, NULL), DD_OK);
	fclose(f);
	assert_non_null(strstr(buf, "\n  resolvers "));
	assert_non_null(strstr(buf, " not recorded in this evidence\n"));
	free(buf);
	f = open_memstream(&buf, &len);
	assert_int_equal(dd_report_json(f, ev, an, dg, vs, NULL), DD_OK);
	fclose(f);
	assert_non_null(strstr(buf, "\"views\": [],"));
	assert_non_null(strstr(buf, "\"views_recorded\": false"));
	assert_null(strstr(buf, "duration_ms"));
	free(buf);
	/* saved again, it stays without views */
	f = open_memstream(&buf, &len);
	assert_int_equal(dd_evidence_save(ev, f), DD_OK);
	fclose(f);
	assert_null(strstr(buf, "\"views\""));
	free(buf);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_views_free(vs);
	dd_evidence_free(ev);
}

static int load_text(const char *text, char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	dd_evidence_t *ev = NULL;
	int r = dd_evidence_load(f, &ev, err, errlen);
	fclose(f);
	if (r != DD_OK) {
		assert_null(ev);
	}
	dd_evidence_free(ev);
	return r;
}

#define HEAD "{\"format\": \"dnssec-doctor-evidence\", \"version\": 1, \"target\": \"www.x.\", " \
	     "\"qtype\": 1, \"nx_name\": \"n.x.\", \"nodata_type\": 1, \"started_ms\": 1, "
#define ZONE(name, parent) "{\"name\": \"" name "\", \"parent\": " parent ", \"servers\": []}"

/* The zones are a tree listed from the top: every parent is an earlier zone (issue 22). */
static void test_zone_tree(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE(".", "-1") ", " ZONE("x.", "0") "]}",
	                           err, sizeof(err)), DD_OK);
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE(".", "0") "]}", err, sizeof(err)),
	                 DD_EPARSE);
	assert_string_equal(err, "evidence: zone 0 (.): parent 0 is not an earlier zone");
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE(".", "-1") ", " ZONE("x.", "1") "]}",
	                           err, sizeof(err)), DD_EPARSE);
	assert_string_equal(err, "evidence: zone 1 (x.): parent 1 is not an earlier zone");
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE(".", "1") ", " ZONE("x.", "0") "]}",
	                           err, sizeof(err)), DD_EPARSE);
	assert_string_equal(err, "evidence: zone 0 (.): parent 1 is not an earlier zone");
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE(".", "-2") "]}", err, sizeof(err)),
	                 DD_EPARSE);
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE(".", "\"0\"") "]}", err, sizeof(err)),
	                 DD_EPARSE);
	assert_string_equal(err, "evidence: zone 0 (.): no parent index");
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE(".", "-1") ", " ZONE("x.", "0") ", "
	                           ZONE("X.", "0") "]}", err, sizeof(err)), DD_EPARSE);
	assert_string_equal(err, "evidence: zone 2 (X.) is listed twice");
	/* a parent must be above its child by name too */
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE(".", "-1") ", " ZONE("x.", "0") ", "
	                           ZONE("y.x.", "1") "]}", err, sizeof(err)), DD_OK);
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE(".", "-1") ", " ZONE("x.", "0") ", "
	                           ZONE("y.", "1") "]}", err, sizeof(err)), DD_EPARSE);
	assert_string_equal(err, "evidence: zone 2 (y.): parent 1 (x.) is not above it");
	assert_int_equal(load_text(HEAD "\"zones\": [" ZONE("x.", "-1") ", " ZONE(".", "0") "]}",
	                           err, sizeof(err)), DD_EPARSE);
	assert_string_equal(err, "evidence: zone 1 (.): parent 0 (x.) is not above it");
}

static const char *const KINDS[][2] = {
	{ "ns-per-cut", "WORK_LIMIT_EXCEEDED" }, { "addrs-per-ns", "WORK_LIMIT_EXCEEDED" },
	{ "glueless", "WORK_LIMIT_EXCEEDED" }, { "ns-depth", "WORK_LIMIT_EXCEEDED" },
	{ "lookup-queries", "WORK_LIMIT_EXCEEDED" }, { "resolve-queries", "WORK_LIMIT_EXCEEDED" },
	{ "queries", "WORK_LIMIT_EXCEEDED" }, { "wall-time", "WORK_LIMIT_EXCEEDED" },
	{ "addr-refused", "NS_ADDRESS_PRIVATE" }, { "addr-private", "NS_ADDRESS_PRIVATE" },
};

static dd_note_ev_t note(const char *kind, const char *zone, const char *addr, unsigned count,
                         const char *detail)
{
	dd_note_ev_t n = { .count = count };
	snprintf(n.kind, sizeof(n.kind), "%s", kind);
	assert_true(dd_name_from_str(zone, n.zone) > 0);
	snprintf(n.addr, sizeof(n.addr), "%s", addr);
	snprintf(n.detail, sizeof(n.detail), "%s", detail);
	return n;
}

static char *saved(const dd_evidence_t *ev, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	assert_int_equal(dd_evidence_save(ev, f), DD_OK);
	fclose(f);
	return buf;
}

/* The probe's notes and flags in the JSON form: every kind with its code, saved, loaded and
 * saved again to the same octets; the findings they make and the report are the same from
 * the copy. */
static void test_notes_roundtrip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(KINDS) / sizeof(KINDS[0]); i++) {
		assert_string_equal(dd_note_kind_code(KINDS[i][0]), KINDS[i][1]);
	}
	assert_null(dd_note_kind_code("keytrap"));
	assert_null(dd_note_kind_code(""));
	assert_null(dd_note_kind_code(NULL));

	dd_evidence_t *ev = load_evidence("hotel.example.json");
	assert_int_equal(ev->nnotes, 0);
	assert_false(ev->stopped);
	assert_false(ev->interrupted);
	for (size_t i = 0; i < sizeof(KINDS) / sizeof(KINDS[0]); i++) {
		bool by_addr = strncmp(KINDS[i][0], "addr-", 5) == 0;
		dd_note_ev_t n = note(KINDS[i][0], "Hotel.Example.", by_addr ? "10.0.0.1" : "",
		                      (unsigned)i + 1, "what the probe left out");
		assert_int_equal(dd_evidence_add_note(ev, &n), DD_OK);
		assert_string_equal(ev->notes[i].code, KINDS[i][1]);
		assert_true(dd_name_equal(ev->notes[i].zone, N("hotel.example.")));
	}
	ev->stopped = true;
	ev->interrupted = true;
	ev->notes_dropped = 2;
	size_t la = 0, lb = 0;
	char *a = saved(ev, &la);
	assert_non_null(strstr(a, "\"probe\": {\n  \"stopped\": true,\n  \"interrupted\": true,\n"
	                          "  \"notes_dropped\": 2,\n"));
	assert_non_null(strstr(a, "{\n    \"kind\": \"addr-private\",\n    \"code\": "
	                          "\"NS_ADDRESS_PRIVATE\",\n    \"zone\": \"hotel.example.\",\n    "
	                          "\"addr\": \"10.0.0.1\",\n    \"count\": 10,\n    \"detail\": "
	                          "\"what the probe left out\"\n   }"));
	FILE *f = fmemopen(a, la, "r");
	dd_evidence_t *copy = NULL;
	char err[256] = "";
	assert_int_equal(dd_evidence_load(f, &copy, err, sizeof(err)), DD_OK);
	fclose(f);
	assert_true(copy->stopped);
	assert_true(copy->interrupted);
	assert_int_equal(copy->notes_dropped, 2);
	assert_int_equal(copy->nnotes, ev->nnotes);
	for (size_t i = 0; i < ev->nnotes; i++) {
		assert_string_equal(copy->notes[i].kind, ev->notes[i].kind);
		assert_ptr_equal(copy->notes[i].code, ev->notes[i].code);
		assert_true(dd_name_equal(copy->notes[i].zone, ev->notes[i].zone));
		assert_string_equal(copy->notes[i].addr, ev->notes[i].addr);
		assert_int_equal(copy->notes[i].count, ev->notes[i].count);
		assert_string_equal(copy->notes[i].detail, ev->notes[i].detail);
	}
	char *b = saved(copy, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(b);

	/* the same findings and report from either */
	char *rep[2];
	for (int k = 0; k < 2; k++) {
		const dd_evidence_t *e = k == 0 ? ev : copy;
		dd_analysis_t *an = NULL;
		dd_diagnosis_t *dg = NULL;
		assert_int_equal(dd_analyze(e, e->started_ms / 1000, &an), DD_OK);
		size_t before = an->nfindings;
		assert_int_equal(dd_analysis_add_notes(an, e), DD_OK);
		/* one finding per code and zone: the notes are of two codes, in one zone */
		assert_int_equal(an->nfindings, before + 2);
		assert_int_equal(dd_analysis_add_notes(an, e), DD_OK);
		assert_int_equal(an->nfindings, before + 2);
		const dd_finding_t *wl = &an->findings[before];
		assert_string_equal(wl->code, "WORK_LIMIT_EXCEEDED");
		assert_int_equal(wl->severity, DD_SEV_WARNING);
		assert_string_equal(wl->detail, "what the probe left out");  /* count 1: no "times" */
		assert_int_equal(dd_diagnose(an, e, &dg), DD_OK);
		size_t len = 0;
		f = open_memstream(&rep[k], &len);
		assert_int_equal(dd_report_text(f, e, an, dg, NULL, NULL), DD_OK);
		assert_int_equal(dd_report_json(f, e, an, dg, NULL, NULL), DD_OK);
		fclose(f);
		dd_diagnosis_free(dg);
		dd_analysis_free(an);
	}
	assert_non_null(strstr(rep[0], "NS_ADDRESS_PRIVATE"));
	assert_non_null(strstr(rep[0], "what the probe left out (9 times)"));
	/* the probe's limit is its own: no claim about validators */
	assert_non_null(strstr(rep[0], "\n     This diagnosis stopped at one of its own work limits "
	                               "and did not check the rest\n"));
	assert_null(strstr(rep[0], "validators allow"));
	assert_null(strstr(rep[0], "SERVFAIL with Extended DNS Error 6"));
	assert_string_equal(rep[0], rep[1]);
	free(rep[0]);
	free(rep[1]);
	free(a);
	dd_evidence_free(copy);

	/* what a note must be */
	dd_note_ev_t n = note("keytrap", "x.", "", 1, "");
	assert_int_equal(dd_evidence_add_note(ev, &n), DD_EINVAL);
	n = note("queries", "x.", "", 0, "");
	assert_int_equal(dd_evidence_add_note(ev, &n), DD_EINVAL);
	n = note("queries", "x.", "", 1, "\x1b[2J");
	assert_int_equal(dd_evidence_add_note(ev, &n), DD_EINVAL);
	n = note("queries", "x.", "", 1, "");
	memset(n.addr, 'a', sizeof(n.addr));  /* no NUL */
	assert_int_equal(dd_evidence_add_note(ev, &n), DD_EINVAL);
	assert_int_equal(ev->nnotes, sizeof(KINDS) / sizeof(KINDS[0]));
	dd_evidence_free(ev);
}

#define NOTE(kind, code, count, detail) "\"probe\": {\"stopped\": false, \"interrupted\": " \
	"false, \"notes_dropped\": 0, \"notes\": [{\"kind\": \"" kind "\", \"code\": \"" code \
	"\", \"zone\": \"x.\", \"addr\": \"\", \"count\": " count ", \"detail\": \"" detail \
	"\"}]}}"

/* Malformed probe notes are refused on load. */
static void test_bad_notes(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(load_text(HEAD NOTE("queries", "WORK_LIMIT_EXCEEDED", "3", "stopped"), err,
	                           sizeof(err)), DD_OK);
	static const char *const bad[][2] = {
		{ HEAD NOTE("keytrap", "WORK_LIMIT_EXCEEDED", "1", ""),
		  "evidence: probe note 0: kind \"keytrap\" with code \"WORK_LIMIT_EXCEEDED\" is not "
		  "a note the probe makes" },
		{ HEAD NOTE("queries", "NS_ADDRESS_PRIVATE", "1", ""),
		  "evidence: probe note 0: kind \"queries\" with code \"NS_ADDRESS_PRIVATE\" is not "
		  "a note the probe makes" },
		{ HEAD NOTE("queries", "WORK_LIMIT_EXCEEDED", "0", ""),
		  "evidence: bad or missing count (item 0)" },
		{ HEAD NOTE("queries", "WORK_LIMIT_EXCEEDED", "\"1\"", ""),
		  "evidence: bad or missing count (item 0)" },
		{ HEAD NOTE("queries", "WORK_LIMIT_EXCEEDED", "1", "\\u001b[2J"),
		  "evidence: bad or missing detail (item 0)" },
		{ HEAD "\"probe\": []}", "evidence: bad or missing probe (item 0)" },
		{ HEAD "\"probe\": {\"stopped\": false, \"interrupted\": false, "
		  "\"notes_dropped\": 0}}", "evidence: bad or missing probe notes (item 0)" },
		{ HEAD "\"probe\": {\"stopped\": false, \"interrupted\": \"yes\", "
		  "\"notes_dropped\": 0, \"notes\": []}}", "evidence: bad or missing interrupted (item 0)" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(load_text(bad[i][0], err, sizeof(err)), DD_EPARSE);
		assert_string_equal(err, bad[i][1]);
	}
}

#define VIEW_UB "{\"kind\": \"libunbound\", \"source\": \"libunbound\", \"cd\": false, " \
	        "\"qname\": \"www.x.\", \"qtype\": 1, \"asked\": true, \"note\": \"\", " \
	        "\"sent_ms\": 5, \"rtt_ms\": null, \"ub_error\": 0, \"rcode\": 2, \"secure\": false, " \
	        "\"bogus\": false"
#define VIEW_RES "{\"kind\": \"resolver\", \"source\": \"192.0.2.1\", \"cd\": true, " \
	         "\"qname\": \"www.x.\", \"qtype\": 1, \"asked\": true, \"note\": \"\", " \
	         "\"sent_ms\": 5, \"rtt_ms\": 3, \"transport\": \"tcp\", \"attempts\": 2, " \
	         "\"error\": \"timeout\""

static void test_bad_views(void **state)
{
	(void)state;
	char err[256];
	/* well-formed: a SERVFAIL from libunbound, a resolver that timed out */
	FILE *f = fmemopen((void *)(HEAD "\"views\": [" VIEW_UB "}, " VIEW_RES "}]}"),
	                   strlen(HEAD "\"views\": [" VIEW_UB "}, " VIEW_RES "}]}"), "r");
	dd_evidence_t *ev = NULL;
	assert_int_equal(dd_evidence_load(f, &ev, err, sizeof(err)), DD_OK);
	fclose(f);
	assert_true(ev->views_recorded);
	assert_int_equal(ev->nviews, 2);
	assert_int_equal(ev->views[1].transport, DD_XPORT_TCP);
	assert_int_equal(ev->views[1].attempts, 2);
	assert_int_equal(ev->views[1].error, DD_QERR_TIMEOUT);
	dd_views_t *vs = NULL;
	assert_int_equal(dd_views_from_evidence(ev, &vs), DD_OK);
	assert_true(vs->v[0].answered);
	assert_int_equal(vs->v[0].status, DD_STATUS_INDETERMINATE);
	assert_string_equal(vs->v[0].why, "SERVFAIL (no answer from the servers)");
	assert_false(vs->v[1].answered);
	assert_string_equal(vs->v[1].why, "no answer (timeout)");
	dd_views_free(vs);
	dd_evidence_free(ev);
	/* an empty list is views recorded: none were asked */
	assert_int_equal(load_text(HEAD "\"views\": []}", err, sizeof(err)), DD_OK);

	assert_int_equal(load_text(HEAD "\"views\": {}}", err, sizeof(err)), DD_EPARSE);
	assert_non_null(strstr(err, "views"));
	assert_int_equal(load_text(HEAD "\"views\": [{\"kind\": \"oracle\"}]}", err, sizeof(err)),
	                 DD_EPARSE);
	assert_non_null(strstr(err, "view kind"));
	assert_int_equal(load_text(HEAD "\"views\": [" VIEW_UB ", \"wire\": \"%%%\"}]}", err,
	                           sizeof(err)), DD_EPARSE);
	assert_non_null(strstr(err, "view wire"));
	assert_int_equal(load_text(HEAD "\"views\": [" VIEW_RES ", \"note\": \"\\u001b[2J\"}]}", err,
	                           sizeof(err)), DD_EPARSE);
	assert_non_null(strstr(err, "note"));
	/* a resolver's view without "cd", with a negative RTT, over an unknown transport */
	static const char *const bad[][2] = {
		{ HEAD "\"views\": [{\"kind\": \"resolver\", \"source\": \"192.0.2.1\", "
		  "\"qname\": \"www.x.\", \"qtype\": 1, \"asked\": true, \"note\": \"\", "
		  "\"sent_ms\": 5, \"rtt_ms\": 3, \"transport\": \"tcp\", \"attempts\": 2, "
		  "\"error\": \"timeout\"}]}", "cd" },
		{ HEAD "\"views\": [{\"kind\": \"resolver\", \"source\": \"192.0.2.1\", "
		  "\"cd\": true, \"qname\": \"www.x.\", \"qtype\": 1, \"asked\": true, "
		  "\"note\": \"\", \"sent_ms\": 5, \"rtt_ms\": -3, \"transport\": \"tcp\", "
		  "\"attempts\": 2, \"error\": \"timeout\"}]}", "rtt_ms" },
		{ HEAD "\"views\": [{\"kind\": \"resolver\", \"source\": \"192.0.2.1\", "
		  "\"cd\": true, \"qname\": \"www.x.\", \"qtype\": 1, \"asked\": true, "
		  "\"note\": \"\", \"sent_ms\": 5, \"rtt_ms\": 3, \"transport\": \"sctp\", "
		  "\"attempts\": 2, \"error\": \"timeout\"}]}", "view exchange" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(load_text(bad[i][0], err, sizeof(err)), DD_EPARSE);
		assert_non_null(strstr(err, bad[i][1]));
	}
	assert_int_equal(load_text(HEAD "\"duration_ms\": -1}", err, sizeof(err)), DD_EPARSE);
	assert_non_null(strstr(err, "duration_ms"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_views_loaded),
		cmocka_unit_test(test_views_roundtrip),
		cmocka_unit_test(test_old_evidence),
		cmocka_unit_test(test_zone_tree),
		cmocka_unit_test(test_bad_views),
		cmocka_unit_test(test_notes_roundtrip),
		cmocka_unit_test(test_bad_notes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
