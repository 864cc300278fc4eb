/* SPDX-License-Identifier: MIT
 * zinput.c - the zone reader's inputs and its scanner loop: a regular file mapped (its pages
 * given back as they are passed) or text read into memory (standard input, pipes, gzip; held
 * text bounded, gzip bombs and NUL octets refused), $INCLUDE confined to allowed directory
 * trees (real paths), regular files only, bounded in depth and file count, and errors with
 * file, line and, for the file asked for only, the offending text. Used by zonefile.c (one
 * scanner) and zpar.c (one per piece). */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "dd/error.h"
#include "dd/zonefile.h"
#include "dns/zonefile_int.h"

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
void dd__zf_line_text(const char *start, const char *end, uint64_t line, char *out, size_t size)
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

void dd__zf_set_error(dd_zonefile_error_t *err, const char *file, uint64_t line, const char *msg)
{
	if (err == NULL) {
		return;
	}
	copy_str(err->file, sizeof(err->file), file);
	err->line = line;
	copy_str(err->message, sizeof(err->message), msg);
	err->text[0] = '\0';
}

__attribute__((format(printf, 4, 5)))
static void set_errorf(dd_zonefile_error_t *err, const char *file, uint64_t line,
                       const char *fmt, ...)
{
	if (err == NULL) {
		return;
	}
	char msg[sizeof(err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dd__zf_set_error(err, file, line, msg);
}

/* 1-based line of offset @p at in @p data. */
static uint64_t line_of(const char *data, size_t at)
{
	uint64_t line = 1;
	for (const char *p = data, *e = data + at; p < e; p++) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL) {
			break;
		}
		line++;
		p = nl;
	}
	return line;
}

#define NUL_MESSAGE "a NUL octet: binary data, not a zone file"

/* Read all of @p fd (plain or gzip: zlib reads plain data transparently) into memory, at most
 * the text budget left, refusing NUL octets at once and gzip data that expands more than the
 * ratio allows. @p csize is the compressed size when known (a regular file), else 0. Takes
 * ownership of @p fd. */
static int slurp(parse_ctx_t *pc, int fd, const char *file, input_t *in)
{
	gzFile gz = gzdopen(fd, "rb");
	if (gz == NULL) {
		close(fd);
		return DD_ENOMEM;
	}
	(void)gzbuffer(gz, 1 << 17);
	size_t limit = pc->max_text > pc->held ? pc->max_text - pc->held : 0;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	int ret = DD_OK;
	if (buf == NULL) {
		ret = DD_ENOMEM;
		goto out;
	}
	for (;;) {
		if (cap - len < (1u << 15)) {
			size_t ncap = cap * 2;
			if (ncap > limit + (1u << 16)) {
				ncap = limit + (1u << 16);  /* room to see that the budget is passed */
			}
			if (ncap <= cap) {
				ncap = cap + (1u << 16);
			}
			char *nb = realloc(buf, ncap);
			if (nb == NULL) {
				ret = DD_ENOMEM;
				goto out;
			}
			buf = nb;
			cap = ncap;
		}
		unsigned want = (unsigned)((cap - len) > (1u << 30) ? (1u << 30) : (cap - len));
		int n = gzread(gz, buf + len, want);
		if (n < 0) {
			dd__zf_set_error(pc->err, file, 0, "cannot read (truncated or corrupt gzip data?)");
			ret = DD_EIO;
			goto out;
		}
		if (n == 0) {
			break;
		}
		const char *nul = memchr(buf + len, 0, (size_t)n);
		if (nul != NULL) {
			dd__zf_set_error(pc->err, file, line_of(buf, (size_t)(nul - buf)), NUL_MESSAGE);
			ret = DD_EPARSE;
			goto out;
		}
		len += (size_t)n;
		if (len > limit) {
			set_errorf(pc->err, file, 0, "more than %zu octets of text to hold in memory "
			           "(the memory budget)", limit);
			ret = DD_ELIMIT;
			goto out;
		}
		if (!gzdirect(gz) && len > DD_ZONEFILE_GZIP_FREE) {
			long long csize = (long long)gzoffset(gz);
			if (csize > 0 && len / (size_t)csize > pc->ratio) {
				set_errorf(pc->err, file, 0, "gzip data expanding more than %u-fold (%zu "
				           "octets from %lld): a decompression bomb?", pc->ratio, len,
				           csize);
				ret = DD_ELIMIT;
				goto out;
			}
		}
	}
out:
	gzclose(gz);
	if (ret != DD_OK) {
		free(buf);
		return ret;
	}
	in->owned = buf;
	in->data = buf;
	in->len = len;
	pc->held += len;
	if (pc->held_out != NULL) {
		*pc->held_out = pc->held;
	}
	return DD_OK;
}

/* Open @p path (standard input for "-" unless @p include) without blocking, take a regular file
 * (mapped, or read when gzip) or, unless @p include, a pipe or device (read); refuse anything
 * else. Errors name @p where (file and line of the $INCLUDE, or the file itself). */
