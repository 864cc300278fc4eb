/* SPDX-License-Identifier: MIT
 * rollover.c - the monitor's rollover tracking: from a zone's history of DNSKEY, DS and signer
 * records (first seen, removed), the phase of a key roll under way and when its next step is
 * allowed (RFC 6781 4.1, RFC 7583 3), and the steps made too early: a change after which a
 * resolver may hold a cached RRset with a fresh one that cannot validate together. The
 * intervals are validate/timing.c's (the ones preflight uses); no I/O here: state.c reads the
 * history and writes the events. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/fmt.h"
#include "dd/timing.h"
#include "monitor/rollover.h"

/* ---- the history ------------------------------------------------------------------------- */

static bool is(const dd__mon_hist_t *h, const char *kind)
{
	return strcmp(h->kind, kind) == 0;
}

/* A data signer ("data TAG ALG"); the DNSKEY RRset's ("dnskey ...") are not data. */
static bool is_data_signer(const dd__mon_hist_t *h)
{
	return is(h, "SIGNER") && strncmp(h->text, "data ", 5) == 0;
}

static bool present_at(const dd__mon_hist_t *h, int64_t t)
{
	return h->first_seen <= t && (h->removed == 0 || h->removed > t);
}

/* The algorithm a record names: DNSKEY "FLAGS 3 ALG ...", DS "TAG ALG ...", signer
 * "data TAG ALG". */
static unsigned alg_of(const dd__mon_hist_t *h)
{
	unsigned a = 0, b = 0, c = 0;
	if (is(h, "DNSKEY")) {
		return sscanf(h->text, "%u %u %u", &a, &b, &c) == 3 ? c : 0;
	}
	if (is(h, "SIGNER")) {
		return sscanf(h->text, "%*s %u %u", &a, &b) == 2 ? b : 0;
	}
	return sscanf(h->text, "%u %u", &a, &b) == 2 ? b : 0;
}

static bool is_ksk(const dd__mon_hist_t *h)
{
	unsigned f = 0;
	return is(h, "DNSKEY") && sscanf(h->text, "%u", &f) == 1 && (f & 1);
}

/* Whether a DNSKEY of tag and algorithm is present at @p t. */
static bool key_at(const dd__mon_roll_in_t *in, uint16_t tag, unsigned alg, int64_t t)
{
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (is(h, "DNSKEY") && h->key_tag == tag && alg_of(h) == alg && present_at(h, t)) {
			return true;
		}
	}
	return false;
}

/* Whether the records of @p kind (DS, or data signers with "SIGNER") present at @p t_set
 * point at a DNSKEY present at @p t_key; an empty set is no constraint (true). */
static bool set_ok(const dd__mon_roll_in_t *in, const char *kind, int64_t t_set, int64_t t_key)
{
	bool any = false;
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		bool mine = strcmp(kind, "SIGNER") == 0 ? is_data_signer(h) : is(h, kind);
		if (!mine || !present_at(h, t_set)) {
			continue;
		}
		any = true;
		if (key_at(in, h->key_tag, alg_of(h), t_key)) {
			return true;
		}
	}
	return !any;
}

/* The earliest time any record was seen: before it nothing is known. */
static int64_t history_start(const dd__mon_roll_in_t *in)
{
	int64_t s = in->now;
	for (size_t i = 0; i < in->n; i++) {
		if (in->h[i].first_seen < s) {
			s = in->h[i].first_seen;
		}
	}
	return s;
}

static bool kind_match(const dd__mon_hist_t *h, const char *kind)
{
	return strcmp(kind, "SIGNER") == 0 ? is_data_signer(h) : is(h, kind);
}

/* The times in [now - w, now) at which the set of @p kind may differ: the window's start (not
 * before the history's) and every change inside it. */
static size_t change_times(const dd__mon_roll_in_t *in, const char *kind, int64_t w, int64_t *t,
                           size_t cap)
{
	int64_t from = in->now - w, start = history_start(in);
	if (from < start) {
		from = start;
	}
	size_t n = 0;
	if (from < in->now) {
		t[n++] = from;
	}
	for (size_t i = 0; i < in->n && n < cap; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (!kind_match(h, kind)) {
			continue;
		}
		int64_t c[2] = { h->first_seen, h->removed };
		for (int k = 0; k < 2 && n < cap; k++) {
			if (c[k] > from && c[k] < in->now) {
				t[n++] = c[k];
			}
		}
	}
	return n;
}

