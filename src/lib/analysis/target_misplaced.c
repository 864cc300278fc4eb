/* SPDX-License-Identifier: MIT
 * target_misplaced.c - an answer RRset whose RRSIGs the server put in another section (RFC
 * 4035 3.1.1): RRSIG_MISPLACED. */

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

/* An answer RRset @p v (answer section) without RRSIG beside it whose RRSIGs the server put in
 * the authority or additional section (RFC 4035 3.1.1 forbids it): RRSIG_MISPLACED, judged with
 * those RRSIGs, and in a secure zone (@p zstat) bogus for validators that look beside the RRset
 * (BIND). @return false when no section holds an RRSIG for it (a missing RRSIG, reported as
 * such). */
bool dd__an_misplaced_sigs(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m,
                           const uint8_t *qname, uint16_t qtype, dd_status_t zstat, bool report,
                           dd__aeval_t *out)
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
