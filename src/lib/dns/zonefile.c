/* SPDX-License-Identifier: MIT
 * zonefile.c - streaming zone-file reader on libzscanner: records to a callback, $INCLUDE
 * followed (bounded depth), and errors with file, line and the offending text. */

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zlib.h>

#include <libzscanner/scanner.h>

#include "dd/error.h"
#include "dd/zonefile.h"

/* Deepest $INCLUDE nesting followed (BIND and Knot have no fixed limit; loops must end). */
#define INCLUDE_DEPTH_MAX 8

typedef struct parse_ctx {
	dd_zonefile_cb cb;
	void *ctx;
	dd_zonefile_error_t *err;
} parse_ctx_t;

/* Copy @p src into @p dst (@p size octets), truncating. */
static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = src ? strnlen(src, size - 1) : 0;
	if (n > 0) {
		memcpy(dst, src, n);
	}
	dst[n] = '\0';
}

/* Line @p line (1-based) of the input, trimmed, into @p out. */
static void line_text(const char *start, const char *end, uint64_t line, char *out, size_t size)
{
	out[0] = '\0';
	if (start == NULL || end == NULL || line == 0) {
		return;
	}
	const char *p = start;
	for (uint64_t l = 1; l < line && p < end; p++) {
		if (*p == '\n') {
			l++;
		}
	}
	while (p < end && (*p == ' ' || *p == '\t')) {
		p++;
	}
	size_t n = 0;
	while (p + n < end && p[n] != '\n' && p[n] != '\r' && n + 1 < size) {
		n++;
	}
	/* the offending text goes to a terminal: control and non-ASCII octets become '?' */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];
		out[i] = (ch == '\t' || (ch >= 0x20 && ch < 0x7f)) ? (char)ch : '?';
	}
	out[n] = '\0';
}

static void set_error(dd_zonefile_error_t *err, const char *file, uint64_t line, const char *msg)
{
	if (err == NULL) {
		return;
	}
	copy_str(err->file, sizeof(err->file), file);
	err->line = line;
	copy_str(err->message, sizeof(err->message), msg);
	err->text[0] = '\0';
}

static int run(zs_scanner_t *s, const char *file, parse_ctx_t *pc, int depth);

static int include_file(zs_scanner_t *parent, parse_ctx_t *pc, int depth)
{
	const char *file = parent->file.name ? parent->file.name : "<string>";
	if (depth >= INCLUDE_DEPTH_MAX) {
		set_error(pc->err, file, parent->line_counter, "$INCLUDE nested too deeply");
		return DD_EPARSE;
	}
	zs_scanner_t *s = malloc(sizeof(*s));
	if (s == NULL) {
		return DD_ENOMEM;
	}
	/* $INCLUDE file [origin]: zscanner leaves the origin (given or current) as text in buffer */
	const char *origin = (const char *)parent->buffer;
	int ret;
	if (zs_init(s, origin, parent->default_class, parent->default_ttl) != 0 ||
	    zs_set_input_file(s, parent->include_filename) != 0) {
		set_error(pc->err, parent->include_filename, 0, zs_strerror(s->error.code));
		ret = s->error.code == ZS_ENOMEM ? DD_ENOMEM : DD_EIO;
	} else {
		ret = run(s, parent->include_filename, pc, depth + 1);
	}
	zs_deinit(s);
	free(s);
	return ret;
}

/* Give back the pages of a mapped input that the scanner has passed, so that reading a large
 * file costs its records, not its text, in resident memory. The mapping is private and
 * read-only: a page touched again (an error message quoting a line) is read back from the file. */
#define RELEASE_STEP (4u << 20)
#define RELEASE_MARGIN (1u << 20)

static void release_input(zs_scanner_t *s, size_t *released)
{
	if (!s->input.mmaped || s->input.current == NULL || s->input.start == NULL) {
		return;
	}
	size_t done = (size_t)(s->input.current - s->input.start);
	if (done < *released + RELEASE_STEP + RELEASE_MARGIN) {
		return;
	}
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t upto = (done - RELEASE_MARGIN) / page * page;
	if (upto > *released) {
		(void)madvise((void *)(s->input.start + *released), upto - *released, MADV_DONTNEED);
		*released = upto;
	}
}

