/* SPDX-License-Identifier: MIT
 * graph.c - the chain of trust as a Graphviz graph in DNSViz's visual language: built with
 * cgraph from the analysis results (never the wire), written as DOT, or laid out by the dot
 * engine and rendered in-process by gvc as SVG or PNG. No layout of our own. */

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gvc.h>

#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/report.h"
#include "dd/text.h"
#include "dns/name_text.h"

/* DNSViz's colours (dnsviz/viz/dnssec.py COLORS), and a line style per status so that the
 * graph reads without colour too. */
static const char *status_color(dd_status_t s)
{
	switch (s) {
	case DD_STATUS_SECURE: return "#0a879a";
	case DD_STATUS_INSECURE: return "#000000";
	case DD_STATUS_INDETERMINATE: return "#f4b800";
	case DD_STATUS_BOGUS: return "#be1515";
	}
	return "#000000";
}

static const char *status_style(dd_status_t s)
{
	switch (s) {
	case DD_STATUS_SECURE: return "solid";
	case DD_STATUS_INSECURE: return "dashed";
	case DD_STATUS_INDETERMINATE: return "dotted";
	case DD_STATUS_BOGUS: return "bold";
	}
	return "solid";
}

/* What an edge stands for, to find the one a root cause concerns. */
typedef enum ref_kind { R_DS, R_SIGN, R_TARGET, R_NX, R_CNAME, R_DELEG } ref_kind_t;

typedef struct ref {
	Agedge_t *e;
	size_t zone;
	ref_kind_t kind;
	uint16_t tag;          /* DS or signing key's tag, 0 if none */
	char servers[256];     /* the servers of a per-server edge, space-separated; "" for all */
} ref_t;

typedef struct builder {
	Agraph_t *g;
	const dd_analysis_t *an;
	Agraph_t **cl;         /* one cluster per zone */
	ref_t *refs;
	size_t nrefs, cap;
	bool oom;
	char buf[4096];
} builder_t;

/* Set attribute @p name of @p obj (declared with default "" when new) to a formatted value. */
__attribute__((format(printf, 4, 5)))
static void set(builder_t *b, void *obj, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->buf, sizeof(b->buf), fmt, ap);
	va_end(ap);
	char key[64];
	snprintf(key, sizeof(key), "%s", name);
	char empty[1] = "";
	if (agsafeset(obj, key, b->buf, empty) != 0) {
		b->oom = true;
	}
}

/* @p in as a Graphviz escString (label, tooltip): a backslash stands for itself. Names in
 * presentation form carry \DDD escapes; a server's string must not become \N or \G. */
static void esc(const char *in, char *out, size_t len)
{
	size_t o = 0;
	for (; *in != '\0' && o + 3 < len; in++) {
		if (*in == '\\') {
			out[o++] = '\\';
		}
		out[o++] = *in;
	}
	out[o] = '\0';
}

static void name_esc(const uint8_t *name, char *out, size_t len)
{
	char text[1100];
	dd__name_text(name, text, sizeof(text));
	esc(text, out, len);
}

static Agnode_t *node(builder_t *b, Agraph_t *where, const char *id)
{
	char n[96];
	snprintf(n, sizeof(n), "%s", id);
	Agnode_t *v = agnode(where, n, 1);
	if (v == NULL) {
		b->oom = true;
	}
	return v;
}

static Agedge_t *edge(builder_t *b, Agnode_t *t, Agnode_t *h, const char *kind, int status)
{
	if (t == NULL || h == NULL) {
		return NULL;
	}
	Agedge_t *e = agedge(b->g, t, h, NULL, 1);
	if (e == NULL) {
		b->oom = true;
		return NULL;
	}
	set(b, e, "dd_kind", "%s", kind);
	if (status >= 0) {
		dd_status_t s = (dd_status_t)status;
		set(b, e, "dd_status", "%s", dd_status_name(s));
		set(b, e, "color", "%s", status_color(s));
		set(b, e, "style", "%s", status_style(s));
		set(b, e, "class", "%s %s", kind, dd_status_name(s));
	}
	return e;
}

static void add_ref(builder_t *b, Agedge_t *e, size_t zone, ref_kind_t kind, uint16_t tag,
                    const char *servers)
{
	if (e == NULL) {
		return;
	}
	if (b->nrefs == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 32;
		ref_t *r = realloc(b->refs, cap * sizeof(*r));
		if (r == NULL) {
			b->oom = true;
			return;
		}
		b->refs = r;
		b->cap = cap;
	}
	ref_t *r = &b->refs[b->nrefs++];
	*r = (ref_t){ .e = e, .zone = zone, .kind = kind, .tag = tag };
	snprintf(r->servers, sizeof(r->servers), "%s", servers != NULL ? servers : "");
}

static int find_key(const dd_zone_result_t *z, uint16_t tag, int alg)
{
	for (size_t k = 0; k < z->nkeys; k++) {
		if (z->keys[k].key_tag == tag && (alg < 0 || z->keys[k].algorithm == alg)) {
			return (int)k;
		}
	}
	return -1;
}

static Agnode_t *key_node(builder_t *b, size_t zi, size_t k)
{
	char id[64];
	snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
	return agnode(b->g, id, 0);
}

static Agnode_t *keyset_node(builder_t *b, size_t zi)
{
	char id[64];
	snprintf(id, sizeof(id), "z%zu_dnskey", zi);
	return agnode(b->g, id, 0);
}

