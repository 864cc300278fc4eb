/* SPDX-License-Identifier: MIT
 * test_rollover.c - the monitor's rollover classifier (monitor/rollover.c) on synthetic
 * histories: each phase with its next step's time, and each kind of step made too early with
 * the time it becomes safe, checked against RFC 7583's arithmetic (validate/timing.c) and by
 * hand. TTLs: DS 60 s, DNSKEY 30 s, data 20 s, negative 10 s; Dprp 5 s, so Ipub = 35 s,
 * Dprp + TTLds = 65 s, Iret = 25 s. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dd/error.h"
#include "dd/name.h"
#include "dd/report.h"
#include "dd/timing.h"
#include "monitor/rollover.h"

#define DPRP 5
#define IPUB 35   /* Dprp + TTLkey */
#define DSW 65    /* Dprp + TTLds */
#define IRET 25   /* Dprp + the largest TTL */

typedef struct hist {
	dd__mon_hist_t h[32];
	size_t n;
} hist_t;

static void add(hist_t *h, const char *kind, const char *text, uint16_t tag, int64_t first,
                int64_t removed)
{
	dd__mon_hist_t *e = &h->h[h->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->kind, sizeof(e->kind), "%s", kind);
	snprintf(e->text, sizeof(e->text), "%s", text);
	e->key_tag = tag;
	e->first_seen = first;
	e->last_seen = removed ? removed - 1 : first;
	e->removed = removed;
}

static dd__mon_roll_in_t input(const hist_t *h, int64_t now)
{
	dd__mon_roll_in_t in = { .h = h->h, .n = h->n, .now = now, .known = true, .dprp = DPRP,
		                 .cur = { 60, 30, 20, 10 }, .prev = { 60, 30, 20, 10 } };
	return in;
}

/* KSK 1, ZSK 100 signing, DS 1: the zone before any roll, since 0. */
static void base(hist_t *h)
{
	h->n = 0;
	add(h, "DNSKEY", "257 3 13 KSKone", 1, 0, 0);
	add(h, "DNSKEY", "256 3 13 ZSKhundred", 100, 0, 0);
	add(h, "DS", "1 13 2 AAAA", 1, 0, 0);
	add(h, "SIGNER", "data 100 13", 100, 0, 0);
}

static void run(const hist_t *h, int64_t now, dd_mon_rollover_t *out, dd__mon_premature_t *pre,
                size_t *npre)
{
	dd__mon_roll_in_t in = input(h, now);
	dd__mon_rollover(&in, out, pre, npre);
}

static void test_arithmetic(void **state)
{
	(void)state;
	/* the waits the tests use are timing.c's */
	assert_int_equal(dd_preflight_ipub(DPRP, 30), IPUB);
	assert_int_equal(dd_preflight_ds_wait(DPRP, 60), DSW);
	assert_int_equal(dd_preflight_iret(0, DPRP, 20), IRET);
	hist_t h;
	base(&h);
	dd__mon_roll_in_t in = input(&h, 1000);
	assert_int_equal(dd__mon_rollover_window(&in), DSW);
}

static void test_none(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 9;
	run(&h, 1000, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_NONE);
	assert_string_equal(dd_mon_phase_name(r.phase), "none");
	assert_int_equal(r.next_at, 0);
	assert_int_equal(n, 0);
}

static void test_zsk_prepublish(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	add(&h, "DNSKEY", "256 3 13 ZSKtwohundred", 200, 1000, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1000, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_ZSK_PREPUBLISH);
	assert_string_equal(dd_mon_phase_name(r.phase), "zsk-prepublish");
	assert_int_equal(r.old_tag, 100);
	assert_int_equal(r.new_tag, 200);
	assert_int_equal(r.since, 1000);
	assert_int_equal(r.next_at, 1000 + dd_preflight_ipub(DPRP, 30));
	assert_int_equal(r.next_at, 1035);
	assert_non_null(strstr(r.text, "ZSK 200 published beside ZSK 100"));
	assert_non_null(strstr(r.next, "sign the data with ZSK 200"));
	assert_int_equal(n, 0);  /* publishing a key is always safe */
}

