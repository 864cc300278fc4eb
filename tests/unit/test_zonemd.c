/* SPDX-License-Identifier: MIT
 * test_zonemd.c - check-zone's ZONEMD (RFC 8976): every case of Verisign's zonemd-test-cases
 * with the result its own config file expects, every zone of ldns's 25-ZONEMD test with the
 * result ldns's test script gives it, the real root zones (2024-10-11 verifies with SHA-384;
 * 2023-11-05's private-use hash 241 is unsupported, which is not a pass), and edits that must
 * fail, with the findings' wording: a changed record, a changed SOA serial, a wrong SHA-512
 * beside a right SHA-384, a changed RRSIG over the apex ZONEMD (outside the digest, so only
 * DNSSEC fails) and a changed RRSIG over the apex SOA (inside it). */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "helpers.h"

#define VS DD_SHARED "/data/broken/zonemd-test-cases"
#define LDNS DD_SHARED "/data/broken/ldns-zonemd"
#define ROOT DD_SHARED "/data/signed-zones/root/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fail_msg("cannot open %s", path);
	}
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	char chunk[65536];
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (n + got + 1 > cap) {
			cap = (n + got + 1) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		memcpy(buf + n, chunk, got);
		n += got;
	}
	fclose(f);
	if (buf == NULL) {
		buf = calloc(1, 1);
		assert_non_null(buf);
	}
	buf[n] = '\0';
	if (len != NULL) {
		*len = n;
	}
	return buf;
}

/* @p text with its first @p from replaced by @p to (a new string); fails if absent. */
static char *edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	if (at == NULL) {
		fail_msg("edit: '%s' not found", from);
	}
	size_t lt = strlen(text), lf = strlen(from), lto = strlen(to);
	char *out = malloc(lt - lf + lto + 1);
	assert_non_null(out);
	memcpy(out, text, (size_t)(at - text));
	memcpy(out + (at - text), to, lto);
	memcpy(out + (at - text) + lto, at + lf, lt - (size_t)(at - text) - lf + 1);
	return out;
}

/* The value of "key=value" in a case's config file, into @p out; false when absent. */
static bool config_get(const char *cfg, const char *key, char *out, size_t outlen)
{
	size_t kl = strlen(key);
	for (const char *l = cfg; l != NULL && *l;
	     l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, key, kl) == 0 && l[kl] == '=') {
			size_t vl = strcspn(l + kl + 1, "\r\n");
			snprintf(out, outlen, "%.*s", (int)vl, l + kl + 1);
			return true;
		}
	}
	return false;
}

static dd_zone_check_t *check(const char *path, const char *text, const char *origin, int64_t at,
                              dd_zonefile_error_t *err, int *ret)
{
	dd_zone_check_opts_t o = { .origin = origin, .at = at, .threads = 2 };
	dd_zone_check_t *res = NULL;
	*ret = path ? dd_zone_check_file(path, &o, &res, err)
	            : dd_zone_check_string(text, strlen(text), &o, &res, err);
	return *ret == DD_OK ? res : NULL;
}

static dd_zone_check_t *check_ok(const char *path, const char *text, const char *origin,
                                 int64_t at)
{
	dd_zonefile_error_t err;
	int ret;
	dd_zone_check_t *res = check(path, text, origin, at, &err, &ret);
	if (res == NULL) {
		char msg[600];
		dd_zonefile_error_str(&err, msg, sizeof(msg));
		fail_msg("%s: %s (%s)", path ? path : "<text>", dd_strerror(ret), msg);
	}
	return res;
}

/* The first kept finding with @p code, or NULL. */
static const dd_finding_t *finding(const dd_zone_check_t *res, const char *code)
{
	for (size_t i = 0; i < res->nfindings; i++) {
		if (strcmp(res->findings[i].code, code) == 0) {
			return &res->findings[i];
		}
	}
	return NULL;
}

