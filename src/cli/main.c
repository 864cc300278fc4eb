/* SPDX-License-Identifier: MIT
 * main.c - dnssec-doctor entry point: global options and dispatch to subcommands. */

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <dd/dd.h>

#include "cli.h"
#include "dd-config.h"

static int cmd_help(int argc, char **argv);
static void cmd_help_help(FILE *out);

static const cli_command_t COMMANDS[] = {
	{ "diagnose", "find which link of the chain of trust broke, why, and the safe fix",
	  cmd_diagnose, cmd_diagnose_help },
	{ "check-zone", "verify a signed zone file offline, as a deployment gate", cmd_check_zone,
	  cmd_check_zone_help },
	{ "preflight", "say before a change whether it breaks cached resolvers, and from when it is safe",
	  cmd_preflight, cmd_preflight_help },
	{ "monitor", "watch many zones; warn before signatures expire or the chain drifts",
	  cmd_monitor, cmd_monitor_help },
	{ "resolver", "is a resolver validating; which algorithms and digests it supports",
	  cmd_resolver, cmd_resolver_help },
	{ "clock", "this machine's clock against an NTP server (SNTP)", cmd_clock, cmd_clock_help },
	{ "ds", "DS records from DNSKEY records (as dnssec-dsfromkey)", cmd_ds, cmd_ds_help },
	{ "nsec3hash", "NSEC3 hash of a name (as BIND's nsec3hash)", cmd_nsec3hash,
	  cmd_nsec3hash_help },
	{ "help", "a command's options: 'help diagnose' is 'diagnose --help'", cmd_help,
	  cmd_help_help },
};

#define NCOMMANDS (sizeof(COMMANDS) / sizeof(COMMANDS[0]))

void cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "dnssec-doctor: %s%s", cmd ? cmd : "", cmd ? ": " : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cli_bad_option(const char *cmd, char **argv, int c)
{
	const char *arg = argv[optind - 1];
	if (c == ':') {
		cli_error(cmd, "option '%s' needs an argument (see 'dnssec-doctor %s%s--help')", arg,
		          cmd ? cmd : "", cmd ? " " : "");
	} else if (optopt != 0 && strncmp(arg, "--", 2) != 0) {
		cli_error(cmd, "unknown option '-%c' (see 'dnssec-doctor %s%s--help')", optopt,
		          cmd ? cmd : "", cmd ? " " : "");
	} else {
		cli_error(cmd, "unknown option '%s' (see 'dnssec-doctor %s%s--help')", arg,
		          cmd ? cmd : "", cmd ? " " : "");
	}
	return DD_EXIT_FAIL;
}

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor <command> [options] [arguments]\n"
	        "       dnssec-doctor --help | --version\n"
	        "\n"
	        "Find which link of a DNSSEC chain of trust broke, why, and how to fix it safely.\n"
	        "\n"
	        "Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		fprintf(out, "  %-12s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
	}
	fprintf(out,
	        "\n"
	        "Run 'dnssec-doctor <command> --help' or 'dnssec-doctor help <command>' for a\n"
	        "command's options.\n"
	        "Exit codes: 0 ok, 1 warnings, 2 errors found, 3 could not complete.\n");
}

static void cmd_help_help(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor help [COMMAND]\n"
	        "\n"
	        "Print the options of COMMAND, as 'dnssec-doctor COMMAND -h' does; without\n"
	        "COMMAND, the list of commands.\n");
}

/* "dnssec-doctor help CMD" is "dnssec-doctor CMD --help" (git's and many tools' habit). */
static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return DD_EXIT_OK;
	}
	if (argc > 2) {
		cli_error("help", "expected one COMMAND, got %d (see 'dnssec-doctor help help')",
		          argc - 1);
		return DD_EXIT_FAIL;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		cmd_help_help(stdout);
		return DD_EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], COMMANDS[i].name) == 0) {
			COMMANDS[i].help(stdout);
			return fflush(stdout) == 0 ? DD_EXIT_OK : DD_EXIT_FAIL;
		}
	}
	cli_error("help", "unknown command '%s' (see 'dnssec-doctor --help')", argv[1]);
	return DD_EXIT_FAIL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	/* '+': stop at the first non-option, which is the command */
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return DD_EXIT_OK;
		case 'V':
			printf("dnssec-doctor %s (libdnssecdoctor %s)\n", DD_VERSION, dd_version());
			return DD_EXIT_OK;
		default:
			return cli_bad_option(NULL, argv, c);
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return DD_EXIT_FAIL;
	}
	const char *name = argv[optind];
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(name, COMMANDS[i].name) == 0) {
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;
			optind = 0;  /* reinitialise getopt for the subcommand (glibc) */
			return COMMANDS[i].run(sub_argc, sub_argv);
		}
	}
	cli_error(NULL, "unknown command '%s' (see 'dnssec-doctor --help')", name);
	return DD_EXIT_FAIL;
}