static void test_zsk_signing_too_early(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	h.h[3].removed = 1010;  /* ZSK 100 stops signing at 1010 */
	add(&h, "DNSKEY", "256 3 13 ZSKtwohundred", 200, 1000, 0);
	add(&h, "SIGNER", "data 200 13", 200, 1010, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1010, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_ZSK_NEW_SIGNING);
	assert_int_equal(r.next_at, 1010 + IRET);
	assert_int_equal(n, 1);
	assert_int_equal(pre[0].key_tag, 200);
	/* the DNSKEY RRset without key 200 was served until 1000, cached until 1000 + Ipub */
	assert_int_equal(pre[0].safe_at, 1000 + IPUB);
	assert_non_null(strstr(pre[0].detail, "key 200 started signing the zone's data"));
	assert_non_null(strstr(pre[0].detail, "1970-01-01 00:16:40 UTC"));  /* 1000 */
	assert_non_null(strstr(pre[0].detail, "1970-01-01 00:17:15 UTC"));  /* 1035 */

	/* the same step after Ipub: nothing premature */
	h.h[3].removed = 1040;
	h.h[h.n - 1].first_seen = 1040;
	run(&h, 1040, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_ZSK_NEW_SIGNING);
	assert_int_equal(r.old_tag, 100);
	assert_int_equal(r.next_at, 1040 + IRET);
	assert_non_null(strstr(r.next, "remove ZSK 100"));
	assert_int_equal(n, 0);
}

static void test_zsk_removed_too_early(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	h.h[3].removed = 1040;
	add(&h, "DNSKEY", "256 3 13 ZSKtwohundred", 200, 1000, 0);
	add(&h, "SIGNER", "data 200 13", 200, 1040, 0);
	h.h[1].removed = 1050;  /* ZSK 100 removed 10 s after it stopped signing */
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1050, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_NONE);  /* one ZSK left: the roll is over */
	assert_int_equal(n, 1);
	assert_int_equal(pre[0].key_tag, 100);
	assert_int_equal(pre[0].safe_at, 1040 + dd_preflight_iret(0, DPRP, 20));
	assert_non_null(strstr(pre[0].detail, "key 100 was removed from the DNSKEY RRset while "
	                                      "resolvers may still hold data it signed"));
	/* at 1065 it is safe */
	h.h[1].removed = 1065;
	run(&h, 1065, &r, pre, &n);
	assert_int_equal(n, 0);
}

static void test_zsk_double_signature(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	add(&h, "DNSKEY", "256 3 13 ZSKtwohundred", 200, 1000, 0);
	add(&h, "SIGNER", "data 200 13", 200, 1000, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1000, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_ZSK_DOUBLE_SIGNATURE);
	assert_int_equal(r.next_at, 1035);  /* max(1000 + Ipub, 1000 + Iret) */
	assert_int_equal(n, 0);  /* the old key still signs: every cache validates */
}

