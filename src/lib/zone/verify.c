/* SPDX-License-Identifier: MIT
 * verify.c - check-zone's signatures: the apex keys loaded once, one job per RRSIG of an
 * authoritative RRset verified by the validation core on every CPU (pthreads, an atomic job
 * counter, chunks of 64), then per RRset the core's verdict and findings, the expiry horizon,
 * the SEP rule and the given DS records against the keys. */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "zone/zctx.h"

/* ---- keys ----------------------------------------------------------------------------------- */

void dd__z_load_keys(dd__zctx_t *c)
{
	if (c->apex_node < 0) {
		return;
	}
	const dd__znode_t *n = &c->nodes[c->apex_node];
	char nb[1024];
	for (uint32_t r = n->first; r < n->first + n->count; r++) {
		const dd__zrec_t *rc = &c->recs[r];
		if (rc->type != DD_TYPE_DNSKEY) {
			continue;
		}
		if (c->nkeys == DD__Z_KEYS_MAX) {
			dd__z_find(c, "DNSKEY_KEYTAG_COLLISION", c->apex, DD_TYPE_DNSKEY, 0, 0, 0,
			      "more than %d DNSKEYs at %s: the rest are not checked", DD__Z_KEYS_MAX,
			      dd__z_ntext(c->apex, nb, sizeof(nb)));
			break;
		}
		size_t ki = c->nkeys++;
		dd__vkey_t *k = &c->keys[ki];
		*k = (dd__vkey_t){ .tag = dd_keytag(dd__z_rdata(c, rc), rc->rdlen) };
		c->keyrd[ki] = (dd_rdata_t){ .data = dd__z_rdata(c, rc), .len = rc->rdlen };
		dd_dnskey_t dk;
		if (dd_dnskey_parse(dd__z_rdata(c, rc), rc->rdlen, &dk) != DD_OK) {
			continue;
		}
		k->alg = dk.algorithm;
		k->flags = dk.flags;
		int ret = dd_key_new(c->apex, dd__z_rdata(c, rc), rc->rdlen, &k->key);
		if (ret == DD_ENOMEM) {
			c->err = ret;
			return;
		}
		if (ret != DD_OK) {
			k->key = NULL;
			continue;
		}
		if (!(dk.flags & DD_DNSKEY_FLAG_ZONE)) {
			continue;  /* not a zone key: cannot sign the zone (RFC 4034 2.1.1) */
		}
		if (!dd_key_supported(k->key)) {
			dd__z_find(c, "ALGORITHM_UNSUPPORTED", c->apex, DD_TYPE_DNSKEY, k->tag, k->alg, 0,
			      "DNSKEY %u uses algorithm %u (%s), which this build and most validators "
			      "cannot verify: the zone is insecure to them (RFC 4035 5.2)", k->tag, k->alg,
			      dd_alg_name(k->alg));
		} else if (dd_alg_deprecated(k->alg)) {
			dd__z_find(c, "ALGORITHM_DEPRECATED", c->apex, DD_TYPE_DNSKEY, k->tag, k->alg, 0,
			      "DNSKEY %u uses algorithm %u (%s): RFC 8624 says %s for signing, and "
			      "validators with SHA-1 signatures disabled (RHEL 9's default policy) fail it",
			      k->tag, k->alg, dd_alg_name(k->alg),
			      dd_rfc8624_name(dd_alg_signing_req(k->alg)));
		}
	}
	/* malformed keys and key tag collisions, judged by the core as diagnose judges them */
	dd__vkeys_t vk = { .zone = c->apex, .keys = c->keys, .n = c->nkeys };
	dd__validate_dnskeys(&vk, c->keyrd, c->nkeys, &c->sink);
}

/* ---- signature verification ----------------------------------------------------------------- */

