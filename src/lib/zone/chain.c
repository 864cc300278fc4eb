/* SPDX-License-Identifier: MIT
 * chain.c - check-zone's denial of existence: the NSEC chain walked in canonical order
 * (RFC 4035 2.3, RFC 4034 4) or the NSEC3 chain in hash order with every name and empty
 * non-terminal hashed and Opt-Out spans tracked (RFC 5155 7.1), the NSEC3PARAM against the
 * chain and RFC 9276; bitmaps and parameters judged by the validation core. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/name.h"
#include "dd/nsec3.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "zone/zctx.h"

static int u16cmp(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
	return x < y ? -1 : (x > y);
}

/* Types a denial record at node @p n must list (NSEC when @p nsec, else NSEC3). */
static size_t expected_types(const dd__zctx_t *c, const dd__znode_t *n, bool nsec, uint16_t *out,
                             size_t cap)
{
	size_t k = 0;
	bool rrsig = false;
	if (n == NULL) {
		return 0;  /* empty non-terminal */
	}
	for (uint32_t r = n->first; r < n->first + n->count && k < cap; r++) {
		const dd__zrec_t *rc = &c->recs[r];
		uint16_t t = rc->type;
		if (t == DD_TYPE_NSEC3 || (rc->sig && rc->key == DD_TYPE_NSEC3)) {
			continue;
		}
		if (n->flags & NODE_CUT) {
			uint16_t cov = rc->key;
			if (cov != DD_TYPE_NS && cov != DD_TYPE_DS && cov != DD_TYPE_NSEC) {
				continue;  /* glue at the cut */
			}
			if (rc->sig && cov == DD_TYPE_NS) {
				continue;  /* non-authoritative signature, reported elsewhere */
			}
		}
		if (!nsec && t == DD_TYPE_NSEC) {
			continue;
		}
		if (rc->sig) {
			rrsig = true;
			continue;
		}
		if (k == 0 || out[k - 1] != t) {
			out[k++] = t;
		}
	}
	if (rrsig && k < cap) {
		out[k++] = DD_TYPE_RRSIG;
	}
	if (k > 1) {
		qsort(out, k, sizeof(*out), u16cmp);
	}
	size_t u = 0;
	for (size_t i = 0; i < k; i++) {
		if (u == 0 || out[u - 1] != out[i]) {
			out[u++] = out[i];
		}
	}
	return u;
}
/* Compare a bitmap with the types at a name: NSEC_BITMAP_WRONG from the core. */
static void check_bitmap(dd__zctx_t *c, const uint8_t *owner, uint16_t rtype, const uint8_t *bm,
                         size_t bmlen, const dd__znode_t *n, const uint8_t *for_name)
{
	uint16_t want[512];
	size_t nw = expected_types(c, n, rtype == DD_TYPE_NSEC, want, 512);
	dd__validate_bitmap(rtype, owner, for_name, bm, bmlen, want, nw, &c->sink);
}

/* ---- NSEC chain (RFC 4035 2.3, RFC 4034 4) ------------------------------------------------- */

/* Whether node @p n must own an NSEC record. */
static bool nsec_needed(const dd__znode_t *n)
{
	return !(n->flags & (NODE_NONAUTH | NODE_OUTSIDE)) &&
	       (n->flags & (NODE_DATA | NODE_APEX | NODE_CUT));
}

/* The NSEC records at node @p p must point to @p want (the next name, or the apex when
 * @p closing); report NSEC_CHAIN_BROKEN otherwise. */