/* When the set of @p kind present at @p t stopped being served: its next change (at most now). */
static int64_t set_end(const dd__mon_roll_in_t *in, const char *kind, int64_t t)
{
	int64_t e = in->now;
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (!kind_match(h, kind)) {
			continue;
		}
		if (h->first_seen > t && h->first_seen < e) {
			e = h->first_seen;
		}
		if (h->removed > t && h->removed < e) {
			e = h->removed;
		}
	}
	return e;
}

static bool changed_now(const dd__mon_roll_in_t *in, const char *kind)
{
	for (size_t i = 0; in->known && i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (kind_match(h, kind) && (h->first_seen == in->now || h->removed == in->now)) {
			return true;
		}
	}
	return false;
}

/* The key tag of a record of @p kind changed now (@p added: first seen now, else removed
 * now); 0 when none. */
static uint16_t changed_tag(const dd__mon_roll_in_t *in, const char *kind, bool added)
{
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (!kind_match(h, kind) || (added ? h->first_seen : h->removed) != in->now) {
			continue;
		}
		return h->key_tag;
	}
	return 0;
}

/* A DNSKEY removed now that a record of @p kind present at @p t (DS, or data signers with
 * "SIGNER") points at: the key whose removal broke the combination; 0 when none. */
static uint16_t removed_key_of(const dd__mon_roll_in_t *in, const char *kind, int64_t t)
{
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *k = &in->h[i];
		if (!is(k, "DNSKEY") || k->removed != in->now) {
			continue;
		}
		for (size_t j = 0; j < in->n; j++) {
			const dd__mon_hist_t *h = &in->h[j];
			if (kind_match(h, kind) && present_at(h, t) && h->key_tag == k->key_tag &&
			    alg_of(h) == alg_of(k)) {
				return k->key_tag;
			}
		}
	}
	return 0;
}

static uint32_t pick(uint32_t prev, uint32_t cur)
{
	return prev != 0 ? prev : cur;
}

/* ---- steps made too early ----------------------------------------------------------------- */

typedef struct ctx {
	const dd__mon_roll_in_t *in;
	dd__mon_premature_t *pre;
	size_t *npre;
	int64_t w_ds, w_key, w_sig;
} ctx_t;

__attribute__((format(printf, 4, 5)))
static void premature(ctx_t *c, uint16_t tag, int64_t safe_at, const char *fmt, ...)
{
	if (*c->npre >= DD__MON_PREMATURE_MAX) {
		return;
	}
	dd__mon_premature_t *p = &c->pre[(*c->npre)++];
	p->key_tag = tag;
	p->safe_at = safe_at;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->detail, sizeof(p->detail), fmt, ap);
	va_end(ap);
}

/* One kind of combination: the set of @p cached_kind a resolver may hold from the window
 * @p w with the set of @p fresh_kind served now. @p sets_on_left: the cached kind is the one
 * that must point at keys (DS or signers against DNSKEY), else the fresh one does. The latest
 * failing cached set whose failure this check's change made gives the safe time. */
static bool worst_cached(ctx_t *c, const char *cached_kind, int64_t w, bool cached_points,
                         const char *pointing_kind, int64_t *safe_at, int64_t *until,
                         int64_t *t_fail)
{
	const dd__mon_roll_in_t *in = c->in;
	int64_t t[64];
	size_t n = change_times(in, cached_kind, w, t, 64);
	bool fail = false;
	for (size_t i = 0; i < n; i++) {
		bool now_ok, before_ok;
		if (cached_points) {  /* the cached set points at the keys served now */
			now_ok = set_ok(in, pointing_kind, t[i], in->now);
			before_ok = set_ok(in, pointing_kind, t[i], in->now - 1);
		} else {              /* the set served now points at the cached keys */
			now_ok = set_ok(in, pointing_kind, in->now, t[i]);
			before_ok = set_ok(in, pointing_kind, in->now - 1, t[i]);
		}
		if (now_ok || !before_ok) {
			continue;  /* fine, or it failed before this change already */
		}
		int64_t end = set_end(in, cached_kind, t[i]);
		if (!fail || end + w > *safe_at) {
			*safe_at = end + w;
			*until = end;
			*t_fail = t[i];
		}
		fail = true;
	}
	return fail;
}