/* The cluster of zone @p zi, with its name, status and two invisible points that the
 * delegation edge joins (DNSViz's top and bottom). */
static void zone_cluster(builder_t *b, size_t zi)
{
	const dd_zone_result_t *z = &b->an->zones[zi];
	char id[64], name[2200], reason[600];
	snprintf(id, sizeof(id), "cluster_z%zu", zi);
	Agraph_t *s = agsubg(b->g, id, 1);
	b->cl[zi] = s;
	if (s == NULL) {
		b->oom = true;
		return;
	}
	name_esc(z->name, name, sizeof(name));
	esc(z->reason, reason, sizeof(reason));
	set(b, s, "label", "%s (%s)", name, dd_status_name(z->status));
	set(b, s, "tooltip", "%s", z->status == DD_STATUS_SECURE ? "secure" : reason);
	set(b, s, "labeljust", "l");
	set(b, s, "penwidth", "0.5");
	set(b, s, "dd_zone", "%zu", zi);
	set(b, s, "dd_status", "%s", dd_status_name(z->status));
	set(b, s, "class", "zone %s", dd_status_name(z->status));
	snprintf(id, sizeof(id), "z%zu_top", zi);
	Agnode_t *top = node(b, s, id);
	if (top != NULL) {
		set(b, top, "shape", "point");
		set(b, top, "style", "invis");
		set(b, top, "dd_kind", "point");
	}
}

static void key_nodes(builder_t *b, size_t zi)
{
	const dd_zone_result_t *z = &b->an->zones[zi];
	for (size_t k = 0; k < z->nkeys; k++) {
		const dd_key_view_t *kv = &z->keys[k];
		char id[64];
		snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
		Agnode_t *v = node(b, b->cl[zi], id);
		if (v == NULL) {
			return;
		}
		bool sep = (kv->flags & 0x0001) != 0, revoked = (kv->flags & 0x0080) != 0;
		set(b, v, "label", "DNSKEY\\nalg=%u, id=%u\\n%u bits, flags %u%s%s%s",
		    kv->algorithm, kv->key_tag, kv->bits, kv->flags, sep ? "\\nSEP" : "",
		    revoked ? "\\nREVOKED" : "", kv->supported ? "" : "\\nunsupported algorithm");
		set(b, v, "shape", "ellipse");
		set(b, v, "style", "filled");
		set(b, v, "fillcolor", "%s", sep ? "lightgray" : "#ffffff");
		if (revoked) {
			set(b, v, "penwidth", "4.0");
		}
		set(b, v, "dd_kind", "dnskey");
		set(b, v, "dd_zone", "%zu", zi);
		set(b, v, "dd_key_tag", "%u", kv->key_tag);
		set(b, v, "dd_algorithm", "%u", kv->algorithm);
		set(b, v, "dd_flags", "%u", kv->flags);
		set(b, v, "dd_sep", "%d", sep);
		set(b, v, "dd_revoked", "%d", revoked);
		set(b, v, "class", "dnskey%s%s", sep ? " sep" : "", revoked ? " revoked" : "");
	}
	if (z->nkeys > 0 || z->signed_zone) {
		char id[64];
		snprintf(id, sizeof(id), "z%zu_dnskey", zi);
		Agnode_t *v = node(b, b->cl[zi], id);
		if (v != NULL) {
			char name[2200];
			name_esc(z->name, name, sizeof(name));
			set(b, v, "label", "%s/DNSKEY", name);
			set(b, v, "shape", "rectangle");
			set(b, v, "style", "rounded,filled");
			set(b, v, "fillcolor", "#ffffff");
			set(b, v, "dd_kind", "dnskey-rrset");
			set(b, v, "dd_zone", "%zu", zi);
		}
	}
}

/* The DNSKEY a DS names but the zone lacks: a dashed ellipse, as DNSViz draws it. */
static Agnode_t *absent_key(builder_t *b, size_t zi, const dd_ds_view_t *ds)
{
	char id[64];
	snprintf(id, sizeof(id), "z%zu_absent_%u_%u", zi, ds->key_tag, ds->algorithm);
	Agnode_t *v = agnode(b->g, id, 0);
	if (v != NULL) {
		return v;
	}
	v = node(b, b->cl[zi], id);
	if (v != NULL) {
		set(b, v, "label", "DNSKEY\\nalg=%u, id=%u\\n(not in the zone)", ds->algorithm,
		    ds->key_tag);
		set(b, v, "shape", "ellipse");
		set(b, v, "style", "filled,dashed");
		set(b, v, "color", "#d0d0d0");
		set(b, v, "fillcolor", "#ffffff");
		set(b, v, "dd_kind", "dnskey-absent");
		set(b, v, "dd_zone", "%zu", zi);
		set(b, v, "dd_key_tag", "%u", ds->key_tag);
	}
	return v;
}

/* DS boxes in the parent's cluster (trust anchors above the top zone) and their edges to the
 * keys they name. A DS that authenticates nothing while another does is drawn insecure (it
 * proves nothing and breaks nothing); without one that does, the link is bogus. */
