/* SPDX-License-Identifier: MIT
 * test_probe_retry.c - the probe's retries and timeouts on the fake transport's clock
 * (tests/unit/data/probe/README.md): the RTT estimator (RFC 6298) and the attempts' backoff; a
 * lost datagram retried and answered; the siblings' rule (issue 15: a server whose first
 * attempt goes unanswered while every other server of its zone answered the question gets one
 * short retry, then is judged; a lone server, or one whose sibling has not answered, keeps the
 * whole schedule); a server that failed a whole exchange given one short attempt afterwards;
 * and SERVER_UNREACHABLE's sentence, which states the attempts and time each path took. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "probe/rtt.h"
#include "probe/xfer.h"

#include <dd/analysis.h>
#include <dd/msg.h>
#include <dd/name.h>
#include <dd/probe.h>

#include "fake_transport.h"
#include "probe_run.h"

/* The detail of the analysis's @p code finding about server @p addr in @p r's evidence, into
 * @p out ("" when there is none); @p n gets how many findings of @p code there are. */
static void finding_of(const run_t *r, const char *code, const char *addr, char *out,
                       size_t len, size_t *n)
{
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze(r->ev, fake_clock(r->f) / 1000, &an), DD_OK);
	out[0] = '\0';
	*n = 0;
	for (size_t i = 0; i < an->nfindings; i++) {
		const dd_finding_t *f = &an->findings[i];
		if (strcmp(f->code, code) != 0) {
			continue;
		}
		(*n)++;
		for (size_t s = 0; s < f->nservers; s++) {
			if (strcmp(f->servers[s], addr) == 0) {
				snprintf(out, len, "%s", f->detail);
			}
		}
	}
	dd_analysis_free(an);
}

/* Exchanges with @p addr about names in @p zone (as the analysis counts a server's queries). */
static size_t exchanges_in(const dd_evidence_t *ev, const char *addr, const char *zone)
{
	uint8_t z[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str(zone, z) > 0);
	size_t n = 0;
	for (size_t i = 0; i < ev->nxs; i++) {
		n += strcmp(ev->xs[i].server, addr) == 0 && dd_name_in_zone(ev->xs[i].qname, z);
	}
	return n;
}

/* TCP connections the fake saw to @p addr. */
static size_t tcp_to(const fake_t *f, const char *addr)
{
	size_t n = 0;
	for (size_t i = 0; i < fake_nsent(f); i++) {
		n += fake_sent(f, i)->tcp && strcmp(fake_sent(f, i)->addr, addr) == 0;
	}
	return n;
}

/* RFC 6298 2 on whole milliseconds, the floor and the ceiling, and the attempts' backoff. */
static void test_rtt_estimator(void **state)
{
	(void)state;
	dd__rtt_t t;
	dd__rtt_init(&t, 1500);
	/* nothing measured: --timeout */
	assert_int_equal(dd__rtt_first_timeout(&t, "192.0.2.1"), 1500);
	/* 2.2: SRTT = R, RTTVAR = R/2; RTO = SRTT + max(G, 4 RTTVAR), at least the floor */
	assert_int_equal(dd__rtt_sample(&t, "192.0.2.1", 10), 0);
	assert_int_equal(dd__rtt_first_timeout(&t, "192.0.2.1"), DD__RTO_FLOOR_MS);
	assert_int_equal(dd__rtt_sample(&t, "192.0.2.2", 100), 0);
	assert_int_equal(dd__rtt_first_timeout(&t, "192.0.2.2"), 100 + 4 * 50);
	/* 2.3: RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R| = (150 + 20) / 4 = 42, SRTT = (700 + 120) / 8
	 * = 102; RTO = 102 + 168 */
	assert_int_equal(dd__rtt_sample(&t, "192.0.2.2", 120), 0);
	assert_int_equal(t.srv[1].est.srtt_ms, 102);
	assert_int_equal(t.srv[1].est.rttvar_ms, 42);
	assert_int_equal(dd__rtt_first_timeout(&t, "192.0.2.2"), 102 + 168);
	/* a server not yet heard: the run's estimate over 10, 100, 120 ms (SRTT 10 -> 21 -> 33,
	 * RTTVAR 5 -> 26 -> 44): 33 + 176 */
	assert_int_equal(t.all.srtt_ms, 33);
	assert_int_equal(t.all.rttvar_ms, 44);
	assert_int_equal(dd__rtt_first_timeout(&t, "192.0.2.9"), 33 + 176);
	/* never above --timeout */
	assert_int_equal(dd__rtt_sample(&t, "192.0.2.3", 2000), 0);
	assert_int_equal(dd__rtt_first_timeout(&t, "192.0.2.3"), 1500);
	/* down: failed a whole exchange and answered none */
	assert_false(dd__rtt_down(&t, "192.0.2.4"));
	dd__rtt_outcome(&t, "192.0.2.4", false);
	assert_true(dd__rtt_down(&t, "192.0.2.4"));
	dd__rtt_outcome(&t, "192.0.2.4", true);
	assert_false(dd__rtt_down(&t, "192.0.2.4"));
	dd__rtt_free(&t);
	/* the attempts: UDP doubling from the first (RFC 6298 5.5), TCP twice the first and at
	 * least 400 ms, none above the ceiling */
	assert_int_equal(dd__rtt_attempt_timeout(200, 1500, 1, false), 200);
	assert_int_equal(dd__rtt_attempt_timeout(200, 1500, 2, false), 400);
	assert_int_equal(dd__rtt_attempt_timeout(200, 1500, 3, false), 800);
	assert_int_equal(dd__rtt_attempt_timeout(200, 1500, 4, false), 1500);
	assert_int_equal(dd__rtt_attempt_timeout(200, 1500, 200, false), 1500);
	assert_int_equal(dd__rtt_attempt_timeout(150, 1500, 1, true), 400);
	assert_int_equal(dd__rtt_attempt_timeout(300, 1500, 1, true), 600);
	assert_int_equal(dd__rtt_attempt_timeout(1500, 1500, 1, true), 1500);
}

