/* SPDX-License-Identifier: MIT
 * test_probe.c - the probe's walk without a network: zone-cut discovery (referrals, and an apex
 * without one), glueless name servers, TCP fallback on TC, the in-flight budget, the work
 * limits, cancellation and the addresses never queried, on the fake transport's clock
 * (tests/unit/data/probe/README.md); the notes kept in the evidence, so that a replay of it
 * reports what the run did. Retries and timeouts: test_probe_retry.c. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "probe/rtt.h"
#include "probe/walk.h"
#include "probe/xfer.h"

#include <dd/analysis.h>
#include <dd/diagnosis.h>
#include <dd/msg.h>
#include <dd/name.h>
#include <dd/probe.h>
#include <dd/report.h>

#include "fake_transport.h"
#include "probe_run.h"

static bool server_of(const dd_evidence_t *ev, int zone, const char *addr, unsigned src)
{
	const dd_zone_ev_t *z = &ev->zones[zone];
	for (size_t i = 0; i < z->nservers; i++) {
		if (strcmp(z->servers[i].addr, addr) == 0 && (z->servers[i].sources & src) == src) {
			return true;
		}
	}
	return false;
}

/* ---- zone cuts ------------------------------------------------------------------------------ */

static void test_cut_referral(void **state)
{
	(void)state;
	run_t r = { .f = load("basic.scn", NULL) };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_int_equal(r.ev->nzones, 2);
	int z = zone_index(r.ev, "example.");
	assert_int_equal(z, 1);
	assert_int_equal(r.ev->zones[z].parent, 0);
	assert_true(r.ev->zones[z].delegated);
	/* both servers, from the referral's glue and from the zone's own NS RRset */
	assert_int_equal(r.ev->zones[z].nservers, 2);
	assert_true(server_of(r.ev, z, "192.0.2.2", DD_SRC_PARENT | DD_SRC_CHILD));
	assert_true(server_of(r.ev, z, "192.0.2.3", DD_SRC_PARENT | DD_SRC_CHILD));
	assert_true(r.ev->zones[z].servers[0].glue);
	/* every server was asked the target and the zone's apex types */
	for (int s = 0; s < 2; s++) {
		const char *a = s ? "192.0.2.3" : "192.0.2.2";
		const dd_exchange_t *x = find(r.ev, a, "www.example.", DD_TYPE_A);
		assert_non_null(x);
		assert_int_equal(x->error, DD_QERR_NONE);
		assert_non_null(find(r.ev, a, "example.", DD_TYPE_DNSKEY));
		assert_non_null(find(r.ev, a, "example.", DD_TYPE_SOA));
		assert_int_equal(x->round, 2);
	}
	/* the root answered the target's SOA with a referral in round 1 */
	const dd_exchange_t *ref = find(r.ev, ROOT, "example.", DD_TYPE_SOA);
	assert_non_null(ref);
	assert_int_equal(ref->round, 1);
	assert_int_equal(r.st.queries, r.ev->nxs);
	assert_int_equal(fake_nsent(r.f), r.ev->nxs);  /* no retries needed */
	/* the fake clock: three dependent rounds of 10 ms answers (the root, example., then the
	 * types of www's NSEC bitmap) */
	assert_int_equal(r.st.duration_ms, 30);
	assert_int_equal(dd_evidence_rounds(r.ev), 3);
	done(&r);
}

static void test_cut_apex_without_referral(void **state)
{
	(void)state;
	run_t r = { .f = load("basic.scn", NULL) };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_int_equal(r.ev->nzones, 3);
	int e = zone_index(r.ev, "example."), s = zone_index(r.ev, "sub.example.");
	assert_true(e > 0 && s > 0);
	assert_int_equal(r.ev->zones[s].parent, e);
	/* found by the SOA at its apex from the parent's own servers, which serve it */
	const dd_exchange_t *soa = find(r.ev, "192.0.2.2", "sub.example.", DD_TYPE_SOA);
	assert_non_null(soa);
	dd_msg_t *m = dd_msg_of(soa);
	assert_non_null(m);
	assert_true(m->flags & DD_FLAG_AA);
	assert_int_equal(m->count[DD_SECTION_ANSWER], 1);
	dd_msg_free(m);
	assert_true(server_of(r.ev, s, "192.0.2.2", DD_SRC_PARENT));
	assert_true(server_of(r.ev, s, "192.0.2.3", DD_SRC_PARENT));
	assert_non_null(find(r.ev, "192.0.2.3", "www.sub.example.", DD_TYPE_A));
	assert_int_equal(find(r.ev, "192.0.2.3", "www.sub.example.", DD_TYPE_A)->round, 3);
	done(&r);
}

