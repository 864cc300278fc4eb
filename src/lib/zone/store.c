/* SPDX-License-Identifier: MIT
 * store.c - check-zone's record store: one growing arena with each owner name once (lowercase
 * wire form and a canonical sort key) and every RDATA, 24 octets per record, put in canonical
 * order (RFC 4034 6.1) with repeats dropped (RFC 2181 5), then one node per owner classified
 * as apex, delegation, glue or occluded data, NSEC3 owner or outside the zone. The store grows
 * within a record limit and a memory budget (with the text the reader holds and the jobs and
 * nodes that come after reading), and stops with DD_ELIMIT at either. */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/name.h"
#include "zone/zctx.h"

/* What the check will hold: the store, the text the reader holds, and per RRSIG its job and
 * outcome and per name its node and sort permutation, which come after reading. */
static size_t footprint(const dd__zctx_t *c)
{
	return c->acap + c->caprecs * sizeof(dd__zrec_t) + c->capnames * sizeof(dd__zname_t) +
	       c->text_held + c->nsigs_read * (sizeof(dd__zjob_t) + sizeof(dd__sigout_t)) +
	       c->nnames * (sizeof(dd__znode_t) + 2 * sizeof(uint32_t) + sizeof(dd__zname_t));
}

/* Grow @p *arr (@p *cap elements of @p size octets) to hold @p need, by half again but never
 * past the memory budget; false when out of memory or budget (c->limit_msg says which). */
static bool grow(dd__zctx_t *c, void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap) {
		return true;
	}
	size_t ncap = *cap ? *cap + *cap / 2 : 4096;
	while (ncap < need) {
		ncap += ncap / 2;
	}
	size_t others = footprint(c) - *cap * size;
	size_t room = c->max_memory > others ? (c->max_memory - others) / size : 0;
	if (need > room) {
		snprintf(c->limit_msg, sizeof(c->limit_msg), "the zone needs more than the memory "
		         "budget of %zu MiB", c->max_memory >> 20);
		return false;
	}
	if (ncap > room) {
		ncap = room;
	}
	void *n = realloc(*arr, ncap * size);
	if (n == NULL) {
		return false;
	}
	*arr = n;
	*cap = ncap;
	return true;
}

static size_t arena_put(dd__zctx_t *c, const void *data, size_t len)
{
	if (c->alen + len > c->acap) {
		void *a = c->arena;
		if (!grow(c, &a, &c->acap, c->alen + len < (1 << 20) ? (1 << 20) : c->alen + len,
		          1)) {
			return SIZE_MAX;
		}
		c->arena = a;
	}
	size_t off = c->alen;
	if (len > 0) {
		memcpy(c->arena + off, data, len);
	}
	c->alen += len;
	return off;
}

/* Canonical sort key of a lowercase wire name: labels right to left, each followed by a zero
 * octet, so that memcmp() orders names as RFC 4034 6.1 does (for labels without zero octets). */
static size_t name_lf(const uint8_t *name, uint8_t *out, bool *zero)
{
	const uint8_t *labels[128];
	size_t n = 0, len = 0;
	*zero = false;
	for (const uint8_t *p = name; *p != 0 && n < 128; p += *p + 1) {
		labels[n++] = p;
	}
	while (n > 0) {
		const uint8_t *l = labels[--n];
		if (memchr(l + 1, 0, l[0]) != NULL) {
			*zero = true;
		}
		memcpy(out + len, l + 1, l[0]);
		len += l[0];
		out[len++] = 0;
	}
	return len;
}

static int name_cmp(const dd__zctx_t *c, uint32_t a, uint32_t b)
{
	const dd__zname_t *x = &c->names[a], *y = &c->names[b];
	if (x->zero || y->zero) {
		return dd_name_canon_cmp(c->arena + x->off, c->arena + y->off);
	}
	size_t lx = x->len - 1u, ly = y->len - 1u;
	int r = memcmp(c->arena + x->lf, c->arena + y->lf, lx < ly ? lx : ly);
	if (r != 0) {
		return r;
	}
	return lx < ly ? -1 : (lx > ly ? 1 : 0);
}

