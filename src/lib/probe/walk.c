/* SPDX-License-Identifier: MIT
 * walk.c - the probe: walk from the root hints down to the target, finding every zone cut
 * (referrals, and apexes served without one), resolving name servers without glue
 * iteratively, and asking every address of every server of every zone, concurrently. This file
 * holds the query queue, the budgets, completion and the run; cut.c the zones, nsaddr.c the
 * name-server addresses. */

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/probe.h"
#include "dd/text.h"
#include "dns/name_text.h"
#include "share.h"
#include "walk.h"

/* The walk starts at the root's servers (zone 0, from the hints). */
static void start_walk(walk_t *w)
{
	dd__cut_probe(w, 0);
}

/* Where queue.c and nsaddr.c hand their results up: the files above them, named here only. */
static const walk_hooks_t HOOKS = {
	.start = start_walk,
	.answer = dd__cut_answer,
	.zone_done = dd__cut_done,
	.resolve_answer = dd__nsaddr_response,
	.addresses = dd__cut_add_addresses,
};

static bool have_ipv6_route(uint16_t port)
{
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0) {
		return false;
	}
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
	inet_pton(AF_INET6, "2001:500:2f::f", &sa.sin6_addr);  /* any global address will do */
	bool ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

static int walk_run(const dd__transport_t *tp, const dd_probe_config_t *cfg, prun_t *run,
                    const uint8_t *target, uint16_t qtype, dd_evidence_t **out)
{
	if (cfg == NULL || target == NULL || out == NULL || cfg->nhints == 0 ||
	    dd_name_check(target, DD_NAME_MAXLEN) < 0) {
		return DD_EINVAL;
	}
	walk_t *w = calloc(1, sizeof(*w));
	if (w == NULL) {
		return DD_ENOMEM;
	}
	int ret = dd_evidence_new(&w->ev);
	if (ret != DD_OK) {
		free(w);
		return ret;
	}
	w->tp = tp;
	w->run = run;
	w->stats = &run->st;
	w->cfg = cfg;
	w->hooks = HOOKS;
	ret = dd__queue_open(w);
	if (ret != DD_OK) {
		dd_evidence_free(w->ev);
		free(w);
		return ret;
	}
	w->port = cfg->port ? cfg->port : 53;
	w->xo = (xfer_opts_t){ .timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : 1500,
		               .udp_tries = cfg->udp_tries ? cfg->udp_tries : 2,
		               .tcp_on_failure = true };
	dd__rtt_init(&w->rtt, w->xo.timeout_ms);
	w->max_inflight = cfg->max_inflight ? cfg->max_inflight : 64;
	w->v4 = !cfg->no_ipv4;
	w->v6 = !cfg->no_ipv6 && have_ipv6_route(w->port);
	dd_name_to_lower(w->target, target);
	w->qtype = qtype;

	dd_evidence_t *ev = w->ev;
	memcpy(ev->target, w->target, dd_name_len(w->target));
	ev->qtype = qtype;
	ev->nodata_type = cfg->nodata_type ? cfg->nodata_type : 65280;
	ev->started_ms = tp->now(tp->ctx);
	snprintf(ev->anchor_source, sizeof(ev->anchor_source), "%s",
	         cfg->anchor_source ? cfg->anchor_source : "");
	for (size_t i = 0; i < cfg->nanchors && ret == DD_OK; i++) {
		ret = dd_evidence_add_anchor(ev, &cfg->anchors[i]);
	}
	for (size_t i = 0; i < cfg->ngiven_ds && ret == DD_OK; i++) {
		ret = dd_evidence_add_given_ds(ev, &cfg->given_ds[i]);
	}
	/* nx_name holds the probe label as a one-label name; each zone appends itself */
	char label[64];
	if (cfg->nx_label != NULL) {
		snprintf(label, sizeof(label), "%s", cfg->nx_label);
	} else {
		uint8_t rnd[6] = { 0 };
		if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
			memcpy(rnd, &w, sizeof(rnd) < sizeof(w) ? sizeof(rnd) : sizeof(w));
		}
		char hex[DD_HEX_SIZE(6)];
		dd_hex_encode(rnd, sizeof(rnd), hex, false);
		snprintf(label, sizeof(label), "dd-nx-%s", hex);
	}
	uint8_t lname[DD_NAME_MAXLEN];
	if (ret == DD_OK && (dd_name_from_str(label, lname) < 0 || dd_name_labels(lname) != 1 ||
	                     strchr(label, '.') != NULL)) {
		ret = DD_EINVAL;  /* must be a single label */
	}
	if (ret == DD_OK) {
		memcpy(ev->nx_name, lname, dd_name_len(lname));
		int root;
		ret = dd_evidence_zone(ev, (const uint8_t *)"", -1, &root);
		for (size_t i = 0; i < cfg->nhints && ret == DD_OK; i++) {
			ret = dd_evidence_zone_server(ev, root, cfg->hints[i].ns_name, cfg->hints[i].addr,
			                              DD_SRC_HINTS, false);
			dd__queue_known_add(w, (const uint8_t *)"", cfg->hints[i].addr);
		}
	}
	if (ret == DD_OK) {
		dd__queue_watch(w);
	}
	if (ret == DD_OK && !w->stopping) {
		dd__queue_run(w);
		ret = w->err;
	}
	/* the nonexistent name of the target's zone, for the analysis and the report */
	if (ret == DD_OK && ev->nzones > 0) {
		const uint8_t *zn = ev->zones[ev->nzones - 1].name;
		uint8_t nx[DD_NAME_MAXLEN];
		size_t ll = (size_t)lname[0] + 1, zl = dd_name_len(zn);
		if (ll + zl <= DD_NAME_MAXLEN) {
			memcpy(nx, lname, ll);
			memcpy(nx + ll, zn, zl);
			memcpy(ev->nx_name, nx, ll + zl);
		}
	}
	dd__queue_close(w);
	for (res_job_t *j = w->jobs; j != NULL;) {
		res_job_t *n = j->next_job;
		free(j);
		j = n;
	}
	for (size_t i = 0; i < MAX_ZONES; i++) {
		free(w->zs[i].probed);
	}
	dd__rtt_free(&w->rtt);
	if (ret != DD_OK) {
		dd_evidence_free(w->ev);
	} else {
		*out = w->ev;
	}
	free(w);
	return ret;
}

