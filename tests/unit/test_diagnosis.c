/* SPDX-License-Identifier: MIT
 * test_diagnosis.c - the diagnosis (src/lib/diagnosis): the words of every fix template with
 * the zone, parent, TTLs and live keys filled in, what a validator answers, where validators
 * differ, grouping of findings into causes, the ranking and headline, and the resolver causes
 * of dd_diagnose_views(). On stored evidence (tests/unit/data/evidence), with findings of a
 * chosen code where the evidence shows none, and with the TTLs changed where the template
 * must pick the right one. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "core/finding_fill.h"

typedef struct fx {
	dd_evidence_t *ev;
	dd_analysis_t *an;
} fx_t;

static fx_t open_fx(const char *file)
{
	fx_t x = { .ev = load_evidence(file) };
	assert_int_equal(dd_analyze(x.ev, x.ev->started_ms / 1000, &x.an), DD_OK);
	return x;
}

static void close_fx(fx_t *x)
{
	dd_analysis_free(x->an);
	dd_evidence_free(x->ev);
}

static const uint8_t *nm(const char *s)
{
	static uint8_t buf[4][DD_NAME_MAXLEN];
	static int k;
	k = (k + 1) % 4;
	assert_true(dd_name_from_str(s, buf[k]) > 0);
	return buf[k];
}

static dd_zone_result_t *zone(fx_t *x, const char *name)
{
	for (size_t i = 0; i < x->an->nzones; i++) {
		if (dd_name_equal(x->an->zones[i].name, nm(name))) {
			return &x->an->zones[i];
		}
	}
	fail_msg("no zone %s in the analysis", name);
	return NULL;
}

static void fill(dd_finding_t *f, dd_code_t id, dd_severity_t sev, const char *zname, ...)
{
	va_list ap;
	va_start(ap, zname);
	dd__finding_fill(f, dd_finding_info_id(id), sev, nm(zname), nm(zname), 0, 0, 0, 0,
	                 "synthetic %s", ap);
	va_end(ap);
}

/* Diagnose @p x's analysis with its findings replaced by @p n given ones. */
static dd_diagnosis_t *diagnose_with(fx_t *x, dd_finding_t *f, size_t n)
{
	dd_finding_t *keep = x->an->findings;
	size_t nkeep = x->an->nfindings;
	x->an->findings = f;
	x->an->nfindings = n;
	dd_diagnosis_t *dg = NULL;
	int r = dd_diagnose(x->an, x->ev, &dg);
	x->an->findings = keep;
	x->an->nfindings = nkeep;
	assert_int_equal(r, DD_OK);
	return dg;
}

/* The one cause of one finding of @p id in @p zname. */
static dd_diagnosis_t *one(fx_t *x, dd_code_t id, dd_severity_t sev, const char *zname)
{
	dd_finding_t f;
	fill(&f, id, sev, zname, "finding");
	dd_diagnosis_t *dg = diagnose_with(x, &f, 1);
	assert_int_equal(dg->ncauses, 1);
	assert_int_equal(dg->causes[0].id, id);
	return dg;
}

/* The cause of @p id in the diagnosis of the evidence as it is. */
static const dd_root_cause_t *cause(const dd_diagnosis_t *dg, dd_code_t id)
{
	for (size_t i = 0; i < dg->ncauses; i++) {
		if (dg->causes[i].id == id) {
			return &dg->causes[i];
		}
	}
	fail_msg("no cause %s", dd_finding_info_id(id)->code);
	return NULL;
}

/* The fix is exactly @p want (NULL-terminated). */
static void steps(const dd_root_cause_t *rc, const char *const *want)
{
	size_t n = 0;
	for (; want[n] != NULL; n++) {
		if (n >= rc->nfix || strcmp(rc->fix[n], want[n]) != 0) {
			fail_msg("%s step %zu:\n  got  %s\n  want %s", rc->code, n + 1,
			         n < rc->nfix ? rc->fix[n] : "(none)", want[n]);
		}
	}
	assert_int_equal(rc->nfix, n);
}

/* The step the live KSK of @p z gives, from the DS its parent publishes for it (a zone whose
 * DS matches: the same key tag, algorithm and SHA-256 digest). */
static void ds_step(const dd_zone_result_t *z, const char *zname, char *out, size_t len)
{
	assert_int_equal(z->nds, 1);
	assert_int_equal(z->ds[0].state, DD_DS_STATE_MATCHES);
	assert_int_equal(z->ds[0].digest_type, 2);
	snprintf(out, len, "At the registrar for %s, publish this DS (computed from the live KSK, "
	         "key tag %u): %s IN DS %u %u 2 %s  (registrar form: key tag %u, algorithm %u, "
	         "digest type 2, digest %s)", zname, z->ds[0].key_tag, zname, z->ds[0].key_tag,
	         z->ds[0].algorithm, z->ds[0].digest, z->ds[0].key_tag, z->ds[0].algorithm,
	         z->ds[0].digest);
}

static const char *const LEAVE_SIGNING = "Leave signing on meanwhile: disabling it now would not "
	"help while the DS is in resolvers' caches";

/* DS_*_MISMATCH, DS_NO_MATCHING_DNSKEY: the DS of the live KSK, the stale DS removed, signing
 * left on; recovery by the parent's DS TTL. */
