/* SPDX-License-Identifier: MIT
 * test_zone.c - check-zone on the RFC example zones, real signed root/TLD zones, Knot's
 * semantic-check suite (with the verdicts kzonecheck expects, mapped to our codes), small
 * hand-made faults, gzip input, --ds matching, the expiry horizon and the shared vocabulary. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "helpers.h"

#define KNOT DD_SHARED "/data/broken/knot-semantic-check/"
#define ZONES DD_SHARED "/data/signed-zones/"
#define BIND DD_SHARED "/data/broken/bind9/checkzone/"
#define MAXC 6

typedef struct zcase {
	const char *path;
	const char *origin;
	const char *at;          /* YYYYMMDDHHMMSS inside the signatures' windows */
	int exit_code;
	const char *want[MAXC];  /* codes that must be found */
	const char *forbid[MAXC];/* codes that must not */
} zcase_t;

static dd_zone_check_t *check_path(const char *path, const char *origin, int64_t at,
                                   int64_t warn)
{
	dd_zone_check_opts_t o = { .origin = origin, .at = at, .expire_warn = warn, .threads = 2 };
	dd_zone_check_t *res = NULL;
	dd_zonefile_error_t err;
	int r = dd_zone_check_file(path, &o, &res, &err);
	if (r != DD_OK) {
		char msg[600];
		dd_zonefile_error_str(&err, msg, sizeof(msg));
		fail_msg("%s: %s (%s)", path, dd_strerror(r), msg);
	}
	return res;
}

static void run_cases(const zcase_t *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const zcase_t *z = &cases[i];
		dd_zone_check_t *res = check_path(z->path, z->origin, ts(z->at), 0);
		int ex = dd_zone_check_exit(res);
		if (ex != z->exit_code) {
			for (size_t k = 0; k < res->nfindings; k++) {
				print_message("  %s: %s\n", res->findings[k].code, res->findings[k].detail);
			}
			fail_msg("%s: exit %d, expected %d", z->path, ex, z->exit_code);
		}
		for (size_t k = 0; k < MAXC && z->want[k]; k++) {
			if (!dd_zone_check_has(res, z->want[k])) {
				fail_msg("%s: %s not found", z->path, z->want[k]);
			}
		}
		for (size_t k = 0; k < MAXC && z->forbid[k]; k++) {
			if (dd_zone_check_has(res, z->forbid[k])) {
				fail_msg("%s: %s found but not expected", z->path, z->forbid[k]);
			}
		}
		dd_zone_check_free(res);
	}
}

