/* SPDX-License-Identifier: MIT
 * dnsviz.c - DNSViz probe JSON (format 1.0 to 1.2, DNSViz 0.9.x to 0.11.x) converted into
 * evidence: each name's servers become a zone's servers, each query and server's response an
 * exchange. docs/dnsviz.md gives the mapping and what cannot be mapped. */

#include <arpa/inet.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dd/dnsviz.h>
#include <dd/error.h>
#include <dd/msg.h>
#include <dd/name.h>
#include <dd/rdata.h>
#include <dd/text.h>

#include "dns/b64.h"
#include "dns/gunzip.h"
#include "evidence/dnsviz.h"
#include "evidence/dnsviz_int.h"

/* Order: server, name, type, then the best first, then DNSViz's order. */
static int cand_cmp(const void *a, const void *b)
{
	const cand_t *x = a, *y = b;
	int r = strcmp(x->x.server, y->x.server);
	if (r == 0) {
		r = dd_name_canon_cmp(x->x.qname, y->x.qname);
	}
	if (r == 0) {
		r = (int)x->x.qtype - (int)y->x.qtype;
	}
	if (r == 0) {
		r = y->score - x->score;
	}
	if (r == 0) {
		r = x->seq < y->seq ? -1 : x->seq > y->seq;
	}
	return r;
}

static int seq_cmp(const void *a, const void *b)
{
	const cand_t *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Zones in the evidence: names with an auth_ns_ip_mapping, parents before children. */
static int make_zones(conv_t *c)
{
	size_t added = 0, nzone_ents = 0;
	for (size_t i = 0; i < c->nents; i++) {
		json_t *m = json_object_get(c->ents[i].obj, "auth_ns_ip_mapping");
		if (m != NULL && !json_is_object(m)) {
			dd__dv_err(c, "%.80s: bad auth_ns_ip_mapping", c->ents[i].key);
			return DD_OK;
		}
		nzone_ents += m != NULL && c->ents[i].chain;
	}
	bool progress = true;
	while (added < nzone_ents && progress) {
		progress = false;
		for (size_t i = 0; i < c->nents; i++) {
			entry_t *e = &c->ents[i];
			if (e->zone >= 0 || !e->chain ||
			    json_object_get(e->obj, "auth_ns_ip_mapping") == NULL) {
				continue;
			}
			/* the nearest enclosing entry that is a zone, or none */
			int p = e->parent_entry;
			while (p >= 0 && json_object_get(c->ents[p].obj, "auth_ns_ip_mapping") == NULL) {
				p = c->ents[p].parent_entry;
				if (p >= 0 && c->ents[p].depth > MAX_ENTRIES) {
					break;
				}
			}
			if (p >= 0 && c->ents[p].zone < 0) {
				continue;  /* its parent first */
			}
			int idx;
			int r = dd_evidence_zone(c->ev, e->name, p >= 0 ? c->ents[p].zone : -1, &idx);
			if (r != DD_OK) {
				return r;
			}
			e->zone = idx;
			e->depth = p >= 0 ? c->ents[p].depth + 1 : 0;
			c->ev->zones[idx].delegated = json_object_get(e->obj, "parent") != NULL;
			added++;
			progress = true;
		}
	}
	if (added < nzone_ents) {
		dd__dv_err(c, "the parents of the names form a cycle");
	}
	return DD_OK;
}

/* The NS names a message lists for @p zone in @p sec, and (authority) the glue addresses. */
typedef struct nsset {
	uint8_t names[MAX_NS_NAMES][DD_NAME_MAXLEN];
	size_t n;
	char glue[MAX_NS_NAMES * 4][64];
	uint8_t glue_of[MAX_NS_NAMES * 4][DD_NAME_MAXLEN];
	size_t nglue;
} nsset_t;

static void nsset_add(nsset_t *s, const uint8_t *name)
{
	for (size_t i = 0; i < s->n; i++) {
		if (dd_name_equal(s->names[i], name)) {
			return;
		}
	}
	if (s->n < MAX_NS_NAMES) {
		dd_name_to_lower(s->names[s->n++], name);
	}
}

static bool nsset_has(const nsset_t *s, const uint8_t *name)
{
	for (size_t i = 0; i < s->n; i++) {
		if (dd_name_equal(s->names[i], name)) {
			return true;
		}
	}
	return false;
}

/* Collect the parent's referral NS (authority, AA clear) with its glue, and the child's own
 * NS RRset (answer), from the responses recorded under the zone's entry. */
static void collect_ns(const conv_t *c, int ei, nsset_t *parent, nsset_t *child)
{
	const uint8_t *zone = c->ents[ei].name;
	for (size_t i = 0; i < c->ncands; i++) {
		const dd_exchange_t *x = &c->cands[i].x;
		dd_msg_t *m = NULL;
		if (c->cands[i].entry != ei || x->wire == NULL ||
		    dd_msg_parse(x->wire, x->wire_len, &m) != DD_OK) {
			continue;
		}
		bool referral = false;
		for (size_t k = 0; k < m->count[DD_SECTION_ANSWER]; k++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][k];
			if (rr->type == DD_TYPE_NS && dd_name_equal(rr->owner, zone) &&
			    dd_name_check(rr->rdata.data, rr->rdata.len) > 0) {
				nsset_add(child, rr->rdata.data);
			}
		}
		if (!(m->flags & DD_FLAG_AA)) {
			for (size_t k = 0; k < m->count[DD_SECTION_AUTHORITY]; k++) {
				const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][k];
				if (rr->type == DD_TYPE_NS && dd_name_equal(rr->owner, zone) &&
				    dd_name_check(rr->rdata.data, rr->rdata.len) > 0) {
					nsset_add(parent, rr->rdata.data);
					referral = true;
				}
			}
		}
		for (size_t k = 0; referral && k < m->count[DD_SECTION_ADDITIONAL]; k++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ADDITIONAL][k];
			int af = rr->type == DD_TYPE_A && rr->rdata.len == 4 ? AF_INET
			         : rr->type == DD_TYPE_AAAA && rr->rdata.len == 16 ? AF_INET6 : 0;
			if (af != 0 && nsset_has(parent, rr->owner) && parent->nglue < MAX_NS_NAMES * 4 &&
			    inet_ntop(af, rr->rdata.data, parent->glue[parent->nglue], 64) != NULL) {
				dd_name_to_lower(parent->glue_of[parent->nglue++], rr->owner);
			}
		}
		dd_msg_free(m);
	}
}