static void test_nsec_bitmap_queries(void **state)
{
	(void)state;
	run_t r = { .f = load("basic.scn", NULL) };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	/* the NSEC at www lists A TXT MX RRSIG NSEC: TXT and MX are asked of every server, the
	 * queried type, RRSIG and NSEC are not */
	for (int s = 0; s < 2; s++) {
		const char *a = s ? "192.0.2.3" : "192.0.2.2";
		assert_non_null(find(r.ev, a, "www.example.", DD_TYPE_TXT));
		assert_non_null(find(r.ev, a, "www.example.", DD_TYPE_MX));
		assert_null(find(r.ev, a, "www.example.", DD_TYPE_RRSIG));
		assert_null(find(r.ev, a, "www.example.", DD_TYPE_NSEC));
	}
	size_t a_queries = 0;
	for (size_t i = 0; i < r.ev->nxs; i++) {
		uint8_t www[DD_NAME_MAXLEN];
		dd_name_from_str("www.example.", www);
		a_queries += r.ev->xs[i].qtype == DD_TYPE_A && dd_name_equal(r.ev->xs[i].qname, www);
	}
	assert_int_equal(a_queries, 3);  /* the root's, and each server's once */
	done(&r);
}

static void test_glueless(void **state)
{
	(void)state;
	run_t r = { .f = load("glueless.scn", NULL) };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	int z = zone_index(r.ev, "example.");
	assert_true(z > 0);
	/* the NS name resolved from the root down: the root refers to net., whose server knows */
	assert_true(server_of(r.ev, z, "192.0.2.20", DD_SRC_PARENT));
	assert_false(r.ev->zones[z].servers[0].glue);
	const dd_exchange_t *q1 = find(r.ev, ROOT, "ns.hoster.net.", DD_TYPE_A);
	const dd_exchange_t *q2 = find(r.ev, "192.0.2.10", "ns.hoster.net.", DD_TYPE_A);
	assert_non_null(q1);
	assert_non_null(q2);
	assert_true(q2->round > q1->round);
	const dd_exchange_t *x = find(r.ev, "192.0.2.20", "www.example.", DD_TYPE_A);
	assert_non_null(x);
	assert_int_equal(x->error, DD_QERR_NONE);
	assert_true(x->round > q2->round);
	/* net. is not a zone of the chain */
	assert_int_equal(zone_index(r.ev, "net."), -1);
	done(&r);
}

/* Names inside a zone without glue (one the parent lists, one only the zone lists) are
 * resolved at the zone's own servers, here the one the caller named, and probed like the
 * others: none is left without an address (issue 21). */
static void test_names_inside_zone(void **state)
{
	(void)state;
	run_t r = { .f = load("childns.scn", NULL) };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	dd_probe_server_t user = { .addr = "192.0.2.5" };
	dd_name_from_str("sub.example.", user.zone);
	cfg.servers = &user;
	cfg.nservers = 1;
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	int z = zone_index(r.ev, "sub.example.");
	assert_true(z > 0);
	assert_true(server_of(r.ev, z, "192.0.2.5", DD_SRC_PARENT | DD_SRC_CHILD));
	assert_true(server_of(r.ev, z, "192.0.2.6", DD_SRC_CHILD));
	for (size_t i = 0; i < r.ev->zones[z].nservers; i++) {
		assert_string_not_equal(r.ev->zones[z].servers[i].addr, "");
	}
	/* asked where the addresses live, and the name only the zone lists probed */
	assert_non_null(find(r.ev, "192.0.2.5", "ns3.sub.example.", DD_TYPE_A));
	assert_non_null(find(r.ev, "192.0.2.5", "ns1.sub.example.", DD_TYPE_A));
	const dd_exchange_t *x = find(r.ev, "192.0.2.6", "www.sub.example.", DD_TYPE_A);
	assert_non_null(x);
	assert_int_equal(x->error, DD_QERR_NONE);
	done(&r);
}

/* ---- exchanges ------------------------------------------------------------------------------ */

