/* SPDX-License-Identifier: MIT
 * sigs.c - RRSIGs judged as a validator judges them (RFC 4035 5.3): one outcome per signature,
 * one verdict per RRset within the KeyTrap work caps, and the one mapping from outcomes to the
 * finding codes and sentences that diagnose, check-zone and monitor print. */

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/fmt.h"
#include "crypto/verdicts.h"
#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dns/name_text.h"
#include "validate/validate.h"

const char *dd__sigv_name(dd__sigv_t v)
{
	switch (v) {
	case DD_SIGV_OK:              return "valid";
	case DD_SIGV_REVOKED_OK:      return "valid (revoked key, DNSKEY RRset)";
	case DD_SIGV_EXPIRED:         return "expired";
	case DD_SIGV_NOT_YET_VALID:   return "not yet valid";
	case DD_SIGV_INVERTED:        return "expiration before inception";
	case DD_SIGV_INVALID:         return "does not verify";
	case DD_SIGV_KEY_UNUSABLE:    return "key unusable";
	case DD_SIGV_SIGNER:          return "wrong Signer's Name";
	case DD_SIGV_LABELS:          return "wrong Labels";
	case DD_SIGV_UNAUTHENTICATED: return "by a key no DS points at";
	case DD_SIGV_NOKEY:           return "no such key";
	case DD_SIGV_UNSUPPORTED:     return "unsupported algorithm";
	case DD_SIGV_MALFORMED:       return "malformed";
	case DD_SIGV_LIMIT:           return "work limit";
	case DD_SIGV_BUDGET:          return "not verified (budget)";
	case DD_SIGV_NONE:            return "no RRSIG";
	}
	return "unknown";
}

bool dd__sigv_usable(dd__sigv_t v)
{
	return v == DD_SIGV_OK || v == DD_SIGV_REVOKED_OK;
}

const char *dd__sigv_code(dd__sigv_t v)
{
	switch (v) {
	case DD_SIGV_EXPIRED:       return "RRSIG_EXPIRED";
	case DD_SIGV_NOT_YET_VALID: return "RRSIG_NOT_YET_VALID";
	case DD_SIGV_SIGNER:        return "RRSIG_SIGNER_INVALID";
	case DD_SIGV_LABELS:        return "RRSIG_LABELS_INVALID";
	case DD_SIGV_NONE:          return "RRSIG_MISSING";
	case DD_SIGV_INVERTED:
	case DD_SIGV_INVALID:
	case DD_SIGV_KEY_UNUSABLE:
	case DD_SIGV_UNAUTHENTICATED:
	case DD_SIGV_MALFORMED:     return "RRSIG_INVALID";
	case DD_SIGV_NOKEY:         return "RRSIG_KEY_NOT_PUBLISHED";
	case DD_SIGV_LIMIT:
	case DD_SIGV_BUDGET:        return "WORK_LIMIT_EXCEEDED";
	case DD_SIGV_OK:
	case DD_SIGV_REVOKED_OK:
	case DD_SIGV_UNSUPPORTED:   break;
	}
	return NULL;
}

/* ---- work limits ---------------------------------------------------------------------------- */

dd_limits_t dd_limits_default(void)
{
	return (dd_limits_t){
		.verify_per_rrset = DD_LIMIT_VERIFY_PER_RRSET,
		.keys_per_rrsig = DD_LIMIT_KEYS_PER_RRSIG,
		.rrsigs_per_rrset = DD_LIMIT_RRSIGS_PER_RRSET,
		.rrset_records = DD_LIMIT_RRSET_RECORDS,
		.verify_total = DD_LIMIT_VERIFY_TOTAL,
		.nsec3_hashes = DD_LIMIT_NSEC3_HASHES,
	};
}

/* ---- one signature ---------------------------------------------------------------------------- */

