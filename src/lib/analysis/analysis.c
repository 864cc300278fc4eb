/* SPDX-License-Identifier: MIT
 * analysis.c - validation of the evidence as RFC 4035 5 describes it, per server and per
 * zone: trust anchor -> DS -> DNSKEY -> RRSIG, the target RRset, the NSEC/NSEC3 denial proofs
 * (RFC 4035 5.4, RFC 5155 8), delegation health, and one finding per problem seen. */

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/finding_fill.h"
#include "core/fmt.h"
#include "dd/algorithm.h"
#include "dd/analysis.h"
#include "dd/ds.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/nsec3.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "dd/verify.h"
#include "dns/name_text.h"

#define MAXRD 256                               /* records collected per RRset */
#define MAXKEYS DD_LIMIT_RRSET_RECORDS          /* a larger DNSKEY RRset is over the cap */
#define MAXSIGS DD_LIMIT_RRSIGS_PER_RRSET

/* ---- context ------------------------------------------------------------------------------ */

typedef struct keyset {
	dd_key_t *keys[MAXKEYS];
	size_t n;
	bool present;      /* a DNSKEY RRset was served */
	bool validated;    /* it is authenticated from the parent's DS or the anchor */
	uint32_t ttl;
} keyset_t;

typedef struct actx {
	const dd_evidence_t *ev;
	dd_analysis_t *an;
	int64_t at;
	dd_msg_t **msgs;      /* parsed responses, by exchange index (lazily) */
	bool *parsed;
	keyset_t **ks;        /* per zone, per server */
	dd_limits_t lim;
	dd_verify_memo_t *memo; /* shared verdicts, or NULL */
	int err;
} actx_t;


static dd_msg_t *msg_at(actx_t *c, const char *server, const uint8_t *qname, uint16_t qtype)
{
	const dd_exchange_t *x = dd_evidence_find(c->ev, server, qname, qtype);
	if (x == NULL) {
		return NULL;
	}
	size_t i = (size_t)(x - c->ev->xs);
	if (!c->parsed[i]) {
		c->parsed[i] = true;
		if (x->error == DD_QERR_NONE && x->wire != NULL) {
			(void)dd_msg_parse(x->wire, x->wire_len, &c->msgs[i]);
		}
	}
	return c->msgs[i];
}

/* An answer a validator would use: authoritative, NOERROR or NXDOMAIN. */
static bool authoritative(const dd_msg_t *m)
{
	return m != NULL && (m->flags & DD_FLAG_AA) &&
	       (m->rcode == DD_RCODE_NOERROR || m->rcode == DD_RCODE_NXDOMAIN);
}




/* Record a finding; the same code for the same zone and RRset merges servers. */
__attribute__((format(printf, 10, 11)))
static void finding(actx_t *c, const char *code, dd_severity_t sev, const uint8_t *zone,
                    const uint8_t *owner, uint16_t rrtype, const char *server, uint16_t tag,
                    int64_t when, const char *fmt, ...)
{
	dd_analysis_t *an = c->an;
	dd_finding_t *f = NULL;
	for (size_t i = 0; i < an->nfindings; i++) {
		dd_finding_t *g = &an->findings[i];
		if (strcmp(g->code, code) == 0 && dd_name_equal(g->zone, zone) &&
		    dd_name_equal(g->owner, owner) && g->rrtype == rrtype) {
			f = g;
			break;
		}
	}
	if (f == NULL) {
		if (an->nfindings == an->cap_findings) {
			size_t cap = an->cap_findings ? an->cap_findings * 2 : 16;
			dd_finding_t *n = realloc(an->findings, cap * sizeof(*n));
			if (n == NULL) {
				c->err = DD_ENOMEM;
				return;
			}
			an->findings = n;
			an->cap_findings = cap;
		}
		const dd_finding_info_t *info = dd_finding_info(code);
		assert(info != NULL);  /* every code is in the shared vocabulary */
		if (info == NULL) {
			return;
		}
		f = &an->findings[an->nfindings++];
		/* the vocabulary's severity, raised (never lowered) by the caller's context */
		va_list ap;
		va_start(ap, fmt);
		dd__finding_fill(f, info, sev, zone, owner, rrtype, tag, 0, when, fmt, ap);
		va_end(ap);
	}
	if (sev > f->severity) {
		f->severity = sev;
	}
	if (server != NULL && server[0] != '\0') {
		for (size_t i = 0; i < f->nservers; i++) {
			if (strcmp(f->servers[i], server) == 0) {
				return;
			}
		}
		if (f->nservers < DD_FINDING_SERVERS) {
			snprintf(f->servers[f->nservers++], 64, "%s", server);
		}
	}
}

bool dd_analysis_has(const dd_analysis_t *an, const char *code)
{
	for (size_t i = 0; i < an->nfindings; i++) {
		if (strcmp(an->findings[i].code, code) == 0) {
			return true;
		}
	}
	return false;
}

/* ---- signatures --------------------------------------------------------------------------- */

typedef enum sigres {
	SIG_OK = 0,
	SIG_EXPIRED,
	SIG_NOTYET,
	SIG_INVALID,
	SIG_NOKEY,        /* RRSIGs, but none by a key of the set */
	SIG_UNSUPPORTED,  /* only algorithms this build cannot verify */
	SIG_NONE,         /* no RRSIG at all */
	SIG_LIMIT,        /* over a validator work cap before a valid signature: bogus */
	SIG_BUDGET,       /* the diagnosis's own verification budget is spent: not checked */
} sigres_t;

/* Which work cap stopped a signature check (see DD_LIMIT_* in dd/analysis.h). */
typedef enum limit {
	LIM_NONE = 0,
	LIM_RECORDS,      /* more records in the RRset than validators accept */
	LIM_RRSIGS,       /* more RRSIGs than are considered */
	LIM_COLLISIONS,   /* more DNSKEYs sharing an RRSIG's key tag than are tried */
	LIM_VERIFY,       /* verifications per RRset */
	LIM_BUDGET,       /* verifications per diagnosis */
} limit_t;

/* An RRset and its RRSIGs as one section carries them: collected within the caps, with the
 * numbers actually served. */
typedef struct rrview {
	dd_rrset_t set;
	dd_rdata_t rd[MAXRD];
	dd_rdata_t sigs[MAXSIGS];
	size_t n, nsigs;          /* collected */
	size_t total, total_sigs; /* served */
} rrview_t;

static size_t rrview_get(const dd_msg_t *m, dd_section_t sec, const uint8_t *owner, uint16_t type,
                         rrview_t *v)
{
	v->n = dd_msg_rrset(m, sec, owner, type, &v->set, v->rd, MAXRD);
	v->nsigs = dd_msg_rrsigs(m, sec, owner, type, v->sigs, MAXSIGS);
	v->total = v->n > 0 ? dd_msg_count(m, sec, owner, type, 0) : 0;
	v->total_sigs = dd_msg_count(m, sec, owner, DD_TYPE_RRSIG, type);
	return v->n;
}

typedef struct sigcheck {
	sigres_t res;
	uint16_t tag;
	uint8_t alg;
	int64_t when;          /* expiration (EXPIRED) or inception (NOTYET) */
	int64_t earliest;      /* earliest expiration among good signatures */
	int64_t latest;        /* latest inception among good signatures */
	bool alg_ok[256];      /* algorithms with a valid signature */
	size_t nsigs;          /* RRSIGs served */
	size_t nrecords;       /* records served */
	limit_t limit;         /* the cap that stopped the check, with SIG_LIMIT / SIG_BUDGET */
	size_t tried;          /* verifications made for this RRset */
	size_t same_tag;       /* DNSKEYs sharing the key tag, with LIM_COLLISIONS */
} sigcheck_t;

/* How bad a failed outcome is, to keep the most telling one (valid crypto first). */
static int sig_rank(sigres_t r)
{
	static const int rank[] = { [SIG_OK] = 0, [SIG_EXPIRED] = 1, [SIG_NOTYET] = 2,
		                    [SIG_INVALID] = 3, [SIG_UNSUPPORTED] = 4, [SIG_NOKEY] = 5,
		                    [SIG_NONE] = 6, [SIG_LIMIT] = 7, [SIG_BUDGET] = 8 };
	return rank[r];
}

/* Merge the validity window edges of @p sc's good signatures into zone @p zi. */
static void note_window(actx_t *c, int zi, const sigcheck_t *sc)
{
	dd_zone_result_t *z = &c->an->zones[zi];
	if (sc->earliest != 0 && (z->earliest_expiration == 0 || sc->earliest < z->earliest_expiration)) {
		z->earliest_expiration = sc->earliest;
	}
	if (sc->latest != 0 && (z->latest_inception == 0 || sc->latest > z->latest_inception)) {
		z->latest_inception = sc->latest;
	}
}

/*
 * Verify the RRSIGs of @p v over its RRset with the keys of @p ks (only those for which
 * @p allowed is true, when given), within the work caps: an RRset whose check hits a cap
 * before a signature validates is SIG_LIMIT (validators give up there: bogus), or SIG_BUDGET
 * when the diagnosis's own budget ran out (indeterminate).
 */
