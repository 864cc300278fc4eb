/* SPDX-License-Identifier: MIT
 * trust.c - the chain of trust of one zone, per server (RFC 4035 5.2): given the zone's DS set
 * (dsset.c: the anchor's, the DS given, or the parent's validated or proven absent), each DS
 * against the server's DNSKEY RRset, that RRset's signature by a key a DS points at, the apex
 * RRsets and CDS/CDNSKEY; then the zone's status, its DS and key views, and the notes that do
 * not break it (deprecated algorithms, weak DS digests, window edges, expiry ahead). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/actx.h"
#include "analysis/dsset.h"
#include "core/fmt.h"
#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/name.h"
#include "dd/text.h"
#include "dns/name_text.h"

/* The RDATA of RRset @p type at the apex as server @p srv answered it (authoritatively). */
static dd__vrdset_t apex_rdset(dd__actx_t *c, const char *srv, const uint8_t *zone, uint16_t type,
                               dd_rdata_t *buf, size_t cap)
{
	dd_msg_t *m = dd__an_msg(c, srv, zone, type);
	dd_rrset_t set;
	size_t n = dd__an_authoritative(m) ? dd_msg_rrset(m, DD_SECTION_ANSWER, zone, type, &set, buf,
	                                                  cap) : 0;
	return (dd__vrdset_t){ .owner = zone, .rd = buf, .n = n, .unknown = !dd__an_authoritative(m) };
}

static dd__vrdset_t key_rdset(const dd__keyset_t *ks, const uint8_t *zone)
{
	return (dd__vrdset_t){ .owner = zone, .rd = ks->rd, .n = ks->n };
}

/* Keys equal to a DNSKEY trust anchor of @p zone (where trust starts, without DS anchors). */
static bool anchor_keys(dd__actx_t *c, const uint8_t *zone, const dd__keyset_t *ks, bool *allowed)
{
	bool any = false;
	for (size_t a = 0; a < c->ev->nanchors; a++) {
		const dd_rr_t *an = &c->ev->anchors[a];
		if (an->type != DD_TYPE_DNSKEY || !dd_name_equal(an->owner, zone)) {
			continue;
		}
		/* an anchor validators cannot use is no anchor (RFC 4035 5.2, as for a DS):
		 * dd__validate_anchor_set() says so */
		if (an->rdata.len < 4 || !dd_alg_supported(an->rdata.data[3])) {
			continue;
		}
		any = true;
		for (size_t k = 0; k < ks->n; k++) {
			if (ks->rd[k].len == an->rdata.len &&
			    memcmp(ks->rd[k].data, an->rdata.data, an->rdata.len) == 0) {
				allowed[k] = true;
			}
		}
	}
	return any;
}

/* Why no DS of @p ds is usable, naming for each only what validators lack: its algorithm
 * or its digest type ("every DS names what validators do not implement: DS 8289 algorithm
 * 100"), never a digest type they implement. */
static void unusable_text(const dd__dsset_t *ds, char *out, size_t len)
{
	if (ds->n == 0) {
		snprintf(out, len, "no trust anchor key uses an algorithm validators implement");
		return;
	}
	int w = snprintf(out, len, "%s names what validators do not implement:",
	                 ds->n == 1 ? "the only DS" : "every DS");
	for (size_t d = 0; d < ds->n && w > 0 && (size_t)w < len; d++) {
		bool alg = !dd_alg_supported(ds->ds[d].algorithm);
		int r = snprintf(out + w, len - (size_t)w, "%s DS %u %s %u", d ? ";" : "",
		                 ds->ds[d].key_tag, alg ? "algorithm" : "digest type",
		                 alg ? ds->ds[d].algorithm : ds->ds[d].digest_type);
		w = r > 0 ? w + r : w;
	}
}

