/* SPDX-License-Identifier: MIT
 * test_graph.c - the chain-of-trust graph (src/lib/report/graph.c) for stored evidence
 * (tests/unit/data/evidence): the DOT is parsed back with cgraph's agmemread() and checked
 * structurally (clusters, key and DS nodes, edge kinds and statuses, the root cause's edge,
 * per-server edges), never compared byte for byte; SVG and PNG are rendered in-process. */

#include <stdlib.h>
#include <string.h>

#include <cgraph.h>

#include <dd/dd.h>
#include <dd/diagnosis.h>
#include <dd/report.h>

#include "helpers.h"

typedef struct fx {
	dd_evidence_t *ev;
	dd_analysis_t *an;
	dd_diagnosis_t *dg;
	Agraph_t *g;
} fx_t;

static fx_t load(const char *file)
{
	fx_t x = { .ev = load_evidence(file) };
	assert_int_equal(dd_analyze(x.ev, x.ev->started_ms / 1000, &x.an), DD_OK);
	assert_int_equal(dd_diagnose(x.an, x.ev, &x.dg), DD_OK);
	return x;
}

static Agraph_t *parse_dot(const dd_analysis_t *an, const dd_diagnosis_t *dg)
{
	char *dot = NULL;
	size_t len = 0;
	assert_int_equal(dd_report_graph_data(an, dg, DD_GRAPH_DOT, &dot, &len), DD_OK);
	assert_int_equal(strlen(dot), len);
	Agraph_t *g = agmemread(dot);
	free(dot);
	assert_non_null(g);
	assert_true(agisdirected(g));
	return g;
}

static void done(fx_t *x)
{
	if (x->g != NULL) {
		agclose(x->g);
	}
	dd_diagnosis_free(x->dg);
	dd_analysis_free(x->an);
	dd_evidence_free(x->ev);
}

/* The value of attribute @p name, "" when unset or undeclared. */
static const char *attr(void *obj, const char *name)
{
	char n[64];
	snprintf(n, sizeof(n), "%s", name);
	char *v = agget(obj, n);
	return v != NULL ? v : "";
}

static size_t count_nodes(Agraph_t *g, const char *kind)
{
	size_t n = 0;
	for (Agnode_t *v = agfstnode(g); v != NULL; v = agnxtnode(g, v)) {
		n += strcmp(attr(v, "dd_kind"), kind) == 0;
	}
	return n;
}

/* Edges of @p kind with status @p status (NULL: any), not the legend's. */
static size_t count_edges(Agraph_t *g, const char *kind, const char *status)
{
	size_t n = 0;
	for (Agnode_t *v = agfstnode(g); v != NULL; v = agnxtnode(g, v)) {
		for (Agedge_t *e = agfstout(g, v); e != NULL; e = agnxtout(g, e)) {
			n += strcmp(attr(e, "dd_kind"), kind) == 0 &&
			     (status == NULL || strcmp(attr(e, "dd_status"), status) == 0);
		}
	}
	return n;
}

/* The edges that carry a root cause's code: how many, and the last one. */
static size_t cause_edges(Agraph_t *g, const char *code, Agedge_t **last)
{
	size_t n = 0;
	for (Agnode_t *v = agfstnode(g); v != NULL; v = agnxtnode(g, v)) {
		for (Agedge_t *e = agfstout(g, v); e != NULL; e = agnxtout(g, e)) {
			if (strstr(attr(e, "dd_cause"), code) != NULL) {
				n++;
				*last = e;
			}
		}
	}
	return n;
}

