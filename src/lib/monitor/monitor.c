/* SPDX-License-Identifier: MIT
 * monitor.c - one zone's evidence, analysis and diagnosis condensed into a monitor result
 * (time left per RRset and server, serials, DS and CDS state, state against thresholds), and
 * the concurrent run over a zone list with the shared cache and budget. */

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "dd/error.h"
#include "dd/monitor.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "dd/verify.h"
#include "dd/key.h"
#include "core/fmt.h"
#include "dns/name_text.h"
#include "monitor/served.h"
#include "validate/validate.h"


static void alert(dd_mon_result_t *r, const char *key);

const char *dd_mon_state_name(dd_mon_state_t st)
{
	switch (st) {
	case DD_MON_OK: return "OK";
	case DD_MON_WARNING: return "WARNING";
	case DD_MON_CRITICAL: return "CRITICAL";
	default: return "UNKNOWN";
	}
}

dd_mon_state_t dd_mon_state_worst(dd_mon_state_t a, dd_mon_state_t b)
{
	static const int rank[] = { [DD_MON_OK] = 0, [DD_MON_UNKNOWN] = 1, [DD_MON_WARNING] = 2,
		                    [DD_MON_CRITICAL] = 3 };
	return rank[a & 3] >= rank[b & 3] ? a : b;
}

void dd_mon_result_free(dd_mon_result_t *r)
{
	if (r == NULL) {
		return;
	}
	for (size_t i = 0; i < r->nservers; i++) {
		free(r->servers[i].rrsets);
	}
	free(r->servers);
	free(r->dnskeys);
	free(r->ds);
	free(r->cds);
	free(r->signers);
	free(r->causes);
	free(r->counts);
	free(r->report);
	free(r);
}

void dd_mon_result_slim(dd_mon_result_t *r)
{
	if (r == NULL) {
		return;
	}
	for (size_t i = 0; i < r->nservers; i++) {
		free(r->servers[i].rrsets);
		r->servers[i].rrsets = NULL;
		r->servers[i].nrrsets = 0;
	}
	free(r->dnskeys);
	free(r->ds);
	free(r->cds);
	free(r->signers);
	r->dnskeys = r->ds = r->cds = r->signers = NULL;
	r->ndnskeys = r->nds_records = r->ncds = r->nsigners = 0;
}

int dd_mon_unknown(const dd_mon_zone_t *zone, int64_t at, const char *why, dd_mon_result_t **out)
{
	if (zone == NULL || out == NULL) {
		return DD_EINVAL;
	}
	dd_mon_result_t *r = calloc(1, sizeof(*r));
	if (r == NULL) {
		return DD_ENOMEM;
	}
	memcpy(r->zone, zone->name, dd_name_len(zone->name));
	r->at = at;
	r->state = DD_MON_UNKNOWN;
	r->status = DD_STATUS_INDETERMINATE;
	r->serials_agree = true;
	r->ds_state = "none";
	r->cds_state = "none";
	r->outlasts_expire = true;
	snprintf(r->summary, sizeof(r->summary), "not checked: %s", why ? why : "unknown error");
	alert(r, "UNKNOWN");
	*out = r;
	return DD_OK;
}

/* ---- assessment --------------------------------------------------------------------------- */

static const dd_zone_result_t *zone_result(const dd_analysis_t *an, const uint8_t *name)
{
	for (size_t i = 0; an != NULL && i < an->nzones; i++) {
		if (dd_name_equal(an->zones[i].name, name)) {
			return &an->zones[i];
		}
	}
	return NULL;
}