static void test_ksk_double_ds(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	add(&h, "DS", "2 13 2 BBBB", 2, 1000, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1010, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_KSK_DOUBLE_DS);
	assert_string_equal(dd_mon_phase_name(r.phase), "ksk-double-ds");
	assert_int_equal(r.old_tag, 1);
	assert_int_equal(r.new_tag, 2);
	assert_int_equal(r.since, 1000);
	assert_int_equal(r.next_at, 1000 + dd_preflight_ds_wait(DPRP, 60));
	assert_non_null(strstr(r.next, "replace KSK 1 with KSK 2 in the zone"));

	/* the KSK replaced at 1070, after the wait: safe, and the old DS waits for Ipub */
	h.h[0].removed = 1070;
	add(&h, "DNSKEY", "257 3 13 KSKtwo", 2, 1070, 0);
	run(&h, 1070, &r, pre, &n);
	assert_int_equal(n, 0);
	assert_int_equal(r.phase, DD_MON_ROLL_KSK_DOUBLE_DS_REPLACED);
	assert_int_equal(r.old_tag, 1);
	assert_int_equal(r.new_tag, 2);
	assert_int_equal(r.next_at, 1070 + IPUB);
	assert_non_null(strstr(r.next, "remove the DS of KSK 1 at the parent"));

	/* the old DS removed at 1090, before 1105: premature */
	h.h[2].removed = 1090;
	run(&h, 1090, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_NONE);
	assert_int_equal(n, 1);
	assert_int_equal(pre[0].key_tag, 1);
	assert_int_equal(pre[0].safe_at, 1070 + IPUB);
	assert_non_null(strstr(pre[0].detail, "the DS of key 1 was removed at the parent while "
	                                      "resolvers may still hold the DNSKEY RRset"));
	assert_non_null(strstr(pre[0].detail, "Restore the previous DS set"));

	/* at 1105 it is not */
	h.h[2].removed = 1105;
	run(&h, 1105, &r, pre, &n);
	assert_int_equal(n, 0);
}

static void test_ksk_swapped_before_ds_cached(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	add(&h, "DS", "2 13 2 BBBB", 2, 1000, 0);
	h.h[0].removed = 1030;  /* the KSK replaced 30 s after the new DS: before 1065 */
	add(&h, "DNSKEY", "257 3 13 KSKtwo", 2, 1030, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1030, &r, pre, &n);
	assert_int_equal(n, 1);
	assert_int_equal(pre[0].key_tag, 1);
	assert_int_equal(pre[0].safe_at, 1000 + DSW);  /* the DS set {1} ended at 1000 */
	assert_non_null(strstr(pre[0].detail, "key 1 was removed from the DNSKEY RRset while "
	                                      "resolvers may still hold the DS set"));
	assert_non_null(strstr(pre[0].detail, "Publish key 1 again"));
}

/* The KSK and the ZSK both replaced at once, too early: each premature step names its own key
 * (the KSK for the cached DS set, the ZSK for the cached signatures). */
static void test_premature_names_the_key(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	add(&h, "DS", "2 13 2 BBBB", 2, 1000, 0);
	h.h[0].removed = 1030;                         /* KSK 1 out, before 1000 + 65 */
	add(&h, "DNSKEY", "257 3 13 KSKtwo", 2, 1030, 0);
	h.h[1].removed = 1030;                         /* ZSK 100 out, its signatures just served */
	h.h[3].removed = 1030;
	add(&h, "DNSKEY", "256 3 13 ZSKtwohundred", 200, 1030, 0);
	add(&h, "SIGNER", "data 200 13", 200, 1030, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1030, &r, pre, &n);
	assert_int_equal(n, 3);
	assert_int_equal(pre[0].key_tag, 1);            /* the cached DS set {1} */
	assert_non_null(strstr(pre[0].detail, "key 1 was removed from the DNSKEY RRset while "
	                                      "resolvers may still hold the DS set"));
	assert_int_equal(pre[1].key_tag, 200);          /* signing before its DNSKEY is cached */
	assert_int_equal(pre[1].safe_at, 1030 + IPUB);
	assert_int_equal(pre[2].key_tag, 100);          /* its signatures still cached */
	assert_int_equal(pre[2].safe_at, 1030 + IRET);
	assert_non_null(strstr(pre[2].detail, "key 100 was removed from the DNSKEY RRset while "
	                                      "resolvers may still hold data it signed"));
}

