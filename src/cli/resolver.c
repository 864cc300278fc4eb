/* SPDX-License-Identifier: MIT
 * resolver.c - "dnssec-doctor resolver ADDR": is a recursive resolver validating, does it pass
 * DNSSEC records on, which algorithms and DS digest types does it support, is its clock off. */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/report.h>
#include <dd/resolver.h>

#include "addr.h"
#include "cli.h"
#include "util.h"

#define CMD "resolver"

void cmd_resolver_help(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor resolver [options] ADDRESS\n"
	        "\n"
	        "ADDRESS: 192.0.2.53, 2001:db8::53, with a port as dig writes it (@192.0.2.53,\n"
	        "192.0.2.53#5353) or as DNSViz does ([2001:db8::53]:5353).\n"
	        "\n"
	        "Ask the recursive resolver at ADDRESS for names whose DNSSEC state is known and say\n"
	        "whether it validates: AD on names that validate, SERVFAIL on bogus names and their\n"
	        "data with CD, RRSIGs passed on to DO queries; which DNSSEC algorithms and DS digest\n"
	        "types it validates, treats as insecure or fails; and whether its clock is off.\n"
	        "\n"
	        "Options:\n"
	        "  --probe-names FILE   the names to ask (default: built-in public test domains;\n"
	        "                       --list-probe-names prints them in the file's format)\n"
	        "  --list-probe-names   print the built-in probe names and exit\n"
	        "  --port PORT          the resolver's port (default 53, or the one in ADDRESS)\n"
	        "  --timeout SECONDS    per query attempt (default 1.5; a resolver gets twice that)\n"
	        "  --json               print the result as JSON (docs/json.md)\n"
	        "  --color WHEN         auto (a terminal, unless NO_COLOR is set), always, never\n"
	        "  -h, --help           show this help\n"
	        "\n"
	        "Probe-names file: one probe per line, '#' starts a comment:\n"
	        "  secure NAME [TYPE] | bogus NAME [TYPE] | algorithm N NAME [TYPE] | digest N NAME [TYPE]\n"
	        "\n"
	        "Exit codes: 0 validating, everything as expected; 1 validating with warnings\n"
	        "(an algorithm it should support treated as insecure, a probe unanswered); 2 not\n"
	        "validating, or broken; 3 no answer at all, or bad arguments.\n");
}

int cmd_resolver(int argc, char **argv)
{
	enum { O_NAMES = 256, O_LIST, O_PORT, O_TIMEOUT, O_JSON, O_COLOR };
	static const struct option opts[] = {
		{ "probe-names", required_argument, NULL, O_NAMES },
		{ "list-probe-names", no_argument, NULL, O_LIST },
		{ "port", required_argument, NULL, O_PORT },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "json", no_argument, NULL, O_JSON },
		{ "color", required_argument, NULL, O_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *names_file = NULL, *color = "auto";
	int64_t timeout_ms = 1500;
	long port = 53;
	bool port_given = false;
	bool json = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case O_NAMES: names_file = optarg; break;
		case O_LIST: fputs(dd_probe_names_builtin(), stdout); return DD_EXIT_OK;
		case O_PORT: {
			char *end;
			errno = 0;
			port = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg || port < 1 || port > 65535) {
				cli_error(CMD, "bad --port '%s' (1-65535)", optarg);
				return DD_EXIT_FAIL;
			}
			port_given = true;
			break;
		}
		case O_TIMEOUT:
			if (cli_parse_timeout(CMD, optarg, &timeout_ms) != 0) {
				return DD_EXIT_FAIL;
			}
			break;
		case O_JSON: json = true; break;
		case O_COLOR:
			if (cli_check_color(CMD, optarg) != 0) {
				return DD_EXIT_FAIL;
			}
			color = optarg;
			break;
		case 'h': cmd_resolver_help(stdout); return DD_EXIT_OK;
		default: return cli_bad_option(CMD, argv, c);
		}
	}
	if (argc - optind != 1) {
		cli_error(CMD, "expected one resolver ADDRESS (see 'dnssec-doctor resolver --help')");
		return DD_EXIT_FAIL;
	}
	/* "ADDR", dig's "@ADDR" and "ADDR#PORT", "[IPv6]:PORT" */
	const char *given = argv[optind][0] == '@' ? argv[optind] + 1 : argv[optind];
	char addr[64];
	if (cli_parse_addr(given, addr) != 0) {
		cli_error(CMD, "bad resolver address '%s' (an IPv4 or IPv6 address, ADDR#PORT, "
		          "[IPv6]:PORT)", argv[optind]);
		return DD_EXIT_FAIL;
	}
	char *hash = strchr(addr, '#');
	if (hash != NULL) {
		long p = strtol(hash + 1, NULL, 10);
		if (port_given && p != port) {
			cli_error(CMD, "port %ld in '%s' and --port %ld differ", p, argv[optind], port);
			return DD_EXIT_FAIL;
		}
		port = p;
		*hash = '\0';
	}
	char *text = NULL;
	if (names_file != NULL) {
		text = cli_slurp(names_file);
		if (text == NULL) {
			cli_error(CMD, "cannot read %s: %s", names_file, strerror(errno));
			return DD_EXIT_FAIL;
		}
	}
	dd_probe_name_t *probes = NULL;
	size_t n = 0;
	char err[256] = "";
	int r = dd_probe_names_parse(text ? text : dd_probe_names_builtin(), &probes, &n, err, sizeof(err));
	free(text);
	if (r != DD_OK) {
		cli_error(CMD, "%s: %s", names_file ? names_file : "built-in probe names",
		          r == DD_EPARSE ? err : dd_strerror(r));
		return DD_EXIT_FAIL;
	}
	dd_resolver_config_t cfg = { .timeout_ms = (unsigned)timeout_ms, .port = (uint16_t)port };
	dd_resolver_check_t *chk = NULL;
	r = dd_resolver_query(&cfg, addr, probes, n, &chk);
	free(probes);
	if (r == DD_OK) {
		r = dd_resolver_assess(chk);  /* the answers judged, no I/O */
	}
	if (r != DD_OK) {
		dd_resolver_check_free(chk);
		cli_error(CMD, "%s", dd_strerror(r));
		return DD_EXIT_FAIL;
	}
	dd_report_opts_t ro = {
		.color = cli_use_color(color),
	};
	r = json ? dd_report_resolver_json(stdout, chk) : dd_report_resolver_text(stdout, chk, &ro);
	int exit_code = chk->exit_code;
	if (r != DD_OK || fflush(stdout) != 0) {
		cli_error(CMD, "cannot write the report");
		exit_code = DD_EXIT_FAIL;
	} else if (chk->verdict == DD_RESOLVER_UNREACHABLE) {
		cli_error(CMD, "no answer from %s (port %ld): %s", addr, port, chk->reason);
	}
	dd_resolver_check_free(chk);
	return exit_code;
}
