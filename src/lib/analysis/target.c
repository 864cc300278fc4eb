/* SPDX-License-Identifier: MIT
 * target.c - the asked name at its zone, per server: the answer and its signatures, the
 * NXDOMAIN and NODATA proofs (RFC 4035 5.4, RFC 5155 8), a CNAME into another zone, the
 * NSEC3PARAM against the chain the negative answers use, and the type bitmap at the target
 * against the types its servers answered for. */

#include <stdio.h>
#include <string.h>

#include "analysis/actx.h"
#include "core/fmt.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/nsec3.h"
#include "dd/rdata.h"
#include "dns/name_text.h"

/* The signatures of every NSEC/NSEC3 RRset of @p m's authority section (those of NSEC3 when
 * there are any); @return false with @p out filled when one does not validate. */
static bool denial_sigs(dd__actx_t *c, const dd_msg_t *m, const dd__keyset_t *ks,
                        const uint8_t *zone, dd__rrview_t *scratch, dd__denial_t *out)
{
	const dd_rr_t *auth = m->rr[DD_SECTION_AUTHORITY];
	size_t na = m->count[DD_SECTION_AUTHORITY];
	bool has_nsec3 = false;
	for (size_t i = 0; i < na; i++) {
		has_nsec3 = has_nsec3 || auth[i].type == DD_TYPE_NSEC3;
	}
	/* the signatures of every NSEC/NSEC3 RRset of the proof first */
	uint16_t type = has_nsec3 ? DD_TYPE_NSEC3 : DD_TYPE_NSEC;
	for (size_t i = 0; i < na; i++) {
		if (auth[i].type != type) {
			continue;
		}
		dd__an_rrview(m, DD_SECTION_AUTHORITY, auth[i].owner, type, scratch);
		if (dd__an_check(c, scratch, ks, zone, NULL, out->outs, &out->rv) != DD_OK) {
			out->proof = DD_PROOF_BAD;
			return false;
		}
		if (out->rv.v != DD_SIGV_OK) {
			out->sig_failed = true;
			out->sigv = scratch;
			out->info.nsec3 = has_nsec3;
			out->proof = DD_PROOF_BAD;
			snprintf(out->info.why, sizeof(out->info.why), "the denial's %s does not validate",
			         has_nsec3 ? "NSEC3" : "NSEC");
			return false;
		}
	}
	return true;
}

void dd__an_denial(dd__actx_t *c, const dd_msg_t *m, const dd__keyset_t *ks,
                   const uint8_t *zone, const uint8_t *qname, uint16_t qtype, bool nxdomain,
                   dd__rrview_t *scratch, dd__denial_t *out)
{
	memset(out, 0, sizeof(*out));
	if (!denial_sigs(c, m, ks, zone, scratch, out)) {
		return;
	}
	out->proof = dd__validate_denial(m->rr[DD_SECTION_AUTHORITY], m->count[DD_SECTION_AUTHORITY],
	                                 zone, qname, qtype, nxdomain, &c->hbudget, &out->info);
}

void dd__an_missing_denial(dd__actx_t *c, const uint8_t *zone, const char *srv,
                           const uint8_t *qname, uint16_t qtype, bool nxdomain,
                           const dd__proofinfo_t *info)
{
	char q[1024], type[24], mn[1024];
	dd__name_text(qname, q, sizeof(q));
	dd__name_text(info->missing, mn, sizeof(mn));
	dd__type_text(qtype, type);
	const char *r = info->nsec3 ? "NSEC3" : "NSEC";
	const char *code = info->nsec3 ? "NSEC3_MISSING" : "NSEC_MISSING";
	uint16_t rt = info->nsec3 ? DD_TYPE_NSEC3 : DD_TYPE_NSEC;
	const char *rfc = info->nsec3 ? "RFC 5155 7.1" : "RFC 4035 2.3";
	if (nxdomain) {
		dd__an_finding(c, code, DD_SEV_ERROR, zone, info->missing, rt, srv, 0, 0, "%s has no "
		               "%s record: the NXDOMAIN answer for %s %s carries the %s that ends at "
		               "%s, not one that covers %s, so nothing proves the names after %s absent "
		               "(%s)", mn, r, q, type, r, mn, q, mn, rfc);
		return;
	}
	dd__an_finding(c, code, DD_SEV_ERROR, zone, info->missing, rt, srv, 0, 0, "%s exists (the "
	               "server answers %s %s with no data) but has no %s record: the answer carries "
	               "no %s %s %s, and no wildcard or empty non-terminal stands in for it, so "
	               "nothing proves what %s does not hold (%s)", mn, q, type, r, r,
	               info->nsec3 ? "matching" : "at", mn, mn, rfc);
}

typedef struct answer_eval {
	dd_status_t status;
	char reason[256];
	bool exists;
	uint16_t denial;          /* DD_TYPE_NSEC/NSEC3 of a checked denial, 0 if none */
} answer_eval_t;