static int make_servers(conv_t *c)
{
	nsset_t *parent = malloc(sizeof(*parent)), *child = malloc(sizeof(*child));
	int ret = parent != NULL && child != NULL ? DD_OK : DD_ENOMEM;
	for (size_t i = 0; ret == DD_OK && !c->failed && i < c->nents; i++) {
		entry_t *e = &c->ents[i];
		if (e->zone < 0) {
			continue;
		}
		parent->n = parent->nglue = child->n = 0;
		collect_ns(c, (int)i, parent, child);
		const char *ns;
		json_t *addrs;
		json_object_foreach(json_object_get(e->obj, "auth_ns_ip_mapping"), ns, addrs) {
			uint8_t raw[DD_NAME_MAXLEN], nsn[DD_NAME_MAXLEN];
			if (dd_name_from_str(ns, raw) < 0 || !json_is_array(addrs)) {
				dd__dv_err(c, "%.80s: bad auth_ns_ip_mapping entry '%.80s'", e->key, ns);
				break;
			}
			dd_name_to_lower(nsn, raw);
			unsigned src = (nsset_has(parent, nsn) ? DD_SRC_PARENT : 0) |
			               (nsset_has(child, nsn) ? DD_SRC_CHILD : 0);
			if (e->parent_entry < 0 && dd_name_labels(e->name) == 0) {
				src |= DD_SRC_HINTS;  /* DNSViz's root hints */
			}
			if (src == 0) {
				src = DD_SRC_USER;  /* given to DNSViz, or a resolver it was told to ask */
			}
			size_t ai;
			json_t *a;
			json_array_foreach(addrs, ai, a) {
				const char *addr = json_string_value(a);
				if (!dd__dv_is_address(addr)) {
					dd__dv_err(c, "%.80s: server %.80s: bad address", e->key, ns);
					break;
				}
				bool glue = false;
				for (size_t g = 0; g < parent->nglue; g++) {
					glue = glue || (strcmp(parent->glue[g], addr) == 0 &&
					                dd_name_equal(parent->glue_of[g], nsn));
				}
				ret = dd_evidence_zone_server(c->ev, e->zone, nsn, addr, src, glue);
				if (ret != DD_OK) {
					break;
				}
			}
			if (ret != DD_OK || c->failed) {
				break;
			}
		}
	}
	free(parent);
	free(child);
	return ret;
}