/* Validate the zone's DNSKEY RRset at one server against the DS set (RFC 4035 5.2). */
static dd_status_t server_trust(dd__actx_t *c, int zi, size_t si, const dd__dsset_t *ds, char *reason,
                                size_t rlen)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	dd__keyset_t *ks = &c->ks[zi][si];
	dd__asink_t as;
	const dd__vsink_t *sink = dd__an_sink(&as, c, z->name, srv);
	dd_ds_state_t state[DD__AN_MAXKEYS];
	dd__dslink_t link = { .zone = z->name, .ds = ds->ds, .state = state, .nds = ds->n,
		              .has_dnskey = ks->present, .ds_key_sig = DD_SIGV_NONE,
		              .served_unsigned = !c->an->zones[zi].signed_zone,
		              .anchors = z->parent < 0 };
	if (!ks->present) {
		for (size_t d = 0; d < ds->n; d++) {
			state[d] = DD_DS_STATE_NO_SUCH_KEY;
		}
		dd__validate_ds_report(&link, sink);
		snprintf(reason, rlen, "serves no DNSKEY RRset although the parent has %zu DS", ds->n);
		return DD_STATUS_BOGUS;
	}
	dd_rdata_t cdsbuf[16], cdnskeybuf[16];
	dd__vrdset_t keys = key_rdset(ks, z->name);
	dd__vrdset_t cds = apex_rdset(c, srv, z->name, DD_TYPE_CDS, cdsbuf, 16);
	dd__vrdset_t cdnskey = apex_rdset(c, srv, z->name, DD_TYPE_CDNSKEY, cdnskeybuf, 16);
	bool allowed[DD__AN_MAXKEYS] = { false };
	bool any_usable = false, any_allowed = false;
	dd_ds_state_t worst = DD_DS_STATE_UNSUPPORTED;
	for (size_t d = 0; d < ds->n; d++) {
		state[d] = dd__validate_ds_class(&ds->ds[d], &keys, &cds, &cdnskey, allowed);
		any_usable = any_usable || state[d] != DD_DS_STATE_UNSUPPORTED;
		if (state[d] != DD_DS_STATE_MATCHES && state[d] < worst) {
			worst = state[d];
		}
	}
	if (dd__an_starts(c, z) && ds->n == 0) {
		any_usable = anchor_keys(c, z->name, ks, allowed);
	}
	for (size_t k = 0; k < ks->n; k++) {
		any_allowed = any_allowed || allowed[k];
	}
	if (!any_usable) {
		unusable_text(ds, reason, rlen);
		return DD_STATUS_INSECURE;
	}
	if (!any_allowed) {
		dd__validate_ds_report(&link, sink);
		snprintf(reason, rlen, "no DS %s matches a DNSKEY of the zone (%s)",
		         ds->source == DD_DS_SOURCE_GIVEN ? "given" : "at the parent",
		         dd_ds_state_name(worst));
		return DD_STATUS_BOGUS;
	}
	dd__rrview_t v;
	dd__an_rrview(dd__an_msg(c, srv, z->name, DD_TYPE_DNSKEY), DD_SECTION_ANSWER, z->name,
	              DD_TYPE_DNSKEY, &v);
	dd__sigout_t outs[DD__AN_MAXSIGS];
	dd__rrsetv_t rv;
	if (dd__an_check(c, &v, ks, z->name, allowed, outs, &rv) != DD_OK) {
		return DD_STATUS_INDETERMINATE;
	}
	dd__validate_active_algs(v.sigs, outs, rv.considered, ks->active);
	dd__an_note_window(c, zi, &rv);
	link.ds_key_sig = rv.v;
	dd__validate_ds_report(&link, sink);
	bool by_anchor = ds->n == 0;  /* a DNSKEY trust anchor stands for the DS (anchor_keys) */
	for (size_t k = 0; by_anchor && k < ks->n; k++) {
		if (allowed[k] && ks->rd[k].len >= 4) {
			dd__validate_anchor_link(z->name, dd_keytag(ks->rd[k].data, ks->rd[k].len),
			                         ks->rd[k].data[3], rv.v, sink);
			break;
		}
	}
	if (rv.v == DD_SIGV_OK) {
		ks->validated = true;
		dd__vkeys_t vk = dd__an_vkeys(ks, z->name, NULL);
		dd__validate_algorithms(&vk, ks->active, sink);
		dd__an_report(c, &v, ks, z->name, srv, outs, &rv);
		for (size_t k = 0; k < ks->n && k < c->an->zones[zi].nkeys; k++) {
			c->an->zones[zi].keys[k].ds_matched = allowed[k];
		}
		return DD_STATUS_SECURE;
	}
	if (rv.v == DD_SIGV_NONE || rv.v == DD_SIGV_NOKEY || rv.v == DD_SIGV_UNAUTHENTICATED) {
		snprintf(reason, rlen, "the DNSKEY RRset is not signed by %s",
		         by_anchor ? "the trust anchor's key" : "a key the DS points at");
		return DD_STATUS_BOGUS;
	}
	dd__an_report(c, &v, ks, z->name, srv, outs, &rv);
	if (rv.v == DD_SIGV_BUDGET) {
		snprintf(reason, rlen, "the DNSKEY RRset was not verified (work budget spent)");
		return DD_STATUS_INDETERMINATE;
	}
	const char *code = dd__sigv_code(rv.v);
	snprintf(reason, rlen, "the DNSKEY RRset's signature by the %s: %s",
	         by_anchor ? "trust anchor's key" : "DS key", code ? code : "invalid");
	return DD_STATUS_BOGUS;
}

