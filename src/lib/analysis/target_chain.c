/* SPDX-License-Identifier: MIT
 * target_chain.c - the CNAME/DNAME chain of the answer: the CNAME a DNAME synthesizes (RFC
 * 6672 2.2, 5.3.1), the YXDOMAIN answer whose DNAME overflows the name (RFC 6672 2.2) and
 * CNAME_LOOP (RFC 1034 3.6.2). */

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

/* Whether @p rr is a DNAME strictly above @p qname, owned in zone @p zone; then @p plen gets
 * the octets of @p qname's labels below the DNAME's owner and @p tlen the length of the
 * DNAME's target (negative when malformed): the substituted name is plen + tlen octets
 * (RFC 6672 2.2). */
static bool dname_above(const dd_rr_t *rr, const uint8_t *zone, const uint8_t *qname,
                        size_t *plen, int *tlen)
{
	if (rr->type != DD_TYPE_DNAME || dd_name_equal(rr->owner, qname) ||
	    !dd_name_in_zone(qname, rr->owner) || !dd_name_in_zone(rr->owner, zone)) {
		return false;
	}
	*plen = dd_name_len(qname) - dd_name_len(rr->owner);
	*tlen = dd_name_check(rr->rdata.data, rr->rdata.len);
	return true;
}

/* Whether the CNAME at @p qname in @p cname is the one a DNAME of the answer synthesizes
 * (RFC 6672 2.2: the owner's suffix replaced by the DNAME's target), the DNAME's owner in zone
 * @p zone; its RRset in @p dname when so. The synthesized CNAME is unsigned: the DNAME's
 * signature authenticates it (RFC 6672 5.3.1). */
bool dd__an_dname_synthesized(const dd_msg_t *m, const uint8_t *zone, const uint8_t *qname,
                              const dd__rrview_t *cname, dd__rrview_t *dname)
{
	if (cname->n != 1) {
		return false;
	}
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		size_t plen;
		int tlen;
		if (!dname_above(rr, zone, qname, &plen, &tlen)) {
			continue;
		}
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
bool dd__an_yxdomain_dname(const dd_msg_t *m, const uint8_t *zone, const uint8_t *qname,
                           dd__rrview_t *dname)
{
	if (m == NULL || !(m->flags & DD_FLAG_AA) || m->rcode != DD_RCODE_YXDOMAIN) {
		return false;
	}
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		size_t plen;
		int tlen;
		if (!dname_above(rr, zone, qname, &plen, &tlen)) {
			continue;
		}
		if (tlen >= 0 && plen + (size_t)tlen > DD_NAME_MAXLEN) {
			return dd__an_rrview(m, DD_SECTION_ANSWER, rr->owner, DD_TYPE_DNAME, dname) > 0;
		}
	}
	return false;
}

/* A YXDOMAIN answer whose DNAME (@p dv) overflows the name: judged by the DNAME's signatures
 * (RFC 4035 5.3; RFC 6672 5.3.1: the DNAME is what authenticates a redirection). */
void dd__an_eval_yxdomain(dd__actx_t *c, int zi, size_t si, const uint8_t *qname,
                          dd__rrview_t *dv, dd_status_t zstat, bool report, dd__aeval_t *out)
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

/* CNAME_LOOP: the target's CNAME chain, as a server of its zone answered it, returns to a
 * name already in it (RFC 1034 3.6.2); once per zone, naming the servers that gave it. */
void dd__an_cname_loop(dd__actx_t *c, int zi)
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
