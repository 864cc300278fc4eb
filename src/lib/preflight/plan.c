/* SPDX-License-Identifier: MIT
 * plan.c - preflight's procedures and timing: the sequences of states tried (double-DS, zone
 * first, DS first, the unsigned intermediate), the kind of a change, RFC 7583's intervals and
 * the wording of every step (RFC 6781 4.1; RFC 7583 3; RFC 8901). The intervals themselves
 * (Ipub, Iret, the DS wait) are validate/timing.c's, shared with the monitor's rollover
 * tracking. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dd/error.h"
#include "dd/key.h"
#include "preflight/plan.h"

const char *dd_preflight_verdict_name(dd_preflight_verdict_t v)
{
	switch (v) {
	case DD_PREFLIGHT_SAFE:       return "safe";
	case DD_PREFLIGHT_SAFE_AFTER: return "safe after";
	case DD_PREFLIGHT_UNSAFE:     return "unsafe";
	}
	return "unknown";
}

const char *dd_preflight_kind_name(dd_preflight_kind_t k)
{
	switch (k) {
	case DD_PREFLIGHT_NO_CHANGE:      return "no change";
	case DD_PREFLIGHT_ZSK_ROLL:       return "ZSK roll";
	case DD_PREFLIGHT_KSK_ROLL:       return "KSK roll";
	case DD_PREFLIGHT_ALGORITHM_ROLL: return "algorithm roll";
	case DD_PREFLIGHT_GO_INSECURE:    return "going insecure";
	case DD_PREFLIGHT_GO_SECURE:      return "going secure";
	case DD_PREFLIGHT_PROVIDER_MOVE:  return "provider move";
	case DD_PREFLIGHT_DS_CHANGE:      return "DS change";
	case DD_PREFLIGHT_RESIGN:         return "re-signing";
	}
	return "unknown";
}

size_t dd__pf_procedures(dd__pfproc_t *out, size_t cap)
{
	static const dd__pfproc_t all[DD__PF_PROCS] = {
		{ "double-DS", { { DD__PF_DS_OLD, 0 }, { DD__PF_DS_BOTH, 0 }, { DD__PF_DS_BOTH, 1 },
		                 { DD__PF_DS_NEW, 1 } }, 4, { 0 }, { 0 }, { 0 } },
		{ "zone first", { { DD__PF_DS_OLD, 0 }, { DD__PF_DS_OLD, 1 }, { DD__PF_DS_NEW, 1 } },
		  3, { 0 }, { 0 }, { 0 } },
		{ "DS first", { { DD__PF_DS_OLD, 0 }, { DD__PF_DS_NEW, 0 }, { DD__PF_DS_NEW, 1 } },
		  3, { 0 }, { 0 }, { 0 } },
		{ "unsigned intermediate", { { DD__PF_DS_OLD, 0 }, { DD__PF_DS_NONE, 0 },
		                             { DD__PF_DS_NONE, 1 }, { DD__PF_DS_NEW, 1 } }, 4,
		  { 0 }, { 0 }, { 0 } },
	};
	size_t n = 0;
	for (size_t i = 0; i < DD__PF_PROCS && n < cap; i++) {
		if (all[i].name != NULL) {
			out[n++] = all[i];
		}
	}
	return n;
}

void dd__pf_plan_init(dd_preflight_t *res, const dd_preflight_timing_t *t, uint32_t ttl_ds,
                      const dd_preflight_side_t *cur, const dd_preflight_side_t *next)
{
	(void)next;
	res->dprp = t != NULL && t->dprp_set ? t->dprp : DD_PREFLIGHT_DPRP_DEFAULT;
	res->dreg = t != NULL && t->dreg_set ? t->dreg : DD_PREFLIGHT_DREG_DEFAULT;
	res->ttl_ds = ttl_ds;
	res->ttl_dnskey = cur->dnskey >= 0 ? cur->sets[cur->dnskey].set.ttl : 0;
	res->ttl_data = cur->max_ttl;
	res->ttl_negative = cur->neg_ttl;
}

/* Key (tag, algorithm, SEP) of each DNSKEY of a side. */
static size_t keys_of(const dd_preflight_side_t *s, uint32_t *out, size_t cap, uint8_t *algs)
{
	size_t n = 0;
	if (s->dnskey < 0) {
		return 0;
	}
	const dd_rrset_t *k = &s->sets[s->dnskey].set;
	for (size_t i = 0; i < k->count && n < cap; i++) {
		const dd_rdata_t *rd = &k->rdata[i];
		if (rd->len < 4) {
			continue;
		}
		uint32_t sep = rd->data[1] & 1;
		out[n++] = (uint32_t)dd_keytag(rd->data, rd->len) << 16 | (uint32_t)rd->data[3] << 8 | sep;
		algs[rd->data[3]] = 1;
	}
	return n;
}