/* ---- the apex ------------------------------------------------------------------------------- */

/* Signatures over the apex RRsets (the DNSKEY RRset is judged with the trust), CDS/CDNSKEY. */
static void apex_checks(dd__actx_t *c, int zi, size_t si, bool zone_insecure, int ds_present,
                        const dd__dsset_t *ds)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	dd__keyset_t *ks = &c->ks[zi][si];
	static const uint16_t types[] = { DD_TYPE_SOA, DD_TYPE_NS, DD_TYPE_NSEC3PARAM, DD_TYPE_CDS,
		                          DD_TYPE_CDNSKEY };
	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		dd_msg_t *m = dd__an_msg(c, srv, z->name, types[t]);
		dd__rrview_t v;
		if (!dd__an_authoritative(m) ||
		    dd__an_rrview(m, DD_SECTION_ANSWER, z->name, types[t], &v) == 0) {
			continue;
		}
		uint32_t f[5];
		if (types[t] == DD_TYPE_SOA && dd__an_soa_fields(&v.rd[0], f)) {
			c->an->zones[zi].soa_expire = f[3];
			c->an->zones[zi].neg_ttl = f[4] < v.set.ttl ? f[4] : v.set.ttl;  /* RFC 2308 5 */
		}
		if (!ks->present || zone_insecure) {
			continue;
		}
		dd__sigout_t outs[DD__AN_MAXSIGS];
		dd__rrsetv_t rv;
		if (dd__an_check(c, &v, ks, z->name, NULL, outs, &rv) != DD_OK) {
			return;
		}
		dd__an_report(c, &v, ks, z->name, srv, outs, &rv);
		dd__an_note_window(c, zi, &rv);
		if (types[t] == DD_TYPE_SOA) {
			/* which keys sign (standby_zsks() compares them over the servers) */
			for (size_t i = 0; i < rv.considered; i++) {
				if (outs[i].v == DD_SIGV_OK && outs[i].key < ks->n && outs[i].key < DD__AN_MAXKEYS) {
					ks->signs_soa[outs[i].key] = true;
				}
			}
		}
	}
	{
		/* CDS/CDNSKEY (RFC 7344, RFC 8078): also in an insecure zone, where they ask the
		 * parent to secure it */
		dd_rdata_t cdsbuf[16], cdnskeybuf[16];
		dd__vrdset_t keys = key_rdset(ks, z->name);
		dd__vrdset_t cds = apex_rdset(c, srv, z->name, DD_TYPE_CDS, cdsbuf, 16);
		dd__vrdset_t cdnskey = apex_rdset(c, srv, z->name, DD_TYPE_CDNSKEY, cdnskeybuf, 16);
		dd__asink_t as;
		const dd__vsink_t *sink = dd__an_sink(&as, c, z->name, srv);
		dd__validate_cds(&keys, &cds, &cdnskey, ds_present, ds->ds, ds->n, sink);
		if (ks->present) {
			dd__vkeys_t vk = dd__an_vkeys(ks, z->name, NULL);
			dd__validate_dnskeys(&vk, ks->rd, ks->n, sink);
		}
	}
}

/* ZSKs that sign the apex SOA at no server beside one of their algorithm that does: a key a
 * server publishes and another signs with is multi-signer (RFC 8901), not a standby. */
