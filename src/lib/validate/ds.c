/* SPDX-License-Identifier: MIT
 * ds.c - the DS -> DNSKEY link (RFC 4035 5.2) and what a zone announces to its parent
 * (CDS/CDNSKEY, RFC 7344, RFC 8078): how each DS is classified, how a broken link is named, the
 * DS lines a zone needs, and the CDS checks, for every command. */

#include <stdio.h>
#include <string.h>

#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/name.h"
#include "dd/text.h"
#include "dns/name_text.h"
#include "validate/validate.h"

const char *dd_ds_state_name(dd_ds_state_t state)
{
	switch (state) {
	case DD_DS_STATE_MATCHES:            return "matches";
	case DD_DS_STATE_MATCHES_REVOKED:    return "matches a revoked key";
	case DD_DS_STATE_NOT_ZONE_KEY:       return "key without the Zone flag";
	case DD_DS_STATE_DIGEST_MISMATCH:    return "digest mismatch";
	case DD_DS_STATE_ALGORITHM_MISMATCH: return "algorithm mismatch";
	case DD_DS_STATE_MATCHES_CDS_ONLY:   return "matches CDS only";
	case DD_DS_STATE_NO_SUCH_KEY:        return "no such key";
	case DD_DS_STATE_UNSUPPORTED:        return "unsupported";
	}
	return "unknown";
}

/* Is @p ds what the zone's CDS or CDNSKEY RRset announces? */
static bool announced(const dd_ds_t *ds, const dd__vrdset_t *cds, const dd__vrdset_t *cdnskey)
{
	for (size_t i = 0; cds != NULL && i < cds->n; i++) {
		dd_ds_t c;
		if (dd_ds_parse(cds->rd[i].data, cds->rd[i].len, &c) == DD_OK &&
		    c.key_tag == ds->key_tag && c.algorithm == ds->algorithm &&
		    c.digest_type == ds->digest_type && c.digest_len == ds->digest_len &&
		    memcmp(c.digest, ds->digest, c.digest_len) == 0) {
			return true;
		}
	}
	for (size_t i = 0; cdnskey != NULL && i < cdnskey->n; i++) {
		dd_ds_result_t r;
		if (dd_ds_match(cdnskey->owner, ds, cdnskey->rd[i].data, cdnskey->rd[i].len, &r) ==
		    DD_OK && r.keytag_match && r.digest == DD_DS_DIGEST_MATCH) {
			return true;
		}
	}
	return false;
}

dd_ds_state_t dd__validate_ds_class(const dd_ds_t *ds, const dd__vrdset_t *keys,
                                    const dd__vrdset_t *cds, const dd__vrdset_t *cdnskey,
                                    bool *matched)
{
	if (!dd_alg_supported(ds->algorithm) || !dd_digest_supported(ds->digest_type)) {
		return DD_DS_STATE_UNSUPPORTED;
	}
	dd_ds_state_t best = DD_DS_STATE_NO_SUCH_KEY;
	for (size_t k = 0; keys != NULL && k < keys->n; k++) {
		dd_ds_result_t r;
		if (dd_ds_match(keys->owner, ds, keys->rd[k].data, keys->rd[k].len, &r) != DD_OK) {
			continue;
		}
		if (dd_ds_result_ok(&r)) {
			/* a revoked key still authenticates for Unbound and BIND (RFC 5011 2.1 is
			 * about trust anchors); it is named as such */
			bool revoked = keys->rd[k].len >= 2 && (((keys->rd[k].data[0] << 8) |
			                                        keys->rd[k].data[1]) & DD_DNSKEY_FLAG_REVOKE);
			dd_ds_state_t st = revoked ? DD_DS_STATE_MATCHES_REVOKED : DD_DS_STATE_MATCHES;
			best = st < best ? st : best;
			if (matched != NULL) {
				matched[k] = true;
			}
		} else if (r.keytag_match && r.algorithm_match && r.digest == DD_DS_DIGEST_MATCH &&
		           best > DD_DS_STATE_NOT_ZONE_KEY) {
			/* the exact key, which validators may not use (RFC 4034 2.1.1, 5.2) */
			best = DD_DS_STATE_NOT_ZONE_KEY;
		} else if (r.keytag_match && r.algorithm_match && r.digest != DD_DS_DIGEST_MATCH &&
		           best > DD_DS_STATE_DIGEST_MISMATCH) {
			best = DD_DS_STATE_DIGEST_MISMATCH;
		} else if (r.keytag_match && !r.algorithm_match && r.digest == DD_DS_DIGEST_MATCH &&
		           best > DD_DS_STATE_ALGORITHM_MISMATCH) {
			best = DD_DS_STATE_ALGORITHM_MISMATCH;
		}
	}
	if (best == DD_DS_STATE_NO_SUCH_KEY && announced(ds, cds, cdnskey)) {
		best = DD_DS_STATE_MATCHES_CDS_ONLY;
	}
	return best;
}

