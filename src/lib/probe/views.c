/* SPDX-License-Identifier: MIT
 * views.c - resolver views: libunbound in-process (validating, and with the iterator only for
 * the +cd view) with the probe's anchors and hints, and real resolvers asked over libuv; each
 * answer recorded in the evidence as received, and the views made from the evidence alone. */

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unbound.h>

#include "dns/b64.h"
#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "dd/views.h"
#include "xfer.h"

/* Short text of an answer's data: addresses, or the type names. */
static void data_text(const dd_rr_t *rrs, size_t n, uint16_t qtype, char *out, size_t len)
{
	out[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < n && used + 48 < len; i++) {
		char item[64] = "";
		if (rrs[i].type == DD_TYPE_A && rrs[i].rdata.len == 4) {
			inet_ntop(AF_INET, rrs[i].rdata.data, item, sizeof(item));
		} else if (rrs[i].type == DD_TYPE_AAAA && rrs[i].rdata.len == 16) {
			inet_ntop(AF_INET6, rrs[i].rdata.data, item, sizeof(item));
		} else if (rrs[i].type != DD_TYPE_RRSIG && (rrs[i].type == qtype || rrs[i].type == DD_TYPE_CNAME)) {
			dd_type_to_str(rrs[i].type, item, sizeof(item));
		}
		if (item[0] != '\0') {
			used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ", " : "", item);
		}
	}
}

static int anchor_text(const dd_rr_t *a, char *out, size_t len)
{
	char owner[1024];
	if (dd_name_to_str(a->owner, owner, sizeof(owner)) != DD_OK) {
		return DD_EINVAL;
	}
	if (a->type == DD_TYPE_DS) {
		dd_ds_t ds;
		char hex[2 * 64 + 1];
		if (dd_ds_parse(a->rdata.data, a->rdata.len, &ds) != DD_OK || ds.digest_len > 64) {
			return DD_EINVAL;
		}
		dd_hex_encode(ds.digest, ds.digest_len, hex, true);
		snprintf(out, len, "%s %u IN DS %u %u %u %s", owner, a->ttl, ds.key_tag, ds.algorithm,
		         ds.digest_type, hex);
		return DD_OK;
	}
	if (a->type == DD_TYPE_DNSKEY) {
		dd_dnskey_t k;
		if (dd_dnskey_parse(a->rdata.data, a->rdata.len, &k) != DD_OK) {
			return DD_EINVAL;
		}
		char *b64 = dd__b64_encode(k.pubkey, k.pubkey_len);
		if (b64 == NULL) {
			return DD_ENOMEM;
		}
		snprintf(out, len, "%s %u IN DNSKEY %u %u %u %s", owner, a->ttl, k.flags, k.protocol,
		         k.algorithm, b64);
		free(b64);
		return DD_OK;
	}
	return DD_EINVAL;
}