static void test_publish_ds(void **state)
{
	(void)state;
	fx_t x = open_fx("alpha.lab.json");
	dd_zone_result_t *z = zone(&x, "alpha.lab.");
	z->ds_ttl = 86400;
	z->dnskey_ttl = 300;
	char ds[512];
	ds_step(z, "alpha.lab.", ds, sizeof(ds));
	const dd_code_t codes[] = { DD_CODE_DS_DIGEST_MISMATCH, DD_CODE_DS_NO_MATCHING_DNSKEY,
	                            DD_CODE_DS_ALGORITHM_MISMATCH };
	for (size_t i = 0; i < 3; i++) {
		dd_diagnosis_t *dg = one(&x, codes[i], DD_SEV_ERROR, "alpha.lab.");
		const dd_root_cause_t *rc = &dg->causes[0];
		steps(rc, (const char *[]){ ds, LEAVE_SIGNING, NULL });
		assert_string_equal(rc->recovery, "once lab. publishes the new DS, resolvers recover "
		                    "within the parent's DS TTL, 86400 s (24 hours) (plus the registry's "
		                    "publication delay)");
		assert_int_equal(rc->recovery_seconds, 86400);
		/* injected into a chain that validates: it breaks other answers, not the asked one */
		assert_string_equal(rc->validator_result, "SERVFAIL for the answers it breaks, not for "
		                    "the asked www.alpha.lab. A (secure)");
		assert_int_equal(rc->ede, 9);
		assert_string_equal(rc->validators_differ, "");
		dd_diagnosis_free(dg);
	}
	close_fx(&x);

	/* the real fault: the DS at the parent has a wrong digest; the right one is proposed
	 * and the wrong one named for removal */
	x = open_fx("juliet.example.json");
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
	const dd_root_cause_t *rc = cause(dg, DD_CODE_DS_DIGEST_MISMATCH);
	assert_int_equal(rc->nfix, 3);
	assert_non_null(strstr(rc->fix[0], "At the registrar for juliet.example., publish this DS "
	                                   "(computed from the live KSK, key tag 42272): "
	                                   "juliet.example. IN DS 42272 13 2 "));
	assert_null(strstr(rc->fix[0], "7935E1FE96B6EEA8"));  /* not the broken digest */
	assert_string_equal(rc->fix[1], "Remove the DS for juliet.example. that matches no key: "
	                    "42272 13 2 7935E1FE96B6EEA8... (digest mismatch)");
	assert_string_equal(rc->fix[2], LEAVE_SIGNING);
	assert_true(rc->explains_outage);
	dd_diagnosis_free(dg);
	close_fx(&x);

	/* no live KSK to compute from (the zone is unsigned): how to compute it instead */
	x = open_fx("echo.example.json");
	dg = one(&x, DD_CODE_DS_NO_MATCHING_DNSKEY, DD_SEV_ERROR, "echo.example.");
	steps(&dg->causes[0], (const char *[]){ "Compute the DS from the zone's KSK (dnssec-doctor "
	      "ds, or dnssec-dsfromkey) and publish it at the registrar", LEAVE_SIGNING, NULL });
	assert_string_equal(dg->causes[0].recovery, "once example. publishes the new DS, resolvers "
	                    "recover within the parent's DS TTL, 0 s (plus the registry's publication "
	                    "delay)");
	dd_diagnosis_free(dg);
	close_fx(&x);
}

/* ROLLOVER_INCOMPLETE: publish the key or put back the DS, then finish in order. */
static void test_finish_rollover(void **state)
{
	(void)state;
	fx_t x = open_fx("coral.example.json");
	dd_zone_result_t *z = zone(&x, "coral.example.");
	z->ds_ttl = 7200;
	z->dnskey_ttl = 172800;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
	const dd_root_cause_t *rc = cause(dg, DD_CODE_ROLLOVER_INCOMPLETE);
	assert_ptr_equal(rc, &dg->causes[0]);
	assert_int_equal(rc->nfix, 3);
	assert_string_equal(rc->fix[0], "Either publish the new KSK in coral.example.'s DNSKEY "
	                    "RRset and sign the DNSKEY RRset with it (the DS already points at it), "
	                    "or put back at the registrar the DS of the KSK the zone still uses:");
	assert_non_null(strstr(rc->fix[1], "At the registrar for coral.example., publish this DS "
	                                   "(computed from the live KSK, key tag "));
	assert_string_equal(rc->fix[2], "Finish the rollover in order (RFC 7583): keep the old KSK "
	                    "published until the new DS has been at the parent for its TTL, then "
	                    "retire it");
	assert_string_equal(rc->recovery, "within the DNSKEY TTL, 172800 s (48 hours), if the key "
	                    "is published; within the parent's DS TTL, 7200 s (2.0 hours), if the DS "
	                    "is put back");
	assert_int_equal(rc->recovery_seconds, 172800);
	dd_diagnosis_free(dg);
	close_fx(&x);
}

/* DS_WITHOUT_DNSKEY and DNSKEY_NOT_SIGNED_BY_DS_KEY: the other chain faults. */
static void test_chain_templates(void **state)
{
	(void)state;
	fx_t x = open_fx("juliet.example.json");
	dd_zone_result_t *z = zone(&x, "juliet.example.");
	z->ds_ttl = 1800;
	z->dnskey_ttl = 600;
	dd_diagnosis_t *dg = one(&x, DD_CODE_DS_WITHOUT_DNSKEY, DD_SEV_ERROR, "juliet.example.");
	const dd_root_cause_t *rc = &dg->causes[0];
	steps(rc, (const char *[]){
		"Fastest: remove every DS for juliet.example. at the registrar (the zone is unsigned "
		"now, so this makes it correctly insecure)",
		"Or: re-enable signing at the current DNS provider and publish its DS instead",
		"In future moves: remove the DS first, wait the DS TTL, and only then stop signing or "
		"move to an unsigned provider", NULL });
	assert_string_equal(rc->recovery, "within the parent's DS TTL, 1800 s, after example. stops "
	                    "publishing the DS");
	assert_int_equal(rc->recovery_seconds, 1800);
	assert_string_equal(rc->validator_result, "SERVFAIL (RFC 4035 5.5); the Extended DNS Error, if "
	                    "any, is each validator's own choice: RFC 8914 code 10 "
	                    "(RRSIGs Missing) fits this cause");
	assert_true(rc->explains_outage);  /* juliet.example. is bogus, and so is the name */
	dd_diagnosis_free(dg);

	dg = one(&x, DD_CODE_DNSKEY_NOT_SIGNED_BY_DS_KEY, DD_SEV_ERROR, "juliet.example.");
	rc = &dg->causes[0];
	steps(rc, (const char *[]){
		"Sign the DNSKEY RRset of juliet.example. with the KSK the DS points at (check that "
		"the signer has that KSK's private key and considers it active)",
		"Do not change the DS meanwhile unless the KSK is lost; then publish the DS of the key "
		"that does sign the DNSKEY RRset", NULL });
	assert_string_equal(rc->recovery, "within the DNSKEY TTL, 600 s, after the servers serve "
	                    "the new signature");
	assert_int_equal(rc->recovery_seconds, 600);
	dd_diagnosis_free(dg);

	/* the root has no parent to name */
	dg = one(&x, DD_CODE_DS_WITHOUT_DNSKEY, DD_SEV_ERROR, ".");
	assert_string_equal(dg->causes[0].recovery, "within the parent's DS TTL, 0 s, after the "
	                    "parent zone stops publishing the DS");
	assert_false(dg->causes[0].explains_outage);  /* the root itself is secure */
	dd_diagnosis_free(dg);
	close_fx(&x);
}

static const char *const DO_NOT_PULL = "Do NOT remove the DS or turn off signing as the first "
	"response: re-signing fixes it at once, pulling the DS takes the DS TTL and leaves the zone "
	"unprotected";

