/* SPDX-License-Identifier: MIT
 * clock.c - "dnssec-doctor clock": the local clock's offset from an NTP server (SNTP, RFC
 * 4330), and what that offset means for signature validity windows. */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/report.h>

#include "addr.h"
#include "cli.h"
#include "util.h"

#define CMD "clock"
#define DEFAULT_NTP "pool.ntp.org"
#define SKEW_WARN 60.0  /* seconds: beyond this, signatures near their window's edges misjudge */

void cmd_clock_help(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor clock [options]\n"
	        "\n"
	        "Measure this machine's clock against an NTP server (SNTP, RFC 4330): a validator\n"
	        "judges RRSIG validity windows by its own clock, so a fast clock sees signatures\n"
	        "expire early and a slow one sees new signatures not yet valid.\n"
	        "\n"
	        "Options:\n"
	        "  --ntp SERVER         NTP server, a name or an address (default " DEFAULT_NTP "),\n"
	        "                       with an optional port: HOST#PORT, HOST:PORT, [IPv6]:PORT\n"
	        "  --timeout SECONDS    per attempt, two attempts per address (default 1.5)\n"
	        "  --json               print the result as JSON\n"
	        "  -h, --help           show this help\n"
	        "\n"
	        "Exit codes: 0 the clock is within 60 s of the server, 1 it is off by more,\n"
	        "3 no server answered (or bad arguments).\n");
}

/* "40 minutes", "3.2 seconds": an offset for a person. */
static void span_text(double s, char *out, size_t len)
{
	double a = s < 0 ? -s : s;
	if (a < 120) {
		snprintf(out, len, "%.3f seconds", a);
	} else if (a < 2 * 3600) {
		snprintf(out, len, "%.0f minutes", a / 60);
	} else if (a < 2 * 86400) {
		snprintf(out, len, "%.1f hours", a / 3600);
	} else {
		snprintf(out, len, "%.1f days", a / 86400);
	}
}

int cmd_clock(int argc, char **argv)
{
	enum { O_NTP = 256, O_TIMEOUT, O_JSON };
	static const struct option opts[] = {
		{ "ntp", required_argument, NULL, O_NTP },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *server = DEFAULT_NTP;
	char host[256];
	long port = 123;
	int64_t timeout_ms = 1500;
	bool json = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case O_NTP:
			/* a port as dig (HOST#PORT) or DNSViz ([IPv6]:PORT, HOST:PORT) writes it */
			if (strlen(optarg) > 253 ||
			    cli_split_port(optarg, 123, host, sizeof(host), &port) != 0) {
				cli_error(CMD, "bad --ntp '%s' (a host name or an address, with an optional "
				          "#PORT, :PORT or [IPv6]:PORT)", optarg);
				return DD_EXIT_FAIL;
			}
			server = host;
			break;
		case O_TIMEOUT:
			if (cli_parse_timeout(CMD, optarg, &timeout_ms) != 0) {
				return DD_EXIT_FAIL;
			}
			break;
		case O_JSON: json = true; break;
		case 'h': cmd_clock_help(stdout); return DD_EXIT_OK;
		default: return cli_bad_option(CMD, argv, c);
		}
	}
	if (optind != argc) {
		cli_error(CMD, "unexpected argument '%s'", argv[optind]);
		return DD_EXIT_FAIL;
	}
	dd_clock_t ck;
	char why[256];
	int r = dd_clock_query(server, (uint16_t)port, (unsigned)timeout_ms, 2, &ck, why, sizeof(why));
	if (r != DD_OK) {
		cli_error(CMD, "%s", why[0] ? why : dd_strerror(r));
		return DD_EXIT_FAIL;
	}
	bool skewed = ck.offset >= SKEW_WARN || ck.offset <= -SKEW_WARN;
	if (json) {
		if (dd_report_clock_json(stdout, server, &ck, skewed,
		                         skewed ? DD_EXIT_WARNING : DD_EXIT_OK) != DD_OK) {
			cli_error(CMD, "cannot write the report");
			return DD_EXIT_FAIL;
		}
	} else {
		char span[48];
		span_text(ck.offset, span, sizeof(span));
		printf("This clock is %s %s %s (%s, stratum %u, reference %s; round trip %.1f ms).\n",
		       span, ck.offset >= 0 ? "behind" : "ahead of", server, ck.server,
		       ck.sntp.stratum, ck.sntp.refid[0] ? ck.sntp.refid : "-", ck.delay * 1000);
		if (skewed && ck.offset > 0) {
			printf("A validator with this clock takes signatures whose validity began less "
			       "than %s ago for not yet valid.\n", span);
		} else if (skewed) {
			printf("A validator with this clock takes signatures that expire within the next "
			       "%s for expired.\n", span);
		}
	}
	return skewed ? DD_EXIT_WARNING : DD_EXIT_OK;
}