static void check_sigs(actx_t *c, const rrview_t *v, const keyset_t *ks, const bool *allowed,
                       sigcheck_t *out)
{
	const dd_rrset_t *set = &v->set;
	const dd_rdata_t *sigs = v->sigs;
	size_t nsig = v->nsigs < c->lim.rrsigs_per_rrset ? v->nsigs : c->lim.rrsigs_per_rrset;
	memset(out, 0, sizeof(*out));
	out->res = SIG_NONE;
	out->nsigs = v->total_sigs;
	out->nrecords = v->total;
	if (v->total > c->lim.rrset_records) {
		out->res = SIG_LIMIT;
		out->limit = LIM_RECORDS;
		return;
	}
	bool any_supported = false, stop = false;
	for (size_t i = 0; i < nsig && !stop; i++) {
		dd_rrsig_t s;
		if (dd_rrsig_parse(sigs[i].data, sigs[i].len, &s) != DD_OK) {
			if (sig_rank(SIG_INVALID) < sig_rank(out->res)) {
				out->res = SIG_INVALID;
			}
			continue;
		}
		if (dd_alg_supported(s.algorithm)) {
			any_supported = true;
		}
		sigres_t best = SIG_NOKEY;
		int64_t when = 0;
		size_t tried_here = 0;
		for (size_t k = 0; ks != NULL && k < ks->n; k++) {
			if ((allowed != NULL && !allowed[k]) || dd_key_tag(ks->keys[k]) != s.key_tag ||
			    dd_key_algorithm(ks->keys[k]) != s.algorithm) {
				continue;
			}
			if (tried_here == c->lim.keys_per_rrsig) {
				if (out->limit == LIM_NONE) {
					out->limit = LIM_COLLISIONS;
					out->tag = s.key_tag;
					out->alg = s.algorithm;
					for (size_t j = 0; j < ks->n; j++) {
						out->same_tag += dd_key_tag(ks->keys[j]) == s.key_tag &&
						                 dd_key_algorithm(ks->keys[j]) == s.algorithm;
					}
				}
				break;
			}
			if (out->tried == c->lim.verify_per_rrset) {
				out->limit = LIM_VERIFY;
				stop = true;
				break;
			}
			if (c->an->verifications >= c->lim.verify_total) {
				out->limit = LIM_BUDGET;
				stop = true;
				break;
			}
			tried_here++;
			out->tried++;
			dd_sig_result_t r;
			if (dd_sig_verify_memo(c->memo, set, sigs[i].data, sigs[i].len, ks->keys[k], c->at,
			                       &r) != DD_OK) {
				continue;
			}
			c->an->verifications++;
			sigres_t got;
			/* a revoked key may only sign the DNSKEY RRset it is in (RFC 5011 2.1) */
			uint32_t usable = r.mismatch;
			if (set->type == DD_TYPE_DNSKEY) {
				usable &= ~(uint32_t)DD_SIG_MISMATCH_REVOKED;
			}
			if (r.crypto == DD_CRYPTO_UNSUPPORTED) {
				got = SIG_UNSUPPORTED;
			} else if (r.crypto != DD_CRYPTO_VALID || usable != 0) {
				got = SIG_INVALID;
			} else if (r.window == DD_WINDOW_EXPIRED || r.window == DD_WINDOW_INVERTED) {
				got = SIG_EXPIRED;
				when = s.expiration;
			} else if (r.window == DD_WINDOW_NOT_YET_VALID) {
				got = SIG_NOTYET;
				when = s.inception;
			} else {
				got = SIG_OK;
				out->alg_ok[s.algorithm] = true;
				if (out->earliest == 0 || c->at + r.window_seconds < out->earliest) {
					out->earliest = c->at + r.window_seconds;
				}
				/* the 32-bit field read near @at (RFC 4034 3.1.5, RFC 1982) */
				int64_t inc = c->at + (int32_t)(s.inception - (uint32_t)c->at);
				if (out->latest == 0 || inc > out->latest) {
					out->latest = inc;
				}
			}
			if (sig_rank(got) < sig_rank(best)) {
				best = got;
			}
			if (r.crypto == DD_CRYPTO_VALID && usable == 0) {
				break;  /* this RRSIG is by this key: the other keys sharing its tag are not */
			}
		}
		if (stop && tried_here == 0) {
			break;  /* this RRSIG was not looked at */
		}
		if (sig_rank(best) < sig_rank(out->res)) {
			out->res = best;
			out->tag = out->limit == LIM_COLLISIONS ? out->tag : s.key_tag;
			out->alg = out->limit == LIM_COLLISIONS ? out->alg : s.algorithm;
			/* reconstruct the full time from the 32-bit field near @at (RFC 1982) */
			out->when = when ? c->at + (int32_t)((uint32_t)when - (uint32_t)c->at) : 0;
		}
	}
	if (nsig > 0 && !any_supported && out->res != SIG_OK) {
		out->res = SIG_UNSUPPORTED;
	}
	if (v->total_sigs > nsig && out->limit == LIM_NONE) {
		out->limit = LIM_RRSIGS;
	}
	if (out->res != SIG_OK && out->res != SIG_UNSUPPORTED && out->limit != LIM_NONE) {
		out->res = out->limit == LIM_BUDGET ? SIG_BUDGET : SIG_LIMIT;
	}
}

static const char *sig_code(sigres_t r)
{
	switch (r) {
	case SIG_EXPIRED:     return "RRSIG_EXPIRED";
	case SIG_NOTYET:      return "RRSIG_NOT_YET_VALID";
	case SIG_NONE:        return "RRSIG_MISSING";
	case SIG_UNSUPPORTED: return "ALGORITHM_UNSUPPORTED";
	case SIG_INVALID:
	case SIG_NOKEY:       return "RRSIG_INVALID";
	case SIG_LIMIT:
	case SIG_BUDGET:      return "WORK_LIMIT_EXCEEDED";
	case SIG_OK:          break;
	}
	return NULL;
}

/* An RRset over a validator work cap (KeyTrap, CVE-2023-50387): what the cap is and who has it. */
static void limit_finding(actx_t *c, const sigcheck_t *sc, const uint8_t *zone, const char *owner,
                          const char *type, const dd_rrset_t *set, const char *server)
{
	const char *code = "WORK_LIMIT_EXCEEDED";
	switch (sc->limit) {
	case LIM_RECORDS:
		finding(c, code, DD_SEV_ERROR, zone, set->owner, set->type, server, 0, 0,
		        "%s %s has %zu records, more than the %d a validator accepts in one RRset "
		        "(BIND's max-records-per-type, CVE-2024-1737): it is refused, not verified",
		        owner, type, sc->nrecords, c->lim.rrset_records);
		break;
	case LIM_COLLISIONS:
		finding(c, code, DD_SEV_ERROR, zone, set->owner, set->type, server, sc->tag, 0,
		        "the RRSIG over %s %s names key tag %u, algorithm %u, which %zu DNSKEYs share; "
		        "none of the %d tried verified it, and validators with KeyTrap limits "
		        "(CVE-2023-50387) give up there: bogus", owner, type, sc->tag, sc->alg,
		        sc->same_tag, c->lim.keys_per_rrsig);
		break;
	case LIM_RRSIGS:
		finding(c, code, DD_SEV_ERROR, zone, set->owner, set->type, server, 0, 0,
		        "%s %s carries %zu RRSIGs and none of the first %d validates; validators cap "
		        "the signatures they try per RRset (KeyTrap, CVE-2023-50387): bogus",
		        owner, type, sc->nsigs, c->lim.rrsigs_per_rrset);
		break;
	default:
		finding(c, code, DD_SEV_ERROR, zone, set->owner, set->type, server, 0, 0,
		        "%s %s (%zu RRSIGs) needed more than %d signature verifications without one "
		        "that validates: validators stop there (Unbound: 8, BIND: 16 per fetch; KeyTrap, "
		        "CVE-2023-50387) and fail it", owner, type, sc->nsigs, c->lim.verify_per_rrset);
		break;
	}
}

/* Report a failed signature check on an RRset as a finding. */
static void sig_finding(actx_t *c, const sigcheck_t *sc, const uint8_t *zone, const dd_rrset_t *set,
                        const char *server)
{
	const char *code = sig_code(sc->res);
	if (code == NULL) {
		return;
	}
	char owner[1024], type[24], t[32], d[48];
	dd__name_text(set->owner, owner, sizeof(owner));
	dd__type_text(set->type, type);
	switch (sc->res) {
	case SIG_EXPIRED:
		dd__time_text(sc->when, t);
		dd__duration_text(c->at - sc->when, d);
		finding(c, code, DD_SEV_ERROR, zone, set->owner, set->type, server, sc->tag, sc->when,
		        "the RRSIG over %s %s (key tag %u, algorithm %u) expired at %s, %s ago; the "
		        "signature itself is cryptographically valid", owner, type, sc->tag, sc->alg, t, d);
		break;
	case SIG_NOTYET:
		dd__time_text(sc->when, t);
		dd__duration_text(sc->when - c->at, d);
		finding(c, code, DD_SEV_ERROR, zone, set->owner, set->type, server, sc->tag, sc->when,
		        "the RRSIG over %s %s (key tag %u) becomes valid only at %s, in %s", owner, type,
		        sc->tag, t, d);
		break;
	case SIG_NONE:
		finding(c, code, DD_SEV_ERROR, zone, set->owner, set->type, server, 0, 0,
		        "%s %s is served without any RRSIG although the zone is signed", owner, type);
		break;
	case SIG_NOKEY:
		finding(c, code, DD_SEV_ERROR, zone, set->owner, set->type, server, sc->tag, 0,
		        "the RRSIG over %s %s names key tag %u, algorithm %u, which is not in the "
		        "zone's DNSKEY RRset", owner, type, sc->tag, sc->alg);
		break;
	case SIG_INVALID:
		finding(c, code, DD_SEV_ERROR, zone, set->owner, set->type, server, sc->tag, 0,
		        "the RRSIG over %s %s by key tag %u does not verify: the signature or the "
		        "data was altered", owner, type, sc->tag);
		break;
	case SIG_LIMIT:
		limit_finding(c, sc, zone, owner, type, set, server);
		break;
	case SIG_BUDGET:
		finding(c, code, DD_SEV_WARNING, zone, set->owner, set->type, server, 0, 0,
		        "the diagnosis had spent its budget of %u signature verifications (validation "
		        "work limits) before %s %s, which was therefore not verified: indeterminate",
		        c->lim.verify_total, owner, type);
		break;
	default:
		break;
	}
}

/* ---- keys and trust ------------------------------------------------------------------------ */

static void keyset_load(keyset_t *ks, const dd_msg_t *m, const uint8_t *zone)
{
	memset(ks, 0, sizeof(*ks));
	if (!authoritative(m)) {
		return;
	}
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER] && ks->n < MAXKEYS; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		if (rr->type != DD_TYPE_DNSKEY || !dd_name_equal(rr->owner, zone)) {
			continue;
		}
		ks->present = true;
		ks->ttl = rr->ttl;
		dd_key_t *k = NULL;
		if (dd_key_new(zone, rr->rdata.data, rr->rdata.len, &k) == DD_OK) {
			ks->keys[ks->n++] = k;
		}
	}
}

static void keyset_free(keyset_t *ks)
{
	for (size_t i = 0; i < ks->n; i++) {
		dd_key_free(ks->keys[i]);
	}
	ks->n = 0;
}

/* The DS set a zone's parent publishes, as one validator would see it. */
typedef enum ds_state {
	DSS_UNKNOWN = 0,   /* no parent answered */
	DSS_PRESENT,       /* DS RRset, authenticated (or parent insecure) */
	DSS_ABSENT,        /* proven absent: insecure delegation */
	DSS_BOGUS,         /* the DS RRset or its denial does not validate */
} ds_state_t;

typedef struct dsset {
	ds_state_t state;
	dd_ds_t ds[MAXKEYS];
	uint8_t raw[MAXKEYS][128];
	size_t n;
	uint32_t ttl;
	const char *server;
	char reason[200];
} dsset_t;

/* ---- denial of existence (RFC 4035 5.4, RFC 5155 8) --------------------------------------- */

typedef enum proof {
	PROOF_OK = 0,
	PROOF_INSECURE,   /* NSEC3 over the resolver iteration limit, or Opt-Out */
	PROOF_BAD,        /* the records do not prove it */
	PROOF_NONE,       /* no NSEC or NSEC3 at all */
	PROOF_SIG,        /* an NSEC/NSEC3 RRset's signature failed */
	PROOF_BUDGET,     /* the diagnosis's NSEC3 hashing budget is spent: not checked */
} proof_t;

typedef struct nsec3rec {
	uint8_t hash[DD_NSEC3_HASH_LEN];
	const dd_nsec3_t *p;
	dd_nsec3_t v;
	const dd_rr_t *rr;
} nsec3rec_t;

/* Is @p h strictly between @p owner and @p next, with wrap-around at the end of the chain? */
static bool hash_covers(const uint8_t *owner, const uint8_t *next, const uint8_t *h)
{
	int a = memcmp(owner, h, DD_NSEC3_HASH_LEN), b = memcmp(h, next, DD_NSEC3_HASH_LEN);
	if (memcmp(owner, next, DD_NSEC3_HASH_LEN) < 0) {
		return a < 0 && b < 0;
	}
	return a < 0 || b < 0;  /* the last NSEC3 of the chain */
}

/* Is @p name strictly between @p owner and @p next in canonical order (with wrap to apex)? */
static bool nsec_covers(const uint8_t *owner, const uint8_t *next, const uint8_t *name)
{
	int a = dd_name_canon_cmp(owner, name), b = dd_name_canon_cmp(name, next);
	if (dd_name_canon_cmp(owner, next) < 0) {
		return a < 0 && b < 0;
	}
	return a < 0;  /* the last NSEC: next is the apex */
}

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

