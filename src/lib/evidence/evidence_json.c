/* SPDX-License-Identifier: MIT
 * evidence_json.c - the evidence store's JSON form for --save and --replay (docs/json.md,
 * "Evidence files"), with jansson: writing it, and reading it back with every field checked. */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dns/b64.h"
#include "dd/error.h"
#include "dd/evidence.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/text.h"

#define EVIDENCE_FORMAT "dnssec-doctor-evidence"
#define EVIDENCE_VERSION 1

static int qerr_from_name(const char *s)
{
	for (int e = DD_QERR_NONE; e <= DD_QERR_NETWORK; e++) {
		if (strcmp(s, dd_qerr_name((dd_qerr_t)e)) == 0) {
			return e;
		}
	}
	return -1;
}

static json_t *name_json(const uint8_t *name)
{
	char buf[1024];
	if (dd_name_to_str(name, buf, sizeof(buf)) != DD_OK) {
		return json_null();
	}
	return json_string(buf);
}

static json_t *sources_json(unsigned s)
{
	json_t *a = json_array();
	static const char *const names[] = { "parent", "child", "hints", "user" };
	for (int i = 0; i < 4; i++) {
		if (s & (1u << i)) {
			json_array_append_new(a, json_string(names[i]));
		}
	}
	return a;
}

static json_t *b64_json(const uint8_t *data, size_t len)
{
	char *s = dd__b64_encode(data, len);
	json_t *j = s ? json_string(s) : NULL;
	free(s);
	return j;
}

