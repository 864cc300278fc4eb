/* SPDX-License-Identifier: MIT
 * xfer.c - one DNS exchange on libuv: connected UDP socket (random source port from the
 * kernel, random ID), bounded retries, EDNS fallback on FORMERR/NOTIMP/BADVERS without OPT
 * (RFC 6891 7), TCP on truncation (RFC 7766) or when UDP got no answer, and a timeout per
 * attempt so that a silent or dripping server cannot hold the probe. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "xfer.h"

#define MAX_MSG 65535

typedef struct xfer {
	uv_loop_t *loop;
	xfer_opts_t o;
	struct sockaddr_storage sa;
	uint8_t qname[DD_NAME_MAXLEN];
	uint16_t qtype;
	uint16_t id;
	bool edns;
	uint8_t query[600];
	size_t qlen;
	xfer_cb cb;
	void *arg;

	uv_udp_t udp;
	uv_tcp_t tcp;
	uv_timer_t timer;
	uv_connect_t conn;
	uv_write_t wr;
	uint8_t tcp_prefix[2];
	int open_handles;
	bool udp_active, tcp_active, finished;
	unsigned udp_sent;

	uint8_t *resp;          /* MAX_MSG + 2 octets: a UDP datagram or the TCP stream */
	size_t tcp_have;
	dd_exchange_t x;
	dd_qerr_t soft;         /* MALFORMED or MISMATCH seen while waiting */
	dd_qerr_t early;        /* a failure before the first send, reported from the loop */
	uint64_t started_ns;
} xfer_t;

int64_t dd__now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_close(uv_handle_t *h)
{
	xfer_t *t = h->data;
	if (--t->open_handles == 0 && t->finished) {
		free(t->resp);
		free(t);
	}
}

static void close_handle(xfer_t *t, uv_handle_t *h)
{
	if (h->data == t && !uv_is_closing(h)) {
		uv_close(h, on_close);
	}
}

/* Report the result exactly once, then release everything. */
static void finish(xfer_t *t, dd_qerr_t err, const uint8_t *wire, size_t len, dd_xport_t xp)
{
	if (t->finished) {
		return;
	}
	t->finished = true;
	t->x.error = err;
	t->x.transport = xp;
	t->x.rtt_ms = (uint32_t)((uv_hrtime() - t->started_ns) / 1000000);
	t->x.wire = err == DD_QERR_NONE ? (uint8_t *)wire : NULL;
	t->x.wire_len = err == DD_QERR_NONE ? (uint16_t)len : 0;
	t->cb(t->arg, &t->x);
	uv_timer_stop(&t->timer);
	close_handle(t, (uv_handle_t *)&t->timer);
	if (t->udp_active) {
		close_handle(t, (uv_handle_t *)&t->udp);
	}
	if (t->tcp_active) {
		close_handle(t, (uv_handle_t *)&t->tcp);
	}
}

static int build_query(xfer_t *t)
{
	uint16_t id;
	if (getrandom(&id, sizeof(id), 0) != sizeof(id)) {
		id = (uint16_t)(uv_hrtime() ^ (uintptr_t)t);
	}
	t->id = id;
	int r = dd_msg_query(t->qname, t->qtype, id, t->edns, t->o.cd, t->query, sizeof(t->query),
	                     &t->qlen);
	if (r == DD_OK && t->o.rd) {
		t->query[2] |= 0x01;  /* RD */
	}
	return r;
}

/* Is this a response to our query? Malformed or foreign answers are noted and ignored. */
typedef enum { RESP_OK, RESP_IGNORE, RESP_EDNS_FALLBACK, RESP_TRUNCATED } resp_kind_t;

static resp_kind_t check_response(xfer_t *t, const uint8_t *wire, size_t len)
{
	if (len < 12 || (uint16_t)(wire[0] << 8 | wire[1]) != t->id || !(wire[2] & 0x80)) {
		t->soft = len < 12 ? DD_QERR_MALFORMED : DD_QERR_MISMATCH;
		return RESP_IGNORE;
	}
	dd_msg_t *m = NULL;
	if (dd_msg_parse(wire, len, &m) != DD_OK) {
		/* a truncated answer may be cut mid-record: TC decides */
		if (wire[2] & 0x02) {
			return RESP_TRUNCATED;
		}
		t->soft = DD_QERR_MALFORMED;
		return RESP_IGNORE;
	}
	resp_kind_t k = RESP_OK;
	if (!m->has_question || m->qtype != t->qtype || !dd_name_equal(m->qname, t->qname)) {
		t->soft = DD_QERR_MISMATCH;
		k = RESP_IGNORE;
	} else if (t->edns && !m->edns &&
	           (m->rcode == DD_RCODE_FORMERR || m->rcode == DD_RCODE_NOTIMP ||
	            m->rcode == DD_RCODE_BADVERS)) {
		k = RESP_EDNS_FALLBACK;
	} else if (m->flags & DD_FLAG_TC) {
		k = RESP_TRUNCATED;
	}
	dd_msg_free(m);
	return k;
}