static void test_tcp_fallback(void **state)
{
	(void)state;
	run_t r = { .f = load("faults.scn", "server 192.0.2.3 tc") };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	const dd_exchange_t *x = find(r.ev, "192.0.2.3", "www.example.", DD_TYPE_A);
	assert_non_null(x);
	assert_int_equal(x->error, DD_QERR_NONE);
	assert_int_equal(x->transport, DD_XPORT_TCP);
	assert_true(x->udp_truncated);
	assert_int_equal(x->attempts, 2);
	assert_int_equal(x->rtt_ms, 20);  /* UDP, then TCP right away */
	dd_msg_t *m = dd_msg_of(x);
	assert_non_null(m);
	assert_int_equal(m->count[DD_SECTION_ANSWER], 1);
	dd_msg_free(m);
	size_t tcp = 0;
	for (size_t i = 0; i < fake_nsent(r.f); i++) {
		tcp += fake_sent(r.f, i)->tcp;
	}
	assert_int_equal(tcp, fake_sent_to(r.f, "192.0.2.3") / 2);
	done(&r);
}

static void test_tc_over_tcp(void **state)
{
	(void)state;
	run_t r = { .f = load("faults.scn", "server 192.0.2.3 tc-always") };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	const dd_exchange_t *x = find(r.ev, "192.0.2.3", "www.example.", DD_TYPE_A);
	assert_non_null(x);
	assert_int_equal(x->error, DD_QERR_TCP);  /* RFC 7766 8: no whole answer */
	assert_true(x->udp_truncated);
	assert_null(x->wire);
	done(&r);
}

/* What cfg->on_nx_name was told, and when on the fake clock. */
typedef struct told {
	fake_t *f;
	unsigned n;
	char name[2][1024];
	int64_t at[2];
} told_t;

static void on_nx(void *arg, const uint8_t *nx)
{
	told_t *t = arg;
	if (t->n < 2) {
		assert_int_equal(dd_name_to_str(nx, t->name[t->n], sizeof(t->name[0])), DD_OK);
		t->at[t->n] = fake_clock(t->f);
	}
	t->n++;
}

/* The nonexistent name is told as soon as one server's answers show the target's zone, not
 * when the zone's round ends, which its silent server holds for a timeout (issue 15: the
 * resolver views ask it beside the probe). */
static void test_nx_told_early(void **state)
{
	(void)state;
	run_t r = { .f = load("dead.scn", NULL) };
	told_t t = { .f = r.f };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	cfg.on_nx_name = on_nx;
	cfg.on_nx_name_arg = &t;
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.name[0], "dd-nx.sub.example.");
	char ev_nx[1024];
	assert_int_equal(dd_name_to_str(r.ev->nx_name, ev_nx, sizeof(ev_nx)), DD_OK);
	assert_string_equal(ev_nx, "dd-nx.sub.example.");
	/* the root's round, example.'s (held by the silent server for its first attempt and the
	 * short retry its answering sibling earns it, 200 + 200 ms), and sub.example.'s healthy
	 * server's answers 10 ms later; its silent one times out 200 ms after that */
	assert_int_equal(t.at[0] - r.ev->started_ms, 10 + 2 * DD__RTO_FLOOR_MS + 10);
	assert_int_equal(r.st.duration_ms, 10 + 2 * DD__RTO_FLOOR_MS + DD__RTO_FLOOR_MS);
	size_t sent = fake_nsent(r.f);
	done(&r);

	/* without the hook, the same walk: as many datagrams and connections, as long */
	run_t r2 = { .f = load("dead.scn", NULL) };
	cfg.on_nx_name = NULL;
	probe(&r2, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r2.ret, DD_OK);
	assert_int_equal(fake_nsent(r2.f), sent);
	assert_int_equal(r2.st.duration_ms, 10 + 2 * DD__RTO_FLOOR_MS + DD__RTO_FLOOR_MS);
	done(&r2);
}

/* One server's word names example., the round decides on the cut below it: told again, with
 * the zone the evidence keeps. */
static void test_nx_told_again(void **state)
{
	(void)state;
	run_t r = { .f = load("split.scn", NULL) };
	told_t t = { .f = r.f };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	cfg.on_nx_name = on_nx;
	cfg.on_nx_name_arg = &t;
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_true(zone_index(r.ev, "sub.example.") > 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.name[0], "dd-nx.example.");
	assert_string_equal(t.name[1], "dd-nx.sub.example.");
	assert_true(t.at[0] <= t.at[1]);
	char ev_nx[1024];
	assert_int_equal(dd_name_to_str(r.ev->nx_name, ev_nx, sizeof(ev_nx)), DD_OK);
	assert_string_equal(ev_nx, t.name[1]);
	done(&r);
}