/* Keep one exchange per server, name and type: the most ordinary query (a message, the name as
 * asked in lower case, DO, EDNS 0, a large buffer); the others are DNSViz's diagnostic
 * variants. Then in DNSViz's order. */
static int add_exchanges(conv_t *c)
{
	qsort(c->cands, c->ncands, sizeof(*c->cands), cand_cmp);
	size_t kept = 0;
	for (size_t i = 0; i < c->ncands; i++) {
		const dd_exchange_t *prev = kept > 0 ? &c->cands[kept - 1].x : NULL;
		if (prev != NULL && strcmp(prev->server, c->cands[i].x.server) == 0 &&
		    prev->qtype == c->cands[i].x.qtype && dd_name_equal(prev->qname, c->cands[i].x.qname)) {
			free(c->cands[i].x.wire);
			continue;
		}
		c->cands[kept++] = c->cands[i];
	}
	c->ncands = kept;
	qsort(c->cands, c->ncands, sizeof(*c->cands), seq_cmp);
	for (size_t i = 0; i < c->ncands; i++) {
		dd_exchange_t *x = &c->cands[i].x;
		const entry_t *e = &c->ents[c->cands[i].entry];
		x->round = (uint8_t)(e->depth + 1 > 255 ? 255 : e->depth + 1);
		int r = dd_evidence_add(c->ev, x);
		if (r != DD_OK) {
			return r;
		}
	}
	return DD_OK;
}

/* The target: the chosen name; the names that enclose it are the chain. */
static void pick_target(conv_t *c, json_t *names, const char *want)
{
	dd_evidence_t *ev = c->ev;
	uint8_t raw[DD_NAME_MAXLEN], tn[DD_NAME_MAXLEN];
	bool found = false;
	size_t i;
	json_t *v;
	if (want != NULL && dd_name_from_str(want, raw) < 0) {
		dd__dv_err(c, "bad name '%.80s'", want);
		return;
	}
	json_array_foreach(names, i, v) {
		uint8_t n[DD_NAME_MAXLEN];
		if (!json_is_string(v) || dd_name_from_str(json_string_value(v), n) < 0) {
			dd__dv_err(c, "bad name %zu in " META_KEY "names", i);
			return;
		}
		if (want == NULL || dd_name_equal(n, raw)) {
			dd_name_to_lower(tn, n);
			found = true;
		}
	}
	if (!found) {
		dd__dv_err(c, "'%.80s' is not one of the names the capture was made for", want ? want : "");
		return;
	}
	memcpy(ev->target, tn, dd_name_len(tn));
	if (dd__dv_entry_find(c, tn) < 0) {
		dd__dv_err(c, "the capture lists '%.80s' but holds no analysis of it", want ? want : "it");
		return;
	}
	for (size_t k = 0; k < c->nents; k++) {
		c->ents[k].chain = dd_name_in_zone(tn, c->ents[k].name);
	}
}