static int run(zs_scanner_t *s, const char *file, parse_ctx_t *pc, int depth)
{
	size_t released = 0;
	for (;;) {
		int r = zs_parse_record(s);
		release_input(s, &released);
		switch (s->state) {
		case ZS_STATE_DATA: {
			dd_rr_t rr = {
				.owner = s->r_owner,
				.type = s->r_type,
				.rclass = s->r_class,
				.ttl = s->r_ttl,
				.rdata = { .data = s->r_data, .len = (uint16_t)s->r_data_length },
			};
			int cr = pc->cb(&rr, pc->ctx);
			if (cr != 0) {
				return cr;
			}
			break;
		}
		case ZS_STATE_INCLUDE: {
			int ir = include_file(s, pc, depth);
			if (ir != DD_OK) {
				return ir;
			}
			break;
		}
		case ZS_STATE_ERROR:
			set_error(pc->err, file, s->line_counter, zs_strerror(s->error.code));
			if (pc->err != NULL) {
				line_text(s->input.start, s->input.end, s->line_counter, pc->err->text,
				          sizeof(pc->err->text));
			}
			return s->error.code == ZS_ENOMEM ? DD_ENOMEM : DD_EPARSE;
		case ZS_STATE_EOF:
		case ZS_STATE_STOP:
			return DD_OK;
		default:
			if (r != 0) {
				set_error(pc->err, file, s->line_counter, zs_strerror(s->error.code));
				return DD_EPARSE;
			}
			break;
		}
	}
}

/* Read all of @p fd (plain or gzip: zlib reads plain data transparently) into a malloc'd
 * buffer. Takes ownership of @p fd. */
static int slurp(int fd, char **out, size_t *out_len)
{
	gzFile gz = gzdopen(fd, "rb");
	if (gz == NULL) {
		close(fd);
		return DD_ENOMEM;
	}
	(void)gzbuffer(gz, 1 << 17);
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	int ret = DD_OK;
	if (buf == NULL) {
		ret = DD_ENOMEM;
		goto out;
	}
	for (;;) {
		if (cap - len < (1u << 15)) {
			char *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				ret = DD_ENOMEM;
				goto out;
			}
			buf = nb;
			cap *= 2;
		}
		unsigned want = (unsigned)((cap - len) > (1u << 30) ? (1u << 30) : (cap - len));
		int n = gzread(gz, buf + len, want);
		if (n < 0) {
			ret = DD_EIO;
			goto out;
		}
		if (n == 0) {
			break;
		}
		len += (size_t)n;
	}
out:
	gzclose(gz);
	if (ret != DD_OK) {
		free(buf);
		return ret;
	}
	*out = buf;
	*out_len = len;
	return DD_OK;
}

/* Whether the regular file @p path starts with the gzip magic (RFC 1952 2.3.1). */
static bool is_gzip(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		return false;
	}
	unsigned char m[2] = { 0, 0 };
	size_t n = fread(m, 1, 2, f);
	fclose(f);
	return n == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

static int parse_input(const char *path, const char *text, size_t len, const char *origin,
                       uint32_t default_ttl, dd_zonefile_cb cb, void *ctx,
                       dd_zonefile_error_t *err)
{
	if (cb == NULL || (path == NULL && text == NULL)) {
		return DD_EINVAL;
	}
	parse_ctx_t pc = { .cb = cb, .ctx = ctx, .err = err };
	const char *file = path ? path : "<string>";
	zs_scanner_t *s = malloc(sizeof(*s));
	if (s == NULL) {
		return DD_ENOMEM;
	}
	char *owned = NULL;
	int ret;
	if (zs_init(s, origin ? origin : ".", 1 /* IN */, default_ttl) != 0) {
		set_error(err, file, 0, zs_strerror(s->error.code));
		ret = DD_EPARSE;  /* bad origin */
		free(s);
		return ret;
	}
	if (path != NULL && (strcmp(path, "-") == 0 || is_gzip(path))) {
		/* standard input and gzip files are read into memory; plain files are mapped */
		int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			set_error(err, file, 0, strerror(errno));
			ret = DD_EIO;
			goto out;
		}
		size_t n = 0;
		ret = slurp(fd, &owned, &n);
		if (ret != DD_OK) {
			set_error(err, file, 0, ret == DD_ENOMEM ? "out of memory" :
			          "cannot read (truncated or corrupt gzip data?)");
			goto out;
		}
		text = owned;
		len = n;
	}
	if (text != NULL) {
		if (zs_set_input_string(s, text, len) != 0) {
			set_error(err, file, 0, zs_strerror(s->error.code));
			ret = DD_EIO;
			goto out;
		}
	} else if (zs_set_input_file(s, path) != 0) {
		set_error(err, file, 0, errno ? strerror(errno) : zs_strerror(s->error.code));
		ret = DD_EIO;
		goto out;
	}
	ret = run(s, file, &pc, 0);
out:
	zs_deinit(s);
	free(s);
	free(owned);
	return ret;
}

int dd_zonefile_parse_file(const char *path, const char *origin, uint32_t default_ttl,
                           dd_zonefile_cb cb, void *ctx, dd_zonefile_error_t *err)
{
	if (path == NULL) {
		return DD_EINVAL;
	}
	return parse_input(path, NULL, 0, origin, default_ttl, cb, ctx, err);
}

int dd_zonefile_parse_string(const char *text, size_t len, const char *origin,
                             uint32_t default_ttl, dd_zonefile_cb cb, void *ctx,
                             dd_zonefile_error_t *err)
{
	if (text == NULL) {
		return DD_EINVAL;
	}
	return parse_input(NULL, text, len, origin, default_ttl, cb, ctx, err);
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
