/* SPDX-License-Identifier: MIT
 * analysis.c - validation of the evidence as RFC 4035 5 describes it, per server and per zone:
 * the context (parsed responses, DNSKEY RRsets, work limits), the finding sink, and
 * dd_analyze*(), which walks the zones from the anchor down (trust.c) and then the target
 * (target.c). Every DNSSEC judgement is made by the validation core (validate/). */

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

bool dd_analysis_has(const dd_analysis_t *an, const char *code)
{
	for (size_t i = 0; i < an->nfindings; i++) {
		if (strcmp(an->findings[i].code, code) == 0) {
			return true;
		}
	}
	return false;
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

/* ---- the whole run ------------------------------------------------------------------------------ */

dd_limits_t dd_limits_default(void)
{
	return (dd_limits_t){
		.verify_per_rrset = DD_LIMIT_VERIFY_PER_RRSET,
		.keys_per_rrsig = DD_LIMIT_KEYS_PER_RRSIG,
		.rrsigs_per_rrset = DD_LIMIT_RRSIGS_PER_RRSET,
		.rrset_records = DD_LIMIT_RRSET_RECORDS,
		.verify_total = DD_LIMIT_VERIFY_TOTAL,
		.nsec3_hashes = DD_LIMIT_NSEC3_HASHES,
	};
}

int dd_analyze(const dd_evidence_t *ev, int64_t at, dd_analysis_t **out)
{
	return dd_analyze_limited(ev, at, NULL, out);
}

int dd_analyze_limited(const dd_evidence_t *ev, int64_t at, const dd_limits_t *limits,
                       dd_analysis_t **out)
{
	return dd_analyze_shared(ev, at, limits, NULL, out);
}

static dd_limits_t limits_of(const dd_limits_t *limits)
{
	dd_limits_t l = dd_limits_default();
	if (limits != NULL) {
		const dd_limits_t d = l;
#define LIM(f, cap) l.f = limits->f == 0 ? d.f : (cap && limits->f > d.f) ? d.f : limits->f
		LIM(verify_per_rrset, false);
		LIM(keys_per_rrsig, false);
		LIM(rrsigs_per_rrset, true);
		LIM(rrset_records, true);
		LIM(verify_total, false);
		LIM(nsec3_hashes, false);
#undef LIM
	}
	return l;
}

/* Analyse the zones in chain order (a CNAME adds a second branch; parents come first). */
static void analyze_zones(dd__actx_t *c)
{
	const dd_evidence_t *ev = c->ev;
	char (*why)[300] = calloc(ev->nzones, sizeof(*why));
	if (why == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	for (size_t i = 0; i < ev->nzones && c->err == DD_OK; i++) {
		int p = ev->zones[i].parent;
		bool has_parent = p >= 0 && (size_t)p < i;
		dd_status_t parent = has_parent ? c->an->zones[p].status : DD_STATUS_SECURE;
		dd__an_zone(c, (int)i, parent, has_parent ? why[p] : "");
		dd_zone_result_t *zr = &c->an->zones[i];
		zr->parent = has_parent ? p : -1;
		zr->depth = has_parent ? c->an->zones[p].depth + 1 : 0;
		if (has_parent && parent != DD_STATUS_SECURE) {
			memcpy(why[i], why[p], sizeof(why[i]));  /* the trouble started higher up */
		} else if (zr->status != DD_STATUS_SECURE) {
			char zn[1024];
			dd__name_text(zr->name, zn, sizeof(zn));
			snprintf(why[i], sizeof(why[i]), "the zone %s above is %s", zn,
			         dd_status_name(zr->status));
		}
	}
	free(why);
}

int dd_analyze_shared(const dd_evidence_t *ev, int64_t at, const dd_limits_t *limits,
                      dd_verify_memo_t *memo, dd_analysis_t **out)
{
	if (ev == NULL || out == NULL || ev->nzones == 0) {
		return DD_EINVAL;
	}
	dd_limits_t lim = limits_of(limits);
	dd__actx_t c = {
		.ev = ev, .at = at,
		.vo = { .at = at, .lim = lim, .exact_labels = false, .memo = memo },
		.vbudget = { .max = lim.verify_total },
		.hbudget = { .max = lim.nsec3_hashes },
	};
	c.an = calloc(1, sizeof(*c.an));
	c.msgs = calloc(ev->nxs ? ev->nxs : 1, sizeof(*c.msgs));
	c.parsed = calloc(ev->nxs ? ev->nxs : 1, sizeof(*c.parsed));
	c.ks = calloc(ev->nzones, sizeof(*c.ks));
	if (c.an == NULL || c.msgs == NULL || c.parsed == NULL || c.ks == NULL) {
		c.err = DD_ENOMEM;
		goto out;
	}
	c.an->at = at;
	c.an->zones = calloc(ev->nzones, sizeof(*c.an->zones));
	if (c.an->zones == NULL) {
		c.err = DD_ENOMEM;
		goto out;
	}
	c.an->nzones = ev->nzones;
	analyze_zones(&c);
	if (c.err == DD_OK) {
		dd__an_target(&c);
	}
	c.an->verifications = c.vbudget.used;
	c.an->nsec3_hashes = c.hbudget.used;
out:
	for (size_t i = 0; c.msgs != NULL && i < ev->nxs; i++) {
		dd_msg_free(c.msgs[i]);
	}
	free(c.msgs);
	free(c.parsed);
	for (size_t i = 0; c.ks != NULL && i < ev->nzones; i++) {
		for (size_t s = 0; c.ks[i] != NULL && s < ev->zones[i].nservers; s++) {
			dd__an_keyset_free(&c.ks[i][s]);
		}
		free(c.ks[i]);
	}
	free(c.ks);
	if (c.err != DD_OK) {
		dd_analysis_free(c.an);
		return c.err;
	}
	*out = c.an;
	return DD_OK;
}

void dd_analysis_free(dd_analysis_t *an)
{
	if (an == NULL) {
		return;
	}
	for (size_t i = 0; an->zones != NULL && i < an->nzones; i++) {
		free(an->zones[i].servers);
		free(an->zones[i].ds);
		free(an->zones[i].keys);
		free(an->zones[i].ds_lines);
	}
	free(an->zones);
	free(an->findings);
	free(an);
}