/* Records as [{owner, type, ttl, rdata (base64)}]: the trust anchors, the DS given. */
static json_t *rrs_json(const dd_rr_t *rrs, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "owner", name_json(rrs[i].owner));
		json_object_set_new(o, "type", json_integer(rrs[i].type));
		json_object_set_new(o, "ttl", json_integer(rrs[i].ttl));
		json_object_set_new(o, "rdata", b64_json(rrs[i].rdata.data, rrs[i].rdata.len));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *views_json(const dd_evidence_t *ev)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ev->nviews; i++) {
		const dd_view_ev_t *v = &ev->views[i];
		bool ub = v->kind == DD_VIEW_LIBUNBOUND;
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(ub ? "libunbound" : "resolver"));
		json_object_set_new(o, "source", json_string(v->source));
		json_object_set_new(o, "cd", json_boolean(v->cd));
		json_object_set_new(o, "qname", name_json(v->qname));
		json_object_set_new(o, "qtype", json_integer(v->qtype));
		json_object_set_new(o, "asked", json_boolean(v->asked));
		json_object_set_new(o, "note", json_string(v->note));
		json_object_set_new(o, "sent_ms", json_integer(v->sent_ms));
		json_object_set_new(o, "rtt_ms", v->rtt_ms >= 0 ? json_integer(v->rtt_ms) : json_null());
		if (ub) {
			json_object_set_new(o, "ub_error", json_integer(v->ub_err));
			json_object_set_new(o, "no_result", json_boolean(v->no_result));
			json_object_set_new(o, "rcode", json_integer(v->ub_rcode));
			json_object_set_new(o, "secure", json_boolean(v->ub_secure));
			json_object_set_new(o, "bogus", json_boolean(v->ub_bogus));
		} else {
			json_object_set_new(o, "transport", json_string(v->transport == DD_XPORT_TCP ? "tcp"
			                                                                           : "udp"));
			json_object_set_new(o, "attempts", json_integer(v->attempts));
			json_object_set_new(o, "error", json_string(dd_qerr_name(v->error)));
		}
		if (v->wire != NULL) {
			json_object_set_new(o, "wire", b64_json(v->wire, v->wire_len));
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *probe_json(const dd_evidence_t *ev)
{
	json_t *o = json_object();
	json_object_set_new(o, "stopped", json_boolean(ev->stopped));
	json_object_set_new(o, "interrupted", json_boolean(ev->interrupted));
	json_object_set_new(o, "notes_dropped", json_integer((json_int_t)ev->notes_dropped));
	json_t *a = json_array();
	for (size_t i = 0; i < ev->nnotes; i++) {
		const dd_note_ev_t *n = &ev->notes[i];
		json_t *no = json_object();
		json_object_set_new(no, "kind", json_string(n->kind));
		json_object_set_new(no, "code", json_string(n->code));
		json_object_set_new(no, "zone", name_json(n->zone));
		json_object_set_new(no, "addr", json_string(n->addr));
		json_object_set_new(no, "count", json_integer(n->count));
		json_object_set_new(no, "detail", json_string(n->detail));
		json_array_append_new(a, no);
	}
	json_object_set_new(o, "notes", a);
	return o;
}

int dd_evidence_save(const dd_evidence_t *ev, FILE *out)
{
	json_t *root = json_object();
	if (root == NULL) {
		return DD_ENOMEM;
	}
	json_object_set_new(root, "format", json_string(EVIDENCE_FORMAT));
	json_object_set_new(root, "version", json_integer(EVIDENCE_VERSION));
	json_object_set_new(root, "target", name_json(ev->target));
	json_object_set_new(root, "qtype", json_integer(ev->qtype));
	json_object_set_new(root, "nx_name", name_json(ev->nx_name));
	json_object_set_new(root, "nodata_type", json_integer(ev->nodata_type));
	json_object_set_new(root, "cname_target", ev->cname_target[0] ? name_json(ev->cname_target)
	                                                               : json_null());
	json_object_set_new(root, "started_ms", json_integer(ev->started_ms));
	json_object_set_new(root, "duration_ms", json_integer(ev->duration_ms));
	json_object_set_new(root, "anchor_source", json_string(ev->anchor_source));

	json_object_set_new(root, "anchors", rrs_json(ev->anchors, ev->nanchors));
	if (ev->ngiven_ds > 0) {
		json_object_set_new(root, "given_ds", rrs_json(ev->given_ds, ev->ngiven_ds));
	}

	json_t *zones = json_array();
	for (size_t i = 0; i < ev->nzones; i++) {
		const dd_zone_ev_t *z = &ev->zones[i];
		json_t *o = json_object();
		json_object_set_new(o, "name", name_json(z->name));
		json_object_set_new(o, "parent", json_integer(z->parent));
		json_object_set_new(o, "delegated", json_boolean(z->delegated));
		json_t *servers = json_array();
		for (size_t j = 0; j < z->nservers; j++) {
			const dd_server_t *s = &z->servers[j];
			json_t *so = json_object();
			json_object_set_new(so, "ns", name_json(s->ns_name));
			json_object_set_new(so, "addr", json_string(s->addr));
			json_object_set_new(so, "sources", sources_json(s->sources));
			json_object_set_new(so, "glue", json_boolean(s->glue));
			json_array_append_new(servers, so);
		}
		json_object_set_new(o, "servers", servers);
		json_array_append_new(zones, o);
	}
	json_object_set_new(root, "zones", zones);

	json_t *xs = json_array();
	for (size_t i = 0; i < ev->nxs; i++) {
		const dd_exchange_t *x = &ev->xs[i];
		json_t *o = json_object();
		json_object_set_new(o, "server", json_string(x->server));
		json_object_set_new(o, "qname", name_json(x->qname));
		json_object_set_new(o, "qtype", json_integer(x->qtype));
		json_object_set_new(o, "sent_ms", json_integer(x->sent_ms));
		json_object_set_new(o, "rtt_ms", json_integer(x->rtt_ms));
		json_object_set_new(o, "transport", json_string(x->transport == DD_XPORT_TCP ? "tcp" : "udp"));
		json_object_set_new(o, "udp_truncated", json_boolean(x->udp_truncated));
		json_object_set_new(o, "edns_fallback", json_boolean(x->edns_fallback));
		json_object_set_new(o, "udp_payload", json_integer(x->udp_payload));
		json_object_set_new(o, "attempts", json_integer(x->attempts));
		json_object_set_new(o, "round", json_integer(x->round));
		json_object_set_new(o, "error", json_string(dd_qerr_name(x->error)));
		if (x->wire != NULL) {
			json_object_set_new(o, "wire", b64_json(x->wire, x->wire_len));
		}
		json_array_append_new(xs, o);
	}
	json_object_set_new(root, "exchanges", xs);
	if (ev->views_recorded) {
		json_object_set_new(root, "views", views_json(ev));
	}
	json_object_set_new(root, "probe", probe_json(ev));

	int r = json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (r != 0 || fputc('\n', out) == EOF || fflush(out) != 0) {
		return DD_EIO;
	}
	return DD_OK;
}

/* Loading: every field is checked; a wrong one names itself in err. */
typedef struct loader {
	char *err;
	size_t errlen;
	int failed;
} loader_t;

/* The first error's message only. */
__attribute__((format(printf, 2, 3)))
static void lmsg(loader_t *l, const char *fmt, ...)
{
	if (!l->failed) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(l->err, l->errlen, fmt, ap);
		va_end(ap);
	}
	l->failed = 1;
}

