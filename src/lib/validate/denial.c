/* SPDX-License-Identifier: MIT
 * denial.c - authenticated denial of existence: NSEC and NSEC3 cover and match, the closest
 * encloser and wildcard proofs (RFC 4035 5.4, RFC 5155 8), type bitmaps against the types a
 * name holds, and NSEC3 parameters against RFC 9276, in the words every command uses. */

#include <stdio.h>
#include <string.h>

#include "core/fmt.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/nsec3.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "dns/name_text.h"
#include "validate/validate.h"

#define MAXNSEC3 64   /* NSEC3 records of one answer considered */

bool dd__nsec_covers(const uint8_t *owner, const uint8_t *next, const uint8_t *name)
{
	int a = dd_name_canon_cmp(owner, name), b = dd_name_canon_cmp(name, next);
	if (dd_name_canon_cmp(owner, next) < 0) {
		return a < 0 && b < 0;
	}
	return a < 0;  /* the last NSEC: next is the apex */
}

bool dd__nsec3_covers(const uint8_t *owner, const uint8_t *next, const uint8_t *h)
{
	int a = memcmp(owner, h, DD_NSEC3_HASH_LEN), b = memcmp(h, next, DD_NSEC3_HASH_LEN);
	if (memcmp(owner, next, DD_NSEC3_HASH_LEN) < 0) {
		return a < 0 && b < 0;
	}
	return a < 0 || b < 0;  /* the last NSEC3 of the chain */
}

bool dd__nsec3_same_params(const dd_nsec3_t *a, const dd_nsec3_t *b)
{
	return a->hash_algorithm == b->hash_algorithm && a->iterations == b->iterations &&
	       a->salt_len == b->salt_len && memcmp(a->salt, b->salt, a->salt_len) == 0;
}

/* ---- bitmaps ---------------------------------------------------------------------------------- */

int dd__bitmap_types(const uint8_t *bm, size_t len, uint16_t *out, size_t cap, const char **why)
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

static void types_text(const uint16_t *t, size_t n, char *out, size_t len)
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
}

/* "the NSEC at NAME" or "the NSEC3 for NAME (OWNER)" */
static void record_text(uint16_t rtype, const uint8_t *owner, const uint8_t *name, char *out,
                        size_t len)
{
	char nb[1024], ob[1024];
	dd__name_text(name, nb, sizeof(nb));
	if (rtype == DD_TYPE_NSEC || dd_name_equal(owner, name)) {
		snprintf(out, len, "the %s at %s", rtype == DD_TYPE_NSEC ? "NSEC" : "NSEC3", nb);
	} else {
		dd__name_text(owner, ob, sizeof(ob));
		snprintf(out, len, "the NSEC3 for %s (%s)", nb, ob);
	}
}

void dd__validate_bitmap_report(uint16_t rtype, const uint8_t *owner, const uint8_t *name,
                                const uint16_t *extra, size_t nextra, const uint16_t *missing,
                                size_t nmissing, const dd__vsink_t *sink)
{
	if (nextra == 0 && nmissing == 0) {
		return;
	}
	char rec[2200], nb[1024], a[600] = "", b[600] = "";
	record_text(rtype, owner, name, rec, sizeof(rec));
	dd__name_text(name, nb, sizeof(nb));
	types_text(extra, nextra, a, sizeof(a));
	types_text(missing, nmissing, b, sizeof(b));
	uint16_t first = nextra ? extra[0] : missing[0];
	if (nextra && nmissing) {
		dd__vemit(sink, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, owner, first, 0, 0, 0,
		          "%s lists %s, which %s does not have, and omits %s, which it has", rec, a,
		          nb, b);
	} else if (nextra) {
		dd__vemit(sink, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, owner, first, 0, 0, 0,
		          "%s lists %s, which %s does not have", rec, a, nb);
	} else {
		dd__vemit(sink, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, owner, first, 0, 0, 0,
		          "%s omits %s, which %s has", rec, b, nb);
	}
}

