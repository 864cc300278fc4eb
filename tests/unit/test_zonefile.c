/* SPDX-License-Identifier: MIT
 * test_zonefile.c - the zone-file reader: records and origins, $INCLUDE, errors naming file,
 * line and text, callback stop, and BIND key files. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_include_and_keyfile),
	};
	return cmocka_run_group_tests_name("zonefile", tests, NULL, NULL);
}