/* A denial (NXDOMAIN or NODATA) for @p qname/@p qtype in a secure zone. */
static void eval_denial(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                        uint16_t qtype, bool report, answer_eval_t *out)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	bool nx = m->rcode == DD_RCODE_NXDOMAIN;
	dd__rrview_t scratch;
	dd__denial_t d;
	dd__an_denial(c, m, &c->ks[zi][si], z->name, qname, qtype, nx, &scratch, &d);
	char q[1024], type[24];
	dd__name_text(qname, q, sizeof(q));
	dd__type_text(qtype, type);
	const char *rr = d.info.nsec3 ? "NSEC3" : "NSEC";
	out->denial = d.info.nsec3 ? DD_TYPE_NSEC3 : DD_TYPE_NSEC;
	if (d.sig_failed) {
		out->status = d.rv.v == DD_SIGV_BUDGET ? DD_STATUS_INDETERMINATE : DD_STATUS_BOGUS;
		if (report) {
			dd__an_report(c, d.sigv, &c->ks[zi][si], z->name, srv, d.outs, &d.rv);
		}
		snprintf(out->reason, sizeof(out->reason), "%s", d.info.why);
		return;
	}
	switch (d.proof) {
	case DD_PROOF_OK:
		snprintf(out->reason, sizeof(out->reason), "%s proven by %s", nx ? "NXDOMAIN" : "NODATA",
		         rr);
		break;
	case DD_PROOF_INSECURE:
		out->status = DD_STATUS_INSECURE;
		if (d.info.iterations > DD_NSEC3_RESOLVER_LIMIT) {
			snprintf(out->reason, sizeof(out->reason), "NSEC3 with %u iterations: validators "
			         "treat it as insecure (limit %d)", d.info.iterations,
			         DD_NSEC3_RESOLVER_LIMIT);
		} else {
			snprintf(out->reason, sizeof(out->reason), "covered by an Opt-Out NSEC3");
		}
		break;
	case DD_PROOF_BUDGET:
		out->status = DD_STATUS_INDETERMINATE;
		snprintf(out->reason, sizeof(out->reason), "not checked: the diagnosis's NSEC3 "
		         "hashing budget was spent");
		if (report) {
			dd__an_finding(c, "WORK_LIMIT_EXCEEDED", DD_SEV_WARNING, z->name, qname, qtype, srv,
			               0, 0, "the diagnosis had hashed %u names for NSEC3 proofs (its "
			               "budget against CVE-2023-50868) before the proof for %s %s, which "
			               "was not checked: indeterminate", c->vo.lim.nsec3_hashes, q, type);
		}
		break;
	case DD_PROOF_NONE:
	case DD_PROOF_BAD:
		out->status = DD_STATUS_BOGUS;
		snprintf(out->reason, sizeof(out->reason), "%s", d.info.why);
		if (report && d.info.unmatched) {
			dd__an_missing_denial(c, z->name, srv, qname, qtype, nx, &d.info);
		} else if (report) {
			dd__an_finding(c, "DENIAL_PROOF_INVALID", DD_SEV_ERROR, z->name, qname, qtype, srv,
			               0, 0, "the %s answer for %s %s does not prove it: %s",
			               nx ? "NXDOMAIN" : "NODATA", q, type, d.info.why);
		}
		break;
	}
}

/* A validated answer whose RRSIG @p sig was made over a wildcard (its Labels field below the
 * owner's count): the authority section must prove that @p qname itself does not exist (RFC
 * 4035 5.3.4, RFC 5155 8.8), or the answer is bogus. */
static void wildcard_answer(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m,
                            const uint8_t *qname, const dd_rdata_t *sig, bool report,
                            answer_eval_t *out)
{
	dd_rrsig_t rs;
	if (dd_rrsig_parse(sig->data, sig->len, &rs) != DD_OK ||
	    rs.labels >= dd_name_rrsig_labels(qname)) {
		return;
	}
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	dd__rrview_t scratch;
	dd__denial_t d;
	memset(&d, 0, sizeof(d));
	if (denial_sigs(c, m, &c->ks[zi][si], z->name, &scratch, &d)) {
		d.proof = dd__validate_wildcard_answer(m->rr[DD_SECTION_AUTHORITY],
		                                       m->count[DD_SECTION_AUTHORITY], z->name, qname,
		                                       rs.labels, &c->hbudget, &d.info);
	}
	char q[1024];
	dd__name_text(qname, q, sizeof(q));
	if (d.sig_failed) {
		out->status = d.rv.v == DD_SIGV_BUDGET ? DD_STATUS_INDETERMINATE : DD_STATUS_BOGUS;
		if (report) {
			dd__an_report(c, d.sigv, &c->ks[zi][si], z->name, srv, d.outs, &d.rv);
		}
		snprintf(out->reason, sizeof(out->reason), "expanded from a wildcard: %s", d.info.why);
		return;
	}
	switch (d.proof) {
	case DD_PROOF_OK:
		snprintf(out->reason, sizeof(out->reason), "validated (expanded from a wildcard, "
		         "%s proves that %s does not exist)", d.info.nsec3 ? "NSEC3" : "NSEC", q);
		break;
	case DD_PROOF_INSECURE:
		out->status = DD_STATUS_INSECURE;
		snprintf(out->reason, sizeof(out->reason), "expanded from a wildcard, insecure: %s",
		         d.info.why);
		break;
	case DD_PROOF_BUDGET:
		out->status = DD_STATUS_INDETERMINATE;
		snprintf(out->reason, sizeof(out->reason), "not checked: the diagnosis's NSEC3 "
		         "hashing budget was spent");
		break;
	case DD_PROOF_NONE:
	case DD_PROOF_BAD:
		out->status = DD_STATUS_BOGUS;
		snprintf(out->reason, sizeof(out->reason), "%s", d.info.why);
		if (report) {
			dd__an_finding(c, "DENIAL_PROOF_INVALID", DD_SEV_ERROR, z->name, qname, 0, srv, 0,
			               0, "%s", d.info.why);
		}
		break;
	}
}