void dd__validate_bitmap(uint16_t rtype, const uint8_t *owner, const uint8_t *name,
                         const uint8_t *bm, size_t bmlen, const uint16_t *have, size_t nhave,
                         const dd__vsink_t *sink)
{
	uint16_t listed[512], extra[512], missing[512];
	const char *why = NULL;
	nhave = nhave < 512 ? nhave : 512;  /* a name holds at most a few dozen types */
	int nl = dd__bitmap_types(bm, bmlen, listed, 512, &why);
	if (nl < 0) {
		char rec[2200];
		record_text(rtype, owner, name, rec, sizeof(rec));
		dd__vemit(sink, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, owner, rtype, 0, 0, 0,
		          "%s has a malformed type bitmap: %s", rec, why ? why : "too many types");
		return;
	}
	size_t ne = 0, nm = 0, i = 0, j = 0;
	while (i < (size_t)nl || j < nhave) {
		if (j == nhave || (i < (size_t)nl && listed[i] < have[j])) {
			extra[ne++] = listed[i++];
		} else if (i == (size_t)nl || have[j] < listed[i]) {
			missing[nm++] = have[j++];
		} else {
			i++;
			j++;
		}
	}
	dd__validate_bitmap_report(rtype, owner, name, extra, ne, missing, nm, sink);
}

/* ---- NSEC3 parameters ------------------------------------------------------------------------- */

void dd__validate_nsec3_params(const uint8_t *owner, uint16_t rtype, uint16_t iterations,
                               uint8_t salt_len, const dd__vsink_t *sink)
{
	if (iterations > DD_NSEC3_RESOLVER_LIMIT) {
		dd__vemit(sink, "NSEC3_ITERATIONS_EXCESSIVE", DD_SEV_WARNING, owner, rtype, 0, 0, 0,
		          "NSEC3 uses %u additional iterations: above the %d that Unbound, BIND and "
		          "Knot Resolver accept, so their negative answers are insecure (RFC 9276 3.2 "
		          "asks for 0)", iterations, DD_NSEC3_RESOLVER_LIMIT);
	} else if (iterations > 0 || salt_len > 0) {
		dd__vemit(sink, "NSEC3_PARAMETERS_NOT_RECOMMENDED", DD_SEV_NOTICE, owner, rtype, 0, 0,
		          0, "NSEC3 uses %u additional iterations and a %u-octet salt; RFC 9276 3.1 "
		          "recommends 0 iterations and no salt", iterations, salt_len);
	}
}

static void salt_text(const dd_nsec3_t *p, char out[2 * 255 + 2])
{
	if (p->salt_len == 0) {
		snprintf(out, 2 * 255 + 2, "-");
	} else {
		dd_hex_encode(p->salt, p->salt_len, out, true);
	}
}

void dd__validate_nsec3param_report(const uint8_t *zone, const dd_nsec3_t *param,
                                    const dd_nsec3_t *chain, const dd__vsink_t *sink)
{
	if (chain != NULL && dd__nsec3_same_params(param, chain)) {
		return;
	}
	char sa[2 * 255 + 2], sb[2 * 255 + 2], why[700];
	salt_text(param, sa);
	if (chain != NULL) {
		salt_text(chain, sb);
		snprintf(why, sizeof(why), "the NSEC3 records use hash algorithm %u, %u iterations, "
		         "salt %s", chain->hash_algorithm, chain->iterations, sb);
	} else {
		snprintf(why, sizeof(why), "its negative answers carry no NSEC3 at all");
	}
	dd__vemit(sink, "NSEC3PARAM_MISMATCH", DD_SEV_ERROR, zone, DD_TYPE_NSEC3PARAM, 0, 0, 0,
	          "the NSEC3PARAM (hash algorithm %u, %u iterations, salt %s) names no NSEC3 chain "
	          "the zone has: %s; servers that pick the chain by it answer without denial proofs",
	          param->hash_algorithm, param->iterations, sa, why);
}

/* ---- proofs ----------------------------------------------------------------------------------- */

typedef struct nsec3rec {
	uint8_t hash[DD_NSEC3_HASH_LEN];
	dd_nsec3_t v;
} nsec3rec_t;

typedef struct proof {
	const dd_rr_t *rrs;
	size_t n;
	const uint8_t *zone;
	dd__hbudget_t *budget;
	dd__proofinfo_t *info;
	nsec3rec_t recs[MAXNSEC3];
	size_t nrecs;
	uint8_t salt[255];
	bool have_params;
	bool budget_hit;
} proof_t;