static void ds_nodes(builder_t *b, size_t zi)
{
	const dd_zone_result_t *z = &b->an->zones[zi];
	bool any_match = false, all_unsupported = z->nds > 0;
	for (size_t d = 0; d < z->nds; d++) {
		any_match = any_match || z->ds[d].state == DD_DS_STATE_MATCHES ||
		            z->ds[d].state == DD_DS_STATE_MATCHES_REVOKED;
		all_unsupported = all_unsupported && z->ds[d].state == DD_DS_STATE_UNSUPPORTED;
	}
	for (size_t d = 0; d < z->nds; d++) {
		const dd_ds_view_t *ds = &z->ds[d];
		char id[64];
		snprintf(id, sizeof(id), "z%zu_ds%zu", zi, d);
		bool anchor = z->parent < 0;
		Agnode_t *v = node(b, anchor ? b->g : b->cl[z->parent], id);
		if (v == NULL) {
			return;
		}
		set(b, v, "label", "%s\\nalg=%u, id=%u\\ndigest %s", anchor ? "trust anchor DS" : "DS",
		    ds->algorithm, ds->key_tag, dd_digest_name(ds->digest_type));
		set(b, v, "shape", "rectangle");
		set(b, v, "style", "rounded,filled");
		set(b, v, "fillcolor", "#ffffff");
		set(b, v, "dd_kind", "%s", anchor ? "anchor" : "ds");
		set(b, v, "dd_zone", "%zu", anchor ? zi : (size_t)z->parent);
		set(b, v, "dd_key_tag", "%u", ds->key_tag);
		set(b, v, "dd_ds_state", "%s", dd_ds_state_name(ds->state));

		int k = -1;
		dd_status_t st = DD_STATUS_BOGUS;
		const char *label = dd_ds_state_name(ds->state);
		switch (ds->state) {
		case DD_DS_STATE_MATCHES:
			k = find_key(z, ds->key_tag, ds->algorithm);
			st = z->status == DD_STATUS_INSECURE ? DD_STATUS_INSECURE : DD_STATUS_SECURE;
			label = "";
			break;
		case DD_DS_STATE_MATCHES_REVOKED:
			/* validators that accept it (Unbound, BIND) authenticate through it */
			k = find_key(z, ds->key_tag, ds->algorithm);
			st = z->status == DD_STATUS_INSECURE ? DD_STATUS_INSECURE : DD_STATUS_SECURE;
			break;
		case DD_DS_STATE_NOT_ZONE_KEY:
		case DD_DS_STATE_DIGEST_MISMATCH:
			k = find_key(z, ds->key_tag, ds->algorithm);
			break;
		case DD_DS_STATE_ALGORITHM_MISMATCH:
			k = find_key(z, ds->key_tag, -1);
			break;
		case DD_DS_STATE_UNSUPPORTED:
			k = find_key(z, ds->key_tag, ds->algorithm);
			st = DD_STATUS_INSECURE;
			break;
		case DD_DS_STATE_MATCHES_CDS_ONLY:
		case DD_DS_STATE_NO_SUCH_KEY:
			k = find_key(z, ds->key_tag, ds->algorithm);
			break;
		}
		if (ds->state != DD_DS_STATE_MATCHES && ds->state != DD_DS_STATE_MATCHES_REVOKED &&
		    ds->state != DD_DS_STATE_UNSUPPORTED) {
			st = any_match || all_unsupported ? DD_STATUS_INSECURE : DD_STATUS_BOGUS;
		}
		Agnode_t *h = k >= 0 ? key_node(b, zi, (size_t)k) : absent_key(b, zi, ds);
		Agedge_t *e = edge(b, v, h, "ds", (int)st);
		if (e != NULL) {
			set(b, e, "label", "%s", label);
			add_ref(b, e, zi, R_DS, ds->key_tag, NULL);
		}
	}
}

/* The delegation from the parent's cluster to the zone's, coloured by how the DS RRset
 * authenticates the zone (DNSViz's thick delegation edge). */
static void delegation(builder_t *b, size_t zi)
{
	const dd_zone_result_t *z = &b->an->zones[zi];
	if (z->parent < 0) {
		return;
	}
	const dd_zone_result_t *p = &b->an->zones[z->parent];
	dd_status_t st;
	bool matched = false, supported = false;
	for (size_t d = 0; d < z->nds; d++) {
		matched = matched || z->ds[d].state == DD_DS_STATE_MATCHES;
		supported = supported || z->ds[d].state != DD_DS_STATE_UNSUPPORTED;
	}
	if (p->status == DD_STATUS_INSECURE || z->nds == 0 || !supported) {
		st = p->status == DD_STATUS_BOGUS ? DD_STATUS_BOGUS : DD_STATUS_INSECURE;
	} else if (matched) {
		st = p->status;
	} else {
		st = DD_STATUS_BOGUS;
	}
	char id[64];
	snprintf(id, sizeof(id), "z%d_top", z->parent);
	Agnode_t *t = agnode(b->g, id, 0);
	snprintf(id, sizeof(id), "z%zu_top", zi);
	Agnode_t *h = agnode(b->g, id, 0);
	Agedge_t *e = edge(b, t, h, "delegation", (int)st);
	if (e != NULL) {
		set(b, e, "penwidth", "5.0");
		set(b, e, "minlen", "2");
		set(b, e, "ltail", "%s", agnameof(b->cl[z->parent]));
		set(b, e, "lhead", "%s", agnameof(b->cl[zi]));
		set(b, e, "label", "%s", z->nds == 0 ? "no DS" : "");
		add_ref(b, e, zi, R_DELEG, 0, NULL);
	}
}

