/* SPDX-License-Identifier: MIT
 * addr.c - server addresses as operators write them (dig's ADDR#PORT, DNSViz's [V6]:PORT and
 * NAME=ADDR, names resolved with getaddrinfo()), and the zone-and-servers lists of --server
 * and -x. */

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"

/* "5353" -> 5353; -1 unless 1-65535 and nothing else. */
static long port_of(const char *p)
{
	char *end;
	errno = 0;
	long v = strtol(p, &end, 10);
	if (errno != 0 || end == p || *end != '\0' || p[0] == '-' || p[0] == '+' || v < 1 ||
	    v > 65535) {
		return -1;
	}
	return v;
}

static bool numeric(const char *a)
{
	unsigned char buf[16];
	return inet_pton(AF_INET, a, buf) == 1 || inet_pton(AF_INET6, a, buf) == 1;
}

int cli_split_port(const char *text, long default_port, char *host, size_t hostlen, long *port)
{
	const char *hash = strchr(text, '#'), *h = text, *p = NULL;
	size_t len = strlen(text);
	*port = default_port;
	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		if (close == NULL || hash != NULL || (close[1] != '\0' && close[1] != ':')) {
			return -1;
		}
		h = text + 1;
		len = (size_t)(close - h);
		p = close[1] == ':' ? close + 2 : NULL;
	} else if (hash != NULL) {
		len = (size_t)(hash - text);
		p = hash + 1;
	} else {
		const char *colon = strchr(text, ':');
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			len = (size_t)(colon - text);
			p = colon + 1;
		}
	}
	if (len == 0 || len >= hostlen || (p != NULL && (*port = port_of(p)) < 0)) {
		return -1;
	}
	memcpy(host, h, len);
	host[len] = '\0';
	return 0;
}

/* The library's form of @p host (numeric) and @p port. */
static void addr_text(const char *host, long port, char out[64])
{
	if (port == 53) {
		snprintf(out, 64, "%s", host);
	} else {
		snprintf(out, 64, "%s#%ld", host, port);
	}
}

int cli_parse_addr(const char *text, char out[64])
{
	char host[64];
	long port;
	if (text == NULL || cli_split_port(text, 53, host, sizeof(host), &port) != 0 || !numeric(host)) {
		return -1;
	}
	/* an IPv6 address with a port is bracketed or uses '#': "2001:db8::1:53" is an address */
	addr_text(host, port, out);
	return 0;
}

static int add(cli_servers_t *out, const char *name, const char *addr, char *err, size_t errlen)
{
	for (size_t i = 0; i < out->n; i++) {
		if (strcmp(out->addr[i], addr) == 0) {
			return 0;  /* the same address twice: asked once */
		}
	}
	if (out->n == CLI_ADDRS_MAX) {
		snprintf(err, errlen, "more than %d server addresses", CLI_ADDRS_MAX);
		return -1;
	}
	snprintf(out->addr[out->n], sizeof(out->addr[0]), "%s", addr);
	snprintf(out->name[out->n], sizeof(out->name[0]), "%s", name);
	out->n++;
	return 0;
}

/* A server name: every address getaddrinfo() gives for it. */
static int resolve(const char *name, long port, int family, cli_servers_t *out, char *err,
                   size_t errlen)
{
	struct addrinfo hints = { .ai_family = family, .ai_socktype = SOCK_DGRAM }, *res = NULL;
	uint8_t wire[DD_NAME_MAXLEN];
	if (dd_name_from_str(name, wire) < 0) {
		snprintf(err, errlen, "bad server '%s' (an address or a host name)", name);
		return -1;
	}
	int g = getaddrinfo(name, NULL, &hints, &res);
	if (g != 0) {
		snprintf(err, errlen, "no address for %s: %s", name, gai_strerror(g));
		return -1;
	}
	int rc = 0;
	for (struct addrinfo *ai = res; ai != NULL && rc == 0; ai = ai->ai_next) {
		char host[64], a[64];
		const void *src = ai->ai_family == AF_INET
		                  ? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
		                  : (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
		    inet_ntop(ai->ai_family, src, host, sizeof(host)) == NULL) {
			continue;
		}
		addr_text(host, port, a);
		rc = add(out, name, a, err, errlen);
	}
	freeaddrinfo(res);
	return rc;
}

static int one_server(const char *s, int family, cli_servers_t *out, char *err, size_t errlen)
{
	const char *eq = strchr(s, '=');
	char a[64];
	if (eq != NULL) {
		/* NAME=ADDR: the name identifies the address (DNSViz) */
		char name[256];
		uint8_t wire[DD_NAME_MAXLEN];
		size_t len = (size_t)(eq - s);
		if (len == 0 || len >= sizeof(name)) {
			snprintf(err, errlen, "bad server '%s' (NAME=ADDRESS)", s);
			return -1;
		}
		memcpy(name, s, len);
		name[len] = '\0';
		if (dd_name_from_str(name, wire) < 0) {
			snprintf(err, errlen, "bad server name '%s'", name);
			return -1;
		}
		if (cli_parse_addr(eq + 1, a) != 0) {
			snprintf(err, errlen, "bad address '%s' (IPv4, IPv6, ADDR#PORT, [IPv6]:PORT)",
			         eq + 1);
			return -1;
		}
		return add(out, name, a, err, errlen);
	}
	if (cli_parse_addr(s, a) == 0) {
		return add(out, "", a, err, errlen);
	}
	char host[256];
	long port;
	if (cli_split_port(s, 53, host, sizeof(host), &port) != 0) {
		snprintf(err, errlen, "bad server '%s' (an address, ADDR#PORT, [IPv6]:PORT, a name, "
		         "or NAME=ADDRESS)", s);
		return -1;
	}
	if (numeric(host) || strspn(host, "0123456789.") == strlen(host)) {
		snprintf(err, errlen, "bad address '%s'", s);
		return -1;
	}
	return resolve(host, port, family, out, err, errlen);
}

int cli_parse_servers(const char *list, int family, cli_servers_t *out, char *err, size_t errlen)
{
	if (list == NULL || list[0] == '\0') {
		snprintf(err, errlen, "no server given");
		return -1;
	}
	const char *p = list;
	while (true) {
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		char one[512];
		if (len == 0 || len >= sizeof(one)) {
			snprintf(err, errlen, "bad server list '%s'", list);
			return -1;
		}
		memcpy(one, p, len);
		one[len] = '\0';
		if (one_server(one, family, out, err, errlen) != 0) {
			return -1;
		}
		if (comma == NULL) {
			return 0;
		}
		p = comma + 1;
	}
}

int cli_split_zone(const char *arg, char sep, uint8_t zone[DD_NAME_MAXLEN], const char **servers)
{
	const char *s = strchr(arg, sep);
	char z[1024];
	if (s == NULL || s == arg || s[1] == '\0' || (size_t)(s - arg) >= sizeof(z)) {
		return -1;
	}
	memcpy(z, arg, (size_t)(s - arg));
	z[s - arg] = '\0';
	if (z[strlen(z) - 1] == '+' || dd_name_from_str(z, zone) < 0) {
		return -1;
	}
	*servers = s + 1;
	return 0;
}