/* The longest common ancestor of two names (a suffix of @p a). */
static const uint8_t *common_suffix(const uint8_t *a, const uint8_t *b)
{
	unsigned la = dd_name_labels(a);
	for (unsigned l = la; l > 0; l--) {
		const uint8_t *s = dd_name_suffix(a, l);
		if (dd_name_in_zone(b, s)) {
			return s;
		}
	}
	return dd_name_suffix(a, 0);
}

static bool wildcard_of(const uint8_t *ce, uint8_t wc[DD_NAME_MAXLEN])
{
	size_t cl = dd_name_len(ce);
	if (cl + 2 > DD_NAME_MAXLEN) {
		return false;
	}
	wc[0] = 1;
	wc[1] = '*';
	memcpy(wc + 2, ce, cl);
	return true;
}

/* Does NSEC @p n say its owner has no @p qtype (nor a CNAME)? */
static bool nsec_lacks(const dd_nsec_t *n, uint16_t qtype)
{
	return !dd_bitmap_has(n->bitmap, n->bitmap_len, qtype) &&
	       !dd_bitmap_has(n->bitmap, n->bitmap_len, DD_TYPE_CNAME);
}

/* Whether the record matching @p qname, with type bitmap @p bm, is on the side of a zone cut
 * that may deny @p qtype there; why not into @p why. The DS lives on the parent's side: a
 * record with SOA is the child's apex and cannot deny it (RFC 6840 4.1, RFC 4035 5.2; the
 * root, which has no parent, excepted). Every other type lives on the child's side: a record
 * with NS and without SOA is the parent's side of a delegation and denies only the DS there
 * (RFC 4035 2.4). @p rr names the record ("NSEC at", "NSEC3 matching"). */
static bool right_side(const uint8_t *bm, size_t bml, const uint8_t *qname, uint16_t qtype,
                       const char *rr, char *why, size_t wl)
{
	char q[1024];
	bool soa = dd_bitmap_has(bm, bml, DD_TYPE_SOA), ns = dd_bitmap_has(bm, bml, DD_TYPE_NS);
	if (qtype == DD_TYPE_DS && soa && qname[0] != 0) {
		dd__name_text(qname, q, sizeof(q));
		snprintf(why, wl, "the %s %s is the child zone's apex (it lists SOA): only the "
		         "parent's side of the cut can deny the DS (RFC 6840 4.1)", rr, q);
		return false;
	}
	if (qtype != DD_TYPE_DS && ns && !soa) {
		dd__name_text(qname, q, sizeof(q));
		snprintf(why, wl, "the %s %s is the parent's side of a delegation (NS without "
		         "SOA): it denies only the DS there, not data of the child zone (RFC 4035 2.4)",
		         rr, q);
		return false;
	}
	return true;
}

/* Whether NSEC @p n's next name lies in the zone: the next owner of the zone's chain, or
 * its apex for the last NSEC (RFC 4034 4.1.1). One that ends outside the zone (Unbound's
 * val_nx_overreach: example.com.'s NSEC running to a name in foo.com.) proves nothing. */
static bool nsec_next_in_zone(const proof_t *p, const dd_nsec_t *n)
{
	return p->zone == NULL || dd_name_in_zone(n->next, p->zone);
}

/* The NSEC covering @p name, and the closest encloser it proves (into @p ce). */
static bool nsec_cover(const proof_t *p, const uint8_t *name, dd_nsec_t *out,
                       uint8_t ce[DD_NAME_MAXLEN])
{
	for (size_t i = 0; i < p->n; i++) {
		const dd_rr_t *rr = &p->rrs[i];
		dd_nsec_t n;
		if (rr->type != DD_TYPE_NSEC || dd_nsec_parse(rr->rdata.data, rr->rdata.len, &n) != DD_OK ||
		    !nsec_next_in_zone(p, &n) || !dd__nsec_covers(rr->owner, n.next, name)) {
			continue;
		}
		const uint8_t *a = common_suffix(name, rr->owner);
		const uint8_t *b = common_suffix(name, n.next);
		const uint8_t *deeper = dd_name_labels(a) >= dd_name_labels(b) ? a : b;
		memcpy(ce, deeper, dd_name_len(deeper));
		*out = n;
		return true;
	}
	return false;
}

