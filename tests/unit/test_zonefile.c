/* SPDX-License-Identifier: MIT
 * test_zonefile.c - the zone-file reader: records and origins, $INCLUDE, errors naming file,
 * line and text, callback stop, and BIND key files; the parallel reader's boundary finder and
 * its records, errors and lines against one scanner's. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "dns/zsplit.h"

typedef struct counter {
	size_t n;
	uint16_t types[16];
	uint32_t ttls[16];
	int stop_after;
} counter_t;

static int count_cb(const dd_rr_t *rr, void *ctx)
{
	counter_t *c = ctx;
	if (c->n < 16) {
		c->types[c->n] = rr->type;
		c->ttls[c->n] = rr->ttl;
	}
	c->n++;
	return (c->stop_after > 0 && (int)c->n == c->stop_after) ? 42 : 0;
}

static void test_string(void **state)
{
	(void)state;
	const char *text = "$ORIGIN example.\n$TTL 300\n@ SOA ns hm 1 2 3 4 5\nwww 60 A 192.0.2.1\n"
	                   "www AAAA 2001:db8::1 ; comment\n";
	counter_t c = { 0 };
	assert_int_equal(dd_zonefile_parse_string(text, strlen(text), NULL, 3600, count_cb, &c, NULL),
	                 DD_OK);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.types[0], DD_TYPE_SOA);
	assert_int_equal(c.ttls[0], 300);
	assert_int_equal(c.ttls[1], 60);
	assert_int_equal(c.types[2], DD_TYPE_AAAA);
	/* stop from the callback */
	counter_t s = { .stop_after = 2 };
	assert_int_equal(dd_zonefile_parse_string(text, strlen(text), NULL, 3600, count_cb, &s, NULL),
	                 42);
	assert_int_equal(s.n, 2);
}

static void test_errors(void **state)
{
	(void)state;
	const char *text = "example. 300 A 192.0.2.1\nexample. 300 A 192.0.2.999\n";
	counter_t c = { 0 };
	dd_zonefile_error_t err;
	assert_int_equal(dd_zonefile_parse_string(text, strlen(text), NULL, 3600, count_cb, &c, &err),
	                 DD_EPARSE);
	assert_int_equal(c.n, 1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.file, "<string>");
	assert_string_equal(err.text, "example. 300 A 192.0.2.999");
	char msg[600];
	dd_zonefile_error_str(&err, msg, sizeof(msg));
	assert_non_null(strstr(msg, "<string>:2: "));
	assert_non_null(strstr(msg, "192.0.2.999"));

	assert_int_equal(dd_zonefile_parse_file("/nonexistent/zone", NULL, 3600, count_cb, &c, &err),
	                 DD_EIO);
	assert_string_equal(err.file, "/nonexistent/zone");
	assert_int_equal(dd_zonefile_parse_string("x", 1, "bad..origin", 0, count_cb, &c, &err),
	                 DD_EPARSE);
	assert_int_equal(dd_zonefile_parse_file(NULL, NULL, 0, count_cb, &c, &err), DD_EINVAL);
}

static void test_include_and_keyfile(void **state)
{
	(void)state;
	char dir[] = "/tmp/dd-zf-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char inc[256], top[256];
	snprintf(inc, sizeof(inc), "%s/inc.zone", dir);
	snprintf(top, sizeof(top), "%s/top.zone", dir);
	FILE *f = fopen(inc, "w");
	assert_non_null(f);
	/* a BIND .key file: comment lines and a record without a TTL */
	fputs("; This is a key-signing key, keyid 55648, for example.net.\n"
	      "example.net. IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb "
	      "krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==\n", f);
	fclose(f);
	f = fopen(top, "w");
	assert_non_null(f);
	fprintf(f, "$ORIGIN example.net.\n@ 10 TXT \"top\"\n$INCLUDE %s\n", inc);
	fclose(f);
	counter_t c = { 0 };
	assert_int_equal(dd_zonefile_parse_file(top, NULL, 3600, count_cb, &c, NULL), DD_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.types[1], DD_TYPE_DNSKEY);
	assert_int_equal(c.ttls[1], 3600);  /* no TTL anywhere: the default */

	/* a file that includes itself stops at the nesting limit with an error */
	f = fopen(top, "w");
	fprintf(f, "example. 1 A 192.0.2.1\n$INCLUDE %s\n", top);
	fclose(f);
	dd_zonefile_error_t err;
	assert_int_equal(dd_zonefile_parse_file(top, NULL, 3600, count_cb, &c, &err), DD_ELIMIT);
	assert_non_null(strstr(err.message, "nested more than 10 levels"));
	unlink(inc);
	unlink(top);
	rmdir(dir);
}


