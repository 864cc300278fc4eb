/* SPDX-License-Identifier: MIT
 * http.c - the monitor's HTTP endpoints (libmicrohttpd): /metrics, the last run's Prometheus
 * exposition behind a lock, and the dashboard's / and /zone/NAME (pages from dashboard.c);
 * the --listen address (loopback unless an address says otherwise) and the limits that keep
 * slow or many clients from taking it offline. Read-only: GET and HEAD only. */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "dashboard.h"
#include "http.h"

/* The limits, set explicitly (libmicrohttpd's defaults are FD_SETSIZE - 4 connections, no
 * per-address limit and no timeout: about 1,000 clients that connect and send nothing took
 * /metrics offline for as long as they stayed, issue 22):
 * - CONN_LIMIT: connections at once over all clients. A scrape is one short request; a few
 *   Prometheus servers, a curl and a health check need a handful. 256 leaves room for many
 *   scrapers and keeps far below the process's 1,024 descriptors (the probe needs its own).
 * - PER_IP_LIMIT: connections at once from one address. 16 covers several scrapers behind one
 *   NAT or proxy; one host that opens more is refused at once (the connection is closed), so it
 *   cannot hold more than 16 of the 256 places, and a scraper from another address still gets
 *   in.
 * - TIMEOUT_S: a connection idle this long is closed (libmicrohttpd counts from the last octet
 *   received or sent). A scraper sends its request at once and reads the answer as it comes;
 *   5 s frees the places of clients that connect and wait or stall.
 * - MEMORY_LIMIT: the buffer per connection for the request (headers only: no body is read).
 * - PAGE_MAX: the largest dashboard page served (octets). The builders bound theirs already
 *   (the front page at CLI_DASH_ROWS_MAX zones, a zone page at a CLI_DASH_REPORT_MAX report and
 *   CLI_DASH_EVENTS_MAX events, about 1.3 MiB at most); this is the backstop: a larger page is
 *   not sent (500), so that 256 connections never hold more than 256 times this. */
enum {
	CONN_LIMIT = 256,
	PER_IP_LIMIT = 16,
	TIMEOUT_S = 5,
	MEMORY_LIMIT = 32 * 1024,
	PAGE_MAX = 4 * 1024 * 1024,
};

struct cli_http {
	struct MHD_Daemon *d[2];  /* 127.0.0.1 and ::1, or the one address given */
	pthread_mutex_t lock;
	char *text;               /* the last run's exposition, NULL before the first */
	size_t len;
	cli_dash_t *dash;         /* the dashboard's data, borrowed; NULL: /metrics only */
};

/* libmicrohttpd's messages ("connection limit reached", per client), at most one in 10 s:
 * a flood of clients must not become a flood of log lines. */
static atomic_llong last_log;

__attribute__((format(printf, 2, 0)))
static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	long long now = (long long)time(NULL), prev = atomic_load(&last_log);
	if (now - prev < 10 || !atomic_compare_exchange_strong(&last_log, &prev, now)) {
		return;
	}
	char msg[256];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	fprintf(stderr, "dnssec-doctor: monitor: http: %s (more such messages within 10 s are not "
	        "shown)\n", msg);
}

static struct MHD_Response *text_response(const char *msg)
{
	return MHD_create_response_from_buffer(strlen(msg), (void *)msg, MHD_RESPMEM_PERSISTENT);
}

/* A dashboard page: "/" or "/zone/NAME" (@p url decoded by libmicrohttpd), or NULL when @p url
 * is neither. */