/* DD_ELIMIT when the budget stopped a growth, else DD_ENOMEM. */
static int grow_error(const dd__zctx_t *c)
{
	return c->limit_msg[0] != '\0' ? DD_ELIMIT : DD_ENOMEM;
}

int dd__z_on_record(const dd_rr_t *rr, void *vctx)
{
	dd__zctx_t *c = vctx;
	if (c->nrecs >= c->max_records) {
		snprintf(c->limit_msg, sizeof(c->limit_msg), "more than %zu records (the limit)",
		         c->max_records);
		return DD_ELIMIT;
	}
	uint8_t lower[DD_NAME_MAXLEN];
	size_t len = dd_name_to_lower(lower, rr->owner);
	uint32_t id;
	if (c->nnames > 0 && c->names[c->nnames - 1].len == len &&
	    memcmp(c->arena + c->names[c->nnames - 1].off, lower, len) == 0) {
		id = (uint32_t)(c->nnames - 1);
	} else {
		if (c->nnames >= UINT32_MAX - 1) {
			return DD_ENOMEM;
		}
		if (!grow(c, (void **)&c->names, &c->capnames, c->nnames + 1, sizeof(dd__zname_t))) {
			return grow_error(c);
		}
		uint8_t lf[DD_NAME_MAXLEN];
		bool zero = false;
		size_t lflen = name_lf(lower, lf, &zero);
		size_t off = arena_put(c, lower, len);
		size_t lfo = arena_put(c, lf, lflen);
		if (off == SIZE_MAX || lfo == SIZE_MAX) {
			return grow_error(c);
		}
		id = (uint32_t)c->nnames++;
		c->names[id] = (dd__zname_t){ .off = off, .lf = lfo, .len = (uint8_t)len, .zero = zero };
		if (id > 0 && c->sorted && name_cmp(c, id - 1, id) >= 0) {
			c->sorted = false;
		}
	}
	if (c->nrecs >= UINT32_MAX - 1) {
		return DD_ENOMEM;
	}
	if (!grow(c, (void **)&c->recs, &c->caprecs, c->nrecs + 1, sizeof(dd__zrec_t))) {
		return grow_error(c);
	}
	size_t off = arena_put(c, rr->rdata.data, rr->rdata.len);
	if (off == SIZE_MAX) {
		return grow_error(c);
	}
	c->nsigs_read += rr->type == DD_TYPE_RRSIG;
	uint16_t key = rr->type;
	if (rr->type == DD_TYPE_RRSIG && rr->rdata.len >= 2) {
		key = (uint16_t)(rr->rdata.data[0] << 8 | rr->rdata.data[1]);
	}
	c->recs[c->nrecs++] = (dd__zrec_t){ .off = off, .name = id, .ttl = rr->ttl, .type = rr->type,
		                       .rdlen = rr->rdata.len, .key = key,
		                       .sig = rr->type == DD_TYPE_RRSIG };
	c->wire_bytes += len + 10u + rr->rdata.len;
	if (!c->have_apex && c->o->origin == NULL && rr->type == DD_TYPE_SOA) {
		memcpy(c->apex, lower, len);
		c->apex_len = len;
		c->have_apex = true;
	}
	if ((c->nrecs & 0xffff) == 0) {
		dd__z_progress(c, "reading", 0, 0, false);
	}
	return 0;
}

/* ---- ordering ------------------------------------------------------------------------------- */

static int rec_cmp(const void *a, const void *b)
{
	const dd__zrec_t *x = a, *y = b;
	if (x->name != y->name) {
		return x->name < y->name ? -1 : 1;
	}
	if (x->key != y->key) {
		return x->key < y->key ? -1 : 1;
	}
	if (x->sig != y->sig) {
		return x->sig < y->sig ? -1 : 1;
	}
	return x->off < y->off ? -1 : (x->off > y->off ? 1 : 0);
}

static int name_idx_cmp(const void *a, const void *b, void *vctx)
{
	const dd__zctx_t *c = vctx;
	int r = name_cmp(c, *(const uint32_t *)a, *(const uint32_t *)b);
	if (r == 0) {
		uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
		r = x < y ? -1 : (x > y ? 1 : 0);
	}
	return r;
}