/* The signature faults: re-sign, with each code's own step, never the DS first. */
static void test_resign(void **state)
{
	(void)state;
	fx_t x = open_fx("hotel.example.json");
	dd_zone_result_t *z = zone(&x, "hotel.example.");
	z->dnskey_ttl = 3600;
	z->neg_ttl = 7200;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
	const char *resign = "Re-sign hotel.example. now (rndc sign, knotc zone-sign, "
	                     "dnssec-signzone -S, or your provider's console) and reload every server";
	const dd_root_cause_t *rc = cause(dg, DD_CODE_RRSIG_EXPIRED);
	steps(rc, (const char *[]){ resign, "Then find why automatic re-signing stopped (signer "
	      "down, key files unreadable, a static zone signed once) and alert on expiry 7 days "
	      "ahead", DO_NOT_PULL, NULL });
	assert_string_equal(rc->recovery, "as soon as the servers serve new signatures: validators "
	                    "keep bogus answers only briefly (Unbound val-bogus-ttl 60 s); a DNSKEY "
	                    "RRset cached as bogus is retried within its TTL, 3600 s (1.0 hours)");
	assert_int_equal(rc->recovery_seconds, 7200);  /* the longer of DNSKEY and negative TTL */
	assert_string_equal(rc->validator_result, "SERVFAIL (RFC 4035 5.5); the Extended DNS Error, if "
	                    "any, is each validator's own choice: RFC 8914 code 7 "
	                    "(Signature Expired) fits this cause");
	assert_true(rc->explains_outage);
	dd_diagnosis_free(dg);

	dg = one(&x, DD_CODE_RRSIG_NOT_YET_VALID, DD_SEV_ERROR, "hotel.example.");
	steps(&dg->causes[0], (const char *[]){ resign, "Check the signer's clock: its inception "
	      "times are in the future (sign with an inception in the past, e.g. dnssec-signzone -s "
	      "now-3600)", DO_NOT_PULL, NULL });
	assert_int_equal(dg->causes[0].ede, 8);
	dd_diagnosis_free(dg);
	const dd_code_t plain[] = { DD_CODE_RRSIG_MISSING, DD_CODE_RRSIG_INVALID,
	                            DD_CODE_RRSIG_SIGNER_INVALID, DD_CODE_RRSIG_LABELS_INVALID };
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		dg = one(&x, plain[i], DD_SEV_ERROR, "hotel.example.");
		steps(&dg->causes[0], (const char *[]){ resign, DO_NOT_PULL, NULL });
		dd_diagnosis_free(dg);
	}
	close_fx(&x);
}

/* SPLIT_SIGNING and STALE_SECONDARY: the servers disagree. */
static void test_server_copies(void **state)
{
	(void)state;
	fx_t x = open_fx("sierra.example.json");
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
	const dd_root_cause_t *rc = cause(dg, DD_CODE_SPLIT_SIGNING);
	steps(rc, (const char *[]){
		"Make every listed server of sierra.example. serve the signed zone: configure the "
		"server that serves it unsigned as a secondary of the signer (or set up multi-signer, "
		"RFC 8901)",
		"Or remove that server from the NS RRset in example. and in the zone, keeping the "
		"signed servers", NULL });
	assert_string_equal(rc->recovery, "immediately for new queries once every server serves "
	                    "signed data; if the NS set changes, within the NS TTL");
	assert_int_equal(rc->recovery_seconds, zone(&x, "sierra.example.")->ds_ttl);
	assert_true(rc->explains_outage);
	dd_diagnosis_free(dg);

	zone(&x, "sierra.example.")->soa_expire = 604800;
	dg = one(&x, DD_CODE_STALE_SECONDARY, DD_SEV_ERROR, "sierra.example.");
	rc = &dg->causes[0];
	steps(rc, (const char *[]){
		"Repair zone transfers to the stale server (transfer logs, ACLs, TSIG keys, NOTIFY) "
		"and force a new transfer (nsd-control force_transfer, rndc retransfer, knotc "
		"zone-retransfer)",
		"Until then, remove that server from the NS RRset if it cannot be fixed: it keeps "
		"serving the old copy until the SOA EXPIRE (604800 s)", NULL });
	assert_string_equal(rc->recovery, "as soon as the secondary serves the current serial");
	assert_int_equal(rc->recovery_seconds, 0);
	assert_string_equal(rc->validator_result, "SERVFAIL (RFC 4035 5.5); the Extended DNS Error, if "
	                    "any, is each validator's own choice: RFC 8914 code 7 "
	                    "(Signature Expired) fits this cause");
	dd_diagnosis_free(dg);
	close_fx(&x);
}

/* The denial faults, and NSEC3 parameters. */
static void test_denial(void **state)
{
	(void)state;
	fx_t x = open_fx("victor.lab.json");
	zone(&x, "victor.lab.")->neg_ttl = 900;
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
	const dd_root_cause_t *rc = cause(dg, DD_CODE_DENIAL_PROOF_INVALID);
	steps(rc, (const char *[]){
		"Re-sign victor.lab. so the signer rebuilds one complete NSEC/NSEC3 chain, with the "
		"NSEC3PARAM naming its parameters (RFC 9276: 0 iterations, no salt)",
		"If the chain breaks only on secondaries, check that zone transfers (IXFR) complete",
		NULL });
	assert_string_equal(rc->recovery, "within the negative TTL (SOA MINIMUM), 900 s, after the "
	                    "servers serve the new chain");
	assert_int_equal(rc->recovery_seconds, 900);
	assert_string_equal(rc->validator_result, "SERVFAIL for the answers it breaks, not for the "
	                    "asked www.victor.lab. A (secure)");
	/* the nonexistent name's proof is bogus, but www validates with AD (issue 20): no outage
	 * of the asked answer to explain */
	assert_false(rc->explains_outage);
	assert_int_equal(rc->nfindings, 1);
	/* the NODATA answer for the target lacks the target's own NSEC3: the record is missing
	 * (the gap the fault made), named as check-zone names it */
	rc = cause(dg, DD_CODE_NSEC3_MISSING);
	assert_int_equal(rc->nfindings, 1);
	dd_diagnosis_free(dg);
	close_fx(&x);

	x = open_fx("whiskey.lab.json");
	assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
	rc = cause(dg, DD_CODE_NSEC3_ITERATIONS_EXCESSIVE);
	steps(rc, (const char *[]){ "Re-sign whiskey.lab. with NSEC3 0 iterations and no salt (RFC "
	      "9276 3.1), e.g. dnssec-signzone -3 - -H 0 or Knot's nsec3-iterations: 0", NULL });
	assert_string_equal(rc->recovery, "within the negative TTL, 300 s");
	assert_string_equal(rc->validator_result, "negative answers without AD (insecure), EDE 27 "
	                    "(Unsupported NSEC3 Iterations Value)");
	assert_non_null(strstr(rc->validators_differ, "treat NSEC3 above 150 iterations as "
	                                              "insecure"));
	assert_false(rc->explains_outage);
	dd_diagnosis_free(dg);
	close_fx(&x);
}