/* The RRset of job @p jb as the core takes it; @p rds holds its RDATAs (owned by the caller). */
static dd_rrset_t job_set(const dd__zctx_t *c, const dd__zjob_t *jb, dd_rdata_t *rds)
{
	for (uint32_t i = 0; rds != NULL && i < jb->setn; i++) {
		const dd__zrec_t *r = &c->recs[jb->set + i];
		rds[i] = (dd_rdata_t){ .data = dd__z_rdata(c, r), .len = r->rdlen };
	}
	const dd__zrec_t *first = &c->recs[jb->set];
	return (dd_rrset_t){ .owner = dd__z_name(c, c->nodes[jb->node].name), .type = first->type,
		             .rclass = 1, .ttl = first->ttl, .count = jb->setn, .rdata = rds };
}

static dd_rdata_t sig_rdata(const dd__zctx_t *c, uint32_t rec)
{
	const dd__zrec_t *sr = &c->recs[rec];
	return (dd_rdata_t){ .data = dd__z_rdata(c, sr), .len = sr->rdlen };
}

/* RFC 4034 6.3 order of canonical RDATA: octet by octet, a prefix first. */
static int canon_cmp(const void *a, const void *b)
{
	const dd_rdata_t *x = a, *y = b;
	size_t common = x->len < y->len ? x->len : y->len;
	int r = common ? memcmp(x->data, y->data, common) : 0;
	if (r == 0 && x->len != y->len) {
		r = x->len < y->len ? -1 : 1;
	}
	return r;
}

/* Put every RRset that has several records and several RRSIGs in canonical form and order once
 * (RFC 4034 6.2 lowercasing, 6.3 order and repeats dropped), so that each of its RRSIGs only
 * adds its own prefix, owner form (wildcard Labels) and Original TTL to it; an RRSIG whose
 * RRset is already canonical is not sorted again (dns/canon.c). Jobs are grouped by RRset. */
int dd__z_canon_sets(dd__zctx_t *c)
{
	size_t nrd = 0, octets = 0;
	for (size_t j = 0; j < c->njobs;) {
		size_t e = j + 1;
		while (e < c->njobs && c->jobs[e].set == c->jobs[j].set) {
			e++;
		}
		const dd__zjob_t *jb = &c->jobs[j];
		if (e - j >= 2 && jb->setn >= 2) {
			nrd += jb->setn;
			for (uint32_t i = 0; i < jb->setn; i++) {
				octets += c->recs[jb->set + i].rdlen;
			}
		}
		j = e;
	}
	for (size_t j = 0; j < c->njobs; j++) {
		c->jobs[j].canon = UINT32_MAX;
	}
	if (nrd == 0 || nrd >= UINT32_MAX) {
		return DD_OK;
	}
	c->canon_rd = malloc(nrd * sizeof(dd_rdata_t));
	c->canon_data = malloc(octets ? octets : 1);
	if (c->canon_rd == NULL || c->canon_data == NULL) {
		return DD_ENOMEM;
	}
	size_t at = 0, off = 0;
	for (size_t j = 0; j < c->njobs;) {
		size_t e = j + 1;
		while (e < c->njobs && c->jobs[e].set == c->jobs[j].set) {
			e++;
		}
		const dd__zjob_t *jb = &c->jobs[j];
		if (e - j < 2 || jb->setn < 2) {
			j = e;
			continue;
		}
		dd_rdata_t *rd = &c->canon_rd[at];
		bool ok = true;
		for (uint32_t i = 0; i < jb->setn && ok; i++) {
			const dd__zrec_t *r = &c->recs[jb->set + i];
			ok = dd_rdata_canonical(r->type, dd__z_rdata(c, r), r->rdlen,
			                        c->canon_data + off) == DD_OK;
			rd[i] = (dd_rdata_t){ .data = c->canon_data + off, .len = r->rdlen };
			off += r->rdlen;
		}
		if (!ok) {
			j = e;  /* malformed RDATA: each RRSIG finds it as before */
			continue;
		}
		qsort(rd, jb->setn, sizeof(*rd), canon_cmp);
		size_t w = 1;
		for (size_t i = 1; i < jb->setn; i++) {
			if (canon_cmp(&rd[w - 1], &rd[i]) != 0) {
				rd[w++] = rd[i];
			}
		}
		for (size_t g = j; g < e; g++) {
			c->jobs[g].canon = (uint32_t)at;
			c->jobs[g].canonn = (uint32_t)w;
		}
		at += jb->setn;
		j = e;
	}
	return DD_OK;
}

