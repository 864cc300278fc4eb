/* SPDX-License-Identifier: MIT
 * sntp.c - the local clock against an NTP server: one SNTP client exchange (RFC 4330) per
 * attempt on libuv, with the response checked (mode, version, leap, stratum, origin) before
 * its timestamps are used; the server name is resolved with uv_getaddrinfo. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <uv.h>

#include "dd/clock.h"
#include "dd/error.h"

#define NTP_LEN 48
#define NTP_UNIX_DELTA 2208988800.0  /* seconds from 1900-01-01 to 1970-01-01 */
#define ERA 4294967296.0             /* 2^32 seconds */

static double now_unix(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An NTP timestamp (32.32 fixed point from 1900) as Unix seconds, in the era that puts it
 * nearest to @p near (RFC 4330 3: the 2036 wrap). */
static double ts_read(const uint8_t *p, double near)
{
	uint32_t sec = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	uint32_t frac = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
	double t = (double)sec + (double)frac / ERA - NTP_UNIX_DELTA;
	while (t < near - ERA / 2) {
		t += ERA;
	}
	while (t > near + ERA / 2) {
		t -= ERA;
	}
	return t;
}

static void ts_write(uint8_t *p, double unix_s)
{
	double ntp = unix_s + NTP_UNIX_DELTA;
	uint64_t whole = (uint64_t)ntp;
	uint32_t sec = (uint32_t)whole;  /* era 1 after 2036 wraps as the protocol does */
	uint32_t frac = (uint32_t)((ntp - (double)whole) * ERA);
	/* the low bits of the fraction are random (RFC 4330 5: harder to spoof) */
	uint8_t r[2] = { 0, 0 };
	if (getrandom(r, sizeof(r), 0) == sizeof(r)) {
		frac ^= (uint32_t)(r[0] << 8 | r[1]) & 0xFFFF;
	}
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(sec >> (24 - 8 * i));
		p[4 + i] = (uint8_t)(frac >> (24 - 8 * i));
	}
}

int dd_sntp_parse(const uint8_t *pkt, size_t len, const uint8_t origin[8], double origin_unix,
                  dd_sntp_t *out)
{
	if (pkt == NULL || origin == NULL || out == NULL) {
		return DD_EINVAL;
	}
	if (len < NTP_LEN) {
		return DD_EMALFORMED;
	}
	uint8_t li = pkt[0] >> 6, vn = (pkt[0] >> 3) & 7, mode = pkt[0] & 7;
	if (mode != 4 || vn < 3 || vn > 4 || memcmp(pkt + 24, origin, 8) != 0) {
		return DD_EMALFORMED;
	}
	memset(out, 0, sizeof(*out));
	out->stratum = pkt[1];
	if (pkt[1] == 0) {
		/* kiss-o'-death: the reference identifier carries a four-letter code */
		for (int i = 0; i < 4; i++) {
			char ch = (char)pkt[12 + i];
			out->kiss[i] = ch >= 'A' && ch <= 'Z' ? ch : '?';
		}
		return DD_EREFUSED;
	}
	if (li == 3 || pkt[1] > 15) {
		return DD_EMALFORMED;  /* unsynchronized */
	}
	static const uint8_t zero[8] = { 0 };
	if (memcmp(pkt + 40, zero, 8) == 0) {
		return DD_EMALFORMED;
	}
	out->leap = li;
	out->version = vn;
	if (pkt[1] == 1) {
		for (int i = 0; i < 4; i++) {
			char ch = (char)pkt[12 + i];
			out->refid[i] = ch >= 0x20 && ch < 0x7F ? ch : '\0';
		}
	} else {
		snprintf(out->refid, sizeof(out->refid), "%u.%u.%u.%u", pkt[12], pkt[13], pkt[14],
		         pkt[15]);
	}
	out->receive = ts_read(pkt + 32, origin_unix);
	out->transmit = ts_read(pkt + 40, origin_unix);
	return DD_OK;
}

/* ---- one exchange per attempt, over the addresses of the name --------------------------- */

typedef struct sntp_q {
	uv_loop_t loop;
	uv_udp_t udp;
	uv_timer_t timer;
	struct addrinfo *ai, *cur;
	uint16_t port;
	unsigned timeout_ms, tries, sent;
	uint8_t req[NTP_LEN];
	double t1;
	bool done, open;
	int result;
	dd_clock_t *out;
	char *why;
	size_t whylen;
	char addr[64];
	char resp[1024];
} sntp_q_t;

static void next_address(sntp_q_t *q);

static void finish(sntp_q_t *q, int result)
{
	q->done = true;
	q->result = result;
	uv_timer_stop(&q->timer);
	if (q->open) {
		uv_udp_recv_stop(&q->udp);
	}
}

static void on_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *from,
                    unsigned flags)
{
	sntp_q_t *q = h->data;
	(void)flags;
	if (q->done || nread <= 0 || from == NULL) {
		return;
	}
	double t4 = now_unix();
	dd_sntp_t s;
	int r = dd_sntp_parse((const uint8_t *)buf->base, (size_t)nread, q->req + 40, q->t1, &s);
	if (r == DD_EREFUSED) {
		snprintf(q->why, q->whylen, "%s refused to serve the time (kiss-o'-death %s)", q->addr,
		         s.kiss);
		finish(q, DD_EREFUSED);
		return;
	}
	if (r != DD_OK) {
		return;  /* not an answer to our request: keep waiting */
	}
	q->out->sntp = s;
	q->out->offset = ((s.receive - q->t1) + (s.transmit - t4)) / 2;
	q->out->delay = (t4 - q->t1) - (s.transmit - s.receive);
	snprintf(q->out->server, sizeof(q->out->server), "%s", q->addr);
	finish(q, DD_OK);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	sntp_q_t *q = h->data;
	(void)suggested;
	*buf = uv_buf_init(q->resp, sizeof(q->resp));  /* one datagram at a time */
}