static void start_tcp(xfer_t *t);
static void udp_send(xfer_t *t);

static void on_timeout(uv_timer_t *h)
{
	xfer_t *t = h->data;
	if (t->early != DD_QERR_NONE) {
		finish(t, t->early, NULL, 0, DD_XPORT_UDP);
		return;
	}
	if (t->tcp_active) {
		finish(t, t->x.udp_truncated ? DD_QERR_TCP : DD_QERR_TIMEOUT, NULL, 0, DD_XPORT_TCP);
		return;
	}
	if (t->udp_sent < t->o.udp_tries) {
		udp_send(t);
		return;
	}
	if (t->o.tcp_on_failure) {
		start_tcp(t);
		return;
	}
	finish(t, t->soft != DD_QERR_NONE ? t->soft : DD_QERR_TIMEOUT, NULL, 0, DD_XPORT_UDP);
}

static void udp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)suggested;
	xfer_t *t = h->data;
	*buf = uv_buf_init((char *)t->resp, MAX_MSG);
}

static void udp_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *addr,
                     unsigned flags)
{
	(void)buf;
	(void)addr;
	xfer_t *t = h->data;
	if (t->finished || nread == 0) {
		return;
	}
	if (nread < 0) {
		finish(t, nread == UV_ECONNREFUSED || nread == UV_EHOSTUNREACH ||
		                  nread == UV_ENETUNREACH ? DD_QERR_UNREACHABLE : DD_QERR_NETWORK,
		       NULL, 0, DD_XPORT_UDP);
		return;
	}
	if (flags & UV_UDP_PARTIAL) {
		t->soft = DD_QERR_MALFORMED;
		return;
	}
	switch (check_response(t, t->resp, (size_t)nread)) {
	case RESP_IGNORE:
		return;
	case RESP_EDNS_FALLBACK:
		t->edns = false;
		t->x.edns_fallback = true;
		if (build_query(t) != DD_OK) {
			finish(t, DD_QERR_NETWORK, NULL, 0, DD_XPORT_UDP);
			return;
		}
		t->udp_sent = 0;
		udp_send(t);
		return;
	case RESP_TRUNCATED:
		t->x.udp_truncated = true;
		start_tcp(t);
		return;
	case RESP_OK:
		finish(t, DD_QERR_NONE, t->resp, (size_t)nread, DD_XPORT_UDP);
		return;
	}
}

static void udp_send(xfer_t *t)
{
	uv_buf_t b = uv_buf_init((char *)t->query, (unsigned)t->qlen);
	t->udp_sent++;
	t->x.attempts++;
	int r = uv_udp_try_send(&t->udp, &b, 1, NULL);
	if (r < 0 && r != UV_EAGAIN) {
		t->early = r == UV_ECONNREFUSED || r == UV_ENETUNREACH || r == UV_EHOSTUNREACH
		                   ? DD_QERR_UNREACHABLE : DD_QERR_NETWORK;
		uv_timer_start(&t->timer, on_timeout, 0, 0);
		return;
	}
	uv_timer_start(&t->timer, on_timeout, t->o.timeout_ms, 0);
}

static void tcp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)suggested;
	xfer_t *t = h->data;
	*buf = uv_buf_init((char *)t->resp + t->tcp_have, (unsigned)(MAX_MSG + 2 - t->tcp_have));
}

static void tcp_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	(void)buf;
	xfer_t *t = s->data;
	if (t->finished) {
		return;
	}
	if (nread < 0) {
		finish(t, DD_QERR_TCP, NULL, 0, DD_XPORT_TCP);
		return;
	}
	t->tcp_have += (size_t)nread;
	if (t->tcp_have < 2) {
		return;
	}
	size_t want = (size_t)(t->resp[0] << 8 | t->resp[1]);
	if (t->tcp_have < 2 + want) {
		if (t->tcp_have >= MAX_MSG + 2) {
			finish(t, DD_QERR_TCP, NULL, 0, DD_XPORT_TCP);
		}
		return;
	}
	resp_kind_t k = check_response(t, t->resp + 2, want);
	if (k == RESP_OK || k == RESP_EDNS_FALLBACK) {
		finish(t, DD_QERR_NONE, t->resp + 2, want, DD_XPORT_TCP);
	} else if (k == RESP_TRUNCATED) {
		/* TC over TCP: the answer cannot be had whole (RFC 7766 8) */
		finish(t, DD_QERR_TCP, NULL, 0, DD_XPORT_TCP);
	} else {
		finish(t, t->soft, NULL, 0, DD_XPORT_TCP);
	}
}

static void tcp_written(uv_write_t *w, int status)
{
	xfer_t *t = w->data;
	if (status < 0 && !t->finished) {
		finish(t, DD_QERR_TCP, NULL, 0, DD_XPORT_TCP);
	}
}

