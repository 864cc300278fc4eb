/* SPDX-License-Identifier: MIT
 * dashboard.h - what the monitor's dashboard (monitor --listen: / and /zone/NAME) shows: the
 * last run's results with each zone's diagnosis as an HTML fragment, and the state database
 * read beside the running monitor. The pages are made by the library (dd_report_mon_html_*);
 * http.c routes to them. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include <dd/monitor.h>
#include <dd/monstate.h>

typedef struct cli_dash cli_dash_t;

/** The largest diagnosis report a zone keeps for its page, octets (larger ones are dropped and
 *  the page says how large they were). */
#define CLI_DASH_REPORT_MAX (512 * 1024)
/** The most zones the front page lists (the worst), and events a zone page lists (the latest). */
#define CLI_DASH_ROWS_MAX 1000
#define CLI_DASH_EVENTS_MAX 100

/**
 * A dashboard with nothing yet. @p db_path: the state database to read the events from (opened
 * read-only here), or NULL (--no-db). @return NULL when out of memory or the database cannot be
 * opened (@p err says why).
 */
cli_dash_t *cli_dash_new(const char *db_path, char *err, size_t errlen);

/** Free; NULL is a no-op. */
void cli_dash_free(cli_dash_t *d);

/** dd_mon_config_t.on_diagnosis for a dashboard: the zone's diagnosis as an HTML fragment
 *  (dd_report_html_body()), deflated (zlib), in r->report, when the fragment is at most
 *  CLI_DASH_REPORT_MAX octets; else r->report NULL and r->report_len its size. Thread-safe. */
void cli_dash_on_diagnosis(void *arg, const dd_evidence_t *ev, const dd_analysis_t *an,
                           const dd_diagnosis_t *dg, dd_mon_result_t *r);

/** Show @p rs (@p n results, the array and the results taken over) as the last run, ended at
 *  @p finished (seconds), from now on; the previous run's are freed. */
void cli_dash_publish(cli_dash_t *d, dd_mon_result_t **rs, size_t n, int64_t finished);

/** The front page into @p out. @return the HTTP status (200, 500). */
unsigned cli_dash_index(cli_dash_t *d, FILE *out);

/** The page of zone @p name (as in the URL, decoded) into @p out. @return the HTTP status:
 *  200, 404 (not watched: the page says so, the name escaped), 503 (no run finished yet:
 *  nothing written), 500 (the state database could not be read, or no memory). */
unsigned cli_dash_zone(cli_dash_t *d, const char *name, FILE *out);