/* The outcome of one verification that ran. */
static dd__sigv_t classify(const dd_sig_result_t *r, uint16_t type)
{
	if (r->crypto == DD_CRYPTO_UNSUPPORTED) {
		return DD_SIGV_UNSUPPORTED;
	}
	uint32_t mm = r->mismatch & ~(uint32_t)DD_SIG_MISMATCH_REVOKED;
	if (r->crypto != DD_CRYPTO_VALID) {
		/* validators check the window before the signature (RFC 4035 5.3.1, then 5.3.3):
		 * one outside it fails as such, whatever its crypto (the report says both) */
		switch (mm == 0 ? r->window : DD_WINDOW_VALID) {
		case DD_WINDOW_EXPIRED:       return DD_SIGV_EXPIRED;
		case DD_WINDOW_NOT_YET_VALID: return DD_SIGV_NOT_YET_VALID;
		case DD_WINDOW_INVERTED:      return DD_SIGV_INVERTED;
		case DD_WINDOW_VALID:         break;
		}
		return DD_SIGV_INVALID;
	}
	if (mm & (DD_SIG_MISMATCH_ZONE_FLAG | DD_SIG_MISMATCH_PROTOCOL)) {
		return DD_SIGV_KEY_UNUSABLE;
	}
	if (mm != 0) {
		return DD_SIGV_INVALID;  /* type covered or signer zone: not this RRset's signature */
	}
	switch (r->window) {
	case DD_WINDOW_EXPIRED:       return DD_SIGV_EXPIRED;
	case DD_WINDOW_NOT_YET_VALID: return DD_SIGV_NOT_YET_VALID;
	case DD_WINDOW_INVERTED:      return DD_SIGV_INVERTED;
	case DD_WINDOW_VALID:         break;
	}
	if (r->mismatch & DD_SIG_MISMATCH_REVOKED) {
		/* a revoked key may only sign the DNSKEY RRset it is in (RFC 5011 2.1) */
		return type == DD_TYPE_DNSKEY ? DD_SIGV_REVOKED_OK : DD_SIGV_KEY_UNUSABLE;
	}
	return DD_SIGV_OK;
}

/* Why the judgement of one RRSIG stopped before a key verified it. */
typedef enum stop { STOP_NONE, STOP_COLLISIONS, STOP_VERIFY, STOP_BUDGET } stop_t;

/* Judge one RRSIG with at most @p left verifications (the RRset's remaining cap). */
static int judge(const dd_rrset_t *set, const dd_rdata_t *rrsig, const dd__vkeys_t *keys,
                 const dd__vopts_t *o, dd__vbudget_t *budget, unsigned left, dd__sigout_t *out,
                 stop_t *stop)
{
	*out = (dd__sigout_t){ .v = DD_SIGV_MALFORMED, .key = 0xff };
	*stop = STOP_NONE;
	dd_rrsig_t s;
	if (dd_rrsig_parse(rrsig->data, rrsig->len, &s) != DD_OK) {
		return DD_OK;
	}
	if (keys->zone != NULL && !dd_name_equal(s.signer, keys->zone)) {
		out->v = DD_SIGV_SIGNER;
		return DD_OK;
	}
	unsigned ol = dd_name_rrsig_labels(set->owner);
	if (s.labels > ol || (o->exact_labels && s.labels != ol)) {
		out->v = DD_SIGV_LABELS;
		return DD_OK;
	}
	dd__sigv_t best = DD_SIGV_NOKEY;
	bool done = false, unauth = false;
	unsigned same = 0;
	for (size_t k = 0; k < keys->n; k++) {
		const dd__vkey_t *vk = &keys->keys[k];
		if (vk->alg != s.algorithm || vk->tag != s.key_tag || vk->key == NULL) {
			continue;
		}
		same++;
		if (keys->allowed != NULL && !keys->allowed[k]) {
			unauth = true;
			continue;
		}
		if (done) {
			continue;  /* counting the keys that share the tag */
		}
		if (!dd_key_supported(vk->key)) {
			best = best < DD_SIGV_UNSUPPORTED ? best : DD_SIGV_UNSUPPORTED;
			continue;
		}
		if (out->tries == o->lim.keys_per_rrsig) {
			*stop = STOP_COLLISIONS;
			done = true;
			continue;
		}
		if (out->tries == left) {
			*stop = STOP_VERIFY;
			done = true;
			continue;
		}
		if (budget != NULL && budget->max > 0 && budget->used >= budget->max) {
			*stop = STOP_BUDGET;
			done = true;
			continue;
		}
		dd_sig_result_t r;
		/* the crypto verdict from the memo, the cache, or OpenSSL: the window, key and
		 * every other check are made here and in classify() whichever answers */
		dd__verdicts_t vs = { dd__vcache_get, dd__vcache_put, o->vcache };
		int ret = dd__sig_verify_with(o->memo, o->vcache != NULL ? &vs : NULL, set,
		                              rrsig->data, rrsig->len, vk->key, o->at, &r);
		if (ret == DD_ENOMEM) {
			return ret;
		}
		out->tries++;
		if (budget != NULL) {
			budget->used++;
		}
		dd__sigv_t got = ret == DD_OK ? classify(&r, set->type) : DD_SIGV_MALFORMED;
		if (got < best) {
			best = got;
			if (ret == DD_OK && r.crypto == DD_CRYPTO_VALID) {
				out->key = (uint8_t)(k < 0xff ? k : 0xfe);
			}
		}
		if (ret == DD_OK && r.crypto == DD_CRYPTO_VALID) {
			/* this RRSIG is by this key: the others sharing its tag are not the signer */
			done = true;
			*stop = STOP_NONE;
		}
	}
	out->same_tag = (uint8_t)(same < 0xff ? same : 0xff);
	bool verified = out->key != 0xff;
	if (!verified && *stop == STOP_BUDGET) {
		best = DD_SIGV_BUDGET;
	} else if (!verified && *stop != STOP_NONE) {
		best = DD_SIGV_LIMIT;
	} else if (!verified) {
		*stop = STOP_NONE;
	}
	if (best == DD_SIGV_NOKEY && unauth) {
		best = DD_SIGV_UNAUTHENTICATED;
	} else if (best == DD_SIGV_NOKEY && !dd_alg_supported(s.algorithm)) {
		best = DD_SIGV_UNSUPPORTED;
	}
	out->v = (uint8_t)best;
	return DD_OK;
}

