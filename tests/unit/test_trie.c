/* SPDX-License-Identifier: MIT
 * test_trie.c - the octet-string map of dns/trie.h that the verdict memo and the probe cache
 * share: absent keys, replacement, keys that are prefixes of others or hold NUL octets, and
 * many keys at once. */

#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "dns/trie.h"

static void test_basic(void **state)
{
	(void)state;
	dd_trie_t *t = NULL;
	assert_int_equal(dd__trie_new(NULL), DD_EINVAL);
	assert_int_equal(dd__trie_new(&t), DD_OK);
	assert_non_null(t);
	int a = 1, b = 2, c = 3;
	const uint8_t k1[] = { 'a' }, k2[] = { 'a', 'b' }, k3[] = { 'a', 0, 'b' };
	const uint8_t k4[] = { 'a', 0 };
	assert_null(dd__trie_get(t, k1, sizeof(k1)));
	assert_int_equal(dd__trie_set(t, k1, sizeof(k1), &a), DD_OK);
	assert_int_equal(dd__trie_set(t, k2, sizeof(k2), &b), DD_OK);
	assert_int_equal(dd__trie_set(t, k3, sizeof(k3), &c), DD_OK);
	/* a prefix, a longer key and keys with NUL octets are all different keys */
	assert_ptr_equal(dd__trie_get(t, k1, sizeof(k1)), &a);
	assert_ptr_equal(dd__trie_get(t, k2, sizeof(k2)), &b);
	assert_ptr_equal(dd__trie_get(t, k3, sizeof(k3)), &c);
	assert_null(dd__trie_get(t, k4, sizeof(k4)));
	/* replacing keeps one entry under the key */
	assert_int_equal(dd__trie_set(t, k1, sizeof(k1), &c), DD_OK);
	assert_ptr_equal(dd__trie_get(t, k1, sizeof(k1)), &c);
	assert_int_equal(dd__trie_set(t, k1, sizeof(k1), NULL), DD_EINVAL);
	assert_ptr_equal(dd__trie_get(t, k1, sizeof(k1)), &c);
	dd__trie_free(t);
	dd__trie_free(NULL);
}

static void test_many(void **state)
{
	(void)state;
	enum { NKEYS = 20000 };
	dd_trie_t *t = NULL;
	assert_int_equal(dd__trie_new(&t), DD_OK);
	for (uintptr_t i = 1; i <= NKEYS; i++) {
		char key[32];
		int len = snprintf(key, sizeof(key), "192.0.2.%lu", (unsigned long)i);
		assert_int_equal(dd__trie_set(t, (const uint8_t *)key, (size_t)len, (void *)i),
		                 DD_OK);
	}
	for (uintptr_t i = 1; i <= NKEYS; i++) {
		char key[32];
		int len = snprintf(key, sizeof(key), "192.0.2.%lu", (unsigned long)i);
		assert_int_equal((uintptr_t)dd__trie_get(t, (const uint8_t *)key, (size_t)len), i);
	}
	assert_null(dd__trie_get(t, (const uint8_t *)"192.0.2.0", 9));
	assert_null(dd__trie_get(t, (const uint8_t *)"192.0.2.", 8));
	dd__trie_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests_name("trie", tests, NULL, NULL);
}