static struct ub_ctx *ub_make(const dd_probe_config_t *cfg, bool validate, int64_t at)
{
	struct ub_ctx *ctx = ub_ctx_create();
	if (ctx == NULL) {
		return NULL;
	}
	int r = ub_ctx_async(ctx, 1);  /* a thread, not a forked process, resolves */
	/* the probe's rule for addresses a delegation chose (dd_probe_config_t.allow_private) */
	r |= ub_ctx_set_option(ctx, "do-not-query-localhost:", cfg->allow_private ? "no" : "yes");
	static const char *const REFUSED[] = { "0.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4",
		                               "255.255.255.255/32", "::/128", "fe80::/10",
		                               "ff00::/8" };
	for (size_t i = 0; !cfg->allow_private && i < sizeof(REFUSED) / sizeof(REFUSED[0]); i++) {
		r |= ub_ctx_set_option(ctx, "do-not-query-address:", REFUSED[i]);
	}
	r |= ub_ctx_set_option(ctx, "qname-minimisation:", "no");
	r |= ub_ctx_set_option(ctx, "module-config:", validate ? "validator iterator" : "iterator");
	/* the DNSKEY RRsets asked as soon as their DS is seen, not when the validator reaches
	 * them: the same queries and verdicts, fewer round trips in sequence (a documented option
	 * that resolvers run with; 0.30 -> 0.17 s for a healthy zone cold at 40 ms RTT). Nothing
	 * that changes what is validated or which servers are tried is set (val-max-restart stays
	 * Unbound's 5: a bogus answer is asked again of the other servers, as Unbound does) */
	r |= ub_ctx_set_option(ctx, "prefetch-key:", validate ? "yes" : "no");
	/* a server that accepts TCP and then dawdles must not hold each view for Unbound's
	 * default 3 s: the same bound as our own queries */
	char tmo[16];
	snprintf(tmo, sizeof(tmo), "%u", cfg->timeout_ms ? cfg->timeout_ms : 1500);
	r |= ub_ctx_set_option(ctx, "tcp-auth-query-timeout:", tmo);
	if (!cfg->no_ipv6 && cfg->no_ipv4) {
		r |= ub_ctx_set_option(ctx, "do-ip4:", "no");
	}
	if (cfg->no_ipv6) {
		r |= ub_ctx_set_option(ctx, "do-ip6:", "no");
	}
	for (size_t i = 0; i < cfg->nhints; i++) {
		r |= ub_ctx_set_stub(ctx, ".", cfg->hints[i].addr, 0);
	}
	for (size_t i = 0; validate && i < cfg->nanchors; i++) {
		char text[4096];
		if (anchor_text(&cfg->anchors[i], text, sizeof(text)) == DD_OK) {
			r |= ub_ctx_add_ta(ctx, text);
		}
	}
	if (validate && at != 0) {
		char date[32];
		time_t t = (time_t)at;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%Y%m%d%H%M%S", &tm);
		r |= ub_ctx_set_option(ctx, "val-override-date:", date);
	}
	if (r != 0) {
		ub_ctx_delete(ctx);
		return NULL;
	}
	return ctx;
}

