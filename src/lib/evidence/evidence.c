/* SPDX-License-Identifier: MIT
 * evidence.c - the evidence store (zones, servers, exchanges with raw responses, the resolver
 * views' questions and answers, the probe's notes); its JSON form is in evidence_json.c. */

#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/evidence.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/text.h"

const char *dd_qerr_name(dd_qerr_t err)
{
	switch (err) {
	case DD_QERR_NONE:        return "none";
	case DD_QERR_TIMEOUT:     return "timeout";
	case DD_QERR_UNREACHABLE: return "unreachable";
	case DD_QERR_MALFORMED:   return "malformed";
	case DD_QERR_MISMATCH:    return "mismatch";
	case DD_QERR_TCP:         return "tcp-failed";
	case DD_QERR_NETWORK:     return "network";
	}
	return "unknown";
}

/* The probe's note kinds (dd_probe_note_kind_t): the name each has in the evidence and the
 * finding it makes. The one table: the probe names its notes from it, a replay reads them back. */
static const struct {
	const char *kind, *code;
} NOTE_KINDS[] = {
	[DD_PROBE_NOTE_NS_PER_CUT] = { "ns-per-cut", "WORK_LIMIT_EXCEEDED" },
	[DD_PROBE_NOTE_ADDRS_PER_NS] = { "addrs-per-ns", "WORK_LIMIT_EXCEEDED" },
	[DD_PROBE_NOTE_GLUELESS] = { "glueless", "WORK_LIMIT_EXCEEDED" },
	[DD_PROBE_NOTE_NS_DEPTH] = { "ns-depth", "WORK_LIMIT_EXCEEDED" },
	[DD_PROBE_NOTE_LOOKUP_QUERIES] = { "lookup-queries", "WORK_LIMIT_EXCEEDED" },
	[DD_PROBE_NOTE_RESOLVE_QUERIES] = { "resolve-queries", "WORK_LIMIT_EXCEEDED" },
	[DD_PROBE_NOTE_QUERIES] = { "queries", "WORK_LIMIT_EXCEEDED" },
	[DD_PROBE_NOTE_WALL_TIME] = { "wall-time", "WORK_LIMIT_EXCEEDED" },
	[DD_PROBE_NOTE_ADDR_REFUSED] = { "addr-refused", "NS_ADDRESS_PRIVATE" },
	[DD_PROBE_NOTE_ADDR_PRIVATE] = { "addr-private", "NS_ADDRESS_PRIVATE" },
};
_Static_assert(sizeof(NOTE_KINDS) / sizeof(NOTE_KINDS[0]) == DD_PROBE_NOTE_ADDR_PRIVATE + 1,
               "a name and a code for every note kind");

const char *dd_note_kind_code(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < sizeof(NOTE_KINDS) / sizeof(NOTE_KINDS[0]); i++) {
		if (strcmp(NOTE_KINDS[i].kind, kind) == 0) {
			return NOTE_KINDS[i].code;
		}
	}
	return NULL;
}

const char *dd_note_kind_name(dd_probe_note_kind_t kind)
{
	return (size_t)kind < sizeof(NOTE_KINDS) / sizeof(NOTE_KINDS[0]) ? NOTE_KINDS[kind].kind
	                                                                 : NULL;
}

/* Whether @p s (of at most @p len octets with its NUL) is printable ASCII. */
static bool printable(const char *s, size_t len)
{
	size_t n = strnlen(s, len);
	if (n == len) {
		return false;
	}
	for (size_t k = 0; k < n; k++) {
		if (s[k] < 0x20 || s[k] >= 0x7f) {
			return false;
		}
	}
	return true;
}

int dd_evidence_add_note(dd_evidence_t *ev, const dd_note_ev_t *n)
{
	const char *code = dd_note_kind_code(n->kind);
	if (code == NULL || n->count == 0 || dd_name_check(n->zone, DD_NAME_MAXLEN) < 0 ||
	    !printable(n->addr, sizeof(n->addr)) || !printable(n->detail, sizeof(n->detail))) {
		return DD_EINVAL;
	}
	dd_note_ev_t *a = realloc(ev->notes, (ev->nnotes + 1) * sizeof(*a));
	if (a == NULL) {
		return DD_ENOMEM;
	}
	ev->notes = a;
	dd_note_ev_t *c = &ev->notes[ev->nnotes++];
	*c = *n;
	c->code = code;
	dd_name_to_lower(c->zone, n->zone);
	return DD_OK;
}

unsigned dd_evidence_rounds(const dd_evidence_t *ev)
{
	unsigned r = 0;
	for (size_t i = 0; i < ev->nxs; i++) {
		if (ev->xs[i].round > r) {
			r = ev->xs[i].round;
		}
	}
	return r;
}

