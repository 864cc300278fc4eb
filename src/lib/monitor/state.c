/* SPDX-License-Identifier: MIT
 * state.c - the monitor's SQLite state: a database refused unless it is ours (checked before
 * anything is written), schema, runs and their retention, one transaction per zone result, and
 * the events made by comparing a result with the stored state (records, serials, state,
 * alerts). */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "dd/error.h"
#include "dd/monstate.h"
#include "dd/name.h"
#include "dns/name_text.h"
#include "state_int.h"

#define SCHEMA_VERSION "1"
/* PRAGMA application_id of our databases ("DDmn"; SQLite's magic.txt lists the ids in use, and
 * this one is not among them). Databases made before it was set (it is 0 there) are recognised
 * by their meta table. PRAGMA user_version holds the schema version. */
#define APPLICATION_ID 0x44446d6e
#define APPLICATION "dnssec-doctor monitor"
/* The page cache of the connection, the most of the monitor's memory that grows with the
 * database (SQLite's default, made explicit): a negative size is KiB. It fills as the tables
 * grow and then stays; --keep bounds the tables themselves. */
#define CACHE_SIZE "-2000"


static const char SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started INTEGER NOT NULL,"
	" finished INTEGER, zones INTEGER, shard TEXT, state TEXT NOT NULL DEFAULT 'running');"
	"CREATE TABLE IF NOT EXISTS zones(zone TEXT PRIMARY KEY, run INTEGER, checked INTEGER,"
	" state TEXT, status TEXT, summary TEXT, earliest INTEGER, serial_min INTEGER,"
	" serial_max INTEGER, serials_agree INTEGER, ds_state TEXT, cds_state TEXT, result TEXT);"
	"CREATE TABLE IF NOT EXISTS records(zone TEXT NOT NULL, kind TEXT NOT NULL,"
	" rdata TEXT NOT NULL, key_tag INTEGER, first_seen INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL, removed INTEGER, PRIMARY KEY(zone, kind, rdata));"
	"CREATE TABLE IF NOT EXISTS alerts(id INTEGER PRIMARY KEY, zone TEXT NOT NULL,"
	" code TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	" cleared INTEGER, detail TEXT);"
	"CREATE INDEX IF NOT EXISTS alerts_open ON alerts(zone, cleared);"
	"CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY, run INTEGER, zone TEXT NOT NULL,"
	" at INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT);"
	"CREATE INDEX IF NOT EXISTS events_zone ON events(zone, at);"
	"CREATE INDEX IF NOT EXISTS events_at ON events(at);"
	"CREATE INDEX IF NOT EXISTS runs_started ON runs(started);"
	"CREATE INDEX IF NOT EXISTS runs_running ON runs(state) WHERE state='running';"
	"CREATE TABLE IF NOT EXISTS rollover(zone TEXT PRIMARY KEY, checked INTEGER NOT NULL,"
	" phase TEXT NOT NULL, since INTEGER, next_at INTEGER, ttl_ds INTEGER, ttl_dnskey INTEGER,"
	" ttl_data INTEGER, ttl_neg INTEGER);";

/* "what: why" into @p err: SQLite's message, or "no space left on device" for a full disk. */
static int fail(sqlite3 *db, char *err, size_t errlen, const char *what, const char *msg)
{
	int ret = dd__mon_db_io_err(db);
	if (err != NULL && errlen > 0) {
		snprintf(err, errlen, "%s: %s", what, ret == -ENOSPC ? "no space left on device"
		         : msg ? msg : db ? sqlite3_errmsg(db) : "out of memory");
	}
	return ret;
}

/* One integer from a PRAGMA or query, or -1 when it fails. */
static int64_t query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

/* Whether the database at @p db is ours, judged by reading only (nothing is written before
 * this says yes): our application_id; or none (0) and our meta table (made before the id was
 * set); or none and no schema at all (an empty database). Otherwise @p err says whose it seems
 * to be. @return DD_OK or DD_EIO/-ENOSPC. */