static int fill_causes(dd_mon_result_t *r, const dd_analysis_t *an, const dd_diagnosis_t *dg)
{
	if (dg != NULL && dg->ncauses > 0) {
		r->causes = calloc(dg->ncauses, sizeof(*r->causes));
		if (r->causes == NULL) {
			return DD_ENOMEM;
		}
		for (size_t i = 0; i < dg->ncauses; i++) {
			const dd_root_cause_t *c = &dg->causes[i];
			dd_mon_cause_t *o = &r->causes[r->ncauses++];
			o->id = c->id;
			o->code = c->code;
			o->severity = c->severity;
			dd__name_text(c->zone, o->zone, sizeof(o->zone));
			const char *detail = c->nfindings > 0 && c->findings[0] < an->nfindings
			                     ? an->findings[c->findings[0]].detail : "";
			snprintf(o->title, sizeof(o->title), "%s%s%s", c->title, detail[0] ? ": " : "", detail);
		}
	}
	for (size_t i = 0; an != NULL && i < an->nfindings; i++) {
		const dd_finding_t *f = &an->findings[i];
		size_t k = 0;
		while (k < r->ncounts && !(r->counts[k].id == f->id &&
		                           r->counts[k].severity == f->severity)) {
			k++;
		}
		if (k == r->ncounts) {
			dd_mon_count_t *n = realloc(r->counts, (r->ncounts + 1) * sizeof(*n));
			if (n == NULL) {
				return DD_ENOMEM;
			}
			r->counts = n;
			n[r->ncounts++] = (dd_mon_count_t){ .id = f->id, .code = f->code,
			                                    .severity = f->severity };
		}
		r->counts[k].count++;
	}
	return DD_OK;
}

/* DS state from the analysis's view of the parent's DS RRset. */
static void ds_state(dd_mon_result_t *r, const dd_zone_result_t *zr)
{
	r->nds = zr->nds;
	for (size_t i = 0; i < zr->nds; i++) {
		if (zr->ds[i].state == DD_DS_STATE_MATCHES) {
			r->nds_matching++;
		}
		dd_mon_record_t *n = realloc(r->ds, (r->nds_records + 1) * sizeof(*n));
		if (n == NULL) {
			continue;
		}
		r->ds = n;
		snprintf(n[r->nds_records].text, sizeof(n[0].text), "%u %u %u %s", zr->ds[i].key_tag,
		         zr->ds[i].algorithm, zr->ds[i].digest_type, zr->ds[i].digest);
		for (char *p = n[r->nds_records].text; *p; p++) {
			*p = (*p >= 'a' && *p <= 'f') ? (char)(*p - 32) : *p;
		}
		n[r->nds_records++].key_tag = zr->ds[i].key_tag;
	}
	r->ds_state = zr->nds == 0 ? "none" : r->nds_matching == 0 ? "mismatch"
	              : r->nds_matching < zr->nds ? "partial" : "match";
}

/* CDS state: none, delete (RFC 8078 4), matches the DS at the parent, differs (a rollover the
 * parent has not followed yet), or inconsistent between servers. */
/* Whether @p seen holds an RFC 8078 delete record: the validation core's one predicate. */
static bool has_delete(const dd_rrset_seen_t *seen, uint16_t type)
{
	for (size_t i = 0; i < seen->n; i++) {
		if (dd__cds_is_delete(type, seen->rdata[i].data, seen->rdata[i].len)) {
			return true;
		}
	}
	return false;
}

static void cds_state(dd_mon_result_t *r, bool servers_differ, bool del)
{
	if (r->ncds == 0 && !del) {
		r->cds_state = "none";
		return;
	}
	if (servers_differ) {
		r->cds_state = "inconsistent";
		return;
	}
	if (del) {
		r->cds_state = "delete";
		return;
	}
	bool same = r->ncds == r->nds_records;
	for (size_t i = 0; same && i < r->ncds; i++) {
		same = dd__mon_rec_has(r->ds, r->nds_records, r->cds[i].text);
	}
	r->cds_state = same ? "matches DS" : "differs from DS";
}

__attribute__((format(printf, 3, 4)))
static void set_state(dd_mon_result_t *r, dd_mon_state_t st, const char *fmt, ...)
{
	if (dd_mon_state_worst(r->state, st) != r->state || (r->state == st && r->summary[0] == '\0')) {
		r->state = st;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->summary, sizeof(r->summary), fmt, ap);
		va_end(ap);
	}
}

static void alert(dd_mon_result_t *r, const char *key)
{
	for (size_t i = 0; i < r->nalerts; i++) {
		if (strcmp(r->alerts[i], key) == 0) {
			return;
		}
	}
	if (r->nalerts < sizeof(r->alerts) / sizeof(r->alerts[0])) {
		snprintf(r->alerts[r->nalerts++], sizeof(r->alerts[0]), "%s", key);
	}
}

