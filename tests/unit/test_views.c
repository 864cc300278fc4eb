/* SPDX-License-Identifier: MIT
 * test_views.c - the resolver views' questions (probe/views.c) without a network: which
 * libunbound questions the evidence keeps when the probe names the nonexistent name early, then
 * another one, or the evidence ends with a third; and that a question cut off at the views'
 * deadline is recorded as no answer with the deadline's words, never as one. libunbound is
 * pointed at a loopback address where nothing is expected to answer and given 1 ms, so that
 * what is recorded does not depend on the machine's network. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include <dd/evidence.h>
#include <dd/name.h>
#include <dd/views.h>

static dd_probe_config_t config(dd_probe_server_t *hint)
{
	memset(hint, 0, sizeof(*hint));
	dd_name_from_str("a.root.", hint->ns_name);
	snprintf(hint->addr, sizeof(hint->addr), "127.0.0.1");
	return (dd_probe_config_t){ .hints = hint, .nhints = 1, .timeout_ms = 200, .no_ipv6 = true,
		                    .allow_private = true };
}

static void name(const char *text, uint8_t out[DD_NAME_MAXLEN])
{
	assert_true(dd_name_from_str(text, out) > 0);
}

/* The names of @p ev's views, in order, as "name/cd name/cd ...", the nonexistent name's
 * marked "early" when it was asked before @p finish_ms (wall clock, ms since the epoch). */
static void asked(const dd_evidence_t *ev, int64_t finish_ms, char *out, size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < ev->nviews; i++) {
		char n[1024];
		assert_int_equal(dd_name_to_str(ev->views[i].qname, n, sizeof(n)), DD_OK);
		const dd_view_ev_t *v = &ev->views[i];
		bool early = dd_name_equal(v->qname, ev->nx_name) && v->sent_ms < finish_ms;
		used += (size_t)snprintf(out + used, len - used, "%s%s/%d%s", i ? " " : "", n,
		                         v->cd, early ? " early" : "");
		assert_int_equal(v->kind, DD_VIEW_LIBUNBOUND);
		/* answered (an error or a result), or cut off and said so: never both */
		if (v->no_result) {
			assert_non_null(strstr(v->note, "(the views' deadline)"));
			assert_null(v->wire);
		}
	}
}

/* Runs the views for www.example. A with the early names @p early (NULL-terminated) told,
 * and an evidence whose nonexistent name is @p final; returns what was kept. */
static void run(const char *const *early, const char *final, char *out, size_t len)
{
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	uint8_t target[DD_NAME_MAXLEN];
	name("www.example.", target);
	dd_views_run_t *vr = NULL;
	assert_int_equal(dd_views_start(&cfg, NULL, 0, false, 0, target, DD_TYPE_A, &vr), DD_OK);
	for (size_t i = 0; early[i] != NULL; i++) {
		uint8_t nx[DD_NAME_MAXLEN];
		name(early[i], nx);
		dd_views_nx(vr, nx);
	}
	dd_evidence_t *ev = NULL;
	assert_int_equal(dd_evidence_new(&ev), DD_OK);
	memcpy(ev->target, target, dd_name_len(target));
	ev->qtype = DD_TYPE_A;
	name(final, ev->nx_name);
	usleep(5000);  /* a question asked at the finish is asked after finish_ms */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t finish_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	assert_int_equal(dd_views_finish(vr, ev, 1), DD_OK);
	assert_true(ev->views_recorded);
	asked(ev, finish_ms, out, len);
	dd_evidence_free(ev);
}

static void test_nx_kept(void **state)
{
	(void)state;
	char got[1024];
	/* told once, the same name as the evidence's: kept as asked */
	run((const char *[]){ "dd-nx.example.", NULL }, "dd-nx.example.", got, sizeof(got));
	assert_string_equal(got, "www.example./0 www.example./1 dd-nx.example./0 early "
	                         "dd-nx.example./1 early");
	/* the same name told twice: asked once */
	run((const char *[]){ "dd-nx.example.", "DD-NX.example.", NULL }, "dd-nx.example.", got,
	    sizeof(got));
	assert_string_equal(got, "www.example./0 www.example./1 dd-nx.example./0 early "
	                         "dd-nx.example./1 early");
}

static void test_nx_replaced(void **state)
{
	(void)state;
	char got[1024];
	/* a second name replaces the first (not kept); a third is not asked */
	run((const char *[]){ "dd-nx.example.", "dd-nx.www.example.", "dd-nx.other.", NULL },
	    "dd-nx.www.example.", got, sizeof(got));
	assert_string_equal(got, "www.example./0 www.example./1 dd-nx.www.example./0 early "
	                         "dd-nx.www.example./1 early");
	/* the evidence ends with another name than the last told: that one is asked at the
	 * finish and only it is kept */
	run((const char *[]){ "dd-nx.example.", "dd-nx.www.example.", NULL }, "dd-nx.example.", got,
	    sizeof(got));
	assert_string_equal(got, "www.example./0 www.example./1 dd-nx.example./0 dd-nx.example./1");
	/* nothing told early: asked at the finish */
	run((const char *[]){ NULL }, "dd-nx.example.", got, sizeof(got));
	assert_string_equal(got, "www.example./0 www.example./1 dd-nx.example./0 dd-nx.example./1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nx_kept),
		cmocka_unit_test(test_nx_replaced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