static void standby_zsks(dd__actx_t *c, int zi)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	for (size_t s = 0; s < z->nservers; s++) {
		dd__keyset_t *ks = &c->ks[zi][s];
		if (!ks->present || ks->n == 0) {
			continue;
		}
		bool signs[DD__AN_MAXKEYS] = { false };
		for (size_t k = 0; k < ks->n && k < DD__AN_MAXKEYS; k++) {
			for (size_t o = 0; o < z->nservers && !signs[k]; o++) {
				const dd__keyset_t *ko = &c->ks[zi][o];
				for (size_t j = 0; ko->present && j < ko->n && j < DD__AN_MAXKEYS; j++) {
					if (ko->signs_soa[j] && ko->keys[j].tag == ks->keys[k].tag &&
					    ko->keys[j].alg == ks->keys[k].alg) {
						signs[k] = true;
						break;
					}
				}
			}
		}
		dd__asink_t as;
		dd__vkeys_t vk = dd__an_vkeys(ks, z->name, NULL);
		dd__validate_standby_zsk(&vk, signs, ks->ttl, 0,
		                         dd__an_sink(&as, c, z->name, z->servers[s].addr));
	}
}

/* The zone's DS and key views, and the DS its live KSKs need. */
static void fill_views(dd__actx_t *c, int zi, const dd__dsset_t *ds)
{
	dd_zone_result_t *zr = &c->an->zones[zi];
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	zr->ds_ttl = ds->ttl;
	const dd__keyset_t *ks = NULL;  /* keys: from the first server that served them */
	size_t ksi = 0;
	for (size_t s = 0; s < z->nservers && ks == NULL; s++) {
		if (c->ks[zi][s].present) {
			ks = &c->ks[zi][s];
			ksi = s;
		}
	}
	static const dd__keyset_t empty;
	dd__vrdset_t keys = key_rdset(ks ? ks : &empty, z->name);
	dd_rdata_t cdsbuf[16], cdnskeybuf[16];
	dd__vrdset_t cds = { .owner = z->name }, cdnskey = { .owner = z->name };
	if (ks != NULL) {
		cds = apex_rdset(c, z->servers[ksi].addr, z->name, DD_TYPE_CDS, cdsbuf, 16);
		cdnskey = apex_rdset(c, z->servers[ksi].addr, z->name, DD_TYPE_CDNSKEY, cdnskeybuf, 16);
	}
	zr->ds = calloc(ds->n ? ds->n : 1, sizeof(*zr->ds));
	zr->keys = calloc(keys.n ? keys.n : 1, sizeof(*zr->keys));
	zr->ds_lines = calloc(keys.n ? keys.n : 1, sizeof(*zr->ds_lines));
	if (zr->ds == NULL || zr->keys == NULL || zr->ds_lines == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	zr->nds = ds->n;
	for (size_t d = 0; d < ds->n; d++) {
		dd_ds_view_t *v = &zr->ds[d];
		v->key_tag = ds->ds[d].key_tag;
		v->algorithm = ds->ds[d].algorithm;
		v->digest_type = ds->ds[d].digest_type;
		dd_hex_encode(ds->ds[d].digest, ds->ds[d].digest_len > 48 ? 48 : ds->ds[d].digest_len,
		              v->digest, true);
		v->state = dd__validate_ds_class(&ds->ds[d], &keys, &cds, &cdnskey, NULL);
	}
	if (ks == NULL) {
		return;
	}
	zr->nkeys = ks->n;
	zr->dnskey_ttl = ks->ttl;
	for (size_t k = 0; k < ks->n; k++) {
		dd_key_view_t *v = &zr->keys[k];
		v->key_tag = ks->keys[k].tag;
		v->algorithm = ks->keys[k].alg;
		v->flags = ks->keys[k].flags;
		v->bits = ks->keys[k].key ? dd_key_bits(ks->keys[k].key) : 0;
		v->supported = ks->keys[k].key && dd_key_supported(ks->keys[k].key);
		for (size_t d = 0; d < ds->n && !v->ds_matched; d++) {
			dd_ds_result_t r;
			v->ds_matched = dd_ds_match(z->name, &ds->ds[d], ks->rd[k].data, ks->rd[k].len, &r) ==
			                DD_OK && dd_ds_result_ok(&r);
		}
	}
	zr->nds_lines = dd__validate_ds_lines(&keys, zr->ds_lines, keys.n);
}

/*
 * A validator's clock error moves "now" within the signatures' windows (RFC 4035 5.3.1): a
 * clock that is slow by more than the time since the latest inception sees that signature as
 * not yet valid, one that is fast by more than the time to the earliest expiration sees that
 * one expired. Report both margins when either is under DD_SKEW_PLAUSIBLE.
 */
static void window_edge_finding(dd__actx_t *c, const dd_zone_result_t *zr)
{
	int64_t since = zr->latest_inception ? c->at - zr->latest_inception : -1;
	int64_t until = zr->earliest_expiration ? zr->earliest_expiration - c->at : -1;
	bool near_in = since >= 0 && since < DD_SKEW_PLAUSIBLE;
	bool near_ex = until >= 0 && until < DD_SKEW_PLAUSIBLE;
	if (!near_in && !near_ex) {
		return;
	}
	char t1[32], d1[48], t2[32], d2[48], a[256] = "", b[256] = "";
	if (near_in) {
		dd__time_text(zr->latest_inception, t1);
		dd__duration_text(since, d1);
		snprintf(a, sizeof(a), "a validator whose clock is more than %s slow sees the signature "
		         "whose validity began at %s as not yet valid", d1, t1);
	}
	if (near_ex) {
		dd__time_text(zr->earliest_expiration, t2);
		dd__duration_text(until, d2);
		snprintf(b, sizeof(b), "a validator whose clock is more than %s fast sees the signature "
		         "that expires at %s as expired", d2, t2);
	}
	char zn[1024];
	dd__name_text(zr->name, zn, sizeof(zn));
	dd__an_finding(c, "RRSIG_WINDOW_EDGE", DD_SEV_NOTICE, zr->name, zr->name, 0, NULL, 0,
	               near_ex ? zr->earliest_expiration : zr->latest_inception, "%s: %s%s%s", zn, a,
	               near_in && near_ex ? "; " : "", b);
}

/* Deprecated algorithms, the DS set by itself (RFC 8624), window edges, expiry ahead. */
static void zone_notes(dd__actx_t *c, int zi, const dd__dsset_t *ds)
{
	dd_zone_result_t *zr = &c->an->zones[zi];
	if (zr->nkeys > 0) {
		bool all_weak = true;
		uint8_t alg = 0;
		for (size_t k = 0; k < zr->nkeys; k++) {
			alg = zr->keys[k].algorithm;
			all_weak = all_weak && dd_alg_deprecated(alg);
		}
		if (all_weak && zr->status != DD_STATUS_INSECURE) {
			dd__an_finding(c, "ALGORITHM_DEPRECATED", DD_SEV_WARNING, zr->name, zr->name,
			               DD_TYPE_DNSKEY, NULL, 0, 0, "the zone is signed only with %s "
			               "(algorithm %u), which RFC 8624 says not to use for signing; "
			               "validators are dropping it (RHEL 9 already treats it as insecure)",
			               dd_alg_name(alg) ? dd_alg_name(alg) : "?", alg);
		}
	}
	if (ds->state == DD__DSS_PRESENT && ds->n > 0 && c->ev->zones[zi].parent >= 0 &&
	    !dd__an_starts(c, &c->ev->zones[zi])) {
		dd__asink_t as;
		dd__validate_ds_set(zr->name, ds->ds, ds->n, dd__an_sink(&as, c, zr->name, NULL));
	} else if (dd__an_starts(c, &c->ev->zones[zi])) {
		dd__asink_t as;
		dd__validate_anchor_set(zr->name, c->ev->anchors, c->ev->nanchors,
		                        dd__an_sink(&as, c, zr->name, NULL));
	}
	window_edge_finding(c, zr);
	/* forward-looking: signatures that will lapse soon, or before a secondary that lost its
	 * primary stops serving the zone (SOA EXPIRE) */
	int64_t exp = zr->earliest_expiration;
	if (exp > 0 && exp > c->at) {
		char t[32], d[48];
		dd__time_text(exp, t);
		dd__duration_text(exp - c->at, d);
		if (exp - c->at < 7 * 86400) {
			dd__an_finding(c, "RRSIG_EXPIRING", DD_SEV_WARNING, zr->name, zr->name, 0, NULL, 0,
			               exp, "the first signature of the zone expires at %s, in %s: re-sign "
			               "before then", t, d);
		} else if (zr->soa_expire > 0 && exp - c->at < (int64_t)zr->soa_expire) {
			dd__an_finding(c, "RRSIG_EXPIRING", DD_SEV_WARNING, zr->name, zr->name, DD_TYPE_SOA,
			               NULL, 0, exp, "the first signature expires at %s, in %s, before the "
			               "SOA EXPIRE (%u s): a secondary that loses its primary would keep "
			               "serving the zone with expired signatures", t, d, zr->soa_expire);
		}
	}
}

/* Each server's health, serial and DNSKEY RRset. @return how many answered. */
static size_t load_servers(dd__actx_t *c, int zi)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	dd_zone_result_t *zr = &c->an->zones[zi];
	size_t answered = 0;
	for (size_t s = 0; s < z->nservers; s++) {
		dd_server_status_t *ss = &zr->servers[s];
		snprintf(ss->addr, sizeof(ss->addr), "%s", z->servers[s].addr);
		memcpy(ss->ns_name, z->servers[s].ns_name, dd_name_len(z->servers[s].ns_name));
		ss->status = DD_STATUS_INDETERMINATE;
		ss->answered = dd__an_server_health(c, zi, s);
		if (!ss->answered) {
			snprintf(ss->reason, sizeof(ss->reason), "no authoritative answer");
			continue;
		}
		answered++;
		ss->serial = dd__an_soa_serial(c, ss->addr, z->name);
		dd__an_keyset_load(&c->ks[zi][s], dd__an_msg(c, ss->addr, z->name, DD_TYPE_DNSKEY),
		                   z->name);
		if (dd__an_served_signed(c, ss->addr, z->name, &c->ks[zi][s])) {
			zr->signed_zone = true;
		}
	}
	return answered;
}