/* The NSEC whose owner is @p name. */
static bool nsec_at(const proof_t *p, const uint8_t *name, dd_nsec_t *out)
{
	for (size_t i = 0; i < p->n; i++) {
		const dd_rr_t *rr = &p->rrs[i];
		if (rr->type == DD_TYPE_NSEC && dd_name_equal(rr->owner, name) &&
		    dd_nsec_parse(rr->rdata.data, rr->rdata.len, out) == DD_OK) {
			return true;
		}
	}
	return false;
}

/* Is there an NSEC in the set whose owner lies in [@p lo, @p hi] (canonical order)? */
static bool nsec_owner_between(const proof_t *p, const uint8_t *lo, const uint8_t *hi)
{
	for (size_t i = 0; i < p->n; i++) {
		const dd_rr_t *rr = &p->rrs[i];
		if (rr->type == DD_TYPE_NSEC && dd_name_canon_cmp(lo, rr->owner) <= 0 &&
		    dd_name_canon_cmp(rr->owner, hi) <= 0) {
			return true;
		}
	}
	return false;
}

/* NODATA with NSEC (RFC 4035 5.4, 3.1.3.1 and 3.1.3.4): the NSEC at the name without the type;
 * an empty non-terminal (an NSEC over the name whose next name lies below it); or a wildcard
 * that would answer, without the type, beside the proof that the name itself does not exist. */
static dd__proof_t nsec_nodata(proof_t *p, const uint8_t *qname, uint16_t qtype)
{
	char q[1024];
	dd__name_text(qname, q, sizeof(q));
	dd_nsec_t n;
	if (nsec_at(p, qname, &n)) {
		if (!right_side(n.bitmap, n.bitmap_len, qname, qtype, "NSEC at", p->info->why,
		                sizeof(p->info->why))) {
			return DD_PROOF_BAD;
		}
		if (nsec_lacks(&n, qtype)) {
			return DD_PROOF_OK;
		}
		snprintf(p->info->why, sizeof(p->info->why), "the NSEC at %s lists the type asked for",
		         q);
		return DD_PROOF_BAD;
	}
	uint8_t ce[DD_NAME_MAXLEN] = { 0 }, wc[DD_NAME_MAXLEN];
	if (nsec_cover(p, qname, &n, ce)) {
		if (dd_name_in_zone(n.next, qname) && !dd_name_equal(n.next, qname)) {
			return DD_PROOF_OK;  /* an empty non-terminal: it exists, with no types */
		}
		dd_nsec_t w;
		if (wildcard_of(ce, wc) && nsec_at(p, wc, &w) && nsec_lacks(&w, qtype)) {
			return DD_PROOF_OK;  /* the wildcard that would answer has no such type */
		}
	}
	snprintf(p->info->why, sizeof(p->info->why), "no NSEC at %s proves the type absent", q);
	p->info->unmatched = true;
	memcpy(p->info->missing, qname, dd_name_len(qname));
	return DD_PROOF_BAD;
}

