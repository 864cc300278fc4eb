/* SPDX-License-Identifier: MIT
 * zone_util.c - the counts the check-zone reports print (text.c, html_zone.c), computed in one
 * place so that the two reports cannot disagree. */

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