static void test_garbage_and_refused(void **state)
{
	(void)state;
	run_t r = { .f = load("faults.scn", "server 192.0.2.3 garbage") };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	const dd_exchange_t *x = find(r.ev, "192.0.2.3", "www.example.", DD_TYPE_A);
	assert_non_null(x);
	assert_int_equal(x->error, DD_QERR_MALFORMED);
	done(&r);

	r = (run_t){ .f = load("faults.scn", "server 192.0.2.3 refused") };
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	x = find(r.ev, "192.0.2.3", "www.example.", DD_TYPE_A);
	assert_non_null(x);
	assert_int_equal(x->error, DD_QERR_UNREACHABLE);
	assert_int_equal(x->attempts, 1);
	done(&r);
}

/* ---- budget --------------------------------------------------------------------------------- */

static void test_inflight_budget(void **state)
{
	(void)state;
	/* the probe's own cap on queries in flight, and a shared budget's */
	run_t r = { .f = load("basic.scn", NULL) };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	size_t unlimited = fake_max_inflight(r.f), total = r.ev->nxs;
	assert_true(unlimited > 4);
	done(&r);

	r = (run_t){ .f = load("basic.scn", NULL) };
	cfg.max_inflight = 4;
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_int_equal(fake_max_inflight(r.f), 4);
	assert_int_equal(r.ev->nxs, total);  /* the same work, queued */
	done(&r);

	dd_probe_budget_t *b = NULL;
	assert_int_equal(dd_probe_budget_new(3, 0, &b), DD_OK);
	r = (run_t){ .f = load("basic.scn", NULL) };
	cfg.max_inflight = 0;
	cfg.budget = b;
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_int_equal(fake_max_inflight(r.f), 3);
	size_t sent = 0, deferred = 0;
	dd_probe_budget_stats(b, &sent, &deferred);
	assert_int_equal(sent, total);
	assert_true(deferred > 0);
	assert_int_equal(r.ev->nxs, total);
	done(&r);
	dd_probe_budget_free(b);
}

/* ---- limits ---------------------------------------------------------------------------------- */

static const dd_probe_note_t *note(const dd_probe_stats_t *st, dd_probe_note_kind_t kind,
                                   const char *zone_or_addr)
{
	uint8_t z[DD_NAME_MAXLEN];
	bool by_addr = kind == DD_PROBE_NOTE_ADDR_REFUSED || kind == DD_PROBE_NOTE_ADDR_PRIVATE;
	if (!by_addr) {
		assert_true(dd_name_from_str(zone_or_addr, z) > 0);
	}
	for (size_t i = 0; i < st->nnotes; i++) {
		const dd_probe_note_t *n = &st->notes[i];
		if (n->kind == kind && (by_addr ? strcmp(n->addr, zone_or_addr) == 0
		                                : dd_name_equal(n->zone, z))) {
			return n;
		}
	}
	return NULL;
}

static size_t count_qtype(const dd_evidence_t *ev, const char *name, uint16_t qtype)
{
	uint8_t n[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str(name, n) > 0);
	size_t c = 0;
	for (size_t i = 0; i < ev->nxs; i++) {
		c += ev->xs[i].qtype == qtype && dd_name_equal(ev->xs[i].qname, n);
	}
	return c;
}