static void check_premature(ctx_t *c)
{
	const dd__mon_roll_in_t *in = c->in;
	char t_until[32], t_safe[32];
	int64_t safe = 0, until = 0, tf = 0;
	/* the DNSKEY RRset changed: a DS set still cached points at no key served now */
	if (changed_now(in, "DNSKEY") &&
	    worst_cached(c, "DS", c->w_ds, true, "DS", &safe, &until, &tf)) {
		uint16_t tag = removed_key_of(in, "DS", tf);
		dd__time_text(until, t_until);
		dd__time_text(safe, t_safe);
		premature(c, tag, safe, "key %u was removed from the DNSKEY RRset while resolvers may "
		          "still hold the DS set the parent served until %s (Dprp + TTLds = %lld s), and "
		          "no DS of that set points at a key the zone publishes now: those resolvers fail "
		          "to validate the zone until %s. Publish key %u again until then (RFC 7583 3.3)",
		          tag, t_until, (long long)c->w_ds, t_safe, tag);
	}
	/* the DS set changed: a DNSKEY RRset still cached holds no key the DS set points at now */
	if (changed_now(in, "DS") &&
	    worst_cached(c, "DNSKEY", c->w_key, false, "DS", &safe, &until, &tf)) {
		uint16_t gone = changed_tag(in, "DS", false);
		uint16_t added = changed_tag(in, "DS", true);
		char what[96];
		if (gone != 0) {
			snprintf(what, sizeof(what), "the DS of key %u was removed", gone);
		} else {
			snprintf(what, sizeof(what), "the DS of key %u was added", added);
		}
		dd__time_text(until, t_until);
		dd__time_text(safe, t_safe);
		premature(c, gone != 0 ? gone : added, safe, "%s at the parent while resolvers may still "
		          "hold the DNSKEY RRset the zone served until %s (Ipub = Dprp + TTLkey = %lld s), "
		          "which holds no key the DS set now published points at: those resolvers fail to "
		          "validate the zone until %s. Restore the previous DS set at the parent until "
		          "then (RFC 7583 3.3)", what, t_until, (long long)c->w_key, t_safe);
	}
	/* the signers changed: a DNSKEY RRset still cached lacks every key signing now */
	if (changed_now(in, "SIGNER") &&
	    worst_cached(c, "DNSKEY", c->w_key, false, "SIGNER", &safe, &until, &tf)) {
		uint16_t tag = changed_tag(in, "SIGNER", true);
		dd__time_text(until, t_until);
		dd__time_text(safe, t_safe);
		premature(c, tag, safe, "key %u started signing the zone's data while resolvers may "
		          "still hold the DNSKEY RRset the zone served until %s (Ipub = Dprp + TTLkey = "
		          "%lld s), which does not hold it: its signatures fail to validate there until "
		          "%s. Sign with the previous key again, the new one kept published, until then "
		          "(RFC 7583 3.2.1)", tag, t_until, (long long)c->w_key, t_safe);
	}
	/* the DNSKEY RRset changed: signatures still cached were made by no key served now */
	if (changed_now(in, "DNSKEY") &&
	    worst_cached(c, "SIGNER", c->w_sig, true, "SIGNER", &safe, &until, &tf)) {
		uint16_t tag = removed_key_of(in, "SIGNER", tf);
		dd__time_text(until, t_until);
		dd__time_text(safe, t_safe);
		premature(c, tag, safe, "key %u was removed from the DNSKEY RRset while resolvers may "
		          "still hold data it signed, served until %s (Iret = Dprp + the largest TTL = "
		          "%lld s): those signatures fail to validate until %s. Publish key %u again "
		          "until then (RFC 7583 3.2.1)", tag, t_until, (long long)c->w_sig, t_safe, tag);
	}
}

/* ---- the phase ---------------------------------------------------------------------------- */

/* The present keys of one role (KSK: SEP flag), the oldest and the newest by first sighting. */
typedef struct keys {
	const dd__mon_hist_t *old, *new_;
	size_t n;
} keys_t;

