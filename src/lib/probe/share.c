/* SPDX-License-Identifier: MIT
 * share.c - what concurrent probes share: a cache of the exchanges with the servers of ancestor
 * zones (the root and TLDs many monitored zones have in common, asked once per run), and a
 * budget: a global cap on queries in flight and a token bucket per server address. Maps are
 * dns/trie.h's (libknot's qp-trie), each structure guarded by one mutex. */

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/name.h"
#include "dns/trie.h"
#include "share.h"

typedef struct centry {
	struct centry *next;   /* every entry, for freeing */
	bool done;
	dd_exchange_t x;   /* wire owned */
} centry_t;

struct dd_probe_cache {
	pthread_mutex_t lock;
	dd_trie_t *db;
	centry_t *all;
	size_t hits, misses, octets;
};

typedef struct bucket {
	struct bucket *next;   /* every bucket, for freeing */
	double tokens;
	int64_t last_ms;
} bucket_t;

struct dd_probe_budget {
	pthread_mutex_t lock;
	dd_trie_t *db;
	bucket_t *all;
	unsigned max_inflight, qps;
	unsigned inflight;
	size_t sent, deferred;
};

/* key: address text, NUL, lower-case wire name, type (2 octets) */
static size_t make_key(uint8_t *key, const char *addr, const uint8_t *qname, uint16_t qtype)
{
	size_t al = strnlen(addr, 63);
	memcpy(key, addr, al);
	key[al] = 0;
	size_t nl = dd_name_len(qname);
	dd_name_to_lower(key + al + 1, qname);
	key[al + 1 + nl] = (uint8_t)(qtype >> 8);
	key[al + 2 + nl] = (uint8_t)qtype;
	return al + 3 + nl;
}

int dd_probe_cache_new(dd_probe_cache_t **out)
{
	if (out == NULL) {
		return DD_EINVAL;
	}
	dd_probe_cache_t *c = calloc(1, sizeof(*c));
	if (c == NULL || dd__trie_new(&c->db) != DD_OK) {
		free(c);
		return DD_ENOMEM;
	}
	pthread_mutex_init(&c->lock, NULL);
	*out = c;
	return DD_OK;
}

