/* SPDX-License-Identifier: MIT
 * monitor.c - "dnssec-doctor monitor": check many zones (the diagnose chain checks, signature
 * expiry per server, serials, DS/DNSKEY, CDS), keep state and events in SQLite, and report as
 * a table, JSON lines, a Nagios check or Prometheus metrics (also served over HTTP, beside a
 * dashboard of the zones and their last diagnosis). */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <dd/dd.h>
#include <dd/monitor.h>
#include <dd/monstate.h>
#include <dd/report.h>

#include "cli.h"
#include "dd-config.h"
#include "dashboard.h"
#include "http.h"
#include "util.h"

#define CMD "monitor"

void cmd_monitor_help(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor monitor [options] [ZONE ...]\n"
	        "\n"
	        "Check many zones as diagnose does (the whole chain, every server), and warn before\n"
	        "DNSSEC breaks: the time left on the signatures of the apex RRsets (SOA, NS, DNSKEY,\n"
	        "CDS, CDNSKEY, NSEC3PARAM, the denial of a nonexistent name) per server, SOA serial\n"
	        "agreement, DS/DNSKEY agreement, CDS state, signatures against SOA EXPIRE. Changes\n"
	        "since the previous run (keys, DS, CDS, serial skew, alerts) are reported as events.\n"
	        "\n"
	        "Options:\n"
	        "  --zones FILE|-       zones to check, one per line, optionally followed by\n"
	        "                       NAME/TYPE items to watch too ('#' comments)\n"
	        "  -w, --warn RANGE     WARNING when a signature expires within RANGE (default 7d)\n"
	        "  -c, --crit RANGE     CRITICAL when a signature expires within RANGE (default 3d);\n"
	        "                       an expired signature is CRITICAL whatever the thresholds\n"
	        "  --format FMT         text (default), json (one line per zone), nagios, prometheus\n"
	        "  --db FILE            state database (default: $STATE_DIRECTORY/monitor.db, else\n"
	        "                       $XDG_STATE_HOME or ~/.local/state/dnssec-doctor/monitor.db)\n"
	        "  --no-db              keep no state (no events)\n"
	        "  --keep DUR|forever   delete runs, events, cleared alerts and removed records\n"
	        "                       older than DUR after each run (default 90d)\n"
	        "  --dprp DUR           zone propagation delay to every secondary, for the\n"
	        "                       rollover timing (RFC 7583 Dprp; default 5m)\n"
	        "  --once               check once and exit (the default without --interval/--listen)\n"
	        "  --interval DUR       check again every DUR until stopped (SIGINT, SIGTERM)\n"
	        "  --listen [ADDR:]PORT serve the last run's metrics at http://ADDR:PORT/metrics\n"
	        "                       and a dashboard at / (the zones, worst first) and\n"
	        "                       /zone/NAME (its last diagnosis and events);\n"
	        "                       PORT alone: loopback only (127.0.0.1, ::1), every\n"
	        "                       interface only as 0.0.0.0:PORT or [::]:PORT (implies\n"
	        "                       --interval 1h unless given)\n"
	        "  --concurrency N      zones checked at once (default 16)\n"
	        "  --max-inflight N     queries in flight over all zones (default 256)\n"
	        "  --rate N             queries a second to any one server address (default: no limit)\n"
	        "  --shard I/N          check only the zones whose name hashes to shard I of N (0-based)\n"
	        "  --anchor FILE        trust anchors (as diagnose; default: the IANA root KSKs)\n"
	        "  --hints FILE         root hints (as diagnose; default: the IANA root servers)\n"
	        "  --timeout SECONDS    per query attempt (default 1.5)\n"
	        "  -t, --deadline SECONDS  give up after SECONDS in all (Monitoring Plugins -t): the\n"
	        "                       zones finished are reported, the state is UNKNOWN (3)\n"
	        "  --at TIME            evaluate signatures at TIME instead of now (as diagnose)\n"
	        "  -4, --ipv4 / -6, --ipv6  one address family only\n"
	        "  --allow-private      query loopback, link-local, multicast and unspecified\n"
	        "                       addresses too, and flag no private ones (the default with\n"
	        "                       --hints or --anchor)\n"
	        "  --deny-private       refuse those addresses even with --hints or --anchor\n"
	        "  --color WHEN         colour the table: auto, always, never\n"
	        "  -V, --version        show the version\n"
	        "  -h, --help           show this help\n"
	        "\n"
	        "Durations: 90s, 30m, 12h, 7d, 2w, combined (1d12h); a bare number is seconds.\n"
	        "RANGE (Monitoring Plugins guidelines) over the seconds left: 'START:' alerts below\n"
	        "START, '~:END' above END, 'START:END' outside, '@START:END' inside; each end a\n"
	        "duration. A lone duration ('7d') alerts within it, as '7d:' (not as '0:7d').\n"
	        "Exit codes (Monitoring Plugins):\n"
	        "0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also: bad arguments, unreadable files,\n"
	        "a run interrupted by SIGINT or SIGTERM: the zones finished are reported and\n"
	        "recorded; a second signal exits at once).\n");
}

