/* SPDX-License-Identifier: MIT
 * state_read.c - reading the monitor's state database beside the running monitor (the
 * dashboard): a read-only connection, each zone's latest event and event count, and its
 * event history, newest first. WAL mode lets these read while a run writes. */

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "dd/error.h"
#include "dd/monstate.h"
#include "dns/name_text.h"
#include "state_int.h"

/* A reader waits at most this long for the writer's lock (WAL readers rarely wait at all):
 * a page must not hang behind a long write. */
#define READ_BUSY_MS 2000
/* The reader's page cache, KiB (negative: SQLite's unit): small, its queries use indexes. */
#define READ_CACHE "-512"

int dd_mon_db_open_readonly(const char *path, dd_mon_db_t **out, char *err, size_t errlen)
{
	if (path == NULL || out == NULL) {
		return DD_EINVAL;
	}
	dd_mon_db_t *d = calloc(1, sizeof(*d));
	if (d == NULL) {
		return DD_ENOMEM;
	}
	if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_exec(d->db, "PRAGMA cache_size=" READ_CACHE ";", NULL, NULL, NULL) != SQLITE_OK) {
		if (err != NULL && errlen > 0) {
			snprintf(err, errlen, "%s: %s", path, d->db ? sqlite3_errmsg(d->db) : "out of memory");
		}
		sqlite3_close(d->db);
		free(d);
		return DD_EIO;
	}
	sqlite3_busy_timeout(d->db, READ_BUSY_MS);
	*out = d;
	return DD_OK;
}

int dd_mon_db_activity(dd_mon_db_t *db, const uint8_t *zone, dd_mon_activity_t *out)
{
	if (db == NULL || zone == NULL || out == NULL) {
		return DD_EINVAL;
	}
	char name[DD_NAME_MAXLEN * 4];
	dd__name_text(zone, name, sizeof(name));
	sqlite3_stmt *st = NULL;
	int ret = DD_EIO;
	if (sqlite3_prepare_v2(db->db, "SELECT MAX(at), COUNT(*) FROM events WHERE zone = ?", -1,
	                       &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		out->last_change = sqlite3_column_int64(st, 0);  /* NULL (no events) reads as 0 */
		out->events = (size_t)sqlite3_column_int64(st, 1);
		ret = DD_OK;
	}
	sqlite3_finalize(st);
	return ret;
}

int dd_mon_db_history(dd_mon_db_t *db, const uint8_t *zone, size_t max, dd_mon_logged_t **out,
                      size_t *n)
{
	if (db == NULL || zone == NULL || out == NULL || n == NULL || max == 0) {
		return DD_EINVAL;
	}
	char name[DD_NAME_MAXLEN * 4];
	dd__name_text(zone, name, sizeof(name));
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->db, "SELECT at, kind, detail FROM events WHERE zone = ? "
	                       "ORDER BY at DESC, id DESC LIMIT ?", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)max) != SQLITE_OK) {
		sqlite3_finalize(st);
		return DD_EIO;
	}
	dd_mon_logged_t *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			dd_mon_logged_t *nv = realloc(v, cap * sizeof(*nv));
			if (nv == NULL) {
				free(v);
				sqlite3_finalize(st);
				return DD_ENOMEM;
			}
			v = nv;
		}
		dd_mon_logged_t *e = &v[len++];
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		const char *detail = (const char *)sqlite3_column_text(st, 2);
		e->at = sqlite3_column_int64(st, 0);
		snprintf(e->event.kind, sizeof(e->event.kind), "%s", kind ? kind : "");
		snprintf(e->event.detail, sizeof(e->event.detail), "%s", detail ? detail : "");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return DD_EIO;
	}
	*out = v;
	*n = len;
	return DD_OK;
}