/* The status every server starts from, given the parent's status and its DS set. */
static dd_status_t base_status(const dd__actx_t *c, const dd_zone_ev_t *z,
                               dd_status_t parent_status, const char *parent_reason,
                               const dd__dsset_t *ds, char *why, size_t wl)
{
	if (!dd__an_covered(c, z->name)) {
		/* above or beside every trust anchor: RFC 4035 4.3's "indeterminate", which a
		 * validator answers without AD and without SERVFAIL; nothing here is judged */
		snprintf(why, wl, "no trust anchor covers it (RFC 4035 4.3)");
		return DD_STATUS_INDETERMINATE;
	}
	if (!dd__an_starts(c, z) && parent_status != DD_STATUS_SECURE) {
		snprintf(why, wl, "%s", parent_reason);
		return parent_status;
	}
	switch (ds->state) {
	case DD__DSS_ABSENT:
		snprintf(why, wl, "%s: %s", ds->reason, ds->source == DD_DS_SOURCE_UNDELEGATED
		         ? "judged as a delegation without DS would be (insecure)"
		         : "an insecure delegation");
		return DD_STATUS_INSECURE;
	case DD__DSS_BOGUS:
		snprintf(why, wl, "%s", ds->reason);
		return DD_STATUS_BOGUS;
	case DD__DSS_UNKNOWN:
		snprintf(why, wl, "no parent server said whether there is a DS");
		return DD_STATUS_INDETERMINATE;
	case DD__DSS_PRESENT:
		break;
	}
	return DD_STATUS_SECURE;  /* decided per server */
}

