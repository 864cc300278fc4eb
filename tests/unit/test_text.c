/* SPDX-License-Identifier: MIT
 * test_text.c - hex, base32hex and base64 (RFC 4648 test vectors, section 10; base64 also
 * against OpenSSL's EVP_EncodeBlock, which the evidence files were written with before), type
 * mnemonics and the durations every command reads. */

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "helpers.h"
#include "dns/b64.h"

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

static void test_base64_rfc4648(void **state)
{
	(void)state;
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const want[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=",
		                            "Zm9vYmFy" };
	for (size_t i = 0; i < 7; i++) {
		char *out = dd__b64_encode((const uint8_t *)in[i], strlen(in[i]));
		assert_non_null(out);
		assert_string_equal(out, want[i]);
		free(out);
		uint8_t *back = NULL;
		size_t len = 99;
		assert_int_equal(dd__b64_decode(want[i], &back, &len), 0);
		assert_int_equal(len, strlen(in[i]));
		assert_memory_equal(back, in[i], len);
		free(back);
	}
}

static void test_base64_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"Zg=",      /* not a multiple of 4 */
		"Zg",       /* padding left out */
		"Z===",     /* three pads */
		"====",
		"Zg=A",     /* '=' before data */
		"Zg==Zm8=", /* padding inside */
		"Zm9v\n",
		" Zm9",
		"Zm9-",     /* base64url alphabet */
		"Zm9_",
		"Zm\x80v",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t *out = (uint8_t *)"untouched";
		size_t len = 7;
		assert_int_equal(dd__b64_decode(bad[i], &out, &len), -1);
		assert_string_equal((const char *)out, "untouched");
		assert_int_equal(len, 7);
	}
	/* every character of the alphabet, in every position */
	uint8_t *out = NULL;
	size_t len = 0;
	const char *all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	assert_int_equal(dd__b64_decode(all, &out, &len), 0);
	assert_int_equal(len, 48);
	char *again = dd__b64_encode(out, len);
	assert_string_equal(again, all);
	free(again);
	free(out);
}

/* The same text as OpenSSL writes, and OpenSSL's text read back, for every length up to 300
 * and random octets (what evidence files hold: DNS messages and RDATA). */
static void test_base64_openssl(void **state)
{
	(void)state;
	srand(4648);
	uint8_t in[300];
	char ref[4 * sizeof(in) / 3 + 8];
	for (size_t len = 0; len <= sizeof(in); len++) {
		for (size_t i = 0; i < len; i++) {
			in[i] = (uint8_t)rand();
		}
		EVP_EncodeBlock((unsigned char *)ref, in, (int)len);
		char *out = dd__b64_encode(in, len);
		assert_non_null(out);
		assert_string_equal(out, ref);
		free(out);
		uint8_t *back = NULL;
		size_t blen = 0;
		assert_int_equal(dd__b64_decode(ref, &back, &blen), 0);
		assert_int_equal(blen, len);
		assert_memory_equal(back, in, len);
		free(back);
	}
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

/* The one duration grammar: numbers with units, or one bare number; nothing else. */
static void test_duration(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int64_t s;  /* -1: refused */
	} cases[] = {
		{ "45", 45 }, { "0", 0 }, { "90m", 5400 }, { "1d12h", 129600 }, { "2w", 1209600 },
		{ "7d", 604800 }, { "1h30m15s", 5415 }, { "3153600000", 3153600000LL },
		{ "", -1 }, { "-5", -1 }, { "1d5", -1 }, { "5x", -1 }, { "d", -1 }, { "1 d", -1 },
		{ "3153600001", -1 }, { "36501d", -1 }, { "99999999999999999999", -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t got = -2;
		int r = dd_duration_parse(cases[i].text, strlen(cases[i].text), &got);
		if (cases[i].s < 0) {
			assert_int_equal(r, DD_EPARSE);
			assert_int_equal(got, -2);  /* not written */
		} else {
			assert_int_equal(r, DD_OK);
			assert_int_equal(got, cases[i].s);
		}
	}
	/* the length bounds the text: "7d" of "7dX" */
	int64_t got;
	assert_int_equal(dd_duration_parse("7dX", 2, &got), DD_OK);
	assert_int_equal(got, 604800);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base32hex_rfc4648),
		cmocka_unit_test(test_base64_rfc4648),
		cmocka_unit_test(test_base64_bad),
		cmocka_unit_test(test_base64_openssl),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_duration),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
