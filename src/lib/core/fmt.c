/* SPDX-License-Identifier: MIT
 * fmt.c - times, durations and RR types as text for findings (analysis, check-zone), and the
 * one parser of durations as operators write them (dd_duration_parse()). */

#include <ctype.h>
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

static int64_t unit_seconds(char u)
{
	switch (u) {
	case 's': return 1;
	case 'm': return 60;
	case 'h': return 3600;
	case 'd': return 86400;
	case 'w': return 7 * 86400;
	default:  return -1;
	}
}

int dd_duration_parse(const char *text, size_t len, int64_t *out_s)
{
	if (text == NULL || out_s == NULL || len == 0) {
		return DD_EPARSE;
	}
	const char *p = text, *e = text + len;
	int64_t total = 0;
	while (p < e) {
		if (!isdigit((unsigned char)*p)) {
			return DD_EPARSE;
		}
		int64_t v = 0;
		while (p < e && isdigit((unsigned char)*p)) {
			v = v * 10 + (*p++ - '0');
			if (v > DD_DURATION_MAX_S) {
				return DD_EPARSE;
			}
		}
		int64_t u = 1;
		if (p < e) {
			u = unit_seconds(*p++);
			if (u < 0) {
				return DD_EPARSE;
			}
		} else if (total != 0) {
			return DD_EPARSE;  /* "1d5": a bare number after a unit */
		}
		total += v * u;
		if (total > DD_DURATION_MAX_S) {
			return DD_EPARSE;
		}
	}
	*out_s = total;
	return DD_OK;
}