static bool has(const uint32_t *a, size_t n, uint32_t v)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] == v) {
			return true;
		}
	}
	return false;
}

dd_preflight_kind_t dd__pf_kind(const dd_preflight_side_t *cur, const dd_preflight_side_t *next,
                                bool ds_changed, size_t new_nds)
{
	if (cur->is_signed && !next->is_signed) {
		return DD_PREFLIGHT_GO_INSECURE;
	}
	if (!cur->is_signed && next->is_signed) {
		return DD_PREFLIGHT_GO_SECURE;
	}
	if (cur->is_signed && new_nds == 0 && ds_changed) {
		return DD_PREFLIGHT_GO_INSECURE;
	}
	if (cur == next || !cur->is_signed) {
		return ds_changed ? DD_PREFLIGHT_DS_CHANGE : DD_PREFLIGHT_NO_CHANGE;
	}
	uint32_t a[64], b[64];
	uint8_t aa[256] = { 0 }, ba[256] = { 0 };
	size_t na = keys_of(cur, a, 64, aa), nb = keys_of(next, b, 64, ba);
	bool common = false, ksk = false, zsk = false;
	for (size_t i = 0; i < na; i++) {
		common = common || has(b, nb, a[i]);
		if (!has(b, nb, a[i])) {
			ksk = ksk || (a[i] & 1);
			zsk = zsk || !(a[i] & 1);
		}
	}
	for (size_t i = 0; i < nb; i++) {
		if (!has(a, na, b[i])) {
			ksk = ksk || (b[i] & 1);
			zsk = zsk || !(b[i] & 1);
		}
	}
	if (memcmp(aa, ba, sizeof(aa)) != 0) {
		return common ? DD_PREFLIGHT_ALGORITHM_ROLL : DD_PREFLIGHT_PROVIDER_MOVE;
	}
	if (!common && na > 0 && nb > 0) {
		return DD_PREFLIGHT_PROVIDER_MOVE;
	}
	if (ksk) {
		return DD_PREFLIGHT_KSK_ROLL;
	}
	if (zsk) {
		return DD_PREFLIGHT_ZSK_ROLL;
	}
	return ds_changed ? DD_PREFLIGHT_DS_CHANGE : DD_PREFLIGHT_RESIGN;
}

/* The zone's records resolvers may still hold after a change: Dprp plus its largest TTL. */
static int64_t zone_wait(const dd_preflight_t *r)
{
	uint32_t m = r->ttl_dnskey;
	m = r->ttl_data > m ? r->ttl_data : m;
	m = r->ttl_negative > m ? r->ttl_negative : m;
	return dd_preflight_iret(0, r->dprp, m);
}

int64_t dd__pf_proc_time(const dd_preflight_t *res, dd__pfproc_t *p)
{
	p->t[0] = res->at;
	for (size_t i = 1; i < p->n; i++) {
		int64_t w = 0;
		if (p->ds_changes[i]) {
			w = dd_preflight_ds_wait(res->dreg, res->ttl_ds);
		}
		if (p->zone_changes[i] && zone_wait(res) > w) {
			w = zone_wait(res);
		}
		/* step i is made at t[i - 1]; the next may follow once its old records expired */
		p->t[i] = p->t[i - 1] + w;
	}
	return p->n >= 2 ? p->t[p->n - 2] : res->at;
}

static void step(dd_preflight_t *r, int64_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void step(dd_preflight_t *r, int64_t at, const char *fmt, ...)
{
	if (r->nsteps == sizeof(r->steps) / sizeof(r->steps[0])) {
		return;
	}
	dd_preflight_step_t *s = &r->steps[r->nsteps++];
	s->at = at;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof(s->text), fmt, ap);
	va_end(ap);
}

static const char *ds_words(int ds)
{
	switch (ds) {
	case DD__PF_DS_OLD:  return "the current DS set";
	case DD__PF_DS_NEW:  return "the proposed DS set";
	case DD__PF_DS_BOTH: return "the current and the proposed DS records together";
	default:             return "no DS at all (remove every DS)";
	}
}

void dd__pf_steps_direct(dd_preflight_t *res)
{
	step(res, res->at, "Make the change now: every combination of cached records validates.");
}

