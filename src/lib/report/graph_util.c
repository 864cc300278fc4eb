/* SPDX-License-Identifier: MIT
 * graph_util.c - the bottom of the chain-of-trust graph: DNSViz's colours and a line style per
 * status (so that the graph reads without colour too), attributes, escStrings, nodes and
 * edges with cgraph. graph.c and graph_cause.c build on it. */

#include <stdarg.h>
#include <stdio.h>

#include <gvc.h>

#include "dd/name.h"
#include "dns/name_text.h"
#include "report/graph_int.h"

/* DNSViz's colours (dnsviz/viz/dnssec.py COLORS). */
const char *dd__gv_status_color(dd_status_t s)
{
	switch (s) {
	case DD_STATUS_SECURE: return "#0a879a";
	case DD_STATUS_INSECURE: return "#000000";
	case DD_STATUS_INDETERMINATE: return "#f4b800";
	case DD_STATUS_BOGUS: return "#be1515";
	}
	return "#000000";
}

const char *dd__gv_status_style(dd_status_t s)
{
	switch (s) {
	case DD_STATUS_SECURE: return "solid";
	case DD_STATUS_INSECURE: return "dashed";
	case DD_STATUS_INDETERMINATE: return "dotted";
	case DD_STATUS_BOGUS: return "bold";
	}
	return "solid";
}

/* Set attribute @p name of @p obj (declared with default "" when new) to a formatted value. */
void dd__gv_set(builder_t *b, void *obj, const char *name, const char *fmt, ...)
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
void dd__gv_esc(const char *in, char *out, size_t len)
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

void dd__gv_name_esc(const uint8_t *name, char *out, size_t len)
{
	char text[1100];
	dd__name_text(name, text, sizeof(text));
	dd__gv_esc(text, out, len);
}

Agnode_t *dd__gv_node(builder_t *b, Agraph_t *where, const char *id)
{
	char n[96];
	snprintf(n, sizeof(n), "%s", id);
	Agnode_t *v = agnode(where, n, 1);
	if (v == NULL) {
		b->oom = true;
	}
	return v;
}

Agedge_t *dd__gv_edge(builder_t *b, Agnode_t *t, Agnode_t *h, const char *kind, int status)
{
	if (t == NULL || h == NULL) {
		return NULL;
	}
	Agedge_t *e = agedge(b->g, t, h, NULL, 1);
	if (e == NULL) {
		b->oom = true;
		return NULL;
	}
	dd__gv_set(b, e, "dd_kind", "%s", kind);
	if (status >= 0) {
		dd_status_t s = (dd_status_t)status;
		dd__gv_set(b, e, "dd_status", "%s", dd_status_name(s));
		dd__gv_set(b, e, "color", "%s", dd__gv_status_color(s));
		dd__gv_set(b, e, "style", "%s", dd__gv_status_style(s));
		dd__gv_set(b, e, "class", "%s %s", kind, dd_status_name(s));
	}
	return e;
}