/* Whether the CNAME at @p qname in @p cname is the one a DNAME of the answer synthesizes
 * (RFC 6672 2.2: the owner's suffix replaced by the DNAME's target), the DNAME's owner in zone
 * @p zone; its RRset in @p dname when so. The synthesized CNAME is unsigned: the DNAME's
 * signature authenticates it (RFC 6672 5.3.1). */
static bool dname_synthesized(const dd_msg_t *m, const uint8_t *zone, const uint8_t *qname,
                              const dd__rrview_t *cname, dd__rrview_t *dname)
{
	if (cname->n != 1) {
		return false;
	}
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		if (rr->type != DD_TYPE_DNAME || dd_name_equal(rr->owner, qname) ||
		    !dd_name_in_zone(qname, rr->owner) || !dd_name_in_zone(rr->owner, zone)) {
			continue;
		}
		size_t plen = dd_name_len(qname) - dd_name_len(rr->owner);
		int tlen = dd_name_check(rr->rdata.data, rr->rdata.len);
		uint8_t want[DD_NAME_MAXLEN];
		if (tlen < 0 || plen + (size_t)tlen > DD_NAME_MAXLEN) {
			continue;  /* YXDOMAIN territory: nothing to synthesize */
		}
		memcpy(want, qname, plen);
		memcpy(want + plen, rr->rdata.data, (size_t)tlen);
		if (dd_name_check(cname->rd[0].data, cname->rd[0].len) < 0 ||
		    !dd_name_equal(want, cname->rd[0].data)) {
			continue;
		}
		return dd__an_rrview(m, DD_SECTION_ANSWER, rr->owner, DD_TYPE_DNAME, dname) > 0;
	}
	return false;
}

/* The DNAME of a YXDOMAIN answer @p m for @p qname (RFC 6672 2.2: substituting it would make a
 * name longer than 255 octets), the DNAME's owner in zone @p zone, into @p dname; false when
 * the answer is no such YXDOMAIN (no AA, or no DNAME above the name that overflows). */
static bool yxdomain_dname(const dd_msg_t *m, const uint8_t *zone, const uint8_t *qname,
                           dd__rrview_t *dname)
{
	if (m == NULL || !(m->flags & DD_FLAG_AA) || m->rcode != DD_RCODE_YXDOMAIN) {
		return false;
	}
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		if (rr->type != DD_TYPE_DNAME || dd_name_equal(rr->owner, qname) ||
		    !dd_name_in_zone(qname, rr->owner) || !dd_name_in_zone(rr->owner, zone)) {
			continue;
		}
		size_t plen = dd_name_len(qname) - dd_name_len(rr->owner);
		int tlen = dd_name_check(rr->rdata.data, rr->rdata.len);
		if (tlen >= 0 && plen + (size_t)tlen > DD_NAME_MAXLEN) {
			return dd__an_rrview(m, DD_SECTION_ANSWER, rr->owner, DD_TYPE_DNAME, dname) > 0;
		}
	}
	return false;
}

/* A YXDOMAIN answer whose DNAME (@p dv) overflows the name: judged by the DNAME's signatures
 * (RFC 4035 5.3; RFC 6672 5.3.1: the DNAME is what authenticates a redirection). */
