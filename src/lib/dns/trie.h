/* SPDX-License-Identifier: MIT
 * trie.h - internal: a map from octet strings to pointers (libknot's qp-trie), so that the
 * memo of signature verdicts (crypto/verify.c) and what concurrent probes share
 * (probe/share.c) keep their maps without including libknot themselves. Not thread-safe:
 * each caller guards its map with its own lock. Not installed. */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct dd_trie dd_trie_t;

/**
 * A new empty map.
 * @param[out] out  free with dd__trie_free(); written only on success.
 * @return DD_OK, DD_EINVAL, DD_ENOMEM.
 */
int dd__trie_new(dd_trie_t **out);

/** Free @p t and its copies of the keys; the values are the caller's. NULL is a no-op. */
void dd__trie_free(dd_trie_t *t);

/** The value stored under @p key (@p len octets, any octets), or NULL when there is none. */
void *dd__trie_get(dd_trie_t *t, const uint8_t *key, size_t len);

/**
 * Store @p val (not NULL) under @p key, replacing what was there; the key is copied.
 * @return DD_OK, DD_EINVAL (NULL value), DD_ENOMEM.
 */
int dd__trie_set(dd_trie_t *t, const uint8_t *key, size_t len, void *val);
