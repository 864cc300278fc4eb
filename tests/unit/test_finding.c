/* SPDX-License-Identifier: MIT
 * test_finding.c - the one table of finding codes (core/finding.c): every code complete and
 * consistent (severity, meaning, title, EDE or an explicit none, reach, fix template), the
 * enum and the name lookups agreeing, the fill of a finding, and docs/findings.md matching the
 * table row for row, both ways. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "core/finding_fill.h"

#define K(x) { DD_CODE_##x, #x }

/* Every enumerator with its name written out: the enum and the strings agree, and a code
 * cannot disappear from the enum or the table without this list noticing. */
static const struct {
	dd_code_t id;
	const char *name;
} NAMES[] = {
	K(ALGORITHM_DEPRECATED), K(ALGORITHM_INCOMPLETE), K(ALGORITHM_UNSUPPORTED),
	K(CDS_CDNSKEY_UNPAIRED), K(CDS_DELETE), K(CDS_MISMATCH), K(CLOCK_SKEW), K(CNAME_LOOP), K(DELEGATION_DS_DEPRECATED),
	K(DENIAL_PROOF_INVALID), K(DNAME_WILDCARD), K(DNSKEY_INVALID), K(DNSKEY_KEYTAG_COLLISION),
	K(DNSKEY_NOT_SIGNED_BY_DS_KEY), K(DS_ALGORITHM_MISMATCH), K(DS_DIGEST_MISMATCH),
	K(DS_DIGEST_WEAK), K(DS_NOT_AT_DELEGATION), K(DS_NO_MATCHING_DNSKEY), K(DS_REVOKED_KEY), K(DS_STALE_EXTRA),
	K(DS_WITHOUT_DNSKEY), K(EDNS_FAULT), K(LAME_DELEGATION), K(MULTI_SIGNER_INCONSISTENT), K(NSEC3PARAM_INVALID),
	K(NSEC3PARAM_MISMATCH), K(NSEC3_CHAIN_BROKEN), K(NSEC3_ITERATIONS_EXCESSIVE),
	K(NSEC3_MISSING), K(NSEC3_OPTOUT_WRONG), K(NSEC3_ORPHAN),
	K(NSEC3_PARAMETERS_NOT_RECOMMENDED), K(NSEC_BITMAP_WRONG), K(NSEC_CHAIN_BROKEN),
	K(NSEC_MISSING), K(NSEC_NON_AUTHORITATIVE), K(NS_ADDRESS_PRIVATE), K(NS_MISMATCH),
	K(OUT_OF_ZONE),
	K(RESOLVER_ALGORITHM_UNSUPPORTED), K(RESOLVER_IGNORES_CD), K(RESOLVER_NOT_VALIDATING),
	K(RESOLVER_STRIPS_DNSSEC), K(RESOLVER_VALIDATION_FAILURE), K(RESPONSE_INVALID),
	K(ROLLOVER_INCOMPLETE), K(ROLLOVER_IN_PROGRESS), K(ROLLOVER_STEP_PREMATURE), K(RRSIG_EXPIRED), K(RRSIG_EXPIRING), K(RRSIG_INVALID),
	K(RRSIG_KEY_NOT_PUBLISHED), K(RRSIG_LABELS_INVALID), K(RRSIG_MISPLACED), K(RRSIG_MISSING), K(RRSIG_NON_AUTHORITATIVE),
	K(RRSIG_NOT_YET_VALID), K(RRSIG_ORPHAN), K(RRSIG_REDUNDANT_INVALID),
	K(RRSIG_SIGNER_INVALID), K(RRSIG_TTL_MISMATCH), K(RRSIG_WINDOW_EDGE),
	K(SEP_MISSING_FOR_ALGORITHM), K(SERVER_UNREACHABLE), K(SPLIT_SIGNING), K(STALE_SECONDARY),
	K(TCP_FAULT), K(TRANSITION_NOT_YET_SAFE), K(TRANSITION_UNSAFE), K(WORK_LIMIT_EXCEEDED),
	K(ZONEMD_DUPLICATE), K(ZONEMD_MALFORMED), K(ZONEMD_MISMATCH), K(ZONEMD_NOT_AT_APEX),
	K(ZONEMD_SERIAL_MISMATCH), K(ZONEMD_UNSUPPORTED), K(ZONE_STRUCTURE), K(ZSK_STANDBY),
};

#define NNAMES (sizeof(NAMES) / sizeof(NAMES[0]))

