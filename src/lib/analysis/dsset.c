/* SPDX-License-Identifier: MIT
 * dsset.c - where a zone's DS set comes from (RFC 4035 5.2): the trust anchor's records where
 * trust starts (RFC 4035 4.4), the DS given for a pre-delegation test, or the parent's DS
 * RRset from the first parent server whose answer validates, or the proof of its absence
 * (an insecure delegation); a zone the parent does not delegate. trust.c judges the link. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/dsset.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/text.h"
#include "dns/name_text.h"

static void ds_add(dd__dsset_t *out, const dd_rdata_t *rd)
{
	if (out->n == DD__AN_MAXKEYS || rd->len > sizeof(out->raw[0])) {
		return;
	}
	memcpy(out->raw[out->n], rd->data, rd->len);
	if (dd_ds_parse(out->raw[out->n], rd->len, &out->ds[out->n]) == DD_OK) {
		out->n++;
	}
}

/* Whether a trust anchor (DS or DNSKEY) is configured for @p zone itself. */
static bool anchored(const dd__actx_t *c, const uint8_t *zone)
{
	for (size_t i = 0; i < c->ev->nanchors; i++) {
		if (dd_name_equal(c->ev->anchors[i].owner, zone)) {
			return true;
		}
	}
	return false;
}

/* Whether a trust anchor is configured for @p zone or a zone above it: a validator can only
 * judge what lies below one of its trust anchors (RFC 4035 4.3, RFC 4033 5). */
bool dd__an_covered(const dd__actx_t *c, const uint8_t *zone)
{
	for (size_t i = 0; i < c->ev->nanchors; i++) {
		if (dd_name_in_zone(zone, c->ev->anchors[i].owner)) {
			return true;
		}
	}
	return false;
}

/* A zone of the chain where trust starts: the topmost one (the anchors are taken for it as
 * they always were), or one with a trust anchor of its own below the top (RFC 4035 4.4: an
 * anchor may be configured for any zone; its DS set is the anchor's, whatever the parent). */
bool dd__an_starts(const dd__actx_t *c, const dd_zone_ev_t *z)
{
	return z->parent < 0 || anchored(c, z->name);
}

bool dd__an_trust_starts(const dd__actx_t *c, int zi)
{
	return dd__an_starts(c, &c->ev->zones[zi]);
}

/* The trust anchor's DS records for a zone where trust starts. */
static void anchor_dsset(dd__actx_t *c, const dd_zone_ev_t *z, dd__dsset_t *out)
{
	for (size_t i = 0; i < c->ev->nanchors; i++) {
		const dd_rr_t *a = &c->ev->anchors[i];
		if (a->type == DD_TYPE_DS && dd_name_equal(a->owner, z->name)) {
			ds_add(out, &a->rdata);
		}
	}
	out->state = DD__DSS_PRESENT;
	snprintf(out->reason, sizeof(out->reason), "trust anchor");
}

/* The parent's answer that there is no DS: proven (insecure delegation), or not. @return
 * whether the DS set is decided by this server. */
static bool no_ds(dd__actx_t *c, int zi, int pi, size_t si, dd_msg_t *m, dd__dsset_t *out)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi], *p = &c->ev->zones[pi];
	const char *srv = p->servers[si].addr;
	bool parent_secure = c->an->zones[pi].status == DD_STATUS_SECURE;
	dd__rrview_t scratch;
	dd__denial_t d;
	dd__an_denial(c, m, &c->ks[pi][si], p->name, z->name, DD_TYPE_DS,
	              m->rcode == DD_RCODE_NXDOMAIN, &scratch, &d);
	if (!parent_secure || (!d.sig_failed && (d.proof == DD_PROOF_OK ||
	                                         d.proof == DD_PROOF_INSECURE))) {
		out->state = DD__DSS_ABSENT;
		out->server = srv;
		snprintf(out->reason, sizeof(out->reason), "the parent has no DS for it%s",
		         parent_secure ? " (proven)" : "");
		return true;
	}
	if (d.sig_failed) {
		dd__an_report(c, d.sigv, &c->ks[pi][si], p->name, srv, d.outs, &d.rv);
		if (d.rv.v == DD_SIGV_BUDGET) {
			return false;  /* not checked: this parent server tells nothing */
		}
	} else if (d.proof == DD_PROOF_BUDGET) {
		dd__an_finding(c, "WORK_LIMIT_EXCEEDED", DD_SEV_WARNING, p->name, z->name, DD_TYPE_DS,
		               srv, 0, 0, "the diagnosis had hashed %u names for NSEC3 proofs (its "
		               "budget against CVE-2023-50868) before the proof that the delegation has "
		               "no DS, which was not checked", c->vo.lim.nsec3_hashes);
		return false;
	} else if (out->state == DD__DSS_UNKNOWN && d.info.unmatched) {
		dd__an_missing_denial(c, p->name, srv, z->name, DD_TYPE_DS,
		                      m->rcode == DD_RCODE_NXDOMAIN, &d.info);
	} else if (out->state == DD__DSS_UNKNOWN) {
		dd__an_finding(c, "DENIAL_PROOF_INVALID", DD_SEV_ERROR, p->name, z->name, DD_TYPE_DS,
		               srv, 0, 0, "the answer that %s has no DS does not prove it: %s",
		               "the delegation", d.info.why);
	}
	if (out->state == DD__DSS_UNKNOWN) {
		out->state = DD__DSS_BOGUS;
		snprintf(out->reason, sizeof(out->reason), "the parent's proof that there is no DS does "
		         "not validate: %s", d.sig_failed ? "its NSEC/NSEC3 signatures fail" : d.info.why);
	}
	return false;
}

