/* SPDX-License-Identifier: MIT
 * timing.c - RFC 7583's intervals (Ipub, Iret, the DS wait): the one copy of the rollover
 * arithmetic, used by preflight's procedures and the monitor's rollover tracking. */

#include "dd/timing.h"

int64_t dd_preflight_ipub(uint32_t dprp, uint32_t ttl_key)
{
	return (int64_t)dprp + ttl_key;
}

int64_t dd_preflight_iret(uint32_t dsgn, uint32_t dprp, uint32_t ttl_sig)
{
	return (int64_t)dsgn + dprp + ttl_sig;
}

int64_t dd_preflight_ds_wait(uint32_t dreg, uint32_t ttl_ds)
{
	return (int64_t)dreg + ttl_ds;
}