int dd_evidence_new(dd_evidence_t **out)
{
	dd_evidence_t *ev = calloc(1, sizeof(*ev));
	if (ev == NULL) {
		return DD_ENOMEM;
	}
	ev->target[0] = 0;
	ev->nx_name[0] = 0;
	*out = ev;
	return DD_OK;
}

void dd_evidence_free(dd_evidence_t *ev)
{
	if (ev == NULL) {
		return;
	}
	for (size_t i = 0; i < ev->nxs; i++) {
		free(ev->xs[i].wire);
	}
	free(ev->xs);
	for (size_t i = 0; i < ev->nzones; i++) {
		free(ev->zones[i].servers);
	}
	free(ev->zones);
	for (size_t i = 0; i < ev->nanchors; i++) {
		free((void *)ev->anchors[i].owner);
		free((void *)ev->anchors[i].rdata.data);
	}
	free(ev->anchors);
	for (size_t i = 0; i < ev->ngiven_ds; i++) {
		free((void *)ev->given_ds[i].owner);
		free((void *)ev->given_ds[i].rdata.data);
	}
	free(ev->given_ds);
	for (size_t i = 0; i < ev->nviews; i++) {
		free(ev->views[i].wire);
	}
	free(ev->views);
	free(ev->notes);
	free(ev);
}

int dd_evidence_add(dd_evidence_t *ev, const dd_exchange_t *x)
{
	if (ev->nxs == ev->cap_xs) {
		size_t cap = ev->cap_xs ? ev->cap_xs * 2 : 64;
		dd_exchange_t *n = realloc(ev->xs, cap * sizeof(*n));
		if (n == NULL) {
			return DD_ENOMEM;
		}
		ev->xs = n;
		ev->cap_xs = cap;
	}
	dd_exchange_t copy = *x;
	copy.wire = NULL;
	if (x->wire != NULL && x->wire_len > 0) {
		copy.wire = malloc(x->wire_len);
		if (copy.wire == NULL) {
			return DD_ENOMEM;
		}
		memcpy(copy.wire, x->wire, x->wire_len);
	} else {
		copy.wire_len = 0;
	}
	ev->xs[ev->nxs++] = copy;
	return DD_OK;
}

int dd_evidence_add_view(dd_evidence_t *ev, const dd_view_ev_t *v)
{
	if (dd_name_check(v->qname, DD_NAME_MAXLEN) < 0) {
		return DD_EINVAL;
	}
	dd_view_ev_t *n = realloc(ev->views, (ev->nviews + 1) * sizeof(*n));
	if (n == NULL) {
		return DD_ENOMEM;
	}
	ev->views = n;
	dd_view_ev_t copy = *v;
	copy.wire = NULL;
	copy.wire_len = 0;
	if (v->wire != NULL && v->wire_len > 0) {
		copy.wire = malloc(v->wire_len);
		if (copy.wire == NULL) {
			return DD_ENOMEM;
		}
		memcpy(copy.wire, v->wire, v->wire_len);
		copy.wire_len = v->wire_len;
	}
	ev->views[ev->nviews++] = copy;
	return DD_OK;
}

/* Append a copy of @p rr to the record list *list of *n records. */
static int add_rr(dd_rr_t **list, size_t *n, const dd_rr_t *rr)
{
	int nlen = dd_name_check(rr->owner, DD_NAME_MAXLEN);
	if (nlen < 0) {
		return DD_EINVAL;
	}
	dd_rr_t *grown = realloc(*list, (*n + 1) * sizeof(*grown));
	if (grown == NULL) {
		return DD_ENOMEM;
	}
	*list = grown;
	uint8_t *owner = malloc((size_t)nlen);
	uint8_t *rdata = malloc(rr->rdata.len ? rr->rdata.len : 1);
	if (owner == NULL || rdata == NULL) {
		free(owner);
		free(rdata);
		return DD_ENOMEM;
	}
	memcpy(owner, rr->owner, (size_t)nlen);
	memcpy(rdata, rr->rdata.data, rr->rdata.len);
	(*list)[(*n)++] = (dd_rr_t){
		.owner = owner, .type = rr->type, .rclass = rr->rclass, .ttl = rr->ttl,
		.rdata = { .data = rdata, .len = rr->rdata.len },
	};
	return DD_OK;
}

int dd_evidence_add_anchor(dd_evidence_t *ev, const dd_rr_t *rr)
{
	return add_rr(&ev->anchors, &ev->nanchors, rr);
}

int dd_evidence_add_given_ds(dd_evidence_t *ev, const dd_rr_t *rr)
{
	if (rr->type != DD_TYPE_DS) {
		return DD_EINVAL;
	}
	return add_rr(&ev->given_ds, &ev->ngiven_ds, rr);
}