typedef struct proofctx {
	actx_t *c;
	const dd_msg_t *m;
	const keyset_t *ks;
	const uint8_t *zone;
	const char *server;
	char why[200];
	sigcheck_t sc;       /* the failing signature check, with PROOF_SIG */
	dd_rrset_t sc_set;
	uint16_t iterations;
	bool nsec3;
	uint8_t salt[255];
	uint8_t salt_len;
	bool have_params;
	bool budget;         /* a hash was refused: DD_LIMIT_NSEC3_HASHES reached */
} proofctx_t;

/* Hash @p name with the proof's NSEC3 parameters, within the diagnosis's hashing budget. */
static bool proof_hash(proofctx_t *p, const uint8_t *name, uint8_t h[DD_NSEC3_HASH_LEN])
{
	if (p->c->an->nsec3_hashes >= p->c->lim.nsec3_hashes) {
		p->budget = true;
		return false;
	}
	p->c->an->nsec3_hashes++;
	return dd_nsec3_hash(name, DD_NSEC3_HASH_SHA1, p->iterations, p->salt, p->salt_len, h) == DD_OK;
}

/* Check the signatures of every NSEC/NSEC3 RRset in the authority section. */
static bool denial_sigs_ok(proofctx_t *p, uint16_t type)
{
	const dd_msg_t *m = p->m;
	for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
		if (rr->type != type) {
			continue;
		}
		rrview_t v;
		rrview_get(m, DD_SECTION_AUTHORITY, rr->owner, type, &v);
		sigcheck_t sc;
		check_sigs(p->c, &v, p->ks, NULL, &sc);
		if (sc.res != SIG_OK) {
			p->sc = sc;
			p->sc_set = v.set;
			p->sc_set.rdata = NULL;  /* the view goes out of scope; only names are used */
			return false;
		}
	}
	return true;
}

static proof_t nsec_proof(proofctx_t *p, const uint8_t *qname, uint16_t qtype, bool nxdomain)
{
	const dd_msg_t *m = p->m;
	char q[1024];
	dd__name_text(qname, q, sizeof(q));
	bool name_denied = !nxdomain, wildcard_denied = !nxdomain, nodata = !nxdomain ? false : true;
	uint8_t ce[DD_NAME_MAXLEN] = { 0 };
	for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
		dd_nsec_t n;
		if (rr->type != DD_TYPE_NSEC || dd_nsec_parse(rr->rdata.data, rr->rdata.len, &n) != DD_OK) {
			continue;
		}
		if (!nxdomain) {
			if (dd_name_equal(rr->owner, qname)) {
				if (dd_bitmap_has(n.bitmap, n.bitmap_len, qtype) ||
				    dd_bitmap_has(n.bitmap, n.bitmap_len, DD_TYPE_CNAME)) {
					snprintf(p->why, sizeof(p->why), "the NSEC at %s lists the type asked for", q);
					return PROOF_BAD;
				}
				nodata = true;
			}
			continue;
		}
		if (nsec_covers(rr->owner, n.next, qname)) {
			name_denied = true;
			const uint8_t *a = common_suffix(qname, rr->owner);
			const uint8_t *b = common_suffix(qname, n.next);
			const uint8_t *deeper = dd_name_labels(a) >= dd_name_labels(b) ? a : b;
			memcpy(ce, deeper, dd_name_len(deeper));
		}
	}
	if (nxdomain && name_denied) {
		uint8_t wc[DD_NAME_MAXLEN];
		size_t cl = dd_name_len(ce);
		if (cl + 2 <= DD_NAME_MAXLEN) {
			wc[0] = 1;
			wc[1] = '*';
			memcpy(wc + 2, ce, cl);
			for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY]; i++) {
				const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
				dd_nsec_t n;
				if (rr->type == DD_TYPE_NSEC &&
				    dd_nsec_parse(rr->rdata.data, rr->rdata.len, &n) == DD_OK &&
				    (nsec_covers(rr->owner, n.next, wc) || dd_name_equal(rr->owner, wc))) {
					wildcard_denied = !dd_name_equal(rr->owner, wc);
				}
			}
		}
	}
	if (!name_denied) {
		snprintf(p->why, sizeof(p->why), "no NSEC covers %s", q);
		return PROOF_BAD;
	}
	if (!wildcard_denied) {
		snprintf(p->why, sizeof(p->why), "no NSEC denies the wildcard that could expand to %s", q);
		return PROOF_BAD;
	}
	if (!nodata) {
		snprintf(p->why, sizeof(p->why), "no NSEC at %s proves the type absent", q);
		return PROOF_BAD;
	}
	return PROOF_OK;
}

static size_t nsec3_collect(proofctx_t *p, nsec3rec_t *out, size_t cap)
{
	const dd_msg_t *m = p->m;
	size_t n = 0;
	for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY] && n < cap; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
		if (rr->type != DD_TYPE_NSEC3 || rr->owner[0] != 32) {
			continue;
		}
		nsec3rec_t *r = &out[n];
		if (dd_nsec3_parse(rr->rdata.data, rr->rdata.len, &r->v) != DD_OK ||
		    r->v.next_len != DD_NSEC3_HASH_LEN ||
		    dd_base32hex_decode((const char *)rr->owner + 1, 32, r->hash, sizeof(r->hash)) != 20) {
			continue;
		}
		r->rr = rr;
		if (!p->have_params) {
			p->have_params = true;
			p->iterations = r->v.iterations;
			p->salt_len = r->v.salt_len;
			memcpy(p->salt, r->v.salt, r->v.salt_len);
		}
		n++;
	}
	return n;
}

static proof_t nsec3_proof(proofctx_t *p, const uint8_t *qname, uint16_t qtype, bool nxdomain)
{
	nsec3rec_t recs[64];
	size_t n = nsec3_collect(p, recs, 64);
	char q[1024];
	dd__name_text(qname, q, sizeof(q));
	if (p->iterations > DD_NSEC3_RESOLVER_LIMIT) {
		return PROOF_INSECURE;  /* as Unbound, BIND and Knot Resolver do (RFC 9276 3.2) */
	}
	for (size_t i = 0; i < n; i++) {
		if (recs[i].v.hash_algorithm != DD_NSEC3_HASH_SHA1) {
			return PROOF_INSECURE;  /* unknown hash: RFC 5155 8.1 */
		}
	}
	uint8_t h[DD_NSEC3_HASH_LEN];
#define HASH(name) proof_hash(p, (name), h)
	if (!nxdomain) {
		if (!HASH(qname)) {
			return PROOF_BAD;
		}
		for (size_t i = 0; i < n; i++) {
			if (memcmp(recs[i].hash, h, 20) == 0) {
				if (dd_bitmap_has(recs[i].v.bitmap, recs[i].v.bitmap_len, qtype) ||
				    dd_bitmap_has(recs[i].v.bitmap, recs[i].v.bitmap_len, DD_TYPE_CNAME)) {
					snprintf(p->why, sizeof(p->why), "the NSEC3 matching %s lists the type asked for", q);
					return PROOF_BAD;
				}
				return PROOF_OK;
			}
		}
		snprintf(p->why, sizeof(p->why), "no NSEC3 matches %s", q);
		return PROOF_BAD;
	}
	/* closest encloser proof: the deepest ancestor with a matching NSEC3 */
	unsigned ql = dd_name_labels(qname), zl = dd_name_labels(p->zone);
	for (unsigned l = ql - 1; l >= zl && l < ql; l--) {
		const uint8_t *ce = dd_name_suffix(qname, l);
		if (!HASH(ce)) {
			return PROOF_BAD;
		}
		bool match = false;
		for (size_t i = 0; i < n && !match; i++) {
			match = memcmp(recs[i].hash, h, 20) == 0;
		}
		if (!match) {
			continue;
		}
		const uint8_t *nc = dd_name_suffix(qname, l + 1);
		if (!HASH(nc)) {
			return PROOF_BAD;
		}
		bool covered = false, optout = false;
		for (size_t i = 0; i < n; i++) {
			if (hash_covers(recs[i].hash, recs[i].v.next, h)) {
				covered = true;
				optout = recs[i].v.flags & DD_NSEC3_FLAG_OPTOUT;
			}
		}
		if (!covered) {
			snprintf(p->why, sizeof(p->why), "no NSEC3 covers the next closer name of %s", q);
			return PROOF_BAD;
		}
		uint8_t wc[DD_NAME_MAXLEN];
		size_t cl = dd_name_len(ce);
		if (cl + 2 > DD_NAME_MAXLEN) {
			return PROOF_BAD;
		}
		wc[0] = 1;
		wc[1] = '*';
		memcpy(wc + 2, ce, cl);
		if (!HASH(wc)) {
			return PROOF_BAD;
		}
		bool wc_denied = false;
		for (size_t i = 0; i < n; i++) {
			wc_denied = wc_denied || hash_covers(recs[i].hash, recs[i].v.next, h);
		}
		if (!wc_denied) {
			snprintf(p->why, sizeof(p->why), "no NSEC3 denies the wildcard at the closest encloser of %s", q);
			return PROOF_BAD;
		}
		return optout ? PROOF_INSECURE : PROOF_OK;
	}
#undef HASH
	snprintf(p->why, sizeof(p->why), "no NSEC3 matches any ancestor of %s (no closest encloser)", q);
	return PROOF_BAD;
}

/* Validate the denial in @p m for @p qname / @p qtype. */
static proof_t check_denial(proofctx_t *p, const uint8_t *qname, uint16_t qtype, bool nxdomain)
{
	bool has_nsec = false, has_nsec3 = false;
	for (size_t i = 0; i < p->m->count[DD_SECTION_AUTHORITY]; i++) {
		has_nsec = has_nsec || p->m->rr[DD_SECTION_AUTHORITY][i].type == DD_TYPE_NSEC;
		has_nsec3 = has_nsec3 || p->m->rr[DD_SECTION_AUTHORITY][i].type == DD_TYPE_NSEC3;
	}
	p->nsec3 = has_nsec3;
	if (!has_nsec && !has_nsec3) {
		snprintf(p->why, sizeof(p->why), "the answer carries no NSEC or NSEC3 record");
		return PROOF_NONE;
	}
	if (!denial_sigs_ok(p, has_nsec3 ? DD_TYPE_NSEC3 : DD_TYPE_NSEC)) {
		return PROOF_SIG;
	}
	proof_t r = has_nsec3 ? nsec3_proof(p, qname, qtype, nxdomain)
	                      : nsec_proof(p, qname, qtype, nxdomain);
	return p->budget ? PROOF_BUDGET : r;
}

/* ---- delegation health -------------------------------------------------------------------- */

/* Did this server answer for the zone, and how well? Records LAME_DELEGATION,
 * SERVER_UNREACHABLE, EDNS_FAULT and TCP_FAULT findings. */