static dd__proof_t nsec_proof(proof_t *p, const uint8_t *qname, uint16_t qtype, bool nxdomain)
{
	if (!nxdomain) {
		return nsec_nodata(p, qname, qtype);
	}
	char q[1024];
	dd__name_text(qname, q, sizeof(q));
	char *why = p->info->why;
	size_t wl = sizeof(p->info->why);
	uint8_t ce[DD_NAME_MAXLEN] = { 0 };
	dd_nsec_t n;
	if (!nsec_cover(p, qname, &n, ce)) {
		snprintf(why, wl, "no NSEC covers %s", q);
		/* a server returns the NSEC of the greatest name before the one asked: one that ends
		 * before it says its next name has no NSEC of its own (a gap in the chain) */
		for (size_t i = 0; i < p->n; i++) {
			const dd_rr_t *rr = &p->rrs[i];
			dd_nsec_t g;
			if (rr->type == DD_TYPE_NSEC &&
			    dd_nsec_parse(rr->rdata.data, rr->rdata.len, &g) == DD_OK &&
			    dd_name_canon_cmp(rr->owner, qname) < 0 &&
			    dd_name_canon_cmp(rr->owner, g.next) < 0 && dd_name_canon_cmp(g.next, qname) < 0 &&
			    dd_name_in_zone(g.next, p->zone) && !nsec_owner_between(p, g.next, qname)) {
				char nb[1024];
				dd__name_text(g.next, nb, sizeof(nb));
				snprintf(why, wl, "no NSEC covers %s: the NSEC returned ends at %s, which has "
				         "no NSEC of its own", q, nb);
				p->info->unmatched = true;
				memcpy(p->info->missing, g.next, dd_name_len(g.next));
				break;
			}
			if (rr->type == DD_TYPE_NSEC &&
			    dd_nsec_parse(rr->rdata.data, rr->rdata.len, &g) == DD_OK &&
			    !nsec_next_in_zone(p, &g) && dd__nsec_covers(rr->owner, g.next, qname)) {
				char ob[1024], nb[1024];
				dd__name_text(rr->owner, ob, sizeof(ob));
				dd__name_text(g.next, nb, sizeof(nb));
				snprintf(why, wl, "no NSEC covers %s: the NSEC at %s runs to %s, outside the "
				         "zone", q, ob, nb);
				break;
			}
		}
		return DD_PROOF_BAD;
	}
	if (dd_name_equal(ce, qname)) {
		/* the covering NSEC's next name lies below the name: it exists, as an empty
		 * non-terminal, and nothing below it can be NXDOMAIN either (RFC 8020 2) */
		char nb[1024];
		dd__name_text(n.next, nb, sizeof(nb));
		snprintf(why, wl, "the NSEC covering %s ends at %s, below it: %s exists (an empty "
		         "non-terminal), so the NXDOMAIN is wrong (RFC 8020 2)", q, nb, q);
		return DD_PROOF_BAD;
	}
	/* the wildcard at the closest encloser must be denied too (RFC 4035 5.4) */
	uint8_t wc[DD_NAME_MAXLEN];
	bool wildcard_denied = false;
	if (wildcard_of(ce, wc)) {
		dd_nsec_t w;
		uint8_t wce[DD_NAME_MAXLEN];
		wildcard_denied = !nsec_at(p, wc, &w) && nsec_cover(p, wc, &w, wce);
	}
	if (!wildcard_denied) {
		snprintf(why, wl, "no NSEC denies the wildcard that could expand to %s", q);
		return DD_PROOF_BAD;
	}
	return DD_PROOF_OK;
}

/* The NSEC3 records of the set; the parameters are those of the first. */
static void nsec3_collect(proof_t *p)
{
	for (size_t i = 0; i < p->n && p->nrecs < MAXNSEC3; i++) {
		const dd_rr_t *rr = &p->rrs[i];
		if (rr->type != DD_TYPE_NSEC3 || rr->owner[0] != 32) {
			continue;
		}
		nsec3rec_t *r = &p->recs[p->nrecs];
		if (dd_nsec3_parse(rr->rdata.data, rr->rdata.len, &r->v) != DD_OK ||
		    r->v.next_len != DD_NSEC3_HASH_LEN ||
		    dd_base32hex_decode((const char *)rr->owner + 1, 32, r->hash, sizeof(r->hash)) != 20) {
			continue;
		}
		if (!p->have_params) {
			p->have_params = true;
			p->info->iterations = r->v.iterations;
			p->info->salt_len = r->v.salt_len;
			memcpy(p->salt, r->v.salt, r->v.salt_len);
		}
		p->nrecs++;
	}
}

/* Hash @p name with the proof's parameters, within the run's hashing budget. */
static bool hash(proof_t *p, const uint8_t *name, uint8_t h[DD_NSEC3_HASH_LEN])
{
	if (p->budget != NULL && p->budget->max > 0 && p->budget->used >= p->budget->max) {
		p->budget_hit = true;
		return false;
	}
	if (p->budget != NULL) {
		p->budget->used++;
	}
	return dd_nsec3_hash(name, DD_NSEC3_HASH_SHA1, p->info->iterations, p->salt,
	                     p->info->salt_len, h) == DD_OK;
}

static long nsec3_match(const proof_t *p, const uint8_t *h)
{
	for (size_t i = 0; i < p->nrecs; i++) {
		if (memcmp(p->recs[i].hash, h, DD_NSEC3_HASH_LEN) == 0) {
			return (long)i;
		}
	}
	return -1;
}

static long nsec3_cover(const proof_t *p, const uint8_t *h)
{
	long found = -1;
	for (size_t i = 0; i < p->nrecs; i++) {
		if (dd__nsec3_covers(p->recs[i].hash, p->recs[i].v.next, h)) {
			found = (long)i;
		}
	}
	return found;
}

