/* SPDX-License-Identifier: MIT
 * report.h - the diagnosis for a person (text) and for programs (JSON, docs/json.md). */

/**
 * @file
 * Both reports take the same inputs, plain data from the earlier stages, and write into a
 * FILE* the caller owns. The text report starts with a one-line verdict, then the four views,
 * the chain of trust as a tree with a status per link (as drill -S), delegation health, and
 * the root causes with their evidence and numbered fix. The JSON report carries all of it;
 * its top level has "verdict" and "root_causes" so that scripts need not dig.
 */
#pragma once

#include <stdio.h>

#include <dd/analysis.h>
#include <dd/diagnosis.h>
#include <dd/evidence.h>
#include <dd/views.h>
#include <dd/zone.h>
#include <dd/resolver.h>
#include <dd/monitor.h>
#include <dd/monstate.h>
#include <dd/clock.h>
#include <dd/preflight.h>

typedef struct dd_report_opts {
	bool color;          /**< ANSI colours (the caller decides: a terminal, and no NO_COLOR) */
	int64_t duration_ms; /**< how long the run took, for the statistics; 0 to omit */
	dd_severity_t level; /**< text reports of diagnose and check-zone: print root causes and
	                          findings of this severity and above (DD_SEV_NOTICE, the zero
	                          value: all), and say how many others are not shown; headlines,
	                          counts and the JSON keep everything (--level) */
	bool quiet;          /**< text report of diagnose: the headline only (--quiet) */
} dd_report_opts_t;

/**
 * Write the text report. @p views may be NULL.
 * @return DD_OK or DD_EIO.
 */
DD_API int dd_report_text(FILE *out, const dd_evidence_t *ev, const dd_analysis_t *an,
                          const dd_diagnosis_t *dg, const dd_views_t *views,
                          const dd_report_opts_t *opts);

/**
 * Write the JSON report (one object, docs/json.md). @p views may be NULL.
 * @return DD_OK, DD_EIO, DD_ENOMEM.
 */
DD_API int dd_report_json(FILE *out, const dd_evidence_t *ev, const dd_analysis_t *an,
                          const dd_diagnosis_t *dg, const dd_views_t *views,
                          const dd_report_opts_t *opts);

/**
 * Write the check-zone report for a person: verdict line, zone summary (keys, denial,
 * counts), expiry horizon per type, findings with their evidence, totals per code.
 * @return DD_OK or DD_EIO.
 */
DD_API int dd_report_zone_text(FILE *out, const dd_zone_check_t *res,
                               const dd_report_opts_t *opts);

/**
 * Write the check-zone report as one JSON object (docs/json.md, "check-zone").
 * @return DD_OK, DD_EIO, DD_ENOMEM.
 */
DD_API int dd_report_zone_json(FILE *out, const dd_zone_check_t *res,
                               const dd_report_opts_t *opts);

/**
 * Write the resolver check for a person: the verdict line, one row per probe (answer, with
 * CD, what it shows), the algorithm and digest support matrix with RFC 8624's requirement, and
 * the findings.
 * @return DD_OK or DD_EIO.
 */
DD_API int dd_report_resolver_text(FILE *out, const dd_resolver_check_t *chk,
                                   const dd_report_opts_t *opts);

/**
 * Write the resolver check as one JSON object (docs/json.md, "resolver").
 * @return DD_OK, DD_EIO, DD_ENOMEM.
 */
DD_API int dd_report_resolver_json(FILE *out, const dd_resolver_check_t *chk);

/**
 * Write a clock measurement as one JSON object: the server asked (@p server, as given), the
 * address that answered, offset_seconds (to add to this clock), delay_seconds, stratum,
 * reference, skewed (@p skewed: beyond the caller's threshold) and @p exit_code.
 * @return DD_OK, DD_EIO, DD_ENOMEM.
 */
DD_API int dd_report_clock_json(FILE *out, const char *server, const dd_clock_t *ck, bool skewed,
                                int exit_code);

/**
 * One zone's monitor result, and the events of this run for it, as one line of JSON
 * (docs/json.md, "monitor"), without the newline.
 * @return a new string (free()), or NULL when out of memory.
 */
DD_API char *dd_mon_result_json(const dd_mon_result_t *r, const dd_mon_event_t *ev, size_t nev);

/**
 * The line that ends an interrupted run's JSON lines (docs/monitor.md): {"version", "run":
 * {"interrupted": true, "zones_checked", "zones_listed", "queries", "duration_ms"}}, without
 * the newline; it has no "zone", so that readers of zone lines can tell it apart.
 * @return a new string (free()), or NULL when out of memory.
 */
DD_API char *dd_mon_interrupted_json(const dd_mon_stats_t *st, size_t listed);

/**
 * The monitor's results for a person: a table, worst first (CRITICAL, WARNING, UNKNOWN, OK,
 * then the earliest expiry), the events, and a totals line. @p rs is reordered.
 * @return DD_OK or DD_EIO.
 */
