/* SPDX-License-Identifier: MIT
 * check.c - check-zone: a signed zone file read into a compact canonical store, its structure
 * and NSEC/NSEC3 chain checked on the calling thread while worker threads verify every RRSIG,
 * then one finding per problem in the vocabulary shared with diagnose. */

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/finding_fill.h"
#include "core/fmt.h"
#include "dd/algorithm.h"
#include "dd/ds.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/name.h"
#include "dd/nsec3.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "dd/verify.h"
#include "dd/zone.h"
#include "dd/zonefile.h"
#include "dns/name_text.h"

/* Keys tried per signature when key tags collide: Unbound tries at most 4 (KeyTrap,
 * CVE-2023-50387); a zone gate may be a little more patient before calling it invalid. */
#define KEYTAG_TRIES_MAX 8
/* DNSKEYs of the apex loaded; more are reported and ignored (the key index is one octet). */
#define KEYS_MAX 250

/* ---- the store ------------------------------------------------------------------------------ */

/* One record: 24 octets plus its RDATA in the arena. */
typedef struct rec {
	uint64_t off;      /* RDATA offset in the arena */
	uint32_t name;     /* name index */
	uint32_t ttl;
	uint16_t type;
	uint16_t rdlen;
	uint16_t key;      /* sort key within a name: the type, or the covered type for RRSIG */
	uint8_t sig;       /* 1 for RRSIG records */
	uint8_t pad;
} rec_t;

/* One owner name: its lowercase wire form and its canonical sort key in the arena. */
typedef struct name {
	uint64_t off;      /* wire name */
	uint64_t lf;       /* labels right to left, each followed by a zero octet (len - 1 octets) */
	uint8_t len;
	uint8_t zero;      /* a label holds a zero octet: the key does not order it; compare names */
} name_t;

enum {
	NODE_APEX = 1 << 0,
	NODE_CUT = 1 << 1,        /* delegation point (NS, not the apex) */
	NODE_NONAUTH = 1 << 2,    /* below a cut or a DNAME: glue or occluded */
	NODE_OUTSIDE = 1 << 3,    /* not in the zone */
	NODE_NSEC3 = 1 << 4,      /* owns NSEC3 records */
	NODE_DATA = 1 << 5,       /* has types other than NSEC3/RRSIG */
	NODE_DS = 1 << 6,
	NODE_DNAME = 1 << 7,
};

/* One owner with its records [first, first + count). */
typedef struct node {
	uint32_t name;
	uint32_t first;
	uint32_t count;
	uint16_t flags;
} node_t;

/* One signature to verify: the RRSIG record and the RRset it covers. */
typedef struct job {
	uint32_t sig;      /* record index of the RRSIG */
	uint32_t set;      /* first record of the RRset */
	uint32_t setn;     /* records in the RRset */
	uint32_t node;
} job_t;

enum sigstate {
	SS_OK = 0,         /* crypto and window valid, usable */
	SS_REVOKED_OK,     /* valid self-signature of the DNSKEY RRset by a revoked key (RFC 5011) */
	SS_EXPIRED,
	SS_NOTYET,
	SS_INVERTED,
	SS_INVALID,        /* crypto says no with every key of that tag and algorithm */
	SS_NOKEY,          /* no DNSKEY of that tag and algorithm */
	SS_UNSUPPORTED,    /* the algorithm cannot be verified by this build */
	SS_SIGNER,         /* Signer's Name is not the apex */
	SS_LABELS,         /* Labels field does not fit the owner */
	SS_MALFORMED,
};

typedef struct sigout {
	uint8_t state;
	uint8_t key;       /* index of the key that verified, 0xff if none */
	uint16_t tries;
} sigout_t;

typedef struct zkey {
	dd_key_t *key;     /* NULL when the RDATA does not load */
	uint16_t tag;
	uint8_t alg;
	uint16_t flags;
	uint32_t rec;
} zkey_t;

typedef struct ctx {
	const dd_zone_check_opts_t *o;
	dd_zone_check_t *res;
	int err;
	size_t per_code;
	size_t cap_findings;
	/* store */
	uint8_t *arena;
	size_t alen, acap;
	rec_t *recs;
	size_t nrecs, caprecs;
	name_t *names;
	size_t nnames, capnames;
	bool sorted;           /* names arrived in strictly increasing canonical order */
	node_t *nodes;
	size_t nnodes;
	uint8_t apex[DD_NAME_MAXLEN];
	size_t apex_len;
	bool have_apex;
	int apex_node;
	size_t wire_bytes;
	/* keys */
	zkey_t keys[KEYS_MAX];
	size_t nkeys;
	bool alg_present[256]; /* algorithms of loadable zone keys of the DNSKEY RRset */
	bool alg_active[256];  /* those with a valid signature over the DNSKEY RRset */
	/* verification */
	job_t *jobs;
	size_t njobs;
	sigout_t *outs;
	atomic_size_t next_job;
	atomic_size_t done_jobs;
	atomic_size_t verifications;
	atomic_int worker_err;
	/* timing */
	struct timespec t0;
	double last_progress;
} ctx_t;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double elapsed(const ctx_t *c)
{
	return now_s() - ((double)c->t0.tv_sec + (double)c->t0.tv_nsec / 1e9);
}

static void progress(ctx_t *c, const char *phase, size_t sigs, size_t done, bool force)
{
	if (c->o->progress == NULL) {
		return;
	}
	double e = elapsed(c);
	if (!force && e - c->last_progress < 0.5) {
		return;
	}
	c->last_progress = e;
	dd_zone_progress_t p = { .phase = phase, .records = c->nrecs, .signatures = sigs,
		                 .verified = done, .elapsed = e };
	c->o->progress(&p, c->o->progress_ctx);
}

static const uint8_t *rdata_of(const ctx_t *c, const rec_t *r)
{
	return c->arena + r->off;
}

static const uint8_t *name_of(const ctx_t *c, uint32_t id)
{
	return c->arena + c->names[id].off;
}

static const uint8_t *node_name(const ctx_t *c, const node_t *n)
{
	return name_of(c, n->name);
}

/* Append @p len octets to the arena; @return the offset, or SIZE_MAX when out of memory. */
static size_t arena_put(ctx_t *c, const void *data, size_t len)
{
	if (c->alen + len > c->acap) {
		size_t ncap = c->acap ? c->acap + c->acap / 2 : (1 << 20);
		while (ncap < c->alen + len) {
			ncap += ncap / 2;
		}
		uint8_t *n = realloc(c->arena, ncap);
		if (n == NULL) {
			return SIZE_MAX;
		}
		c->arena = n;
		c->acap = ncap;
	}
	size_t off = c->alen;
	if (len > 0) {
		memcpy(c->arena + off, data, len);
	}
	c->alen += len;
	return off;
}

static bool grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap) {
		return true;
	}
	size_t ncap = *cap ? *cap + *cap / 2 : 4096;
	while (ncap < need) {
		ncap += ncap / 2;
	}
	void *n = realloc(*arr, ncap * size);
	if (n == NULL) {
		return false;
	}
	*arr = n;
	*cap = ncap;
	return true;
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