/* Algorithms and DS hygiene: nothing is broken, the steps say what to plan. */
static void test_algorithms_and_ds(void **state)
{
	(void)state;
	fx_t x = open_fx("amber.example.json");
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
	const dd_root_cause_t *rc = cause(dg, DD_CODE_ALGORITHM_UNSUPPORTED);
	steps(rc, (const char *[]){ "Roll amber.example. to ECDSAP256SHA256 (13) or ED25519 (15) "
	      "with an algorithm rollover (RFC 6781 4.1.4): add the new keys and signatures, then "
	      "the new DS, then remove the old DS, and last the old keys", NULL });
	assert_string_equal(rc->recovery, "nothing is broken for users: the zone is simply not "
	                    "protected");
	assert_string_equal(rc->validator_result, "NOERROR without AD (insecure), EDE 1 "
	                    "(Unsupported DNSKEY Algorithm)");
	assert_non_null(strstr(rc->validators_differ, "It is never a reason for SERVFAIL"));
	assert_int_equal(rc->recovery_seconds, -1);
	dd_diagnosis_free(dg);
	close_fx(&x);

	x = open_fx("alpha.lab.json");
	dg = one(&x, DD_CODE_ALGORITHM_DEPRECATED, DD_SEV_WARNING, "alpha.lab.");
	rc = &dg->causes[0];
	steps(rc, (const char *[]){ "Plan an algorithm rollover of alpha.lab. to ECDSAP256SHA256 "
	      "(13) or ED25519 (15) (RFC 6781 4.1.4): new keys and signatures first, then the DS, "
	      "then remove the old", NULL });
	assert_string_equal(rc->recovery, "nothing is broken yet");
	assert_non_null(strstr(rc->validators_differ, "(RHEL 9 DEFAULT)"));
	assert_string_equal(rc->validator_result, "the answer still validates (AD set)");
	dd_diagnosis_free(dg);

	dg = one(&x, DD_CODE_ALGORITHM_INCOMPLETE, DD_SEV_WARNING, "alpha.lab.");
	rc = &dg->causes[0];
	steps(rc, (const char *[]){ "Sign every RRset of alpha.lab. with every algorithm in its "
	      "DNSKEY RRset, or retire the unused algorithm: remove its DS at the registrar first, "
	      "wait the DS TTL, then remove its DNSKEYs", NULL });
	assert_string_equal(rc->recovery, "nothing is broken for validators that follow RFC 6840 "
	                    "5.11");
	assert_non_null(strstr(rc->validators_differ, "harden-algo-downgrade: no"));
	dd_diagnosis_free(dg);

	char ds[512];
	ds_step(zone(&x, "alpha.lab."), "alpha.lab.", ds, sizeof(ds));
	dg = one(&x, DD_CODE_DS_DIGEST_WEAK, DD_SEV_WARNING, "alpha.lab.");
	rc = &dg->causes[0];
	steps(rc, (const char *[]){ ds, "Once the SHA-256 DS has been at the parent for its TTL, "
	      "remove the SHA-1 DS", NULL });
	assert_string_equal(rc->recovery, "nothing is broken yet");
	assert_non_null(strstr(rc->validators_differ, "RFC 8624 still requires validators to "
	                                              "accept SHA-1 DS"));
	dd_diagnosis_free(dg);

	/* every DS of alpha.lab. matches: nothing to remove */
	dg = one(&x, DD_CODE_DS_STALE_EXTRA, DD_SEV_WARNING, "alpha.lab.");
	assert_int_equal(dg->causes[0].nfix, 0);
	assert_string_equal(dg->causes[0].recovery, "nothing is broken: validators use the DS that "
	                    "matches");
	dd_diagnosis_free(dg);

	dg = one(&x, DD_CODE_CDS_MISMATCH, DD_SEV_ERROR, "alpha.lab.");
	rc = &dg->causes[0];
	steps(rc, (const char *[]){ "Correct or remove the CDS/CDNSKEY records of alpha.lab. (RFC "
	      "7344): a parent that polls them would replace the DS with one that breaks the zone",
	      NULL });
	assert_string_equal(rc->recovery, "nothing is broken until a parent acts on the CDS");
	assert_false(rc->explains_outage);
	dd_diagnosis_free(dg);

	dg = one(&x, DD_CODE_RRSIG_EXPIRING, DD_SEV_WARNING, "alpha.lab.");
	steps(&dg->causes[0], (const char *[]){ "Re-sign alpha.lab. before its first signature "
	      "expires, and check the signer's automation", NULL });
	assert_string_equal(dg->causes[0].recovery, "nothing is broken yet");
	dd_diagnosis_free(dg);
	close_fx(&x);

	/* a stale DS beside the good one is named with its state */
	x = open_fx("juliet.example.json");
	dg = one(&x, DD_CODE_DS_STALE_EXTRA, DD_SEV_WARNING, "juliet.example.");
	steps(&dg->causes[0], (const char *[]){ "Remove the DS for juliet.example. that matches no "
	      "key: 42272 13 2 7935E1FE96B6EEA8... (digest mismatch)", NULL });
	dd_diagnosis_free(dg);
	close_fx(&x);
}

/* WORK_LIMIT_EXCEEDED: the validators' caps (error) or this diagnosis's budget (warning). */
static void test_work_limit(void **state)
{
	(void)state;
	fx_t x = open_fx("maple.example.json");
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
	const dd_root_cause_t *rc = cause(dg, DD_CODE_WORK_LIMIT_EXCEEDED);
	assert_int_equal(rc->severity, DD_SEV_ERROR);
	steps(rc, (const char *[]){
		"Publish at most a few DNSKEYs in maple.example., each with its own key tag "
		"(regenerate a key whose tag collides), keep one valid RRSIG per algorithm on each "
		"RRset, and keep every RRset under 100 records",
		"If the zone is not yours and looks built to exhaust validators (many keys sharing a "
		"tag, many signatures), it is a KeyTrap attack zone (CVE-2023-50387): validators with "
		"the fix refuse it, as intended", NULL });
	assert_string_equal(rc->recovery, "validators accept the data again as soon as it is served "
	                    "within their limits and the bogus answer's cache lifetime has passed");
	assert_non_null(strstr(rc->validators_differ, "Unbound >= 1.19.1 stops after 8 "
	                                              "verifications per RRset"));
	assert_string_equal(rc->validator_result, "SERVFAIL (RFC 4035 5.5); the Extended DNS Error, if "
	                    "any, is each validator's own choice: RFC 8914 code 6 "
	                    "(DNSSEC Bogus) fits this cause");
	assert_string_equal(rc->title, "The zone needs more validation work than validators allow");
	assert_int_equal(rc->ede, 6);
	dd_diagnosis_free(dg);

	dg = one(&x, DD_CODE_WORK_LIMIT_EXCEEDED, DD_SEV_WARNING, "maple.example.");
	rc = &dg->causes[0];
	steps(rc, (const char *[]){ "Run the diagnosis again for a name lower in the tree, or "
	      "check the zone offline with check-zone: this diagnosis stopped at one of its own "
	      "work limits (the evidence says which)", NULL });
	assert_string_equal(rc->recovery, "nothing is known to be broken");
	assert_string_equal(rc->validators_differ, "");
	/* its own limit, not the validators': no claim that they fail it */
	assert_string_equal(rc->title, "This diagnosis stopped at one of its own work limits and "
	                    "did not check the rest");
	assert_int_equal(rc->ede, -1);
	assert_string_equal(rc->validator_result, "not known: this diagnosis did not check "
	                    "everything validators would");
	dd_diagnosis_free(dg);
	close_fx(&x);
}

