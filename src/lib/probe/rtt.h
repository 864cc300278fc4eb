/* SPDX-License-Identifier: MIT
 * rtt.h - internal: the probe's round-trip-time estimator, as resolvers keep one (Unbound's
 * infra cache): a smoothed RTT and its variance per server address and over the whole run
 * (RFC 6298 2), from which each exchange's first timeout is derived, and the servers that
 * failed a whole exchange. Plain data, no I/O and no clock: tests drive it directly. Not
 * installed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/** The shortest first-attempt timeout, ms: a healthy server on any path answers within it
 *  (Unbound's RTT_MIN_TIMEOUT is 50 ms; ours is higher so that a loaded machine does not
 *  retry loopback servers). */
#define DD__RTO_FLOOR_MS 200u

/** One server's, or the run's, estimate (RFC 6298 2). */
typedef struct dd__rtt_est {
	unsigned srtt_ms;     /**< smoothed RTT */
	unsigned rttvar_ms;   /**< RTT variation */
	unsigned samples;     /**< measurements taken (0: no estimate) */
} dd__rtt_est_t;

typedef struct dd__rtt_srv {
	char addr[64];
	dd__rtt_est_t est;
	unsigned answered;    /**< exchanges it answered */
	unsigned failed;      /**< exchanges that ended without any answer (timeout) */
} dd__rtt_srv_t;

/** The run's table. Zero-initialise, then dd__rtt_init(); dd__rtt_free() releases it. */
typedef struct dd__rtt {
	dd__rtt_srv_t *srv;
	size_t n, cap;
	dd__rtt_est_t all;    /**< over every server's measurements, for servers not yet heard */
	unsigned ceiling_ms;  /**< --timeout: no timeout is longer */
} dd__rtt_t;

/** Start an empty table whose timeouts never exceed @p ceiling_ms (at least the floor). */
void dd__rtt_init(dd__rtt_t *t, unsigned ceiling_ms);

/** Release the table's memory. */
void dd__rtt_free(dd__rtt_t *t);

/**
 * A measured round trip of @p rtt_ms with @p addr (RFC 6298 2.2, 2.3). Only clean samples may
 * be given: an exchange answered at its first datagram (Karn's rule, RFC 6298 3).
 * @return 0, or -1 when the table could not grow (the sample is lost, nothing else).
 */
int dd__rtt_sample(dd__rtt_t *t, const char *addr, unsigned rtt_ms);

/** An exchange with @p addr ended: @p answered, or it failed without any answer (timeout). */
void dd__rtt_outcome(dd__rtt_t *t, const char *addr, bool answered);

/**
 * The first attempt's timeout for an exchange with @p addr, ms: SRTT + max(G, 4 RTTVAR) of the
 * server (RFC 6298 2.3), or of the run for a server not yet measured, clamped to
 * [DD__RTO_FLOOR_MS, ceiling]; the ceiling when nothing was measured yet.
 */
unsigned dd__rtt_first_timeout(const dd__rtt_t *t, const char *addr);

/**
 * Whether @p addr has failed a whole exchange and answered none in this run: the next
 * exchanges with it get one short attempt (dd__rtt_first_timeout()) instead of the backoff.
 */
bool dd__rtt_down(const dd__rtt_t *t, const char *addr);

/**
 * The timeout of attempt @p k (1-based) of an exchange whose first timeout is @p first_ms:
 * UDP attempts back off exponentially (RFC 6298 5.5), a TCP attempt (@p tcp; connect, write and
 * read together) gets twice the first timeout and at least 400 ms; none exceeds @p ceiling_ms.
 */
unsigned dd__rtt_attempt_timeout(unsigned first_ms, unsigned ceiling_ms, unsigned k, bool tcp);