static bool server_health(actx_t *c, int zi, size_t si)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const dd_server_t *s = &z->servers[si];
	char ns[1024];
	dd__name_text(s->ns_name, ns, sizeof(ns));
	if (s->addr[0] == '\0') {
		finding(c, "SERVER_UNREACHABLE", DD_SEV_WARNING, z->name, z->name, 0, NULL, 0, 0,
		        "the name server %s has no address (it could not be resolved)", ns);
		return false;
	}
	size_t total = 0, failed = 0, edns = 0, tcp = 0, invalid = 0, oversize = 0, largest = 0;
	const dd_exchange_t *last_fail = NULL, *last_invalid = NULL;
	for (size_t i = 0; i < c->ev->nxs; i++) {
		const dd_exchange_t *x = &c->ev->xs[i];
		if (strcmp(x->server, s->addr) != 0 || !dd_name_in_zone(x->qname, z->name)) {
			continue;
		}
		total++;
		if (x->error != DD_QERR_NONE) {
			failed++;
			last_fail = x;
			if (x->error == DD_QERR_TCP) {
				tcp++;
			} else if (x->error == DD_QERR_MALFORMED || x->error == DD_QERR_MISMATCH) {
				invalid++;
				last_invalid = x;
			}
		} else if (x->edns_fallback) {
			edns++;
		} else if (x->transport == DD_XPORT_UDP && x->wire_len > DD_EDNS_PAYLOAD) {
			/* larger than the payload size the query offered (RFC 6891 6.2.5) */
			oversize++;
			largest = x->wire_len > largest ? x->wire_len : largest;
		}
	}
	if (total == 0) {
		return false;
	}
	if (invalid > 0) {
		finding(c, "RESPONSE_INVALID", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		        "%s (%s) gave %zu of %zu queries only invalid answers (%s: %s)", ns, s->addr,
		        invalid, total, dd_qerr_name(last_invalid->error),
		        last_invalid->error == DD_QERR_MALFORMED
		                ? "messages that do not parse, e.g. garbage or a compression-pointer loop"
		                : "a wrong ID or question, as a spoofed or misrouted answer");
		if (invalid == total) {
			return false;
		}
	}
	if (oversize > 0) {
		finding(c, "EDNS_FAULT", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		        "%s (%s) sent %zu UDP answers larger than the %d octets the query offered (up "
		        "to %zu octets; RFC 6891 6.2.5): they fragment or are lost on real paths", ns,
		        s->addr, oversize, DD_EDNS_PAYLOAD, largest);
	}
	if (tcp > 0) {
		finding(c, "TCP_FAULT", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		        "%s (%s) truncated %zu answers over UDP and failed them over TCP (no "
		        "connection, no whole answer within the timeout, or TC set over TCP too)", ns,
		        s->addr, tcp);
	}
	if (failed == total) {
		if (tcp + invalid < total) {
			finding(c, "SERVER_UNREACHABLE", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
			        "%s (%s) did not answer any of %zu queries (%s)", ns, s->addr, total,
			        dd_qerr_name(last_fail->error));
		}
		return false;
	}
	dd_msg_t *m = msg_at(c, s->addr, z->name, DD_TYPE_SOA);
	if (m != NULL && !edns && !m->edns) {
		edns++;
	}
	if (edns > 0) {
		finding(c, "EDNS_FAULT", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		        "%s (%s) does not answer EDNS0 queries correctly (RFC 6891): no OPT record, or "
		        "FORMERR/NOTIMP/BADVERS to a query with EDNS", ns, s->addr);
	}
	if (m == NULL || !authoritative(m)) {
		char rc[16];
		finding(c, "LAME_DELEGATION", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		        "%s (%s) is listed for %s but does not answer authoritatively for it (%s%s)",
		        ns, s->addr, "the zone", m ? dd_rcode_name(m->rcode, rc) : "no SOA answer",
		        m && !(m->flags & DD_FLAG_AA) ? ", AA clear" : "");
		return false;
	}
	return true;
}

/* ---- trust: DS and DNSKEY ----------------------------------------------------------------- */

static void get_dsset(actx_t *c, int zi, dsset_t *out)
{
	memset(out, 0, sizeof(*out));
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	int pi = z->parent;
	if (pi < 0) {
		/* the trust anchor */
		for (size_t i = 0; i < c->ev->nanchors && out->n < MAXKEYS; i++) {
			const dd_rr_t *a = &c->ev->anchors[i];
			if (a->type == DD_TYPE_DS && dd_name_equal(a->owner, z->name) && a->rdata.len <= 128) {
				memcpy(out->raw[out->n], a->rdata.data, a->rdata.len);
				if (dd_ds_parse(out->raw[out->n], a->rdata.len, &out->ds[out->n]) == DD_OK) {
					out->n++;
				}
			}
		}
		out->state = DSS_PRESENT;
		snprintf(out->reason, sizeof(out->reason), "trust anchor");
		return;
	}
	const dd_zone_ev_t *p = &c->ev->zones[pi];
	for (size_t si = 0; si < p->nservers; si++) {
		const char *srv = p->servers[si].addr;
		dd_msg_t *m = msg_at(c, srv, z->name, DD_TYPE_DS);
		if (!authoritative(m)) {
			continue;
		}
		rrview_t v;
		size_t n = rrview_get(m, DD_SECTION_ANSWER, z->name, DD_TYPE_DS, &v);
		const dd_rrset_t set = v.set;
		const dd_rdata_t *rd = v.rd;
		if (n > 0) {
			sigcheck_t sc;
			check_sigs(c, &v, &c->ks[pi][si], NULL, &sc);
			if (c->an->zones[pi].status == DD_STATUS_SECURE && sc.res == SIG_BUDGET) {
				sig_finding(c, &sc, p->name, &set, srv);
				continue;  /* not verified: this parent server tells nothing */
			}
			if (c->an->zones[pi].status == DD_STATUS_SECURE && sc.res != SIG_OK) {
				sig_finding(c, &sc, p->name, &set, srv);
				if (out->state == DSS_UNKNOWN) {
					out->state = DSS_BOGUS;
					snprintf(out->reason, sizeof(out->reason),
					         "the DS RRset at the parent does not validate");
				}
				continue;
			}
			out->state = DSS_PRESENT;
			out->ttl = set.ttl;
			out->server = srv;
			out->n = 0;
			for (size_t i = 0; i < n && out->n < MAXKEYS; i++) {
				if (rd[i].len > 128) {
					continue;
				}
				memcpy(out->raw[out->n], rd[i].data, rd[i].len);
				if (dd_ds_parse(out->raw[out->n], rd[i].len, &out->ds[out->n]) == DD_OK) {
					out->n++;
				}
			}
			return;
		}
		/* no DS: the parent must prove it (RFC 4035 5.2) */
		proofctx_t pc = { .c = c, .m = m, .ks = &c->ks[pi][si], .zone = p->name, .server = srv };
		proof_t pr = check_denial(&pc, z->name, DD_TYPE_DS, m->rcode == DD_RCODE_NXDOMAIN);
		if (c->an->zones[pi].status != DD_STATUS_SECURE || pr == PROOF_OK || pr == PROOF_INSECURE) {
			out->state = DSS_ABSENT;
			out->server = srv;
			snprintf(out->reason, sizeof(out->reason), "the parent has no DS for it%s",
			         c->an->zones[pi].status == DD_STATUS_SECURE ? " (proven)" : "");
			return;
		}
		if (pr == PROOF_BUDGET || (pr == PROOF_SIG && pc.sc.res == SIG_BUDGET)) {
			if (pr == PROOF_SIG) {
				sig_finding(c, &pc.sc, p->name, &pc.sc_set, srv);
			} else {
				finding(c, "WORK_LIMIT_EXCEEDED", DD_SEV_WARNING, p->name, z->name, DD_TYPE_DS,
				        srv, 0, 0, "the diagnosis had hashed %d names for NSEC3 proofs (its "
				        "budget against CVE-2023-50868) before the proof that the delegation "
				        "has no DS, which was not checked", c->lim.nsec3_hashes);
			}
			continue;  /* not checked: this parent server tells nothing */
		}
		if (out->state == DSS_UNKNOWN) {
			out->state = DSS_BOGUS;
			snprintf(out->reason, sizeof(out->reason), "the parent's proof that there is no DS "
			         "does not validate: %s", pc.why);
			if (pr == PROOF_SIG) {
				sig_finding(c, &pc.sc, p->name, &pc.sc_set, srv);
			} else {
				finding(c, "DENIAL_PROOF_INVALID", DD_SEV_ERROR, p->name, z->name, DD_TYPE_DS, srv,
				        0, 0, "the answer that %s has no DS does not prove it: %s",
				        "the delegation", pc.why);
			}
		}
	}
}

/* Does DS @p ds point at any key of @p ks through a CDS/CDNSKEY the zone publishes? */
static bool ds_matches_cds(actx_t *c, int zi, const dd_ds_t *ds)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	for (size_t si = 0; si < z->nservers; si++) {
		dd_msg_t *m = msg_at(c, z->servers[si].addr, z->name, DD_TYPE_CDS);
		for (size_t i = 0; m != NULL && i < m->count[DD_SECTION_ANSWER]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
			dd_ds_t cds;
			if (rr->type == DD_TYPE_CDS && dd_ds_parse(rr->rdata.data, rr->rdata.len, &cds) == DD_OK &&
			    cds.key_tag == ds->key_tag && cds.algorithm == ds->algorithm &&
			    cds.digest_len == ds->digest_len && memcmp(cds.digest, ds->digest, cds.digest_len) == 0) {
				return true;
			}
		}
		m = msg_at(c, z->servers[si].addr, z->name, DD_TYPE_CDNSKEY);
		for (size_t i = 0; m != NULL && i < m->count[DD_SECTION_ANSWER]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
			dd_ds_result_t r;
			if (rr->type == DD_TYPE_CDNSKEY &&
			    dd_ds_match(z->name, ds, rr->rdata.data, rr->rdata.len, &r) == DD_OK &&
			    r.keytag_match && r.digest == DD_DS_DIGEST_MATCH) {
				return true;
			}
		}
	}
	return false;
}

typedef enum dsclass { DSC_MATCH, DSC_DIGEST, DSC_ALG, DSC_CDS, DSC_NOKEY, DSC_UNSUPPORTED } dsclass_t;

static dsclass_t classify_ds(actx_t *c, int zi, const dd_ds_t *ds, const keyset_t *ks)
{
	if (!dd_alg_supported(ds->algorithm) || !dd_digest_supported(ds->digest_type)) {
		return DSC_UNSUPPORTED;
	}
	dsclass_t best = DSC_NOKEY;
	for (size_t k = 0; k < ks->n; k++) {
		size_t len;
		const uint8_t *rd = dd_key_rdata(ks->keys[k], &len);
		dd_ds_result_t r;
		if (dd_ds_match(c->ev->zones[zi].name, ds, rd, len, &r) != DD_OK) {
			continue;
		}
		if (dd_ds_result_ok(&r)) {
			return DSC_MATCH;
		}
		if (r.keytag_match && r.algorithm_match) {
			best = DSC_DIGEST;
		} else if (r.keytag_match && r.digest == DD_DS_DIGEST_MATCH && best != DSC_DIGEST) {
			best = DSC_ALG;
		}
	}
	if (best == DSC_NOKEY && ds_matches_cds(c, zi, ds)) {
		return DSC_CDS;
	}
	return best;
}

static const char *dsclass_state(dsclass_t d)
{
	switch (d) {
	case DSC_MATCH:       return "matches";
	case DSC_DIGEST:      return "digest mismatch";
	case DSC_ALG:         return "algorithm mismatch";
	case DSC_CDS:         return "matches CDS only";
	case DSC_NOKEY:       return "no such key";
	case DSC_UNSUPPORTED: return "unsupported";
	}
	return "unknown";
}

/* Is the zone as served by this server signed at all? */
static bool served_signed(actx_t *c, const char *srv, const uint8_t *zone, const keyset_t *ks)
{
	if (ks->present) {
		return true;
	}
	dd_msg_t *m = msg_at(c, srv, zone, DD_TYPE_SOA);
	dd_rdata_t sigs[4];
	return m != NULL && dd_msg_rrsigs(m, DD_SECTION_ANSWER, zone, DD_TYPE_SOA, sigs, 4) > 0;
}

