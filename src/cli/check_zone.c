/* SPDX-License-Identifier: MIT
 * check_zone.c - "dnssec-doctor check-zone": verify a signed zone file offline, as a gate in a
 * deployment pipeline (exit 0 valid, 1 warnings, 2 errors, 3 could not check). */

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <dd/dd.h>

#include "cli.h"
#include "preflight.h"
#include "util.h"

#define CMD "check-zone"
#define DS_MAX 64
#define INCLUDE_DIRS_MAX 16

void cmd_check_zone_help(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor check-zone [options] FILE\n"
	        "\n"
	        "Verify a signed zone file offline: every RRSIG with real cryptography (on all\n"
	        "cores), every authoritative RRset signed by every algorithm of the DNSKEY RRset,\n"
	        "the DNSKEY RRset signed by a SEP key per algorithm, the NSEC or NSEC3 chain and\n"
	        "its type bitmaps, NSEC3PARAM, RFC 9276 parameters, RFC 8624 algorithms, CDS and\n"
	        "CDNSKEY, DS placement, glue, and the signature expiry horizon. FILE '-' reads\n"
	        "standard input; gzip-compressed input is recognised.\n"
	        "\n"
	        "Options:\n"
	        "  -o, --origin NAME        zone apex (default: the owner of the file's first SOA)\n"
	        "      --at TIME            check signature windows at TIME (default now):\n"
	        "                           YYYYMMDDHHMMSS, YYYY-MM-DD[THH:MM[:SS]], @EPOCH, +3d\n"
	        "      --expire-warn DUR    warn when a signature expires within DUR (default 7d)\n"
	        "      --ds FILE|RECORD     DS records the parent has (a file of DS records, a\n"
	        "                           dsset- file, or one record such as the registrar's\n"
	        "                           '12345 13 2 ABCD...'); check that one matches a key\n"
	        "                           that signs the DNSKEY RRset. May be repeated.\n"
	        "      --previous OLD       the zone served now: also check the transition from\n"
	        "                           OLD (and the --ds set) to FILE (and the --new-ds\n"
	        "                           set): every mix of cached DS, DNSKEY and signed data\n"
	        "                           a validating resolver may hold must validate\n"
	        "                           (exit 0 safe, 1 safe after T, 2 unsafe;\n"
	        "                           docs/preflight.md)\n"
	        "      --new-ds RECORD      the parent's DS set after the change (as --ds; may be\n"
	        "                           repeated; default: the --ds set stays)\n"
	        "      --ds-remove          the parent's DS set after the change is empty\n"
	        "      --dreg DUR           registry publication delay, from the DS change to\n"
	        "                           every parent server (default 1h)\n"
	        "      --dprp DUR           zone propagation delay to every secondary (default 5m)\n"
	        "  -j, --threads N          threads reading the zone text and verifying (default: every CPU)\n"
	        "      --cache FILE         remember each signature's cryptographic verdict in\n"
	        "                           FILE (made if absent) and verify only signatures\n"
	        "                           not in it; windows are always checked at --at\n"
	        "      --include-dir DIR    $INCLUDE may also read files in DIR's tree (by\n"
	        "                           default only the zone file's directory tree; for\n"
	        "                           standard input, none). May be repeated (16).\n"
	        "      --max-records N      refuse a zone of more than N records (default\n"
	        "                           100000000)\n"
	        "      --max-memory SIZE    refuse a zone whose store and text held in memory\n"
	        "                           need more than SIZE (default 8G; K, M, G, T suffixes)\n"
	        "      --max-findings N     findings shown per code (default 20; all are counted)\n"
	        "      --format FMT         text (default), json (docs/json.md) or html (one\n"
	        "                           self-contained page: verdict, keys, expiry, findings)\n"
	        "      --json               the same as --format json\n"
	        "      --color WHEN         auto, always or never (default auto)\n"
	        "  -q, --quiet              print only the verdict line\n"
	        "      --level LEVEL        findings of LEVEL and above only (error, warning,\n"
	        "                           notice; default notice); counts and JSON keep all\n"
	        "      --progress WHEN      progress on stderr: auto (a terminal), always, never\n"
	        "  -h, --help               show this help\n"
	        "\n"
	        "$INCLUDE follows regular files only, at most 10 levels deep and 256 files in\n"
	        "all; errors in an included file name its file and line, never its text.\n"
	        "\n"
	        "Exit codes: 0 valid (notices allowed), 1 warnings only, 2 errors,\n"
	        "3 could not check (bad arguments, unreadable or unparsable file, a limit\n"
	        "reached).\n");
}