/* A group of a zone's servers that agree: the status of its DNSKEY RRset and, when the
 * servers' SOA serials differ, the serial. */
typedef struct group {
	dd_status_t status;
	uint32_t serial;
	char servers[256];   /* space-separated addresses */
	char reason[400];    /* the first server's, escaped; "" when secure */
	char label[1024];
} group_t;

static size_t server_groups(const dd_zone_result_t *z, group_t *gs, size_t max)
{
	bool serials_differ = false;
	uint32_t first = 0;
	bool have = false;
	for (size_t s = 0; s < z->nservers; s++) {
		if (!z->servers[s].answered) {
			continue;
		}
		if (have && z->servers[s].serial != first) {
			serials_differ = true;
		}
		first = have ? first : z->servers[s].serial;
		have = true;
	}
	size_t n = 0;
	for (size_t s = 0; s < z->nservers; s++) {
		const dd_server_status_t *sv = &z->servers[s];
		if (!sv->answered) {
			continue;
		}
		uint32_t serial = serials_differ ? sv->serial : 0;
		size_t g = 0;
		while (g < n && !(gs[g].status == sv->status && gs[g].serial == serial)) {
			g++;
		}
		if (g == n) {
			if (n == max) {
				continue;
			}
			gs[n++] = (group_t){ .status = sv->status, .serial = serial };
			esc(sv->status == DD_STATUS_SECURE ? "" : sv->reason, gs[n - 1].reason,
			    sizeof(gs[n - 1].reason));
		}
		size_t l = strlen(gs[g].servers);
		snprintf(gs[g].servers + l, sizeof(gs[g].servers) - l, "%s%s", l ? " " : "", sv->addr);
	}
	for (size_t g = 0; g < n; g++) {
		char addrs[256];
		snprintf(addrs, sizeof(addrs), "%s", gs[g].servers);
		for (char *c = addrs; *c != '\0'; c++) {
			*c = *c == ' ' ? ',' : *c;
		}
		if (serials_differ) {
			snprintf(gs[g].label, sizeof(gs[g].label), "%s from %s (serial %u)%s%s",
			         dd_status_name(gs[g].status), addrs, gs[g].serial,
			         gs[g].reason[0] ? ":\\n" : "", gs[g].reason);
		} else {
			snprintf(gs[g].label, sizeof(gs[g].label), "%s from %s%s%s",
			         dd_status_name(gs[g].status), addrs, gs[g].reason[0] ? ":\\n" : "",
			         gs[g].reason);
		}
	}
	return n;
}

/* Whether key @p k is one the DNSKEY RRset's trust goes through: one that signs it
 * (signs_dnskey), else one a DS (or, with no DS, the anchor) points at. The analysis of a
 * secure zone requires a valid signature by a key a DS matches (RFC 4035 5.2). */
static bool trust_key(const dd_zone_result_t *z, size_t k, int how)
{
	const dd_key_view_t *kv = &z->keys[k];
	switch (how) {
	case 0: return kv->signs_dnskey;
	case 1: return kv->ds_matched;
	default:
		for (size_t d = 0; d < z->nds; d++) {
			if (z->ds[d].key_tag == kv->key_tag && z->ds[d].algorithm == kv->algorithm) {
				return true;
			}
		}
		return z->parent < 0 && z->nds == 0 && (kv->flags & 0x0001) != 0;
	}
}

/* RRSIG edges over the DNSKEY RRset from the keys its trust goes through, one per group of
 * servers when the servers disagree (split signing, a stale secondary): the servers, their
 * status and the first one's reason on the edge. */
static void dnskey_sigs(builder_t *b, size_t zi)
{
	const dd_zone_result_t *z = &b->an->zones[zi];
	Agnode_t *set_node = keyset_node(b, zi);
	if (set_node == NULL) {
		return;
	}
	int how = 0;
	for (; how < 3; how++) {
		bool any = false;
		for (size_t k = 0; k < z->nkeys; k++) {
			any = any || trust_key(z, k, how);
		}
		if (any) {
			break;
		}
	}
	group_t gs[8];
	size_t ng = server_groups(z, gs, 8);
	char reason[600];
	esc(z->reason, reason, sizeof(reason));
	for (size_t k = 0; how < 3 && k < z->nkeys; k++) {
		if (!trust_key(z, k, how)) {
			continue;
		}
		Agnode_t *kn = key_node(b, zi, k);
		if (ng <= 1) {
			Agedge_t *e = edge(b, kn, set_node, "rrsig", (int)z->status);
			if (e != NULL) {
				set(b, e, "label", "%s", z->status == DD_STATUS_SECURE ? "" : reason);
				add_ref(b, e, zi, R_SIGN, z->keys[k].key_tag, NULL);
			}
			continue;
		}
		for (size_t g = 0; g < ng; g++) {
			Agedge_t *e = edge(b, kn, set_node, "rrsig", (int)gs[g].status);
			if (e != NULL) {
				set(b, e, "label", "%s", gs[g].label);
				set(b, e, "dd_servers", "%s", gs[g].servers);
				add_ref(b, e, zi, R_SIGN, z->keys[k].key_tag, gs[g].servers);
			}
		}
	}
}

