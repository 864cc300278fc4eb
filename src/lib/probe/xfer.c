/* SPDX-License-Identifier: MIT
 * xfer.c - one DNS exchange: the sans-I/O machine (random ID, bounded UDP retries, EDNS
 * fallback on FORMERR/NOTIMP/BADVERS without OPT (RFC 6891 7), TCP on truncation (RFC 7766) or
 * when UDP got no answer, a timeout per attempt so that a silent or dripping server cannot hold
 * the probe, one short retry instead of the rest when the caller says so), and the libuv
 * transport that runs it over a connected UDP socket (random source port from the kernel) and
 * a TCP connection. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "rtt.h"
#include "xfer.h"

#define MAX_MSG 65535

int64_t dd__now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the machine ---------------------------------------------------------------------------- */

static int build_query(xm_t *m)
{
	int r = dd_msg_query(m->qname, m->qtype, m->id, m->edns, m->o.cd, m->query,
	                     sizeof(m->query), &m->qlen);
	if (r == DD_OK && m->o.rd) {
		m->query[2] |= 0x01;  /* RD */
	}
	return r;
}

int dd__xm_init(xm_t *m, const xfer_opts_t *o, const char *addr, const uint8_t *qname,
                uint16_t qtype, const uint16_t ids[2])
{
	int nlen = dd_name_check(qname, DD_NAME_MAXLEN);
	if (m == NULL || o == NULL || addr == NULL || nlen < 0 ||
	    strlen(addr) >= sizeof(m->x.server)) {
		return DD_EINVAL;
	}
	memset(m, 0, sizeof(*m));
	m->o = *o;
	if (m->o.udp_tries == 0) {
		m->o.udp_tries = 1;
	}
	memcpy(m->qname, qname, (size_t)nlen);
	m->qtype = qtype;
	m->id = ids[0];
	m->id_next = ids[1];
	m->edns = true;
	m->x.udp_payload = DD_EDNS_PAYLOAD;
	snprintf(m->x.server, sizeof(m->x.server), "%s", addr);
	memcpy(m->x.qname, qname, (size_t)nlen);
	m->x.qtype = qtype;
	if (build_query(m) != DD_OK) {
		return DD_EINVAL;
	}
	/* the first action, XM_SEND_UDP, is counted here */
	if (m->o.first_ms == 0 || m->o.first_ms > m->o.timeout_ms) {
		m->o.first_ms = m->o.timeout_ms;
	}
	m->udp_sent = 1;
	m->x.attempts = 1;
	m->wait_ms = m->o.first_ms;
	return DD_OK;
}

static xm_act_t done(xm_t *m, dd_qerr_t err, const uint8_t *wire, size_t len, dd_xport_t xp)
{
	m->x.error = err;
	m->x.transport = xp;
	m->x.wire = err == DD_QERR_NONE ? (uint8_t *)wire : NULL;
	m->x.wire_len = err == DD_QERR_NONE ? (uint16_t)len : 0;
	return XM_DONE;
}

static xm_act_t send_udp(xm_t *m)
{
	m->udp_sent++;
	m->x.attempts++;
	m->wait_ms = dd__rtt_attempt_timeout(m->o.first_ms, m->o.timeout_ms, m->udp_sent, false);
	return XM_SEND_UDP;
}

static xm_act_t start_tcp(xm_t *m)
{
	m->tcp = true;
	m->x.attempts++;
	m->wait_ms = dd__rtt_attempt_timeout(m->o.first_ms, m->o.timeout_ms, 1, true);
	return XM_START_TCP;
}

/* Is this a response to our query? Malformed or foreign answers are noted and ignored. */
typedef enum { RESP_OK, RESP_IGNORE, RESP_EDNS_FALLBACK, RESP_TRUNCATED } resp_kind_t;

static resp_kind_t check_response(xm_t *m, const uint8_t *wire, size_t len)
{
	if (len < 12 || (uint16_t)(wire[0] << 8 | wire[1]) != m->id || !(wire[2] & 0x80)) {
		m->soft = len < 12 ? DD_QERR_MALFORMED : DD_QERR_MISMATCH;
		return RESP_IGNORE;
	}
	dd_msg_t *msg = NULL;
	if (dd_msg_parse(wire, len, &msg) != DD_OK) {
		/* a truncated answer may be cut mid-record: TC decides */
		if (wire[2] & 0x02) {
			return RESP_TRUNCATED;
		}
		m->soft = DD_QERR_MALFORMED;
		return RESP_IGNORE;
	}
	resp_kind_t k = RESP_OK;
	if (!msg->has_question || msg->qtype != m->qtype || !dd_name_equal(msg->qname, m->qname)) {
		m->soft = DD_QERR_MISMATCH;
		k = RESP_IGNORE;
	} else if (m->edns && !msg->edns &&
	           (msg->rcode == DD_RCODE_FORMERR || msg->rcode == DD_RCODE_NOTIMP ||
	            msg->rcode == DD_RCODE_BADVERS)) {
		k = RESP_EDNS_FALLBACK;
	} else if (msg->flags & DD_FLAG_TC) {
		k = RESP_TRUNCATED;
	}
	dd_msg_free(msg);
	return k;
}