/* Sort the records of one owner by (type, RRSIG after its RRset). */
static void sort_run(dd__zrec_t *r, size_t n)
{
	if (n > 24) {
		qsort(r, n, sizeof(*r), rec_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		dd__zrec_t t = r[i];
		size_t j = i;
		while (j > 0 && rec_cmp(&r[j - 1], &t) > 0) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = t;
	}
}

static bool same_rr(const dd__zctx_t *c, const dd__zrec_t *a, const dd__zrec_t *b)
{
	return a->name == b->name && a->type == b->type && a->key == b->key &&
	       a->rdlen == b->rdlen && memcmp(dd__z_rdata(c, a), dd__z_rdata(c, b), a->rdlen) == 0;
}

/* Drop repeated records (RFC 2181 5: an RRset holds each RR once; servers load one copy).
 * Records are grouped by (name, type); runs longer than 64 are left as they are. */
static void dedupe(dd__zctx_t *c)
{
	size_t w = 0, i = 0;
	while (i < c->nrecs) {
		size_t j = i + 1;
		while (j < c->nrecs && c->recs[j].name == c->recs[i].name &&
		       c->recs[j].key == c->recs[i].key && c->recs[j].sig == c->recs[i].sig) {
			j++;
		}
		size_t start = w;
		for (size_t k = i; k < j; k++) {
			bool dup = false;
			if (j - i <= 64) {
				for (size_t m = start; m < w && !dup; m++) {
					dup = same_rr(c, &c->recs[m], &c->recs[k]);
				}
			}
			if (!dup) {
				c->recs[w++] = c->recs[k];
			}
		}
		i = j;
	}
	c->nrecs = w;
}

/* One name to sort: eight octets of its sort key after the prefix all names share, big
 * endian, then its index. Two names whose keys differ are in the keys' order. */
typedef struct {
	uint64_t k;
	uint32_t i;
} skey_t;

typedef struct {
	dd__zctx_t *c;
	skey_t *v, *tmp;
	size_t n;
	bool keyed;      /* k orders names (no name holds a zero octet in a label) */
	int err;
} spart_t;

static inline int skey_cmp(dd__zctx_t *c, bool keyed, const skey_t *x, const skey_t *y)
{
	if (keyed && x->k != y->k) {
		return x->k < y->k ? -1 : 1;
	}
	return name_idx_cmp(&x->i, &y->i, c);
}

/* Merge the ordered runs [a, m) and [m, e) of @p src into @p dst. */
static void merge_runs(dd__zctx_t *c, bool keyed, const skey_t *src, skey_t *dst, size_t a,
                       size_t m, size_t e)
{
	size_t i = a, j = m, k = a;
	while (i < m && j < e) {
		dst[k++] = skey_cmp(c, keyed, &src[i], &src[j]) <= 0 ? src[i++] : src[j++];
	}
	memcpy(dst + k, src + i, (m - i) * sizeof(*dst));
	k += m - i;
	memcpy(dst + k, src + j, (e - j) * sizeof(*dst));
}

/* Merge the @p nb sorted runs of @p src that start at @p bounds (bounds[nb] == @p n) pairwise
 * until one is left, alternating between @p src and @p dst; @p bounds is overwritten.
 * @return the array that holds the result (@p src or @p dst). */
static skey_t *merge_all(dd__zctx_t *c, bool keyed, skey_t *src, skey_t *dst, size_t *bounds,
                         size_t nb, size_t n)
{
	while (nb > 1) {
		size_t w = 0;
		for (size_t r = 0; r < nb; r += 2) {
			merge_runs(c, keyed, src, dst, bounds[r], bounds[r + 1 < nb ? r + 1 : nb],
			           bounds[r + 2 < nb ? r + 2 : nb]);
			bounds[w++] = bounds[r];
		}
		bounds[w] = n;
		nb = w;
		skey_t *t = src;
		src = dst;
		dst = t;
	}
	return src;
}

/* Natural merge sort of one part: its maximal ordered runs found in one pass, then merged
 * pairwise, so input that arrives in long ordered runs costs few comparisons. */
static void *sort_part(void *arg)
{
	spart_t *p = arg;
	size_t n = p->n;
	size_t *runs = malloc((n + 1) * sizeof(*runs));
	if (runs == NULL) {
		p->err = DD_ENOMEM;
		return NULL;
	}
	size_t nr = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || skey_cmp(p->c, p->keyed, &p->v[i - 1], &p->v[i]) > 0) {
			runs[nr++] = i;
		}
	}
	runs[nr] = n;
	skey_t *src = merge_all(p->c, p->keyed, p->v, p->tmp, runs, nr, n);
	if (src != p->v) {
		memcpy(p->v, src, n * sizeof(*src));
	}
	free(runs);
	return NULL;
}

