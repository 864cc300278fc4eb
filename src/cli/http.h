/* SPDX-License-Identifier: MIT
 * http.h - the monitor's HTTP endpoints (libmicrohttpd): /metrics, and the dashboard's / and
 * /zone/NAME; where it listens, its limits, and the exposition it serves. */
#pragma once

#include <stddef.h>

#include "dashboard.h"

typedef struct cli_http cli_http_t;

/**
 * Start serving /metrics, and with @p dash (borrowed, outliving the server; NULL: none) the
 * dashboard at / and /zone/NAME, as --listen @p spec says: "PORT" or ":PORT" binds the loopback
 * addresses (127.0.0.1, and ::1 where the system has IPv6), "ADDRESS:PORT" or "[IPv6]:PORT"
 * that address only; all interfaces only when the address says so (0.0.0.0:PORT, [::]:PORT).
 * Until cli_http_publish() is first called, /metrics answers 503.
 * @param[out] out  the server (cli_http_stop()), written only on success.
 * @param[out] err  why, on failure (@p errlen octets).
 * @return 0, -1 for a @p spec that is not an address and port, -2 when it cannot listen.
 */
int cli_http_start(const char *spec, cli_dash_t *dash, cli_http_t **out, char *err,
                   size_t errlen);

/** Check @p spec as cli_http_start() reads it. @return 0 or -1. */
int cli_http_check(const char *spec);

/** Serve @p text (@p len octets, taken over: free()d by the server) from now on. */
void cli_http_publish(cli_http_t *h, char *text, size_t len);

/** Stop serving and free; NULL is a no-op. */
void cli_http_stop(cli_http_t *h);
