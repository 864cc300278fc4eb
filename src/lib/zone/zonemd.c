/* SPDX-License-Identifier: MIT
 * zonemd.c - check-zone's ZONEMD (RFC 8976): the apex ZONEMD records judged one by one (form,
 * serial against the SOA's, supported scheme and hash algorithm, repeated pairs), the SIMPLE
 * digest over the store in canonical order (RFC 8976 3.3: every RR in canonical form, RRsets
 * by type with the RRSIG RRset at type 46, duplicates once, glue and occluded data included,
 * the apex ZONEMD RRset and its RRSIGs left out), one pass for SHA-384 and SHA-512 together,
 * batched into the digests through crypto/mdstream.h; and the ZONEMD RRset's DNSSEC verdict
 * taken from the validation core's outcomes. No I/O. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/mdstream.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "zone/zonemd.h"

#define SCHEME_SIMPLE 1
#define HASH_SHA384 1
#define HASH_SHA512 2
#define ZONEMD_FIXED 6      /* Serial, Scheme, Hash Algorithm (RFC 8976 2.2) */
#define DIGEST_MIN 12       /* RFC 8976 2.2.4: never shorter than 96 bits */
#define BATCH (1u << 16)    /* octets handed to the digests at once */
#define HEXPFX 8            /* digest octets shown in findings */

const char *dd_zonemd_scheme_name(uint8_t scheme)
{
	if (scheme == SCHEME_SIMPLE) {
		return "SIMPLE";
	}
	if (scheme >= 240 && scheme <= 254) {
		return "private use";
	}
	return scheme == 0 || scheme == 255 ? "reserved" : "unassigned";
}

const char *dd_zonemd_hash_name(uint8_t hash)
{
	switch (hash) {
	case HASH_SHA384: return "SHA-384";
	case HASH_SHA512: return "SHA-512";
	default: break;
	}
	if (hash >= 240 && hash <= 254) {
		return "private use";
	}
	return hash == 0 || hash == 255 ? "reserved" : "unassigned";
}

const char *dd_zone_zonemd_status_name(dd_zone_zonemd_status_t s)
{
	switch (s) {
	case DD_ZONE_ZONEMD_ABSENT:      return "absent";
	case DD_ZONE_ZONEMD_VERIFIED:    return "verified";
	case DD_ZONE_ZONEMD_MISMATCH:    return "mismatch";
	case DD_ZONE_ZONEMD_UNSUPPORTED: return "unsupported";
	}
	return "absent";
}

/* The digest stream of a supported hash algorithm, and its output length; -1 if none. */
static int hash_alg(uint8_t hash, dd__mds_alg_t *alg, size_t *len)
{
	switch (hash) {
	case HASH_SHA384: *alg = DD__MDS_SHA384; *len = 48; return 0;
	case HASH_SHA512: *alg = DD__MDS_SHA512; *len = 64; return 0;
	default:          return -1;
	}
}

/* ---- the SIMPLE digest (RFC 8976 3.3) ------------------------------------------------- */

/* The digests being fed, and the batch in front of them. */
typedef struct zsink {
	dd__mds_t *s[2];
	size_t ns;
	uint8_t *buf;
	size_t len;
	int err;
} zsink_t;

static void sink_flush(zsink_t *z)
{
	for (size_t i = 0; i < z->ns && z->err == DD_OK; i++) {
		z->err = dd__mds_update(z->s[i], z->buf, z->len);
	}
	z->len = 0;
}

static void sink_put(zsink_t *z, const void *p, size_t n)
{
	if (z->len + n > BATCH) {
		sink_flush(z);
	}
	memcpy(z->buf + z->len, p, n);   /* n <= 65535 + 10: always fits an empty batch */
	z->len += n;
}

/* One RR of the RRset being put together: its canonical RDATA at @c off in the scratch. */
typedef struct zrd {
	size_t off;
	uint32_t ttl;
	uint16_t len;
} zrd_t;

/* Scratch for one RRset. */
typedef struct zwork {
	zrd_t *rd;
	size_t nrd, caprd;
	uint8_t *canon;
	size_t clen, ccap;
	int err;
} zwork_t;

