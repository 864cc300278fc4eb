/* SPDX-License-Identifier: MIT
 * judge.c - preflight's transition judge: every combination of cached DS set, DNSKEY RRset and
 * signed data a validator may hold during a change, judged by the validation core (validate/:
 * the DS -> DNSKEY link as diagnose judges it, each RRset's signatures), and the search for a
 * sequence of intermediate states (DS sets old, new, both, none; zone old, new) that makes the
 * change safe (RFC 4035 5; RFC 6781 4.1; RFC 7583 3). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/finding.h"
#include "dd/key.h"
#include "dd/name.h"
#include "dd/text.h"
#include "preflight/pf.h"
#include "preflight/plan.h"
#include "validate/validate.h"

#define KEYS_MAX 64
#define DS_MAX 64
#define SIGS_MAX 64

/* The DNSKEYs of a side, loaded once. */
typedef struct keyset {
	dd__vkey_t k[KEYS_MAX];
	dd_rdata_t rd[KEYS_MAX];
	size_t n;
} keyset_t;

/* The first error finding the core states (its code and sentence). */
typedef struct grab {
	const char *code;
	char detail[320];
} grab_t;

static void grab_emit(void *ctx, const dd__vfind_t *f)
{
	grab_t *g = ctx;
	if (g->code == NULL && f->severity == DD_SEV_ERROR) {
		g->code = f->code;
		snprintf(g->detail, sizeof(g->detail), "%s", f->detail);
	}
}

static void load_keys(const dd_preflight_side_t *s, keyset_t *ks)
{
	ks->n = 0;
	if (s->dnskey < 0) {
		return;
	}
	const dd__pfset_t *p = &s->sets[s->dnskey];
	for (size_t i = 0; i < p->set.count && ks->n < KEYS_MAX; i++) {
		const dd_rdata_t *rd = &p->set.rdata[i];
		dd__vkey_t *k = &ks->k[ks->n];
		ks->rd[ks->n] = *rd;
		k->key = NULL;
		k->tag = dd_keytag(rd->data, rd->len);
		k->alg = rd->len >= 4 ? rd->data[3] : 0;
		k->flags = rd->len >= 2 ? (uint16_t)(rd->data[0] << 8 | rd->data[1]) : 0;
		if (dd_key_new(s->apex, rd->data, rd->len, &k->key) != DD_OK) {
			k->key = NULL;
		}
		ks->n++;
	}
}

static void free_keys(keyset_t *ks)
{
	for (size_t i = 0; i < ks->n; i++) {
		dd_key_free(ks->k[i].key);
	}
	ks->n = 0;
}

