/* SPDX-License-Identifier: MIT
 * addr.h - server addresses as operators write them: dig's "ADDR#PORT", DNSViz's "[V6]:PORT",
 * "NAME=ADDR" and names to resolve, and the "ZONE=SERVER[,SERVER...]" / "ZONE:SERVER[,...]"
 * lists of --server and -x. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dd/dd.h>

/** The most addresses one server name may resolve to, and one list may give. */
#define CLI_ADDRS_MAX 32

/**
 * Parse one address with an optional port: "192.0.2.1", "2001:db8::1", dig's "192.0.2.1#5353"
 * and "2001:db8::1#5353", DNSViz's "[2001:db8::1]", "[2001:db8::1]:5353" and "192.0.2.1:5353".
 * @p out gets the form the library takes: the address, with "#PORT" when the port is not 53
 * (dd_probe_server_t.addr, --resolver). @return 0, or -1 when @p text is none of these.
 */
int cli_parse_addr(const char *text, char out[64]);

/**
 * Split a host with an optional port: "HOST#PORT" (dig), "[IPv6]" and "[IPv6]:PORT", and
 * "HOST:PORT" when HOST has no other ':' (an IPv4 address or a name). @p port gets
 * @p default_port when none is given. @return 0, or -1 (bad port, empty or too long host).
 */
int cli_split_port(const char *text, long default_port, char *host, size_t hostlen, long *port);

/** A list of servers, each an address (with its port) and the name it was given by, if any. */
typedef struct cli_servers {
	char addr[CLI_ADDRS_MAX][64];
	char name[CLI_ADDRS_MAX][256];   /**< "" when given by address alone */
	size_t n;
} cli_servers_t;

/**
 * Parse a comma-separated list of servers and append them to @p out. Each is an address
 * (cli_parse_addr() forms), "NAME=ADDR" (the name only identifies the address, as DNSViz's),
 * or a server NAME with an optional ":PORT" or "#PORT", resolved here with getaddrinfo() to
 * every address of @p family (AF_INET, AF_INET6, or AF_UNSPEC for both).
 * @return 0, or -1 with a one-line reason in @p err ("no address for ns1.example: Name or
 * service not known", "bad address '192.0.2.300'").
 */
int cli_parse_servers(const char *list, int family, cli_servers_t *out, char *err, size_t errlen);

/**
 * Split "ZONE=SERVER[,SERVER...]" (this tool's --server) or, with @p sep ':', DNSViz's
 * "ZONE:SERVER[,SERVER...]" (-x; a final '+' on the zone is refused: ancestors are always
 * asked) into the zone as a wire name and the server list's text.
 * @return 0, or -1 when there is no separator, no zone or no servers, or a bad zone name.
 */
int cli_split_zone(const char *arg, char sep, uint8_t zone[DD_NAME_MAXLEN], const char **servers);