static int check_ours(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	int64_t app = query_int(db, "PRAGMA application_id");
	int64_t version = query_int(db, "PRAGMA user_version");
	if (app < 0 || version < 0) {
		return fail(db, err, errlen, path, NULL);
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name",
	                       -1, &st, NULL) != SQLITE_OK) {
		return fail(db, err, errlen, path, NULL);
	}
	char tables[256] = "";
	size_t ntables = 0, len = 0;
	bool meta = false, zones = false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		t = t ? t : "";
		meta |= strcmp(t, "meta") == 0;
		zones |= strcmp(t, "zones") == 0;
		if (len < sizeof(tables)) {
			len += (size_t)snprintf(tables + len, sizeof(tables) - len, "%s%s", ntables ? ", " : "", t);
		}
		ntables++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		return fail(db, err, errlen, path, NULL);
	}
	bool ours = app == APPLICATION_ID;
	if (app == 0 && meta) {
		/* made before the application_id was set: ours if the meta table says so */
		ours = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='application'", -1, &st,
		                          NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
		       sqlite3_column_text(st, 0) != NULL &&
		       strcmp((const char *)sqlite3_column_text(st, 0), APPLICATION) == 0;
		sqlite3_finalize(st);
	}
	if (ours && version > atoi(SCHEMA_VERSION)) {
		snprintf(err, errlen, "%s: made by a newer dnssec-doctor (schema version %lld; this one "
		         "knows %s)", path, (long long)version, SCHEMA_VERSION);
		return DD_EIO;
	}
	if (ours || (app == 0 && version == 0 && ntables == 0)) {
		return DD_OK;
	}
	if (app != 0 && app != APPLICATION_ID) {
		snprintf(err, errlen, "%s: not a dnssec-doctor monitor database (another program's: "
		         "application_id 0x%08llx); nothing was changed, give --db a file of its own",
		         path, (unsigned long long)app);
	} else if (zones) {
		snprintf(err, errlen, "%s: not a dnssec-doctor monitor database (it has a 'zones' table "
		         "of its own; tables: %s%s); nothing was changed, give --db a file of its own",
		         path, tables, len >= sizeof(tables) ? "..." : "");
	} else {
		snprintf(err, errlen, "%s: not a dnssec-doctor monitor database (tables: %s%s%s); "
		         "nothing was changed, give --db a file of its own", path,
		         ntables ? tables : "none", len >= sizeof(tables) ? "..." : "",
		         ntables ? "" : ", user_version set");
	}
	return DD_EIO;
}

