/* SPDX-License-Identifier: MIT
 * fuzz_evidence.c - a whole evidence file into the analysis (the probe's notes among its
 * findings), the diagnosis, the resolver views rebuilt from it and their causes, both reports,
 * and the monitor's assessment of every zone of it with its outputs (JSON line, table, Nagios,
 * Prometheus). Input: evidence JSON (as --save writes it). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/monitor.h>
#include <dd/report.h>

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
	if (dd_analyze(ev, ev->started_ms / 1000, &an) == DD_OK &&
	    dd_analysis_add_notes(an, ev) == DD_OK) {
		dd_diagnosis_t *dg = NULL;
		dd_views_t *views = NULL;
		if (dd_diagnose(an, ev, &dg) == DD_OK && dd_views_from_evidence(ev, &views) == DD_OK &&
		    dd_diagnose_views(dg, an, views) == DD_OK) {
			FILE *out = fopen("/dev/null", "w");
			if (out != NULL) {
				dd_report_opts_t ro = { .duration_ms = ev->duration_ms };
				(void)dd_report_text(out, ev, an, dg, views, &ro);
				(void)dd_report_json(out, ev, an, dg, views, &ro);
				/* the monitor's view of each zone of the chain */
				dd_mon_thresholds_t th = { .warn = 7 * 86400, .crit = 3 * 86400 };
				for (size_t i = 0; i < ev->nzones && i < 8; i++) {
					dd_mon_zone_t z = { .nextra = 0 };
					memcpy(z.name, ev->zones[i].name, dd_name_len(ev->zones[i].name));
					dd_mon_result_t *mr = NULL;
					if (dd_mon_assess(&z, ev, an, dg, &th, &mr) != DD_OK) {
						continue;
					}
					free(dd_mon_result_json(mr, NULL, 0));
					dd_mon_state_t st;
					(void)dd_report_mon_prometheus(out, &mr, 1, NULL);
					(void)dd_report_mon_nagios(out, &mr, 1, NULL, &th, &st);
					(void)dd_report_mon_text(out, &mr, 1, NULL, 0, NULL, false);
					dd_mon_result_free(mr);
				}
				fclose(out);
			}
		}
		dd_views_free(views);
		dd_diagnosis_free(dg);
		dd_analysis_free(an);
	}
	dd_evidence_free(ev);
	return 0;
}