/* One cluster per zone, labelled with its name and status; its keys inside it. */
static void check_clusters(Agraph_t *g, const dd_analysis_t *an)
{
	size_t clusters = 0;
	for (Agraph_t *s = agfstsubg(g); s != NULL; s = agnxtsubg(s)) {
		const char *name = agnameof(s);
		if (strncmp(name, "cluster_z", 9) != 0) {
			continue;
		}
		size_t zi = strtoul(name + 9, NULL, 10);
		assert_true(zi < an->nzones);
		clusters++;
		char zn[1100];
		dd_name_to_str(an->zones[zi].name, zn, sizeof(zn));
		char want[1200];
		snprintf(want, sizeof(want), "%s (%s)", zn, dd_status_name(an->zones[zi].status));
		assert_string_equal(attr(s, "label"), want);
		size_t keys = 0;
		for (Agnode_t *v = agfstnode(s); v != NULL; v = agnxtnode(s, v)) {
			if (strcmp(attr(v, "dd_kind"), "dnskey") == 0) {
				keys++;
				unsigned tag = (unsigned)strtoul(attr(v, "dd_key_tag"), NULL, 10);
				bool found = false;
				for (size_t k = 0; k < an->zones[zi].nkeys; k++) {
					found = found || an->zones[zi].keys[k].key_tag == tag;
				}
				assert_true(found);
			}
		}
		assert_int_equal(keys, an->zones[zi].nkeys);
	}
	assert_int_equal(clusters, an->nzones);
}

static void secure_chain(void **state)
{
	(void)state;
	fx_t x = load("alpha.lab.json");
	assert_int_equal(x.an->target_status, DD_STATUS_SECURE);
	x.g = parse_dot(x.an, x.dg);
	check_clusters(x.g, x.an);
	/* every link of the chain is secure: DS to key, key to DNSKEY RRset, RRset to the answer */
	size_t ds = 0;
	for (size_t i = 0; i < x.an->nzones; i++) {
		ds += x.an->zones[i].nds;
	}
	assert_true(ds >= x.an->nzones);
	assert_int_equal(count_nodes(x.g, "ds") + count_nodes(x.g, "anchor"), ds);
	assert_int_equal(count_edges(x.g, "ds", NULL), ds);
	assert_int_equal(count_edges(x.g, "ds", "secure"), ds);
	assert_true(count_edges(x.g, "rrsig", "secure") >= x.an->nzones + 2);
	assert_int_equal(count_edges(x.g, "rrsig", "bogus"), 0);
	assert_int_equal(count_edges(x.g, "delegation", "secure"), x.an->nzones - 1);
	assert_int_equal(count_nodes(x.g, "rrset"), 1);
	assert_int_equal(count_nodes(x.g, "denial"), 1);
	Agedge_t *e = NULL;
	for (size_t c = 0; c < DD_CODE_COUNT; c++) {
		const dd_finding_info_t *fi = dd_finding_info_at(c);
		if (fi != NULL) {
			assert_int_equal(cause_edges(x.g, fi->code, &e), 0);
		}
	}
	/* SEP keys are marked, and filled grey as DNSViz draws them */
	size_t sep = 0;
	for (Agnode_t *v = agfstnode(x.g); v != NULL; v = agnxtnode(x.g, v)) {
		if (strcmp(attr(v, "dd_kind"), "dnskey") == 0 && strcmp(attr(v, "dd_sep"), "1") == 0) {
			sep++;
			assert_string_equal(attr(v, "fillcolor"), "lightgray");
			assert_non_null(strstr(attr(v, "label"), "SEP"));
			assert_string_equal(attr(v, "dd_revoked"), "0");
		}
	}
	assert_true(sep >= x.an->nzones);
	/* the legend has one sample edge per status and is not counted as a link */
	assert_int_equal(count_nodes(x.g, "legend") > 0, 1);
	done(&x);
}

static void ds_mismatch(void **state)
{
	(void)state;
	fx_t x = load("juliet.example.json");
	assert_true(dd_analysis_has(x.an, "DS_DIGEST_MISMATCH"));
	x.g = parse_dot(x.an, x.dg);
	check_clusters(x.g, x.an);
	Agedge_t *e = NULL;
	assert_int_equal(cause_edges(x.g, "DS_DIGEST_MISMATCH", &e), 1);
	assert_string_equal(attr(e, "dd_kind"), "ds");
	assert_string_equal(attr(e, "dd_status"), "bogus");
	assert_string_equal(attr(e, "penwidth"), "4.0");
	assert_non_null(strstr(attr(e, "label"), "DS_DIGEST_MISMATCH"));
	/* from the DS box in the parent's cluster to the key of the same tag in the child's */
	Agnode_t *t = agtail(e), *h = aghead(e);
	assert_string_equal(attr(t, "dd_kind"), "ds");
	assert_string_equal(attr(t, "dd_ds_state"), "digest mismatch");
	assert_string_equal(attr(h, "dd_kind"), "dnskey");
	assert_string_equal(attr(t, "dd_key_tag"), attr(h, "dd_key_tag"));
	int child = atoi(attr(h, "dd_zone"));
	assert_int_equal(atoi(attr(t, "dd_zone")), x.an->zones[child].parent);
	assert_int_equal(x.an->zones[child].status, DD_STATUS_BOGUS);
	/* the chain above is secure, everything below the broken link bogus */
	assert_true(count_edges(x.g, "ds", "secure") >= 2);
	assert_int_equal(count_edges(x.g, "ds", "bogus"), 1);
	assert_true(count_edges(x.g, "delegation", "bogus") >= 1);
	done(&x);
}