static void lerr(loader_t *l, const char *what, size_t index)
{
	if (!l->failed) {
		snprintf(l->err, l->errlen, "evidence: bad or missing %s (item %zu)", what, index);
	}
	l->failed = 1;
}

static int get_name(loader_t *l, json_t *o, const char *key, uint8_t *out, size_t idx)
{
	const char *s = json_string_value(json_object_get(o, key));
	if (s == NULL || dd_name_from_str(s, out) < 0) {
		lerr(l, key, idx);
		return -1;
	}
	return 0;
}

static json_int_t get_int(loader_t *l, json_t *o, const char *key, json_int_t lo, json_int_t hi,
                          size_t idx)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		lerr(l, key, idx);
		return lo;
	}
	return json_integer_value(v);
}

static bool get_bool(loader_t *l, json_t *o, const char *key, size_t idx)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_boolean(v)) {
		lerr(l, key, idx);
		return false;
	}
	return json_is_true(v);
}

/* A text field of at most @p len - 1 printable ASCII characters (a report prints it). */
static void get_text(loader_t *l, json_t *o, const char *key, char *out, size_t len, size_t idx)
{
	const char *s = json_string_value(json_object_get(o, key));
	size_t n = s != NULL ? json_string_length(json_object_get(o, key)) : 0;
	bool ok = s != NULL && n < len;
	for (size_t k = 0; ok && k < n; k++) {
		ok = s[k] >= 0x20 && s[k] < 0x7f;
	}
	if (!ok) {
		lerr(l, key, idx);
		out[0] = '\0';
		return;
	}
	memcpy(out, s, n + 1);
}

/* The records of rrs_json() under @p key (absent: none), each added with @p add; a record
 * that is malformed or that @p add refuses is an error named @p what.
 * @return DD_OK (errors in @p l) or DD_ENOMEM. */
static int rrs_load(loader_t *l, json_t *root, const char *key, const char *what,
                    int (*add)(dd_evidence_t *, const dd_rr_t *), dd_evidence_t *ev)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(root, key), i, v) {
		uint8_t owner[DD_NAME_MAXLEN];
		uint8_t *rd = NULL;
		size_t rdlen = 0;
		const char *b = json_string_value(json_object_get(v, "rdata"));
		if (get_name(l, v, "owner", owner, i) < 0 || b == NULL ||
		    dd__b64_decode(b, &rd, &rdlen) != 0 || rdlen > 65535) {
			free(rd);
			lerr(l, what, i);
			return DD_OK;
		}
		dd_rr_t rr = { .owner = owner, .type = (uint16_t)get_int(l, v, "type", 0, 65535, i),
			       .rclass = 1, .ttl = (uint32_t)get_int(l, v, "ttl", 0, UINT32_MAX, i),
			       .rdata = { rd, (uint16_t)rdlen } };
		int ret = add(ev, &rr);
		free(rd);
		if (ret == DD_ENOMEM) {
			return ret;
		}
		if (ret != DD_OK) {
			lerr(l, what, i);
			return DD_OK;
		}
	}
	return DD_OK;
}