static bool nonempty(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* Enum and name lookups agree for every code, in both directions. */
static void test_lookups(void **state)
{
	(void)state;
	assert_int_equal(NNAMES, DD_CODE_COUNT - 1);
	for (size_t i = 0; i < NNAMES; i++) {
		const dd_finding_info_t *by_id = dd_finding_info_id(NAMES[i].id);
		const dd_finding_info_t *by_name = dd_finding_info(NAMES[i].name);
		assert_non_null(by_id);
		assert_ptr_equal(by_id, by_name);
		assert_int_equal(by_id->id, NAMES[i].id);
		assert_string_equal(by_id->code, NAMES[i].name);
		assert_int_equal(dd_code_of(NAMES[i].name), NAMES[i].id);
		/* the listing is the table in enum order */
		assert_ptr_equal(dd_finding_info_at((size_t)NAMES[i].id - 1), by_id);
	}
	assert_null(dd_finding_info_at(DD_CODE_COUNT - 1));
	/* no code, out of range, unknown or mis-cased names */
	assert_null(dd_finding_info_id(DD_CODE_NONE));
	assert_null(dd_finding_info_id(DD_CODE_COUNT));
	assert_null(dd_finding_info_id((dd_code_t)-1));
	assert_null(dd_finding_info(NULL));
	assert_null(dd_finding_info(""));
	assert_null(dd_finding_info("NO_SUCH_CODE"));
	assert_null(dd_finding_info("rrsig_expired"));
	assert_null(dd_finding_info("RRSIG_EXPIRED "));
	assert_int_equal(dd_code_of("NO_SUCH_CODE"), DD_CODE_NONE);
	assert_int_equal(dd_code_of(NULL), DD_CODE_NONE);
	/* the first and the last entries are found (the lookup is a binary search) */
	assert_int_equal(dd_code_of("ALGORITHM_DEPRECATED"), DD_CODE_ALGORITHM_DEPRECATED);
	assert_int_equal(dd_code_of("ZONE_STRUCTURE"), DD_CODE_ZONE_STRUCTURE);
}

/* Every row is complete and consistent: what the diagnosis reads from it is there, and no
 * field is set that nothing reads. */
static void test_rows(void **state)
{
	(void)state;
	size_t with_ede = 0, fixes = 0;
	for (int id = 1; id < DD_CODE_COUNT; id++) {
		const dd_finding_info_t *i = dd_finding_info_id((dd_code_t)id);
		assert_non_null(i);
		const char *c = i->code;
		if (id > 1) {
			/* names in byte order, no duplicates: the binary search relies on it */
			assert_true(strcmp(dd_finding_info_id((dd_code_t)(id - 1))->code, c) < 0);
		}
		assert_true(i->severity <= DD_SEV_ERROR);
		if (!nonempty(i->meaning) || !nonempty(i->title)) {
			fail_msg("%s lacks a meaning or a title", c);
		}
		assert_true(i->dnsviz == NULL || nonempty(i->dnsviz));
		/* an EDE is a registry code with its name, or explicitly none (-1, NULL): a row that
		 * left it out (0 without a name) fails here */
		if (i->ede >= 0) {
			assert_true(i->ede <= 65535);
			if (!nonempty(i->ede_name)) {
				fail_msg("%s has EDE %d without its name", c, i->ede);
			}
			with_ede++;
		} else {
			assert_int_equal(i->ede, -1);
			assert_null(i->ede_name);
		}
		assert_true(i->reach <= DD_REACH_SERVERS);
		assert_true(i->fix < DD_FIX_COUNT);
		assert_string_not_equal(dd_fix_name(i->fix), "unknown");
		fixes += i->fix != DD_FIX_NONE;
		/* a code that breaks resolution has a fix, and says what a validator returns */
		if (i->reach == DD_REACH_CHAIN || i->reach == DD_REACH_NAME) {
			if (i->fix == DD_FIX_NONE) {
				fail_msg("%s breaks resolution (%s) but has no fix", c,
				         dd_reach_name(i->reach));
			}
			if (i->ede < 0 && i->answer == NULL) {
				fail_msg("%s breaks resolution but names neither an EDE nor an answer", c);
			}
		}
		/* the code's own step is read by two templates only, and DD_FIX_SERVER needs it */
		if (i->fix_note != NULL) {
			assert_true(i->fix == DD_FIX_RESIGN || i->fix == DD_FIX_SERVER);
			assert_true(nonempty(i->fix_note));
		}
		if (i->fix == DD_FIX_SERVER) {
			assert_non_null(i->fix_note);
		}
		/* the answer is read only when a validator does not SERVFAIL with the EDE */
		if (i->answer != NULL) {
			assert_false(i->reach != DD_REACH_NONE && i->ede >= 0);
			assert_true(nonempty(i->answer));
		}
		assert_true(i->validators_differ == NULL || nonempty(i->validators_differ));
		/* what the diagnosis copies into fixed buffers fits them */
		dd_root_cause_t rc;
		assert_true(strlen(i->validators_differ ? i->validators_differ : "") <
		            sizeof(rc.validators_differ));
		assert_true(strlen(i->answer ? i->answer : "") < sizeof(rc.validator_result));
		assert_true(strlen(i->fix_note ? i->fix_note : "") < sizeof(rc.fix[0]));
	}
	assert_true(with_ede >= 20);
	assert_true(fixes >= 40);
	/* spot checks against the RFCs and the previous tables */
	assert_int_equal(dd_finding_info_id(DD_CODE_RRSIG_EXPIRED)->ede, 7);
	assert_string_equal(dd_finding_info_id(DD_CODE_RRSIG_EXPIRED)->ede_name, "Signature Expired");
	assert_int_equal(dd_finding_info_id(DD_CODE_RRSIG_NOT_YET_VALID)->ede, 8);
	assert_int_equal(dd_finding_info_id(DD_CODE_DS_DIGEST_MISMATCH)->reach, DD_REACH_CHAIN);
	assert_int_equal(dd_finding_info_id(DD_CODE_DS_DIGEST_MISMATCH)->fix, DD_FIX_PUBLISH_DS);
	assert_int_equal(dd_finding_info_id(DD_CODE_LAME_DELEGATION)->reach, DD_REACH_SERVERS);
	assert_int_equal(dd_finding_info_id(DD_CODE_NSEC3_ITERATIONS_EXCESSIVE)->ede, 27);
	assert_string_equal(dd_finding_info("RRSIG_EXPIRED")->dnsviz, "EXPIRATION_IN_PAST");
	assert_int_equal(dd_finding_info("RRSIG_EXPIRING")->severity, DD_SEV_WARNING);
	assert_string_equal(dd_reach_name(DD_REACH_NAME), "name");
	assert_string_equal(dd_reach_name((dd_reach_t)99), "unknown");
	assert_string_equal(dd_fix_name(DD_FIX_RESIGN), "re-sign");
	assert_string_equal(dd_fix_name(DD_FIX_COUNT), "unknown");
}

static void fill(dd_finding_t *f, const dd_finding_info_t *info, dd_severity_t sev,
                 const uint8_t *zone, ...)
{
	va_list ap;
	va_start(ap, zone);
	dd__finding_fill(f, info, sev, zone, zone, DD_TYPE_A, 7, 13, 42, "seen %d times", ap);
	va_end(ap);
}

/* The fill used by every stage that names codes by string sets the enum too. */
static void test_fill(void **state)
{
	(void)state;
	uint8_t zone[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str("Example.", zone) > 0);
	dd_finding_t f;
	fill(&f, dd_finding_info("RRSIG_EXPIRING"), DD_SEV_NOTICE, zone, 3);
	assert_int_equal(f.id, DD_CODE_RRSIG_EXPIRING);
	assert_string_equal(f.code, "RRSIG_EXPIRING");
	assert_null(f.dnsviz);
	assert_int_equal(f.severity, DD_SEV_WARNING);  /* never lowered */
	assert_true(dd_name_equal(f.zone, zone));
	assert_int_equal(f.zone[1], 'e');              /* lowercased */
	assert_int_equal(f.rrtype, DD_TYPE_A);
	assert_int_equal(f.key_tag, 7);
	assert_int_equal(f.algorithm, 13);
	assert_int_equal(f.when, 42);
	assert_string_equal(f.detail, "seen 3 times");
	fill(&f, dd_finding_info("SERVER_UNREACHABLE"), DD_SEV_ERROR, zone, 1);
	assert_int_equal(f.id, DD_CODE_SERVER_UNREACHABLE);
	assert_int_equal(f.severity, DD_SEV_ERROR);    /* raised */
	assert_string_equal(f.dnsviz, "SERVER_UNRESPONSIVE_UDP");
}

static char *read_doc(void)
{
	FILE *f = fopen(DD_TEST_DATA "/../../../docs/findings.md", "rb");
	assert_non_null(f);
	char *buf = NULL;
	size_t cap = 0, len = 0, n;
	char chunk[4096];
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	assert_non_null(buf);
	buf[len] = '\0';
	return buf;
}

/* The text of section @p heading ("## ...") up to the next one, in a new string. */
static char *section(const char *doc, const char *heading)
{
	const char *s = strstr(doc, heading);
	if (s == NULL) {
		fail_msg("docs/findings.md lacks the section %s", heading);
	}
	const char *e = strstr(s + strlen(heading), "\n## ");
	size_t len = e ? (size_t)(e - s) : strlen(s);
	char *out = malloc(len + 1);
	assert_non_null(out);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* Every row of @p text that starts with a code names a code of the table, once; returns how
 * many rows. */
static size_t rows_name_codes(const char *text, const char *what)
{
	size_t rows = 0;
	bool seen[DD_CODE_COUNT] = { false };
	for (const char *l = text; l != NULL && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, "| `", 3) != 0) {
			continue;
		}
		char code[64];
		const char *end = strchr(l + 3, '`');
		assert_non_null(end);
		snprintf(code, sizeof(code), "%.*s", (int)(end - l - 3), l + 3);
		dd_code_t id = dd_code_of(code);
		if (id == DD_CODE_NONE) {
			fail_msg("docs/findings.md (%s) documents %s, which is not in the table", what, code);
		}
		if (seen[id]) {
			fail_msg("docs/findings.md (%s) documents %s twice", what, code);
		}
		seen[id] = true;
		rows++;
	}
	return rows;
}

