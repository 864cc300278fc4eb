/* SPDX-License-Identifier: MIT
 * target_nsec.c - the NSEC/NSEC3 records at the target against what the servers answer: the
 * NSEC3 parameters in use against the NSEC3PARAM (RFC 5155 4, 7.2), and the type bitmap against
 * the types answered with data (RFC 4035 5.4, RFC 5155 8.5). */

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

/* NSEC3 parameters in use against the NSEC3PARAM the servers use to pick their chain. */
void dd__an_nsec3param_checks(dd__actx_t *c, int zi, size_t si, const uint8_t *nx)
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
void dd__an_bitmap_checks(dd__actx_t *c, int zi, size_t si)
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
