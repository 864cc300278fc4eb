/* SPDX-License-Identifier: MIT
 * queue.c - the bottom of the probe walk: the query queue, the budgets (shared per-server
 * budget, cache, run-wide limits), notes, the loop's handles (retry, deadline, cancel) and
 * completion. A finished query is handed up through the hooks walk.c registers (walk.h:
 * walk_hooks_t), so that cut.c and nsaddr.c, which call down into this file, are never called
 * back by name from it: the files of the probe call one way (docs/architecture.md, "Layers"). */

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/probe.h"
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

void dd__queue_note(walk_t *w, dd_probe_note_kind_t kind, const uint8_t *zone, const char *addr,
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
	n->code = dd_note_kind_code(dd_note_kind_name(kind));
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

void dd__queue_enqueue(walk_t *w, qkind_t kind, int zone, res_job_t *job, const char *addr,
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
	if (!w->stopping && x != NULL && x->error == DD_QERR_NONE && q->kind != Q_RESOLVE) {
		w->hooks.answer(w, q->zone, x);
	}
	if (!w->stopping) {
		switch (q->kind) {
		case Q_ZONE:
			if (--w->zs[q->zone].pending == 0) {
				w->hooks.zone_done(w, q->zone);
			}
			break;
		case Q_RESOLVE:
			w->hooks.resolve_answer(w, q->job, x);
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
		dd__queue_note(w, DD_PROBE_NOTE_ADDR_REFUSED, query_zone(q), q->addr,
		              "%s, an address of a name server of %s, is %s: not queried", q->addr,
		              zone, what);
		return false;
	}
	dd__queue_note(w, DD_PROBE_NOTE_ADDR_PRIVATE, query_zone(q), q->addr,
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

/* The siblings' rule (issue 15), asked by the exchange with @p arg (a query) when its first
 * attempt got nothing back: when every other server the walk asked for the query's zone has
 * already answered this same question (name and type), the zone is served and the path works,
 * so the silence is this server's: it gets one more datagram with the first timeout the run's
 * RTTs give (not the backoff, nor TCP), and is then judged. A server with no sibling, or one
 * of whose siblings has not answered the question (yet, or at all), keeps the whole schedule:
 * a packet lost on the way to a healthy server must not cost its answer. Lookups of name-server
 * addresses ask one server at a time, so no sibling has answered theirs: never shortened.
 * @return the retry's timeout, ms, or 0 (the schedule goes on). */
static unsigned siblings_answered(void *arg)
{
	const query_t *q = arg;
	walk_t *w = q->w;
	if (q->kind == Q_RESOLVE || q->zone < 0) {
		return 0;
	}
	const zstate_t *zs = &w->zs[q->zone];
	size_t siblings = 0;
	for (size_t i = 0; i < zs->nprobed; i++) {
		if (strcmp(zs->probed[i], q->addr) == 0) {
			continue;
		}
		const dd_exchange_t *x = dd_evidence_find(w->ev, zs->probed[i], q->qname, q->qtype);
		if (x == NULL || x->error != DD_QERR_NONE) {
			return 0;
		}
		siblings++;
	}
	return siblings > 0 ? dd__rtt_first_timeout(&w->rtt, q->addr) : 0;
}

static void start_query(query_t *q)
{
	walk_t *w = q->w;
	const prun_t *run = w->run;
	int64_t now = w->tp->now(w->tp->ctx);
	bool over_queries = w->stats->queries >= run->lim.queries;
	if (over_queries || now >= run->deadline) {
		if (over_queries) {
			dd__queue_note(w, DD_PROBE_NOTE_QUERIES, current_zone(w), NULL,
			              "the probe stopped after %u queries (its limit for one run)",
			              run->lim.queries);
		} else {
			dd__queue_note(w, DD_PROBE_NOTE_WALL_TIME, current_zone(w), NULL,
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
	/* timeouts from the RTTs seen so far; a server that already let a whole exchange go
	 * unanswered, and answered none, gets one short attempt: its siblings serve the zone; one
	 * whose first attempt goes unanswered while all its siblings answered the question gets
	 * one short retry (siblings_answered) */
	xfer_opts_t o = w->xo;
	o.first_ms = w->cfg->fixed_timeouts ? 0 : dd__rtt_first_timeout(&w->rtt, q->addr);
	if (!w->cfg->fixed_timeouts && dd__rtt_down(&w->rtt, q->addr)) {
		o.udp_tries = 1;
		o.tcp_on_failure = false;
	} else if (!w->cfg->fixed_timeouts) {
		o.short_retry = siblings_answered;
		o.short_arg = q;
	}
	if (w->tp->send(w->tp->ctx, &w->loop, &o, q->addr, w->port, q->qname, q->qtype,
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
		dd__queue_note(w, DD_PROBE_NOTE_WALL_TIME, current_zone(w), NULL,
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

/* ---- the loop's handles ------------------------------------------------------------------ */

int dd__queue_open(walk_t *w)
{
	if (uv_loop_init(&w->loop) != 0) {
		return DD_EIO;
	}
	uv_timer_init(&w->loop, &w->retry);
	w->retry.data = w;
	uv_timer_init(&w->loop, &w->deadline);
	w->deadline.data = w;
	return DD_OK;
}

void dd__queue_watch(walk_t *w)
{
	if (w->cfg->cancel != NULL) {
		if (uv_poll_init(&w->loop, &w->cancel, dd__cancel_fd(w->cfg->cancel)) == 0) {
			w->cancel.data = w;
			w->polling = true;
			uv_poll_start(&w->cancel, UV_READABLE, on_cancel);
			uv_unref((uv_handle_t *)&w->cancel);
		}
		if (dd_probe_cancelled(w->cfg->cancel)) {
			w->stats->interrupted = true;
			w->stopping = true;
		}
	}
}

void dd__queue_run(walk_t *w)
{
	int64_t left = w->run->deadline - w->tp->now(w->tp->ctx);
	uv_timer_start(&w->deadline, on_deadline, left > 0 ? (uint64_t)left : 0, 0);
	uv_unref((uv_handle_t *)&w->deadline);
	w->hooks.start(w);
	uv_run(&w->loop, UV_RUN_DEFAULT);
}

void dd__queue_close(walk_t *w)
{
	uv_close((uv_handle_t *)&w->retry, NULL);
	uv_close((uv_handle_t *)&w->deadline, NULL);
	if (w->polling) {
		uv_close((uv_handle_t *)&w->cancel, NULL);
	}
	uv_run(&w->loop, UV_RUN_DEFAULT);
	uv_loop_close(&w->loop);
}

/* ---- helpers ------------------------------------------------------------------------------ */

bool dd__queue_family_ok(const walk_t *w, const char *addr)
{
	bool v6 = strchr(addr, ':') != NULL;
	return v6 ? w->v6 : w->v4;
}

void dd__queue_known_add(walk_t *w, const uint8_t *zone, const char *addr)
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
bool dd__queue_addr_text(const dd_rr_t *rr, char out[64])
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

/* What an exchange on the wire tells about its server: an RTT measured at the first datagram
 * (Karn's rule: a retried exchange's RTT is ambiguous), answered, or no answer at all. */
static void learn(walk_t *w, const dd_exchange_t *x)
{
	if (x->error == DD_QERR_NONE && x->attempts == 1 && x->transport == DD_XPORT_UDP) {
		dd__rtt_sample(&w->rtt, x->server, x->rtt_ms);
	}
	if (x->error == DD_QERR_NONE || x->error == DD_QERR_TIMEOUT ||
	    x->error == DD_QERR_UNREACHABLE) {
		dd__rtt_outcome(&w->rtt, x->server, x->error == DD_QERR_NONE);
	}
}

static void on_exchange(void *arg, const dd_exchange_t *x)
{
	query_t *q = arg;
	walk_t *w = q->w;
	w->inflight--;
	unlink_inflight(w, q);
	if (q->xfer != NULL) {  /* an exchange on the wire (not the shared cache's) */
		learn(w, x);
	}
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

