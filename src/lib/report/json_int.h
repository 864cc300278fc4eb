/* SPDX-License-Identifier: MIT
 * json_int.h - internal: JSON values for names, types and times, shared by the reports.
 * Not installed. */
#pragma once

#include <stdint.h>

#include <jansson.h>

/** A domain name as a JSON string ("example.com."), or null if it cannot be written. New ref. */
json_t *dd__jname(const uint8_t *name);

/** An RR type mnemonic as a JSON string, or its number. New reference. */
json_t *dd__jtype(uint16_t t);

/** @p t (seconds since the epoch) as an RFC 3339 UTC string, or null for 0. New reference. */
json_t *dd__jtime(int64_t t);