static int zone_of(const dd_analysis_t *an, const uint8_t *name)
{
	int best = -1;
	for (size_t i = 0; i < an->nzones; i++) {
		if (dd_name_in_zone(name, an->zones[i].name) &&
		    (best < 0 || an->zones[i].depth > an->zones[best].depth)) {
			best = (int)i;
		}
	}
	return best;
}

/* The RRSIG edge to a name's data or denial: from the key a finding about it names, else from
 * the zone's DNSKEY RRset (the analysis does not say which key signed it). */
static Agnode_t *signer_of(builder_t *b, size_t zi, const uint8_t *owner, uint16_t *tag)
{
	const dd_zone_result_t *z = &b->an->zones[zi];
	*tag = 0;
	for (size_t f = 0; f < b->an->nfindings; f++) {
		const dd_finding_t *fd = &b->an->findings[f];
		if (fd->key_tag != 0 && dd_name_equal(fd->owner, owner) &&
		    dd_name_equal(fd->zone, z->name) && fd->rrtype != DD_TYPE_DNSKEY &&
		    fd->rrtype != DD_TYPE_DS) {
			int k = find_key(z, fd->key_tag, fd->algorithm ? fd->algorithm : -1);
			if (k >= 0) {
				*tag = fd->key_tag;
				return key_node(b, zi, (size_t)k);
			}
		}
	}
	Agnode_t *v = keyset_node(b, zi);
	if (v == NULL) {
		char id[64];
		snprintf(id, sizeof(id), "z%zu_top", zi);
		v = agnode(b->g, id, 0);
	}
	return v;
}

/* Servers of the zone that answered the target with records but no RRSIG while others sent
 * RRSIGs: named on the edge. */
static void unsigned_answers(const dd_zone_result_t *z, char *out, size_t len)
{
	bool some_signed = false;
	out[0] = '\0';
	for (size_t s = 0; s < z->nservers; s++) {
		some_signed = some_signed || (z->servers[s].target.asked && z->servers[s].target.rrsigs);
	}
	if (!some_signed) {
		return;
	}
	for (size_t s = 0; s < z->nservers; s++) {
		const dd_answer_summary_t *a = &z->servers[s].target;
		if (a->asked && a->error == 0 && a->records > 0 && a->rrsigs == 0) {
			size_t l = strlen(out);
			snprintf(out + l, len - l, "%s%s", l ? "," : "no RRSIG from ", z->servers[s].addr);
		}
	}
}

static void target_nodes(builder_t *b)
{
	const dd_analysis_t *an = b->an;
	if (an->target_zone < 0 || (size_t)an->target_zone >= an->nzones) {
		return;
	}
	size_t zi = (size_t)an->target_zone;
	const dd_zone_result_t *z = &an->zones[zi];
	char name[2200], type[24];
	name_esc(an->target, name, sizeof(name));
	dd_type_to_str(an->qtype, type, sizeof(type));
	Agnode_t *t = node(b, b->cl[zi], "target");
	if (t == NULL) {
		return;
	}
	bool nx = false;
	for (size_t s = 0; s < z->nservers; s++) {
		const dd_answer_summary_t *a = &z->servers[s].target;
		nx = nx || (a->asked && a->error == 0 && a->rcode == 3);
	}
	const char *proof = z->nsec3 ? "NSEC3" : "NSEC";
	if (an->target_exists) {
		set(b, t, "label", "%s/%s", name, type);
		set(b, t, "style", "rounded,filled");
		set(b, t, "dd_kind", "rrset");
	} else {
		set(b, t, "label", "%s/%s\\n%s, proved by %s", name, type, nx ? "NXDOMAIN" : "NODATA",
		    proof);
		set(b, t, "style", "rounded,filled,dashed");
		set(b, t, "dd_kind", "denial");
	}
	set(b, t, "shape", "rectangle");
	set(b, t, "fillcolor", "#ffffff");
	set(b, t, "dd_zone", "%zu", zi);
	uint16_t tag;
	Agnode_t *sg = signer_of(b, zi, an->target, &tag);
	Agedge_t *e = edge(b, sg, t, "rrsig", (int)an->target_status);
	if (e != NULL) {
		char who[300];
		unsigned_answers(z, who, sizeof(who));
		set(b, e, "label", "%s", who);
		add_ref(b, e, zi, R_TARGET, tag, NULL);
	}

	if (an->cname_target[0] != 0) {
		int ci = zone_of(an, an->cname_target);
		size_t cz = ci >= 0 ? (size_t)ci : zi;
		Agnode_t *c = node(b, b->cl[cz], "cname");
		if (c != NULL) {
			name_esc(an->cname_target, name, sizeof(name));
			set(b, c, "label", "%s/%s\\n(CNAME target)", name, type);
			set(b, c, "shape", "rectangle");
			set(b, c, "style", "rounded,filled");
			set(b, c, "fillcolor", "#ffffff");
			set(b, c, "dd_kind", "rrset");
			set(b, c, "dd_zone", "%zu", cz);
			Agedge_t *ce = edge(b, t, c, "cname", -1);
			if (ce != NULL) {
				set(b, ce, "label", "CNAME");
			}
			e = edge(b, signer_of(b, cz, an->cname_target, &tag), c, "rrsig",
			         (int)an->cname_status);
			add_ref(b, e, cz, R_CNAME, tag, NULL);
		}
	}

	if (an->nx_name[0] != 0) {
		int ni = zone_of(an, an->nx_name);
		size_t nz = ni >= 0 ? (size_t)ni : zi;
		Agnode_t *d = node(b, b->cl[nz], "nx");
		if (d != NULL) {
			name_esc(an->nx_name, name, sizeof(name));
			set(b, d, "label", "%s\\nNXDOMAIN, proved by %s",
			    name, an->zones[nz].nsec3 ? "NSEC3" : "NSEC");
			set(b, d, "shape", "rectangle");
			set(b, d, "style", "rounded,filled,dashed");
			set(b, d, "fillcolor", "#ffffff");
			set(b, d, "dd_kind", "denial");
			set(b, d, "dd_zone", "%zu", nz);
			e = edge(b, signer_of(b, nz, an->nx_name, &tag), d, "rrsig", (int)an->nx_status);
			add_ref(b, e, nz, R_NX, tag, NULL);
		}
	}
}

