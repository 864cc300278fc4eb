/* SPDX-License-Identifier: MIT
 * sink.c - the validation core's findings: formatted once, handed to the caller's sink (the
 * analysis merges them per zone and server, check-zone counts them per code). */

#include <stdio.h>
#include <string.h>

#include "validate/validate.h"

void dd__vemit(const dd__vsink_t *sink, const char *code, dd_severity_t sev, const uint8_t *owner,
               uint16_t rrtype, uint16_t tag, uint8_t alg, int64_t when, const char *fmt, ...)
{
	if (sink == NULL || sink->emit == NULL) {
		return;
	}
	dd__vfind_t f = { .code = code, .severity = sev, .owner = owner, .rrtype = rrtype,
		          .key_tag = tag, .algorithm = alg, .when = when };
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f.detail, sizeof(f.detail), fmt, ap);
	va_end(ap);
	sink->emit(sink->ctx, &f);
}