typedef struct mon_ctx {
	const char *format;
	bool color, progress;
	bool keep;             /* keep the results: a table, a summary or /metrics needs them all */
	dd_mon_state_t worst;
	dd_mon_db_t *db;
	int64_t run_id;
	int64_t keep_s;        /* retention of the history in the database, 0: forever */
	size_t total, done;
	dd_mon_result_t **rs;
	size_t nrs, caprs;
	dd_mon_event_t *events;
	size_t nevents;
	int err;
} mon_ctx_t;

/* The event details of the text table name their zone. */
static void keep_events(mon_ctx_t *c, const dd_mon_result_t *r, const dd_mon_event_t *ev, size_t n)
{
	if (n == 0) {
		return;
	}
	dd_mon_event_t *ne = realloc(c->events, (c->nevents + n) * sizeof(*ne));
	if (ne == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	c->events = ne;
	char z[DD_NAME_MAXLEN * 4];
	if (dd_name_to_str(r->zone, z, sizeof(z)) < 0) {
		z[0] = '\0';
	}
	for (size_t i = 0; i < n; i++) {
		dd_mon_event_t *e = &ne[c->nevents++];
		snprintf(e->kind, sizeof(e->kind), "%s", ev[i].kind);
		snprintf(e->detail, sizeof(e->detail), "%s %s", z, ev[i].detail);
	}
}

static int on_result(void *arg, dd_mon_result_t *r)
{
	mon_ctx_t *c = arg;
	dd_mon_event_t *ev = NULL;
	size_t nev = 0;
	char *json = dd_mon_result_json(r, NULL, 0);
	if (c->db != NULL) {
		int ret = dd_mon_db_record(c->db, c->run_id, r, json, &ev, &nev);
		if (ret != DD_OK) {
			cli_error(CMD, "cannot record the result in the state database: %s", dd_strerror(ret));
			c->err = ret;
		}
		if (ret == DD_OK) {  /* with the events and the rollover the database named */
			free(json);
			json = dd_mon_result_json(r, ev, nev);
		}
	}
	c->worst = dd_mon_state_worst(c->worst, r->state);
	if (strcmp(c->format, "json") == 0 &&
	    (json == NULL || printf("%s\n", json) < 0 || fflush(stdout) != 0)) {
		c->err = DD_EIO;
	}
	if (!c->keep) {
		dd_mon_result_free(r);
	} else {
		keep_events(c, r, ev, nev);
		dd_mon_result_slim(r);
		if (c->nrs == c->caprs) {
			size_t cap = c->caprs ? 2 * c->caprs : 256;
			dd_mon_result_t **n = realloc(c->rs, cap * sizeof(*n));
			if (n == NULL) {
				dd_mon_result_free(r);
				free(json);
				free(ev);
				c->err = DD_ENOMEM;
				return 1;
			}
			c->rs = n;
			c->caprs = cap;
		}
		c->rs[c->nrs++] = r;
	}
	free(json);
	free(ev);
	c->done++;
	if (c->progress) {
		fprintf(stderr, "\r%zu/%zu zones checked", c->done, c->total);
		if (c->done == c->total) {
			fprintf(stderr, "\r\033[K");
		}
	}
	return c->err != DD_OK;  /* no memory, no output, or the database failed: stop */
}

/* ---- the command -------------------------------------------------------------------------- */

/* SIGINT/SIGTERM: the first stops the run (zones under way are abandoned, the finished ones
 * reported and recorded), the second exits at once. */
static volatile sig_atomic_t stopping;
static dd_probe_cancel_t *volatile cancel_token;

static void on_signal(int sig)
{
	(void)sig;
	if (stopping++ > 0 || cancel_token == NULL) {
		_exit(DD_EXIT_FAIL);  /* the second, or one after the run: at once */
	}
	dd_probe_cancel_trigger(cancel_token);
}

/* -t: the deadline stops the run as the first SIGINT does, and says so */
static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	stopping = 1;
	if (cancel_token != NULL) {
		dd_probe_cancel_trigger(cancel_token);
	}
}

