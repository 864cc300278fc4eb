/* SPDX-License-Identifier: MIT
 * test_validate_ds.c - the validation core's DS side (src/lib/validate/ds.c): each DS state,
 * the report of a DS -> DNSKEY link, the parent's DS set by itself, the DS lines to publish
 * (against RFC 6605 6.1, RFC 8080 6.1 and dnssec-dsfromkey), CDS/CDNSKEY and RFC 8078 delete.
 * Vectors: RFC 4034 5.4 / RFC 4509 2.3 (tests/unit/data/rfc4034-ds.zone), altered in memory. */

#include "validate_helpers.h"

/* ---- DS, CDS, CDNSKEY ------------------------------------------------------------------------ */

/* RFC 4034 5.4 / RFC 4509 2.3: DNSKEY 60485 (flags 256, RSASHA1) of dskey.example.com. and its
 * SHA-1 and SHA-256 DS; RFC 4034 2.3's example.com. key (tag 2642) as another key. */
typedef struct dsfx {
	tzone_t *z;
	uint8_t apex[DD_NAME_MAXLEN];
	trrset_t dk, ds, other;
	dd_ds_t d[2];        /* SHA-1, SHA-256 */
	dd__vrdset_t keys;
} dsfx_t;

static int ds_setup(void **state)
{
	dsfx_t *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->z = tzone_load(data_path("rfc4034-ds.zone"), NULL);
	memcpy(f->apex, N("dskey.example.com."), dd_name_len(N("dskey.example.com.")));
	assert_int_equal(tzone_rrset(f->z, f->apex, DD_TYPE_DNSKEY, &f->dk), 1);
	assert_int_equal(tzone_rrset(f->z, f->apex, DD_TYPE_DS, &f->ds), 2);
	assert_int_equal(tzone_rrset(f->z, N("example.com."), DD_TYPE_DNSKEY, &f->other), 1);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(dd_ds_parse(f->ds.rd[i].data, f->ds.rd[i].len, &f->d[i]), DD_OK);
		assert_int_equal(f->d[i].digest_type, i + 1);
	}
	f->keys = (dd__vrdset_t){ .owner = f->apex, .rd = f->dk.rd, .n = 1 };
	*state = f;
	return 0;
}

static int ds_teardown(void **state)
{
	dsfx_t *f = *state;
	tzone_free(f->z);
	free(f);
	return 0;
}

static void test_ds_class(void **state)
{
	dsfx_t *f = *state;
	bool m[2] = { false };
	for (size_t i = 0; i < 2; i++) {
		m[0] = false;
		assert_int_equal(dd__validate_ds_class(&f->d[i], &f->keys, NULL, NULL, m),
		                 DD_DS_STATE_MATCHES);
		assert_true(m[0]);
	}
	/* SHA-384 of the same key, from dnssec-dsfromkey 9.18.49 (-A -a SHA-384) */
	uint8_t d384[48];
	assert_int_equal(dd_hex_decode("AB64DBEBE13C0B6BAE558B78CCAB93B836F8ADA4CBED2D4484A8715A819D"
	                               "E7B9E846315E70EA5D884B377394BDAF16A3", d384, 48), 48);
	dd_ds_t d = { .key_tag = 60485, .algorithm = 5, .digest_type = 4, .digest = d384,
		      .digest_len = 48 };
	assert_int_equal(dd__validate_ds_class(&d, &f->keys, NULL, NULL, NULL), DD_DS_STATE_MATCHES);
	d384[47] ^= 0x01;
	m[0] = false;
	assert_int_equal(dd__validate_ds_class(&d, &f->keys, NULL, NULL, m),
	                 DD_DS_STATE_DIGEST_MISMATCH);
	assert_false(m[0]);
	d.algorithm = DD_ALG_RSASHA256;  /* and a wrong algorithm: nothing names the key */
	assert_int_equal(dd__validate_ds_class(&d, &f->keys, NULL, NULL, NULL),
	                 DD_DS_STATE_NO_SUCH_KEY);
	d = f->d[1];
	d.algorithm = DD_ALG_RSASHA256;
	assert_int_equal(dd__validate_ds_class(&d, &f->keys, NULL, NULL, m),
	                 DD_DS_STATE_ALGORITHM_MISMATCH);
	assert_false(m[0]);
	d = f->d[1];
	d.key_tag++;
	assert_int_equal(dd__validate_ds_class(&d, &f->keys, NULL, NULL, NULL),
	                 DD_DS_STATE_NO_SUCH_KEY);
	assert_int_equal(dd__validate_ds_class(&f->d[1], NULL, NULL, NULL, NULL),
	                 DD_DS_STATE_NO_SUCH_KEY);
	const uint8_t unsup[][2] = { { 5, 3 }, { 12, 2 }, { 200, 2 }, { 5, 0 } };
	for (size_t i = 0; i < COUNT(unsup); i++) {
		d = f->d[1];
		d.algorithm = unsup[i][0];
		d.digest_type = unsup[i][1];
		assert_int_equal(dd__validate_ds_class(&d, &f->keys, NULL, NULL, NULL),
		                 DD_DS_STATE_UNSUPPORTED);
	}
	/* the key is only announced (CDS or CDNSKEY), the DNSKEY RRset holds another */
	dd__vrdset_t other = { .owner = f->apex, .rd = f->other.rd, .n = 1 };
	dd__vrdset_t cds = { .owner = f->apex, .rd = f->ds.rd, .n = 2 };
	dd__vrdset_t cdnskey = { .owner = f->apex, .rd = f->dk.rd, .n = 1 };
	dd__vrdset_t none = { .owner = f->apex, .n = 0 };
	assert_int_equal(dd__validate_ds_class(&f->d[1], &other, &cds, &none, NULL),
	                 DD_DS_STATE_MATCHES_CDS_ONLY);
	assert_int_equal(dd__validate_ds_class(&f->d[0], &other, &none, &cdnskey, NULL),
	                 DD_DS_STATE_MATCHES_CDS_ONLY);
	assert_int_equal(dd__validate_ds_class(&f->d[1], &other, &none, &none, NULL),
	                 DD_DS_STATE_NO_SUCH_KEY);
	d = f->d[1];
	d.key_tag++;
	assert_int_equal(dd__validate_ds_class(&d, &other, &cds, &cdnskey, NULL),
	                 DD_DS_STATE_NO_SUCH_KEY);
}

