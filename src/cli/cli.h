/* SPDX-License-Identifier: MIT
 * cli.h - shared by the dnssec-doctor subcommands: exit codes, error printing, the command table. */
#pragma once

#include <stdio.h>

/** Exit codes of every subcommand (documented in the man page and README). */
enum {
	DD_EXIT_OK = 0,         /**< success; for checks: secure or correctly insecure */
	DD_EXIT_WARNING = 1,    /**< warnings only */
	DD_EXIT_ERROR = 2,      /**< bogus, or errors found */
	DD_EXIT_FAIL = 3,       /**< could not complete: bad arguments, unreadable input, network */
};

/** Print "dnssec-doctor: <cmd>: <message>" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * Report a getopt failure (unknown option or missing argument) as one line and return
 * DD_EXIT_FAIL. Call with opterr = 0 after getopt_long() returned '?' or ':'.
 */
int cli_bad_option(const char *cmd, char **argv, int c);

/** One subcommand: its name, one-line summary, entry point and help printer. */
typedef struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	void (*help)(FILE *out);
} cli_command_t;

int cmd_diagnose(int argc, char **argv);
void cmd_diagnose_help(FILE *out);
int cmd_check_zone(int argc, char **argv);
void cmd_check_zone_help(FILE *out);
int cmd_preflight(int argc, char **argv);
void cmd_preflight_help(FILE *out);
int cmd_ds(int argc, char **argv);
void cmd_ds_help(FILE *out);
int cmd_resolver(int argc, char **argv);
void cmd_resolver_help(FILE *out);
int cmd_monitor(int argc, char **argv);
void cmd_monitor_help(FILE *out);
int cmd_clock(int argc, char **argv);
void cmd_clock_help(FILE *out);
int cmd_nsec3hash(int argc, char **argv);
void cmd_nsec3hash_help(FILE *out);