static int load_views(loader_t *l, json_t *arr, dd_evidence_t *ev)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		dd_view_ev_t v = { 0 };
		const char *kind = json_string_value(json_object_get(o, "kind"));
		if (kind == NULL || (strcmp(kind, "libunbound") != 0 && strcmp(kind, "resolver") != 0)) {
			lerr(l, "view kind", i);
			return DD_OK;
		}
		v.kind = strcmp(kind, "libunbound") == 0 ? DD_VIEW_LIBUNBOUND : DD_VIEW_RESOLVER;
		get_text(l, o, "source", v.source, sizeof(v.source), i);
		v.cd = get_bool(l, o, "cd", i);
		get_name(l, o, "qname", v.qname, i);
		v.qtype = (uint16_t)get_int(l, o, "qtype", 0, 65535, i);
		v.asked = get_bool(l, o, "asked", i);
		get_text(l, o, "note", v.note, sizeof(v.note), i);
		v.sent_ms = get_int(l, o, "sent_ms", 0, INT64_MAX, i);
		v.rtt_ms = json_is_null(json_object_get(o, "rtt_ms"))
		                   ? -1 : get_int(l, o, "rtt_ms", 0, UINT32_MAX, i);
		if (v.kind == DD_VIEW_LIBUNBOUND) {
			v.ub_err = (int)get_int(l, o, "ub_error", -1000, 1000, i);
			/* optional: evidence saved before it was recorded */
			v.no_result = json_is_true(json_object_get(o, "no_result"));
			v.ub_rcode = (int)get_int(l, o, "rcode", 0, 65535, i);
			v.ub_secure = get_bool(l, o, "secure", i);
			v.ub_bogus = get_bool(l, o, "bogus", i);
		} else {
			const char *tr = json_string_value(json_object_get(o, "transport"));
			const char *e = json_string_value(json_object_get(o, "error"));
			if (tr == NULL || (strcmp(tr, "udp") != 0 && strcmp(tr, "tcp") != 0) || e == NULL ||
			    qerr_from_name(e) < 0) {
				lerr(l, "view exchange", i);
				return DD_OK;
			}
			v.transport = strcmp(tr, "tcp") == 0 ? DD_XPORT_TCP : DD_XPORT_UDP;
			v.attempts = (uint8_t)get_int(l, o, "attempts", 0, 255, i);
			v.error = (dd_qerr_t)qerr_from_name(e);
		}
		json_t *wj = json_object_get(o, "wire");
		size_t wl = 0;
		if (wj != NULL && (!json_is_string(wj) ||
		                   dd__b64_decode(json_string_value(wj), &v.wire, &wl) != 0 ||
		                   wl > 65535)) {
			free(v.wire);
			lerr(l, "view wire", i);
			return DD_OK;
		}
		v.wire_len = (uint16_t)wl;
		if (l->failed) {
			free(v.wire);
			return DD_OK;
		}
		int r = dd_evidence_add_view(ev, &v);
		free(v.wire);
		if (r != DD_OK) {
			return r == DD_EINVAL ? (lerr(l, "view qname", i), DD_OK) : r;
		}
	}
	return DD_OK;
}

/* "probe": its flags and notes (absent in files from before they were kept). */
static int load_probe(loader_t *l, json_t *o, dd_evidence_t *ev)
{
	if (!json_is_object(o)) {
		lerr(l, "probe", 0);
		return DD_OK;
	}
	ev->stopped = get_bool(l, o, "stopped", 0);
	ev->interrupted = get_bool(l, o, "interrupted", 0);
	ev->notes_dropped = (size_t)get_int(l, o, "notes_dropped", 0, 1 << 20, 0);
	json_t *arr = json_object_get(o, "notes");
	if (!json_is_array(arr)) {
		lerr(l, "probe notes", 0);
		return DD_OK;
	}
	size_t i;
	json_t *no;
	json_array_foreach(arr, i, no) {
		dd_note_ev_t n = { 0 };
		get_text(l, no, "kind", n.kind, sizeof(n.kind), i);
		const char *code = json_string_value(json_object_get(no, "code"));
		if (!l->failed && (dd_note_kind_code(n.kind) == NULL || code == NULL ||
		                   strcmp(code, dd_note_kind_code(n.kind)) != 0)) {
			lmsg(l, "evidence: probe note %zu: kind \"%s\" with code \"%s\" is not a note "
			     "the probe makes", i, n.kind, code != NULL ? code : "");
		}
		get_name(l, no, "zone", n.zone, i);
		get_text(l, no, "addr", n.addr, sizeof(n.addr), i);
		n.count = (unsigned)get_int(l, no, "count", 1, UINT32_MAX, i);
		get_text(l, no, "detail", n.detail, sizeof(n.detail), i);
		if (l->failed) {
			return DD_OK;
		}
		int r = dd_evidence_add_note(ev, &n);
		if (r != DD_OK) {
			return r == DD_EINVAL ? (lerr(l, "probe note", i), DD_OK) : r;
		}
	}
	return DD_OK;
}