/* Does DS set @p ds authenticate the DNSKEY RRset of @p s (RFC 4035 5.2)? */
static bool judge_link(const dd_ds_t *ds, size_t nds, const dd_preflight_side_t *s,
                       const keyset_t *ks, const dd__vopts_t *o, grab_t *g)
{
	if (nds == 0) {
		return true; /* no DS: the zone is insecure, nothing to validate */
	}
	dd__vsink_t sink = { .emit = grab_emit, .ctx = g };
	dd_ds_state_t state[DS_MAX];
	bool allowed[KEYS_MAX] = { false };
	dd__vrdset_t keys = { .owner = s->apex, .rd = ks->rd, .n = ks->n };
	dd__vrdset_t none = { .owner = s->apex, .rd = NULL, .n = 0 };
	dd__dslink_t link = { .zone = s->apex, .ds = ds, .state = state, .nds = nds,
		              .has_dnskey = s->is_signed, .served_unsigned = !s->is_signed,
		              .ds_key_sig = DD_SIGV_NONE };
	bool usable = false, any = false;
	for (size_t d = 0; d < nds; d++) {
		state[d] = s->is_signed ? dd__validate_ds_class(&ds[d], &keys, &none, &none, allowed)
		                        : DD_DS_STATE_NO_SUCH_KEY;
		usable = usable || state[d] != DD_DS_STATE_UNSUPPORTED;
	}
	if (!usable) {
		return true; /* only algorithms validators skip: treated as insecure */
	}
	for (size_t k = 0; k < ks->n; k++) {
		any = any || allowed[k];
	}
	if (!s->is_signed || !any) {
		dd__validate_ds_report(&link, &sink);
		if (g->code == NULL) {
			g->code = "DS_NO_MATCHING_DNSKEY";
			snprintf(g->detail, sizeof(g->detail), "no DS matches a DNSKEY");
		}
		return false;
	}
	const dd__pfset_t *p = &s->sets[s->dnskey];
	dd__vkeys_t vk = { .zone = s->apex, .keys = ks->k, .n = ks->n, .allowed = allowed };
	dd__sigout_t outs[SIGS_MAX];
	dd__rrsetv_t rv;
	size_t ns = p->nsigs < SIGS_MAX ? p->nsigs : SIGS_MAX;
	if (dd__validate_rrset(&p->set, p->sigs, ns, p->nsigs, p->set.count, &vk, o, NULL, outs,
	                       &rv) != DD_OK) {
		g->code = "WORK_LIMIT_EXCEEDED";
		snprintf(g->detail, sizeof(g->detail), "out of memory while verifying");
		return false;
	}
	if (rv.v == DD_SIGV_OK) {
		return true;
	}
	link.ds_key_sig = rv.v;
	dd__validate_ds_report(&link, &sink);
	if (g->code == NULL) {
		g->code = dd__sigv_code(rv.v) ? dd__sigv_code(rv.v) : "DNSKEY_NOT_SIGNED_BY_DS_KEY";
		snprintf(g->detail, sizeof(g->detail), "the DNSKEY RRset's signatures: %s",
		         dd__sigv_name(rv.v));
	}
	return false;
}

/* Does every data RRset of @p data validate with the DNSKEY RRset of @p keyside? */
static bool judge_data(const dd_preflight_side_t *keyside, const keyset_t *ks,
                       const dd_preflight_side_t *data, const dd__vopts_t *o, grab_t *g)
{
	dd__vkeys_t vk = { .zone = keyside->apex, .keys = ks->k, .n = ks->n };
	for (size_t i = 0; i < data->nsets; i++) {
		const dd__pfset_t *p = &data->sets[i];
		if ((long)i == data->dnskey) {
			continue; /* the DNSKEY RRset is the key side's */
		}
		dd__sigout_t outs[SIGS_MAX];
		dd__rrsetv_t rv;
		size_t ns = p->nsigs < SIGS_MAX ? p->nsigs : SIGS_MAX;
		if (dd__validate_rrset(&p->set, p->sigs, ns, p->nsigs, p->set.count, &vk, o, NULL,
		                       outs, &rv) != DD_OK) {
			return false;
		}
		if (rv.v == DD_SIGV_OK || rv.v == DD_SIGV_UNSUPPORTED) {
			continue;
		}
		char on[1024], ty[16];
		dd_name_to_str(p->set.owner, on, sizeof(on));
		dd_type_to_str(p->set.type, ty, sizeof(ty));
		const char *code = dd__sigv_code(rv.v);
		g->code = code != NULL ? code : "RRSIG_MISSING";
		if (rv.best >= 0) {
			dd_rrsig_t sig;
			if (dd_rrsig_parse(p->sigs[rv.best].data, p->sigs[rv.best].len, &sig) == DD_OK) {
				snprintf(g->detail, sizeof(g->detail),
				         "%s %s: its RRSIG by key %u (algorithm %u) is %s", on, ty,
				         sig.key_tag, sig.algorithm, dd__sigv_name(rv.v));
				return false;
			}
		}
		snprintf(g->detail, sizeof(g->detail), "%s %s: %s", on, ty, dd__sigv_name(rv.v));
		return false;
	}
	return true;
}