/* Validate the zone's DNSKEY RRset at one server against the DS set. */
static dd_status_t server_trust(actx_t *c, int zi, size_t si, const dsset_t *ds, char *reason,
                                size_t rlen)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	keyset_t *ks = &c->ks[zi][si];
	char zn[1024];
	dd__name_text(z->name, zn, sizeof(zn));
	if (!ks->present) {
		snprintf(reason, rlen, "serves no DNSKEY RRset although the parent has %zu DS", ds->n);
		return DD_STATUS_BOGUS;
	}
	bool allowed[MAXKEYS] = { false };
	bool any_allowed = false, any_usable = false;
	dsclass_t worst = DSC_NOKEY;
	const dd_ds_t *worst_ds = NULL;
	bool anchor_keys = z->parent < 0 && ds->n == 0;
	for (size_t d = 0; d < ds->n; d++) {
		if (!dd_alg_supported(ds->ds[d].algorithm) || !dd_digest_supported(ds->ds[d].digest_type)) {
			continue;
		}
		any_usable = true;
		bool matched = false;
		for (size_t k = 0; k < ks->n; k++) {
			size_t len;
			const uint8_t *rd = dd_key_rdata(ks->keys[k], &len);
			dd_ds_result_t r;
			if (dd_ds_match(z->name, &ds->ds[d], rd, len, &r) == DD_OK && dd_ds_result_ok(&r)) {
				allowed[k] = true;
				matched = any_allowed = true;
			}
		}
		if (!matched) {
			dsclass_t cl = classify_ds(c, zi, &ds->ds[d], ks);
			/* the most telling class: a near miss beats a missing key */
			if (worst_ds == NULL || cl < worst) {
				worst = cl;
				worst_ds = &ds->ds[d];
			}
		}
	}
	if (anchor_keys) {
		/* DNSKEY trust anchors: keys equal to an anchor */
		for (size_t a = 0; a < c->ev->nanchors; a++) {
			const dd_rr_t *an = &c->ev->anchors[a];
			if (an->type != DD_TYPE_DNSKEY) {
				continue;
			}
			any_usable = true;
			for (size_t k = 0; k < ks->n; k++) {
				size_t len;
				const uint8_t *rd = dd_key_rdata(ks->keys[k], &len);
				if (len == an->rdata.len && memcmp(rd, an->rdata.data, len) == 0) {
					allowed[k] = any_allowed = true;
				}
			}
		}
	}
	if (!any_usable) {
		snprintf(reason, rlen, "only algorithms or digest types this validator does not support");
		return DD_STATUS_INSECURE;
	}
	if (!any_allowed) {
		if (worst_ds != NULL) {
			switch (worst) {
			case DSC_DIGEST:
				finding(c, "DS_DIGEST_MISMATCH", DD_SEV_ERROR, z->name, z->name, DD_TYPE_DS, srv,
				        worst_ds->key_tag, 0, "the DS for key tag %u (algorithm %u, digest type %u) "
				        "names a key the zone publishes, but its digest does not match that key",
				        worst_ds->key_tag, worst_ds->algorithm, worst_ds->digest_type);
				break;
			case DSC_ALG:
				finding(c, "DS_ALGORITHM_MISMATCH", DD_SEV_ERROR, z->name, z->name, DD_TYPE_DS,
				        srv, worst_ds->key_tag, 0, "the DS for key tag %u says algorithm %u, but "
				        "that key is of another algorithm (its digest matches)",
				        worst_ds->key_tag, worst_ds->algorithm);
				break;
			case DSC_CDS:
				finding(c, "ROLLOVER_INCOMPLETE", DD_SEV_ERROR, z->name, z->name, DD_TYPE_DS, srv,
				        worst_ds->key_tag, 0, "the parent's DS (key tag %u) is the one the zone's "
				        "CDS/CDNSKEY announces, but that key is not in the DNSKEY RRset: the KSK "
				        "rollover was left half done", worst_ds->key_tag);
				break;
			default:
				finding(c, "DS_NO_MATCHING_DNSKEY", DD_SEV_ERROR, z->name, z->name, DD_TYPE_DS,
				        srv, worst_ds->key_tag, 0, "no DNSKEY of the zone has the key tag %u and "
				        "algorithm %u that the parent's DS names (a stale DS, e.g. after a rollover)",
				        worst_ds->key_tag, worst_ds->algorithm);
				break;
			}
		}
		snprintf(reason, rlen, "no DS at the parent matches a DNSKEY of the zone (%s)",
		         dsclass_state(worst));
		return DD_STATUS_BOGUS;
	}
	dd_msg_t *m = msg_at(c, srv, z->name, DD_TYPE_DNSKEY);
	rrview_t v;
	rrview_get(m, DD_SECTION_ANSWER, z->name, DD_TYPE_DNSKEY, &v);
	const dd_rrset_t set = v.set;
	sigcheck_t sc;
	check_sigs(c, &v, ks, allowed, &sc);
	note_window(c, zi, &sc);
	if (sc.res == SIG_OK) {
		ks->validated = true;
		for (size_t k = 0; k < ks->n && k < c->an->zones[zi].nkeys; k++) {
			c->an->zones[zi].keys[k].ds_matched = allowed[k];
		}
		return DD_STATUS_SECURE;
	}
	if (sc.res == SIG_BUDGET) {
		sig_finding(c, &sc, z->name, &set, srv);
		snprintf(reason, rlen, "the DNSKEY RRset was not verified (work budget spent)");
		return DD_STATUS_INDETERMINATE;
	}
	if (sc.res == SIG_NONE || sc.res == SIG_NOKEY) {
		finding(c, "DNSKEY_NOT_SIGNED_BY_DS_KEY", DD_SEV_ERROR, z->name, z->name, DD_TYPE_DNSKEY,
		        srv, 0, 0, "the key the parent's DS points at (the KSK) does not sign the DNSKEY "
		        "RRset; only other keys do");
		snprintf(reason, rlen, "the DNSKEY RRset is not signed by a key the DS points at");
	} else {
		sig_finding(c, &sc, z->name, &set, srv);
		snprintf(reason, rlen, "the DNSKEY RRset's signature by the DS key: %s",
		         sig_code(sc.res) ? sig_code(sc.res) : "invalid");
	}
	return DD_STATUS_BOGUS;
}

/* ---- zone checks beyond the chain --------------------------------------------------------- */

/* The five numbers of SOA RDATA (RFC 1035 3.3.13): SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM. */
static bool soa_fields(const dd_rdata_t *rd, uint32_t out[5])
{
	int l1 = dd_name_check(rd->data, rd->len);
	int l2 = l1 > 0 ? dd_name_check(rd->data + l1, rd->len - (size_t)l1) : -1;
	if (l2 < 0 || rd->len < (size_t)(l1 + l2 + 20)) {
		return false;
	}
	const uint8_t *p = rd->data + l1 + l2;
	for (int i = 0; i < 5; i++, p += 4) {
		out[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	}
	return true;
}

/* Signatures over the apex RRsets, algorithm coverage (RFC 4035 2.2, RFC 6840 5.11). */
static void apex_checks(actx_t *c, int zi, size_t si, bool zone_insecure)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	keyset_t *ks = &c->ks[zi][si];
	if (!ks->present || zone_insecure) {
		return;
	}
	bool key_alg[256] = { false };
	for (size_t k = 0; k < ks->n; k++) {
		if (dd_key_supported(ks->keys[k]) && (dd_key_flags(ks->keys[k]) & DD_DNSKEY_FLAG_ZONE)) {
			key_alg[dd_key_algorithm(ks->keys[k])] = true;
		}
	}
	static const uint16_t types[] = { DD_TYPE_SOA, DD_TYPE_NS, DD_TYPE_DNSKEY, DD_TYPE_NSEC3PARAM,
		                          DD_TYPE_CDS, DD_TYPE_CDNSKEY };
	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		dd_msg_t *m = msg_at(c, srv, z->name, types[t]);
		if (!authoritative(m)) {
			continue;
		}
		rrview_t v;
		if (rrview_get(m, DD_SECTION_ANSWER, z->name, types[t], &v) == 0) {
			continue;
		}
		const dd_rrset_t set = v.set;
		const dd_rdata_t *rd = v.rd;
		sigcheck_t sc;
		check_sigs(c, &v, ks, NULL, &sc);
		if (sc.res != SIG_OK && types[t] != DD_TYPE_DNSKEY) {
			sig_finding(c, &sc, z->name, &set, srv);
		}
		note_window(c, zi, &sc);
		if (sc.res == SIG_OK && (types[t] == DD_TYPE_SOA || types[t] == DD_TYPE_DNSKEY)) {
			for (int a = 0; a < 256; a++) {
				if (key_alg[a] && !sc.alg_ok[a]) {
					char type[24];
					dd__type_text(types[t], type);
					finding(c, "ALGORITHM_INCOMPLETE", DD_SEV_WARNING, z->name, z->name, types[t],
					        srv, 0, 0, "the DNSKEY RRset has keys of algorithm %d (%s) but the "
					        "%s RRset carries no valid signature of that algorithm (RFC 4035 2.2; "
					        "validators following RFC 6840 5.11 still accept the zone)", a,
					        dd_alg_name((uint8_t)a) ? dd_alg_name((uint8_t)a) : "?", type);
				}
			}
		}
		uint32_t f[5];
		if (types[t] == DD_TYPE_SOA && soa_fields(&rd[0], f)) {
			c->an->zones[zi].soa_expire = f[3];
			c->an->zones[zi].neg_ttl = f[4] < set.ttl ? f[4] : set.ttl;  /* RFC 2308 5 */
		}
	}
}

/* CDS/CDNSKEY (RFC 7344, RFC 8078): each must match a published DNSKEY, or be a delete. */
static void cds_checks(actx_t *c, int zi, size_t si)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	keyset_t *ks = &c->ks[zi][si];
	dd_msg_t *m = msg_at(c, srv, z->name, DD_TYPE_CDS);
	for (size_t i = 0; authoritative(m) && i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		dd_ds_t cds;
		if (rr->type != DD_TYPE_CDS || dd_ds_parse(rr->rdata.data, rr->rdata.len, &cds) != DD_OK ||
		    (cds.algorithm == 0 && cds.key_tag == 0 && cds.digest_type == 0)) {
			continue;  /* RFC 8078 4: "0 0 0 00" asks for the DS to be removed */
		}
		if (classify_ds(c, zi, &cds, ks) != DSC_MATCH && dd_digest_supported(cds.digest_type)) {
			finding(c, "CDS_MISMATCH", DD_SEV_WARNING, z->name, z->name, DD_TYPE_CDS, srv,
			        cds.key_tag, 0, "the zone publishes a CDS for key tag %u, algorithm %u, "
			        "which matches none of its DNSKEYs; a parent that polls CDS (RFC 7344) "
			        "would install a DS that breaks the zone", cds.key_tag, cds.algorithm);
		}
	}
	m = msg_at(c, srv, z->name, DD_TYPE_CDNSKEY);
	for (size_t i = 0; authoritative(m) && i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		if (rr->type != DD_TYPE_CDNSKEY || (rr->rdata.len == 5 && rr->rdata.data[3] == 0)) {
			continue;
		}
		bool found = false;
		for (size_t k = 0; k < ks->n && !found; k++) {
			size_t len;
			const uint8_t *rd = dd_key_rdata(ks->keys[k], &len);
			found = len == rr->rdata.len && memcmp(rd, rr->rdata.data, len) == 0;
		}
		if (!found) {
			finding(c, "CDS_MISMATCH", DD_SEV_WARNING, z->name, z->name, DD_TYPE_CDNSKEY, srv,
			        dd_keytag(rr->rdata.data, rr->rdata.len), 0, "the zone publishes a CDNSKEY "
			        "(key tag %u) that is not in its DNSKEY RRset",
			        dd_keytag(rr->rdata.data, rr->rdata.len));
		}
	}
}