/* The DS the operator gave for the zone (diagnose --ds), as if the parent published them:
 * @return whether there are any. */
static bool given_dsset(dd__actx_t *c, const dd_zone_ev_t *z, const dd_zone_ev_t *p,
                        dd__dsset_t *out)
{
	for (size_t i = 0; i < c->ev->ngiven_ds; i++) {
		const dd_rr_t *g = &c->ev->given_ds[i];
		if (dd_name_equal(g->owner, z->name)) {
			ds_add(out, &g->rdata);
			out->ttl = g->ttl;
		}
	}
	if (out->n == 0) {
		return false;
	}
	char pn[1024];
	dd__name_text(p->name, pn, sizeof(pn));
	out->state = DD__DSS_PRESENT;
	out->source = DD_DS_SOURCE_GIVEN;
	snprintf(out->reason, sizeof(out->reason), "the DS given, as if %s published %s", pn,
	         out->n == 1 ? "it" : "them");
	return true;
}

/* A zone known only from the servers the operator named, which its parent @p p does not
 * delegate (@p m: its server's authoritative answer without DS): judged as a delegation without DS
 * would be, and said so. */
static void undelegated(const dd_zone_ev_t *p, const dd_msg_t *m, dd__dsset_t *out)
{
	char pn[1024];
	dd__name_text(p->name, pn, sizeof(pn));
	out->state = DD__DSS_ABSENT;
	out->source = DD_DS_SOURCE_UNDELEGATED;
	snprintf(out->reason, sizeof(out->reason), "%s does not delegate it (%s)", pn,
	         m->rcode == DD_RCODE_NXDOMAIN ? "NXDOMAIN: the name does not exist there"
	                                       : "no NS records there");
}

void dd__an_dsset(dd__actx_t *c, int zi, dd__dsset_t *out)
{
	memset(out, 0, sizeof(*out));
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	int pi = z->parent;
	if (dd__an_starts(c, z)) {
		anchor_dsset(c, z, out);
		return;
	}
	const dd_zone_ev_t *p = &c->ev->zones[pi];
	if (given_dsset(c, z, p, out)) {
		return;
	}
	bool parent_secure = c->an->zones[pi].status == DD_STATUS_SECURE;
	for (size_t si = 0; si < p->nservers; si++) {
		const char *srv = p->servers[si].addr;
		dd_msg_t *m = dd__an_msg(c, srv, z->name, DD_TYPE_DS);
		if (!dd__an_authoritative(m)) {
			continue;
		}
		dd__rrview_t v;
		size_t n = dd__an_rrview(m, DD_SECTION_ANSWER, z->name, DD_TYPE_DS, &v);
		if (n == 0 && !z->delegated) {
			undelegated(p, m, out);
			return;
		}
		if (n == 0) {
			/* no DS: the parent must prove it (RFC 4035 5.2) */
			if (no_ds(c, zi, pi, si, m, out)) {
				return;
			}
			continue;
		}
		if (parent_secure) {
			dd__sigout_t outs[DD__AN_MAXSIGS];
			dd__rrsetv_t rv;
			if (dd__an_check(c, &v, &c->ks[pi][si], p->name, NULL, outs, &rv) != DD_OK) {
				return;
			}
			dd__an_report(c, &v, &c->ks[pi][si], p->name, srv, outs, &rv);
			if (rv.v == DD_SIGV_BUDGET) {
				continue;  /* not verified: this parent server tells nothing */
			}
			if (rv.v != DD_SIGV_OK) {
				if (out->state == DD__DSS_UNKNOWN) {
					out->state = DD__DSS_BOGUS;
					snprintf(out->reason, sizeof(out->reason),
					         "the DS RRset at the parent does not validate");
				}
				continue;
			}
		}
		out->state = DD__DSS_PRESENT;
		out->ttl = v.set.ttl;
		out->server = srv;
		out->n = 0;
		for (size_t i = 0; i < n; i++) {
			ds_add(out, &v.rd[i]);
		}
		return;
	}
}
