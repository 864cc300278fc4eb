/* SPDX-License-Identifier: MIT
 * html_monitor.c - the monitor dashboard's pages: the zones worst first with their state,
 * earliest expiry, last change and events; one zone's page with its event history and its last
 * diagnosis (the incident report's body); the page for a zone that is not watched. Plain HTML,
 * no script; every name, summary and event detail escaped. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd-config.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/report.h"
#include "core/fmt.h"
#include "dns/name_text.h"
#include "html_int.h"

static const char *state_class(dd_mon_state_t s)
{
	switch (s) {
	case DD_MON_OK: return "ok";
	case DD_MON_WARNING: return "warning";
	case DD_MON_CRITICAL: return "critical";
	default: return "unknown";
	}
}

static void state_badge(FILE *f, dd_mon_state_t s)
{
	dd__html_badge(f, state_class(s), dd_mon_state_name(s));
}

/* The path of a zone's page: /zone/ and the name percent-encoded except [A-Za-z0-9.-_], so the
 * result needs no HTML escaping in an attribute. */
static void zone_href(FILE *f, const uint8_t *zone)
{
	char text[1100];
	dd__name_text(zone, text, sizeof(text));
	fputs("/zone/", f);
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-' || *p == '_') {
			fputc(*p, f);
		} else {
			fprintf(f, "%%%02X", *p);
		}
	}
}

/* "2026-12-04 06:00:00 UTC (in 3 days)", or "none" */
static void when(FILE *f, int64_t t, int64_t now)
{
	if (t == 0) {
		fputs("none", f);
		return;
	}
	dd__html_time(f, t);
	if (now != 0) {
		char d[48];
		dd__duration_text(t - now, d);
		fprintf(f, t >= now ? " (in %s)" : " (%s ago)", d);
	}
}

/* The text table's order (report/monitor.c), on rows. */
static int row_worst_first(const void *a, const void *b)
{
	const dd_mon_dash_row_t *x = a, *y = b;
	return dd__mon_worst_first(&x->r, &y->r);
}

