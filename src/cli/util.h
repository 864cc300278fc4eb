/* SPDX-License-Identifier: MIT
 * util.h - shared by the subcommands: times, durations, trust anchors, root hints, and writing
 * an output file safely. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <dd/dd.h>

/**
 * Parse a time: "now", "@EPOCH", "YYYYMMDDHHMMSS", "YYYY-MM-DD[THH:MM[:SS]][Z]" (UTC), or
 * relative to @p now: "+3d", "-2h30m" (units s, m, h, d, w). @return 0, or -1 if malformed.
 */
int cli_parse_time(const char *text, int64_t now, int64_t *out);

/** --at TEXT as cli_parse_time() reads it; on a bad value one error line for @p cmd naming the
 *  accepted forms. @return 0, or -1 (the line printed). */
int cli_parse_at(const char *cmd, const char *text, int64_t now, int64_t *out);

/** Parse a duration ("7d", "90m", "1.5" seconds, "2h30m"). @return 0 or -1. Milliseconds. */
int cli_parse_duration_ms(const char *text, int64_t *out_ms);

/**
 * Parse a per-attempt network timeout (seconds, 0.01 to 60) for command @p cmd; on failure
 * print "bad --timeout" and return -1. @p out_ms in milliseconds.
 */
int cli_parse_timeout(const char *cmd, const char *text, int64_t *out_ms);

/** Trust anchors read from a file, or the built-in root KSKs. */
typedef struct cli_anchors {
	dd_rr_t *rr;
	size_t n;
	char source[256];
} cli_anchors_t;

/**
 * Load anchors from @p path: DS or DNSKEY records in zone-file form (also Unbound's anchor
 * files), or a BIND trust-anchors / managed-keys / trusted-keys clause. NULL gives the
 * built-in IANA root anchors. @return 0, or -1 with a message in @p err.
 */
int cli_anchors_load(const char *path, cli_anchors_t *out, char *err, size_t errlen);
void cli_anchors_free(cli_anchors_t *a);

/** Root hints from a file (NS and A/AAAA records), or the built-in IANA root servers. */
int cli_hints_load(const char *path, dd_probe_server_t **out, size_t *n, char *err, size_t errlen);

/** The whole text of the file @p path, NUL-terminated (free()); NULL when it cannot be read. */
char *cli_slurp(const char *path);

/**
 * Check a --color argument (auto, always, never); on a bad one print the error for @p cmd.
 * @return 0, or -1.
 */
int cli_check_color(const char *cmd, const char *when);

/* --level: "error", "warning" or "notice" into *out (the least severity a text report
 * prints); a bad value is reported for @p cmd. @return 0 or -1. */
int cli_parse_level(const char *cmd, const char *text, dd_severity_t *out);

/** Whether to colour standard output for --color @p when: always, or auto on a terminal
 *  unless NO_COLOR is set (no-color.org). */
bool cli_use_color(const char *when);

/**
 * Write @p len octets as the whole new content of @p path, safely where others can write to
 * the directory: into a new temporary file beside it (created exclusively, never through a
 * symbolic link), flushed to disk, then renamed over @p path. An existing file's permission
 * bits are kept. A symbolic link at @p path is refused, not followed; an existing character
 * device (/dev/null) is written in place. On failure the old file is left as it was (or there
 * is none), the temporary file is removed, and @p err says why in one line ("No space left on
 * device", "File too large", "a symbolic link, not followed").
 * @return 0, or -1 with the message in @p err.
 */
int cli_write_file(const char *path, const void *data, size_t len, char *err, size_t errlen);

/** DS records given on the command line (--ds): a file of DS records (a dsset- file, dig
 *  output) or one record, whole or in the registrar form "12345 13 2 ABCD..." (needs @p origin). */
#define CLI_DS_MAX 64
typedef struct ds_list {
	dd_rr_t rr[CLI_DS_MAX];
	uint8_t owner[CLI_DS_MAX][DD_NAME_MAXLEN];
	uint8_t rdata[CLI_DS_MAX][512];
	size_t n;
	bool other;   /* a record that is not a DS was given */
	bool full;
} cli_ds_list_t;

/** Add the DS records of @p arg to @p l. @return 0, or -1 with one line on stderr. */
int cli_ds_load(const char *cmd, const char *arg, const char *origin, cli_ds_list_t *l);