/* Libunbound's texts and a resolver's address go into reports: printable ASCII only. */
static void note_set(dd_view_ev_t *q, const char *text)
{
	size_t i = 0;
	for (; text != NULL && text[i] != '\0' && i < sizeof(q->note) - 1; i++) {
		q->note[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
	}
	q->note[i] = '\0';
}

/* A response as received into @p q (copied, owned by @p q). */
static void wire_set(dd_view_ev_t *q, const void *wire, size_t len)
{
	if (wire == NULL || len == 0 || len > 65535 || (q->wire = malloc(len)) == NULL) {
		return;
	}
	memcpy(q->wire, wire, len);
	q->wire_len = (uint16_t)len;
}

/* The questions being asked: the array is allocated whole at the start (cap) and does not
 * move while callbacks run. */
typedef struct asking {
	dd_view_ev_t *q;
	size_t n, cap;
} asking_t;

/* One question under way; the array of them lives until dd_views_finish() returns (a
 * libunbound context deleted with queries outstanding never calls them back). */
typedef struct cbarg {
	asking_t *a;
	size_t idx;
	int *pending;          /* libunbound: of its context */
	dd__xfer_t *x;         /* a real resolver: while under way */
	bool drop;             /* asked early for a name the evidence did not keep: not recorded */
} cbarg_t;

struct dd_views_run {
	dd_probe_config_t cfg;       /* borrowed pointers: the caller keeps them alive */
	const char *const *resolvers;
	size_t nres;
	bool no_unbound;
	asking_t a;
	cbarg_t *cb;                 /* a.cap of them */
	struct ub_ctx *val, *cd;     /* validating, and the iterator only (+cd) */
	int pending[2];
	int64_t started_ms;
	uint8_t nx[DD_NAME_MAXLEN];  /* the nonexistent name asked early (dd_views_nx()), or "" */
	size_t nx_from;              /* its questions' first index */
	unsigned nx_asked;           /* names dd_views_nx() asked: a second replaces the first */
};

/* One libunbound result, recorded as it came (@p res is freed here). */
static void ub_done(void *arg, int err, struct ub_result *res)
{
	cbarg_t *c = arg;
	dd_view_ev_t *q = &c->a->q[c->idx];
	(*c->pending)--;
	q->no_result = false;
	q->ub_err = err;
	if (err != 0 || res == NULL) {
		note_set(q, err != 0 ? ub_strerror(err) : "no result from libunbound");
		q->asked = err != 0;  /* no error and no result cannot happen; never an answer */
		if (res != NULL) {
			ub_resolve_free(res);
		}
		return;
	}
	q->ub_rcode = res->rcode;
	q->ub_secure = res->secure != 0;
	q->ub_bogus = res->bogus != 0;
	if (res->bogus) {
		note_set(q, res->why_bogus != NULL ? res->why_bogus : "bogus");
	}
	if (res->answer_len > 0) {
		wire_set(q, res->answer_packet, (size_t)res->answer_len);
	}
	ub_resolve_free(res);
}

/* Ask question @p c->idx on @p ctx; wait_unbound() completes it. */
static void ub_start(struct ub_ctx *ctx, cbarg_t *c)
{
	dd_view_ev_t *q = &c->a->q[c->idx];
	char text[1024];
	if (ctx == NULL || dd_name_to_str(q->qname, text, sizeof(text)) != DD_OK) {
		note_set(q, "libunbound could not be set up");
		return;
	}
	q->sent_ms = dd__now_ms();
	int r = ub_resolve_async(ctx, text, q->qtype, 1, c, ub_done, NULL);
	if (r != 0) {
		note_set(q, ub_strerror(r));
		q->sent_ms = 0;
		return;
	}
	(*c->pending)++;
	q->asked = true;
	q->no_result = true;  /* until ub_done() */
}

/* Whether a libunbound question whose answer goes into the evidence is still without one. */
static bool ub_awaited(const struct dd_views_run *run)
{
	for (size_t k = 0; k < run->a.n; k++) {
		const dd_view_ev_t *q = &run->a.q[k];
		if (q->kind == DD_VIEW_LIBUNBOUND && q->no_result && !run->cb[k].drop) {
			return true;
		}
	}
	return false;
}

/* Process libunbound's results until none that is kept is pending, @p deadline_ms (wall
 * clock, ms since the epoch; 0: none) has passed, or @p cancel is triggered. The questions
 * left are dropped when their contexts are deleted. */
static void wait_unbound(struct dd_views_run *run, int64_t deadline_ms)
{
	struct ub_ctx *ctx[2] = { run->val, run->cd };
	for (int i = 0; i < 2; i++) {
		if (ctx[i] != NULL && run->pending[i] > 0 && ub_poll(ctx[i])) {
			ub_process(ctx[i]);  /* what came while the probe ran, deadline or not */
		}
	}
	while (run->pending[0] + run->pending[1] > 0 && ub_awaited(run) &&
	       !dd_probe_cancelled(run->cfg.cancel)) {
		struct pollfd p[3];
		int np = 0, which[2];
		for (int i = 0; i < 2; i++) {
			if (ctx[i] != NULL && run->pending[i] > 0) {
				which[np] = i;
				p[np++] = (struct pollfd){ .fd = ub_fd(ctx[i]), .events = POLLIN };
			}
		}
		int nub = np;
		if (run->cfg.cancel != NULL) {
			p[np++] = (struct pollfd){ .fd = dd__cancel_fd(run->cfg.cancel), .events = POLLIN };
		}
		int wait = -1;
		if (deadline_ms != 0) {
			int64_t left = deadline_ms - dd__now_ms();
			if (left <= 0) {
				break;
			}
			wait = left > 60000 ? 60000 : (int)left;
		}
		if (poll(p, (nfds_t)np, wait) < 0 && errno != EINTR) {
			break;
		}
		for (int i = 0; i < nub; i++) {
			if (p[i].revents & POLLIN) {
				ub_process(ctx[which[i]]);
			}
		}
	}
}

/* A real resolver's exchange, recorded as it came. */
static void resolver_done(void *arg, const dd_exchange_t *x)
{
	cbarg_t *c = arg;
	dd_view_ev_t *q = &c->a->q[c->idx];
	c->x = NULL;
	q->asked = true;
	q->sent_ms = x->sent_ms;
	q->rtt_ms = x->rtt_ms;
	q->transport = x->transport;
	q->attempts = x->attempts;
	q->error = x->error;
	if (x->error == DD_QERR_NONE) {
		wire_set(q, x->wire, x->wire_len);
	}
}

/* Add the questions for one source: each name, without and with CD. */
static void ask_add(asking_t *a, dd_view_kind_t kind, const char *source,
                    const uint8_t *const *names, const uint16_t *types, size_t nnames)
{
	for (size_t i = 0; i < nnames && a->n + 2 <= a->cap; i++) {
		for (int cd = 0; cd < 2; cd++) {
			dd_view_ev_t *q = &a->q[a->n++];
			memset(q, 0, sizeof(*q));
			q->kind = kind;
			snprintf(q->source, sizeof(q->source), "%s", source);
			q->cd = cd;
			memcpy(q->qname, names[i], dd_name_len(names[i]));
			q->qtype = types[i];
			q->rtt_ms = -1;
		}
	}
}

/* The cancellation token's pipe turned readable: abandon the resolver questions under way. */
static void resolvers_cancel(uv_poll_t *h, int status, int events)
{
	(void)status;
	(void)events;
	cbarg_t *cb = h->data;
	for (size_t i = 0; i < cb[0].a->n; i++) {
		if (cb[i].x != NULL) {
			dd__transport_uv()->cancel(NULL, cb[i].x);
			cb[i].x = NULL;
			note_set(&cb[i].a->q[i], "interrupted");
		}
	}
	uv_close((uv_handle_t *)h, NULL);
}

/* Start libunbound's questions from index @p from on. */
static void ub_start_from(struct dd_views_run *run, size_t from)
{
	for (size_t k = from; k < run->a.n; k++) {
		if (run->a.q[k].kind == DD_VIEW_LIBUNBOUND) {
			run->cb[k].pending = &run->pending[run->a.q[k].cd ? 1 : 0];
			ub_start(run->a.q[k].cd ? run->cd : run->val, &run->cb[k]);
		}
	}
}

int dd_views_start(const dd_probe_config_t *cfg, const char *const *resolvers, size_t nres,
                   bool no_unbound, int64_t at, const uint8_t *target, uint16_t qtype,
                   dd_views_run_t **out)
{
	if (cfg == NULL || out == NULL || target == NULL ||
	    dd_name_check(target, DD_NAME_MAXLEN) < 0 || (nres > 0 && resolvers == NULL) ||
	    nres > 1024) {
		return DD_EINVAL;
	}
	struct dd_views_run *run = calloc(1, sizeof(*run));
	/* two names, with and without CD, per source; and two early nonexistent names, which
	 * the probe's later word or the target's CNAME may make obsolete (dd_views_nx()) */
	size_t cap = 4 * (nres + 1) + 4;
	if (run == NULL || (run->a.q = calloc(cap, sizeof(*run->a.q))) == NULL ||
	    (run->cb = calloc(cap, sizeof(*run->cb))) == NULL) {
		if (run != NULL) {
			free(run->a.q);
		}
		free(run);
		return DD_ENOMEM;
	}
	run->a.cap = cap;
	run->cfg = *cfg;
	run->resolvers = resolvers;
	run->nres = nres;
	run->no_unbound = no_unbound;
	run->started_ms = dd__now_ms();
	for (size_t k = 0; k < cap; k++) {
		run->cb[k] = (cbarg_t){ .a = &run->a, .idx = k };
	}
	if (!no_unbound) {
		/* the queried name now, beside the probe: libunbound resolves in threads of its own
		 * (one per context), so the views cost no time after the probe unless they are slower */
		const uint8_t *names[1] = { target };
		uint16_t types[1] = { qtype };
		ask_add(&run->a, DD_VIEW_LIBUNBOUND, "libunbound", names, types, 1);
		run->val = ub_make(cfg, true, at);
		run->cd = ub_make(cfg, false, at);
		ub_start_from(run, 0);
	}
	*out = run;
	return DD_OK;
}

void dd_views_nx(dd_views_run_t *run, const uint8_t *nx_name)
{
	if (run == NULL || run->no_unbound || run->nx_asked >= 2 || nx_name == NULL ||
	    dd_name_check(nx_name, DD_NAME_MAXLEN) < 0 ||
	    (run->nx_asked > 0 && dd_name_equal(run->nx, nx_name))) {
		return;
	}
	for (size_t k = run->nx_from; run->nx_asked > 0 && k < run->nx_from + 2 && k < run->a.n;
	     k++) {
		run->cb[k].drop = true;  /* the earlier name: its answer is not kept */
	}
	run->nx_asked++;
	dd_name_to_lower(run->nx, nx_name);
	const uint8_t *names[1] = { run->nx };
	uint16_t types[1] = { DD_TYPE_A };
	run->nx_from = run->a.n;
	ask_add(&run->a, DD_VIEW_LIBUNBOUND, "libunbound", names, types, 1);
	ub_start_from(run, run->nx_from);
}

/* Ask the real resolvers everything, on a loop of their own, until answered or cancelled. */
static void ask_resolvers(struct dd_views_run *run, size_t from)
{
	uv_loop_t loop;
	if (uv_loop_init(&loop) != 0) {
		for (size_t k = from; k < run->a.n; k++) {
			note_set(&run->a.q[k], "no event loop for the resolver questions");
		}
		return;
	}
	const dd_probe_config_t *cfg = &run->cfg;
	for (size_t k = from; k < run->a.n; k++) {
		dd_view_ev_t *q = &run->a.q[k];
		xfer_opts_t o = { .timeout_ms = cfg->timeout_ms ? cfg->timeout_ms * 2 : 3000,
			          .udp_tries = 4, .tcp_on_failure = true, .cd = q->cd, .rd = true };
		if (dd__transport_uv()->send(NULL, &loop, &o, q->source, cfg->port ? cfg->port : 53,
		                             q->qname, q->qtype, resolver_done, &run->cb[k],
		                             &run->cb[k].x) != 0) {
			note_set(q, "bad resolver address");
			run->cb[k].x = NULL;
		}
	}
	uv_poll_t cancel;
	bool polling = cfg->cancel != NULL &&
	               uv_poll_init(&loop, &cancel, dd__cancel_fd(cfg->cancel)) == 0;
	if (polling) {
		cancel.data = run->cb;
		uv_poll_start(&cancel, UV_READABLE, resolvers_cancel);
		uv_unref((uv_handle_t *)&cancel);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	if (polling && !uv_is_closing((uv_handle_t *)&cancel)) {
		uv_close((uv_handle_t *)&cancel, NULL);
		uv_run(&loop, UV_RUN_DEFAULT);
	}
	uv_loop_close(&loop);
}

static void run_free(struct dd_views_run *run)
{
	if (run->val != NULL) {
		ub_ctx_delete(run->val);
	}
	if (run->cd != NULL) {
		ub_ctx_delete(run->cd);
	}
	for (size_t i = 0; i < run->a.n; i++) {
		free(run->a.q[i].wire);
	}
	free(run->a.q);
	free(run->cb);
	free(run);
}

int dd_views_finish(dd_views_run_t *run, dd_evidence_t *ev, unsigned wait_ms)
{
	if (run == NULL) {
		return DD_EINVAL;
	}
	if (ev == NULL || dd_name_check(ev->target, DD_NAME_MAXLEN) < 0) {
		run_free(run);
		return DD_EINVAL;
	}
	const uint8_t *names[2] = { ev->target, ev->nx_name };
	uint16_t types[2] = { ev->qtype, DD_TYPE_A };
	size_t nnames = ev->nx_name[0] != 0 ? 2 : 1;
	bool early = run->nx[0] != 0;
	if (early && (nnames < 2 || !dd_name_equal(run->nx, ev->nx_name))) {
		/* asked early for the zone the probe found first; the target led elsewhere */
		for (size_t k = run->nx_from; k < run->nx_from + 2 && k < run->a.n; k++) {
			run->cb[k].drop = true;
		}
		early = false;
	}
	if (!run->no_unbound && nnames == 2 && !early) {
		/* the nonexistent name became known with the target's zone */
		size_t from = run->a.n;
		ask_add(&run->a, DD_VIEW_LIBUNBOUND, "libunbound", names + 1, types + 1, 1);
		ub_start_from(run, from);
	}
	size_t from = run->a.n;
	for (size_t r = 0; r < run->nres; r++) {
		ask_add(&run->a, DD_VIEW_RESOLVER, run->resolvers[r], names, types, nnames);
	}
	if (run->nres > 0 && !dd_probe_cancelled(run->cfg.cancel)) {
		ask_resolvers(run, from);
	} else {
		for (size_t k = from; k < run->a.n; k++) {
			note_set(&run->a.q[k], "interrupted");  /* not asked */
		}
	}
	if (!run->no_unbound) {
		/* each question kept gets wait_ms from when it was asked: the last one asked sets
		 * the deadline, never later than wait_ms from now */
		int64_t deadline = 0;
		for (size_t k = 0; wait_ms != 0 && k < run->a.n; k++) {
			const dd_view_ev_t *q = &run->a.q[k];
			if (q->kind == DD_VIEW_LIBUNBOUND && q->no_result && !run->cb[k].drop &&
			    q->sent_ms + (int64_t)wait_ms > deadline) {
				deadline = q->sent_ms + (int64_t)wait_ms;
			}
		}
		wait_unbound(run, deadline);
		bool cancelled = dd_probe_cancelled(run->cfg.cancel);
		for (size_t k = 0; k < run->a.n; k++) {
			dd_view_ev_t *q = &run->a.q[k];
			if (q->kind == DD_VIEW_LIBUNBOUND && q->no_result) {
				char why[128];
				if (cancelled) {
					snprintf(why, sizeof(why), "interrupted");
				} else {
					snprintf(why, sizeof(why), "libunbound was still resolving after "
					         "%.1f s (the views' deadline)",
					         (double)(dd__now_ms() - q->sent_ms) / 1000.0);
				}
				note_set(q, why);
			}
		}
	}
	/* into the evidence only when all of it fits */
	int ret = DD_OK;
	size_t before = ev->nviews;
	for (size_t k = 0; k < run->a.n && ret == DD_OK; k++) {
		if (!run->cb[k].drop) {
			ret = dd_evidence_add_view(ev, &run->a.q[k]);
		}
	}
	if (ret != DD_OK) {
		while (ev->nviews > before) {
			free(ev->views[--ev->nviews].wire);
		}
	} else {
		ev->views_recorded = true;
	}
	run_free(run);
	return ret;
}

void dd_views_abandon(dd_views_run_t *run)
{
	if (run != NULL) {
		run_free(run);
	}
}

int dd_views_collect(const dd_probe_config_t *cfg, const char *const *resolvers, size_t nres,
                     bool no_unbound, int64_t at, dd_evidence_t *ev)
{
	if (ev == NULL || dd_name_check(ev->target, DD_NAME_MAXLEN) < 0) {
		return DD_EINVAL;
	}
	dd_views_run_t *run = NULL;
	int r = dd_views_start(cfg, resolvers, nres, no_unbound, at, ev->target, ev->qtype, &run);
	return r == DD_OK ? dd_views_finish(run, ev, 0) : r;
}

/* ---- the views, from the evidence alone ------------------------------------------------- */

static void view_of_unbound(const dd_view_ev_t *q, dd_view_t *v)
{
	if (!q->asked || q->ub_err != 0 || q->no_result) {
		snprintf(v->why, sizeof(v->why), "%s", q->note);
		return;
	}
	v->answered = true;
	v->rcode = q->ub_rcode;
	v->ad = q->ub_secure;
	if (q->ub_bogus) {
		v->status = DD_STATUS_BOGUS;
		v->rcode = DD_RCODE_SERVFAIL;  /* what a validating resolver sends its clients */
		snprintf(v->why, sizeof(v->why), "%s", q->note);
	} else if (q->ub_rcode == DD_RCODE_SERVFAIL) {
		v->status = DD_STATUS_INDETERMINATE;
		snprintf(v->why, sizeof(v->why), "SERVFAIL (no answer from the servers)");
	} else {
		v->status = q->ub_secure ? DD_STATUS_SECURE : DD_STATUS_INSECURE;
	}
	dd_msg_t *m = NULL;
	if (!q->ub_bogus && q->wire != NULL && dd_msg_parse(q->wire, q->wire_len, &m) == DD_OK) {
		data_text(m->rr[DD_SECTION_ANSWER], m->count[DD_SECTION_ANSWER], v->qtype, v->data,
		          sizeof(v->data));
		dd_msg_free(m);
	}
}

static void view_of_resolver(const dd_view_ev_t *q, dd_view_t *v)
{
	if (!q->asked) {
		snprintf(v->why, sizeof(v->why), "%s", q->note);
		return;
	}
	dd_msg_t *m = NULL;
	if (q->error != DD_QERR_NONE || q->wire == NULL ||
	    dd_msg_parse(q->wire, q->wire_len, &m) != DD_OK) {
		snprintf(v->why, sizeof(v->why), "no answer (%s)", q->error != DD_QERR_NONE
		         ? dd_qerr_name(q->error) : q->wire != NULL ? "a response that does not parse"
		                                                    : "no response recorded");
		return;
	}
	v->answered = true;
	v->rcode = m->rcode;
	v->ad = (m->flags & DD_FLAG_AD) != 0;
	v->ede = m->ede_code == 0xFFFF ? -1 : m->ede_code;
	if (m->rcode == DD_RCODE_SERVFAIL) {
		v->status = DD_STATUS_BOGUS;
	} else if (m->rcode == DD_RCODE_NOERROR || m->rcode == DD_RCODE_NXDOMAIN) {
		v->status = v->ad ? DD_STATUS_SECURE : DD_STATUS_INSECURE;
	}
	data_text(m->rr[DD_SECTION_ANSWER], m->count[DD_SECTION_ANSWER], v->qtype, v->data,
	          sizeof(v->data));
	dd_msg_free(m);
}

int dd_views_from_evidence(const dd_evidence_t *ev, dd_views_t **out)
{
	if (ev == NULL || out == NULL) {
		return DD_EINVAL;
	}
	dd_views_t *vs = calloc(1, sizeof(*vs));
	if (vs == NULL) {
		return DD_ENOMEM;
	}
	vs->recorded = ev->views_recorded;
	vs->at = ev->started_ms / 1000;
	if (ev->nviews > 0 && (vs->v = calloc(ev->nviews, sizeof(*vs->v))) == NULL) {
		free(vs);
		return DD_ENOMEM;
	}
	for (size_t i = 0; i < ev->nviews; i++) {
		const dd_view_ev_t *q = &ev->views[i];
		dd_view_t *v = &vs->v[vs->n++];
		snprintf(v->source, sizeof(v->source), "%s", q->source);
		v->cd = q->cd;
		memcpy(v->name, q->qname, dd_name_len(q->qname));
		v->qtype = q->qtype;
		v->ede = -1;
		v->status = DD_STATUS_INDETERMINATE;
		if (q->kind == DD_VIEW_LIBUNBOUND) {
			view_of_unbound(q, v);
		} else {
			view_of_resolver(q, v);
		}
	}
	*out = vs;
	return DD_OK;
}

void dd_views_free(dd_views_t *views)
{
	if (views == NULL) {
		return;
	}
	free(views->v);
	free(views);
}