/* docs/findings.md is the table: each code's row says exactly what its table row says, and
 * the doc has no row the table lacks. */
static void test_documented(void **state)
{
	(void)state;
	char *doc = read_doc();
	char *codes = section(doc, "# Findings");
	char *causes = section(doc, "## Root causes");
	for (size_t n = 0; dd_finding_info_at(n) != NULL; n++) {
		const dd_finding_info_t *i = dd_finding_info_at(n);
		/* | `CODE` | severity | `DNSVIZ` or - | used by | meaning | */
		char head[192], tail[640];
		snprintf(head, sizeof(head), "\n| `%s` | %s | %s%s%s | ", i->code,
		         dd_severity_name(i->severity), i->dnsviz ? "`" : "", i->dnsviz ? i->dnsviz : "-",
		         i->dnsviz ? "`" : "");
		snprintf(tail, sizeof(tail), " | %s |\n", i->meaning);
		const char *row = strstr(codes, head);
		const char *eol = row ? strchr(row + 1, '\n') : NULL;
		if (row == NULL || eol == NULL || (size_t)(eol + 1 - row) < strlen(tail) ||
		    strncmp(eol + 1 - strlen(tail), tail, strlen(tail)) != 0) {
			fail_msg("docs/findings.md: the row of %s differs from the table (want %s... %s)",
			         i->code, head + 1, tail);
		}
		/* | `CODE` | title | EDE (name) or - | reach | fix | */
		char ede[96] = "-", want[512];
		if (i->ede >= 0) {
			snprintf(ede, sizeof(ede), "%d (%s)", i->ede, i->ede_name);
		}
		snprintf(want, sizeof(want), "\n| `%s` | %s | %s | %s | %s |\n", i->code, i->title, ede,
		         dd_reach_name(i->reach), dd_fix_name(i->fix));
		if (strstr(causes, want) == NULL) {
			fail_msg("docs/findings.md, Root causes: the row of %s differs from the table "
			         "(want %s)", i->code, want + 1);
		}
	}
	assert_int_equal(rows_name_codes(codes, "Findings"), DD_CODE_COUNT - 1);
	assert_int_equal(rows_name_codes(causes, "Root causes"), DD_CODE_COUNT - 1);
	free(causes);
	free(codes);
	free(doc);
}

