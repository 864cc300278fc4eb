/* SPDX-License-Identifier: MIT
 * side.c - a zone state for preflight: a zone file read into RRsets with their RRSIGs, the
 * authoritative ones only (no delegation NS, no glue), and the TTLs resolvers cache them for. */

#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "preflight/pf.h"
#include "validate/validate.h"

typedef struct dd__pfrec {
	uint8_t *owner;          /* lowercase wire name, own allocation */
	uint16_t type;
	uint16_t key;            /* type, or covered type for RRSIG */
	uint32_t ttl;
	uint8_t *rd;
	uint16_t rdlen;
} dd__pfrec_t;

int dd__pf_add_rr(const dd_rr_t *rr, void *vctx)
{
	dd_preflight_side_t *s = vctx;
	if (!s->have_apex) {
		if (rr->type != DD_TYPE_SOA) {
			return DD_EINVAL;
		}
		dd_name_to_lower(s->apex, rr->owner);
		s->have_apex = true;
	}
	if (s->nrecs == DD_PREFLIGHT_MAX_RECORDS) {
		return DD_ELIMIT;
	}
	if (s->nrecs == s->caprecs) {
		size_t nc = s->caprecs ? s->caprecs * 2 : 256;
		dd__pfrec_t *n = realloc(s->recs, nc * sizeof(*n));
		if (n == NULL) {
			return DD_ENOMEM;
		}
		s->recs = n;
		s->caprecs = nc;
	}
	uint16_t key = rr->type;
	if (rr->type == DD_TYPE_RRSIG) {
		dd_rrsig_t sig;
		if (dd_rrsig_parse(rr->rdata.data, rr->rdata.len, &sig) != DD_OK) {
			return 0; /* check-zone names it; a validator ignores it */
		}
		key = sig.type_covered;
	}
	size_t nl = dd_name_len(rr->owner);
	uint8_t *buf = malloc(nl + rr->rdata.len + 1);
	if (buf == NULL) {
		return DD_ENOMEM;
	}
	dd_name_to_lower(buf, rr->owner);
	memcpy(buf + nl, rr->rdata.data, rr->rdata.len);
	s->recs[s->nrecs++] = (dd__pfrec_t){ .owner = buf, .type = rr->type, .key = key,
		                             .ttl = rr->ttl, .rd = buf + nl,
		                             .rdlen = rr->rdata.len };
	return 0;
}

static int rec_cmp(const void *a, const void *b)
{
	const dd__pfrec_t *x = a, *y = b;
	int c = dd_name_canon_cmp(x->owner, y->owner);
	if (c != 0) {
		return c;
	}
	if (x->key != y->key) {
		return x->key < y->key ? -1 : 1;
	}
	bool xs = x->type == DD_TYPE_RRSIG, ys = y->type == DD_TYPE_RRSIG;
	return (int)xs - (int)ys;
}

/* Is @p name at or below a delegation of the zone (glue, delegation NS, occluded)? */
static bool below_cut(const dd_preflight_side_t *s, const uint8_t *name, uint16_t type)
{
	unsigned zl = dd_name_labels(s->apex), nl = dd_name_labels(name);
	for (unsigned l = nl; l > zl; l--) {
		const uint8_t *anc = dd_name_suffix(name, l);
		/* anc has l labels; a cut there: an NS RRset not at the apex */
		dd__pfrec_t probe = { .owner = (uint8_t *)anc, .key = DD_TYPE_NS, .type = DD_TYPE_NS };
		if (bsearch(&probe, s->recs, s->nrecs, sizeof(*s->recs), rec_cmp) != NULL) {
			if (l == nl && (type == DD_TYPE_DS || type == DD_TYPE_NSEC)) {
				return false; /* the DS and NSEC at a cut are the zone's own, signed */
			}
			return true;
		}
	}
	return false;
}

/* Drop records seen twice (the same record in several responses). */
static void dedup(dd_preflight_side_t *s)
{
	size_t w = 0;
	for (size_t i = 0; i < s->nrecs; i++) {
		dd__pfrec_t *r = &s->recs[i];
		if (w > 0) {
			dd__pfrec_t *p = &s->recs[w - 1];
			if (rec_cmp(p, r) == 0 && p->type == r->type && p->rdlen == r->rdlen &&
			    memcmp(p->rd, r->rd, r->rdlen) == 0) {
				free(r->owner);
				continue;
			}
		}
		s->recs[w++] = *r;
	}
	s->nrecs = w;
}