static void verify_one(dd__zctx_t *c, size_t j)
{
	const dd__zjob_t *jb = &c->jobs[j];
	if (jb->canon != UINT32_MAX) {
		dd_rrset_t set = job_set(c, jb, NULL);
		set.rdata = &c->canon_rd[jb->canon];
		set.count = jb->canonn;
		dd_rdata_t sig = sig_rdata(c, jb->sig);
		dd__vkeys_t keys = { .zone = c->apex, .keys = c->keys, .n = c->nkeys };
		if (dd__validate_sig(&set, &sig, &keys, &c->vo, NULL, &c->outs[j]) != DD_OK) {
			atomic_store(&c->worker_err, DD_ENOMEM);
		}
		atomic_fetch_add_explicit(&c->verifications, c->outs[j].tries,
		                          memory_order_relaxed);
		return;
	}
	dd_rdata_t small[64];
	dd_rdata_t *rds = jb->setn <= 64 ? small : malloc(jb->setn * sizeof(*rds));
	if (rds == NULL) {
		atomic_store(&c->worker_err, DD_ENOMEM);
		return;
	}
	dd_rrset_t set = job_set(c, jb, rds);
	dd_rdata_t sig = sig_rdata(c, jb->sig);
	dd__vkeys_t keys = { .zone = c->apex, .keys = c->keys, .n = c->nkeys };
	if (dd__validate_sig(&set, &sig, &keys, &c->vo, NULL, &c->outs[j]) != DD_OK) {
		atomic_store(&c->worker_err, DD_ENOMEM);
	}
	atomic_fetch_add_explicit(&c->verifications, c->outs[j].tries, memory_order_relaxed);
	if (rds != small) {
		free(rds);
	}
}

/* Take jobs until none is left; the calling thread reports progress. */
void dd__z_verify_loop(dd__zctx_t *c, bool report)
{
	for (;;) {
		size_t j = atomic_fetch_add_explicit(&c->next_job, 64, memory_order_relaxed);
		if (j >= c->njobs) {
			return;
		}
		size_t end = j + 64 < c->njobs ? j + 64 : c->njobs;
		for (; j < end; j++) {
			verify_one(c, j);
		}
		size_t done = atomic_fetch_add_explicit(&c->done_jobs, 64, memory_order_relaxed);
		if (report) {
			dd__z_progress(c, "verifying", c->njobs, done < c->njobs ? done : c->njobs, false);
		}
	}
}

void *dd__z_worker(void *arg)
{
	dd__z_verify_loop(arg, false);
	return NULL;
}

/* Whether RRsets of @p type at node @p n are authoritative data that must be signed. */
static bool needs_sig(const dd__znode_t *n, uint16_t type)
{
	if (n->flags & (NODE_NONAUTH | NODE_OUTSIDE)) {
		return false;
	}
	if (type == DD_TYPE_RRSIG) {
		return false;
	}
	if (n->flags & NODE_CUT) {
		return type == DD_TYPE_DS || type == DD_TYPE_NSEC;
	}
	return true;
}

/* Build the verification jobs; report signatures that should not exist, and RRsets that
 * should have some. */
