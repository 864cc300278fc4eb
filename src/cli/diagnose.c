/* SPDX-License-Identifier: MIT
 * diagnose.c - "dnssec-doctor diagnose": probe (or replay) the chain of trust of a name,
 * analyse it, diagnose the root causes and report them as text or JSON. */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <dd/dd.h>
#include <dd/diagnosis.h>
#include <dd/dnsviz.h>
#include <dd/report.h>
#include <dd/views.h>

#include "addr.h"
#include "cli.h"
#include "diagnose_args.h"
#include "util.h"

#define CMD "diagnose"
#define MAX_LIST CLI_DIAG_MAX_LIST

void cmd_diagnose_help(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor diagnose [options] [@SERVER] NAME [TYPE] [IN]\n"
	        "       dnssec-doctor diagnose [options] --replay FILE [NAME [TYPE]]\n"
	        "\n"
	        "Walk the DNSSEC chain of trust from the root to NAME (TYPE, default A): ask every\n"
	        "authoritative server of every zone cut, check every DS, DNSKEY, RRSIG and denial\n"
	        "proof, and report the root cause, the safe order of the fix and when resolvers\n"
	        "recover.\n"
	        "\n"
	        "Options:\n"
	        "  --anchor FILE        trust anchors: DS/DNSKEY records (zone-file or Unbound form) or\n"
	        "                       a BIND trust-anchors clause (default: the IANA root KSKs)\n"
	        "  --hints FILE         root hints: NS and A/AAAA records (default: IANA root servers)\n"
	        "  --server ZONE=SERVER[,SERVER...]\n"
	        "                       also probe ZONE at these servers, even without a delegation\n"
	        "                       (repeatable). A SERVER is an address (192.0.2.53,\n"
	        "                       2001:db8::53), with a port as dig writes it (192.0.2.53#5353)\n"
	        "                       or as DNSViz does ([2001:db8::53]:5353, 192.0.2.53:5353), a\n"
	        "                       name to resolve (ns1.example.net[:PORT]), or NAME=ADDRESS\n"
	        "  --ds RECORD|FILE     judge the DS's zone as if its parent published this DS set\n"
	        "                       (repeatable): a pre-delegation test with --server, or of\n"
	        "                       a DS before it is submitted; a whole record, a dsset-\n"
	        "                       file, or \"12345 13 2 ABCD...\" for the --server zone\n"
	        "  -x, --authoritative ZONE:SERVER[,SERVER...]\n"
	        "                       the same in DNSViz probe's form\n"
	        "  @SERVER              dig's form: SERVER serves NAME's zone; it is asked which\n"
	        "                       zone that is (the SOA it answers with), then probed as\n"
	        "                       with --server ZONE=SERVER\n"
	        "  -q, --name NAME      the name to check (dig's -q), instead of the positional NAME\n"
	        "  -t, --type TYPE      the record type (dig's -t), instead of the positional TYPE\n"
	        "  -c, --class CLASS    IN, the only class accepted (also positional, as dig takes\n"
	        "                       NAME TYPE IN or NAME IN TYPE)\n"
	        "  --resolver ADDR      also ask this recursive resolver, with and without CD\n"
	        "                       (repeatable; ADDR#PORT and [IPv6]:PORT give a port)\n"
	        "  --no-unbound         skip the in-process validating resolver (libunbound) view\n"
	        "  --at TIME            evaluate signature windows at TIME: YYYYMMDDHHMMSS,\n"
	        "                       YYYY-MM-DD[THH:MM[:SS]], @EPOCH, or +3d, -2h from when the\n"
	        "                       evidence was collected (default: then; that is now, or with\n"
	        "                       --replay, the time of the saved run)\n"
	        "  --timeout SECONDS    per query attempt (default 1.5)\n"
	        "  -4, --ipv4           use IPv4 only\n"
	        "  -6, --ipv6           use IPv6 only\n"
	        "  --nx-label LABEL     label of the nonexistent-name probe (default: random)\n"
	        "  --allow-private      query loopback, link-local, multicast and unspecified\n"
	        "                       addresses too, and flag no private ones (the default with\n"
	        "                       --hints or --anchor)\n"
	        "  --deny-private       refuse those addresses and flag private ones even with\n"
	        "                       --hints or --anchor (the default otherwise)\n"
	        "  --save FILE          write the collected evidence (raw responses, resolver views)\n"
	        "                       as JSON: a new file renamed into place; a symbolic link\n"
	        "                       there is refused\n"
	        "  --replay FILE        analyse saved evidence again, without any network: the same\n"
	        "                       report, views included; or a DNSViz probe capture (JSON,\n"
	        "                       gzip too), whose NAME (default: its last) and TYPE may be\n"
	        "                       given, with --anchor's trust anchors (docs/dnsviz.md)\n"
	        "  --json               print the report as JSON (docs/json.md); --format json\n"
	        "  --format FMT         text (default), json, html (one-file incident report with\n"
	        "                       the graph), or the chain of trust as a graph: dot\n"
	        "                       (Graphviz source), svg, png\n"
	        "  -o, --output FILE    write the report to FILE (a new file renamed into place),\n"
	        "                       in the format its extension names (.txt, .json, .html,\n"
	        "                       .dot or .gv, .svg, .png) unless --format says\n"
	        "  --color WHEN         colour the text report: auto (a terminal, unless NO_COLOR is\n"
	        "                       set), always, never\n"
	        "  --quiet              text report: the headline only\n"
	        "  --level LEVEL        text report: causes and notices of LEVEL and above only\n"
	        "                       (error, warning, notice; default notice); the JSON keeps all\n"
	        "  -h, --help           show this help\n"
	        "\n"
	        "Exit codes: 0 secure or correctly insecure, 1 warnings only, 2 bogus or errors\n"
	        "found, 3 could not complete (network, bad arguments, interrupted: SIGINT or\n"
	        "SIGTERM print what was collected; a second signal exits at once).\n");
}

