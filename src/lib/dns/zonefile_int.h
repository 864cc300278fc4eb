/* SPDX-License-Identifier: MIT
 * zonefile_int.h - internal to dns/: what the streaming reader's entry points (zonefile.c) and
 * its parallel path (zpar.c) share from zinput.c: the read's context, one input, the scanner
 * loop. Not installed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libzscanner/scanner.h>

#include "dd/zonefile.h"

/* One read: the callback, limits and $INCLUDE permissions. */
typedef struct parse_ctx {
	dd_zonefile_cb cb;
	void *ctx;
	dd_zonefile_error_t *err;
	char *roots[17];       /* real paths of the trees $INCLUDE may read; owned */
	size_t nroots;
	bool implicit_root;    /* roots[0] is the main file's own directory */
	unsigned max_depth, max_files, files;
	size_t max_text, held; /* text held in memory, and its cap */
	size_t *held_out;
	unsigned ratio;
	unsigned threads;      /* scanners reading the text at once (1: one) */
	size_t chunk;          /* octets of text per piece when more than one */
} parse_ctx_t;

/* One input: a private read-only mapping of a regular file, or text read into memory. */
typedef struct input {
	const char *data;
	size_t len;
	void *map;
	size_t maplen;
	char *owned;
	size_t released;       /* mapped octets given back so far */
} input_t;

/* zinput.c: open @p path (standard input for "-" unless @p include) as an input: a regular
 * file mapped, or gzip data, a pipe or a device read into memory within pc's text budget;
 * errors name @p wfile and @p wline. */
int dd__zf_open_input(parse_ctx_t *pc, const char *path, bool include, const char *wfile,
                      uint64_t wline, input_t *in);

/* zinput.c: unmap or free @p in, and count its text no longer held. */
void dd__zf_close_input(parse_ctx_t *pc, input_t *in);

/* zinput.c: the directory part of @p path, in a new string (free it); NULL without memory. */
char *dd__zf_dir_of(const char *path);

/* Fill @p err (may be NULL) with file, line and message; the text is cleared. */
void dd__zf_set_error(dd_zonefile_error_t *err, const char *file, uint64_t line, const char *msg);

/* Line @p line (1-based) of [start, end), trimmed and made printable, into @p out. */
void dd__zf_line_text(const char *start, const char *end, uint64_t line, char *out, size_t size);

/* Run scanner @p s over its input to the end, handing records to pc->cb and following
 * $INCLUDE; @p in is the input the scanner reads (a part of it, for the parallel path) and
 * @p depth the $INCLUDE depth (0: the file asked for). DD_OK at the end of the input. */
int dd__zf_run(zs_scanner_t *s, const char *file, input_t *in, parse_ctx_t *pc, int depth);

/* Release the pages of a mapped input @p in below offset @p done (less a margin). */
void dd__zf_release(input_t *in, size_t done);

/* zpar.c: read @p in (the text of the file asked for, @p file) with pc->threads scanners at
 * once, pieces cut by zsplit.c, handing the records to pc->cb in the order, and with the errors
 * and lines, of one scanner @p s0 (initialised, origin and TTL set, input not yet set) reading
 * it all; the state of @p s0 is not kept. */
int dd__zpar_run(zs_scanner_t *s0, const char *file, input_t *in, parse_ctx_t *pc);
