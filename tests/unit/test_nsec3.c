/* SPDX-License-Identifier: MIT
 * test_nsec3.c - NSEC3 hashes (RFC 5155 5) against the RFC 5155 Appendix A values, case and
 * salt handling, the unsupported algorithm, and RFC 9276 constants. */

#include <stdio.h>
#include <string.h>

#include "helpers.h"

static const uint8_t SALT[] = { 0xaa, 0xbb, 0xcc, 0xdd };

static void test_rfc5155_appendix_a(void **state)
{
	(void)state;
	FILE *f = fopen(data_path("rfc5155-appA-hashes.txt"), "r");
	assert_non_null(f);
	char line[256], name[200], want[64];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%199s %63s", name, want) != 2) {
			continue;
		}
		uint8_t h[DD_NSEC3_HASH_LEN];
		assert_int_equal(dd_nsec3_hash(N(name), 1, 12, SALT, sizeof(SALT), h), DD_OK);
		char got[DD_BASE32HEX_SIZE(DD_NSEC3_HASH_LEN)];
		dd_base32hex_encode(h, sizeof(h), got, false);
		assert_string_equal(got, want);
		/* the base32hex text decodes back to the same 20 octets */
		uint8_t back[DD_NSEC3_HASH_LEN];
		assert_int_equal(dd_base32hex_decode(got, strlen(got), back, sizeof(back)), 20);
		assert_memory_equal(back, h, 20);
		n++;
	}
	fclose(f);
	assert_int_equal(n, 12);
}

/* The hash is over the canonical (lowercase) name. */
static void test_case_and_salt(void **state)
{
	(void)state;
	uint8_t a[20], b[20], c[20];
	assert_int_equal(dd_nsec3_hash(N("WWW.Example.COM."), 1, 5, SALT, 4, a), DD_OK);
	assert_int_equal(dd_nsec3_hash(N("www.example.com."), 1, 5, SALT, 4, b), DD_OK);
	assert_memory_equal(a, b, 20);
	/* salt and iterations change the hash */
	assert_int_equal(dd_nsec3_hash(N("www.example.com."), 1, 5, NULL, 0, c), DD_OK);
	assert_memory_not_equal(b, c, 20);
	assert_int_equal(dd_nsec3_hash(N("www.example.com."), 1, 6, SALT, 4, c), DD_OK);
	assert_memory_not_equal(b, c, 20);
	/* known answer: BIND's "nsec3hash - 1 0 example.com" */
	assert_int_equal(dd_nsec3_hash(N("example.com."), 1, 0, NULL, 0, c), DD_OK);
	char txt[40];
	dd_base32hex_encode(c, 20, txt, true);
	assert_string_equal(txt, "ONIB9MGUB9H0RML3CDF5BGRJ59DKJHVK");
}

static void test_errors(void **state)
{
	(void)state;
	uint8_t h[20];
	memset(h, 0x77, sizeof(h));
	assert_int_equal(dd_nsec3_hash(N("example."), 2, 0, NULL, 0, h), DD_EUNSUPPORTED);
	assert_int_equal(dd_nsec3_hash(N("example."), 0, 0, NULL, 0, h), DD_EUNSUPPORTED);
	const uint8_t bad[] = { 0xC0, 0x0C };  /* compression pointer */
	assert_int_equal(dd_nsec3_hash(bad, 1, 0, NULL, 0, h), DD_EMALFORMED);
	assert_int_equal(dd_nsec3_hash(N("example."), 1, 0, NULL, 3, h), DD_EINVAL);
	/* outputs untouched on failure */
	for (int i = 0; i < 20; i++) {
		assert_int_equal(h[i], 0x77);
	}
}

static void test_rfc9276_constants(void **state)
{
	(void)state;
	assert_int_equal(DD_RFC9276_ITERATIONS, 0);
	assert_int_equal(DD_RFC9276_SALT_LEN, 0);
	assert_int_equal(DD_RFC5155_ITERATIONS_MAX, 2500);
	/* the largest iteration count still hashes (bounded work: 65536 SHA-1 blocks) */
	uint8_t h[20];
	assert_int_equal(dd_nsec3_hash(N("example."), 1, 65535, SALT, 4, h), DD_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc5155_appendix_a),
		cmocka_unit_test(test_case_and_salt),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_rfc9276_constants),
	};
	return cmocka_run_group_tests_name("nsec3", tests, NULL, NULL);
}