/* ---- the parallel reader (issue 17) ------------------------------------------------------- */

/* The pieces dd__zsplit_next() cuts @p text into, @p want octets at least each, as
 * "line@offset[flags] ..." (flags: d directive, i $INCLUDE). */
static char *cuts(const char *text, size_t want)
{
	static char out[512];
	dd__zsplit_t z;
	dd__zpiece_t p;
	size_t len = strlen(text), o = 0, last = 0;
	dd__zsplit_init(&z, text, len);
	out[0] = '\0';
	while (dd__zsplit_next(&z, want, &p)) {
		assert_int_equal(p.start, last);  /* pieces tile the text */
		assert_true(p.end > p.start);
		last = p.end;
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%llu@%zu%s%s", o ? " " : "",
		                      (unsigned long long)p.line, p.start, p.directive ? "d" : "",
		                      p.include ? "i" : "");
	}
	assert_int_equal(last, len);
	return out;
}

static void test_split(void **state)
{
	(void)state;
	/* every record its own piece */
	assert_string_equal(cuts("a A 192.0.2.1\nb A 192.0.2.2\n", 1), "1@0 2@14");
	/* parentheses across lines: the piece ends after the record, whatever the size asked */
	assert_string_equal(cuts("a TXT ( x\n y\n z )\nb A 192.0.2.1\n", 1), "1@0 4@18");
	assert_string_equal(cuts("a TXT ( x\n y\n z )\nb A 192.0.2.1\n", 12), "1@0 4@18");
	/* quotes holding ; and ( do not open a comment or parentheses */
	assert_string_equal(cuts("a TXT \"x;(\"\nb A 192.0.2.1\n", 1), "1@0 2@12");
	assert_string_equal(cuts("a TXT \"x\\\"(\"\nb A 192.0.2.1\n", 1), "1@0 2@13");
	/* a comment holding a quote and a parenthesis */
	assert_string_equal(cuts("a A 192.0.2.1 ; it's \"(\nb A 192.0.2.2\n", 1), "1@0 2@24");
	/* a comment inside parentheses does not close them */
	assert_string_equal(cuts("a TXT ( x ; )\n y )\nb A 192.0.2.1\n", 1), "1@0 3@19");
	/* directives are never a cut (a blank owner after one needs the owner before it) */
	assert_string_equal(cuts("$ORIGIN x.\na A 192.0.2.1\n$TTL 5\n A 192.0.2.2\nb A 192.0.2.3\n",
	                         1), "1@0d 2@11d 5@45");
	/* $INCLUDE: the rest is one piece */
	assert_string_equal(cuts("a A 192.0.2.1\n$include f\nb A 192.0.2.2\nc A 192.0.2.3\n", 1),
	                    "1@0di");
	/* a blank owner continues the previous owner: no cut before it */
	assert_string_equal(cuts("a A 192.0.2.1\n  AAAA ::1\n\tTXT x\nb A 192.0.2.2\n", 1),
	                    "1@0 4@32");
	/* blank and comment lines are not cuts either */
	assert_string_equal(cuts("a A 192.0.2.1\n\n; c\nb A 192.0.2.2\n", 1), "1@0 4@19");
	/* CRLF: the carriage return is an octet of the line (zscanner refuses it) */
	assert_string_equal(cuts("a A 192.0.2.1\r\nb A 192.0.2.2\r\n", 1), "1@0 2@15");
	/* no final newline */
	assert_string_equal(cuts("a A 192.0.2.1\nb A 192.0.2.2", 1), "1@0 2@14");
	/* an escaped newline does not end the record */
	assert_string_equal(cuts("a TXT x\\\nb A 192.0.2.1\nc A 192.0.2.2\n", 1), "1@0 3@23");
	/* the size asked for falls inside a multi-line record: the cut comes after it */
	assert_string_equal(cuts("a A 192.0.2.1\nb TXT (\n x\n )\nc A 192.0.2.2\nd A 192.0.2.3\n",
	                         20), "1@0 5@28");
	/* more than the text: one piece; an empty text: none */
	assert_string_equal(cuts("a A 192.0.2.1\nb A 192.0.2.2\n", 1000), "1@0");
	assert_string_equal(cuts("", 1), "");
	/* unclosed parentheses: no cut after them */
	assert_string_equal(cuts("a A 192.0.2.1\nb TXT ( x\nc A 192.0.2.2\n", 1), "1@0 2@14");
}