int dd__validate_sig(const dd_rrset_t *set, const dd_rdata_t *rrsig, const dd__vkeys_t *keys,
                     const dd__vopts_t *o, dd__vbudget_t *budget, dd__sigout_t *out)
{
	stop_t stop;
	return judge(set, rrsig, keys, o, budget, UINT_MAX, out, &stop);
}

/* ---- one RRset -------------------------------------------------------------------------------- */

bool dd__rrsetv_alg_ok(const dd__rrsetv_t *rv, uint8_t alg)
{
	for (uint8_t i = 0; i < rv->nalgs_ok; i++) {
		if (rv->algs_ok[i] == alg) {
			return true;
		}
	}
	return false;
}

/* The algorithm field of RRSIG RDATA, 0 when too short. */
static uint8_t sig_alg(const dd_rdata_t *rd)
{
	return rd->len > 2 ? rd->data[2] : 0;
}

/* The verdict from the outcomes of the judged RRSIGs; rv->limit and the counts are set. */
static void aggregate(const dd_rdata_t *sigs, const dd__sigout_t *outs, const dd__vopts_t *o,
                      dd__rrsetv_t *rv)
{
	bool any_supported = false;
	dd__sigv_t best = DD_SIGV_NONE;
	for (size_t i = 0; i < rv->considered; i++) {
		dd__sigv_t v = outs[i].v;
		uint8_t alg = sig_alg(&sigs[i]);
		if (dd_alg_supported(alg)) {
			any_supported = true;
		}
		if (dd__sigv_usable(v)) {
			if (!dd__rrsetv_alg_ok(rv, alg) && rv->nalgs_ok < sizeof(rv->algs_ok)) {
				rv->algs_ok[rv->nalgs_ok++] = alg;
			}
			dd_rrsig_t s;
			if (dd_rrsig_parse(sigs[i].data, sigs[i].len, &s) == DD_OK) {
				int64_t exp = dd__time_near(s.expiration, o->at);
				int64_t inc = dd__time_near(s.inception, o->at);
				rv->expires = exp > rv->expires ? exp : rv->expires;
				rv->valid_from = rv->valid_from == 0 || inc < rv->valid_from ? inc
				                                                              : rv->valid_from;
			}
		}
		if (v < best) {
			best = v;
			rv->best = (int)i;
		}
	}
	if (dd__sigv_usable(best)) {
		rv->v = DD_SIGV_OK;
	} else if (rv->considered == 0 && rv->nsigs == 0) {
		rv->v = DD_SIGV_NONE;
	} else if (rv->considered > 0 && !any_supported) {
		rv->v = DD_SIGV_UNSUPPORTED;
	} else if (rv->limit != DD_VLIMIT_NONE) {
		rv->v = rv->limit == DD_VLIMIT_BUDGET ? DD_SIGV_BUDGET : DD_SIGV_LIMIT;
	} else {
		rv->v = best;
	}
}

