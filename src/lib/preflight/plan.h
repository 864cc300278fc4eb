/* SPDX-License-Identifier: MIT
 * plan.h - internal to preflight/: the states a procedure passes through, the procedures tried,
 * the kind of a change, its timing (RFC 7583) and the wording of its steps. Not installed. */
#pragma once

#include "dd/preflight.h"
#include "preflight/pf.h"

/* The DS sets a procedure may publish. */
enum { DD__PF_DS_OLD = 0, DD__PF_DS_NEW, DD__PF_DS_BOTH, DD__PF_DS_NONE, DD__PF_DS_COUNT };

/* One state: a DS set and a zone (0 current, 1 proposed). */
typedef struct dd__pfstate {
	int ds;
	int zone;
} dd__pfstate_t;

#define DD__PF_PROCS 5

/* A procedure: the states from the current one to the proposed one. */
typedef struct dd__pfproc {
	const char *name;        /* "double-DS", ... */
	dd__pfstate_t st[4];
	size_t n;
	/* filled by the judge: when each state may be published, and what each step changes */
	int64_t t[4];
	bool ds_changes[4], zone_changes[4];
} dd__pfproc_t;

/* The procedures tried, in order of preference; @return how many. */
size_t dd__pf_procedures(dd__pfproc_t *out, size_t cap);
/* Fill the TTLs and timing of @p res. */
void dd__pf_plan_init(dd_preflight_t *res, const dd_preflight_timing_t *t, uint32_t ttl_ds,
                      const dd_preflight_side_t *cur, const dd_preflight_side_t *next);
/* The kind of the change. */
dd_preflight_kind_t dd__pf_kind(const dd_preflight_side_t *cur, const dd_preflight_side_t *next,
                                bool ds_changed, size_t new_nds);
/* The times of @p p's states from what each step changes (RFC 7583); @return the last. */
int64_t dd__pf_proc_time(const dd_preflight_t *res, dd__pfproc_t *p);
/* Steps: the change at once; a procedure found safe; the RFC 6781 procedure of the kind. */
void dd__pf_steps_direct(dd_preflight_t *res);
void dd__pf_steps_proc(dd_preflight_t *res, const dd__pfproc_t *p);
void dd__pf_steps_kind(dd_preflight_t *res);
