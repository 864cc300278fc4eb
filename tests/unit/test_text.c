/* SPDX-License-Identifier: MIT
 * test_text.c - hex and base32hex (RFC 4648 test vectors, section 10) and type mnemonics. */

#include <string.h>

#include "helpers.h"

static void test_base32hex_rfc4648(void **state)
{
	(void)state;
	/* RFC 4648 10, BASE32-HEX, without the padding that RFC 5155 3.3 omits */
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const want[] = { "", "CO", "CPNG", "CPNMU", "CPNMUOG", "CPNMUOJ1",
		                            "CPNMUOJ1E8" };
	for (size_t i = 0; i < 7; i++) {
		char out[32];
		dd_base32hex_encode((const uint8_t *)in[i], strlen(in[i]), out, true);
		assert_string_equal(out, want[i]);
		uint8_t back[16];
		assert_int_equal(dd_base32hex_decode(want[i], strlen(want[i]), back, sizeof(back)),
		                 (int)strlen(in[i]));
		assert_memory_equal(back, in[i], strlen(in[i]));
	}
	uint8_t b[8];
	assert_int_equal(dd_base32hex_decode("CPNMW", 5, b, sizeof(b)), DD_EPARSE); /* 'W' */
	assert_int_equal(dd_base32hex_decode("CP", 2, b, 0), DD_ERANGE);
	assert_int_equal(dd_base32hex_decode("CP", 2, b, sizeof(b)), DD_EPARSE); /* non-zero pad */
}

static void test_hex(void **state)
{
	(void)state;
	const uint8_t in[] = { 0x00, 0xAB, 0x7F };
	char out[8];
	dd_hex_encode(in, 3, out, true);
	assert_string_equal(out, "00AB7F");
	dd_hex_encode(in, 3, out, false);
	assert_string_equal(out, "00ab7f");
	uint8_t b[3];
	assert_int_equal(dd_hex_decode("00aB7f", b, sizeof(b)), 3);
	assert_memory_equal(b, in, 3);
	assert_int_equal(dd_hex_decode("0", b, sizeof(b)), DD_EPARSE);
	assert_int_equal(dd_hex_decode("0g", b, sizeof(b)), DD_EPARSE);
	assert_int_equal(dd_hex_decode("00112233", b, sizeof(b)), DD_ERANGE);
}

static void test_types(void **state)
{
	(void)state;
	char out[32];
	assert_int_equal(dd_type_to_str(48, out, sizeof(out)), DD_OK);
	assert_string_equal(out, "DNSKEY");
	assert_int_equal(dd_type_to_str(65280, out, sizeof(out)), DD_OK);
	assert_string_equal(out, "TYPE65280");
	assert_int_equal(dd_type_from_str("NSEC3PARAM"), 51);
	assert_int_equal(dd_type_from_str("TYPE999"), 999);
	assert_int_equal(dd_type_from_str("NOSUCH"), DD_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base32hex_rfc4648),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_types),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
