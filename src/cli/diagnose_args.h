/* SPDX-License-Identifier: MIT
 * diagnose_args.h - the question and its servers as "dnssec-doctor diagnose" takes them
 * (diagnose_args.c): positionals, @SERVER, --server/-x and --ds. */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dd/name.h>
#include <dd/probe.h>

#include "util.h"

/* At most this many @SERVER/--server arguments, and servers they name. */
#define CLI_DIAG_MAX_LIST 32

/* The servers of --server, -x and @SERVER, before they are resolved (-4/-6 known). */
typedef struct cli_server_arg {
	const char *text;     /* as given, for errors */
	uint8_t zone[DD_NAME_MAXLEN];
	const char *list;     /* SERVER[,SERVER...] */
	bool at;              /* @SERVER: the zone is NAME, known after the positionals */
} cli_server_arg_t;

/* The question: NAME, TYPE and CLASS as given (NULL when not), pointing into argv. */
typedef struct cli_question {
	const char *name, *type, *cls;
} cli_question_t;

/* The DS records of --ds @p args (pre-delegation testing) into @p out, for zones at or above
 * @p target; a bare DS is for the one zone @p servers serve.
 * @return 0, or -1 with one line on stderr. */
int cli_diag_given_ds(const char *const *args, size_t nargs, const dd_probe_server_t *servers,
                      size_t nservers, const uint8_t *target, cli_ds_list_t *out);

/* Resolve @p sa into @p servers (at most CLI_DIAG_MAX_LIST; @p nservers counts them); an
 * @SERVER is asked which zone it serves @p target from, within @p timeout_ms.
 * @return 0, or -1 with one line on stderr. */
int cli_diag_add_servers(const cli_server_arg_t *sa, size_t nsa, const uint8_t *target,
                         int family, unsigned timeout_ms, dd_probe_server_t *servers,
                         size_t *nservers);

/* -c CLASS and a class positional: IN (CLASS1) only. @return 0, or -1 with one line. */
int cli_diag_check_class(const char *t);

/* The positionals from optind on, in any order, into @p q and @p sa (at most
 * CLI_DIAG_MAX_LIST). @return 0, or -1 with one line on stderr. */
int cli_diag_positionals(int argc, char **argv, cli_question_t *q, cli_server_arg_t *sa,
                         size_t *nsa);