static void nsec_link(dd__zctx_t *c, const dd__znode_t *p, const uint8_t *want, bool closing)
{
	char nb[1024], xb[1024], wb[1024];
	const uint8_t *pn = dd__z_node_name(c, p);
	for (uint32_t r = p->first; r < p->first + p->count; r++) {
		const dd__zrec_t *rc = &c->recs[r];
		dd_nsec_t ns;
		if (rc->type != DD_TYPE_NSEC ||
		    dd_nsec_parse(dd__z_rdata(c, rc), rc->rdlen, &ns) != DD_OK ||
		    dd_name_equal(ns.next, want)) {
			continue;
		}
		dd__z_ntext(pn, nb, sizeof(nb));
		dd__z_ntext(ns.next, xb, sizeof(xb));
		dd__z_ntext(want, wb, sizeof(wb));
		if (closing) {
			dd__z_find(c, "NSEC_CHAIN_BROKEN", pn, DD_TYPE_NSEC, 0, 0, 0, "the last NSEC, at %s, "
			      "points to %s instead of closing the chain at the apex %s", nb, xb, wb);
		} else {
			dd__z_find(c, "NSEC_CHAIN_BROKEN", pn, DD_TYPE_NSEC, 0, 0, 0, "NSEC at %s points to "
			      "%s; the next name of the zone is %s", nb, xb, wb);
		}
	}
}

static void check_nsec(dd__zctx_t *c)
{
	char nb[1024];
	long prev = -1;
	for (size_t i = 0; i < c->nnodes; i++) {
		const dd__znode_t *n = &c->nodes[i];
		const uint8_t *owner = dd__z_node_name(c, n);
		size_t cnt = dd__z_node_count(c, n, DD_TYPE_NSEC);
		if (!nsec_needed(n)) {
			if (cnt > 0) {
				dd__z_find(c, "NSEC_NON_AUTHORITATIVE", owner, DD_TYPE_NSEC, 0, 0, 0,
				      "%s is %s but owns an NSEC record", dd__z_ntext(owner, nb, sizeof(nb)),
				      (n->flags & NODE_OUTSIDE) ? "outside the zone" :
				      "glue or occluded data");
			}
			continue;
		}
		if (prev >= 0) {
			nsec_link(c, &c->nodes[prev], owner, false);  /* it must point here */
		}
		if (cnt == 0) {
			dd__z_find(c, "NSEC_MISSING", owner, DD_TYPE_NSEC, 0, 0, 0,
			      "%s has no NSEC record: the chain skips it and nothing can prove what "
			      "it holds", dd__z_ntext(owner, nb, sizeof(nb)));
		} else if (cnt > 1) {
			dd__z_find(c, "NSEC_CHAIN_BROKEN", owner, DD_TYPE_NSEC, 0, 0, 0,
			      "%s has %zu NSEC records; a name has exactly one (RFC 4034 4)",
			      dd__z_ntext(owner, nb, sizeof(nb)), cnt);
		}
		for (uint32_t r = n->first; r < n->first + n->count; r++) {
			const dd__zrec_t *rc = &c->recs[r];
			dd_nsec_t ns;
			if (rc->type != DD_TYPE_NSEC) {
				continue;
			}
			if (dd_nsec_parse(dd__z_rdata(c, rc), rc->rdlen, &ns) != DD_OK) {
				dd__z_find(c, "NSEC_CHAIN_BROKEN", owner, DD_TYPE_NSEC, 0, 0, 0,
				      "NSEC at %s is malformed", dd__z_ntext(owner, nb, sizeof(nb)));
				continue;
			}
			check_bitmap(c, owner, DD_TYPE_NSEC, ns.bitmap, ns.bitmap_len, n, owner);
		}
		prev = (long)i;
	}
	if (prev >= 0) {
		nsec_link(c, &c->nodes[prev], c->apex, true);  /* the last closes the loop */
	}
}

/* ---- NSEC3 chain (RFC 5155 7.1) ------------------------------------------------------------- */

typedef struct n3rec {
	uint8_t hash[DD_NSEC3_HASH_LEN];
	uint8_t next[DD_NSEC3_HASH_LEN];
	const uint8_t *bitmap;  /* its type bitmap in the store (parsed once) */
	const uint8_t *owner;   /* its owner name in the store */
	uint32_t rec;
	uint32_t node;
	uint16_t bitmap_len;
	uint8_t flags;
	bool matched;
	bool params_ok;    /* same parameters as the chain */
} n3rec_t;