void dd__validate_ds_report(const dd__dslink_t *l, const dd__vsink_t *sink)
{
	char zn[1024];
	dd__name_text(l->zone, zn, sizeof(zn));
	if (l->nds == 0) {
		return;
	}
	if (!l->has_dnskey) {
		if (l->served_unsigned) {
			dd__vemit(sink, "DS_WITHOUT_DNSKEY", DD_SEV_ERROR, l->zone, DD_TYPE_DS,
			          l->ds[0].key_tag, l->ds[0].algorithm, 0, "the parent publishes %zu DS "
			          "for %s but the zone is unsigned (no DNSKEY RRset): validators see it "
			          "bogus. Signing was turned off, or the zone moved to a provider that does "
			          "not sign, before the DS was removed", l->nds, zn);
		}
		return;
	}
	size_t usable = 0;
	const dd_ds_t *tell = NULL, *match = NULL;
	dd_ds_state_t worst = DD_DS_STATE_UNSUPPORTED;
	for (size_t d = 0; d < l->nds; d++) {
		if (l->state[d] == DD_DS_STATE_UNSUPPORTED) {
			continue;
		}
		usable++;
		if (l->state[d] == DD_DS_STATE_MATCHES || l->state[d] == DD_DS_STATE_MATCHES_REVOKED) {
			match = match ? match : &l->ds[d];
		} else if (tell == NULL || l->state[d] < worst) {
			worst = l->state[d];
			tell = &l->ds[d];
		}
	}
	if (usable == 0) {
		return;
	}
	if (match == NULL && tell != NULL) {
		switch (worst) {
		case DD_DS_STATE_DIGEST_MISMATCH:
			dd__vemit(sink, "DS_DIGEST_MISMATCH", DD_SEV_ERROR, l->zone, DD_TYPE_DS,
			          tell->key_tag, tell->algorithm, 0, "the DS for key tag %u (algorithm %u, "
			          "digest type %u) names a key the zone publishes, but its digest does not "
			          "match that key", tell->key_tag, tell->algorithm, tell->digest_type);
			break;
		case DD_DS_STATE_ALGORITHM_MISMATCH:
			dd__vemit(sink, "DS_ALGORITHM_MISMATCH", DD_SEV_ERROR, l->zone, DD_TYPE_DS,
			          tell->key_tag, tell->algorithm, 0, "the DS for key tag %u says algorithm "
			          "%u, but that key is of another algorithm (its digest matches)",
			          tell->key_tag, tell->algorithm);
			break;
		case DD_DS_STATE_NOT_ZONE_KEY:
			dd__vemit(sink, "DS_NO_MATCHING_DNSKEY", DD_SEV_ERROR, l->zone, DD_TYPE_DS,
			          tell->key_tag, tell->algorithm, 0, "the parent's DS (key tag %u, "
			          "algorithm %u) matches a DNSKEY of the zone, but that key lacks the Zone "
			          "Key flag (or protocol 3), so validators may not use it (RFC 4034 2.1.1, "
			          "5.2): no DS points at a usable key", tell->key_tag, tell->algorithm);
			break;
		case DD_DS_STATE_MATCHES_CDS_ONLY:
			dd__vemit(sink, "ROLLOVER_INCOMPLETE", DD_SEV_ERROR, l->zone, DD_TYPE_DS,
			          tell->key_tag, tell->algorithm, 0, "the parent's DS (key tag %u) is the "
			          "one the zone's CDS/CDNSKEY announces, but that key is not in the DNSKEY "
			          "RRset: the KSK rollover was left half done", tell->key_tag);
			break;
		default:
			dd__vemit(sink, "DS_NO_MATCHING_DNSKEY", DD_SEV_ERROR, l->zone, DD_TYPE_DS,
			          tell->key_tag, tell->algorithm, 0, "no DNSKEY of the zone has the key "
			          "tag %u and algorithm %u that the parent's DS names (a stale DS, e.g. "
			          "after a rollover)", tell->key_tag, tell->algorithm);
			break;
		}
		return;
	}
	if (match == NULL) {
		return;
	}
	for (size_t d = 0; d < l->nds; d++) {
		if (l->state[d] != DD_DS_STATE_MATCHES_REVOKED) {
			continue;
		}
		dd__vemit(sink, "DS_REVOKED_KEY", DD_SEV_WARNING, l->zone, DD_TYPE_DS, l->ds[d].key_tag,
		          l->ds[d].algorithm, 0, "the parent's DS for key tag %u (algorithm %u) points "
		          "at a KSK of %s with the REVOKE bit set (RFC 5011 2.1). Unbound and BIND "
		          "still accept the chain through it; DNSViz calls it bogus "
		          "(DNSKEY_REVOKED_DS), and a key its operator revoked should not start the "
		          "chain: publish the DS of a KSK that is not revoked, then remove this one",
		          l->ds[d].key_tag, l->ds[d].algorithm, zn);
	}
	if (l->ds_key_sig == DD_SIGV_NONE || l->ds_key_sig == DD_SIGV_NOKEY ||
	    l->ds_key_sig == DD_SIGV_UNAUTHENTICATED) {
		dd__vemit(sink, "DNSKEY_NOT_SIGNED_BY_DS_KEY", DD_SEV_ERROR, l->zone, DD_TYPE_DNSKEY,
		          match->key_tag, match->algorithm, 0, "the key the parent's DS points at (key "
		          "tag %u, the KSK) does not sign the DNSKEY RRset; only other keys do",
		          match->key_tag);
		return;
	}
	if (!dd__sigv_usable(l->ds_key_sig)) {
		return;  /* the DNSKEY RRset's signature is reported as such */
	}
	for (size_t d = 0; d < l->nds && !l->anchors; d++) {
		dd_ds_state_t st = l->state[d];
		if (st == DD_DS_STATE_MATCHES || st == DD_DS_STATE_MATCHES_REVOKED ||
		    st == DD_DS_STATE_UNSUPPORTED) {
			continue;
		}
		if (st == DD_DS_STATE_MATCHES_CDS_ONLY) {
			/* not stale: the DS of the key the zone announces next (RFC 7344) */
			dd__vemit(sink, "ROLLOVER_IN_PROGRESS", DD_SEV_NOTICE, l->zone, DD_TYPE_DS,
			          l->ds[d].key_tag, l->ds[d].algorithm, 0, "besides the valid DS, the "
			          "parent publishes a DS for key tag %u (algorithm %u), the key the zone's "
			          "CDS/CDNSKEY announce, which %s does not publish yet: a KSK roll by "
			          "double-DS (RFC 6781 4.1.2) in its first phase. Next: once that DS has "
			          "been at the parent for the registry's delay and its TTL, publish the new "
			          "KSK and sign the DNSKEY RRset with it; remove the old DS only once the "
			          "DNSKEY RRset with the old KSK has left caches (RFC 7583)",
			          l->ds[d].key_tag, l->ds[d].algorithm, zn);
			continue;
		}
		/* a DS for a key not published yet may be a double-DS roll's first step (RFC 6781
		 * 4.1.2) that announced nothing by CDS: one snapshot cannot tell it from a stale one */
		dd__vemit(sink, "DS_STALE_EXTRA", DD_SEV_WARNING, l->zone, DD_TYPE_DS, l->ds[d].key_tag,
		          l->ds[d].algorithm, 0, "besides a valid DS, the parent publishes a DS for key "
		          "tag %u (algorithm %u) that matches no key (%s): remove it at the registrar%s",
		          l->ds[d].key_tag, l->ds[d].algorithm, dd_ds_state_name(st),
		          st == DD_DS_STATE_NO_SUCH_KEY ? ", unless it is the DS of a KSK you are about "
		          "to publish (a double-DS roll, RFC 6781 4.1.2: then publish that KSK once the "
		          "DS has been at the parent for its TTL)" : "");
	}
}

