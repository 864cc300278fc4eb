/* SPDX-License-Identifier: MIT
 * canon.c - the data an RRSIG signs: RRSIG RDATA prefix plus the RRset in canonical form and
 * canonical order (RFC 4034 3.1.8.1, 6.2, 6.3; RFC 4035 5.3.2 wildcard owners). */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/verify.h"

/* Length of the RRSIG RDATA fields before the Signer's Name. */
#define RRSIG_FIXED 18

typedef struct canon_rd {
	const uint8_t *data;
	uint16_t len;
} canon_rd_t;

/* RFC 4034 6.3: RDATA compared as left-justified unsigned octet sequences; a shorter one that
 * is a prefix of a longer one sorts first. */
static int rd_cmp(const void *a, const void *b)
{
	const canon_rd_t *x = a, *y = b;
	size_t common = x->len < y->len ? x->len : y->len;
	int c = common ? memcmp(x->data, y->data, common) : 0;
	if (c == 0 && x->len != y->len) {
		c = x->len < y->len ? -1 : 1;
	}
	return c;
}

static inline uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static inline uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

/* The owner as signed: lowercase, and "*." + the rightmost Labels labels when the RRSIG
 * Labels field is smaller than the owner's label count (RFC 4035 5.3.2). A Labels value larger
 * than the owner's count is invalid (RFC 4035 5.3.1); the owner is then used unchanged so
 * the cryptographic check can still be reported. */
static size_t signed_owner(const uint8_t *owner, uint8_t labels, uint8_t *out)
{
	unsigned have = dd_name_rrsig_labels(owner);
	if (labels < have) {
		uint8_t suffix[DD_NAME_MAXLEN];
		size_t slen = dd_name_to_lower(suffix, dd_name_suffix(owner, labels));
		out[0] = 1;
		out[1] = '*';
		memcpy(out + 2, suffix, slen);  /* fits: the owner had more labels than this */
		return 2 + slen;
	}
	return dd_name_to_lower(out, owner);
}

int dd_sig_signed_data(const dd_rrset_t *rrset, const uint8_t *rrsig, size_t rrsig_len,
                       dd_buf_t *out)
{
	if (rrset == NULL || rrset->owner == NULL || (rrset->count > 0 && rrset->rdata == NULL) ||
	    out == NULL) {
		return DD_EINVAL;
	}
	dd_rrsig_t sig;
	if (dd_rrsig_parse(rrsig, rrsig_len, &sig) != DD_OK ||
	    dd_name_check(rrset->owner, DD_NAME_MAXLEN) < 0) {
		return DD_EMALFORMED;
	}

	uint8_t owner[DD_NAME_MAXLEN + 2];
	size_t owner_len = signed_owner(rrset->owner, sig.labels, owner);
	if (owner_len > DD_NAME_MAXLEN) {
		return DD_EMALFORMED;  /* "*." + suffix cannot exceed the original, but be strict */
	}

	size_t rd_total = 0;
	for (size_t i = 0; i < rrset->count; i++) {
		rd_total += rrset->rdata[i].len;
	}
	size_t per_rr = owner_len + 10;
	size_t total = RRSIG_FIXED + sig.signer_len + rrset->count * per_rr + rd_total;

	int ret = DD_ENOMEM;
	canon_rd_t *rds = NULL;
	uint8_t *canon = NULL;
	uint8_t *buf = malloc(total ? total : 1);
	if (rrset->count > 0) {
		rds = calloc(rrset->count, sizeof(*rds));
		canon = malloc(rd_total ? rd_total : 1);
	}
	if (buf == NULL || (rrset->count > 0 && (rds == NULL || canon == NULL))) {
		goto out;
	}

	/* canonical RDATA, then canonical order without duplicates (RFC 4034 6.3) */
	size_t off = 0;
	for (size_t i = 0; i < rrset->count; i++) {
		const dd_rdata_t *rd = &rrset->rdata[i];
		if (dd_rdata_canonical(rrset->type, rd->data, rd->len, canon + off) != DD_OK) {
			ret = DD_EMALFORMED;
			goto out;
		}
		rds[i] = (canon_rd_t){ .data = canon + off, .len = rd->len };
		off += rd->len;
	}
	size_t n = rrset->count;
	/* an RRset already in canonical order without repeats (check-zone prepares one once for
	 * all its RRSIGs) is not sorted again: one linear look instead of n log n per RRSIG */
	bool ordered = true;
	for (size_t i = 1; i < n && ordered; i++) {
		ordered = rd_cmp(&rds[i - 1], &rds[i]) < 0;
	}
	if (n > 1 && !ordered) {
		qsort(rds, n, sizeof(*rds), rd_cmp);
		size_t w = 1;
		for (size_t r = 1; r < n; r++) {
			if (rd_cmp(&rds[w - 1], &rds[r]) != 0) {
				rds[w++] = rds[r];
			}
		}
		n = w;
	}

	uint8_t *p = buf;
	memcpy(p, rrsig, RRSIG_FIXED);
	p += RRSIG_FIXED;
	dd_name_to_lower(p, sig.signer);
	p += sig.signer_len;
	for (size_t i = 0; i < n; i++) {
		memcpy(p, owner, owner_len);
		p += owner_len;
		p = put16(p, rrset->type);
		p = put16(p, rrset->rclass);
		p = put32(p, sig.original_ttl);
		p = put16(p, rds[i].len);
		if (rds[i].len > 0) {
			memcpy(p, rds[i].data, rds[i].len);
		}
		p += rds[i].len;
	}
	out->data = buf;
	out->len = (size_t)(p - buf);
	buf = NULL;
	ret = DD_OK;
out:
	free(buf);
	free(rds);
	free(canon);
	return ret;
}