/* ---- the states ------------------------------------------------------------------------------ */

/* A DS set as parsed (views into the caller's records). */
typedef struct dsv {
	dd_ds_t ds[DS_MAX];
	const dd_rr_t *rr[DS_MAX];
	size_t n;
	uint32_t ttl;
} dsv_t;

static int parse_ds(const dd_preflight_ds_t *in, dsv_t *out)
{
	out->n = 0;
	out->ttl = in->ttl;
	for (size_t i = 0; i < in->n; i++) {
		if (out->n == DS_MAX || dd_ds_parse(in->ds[i].rdata.data, in->ds[i].rdata.len,
		                                    &out->ds[out->n]) != DD_OK) {
			return DD_EINVAL;
		}
		if (out->ttl == 0) {
			out->ttl = in->ds[i].ttl;
		}
		out->rr[out->n++] = &in->ds[i];
	}
	return DD_OK;
}

static bool rd_in(const dd_rr_t *r, const dsv_t *set)
{
	for (size_t i = 0; i < set->n; i++) {
		if (set->rr[i]->rdata.len == r->rdata.len &&
		    memcmp(set->rr[i]->rdata.data, r->rdata.data, r->rdata.len) == 0) {
			return true;
		}
	}
	return false;
}

static bool ds_same(const dsv_t *a, const dsv_t *b)
{
	if (a->n != b->n) {
		return false;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (!rd_in(a->rr[i], b)) {
			return false;
		}
	}
	return true;
}

/* The judge's context: 4 DS sets (old, new, both, none) x 2 zones. */
typedef struct jctx {
	dsv_t ds[DD__PF_DS_COUNT];
	const dd_preflight_side_t *z[2];
	keyset_t ks[2];
	dd__vopts_t vo;
	int link[DD__PF_DS_COUNT][2];     /* -1 not judged, 0 fails, 1 validates */
	grab_t linkg[DD__PF_DS_COUNT][2];
	int data[2][2];                   /* [key side][data side] */
	grab_t datag[2][2];
} jctx_t;

static bool link_ok(jctx_t *c, int d, int z, grab_t **g)
{
	if (c->link[d][z] < 0) {
		c->link[d][z] = judge_link(c->ds[d].ds, c->ds[d].n, c->z[z], &c->ks[z], &c->vo,
		                           &c->linkg[d][z]);
	}
	*g = &c->linkg[d][z];
	return c->link[d][z] == 1;
}

static bool data_ok(jctx_t *c, int k, int s, grab_t **g)
{
	if (c->data[k][s] < 0) {
		c->data[k][s] = judge_data(c->z[k], &c->ks[k], c->z[s], &c->vo, &c->datag[k][s]);
	}
	*g = &c->datag[k][s];
	return c->data[k][s] == 1;
}

/* One combination: DS set @p d, DNSKEY RRset of zone @p k, data of zone @p s. */
static bool combo_ok(jctx_t *c, int d, int k, int s, grab_t **g)
{
	if (c->ds[d].n == 0) {
		return true;
	}
	if (!link_ok(c, d, k, g)) {
		return false;
	}
	if (!c->z[k]->is_signed) {
		return true;
	}
	return data_ok(c, k, s, g);
}

static bool dnskey_same(const dd_preflight_side_t *a, const dd_preflight_side_t *b)
{
	if (a == b) {
		return true;
	}
	if (a->dnskey < 0 || b->dnskey < 0) {
		return a->dnskey < 0 && b->dnskey < 0;
	}
	const dd_rrset_t *x = &a->sets[a->dnskey].set, *y = &b->sets[b->dnskey].set;
	if (x->count != y->count) {
		return false;
	}
	for (size_t i = 0; i < x->count; i++) {
		bool found = false;
		for (size_t j = 0; j < y->count && !found; j++) {
			found = x->rdata[i].len == y->rdata[j].len &&
			        memcmp(x->rdata[i].data, y->rdata[j].data, x->rdata[i].len) == 0;
		}
		if (!found) {
			return false;
		}
	}
	return true;
}