void dd__pf_steps_proc(dd_preflight_t *res, const dd__pfproc_t *p)
{
	res->safe_at = p->n >= 2 ? p->t[p->n - 2] : res->at;
	for (size_t i = 1; i < p->n; i++) {
		const dd__pfstate_t *s = &p->st[i];
		bool last = i + 1 == p->n;
		if (p->ds_changes[i] && p->zone_changes[i]) {
			step(res, p->t[i - 1], "Publish %s at the parent and serve the %s zone (%s).",
			     ds_words(s->ds), s->zone ? "proposed" : "current", p->name);
		} else if (p->ds_changes[i]) {
			step(res, p->t[i - 1], "Publish %s at the parent (%s)%s.", ds_words(s->ds),
			     p->name, last ? "" : "; wait Dreg + TTLds before the next step");
		} else if (p->zone_changes[i]) {
			step(res, p->t[i - 1], "Serve the proposed zone on every server (%s)%s.",
			     p->name, last ? "" : "; wait Dprp + the zone's largest TTL before the next step");
		}
	}
}

void dd__pf_steps_kind(dd_preflight_t *res)
{
	int64_t t = res->at;
	int64_t ipub = dd_preflight_ipub(res->dprp, res->ttl_dnskey);
	int64_t iret = dd_preflight_iret(0, res->dprp,
	                                 res->ttl_data > res->ttl_negative ? res->ttl_data
	                                                                   : res->ttl_negative);
	int64_t dsw = dd_preflight_ds_wait(res->dreg, res->ttl_ds);
	switch (res->kind) {
	case DD_PREFLIGHT_ZSK_ROLL:
		step(res, t, "Pre-publish: add the new ZSK to the DNSKEY RRset beside the old one, data "
		     "still signed with the old ZSK (RFC 6781 4.1.1.1).");
		t += ipub;
		step(res, t, "Sign the data with the new ZSK, the old ZSK still published (after Ipub = "
		     "Dprp + TTLkey).");
		t += iret;
		step(res, t, "Remove the old ZSK: the proposed zone (after Iret = Dprp + the largest "
		     "data TTL).");
		break;
	case DD_PREFLIGHT_ALGORITHM_ROLL:
		step(res, t, "Sign every RRset with the new algorithm too, its DNSKEYs not yet "
		     "published (RFC 6781 4.1.4).");
		t += iret;
		step(res, t, "Publish the new algorithm's DNSKEYs beside the old ones.");
		t += ipub;
		step(res, t, "Replace the DS set with the new algorithm's DS at the parent.");
		t += dsw;
		step(res, t, "Remove the old algorithm's DNSKEYs, its signatures still served.");
		t += ipub;
		step(res, t, "Remove the old algorithm's signatures: the proposed zone.");
		break;
	case DD_PREFLIGHT_GO_INSECURE:
		step(res, t, "Remove every DS at the parent, keep signing the zone.");
		t += dsw;
		step(res, t, "Stop signing: serve the unsigned zone (after Dreg + TTLds).");
		break;
	case DD_PREFLIGHT_GO_SECURE:
		/* the DS may follow once the DNSKEY RRset is in every cache that will need it
		 * (Ipub) and no cache holds the unsigned data or denials any more (Iret) */
		step(res, t, "Serve the signed zone, no DS at the parent yet.");
		t += iret > ipub ? iret : ipub;
		step(res, t, "Publish the DS at the parent (after Dprp + the largest of the DNSKEY, "
		     "data and negative TTLs: the keys cached and the unsigned answers gone).");
		break;
	case DD_PREFLIGHT_PROVIDER_MOVE:
		step(res, t, "Either RFC 8901 multi-signer (each provider publishes the other's ZSKs, "
		     "both KSKs' DS at the parent), or remove every DS at the parent now.");
		t += dsw;
		step(res, t, "Move to the new provider, still no DS (after Dreg + TTLds).");
		t += iret > ipub ? iret : ipub;
		step(res, t, "Publish the new provider's DS at the parent.");
		break;
	case DD_PREFLIGHT_KSK_ROLL:
		step(res, t, "Double-DS: add the new KSK's DS beside the old at the parent (RFC 6781 "
		     "4.1.2).");
		t += dsw;
		step(res, t, "Replace the KSK in the zone (after Dreg + TTLds).");
		t += ipub;
		step(res, t, "Remove the old DS (after Dprp + TTLkey: the DNSKEY RRset with the old "
		     "KSK out of caches).");
		break;
	default:
		break;
	}
	if (res->nsteps > 1) {
		res->safe_at = res->steps[res->nsteps - 1].at;
	}
}
