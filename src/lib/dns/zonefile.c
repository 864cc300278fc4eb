/* SPDX-License-Identifier: MIT
 * zonefile.c - streaming zone-file reader on libzscanner, the public entry points: records to
 * a callback, the $INCLUDE trees allowed, the input opened (zinput.c) and read by one scanner,
 * or with more than one thread by one scanner per piece of the text at once (zpar.c); errors
 * with file, line and, for the file asked for only, the offending text. */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dd/error.h"
#include "dd/zonefile.h"
#include "dns/zonefile_int.h"

/* Free what parse_input() set up in @p pc. */
static void roots_free(parse_ctx_t *pc)
{
	for (size_t i = 0; i < pc->nroots; i++) {
		free(pc->roots[i]);
	}
	pc->nroots = 0;
}

/* The trees $INCLUDE may read: the main file's directory, then the caller's. */
static int roots_init(parse_ctx_t *pc, const char *path, const dd_zonefile_opts_t *o)
{
	if (path != NULL && strcmp(path, "-") != 0) {
		char *real = realpath(path, NULL);
		char *dir = real ? dd__zf_dir_of(real) : NULL;
		free(real);
		if (dir != NULL) {
			pc->roots[pc->nroots++] = dir;
			pc->implicit_root = true;
		}
	}
	for (size_t i = 0; o != NULL && i < o->ninclude_dirs; i++) {
		if (pc->nroots == sizeof(pc->roots) / sizeof(pc->roots[0])) {
			dd__zf_set_error(pc->err, o->include_dirs[i], 0, "too many include directories (16)");
			return DD_EINVAL;
		}
		char *real = realpath(o->include_dirs[i], NULL);
		struct stat st;
		if (real == NULL || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
			dd__zf_set_error(pc->err, o->include_dirs[i], 0, real ? "not a directory" :
			          strerror(errno));
			free(real);
			return DD_EINVAL;
		}
		pc->roots[pc->nroots++] = real;
	}
	return DD_OK;
}

static int parse_input(const char *path, const char *text, size_t len, const char *origin,
                       uint32_t default_ttl, const dd_zonefile_opts_t *o, dd_zonefile_cb cb,
                       void *ctx, dd_zonefile_error_t *err)
{
	if (cb == NULL || (path == NULL && text == NULL)) {
		return DD_EINVAL;
	}
	parse_ctx_t pc = {
		.cb = cb, .ctx = ctx, .err = err,
		.max_depth = o && o->max_include_depth ? o->max_include_depth
		                                       : DD_ZONEFILE_INCLUDE_DEPTH,
		.max_files = o && o->max_include_files ? o->max_include_files
		                                       : DD_ZONEFILE_INCLUDE_FILES,
		.max_text = o && o->max_text ? o->max_text : DD_ZONEFILE_TEXT_MAX,
		.ratio = o && o->gzip_ratio ? o->gzip_ratio : DD_ZONEFILE_GZIP_RATIO,
		.held_out = o ? o->text_held : NULL,
		.threads = o && o->threads > 1 ? o->threads : 1,
		.chunk = o && o->chunk_size ? o->chunk_size : DD_ZONEFILE_CHUNK,
	};
	const char *file = path ? path : "<string>";
	input_t in = { .data = text, .len = len };
	zs_scanner_t *s = NULL;
	int ret = roots_init(&pc, path, o);
	if (ret != DD_OK) {
		goto out;
	}
	s = malloc(sizeof(*s));
	if (s == NULL) {
		ret = DD_ENOMEM;
		goto out;
	}
	if (zs_init(s, origin ? origin : ".", 1 /* IN */, default_ttl) != 0) {
		dd__zf_set_error(err, file, 0, zs_strerror(s->error.code));
		ret = DD_EPARSE;  /* bad origin */
		free(s);
		s = NULL;
		goto out;
	}
	if (path != NULL) {
		ret = dd__zf_open_input(&pc, path, false, file, 0, &in);
		if (ret != DD_OK) {
			goto out;
		}
	}
	/* the pieces parsed ahead (4 per thread, about a piece of text each) stay a small share
	 * of the memory budget: below 32 times that, one scanner */
	if (pc.threads > 1 && in.len >= 2 * pc.chunk && pc.chunk <= pc.max_text / 32 / pc.threads) {
		/* relative $INCLUDE names: as below, in the scanner the pieces start from */
		if (pc.nroots > 0) {
			free(s->path);
			s->path = strdup(pc.roots[0]);
			if (s->path == NULL) {
				ret = DD_ENOMEM;
				goto out;
			}
		}
		ret = dd__zpar_run(s, file, &in, &pc);
		goto out;
	}
	if (zs_set_input_string(s, in.data, in.len) != 0) {
		dd__zf_set_error(err, file, 0, zs_strerror(s->error.code));
		ret = DD_EIO;
		goto out;
	}
	/* relative $INCLUDE names: from the file's own directory, else the first one allowed */
	if (pc.nroots > 0) {
		char *dir = strdup(pc.roots[0]);
		if (dir == NULL) {
			ret = DD_ENOMEM;
			goto out;
		}
		free(s->path);
		s->path = dir;
	}
	ret = dd__zf_run(s, file, &in, &pc, 0);
out:
	if (s != NULL) {
		zs_deinit(s);
		free(s);
	}
	if (path != NULL) {
		dd__zf_close_input(&pc, &in);
	}
	roots_free(&pc);
	return ret;
}

int dd_zonefile_parse_file(const char *path, const char *origin, uint32_t default_ttl,
                           dd_zonefile_cb cb, void *ctx, dd_zonefile_error_t *err)
{
	if (path == NULL) {
		return DD_EINVAL;
	}
	return parse_input(path, NULL, 0, origin, default_ttl, NULL, cb, ctx, err);
}

int dd_zonefile_parse_file_opts(const char *path, const char *origin, uint32_t default_ttl,
                                const dd_zonefile_opts_t *opts, dd_zonefile_cb cb, void *ctx,
                                dd_zonefile_error_t *err)
{
	if (path == NULL) {
		return DD_EINVAL;
	}
	return parse_input(path, NULL, 0, origin, default_ttl, opts, cb, ctx, err);
}

int dd_zonefile_parse_string(const char *text, size_t len, const char *origin,
                             uint32_t default_ttl, dd_zonefile_cb cb, void *ctx,
                             dd_zonefile_error_t *err)
{
	if (text == NULL) {
		return DD_EINVAL;
	}
	return parse_input(NULL, text, len, origin, default_ttl, NULL, cb, ctx, err);
}

int dd_zonefile_parse_string_opts(const char *text, size_t len, const char *origin,
                                  uint32_t default_ttl, const dd_zonefile_opts_t *opts,
                                  dd_zonefile_cb cb, void *ctx, dd_zonefile_error_t *err)
{
	if (text == NULL) {
		return DD_EINVAL;
	}
	return parse_input(NULL, text, len, origin, default_ttl, opts, cb, ctx, err);
}

void dd_zonefile_error_str(const dd_zonefile_error_t *err, char *out, size_t outlen)
{
	if (err->line > 0 && err->text[0] != '\0') {
		snprintf(out, outlen, "%s:%llu: %s: '%s'", err->file, (unsigned long long)err->line,
		         err->message, err->text);
	} else if (err->line > 0) {
		snprintf(out, outlen, "%s:%llu: %s", err->file, (unsigned long long)err->line,
		         err->message);
	} else {
		snprintf(out, outlen, "%s: %s", err->file, err->message);
	}
}