int dd__validate_rrset(const dd_rrset_t *set, const dd_rdata_t *sigs, size_t nsigs,
                       size_t served_sigs, size_t served_records, const dd__vkeys_t *keys,
                       const dd__vopts_t *o, dd__vbudget_t *budget, dd__sigout_t *outs,
                       dd__rrsetv_t *rv)
{
	memset(rv, 0, sizeof(*rv));
	rv->v = DD_SIGV_NONE;
	rv->best = -1;
	rv->nrecords = served_records;
	rv->nsigs = served_sigs > nsigs ? served_sigs : nsigs;
	if (served_records > o->lim.rrset_records) {
		rv->v = DD_SIGV_LIMIT;
		rv->limit = DD_VLIMIT_RECORDS;
		return DD_OK;
	}
	size_t n = nsigs < o->lim.rrsigs_per_rrset ? nsigs : o->lim.rrsigs_per_rrset;
	for (size_t i = 0; i < n; i++) {
		unsigned left = o->lim.verify_per_rrset > rv->tried ? o->lim.verify_per_rrset - rv->tried
		                                                    : 0;
		stop_t stop;
		int ret = judge(set, &sigs[i], keys, o, budget, left, &outs[i], &stop);
		if (ret != DD_OK) {
			return ret;
		}
		rv->tried += outs[i].tries;
		if (stop == STOP_COLLISIONS && rv->limit == DD_VLIMIT_NONE) {
			rv->limit = DD_VLIMIT_COLLISIONS;
			rv->limit_tag = sigs[i].len > 17 ? (uint16_t)(sigs[i].data[16] << 8 |
			                                             sigs[i].data[17]) : 0;
			rv->limit_alg = sig_alg(&sigs[i]);
			rv->same_tag = outs[i].same_tag;
		}
		if (stop == STOP_VERIFY || stop == STOP_BUDGET) {
			if (outs[i].tries > 0 || outs[i].v != DD_SIGV_LIMIT) {
				rv->considered = i + 1;  /* partly looked at */
			}
			rv->limit = stop == STOP_BUDGET ? DD_VLIMIT_BUDGET : DD_VLIMIT_VERIFY;
			aggregate(sigs, outs, o, rv);
			return DD_OK;
		}
		rv->considered = i + 1;
	}
	if (rv->nsigs > n && rv->limit == DD_VLIMIT_NONE) {
		rv->limit = DD_VLIMIT_RRSIGS;
	}
	aggregate(sigs, outs, o, rv);
	return DD_OK;
}

void dd__validate_rrset_merge(const dd_rrset_t *set, const dd_rdata_t *sigs,
                              const dd__sigout_t *outs, size_t nsigs, const dd__vopts_t *o,
                              dd__rrsetv_t *rv)
{
	memset(rv, 0, sizeof(*rv));
	rv->v = DD_SIGV_NONE;
	rv->best = -1;
	rv->nrecords = set->count;
	rv->nsigs = nsigs;
	rv->considered = nsigs;
	if (set->count > o->lim.rrset_records) {
		rv->v = DD_SIGV_LIMIT;
		rv->limit = DD_VLIMIT_RECORDS;
		return;
	}
	/* the caps as a validator meets them, in the order the RRSIGs come (as
	 * dd__validate_rrset() does): the RRSIG count, then the verifications the next one would
	 * need, then that RRSIG's key-tag collisions; the first usable RRSIG must come before */
	unsigned tries = 0;
	for (size_t i = 0; i < nsigs; i++) {
		tries += outs[i].tries;
		rv->tried = tries;
		if (i >= o->lim.rrsigs_per_rrset) {
			rv->limit = DD_VLIMIT_RRSIGS;
			break;
		}
		if (tries > o->lim.verify_per_rrset) {
			rv->limit = DD_VLIMIT_VERIFY;
			break;
		}
		if (dd__sigv_usable(outs[i].v)) {
			break;
		}
		if (outs[i].v == DD_SIGV_LIMIT && rv->limit == DD_VLIMIT_NONE) {
			rv->limit = DD_VLIMIT_COLLISIONS;
			rv->limit_tag = sigs[i].len > 17 ? (uint16_t)(sigs[i].data[16] << 8 |
			                                             sigs[i].data[17]) : 0;
			rv->limit_alg = sig_alg(&sigs[i]);
			rv->same_tag = outs[i].same_tag;
		}
	}
	for (size_t i = 0; i < nsigs; i++) {
		rv->tried = i == 0 ? outs[0].tries : rv->tried + outs[i].tries;
	}
	aggregate(sigs, outs, o, rv);
	/* a usable RRSIG beyond the caps is one a validator never reaches */
	if (rv->v == DD_SIGV_OK && rv->limit != DD_VLIMIT_NONE) {
		rv->v = DD_SIGV_LIMIT;
	}
}