/* "within 3 days" for a plain "N:" range, else "range 10:20" in the guidelines' syntax. */
static void range_words(const dd_mon_range_t *r, char out[64])
{
	if (!r->inside && !r->start_inf && r->end_inf) {
		char d[48];
		dd__duration_text(r->start, d);
		snprintf(out, 64, "within %s", d);
	} else {
		char x[40];
		dd_mon_range_text(r, x, sizeof(x));
		snprintf(out, 64, "%s range %s s", r->inside ? "inside" : "outside", x);
	}
}

/* The earliest watched signature: which RRset, at which server. An expired one is CRITICAL
 * whatever the thresholds ("expired 2 hours ago"); one still valid is judged by -c, then -w,
 * over the seconds left. @p t and @p d: the expiry time and the time left (or since), as text. */
static void expiry_state(dd_mon_result_t *r, const dd_mon_thresholds_t *th, const char *t,
                         const char *d)
{
	const dd_mon_server_t *sv = NULL;
	const dd_mon_rrset_t *rs = NULL;
	for (size_t i = 0; i < r->nservers; i++) {
		for (size_t k = 0; k < r->servers[i].nrrsets; k++) {
			const dd_mon_rrset_t *x = &r->servers[i].rrsets[k];
			if (x->expires > 0 && (rs == NULL || x->expires < rs->expires)) {
				rs = x;
				sv = &r->servers[i];
			}
		}
	}
	char what[DD_NAME_MAXLEN * 8 + 160] = "a signature";
	if (rs != NULL) {
		char o[DD_NAME_MAXLEN * 4], ty[24], ns[DD_NAME_MAXLEN * 4];
		dd__name_text(rs->owner, o, sizeof(o));
		dd__type_text(rs->type, ty);
		dd__name_text(sv->ns_name, ns, sizeof(ns));
		snprintf(what, sizeof(what), "the signature of %s/%s served by %s%s%s%s", o, ty,
		         sv->ns_name[0] ? ns : "", sv->ns_name[0] ? " (" : "", sv->addr,
		         sv->ns_name[0] ? ")" : "");
	}
	int64_t left = r->earliest - r->at;
	dd_mon_range_t crit = dd_mon_threshold_range(th, true);
	dd_mon_range_t warn = dd_mon_threshold_range(th, false);
	char lim[64];
	if (left <= 0) {
		set_state(r, DD_MON_CRITICAL, "%s expired %s ago, at %s", what, d, t);
	} else if (dd_mon_range_alerts(&crit, left)) {
		range_words(&crit, lim);
		set_state(r, DD_MON_CRITICAL, "%s expires in %s, at %s (critical: %s)", what, d, t, lim);
	} else if (dd_mon_range_alerts(&warn, left)) {
		range_words(&warn, lim);
		set_state(r, DD_MON_WARNING, "%s expires in %s, at %s (warning: %s)", what, d, t, lim);
	} else {
		return;
	}
	alert(r, "RRSIG_EXPIRY");
}

static void judge(dd_mon_result_t *r, const dd_mon_thresholds_t *th, const dd_analysis_t *an)
{
	char t[32] = "", d[48] = "";
	r->state = DD_MON_OK;
	r->summary[0] = '\0';
	if (r->earliest > 0) {
		dd__time_text(r->earliest, t);
		dd__duration_text(r->earliest - r->at, d);
	}
	for (size_t i = 0; i < r->ncauses; i++) {
		const dd_mon_cause_t *c = &r->causes[i];
		if (c->id == DD_CODE_RRSIG_EXPIRING || c->severity == DD_SEV_NOTICE) {
			continue;
		}
		set_state(r, c->severity == DD_SEV_ERROR ? DD_MON_CRITICAL : DD_MON_WARNING, "%s: %s",
		          c->code, c->title);
		alert(r, c->code);
	}
	if (r->status == DD_STATUS_BOGUS) {
		set_state(r, DD_MON_CRITICAL, "bogus: %s", an ? an->target_reason : "");
	}
	if (r->earliest > 0) {
		expiry_state(r, th, t, d);
	}
	if (!r->serials_agree) {
		set_state(r, DD_MON_WARNING, "servers disagree on the SOA serial (%u .. %u)",
		          r->serial_min, r->serial_max);
		alert(r, "SERIAL_SKEW");
	}
	if (!r->outlasts_expire) {
		char e[48];
		dd__duration_text(r->soa_expire, e);
		set_state(r, DD_MON_WARNING, "the first signature expires in %s, before SOA EXPIRE (%s): "
		          "a secondary cut off from its primary would serve expired signatures", d, e);
		alert(r, "RRSIG_LIFETIME");
	}
	if (r->state == DD_MON_OK) {
		if (r->earliest > 0) {
			snprintf(r->summary, sizeof(r->summary), "%s, first signature expires in %s (%s)",
			         dd_status_name(r->status), d, t);
		} else {
			snprintf(r->summary, sizeof(r->summary), "%s", dd_status_name(r->status));
		}
	}
}