/* Does the NSEC3 @p k say its name has no @p qtype (nor a CNAME)? */
static bool nsec3_lacks(const proof_t *p, long k, uint16_t qtype)
{
	const dd_nsec3_t *v = &p->recs[k].v;
	return !dd_bitmap_has(v->bitmap, v->bitmap_len, qtype) &&
	       !dd_bitmap_has(v->bitmap, v->bitmap_len, DD_TYPE_CNAME);
}

/* The closest encloser proof (RFC 5155 8.3): the deepest ancestor of @p qname with a matching
 * NSEC3 (into @p ce) and the NSEC3 covering the next closer name (its index). @return -1 with
 * p->info->why set when there is none, -2 when the hashing budget ran out. */
static long closest_encloser(proof_t *p, const uint8_t *qname, const uint8_t **ce)
{
	char q[1024];
	dd__name_text(qname, q, sizeof(q));
	uint8_t h[DD_NSEC3_HASH_LEN];
	unsigned ql = dd_name_labels(qname), zl = dd_name_labels(p->zone);
	for (unsigned l = ql - 1; l >= zl && l < ql; l--) {
		*ce = dd_name_suffix(qname, l);
		if (!hash(p, *ce, h)) {
			return -2;
		}
		if (nsec3_match(p, h) < 0) {
			continue;
		}
		if (!hash(p, dd_name_suffix(qname, l + 1), h)) {
			return -2;
		}
		long cov = nsec3_cover(p, h);
		if (cov < 0) {
			snprintf(p->info->why, sizeof(p->info->why), "no NSEC3 covers the next closer "
			         "name of %s", q);
		}
		return cov;
	}
	snprintf(p->info->why, sizeof(p->info->why), "no NSEC3 matches any ancestor of %s (no "
	         "closest encloser)", q);
	return -1;
}

/* NODATA without an NSEC3 matching the name: an Opt-Out delegation's DS (RFC 5155 8.6) or a
 * wildcard's missing type (RFC 5155 8.7). */
static dd__proof_t nsec3_nodata_unmatched(proof_t *p, const uint8_t *qname, uint16_t qtype)
{
	char q[1024];
	dd__name_text(qname, q, sizeof(q));
	const uint8_t *ce = NULL;
	long cov = closest_encloser(p, qname, &ce);
	if (cov < 0) {
		if (cov == -1) {
			snprintf(p->info->why, sizeof(p->info->why), "no NSEC3 matches %s", q);
			p->info->unmatched = true;
			memcpy(p->info->missing, qname, dd_name_len(qname));
		}
		return DD_PROOF_BAD;
	}
	if (p->recs[cov].v.flags & DD_NSEC3_FLAG_OPTOUT) {
		/* an unsigned delegation in an Opt-Out span (RFC 5155 8.6 for its DS); for another
		 * type the name may lie below such a delegation, in an unsigned zone: a closest
		 * encloser proof whose next closer NSEC3 has Opt-Out gives no AD (RFC 5155 9.2) */
		return DD_PROOF_INSECURE;
	}
	uint8_t wc[DD_NAME_MAXLEN], h[DD_NSEC3_HASH_LEN];
	if (!wildcard_of(ce, wc) || !hash(p, wc, h)) {
		return DD_PROOF_BAD;
	}
	long k = nsec3_match(p, h);
	if (k >= 0 && nsec3_lacks(p, k, qtype)) {
		/* the wildcard that would answer has no such type; under an Opt-Out span over the
		 * next closer name no AD may be given (RFC 5155 9.2) */
		return (p->recs[cov].v.flags & DD_NSEC3_FLAG_OPTOUT) ? DD_PROOF_INSECURE : DD_PROOF_OK;
	}
	snprintf(p->info->why, sizeof(p->info->why), k >= 0 ? "the NSEC3 of the wildcard that "
	         "expands to %s lists the type asked for" : "no NSEC3 matches %s", q);
	p->info->unmatched = k < 0;
	if (k < 0) {
		memcpy(p->info->missing, qname, dd_name_len(qname));
	}
	return DD_PROOF_BAD;
}

