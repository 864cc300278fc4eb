/* SPDX-License-Identifier: MIT
 * zonemd.h - internal to zone/: check-zone's ZONEMD (RFC 8976), two steps of the driver in
 * check.c. Not installed. */
#pragma once

#include "zone/zctx.h"

/**
 * Check the apex ZONEMD RRset: each record's form, its serial against the SOA's, repeated
 * scheme and hash algorithm pairs, and the SIMPLE digest (SHA-384, SHA-512) computed over the
 * store in canonical order (RFC 8976 3.3, 4). Fills c->res->zonemd (except its dnssec
 * verdict) and reports ZONEMD_* findings. Runs on the calling thread, reads the store only
 * (the workers may verify meanwhile). Computes nothing when the apex has no ZONEMD. On
 * DD_ENOMEM or a crypto failure sets c->err.
 * @rfc RFC 8976 3.3, 3.4, 4
 */
void dd__z_zonemd_check(dd__zctx_t *c);

/**
 * After the signatures are aggregated: whether the apex ZONEMD RRset validates (its verdict
 * from the jobs' outcomes by the validation core, as every RRset's), into
 * c->res->zonemd.dnssec. The findings of a bad signature are the core's, already made.
 * @rfc RFC 8976 4 (steps 1-2)
 */
void dd__z_zonemd_dnssec(dd__zctx_t *c);