int dd_mon_assess(const dd_mon_zone_t *zone, const dd_evidence_t *ev, const dd_analysis_t *an,
                  const dd_diagnosis_t *dg, const dd_mon_thresholds_t *th, dd_mon_result_t **out)
{
	if (zone == NULL || ev == NULL || an == NULL || th == NULL || out == NULL) {
		return DD_EINVAL;
	}
	int zi = dd_evidence_zone_find(ev, zone->name);
	const dd_zone_result_t *zr = zone_result(an, zone->name);
	if (zi < 0 || zr == NULL) {
		/* the walk stopped above the zone: a parent that answers without a delegation is a
		 * zone that is gone (CRITICAL); no answer at all is UNKNOWN */
		int pi = dd_evidence_zone_of(ev, zone->name);
		const dd_zone_result_t *pr = pi >= 0 ? zone_result(an, ev->zones[pi].name) : NULL;
		bool parent_answered = false;
		for (size_t i = 0; pr != NULL && i < pr->nservers; i++) {
			parent_answered = parent_answered || pr->servers[i].answered;
		}
		char zt[DD_NAME_MAXLEN * 4], pt[DD_NAME_MAXLEN * 4];
		dd__name_text(zone->name, zt, sizeof(zt));
		dd__name_text(pi >= 0 ? ev->zones[pi].name : (const uint8_t *)"", pt, sizeof(pt));
		char why[512];
		snprintf(why, sizeof(why), "the walk did not reach %s (deepest zone: %s)", zt, pt);
		int ret = dd_mon_unknown(zone, an->at, why, out);
		if (ret == DD_OK && parent_answered) {
			(*out)->state = DD_MON_CRITICAL;
			(*out)->nalerts = 0;
			alert(*out, "NOT_DELEGATED");
			snprintf((*out)->summary, sizeof((*out)->summary),
			         "%s is not delegated: %s answers without a zone cut for it", zt, pt);
			fill_causes(*out, an, dg);
		}
		return ret;
	}
	dd_mon_result_t *r = calloc(1, sizeof(*r));
	if (r == NULL) {
		return DD_ENOMEM;
	}
	memcpy(r->zone, zone->name, dd_name_len(zone->name));
	r->at = an->at;
	r->status = zr->status;
	r->soa_expire = zr->soa_expire;
	r->ttl_ds = zr->ds_ttl;
	r->ttl_neg = zr->neg_ttl;
	r->serials_agree = true;
	int ret = DD_OK;
	const dd_zone_ev_t *z = &ev->zones[zi];
	char cds_sig0[4096] = "", sig[4096];
	bool cds_differ = false, cds_first = true, cds_delete = false;
	for (size_t s = 0; s < z->nservers && ret == DD_OK; s++) {
		if (z->servers[s].addr[0] == '\0') {
			continue;
		}
		dd_mon_server_t *n = realloc(r->servers, (r->nservers + 1) * sizeof(*n));
		if (n == NULL) {
			ret = DD_ENOMEM;
			break;
		}
		r->servers = n;
		dd_mon_server_t *sv = &n[r->nservers++];
		memset(sv, 0, sizeof(*sv));
		snprintf(sv->addr, sizeof(sv->addr), "%s", z->servers[s].addr);
		memcpy(sv->ns_name, z->servers[s].ns_name, dd_name_len(z->servers[s].ns_name));
		for (size_t k = 0; k < zr->nservers; k++) {
			if (strcmp(zr->servers[k].addr, sv->addr) == 0) {
				sv->answered = zr->servers[k].answered;
				sv->serial = zr->servers[k].serial;
			}
		}
		if (sv->answered) {
			r->reached = true;
		}
		if (sv->serial != 0) {
			if (r->serial_min == 0 || sv->serial < r->serial_min) {
				r->serial_min = sv->serial;
			}
			if (sv->serial > r->serial_max) {
				r->serial_max = sv->serial;
			}
		}
		ret = dd__mon_server_rrsets(sv, zone, ev, r->at, r);
		if (sv->earliest > 0 && (r->earliest == 0 || sv->earliest < r->earliest)) {
			r->earliest = sv->earliest;
		}
		dd_rrset_seen_t seen;
		if (ret == DD_OK &&
		    (ret = dd_rrset_seen(ev, sv->addr, zone->name, DD_TYPE_DNSKEY, r->at, &seen)) == DD_OK) {
			ret = dd__mon_collect(&r->dnskeys, &r->ndnskeys, &seen, DD_TYPE_DNSKEY, sig, sizeof(sig));
			dd_rrset_seen_free(&seen);
		}
		/* a server that answered the CDS question (even without CDS) counts in comparing */
		if (ret == DD_OK &&
		    (ret = dd_rrset_seen(ev, sv->addr, zone->name, DD_TYPE_CDS, r->at, &seen)) == DD_OK &&
		    seen.answered) {
			ret = dd__mon_collect(&r->cds, &r->ncds, &seen, DD_TYPE_CDS, sig, sizeof(sig));
			cds_delete = cds_delete || has_delete(&seen, DD_TYPE_CDS);
			dd_rrset_seen_free(&seen);
			if (cds_first) {
				snprintf(cds_sig0, sizeof(cds_sig0), "%s", sig);
				cds_first = false;
			} else if (strcmp(sig, cds_sig0) != 0) {
				cds_differ = true;
			}
		}
	}
	/* a CDNSKEY delete (RFC 8078 4) asks the same as a CDS one */
	for (size_t si = 0; ret == DD_OK && !cds_delete && si < z->nservers; si++) {
		dd_rrset_seen_t seen;
		if (z->servers[si].addr[0] != 0 &&
		    dd_rrset_seen(ev, z->servers[si].addr, z->name, DD_TYPE_CDNSKEY, r->at,
		                  &seen) == DD_OK) {
			cds_delete = has_delete(&seen, DD_TYPE_CDNSKEY);
			dd_rrset_seen_free(&seen);
		}
	}
	/* serials compared with RFC 1982 arithmetic would matter only across a wrap; equal is what
	 * counts here */
	r->serials_agree = r->serial_min == r->serial_max;
	if (ret == DD_OK) {
		ds_state(r, zr);
		cds_state(r, cds_differ, cds_delete);
		r->outlasts_expire = r->earliest == 0 || r->soa_expire == 0 || r->earliest <= r->at ||
		                     r->earliest - r->at >= (int64_t)r->soa_expire;
		ret = fill_causes(r, an, dg);
	}
	if (ret != DD_OK) {
		dd_mon_result_free(r);
		return ret;
	}
	if (!r->reached) {
		r->state = DD_MON_CRITICAL;
		judge(r, th, an);
		if (r->state != DD_MON_CRITICAL) {
			r->state = DD_MON_CRITICAL;
			snprintf(r->summary, sizeof(r->summary), "no server of the zone answered");
			alert(r, "SERVER_UNREACHABLE");
		}
	} else {
		judge(r, th, an);
	}
	*out = r;
	return DD_OK;
}