static void work_add(zwork_t *w, uint16_t type, const uint8_t *rdata, uint16_t len, uint32_t ttl)
{
	if (w->err != DD_OK) {
		return;
	}
	if (!dd__z_grow((void **)&w->rd, &w->caprd, w->nrd + 1, sizeof(zrd_t)) ||
	    !dd__z_grow((void **)&w->canon, &w->ccap, w->clen + len + 1u, 1)) {
		w->err = DD_ENOMEM;
		return;
	}
	/* RFC 4034 6.2 as RFC 6840 5.1 amends it; RDATA that does not parse is taken as it is */
	(void)dd_rdata_canonical(type, rdata, len, w->canon + w->clen);
	w->rd[w->nrd++] = (zrd_t){ .off = w->clen, .ttl = ttl, .len = len };
	w->clen += len;
}

/* RFC 4034 6.3: canonical RDATA as left-justified octet strings, a prefix first; equal RDATA by
 * TTL so that which duplicate is kept does not depend on the sort. */
static int zrd_cmp(const void *a, const void *b, void *vbase)
{
	const uint8_t *base = vbase;
	const zrd_t *x = a, *y = b;
	size_t common = x->len < y->len ? x->len : y->len;
	int r = common ? memcmp(base + x->off, base + y->off, common) : 0;
	if (r == 0 && x->len != y->len) {
		r = x->len < y->len ? -1 : 1;
	}
	if (r == 0 && x->ttl != y->ttl) {
		r = x->ttl < y->ttl ? -1 : 1;
	}
	return r;
}

/* Hash the RRset gathered in @p w (owner, type, class IN, TTL, RDATA length, RDATA per RR, in
 * canonical order, each RR once: RFC 8976 3.3.1), then empty @p w. */
static void work_emit(zsink_t *z, zwork_t *w, const uint8_t *owner, size_t olen, uint16_t type)
{
	if (w->nrd > 1) {
		qsort_r(w->rd, w->nrd, sizeof(zrd_t), zrd_cmp, w->canon);
	}
	for (size_t i = 0; i < w->nrd; i++) {
		const zrd_t *r = &w->rd[i];
		if (i > 0 && r->len == w->rd[i - 1].len &&
		    memcmp(w->canon + r->off, w->canon + w->rd[i - 1].off, r->len) == 0) {
			continue;  /* a duplicate RR is included once */
		}
		uint8_t hdr[DD_NAME_MAXLEN + 10];
		memcpy(hdr, owner, olen);
		uint8_t *p = hdr + olen;
		p[0] = (uint8_t)(type >> 8);
		p[1] = (uint8_t)type;
		p[2] = 0;
		p[3] = 1;  /* class IN */
		p[4] = (uint8_t)(r->ttl >> 24);
		p[5] = (uint8_t)(r->ttl >> 16);
		p[6] = (uint8_t)(r->ttl >> 8);
		p[7] = (uint8_t)r->ttl;
		p[8] = (uint8_t)(r->len >> 8);
		p[9] = (uint8_t)r->len;
		sink_put(z, hdr, olen + 10);
		sink_put(z, w->canon + r->off, r->len);
	}
	w->nrd = 0;
	w->clen = 0;
}

/* The RRSIG RRset of node @p n, less the apex RRSIGs covering ZONEMD (RFC 8976 3.3.1). */
static void emit_sigs(const dd__zctx_t *c, zsink_t *z, zwork_t *w, const dd__znode_t *n,
                      bool apex, const uint8_t *owner, size_t olen)
{
	for (uint32_t r = n->first; r < n->first + n->count; r++) {
		const dd__zrec_t *rc = &c->recs[r];
		if (rc->sig && !(apex && rc->key == DD_TYPE_ZONEMD)) {
			work_add(w, DD_TYPE_RRSIG, dd__z_rdata(c, rc), rc->rdlen, rc->ttl);
		}
	}
	if (w->nrd > 0) {
		work_emit(z, w, owner, olen, DD_TYPE_RRSIG);
	}
}

/* One owner's RRsets in type order. The store keeps each RRSIG beside the RRset it covers
 * (sorted by covered type); the digest takes them as one RRset of type RRSIG. */