static void eval_yxdomain(dd__actx_t *c, int zi, size_t si, const uint8_t *qname,
                          dd__rrview_t *dv, dd_status_t zstat, bool report, answer_eval_t *out)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	dd__keyset_t *ks = &c->ks[zi][si];
	out->exists = true;
	dd__sigout_t outs[DD__AN_MAXSIGS];
	dd__rrsetv_t rv;
	if (dd__an_check(c, dv, ks, z->name, NULL, outs, &rv) != DD_OK) {
		return;
	}
	dd__an_note_window(c, zi, &rv);
	if (ks->present && zstat != DD_STATUS_INSECURE && report) {
		dd__an_report(c, dv, ks, z->name, z->servers[si].addr, outs, &rv);
	}
	char o[1024];
	dd__name_text(dv->set.owner, o, sizeof(o));
	if (zstat != DD_STATUS_SECURE) {
		return;
	}
	if (rv.v == DD_SIGV_OK) {
		dd__asink_t as;
		if (rv.best >= 0 && (size_t)rv.best < dv->nsigs &&
		    !dd__validate_dname_source(dv->set.owner, &dv->sigs[rv.best], qname,
		                               report ? dd__an_sink(&as, c, z->name, z->servers[si].addr)
		                                      : NULL)) {
			out->status = DD_STATUS_BOGUS;
			snprintf(out->reason, sizeof(out->reason), "YXDOMAIN with a DNAME expanded from a "
			         "wildcard (RFC 4592 4.4): DNAME_WILDCARD");
			return;
		}
		snprintf(out->reason, sizeof(out->reason), "YXDOMAIN, validated: the DNAME at %s would "
		         "make the name longer than 255 octets (RFC 6672 2.2)", o);
	} else if (rv.v == DD_SIGV_BUDGET) {
		out->status = DD_STATUS_INDETERMINATE;
		snprintf(out->reason, sizeof(out->reason), "not verified: the diagnosis's signature "
		         "verification budget was spent");
	} else {
		const char *code = dd__sigv_code(rv.v);
		out->status = DD_STATUS_BOGUS;
		snprintf(out->reason, sizeof(out->reason), "YXDOMAIN with the DNAME at %s, which does "
		         "not validate: %s", o, code ? code : "ALGORITHM_UNSUPPORTED");
	}
}

/* An answer RRset @p v (answer section) without RRSIG beside it whose RRSIGs the server put in
 * the authority or additional section (RFC 4035 3.1.1 forbids it): RRSIG_MISPLACED, judged with
 * those RRSIGs, and in a secure zone (@p zstat) bogus for validators that look beside the RRset
 * (BIND). @return false when no section holds an RRSIG for it (a missing RRSIG, reported as
 * such). */
static bool misplaced_sigs(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m,
                           const uint8_t *qname, uint16_t qtype, dd_status_t zstat, bool report,
                           answer_eval_t *out)
{
	static const char *const names[] = { "answer", "authority", "additional" };
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	dd__keyset_t *ks = &c->ks[zi][si];
	dd__rrview_t mv;
	int sec = -1;
	for (int s = DD_SECTION_AUTHORITY; s <= DD_SECTION_ADDITIONAL && sec < 0; s++) {
		if (dd_msg_count(m, (dd_section_t)s, qname, DD_TYPE_RRSIG, qtype) > 0) {
			sec = s;
		}
	}
	if (sec < 0 || dd__an_rrview(m, DD_SECTION_ANSWER, qname, qtype, &mv) == 0) {
		return false;
	}
	mv.nsigs = dd_msg_rrsigs(m, (dd_section_t)sec, qname, qtype, mv.sigs, DD__AN_MAXSIGS);
	mv.total_sigs = dd_msg_count(m, (dd_section_t)sec, qname, DD_TYPE_RRSIG, qtype);
	dd__sigout_t outs[DD__AN_MAXSIGS];
	dd__rrsetv_t rv;
	if (dd__an_check(c, &mv, ks, z->name, NULL, outs, &rv) != DD_OK) {
		return false;
	}
	dd__an_note_window(c, zi, &rv);
	if (report) {
		dd__asink_t as;
		dd__validate_rrsig_section(qname, qtype, names[DD_SECTION_ANSWER], names[sec],
		                           rv.v == DD_SIGV_OK,
		                           dd__an_sink(&as, c, z->name, z->servers[si].addr));
		if (rv.v != DD_SIGV_OK) {
			dd__an_report(c, &mv, ks, z->name, z->servers[si].addr, outs, &rv);
		}
	}
	out->exists = true;
	if (zstat != DD_STATUS_SECURE) {
		return true;  /* the zone's own status stands */
	}
	out->status = rv.v == DD_SIGV_BUDGET ? DD_STATUS_INDETERMINATE : DD_STATUS_BOGUS;
	snprintf(out->reason, sizeof(out->reason), "RRSIG_MISPLACED: its RRSIG is in the %s "
	         "section (RFC 4035 3.1.1)%s", names[sec],
	         rv.v == DD_SIGV_OK ? " and validates there" : ", and does not validate either");
	return true;
}

/* The status of the answer @p m gives for @p qname/@p qtype at zone @p zi, server @p si. */
static void eval_answer(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                        uint16_t qtype, dd_status_t zstat, bool report, answer_eval_t *out);