void dd__validate_anchor_set(const uint8_t *zone, const dd_rr_t *anchors, size_t n,
                             const dd__vsink_t *sink)
{
	char why[400] = "";
	size_t w = 0, mine = 0, usable = 0;
	uint16_t tag0 = 0;
	uint8_t alg0 = 0;
	for (size_t a = 0; a < n; a++) {
		const dd_rr_t *an = &anchors[a];
		if (!dd_name_equal(an->owner, zone) || an->rdata.len < 4 ||
		    (an->type != DD_TYPE_DS && an->type != DD_TYPE_DNSKEY)) {
			continue;
		}
		bool ds = an->type == DD_TYPE_DS;
		uint8_t alg = an->rdata.data[ds ? 2 : 3];
		uint16_t tag = ds ? (uint16_t)(an->rdata.data[0] << 8 | an->rdata.data[1])
		                  : dd_keytag(an->rdata.data, an->rdata.len);
		bool alg_ok = dd_alg_supported(alg);
		bool dig_ok = !ds || dd_digest_supported(an->rdata.data[3]);
		if (mine++ == 0) {
			tag0 = tag;
			alg0 = alg;
		}
		if (alg_ok && dig_ok) {
			usable++;
			continue;
		}
		if (w < sizeof(why)) {
			const char *nm = !alg_ok ? dd_alg_name(alg) : dd_digest_name(an->rdata.data[3]);
			int r = snprintf(why + w, sizeof(why) - w, "%s%s %u uses %s %u (%s)", w ? "; " : "",
			                 ds ? "DS" : "DNSKEY", tag, !alg_ok ? "algorithm" : "digest type",
			                 !alg_ok ? alg : an->rdata.data[3], nm ? nm : "unassigned");
			w += r > 0 ? (size_t)r : 0;
		}
	}
	if (mine > 0 && usable == 0) {
		dd__vemit(sink, "ALGORITHM_UNSUPPORTED", DD_SEV_WARNING, zone, DD_TYPE_DNSKEY, tag0,
		          alg0, 0, "no trust anchor of the zone can be used by a validator (%s, which "
		          "validators do not implement): they treat the zone as insecure (RFC 4035 "
		          "5.2), so it has no DNSSEC protection at all", why);
	}
}

void dd__validate_anchor_link(const uint8_t *zone, uint16_t tag, uint8_t alg, dd__sigv_t sig,
                              const dd__vsink_t *sink)
{
	if (sig != DD_SIGV_NONE && sig != DD_SIGV_NOKEY && sig != DD_SIGV_UNAUTHENTICATED) {
		return;  /* signed by it: any fault of that signature is reported as such */
	}
	dd__vemit(sink, "DNSKEY_NOT_SIGNED_BY_DS_KEY", DD_SEV_ERROR, zone, DD_TYPE_DNSKEY, tag, alg,
	          0, "the trust anchor's key (key tag %u, algorithm %u) does not sign the DNSKEY "
	          "RRset; %s", tag, alg, sig == DD_SIGV_NONE ? "the RRset carries no RRSIG at all"
	                                                    : "only other keys do");
}