int dd_evidence_load(FILE *in, dd_evidence_t **out, char *err, size_t errlen)
{
	char dummy[8];
	if (err == NULL) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	json_error_t jerr;
	json_t *root = json_loadf(in, 0, &jerr);
	if (root == NULL) {
		snprintf(err, errlen, "evidence: not JSON: line %d: %s", jerr.line, jerr.text);
		return DD_EPARSE;
	}
	loader_t l = { .err = err, .errlen = errlen };
	dd_evidence_t *ev = NULL;
	int ret = dd_evidence_new(&ev);
	if (ret != DD_OK) {
		json_decref(root);
		return ret;
	}
	const char *fmt = json_string_value(json_object_get(root, "format"));
	if (fmt == NULL || strcmp(fmt, EVIDENCE_FORMAT) != 0 ||
	    json_integer_value(json_object_get(root, "version")) != EVIDENCE_VERSION) {
		snprintf(err, errlen, "evidence: not a dnssec-doctor evidence file of version %d",
		         EVIDENCE_VERSION);
		l.failed = 1;
		goto out;
	}
	get_name(&l, root, "target", ev->target, 0);
	ev->qtype = (uint16_t)get_int(&l, root, "qtype", 0, 65535, 0);
	get_name(&l, root, "nx_name", ev->nx_name, 0);
	ev->nodata_type = (uint16_t)get_int(&l, root, "nodata_type", 0, 65535, 0);
	if (json_is_string(json_object_get(root, "cname_target"))) {
		get_name(&l, root, "cname_target", ev->cname_target, 0);
	}
	ev->started_ms = get_int(&l, root, "started_ms", 0, INT64_MAX, 0);
	const char *src = json_string_value(json_object_get(root, "anchor_source"));
	snprintf(ev->anchor_source, sizeof(ev->anchor_source), "%s", src ? src : "");

	size_t i;
	json_t *v;
	if ((ret = rrs_load(&l, root, "anchors", "anchor", dd_evidence_add_anchor, ev)) != DD_OK ||
	    (ret = rrs_load(&l, root, "given_ds", "given DS", dd_evidence_add_given_ds, ev)) != DD_OK) {
		goto out;
	}
	json_array_foreach(json_object_get(root, "zones"), i, v) {
		uint8_t name[DD_NAME_MAXLEN];
		int idx;
		if (get_name(&l, v, "name", name, i) < 0) {
			break;
		}
		/* the zones form a tree listed from the top: a parent is an earlier zone (a zone
		 * that is its own parent, or a later one, would make a cycle) */
		json_t *pj = json_object_get(v, "parent");
		if (!json_is_integer(pj) || json_integer_value(pj) < -1 ||
		    json_integer_value(pj) >= (json_int_t)i) {
			char zn[1024];
			dd_name_to_str(name, zn, sizeof(zn));
			if (json_is_integer(pj)) {
				lmsg(&l, "evidence: zone %zu (%s): parent %" JSON_INTEGER_FORMAT " is not an "
				     "earlier zone", i, zn, json_integer_value(pj));
			} else {
				lmsg(&l, "evidence: zone %zu (%s): no parent index", i, zn);
			}
			break;
		}
		if (dd_evidence_zone_find(ev, name) >= 0) {
			char zn[1024];
			dd_name_to_str(name, zn, sizeof(zn));
			lmsg(&l, "evidence: zone %zu (%s) is listed twice", i, zn);
			break;
		}
		int parent = (int)json_integer_value(pj);
		/* and a parent is above its child: a zone cut lies below its parent's apex */
		if (parent >= 0 && (!dd_name_in_zone(name, ev->zones[parent].name) ||
		                    dd_name_equal(name, ev->zones[parent].name))) {
			char zn[1024], pn[1024];
			dd_name_to_str(name, zn, sizeof(zn));
			dd_name_to_str(ev->zones[parent].name, pn, sizeof(pn));
			lmsg(&l, "evidence: zone %zu (%s): parent %d (%s) is not above it", i, zn, parent,
			     pn);
			break;
		}
		if ((ret = dd_evidence_zone(ev, name, parent, &idx)) != DD_OK) {
			goto out;
		}
		ev->zones[idx].delegated = json_is_true(json_object_get(v, "delegated"));
		size_t j;
		json_t *s;
		json_array_foreach(json_object_get(v, "servers"), j, s) {
			uint8_t ns[DD_NAME_MAXLEN];
			const char *addr = json_string_value(json_object_get(s, "addr"));
			if (get_name(&l, s, "ns", ns, j) < 0 || addr == NULL) {
				lerr(&l, "server", j);
				break;
			}
			unsigned sources = 0;
			size_t k;
			json_t *sv;
			json_array_foreach(json_object_get(s, "sources"), k, sv) {
				const char *n = json_string_value(sv);
				sources |= n == NULL ? 0 : strcmp(n, "parent") == 0 ? DD_SRC_PARENT
				                         : strcmp(n, "child") == 0  ? DD_SRC_CHILD
				                         : strcmp(n, "hints") == 0  ? DD_SRC_HINTS
				                         : strcmp(n, "user") == 0   ? DD_SRC_USER : 0;
			}
			ret = dd_evidence_zone_server(ev, idx, ns, addr, sources,
			                              json_is_true(json_object_get(s, "glue")));
			if (ret != DD_OK) {
				goto out;
			}
		}
	}
	json_array_foreach(json_object_get(root, "exchanges"), i, v) {
		dd_exchange_t x = { 0 };
		const char *server = json_string_value(json_object_get(v, "server"));
		const char *tr = json_string_value(json_object_get(v, "transport"));
		const char *e = json_string_value(json_object_get(v, "error"));
		const char *w = json_string_value(json_object_get(v, "wire"));
		if (server == NULL || tr == NULL || e == NULL || qerr_from_name(e) < 0 ||
		    get_name(&l, v, "qname", x.qname, i) < 0) {
			lerr(&l, "exchange", i);
			break;
		}
		snprintf(x.server, sizeof(x.server), "%s", server);
		x.qtype = (uint16_t)get_int(&l, v, "qtype", 0, 65535, i);
		x.sent_ms = get_int(&l, v, "sent_ms", 0, INT64_MAX, i);
		x.rtt_ms = (uint32_t)get_int(&l, v, "rtt_ms", 0, UINT32_MAX, i);
		x.transport = strcmp(tr, "tcp") == 0 ? DD_XPORT_TCP : DD_XPORT_UDP;
		x.udp_truncated = json_is_true(json_object_get(v, "udp_truncated"));
		x.edns_fallback = json_is_true(json_object_get(v, "edns_fallback"));
		x.attempts = (uint8_t)get_int(&l, v, "attempts", 0, 255, i);
		/* optional: evidence saved before it was recorded came from our own probe,
		 * which offered DD_EDNS_PAYLOAD octets, or 512 after dropping EDNS */
		json_t *pv = json_object_get(v, "udp_payload");
		x.udp_payload = pv == NULL ? (x.edns_fallback ? 512 : DD_EDNS_PAYLOAD)
		                : (uint16_t)get_int(&l, v, "udp_payload", 512, 65535, i);
		json_t *rv = json_object_get(v, "round");  /* optional */
		x.round = json_is_integer(rv) && json_integer_value(rv) >= 0 && json_integer_value(rv) < 256
		                  ? (uint8_t)json_integer_value(rv) : 0;
		x.error = (dd_qerr_t)qerr_from_name(e);
		size_t wl = 0;
		if (w != NULL && (dd__b64_decode(w, &x.wire, &wl) != 0 || wl > 65535)) {
			free(x.wire);
			lerr(&l, "wire", i);
			break;
		}
		x.wire_len = (uint16_t)wl;
		ret = dd_evidence_add(ev, &x);
		free(x.wire);
		if (ret != DD_OK) {
			goto out;
		}
	}
	json_t *vs = json_object_get(root, "views");  /* absent in files from before views */
	if (vs != NULL && !l.failed) {
		if (!json_is_array(vs)) {
			lerr(&l, "views", 0);
		} else if ((ret = load_views(&l, vs, ev)) != DD_OK) {
			goto out;
		}
		ev->views_recorded = true;
	}
	json_t *pr = json_object_get(root, "probe");  /* optional, as views */
	if (pr != NULL && !l.failed && (ret = load_probe(&l, pr, ev)) != DD_OK) {
		goto out;
	}
	json_t *dur = json_object_get(root, "duration_ms");  /* optional, as views */
	if (dur != NULL) {
		ev->duration_ms = get_int(&l, root, "duration_ms", 0, INT64_MAX, 0);
	}
	ret = DD_OK;
out:
	json_decref(root);
	if (ret == DD_OK && l.failed) {
		ret = DD_EPARSE;
	}
	if (ret != DD_OK) {
		dd_evidence_free(ev);
		return ret;
	}
	*out = ev;
	return DD_OK;
}