int dd_evidence_zone_find(const dd_evidence_t *ev, const uint8_t *name)
{
	for (size_t i = 0; i < ev->nzones; i++) {
		if (dd_name_equal(ev->zones[i].name, name)) {
			return (int)i;
		}
	}
	return -1;
}

int dd_evidence_zone(dd_evidence_t *ev, const uint8_t *name, int parent, int *index)
{
	int i = dd_evidence_zone_find(ev, name);
	if (i >= 0) {
		*index = i;
		return DD_OK;
	}
	if (ev->nzones == ev->cap_zones) {
		size_t cap = ev->cap_zones ? ev->cap_zones * 2 : 8;
		dd_zone_ev_t *n = realloc(ev->zones, cap * sizeof(*n));
		if (n == NULL) {
			return DD_ENOMEM;
		}
		ev->zones = n;
		ev->cap_zones = cap;
	}
	dd_zone_ev_t *z = &ev->zones[ev->nzones];
	memset(z, 0, sizeof(*z));
	dd_name_to_lower(z->name, name);
	z->parent = parent;
	*index = (int)ev->nzones++;
	return DD_OK;
}

int dd_evidence_zone_server(dd_evidence_t *ev, int zone, const uint8_t *ns_name,
                            const char *addr, unsigned sources, bool glue)
{
	dd_zone_ev_t *z = &ev->zones[zone];
	bool unnamed = dd_name_labels(ns_name) == 0;
	for (size_t i = 0; i < z->nservers; i++) {
		dd_server_t *s = &z->servers[i];
		if (strcmp(s->addr, addr) != 0) {
			continue;
		}
		/* an address given without a name (--server ZONE=ADDRESS) and a name server
		 * found at that address are one server: it takes the name */
		bool was_unnamed = dd_name_labels(s->ns_name) == 0;
		if (dd_name_equal(s->ns_name, ns_name) || unnamed || was_unnamed) {
			if (was_unnamed && !unnamed) {
				dd_name_to_lower(s->ns_name, ns_name);
			}
			s->sources |= sources;
			s->glue = s->glue || glue;
			return DD_OK;
		}
	}
	dd_server_t *n = realloc(z->servers, (z->nservers + 1) * sizeof(*n));
	if (n == NULL) {
		return DD_ENOMEM;
	}
	z->servers = n;
	dd_server_t *s = &z->servers[z->nservers++];
	memset(s, 0, sizeof(*s));
	dd_name_to_lower(s->ns_name, ns_name);
	snprintf(s->addr, sizeof(s->addr), "%s", addr);
	s->sources = sources;
	s->glue = glue;
	return DD_OK;
}

int dd_evidence_merge(dd_evidence_t *dst, const dd_evidence_t *src)
{
	int *map = calloc(src->nzones ? src->nzones : 1, sizeof(*map));
	if (map == NULL) {
		return DD_ENOMEM;
	}
	int ret = DD_OK;
	for (size_t i = 0; i < src->nzones && ret == DD_OK; i++) {
		const dd_zone_ev_t *z = &src->zones[i];
		int parent = z->parent >= 0 && (size_t)z->parent < i ? map[z->parent] : -1;
		ret = dd_evidence_zone(dst, z->name, parent, &map[i]);
		if (ret != DD_OK) {
			break;
		}
		dst->zones[map[i]].delegated = dst->zones[map[i]].delegated || z->delegated;
		for (size_t s = 0; s < z->nservers && ret == DD_OK; s++) {
			const dd_server_t *sv = &z->servers[s];
			ret = dd_evidence_zone_server(dst, map[i], sv->ns_name, sv->addr, sv->sources, sv->glue);
		}
	}
	for (size_t i = 0; i < src->nxs && ret == DD_OK; i++) {
		ret = dd_evidence_add(dst, &src->xs[i]);
	}
	free(map);
	return ret;
}

int dd_evidence_zone_of(const dd_evidence_t *ev, const uint8_t *name)
{
	int best = -1;
	unsigned best_labels = 0;
	for (size_t i = 0; i < ev->nzones; i++) {
		unsigned l = dd_name_labels(ev->zones[i].name);
		if (ev->zones[i].nservers > 0 && dd_name_in_zone(name, ev->zones[i].name) &&
		    (best < 0 || l > best_labels)) {
			best = (int)i;
			best_labels = l;
		}
	}
	return best;
}

const dd_exchange_t *dd_evidence_find(const dd_evidence_t *ev, const char *server,
                                      const uint8_t *qname, uint16_t qtype)
{
	for (size_t i = ev->nxs; i-- > 0;) {
		const dd_exchange_t *x = &ev->xs[i];
		if (x->qtype == qtype && strcmp(x->server, server) == 0 &&
		    dd_name_equal(x->qname, qname)) {
			return x;
		}
	}
	return NULL;
}