/* A DS over the key with other flags: the REVOKE bit (RFC 5011 2.1) or no Zone Key flag (RFC
 * 4034 2.1.1). The revoked key still authenticates (Unbound, BIND), named as such; the key
 * without the Zone flag does not, and is named as the key it is, not as a missing one. */
static void test_ds_flags(void **state)
{
	dsfx_t *f = *state;
	const struct {
		uint16_t flags;
		dd_ds_state_t st;
		bool matched;
	} cases[] = {
		{ 0x0100 | 0x0080, DD_DS_STATE_MATCHES_REVOKED, true },
		{ 0x0101 | 0x0080, DD_DS_STATE_MATCHES_REVOKED, true },
		{ 0x0000, DD_DS_STATE_NOT_ZONE_KEY, false },
		{ 0x0001, DD_DS_STATE_NOT_ZONE_KEY, false },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		uint8_t key[512];
		size_t len = f->dk.rd[0].len;
		memcpy(key, f->dk.rd[0].data, len);
		put16(key, cases[i].flags);
		dd_rdata_t rd = { .data = key, .len = (uint16_t)len };
		dd__vrdset_t keys = { .owner = f->apex, .rd = &rd, .n = 1 };
		uint8_t dg[DD_DIGEST_MAXLEN];
		size_t dl;
		assert_int_equal(dd_ds_digest(f->apex, key, len, DD_DIGEST_SHA256, dg, &dl), DD_OK);
		dd_ds_t ds = { .key_tag = dd_keytag(key, len), .algorithm = 5, .digest_type = 2,
			       .digest = dg, .digest_len = (uint8_t)dl };
		bool m[1] = { false };
		dd_ds_state_t st = dd__validate_ds_class(&ds, &keys, NULL, NULL, m);
		assert_int_equal(st, cases[i].st);
		assert_int_equal(m[0], cases[i].matched);
		/* what every command says about it */
		dd__dslink_t l = { .zone = f->apex, .ds = &ds, .state = &st, .nds = 1,
			           .has_dnskey = true, .ds_key_sig = cases[i].matched ?
			           DD_SIGV_REVOKED_OK : DD_SIGV_UNAUTHENTICATED };
		cap_t c;
		dd__validate_ds_report(&l, cap_new(&c));
		char want[400];
		if (cases[i].matched) {
			snprintf(want, sizeof(want), "the parent's DS for key tag %u (algorithm 5) points "
			         "at a KSK of dskey.example.com. with the REVOKE bit set (RFC 5011 2.1). "
			         "Unbound and BIND still accept the chain through it; DNSViz calls it bogus "
			         "(DNSKEY_REVOKED_DS), and a key its operator revoked should not start the "
			         "chain: publish the DS of a KSK that is not revoked, then remove this one",
			         ds.key_tag);
			only(&c, "DS_REVOKED_KEY", DD_SEV_WARNING, want);
			assert_string_equal(dd_ds_state_name(st), "matches a revoked key");
		} else {
			snprintf(want, sizeof(want), "the parent's DS (key tag %u, algorithm 5) matches a "
			         "DNSKEY of the zone, but that key lacks the Zone Key flag (or protocol 3), "
			         "so validators may not use it (RFC 4034 2.1.1, 5.2): no DS points at a "
			         "usable key", ds.key_tag);
			const dd__vfind_t *x = only(&c, "DS_NO_MATCHING_DNSKEY", DD_SEV_ERROR, want);
			never_says(x, "no DNSKEY of the zone has");
			never_says(x, "digest");
			assert_string_equal(dd_ds_state_name(st), "key without the Zone flag");
		}
		/* beside a DS that matches a usable key, the revoked one is still named */
		dd_ds_t two[2] = { f->d[1], ds };
		dd_ds_state_t st2[2] = { DD_DS_STATE_MATCHES, st };
		dd__dslink_t l2 = { .zone = f->apex, .ds = two, .state = st2, .nds = 2,
			            .has_dnskey = true, .ds_key_sig = DD_SIGV_OK };
		dd__validate_ds_report(&l2, cap_new(&c));
		only(&c, cases[i].matched ? "DS_REVOKED_KEY" : "DS_STALE_EXTRA",
		     cases[i].matched ? DD_SEV_WARNING : DD_SEV_WARNING, NULL);
	}
}