/* The target's type, and the capture's own nonexistent name and no-data type for it. */
static void finish_target(conv_t *c, uint16_t qtype)
{
	dd_evidence_t *ev = c->ev;
	uint8_t raw[DD_NAME_MAXLEN];
	const uint8_t *tn = ev->target;
	int te = dd__dv_entry_find(c, tn);
	/* the type: as asked, else A, SOA or the first DNSViz asked at the name */
	int first = -1;
	bool has_a = false, has_soa = false;
	for (size_t k = 0; k < c->ncands; k++) {
		if (dd_name_equal(c->cands[k].x.qname, tn)) {
			first = first < 0 ? c->cands[k].x.qtype : first;
			has_a = has_a || c->cands[k].x.qtype == DD_TYPE_A;
			has_soa = has_soa || c->cands[k].x.qtype == DD_TYPE_SOA;
		}
	}
	ev->qtype = qtype != 0 ? qtype : has_a ? DD_TYPE_A : has_soa ? DD_TYPE_SOA
	            : first >= 0 ? (uint16_t)first : DD_TYPE_A;
	/* the nonexistent name and no-data probe DNSViz made in the target's zone */
	int ze = te;
	while (ze >= 0 && c->ents[ze].zone < 0) {
		ze = c->ents[ze].parent_entry;
	}
	json_t *zo = ze >= 0 ? c->ents[ze].obj : c->ents[te].obj;
	const char *nx = json_string_value(json_object_get(zo, "nxdomain_name"));
	if (nx != NULL && dd_name_from_str(nx, raw) >= 0) {
		dd_name_to_lower(ev->nx_name, raw);
	}
	const char *nr = json_string_value(json_object_get(zo, "nxrrset_name"));
	json_t *nt = json_object_get(zo, "nxrrset_rdtype");
	if (nr != NULL && dd_name_from_str(nr, raw) >= 0 && dd_name_equal(raw, tn) && dd__dv_qtype_of(nt) > 0) {
		ev->nodata_type = (uint16_t)dd__dv_qtype_of(nt);
	}
}

static int convert(conv_t *c, const char *name, uint16_t qtype)
{
	json_t *meta = json_object_get(c->root, META_KEY);
	json_t *ver = json_object_get(meta, "version");
	json_t *names = json_object_get(meta, "names");
	double vv = json_number_value(ver);
	if (!json_is_object(meta) || !json_is_number(ver) || !json_is_array(names) ||
	    json_array_size(names) == 0) {
		dd__dv_err(c, "bad " META_KEY " (version and names expected)");
		return DD_OK;
	}
	if (vv < 1.0 || vv > 1.2 + 1e-9) {
		dd__dv_err(c, "probe format version %g is not read (1.0 to 1.2: DNSViz 0.9.x to 0.11.x)", vv);
		return DD_OK;
	}
	dd__dv_read_entries(c);
	if (c->ents == NULL) {
		return DD_ENOMEM;
	}
	if (c->failed) {
		return DD_OK;
	}
	if (c->nents == 0) {
		dd__dv_err(c, "the capture holds no names");
		return DD_OK;
	}
	pick_target(c, names, name);
	/* only what the zones' own servers said is evidence for the analysis, which judges each
	 * authoritative server: a capture of a recursive resolver's answers is refused */
	for (size_t i = 0; !c->failed && i < c->nents; i++) {
		const char *t = json_string_value(json_object_get(c->ents[i].obj, "type"));
		if (!c->ents[i].chain) {
			continue;
		}
		if (t != NULL && strcmp(t, "recursive") == 0) {
			dd__dv_err(c, "%.80s was analysed through a recursive resolver (dnsviz probe without "
			     "-A): the capture holds no authoritative server's answers, which the "
			     "analysis judges; capture with 'dnsviz probe -A', or diagnose the name live",
			     c->ents[i].key);
		} else if (t == NULL || strcmp(t, "authoritative") != 0) {
			dd__dv_err(c, "%.80s: bad or missing analysis type", c->ents[i].key);
		}
	}
	int r = c->failed ? DD_OK : make_zones(c);
	for (size_t i = 0; r == DD_OK && !c->failed && i < c->nents; i++) {
		r = c->ents[i].chain ? dd__dv_read_queries(c, (int)i) : DD_OK;
	}
	if (r == DD_OK && !c->failed) {
		r = make_servers(c);
	}
	if (r == DD_OK && !c->failed) {
		finish_target(c, qtype);
	}
	if (r == DD_OK && !c->failed) {
		r = add_exchanges(c);
	}
	if (r == DD_OK && !c->failed) {
		int64_t lo = INT64_MAX, hi = 0;
		for (size_t i = 0; i < c->nents; i++) {
			if (!c->ents[i].chain) {
				continue;
			}
			lo = c->ents[i].start_ms < lo ? c->ents[i].start_ms : lo;
			hi = c->ents[i].end_ms > hi ? c->ents[i].end_ms : hi;
		}
		c->ev->started_ms = lo;
		c->ev->duration_ms = hi > lo ? hi - lo : 0;
		if (c->ev->nzones == 0) {
			dd__dv_err(c, "no name on the way to the target has servers (auth_ns_ip_mapping)");
		}
	}
	return r;
}

