/* SPDX-License-Identifier: MIT
 * dashboard.c - the monitor's dashboard data: the last run's results (with each zone's
 * diagnosis as an HTML fragment, made on the worker threads and kept deflated) behind a lock, the state
 * database's read-only connection for the events, and the pages made from them by the
 * library's builders. Read-only: nothing here writes the database or changes a run. */

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <dd/dd.h>
#include <dd/report.h>

#include "dashboard.h"

struct cli_dash {
	pthread_mutex_t lock;        /* the results and the reader (one thread at a time) */
	dd_mon_result_t **rs;        /* the last run's, owned */
	size_t n;
	int64_t finished;            /* 0: no run finished yet */
	dd_mon_db_t *reader;         /* NULL: --no-db */
};

cli_dash_t *cli_dash_new(const char *db_path, char *err, size_t errlen)
{
	cli_dash_t *d = calloc(1, sizeof(*d));
	if (d == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (db_path != NULL && dd_mon_db_open_readonly(db_path, &d->reader, err, errlen) != DD_OK) {
		free(d);
		return NULL;
	}
	pthread_mutex_init(&d->lock, NULL);
	return d;
}

static void free_results(dd_mon_result_t **rs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		dd_mon_result_free(rs[i]);
	}
	free(rs);
}

void cli_dash_free(cli_dash_t *d)
{
	if (d == NULL) {
		return;
	}
	free_results(d->rs, d->n);
	dd_mon_db_close(d->reader);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

void cli_dash_on_diagnosis(void *arg, const dd_evidence_t *ev, const dd_analysis_t *an,
                           const dd_diagnosis_t *dg, dd_mon_result_t *r)
{
	(void)arg;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (m == NULL) {
		return;
	}
	int ret = dd_report_html_body(m, ev, an, dg, NULL, NULL);
	if (fclose(m) != 0 || ret != DD_OK || len > CLI_DASH_REPORT_MAX) {
		free(buf);
		r->report_len = ret == DD_OK ? len : 0;  /* too large: the page says how large */
		return;
	}
	/* kept deflated (zlib): HTML shrinks about 5-fold (a testbed zone's 27 KB to 5.4 KB) */
	uLongf zlen = compressBound((uLong)len);
	Bytef *z = malloc(zlen);
	if (z == NULL || compress2(z, &zlen, (const Bytef *)buf, (uLong)len, 6) != Z_OK) {
		free(z);
		free(buf);
		return;
	}
	free(buf);
	Bytef *fit = realloc(z, zlen);
	r->report = (char *)(fit != NULL ? fit : z);
	r->report_len = zlen;
}

void cli_dash_publish(cli_dash_t *d, dd_mon_result_t **rs, size_t n, int64_t finished)
{
	pthread_mutex_lock(&d->lock);
	dd_mon_result_t **old = d->rs;
	size_t nold = d->n;
	d->rs = rs;
	d->n = n;
	d->finished = finished;
	pthread_mutex_unlock(&d->lock);
	free_results(old, nold);
}

static void activity(cli_dash_t *d, dd_mon_dash_row_t *row)
{
	row->have_activity = d->reader != NULL &&
	                     dd_mon_db_activity(d->reader, row->r->zone, &row->activity) == DD_OK;
}

unsigned cli_dash_index(cli_dash_t *d, FILE *out)
{
	pthread_mutex_lock(&d->lock);
	dd_mon_dash_row_t *rows = d->n ? calloc(d->n, sizeof(*rows)) : NULL;
	int ret = DD_ENOMEM;
	if (d->n == 0 || rows != NULL) {
		for (size_t i = 0; i < d->n; i++) {
			rows[i].r = d->rs[i];
			activity(d, &rows[i]);
		}
		ret = dd_report_mon_html_index(out, rows, d->n, CLI_DASH_ROWS_MAX, d->finished,
		                               d->reader != NULL);
	}
	pthread_mutex_unlock(&d->lock);
	free(rows);
	return ret == DD_OK ? 200 : 500;
}

unsigned cli_dash_zone(cli_dash_t *d, const char *name, FILE *out)
{
	uint8_t wire[DD_NAME_MAXLEN];
	bool parsed = dd_name_from_str(name, wire) >= 0;
	unsigned code = 404;
	int ret = DD_OK;
	pthread_mutex_lock(&d->lock);
	if (d->finished == 0 && d->n == 0) {
		code = 503;  /* nothing written: the caller says why */
	}
	for (size_t i = 0; parsed && i < d->n; i++) {
		if (!dd_name_equal(d->rs[i]->zone, wire)) {
			continue;
		}
		/* the page is made from a copy whose report is inflated (it is at most
		 * CLI_DASH_REPORT_MAX octets) */
		dd_mon_result_t view = *d->rs[i];
		char *plain = NULL;
		if (view.report != NULL) {
			uLongf plen = CLI_DASH_REPORT_MAX;
			plain = malloc(plen);
			if (plain == NULL || uncompress((Bytef *)plain, &plen, (const Bytef *)view.report,
			                                (uLong)view.report_len) != Z_OK) {
				free(plain);
				pthread_mutex_unlock(&d->lock);
				return 500;
			}
			view.report = plain;
			view.report_len = plen;
		}
		dd_mon_dash_row_t row = { .r = &view };
		activity(d, &row);
		dd_mon_logged_t *hist = NULL;
		size_t nhist = 0;
		ret = d->reader != NULL ? dd_mon_db_history(d->reader, wire, CLI_DASH_EVENTS_MAX, &hist,
		                                            &nhist) : DD_OK;
		if (ret == DD_OK) {
			ret = dd_report_mon_html_zone(out, &row, hist, nhist, d->reader != NULL);
		}
		free(hist);
		free(plain);
		code = 200;
		break;
	}
	pthread_mutex_unlock(&d->lock);
	if (code == 404) {
		ret = dd_report_mon_html_not_found(out, name);
	}
	return ret != DD_OK ? 500 : code;
}