static void test_ds_report(void **state)
{
	dsfx_t *f = *state;
	dd_ds_t ds[2] = { f->d[1], f->d[1] };
	ds[1].key_tag = 11111;
	dd_ds_state_t st[2];
	dd__dslink_t l = { .zone = f->apex, .ds = ds, .state = st, .nds = 2, .has_dnskey = true,
		           .ds_key_sig = DD_SIGV_OK };
	cap_t c;
	l.has_dnskey = false;
	l.served_unsigned = true;
	dd__validate_ds_report(&l, cap_new(&c));
	only(&c, "DS_WITHOUT_DNSKEY", DD_SEV_ERROR, "the parent publishes 2 DS for "
	     "dskey.example.com. but the zone is unsigned (no DNSKEY RRset): validators see it "
	     "bogus. Signing was turned off, or the zone moved to a provider that does not sign, "
	     "before the DS was removed");
	l.served_unsigned = false;  /* signed, but no DNSKEY seen: not this report's to say */
	dd__validate_ds_report(&l, cap_new(&c));
	assert_int_equal(c.n, 0);
	l.has_dnskey = true;

	/* no DS matches: the most telling one, whichever comes first */
	const struct {
		dd_ds_state_t a, b;
		const char *code;
		uint16_t tag;
		const char *text;
	} none[] = {
		{ DD_DS_STATE_NO_SUCH_KEY, DD_DS_STATE_DIGEST_MISMATCH, "DS_DIGEST_MISMATCH", 11111,
		  "the DS for key tag 11111 (algorithm 5, digest type 2) names a key the zone "
		  "publishes, but its digest does not match that key" },
		{ DD_DS_STATE_NO_SUCH_KEY, DD_DS_STATE_ALGORITHM_MISMATCH, "DS_ALGORITHM_MISMATCH",
		  11111, "the DS for key tag 11111 says algorithm 5, but that key is of another "
		  "algorithm (its digest matches)" },
		{ DD_DS_STATE_MATCHES_CDS_ONLY, DD_DS_STATE_NO_SUCH_KEY, "ROLLOVER_INCOMPLETE", 60485,
		  "the parent's DS (key tag 60485) is the one the zone's CDS/CDNSKEY announces, but "
		  "that key is not in the DNSKEY RRset: the KSK rollover was left half done" },
		{ DD_DS_STATE_UNSUPPORTED, DD_DS_STATE_NO_SUCH_KEY, "DS_NO_MATCHING_DNSKEY", 11111,
		  "no DNSKEY of the zone has the key tag 11111 and algorithm 5 that the parent's DS "
		  "names (a stale DS, e.g. after a rollover)" },
	};
	for (size_t i = 0; i < COUNT(none); i++) {
		st[0] = none[i].a;
		st[1] = none[i].b;
		dd__validate_ds_report(&l, cap_new(&c));
		const dd__vfind_t *x = only(&c, none[i].code, DD_SEV_ERROR, none[i].text);
		assert_int_equal(x->key_tag, none[i].tag);
	}
	st[0] = st[1] = DD_DS_STATE_UNSUPPORTED;  /* dd__validate_ds_set's to say */
	dd__validate_ds_report(&l, cap_new(&c));
	assert_int_equal(c.n, 0);

	/* one DS matches */
	st[0] = DD_DS_STATE_MATCHES;
	st[1] = DD_DS_STATE_NO_SUCH_KEY;
	dd__validate_ds_report(&l, cap_new(&c));
	only(&c, "DS_STALE_EXTRA", DD_SEV_WARNING, "besides a valid DS, the parent publishes a DS "
	     "for key tag 11111 (algorithm 5) that matches no key (no such key): remove it at the "
	     "registrar, unless it is the DS of a KSK you are about to publish (a double-DS roll, "
	     "RFC 6781 4.1.2: then publish that KSK once the DS has been at the parent for its TTL)");
	/* a DS whose digest does not match a published key is no key to come: no such hedge */
	st[1] = DD_DS_STATE_DIGEST_MISMATCH;
	dd__validate_ds_report(&l, cap_new(&c));
	never_says(only(&c, "DS_STALE_EXTRA", DD_SEV_WARNING, NULL), "double-DS");
	st[1] = DD_DS_STATE_NO_SUCH_KEY;
	/* trust anchors are not a parent's DS RRset: one for a key not published (the root's
	 * next KSK, announced ahead by IANA) is no fault and has no registrar */
	l.anchors = true;
	dd__validate_ds_report(&l, cap_new(&c));
	assert_int_equal(c.n, 0);
	l.anchors = false;
	/* the other DS is the key the zone's CDS/CDNSKEY announce, not published yet: not stale,
	 * a double-DS roll in its first phase (RFC 6781 4.1.2), and never "remove it" */
	st[1] = DD_DS_STATE_MATCHES_CDS_ONLY;
	dd__validate_ds_report(&l, cap_new(&c));
	const dd__vfind_t *x = only(&c, "ROLLOVER_IN_PROGRESS", DD_SEV_NOTICE, "besides the valid "
	     "DS, the parent publishes a DS for key tag 11111 (algorithm 5), the key the zone's "
	     "CDS/CDNSKEY announce, which dskey.example.com. does not publish yet: a KSK roll by "
	     "double-DS (RFC 6781 4.1.2) in its first phase. Next: once that DS has been at the "
	     "parent for the registry's delay and its TTL, publish the new KSK and sign the DNSKEY "
	     "RRset with it; remove the old DS only once the DNSKEY RRset with the old KSK has left "
	     "caches (RFC 7583)");
	assert_int_equal(x->key_tag, 11111);
	st[1] = DD_DS_STATE_UNSUPPORTED;
	dd__validate_ds_report(&l, cap_new(&c));
	assert_int_equal(c.n, 0);
	const dd__sigv_t unsigned_by[] = { DD_SIGV_NONE, DD_SIGV_NOKEY, DD_SIGV_UNAUTHENTICATED };
	for (size_t i = 0; i < COUNT(unsigned_by); i++) {
		l.ds_key_sig = unsigned_by[i];
		dd__validate_ds_report(&l, cap_new(&c));
		only(&c, "DNSKEY_NOT_SIGNED_BY_DS_KEY", DD_SEV_ERROR, "the key the parent's DS points "
		     "at (key tag 60485, the KSK) does not sign the DNSKEY RRset; only other keys do");
	}
	st[1] = DD_DS_STATE_NO_SUCH_KEY;
	l.ds_key_sig = DD_SIGV_EXPIRED;  /* it signs; the signature is reported as such */
	dd__validate_ds_report(&l, cap_new(&c));
	assert_int_equal(c.n, 0);
	l.nds = 0;
	dd__validate_ds_report(&l, cap_new(&c));
	assert_int_equal(c.n, 0);
}

