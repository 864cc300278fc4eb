/* SPDX-License-Identifier: MIT
 * time.c - the RRSIG time fields: a 32-bit serial near a reference instant (RFC 4034 3.1.5,
 * RFC 1982 3.2), used by every stage that turns an inception or expiration into a date. */

#include "validate/validate.h"

int64_t dd__time_near(uint32_t t, int64_t at)
{
	/* the signed 32-bit difference orders two serials less than 2^31 apart */
	return at + (int32_t)(t - (uint32_t)at);
}
