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
#include "report/graph_int.h"

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
	dd__gv_name_esc(z->name, name, sizeof(name));
	dd__gv_esc(z->reason, reason, sizeof(reason));
	dd__gv_set(b, s, "label", "%s (%s)", name, dd_status_name(z->status));
	dd__gv_set(b, s, "tooltip", "%s", z->status == DD_STATUS_SECURE ? "secure" : reason);
	dd__gv_set(b, s, "labeljust", "l");
	dd__gv_set(b, s, "penwidth", "0.5");
	dd__gv_set(b, s, "dd_zone", "%zu", zi);
	dd__gv_set(b, s, "dd_status", "%s", dd_status_name(z->status));
	dd__gv_set(b, s, "class", "zone %s", dd_status_name(z->status));
	snprintf(id, sizeof(id), "z%zu_top", zi);
	Agnode_t *top = dd__gv_node(b, s, id);
	if (top != NULL) {
		dd__gv_set(b, top, "shape", "point");
		dd__gv_set(b, top, "style", "invis");
		dd__gv_set(b, top, "dd_kind", "point");
	}
}

static void key_nodes(builder_t *b, size_t zi)
{
	const dd_zone_result_t *z = &b->an->zones[zi];
	for (size_t k = 0; k < z->nkeys; k++) {
		const dd_key_view_t *kv = &z->keys[k];
		char id[64];
		snprintf(id, sizeof(id), "z%zu_k%zu", zi, k);
		Agnode_t *v = dd__gv_node(b, b->cl[zi], id);
		if (v == NULL) {
			return;
		}
		bool sep = (kv->flags & 0x0001) != 0, revoked = (kv->flags & 0x0080) != 0;
		dd__gv_set(b, v, "label", "DNSKEY\\nalg=%u, id=%u\\n%u bits, flags %u%s%s%s",
		    kv->algorithm, kv->key_tag, kv->bits, kv->flags, sep ? "\\nSEP" : "",
		    revoked ? "\\nREVOKED" : "", kv->supported ? "" : "\\nunsupported algorithm");
		dd__gv_set(b, v, "shape", "ellipse");
		dd__gv_set(b, v, "style", "filled");
		dd__gv_set(b, v, "fillcolor", "%s", sep ? "lightgray" : "#ffffff");
		if (revoked) {
			dd__gv_set(b, v, "penwidth", "4.0");
		}
		dd__gv_set(b, v, "dd_kind", "dnskey");
		dd__gv_set(b, v, "dd_zone", "%zu", zi);
		dd__gv_set(b, v, "dd_key_tag", "%u", kv->key_tag);
		dd__gv_set(b, v, "dd_algorithm", "%u", kv->algorithm);
		dd__gv_set(b, v, "dd_flags", "%u", kv->flags);
		dd__gv_set(b, v, "dd_sep", "%d", sep);
		dd__gv_set(b, v, "dd_revoked", "%d", revoked);
		dd__gv_set(b, v, "class", "dnskey%s%s", sep ? " sep" : "", revoked ? " revoked" : "");
	}
	if (z->nkeys > 0 || z->signed_zone) {
		char id[64];
		snprintf(id, sizeof(id), "z%zu_dnskey", zi);
		Agnode_t *v = dd__gv_node(b, b->cl[zi], id);
		if (v != NULL) {
			char name[2200];
			dd__gv_name_esc(z->name, name, sizeof(name));
			dd__gv_set(b, v, "label", "%s/DNSKEY", name);
			dd__gv_set(b, v, "shape", "rectangle");
			dd__gv_set(b, v, "style", "rounded,filled");
			dd__gv_set(b, v, "fillcolor", "#ffffff");
			dd__gv_set(b, v, "dd_kind", "dnskey-rrset");
			dd__gv_set(b, v, "dd_zone", "%zu", zi);
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
	v = dd__gv_node(b, b->cl[zi], id);
	if (v != NULL) {
		dd__gv_set(b, v, "label", "DNSKEY\\nalg=%u, id=%u\\n(not in the zone)", ds->algorithm,
		    ds->key_tag);
		dd__gv_set(b, v, "shape", "ellipse");
		dd__gv_set(b, v, "style", "filled,dashed");
		dd__gv_set(b, v, "color", "#d0d0d0");
		dd__gv_set(b, v, "fillcolor", "#ffffff");
		dd__gv_set(b, v, "dd_kind", "dnskey-absent");
		dd__gv_set(b, v, "dd_zone", "%zu", zi);
		dd__gv_set(b, v, "dd_key_tag", "%u", ds->key_tag);
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
		Agnode_t *v = dd__gv_node(b, anchor ? b->g : b->cl[z->parent], id);
		if (v == NULL) {
			return;
		}
		dd__gv_set(b, v, "label", "%s\\nalg=%u, id=%u\\ndigest %s", anchor ? "trust anchor DS" : "DS",
		    ds->algorithm, ds->key_tag, dd_digest_name(ds->digest_type));
		dd__gv_set(b, v, "shape", "rectangle");
		dd__gv_set(b, v, "style", "rounded,filled");
		dd__gv_set(b, v, "fillcolor", "#ffffff");
		dd__gv_set(b, v, "dd_kind", "%s", anchor ? "anchor" : "ds");
		dd__gv_set(b, v, "dd_zone", "%zu", anchor ? zi : (size_t)z->parent);
		dd__gv_set(b, v, "dd_key_tag", "%u", ds->key_tag);
		dd__gv_set(b, v, "dd_ds_state", "%s", dd_ds_state_name(ds->state));

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
		Agedge_t *e = dd__gv_edge(b, v, h, "ds", (int)st);
		if (e != NULL) {
			dd__gv_set(b, e, "label", "%s", label);
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
	Agedge_t *e = dd__gv_edge(b, t, h, "delegation", (int)st);
	if (e != NULL) {
		dd__gv_set(b, e, "penwidth", "5.0");
		dd__gv_set(b, e, "minlen", "2");
		dd__gv_set(b, e, "ltail", "%s", agnameof(b->cl[z->parent]));
		dd__gv_set(b, e, "lhead", "%s", agnameof(b->cl[zi]));
		dd__gv_set(b, e, "label", "%s", z->nds == 0 ? "no DS" : "");
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
			dd__gv_esc(sv->status == DD_STATUS_SECURE ? "" : sv->reason, gs[n - 1].reason,
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
	dd__gv_esc(z->reason, reason, sizeof(reason));
	for (size_t k = 0; how < 3 && k < z->nkeys; k++) {
		if (!trust_key(z, k, how)) {
			continue;
		}
		Agnode_t *kn = key_node(b, zi, k);
		if (ng <= 1) {
			Agedge_t *e = dd__gv_edge(b, kn, set_node, "rrsig", (int)z->status);
			if (e != NULL) {
				dd__gv_set(b, e, "label", "%s", z->status == DD_STATUS_SECURE ? "" : reason);
				add_ref(b, e, zi, R_SIGN, z->keys[k].key_tag, NULL);
			}
			continue;
		}
		for (size_t g = 0; g < ng; g++) {
			Agedge_t *e = dd__gv_edge(b, kn, set_node, "rrsig", (int)gs[g].status);
			if (e != NULL) {
				dd__gv_set(b, e, "label", "%s", gs[g].label);
				dd__gv_set(b, e, "dd_servers", "%s", gs[g].servers);
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

/* What a denial node says of its proof, by the status the analysis gave it: proven only when
 * secure (never "proved" for an insecure zone, a bogus proof or no answer). */
static const char *denial_words(dd_status_t st, bool nsec3)
{
	switch (st) {
	case DD_STATUS_SECURE:   return nsec3 ? "proven by NSEC3" : "proven by NSEC";
	case DD_STATUS_INSECURE: return "not proven: the zone is insecure";
	case DD_STATUS_BOGUS:    return "its proof does not validate";
	default:                 break;
	}
	return "not proven: no usable answer";
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
	dd__gv_name_esc(an->target, name, sizeof(name));
	dd_type_to_str(an->qtype, type, sizeof(type));
	Agnode_t *t = dd__gv_node(b, b->cl[zi], "target");
	if (t == NULL) {
		return;
	}
	bool nx = false;
	for (size_t s = 0; s < z->nservers; s++) {
		const dd_answer_summary_t *a = &z->servers[s].target;
		nx = nx || (a->asked && a->error == 0 && a->rcode == 3);
	}
	bool answered = b->dg == NULL || b->dg->answer != DD_ANSWER_UNKNOWN;
	if (an->target_exists) {
		dd__gv_set(b, t, "label", "%s/%s", name, type);
		dd__gv_set(b, t, "style", "rounded,filled");
		dd__gv_set(b, t, "dd_kind", "rrset");
	} else if (!answered) {
		dd__gv_set(b, t, "label", "%s/%s\\nno authoritative answer", name, type);
		dd__gv_set(b, t, "style", "rounded,filled,dashed");
		dd__gv_set(b, t, "dd_kind", "denial");
	} else {
		dd__gv_set(b, t, "label", "%s/%s\\n%s, %s", name, type, nx ? "NXDOMAIN" : "NODATA",
		    denial_words(an->target_status, z->nsec3));
		dd__gv_set(b, t, "style", "rounded,filled,dashed");
		dd__gv_set(b, t, "dd_kind", "denial");
	}
	dd__gv_set(b, t, "shape", "rectangle");
	dd__gv_set(b, t, "fillcolor", "#ffffff");
	dd__gv_set(b, t, "dd_zone", "%zu", zi);
	uint16_t tag;
	Agnode_t *sg = signer_of(b, zi, an->target, &tag);
	Agedge_t *e = dd__gv_edge(b, sg, t, "rrsig", (int)an->target_status);
	if (e != NULL) {
		char who[300];
		unsigned_answers(z, who, sizeof(who));
		dd__gv_set(b, e, "label", "%s", who);
		add_ref(b, e, zi, R_TARGET, tag, NULL);
	}

	if (an->cname_target[0] != 0) {
		int ci = zone_of(an, an->cname_target);
		size_t cz = ci >= 0 ? (size_t)ci : zi;
		Agnode_t *c = dd__gv_node(b, b->cl[cz], "cname");
		if (c != NULL) {
			dd__gv_name_esc(an->cname_target, name, sizeof(name));
			dd__gv_set(b, c, "label", "%s/%s\\n(CNAME target)", name, type);
			dd__gv_set(b, c, "shape", "rectangle");
			dd__gv_set(b, c, "style", "rounded,filled");
			dd__gv_set(b, c, "fillcolor", "#ffffff");
			dd__gv_set(b, c, "dd_kind", "rrset");
			dd__gv_set(b, c, "dd_zone", "%zu", cz);
			Agedge_t *ce = dd__gv_edge(b, t, c, "cname", -1);
			if (ce != NULL) {
				dd__gv_set(b, ce, "label", "CNAME");
			}
			e = dd__gv_edge(b, signer_of(b, cz, an->cname_target, &tag), c, "rrsig",
			         (int)an->cname_status);
			add_ref(b, e, cz, R_CNAME, tag, NULL);
		}
	}

	if (an->nx_name[0] != 0) {
		int ni = zone_of(an, an->nx_name);
		size_t nz = ni >= 0 ? (size_t)ni : zi;
		Agnode_t *d = dd__gv_node(b, b->cl[nz], "nx");
		if (d != NULL) {
			dd__gv_name_esc(an->nx_name, name, sizeof(name));
			dd__gv_set(b, d, "label", "%s\\n%s %s", name, an->nx_status == DD_STATUS_SECURE
			    ? "NXDOMAIN," : "(the nonexistent-name probe)",
			    denial_words(an->nx_status, an->zones[nz].nsec3));
			dd__gv_set(b, d, "shape", "rectangle");
			dd__gv_set(b, d, "style", "rounded,filled,dashed");
			dd__gv_set(b, d, "fillcolor", "#ffffff");
			dd__gv_set(b, d, "dd_kind", "denial");
			dd__gv_set(b, d, "dd_zone", "%zu", nz);
			e = dd__gv_edge(b, signer_of(b, nz, an->nx_name, &tag), d, "rrsig", (int)an->nx_status);
			add_ref(b, e, nz, R_NX, tag, NULL);
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
	builder_t b = { .g = g, .an = an, .dg = dg };
	b.cl = calloc(an->nzones, sizeof(*b.cl));
	if (b.cl == NULL) {
		agclose(g);
		*oom = true;
		return NULL;
	}
	char target[2200], type[24];
	dd__gv_name_esc(an->target, target, sizeof(target));
	dd_type_to_str(an->qtype, type, sizeof(type));
	dd__gv_set(&b, g, "label", "DNSSEC chain of trust of %s/%s: %s", target, type,
	    dd_status_name(dg != NULL ? dg->verdict : an->target_status));
	dd__gv_set(&b, g, "labelloc", "t");
	dd__gv_set(&b, g, "compound", "true");
	dd__gv_set(&b, g, "rankdir", "TB");
	dd__gv_set(&b, g, "ranksep", "0.3");
	dd__gv_set(&b, g, "fontname", "Helvetica");
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
		dd__gv_legend(&b);
	}
	for (size_t c = 0; dg != NULL && c < dg->ncauses && !b.oom; c++) {
		const dd_root_cause_t *rc = &dg->causes[c];
		if (rc->explains_outage || (c == 0 && rc->severity == DD_SEV_ERROR)) {
			dd__gv_highlight(&b, rc);
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
