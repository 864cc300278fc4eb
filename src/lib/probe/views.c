/* SPDX-License-Identifier: MIT
 * views.c - resolver views: libunbound in-process (validating, and with the iterator only for
 * the +cd view) with the probe's anchors and hints, and real resolvers asked over libuv. */

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unbound.h>

#include "crypto/b64.h"
#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "dd/views.h"
#include "xfer.h"

static dd_view_t *view_add(dd_views_t *vs)
{
	dd_view_t *n = realloc(vs->v, (vs->n + 1) * sizeof(*n));
	if (n == NULL) {
		return NULL;
	}
	vs->v = n;
	dd_view_t *v = &vs->v[vs->n++];
	memset(v, 0, sizeof(*v));
	v->ede = -1;
	v->status = DD_STATUS_INDETERMINATE;
	return v;
}

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
	r |= ub_ctx_set_option(ctx, "do-not-query-localhost:", "no");
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

/* One libunbound view's outcome into @p v (@p res is freed here). */
static void ub_fill(dd_view_t *v, int err, struct ub_result *res)
{
	if (err != 0 || res == NULL) {
		snprintf(v->why, sizeof(v->why), "%s", ub_strerror(err));
		if (res != NULL) {
			ub_resolve_free(res);
		}
		return;
	}
	v->answered = true;
	v->rcode = res->rcode;
	v->ad = res->secure;
	if (res->bogus) {
		v->status = DD_STATUS_BOGUS;
		v->rcode = DD_RCODE_SERVFAIL;  /* what a validating resolver sends its clients */
		snprintf(v->why, sizeof(v->why), "%s", res->why_bogus ? res->why_bogus : "bogus");
	} else if (res->rcode == DD_RCODE_SERVFAIL) {
		v->status = DD_STATUS_INDETERMINATE;
		snprintf(v->why, sizeof(v->why), "SERVFAIL (no answer from the servers)");
	} else {
		v->status = res->secure ? DD_STATUS_SECURE : DD_STATUS_INSECURE;
	}
	dd_msg_t *m = NULL;
	if (!res->bogus && res->answer_packet != NULL &&
	    dd_msg_parse(res->answer_packet, (size_t)res->answer_len, &m) == DD_OK) {
		data_text(m->rr[DD_SECTION_ANSWER], m->count[DD_SECTION_ANSWER], v->qtype, v->data,
		          sizeof(v->data));
		dd_msg_free(m);
	}
	ub_resolve_free(res);
}

typedef struct ubq {
	dd_views_t *vs;
	size_t idx;
} ubq_t;

static void ub_done(void *arg, int err, struct ub_result *res)
{
	ubq_t *q = arg;
	ub_fill(&q->vs->v[q->idx], err, res);
	free(q);
}

/* Start the view @p idx (already in @p vs) on @p ctx; ub_wait() completes it. */
static void ub_start(struct ub_ctx *ctx, dd_views_t *vs, size_t idx)
{
	dd_view_t *v = &vs->v[idx];
	char text[1024];
	if (ctx == NULL || dd_name_to_str(v->name, text, sizeof(text)) != DD_OK) {
		snprintf(v->why, sizeof(v->why), "libunbound could not be set up");
		return;
	}
	ubq_t *q = malloc(sizeof(*q));
	if (q == NULL) {
		snprintf(v->why, sizeof(v->why), "out of memory");
		return;
	}
	*q = (ubq_t){ .vs = vs, .idx = idx };
	int r = ub_resolve_async(ctx, text, v->qtype, 1, q, ub_done, NULL);
	if (r != 0) {
		snprintf(v->why, sizeof(v->why), "%s", ub_strerror(r));
		free(q);
	}
}

/* Real resolvers, over libuv with RD set. */
typedef struct rq {
	dd_views_t *vs;
	size_t idx;
} rq_t;

