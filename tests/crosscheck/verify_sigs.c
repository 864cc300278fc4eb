/* SPDX-License-Identifier: MIT
 * verify_sigs.c - cross-check helper: verify every RRSIG of a signed zone file with the
 * library, and with --flip also check that one flipped bit in the signature, in the RRset or
 * in the key makes each verification fail. Used by crosscheck-sign.sh on zones signed by
 * dnssec-signzone and ldns-signzone.
 *
 * usage: verify_sigs [--flip] ZONEFILE ORIGIN [AT]
 * Prints "N passed, M failed" (one line per failure before it); exit 0 when M is 0 and N > 0. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dd/dd.h>

typedef struct rec {
	uint8_t owner[DD_NAME_MAXLEN];
	uint16_t type, rclass;
	uint32_t ttl;
	uint8_t *rdata;
	uint16_t len;
} rec_t;

typedef struct store {
	rec_t *recs;
	size_t count, cap;
} store_t;

static int add(const dd_rr_t *rr, void *ctx)
{
	store_t *s = ctx;
	if (s->count == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		rec_t *n = realloc(s->recs, s->cap * sizeof(*n));
		if (n == NULL) {
			return DD_ENOMEM;
		}
		s->recs = n;
	}
	rec_t *r = &s->recs[s->count++];
	memcpy(r->owner, rr->owner, dd_name_len(rr->owner));
	r->type = rr->type;
	r->rclass = rr->rclass;
	r->ttl = rr->ttl;
	r->len = rr->rdata.len;
	r->rdata = malloc(r->len ? r->len : 1);
	if (r->rdata == NULL) {
		return DD_ENOMEM;
	}
	memcpy(r->rdata, rr->rdata.data, r->len);
	return 0;
}

/* Gather owner/type into rd (at most cap entries); returns the count. */
static size_t gather(const store_t *s, const uint8_t *owner, uint16_t type, dd_rdata_t *rd,
                     size_t cap, uint32_t *ttl)
{
	size_t n = 0;
	for (size_t i = 0; i < s->count && n < cap; i++) {
		if (s->recs[i].type == type && dd_name_equal(s->recs[i].owner, owner)) {
			rd[n].data = s->recs[i].rdata;
			rd[n].len = s->recs[i].len;
			*ttl = s->recs[i].ttl;
			n++;
		}
	}
	return n;
}

/* Verify @p sig over @p set with every key of the signer with the right tag; true if one
 * verifies completely. With @p key_flip, the key's last octet is flipped first. */
static bool verify_one(const store_t *s, const dd_rrset_t *set, const uint8_t *sig, size_t siglen,
                       int64_t at, bool key_flip)
{
	dd_rrsig_t p;
	if (dd_rrsig_parse(sig, siglen, &p) != DD_OK) {
		return false;
	}
	for (size_t i = 0; i < s->count; i++) {
		const rec_t *k = &s->recs[i];
		if (k->type != DD_TYPE_DNSKEY || !dd_name_equal(k->owner, p.signer) ||
		    dd_keytag(k->rdata, k->len) != p.key_tag) {
			continue;
		}
		uint8_t kb[4096];
		memcpy(kb, k->rdata, k->len);
		if (key_flip) {
			kb[k->len - 1] ^= 0x01;
		}
		dd_key_t *key = NULL;
		if (dd_key_new(k->owner, kb, k->len, &key) != DD_OK) {
			continue;  /* a flipped key may no longer load: that is a failure too */
		}
		dd_sig_result_t res;
		int r = dd_sig_verify(set, sig, siglen, key, at, &res);
		/* with a flipped key the tag changes, so compare the crypto verdict alone */
		bool ok = r == DD_OK && (key_flip ? res.crypto == DD_CRYPTO_VALID : dd_sig_result_ok(&res));
		dd_key_free(key);
		if (ok) {
			return true;
		}
	}
	return false;
}

int main(int argc, char **argv)
{
	bool flip = argc > 1 && strcmp(argv[1], "--flip") == 0;
	int a = flip ? 2 : 1;
	if (argc - a < 2) {
		fprintf(stderr, "usage: verify_sigs [--flip] ZONEFILE ORIGIN [AT]\n");
		return 2;
	}
	int64_t at = argc - a > 2 ? strtoll(argv[a + 2], NULL, 10) : (int64_t)time(NULL);
	store_t s = { 0 };
	dd_zonefile_error_t err;
	int r = dd_zonefile_parse_file(argv[a], argv[a + 1], 3600, add, &s, &err);
	if (r != DD_OK) {
		char msg[800];
		dd_zonefile_error_str(&err, msg, sizeof(msg));
		fprintf(stderr, "verify_sigs: %s\n", msg);
		return 2;
	}
	size_t passed = 0, failed = 0;
	static dd_rdata_t rd[4096];
	for (size_t i = 0; i < s.count; i++) {
		const rec_t *sr = &s.recs[i];
		dd_rrsig_t p;
		if (sr->type != DD_TYPE_RRSIG || dd_rrsig_parse(sr->rdata, sr->len, &p) != DD_OK) {
			continue;
		}
		dd_rrset_t set = { .owner = sr->owner, .type = p.type_covered, .rclass = sr->rclass,
			           .rdata = rd };
		set.count = gather(&s, sr->owner, p.type_covered, rd, 4096, &set.ttl);
		char owner[1024], type[32];
		dd_name_to_str(sr->owner, owner, sizeof(owner));
		dd_type_to_str(p.type_covered, type, sizeof(type));
		bool ok = set.count > 0 && verify_one(&s, &set, sr->rdata, sr->len, at, false);
		if (!ok) {
			printf("FAIL %s %s: RRSIG (key tag %u) does not verify\n", owner, type, p.key_tag);
		}
		if (ok && flip) {
			/* one flipped bit in the signature */
			uint8_t sig[8192];
			memcpy(sig, sr->rdata, sr->len);
			sig[sr->len - 3] ^= 0x10;
			if (verify_one(&s, &set, sig, sr->len, at, false)) {
				printf("FAIL %s %s: verifies with a flipped signature bit\n", owner, type);
				ok = false;
			}
			/* one flipped bit in the RRset (last octet of its first RDATA) */
			uint8_t rb[65536];
			dd_rdata_t saved = rd[0];
			memcpy(rb, rd[0].data, rd[0].len);
			rb[rd[0].len - 1] ^= 0x01;
			rd[0].data = rb;
			if (verify_one(&s, &set, sr->rdata, sr->len, at, false)) {
				printf("FAIL %s %s: verifies with a flipped RRset bit\n", owner, type);
				ok = false;
			}
			rd[0] = saved;
			/* one flipped bit in the key */
			if (verify_one(&s, &set, sr->rdata, sr->len, at, true)) {
				printf("FAIL %s %s: verifies with a flipped key bit\n", owner, type);
				ok = false;
			}
		}
		if (ok) {
			passed++;
		} else {
			failed++;
		}
	}
	for (size_t i = 0; i < s.count; i++) {
		free(s.recs[i].rdata);
	}
	free(s.recs);
	printf("%zu passed, %zu failed\n", passed, failed);
	return (failed == 0 && passed > 0) ? 0 : 1;
}