/* An answer to ANY (type 255) holds the name's RRsets, not an RRset of type 255: each is
 * validated as the answer for its own type, and the worst of them is the answer's status
 * (RFC 4035 5: every RRset of a response is validated; RFC 8482 4.2 lets a server return one
 * RRset). Not used when a CNAME is at the name: that is judged as for any type (its DNAME, if
 * synthesized). Returns false when the answer holds no RRset at the name (a NODATA: judged as
 * a denial). */
static bool eval_any(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                     dd_status_t zstat, bool report, answer_eval_t *out)
{
	uint16_t types[64];
	size_t nt = 0;
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER] && nt < sizeof(types) / sizeof(types[0]);
	     i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		bool seen = rr->type == DD_TYPE_RRSIG || rr->type == 255 /* ANY */ ||
		            !dd_name_equal(rr->owner, qname);
		for (size_t k = 0; k < nt && !seen; k++) {
			seen = types[k] == rr->type;
		}
		if (!seen) {
			types[nt++] = rr->type;
		}
	}
	for (size_t k = 0; k < nt; k++) {
		answer_eval_t a;
		eval_answer(c, zi, si, m, qname, types[k], zstat, report, &a);
		if (k == 0 || a.status > out->status) {
			*out = a;
		}
		out->exists = true;
	}
	return nt > 0;
}

static void eval_answer(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                        uint16_t qtype, dd_status_t zstat, bool report, answer_eval_t *out)
{
	if (qtype == 255 /* ANY */ && dd_msg_count(m, DD_SECTION_ANSWER, qname, DD_TYPE_CNAME, 0) == 0 &&
	    eval_any(c, zi, si, m, qname, zstat, report, out)) {
		return;
	}
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	dd__keyset_t *ks = &c->ks[zi][si];
	memset(out, 0, sizeof(*out));
	out->status = zstat;
	dd__rrview_t yv;
	if (yxdomain_dname(m, z->name, qname, &yv)) {
		eval_yxdomain(c, zi, si, qname, &yv, zstat, report, out);
		return;
	}
	bool sigs = false;
	for (size_t i = 0; qtype == DD_TYPE_RRSIG && i < m->count[DD_SECTION_ANSWER]; i++) {
		sigs = sigs || (m->rr[DD_SECTION_ANSWER][i].type == DD_TYPE_RRSIG &&
		                dd_name_equal(m->rr[DD_SECTION_ANSWER][i].owner, qname));
	}
	if (sigs && m->rcode == DD_RCODE_NOERROR) {
		/* RRSIG records are never signed (RFC 4035 2.2): a validator passes an answer of them
		 * on unvalidated, without AD, whatever the zone's status */
		out->exists = true;
		if (zstat == DD_STATUS_SECURE) {
			out->status = DD_STATUS_INSECURE;
			snprintf(out->reason, sizeof(out->reason), "RRSIG records are not signed (RFC "
			         "4035 2.2): validators pass them on without validating them (no AD)");
		}
		return;
	}
	/* an rrview points into itself: never copied, chosen by pointer */
	dd__rrview_t v, dv;
	dd__rrview_t *vp = &v;
	size_t n = dd__an_rrview(m, DD_SECTION_ANSWER, qname, qtype, &v);
	bool dname = false;
	if (n == 0) {
		n = dd__an_rrview(m, DD_SECTION_ANSWER, qname, DD_TYPE_CNAME, &v);
		/* a CNAME synthesized from a DNAME is judged by the DNAME's signatures */
		if (n > 0 && qtype != DD_TYPE_CNAME && dname_synthesized(m, z->name, qname, &v, &dv)) {
			vp = &dv;
			dname = true;
		}
	}
	if (n > 0) {
		out->exists = true;
		dd__sigout_t outs[DD__AN_MAXSIGS];
		dd__rrsetv_t rv;
		if (dd__an_check(c, vp, ks, z->name, NULL, outs, &rv) != DD_OK) {
			return;
		}
		dd__an_note_window(c, zi, &rv);
		if (!dname && rv.v == DD_SIGV_NONE && ks->present && zstat != DD_STATUS_INSECURE &&
		    misplaced_sigs(c, zi, si, m, qname, qtype, zstat, report, out)) {
			return;
		}
		if (ks->present && zstat != DD_STATUS_INSECURE && report) {
			dd__an_report(c, vp, ks, z->name, z->servers[si].addr, outs, &rv);
		}
		if (zstat != DD_STATUS_SECURE) {
			return;
		}
		if (rv.v == DD_SIGV_OK && dname && rv.best >= 0 && (size_t)rv.best < vp->nsigs) {
			dd__asink_t as;
			if (!dd__validate_dname_source(vp->set.owner, &vp->sigs[rv.best], qname,
			                               report ? dd__an_sink(&as, c, z->name,
			                                                    z->servers[si].addr)
			                                      : NULL)) {
				out->status = DD_STATUS_BOGUS;
				snprintf(out->reason, sizeof(out->reason), "a CNAME synthesized from a "
				         "DNAME expanded from a wildcard, which is not used for "
				         "redirection (RFC 4592 4.4): DNAME_WILDCARD");
				return;
			}
		}
		if (rv.v == DD_SIGV_OK) {
			snprintf(out->reason, sizeof(out->reason), "%s", dname ? "validated: a CNAME "
			         "synthesized from a signed DNAME (RFC 6672 5.3.1)" : "validated");
			/* a DNAME's signature covers its own owner, fewer labels than the name asked:
			 * not a wildcard expansion */
			if (!dname && rv.best >= 0 && (size_t)rv.best < vp->nsigs) {
				wildcard_answer(c, zi, si, m, qname, &vp->sigs[rv.best], report, out);
			}
		} else if (rv.v == DD_SIGV_BUDGET) {
			out->status = DD_STATUS_INDETERMINATE;
			snprintf(out->reason, sizeof(out->reason), "not verified: the diagnosis's "
			         "signature verification budget was spent");
		} else {
			const char *code = dd__sigv_code(rv.v);
			out->status = DD_STATUS_BOGUS;
			snprintf(out->reason, sizeof(out->reason), "%s",
			         code ? code : "ALGORITHM_UNSUPPORTED");
		}
		return;
	}
	if (zstat != DD_STATUS_SECURE) {
		snprintf(out->reason, sizeof(out->reason), "%s in a zone that is not secure",
		         m->rcode == DD_RCODE_NXDOMAIN ? "NXDOMAIN" : "NODATA");
		return;
	}
	eval_denial(c, zi, si, m, qname, qtype, report, out);
}

