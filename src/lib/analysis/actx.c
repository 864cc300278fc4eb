/* SPDX-License-Identifier: MIT
 * actx.c - the context every part of the analysis works in: the evidence's responses parsed
 * once, the finding sink (one finding per code, zone and RRset, servers merged), RRsets as a
 * section carries them, each server's DNSKEY RRset loaded once, and the calls into the
 * validation core with the run's limits and budgets. */

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/actx.h"
#include "core/finding_fill.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/name.h"
#include "dns/name_text.h"

dd_msg_t *dd__an_msg(dd__actx_t *c, const char *server, const uint8_t *qname, uint16_t qtype)
{
	const dd_exchange_t *x = dd_evidence_find(c->ev, server, qname, qtype);
	if (x == NULL) {
		return NULL;
	}
	size_t i = (size_t)(x - c->ev->xs);
	if (!c->parsed[i]) {
		c->parsed[i] = true;
		if (x->error == DD_QERR_NONE && x->wire != NULL) {
			(void)dd_msg_parse(x->wire, x->wire_len, &c->msgs[i]);
		}
	}
	return c->msgs[i];
}

bool dd__an_authoritative(const dd_msg_t *m)
{
	/* an answer a validator would use: authoritative, NOERROR or NXDOMAIN */
	return m != NULL && (m->flags & DD_FLAG_AA) &&
	       (m->rcode == DD_RCODE_NOERROR || m->rcode == DD_RCODE_NXDOMAIN);
}

__attribute__((format(printf, 10, 11)))
static void fill(dd_finding_t *f, const dd_finding_info_t *info, dd_severity_t sev,
                 const uint8_t *zone, const uint8_t *owner, uint16_t rrtype, uint16_t tag,
                 uint8_t alg, int64_t when, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dd__finding_fill(f, info, sev, zone, owner, rrtype, tag, alg, when, fmt, ap);
	va_end(ap);
}

/* Record a finding from a formatted detail; the same code for the same zone and RRset merges
 * servers. */
static void add_finding(dd__actx_t *c, const char *code, dd_severity_t sev, const uint8_t *zone,
                        const uint8_t *owner, uint16_t rrtype, const char *server, uint16_t tag,
                        uint8_t alg, int64_t when, const char *detail)
{
	dd_analysis_t *an = c->an;
	dd_finding_t *f = NULL;
	for (size_t i = 0; i < an->nfindings; i++) {
		dd_finding_t *g = &an->findings[i];
		if (strcmp(g->code, code) == 0 && dd_name_equal(g->zone, zone) &&
		    dd_name_equal(g->owner, owner) && g->rrtype == rrtype) {
			f = g;
			break;
		}
	}
	if (f == NULL) {
		if (an->nfindings == an->cap_findings) {
			size_t cap = an->cap_findings ? an->cap_findings * 2 : 16;
			dd_finding_t *n = realloc(an->findings, cap * sizeof(*n));
			if (n == NULL) {
				c->err = DD_ENOMEM;
				return;
			}
			an->findings = n;
			an->cap_findings = cap;
		}
		const dd_finding_info_t *info = dd_finding_info(code);
		assert(info != NULL);  /* every code is in the shared vocabulary */
		if (info == NULL) {
			return;
		}
		f = &an->findings[an->nfindings++];
		/* the vocabulary's severity, raised (never lowered) by the caller's context */
		fill(f, info, sev, zone, owner, rrtype, tag, alg, when, "%s", detail);
	}
	if (sev > f->severity) {
		f->severity = sev;
	}
	if (server != NULL && server[0] != '\0') {
		for (size_t i = 0; i < f->nservers; i++) {
			if (strcmp(f->servers[i], server) == 0) {
				return;
			}
		}
		if (f->nservers < DD_FINDING_SERVERS) {
			snprintf(f->servers[f->nservers++], 64, "%s", server);
		}
	}
}