/* ZONEMD findings of severity warning or error. */
static size_t zonemd_faults(const dd_zone_check_t *res)
{
	size_t n = 0;
	for (size_t i = 0; i < res->ncounts; i++) {
		if (strncmp(res->counts[i].code, "ZONEMD_", 7) == 0 &&
		    res->counts[i].severity >= DD_SEV_WARNING) {
			n += res->counts[i].count;
		}
	}
	return n;
}

static void dump(const char *name, const dd_zone_check_t *res)
{
	print_message("%s: zonemd %s scheme %u hash %u serial %u, exit %d\n", name,
	              dd_zone_zonemd_status_name(res->zonemd.status), res->zonemd.scheme,
	              res->zonemd.hash_algorithm, res->zonemd.serial, dd_zone_check_exit(res));
	for (size_t k = 0; k < res->nfindings; k++) {
		print_message("  %s: %s\n", res->findings[k].code, res->findings[k].detail);
	}
}

/* Judge one result against an expected "success" or "failure" (RFC 8976 4): success is a
 * verified digest with no ZONEMD warning or error; failure is a status other than verified
 * with a ZONEMD warning or error saying why, and an exit code that is not 0. */
static void expect(const char *name, const dd_zone_check_t *res, bool success)
{
	bool ok;
	if (success) {
		ok = res->zonemd.status == DD_ZONE_ZONEMD_VERIFIED && zonemd_faults(res) == 0 &&
		     res->zonemd.scheme == 1 &&
		     (res->zonemd.hash_algorithm == 1 || res->zonemd.hash_algorithm == 2);
	} else {
		ok = (res->zonemd.status == DD_ZONE_ZONEMD_MISMATCH ||
		      res->zonemd.status == DD_ZONE_ZONEMD_UNSUPPORTED) && zonemd_faults(res) > 0 &&
		     dd_zone_check_exit(res) > 0;
	}
	if (!ok) {
		dump(name, res);
		fail_msg("%s: expected %s", name, success ? "success" : "failure");
	}
}

/* Cases whose file the zone reader (libzscanner) refuses, with the reason it gives; a case
 * with a faithful rewrite is also checked rewritten. A case here that the reader accepts is
 * checked as any other. */
static const struct reader_limit {
	const char *name;
	const char *message;     /* the reader's error */
	const char *from, *to;   /* a rewrite that keeps the zone's meaning, or NULL */
} LIMITS[] = {
	/* the NULL type's mnemonic; RFC 3597 names it TYPE10, with the same generic RDATA */
	{ "15-no-rdata", "unsupported record type", "IN\tNULL\t", "IN\tTYPE10\t" },
	/* SIG (RFC 2535) in presentation form */
	{ "22-lots-rr-types", "unsupported record type", NULL, NULL },
	/* base64 split inside a 4-character group (architecture.md, Known limits); the same zone
	 * is ldns's A.4.The-URI.ARPA-Zone, checked below */
	{ "42-rfc8976-uri.arpa-example", "invalid Base64", NULL, NULL },
	/* classes HS and ANY beside IN: the reader takes one class */
	{ "80-mixed-classes", "unsupported record type", NULL, NULL },
};

/* The code a failing case must give, by its number: the failures the case set documents
 * (../shared/data/SOURCES.md: repeated scheme/hash 30, digest too small 31, truncated digest
 * 32, unknown hash 33, unknown scheme 34, wrong serial 35). */
static const char *failure_code(const char *name)
{
	static const struct { const char *num, *code; } C[] = {
		{ "30-", "ZONEMD_DUPLICATE" }, { "31-", "ZONEMD_MALFORMED" },
		{ "32-", "ZONEMD_MALFORMED" }, { "33-", "ZONEMD_UNSUPPORTED" },
		{ "34-", "ZONEMD_UNSUPPORTED" }, { "35-", "ZONEMD_SERIAL_MISMATCH" },
	};
	for (size_t i = 0; i < sizeof(C) / sizeof(C[0]); i++) {
		if (strncmp(name, C[i].num, 3) == 0) {
			return C[i].code;
		}
	}
	return NULL;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of @p dir (no dot files), sorted; free each and the array. */
static char **list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		fail_msg("cannot open %s", dir);
	}
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') {
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			names = realloc(names, cap * sizeof(*names));
			assert_non_null(names);
		}
		names[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, *n, sizeof(*names), name_cmp);
	return names;
}