/* A denial node says "proven" only of a proof that validates: the NODATA of an insecure zone
 * (echo: its DS is unsupported) is not proven, an NXDOMAIN with a bogus proof (foxtrot) names
 * that, a secure one (alpha.lab) is proven by NSEC3. */
static void denial_labels(void **state)
{
	(void)state;
	static const struct {
		const char *file, *node, *says;
	} cases[] = {
		{ "echo.example.nodata.json", "target", "NODATA, not proven: the zone is insecure" },
		{ "echo.example.nodata.json", "nx", "(the nonexistent-name probe) not proven: the zone "
		  "is insecure" },
		{ "foxtrot.example.nx.json", "target", "NXDOMAIN, its proof does not validate" },
		{ "alpha.lab.nx.json", "target", "NXDOMAIN, proven by NSEC3" },
		{ "alpha.lab.nx.json", "nx", "NXDOMAIN, proven by NSEC3" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_t x = load(cases[i].file);
		x.g = parse_dot(x.an, x.dg);
		Agnode_t *n = agnode(x.g, (char *)cases[i].node, 0);
		assert_non_null(n);
		const char *label = attr(n, "label");
		if (strstr(label, cases[i].says) == NULL) {
			fail_msg("%s %s: \"%s\" does not say \"%s\"", cases[i].file, cases[i].node,
			         label, cases[i].says);
		}
		bool secure = strstr(cases[i].says, "proven by") != NULL;
		assert_true((strstr(label, "proven by") != NULL) == secure);
		done(&x);
	}
}

static void split_signing(void **state)
{
	(void)state;
	fx_t x = load("sierra.example.json");
	assert_true(dd_analysis_has(x.an, "SPLIT_SIGNING"));
	x.g = parse_dot(x.an, x.dg);
	check_clusters(x.g, x.an);
	/* the servers disagree: one edge per group of servers into the zone's DNSKEY RRset */
	size_t zi = (size_t)x.an->target_zone;
	const dd_zone_result_t *z = &x.an->zones[zi];
	char id[32];
	snprintf(id, sizeof(id), "z%zu_dnskey", zi);
	Agnode_t *rrset = agnode(x.g, id, 0);
	assert_non_null(rrset);
	size_t good = 0, bad = 0;
	for (Agedge_t *e = agfstin(x.g, rrset); e != NULL; e = agnxtin(x.g, e)) {
		const char *servers = attr(e, "dd_servers");
		for (size_t s = 0; s < z->nservers; s++) {
			if (strcmp(servers, z->servers[s].addr) != 0) {
				continue;
			}
			assert_string_equal(attr(e, "dd_status"), dd_status_name(z->servers[s].status));
			assert_non_null(strstr(attr(e, "label"), z->servers[s].addr));
			if (z->servers[s].status == DD_STATUS_SECURE) {
				good++;
				assert_string_equal(attr(e, "dd_cause"), "");
			} else {
				bad++;
				assert_string_equal(attr(e, "dd_cause"), "SPLIT_SIGNING");
			}
		}
	}
	assert_int_equal(good, 1);
	assert_int_equal(bad, 1);
	/* and the answer's edge names the server that sent no RRSIG */
	Agnode_t *target = agnode(x.g, "target", 0);
	assert_non_null(target);
	Agedge_t *in = agfstin(x.g, target);
	assert_non_null(in);
	assert_string_equal(attr(in, "dd_status"), "bogus");
	assert_string_equal(attr(in, "label"), "no RRSIG from 127.0.10.2");
	done(&x);
}

static void keytrap(void **state)
{
	(void)state;
	fx_t x = load("maple.example.json");
	assert_true(dd_analysis_has(x.an, "WORK_LIMIT_EXCEEDED"));
	x.g = parse_dot(x.an, x.dg);
	check_clusters(x.g, x.an);
	Agedge_t *e = NULL;
	assert_true(cause_edges(x.g, "WORK_LIMIT_EXCEEDED", &e) >= 1);
	assert_string_equal(attr(e, "dd_status"), "bogus");
	assert_string_equal(attr(aghead(e), "dd_kind"), "rrset");
	/* the zone itself stays secure: its DS and DNSKEY links are */
	size_t zi = (size_t)x.an->target_zone;
	assert_int_equal(x.an->zones[zi].status, DD_STATUS_SECURE);
	assert_int_equal(count_edges(x.g, "ds", "bogus"), 0);
	done(&x);
}

/* A hostile string in the analysis (a zone's reason carries server-chosen text) stays text:
 * in the DOT it parses back to itself, in the SVG it is XML-escaped. */
static void hostile_strings(void **state)
{
	(void)state;
	fx_t x = load("sierra.example.json");
	const char *evil = "\"]; x [label=\\N <script>alert(1)</script> &amp;";
	for (size_t i = 0; i < x.an->nzones; i++) {
		for (size_t s = 0; s < x.an->zones[i].nservers; s++) {
			dd_server_status_t *sv = &x.an->zones[i].servers[s];
			if (sv->status != DD_STATUS_SECURE) {
				snprintf(sv->reason, sizeof(sv->reason), "%s", evil);
			}
		}
	}
	x.g = parse_dot(x.an, x.dg);
	assert_null(agnode(x.g, "x", 0));  /* no node injected */
	bool seen = false;
	for (Agnode_t *v = agfstnode(x.g); v != NULL; v = agnxtnode(x.g, v)) {
		for (Agedge_t *e = agfstout(x.g, v); e != NULL; e = agnxtout(x.g, e)) {
			const char *l = attr(e, "label");
			/* the backslash is doubled so that Graphviz shows it rather than the node name */
			seen = seen || strstr(l, "\"]; x [label=\\\\N <script>") != NULL;
		}
	}
	assert_true(seen);
	char *svg = NULL;
	size_t len = 0;
	assert_int_equal(dd_report_graph_data(x.an, x.dg, DD_GRAPH_SVG, &svg, &len), DD_OK);
	assert_null(strstr(svg, "<script"));
	assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(svg, "\\N"));
	free(svg);
	done(&x);
}