/* The status of @p name/@p qtype in its zone, worst over the servers. */
static void analyze_name(dd__actx_t *c, int zi, const uint8_t *name, uint16_t qtype,
                         dd_status_t *status, char *reason, size_t rlen, bool *exists,
                         uint16_t *denial)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const dd_zone_result_t *zr = &c->an->zones[zi];
	bool any = false;
	*status = DD_STATUS_SECURE;
	reason[0] = '\0';
	for (size_t s = 0; s < z->nservers; s++) {
		dd_msg_t *m = dd__an_msg(c, z->servers[s].addr, name, qtype);
		dd__rrview_t yv;
		/* a YXDOMAIN with the DNAME that overflows the name is an answer too (RFC 6672 2.2) */
		if (!zr->servers[s].answered ||
		    (!dd__an_authoritative(m) && !yxdomain_dname(m, z->name, name, &yv))) {
			continue;
		}
		answer_eval_t a;
		dd_status_t zstat = zr->servers[s].status;
		eval_answer(c, zi, s, m, name, qtype, zstat, true, &a);
		*exists = *exists || a.exists;
		if (!any || a.status > *status) {
			*status = a.status;
			*denial = a.denial;
			snprintf(reason, rlen, "%s: %s", z->servers[s].addr,
			         zstat != DD_STATUS_SECURE ? zr->servers[s].reason : a.reason);
		}
		any = true;
	}
	if (!any) {
		*status = zr->status == DD_STATUS_SECURE ? DD_STATUS_INDETERMINATE : zr->status;
		bool asked = false;
		for (size_t s = 0; s < z->nservers && !asked; s++) {
			asked = dd_evidence_find(c->ev, z->servers[s].addr, name, qtype) != NULL;
		}
		/* evidence from another prober (DNSViz) may not hold the question at all */
		snprintf(reason, rlen, "%s", asked ? "no server answered for the name"
		                                   : "not asked of any server (not probed)");
	}
}

/* NSEC3 parameters in use against the NSEC3PARAM the servers use to pick their chain. */
static void nsec3param_checks(dd__actx_t *c, int zi, size_t si, const uint8_t *nx)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	dd_msg_t *pm = dd__an_msg(c, srv, z->name, DD_TYPE_NSEC3PARAM);
	dd_rdata_t rd[4];
	dd_rrset_t set;
	dd_nsec3_t param;
	bool have_param = dd__an_authoritative(pm) &&
	                  dd_msg_rrset(pm, DD_SECTION_ANSWER, z->name, DD_TYPE_NSEC3PARAM, &set, rd, 4) > 0 &&
	                  dd_nsec3param_parse(rd[0].data, rd[0].len, &param) == DD_OK;
	dd_msg_t *m = dd__an_msg(c, srv, nx, DD_TYPE_A);
	if (!dd__an_authoritative(m)) {
		return;
	}
	const dd_nsec3_t *chain = NULL;
	dd_nsec3_t first;
	bool has_nsec = false;
	for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
		has_nsec = has_nsec || rr->type == DD_TYPE_NSEC;
		if (chain == NULL && rr->type == DD_TYPE_NSEC3 &&
		    dd_nsec3_parse(rr->rdata.data, rr->rdata.len, &first) == DD_OK) {
			chain = &first;
		}
	}
	dd__asink_t as;
	const dd__vsink_t *sink = dd__an_sink(&as, c, z->name, srv);
	if (chain != NULL) {
		c->an->zones[zi].nsec3 = true;
		c->an->zones[zi].nsec3_iterations = chain->iterations;
		dd__validate_nsec3_params(z->name, DD_TYPE_NSEC3, chain->iterations, chain->salt_len,
		                          sink);
	}
	if (have_param && !has_nsec && c->ks[zi][si].present) {
		dd__validate_nsec3param_report(z->name, &param, chain, sink);
	}
}

