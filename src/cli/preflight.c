/* SPDX-License-Identifier: MIT
 * preflight.c - "dnssec-doctor preflight" (the current state live or from saved evidence, the
 * proposed one from a zone file and/or a DS set) and the transition report it shares with
 * "check-zone --previous": the verdict, the
 * combinations of cached records that fail with the validator's finding, and the procedure as
 * numbered steps with times (text, or JSON with jansson). The judgement and the wording of the
 * steps are the library's (src/lib/preflight/). */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include <dd/dd.h>
#include <dd/dnsviz.h>

#include "cli.h"
#include "preflight.h"
#include "util.h"

static void when(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static const char *side(bool is_new)
{
	return is_new ? "new" : "old";
}

int cli_preflight_exit(const dd_preflight_t *r)
{
	switch (r->verdict) {
	case DD_PREFLIGHT_SAFE:       return DD_EXIT_OK;
	case DD_PREFLIGHT_SAFE_AFTER: return DD_EXIT_WARNING;
	case DD_PREFLIGHT_UNSAFE:     break;
	}
	return DD_EXIT_ERROR;
}

void cli_preflight_text(FILE *out, const dd_preflight_t *r)
{
	char t[64];
	fprintf(out, "\nTransition (%s): ", dd_preflight_kind_name(r->kind));
	if (r->verdict == DD_PREFLIGHT_SAFE_AFTER) {
		when(r->safe_at, t, sizeof(t));
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
		when(r->steps[i].at, t, sizeof(t));
		fprintf(out, "  %zu. [%s] %s\n", i + 1, t, r->steps[i].text);
	}
}

json_t *cli_preflight_json(const dd_preflight_t *r)
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
	return o;
}

/* ---- the command ----------------------------------------------------------------------------- */

#define CMD "preflight"

void cmd_preflight_help(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor preflight [options] ZONE\n"
	        "\n"
	        "Say before a change whether it breaks validating resolvers that hold cached\n"
	        "data, and when it becomes safe. The current state comes from the zone's servers\n"
	        "(the same probe as diagnose) or from saved evidence (--replay); the proposed\n"
	        "state is a new signed zone file and/or the parent's whole new DS set. Every mix\n"
	        "of old and new DS, DNSKEY RRset and signed data a resolver may hold is judged by\n"
	        "the validator diagnose uses (docs/preflight.md).\n"
	        "\n"
	        "Options:\n"
	        "      --zone-file FILE     the proposed zone (default: the zone stays as it is)\n"
	        "      --ds RECORD          a DS of the proposed set: a DS line or the registrar\n"
	        "                           form '12345 13 2 ABCD...'; may be repeated\n"
	        "      --ds-file FILE       the proposed DS set from a file (a dsset- file)\n"
	        "      --ds-remove          the proposed DS set is empty (going insecure)\n"
	        "                           (without --ds*, the parent's DS set stays)\n"
	        "      --at TIME            when the change would be made (default now)\n"
	        "      --dreg DUR           registry publication delay (default 1h)\n"
	        "      --dprp DUR           zone propagation delay to every secondary (default 5m)\n"
	        "      --replay FILE        the current state from saved diagnose evidence\n"
	        "      --previous FILE      the current zone from a zone file (offline; no probe)\n"
	        "      --previous-ds RECORD a DS the parent publishes now, as --ds; may be\n"
	        "                           repeated (with --previous; default: the SHA-256 DS of\n"
	        "                           each KSK of the previous zone)\n"
	        "      --anchor FILE        trust anchors (as diagnose)\n"
	        "      --hints FILE         root hints (as diagnose)\n"
	        "      --json               write the result as JSON\n"
	        "  -h, --help               show this help\n"
	        "\n"
	        "Exit codes: 0 safe, 1 safe after T (follow the steps), 2 unsafe, 3 bad input.\n");
}