static void test_limit_chain_depth(void **state)
{
	(void)state;
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	/* without a depth limit worth the name: every link of the chain is looked up */
	run_t r = { .f = load("chain.scn", NULL) };
	cfg.limits.ns_depth = 100;
	probe(&r, &cfg, "www.target.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_int_equal(r.st.resolve_queries, 11);
	assert_int_equal(r.st.ns_depth, 11);
	assert_null(note(&r.st, DD_PROBE_NOTE_NS_DEPTH, "target.example."));
	done(&r);

	/* the default: four names deep, then a note for the zone that needed them */
	r = (run_t){ .f = load("chain.scn", NULL) };
	cfg.limits.ns_depth = 0;
	probe(&r, &cfg, "www.target.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_int_equal(r.st.resolve_queries, DD_PROBE_LIMIT_NS_DEPTH);
	assert_int_equal(r.st.ns_depth, DD_PROBE_LIMIT_NS_DEPTH);
	const dd_probe_note_t *n = note(&r.st, DD_PROBE_NOTE_NS_DEPTH, "target.example.");
	assert_non_null(n);
	assert_string_equal(n->code, "WORK_LIMIT_EXCEEDED");
	assert_non_null(strstr(n->detail, "ns.c5.example"));
	assert_int_equal(count_qtype(r.ev, "ns.c5.example.", DD_TYPE_A), 0);
	assert_int_equal(count_qtype(r.ev, "ns.c4.example.", DD_TYPE_A), 1);
	/* everything else was probed: the root and example. answered */
	assert_non_null(find(r.ev, "192.0.2.2", "example.", DD_TYPE_DNSKEY));
	int z = zone_index(r.ev, "target.example.");
	assert_true(z > 0);
	assert_string_equal(r.ev->zones[z].servers[0].addr, "");  /* listed, unresolved */
	done(&r);
}

static void test_limit_fanout(void **state)
{
	(void)state;
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	run_t r = { .f = load("fanout.scn", NULL) };
	probe(&r, &cfg, "www.wide.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	/* 40 names listed, 32 read from the referral, 13 considered, each one lookup */
	assert_int_equal(r.st.glueless, DD_PROBE_LIMIT_NS_PER_CUT);
	assert_int_equal(r.st.resolve_queries, DD_PROBE_LIMIT_NS_PER_CUT);
	int z = zone_index(r.ev, "wide.example.");
	assert_true(z > 0);
	assert_int_equal(r.ev->zones[z].nservers, DD_PROBE_LIMIT_NS_PER_CUT);
	const dd_probe_note_t *n = note(&r.st, DD_PROBE_NOTE_NS_PER_CUT, "wide.example.");
	assert_non_null(n);
	assert_int_equal(n->count, 32 - DD_PROBE_LIMIT_NS_PER_CUT);
	done(&r);

	/* the run's budget of names without glue */
	r = (run_t){ .f = load("fanout.scn", NULL) };
	cfg.limits.glueless = 5;
	probe(&r, &cfg, "www.wide.example.", DD_TYPE_A);
	assert_int_equal(r.st.glueless, 5);
	assert_int_equal(r.st.resolve_queries, 5);
	n = note(&r.st, DD_PROBE_NOTE_GLUELESS, "wide.example.");
	assert_non_null(n);
	assert_int_equal(n->count, DD_PROBE_LIMIT_NS_PER_CUT - 5);
	done(&r);

	/* and of lookup queries */
	r = (run_t){ .f = load("fanout.scn", NULL) };
	cfg.limits.glueless = 0;
	cfg.limits.resolve_queries = 7;
	probe(&r, &cfg, "www.wide.example.", DD_TYPE_A);
	assert_int_equal(r.st.resolve_queries, 7);
	assert_non_null(note(&r.st, DD_PROBE_NOTE_RESOLVE_QUERIES, "wide.example."));
	done(&r);
}

static void test_limit_queries(void **state)
{
	(void)state;
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	cfg.limits.queries = 20;
	run_t r = { .f = load("basic.scn", NULL) };
	probe(&r, &cfg, "www.sub.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_true(r.st.stopped);
	assert_int_equal(r.st.queries, 20);
	assert_int_equal(fake_nsent(r.f), 20);
	assert_int_equal(r.ev->nxs, 20);  /* what was asked is kept */
	assert_non_null(note(&r.st, DD_PROBE_NOTE_QUERIES, "example."));
	assert_int_equal(zone_index(r.ev, "sub.example."), -1);
	done(&r);
}

static void test_limit_wall_time(void **state)
{
	(void)state;
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	cfg.limits.wall_ms = 800;
	/* a silent server holds example.'s first round for two datagrams and a connection
	 * (200 + 400 + 400 ms: the floor, doubled, and twice the first for TCP): its sibling,
	 * slower than the first timeout, has not answered when that expires, so it keeps the
	 * whole schedule (test_probe_retry.c) */
	run_t r = { .f = load("faults.scn", "server 192.0.2.2 delay=300\nserver 192.0.2.3 silent") };
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_true(r.st.stopped);
	assert_non_null(note(&r.st, DD_PROBE_NOTE_WALL_TIME, "example."));
	/* stopped when the round ended: nothing of the next round (the bitmap types) was asked */
	assert_int_equal(r.st.duration_ms, 10 + 200 + 400 + 400);
	assert_int_equal(dd_evidence_rounds(r.ev), 2);
	done(&r);
}

static void cancel_at(void *arg, size_t nsent)
{
	if (nsent == 12) {
		dd_probe_cancel_trigger(arg);
	}
}

static void test_cancel(void **state)
{
	(void)state;
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	dd_probe_cancel_t *c = NULL;
	assert_int_equal(dd_probe_cancel_new(&c), DD_OK);
	cfg.cancel = c;
	/* not triggered: a whole run */
	run_t r = { .f = load("basic.scn", NULL) };
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_false(r.st.interrupted);
	size_t whole = r.ev->nxs;
	done(&r);

	/* triggered while the root's queries are out: they are abandoned, nothing more is sent */
	r = (run_t){ .f = load("basic.scn", NULL) };
	fake_on_send(r.f, cancel_at, c);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	assert_true(r.st.interrupted);
	assert_true(dd_probe_cancelled(c));
	size_t started, completed, cancelled;
	fake_counts(r.f, &started, &completed, &cancelled);
	assert_true(cancelled > 0);
	assert_int_equal(r.ev->nxs, completed);  /* abandoned queries are not evidence */
	assert_true(r.ev->nxs < whole);
	/* the root's round went out (the loop sees the token at its next turn), nothing after */
	assert_int_equal(fake_sent_to(r.f, "192.0.2.2") + fake_sent_to(r.f, "192.0.2.3"), 0);
	assert_int_equal(fake_nsent(r.f), fake_sent_to(r.f, ROOT));
	done(&r);

	/* triggered before: nothing is sent at all */
	r = (run_t){ .f = load("basic.scn", NULL) };
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_true(r.st.interrupted);
	assert_int_equal(fake_nsent(r.f), 0);
	done(&r);
	dd_probe_cancel_free(c);
}

static void test_private_addresses(void **state)
{
	(void)state;
	static const char *refused[] = { "127.0.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1" };
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	run_t r = { .f = load("private.scn", NULL) };
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_int_equal(r.ret, DD_OK);
	int z = zone_index(r.ev, "example.");
	assert_int_equal(r.ev->zones[z].nservers, 6);  /* all listed, as the referral said */
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		/* never reaches the transport, and no failure is recorded for it */
		assert_int_equal(fake_sent_to(r.f, refused[i]), 0);
		const dd_probe_note_t *n = note(&r.st, DD_PROBE_NOTE_ADDR_REFUSED, refused[i]);
		assert_non_null(n);
		assert_string_equal(n->code, "NS_ADDRESS_PRIVATE");
		for (size_t k = 0; k < r.ev->nxs; k++) {
			assert_string_not_equal(r.ev->xs[k].server, refused[i]);
		}
	}
	/* RFC 1918: asked, and flagged */
	assert_true(fake_sent_to(r.f, "10.0.0.1") > 0);
	assert_non_null(note(&r.st, DD_PROBE_NOTE_ADDR_PRIVATE, "10.0.0.1"));
	assert_null(note(&r.st, DD_PROBE_NOTE_ADDR_PRIVATE, "192.0.2.2"));
	assert_non_null(find(r.ev, "192.0.2.2", "www.example.", DD_TYPE_A));
	done(&r);

	/* a private hierarchy: everything asked, nothing flagged */
	r = (run_t){ .f = load("private.scn", NULL) };
	cfg.allow_private = true;
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		assert_true(fake_sent_to(r.f, refused[i]) > 0);
	}
	assert_int_equal(r.st.nnotes, 0);
	done(&r);

	/* an address the caller gives is asked whatever it is */
	dd_probe_server_t user = { .addr = "127.0.0.1" };
	dd_name_from_str("example.", user.zone);
	r = (run_t){ .f = load("private.scn", NULL) };
	cfg.allow_private = false;
	cfg.servers = &user;
	cfg.nservers = 1;
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_true(fake_sent_to(r.f, "127.0.0.1") > 0);
	assert_null(note(&r.st, DD_PROBE_NOTE_ADDR_REFUSED, "127.0.0.1"));
	assert_non_null(note(&r.st, DD_PROBE_NOTE_ADDR_REFUSED, "0.0.0.0"));
	done(&r);
}

/* The notes become findings of the analysis, and root causes of the diagnosis. */
static void test_notes_as_findings(void **state)
{
	(void)state;
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	run_t r = { .f = load("private.scn", NULL) };
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(r.ev, fake_clock(r.f) / 1000, &an), DD_OK);
	assert_false(dd_analysis_has(an, "NS_ADDRESS_PRIVATE"));
	assert_int_equal(dd_analysis_add_probe(an, &r.st), DD_OK);
	const dd_finding_t *f = NULL;
	for (size_t i = 0; i < an->nfindings; i++) {
		if (strcmp(an->findings[i].code, "NS_ADDRESS_PRIVATE") == 0) {
			f = &an->findings[i];
		}
	}
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_WARNING);
	assert_string_equal(f->dnsviz, "NS_NAME_PRIVATE_IP");
	assert_int_equal(f->nservers, 5);  /* four refused, one private: one finding for the zone */
	assert_non_null(strstr(f->detail, "is loopback"));
	assert_int_equal(dd_diagnose(an, r.ev, &dg), DD_OK);
	bool cause = false;
	for (size_t i = 0; i < dg->ncauses; i++) {
		cause = cause || strcmp(dg->causes[i].code, "NS_ADDRESS_PRIVATE") == 0;
	}
	assert_true(cause);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	done(&r);

	r = (run_t){ .f = load("chain.scn", NULL) };
	probe(&r, &cfg, "www.target.example.", DD_TYPE_A);
	assert_int_equal(dd_analyze(r.ev, fake_clock(r.f) / 1000, &an), DD_OK);
	assert_int_equal(dd_analysis_add_probe(an, &r.st), DD_OK);
	assert_true(dd_analysis_has(an, "WORK_LIMIT_EXCEEDED"));
	assert_int_equal(dd_diagnose(an, r.ev, &dg), DD_OK);
	cause = false;
	for (size_t i = 0; i < dg->ncauses; i++) {
		uint8_t z[DD_NAME_MAXLEN];
		dd_name_from_str("target.example.", z);
		cause = cause || (strcmp(dg->causes[i].code, "WORK_LIMIT_EXCEEDED") == 0 &&
		                  dd_name_equal(dg->causes[i].zone, z));
	}
	assert_true(cause);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	done(&r);
}

