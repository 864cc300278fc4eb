/* SPDX-License-Identifier: MIT
 * target.c - the asked name at its zone, per server: the answer it gets (RFC 4035 5), an ANY
 * answer RRset by RRset, the status of the target, its CNAME target and the non-existent name
 * over the servers, and how each server answered the target query for the reports. The
 * denial, the CNAME/DNAME chain, wildcard answers, misplaced RRSIGs and the NSEC/NSEC3 checks
 * at the target live in the target_*.c files (analysis/target.h). */

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

/* The status of the answer @p m gives for @p qname/@p qtype at zone @p zi, server @p si. */
static void eval_answer(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                        uint16_t qtype, dd_status_t zstat, bool report, dd__aeval_t *out);

/* An answer to ANY (type 255) holds the name's RRsets, not an RRset of type 255: each is
 * validated as the answer for its own type, and the worst of them is the answer's status
 * (RFC 4035 5: every RRset of a response is validated; RFC 8482 4.2 lets a server return one
 * RRset). Not used when a CNAME is at the name: that is judged as for any type (its DNAME, if
 * synthesized). Returns false when the answer holds no RRset at the name (a NODATA: judged as
 * a denial). */
static bool eval_any(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                     dd_status_t zstat, bool report, dd__aeval_t *out)
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
		dd__aeval_t a;
		eval_answer(c, zi, si, m, qname, types[k], zstat, report, &a);
		if (k == 0 || a.status > out->status) {
			*out = a;
		}
		out->exists = true;
	}
	return nt > 0;
}

static void eval_answer(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                        uint16_t qtype, dd_status_t zstat, bool report, dd__aeval_t *out)
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
	if (dd__an_yxdomain_dname(m, z->name, qname, &yv)) {
		dd__an_eval_yxdomain(c, zi, si, qname, &yv, zstat, report, out);
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
		if (n > 0 && qtype != DD_TYPE_CNAME &&
		    dd__an_dname_synthesized(m, z->name, qname, &v, &dv)) {
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
		    dd__an_misplaced_sigs(c, zi, si, m, qname, qtype, zstat, report, out)) {
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
				dd__an_wildcard_answer(c, zi, si, m, qname, &vp->sigs[rv.best], report,
				                       out);
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
	dd__an_eval_denial(c, zi, si, m, qname, qtype, report, out);
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
		    (!dd__an_authoritative(m) && !dd__an_yxdomain_dname(m, z->name, name, &yv))) {
			continue;
		}
		dd__aeval_t a;
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
	dd__an_cname_loop(c, zi);
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
			dd__aeval_t a;
			eval_answer(c, zi, s, m, ev->target, ev->nodata_type, zstat, true, &a);
		}
		if (zstat == DD_STATUS_SECURE || zstat == DD_STATUS_BOGUS) {
			dd__an_nsec3param_checks(c, zi, s, ev->nx_name);
			dd__an_bitmap_checks(c, zi, s);
		}
	}
}