#define SOA_TEXT 1024

/* The owner of the zone file's first SOA, as check-zone takes the origin without -o. */
static int first_soa(const dd_rr_t *rr, void *ctx)
{
	if (rr->type != DD_TYPE_SOA) {
		return 0;
	}
	dd_name_to_str(rr->owner, ctx, SOA_TEXT);
	return 1;  /* found: stop reading */
}


static void show_progress(const dd_zone_progress_t *p, void *ctx)
{
	(void)ctx;
	if (p->signatures > 0) {
		double rate = p->elapsed > 0 ? (double)p->verified / p->elapsed : 0;
		fprintf(stderr, "\r%s: %zu records read, %zu/%zu signatures verified (%.0f/s)   ",
		        p->phase, p->records, p->verified, p->signatures, rate);
	} else {
		fprintf(stderr, "\r%s: %zu records read (%.1f s)   ", p->phase, p->records, p->elapsed);
	}
	fflush(stderr);
}

/* A decimal number in [lo, hi] filling the whole string. */
static int parse_num(const char *text, long lo, long hi, long *out)
{
	char *end = NULL;
	if (text[0] < '0' || text[0] > '9') {
		return -1;
	}
	long v = strtol(text, &end, 10);
	if (*end != '\0' || v < lo || v > hi) {
		return -1;
	}
	*out = v;
	return 0;
}

/* A size in octets: a number with an optional K, M, G or T suffix (powers of 1024). */
static int parse_size(const char *text, size_t *out)
{
	char *end = NULL;
	if (text[0] < '0' || text[0] > '9') {
		return -1;
	}
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	unsigned shift = 0;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'T': case 't': shift = 40; end++; break;
	default: break;
	}
	if (errno != 0 || *end != '\0' || v == 0 || v > (SIZE_MAX >> shift)) {
		return -1;
	}
	*out = (size_t)v << shift;
	return 0;
}

/* Read @p ds records into a preflight DS set. */
static dd_preflight_ds_t pf_ds(const cli_ds_list_t *l)
{
	return (dd_preflight_ds_t){ .ds = l->rr, .n = l->n, .ttl = 0 };
}

/* The transition from @p old_path (DS set @p ds) to @p new_path (@p newds, NULL: unchanged).
 * @return the verdict's exit code, or DD_EXIT_FAIL (said on stderr). */
static int transition(const char *old_path, const char *new_path, const char *origin,
                      const cli_ds_list_t *ds, const cli_ds_list_t *newds, int64_t at,
                      const dd_preflight_timing_t *timing, dd_preflight_t *out)
{
	dd_preflight_side_t *a = NULL, *b = NULL;
	dd_zonefile_error_t zerr;
	memset(&zerr, 0, sizeof(zerr));
	const char *bad = old_path;
	int r = dd_preflight_side_load(old_path, origin, &a, &zerr);
	if (r == DD_OK) {
		bad = new_path;
		r = dd_preflight_side_load(new_path, origin, &b, &zerr);
	}
	if (r != DD_OK) {
		char msg[600];
		if (zerr.message[0] != '\0') {
			dd_zonefile_error_str(&zerr, msg, sizeof(msg));
		} else {
			snprintf(msg, sizeof(msg), "%s: %s", bad,
			         r == DD_EINVAL ? "no SOA record first (give the zone with -o)"
			                        : dd_strerror(r));
		}
		cli_error(CMD, "%s", msg);
		dd_preflight_side_free(a);
		return DD_EXIT_FAIL;
	}
	dd_preflight_ds_t cur = pf_ds(ds), nx = newds != NULL ? pf_ds(newds) : cur;
	r = dd_preflight_check(&cur, a, newds != NULL ? &nx : NULL, b, at, timing, out);
	dd_preflight_side_free(a);
	dd_preflight_side_free(b);
	if (r != DD_OK) {
		cli_error(CMD, "cannot check the transition from '%s': %s", old_path,
		          r == DD_EINVAL ? "the zones have different apexes, or a DS does not parse"
		                         : dd_strerror(r));
		return DD_EXIT_FAIL;
	}
	return cli_preflight_exit(out);
}

