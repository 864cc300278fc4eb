/* SPDX-License-Identifier: MIT
 * test_name.c - wire-format names: parsing, printing, labels, wildcards, zones, and the
 * canonical order of RFC 4034 6.1 on the RFC's own example. */

#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* RFC 4034 6.1: "the following names are sorted in canonical DNS name order" */
static const char *const RFC4034_ORDER[] = {
	"example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.",
	"z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example.",
};
#define NORDER (sizeof(RFC4034_ORDER) / sizeof(RFC4034_ORDER[0]))

static void test_canonical_order(void **state)
{
	(void)state;
	uint8_t names[NORDER][DD_NAME_MAXLEN];
	for (size_t i = 0; i < NORDER; i++) {
		assert_true(dd_name_from_str(RFC4034_ORDER[i], names[i]) > 0);
	}
	for (size_t i = 0; i < NORDER; i++) {
		for (size_t j = 0; j < NORDER; j++) {
			int c = dd_name_canon_cmp(names[i], names[j]);
			if (i < j) {
				assert_true(c < 0);
			} else if (i > j) {
				assert_true(c > 0);
			} else {
				assert_int_equal(c, 0);
			}
		}
	}
	/* case does not matter */
	assert_int_equal(dd_name_canon_cmp(N("WWW.example."), N("www.EXAMPLE.")), 0);
	assert_true(dd_name_equal(N("WWW.example."), N("www.EXAMPLE.")));
	assert_false(dd_name_equal(N("www.example."), N("ww.example.")));
}

static void test_labels(void **state)
{
	(void)state;
	assert_int_equal(dd_name_labels(N(".")), 0);
	assert_int_equal(dd_name_labels(N("example.")), 1);
	assert_int_equal(dd_name_labels(N("www.example.com.")), 3);
	/* RFC 4034 3.1.3: the RRSIG Labels field does not count a leading "*" */
	assert_int_equal(dd_name_rrsig_labels(N("*.example.com.")), 2);
	assert_int_equal(dd_name_rrsig_labels(N("www.example.com.")), 3);
	assert_true(dd_name_is_wildcard(N("*.w.example.")));
	assert_false(dd_name_is_wildcard(N("a.*.example.")));
	assert_int_equal(dd_name_rrsig_labels(N("a.*.example.")), 3);
	assert_true(dd_name_equal(dd_name_suffix(N("a.b.example.com."), 2), N("example.com.")));
	assert_true(dd_name_equal(dd_name_suffix(N("a.b.example.com."), 0), N(".")));
	assert_true(dd_name_equal(dd_name_suffix(N("a.b.example.com."), 9), N("a.b.example.com.")));
}

static void test_in_zone(void **state)
{
	(void)state;
	assert_true(dd_name_in_zone(N("www.example.com."), N("example.com.")));
	assert_true(dd_name_in_zone(N("example.com."), N("EXAMPLE.com.")));
	assert_true(dd_name_in_zone(N("example.com."), N(".")));
	assert_false(dd_name_in_zone(N("example.com."), N("www.example.com.")));
	assert_false(dd_name_in_zone(N("badexample.com."), N("example.com.")));
}

static void test_text(void **state)
{
	(void)state;
	uint8_t n[DD_NAME_MAXLEN];
	assert_int_equal(dd_name_from_str("www.example.com.", n), 17);
	/* without a trailing dot the name is still absolute */
	uint8_t m[DD_NAME_MAXLEN];
	assert_int_equal(dd_name_from_str("www.example.com", m), 17);
	assert_memory_equal(n, m, 17);
	char out[64];
	assert_int_equal(dd_name_to_str(n, out, sizeof(out)), DD_OK);
	assert_string_equal(out, "www.example.com.");
	assert_int_equal(dd_name_to_str(N("."), out, sizeof(out)), DD_OK);
	assert_string_equal(out, ".");
	assert_int_equal(dd_name_to_str(n, out, 5), DD_ERANGE);
	/* bad text */
	assert_int_equal(dd_name_from_str("", n), DD_EPARSE);
	assert_int_equal(dd_name_from_str("a..b", n), DD_EPARSE);
	char longlabel[80];
	memset(longlabel, 'a', 64);
	strcpy(longlabel + 64, ".com.");
	assert_int_equal(dd_name_from_str(longlabel, n), DD_EPARSE);
	/* lowercase copy */
	uint8_t low[DD_NAME_MAXLEN];
	assert_int_equal(dd_name_to_lower(low, N("WwW.EXAMPLE.")), 13);
	assert_memory_equal(low, "\3www\7example", 13);
}

static void test_check(void **state)
{
	(void)state;
	const uint8_t good[] = { 3, 'w', 'w', 'w', 0 };
	assert_int_equal(dd_name_check(good, sizeof(good)), 5);
	assert_int_equal(dd_name_check(good, 4), DD_EMALFORMED);       /* no root label */
	const uint8_t ptr[] = { 0xC0, 0x0C };                            /* compression pointer */
	assert_int_equal(dd_name_check(ptr, sizeof(ptr)), DD_EMALFORMED);
	const uint8_t over[] = { 64, 'a' };                              /* label > 63 */
	assert_int_equal(dd_name_check(over, sizeof(over)), DD_EMALFORMED);
	assert_int_equal(dd_name_check(NULL, 3), DD_EMALFORMED);
	/* 256 octets: too long */
	uint8_t big[300];
	size_t p = 0;
	for (int i = 0; i < 5; i++) {
		big[p++] = 50;
		memset(big + p, 'x', 50);
		p += 50;
	}
	big[p++] = 0;
	assert_int_equal(dd_name_check(big, p), DD_EMALFORMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_order),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_in_zone),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests_name("name", tests, NULL, NULL);
}
