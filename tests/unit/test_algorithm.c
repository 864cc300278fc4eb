/* SPDX-License-Identifier: MIT
 * test_algorithm.c - algorithm and digest tables: names, support, RFC 8624 levels; statuses. */

#include "helpers.h"

static void test_algorithms(void **state)
{
	(void)state;
	const uint8_t supported[] = { 5, 7, 8, 10, 13, 14, 15, 16 };
	const uint8_t unsupported[] = { 1, 2, 3, 6, 12, 0, 4, 9, 11, 17, 200, 252, 253, 254, 255 };
	for (size_t i = 0; i < sizeof(supported); i++) {
		assert_true(dd_alg_supported(supported[i]));
		assert_non_null(dd_alg_name(supported[i]));
	}
	for (size_t i = 0; i < sizeof(unsupported); i++) {
		assert_false(dd_alg_supported(unsupported[i]));
	}
	assert_string_equal(dd_alg_name(13), "ECDSAP256SHA256");
	assert_null(dd_alg_name(99));
	assert_int_equal(dd_alg_from_str("ed25519"), 15);
	assert_int_equal(dd_alg_from_str("8"), 8);
	assert_int_equal(dd_alg_from_str("256"), DD_EINVAL);
	assert_int_equal(dd_alg_from_str("RSA"), DD_EINVAL);
	/* RFC 8624 3.1 */
	assert_int_equal(dd_alg_signing_req(8), DD_REQ_MUST);
	assert_int_equal(dd_alg_signing_req(5), DD_REQ_NOT_RECOMMENDED);
	assert_int_equal(dd_alg_validation_req(1), DD_REQ_MUST_NOT);
	assert_int_equal(dd_alg_validation_req(15), DD_REQ_RECOMMENDED);
	assert_string_equal(dd_rfc8624_name(DD_REQ_NOT_RECOMMENDED), "NOT RECOMMENDED");
	assert_true(dd_alg_is_sha1_or_weaker(7));
	assert_false(dd_alg_is_sha1_or_weaker(8));
}

static void test_digests(void **state)
{
	(void)state;
	assert_true(dd_digest_supported(1) && dd_digest_supported(2) && dd_digest_supported(4));
	assert_false(dd_digest_supported(3) || dd_digest_supported(0) || dd_digest_supported(5));
	assert_int_equal(dd_digest_len(4), 48);
	assert_int_equal(dd_digest_from_str("SHA-256"), 2);
	assert_int_equal(dd_digest_from_str("sha384"), 4);
	assert_int_equal(dd_digest_from_str("1"), 1);
	assert_int_equal(dd_digest_from_str("md5"), DD_EINVAL);
	/* RFC 8624 3.3 */
	assert_int_equal(dd_digest_creation_req(1), DD_REQ_MUST_NOT);
	assert_int_equal(dd_digest_validation_req(1), DD_REQ_MUST);
}

static void test_status(void **state)
{
	(void)state;
	assert_string_equal(dd_status_name(DD_STATUS_BOGUS), "bogus");
	assert_int_equal(dd_status_worst(DD_STATUS_SECURE, DD_STATUS_BOGUS), DD_STATUS_BOGUS);
	assert_int_equal(dd_status_worst(DD_STATUS_INSECURE, DD_STATUS_SECURE), DD_STATUS_INSECURE);
	assert_string_equal(dd_strerror(DD_EMALFORMED), "malformed DNS data");
	assert_string_equal(dd_strerror(DD_ENOMEM), "Cannot allocate memory");
	assert_non_null(dd_strerror(-1234));
	assert_non_null(dd_strerror(12345));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_algorithms),
		cmocka_unit_test(test_digests),
		cmocka_unit_test(test_status),
	};
	return cmocka_run_group_tests_name("algorithm", tests, NULL, NULL);
}