xm_act_t dd__xm_udp(xm_t *m, const uint8_t *wire, size_t len)
{
	if (m->tcp) {
		return XM_WAIT;  /* a late datagram while TCP is under way */
	}
	switch (check_response(m, wire, len)) {
	case RESP_IGNORE:
		return XM_WAIT;
	case RESP_EDNS_FALLBACK:
		m->edns = false;
		m->x.edns_fallback = true;
		m->x.udp_payload = 512;  /* a query without OPT (RFC 1035 4.2.1) */
		m->id = m->id_next;
		if (build_query(m) != DD_OK) {
			return done(m, DD_QERR_NETWORK, NULL, 0, DD_XPORT_UDP);
		}
		m->udp_sent = 0;
		return send_udp(m);
	case RESP_TRUNCATED:
		m->x.udp_truncated = true;
		return start_tcp(m);
	case RESP_OK:
		break;
	}
	return done(m, DD_QERR_NONE, wire, len, DD_XPORT_UDP);
}

xm_act_t dd__xm_tcp(xm_t *m, const uint8_t *wire, size_t len)
{
	resp_kind_t k = check_response(m, wire, len);
	if (k == RESP_OK || k == RESP_EDNS_FALLBACK) {
		return done(m, DD_QERR_NONE, wire, len, DD_XPORT_TCP);
	}
	if (k == RESP_TRUNCATED) {
		/* TC over TCP: the answer cannot be had whole (RFC 7766 8) */
		return done(m, DD_QERR_TCP, NULL, 0, DD_XPORT_TCP);
	}
	return done(m, m->soft, NULL, 0, DD_XPORT_TCP);
}

xm_act_t dd__xm_timeout(xm_t *m)
{
	if (m->tcp) {
		dd_qerr_t e = m->x.udp_truncated ? DD_QERR_TCP : DD_QERR_TIMEOUT;
		return done(m, e, NULL, 0, DD_XPORT_TCP);
	}
	if (m->x.attempts == 1 && m->soft == DD_QERR_NONE && m->o.short_retry != NULL &&
	    (m->o.udp_tries > 1 || m->o.tcp_on_failure)) {
		/* nothing at all came back: the caller may know the server's siblings answered;
		 * asked once (the first attempt's timeout comes once) */
		unsigned ms = m->o.short_retry(m->o.short_arg);
		if (ms > 0) {
			m->o.udp_tries = m->udp_sent + 1;
			m->o.tcp_on_failure = false;
			m->udp_sent++;
			m->x.attempts++;
			m->wait_ms = ms < m->o.timeout_ms ? ms : m->o.timeout_ms;
			return XM_SEND_UDP;
		}
	}
	if (m->udp_sent < m->o.udp_tries) {
		return send_udp(m);
	}
	if (m->o.tcp_on_failure) {
		return start_tcp(m);
	}
	return done(m, m->soft != DD_QERR_NONE ? m->soft : DD_QERR_TIMEOUT, NULL, 0, DD_XPORT_UDP);
}

xm_act_t dd__xm_connect_failed(xm_t *m, bool refused)
{
	return done(m, m->x.udp_truncated ? DD_QERR_TCP : refused ? DD_QERR_UNREACHABLE
	                                                           : DD_QERR_TIMEOUT,
	            NULL, 0, DD_XPORT_TCP);
}

xm_act_t dd__xm_fail(xm_t *m, dd_qerr_t err, dd_xport_t xp)
{
	return done(m, err, NULL, 0, xp);
}

/* ---- the libuv transport -------------------------------------------------------------------- */

struct dd__xfer {
	uv_loop_t *loop;
	xm_t m;
	struct sockaddr_storage sa;
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

	uint8_t *resp;          /* MAX_MSG + 2 octets: a UDP datagram or the TCP stream */
	size_t tcp_have;
	dd_qerr_t early;        /* a failure before the first send, reported from the loop */
	uint64_t started_ns;
};

typedef struct dd__xfer uvx_t;

static void on_close(uv_handle_t *h)
{
	uvx_t *t = h->data;
	if (--t->open_handles == 0 && t->finished) {
		free(t->resp);
		free(t);
	}
}

static void close_handle(uvx_t *t, uv_handle_t *h)
{
	if (h->data == t && !uv_is_closing(h)) {
		uv_close(h, on_close);
	}
}

