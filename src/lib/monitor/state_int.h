/* SPDX-License-Identifier: MIT
 * state_int.h - the state database handle, shared by the writer (state.c) and the readers of
 * the dashboard (state_read.c), and what the writer's parts share (state_roll.c: rollover
 * tracking). Internal to monitor/. */
#pragma once

#include <sqlite3.h>

struct dd_mon_db {
	sqlite3 *db;
	uint32_t dprp;        /* RFC 7583 Dprp for rollover timing, seconds */
};

#include <stdbool.h>
#include <stdint.h>

#include "dd/monitor.h"
#include "dd/timing.h"

/* One zone's transaction in dd_mon_db_record(). */
typedef struct rec_ctx {
	struct dd_mon_db *db;
	const char *zone;
	int64_t at, run;
	dd_mon_event_t *ev;
	size_t nev;
	int err;
} rec_ctx_t;

/* SQLite's last error as DD_EIO or -ENOSPC. */
int dd__mon_db_io_err(sqlite3 *db);

/* Record an event of the zone (kind, detail) in the events table and in c->ev. */
__attribute__((format(printf, 3, 4)))
void dd__mon_db_event(rec_ctx_t *c, const char *kind, const char *fmt, ...);

/* Run one statement with bindings given as a format: 't' text, 'i' int64, 'n' NULL. */
int dd__mon_db_exec(rec_ctx_t *c, const char *sql, const char *types, ...);

/* The rollover of the zone: its phase (into r->rollover) from the history, the events of a
 * changed phase and of steps made too early, and the row of the rollover table
 * (state_roll.c). @p known: the zone was checked before. */
void dd__mon_db_rollover(rec_ctx_t *c, dd_mon_result_t *r, bool known);