/* The legend: one sample edge per status, and the node shapes. */
static void legend(builder_t *b)
{
	Agraph_t *s = agsubg(b->g, "cluster_legend", 1);
	if (s == NULL) {
		b->oom = true;
		return;
	}
	set(b, s, "label", "Legend");
	set(b, s, "labeljust", "l");
	set(b, s, "penwidth", "0.5");
	set(b, s, "dd_kind", "legend");
	/* a row of node shapes above a row of sample edges (rank=same subgraphs) */
	Agraph_t *row1 = agsubg(s, "legend_shapes", 1), *row2 = agsubg(s, "legend_tails", 1);
	if (row1 == NULL || row2 == NULL) {
		b->oom = true;
		return;
	}
	set(b, row1, "rank", "same");
	set(b, row2, "rank", "same");
	static const struct { const char *id, *label, *shape, *style, *fill, *pen; } shapes[] = {
		{ "legend_ksk", "DNSKEY, SEP", "ellipse", "filled", "lightgray", "1.5" },
		{ "legend_zsk", "DNSKEY", "ellipse", "filled", "#ffffff", "1.5" },
		{ "legend_revoked", "DNSKEY, revoked", "ellipse", "filled", "#ffffff", "4.0" },
		{ "legend_absent", "DNSKEY a DS names,\\nnot in the zone", "ellipse", "filled,dashed",
		  "#ffffff", "1.5" },
		{ "legend_rrset", "DS or RRset", "rectangle", "rounded,filled", "#ffffff", "1.5" },
		{ "legend_denial", "denial of existence", "rectangle", "rounded,filled,dashed",
		  "#ffffff", "1.5" },
	};
	Agnode_t *first = NULL;
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		Agnode_t *v = node(b, row1, shapes[i].id);
		if (v == NULL) {
			return;
		}
		first = first != NULL ? first : v;
		set(b, v, "label", "%s", shapes[i].label);
		set(b, v, "shape", "%s", shapes[i].shape);
		set(b, v, "style", "%s", shapes[i].style);
		set(b, v, "fillcolor", "%s", shapes[i].fill);
		set(b, v, "penwidth", "%s", shapes[i].pen);
		set(b, v, "dd_kind", "legend");
	}
	static const dd_status_t st[] = { DD_STATUS_SECURE, DD_STATUS_INSECURE,
	                                  DD_STATUS_INDETERMINATE, DD_STATUS_BOGUS };
	for (size_t i = 0; i < 5; i++) {
		const char *what = i < 4 ? dd_status_name(st[i]) : "cause";
		char id[32];
		snprintf(id, sizeof(id), "legend_%s_a", what);
		Agnode_t *a = node(b, row2, id);
		snprintf(id, sizeof(id), "legend_%s_b", what);
		Agnode_t *z = node(b, s, id);
		Agnode_t *both[2] = { a, z };
		for (size_t j = 0; j < 2; j++) {
			if (both[j] != NULL) {
				set(b, both[j], "shape", "point");
				set(b, both[j], "style", "invis");
				set(b, both[j], "dd_kind", "legend");
			}
		}
		Agedge_t *e = edge(b, a, z, "legend", i < 4 ? (int)st[i] : -1);
		if (e == NULL) {
			return;
		}
		/* the legend's edges are samples, not links: dd_status is for the chain's own */
		set(b, e, "dd_status", "%s", "");
		if (i < 4) {
			set(b, e, "label", "%s (%s)", dd_status_name(st[i]), status_style(st[i]));
		} else {
			set(b, e, "penwidth", "4.0");
			set(b, e, "label", "root cause (its code)");
		}
		if (i == 0 && first != NULL) {
			Agedge_t *inv = edge(b, first, a, "legend", -1);
			if (inv != NULL) {
				set(b, inv, "style", "invis");
			}
		}
	}
}

static bool has_server(const char *list, const char *addr)
{
	size_t n = strlen(addr);
	for (const char *p = list; n > 0 && (p = strstr(p, addr)) != NULL; p += n) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) {
			return true;
		}
	}
	return false;
}

static bool is_ds_code(dd_code_t c)
{
	switch (c) {
	case DD_CODE_DS_ALGORITHM_MISMATCH: case DD_CODE_DS_DIGEST_MISMATCH:
	case DD_CODE_DS_DIGEST_WEAK: case DD_CODE_DS_NOT_AT_DELEGATION:
	case DD_CODE_DS_NO_MATCHING_DNSKEY: case DD_CODE_DS_STALE_EXTRA:
	case DD_CODE_DS_WITHOUT_DNSKEY: case DD_CODE_DELEGATION_DS_DEPRECATED:
	case DD_CODE_ROLLOVER_INCOMPLETE: case DD_CODE_CDS_MISMATCH: case DD_CODE_CDS_DELETE:
		return true;
	default:
		return false;
	}
}

