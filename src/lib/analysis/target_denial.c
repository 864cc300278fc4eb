/* SPDX-License-Identifier: MIT
 * target_denial.c - the NXDOMAIN and NODATA proofs of an answer (RFC 4035 5.4, RFC 5155 8):
 * their signatures, the proof itself, and the finding when a secure zone gives no proof. */

#include <stdio.h>
#include <string.h>

#include "analysis/actx.h"
#include "analysis/target.h"
#include "core/fmt.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/nsec3.h"
#include "dd/rdata.h"
#include "dns/name_text.h"

/* The signatures of every NSEC/NSEC3 RRset of @p m's authority section (those of NSEC3 when
 * there are any); @return false with @p out filled when one does not validate. */
bool dd__an_denial_sigs(dd__actx_t *c, const dd_msg_t *m, const dd__keyset_t *ks,
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
	if (!dd__an_denial_sigs(c, m, ks, zone, scratch, out)) {
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

/* A denial (NXDOMAIN or NODATA) for @p qname/@p qtype in a secure zone. */
void dd__an_eval_denial(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                        uint16_t qtype, bool report, dd__aeval_t *out)
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