/* Every combination of the transition a -> b; failures into @p out (when not NULL). */
static size_t transition(jctx_t *c, dd__pfstate_t a, dd__pfstate_t b, dd_preflight_t *out)
{
	size_t failed = 0;
	bool dsdiff = !ds_same(&c->ds[a.ds], &c->ds[b.ds]);
	bool kdiff = !dnskey_same(c->z[a.zone], c->z[b.zone]);
	bool zdiff = c->z[a.zone] != c->z[b.zone];
	for (int nd = 0; nd <= (dsdiff ? 1 : 0); nd++) {
		for (int nk = 0; nk <= (kdiff ? 1 : 0); nk++) {
			for (int ns = 0; ns <= (zdiff ? 1 : 0); ns++) {
				int d = nd ? b.ds : a.ds;
				int k = nk ? b.zone : a.zone;
				int s = ns ? b.zone : a.zone;
				if (!kdiff && zdiff) {
					k = s; /* same keys: the DNSKEY RRset comes with the zone */
				}
				grab_t *g = NULL;
				bool ok = combo_ok(c, d, k, s, &g);
				failed += !ok;
				if (out == NULL || out->ncombos == 8) {
					continue;
				}
				dd_preflight_combo_t *cb = &out->combos[out->ncombos++];
				*cb = (dd_preflight_combo_t){ .new_ds = nd, .new_dnskey = kdiff ? nk : ns,
					                      .new_data = ns, .ok = ok };
				if (!ok) {
					cb->code = g->code;
					snprintf(cb->detail, sizeof(cb->detail), "%s", g->detail);
				}
			}
		}
	}
	return failed;
}

