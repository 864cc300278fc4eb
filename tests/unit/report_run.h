/* SPDX-License-Identifier: MIT
 * report_run.h - one diagnose run replayed from saved testbed evidence for the report tests
 * (test_report.c, test_report_truth.c): analysis, views, diagnosis, then the text and JSON
 * reports written into memory, and the assertions on their wording. */

#ifndef DD_TEST_REPORT_RUN_H
#define DD_TEST_REPORT_RUN_H

#include <stdint.h>

#include <jansson.h>

#include "helpers.h"

typedef struct run {
	dd_evidence_t *ev;
	dd_analysis_t *an;
	dd_diagnosis_t *dg;
	dd_views_t *views;
	char *text;
	json_t *json;
} run_t;

/* Replay @p file (tests/unit/data/evidence) at @p at (seconds since the epoch; 0: when it
 * was collected) as diagnose does. Fails the test on any error. Free with run_done(). */
run_t run_replay_at(const char *file, int64_t at);

/* run_replay_at(file, 0). */
run_t run_replay(const char *file);

/* Free what run_replay_at() made. */
void run_done(run_t *r);

/* The first line of the text report (a static buffer). */
const char *run_first_line(const run_t *r);

/* Fail unless @p needle is (has) / is not (lacks) in @p hay. */
void has(const char *hay, const char *needle);
void lacks(const char *hay, const char *needle);

/* How often @p needle occurs in @p hay. */
size_t count(const char *hay, const char *needle);

/* Member @p a of @p o, then its member @p b unless NULL; fails the test when absent. */
json_t *jpath(json_t *o, const char *a, const char *b);

/* Fail unless jpath(o, a, b) is the string @p want. */
void jstr(json_t *o, const char *a, const char *b, const char *want);

#endif
