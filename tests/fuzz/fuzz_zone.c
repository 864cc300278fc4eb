/* SPDX-License-Identifier: MIT
 * fuzz_zone.c - zone-file text into check-zone: the reader, the canonical store, the chain and
 * structure checks and signature verification, on one thread and on two. Input: zone text. */

#include <string.h>

#include <dd/dd.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16) {
		return 0;
	}
	/* RFC 4035 App. A's validity; the first input octet picks origin and thread count */
	unsigned mode = size > 0 ? data[0] : 0;
	dd_zone_check_opts_t o = {
		.origin = (mode & 1) ? "example." : NULL,
		.at = 1082505600,
		.expire_warn = 7 * 86400,
		.threads = (mode & 2) ? 2 : 1,
		.max_findings_per_code = 4,
	};
	dd_zone_check_t *res = NULL;
	dd_zonefile_error_t err;
	if (dd_zone_check_string((const char *)data, size, &o, &res, &err) == DD_OK) {
		size_t total = 0;
		for (size_t i = 0; i < res->ncounts; i++) {
			total += res->counts[i].count;
		}
		if (res->nfindings > total || res->verifications > 8 * res->signatures + 8) {
			__builtin_trap();  /* kept findings are counted; tries are bounded */
		}
		FILE *devnull = fopen("/dev/null", "w");
		if (devnull != NULL) {
			(void)dd_report_zone_text(devnull, res, NULL);
			(void)dd_report_zone_json(devnull, res, NULL);
			fclose(devnull);
		}
		(void)dd_zone_check_exit(res);
		dd_zone_check_free(res);
	}
	return 0;
}