/* ---- the exchange machine ---------------------------------------------------------------- */

typedef struct asked {
	unsigned n;
	unsigned give;
} asked_t;

static unsigned short_retry(void *arg)
{
	asked_t *a = arg;
	a->n++;
	return a->give;
}

/* The machine asks o.short_retry once, at the first attempt's timeout, only when nothing came
 * back and more attempts would follow; a nonzero answer is one more datagram of that timeout,
 * then the end (no TCP); 0 keeps the schedule. */
static void test_machine_short_retry(void **state)
{
	(void)state;
	uint8_t qname[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str("www.example.", qname) > 0);
	const uint16_t ids[2] = { 0x1234, 0x4321 };
	asked_t a = { .give = 150 };
	xfer_opts_t o = { .timeout_ms = 1000, .first_ms = 200, .udp_tries = 3,
		          .tcp_on_failure = true, .short_retry = short_retry, .short_arg = &a };
	xm_t m;
	assert_int_equal(dd__xm_init(&m, &o, "192.0.2.3", qname, DD_TYPE_A, ids), DD_OK);
	assert_int_equal(m.wait_ms, 200);
	assert_int_equal(dd__xm_timeout(&m), XM_SEND_UDP);
	assert_int_equal(a.n, 1);
	assert_int_equal(m.wait_ms, 150);  /* the caller's timeout, not the backoff's 400 ms */
	assert_int_equal(dd__xm_timeout(&m), XM_DONE);
	assert_int_equal(a.n, 1);
	assert_int_equal(m.x.error, DD_QERR_TIMEOUT);
	assert_int_equal(m.x.transport, DD_XPORT_UDP);
	assert_int_equal(m.x.attempts, 2);

	/* never longer than --timeout */
	a = (asked_t){ .give = 5000 };
	assert_int_equal(dd__xm_init(&m, &o, "192.0.2.3", qname, DD_TYPE_A, ids), DD_OK);
	assert_int_equal(dd__xm_timeout(&m), XM_SEND_UDP);
	assert_int_equal(m.wait_ms, 1000);

	/* 0: the schedule, asked once: 200, 400, 800 ms datagrams, then TCP */
	a = (asked_t){ .give = 0 };
	assert_int_equal(dd__xm_init(&m, &o, "192.0.2.3", qname, DD_TYPE_A, ids), DD_OK);
	assert_int_equal(dd__xm_timeout(&m), XM_SEND_UDP);
	assert_int_equal(m.wait_ms, 400);
	assert_int_equal(dd__xm_timeout(&m), XM_SEND_UDP);
	assert_int_equal(m.wait_ms, 800);
	assert_int_equal(dd__xm_timeout(&m), XM_START_TCP);
	assert_int_equal(dd__xm_timeout(&m), XM_DONE);
	assert_int_equal(a.n, 1);
	assert_int_equal(m.x.attempts, 4);

	/* something came back (a message that does not parse): the server is not silent, the
	 * schedule goes on unasked */
	a = (asked_t){ .give = 150 };
	assert_int_equal(dd__xm_init(&m, &o, "192.0.2.3", qname, DD_TYPE_A, ids), DD_OK);
	static const uint8_t junk[4] = { 1, 2, 3, 4 };
	assert_int_equal(dd__xm_udp(&m, junk, sizeof(junk)), XM_WAIT);
	assert_int_equal(dd__xm_timeout(&m), XM_SEND_UDP);
	assert_int_equal(a.n, 0);
	assert_int_equal(m.wait_ms, 400);

	/* nothing would follow the first attempt: not asked */
	xfer_opts_t one = o;
	one.udp_tries = 1;
	one.tcp_on_failure = false;
	assert_int_equal(dd__xm_init(&m, &one, "192.0.2.3", qname, DD_TYPE_A, ids), DD_OK);
	assert_int_equal(dd__xm_timeout(&m), XM_DONE);
	assert_int_equal(a.n, 0);
	assert_int_equal(m.x.attempts, 1);
}