/* ---- findings --------------------------------------------------------------------------------- */

/* Owner and type of an RRset as text, made when a finding first needs them (check-zone
 * reports on hundreds of thousands of RRsets, almost all without a finding). */
typedef struct settext {
	const dd_rrset_t *set;
	bool ready;
	char owner_[1024];
	char type_[24];
} settext_t;

static const char *st_owner(settext_t *t)
{
	if (!t->ready) {
		dd__name_text(t->set->owner, t->owner_, sizeof(t->owner_));
		dd__type_text(t->set->type, t->type_);
		t->ready = true;
	}
	return t->owner_;
}

static const char *st_type(settext_t *t)
{
	(void)st_owner(t);
	return t->type_;
}

/* Said of a signature outside its window that does not verify either (validators stop at the
 * window, RFC 4035 5.3.1; the operator must know that re-signing, not only the clock, is
 * needed). */
#define NOT_VERIFIED "it does not verify with the DNSKEY of its tag either (a corrupted " \
	"signature or data altered after signing), which validators never reach: they reject " \
	"it for its window first (RFC 4035 5.3.1)"

/* The finding for one failing RRSIG; @p redundant when another of its algorithm validates. */
static void sig_report(const dd_rrset_t *set, settext_t *st, const dd_rdata_t *rd,
                       const dd__sigout_t *out, const dd__vkeys_t *keys, const dd__vopts_t *o,
                       bool redundant, const dd__vsink_t *sink)
{
	dd__sigv_t v = out->v;
	const char *code = dd__sigv_code(v);
	if (code == NULL || v == DD_SIGV_LIMIT || v == DD_SIGV_BUDGET ||
	    v == DD_SIGV_UNAUTHENTICATED) {
		return;
	}
	dd_rrsig_t s;
	if (dd_rrsig_parse(rd->data, rd->len, &s) != DD_OK) {
		dd__vemit(sink, redundant ? "RRSIG_REDUNDANT_INVALID" : code,
		          redundant ? DD_SEV_WARNING : DD_SEV_ERROR, set->owner,
		          set->type, 0, sig_alg(rd), 0, "an RRSIG over %s %s is malformed%s", st_owner(st),
		          st_type(st), redundant ? "; another signature of the same algorithm is valid, so "
		          "validators still accept the RRset" : "");
		return;
	}
	int64_t exp = dd__time_near(s.expiration, o->at), inc = dd__time_near(s.inception, o->at);
	char what[600], t1[32], t2[32], d[48], nb[1024], zb[1024];
	int64_t when = 0;
	switch (v) {
	case DD_SIGV_EXPIRED:
		dd__time_text(exp, t1);
		dd__duration_text(o->at - exp, d);
		snprintf(what, sizeof(what), "expired at %s, %s ago; %s", t1, d, out->key != 0xff
		         ? "the signature itself is cryptographically valid" : NOT_VERIFIED);
		when = exp;
		break;
	case DD_SIGV_NOT_YET_VALID:
		dd__time_text(inc, t1);
		dd__duration_text(inc - o->at, d);
		snprintf(what, sizeof(what), "becomes valid only at %s, in %s%s%s", t1, d,
		         out->key != 0xff ? "" : "; ", out->key != 0xff ? "" : NOT_VERIFIED);
		when = inc;
		break;
	case DD_SIGV_INVERTED:
		dd__time_text(exp, t1);
		dd__time_text(inc, t2);
		snprintf(what, sizeof(what), "has its expiration (%s) before its inception (%s): it "
		         "is never valid%s%s", t1, t2, out->key != 0xff ? "" : "; ",
		         out->key != 0xff ? "" : NOT_VERIFIED);
		when = exp;
		break;
	case DD_SIGV_INVALID:
		snprintf(what, sizeof(what), "does not verify with the DNSKEY of that tag: a "
		         "corrupted signature, altered data, or a different key sharing the tag");
		break;
	case DD_SIGV_KEY_UNUSABLE:
		snprintf(what, sizeof(what), "verifies, but with a DNSKEY that cannot sign this data: "
		         "it lacks the Zone Key flag or protocol 3 (RFC 4034 2.1), or is revoked "
		         "(RFC 5011 2.1)");
		break;
	case DD_SIGV_SIGNER:
		dd__name_text(s.signer, nb, sizeof(nb));
		dd__name_text(keys->zone, zb, sizeof(zb));
		snprintf(what, sizeof(what), "has Signer's Name %s instead of the zone apex %s", nb, zb);
		break;
	case DD_SIGV_LABELS:
		snprintf(what, sizeof(what), "has Labels %u; its owner has %u", s.labels,
		         dd_name_rrsig_labels(set->owner));
		break;
	case DD_SIGV_NOKEY:
		/* not a corruption: the key it names is simply not published (a ZSK removed while
		 * its signatures are still served, or one not yet published) */
		snprintf(what, sizeof(what), "names a key that is not in the zone's DNSKEY RRset (%zu "
		         "key%s): validators cannot check it. The key was removed while signatures by "
		         "it are still served (a ZSK rollover finished too early), or it was never "
		         "published; data cached with it lives for its Original TTL, %u s",
		         keys->n, keys->n == 1 ? "" : "s", s.original_ttl);
		break;
	default:
		snprintf(what, sizeof(what), "is malformed");
		break;
	}
	dd__vemit(sink, redundant ? "RRSIG_REDUNDANT_INVALID" : code,
	          redundant ? DD_SEV_WARNING : DD_SEV_ERROR, set->owner,
	          set->type, s.key_tag, s.algorithm, when, "the RRSIG over %s %s (key tag %u, "
	          "algorithm %u) %s%s", st_owner(st), st_type(st), s.key_tag, s.algorithm, what,
	          redundant ? "; another signature of the same algorithm is valid, so validators "
	          "still accept the RRset" : "");
}

