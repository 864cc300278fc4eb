/* SPDX-License-Identifier: MIT
 * json.c - the JSON report (documented in docs/json.md), built with jansson. */

#include <string.h>
#include <time.h>

#include <jansson.h>

#include "dd-config.h"
#include "dd/error.h"
#include "dd/algorithm.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/report.h"
#include "dd/text.h"
#include "json_int.h"

#define JSON_REPORT_VERSION 1

json_t *dd__jname(const uint8_t *name)
{
	char buf[1024];
	return dd_name_to_str(name, buf, sizeof(buf)) == DD_OK ? json_string(buf) : json_null();
}

json_t *dd__jtype(uint16_t t)
{
	char buf[24];
	return dd_type_to_str(t, buf, sizeof(buf)) == DD_OK ? json_string(buf) : json_integer(t);
}

json_t *dd__jtime(int64_t t)
{
	if (t == 0) {
		return json_null();
	}
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

int dd__jdump(FILE *out, json_t *o)
{
	if (o == NULL) {
		return DD_ENOMEM;
	}
	int r = json_dumpf(o, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return (r == 0 && fputc('\n', out) != EOF) ? DD_OK : DD_EIO;
}

static json_t *finding_json(const dd_finding_t *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(f->code));
	json_object_set_new(o, "dnsviz", f->dnsviz ? json_string(f->dnsviz) : json_null());
	json_object_set_new(o, "severity", json_string(dd_severity_name(f->severity)));
	json_object_set_new(o, "zone", dd__jname(f->zone));
	json_object_set_new(o, "owner", dd__jname(f->owner));
	json_object_set_new(o, "type", f->rrtype ? dd__jtype(f->rrtype) : json_null());
	json_t *servers = json_array();
	for (size_t i = 0; i < f->nservers; i++) {
		json_array_append_new(servers, json_string(f->servers[i]));
	}
	json_object_set_new(o, "servers", servers);
	json_object_set_new(o, "key_tag", f->key_tag ? json_integer(f->key_tag) : json_null());
	json_object_set_new(o, "time", dd__jtime(f->when));
	json_object_set_new(o, "detail", json_string(f->detail));
	return o;
}

static json_t *zone_json(const dd_analysis_t *an, const dd_zone_result_t *z)
{
	json_t *o = json_object();
	json_object_set_new(o, "zone", dd__jname(z->name));
	json_object_set_new(o, "parent", z->parent >= 0 ? dd__jname(an->zones[z->parent].name) : json_null());
	json_object_set_new(o, "status", json_string(dd_status_name(z->status)));
	json_object_set_new(o, "reason", json_string(z->reason));
	json_object_set_new(o, "signed", json_boolean(z->signed_zone));
	json_t *ds = json_array();
	for (size_t i = 0; i < z->nds; i++) {
		const dd_ds_view_t *d = &z->ds[i];
		json_t *e = json_object();
		json_object_set_new(e, "key_tag", json_integer(d->key_tag));
		json_object_set_new(e, "algorithm", json_integer(d->algorithm));
		json_object_set_new(e, "digest_type", json_integer(d->digest_type));
		json_object_set_new(e, "digest", json_string(d->digest));
		json_object_set_new(e, "state", json_string(dd_ds_state_name(d->state)));
		json_array_append_new(ds, e);
	}
	json_object_set_new(o, "ds", ds);
	json_object_set_new(o, "ds_source", json_string(dd_ds_source_name(z->ds_source)));
	json_t *keys = json_array();
	for (size_t i = 0; i < z->nkeys; i++) {
		const dd_key_view_t *k = &z->keys[i];
		json_t *e = json_object();
		json_object_set_new(e, "key_tag", json_integer(k->key_tag));
		json_object_set_new(e, "algorithm", json_integer(k->algorithm));
		json_object_set_new(e, "flags", json_integer(k->flags));
		json_object_set_new(e, "bits", json_integer(k->bits));
		json_object_set_new(e, "sep", json_boolean(k->flags & DD_DNSKEY_FLAG_SEP));
		json_object_set_new(e, "revoked", json_boolean(k->flags & DD_DNSKEY_FLAG_REVOKE));
		json_object_set_new(e, "ds_matched", json_boolean(k->ds_matched));
		json_object_set_new(e, "supported", json_boolean(k->supported));
		json_array_append_new(keys, e);
	}
	json_object_set_new(o, "dnskey", keys);
	json_t *servers = json_array();
	for (size_t i = 0; i < z->nservers; i++) {
		const dd_server_status_t *s = &z->servers[i];
		json_t *e = json_object();
		/* null: a server given by its address alone (no name) */
		json_object_set_new(e, "ns", dd_name_labels(s->ns_name) > 0 ? dd__jname(s->ns_name)
		                                                            : json_null());
		json_object_set_new(e, "address", json_string(s->addr));
		json_object_set_new(e, "answered", json_boolean(s->answered));
		json_object_set_new(e, "status", json_string(dd_status_name(s->status)));
		json_object_set_new(e, "serial", s->serial ? json_integer(s->serial) : json_null());
		json_object_set_new(e, "reason", json_string(s->reason));
		json_array_append_new(servers, e);
	}
	json_object_set_new(o, "servers", servers);
	json_t *ttl = json_object();
	json_object_set_new(ttl, "ds", json_integer(z->ds_ttl));
	json_object_set_new(ttl, "dnskey", json_integer(z->dnskey_ttl));
	json_object_set_new(ttl, "negative", json_integer(z->neg_ttl));
	json_object_set_new(ttl, "soa_expire", json_integer(z->soa_expire));
	json_object_set_new(o, "ttl", ttl);
	json_object_set_new(o, "earliest_expiration", dd__jtime(z->earliest_expiration));
	if (z->nsec3) {
		json_t *n3 = json_object();
		json_object_set_new(n3, "iterations", json_integer(z->nsec3_iterations));
		json_object_set_new(o, "nsec3", n3);
	} else {
		json_object_set_new(o, "nsec3", json_null());
	}
	return o;
}

/* A root cause's fix steps as data (docs/json.md "steps"): each one's order, action, where,
 * whether it replaces the step before it, the wait after that step, its sentence, and the DS
 * record it publishes or removes as fields and in presentation form. */
static json_t *steps_json(const dd_root_cause_t *rc)
{
	json_t *a = json_array();
	char zone[1024];
	dd_name_to_str(rc->zone, zone, sizeof(zone));
	for (size_t k = 0; k < rc->nfix; k++) {
		const dd_fix_step_t *st = &rc->steps[k];
		const char *where = dd_fix_where_name(st->where);
		json_t *o = json_object();
		json_object_set_new(o, "order", json_integer((json_int_t)k + 1));
		json_object_set_new(o, "action", json_string(dd_fix_action_name(st->action)));
		json_object_set_new(o, "where", where != NULL ? json_string(where) : json_null());
		json_object_set_new(o, "zone", json_string(zone));
		json_object_set_new(o, "alternative", json_boolean(st->alternative));
		json_object_set_new(o, "after_seconds", json_integer(st->after_seconds));
		json_object_set_new(o, "text", json_string(rc->fix[k]));
		json_t *recs = json_array();
		if (st->has_ds) {
			json_t *r = json_object();
			char text[1400];
			snprintf(text, sizeof(text), "%s IN DS %u %u %u %s", zone, st->key_tag,
			         st->algorithm, st->digest_type, st->digest);
			json_object_set_new(r, "owner", json_string(zone));
			json_object_set_new(r, "type", json_string("DS"));
			json_object_set_new(r, "key_tag", json_integer(st->key_tag));
			json_object_set_new(r, "algorithm", json_integer(st->algorithm));
			json_object_set_new(r, "digest_type", json_integer(st->digest_type));
			json_object_set_new(r, "digest", json_string(st->digest));
			json_object_set_new(r, "text", json_string(text));
			json_array_append_new(recs, r);
		}
		json_object_set_new(o, "records", recs);
		json_array_append_new(a, o);
	}
	return a;
}

int dd_report_json(FILE *out, const dd_evidence_t *ev, const dd_analysis_t *an,
                   const dd_diagnosis_t *dg, const dd_views_t *views, const dd_report_opts_t *opts)
{
	json_t *root = json_object();
	if (root == NULL) {
		return DD_ENOMEM;
	}
	json_object_set_new(root, "version", json_integer(JSON_REPORT_VERSION));
	json_object_set_new(root, "tool", json_string(DD_PACKAGE " " DD_VERSION));
	json_t *q = json_object();
	json_object_set_new(q, "name", dd__jname(an->target));
	json_object_set_new(q, "type", dd__jtype(an->qtype));
	json_object_set_new(root, "query", q);
	json_object_set_new(root, "at", dd__jtime(an->at));
	json_object_set_new(root, "verdict", json_string(dd_status_name(dg->verdict)));
	json_object_set_new(root, "headline", json_string(dg->headline));
	json_object_set_new(root, "exit_code", json_integer(dg->exit_code));
	/* SIGINT/SIGTERM stopped the collection (the evidence says so, live and on --replay):
	 * the report covers what was collected before it */
	json_object_set_new(root, "interrupted", json_boolean(ev->interrupted));

	json_t *causes = json_array();
	for (size_t i = 0; i < dg->ncauses; i++) {
		const dd_root_cause_t *rc = &dg->causes[i];
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(rc->code));
		json_object_set_new(o, "severity", json_string(dd_severity_name(rc->severity)));
		json_object_set_new(o, "zone", dd__jname(rc->zone));
		json_object_set_new(o, "title", json_string(rc->title));
		json_object_set_new(o, "explains_outage", json_boolean(rc->explains_outage));
		json_t *evd = json_array();
		for (size_t k = 0; k < rc->nfindings; k++) {
			json_array_append_new(evd, finding_json(&an->findings[rc->findings[k]]));
		}
		json_object_set_new(o, "evidence", evd);
		json_object_set_new(o, "observed", rc->observed[0] ? json_string(rc->observed) : json_null());
		json_t *fix = json_array();
		for (size_t k = 0; k < rc->nfix; k++) {
			json_array_append_new(fix, json_string(rc->fix[k]));
		}
		json_object_set_new(o, "fix", fix);
		json_object_set_new(o, "steps", steps_json(rc));
		json_t *rec = json_object();
		json_object_set_new(rec, "seconds", rc->recovery_seconds >= 0
		                                            ? json_integer(rc->recovery_seconds) : json_null());
		json_object_set_new(rec, "text", json_string(rc->recovery));
		json_object_set_new(o, "recovery", rec);
		json_object_set_new(o, "validator_result", json_string(rc->validator_result));
		json_object_set_new(o, "ede", rc->ede >= 0 ? json_integer(rc->ede) : json_null());
		json_object_set_new(o, "validators_differ", rc->validators_differ[0]
		                                                    ? json_string(rc->validators_differ) : json_null());
		json_array_append_new(causes, o);
	}
	json_object_set_new(root, "root_causes", causes);

	json_t *nm = json_object();
	json_object_set_new(nm, "status", json_string(dd_status_name(an->target_status)));
	json_object_set_new(nm, "reason", json_string(an->target_reason));
	/* the name exists when its servers gave data or NODATA; null when none answered */
	json_object_set_new(nm, "exists", dg->answer == DD_ANSWER_UNKNOWN ||
	                                  dg->answer == DD_ANSWER_YXDOMAIN
	                                  ? json_null() : json_boolean(dg->answer != DD_ANSWER_NXDOMAIN));
	json_object_set_new(nm, "answer", json_string(dd_answer_kind_name(dg->answer)));
	json_object_set_new(nm, "final_answer", json_string(dd_answer_kind_name(dg->final_answer)));
	json_object_set_new(nm, "zone", dd__jname(dg->zone));
	json_object_set_new(nm, "denial", dg->answer == DD_ANSWER_NODATA ||
	                                  dg->answer == DD_ANSWER_NXDOMAIN ? json_object() : json_null());
	if (dg->answer == DD_ANSWER_NODATA || dg->answer == DD_ANSWER_NXDOMAIN) {
		json_t *dn = json_object_get(nm, "denial");
		json_object_set_new(dn, "proven", json_boolean(dg->denial_proven));
		json_object_set_new(dn, "records", an->target_denial == DD_TYPE_NSEC3 ? json_string("NSEC3")
		                                   : an->target_denial == DD_TYPE_NSEC ? json_string("NSEC")
		                                   : json_null());
	}
	json_object_set_new(root, "name", nm);
	json_t *nx = json_object();
	json_object_set_new(nx, "name", dd__jname(an->nx_name));
	json_object_set_new(nx, "status", json_string(dd_status_name(an->nx_status)));
	json_object_set_new(nx, "reason", json_string(an->nx_reason));
	json_object_set_new(root, "nonexistent", nx);
	if (an->cname_target[0] != 0) {
		json_t *cn = json_object();
		json_object_set_new(cn, "target", dd__jname(an->cname_target));
		json_object_set_new(cn, "status", json_string(dd_status_name(an->cname_status)));
		json_object_set_new(cn, "reason", json_string(an->cname_reason));
		json_object_set_new(root, "cname", cn);
	} else {
		json_object_set_new(root, "cname", json_null());
	}

	json_t *chain = json_array();
	for (size_t i = 0; i < an->nzones; i++) {
		json_array_append_new(chain, zone_json(an, &an->zones[i]));
	}
	json_object_set_new(root, "chain", chain);

	json_t *vj = json_array();
	for (size_t i = 0; views != NULL && i < views->n; i++) {
		const dd_view_t *v = &views->v[i];
		json_t *o = json_object();
		char rc[16];
		json_object_set_new(o, "source", json_string(v->source));
		json_object_set_new(o, "cd", json_boolean(v->cd));
		json_object_set_new(o, "name", dd__jname(v->name));
		json_object_set_new(o, "type", dd__jtype(v->qtype));
		json_object_set_new(o, "answered", json_boolean(v->answered));
		json_object_set_new(o, "rcode", v->answered ? json_string(dd_rcode_name((uint16_t)v->rcode, rc))
		                                            : json_null());
		json_object_set_new(o, "ad", json_boolean(v->ad));
		json_object_set_new(o, "status", json_string(dd_status_name(v->status)));
		json_object_set_new(o, "ede", v->ede >= 0 ? json_integer(v->ede) : json_null());
		json_object_set_new(o, "data", json_string(v->data));
		json_object_set_new(o, "why", json_string(v->why));
		json_array_append_new(vj, o);
	}
	json_object_set_new(root, "views", vj);
	/* false: no views (replayed evidence from before they were recorded, or none given) */
	json_object_set_new(root, "views_recorded", json_boolean(views != NULL && views->recorded));
	/* when the resolvers answered, and whether the analysis (at "at") was set against them:
	 * not at another instant (--at) */
	json_object_set_new(root, "views_at", views != NULL && views->at != 0 ? dd__jtime(views->at)
	                                                                      : json_null());
	/* a pre-delegation test (diagnose --ds, or --server for a zone not delegated): the
	 * first zone judged as the operator asked, not as resolvers find it */
	json_object_set_new(root, "pre_delegation",
	                    an->hypothetical_zone >= 0 ? dd__jname(an->zones[an->hypothetical_zone].name)
	                                               : json_null());
	json_object_set_new(root, "views_compared",
	                    json_boolean(views != NULL && views->n > 0 &&
	                                 dd_views_compared(views, an)));

	json_t *fj = json_array();
	for (size_t i = 0; i < an->nfindings; i++) {
		json_array_append_new(fj, finding_json(&an->findings[i]));
	}
	json_object_set_new(root, "findings", fj);
	json_object_set_new(root, "breaks_at", dd__jtime(dg->breaks_at));
	json_t *stats = json_object();
	json_object_set_new(stats, "zones", json_integer((json_int_t)an->nzones));
	json_object_set_new(stats, "exchanges", json_integer((json_int_t)ev->nxs));
	json_object_set_new(stats, "rounds", json_integer(dd_evidence_rounds(ev)));
	json_object_set_new(stats, "signature_verifications", json_integer((json_int_t)an->verifications));
	json_object_set_new(stats, "nsec3_hashes", json_integer((json_int_t)an->nsec3_hashes));
	if (opts != NULL && opts->duration_ms > 0) {
		json_object_set_new(stats, "duration_ms", json_integer(opts->duration_ms));
	}
	json_object_set_new(root, "stats", stats);

	return dd__jdump(out, root);
}