static void test_ds_set(void **state)
{
	dsfx_t *f = *state;
	cap_t c;
	dd_ds_t ds[3] = { f->d[1], f->d[1], f->d[1] };
	dd__validate_ds_set(f->apex, ds, 1, cap_new(&c));
	assert_int_equal(c.n, 0);
	ds[0] = f->d[0];  /* SHA-1 alone, then beside SHA-256 */
	dd__validate_ds_set(f->apex, ds, 1, cap_new(&c));
	only(&c, "DS_DIGEST_WEAK", DD_SEV_WARNING, "the DS for key tag 60485 uses digest type 1 "
	     "(SHA-1), which RFC 8624 says must not be published; publish a SHA-256 (type 2) DS "
	     "instead");
	for (size_t i = 0; i < 2; i++) {  /* either order */
		dd_ds_t pair[2] = { f->d[i], f->d[1 - i] };
		dd__validate_ds_set(f->apex, pair, 2, cap_new(&c));
		says(only(&c, "DS_DIGEST_WEAK", DD_SEV_WARNING, NULL),
		     "published beside it: remove this one");
	}

	/* no DS usable: each names only what it lacks */
	ds[0] = f->d[1];
	ds[0].algorithm = 12;
	dd__validate_ds_set(f->apex, ds, 1, cap_new(&c));
	only(&c, "ALGORITHM_UNSUPPORTED", DD_SEV_WARNING, "no DS of the zone can be used by a "
	     "validator (DS 60485 uses algorithm 12 (ECC-GOST), which validators do not implement): "
	     "they treat the zone as insecure (RFC 4035 5.2), so it has no DNSSEC protection at all");
	dd__validate_ds_set(f->apex, ds, 2, cap_new(&c));  /* beside a usable one: fine */
	assert_int_equal(c.n, 0);
	ds[1].digest_type = 3;
	ds[2].algorithm = 200;
	ds[2].key_tag = 7;
	dd__validate_ds_set(f->apex, ds, 3, cap_new(&c));
	const dd__vfind_t *x = found(&c, "ALGORITHM_UNSUPPORTED", DD_SEV_WARNING);
	says(x, "(DS 60485 uses algorithm 12 (ECC-GOST); DS 60485 uses digest type 3 (GOST R "
	     "34.11-94); DS 7 uses algorithm 200 (unassigned), which");
	never_says(x, "algorithm 5");
	never_says(x, "digest type 2");
	/* GOST R 34.11-94 must not be published either (RFC 8624 3.3) */
	says(found(&c, "DS_DIGEST_WEAK", DD_SEV_WARNING), "digest type 3");
	assert_int_equal(c.n, 2);
}

/* Trust anchors by themselves, and the link from a DNSKEY anchor (Zonemaster's DNSSEC05 found
 * an anchor of algorithm 9 taken as usable: the zone bogus with no finding at all). */
static void test_anchor_set(void **state)
{
	dsfx_t *f = *state;
	cap_t c;
	uint8_t key[512];
	size_t kl = f->dk.rd[0].len;
	assert_true(kl <= sizeof(key));
	memcpy(key, f->dk.rd[0].data, kl);
	dd_rr_t an[3] = {
		{ .owner = f->apex, .type = DD_TYPE_DNSKEY, .rdata = { key, kl } },
		{ .owner = f->apex, .type = DD_TYPE_DS, .rdata = { f->ds.rd[1].data, f->ds.rd[1].len } },
		{ .owner = N("example.com."), .type = DD_TYPE_DNSKEY,
		  .rdata = { f->other.rd[0].data, f->other.rd[0].len } },
	};
	dd__validate_anchor_set(f->apex, an, 3, cap_new(&c));  /* usable: nothing to say */
	assert_int_equal(c.n, 0);
	key[3] = 9;  /* the DNSKEY anchor alone, of an unassigned algorithm */
	dd__validate_anchor_set(f->apex, an, 1, cap_new(&c));
	only(&c, "ALGORITHM_UNSUPPORTED", DD_SEV_WARNING, NULL);
	says(found(&c, "ALGORITHM_UNSUPPORTED", DD_SEV_WARNING), "no trust anchor of the zone can "
	     "be used by a validator (DNSKEY ");
	says(found(&c, "ALGORITHM_UNSUPPORTED", DD_SEV_WARNING), " uses algorithm 9 (unassigned), "
	     "which validators do not implement): they treat the zone as insecure");
	dd__validate_anchor_set(f->apex, an, 2, cap_new(&c));  /* beside a usable DS anchor */
	assert_int_equal(c.n, 0);
	dd__validate_anchor_set(N("other.example."), an, 3, cap_new(&c));  /* no anchor of its own */
	assert_int_equal(c.n, 0);

	dd__validate_anchor_link(f->apex, 60485, 5, DD_SIGV_NONE, cap_new(&c));
	only(&c, "DNSKEY_NOT_SIGNED_BY_DS_KEY", DD_SEV_ERROR, "the trust anchor's key (key tag "
	     "60485, algorithm 5) does not sign the DNSKEY RRset; the RRset carries no RRSIG at all");
	dd__validate_anchor_link(f->apex, 60485, 5, DD_SIGV_UNAUTHENTICATED, cap_new(&c));
	says(only(&c, "DNSKEY_NOT_SIGNED_BY_DS_KEY", DD_SEV_ERROR, NULL), "only other keys do");
	dd__validate_anchor_link(f->apex, 60485, 5, DD_SIGV_OK, cap_new(&c));
	assert_int_equal(c.n, 0);
	dd__validate_anchor_link(f->apex, 60485, 5, DD_SIGV_EXPIRED, cap_new(&c));
	assert_int_equal(c.n, 0);  /* its signature's own fault is reported as such */
}