static void send_request(sntp_q_t *q)
{
	memset(q->req, 0, sizeof(q->req));
	q->req[0] = 0 << 6 | 4 << 3 | 3;  /* LI 0, VN 4, mode 3 (client) */
	q->t1 = now_unix();
	ts_write(q->req + 40, q->t1);
	uv_buf_t b = uv_buf_init((char *)q->req, NTP_LEN);
	q->sent++;
	(void)uv_udp_try_send(&q->udp, &b, 1, NULL);
}

static void on_timeout(uv_timer_t *t)
{
	sntp_q_t *q = t->data;
	if (q->done) {
		return;
	}
	if (q->sent < q->tries) {
		send_request(q);
		uv_timer_start(&q->timer, on_timeout, q->timeout_ms, 0);
		return;
	}
	next_address(q);
}

static void on_closed(uv_handle_t *h)
{
	sntp_q_t *q = h->data;
	q->open = false;
	if (!q->done) {
		next_address(q);
	}
}

/* Move to the next address of the name (closing the socket of the last one first). */
static void next_address(sntp_q_t *q)
{
	if (q->open) {
		uv_udp_recv_stop(&q->udp);
		if (!uv_is_closing((uv_handle_t *)&q->udp)) {
			uv_close((uv_handle_t *)&q->udp, on_closed);
		}
		return;
	}
	q->cur = q->cur == NULL ? q->ai : q->cur->ai_next;
	while (q->cur != NULL && q->cur->ai_family != AF_INET && q->cur->ai_family != AF_INET6) {
		q->cur = q->cur->ai_next;
	}
	if (q->cur == NULL) {
		if (q->why[0] == '\0' || q->result == DD_ETIMEDOUT) {
			snprintf(q->why, q->whylen, "no NTP answer from %s within %u x %u ms", q->addr,
			         q->tries, q->timeout_ms);
		}
		finish(q, DD_ETIMEDOUT);
		return;
	}
	struct sockaddr_storage sa;
	memcpy(&sa, q->cur->ai_addr, q->cur->ai_addrlen);
	if (sa.ss_family == AF_INET) {
		((struct sockaddr_in *)&sa)->sin_port = htons(q->port);
		uv_ip4_name((struct sockaddr_in *)&sa, q->addr, sizeof(q->addr));
	} else {
		((struct sockaddr_in6 *)&sa)->sin6_port = htons(q->port);
		uv_ip6_name((struct sockaddr_in6 *)&sa, q->addr, sizeof(q->addr));
	}
	q->sent = 0;
	if (uv_udp_init(&q->loop, &q->udp) != 0) {
		finish(q, DD_EIO);
		return;
	}
	q->udp.data = q;
	q->open = true;
	if (uv_udp_connect(&q->udp, (const struct sockaddr *)&sa) != 0 ||
	    uv_udp_recv_start(&q->udp, on_alloc, on_recv) != 0) {
		next_address(q);  /* this address is unusable (no route): the next one */
		return;
	}
	send_request(q);
	uv_timer_start(&q->timer, on_timeout, q->timeout_ms, 0);
}

int dd_clock_query(const char *server, uint16_t port, unsigned timeout_ms, unsigned tries,
                   dd_clock_t *out, char *why, size_t whylen)
{
	char dummy[8];
	if (why == NULL || whylen == 0) {
		why = dummy;
		whylen = sizeof(dummy);
	}
	why[0] = '\0';
	if (server == NULL || server[0] == '\0' || out == NULL) {
		return DD_EINVAL;
	}
	sntp_q_t *q = calloc(1, sizeof(*q));
	if (q == NULL) {
		return DD_ENOMEM;
	}
	q->port = port ? port : 123;
	q->timeout_ms = timeout_ms ? timeout_ms : 1500;
	q->tries = tries ? tries : 2;
	q->out = out;
	q->why = why;
	q->whylen = whylen;
	q->result = DD_ETIMEDOUT;
	snprintf(q->addr, sizeof(q->addr), "%s", server);
	if (uv_loop_init(&q->loop) != 0) {
		free(q);
		return DD_EIO;
	}
	uv_getaddrinfo_t gai;
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM };
	int r = uv_getaddrinfo(&q->loop, &gai, NULL, server, NULL, &hints);
	if (r != 0) {
		snprintf(why, whylen, "cannot resolve NTP server '%s': %s", server, uv_strerror(r));
		uv_loop_close(&q->loop);
		free(q);
		return DD_EIO;
	}
	q->ai = gai.addrinfo;
	uv_timer_init(&q->loop, &q->timer);
	q->timer.data = q;
	next_address(q);
	uv_run(&q->loop, UV_RUN_DEFAULT);
	if (q->open && !uv_is_closing((uv_handle_t *)&q->udp)) {
		uv_close((uv_handle_t *)&q->udp, NULL);
	}
	uv_close((uv_handle_t *)&q->timer, NULL);
	uv_run(&q->loop, UV_RUN_DEFAULT);
	uv_loop_close(&q->loop);
	uv_freeaddrinfo(q->ai);
	int result = q->result;
	free(q);
	return result;
}
