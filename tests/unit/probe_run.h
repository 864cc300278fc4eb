/* SPDX-License-Identifier: MIT
 * probe_run.h - one probe walk on the fake transport for the probe's tests (test_probe.c,
 * test_probe_retry.c): a scenario of tests/unit/data/probe loaded, the usual configuration,
 * the walk run and checked to have ended every exchange it started, and look-ups in the
 * evidence it made. */

#ifndef DD_TEST_PROBE_RUN_H
#define DD_TEST_PROBE_RUN_H

#include <stdint.h>

#include <dd/evidence.h>
#include <dd/probe.h>

#include "fake_transport.h"

/* the root server's address in every scenario */
#define ROOT "192.0.2.1"

typedef struct run {
	fake_t *f;
	dd_evidence_t *ev;
	dd_probe_stats_t st;
	int ret;
} run_t;

/* Load tests/unit/data/probe/@p scn, with @p extra (scenario lines, may be NULL) appended.
 * Fails the test on an error. */
fake_t *load(const char *scn, const char *extra);

/* The usual configuration: the root's hint in @p hint, a 1 s timeout, two datagrams, IPv4. */
dd_probe_config_t config(dd_probe_server_t *hint);

/* Walk to @p target / @p qtype on @p r's fake into r->ev, r->st and r->ret; fails the test
 * unless every exchange started ended exactly once. */
void probe(run_t *r, const dd_probe_config_t *cfg, const char *target, uint16_t qtype);

/* Free @p r's evidence and fake. */
void done(run_t *r);

/* The index of zone @p name in @p ev, or < 0. */
int zone_index(const dd_evidence_t *ev, const char *name);

/* The last exchange with @p addr about @p name / @p qtype, or NULL. */
const dd_exchange_t *find(const dd_evidence_t *ev, const char *addr, const char *name,
                          uint16_t qtype);

#endif
