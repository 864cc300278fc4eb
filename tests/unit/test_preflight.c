/* SPDX-License-Identifier: MIT
 * test_preflight.c - preflight's timing arithmetic against RFC 7583's timelines (section 3.2.1
 * ZSK pre-publication, 3.3.1 KSK double-DS; the RFC gives the relations, not numbers, so each
 * case puts numbers into them and checks every event time), the procedures' step times, and
 * the names of verdicts and kinds. */

#include <string.h>

#include "helpers.h"
#include "preflight/plan.h"

/* RFC 7583 3.2.1: Ipub = Dprp + TTLkey; Iret = Dsgn + Dprp + TTLsig. */
static void test_zsk_prepublish(void **state)
{
	(void)state;
	/* Tpub = 1000; Dprp 300, TTLkey 3600 -> Trdy = Tpub + Ipub = 4900 */
	int64_t tpub = 1000;
	int64_t trdy = tpub + dd_preflight_ipub(300, 3600);
	assert_int_equal(trdy, 4900);
	/* Tact = Trdy; Tret later; Trem = Tret + Iret with Dsgn 0, Dprp 300, TTLsig 86400 */
	int64_t tret = trdy + 1000;
	assert_int_equal(tret + dd_preflight_iret(0, 300, 86400), 5900 + 86700);
	/* a signer that needs an hour to re-sign everything (Dsgn) delays removal by as much */
	assert_int_equal(dd_preflight_iret(3600, 300, 86400), 90300);
	/* no wrap on 32-bit inputs */
	assert_int_equal(dd_preflight_ipub(UINT32_MAX, UINT32_MAX), 2 * (int64_t)UINT32_MAX);
}

/* RFC 7583 3.3.1 (double-DS): the new DS reaches every cache Dreg + DprpP + TTLds after the
 * submission; then the key may be swapped, and the old DS removed Dprp + TTLkey later. */
static void test_ksk_double_ds(void **state)
{
	(void)state;
	int64_t tsbm = 0;
	int64_t trdy = tsbm + dd_preflight_ds_wait(3600 + 600, 86400); /* Dreg 1h + DprpP 10m */
	assert_int_equal(trdy, 90600);
	int64_t trem = trdy + dd_preflight_ipub(300, 3600);
	assert_int_equal(trem, 94500);
}

/* The step times of a procedure found safe: each step waits for the records the one before
 * replaced (Dreg + TTLds after a DS change, Dprp + the zone's largest TTL after a zone change). */
static void test_proc_time(void **state)
{
	(void)state;
	dd_preflight_t r = { .at = 1000000, .ttl_ds = 30, .ttl_dnskey = 300, .ttl_data = 120,
		             .ttl_negative = 30, .dprp = 5, .dreg = 60 };
	dd__pfproc_t p[DD__PF_PROCS];
	size_t n = dd__pf_procedures(p, DD__PF_PROCS);
	assert_true(n >= 3);
	assert_string_equal(p[0].name, "double-DS");
	/* double-DS: DS both, then the zone, then the new DS alone */
	p[0].ds_changes[1] = true;
	p[0].zone_changes[2] = true;
	p[0].ds_changes[3] = true;
	int64_t last = dd__pf_proc_time(&r, &p[0]);
	assert_int_equal(p[0].t[1], 1000000 + 60 + 30);
	assert_int_equal(p[0].t[2], 1000000 + 90 + 305);
	assert_int_equal(last, 1000395);
	r.nsteps = 0;
	dd__pf_steps_proc(&r, &p[0]);
	assert_int_equal(r.nsteps, 3);
	assert_int_equal(r.safe_at, 1000395);
	assert_int_equal(r.steps[0].at, 1000000);
	assert_non_null(strstr(r.steps[0].text, "the current and the proposed DS records together"));
	assert_int_equal(r.steps[2].at, 1000395);
	/* the negative TTL bounds the zone's wait when it is the largest */
	r.ttl_negative = 900;
	p[1].zone_changes[1] = true;
	p[1].ds_changes[2] = true;
	assert_int_equal(dd__pf_proc_time(&r, &p[1]), 1000000 + 905);
}