DD_API int dd_report_mon_text(FILE *out, dd_mon_result_t **rs, size_t n, const dd_mon_event_t *ev,
                              size_t nev, const dd_mon_stats_t *st, bool color);

/**
 * The monitor's results as a Monitoring Plugins (Nagios) check: one status line
 * "DNSSEC <STATE> - ..." with performance data (per zone the seconds to the earliest expiry,
 * 's', with the warning and critical thresholds in the guidelines' range syntax, and the servers
 * that answered), then one line per zone that is not OK. @p rs is reordered.
 * @param incomplete  NULL, or why some zones were not checked ("timed out after 10 s"): the
 *                    state is then UNKNOWN and the line starts with it.
 * @param[out] state  the worst state, which is the plugin's exit code.
 * @return DD_OK or DD_EIO.
 */
DD_API int dd_report_mon_nagios(FILE *out, dd_mon_result_t **rs, size_t n,
                                const char *incomplete,
                                const dd_mon_thresholds_t *th, dd_mon_state_t *state);

/**
 * The monitor's results in the Prometheus text exposition format (version 0.0.4): state, RFC
 * 4035 status, seconds to the earliest expiry per zone and per server, SOA serial per server,
 * serial agreement, DS records and those matching a DNSKEY, findings by code and severity, and
 * the run's duration, queries and cache hits (metric names in docs/monitor.md).
 * @param st  may be NULL.
 * @return DD_OK or DD_EIO.
 */
DD_API int dd_report_mon_prometheus(FILE *out, dd_mon_result_t *const *rs, size_t n,
                                    const dd_mon_stats_t *st);


/** Output formats of the chain-of-trust graph. */
typedef enum dd_graph_format {
	DD_GRAPH_DOT = 0,  /**< Graphviz DOT source, not laid out */
	DD_GRAPH_SVG,      /**< laid out by Graphviz's dot engine, SVG 1.1 */
	DD_GRAPH_PNG,      /**< laid out by Graphviz's dot engine, PNG (96 dpi) */
} dd_graph_format_t;

/**
 * The chain of trust of @p an as a directed graph in DNSViz's visual language, built with
 * Graphviz's cgraph and, for SVG and PNG, laid out and rendered in-process by its gvc library:
 * one cluster per zone from the trust anchor down; DNSKEY ellipses (algorithm, key tag, bits,
 * flags; SEP keys filled grey, revoked keys with a thick border; a DS's key that is absent
 * dashed); DS boxes in the parent's cluster; the zone's DNSKEY RRset, the queried RRset (or
 * its denial) and the nonexistent-name proof as boxes. Edges (DS to DNSKEY, RRSIG from a key
 * or the DNSKEY RRset to what it signs, delegation between clusters) carry the RFC 4035
 * status of the link by colour (DNSViz's) and by line style (secure solid, insecure dashed,
 * indeterminate dotted, bogus bold), so that it reads without colour; where a zone's servers
 * disagree there is one edge per group of servers, named on the edge. The edge of each root
 * cause that explains the outage (or the first cause, if an error) is drawn thick and labelled
 * with its code. A legend cluster explains the styles.
 *
 * For programs, every node and edge also has the attributes dd_kind (node: "dnskey",
 * "dnskey-absent", "ds", "anchor", "dnskey-rrset", "rrset", "denial", "legend"; edge: "ds",
 * "rrsig", "delegation", "cname", "legend"), dd_zone (the zone index, nodes), dd_status
 * (edges: "secure", "insecure", "indeterminate", "bogus") and, on a root cause's edge,
 * dd_cause (its code). @p dg may be NULL (no root cause highlighted).
 *
 * @param[out] data  new buffer (free()) with the output; written only on success.
 * @param[out] len   its length in octets.
 * @return DD_OK, DD_EINVAL (no zones), DD_ENOMEM, DD_EUNSUPPORTED (Graphviz lacks the
 *         renderer), DD_EIO (layout or rendering failed).
 */
DD_API int dd_report_graph_data(const dd_analysis_t *an, const dd_diagnosis_t *dg,
                                dd_graph_format_t format, char **data, size_t *len);

/**
 * dd_report_graph_data() written to @p out.
 * @return as dd_report_graph_data(), or DD_EIO when writing fails.
 */
DD_API int dd_report_graph(FILE *out, const dd_analysis_t *an, const dd_diagnosis_t *dg,
                           dd_graph_format_t format);

/**
 * The format named by @p name ("dot", "svg", "png", case-insensitive).
 * @return DD_OK (then *@p out is written), DD_EINVAL for another name.
 */
DD_API int dd_graph_format_from_str(const char *name, dd_graph_format_t *out);