/* ---- the concurrent run ------------------------------------------------------------------- */

typedef struct run {
	const dd_mon_config_t *cfg;
	const dd_mon_list_t *list;
	dd_probe_cache_t *cache;
	dd_probe_budget_t *budget;
	dd_verify_memo_t *memo;
	char nx_label[32];
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t next;             /* next zone to start */
	size_t running;          /* workers alive */
	bool stop;
	dd_mon_result_t **done;  /* finished, not yet delivered */
	size_t ndone, capdone;
	int err;
} run_t;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One zone, within its own probe limits (a bad zone costs at most its budget). NULL with
 * *interrupted set: the run was cancelled while the zone was probed (no result: an
 * interrupted check says nothing about the zone). */
static dd_mon_result_t *check_one(run_t *rn, const dd_mon_zone_t *zone, bool *interrupted)
{
	const dd_mon_config_t *cfg = rn->cfg;
	int64_t t0 = now_ms();
	dd_probe_config_t pc = cfg->probe;
	pc.cache = rn->cache;
	pc.budget = rn->budget;
	pc.minimise = true;
	/* its probes run side by side and share servers: a server slowed by them must not turn
	 * into a changed verdict (an alert) from one run to the next */
	pc.fixed_timeouts = true;
	pc.nx_label = rn->nx_label;
	pc.extra = zone->extra;
	pc.nextra = zone->nextra;
	dd_evidence_t *ev = NULL;
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	dd_mon_result_t *r = NULL;
	int64_t at = cfg->at ? cfg->at : (int64_t)time(NULL);
	dd_probe_stats_t st;
	int ret = dd_probe_run_stats(&pc, zone->name, DD_TYPE_SOA, &ev, &st);
	*interrupted = ret == DD_OK && st.interrupted;  /* a probe that finished is judged */
	if (*interrupted) {
		dd_evidence_free(ev);
		return NULL;
	}
	if (ret == DD_OK) {
		ret = dd_analyze_shared(ev, cfg->at ? cfg->at : (int64_t)time(NULL), NULL, rn->memo, &an);
	}
	if (ret == DD_OK) {
		ret = dd_analysis_add_notes(an, ev);
	}
	if (ret == DD_OK) {
		ret = dd_diagnose(an, ev, &dg);
	}
	if (ret == DD_OK) {
		ret = dd_mon_assess(zone, ev, an, dg, &cfg->th, &r);
	}
	if (ret == DD_OK && cfg->on_diagnosis != NULL) {
		cfg->on_diagnosis(cfg->diagnosis_arg, ev, an, dg, r);
	}
	if (ret != DD_OK) {
		dd_mon_unknown(zone, at, dd_strerror(ret), &r);
	}
	if (r != NULL) {
		r->queries = ev ? ev->nxs : 0;
		r->duration_ms = (uint32_t)(now_ms() - t0);
	}
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
	return r;
}