static keys_t present_keys(const dd__mon_roll_in_t *in, bool ksk, unsigned alg)
{
	keys_t k = { 0 };
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (!is(h, "DNSKEY") || h->removed != 0 || is_ksk(h) != ksk ||
		    (alg != 0 && alg_of(h) != alg)) {
			continue;
		}
		k.n++;
		if (k.old == NULL || h->first_seen < k.old->first_seen) {
			k.old = h;
		}
		if (k.new_ == NULL || h->first_seen >= k.new_->first_seen) {
			k.new_ = h;
		}
	}
	return k;
}

/* The latest record of @p kind for a key (tag, algorithm): present first, else the latest
 * removed; NULL when none. */
static const dd__mon_hist_t *of_key(const dd__mon_roll_in_t *in, const char *kind, uint16_t tag,
                                    unsigned alg)
{
	const dd__mon_hist_t *best = NULL;
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (!kind_match(h, kind) || h->key_tag != tag || alg_of(h) != alg) {
			continue;
		}
		if (best == NULL || (best->removed != 0 && (h->removed == 0 || h->removed > best->removed))) {
			best = h;
		}
	}
	return best;
}

static bool live(const dd__mon_hist_t *h)
{
	return h != NULL && h->removed == 0;
}

__attribute__((format(printf, 4, 5)))
static void phase(dd_mon_rollover_t *o, dd_mon_phase_t p, int64_t since, const char *fmt, ...)
{
	o->phase = p;
	o->since = since;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->text, sizeof(o->text), fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void next(dd_mon_rollover_t *o, int64_t at, const char *fmt, ...)
{
	o->next_at = at;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->next, sizeof(o->next), fmt, ap);
	va_end(ap);
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* A KSK roll of one algorithm: two KSKs, or a DS for a KSK that is not (or no longer) there. */
static bool ksk_phase(const dd__mon_roll_in_t *in, unsigned alg, int64_t w_ds, int64_t w_key,
                      dd_mon_rollover_t *o)
{
	keys_t k = present_keys(in, true, alg);
	if (k.n >= 2) {
		if (k.old->first_seen == k.new_->first_seen &&
		    live(of_key(in, "DS", k.old->key_tag, alg)) !=
		    live(of_key(in, "DS", k.new_->key_tag, alg))) {
			/* first seen together, one with a DS: a new KSK waiting for its DS, or an old
			 * one whose DS is gone; the history cannot tell */
			bool od = live(of_key(in, "DS", k.old->key_tag, alg));
			uint16_t with = od ? k.old->key_tag : k.new_->key_tag;
			uint16_t without = od ? k.new_->key_tag : k.old->key_tag;
			o->old_tag = with;
			o->new_tag = without;
			phase(o, DD_MON_ROLL_KSK_STANDBY, k.old->first_seen, "KSK roll: KSK %u "
			      "published beside KSK %u, which the DS at the parent points at; both were "
			      "first seen at the same check, so KSK %u waits for its DS (double-KSK) or "
			      "its DS was removed", without, with, without);
			next(o, k.old->first_seen + max64(w_key, w_ds), "if KSK %u is new, replace the "
			     "DS with its DS; if its DS was removed, remove KSK %u (either is safe after "
			     "Ipub and Dprp + TTLds since the first sighting)", without, without);
			return true;
		}
		uint16_t ot = k.old->key_tag, nt = k.new_->key_tag;
		const dd__mon_hist_t *dso = of_key(in, "DS", ot, alg), *dsn = of_key(in, "DS", nt, alg);
		o->old_tag = ot;
		o->new_tag = nt;
		if (live(dso) && !live(dsn)) {
			phase(o, DD_MON_ROLL_KSK_DOUBLE_KSK, k.new_->first_seen, "KSK roll, double-KSK: "
			      "KSK %u published beside KSK %u since its first sighting; the DS at the parent "
			      "is still KSK %u's", nt, ot, ot);
			next(o, k.new_->first_seen + w_key, "replace the DS of KSK %u with KSK %u's at the "
			     "parent (after Ipub = Dprp + TTLkey since KSK %u was published)", ot, nt, nt);
		} else if (!live(dso) && live(dsn)) {
			int64_t gone = dso != NULL ? dso->removed : dsn->first_seen;
			phase(o, DD_MON_ROLL_KSK_DOUBLE_KSK_DS_REPLACED, gone, "KSK roll, double-KSK: the "
			      "DS at the parent is KSK %u's alone; KSK %u still published", nt, ot);
			next(o, max64(gone, dsn->first_seen) + w_ds, "remove KSK %u from the DNSKEY RRset "
			     "(after Dprp + TTLds since the parent stopped serving its DS)", ot);
		} else if (live(dso) && live(dsn)) {
			phase(o, DD_MON_ROLL_KSK_BOTH, max64(k.new_->first_seen, dsn->first_seen), "KSK "
			      "roll: KSKs %u and %u both published, a DS for each at the parent", ot, nt);
			next(o, max64(k.new_->first_seen + w_key, dsn->first_seen + w_ds), "remove KSK %u "
			     "and its DS (once KSK %u and its DS are in every cache: Ipub and Dprp + TTLds)",
			     ot, nt);
		} else {
			return false;
		}
		return true;
	}
	if (k.n != 1) {
		return false;
	}
	/* one KSK: a second DS that points at no key published now */
	const dd__mon_hist_t *mine = of_key(in, "DS", k.old->key_tag, alg);
	const dd__mon_hist_t *other = NULL;
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (is(h, "DS") && h->removed == 0 && alg_of(h) == alg &&
		    h->key_tag != k.old->key_tag && !key_at(in, h->key_tag, alg, in->now)) {
			other = h;
		}
	}
	if (!live(mine) || other == NULL) {
		return false;
	}
	uint16_t kt = k.old->key_tag, dt = other->key_tag;
	const dd__mon_hist_t *gone = of_key(in, "DNSKEY", dt, alg);
	if (gone != NULL && gone->removed != 0 && gone->first_seen <= k.old->first_seen) {
		/* the DS is the old KSK's, removed from the zone: double-DS, key replaced */
		o->old_tag = dt;
		o->new_tag = kt;
		phase(o, DD_MON_ROLL_KSK_DOUBLE_DS_REPLACED, gone->removed, "KSK roll, double-DS: KSK "
		      "%u replaced KSK %u in the zone; the parent still serves both DS", kt, dt);
		next(o, gone->removed + w_key, "remove the DS of KSK %u at the parent (after Ipub = Dprp "
		     "+ TTLkey since KSK %u left the DNSKEY RRset)", dt, dt);
		return true;
	}
	o->old_tag = kt;
	o->new_tag = dt;
	phase(o, DD_MON_ROLL_KSK_DOUBLE_DS, other->first_seen, "KSK roll, double-DS: a new DS "
	      "(key tag %u) at the parent since its first sighting; KSK %u still signing", dt, kt);
	next(o, other->first_seen + w_ds, "replace KSK %u with KSK %u in the zone (after Dprp + "
	     "TTLds since the new DS was first seen at the parent)", kt, dt);
	return true;
}

