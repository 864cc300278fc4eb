/* SPDX-License-Identifier: MIT
 * clock.h - the local clock against an NTP server: SNTP (RFC 4330) over libuv. */

/**
 * @file
 * A validator judges RRSIG windows by its own clock (RFC 4035 5.3.1): a clock that is fast
 * sees signatures expired early, one that is slow sees new signatures not yet valid.
 * dd_clock_query() measures the local clock's offset from an NTP server with one SNTP
 * exchange per attempt; dd_sntp_parse() checks and reads one server response and is what the
 * fuzzer exercises.
 */
#pragma once

#include <dd/types.h>

/** One server response (RFC 4330 4), times as seconds since the Unix epoch. */
typedef struct dd_sntp {
	uint8_t leap;          /**< LI: 0-2, 3 is "unsynchronized" (rejected) */
	uint8_t version;       /**< VN: 3 or 4 */
	uint8_t stratum;       /**< 1-15 (0, a kiss-o'-death, is rejected with its code in kiss) */
	char refid[16];        /**< reference identifier: a source code (stratum 1) or address */
	char kiss[5];          /**< the kiss code ("RATE", "DENY") when the server sent one */
	double receive;        /**< T2: when the server received the request */
	double transmit;       /**< T3: when it sent the response */
} dd_sntp_t;

/** The outcome of dd_clock_query(). */
typedef struct dd_clock {
	char server[64];       /**< the address that answered */
	double offset;         /**< seconds to add to the local clock to match the server */
	double delay;          /**< round-trip delay, seconds */
	dd_sntp_t sntp;        /**< the server's response */
} dd_clock_t;

/**
 * Parse and check an SNTP response: server mode, version 3 or 4, leap indicator not 3,
 * stratum 1-15, non-zero transmit time, and an Originate Timestamp equal to the request's
 * Transmit Timestamp @p origin (8 octets as sent), which defeats stale or spoofed answers.
 * Timestamps are read in the NTP era that puts them within 68 years of the origin (RFC 4330 3).
 * @param origin_unix  the request's transmit time, seconds since the Unix epoch.
 * @param[out] out  written on DD_OK; on DD_EREFUSED only @c kiss and @c stratum are set.
 * @return DD_OK, DD_EMALFORMED (short, wrong mode/version/origin, unsynchronized),
 *         DD_EREFUSED (a kiss-o'-death).
 * @rfc RFC 4330 4, 5
 */
DD_API int dd_sntp_parse(const uint8_t *pkt, size_t len, const uint8_t origin[8],
                         double origin_unix, dd_sntp_t *out);

/**
 * Ask @p server (an address or a host name, resolved here) on @p port (default 123 when 0)
 * for the time, @p tries attempts of @p timeout_ms milliseconds each per address, and compute
 * the offset ((T2 - T1) + (T3 - T4)) / 2 and delay (T4 - T1) - (T3 - T2) (RFC 4330 5).
 * @param[out] out  written on DD_OK.
 * @param why  a sentence on failure (which server, what went wrong), @p whylen octets.
 * @return DD_OK, DD_EINVAL (bad arguments), DD_ETIMEDOUT (no valid answer from any address),
 *         DD_EREFUSED (the server sent a kiss-o'-death), DD_EIO (name resolution or socket).
 */
DD_API int dd_clock_query(const char *server, uint16_t port, unsigned timeout_ms, unsigned tries,
                          dd_clock_t *out, char *why, size_t whylen);
