/* SPDX-License-Identifier: MIT
 * target_wildcard.c - an answer made by wildcard expansion: the proof that the asked name
 * itself does not exist (RFC 4035 5.3.4, RFC 5155 8.8). */

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

/* A validated answer whose RRSIG @p sig was made over a wildcard (its Labels field below the
 * owner's count): the authority section must prove that @p qname itself does not exist (RFC
 * 4035 5.3.4, RFC 5155 8.8), or the answer is bogus. */
void dd__an_wildcard_answer(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m,
                            const uint8_t *qname, const dd_rdata_t *sig, bool report,
                            dd__aeval_t *out)
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
	if (dd__an_denial_sigs(c, m, &c->ks[zi][si], z->name, &scratch, &d)) {
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