/* The report of @p ev with its notes from @p st (a live run) or, with @p st NULL, from the
 * evidence (a replay), as text and JSON; @p nfindings gets the analysis's count. */
static char *report_of(const dd_evidence_t *ev, const dd_probe_stats_t *st, int64_t at,
                       size_t *nfindings)
{
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_analyze(ev, at, &an), DD_OK);
	assert_int_equal(st != NULL ? dd_analysis_add_probe(an, st) : dd_analysis_add_notes(an, ev),
	                 DD_OK);
	*nfindings = an->nfindings;
	/* adding them again, from either form, changes nothing */
	assert_int_equal(dd_analysis_add_notes(an, ev), DD_OK);
	assert_int_equal(an->nfindings, *nfindings);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(dd_report_text(f, ev, an, dg, NULL, NULL), DD_OK);
	assert_int_equal(dd_report_json(f, ev, an, dg, NULL, NULL), DD_OK);
	fclose(f);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	return buf;
}

/* @p ev saved and loaded again. */
static dd_evidence_t *saved_and_loaded(const dd_evidence_t *ev)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(dd_evidence_save(ev, f), DD_OK);
	fclose(f);
	f = fmemopen(buf, len, "r");
	dd_evidence_t *copy = NULL;
	char err[256] = "";
	if (dd_evidence_load(f, &copy, err, sizeof(err)) != DD_OK) {
		fail_msg("%s", err);
	}
	fclose(f);
	free(buf);
	return copy;
}