static int parse_delay(const char *opt, const char *text, uint32_t *out, bool *set)
{
	int64_t ms;
	if (cli_parse_duration_ms(text, &ms) != 0 || ms < 0 || ms / 1000 > 86400 * 365) {
		cli_error(CMD, "bad %s '%s' (a duration such as 5m, 1h, 2d)", opt, text);
		return -1;
	}
	*out = (uint32_t)(ms / 1000);
	*set = true;
	return 0;
}

/* The current state: saved evidence, or the probe diagnose runs. */
static int current_state(const char *replay, const char *anchor_file, const char *hints_file,
                         const uint8_t *zone, dd_evidence_t **ev)
{
	char err[1024];
	if (replay != NULL) {
		FILE *f = strcmp(replay, "-") == 0 ? stdin : fopen(replay, "r");
		if (f == NULL) {
			cli_error(CMD, "cannot read %s: %s", replay, strerror(errno));
			return -1;
		}
		bool dnsviz = false;
		int r = dd_replay_read(f, NULL, 0, ev, &dnsviz, err, sizeof(err));
		if (f != stdin) {
			fclose(f);
		}
		if (r != DD_OK) {
			cli_error(CMD, "%s: %s", replay, r == DD_EPARSE || r == DD_EIO ? err : dd_strerror(r));
			return -1;
		}
		return 0;
	}
	cli_anchors_t anchors = { 0 };
	dd_probe_server_t *hints = NULL;
	size_t nhints = 0;
	if (cli_anchors_load(anchor_file, &anchors, err, sizeof(err)) != 0 ||
	    cli_hints_load(hints_file, &hints, &nhints, err, sizeof(err)) != 0) {
		cli_error(CMD, "%s", err);
		cli_anchors_free(&anchors);
		return -1;
	}
	dd_probe_config_t cfg = {
		.hints = hints, .nhints = nhints, .anchors = anchors.rr, .nanchors = anchors.n,
		.anchor_source = anchors.source,
		.allow_private = hints_file != NULL || anchor_file != NULL,
	};
	int r = dd_probe_run(&cfg, zone, DD_TYPE_SOA, ev);
	free(hints);
	cli_anchors_free(&anchors);
	if (r != DD_OK) {
		cli_error(CMD, "probe failed: %s", dd_strerror(r));
		return -1;
	}
	return 0;
}

/* Read a zone file into a side; one line on stderr when it cannot. */
static int load_side(const char *path, const char *zname, dd_preflight_side_t **out)
{
	dd_zonefile_error_t zerr;
	memset(&zerr, 0, sizeof(zerr));
	int r = dd_preflight_side_load(path, zname, out, &zerr);
	if (r != DD_OK) {
		char msg[600];
		if (zerr.message[0] != '\0') {
			dd_zonefile_error_str(&zerr, msg, sizeof(msg));
		} else {
			snprintf(msg, sizeof(msg), "%s: %s", path, dd_strerror(r));
		}
		cli_error(CMD, "%s", msg);
		return -1;
	}
	return 0;
}

/* The parent's DS set now, with --previous: the --previous-ds records, or else the SHA-256 DS
 * of each live KSK of the previous zone (said in @p said: an assumption the report states). */
static int previous_ds(const dd_preflight_side_t *cur, const char *zname, const char **args,
                       size_t nargs, cli_ds_list_t *l, char *said, size_t len)
{
	for (size_t i = 0; i < nargs; i++) {
		if (cli_ds_load(CMD, args[i], zname, l) != 0) {
			return -1;
		}
	}
	if (nargs > 0) {
		return 0;
	}
	dd_ds_line_t lines[CLI_DS_MAX];
	size_t n = dd_preflight_side_ds_lines(cur, lines, CLI_DS_MAX);
	if (n == 0) {
		snprintf(said, len, "none (the previous zone has no KSK; give --previous-ds if the "
		         "parent publishes DS records)");
		return 0;
	}
	size_t off = (size_t)snprintf(said, len, "the SHA-256 DS of the previous zone's KSK%s",
	                              n > 1 ? "s" : "");
	for (size_t i = 0; i < n; i++) {
		char text[256];
		snprintf(text, sizeof(text), "%u %u %u %s", lines[i].key_tag, lines[i].algorithm,
		         lines[i].digest_type, lines[i].digest);
		if (cli_ds_load(CMD, text, zname, l) != 0) {
			return -1;
		}
		if (off < len) {
			off += (size_t)snprintf(said + off, len - off, "%s %u", i == 0 ? "" : ",",
			                        lines[i].key_tag);
		}
	}
	if (off < len) {
		snprintf(said + off, len - off, ", TTL 3600 s (give --previous-ds for the parent's own)");
	}
	return 0;
}