void dd__an_finding(dd__actx_t *c, const char *code, dd_severity_t sev, const uint8_t *zone,
                    const uint8_t *owner, uint16_t rrtype, const char *server, uint16_t tag,
                    int64_t when, const char *fmt, ...)
{
	char detail[sizeof(((dd_finding_t *)0)->detail)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	add_finding(c, code, sev, zone, owner, rrtype, server, tag, 0, when, detail);
}

static void sink_emit(void *ctx, const dd__vfind_t *f)
{
	const dd__asink_t *s = ctx;
	add_finding(s->c, f->code, f->severity, s->zone, f->owner ? f->owner : s->zone, f->rrtype,
	            s->server, f->key_tag, f->algorithm, f->when, f->detail);
}

const dd__vsink_t *dd__an_sink(dd__asink_t *s, dd__actx_t *c, const uint8_t *zone,
                               const char *server)
{
	*s = (dd__asink_t){ .sink = { .emit = sink_emit, .ctx = s }, .c = c, .zone = zone,
		            .server = server };
	return &s->sink;
}

size_t dd__an_rrview(const dd_msg_t *m, dd_section_t sec, const uint8_t *owner, uint16_t type,
                     dd__rrview_t *v)
{
	if (m == NULL) {
		memset(&v->set, 0, sizeof(v->set));
		v->n = v->nsigs = v->total = v->total_sigs = 0;
		return 0;
	}
	v->n = dd_msg_rrset(m, sec, owner, type, &v->set, v->rd, DD__AN_MAXRD);
	v->nsigs = dd_msg_rrsigs(m, sec, owner, type, v->sigs, DD__AN_MAXSIGS);
	v->total = v->n > 0 ? dd_msg_count(m, sec, owner, type, 0) : 0;
	v->total_sigs = dd_msg_count(m, sec, owner, DD_TYPE_RRSIG, type);
	return v->n;
}

/* ---- keys --------------------------------------------------------------------------------------- */

void dd__an_keyset_load(dd__keyset_t *ks, const dd_msg_t *m, const uint8_t *zone)
{
	memset(ks, 0, sizeof(*ks));
	if (!dd__an_authoritative(m)) {
		return;
	}
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER] && ks->n < DD__AN_MAXKEYS; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		if (rr->type != DD_TYPE_DNSKEY || !dd_name_equal(rr->owner, zone)) {
			continue;
		}
		ks->present = true;
		ks->ttl = rr->ttl;
		dd_dnskey_t dk;
		if (dd_dnskey_parse(rr->rdata.data, rr->rdata.len, &dk) != DD_OK) {
			continue;
		}
		dd__vkey_t *k = &ks->keys[ks->n];
		*k = (dd__vkey_t){ .tag = dd_keytag(rr->rdata.data, rr->rdata.len),
			           .alg = dk.algorithm, .flags = dk.flags };
		if (dd_key_new(zone, rr->rdata.data, rr->rdata.len, &k->key) != DD_OK) {
			k->key = NULL;
		}
		ks->rd[ks->n++] = rr->rdata;
	}
}

void dd__an_keyset_free(dd__keyset_t *ks)
{
	for (size_t i = 0; i < ks->n; i++) {
		dd_key_free(ks->keys[i].key);
	}
	ks->n = 0;
}

dd__vkeys_t dd__an_vkeys(const dd__keyset_t *ks, const uint8_t *zone, const bool *allowed)
{
	return (dd__vkeys_t){ .zone = zone, .keys = ks ? ks->keys : NULL, .n = ks ? ks->n : 0,
		              .allowed = allowed };
}

int dd__an_check(dd__actx_t *c, const dd__rrview_t *v, const dd__keyset_t *ks,
                 const uint8_t *zone, const bool *allowed, dd__sigout_t *outs,
                 dd__rrsetv_t *rv)
{
	dd__vkeys_t keys = dd__an_vkeys(ks, zone, allowed);
	int ret = dd__validate_rrset(&v->set, v->sigs, v->nsigs, v->total_sigs, v->total, &keys,
	                             &c->vo, &c->vbudget, outs, rv);
	c->an->verifications = c->vbudget.used;
	if (ret != DD_OK) {
		c->err = ret;
	}
	return ret;
}

void dd__an_report(dd__actx_t *c, const dd__rrview_t *v, const dd__keyset_t *ks,
                   const uint8_t *zone, const char *server, const dd__sigout_t *outs,
                   const dd__rrsetv_t *rv)
{
	dd__asink_t s;
	dd__vkeys_t keys = dd__an_vkeys(ks, zone, NULL);
	dd__validate_rrset_report(&v->set, v->sigs, outs, rv, &keys, &c->vo,
	                          ks != NULL && ks->validated ? ks->active : NULL,
	                          dd__an_sink(&s, c, zone, server));
}

void dd__an_note_window(dd__actx_t *c, int zi, const dd__rrsetv_t *rv)
{
	dd_zone_result_t *z = &c->an->zones[zi];
	if (rv->v != DD_SIGV_OK) {
		return;
	}
	if (rv->expires != 0 && (z->earliest_expiration == 0 || rv->expires < z->earliest_expiration)) {
		z->earliest_expiration = rv->expires;
	}
	if (rv->valid_from != 0 && (z->latest_inception == 0 || rv->valid_from > z->latest_inception)) {
		z->latest_inception = rv->valid_from;
	}
}

bool dd__an_soa_fields(const dd_rdata_t *rd, uint32_t out[5])
{
	/* the five numbers of SOA RDATA (RFC 1035 3.3.13): SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM */
	int l1 = dd_name_check(rd->data, rd->len);
	int l2 = l1 > 0 ? dd_name_check(rd->data + l1, rd->len - (size_t)l1) : -1;
	if (l2 < 0 || rd->len < (size_t)(l1 + l2 + 20)) {
		return false;
	}
	const uint8_t *p = rd->data + l1 + l2;
	for (int i = 0; i < 5; i++, p += 4) {
		out[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	}
	return true;
}