void dd__validate_ds_set(const uint8_t *zone, const dd_ds_t *ds, size_t nds,
                         const dd__vsink_t *sink)
{
	if (nds == 0) {
		return;
	}
	char why[400] = "";
	size_t w = 0, unusable = 0;
	bool strong = false;
	for (size_t d = 0; d < nds; d++) {
		bool alg_ok = dd_alg_supported(ds[d].algorithm);
		bool dig_ok = dd_digest_supported(ds[d].digest_type);
		if (alg_ok && dig_ok) {
			strong = strong || dd_digest_creation_req(ds[d].digest_type) != DD_REQ_MUST_NOT;
			continue;
		}
		unusable++;
		if (w < sizeof(why)) {
			const char *n = !alg_ok ? dd_alg_name(ds[d].algorithm)
			                        : dd_digest_name(ds[d].digest_type);
			int r = snprintf(why + w, sizeof(why) - w, "%sDS %u uses %s %u (%s)", w ? "; " : "",
			                 ds[d].key_tag, !alg_ok ? "algorithm" : "digest type",
			                 !alg_ok ? ds[d].algorithm : ds[d].digest_type, n ? n : "unassigned");
			w += r > 0 ? (size_t)r : 0;
		}
	}
	if (unusable == nds) {
		dd__vemit(sink, "ALGORITHM_UNSUPPORTED", DD_SEV_WARNING, zone, DD_TYPE_DS, ds[0].key_tag,
		          ds[0].algorithm, 0, "no DS of the zone can be used by a validator (%s, which "
		          "validators do not implement): they treat the zone as insecure (RFC 4035 5.2), "
		          "so it has no DNSSEC protection at all", why);
	}
	for (size_t d = 0; d < nds; d++) {
		if (!dd_alg_supported(ds[d].algorithm) ||
		    dd_digest_creation_req(ds[d].digest_type) != DD_REQ_MUST_NOT) {
			continue;
		}
		const char *dn = dd_digest_name(ds[d].digest_type);
		dd__vemit(sink, "DS_DIGEST_WEAK", DD_SEV_WARNING, zone, DD_TYPE_DS, ds[d].key_tag,
		          ds[d].algorithm, 0, "the DS for key tag %u uses digest type %u (%s), which "
		          "RFC 8624 says must not be published; %s", ds[d].key_tag, ds[d].digest_type,
		          dn ? dn : "?", strong ? "a DS with a SHA-256 or SHA-384 digest is published "
		          "beside it: remove this one" : "publish a SHA-256 (type 2) DS instead");
	}
}

void dd__validate_sep(const dd__vkeys_t *keys, const dd_rdata_t *sigs, const dd__sigout_t *outs,
                      size_t n, const bool active[256], const dd__vsink_t *sink)
{
	bool sep_ok[256] = { false };
	for (size_t i = 0; i < n; i++) {
		dd__sigv_t v = outs[i].v;
		bool counts = dd__sigv_usable(v) || v == DD_SIGV_EXPIRED || v == DD_SIGV_NOT_YET_VALID;
		if (counts && outs[i].key < keys->n &&
		    (keys->keys[outs[i].key].flags & DD_DNSKEY_FLAG_SEP)) {
			sep_ok[keys->keys[outs[i].key].alg] = true;
		}
	}
	(void)sigs;
	for (unsigned a = 0; a < 256; a++) {
		if (!active[a] || sep_ok[a]) {
			continue;
		}
		bool any_sep = false;
		for (size_t k = 0; k < keys->n; k++) {
			any_sep |= keys->keys[k].alg == a && (keys->keys[k].flags & DD_DNSKEY_FLAG_SEP) &&
			           !(keys->keys[k].flags & DD_DNSKEY_FLAG_REVOKE);
		}
		const char *an = dd_alg_name((uint8_t)a);
		dd__vemit(sink, "SEP_MISSING_FOR_ALGORITHM", DD_SEV_ERROR, keys->zone, DD_TYPE_DNSKEY, 0,
		          (uint8_t)a, 0, "no valid signature over the DNSKEY RRset by a key with the SEP "
		          "flag for algorithm %u (%s)%s", a, an ? an : "?",
		          any_sep ? ": the KSK of that algorithm does not sign it" :
		          ": no key of that algorithm has the SEP flag (a KSK)");
	}
}