/* Verisign's zonemd-test-cases: each folder's config names the file, the origin and
 * expected_result. The one signed case (44, the root re-signed with test keys in January 2021)
 * is checked inside its signatures' window, where its ZONEMD RRset must also validate. */
static void test_verisign_cases(void **state)
{
	(void)state;
	size_t n, checked = 0, limited = 0;
	char **cases = list_dir(VS, &n);
	for (size_t i = 0; i < n; i++) {
		char path[1024], file[256], origin[256], expected[32];
		snprintf(path, sizeof(path), "%s/%s/config", VS, cases[i]);
		FILE *probe = fopen(path, "rb");
		if (probe == NULL) {
			continue;  /* LICENSE.txt */
		}
		fclose(probe);
		char *cfg = slurp(path, NULL);
		if (!config_get(cfg, "zonefile", file, sizeof(file)) ||
		    !config_get(cfg, "origin", origin, sizeof(origin)) ||
		    !config_get(cfg, "expected_result", expected, sizeof(expected))) {
			fail_msg("%s: config lacks zonefile, origin or expected_result", cases[i]);
		}
		free(cfg);
		bool success = strcmp(expected, "success") == 0;
		if (!success && strcmp(expected, "failure") != 0) {
			fail_msg("%s: expected_result=%s", cases[i], expected);
		}
		if (strcmp(origin, ".") != 0) {
			strcat(origin, ".");
		}
		snprintf(path, sizeof(path), "%s/%s/%s", VS, cases[i], file);
		dd_zonefile_error_t err;
		int ret;
		dd_zone_check_t *res = check(path, NULL, origin, ts("20210201000000"), &err, &ret);
		const struct reader_limit *lim = NULL;
		for (size_t k = 0; k < sizeof(LIMITS) / sizeof(LIMITS[0]); k++) {
			if (strcmp(LIMITS[k].name, cases[i]) == 0) {
				lim = &LIMITS[k];
			}
		}
		if (res == NULL) {
			if (lim == NULL || ret != DD_EPARSE ||
			    strstr(err.message, lim->message) == NULL) {
				fail_msg("%s: %s (%s)", cases[i], dd_strerror(ret), err.message);
			}
			limited++;
			if (lim->from == NULL) {
				continue;
			}
			char *text = slurp(path, NULL);
			char *fixed = edit(text, lim->from, lim->to);
			while (strstr(fixed, lim->from) != NULL) {
				char *again = edit(fixed, lim->from, lim->to);
				free(fixed);
				fixed = again;
			}
			res = check_ok(NULL, fixed, origin, ts("20210201000000"));
			free(text);
			free(fixed);
		}
		expect(cases[i], res, success);
		const char *code = failure_code(cases[i]);
		if (!success && code != NULL && !dd_zone_check_has(res, code)) {
			dump(cases[i], res);
			fail_msg("%s: %s not found", cases[i], code);
		}
		if (strncmp(cases[i], "14-", 3) == 0 &&
		    !dd_zone_check_has(res, "ZONEMD_NOT_AT_APEX")) {
			fail_msg("%s: the ZONEMD below the apex is not noted", cases[i]);
		}
		if (strncmp(cases[i], "44-", 3) == 0) {
			assert_int_equal(res->zonemd.dnssec, DD_STATUS_SECURE);
			assert_int_equal(dd_zone_check_exit(res), 0);
		}
		checked++;
		dd_zone_check_free(res);
	}
	for (size_t i = 0; i < n; i++) {
		free(cases[i]);
	}
	free(cases);
	/* 28 cases, of which the reader refuses 4 and one of those is checked rewritten */
	assert_int_equal(checked + limited, 28 + 1);
	assert_int_equal(limited, 4);
}