typedef struct n3ctx {
	n3rec_t *v;
	size_t n;
	uint8_t alg;
	uint16_t iter;
	uint8_t salt[255];
	uint8_t salt_len;
	bool any_optout;
	/* a lookup index when no hash repeats: idx[t] is the first record whose hash's top
	 * `bits` bits are >= t (2^bits + 1 entries), pre[] the hashes' first eight octets */
	uint32_t *idx;
	uint64_t *pre;
	unsigned bits;
} n3ctx_t;

static uint64_t hash_prefix(const uint8_t *h)
{
	uint64_t p = 0;
	for (int i = 0; i < 8; i++) {
		p = p << 8 | h[i];
	}
	return p;
}

/* Build x->idx and x->pre over the sorted records when no hash repeats (with repeats the
 * lookup stays the binary search, which picks the same record as before); without memory,
 * also the binary search. */
static void n3index(n3ctx_t *x)
{
	for (size_t i = 1; i < x->n; i++) {
		if (memcmp(x->v[i - 1].hash, x->v[i].hash, DD_NSEC3_HASH_LEN) == 0) {
			return;
		}
	}
	unsigned bits = 1;
	while (bits < 22 && ((size_t)1 << bits) < x->n) {
		bits++;
	}
	x->idx = malloc((((size_t)1 << bits) + 1) * sizeof(*x->idx));
	x->pre = malloc((x->n ? x->n : 1) * sizeof(*x->pre));
	if (x->idx == NULL || x->pre == NULL) {
		free(x->idx);
		free(x->pre);
		x->idx = NULL;
		x->pre = NULL;
		return;
	}
	x->bits = bits;
	size_t t = 0;
	for (size_t i = 0; i < x->n; i++) {
		x->pre[i] = hash_prefix(x->v[i].hash);
		size_t top = (size_t)(x->pre[i] >> (64 - bits));
		while (t <= top) {
			x->idx[t++] = (uint32_t)i;
		}
	}
	while (t <= ((size_t)1 << bits)) {
		x->idx[t++] = (uint32_t)x->n;
	}
}

static int n3cmp(const void *a, const void *b)
{
	return memcmp(((const n3rec_t *)a)->hash, ((const n3rec_t *)b)->hash, DD_NSEC3_HASH_LEN);
}

