/* SPDX-License-Identifier: MIT
 * monitor.c - the monitor's outputs: JSON lines (jansson), a table for a person, a Monitoring
 * Plugins status line with performance data, and the Prometheus text exposition format. */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "html_int.h"
#include "core/fmt.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/report.h"
#include "dns/name_text.h"
#include "json_int.h"

#define MON_JSON_VERSION 1

/* ---- JSON lines --------------------------------------------------------------------------- */

static json_t *records_json(const dd_mon_record_t *r, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(a, json_string(r[i].text));
	}
	return a;
}

static json_t *seconds_left(int64_t t, int64_t at)
{
	return t == 0 ? json_null() : json_integer(t - at);
}

char *dd_mon_interrupted_json(const dd_mon_stats_t *st, size_t listed)
{
	if (st == NULL) {
		return NULL;
	}
	json_t *o = json_object(), *run = json_object();
	json_object_set_new(o, "version", json_integer(MON_JSON_VERSION));
	json_object_set_new(run, "interrupted", json_true());
	json_object_set_new(run, "zones_checked", json_integer((json_int_t)st->zones));
	json_object_set_new(run, "zones_listed", json_integer((json_int_t)listed));
	json_object_set_new(run, "queries", json_integer((json_int_t)st->queries));
	json_object_set_new(run, "duration_ms", json_integer((json_int_t)st->duration_ms));
	json_object_set_new(o, "run", run);
	char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

/* The rollover under way (docs/json.md, "monitor"): phase "none" with nulls when none. */
static json_t *rollover_json(const dd_mon_result_t *r)
{
	const dd_mon_rollover_t *ro = &r->rollover;
	bool on = ro->phase != DD_MON_ROLL_NONE;
	json_t *o = json_object();
	json_object_set_new(o, "phase", json_string(dd_mon_phase_name(ro->phase)));
	json_object_set_new(o, "text", on ? json_string(ro->text) : json_null());
	json_object_set_new(o, "old_key_tag", on && ro->old_tag ? json_integer(ro->old_tag) : json_null());
	json_object_set_new(o, "new_key_tag", on && ro->new_tag ? json_integer(ro->new_tag) : json_null());
	json_object_set_new(o, "since", on ? dd__jtime(ro->since) : json_null());
	json_object_set_new(o, "next_step", on && ro->next[0] ? json_string(ro->next) : json_null());
	json_object_set_new(o, "next_step_at", on ? dd__jtime(ro->next_at) : json_null());
	json_object_set_new(o, "seconds_to_next_step",
	                    on && ro->next_at ? json_integer(ro->next_at - r->at) : json_null());
	json_t *ttl = json_object();
	json_object_set_new(ttl, "ds", r->ttl_ds ? json_integer(r->ttl_ds) : json_null());
	json_object_set_new(ttl, "dnskey", r->ttl_dnskey ? json_integer(r->ttl_dnskey) : json_null());
	json_object_set_new(ttl, "data", r->ttl_data ? json_integer(r->ttl_data) : json_null());
	json_object_set_new(ttl, "negative", r->ttl_neg ? json_integer(r->ttl_neg) : json_null());
	json_object_set_new(o, "ttl", ttl);
	return o;
}

/* The rollover in one line for a person: "PHASE: TEXT; next: STEP, from TIME (in DUR)". */
static void rollover_line(FILE *out, const dd_mon_result_t *r)
{
	const dd_mon_rollover_t *ro = &r->rollover;
	fprintf(out, "%s: ", dd_mon_phase_name(ro->phase));
	for (const char *p = ro->text; *p; p++) {
		fputc(*p == '|' ? '/' : *p, out);  /* '|' would start Nagios performance data */
	}
	if (ro->next[0]) {
		fprintf(out, "; next: ");
		for (const char *p = ro->next; *p; p++) {
			fputc(*p == '|' ? '/' : *p, out);
		}
	}
	if (ro->next_at != 0) {
		char t[32], d[48];
		dd__time_text(ro->next_at, t);
		if (ro->next_at > r->at) {
			dd__duration_text(ro->next_at - r->at, d);
			fprintf(out, ", from %s (in %s)", t, d);
		} else {
			fprintf(out, ", allowed since %s", t);
		}
	}
}

char *dd_mon_result_json(const dd_mon_result_t *r, const dd_mon_event_t *ev, size_t nev)
{
	if (r == NULL) {
		return NULL;
	}
	json_t *o = json_object();
	json_object_set_new(o, "version", json_integer(MON_JSON_VERSION));
	json_object_set_new(o, "zone", dd__jname(r->zone));
	json_object_set_new(o, "checked", dd__jtime(r->at));
	json_object_set_new(o, "state", json_string(dd_mon_state_name(r->state)));
	json_object_set_new(o, "exit_code", json_integer(r->state));
	json_object_set_new(o, "summary", json_string(r->summary));
	json_object_set_new(o, "status", json_string(dd_status_name(r->status)));
	json_object_set_new(o, "reached", json_boolean(r->reached));
	json_object_set_new(o, "earliest_expiration", dd__jtime(r->earliest));
	json_object_set_new(o, "seconds_to_expiration", seconds_left(r->earliest, r->at));
	json_t *servers = json_array();
	for (size_t i = 0; i < r->nservers; i++) {
		const dd_mon_server_t *s = &r->servers[i];
		json_t *so = json_object();
		json_object_set_new(so, "address", json_string(s->addr));
		json_object_set_new(so, "name", dd__jname(s->ns_name));
		json_object_set_new(so, "answered", json_boolean(s->answered));
		json_object_set_new(so, "serial", s->serial ? json_integer(s->serial) : json_null());
		json_object_set_new(so, "earliest_expiration", dd__jtime(s->earliest));
		json_object_set_new(so, "seconds_to_expiration", seconds_left(s->earliest, r->at));
		json_t *sets = json_array();
		for (size_t k = 0; k < s->nrrsets; k++) {
			json_t *x = json_object();
			json_object_set_new(x, "owner", dd__jname(s->rrsets[k].owner));
			json_object_set_new(x, "type", dd__jtype(s->rrsets[k].type));
			json_object_set_new(x, "expiration", dd__jtime(s->rrsets[k].expires));
			json_object_set_new(x, "seconds_to_expiration", seconds_left(s->rrsets[k].expires, r->at));
			json_array_append_new(sets, x);
		}
		json_object_set_new(so, "rrsets", sets);
		json_array_append_new(servers, so);
	}
	json_object_set_new(o, "servers", servers);
	json_t *serial = json_object();
	json_object_set_new(serial, "agree", json_boolean(r->serials_agree));
	json_object_set_new(serial, "min", r->serial_min ? json_integer(r->serial_min) : json_null());
	json_object_set_new(serial, "max", r->serial_max ? json_integer(r->serial_max) : json_null());
	json_object_set_new(o, "serial", serial);
	json_t *ds = json_object();
	json_object_set_new(ds, "state", json_string(r->ds_state));
	json_object_set_new(ds, "records", records_json(r->ds, r->nds_records));
	json_object_set_new(ds, "matching", json_integer((json_int_t)r->nds_matching));
	json_object_set_new(o, "ds", ds);
	json_object_set_new(o, "dnskey", records_json(r->dnskeys, r->ndnskeys));
	json_t *cds = json_object();
	json_object_set_new(cds, "state", json_string(r->cds_state));
	json_object_set_new(cds, "records", records_json(r->cds, r->ncds));
	json_object_set_new(o, "cds", cds);
	json_object_set_new(o, "soa_expire", r->soa_expire ? json_integer(r->soa_expire) : json_null());
	json_object_set_new(o, "signatures_outlast_soa_expire", json_boolean(r->outlasts_expire));
	json_t *alerts = json_array();
	for (size_t i = 0; i < r->nalerts; i++) {
		json_array_append_new(alerts, json_string(r->alerts[i]));
	}
	json_object_set_new(o, "alerts", alerts);
	json_object_set_new(o, "rollover", r->rollover.judged ? rollover_json(r) : json_null());
	json_t *causes = json_array();
	for (size_t i = 0; i < r->ncauses; i++) {
		json_t *c = json_object();
		json_object_set_new(c, "code", json_string(r->causes[i].code));
		json_object_set_new(c, "severity", json_string(dd_severity_name(r->causes[i].severity)));
		json_object_set_new(c, "zone", json_string(r->causes[i].zone));
		json_object_set_new(c, "title", json_string(r->causes[i].title));
		json_array_append_new(causes, c);
	}
	json_object_set_new(o, "root_causes", causes);
	json_t *counts = json_array();
	for (size_t i = 0; i < r->ncounts; i++) {
		json_t *c = json_object();
		json_object_set_new(c, "code", json_string(r->counts[i].code));
		json_object_set_new(c, "severity", json_string(dd_severity_name(r->counts[i].severity)));
		json_object_set_new(c, "count", json_integer(r->counts[i].count));
		json_array_append_new(counts, c);
	}
	json_object_set_new(o, "findings", counts);
	json_t *events = json_array();
	for (size_t i = 0; i < nev; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "kind", json_string(ev[i].kind));
		json_object_set_new(e, "detail", json_string(ev[i].detail));
		json_array_append_new(events, e);
	}
	json_object_set_new(o, "events", events);
	json_object_set_new(o, "queries", json_integer((json_int_t)r->queries));
	json_object_set_new(o, "duration_ms", json_integer(r->duration_ms));
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

/* ---- ordering ----------------------------------------------------------------------------- */

static int state_rank(dd_mon_state_t s)
{
	switch (s) {
	case DD_MON_CRITICAL: return 0;
	case DD_MON_WARNING: return 1;
	case DD_MON_UNKNOWN: return 2;
	default: return 3;
	}
}

int dd__mon_worst_first(const void *a, const void *b)
{
	const dd_mon_result_t *x = *(dd_mon_result_t *const *)a, *y = *(dd_mon_result_t *const *)b;
	int d = state_rank(x->state) - state_rank(y->state);
	if (d != 0) {
		return d;
	}
	int64_t ex = x->earliest ? x->earliest : INT64_MAX, ey = y->earliest ? y->earliest : INT64_MAX;
	if (ex != ey) {
		return ex < ey ? -1 : 1;
	}
	return dd_name_canon_cmp(x->zone, y->zone);
}

static void counts_by_state(dd_mon_result_t *const *rs, size_t n, size_t c[4])
{
	memset(c, 0, 4 * sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		c[rs[i]->state & 3]++;
	}
}

/* ---- text --------------------------------------------------------------------------------- */

static const char *state_color(dd_mon_state_t s)
{
	switch (s) {
	case DD_MON_OK: return "\033[32m";
	case DD_MON_WARNING: return "\033[33m";
	case DD_MON_CRITICAL: return "\033[31;1m";
	default: return "\033[35m";
	}
}

int dd_report_mon_text(FILE *out, dd_mon_result_t **rs, size_t n, const dd_mon_event_t *ev,
                       size_t nev, const dd_mon_stats_t *st, bool color)
{
	if (out == NULL || (rs == NULL && n > 0)) {
		return DD_EINVAL;
	}
	if (n > 1) {  /* rs may be NULL when n is 0: qsort must not see it */
		qsort(rs, n, sizeof(*rs), dd__mon_worst_first);
	}
	size_t zw = 4;
	for (size_t i = 0; i < n; i++) {
		char z[DD_NAME_MAXLEN * 4];
		dd__name_text(rs[i]->zone, z, sizeof(z));
		if (strlen(z) > zw) {
			zw = strlen(z) > 40 ? 40 : strlen(z);
		}
	}
	fprintf(out, "%-8s  %-*s  %-13s  %-14s  %-7s  %-8s  %-15s  %s\n", "STATE", (int)zw, "ZONE",
	        "STATUS", "EXPIRES IN", "SERVERS", "DS", "CDS", "SUMMARY");
	for (size_t i = 0; i < n; i++) {
		const dd_mon_result_t *r = rs[i];
		char z[DD_NAME_MAXLEN * 4], left[48] = "-", srv[16];
		dd__name_text(r->zone, z, sizeof(z));
		if (r->earliest > r->at) {
			dd__duration_text(r->earliest - r->at, left);
		} else if (r->earliest != 0) {
			snprintf(left, sizeof(left), "expired");
		}
		size_t ans = 0;
		for (size_t k = 0; k < r->nservers; k++) {
			ans += r->servers[k].answered;
		}
		snprintf(srv, sizeof(srv), "%zu/%zu", ans, r->nservers);
		fprintf(out, "%s%-8s%s  %-*s  %-13s  %-14s  %-7s  %-8s  %-15s  %s\n",
		        color ? state_color(r->state) : "", dd_mon_state_name(r->state),
		        color ? "\033[0m" : "", (int)zw, z, dd_status_name(r->status), left, srv,
		        r->ds_state, r->cds_state, r->summary);
	}
	bool rolls = false;
	for (size_t i = 0; i < n; i++) {
		if (rs[i]->rollover.phase == DD_MON_ROLL_NONE) {
			continue;
		}
		if (!rolls) {
			fprintf(out, "\nRollovers under way:\n");
			rolls = true;
		}
		char z[DD_NAME_MAXLEN * 4];
		dd__name_text(rs[i]->zone, z, sizeof(z));
		fprintf(out, "  %s ", z);
		rollover_line(out, rs[i]);
		fputc('\n', out);
	}
	if (nev > 0) {
		fprintf(out, "\nEvents since the previous run:\n");
		for (size_t i = 0; i < nev; i++) {
			fprintf(out, "  %-20s %s\n", ev[i].kind, ev[i].detail);
		}
	}
	size_t c[4];
	counts_by_state(rs, n, c);
	fprintf(out, "\n%zu zones: %zu critical, %zu warning, %zu unknown, %zu ok", n,
	        c[DD_MON_CRITICAL], c[DD_MON_WARNING], c[DD_MON_UNKNOWN], c[DD_MON_OK]);
	if (st != NULL) {
		fprintf(out, "; %zu queries sent, %zu answered from the shared cache, %.1f s",
		        st->queries, st->cache_hits, st->duration_ms / 1000.0);
	}
	fprintf(out, "\n");
	return ferror(out) ? DD_EIO : DD_OK;
}

/* ---- Nagios ------------------------------------------------------------------------------- */

/* A perfdata label: quoted, with ' doubled (Monitoring Plugins guidelines). */
static void perf_label(FILE *out, const char *zone, const char *suffix)
{
	fputc('\'', out);
	for (const char *p = zone; *p; p++) {
		if (*p == '\'') {
			fputc('\'', out);
		}
		fputc(*p == '=' ? '_' : *p, out);
	}
	fprintf(out, "%s'", suffix);
}

int dd_report_mon_nagios(FILE *out, dd_mon_result_t **rs, size_t n, const char *incomplete,
                         const dd_mon_thresholds_t *th, dd_mon_state_t *state)
{
	if (out == NULL || th == NULL || state == NULL || (rs == NULL && n > 0)) {
		return DD_EINVAL;
	}
	if (n > 1) {  /* rs may be NULL when n is 0: qsort must not see it */
		qsort(rs, n, sizeof(*rs), dd__mon_worst_first);
	}
	dd_mon_state_t worst = DD_MON_OK;
	for (size_t i = 0; i < n; i++) {
		worst = dd_mon_state_worst(worst, rs[i]->state);
	}
	if (n == 0 || incomplete != NULL) {
		worst = DD_MON_UNKNOWN;
	}
	size_t c[4];
	counts_by_state(rs, n, c);
	fprintf(out, "DNSSEC %s - ", dd_mon_state_name(worst));
	if (incomplete != NULL) {
		fprintf(out, "%s%s", incomplete, n > 0 ? "; " : "");
	}
	if (n == 0) {
		if (incomplete == NULL) {
			fprintf(out, "no zones to check");
		}
	} else if (n == 1) {
		char z[DD_NAME_MAXLEN * 4];
		dd__name_text(rs[0]->zone, z, sizeof(z));
		fprintf(out, "%s %s", z, rs[0]->summary);
	} else {
		fprintf(out, "%zu zones: %zu critical, %zu warning, %zu unknown, %zu ok", n,
		        c[DD_MON_CRITICAL], c[DD_MON_WARNING], c[DD_MON_UNKNOWN], c[DD_MON_OK]);
		if (worst != DD_MON_OK) {
			char z[DD_NAME_MAXLEN * 4];
			dd__name_text(rs[0]->zone, z, sizeof(z));
			fprintf(out, "; worst %s: %s", z, rs[0]->summary);
		}
	}
	fprintf(out, " |");
	/* performance data in seconds, thresholds in the guidelines' range syntax */
	dd_mon_range_t wrange = dd_mon_threshold_range(th, false);
	dd_mon_range_t crange = dd_mon_threshold_range(th, true);
	char wr[48], cr[48];
	dd_mon_range_text(&wrange, wr, sizeof(wr));
	dd_mon_range_text(&crange, cr, sizeof(cr));
	for (size_t i = 0; i < n; i++) {
		const dd_mon_result_t *r = rs[i];
		char z[DD_NAME_MAXLEN * 4];
		dd__name_text(r->zone, z, sizeof(z));
		fputc(' ', out);
		perf_label(out, z, "_expiry");
		if (r->earliest != 0) {
			fprintf(out, "=%llds;%s;%s", (long long)(r->earliest - r->at), wr, cr);
		} else {
			fprintf(out, "=U;%s;%s", wr, cr);
		}
		size_t ans = 0;
		for (size_t k = 0; k < r->nservers; k++) {
			ans += r->servers[k].answered;
		}
		fputc(' ', out);
		perf_label(out, z, "_servers");
		fprintf(out, "=%zu;;;0;%zu", ans, r->nservers);
		if (r->rollover.phase != DD_MON_ROLL_NONE && r->rollover.next_at != 0) {
			fputc(' ', out);
			perf_label(out, z, "_rollover_next_step");
			fprintf(out, "=%llds", (long long)(r->rollover.next_at - r->at));
		}
	}
	fputc('\n', out);
	for (size_t i = 0; i < n && rs[i]->state != DD_MON_OK; i++) {
		char z[DD_NAME_MAXLEN * 4];
		dd__name_text(rs[i]->zone, z, sizeof(z));
		/* '|' would start performance data in the long output */
		fprintf(out, "%s %s: ", dd_mon_state_name(rs[i]->state), z);
		for (const char *p = rs[i]->summary; *p; p++) {
			fputc(*p == '|' ? '/' : *p, out);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < n; i++) {
		if (rs[i]->rollover.phase == DD_MON_ROLL_NONE) {
			continue;
		}
		char z[DD_NAME_MAXLEN * 4];
		dd__name_text(rs[i]->zone, z, sizeof(z));
		fprintf(out, "ROLLOVER %s ", z);
		rollover_line(out, rs[i]);
		fputc('\n', out);
	}
	*state = worst;
	return ferror(out) ? DD_EIO : DD_OK;
}

/* ---- Prometheus --------------------------------------------------------------------------- */

/* A label value: backslash, double quote and newline escaped (exposition format 0.0.4). */
static void label_value(FILE *out, const char *v)
{
	for (const char *p = v; *p; p++) {
		if (*p == '\\' || *p == '"') {
			fputc('\\', out);
			fputc(*p, out);
		} else if (*p == '\n') {
			fputs("\\n", out);
		} else {
			fputc(*p, out);
		}
	}
}

static void head(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void zone_label(FILE *out, const char *name, const dd_mon_result_t *r)
{
	char z[DD_NAME_MAXLEN * 4];
	dd__name_text(r->zone, z, sizeof(z));
	fprintf(out, "%s{zone=\"", name);
	label_value(out, z);
	fputc('"', out);
}

/* Per-zone gauges: a value per zone, or none (has == false). */
typedef long long (*zone_value_fn)(const dd_mon_result_t *r, bool *has);

static long long v_state(const dd_mon_result_t *r, bool *has)
{
	(void)has;
	return r->state;
}

static long long v_expiry(const dd_mon_result_t *r, bool *has)
{
	*has = r->earliest != 0;
	return (long long)(r->earliest - r->at);
}

static long long v_expiry_at(const dd_mon_result_t *r, bool *has)
{
	*has = r->earliest != 0;
	return (long long)r->earliest;
}

static long long v_agree(const dd_mon_result_t *r, bool *has)
{
	(void)has;
	return r->serials_agree;
}

static long long v_ds_match(const dd_mon_result_t *r, bool *has)
{
	(void)has;
	return strcmp(r->ds_state, "match") == 0;
}

static long long v_ds(const dd_mon_result_t *r, bool *has)
{
	(void)has;
	return (long long)r->nds;
}

static long long v_ds_matching(const dd_mon_result_t *r, bool *has)
{
	(void)has;
	return (long long)r->nds_matching;
}

static long long v_checked(const dd_mon_result_t *r, bool *has)
{
	(void)has;
	return (long long)r->at;
}

typedef struct zone_gauge {
	const char *name, *help;
	zone_value_fn value;
} zone_gauge_t;

/* in output order; the status, per-server and findings families go between them */
static const zone_gauge_t ZONE_GAUGES[] = {
	{ "dnssec_doctor_zone_state",
	  "Monitoring Plugins state of the zone: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.", v_state },
	{ "dnssec_doctor_zone_signature_expiry_seconds",
	  "Seconds until the earliest watched RRSIG of the zone expires (negative: expired).",
	  v_expiry },
	{ "dnssec_doctor_zone_signature_expiry_timestamp_seconds",
	  "When the earliest watched RRSIG of the zone expires, seconds since the epoch (alert on "
	  "this minus time(): it does not freeze between runs).", v_expiry_at },
	{ "dnssec_doctor_zone_serials_agree",
	  "1 if every server that answered serves the same SOA serial.", v_agree },
	{ "dnssec_doctor_zone_ds_match",
	  "1 if every DS record at the parent matches a DNSKEY of the zone (0 also with no DS).",
	  v_ds_match },
	{ "dnssec_doctor_zone_ds_records", "DS records at the parent.", v_ds },
	{ "dnssec_doctor_zone_ds_matching_records",
	  "DS records at the parent that match a DNSKEY of the zone.", v_ds_matching },
	{ "dnssec_doctor_zone_last_check_timestamp_seconds",
	  "When the zone was last checked, seconds since the epoch.", v_checked },
};

/* Per-server gauges: a value per server address, or none. */
typedef long long (*server_value_fn)(const dd_mon_result_t *r, const dd_mon_server_t *s, bool *has);

static long long s_expiry(const dd_mon_result_t *r, const dd_mon_server_t *s, bool *has)
{
	*has = s->earliest != 0;
	return (long long)(s->earliest - r->at);
}

static long long s_expiry_at(const dd_mon_result_t *r, const dd_mon_server_t *s, bool *has)
{
	(void)r;
	*has = s->earliest != 0;
	return (long long)s->earliest;
}

static long long s_up(const dd_mon_result_t *r, const dd_mon_server_t *s, bool *has)
{
	(void)r;
	(void)has;
	return s->answered;
}

static long long s_serial(const dd_mon_result_t *r, const dd_mon_server_t *s, bool *has)
{
	(void)r;
	*has = s->serial != 0;
	return s->serial;
}

static const struct {
	const char *name, *help;
	server_value_fn value;
	bool ns;   /* label the server's name too */
} SERVER_GAUGES[] = {
	{ "dnssec_doctor_server_signature_expiry_seconds",
	  "Seconds until the earliest watched RRSIG served by this server expires.", s_expiry, true },
	{ "dnssec_doctor_server_signature_expiry_timestamp_seconds",
	  "When the earliest watched RRSIG served by this server expires, seconds since the epoch.",
	  s_expiry_at, true },
	{ "dnssec_doctor_server_up", "1 if the server gave authoritative answers for the zone.",
	  s_up, false },
	{ "dnssec_doctor_server_soa_serial", "SOA serial served by this server.", s_serial, false },
};

static void zone_family(FILE *out, const zone_gauge_t *g, dd_mon_result_t *const *rs, size_t n)
{
	head(out, g->name, "gauge", g->help);
	for (size_t i = 0; i < n; i++) {
		bool has = true;
		long long v = g->value(rs[i], &has);
		if (has) {
			zone_label(out, g->name, rs[i]);
			fprintf(out, "} %lld\n", v);
		}
	}
}

static void server_families(FILE *out, dd_mon_result_t *const *rs, size_t n)
{
	for (size_t g = 0; g < sizeof(SERVER_GAUGES) / sizeof(SERVER_GAUGES[0]); g++) {
		head(out, SERVER_GAUGES[g].name, "gauge", SERVER_GAUGES[g].help);
		for (size_t i = 0; i < n; i++) {
			for (size_t k = 0; k < rs[i]->nservers; k++) {
				const dd_mon_server_t *s = &rs[i]->servers[k];
				bool has = true;
				long long v = SERVER_GAUGES[g].value(rs[i], s, &has);
				if (!has) {
					continue;
				}
				zone_label(out, SERVER_GAUGES[g].name, rs[i]);
				fprintf(out, ",server=\"");
				label_value(out, s->addr);
				if (SERVER_GAUGES[g].ns) {
					char ns[DD_NAME_MAXLEN * 4];
					dd__name_text(s->ns_name, ns, sizeof(ns));
					fprintf(out, "\",ns=\"");
					label_value(out, ns);
				}
				fprintf(out, "\"} %lld\n", v);
			}
		}
	}
}

/* The rollover under way: its phase per zone ("none" too), and when its next step is allowed
 * for a zone in a phase with one. */
static void rollover_families(FILE *out, dd_mon_result_t *const *rs, size_t n)
{
	head(out, "dnssec_doctor_zone_rollover_phase", "gauge",
	     "1 for the phase of the key rollover under way (phase=\"none\" when none; absent "
	     "without a state database or when the zone's servers did not answer).");
	for (size_t i = 0; i < n; i++) {
		if (!rs[i]->rollover.judged) {
			continue;  /* no history read: no phase known */
		}
		zone_label(out, "dnssec_doctor_zone_rollover_phase", rs[i]);
		fprintf(out, ",phase=\"%s\"} 1\n", dd_mon_phase_name(rs[i]->rollover.phase));
	}
	head(out, "dnssec_doctor_zone_rollover_next_step_timestamp_seconds", "gauge",
	     "When the next step of the rollover under way is allowed (RFC 7583), seconds since the "
	     "epoch; absent when no roll is under way.");
	for (size_t i = 0; i < n; i++) {
		const dd_mon_rollover_t *ro = &rs[i]->rollover;
		if (ro->phase == DD_MON_ROLL_NONE || ro->next_at == 0) {
			continue;
		}
		zone_label(out, "dnssec_doctor_zone_rollover_next_step_timestamp_seconds", rs[i]);
		fprintf(out, ",phase=\"%s\"} %lld\n", dd_mon_phase_name(ro->phase),
		        (long long)ro->next_at);
	}
}

int dd_report_mon_prometheus(FILE *out, dd_mon_result_t *const *rs, size_t n,
                             const dd_mon_stats_t *st)
{
	if (out == NULL || (rs == NULL && n > 0)) {
		return DD_EINVAL;
	}
	zone_family(out, &ZONE_GAUGES[0], rs, n);
	head(out, "dnssec_doctor_zone_dnssec_status", "gauge",
	     "RFC 4035 security status of the zone: 1 for the status it has.");
	for (size_t i = 0; i < n; i++) {
		for (int s = DD_STATUS_SECURE; s <= DD_STATUS_BOGUS; s++) {
			zone_label(out, "dnssec_doctor_zone_dnssec_status", rs[i]);
			fprintf(out, ",status=\"%s\"} %d\n", dd_status_name((dd_status_t)s),
			        rs[i]->status == (dd_status_t)s);
		}
	}
	zone_family(out, &ZONE_GAUGES[1], rs, n);
	zone_family(out, &ZONE_GAUGES[2], rs, n);
	server_families(out, rs, n);
	for (size_t g = 3; g < 7; g++) {
		zone_family(out, &ZONE_GAUGES[g], rs, n);
	}
	head(out, "dnssec_doctor_zone_findings", "gauge",
	     "Findings of the last check of the zone, by code and severity.");
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < rs[i]->ncounts; k++) {
			zone_label(out, "dnssec_doctor_zone_findings", rs[i]);
			fprintf(out, ",code=\"%s\",severity=\"%s\"} %u\n", rs[i]->counts[k].code,
			        dd_severity_name(rs[i]->counts[k].severity), rs[i]->counts[k].count);
		}
	}
	zone_family(out, &ZONE_GAUGES[7], rs, n);
	rollover_families(out, rs, n);
	if (st != NULL) {
		head(out, "dnssec_doctor_run_duration_seconds", "gauge", "Wall time of the last run.");
		fprintf(out, "dnssec_doctor_run_duration_seconds %.3f\n", st->duration_ms / 1000.0);
		head(out, "dnssec_doctor_run_zones", "gauge", "Zones checked by the last run.");
		fprintf(out, "dnssec_doctor_run_zones %zu\n", st->zones);
		head(out, "dnssec_doctor_run_queries", "gauge", "Queries sent to servers by the last run.");
		fprintf(out, "dnssec_doctor_run_queries %zu\n", st->queries);
		head(out, "dnssec_doctor_run_cache_hits", "gauge",
		     "Queries of the last run answered from the shared parent cache instead.");
		fprintf(out, "dnssec_doctor_run_cache_hits %zu\n", st->cache_hits);
		head(out, "dnssec_doctor_run_verifications", "gauge",
		     "Signature verifications computed by the last run.");
		fprintf(out, "dnssec_doctor_run_verifications %zu\n", st->verifications);
		head(out, "dnssec_doctor_run_verifications_reused", "gauge",
		     "Signature verdicts of the last run reused from an earlier zone (the shared parents).");
		fprintf(out, "dnssec_doctor_run_verifications_reused %zu\n", st->verify_memo_hits);
	}
	return ferror(out) ? DD_EIO : DD_OK;
}