/* ---- answers and denials at the target's zone --------------------------------------------- */

typedef struct answer_eval {
	dd_status_t status;
	char reason[256];
	bool exists;
} answer_eval_t;

/* The status of the answer @p m gives for @p qname/@p qtype at zone @p zi, server @p si. */
static void eval_answer(actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                        uint16_t qtype, dd_status_t zstat, bool report, answer_eval_t *out)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	keyset_t *ks = &c->ks[zi][si];
	memset(out, 0, sizeof(*out));
	rrview_t v;
	size_t n = rrview_get(m, DD_SECTION_ANSWER, qname, qtype, &v);
	if (n == 0) {
		n = rrview_get(m, DD_SECTION_ANSWER, qname, DD_TYPE_CNAME, &v);
	}
	const dd_rrset_t set = v.set;
	out->status = zstat;
	if (n > 0) {
		out->exists = true;
		sigcheck_t sc;
		check_sigs(c, &v, ks, NULL, &sc);
		note_window(c, zi, &sc);
		bool signed_zone = ks->present;
		if (sc.res != SIG_OK && signed_zone && zstat != DD_STATUS_INSECURE && report) {
			sig_finding(c, &sc, z->name, &set, srv);
		}
		if (zstat == DD_STATUS_SECURE) {
			if (sc.res == SIG_OK) {
				snprintf(out->reason, sizeof(out->reason), "validated");
			} else if (sc.res == SIG_BUDGET) {
				out->status = DD_STATUS_INDETERMINATE;
				snprintf(out->reason, sizeof(out->reason), "not verified: the diagnosis's "
				         "signature verification budget was spent");
			} else {
				out->status = DD_STATUS_BOGUS;
				snprintf(out->reason, sizeof(out->reason), "%s", sig_code(sc.res));
			}
		}
		return;
	}
	/* a denial: NXDOMAIN or NODATA */
	bool nx = m->rcode == DD_RCODE_NXDOMAIN;
	if (zstat != DD_STATUS_SECURE) {
		snprintf(out->reason, sizeof(out->reason), "%s in a zone that is not secure",
		         nx ? "NXDOMAIN" : "NODATA");
		return;
	}
	proofctx_t pc = { .c = c, .m = m, .ks = ks, .zone = z->name, .server = srv };
	proof_t pr = check_denial(&pc, qname, qtype, nx);
	char q[1024], type[24];
	dd__name_text(qname, q, sizeof(q));
	dd__type_text(qtype, type);
	switch (pr) {
	case PROOF_OK:
		snprintf(out->reason, sizeof(out->reason), "%s proven", nx ? "NXDOMAIN" : "NODATA");
		break;
	case PROOF_INSECURE:
		out->status = DD_STATUS_INSECURE;
		if (pc.iterations > DD_NSEC3_RESOLVER_LIMIT) {
			snprintf(out->reason, sizeof(out->reason), "NSEC3 with %u iterations: validators "
			         "treat it as insecure (limit %d)", pc.iterations, DD_NSEC3_RESOLVER_LIMIT);
		} else {
			snprintf(out->reason, sizeof(out->reason), "covered by an Opt-Out NSEC3");
		}
		break;
	case PROOF_SIG:
		out->status = pc.sc.res == SIG_BUDGET ? DD_STATUS_INDETERMINATE : DD_STATUS_BOGUS;
		if (report) {
			sig_finding(c, &pc.sc, z->name, &pc.sc_set, srv);
		}
		snprintf(out->reason, sizeof(out->reason), "the denial's %s does not validate",
		         pc.nsec3 ? "NSEC3" : "NSEC");
		break;
	case PROOF_BUDGET:
		out->status = DD_STATUS_INDETERMINATE;
		snprintf(out->reason, sizeof(out->reason), "not checked: the diagnosis's NSEC3 "
		         "hashing budget was spent");
		if (report) {
			finding(c, "WORK_LIMIT_EXCEEDED", DD_SEV_WARNING, z->name, qname, qtype, srv, 0, 0,
			        "the diagnosis had hashed %d names for NSEC3 proofs (its budget against "
			        "CVE-2023-50868) before the proof for %s %s, which was not checked: "
			        "indeterminate", c->lim.nsec3_hashes, q, type);
		}
		break;
	case PROOF_NONE:
	case PROOF_BAD:
		out->status = DD_STATUS_BOGUS;
		snprintf(out->reason, sizeof(out->reason), "%s", pc.why);
		if (report) {
			finding(c, "DENIAL_PROOF_INVALID", DD_SEV_ERROR, z->name, qname, qtype, srv, 0, 0,
			        "the %s answer for %s %s does not prove it: %s", nx ? "NXDOMAIN" : "NODATA",
			        q, type, pc.why);
		}
		break;
	}
}

/* NSEC3 parameters in use against the NSEC3PARAM the servers use to pick their chain. */
static void nsec3param_checks(actx_t *c, int zi, size_t si, const uint8_t *nx)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	dd_msg_t *pm = msg_at(c, srv, z->name, DD_TYPE_NSEC3PARAM);
	dd_rdata_t rd[4];
	dd_rrset_t set;
	dd_nsec3_t param;
	bool have_param = authoritative(pm) &&
	                  dd_msg_rrset(pm, DD_SECTION_ANSWER, z->name, DD_TYPE_NSEC3PARAM, &set, rd, 4) > 0 &&
	                  dd_nsec3param_parse(rd[0].data, rd[0].len, &param) == DD_OK;
	dd_msg_t *m = msg_at(c, srv, nx, DD_TYPE_A);
	if (!authoritative(m)) {
		return;
	}
	proofctx_t pc = { .c = c, .m = m, .zone = z->name };
	nsec3rec_t recs[64];
	size_t n = nsec3_collect(&pc, recs, 64);
	bool has_nsec = false;
	for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY]; i++) {
		has_nsec = has_nsec || m->rr[DD_SECTION_AUTHORITY][i].type == DD_TYPE_NSEC;
	}
	if (n > 0) {
		c->an->zones[zi].nsec3 = true;
		c->an->zones[zi].nsec3_iterations = pc.iterations;
		if (pc.iterations > DD_NSEC3_RESOLVER_LIMIT) {
			finding(c, "NSEC3_ITERATIONS_EXCESSIVE", DD_SEV_WARNING, z->name, z->name,
			        DD_TYPE_NSEC3, srv, 0, 0, "NSEC3 uses %u additional iterations: above the "
			        "%d that Unbound, BIND and Knot Resolver accept, so their negative answers "
			        "are insecure (RFC 9276 3.2 asks for 0)", pc.iterations,
			        DD_NSEC3_RESOLVER_LIMIT);
		} else if (pc.iterations > 0 || pc.salt_len > 0) {
			finding(c, "NSEC3_PARAMETERS_NOT_RECOMMENDED", DD_SEV_NOTICE, z->name, z->name,
			        DD_TYPE_NSEC3, srv, 0, 0, "NSEC3 uses %u iterations and a %u-octet salt; "
			        "RFC 9276 3.1 recommends 0 iterations and no salt", pc.iterations, pc.salt_len);
		}
	}
	if (!have_param || has_nsec) {
		return;
	}
	bool same = n > 0 && param.hash_algorithm == recs[0].v.hash_algorithm &&
	            param.iterations == recs[0].v.iterations && param.salt_len == recs[0].v.salt_len &&
	            memcmp(param.salt, recs[0].v.salt, param.salt_len) == 0;
	if (!same && c->ks[zi][si].present) {
		char salt[2 * 255 + 2] = "-";
		if (param.salt_len > 0) {
			dd_hex_encode(param.salt, param.salt_len, salt, false);
		}
		finding(c, "NSEC3PARAM_MISMATCH", DD_SEV_ERROR, z->name, z->name, DD_TYPE_NSEC3PARAM, srv,
		        0, 0, "the NSEC3PARAM (iterations %u, salt %s) names no NSEC3 chain the server "
		        "has: %s", param.iterations, salt,
		        n == 0 ? "its negative answers carry no NSEC3 at all"
		               : "its negative answers use NSEC3 records with other parameters");
	}
}

/* Types the NSEC/NSEC3 at the target claims must answer with data, and types that answer must
 * be claimed (RFC 4034 4.1.2). */
static void bitmap_checks(actx_t *c, int zi, size_t si)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	const uint8_t *target = c->ev->target;
	dd_msg_t *m = msg_at(c, srv, target, c->ev->nodata_type);
	if (!authoritative(m) || m->rcode != DD_RCODE_NOERROR) {
		return;
	}
	proofctx_t pc = { .c = c, .m = m, .zone = z->name };
	nsec3rec_t recs[64];
	size_t n3 = nsec3_collect(&pc, recs, 64);
	const uint8_t *bm = NULL;
	size_t bml = 0;
	dd_nsec_t nsec;
	for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY] && bm == NULL; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
		if (rr->type == DD_TYPE_NSEC && dd_name_equal(rr->owner, target) &&
		    dd_nsec_parse(rr->rdata.data, rr->rdata.len, &nsec) == DD_OK) {
			bm = nsec.bitmap;
			bml = nsec.bitmap_len;
		}
	}
	uint8_t h[DD_NSEC3_HASH_LEN];
	if (bm == NULL && n3 > 0 && pc.iterations <= DD_NSEC3_RESOLVER_LIMIT &&
	    proof_hash(&pc, target, h)) {
		for (size_t i = 0; i < n3 && bm == NULL; i++) {
			if (memcmp(recs[i].hash, h, 20) == 0) {
				bm = recs[i].v.bitmap;
				bml = recs[i].v.bitmap_len;
			}
		}
	}
	if (bm == NULL) {
		return;
	}
	char q[1024];
	dd__name_text(target, q, sizeof(q));
	/* only the types this server was asked for at the target can be compared: find them in
	 * one pass over the exchanges, not one lookup per possible type */
	uint8_t asked[65536 / 8] = { 0 };
	for (size_t i = 0; i < c->ev->nxs; i++) {
		const dd_exchange_t *x = &c->ev->xs[i];
		if (strcmp(x->server, srv) == 0 && dd_name_equal(x->qname, target)) {
			asked[x->qtype / 8] |= (uint8_t)(0x80 >> (x->qtype % 8));
		}
	}
	for (unsigned t = 1; t < 65536; t++) {
		if (t == DD_TYPE_RRSIG || t == DD_TYPE_NSEC || t == DD_TYPE_NSEC3 ||
		    !(asked[t / 8] & (0x80 >> (t % 8)))) {
			continue;
		}
		dd_msg_t *tm = msg_at(c, srv, target, (uint16_t)t);
		if (!authoritative(tm)) {
			continue;
		}
		dd_rdata_t rd[MAXRD];
		dd_rrset_t set;
		bool has = dd_msg_rrset(tm, DD_SECTION_ANSWER, target, (uint16_t)t, &set, rd, MAXRD) > 0;
		bool listed = dd_bitmap_has(bm, bml, (uint16_t)t);
		if (has != listed && (listed || t == c->ev->qtype)) {
			char type[24];
			dd__type_text((uint16_t)t, type);
			finding(c, "NSEC_BITMAP_WRONG", DD_SEV_ERROR, z->name, target, (uint16_t)t, srv, 0, 0,
			        "the %s at %s %s %s, but %s %s %s", n3 ? "NSEC3" : "NSEC", q,
			        listed ? "lists" : "omits", type, q, listed ? "has no" : "has a", type);
		}
	}
}