/* The owner of the first SOA record of a zone file, as ldns takes its origin when none is
 * given (the files use names relative to it): the first token of the first line, not a
 * comment, that holds the word SOA. */
static void soa_owner(const char *text, char *out, size_t outlen)
{
	for (const char *l = text; l != NULL && *l;
	     l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		size_t ll = strcspn(l, "\n");
		if (*l == ';' || *l == ' ' || *l == '\t' || ll == 0) {
			continue;
		}
		for (size_t k = 0; k + 5 <= ll; k++) {
			if ((l[k] == ' ' || l[k] == '\t') && strncmp(l + k + 1, "SOA", 3) == 0 &&
			    (l[k + 4] == ' ' || l[k + 4] == '\t')) {
				snprintf(out, outlen, "%.*s", (int)strcspn(l, " \t"), l);
				return;
			}
		}
	}
	fail_msg("no SOA line");
}

/* ldns's 25-ZONEMD test: its script (25-ZONEMD.test, not copied) verifies the RFC 8976
 * Appendix A zones A.1-A.5, which must succeed (A.4 with DNSSEC allowed to fail: its ZONEMD
 * has no RRSIG), and "repeated-ZONEMD-scheme-and-algorithm", which must fail. */
static void test_ldns_cases(void **state)
{
	(void)state;
	size_t n, checked = 0;
	char **files = list_dir(LDNS, &n);
	for (size_t i = 0; i < n; i++) {
		if (strstr(files[i], ".help") != NULL) {
			continue;
		}
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", LDNS, files[i]);
		bool success = strncmp(files[i], "A.", 2) == 0;
		char origin[256];
		char *text = slurp(path, NULL);
		soa_owner(text, origin, sizeof(origin));
		free(text);
		dd_zone_check_t *res = check_ok(path, NULL, origin, ts("20181021203928"));
		expect(files[i], res, success);
		if (strncmp(files[i], "A.4.", 4) == 0) {
			/* signed, with an unsigned ZONEMD: the core says so, as for any RRset */
			assert_int_equal(res->zonemd.dnssec, DD_STATUS_BOGUS);
			const dd_finding_t *f = finding(res, "RRSIG_MISSING");
			assert_non_null(f);
			assert_int_equal(f->rrtype, DD_TYPE_ZONEMD);
		} else {
			assert_int_equal(res->zonemd.dnssec, DD_STATUS_INSECURE);
		}
		if (strncmp(files[i], "A.3.", 4) == 0) {
			/* SHA-384, SHA-512, hash 240 and scheme 241: the supported ones verify */
			assert_int_equal(res->zonemd.records, 4);
			assert_false(dd_zone_check_has(res, "ZONEMD_UNSUPPORTED"));
		}
		if (!success) {
			const dd_finding_t *f = finding(res, "ZONEMD_DUPLICATE");
			assert_non_null(f);
			const char *want = "2 ZONEMD records at example. have scheme 1 "
			                   "(SIMPLE) and hash algorithm 1 (SHA-384)";
			assert_non_null(strstr(f->detail, want));
		}
		checked++;
		dd_zone_check_free(res);
	}
	for (size_t i = 0; i < n; i++) {
		free(files[i]);
	}
	free(files);
	assert_int_equal(checked, 6);
}

/* The real root: 2024-10-11 carries a SHA-384 ZONEMD that verifies and validates;
 * 2023-11-05 one with the private-use hash algorithm 241, which verifies nothing; 2019-01-22
 * none. */
