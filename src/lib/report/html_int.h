/* SPDX-License-Identifier: MIT
 * html_int.h - what the HTML reports share (diagnose's incident report, check-zone's report,
 * the monitor dashboard): escaping, the status word, one style sheet, the page's head and end.
 * Internal to report/. */
#pragma once

#include <stdint.h>
#include <stdio.h>

#include "dd/types.h"

/** Write @p s as HTML text or attribute value: & < > " ' escaped (every other octet as is). */
void dd__html_esc(FILE *f, const char *s);

/** Write the presentation form of wire name @p name, escaped. */
void dd__html_esc_name(FILE *f, const uint8_t *name);

/** A DNSSEC status as a word with its class (readable without colour): <span class="st X">. */
void dd__html_status(FILE *f, dd_status_t s);

/** A severity or monitor state word @p word with class @p cls (both static, not escaped). */
void dd__html_badge(FILE *f, const char *cls, const char *word);

/**
 * Open a page: doctype, charset, viewport, the shared style sheet, and <title>@p title (escaped)
 * followed by " — dnssec-doctor"; then "<body>\n".
 */
void dd__html_begin(FILE *f, const char *title);

/** Close a page opened by dd__html_begin(). */
void dd__html_end(FILE *f);

/** Seconds since the epoch as "YYYY-MM-DD HH:MM:SS UTC", escaped as it needs no escaping. */
void dd__html_time(FILE *f, int64_t t);

/** qsort() order of dd_mon_result_t pointers, worst first: CRITICAL, WARNING, UNKNOWN, OK, then
 *  the earliest expiry, then the name (report/monitor.c; the text table and the dashboard). */
int dd__mon_worst_first(const void *a, const void *b);