/* ---- check-zone ----------------------------------------------------------------------------- */

#define JSON_ZONE_REPORT_VERSION 1

json_t *dd__report_zone_obj(const dd_zone_check_t *res, const dd_report_opts_t *opts)
{
	(void)opts;
	json_t *root = json_object();
	if (root == NULL) {
		return NULL;
	}
	json_object_set_new(root, "version", json_integer(JSON_ZONE_REPORT_VERSION));
	json_object_set_new(root, "command", json_string("check-zone"));
	json_object_set_new(root, "zone", dd__jname(res->origin));
	json_object_set_new(root, "verdict", json_string(dd_zone_check_verdict(res)));
	json_object_set_new(root, "exit_code", json_integer(dd_zone_check_exit(res)));
	json_object_set_new(root, "time", dd__jtime(res->at));
	json_object_set_new(root, "expire_warn_seconds", json_integer(res->expire_warn));
	json_object_set_new(root, "signed", json_boolean(res->signed_zone));
	static const char *DENIAL[] = { "none", "nsec", "nsec3" };
	json_object_set_new(root, "denial", json_string(DENIAL[res->denial]));
	if (res->denial == DD_ZONE_DENIAL_NSEC3) {
		json_t *n3 = json_object();
		json_object_set_new(n3, "algorithm", json_integer(res->nsec3_algorithm));
		json_object_set_new(n3, "iterations", json_integer(res->nsec3_iterations));
		json_object_set_new(n3, "salt", json_string(res->nsec3_salt));
		json_object_set_new(n3, "opt_out", json_boolean(res->nsec3_optout));
		json_object_set_new(root, "nsec3", n3);
	}
	json_t *keys = json_array();
	for (size_t i = 0; i < res->nkeys; i++) {
		const dd_zone_key_t *k = &res->keys[i];
		json_t *e = json_object();
		json_object_set_new(e, "key_tag", json_integer(k->key_tag));
		json_object_set_new(e, "algorithm", json_integer(k->algorithm));
		json_object_set_new(e, "flags", json_integer(k->flags));
		json_object_set_new(e, "bits", json_integer(k->bits));
		json_object_set_new(e, "valid", json_boolean(k->valid));
		json_object_set_new(e, "supported", json_boolean(k->supported));
		json_object_set_new(e, "signs_dnskey", json_boolean(k->signs_dnskey));
		json_object_set_new(e, "ds_matched", json_boolean(k->ds_matched));
		json_object_set_new(e, "signatures", json_integer((json_int_t)k->signatures));
		json_array_append_new(keys, e);
	}
	json_object_set_new(root, "keys", keys);
	const dd_zone_zonemd_t *zm = &res->zonemd;
	json_t *zmd = json_object();
	json_object_set_new(zmd, "status", json_string(dd_zone_zonemd_status_name(zm->status)));
	bool have = zm->status != DD_ZONE_ZONEMD_ABSENT;
	json_object_set_new(zmd, "scheme", have ? json_integer(zm->scheme) : json_null());
	json_object_set_new(zmd, "hash_algorithm",
	                    have ? json_integer(zm->hash_algorithm) : json_null());
	json_object_set_new(zmd, "serial", have ? json_integer(zm->serial) : json_null());
	json_object_set_new(zmd, "records", json_integer((json_int_t)zm->records));
	json_object_set_new(zmd, "dnssec",
	                    have ? json_string(dd_status_name(zm->dnssec)) : json_null());
	json_object_set_new(root, "zonemd", zmd);
	json_t *exp = json_object();
	json_object_set_new(exp, "earliest", dd__jtime(res->earliest_expiration));
	json_object_set_new(exp, "earliest_owner",
	                    res->earliest_expiration ? dd__jname(res->earliest_owner) : json_null());
	json_object_set_new(exp, "earliest_type",
	                    res->earliest_expiration ? dd__jtype(res->earliest_type) : json_null());
	json_object_set_new(exp, "resign_before", dd__jtime(res->earliest_expiration));
	json_t *per = json_array();
	for (size_t i = 0; i < res->nexpiry; i++) {
		const dd_zone_expiry_t *e = &res->expiry[i];
		json_t *o = json_object();
		json_object_set_new(o, "type", dd__jtype(e->type));
		json_object_set_new(o, "earliest", dd__jtime(e->expiration));
		json_object_set_new(o, "owner", dd__jname(e->owner));
		json_object_set_new(o, "rrsets", json_integer((json_int_t)e->rrsets));
		json_array_append_new(per, o);
	}
	json_object_set_new(exp, "per_type", per);
	json_object_set_new(root, "expiry", exp);
	json_t *fj = json_array();
	for (size_t i = 0; i < res->nfindings; i++) {
		json_array_append_new(fj, finding_json(&res->findings[i]));
	}
	json_object_set_new(root, "findings", fj);
	json_t *counts = json_object();
	for (size_t i = 0; i < res->ncounts; i++) {
		json_object_set_new(counts, res->counts[i].code,
		                    json_integer((json_int_t)res->counts[i].count));
	}
	json_object_set_new(root, "counts", counts);
	json_t *stats = json_object();
	json_object_set_new(stats, "records", json_integer((json_int_t)res->records));
	json_object_set_new(stats, "names", json_integer((json_int_t)res->names));
	json_object_set_new(stats, "rrsets", json_integer((json_int_t)res->rrsets));
	json_object_set_new(stats, "signatures", json_integer((json_int_t)res->signatures));
	json_object_set_new(stats, "signature_verifications",
	                    json_integer((json_int_t)res->verifications));
	json_object_set_new(stats, "delegations_secure",
	                    json_integer((json_int_t)res->delegations_secure));
	json_object_set_new(stats, "delegations_insecure",
	                    json_integer((json_int_t)res->delegations_insecure));
	json_object_set_new(stats, "threads", json_integer(res->threads));
	json_object_set_new(stats, "wire_bytes", json_integer((json_int_t)res->wire_bytes));
	json_object_set_new(stats, "store_bytes", json_integer((json_int_t)res->store_bytes));
	json_object_set_new(stats, "seconds_read", json_real(res->seconds_read));
	json_object_set_new(stats, "seconds_check", json_real(res->seconds_check));
	json_object_set_new(stats, "seconds_zonemd", json_real(res->zonemd.seconds));
	if (res->cached) {
		json_object_set_new(stats, "cache_hits", json_integer((json_int_t)res->cache_hits));
		json_object_set_new(stats, "cache_misses",
		                    json_integer((json_int_t)res->cache_misses));
	}
	json_object_set_new(root, "stats", stats);
	return root;
}

