/* SPDX-License-Identifier: MIT
 * zonefile.h - streaming reader of zone files (RFC 1035 5 master files) and key files. */

/**
 * @file
 * Reads DNS records in presentation format (zone files, BIND .key files, dig output) with
 * libzscanner and hands each record to a callback as a borrowed dd_rr_t, so that files of any
 * size stream through constant memory. Errors name the file, the line and the offending text
 * of the file that was asked for; an error in a file reached through $INCLUDE names its file
 * and line only, never its content (it may be a file the zone's author wanted to read).
 *
 * Zone files from others are bounded (dd_zonefile_opts_t): $INCLUDE reads only regular files
 * inside the including file's directory tree or a directory the caller allows (symbolic links
 * resolved first), at most DD_ZONEFILE_INCLUDE_DEPTH levels deep and DD_ZONEFILE_INCLUDE_FILES
 * files in all; text held in memory (standard input, a pipe, a device, gzip data) is capped,
 * gzip data may not expand more than DD_ZONEFILE_GZIP_RATIO-fold past DD_ZONEFILE_GZIP_FREE
 * octets, and a NUL octet (binary data, /dev/zero, a sparse file) stops the read at once.
 */
#pragma once

#include <dd/types.h>

/** Where and why parsing stopped. */
typedef struct dd_zonefile_error {
	char file[256];     /**< file name as given ("-" for stdin, "<string>" for text) */
	uint64_t line;      /**< 1-based line number; 0 when not applicable */
	char message[160];  /**< the parser's message */
	char text[160];     /**< the offending line, trimmed (may be empty) */
} dd_zonefile_error_t;

/** Deepest $INCLUDE nesting followed (BIND's and Knot's loaders allow about 10; see
 *  docs/architecture.md, Limits). */
#define DD_ZONEFILE_INCLUDE_DEPTH 10
/** Files read through $INCLUDE in one parse, in all (an 8-way fan-out 10 levels deep would be
 *  a billion files). */
#define DD_ZONEFILE_INCLUDE_FILES 256
/** Text held in memory by default (standard input, pipes, devices, gzip data), octets. */
#define DD_ZONEFILE_TEXT_MAX ((size_t)8 << 30)
/** gzip data may expand this many times its compressed size... */
#define DD_ZONEFILE_GZIP_RATIO 100
/** ...once it has expanded past this many octets (small files compress well). */
#define DD_ZONEFILE_GZIP_FREE ((size_t)64 << 20)

/** Octets of text per piece when several threads read a file (dd_zonefile_opts_t). */
#define DD_ZONEFILE_CHUNK ((size_t)1 << 20)

/** Limits and permissions of one read. Zero-initialise: a zero field takes its default. */
typedef struct dd_zonefile_opts {
	/** Directory trees $INCLUDE may also read (the including file's own tree always; text
	 *  and standard input have none, so without these their $INCLUDEs are refused, and their
	 *  relative names are taken from the first). Borrowed. */
	const char *const *include_dirs;
	size_t ninclude_dirs;
	unsigned max_include_depth;   /**< 0: DD_ZONEFILE_INCLUDE_DEPTH */
	unsigned max_include_files;   /**< 0: DD_ZONEFILE_INCLUDE_FILES */
	size_t max_text;              /**< octets of text held in memory; 0: DD_ZONEFILE_TEXT_MAX */
	unsigned gzip_ratio;          /**< 0: DD_ZONEFILE_GZIP_RATIO */
	/** When not NULL, kept up to date with the octets of text held in memory (for a caller
	 *  that budgets its own memory with it). */
	size_t *text_held;
	/** Scanners reading the text of the file asked for at once, each a piece of about
	 *  @c chunk_size octets cut at a record boundary, the records still handed over in file
	 *  order on the calling thread with the errors and lines of one scanner; 0 or 1: one.
	 *  Text read through $INCLUDE is read by one, and so is the rest of the file after an
	 *  $INCLUDE line. Up to 4 pieces per thread are parsed ahead of the callback, their
	 *  records held in memory (not counted in @c text_held, so that limits stop at the same
	 *  record; each piece's at most 4 times its text): one scanner unless @c max_text is at
	 *  least 32 times threads times @c chunk_size. */
	unsigned threads;
	/** Octets of text per piece with more than one thread; 0: DD_ZONEFILE_CHUNK. */
	size_t chunk_size;
} dd_zonefile_opts_t;

/**
 * Called once per record. The dd_rr_t and everything it points to are borrowed and valid
 * only during the call. Return 0 to continue; any other value stops parsing and is returned
 * by the parse function.
 */
typedef int (*dd_zonefile_cb)(const dd_rr_t *rr, void *ctx);

/**
 * Parse a zone file.
 *
 * @param path     file name; "-" reads standard input.
 * @param origin   initial $ORIGIN as text ("example.com."); NULL means the root.
 * @param default_ttl  TTL for records without one before any $TTL, in seconds.
 * @param cb, ctx  record callback.
 * @param[out] err filled when DD_EPARSE, DD_EIO or DD_ELIMIT is returned; when the callback
 *                stops the parse, its file and line are filled and its message is empty.
 *                May be NULL.
 * @return DD_OK, DD_EPARSE (syntax error, or an $INCLUDE refused), DD_EIO (cannot read),
 *         DD_ELIMIT (a limit of dd_zonefile_opts_t), DD_ENOMEM, or the callback's non-zero
 *         return value.
 */
DD_API int dd_zonefile_parse_file(const char *path, const char *origin, uint32_t default_ttl,
                                  dd_zonefile_cb cb, void *ctx, dd_zonefile_error_t *err);

/** As dd_zonefile_parse_file(), from @p len octets of text; errors name the file "<string>". */
DD_API int dd_zonefile_parse_string(const char *text, size_t len, const char *origin,
                                    uint32_t default_ttl, dd_zonefile_cb cb, void *ctx,
                                    dd_zonefile_error_t *err);

/** dd_zonefile_parse_file() with limits and include directories (@p opts NULL: defaults). */
DD_API int dd_zonefile_parse_file_opts(const char *path, const char *origin,
                                       uint32_t default_ttl, const dd_zonefile_opts_t *opts,
                                       dd_zonefile_cb cb, void *ctx, dd_zonefile_error_t *err);

/** dd_zonefile_parse_string() with limits and include directories (@p opts NULL: defaults). */
DD_API int dd_zonefile_parse_string_opts(const char *text, size_t len, const char *origin,
                                         uint32_t default_ttl, const dd_zonefile_opts_t *opts,
                                         dd_zonefile_cb cb, void *ctx, dd_zonefile_error_t *err);

/** Format @p err as "file:line: message: text" into @p out (@p outlen octets). */
DD_API void dd_zonefile_error_str(const dd_zonefile_error_t *err, char *out, size_t outlen);
