/* SPDX-License-Identifier: MIT
 * probe_run.c - one probe walk on the fake transport for the probe's tests (probe_run.h). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "probe/xfer.h"
#include "probe_run.h"

#include <dd/name.h>

/* Load tests/unit/data/probe/@p scn, append @p extra (scenario lines, may be NULL). */
fake_t *load(const char *scn, const char *extra)
{
	char path[512];
	snprintf(path, sizeof(path), "probe/%s", scn);
	FILE *in = fopen(data_path(path), "r");
	assert_non_null(in);
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	assert_non_null(mem);
	int c;
	while ((c = fgetc(in)) != EOF) {
		fputc(c, mem);
	}
	fclose(in);
	if (extra != NULL) {
		fprintf(mem, "\n%s\n", extra);
	}
	fclose(mem);
	fake_t *f = NULL;
	char err[256] = "";
	int r = fake_load_string(text, scn, &f, err, sizeof(err));
	free(text);
	if (r != DD_OK) {
		fail_msg("%s", err);
	}
	return f;
}

dd_probe_config_t config(dd_probe_server_t *hint)
{
	memset(hint, 0, sizeof(*hint));
	dd_name_from_str("a.root.", hint->ns_name);
	snprintf(hint->addr, sizeof(hint->addr), ROOT);
	return (dd_probe_config_t){ .hints = hint, .nhints = 1, .timeout_ms = 1000, .udp_tries = 2,
		                    .no_ipv6 = true, .nx_label = "dd-nx" };
}

void probe(run_t *r, const dd_probe_config_t *cfg, const char *target, uint16_t qtype)
{
	uint8_t t[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str(target, t) > 0);
	r->ev = NULL;
	r->ret = dd__probe_run_on(fake_transport(r->f), cfg, t, qtype, &r->ev, &r->st);
	/* every exchange started ended exactly once: by its callback or cancelled */
	size_t started, completed, cancelled;
	fake_counts(r->f, &started, &completed, &cancelled);
	assert_int_equal(started, completed + cancelled);
}

void done(run_t *r)
{
	dd_evidence_free(r->ev);
	fake_free(r->f);
}

int zone_index(const dd_evidence_t *ev, const char *name)
{
	uint8_t n[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str(name, n) > 0);
	return dd_evidence_zone_find(ev, n);
}

const dd_exchange_t *find(const dd_evidence_t *ev, const char *addr, const char *name,
                                 uint16_t qtype)
{
	uint8_t n[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str(name, n) > 0);
	return dd_evidence_find(ev, addr, n, qtype);
}