/* A ZSK roll of one algorithm: two ZSKs, by which of them signs the data. */
static bool zsk_phase(const dd__mon_roll_in_t *in, unsigned alg, int64_t w_key, int64_t w_sig,
                      dd_mon_rollover_t *o)
{
	keys_t k = present_keys(in, false, alg);
	if (k.n < 2) {
		return false;
	}
	if (k.old->first_seen == k.new_->first_seen &&
	    live(of_key(in, "SIGNER", k.old->key_tag, alg)) !=
	    live(of_key(in, "SIGNER", k.new_->key_tag, alg))) {
		/* first seen together, one signing: the history cannot tell a pre-published key
		 * from a retired one; either way the next step is safe once both waits passed */
		bool os = live(of_key(in, "SIGNER", k.old->key_tag, alg));
		uint16_t on = os ? k.old->key_tag : k.new_->key_tag;
		uint16_t off = os ? k.new_->key_tag : k.old->key_tag;
		o->old_tag = on;
		o->new_tag = off;
		phase(o, DD_MON_ROLL_ZSK_STANDBY, k.old->first_seen, "ZSK roll: ZSK %u published "
		      "beside ZSK %u, which signs the data; both were first seen at the same check, "
		      "so ZSK %u is pre-published or retired", off, on, off);
		next(o, k.old->first_seen + max64(w_key, w_sig), "if ZSK %u is new, sign the data "
		     "with it; if it is retired, remove it (either is safe after Ipub and Iret since "
		     "the first sighting)", off);
		return true;
	}
	uint16_t ot = k.old->key_tag, nt = k.new_->key_tag;
	const dd__mon_hist_t *so = of_key(in, "SIGNER", ot, alg), *sn = of_key(in, "SIGNER", nt, alg);
	o->old_tag = ot;
	o->new_tag = nt;
	if (live(so) && !live(sn)) {
		phase(o, DD_MON_ROLL_ZSK_PREPUBLISH, k.new_->first_seen, "ZSK roll, pre-publish: ZSK %u "
		      "published beside ZSK %u, which still signs the data", nt, ot);
		next(o, k.new_->first_seen + w_key, "sign the data with ZSK %u, ZSK %u still published "
		     "(after Ipub = Dprp + TTLkey since ZSK %u was published)", nt, ot, nt);
	} else if (!live(so) && live(sn)) {
		int64_t from = so != NULL ? so->removed : sn->first_seen;
		phase(o, DD_MON_ROLL_ZSK_NEW_SIGNING, from, "ZSK roll, pre-publish: ZSK %u signs the "
		      "data; ZSK %u, retired, still published", nt, ot);
		next(o, from + w_sig, "remove ZSK %u from the DNSKEY RRset (after Iret = Dprp + the "
		     "largest TTL since its signatures were last served)", ot);
	} else if (live(so) && live(sn)) {
		phase(o, DD_MON_ROLL_ZSK_DOUBLE_SIGNATURE, max64(k.new_->first_seen, sn->first_seen),
		      "ZSK roll, double signature: ZSKs %u and %u both published and both signing", ot,
		      nt);
		next(o, max64(k.new_->first_seen + w_key, sn->first_seen + w_sig), "remove ZSK %u and "
		     "its signatures (once ZSK %u and its signatures are in every cache)", ot, nt);
	} else {
		return false;
	}
	return true;
}