/* The DS lines to publish, against DS records published with the keys. */
static void test_ds_lines(void **state)
{
	dsfx_t *f = *state;
	const struct {
		const char *file, *apex;
		uint16_t tag;
		uint8_t alg;
		const char *digest;
	} pub[] = {
		{ "rfc6605-p256.zone", "example.net.", 55648, 13,  /* RFC 6605 6.1 */
		  "B4C8C1FE2E7477127B27115656AD6256F424625BF5C1E2770CE6D6E37DF61D17" },
		{ "rfc8080-ed25519.zone", "example.com.", 3613, 15,  /* RFC 8080 6.1 */
		  "3AA5AB37EFCE57F737FC1627013FEE07BDF241BD10F3B1964AB55C78E79A304B" },
	};
	dd_ds_line_t out[4];
	for (size_t i = 0; i < COUNT(pub); i++) {
		tzone_t *z = tzone_load(data_path(pub[i].file), NULL);
		trrset_t dk;
		assert_int_equal(tzone_rrset(z, N(pub[i].apex), DD_TYPE_DNSKEY, &dk), 1);
		dd__vrdset_t k = { .owner = dk.set.owner, .rd = dk.rd, .n = 1 };
		memset(out, 0, sizeof(out));
		assert_int_equal(dd__validate_ds_lines(&k, out, 4), 1);
		assert_int_equal(out[0].key_tag, pub[i].tag);
		assert_int_equal(out[0].algorithm, pub[i].alg);
		assert_int_equal(out[0].digest_type, 2);
		assert_string_equal(out[0].digest, pub[i].digest);
		assert_int_equal(dd__validate_ds_lines(&k, out, 0), 0);
		tzone_free(z);
	}
	/* RFC 4034's key is a ZSK (256): no line. With the SEP flag set (tag 60486) the line is
	 * dnssec-dsfromkey 9.18.49's (-2); revoked, or of an algorithm this build lacks: none */
	assert_int_equal(dd__validate_ds_lines(&f->keys, out, 4), 0);
	uint8_t rd[4][512];
	dd_rdata_t krd[4];
	const uint16_t flags[4] = { 257, 256, 0x0181, 257 };
	for (size_t i = 0; i < 4; i++) {
		memcpy(rd[i], f->dk.rd[0].data, f->dk.rd[0].len);
		put16(rd[i], flags[i]);
		krd[i] = (dd_rdata_t){ .data = rd[i], .len = f->dk.rd[0].len };
	}
	rd[3][3] = 12;
	dd__vrdset_t k = { .owner = f->apex, .rd = krd, .n = 4 };
	assert_int_equal(dd__validate_ds_lines(&k, out, 4), 1);
	assert_int_equal(out[0].key_tag, 60486);
	assert_int_equal(out[0].algorithm, 5);
	assert_string_equal(out[0].digest,
	                    "A0091ADB6848CA53BA2EE803C283F76C32E8A4ECFAFE9B50EF143E18B7E7539D");
	k.rd = &krd[1];
	k.n = 3;
	assert_int_equal(dd__validate_ds_lines(&k, out, 4), 0);
}