static void test_root_zones(void **state)
{
	(void)state;
	dd_zone_check_t *res = check_ok(ROOT "root-2024101100.axfr", NULL, ".",
	                                ts("20241011050000"));
	if (res->zonemd.status != DD_ZONE_ZONEMD_VERIFIED) {
		dump("root-2024101100", res);
	}
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_VERIFIED);
	assert_int_equal(res->zonemd.scheme, 1);
	assert_int_equal(res->zonemd.hash_algorithm, 1);
	assert_int_equal(res->zonemd.serial, 2024101100u);
	assert_int_equal(res->zonemd.records, 1);
	assert_int_equal(res->zonemd.dnssec, DD_STATUS_SECURE);
	assert_int_equal(dd_zone_check_exit(res), 0);
	assert_int_equal(zonemd_faults(res), 0);
	/* the text and the HTML report say it in the same words */
	static const char said[] = "ZONEMD: verified, serial 2024101100, scheme 1 (SIMPLE), hash "
	                           "algorithm 1 (SHA-384); its RRSIG validates";
	for (int html = 0; html < 2; html++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		assert_non_null(m);
		dd_report_opts_t ro = { .level = DD_SEV_NOTICE };
		assert_int_equal(html ? dd_report_zone_html(m, res, &ro) : dd_report_zone_text(m, res, &ro),
		                 DD_OK);
		assert_int_equal(fclose(m), 0);
		if (strstr(buf, said) == NULL) {
			fail_msg("the %s report lacks \"%s\"", html ? "HTML" : "text", said);
		}
		free(buf);
	}
	dd_zone_check_free(res);

	res = check_ok(ROOT "root-2023110500.dnsjava-testdata.zone", NULL, ".",
	               ts("20231105050000"));
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_UNSUPPORTED);
	assert_int_equal(res->zonemd.hash_algorithm, 241);
	assert_int_equal(res->zonemd.serial, 2023110500u);
	assert_int_equal(dd_zone_check_count(res, "ZONEMD_UNSUPPORTED"), 1);
	assert_int_equal(dd_zone_check_exit(res), 1);  /* not a pass */
	const dd_finding_t *f = finding(res, "ZONEMD_UNSUPPORTED");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_WARNING);
	assert_non_null(strstr(f->detail, "the ZONEMD at . (serial 2023110500) has scheme 1 "
	                                  "(SIMPLE) and hash algorithm 241 (private use)"));
	assert_non_null(strstr(f->detail, "its digest is not verified"));
	dd_zone_check_free(res);

	res = check_ok(ROOT "root-2019012200.zone", NULL, ".", ts("20190122050000"));
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_ABSENT);
	assert_int_equal(res->zonemd.records, 0);
	assert_int_equal(zonemd_faults(res), 0);
	dd_zone_check_free(res);
}

/* Edits of a verifying zone fail, and the finding names the scheme, hash algorithm, serial
 * and both digests' beginnings. */