static void emit_node(const dd__zctx_t *c, zsink_t *z, zwork_t *w, size_t ni)
{
	const dd__znode_t *n = &c->nodes[ni];
	bool apex = (long)ni == (long)c->apex_node;
	const uint8_t *owner = dd__z_node_name(c, n);
	size_t olen = c->names[n->name].len;
	uint32_t end = n->first + n->count;
	bool sigs_done = false;
	uint32_t r = n->first;
	while (r < end) {
		if (c->recs[r].sig) {
			r++;
			continue;
		}
		uint16_t t = c->recs[r].type;
		if (!sigs_done && t > DD_TYPE_RRSIG) {
			emit_sigs(c, z, w, n, apex, owner, olen);
			sigs_done = true;
		}
		uint32_t s = r;
		while (s < end && !c->recs[s].sig && c->recs[s].type == t) {
			if (!(apex && t == DD_TYPE_ZONEMD)) {  /* the apex ZONEMD RRset itself */
				work_add(w, t, dd__z_rdata(c, &c->recs[s]), c->recs[s].rdlen,
				         c->recs[s].ttl);
			}
			s++;
		}
		if (w->nrd > 0) {
			work_emit(z, w, owner, olen, t);
		}
		r = s;
	}
	if (!sigs_done) {
		emit_sigs(c, z, w, n, apex, owner, olen);
	}
}

/* The SIMPLE digest of the zone for each hash algorithm of @p want (indexed by hash number,
 * 1 and 2), into @p out; names outside the zone are not part of it. */
static int simple_digest(const dd__zctx_t *c, const bool want[3], uint8_t out[3][DD__MDS_MAX_LEN])
{
	zsink_t z = { .err = DD_OK };
	zwork_t w = { .err = DD_OK };
	uint8_t which[2];
	int ret = DD_OK;
	for (uint8_t h = HASH_SHA384; h <= HASH_SHA512 && ret == DD_OK; h++) {
		dd__mds_alg_t alg;
		size_t len;
		if (want[h] && hash_alg(h, &alg, &len) == 0) {
			ret = dd__mds_new(alg, &z.s[z.ns]);
			if (ret == DD_OK) {
				which[z.ns++] = h;
			}
		}
	}
	z.buf = malloc(BATCH);
	if (ret == DD_OK && z.buf == NULL) {
		ret = DD_ENOMEM;
	}
	for (size_t ni = 0; ret == DD_OK && ni < c->nnodes && z.err == DD_OK && w.err == DD_OK;
	     ni++) {
		if (!(c->nodes[ni].flags & NODE_OUTSIDE)) {
			emit_node(c, &z, &w, ni);
		}
	}
	if (ret == DD_OK) {
		sink_flush(&z);
		ret = z.err != DD_OK ? z.err : w.err;
	}
	for (size_t i = 0; i < z.ns && ret == DD_OK; i++) {
		size_t len;
		ret = dd__mds_final(z.s[i], out[which[i]], &len);
	}
	for (size_t i = 0; i < z.ns; i++) {
		dd__mds_free(z.s[i]);
	}
	free(z.buf);
	free(w.rd);
	free(w.canon);
	return ret;
}

/* ---- the ZONEMD records (RFC 8976 2.2, 4) --------------------------------------------- */

typedef struct zmd {
	uint32_t serial;
	uint8_t scheme, hash;
	const uint8_t *digest;
	size_t dlen;
	bool parsed;       /* at least Serial, Scheme and Hash Algorithm */
	bool supported;    /* SIMPLE with SHA-384 or SHA-512 */
	bool malformed;    /* too short for its fields, or a digest of the wrong size */
	bool usable;       /* supported, right serial and digest size, no repeated pair */
} zmd_t;

static void hex_prefix(const uint8_t *d, size_t len, char out[2 * HEXPFX + 1])
{
	size_t n = len < HEXPFX ? len : HEXPFX;
	for (size_t i = 0; i < n; i++) {
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	}
	out[2 * n] = '\0';
}

/* The apex SOA's serial; false when the apex has no SOA that parses. */
static bool soa_serial(const dd__zctx_t *c, const dd__znode_t *a, uint32_t *serial)
{
	for (uint32_t r = a->first; r < a->first + a->count; r++) {
		const dd__zrec_t *rc = &c->recs[r];
		if (rc->type != DD_TYPE_SOA || rc->sig) {
			continue;
		}
		const uint8_t *d = dd__z_rdata(c, rc);
		int m = dd_name_check(d, rc->rdlen);
		int rn = m < 0 ? -1 : dd_name_check(d + m, rc->rdlen - (size_t)m);
		if (rn < 0 || (size_t)m + (size_t)rn + 20 > rc->rdlen) {
			return false;
		}
		const uint8_t *p = d + m + rn;
		*serial = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
		return true;
	}
	return false;
}

