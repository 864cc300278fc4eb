/* SPDX-License-Identifier: MIT
 * zone_parallel.c - the parallel zone reader (issue 17) against the one-thread reader on real
 * files: zone_parallel PATH... (files, directories walked, or --zones=DIR: the *.zone files
 * directly in DIR). For each file:
 *  - the reader (dd_zonefile_parse_file_opts) on one thread, and on three with pieces of 1,
 *    61 and 4096 octets (every record its own piece, pieces cut inside multi-line records'
 *    neighbourhood, a few pieces): the same records (owner, type, class, TTL, RDATA) in the
 *    same order, the same return code and the same error (file, line, message, text);
 *  - check-zone (dd_zone_check_file) on one thread and on two with pieces of 61 octets: the
 *    same JSON report but the timing, the thread count and the check's clock, the same exit
 *    code, or the same error.
 * Prints one line per file that differs and a summary; exit 1 if any differs. */

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include <dd/dd.h>

typedef struct stream {
	char *data;
	size_t len;
	FILE *f;
} stream_t;

static int on_rr(const dd_rr_t *rr, void *ctx)
{
	FILE *f = ctx;
	size_t olen = dd_name_len(rr->owner);
	fwrite(&olen, sizeof(olen), 1, f);
	fwrite(rr->owner, 1, olen, f);
	fprintf(f, "|%u|%u|%u|%u|", rr->type, rr->rclass, rr->ttl, rr->rdata.len);
	fwrite(rr->rdata.data, 1, rr->rdata.len, f);
	return 0;
}

/* The reader's records, return code and error as one string of octets. */
static int read_all(const char *path, unsigned threads, size_t chunk, stream_t *out)
{
	out->data = NULL;
	out->len = 0;
	out->f = open_memstream(&out->data, &out->len);
	if (out->f == NULL) {
		return -1;
	}
	dd_zonefile_opts_t o = { .threads = threads, .chunk_size = chunk };
	dd_zonefile_error_t err;
	memset(&err, 0, sizeof(err));
	int r = dd_zonefile_parse_file_opts(path, NULL, 3600, &o, on_rr, out->f, &err);
	fprintf(out->f, "\nreturn %d", r);
	if (r != DD_OK) {
		fprintf(out->f, " error %s:%llu: %s: '%s'", err.file, (unsigned long long)err.line,
		        err.message, err.text);
	}
	fclose(out->f);
	return r;
}

/* check-zone's JSON (timing, threads and clock dropped), exit code or error, as text. */
static char *check(const char *path, unsigned threads, size_t chunk)
{
	dd_zone_check_opts_t o = { .at = 1700000000, .expire_warn = 7 * 86400,
		                   .threads = threads, .parse_chunk = chunk };
	dd_zone_check_t *res = NULL;
	dd_zonefile_error_t err;
	memset(&err, 0, sizeof(err));
	int r = dd_zone_check_file(path, &o, &res, &err);
	char *text = NULL;
	if (r != DD_OK) {
		if (asprintf(&text, "error %d %s:%llu: %s: '%s'", r, err.file,
		             (unsigned long long)err.line, err.message, err.text) < 0) {
			text = NULL;
		}
		return text;
	}
	char *js = NULL;
	size_t jlen = 0;
	FILE *f = open_memstream(&js, &jlen);
	if (f != NULL) {
		(void)dd_report_zone_json(f, res, NULL);
		fclose(f);
	}
	json_t *j = js ? json_loads(js, 0, NULL) : NULL;
	if (j != NULL) {
		json_object_del(j, "time");
		json_t *st = json_object_get(j, "stats");
		static const char *const volatile_keys[] = { "threads", "seconds_read", "seconds_check",
			                                     "seconds_zonemd", "seconds_total" };
		for (size_t i = 0; st && i < sizeof(volatile_keys) / sizeof(volatile_keys[0]); i++) {
			json_object_del(st, volatile_keys[i]);
		}
		char *dump = json_dumps(j, JSON_SORT_KEYS);
		if (dump != NULL && asprintf(&text, "exit %d %s", dd_zone_check_exit(res), dump) < 0) {
			text = NULL;
		}
		free(dump);
		json_decref(j);
	}
	free(js);
	dd_zone_check_free(res);
	return text;
}

static unsigned files, differ;

static void one_file(const char *path)
{
	stream_t ref, par;
	files++;
	read_all(path, 1, 0, &ref);
	static const size_t chunks[] = { 1, 61, 4096 };
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		read_all(path, 3, chunks[i], &par);
		if (ref.data == NULL || par.data == NULL || ref.len != par.len ||
		    memcmp(ref.data, par.data, ref.len) != 0) {
			const char *a = ref.data ? memmem(ref.data, ref.len, "\nreturn", 7) : NULL;
			const char *b = par.data ? memmem(par.data, par.len, "\nreturn", 7) : NULL;
			printf("DIFF reader %s (3 threads, pieces of %zu octets): %zu/%zu octets; "
			       "one thread:%s / three:%s\n", path, chunks[i], ref.len, par.len,
			       a ? a + 1 : "?", b ? b + 1 : "?");
			differ++;
		}
		free(par.data);
	}
	free(ref.data);
	char *c1 = check(path, 1, 0);
	char *c2 = check(path, 2, 61);
	if (c1 == NULL || c2 == NULL || strcmp(c1, c2) != 0) {
		printf("DIFF check-zone %s: %.120s / %.120s\n", path, c1 ? c1 : "?", c2 ? c2 : "?");
		differ++;
	}
	free(c1);
	free(c2);
}

static void walk(const char *path, const char *only);

static void walk(const char *path, const char *only)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		printf("DIFF %s: cannot stat\n", path);
		differ++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		one_file(path);
		return;
	}
	struct dirent **names = NULL;
	int n = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		size_t l = strlen(nm);
		bool skip = nm[0] == '.' || (l > 3 && (strcmp(nm + l - 3, ".md") == 0 ||
		                                       strcmp(nm + l - 4, ".txt") == 0 ||
		                                       strcmp(nm + l - 4, ".tsv") == 0));
		if (only != NULL) {
			size_t ol = strlen(only);
			skip = skip || l <= ol || strcmp(nm + l - ol, only) != 0 ||
			       names[i]->d_type == DT_DIR;
		}
		if (!skip) {
			char *sub = NULL;
			if (asprintf(&sub, "%s/%s", path, nm) >= 0) {
				walk(sub, only);
				free(sub);
			}
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--zones=", 8) == 0) {
			walk(argv[i] + 8, ".zone");
		} else {
			walk(argv[i], NULL);
		}
	}
	printf("%u files, %u differing\n", files, differ);
	return differ == 0 && files > 0 ? 0 : 1;
}
