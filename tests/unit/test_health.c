/* SPDX-License-Identifier: MIT
 * test_health.c - analysis/health.c: the servers of a zone judged against each other. Split
 * signing on a recorded capture: one server serves the zone signed, the other answers its
 * DNSKEY query with no data (Zonemaster's DNSSEC07 lab zone inconsist-signed-no-ds-1). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "dd/dnsviz.h"
#include "dd/msg.h"
#include "dd/name.h"

/* The capture bench/zonemaster.py makes of the zone (tests/unit/data/zonemaster/README.md),
 * with the zone's own SEP DNSKEYs, as served by its first server, as the trust anchor. */
static dd_evidence_t *load_capture(const char *file, const char *zone)
{
	FILE *f = fopen(data_path(file), "rb");
	assert_non_null(f);
	static uint8_t buf[1 << 16];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	dd_evidence_t *ev = NULL;
	char err[256];
	assert_int_equal(dd_dnsviz_load(buf, len, zone, DD_TYPE_SOA, &ev, err, sizeof(err)), DD_OK);
	int zi = dd_evidence_zone_of(ev, ev->target);
	assert_true(zi >= 0);
	const dd_zone_ev_t *z = &ev->zones[zi];
	for (size_t s = 0; s < z->nservers; s++) {
		const dd_exchange_t *x = dd_evidence_find(ev, z->servers[s].addr, z->name,
		                                          DD_TYPE_DNSKEY);
		dd_msg_t *m = NULL;
		if (x == NULL || x->wire == NULL || dd_msg_parse(x->wire, x->wire_len, &m) != DD_OK) {
			continue;
		}
		dd_rdata_t rd[8];
		dd_rrset_t set;
		size_t n = dd_msg_rrset(m, DD_SECTION_ANSWER, z->name, DD_TYPE_DNSKEY, &set, rd, 8);
		size_t added = 0;
		for (size_t k = 0; k < n; k++) {
			if (rd[k].len > 4 && (rd[k].data[1] & 0x01)) {  /* SEP */
				dd_rr_t rr = { .owner = z->name, .type = DD_TYPE_DNSKEY, .rclass = 1,
					       .ttl = 3600, .rdata = rd[k] };
				assert_int_equal(dd_evidence_add_anchor(ev, &rr), DD_OK);
				added++;
			}
		}
		dd_msg_free(m);
		if (added > 0) {
			return ev;
		}
	}
	fail_msg("no SEP DNSKEY in the capture");
	return NULL;
}

/* ns1 (127.15.7.41) serves a DNSKEY RRset, ns2 (127.15.7.42) answers the DNSKEY query with
 * no data. ns1's copy does not validate either (its DNSKEY RRSIG is invalid in the
 * recording), which once hid the split: SPLIT_SIGNING was said only beside a server whose
 * copy validates. Zonemaster's DS07_INCONSISTENT_SIGNED. */
static void test_split_signing_beside_bogus(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_capture("zonemaster/inconsist-signed-no-ds-1.dnssec07.json",
	                                 "inconsist-signed-no-ds-1.dnssec07.xa.");
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze(ev, 1761830597, &an), DD_OK);
	size_t split = 0;
	for (size_t i = 0; i < an->nfindings; i++) {
		const dd_finding_t *f = &an->findings[i];
		if (strcmp(f->code, "SPLIT_SIGNING") != 0) {
			continue;
		}
		split++;
		assert_non_null(strstr(f->detail, "serves the zone unsigned while other listed "
		                                  "servers serve it signed"));
		assert_null(strstr(f->detail, "127.15.7.41"));  /* the signed one is not named */
		assert_true(strstr(f->detail, "127.15.7.42") != NULL ||
		            strstr(f->detail, "fda1:b2:c3:0:127:15:7:42") != NULL);
	}
	assert_true(split > 0);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_signing_beside_bogus),
	};
	return cmocka_run_group_tests_name("health", tests, NULL, NULL);
}