static int name_cmp(const ctx_t *c, uint32_t a, uint32_t b)
{
	const name_t *x = &c->names[a], *y = &c->names[b];
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

static int on_record(const dd_rr_t *rr, void *vctx)
{
	ctx_t *c = vctx;
	uint8_t lower[DD_NAME_MAXLEN];
	size_t len = dd_name_to_lower(lower, rr->owner);
	uint32_t id;
	if (c->nnames > 0 && c->names[c->nnames - 1].len == len &&
	    memcmp(c->arena + c->names[c->nnames - 1].off, lower, len) == 0) {
		id = (uint32_t)(c->nnames - 1);
	} else {
		if (c->nnames >= UINT32_MAX - 1 || !grow((void **)&c->names, &c->capnames,
		                                         c->nnames + 1, sizeof(name_t))) {
			return DD_ENOMEM;
		}
		uint8_t lf[DD_NAME_MAXLEN];
		bool zero = false;
		size_t lflen = name_lf(lower, lf, &zero);
		size_t off = arena_put(c, lower, len);
		size_t lfo = arena_put(c, lf, lflen);
		if (off == SIZE_MAX || lfo == SIZE_MAX) {
			return DD_ENOMEM;
		}
		id = (uint32_t)c->nnames++;
		c->names[id] = (name_t){ .off = off, .lf = lfo, .len = (uint8_t)len, .zero = zero };
		if (id > 0 && c->sorted && name_cmp(c, id - 1, id) >= 0) {
			c->sorted = false;
		}
	}
	if (!grow((void **)&c->recs, &c->caprecs, c->nrecs + 1, sizeof(rec_t))) {
		return DD_ENOMEM;
	}
	size_t off = arena_put(c, rr->rdata.data, rr->rdata.len);
	if (off == SIZE_MAX) {
		return DD_ENOMEM;
	}
	uint16_t key = rr->type;
	if (rr->type == DD_TYPE_RRSIG && rr->rdata.len >= 2) {
		key = (uint16_t)(rr->rdata.data[0] << 8 | rr->rdata.data[1]);
	}
	c->recs[c->nrecs++] = (rec_t){ .off = off, .name = id, .ttl = rr->ttl, .type = rr->type,
		                       .rdlen = rr->rdata.len, .key = key,
		                       .sig = rr->type == DD_TYPE_RRSIG };
	c->wire_bytes += len + 10u + rr->rdata.len;
	if (!c->have_apex && c->o->origin == NULL && rr->type == DD_TYPE_SOA) {
		memcpy(c->apex, lower, len);
		c->apex_len = len;
		c->have_apex = true;
	}
	if ((c->nrecs & 0xffff) == 0) {
		progress(c, "reading", 0, 0, false);
	}
	return 0;
}

/* ---- ordering ------------------------------------------------------------------------------- */

static int rec_cmp(const void *a, const void *b)
{
	const rec_t *x = a, *y = b;
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
	const ctx_t *c = vctx;
	int r = name_cmp(c, *(const uint32_t *)a, *(const uint32_t *)b);
	if (r == 0) {
		uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
		r = x < y ? -1 : (x > y ? 1 : 0);
	}
	return r;
}

/* Sort the records of one owner by (type, RRSIG after its RRset). */
static void sort_run(rec_t *r, size_t n)
{
	if (n > 24) {
		qsort(r, n, sizeof(*r), rec_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		rec_t t = r[i];
		size_t j = i;
		while (j > 0 && rec_cmp(&r[j - 1], &t) > 0) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = t;
	}
}

static bool same_rr(const ctx_t *c, const rec_t *a, const rec_t *b)
{
	return a->name == b->name && a->type == b->type && a->key == b->key &&
	       a->rdlen == b->rdlen && memcmp(rdata_of(c, a), rdata_of(c, b), a->rdlen) == 0;
}

/* Drop repeated records (RFC 2181 5: an RRset holds each RR once; servers load one copy).
 * Records are grouped by (name, type); runs longer than 64 are left as they are. */
static void dedupe(ctx_t *c)
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

/* Put names in canonical order (merging repeats of one name) and group records by owner. */
static int order_store(ctx_t *c)
{
	if (!c->sorted) {
		uint32_t *perm = malloc(c->nnames * sizeof(*perm) + 1);
		uint32_t *rank = malloc(c->nnames * sizeof(*rank) + 1);
		name_t *nn = malloc(c->nnames * sizeof(*nn) + 1);
		if (perm == NULL || rank == NULL || nn == NULL) {
			free(perm);
			free(rank);
			free(nn);
			return DD_ENOMEM;
		}
		for (size_t i = 0; i < c->nnames; i++) {
			perm[i] = (uint32_t)i;
		}
		qsort_r(perm, c->nnames, sizeof(*perm), name_idx_cmp, c);
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
		if (c->nrecs > 1) {
			qsort(c->recs, c->nrecs, sizeof(rec_t), rec_cmp);
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
	c->nodes = malloc((c->nnames ? c->nnames : 1) * sizeof(node_t));
	if (c->nodes == NULL) {
		return DD_ENOMEM;
	}
	size_t i = 0;
	while (i < c->nrecs) {
		size_t j = i + 1;
		while (j < c->nrecs && c->recs[j].name == c->recs[i].name) {
			j++;
		}
		c->nodes[c->nnodes++] = (node_t){ .name = c->recs[i].name, .first = (uint32_t)i,
			                          .count = (uint32_t)(j - i) };
		i = j;
	}
	return DD_OK;
}

/* ---- findings ------------------------------------------------------------------------------- */




/* Name as text for messages, returning @p buf so that it fits in an argument list. */
static const char *ntext(const uint8_t *name, char *buf, size_t len)
{
	dd__name_text(name, buf, len);
	return buf;
}

/* Record a finding: always counted, kept in detail up to the per-code limit. */
__attribute__((format(printf, 8, 9)))
static void zfind(ctx_t *c, const char *code, const uint8_t *owner, uint16_t rrtype,
                  uint16_t tag, uint8_t alg, int64_t when, const char *fmt, ...)
{
	dd_zone_check_t *res = c->res;
	const dd_finding_info_t *info = dd_finding_info(code);
	assert(info != NULL);
	if (info == NULL) {
		return;
	}
	dd_zone_code_count_t *cnt = NULL;
	for (size_t i = 0; i < res->ncounts; i++) {
		if (res->counts[i].code == info->code) {
			cnt = &res->counts[i];
			break;
		}
	}
	if (cnt == NULL) {
		dd_zone_code_count_t *n = realloc(res->counts, (res->ncounts + 1) * sizeof(*n));
		if (n == NULL) {
			c->err = DD_ENOMEM;
			return;
		}
		res->counts = n;
		cnt = &res->counts[res->ncounts++];
		*cnt = (dd_zone_code_count_t){ .code = info->code, .severity = info->severity };
	}
	if (cnt->count++ >= c->per_code) {
		return;
	}
	if (!grow((void **)&res->findings, &c->cap_findings, res->nfindings + 1,
	          sizeof(dd_finding_t))) {
		c->err = DD_ENOMEM;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	dd__finding_fill(&res->findings[res->nfindings++], info, info->severity, c->apex,
	                 owner ? owner : c->apex, rrtype, tag, alg, when, fmt, ap);
	va_end(ap);
}

/* ---- classification ------------------------------------------------------------------------- */

static bool node_has(const ctx_t *c, const node_t *n, uint16_t type)
{
	for (uint32_t i = n->first; i < n->first + n->count; i++) {
		if (c->recs[i].type == type) {
			return true;
		}
	}
	return false;
}

static size_t node_count(const ctx_t *c, const node_t *n, uint16_t type)
{
	size_t k = 0;
	for (uint32_t i = n->first; i < n->first + n->count; i++) {
		k += c->recs[i].type == type;
	}
	return k;
}

/* Mark apex, cuts, glue and occluded names, NSEC3 owners and names outside the zone. */
static void classify(ctx_t *c)
{
	c->apex_node = -1;
	int cut = -1;       /* node of the innermost delegation or DNAME above the current name */
	for (size_t i = 0; i < c->nnodes; i++) {
		node_t *n = &c->nodes[i];
		const uint8_t *nm = node_name(c, n);
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
		bool below = cut >= 0 && dd_name_in_zone(nm, node_name(c, &c->nodes[cut])) &&
		             !dd_name_equal(nm, node_name(c, &c->nodes[cut]));
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
			if (!apex && node_has(c, n, DD_TYPE_NS)) {
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
static long find_node(ctx_t *c, const uint8_t *name)
{
	uint8_t lf[DD_NAME_MAXLEN];
	bool zero = false;
	size_t lflen = name_lf(name, lf, &zero);
	size_t lo = 0, hi = c->nnodes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const name_t *m = &c->names[c->nodes[mid].name];
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
static long nearest_cut(ctx_t *c, const uint8_t *name)
{
	unsigned apex_labels = dd_name_labels(c->apex);
	unsigned nl = dd_name_labels(name);
	long found = -1;
	for (unsigned k = apex_labels + 1; k <= nl; k++) {
		long n = find_node(c, dd_name_suffix(name, k));
		if (n >= 0 && (c->nodes[n].flags & NODE_CUT)) {
			found = n;  /* the topmost cut wins: everything below it is its glue */
			break;
		}
	}
	return found;
}

/* ---- keys ----------------------------------------------------------------------------------- */

static void load_keys(ctx_t *c)
{
	if (c->apex_node < 0) {
		return;
	}
	const node_t *n = &c->nodes[c->apex_node];
	char nb[1024];
	for (uint32_t r = n->first; r < n->first + n->count; r++) {
		const rec_t *rc = &c->recs[r];
		if (rc->type != DD_TYPE_DNSKEY) {
			continue;
		}
		if (c->nkeys == KEYS_MAX) {
			zfind(c, "DNSKEY_KEYTAG_COLLISION", c->apex, DD_TYPE_DNSKEY, 0, 0, 0,
			      "more than %d DNSKEYs at %s: the rest are not checked", KEYS_MAX,
			      ntext(c->apex, nb, sizeof(nb)));
			break;
		}
		zkey_t *k = &c->keys[c->nkeys++];
		*k = (zkey_t){ .rec = r, .tag = dd_keytag(rdata_of(c, rc), rc->rdlen) };
		dd_dnskey_t dk;
		if (dd_dnskey_parse(rdata_of(c, rc), rc->rdlen, &dk) != DD_OK) {
			zfind(c, "DNSKEY_INVALID", c->apex, DD_TYPE_DNSKEY, k->tag, 0, 0,
			      "DNSKEY with key tag %u is too short to hold flags, protocol and algorithm",
			      k->tag);
			continue;
		}
		k->alg = dk.algorithm;
		k->flags = dk.flags;
		int ret = dd_key_new(c->apex, rdata_of(c, rc), rc->rdlen, &k->key);
		if (ret == DD_ENOMEM) {
			c->err = ret;
			return;
		}
		if (ret != DD_OK) {
			k->key = NULL;
			zfind(c, "DNSKEY_INVALID", c->apex, DD_TYPE_DNSKEY, k->tag, k->alg, 0,
			      "DNSKEY %u (algorithm %u, %s): the public key is malformed for its "
			      "algorithm", k->tag, k->alg, dd_alg_name(k->alg));
			continue;
		}
		if (dk.protocol != DD_DNSKEY_PROTOCOL) {
			zfind(c, "DNSKEY_INVALID", c->apex, DD_TYPE_DNSKEY, k->tag, k->alg, 0,
			      "DNSKEY %u has protocol %u; RFC 4034 2.1.2 requires 3", k->tag,
			      dk.protocol);
		}
		if (!(dk.flags & DD_DNSKEY_FLAG_ZONE)) {
			continue;  /* not a zone key: cannot sign the zone (RFC 4034 2.1.1) */
		}
		if (!dd_key_supported(k->key)) {
			zfind(c, "ALGORITHM_UNSUPPORTED", c->apex, DD_TYPE_DNSKEY, k->tag, k->alg, 0,
			      "DNSKEY %u uses algorithm %u (%s), which this build and most validators "
			      "cannot verify: the zone is insecure to them (RFC 4035 5.2)", k->tag, k->alg,
			      dd_alg_name(k->alg));
		} else if (dd_alg_deprecated(k->alg)) {
			zfind(c, "ALGORITHM_DEPRECATED", c->apex, DD_TYPE_DNSKEY, k->tag, k->alg, 0,
			      "DNSKEY %u uses algorithm %u (%s): RFC 8624 says %s for signing, and "
			      "validators with SHA-1 signatures disabled (RHEL 9's default policy) fail it",
			      k->tag, k->alg, dd_alg_name(k->alg),
			      dd_rfc8624_name(dd_alg_signing_req(k->alg)));
		}
		if (!(dk.flags & DD_DNSKEY_FLAG_REVOKE)) {
			c->alg_present[k->alg] = true;
		}
	}
	/* key tag collisions (RFC 4034 B: tags are not unique; validators must try each) */
	for (size_t i = 0; i < c->nkeys; i++) {
		size_t same = 0;
		bool first = true;
		for (size_t j = 0; j < c->nkeys; j++) {
			if (c->keys[j].tag == c->keys[i].tag && c->keys[j].alg == c->keys[i].alg) {
				same++;
				if (j < i) {
					first = false;
				}
			}
		}
		if (same > 1 && first) {
			zfind(c, "DNSKEY_KEYTAG_COLLISION", c->apex, DD_TYPE_DNSKEY, c->keys[i].tag,
			      c->keys[i].alg, 0, "%zu DNSKEYs share key tag %u and algorithm %u: each "
			      "signature costs validators up to %zu verifications, and resolvers with "
			      "KeyTrap limits may give up", same, c->keys[i].tag, c->keys[i].alg, same);
		}
	}
}

/* ---- signature verification ----------------------------------------------------------------- */

static void verify_one(ctx_t *c, size_t j)
{
	const job_t *jb = &c->jobs[j];
	sigout_t *o = &c->outs[j];
	*o = (sigout_t){ .state = SS_MALFORMED, .key = 0xff };
	const rec_t *sr = &c->recs[jb->sig];
	const uint8_t *rd = rdata_of(c, sr);
	dd_rrsig_t sig;
	if (dd_rrsig_parse(rd, sr->rdlen, &sig) != DD_OK) {
		return;
	}
	const uint8_t *owner = name_of(c, c->nodes[jb->node].name);
	if (!dd_name_equal(sig.signer, c->apex)) {
		o->state = SS_SIGNER;
		return;
	}
	if (sig.labels != dd_name_rrsig_labels(owner)) {
		o->state = SS_LABELS;
		return;
	}
	dd_rdata_t small[64];
	dd_rdata_t *rds = jb->setn <= 64 ? small : malloc(jb->setn * sizeof(*rds));
	if (rds == NULL) {
		atomic_store(&c->worker_err, DD_ENOMEM);
		return;
	}
	for (uint32_t i = 0; i < jb->setn; i++) {
		const rec_t *r = &c->recs[jb->set + i];
		rds[i] = (dd_rdata_t){ .data = rdata_of(c, r), .len = r->rdlen };
	}
	const rec_t *first = &c->recs[jb->set];
	dd_rrset_t set = { .owner = owner, .type = first->type, .rclass = 1, .ttl = first->ttl,
		           .count = jb->setn, .rdata = rds };
	o->state = SS_NOKEY;
	bool any_alg = false;
	for (size_t k = 0; k < c->nkeys; k++) {
		const zkey_t *zk = &c->keys[k];
		if (zk->alg != sig.algorithm) {
			continue;
		}
		any_alg = true;
		if (zk->tag != sig.key_tag || zk->key == NULL) {
			continue;
		}
		if (o->tries >= KEYTAG_TRIES_MAX) {
			break;
		}
		if (!dd_key_supported(zk->key)) {
			o->state = SS_UNSUPPORTED;
			break;
		}
		dd_sig_result_t res;
		o->tries++;
		atomic_fetch_add_explicit(&c->verifications, 1, memory_order_relaxed);
		int ret = dd_sig_verify(&set, rd, sr->rdlen, zk->key, c->o->at, &res);
		if (ret == DD_ENOMEM) {
			atomic_store(&c->worker_err, DD_ENOMEM);
			break;
		}
		if (ret != DD_OK) {
			o->state = SS_MALFORMED;
			continue;
		}
		if (res.crypto != DD_CRYPTO_VALID) {
			if (o->state == SS_NOKEY || o->state == SS_MALFORMED) {
				o->state = SS_INVALID;
			}
			continue;
		}
		o->key = (uint8_t)k;
		uint32_t mm = res.mismatch & ~(uint32_t)DD_SIG_MISMATCH_REVOKED;
		if (mm & (DD_SIG_MISMATCH_ZONE_FLAG | DD_SIG_MISMATCH_PROTOCOL)) {
			o->state = SS_INVALID;
		} else if (res.window == DD_WINDOW_EXPIRED) {
			o->state = SS_EXPIRED;
		} else if (res.window == DD_WINDOW_NOT_YET_VALID) {
			o->state = SS_NOTYET;
		} else if (res.window == DD_WINDOW_INVERTED) {
			o->state = SS_INVERTED;
		} else if (res.mismatch & DD_SIG_MISMATCH_REVOKED) {
			o->state = set.type == DD_TYPE_DNSKEY ? SS_REVOKED_OK : SS_INVALID;
		} else {
			o->state = SS_OK;
		}
		break;
	}
	if (o->state == SS_NOKEY && !any_alg && !dd_alg_supported(sig.algorithm)) {
		o->state = SS_UNSUPPORTED;
	}
	if (rds != small) {
		free(rds);
	}
}

/* Take jobs until none is left; the calling thread reports progress. */
static void verify_loop(ctx_t *c, bool report)
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
			progress(c, "verifying", c->njobs, done < c->njobs ? done : c->njobs, false);
		}
	}
}

static void *worker(void *arg)
{
	verify_loop(arg, false);
	return NULL;
}

/* Whether RRsets of @p type at node @p n are authoritative data that must be signed. */
static bool needs_sig(const node_t *n, uint16_t type)
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

/* Build the verification jobs; report signatures that should not exist. */
static int build_jobs(ctx_t *c)
{
	size_t nsig = 0;
	for (size_t i = 0; i < c->nrecs; i++) {
		nsig += c->recs[i].sig;
	}
	c->res->signatures = nsig;
	c->jobs = malloc((nsig ? nsig : 1) * sizeof(job_t));
	c->outs = malloc((nsig ? nsig : 1) * sizeof(sigout_t));
	if (c->jobs == NULL || c->outs == NULL) {
		return DD_ENOMEM;
	}
	char nb[1024], tb[24];
	for (size_t ni = 0; ni < c->nnodes; ni++) {
		const node_t *n = &c->nodes[ni];
		const uint8_t *owner = node_name(c, n);
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
				dd__type_text(key, tb);
				zfind(c, "RRSIG_MISSING", owner, key, 0, 0, 0, "%s %s has no RRSIG: "
				      "validators see it bogus", ntext(owner, nb, sizeof(nb)), tb);
			}
			if (e > s) {
				dd__type_text(key, tb);
				if (n->flags & NODE_OUTSIDE) {
					/* reported once per name as OUT_OF_ZONE */
				} else if (!needs_sig(n, key) && s > r) {
					zfind(c, "RRSIG_NON_AUTHORITATIVE", owner, key, 0, 0, 0,
					      "%s %s is %s and must not be signed (RFC 4035 2.2), yet has %u "
					      "RRSIG(s)", ntext(owner, nb, sizeof(nb)), tb,
					      (n->flags & NODE_NONAUTH) ? "glue or occluded data" :
					      (key == DD_TYPE_NS ? "a delegation NS RRset" :
					       "glue at a delegation"), e - s);
				} else if (key == DD_TYPE_RRSIG) {
					zfind(c, "RRSIG_INVALID", owner, key, 0, 0, 0,
					      "%s has an RRSIG covering type RRSIG: RRSIGs are never signed "
					      "(RFC 4035 2.2)", ntext(owner, nb, sizeof(nb)));
				} else if (s == r) {
					zfind(c, "RRSIG_ORPHAN", owner, key, 0, 0, 0,
					      "%s has %u RRSIG(s) covering %s but no %s RRset",
					      ntext(owner, nb, sizeof(nb)), e - s, tb, tb);
				} else {
					for (uint32_t g = s; g < e; g++) {
						c->jobs[c->njobs++] = (job_t){ .sig = g, .set = r, .setn = s - r,
							                       .node = (uint32_t)ni };
					}
				}
			}
			r = e;
		}
	}
	return DD_OK;
}

/* ---- type bitmaps --------------------------------------------------------------------------- */

/* Decode a type bitmap into ascending types; @return the count, or -1 when malformed (with a
 * reason), counting trailing zero octets as malformed (RFC 4034 4.1.2). */
static int bitmap_types(const uint8_t *bm, size_t len, uint16_t *out, size_t cap,
                        const char **why)
{
	size_t n = 0, p = 0;
	int last = -1;
	*why = NULL;
	while (p < len) {
		if (p + 2 > len) {
			*why = "truncated window header";
			return -1;
		}
		int win = bm[p];
		unsigned blen = bm[p + 1];
		if (win <= last) {
			*why = "windows out of order or repeated";
			return -1;
		}
		if (blen == 0 || blen > 32 || p + 2 + blen > len) {
			*why = "bad window length";
			return -1;
		}
		if (bm[p + 2 + blen - 1] == 0) {
			*why = "trailing zero octets in a window (RFC 4034 4.1.2: omit them)";
			return -1;
		}
		for (unsigned i = 0; i < blen; i++) {
			for (unsigned b = 0; b < 8; b++) {
				if (bm[p + 2 + i] & (0x80 >> b)) {
					if (n < cap) {
						out[n] = (uint16_t)(win * 256 + i * 8 + b);
					}
					n++;
				}
			}
		}
		last = win;
		p += 2 + blen;
	}
	return n > cap ? -1 : (int)n;
}

static int u16cmp(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
	return x < y ? -1 : (x > y);
}

/* Types a denial record at node @p n must list (NSEC when @p nsec, else NSEC3). */
static size_t expected_types(const ctx_t *c, const node_t *n, bool nsec, uint16_t *out,
                             size_t cap)
{
	size_t k = 0;
	bool rrsig = false;
	if (n == NULL) {
		return 0;  /* empty non-terminal */
	}
	for (uint32_t r = n->first; r < n->first + n->count && k < cap; r++) {
		const rec_t *rc = &c->recs[r];
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

static void types_str(const uint16_t *t, size_t n, char *out, size_t len)
{
	size_t p = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && p + 1 < len; i++) {
		char tb[24];
		dd__type_text(t[i], tb);
		int w = snprintf(out + p, len - p, "%s%s", i ? " " : "", tb);
		if (w < 0) {
			break;
		}
		p += (size_t)w;
	}
	if (n == 0) {
		snprintf(out, len, "(none)");
	}
}

/* Compare a bitmap with the types at a name; report NSEC_BITMAP_WRONG. */
static void check_bitmap(ctx_t *c, const uint8_t *owner, uint16_t rtype, const uint8_t *bm,
                         size_t bmlen, const node_t *n, const uint8_t *for_name)
{
	uint16_t want[512], have[512];
	size_t nw = expected_types(c, n, rtype == DD_TYPE_NSEC, want, 512);
	const char *why = NULL;
	int nh = bitmap_types(bm, bmlen, have, 512, &why);
	char nb[1024], fb[1024], a[600], b[600];
	if (nh < 0) {
		zfind(c, "NSEC_BITMAP_WRONG", owner, rtype, 0, 0, 0, "%s %s for %s: malformed type "
		      "bitmap: %s", ntext(owner, nb, sizeof(nb)), rtype == DD_TYPE_NSEC ? "NSEC" :
		      "NSEC3", ntext(for_name, fb, sizeof(fb)), why ? why : "too many types");
		return;
	}
	if ((size_t)nh == nw && memcmp(want, have, nw * sizeof(uint16_t)) == 0) {
		return;
	}
	types_str(have, (size_t)nh, a, sizeof(a));
	types_str(want, nw, b, sizeof(b));
	zfind(c, "NSEC_BITMAP_WRONG", owner, rtype, 0, 0, 0,
	      "%s %s for %s lists [%s]; the name has [%s]", ntext(owner, nb, sizeof(nb)),
	      rtype == DD_TYPE_NSEC ? "NSEC" : "NSEC3", ntext(for_name, fb, sizeof(fb)), a, b);
}

/* ---- NSEC chain (RFC 4035 2.3, RFC 4034 4) ------------------------------------------------- */

/* Whether node @p n must own an NSEC record. */
static bool nsec_needed(const node_t *n)
{
	return !(n->flags & (NODE_NONAUTH | NODE_OUTSIDE)) &&
	       (n->flags & (NODE_DATA | NODE_APEX | NODE_CUT));
}

/* The NSEC records at node @p p must point to @p want (the next name, or the apex when
 * @p closing); report NSEC_CHAIN_BROKEN otherwise. */
static void nsec_link(ctx_t *c, const node_t *p, const uint8_t *want, bool closing)
{
	char nb[1024], xb[1024], wb[1024];
	const uint8_t *pn = node_name(c, p);
	for (uint32_t r = p->first; r < p->first + p->count; r++) {
		const rec_t *rc = &c->recs[r];
		dd_nsec_t ns;
		if (rc->type != DD_TYPE_NSEC ||
		    dd_nsec_parse(rdata_of(c, rc), rc->rdlen, &ns) != DD_OK ||
		    dd_name_equal(ns.next, want)) {
			continue;
		}
		ntext(pn, nb, sizeof(nb));
		ntext(ns.next, xb, sizeof(xb));
		ntext(want, wb, sizeof(wb));
		if (closing) {
			zfind(c, "NSEC_CHAIN_BROKEN", pn, DD_TYPE_NSEC, 0, 0, 0, "the last NSEC, at %s, "
			      "points to %s instead of closing the chain at the apex %s", nb, xb, wb);
		} else {
			zfind(c, "NSEC_CHAIN_BROKEN", pn, DD_TYPE_NSEC, 0, 0, 0, "NSEC at %s points to "
			      "%s; the next name of the zone is %s", nb, xb, wb);
		}
	}
}

static void check_nsec(ctx_t *c)
{
	char nb[1024];
	long prev = -1;
	for (size_t i = 0; i < c->nnodes; i++) {
		const node_t *n = &c->nodes[i];
		const uint8_t *owner = node_name(c, n);
		size_t cnt = node_count(c, n, DD_TYPE_NSEC);
		if (!nsec_needed(n)) {
			if (cnt > 0) {
				zfind(c, "NSEC_NON_AUTHORITATIVE", owner, DD_TYPE_NSEC, 0, 0, 0,
				      "%s is %s but owns an NSEC record", ntext(owner, nb, sizeof(nb)),
				      (n->flags & NODE_OUTSIDE) ? "outside the zone" :
				      "glue or occluded data");
			}
			continue;
		}
		if (prev >= 0) {
			nsec_link(c, &c->nodes[prev], owner, false);  /* it must point here */
		}
		if (cnt == 0) {
			zfind(c, "NSEC_MISSING", owner, DD_TYPE_NSEC, 0, 0, 0,
			      "%s has no NSEC record: the chain skips it and nothing can prove what "
			      "it holds", ntext(owner, nb, sizeof(nb)));
		} else if (cnt > 1) {
			zfind(c, "NSEC_CHAIN_BROKEN", owner, DD_TYPE_NSEC, 0, 0, 0,
			      "%s has %zu NSEC records; a name has exactly one (RFC 4034 4)",
			      ntext(owner, nb, sizeof(nb)), cnt);
		}
		for (uint32_t r = n->first; r < n->first + n->count; r++) {
			const rec_t *rc = &c->recs[r];
			dd_nsec_t ns;
			if (rc->type != DD_TYPE_NSEC) {
				continue;
			}
			if (dd_nsec_parse(rdata_of(c, rc), rc->rdlen, &ns) != DD_OK) {
				zfind(c, "NSEC_CHAIN_BROKEN", owner, DD_TYPE_NSEC, 0, 0, 0,
				      "NSEC at %s is malformed", ntext(owner, nb, sizeof(nb)));
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
	uint32_t rec;
	uint32_t node;
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
} n3ctx_t;

static int n3cmp(const void *a, const void *b)
{
	return memcmp(((const n3rec_t *)a)->hash, ((const n3rec_t *)b)->hash, DD_NSEC3_HASH_LEN);
}

static long n3find(const n3ctx_t *x, const uint8_t *h)
{
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
static long n3_name(ctx_t *c, n3ctx_t *x, const uint8_t *name, const node_t *n, uint8_t *h)
{
	if (dd_nsec3_hash(name, x->alg, x->iter, x->salt, x->salt_len, h) != DD_OK) {
		return -2;
	}
	long k = n3find(x, h);
	if (k >= 0) {
		n3rec_t *r = &x->v[k];
		r->matched = true;
		const rec_t *rc = &c->recs[r->rec];
		dd_nsec3_t n3;
		if (dd_nsec3_parse(rdata_of(c, rc), rc->rdlen, &n3) == DD_OK) {
			check_bitmap(c, node_name(c, &c->nodes[r->node]), DD_TYPE_NSEC3, n3.bitmap,
			             n3.bitmap_len, n, name);
		}
	}
	return k;
}

static void n3_missing(ctx_t *c, n3ctx_t *x, const uint8_t *name, const uint8_t *h,
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
		zfind(c, "NSEC3_OPTOUT_WRONG", name, DD_TYPE_NSEC3, 0, 0, 0,
		      "insecure delegation %s (hash %s) has no NSEC3 and the NSEC3 covering it "
		      "lacks the Opt-Out flag", ntext(name, nb, sizeof(nb)), hb);
		return;
	}
	zfind(c, "NSEC3_MISSING", name, DD_TYPE_NSEC3, 0, 0, 0,
	      "%s %s (hash %s) has no NSEC3 record", what, ntext(name, nb, sizeof(nb)), hb);
}

static void check_nsec3(ctx_t *c, const dd_nsec3_t *param)
{
	n3ctx_t x = { .alg = param->hash_algorithm, .iter = param->iterations,
		      .salt_len = param->salt_len };
	memcpy(x.salt, param->salt, param->salt_len);
	char nb[1024], hb[40], xb[40];
	size_t cap = 0;
	/* collect the chain's NSEC3 records */
	for (size_t i = 0; i < c->nnodes; i++) {
		const node_t *n = &c->nodes[i];
		if (!(n->flags & NODE_NSEC3)) {
			continue;
		}
		const uint8_t *owner = node_name(c, n);
		bool placed = !(n->flags & (NODE_NONAUTH | NODE_OUTSIDE)) &&
		              dd_name_labels(owner) == dd_name_labels(c->apex) + 1;
		for (uint32_t r = n->first; r < n->first + n->count; r++) {
			const rec_t *rc = &c->recs[r];
			if (rc->type != DD_TYPE_NSEC3) {
				continue;
			}
			dd_nsec3_t n3;
			if (dd_nsec3_parse(rdata_of(c, rc), rc->rdlen, &n3) != DD_OK) {
				zfind(c, "NSEC3_CHAIN_BROKEN", owner, DD_TYPE_NSEC3, 0, 0, 0,
				      "NSEC3 at %s is malformed", ntext(owner, nb, sizeof(nb)));
				continue;
			}
			if (n3.hash_algorithm != x.alg || n3.iterations != x.iter ||
			    n3.salt_len != x.salt_len || memcmp(n3.salt, x.salt, x.salt_len) != 0) {
				zfind(c, "NSEC3PARAM_MISMATCH", owner, DD_TYPE_NSEC3, 0, 0, 0,
				      "NSEC3 at %s has parameters %u %u %u that differ from the "
				      "NSEC3PARAM's %u %u %u (algorithm, iterations, salt length)",
				      ntext(owner, nb, sizeof(nb)), n3.hash_algorithm, n3.iterations,
				      n3.salt_len, x.alg, x.iter, x.salt_len);
				continue;
			}
			if (!placed) {
				zfind(c, "NSEC_NON_AUTHORITATIVE", owner, DD_TYPE_NSEC3, 0, 0, 0,
				      "NSEC3 at %s is not directly below the apex", ntext(owner, nb,
				      sizeof(nb)));
				continue;
			}
			uint8_t h[64];
			int hl = dd_base32hex_decode((const char *)owner + 1, owner[0], h, sizeof(h));
			if (hl != DD_NSEC3_HASH_LEN || n3.next_len != DD_NSEC3_HASH_LEN) {
				zfind(c, "NSEC3_CHAIN_BROKEN", owner, DD_TYPE_NSEC3, 0, 0, 0,
				      "NSEC3 at %s: the owner label or the next hashed owner is not a "
				      "%d-octet base32hex hash", ntext(owner, nb, sizeof(nb)),
				      DD_NSEC3_HASH_LEN);
				continue;
			}
			if (!grow((void **)&x.v, &cap, x.n + 1, sizeof(n3rec_t))) {
				c->err = DD_ENOMEM;
				free(x.v);
				return;
			}
			n3rec_t *e = &x.v[x.n++];
			memset(e, 0, sizeof(*e));
			memcpy(e->hash, h, DD_NSEC3_HASH_LEN);
			memcpy(e->next, n3.next, DD_NSEC3_HASH_LEN);
			e->rec = r;
			e->node = (uint32_t)i;
			e->flags = n3.flags;
			if (n3.flags & DD_NSEC3_FLAG_OPTOUT) {
				x.any_optout = true;
				c->res->nsec3_optout = true;
			}
		}
	}
	if (x.n > 1) {
		qsort(x.v, x.n, sizeof(*x.v), n3cmp);
	}
	/* the chain: one loop in hash order */
	for (size_t i = 0; i < x.n; i++) {
		const n3rec_t *e = &x.v[i];
		const uint8_t *owner = node_name(c, &c->nodes[e->node]);
		if (i + 1 < x.n && memcmp(e->hash, x.v[i + 1].hash, DD_NSEC3_HASH_LEN) == 0) {
			zfind(c, "NSEC3_CHAIN_BROKEN", owner, DD_TYPE_NSEC3, 0, 0, 0,
			      "%s owns more than one NSEC3 record of the chain", ntext(owner, nb,
			      sizeof(nb)));
			continue;
		}
		const n3rec_t *want = &x.v[(i + 1) % x.n];
		if (memcmp(e->next, want->hash, DD_NSEC3_HASH_LEN) != 0) {
			dd_base32hex_encode(e->next, DD_NSEC3_HASH_LEN, hb, false);
			dd_base32hex_encode(want->hash, DD_NSEC3_HASH_LEN, xb, false);
			zfind(c, "NSEC3_CHAIN_BROKEN", owner, DD_TYPE_NSEC3, 0, 0, 0,
			      "NSEC3 at %s points to %s; the next hash of the chain is %s%s",
			      ntext(owner, nb, sizeof(nb)), hb, xb,
			      i + 1 == x.n ? " (the chain must wrap to the first hash)" : "");
		}
	}
	/* every name that needs one has its NSEC3; empty non-terminals too (RFC 5155 7.1) */
	entry_t *stack = malloc(128 * sizeof(*stack));
	if (stack == NULL) {
		c->err = DD_ENOMEM;
		free(x.v);
		return;
	}
	size_t depth = 0;
	const uint8_t *prev = NULL;
	for (size_t i = 0; i < c->nnodes && c->err == DD_OK; i++) {
		const node_t *n = &c->nodes[i];
		if ((n->flags & (NODE_NONAUTH | NODE_OUTSIDE)) ||
		    !(n->flags & (NODE_DATA | NODE_APEX | NODE_CUT))) {
			continue;  /* glue, occluded, outside, or only an NSEC3 owner */
		}
		const uint8_t *nm = node_name(c, n);
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
			const uint8_t *owner = node_name(c, &c->nodes[x.v[i].node]);
			zfind(c, "NSEC3_ORPHAN", owner, DD_TYPE_NSEC3, 0, 0, 0,
			      "NSEC3 at %s matches the hash of no name of the zone", ntext(owner, nb,
			      sizeof(nb)));
		}
	}
	free(x.v);
}

/* NSEC3PARAM at the apex, then the chain it names; RFC 9276 parameters. */
static void check_denial(ctx_t *c)
{
	if (c->apex_node < 0) {
		return;
	}
	const node_t *apex = &c->nodes[c->apex_node];
	char nb[1024];
	dd_nsec3_t param;
	bool have_param = false;
	for (uint32_t r = apex->first; r < apex->first + apex->count; r++) {
		const rec_t *rc = &c->recs[r];
		dd_nsec3_t p;
		if (rc->type != DD_TYPE_NSEC3PARAM) {
			continue;
		}
		if (dd_nsec3param_parse(rdata_of(c, rc), rc->rdlen, &p) != DD_OK) {
			zfind(c, "NSEC3PARAM_INVALID", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
			      "the NSEC3PARAM is malformed");
			continue;
		}
		if (p.flags != 0) {
			zfind(c, "NSEC3PARAM_INVALID", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
			      "NSEC3PARAM flags are %u; RFC 5155 4.1.2 requires 0 (Opt-Out belongs in "
			      "NSEC3 records): servers ignore it", p.flags);
			continue;
		}
		if (p.hash_algorithm != DD_NSEC3_HASH_SHA1) {
			zfind(c, "NSEC3PARAM_INVALID", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
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
			const node_t *n = &c->nodes[i];
			for (uint32_t r = n->first; r < n->first + n->count && !have_param; r++) {
				const rec_t *rc = &c->recs[r];
				if (rc->type == DD_TYPE_NSEC3 &&
				    dd_nsec3_parse(rdata_of(c, rc), rc->rdlen, &param) == DD_OK) {
					have_param = true;
				}
			}
		}
		if (node_count(c, apex, DD_TYPE_NSEC3PARAM) == 0) {
			zfind(c, "NSEC3PARAM_MISMATCH", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
			      "the zone has NSEC3 records but no usable NSEC3PARAM at %s: "
			      "authoritative servers cannot find the chain", ntext(c->apex, nb,
			      sizeof(nb)));
		}
	}
	if (have_param && any_nsec3) {
		/* the NSEC3PARAM must name the chain that exists (RFC 5155 4) */
		dd_nsec3_t first;
		bool have_first = false, same = false;
		for (size_t i = 0; i < c->nnodes && !same; i++) {
			const node_t *n = &c->nodes[i];
			if (!(n->flags & NODE_NSEC3)) {
				continue;
			}
			for (uint32_t r = n->first; r < n->first + n->count && !same; r++) {
				const rec_t *rc = &c->recs[r];
				dd_nsec3_t p;
				if (rc->type != DD_TYPE_NSEC3 ||
				    dd_nsec3_parse(rdata_of(c, rc), rc->rdlen, &p) != DD_OK) {
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
			char sa[2 * 255 + 2], sb[2 * 255 + 2];
			snprintf(sa, sizeof(sa), "-");
			snprintf(sb, sizeof(sb), "-");
			if (param.salt_len) {
				dd_hex_encode(param.salt, param.salt_len, sa, true);
			}
			if (first.salt_len) {
				dd_hex_encode(first.salt, first.salt_len, sb, true);
			}
			zfind(c, "NSEC3PARAM_MISMATCH", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
			      "NSEC3PARAM %u 0 %u %s names no NSEC3 chain; the NSEC3 records use %u %u "
			      "%s: servers cannot find the chain and answer without denial proofs",
			      param.hash_algorithm, param.iterations, sa, first.hash_algorithm,
			      first.iterations, sb);
			param = first;  /* check the chain that exists */
		}
	}
	if (node_has(c, apex, DD_TYPE_NSEC)) {
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
		if (param.iterations > DD_RFC5155_ITERATIONS_MAX ||
		    param.iterations > 150) {
			zfind(c, "NSEC3_ITERATIONS_EXCESSIVE", c->apex, DD_TYPE_NSEC3PARAM, 0, 0, 0,
			      "NSEC3 uses %u iterations; Unbound, BIND and Knot Resolver treat answers "
			      "with more than 150 as insecure (RFC 9276 3.2)", param.iterations);
		} else if (param.iterations > 0 || param.salt_len > 0) {
			zfind(c, "NSEC3_PARAMETERS_NOT_RECOMMENDED", c->apex, DD_TYPE_NSEC3PARAM, 0, 0,
			      0, "NSEC3 uses %u iterations and a %u-octet salt; RFC 9276 3.1 "
			      "recommends 0 and none", param.iterations, param.salt_len);
		}
		check_nsec3(c, &param);
	} else if (c->nkeys > 0 && !node_has(c, apex, DD_TYPE_NSEC)) {
		zfind(c, "NSEC_MISSING", c->apex, DD_TYPE_NSEC, 0, 0, 0,
		      "the zone is signed but has neither NSEC nor NSEC3: nothing can be denied");
	}
}

/* ---- structure (RFC 1034, 2181, 6672), DS placement, CDS/CDNSKEY ---------------------------- */

static void check_structure(ctx_t *c)
{
	char nb[1024], tb[24];
	if (c->apex_node < 0) {
		zfind(c, "ZONE_STRUCTURE", c->apex, DD_TYPE_SOA, 0, 0, 0,
		      "no record at the apex %s: no SOA, no NS", ntext(c->apex, nb, sizeof(nb)));
	} else {
		const node_t *a = &c->nodes[c->apex_node];
		size_t soa = node_count(c, a, DD_TYPE_SOA);
		if (soa != 1) {
			zfind(c, "ZONE_STRUCTURE", c->apex, DD_TYPE_SOA, 0, 0, 0,
			      "%zu SOA records at the apex %s; a zone has exactly one", soa,
			      ntext(c->apex, nb, sizeof(nb)));
		}
		if (!node_has(c, a, DD_TYPE_NS)) {
			zfind(c, "ZONE_STRUCTURE", c->apex, DD_TYPE_NS, 0, 0, 0,
			      "no NS RRset at the apex %s", ntext(c->apex, nb, sizeof(nb)));
		}
		if (node_has(c, a, DD_TYPE_DS)) {
			zfind(c, "DS_NOT_AT_DELEGATION", c->apex, DD_TYPE_DS, 0, 0, 0,
			      "a DS RRset at the apex %s: DS belongs in the parent zone (RFC 4035 2.4)",
			      ntext(c->apex, nb, sizeof(nb)));
		}
		if (node_has(c, a, DD_TYPE_CNAME)) {
			zfind(c, "ZONE_STRUCTURE", c->apex, DD_TYPE_CNAME, 0, 0, 0,
			      "a CNAME at the apex %s, where SOA and NS must be (RFC 1034 3.6.2)",
			      ntext(c->apex, nb, sizeof(nb)));
		}
	}
	size_t outside = 0;
	for (size_t i = 0; i < c->nnodes; i++) {
		const node_t *n = &c->nodes[i];
		const uint8_t *nm = node_name(c, n);
		if (n->flags & NODE_OUTSIDE) {
			if (outside++ == 0) {
				char ab[1024];
				zfind(c, "OUT_OF_ZONE", nm, 0, 0, 0, 0, "%s is outside the zone %s; its "
				      "records are ignored", ntext(nm, nb, sizeof(nb)),
				      ntext(c->apex, ab, sizeof(ab)));
			}
			continue;
		}
		if ((n->flags & NODE_NONAUTH)) {
			continue;
		}
		if ((n->flags & NODE_DS) && !(n->flags & NODE_CUT) && !(n->flags & NODE_APEX)) {
			zfind(c, "DS_NOT_AT_DELEGATION", nm, DD_TYPE_DS, 0, 0, 0,
			      "a DS RRset at %s, which is not a delegation (no NS): RFC 4035 2.4",
			      ntext(nm, nb, sizeof(nb)));
		}
		size_t cname = node_count(c, n, DD_TYPE_CNAME);
		if (cname > 1) {
			zfind(c, "ZONE_STRUCTURE", nm, DD_TYPE_CNAME, 0, 0, 0,
			      "%zu CNAME records at %s; a name has at most one (RFC 2181 10.1)", cname,
			      ntext(nm, nb, sizeof(nb)));
		}
		if (cname > 0) {
			for (uint32_t r = n->first; r < n->first + n->count; r++) {
				uint16_t t = c->recs[r].type;
				if (t != DD_TYPE_CNAME && t != DD_TYPE_RRSIG && t != DD_TYPE_NSEC) {
					dd__type_text(t, tb);
					zfind(c, "ZONE_STRUCTURE", nm, DD_TYPE_CNAME, 0, 0, 0,
					      "%s has a CNAME and a %s RRset; a CNAME stands alone (RFC 1034 "
					      "3.6.2, RFC 2181 10.1)", ntext(nm, nb, sizeof(nb)), tb);
					break;
				}
			}
		}
		size_t dname = node_count(c, n, DD_TYPE_DNAME);
		if (dname > 1) {
			zfind(c, "ZONE_STRUCTURE", nm, DD_TYPE_DNAME, 0, 0, 0,
			      "%zu DNAME records at %s; a name has at most one (RFC 6672 2.4)", dname,
			      ntext(nm, nb, sizeof(nb)));
		}
		if (dname > 0 && (n->flags & NODE_CUT)) {
			zfind(c, "ZONE_STRUCTURE", nm, DD_TYPE_DNAME, 0, 0, 0,
			      "%s has a DNAME and NS records (RFC 6672 2.3)", ntext(nm, nb, sizeof(nb)));
		}
		/* names below a DNAME are occluded; below a cut they must be glue */
		if (dname > 0 && i + 1 < c->nnodes && (c->nodes[i + 1].flags & NODE_NONAUTH) &&
		    dd_name_in_zone(node_name(c, &c->nodes[i + 1]), nm)) {
			zfind(c, "ZONE_STRUCTURE", nm, DD_TYPE_DNAME, 0, 0, 0,
			      "data below the DNAME at %s is occluded and never served (RFC 6672 2.3)",
			      ntext(nm, nb, sizeof(nb)));
		}
		/* glue: in-bailiwick NS targets need addresses (RFC 1034 4.2.1) */
		if (!(n->flags & (NODE_CUT | NODE_APEX))) {
			continue;
		}
		for (uint32_t r = n->first; r < n->first + n->count; r++) {
			const rec_t *rc = &c->recs[r];
			if (rc->type != DD_TYPE_NS || dd_name_check(rdata_of(c, rc), rc->rdlen) < 0) {
				continue;
			}
			uint8_t target[DD_NAME_MAXLEN];
			dd_name_to_lower(target, rdata_of(c, rc));
			if (!dd_name_in_zone(target, c->apex)) {
				continue;
			}
			/* glue is needed for targets at or below this delegation, and addresses for
			 * targets in the zone's own data; below another delegation it is optional */
			long under = nearest_cut(c, target);
			if (under >= 0 && under != (long)i) {
				continue;
			}
			long t = find_node(c, target);
			bool ok = t >= 0 && (node_has(c, &c->nodes[t], DD_TYPE_A) ||
			                     node_has(c, &c->nodes[t], DD_TYPE_AAAA));
			if (!ok && t < 0) {
				/* an authoritative wildcard may answer for it (RFC 4592) */
				uint8_t wc[DD_NAME_MAXLEN];
				for (unsigned k = dd_name_labels(target); k > dd_name_labels(c->apex) && !ok;
				     k--) {
					const uint8_t *sfx = dd_name_suffix(target, k - 1);
					size_t sl = dd_name_len(sfx);
					if (sl + 2 > DD_NAME_MAXLEN) {
						break;
					}
					wc[0] = 1;
					wc[1] = '*';
					memcpy(wc + 2, sfx, sl);
					long w = find_node(c, wc);
					ok = w >= 0 && (node_has(c, &c->nodes[w], DD_TYPE_A) ||
					      node_has(c, &c->nodes[w], DD_TYPE_AAAA));
				}
			}
			if (!ok) {
				char gb[1024];
				zfind(c, "ZONE_STRUCTURE", nm, DD_TYPE_NS, 0, 0, 0,
				      "NS %s of %s is inside the zone but has no A or AAAA record (missing "
				      "glue)", ntext(target, gb, sizeof(gb)), ntext(nm, nb, sizeof(nb)));
			}
		}
		if (n->flags & NODE_CUT) {
			if (n->flags & NODE_DS) {
				c->res->delegations_secure++;
			} else {
				c->res->delegations_insecure++;
			}
			for (uint32_t r = n->first; r < n->first + n->count; r++) {
				const rec_t *rc = &c->recs[r];
				dd_ds_t ds;
				if (rc->type != DD_TYPE_DS ||
				    dd_ds_parse(rdata_of(c, rc), rc->rdlen, &ds) != DD_OK) {
					continue;
				}
				if (!dd_alg_supported(ds.algorithm)) {
					zfind(c, "ALGORITHM_UNSUPPORTED", nm, DD_TYPE_DS, ds.key_tag,
					      ds.algorithm, 0, "DS %u at %s names algorithm %u (%s), which "
					      "validators do not implement", ds.key_tag, ntext(nm, nb,
					      sizeof(nb)), ds.algorithm, dd_alg_name(ds.algorithm));
				} else if (dd_alg_deprecated(ds.algorithm)) {
					zfind(c, "DELEGATION_DS_DEPRECATED", nm, DD_TYPE_DS, ds.key_tag,
					      ds.algorithm, 0, "DS %u at %s names algorithm %u (%s), which "
					      "RFC 8624 says %s for signing", ds.key_tag, ntext(nm, nb,
					      sizeof(nb)), ds.algorithm, dd_alg_name(ds.algorithm),
					      dd_rfc8624_name(dd_alg_signing_req(ds.algorithm)));
				}
				size_t want = dd_digest_len(ds.digest_type);
				dd_rfc8624_t dreq = dd_digest_creation_req(ds.digest_type);
				if (want == 0) {
					zfind(c, "ALGORITHM_UNSUPPORTED", nm, DD_TYPE_DS, ds.key_tag,
					      ds.algorithm, 0, "DS %u at %s has digest type %u, which is %s: "
					      "validators ignore it", ds.key_tag, ntext(nm, nb, sizeof(nb)),
					      ds.digest_type, ds.digest_type == 0 ? "reserved" : "not assigned");
				} else if (ds.digest_len != want) {
					zfind(c, "DS_DIGEST_MISMATCH", nm, DD_TYPE_DS, ds.key_tag, ds.algorithm, 0,
					      "DS %u at %s: a digest of type %u (%s) is %zu octets, this one is "
					      "%zu: it can match no key", ds.key_tag, ntext(nm, nb, sizeof(nb)),
					      ds.digest_type, dd_digest_name(ds.digest_type), want, ds.digest_len);
				} else if (dreq == DD_REQ_MUST_NOT) {
					zfind(c, "DELEGATION_DS_DEPRECATED", nm, DD_TYPE_DS, ds.key_tag,
					      ds.algorithm, 0,
					      "DS %u at %s uses digest type %u (%s): RFC 8624 says MUST NOT",
					      ds.key_tag, ntext(nm, nb, sizeof(nb)), ds.digest_type,
					      dd_digest_name(ds.digest_type));
				}
			}
		}
	}
	if (outside > 1) {
		zfind(c, "OUT_OF_ZONE", c->apex, 0, 0, 0, 0, "%zu names in all are outside the zone",
		      outside);
	}
}

/* A CDS/CDNSKEY "delete" record (RFC 8078 4): algorithm 0. */
static bool is_delete(uint16_t type, const uint8_t *rd, size_t len)
{
	if (type == DD_TYPE_CDS) {
		return len >= 4 && rd[2] == 0;
	}
	return len >= 4 && rd[3] == 0;
}

static void check_cds(ctx_t *c)
{
	if (c->apex_node < 0) {
		return;
	}
	const node_t *a = &c->nodes[c->apex_node];
	size_t ncds = node_count(c, a, DD_TYPE_CDS), ncdnskey = node_count(c, a, DD_TYPE_CDNSKEY);
	if (ncds == 0 && ncdnskey == 0) {
		return;
	}
	if ((ncds == 0) != (ncdnskey == 0)) {
		zfind(c, "CDS_CDNSKEY_UNPAIRED", c->apex, ncds ? DD_TYPE_CDS : DD_TYPE_CDNSKEY, 0, 0, 0,
		      "the apex publishes %s without %s: parents that read only the other one see "
		      "nothing (RFC 7344 4)", ncds ? "CDS" : "CDNSKEY", ncds ? "CDNSKEY" : "CDS");
	}
	bool del_cds = false, del_cdnskey = false;
	for (uint32_t r = a->first; r < a->first + a->count; r++) {
		const rec_t *rc = &c->recs[r];
		const uint8_t *rd = rdata_of(c, rc);
		if (rc->type == DD_TYPE_CDS) {
			dd_ds_t ds;
			if (dd_ds_parse(rd, rc->rdlen, &ds) != DD_OK) {
				zfind(c, "CDS_MISMATCH", c->apex, DD_TYPE_CDS, 0, 0, 0, "a malformed CDS");
				continue;
			}
			if (is_delete(rc->type, rd, rc->rdlen)) {
				del_cds = true;
				if (ds.key_tag != 0 || ds.digest_type != 0 || ds.digest_len != 1 ||
				    ds.digest[0] != 0 || ncds > 1) {
					zfind(c, "CDS_MISMATCH", c->apex, DD_TYPE_CDS, 0, 0, 0,
					      "a CDS delete record must be exactly \"0 0 0 00\" and alone in "
					      "its RRset (RFC 8078 4)");
				}
				continue;
			}
			if (dd_digest_creation_req(ds.digest_type) == DD_REQ_MUST_NOT) {
				zfind(c, "DS_DIGEST_WEAK", c->apex, DD_TYPE_CDS, ds.key_tag, ds.algorithm, 0,
				      "CDS %u uses digest type %u (%s): RFC 8624 says MUST NOT", ds.key_tag,
				      ds.digest_type, dd_digest_name(ds.digest_type));
			}
			bool match = false;
			for (size_t k = 0; k < c->nkeys && !match; k++) {
				const rec_t *kr = &c->recs[c->keys[k].rec];
				dd_ds_result_t dr;
				match = dd_ds_match(c->apex, &ds, rdata_of(c, kr), kr->rdlen, &dr) == DD_OK &&
				        dd_ds_result_ok(&dr);
			}
			if (!match) {
				zfind(c, "CDS_MISMATCH", c->apex, DD_TYPE_CDS, ds.key_tag, ds.algorithm, 0,
				      "CDS %u %u %u matches no DNSKEY of the zone: a parent that follows it "
				      "installs a DS that breaks the zone", ds.key_tag, ds.algorithm,
				      ds.digest_type);
			}
			/* with a CDNSKEY RRset, it must also match one of those */
			if (ncdnskey > 0 && !match) {
				continue;
			}
			if (ncdnskey > 0) {
				bool paired = false;
				for (uint32_t q = a->first; q < a->first + a->count && !paired; q++) {
					const rec_t *qc = &c->recs[q];
					dd_ds_result_t dr;
					paired = qc->type == DD_TYPE_CDNSKEY &&
					         dd_ds_match(c->apex, &ds, rdata_of(c, qc), qc->rdlen, &dr) ==
					         DD_OK && dd_ds_result_ok(&dr);
				}
				if (!paired) {
					zfind(c, "CDS_MISMATCH", c->apex, DD_TYPE_CDS, ds.key_tag, ds.algorithm,
					      0, "CDS %u has no matching CDNSKEY: CDS and CDNSKEY disagree "
					      "(RFC 7344 4)", ds.key_tag);
				}
			}
		} else if (rc->type == DD_TYPE_CDNSKEY) {
			if (is_delete(rc->type, rd, rc->rdlen)) {
				del_cdnskey = true;
				static const uint8_t DEL[] = { 0, 0, 3, 0, 0 };
				if (rc->rdlen != sizeof(DEL) || memcmp(rd, DEL, sizeof(DEL)) != 0 ||
				    ncdnskey > 1) {
					zfind(c, "CDS_MISMATCH", c->apex, DD_TYPE_CDNSKEY, 0, 0, 0,
					      "a CDNSKEY delete record must be exactly \"0 3 0 AA==\" and "
					      "alone in its RRset (RFC 8078 4)");
				}
				continue;
			}
			bool found = false;
			for (size_t k = 0; k < c->nkeys && !found; k++) {
				const rec_t *kr = &c->recs[c->keys[k].rec];
				found = kr->rdlen == rc->rdlen && memcmp(rdata_of(c, kr), rd, rc->rdlen) == 0;
			}
			uint16_t tag = dd_keytag(rd, rc->rdlen);
			if (!found) {
				zfind(c, "CDS_MISMATCH", c->apex, DD_TYPE_CDNSKEY, tag, 0, 0,
				      "CDNSKEY %u is not in the DNSKEY RRset", tag);
			}
			if (ncds > 0) {
				bool paired = false;
				for (uint32_t q = a->first; q < a->first + a->count && !paired; q++) {
					const rec_t *qc = &c->recs[q];
					dd_ds_t ds;
					dd_ds_result_t dr;
					paired = qc->type == DD_TYPE_CDS &&
					         dd_ds_parse(rdata_of(c, qc), qc->rdlen, &ds) == DD_OK &&
					         dd_ds_match(c->apex, &ds, rd, rc->rdlen, &dr) == DD_OK &&
					         dd_ds_result_ok(&dr);
				}
				if (!paired && found) {
					zfind(c, "CDS_MISMATCH", c->apex, DD_TYPE_CDNSKEY, tag, 0, 0,
					      "CDNSKEY %u has no matching CDS: CDS and CDNSKEY disagree (RFC "
					      "7344 4)", tag);
				}
			}
		}
	}
	if (ncds > 0 && ncdnskey > 0 && del_cds != del_cdnskey) {
		zfind(c, "CDS_MISMATCH", c->apex, DD_TYPE_CDS, 0, 0, 0,
		      "one of CDS and CDNSKEY asks to delete the DS and the other does not (RFC 8078 4)");
	}
}

/* ---- results -------------------------------------------------------------------------------- */

static int64_t serial_time(uint32_t t, int64_t at)
{
	/* RFC 4034 3.1.5: the 32-bit time nearest to @p at (RFC 1982) */
	return at + (int32_t)(t - (uint32_t)at);
}

static int sig_rank(uint8_t s)
{
	/* the most telling failure first: valid crypto but bad window beats bad crypto */
	static const int rank[] = { [SS_OK] = 0, [SS_REVOKED_OK] = 1, [SS_EXPIRED] = 2,
		                    [SS_NOTYET] = 3, [SS_INVERTED] = 4, [SS_INVALID] = 5,
		                    [SS_SIGNER] = 6, [SS_LABELS] = 7, [SS_NOKEY] = 8,
		                    [SS_UNSUPPORTED] = 9, [SS_MALFORMED] = 10 };
	return s <= SS_MALFORMED ? rank[s] : 11;
}

static void add_expiry(ctx_t *c, uint16_t type, int64_t when, const uint8_t *owner)
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

/* Report one failing RRSIG. */
static void sig_finding(ctx_t *c, const char *code_ok_alt, size_t j, bool redundant)
{
	const job_t *jb = &c->jobs[j];
	const sigout_t *o = &c->outs[j];
	const rec_t *sr = &c->recs[jb->sig];
	const uint8_t *owner = name_of(c, c->nodes[jb->node].name);
	dd_rrsig_t sig;
	memset(&sig, 0, sizeof(sig));
	(void)dd_rrsig_parse(rdata_of(c, sr), sr->rdlen, &sig);
	char nb[1024], tb[24], wb[32], db[48], sb[1024];
	ntext(owner, nb, sizeof(nb));
	dd__type_text(sr->key, tb);
	int64_t exp = serial_time(sig.expiration, c->o->at);
	int64_t inc = serial_time(sig.inception, c->o->at);
	const char *code = NULL;
	char what[400];
	switch (o->state) {
	case SS_EXPIRED:
		code = "RRSIG_EXPIRED";
		dd__time_text(exp, wb);
		dd__duration_text(c->o->at - exp, db);
		snprintf(what, sizeof(what), "expired %s ago, at %s", db, wb);
		break;
	case SS_NOTYET:
		code = "RRSIG_NOT_YET_VALID";
		dd__time_text(inc, wb);
		dd__duration_text(inc - c->o->at, db);
		snprintf(what, sizeof(what), "is valid only from %s (in %s)", wb, db);
		break;
	case SS_INVERTED:
		code = "RRSIG_INVALID";
		snprintf(what, sizeof(what), "has an expiration before its inception: never valid");
		break;
	case SS_INVALID:
		code = "RRSIG_INVALID";
		snprintf(what, sizeof(what), "does not verify with DNSKEY %u (corrupted signature, "
		         "altered data, or the wrong key)", sig.key_tag);
		break;
	case SS_NOKEY:
		code = "RRSIG_INVALID";
		snprintf(what, sizeof(what), "names DNSKEY %u (algorithm %u), which the DNSKEY RRset "
		         "does not hold", sig.key_tag, sig.algorithm);
		break;
	case SS_SIGNER:
		code = "RRSIG_SIGNER_INVALID";
		snprintf(what, sizeof(what), "has Signer's Name %s instead of the apex",
		         sig.signer ? ntext(sig.signer, sb, sizeof(sb)) : "(malformed)");
		break;
	case SS_LABELS:
		code = "RRSIG_LABELS_INVALID";
		snprintf(what, sizeof(what), "has Labels %u; the owner has %u", sig.labels,
		         dd_name_rrsig_labels(owner));
		break;
	case SS_MALFORMED:
		code = "RRSIG_INVALID";
		snprintf(what, sizeof(what), "is malformed");
		break;
	default:
		return;
	}
	if (redundant) {
		code = code_ok_alt;
	}
	zfind(c, code, owner, sr->key, sig.key_tag, sig.algorithm,
	      o->state == SS_NOTYET ? inc : exp, "RRSIG %s %s by key %u (algorithm %u) %s%s", nb, tb,
	      sig.key_tag, sig.algorithm, what, redundant ? "; another signature of the same "
	      "algorithm is valid, so validators still accept the RRset" : "");
}

/* Per RRset: a usable signature of every algorithm; expiry; key usage. */
static void aggregate(ctx_t *c)
{
	char nb[1024], tb[24];
	dd_zone_check_t *res = c->res;
	/* Algorithms in use are those that sign the DNSKEY RRset (as dnssec-verify counts them;
	 * a signature outside its window still shows the intent); a key of another algorithm is
	 * published but signs nothing (RFC 6840 5.11). */
	for (size_t g = 0; g < c->njobs; g++) {
		const job_t *jb = &c->jobs[g];
		if (jb->node == (uint32_t)c->apex_node && c->recs[jb->set].type == DD_TYPE_DNSKEY &&
		    (c->outs[g].state == SS_OK || c->outs[g].state == SS_EXPIRED ||
		     c->outs[g].state == SS_NOTYET) && c->outs[g].key < c->nkeys) {
			c->alg_active[c->keys[c->outs[g].key].alg] = true;
		}
	}
	for (unsigned a = 0; a < 256; a++) {
		if (c->alg_present[a] && !c->alg_active[a] && dd_alg_supported((uint8_t)a)) {
			zfind(c, "ALGORITHM_INCOMPLETE", c->apex, DD_TYPE_DNSKEY, 0, (uint8_t)a, 0,
			      "the DNSKEY RRset holds keys of algorithm %u (%s) but no valid signature of "
			      "that algorithm covers it: the keys sign nothing (stand-by). RFC 4035 2.2 "
			      "asks for signatures of every algorithm; validators do not insist (RFC "
			      "6840 5.11)", a, dd_alg_name((uint8_t)a));
		}
	}
	size_t j = 0;
	/* RRsets with RRSIGs: jobs are grouped by RRset, in store order */
	while (j < c->njobs) {
		size_t e = j + 1;
		while (e < c->njobs && c->jobs[e].set == c->jobs[j].set) {
			e++;
		}
		const job_t *jb = &c->jobs[j];
		const rec_t *first = &c->recs[jb->set];
		const uint8_t *owner = name_of(c, c->nodes[jb->node].name);
		bool alg_ok[256] = { false }, alg_seen[256] = { false };
		int64_t best_exp = 0;
		bool any_ok = false;
		for (size_t g = j; g < e; g++) {
			const sigout_t *o = &c->outs[g];
			const rec_t *sr = &c->recs[c->jobs[g].sig];
			const uint8_t *rd = rdata_of(c, sr);
			uint8_t alg = sr->rdlen > 2 ? rd[2] : 0;
			alg_seen[alg] = true;
			if (o->key != 0xff && o->key < c->nkeys && (o->state == SS_OK)) {
				res->keys[o->key].signatures++;
				if (first->type == DD_TYPE_DNSKEY) {
					res->keys[o->key].signs_dnskey = true;
				}
			}
			if (o->state == SS_OK) {
				alg_ok[alg] = true;
				any_ok = true;
				dd_rrsig_t sig;
				if (dd_rrsig_parse(rd, sr->rdlen, &sig) == DD_OK) {
					int64_t x = serial_time(sig.expiration, c->o->at);
					if (x > best_exp) {
						best_exp = x;
					}
					if (sig.original_ttl != first->ttl) {
						zfind(c, "RRSIG_TTL_MISMATCH", owner, first->type, sig.key_tag,
						      sig.algorithm, 0, "%s %s has TTL %u but its RRSIG by key %u "
						      "has Original TTL %u", ntext(owner, nb, sizeof(nb)),
						      (dd__type_text(first->type, tb), tb), first->ttl, sig.key_tag,
						      sig.original_ttl);
					}
				}
			}
		}
		/* failures: per algorithm, the most telling one when no signature of it is usable */
		for (size_t g = j; g < e; g++) {
			const sigout_t *o = &c->outs[g];
			if (o->state == SS_OK || o->state == SS_REVOKED_OK ||
			    o->state == SS_UNSUPPORTED) {
				continue;
			}
			const rec_t *sr = &c->recs[c->jobs[g].sig];
			uint8_t alg = sr->rdlen > 2 ? rdata_of(c, sr)[2] : 0;
			bool redundant = alg_ok[alg];
			if (!redundant) {
				/* report only the most telling failure of this algorithm */
				bool better = false;
				for (size_t h = j; h < e && !better; h++) {
					const rec_t *hr = &c->recs[c->jobs[h].sig];
					uint8_t ha = hr->rdlen > 2 ? rdata_of(c, hr)[2] : 0;
					if (h != g && ha == alg &&
					    (sig_rank(c->outs[h].state) < sig_rank(o->state) ||
					     (sig_rank(c->outs[h].state) == sig_rank(o->state) && h < g))) {
						better = true;
					}
				}
				if (better) {
					continue;
				}
			}
			sig_finding(c, "RRSIG_REDUNDANT_INVALID", g, redundant);
		}
		/* every algorithm of the DNSKEY RRset signs the RRset (RFC 4035 2.2) */
		for (unsigned a = 0; a < 256; a++) {
			if (c->alg_active[a] && !alg_seen[a]) {
				dd__type_text(first->type, tb);
				zfind(c, "RRSIG_MISSING", owner, first->type, 0, (uint8_t)a, 0,
				      "%s %s has no RRSIG of algorithm %u (%s), which the DNSKEY RRset "
				      "uses (RFC 4035 2.2)", ntext(owner, nb, sizeof(nb)), tb, a,
				      dd_alg_name((uint8_t)a));
			}
		}
		if (any_ok) {
			add_expiry(c, first->type, best_exp, owner);
		}
		j = e;
	}
}

/* The DNSKEY RRset is signed by a SEP key of each algorithm; given DS records match. */
static void key_checks(ctx_t *c)
{
	dd_zone_check_t *res = c->res;
	char nb[1024];
	if (c->nkeys == 0 && c->o->nds > 0) {
		/* the parent vouches for keys the zone does not have: every validator fails it */
		zfind(c, "DS_WITHOUT_DNSKEY", c->apex, DD_TYPE_DS, 0, 0, 0,
		      "%zu DS record(s) given for %s, but the zone has no DNSKEY RRset: published "
		      "like this, validators see it bogus; remove the DS at the parent first and wait "
		      "out its TTL before serving the zone unsigned", c->o->nds,
		      ntext(c->apex, nb, sizeof(nb)));
		return;
	}
	if (c->apex_node < 0 || c->nkeys == 0) {
		return;
	}
	/* which keys signed the DNSKEY RRset, from the jobs over it */
	bool sep_ok[256] = { false };
	for (size_t j = 0; j < c->njobs; j++) {
		const job_t *jb = &c->jobs[j];
		if (c->recs[jb->set].type != DD_TYPE_DNSKEY || jb->node != (uint32_t)c->apex_node) {
			continue;
		}
		const sigout_t *o = &c->outs[j];
		/* a SEP key's signature outside its window is reported as such, not as no SEP */
		if ((o->state == SS_OK || o->state == SS_EXPIRED || o->state == SS_NOTYET) &&
		    o->key < c->nkeys && (c->keys[o->key].flags & DD_DNSKEY_FLAG_SEP)) {
			sep_ok[c->keys[o->key].alg] = true;
		}
	}
	for (unsigned a = 0; a < 256; a++) {
		if (!c->alg_active[a] || sep_ok[a]) {
			continue;
		}
		bool any_sep = false;
		for (size_t k = 0; k < c->nkeys; k++) {
			any_sep |= c->keys[k].alg == a && (c->keys[k].flags & DD_DNSKEY_FLAG_SEP) &&
			           !(c->keys[k].flags & DD_DNSKEY_FLAG_REVOKE);
		}
		zfind(c, "SEP_MISSING_FOR_ALGORITHM", c->apex, DD_TYPE_DNSKEY, 0, (uint8_t)a, 0,
		      "no valid signature over the DNSKEY RRset by a key with the SEP flag for "
		      "algorithm %u (%s)%s", a, dd_alg_name((uint8_t)a),
		      any_sep ? ": the KSK of that algorithm does not sign it" :
		      ": no key of that algorithm has the SEP flag (a KSK)");
	}
	if (c->o->nds == 0) {
		return;
	}
	/* DS records as the parent (or registrar) has them */
	bool any_match = false;
	/* per DS: 1 matches a key, 2 matches a key that signs the DNSKEY RRset */
	uint8_t *matched = calloc(c->o->nds, 1);
	if (matched == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	for (size_t d = 0; d < c->o->nds; d++) {
		const dd_rr_t *rr = &c->o->ds[d];
		dd_ds_t ds;
		if (dd_ds_parse(rr->rdata.data, rr->rdata.len, &ds) != DD_OK) {
			continue;
		}
		for (size_t k = 0; k < c->nkeys; k++) {
			const rec_t *kr = &c->recs[c->keys[k].rec];
			dd_ds_result_t dr;
			if (dd_ds_match(c->apex, &ds, rdata_of(c, kr), kr->rdlen, &dr) == DD_OK &&
			    dd_ds_result_ok(&dr)) {
				res->keys[k].ds_matched = true;
				if (res->keys[k].signs_dnskey) {
					matched[d] = 2;
					any_match = true;
				} else if (matched[d] == 0) {
					matched[d] = 1;
				}
			}
		}
	}
	for (size_t d = 0; d < c->o->nds; d++) {
		const dd_rr_t *rr = &c->o->ds[d];
		dd_ds_t ds;
		if (dd_ds_parse(rr->rdata.data, rr->rdata.len, &ds) != DD_OK) {
			zfind(c, "DS_NO_MATCHING_DNSKEY", c->apex, DD_TYPE_DS, 0, 0, 0,
			      "a given DS record is malformed");
			continue;
		}
		if (!dd_name_equal(rr->owner, c->apex)) {
			zfind(c, "DS_NO_MATCHING_DNSKEY", c->apex, DD_TYPE_DS, ds.key_tag, ds.algorithm, 0,
			      "DS %u is for %s, not for this zone", ds.key_tag, ntext(rr->owner, nb,
			      sizeof(nb)));
			continue;
		}
		if (dd_digest_creation_req(ds.digest_type) == DD_REQ_MUST_NOT) {
			zfind(c, "DS_DIGEST_WEAK", c->apex, DD_TYPE_DS, ds.key_tag, ds.algorithm, 0,
			      "DS %u uses digest type %u (%s): RFC 8624 says MUST NOT", ds.key_tag,
			      ds.digest_type, dd_digest_name(ds.digest_type));
		}
		if (matched[d]) {
			if (matched[d] == 1) {
				zfind(c, "DNSKEY_NOT_SIGNED_BY_DS_KEY", c->apex, DD_TYPE_DNSKEY, ds.key_tag,
				      ds.algorithm, 0, "DS %u matches DNSKEY %u, but that key has no valid "
				      "signature over the DNSKEY RRset", ds.key_tag, ds.key_tag);
			}
			continue;
		}
		const char *code = any_match ? "DS_STALE_EXTRA" : "DS_NO_MATCHING_DNSKEY";
		const char *why = "no DNSKEY has that key tag and algorithm";
		for (size_t k = 0; k < c->nkeys; k++) {
			if (c->keys[k].tag != ds.key_tag) {
				continue;
			}
			if (c->keys[k].alg != ds.algorithm) {
				code = any_match ? code : "DS_ALGORITHM_MISMATCH";
				why = "the DNSKEY with that key tag has another algorithm";
			} else if (!dd_digest_supported(ds.digest_type)) {
				code = "ALGORITHM_UNSUPPORTED";
				why = "its digest type cannot be computed";
			} else {
				code = any_match ? code : "DS_DIGEST_MISMATCH";
				why = "the DNSKEY with that key tag and algorithm has another digest";
				break;
			}
		}
		zfind(c, code, c->apex, DD_TYPE_DS, ds.key_tag, ds.algorithm, 0,
		      "DS %u %u %u does not match: %s%s", ds.key_tag, ds.algorithm, ds.digest_type,
		      why, any_match ? " (another DS matches; remove this one)" :
		      ": validators will see the zone bogus");
	}
	free(matched);
}

static void expiring(ctx_t *c)
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
		zfind(c, "RRSIG_EXPIRING", e->owner, e->type, 0, 0, e->expiration,
		      "the last valid RRSIG of %s %s expires at %s, in %s: re-sign the zone and "
		      "publish it on every server before then", ntext(e->owner, nb, sizeof(nb)), tb,
		      wb, db);
	}
}

/* Findings in severity order (errors first), keeping discovery order within one severity. */
static int order_findings(dd_zone_check_t *res)
{
	if (res->nfindings < 2) {
		return DD_OK;
	}
	dd_finding_t *s = malloc(res->nfindings * sizeof(*s));
	if (s == NULL) {
		return DD_ENOMEM;
	}
	size_t k = 0;
	for (int sev = DD_SEV_ERROR; sev >= DD_SEV_NOTICE; sev--) {
		for (size_t i = 0; i < res->nfindings; i++) {
			if ((int)res->findings[i].severity == sev) {
				s[k++] = res->findings[i];
			}
		}
	}
	free(res->findings);
	res->findings = s;
	return DD_OK;
}

/* ---- driver --------------------------------------------------------------------------------- */

static void ctx_free(ctx_t *c)
{
	for (size_t k = 0; k < c->nkeys; k++) {
		dd_key_free(c->keys[k].key);
	}
	free(c->arena);
	free(c->recs);
	free(c->names);
	free(c->nodes);
	free(c->jobs);
	free(c->outs);
}

static unsigned cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : (n > 256 ? 256 : (unsigned)n);
}

static int check(const char *path, const char *text, size_t len,
                 const dd_zone_check_opts_t *opts, dd_zone_check_t **out,
                 dd_zonefile_error_t *err)
{
	if (opts == NULL || out == NULL || (path == NULL && text == NULL)) {
		return DD_EINVAL;
	}
	ctx_t *c = calloc(1, sizeof(*c));
	dd_zone_check_t *res = calloc(1, sizeof(*res));
	if (c == NULL || res == NULL) {
		free(c);
		free(res);
		return DD_ENOMEM;
	}
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
	c->o = opts;
	c->res = res;
	c->sorted = true;
	c->per_code = opts->max_findings_per_code ? opts->max_findings_per_code : 20;
	res->at = opts->at;
	res->expire_warn = opts->expire_warn;
	res->threads = opts->threads ? opts->threads : cpu_count();
	if (res->threads > 256) {
		res->threads = 256;
	}
	snprintf(res->nsec3_salt, sizeof(res->nsec3_salt), "-");
	int ret;
	if (opts->origin != NULL) {
		int l = dd_name_from_str(opts->origin, c->apex);
		if (l < 0) {
			ret = DD_EINVAL;
			goto fail;
		}
		c->apex_len = dd_name_to_lower(c->apex, c->apex);
		c->have_apex = true;
	}
	ret = path ? dd_zonefile_parse_file(path, opts->origin, 3600, on_record, c, err)
	           : dd_zonefile_parse_string(text, len, opts->origin, 3600, on_record, c, err);
	if (ret != DD_OK) {
		goto fail;
	}
	if (!c->have_apex) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			snprintf(err->file, sizeof(err->file), "%s", path ? path : "<string>");
			snprintf(err->message, sizeof(err->message),
			         "no SOA record to take the zone's origin from; give it with -o");
		}
		ret = DD_EINVAL;
		goto fail;
	}
	res->records = c->nrecs;
	res->seconds_read = elapsed(c);
	/* give back the growth slack: the store is now fixed */
	if (c->alen > 0 && c->alen < c->acap) {
		uint8_t *a = realloc(c->arena, c->alen);
		if (a != NULL) {
			c->arena = a;
			c->acap = c->alen;
		}
	}
	if (c->nrecs > 0 && c->nrecs < c->caprecs) {
		rec_t *r = realloc(c->recs, c->nrecs * sizeof(rec_t));
		if (r != NULL) {
			c->recs = r;
			c->caprecs = c->nrecs;
		}
	}
	progress(c, "sorting", 0, 0, true);
	ret = order_store(c);
	if (ret != DD_OK) {
		goto fail;
	}
	memcpy(res->origin, c->apex, c->apex_len);
	res->names = c->nnodes;
	classify(c);
	load_keys(c);
	res->signed_zone = c->nkeys > 0;
	res->nkeys = c->nkeys;
	res->keys = calloc(c->nkeys ? c->nkeys : 1, sizeof(dd_zone_key_t));
	if (res->keys == NULL || c->err != DD_OK) {
		ret = DD_ENOMEM;
		goto fail;
	}
	for (size_t k = 0; k < c->nkeys; k++) {
		const zkey_t *z = &c->keys[k];
		res->keys[k] = (dd_zone_key_t){ .key_tag = z->tag, .algorithm = z->alg,
			                        .flags = z->flags, .valid = z->key != NULL,
			                        .bits = z->key ? dd_key_bits(z->key) : 0,
			                        .supported = z->key && dd_key_supported(z->key) };
	}
	ret = build_jobs(c);
	if (ret != DD_OK) {
		goto fail;
	}
	/* workers verify while this thread checks structure and chain, then joins them */
	unsigned nworkers = res->threads > 1 ? res->threads - 1 : 0;
	pthread_t *tids = calloc(nworkers ? nworkers : 1, sizeof(*tids));
	if (tids == NULL) {
		ret = DD_ENOMEM;
		goto fail;
	}
	unsigned started = 0;
	for (unsigned t = 0; t < nworkers && c->njobs > 256; t++) {
		if (pthread_create(&tids[t], NULL, worker, c) != 0) {
			break;
		}
		started++;
	}
	check_structure(c);
	check_denial(c);
	check_cds(c);
	verify_loop(c, true);
	for (unsigned t = 0; t < started; t++) {
		pthread_join(tids[t], NULL);
	}
	free(tids);
	res->verifications = atomic_load(&c->verifications);
	if (atomic_load(&c->worker_err) != DD_OK) {
		ret = atomic_load(&c->worker_err);
		goto fail;
	}
	progress(c, "verifying", c->njobs, c->njobs, true);
	aggregate(c);
	key_checks(c);
	expiring(c);
	if (c->err != DD_OK) {
		ret = c->err;
		goto fail;
	}
	for (size_t i = 0; i < res->ncounts; i++) {
		if (i == 0 || res->counts[i].severity > res->worst) {
			res->worst = res->counts[i].severity;
		}
	}
	ret = order_findings(res);
	if (ret != DD_OK) {
		goto fail;
	}
	res->wire_bytes = c->wire_bytes;
	res->store_bytes = c->acap + c->caprecs * sizeof(rec_t) + c->capnames * sizeof(name_t) +
	                   c->nnodes * sizeof(node_t) + c->res->signatures *
	                   (sizeof(job_t) + sizeof(sigout_t));
	res->seconds_total = elapsed(c);
	res->seconds_check = res->seconds_total - res->seconds_read;
	ctx_free(c);
	free(c);
	*out = res;
	return DD_OK;
fail:
	ctx_free(c);
	free(c);
	dd_zone_check_free(res);
	return ret;
}

int dd_zone_check_file(const char *path, const dd_zone_check_opts_t *opts,
                       dd_zone_check_t **out, dd_zonefile_error_t *err)
{
	if (path == NULL) {
		return DD_EINVAL;
	}
	return check(path, NULL, 0, opts, out, err);
}

int dd_zone_check_string(const char *text, size_t len, const dd_zone_check_opts_t *opts,
                         dd_zone_check_t **out, dd_zonefile_error_t *err)
{
	if (text == NULL) {
		return DD_EINVAL;
	}
	return check(NULL, text, len, opts, out, err);
}

void dd_zone_check_free(dd_zone_check_t *res)
{
	if (res == NULL) {
		return;
	}
	free(res->keys);
	free(res->expiry);
	free(res->findings);
	free(res->counts);
	free(res);
}

size_t dd_zone_check_count(const dd_zone_check_t *res, const char *code)
{
	for (size_t i = 0; res && code && i < res->ncounts; i++) {
		if (strcmp(res->counts[i].code, code) == 0) {
			return res->counts[i].count;
		}
	}
	return 0;
}

bool dd_zone_check_has(const dd_zone_check_t *res, const char *code)
{
	return dd_zone_check_count(res, code) > 0;
}

int dd_zone_check_exit(const dd_zone_check_t *res)
{
	int worst = -1;
	for (size_t i = 0; res && i < res->ncounts; i++) {
		if ((int)res->counts[i].severity > worst) {
			worst = (int)res->counts[i].severity;
		}
	}
	return worst == DD_SEV_ERROR ? 2 : (worst == DD_SEV_WARNING ? 1 : 0);
}
