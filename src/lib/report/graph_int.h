/* SPDX-License-Identifier: MIT
 * graph_int.h - what the chain-of-trust graph's files share: the builder and its edge
 * references, and graph_util.c's attribute and element helpers (the bottom), graph_cause.c's
 * legend and highlight (used by graph.c, which builds the chain). Internal to report/. */

#ifndef DD_REPORT_GRAPH_INT_H
#define DD_REPORT_GRAPH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gvc.h>

#include "dd/analysis.h"
#include "dd/diagnosis.h"

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
	const dd_diagnosis_t *dg;
	Agraph_t **cl;         /* one cluster per zone */
	ref_t *refs;
	size_t nrefs, cap;
	bool oom;
	char buf[4096];
} builder_t;

/** DNSViz's colour for status @p s (dnsviz/viz/dnssec.py COLORS); static string. */
const char *dd__gv_status_color(dd_status_t s);

/** The line style for status @p s, so that the graph reads without colour; static string. */
const char *dd__gv_status_style(dd_status_t s);

/** Set attribute @p name of @p obj (declared with default "" when new) to a formatted value;
 * on failure b->oom is set. */
__attribute__((format(printf, 4, 5)))
void dd__gv_set(builder_t *b, void *obj, const char *name, const char *fmt, ...);

/** @p in as a Graphviz escString into @p out (@p len octets): a backslash stands for itself,
 * so that \\DDD in a name or a server's string never becomes \\N or \\G. */
void dd__gv_esc(const char *in, char *out, size_t len);

/** @p name in presentation form as a Graphviz escString into @p out (@p len octets). */
void dd__gv_name_esc(const uint8_t *name, char *out, size_t len);

/** The node @p id in @p where, created when new; NULL (b->oom set) when out of memory. */
Agnode_t *dd__gv_node(builder_t *b, Agraph_t *where, const char *id);

/** A new edge @p t -> @p h of kind @p kind, coloured and styled for status @p status (a
 * dd_status_t, or -1 for none); NULL when @p t or @p h is NULL or out of memory. */
Agedge_t *dd__gv_edge(builder_t *b, Agnode_t *t, Agnode_t *h, const char *kind, int status);

/** Add the legend cluster (one sample edge per status, the node shapes) to the graph. */
void dd__gv_legend(builder_t *b);

/** Highlight and label with its code the edge(s) where root cause @p rc shows. */
void dd__gv_highlight(builder_t *b, const dd_root_cause_t *rc);

#endif