void dd__validate_dnskeys(const dd__vkeys_t *keys, const dd_rdata_t *rd, size_t nrd,
                          const dd__vsink_t *sink)
{
	const uint8_t *apex = keys->zone;
	for (size_t i = 0; i < nrd; i++) {
		dd_dnskey_t dk;
		uint16_t tag = dd_keytag(rd[i].data, rd[i].len);
		if (dd_dnskey_parse(rd[i].data, rd[i].len, &dk) != DD_OK) {
			dd__vemit(sink, "DNSKEY_INVALID", DD_SEV_ERROR, apex, DD_TYPE_DNSKEY, tag, 0, 0,
			          "the DNSKEY with key tag %u is too short to hold flags, protocol and "
			          "algorithm", tag);
			continue;
		}
		const dd__vkey_t *vk = i < keys->n ? &keys->keys[i] : NULL;
		const char *an = dd_alg_name(dk.algorithm);
		if (dd_alg_supported(dk.algorithm) && (vk == NULL || vk->key == NULL)) {
			dd__vemit(sink, "DNSKEY_INVALID", DD_SEV_ERROR, apex, DD_TYPE_DNSKEY, tag,
			          dk.algorithm, 0, "the DNSKEY with key tag %u (algorithm %u, %s) holds a "
			          "public key that is malformed for its algorithm", tag, dk.algorithm,
			          an ? an : "?");
		}
		if (dk.protocol != DD_DNSKEY_PROTOCOL) {
			dd__vemit(sink, "DNSKEY_INVALID", DD_SEV_ERROR, apex, DD_TYPE_DNSKEY, tag,
			          dk.algorithm, 0, "the DNSKEY with key tag %u has protocol %u; RFC 4034 "
			          "2.1.2 requires 3", tag, dk.protocol);
		}
	}
	/* key tag collisions (RFC 4034 B: tags are not unique; validators must try each) */
	for (size_t i = 0; i < keys->n; i++) {
		size_t same = 0;
		bool first = true;
		for (size_t j = 0; j < keys->n; j++) {
			if (keys->keys[j].tag == keys->keys[i].tag && keys->keys[j].alg == keys->keys[i].alg) {
				same++;
				first = first && j >= i;
			}
		}
		if (same > 1 && first) {
			dd__vemit(sink, "DNSKEY_KEYTAG_COLLISION", DD_SEV_WARNING, apex, DD_TYPE_DNSKEY,
			          keys->keys[i].tag, keys->keys[i].alg, 0, "%zu DNSKEYs share key tag %u and "
			          "algorithm %u: each signature costs validators up to %zu verifications, "
			          "and resolvers with KeyTrap limits may give up", same, keys->keys[i].tag,
			          keys->keys[i].alg, same);
		}
	}
}

bool dd__cds_is_delete(uint16_t type, const uint8_t *rd, size_t len)
{
	/* RFC 8078 4: algorithm 0 (the third octet of CDS, the fourth of CDNSKEY) */
	if (type == DD_TYPE_CDS) {
		return len >= 4 && rd[2] == 0;
	}
	return len >= 4 && rd[3] == 0;
}

/* Does CDS @p ds match one of the DNSKEY-format records in @p set? */
static bool ds_matches_one(const dd_ds_t *ds, const dd__vrdset_t *set)
{
	for (size_t k = 0; set != NULL && k < set->n; k++) {
		dd_ds_result_t r;
		if (dd_ds_match(set->owner, ds, set->rd[k].data, set->rd[k].len, &r) == DD_OK &&
		    dd_ds_result_ok(&r)) {
			return true;
		}
	}
	return false;
}

/* Why @p ds, which authenticates no key of @p set, still names one the zone publishes (a key of
 * its tag and algorithm): "" if none does. */
static const char *ds_names_published_key(const dd_ds_t *ds, const dd__vrdset_t *set)
{
	const char *why = "";
	for (size_t k = 0; set != NULL && k < set->n; k++) {
		dd_ds_result_t r;
		if (dd_ds_match(set->owner, ds, set->rd[k].data, set->rd[k].len, &r) != DD_OK ||
		    !r.keytag_match || !r.algorithm_match) {
			continue;
		}
		if (r.digest == DD_DS_DIGEST_MATCH && (!r.zone_key || !r.protocol_ok)) {
			return "whose Zone Key flag is clear (or whose protocol is not 3), a key validators "
			       "may not use (RFC 4034 2.1.1, 5.2)";
		}
		if (r.digest == DD_DS_DIGEST_MISMATCH) {
			why = "but the digest does not match that key";
		}
	}
	return why;
}

static bool rdata_in(const dd_rdata_t *rd, const dd__vrdset_t *set)
{
	for (size_t k = 0; set != NULL && k < set->n; k++) {
		if (set->rd[k].len == rd->len && memcmp(set->rd[k].data, rd->data, rd->len) == 0) {
			return true;
		}
	}
	return false;
}

/* The key tag of a CDS of @p cds that matches a published key, -1 if none does. */
static int cds_live_tag(const dd__vrdset_t *keys, const dd__vrdset_t *cds)
{
	for (size_t i = 0; i < cds->n; i++) {
		dd_ds_t ds;
		if (dd_ds_parse(cds->rd[i].data, cds->rd[i].len, &ds) == DD_OK &&
		    !dd__cds_is_delete(DD_TYPE_CDS, cds->rd[i].data, cds->rd[i].len) &&
		    ds_matches_one(&ds, keys)) {
			return ds.key_tag;
		}
	}
	return -1;
}

/* The CDS records: each must match a key (and a CDNSKEY when there are any); one for a key
 * not published beside one for a published key announces the next KSK (double-DS). */