static void resolver_done(void *arg, const dd_exchange_t *x)
{
	rq_t *q = arg;
	dd_view_t *v = &q->vs->v[q->idx];
	dd_msg_t *m = NULL;
	if (x->error != DD_QERR_NONE || x->wire == NULL || dd_msg_parse(x->wire, x->wire_len, &m) != DD_OK) {
		snprintf(v->why, sizeof(v->why), "no answer (%s)", dd_qerr_name(x->error));
		free(q);
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
	data_text(m->rr[DD_SECTION_ANSWER], m->count[DD_SECTION_ANSWER], v->qtype, v->data, sizeof(v->data));
	dd_msg_free(m);
	free(q);
}

int dd_views_collect(const dd_probe_config_t *cfg, const char *const *resolvers, size_t nres,
                     bool no_unbound, const uint8_t *target, uint16_t qtype,
                     const uint8_t *nx_name, int64_t at, dd_views_t **out)
{
	if (cfg == NULL || target == NULL || out == NULL) {
		return DD_EINVAL;
	}
	dd_views_t *vs = calloc(1, sizeof(*vs));
	if (vs == NULL) {
		return DD_ENOMEM;
	}
	const uint8_t *names[2] = { target, nx_name };
	uint16_t types[2] = { qtype, DD_TYPE_A };
	size_t nnames = nx_name != NULL && nx_name[0] != 0 ? 2 : 1;
	if (!no_unbound) {
		/* every view at once (one thread per context), so that a slow server costs its
		 * timeout once and not once per view */
		struct ub_ctx *val = ub_make(cfg, true, at), *cd = ub_make(cfg, false, at);
		size_t first = vs->n;
		for (size_t i = 0; i < nnames; i++) {
			for (int cdb = 0; cdb < 2; cdb++) {
				dd_view_t *v = view_add(vs);
				if (v == NULL) {
					break;
				}
				snprintf(v->source, sizeof(v->source), "libunbound");
				v->cd = cdb;
				memcpy(v->name, names[i], dd_name_len(names[i]));
				v->qtype = types[i];
			}
		}
		for (size_t k = first; k < vs->n; k++) {
			ub_start(vs->v[k].cd ? cd : val, vs, k);
		}
		if (val != NULL) {
			ub_wait(val);
			ub_ctx_delete(val);
		}
		if (cd != NULL) {
			ub_wait(cd);
			ub_ctx_delete(cd);
		}
	}
	if (nres > 0) {
		uv_loop_t loop;
		if (uv_loop_init(&loop) != 0) {
			dd_views_free(vs);
			return DD_ENOMEM;
		}
		/* all views first, so the array does not move under the callbacks */
		size_t first = vs->n;
		for (size_t r = 0; r < nres; r++) {
			for (size_t i = 0; i < nnames; i++) {
				for (int cdb = 0; cdb < 2; cdb++) {
					dd_view_t *v = view_add(vs);
					if (v == NULL) {
						uv_loop_close(&loop);
						dd_views_free(vs);
						return DD_ENOMEM;
					}
					snprintf(v->source, sizeof(v->source), "%s", resolvers[r]);
					v->cd = cdb;
					memcpy(v->name, names[i], dd_name_len(names[i]));
					v->qtype = types[i];
				}
			}
		}
		for (size_t k = first; k < vs->n; k++) {
			dd_view_t *v = &vs->v[k];
			xfer_opts_t o = { .timeout_ms = cfg->timeout_ms ? cfg->timeout_ms * 2 : 3000,
				          .udp_tries = 4, .tcp_on_failure = true, .cd = v->cd, .rd = true };
			rq_t *q = malloc(sizeof(*q));
			if (q == NULL) {
				continue;
			}
			*q = (rq_t){ .vs = vs, .idx = k };
			if (dd__xfer_start(&loop, &o, v->source, cfg->port ? cfg->port : 53, v->name, v->qtype,
			                   resolver_done, q) != 0) {
				snprintf(v->why, sizeof(v->why), "bad resolver address");
				free(q);
			}
		}
		uv_run(&loop, UV_RUN_DEFAULT);
		uv_loop_close(&loop);
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
