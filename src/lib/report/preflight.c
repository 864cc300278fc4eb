/* SPDX-License-Identifier: MIT
 * preflight.c - the transition report (dnssec-doctor preflight, check-zone --previous): the
 * verdict, the combinations of cached records that fail with the validator's finding, and the
 * procedure as numbered steps with times, as text or JSON (docs/preflight.md). The judgement
 * and the steps' words are src/lib/preflight/'s; this file only lays them out. */

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "core/fmt.h"
#include "dd/error.h"
#include "dd/finding.h"
#include "dd/preflight.h"
#include "dd/report.h"
#include "json_int.h"

static const char *side(bool is_new)
{
	return is_new ? "new" : "old";
}

int dd_report_preflight_text(FILE *out, const dd_preflight_t *r)
{
	if (out == NULL || r == NULL) {
		return DD_EINVAL;
	}
	char t[32];
	fprintf(out, "\nTransition (%s): ", dd_preflight_kind_name(r->kind));
	if (r->verdict == DD_PREFLIGHT_SAFE_AFTER) {
		dd__time_text(r->safe_at, t);
		fprintf(out, "safe after %s (in %lld s), with the steps below\n", t,
		        (long long)(r->safe_at - r->at));
	} else {
		fprintf(out, "%s\n", dd_preflight_verdict_name(r->verdict));
	}
	const dd_finding_info_t *fi = r->code != NULL ? dd_finding_info(r->code) : NULL;
	if (fi != NULL) {
		fprintf(out, "  %s (%s): %s\n", fi->code, dd_severity_name(fi->severity), fi->meaning);
	}
	fprintf(out, "  TTLs: DS %u s, DNSKEY %u s, data up to %u s, negative %u s; Dprp %u s, "
	        "Dreg %u s\n", r->ttl_ds, r->ttl_dnskey, r->ttl_data, r->ttl_negative, r->dprp,
	        r->dreg);
	if (r->nfailed == 0) {
		fprintf(out, "  none of the %zu combinations a validating resolver may hold fails if "
		        "the change is made at once\n", r->ncombos);
	} else {
		fprintf(out, "  %zu of %zu combinations a validating resolver may hold fail if the "
		        "change is made at once:\n", r->nfailed, r->ncombos);
	}
	for (size_t i = 0; i < r->ncombos; i++) {
		const dd_preflight_combo_t *c = &r->combos[i];
		if (c->ok) {
			continue;
		}
		fprintf(out, "  - cached %s DS + %s DNSKEY + %s data: %s: %s\n", side(c->new_ds),
		        side(c->new_dnskey), side(c->new_data), c->code, c->detail);
	}
	if (r->verdict == DD_PREFLIGHT_UNSAFE && r->reason[0] != '\0') {
		fprintf(out, "  Unsafe: %s\n", r->reason);
	}
	if (r->nsteps > 0) {
		fprintf(out, "  Procedure:\n");
	}
	for (size_t i = 0; i < r->nsteps; i++) {
		dd__time_text(r->steps[i].at, t);
		fprintf(out, "  %zu. [%s] %s\n", i + 1, t, r->steps[i].text);
	}
	return ferror(out) ? DD_EIO : DD_OK;
}

json_t *dd__report_preflight_obj(const dd_preflight_t *r, const char *current_ds_assumed)
{
	json_t *o = json_object(), *combos = json_array(), *steps = json_array();
	if (o == NULL || combos == NULL || steps == NULL) {
		json_decref(o);
		json_decref(combos);
		json_decref(steps);
		return NULL;
	}
	json_object_set_new(o, "verdict", json_string(dd_preflight_verdict_name(r->verdict)));
	json_object_set_new(o, "code", r->code != NULL ? json_string(r->code) : json_null());
	json_object_set_new(o, "kind", json_string(dd_preflight_kind_name(r->kind)));
	json_object_set_new(o, "at", json_integer(r->at));
	json_object_set_new(o, "safe_at", r->verdict == DD_PREFLIGHT_UNSAFE ? json_null()
	                                                                      : json_integer(r->safe_at));
	json_object_set_new(o, "ttl_ds", json_integer(r->ttl_ds));
	json_object_set_new(o, "ttl_dnskey", json_integer(r->ttl_dnskey));
	json_object_set_new(o, "ttl_data", json_integer(r->ttl_data));
	json_object_set_new(o, "ttl_negative", json_integer(r->ttl_negative));
	json_object_set_new(o, "dprp", json_integer(r->dprp));
	json_object_set_new(o, "dreg", json_integer(r->dreg));
	if (r->reason[0] != '\0') {
		json_object_set_new(o, "reason", json_string(r->reason));
	}
	for (size_t i = 0; i < r->ncombos; i++) {
		const dd_preflight_combo_t *c = &r->combos[i];
		json_array_append_new(combos, json_pack("{s:s,s:s,s:s,s:b,s:s?,s:s?}", "ds",
		                                        side(c->new_ds), "dnskey", side(c->new_dnskey),
		                                        "data", side(c->new_data), "ok", c->ok, "code",
		                                        c->ok ? NULL : c->code, "detail",
		                                        c->ok ? NULL : c->detail));
	}
	for (size_t i = 0; i < r->nsteps; i++) {
		json_array_append_new(steps, json_pack("{s:I,s:s}", "at", (json_int_t)r->steps[i].at,
		                                       "text", r->steps[i].text));
	}
	json_object_set_new(o, "combinations", combos);
	json_object_set_new(o, "steps", steps);
	if (current_ds_assumed != NULL && current_ds_assumed[0] != '\0') {
		json_object_set_new(o, "current_ds_assumed", json_string(current_ds_assumed));
	}
	return o;
}

int dd_report_preflight_json(FILE *out, const dd_preflight_t *r, const char *current_ds_assumed)
{
	if (out == NULL || r == NULL) {
		return DD_EINVAL;
	}
	return dd__jdump(out, dd__report_preflight_obj(r, current_ds_assumed));
}

int dd_report_zone_transition_json(FILE *out, const dd_zone_check_t *res,
                                   const dd_report_opts_t *opts, const dd_preflight_t *pf)
{
	if (out == NULL || res == NULL || pf == NULL) {
		return DD_EINVAL;
	}
	json_t *zone = dd__report_zone_obj(res, opts), *tr = dd__report_preflight_obj(pf, NULL);
	json_t *all = json_object();
	if (zone == NULL || tr == NULL || all == NULL) {
		json_decref(zone);
		json_decref(tr);
		json_decref(all);
		return DD_ENOMEM;
	}
	json_object_set_new(all, "zone", zone);
	json_object_set_new(all, "transition", tr);
	return dd__jdump(out, all);
}