static const char *const NOT_DNSSEC = "This is a delegation fault, not a DNSSEC one: fix it, but "
	"do not change DNSKEY or DS records for it";
static const char *const RETRY = "resolvers retry other servers; slow answers stop once the "
	"server is fixed or removed (NS TTL)";

/* The servers' faults: the code's own step, then "not a DNSSEC fault". */
static void test_server_faults(void **state)
{
	(void)state;
	fx_t x = open_fx("denim.example.json");
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
	const char *authoritative = "Make the listed server answer authoritatively for "
	                            "denim.example., or remove it from the NS RRset at example. "
	                            "and in the zone";
	const dd_code_t deleg[] = { DD_CODE_LAME_DELEGATION, DD_CODE_SERVER_UNREACHABLE };
	for (size_t i = 0; i < 2; i++) {
		const dd_root_cause_t *rc = cause(dg, deleg[i]);
		steps(rc, (const char *[]){ authoritative, NOT_DNSSEC, NULL });
		assert_string_equal(rc->recovery, RETRY);
		assert_string_equal(rc->validator_result, "no SERVFAIL for this alone: validators take "
		                    "the answer from the servers that work, after trying the others");
		assert_false(rc->explains_outage);  /* a warning: the other servers answer */
	}
	dd_diagnosis_free(dg);
	/* no server answers: an error, which explains the outage */
	dg = one(&x, DD_CODE_SERVER_UNREACHABLE, DD_SEV_ERROR, "denim.example.");
	assert_true(dg->causes[0].explains_outage);
	assert_string_equal(dg->causes[0].validator_result, "SERVFAIL (RFC 4035 5.5); the Extended "
	                    "DNS Error, if any, is each validator's own choice: RFC 8914 code 22 (No "
	                    "Reachable Authority) fits this cause");
	dd_diagnosis_free(dg);
	close_fx(&x);

	struct {
		const char *file;
		dd_code_t id;
		const char *first;
	} cases[] = {
		{ "garnet.example.json", DD_CODE_RESPONSE_INVALID, "Find what answers for the server's "
		  "address (a broken or hostile server, a middlebox rewriting DNS, a load balancer "
		  "mangling answers) and fix or replace it; a validator discards these answers and "
		  "tries other servers" },
		{ "ivory.example.json", DD_CODE_TCP_FAULT, "Allow DNS over TCP on port 53 to the server "
		  "(RFC 7766 requires it; large DNSSEC answers need it)" },
		{ "alpha.lab.json", DD_CODE_EDNS_FAULT, "Upgrade or fix the server (or the middlebox in "
		  "front of it) so that it answers EDNS0 queries with an OPT record (RFC 6891)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		x = open_fx(cases[i].file);
		assert_int_equal(dd_diagnose(x.an, x.ev, &dg), DD_OK);
		if (!dd_diagnosis_has_id(dg, cases[i].id)) {  /* not in this evidence: make it */
			dd_diagnosis_free(dg);
			dg = one(&x, cases[i].id, DD_SEV_WARNING, "alpha.lab.");
		}
		const dd_root_cause_t *rc = cause(dg, cases[i].id);
		steps(rc, (const char *[]){ cases[i].first, NOT_DNSSEC, NULL });
		assert_string_equal(rc->recovery, RETRY);
		assert_string_equal(rc->validator_result, "no SERVFAIL for this alone: validators take "
		                    "the answer from the servers that work, after trying the others");
		dd_diagnosis_free(dg);
		close_fx(&x);
	}
}

/* Every code with a template gets steps and a recovery from it; codes without one (and the
 * resolver templates, without a resolver to name) get none. */
/* Issue 21: a ZSK removed while its signatures are served, multi-signer providers without each
 * other's ZSK, a DS for a revoked KSK: the steps in the safe order, the key named, recovery by
 * the TTLs, and never the words of a corruption. */
static void test_rollover_templates(void **state)
{
	(void)state;
	fx_t x = open_fx("juliet.example.json");
	dd_zone_result_t *z = zone(&x, "juliet.example.");
	z->ds_ttl = 7200;
	z->dnskey_ttl = 3600;
	dd_finding_t f;
	fill(&f, DD_CODE_RRSIG_KEY_NOT_PUBLISHED, DD_SEV_ERROR, "juliet.example.", "x");
	f.key_tag = 4711;
	dd_diagnosis_t *dg = diagnose_with(&x, &f, 1);
	const dd_root_cause_t *rc = cause(dg, DD_CODE_RRSIG_KEY_NOT_PUBLISHED);
	assert_string_equal(rc->title, "A signing key was removed while its signatures are still "
	                    "served");
	const char *const zsk[] = {
		"Fastest: publish the removed key (key tag 4711) again in juliet.example.'s DNSKEY "
		"RRset and sign that RRset with the KSK: every signature it made validates again, for "
		"each resolver once its cached DNSKEY RRset (TTL 3600 s (1.0 hours)) expires",
		"Or re-sign every RRset of juliet.example. with the current ZSK and reload every "
		"server: this works at once, since the key of the new signatures is already in the "
		"DNSKEY RRset resolvers hold",
		"Only then retire the old key, and in future ZSK rollovers keep it published until no "
		"server serves a signature by it and the TTL of the RRsets it signed has passed since "
		"(RFC 7583 3.2, pre-publish)",
		"Do not touch the DS: the KSK and the chain above it are fine",
		NULL,
	};
	steps(rc, zsk);
	assert_string_equal(rc->recovery, "at once for new queries if every RRset is re-signed with "
	                    "the current ZSK; within the DNSKEY TTL, 3600 s (1.0 hours), if the old "
	                    "key is published again");
	assert_int_equal(rc->recovery_seconds, 3600);
	assert_int_equal(rc->ede, 9);
	for (size_t i = 0; i < rc->nfix; i++) {
		assert_null(strstr(rc->fix[i], "altered"));
		assert_null(strstr(rc->fix[i], "corrupt"));
	}
	dd_diagnosis_free(dg);

	dg = one(&x, DD_CODE_MULTI_SIGNER_INCONSISTENT, DD_SEV_ERROR, "juliet.example.");
	rc = &dg->causes[0];
	const char *const multi[] = {
		"Make every provider of juliet.example. publish every provider's ZSK in the DNSKEY "
		"RRset it serves (RFC 8901 2.1): add the keys the findings name to the servers that "
		"lack them, signed by their KSK",
		"Until they do, a resolver that takes the DNSKEY RRset from one provider and the data "
		"from another fails; if the keys cannot be exchanged soon, leave only one provider's "
		"servers in the NS RRset at example. and in the zone",
		"Keep the DS as it is unless a provider's KSK is missing from it",
		NULL,
	};
	steps(rc, multi);
	assert_string_equal(rc->recovery, "within the DNSKEY TTL, 3600 s (1.0 hours), after every "
	                    "server serves the complete DNSKEY RRset");
	dd_diagnosis_free(dg);

	fill(&f, DD_CODE_DS_REVOKED_KEY, DD_SEV_WARNING, "juliet.example.", "x");
	f.key_tag = 4839;
	dg = diagnose_with(&x, &f, 1);
	rc = cause(dg, DD_CODE_DS_REVOKED_KEY);
	assert_int_equal(rc->severity, DD_SEV_WARNING);
	assert_true(rc->nfix >= 2);
	assert_string_equal(rc->fix[rc->nfix - 1], "Once the new DS has been at example. for its TTL "
	                    "(7200 s (2.0 hours)), remove the DS of the revoked key (key tag 4839), "
	                    "then the revoked key itself");
	assert_non_null(strstr(rc->validators_differ, "DNSViz treats a DS that points at a revoked "
	                                              "key as bogus"));
	assert_non_null(strstr(rc->validators_differ, "Unbound and BIND accept the chain"));
	assert_string_equal(rc->recovery, "nothing is broken for Unbound and BIND meanwhile; "
	                    "stricter validators accept the zone within the DS TTL, 7200 s (2.0 "
	                    "hours), of the new DS");
	dd_diagnosis_free(dg);
	close_fx(&x);
}

static void test_every_template(void **state)
{
	(void)state;
	fx_t x = open_fx("juliet.example.json");
	for (size_t n = 0; dd_finding_info_at(n) != NULL; n++) {
		const dd_finding_info_t *i = dd_finding_info_at(n);
		dd_diagnosis_t *dg = one(&x, i->id, DD_SEV_ERROR, "juliet.example.");
		const dd_root_cause_t *rc = &dg->causes[0];
		bool resolver = i->fix == DD_FIX_RESOLVER_VALIDATE || i->fix == DD_FIX_RESOLVER_CLOCK ||
		                i->fix == DD_FIX_RESOLVER_FAULT;
		if (i->fix == DD_FIX_NONE || resolver) {
			assert_int_equal(rc->nfix, 0);
			assert_string_equal(rc->recovery, "");
			assert_int_equal(rc->recovery_seconds, -1);
		} else if (rc->nfix == 0 || rc->recovery[0] == '\0') {
			fail_msg("%s (%s): no steps or no recovery", i->code, dd_fix_name(i->fix));
		}
		/* what the cause says comes from the code's row */
		assert_string_equal(rc->title, i->title);
		assert_int_equal(rc->ede, i->ede);
		assert_string_equal(rc->validators_differ,
		                    i->validators_differ ? i->validators_differ : "");
		assert_ptr_equal(rc->code, i->code);
		dd_diagnosis_free(dg);
	}
	close_fx(&x);
}

/* Findings group per code and zone; notices are no cause; the severity is the worst. */
static void test_grouping(void **state)
{
	(void)state;
	fx_t x = open_fx("juliet.example.json");
	dd_finding_t f[5];
	fill(&f[0], DD_CODE_RRSIG_EXPIRED, DD_SEV_ERROR, "juliet.example.", "a");
	fill(&f[1], DD_CODE_RRSIG_EXPIRED, DD_SEV_ERROR, "juliet.example.", "b");
	fill(&f[2], DD_CODE_RRSIG_EXPIRED, DD_SEV_ERROR, "example.", "c");
	fill(&f[3], DD_CODE_RRSIG_WINDOW_EDGE, DD_SEV_NOTICE, "example.", "d");
	fill(&f[4], DD_CODE_SERVER_UNREACHABLE, DD_SEV_WARNING, "juliet.example.", "e");
	dd_diagnosis_t *dg = diagnose_with(&x, f, 5);
	assert_int_equal(dg->ncauses, 3);
	size_t total = 0;
	for (size_t i = 0; i < dg->ncauses; i++) {
		const dd_root_cause_t *rc = &dg->causes[i];
		total += rc->nfindings;
		if (rc->id == DD_CODE_RRSIG_EXPIRED && dd_name_equal(rc->zone, nm("juliet.example."))) {
			assert_int_equal(rc->nfindings, 2);
			assert_int_equal(rc->findings[0], 0);
			assert_int_equal(rc->findings[1], 1);
		}
	}
	assert_int_equal(total, 4);
	assert_true(dd_diagnosis_has(dg, "RRSIG_EXPIRED"));
	assert_true(dd_diagnosis_has_id(dg, DD_CODE_SERVER_UNREACHABLE));
	assert_false(dd_diagnosis_has(dg, "RRSIG_WINDOW_EDGE"));
	assert_false(dd_diagnosis_has(dg, "NO_SUCH_CODE"));
	assert_false(dd_diagnosis_has_id(dg, DD_CODE_NONE));
	dd_diagnosis_free(dg);

	/* a later finding of a higher severity raises the cause */
	fill(&f[0], DD_CODE_SERVER_UNREACHABLE, DD_SEV_WARNING, "juliet.example.", "a");
	fill(&f[1], DD_CODE_SERVER_UNREACHABLE, DD_SEV_ERROR, "juliet.example.", "b");
	dg = diagnose_with(&x, f, 2);
	assert_int_equal(dg->ncauses, 1);
	assert_int_equal(dg->causes[0].severity, DD_SEV_ERROR);
	dd_diagnosis_free(dg);

	/* a finding built by hand with only a code name is grouped by that name */
	memset(&f[0], 0, sizeof(f[0]));
	f[0].code = "RRSIG_MISSING";
	f[0].severity = DD_SEV_ERROR;
	memcpy(f[0].zone, nm("juliet.example."), dd_name_len(nm("juliet.example.")));
	dg = diagnose_with(&x, f, 1);
	assert_int_equal(dg->ncauses, 1);
	assert_int_equal(dg->causes[0].id, DD_CODE_RRSIG_MISSING);
	assert_int_equal(dg->causes[0].nfix, 2);
	dd_diagnosis_free(dg);
	close_fx(&x);
}

/* What explains the outage first; then errors of servers, chain, name; then warnings; a broken
 * denial after a mismatched NSEC3PARAM; zones nearer the root first. */
static void test_rank(void **state)
{
	(void)state;
	fx_t x = open_fx("juliet.example.json");
	assert_int_equal(x.an->target_status, DD_STATUS_BOGUS);
	zone(&x, "juliet.example.")->status = DD_STATUS_SECURE;  /* a chain fault will not explain */
	dd_finding_t f[7];
	fill(&f[0], DD_CODE_RRSIG_EXPIRING, DD_SEV_WARNING, "juliet.example.", "a");
	fill(&f[1], DD_CODE_DENIAL_PROOF_INVALID, DD_SEV_ERROR, "juliet.example.", "b");
	fill(&f[2], DD_CODE_DS_DIGEST_MISMATCH, DD_SEV_ERROR, "juliet.example.", "c");
	fill(&f[3], DD_CODE_NSEC3PARAM_MISMATCH, DD_SEV_ERROR, "juliet.example.", "d");
	fill(&f[4], DD_CODE_LAME_DELEGATION, DD_SEV_WARNING, "example.", "e");
	fill(&f[5], DD_CODE_SERVER_UNREACHABLE, DD_SEV_ERROR, "juliet.example.", "f");
	fill(&f[6], DD_CODE_RRSIG_EXPIRED, DD_SEV_ERROR, "example.", "g");
	dd_diagnosis_t *dg = diagnose_with(&x, f, 7);
	const dd_code_t want[] = {
		DD_CODE_SERVER_UNREACHABLE,   /* explains: no server answers */
		DD_CODE_RRSIG_EXPIRED,        /* explains, a name's fault, in example. */
		DD_CODE_NSEC3PARAM_MISMATCH,  /* explains, a name's fault, in juliet.example. */
		DD_CODE_DENIAL_PROOF_INVALID, /* explains, but the consequence of the one above */
		DD_CODE_DS_DIGEST_MISMATCH,   /* error of the chain, the zone validates */
		DD_CODE_LAME_DELEGATION,      /* warning of the servers */
		DD_CODE_RRSIG_EXPIRING,       /* warning */
	};
	assert_int_equal(dg->ncauses, 7);
	for (size_t i = 0; i < 7; i++) {
		if (dg->causes[i].id != want[i]) {
			fail_msg("rank %zu: %s, want %s", i + 1, dg->causes[i].code,
			         dd_finding_info_id(want[i])->code);
		}
	}
	assert_int_equal(dg->exit_code, 2);
	assert_string_equal(dg->headline, "www.juliet.example. A is bogus: A listed name server "
	                    "does not answer (SERVER_UNREACHABLE, in juliet.example.)");
	dd_diagnosis_free(dg);

	/* warnings only, on a secure name: exit 1, the headline names the first */
	fx_t y = open_fx("alpha.lab.json");
	fill(&f[0], DD_CODE_RRSIG_EXPIRING, DD_SEV_WARNING, "alpha.lab.", "a");
	fill(&f[1], DD_CODE_TCP_FAULT, DD_SEV_WARNING, "lab.", "b");
	dg = diagnose_with(&y, f, 2);
	assert_int_equal(dg->causes[0].id, DD_CODE_TCP_FAULT);
	assert_int_equal(dg->exit_code, 1);
	assert_string_equal(dg->headline, "www.alpha.lab. A is secure: A name server fails DNS over "
	                    "TCP (TCP_FAULT, in lab.)");
	assert_true(dg->breaks_at > y.an->at);
	dd_diagnosis_free(dg);
	/* an RRset's fault does not explain an outage of a name that validates (it was found
	 * on another RRset); it is still an error */
	dg = one(&y, DD_CODE_RRSIG_INVALID, DD_SEV_ERROR, "alpha.lab.");
	assert_false(dg->causes[0].explains_outage);
	assert_int_equal(dg->exit_code, 2);
	dd_diagnosis_free(dg);
	/* an indeterminate name is not explained by a risk that fails nothing (peer suites: "is
	 * indeterminate: The zone is signed with a deprecated algorithm" where no trust anchor
	 * covered the zone): the reason first, the risk after it */
	y.an->target_status = DD_STATUS_INDETERMINATE;
	snprintf(y.an->target_reason, sizeof(y.an->target_reason), "no trust anchor covers it");
	dg = one(&y, DD_CODE_ALGORITHM_DEPRECATED, DD_SEV_WARNING, "alpha.lab.");
	assert_false(dg->causes[0].explains_outage);
	assert_string_equal(dg->headline, "www.alpha.lab. A is indeterminate: no trust anchor covers "
	                    "it; also: The zone is signed with a deprecated algorithm "
	                    "(ALGORITHM_DEPRECATED, in alpha.lab.)");
	dd_diagnosis_free(dg);
	/* a server fault may be why: it stays the headline's cause */
	dg = one(&y, DD_CODE_RESPONSE_INVALID, DD_SEV_WARNING, "alpha.lab.");
	assert_string_equal(dg->headline, "www.alpha.lab. A is indeterminate: A name server sends "
	                    "invalid answers (RESPONSE_INVALID, in alpha.lab.)");
	dd_diagnosis_free(dg);
	/* nor an insecure one; an unsupported algorithm, which makes it insecure, does */
	y.an->target_status = DD_STATUS_INSECURE;
	dg = one(&y, DD_CODE_ALGORITHM_DEPRECATED, DD_SEV_WARNING, "alpha.lab.");
	assert_string_equal(dg->headline, "www.alpha.lab. A is insecure: correctly insecure (no "
	                    "DNSSEC chain above it); also: The zone is signed with a deprecated "
	                    "algorithm (ALGORITHM_DEPRECATED, in alpha.lab.)");
	dd_diagnosis_free(dg);
	dg = one(&y, DD_CODE_ALGORITHM_UNSUPPORTED, DD_SEV_WARNING, "alpha.lab.");
	assert_string_equal(dg->headline, "www.alpha.lab. A is insecure: The zone uses an algorithm "
	                    "validators do not implement (ALGORITHM_UNSUPPORTED, in alpha.lab.)");
	dd_diagnosis_free(dg);
	y.an->target_status = DD_STATUS_SECURE;
	/* nothing at all */
	dg = diagnose_with(&y, f, 0);
	assert_int_equal(dg->exit_code, 0);
	assert_string_equal(dg->headline, "www.alpha.lab. A is secure: the chain of trust validates");
	dd_diagnosis_free(dg);
	close_fx(&y);
	close_fx(&x);
}

static void view(dd_views_t *vs, const char *src, const uint8_t *name, bool cd, int rcode,
                 bool ad, int ede)
{
	vs->v = realloc(vs->v, (vs->n + 1) * sizeof(*vs->v));
	assert_non_null(vs->v);
	dd_view_t *v = &vs->v[vs->n++];
	memset(v, 0, sizeof(*v));
	snprintf(v->source, sizeof(v->source), "%s", src);
	v->cd = cd;
	memcpy(v->name, name, dd_name_len(name));
	v->qtype = DD_TYPE_A;
	v->answered = true;
	v->rcode = rcode;
	v->ad = ad;
	v->ede = ede;
	snprintf(v->data, sizeof(v->data), "192.0.2.1");
}

/* The resolver causes: what the resolver showed, and the fix naming it. */
static void test_views(void **state)
{
	(void)state;
	dd_evidence_t *ev = load_evidence("alpha.lab.json");
	int64_t at = ev->started_ms / 1000;
	dd_analysis_t *an = NULL;
	assert_int_equal(dd_analyze(ev, at, &an), DD_OK);

	/* answers without AD for a secure name */
	dd_diagnosis_t *dg = NULL;
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	dd_views_t vs = { 0 };
	view(&vs, "192.0.2.53", an->target, false, DD_RCODE_NOERROR, false, -1);
	assert_int_equal(dd_diagnose_views(dg, an, &vs), DD_OK);
	const dd_root_cause_t *rc = cause(dg, DD_CODE_RESOLVER_NOT_VALIDATING);
	steps(rc, (const char *[]){
		"Turn on DNSSEC validation in the resolver 192.0.2.53 (Unbound: module-config "
		"\"validator iterator\" and a trust-anchor-file; BIND: dnssec-validation auto; Knot "
		"Resolver validates by default), or point clients at one that validates",
		"Until then, do not rely on its answers for DANE (TLSA), SSHFP or other "
		"DNSSEC-dependent records: it would pass forged data",
		"Check it with: dnssec-doctor resolver 192.0.2.53", NULL });
	assert_string_equal(rc->observed, "192.0.2.53 answered NOERROR without AD for "
	                    "www.alpha.lab.: 192.0.2.1, while the chain of trust is secure: a "
	                    "validating resolver sets AD (RFC 4035 3.2.3)");
	assert_string_equal(rc->recovery, "as soon as the resolver validates");
	assert_string_equal(rc->validator_result, "192.0.2.53: data without AD");
	assert_false(rc->explains_outage);
	assert_true(dd_name_equal(rc->zone, nm("alpha.lab.")));
	free(vs.v);
	dd_diagnosis_free(dg);

	/* SERVFAIL with Signature Expired, an inception an hour ago: the clock */
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	vs = (dd_views_t){ 0 };
	view(&vs, "192.0.2.53", an->target, false, DD_RCODE_SERVFAIL, false, 8);
	assert_int_equal(dd_diagnose_views(dg, an, &vs), DD_OK);
	rc = cause(dg, DD_CODE_CLOCK_SKEW);
	assert_ptr_equal(rc, &dg->causes[0]);
	char zname[1024];
	assert_int_equal(dd_name_to_str(rc->zone, zname, sizeof(zname)), DD_OK);
	char last[512];
	snprintf(last, sizeof(last), "To make %s less sensitive to skewed validators, sign with an "
	         "inception an hour or more in the past and re-sign well before expiration (RFC "
	         "6781 4.4.2)", zname);
	steps(rc, (const char *[]){
		"Check the clock of the resolver 192.0.2.53: run 'dnssec-doctor clock' (or chronyc "
		"tracking, timedatectl) on its host, and this machine's too",
		"Fix its time synchronisation (NTP); a validator's clock must be right to within "
		"minutes. Do not change the zone's DS or keys for this", last, NULL });
	assert_string_equal(rc->recovery, "as soon as the resolver's clock is right and its cached "
	                    "failures lapse (Unbound val-bogus-ttl 60 s)");
	assert_int_equal(rc->recovery_seconds, 60);
	assert_int_equal(rc->ede, 8);
	assert_string_equal(rc->validator_result, "192.0.2.53: SERVFAIL, EDE 8 (Signature Not Yet "
	                    "Valid)");
	assert_non_null(strstr(rc->observed, "became valid at"));
	assert_true(rc->explains_outage);
	free(vs.v);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);

	/* ten days later no edge is near: the resolver's own failure, the cache to flush */
	assert_int_equal(dd_analyze(ev, at + 10 * 86400, &an), DD_OK);
	assert_int_equal(dd_diagnose(an, ev, &dg), DD_OK);
	vs = (dd_views_t){ 0 };
	view(&vs, "192.0.2.53", an->target, false, DD_RCODE_SERVFAIL, false, -1);
	view(&vs, "192.0.2.53", an->target, true, DD_RCODE_NOERROR, false, -1);
	assert_int_equal(dd_diagnose_views(dg, an, &vs), DD_OK);
	rc = cause(dg, DD_CODE_RESOLVER_VALIDATION_FAILURE);
	steps(rc, (const char *[]){
		"Check the trust anchor of the resolver 192.0.2.53 (the root KSK, RFC 5011 updates; "
		"Unbound: auto-trust-anchor-file, BIND: managed-keys)",
		"Flush its cache for the name (unbound-control flush_bogus, rndc flushtree "
		"www.alpha.lab.) and read its log for the validation failure", NULL });
	assert_string_equal(rc->observed, "192.0.2.53 answered SERVFAIL without AD for "
	                    "www.alpha.lab.: 192.0.2.1; with CD: 192.0.2.53 answered NOERROR without "
	                    "AD for www.alpha.lab.: 192.0.2.1, while the chain of trust validates and "
	                    "no signature window edge is within a day");
	assert_string_equal(rc->recovery, "once the resolver's fault is fixed and its cached "
	                    "failures lapse");
	assert_int_equal(rc->recovery_seconds, -1);
	assert_string_equal(rc->validator_result, "192.0.2.53: SERVFAIL");
	free(vs.v);
	dd_diagnosis_free(dg);
	dd_analysis_free(an);
	dd_evidence_free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_publish_ds),
		cmocka_unit_test(test_finish_rollover),
		cmocka_unit_test(test_chain_templates),
		cmocka_unit_test(test_resign),
		cmocka_unit_test(test_server_copies),
		cmocka_unit_test(test_denial),
		cmocka_unit_test(test_algorithms_and_ds),
		cmocka_unit_test(test_work_limit),
		cmocka_unit_test(test_server_faults),
		cmocka_unit_test(test_rollover_templates),
		cmocka_unit_test(test_every_template),
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_views),
	};
	return cmocka_run_group_tests_name("diagnosis", tests, NULL, NULL);
}