/* ---- the walk ------------------------------------------------------------------------------- */

/* A healthy server that loses the first datagram of every exchange: its sibling answered, so
 * the retry is the short one, and it answers: no finding. */
static void test_retry(void **state)
{
	(void)state;
	run_t r = { .f = load("faults.scn", "server 192.0.2.3 drop=1") };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	const dd_exchange_t *good = find(r.ev, "192.0.2.2", "www.example.", DD_TYPE_A);
	const dd_exchange_t *x = find(r.ev, "192.0.2.3", "www.example.", DD_TYPE_A);
	assert_non_null(good);
	assert_non_null(x);
	assert_int_equal(good->attempts, 1);
	assert_int_equal(x->error, DD_QERR_NONE);
	assert_int_equal(x->transport, DD_XPORT_UDP);
	assert_int_equal(x->attempts, 2);
	/* the second datagram went out when the first attempt's timeout expired: derived from
	 * the RTTs seen (10 ms each on the fake), so the floor, not --timeout (a lost packet
	 * costs 200 ms, and the server is not judged unreachable for it) */
	assert_int_equal(x->rtt_ms, DD__RTO_FLOOR_MS + 10);
	assert_int_equal(good->rtt_ms, 10);
	/* every exchange with it answered at its second datagram; it saw twice as many
	 * datagrams as the healthy one, and no connection */
	for (size_t i = 0; i < r.ev->nxs; i++) {
		if (strcmp(r.ev->xs[i].server, "192.0.2.3") == 0) {
			assert_int_equal(r.ev->xs[i].error, DD_QERR_NONE);
			assert_int_equal(r.ev->xs[i].attempts, 2);
		}
	}
	assert_int_equal(fake_sent_to(r.f, "192.0.2.3"), 2 * fake_sent_to(r.f, "192.0.2.2"));
	assert_int_equal(tcp_to(r.f, "192.0.2.3"), 0);
	char detail[512];
	size_t n;
	finding_of(&r, "SERVER_UNREACHABLE", "192.0.2.3", detail, sizeof(detail), &n);
	assert_int_equal(n, 0);
	done(&r);
}

/* The siblings' rule: a silent server whose sibling answered each question before its first
 * attempt's timeout gets one short retry per exchange (the run's first timeout again, no
 * TCP), then is SERVER_UNREACHABLE, and the sentence says so. */
static void test_siblings_answered(void **state)
{
	(void)state;
	run_t r = { .f = load("faults.scn", "server 192.0.2.3 silent") };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	cfg.udp_tries = 3;
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	const dd_exchange_t *x = find(r.ev, "192.0.2.3", "www.example.", DD_TYPE_A);
	assert_non_null(x);
	assert_int_equal(x->error, DD_QERR_TIMEOUT);
	assert_int_equal(x->transport, DD_XPORT_UDP);
	assert_int_equal(x->attempts, 2);
	assert_int_equal(x->rtt_ms, 2 * DD__RTO_FLOOR_MS);
	size_t first = 0;
	for (size_t i = 0; i < r.ev->nxs; i++) {
		const dd_exchange_t *e = &r.ev->xs[i];
		if (strcmp(e->server, "192.0.2.3") != 0) {
			continue;
		}
		assert_int_equal(e->error, DD_QERR_TIMEOUT);
		if (e->round == 2) {
			/* example.'s first round: two datagrams, 200 ms each */
			assert_int_equal(e->attempts, 2);
			assert_int_equal(e->rtt_ms, 2 * DD__RTO_FLOOR_MS);
			first++;
		} else {
			/* after that it is down: one short attempt */
			assert_int_equal(e->attempts, 1);
			assert_int_equal(e->rtt_ms, DD__RTO_FLOOR_MS);
		}
	}
	assert_true(first > 0);
	assert_int_equal(tcp_to(r.f, "192.0.2.3"), 0);
	/* the healthy server's answers were not held up */
	const dd_exchange_t *g = find(r.ev, "192.0.2.2", "www.example.", DD_TYPE_A);
	assert_int_equal(g->error, DD_QERR_NONE);
	assert_int_equal(g->rtt_ms, 10);
	/* the root's round, then example.'s held 400 ms (against 1800 ms for the schedule of
	 * three datagrams and a connection, test_sibling_silent) */
	assert_int_equal(r.st.duration_ms, 10 + 2 * DD__RTO_FLOOR_MS);
	char detail[512], want[512];
	size_t n;
	finding_of(&r, "SERVER_UNREACHABLE", "192.0.2.3", detail, sizeof(detail), &n);
	assert_int_equal(n, 1);
	snprintf(want, sizeof(want), "ns2.example. (192.0.2.3) did not answer any of %zu queries "
	         "(timeout; up to 2 attempts within 0.4 s each)",
	         exchanges_in(r.ev, "192.0.2.3", "example."));
	assert_string_equal(detail, want);
	done(&r);
}