static void test_edits(void **state)
{
	(void)state;
	char *text = slurp(VS "/01-sha384-simple/example.zone", NULL);
	int64_t at = ts("20210201000000");
	dd_zone_check_t *res = check_ok(NULL, text, "example.", at);
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_VERIFIED);
	dd_zone_check_free(res);

	/* one address changed */
	char *t = edit(text, "127.0.0.1", "127.0.0.2");
	res = check_ok(NULL, t, "example.", at);
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_MISMATCH);
	assert_int_equal(dd_zone_check_exit(res), 2);
	const dd_finding_t *f = finding(res, "ZONEMD_MISMATCH");
	assert_non_null(f);
	assert_int_equal(f->severity, DD_SEV_ERROR);
	/* the digest in the file begins 8ee54f64ce0d57fd */
	assert_non_null(strstr(f->detail, "the ZONEMD at example. (serial 2018031900, scheme 1 "
	                                  "SIMPLE, hash algorithm 1 SHA-384) holds the digest "
	                                  "8ee54f64ce0d57fd..., the zone as read gives "));
	assert_null(strstr(f->detail, "gives 8ee54f64ce0d57fd"));
	dd_zone_check_free(res);
	free(t);

	/* a repeat of an RR that differs only in the case of a name in its RDATA is the same RR
	 * in canonical form (RFC 4034 6.2): the digest includes it once (RFC 8976 3.3.1) */
	t = edit(text, "ns.example.\t3600",
	         "example.\t86400\tIN\tNS\tNS.EXAMPLE.\nns.example.\t3600");
	res = check_ok(NULL, t, "example.", at);
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_VERIFIED);
	dd_zone_check_free(res);
	free(t);

	/* the SOA serial moved on, the ZONEMD did not */
	t = edit(text, "admin.example. 2018031900", "admin.example. 2018031901");
	res = check_ok(NULL, t, "example.", at);
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_MISMATCH);
	f = finding(res, "ZONEMD_SERIAL_MISMATCH");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "has serial 2018031900, the SOA has serial 2018031901"));
	assert_false(dd_zone_check_has(res, "ZONEMD_MISMATCH"));
	dd_zone_check_free(res);
	free(t);

	/* a wrong SHA-512 beside the right SHA-384: RFC 8976 4 passes on the one that verifies,
	 * the wrong one is still an error of the zone */
	char *extra = malloc(strlen(text) + 256);
	assert_non_null(extra);
	strcpy(extra, text);
	strcat(extra, "example. 86400 IN ZONEMD 2018031900 1 2 ");
	for (int k = 0; k < 64; k++) {
		strcat(extra, "ab");
	}
	strcat(extra, "\n");
	res = check_ok(NULL, extra, "example.", at);
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_VERIFIED);
	assert_int_equal(res->zonemd.hash_algorithm, 1);
	f = finding(res, "ZONEMD_MISMATCH");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "hash algorithm 2 SHA-512) holds the digest "
	                                  "abababababababab..."));
	dd_zone_check_free(res);
	free(extra);

	/* many records of one pair (a hostile zone): one finding that counts them */
	size_t cap = strlen(text) + 5000 * 160;
	char *many = malloc(cap);
	assert_non_null(many);
	strcpy(many, text);
	size_t len = strlen(many);
	for (int k = 0; k < 5000; k++) {
		len += (size_t)snprintf(many + len, cap - len,
		                        "example. 86400 IN ZONEMD 2018031900 1 1 %096d\n", k);
	}
	res = check_ok(NULL, many, "example.", at);
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_MISMATCH);
	assert_int_equal(res->zonemd.records, 5001);
	assert_int_equal(dd_zone_check_count(res, "ZONEMD_DUPLICATE"), 1);
	f = finding(res, "ZONEMD_DUPLICATE");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "5001 ZONEMD records at example. have scheme 1"));
	dd_zone_check_free(res);
	free(many);

	/* a record too short for its fields, or an unsupported one with a digest shorter than 12
	 * octets: a failure (malformed), not "unsupported" */
	static const struct { const char *to, *detail; } BAD[] = {
		{ "TYPE63\t\\# 3 7851f2", "has 3 octets of RDATA, less than its Serial, Scheme and "
		                           "Hash Algorithm fields" },
		{ "ZONEMD\t2018031900 241 1 00112233 ", "has a 4-octet digest, shorter than the 12 "
		                                       "octets RFC 8976 2.2.4 allows" },
	};
	for (size_t k = 0; k < sizeof(BAD) / sizeof(BAD[0]); k++) {
		t = edit(text, "ZONEMD\t2018031900 1 1 ", BAD[k].to);
		char *cut = strstr(t, BAD[k].to) + strlen(BAD[k].to);
		memmove(cut, strchr(cut, '\n'), strlen(strchr(cut, '\n')) + 1);
		res = check_ok(NULL, t, "example.", at);
		assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_MISMATCH);
		f = finding(res, "ZONEMD_MALFORMED");
		if (f == NULL || strstr(f->detail, BAD[k].detail) == NULL) {
			dump(BAD[k].to, res);
			fail_msg("%s: no ZONEMD_MALFORMED saying '%s'", BAD[k].to, BAD[k].detail);
		}
		assert_false(dd_zone_check_has(res, "ZONEMD_UNSUPPORTED"));
		dd_zone_check_free(res);
		free(t);
	}

	/* a ZONEMD with an unsupported hash beside none supported is unsupported, not a pass */
	t = edit(text, "ZONEMD\t2018031900 1 1 ", "ZONEMD\t2018031900 1 240 ");
	res = check_ok(NULL, t, "example.", at);
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_UNSUPPORTED);
	assert_int_equal(res->zonemd.hash_algorithm, 240);
	assert_int_equal(dd_zone_check_exit(res), 1);
	dd_zone_check_free(res);
	free(t);
	free(text);

	/* the root of the case set, signed with test keys: a changed RRSIG over the apex ZONEMD is
	 * outside the digest (RFC 8976 3.3.1), so the digest still verifies and DNSSEC fails;
	 * a changed RRSIG over the apex SOA is inside it */
	text = slurp(VS "/44-root-zone/root.zone.hashed", NULL);
	at = ts("20210201000000");
	t = edit(text, "17913 . Tu4ZS3C29zH8", "17913 . Tu4ZS3C29zH9");
	res = check_ok(NULL, t, ".", at);
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_VERIFIED);
	assert_int_equal(res->zonemd.dnssec, DD_STATUS_BOGUS);
	f = finding(res, "RRSIG_INVALID");
	assert_non_null(f);
	assert_int_equal(f->rrtype, DD_TYPE_ZONEMD);
	dd_zone_check_free(res);
	free(t);
	t = edit(text, "17913 . NqUANeigvDuPV0", "17913 . NqUANeigvDuPV1");
	res = check_ok(NULL, t, ".", at);
	assert_int_equal(res->zonemd.status, DD_ZONE_ZONEMD_MISMATCH);
	assert_int_equal(res->zonemd.dnssec, DD_STATUS_SECURE);
	assert_true(dd_zone_check_has(res, "ZONEMD_MISMATCH"));
	dd_zone_check_free(res);
	free(t);
	free(text);
}