/* The end of the target's CNAME chain, when its data lies beyond the servers of the target's zone
 * (another zone, or a zone below a cut the answer does not show). */
static bool cname_elsewhere(const dd_evidence_t *ev, uint8_t out[DD_NAME_MAXLEN])
{
	int zi = dd_evidence_zone_of(ev, ev->target);
	if (zi < 0 || ev->qtype == DD_TYPE_CNAME) {
		return false;
	}
	const dd_zone_ev_t *z = &ev->zones[zi];
	for (size_t s = 0; s < z->nservers; s++) {
		dd_msg_t *m = dd_msg_of(dd_evidence_find(ev, z->servers[s].addr, ev->target, ev->qtype));
		if (m == NULL) {
			continue;
		}
		/* the chain's end is beyond this server's data: outside its zone, or a NOERROR
		 * answer with neither the type nor the zone's SOA (no NODATA, RFC 2308 2.2: a
		 * name below a cut, as a resolver finds by following the chain) */
		const uint8_t *end = dd_msg_cname_end(m, ev->target);
		bool beyond = end != ev->target && !dd_msg_cname_loops(m, ev->target) &&
		              (!dd_name_in_zone(end, z->name) ||
		               (m->rcode == DD_RCODE_NOERROR &&
		                dd_msg_count(m, DD_SECTION_ANSWER, end, ev->qtype, 0) == 0 &&
		                dd_msg_count(m, DD_SECTION_AUTHORITY, z->name, DD_TYPE_SOA, 0) == 0));
		if (beyond) {
			dd_name_to_lower(out, end);
		}
		dd_msg_free(m);
		if (beyond) {
			return true;
		}
	}
	return false;
}

