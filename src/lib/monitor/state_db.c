/* SPDX-License-Identifier: MIT
 * state_db.c - what the state database's writers share: SQLite's errors as ours, one
 * statement with bindings, an event recorded (state.c, state_roll.c). */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "dd/error.h"
#include "state_int.h"

/* The error of SQLite's last failed call: -ENOSPC when the disk is full (SQLITE_FULL, or a
 * write that failed with ENOSPC), else DD_EIO. Call before a ROLLBACK resets it. */
int dd__mon_db_io_err(sqlite3 *db)
{
	if (db != NULL &&
	    ((sqlite3_errcode(db) & 0xFF) == SQLITE_FULL || sqlite3_system_errno(db) == ENOSPC)) {
		return -ENOSPC;
	}
	return DD_EIO;
}

void dd__mon_db_event(rec_ctx_t *c, const char *kind, const char *fmt, ...)
{
	dd_mon_event_t *n = realloc(c->ev, (c->nev + 1) * sizeof(*n));
	if (n == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	c->ev = n;
	dd_mon_event_t *e = &n[c->nev++];
	snprintf(e->kind, sizeof(e->kind), "%s", kind);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	va_end(ap);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db->db, "INSERT INTO events(run, zone, at, kind, detail) "
	                       "VALUES(?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK) {
		c->err = dd__mon_db_io_err(c->db->db);
		return;
	}
	sqlite3_bind_int64(st, 1, c->run);
	sqlite3_bind_text(st, 2, c->zone, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, c->at);
	sqlite3_bind_text(st, 4, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->detail, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		c->err = dd__mon_db_io_err(c->db->db);
	}
	sqlite3_finalize(st);
}

/* Run one statement with text/int64 bindings given as a format: 't' text, 'i' int64, 'n' NULL. */
int dd__mon_db_exec(rec_ctx_t *c, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db->db, sql, -1, &st, NULL) != SQLITE_OK) {
		c->err = dd__mon_db_io_err(c->db->db);
		return c->err;
	}
	va_list ap;
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 't') {
			sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
		} else if (types[i] == 'i') {
			sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
		} else {
			sqlite3_bind_null(st, i + 1);
		}
	}
	va_end(ap);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		c->err = dd__mon_db_io_err(c->db->db);
		return c->err;
	}
	return DD_OK;
}