/* Keys of two algorithms: RFC 6781 4.1.4, by what the DS set holds. */
static bool algorithm_phase(const dd__mon_roll_in_t *in, int64_t w_ds, int64_t w_key,
                            int64_t w_sig, dd_mon_rollover_t *o)
{
	unsigned olda = 0, newa = 0;
	int64_t oldt = 0, newt = 0;
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (!is(h, "DNSKEY") || h->removed != 0) {
			continue;
		}
		unsigned a = alg_of(h);
		if (olda == 0 || h->first_seen < oldt) {
			olda = a;
			oldt = h->first_seen;
		}
		if (newa == 0 || h->first_seen > newt) {
			newa = a;
			newt = h->first_seen;
		}
	}
	if (olda == newa) {
		return false;
	}
	bool ds_old = false, ds_new = false;
	int64_t ds_new_since = 0, ds_old_gone = 0;
	for (size_t i = 0; i < in->n; i++) {
		const dd__mon_hist_t *h = &in->h[i];
		if (!is(h, "DS")) {
			continue;
		}
		if (alg_of(h) == olda) {
			ds_old = ds_old || h->removed == 0;
			ds_old_gone = max64(ds_old_gone, h->removed);
		} else if (alg_of(h) == newa && h->removed == 0) {
			ds_new = true;
			ds_new_since = max64(ds_new_since, h->first_seen);
		}
	}
	int64_t sig_since = 0;
	for (size_t i = 0; i < in->n; i++) {
		if (is_data_signer(&in->h[i]) && in->h[i].removed == 0 && alg_of(&in->h[i]) == newa) {
			sig_since = max64(sig_since, in->h[i].first_seen);
		}
	}
	phase(o, DD_MON_ROLL_ALGORITHM, newt, "algorithm roll: keys of algorithm %u published "
	      "beside algorithm %u's (RFC 6781 4.1.4)", newa, olda);
	if (ds_old && !ds_new) {
		next(o, max64(newt + w_key, sig_since + w_sig), "replace the DS set with algorithm "
		     "%u's at the parent (after Ipub since its keys were published and Iret since its "
		     "signatures were)", newa);
	} else if (ds_old && ds_new) {
		next(o, ds_new_since + w_ds, "remove algorithm %u's DS at the parent (after Dprp + "
		     "TTLds since algorithm %u's DS was first seen)", olda, newa);
	} else {
		next(o, ds_old_gone + w_ds, "remove algorithm %u's DNSKEYs, its signatures kept for "
		     "Ipub more (after Dprp + TTLds since its DS left the parent)", olda);
	}
	return true;
}

