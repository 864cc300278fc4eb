/* SPDX-License-Identifier: MIT
 * xfer.h - internal: one DNS exchange. A sans-I/O state machine decides what to do (UDP with
 * bounded retries, EDNS fallback, TCP on truncation or UDP failure, a timeout per attempt); a
 * transport (a small vtable: send, cancel, now) does it. The real transport is libuv; the unit
 * tests' fake transport (tests/unit/fake_transport.c) drives the same machine on a fake clock.
 * Not installed. */
#pragma once

#include <uv.h>

#include "dd/evidence.h"
#include "dd/probe.h"

typedef struct xfer_opts {
	unsigned timeout_ms;   /**< the longest any attempt waits (--timeout), ms */
	unsigned first_ms;     /**< the first UDP attempt's timeout, ms (probe/rtt.c: from the
	                            RTTs seen); later attempts back off from it; 0: timeout_ms */
	unsigned udp_tries;    /**< UDP datagrams before giving up on UDP */
	bool tcp_on_failure;   /**< one TCP attempt after UDP timed out */
	bool cd;               /**< set the CD bit */
	bool rd;               /**< set the RD bit (asking a recursive resolver) */
	/** Asked at most once per exchange, when its first UDP attempt timed out with nothing
	 *  received and the schedule holds more attempts: a nonzero result (ms, at most
	 *  timeout_ms) replaces them with one more datagram of that timeout, after which the
	 *  exchange ends (probe/queue.c: the siblings' rule); 0 keeps the schedule. NULL: never
	 *  asked. Called from dd__xm_timeout() with @p short_arg. */
	unsigned (*short_retry)(void *short_arg);
	void *short_arg;
} xfer_opts_t;

/**
 * Called once per exchange with the result; @p x and its wire are borrowed for the call.
 */
typedef void (*xfer_cb)(void *arg, const dd_exchange_t *x);

/* ---- the exchange, sans I/O ---------------------------------------------------------------- */

/** What the machine wants done next. */
typedef enum xm_act {
	XM_WAIT = 0,     /**< nothing: keep waiting (the timer keeps running) */
	XM_SEND_UDP,     /**< send query/qlen as one datagram and (re)arm the timer for wait_ms */
	XM_START_TCP,    /**< stop listening on UDP, connect over TCP and send the query with its
	                      two-octet length; (re)arm the timer for wait_ms: connect, write and
	                      read must all fit in it (a dripping server fails here) */
	XM_DONE,         /**< finished: x holds the result; its wire points into the caller's buffer
	                      (the last message given), rtt_ms and sent_ms are the caller's to set */
} xm_act_t;

/** One exchange's state. Plain data; no I/O, no clock. */
typedef struct xm {
	xfer_opts_t o;
	uint8_t qname[DD_NAME_MAXLEN];
	uint16_t qtype;
	uint16_t id, id_next;  /**< this query's ID; the ID of the EDNS-fallback query */
	bool edns;
	bool tcp;              /**< the TCP attempt is under way */
	unsigned udp_sent;
	unsigned wait_ms;      /**< the current attempt's timeout (dd__rtt_attempt_timeout()) */
	uint8_t query[600];
	size_t qlen;
	dd_exchange_t x;       /**< the result being built */
	dd_qerr_t soft;        /**< MALFORMED or MISMATCH seen while waiting */
} xm_t;

/**
 * Start an exchange: build the first query. The first action is always XM_SEND_UDP.
 * @param ids  two unpredictable IDs: the query's, and the one for an EDNS-fallback query.
 * @return DD_OK, DD_EINVAL (bad name or options).
 */
int dd__xm_init(xm_t *m, const xfer_opts_t *o, const char *addr, const uint8_t *qname,
                uint16_t qtype, const uint16_t ids[2]);

/** A datagram arrived (@p wire borrowed; XM_DONE points the result at it). */
xm_act_t dd__xm_udp(xm_t *m, const uint8_t *wire, size_t len);

/** A whole TCP message arrived (the length prefix removed). Always XM_DONE. */
xm_act_t dd__xm_tcp(xm_t *m, const uint8_t *wire, size_t len);

/** The attempt's timer expired: retry (the schedule's next attempt, or the one short retry
 *  o.short_retry gives), go to TCP, or give up. */
xm_act_t dd__xm_timeout(xm_t *m);

/** The TCP connection could not be made (@p refused: actively refused). Always XM_DONE. */
xm_act_t dd__xm_connect_failed(xm_t *m, bool refused);

/** The exchange failed with @p err over @p xp (socket errors). Always XM_DONE. */
xm_act_t dd__xm_fail(xm_t *m, dd_qerr_t err, dd_xport_t xp);

/* ---- transports ---------------------------------------------------------------------------- */

/** One exchange under way, owned by its transport. */
typedef struct dd__xfer dd__xfer_t;

/**
 * A transport: how exchanges reach servers, and its clock. The callback of an exchange that
 * send() started runs exactly once, from the loop, never before send() returns, unless the
 * exchange is cancelled first: then it never runs. Exchanges run on the caller's loop.
 */
typedef struct dd__transport {
	/**
	 * Start one exchange with @p addr (IPv4 or IPv6 text) on @p port.
	 * @param[out] out  the exchange, valid until its callback runs or it is cancelled; may be
	 *                  NULL when the caller never cancels.
	 * @return 0, or a negative error (the callback will not run).
	 */
	int (*send)(void *ctx, uv_loop_t *loop, const xfer_opts_t *o, const char *addr,
	            uint16_t port, const uint8_t *qname, uint16_t qtype, xfer_cb cb, void *arg,
	            dd__xfer_t **out);
	/** Stop an exchange: its callback will not run; what it holds is released. */
	void (*cancel)(void *ctx, dd__xfer_t *x);
	/** The transport's clock, milliseconds since the epoch (the wall clock for libuv). */
	int64_t (*now)(void *ctx);
	void *ctx;
} dd__transport_t;

/**
 * Split a server address text into the address and its port: "192.0.2.1", or dig's
 * "192.0.2.1#5353" and "2001:db8::1#5353" (the form the command line writes a port in, kept
 * as it is in the evidence). @p host gets the address alone; @p port is left as given when
 * the text names none. @return 0, or -1 for a port that is not 1-65535 or a text too long.
 */
int dd__addr_port(const char *text, char host[64], uint16_t *port);

/** The real transport: sockets and timers on the caller's libuv loop. */
const dd__transport_t *dd__transport_uv(void);

/**
 * Start one exchange on the libuv transport (for callers that never cancel).
 * @return 0 (the callback will run exactly once), or a negative error (it will not).
 */
int dd__xfer_start(uv_loop_t *loop, const xfer_opts_t *opts, const char *addr, uint16_t port,
                   const uint8_t *qname, uint16_t qtype, xfer_cb cb, void *arg);

/** Milliseconds since the epoch (wall clock). */
int64_t dd__now_ms(void);

/**
 * dd_probe_run() over another transport (tests). @p stats may be NULL.
 * @return as dd_probe_run().
 */
int dd__probe_run_on(const dd__transport_t *tp, const dd_probe_config_t *cfg,
                     const uint8_t *target, uint16_t qtype, dd_evidence_t **out,
                     dd_probe_stats_t *stats);

/** The read end of @p c's pipe, readable once it is triggered (probe/guard.c). */
int dd__cancel_fd(const dd_probe_cancel_t *c);