/* ---- the whole chain ---------------------------------------------------------------------- */

/* Some servers secure, others not: an unsigned copy (split signing) or an old copy (stale
 * secondary). */
static void classify_servers(actx_t *c, int zi)
{
	dd_zone_result_t *zr = &c->an->zones[zi];
	uint32_t good_serial = 0;
	bool any_good = false;
	for (size_t s = 0; s < zr->nservers; s++) {
		if (zr->servers[s].answered && zr->servers[s].status == DD_STATUS_SECURE) {
			any_good = true;
			if (zr->servers[s].serial > good_serial) {
				good_serial = zr->servers[s].serial;
			}
		}
	}
	for (size_t s = 0; any_good && s < zr->nservers; s++) {
		dd_server_status_t *ss = &zr->servers[s];
		if (!ss->answered || ss->status != DD_STATUS_BOGUS) {
			continue;
		}
		const keyset_t *ks = &c->ks[zi][s];
		char ns[1024];
		dd__name_text(ss->ns_name, ns, sizeof(ns));
		if (!served_signed(c, ss->addr, zr->name, ks)) {
			finding(c, "SPLIT_SIGNING", DD_SEV_ERROR, zr->name, zr->name, 0, ss->addr, 0, 0,
			        "%s (%s) serves the zone unsigned while other listed servers serve it "
			        "signed: validators fail whenever they ask it", ns, ss->addr);
		} else if (ss->serial != good_serial) {
			finding(c, "STALE_SECONDARY", DD_SEV_ERROR, zr->name, zr->name, DD_TYPE_SOA, ss->addr,
			        0, 0, "%s (%s) serves serial %u while other servers serve %u, and its copy "
			        "does not validate: it stopped transferring the zone", ns, ss->addr,
			        ss->serial, good_serial);
		}
	}
}

static uint32_t soa_serial(actx_t *c, const char *srv, const uint8_t *zone)
{
	dd_msg_t *m = msg_at(c, srv, zone, DD_TYPE_SOA);
	dd_rdata_t rd[2];
	dd_rrset_t set;
	if (!authoritative(m) || dd_msg_rrset(m, DD_SECTION_ANSWER, zone, DD_TYPE_SOA, &set, rd, 2) == 0) {
		return 0;
	}
	uint32_t f[5];
	return soa_fields(&rd[0], f) ? f[0] : 0;
}

static void fill_views(actx_t *c, int zi, const dsset_t *ds)
{
	dd_zone_result_t *zr = &c->an->zones[zi];
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	zr->ds_ttl = ds->ttl;
	if (ds->n > 0) {
		zr->ds = calloc(ds->n, sizeof(*zr->ds));
		if (zr->ds == NULL) {
			c->err = DD_ENOMEM;
			return;
		}
		zr->nds = ds->n;
	}
	/* keys: from the first server that served them */
	const keyset_t *ks = NULL;
	for (size_t s = 0; s < z->nservers && ks == NULL; s++) {
		if (c->ks[zi][s].present) {
			ks = &c->ks[zi][s];
		}
	}
	for (size_t d = 0; d < ds->n; d++) {
		dd_ds_view_t *v = &zr->ds[d];
		v->key_tag = ds->ds[d].key_tag;
		v->algorithm = ds->ds[d].algorithm;
		v->digest_type = ds->ds[d].digest_type;
		dd_hex_encode(ds->ds[d].digest, ds->ds[d].digest_len > 48 ? 48 : ds->ds[d].digest_len,
		              v->digest, true);
		keyset_t empty = { 0 };
		v->state = dsclass_state(classify_ds(c, zi, &ds->ds[d], ks ? ks : &empty));
	}
	if (ks != NULL && ks->n > 0) {
		zr->keys = calloc(ks->n, sizeof(*zr->keys));
		if (zr->keys == NULL) {
			c->err = DD_ENOMEM;
			return;
		}
		zr->nkeys = ks->n;
		zr->dnskey_ttl = ks->ttl;
		for (size_t k = 0; k < ks->n; k++) {
			dd_key_view_t *v = &zr->keys[k];
			v->key_tag = dd_key_tag(ks->keys[k]);
			v->algorithm = dd_key_algorithm(ks->keys[k]);
			v->flags = dd_key_flags(ks->keys[k]);
			v->bits = dd_key_bits(ks->keys[k]);
			v->supported = dd_key_supported(ks->keys[k]);
			for (size_t d = 0; d < ds->n; d++) {
				size_t len;
				const uint8_t *rd = dd_key_rdata(ks->keys[k], &len);
				dd_ds_result_t r;
				if (dd_ds_match(z->name, &ds->ds[d], rd, len, &r) == DD_OK && dd_ds_result_ok(&r)) {
					v->ds_matched = true;
				}
			}
		}
	}
}

/*
 * A validator's clock error moves "now" within the signatures' windows (RFC 4035 5.3.1): a
 * clock that is slow by more than the time since the latest inception sees that signature as
 * not yet valid, one that is fast by more than the time to the earliest expiration sees that
 * one expired. Report both margins when either is under DD_SKEW_PLAUSIBLE.
 */
static void window_edge_finding(actx_t *c, const dd_zone_result_t *zr)
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
	finding(c, "RRSIG_WINDOW_EDGE", DD_SEV_NOTICE, zr->name, zr->name, 0, NULL, 0,
	        near_ex ? zr->earliest_expiration : zr->latest_inception, "%s: %s%s%s", zn, a,
	        near_in && near_ex ? "; " : "", b);
}

/* Deprecated algorithms and digests (RFC 8624), stale extra DS, expiry horizon. */
static void zone_notes(actx_t *c, int zi, const dsset_t *ds)
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
			finding(c, "ALGORITHM_DEPRECATED", DD_SEV_WARNING, zr->name, zr->name, DD_TYPE_DNSKEY,
			        NULL, 0, 0, "the zone is signed only with %s (algorithm %u), which RFC 8624 "
			        "says not to use for signing; validators are dropping it (RHEL 9 already "
			        "treats it as insecure)", dd_alg_name(alg) ? dd_alg_name(alg) : "?", alg);
		}
	}
	if (ds->state == DSS_PRESENT && ds->n > 0 && c->ev->zones[zi].parent >= 0) {
		bool sha1_only = true, any_unsupported_only = true;
		for (size_t d = 0; d < ds->n; d++) {
			sha1_only = sha1_only && ds->ds[d].digest_type == DD_DIGEST_SHA1;
			any_unsupported_only = any_unsupported_only &&
			                       (!dd_alg_supported(ds->ds[d].algorithm) ||
			                        !dd_digest_supported(ds->ds[d].digest_type));
		}
		if (sha1_only) {
			finding(c, "DS_DIGEST_WEAK", DD_SEV_WARNING, zr->name, zr->name, DD_TYPE_DS, NULL, 0,
			        0, "every DS for the zone uses digest type 1 (SHA-1), which RFC 8624 says not "
			        "to create; publish a SHA-256 (type 2) DS");
		}
		if (any_unsupported_only) {
			finding(c, "ALGORITHM_UNSUPPORTED", DD_SEV_WARNING, zr->name, zr->name, DD_TYPE_DS,
			        NULL, ds->ds[0].key_tag, 0, "every DS uses an algorithm (%u) or digest type "
			        "(%u) no validator implements: validators treat the zone as insecure "
			        "(RFC 4035 5.2), so it has no DNSSEC protection at all",
			        ds->ds[0].algorithm, ds->ds[0].digest_type);
		}
		if (zr->status == DD_STATUS_SECURE) {
			for (size_t d = 0; d < zr->nds; d++) {
				if (strcmp(zr->ds[d].state, "matches") != 0 &&
				    strcmp(zr->ds[d].state, "unsupported") != 0) {
					finding(c, "DS_STALE_EXTRA", DD_SEV_WARNING, zr->name, zr->name, DD_TYPE_DS,
					        NULL, zr->ds[d].key_tag, 0, "besides a valid DS, the parent "
					        "publishes a DS for key tag %u (algorithm %u) that matches no key "
					        "(%s): remove it at the registrar", zr->ds[d].key_tag,
					        zr->ds[d].algorithm, zr->ds[d].state);
				}
			}
		}
	}
	/* validity window edges within a plausible clock error: the skew that would break them */
	window_edge_finding(c, zr);
	/* forward-looking: signatures that will lapse soon, or before a secondary that lost its
	 * primary stops serving the zone (SOA EXPIRE) */
	int64_t exp = zr->earliest_expiration;
	if (exp > 0 && exp > c->at) {
		char t[32], d[48];
		dd__time_text(exp, t);
		dd__duration_text(exp - c->at, d);
		if (exp - c->at < 7 * 86400) {
			finding(c, "RRSIG_EXPIRING", DD_SEV_WARNING, zr->name, zr->name, 0, NULL, 0, exp,
			        "the first signature of the zone expires at %s, in %s: re-sign before then",
			        t, d);
		} else if (zr->soa_expire > 0 && exp - c->at < (int64_t)zr->soa_expire) {
			finding(c, "RRSIG_EXPIRING", DD_SEV_WARNING, zr->name, zr->name, DD_TYPE_SOA, NULL, 0,
			        exp, "the first signature expires at %s, in %s, before the SOA EXPIRE (%u s): "
			        "a secondary that loses its primary would keep serving the zone with expired "
			        "signatures", t, d, zr->soa_expire);
		}
	}
}

