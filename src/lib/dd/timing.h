/* SPDX-License-Identifier: MIT
 * timing.h - RFC 7583's timing of key rollovers: the intervals between the steps of a roll
 * (Ipub, Iret, the DS wait) and the default delays, shared by preflight (what a change will
 * do) and the monitor (which step of a roll under way may come next, and when). */

/**
 * @file
 * Pure arithmetic on seconds: no I/O, no state. Implemented in validate/timing.c, the one copy
 * every command uses; times are seconds, results int64_t so that no sum of two 32-bit TTLs
 * overflows.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <dd/types.h>

/** Registry publication delay by default: from the DS change at the registrar to the new DS
 *  set served by every parent server (RFC 7583 3.3.1 Dreg + DprpP), seconds. */
#define DD_PREFLIGHT_DREG_DEFAULT 3600
/** Zone propagation delay by default: from the change at the primary to every secondary
 *  serving it (RFC 7583 2.1 Dprp), seconds. */
#define DD_PREFLIGHT_DPRP_DEFAULT 300

/** RFC 7583 timing parameters; zero-initialise, then set what you know. */
typedef struct dd_preflight_timing {
	uint32_t dprp;           /**< Dprp; 0 with dprp_set false takes DD_PREFLIGHT_DPRP_DEFAULT */
	bool dprp_set;
	uint32_t dreg;           /**< Dreg + DprpP; likewise DD_PREFLIGHT_DREG_DEFAULT */
	bool dreg_set;
} dd_preflight_timing_t;

/** RFC 7583 3.2.1: the pre-publication interval of a key, Ipub = Dprp + TTLkey, seconds. */
DD_API int64_t dd_preflight_ipub(uint32_t dprp, uint32_t ttl_key);
/** RFC 7583 3.2.1: the retire interval of a key's signatures, Iret = Dsgn + Dprp + TTLsig. */
DD_API int64_t dd_preflight_iret(uint32_t dsgn, uint32_t dprp, uint32_t ttl_sig);
/** RFC 7583 3.3.1 (double-DS): until the new DS set is in every cache after it was submitted,
 *  Dreg + DprpP + TTLds (@p dreg includes DprpP). */
DD_API int64_t dd_preflight_ds_wait(uint32_t dreg, uint32_t ttl_ds);

