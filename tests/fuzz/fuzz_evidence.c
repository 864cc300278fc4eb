/* SPDX-License-Identifier: MIT
 * fuzz_evidence.c - a whole evidence file into the analysis, the diagnosis and both reports.
 * Input: evidence JSON (as --save writes it). */

#include <stdio.h>
#include <stdlib.h>

#include <dd/dd.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	if (f == NULL) {
		return 0;
	}
	dd_evidence_t *ev = NULL;
	int r = dd_evidence_load(f, &ev, NULL, 0);
	fclose(f);
	if (r != DD_OK) {
		return 0;
	}
	dd_analysis_t *an = NULL;
	if (dd_analyze(ev, ev->started_ms / 1000, &an) == DD_OK) {
		dd_diagnosis_t *dg = NULL;
		if (dd_diagnose(an, ev, &dg) == DD_OK) {
			FILE *out = fopen("/dev/null", "w");
			if (out != NULL) {
				(void)dd_report_text(out, ev, an, dg, NULL, NULL);
				(void)dd_report_json(out, ev, an, dg, NULL, NULL);
				fclose(out);
			}
			dd_diagnosis_free(dg);
		}
		dd_analysis_free(an);
	}
	dd_evidence_free(ev);
	return 0;
}