/* Sort @p perm (@p n name indices) into canonical order, ties by index. The names are cut
 * into one part per thread (c->res->threads), each part sorted on its own thread by
 * sort_part() on keys that compare as integers, and the parts merged. The order is total, so
 * the result is the one any sort gives. */
static int sort_names(dd__zctx_t *c, uint32_t *perm, size_t n)
{
	skey_t *v = malloc((n ? n : 1) * sizeof(*v));
	skey_t *tmp = malloc((n ? n : 1) * sizeof(*tmp));
	if (v == NULL || tmp == NULL) {
		free(v);
		free(tmp);
		return DD_ENOMEM;
	}
	/* the prefix all sort keys share (the apex's labels, mostly), skipped by the keys */
	bool keyed = true;
	size_t pre = n ? c->names[0].len - 1u : 0;
	const uint8_t *first = n ? c->arena + c->names[0].lf : NULL;
	for (size_t i = 0; i < n && keyed; i++) {
		const dd__zname_t *x = &c->names[i];
		keyed = !x->zero;
		size_t l = x->len - 1u < pre ? x->len - 1u : pre, j = 0;
		while (j < l && c->arena[x->lf + j] == first[j]) {
			j++;
		}
		pre = j;
	}
	for (size_t i = 0; i < n; i++) {
		const dd__zname_t *x = &c->names[perm[i]];
		uint64_t k = 0;
		for (size_t j = 0; j < 8; j++) {
			size_t o = pre + j;
			k = k << 8 | (o < x->len - 1u ? c->arena[x->lf + o] : 0);
		}
		v[i] = (skey_t){ .k = k, .i = perm[i] };
	}
	unsigned nt = c->res->threads > 1 && n >= 4096 ? c->res->threads : 1;
	if (nt > 16) {
		nt = 16;
	}
	spart_t parts[16];
	pthread_t tids[16];
	bool started[16] = { false };
	size_t at = 0;
	for (unsigned t = 0; t < nt; t++) {
		size_t len = n / nt + (t < n % nt);
		parts[t] = (spart_t){ .c = c, .v = v + at, .tmp = tmp + at, .n = len,
			              .keyed = keyed };
		at += len;
		if (t > 0) {
			started[t] = pthread_create(&tids[t], NULL, sort_part, &parts[t]) == 0;
		}
	}
	sort_part(&parts[0]);
	int err = parts[0].err;
	for (unsigned t = 1; t < nt; t++) {
		if (started[t]) {
			pthread_join(tids[t], NULL);
		} else {
			sort_part(&parts[t]);  /* no thread: sorted here */
		}
		err = parts[t].err != DD_OK ? parts[t].err : err;
	}
	/* merge the sorted parts pairwise */
	size_t bounds[17];
	at = 0;
	for (unsigned t = 0; t < nt; t++) {
		bounds[t] = at;
		at += parts[t].n;
	}
	bounds[nt] = n;
	skey_t *src = err == DD_OK ? merge_all(c, keyed, v, tmp, bounds, nt, n) : v;
	for (size_t i = 0; i < n; i++) {
		perm[i] = src[i].i;
	}
	free(v);
	free(tmp);
	return err;
}

/* Group the records by their owner's rank (c->recs[].name already renumbered; @p nranks
 * ranks), each owner's records kept in file order, then order each owner's records: the
 * order rec_cmp() gives, in linear time. */