static void render(void **state)
{
	(void)state;
	fx_t x = load("juliet.example.json");
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(dd_report_graph_data(x.an, x.dg, DD_GRAPH_SVG, &out, &len), DD_OK);
	assert_non_null(strstr(out, "<svg"));
	assert_non_null(strstr(out, "</svg>"));
	assert_non_null(strstr(out, "DS_DIGEST_MISMATCH"));
	assert_non_null(strstr(out, "#be1515"));
	free(out);
	assert_int_equal(dd_report_graph_data(x.an, x.dg, DD_GRAPH_PNG, &out, &len), DD_OK);
	assert_true(len > 1000);
	assert_memory_equal(out, "\x89PNG\r\n\x1a\n", 8);
	free(out);
	dd_graph_format_t f;
	assert_int_equal(dd_graph_format_from_str("SVG", &f), DD_OK);
	assert_int_equal(f, DD_GRAPH_SVG);
	assert_int_equal(dd_graph_format_from_str("jpeg", &f), DD_EINVAL);
	assert_int_equal(dd_report_graph_data(x.an, x.dg, (dd_graph_format_t)9, &out, &len),
	                 DD_EINVAL);
	done(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(secure_chain),
		cmocka_unit_test(ds_mismatch),
		cmocka_unit_test(denial_labels),
		cmocka_unit_test(split_signing),
		cmocka_unit_test(keytrap),
		cmocka_unit_test(hostile_strings),
		cmocka_unit_test(render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