static void test_cds(void **state)
{
	dsfx_t *f = *state;
	static const uint8_t cds_del[] = { 0, 0, 0, 0, 0 }, cds_del1[] = { 0, 0, 0, 0, 1 },
		cds_deltag[] = { 0, 1, 0, 0, 0 }, cdnskey_del[] = { 0, 0, 3, 0, 0 },
		cdnskey_del1[] = { 0, 0, 3, 0, 1 }, junk[] = { 1, 2, 3 };
	assert_true(dd__cds_is_delete(DD_TYPE_CDS, cds_del, 5));
	assert_true(dd__cds_is_delete(DD_TYPE_CDS, cds_del1, 5));
	assert_false(dd__cds_is_delete(DD_TYPE_CDS, f->ds.rd[1].data, f->ds.rd[1].len));
	assert_false(dd__cds_is_delete(DD_TYPE_CDS, cds_del, 3));
	assert_true(dd__cds_is_delete(DD_TYPE_CDNSKEY, cdnskey_del, 5));
	assert_false(dd__cds_is_delete(DD_TYPE_CDNSKEY, f->dk.rd[0].data, f->dk.rd[0].len));
	assert_false(dd__cds_is_delete(DD_TYPE_CDNSKEY, cdnskey_del, 3));

	dd_rdata_t ds1 = f->ds.rd[0], ds2 = f->ds.rd[1], key = f->dk.rd[0], other = f->other.rd[0];
	uint8_t bad[64];
	memcpy(bad, ds2.data, ds2.len);
	bad[ds2.len - 1] ^= 0x01;
	const dd_rdata_t badds = { .data = bad, .len = ds2.len };
	uint8_t bad2[64];  /* the tag of no key the zone publishes */
	memcpy(bad2, ds2.data, ds2.len);
	bad2[1]++;
	const dd_rdata_t badtag = { .data = bad2, .len = ds2.len };
	const dd_rdata_t del = { cds_del, 5 }, del1 = { cds_del1, 5 }, deltag = { cds_deltag, 5 },
		kdel = { cdnskey_del, 5 }, kdel1 = { cdnskey_del1, 5 }, malformed = { junk, 3 };
	dd_rdata_t both[2] = { key, other };
	dd__vrdset_t two = { .owner = f->apex, .rd = both, .n = 2 };
	const struct {
		dd_rdata_t cds[2], cdnskey[1];
		size_t ncds, ncdnskey;
		bool two_keys;
		const char *code, *text;  /* NULL: no finding */
		size_t n;
	} cases[] = {
		{ { ds2 }, { key }, 1, 1, false, NULL, NULL, 0 },
		{ { del }, { kdel }, 1, 1, false, NULL, NULL, 0 },
		{ { ds1 }, { key }, 1, 1, false, "DS_DIGEST_WEAK", "the CDS for key tag 60485 uses "
		  "digest type 1 (SHA-1): RFC 8624 says a parent must not publish it", 1 },
		{ { ds2 }, { key }, 1, 0, false, "CDS_CDNSKEY_UNPAIRED", "the apex publishes CDS "
		  "without CDNSKEY: parents that read only the other one see nothing (RFC 7344 4)", 1 },
		{ { ds2 }, { key }, 0, 1, false, "CDS_CDNSKEY_UNPAIRED", "the apex publishes CDNSKEY "
		  "without CDS: parents that read only the other one see nothing (RFC 7344 4)", 1 },
		{ { badds }, { key }, 1, 1, false, "CDS_MISMATCH", "the CDS for key tag 60485 "
		  "(algorithm 5) names a DNSKEY the zone publishes, but the digest does not match that "
		  "key; a parent that polls CDS (RFC 7344) would install a DS that authenticates no "
		  "usable key", 2 },
		{ { badtag }, { key }, 1, 1, false, "CDS_MISMATCH", "the zone publishes a CDS for key "
		  "tag 60486, algorithm 5, which matches none of its DNSKEYs; a parent that polls CDS "
		  "(RFC 7344) would install a DS that breaks the zone", 2 },
		{ { ds2 }, { other }, 1, 1, true, "CDS_MISMATCH", "the CDS for key tag 60485 has no "
		  "matching CDNSKEY: CDS and CDNSKEY disagree (RFC 7344 4)", 2 },
		{ { ds2 }, { other }, 1, 1, true, "CDS_MISMATCH", "the CDNSKEY for key tag 2642 has no "
		  "matching CDS: CDS and CDNSKEY disagree (RFC 7344 4)", 2 },
		{ { ds2 }, { other }, 0, 1, false, "CDS_MISMATCH", "the zone publishes a CDNSKEY (key "
		  "tag 2642) that is not in its DNSKEY RRset", 2 },
		{ { malformed }, { key }, 1, 1, false, "CDS_MISMATCH", "a CDS record is malformed", 2 },
		{ { del1 }, { kdel }, 1, 1, false, "CDS_MISMATCH", "a CDS delete record must be exactly "
		  "\"0 0 0 00\" and alone in its RRset (RFC 8078 4)", 1 },
		{ { deltag }, { kdel }, 1, 1, false, "CDS_MISMATCH", "a CDS delete record must be "
		  "exactly \"0 0 0 00\" and alone in its RRset (RFC 8078 4)", 1 },
		{ { del, ds2 }, { kdel }, 2, 1, false, "CDS_MISMATCH", "a CDS delete record must be "
		  "exactly \"0 0 0 00\" and alone in its RRset (RFC 8078 4)", 2 },
		{ { del }, { kdel1 }, 1, 1, false, "CDS_MISMATCH", "a CDNSKEY delete record must be "
		  "exactly \"0 3 0 AA==\" and alone in its RRset (RFC 8078 4)", 1 },
		{ { del }, { key }, 1, 1, false, "CDS_MISMATCH", "one of CDS and CDNSKEY asks to delete "
		  "the DS and the other does not (RFC 8078 4)", 1 },
		{ { ds2 }, { kdel }, 1, 1, false, "CDS_MISMATCH", "one of CDS and CDNSKEY asks to "
		  "delete the DS and the other does not (RFC 8078 4)", 2 },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		dd__vrdset_t cds = { .owner = f->apex, .rd = cases[i].cds, .n = cases[i].ncds };
		dd__vrdset_t cdk = { .owner = f->apex, .rd = cases[i].cdnskey, .n = cases[i].ncdnskey };
		cap_t c;
		dd__validate_cds(cases[i].two_keys ? &two : &f->keys, &cds, &cdk, 0, NULL, 0,
		                 cap_new(&c));
		if (c.n != cases[i].n) {
			fail_msg("case %zu: %zu findings, expected %zu (first: %s \"%s\")", i, c.n,
			         cases[i].n, c.n ? c.f[0].code : "-", c.n ? c.f[0].detail : "");
		}
		if (cases[i].code != NULL) {
			among(&c, cases[i].code, strcmp(cases[i].code, "CDS_MISMATCH") == 0 ?
			      DD_SEV_ERROR : DD_SEV_WARNING, cases[i].text);
		}
	}
	/* a CDNSKEY never asked (evidence of another prober: Zonemaster's recordings) is not a
	 * CDNSKEY absent: no CDS_CDNSKEY_UNPAIRED */
	dd__vrdset_t cds = { .owner = f->apex, .rd = &ds2, .n = 1 };
	dd__vrdset_t cdk = { .owner = f->apex, .rd = &key, .n = 0, .unknown = true };
	cap_t c;
	dd__validate_cds(&f->keys, &cds, &cdk, 0, NULL, 0, cap_new(&c));
	assert_int_equal(c.n, 0);
	cdk.unknown = false;
	dd__validate_cds(&f->keys, &cds, &cdk, 0, NULL, 0, cap_new(&c));
	only(&c, "CDS_CDNSKEY_UNPAIRED", DD_SEV_WARNING, NULL);
}

/* RFC 8078 delete records: CDS_DELETE (a notice) while the parent has a DS or may have one,
 * nothing when it has none; a non-delete CDS never says it. */
