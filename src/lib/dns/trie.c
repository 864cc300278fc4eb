/* SPDX-License-Identifier: MIT
 * trie.c - octet-string keys to pointers over libknot's qp-trie (knot_db_trie_api), the one map
 * the caches of crypto/ and probe/ share. */

#include <libknot/db/db_trie.h>
#include <libknot/errcode.h>

#include "dd/error.h"
#include "dns/trie.h"

/* The map is libknot's own handle; dd_trie_t only names it for callers that cannot. */
static knot_db_t *db_of(dd_trie_t *t)
{
	return (knot_db_t *)t;
}

int dd__trie_new(dd_trie_t **out)
{
	if (out == NULL) {
		return DD_EINVAL;
	}
	knot_db_t *db = NULL;
	struct knot_db_trie_opts o = KNOT_DB_TRIE_OPTS_INITIALIZER;
	if (knot_db_trie_api()->init(&db, NULL, &o) != KNOT_EOK || db == NULL) {
		return DD_ENOMEM;
	}
	*out = (dd_trie_t *)db;
	return DD_OK;
}

void dd__trie_free(dd_trie_t *t)
{
	if (t != NULL) {
		knot_db_trie_api()->deinit(db_of(t));
	}
}

void *dd__trie_get(dd_trie_t *t, const uint8_t *key, size_t len)
{
	knot_db_txn_t txn = { .db = db_of(t) };
	knot_db_val_t k = { (void *)key, len }, v = { NULL, 0 };
	return knot_db_trie_api()->find(&txn, &k, &v, 0) == KNOT_EOK ? v.data : NULL;
}

int dd__trie_set(dd_trie_t *t, const uint8_t *key, size_t len, void *val)
{
	if (val == NULL) {
		return DD_EINVAL;
	}
	knot_db_txn_t txn = { .db = db_of(t) };
	knot_db_val_t k = { (void *)key, len }, v = { val, sizeof(val) };
	return knot_db_trie_api()->insert(&txn, &k, &v, 0) == KNOT_EOK ? DD_OK : DD_ENOMEM;
}