/* SIGINT/SIGTERM: the first stops the probe and the views (what was collected is reported),
 * the second exits at once. */
static dd_probe_cancel_t *volatile cancel_token;
static volatile sig_atomic_t signals_seen;

static void on_signal(int sig)
{
	(void)sig;
	if (signals_seen++ > 0 || cancel_token == NULL) {
		_exit(DD_EXIT_FAIL);  /* the second, or one after the run: at once */
	}
	dd_probe_cancel_trigger(cancel_token);
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* The evaluation time: --at, where a relative one ("+3d") counts from when the evidence was
 * collected, or that instant itself; a replay gets the run's own. */
/* dd_probe_config_t.on_nx_name: the views ask the nonexistent name beside the probe. */
static void nx_known(void *arg, const uint8_t *nx_name)
{
	dd_views_nx(arg, nx_name);
}

static int64_t at_of(const char *at_text, const dd_evidence_t *ev)
{
	int64_t collected = ev->started_ms / 1000, at = collected;
	if (at_text != NULL) {
		(void)cli_parse_time(at_text, collected, &at);  /* checked before */
	}
	return at;
}

/* Write the evidence to @p path whole (util.c: a temporary file renamed into place).
 * @return 0, or -1 after printing the error. */
static int save_evidence(const dd_evidence_t *ev, const char *path)
{
	char *buf = NULL, err[512];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int r = m != NULL ? dd_evidence_save(ev, m) : DD_ENOMEM;
	if (m != NULL && fclose(m) != 0 && r == DD_OK) {
		r = DD_ENOMEM;
	}
	if (r != DD_OK) {
		cli_error(CMD, "cannot write %s: %s", path, dd_strerror(r));
		free(buf);
		return -1;
	}
	int w = cli_write_file(path, buf, len, err, sizeof(err));
	free(buf);
	if (w != 0) {
		cli_error(CMD, "cannot write %s: %s", path, err);
		return -1;
	}
	return 0;
}

/* The report formats: text, JSON, and the graph's (dd_graph_format_t after these two). */
enum { FMT_TEXT = 0, FMT_JSON, FMT_HTML, FMT_GRAPH };

static int report_format(const char *name)
{
	dd_graph_format_t g;
	if (strcasecmp(name, "text") == 0) {
		return FMT_TEXT;
	}
	if (strcasecmp(name, "json") == 0) {
		return FMT_JSON;
	}
	if (strcasecmp(name, "html") == 0) {
		return FMT_HTML;
	}
	return dd_graph_format_from_str(name, &g) == DD_OK ? FMT_GRAPH + (int)g : -1;
}

/* The format a file name's extension names, -1 if none. */
static int format_of_file(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	if (dot == NULL || (slash != NULL && dot < slash)) {
		return -1;
	}
	if (strcasecmp(dot, ".txt") == 0) {
		return FMT_TEXT;
	}
	if (strcasecmp(dot, ".gv") == 0) {
		return FMT_GRAPH + DD_GRAPH_DOT;
	}
	return report_format(dot + 1);
}

/* Write the report in format @p fmt to stdout, or whole to @p output.
 * @return 0, or -1 after printing the error. */
static int write_report(int fmt, const char *output, const dd_evidence_t *ev,
                        const dd_analysis_t *an, const dd_diagnosis_t *dg,
                        const dd_views_t *views, const dd_report_opts_t *ro)
{
	char *buf = NULL, err[512];
	size_t len = 0;
	int r;
	if (fmt >= FMT_GRAPH) {
		r = dd_report_graph_data(an, dg, (dd_graph_format_t)(fmt - FMT_GRAPH), &buf, &len);
	} else {
		FILE *m = open_memstream(&buf, &len);
		r = m == NULL ? DD_ENOMEM
		    : fmt == FMT_JSON ? dd_report_json(m, ev, an, dg, views, ro)
		    : fmt == FMT_HTML ? dd_report_html(m, ev, an, dg, views, ro)
		                      : dd_report_text(m, ev, an, dg, views, ro);
		if (m != NULL && fclose(m) != 0 && r == DD_OK) {
			r = DD_ENOMEM;
		}
	}
	if (r != DD_OK) {
		cli_error(CMD, "cannot write the report: %s", dd_strerror(r));
		free(buf);
		return -1;
	}
	int w = 0;
	if (output != NULL) {
		w = cli_write_file(output, buf, len, err, sizeof(err));
	} else if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
		w = -1;
		snprintf(err, sizeof(err), "%s", strerror(errno));
	}
	free(buf);
	if (w != 0) {
		cli_error(CMD, "cannot write %s: %s", output != NULL ? output : "the report", err);
		return -1;
	}
	return 0;
}