/* Types the NSEC/NSEC3 at the target claims must answer with data, and types that answer must
 * be claimed (RFC 4034 4.1.2): compared for the types this server was asked for. */
static void bitmap_checks(dd__actx_t *c, int zi, size_t si)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const char *srv = z->servers[si].addr;
	const uint8_t *target = c->ev->target;
	dd_msg_t *m = dd__an_msg(c, srv, target, c->ev->nodata_type);
	if (!dd__an_authoritative(m) || m->rcode != DD_RCODE_NOERROR) {
		return;
	}
	const uint8_t *bm = NULL;
	size_t bml = 0;
	bool nsec3 = false;
	if (!dd__denial_bitmap_of(m->rr[DD_SECTION_AUTHORITY], m->count[DD_SECTION_AUTHORITY], target,
	                          &c->hbudget, &bm, &bml, &nsec3)) {
		return;
	}
	/* only the types this server was asked for at the target can be compared: find them in
	 * one pass over the exchanges, not one lookup per possible type */
	uint8_t asked[65536 / 8] = { 0 };
	for (size_t i = 0; i < c->ev->nxs; i++) {
		const dd_exchange_t *x = &c->ev->xs[i];
		if (strcmp(x->server, srv) == 0 && dd_name_equal(x->qname, target)) {
			asked[x->qtype / 8] |= (uint8_t)(0x80 >> (x->qtype % 8));
		}
	}
	uint16_t extra[64], missing[64];
	size_t ne = 0, nm = 0;
	for (unsigned t = 1; t < 65536; t++) {
		if (t == DD_TYPE_RRSIG || t == DD_TYPE_NSEC || t == DD_TYPE_NSEC3 ||
		    !(asked[t / 8] & (0x80 >> (t % 8)))) {
			continue;
		}
		dd_msg_t *tm = dd__an_msg(c, srv, target, (uint16_t)t);
		if (!dd__an_authoritative(tm)) {
			continue;
		}
		bool has = dd_msg_count(tm, DD_SECTION_ANSWER, target, (uint16_t)t, 0) > 0;
		bool listed = dd_bitmap_has(bm, bml, (uint16_t)t);
		if (listed && !has && ne < 64) {
			extra[ne++] = (uint16_t)t;
		} else if (!listed && has && t == c->ev->qtype && nm < 64) {
			missing[nm++] = (uint16_t)t;
		}
	}
	dd__asink_t as;
	dd__validate_bitmap_report(nsec3 ? DD_TYPE_NSEC3 : DD_TYPE_NSEC, target, target, extra, ne,
	                           missing, nm, dd__an_sink(&as, c, z->name, srv));
}

/* How each server of the target's zone answered the target's query, for the reports. */
static void target_summaries(dd__actx_t *c, int zi, const uint8_t *name, bool cname)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	dd_zone_result_t *zr = &c->an->zones[zi];
	uint16_t qtype = c->ev->qtype;
	for (size_t s = 0; s < z->nservers; s++) {
		dd_answer_summary_t *t = cname ? &zr->servers[s].cname : &zr->servers[s].target;
		const dd_exchange_t *x = dd_evidence_find(c->ev, z->servers[s].addr, name, qtype);
		memset(t, 0, sizeof(*t));
		if (x == NULL) {
			continue;
		}
		t->asked = true;
		t->error = x->error;
		dd_msg_t *m = dd__an_msg(c, z->servers[s].addr, name, qtype);
		if (m == NULL) {
			t->error = t->error == DD_QERR_NONE ? DD_QERR_MALFORMED : t->error;
			continue;
		}
		t->rcode = m->rcode;
		t->aa = (m->flags & DD_FLAG_AA) != 0;
		for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
			/* asked for RRSIG, the RRSIGs are the records */
			bool sig = m->rr[DD_SECTION_ANSWER][i].type == DD_TYPE_RRSIG &&
			           qtype != DD_TYPE_RRSIG;
			t->rrsigs += sig;
			t->records += !sig;
		}
		const uint8_t *end = dd_msg_cname_end(m, name);
		t->loops = dd_msg_cname_loops(m, name);
		for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
			t->has_qtype = t->has_qtype || (rr->type != DD_TYPE_RRSIG &&
			               (qtype == DD_TYPE_CNAME || qtype == 255 /* ANY */ ||
			                (rr->type == qtype && dd_name_equal(rr->owner, end))));
		}
		/* a chain that ends in no data is answered as NODATA, with the zone's SOA in the
		 * authority section (RFC 2308 2.2); without it the end lies beyond the server's data
		 * (another zone, or below a cut) */
		t->ends_elsewhere = !dd_name_in_zone(end, z->name) ||
		                    (!t->has_qtype && t->rcode == DD_RCODE_NOERROR &&
		                     dd_msg_count(m, DD_SECTION_AUTHORITY, z->name, DD_TYPE_SOA, 0) == 0);
	}
}

