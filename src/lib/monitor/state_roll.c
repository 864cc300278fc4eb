/* SPDX-License-Identifier: MIT
 * state_roll.c - rollover tracking in the state database: reads a zone's DNSKEY, DS and signer
 * history and the TTLs of its previous check, hands them to the classifier (rollover.c), and
 * records what it finds: the phase in the result and the rollover table, ROLLOVER_PHASE when
 * the phase changes, ROLLOVER_STEP_PREMATURE for a step made too early. Runs inside
 * dd_mon_db_record()'s transaction. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/fmt.h"
#include "dd/error.h"
#include "monitor/rollover.h"
#include "state_int.h"

/* The zone's records of the three kinds, present or removed since @p since. */
static dd__mon_hist_t *load(rec_ctx_t *c, int64_t since, size_t *n)
{
	*n = 0;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db->db, "SELECT kind, rdata, key_tag, first_seen, last_seen, "
	                       "removed FROM records WHERE zone=? AND kind IN ('DNSKEY', 'DS', "
	                       "'SIGNER') AND (removed IS NULL OR removed >= ?)", -1, &st,
	                       NULL) != SQLITE_OK) {
		c->err = dd__mon_db_io_err(c->db->db);
		return NULL;
	}
	sqlite3_bind_text(st, 1, c->zone, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	dd__mon_hist_t *h = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dd__mon_hist_t *nh = realloc(h, (*n + 1) * sizeof(*nh));
		if (nh == NULL) {
			c->err = DD_ENOMEM;
			break;
		}
		h = nh;
		dd__mon_hist_t *e = &h[(*n)++];
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *t = (const char *)sqlite3_column_text(st, 1);
		snprintf(e->kind, sizeof(e->kind), "%s", k ? k : "");
		snprintf(e->text, sizeof(e->text), "%s", t ? t : "");
		e->key_tag = (uint16_t)sqlite3_column_int(st, 2);
		e->first_seen = sqlite3_column_int64(st, 3);
		e->last_seen = sqlite3_column_int64(st, 4);
		e->removed = sqlite3_column_type(st, 5) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 5);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW && c->err == DD_OK) {
		c->err = dd__mon_db_io_err(c->db->db);
	}
	sqlite3_finalize(st);
	return h;
}

/* The previous check's phase and TTLs (none: "none" and zeros). */
static void previous(rec_ctx_t *c, char phase[40], dd__mon_ttls_t *ttl)
{
	snprintf(phase, 40, "none");
	memset(ttl, 0, sizeof(*ttl));
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db->db, "SELECT phase, ttl_ds, ttl_dnskey, ttl_data, ttl_neg FROM "
	                       "rollover WHERE zone=?", -1, &st, NULL) != SQLITE_OK) {
		c->err = dd__mon_db_io_err(c->db->db);
		return;
	}
	sqlite3_bind_text(st, 1, c->zone, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		snprintf(phase, 40, "%s", p ? p : "none");
		ttl->ds = (uint32_t)sqlite3_column_int64(st, 1);
		ttl->dnskey = (uint32_t)sqlite3_column_int64(st, 2);
		ttl->data = (uint32_t)sqlite3_column_int64(st, 3);
		ttl->neg = (uint32_t)sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
}

void dd__mon_db_rollover(rec_ctx_t *c, dd_mon_result_t *r, bool known)
{
	char prev_phase[40];
	dd__mon_roll_in_t in = { .now = c->at, .known = known, .dprp = c->db->dprp,
		                 .cur = { r->ttl_ds, r->ttl_dnskey, r->ttl_data, r->ttl_neg } };
	previous(c, prev_phase, &in.prev);
	if (c->err != DD_OK) {
		return;
	}
	dd__mon_hist_t *h = load(c, c->at - dd__mon_rollover_window(&in) - 1, &in.n);
	in.h = h;
	if (c->err != DD_OK) {
		free(h);
		return;
	}
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t npre = 0;
	dd__mon_rollover(&in, &r->rollover, pre, &npre);
	free(h);
	const dd_mon_rollover_t *ro = &r->rollover;
	const char *name = dd_mon_phase_name(ro->phase);
	if (known && strcmp(prev_phase, name) != 0) {
		char at[32] = "";
		if (ro->next_at != 0) {
			dd__time_text(ro->next_at, at);
		}
		dd__mon_db_event(c, "ROLLOVER_PHASE", "%s -> %s: %s%s%s%s%s", prev_phase, name, ro->text,
		                 ro->next[0] ? "; next: " : "", ro->next, at[0] ? ", allowed from " : "",
		                 at);
	}
	for (size_t i = 0; i < npre && c->err == DD_OK; i++) {
		dd__mon_db_event(c, "ROLLOVER_STEP_PREMATURE", "%s", pre[i].detail);
	}
	if (c->err == DD_OK) {
		dd__mon_db_exec(c, "INSERT INTO rollover VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(zone) "
		                "DO UPDATE SET checked=excluded.checked, phase=excluded.phase, "
		                "since=excluded.since, next_at=excluded.next_at, ttl_ds=excluded.ttl_ds, "
		                "ttl_dnskey=excluded.ttl_dnskey, ttl_data=excluded.ttl_data, "
		                "ttl_neg=excluded.ttl_neg", "titiiiiii", c->zone, c->at, name, ro->since,
		                ro->next_at, (int64_t)r->ttl_ds, (int64_t)r->ttl_dnskey,
		                (int64_t)r->ttl_data, (int64_t)r->ttl_neg);
	}
}
