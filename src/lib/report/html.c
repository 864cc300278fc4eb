/* SPDX-License-Identifier: MIT
 * html.c - the one-file HTML incident report of diagnose: verdict, root causes with their fix
 * and the DS to publish, the chain of trust, the graph as inline SVG, the whole text report,
 * and the JSON report embedded for programs. Self-contained (no fetch, no script that runs);
 * every string that may come from the network is escaped. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd-config.h"
#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/report.h"
#include "core/fmt.h"
#include "dns/name_text.h"
#include "html_int.h"

static void causes_section(FILE *f, const dd_analysis_t *an, const dd_diagnosis_t *dg)
{
	fputs("<section id=\"causes\"><h2>Root causes</h2>\n", f);
	if (dg->ncauses == 0) {
		fputs("<p>None: nothing to fix.</p>\n", f);
	}
	for (size_t c = 0; c < dg->ncauses; c++) {
		const dd_root_cause_t *rc = &dg->causes[c];
		fprintf(f, "<article class=\"cause %s\"><h3>%zu. <code>", dd_severity_name(rc->severity),
		        c + 1);
		dd__html_esc(f, rc->code);
		fprintf(f, "</code> (%s) in ", dd_severity_name(rc->severity));
		dd__html_esc_name(f, rc->zone);
		const char *outage = dd_cause_outage_text(an, rc);
		fprintf(f, "%s%s</h3>\n<p>", outage ? " — " : "", outage ? outage : "");
		dd__html_esc(f, rc->title);
		fputs("</p>\n<ul class=\"evidence\">", f);
		for (size_t k = 0; k < rc->nfindings; k++) {
			if (rc->findings[k] >= an->nfindings) {
				continue;
			}
			const dd_finding_t *fd = &an->findings[rc->findings[k]];
			fputs("<li>", f);
			dd__html_esc(f, fd->detail);
			for (size_t s = 0; s < fd->nservers; s++) {
				fputs(s == 0 ? " [servers: " : " ", f);
				dd__html_esc(f, fd->servers[s]);
				fputs(s + 1 == fd->nservers ? "]" : "", f);
			}
			fputs("</li>", f);
		}
		if (rc->observed[0] != '\0') {
			fputs("<li>", f);
			dd__html_esc(f, rc->observed);
			fputs("</li>", f);
		}
		fputs("</ul>\n", f);
		if (rc->nfix > 0) {
			fputs("<p>Fix, in this order:</p><ol class=\"fix\">", f);
			for (size_t k = 0; k < rc->nfix; k++) {
				fputs("<li>", f);
				dd__html_esc(f, rc->fix[k]);
				fputs("</li>", f);
			}
			fputs("</ol>\n", f);
		}
		const dd_zone_result_t *z = dd_analysis_zone(an, rc->zone);
		const dd_finding_info_t *fi = dd_finding_info(rc->code);
		bool ds_fix = fi != NULL && (fi->fix == DD_FIX_PUBLISH_DS ||
		                             fi->fix == DD_FIX_FINISH_ROLLOVER);
		if (z != NULL && z->nds_lines > 0 && ds_fix) {
			fputs("<p>The DS of the zone's live KSKs, to publish at the parent:</p><pre>", f);
			for (size_t k = 0; k < z->nds_lines; k++) {
				dd__html_esc_name(f, z->name);
				fprintf(f, " IN DS %u %u %u ", z->ds_lines[k].key_tag, z->ds_lines[k].algorithm,
				        z->ds_lines[k].digest_type);
				dd__html_esc(f, z->ds_lines[k].digest);
				fputc('\n', f);
			}
			fputs("</pre>\n", f);
		}
		if (rc->recovery[0] != '\0') {
			fputs("<p>Recovery: ", f);
			dd__html_esc(f, rc->recovery);
			fputs("</p>\n", f);
		}
		fputs("<p>Validators: ", f);
		dd__html_esc(f, rc->validator_result);
		if (rc->validators_differ[0] != '\0') {
			fputs("; ", f);
			dd__html_esc(f, rc->validators_differ);
		}
		fputs("</p></article>\n", f);
	}
	fputs("</section>\n", f);
}

static void chain_row(FILE *f, const char *what, const uint8_t *name, dd_status_t st,
                      const char *reason)
{
	fputs("<tr><td>", f);
	dd__html_esc_name(f, name);
	fputs(what, f);
	fputs("</td><td>", f);
	dd__html_status(f, st);
	fputs("</td><td>", f);
	dd__html_esc(f, reason);
	fputs("</td></tr>\n", f);
}

static void chain_section(FILE *f, const dd_analysis_t *an)
{
	fputs("<section id=\"chain\"><h2>Chain of trust</h2>\n<table><thead><tr><th>zone or name"
	      "</th><th>status</th><th>why / DS at the parent</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < an->nzones; i++) {
		const dd_zone_result_t *z = &an->zones[i];
		fputs("<tr><td>", f);
		dd__html_esc_name(f, z->name);
		fputs("</td><td>", f);
		dd__html_status(f, z->status);
		fputs("</td><td>", f);
		if (z->status != DD_STATUS_SECURE) {
			dd__html_esc(f, z->reason);
			fputs("<br>", f);
		}
		for (size_t d = 0; d < z->nds; d++) {
			fprintf(f, "%sDS %u/%u/%u %s", d ? ", " : (z->parent < 0 ? "trust anchor " : ""),
			        z->ds[d].key_tag, z->ds[d].algorithm, z->ds[d].digest_type,
			        dd_ds_state_name(z->ds[d].state));
		}
		if (z->nds == 0) {
			fputs(z->parent < 0 ? "trust anchor" : "no DS", f);
		}
		fputs("</td></tr>\n", f);
	}
	char type[24];
	dd__type_text(an->qtype, type);
	char what[40];
	snprintf(what, sizeof(what), " %s", type);
	chain_row(f, what, an->target, an->target_status, an->target_reason);
	if (an->cname_target[0] != 0) {
		snprintf(what, sizeof(what), " %s (CNAME target)", type);
		chain_row(f, what, an->cname_target, an->cname_status, an->cname_reason);
	}
	chain_row(f, " (nonexistent)", an->nx_name, an->nx_status, an->nx_reason);
	fputs("</tbody></table></section>\n", f);
}

/* The graph as inline SVG: Graphviz's output after its XML prologue (its text is escaped). */
static void graph_section(FILE *f, const char *svg)
{
	const char *start = strstr(svg, "<svg");
	fputs("<section id=\"graph\"><h2>Graph</h2>\n<figure>", f);
	fputs(start != NULL ? start : "", f);
	fputs("<figcaption>Colour and line style give each link's status: secure solid, insecure "
	      "dashed, indeterminate dotted, bogus bold; the root cause's link is thick and "
	      "labelled with its code.</figcaption></figure></section>\n", f);
}