int dd_mon_db_open(const char *path, dd_mon_db_t **out, char *err, size_t errlen)
{
	if (path == NULL || out == NULL) {
		return DD_EINVAL;
	}
	dd_mon_db_t *d = calloc(1, sizeof(*d));
	if (d != NULL) {
		d->dprp = DD_PREFLIGHT_DPRP_DEFAULT;
	}
	if (d == NULL) {
		return DD_ENOMEM;
	}
	if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		int ret = fail(d->db, err, errlen, path, NULL);
		sqlite3_close(d->db);
		free(d);
		return ret;
	}
	sqlite3_busy_timeout(d->db, 60000);
	/* first, reading only: is it ours (or new, or empty)? */
	int ret = check_ours(d->db, path, err, errlen);
	if (ret != DD_OK) {
		sqlite3_close(d->db);
		free(d);
		return ret;
	}
	char *msg = NULL;
	/* WAL: readers (a scrape, a second run) never block the writer; NORMAL sync is durable
	 * against a killed process (the OS has the WAL) and costs no fsync per transaction.
	 * Switching a new file to WAL takes a lock that SQLite does not wait for with the busy
	 * handler: when two runs create the database at once, one gets SQLITE_BUSY here and tries
	 * again (up to the busy timeout). */
	int rc = SQLITE_OK;
	for (int attempt = 0; attempt < 600; attempt++) {
		sqlite3_free(msg);
		msg = NULL;
		rc = sqlite3_exec(d->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
		                  "PRAGMA cache_size=" CACHE_SIZE ";", NULL, NULL, &msg);
		if (rc == SQLITE_OK) {
			rc = sqlite3_exec(d->db, "BEGIN IMMEDIATE;", NULL, NULL, &msg);
		}
		if (rc == SQLITE_OK) {
			rc = sqlite3_exec(d->db, SCHEMA, NULL, NULL, &msg);
			if (rc == SQLITE_OK) {
				/* the id and version only where they differ: a database that is up to date
				 * is opened without a write (a full disk shows at the first record) */
				char sql[256];
				bool set = query_int(d->db, "PRAGMA application_id") != APPLICATION_ID ||
				           query_int(d->db, "PRAGMA user_version") != atoi(SCHEMA_VERSION);
				snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO meta VALUES('schema', '"
				         SCHEMA_VERSION "');INSERT OR IGNORE INTO meta VALUES('application', '"
				         APPLICATION "');%s%d;%s", set ? "PRAGMA application_id=" : "SELECT ",
				         APPLICATION_ID, set ? "PRAGMA user_version=" SCHEMA_VERSION ";" : "");
				rc = sqlite3_exec(d->db, sql, NULL, NULL, &msg);
			}
			if (rc != SQLITE_OK) {
				ret = dd__mon_db_io_err(d->db);
				sqlite3_exec(d->db, "ROLLBACK;", NULL, NULL, NULL);
			}
		}
		if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED) {
			break;
		}
		struct timespec ts = { .tv_sec = 0, .tv_nsec = 100 * 1000000 };
		nanosleep(&ts, NULL);
	}
	if (rc == SQLITE_OK && sqlite3_exec(d->db, "COMMIT;", NULL, NULL, &msg) != SQLITE_OK) {
		rc = SQLITE_ERROR;
		ret = dd__mon_db_io_err(d->db);
		sqlite3_exec(d->db, "ROLLBACK;", NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, ret == -ENOSPC || (rc & 0xFF) == SQLITE_FULL
		         ? "no space left on device" : msg ? msg : sqlite3_errmsg(d->db));
		sqlite3_free(msg);
		sqlite3_close(d->db);
		free(d);
		return (rc & 0xFF) == SQLITE_FULL ? -ENOSPC : ret != DD_OK ? ret : DD_EIO;
	}
	*out = d;
	return DD_OK;
}

void dd_mon_db_set_timing(dd_mon_db_t *db, const dd_preflight_timing_t *t)
{
	if (db != NULL && t != NULL && t->dprp_set) {
		db->dprp = t->dprp;
	}
}

void dd_mon_db_close(dd_mon_db_t *db)
{
	if (db == NULL) {
		return;
	}
	sqlite3_close(db->db);
	free(db);
}

int dd_mon_db_run_begin(dd_mon_db_t *db, int64_t started, const char *shard, int64_t *run_id)
{
	if (db == NULL || run_id == NULL) {
		return DD_EINVAL;
	}
	sqlite3_stmt *st = NULL;
	int ret = DD_EIO;
	if (sqlite3_exec(db->db, "UPDATE runs SET state='interrupted' WHERE state='running';", NULL,
	                 NULL, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db->db, "INSERT INTO runs(started, shard) VALUES(?, ?)", -1, &st,
	                       NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, started);
		if (shard != NULL) {
			sqlite3_bind_text(st, 2, shard, -1, SQLITE_TRANSIENT);
		}
		if (sqlite3_step(st) == SQLITE_DONE) {
			*run_id = sqlite3_last_insert_rowid(db->db);
			ret = DD_OK;
		}
	}
	if (ret != DD_OK) {
		ret = dd__mon_db_io_err(db->db);
	}
	sqlite3_finalize(st);
	return ret;
}