static dd__proof_t nsec3_proof(proof_t *p, const uint8_t *qname, uint16_t qtype, bool nxdomain)
{
	nsec3_collect(p);
	char q[1024];
	dd__name_text(qname, q, sizeof(q));
	char *why = p->info->why;
	size_t wl = sizeof(p->info->why);
	if (p->info->iterations > DD_NSEC3_RESOLVER_LIMIT) {
		return DD_PROOF_INSECURE;  /* as Unbound, BIND and Knot Resolver do (RFC 9276 3.2) */
	}
	for (size_t i = 0; i < p->nrecs; i++) {
		if (p->recs[i].v.hash_algorithm != DD_NSEC3_HASH_SHA1) {
			return DD_PROOF_INSECURE;  /* unknown hash: RFC 5155 8.1 */
		}
	}
	uint8_t h[DD_NSEC3_HASH_LEN];
	if (!nxdomain) {
		if (!hash(p, qname, h)) {
			return DD_PROOF_BAD;
		}
		long k = nsec3_match(p, h);
		if (k < 0) {
			return nsec3_nodata_unmatched(p, qname, qtype);
		}
		const dd_nsec3_t *mv = &p->recs[k].v;
		if (!right_side(mv->bitmap, mv->bitmap_len, qname, qtype, "NSEC3 matching", why, wl)) {
			return DD_PROOF_BAD;
		}
		if (!nsec3_lacks(p, k, qtype)) {
			snprintf(why, wl, "the NSEC3 matching %s lists the type asked for", q);
			return DD_PROOF_BAD;
		}
		return DD_PROOF_OK;
	}
	/* closest encloser, next closer covered, wildcard at the closest encloser covered
	 * (RFC 5155 8.4); an Opt-Out span over the next closer leaves it insecure */
	const uint8_t *ce = NULL;
	long cov = closest_encloser(p, qname, &ce);
	if (cov < 0) {
		return DD_PROOF_BAD;
	}
	bool optout = p->recs[cov].v.flags & DD_NSEC3_FLAG_OPTOUT;
	uint8_t wc[DD_NAME_MAXLEN];
	if (!wildcard_of(ce, wc) || !hash(p, wc, h)) {
		return DD_PROOF_BAD;
	}
	if (nsec3_cover(p, h) < 0) {
		snprintf(why, wl, "no NSEC3 denies the wildcard at the closest encloser of %s", q);
		return DD_PROOF_BAD;
	}
	return optout ? DD_PROOF_INSECURE : DD_PROOF_OK;
}

dd__proof_t dd__validate_denial(const dd_rr_t *rrs, size_t n, const uint8_t *zone,
                                const uint8_t *qname, uint16_t qtype, bool nxdomain,
                                dd__hbudget_t *budget, dd__proofinfo_t *info)
{
	memset(info, 0, sizeof(*info));
	bool has_nsec = false, has_nsec3 = false;
	for (size_t i = 0; i < n; i++) {
		has_nsec = has_nsec || rrs[i].type == DD_TYPE_NSEC;
		has_nsec3 = has_nsec3 || rrs[i].type == DD_TYPE_NSEC3;
	}
	info->nsec3 = has_nsec3;
	if (!has_nsec && !has_nsec3) {
		snprintf(info->why, sizeof(info->why), "the answer carries no NSEC or NSEC3 record");
		return DD_PROOF_NONE;
	}
	proof_t *p = &(proof_t){ .rrs = rrs, .n = n, .zone = zone, .budget = budget, .info = info };
	dd__proof_t r = has_nsec3 ? nsec3_proof(p, qname, qtype, nxdomain)
	                          : nsec_proof(p, qname, qtype, nxdomain);
	return p->budget_hit ? DD_PROOF_BUDGET : r;
}