/* A report written to memory by @p fn, or NULL. */
static char *to_memory(int (*fn)(FILE *, const dd_evidence_t *, const dd_analysis_t *,
                                 const dd_diagnosis_t *, const dd_views_t *,
                                 const dd_report_opts_t *),
                       const dd_evidence_t *ev, const dd_analysis_t *an,
                       const dd_diagnosis_t *dg, const dd_views_t *views,
                       const dd_report_opts_t *opts)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (m == NULL) {
		return NULL;
	}
	int r = fn(m, ev, an, dg, views, opts);
	if (fclose(m) != 0 || r != DD_OK) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The report's body: header, causes, chain, graph, the text report; the JSON if @p embed_json. */
static int body(FILE *out, const dd_evidence_t *ev, const dd_analysis_t *an,
                const dd_diagnosis_t *dg, const dd_views_t *views, const dd_report_opts_t *opts,
                bool embed_json)
{
	if (out == NULL || ev == NULL || an == NULL || dg == NULL || an->nzones == 0) {
		return DD_EINVAL;
	}
	dd_report_opts_t plain = { .color = false, .duration_ms = opts ? opts->duration_ms : 0 };
	char *text = to_memory(dd_report_text, ev, an, dg, views, &plain);
	char *json = embed_json ? to_memory(dd_report_json, ev, an, dg, views, &plain) : NULL;
	char *svg = NULL;
	size_t svglen = 0;
	int r = text == NULL || (embed_json && json == NULL) ? DD_ENOMEM
	        : dd_report_graph_data(an, dg, DD_GRAPH_SVG, &svg, &svglen);
	if (r != DD_OK) {
		free(text);
		free(json);
		return r;
	}
	char type[24];
	dd__type_text(an->qtype, type);
	fputs("<header><h1>DNSSEC diagnosis of ", out);
	dd__html_esc_name(out, an->target);
	fprintf(out, " %s</h1>\n<p class=\"verdict\" id=\"verdict\">", type);
	dd__html_status(out, dg->verdict);
	fputs(" ", out);
	dd__html_esc(out, dg->headline);
	fputs("</p>\n<p>Validated as of ", out);
	dd__html_time(out, an->at);
	fprintf(out, "; %zu zone%s, %zu signature%s checked; %s %s.</p></header>\n", an->nzones,
	        an->nzones == 1 ? "" : "s", an->verifications, an->verifications == 1 ? "" : "s",
	        DD_PACKAGE, DD_VERSION);
	causes_section(out, an, dg);
	chain_section(out, an);
	graph_section(out, svg);
	fputs("<section id=\"report\"><h2>Full report</h2><details open><summary>The text report"
	      "</summary><pre>", out);
	dd__html_esc(out, text);
	fputs("</pre></details></section>\n", out);
	if (embed_json) {
		/* for programs: JSON cannot hold '<' outside strings, and inside them \u003c is the
		 * same string, so no "</script>" can close the element early */
		fputs("<script type=\"application/json\" id=\"dd-json\">", out);
		for (const char *p = json; *p != '\0'; p++) {
			if (*p == '<') {
				fputs("\\u003c", out);
			} else {
				fputc(*p, out);
			}
		}
		fputs("</script>\n", out);
	}
	free(text);
	free(json);
	free(svg);
	return ferror(out) ? DD_EIO : DD_OK;
}