int dd_mon_db_run_end(dd_mon_db_t *db, int64_t run_id, int64_t finished, size_t zones)
{
	if (db == NULL) {
		return DD_EINVAL;
	}
	sqlite3_stmt *st = NULL;
	int ret = DD_EIO;
	if (sqlite3_prepare_v2(db->db, "UPDATE runs SET finished=?, zones=?, state='finished' "
	                       "WHERE id=?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, finished);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)zones);
		sqlite3_bind_int64(st, 3, run_id);
		ret = sqlite3_step(st) == SQLITE_DONE ? DD_OK : dd__mon_db_io_err(db->db);
	}
	sqlite3_finalize(st);
	return ret;
}

int dd_mon_db_run_interrupted(dd_mon_db_t *db, int64_t run_id, int64_t finished, size_t zones)
{
	if (db == NULL) {
		return DD_EINVAL;
	}
	sqlite3_stmt *st = NULL;
	int ret = DD_EIO;
	if (sqlite3_prepare_v2(db->db, "UPDATE runs SET finished=?, zones=?, state='interrupted' "
	                       "WHERE id=?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, finished);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)zones);
		sqlite3_bind_int64(st, 3, run_id);
		ret = sqlite3_step(st) == SQLITE_DONE ? DD_OK : dd__mon_db_io_err(db->db);
	}
	sqlite3_finalize(st);
	return ret;
}

int dd_mon_db_prune(dd_mon_db_t *db, int64_t before, size_t *removed)
{
	if (db == NULL) {
		return DD_EINVAL;
	}
	static const char *const sql[] = {
		"DELETE FROM events WHERE at < ?",
		"DELETE FROM runs WHERE started < ? AND state != 'running'",
		"DELETE FROM alerts WHERE cleared IS NOT NULL AND cleared < ?",
		"DELETE FROM records WHERE removed IS NOT NULL AND removed < ?",
	};
	if (sqlite3_exec(db->db, "BEGIN IMMEDIATE;", NULL, NULL, NULL) != SQLITE_OK) {
		return dd__mon_db_io_err(db->db);
	}
	int ret = DD_OK;
	size_t n = 0;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]) && ret == DD_OK; i++) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db->db, sql[i], -1, &st, NULL) != SQLITE_OK) {
			ret = dd__mon_db_io_err(db->db);
		} else {
			sqlite3_bind_int64(st, 1, before);
			if (sqlite3_step(st) == SQLITE_DONE) {
				n += (size_t)sqlite3_changes(db->db);
			} else {
				ret = dd__mon_db_io_err(db->db);
			}
		}
		sqlite3_finalize(st);
	}
	if (ret == DD_OK && sqlite3_exec(db->db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK) {
		ret = dd__mon_db_io_err(db->db);
	}
	if (ret != DD_OK) {
		sqlite3_exec(db->db, "ROLLBACK;", NULL, NULL, NULL);
		return ret;
	}
	if (removed != NULL) {
		*removed = n;
	}
	return DD_OK;
}

/* ---- one zone ----------------------------------------------------------------------------- */


/* The stored present records of @p kind: a new array of texts (free each, then it). */
static char **stored(rec_ctx_t *c, const char *kind, size_t *n)
{
	*n = 0;
	sqlite3_stmt *st = NULL;
	char **out = NULL;
	if (sqlite3_prepare_v2(c->db->db, "SELECT rdata FROM records WHERE zone=? AND kind=? AND "
	                       "removed IS NULL", -1, &st, NULL) != SQLITE_OK) {
		c->err = dd__mon_db_io_err(c->db->db);
		return NULL;
	}
	sqlite3_bind_text(st, 1, c->zone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **no = realloc(out, (*n + 1) * sizeof(*no));
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (no == NULL || (no[*n] = strdup(t ? t : "")) == NULL) {
			c->err = DD_ENOMEM;
			out = no ? no : out;
			break;
		}
		out = no;
		(*n)++;
	}
	if (rc != SQLITE_DONE && c->err == DD_OK) {
		c->err = dd__mon_db_io_err(c->db->db);
	}
	sqlite3_finalize(st);
	return out;
}