int cmd_preflight(int argc, char **argv)
{
	enum { OPT_ZF = 256, OPT_DS, OPT_DSF, OPT_DSREM, OPT_AT, OPT_DREG, OPT_DPRP, OPT_REPLAY,
	       OPT_ANCHOR, OPT_HINTS, OPT_JSON, OPT_PREV, OPT_PREVDS };
	static const struct option opts[] = {
		{ "zone-file", required_argument, NULL, OPT_ZF },
		{ "ds", required_argument, NULL, OPT_DS },
		{ "ds-file", required_argument, NULL, OPT_DSF },
		{ "ds-remove", no_argument, NULL, OPT_DSREM },
		{ "at", required_argument, NULL, OPT_AT },
		{ "dreg", required_argument, NULL, OPT_DREG },
		{ "dprp", required_argument, NULL, OPT_DPRP },
		{ "replay", required_argument, NULL, OPT_REPLAY },
		{ "previous", required_argument, NULL, OPT_PREV },
		{ "previous-ds", required_argument, NULL, OPT_PREVDS },
		{ "anchor", required_argument, NULL, OPT_ANCHOR },
		{ "hints", required_argument, NULL, OPT_HINTS },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *zone_file = NULL, *at_text = NULL, *replay = NULL, *anchor = NULL;
	const char *hints = NULL, *ds_args[CLI_DS_MAX], *previous = NULL, *prevds_args[CLI_DS_MAX];
	size_t nds = 0, nprevds = 0;
	bool ds_remove = false, json = false;
	dd_preflight_timing_t timing = { 0 };
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_ZF: zone_file = optarg; break;
		case OPT_DS:
		case OPT_DSF:
			if (nds == CLI_DS_MAX) {
				cli_error(CMD, "too many --ds options (at most %d)", CLI_DS_MAX);
				return DD_EXIT_FAIL;
			}
			ds_args[nds++] = optarg;
			break;
		case OPT_DSREM: ds_remove = true; break;
		case OPT_AT: at_text = optarg; break;
		case OPT_DREG:
			if (parse_delay("--dreg", optarg, &timing.dreg, &timing.dreg_set) != 0) {
				return DD_EXIT_FAIL;
			}
			break;
		case OPT_DPRP:
			if (parse_delay("--dprp", optarg, &timing.dprp, &timing.dprp_set) != 0) {
				return DD_EXIT_FAIL;
			}
			break;
		case OPT_REPLAY: replay = optarg; break;
		case OPT_PREV: previous = optarg; break;
		case OPT_PREVDS:
			if (nprevds == CLI_DS_MAX) {
				cli_error(CMD, "too many --previous-ds options (at most %d)", CLI_DS_MAX);
				return DD_EXIT_FAIL;
			}
			prevds_args[nprevds++] = optarg;
			break;
		case OPT_ANCHOR: anchor = optarg; break;
		case OPT_HINTS: hints = optarg; break;
		case OPT_JSON: json = true; break;
		case 'h': cmd_preflight_help(stdout); return DD_EXIT_OK;
		default: return cli_bad_option(CMD, argv, c);
		}
	}
	if (argc - optind != 1) {
		cli_error(CMD, "expected one zone name, got %d (see 'dnssec-doctor preflight --help')",
		          argc - optind);
		return DD_EXIT_FAIL;
	}
	const char *zname = argv[optind];
	uint8_t zone[DD_NAME_MAXLEN];
	if (dd_name_from_str(zname, zone) < 0) {
		cli_error(CMD, "bad zone name '%s'", zname);
		return DD_EXIT_FAIL;
	}
	if (nds > 0 && ds_remove) {
		cli_error(CMD, "--ds and --ds-remove contradict each other");
		return DD_EXIT_FAIL;
	}
	if (previous != NULL && (replay != NULL || anchor != NULL || hints != NULL)) {
		cli_error(CMD, "--previous gives the current state: --replay, --anchor and --hints "
		          "do not apply");
		return DD_EXIT_FAIL;
	}
	if (nprevds > 0 && previous == NULL) {
		cli_error(CMD, "--previous-ds needs --previous (otherwise the parent's DS set is "
		          "probed or replayed)");
		return DD_EXIT_FAIL;
	}
	int64_t now = (int64_t)time(NULL), at = now;
	if (at_text != NULL && cli_parse_at(CMD, at_text, now, &at) != 0) {
		return DD_EXIT_FAIL;
	}
	int ex = DD_EXIT_FAIL;
	cli_ds_list_t *newds = calloc(1, sizeof(*newds)), *prevds = calloc(1, sizeof(*prevds));
	dd_evidence_t *ev = NULL;
	dd_preflight_side_t *cur = NULL, *next = NULL;
	char derived[256] = "";
	if (newds == NULL || prevds == NULL) {
		cli_error(CMD, "out of memory");
		free(newds);
		free(prevds);
		return DD_EXIT_FAIL;
	}
	for (size_t i = 0; i < nds; i++) {
		if (cli_ds_load(CMD, ds_args[i], zname, newds) != 0) {
			goto out;
		}
	}
	if (zone_file != NULL && load_side(zone_file, zname, &next) != 0) {
		goto out;
	}
	int r;
	dd_preflight_ds_t cds, nds_set = { .ds = newds->rr, .n = newds->n };
	if (previous != NULL) {
		if (load_side(previous, zname, &cur) != 0 ||
		    previous_ds(cur, zname, prevds_args, nprevds, prevds, derived,
		                sizeof(derived)) != 0) {
			goto out;
		}
		cds = (dd_preflight_ds_t){ .ds = prevds->rr, .n = prevds->n };
	} else {
		if (current_state(replay, anchor, hints, zone, &ev) != 0) {
			goto out;
		}
		r = dd_preflight_side_from_evidence(ev, zone, &cur);
		if (r != DD_OK) {
			cli_error(CMD, "%s: no server of the zone answered in the %s", zname,
			          replay != NULL ? "evidence" : "probe");
			goto out;
		}
		dd_preflight_side_ds(cur, &cds);
	}
	dd_preflight_t pf;
	r = dd_preflight_check(&cds, cur, nds > 0 || ds_remove ? &nds_set : NULL, next, at, &timing,
	                       &pf);
	if (r != DD_OK) {
		cli_error(CMD, "cannot check the transition: %s",
		          r == DD_EINVAL ? "a DS does not parse, or the zone file is of another zone"
		                         : dd_strerror(r));
		goto out;
	}
	if (json) {
		json_t *o = cli_preflight_json(&pf);
		if (o != NULL && derived[0] != '\0') {
			json_object_set_new(o, "current_ds_assumed", json_string(derived));
		}
		if (o == NULL || json_dumpf(o, stdout, JSON_INDENT(2)) != 0) {
			json_decref(o);
			cli_error(CMD, "cannot write the report");
			goto out;
		}
		json_decref(o);
		putchar('\n');
	} else {
		char zn[1024];
		dd_name_to_str(zone, zn, sizeof(zn));
		printf("Preflight of %s (current state from %s)", zn,
		       previous != NULL ? previous
		                        : (replay != NULL ? replay : "the zone's servers"));
		if (derived[0] != '\0') {
			printf("\nCurrent DS set assumed: %s", derived);
		}
		cli_preflight_text(stdout, &pf);
	}
	ex = cli_preflight_exit(&pf);
out:
	dd_preflight_side_free(cur);
	dd_preflight_side_free(next);
	dd_evidence_free(ev);
	free(newds);
	free(prevds);
	return ex;
}