static struct MHD_Response *page(cli_dash_t *dash, const char *url, unsigned *code)
{
	bool index = strcmp(url, "/") == 0;
	if (!index && strncmp(url, "/zone/", 6) != 0) {
		return NULL;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (m == NULL) {
		*code = MHD_HTTP_INTERNAL_SERVER_ERROR;
		return text_response("out of memory\n");
	}
	*code = index ? cli_dash_index(dash, m) : cli_dash_zone(dash, url + 6, m);
	if (fclose(m) != 0 || *code == MHD_HTTP_INTERNAL_SERVER_ERROR || len > PAGE_MAX) {
		free(buf);
		*code = MHD_HTTP_INTERNAL_SERVER_ERROR;
		return text_response("the page could not be made\n");
	}
	if (*code == MHD_HTTP_SERVICE_UNAVAILABLE) {
		free(buf);
		return text_response("the first check is still running\n");
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(buf);
		return NULL;
	}
	MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
	/* our pages run no script and fetch nothing; say so to the browser too */
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	return resp;
}

static enum MHD_Result serve(void *cls, struct MHD_Connection *conn, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **con_cls)
{
	(void)version;
	(void)upload;
	(void)upload_size;
	(void)con_cls;
	cli_http_t *h = cls;
	unsigned code = MHD_HTTP_OK;
	struct MHD_Response *resp;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		code = MHD_HTTP_METHOD_NOT_ALLOWED;
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	} else if (strcmp(url, "/metrics") == 0) {
		pthread_mutex_lock(&h->lock);
		if (h->text == NULL) {
			code = MHD_HTTP_SERVICE_UNAVAILABLE;
			resp = text_response("the first check is still running\n");
		} else {
			resp = MHD_create_response_from_buffer(h->len, h->text, MHD_RESPMEM_MUST_COPY);
			if (resp != NULL) {
				MHD_add_response_header(resp, "Content-Type",
				                        "text/plain; version=0.0.4; charset=utf-8");
			}
		}
		pthread_mutex_unlock(&h->lock);
	} else if (h->dash == NULL || (resp = page(h->dash, url, &code)) == NULL) {
		code = MHD_HTTP_NOT_FOUND;
		resp = text_response(h->dash != NULL ? "not found: the dashboard is at /, the metrics "
		                     "at /metrics\n" : "not found: the metrics are at /metrics\n");
	}
	if (resp == NULL) {
		return MHD_NO;
	}
	enum MHD_Result ret = MHD_queue_response(conn, code, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* "PORT", ":PORT", "ADDRESS:PORT", "[IPv6]:PORT" -> the port and the address text ("" for
 * loopback). @return 0 or -1. */
static int parse(const char *spec, char *host, size_t hostlen, uint16_t *port)
{
	const char *colon = strrchr(spec, ':');
	const char *ptext = colon ? colon + 1 : spec;
	size_t hl = colon ? (size_t)(colon - spec) : 0;
	if (hl >= hostlen || ptext[0] < '0' || ptext[0] > '9') {
		return -1;
	}
	char *end = NULL;
	errno = 0;
	long p = strtol(ptext, &end, 10);
	if (errno != 0 || *end != '\0' || p < 1 || p > 65535) {
		return -1;
	}
	memcpy(host, spec, hl);
	host[hl] = '\0';
	if (hl > 0 && host[0] == '[') {
		if (hl < 3 || host[hl - 1] != ']') {
			return -1;
		}
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
		struct in6_addr a6;
		if (inet_pton(AF_INET6, host, &a6) != 1) {
			return -1;
		}
	} else if (hl > 0) {
		struct in_addr a4;
		if (inet_pton(AF_INET, host, &a4) != 1) {
			return -1;
		}
	}
	*port = (uint16_t)p;
	return 0;
}

int cli_http_check(const char *spec)
{
	char host[64];
	uint16_t port;
	return parse(spec, host, sizeof(host), &port);
}

static struct MHD_Daemon *start(cli_http_t *h, const struct sockaddr_storage *ss, bool dual)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	if (ss->ss_family == AF_INET6) {
		flags |= dual ? MHD_USE_DUAL_STACK : MHD_USE_IPv6;
	}
	/* the logger first: libmicrohttpd logs options after it through its own logger */
	return MHD_start_daemon(flags, 0, NULL, NULL, serve, h,
	                        MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
	                        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss,
	                        MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
	                        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP_LIMIT,
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)TIMEOUT_S,
	                        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_LIMIT,
	                        MHD_OPTION_END);
}

/* Whether this system can bind ::1 at all (no IPv6, or IPv6 off on loopback: skip it). */
static bool have_ipv6_loopback(void)
{
	int fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd < 0) {
		return false;
	}
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	bool ok = bind(fd, (struct sockaddr *)&s6, sizeof(s6)) == 0;
	close(fd);
	return ok;
}

int cli_http_start(const char *spec, cli_dash_t *dash, cli_http_t **out, char *err,
                   size_t errlen)
{
	char host[64];
	uint16_t port;
	if (parse(spec, host, sizeof(host), &port) != 0) {
		snprintf(err, errlen, "bad --listen '%s' (PORT, ADDRESS:PORT or [IPv6]:PORT)", spec);
		return -1;
	}
	cli_http_t *h = calloc(1, sizeof(*h));
	if (h == NULL) {
		snprintf(err, errlen, "out of memory");
		return -2;
	}
	pthread_mutex_init(&h->lock, NULL);
	h->dash = dash;
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	int saved = 0;
	if (host[0] == '\0') {
		/* loopback: 127.0.0.1, and ::1 where the system has it */
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		h->d[0] = start(h, &ss, false);
		saved = errno;
		if (h->d[0] != NULL) {
			memset(&ss, 0, sizeof(ss));
			s6->sin6_family = AF_INET6;
			s6->sin6_port = htons(port);
			s6->sin6_addr = in6addr_loopback;
			h->d[1] = start(h, &ss, false);
			saved = errno;
			if (h->d[1] == NULL && !have_ipv6_loopback()) {
				saved = 0;  /* no IPv6 loopback here: 127.0.0.1 alone */
			} else if (h->d[1] == NULL) {
				MHD_stop_daemon(h->d[0]);
				h->d[0] = NULL;
			}
		}
	} else if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		h->d[0] = start(h, &ss, false);
		saved = errno;
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		/* [::] means every interface: IPv4 too */
		h->d[0] = start(h, &ss, IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr));
		saved = errno;
	}
	if (h->d[0] == NULL) {
		snprintf(err, errlen, "cannot listen on %s: %s", spec,
		         saved ? strerror(saved) : "libmicrohttpd refused");
		cli_http_stop(h);
		return -2;
	}
	*out = h;
	return 0;
}

void cli_http_publish(cli_http_t *h, char *text, size_t len)
{
	if (h == NULL) {
		free(text);
		return;
	}
	pthread_mutex_lock(&h->lock);
	free(h->text);
	h->text = text;
	h->len = len;
	pthread_mutex_unlock(&h->lock);
}

void cli_http_stop(cli_http_t *h)
{
	if (h == NULL) {
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (h->d[i] != NULL) {
			MHD_stop_daemon(h->d[i]);
		}
	}
	free(h->text);
	pthread_mutex_destroy(&h->lock);
	free(h);
}