void dd_probe_cache_free(dd_probe_cache_t *c)
{
	if (c == NULL) {
		return;
	}
	dd__trie_free(c->db);
	for (centry_t *e = c->all; e != NULL;) {
		centry_t *n = e->next;
		free(e->x.wire);
		free(e);
		e = n;
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void dd_probe_cache_stats(dd_probe_cache_t *c, size_t *hits, size_t *misses, size_t *octets)
{
	if (c == NULL) {
		return;
	}
	pthread_mutex_lock(&c->lock);
	if (hits != NULL) {
		*hits = c->hits;
	}
	if (misses != NULL) {
		*misses = c->misses;
	}
	if (octets != NULL) {
		*octets = c->octets;
	}
	pthread_mutex_unlock(&c->lock);
}

share_get_t dd__cache_get(dd_probe_cache_t *c, const char *addr, const uint8_t *qname,
                          uint16_t qtype, dd_exchange_t *out)
{
	uint8_t key[64 + DD_NAME_MAXLEN + 3];
	size_t kl = make_key(key, addr, qname, qtype);
	share_get_t r = SHARE_MISS;
	pthread_mutex_lock(&c->lock);
	centry_t *e = dd__trie_get(c->db, key, kl);
	if (e == NULL) {
		e = calloc(1, sizeof(*e));
		if (e != NULL && dd__trie_set(c->db, key, kl, e) != DD_OK) {
			free(e);  /* not shared this time; the caller still asks */
		} else if (e != NULL) {
			e->next = c->all;
			c->all = e;
		}
		c->misses++;
	} else if (!e->done) {
		r = SHARE_PENDING;
	} else {
		*out = e->x;
		out->wire = NULL;
		if (e->x.wire != NULL && (out->wire = malloc(e->x.wire_len)) != NULL) {
			memcpy(out->wire, e->x.wire, e->x.wire_len);
		} else if (e->x.wire != NULL) {
			out->error = DD_QERR_NETWORK;  /* no memory for the copy */
			out->wire_len = 0;
		}
		c->hits++;
		r = SHARE_HIT;
	}
	pthread_mutex_unlock(&c->lock);
	return r;
}

void dd__cache_put(dd_probe_cache_t *c, const dd_exchange_t *x)
{
	uint8_t key[64 + DD_NAME_MAXLEN + 3];
	size_t kl = make_key(key, x->server, x->qname, x->qtype);
	pthread_mutex_lock(&c->lock);
	centry_t *e = dd__trie_get(c->db, key, kl);
	if (e != NULL && !e->done) {
		e->x = *x;
		e->x.wire = NULL;
		if (x->wire != NULL && (e->x.wire = malloc(x->wire_len)) != NULL) {
			memcpy(e->x.wire, x->wire, x->wire_len);
			c->octets += x->wire_len;
		} else if (x->wire != NULL) {
			e->x.error = DD_QERR_NETWORK;
			e->x.wire_len = 0;
		}
		e->done = true;
	}
	pthread_mutex_unlock(&c->lock);
}

int dd_probe_budget_new(unsigned max_inflight, unsigned per_server_qps, dd_probe_budget_t **out)
{
	if (out == NULL || max_inflight == 0) {
		return DD_EINVAL;
	}
	dd_probe_budget_t *b = calloc(1, sizeof(*b));
	if (b == NULL || dd__trie_new(&b->db) != DD_OK) {
		free(b);
		return DD_ENOMEM;
	}
	pthread_mutex_init(&b->lock, NULL);
	b->max_inflight = max_inflight;
	b->qps = per_server_qps;
	*out = b;
	return DD_OK;
}

void dd_probe_budget_free(dd_probe_budget_t *b)
{
	if (b == NULL) {
		return;
	}
	dd__trie_free(b->db);
	for (bucket_t *k = b->all; k != NULL;) {
		bucket_t *n = k->next;
		free(k);
		k = n;
	}
	pthread_mutex_destroy(&b->lock);
	free(b);
}

void dd_probe_budget_stats(dd_probe_budget_t *b, size_t *sent, size_t *deferred)
{
	if (b == NULL) {
		return;
	}
	pthread_mutex_lock(&b->lock);
	if (sent != NULL) {
		*sent = b->sent;
	}
	if (deferred != NULL) {
		*deferred = b->deferred;
	}
	pthread_mutex_unlock(&b->lock);
}

unsigned dd__budget_take(dd_probe_budget_t *b, const char *addr, int64_t now_ms)
{
	unsigned wait = 0;
	pthread_mutex_lock(&b->lock);
	if (b->inflight >= b->max_inflight) {
		wait = 2;
	} else if (b->qps > 0) {
		uint8_t key[64];
		size_t kl = strnlen(addr, 63);
		memcpy(key, addr, kl);
		bucket_t *k = dd__trie_get(b->db, key, kl);
		if (k == NULL && (k = calloc(1, sizeof(*k))) != NULL) {
			k->tokens = b->qps;  /* a second's worth of burst */
			k->last_ms = now_ms;
			if (dd__trie_set(b->db, key, kl, k) != DD_OK) {
				free(k);
				k = NULL;
			} else {
				k->next = b->all;
				b->all = k;
			}
		}
		if (k != NULL) {
			if (now_ms > k->last_ms) {
				k->tokens += (double)(now_ms - k->last_ms) * b->qps / 1000.0;
				if (k->tokens > b->qps) {
					k->tokens = b->qps;
				}
				k->last_ms = now_ms;
			}
			if (k->tokens < 1.0) {
				wait = (unsigned)((1.0 - k->tokens) * 1000.0 / b->qps) + 1;
			} else {
				k->tokens -= 1.0;
			}
		}
	}
	if (wait == 0) {
		b->inflight++;
		b->sent++;
	} else {
		b->deferred++;
	}
	pthread_mutex_unlock(&b->lock);
	return wait;
}

void dd__budget_give(dd_probe_budget_t *b)
{
	pthread_mutex_lock(&b->lock);
	if (b->inflight > 0) {
		b->inflight--;
	}
	pthread_mutex_unlock(&b->lock);
}