static long n3find(const n3ctx_t *x, const uint8_t *h)
{
	if (x->idx != NULL) {
		/* hashes are unique: the one record with this hash, found among the few that
		 * share its top bits */
		uint64_t p = hash_prefix(h);
		size_t top = (size_t)(p >> (64 - x->bits));
		for (size_t i = x->idx[top]; i < x->idx[top + 1] && x->pre[i] <= p; i++) {
			if (x->pre[i] == p && memcmp(x->v[i].hash, h, DD_NSEC3_HASH_LEN) == 0) {
				return (long)i;
			}
		}
		return -1;
	}
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = memcmp(x->v[mid].hash, h, DD_NSEC3_HASH_LEN);
		if (r == 0) {
			return (long)mid;
		}
		if (r < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return -1;
}

/* The NSEC3 record whose span covers @p h (the greatest hash below it, wrapping). */
static long n3cover(const n3ctx_t *x, const uint8_t *h)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (memcmp(x->v[mid].hash, h, DD_NSEC3_HASH_LEN) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return x->n == 0 ? -1 : (lo == 0 ? (long)x->n - 1 : (long)lo - 1);
}

typedef struct entry {
	uint8_t name[DD_NAME_MAXLEN];
	uint8_t hash[DD_NSEC3_HASH_LEN];
	long rec;          /* n3 index or -1 */
	bool required;
} entry_t;

/* A name's NSEC3: mark it matched and check its bitmap; @return its index or -1. */
static long n3_name(dd__zctx_t *c, n3ctx_t *x, const uint8_t *name, const dd__znode_t *n, uint8_t *h)
{
	if (dd_nsec3_hash(name, x->alg, x->iter, x->salt, x->salt_len, h) != DD_OK) {
		return -2;
	}
	long k = n3find(x, h);
	if (k >= 0) {
		n3rec_t *r = &x->v[k];
		r->matched = true;
		check_bitmap(c, r->owner, DD_TYPE_NSEC3, r->bitmap, r->bitmap_len, n, name);
	}
	return k;
}

static void n3_missing(dd__zctx_t *c, n3ctx_t *x, const uint8_t *name, const uint8_t *h,
                       bool insecure_cut, const char *what)
{
	char nb[1024], hb[40];
	dd_base32hex_encode(h, DD_NSEC3_HASH_LEN, hb, false);
	long cov = n3cover(x, h);
	bool optout = cov >= 0 && (x->v[cov].flags & DD_NSEC3_FLAG_OPTOUT);
	if (insecure_cut && optout) {
		return;  /* an insecure delegation inside an Opt-Out span (RFC 5155 6) */
	}
	if (insecure_cut && x->any_optout) {
		dd__z_find(c, "NSEC3_OPTOUT_WRONG", name, DD_TYPE_NSEC3, 0, 0, 0,
		      "insecure delegation %s (hash %s) has no NSEC3 and the NSEC3 covering it "
		      "lacks the Opt-Out flag", dd__z_ntext(name, nb, sizeof(nb)), hb);
		return;
	}
	dd__z_find(c, "NSEC3_MISSING", name, DD_TYPE_NSEC3, 0, 0, 0,
	      "%s %s (hash %s) has no NSEC3 record", what, dd__z_ntext(name, nb, sizeof(nb)), hb);
}

static void check_nsec3(dd__zctx_t *c, const dd_nsec3_t *param)
{
	n3ctx_t x = { .alg = param->hash_algorithm, .iter = param->iterations,
		      .salt_len = param->salt_len };
	memcpy(x.salt, param->salt, param->salt_len);
	char nb[1024], hb[40], xb[40];
	size_t cap = 0;
	/* collect the chain's NSEC3 records */
	for (size_t i = 0; i < c->nnodes; i++) {
		const dd__znode_t *n = &c->nodes[i];
		if (!(n->flags & NODE_NSEC3)) {
			continue;
		}
		const uint8_t *owner = dd__z_node_name(c, n);
		bool placed = !(n->flags & (NODE_NONAUTH | NODE_OUTSIDE)) &&
		              dd_name_labels(owner) == dd_name_labels(c->apex) + 1;
		for (uint32_t r = n->first; r < n->first + n->count; r++) {
			const dd__zrec_t *rc = &c->recs[r];
			if (rc->type != DD_TYPE_NSEC3) {
				continue;
			}
			dd_nsec3_t n3;
			if (dd_nsec3_parse(dd__z_rdata(c, rc), rc->rdlen, &n3) != DD_OK) {
				dd__z_find(c, "NSEC3_CHAIN_BROKEN", owner, DD_TYPE_NSEC3, 0, 0, 0,
				      "NSEC3 at %s is malformed", dd__z_ntext(owner, nb, sizeof(nb)));
				continue;
			}
			if (n3.hash_algorithm != x.alg || n3.iterations != x.iter ||
			    n3.salt_len != x.salt_len || memcmp(n3.salt, x.salt, x.salt_len) != 0) {
				dd__z_find(c, "NSEC3PARAM_MISMATCH", owner, DD_TYPE_NSEC3, 0, 0, 0,
				      "NSEC3 at %s has parameters %u %u %u that differ from the "
				      "NSEC3PARAM's %u %u %u (algorithm, iterations, salt length)",
				      dd__z_ntext(owner, nb, sizeof(nb)), n3.hash_algorithm, n3.iterations,
				      n3.salt_len, x.alg, x.iter, x.salt_len);
				continue;
			}
			if (!placed) {
				dd__z_find(c, "NSEC_NON_AUTHORITATIVE", owner, DD_TYPE_NSEC3, 0, 0, 0,
				      "NSEC3 at %s is not directly below the apex", dd__z_ntext(owner, nb,
				      sizeof(nb)));
				continue;
			}
			uint8_t h[64];
			int hl = dd_base32hex_decode((const char *)owner + 1, owner[0], h, sizeof(h));
			if (hl != DD_NSEC3_HASH_LEN || n3.next_len != DD_NSEC3_HASH_LEN) {
				dd__z_find(c, "NSEC3_CHAIN_BROKEN", owner, DD_TYPE_NSEC3, 0, 0, 0,
				      "NSEC3 at %s: the owner label or the next hashed owner is not a "
				      "%d-octet base32hex hash", dd__z_ntext(owner, nb, sizeof(nb)),
				      DD_NSEC3_HASH_LEN);
				continue;
			}
			if (!dd__z_grow((void **)&x.v, &cap, x.n + 1, sizeof(n3rec_t))) {
				c->err = DD_ENOMEM;
				free(x.v);
				free(x.idx);
				free(x.pre);
				return;
			}
			n3rec_t *e = &x.v[x.n++];
			memset(e, 0, sizeof(*e));
			memcpy(e->hash, h, DD_NSEC3_HASH_LEN);
			memcpy(e->next, n3.next, DD_NSEC3_HASH_LEN);
			e->rec = r;
			e->node = (uint32_t)i;
			e->flags = n3.flags;
			e->bitmap = n3.bitmap;
			e->owner = owner;
			e->bitmap_len = (uint16_t)n3.bitmap_len;
			if (n3.flags & DD_NSEC3_FLAG_OPTOUT) {
				x.any_optout = true;
				c->res->nsec3_optout = true;
			}
		}
	}
	if (x.n > 1) {
		qsort(x.v, x.n, sizeof(*x.v), n3cmp);
	}
	n3index(&x);
	/* the chain: one loop in hash order */
	for (size_t i = 0; i < x.n; i++) {
		const n3rec_t *e = &x.v[i];
		const uint8_t *owner = dd__z_node_name(c, &c->nodes[e->node]);
		if (i + 1 < x.n && memcmp(e->hash, x.v[i + 1].hash, DD_NSEC3_HASH_LEN) == 0) {
			dd__z_find(c, "NSEC3_CHAIN_BROKEN", owner, DD_TYPE_NSEC3, 0, 0, 0,
			      "%s owns more than one NSEC3 record of the chain", dd__z_ntext(owner, nb,
			      sizeof(nb)));
			continue;
		}
		const n3rec_t *want = &x.v[(i + 1) % x.n];
		if (memcmp(e->next, want->hash, DD_NSEC3_HASH_LEN) != 0) {
			dd_base32hex_encode(e->next, DD_NSEC3_HASH_LEN, hb, false);
			dd_base32hex_encode(want->hash, DD_NSEC3_HASH_LEN, xb, false);
			dd__z_find(c, "NSEC3_CHAIN_BROKEN", owner, DD_TYPE_NSEC3, 0, 0, 0,
			      "NSEC3 at %s points to %s; the next hash of the chain is %s%s",
			      dd__z_ntext(owner, nb, sizeof(nb)), hb, xb,
			      i + 1 == x.n ? " (the chain must wrap to the first hash)" : "");
		}
	}
	/* every name that needs one has its NSEC3; empty non-terminals too (RFC 5155 7.1) */
	entry_t *stack = malloc(128 * sizeof(*stack));
	if (stack == NULL) {
		c->err = DD_ENOMEM;
		free(x.v);
		free(x.idx);
		free(x.pre);
		return;
	}
	size_t depth = 0;
	const uint8_t *prev = NULL;
	for (size_t i = 0; i < c->nnodes && c->err == DD_OK; i++) {
		const dd__znode_t *n = &c->nodes[i];
		if ((n->flags & (NODE_NONAUTH | NODE_OUTSIDE)) ||
		    !(n->flags & (NODE_DATA | NODE_APEX | NODE_CUT))) {
			continue;  /* glue, occluded, outside, or only an NSEC3 owner */
		}
		const uint8_t *nm = dd__z_node_name(c, n);
		/* close the empty non-terminals this name is not below */
		while (depth > 0 && !dd_name_in_zone(nm, stack[depth - 1].name)) {
			entry_t *t = &stack[--depth];
			if (t->rec < 0 && t->required) {
				n3_missing(c, &x, t->name, t->hash, false, "empty non-terminal");
			}
			if (t->required && depth > 0) {
				stack[depth - 1].required = true;
			}
		}
		/* open the empty non-terminals between the previous name and this one */
		unsigned nl = dd_name_labels(nm);
		unsigned from = dd_name_labels(c->apex) + 1;
		if (prev != NULL) {
			unsigned common = 0;
			unsigned pl = dd_name_labels(prev);
			for (unsigned k = 1; k <= pl && k <= nl; k++) {
				if (!dd_name_equal(dd_name_suffix(prev, k), dd_name_suffix(nm, k))) {
					break;
				}
				common = k;
			}
			if (common + 1 > from) {
				from = common + 1;
			}
		}
		if (!(n->flags & NODE_APEX)) {
			for (unsigned k = from; k < nl && depth < 128; k++) {
				entry_t *t = &stack[depth++];
				const uint8_t *en = dd_name_suffix(nm, k);
				memcpy(t->name, en, dd_name_len(en));
				t->required = !x.any_optout;
				t->rec = n3_name(c, &x, t->name, NULL, t->hash);
			}
		}
		uint8_t h[DD_NSEC3_HASH_LEN];
		long k = n3_name(c, &x, nm, n, h);
		bool insecure_cut = (n->flags & NODE_CUT) && !(n->flags & NODE_DS);
		if (k == -2) {
			break;  /* hash algorithm unsupported: reported at NSEC3PARAM */
		}
		if (k < 0) {
			n3_missing(c, &x, nm, h, insecure_cut, "name");
		}
		if (k >= 0 || !insecure_cut) {
			for (size_t d = 0; d < depth; d++) {
				stack[d].required = true;
			}
		}
		prev = nm;
	}
	while (depth > 0) {
		entry_t *t = &stack[--depth];
		if (t->rec < 0 && t->required) {
			n3_missing(c, &x, t->name, t->hash, false, "empty non-terminal");
		}
	}
	free(stack);
	for (size_t i = 0; i < x.n; i++) {
		if (!x.v[i].matched) {
			const uint8_t *owner = dd__z_node_name(c, &c->nodes[x.v[i].node]);
			dd__z_find(c, "NSEC3_ORPHAN", owner, DD_TYPE_NSEC3, 0, 0, 0,
			      "NSEC3 at %s matches the hash of no name of the zone", dd__z_ntext(owner, nb,
			      sizeof(nb)));
		}
	}
	free(x.v);
	free(x.idx);
	free(x.pre);
}

/* NSEC3PARAM at the apex, then the chain it names; RFC 9276 parameters. */
void dd__z_check_denial(dd__zctx_t *c)
{
	if (c->apex_node < 0) {
		return;
	}
	const dd__znode_t *apex = &c->nodes[c->apex_node];
	char nb[1024];
	dd_nsec3_t param;
	bool have_param = false;
	for (uint32_t r = apex->first; r < apex->first + apex->count; r++) {
		const dd__zrec_t *rc = &c->recs[r];
		dd_nsec3_t p;
		if (rc->type != DD_TYPE_NSEC3PARAM) {
			continue;
		}
		if (dd_nsec3param_parse(dd__z_rdata(c, rc), rc->rdlen, &p) != DD_OK) {
			dd__z_find(c, "NSEC3PARAM_INVALID", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
			      "the NSEC3PARAM is malformed");
			continue;
		}
		if (p.flags != 0) {
			dd__z_find(c, "NSEC3PARAM_INVALID", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
			      "NSEC3PARAM flags are %u; RFC 5155 4.1.2 requires 0 (Opt-Out belongs in "
			      "NSEC3 records): servers ignore it", p.flags);
			continue;
		}
		if (p.hash_algorithm != DD_NSEC3_HASH_SHA1) {
			dd__z_find(c, "NSEC3PARAM_INVALID", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
			      "NSEC3PARAM hash algorithm %u is unknown (RFC 5155 11: 1 is SHA-1)",
			      p.hash_algorithm);
			continue;
		}
		if (!have_param) {
			param = p;
			have_param = true;
		}
	}
	bool any_nsec3 = false;
	for (size_t i = 0; i < c->nnodes && !any_nsec3; i++) {
		any_nsec3 = (c->nodes[i].flags & NODE_NSEC3) != 0;
	}
	if (!have_param && any_nsec3) {
		/* take the parameters of the first NSEC3 so that the chain is still checked */
		for (size_t i = 0; i < c->nnodes && !have_param; i++) {
			const dd__znode_t *n = &c->nodes[i];
			for (uint32_t r = n->first; r < n->first + n->count && !have_param; r++) {
				const dd__zrec_t *rc = &c->recs[r];
				if (rc->type == DD_TYPE_NSEC3 &&
				    dd_nsec3_parse(dd__z_rdata(c, rc), rc->rdlen, &param) == DD_OK) {
					have_param = true;
				}
			}
		}
		if (dd__z_node_count(c, apex, DD_TYPE_NSEC3PARAM) == 0) {
			dd__z_find(c, "NSEC3PARAM_MISMATCH", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
			      "the zone has NSEC3 records but no usable NSEC3PARAM at %s: "
			      "authoritative servers cannot find the chain", dd__z_ntext(c->apex, nb,
			      sizeof(nb)));
		}
	}
	if (have_param && any_nsec3) {
		/* the NSEC3PARAM must name the chain that exists (RFC 5155 4) */
		dd_nsec3_t first;
		bool have_first = false, same = false;
		for (size_t i = 0; i < c->nnodes && !same; i++) {
			const dd__znode_t *n = &c->nodes[i];
			if (!(n->flags & NODE_NSEC3)) {
				continue;
			}
			for (uint32_t r = n->first; r < n->first + n->count && !same; r++) {
				const dd__zrec_t *rc = &c->recs[r];
				dd_nsec3_t p;
				if (rc->type != DD_TYPE_NSEC3 ||
				    dd_nsec3_parse(dd__z_rdata(c, rc), rc->rdlen, &p) != DD_OK) {
					continue;
				}
				if (!have_first) {
					first = p;
					have_first = true;
				}
				same = p.hash_algorithm == param.hash_algorithm &&
				       p.iterations == param.iterations && p.salt_len == param.salt_len &&
				       memcmp(p.salt, param.salt, p.salt_len) == 0;
			}
		}
		if (!same && have_first) {
			dd__validate_nsec3param_report(c->apex, &param, &first, &c->sink);
			param = first;  /* check the chain that exists */
		}
	}
	if (dd__z_node_has(c, apex, DD_TYPE_NSEC)) {
		c->res->denial = DD_ZONE_DENIAL_NSEC;
		check_nsec(c);
	}
	if (have_param) {
		c->res->denial = DD_ZONE_DENIAL_NSEC3;
		c->res->nsec3_algorithm = param.hash_algorithm;
		c->res->nsec3_iterations = param.iterations;
		if (param.salt_len == 0) {
			snprintf(c->res->nsec3_salt, sizeof(c->res->nsec3_salt), "-");
		} else {
			dd_hex_encode(param.salt, param.salt_len, c->res->nsec3_salt, true);
		}
		dd__validate_nsec3_params(c->apex, DD_TYPE_NSEC3PARAM, param.iterations,
		                          param.salt_len, &c->sink);
		check_nsec3(c, &param);
	} else if (c->nkeys > 0 && !dd__z_node_has(c, apex, DD_TYPE_NSEC)) {
		dd__z_find(c, "NSEC_MISSING", c->apex, DD_TYPE_NSEC, 0, 0, 0,
		      "the zone is signed but has neither NSEC nor NSEC3: nothing can be denied");
	}
}