static bool is_denial_code(dd_code_t c)
{
	switch (c) {
	case DD_CODE_DENIAL_PROOF_INVALID: case DD_CODE_NSEC3_CHAIN_BROKEN:
	case DD_CODE_NSEC3_ITERATIONS_EXCESSIVE: case DD_CODE_NSEC3_MISSING:
	case DD_CODE_NSEC3_OPTOUT_WRONG: case DD_CODE_NSEC3_ORPHAN:
	case DD_CODE_NSEC3PARAM_MISMATCH: case DD_CODE_NSEC3PARAM_INVALID:
	case DD_CODE_NSEC_BITMAP_WRONG: case DD_CODE_NSEC_CHAIN_BROKEN: case DD_CODE_NSEC_MISSING:
		return true;
	default:
		return false;
	}
}

/* Whether ref @p r is where finding @p f (of a cause with code @p c) shows. */
static bool ref_matches(const builder_t *b, const ref_t *r, dd_code_t c, const dd_finding_t *f,
                        int pass)
{
	const dd_analysis_t *an = b->an;
	bool at_target = dd_name_equal(f->owner, an->target);
	bool at_nx = an->nx_name[0] != 0 && dd_name_equal(f->owner, an->nx_name);
	bool at_cname = an->cname_target[0] != 0 && dd_name_equal(f->owner, an->cname_target);
	if (pass == 0) {
		if (is_ds_code(c) || f->rrtype == DD_TYPE_DS) {
			return r->kind == R_DS && (f->key_tag == 0 || r->tag == f->key_tag);
		}
		if (is_denial_code(c)) {
			return at_target && !an->target_exists ? r->kind == R_TARGET : r->kind == R_NX;
		}
		if (at_target && f->rrtype != DD_TYPE_DNSKEY) {
			return r->kind == R_TARGET;
		}
		if (at_nx) {
			return r->kind == R_NX;
		}
		if (at_cname && f->rrtype != DD_TYPE_DNSKEY) {
			return r->kind == R_CNAME;
		}
		if (r->kind != R_SIGN) {
			return false;
		}
		if (r->servers[0] != '\0' && f->nservers > 0) {
			for (size_t s = 0; s < f->nservers; s++) {
				if (has_server(r->servers, f->servers[s])) {
					return true;
				}
			}
			return false;
		}
		return f->key_tag == 0 || r->tag == f->key_tag || f->rrtype != DD_TYPE_DNSKEY;
	}
	/* nothing closer: the signatures of the zone, then its delegation */
	return pass == 1 ? r->kind == R_SIGN : r->kind == R_DELEG;
}

static void highlight(builder_t *b, const dd_root_cause_t *rc)
{
	const dd_analysis_t *an = b->an;
	int zi = -1;
	for (size_t i = 0; i < an->nzones; i++) {
		if (dd_name_equal(an->zones[i].name, rc->zone)) {
			zi = (int)i;
		}
	}
	dd_finding_t none = { 0 };
	memcpy(none.zone, rc->zone, sizeof(none.zone));
	memcpy(none.owner, rc->zone, sizeof(none.owner));
	const dd_finding_t *f = rc->nfindings > 0 && rc->findings[0] < an->nfindings
	                        ? &an->findings[rc->findings[0]] : &none;
	for (int pass = 0; pass < 3; pass++) {
		bool hit = false;
		for (size_t i = 0; i < b->nrefs; i++) {
			ref_t *r = &b->refs[i];
			if ((int)r->zone != zi || !ref_matches(b, r, rc->id, f, pass)) {
				continue;
			}
			char *old = agget(r->e, "label");
			char *cause = agget(r->e, "dd_cause");
			char prev[1024], prevc[128];
			snprintf(prev, sizeof(prev), "%s", old != NULL ? old : "");
			snprintf(prevc, sizeof(prevc), "%s", cause != NULL ? cause : "");
			set(b, r->e, "label", "%s%s%s", rc->code, prev[0] ? "\\n" : "", prev);
			set(b, r->e, "dd_cause", "%s%s%s", prevc, prevc[0] ? "," : "", rc->code);
			set(b, r->e, "penwidth", "4.0");
			set(b, r->e, "fontcolor", "%s", status_color(DD_STATUS_BOGUS));
			hit = true;
		}
		if (hit) {
			return;
		}
	}
}