bool dd_dnsviz_detect(const uint8_t *data, size_t len)
{
	if (data == NULL || len == 0 || len > DD_DNSVIZ_MAX_INPUT) {
		return false;
	}
	json_t *root = json_loadb((const char *)data, len, 0, NULL);
	bool is = json_is_object(json_object_get(root, META_KEY));
	json_decref(root);
	return is;
}

int dd__dnsviz_text(const uint8_t *data, size_t len, const uint8_t **text, size_t *tlen,
                     uint8_t **owned, char *err, size_t errlen)
{
	*owned = NULL;
	if (dd__is_gzip(data, len)) {
		int r = dd__gunzip(data, len, DD_DNSVIZ_MAX_INPUT, owned, tlen);
		if (r == DD_ENOMEM) {
			return r;
		}
		if (r != DD_OK) {
			snprintf(err, errlen, "%s", r == DD_ERANGE
			         ? "gzip data inflates to more than 64 MiB; larger input is not read"
			         : "corrupt or truncated gzip data");
			return DD_EPARSE;
		}
		*text = *owned;
		return DD_OK;
	}
	if (len > DD_DNSVIZ_MAX_INPUT) {
		snprintf(err, errlen, "input larger than 64 MiB is not read");
		return DD_EPARSE;
	}
	*text = data;
	*tlen = len;
	return DD_OK;
}

int dd_dnsviz_load(const uint8_t *data, size_t len, const char *name, uint16_t qtype,
                   dd_evidence_t **out, char *err, size_t errlen)
{
	char dummy[8];
	if (err == NULL || errlen == 0) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	if (data == NULL || out == NULL) {
		return DD_EINVAL;
	}
	const uint8_t *text;
	size_t tlen;
	uint8_t *owned = NULL;
	char why[128];
	int r = dd__dnsviz_text(data, len, &text, &tlen, &owned, why, sizeof(why));
	if (r != DD_OK) {
		snprintf(err, errlen, "DNSViz: %s", why);
		return r;
	}
	json_error_t jerr;
	json_t *root = json_loadb((const char *)text, tlen, JSON_REJECT_DUPLICATES, &jerr);
	free(owned);
	if (root == NULL) {
		snprintf(err, errlen, "DNSViz: not JSON: line %d: %s", jerr.line, jerr.text);
		return DD_EPARSE;
	}
	conv_t c = { .err = err, .errlen = errlen, .root = root };
	if (!json_is_object(json_object_get(root, META_KEY))) {
		dd__dv_err(&c, "not a DNSViz probe capture (no " META_KEY " key)");
		json_decref(root);
		return DD_EPARSE;
	}
	r = dd_evidence_new(&c.ev);
	if (r == DD_OK) {
		r = convert(&c, name, qtype);
	}
	for (size_t i = 0; i < c.ncands; i++) {
		free(c.cands[i].x.wire);
	}
	free(c.cands);
	free(c.ents);
	json_decref(root);
	if (r == DD_OK && c.failed) {
		r = DD_EPARSE;
	}
	if (r != DD_OK) {
		dd_evidence_free(c.ev);
		return r;
	}
	*out = c.ev;
	return DD_OK;
}