static int parse_shard(const char *arg, unsigned *index, unsigned *count)
{
	char *end = NULL;
	errno = 0;
	unsigned long i = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '/') {
		return -1;
	}
	const char *p = end + 1;
	unsigned long n = strtoul(p, &end, 10);
	if (errno != 0 || end == p || *end != '\0' || n == 0 || n > 65536 || i >= n || arg[0] == '-') {
		return -1;
	}
	*index = (unsigned)i;
	*count = (unsigned)n;
	return 0;
}

static int parse_count(const char *arg, unsigned max, unsigned *out)
{
	char *end = NULL;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || v == 0 || v > max) {
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* "N duplicate items dropped (zones.txt lines 3, 7, ...)": the zone list had the same zone or
 * NAME/TYPE item more than once; each is checked once. */
static void notice_duplicates(const dd_mon_list_t *l, const char *zones_file)
{
	char where[256] = "";
	size_t len = 0, shown = l->ndup < DD_MON_DUP_LINES ? l->ndup : DD_MON_DUP_LINES;
	bool args = false;
	for (size_t i = 0; i < shown; i++) {
		unsigned ln = l->dup_lines[i];
		if (ln == 0) {
			args = true;
		} else if (i == 0 || ln != l->dup_lines[i - 1]) {
			len += (size_t)snprintf(where + len, sizeof(where) - len, "%s%u",
			                        len ? ", " : "", ln);
		}
		if (len >= sizeof(where)) {
			break;
		}
	}
	const char *src = zones_file == NULL ? "" : strcmp(zones_file, "-") == 0 ? "stdin" : zones_file;
	cli_error(CMD, "notice: %zu duplicate zone%s or NAME/TYPE item%s dropped, each is checked once "
	          "(%s%s%s%s%s%s)", l->ndup, l->ndup == 1 ? "" : "s", l->ndup == 1 ? "" : "s",
	          args ? "the arguments" : "", args && len ? ", " : "", len ? src : "",
	          len ? (strchr(where, ',') ? " lines " : " line ") : "", where,
	          l->ndup > shown ? ", and more" : "");
}

/* One run over @p list: results, state, output. @return the worst state, or -1 on failure. */
static int run_once(const dd_mon_config_t *base, const dd_mon_list_t *list, mon_ctx_t *c,
                    cli_http_t *http, cli_dash_t *dash, const char *shard, const dd_mon_thresholds_t *th,
                    unsigned deadline_s)
{
	dd_mon_config_t cfg = *base;
	cfg.on_result = on_result;
	cfg.arg = c;
	c->total = list->n;
	c->done = 0;
	c->nrs = 0;
	c->nevents = 0;
	c->err = DD_OK;
	c->worst = DD_MON_OK;
	c->keep = strcmp(c->format, "json") != 0 || http != NULL;
	int dbr = c->db != NULL ? dd_mon_db_run_begin(c->db, (int64_t)time(NULL), shard, &c->run_id)
	                        : DD_OK;
	if (dbr != DD_OK) {
		cli_error(CMD, "cannot record the run in the state database: %s", dd_strerror(dbr));
		return -1;
	}
	dd_mon_stats_t st;
	int ret = dd_mon_run(&cfg, list, &st);
	if (ret != DD_OK || c->err != DD_OK) {
		cli_error(CMD, "run failed: %s", dd_strerror(ret != DD_OK ? ret : c->err));
		for (size_t i = 0; i < c->nrs; i++) {
			dd_mon_result_free(c->rs[i]);
		}
		return -1;
	}
	bool interrupted = dd_probe_cancelled(cancel_token);
	int64_t end = (int64_t)time(NULL);
	if (c->db != NULL) {
		dbr = interrupted ? dd_mon_db_run_interrupted(c->db, c->run_id, end, st.zones)
		                  : dd_mon_db_run_end(c->db, c->run_id, end, st.zones);
		if (dbr == DD_OK && c->keep_s > 0) {
			dbr = dd_mon_db_prune(c->db, end - c->keep_s, NULL);
		}
		if (dbr != DD_OK) {
			cli_error(CMD, "cannot record the run in the state database: %s", dd_strerror(dbr));
			c->err = dbr;
		}
	}
	char why[160] = "";
	if (interrupted) {
		if (timed_out) {
			snprintf(why, sizeof(why), "timed out after %u s: %zu of %zu zones checked",
			         deadline_s, st.zones, list->n);
		} else {
			snprintf(why, sizeof(why), "interrupted: %zu of %zu zones checked", st.zones,
			         list->n);
		}
		cli_error(CMD, "%s", why);
		if (strcmp(c->format, "json") == 0) {
			/* the zone lines so far, then one that says the run did not complete */
			char *line = dd_mon_interrupted_json(&st, list->n);
			if (line != NULL) {
				printf("%s\n", line);
				fflush(stdout);
			}
			free(line);
		}
	}
	dd_mon_state_t worst = c->worst;
	int out = 0;
	if (strcmp(c->format, "text") == 0) {
		out = dd_report_mon_text(stdout, c->rs, c->nrs, c->events, c->nevents, &st, c->color);
	} else if (strcmp(c->format, "nagios") == 0) {
		out = dd_report_mon_nagios(stdout, c->rs, c->nrs, interrupted ? why : NULL, th, &worst);
	} else if (strcmp(c->format, "prometheus") == 0) {
		out = dd_report_mon_prometheus(stdout, c->rs, c->nrs, &st);
	}
	if (http != NULL) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (f != NULL) {
			dd_report_mon_prometheus(f, c->rs, c->nrs, &st);
			fclose(f);
			cli_http_publish(http, buf, len);
		}
	}
	if (dash != NULL) {
		/* the results (with their reports) go to the dashboard, which frees the last run's */
		cli_dash_publish(dash, c->rs, c->nrs, end);
		c->rs = NULL;
		c->nrs = c->caprs = 0;
	}
	for (size_t i = 0; i < c->nrs; i++) {
		dd_mon_result_free(c->rs[i]);
	}
	if (out != DD_OK || fflush(stdout) != 0) {
		cli_error(CMD, "cannot write the report");
		return -1;
	}
	if (c->err != DD_OK) {
		return -1;  /* the state database failed: results were printed, not kept */
	}
	return list->n == 0 || interrupted ? DD_MON_UNKNOWN : (int)worst;
}