int dd_report_zone_json(FILE *out, const dd_zone_check_t *res, const dd_report_opts_t *opts)
{
	return dd__jdump(out, dd__report_zone_obj(res, opts));
}

static json_t *answer_json(const dd_resolver_answer_t *a)
{
	if (!a->asked) {
		return json_null();
	}
	json_t *o = json_object();
	char rc[16];
	json_object_set_new(o, "answered", json_boolean(a->answered));
	json_object_set_new(o, "error", a->answered ? json_null() : json_string(a->error));
	json_object_set_new(o, "rcode", a->answered ? json_string(dd_rcode_name((uint16_t)a->rcode, rc))
	                                            : json_null());
	json_object_set_new(o, "ad", json_boolean(a->ad));
	json_object_set_new(o, "edns", json_boolean(a->edns));
	json_object_set_new(o, "do", json_boolean(a->do_bit));
	json_object_set_new(o, "ede", a->ede >= 0 ? json_integer(a->ede) : json_null());
	json_object_set_new(o, "records", json_integer((json_int_t)a->records));
	json_object_set_new(o, "rrsigs", json_integer((json_int_t)a->rrsigs));
	json_object_set_new(o, "rrsig_algorithm", a->rrsigs ? json_integer(a->sig_algorithm) : json_null());
	json_object_set_new(o, "signer", a->rrsigs ? dd__jname(a->signer) : json_null());
	json_object_set_new(o, "signature_inception", dd__jtime(a->sig_inception));
	json_object_set_new(o, "signature_expiration", dd__jtime(a->sig_expiration));
	json_t *d = json_array();
	for (size_t i = 0; i < a->ndigests; i++) {
		json_array_append_new(d, json_integer(a->digests[i]));
	}
	json_object_set_new(o, "ds_digest_types", d);
	json_object_set_new(o, "data", json_string(a->data));
	return o;
}