int dd__z_build_jobs(dd__zctx_t *c)
{
	size_t nsig = 0;
	for (size_t i = 0; i < c->nrecs; i++) {
		nsig += c->recs[i].sig;
	}
	c->res->signatures = nsig;
	c->jobs = malloc((nsig ? nsig : 1) * sizeof(dd__zjob_t));
	c->outs = malloc((nsig ? nsig : 1) * sizeof(dd__sigout_t));
	if (c->jobs == NULL || c->outs == NULL) {
		return DD_ENOMEM;
	}
	char nb[1024], tb[24];
	for (size_t ni = 0; ni < c->nnodes; ni++) {
		const dd__znode_t *n = &c->nodes[ni];
		const uint8_t *owner = dd__z_node_name(c, n);
		uint32_t end = n->first + n->count;
		uint32_t r = n->first;
		while (r < end) {
			/* one type: the RRset [r, s) and its RRSIGs [s, e) */
			uint16_t key = c->recs[r].key;
			uint32_t s = r;
			while (s < end && c->recs[s].key == key && !c->recs[s].sig) {
				s++;
			}
			uint32_t e = s;
			while (e < end && c->recs[e].key == key && c->recs[e].sig) {
				e++;
			}
			if (e == r) {
				e = r + 1;  /* cannot happen: keeps the loop moving on bad data */
			}
			if (s > r) {
				c->res->rrsets++;
			}
			if (s > r && e == s && c->nkeys > 0 && needs_sig(n, key)) {
				dd_rrset_t set = { .owner = owner, .type = key, .rclass = 1,
					           .ttl = c->recs[r].ttl, .count = s - r };
				dd__rrsetv_t rv = { .v = DD_SIGV_NONE, .best = -1, .nrecords = s - r };
				dd__vkeys_t vk = { .zone = c->apex, .keys = c->keys, .n = c->nkeys };
				dd__validate_rrset_report(&set, NULL, NULL, &rv, &vk, &c->vo, NULL, &c->sink);
			}
			if (e > s) {
				dd__type_text(key, tb);
				if (n->flags & NODE_OUTSIDE) {
					/* reported once per name as OUT_OF_ZONE */
				} else if (!needs_sig(n, key) && s > r) {
					dd__z_find(c, "RRSIG_NON_AUTHORITATIVE", owner, key, 0, 0, 0,
					      "%s %s is %s and must not be signed (RFC 4035 2.2), yet has %u "
					      "RRSIG(s)", dd__z_ntext(owner, nb, sizeof(nb)), tb,
					      (n->flags & NODE_NONAUTH) ? "glue or occluded data" :
					      (key == DD_TYPE_NS ? "a delegation NS RRset" :
					       "glue at a delegation"), e - s);
				} else if (key == DD_TYPE_RRSIG) {
					dd__z_find(c, "RRSIG_INVALID", owner, key, 0, 0, 0,
					      "%s has an RRSIG covering type RRSIG: RRSIGs are never signed "
					      "(RFC 4035 2.2)", dd__z_ntext(owner, nb, sizeof(nb)));
				} else if (s == r) {
					dd__z_find(c, "RRSIG_ORPHAN", owner, key, 0, 0, 0,
					      "%s has %u RRSIG(s) covering %s but no %s RRset",
					      dd__z_ntext(owner, nb, sizeof(nb)), e - s, tb, tb);
				} else {
					for (uint32_t g = s; g < e; g++) {
						c->jobs[c->njobs++] = (dd__zjob_t){ .sig = g, .set = r, .setn = s - r,
							                       .node = (uint32_t)ni,
							                       .canon = UINT32_MAX };
					}
				}
			}
			r = e;
		}
	}

	return DD_OK;
}

/* ---- results -------------------------------------------------------------------------------- */