/* The RRset is over a validator work cap (KeyTrap, CVE-2023-50387). */
static void limit_report(const dd_rrset_t *set, settext_t *st, const dd__rrsetv_t *rv,
                         const dd__vopts_t *o, const dd__vsink_t *sink)
{
	const char *code = "WORK_LIMIT_EXCEEDED";
	switch (rv->limit) {
	case DD_VLIMIT_RECORDS:
		dd__vemit(sink, code, DD_SEV_ERROR, set->owner, set->type, 0, 0, 0,
		          "%s %s has %zu records, more than the %u a validator accepts in one RRset "
		          "(BIND's max-records-per-type, CVE-2024-1737): it is refused, not verified",
		          st_owner(st), st_type(st), rv->nrecords, o->lim.rrset_records);
		break;
	case DD_VLIMIT_COLLISIONS:
		dd__vemit(sink, code, DD_SEV_ERROR, set->owner, set->type, rv->limit_tag, rv->limit_alg,
		          0, "the RRSIG over %s %s names key tag %u, algorithm %u, which %zu DNSKEYs "
		          "share; none of the %u tried verified it, and validators with KeyTrap limits "
		          "(CVE-2023-50387) give up there: bogus", st_owner(st), st_type(st), rv->limit_tag,
		          rv->limit_alg, rv->same_tag, o->lim.keys_per_rrsig);
		break;
	case DD_VLIMIT_RRSIGS:
		dd__vemit(sink, code, DD_SEV_ERROR, set->owner, set->type, 0, 0, 0,
		          "%s %s carries %zu RRSIGs and none of the first %u validates; validators cap "
		          "the signatures they try per RRset (KeyTrap, CVE-2023-50387): bogus",
		          st_owner(st), st_type(st), rv->nsigs, o->lim.rrsigs_per_rrset);
		break;
	case DD_VLIMIT_BUDGET:
		dd__vemit(sink, code, DD_SEV_WARNING, set->owner, set->type, 0, 0, 0,
		          "the diagnosis had spent its budget of %u signature verifications (validation "
		          "work limits) before %s %s, which was therefore not verified: indeterminate",
		          o->lim.verify_total, st_owner(st), st_type(st));
		break;
	default:
		dd__vemit(sink, code, DD_SEV_ERROR, set->owner, set->type, 0, 0, 0,
		          "%s %s (%zu RRSIGs) needed more than %u signature verifications without one "
		          "that validates: validators stop there (Unbound: 8, BIND: 16 per fetch; "
		          "KeyTrap, CVE-2023-50387) and fail it", st_owner(st), st_type(st), rv->nsigs,
		          o->lim.verify_per_rrset);
		break;
	}
}

