/* SPDX-License-Identifier: MIT
 * fuzz_zone.c - zone-file text into check-zone: the reader, the canonical store, the chain and
 * structure checks and signature verification, on one thread and on two. Input: zone text.
 * With bit 2 of the first octet the text may $INCLUDE a tree the harness writes once into a
 * directory of its own (parts, a chain, a file that includes itself, a fan-out, a FIFO, a
 * symbolic link out of the tree): the reader's confinement, limits and error wording run on
 * fuzzed includes, and an error in an included file must never quote its text. The reader
 * also runs on one thread and on three in pieces of 1-64 octets (the second input octet):
 * the records, their order, the return code and the error (file, line, message, text) must
 * be the same (issue 17's parallel parse). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dd/dd.h>

#include "fuzz.h"

static char inc_dir[64];

static void put(const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", inc_dir, name);
	FILE *f = fopen(path, "w");
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* The include tree, made once per process; removed at exit. */
static void cleanup(void)
{
	static const char *const names[] = { "part.zone", "keys.zone", "chain1.zone", "chain2.zone",
		                             "self.zone", "fan.zone", "fifo", "out.zone",
		                             "sub/inner.zone", "sub" };
	char path[128];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", inc_dir, names[i]);
		(void)remove(path);
	}
	(void)rmdir(inc_dir);
}

static const char *include_tree(void)
{
	if (inc_dir[0] != '\0') {
		return inc_dir;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(inc_dir, sizeof(inc_dir), "%s/dd-fuzz-zone-XXXXXX", tmp && strlen(tmp) < 30 ? tmp
	                                                                                   : "/tmp");
	if (mkdtemp(inc_dir) == NULL) {
		inc_dir[0] = '\0';
		return NULL;
	}
	put("part.zone", "www 300 A 192.0.2.1\nwww 300 AAAA 2001:db8::1\n");
	put("keys.zone", "@ 300 DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb "
	                 "krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==\n");
	put("chain1.zone", "c1 300 TXT \"one\"\n$INCLUDE chain2.zone sub\n");
	put("chain2.zone", "c2 300 TXT \"two\"\nsecret line that is not a record\n");
	put("self.zone", "s 300 TXT \"self\"\n$INCLUDE self.zone\n");
	put("fan.zone", "$INCLUDE part.zone\n$INCLUDE part.zone\n$INCLUDE fan.zone\n"
	                "$INCLUDE fan.zone\n");
	char path[128];
	snprintf(path, sizeof(path), "%s/sub", inc_dir);
	(void)mkdir(path, 0700);
	put("sub/inner.zone", "$INCLUDE ../part.zone\n");
	snprintf(path, sizeof(path), "%s/fifo", inc_dir);
	(void)mkfifo(path, 0600);
	snprintf(path, sizeof(path), "%s/out.zone", inc_dir);
	if (symlink("/etc/passwd", path) != 0) {
		/* the tree keeps its other entries: a missing link only narrows what is fuzzed */
	}
	atexit(cleanup);
	return inc_dir;
}

/* Records, return code and error of one read, as octets. */
static int log_rr(const dd_rr_t *rr, void *ctx)
{
	FILE *f = ctx;
	size_t olen = dd_name_len(rr->owner);
	fprintf(f, "%zu:", olen);
	fwrite(rr->owner, 1, olen, f);
	fprintf(f, " %u %u %u %u:", rr->type, rr->rclass, rr->ttl, rr->rdata.len);
	fwrite(rr->rdata.data, 1, rr->rdata.len, f);
	return 0;
}

static char *read_log(const uint8_t *data, size_t size, const dd_zonefile_opts_t *o, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (f == NULL) {
		return NULL;
	}
	dd_zonefile_error_t err;
	memset(&err, 0, sizeof(err));
	int r = dd_zonefile_parse_string_opts((const char *)data, size, "example.", 3600, o, log_rr,
	                                      f, &err);
	fprintf(f, "return %d %s:%llu: %s: '%s'", r, err.file, (unsigned long long)err.line,
	        err.message, err.text);
	fclose(f);
	return buf;
}

/* The reader on one thread and on three: the same records, errors and lines. */
static void same_in_parallel(const uint8_t *data, size_t size, const char *const *dirs,
                             size_t ndirs)
{
	dd_zonefile_opts_t one = { .include_dirs = dirs, .ninclude_dirs = ndirs };
	dd_zonefile_opts_t par = one;
	par.threads = 3;
	par.chunk_size = 1 + (size > 1 ? data[1] % 64 : 0);
	size_t l1 = 0, l3 = 0;
	char *a = read_log(data, size, &one, &l1);
	char *b = read_log(data, size, &par, &l3);
	if (a != NULL && b != NULL && (l1 != l3 || memcmp(a, b, l1) != 0)) {
		__builtin_trap();  /* the parallel reader differs from one scanner */
	}
	free(a);
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16) {
		return 0;
	}
	/* RFC 4035 App. A's validity; the first input octet picks origin and thread count */
	unsigned mode = size > 0 ? data[0] : 0;
	const char *dirs[1] = { (mode & 4) ? include_tree() : NULL };
	dd_zone_check_opts_t o = {
		.include_dirs = dirs,
		.ninclude_dirs = dirs[0] != NULL,
		.origin = (mode & 1) ? "example." : NULL,
		.at = 1082505600,
		.expire_warn = 7 * 86400,
		.threads = (mode & 2) ? 2 : 1,
		.max_findings_per_code = 4,
	};
	same_in_parallel(data, size, dirs, o.ninclude_dirs);
	dd_zone_check_t *res = NULL;
	dd_zonefile_error_t err;
	memset(&err, 0, sizeof(err));
	int r = dd_zone_check_string((const char *)data, size, &o, &res, &err);
	if (r != DD_OK && err.text[0] != '\0' && strcmp(err.file, "<string>") != 0) {
		__builtin_trap();  /* an included file's text quoted in an error */
	}
	if (r == DD_OK) {
		size_t total = 0;
		for (size_t i = 0; i < res->ncounts; i++) {
			total += res->counts[i].count;
		}
		if (res->nfindings > total || res->verifications > 8 * res->signatures + 8) {
			__builtin_trap();  /* kept findings are counted; tries are bounded */
		}
		FILE *devnull = fopen("/dev/null", "w");
		if (devnull != NULL) {
			(void)dd_report_zone_text(devnull, res, NULL);
			(void)dd_report_zone_json(devnull, res, NULL);
			fclose(devnull);
		}
		(void)dd_zone_check_exit(res);
		dd_zone_check_free(res);
	}
	return 0;
}