/* Release everything; the callback has run or will not. */
static void release(uvx_t *t)
{
	t->finished = true;
	uv_timer_stop(&t->timer);
	close_handle(t, (uv_handle_t *)&t->timer);
	if (t->udp_active) {
		close_handle(t, (uv_handle_t *)&t->udp);
	}
	if (t->tcp_active) {
		close_handle(t, (uv_handle_t *)&t->tcp);
	}
}

/* Report the result exactly once, then release everything. */
static void finish(uvx_t *t)
{
	if (t->finished) {
		return;
	}
	t->m.x.rtt_ms = (uint32_t)((uv_hrtime() - t->started_ns) / 1000000);
	t->finished = true;
	t->cb(t->arg, &t->m.x);
	release(t);
}

static void on_timeout(uv_timer_t *h);
static void udp_send(uvx_t *t);
static void tcp_start(uvx_t *t);

/* Carry out what the machine asked for. */
static void act(uvx_t *t, xm_act_t a)
{
	switch (a) {
	case XM_WAIT:
		return;
	case XM_SEND_UDP:
		udp_send(t);
		return;
	case XM_START_TCP:
		tcp_start(t);
		return;
	case XM_DONE:
		finish(t);
		return;
	}
}

static void on_timeout(uv_timer_t *h)
{
	uvx_t *t = h->data;
	if (t->early != DD_QERR_NONE) {
		act(t, dd__xm_fail(&t->m, t->early, DD_XPORT_UDP));
		return;
	}
	act(t, dd__xm_timeout(&t->m));
}

static void udp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)suggested;
	uvx_t *t = h->data;
	*buf = uv_buf_init((char *)t->resp, MAX_MSG);
}

static dd_qerr_t map_send_error(int r)
{
	return r == UV_ECONNREFUSED || r == UV_EHOSTUNREACH || r == UV_ENETUNREACH
	               ? DD_QERR_UNREACHABLE : DD_QERR_NETWORK;
}

static void udp_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *addr,
                     unsigned flags)
{
	(void)buf;
	(void)addr;
	uvx_t *t = h->data;
	if (t->finished || nread == 0) {
		return;
	}
	if (nread < 0) {
		act(t, dd__xm_fail(&t->m, map_send_error((int)nread), DD_XPORT_UDP));
		return;
	}
	if (flags & UV_UDP_PARTIAL) {
		t->m.soft = DD_QERR_MALFORMED;
		return;
	}
	act(t, dd__xm_udp(&t->m, t->resp, (size_t)nread));
}

static void udp_send(uvx_t *t)
{
	uv_buf_t b = uv_buf_init((char *)t->m.query, (unsigned)t->m.qlen);
	int r = uv_udp_try_send(&t->udp, &b, 1, NULL);
	if (r < 0 && r != UV_EAGAIN) {
		t->early = map_send_error(r);
		uv_timer_start(&t->timer, on_timeout, 0, 0);
		return;
	}
	uv_timer_start(&t->timer, on_timeout, t->m.wait_ms, 0);
}

static void tcp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)suggested;
	uvx_t *t = h->data;
	*buf = uv_buf_init((char *)t->resp + t->tcp_have, (unsigned)(MAX_MSG + 2 - t->tcp_have));
}

static void tcp_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	(void)buf;
	uvx_t *t = s->data;
	if (t->finished) {
		return;
	}
	if (nread < 0) {
		act(t, dd__xm_fail(&t->m, DD_QERR_TCP, DD_XPORT_TCP));
		return;
	}
	t->tcp_have += (size_t)nread;
	if (t->tcp_have < 2) {
		return;
	}
	size_t want = (size_t)(t->resp[0] << 8 | t->resp[1]);
	if (t->tcp_have < 2 + want) {
		if (t->tcp_have >= MAX_MSG + 2) {
			act(t, dd__xm_fail(&t->m, DD_QERR_TCP, DD_XPORT_TCP));
		}
		return;
	}
	act(t, dd__xm_tcp(&t->m, t->resp + 2, want));
}

static void tcp_written(uv_write_t *w, int status)
{
	uvx_t *t = w->data;
	if (status < 0 && !t->finished) {
		act(t, dd__xm_fail(&t->m, DD_QERR_TCP, DD_XPORT_TCP));
	}
}