int dd__zf_open_input(parse_ctx_t *pc, const char *path, bool include, const char *wfile,
                      uint64_t wline, input_t *in)
{
	memset(in, 0, sizeof(*in));
	bool stdin_ = !include && strcmp(path, "-") == 0;
	int fd = stdin_ ? fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3)
	                : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (include ? O_NOFOLLOW : 0));
	if (fd < 0) {
		dd__zf_set_error(pc->err, wfile, wline, strerror(errno));
		return DD_EIO;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		dd__zf_set_error(pc->err, wfile, wline, strerror(errno));
		close(fd);
		return DD_EIO;
	}
	if (S_ISDIR(st.st_mode)) {
		dd__zf_set_error(pc->err, wfile, wline, include ? "the included file is a directory"
		                                         : "is a directory");
		close(fd);
		return DD_EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		if (include) {
			/* a FIFO would block and a device never end: regular files only */
			dd__zf_set_error(pc->err, wfile, wline, "the included file is not a regular file (a "
			          "FIFO, device or socket)");
			close(fd);
			return DD_EPARSE;
		}
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0) {
			(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
		}
		return slurp(pc, fd, wfile, in);
	}
	if (st.st_size == 0) {
		close(fd);
		in->data = "";
		return DD_OK;
	}
	unsigned char m[2] = { 0, 0 };
	if (pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b) {
		return slurp(pc, fd, wfile, in);  /* gzip (RFC 1952 2.3.1) */
	}
	if ((uint64_t)st.st_size > SIZE_MAX / 2) {
		dd__zf_set_error(pc->err, wfile, wline, "file too large");
		close(fd);
		return DD_ELIMIT;
	}
	size_t size = (size_t)st.st_size;
	void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		dd__zf_set_error(pc->err, wfile, wline, strerror(errno));
		return errno == ENOMEM ? DD_ENOMEM : DD_EIO;
	}
	(void)madvise(map, size, MADV_SEQUENTIAL);
	/* a NUL octet (a sparse file, binary data) stops here, before the scanner spends time and
	 * memory on one endless line; the pages looked at are given back as we go */
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	for (size_t at = 0; at < size; at += (size_t)4 << 20) {
		size_t n = size - at < ((size_t)4 << 20) ? size - at : ((size_t)4 << 20);
		const char *nul = memchr((const char *)map + at, 0, n);
		if (nul != NULL) {
			dd__zf_set_error(pc->err, include ? path : wfile,
			          line_of(map, (size_t)(nul - (const char *)map)), NUL_MESSAGE);
			munmap(map, size);
			return DD_EPARSE;
		}
		size_t upto = (at + n) / page * page;
		if (upto > at / page * page && size > ((size_t)64 << 20)) {
			(void)madvise((char *)map + at / page * page, upto - at / page * page,
			              MADV_DONTNEED);
		}
	}
	in->map = map;
	in->maplen = size;
	in->data = map;
	in->len = size;
	return DD_OK;
}

void dd__zf_close_input(parse_ctx_t *pc, input_t *in)
{
	if (in->map != NULL) {
		munmap(in->map, in->maplen);
	}
	if (in->owned != NULL) {
		pc->held -= in->len;
		if (pc->held_out != NULL) {
			*pc->held_out = pc->held;
		}
		free(in->owned);
	}
	memset(in, 0, sizeof(*in));
}

/* The directory part of @p path, into a new string. */
char *dd__zf_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL) {
		return strdup(".");
	}
	if (slash == path) {
		return strdup("/");
	}
	return strndup(path, (size_t)(slash - path));
}

/* Whether the real path @p real lies in one of the trees $INCLUDE may read. */
static bool confined(const parse_ctx_t *pc, const char *real)
{
	for (size_t i = 0; i < pc->nroots; i++) {
		size_t n = strlen(pc->roots[i]);
		if (strcmp(pc->roots[i], "/") == 0) {
			return true;
		}
		if (strncmp(real, pc->roots[i], n) == 0 && (real[n] == '/' || real[n] == '\0')) {
			return true;
		}
	}
	return false;
}