/* The notes go into the evidence: a replay of saved evidence reports what the run reported
 * (the work limits, the addresses refused and flagged), and says the run was interrupted. */
static void test_notes_replayed(void **state)
{
	(void)state;
	static const struct {
		const char *scn, *target, *code;
	} runs[] = {
		{ "private.scn", "www.example.", "NS_ADDRESS_PRIVATE" },
		{ "chain.scn", "www.target.example.", "WORK_LIMIT_EXCEEDED" },
	};
	dd_probe_server_t hint;
	dd_probe_config_t cfg = config(&hint);
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		run_t r = { .f = load(runs[i].scn, NULL) };
		probe(&r, &cfg, runs[i].target, DD_TYPE_A);
		assert_int_equal(r.ret, DD_OK);
		assert_true(r.st.nnotes > 0);
		assert_int_equal(r.ev->nnotes, r.st.nnotes);
		for (size_t k = 0; k < r.st.nnotes; k++) {
			assert_string_equal(r.ev->notes[k].code, r.st.notes[k].code);
			assert_true(dd_name_equal(r.ev->notes[k].zone, r.st.notes[k].zone));
			assert_string_equal(r.ev->notes[k].addr, r.st.notes[k].addr);
			assert_string_equal(r.ev->notes[k].detail, r.st.notes[k].detail);
			assert_int_equal(r.ev->notes[k].count, r.st.notes[k].count);
		}
		assert_false(r.ev->interrupted);
		int64_t at = fake_clock(r.f) / 1000;
		size_t live_n = 0, replay_n = 0;
		char *live = report_of(r.ev, &r.st, at, &live_n);
		assert_non_null(strstr(live, runs[i].code));
		dd_evidence_t *copy = saved_and_loaded(r.ev);
		assert_int_equal(copy->nnotes, r.ev->nnotes);
		char *replay = report_of(copy, NULL, at, &replay_n);
		assert_int_equal(replay_n, live_n);
		assert_string_equal(replay, live);
		free(live);
		free(replay);
		dd_evidence_free(copy);
		done(&r);
	}

	/* interrupted: the evidence says so, and keeps saying so once saved */
	dd_probe_cancel_t *c = NULL;
	assert_int_equal(dd_probe_cancel_new(&c), DD_OK);
	cfg.cancel = c;
	run_t r = { .f = load("basic.scn", NULL) };
	fake_on_send(r.f, cancel_at, c);
	probe(&r, &cfg, "www.example.", DD_TYPE_A);
	assert_true(r.st.interrupted);
	assert_true(r.ev->interrupted);
	dd_evidence_t *copy = saved_and_loaded(r.ev);
	assert_true(copy->interrupted);
	dd_evidence_free(copy);
	done(&r);
	dd_probe_cancel_free(c);
}

