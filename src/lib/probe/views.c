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

/* The questions being asked: the array does not move while callbacks run. */
typedef struct asking {
	dd_view_ev_t *q;
	size_t n;
} asking_t;

/* One question under way; the array of them lives until dd_views_collect() returns (a
 * libunbound context deleted with queries outstanding never calls them back). */
typedef struct cbarg {
	asking_t *a;
	size_t idx;
	int *pending;          /* libunbound: of its context */
	dd__xfer_t *x;         /* a real resolver: while under way */
} cbarg_t;

/* One libunbound result, recorded as it came (@p res is freed here). */
static void ub_done(void *arg, int err, struct ub_result *res)
{
	cbarg_t *c = arg;
	dd_view_ev_t *q = &c->a->q[c->idx];
	(*c->pending)--;
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

/* Ask question @p c->idx on @p ctx; ub_wait_or_cancel() completes it. */
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
}

/* ub_wait(), or until @p cancel is triggered (its pipe turns readable): then the questions
 * left stay unanswered and deleting the context drops them. */
static void ub_wait_or_cancel(struct ub_ctx *ctx, dd_probe_cancel_t *cancel, const int *pending)
{
	if (cancel == NULL) {
		ub_wait(ctx);
		return;
	}
	struct pollfd p[2] = { { .fd = ub_fd(ctx), .events = POLLIN },
		               { .fd = dd__cancel_fd(cancel), .events = POLLIN } };
	while (*pending > 0 && !dd_probe_cancelled(cancel)) {
		if (poll(p, 2, -1) < 0 && errno != EINTR) {
			break;
		}
		if (p[0].revents & POLLIN) {
			ub_process(ctx);
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
static int ask_add(asking_t *a, dd_view_kind_t kind, const char *source,
                   const uint8_t *const *names, const uint16_t *types, size_t nnames)
{
	dd_view_ev_t *n = realloc(a->q, (a->n + 2 * nnames) * sizeof(*n));
	if (n == NULL) {
		return DD_ENOMEM;
	}
	a->q = n;
	for (size_t i = 0; i < nnames; i++) {
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
	return DD_OK;
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

static void ask_free(asking_t *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->q[i].wire);
	}
	free(a->q);
}

int dd_views_collect(const dd_probe_config_t *cfg, const char *const *resolvers, size_t nres,
                     bool no_unbound, int64_t at, dd_evidence_t *ev)
{
	if (cfg == NULL || ev == NULL || dd_name_check(ev->target, DD_NAME_MAXLEN) < 0) {
		return DD_EINVAL;
	}
	const uint8_t *names[2] = { ev->target, ev->nx_name };
	uint16_t types[2] = { ev->qtype, DD_TYPE_A };
	size_t nnames = ev->nx_name[0] != 0 ? 2 : 1;
	asking_t a = { 0 };
	int ret = DD_OK;
	if (!no_unbound) {
		ret = ask_add(&a, DD_VIEW_LIBUNBOUND, "libunbound", names, types, nnames);
	}
	for (size_t r = 0; r < nres && ret == DD_OK; r++) {
		ret = ask_add(&a, DD_VIEW_RESOLVER, resolvers[r], names, types, nnames);
	}
	if (ret != DD_OK) {
		ask_free(&a);
		return ret;
	}
	cbarg_t *cb = calloc(a.n ? a.n : 1, sizeof(*cb));
	if (cb == NULL) {
		ask_free(&a);
		return DD_ENOMEM;
	}
	for (size_t k = 0; k < a.n; k++) {
		cb[k] = (cbarg_t){ .a = &a, .idx = k };
	}
	if (!no_unbound) {
		/* every libunbound question at once (one thread per context), so that a slow
		 * server costs its timeout once and not once per view */
		struct ub_ctx *val = ub_make(cfg, true, at), *cd = ub_make(cfg, false, at);
		int pending[2] = { 0, 0 };
		for (size_t k = 0; k < a.n; k++) {
			if (a.q[k].kind == DD_VIEW_LIBUNBOUND) {
				cb[k].pending = &pending[a.q[k].cd ? 1 : 0];
				ub_start(a.q[k].cd ? cd : val, &cb[k]);
			}
		}
		if (val != NULL) {
			ub_wait_or_cancel(val, cfg->cancel, &pending[0]);
			ub_ctx_delete(val);
		}
		if (cd != NULL) {
			ub_wait_or_cancel(cd, cfg->cancel, &pending[1]);
			ub_ctx_delete(cd);
		}
		for (size_t k = 0; pending[0] + pending[1] > 0 && k < a.n; k++) {
			if (a.q[k].kind == DD_VIEW_LIBUNBOUND && a.q[k].asked && a.q[k].wire == NULL &&
			    a.q[k].note[0] == '\0') {
				note_set(&a.q[k], "interrupted");
			}
		}
	}
	if (nres > 0) {
		uv_loop_t loop;
		if (uv_loop_init(&loop) != 0) {
			free(cb);
			ask_free(&a);
			return DD_ENOMEM;
		}
		for (size_t k = 0; k < a.n; k++) {
			dd_view_ev_t *q = &a.q[k];
			if (q->kind != DD_VIEW_RESOLVER) {
				continue;
			}
			xfer_opts_t o = { .timeout_ms = cfg->timeout_ms ? cfg->timeout_ms * 2 : 3000,
				          .udp_tries = 4, .tcp_on_failure = true, .cd = q->cd, .rd = true };
			if (dd__transport_uv()->send(NULL, &loop, &o, q->source, cfg->port ? cfg->port : 53,
			                             q->qname, q->qtype, resolver_done, &cb[k],
			                             &cb[k].x) != 0) {
				note_set(q, "bad resolver address");
				cb[k].x = NULL;
			}
		}
		uv_poll_t cancel;
		bool polling = cfg->cancel != NULL && a.n > 0 &&
		               uv_poll_init(&loop, &cancel, dd__cancel_fd(cfg->cancel)) == 0;
		if (polling) {
			cancel.data = cb;
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
	free(cb);
	/* into the evidence only when all of it fits */
	size_t before = ev->nviews;
	for (size_t k = 0; k < a.n && ret == DD_OK; k++) {
		ret = dd_evidence_add_view(ev, &a.q[k]);
	}
	if (ret != DD_OK) {
		while (ev->nviews > before) {
			free(ev->views[--ev->nviews].wire);
		}
	} else {
		ev->views_recorded = true;
	}
	ask_free(&a);
	return ret;
}

/* ---- the views, from the evidence alone ------------------------------------------------- */

static void view_of_unbound(const dd_view_ev_t *q, dd_view_t *v)
{
	if (!q->asked || q->ub_err != 0) {
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