typedef struct rec_log {
	char *data;
	size_t len;
	FILE *f;
	int stop_after, n;
} rec_log_t;

static int log_cb(const dd_rr_t *rr, void *ctx)
{
	rec_log_t *l = ctx;
	fprintf(l->f, "%zu:", dd_name_len(rr->owner));
	fwrite(rr->owner, 1, dd_name_len(rr->owner), l->f);
	fprintf(l->f, " %u %u %u %u:", rr->type, rr->rclass, rr->ttl, rr->rdata.len);
	fwrite(rr->rdata.data, 1, rr->rdata.len, l->f);
	fputc('\n', l->f);
	return ++l->n == l->stop_after ? 42 : 0;
}

/* Records, return code and error of one read of @p text, as octets (free the result). */
static char *read_log(const char *text, size_t len, unsigned threads, size_t chunk,
                      int stop_after, size_t *outlen)
{
	rec_log_t l = { .stop_after = stop_after };
	l.f = open_memstream(&l.data, &l.len);
	assert_non_null(l.f);
	dd_zonefile_opts_t o = { .threads = threads, .chunk_size = chunk };
	dd_zonefile_error_t err;
	memset(&err, 0, sizeof(err));
	int r = dd_zonefile_parse_string_opts(text, len, "example.", 3600, &o, log_cb, &l, &err);
	fprintf(l.f, "return %d", r);
	if (r != DD_OK) {
		fprintf(l.f, " %s:%llu: %s: '%s'", err.file, (unsigned long long)err.line, err.message,
		        err.text);
	}
	fclose(l.f);
	*outlen = l.len;
	return l.data;
}

/* @p text read on 3 threads in pieces of many sizes, and stopped by the callback at each
 * record: what one thread reads. Returns the one-thread log's last line. */
static void same_as_one(const char *text, const char *want_end)
{
	size_t len = strlen(text), rlen, plen;
	char *ref = read_log(text, len, 1, 0, 0, &rlen);
	const char *end = memmem(ref, rlen, "return", 6);  /* the log's last line */
	assert_non_null(end);
	if (want_end != NULL) {
		assert_string_equal(end, want_end);
	}
	static const size_t sizes[] = { 1, 2, 3, 5, 8, 13, 21, 64 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *par = read_log(text, len, 3, sizes[i], 0, &plen);
		assert_int_equal(plen, rlen);
		assert_memory_equal(par, ref, rlen);
		free(par);
	}
	for (int stop = 1; stop < 6; stop++) {
		char *r1 = read_log(text, len, 1, 0, stop, &rlen);
		char *r3 = read_log(text, len, 3, 1, stop, &plen);
		assert_int_equal(plen, rlen);
		assert_memory_equal(r3, r1, rlen);
		free(r1);
		free(r3);
	}
	free(ref);
}

