/* SPDX-License-Identifier: MIT
 * zonefile.h - streaming reader of zone files (RFC 1035 5 master files) and key files. */

/**
 * @file
 * Reads DNS records in presentation format (zone files, BIND .key files, dig output) with
 * libzscanner and hands each record to a callback as a borrowed dd_rr_t, so that files of any
 * size stream through constant memory. Errors name the file, the line and the offending text.
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
 * @param[out] err filled when DD_EPARSE or DD_EIO is returned; may be NULL.
 * @return DD_OK, DD_EPARSE (syntax error), DD_EIO (cannot read), DD_ENOMEM, or the callback's
 *         non-zero return value.
 */
DD_API int dd_zonefile_parse_file(const char *path, const char *origin, uint32_t default_ttl,
                                  dd_zonefile_cb cb, void *ctx, dd_zonefile_error_t *err);

/** As dd_zonefile_parse_file(), from @p len octets of text; errors name the file "<string>". */
DD_API int dd_zonefile_parse_string(const char *text, size_t len, const char *origin,
                                    uint32_t default_ttl, dd_zonefile_cb cb, void *ctx,
                                    dd_zonefile_error_t *err);

/** Format @p err as "file:line: message: text" into @p out (@p outlen octets). */
DD_API void dd_zonefile_error_str(const dd_zonefile_error_t *err, char *out, size_t outlen);