static void add_expiry(dd__zctx_t *c, uint16_t type, int64_t when, const uint8_t *owner)
{
	dd_zone_check_t *res = c->res;
	dd_zone_expiry_t *e = NULL;
	for (size_t i = 0; i < res->nexpiry; i++) {
		if (res->expiry[i].type == type) {
			e = &res->expiry[i];
			break;
		}
	}
	if (e == NULL) {
		dd_zone_expiry_t *n = realloc(res->expiry, (res->nexpiry + 1) * sizeof(*n));
		if (n == NULL) {
			c->err = DD_ENOMEM;
			return;
		}
		res->expiry = n;
		e = &res->expiry[res->nexpiry++];
		memset(e, 0, sizeof(*e));
		e->type = type;
		e->expiration = INT64_MAX;
	}
	e->rrsets++;
	if (when < e->expiration) {
		e->expiration = when;
		dd_name_to_lower(e->owner, owner);
	}
	if (res->earliest_expiration == 0 || when < res->earliest_expiration) {
		res->earliest_expiration = when;
		dd_name_to_lower(res->earliest_owner, owner);
		res->earliest_type = type;
	}
}


/* The DNSKEY RRset's jobs (first and end), or first == end when it has none. */
static void dnskey_jobs(const dd__zctx_t *c, size_t *first, size_t *end)
{
	*first = *end = 0;
	for (size_t j = 0; j < c->njobs; j++) {
		const dd__zjob_t *jb = &c->jobs[j];
		if (jb->node == (uint32_t)c->apex_node && c->recs[jb->set].type == DD_TYPE_DNSKEY) {
			if (*end == 0) {
				*first = j;
			}
			*end = j + 1;
		}
	}
}

/* The DNSKEY RRset's RRSIGs as RDATA (NULL on failure; free()). */
static dd_rdata_t *dnskey_sigs(dd__zctx_t *c, size_t first, size_t end)
{
	dd_rdata_t *sigs = calloc(end > first ? end - first : 1, sizeof(*sigs));
	if (sigs == NULL) {
		c->err = DD_ENOMEM;
		return NULL;
	}
	for (size_t j = first; j < end; j++) {
		sigs[j - first] = sig_rdata(c, c->jobs[j].sig);
	}
	return sigs;
}

/* The algorithms that sign the DNSKEY RRset (RFC 4035 2.2) and their stand-by keys. */
static void active_algorithms(dd__zctx_t *c)
{
	size_t first, end;
	dnskey_jobs(c, &first, &end);
	dd_rdata_t *sigs = dnskey_sigs(c, first, end);
	if (sigs == NULL) {
		return;
	}
	dd__validate_active_algs(sigs, &c->outs[first], end - first, c->alg_active);
	free(sigs);
	dd__vkeys_t vk = { .zone = c->apex, .keys = c->keys, .n = c->nkeys };
	dd__validate_algorithms(&vk, c->alg_active, &c->sink);
}

/* One RRset's verdict from its jobs [j, e), its findings, key usage and expiry. */
static void rrset_result(dd__zctx_t *c, size_t j, size_t e, dd_rdata_t *sigs)
{
	const dd__zjob_t *jb = &c->jobs[j];
	dd_rrset_t set = job_set(c, jb, NULL);
	for (size_t g = j; g < e; g++) {
		sigs[g - j] = sig_rdata(c, c->jobs[g].sig);
		const dd__sigout_t *o = &c->outs[g];
		if (o->key < c->nkeys && dd__sigv_usable(o->v)) {
			c->res->keys[o->key].signatures++;
			if (set.type == DD_TYPE_DNSKEY && o->v == DD_SIGV_OK) {
				c->res->keys[o->key].signs_dnskey = true;
			}
		}
	}
	dd__rrsetv_t rv;
	dd__validate_rrset_merge(&set, sigs, &c->outs[j], e - j, &c->vo, &rv);
	dd__vkeys_t vk = { .zone = c->apex, .keys = c->keys, .n = c->nkeys };
	dd__validate_rrset_report(&set, sigs, &c->outs[j], &rv, &vk, &c->vo, c->alg_active,
	                          &c->sink);
	if (rv.v == DD_SIGV_OK) {
		add_expiry(c, set.type, rv.expires, set.owner);
	}
}

