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

static void start_query(query_t *q);
static void dispatch(walk_t *w);

typedef enum stop_mode {
	STOP_DRAIN,    /* queries in flight end as they would (limits.queries) */
	STOP_WALL,     /* abandoned, but those other probes wait for through the cache */
	STOP_CANCEL,   /* all abandoned (cancelled) */
} stop_mode_t;

static void stop(walk_t *w, stop_mode_t mode);
static void on_exchange(void *arg, const dd_exchange_t *x);
static void on_retry(uv_timer_t *t);

/* ---- notes -------------------------------------------------------------------------------- */

void dd__walk_note(walk_t *w, dd_probe_note_kind_t kind, const uint8_t *zone, const char *addr,
                   const char *fmt, ...)
{
	dd_probe_stats_t *st = w->stats;
	bool by_addr = kind == DD_PROBE_NOTE_ADDR_REFUSED || kind == DD_PROBE_NOTE_ADDR_PRIVATE;
	if (zone == NULL) {
		zone = (const uint8_t *)"";
	}
	for (size_t i = 0; i < st->nnotes; i++) {
		dd_probe_note_t *n = &st->notes[i];
		if (n->kind == kind && (by_addr ? strcmp(n->addr, addr ? addr : "") == 0
		                                : dd_name_equal(n->zone, zone))) {
			n->count++;
			return;
		}
	}
	if (st->nnotes == DD_PROBE_NOTES) {
		st->notes_dropped++;
		return;
	}
	dd_probe_note_t *n = &st->notes[st->nnotes++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->code = by_addr ? "NS_ADDRESS_PRIVATE" : "WORK_LIMIT_EXCEEDED";
	dd_name_to_lower(n->zone, zone);
	snprintf(n->addr, sizeof(n->addr), "%s", addr ? addr : "");
	n->count = 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(n->detail, sizeof(n->detail), fmt, ap);
	va_end(ap);
}

/* The zone the walk has reached: the deepest one so far. */
static const uint8_t *current_zone(const walk_t *w)
{
	return w->ev->nzones > 0 ? w->ev->zones[w->ev->nzones - 1].name : (const uint8_t *)"";
}

/* ---- query queue -------------------------------------------------------------------------- */

void dd__walk_enqueue(walk_t *w, qkind_t kind, int zone, res_job_t *job, const char *addr,
                      const uint8_t *qname, uint16_t qtype)
{
	if (w->stopping) {
		return;  /* the run is over: what is not asked yet never will be */
	}
	query_t *q = calloc(1, sizeof(*q));
	if (q == NULL) {
		w->err = DD_ENOMEM;
		return;
	}
	q->w = w;
	q->kind = kind;
	q->zone = zone;
	q->job = job;
	snprintf(q->addr, sizeof(q->addr), "%s", addr);
	memcpy(q->qname, qname, dd_name_len(qname));
	q->qtype = qtype;
	q->round = w->cur_round < 255 ? (uint8_t)(w->cur_round + 1) : 255;
	if (kind == Q_ZONE) {
		w->zs[zone].pending++;
	}
	q->cacheable = w->cfg->cache != NULL && !dd_name_in_zone(qname, w->target);
	if (w->qtail != NULL) {
		w->qtail->next = q;
		w->qtail = q;
	} else {
		w->qhead = w->qtail = q;
	}
	dispatch(w);
}

/* An address the caller gave (hints, --server) is queried whatever it is. */
static bool caller_address(const walk_t *w, const char *addr)
{
	for (size_t i = 0; i < w->cfg->nhints; i++) {
		if (strcmp(w->cfg->hints[i].addr, addr) == 0) {
			return true;
		}
	}
	for (size_t i = 0; i < w->cfg->nservers; i++) {
		if (strcmp(w->cfg->servers[i].addr, addr) == 0) {
			return true;
		}
	}
	return false;
}

static const uint8_t *query_zone(const query_t *q)
{
	if (q->kind != Q_RESOLVE) {
		return q->w->ev->zones[q->zone].name;
	}
	return q->job->zone;
}

/* The query is over: record @p x (NULL: nothing was sent) and let its zone or lookup go on. */
static void complete(query_t *q, const dd_exchange_t *x)
{
	walk_t *w = q->w;
	if (x != NULL) {
		dd_exchange_t rec = *x;
		rec.round = q->round;
		w->cur_round = q->round;
		if (dd_evidence_add(w->ev, &rec) != DD_OK) {
			w->err = DD_ENOMEM;
		}
	}
	if (!w->stopping) {
		switch (q->kind) {
		case Q_ZONE:
			if (--w->zs[q->zone].pending == 0) {
				dd__cut_done(w, q->zone);
			}
			break;
		case Q_RESOLVE:
			dd__nsaddr_response(w, q->job, x);
			break;
		case Q_EXTRA:
			break;
		}
	}
	free(q);
}

/* Whether @p q may go to its address: an address a delegation chose that no resolver for the
 * public DNS queries (Unbound's do-not-query-localhost) is not sent to, nor recorded as a
 * failure; a private one is sent to. Both are noted. Checked before the shared cache, so that
 * a refused query is never shared either. */
static bool address_ok(walk_t *w, const query_t *q)
{
	const char *what = NULL;
	addr_class_t cls = w->run->restrict_addrs && !caller_address(w, q->addr)
	                           ? dd__addr_class(q->addr, &what) : ADDR_PUBLIC;
	if (cls == ADDR_PUBLIC) {
		return true;
	}
	char zone[1024];
	dd__name_text(query_zone(q), zone, sizeof(zone));
	if (cls == ADDR_REFUSED) {
		dd__walk_note(w, DD_PROBE_NOTE_ADDR_REFUSED, query_zone(q), q->addr,
		              "%s, an address of a name server of %s, is %s: not queried", q->addr,
		              zone, what);
		return false;
	}
	dd__walk_note(w, DD_PROBE_NOTE_ADDR_PRIVATE, query_zone(q), q->addr,
	              "%s, an address of a name server of %s, is %s: reachable only inside some "
	              "networks", q->addr, zone, what);
	return true;
}

static void arm_retry(walk_t *w, unsigned ms)
{
	if (!uv_is_active((uv_handle_t *)&w->retry) || uv_timer_get_due_in(&w->retry) > ms) {
		uv_timer_start(&w->retry, on_retry, ms, 0);
	}
}

/* Try to start @p q: from the cache, or sent when the shared budget allows.
 * @return 0 when it is under way (or over), else milliseconds to wait before trying again. */
static unsigned try_start(walk_t *w, query_t *q)
{
	if (!q->checked) {
		q->checked = true;
		if (!address_ok(w, q)) {
			complete(q, NULL);
			return 0;
		}
	}
	if (q->cacheable && !q->marked) {
		switch (dd__cache_get(w->cfg->cache, q->addr, q->qname, q->qtype, &q->hit)) {
		case SHARE_HIT:
			w->stats->cache_hits++;
			w->inflight++;
			q->next = w->ready;
			w->ready = q;
			arm_retry(w, 0);
			return 0;
		case SHARE_PENDING:
			return 2;
		case SHARE_MISS:
			q->marked = true;
			break;
		}
	}
	if (w->cfg->budget != NULL) {
		unsigned wait = dd__budget_take(w->cfg->budget, q->addr, w->tp->now(w->tp->ctx));
		if (wait > 0) {
			return wait;
		}
		q->sent = true;
	}
	start_query(q);
	return 0;
}

static void dispatch(walk_t *w)
{
	while (!w->stopping && w->qhead != NULL && w->inflight < w->max_inflight) {
		query_t *q = w->qhead;
		w->qhead = q->next;
		if (w->qhead == NULL) {
			w->qtail = NULL;
		}
		q->next = NULL;
		unsigned wait = try_start(w, q);
		if (wait > 0) {
			/* back at the head, in order */
			q->next = w->qhead;
			w->qhead = q;
			if (w->qtail == NULL) {
				w->qtail = q;
			}
			arm_retry(w, wait);
			return;
		}
	}
}

static void on_retry(uv_timer_t *t)
{
	walk_t *w = t->data;
	while (w->ready != NULL) {
		query_t *q = w->ready;
		w->ready = q->next;
		dd_exchange_t x = q->hit;
		on_exchange(q, &x);  /* frees q */
		free(x.wire);
	}
	dispatch(w);
}

static void start_query(query_t *q)
{
	walk_t *w = q->w;
	const prun_t *run = w->run;
	int64_t now = w->tp->now(w->tp->ctx);
	bool over_queries = w->stats->queries >= run->lim.queries;
	if (over_queries || now >= run->deadline) {
		if (over_queries) {
			dd__walk_note(w, DD_PROBE_NOTE_QUERIES, current_zone(w), NULL,
			              "the probe stopped after %u queries (its limit for one run)",
			              run->lim.queries);
		} else {
			dd__walk_note(w, DD_PROBE_NOTE_WALL_TIME, current_zone(w), NULL,
			              "the probe stopped after %u ms (its limit for one run)",
			              run->lim.wall_ms);
		}
		if (q->sent) {
			dd__budget_give(w->cfg->budget);
		}
		if (q->marked) {
			dd_exchange_t x = { .qtype = q->qtype, .error = DD_QERR_TIMEOUT,
				            .sent_ms = now };
			snprintf(x.server, sizeof(x.server), "%s", q->addr);
			memcpy(x.qname, q->qname, dd_name_len(q->qname));
			dd__cache_put(w->cfg->cache, &x);
		}
		free(q);
		w->stats->stopped = true;
		stop(w, over_queries ? STOP_DRAIN : STOP_WALL);
		return;
	}
	w->inflight++;
	w->stats->queries++;
	/* in flight: cancellable */
	q->inext = w->inflight_head;
	if (q->inext != NULL) {
		q->inext->iprev = q;
	}
	w->inflight_head = q;
	if (w->tp->send(w->tp->ctx, &w->loop, &w->xo, q->addr, w->port, q->qname, q->qtype,
	                on_exchange, q, &q->xfer) != 0) {
		/* a bad address: record it as unreachable without sending anything */
		q->xfer = NULL;
		dd_exchange_t x = { .qtype = q->qtype, .error = DD_QERR_NETWORK, .sent_ms = now };
		snprintf(x.server, sizeof(x.server), "%s", q->addr);
		memcpy(x.qname, q->qname, dd_name_len(q->qname));
		on_exchange(q, &x);
	}
}

static void unlink_inflight(walk_t *w, query_t *q)
{
	if (q->iprev != NULL) {
		q->iprev->inext = q->inext;
	} else if (w->inflight_head == q) {
		w->inflight_head = q->inext;
	}
	if (q->inext != NULL) {
		q->inext->iprev = q->iprev;
	}
	q->iprev = q->inext = NULL;
}

/* Nothing new is sent from now on. Queries waiting are dropped; queries in flight are let
 * finish (STOP_DRAIN), or abandoned except those another probe waits for through the shared
 * cache, which end within their own timeout (STOP_WALL), or all abandoned (STOP_CANCEL). */
static void stop(walk_t *w, stop_mode_t mode)
{
	w->stopping = true;
	while (w->qhead != NULL) {
		query_t *q = w->qhead;
		w->qhead = q->next;
		free(q);
	}
	w->qtail = NULL;
	while (w->ready != NULL) {
		query_t *q = w->ready;
		w->ready = q->next;
		free(q->hit.wire);
		free(q);
		w->inflight--;
	}
	for (query_t *q = w->inflight_head, *next; q != NULL; q = next) {
		next = q->inext;
		if (mode == STOP_DRAIN || (q->marked && mode == STOP_WALL)) {
			continue;
		}
		unlink_inflight(w, q);
		if (q->xfer != NULL) {
			w->tp->cancel(w->tp->ctx, q->xfer);
		}
		if (q->marked) {
			/* those waiting for it through the cache stop too: do not hold them */
			dd_exchange_t x = { .qtype = q->qtype, .error = DD_QERR_TIMEOUT,
				            .sent_ms = w->tp->now(w->tp->ctx) };
			snprintf(x.server, sizeof(x.server), "%s", q->addr);
			memcpy(x.qname, q->qname, dd_name_len(q->qname));
			dd__cache_put(w->cfg->cache, &x);
		}
		if (q->sent) {
			dd__budget_give(w->cfg->budget);
		}
		w->inflight--;
		free(q);
	}
	uv_timer_stop(&w->retry);
	uv_timer_stop(&w->deadline);
	if (w->polling) {
		uv_poll_stop(&w->cancel);
	}
}

static void on_deadline(uv_timer_t *t)
{
	walk_t *w = t->data;
	if (!w->stopping) {
		dd__walk_note(w, DD_PROBE_NOTE_WALL_TIME, current_zone(w), NULL,
		              "the probe stopped after %u ms (its limit for one run)",
		              w->run->lim.wall_ms);
		w->stats->stopped = true;
		stop(w, STOP_WALL);
	}
}

static void on_cancel(uv_poll_t *h, int status, int events)
{
	(void)status;
	(void)events;
	walk_t *w = h->data;
	w->stats->interrupted = true;
	stop(w, STOP_CANCEL);
}

/* ---- helpers ------------------------------------------------------------------------------ */

bool dd__walk_family_ok(const walk_t *w, const char *addr)
{
	bool v6 = strchr(addr, ':') != NULL;
	return v6 ? w->v6 : w->v4;
}

void dd__walk_known_add(walk_t *w, const uint8_t *zone, const char *addr)
{
	known_t *k = NULL;
	for (size_t i = 0; i < w->nknown; i++) {
		if (dd_name_equal(w->known[i].zone, zone)) {
			k = &w->known[i];
		}
	}
	if (k == NULL) {
		if (w->nknown == sizeof(w->known) / sizeof(w->known[0])) {
			return;
		}
		k = &w->known[w->nknown++];
		memset(k, 0, sizeof(*k));
		dd_name_to_lower(k->zone, zone);
	}
	for (size_t i = 0; i < k->n; i++) {
		if (strcmp(k->addrs[i], addr) == 0) {
			return;
		}
	}
	if (k->n < MAX_ADDRS) {
		snprintf(k->addrs[k->n++], 64, "%s", addr);
	}
}

/* Address text of an A or AAAA RDATA. */
bool dd__walk_addr_text(const dd_rr_t *rr, char out[64])
{
	if (rr->type == DD_TYPE_A && rr->rdata.len == 4) {
		return inet_ntop(AF_INET, rr->rdata.data, out, 64) != NULL;
	}
	if (rr->type == DD_TYPE_AAAA && rr->rdata.len == 16) {
		return inet_ntop(AF_INET6, rr->rdata.data, out, 64) != NULL;
	}
	return false;
}


/* ---- completion --------------------------------------------------------------------------- */

static void on_exchange(void *arg, const dd_exchange_t *x)
{
	query_t *q = arg;
	walk_t *w = q->w;
	w->inflight--;
	unlink_inflight(w, q);
	q->xfer = NULL;
	if (q->marked) {
		dd__cache_put(w->cfg->cache, x);
	}
	if (q->sent) {
		dd__budget_give(w->cfg->budget);
	}
	complete(q, x);
	if (!w->stopping && w->tp->now(w->tp->ctx) >= w->run->deadline) {
		on_deadline(&w->deadline);
	}
	dispatch(w);
}

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
	if (uv_loop_init(&w->loop) != 0) {
		dd_evidence_free(w->ev);
		free(w);
		return DD_EIO;
	}
	uv_timer_init(&w->loop, &w->retry);
	w->retry.data = w;
	uv_timer_init(&w->loop, &w->deadline);
	w->deadline.data = w;
	w->tp = tp;
	w->run = run;
	w->stats = &run->st;
	w->cfg = cfg;
	w->port = cfg->port ? cfg->port : 53;
	w->xo = (xfer_opts_t){ .timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : 1500,
		               .udp_tries = cfg->udp_tries ? cfg->udp_tries : 2,
		               .tcp_on_failure = true };
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
			dd__walk_known_add(w, (const uint8_t *)"", cfg->hints[i].addr);
		}
	}
	if (ret == DD_OK && cfg->cancel != NULL) {
		if (uv_poll_init(&w->loop, &w->cancel, dd__cancel_fd(cfg->cancel)) == 0) {
			w->cancel.data = w;
			w->polling = true;
			uv_poll_start(&w->cancel, UV_READABLE, on_cancel);
			uv_unref((uv_handle_t *)&w->cancel);
		}
		if (dd_probe_cancelled(cfg->cancel)) {
			w->stats->interrupted = true;
			w->stopping = true;
		}
	}
	if (ret == DD_OK && !w->stopping) {
		int64_t left = run->deadline - tp->now(tp->ctx);
		uv_timer_start(&w->deadline, on_deadline, left > 0 ? (uint64_t)left : 0, 0);
		uv_unref((uv_handle_t *)&w->deadline);
		dd__cut_probe(w, 0);
		uv_run(&w->loop, UV_RUN_DEFAULT);
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
	uv_close((uv_handle_t *)&w->retry, NULL);
	uv_close((uv_handle_t *)&w->deadline, NULL);
	if (w->polling) {
		uv_close((uv_handle_t *)&w->cancel, NULL);
	}
	uv_run(&w->loop, UV_RUN_DEFAULT);
	uv_loop_close(&w->loop);
	for (res_job_t *j = w->jobs; j != NULL;) {
		res_job_t *n = j->next_job;
		free(j);
		j = n;
	}
	for (size_t i = 0; i < MAX_ZONES; i++) {
		free(w->zs[i].probed);
	}
	if (ret != DD_OK) {
		dd_evidence_free(w->ev);
	} else {
		*out = w->ev;
	}
	free(w);
	return ret;
}

/* The name the target's CNAME points at, when it is in another zone. */
static bool cname_elsewhere(const dd_evidence_t *ev, uint8_t out[DD_NAME_MAXLEN])
{
	int zi = dd_evidence_zone_of(ev, ev->target);
	if (zi < 0 || ev->qtype == DD_TYPE_CNAME) {
		return false;
	}
	const dd_zone_ev_t *z = &ev->zones[zi];
	for (size_t s = 0; s < z->nservers; s++) {
		dd_msg_t *m = dd_msg_of(dd_evidence_find(ev, z->servers[s].addr, ev->target, ev->qtype));
		for (size_t i = 0; m != NULL && i < m->count[DD_SECTION_ANSWER]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
			if (rr->type == DD_TYPE_CNAME && dd_name_equal(rr->owner, ev->target) &&
			    dd_name_check(rr->rdata.data, rr->rdata.len) > 0 &&
			    !dd_name_in_zone(rr->rdata.data, z->name)) {
				dd_name_to_lower(out, rr->rdata.data);
				dd_msg_free(m);
				return true;
			}
		}
		dd_msg_free(m);
	}
	return false;
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