void dd__an_zone(dd__actx_t *c, int zi, dd_status_t parent_status, const char *parent_reason)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	dd_zone_result_t *zr = &c->an->zones[zi];
	memcpy(zr->name, z->name, dd_name_len(z->name));
	zr->servers = calloc(z->nservers ? z->nservers : 1, sizeof(*zr->servers));
	c->ks[zi] = calloc(z->nservers ? z->nservers : 1, sizeof(dd__keyset_t));
	if (zr->servers == NULL || c->ks[zi] == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	zr->nservers = z->nservers;
	if (load_servers(c, zi) == 0) {
		zr->status = DD_STATUS_INDETERMINATE;
		snprintf(zr->reason, sizeof(zr->reason), "no listed server answers for the zone");
		dd__an_finding(c, "SERVER_UNREACHABLE", DD_SEV_ERROR, z->name, z->name, 0, NULL, 0, 0,
		               "none of the zone's %zu server addresses answered authoritatively",
		               z->nservers);
		return;
	}
	dd__dsset_t *ds = malloc(sizeof(*ds));
	if (ds == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	dd__an_dsset(c, zi, ds);
	zr->ds_source = ds->source;
	char base_reason[256] = "";
	dd_status_t base = base_status(c, z, parent_status, parent_reason, ds, base_reason,
	                               sizeof(base_reason));
	fill_views(c, zi, ds);
	/* A parent that is bogus or indeterminate (an expired signature there, or --at moving
	 * the clock past it) hides the zone from a validator, but not its own faults: the DS the
	 * parent serves is still judged against the zone's keys, and the zone's signatures from
	 * them, so that a fault that needs no clock (a wrong DS digest) stays in the findings
	 * beside the parent's. The zone's status stays the parent's. Below an insecure parent no
	 * validator follows the DS, and nothing is judged. */
	bool own_link = !dd__an_starts(c, z) && dd__an_covered(c, z->name) && ds->state == DD__DSS_PRESENT &&
	                ds->n > 0 &&
	                (parent_status == DD_STATUS_BOGUS ||
	                 parent_status == DD_STATUS_INDETERMINATE);
	zr->status = DD_STATUS_SECURE;
	dd_status_t own_worst = DD_STATUS_SECURE;  /* the zone's status judged from the DS alone */
	size_t judged = 0, no_dnskey = 0;
	for (size_t s = 0; s < z->nservers && c->err == DD_OK; s++) {
		dd_server_status_t *ss = &zr->servers[s];
		if (!ss->answered) {
			continue;
		}
		/* a DNSKEY query that got no answer (or was not asked: evidence from another
		 * prober) proves nothing about the keys: the server is left out, as one that
		 * does not answer, not judged bogus for keys it was never heard to lack */
		const dd_exchange_t *kx = dd_evidence_find(c->ev, ss->addr, z->name, DD_TYPE_DNSKEY);
		c->ks[zi][s].own = DD_STATUS_INDETERMINATE;
		if (base == DD_STATUS_SECURE && (kx == NULL || kx->wire == NULL)) {
			ss->status = DD_STATUS_INDETERMINATE;
			if (kx == NULL) {
				snprintf(ss->reason, sizeof(ss->reason), "its DNSKEY RRset was not asked");
			} else {
				snprintf(ss->reason, sizeof(ss->reason), "its DNSKEY query got no answer (%s)",
				         dd_qerr_name(kx->error));
			}
			no_dnskey++;
			continue;
		}
		judged++;
		dd__keyset_t *ks = &c->ks[zi][s];
		if (base != DD_STATUS_SECURE) {
			ss->status = base;
			snprintf(ss->reason, sizeof(ss->reason), "%s", base_reason);
			ks->own = base;
			if (own_link && kx != NULL && kx->wire != NULL) {
				char own[sizeof(ss->reason)];
				ks->own = server_trust(c, zi, s, ds, own, sizeof(own));
			}
		} else {
			ss->status = server_trust(c, zi, s, ds, ss->reason, sizeof(ss->reason));
			ks->own = ss->status;
		}
		/* the apex signatures are judged where the zone's keys are */
		apex_checks(c, zi, s, ks->own == DD_STATUS_INSECURE || (base != DD_STATUS_SECURE &&
		                                                       !own_link),
		            ds->state == DD__DSS_PRESENT && ds->n > 0 ? 1 : ds->state == DD__DSS_ABSENT ? 0 : -1, ds);
		if (ss->status > zr->status) {  /* the worst over the servers */
			zr->status = ss->status;
			snprintf(zr->reason, sizeof(zr->reason), "%s: %s", ss->addr, ss->reason);
		}
		own_worst = ks->own > own_worst ? ks->own : own_worst;
	}
	if (judged == 0 && no_dnskey > 0) {
		zr->status = DD_STATUS_INDETERMINATE;
		snprintf(zr->reason, sizeof(zr->reason), "no server answered the DNSKEY query");
	} else if (zr->status == DD_STATUS_SECURE) {
		snprintf(zr->reason, sizeof(zr->reason), "%s", dd__an_starts(c, z)
		                                                      ? "validated from the trust anchor"
		                                                      : "validated from the parent's DS");
	}
	standby_zsks(c, zi);
	dd__an_classify_servers(c, zi);
	if (judged > 0 && no_dnskey == 0 && own_worst == DD_STATUS_SECURE) {
		dd__an_multi_signer(c, zi);
	}
	zone_notes(c, zi, ds);
	free(ds);
}