void dd__validate_rrset_report(const dd_rrset_t *set, const dd_rdata_t *sigs,
                               const dd__sigout_t *outs, const dd__rrsetv_t *rv,
                               const dd__vkeys_t *keys, const dd__vopts_t *o,
                               const bool *active, const dd__vsink_t *sink)
{
	settext_t st = { .set = set };
	switch (rv->v) {
	case DD_SIGV_NONE:
		dd__vemit(sink, "RRSIG_MISSING", DD_SEV_ERROR, set->owner, set->type, 0, 0, 0,
		          "%s %s has no RRSIG although the zone is signed: validators see it bogus",
		          st_owner(&st), st_type(&st));
		return;
	case DD_SIGV_LIMIT:
	case DD_SIGV_BUDGET:
		limit_report(set, &st, rv, o, sink);
		return;
	case DD_SIGV_UNSUPPORTED:
		return;  /* reported at the keys */
	default:
		break;
	}
	/* per algorithm: the most telling failure when none of it validates, else each failure
	 * as redundant */
	for (size_t i = 0; i < rv->considered; i++) {
		dd__sigv_t v = outs[i].v;
		if (dd__sigv_usable(v)) {
			continue;
		}
		uint8_t alg = sig_alg(&sigs[i]);
		bool redundant = dd__rrsetv_alg_ok(rv, alg);
		bool better = false;
		for (size_t h = 0; h < rv->considered && !redundant && !better; h++) {
			better = h != i && sig_alg(&sigs[h]) == alg &&
			         (outs[h].v < v || (outs[h].v == v && h < i));
		}
		if (!better) {
			sig_report(set, &st, &sigs[i], &outs[i], keys, o, redundant, sink);
		}
	}
	/* every algorithm that signs the DNSKEY RRset signs the RRset (RFC 4035 2.2) */
	for (unsigned a = 0; active != NULL && a < 256; a++) {
		/* only the active algorithms are looked for: skip to the next (memchr, not 256
		 * steps per RRset: 0.37 s of a warm 1M-name re-check) */
		const bool *next = memchr(active + a, true, 256 - a);
		if (next == NULL) {
			break;
		}
		a = (unsigned)(next - active);
		bool seen = false;
		for (size_t i = 0; i < rv->considered && !seen; i++) {
			seen = sig_alg(&sigs[i]) == a;
		}
		if (!seen) {
			const char *an = dd_alg_name((uint8_t)a);
			dd__vemit(sink, "RRSIG_MISSING", DD_SEV_ERROR, set->owner, set->type, 0, (uint8_t)a,
			          0, "%s %s has no RRSIG of algorithm %u (%s), which signs the DNSKEY RRset "
			          "(RFC 4035 2.2)%s", st_owner(&st), st_type(&st), a, an ? an : "?",
			          rv->v == DD_SIGV_OK ? "; validators following RFC 6840 5.11 accept it "
			          "through another algorithm" : "");
		}
	}
	/* the RRset's TTL is what was signed (RFC 4035 2.2, 5.3.3) */
	for (size_t i = 0; i < rv->considered; i++) {
		dd_rrsig_t s;
		if (!dd__sigv_usable(outs[i].v) || dd_rrsig_parse(sigs[i].data, sigs[i].len, &s) != DD_OK ||
		    s.original_ttl == set->ttl) {
			continue;
		}
		dd__vemit(sink, "RRSIG_TTL_MISMATCH", DD_SEV_WARNING, set->owner, set->type, s.key_tag,
		          s.algorithm, 0, "%s %s has TTL %u but its RRSIG by key %u has Original TTL %u",
		          st_owner(&st), st_type(&st), set->ttl, s.key_tag, s.original_ttl);
	}
}

void dd__validate_active_algs(const dd_rdata_t *sigs, const dd__sigout_t *outs, size_t n,
                              bool active[256])
{
	for (size_t i = 0; i < n; i++) {
		switch ((dd__sigv_t)outs[i].v) {
		case DD_SIGV_OK:
		case DD_SIGV_REVOKED_OK:
		case DD_SIGV_EXPIRED:
		case DD_SIGV_NOT_YET_VALID:
		case DD_SIGV_INVERTED:
			if (outs[i].key != 0xff) {  /* only one a key verified */
				active[sig_alg(&sigs[i])] = true;
			}
			break;
		case DD_SIGV_UNAUTHENTICATED:
			active[sig_alg(&sigs[i])] = true;
			break;
		default:
			break;
		}
	}
}