int cmd_monitor(int argc, char **argv)
{
	enum { O_ZONES = 256, O_FORMAT, O_DB, O_NO_DB, O_ONCE, O_INTERVAL, O_LISTEN,
	       O_CONC, O_INFLIGHT, O_RATE, O_SHARD, O_ANCHOR, O_HINTS, O_TIMEOUT, O_AT, O_COLOR,
	       O_ALLOW_PRIVATE, O_DENY_PRIVATE, O_KEEP, O_DPRP };
	/* -w/-c/-t/-V: the Monitoring Plugins' short options */
	static const struct option opts[] = {
		{ "zones", required_argument, NULL, O_ZONES },
		{ "warn", required_argument, NULL, 'w' },
		{ "crit", required_argument, NULL, 'c' },
		{ "deadline", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "db", required_argument, NULL, O_DB },
		{ "no-db", no_argument, NULL, O_NO_DB },
		{ "keep", required_argument, NULL, O_KEEP },
		{ "dprp", required_argument, NULL, O_DPRP },
		{ "once", no_argument, NULL, O_ONCE },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "listen", required_argument, NULL, O_LISTEN },
		{ "concurrency", required_argument, NULL, O_CONC },
		{ "max-inflight", required_argument, NULL, O_INFLIGHT },
		{ "rate", required_argument, NULL, O_RATE },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "anchor", required_argument, NULL, O_ANCHOR },
		{ "hints", required_argument, NULL, O_HINTS },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "at", required_argument, NULL, O_AT },
		{ "ipv4", no_argument, NULL, '4' },
		{ "ipv6", no_argument, NULL, '6' },
		{ "color", required_argument, NULL, O_COLOR },
		{ "allow-private", no_argument, NULL, O_ALLOW_PRIVATE },
		{ "deny-private", no_argument, NULL, O_DENY_PRIVATE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *zones_file = NULL, *format = "text", *db_path = NULL, *listen = NULL;
	const char *anchor_file = NULL, *hints_file = NULL, *at_text = NULL, *color = "auto";
	const char *shard_text = NULL;
	bool no_db = false, once = false, only4 = false, only6 = false;
	dd_preflight_timing_t timing = { 0 };
	bool allow_private = false, deny_private = false;
	dd_mon_range_t warn = { .start = 7 * 86400, .end_inf = true, .set = true };
	dd_mon_range_t crit = { .start = 3 * 86400, .end_inf = true, .set = true };
	int64_t interval_ms = 0, deadline_ms = 0;
	int64_t timeout_ms = 1500, keep_ms = 90 * 86400000LL;  /* --keep: 90 days of history */
	unsigned conc = 16, inflight = 256, rate = 0, shard_i = 0, shard_n = 1;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":46hw:c:t:V", opts, NULL)) != -1) {
		switch (c) {
		case O_ZONES: zones_file = optarg; break;
		case 'w':
		case 'c':
			if (dd_mon_range_parse(optarg, c == 'w' ? &warn : &crit) != DD_OK) {
				cli_error(CMD, "bad --%s '%s' (a duration: 7d, 36h; or a range: 7d:, ~:2w, "
				          "1d:30d, @0:1h)", c == 'w' ? "warn" : "crit", optarg);
				return DD_EXIT_FAIL;
			}
			break;
		case 't':
			if (cli_parse_duration_ms(optarg, &deadline_ms) != 0 || deadline_ms < 1000 ||
			    deadline_ms > 86400000LL) {
				cli_error(CMD, "bad --deadline '%s' (seconds, 1 to 86400)", optarg);
				return DD_EXIT_FAIL;
			}
			break;
		case 'V':
			printf("dnssec-doctor monitor %s (libdnssecdoctor %s)\n", DD_VERSION, dd_version());
			return DD_EXIT_OK;
		case O_FORMAT:
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "nagios") != 0 && strcmp(optarg, "prometheus") != 0) {
				cli_error(CMD, "bad --format '%s' (text, json, nagios, prometheus)", optarg);
				return DD_EXIT_FAIL;
			}
			format = optarg;
			break;
		case O_DB: db_path = optarg; break;
		case O_NO_DB: no_db = true; break;
		case O_KEEP:
			if (strcmp(optarg, "forever") == 0) {
				keep_ms = 0;
			} else if (cli_parse_duration_ms(optarg, &keep_ms) != 0 || keep_ms < 1000) {
				cli_error(CMD, "bad --keep '%s' (a duration of at least 1s: 90d, 4w; or forever)",
				          optarg);
				return DD_EXIT_FAIL;
			}
			break;
		case O_DPRP: {
			int64_t ms;
			if (cli_parse_duration_ms(optarg, &ms) != 0 || ms < 0 || ms / 1000 > 86400 * 365) {
				cli_error(CMD, "bad --dprp '%s' (a duration such as 5m, 1h, 30s)", optarg);
				return DD_EXIT_FAIL;
			}
			timing.dprp = (uint32_t)(ms / 1000);
			timing.dprp_set = true;
			break;
		}
		case O_ONCE: once = true; break;
		case O_INTERVAL:
			if (cli_parse_duration_ms(optarg, &interval_ms) != 0 || interval_ms < 1000) {
				cli_error(CMD, "bad --interval '%s' (a duration of at least 1s: 1h, 30m)", optarg);
				return DD_EXIT_FAIL;
			}
			break;
		case O_LISTEN: listen = optarg; break;
		case O_CONC:
		case O_INFLIGHT:
		case O_RATE:
			if (parse_count(optarg, c == O_CONC ? 1024 : 65536,
			                c == O_CONC ? &conc : c == O_INFLIGHT ? &inflight : &rate) != 0) {
				cli_error(CMD, "bad --%s '%s' (a positive whole number)",
				          c == O_CONC ? "concurrency" : c == O_INFLIGHT ? "max-inflight" : "rate",
				          optarg);
				return DD_EXIT_FAIL;
			}
			break;
		case O_SHARD:
			if (parse_shard(optarg, &shard_i, &shard_n) != 0) {
				cli_error(CMD, "bad --shard '%s' (I/N with 0 <= I < N, as 0/4)", optarg);
				return DD_EXIT_FAIL;
			}
			shard_text = optarg;
			break;
		case O_ANCHOR: anchor_file = optarg; break;
		case O_HINTS: hints_file = optarg; break;
		case O_TIMEOUT:
			if (cli_parse_timeout(CMD, optarg, &timeout_ms) != 0) {
				return DD_EXIT_FAIL;
			}
			break;
		case O_AT: at_text = optarg; break;
		case '4': only4 = true; break;
		case '6': only6 = true; break;
		case O_ALLOW_PRIVATE: allow_private = true; break;
		case O_DENY_PRIVATE: deny_private = true; break;
		case O_COLOR:
			if (cli_check_color(CMD, optarg) != 0) {
				return DD_EXIT_FAIL;
			}
			color = optarg;
			break;
		case 'h': cmd_monitor_help(stdout); return DD_EXIT_OK;
		default: return cli_bad_option(CMD, argv, c);
		}
	}
	if (only4 && only6) {
		cli_error(CMD, "-4 and -6 exclude each other");
		return DD_EXIT_FAIL;
	}
	if (allow_private && deny_private) {
		cli_error(CMD, "--allow-private and --deny-private exclude each other");
		return DD_EXIT_FAIL;
	}
	if (once && (interval_ms > 0 || listen != NULL)) {
		cli_error(CMD, "--once excludes --interval and --listen");
		return DD_EXIT_FAIL;
	}
	if (deadline_ms > 0 && (interval_ms > 0 || listen != NULL)) {
		cli_error(CMD, "--deadline (-t) is for one run: it excludes --interval and --listen");
		return DD_EXIT_FAIL;
	}
	if (no_db && db_path != NULL) {
		cli_error(CMD, "--db and --no-db exclude each other");
		return DD_EXIT_FAIL;
	}
	if (!warn.inside && !crit.inside && !warn.start_inf && !crit.start_inf && warn.end_inf &&
	    crit.end_inf && crit.start > warn.start) {
		cli_error(CMD, "--crit must not be longer than --warn");
		return DD_EXIT_FAIL;
	}
	if (listen != NULL && cli_http_check(listen) != 0) {
		cli_error(CMD, "bad --listen '%s' (PORT, ADDRESS:PORT or [IPv6]:PORT)", listen);
		return DD_EXIT_FAIL;
	}
	if (listen != NULL && interval_ms == 0) {
		interval_ms = 3600 * 1000LL;
	}
	int64_t now = (int64_t)time(NULL), at = 0;
	if (at_text != NULL && cli_parse_at(CMD, at_text, now, &at) != 0) {
		return DD_EXIT_FAIL;
	}

	/* the zones: arguments, then the file; then this worker's shard */
	dd_mon_list_t all = { 0 }, list = { 0 };
	char err[1024];
	int exit_code = DD_EXIT_FAIL;
	cli_anchors_t anchors = { 0 };
	dd_probe_server_t *hints = NULL;
	size_t nhints = 0;
	dd_mon_db_t *db = NULL;
	cli_http_t *httpd = NULL;
	cli_dash_t *dash = NULL;
	char path[4096];
	mon_ctx_t ctx = { .format = format };

	for (int i = optind; i < argc; i++) {
		int r = dd_mon_list_add(&all, argv[i], err, sizeof(err));
		if (r != DD_OK) {
			cli_error(CMD, "zone '%s': %s", argv[i], r == DD_EPARSE ? err : dd_strerror(r));
			goto out;
		}
	}
	if (zones_file != NULL) {
		FILE *f = strcmp(zones_file, "-") == 0 ? stdin : fopen(zones_file, "r");
		if (f == NULL) {
			cli_error(CMD, "cannot read %s: %s", zones_file, strerror(errno));
			goto out;
		}
		int r = dd_mon_list_read(&all, f, strcmp(zones_file, "-") == 0 ? "stdin" : zones_file, err,
		                         sizeof(err));
		if (f != stdin) {
			fclose(f);
		}
		if (r != DD_OK) {
			cli_error(CMD, "%s", r == DD_EPARSE ? err : dd_strerror(r));
			goto out;
		}
	}
	if (all.ndup > 0) {
		notice_duplicates(&all, zones_file);
	}
	if (all.n == 0) {
		cli_error(CMD, "no zones to check (give ZONE arguments or --zones FILE)");
		goto out;
	}
	for (size_t i = 0; i < all.n; i++) {
		if (!dd_mon_in_shard(all.zones[i].name, shard_i, shard_n)) {
			continue;
		}
		if (list.n == list.cap) {
			size_t cap = list.cap ? 2 * list.cap : 64;
			dd_mon_zone_t *z = realloc(list.zones, cap * sizeof(*z));
			if (z == NULL) {
				cli_error(CMD, "out of memory");
				goto out;
			}
			list.zones = z;
			list.cap = cap;
		}
		list.zones[list.n++] = all.zones[i];  /* the extra items stay owned by 'all' */
	}

	if (cli_anchors_load(anchor_file, &anchors, err, sizeof(err)) != 0 ||
	    cli_hints_load(hints_file, &hints, &nhints, err, sizeof(err)) != 0) {
		cli_error(CMD, "%s", err);
		goto out;
	}
	if (!no_db) {
		if (db_path == NULL) {
			int r = dd_mon_db_default_path(path, sizeof(path));
			if (r != DD_OK) {
				cli_error(CMD, "no place for the state database (%s): give --db FILE or --no-db",
				          dd_strerror(r));
				goto out;
			}
			db_path = path;
		}
		if (dd_mon_db_open(db_path, &db, err, sizeof(err)) != DD_OK) {
			cli_error(CMD, "state database %s", err);
			goto out;
		}
		dd_mon_db_set_timing(db, &timing);
	}
	if (listen != NULL) {
		dash = cli_dash_new(no_db ? NULL : db_path, err, sizeof(err));
		if (dash == NULL) {
			cli_error(CMD, "dashboard: %s", err);
			goto out;
		}
		if (cli_http_start(listen, dash, &httpd, err, sizeof(err)) != 0) {
			cli_error(CMD, "%s", err);
			goto out;
		}
	}
	dd_probe_cancel_t *token = NULL;
	if (dd_probe_cancel_new(&token) != DD_OK) {
		cli_error(CMD, "cannot set up signal handling");
		goto out;
	}
	cancel_token = token;
	dd_mon_config_t cfg = {
		.probe = { .hints = hints, .nhints = nhints, .anchors = anchors.rr, .nanchors = anchors.n,
		           .anchor_source = anchors.source, .timeout_ms = (unsigned)timeout_ms,
		           .no_ipv4 = only6, .no_ipv6 = only4, .cancel = cancel_token,
		           .allow_private = !deny_private && (allow_private || hints_file != NULL ||
		                                              anchor_file != NULL) },
		.th = { .warn = warn.start, .crit = crit.start, .warn_range = warn, .crit_range = crit },
		.at = at,
		.concurrency = conc,
		.max_inflight = inflight,
		.per_server_qps = rate,
		.on_diagnosis = dash != NULL ? cli_dash_on_diagnosis : NULL,
		.diagnosis_arg = dash,
	};
	ctx.db = db;
	ctx.keep_s = keep_ms / 1000;
	ctx.color = cli_use_color(color);
	ctx.progress = strcmp(format, "text") == 0 && isatty(STDERR_FILENO) && list.n > 20;
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (deadline_ms > 0) {
		struct sigaction al = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
		sigemptyset(&al.sa_mask);
		sigaction(SIGALRM, &al, NULL);
		alarm((unsigned)((deadline_ms + 999) / 1000));
	}
	for (;;) {
		int worst = run_once(&cfg, &list, &ctx, httpd, dash, shard_text, &cfg.th,
		                     (unsigned)((deadline_ms + 999) / 1000));
		exit_code = worst < 0 ? DD_EXIT_FAIL : worst;
		if (interval_ms == 0 || stopping) {
			break;
		}
		/* sleep until the next run, waking for a signal */
		struct timespec ts = { .tv_sec = interval_ms / 1000, .tv_nsec = (interval_ms % 1000) * 1000000 };
		while (!stopping && nanosleep(&ts, &ts) != 0 && errno == EINTR) {
		}
		if (stopping) {
			break;
		}
	}
out:
	cli_http_stop(httpd);
	cli_dash_free(dash);
	free(ctx.rs);
	free(ctx.events);
	dd_mon_db_close(db);
	free(hints);
	cli_anchors_free(&anchors);
	free(list.zones);
	dd_mon_list_free(&all);
	if (cancel_token != NULL) {
		/* the handler stays: a signal from now on exits at once (3), never by the default
		 * action; the token goes while the handler cannot run */
		sigset_t block, old;
		sigemptyset(&block);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGTERM);
		sigprocmask(SIG_BLOCK, &block, &old);
		dd_probe_cancel_t *spent = cancel_token;
		cancel_token = NULL;
		dd_probe_cancel_free(spent);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	return exit_code;
}