static void test_ksk_double_ksk(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	add(&h, "DNSKEY", "257 3 13 KSKtwo", 2, 1000, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1010, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_KSK_DOUBLE_KSK);
	assert_int_equal(r.next_at, 1000 + IPUB);

	/* the DS replaced at 1020, before 1035 */
	h.h[2].removed = 1020;
	add(&h, "DS", "2 13 2 BBBB", 2, 1020, 0);
	run(&h, 1020, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_KSK_DOUBLE_KSK_DS_REPLACED);
	assert_int_equal(r.next_at, 1020 + DSW);
	assert_int_equal(n, 1);
	assert_int_equal(pre[0].safe_at, 1000 + IPUB);

	/* the old KSK removed at 1050, while DS {1} (ended 1020) may be cached until 1085 */
	h.h[0].removed = 1050;
	run(&h, 1050, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_NONE);
	assert_int_equal(n, 1);
	assert_int_equal(pre[0].key_tag, 1);
	assert_int_equal(pre[0].safe_at, 1020 + DSW);
}

static void test_ksk_both(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	add(&h, "DNSKEY", "257 3 13 KSKtwo", 2, 1000, 0);
	add(&h, "DS", "2 13 2 BBBB", 2, 1010, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1020, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_KSK_BOTH);
	assert_int_equal(r.next_at, 1010 + DSW);  /* max(1000 + 35, 1010 + 65) */
}

static void test_algorithm(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	add(&h, "SIGNER", "data 300 8", 300, 1000, 0);
	add(&h, "DNSKEY", "257 3 8 KSKrsa", 301, 1010, 0);
	add(&h, "DNSKEY", "256 3 8 ZSKrsa", 300, 1010, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 1020, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_ALGORITHM);
	assert_string_equal(dd_mon_phase_name(r.phase), "algorithm-roll");
	assert_int_equal(r.next_at, 1010 + IPUB);  /* max(1010 + 35, 1000 + 25) */
	assert_non_null(strstr(r.next, "replace the DS set with algorithm 8's"));
}


/* Two ZSKs first seen together, one signing: pre-published or retired, the history cannot
 * tell; the next step's time holds for both readings. */
static void test_zsk_standby(void **state)
{
	(void)state;
	hist_t h;
	base(&h);
	add(&h, "DNSKEY", "256 3 13 ZSKtwohundred", 200, 0, 0);
	dd_mon_rollover_t r;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	size_t n = 0;
	run(&h, 10, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_ZSK_STANDBY);
	assert_string_equal(dd_mon_phase_name(r.phase), "zsk-standby");
	assert_int_equal(r.old_tag, 100);
	assert_int_equal(r.new_tag, 200);
	assert_int_equal(r.next_at, 0 + IPUB);  /* max(Ipub, Iret) */
	assert_non_null(strstr(r.text, "so ZSK 200 is pre-published or retired"));
	/* and the same for two KSKs, one with a DS */
	base(&h);
	add(&h, "DNSKEY", "257 3 13 KSKtwo", 2, 0, 0);
	run(&h, 10, &r, pre, &n);
	assert_int_equal(r.phase, DD_MON_ROLL_KSK_STANDBY);
	assert_int_equal(r.old_tag, 1);
	assert_int_equal(r.new_tag, 2);
	assert_int_equal(r.next_at, 0 + DSW);
}

