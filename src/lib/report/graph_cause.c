/* SPDX-License-Identifier: MIT
 * graph_cause.c - the parts of the chain-of-trust graph that explain it: the legend, and the
 * root cause's link found among the edges graph.c built, drawn thick and labelled with its
 * code. */

#include <stdio.h>
#include <string.h>

#include <gvc.h>

#include "core/finding_fill.h"
#include "dd/name.h"
#include "dd/report.h"
#include "report/graph_int.h"

/* The legend: one sample edge per status, and the node shapes. */
void dd__gv_legend(builder_t *b)
{
	Agraph_t *s = agsubg(b->g, "cluster_legend", 1);
	if (s == NULL) {
		b->oom = true;
		return;
	}
	dd__gv_set(b, s, "label", "Legend");
	dd__gv_set(b, s, "labeljust", "l");
	dd__gv_set(b, s, "penwidth", "0.5");
	dd__gv_set(b, s, "dd_kind", "legend");
	/* a row of node shapes above a row of sample edges (rank=same subgraphs) */
	Agraph_t *row1 = agsubg(s, "legend_shapes", 1), *row2 = agsubg(s, "legend_tails", 1);
	if (row1 == NULL || row2 == NULL) {
		b->oom = true;
		return;
	}
	dd__gv_set(b, row1, "rank", "same");
	dd__gv_set(b, row2, "rank", "same");
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
		Agnode_t *v = dd__gv_node(b, row1, shapes[i].id);
		if (v == NULL) {
			return;
		}
		first = first != NULL ? first : v;
		dd__gv_set(b, v, "label", "%s", shapes[i].label);
		dd__gv_set(b, v, "shape", "%s", shapes[i].shape);
		dd__gv_set(b, v, "style", "%s", shapes[i].style);
		dd__gv_set(b, v, "fillcolor", "%s", shapes[i].fill);
		dd__gv_set(b, v, "penwidth", "%s", shapes[i].pen);
		dd__gv_set(b, v, "dd_kind", "legend");
	}
	static const dd_status_t st[] = { DD_STATUS_SECURE, DD_STATUS_INSECURE,
	                                  DD_STATUS_INDETERMINATE, DD_STATUS_BOGUS };
	for (size_t i = 0; i < 5; i++) {
		const char *what = i < 4 ? dd_status_name(st[i]) : "cause";
		char id[32];
		snprintf(id, sizeof(id), "legend_%s_a", what);
		Agnode_t *a = dd__gv_node(b, row2, id);
		snprintf(id, sizeof(id), "legend_%s_b", what);
		Agnode_t *z = dd__gv_node(b, s, id);
		Agnode_t *both[2] = { a, z };
		for (size_t j = 0; j < 2; j++) {
			if (both[j] != NULL) {
				dd__gv_set(b, both[j], "shape", "point");
				dd__gv_set(b, both[j], "style", "invis");
				dd__gv_set(b, both[j], "dd_kind", "legend");
			}
		}
		Agedge_t *e = dd__gv_edge(b, a, z, "legend", i < 4 ? (int)st[i] : -1);
		if (e == NULL) {
			return;
		}
		/* the legend's edges are samples, not links: dd_status is for the chain's own */
		dd__gv_set(b, e, "dd_status", "%s", "");
		if (i < 4) {
			dd__gv_set(b, e, "label", "%s (%s)", dd_status_name(st[i]), dd__gv_status_style(st[i]));
		} else {
			dd__gv_set(b, e, "penwidth", "4.0");
			dd__gv_set(b, e, "label", "root cause (its code)");
		}
		if (i == 0 && first != NULL) {
			Agedge_t *inv = dd__gv_edge(b, first, a, "legend", -1);
			if (inv != NULL) {
				dd__gv_set(b, inv, "style", "invis");
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

/* Whether ref @p r is where finding @p f (of a cause with code @p c) shows. */
static bool ref_matches(const builder_t *b, const ref_t *r, dd_code_t c, const dd_finding_t *f,
                        int pass)
{
	const dd_analysis_t *an = b->an;
	bool at_target = dd_name_equal(f->owner, an->target);
	bool at_nx = an->nx_name[0] != 0 && dd_name_equal(f->owner, an->nx_name);
	bool at_cname = an->cname_target[0] != 0 && dd_name_equal(f->owner, an->cname_target);
	if (pass == 0) {
		if (dd__finding_about_ds(c) || f->rrtype == DD_TYPE_DS) {
			return r->kind == R_DS && (f->key_tag == 0 || r->tag == f->key_tag);
		}
		if (dd__finding_about_denial(c)) {
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

void dd__gv_highlight(builder_t *b, const dd_root_cause_t *rc)
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
			dd__gv_set(b, r->e, "label", "%s%s%s", rc->code, prev[0] ? "\\n" : "", prev);
			dd__gv_set(b, r->e, "dd_cause", "%s%s%s", prevc, prevc[0] ? "," : "", rc->code);
			dd__gv_set(b, r->e, "penwidth", "4.0");
			dd__gv_set(b, r->e, "fontcolor", "%s", dd__gv_status_color(DD_STATUS_BOGUS));
			hit = true;
		}
		if (hit) {
			return;
		}
	}
}