/* Per RRset: a usable signature of every algorithm; expiry; key usage. */
void dd__z_aggregate(dd__zctx_t *c)
{
	active_algorithms(c);
	size_t cap = 64;
	dd_rdata_t *sigs = malloc(cap * sizeof(*sigs));
	if (sigs == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	/* RRsets with RRSIGs: jobs are grouped by RRset, in store order */
	for (size_t j = 0; j < c->njobs;) {
		size_t e = j + 1;
		while (e < c->njobs && c->jobs[e].set == c->jobs[j].set) {
			e++;
		}
		if (e - j > cap) {
			dd_rdata_t *n = realloc(sigs, (e - j) * sizeof(*n));
			if (n == NULL) {
				c->err = DD_ENOMEM;
				break;
			}
			sigs = n;
			cap = e - j;
		}
		rrset_result(c, j, e, sigs);
		j = e;
	}
	free(sigs);
}

/* The given DS records (the parent's, or the registrar's) against the apex keys. */
static void ds_checks(dd__zctx_t *c, size_t first, size_t end)
{
	size_t nds = c->o->nds;
	dd_ds_t *ds = calloc(nds, sizeof(*ds));
	dd_ds_state_t *state = calloc(nds, sizeof(*state));
	bool *matched = calloc(c->nkeys ? c->nkeys : 1, sizeof(*matched));
	if (ds == NULL || state == NULL || matched == NULL) {
		c->err = DD_ENOMEM;
		goto out;
	}
	char nb[1024];
	const dd__znode_t *apex = &c->nodes[c->apex_node];
	dd_rdata_t cdsbuf[16], cdnskeybuf[16];
	dd__vrdset_t keys = { .owner = c->apex, .rd = c->keyrd, .n = c->nkeys };
	dd__vrdset_t cds = dd__z_rdset(c, apex, DD_TYPE_CDS, cdsbuf, 16);
	dd__vrdset_t cdnskey = dd__z_rdset(c, apex, DD_TYPE_CDNSKEY, cdnskeybuf, 16);
	size_t n = 0;
	for (size_t d = 0; d < nds; d++) {
		const dd_rr_t *rr = &c->o->ds[d];
		dd_ds_t one;
		if (dd_ds_parse(rr->rdata.data, rr->rdata.len, &one) != DD_OK) {
			dd__z_find(c, "DS_NO_MATCHING_DNSKEY", c->apex, DD_TYPE_DS, 0, 0, 0,
			           "a given DS record is malformed");
			continue;
		}
		if (!dd_name_equal(rr->owner, c->apex)) {
			dd__z_find(c, "DS_NO_MATCHING_DNSKEY", c->apex, DD_TYPE_DS, one.key_tag,
			           one.algorithm, 0, "DS %u is for %s, not for this zone", one.key_tag,
			           dd__z_ntext(rr->owner, nb, sizeof(nb)));
			continue;
		}
		ds[n] = one;
		state[n] = dd__validate_ds_class(&one, &keys, &cds, &cdnskey, matched);
		n++;
	}
	/* the best outcome of the DNSKEY RRset's RRSIGs by a key some DS matches */
	dd__sigv_t by_ds = DD_SIGV_NONE;
	for (size_t j = first; j < end; j++) {
		const dd__sigout_t *o = &c->outs[j];
		if (o->key < c->nkeys && matched[o->key] && o->v < by_ds) {
			by_ds = o->v;
		}
	}
	for (size_t k = 0; k < c->nkeys; k++) {
		c->res->keys[k].ds_matched = matched[k];
	}
	dd__dslink_t link = { .zone = c->apex, .ds = ds, .state = state, .nds = n,
		              .has_dnskey = c->nkeys > 0, .served_unsigned = c->nkeys == 0,
		              .ds_key_sig = by_ds };
	dd__validate_ds_report(&link, &c->sink);
	dd__validate_ds_set(c->apex, ds, n, &c->sink);
out:
	free(ds);
	free(state);
	free(matched);
}

/* ZSKs published that sign the apex SOA beside one of their algorithm that does: the core's
 * ZSK_STANDBY, with the same rule diagnose applies over its servers (a key signs when one of
 * its RRSIGs over the SOA RRset is valid); the zone's largest TTL is known here. */
static void standby_zsks(dd__zctx_t *c)
{
	bool signs[DD__Z_KEYS_MAX] = { false };
	uint32_t ttl_dnskey = 0, ttl_max = 0;
	for (size_t j = 0; j < c->njobs; j++) {
		const dd__zjob_t *jb = &c->jobs[j];
		const dd__sigout_t *o = &c->outs[j];
		if (jb->node == (uint32_t)c->apex_node && c->recs[jb->set].type == DD_TYPE_SOA &&
		    o->v == DD_SIGV_OK && o->key < c->nkeys) {
			signs[o->key] = true;
		}
	}
	for (size_t r = 0; r < c->nrecs; r++) {
		ttl_max = c->recs[r].ttl > ttl_max ? c->recs[r].ttl : ttl_max;
	}
	const dd__znode_t *n = &c->nodes[c->apex_node];
	for (uint32_t r = n->first; r < n->first + n->count && ttl_dnskey == 0; r++) {
		ttl_dnskey = c->recs[r].type == DD_TYPE_DNSKEY ? c->recs[r].ttl : 0;
	}
	dd__vkeys_t vk = { .zone = c->apex, .keys = c->keys, .n = c->nkeys };
	dd__validate_standby_zsk(&vk, signs, ttl_dnskey, ttl_max, &c->sink);
}

/* The DNSKEY RRset is signed by a SEP key of each algorithm; given DS records match. */
void dd__z_key_checks(dd__zctx_t *c)
{
	size_t first, end;
	dd_rdata_t *sigs = NULL;
	if (c->apex_node >= 0) {
		dnskey_jobs(c, &first, &end);
		sigs = dnskey_sigs(c, first, end);
		if (sigs == NULL) {
			return;
		}
		if (c->nkeys > 0) {
			dd__vkeys_t vk = { .zone = c->apex, .keys = c->keys, .n = c->nkeys };
			dd__validate_sep(&vk, sigs, &c->outs[first], end - first, c->alg_active, &c->sink);
			standby_zsks(c);
		}
	} else {
		first = end = 0;
	}
	if (c->o->nds > 0 && (c->apex_node >= 0 || c->nkeys == 0)) {
		if (c->apex_node < 0) {
			/* no apex at all: the DS given vouch for keys the zone does not have */
			dd__dslink_t link = { .zone = c->apex, .nds = c->o->nds, .has_dnskey = false,
				              .served_unsigned = true };
			dd_ds_t one;
			if (dd_ds_parse(c->o->ds[0].rdata.data, c->o->ds[0].rdata.len, &one) == DD_OK) {
				link.ds = &one;
				dd__validate_ds_report(&link, &c->sink);
			}
		} else {
			ds_checks(c, first, end);
		}
	}
	free(sigs);
}

void dd__z_expiring(dd__zctx_t *c)
{
	dd_zone_check_t *res = c->res;
	char wb[32], db[48], nb[1024], tb[24];
	for (size_t i = 0; i < res->nexpiry; i++) {
		const dd_zone_expiry_t *e = &res->expiry[i];
		int64_t left = e->expiration - c->o->at;
		if (left >= c->o->expire_warn) {
			continue;
		}
		dd__time_text(e->expiration, wb);
		dd__duration_text(left, db);
		dd__type_text(e->type, tb);
		dd__z_find(c, "RRSIG_EXPIRING", e->owner, e->type, 0, 0, e->expiration,
		      "the last valid RRSIG of %s %s expires at %s, in %s: re-sign the zone and "
		      "publish it on every server before then", dd__z_ntext(e->owner, nb, sizeof(nb)), tb,
		      wb, db);
	}
}