/* Every output of the monitor carries the phase, the next step and its time. */
static void test_reports(void **state)
{
	(void)state;
	dd_mon_result_t *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	assert_true(dd_name_from_str("example.", r->zone) >= 0);
	r->at = 1000;
	r->state = DD_MON_OK;
	r->reached = true;
	r->ds_state = "match";
	r->cds_state = "none";
	snprintf(r->summary, sizeof(r->summary), "ok");
	hist_t h;
	base(&h);
	add(&h, "DNSKEY", "256 3 13 ZSKtwohundred", 200, 1000, 0);
	size_t n = 0;
	dd__mon_premature_t pre[DD__MON_PREMATURE_MAX];
	run(&h, 1000, &r->rollover, pre, &n);
	r->ttl_dnskey = 30;

	char *json = dd_mon_result_json(r, NULL, 0);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"rollover\":{\"phase\":\"zsk-prepublish\",\"text\":\"ZSK roll, "
	                             "pre-publish: ZSK 200 published beside ZSK 100"));
	assert_non_null(strstr(json, "\"old_key_tag\":100,\"new_key_tag\":200"));
	assert_non_null(strstr(json, "\"next_step_at\":\"1970-01-01T00:17:15Z\",\"seconds_to_next_step\":35"));
	assert_non_null(strstr(json, "\"ttl\":{\"ds\":null,\"dnskey\":30"));
	free(json);

	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	dd_mon_result_t *rs[1] = { r };
	assert_int_equal(dd_report_mon_text(f, rs, 1, NULL, 0, NULL, false), DD_OK);
	fclose(f);
	assert_non_null(strstr(buf, "Rollovers under way:\n  example. zsk-prepublish: ZSK roll, "
	                            "pre-publish: ZSK 200 published beside ZSK 100, which still signs "
	                            "the data; next: sign the data with ZSK 200"));
	assert_non_null(strstr(buf, ", from 1970-01-01 00:17:15 UTC (in 35 seconds)\n"));
	free(buf);

	f = open_memstream(&buf, &len);
	dd_mon_thresholds_t th = { .warn = 7 * 86400, .crit = 3 * 86400 };
	dd_mon_state_t st;
	assert_int_equal(dd_report_mon_nagios(f, rs, 1, NULL, &th, &st), DD_OK);
	fclose(f);
	assert_non_null(strstr(buf, " 'example._rollover_next_step'=35s\n"));
	assert_non_null(strstr(buf, "\nROLLOVER example. zsk-prepublish: "));
	free(buf);

	f = open_memstream(&buf, &len);
	assert_int_equal(dd_report_mon_prometheus(f, rs, 1, NULL), DD_OK);
	fclose(f);
	assert_non_null(strstr(buf, "\ndnssec_doctor_zone_rollover_phase{zone=\"example.\","
	                            "phase=\"zsk-prepublish\"} 1\n"));
	assert_non_null(strstr(buf, "\ndnssec_doctor_zone_rollover_next_step_timestamp_seconds{"
	                            "zone=\"example.\",phase=\"zsk-prepublish\"} 1035\n"));
	free(buf);

	/* no roll: the phase says none, no next-step gauge, no table section */
	memset(&r->rollover, 0, sizeof(r->rollover));
	json = dd_mon_result_json(r, NULL, 0);
	assert_non_null(strstr(json, "\"rollover\":null"));  /* not judged: nothing known */
	free(json);
	r->rollover.judged = true;
	f = open_memstream(&buf, &len);
	assert_int_equal(dd_report_mon_prometheus(f, rs, 1, NULL), DD_OK);
	assert_int_equal(dd_report_mon_text(f, rs, 1, NULL, 0, NULL, false), DD_OK);
	fclose(f);
	assert_non_null(strstr(buf, "phase=\"none\"} 1\n"));
	assert_null(strstr(buf, "next_step_timestamp_seconds{"));
	assert_null(strstr(buf, "Rollovers under way"));
	free(buf);
	dd_mon_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_zsk_prepublish),
		cmocka_unit_test(test_zsk_signing_too_early),
		cmocka_unit_test(test_zsk_removed_too_early),
		cmocka_unit_test(test_zsk_double_signature),
		cmocka_unit_test(test_ksk_double_ds),
		cmocka_unit_test(test_ksk_swapped_before_ds_cached),
		cmocka_unit_test(test_premature_names_the_key),
		cmocka_unit_test(test_ksk_double_ksk),
		cmocka_unit_test(test_ksk_both),
		cmocka_unit_test(test_algorithm),
		cmocka_unit_test(test_zsk_standby),
		cmocka_unit_test(test_reports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