static void *worker(void *arg)
{
	run_t *rn = arg;
	for (;;) {
		pthread_mutex_lock(&rn->lock);
		if (dd_probe_cancelled(rn->cfg->probe.cancel)) {
			rn->stop = true;  /* interrupted: no new zone starts */
		}
		if (rn->stop || rn->next >= rn->list->n) {
			rn->running--;
			pthread_cond_signal(&rn->cond);
			pthread_mutex_unlock(&rn->lock);
			return NULL;
		}
		size_t i = rn->next++;
		pthread_mutex_unlock(&rn->lock);

		bool interrupted = false;
		dd_mon_result_t *r = check_one(rn, &rn->list->zones[i], &interrupted);

		pthread_mutex_lock(&rn->lock);
		if (interrupted) {
			rn->stop = true;
		} else if (r == NULL) {
			rn->err = DD_ENOMEM;
			rn->stop = true;
		} else if (rn->ndone == rn->capdone) {
			size_t cap = rn->capdone ? 2 * rn->capdone : 64;
			dd_mon_result_t **n = realloc(rn->done, cap * sizeof(*n));
			if (n == NULL) {
				dd_mon_result_free(r);
				rn->err = DD_ENOMEM;
				rn->stop = true;
				r = NULL;
			} else {
				rn->done = n;
				rn->capdone = cap;
			}
		}
		if (r != NULL) {
			rn->done[rn->ndone++] = r;
		}
		pthread_cond_signal(&rn->cond);
		pthread_mutex_unlock(&rn->lock);
	}
}