static void check_cds_records(const dd__vrdset_t *keys, const dd__vrdset_t *cds,
                              const dd__vrdset_t *cdnskey, const dd__vsink_t *sink, bool *del)
{
	const uint8_t *apex = keys->owner;
	int live = cds_live_tag(keys, cds);
	for (size_t i = 0; i < cds->n; i++) {
		const dd_rdata_t *rd = &cds->rd[i];
		dd_ds_t ds;
		if (dd_ds_parse(rd->data, rd->len, &ds) != DD_OK) {
			dd__vemit(sink, "CDS_MISMATCH", DD_SEV_ERROR, apex, DD_TYPE_CDS, 0, 0, 0,
			          "a CDS record is malformed");
			continue;
		}
		if (dd__cds_is_delete(DD_TYPE_CDS, rd->data, rd->len)) {
			*del = true;
			if (ds.key_tag != 0 || ds.digest_type != 0 || ds.digest_len != 1 ||
			    ds.digest[0] != 0 || cds->n > 1) {
				dd__vemit(sink, "CDS_MISMATCH", DD_SEV_ERROR, apex, DD_TYPE_CDS, 0, 0, 0,
				          "a CDS delete record must be exactly \"0 0 0 00\" and alone in its "
				          "RRset (RFC 8078 4)");
			}
			continue;
		}
		if (!dd_alg_supported(ds.algorithm) || !dd_digest_supported(ds.digest_type)) {
			continue;  /* cannot be judged here */
		}
		if (dd_digest_creation_req(ds.digest_type) == DD_REQ_MUST_NOT) {
			dd__vemit(sink, "DS_DIGEST_WEAK", DD_SEV_WARNING, apex, DD_TYPE_CDS, ds.key_tag,
			          ds.algorithm, 0, "the CDS for key tag %u uses digest type %u (%s): RFC "
			          "8624 says a parent must not publish it", ds.key_tag, ds.digest_type,
			          dd_digest_name(ds.digest_type));
		}
		bool match = ds_matches_one(&ds, keys);
		const char *named = match ? "" : ds_names_published_key(&ds, keys);
		if (named[0] != '\0') {
			/* not the announcement of a key to come: a key of that tag is published */
			dd__vemit(sink, "CDS_MISMATCH", DD_SEV_ERROR, apex, DD_TYPE_CDS, ds.key_tag,
			          ds.algorithm, 0, "the CDS for key tag %u (algorithm %u) names a DNSKEY the "
			          "zone publishes, %s; a parent that polls CDS (RFC 7344) would install a DS "
			          "that authenticates no usable key", ds.key_tag, ds.algorithm, named);
		} else if (!match && live >= 0) {
			/* the parent would install it beside a DS that keeps the zone valid */
			char zn[1024];
			dd__name_text(apex, zn, sizeof(zn));
			dd__vemit(sink, "ROLLOVER_IN_PROGRESS", DD_SEV_NOTICE, apex, DD_TYPE_CDS,
			          ds.key_tag, ds.algorithm, 0, "the CDS of %s announces key tag %u "
			          "(algorithm %u), which the zone does not publish yet, beside the CDS of "
			          "its KSK %d: a KSK roll by double-DS (RFC 6781 4.1.2) asking the parent "
			          "for the new DS first; harmless while the DS of KSK %d stays. Next: once "
			          "the new DS has been at the parent for the registry's delay and its TTL, "
			          "publish the new KSK; if no key %u is coming, remove that CDS", zn,
			          ds.key_tag, ds.algorithm, live, live, ds.key_tag);
		} else if (!match) {
			dd__vemit(sink, "CDS_MISMATCH", DD_SEV_ERROR, apex, DD_TYPE_CDS, ds.key_tag,
			          ds.algorithm, 0, "the zone publishes a CDS for key tag %u, algorithm %u, "
			          "which matches none of its DNSKEYs; a parent that polls CDS (RFC 7344) "
			          "would install a DS that breaks the zone", ds.key_tag, ds.algorithm);
		} else if (cdnskey->n > 0 && !ds_matches_one(&ds, cdnskey)) {
			dd__vemit(sink, "CDS_MISMATCH", DD_SEV_ERROR, apex, DD_TYPE_CDS, ds.key_tag,
			          ds.algorithm, 0, "the CDS for key tag %u has no matching CDNSKEY: CDS and "
			          "CDNSKEY disagree (RFC 7344 4)", ds.key_tag);
		}
	}
}