/* The sibling has not answered when the first attempt's timeout expires (it is slower than
 * that): the silent server keeps the whole schedule, 200 + 400 + 800 ms datagrams and a
 * 400 ms connection, and the sentence says that. */
static void test_sibling_silent(void **state)
{
	(void)state;
	run_t r = { .f = load("faults.scn", "server 192.0.2.2 delay=300\nserver 192.0.2.3 silent") };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	cfg.udp_tries = 3;
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	const dd_exchange_t *x = find(r.ev, "192.0.2.3", "www.example.", DD_TYPE_A);
	assert_non_null(x);
	assert_int_equal(x->error, DD_QERR_TIMEOUT);
	assert_int_equal(x->transport, DD_XPORT_TCP);  /* the last try was TCP */
	assert_int_equal(x->attempts, 4);              /* 3 datagrams, 1 connection */
	/* the first timeout from the RTTs seen (the floor), doubling for each datagram, and
	 * twice the first for the connection: 200 + 400 + 800 + 400 ms, under --timeout */
	assert_int_equal(x->rtt_ms, 1800);
	const dd_exchange_t *g = find(r.ev, "192.0.2.2", "www.example.", DD_TYPE_A);
	assert_int_equal(g->error, DD_QERR_NONE);
	assert_int_equal(g->rtt_ms, 300);
	/* the run lasted the root's round plus one exchange's whole schedule, on the fake clock */
	assert_int_equal(r.st.duration_ms, 10 + 1800);
	char detail[512], want[512];
	size_t n;
	finding_of(&r, "SERVER_UNREACHABLE", "192.0.2.3", detail, sizeof(detail), &n);
	assert_int_equal(n, 1);
	snprintf(want, sizeof(want), "ns2.example. (192.0.2.3) did not answer any of %zu queries "
	         "(timeout; up to 4 attempts within 1.8 s each)",
	         exchanges_in(r.ev, "192.0.2.3", "example."));
	assert_string_equal(detail, want);
	done(&r);
}

/* A zone's only server: no sibling shows the zone served, so its silence may be the path's:
 * the whole schedule (two datagrams and a connection: 200 + 400 + 400 ms). */
static void test_lone_server(void **state)
{
	(void)state;
	run_t r = { .f = load("lone.scn", NULL) };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	size_t n = 0;
	for (size_t i = 0; i < r.ev->nxs; i++) {
		const dd_exchange_t *x = &r.ev->xs[i];
		if (strcmp(x->server, "192.0.2.2") == 0) {
			assert_int_equal(x->error, DD_QERR_TIMEOUT);
			assert_int_equal(x->attempts, 3);
			assert_int_equal(x->transport, DD_XPORT_TCP);
			assert_int_equal(x->rtt_ms, 1000);
			n++;
		}
	}
	assert_true(n > 0);
	assert_int_equal(tcp_to(r.f, "192.0.2.2"), n);
	assert_int_equal(r.st.duration_ms, 10 + 1000);
	char detail[512], want[512];
	size_t k;
	finding_of(&r, "SERVER_UNREACHABLE", "192.0.2.2", detail, sizeof(detail), &k);
	snprintf(want, sizeof(want), "ns1.example. (192.0.2.2) did not answer any of %zu queries "
	         "(timeout; up to 3 attempts within 1.0 s each)", n);
	assert_string_equal(detail, want);
	done(&r);
}