/* ZONEMD records below the apex are data like any other: noted once per name. */
static void not_at_apex(dd__zctx_t *c)
{
	char nb[1024], ab[1024];
	for (size_t ni = 0; ni < c->nnodes; ni++) {
		const dd__znode_t *n = &c->nodes[ni];
		if ((long)ni == (long)c->apex_node || (n->flags & NODE_OUTSIDE) ||
		    !dd__z_node_has(c, n, DD_TYPE_ZONEMD)) {
			continue;
		}
		const uint8_t *nm = dd__z_node_name(c, n);
		dd__z_find(c, "ZONEMD_NOT_AT_APEX", nm, DD_TYPE_ZONEMD, 0, 0, 0,
		      "a ZONEMD RRset at %s, which is not the apex %s: only the apex's ZONEMD is a "
		      "digest of the zone; this one is ordinary data, included in the digest and "
		      "otherwise ignored (RFC 8976 2)", dd__z_ntext(nm, nb, sizeof(nb)),
		      dd__z_ntext(c->apex, ab, sizeof(ab)));
	}
}

/* Parse and judge each record by itself: form, support, serial, digest size; then repeated
 * scheme and hash algorithm pairs. @return whether a pair repeats (false on DD_ENOMEM, in
 * c->err). */
static bool judge_records(dd__zctx_t *c, zmd_t *z, size_t nz, bool have_soa, uint32_t soa)
{
	char ab[1024];
	dd__z_ntext(c->apex, ab, sizeof(ab));
	for (size_t i = 0; i < nz; i++) {
		zmd_t *m = &z[i];
		if (!m->parsed) {
			m->malformed = true;
			dd__z_find(c, "ZONEMD_MALFORMED", c->apex, DD_TYPE_ZONEMD, 0, 0, 0,
			      "a ZONEMD record at %s has %zu octets of RDATA, less than its "
			      "Serial, Scheme and Hash Algorithm fields (6 octets, RFC 8976 2.2)",
			      ab, m->dlen);
			continue;
		}
		size_t want = 0;
		dd__mds_alg_t alg;
		m->supported = m->scheme == SCHEME_SIMPLE && hash_alg(m->hash, &alg, &want) == 0;
		if (m->dlen < DIGEST_MIN) {
			m->malformed = true;
			dd__z_find(c, "ZONEMD_MALFORMED", c->apex, DD_TYPE_ZONEMD, 0, 0, 0,
			      "the ZONEMD at %s with serial %u, scheme %u (%s) and hash algorithm "
			      "%u (%s) has a %zu-octet digest, shorter than the 12 octets RFC 8976 "
			      "2.2.4 allows: it cannot verify the zone (RFC 8976 4)", ab, m->serial,
			      m->scheme, dd_zonemd_scheme_name(m->scheme), m->hash,
			      dd_zonemd_hash_name(m->hash), m->dlen);
			continue;
		}
		if (!m->supported) {
			continue;
		}
		if (m->dlen != want) {
			m->malformed = true;
			dd__z_find(c, "ZONEMD_MALFORMED", c->apex, DD_TYPE_ZONEMD, 0, 0, 0,
			      "the ZONEMD at %s with serial %u, scheme %u (%s) and hash algorithm "
			      "%u (%s) has a %zu-octet digest; %s digests are %zu octets and never "
			      "truncated (RFC 8976 2.2.4): it cannot verify the zone (RFC 8976 4)",
			      ab, m->serial, m->scheme, dd_zonemd_scheme_name(m->scheme), m->hash,
			      dd_zonemd_hash_name(m->hash), m->dlen,
			      dd_zonemd_hash_name(m->hash), want);
			continue;
		}
		if (!have_soa) {
			continue;  /* ZONE_STRUCTURE says the SOA is missing */
		}
		if (m->serial != soa) {
			dd__z_find(c, "ZONEMD_SERIAL_MISMATCH", c->apex, DD_TYPE_ZONEMD, 0, 0, 0,
			      "the ZONEMD at %s with scheme %u (%s) and hash algorithm %u (%s) has "
			      "serial %u, the SOA has serial %u: the digest names another version "
			      "of the zone and cannot verify this one (RFC 8976 4)", ab, m->scheme,
			      dd_zonemd_scheme_name(m->scheme), m->hash,
			      dd_zonemd_hash_name(m->hash), m->serial, soa);
			continue;
		}
		m->usable = true;
	}
	/* RFC 8976 4: several records with one scheme and hash algorithm fail verification;
	 * counted per pair in one table, as a hostile zone may hold many records */
	uint32_t *count = calloc(65536, sizeof(*count));
	if (count == NULL) {
		c->err = DD_ENOMEM;
		return false;
	}
	for (size_t i = 0; i < nz; i++) {
		if (z[i].parsed) {
			count[(unsigned)z[i].scheme << 8 | z[i].hash]++;
		}
	}
	bool repeated = false;
	for (size_t i = 0; i < nz; i++) {
		uint32_t *n = &count[(unsigned)z[i].scheme << 8 | z[i].hash];
		if (!z[i].parsed || *n < 2) {
			continue;
		}
		z[i].usable = false;
		repeated = true;
		if (*n != UINT32_MAX) {
			dd__z_find(c, "ZONEMD_DUPLICATE", c->apex, DD_TYPE_ZONEMD, 0, 0, 0,
			      "%u ZONEMD records at %s have scheme %u (%s) and hash algorithm %u "
			      "(%s): a verifier cannot tell which digest is meant and fails the "
			      "zone (RFC 8976 4)", *n, ab, z[i].scheme,
			      dd_zonemd_scheme_name(z[i].scheme), z[i].hash,
			      dd_zonemd_hash_name(z[i].hash));
			*n = UINT32_MAX;  /* said once per pair */
		}
	}
	free(count);
	return repeated;
}