/**
 * Write the one-file HTML incident report: the verdict and headline, the root causes with
 * their evidence, ordered fix, the DS to publish (for a cause whose fix publishes one),
 * recovery and validators' result, the chain of trust as a table, the graph as inline SVG
 * (dd_report_graph_data()), the whole text report, the JSON report in a
 * <script type="application/json" id="dd-json"> element, the validation time and the tool's
 * version. Self-contained: no external resource and no script that runs. Every string that may
 * come from the network (names, reasons, details, headline) is HTML-escaped; in the embedded
 * JSON '<' is written \u003c. Status is given as a word too, not by colour alone.
 * @p views may be NULL.
 * @return DD_OK, DD_EINVAL, DD_ENOMEM, DD_EIO, or an error of dd_report_graph_data() (then
 *         nothing was written).
 */
DD_API int dd_report_html(FILE *out, const dd_evidence_t *ev, const dd_analysis_t *an,
                          const dd_diagnosis_t *dg, const dd_views_t *views,
                          const dd_report_opts_t *opts);

/**
 * Write the transition report of a preflight check (dnssec-doctor preflight, check-zone
 * --previous) as text: the verdict (with the time it becomes safe), the finding, the TTLs and
 * delays used, each combination of cached records that fails with the validator's finding,
 * and the procedure's steps with their times (docs/preflight.md).
 * @return DD_OK, DD_EINVAL, DD_EIO.
 */
DD_API int dd_report_preflight_text(FILE *out, const dd_preflight_t *r);

/**
 * The same as one JSON object (docs/preflight.md); @p current_ds_assumed (may be NULL) is the
 * DS set taken as the parent's when none was given, added as "current_ds_assumed".
 * @return DD_OK, DD_EINVAL, DD_ENOMEM, DD_EIO.
 */
DD_API int dd_report_preflight_json(FILE *out, const dd_preflight_t *r,
                                    const char *current_ds_assumed);

/**
 * check-zone --previous --json: {"zone": check-zone's JSON report, "transition": the
 * transition's} in one object.
 * @return DD_OK, DD_EINVAL, DD_ENOMEM, DD_EIO.
 */
DD_API int dd_report_zone_transition_json(FILE *out, const dd_zone_check_t *res,
                                          const dd_report_opts_t *opts,
                                          const dd_preflight_t *pf);

/**
 * The body of dd_report_html() without the page around it and without the embedded JSON: a
 * fragment (<header> and <section>s) to place in another page (the monitor dashboard's zone
 * page). Escaped as dd_report_html(); ids used: verdict, causes, chain, graph, report.
 * @return as dd_report_html() (nothing is written on an error of the graph).
 */
DD_API int dd_report_html_body(FILE *out, const dd_evidence_t *ev, const dd_analysis_t *an,
                               const dd_diagnosis_t *dg, const dd_views_t *views,
                               const dd_report_opts_t *opts);

/**
 * Write the check-zone report as one HTML page in the style of dd_report_html(): the verdict
 * with the counts, the zone summary (records, keys with their roles, denial), the expiry
 * horizon per type, the findings (from @p opts->level up; the others counted) and the codes
 * whose findings were not all kept. Self-contained; every string from the zone file (names,
 * details) is HTML-escaped; severities are words, not colour alone.
 * @return DD_OK, DD_EINVAL, DD_EIO.
 */
DD_API int dd_report_zone_html(FILE *out, const dd_zone_check_t *res,
                               const dd_report_opts_t *opts);

/** One row of the monitor dashboard: a zone's last result and its changes in the database. */
typedef struct dd_mon_dash_row {
	dd_mon_result_t *r;              /**< borrowed */
	dd_mon_activity_t activity;      /**< meaningful when @p have_activity */
	bool have_activity;              /**< false: no state database, or it could not be read */
} dd_mon_dash_row_t;

/**
 * The monitor dashboard's front page: a table of the zones, worst first (as the text table),
 * with state, RFC 4035 status, why, the earliest signature expiry, the last change and the
 * number of events (from the state database), each zone linking to /zone/NAME. At most
 * @p max_rows rows (the worst ones; the page says how many more are not shown), so the page's
 * size is bounded. @p rows is reordered.
 * @param finished  when the run shown ended, seconds; 0 while none has.
 * @return DD_OK, DD_EINVAL, DD_EIO.
 */
DD_API int dd_report_mon_html_index(FILE *out, dd_mon_dash_row_t *rows, size_t n,
                                    size_t max_rows, int64_t finished, bool db);

/**
 * A zone's dashboard page: its state and why, the root causes, its event history (@p hist,
 * newest first, from dd_mon_db_history(); @p db false: no state database is kept), and the
 * last diagnosis (@p row->r->report, a fragment of dd_report_html_body(), placed as is: it is
 * escaped already). Every name and detail is escaped.
 * @return DD_OK, DD_EINVAL, DD_EIO.
 */
DD_API int dd_report_mon_html_zone(FILE *out, const dd_mon_dash_row_t *row,
                                   const dd_mon_logged_t *hist, size_t nhist, bool db);

/** The dashboard's page for a zone that is not watched: @p name (from the URL) escaped.
 *  @return DD_OK, DD_EINVAL, DD_EIO. */
DD_API int dd_report_mon_html_not_found(FILE *out, const char *name);