/* CNAME_LOOP: the target's CNAME chain, as a server of its zone answered it, returns to a
 * name already in it (RFC 1034 3.6.2); once per zone, naming the servers that gave it. */
static void cname_loop(dd__actx_t *c, int zi)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const dd_zone_result_t *zr = &c->an->zones[zi];
	for (size_t s = 0; s < z->nservers && s < zr->nservers; s++) {
		if (!zr->servers[s].target.loops) {
			continue;
		}
		char n[1024];
		dd__name_text(c->ev->target, n, sizeof(n));
		dd__an_finding(c, "CNAME_LOOP", DD_SEV_ERROR, z->name, c->ev->target, DD_TYPE_CNAME,
		               z->servers[s].addr, 0, 0, "the CNAME chain at %s returns to a name "
		               "already in it: it never ends in data, so resolvers answer SERVFAIL "
		               "however its signatures validate (RFC 1034 3.6.2); point the CNAME at "
		               "the name that holds the data", n);
	}
}

void dd__an_target(dd__actx_t *c)
{
	const dd_evidence_t *ev = c->ev;
	int zi = dd_evidence_zone_of(ev, ev->target);
	if (zi < 0) {
		zi = (int)ev->nzones - 1;
	}
	/* the nonexistent-name probe is a name of the asked name's own zone */
	int nxi = zi;
	/* a DS RRset lives at the parent side of a cut (RFC 4035 2.4): for the DS of a zone's
	 * apex, the parent's servers answer and the parent's keys sign (the probe asks them) */
	if (ev->qtype == DD_TYPE_DS && ev->zones[zi].parent >= 0 &&
	    dd_name_equal(ev->zones[zi].name, ev->target)) {
		zi = ev->zones[zi].parent;
	}
	dd_analysis_t *an = c->an;
	an->target_zone = zi;
	const dd_zone_ev_t *z = &ev->zones[zi];
	dd_zone_result_t *zr = &an->zones[zi];
	memcpy(an->target, ev->target, dd_name_len(ev->target));
	memcpy(an->nx_name, ev->nx_name, dd_name_len(ev->nx_name));
	an->qtype = ev->qtype;
	target_summaries(c, zi, ev->target, false);
	an->cname_zone = -1;
	cname_loop(c, zi);
	bool nx_exists = false;
	uint16_t nx_denial = 0, cn_denial = 0;
	analyze_name(c, zi, ev->target, ev->qtype, &an->target_status, an->target_reason,
	             sizeof(an->target_reason), &an->target_exists, &an->target_denial);
	analyze_name(c, nxi, ev->nx_name, DD_TYPE_A, &an->nx_status, an->nx_reason,
	             sizeof(an->nx_reason), &nx_exists, &nx_denial);
	/* a CNAME into another zone: the answer is only as good as the weaker of the two */
	int ci = ev->cname_target[0] ? dd_evidence_zone_of(ev, ev->cname_target) : -1;
	if (ci >= 0 && ci != zi) {
		memcpy(an->cname_target, ev->cname_target, dd_name_len(ev->cname_target));
		an->cname_zone = ci;
		target_summaries(c, ci, ev->cname_target, true);
		bool cex = false;
		analyze_name(c, ci, ev->cname_target, ev->qtype, &an->cname_status, an->cname_reason,
		             sizeof(an->cname_reason), &cex, &cn_denial);
		if (an->cname_status > an->target_status) {
			char cn[1024];
			dd__name_text(ev->cname_target, cn, sizeof(cn));
			an->target_status = an->cname_status;
			snprintf(an->target_reason, sizeof(an->target_reason), "its CNAME target %s: %s",
			         cn, an->cname_reason);
		}
	}
	for (size_t s = 0; s < z->nservers; s++) {
		if (!zr->servers[s].answered) {
			continue;
		}
		dd_status_t zstat = zr->servers[s].status;
		/* the no-data probe: its proof, if the target exists */
		dd_msg_t *m = dd__an_msg(c, z->servers[s].addr, ev->target, ev->nodata_type);
		if (dd__an_authoritative(m) && m->rcode == DD_RCODE_NOERROR &&
		    m->count[DD_SECTION_ANSWER] == 0) {
			answer_eval_t a;
			eval_answer(c, zi, s, m, ev->target, ev->nodata_type, zstat, true, &a);
		}
		if (zstat == DD_STATUS_SECURE || zstat == DD_STATUS_BOGUS) {
			nsec3param_checks(c, zi, s, ev->nx_name);
			bitmap_checks(c, zi, s);
		}
	}
}