static void free_texts(char **t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i]);
	}
	free(t);
}

/* Compare one record set with the stored one; @p known: the zone was seen before. */
static void diff_records(rec_ctx_t *c, const char *kind, const dd_mon_record_t *cur, size_t ncur,
                         bool known)
{
	size_t nold = 0;
	char **old = stored(c, kind, &nold);
	if (c->err != DD_OK) {
		free_texts(old, nold);
		return;
	}
	bool cds = strcmp(kind, "CDS") == 0;
	if (known && cds && nold == 0 && ncur > 0) {
		dd__mon_db_event(c, "CDS_APPEARED", "the zone publishes CDS: %s%s (RFC 7344: a parent that scans "
		      "will replace its DS with these)", cur[0].text, ncur > 1 ? " and more" : "");
	}
	for (size_t i = 0; i < ncur; i++) {
		bool was = false;
		for (size_t k = 0; k < nold && !was; k++) {
			was = strcmp(old[k], cur[i].text) == 0;
		}
		if (was) {
			dd__mon_db_exec(c, "UPDATE records SET last_seen=? WHERE zone=? AND kind=? AND rdata=?", "itt" "t",
			     c->at, c->zone, kind, cur[i].text);
			continue;
		}
		dd__mon_db_exec(c, "INSERT INTO records VALUES(?, ?, ?, ?, ?, ?, NULL) ON CONFLICT(zone, kind, rdata) "
		     "DO UPDATE SET last_seen=excluded.last_seen, removed=NULL", "tttiii", c->zone, kind,
		     cur[i].text, (int64_t)cur[i].key_tag, c->at, c->at);
		if (known && !(cds && nold == 0) && strcmp(kind, "SIGNER") != 0) {
			char k[32];
			snprintf(k, sizeof(k), "%s_ADDED", kind);
			dd__mon_db_event(c, k, "key tag %u: %s", cur[i].key_tag, cur[i].text);
		}
	}
	for (size_t k = 0; k < nold; k++) {
		bool is = false;
		for (size_t i = 0; i < ncur && !is; i++) {
			is = strcmp(old[k], cur[i].text) == 0;
		}
		if (!is) {
			dd__mon_db_exec(c, "UPDATE records SET removed=? WHERE zone=? AND kind=? AND rdata=?", "ittt",
			     c->at, c->zone, kind, old[k]);
			if (strcmp(kind, "SIGNER") == 0) {
				continue;  /* signers make rollover events (state_roll.c), not their own */
			}
			char kk[32];
			snprintf(kk, sizeof(kk), "%s_REMOVED", kind);
			dd__mon_db_event(c, kk, "%s", old[k]);
		}
	}
	free_texts(old, nold);
}

/* The detail of alert @p key: its root cause's line, else the result's summary. */
static const char *alert_detail(const dd_mon_result_t *r, const char *key)
{
	for (size_t i = 0; i < r->ncauses; i++) {
		if (strcmp(r->causes[i].code, key) == 0) {
			return r->causes[i].title;
		}
	}
	return r->summary;
}

