/* SPDX-License-Identifier: MIT
 * fmt.h - internal: times, durations and RR types as text for findings. Not installed. */
#pragma once

#include <stdint.h>

/** @p t (seconds since the epoch) as "YYYY-MM-DD hh:mm:ss UTC", or the number if it cannot be. */
void dd__time_text(int64_t t, char out[32]);

/** |@p s| seconds as "3 days", "5 hours", "12 minutes" or "40 seconds" (rounded down). */
void dd__duration_text(int64_t s, char out[48]);

/** An RR type mnemonic ("DNSKEY"), or "TYPE<n>" (RFC 3597). */
void dd__type_text(uint16_t t, char out[24]);