dd__proof_t dd__validate_wildcard_answer(const dd_rr_t *rrs, size_t n, const uint8_t *zone,
                                         const uint8_t *qname, unsigned labels,
                                         dd__hbudget_t *budget, dd__proofinfo_t *info)
{
	memset(info, 0, sizeof(*info));
	char q[1024];
	dd__name_text(qname, q, sizeof(q));
	unsigned ql = dd_name_labels(qname);
	if (labels >= ql) {
		return DD_PROOF_OK;  /* not an expansion */
	}
	bool has_nsec = false, has_nsec3 = false;
	for (size_t i = 0; i < n; i++) {
		has_nsec = has_nsec || rrs[i].type == DD_TYPE_NSEC;
		has_nsec3 = has_nsec3 || rrs[i].type == DD_TYPE_NSEC3;
	}
	info->nsec3 = has_nsec3;
	if (!has_nsec && !has_nsec3) {
		snprintf(info->why, sizeof(info->why), "the answer for %s comes from a wildcard, and "
		         "carries no NSEC or NSEC3 record proving that %s itself does not exist", q, q);
		return DD_PROOF_NONE;
	}
	proof_t *p = &(proof_t){ .rrs = rrs, .n = n, .zone = zone, .budget = budget, .info = info };
	/* the next closer name: the wildcard's parent (the closest encloser, the RRSIG's Labels
	 * rightmost labels of qname) and one label more toward qname */
	const uint8_t *next = dd_name_suffix(qname, labels + 1);
	dd__proof_t r = DD_PROOF_BAD;
	if (has_nsec3) {
		nsec3_collect(p);
		uint8_t h[DD_NSEC3_HASH_LEN];
		bool unknown_hash = false;
		for (size_t i = 0; i < p->nrecs; i++) {
			unknown_hash = unknown_hash || p->recs[i].v.hash_algorithm != DD_NSEC3_HASH_SHA1;
		}
		long k = -1;
		if (p->info->iterations > DD_NSEC3_RESOLVER_LIMIT) {
			snprintf(info->why, sizeof(info->why), "NSEC3 with %u iterations: validators treat "
			         "it as insecure (limit %d)", p->info->iterations, DD_NSEC3_RESOLVER_LIMIT);
			r = DD_PROOF_INSECURE;
		} else if (unknown_hash) {
			snprintf(info->why, sizeof(info->why), "NSEC3 of an unknown hash algorithm (RFC "
			         "5155 8.1)");
			r = DD_PROOF_INSECURE;
		} else if (hash(p, next, h) && (k = nsec3_cover(p, h)) >= 0) {
			r = DD_PROOF_OK;
			if (p->recs[k].v.flags & DD_NSEC3_FLAG_OPTOUT) {
				snprintf(info->why, sizeof(info->why), "the NSEC3 covering the next closer "
				         "name has Opt-Out: no AD (RFC 5155 9.2)");
				r = DD_PROOF_INSECURE;
			}
		}
	} else {
		dd_nsec_t ns;
		uint8_t ce[DD_NAME_MAXLEN];
		r = nsec_cover(p, qname, &ns, ce) ? DD_PROOF_OK : DD_PROOF_BAD;
	}
	if (r == DD_PROOF_BAD) {
		snprintf(info->why, sizeof(info->why), "the answer for %s comes from a wildcard, but no "
		         "%s covers %s to prove that it does not exist", q, has_nsec3 ? "NSEC3" : "NSEC",
		         has_nsec3 ? "its next closer name" : "it");
	}
	return p->budget_hit ? DD_PROOF_BUDGET : r;
}

bool dd__denial_bitmap_of(const dd_rr_t *rrs, size_t n, const uint8_t *name,
                          dd__hbudget_t *budget, const uint8_t **bm, size_t *len, bool *nsec3)
{
	for (size_t i = 0; i < n; i++) {
		dd_nsec_t ns;
		if (rrs[i].type == DD_TYPE_NSEC && dd_name_equal(rrs[i].owner, name) &&
		    dd_nsec_parse(rrs[i].rdata.data, rrs[i].rdata.len, &ns) == DD_OK) {
			*bm = ns.bitmap;
			*len = ns.bitmap_len;
			*nsec3 = false;
			return true;
		}
	}
	dd__proofinfo_t info;
	memset(&info, 0, sizeof(info));
	proof_t *p = &(proof_t){ .rrs = rrs, .n = n, .budget = budget, .info = &info };
	nsec3_collect(p);
	uint8_t h[DD_NSEC3_HASH_LEN];
	if (p->nrecs == 0 || info.iterations > DD_NSEC3_RESOLVER_LIMIT || !hash(p, name, h)) {
		return false;
	}
	long k = nsec3_match(p, h);
	if (k < 0) {
		return false;
	}
	*bm = p->recs[k].v.bitmap;
	*len = p->recs[k].v.bitmap_len;
	*nsec3 = true;
	return true;
}