int dd_preflight_check(const dd_preflight_ds_t *cur_ds, const dd_preflight_side_t *cur,
                       const dd_preflight_ds_t *new_ds, const dd_preflight_side_t *next,
                       int64_t at, const dd_preflight_timing_t *timing, dd_preflight_t *out)
{
	if (next != NULL && !dd_name_equal(cur->apex, next->apex)) {
		return DD_EINVAL;
	}
	jctx_t *c = calloc(1, sizeof(*c));
	if (c == NULL) {
		return DD_ENOMEM;
	}
	int r = parse_ds(cur_ds, &c->ds[DD__PF_DS_OLD]);
	if (r == DD_OK) {
		r = parse_ds(new_ds != NULL ? new_ds : cur_ds, &c->ds[DD__PF_DS_NEW]);
	}
	if (r != DD_OK) {
		free(c);
		return r;
	}
	dsv_t *u = &c->ds[DD__PF_DS_BOTH];
	*u = c->ds[DD__PF_DS_OLD];
	for (size_t i = 0; i < c->ds[DD__PF_DS_NEW].n && u->n < DS_MAX; i++) {
		if (!rd_in(c->ds[DD__PF_DS_NEW].rr[i], u)) {
			u->ds[u->n] = c->ds[DD__PF_DS_NEW].ds[i];
			u->rr[u->n++] = c->ds[DD__PF_DS_NEW].rr[i];
		}
	}
	c->ds[DD__PF_DS_NONE] = (dsv_t){ .ttl = c->ds[DD__PF_DS_OLD].ttl };
	c->z[0] = cur;
	c->z[1] = next != NULL ? next : cur;
	load_keys(c->z[0], &c->ks[0]);
	load_keys(c->z[1], &c->ks[1]);
	c->vo = (dd__vopts_t){ .at = at, .lim = dd_limits_default(), .exact_labels = true };
	memset(c->link, 0xff, sizeof(c->link));
	memset(c->data, 0xff, sizeof(c->data));

	dd_preflight_t res = { .at = at };
	dd__pf_plan_init(&res, timing, c->ds[DD__PF_DS_OLD].ttl, cur, next);
	dd__pfstate_t from = { DD__PF_DS_OLD, 0 }, to = { DD__PF_DS_NEW, 1 };
	res.nfailed = transition(c, from, to, &res);
	res.kind = dd__pf_kind(cur, c->z[1], !ds_same(&c->ds[DD__PF_DS_OLD], &c->ds[DD__PF_DS_NEW]),
	                       c->ds[DD__PF_DS_NEW].n);
	if (res.nfailed == 0) {
		res.verdict = DD_PREFLIGHT_SAFE;
		res.safe_at = at;
		dd__pf_steps_direct(&res);
	} else {
		/* the procedures whose every step the validator passes; the earliest wins */
		dd__pfproc_t procs[DD__PF_PROCS];
		size_t np = dd__pf_procedures(procs, DD__PF_PROCS);
		int best = -1;
		int64_t best_at = 0;
		for (size_t p = 0; p < np; p++) {
			/* going insecure on the way is the last resort: a provider move's */
			if (procs[p].st[1].ds == DD__PF_DS_NONE && res.kind != DD_PREFLIGHT_PROVIDER_MOVE &&
			    c->ds[DD__PF_DS_NEW].n > 0) {
				continue;
			}
			bool ok = true;
			for (size_t i = 0; i + 1 < procs[p].n && ok; i++) {
				ok = transition(c, procs[p].st[i], procs[p].st[i + 1], NULL) == 0;
			}
			for (size_t i = 0; i + 1 < procs[p].n; i++) {
				const dd__pfstate_t *x = &procs[p].st[i], *y = &procs[p].st[i + 1];
				procs[p].ds_changes[i + 1] = !ds_same(&c->ds[x->ds], &c->ds[y->ds]);
				procs[p].zone_changes[i + 1] = x->zone != y->zone;
			}
			int64_t t = ok ? dd__pf_proc_time(&res, &procs[p]) : 0;
			if (ok && (best < 0 || t < best_at)) {
				best = (int)p;
				best_at = t;
			}
		}
		grab_t *g = NULL;
		bool end_ok = combo_ok(c, DD__PF_DS_NEW, 1, 1, &g);
		grab_t *ge = g;
		if (best >= 0) {
			res.verdict = DD_PREFLIGHT_SAFE_AFTER;
			dd__pf_steps_proc(&res, &procs[best]);
		} else if (!combo_ok(c, DD__PF_DS_OLD, 0, 0, &g)) {
			res.verdict = DD_PREFLIGHT_UNSAFE;
			snprintf(res.reason, sizeof(res.reason),
			         "the current state already fails validation: %s (%s)", g->detail,
			         g->code);
		} else if (!end_ok) {
			res.verdict = DD_PREFLIGHT_UNSAFE;
			snprintf(res.reason, sizeof(res.reason),
			         "the proposed state itself does not validate: %s (%s)", ge->detail,
			         ge->code);
			dd__pf_steps_kind(&res);
		} else {
			/* needs an intermediate zone the operator signs: the RFC 6781 procedure */
			dd__pf_steps_kind(&res);
			res.verdict = res.nsteps > 1 ? DD_PREFLIGHT_SAFE_AFTER : DD_PREFLIGHT_UNSAFE;
			if (res.verdict == DD_PREFLIGHT_UNSAFE) {
				snprintf(res.reason, sizeof(res.reason),
				         "no sequence of DS sets and of these two zones avoids the failing "
				         "combinations");
			}
		}
	}
	if (res.verdict != DD_PREFLIGHT_SAFE) {
		res.code = dd_finding_info_id(res.verdict == DD_PREFLIGHT_UNSAFE
		                                      ? DD_CODE_TRANSITION_UNSAFE
		                                      : DD_CODE_TRANSITION_NOT_YET_SAFE)->code;
	}
	free_keys(&c->ks[0]);
	free_keys(&c->ks[1]);
	free(c);
	*out = res;
	return DD_OK;
}