/* The RFC example zones verify at a time inside their windows (only RFC 8624 advice). */
static void test_rfc_zones(void **state)
{
	(void)state;
	static const zcase_t cases[] = {
		{ DD_TEST_DATA "/rfc4035-appA.zone", "example.", "20040420000000", 1,
		  { "ALGORITHM_DEPRECATED", "DELEGATION_DS_DEPRECATED" },
		  { "RRSIG_INVALID", "RRSIG_MISSING", "NSEC_CHAIN_BROKEN", "NSEC_BITMAP_WRONG",
		    "NSEC_MISSING", "RRSIG_NON_AUTHORITATIVE" } },
		{ DD_TEST_DATA "/rfc5155-appA.zone", "example.", "20100101000000", 1,
		  { "ALGORITHM_DEPRECATED", "NSEC3_PARAMETERS_NOT_RECOMMENDED" },
		  { "RRSIG_INVALID", "NSEC3_MISSING", "NSEC3_CHAIN_BROKEN", "NSEC_BITMAP_WRONG",
		    "NSEC3_ORPHAN", "NSEC3_OPTOUT_WRONG" } },
		/* ... and fail after their windows, with the expiry named */
		{ DD_TEST_DATA "/rfc4035-appA.zone", "example.", "20040601000000", 2,
		  { "RRSIG_EXPIRED" }, { "RRSIG_INVALID" } },
		{ DD_TEST_DATA "/rfc5155-appA.zone", "example.", "20000101000000", 2,
		  { "RRSIG_NOT_YET_VALID" }, { "RRSIG_INVALID" } },
	};
	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Real zones with the verdicts of ldns-verify-zone and kzonecheck (data/SOURCES.md), plus
 * what they miss. */
static void test_real_zones(void **state)
{
	(void)state;
	static const zcase_t cases[] = {
		/* the root: every signature good; the TLDs' SHA-1 and RSASHA1 DS are notices */
		{ ZONES "root/root-2024101100.axfr", ".", "20241011050000", 0,
		  { "DELEGATION_DS_DEPRECATED" }, { "RRSIG_INVALID", "NSEC_CHAIN_BROKEN",
		                                    "NSEC_BITMAP_WRONG", "RRSIG_MISSING" } },
		/* revoked KSK-2010 signs the DNSKEY RRset beside KSK-2017 (RFC 5011) */
		{ ZONES "root/root-2019012200.zone", ".", "20190122050000", 0,
		  { NULL }, { "RRSIG_INVALID", "SEP_MISSING_FOR_ALGORITHM", "RRSIG_REDUNDANT_INVALID" } },
		/* upper-case DS owners: canonical order and signatures are case-insensitive */
		{ ZONES "root/root-2017082100.zone", ".", "20170821050000", 0,
		  { NULL }, { "RRSIG_INVALID", "NSEC_CHAIN_BROKEN", "RRSIG_MISSING" } },
		/* .fj: expired RRSIGs over glue (ldns, kzonecheck) and a missing glue (kzonecheck) */
		{ ZONES "tld/fj-2024101207.axfr", "fj.", "20241011160000", 2,
		  { "RRSIG_NON_AUTHORITATIVE", "ZONE_STRUCTURE", "NSEC3_PARAMETERS_NOT_RECOMMENDED" },
		  { "RRSIG_INVALID", "NSEC3_MISSING", "NSEC3_CHAIN_BROKEN" } },
		/* .tatar: NSEC3 Opt-Out */
		{ ZONES "tld/tatar-2017.axfr", "tatar.", "20170618030000", 0,
		  { "NSEC3_PARAMETERS_NOT_RECOMMENDED" }, { "NSEC3_MISSING", "NSEC3_OPTOUT_WRONG" } },
		/* .er: one CSK, CDS/CDNSKEY */
		{ ZONES "tld/er-2023103233.axfr", "er.", "20241011050000", 0,
		  { NULL }, { "CDS_MISMATCH", "SEP_MISSING_FOR_ALGORITHM" } },
		{ ZONES "tld/xn--wgbh1c-2024101200.axfr", "xn--wgbh1c.", "20241011160000", 0,
		  { NULL }, { "NSEC3_MISSING", "RRSIG_INVALID" } },
		{ ZONES "tld/arpa-2024101100.axfr", "arpa.", "20241011060000", 0, { NULL },
		  { "RRSIG_INVALID" } },
		/* BIND's checkzone deprecation zones (signed by ZSKs only: no SEP key) */
		{ BIND "warn.deprecated.rsasha1.db", "example.", "20250701000000", 2,
		  { "ALGORITHM_DEPRECATED", "SEP_MISSING_FOR_ALGORITHM" }, { "RRSIG_INVALID" } },
		{ BIND "warn.deprecated.nsec3rsasha1.db", "example.", "20250701000000", 2,
		  { "ALGORITHM_DEPRECATED" }, { "RRSIG_INVALID", "NSEC3_MISSING" } },
		{ BIND "warn.deprecated.digest-sha1.db", "example.", "20250701000000", 2,
		  { "DELEGATION_DS_DEPRECATED" }, { "RRSIG_INVALID" } },
		{ BIND "warn.deprecated.ds-alg.db", "example.", "20250701000000", 2,
		  { "DELEGATION_DS_DEPRECATED" }, { "RRSIG_INVALID" } },
		{ BIND "warn.deprecated.cds-sha1.db", "example.", "20250701000000", 2,
		  { "DS_DIGEST_WEAK" }, { "RRSIG_INVALID" } },
		/* .sl: DS RRsets left at names that are no longer delegations (both tools miss it) */
		{ ZONES "tld/sl-2915240283.axfr", "sl.", "20241011180000", 2,
		  { "DS_NOT_AT_DELEGATION" }, { "RRSIG_INVALID", "NSEC_CHAIN_BROKEN" } },
	};
	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Knot's semantic-check suite: upstream's expected error mapped to our code. */
static void test_knot_suite(void **state)
{
	(void)state;
	const char *o = "example.com.", *t = "20250601000000";
	const zcase_t cases[] = {
		{ KNOT "cdnskey.cds", o, t, 1, { "ALGORITHM_INCOMPLETE" }, { "CDS_MISMATCH" } },
		{ KNOT "cdnskey.delete.both", o, t, 1, { NULL }, { "CDS_MISMATCH" } },
		{ KNOT "cdnskey.delete.invalid.cdnskey", o, t, 2, { "CDS_MISMATCH" }, { NULL } },
		{ KNOT "cdnskey.delete.invalid.cds", o, t, 2, { "CDS_MISMATCH" }, { NULL } },
		{ KNOT "cdnskey.invalid", o, t, 2, { "CDS_MISMATCH" }, { NULL } },
		{ KNOT "cdnskey.invalid.param", o, t, 2, { "CDS_MISMATCH" }, { NULL } },
		{ KNOT "cdnskey.nocdnskey", o, t, 1, { "CDS_CDNSKEY_UNPAIRED" }, { NULL } },
		{ KNOT "cdnskey.nocds", o, t, 1, { "CDS_CDNSKEY_UNPAIRED" }, { NULL } },
		{ KNOT "cdnskey.nodnskey", o, t, 2, { "CDS_MISMATCH" }, { NULL } },
		{ KNOT "cdnskey.orphan.cdnskey", o, t, 2, { "CDS_MISMATCH" }, { NULL } },
		{ KNOT "cdnskey.orphan.cds", o, t, 2, { "CDS_MISMATCH" }, { NULL } },
		{ KNOT "cname_extra_01.zone", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "cname_multiple.zone", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "delegation.signed", o, t, 2, { "NSEC_BITMAP_WRONG" }, { NULL } },
		{ KNOT "different_signer_name.signed", o, t, 2, { "RRSIG_SIGNER_INVALID" }, { NULL } },
		{ KNOT "dname_apex_nsec3.signed", o, t, 0, { NULL }, { "NSEC3_MISSING" } },
		{ KNOT "dname_children.zone", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "dname_extra_ns.zone", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "dname_multiple.zone", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "dnskey_keytags.many", o, t, 1, { "DNSKEY_KEYTAG_COLLISION" }, { NULL } },
		{ KNOT "dnskey_param_error.signed", o, t, 2, { "DNSKEY_INVALID" }, { NULL } },
		{ KNOT "ds_apex.zone", o, t, 2, { "DS_NOT_AT_DELEGATION" }, { NULL } },
		{ KNOT "duplicate.signature", o, "20170403124330", 1, { "RRSIG_REDUNDANT_INVALID" },
		  { "RRSIG_INVALID" } },
		{ KNOT "duplicate.signature", o, t, 2, { "RRSIG_EXPIRED" }, { NULL } },
		{ KNOT "glue_apex_both.missing", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "glue_apex_one.missing", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "glue_besides.missing", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "glue_deleg.missing", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "glue_in_apex.missing", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "glue_in_deleg.valid", o, t, 0, { NULL }, { NULL } },
		{ KNOT "glue_no_foreign.valid", o, t, 0, { NULL }, { NULL } },
		{ KNOT "glue_wildcard.valid", o, t, 0, { NULL }, { NULL } },
		{ KNOT "invalid_ds.signed", o, t, 2, { "ALGORITHM_UNSUPPORTED", "DELEGATION_DS_DEPRECATED",
		                                       "NSEC3_MISSING" }, { NULL } },
		{ KNOT "missing.signed", o, t, 2, { "RRSIG_ORPHAN", "RRSIG_INVALID" }, { NULL } },
		{ KNOT "no_error_delegation_bitmap.signed", o, t, 0, { NULL }, { NULL } },
		{ KNOT "no_error_nsec3_optout.signed", o, t, 0, { NULL }, { "NSEC3_MISSING" } },
		{ KNOT "no_rrsig.signed", o, t, 2, { "RRSIG_MISSING" }, { NULL } },
		{ KNOT "no_rrsig_with_delegation.signed", o, t, 2, { "RRSIG_MISSING" }, { NULL } },
		{ KNOT "ns_apex.missing", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "nsec3_chain_01.signed", o, t, 2, { "NSEC3_CHAIN_BROKEN" }, { NULL } },
		{ KNOT "nsec3_chain_02.signed", o, t, 2, { "NSEC3_CHAIN_BROKEN" }, { NULL } },
		{ KNOT "nsec3_chain_03.signed", o, t, 2, { "NSEC3_CHAIN_BROKEN" }, { NULL } },
		{ KNOT "nsec3_ds.signed", o, t, 2, { "NSEC3_MISSING" }, { NULL } },
		{ KNOT "nsec3_missing.signed", o, t, 2, { "NSEC3_MISSING" }, { NULL } },
		{ KNOT "nsec3_optout.signed", o, t, 2, { "NSEC3_MISSING" }, { NULL } },
		{ KNOT "nsec3_optout_ent.all", o, t, 0, { NULL }, { "NSEC3_MISSING" } },
		{ KNOT "nsec3_optout_ent.invalid", o, t, 2, { "NSEC3_MISSING" }, { NULL } },
		{ KNOT "nsec3_optout_ent.valid", o, t, 0, { NULL }, { "NSEC3_MISSING" } },
		{ KNOT "nsec3_param_invalid.signed", o, t, 2, { "NSEC3PARAM_INVALID", "NSEC3_MISSING" },
		  { NULL } },
		{ KNOT "nsec3_wrong_bitmap_01.signed", o, t, 2, { "NSEC_BITMAP_WRONG" }, { NULL } },
		{ KNOT "nsec3_wrong_bitmap_02.signed", o, t, 2, { "NSEC_BITMAP_WRONG" }, { NULL } },
		{ KNOT "nsec_broken_chain_01.signed", o, t, 2, { "NSEC_CHAIN_BROKEN" }, { NULL } },
		{ KNOT "nsec_broken_chain_02.signed", o, t, 2, { "NSEC_CHAIN_BROKEN" }, { NULL } },
		{ KNOT "nsec_missing.signed", o, t, 2, { "NSEC_MISSING" }, { NULL } },
		{ KNOT "nsec_multiple.signed", o, t, 2, { "NSEC_CHAIN_BROKEN" }, { NULL } },
		{ KNOT "nsec_nonauth.invalid", o, "20240720000000", 2, { "NSEC_NON_AUTHORITATIVE" },
		  { NULL } },
		{ KNOT "nsec_wrong_bitmap_01.signed", o, t, 2, { "NSEC_BITMAP_WRONG" }, { NULL } },
		{ KNOT "nsec_wrong_bitmap_02.signed", o, t, 2, { "NSEC_BITMAP_WRONG" }, { NULL } },
		{ KNOT "rrsig_rdata_ttl.signed", o, t, 2, { "RRSIG_INVALID" }, { NULL } },
		{ KNOT "rrsig_signed.signed", o, t, 2, { "RRSIG_INVALID" }, { NULL } },
		{ KNOT "rrsig_ttl.signed", o, t, 0, { NULL }, { NULL } },
		{ KNOT "soa.duplicate", o, t, 0, { NULL }, { NULL } },
		{ KNOT "soa.multiple", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "soa.missing", o, t, 2, { "ZONE_STRUCTURE" }, { NULL } },
		{ KNOT "soa.relative", "soa.relative.", t, 0, { NULL }, { NULL } },
	};
	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* A small NSEC zone signed by hand in the test: an RFC 4035 App. A copy with faults. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static dd_zone_check_t *check_text(const char *text, int64_t at, int64_t warn)
{
	dd_zone_check_opts_t o = { .origin = "example.", .at = at, .expire_warn = warn };
	dd_zone_check_t *res = NULL;
	assert_int_equal(dd_zone_check_string(text, strlen(text), &o, &res, NULL), DD_OK);
	return res;
}

/* Replace the first occurrence of @p from with @p to (same or shorter length). */
static char *edit(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	assert_non_null(p);
	size_t n = strlen(text) + strlen(to) + 1;
	char *out = malloc(n);
	assert_non_null(out);
	size_t pre = (size_t)(p - text);
	memcpy(out, text, pre);
	strcpy(out + pre, to);
	strcat(out, p + strlen(from));
	return out;
}

static void test_faults(void **state)
{
	(void)state;
	size_t len;
	char *zone = read_all(DD_TEST_DATA "/rfc4035-appA.zone", &len);
	int64_t at = ts("20040420000000");
	/* baseline */
	dd_zone_check_t *res = check_text(zone, at, 0);
	assert_int_equal(res->signatures, res->verifications);
	assert_true(res->signed_zone);
	assert_int_equal(res->denial, DD_ZONE_DENIAL_NSEC);
	assert_int_equal(dd_zone_check_count(res, "RRSIG_INVALID"), 0);
	dd_zone_check_free(res);
	/* a changed A record: its signature no longer verifies */
	char *z1 = edit(zone, "IN A   192.0.2.9", "IN A   192.0.2.8");
	res = check_text(z1, at, 0);
	assert_true(dd_zone_check_has(res, "RRSIG_INVALID"));
	assert_int_equal(dd_zone_check_exit(res), 2);
	dd_zone_check_free(res);
	free(z1);
	/* a removed NSEC record: the chain skips the name */
	char *z2 = edit(zone, "NSEC   ai.example. NS DS RRSIG NSEC", "TXT    gone");
	res = check_text(z2, at, 0);
	assert_true(dd_zone_check_has(res, "NSEC_MISSING") || dd_zone_check_has(res, "NSEC_CHAIN_BROKEN"));
	dd_zone_check_free(res);
	free(z2);
	/* a type bitmap with a trailing zero octet (RFC 4034 4.1.2 says omit it), in RFC 3597
	 * generic form: validators accept it, a zone gate does not */
	char *z3 = edit(zone, "NSEC   b.example. A HINFO AAAA RRSIG NSEC",
	                "NSEC   \\# 20 0162076578616d706c6500000740040008000300");
	res = check_text(z3, at, 0);
	assert_int_equal(dd_zone_check_count(res, "NSEC_BITMAP_WRONG"), 1);
	bool trailing = false;
	for (size_t i = 0; i < res->nfindings; i++) {
		trailing |= strstr(res->findings[i].detail, "trailing zero octets") != NULL;
	}
	assert_true(trailing);
	dd_zone_check_free(res);
	free(z3);
	/* expiry horizon: one week before the earliest expiration warns, one second after
	 * the check time does not */
	res = check_text(zone, at, 0);
	int64_t first = res->earliest_expiration;
	assert_true(first > at);
	assert_true(res->nexpiry > 0);
	dd_zone_check_free(res);
	res = check_text(zone, first - 3 * 86400, 7 * 86400);
	assert_true(dd_zone_check_has(res, "RRSIG_EXPIRING"));
	assert_int_equal(dd_zone_check_exit(res), 1);
	dd_zone_check_free(res);
	res = check_text(zone, first - 8 * 86400, 7 * 86400);
	assert_false(dd_zone_check_has(res, "RRSIG_EXPIRING"));
	dd_zone_check_free(res);
	res = check_text(zone, first + 1, 7 * 86400);
	assert_true(dd_zone_check_has(res, "RRSIG_EXPIRED"));
	dd_zone_check_free(res);
	free(zone);
}

/* --ds: the DS of the KSK matches; a wrong digest and an unknown key are named. */
static void test_ds(void **state)
{
	(void)state;
	const char *path = KNOT "rrsig_ttl.signed";
	int64_t at = ts("20250601000000");
	dd_zone_check_t *base = check_path(path, "example.com.", at, 0);
	/* find the KSK's DNSKEY RDATA and make its DS */
	tzone_t *z = tzone_load(path, "example.com.");
	dd_rr_t ds[2];
	uint8_t owner[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str("example.com.", owner) > 0);
	uint8_t good[4 + DD_DIGEST_MAXLEN], bad[4 + DD_DIGEST_MAXLEN];
	size_t dlen = 0;
	bool found = false;
	for (size_t i = 0; i < z->count && !found; i++) {
		const trec_t *r = &z->recs[i];
		if (r->type == DD_TYPE_DNSKEY && (r->rdata[1] & 1)) {
			uint16_t tag = dd_keytag(r->rdata, r->len);
			good[0] = (uint8_t)(tag >> 8);
			good[1] = (uint8_t)tag;
			good[2] = r->rdata[3];
			good[3] = 2;
			assert_int_equal(dd_ds_digest(owner, r->rdata, r->len, 2, good + 4, &dlen), DD_OK);
			found = true;
		}
	}
	assert_true(found);
	memcpy(bad, good, 4 + dlen);
	bad[4] ^= 0xff;
	ds[0] = (dd_rr_t){ .owner = owner, .type = DD_TYPE_DS, .rclass = 1,
		           .rdata = { .data = good, .len = (uint16_t)(4 + dlen) } };
	ds[1] = (dd_rr_t){ .owner = owner, .type = DD_TYPE_DS, .rclass = 1,
		           .rdata = { .data = bad, .len = (uint16_t)(4 + dlen) } };
	dd_zone_check_opts_t o = { .origin = "example.com.", .at = at, .ds = ds, .nds = 1 };
	dd_zone_check_t *res = NULL;
	assert_int_equal(dd_zone_check_file(path, &o, &res, NULL), DD_OK);
	assert_int_equal(dd_zone_check_exit(res), dd_zone_check_exit(base));
	bool matched = false;
	for (size_t k = 0; k < res->nkeys; k++) {
		matched |= res->keys[k].ds_matched && res->keys[k].signs_dnskey;
	}
	assert_true(matched);
	dd_zone_check_free(res);
	/* the wrong digest alone: the zone would be bogus */
	o.ds = ds + 1;
	assert_int_equal(dd_zone_check_file(path, &o, &res, NULL), DD_OK);
	assert_true(dd_zone_check_has(res, "DS_DIGEST_MISMATCH"));
	assert_int_equal(dd_zone_check_exit(res), 2);
	dd_zone_check_free(res);
	/* both: the wrong one is stale */
	o.ds = ds;
	o.nds = 2;
	assert_int_equal(dd_zone_check_file(path, &o, &res, NULL), DD_OK);
	assert_true(dd_zone_check_has(res, "DS_STALE_EXTRA"));
	assert_false(dd_zone_check_has(res, "DS_DIGEST_MISMATCH"));
	dd_zone_check_free(res);
	dd_zone_check_free(base);
	tzone_free(z);
}

/* gzip input gives the same result as the plain file; a parse error names file and line. */
static void test_gzip_and_errors(void **state)
{
	(void)state;
	size_t len;
	char *zone = read_all(DD_TEST_DATA "/rfc5155-appA.zone", &len);
	char path[] = "/tmp/dd-test-zone-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	gzFile gz = gzdopen(fd, "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, zone, (unsigned)len), (int)len);
	assert_int_equal(gzclose(gz), Z_OK);
	int64_t at = ts("20100101000000");
	dd_zone_check_t *a = check_path(DD_TEST_DATA "/rfc5155-appA.zone", "example.", at, 0);
	dd_zone_check_t *b = check_path(path, "example.", at, 0);
	assert_int_equal(a->records, b->records);
	assert_int_equal(a->verifications, b->verifications);
	assert_int_equal(a->ncounts, b->ncounts);
	dd_zone_check_free(a);
	dd_zone_check_free(b);
	unlink(path);
	free(zone);

	const char *bad = "$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.300\n";
	dd_zone_check_opts_t o = { .origin = "example." };
	dd_zone_check_t *res = NULL;
	dd_zonefile_error_t err;
	assert_int_equal(dd_zone_check_string(bad, strlen(bad), &o, &res, &err), DD_EPARSE);
	assert_null(res);
	assert_int_equal(err.line, 4);
	/* BIND's crashzone.db (a truncated RRSIG field once crashed BIND): a parse error with the
	 * line, the text made printable */
	assert_int_equal(dd_zone_check_file(BIND "crashzone.db", &o, &res, &err), DD_EPARSE);
	assert_true(err.line > 0);
	for (const char *p = err.text; *p; p++) {
		assert_true(*p == '\t' || (*p >= 0x20 && *p < 0x7f));
	}
	/* no origin and no SOA */
	const char *nosoa = "www.example. 300 A 192.0.2.1\n";
	dd_zone_check_opts_t o2 = { 0 };
	assert_int_equal(dd_zone_check_string(nosoa, strlen(nosoa), &o2, &res, &err), DD_EINVAL);
	/* an unsigned zone is valid and says so */
	const char *plain = "$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n";
	assert_int_equal(dd_zone_check_string(plain, strlen(plain), &o2, &res, &err), DD_OK);
	assert_false(res->signed_zone);
	assert_int_equal(dd_zone_check_exit(res), 0);
	assert_int_equal(res->names, 2);
	dd_zone_check_free(res);
	/* ... but not with a DS at the parent: the stale-DS outage */
	uint8_t apex[DD_NAME_MAXLEN], dsrd[36] = { 0x30, 0x39, 13, 2 };
	assert_true(dd_name_from_str("example.", apex) > 0);
	dd_rr_t ds = { .owner = apex, .type = DD_TYPE_DS, .rclass = 1,
		       .rdata = { .data = dsrd, .len = sizeof(dsrd) } };
	o2.ds = &ds;
	o2.nds = 1;
	assert_int_equal(dd_zone_check_string(plain, strlen(plain), &o2, &res, &err), DD_OK);
	assert_true(dd_zone_check_has(res, "DS_WITHOUT_DNSKEY"));
	assert_int_equal(dd_zone_check_exit(res), 2);
	dd_zone_check_free(res);
}

/* Every code has a severity and a meaning, is documented in docs/findings.md with that
 * severity, and the table answers lookups. */
static void test_vocabulary(void **state)
{
	(void)state;
	size_t n = 0, len = 0;
	char *doc = read_all(DD_TEST_DATA "/../../../docs/findings.md", &len);
	for (const dd_finding_info_t *i = dd_finding_info_at(0); i; i = dd_finding_info_at(++n)) {
		assert_non_null(i->meaning);
		assert_true(i->severity <= DD_SEV_ERROR);
		assert_ptr_equal(dd_finding_info(i->code), i);
		char row[128];
		snprintf(row, sizeof(row), "| `%s` | %s |", i->code, dd_severity_name(i->severity));
		if (strstr(doc, row) == NULL) {
			fail_msg("docs/findings.md lacks the row of %s (%s)", i->code,
			         dd_severity_name(i->severity));
		}
	}
	free(doc);
	assert_true(n > 40);
	assert_null(dd_finding_info("NO_SUCH_CODE"));
	assert_string_equal(dd_finding_info("RRSIG_EXPIRED")->dnsviz, "EXPIRATION_IN_PAST");
	assert_int_equal(dd_finding_info("RRSIG_EXPIRING")->severity, DD_SEV_WARNING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_zones),
		cmocka_unit_test(test_real_zones),
		cmocka_unit_test(test_knot_suite),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_ds),
		cmocka_unit_test(test_gzip_and_errors),
		cmocka_unit_test(test_vocabulary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
