/* SPDX-License-Identifier: MIT
 * html_zone.c - the check-zone report as one HTML page, in the style of the diagnose incident
 * report (html_util.c): verdict and counts, zone summary and keys, expiry horizon per type,
 * findings, codes not all shown. Everything from the zone file (names, details) is escaped. */

#include <stdio.h>
#include <string.h>

#include "dd-config.h"
#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/finding.h"
#include "dd/report.h"
#include "dd/text.h"
#include "core/fmt.h"
#include "dns/name_text.h"
#include "html_int.h"
#include "zone_int.h"

static void summary(FILE *out, const dd_zone_check_t *res)
{
	fputs("<section id=\"summary\"><h2>Zone</h2>\n", out);
	fprintf(out, "<p>%zu records, %zu names, %zu RRsets, %zu signatures (%zu verifications on "
	        "%u threads), %zu secure and %zu insecure delegations.", res->records, res->names,
	        res->rrsets, res->signatures, res->verifications, res->threads,
	        res->delegations_secure, res->delegations_insecure);
	if (!res->signed_zone) {
		fputs(" Not signed: no DNSKEY RRset at the apex.", out);
	}
	if (res->denial == DD_ZONE_DENIAL_NSEC3) {
		fprintf(out, " Denial: NSEC3 hash %u, %u iterations, salt ", res->nsec3_algorithm,
		        res->nsec3_iterations);
		dd__html_esc(out, res->nsec3_salt);
		fputs(res->nsec3_optout ? ", opt-out." : ".", out);
	} else if (res->denial == DD_ZONE_DENIAL_NSEC) {
		fputs(" Denial: NSEC.", out);
	}
	fputs("</p>\n", out);
	char zmd[512];
	if (dd__zone_zonemd_text(res, zmd, sizeof(zmd))) {
		fputs("<p id=\"zonemd\">ZONEMD: ", out);
		dd__html_esc(out, zmd);
		fputs("</p>\n", out);
	}
	if (res->nkeys > 0) {
		fputs("<table id=\"keys\"><thead><tr><th>key tag</th><th>role</th><th>flags</th>"
		      "<th>algorithm</th><th>bits</th><th>state</th><th>signatures</th></tr></thead>"
		      "<tbody>\n", out);
	}
	for (size_t i = 0; i < res->nkeys; i++) {
		const dd_zone_key_t *k = &res->keys[i];
		const char *alg = dd_alg_name(k->algorithm);
		fprintf(out, "<tr><td>%u</td><td>%s</td><td>%u</td><td>%u (%s)</td><td>%u</td><td>",
		        k->key_tag, (k->flags & 0x0001) ? "KSK" : "ZSK", k->flags, k->algorithm,
		        alg ? alg : "?", k->bits);
		const char *sep = "";
		if (k->flags & 0x0080) {
			fputs("revoked", out);
			sep = ", ";
		}
		if (!k->valid || !k->supported) {
			fprintf(out, "%s%s", sep, !k->valid ? "malformed" : "unsupported");
			sep = ", ";
		}
		if (k->signs_dnskey) {
			fprintf(out, "%ssigns the DNSKEY RRset", sep);
			sep = ", ";
		}
		if (k->ds_matched) {
			fprintf(out, "%smatches a given DS", sep);
			sep = ", ";
		}
		fprintf(out, "%s</td><td>%zu</td></tr>\n", sep[0] == '\0' ? "-" : "", k->signatures);
	}
	if (res->nkeys > 0) {
		fputs("</tbody></table>\n", out);
	}
	fputs("</section>\n", out);
}

