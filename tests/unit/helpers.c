/* SPDX-License-Identifier: MIT
 * helpers.c - the unit tests' record store and small utilities (see helpers.h). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

const char *data_path(const char *name)
{
	static char path[1024];
	snprintf(path, sizeof(path), "%s/%s", DD_TEST_DATA, name);
	return path;
}

dd_evidence_t *load_evidence(const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/evidence/%s", DD_TEST_DATA, name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	dd_evidence_t *ev = NULL;
	char err[256];
	int r = dd_evidence_load(f, &ev, err, sizeof(err));
	fclose(f);
	if (r != DD_OK) {
		fail_msg("%s: %s", name, err);
	}
	return ev;
}

int64_t ts(const char *s)
{
	struct tm tm = { 0 };
	assert_non_null(strptime(s, "%Y%m%d%H%M%S", &tm));
	return (int64_t)timegm(&tm);
}

static int add_rec(const dd_rr_t *rr, void *ctx)
{
	tzone_t *z = ctx;
	if (z->count == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 64;
		z->recs = realloc(z->recs, z->cap * sizeof(*z->recs));
		assert_non_null(z->recs);
	}
	trec_t *r = &z->recs[z->count++];
	memcpy(r->owner, rr->owner, dd_name_len(rr->owner));
	r->type = rr->type;
	r->rclass = rr->rclass;
	r->ttl = rr->ttl;
	r->len = rr->rdata.len;
	r->rdata = malloc(r->len ? r->len : 1);
	assert_non_null(r->rdata);
	memcpy(r->rdata, rr->rdata.data, r->len);
	return 0;
}

tzone_t *tzone_load(const char *path, const char *origin)
{
	tzone_t *z = calloc(1, sizeof(*z));
	assert_non_null(z);
	dd_zonefile_error_t err;
	int r = dd_zonefile_parse_file(path, origin, 3600, add_rec, z, &err);
	if (r != DD_OK) {
		char msg[800];
		dd_zonefile_error_str(&err, msg, sizeof(msg));
		print_error("loading %s: %s\n", path, msg);
	}
	assert_int_equal(r, DD_OK);
	return z;
}

void tzone_free(tzone_t *z)
{
	if (z == NULL) {
		return;
	}
	for (size_t i = 0; i < z->count; i++) {
		free(z->recs[i].rdata);
	}
	free(z->recs);
	free(z);
}

size_t tzone_rrset(const tzone_t *z, const uint8_t *owner, uint16_t type, trrset_t *out)
{
	memset(out, 0, sizeof(*out));
	size_t n = 0;
	for (size_t i = 0; i < z->count; i++) {
		const trec_t *r = &z->recs[i];
		if (r->type != type || !dd_name_equal(r->owner, owner)) {
			continue;
		}
		assert_true(n < 64);
		if (n == 0) {
			out->set.owner = r->owner;
			out->set.type = type;
			out->set.rclass = r->rclass;
			out->set.ttl = r->ttl;
		}
		out->rd[n].data = r->rdata;
		out->rd[n].len = r->len;
		n++;
	}
	out->set.count = n;
	out->set.rdata = out->rd;
	return n;
}

const trec_t *tzone_rrsig(const tzone_t *z, size_t n)
{
	for (size_t i = 0; i < z->count; i++) {
		if (z->recs[i].type == DD_TYPE_RRSIG && n-- == 0) {
			return &z->recs[i];
		}
	}
	return NULL;
}

const uint8_t *N(const char *text)
{
	static uint8_t bufs[8][DD_NAME_MAXLEN];
	static int next;
	uint8_t *b = bufs[next++ % 8];
	assert_true(dd_name_from_str(text, b) > 0);
	return b;
}

dd_key_t *tzone_key(const tzone_t *z, const uint8_t *owner, size_t n)
{
	for (size_t i = 0; i < z->count; i++) {
		const trec_t *r = &z->recs[i];
		if (r->type == DD_TYPE_DNSKEY && dd_name_equal(r->owner, owner) && n-- == 0) {
			dd_key_t *key = NULL;
			assert_int_equal(dd_key_new(r->owner, r->rdata, r->len, &key), DD_OK);
			return key;
		}
	}
	fail_msg("no such DNSKEY");
	return NULL;
}

void tzone_verify_all(const tzone_t *z, int64_t at, size_t *ok, size_t *bad)
{
	*ok = *bad = 0;
	for (size_t i = 0; i < z->count; i++) {
		const trec_t *sr = &z->recs[i];
		if (sr->type != DD_TYPE_RRSIG) {
			continue;
		}
		dd_rrsig_t sig;
		assert_int_equal(dd_rrsig_parse(sr->rdata, sr->len, &sig), DD_OK);
		trrset_t rs;
		assert_true(tzone_rrset(z, sr->owner, sig.type_covered, &rs) > 0);
		bool good = false;
		for (size_t k = 0; k < z->count && !good; k++) {
			const trec_t *kr = &z->recs[k];
			if (kr->type != DD_TYPE_DNSKEY || !dd_name_equal(kr->owner, sig.signer) ||
			    dd_keytag(kr->rdata, kr->len) != sig.key_tag) {
				continue;
			}
			dd_key_t *key = NULL;
			assert_int_equal(dd_key_new(kr->owner, kr->rdata, kr->len, &key), DD_OK);
			dd_sig_result_t res;
			assert_int_equal(dd_sig_verify(&rs.set, sr->rdata, sr->len, key, at, &res),
			                 DD_OK);
			good = dd_sig_result_ok(&res);
			dd_key_free(key);
		}
		if (good) {
			(*ok)++;
		} else {
			(*bad)++;
		}
	}
}

size_t str_count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle)) {
		n++;
	}
	return n;
}