static int group_records(dd__zctx_t *c, size_t nranks)
{
	uint32_t *start = calloc(nranks + 1, sizeof(*start));
	dd__zrec_t *out = malloc((c->nrecs ? c->nrecs : 1) * sizeof(*out));
	if (start == NULL || out == NULL) {
		free(start);
		free(out);
		return DD_ENOMEM;
	}
	for (size_t i = 0; i < c->nrecs; i++) {
		start[c->recs[i].name + 1]++;
	}
	for (size_t r = 0; r < nranks; r++) {
		start[r + 1] += start[r];
	}
	for (size_t i = 0; i < c->nrecs; i++) {
		out[start[c->recs[i].name]++] = c->recs[i];
	}
	free(start);
	free(c->recs);
	c->recs = out;
	c->caprecs = c->nrecs ? c->nrecs : 1;
	size_t i = 0;
	while (i < c->nrecs) {
		size_t j = i + 1;
		while (j < c->nrecs && c->recs[j].name == c->recs[i].name) {
			j++;
		}
		sort_run(c->recs + i, j - i);
		i = j;
	}
	return DD_OK;
}

/* Put names in canonical order (merging repeats of one name) and group records by owner. */
int dd__z_order_store(dd__zctx_t *c)
{
	if (!c->sorted) {
		uint32_t *perm = malloc(c->nnames * sizeof(*perm) + 1);
		uint32_t *rank = malloc(c->nnames * sizeof(*rank) + 1);
		dd__zname_t *nn = malloc(c->nnames * sizeof(*nn) + 1);
		if (perm == NULL || rank == NULL || nn == NULL) {
			free(perm);
			free(rank);
			free(nn);
			return DD_ENOMEM;
		}
		for (size_t i = 0; i < c->nnames; i++) {
			perm[i] = (uint32_t)i;
		}
		if (sort_names(c, perm, c->nnames) != DD_OK) {
			free(perm);
			free(rank);
			free(nn);
			return DD_ENOMEM;
		}
		size_t u = 0;
		for (size_t i = 0; i < c->nnames; i++) {
			if (i > 0 && name_cmp(c, perm[i - 1], perm[i]) == 0) {
				rank[perm[i]] = (uint32_t)(u - 1);
				continue;
			}
			rank[perm[i]] = (uint32_t)u;
			nn[u++] = c->names[perm[i]];
		}
		for (size_t i = 0; i < c->nrecs; i++) {
			c->recs[i].name = rank[c->recs[i].name];
		}
		free(c->names);
		c->names = nn;
		c->nnames = u;
		c->capnames = u;
		free(perm);
		free(rank);
		if (group_records(c, u) != DD_OK) {
			return DD_ENOMEM;
		}
	} else {
		size_t i = 0;
		while (i < c->nrecs) {
			size_t j = i + 1;
			while (j < c->nrecs && c->recs[j].name == c->recs[i].name) {
				j++;
			}
			sort_run(c->recs + i, j - i);
			i = j;
		}
	}
	dedupe(c);
	c->nodes = malloc((c->nnames ? c->nnames : 1) * sizeof(dd__znode_t));
	if (c->nodes == NULL) {
		return DD_ENOMEM;
	}
	size_t i = 0;
	while (i < c->nrecs) {
		size_t j = i + 1;
		while (j < c->nrecs && c->recs[j].name == c->recs[i].name) {
			j++;
		}
		c->nodes[c->nnodes++] = (dd__znode_t){ .name = c->recs[i].name, .first = (uint32_t)i,
			                          .count = (uint32_t)(j - i) };
		i = j;
	}
	return DD_OK;
}
bool dd__z_node_has(const dd__zctx_t *c, const dd__znode_t *n, uint16_t type)
{
	for (uint32_t i = n->first; i < n->first + n->count; i++) {
		if (c->recs[i].type == type) {
			return true;
		}
	}
	return false;
}

size_t dd__z_node_count(const dd__zctx_t *c, const dd__znode_t *n, uint16_t type)
{
	size_t k = 0;
	for (uint32_t i = n->first; i < n->first + n->count; i++) {
		k += c->recs[i].type == type;
	}
	return k;
}

