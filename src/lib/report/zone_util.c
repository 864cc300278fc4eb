/* SPDX-License-Identifier: MIT
 * zone_util.c - what the check-zone reports print (text.c, html_zone.c) computed or worded in
 * one place so that the two reports cannot disagree: the counts, the ZONEMD sentence. */

#include <stdio.h>

#include "dd/finding.h"
#include "zone_int.h"

void dd__zone_totals(const dd_zone_check_t *res, size_t *errors, size_t *warnings,
                     size_t *notices)
{
	*errors = *warnings = *notices = 0;
	for (size_t i = 0; i < res->ncounts; i++) {
		size_t *p = res->counts[i].severity == DD_SEV_ERROR ? errors
		            : res->counts[i].severity == DD_SEV_WARNING ? warnings : notices;
		*p += res->counts[i].count;
	}
}

size_t dd__zone_hidden(const dd_zone_check_t *res, dd_severity_t level)
{
	size_t hid = 0;
	for (size_t i = 0; i < res->ncounts; i++) {
		hid += res->counts[i].severity < level ? res->counts[i].count : 0;
	}
	return hid;
}

size_t dd__zone_not_kept(const dd_zone_check_t *res, size_t i)
{
	size_t kept = 0;
	dd_code_t id = dd_code_of(res->counts[i].code);
	for (size_t j = 0; j < res->nfindings; j++) {
		kept += res->findings[j].id == id;
	}
	return res->counts[i].count > kept ? res->counts[i].count - kept : 0;
}

bool dd__zone_zonemd_text(const dd_zone_check_t *res, char *out, size_t len)
{
	const dd_zone_zonemd_t *zm = &res->zonemd;
	if (zm->status == DD_ZONE_ZONEMD_ABSENT) {
		return false;
	}
	char zmd[160];
	snprintf(zmd, sizeof(zmd), "serial %u, scheme %u (%s), hash algorithm %u (%s)",
	         zm->serial, zm->scheme, dd_zonemd_scheme_name(zm->scheme),
	         zm->hash_algorithm, dd_zonemd_hash_name(zm->hash_algorithm));
	const char *unproven = !res->signed_zone
	                       ? "the zone is not signed"
	                       : "signed only with algorithms this build cannot verify";
	bool ok = zm->status == DD_ZONE_ZONEMD_VERIFIED;
	if (ok && zm->dnssec == DD_STATUS_BOGUS) {
		snprintf(out, len, "the digest matches (%s), but no RRSIG of it validates: RFC 8976 4 "
		         "fails it (see the RRSIG findings)", zmd);
	} else if (ok && zm->dnssec == DD_STATUS_SECURE) {
		snprintf(out, len, "verified, %s; its RRSIG validates", zmd);
	} else if (ok) {
		snprintf(out, len, "verified, %s; %s: a checksum, not proof of origin", zmd, unproven);
	} else if (zm->status == DD_ZONE_ZONEMD_MISMATCH) {
		snprintf(out, len, "verification FAILED (%s): see the ZONEMD findings", zmd);
	} else {
		snprintf(out, len, "not verified: %s, which this check does not implement", zmd);
	}
	return true;
}
