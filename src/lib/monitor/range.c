/* SPDX-License-Identifier: MIT
 * range.c - threshold ranges of the Monitoring Plugins development guidelines ("10", "10:",
 * "~:10", "10:20", "@10:20") over seconds, for the monitor's -w/-c and its performance data. */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/monitor.h"
#include "dd/text.h"

/* One end of a range, [p, e): "-90", "604800", "7d", "1d12h". */
static int parse_end(const char *p, const char *e, int64_t *out)
{
	bool neg = p < e && *p == '-';
	p += neg;
	if (p == e) {
		return DD_EPARSE;
	}
	int64_t total;
	if (dd_duration_parse(p, (size_t)(e - p), &total) != DD_OK) {
		return DD_EPARSE;
	}
	*out = neg ? -total : total;
	return DD_OK;
}

int dd_mon_range_parse(const char *text, dd_mon_range_t *out)
{
	if (text == NULL || out == NULL) {
		return DD_EINVAL;
	}
	dd_mon_range_t r = { .set = true };
	const char *p = text;
	if (*p == '@') {
		r.inside = true;
		p++;
	}
	const char *colon = strchr(p, ':');
	const char *end = p + strlen(p);
	if (colon == NULL) {
		/* the one exception (see the header): a lone value alerts within it */
		if (r.inside || parse_end(p, end, &r.start) != DD_OK) {
			return DD_EPARSE;
		}
		r.end_inf = true;
		*out = r;
		return DD_OK;
	}
	if (strchr(colon + 1, ':') != NULL) {
		return DD_EPARSE;
	}
	if (colon == p) {
		r.start = 0;  /* ":10" is "0:10" */
	} else if (colon - p == 1 && *p == '~') {
		r.start_inf = true;
	} else if (parse_end(p, colon, &r.start) != DD_OK) {
		return DD_EPARSE;
	}
	if (colon + 1 == end) {
		r.end_inf = true;
	} else if (parse_end(colon + 1, end, &r.end) != DD_OK) {
		return DD_EPARSE;
	}
	if (!r.start_inf && !r.end_inf && r.start > r.end) {
		return DD_EPARSE;
	}
	*out = r;
	return DD_OK;
}

bool dd_mon_range_alerts(const dd_mon_range_t *r, int64_t value)
{
	if (r == NULL || !r->set) {
		return false;
	}
	bool in = (r->start_inf || value >= r->start) && (r->end_inf || value <= r->end);
	return r->inside ? in : !in;
}

int dd_mon_range_text(const dd_mon_range_t *r, char *buf, size_t size)
{
	if (buf == NULL || size == 0) {
		return 0;
	}
	if (r == NULL || !r->set) {
		buf[0] = '\0';
		return 0;
	}
	char lo[24] = "~", hi[24] = "";
	if (!r->start_inf) {
		snprintf(lo, sizeof(lo), "%" PRId64, r->start);
	}
	if (!r->end_inf) {
		snprintf(hi, sizeof(hi), "%" PRId64, r->end);
	}
	return snprintf(buf, size, "%s%s:%s", r->inside ? "@" : "", lo, hi);
}

dd_mon_range_t dd_mon_threshold_range(const dd_mon_thresholds_t *th, bool critical)
{
	const dd_mon_range_t *given = critical ? &th->crit_range : &th->warn_range;
	if (given->set) {
		return *given;
	}
	return (dd_mon_range_t){ .start = critical ? th->crit : th->warn, .end_inf = true,
	                         .set = true };
}