/* The CDNSKEY records: each must be a DNSKEY of the zone (and match a CDS when there are any). */
static void check_cdnskey_records(const dd__vrdset_t *keys, const dd__vrdset_t *cds,
                                  const dd__vrdset_t *cdnskey, const dd__vsink_t *sink, bool *del)
{
	const uint8_t *apex = keys->owner;
	static const uint8_t DEL[] = { 0, 0, 3, 0, 0 };
	int live = -1;  /* a CDNSKEY of a published key */
	for (size_t i = 0; i < cdnskey->n && live < 0; i++) {
		if (rdata_in(&cdnskey->rd[i], keys)) {
			live = dd_keytag(cdnskey->rd[i].data, cdnskey->rd[i].len);
		}
	}
	for (size_t i = 0; i < cdnskey->n; i++) {
		const dd_rdata_t *rd = &cdnskey->rd[i];
		if (dd__cds_is_delete(DD_TYPE_CDNSKEY, rd->data, rd->len)) {
			*del = true;
			if (rd->len != sizeof(DEL) || memcmp(rd->data, DEL, sizeof(DEL)) != 0 ||
			    cdnskey->n > 1) {
				dd__vemit(sink, "CDS_MISMATCH", DD_SEV_ERROR, apex, DD_TYPE_CDNSKEY, 0, 0, 0,
				          "a CDNSKEY delete record must be exactly \"0 3 0 AA==\" and alone in "
				          "its RRset (RFC 8078 4)");
			}
			continue;
		}
		uint16_t tag = dd_keytag(rd->data, rd->len);
		bool found = rdata_in(rd, keys);
		if (!found && live >= 0 && cds->n > 0) {
			continue;  /* the next KSK beside a live one: its CDS says so */
		}
		if (!found && live >= 0) {
			char zn[1024];
			dd__name_text(apex, zn, sizeof(zn));
			dd__vemit(sink, "ROLLOVER_IN_PROGRESS", DD_SEV_NOTICE, apex, DD_TYPE_CDNSKEY, tag,
			          rd->len >= 4 ? rd->data[3] : 0, 0, "the CDNSKEY of %s announces key tag "
			          "%u, which the zone does not publish yet, beside the CDNSKEY of its KSK "
			          "%d: a KSK roll by double-DS (RFC 6781 4.1.2) asking the parent for the "
			          "new DS first; harmless while the DS of KSK %d stays. Next: once the new "
			          "DS has been at the parent for the registry's delay and its TTL, publish "
			          "the new KSK; if no key %u is coming, remove that CDNSKEY", zn, tag, live,
			          live, tag);
			continue;
		}
		if (!found) {
			dd__vemit(sink, "CDS_MISMATCH", DD_SEV_ERROR, apex, DD_TYPE_CDNSKEY, tag, 0, 0,
			          "the zone publishes a CDNSKEY (key tag %u) that is not in its DNSKEY "
			          "RRset", tag);
			continue;
		}
		bool paired = cds->n == 0;
		for (size_t q = 0; q < cds->n && !paired; q++) {
			dd_ds_t ds;
			dd_ds_result_t r;
			paired = dd_ds_parse(cds->rd[q].data, cds->rd[q].len, &ds) == DD_OK &&
			         (!dd_digest_supported(ds.digest_type) ||
			          (dd_ds_match(apex, &ds, rd->data, rd->len, &r) == DD_OK &&
			           dd_ds_result_ok(&r)));
		}
		if (!paired) {
			dd__vemit(sink, "CDS_MISMATCH", DD_SEV_ERROR, apex, DD_TYPE_CDNSKEY, tag, 0, 0,
			          "the CDNSKEY for key tag %u has no matching CDS: CDS and CDNSKEY disagree "
			          "(RFC 7344 4)", tag);
		}
	}
}

/* The DS of @p ds that matches published key @p k, if any. */
static const dd_ds_t *ds_of_key(const uint8_t *owner, const dd_rdata_t *k, const dd_ds_t *ds,
                                size_t nds)
{
	for (size_t d = 0; d < nds; d++) {
		dd_ds_result_t r;
		if (dd_ds_match(owner, &ds[d], k->data, k->len, &r) == DD_OK && dd_ds_result_ok(&r)) {
			return &ds[d];
		}
	}
	return NULL;
}

/* Published KSKs (SEP, not revoked) that the zone announces by CDS/CDNSKEY and that no DS
 * of the parent's set points at, beside one that a DS does: the double-KSK roll (RFC 6781
 * 4.1.2) waiting for the parent, or a new KSK waiting for its DS. */
static void announced_without_ds(const dd__vrdset_t *keys, const dd__vrdset_t *cds,
                                 const dd__vrdset_t *cdnskey, const dd_ds_t *ds, size_t nds,
                                 const dd__vsink_t *sink)
{
	int old = -1;
	for (size_t k = 0; k < keys->n && old < 0; k++) {
		if (ds_of_key(keys->owner, &keys->rd[k], ds, nds) != NULL) {
			old = (int)k;
		}
	}
	if (old < 0) {
		return;  /* no DS points at a key: the DS's own findings say so */
	}
	char zn[1024];
	dd__name_text(keys->owner, zn, sizeof(zn));
	for (size_t k = 0; k < keys->n; k++) {
		const dd_rdata_t *rd = &keys->rd[k];
		uint16_t flags = rd->len >= 4 ? (uint16_t)((rd->data[0] << 8) | rd->data[1]) : 0;
		if (!(flags & DD_DNSKEY_FLAG_SEP) || (flags & DD_DNSKEY_FLAG_REVOKE) ||
		    !(flags & DD_DNSKEY_FLAG_ZONE) || ds_of_key(keys->owner, rd, ds, nds) != NULL) {
			continue;
		}
		bool said = rdata_in(rd, cdnskey);
		for (size_t i = 0; i < cds->n && !said; i++) {
			dd_ds_t c;
			dd_ds_result_t r;
			said = dd_ds_parse(cds->rd[i].data, cds->rd[i].len, &c) == DD_OK &&
			       dd_ds_match(keys->owner, &c, rd->data, rd->len, &r) == DD_OK &&
			       dd_ds_result_ok(&r);
		}
		if (!said) {
			continue;
		}
		uint16_t tag = dd_keytag(rd->data, rd->len);
		uint16_t old_tag = dd_keytag(keys->rd[old].data, keys->rd[old].len);
		dd__vemit(sink, "ROLLOVER_IN_PROGRESS", DD_SEV_NOTICE, keys->owner, DD_TYPE_DNSKEY, tag,
		          rd->data[3], 0, "KSK %u (algorithm %u) of %s is published and announced by "
		          "its CDS/CDNSKEY, but no DS at the parent points at it yet, beside KSK %u "
		          "that the DS does: a KSK roll by double-KSK (RFC 6781 4.1.2), or a new KSK "
		          "waiting for its DS. Next: the parent publishes its DS (by scanning CDS, RFC "
		          "7344, or at the registrar); keep KSK %u and its DS until the new DS has been "
		          "at the parent for the registry's delay and its TTL (RFC 7583)", tag,
		          rd->data[3], zn, old_tag, old_tag);
	}
}