static void test_cds_delete(void **state)
{
	dsfx_t *f = *state;
	static const uint8_t cds_del[] = { 0, 0, 0, 0, 0 }, cdnskey_del[] = { 0, 0, 3, 0, 0 };
	dd_rdata_t del = { cds_del, 5 }, kdel = { cdnskey_del, 5 }, ds2 = f->ds.rd[1];
	dd_rdata_t key = f->dk.rd[0];
	dd__vrdset_t cds = { .owner = f->apex, .rd = &del, .n = 1 };
	dd__vrdset_t cdk = { .owner = f->apex, .rd = &kdel, .n = 1 };
	const int present[] = { 1, -1, 0 };
	for (size_t i = 0; i < COUNT(present); i++) {
		cap_t c;
		dd__validate_cds(&f->keys, &cds, &cdk, present[i], NULL, 0, cap_new(&c));
		if (present[i] == 0) {
			assert_int_equal(c.n, 0);
			continue;
		}
		assert_int_equal(c.n, 1);
		assert_string_equal(c.f[0].code, "CDS_DELETE");
		assert_int_equal(c.f[0].severity, DD_SEV_NOTICE);
		/* what it asks, that the parent's policy is unknown, what to expect either way */
		assert_non_null(strstr(c.f[0].detail, "it asks its parent to remove the DS"));
		assert_non_null(strstr(c.f[0].detail, "Whether the parent acts on them cannot be known "
		                                      "from here"));
		assert_non_null(strstr(c.f[0].detail, "if it scans for them, expect the DS to go"));
		assert_non_null(strstr(c.f[0].detail, "insecure to validators from then on"));
		assert_non_null(strstr(c.f[0].detail, "if not, nothing changes until the DS is removed "
		                                      "at the registrar"));
		assert_non_null(strstr(c.f[0].detail, "remove the delete records now"));
		assert_true(strlen(c.f[0].detail) + 1 < sizeof(c.f[0].detail));  /* not cut off */
		assert_true((strstr(c.f[0].detail, "while the parent has a DS") != NULL) ==
		            (present[i] == 1));
	}
	cds.rd = &ds2;
	cdk.rd = &key;
	cap_t c;
	dd__validate_cds(&f->keys, &cds, &cdk, 1, NULL, 0, cap_new(&c));
	assert_int_equal(c.n, 0);
}

/* A double-KSK roll seen from one snapshot: two KSKs published, the DS points at one, the
 * CDS/CDNSKEY announce the other: ROLLOVER_IN_PROGRESS naming both and the next step; not
 * without the announcement, nor when no DS points at any key, nor with the parent's DS set
 * unknown. */
static void test_cds_double_ksk(void **state)
{
	dsfx_t *f = *state;
	/* two SEP keys: RFC 4034's 60485 and 2642 with the SEP flag set (their tags change) */
	uint8_t k1[512], k2[512];
	const dd_rdata_t *a = &f->dk.rd[0], *b = &f->other.rd[0];
	assert_true(a->len <= sizeof(k1) && b->len <= sizeof(k2));
	memcpy(k1, a->data, a->len);
	memcpy(k2, b->data, b->len);
	k1[1] = 1;  /* flags 257 */
	k2[1] = 1;
	dd_rdata_t keys2[2] = { { k1, a->len }, { k2, b->len } };
	dd__vrdset_t keys = { .owner = f->apex, .rd = keys2, .n = 2 };
	uint16_t t1 = dd_keytag(k1, a->len), t2 = dd_keytag(k2, b->len);
	/* the parent's DS: of key 1 (also the CDS that announces key 1 alone, below) */
	uint8_t dsrd[4 + DD_DIGEST_MAXLEN] = { (uint8_t)(t1 >> 8), (uint8_t)t1, k1[3], 2 };
	size_t dl;
	assert_int_equal(dd_ds_digest(f->apex, k1, a->len, 2, dsrd + 4, &dl), DD_OK);
	dd_ds_t ds;
	assert_int_equal(dd_ds_parse(dsrd, 4 + dl, &ds), DD_OK);
	/* CDS and CDNSKEY announce key 2 */
	uint8_t cdsrd[4 + DD_DIGEST_MAXLEN];
	cdsrd[0] = (uint8_t)(t2 >> 8);
	cdsrd[1] = (uint8_t)t2;
	cdsrd[2] = k2[3];
	cdsrd[3] = 2;
	assert_int_equal(dd_ds_digest(f->apex, k2, b->len, 2, cdsrd + 4, &dl), DD_OK);
	dd_rdata_t cdsr = { cdsrd, (uint16_t)(4 + dl) }, cdnskeyr = keys2[1];
	dd__vrdset_t cds = { .owner = f->apex, .rd = &cdsr, .n = 1 };
	dd__vrdset_t cdk = { .owner = f->apex, .rd = &cdnskeyr, .n = 1 };
	cap_t c;
	dd__validate_cds(&keys, &cds, &cdk, 1, &ds, 1, cap_new(&c));
	char want[1024];
	snprintf(want, sizeof(want), "KSK %u (algorithm %u) of dskey.example.com. is published and "
	         "announced by its CDS/CDNSKEY, but no DS at the parent points at it yet, beside KSK "
	         "%u that the DS does: a KSK roll by double-KSK (RFC 6781 4.1.2), or a new KSK "
	         "waiting for its DS. Next: the parent publishes its DS (by scanning CDS, RFC 7344, "
	         "or at the registrar); keep KSK %u and its DS until the new DS has been at the "
	         "parent for the registry's delay and its TTL (RFC 7583)", t2, k2[3], t1, t1);
	const dd__vfind_t *x = only(&c, "ROLLOVER_IN_PROGRESS", DD_SEV_NOTICE, want);
	assert_int_equal(x->key_tag, t2);
	/* the parent's DS set not known (a zone file without --ds), or no DS on any key */
	dd__validate_cds(&keys, &cds, &cdk, -1, NULL, 0, cap_new(&c));
	assert_int_equal(c.n, 0);
	ds.key_tag ^= 1;
	dd__validate_cds(&keys, &cds, &cdk, 1, &ds, 1, cap_new(&c));
	assert_int_equal(c.n, 0);
	ds.key_tag ^= 1;
	/* announced: the old key only (CDS for key 1): nothing under way */
	dd_rdata_t cds1r = { dsrd, (uint16_t)(4 + dl) };
	cds.rd = &cds1r;
	cdk.rd = &keys2[0];
	dd__validate_cds(&keys, &cds, &cdk, 1, &ds, 1, cap_new(&c));
	assert_int_equal(c.n, 0);

	/* double-DS from the zone's side: only key 1 published, CDS and CDNSKEY announce both:
	 * the new one is announced first (a notice, said once), not CDS_MISMATCH */
	dd__vrdset_t one = { .owner = f->apex, .rd = keys2, .n = 1 };
	dd_rdata_t cds12[2] = { cds1r, cdsr };
	cds = (dd__vrdset_t){ .owner = f->apex, .rd = cds12, .n = 2 };
	cdk = (dd__vrdset_t){ .owner = f->apex, .rd = keys2, .n = 2 };
	dd__validate_cds(&one, &cds, &cdk, 1, &ds, 1, cap_new(&c));
	snprintf(want, sizeof(want), "the CDS of dskey.example.com. announces key tag %u (algorithm "
	         "%u), which the zone does not publish yet, beside the CDS of its KSK %u: a KSK "
	         "roll by double-DS (RFC 6781 4.1.2) asking the parent for the new DS first; "
	         "harmless while the DS of KSK %u stays. Next: once the new DS has been at the "
	         "parent for the registry's delay and its TTL, publish the new KSK; if no key %u is "
	         "coming, remove that CDS", t2, k2[3], t1, t1, t2);
	only(&c, "ROLLOVER_IN_PROGRESS", DD_SEV_NOTICE, want);
	/* CDNSKEY alone: the same from its side, beside CDS_CDNSKEY_UNPAIRED */
	cds.n = 0;
	dd__validate_cds(&one, &cds, &cdk, 1, &ds, 1, cap_new(&c));
	assert_int_equal(c.n, 2);
	snprintf(want, sizeof(want), "the CDNSKEY of dskey.example.com. announces key tag %u, which "
	         "the zone does not publish yet, beside the CDNSKEY of its KSK %u: a KSK roll by "
	         "double-DS (RFC 6781 4.1.2) asking the parent for the new DS first; harmless while "
	         "the DS of KSK %u stays. Next: once the new DS has been at the parent for the "
	         "registry's delay and its TTL, publish the new KSK; if no key %u is coming, remove "
	         "that CDNSKEY", t2, t1, t1, t2);
	among(&c, "ROLLOVER_IN_PROGRESS", DD_SEV_NOTICE, want);
	/* the new key's CDS alone, no live one: a parent installing it breaks the zone */
	cds = (dd__vrdset_t){ .owner = f->apex, .rd = &cdsr, .n = 1 };
	cdk.n = 0;
	dd__validate_cds(&one, &cds, &cdk, 1, &ds, 1, cap_new(&c));
	snprintf(want, sizeof(want), "the zone publishes a CDS for key tag %u, algorithm %u, which "
	         "matches none of its DNSKEYs; a parent that polls CDS (RFC 7344) would install a DS "
	         "that breaks the zone", t2, k2[3]);
	among(&c, "CDS_MISMATCH", DD_SEV_ERROR, want);
}