static int include_file(zs_scanner_t *parent, const char *pfile, parse_ctx_t *pc, int depth)
{
	uint64_t line = parent->line_counter;
	/* the target is named only when the $INCLUDE line is in the file that was asked for */
	const char *target = parent->include_filename;
	if ((unsigned)depth + 1 > pc->max_depth) {
		set_errorf(pc->err, pfile, line, "$INCLUDE nested more than %u levels deep",
		           pc->max_depth);
		return DD_ELIMIT;
	}
	if (pc->files >= pc->max_files) {
		set_errorf(pc->err, pfile, line, "more than %u files read through $INCLUDE",
		           pc->max_files);
		return DD_ELIMIT;
	}
	pc->files++;
	if (pc->nroots == 0) {
		dd__zf_set_error(pc->err, pfile, line, "$INCLUDE refused: no directory may be read from "
		          "this input (allow one with --include-dir)");
		return DD_EPARSE;
	}
	char *real = realpath(target, NULL);
	if (real == NULL) {
		if (depth == 0) {
			set_errorf(pc->err, pfile, line, "$INCLUDE '%.80s': %s", target, strerror(errno));
		} else {
			set_errorf(pc->err, pfile, line, "$INCLUDE: %s", strerror(errno));
		}
		return DD_EIO;
	}
	if (!confined(pc, real)) {
		if (depth == 0) {
			set_errorf(pc->err, pfile, line, "$INCLUDE '%.80s' refused: outside %s%s",
			           target, pc->implicit_root ? "the zone file's directory" :
			           "the directories allowed", " (allow one with --include-dir)");
		} else {
			dd__zf_set_error(pc->err, pfile, line, "$INCLUDE refused: outside the directories "
			          "allowed (allow one with --include-dir)");
		}
		free(real);
		return DD_EPARSE;
	}
	input_t in;
	int ret = dd__zf_open_input(pc, real, true, pfile, line, &in);
	if (ret != DD_OK) {
		free(real);
		return ret;
	}
	zs_scanner_t *s = malloc(sizeof(*s));
	if (s == NULL) {
		dd__zf_close_input(pc, &in);
		free(real);
		return DD_ENOMEM;
	}
	/* $INCLUDE file [origin]: zscanner leaves the origin (given or current) as text in buffer */
	const char *origin = (const char *)parent->buffer;
	if (zs_init(s, origin, parent->default_class, parent->default_ttl) != 0) {
		dd__zf_set_error(pc->err, pfile, line, zs_strerror(s->error.code));
		ret = s->error.code == ZS_ENOMEM ? DD_ENOMEM : DD_EPARSE;
	} else if (zs_set_input_string(s, in.data, in.len) != 0) {
		dd__zf_set_error(pc->err, pfile, line, zs_strerror(s->error.code));
		ret = DD_EIO;
	} else {
		free(s->path);
		s->path = dd__zf_dir_of(real);  /* relative names from here on */
		ret = s->path == NULL ? DD_ENOMEM : dd__zf_run(s, real, &in, pc, depth + 1);
	}
	zs_deinit(s);
	free(s);
	dd__zf_close_input(pc, &in);
	free(real);
	return ret;
}

/* Give back the pages of a mapped input that the scanner has passed, so that reading a large
 * file costs its records, not its text, in resident memory. The mapping is private and
 * read-only: a page touched again (an error message quoting a line) is read back from the file. */
#define RELEASE_STEP (4u << 20)
#define RELEASE_MARGIN (1u << 20)

static void release_input(zs_scanner_t *s, input_t *in)
{
	/* at the end of its input the scanner points into a buffer of its own */
	const char *map = in ? (const char *)in->map : NULL;
	if (map == NULL || s->input.current < map || s->input.current > map + in->maplen) {
		return;
	}
	dd__zf_release(in, (size_t)(s->input.current - (const char *)in->map));
}

void dd__zf_release(input_t *in, size_t done)
{
	if (in->map == NULL || done < in->released + RELEASE_STEP + RELEASE_MARGIN) {
		return;
	}
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t upto = (done - RELEASE_MARGIN) / page * page;
	if (upto > in->released) {
		(void)madvise((char *)in->map + in->released, upto - in->released, MADV_DONTNEED);
		in->released = upto;
	}
}

int dd__zf_run(zs_scanner_t *s, const char *file, input_t *in, parse_ctx_t *pc, int depth)
{
	for (;;) {
		int r = zs_parse_record(s);
		release_input(s, in);
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
				dd__zf_set_error(pc->err, file, s->line_counter, "");
				return cr;
			}
			break;
		}
		case ZS_STATE_INCLUDE: {
			int ir = include_file(s, file, pc, depth);
			if (ir != DD_OK) {
				return ir;
			}
			break;
		}
		case ZS_STATE_ERROR:
			dd__zf_set_error(pc->err, file, s->line_counter, zs_strerror(s->error.code));
			/* the offending text only of the file asked for: an included one may be any
			 * file its author wanted to read (a password file) */
			if (pc->err != NULL && depth == 0) {
				/* a scanner over a piece of the text counts lines from the text's start */
				const char *st = s->input.start, *en = s->input.end;
				if (in != NULL && in->data != NULL && st >= in->data &&
				    st <= in->data + in->len) {
					st = in->data;
					en = in->data + in->len;
				}
				dd__zf_line_text(st, en, s->line_counter, pc->err->text,
				                 sizeof(pc->err->text));
			}
			return s->error.code == ZS_ENOMEM ? DD_ENOMEM : DD_EPARSE;
		case ZS_STATE_EOF:
		case ZS_STATE_STOP:
			return DD_OK;
		default:
			if (r != 0) {
				dd__zf_set_error(pc->err, file, s->line_counter, zs_strerror(s->error.code));
				return DD_EPARSE;
			}
			break;
		}
	}
}