static void tcp_connected(uv_connect_t *c, int status)
{
	xfer_t *t = c->data;
	if (t->finished) {
		return;
	}
	if (status < 0) {
		dd_qerr_t e = t->x.udp_truncated ? DD_QERR_TCP
		              : status == UV_ECONNREFUSED ? DD_QERR_UNREACHABLE : DD_QERR_TIMEOUT;
		finish(t, e, NULL, 0, DD_XPORT_TCP);
		return;
	}
	t->tcp_prefix[0] = (uint8_t)(t->qlen >> 8);
	t->tcp_prefix[1] = (uint8_t)t->qlen;
	uv_buf_t bufs[2] = { uv_buf_init((char *)t->tcp_prefix, 2),
		             uv_buf_init((char *)t->query, (unsigned)t->qlen) };
	t->wr.data = t;
	if (uv_write(&t->wr, (uv_stream_t *)&t->tcp, bufs, 2, tcp_written) < 0 ||
	    uv_read_start((uv_stream_t *)&t->tcp, tcp_alloc, tcp_read) < 0) {
		finish(t, DD_QERR_TCP, NULL, 0, DD_XPORT_TCP);
	}
}

static void start_tcp(xfer_t *t)
{
	if (t->udp_active) {
		uv_udp_recv_stop(&t->udp);
	}
	t->x.attempts++;
	if (uv_tcp_init(t->loop, &t->tcp) != 0) {
		finish(t, DD_QERR_NETWORK, NULL, 0, DD_XPORT_TCP);
		return;
	}
	t->tcp.data = t;
	t->tcp_active = true;
	t->open_handles++;
	t->tcp_have = 0;
	t->conn.data = t;
	if (uv_tcp_connect(&t->conn, &t->tcp, (const struct sockaddr *)&t->sa, tcp_connected) != 0) {
		finish(t, DD_QERR_NETWORK, NULL, 0, DD_XPORT_TCP);
		return;
	}
	/* connect, write and read must all fit in one timeout (a dripping server fails here) */
	uv_timer_start(&t->timer, on_timeout, t->o.timeout_ms, 0);
}

int dd__xfer_start(uv_loop_t *loop, const xfer_opts_t *opts, const char *addr, uint16_t port,
                   const uint8_t *qname, uint16_t qtype, xfer_cb cb, void *arg)
{
	int nlen = dd_name_check(qname, DD_NAME_MAXLEN);
	if (loop == NULL || opts == NULL || addr == NULL || cb == NULL || nlen < 0) {
		return DD_EINVAL;
	}
	xfer_t *t = calloc(1, sizeof(*t));
	if (t == NULL) {
		return DD_ENOMEM;
	}
	t->resp = malloc(MAX_MSG + 2);
	if (t->resp == NULL) {
		free(t);
		return DD_ENOMEM;
	}
	t->loop = loop;
	t->o = *opts;
	if (t->o.udp_tries == 0) {
		t->o.udp_tries = 1;
	}
	if (uv_ip4_addr(addr, port, (struct sockaddr_in *)&t->sa) != 0 &&
	    uv_ip6_addr(addr, port, (struct sockaddr_in6 *)&t->sa) != 0) {
		free(t->resp);
		free(t);
		return DD_EINVAL;
	}
	memcpy(t->qname, qname, (size_t)nlen);
	t->qtype = qtype;
	t->edns = true;
	t->cb = cb;
	t->arg = arg;
	snprintf(t->x.server, sizeof(t->x.server), "%s", addr);
	memcpy(t->x.qname, qname, (size_t)nlen);
	t->x.qtype = qtype;
	t->x.sent_ms = dd__now_ms();
	t->started_ns = uv_hrtime();
	if (build_query(t) != DD_OK) {
		free(t->resp);
		free(t);
		return DD_EINVAL;
	}
	uv_timer_init(loop, &t->timer);
	t->timer.data = t;
	t->open_handles = 1;
	/* from here on the callback always runs, and never before this function returns:
	 * an early failure is reported from the loop through a zero timeout */
	if (uv_udp_init(loop, &t->udp) != 0) {
		t->early = DD_QERR_NETWORK;
		uv_timer_start(&t->timer, on_timeout, 0, 0);
		return 0;
	}
	t->udp.data = t;
	t->udp_active = true;
	t->open_handles++;
	int r = uv_udp_connect(&t->udp, (const struct sockaddr *)&t->sa);
	if (r == 0) {
		r = uv_udp_recv_start(&t->udp, udp_alloc, udp_recv);
	}
	if (r != 0) {
		t->early = r == UV_ENETUNREACH || r == UV_EHOSTUNREACH ? DD_QERR_UNREACHABLE
		                                                        : DD_QERR_NETWORK;
		uv_timer_start(&t->timer, on_timeout, 0, 0);
		return 0;
	}
	udp_send(t);
	return 0;
}
