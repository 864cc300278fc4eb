/* SPDX-License-Identifier: MIT
 * xfer.h - internal: one DNS exchange on libuv: UDP with random ID and source port, bounded
 * retries, TCP on truncation or UDP failure, EDNS fallback; the result as a dd_exchange_t.
 * Not installed. */
#pragma once

#include <uv.h>

#include "dd/evidence.h"

typedef struct xfer_opts {
	unsigned timeout_ms;   /**< per attempt */
	unsigned udp_tries;    /**< UDP datagrams before giving up on UDP */
	bool tcp_on_failure;   /**< one TCP attempt after UDP timed out */
	bool cd;               /**< set the CD bit */
	bool rd;               /**< set the RD bit (asking a recursive resolver) */
} xfer_opts_t;

/**
 * Called once per exchange with the result; @p x and its wire are borrowed for the call.
 */
typedef void (*xfer_cb)(void *arg, const dd_exchange_t *x);

/**
 * Start one exchange with @p addr (IPv4 or IPv6 text) on port @p port.
 * @return 0 (the callback will run exactly once), or a negative error (it will not).
 */
int dd__xfer_start(uv_loop_t *loop, const xfer_opts_t *opts, const char *addr, uint16_t port,
                   const uint8_t *qname, uint16_t qtype, xfer_cb cb, void *arg);

/** Milliseconds since the epoch (wall clock). */
int64_t dd__now_ms(void);