/* The text report of @p res, in a new string. */
static char *text_report(const dd_zone_check_t *res)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	dd_report_opts_t o = { .level = DD_SEV_NOTICE };
	assert_int_equal(dd_report_zone_text(f, res, &o), DD_OK);
	fclose(f);
	return buf;
}

/* The text report's ZONEMD line holds for each status and DNSSEC verdict; the JSON report's
 * "zonemd" object gives status, scheme, hash algorithm, serial and the verdict. */
static void test_reports(void **state)
{
	(void)state;
	static const struct {
		const char *path, *origin, *at;
		const char *line;   /* the ZONEMD line of the text report, NULL: none */
		const char *status, *dnssec;
		int hash;
	} R[] = {
		{ ROOT "root-2024101100.axfr", ".", "20241011050000",
		  "  ZONEMD: verified, serial 2024101100, scheme 1 (SIMPLE), hash algorithm 1 "
		  "(SHA-384); its RRSIG validates\n", "verified", "secure", 1 },
		{ ROOT "root-2023110500.dnsjava-testdata.zone", ".", "20231105050000",
		  "  ZONEMD: not verified: serial 2023110500, scheme 1 (SIMPLE), hash algorithm "
		  "241 (private use), which this check does not implement\n", "unsupported",
		  "secure", 241 },
		{ LDNS "/A.4.The-URI.ARPA-Zone", "uri.arpa.", "20181021203928",
		  "  ZONEMD: the digest matches (serial 2018100702, scheme 1 (SIMPLE), hash "
		  "algorithm 1 (SHA-384)), but no RRSIG of it validates: RFC 8976 4 fails it (see "
		  "the RRSIG findings)\n", "verified", "bogus", 1 },
		{ LDNS "/A.1.Simple-EXAMPLE-Zone", "example.", "20181021203928",
		  "  ZONEMD: verified, serial 2018031900, scheme 1 (SIMPLE), hash algorithm 1 "
		  "(SHA-384); the zone is not signed: a checksum, not proof of origin\n",
		  "verified", "insecure", 1 },
		{ VS "/35-wrong-serial/example.zone", "example.", "20181021203928",
		  "  ZONEMD: verification FAILED (serial 3333333333, scheme 1 (SIMPLE), hash "
		  "algorithm 1 (SHA-384)): see the ZONEMD findings\n", "mismatch", "insecure", 1 },
		{ ROOT "root-2019012200.zone", ".", "20190122050000", NULL, "absent", NULL, -1 },
	};
	for (size_t i = 0; i < sizeof(R) / sizeof(R[0]); i++) {
		dd_zone_check_t *res = check_ok(R[i].path, NULL, R[i].origin, ts(R[i].at));
		char *txt = text_report(res);
		if (R[i].line != NULL && strstr(txt, R[i].line) == NULL) {
			fail_msg("%s: no line '%s' in\n%s", R[i].path, R[i].line, txt);
		}
		if (R[i].line == NULL && strstr(txt, "ZONEMD:") != NULL) {
			fail_msg("%s: a ZONEMD line without a ZONEMD", R[i].path);
		}
		free(txt);

		char *js = NULL;
		size_t jl = 0;
		FILE *f = open_memstream(&js, &jl);
		assert_non_null(f);
		dd_report_opts_t o = { .level = DD_SEV_NOTICE };
		assert_int_equal(dd_report_zone_json(f, res, &o), DD_OK);
		fclose(f);
		json_error_t jerr;
		json_t *root = json_loads(js, 0, &jerr);
		assert_non_null(root);
		json_t *z = json_object_get(root, "zonemd");
		assert_non_null(z);
		assert_string_equal(json_string_value(json_object_get(z, "status")), R[i].status);
		if (R[i].dnssec != NULL) {
			json_t *d = json_object_get(z, "dnssec");
			assert_string_equal(json_string_value(d), R[i].dnssec);
			assert_int_equal(json_integer_value(json_object_get(z, "hash_algorithm")),
			                 R[i].hash);
			assert_int_equal(json_integer_value(json_object_get(z, "scheme")), 1);
			assert_int_equal(json_integer_value(json_object_get(z, "serial")),
			                 (json_int_t)res->zonemd.serial);
		} else {
			assert_true(json_is_null(json_object_get(z, "scheme")));
			assert_true(json_is_null(json_object_get(z, "dnssec")));
		}
		json_decref(root);
		free(js);
		dd_zone_check_free(res);
	}
}

/* The scheme and hash algorithm names follow the IANA registries (RFC 8976 5.2, 5.3). */
static void test_names(void **state)
{
	(void)state;
	assert_string_equal(dd_zonemd_scheme_name(1), "SIMPLE");
	assert_string_equal(dd_zonemd_scheme_name(0), "reserved");
	assert_string_equal(dd_zonemd_scheme_name(2), "unassigned");
	assert_string_equal(dd_zonemd_scheme_name(240), "private use");
	assert_string_equal(dd_zonemd_scheme_name(255), "reserved");
	assert_string_equal(dd_zonemd_hash_name(1), "SHA-384");
	assert_string_equal(dd_zonemd_hash_name(2), "SHA-512");
	assert_string_equal(dd_zonemd_hash_name(241), "private use");
	assert_string_equal(dd_zonemd_hash_name(3), "unassigned");
	assert_string_equal(dd_zone_zonemd_status_name(DD_ZONE_ZONEMD_UNSUPPORTED), "unsupported");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verisign_cases),
		cmocka_unit_test(test_ldns_cases),
		cmocka_unit_test(test_root_zones),
		cmocka_unit_test(test_edits),
		cmocka_unit_test(test_reports),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests_name("zonemd", tests, NULL, NULL);
}