static json_t *support_json(const dd_support_t *row, size_t n, bool alg)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const dd_support_t *c = &row[i];
		json_t *o = json_object();
		const char *mn = alg ? dd_alg_name(c->number) : dd_digest_name(c->number);
		json_object_set_new(o, "number", json_integer(c->number));
		json_object_set_new(o, "name", mn ? json_string(mn) : json_null());
		json_object_set_new(o, "rfc8624_validation", json_string(dd_rfc8624_name(
			alg ? dd_alg_validation_req(c->number) : dd_digest_validation_req(c->number))));
		json_object_set_new(o, "status", c->probed ? json_string(dd_status_name(c->status))
		                                           : json_null());
		json_object_set_new(o, "via", c->probed ? json_string(c->via) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

int dd_report_resolver_json(FILE *out, const dd_resolver_check_t *chk)
{
	static const char *kinds[] = { "secure", "bogus", "algorithm", "digest" };
	json_t *root = json_object();
	json_object_set_new(root, "tool", json_string(DD_PACKAGE " " DD_VERSION));
	json_object_set_new(root, "command", json_string("resolver"));
	json_object_set_new(root, "resolver", json_string(chk->address));
	json_object_set_new(root, "port", json_integer(chk->port));
	json_object_set_new(root, "time", dd__jtime(chk->at));
	json_object_set_new(root, "verdict", json_string(dd_resolver_verdict_name(chk->verdict)));
	json_object_set_new(root, "reason", json_string(chk->reason));
	json_object_set_new(root, "exit_code", json_integer(chk->exit_code));
	json_t *probes = json_array();
	for (size_t i = 0; i < chk->nprobes; i++) {
		const dd_resolver_probe_t *p = &chk->probes[i];
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(kinds[p->probe.kind]));
		json_object_set_new(o, "number", p->probe.number ? json_integer(p->probe.number) : json_null());
		json_object_set_new(o, "name", dd__jname(p->probe.name));
		json_object_set_new(o, "type", dd__jtype(p->probe.qtype));
		json_object_set_new(o, "status", json_string(dd_status_name(p->status)));
		json_object_set_new(o, "expected", json_boolean(p->expected));
		json_object_set_new(o, "usable", json_boolean(p->usable));
		json_object_set_new(o, "note", p->note[0] ? json_string(p->note) : json_null());
		json_object_set_new(o, "answer", answer_json(&p->plain));
		json_object_set_new(o, "answer_cd", answer_json(&p->cd));
		json_object_set_new(o, "ds", answer_json(&p->ds));
		json_array_append_new(probes, o);
	}
	json_object_set_new(root, "probes", probes);
	json_object_set_new(root, "algorithms", support_json(chk->algorithms, DD_MATRIX_NALGORITHMS, true));
	json_object_set_new(root, "digests", support_json(chk->digests, DD_MATRIX_NDIGESTS, false));
	json_t *fj = json_array();
	for (size_t i = 0; i < chk->nfindings; i++) {
		json_array_append_new(fj, finding_json(&chk->findings[i]));
	}
	json_object_set_new(root, "findings", fj);
	json_object_set_new(root, "duration_ms", json_integer(chk->duration_ms));
	return dd__jdump(out, root);
}

int dd_report_clock_json(FILE *out, const char *server, const dd_clock_t *ck, bool skewed,
                         int exit_code)
{
	json_t *o = json_object();
	if (o == NULL) {
		return DD_ENOMEM;
	}
	json_object_set_new(o, "server", json_string(server));
	json_object_set_new(o, "address", json_string(ck->server));
	json_object_set_new(o, "offset_seconds", json_real(ck->offset));
	json_object_set_new(o, "delay_seconds", json_real(ck->delay));
	json_object_set_new(o, "stratum", json_integer(ck->sntp.stratum));
	json_object_set_new(o, "reference", json_string(ck->sntp.refid));
	json_object_set_new(o, "skewed", json_boolean(skewed));
	json_object_set_new(o, "exit_code", json_integer(exit_code));
	int r = json_dumpf(o, out, JSON_INDENT(1) | JSON_REAL_PRECISION(9) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return (r == 0 && fputc('\n', out) != EOF) ? DD_OK : DD_EIO;
}