/* Mark apex, cuts, glue and occluded names, NSEC3 owners and names outside the zone. */
void dd__z_classify(dd__zctx_t *c)
{
	c->apex_node = -1;
	int cut = -1;       /* node of the innermost delegation or DNAME above the current name */
	for (size_t i = 0; i < c->nnodes; i++) {
		dd__znode_t *n = &c->nodes[i];
		const uint8_t *nm = dd__z_node_name(c, n);
		uint16_t f = 0;
		if (!dd_name_in_zone(nm, c->apex)) {
			n->flags = NODE_OUTSIDE;
			continue;
		}
		bool apex = dd_name_equal(nm, c->apex);
		if (apex) {
			f |= NODE_APEX;
			c->apex_node = (int)i;
		}
		bool below = cut >= 0 && dd_name_in_zone(nm, dd__z_node_name(c, &c->nodes[cut])) &&
		             !dd_name_equal(nm, dd__z_node_name(c, &c->nodes[cut]));
		if (!below) {
			cut = -1;
		}
		for (uint32_t r = n->first; r < n->first + n->count; r++) {
			uint16_t t = c->recs[r].type;
			if (t == DD_TYPE_NSEC3) {
				f |= NODE_NSEC3;
			} else if (t == DD_TYPE_DS) {
				f |= NODE_DS;
			} else if (t == DD_TYPE_DNAME) {
				f |= NODE_DNAME;
			}
			if (t != DD_TYPE_NSEC3 && t != DD_TYPE_RRSIG) {
				f |= NODE_DATA;
			}
		}
		/* NSEC3 owners below an apex DNAME are still the zone's (RFC 5155 7.1) */
		if (below && !((f & NODE_NSEC3) && !(f & NODE_DATA) &&
		               (c->nodes[cut].flags & NODE_APEX))) {
			f |= NODE_NONAUTH;
		}
		if (!(f & NODE_NONAUTH)) {
			if (!apex && dd__z_node_has(c, n, DD_TYPE_NS)) {
				f |= NODE_CUT;
				cut = (int)i;
			} else if (f & NODE_DNAME) {
				cut = (int)i;  /* names below a DNAME are occluded (RFC 6672 2.3) */
			}
		}
		n->flags = f;
	}
}

/* Binary search of a lowercase wire name among the nodes; -1 if absent. */
long dd__z_find_node(dd__zctx_t *c, const uint8_t *name)
{
	uint8_t lf[DD_NAME_MAXLEN];
	bool zero = false;
	size_t lflen = name_lf(name, lf, &zero);
	size_t lo = 0, hi = c->nnodes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const dd__zname_t *m = &c->names[c->nodes[mid].name];
		int r;
		if (zero || m->zero) {
			r = dd_name_canon_cmp(c->arena + m->off, name);
		} else {
			size_t ml = m->len - 1u;
			r = memcmp(c->arena + m->lf, lf, ml < lflen ? ml : lflen);
			if (r == 0) {
				r = ml < lflen ? -1 : (ml > lflen ? 1 : 0);
			}
		}
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

/* The delegation at or above @p name (a lowercase name in the zone), or -1. */
long dd__z_nearest_cut(dd__zctx_t *c, const uint8_t *name)
{
	unsigned apex_labels = dd_name_labels(c->apex);
	unsigned nl = dd_name_labels(name);
	long found = -1;
	for (unsigned k = apex_labels + 1; k <= nl; k++) {
		long n = dd__z_find_node(c, dd_name_suffix(name, k));
		if (n >= 0 && (c->nodes[n].flags & NODE_CUT)) {
			found = n;  /* the topmost cut wins: everything below it is its glue */
			break;
		}
	}
	return found;
}

dd__vrdset_t dd__z_rdset(const dd__zctx_t *c, const dd__znode_t *n, uint16_t type,
                         dd_rdata_t *buf, size_t cap)
{
	dd__vrdset_t s = { .owner = dd__z_node_name(c, n), .rd = buf };
	for (uint32_t r = n->first; r < n->first + n->count && s.n < cap; r++) {
		const dd__zrec_t *rc = &c->recs[r];
		if (rc->type == type) {
			buf[s.n++] = (dd_rdata_t){ .data = dd__z_rdata(c, rc), .len = rc->rdlen };
		}
	}
	return s;
}