void dd__validate_algorithms(const dd__vkeys_t *keys, const bool active[256],
                             const dd__vsink_t *sink)
{
	bool present[256] = { false };
	for (size_t k = 0; k < keys->n; k++) {
		const dd__vkey_t *vk = &keys->keys[k];
		if (vk->key != NULL && (vk->flags & DD_DNSKEY_FLAG_ZONE) &&
		    !(vk->flags & DD_DNSKEY_FLAG_REVOKE) && dd_alg_supported(vk->alg)) {
			present[vk->alg] = true;
		}
	}
	for (unsigned a = 0; a < 256; a++) {
		if (!present[a] || active[a]) {
			continue;
		}
		const char *an = dd_alg_name((uint8_t)a);
		dd__vemit(sink, "ALGORITHM_INCOMPLETE", DD_SEV_WARNING, keys->zone, DD_TYPE_DNSKEY, 0,
		          (uint8_t)a, 0, "the DNSKEY RRset holds keys of algorithm %u (%s) but no "
		          "signature of that algorithm covers it: the keys sign nothing (stand-by). RFC "
		          "4035 2.2 asks for signatures of every algorithm; validators do not insist "
		          "(RFC 6840 5.11)", a, an ? an : "?");
	}
}

void dd__validate_standby_zsk(const dd__vkeys_t *keys, const bool *signs, uint32_t ttl_dnskey,
                              uint32_t ttl_max, const dd__vsink_t *sink)
{
	char zn[1024];
	dd__name_text(keys->zone, zn, sizeof(zn));
	for (size_t k = 0; k < keys->n; k++) {
		const dd__vkey_t *z = &keys->keys[k];
		if (signs[k] || !(z->flags & DD_DNSKEY_FLAG_ZONE) || (z->flags & DD_DNSKEY_FLAG_SEP) ||
		    (z->flags & DD_DNSKEY_FLAG_REVOKE)) {
			continue;
		}
		int on = -1;
		for (size_t j = 0; j < keys->n && on < 0; j++) {
			const dd__vkey_t *o = &keys->keys[j];
			if (signs[j] && o->alg == z->alg && !(o->flags & DD_DNSKEY_FLAG_SEP)) {
				on = (int)j;
			}
		}
		if (on < 0) {
			continue;  /* no ZSK of its algorithm signs: not a ZSK roll (ALGORITHM_*, CSK) */
		}
		char ipub[64] = "Dprp + the DNSKEY TTL", iret[80] = "Dprp + the zone's largest TTL";
		if (ttl_dnskey != 0) {
			snprintf(ipub, sizeof(ipub), "Dprp + the DNSKEY TTL (%u s)", ttl_dnskey);
		}
		if (ttl_max != 0) {
			snprintf(iret, sizeof(iret), "Dprp + the zone's largest TTL (%u s seen)", ttl_max);
		}
		uint16_t ot = keys->keys[on].tag;
		dd__vemit(sink, "ZSK_STANDBY", DD_SEV_NOTICE, keys->zone, DD_TYPE_DNSKEY, z->tag, z->alg, 0,
		          "ZSK %u (algorithm %u) of %s is published but signs none of the apex RRsets, "
		          "beside ZSK %u that does: a ZSK pre-published for a roll (RFC 6781 4.1.1.1) or "
		          "one retired after it. If it is new, sign with it once it has been published "
		          "for %s (RFC 7583 Ipub); if it is retired, remove it once %s has passed since "
		          "it last signed (Iret). One snapshot shows neither date: monitor records them",
		          z->tag, z->alg, zn, ot, ipub, iret);
	}
}

void dd__validate_rrsig_section(const uint8_t *owner, uint16_t type, const char *rrset_section,
                                const char *sig_section, bool validates, const dd__vsink_t *sink)
{
	char o[1024], t[24];
	dd__name_text(owner, o, sizeof(o));
	dd__type_text(type, t);
	dd__vemit(sink, "RRSIG_MISPLACED", DD_SEV_ERROR, owner, type, 0, 0, 0,
	          "%s %s is served in the %s section and its RRSIG (%s) in the %s section: RFC 4035 "
	          "3.1.1 requires a server to put an RRset's RRSIGs in the same section; BIND does "
	          "not find the RRSIG there and fails the answer (SERVFAIL), Unbound attaches it "
	          "wherever it is and validates", o, t, rrset_section,
	          validates ? "which validates" : "which does not validate either", sig_section);
}
