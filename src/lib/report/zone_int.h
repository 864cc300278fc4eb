/* SPDX-License-Identifier: MIT
 * zone_int.h - the counts the check-zone reports (text, HTML) print, computed once: totals by
 * severity, findings below --level, findings of a code not kept in detail. Internal to report/. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "dd/zone.h"

/** Totals by severity over every finding the check counted (kept in detail or not). */
void dd__zone_totals(const dd_zone_check_t *res, size_t *errors, size_t *warnings,
                     size_t *notices);

/** Findings below @p level (--level), those past the per-code cap too. */
size_t dd__zone_hidden(const dd_zone_check_t *res, dd_severity_t level);

/** Findings of @p res->counts[@p i]'s code that were counted but not kept in detail (the
 *  per-code cap, --max-findings). */
size_t dd__zone_not_kept(const dd_zone_check_t *res, size_t i);

/** What the ZONEMD check found, one sentence after "ZONEMD: " (RFC 8976 4: the digest, its
 *  RRSIG, or why it was not verified). @return false when the zone has no ZONEMD (nothing
 *  written). */
bool dd__zone_zonemd_text(const dd_zone_check_t *res, char *out, size_t len);