static void test_scenario_errors(void **state)
{
	(void)state;
	fake_t *f = NULL;
	char err[256];
	assert_int_equal(fake_load_string("zone example. 192.0.2.1\nexample. IN SOA x", "t", &f, err,
	                                  sizeof(err)), DD_EPARSE);
	assert_non_null(strstr(err, "without 'end'"));
	assert_int_equal(fake_load_string("server 192.0.2.1 wobble\n", "t", &f, err, sizeof(err)),
	                 DD_EPARSE);
	assert_non_null(strstr(err, "wobble"));
	assert_int_equal(fake_load_string("zone example. 192.0.2.1\nexample. IN SOA x\nend\n", "t",
	                                  &f, err, sizeof(err)), DD_EPARSE);
	assert_null(f);
}

/* An address may carry its port as dig writes it ("192.0.2.1#5353"): the transport and the
 * address classes read the address alone, the port apart. */
static void test_addr_port(void **state)
{
	(void)state;
	char host[64];
	uint16_t port = 53;
	assert_int_equal(dd__addr_port("192.0.2.1", host, &port), 0);
	assert_string_equal(host, "192.0.2.1");
	assert_int_equal(port, 53);
	assert_int_equal(dd__addr_port("192.0.2.1#5353", host, &port), 0);
	assert_string_equal(host, "192.0.2.1");
	assert_int_equal(port, 5353);
	port = 53;
	assert_int_equal(dd__addr_port("2001:db8::1#65535", host, &port), 0);
	assert_string_equal(host, "2001:db8::1");
	assert_int_equal(port, 65535);
	port = 53;
	assert_int_equal(dd__addr_port("192.0.2.1#0", host, &port), -1);
	assert_int_equal(dd__addr_port("192.0.2.1#65536", host, &port), -1);
	assert_int_equal(dd__addr_port("192.0.2.1#", host, &port), -1);
	assert_int_equal(dd__addr_port("192.0.2.1#53x", host, &port), -1);
	assert_int_equal(port, 53);
	/* the class is the address's, whatever the port */
	const char *what;
	assert_int_equal(dd__addr_class("127.0.0.1#5353", &what), ADDR_REFUSED);
	assert_int_equal(dd__addr_class("10.1.2.3#5353", &what), ADDR_PRIVATE);
	assert_int_equal(dd__addr_class("fe80::1#53", &what), ADDR_REFUSED);
	assert_int_equal(dd__addr_class("192.0.2.1#5353", &what), dd__addr_class("192.0.2.1", &what));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_port),
		cmocka_unit_test(test_cut_referral),
		cmocka_unit_test(test_cut_apex_without_referral),
		cmocka_unit_test(test_nsec_bitmap_queries),
		cmocka_unit_test(test_glueless),
		cmocka_unit_test(test_names_inside_zone),
		cmocka_unit_test(test_tcp_fallback),
		cmocka_unit_test(test_tc_over_tcp),
		cmocka_unit_test(test_nx_told_early),
		cmocka_unit_test(test_nx_told_again),
		cmocka_unit_test(test_garbage_and_refused),
		cmocka_unit_test(test_inflight_budget),
		cmocka_unit_test(test_limit_chain_depth),
		cmocka_unit_test(test_limit_fanout),
		cmocka_unit_test(test_limit_queries),
		cmocka_unit_test(test_limit_wall_time),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_private_addresses),
		cmocka_unit_test(test_notes_as_findings),
		cmocka_unit_test(test_notes_replayed),
		cmocka_unit_test(test_scenario_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