static void expiry(FILE *out, const dd_zone_check_t *res)
{
	if (res->earliest_expiration == 0) {
		return;
	}
	char tb[24], d[48];
	int64_t left = res->earliest_expiration - res->at;
	dd_type_to_str(res->earliest_type, tb, sizeof(tb));
	dd__duration_text(left, d);
	fputs("<section id=\"expiry\"><h2>Expiry horizon</h2>\n<p>The first RRset to lose its last "
	      "valid signature is ", out);
	dd__html_esc_name(out, res->earliest_owner);
	fprintf(out, " %s, at ", tb);
	dd__html_time(out, res->earliest_expiration);
	fprintf(out, left >= 0 ? " (in %s)" : " (%s ago)", d);
	if (left < res->expire_warn) {
		fputs(": <strong>re-sign before then</strong>", out);
	}
	fputs(".</p>\n<table><thead><tr><th>type</th><th>signed RRsets</th><th>earliest expiry</th>"
	      "<th>of</th></tr></thead><tbody>\n", out);
	for (size_t i = 0; i < res->nexpiry; i++) {
		const dd_zone_expiry_t *e = &res->expiry[i];
		dd_type_to_str(e->type, tb, sizeof(tb));
		fprintf(out, "<tr><td>%s</td><td>%zu</td><td>", tb, e->rrsets);
		dd__html_time(out, e->expiration);
		fputs("</td><td>", out);
		dd__html_esc_name(out, e->owner);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></section>\n", out);
}

static void findings(FILE *out, const dd_zone_check_t *res, dd_severity_t level)
{
	size_t hid = dd__zone_hidden(res, level);
	fputs("<section id=\"findings\"><h2>Findings</h2>\n", out);
	if (res->nfindings == 0) {
		fputs("<p>None.</p>\n", out);
	} else if (hid > 0) {
		fprintf(out, "<p>%zu below %s not shown (--level %s).</p>\n", hid,
		        dd_severity_name(level), dd_severity_name(level));
	}
	size_t shown = 0;
	for (size_t i = 0; i < res->nfindings; i++) {
		const dd_finding_t *f = &res->findings[i];
		if (f->severity < level) {
			continue;
		}
		if (shown++ == 0) {
			fputs("<table><thead><tr><th>severity</th><th>code</th><th>detail</th></tr></thead>"
			      "<tbody>\n", out);
		}
		fprintf(out, "<tr class=\"finding %s\"><td>", dd_severity_name(f->severity));
		dd__html_badge(out, dd_severity_name(f->severity), dd_severity_name(f->severity));
		fputs("</td><td><code>", out);
		dd__html_esc(out, f->code);
		fputs("</code></td><td>", out);
		dd__html_esc(out, f->detail);
		fputs("</td></tr>\n", out);
	}
	if (shown > 0) {
		fputs("</tbody></table>\n", out);
	}
	bool more = false;
	for (size_t i = 0; i < res->ncounts; i++) {
		if (res->counts[i].severity < level) {
			continue;  /* said above: below --level */
		}
		size_t more_here = dd__zone_not_kept(res, i);
		if (more_here > 0) {
			fputs(more ? "" : "<h3>Not shown</h3><ul id=\"not-shown\">", out);
			more = true;
			fputs("<li><code>", out);
			dd__html_esc(out, res->counts[i].code);
			fprintf(out, "</code>: %zu more (%zu in all)</li>", more_here, res->counts[i].count);
		}
	}
	fputs(more ? "</ul>\n</section>\n" : "</section>\n", out);
}

int dd_report_zone_html(FILE *out, const dd_zone_check_t *res, const dd_report_opts_t *opts)
{
	if (out == NULL || res == NULL) {
		return DD_EINVAL;
	}
	char zn[1100], title[1200];
	dd__name_text(res->origin, zn, sizeof(zn));
	int ex = dd_zone_check_exit(res);
	size_t nerr, nwarn, nnote;
	dd__zone_totals(res, &nerr, &nwarn, &nnote);
	const char *verdict = dd_zone_check_verdict(res);
	snprintf(title, sizeof(title), "check-zone %s: %s", zn, verdict);
	dd__html_begin(out, title);
	fputs("<header><h1>DNSSEC check of the zone file of ", out);
	dd__html_esc(out, zn);
	fputs("</h1>\n<p class=\"verdict\" id=\"verdict\">", out);
	dd__html_badge(out, ex == 2 ? "error" : ex == 1 ? "warning" : "ok", verdict);
	fprintf(out, " %s%zu error(s), %zu warning(s), %zu notice(s)</p>\n<p>Checked as of ",
	        res->signed_zone ? "" : ex == 0 ? "no DNSKEY RRset at the apex, "
	                                        : "unsigned (no DNSKEY RRset at the apex), ",
	        nerr, nwarn, nnote);
	dd__html_time(out, res->at);
	fprintf(out, "; %s %s.</p></header>\n", DD_PACKAGE, DD_VERSION);
	summary(out, res);
	expiry(out, res);
	findings(out, res, opts != NULL ? opts->level : DD_SEV_NOTICE);
	dd__html_end(out);
	return ferror(out) ? DD_EIO : DD_OK;
}
