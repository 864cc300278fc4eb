/* SPDX-License-Identifier: MIT
 * fmt.c - internal: times, durations and RR types as text for findings (analysis, check-zone). */

#include <stdio.h>
#include <time.h>

#include "core/fmt.h"
#include "dd/error.h"
#include "dd/text.h"

void dd__time_text(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL || strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
		snprintf(out, 32, "%lld", (long long)t);
	}
}

void dd__duration_text(int64_t s, char out[48])
{
	if (s < 0) {
		s = -s;
	}
	if (s >= 2 * 86400) {
		snprintf(out, 48, "%lld days", (long long)(s / 86400));
	} else if (s >= 2 * 3600) {
		snprintf(out, 48, "%lld hours", (long long)(s / 3600));
	} else if (s >= 120) {
		snprintf(out, 48, "%lld minutes", (long long)(s / 60));
	} else {
		snprintf(out, 48, "%lld seconds", (long long)s);
	}
}

void dd__type_text(uint16_t t, char out[24])
{
	if (dd_type_to_str(t, out, 24) != DD_OK) {
		snprintf(out, 24, "TYPE%u", t);
	}
}