void dd__z_zonemd_check(dd__zctx_t *c)
{
	dd_zone_zonemd_t *zm = &c->res->zonemd;
	zm->dnssec = DD_STATUS_INSECURE;
	not_at_apex(c);
	if (c->apex_node < 0) {
		return;
	}
	const dd__znode_t *a = &c->nodes[c->apex_node];
	size_t nz = 0;
	for (uint32_t r = a->first; r < a->first + a->count; r++) {
		nz += c->recs[r].type == DD_TYPE_ZONEMD && !c->recs[r].sig;
	}
	if (nz == 0) {
		return;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	zmd_t *z = calloc(nz, sizeof(*z));
	if (z == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	size_t k = 0;
	for (uint32_t r = a->first; r < a->first + a->count; r++) {
		const dd__zrec_t *rc = &c->recs[r];
		if (rc->type != DD_TYPE_ZONEMD || rc->sig) {
			continue;
		}
		const uint8_t *d = dd__z_rdata(c, rc);
		zmd_t *m = &z[k++];
		m->dlen = rc->rdlen;
		if (rc->rdlen < ZONEMD_FIXED) {
			continue;
		}
		m->parsed = true;
		m->serial = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 |
		            d[3];
		m->scheme = d[4];
		m->hash = d[5];
		m->digest = d + ZONEMD_FIXED;
		m->dlen = rc->rdlen - ZONEMD_FIXED;
	}
	uint32_t soa = 0;
	bool have_soa = soa_serial(c, a, &soa);
	bool repeated = judge_records(c, z, nz, have_soa, soa);
	if (c->err != DD_OK) {
		free(z);
		return;
	}

	bool want[3] = { false, false, false };
	for (size_t i = 0; i < nz; i++) {
		if (z[i].usable) {
			want[z[i].hash] = true;
		}
	}
	uint8_t dig[3][DD__MDS_MAX_LEN];
	if (want[HASH_SHA384] || want[HASH_SHA512]) {
		int ret = simple_digest(c, want, dig);
		if (ret != DD_OK) {
			c->err = ret;
			free(z);
			return;
		}
	}
	const zmd_t *verified = NULL, *failed = NULL;
	bool supported = false, malformed = false;
	char ab[1024], hw[2 * HEXPFX + 1], hc[2 * HEXPFX + 1];
	dd__z_ntext(c->apex, ab, sizeof(ab));
	for (size_t i = 0; i < nz; i++) {
		const zmd_t *m = &z[i];
		supported = supported || (m->parsed && m->supported);
		malformed = malformed || m->malformed;
		if (!m->usable) {
			if (failed == NULL && m->parsed && m->supported) {
				failed = m;
			}
			continue;
		}
		if (memcmp(m->digest, dig[m->hash], m->dlen) == 0) {
			verified = verified ? verified : m;
			continue;
		}
		hex_prefix(m->digest, m->dlen, hw);
		hex_prefix(dig[m->hash], m->dlen, hc);
		dd__z_find(c, "ZONEMD_MISMATCH", c->apex, DD_TYPE_ZONEMD, 0, 0, 0,
		      "the ZONEMD at %s (serial %u, scheme %u %s, hash algorithm %u %s) holds the "
		      "digest %s..., the zone as read gives %s...: its data is not the data the "
		      "digest was computed over (RFC 8976 3.3, 4)", ab, m->serial, m->scheme,
		      dd_zonemd_scheme_name(m->scheme), m->hash,
		      dd_zonemd_hash_name(m->hash), hw, hc);
		failed = failed ? failed : m;
	}
	const zmd_t *about;
	if (repeated || (verified == NULL && (failed != NULL || malformed))) {
		zm->status = DD_ZONE_ZONEMD_MISMATCH;
		about = failed ? failed : &z[0];
	} else if (verified != NULL) {
		zm->status = DD_ZONE_ZONEMD_VERIFIED;
		about = verified;
	} else if (!supported) {
		zm->status = DD_ZONE_ZONEMD_UNSUPPORTED;
		about = &z[0];
		for (size_t i = 0; i < nz; i++) {
			if (z[i].parsed && z[i].dlen >= DIGEST_MIN) {
				dd__z_find(c, "ZONEMD_UNSUPPORTED", c->apex, DD_TYPE_ZONEMD, 0,
				      0, 0, "the ZONEMD at %s (serial %u) has scheme %u (%s) and "
				      "hash algorithm %u (%s), which this check does not "
				      "implement (it does SIMPLE with SHA-384 and SHA-512), and "
				      "the zone has no other: its digest is not verified (RFC "
				      "8976 4)", ab, z[i].serial, z[i].scheme,
				      dd_zonemd_scheme_name(z[i].scheme), z[i].hash,
				      dd_zonemd_hash_name(z[i].hash));
			}
		}
	} else {
		/* supported records whose serial could not be compared (no SOA) */
		zm->status = DD_ZONE_ZONEMD_MISMATCH;
		about = &z[0];
	}
	zm->records = nz;
	zm->scheme = about->scheme;
	zm->hash_algorithm = about->hash;
	zm->serial = about->serial;
	free(z);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	zm->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* ---- the ZONEMD RRset's signatures ---------------------------------------------------- */

void dd__z_zonemd_dnssec(dd__zctx_t *c)
{
	dd_zone_zonemd_t *zm = &c->res->zonemd;
	if (zm->records == 0 || c->nkeys == 0) {
		zm->dnssec = DD_STATUS_INSECURE;
		return;
	}
	zm->dnssec = DD_STATUS_BOGUS;  /* signed zone, no RRSIG: RRSIG_MISSING says so */
	size_t j = 0;
	while (j < c->njobs && !(c->jobs[j].node == (uint32_t)c->apex_node &&
	                         c->recs[c->jobs[j].set].type == DD_TYPE_ZONEMD)) {
		j++;
	}
	size_t e = j;
	while (e < c->njobs && c->jobs[e].set == c->jobs[j].set) {
		e++;
	}
	if (e == j) {
		return;
	}
	dd_rdata_t *sigs = calloc(e - j, sizeof(*sigs));
	dd_rdata_t *rds = calloc(c->jobs[j].setn, sizeof(*rds));
	if (sigs == NULL || rds == NULL) {
		free(sigs);
		free(rds);
		c->err = DD_ENOMEM;
		return;
	}
	for (size_t g = j; g < e; g++) {
		const dd__zrec_t *sr = &c->recs[c->jobs[g].sig];
		sigs[g - j] = (dd_rdata_t){ .data = dd__z_rdata(c, sr), .len = sr->rdlen };
	}
	const dd__zjob_t *jb = &c->jobs[j];
	for (uint32_t i = 0; i < jb->setn; i++) {
		const dd__zrec_t *r = &c->recs[jb->set + i];
		rds[i] = (dd_rdata_t){ .data = dd__z_rdata(c, r), .len = r->rdlen };
	}
	dd_rrset_t set = { .owner = c->apex, .type = DD_TYPE_ZONEMD, .rclass = 1,
		           .ttl = c->recs[jb->set].ttl, .count = jb->setn, .rdata = rds };
	dd__rrsetv_t rv;
	dd__validate_rrset_merge(&set, sigs, &c->outs[j], e - j, &c->vo, &rv);
	/* only algorithms this build cannot verify: insecure to validators (RFC 4035 5.2) */
	zm->dnssec = rv.v == DD_SIGV_OK ? DD_STATUS_SECURE
	             : rv.v == DD_SIGV_UNSUPPORTED ? DD_STATUS_INSECURE : DD_STATUS_BOGUS;
	free(sigs);
	free(rds);
}