static void analyze_zone(actx_t *c, int zi, dd_status_t parent_status, const char *parent_reason)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	dd_zone_result_t *zr = &c->an->zones[zi];
	memcpy(zr->name, z->name, dd_name_len(z->name));
	zr->servers = calloc(z->nservers ? z->nservers : 1, sizeof(*zr->servers));
	c->ks[zi] = calloc(z->nservers ? z->nservers : 1, sizeof(keyset_t));
	if (zr->servers == NULL || c->ks[zi] == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	zr->nservers = z->nservers;
	size_t answered = 0;
	for (size_t s = 0; s < z->nservers; s++) {
		dd_server_status_t *ss = &zr->servers[s];
		snprintf(ss->addr, sizeof(ss->addr), "%s", z->servers[s].addr);
		memcpy(ss->ns_name, z->servers[s].ns_name, dd_name_len(z->servers[s].ns_name));
		ss->status = DD_STATUS_INDETERMINATE;
		ss->answered = server_health(c, zi, s);
		if (ss->answered) {
			answered++;
			ss->serial = soa_serial(c, ss->addr, z->name);
			keyset_load(&c->ks[zi][s], msg_at(c, ss->addr, z->name, DD_TYPE_DNSKEY), z->name);
			if (served_signed(c, ss->addr, z->name, &c->ks[zi][s])) {
				zr->signed_zone = true;
			}
		} else {
			snprintf(ss->reason, sizeof(ss->reason), "no authoritative answer");
		}
	}
	if (answered == 0) {
		zr->status = DD_STATUS_INDETERMINATE;
		snprintf(zr->reason, sizeof(zr->reason), "no listed server answers for the zone");
		finding(c, "SERVER_UNREACHABLE", DD_SEV_ERROR, z->name, z->name, 0, NULL, 0, 0,
		        "none of the zone's %zu server addresses answered authoritatively", z->nservers);
		return;
	}

	dsset_t ds;
	get_dsset(c, zi, &ds);
	dd_status_t base;
	char base_reason[256] = "";
	if (z->parent >= 0 && parent_status != DD_STATUS_SECURE) {
		base = parent_status;
		snprintf(base_reason, sizeof(base_reason), "%s", parent_reason);
	} else if (ds.state == DSS_ABSENT) {
		base = DD_STATUS_INSECURE;
		snprintf(base_reason, sizeof(base_reason), "%s: an insecure delegation", ds.reason);
	} else if (ds.state == DSS_BOGUS) {
		base = DD_STATUS_BOGUS;
		snprintf(base_reason, sizeof(base_reason), "%s", ds.reason);
	} else if (ds.state == DSS_UNKNOWN) {
		base = DD_STATUS_INDETERMINATE;
		snprintf(base_reason, sizeof(base_reason), "no parent server said whether there is a DS");
	} else {
		base = DD_STATUS_SECURE;  /* decided per server below */
	}
	fill_views(c, zi, &ds);

	zr->status = DD_STATUS_SECURE;
	for (size_t s = 0; s < z->nservers; s++) {
		dd_server_status_t *ss = &zr->servers[s];
		if (!ss->answered) {
			continue;
		}
		if (base != DD_STATUS_SECURE) {
			ss->status = base;
			snprintf(ss->reason, sizeof(ss->reason), "%s", base_reason);
		} else {
			ss->status = server_trust(c, zi, s, &ds, ss->reason, sizeof(ss->reason));
			if (ss->status == DD_STATUS_BOGUS && !c->ks[zi][s].present && !zr->signed_zone) {
				char zn[1024];
				dd__name_text(z->name, zn, sizeof(zn));
				finding(c, "DS_WITHOUT_DNSKEY", DD_SEV_ERROR, z->name, z->name, DD_TYPE_DS,
				        ss->addr, ds.n ? ds.ds[0].key_tag : 0, 0, "the parent publishes %zu DS "
				        "for %s but the zone is served unsigned (no DNSKEY, no RRSIG): it moved to "
				        "a provider that does not sign, or signing was turned off before the DS "
				        "was removed", ds.n, zn);
			}
		}
		apex_checks(c, zi, s, ss->status == DD_STATUS_INSECURE || base != DD_STATUS_SECURE);
		cds_checks(c, zi, s);
		if (ss->status > zr->status) {  /* the worst over the servers */
			zr->status = ss->status;
			snprintf(zr->reason, sizeof(zr->reason), "%s: %s", ss->addr, ss->reason);
		}
	}
	if (zr->status == DD_STATUS_SECURE) {
		snprintf(zr->reason, sizeof(zr->reason), "%s", zi == 0 ? "validated from the trust anchor"
		                                                      : "validated from the parent's DS");
	}
	classify_servers(c, zi);
	zone_notes(c, zi, &ds);
}

/* The status of @p name/@p qtype in its zone, worst over the servers. */
static void analyze_name(actx_t *c, int zi, const uint8_t *name, uint16_t qtype,
                         dd_status_t *status, char *reason, size_t rlen, bool *exists)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const dd_zone_result_t *zr = &c->an->zones[zi];
	bool any = false;
	*status = DD_STATUS_SECURE;
	reason[0] = '\0';
	for (size_t s = 0; s < z->nservers; s++) {
		dd_msg_t *m = msg_at(c, z->servers[s].addr, name, qtype);
		if (!zr->servers[s].answered || !authoritative(m)) {
			continue;
		}
		answer_eval_t a;
		dd_status_t zstat = zr->servers[s].status;
		eval_answer(c, zi, s, m, name, qtype, zstat, true, &a);
		*exists = *exists || a.exists;
		if (!any || a.status > *status) {
			*status = a.status;
			snprintf(reason, rlen, "%s: %s", z->servers[s].addr,
			         zstat != DD_STATUS_SECURE ? zr->servers[s].reason : a.reason);
		}
		any = true;
	}
	if (!any) {
		*status = zr->status == DD_STATUS_SECURE ? DD_STATUS_INDETERMINATE : zr->status;
		snprintf(reason, rlen, "no server answered for the name");
	}
}

static void analyze_target(actx_t *c)
{
	int zi = dd_evidence_zone_of(c->ev, c->ev->target);
	if (zi < 0) {
		zi = (int)c->ev->nzones - 1;
	}
	c->an->target_zone = zi;
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	dd_zone_result_t *zr = &c->an->zones[zi];
	dd_analysis_t *an = c->an;
	memcpy(an->target, c->ev->target, dd_name_len(c->ev->target));
	memcpy(an->nx_name, c->ev->nx_name, dd_name_len(c->ev->nx_name));
	an->qtype = c->ev->qtype;
	bool nx_exists = false;
	analyze_name(c, zi, c->ev->target, c->ev->qtype, &an->target_status, an->target_reason,
	             sizeof(an->target_reason), &an->target_exists);
	analyze_name(c, zi, c->ev->nx_name, DD_TYPE_A, &an->nx_status, an->nx_reason,
	             sizeof(an->nx_reason), &nx_exists);
	/* a CNAME into another zone: the answer is only as good as the weaker of the two */
	int ci = c->ev->cname_target[0] ? dd_evidence_zone_of(c->ev, c->ev->cname_target) : -1;
	if (ci >= 0 && ci != zi) {
		memcpy(an->cname_target, c->ev->cname_target, dd_name_len(c->ev->cname_target));
		bool cex = false;
		analyze_name(c, ci, c->ev->cname_target, c->ev->qtype, &an->cname_status,
		             an->cname_reason, sizeof(an->cname_reason), &cex);
		if (an->cname_status > an->target_status) {
			char cn[1024];
			dd__name_text(c->ev->cname_target, cn, sizeof(cn));
			an->target_status = an->cname_status;
			snprintf(an->target_reason, sizeof(an->target_reason), "its CNAME target %s: %s", cn,
			         an->cname_reason);
		}
	}
	for (size_t s = 0; s < z->nservers; s++) {
		if (!zr->servers[s].answered) {
			continue;
		}
		dd_status_t zstat = zr->servers[s].status;
		answer_eval_t a;
		/* the no-data probe: its proof, if the target exists */
		dd_msg_t *m = msg_at(c, z->servers[s].addr, c->ev->target, c->ev->nodata_type);
		if (authoritative(m) && m->rcode == DD_RCODE_NOERROR && m->count[DD_SECTION_ANSWER] == 0) {
			eval_answer(c, zi, s, m, c->ev->target, c->ev->nodata_type, zstat, true, &a);
		}
		if (zstat == DD_STATUS_SECURE || zstat == DD_STATUS_BOGUS) {
			nsec3param_checks(c, zi, s, c->ev->nx_name);
			bitmap_checks(c, zi, s);
		}
	}
}

dd_limits_t dd_limits_default(void)
{
	return (dd_limits_t){
		.verify_per_rrset = DD_LIMIT_VERIFY_PER_RRSET,
		.keys_per_rrsig = DD_LIMIT_KEYS_PER_RRSIG,
		.rrsigs_per_rrset = DD_LIMIT_RRSIGS_PER_RRSET,
		.rrset_records = DD_LIMIT_RRSET_RECORDS,
		.verify_total = DD_LIMIT_VERIFY_TOTAL,
		.nsec3_hashes = DD_LIMIT_NSEC3_HASHES,
	};
}

int dd_analyze(const dd_evidence_t *ev, int64_t at, dd_analysis_t **out)
{
	return dd_analyze_limited(ev, at, NULL, out);
}

int dd_analyze_limited(const dd_evidence_t *ev, int64_t at, const dd_limits_t *limits,
                       dd_analysis_t **out)
{
	return dd_analyze_shared(ev, at, limits, NULL, out);
}

int dd_analyze_shared(const dd_evidence_t *ev, int64_t at, const dd_limits_t *limits,
                      dd_verify_memo_t *memo, dd_analysis_t **out)
{
	if (ev == NULL || out == NULL || ev->nzones == 0) {
		return DD_EINVAL;
	}
	actx_t c = { .ev = ev, .at = at, .lim = dd_limits_default(), .memo = memo };
	if (limits != NULL) {
		const dd_limits_t d = c.lim;
#define LIM(f, cap) c.lim.f = limits->f == 0 ? d.f : (cap && limits->f > d.f) ? d.f : limits->f
		LIM(verify_per_rrset, false);
		LIM(keys_per_rrsig, false);
		LIM(rrsigs_per_rrset, true);
		LIM(rrset_records, true);
		LIM(verify_total, false);
		LIM(nsec3_hashes, false);
#undef LIM
	}
	c.an = calloc(1, sizeof(*c.an));
	c.msgs = calloc(ev->nxs ? ev->nxs : 1, sizeof(*c.msgs));
	c.parsed = calloc(ev->nxs ? ev->nxs : 1, sizeof(*c.parsed));
	c.ks = calloc(ev->nzones, sizeof(*c.ks));
	if (c.an == NULL || c.msgs == NULL || c.parsed == NULL || c.ks == NULL) {
		c.err = DD_ENOMEM;
		goto out;
	}
	c.an->at = at;
	c.an->zones = calloc(ev->nzones, sizeof(*c.an->zones));
	if (c.an->zones == NULL) {
		c.err = DD_ENOMEM;
		goto out;
	}
	c.an->nzones = ev->nzones;
	/* zones form a tree (a CNAME adds a second branch); parents always come first */
	char (*why)[300] = calloc(ev->nzones, sizeof(*why));
	if (why == NULL) {
		c.err = DD_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < ev->nzones && c.err == DD_OK; i++) {
		int p = ev->zones[i].parent;
		bool has_parent = p >= 0 && (size_t)p < i;
		dd_status_t parent = has_parent ? c.an->zones[p].status : DD_STATUS_SECURE;
		analyze_zone(&c, (int)i, parent, has_parent ? why[p] : "");
		dd_zone_result_t *zr = &c.an->zones[i];
		zr->parent = has_parent ? p : -1;
		zr->depth = has_parent ? c.an->zones[p].depth + 1 : 0;
		if (has_parent && parent != DD_STATUS_SECURE) {
			memcpy(why[i], why[p], sizeof(why[i]));  /* the trouble started higher up */
		} else if (zr->status != DD_STATUS_SECURE) {
			char zn[1024];
			dd__name_text(zr->name, zn, sizeof(zn));
			snprintf(why[i], sizeof(why[i]), "the zone %s above is %s", zn,
			         dd_status_name(zr->status));
		}
	}
	free(why);
	if (c.err == DD_OK) {
		analyze_target(&c);
	}
out:
	for (size_t i = 0; c.msgs != NULL && i < ev->nxs; i++) {
		dd_msg_free(c.msgs[i]);
	}
	free(c.msgs);
	free(c.parsed);
	for (size_t i = 0; c.ks != NULL && i < ev->nzones; i++) {
		for (size_t s = 0; c.ks[i] != NULL && s < ev->zones[i].nservers; s++) {
			keyset_free(&c.ks[i][s]);
		}
		free(c.ks[i]);
	}
	free(c.ks);
	if (c.err != DD_OK) {
		dd_analysis_free(c.an);
		return c.err;
	}
	*out = c.an;
	return DD_OK;
}

void dd_analysis_free(dd_analysis_t *an)
{
	if (an == NULL) {
		return;
	}
	for (size_t i = 0; an->zones != NULL && i < an->nzones; i++) {
		free(an->zones[i].servers);
		free(an->zones[i].ds);
		free(an->zones[i].keys);
	}
	free(an->zones);
	free(an->findings);
	free(an);
}