/* ---- main ------------------------------------------------------------------------------------ */

/* A ZSK that signs nothing beside one of its algorithm that signs: ZSK_STANDBY, with both next
 * steps; not for a KSK, nor when no ZSK of its algorithm signs. */
static void test_standby_zsk(void **state)
{
	(void)state;
	uint8_t apex[DD_NAME_MAXLEN];
	assert_true(dd_name_from_str("example.", apex) >= 0);
	dd__vkey_t k[4] = { { NULL, 1, 13, 257 }, { NULL, 100, 13, 256 }, { NULL, 200, 13, 256 },
		            { NULL, 300, 8, 256 } };
	dd__vkeys_t keys = { .zone = apex, .keys = k, .n = 4 };
	bool signs[4] = { true, true, false, false };
	cap_t c;
	dd__validate_standby_zsk(&keys, signs, 3600, 0, cap_new(&c));
	const dd__vfind_t *x = only(&c, "ZSK_STANDBY", DD_SEV_NOTICE, "ZSK 200 (algorithm 13) of "
	                            "example. is published but signs none of the apex RRsets, beside "
	                            "ZSK 100 that does: a ZSK pre-published for a roll (RFC 6781 "
	                            "4.1.1.1) or one retired after it. If it is new, sign with it once "
	                            "it has been published for Dprp + the DNSKEY TTL (3600 s) (RFC 7583 "
	                            "Ipub); if it is retired, remove it once Dprp + the zone's largest "
	                            "TTL has passed since it last signed (Iret). One snapshot shows "
	                            "neither date: monitor records them");
	assert_int_equal(x->key_tag, 200);
	/* key 300 (algorithm 8) has no signing ZSK of its algorithm: not named */
	signs[1] = false;
	dd__validate_standby_zsk(&keys, signs, 3600, 0, cap_new(&c));
	assert_int_equal(c.n, 0);
	/* both sign: nothing */
	signs[1] = signs[2] = true;
	dd__validate_standby_zsk(&keys, signs, 3600, 0, cap_new(&c));
	assert_int_equal(c.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ds_class, ds_setup, ds_teardown),
		cmocka_unit_test_setup_teardown(test_ds_flags, ds_setup, ds_teardown),
		cmocka_unit_test_setup_teardown(test_ds_report, ds_setup, ds_teardown),
		cmocka_unit_test_setup_teardown(test_ds_set, ds_setup, ds_teardown),
		cmocka_unit_test_setup_teardown(test_ds_lines, ds_setup, ds_teardown),
		cmocka_unit_test_setup_teardown(test_cds, ds_setup, ds_teardown),
		cmocka_unit_test_setup_teardown(test_cds_delete, ds_setup, ds_teardown),
		cmocka_unit_test_setup_teardown(test_anchor_set, ds_setup, ds_teardown),
		cmocka_unit_test_setup_teardown(test_cds_double_ksk, ds_setup, ds_teardown),
		cmocka_unit_test(test_standby_zsk),
	};
	return cmocka_run_group_tests_name("validate_ds", tests, NULL, NULL);
}
