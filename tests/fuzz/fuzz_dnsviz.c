/* SPDX-License-Identifier: MIT
 * fuzz_dnsviz.c - DNSViz probe JSON (plain or gzip) through the converter into evidence, then
 * the analysis, the diagnosis and both reports, as "diagnose --replay" runs them. Input: a
 * DNSViz capture (docs/dnsviz.md). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/dnsviz.h>
#include <dd/report.h>

#include "fuzz.h"

/* the root's KSK-2017 DS: a capture brings no anchor */
static const uint8_t ds20326[] = {
	0x4f, 0x66, 0x08, 0x02, 0xe0, 0x6d, 0x44, 0xb8, 0x0b, 0x8f, 0x1d, 0x39, 0xa9, 0x5c, 0x0b,
	0x0d, 0x7c, 0x65, 0xd0, 0x84, 0x58, 0xe8, 0x80, 0x40, 0x9b, 0xbc, 0x68, 0x34, 0x57, 0x10,
	0x42, 0x37, 0xc7, 0xf8, 0xec, 0x8d,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy on the heap, so that a read past the end is caught */
	uint8_t *copy = malloc(size ? size : 1);
	if (copy == NULL) {
		return 0;
	}
	memcpy(copy, data, size);
	dd_evidence_t *ev = NULL;
	char err[256];
	int r = dd_dnsviz_load(copy, size, NULL, 0, &ev, err, sizeof(err));
	free(copy);
	if (r != DD_OK) {
		return 0;
	}
	static const uint8_t root[] = { 0 };
	dd_rr_t anchor = { .owner = root, .type = DD_TYPE_DS, .rclass = 1, .ttl = 86400,
		           .rdata = { ds20326, sizeof(ds20326) } };
	dd_analysis_t *an = NULL;
	if (dd_evidence_add_anchor(ev, &anchor) == DD_OK &&
	    dd_analyze(ev, ev->started_ms / 1000, &an) == DD_OK) {
		dd_diagnosis_t *dg = NULL;
		dd_views_t *views = NULL;
		if (dd_diagnose(an, ev, &dg) == DD_OK && dd_views_from_evidence(ev, &views) == DD_OK &&
		    dd_diagnose_views(dg, an, views) == DD_OK) {
			FILE *out = fopen("/dev/null", "w");
			if (out != NULL) {
				dd_report_opts_t ro = { .duration_ms = ev->duration_ms };
				(void)dd_report_text(out, ev, an, dg, views, &ro);
				(void)dd_report_json(out, ev, an, dg, views, &ro);
				fclose(out);
			}
		}
		dd_views_free(views);
		dd_diagnosis_free(dg);
	}
	dd_analysis_free(an);
	dd_evidence_free(ev);
	return 0;
}