/* The RFC 6781 procedures of a kind, with RFC 7583's intervals. */
static void test_steps_kind(void **state)
{
	(void)state;
	dd_preflight_t r = { .at = 0, .ttl_ds = 3600, .ttl_dnskey = 300, .ttl_data = 120,
		             .dprp = 5, .dreg = 60, .kind = DD_PREFLIGHT_ZSK_ROLL };
	dd__pf_steps_kind(&r);
	assert_int_equal(r.nsteps, 3);
	assert_int_equal(r.steps[1].at, 305);        /* Ipub */
	assert_int_equal(r.safe_at, 305 + 125);      /* + Iret */
	memset(&r, 0, sizeof(r));
	r = (dd_preflight_t){ .ttl_ds = 3600, .ttl_dnskey = 300, .ttl_data = 120, .dprp = 5,
		              .dreg = 60, .kind = DD_PREFLIGHT_ALGORITHM_ROLL };
	dd__pf_steps_kind(&r);
	assert_int_equal(r.nsteps, 5);
	/* signatures first (Iret), DNSKEY (Ipub), DS (Dreg + TTLds), old keys (Ipub) */
	assert_int_equal(r.steps[1].at, 125);
	assert_int_equal(r.steps[2].at, 125 + 305);
	assert_int_equal(r.steps[3].at, 125 + 305 + 3660);
	assert_int_equal(r.safe_at, 125 + 305 + 3660 + 305);
	assert_non_null(strstr(r.steps[0].text, "RFC 6781 4.1.4"));
	/* going secure: the DS once the keys are cached (Ipub) and the unsigned answers gone
	 * (Dprp + the largest data or negative TTL), whichever is later */
	r = (dd_preflight_t){ .ttl_ds = 3600, .ttl_dnskey = 300, .ttl_data = 600,
		              .ttl_negative = 30, .dprp = 5, .dreg = 60,
		              .kind = DD_PREFLIGHT_GO_SECURE };
	dd__pf_steps_kind(&r);
	assert_int_equal(r.nsteps, 2);
	assert_int_equal(r.safe_at, 605);
	r.nsteps = 0;
	r.ttl_data = 120;
	dd__pf_steps_kind(&r);
	assert_int_equal(r.safe_at, 305);
	/* double-DS: the key swapped once the new DS is cached (Dreg + TTLds), the old DS removed
	 * once the old DNSKEY RRset is out of caches (Dprp + TTLkey) */
	r = (dd_preflight_t){ .ttl_ds = 3600, .ttl_dnskey = 300, .ttl_data = 120, .dprp = 5,
		              .dreg = 60, .kind = DD_PREFLIGHT_KSK_ROLL };
	dd__pf_steps_kind(&r);
	assert_int_equal(r.nsteps, 3);
	assert_int_equal(r.steps[1].at, 3660);
	assert_int_equal(r.safe_at, 3660 + 305);
	assert_non_null(strstr(r.steps[2].text, "Dprp + TTLkey"));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(dd_preflight_verdict_name(DD_PREFLIGHT_SAFE), "safe");
	assert_string_equal(dd_preflight_verdict_name(DD_PREFLIGHT_SAFE_AFTER), "safe after");
	assert_string_equal(dd_preflight_verdict_name(DD_PREFLIGHT_UNSAFE), "unsafe");
	assert_string_equal(dd_preflight_kind_name(DD_PREFLIGHT_KSK_ROLL), "KSK roll");
	assert_string_equal(dd_preflight_kind_name(DD_PREFLIGHT_PROVIDER_MOVE), "provider move");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zsk_prepublish),
		cmocka_unit_test(test_ksk_double_ds),
		cmocka_unit_test(test_proc_time),
		cmocka_unit_test(test_steps_kind),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