/* The run's notes and flags into its evidence, so that a replay reports them too. */
static int record_notes(dd_evidence_t *ev, const dd_probe_stats_t *st)
{
	ev->stopped = st->stopped;
	ev->interrupted = st->interrupted;
	ev->notes_dropped = st->notes_dropped;
	for (size_t i = 0; i < st->nnotes; i++) {
		const dd_probe_note_t *pn = &st->notes[i];
		dd_note_ev_t n = { .count = pn->count };
		const char *kind = dd_note_kind_name(pn->kind);
		snprintf(n.kind, sizeof(n.kind), "%s", kind != NULL ? kind : "");
		memcpy(n.zone, pn->zone, dd_name_len(pn->zone));
		snprintf(n.addr, sizeof(n.addr), "%s", pn->addr);
		snprintf(n.detail, sizeof(n.detail), "%s", pn->detail);
		int r = dd_evidence_add_note(ev, &n);
		if (r == DD_EINVAL) {
			ev->notes_dropped++;  /* not printable: cannot happen with the probe's texts */
		} else if (r != DD_OK) {
			return r;
		}
	}
	return DD_OK;
}

int dd__probe_run_on(const dd__transport_t *tp, const dd_probe_config_t *cfg,
                     const uint8_t *target, uint16_t qtype, dd_evidence_t **out,
                     dd_probe_stats_t *stats)
{
	if (tp == NULL || cfg == NULL) {
		return DD_EINVAL;
	}
	prun_t *run = calloc(1, sizeof(*run));
	if (run == NULL) {
		return DD_ENOMEM;
	}
	const dd_probe_limits_t *l = &cfg->limits;
	run->lim = (dd_probe_limits_t){
		.ns_per_cut = l->ns_per_cut ? l->ns_per_cut : DD_PROBE_LIMIT_NS_PER_CUT,
		.addrs_per_ns = l->addrs_per_ns ? l->addrs_per_ns : DD_PROBE_LIMIT_ADDRS_PER_NS,
		.glueless = l->glueless ? l->glueless : DD_PROBE_LIMIT_GLUELESS,
		.ns_depth = l->ns_depth ? l->ns_depth : DD_PROBE_LIMIT_NS_DEPTH,
		.lookup_queries = l->lookup_queries ? l->lookup_queries
		                                    : DD_PROBE_LIMIT_LOOKUP_QUERIES,
		.resolve_queries = l->resolve_queries ? l->resolve_queries
		                                      : DD_PROBE_LIMIT_RESOLVE_QUERIES,
		.queries = l->queries ? l->queries : DD_PROBE_LIMIT_QUERIES,
		.wall_ms = l->wall_ms ? l->wall_ms : DD_PROBE_LIMIT_WALL_MS,
	};
	run->restrict_addrs = !cfg->allow_private;
	int64_t t0 = tp->now(tp->ctx);
	run->deadline = t0 + run->lim.wall_ms;
	dd_evidence_t *ev = NULL;
	int ret = walk_run(tp, cfg, run, target, qtype, &ev);
	if (ret != DD_OK) {
		free(run);
		return ret;
	}
	/* a CNAME into another zone: walk that chain too (one hop; its own CNAMEs are reported,
	 * not followed) */
	uint8_t cname[DD_NAME_MAXLEN];
	if (!run->st.stopped && !run->st.interrupted && cname_elsewhere(ev, cname)) {
		dd_evidence_t *more = NULL;
		run->cname_walk = true;
		ret = walk_run(tp, cfg, run, cname, qtype, &more);
		if (ret == DD_OK) {
			ret = dd_evidence_merge(ev, more);
			memcpy(ev->cname_target, cname, dd_name_len(cname));
		}
		dd_evidence_free(more);
		if (ret != DD_OK && ret != DD_EINVAL) {
			dd_evidence_free(ev);
			free(run);
			return ret;
		}
		ret = DD_OK;
	}
	run->st.duration_ms = (uint32_t)(tp->now(tp->ctx) - t0);
	ret = record_notes(ev, &run->st);
	if (ret != DD_OK) {
		dd_evidence_free(ev);
		free(run);
		return ret;
	}
	if (stats != NULL) {
		*stats = run->st;
	}
	free(run);
	*out = ev;
	return DD_OK;
}

int dd_probe_run_stats(const dd_probe_config_t *cfg, const uint8_t *target, uint16_t qtype,
                       dd_evidence_t **out, dd_probe_stats_t *stats)
{
	return dd__probe_run_on(dd__transport_uv(), cfg, target, qtype, out, stats);
}

int dd_probe_run(const dd_probe_config_t *cfg, const uint8_t *target, uint16_t qtype,
                 dd_evidence_t **out)
{
	return dd__probe_run_on(dd__transport_uv(), cfg, target, qtype, out, NULL);
}