static void diff_alerts(rec_ctx_t *c, const dd_mon_result_t *r, bool known)
{
	size_t nold = 0;
	sqlite3_stmt *st = NULL;
	char **old = NULL;
	if (sqlite3_prepare_v2(c->db->db, "SELECT code FROM alerts WHERE zone=? AND cleared IS NULL",
	                       -1, &st, NULL) != SQLITE_OK) {
		c->err = dd__mon_db_io_err(c->db->db);
		return;
	}
	sqlite3_bind_text(st, 1, c->zone, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char **no = realloc(old, (nold + 1) * sizeof(*no));
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (no == NULL || (no[nold] = strdup(t ? t : "")) == NULL) {
			c->err = DD_ENOMEM;
			old = no ? no : old;
			break;
		}
		old = no;
		nold++;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < r->nalerts && c->err == DD_OK; i++) {
		bool open = false;
		for (size_t k = 0; k < nold && !open; k++) {
			open = strcmp(old[k], r->alerts[i]) == 0;
		}
		if (open) {
			dd__mon_db_exec(c, "UPDATE alerts SET last_seen=?, detail=? WHERE zone=? AND code=? AND cleared "
			     "IS NULL", "ittt", c->at, alert_detail(r, r->alerts[i]), c->zone, r->alerts[i]);
		} else {
			dd__mon_db_exec(c, "INSERT INTO alerts(zone, code, first_seen, last_seen, detail) "
			     "VALUES(?, ?, ?, ?, ?)", "ttiit", c->zone, r->alerts[i], c->at, c->at,
			     alert_detail(r, r->alerts[i]));
			if (known) {
				dd__mon_db_event(c, "ALERT_RAISED", "%s: %s", r->alerts[i], alert_detail(r, r->alerts[i]));
			}
		}
	}
	for (size_t k = 0; k < nold && c->err == DD_OK; k++) {
		bool still = false;
		for (size_t i = 0; i < r->nalerts && !still; i++) {
			still = strcmp(old[k], r->alerts[i]) == 0;
		}
		if (!still) {
			dd__mon_db_exec(c, "UPDATE alerts SET cleared=? WHERE zone=? AND code=? AND cleared IS NULL",
			     "itt", c->at, c->zone, old[k]);
			dd__mon_db_event(c, "ALERT_CLEARED", "%s", old[k]);
		}
	}
	free_texts(old, nold);
}