/* --cache: the file opened; a file set aside is a notice on stderr (the report is unchanged). */
static int cache_open(const char *path, dd_zone_cache_t **out)
{
	char notice[512];
	int r = dd_zone_cache_open(path, out, notice, sizeof(notice));
	if (r == DD_OK && notice[0] != '\0') {
		cli_error(CMD, "notice: %s", notice);
	}
	return r;
}

static void cache_save(dd_zone_cache_t *cache)
{
	char notice[512];
	if (dd_zone_cache_save(cache, notice, sizeof(notice)) != DD_OK && notice[0] != '\0') {
		cli_error(CMD, "notice: %s", notice);
	}
}

int cmd_check_zone(int argc, char **argv)
{
	enum { OPT_AT = 256, OPT_WARN, OPT_DS, OPT_JSON, OPT_COLOR, OPT_PROGRESS, OPT_MAX,
	       OPT_INCDIR, OPT_MAXREC, OPT_MAXMEM, OPT_LEVEL, OPT_PREV, OPT_NEWDS, OPT_DSREM,
	       OPT_DREG, OPT_DPRP, OPT_FORMAT, OPT_CACHE };
	static const struct option opts[] = {
		{ "origin", required_argument, NULL, 'o' },
		{ "at", required_argument, NULL, OPT_AT },
		{ "expire-warn", required_argument, NULL, OPT_WARN },
		{ "ds", required_argument, NULL, OPT_DS },
		{ "previous", required_argument, NULL, OPT_PREV },
		{ "new-ds", required_argument, NULL, OPT_NEWDS },
		{ "ds-remove", no_argument, NULL, OPT_DSREM },
		{ "dreg", required_argument, NULL, OPT_DREG },
		{ "dprp", required_argument, NULL, OPT_DPRP },
		{ "threads", required_argument, NULL, 'j' },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ "max-findings", required_argument, NULL, OPT_MAX },
		{ "include-dir", required_argument, NULL, OPT_INCDIR },
		{ "max-records", required_argument, NULL, OPT_MAXREC },
		{ "max-memory", required_argument, NULL, OPT_MAXMEM },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "quiet", no_argument, NULL, 'q' },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "progress", required_argument, NULL, OPT_PROGRESS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *origin = NULL, *at_text = NULL, *warn_text = "7d", *color = "auto";
	const char *progress = "auto";
	dd_severity_t level = DD_SEV_NOTICE;  /* --level */
	const char *ds_args[DS_MAX];
	size_t nds_args = 0;
	const char *newds_args[DS_MAX];
	size_t nnewds = 0;
	const char *previous = NULL, *dreg_text = NULL, *dprp_text = NULL, *cache_path = NULL;
	bool ds_remove = false;
	const char *inc_dirs[INCLUDE_DIRS_MAX];
	size_t ninc = 0, max_memory = 0;
	long max_records = 0;
	long threads = 0, max_findings = 20;
	bool json = false, quiet = false, html = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': origin = optarg; break;
		case OPT_AT: at_text = optarg; break;
		case OPT_WARN: warn_text = optarg; break;
		case OPT_DS:
			if (nds_args == DS_MAX) {
				cli_error(CMD, "too many --ds options (at most %d)", DS_MAX);
				return DD_EXIT_FAIL;
			}
			ds_args[nds_args++] = optarg;
			break;
		case OPT_NEWDS:
			if (nnewds == DS_MAX) {
				cli_error(CMD, "too many --new-ds options (at most %d)", DS_MAX);
				return DD_EXIT_FAIL;
			}
			newds_args[nnewds++] = optarg;
			break;
		case OPT_PREV: previous = optarg; break;
		case OPT_DSREM: ds_remove = true; break;
		case OPT_DREG: dreg_text = optarg; break;
		case OPT_DPRP: dprp_text = optarg; break;
		case OPT_CACHE: cache_path = optarg; break;
		case 'j':
			if (parse_num(optarg, 1, 256, &threads) != 0) {
				cli_error(CMD, "bad --threads '%s' (1-256)", optarg);
				return DD_EXIT_FAIL;
			}
			break;
		case OPT_MAX:
			if (parse_num(optarg, 1, 1000000, &max_findings) != 0) {
				cli_error(CMD, "bad --max-findings '%s' (1-1000000)", optarg);
				return DD_EXIT_FAIL;
			}
			break;
		case OPT_INCDIR:
			if (ninc == INCLUDE_DIRS_MAX) {
				cli_error(CMD, "too many --include-dir options (at most %d)",
				          INCLUDE_DIRS_MAX);
				return DD_EXIT_FAIL;
			}
			inc_dirs[ninc++] = optarg;
			break;
		case OPT_MAXREC:
			if (parse_num(optarg, 1, 4000000000L, &max_records) != 0) {
				cli_error(CMD, "bad --max-records '%s' (1-4000000000)", optarg);
				return DD_EXIT_FAIL;
			}
			break;
		case OPT_MAXMEM:
			if (parse_size(optarg, &max_memory) != 0) {
				cli_error(CMD, "bad --max-memory '%s' (a size such as 512M, 8G)", optarg);
				return DD_EXIT_FAIL;
			}
			break;
		case OPT_JSON: json = true; html = false; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "html") != 0) {
				cli_error(CMD, "bad --format '%s' (text, json, html)", optarg);
				return DD_EXIT_FAIL;
			}
			json = strcmp(optarg, "json") == 0;
			html = strcmp(optarg, "html") == 0;
			break;
		case OPT_COLOR: color = optarg; break;
		case OPT_PROGRESS: progress = optarg; break;
		case 'q': quiet = true; break;
		case OPT_LEVEL:
			if (cli_parse_level(CMD, optarg, &level) != 0) {
				return DD_EXIT_FAIL;
			}
			break;
		case 'h': cmd_check_zone_help(stdout); return DD_EXIT_OK;
		default:
			return cli_bad_option(CMD, argv, c);
		}
	}
	if (argc - optind != 1) {
		cli_error(CMD, "expected one zone file, got %d (see 'dnssec-doctor check-zone --help')",
		          argc - optind);
		return DD_EXIT_FAIL;
	}
	const char *path = argv[optind];
	if (html && previous != NULL) {
		cli_error(CMD, "--format html does not show the transition (--previous): use text or "
		          "json");
		return DD_EXIT_FAIL;
	}
	if (cli_check_color(CMD, color) != 0) {
		return DD_EXIT_FAIL;
	}
	if (strcmp(progress, "auto") != 0 && strcmp(progress, "always") != 0 &&
	    strcmp(progress, "never") != 0) {
		cli_error(CMD, "bad --progress '%s' (auto, always, never)", progress);
		return DD_EXIT_FAIL;
	}
	uint8_t oname[DD_NAME_MAXLEN];
	if (origin != NULL && dd_name_from_str(origin, oname) < 0) {
		cli_error(CMD, "bad --origin '%s'", origin);
		return DD_EXIT_FAIL;
	}
	int64_t now = (int64_t)time(NULL), at = now, warn_ms = 0;
	if (at_text != NULL && cli_parse_at(CMD, at_text, now, &at) != 0) {
		return DD_EXIT_FAIL;
	}
	if (cli_parse_duration_ms(warn_text, &warn_ms) != 0 || warn_ms < 0) {
		cli_error(CMD, "bad --expire-warn '%s' (a duration such as 7d, 36h, 90m)", warn_text);
		return DD_EXIT_FAIL;
	}
	if (strcmp(path, "-") != 0 && access(path, R_OK) != 0) {
		cli_error(CMD, "cannot read '%s': %s", path, strerror(errno));
		return DD_EXIT_FAIL;
	}
	cli_ds_list_t *ds = calloc(1, sizeof(*ds));
	if (ds == NULL) {
		cli_error(CMD, "out of memory");
		return DD_EXIT_FAIL;
	}
	/* a bare DS without -o is the zone's: its origin from the file's first SOA */
	char soa_owner[SOA_TEXT] = "";
	const char *ds_origin = origin;
	for (size_t i = 0; i < nds_args && origin == NULL && soa_owner[0] == '\0'; i++) {
		struct stat st;
		if (stat(ds_args[i], &st) != 0 && ds_args[i][0] >= '0' && ds_args[i][0] <= '9') {
			if (strcmp(path, "-") == 0) {
				cli_error(CMD, "--ds '%s' is a bare DS and the zone comes from standard "
				          "input: give the zone with -o", ds_args[i]);
				free(ds);
				return DD_EXIT_FAIL;
			}
			dd_zonefile_opts_t zo = { .include_dirs = inc_dirs, .ninclude_dirs = ninc };
			if (dd_zonefile_parse_file_opts(path, NULL, 3600, &zo, first_soa, soa_owner,
			                                NULL) != 1) {
				cli_error(CMD, "--ds '%s' is a bare DS and %s has no SOA record to take "
				          "the zone from: give it with -o", ds_args[i], path);
				free(ds);
				return DD_EXIT_FAIL;
			}
			ds_origin = soa_owner;
		}
	}
	for (size_t i = 0; i < nds_args; i++) {
		if (cli_ds_load(CMD, ds_args[i], ds_origin, ds) != 0) {
			free(ds);
			return DD_EXIT_FAIL;
		}
	}
	if ((nnewds > 0 || ds_remove || dreg_text != NULL || dprp_text != NULL) &&
	    previous == NULL) {
		cli_error(CMD, "--new-ds, --ds-remove, --dreg and --dprp need --previous");
		free(ds);
		return DD_EXIT_FAIL;
	}
	if (nnewds > 0 && ds_remove) {
		cli_error(CMD, "--new-ds and --ds-remove contradict each other");
		free(ds);
		return DD_EXIT_FAIL;
	}
	cli_ds_list_t *newds = NULL;
	dd_preflight_timing_t timing = { 0 };
	if (previous != NULL) {
		int64_t ms;
		if (dreg_text != NULL) {
			if (cli_parse_duration_ms(dreg_text, &ms) != 0 || ms < 0 || ms / 1000 > 86400 * 365) {
				cli_error(CMD, "bad --dreg '%s' (a duration such as 1h, 2d)", dreg_text);
				free(ds);
				return DD_EXIT_FAIL;
			}
			timing.dreg = (uint32_t)(ms / 1000);
			timing.dreg_set = true;
		}
		if (dprp_text != NULL) {
			if (cli_parse_duration_ms(dprp_text, &ms) != 0 || ms < 0 || ms / 1000 > 86400 * 365) {
				cli_error(CMD, "bad --dprp '%s' (a duration such as 5m, 1h)", dprp_text);
				free(ds);
				return DD_EXIT_FAIL;
			}
			timing.dprp = (uint32_t)(ms / 1000);
			timing.dprp_set = true;
		}
		if (nnewds > 0 || ds_remove) {
			newds = calloc(1, sizeof(*newds));
			if (newds == NULL) {
				cli_error(CMD, "out of memory");
				free(ds);
				return DD_EXIT_FAIL;
			}
		}
		for (size_t i = 0; i < nnewds; i++) {
			if (cli_ds_load(CMD, newds_args[i], origin, newds) != 0) {
				free(newds);
				free(ds);
				return DD_EXIT_FAIL;
			}
		}
	}
	int pex = DD_EXIT_OK;
	dd_preflight_t pf;
	bool have_pf = false;
	if (previous != NULL) {
		pex = transition(previous, path, origin, ds, newds, at, &timing, &pf);
		have_pf = pex != DD_EXIT_FAIL;
	}
	if (pex == DD_EXIT_FAIL) {
		free(newds);
		free(ds);
		return DD_EXIT_FAIL;
	}
	/* the proposed zone is checked against the DS set it will have */
	const cli_ds_list_t *zds = newds != NULL ? newds : ds;
	bool show = strcmp(progress, "always") == 0 ||
	            (strcmp(progress, "auto") == 0 && isatty(STDERR_FILENO));
	dd_zone_check_opts_t o = {
		.origin = origin,
		.at = at,
		.expire_warn = warn_ms / 1000,
		.threads = (unsigned)threads,
		.ds = zds->rr,
		.nds = zds->n,
		.max_findings_per_code = (size_t)max_findings,
		.include_dirs = inc_dirs,
		.ninclude_dirs = ninc,
		.max_records = (size_t)max_records,
		.max_memory = max_memory,
		.progress = show ? show_progress : NULL,
	};
	dd_zone_check_t *res = NULL;
	dd_zonefile_error_t zerr;
	memset(&zerr, 0, sizeof(zerr));
	int r = cache_path != NULL ? cache_open(cache_path, &o.cache) : DD_OK;
	if (r == DD_OK) {
		r = dd_zone_check_file(path, &o, &res, &zerr);
	}
	if (r == DD_OK && o.cache != NULL) {
		cache_save(o.cache);
	}
	dd_zone_cache_free(o.cache);
	if (show) {
		fprintf(stderr, "\r\033[K");
	}
	free(newds);
	free(ds);
	if (r != DD_OK) {
		char msg[600];
		if (r == DD_EPARSE || r == DD_EIO || r == DD_ELIMIT ||
		    (r == DD_EINVAL && zerr.message[0] != '\0')) {
			dd_zonefile_error_str(&zerr, msg, sizeof(msg));
		} else {
			snprintf(msg, sizeof(msg), "%s: %s", path, dd_strerror(r));
		}
		if (r == DD_ELIMIT) {
			cli_error(CMD, "%s (limits: see 'dnssec-doctor check-zone --help')", msg);
		} else {
			cli_error(CMD, "%s", msg);
		}
		return DD_EXIT_FAIL;
	}
	dd_report_opts_t ro = {
		.color = cli_use_color(color),
		.level = level,
	};
	int ex = dd_zone_check_exit(res);
	if (json && have_pf) {
		r = dd_report_zone_transition_json(stdout, res, &ro, &pf);
	} else if (json) {
		r = dd_report_zone_json(stdout, res, &ro);
	} else if (html) {
		r = dd_report_zone_html(stdout, res, &ro);
	} else if (quiet) {
		char zn[1024];
		dd_name_to_str(res->origin, zn, sizeof(zn));
		const char *v = dd_zone_check_verdict(res);  /* "VALID", "UNSIGNED", ... */
		for (; *v != '\0'; v++) {
			putchar(*v >= 'a' && *v <= 'z' ? *v - 'a' + 'A' : *v);
		}
		printf(" %s\n", zn);
		if (have_pf) {
			printf("TRANSITION %s\n", dd_preflight_verdict_name(pf.verdict));
		}
	} else {
		r = dd_report_zone_text(stdout, res, &ro);
		if (r == DD_OK && have_pf) {
			r = dd_report_preflight_text(stdout, &pf);
		}
	}
	ex = pex > ex ? pex : ex;
	dd_zone_check_free(res);
	if (r != DD_OK || fflush(stdout) != 0) {
		cli_error(CMD, "cannot write the report");
		return DD_EXIT_FAIL;
	}
	return ex;
}