void dd__validate_cds(const dd__vrdset_t *keys, const dd__vrdset_t *cds,
                      const dd__vrdset_t *cdnskey, int ds_present, const dd_ds_t *ds,
                      size_t nds, const dd__vsink_t *sink)
{
	if (cds->n == 0 && cdnskey->n == 0) {
		return;
	}
	if (ds_present == 1 && nds > 0) {
		announced_without_ds(keys, cds, cdnskey, ds, nds, sink);
	}
	const uint8_t *apex = keys->owner;
	/* one side never asked (evidence from another prober) is not one side absent */
	if ((cds->n == 0) != (cdnskey->n == 0) && !cds->unknown && !cdnskey->unknown) {
		dd__vemit(sink, "CDS_CDNSKEY_UNPAIRED", DD_SEV_WARNING, apex,
		          cds->n ? DD_TYPE_CDS : DD_TYPE_CDNSKEY, 0, 0, 0, "the apex publishes %s "
		          "without %s: parents that read only the other one see nothing (RFC 7344 4)",
		          cds->n ? "CDS" : "CDNSKEY", cds->n ? "CDNSKEY" : "CDS");
	}
	bool del_cds = false, del_cdnskey = false;
	check_cds_records(keys, cds, cdnskey, sink, &del_cds);
	check_cdnskey_records(keys, cds, cdnskey, sink, &del_cdnskey);
	if (cds->n > 0 && cdnskey->n > 0 && del_cds != del_cdnskey) {
		dd__vemit(sink, "CDS_MISMATCH", DD_SEV_ERROR, apex, DD_TYPE_CDS, 0, 0, 0,
		          "one of CDS and CDNSKEY asks to delete the DS and the other does not "
		          "(RFC 8078 4)");
	}
	if ((del_cds || del_cdnskey) && ds_present != 0) {
		char zn[1024];
		dd__name_text(apex, zn, sizeof(zn));
		/* whether the parent scans for CDS/CDNSKEY (RFC 7344 6.1) is its own policy, which
		 * nothing in the DNS shows: say what to expect either way */
		dd__vemit(sink, "CDS_DELETE", DD_SEV_NOTICE, apex, del_cds ? DD_TYPE_CDS : DD_TYPE_CDNSKEY,
		          0, 0, 0, "%s publishes CDS/CDNSKEY delete records (RFC 8078 4)%s: it asks its "
		          "parent to remove the DS. Whether the parent acts on them cannot be known "
		          "from here: if it scans for them, expect the DS to go after its own checks "
		          "and delay, and the zone to be insecure to validators from then on; if not, "
		          "nothing changes until the DS is removed at the registrar. If going insecure is not the intent, remove the delete records "
		          "now", zn, ds_present == 1 ? " while the parent has a DS" : "");
	}
}

size_t dd__validate_ds_lines(const dd__vrdset_t *keys, dd_ds_line_t *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; keys != NULL && i < keys->n && n < cap; i++) {
		const dd_rdata_t *rd = &keys->rd[i];
		dd_dnskey_t k;
		if (dd_dnskey_parse(rd->data, rd->len, &k) != DD_OK ||
		    !(k.flags & DD_DNSKEY_FLAG_SEP) || !(k.flags & DD_DNSKEY_FLAG_ZONE) ||
		    (k.flags & DD_DNSKEY_FLAG_REVOKE) || !dd_alg_supported(k.algorithm)) {
			continue;
		}
		uint8_t d[DD_DIGEST_MAXLEN];
		size_t dl;
		if (dd_ds_digest(keys->owner, rd->data, rd->len, DD_DIGEST_SHA256, d, &dl) != DD_OK) {
			continue;
		}
		dd_ds_line_t *l = &out[n++];
		l->key_tag = dd_keytag(rd->data, rd->len);
		l->algorithm = k.algorithm;
		l->digest_type = DD_DIGEST_SHA256;
		dd_hex_encode(d, dl, l->digest, true);
	}
	return n;
}