static void tcp_connected(uv_connect_t *c, int status)
{
	uvx_t *t = c->data;
	if (t->finished) {
		return;
	}
	if (status < 0) {
		act(t, dd__xm_connect_failed(&t->m, status == UV_ECONNREFUSED));
		return;
	}
	t->tcp_prefix[0] = (uint8_t)(t->m.qlen >> 8);
	t->tcp_prefix[1] = (uint8_t)t->m.qlen;
	uv_buf_t bufs[2] = { uv_buf_init((char *)t->tcp_prefix, 2),
		             uv_buf_init((char *)t->m.query, (unsigned)t->m.qlen) };
	t->wr.data = t;
	if (uv_write(&t->wr, (uv_stream_t *)&t->tcp, bufs, 2, tcp_written) < 0 ||
	    uv_read_start((uv_stream_t *)&t->tcp, tcp_alloc, tcp_read) < 0) {
		act(t, dd__xm_fail(&t->m, DD_QERR_TCP, DD_XPORT_TCP));
	}
}

static void tcp_start(uvx_t *t)
{
	if (t->udp_active) {
		uv_udp_recv_stop(&t->udp);
	}
	if (uv_tcp_init(t->loop, &t->tcp) != 0) {
		act(t, dd__xm_fail(&t->m, DD_QERR_NETWORK, DD_XPORT_TCP));
		return;
	}
	t->tcp.data = t;
	t->tcp_active = true;
	t->open_handles++;
	t->tcp_have = 0;
	t->conn.data = t;
	if (uv_tcp_connect(&t->conn, &t->tcp, (const struct sockaddr *)&t->sa, tcp_connected) != 0) {
		act(t, dd__xm_fail(&t->m, DD_QERR_NETWORK, DD_XPORT_TCP));
		return;
	}
	uv_timer_start(&t->timer, on_timeout, t->m.wait_ms, 0);
}

int dd__addr_port(const char *text, char host[64], uint16_t *port)
{
	const char *hash = strchr(text, '#');
	size_t len = hash != NULL ? (size_t)(hash - text) : strlen(text);
	if (len >= 64) {
		return -1;
	}
	if (hash != NULL) {
		char *end;
		errno = 0;
		long p = strtol(hash + 1, &end, 10);
		if (errno != 0 || end == hash + 1 || *end != '\0' || p < 1 || p > 65535) {
			return -1;
		}
		*port = (uint16_t)p;
	}
	memcpy(host, text, len);
	host[len] = '\0';
	return 0;
}

static int uvt_send(void *ctx, uv_loop_t *loop, const xfer_opts_t *opts, const char *addr,
                    uint16_t port, const uint8_t *qname, uint16_t qtype, xfer_cb cb, void *arg,
                    dd__xfer_t **out)
{
	(void)ctx;
	if (loop == NULL || opts == NULL || addr == NULL || cb == NULL) {
		return DD_EINVAL;
	}
	uvx_t *t = calloc(1, sizeof(*t));
	if (t == NULL) {
		return DD_ENOMEM;
	}
	uint16_t ids[2];
	if (getrandom(ids, sizeof(ids), 0) != sizeof(ids)) {
		ids[0] = (uint16_t)(uv_hrtime() ^ (uintptr_t)t);
		ids[1] = (uint16_t)(ids[0] * 40503u + 1);
	}
	char host[64];
	if (dd__addr_port(addr, host, &port) != 0 ||
	    (uv_ip4_addr(host, port, (struct sockaddr_in *)&t->sa) != 0 &&
	     uv_ip6_addr(host, port, (struct sockaddr_in6 *)&t->sa) != 0)) {
		free(t);
		return DD_EINVAL;
	}
	if (dd__xm_init(&t->m, opts, addr, qname, qtype, ids) != DD_OK) {
		free(t);
		return DD_EINVAL;
	}
	if ((t->resp = malloc(MAX_MSG + 2)) == NULL) {
		free(t);
		return DD_ENOMEM;
	}
	t->loop = loop;
	t->cb = cb;
	t->arg = arg;
	t->m.x.sent_ms = dd__now_ms();
	t->started_ns = uv_hrtime();
	uv_timer_init(loop, &t->timer);
	t->timer.data = t;
	t->open_handles = 1;
	if (out != NULL) {
		*out = t;
	}
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
	udp_send(t);  /* the machine's first action */
	return 0;
}

static void uvt_cancel(void *ctx, dd__xfer_t *t)
{
	(void)ctx;
	if (t != NULL && !t->finished) {
		release(t);
	}
}

static int64_t uvt_now(void *ctx)
{
	(void)ctx;
	return dd__now_ms();
}

static const dd__transport_t UV_TRANSPORT = { uvt_send, uvt_cancel, uvt_now, NULL };

const dd__transport_t *dd__transport_uv(void)
{
	return &UV_TRANSPORT;
}

int dd__xfer_start(uv_loop_t *loop, const xfer_opts_t *opts, const char *addr, uint16_t port,
                   const uint8_t *qname, uint16_t qtype, xfer_cb cb, void *arg)
{
	return uvt_send(NULL, loop, opts, addr, port, qname, qtype, cb, arg, NULL);
}