int dd_mon_db_record(dd_mon_db_t *db, int64_t run_id, dd_mon_result_t *r, const char *json,
                     dd_mon_event_t **ev, size_t *nev)
{
	if (db == NULL || r == NULL || ev == NULL || nev == NULL) {
		return DD_EINVAL;
	}
	*ev = NULL;
	*nev = 0;
	char zone[DD_NAME_MAXLEN * 4];
	dd__name_text(r->zone, zone, sizeof(zone));
	rec_ctx_t c = { .db = db, .zone = zone, .at = r->at, .run = run_id };
	if (sqlite3_exec(db->db, "BEGIN IMMEDIATE;", NULL, NULL, NULL) != SQLITE_OK) {
		return dd__mon_db_io_err(db->db);
	}
	/* the previous state */
	bool known = false, prev_agree = true;
	char prev_state[16] = "";
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->db, "SELECT state, serials_agree, serial_min, serial_max FROM "
	                       "zones WHERE zone=?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, zone, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			known = true;
			const char *s = (const char *)sqlite3_column_text(st, 0);
			snprintf(prev_state, sizeof(prev_state), "%s", s ? s : "");
			prev_agree = sqlite3_column_type(st, 1) == SQLITE_NULL || sqlite3_column_int(st, 1) != 0;
		}
	} else {
		c.err = dd__mon_db_io_err(db->db);
	}
	sqlite3_finalize(st);

	if (c.err == DD_OK && r->reached) {
		diff_records(&c, "DNSKEY", r->dnskeys, r->ndnskeys, known);
		diff_records(&c, "DS", r->ds, r->nds_records, known);
		diff_records(&c, "CDS", r->cds, r->ncds, known);
		diff_records(&c, "SIGNER", r->signers, r->nsigners, known);
		if (c.err == DD_OK) {
			dd__mon_db_rollover(&c, r, known);
		}
		if (known && prev_agree && !r->serials_agree) {
			dd__mon_db_event(&c, "SERIAL_SKEW_STARTED", "servers serve SOA serials %u .. %u", r->serial_min,
			      r->serial_max);
		} else if (known && !prev_agree && r->serials_agree) {
			dd__mon_db_event(&c, "SERIAL_SKEW_ENDED", "every server serves SOA serial %u", r->serial_max);
		}
	}
	const char *state = dd_mon_state_name(r->state);
	if (c.err == DD_OK && known && strcmp(prev_state, state) != 0) {
		dd__mon_db_event(&c, "STATE_CHANGED", "%s -> %s: %s", prev_state, state, r->summary);
	}
	if (c.err == DD_OK) {
		diff_alerts(&c, r, known);
	}
	if (c.err == DD_OK) {
		sqlite3_stmt *up = NULL;
		if (sqlite3_prepare_v2(db->db, "INSERT INTO zones VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		                       " ON CONFLICT(zone) DO UPDATE SET run=excluded.run, "
		                       "checked=excluded.checked, state=excluded.state, "
		                       "status=excluded.status, summary=excluded.summary, "
		                       "earliest=excluded.earliest, serial_min=excluded.serial_min, "
		                       "serial_max=excluded.serial_max, serials_agree=excluded.serials_agree,"
		                       " ds_state=excluded.ds_state, cds_state=excluded.cds_state, "
		                       "result=excluded.result", -1, &up, NULL) != SQLITE_OK) {
			c.err = dd__mon_db_io_err(db->db);
		} else {
			sqlite3_bind_text(up, 1, zone, -1, SQLITE_STATIC);
			sqlite3_bind_int64(up, 2, run_id);
			sqlite3_bind_int64(up, 3, r->at);
			sqlite3_bind_text(up, 4, state, -1, SQLITE_STATIC);
			sqlite3_bind_text(up, 5, dd_status_name(r->status), -1, SQLITE_STATIC);
			sqlite3_bind_text(up, 6, r->summary, -1, SQLITE_STATIC);
			if (r->earliest) {
				sqlite3_bind_int64(up, 7, r->earliest);
			}
			sqlite3_bind_int64(up, 8, r->serial_min);
			sqlite3_bind_int64(up, 9, r->serial_max);
			sqlite3_bind_int(up, 10, r->serials_agree);
			sqlite3_bind_text(up, 11, r->ds_state, -1, SQLITE_STATIC);
			sqlite3_bind_text(up, 12, r->cds_state, -1, SQLITE_STATIC);
			if (json != NULL) {
				sqlite3_bind_text(up, 13, json, -1, SQLITE_STATIC);
			}
			if (sqlite3_step(up) != SQLITE_DONE) {
				c.err = dd__mon_db_io_err(db->db);
			}
		}
		sqlite3_finalize(up);
	}
	if (c.err == DD_OK && sqlite3_exec(db->db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK) {
		c.err = dd__mon_db_io_err(db->db);
	}
	if (c.err != DD_OK) {
		sqlite3_exec(db->db, "ROLLBACK;", NULL, NULL, NULL);
		free(c.ev);
		return c.err;
	}
	*ev = c.ev;
	*nev = c.nev;
	return DD_OK;
}

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0700) != 0 && errno != EEXIST) {
				*p = '/';
				return DD_EIO;
			}
			*p = '/';
		}
	}
	return mkdir(path, 0700) == 0 || errno == EEXIST ? DD_OK : DD_EIO;
}

int dd_mon_db_default_path(char *out, size_t outlen)
{
	if (out == NULL || outlen == 0) {
		return DD_EINVAL;
	}
	char dir[4096];
	const char *sd = getenv("STATE_DIRECTORY"), *xdg = getenv("XDG_STATE_HOME"),
	           *home = getenv("HOME");
	if (sd != NULL && sd[0] == '/') {
		/* systemd may give several, separated by ':'; the first is ours */
		snprintf(dir, sizeof(dir), "%.*s", (int)strcspn(sd, ":"), sd);
	} else if (xdg != NULL && xdg[0] == '/') {
		snprintf(dir, sizeof(dir), "%s/dnssec-doctor", xdg);
	} else if (home != NULL && home[0] == '/') {
		snprintf(dir, sizeof(dir), "%s/.local/state/dnssec-doctor", home);
	} else {
		return DD_ENOENT;
	}
	if (mkdirs(dir) != DD_OK) {
		return DD_EIO;
	}
	if ((size_t)snprintf(out, outlen, "%s/monitor.db", dir) >= outlen) {
		return DD_ERANGE;
	}
	return DD_OK;
}