int dd__pf_build(dd_preflight_side_t *s)
{
	qsort(s->recs, s->nrecs, sizeof(*s->recs), rec_cmp);
	dedup(s);
	s->rdpool = calloc(s->nrecs ? s->nrecs : 1, sizeof(*s->rdpool));
	s->sets = calloc(s->nrecs ? s->nrecs : 1, sizeof(*s->sets));
	if (s->rdpool == NULL || s->sets == NULL) {
		return DD_ENOMEM;
	}
	s->dnskey = -1;
	for (size_t i = 0; i < s->nrecs;) {
		size_t j = i;
		while (j < s->nrecs && s->recs[j].key == s->recs[i].key &&
		       dd_name_equal(s->recs[j].owner, s->recs[i].owner)) {
			j++;
		}
		const dd__pfrec_t *r = &s->recs[i];
		size_t ndata = 0;
		uint32_t ttl = UINT32_MAX;
		for (size_t k = i; k < j; k++) {
			s->rdpool[k] = (dd_rdata_t){ .data = s->recs[k].rd, .len = s->recs[k].rdlen };
			if (s->recs[k].type != DD_TYPE_RRSIG) {
				ndata++;
				ttl = s->recs[k].ttl < ttl ? s->recs[k].ttl : ttl;
			}
		}
		bool auth = dd_name_in_zone(r->owner, s->apex) && !below_cut(s, r->owner, r->key);
		if (ndata > 0 && auth) {
			dd__pfset_t *p = &s->sets[s->nsets++];
			*p = (dd__pfset_t){
				.set = { .owner = r->owner, .type = r->key, .rclass = 1, .ttl = ttl,
				         .count = ndata, .rdata = &s->rdpool[i] },
				.sigs = &s->rdpool[i + ndata],
				.nsigs = j - i - ndata,
				.denial = r->key == DD_TYPE_NSEC || r->key == DD_TYPE_NSEC3,
			};
			bool apex = dd_name_equal(r->owner, s->apex);
			if (apex && r->key == DD_TYPE_DNSKEY) {
				s->dnskey = (long)(s->nsets - 1);
				s->is_signed = true;
			} else if (p->denial) {
				s->neg_ttl = ttl > s->neg_ttl ? ttl : s->neg_ttl;
			} else if (ttl > s->max_ttl) {
				s->max_ttl = ttl;
			}
		}
		i = j;
	}
	return DD_OK;
}

int dd_preflight_side_load(const char *path, const char *origin, dd_preflight_side_t **out,
                           dd_zonefile_error_t *err)
{
	dd_preflight_side_t *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		return DD_ENOMEM;
	}
	if (origin != NULL) {
		if (dd_name_from_str(origin, s->apex) < 0) {
			free(s);
			return DD_EINVAL;
		}
		s->have_apex = true;
	}
	int r = dd_zonefile_parse_file(path, origin, 3600, dd__pf_add_rr, s, err);
	if (r == DD_OK && !s->have_apex) {
		r = DD_EINVAL;
	}
	if (r == DD_OK) {
		r = dd__pf_build(s);
	}
	if (r != DD_OK) {
		dd_preflight_side_free(s);
		return r;
	}
	*out = s;
	return DD_OK;
}

void dd_preflight_side_free(dd_preflight_side_t *s)
{
	if (s == NULL) {
		return;
	}
	for (size_t i = 0; i < s->nrecs; i++) {
		free(s->recs[i].owner);
	}
	free(s->recs);
	free(s->sets);
	free(s->rdpool);
	for (size_t i = 0; i < s->nds; i++) {
		free((void *)s->ds[i].rdata.data);
	}
	free(s->ds);
	free(s);
}

const uint8_t *dd_preflight_side_apex(const dd_preflight_side_t *s)
{
	return s->apex;
}

size_t dd_preflight_side_ds_lines(const dd_preflight_side_t *s, dd_ds_line_t *out, size_t cap)
{
	if (s->dnskey < 0) {
		return 0;
	}
	const dd__pfset_t *p = &s->sets[s->dnskey];
	dd__vrdset_t keys = { .owner = s->apex, .rd = p->set.rdata, .n = p->set.count };
	return dd__validate_ds_lines(&keys, out, cap);
}