static Agraph_t *build(const dd_analysis_t *an, const dd_diagnosis_t *dg, bool *oom)
{
	char name[] = "dnssec";
	Agraph_t *g = agopen(name, Agdirected, NULL);
	if (g == NULL) {
		*oom = true;
		return NULL;
	}
	builder_t b = { .g = g, .an = an };
	b.cl = calloc(an->nzones, sizeof(*b.cl));
	if (b.cl == NULL) {
		agclose(g);
		*oom = true;
		return NULL;
	}
	char target[2200], type[24];
	name_esc(an->target, target, sizeof(target));
	dd_type_to_str(an->qtype, type, sizeof(type));
	set(&b, g, "label", "DNSSEC chain of trust of %s/%s: %s", target, type,
	    dd_status_name(dg != NULL ? dg->verdict : an->target_status));
	set(&b, g, "labelloc", "t");
	set(&b, g, "compound", "true");
	set(&b, g, "rankdir", "TB");
	set(&b, g, "ranksep", "0.3");
	set(&b, g, "fontname", "Helvetica");
	char n_font[] = "fontname", helv[] = "Helvetica", pen[] = "penwidth", w[] = "1.5";
	agattr(g, AGNODE, n_font, helv);
	agattr(g, AGEDGE, n_font, helv);
	agattr(g, AGNODE, pen, w);
	agattr(g, AGEDGE, pen, w);
	for (size_t i = 0; i < an->nzones && !b.oom; i++) {
		zone_cluster(&b, i);
	}
	for (size_t i = 0; i < an->nzones && !b.oom; i++) {
		key_nodes(&b, i);
	}
	for (size_t i = 0; i < an->nzones && !b.oom; i++) {
		ds_nodes(&b, i);
		delegation(&b, i);
		dnskey_sigs(&b, i);
	}
	if (!b.oom) {
		target_nodes(&b);
	}
	if (!b.oom) {
		legend(&b);
	}
	for (size_t c = 0; dg != NULL && c < dg->ncauses && !b.oom; c++) {
		const dd_root_cause_t *rc = &dg->causes[c];
		if (rc->explains_outage || (c == 0 && rc->severity == DD_SEV_ERROR)) {
			highlight(&b, rc);
		}
	}
	free(b.refs);
	free(b.cl);
	if (b.oom) {
		agclose(g);
		*oom = true;
		return NULL;
	}
	return g;
}

/* One Graphviz context for the process, never freed, and one graph at a time. Graphviz keeps
 * global state (its error handler, and the pango plugin's cache of the last font name, which
 * points into the context's font dictionary: a second context after gvFreeContext() reads
 * freed memory in Graphviz 2.42), so the context outlives every graph and a mutex serialises
 * the calls. This and the crypto initialisation are the library's only process-wide state. */
static pthread_once_t gvc_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t gvc_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *gvc_shared;

static void gvc_init(void)
{
	gvc_shared = gvContext();
}

/* Graphviz reports through agerr() on stderr; the library prints nothing. */
static int quiet(char *msg)
{
	(void)msg;
	return 0;
}

int dd_graph_format_from_str(const char *name, dd_graph_format_t *out)
{
	static const char *names[] = { "dot", "svg", "png" };
	for (size_t i = 0; name != NULL && i < 3; i++) {
		if (strcasecmp(name, names[i]) == 0) {
			*out = (dd_graph_format_t)i;
			return DD_OK;
		}
	}
	return DD_EINVAL;
}

int dd_report_graph_data(const dd_analysis_t *an, const dd_diagnosis_t *dg,
                         dd_graph_format_t format, char **data, size_t *len)
{
	if (an == NULL || an->nzones == 0 || data == NULL || len == NULL || format > DD_GRAPH_PNG) {
		return DD_EINVAL;
	}
	pthread_mutex_lock(&gvc_lock);
	agusererrf old = agseterrf(quiet);
	bool oom = false;
	int r = DD_OK;
	char *out = NULL;
	size_t n = 0;
	GVC_t *gvc = NULL;
	Agraph_t *g = build(an, dg, &oom);
	if (g == NULL) {
		r = DD_ENOMEM;
		goto done;
	}
	if (format == DD_GRAPH_DOT) {
		FILE *m = open_memstream(&out, &n);
		if (m == NULL) {
			r = DD_ENOMEM;
			goto done;
		}
		int w = agwrite(g, m);
		if (fclose(m) != 0 || w != 0) {
			r = DD_ENOMEM;
		}
		goto done;
	}
	pthread_once(&gvc_once, gvc_init);
	gvc = gvc_shared;
	if (gvc == NULL) {
		r = DD_ENOMEM;
		goto done;
	}
	if (gvLayout(gvc, g, "dot") != 0) {
		r = DD_EIO;
		goto done;
	}
	char *rendered = NULL;
	unsigned int rlen = 0;
	if (gvRenderData(gvc, g, format == DD_GRAPH_SVG ? "svg" : "png", &rendered, &rlen) != 0 ||
	    rendered == NULL) {
		r = DD_EUNSUPPORTED;
	} else {
		out = malloc(rlen + 1);
		if (out == NULL) {
			r = DD_ENOMEM;
		} else {
			memcpy(out, rendered, rlen);
			out[rlen] = '\0';
			n = rlen;
		}
	}
	gvFreeRenderData(rendered);
	gvFreeLayout(gvc, g);
done:
	if (g != NULL) {
		agclose(g);
	}
	agseterrf(old);
	pthread_mutex_unlock(&gvc_lock);
	if (r != DD_OK) {
		free(out);
		return r;
	}
	*data = out;
	*len = n;
	return DD_OK;
}

int dd_report_graph(FILE *out, const dd_analysis_t *an, const dd_diagnosis_t *dg,
                    dd_graph_format_t format)
{
	char *data = NULL;
	size_t len = 0;
	int r = dd_report_graph_data(an, dg, format, &data, &len);
	if (r != DD_OK) {
		return r;
	}
	r = fwrite(data, 1, len, out) == len ? DD_OK : DD_EIO;
	free(data);
	return r;
}