/* What a code is about (the report's graph places findings by it): every DS_ code is about the
 * DS RRset, every NSEC_/NSEC3_ code about a denial except the ones named here, and no code is
 * about both. */
static void test_about(void **state)
{
	(void)state;
	size_t ds = 0, denial = 0;
	for (size_t i = 0; dd_finding_info_at(i) != NULL; i++) {
		const dd_finding_info_t *fi = dd_finding_info_at(i);
		bool a = dd__finding_about_ds(fi->id), d = dd__finding_about_denial(fi->id);
		assert_false(a && d);
		ds += a;
		denial += d;
		if (strncmp(fi->code, "DS_", 3) == 0) {
			assert_true(a);
		}
		if ((strncmp(fi->code, "NSEC_", 5) == 0 || strncmp(fi->code, "NSEC3", 5) == 0)
		    && fi->id != DD_CODE_NSEC_NON_AUTHORITATIVE
		    && fi->id != DD_CODE_NSEC3_PARAMETERS_NOT_RECOMMENDED) {
			assert_true(d);
		}
		if (strncmp(fi->code, "RRSIG_", 6) == 0 || strncmp(fi->code, "ZONEMD_", 7) == 0) {
			assert_false(a || d);
		}
	}
	assert_int_equal(ds, 12);
	assert_int_equal(denial, 11);
	assert_false(dd__finding_about_ds(DD_CODE_NONE));
	assert_false(dd__finding_about_denial(DD_CODE_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_documented),
		cmocka_unit_test(test_about),
	};
	return cmocka_run_group_tests_name("finding", tests, NULL, NULL);
}