int dd_report_mon_html_index(FILE *out, dd_mon_dash_row_t *rows, size_t n, size_t max_rows,
                             int64_t finished, bool db)
{
	if (out == NULL || (rows == NULL && n > 0)) {
		return DD_EINVAL;
	}
	if (n > 1) {
		qsort(rows, n, sizeof(*rows), row_worst_first);
	}
	size_t by[4] = { 0 };
	for (size_t i = 0; i < n; i++) {
		by[rows[i].r->state & 3]++;
	}
	dd__html_begin(out, "DNSSEC monitor");
	fputs("<header><h1>DNSSEC monitor</h1>\n<p id=\"totals\">", out);
	fprintf(out, "%zu zone%s: %zu critical, %zu warning, %zu unknown, %zu ok. ", n,
	        n == 1 ? "" : "s", by[DD_MON_CRITICAL], by[DD_MON_WARNING], by[DD_MON_UNKNOWN],
	        by[DD_MON_OK]);
	if (finished != 0) {
		fputs("Last run finished ", out);
		dd__html_time(out, finished);
		fputs(".", out);
	} else {
		fputs("The first run is still under way.", out);
	}
	fprintf(out, "%s %s %s.</p></header>\n", db ? "" : " No state database is kept (--no-db): "
	        "no events.", DD_PACKAGE, DD_VERSION);
	fputs("<table id=\"zones\"><thead><tr><th>zone</th><th>state</th><th>status</th><th>why"
	      "</th><th>earliest expiry</th><th>last change</th><th>events</th></tr></thead>"
	      "<tbody>\n", out);
	size_t shown = n < max_rows ? n : max_rows;
	for (size_t i = 0; i < shown; i++) {
		const dd_mon_result_t *r = rows[i].r;
		fprintf(out, "<tr class=\"%s\"><td><a href=\"", state_class(r->state));
		zone_href(out, r->zone);
		fputs("\">", out);
		dd__html_esc_name(out, r->zone);
		fputs("</a></td><td>", out);
		state_badge(out, r->state);
		fputs("</td><td>", out);
		dd__html_status(out, r->status);
		fputs("</td><td>", out);
		dd__html_esc(out, r->summary);
		fputs("</td><td>", out);
		when(out, r->earliest, r->at);
		fputs("</td><td>", out);
		if (!rows[i].have_activity) {
			fputs("-</td><td>-", out);
		} else {
			when(out, rows[i].activity.last_change, 0);
			fprintf(out, "</td><td>%zu", rows[i].activity.events);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
	if (shown < n) {
		fprintf(out, "<p id=\"more\">%zu more zones, no worse than the last one shown, are not "
		        "listed (the page shows the %zu worst).</p>\n", n - shown, shown);
	}
	fputs("<p>Metrics for Prometheus: <a href=\"/metrics\">/metrics</a>.</p>\n", out);
	dd__html_end(out);
	return ferror(out) ? DD_EIO : DD_OK;
}

static void causes(FILE *out, const dd_mon_result_t *r)
{
	fputs("<section id=\"zone-causes\"><h2>Root causes</h2>\n", out);
	if (r->ncauses == 0) {
		fputs("<p>None.</p></section>\n", out);
		return;
	}
	fputs("<table><thead><tr><th>code</th><th>severity</th><th>zone</th><th>what</th></tr>"
	      "</thead><tbody>\n", out);
	for (size_t i = 0; i < r->ncauses; i++) {
		const dd_mon_cause_t *c = &r->causes[i];
		fputs("<tr><td><code>", out);
		dd__html_esc(out, c->code);
		fputs("</code></td><td>", out);
		dd__html_badge(out, dd_severity_name(c->severity), dd_severity_name(c->severity));
		fputs("</td><td>", out);
		dd__html_esc(out, c->zone);
		fputs("</td><td>", out);
		dd__html_esc(out, c->title);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></section>\n", out);
}

static void history(FILE *out, const dd_mon_logged_t *hist, size_t nhist, bool db)
{
	fputs("<section id=\"events\"><h2>Events</h2>\n", out);
	if (!db) {
		fputs("<p>No state database is kept (--no-db): no events.</p></section>\n", out);
		return;
	}
	if (nhist == 0) {
		fputs("<p>None recorded.</p></section>\n", out);
		return;
	}
	fprintf(out, "<p>The latest %zu, newest first.</p>\n<table><thead><tr><th>when</th>"
	        "<th>event</th><th>detail</th></tr></thead><tbody>\n", nhist);
	for (size_t i = 0; i < nhist; i++) {
		fputs("<tr><td>", out);
		dd__html_time(out, hist[i].at);
		fputs("</td><td><code>", out);
		dd__html_esc(out, hist[i].event.kind);
		fputs("</code></td><td>", out);
		dd__html_esc(out, hist[i].event.detail);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></section>\n", out);
}

int dd_report_mon_html_zone(FILE *out, const dd_mon_dash_row_t *row, const dd_mon_logged_t *hist,
                            size_t nhist, bool db)
{
	if (out == NULL || row == NULL || row->r == NULL || (hist == NULL && nhist > 0)) {
		return DD_EINVAL;
	}
	const dd_mon_result_t *r = row->r;
	char name[1100], title[1200];
	dd__name_text(r->zone, name, sizeof(name));
	snprintf(title, sizeof(title), "%s: %s", name, dd_mon_state_name(r->state));
	dd__html_begin(out, title);
	fputs("<nav><a href=\"/\">All zones</a></nav>\n<section id=\"zone\"><h1>", out);
	dd__html_esc(out, name);
	fputs("</h1>\n<p class=\"verdict\" id=\"zone-state\">", out);
	state_badge(out, r->state);
	fputs(" ", out);
	dd__html_esc(out, r->summary);
	fputs("</p>\n<table><tbody><tr><th>checked</th><td>", out);
	dd__html_time(out, r->at);
	fputs("</td></tr><tr><th>status</th><td>", out);
	dd__html_status(out, r->status);
	fputs("</td></tr><tr><th>earliest expiry</th><td>", out);
	when(out, r->earliest, r->at);
	fputs("</td></tr><tr><th>SOA serial</th><td>", out);
	if (r->serial_max == 0) {
		fputs("none seen", out);
	} else if (r->serials_agree) {
		fprintf(out, "%u", r->serial_min);
	} else {
		fprintf(out, "%u to %u: the servers disagree", r->serial_min, r->serial_max);
	}
	fprintf(out, "</td></tr><tr><th>DS</th><td>%s (%zu, %zu matching a key)</td></tr>"
	        "<tr><th>CDS</th><td>%s</td></tr><tr><th>queries</th><td>%zu in %u ms</td></tr>",
	        r->ds_state ? r->ds_state : "-", r->nds, r->nds_matching,
	        r->cds_state ? r->cds_state : "-", r->queries, r->duration_ms);
	if (r->rollover.phase != DD_MON_ROLL_NONE) {
		fprintf(out, "<tr><th>rollover</th><td id=\"rollover\"><code>%s</code>: ",
		        dd_mon_phase_name(r->rollover.phase));
		dd__html_esc(out, r->rollover.text);
		if (r->rollover.next[0]) {
			fputs("<br>next: ", out);
			dd__html_esc(out, r->rollover.next);
		}
		if (r->rollover.next_at != 0) {
			fputs("<br>allowed from ", out);
			when(out, r->rollover.next_at, r->at);
		}
		fputs("</td></tr>", out);
	}
	if (row->have_activity) {
		fputs("<tr><th>last change</th><td>", out);
		when(out, row->activity.last_change, 0);
		fprintf(out, "</td></tr><tr><th>events kept</th><td>%zu</td></tr>",
		        row->activity.events);
	}
	fputs("</tbody></table></section>\n", out);
	causes(out, r);
	history(out, hist, nhist, db);
	fputs("<section id=\"diagnosis\"><h2>Last diagnosis</h2>\n", out);
	if (r->report != NULL) {
		fwrite(r->report, 1, r->report_len, out);
	} else if (r->report_len > 0) {
		fprintf(out, "<p>The report of this diagnosis (%zu octets) is larger than the dashboard "
		        "keeps; run <code>dnssec-doctor diagnose ", r->report_len);
		dd__html_esc(out, name);
		fputs(" SOA -o report.html</code> for it.</p>\n", out);
	} else {
		fputs("<p>None: the zone could not be diagnosed (see why above).</p>\n", out);
	}
	fputs("</section>\n", out);
	dd__html_end(out);
	return ferror(out) ? DD_EIO : DD_OK;
}

int dd_report_mon_html_not_found(FILE *out, const char *name)
{
	if (out == NULL || name == NULL) {
		return DD_EINVAL;
	}
	dd__html_begin(out, "Not watched");
	fputs("<nav><a href=\"/\">All zones</a></nav>\n<h1>Not watched</h1>\n<p id=\"missing\">"
	      "No zone <code>", out);
	dd__html_esc(out, name);
	fputs("</code> is watched by this monitor.</p>\n", out);
	dd__html_end(out);
	return ferror(out) ? DD_EIO : DD_OK;
}