static void test_parallel_same(void **state)
{
	(void)state;
	/* directives mid-text: relative $ORIGIN, $TTL, blank owners after them */
	same_as_one("$TTL 300\n@ SOA ns hm 1 2 3 4 5\nwww A 192.0.2.1\n$ORIGIN sub.example.\nx A 192.0.2.2\n"
	            "$TTL 60\n AAAA ::1\ny A 192.0.2.3\n$ORIGIN deeper.example.\nz A 192.0.2.4\n"
	            "@ TXT \"a;b(c\"\nw TXT ( \"x\" ; )\n \"y\" )\nv A 192.0.2.5\n", "return 0");
	/* an error in the middle, with the line and its text */
	same_as_one("a A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.x\nd A 192.0.2.4\n",
	            "return -2996 <string>:3: invalid address character: 'c A 192.0.2.x'");
	/* an error inside a multi-line record: the line where the scanner stops */
	same_as_one("a A 192.0.2.1\nb TXT ( \"x\"\n \"y\" ) )\nc A 192.0.2.3\n", NULL);
	/* unclosed parentheses at the end; a blank owner at the start */
	same_as_one("a A 192.0.2.1\nb TXT ( x\nc A 192.0.2.3\n", NULL);
	same_as_one(" A 192.0.2.1\nb A 192.0.2.2\n", NULL);
	/* CRLF */
	same_as_one("a A 192.0.2.1\r\nb A 192.0.2.2\r\n", NULL);
	/* no final newline, with and without an error on the last line */
	same_as_one("a A 192.0.2.1\nb A 192.0.2.2", "return 0");
	same_as_one("a A 192.0.2.1\nb A 192.0.2.x", NULL);
	/* $INCLUDE (refused: a string has no directory): the rest on one scanner */
	same_as_one("a A 192.0.2.1\n$INCLUDE other.zone\nb A 192.0.2.2\n", NULL);
	/* an escaped newline, a quote left open, a comment with a quote */
	same_as_one("a TXT x\\\nb A 192.0.2.1\nc A 192.0.2.2\n", NULL);
	same_as_one("a TXT \"x\nb A 192.0.2.1\nc A 192.0.2.2\n", NULL);
	same_as_one("a A 192.0.2.1 ; \"(\nb A 192.0.2.2\n", "return 0");
}

/* A text of many pieces, directives every so often: the ring of pieces wraps many times. */
static void test_parallel_large(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	for (int i = 0; i < 20000; i++) {
		if (i % 997 == 0) {
			fprintf(f, "$TTL %d\n", 100 + i);
		}
		if (i % 1499 == 0) {
			fprintf(f, "$ORIGIN o%d.example.\n", i);
		}
		if (i % 7 == 0) {
			fprintf(f, "n%d RRSIG A 13 3 300 ( 20300101000000 20200101000000 1 example.\n"
			        "\tAAAA AAAA )\n", i);
		} else {
			fprintf(f, "n%d A 192.0.2.%d\n\tAAAA 2001:db8::%x\n", i, i % 250, i);
		}
	}
	fclose(f);
	size_t rlen, plen;
	char *ref = read_log(text, len, 1, 0, 0, &rlen);
	assert_non_null(memmem(ref, rlen, "return 0", 8));
	static const size_t sizes[] = { 1, 700, 4096, 65536 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (unsigned t = 2; t <= 4; t += 2) {
			char *par = read_log(text, len, t, sizes[i], 0, &plen);
			assert_int_equal(plen, rlen);
			assert_memory_equal(par, ref, rlen);
			free(par);
		}
	}
	/* an error near the end: the same line and text */
	memcpy(text + len - 12, "!", 1);
	free(ref);
	ref = read_log(text, len, 1, 0, 0, &rlen);
	assert_null(memmem(ref, rlen, "return 0", 8));
	char *par = read_log(text, len, 2, 700, 0, &plen);
	assert_int_equal(plen, rlen);
	assert_memory_equal(par, ref, rlen);
	free(par);
	free(ref);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_include_and_keyfile),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_parallel_same),
		cmocka_unit_test(test_parallel_large),
	};
	return cmocka_run_group_tests_name("zonefile", tests, NULL, NULL);
}
