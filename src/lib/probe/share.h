/* SPDX-License-Identifier: MIT
 * share.h - internal: what concurrent probes share (the answers of ancestor zones, the global
 * in-flight budget and the per-server rate), thread-safe. Not installed. */
#pragma once

#include "dd/probe.h"

typedef enum share_get {
	SHARE_MISS = 0,   /**< not cached: now marked pending, the caller must send and put */
	SHARE_HIT,        /**< @p out holds a copy (its wire owned by the caller) */
	SHARE_PENDING,    /**< another probe is asking right now: try again shortly */
} share_get_t;

/** Look up server/qname/qtype; on a miss the entry is marked pending for the caller. */
share_get_t dd__cache_get(dd_probe_cache_t *c, const char *addr, const uint8_t *qname,
                          uint16_t qtype, dd_exchange_t *out);

/** Complete an entry marked pending by dd__cache_get() (a copy of @p x is kept). */
void dd__cache_put(dd_probe_cache_t *c, const dd_exchange_t *x);

/**
 * Take one query's worth of budget for @p addr at @p now_ms.
 * @return 0 when the query may be sent now, else the milliseconds to wait before trying again.
 */
unsigned dd__budget_take(dd_probe_budget_t *b, const char *addr, int64_t now_ms);

/** Give back the in-flight slot of a query that finished (or was answered from the cache). */
void dd__budget_give(dd_probe_budget_t *b);