int dd_mon_run(const dd_mon_config_t *cfg, const dd_mon_list_t *list, dd_mon_stats_t *stats)
{
	if (cfg == NULL || list == NULL || cfg->on_result == NULL || cfg->probe.nhints == 0) {
		return DD_EINVAL;
	}
	int64_t t0 = now_ms();
	run_t rn = { .cfg = cfg, .list = list };
	dd_mon_config_t local = *cfg;
	if (local.th.warn == 0) {
		local.th.warn = 7 * 86400;
	}
	if (local.th.crit == 0) {
		local.th.crit = 3 * 86400;
	}
	rn.cfg = &local;
	unsigned conc = cfg->concurrency ? cfg->concurrency : 16;
	if (conc > list->n) {
		conc = list->n ? (unsigned)list->n : 1;
	}
	int ret = dd_probe_cache_new(&rn.cache);
	if (ret == DD_OK) {
		ret = dd_probe_budget_new(cfg->max_inflight ? cfg->max_inflight : 256,
		                          cfg->per_server_qps, &rn.budget);
	}
	if (ret == DD_OK) {
		/* the verdicts of the ancestors' signatures, and the zones' own (bounded) */
		ret = dd_verify_memo_new(1 << 20, &rn.memo);
	}
	if (ret != DD_OK) {
		dd_probe_budget_free(rn.budget);
		dd_probe_cache_free(rn.cache);
		return ret;
	}
	/* one nonexistent-name label for the whole run, so that the ancestors' denial probes are
	 * shared too */
	uint8_t rnd[6] = { 0 };
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
		memcpy(rnd, &t0, sizeof(rnd));
	}
	char hex[DD_HEX_SIZE(6)];
	dd_hex_encode(rnd, sizeof(rnd), hex, false);
	snprintf(rn.nx_label, sizeof(rn.nx_label), "dd-nx-%s", hex);

	pthread_mutex_init(&rn.lock, NULL);
	pthread_cond_init(&rn.cond, NULL);
	pthread_t *th = calloc(conc, sizeof(*th));
	size_t started = 0;
	if (th == NULL) {
		ret = DD_ENOMEM;
	}
	for (size_t i = 0; th != NULL && i < conc; i++) {
		pthread_mutex_lock(&rn.lock);
		rn.running++;
		pthread_mutex_unlock(&rn.lock);
		if (pthread_create(&th[i], NULL, worker, &rn) != 0) {
			pthread_mutex_lock(&rn.lock);
			rn.running--;
			pthread_mutex_unlock(&rn.lock);
			if (started == 0) {
				ret = DD_EIO;
			}
			break;
		}
		started++;
	}
	size_t delivered = 0;
	pthread_mutex_lock(&rn.lock);
	while (started > 0 && (rn.running > 0 || rn.ndone > 0)) {
		if (rn.ndone == 0) {
			pthread_cond_wait(&rn.cond, &rn.lock);
			continue;
		}
		dd_mon_result_t *r = rn.done[0];
		memmove(rn.done, rn.done + 1, (rn.ndone - 1) * sizeof(*rn.done));
		rn.ndone--;
		pthread_mutex_unlock(&rn.lock);
		int stop = local.on_result(local.arg, r);
		delivered++;
		pthread_mutex_lock(&rn.lock);
		if (stop) {
			rn.stop = true;
		}
	}
	pthread_mutex_unlock(&rn.lock);
	for (size_t i = 0; i < started; i++) {
		pthread_join(th[i], NULL);
	}
	for (size_t i = 0; i < rn.ndone; i++) {
		dd_mon_result_free(rn.done[i]);
	}
	if (ret == DD_OK) {
		ret = rn.err;
	}
	if (stats != NULL) {
		memset(stats, 0, sizeof(*stats));
		stats->zones = delivered;
		dd_probe_budget_stats(rn.budget, &stats->queries, &stats->deferred);
		dd_probe_cache_stats(rn.cache, &stats->cache_hits, NULL, NULL);
		dd_verify_memo_stats(rn.memo, &stats->verify_memo_hits, &stats->verifications);
		stats->duration_ms = (uint64_t)(now_ms() - t0);
	}
	free(rn.done);
	free(th);
	pthread_cond_destroy(&rn.cond);
	pthread_mutex_destroy(&rn.lock);
	dd_probe_budget_free(rn.budget);
	dd_probe_cache_free(rn.cache);
	dd_verify_memo_free(rn.memo);
	return ret;
}