int64_t dd__mon_rollover_window(const dd__mon_roll_in_t *in)
{
	uint32_t ds = pick(in->prev.ds, in->cur.ds), key = pick(in->prev.dnskey, in->cur.dnskey);
	uint32_t data = pick(in->prev.data, in->cur.data), neg = pick(in->prev.neg, in->cur.neg);
	int64_t w = dd_preflight_ds_wait(in->dprp, ds);
	w = max64(w, dd_preflight_ipub(in->dprp, key));
	return max64(w, dd_preflight_iret(0, in->dprp, data > neg ? data : neg));
}

void dd__mon_rollover(const dd__mon_roll_in_t *in, dd_mon_rollover_t *out,
                      dd__mon_premature_t *pre, size_t *npre)
{
	memset(out, 0, sizeof(*out));
	out->judged = true;
	*npre = 0;
	/* cached records were given the TTLs of the check that saw them last (prev); the next
	 * step waits for the TTLs served now */
	uint32_t data = pick(in->prev.data, in->cur.data), neg = pick(in->prev.neg, in->cur.neg);
	ctx_t c = { .in = in, .pre = pre, .npre = npre,
		    .w_ds = dd_preflight_ds_wait(in->dprp, pick(in->prev.ds, in->cur.ds)),
		    .w_key = dd_preflight_ipub(in->dprp, pick(in->prev.dnskey, in->cur.dnskey)),
		    .w_sig = dd_preflight_iret(0, in->dprp, data > neg ? data : neg) };
	check_premature(&c);

	int64_t w_ds = dd_preflight_ds_wait(in->dprp, in->cur.ds);
	int64_t w_key = dd_preflight_ipub(in->dprp, in->cur.dnskey);
	int64_t w_sig = dd_preflight_iret(0, in->dprp, in->cur.data > in->cur.neg ? in->cur.data
	                                                                           : in->cur.neg);
	if (algorithm_phase(in, w_ds, w_key, w_sig, out)) {
		return;
	}
	unsigned alg = 0;
	for (size_t i = 0; i < in->n && alg == 0; i++) {
		if (is(&in->h[i], "DNSKEY") && in->h[i].removed == 0) {
			alg = alg_of(&in->h[i]);
		}
	}
	if (alg == 0) {
		snprintf(out->text, sizeof(out->text), "no rollover under way");
		return;
	}
	if (!ksk_phase(in, alg, w_ds, w_key, out) && !zsk_phase(in, alg, w_key, w_sig, out)) {
		memset(out, 0, sizeof(*out));
		out->judged = true;
		snprintf(out->text, sizeof(out->text), "no rollover under way");
	}
}

const char *dd_mon_phase_name(dd_mon_phase_t p)
{
	switch (p) {
	case DD_MON_ROLL_NONE:                      return "none";
	case DD_MON_ROLL_ZSK_PREPUBLISH:            return "zsk-prepublish";
	case DD_MON_ROLL_ZSK_NEW_SIGNING:           return "zsk-new-signing";
	case DD_MON_ROLL_ZSK_DOUBLE_SIGNATURE:      return "zsk-double-signature";
	case DD_MON_ROLL_KSK_DOUBLE_DS:             return "ksk-double-ds";
	case DD_MON_ROLL_KSK_DOUBLE_DS_REPLACED:    return "ksk-double-ds-replaced";
	case DD_MON_ROLL_KSK_DOUBLE_KSK:            return "ksk-double-ksk";
	case DD_MON_ROLL_KSK_DOUBLE_KSK_DS_REPLACED: return "ksk-double-ksk-ds-replaced";
	case DD_MON_ROLL_KSK_BOTH:                  return "ksk-both";
	case DD_MON_ROLL_ALGORITHM:                 return "algorithm-roll";
	case DD_MON_ROLL_ZSK_STANDBY:               return "zsk-standby";
	case DD_MON_ROLL_KSK_STANDBY:               return "ksk-standby";
	}
	return "none";
}
