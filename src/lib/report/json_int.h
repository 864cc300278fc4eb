/* SPDX-License-Identifier: MIT
 * json_int.h - internal: JSON values for names, types and times, shared by the reports.
 * Not installed. */
#pragma once

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/** A domain name as a JSON string ("example.com."), or null if it cannot be written. New ref. */
json_t *dd__jname(const uint8_t *name);

/** An RR type mnemonic as a JSON string, or its number. New reference. */
json_t *dd__jtype(uint16_t t);

/** @p t (seconds since the epoch) as an RFC 3339 UTC string, or null for 0. New reference. */
json_t *dd__jtime(int64_t t);

/** Write the report @p o (taken over, freed; NULL: out of memory) into @p out indented by two,
 *  keys in insertion order, with a final newline. @return DD_OK, DD_ENOMEM, DD_EIO. */
int dd__jdump(FILE *out, json_t *o);

struct dd_zone_check;
struct dd_report_opts;
struct dd_preflight;

/** check-zone's JSON report as an object (dd_report_zone_json() writes it). New reference,
 *  NULL when out of memory. */
json_t *dd__report_zone_obj(const struct dd_zone_check *res, const struct dd_report_opts *opts);

/** The transition report as an object (dd_report_preflight_json()); @p current_ds_assumed is
 *  added as such when not NULL or empty. New reference, NULL when out of memory. */
json_t *dd__report_preflight_obj(const struct dd_preflight *r, const char *current_ds_assumed);