/* A server that let a whole exchange go unanswered, and answered none, gets one short attempt
 * per query afterwards: its siblings serve the zone, and it is not waited for again. */
static void test_down_server(void **state)
{
	(void)state;
	run_t r = { .f = load("dead.scn", NULL) };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_true(zone_index(r.ev, "sub.example.") > 0);
	size_t first = 0, later = 0;
	for (size_t i = 0; i < r.ev->nxs; i++) {
		const dd_exchange_t *x = &r.ev->xs[i];
		if (strcmp(x->server, "192.0.2.3") != 0) {
			continue;
		}
		assert_int_equal(x->error, DD_QERR_TIMEOUT);
		assert_int_equal(x->transport, DD_XPORT_UDP);
		if (x->round > 2) {
			/* sub.example.'s round: one datagram, the first timeout from the RTTs seen */
			assert_int_equal(x->attempts, 1);
			assert_int_equal(x->rtt_ms, DD__RTO_FLOOR_MS);
			later++;
		} else {
			/* example.'s round (the second): its sibling answered, so the first attempt
			 * and one short retry, 200 + 200 ms */
			assert_int_equal(x->round, 2);
			assert_int_equal(x->attempts, 2);
			assert_int_equal(x->rtt_ms, 2 * DD__RTO_FLOOR_MS);
			first++;
		}
	}
	assert_true(first > 0);
	assert_true(later > 0);
	/* the healthy server of sub.example. answered everything */
	const dd_exchange_t *g = find(r.ev, "192.0.2.4", "www.sub.example.", DD_TYPE_A);
	assert_non_null(g);
	assert_int_equal(g->error, DD_QERR_NONE);
	/* the root's round, example.'s held by the silent server, sub.example.'s one short try */
	assert_int_equal(r.st.duration_ms, 10 + 2 * DD__RTO_FLOOR_MS + DD__RTO_FLOOR_MS);
	/* The sentence for a server tried once per query. Here sub.example.'s count also holds
	 * the queries about its names that example.'s round sent with a retry; as evidence where
	 * every one of them was a single try (the server failed in a zone asked about other
	 * names first), the sentence must say one attempt, not leave the tries out. */
	uint8_t sub[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str("sub.example.", sub) > 0);
	size_t in_sub = 0;
	for (size_t i = 0; i < r.ev->nxs; i++) {
		dd_exchange_t *x = &r.ev->xs[i];
		if (strcmp(x->server, "192.0.2.3") == 0 && dd_name_in_zone(x->qname, sub)) {
			x->attempts = 1;
			x->rtt_ms = DD__RTO_FLOOR_MS;
			in_sub++;
		}
	}
	assert_true(in_sub >= later);
	char want[512];
	snprintf(want, sizeof(want), "ns2.example. (192.0.2.3) did not answer any of %zu queries "
	         "(timeout; one attempt within 0.2 s each)", in_sub);
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze(r.ev, fake_clock(r.f) / 1000, &an), DD_OK);
	size_t n = 0;
	for (size_t i = 0; i < an->nfindings; i++) {
		const dd_finding_t *f = &an->findings[i];
		if (strcmp(f->code, "SERVER_UNREACHABLE") == 0 && dd_name_equal(f->zone, sub)) {
			assert_string_equal(f->detail, want);
			n++;
		}
	}
	assert_int_equal(n, 1);
	dd_analysis_free(an);
	done(&r);
}

/* fixed_timeouts (monitor): every attempt waits --timeout, whatever the RTTs seen */
static void test_fixed_timeouts(void **state)
{
	(void)state;
	run_t r = { .f = load("dead.scn", NULL) };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	cfg.fixed_timeouts = true;
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	size_t n = 0;
	for (size_t i = 0; i < r.ev->nxs; i++) {
		const dd_exchange_t *x = &r.ev->xs[i];
		if (strcmp(x->server, "192.0.2.3") == 0) {
			/* two datagrams and a connection, each --timeout, in every round */
			assert_int_equal(x->attempts, 3);
			assert_int_equal(x->rtt_ms, 3 * cfg.timeout_ms);
			n++;
		}
	}
	assert_true(n > 0);
	assert_int_equal(r.st.duration_ms, 10 + 2 * 3 * cfg.timeout_ms);
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rtt_estimator),
		cmocka_unit_test(test_machine_short_retry),
		cmocka_unit_test(test_retry),
		cmocka_unit_test(test_siblings_answered),
		cmocka_unit_test(test_sibling_silent),
		cmocka_unit_test(test_lone_server),
		cmocka_unit_test(test_down_server),
		cmocka_unit_test(test_fixed_timeouts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