int cmd_diagnose(int argc, char **argv)
{
	enum { O_ANCHOR = 256, O_HINTS, O_SERVER, O_RESOLVER, O_NO_UNBOUND, O_AT, O_TIMEOUT,
	       O_NX, O_SAVE, O_REPLAY, O_JSON, O_COLOR, O_ALLOW_PRIVATE, O_DENY_PRIVATE, O_FORMAT,
	       O_QUIET, O_LEVEL, O_DS };
	static const struct option opts[] = {
		{ "anchor", required_argument, NULL, O_ANCHOR },
		{ "hints", required_argument, NULL, O_HINTS },
		{ "server", required_argument, NULL, O_SERVER },
		{ "resolver", required_argument, NULL, O_RESOLVER },
		{ "no-unbound", no_argument, NULL, O_NO_UNBOUND },
		{ "at", required_argument, NULL, O_AT },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "ipv4", no_argument, NULL, '4' },
		{ "ipv6", no_argument, NULL, '6' },
		{ "nx-label", required_argument, NULL, O_NX },
		{ "save", required_argument, NULL, O_SAVE },
		{ "replay", required_argument, NULL, O_REPLAY },
		{ "json", no_argument, NULL, O_JSON },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "color", required_argument, NULL, O_COLOR },
		{ "allow-private", no_argument, NULL, O_ALLOW_PRIVATE },
		{ "deny-private", no_argument, NULL, O_DENY_PRIVATE },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "level", required_argument, NULL, O_LEVEL },
		{ "ds", required_argument, NULL, O_DS },
		{ "help", no_argument, NULL, 'h' },
		/* dig's and delv's question, DNSViz's servers */
		{ "type", required_argument, NULL, 't' },
		{ "name", required_argument, NULL, 'q' },
		{ "class", required_argument, NULL, 'c' },
		{ "authoritative", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	bool quiet = false;  /* --quiet, --level: the text report's */
	dd_severity_t level = DD_SEV_NOTICE;
	const char *anchor_file = NULL, *hints_file = NULL, *save = NULL, *replay = NULL;
	const char *nx_label = NULL, *at_text = NULL, *color = "auto";
	const char *format = NULL, *output = NULL;
	dd_probe_server_t servers[MAX_LIST];
	cli_server_arg_t sargs[MAX_LIST];
	char resolver_addr[MAX_LIST][64];
	const char *resolvers[MAX_LIST];
	size_t nservers = 0, nresolvers = 0, nsargs = 0;
	const char *ds_args[CLI_DS_MAX];
	size_t nds_args = 0;
	cli_question_t q = { 0 };
	bool json = false, no_unbound = false, only4 = false, only6 = false;
	bool allow_private = false, deny_private = false;
	int64_t timeout_ms = 1500;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":46ho:t:q:c:x:", opts, NULL)) != -1) {
		switch (c) {
		case O_ANCHOR: anchor_file = optarg; break;
		case O_HINTS: hints_file = optarg; break;
		case O_SERVER:
		case 'x':
			/* ZONE=SERVER[,...], or DNSViz's -x ZONE:SERVER[,...] */
			if (nsargs == MAX_LIST ||
			    cli_split_zone(optarg, c == 'x' ? ':' : '=', sargs[nsargs].zone,
			                   &sargs[nsargs].list) != 0) {
				cli_error(CMD, c == 'x' ? "bad -x '%s' (ZONE:SERVER[,SERVER...])"
				                        : "bad --server '%s' (ZONE=SERVER[,SERVER...])",
				          optarg);
				return DD_EXIT_FAIL;
			}
			sargs[nsargs].text = optarg;
			sargs[nsargs++].at = false;
			break;
		case O_RESOLVER:
			if (nresolvers == MAX_LIST || cli_parse_addr(optarg, resolver_addr[nresolvers]) != 0) {
				cli_error(CMD, "bad --resolver '%s' (an IPv4 or IPv6 address, ADDR#PORT, "
				          "[IPv6]:PORT)", optarg);
				return DD_EXIT_FAIL;
			}
			resolvers[nresolvers] = resolver_addr[nresolvers];
			nresolvers++;
			break;
		case 't': q.type = optarg; break;
		case 'q': q.name = optarg; break;
		case 'c':
			if (cli_diag_check_class(optarg) != 0) {
				return DD_EXIT_FAIL;
			}
			q.cls = optarg;
			break;
		case O_NO_UNBOUND: no_unbound = true; break;
		case O_AT: at_text = optarg; break;
		case O_TIMEOUT:
			if (cli_parse_timeout(CMD, optarg, &timeout_ms) != 0) {
				return DD_EXIT_FAIL;
			}
			break;
		case '4': only4 = true; break;
		case '6': only6 = true; break;
		case O_NX: nx_label = optarg; break;
		case O_SAVE: save = optarg; break;
		case O_REPLAY: replay = optarg; break;
		case O_JSON: json = true; break;
		case O_FORMAT: format = optarg; break;
		case 'o': output = optarg; break;
		case O_ALLOW_PRIVATE: allow_private = true; break;
		case O_DENY_PRIVATE: deny_private = true; break;
		case O_COLOR:
			if (cli_check_color(CMD, optarg) != 0) {
				return DD_EXIT_FAIL;
			}
			color = optarg;
			break;
		case O_DS:
			if (nds_args == CLI_DS_MAX) {
				cli_error(CMD, "too many --ds options (at most %d)", CLI_DS_MAX);
				return DD_EXIT_FAIL;
			}
			ds_args[nds_args++] = optarg;
			break;
		case O_QUIET: quiet = true; break;
		case O_LEVEL:
			if (cli_parse_level(CMD, optarg, &level) != 0) {
				return DD_EXIT_FAIL;
			}
			break;
		case 'h': cmd_diagnose_help(stdout); return DD_EXIT_OK;
		default: return cli_bad_option(CMD, argv, c);
		}
	}
	int fmt = format != NULL ? report_format(format) : output != NULL ? format_of_file(output)
	                                                                   : FMT_TEXT;
	if (format != NULL && fmt < 0) {
		cli_error(CMD, "bad --format '%s' (text, json, html, dot, svg, png)", format);
		return DD_EXIT_FAIL;
	}
	if (fmt < 0) {
		cli_error(CMD, "cannot tell the format of '%s' from its extension; give --format",
		          output);
		return DD_EXIT_FAIL;
	}
	if (json && format != NULL && fmt != FMT_JSON) {
		cli_error(CMD, "--json and --format %s exclude each other", format);
		return DD_EXIT_FAIL;
	}
	fmt = json ? FMT_JSON : fmt;
	if (only4 && only6) {
		cli_error(CMD, "-4 and -6 exclude each other");
		return DD_EXIT_FAIL;
	}
	if (allow_private && deny_private) {
		cli_error(CMD, "--allow-private and --deny-private exclude each other");
		return DD_EXIT_FAIL;
	}
	if (cli_diag_positionals(argc, argv, &q, sargs, &nsargs) != 0) {
		return DD_EXIT_FAIL;
	}
	if (replay == NULL && q.name == NULL) {
		cli_error(CMD, "expected NAME [TYPE] (see 'dnssec-doctor diagnose --help')");
		return DD_EXIT_FAIL;
	}
	if (replay != NULL && save != NULL) {
		cli_error(CMD, "--replay and --save exclude each other");
		return DD_EXIT_FAIL;
	}
	if (replay != NULL && nds_args > 0) {
		cli_error(CMD, "--replay asks no server: --ds '%s' has no use (the evidence keeps the "
		          "DS given when it was collected)", ds_args[0]);
		return DD_EXIT_FAIL;
	}
	if (replay != NULL && nsargs > 0) {
		cli_error(CMD, "--replay asks no server: %s '%s' has no use", sargs[0].at ? "server"
		          : "--server", sargs[0].text);
		return DD_EXIT_FAIL;
	}
	uint8_t target[DD_NAME_MAXLEN] = { 0 };
	uint16_t qtype = DD_TYPE_A;
	if (q.type != NULL && q.name == NULL) {
		cli_error(CMD, "TYPE '%s' given without a NAME", q.type);
		return DD_EXIT_FAIL;
	}
	if (q.name != NULL) {
		if (dd_name_from_str(q.name, target) < 0) {
			cli_error(CMD, "bad domain name '%s'", q.name);
			return DD_EXIT_FAIL;
		}
		if (q.type != NULL) {
			int t = dd_type_from_str(q.type);
			if (t < 0) {
				cli_error(CMD, "unknown record type '%s'", q.type);
				return DD_EXIT_FAIL;
			}
			qtype = (uint16_t)t;
		}
	}
	if (nx_label != NULL) {
		uint8_t tmp[DD_NAME_MAXLEN];
		if (dd_name_from_str(nx_label, tmp) < 0 || dd_name_labels(tmp) != 1 ||
		    strchr(nx_label, '.') != NULL) {
			cli_error(CMD, "bad --nx-label '%s' (one DNS label)", nx_label);
			return DD_EXIT_FAIL;
		}
	}
	/* checked now; computed once the collection time is known (below) */
	int64_t now = (int64_t)time(NULL), at = now;
	if (at_text != NULL && cli_parse_at(CMD, at_text, now, &at) != 0) {
		return DD_EXIT_FAIL;
	}

	/* the servers last: names are resolved and an @SERVER asked which zone it serves */
	if (cli_diag_add_servers(sargs, nsargs, target, only4 ? AF_INET : only6 ? AF_INET6 : AF_UNSPEC,
	                (unsigned)timeout_ms, servers, &nservers) != 0) {
		return DD_EXIT_FAIL;
	}
	cli_ds_list_t *given = NULL;  /* --ds */
	if (nds_args > 0) {
		if ((given = calloc(1, sizeof(*given))) == NULL) {
			cli_error(CMD, "out of memory");
			return DD_EXIT_FAIL;
		}
		if (cli_diag_given_ds(ds_args, nds_args, servers, nservers, target, given) != 0) {
			free(given);
			return DD_EXIT_FAIL;
		}
	}

	int exit_code = DD_EXIT_FAIL;
	char err[1024];
	cli_anchors_t anchors = { 0 };
	dd_probe_server_t *hints = NULL;
	size_t nhints = 0;
	dd_evidence_t *ev = NULL;
	dd_analysis_t *an = NULL;
	dd_diagnosis_t *dg = NULL;
	dd_views_t *views = NULL;
	bool interrupted = false;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	dd_probe_config_t cfg = { 0 };
	if (replay != NULL) {
		FILE *f = strcmp(replay, "-") == 0 ? stdin : fopen(replay, "r");
		if (f == NULL) {
			cli_error(CMD, "cannot read %s: %s", replay, strerror(errno));
			goto out;
		}
		/* our evidence, or a DNSViz capture (its NAME and TYPE chosen here) */
		bool dnsviz = false;
		int r = dd_replay_read(f, q.name, q.type != NULL ? qtype : 0, &ev,
		                       &dnsviz, err, sizeof(err));
		if (f != stdin) {
			fclose(f);
		}
		if (r != DD_OK) {
			cli_error(CMD, "%s: %s", replay, r == DD_EPARSE || r == DD_EIO ? err : dd_strerror(r));
			goto out;
		}
		/* a DNSViz capture holds no trust anchor: --anchor's, or the IANA root KSKs */
		if (dnsviz && cli_anchors_load(anchor_file, &anchors, err, sizeof(err)) != 0) {
			cli_error(CMD, "%s", err);
			goto out;
		}
		for (size_t i = 0; dnsviz && i < anchors.n; i++) {
			if ((r = dd_evidence_add_anchor(ev, &anchors.rr[i])) != DD_OK) {
				cli_error(CMD, "%s: %s", replay, dd_strerror(r));
				goto out;
			}
		}
		if (dnsviz) {
			snprintf(ev->anchor_source, sizeof(ev->anchor_source), "%s", anchors.source);
		}
		if (ev->nzones == 0) {
			cli_error(CMD, "%s: the evidence has no zones", replay);
			goto out;
		}
	} else {
		if (cli_anchors_load(anchor_file, &anchors, err, sizeof(err)) != 0 ||
		    cli_hints_load(hints_file, &hints, &nhints, err, sizeof(err)) != 0) {
			cli_error(CMD, "%s", err);
			goto out;
		}
		dd_probe_cancel_t *token = NULL;
		if (dd_probe_cancel_new(&token) != DD_OK) {
			cli_error(CMD, "cannot set up signal handling");
			goto out;
		}
		cancel_token = token;
		catch_signals();
		cfg = (dd_probe_config_t){
			.hints = hints, .nhints = nhints, .servers = servers, .nservers = nservers,
			.anchors = anchors.rr, .nanchors = anchors.n, .anchor_source = anchors.source,
			.given_ds = given ? given->rr : NULL, .ngiven_ds = given ? given->n : 0,
			.timeout_ms = (unsigned)timeout_ms, .no_ipv4 = only6, .no_ipv6 = only4,
			.nx_label = nx_label, .cancel = cancel_token,
			/* the public DNS (IANA root); a private hierarchy has hints or anchors */
			.allow_private = !deny_private && (allow_private || hints_file != NULL ||
			                                   anchor_file != NULL),
		};
		/* the views from the first moment, beside the probe (libunbound resolves in
		 * threads of its own); they go into the evidence too, so that --replay shows them */
		int64_t at_pre = (int64_t)time(NULL);
		if (at_text != NULL) {
			(void)cli_parse_time(at_text, at_pre, &at_pre);  /* checked before */
		}
		uint8_t lower[DD_NAME_MAXLEN];
		dd_name_to_lower(lower, target);
		dd_views_run_t *vrun = NULL;
		int r = dd_views_start(&cfg, resolvers, nresolvers, no_unbound,
		                       at_text != NULL ? at_pre : 0, lower, qtype, &vrun);
		if (r != DD_OK) {
			cli_error(CMD, "resolver views failed: %s", dd_strerror(r));
			goto out;
		}
		/* the nonexistent name as soon as the probe has found the target's zone */
		cfg.on_nx_name = nx_known;
		cfg.on_nx_name_arg = vrun;
		r = dd_probe_run(&cfg, target, qtype, &ev);
		if (r != DD_OK) {
			dd_views_abandon(vrun);
			cli_error(CMD, "probe failed: %s", dd_strerror(r));
			goto out;
		}
		/* each libunbound question gets the larger of 1 s and the probe's own time from
		 * when it was asked (the queried name's with the probe, the nonexistent name's
		 * once one server showed the zone), so at most that after the probe: a view cut
		 * off says so and is never an answer */
		struct timespec tp;
		clock_gettime(CLOCK_MONOTONIC, &tp);
		int64_t probe_ms = (tp.tv_sec - t0.tv_sec) * 1000 + (tp.tv_nsec - t0.tv_nsec) / 1000000;
		r = dd_views_finish(vrun, ev, probe_ms > 1000 ? (unsigned)probe_ms : 1000);
		if (r != DD_OK) {
			cli_error(CMD, "resolver views failed: %s", dd_strerror(r));
			goto out;
		}
		/* a signal during the views stops the collection too: the saved evidence says so */
		ev->interrupted = ev->interrupted || dd_probe_cancelled(cancel_token);
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ev->duration_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (save != NULL && save_evidence(ev, save) != 0) {
			goto out;
		}
	}
	at = at_of(at_text, ev);
	int r = dd_analyze(ev, at, &an);
	if (r == DD_OK) {
		r = dd_analysis_add_notes(an, ev);  /* the probe's, kept in the evidence */
	}
	if (r == DD_OK) {
		r = dd_diagnose(an, ev, &dg);
	}
	if (r != DD_OK) {
		cli_error(CMD, "analysis failed: %s", dd_strerror(r));
		goto out;
	}
	/* the views from the evidence alone, live and on replay alike */
	r = dd_views_from_evidence(ev, &views);
	if (r == DD_OK) {
		r = dd_diagnose_views(dg, an, views);
	}
	if (r != DD_OK) {
		cli_error(CMD, "resolver views failed: %s", dd_strerror(r));
		goto out;
	}
	/* an interrupted run could not complete: the JSON exit_code and interrupted say so too
	 * (also of a signal that came after the collection) */
	interrupted = dd_probe_cancelled(cancel_token);
	if (interrupted || ev->interrupted) {
		ev->interrupted = true;
		dg->exit_code = DD_EXIT_FAIL;
	}
	/* nothing from this machine's clock: a replay prints what the run printed */
	dd_report_opts_t ro = { .color = output == NULL && cli_use_color(color),
	                        .duration_ms = ev->duration_ms, .level = level, .quiet = quiet };
	if (write_report(fmt, output, ev, an, dg, views, &ro) != 0) {
		goto out;
	}
	exit_code = dg->exit_code;  /* the JSON's exit_code */
	if (interrupted) {
		cli_error(CMD, "interrupted: the report covers what was collected before it");
	} else if (ev->interrupted) {
		/* a replay of an interrupted run says what the run said, and exits as it did */
		cli_error(CMD, "%s: the evidence is from an interrupted run: the report covers what "
		          "was collected before it", replay);
	} else if (exit_code == DD_EXIT_FAIL) {
		/* the diagnosis found nothing answering at the top: the run could not complete */
		cli_error(CMD, "no root server answered: check the network or --hints");
	}
out:
	free(given);
	dd_views_free(views);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
	free(hints);
	cli_anchors_free(&anchors);
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