int dd_report_html_body(FILE *out, const dd_evidence_t *ev, const dd_analysis_t *an,
                        const dd_diagnosis_t *dg, const dd_views_t *views,
                        const dd_report_opts_t *opts)
{
	return body(out, ev, an, dg, views, opts, false);
}

int dd_report_html(FILE *out, const dd_evidence_t *ev, const dd_analysis_t *an,
                   const dd_diagnosis_t *dg, const dd_views_t *views,
                   const dd_report_opts_t *opts)
{
	if (out == NULL || ev == NULL || an == NULL || dg == NULL || an->nzones == 0) {
		return DD_EINVAL;
	}
	/* the body first, into memory: nothing is written when the graph cannot be drawn */
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (m == NULL) {
		return DD_ENOMEM;
	}
	int r = body(m, ev, an, dg, views, opts, true);
	if (fclose(m) != 0 && r == DD_OK) {
		r = DD_ENOMEM;
	}
	if (r != DD_OK) {
		free(buf);
		return r;
	}
	char type[24], title[1200], target[1100];
	dd__type_text(an->qtype, type);
	dd__name_text(an->target, target, sizeof(target));
	snprintf(title, sizeof(title), "%s %s: %s", target, type, dd_status_name(dg->verdict));
	dd__html_begin(out, title);
	fwrite(buf, 1, len, out);
	dd__html_end(out);
	free(buf);
	return ferror(out) ? DD_EIO : DD_OK;
}
