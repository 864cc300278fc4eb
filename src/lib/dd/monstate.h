/* SPDX-License-Identifier: MIT
 * monstate.h - the monitor's state in SQLite: the last result per zone, the DNSKEY, DS and CDS
 * records seen over time, alerts (first seen, last seen, cleared), runs, and the events that
 * the differences between runs make. */

/**
 * @file
 * The database is one SQLite file in WAL mode (schema in docs/monitor.md). Each zone's result
 * is recorded in one IMMEDIATE transaction that reads the previous state, derives the events
 * and writes the new state, so a run killed at any point leaves every zone recorded before it
 * whole and the rest untouched, and two runs on one file serialise per zone instead of
 * corrupting it (they wait up to a busy timeout of 60 s).
 *
 * A database is taken only if it is ours: dd_mon_db_open() reads PRAGMA application_id
 * (0x44446d6e, set on every database it makes), PRAGMA user_version (the schema version) and
 * the table names before it writes anything, and refuses another program's file unchanged.
 * Databases made before the id was set are recognised by their meta table; a missing file,
 * an empty file or a database without tables is made ours.
 *
 * Errors: DD_EIO, or -ENOSPC when the disk is full (SQLITE_FULL; dd_strerror() says "No space
 * left on device").
 */
#pragma once

#include <dd/monitor.h>
#include <dd/timing.h>

typedef struct dd_mon_db dd_mon_db_t;

/**
 * Open (creating if needed) the state database at @p path and its schema. Another program's
 * database (its own application_id, or tables without our meta table, a clashing `zones`
 * table for one) is refused before anything is written: no table, no journal mode, no row.
 * @param[out] err  why, when an error is returned (@p errlen octets): "PATH: not a
 *             dnssec-doctor monitor database (...)", "PATH: no space left on device", ...
 * @return DD_OK, DD_EIO (cannot open or not a dnssec-doctor database), -ENOSPC, DD_ENOMEM.
 */
DD_API int dd_mon_db_open(const char *path, dd_mon_db_t **out, char *err, size_t errlen);

/** The RFC 7583 delays rollover tracking uses: @p t->dprp (Dprp, also taken as the parent's
 *  DprpP) when set; DD_PREFLIGHT_DPRP_DEFAULT otherwise. NULL is a no-op. */
DD_API void dd_mon_db_set_timing(dd_mon_db_t *db, const dd_preflight_timing_t *t);

/** Close; NULL is a no-op. */
DD_API void dd_mon_db_close(dd_mon_db_t *db);

/**
 * Record the start of a run (runs whose end was never recorded, a killed run, are marked
 * "interrupted" by the next one). @p shard is "I/N" or NULL.
 * @return DD_OK, DD_EIO or -ENOSPC.
 */
DD_API int dd_mon_db_run_begin(dd_mon_db_t *db, int64_t started, const char *shard,
                               int64_t *run_id);

/** Record the end of run @p run_id. @return DD_OK, DD_EIO or -ENOSPC. */
DD_API int dd_mon_db_run_end(dd_mon_db_t *db, int64_t run_id, int64_t finished, size_t zones);

/** Record that run @p run_id was interrupted (a signal) after @p zones zones.
 *  @return DD_OK, DD_EIO or -ENOSPC. */
DD_API int dd_mon_db_run_interrupted(dd_mon_db_t *db, int64_t run_id, int64_t finished,
                                     size_t zones);

/**
 * Retention: delete the history older than @p before (seconds since the epoch): events, runs
 * that started before it (not one still running), alerts cleared and records removed before
 * it, in one transaction. The last result per zone, open alerts and present records stay.
 * @param[out] removed  rows deleted, written on success; may be NULL.
 * @return DD_OK, DD_EIO or -ENOSPC (nothing deleted).
 */
DD_API int dd_mon_db_prune(dd_mon_db_t *db, int64_t before, size_t *removed);

/**
 * Record one zone's result and return the events it makes against the stored state: DNSKEY,
 * DS and CDS records added or removed (CDS_APPEARED when a zone starts publishing CDS, RFC
 * 7344), SOA serials starting or ceasing to differ, the state changing, alerts raised or
 * cleared. A zone seen for the first time makes no events (its alerts are stored as open). Record sets are compared only when
 * the zone's servers answered, so an outage is not reported as keys removed.
 * The keys that sign (r->signers) are kept as records of kind SIGNER, and from the history of
 * DNSKEY, DS and signers the rollover under way is named into @p r->rollover (its phase, next
 * step and time, RFC 6781 4.1 / RFC 7583 3, with the Dprp of dd_mon_db_set_timing()); a phase
 * that changes makes ROLLOVER_PHASE, a step made too early ROLLOVER_STEP_PREMATURE
 * (docs/monitor.md, "Rollover tracking").
 * @param json  the result as JSON (dd_mon_result_json()), stored as the zone's last result;
 *              may be NULL.
 * @param[out] ev   new array (free()) of @p *nev events; NULL when none.
 * @return DD_OK, DD_EIO or -ENOSPC (the transaction was rolled back: nothing of it is
 *         stored), DD_ENOMEM.
 */
DD_API int dd_mon_db_record(dd_mon_db_t *db, int64_t run_id, dd_mon_result_t *r,
                            const char *json, dd_mon_event_t **ev, size_t *nev);

/** What the state database holds of one zone's changes, for the dashboard. */
typedef struct dd_mon_activity {
	int64_t last_change;       /**< the time of its latest event, seconds; 0 when none */
	size_t events;             /**< events kept for it (those --keep has not pruned) */
} dd_mon_activity_t;

/** An event as recorded: when, what. */
typedef struct dd_mon_logged {
	int64_t at;                /**< seconds since the epoch (the check's time) */
	dd_mon_event_t event;
} dd_mon_logged_t;

/**
 * Open the state database at @p path to read only, beside a monitor that writes it (WAL mode:
 * reading never blocks the writer; a read waits at most 2 s for a lock). The file must exist
 * (dd_mon_db_open() made it); nothing is written. Use one handle from one thread at a time.
 * @param[out] out  dd_mon_db_close(); written only on success.
 * @param[out] err  "PATH: why" on failure (@p errlen octets); may be NULL.
 * @return DD_OK, DD_EINVAL, DD_ENOMEM, DD_EIO.
 */
DD_API int dd_mon_db_open_readonly(const char *path, dd_mon_db_t **out, char *err,
                                   size_t errlen);

/**
 * The latest event's time and the number of events kept for @p zone (wire form).
 * @param[out] out  written only on success.
 * @return DD_OK, DD_EINVAL, DD_EIO.
 */
DD_API int dd_mon_db_activity(dd_mon_db_t *db, const uint8_t *zone, dd_mon_activity_t *out);

/**
 * The latest @p max events of @p zone (wire form), newest first.
 * @param[out] out  new array (free()), NULL when there are none; written only on success.
 * @param[out] n    its length.
 * @return DD_OK, DD_EINVAL (@p max 0), DD_ENOMEM, DD_EIO.
 */
DD_API int dd_mon_db_history(dd_mon_db_t *db, const uint8_t *zone, size_t max,
                             dd_mon_logged_t **out, size_t *n);

/** The path of the default state database: $STATE_DIRECTORY/monitor.db (systemd), else
 *  $XDG_STATE_HOME/dnssec-doctor/monitor.db, else ~/.local/state/dnssec-doctor/monitor.db;
 *  the directory is created. @return DD_OK, DD_ENOENT (no home), DD_EIO. */
DD_API int dd_mon_db_default_path(char *out, size_t outlen);
