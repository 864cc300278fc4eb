/* SPDX-License-Identifier: MIT
 * multi.c - multi-signer consistency (RFC 8901 2.1): every DNSKEY RRset one server serves
 * against the signed RRsets of every other, judged by the validation core; a combination that
 * fails while each server validates on its own is MULTI_SIGNER_INCONSISTENT. Split from
 * trust.c, which calls it once each server's own trust is known. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/actx.h"
#include "core/fmt.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/text.h"
#include "dns/name_text.h"

/* The key tags of @p ks as text ("12345, 23456"). */
static void tags_text(const dd__keyset_t *ks, char *out, size_t len)
{
	size_t w = 0;
	out[0] = '\0';
	for (size_t k = 0; k < ks->n && w < len; k++) {
		int r = snprintf(out + w, len - w, "%s%u", k ? ", " : "", ks->keys[k].tag);
		w += r > 0 ? (size_t)r : 0;
	}
}

/* The first RRSIG key tag of @p v that names no key of @p ks, or -1. */
static int unknown_tag(const dd__rrview_t *v, const dd__keyset_t *ks)
{
	for (size_t i = 0; i < v->nsigs; i++) {
		if (v->sigs[i].len < 18) {
			continue;
		}
		uint16_t tag = (uint16_t)(v->sigs[i].data[16] << 8 | v->sigs[i].data[17]);
		bool known = false;
		for (size_t k = 0; k < ks->n && !known; k++) {
			known = ks->keys[k].tag == tag;
		}
		if (!known) {
			return tag;
		}
	}
	return -1;
}

/*
 * Every combination a resolver can assemble across the zone's servers (RFC 8901 2.1): the
 * DNSKEY RRset from server A (each one already validated from the DS on its own) with an apex
 * RRset, or the queried RRset when it is in this zone, and its RRSIGs from server B. The
 * validation core judges each; a combination that fails while each server is consistent on
 * its own is MULTI_SIGNER_INCONSISTENT, one finding per pair, with the share of combinations.
 */
void dd__an_multi_signer(dd__actx_t *c, int zi)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	dd_zone_result_t *zr = &c->an->zones[zi];
	if (z->nservers < 2) {
		return;
	}
	/* the queried name belongs to this zone when no deeper zone of the chain holds it */
	bool target = dd_name_in_zone(c->ev->target, z->name);
	for (size_t j = 0; j < c->ev->nzones && target; j++) {
		target = !(dd_name_labels(c->ev->zones[j].name) > dd_name_labels(z->name) &&
		           dd_name_in_zone(c->ev->target, c->ev->zones[j].name));
	}
	const struct {
		const uint8_t *owner;
		uint16_t type;
	} sets[] = { { z->name, DD_TYPE_SOA }, { z->name, DD_TYPE_NS },
		     { c->ev->target, c->ev->qtype } };
	size_t nsets = target && !(dd_name_equal(c->ev->target, z->name) &&
	                           (c->ev->qtype == DD_TYPE_SOA || c->ev->qtype == DD_TYPE_NS))
	               ? 3 : 2;
	size_t ns = z->nservers;
	/* per pair (A keys, B data): which RRset failed first, and the key B's RRSIG names */
	int *bad_type = calloc(ns * ns, sizeof(int));
	int *bad_tag = calloc(ns * ns, sizeof(int));
	dd__rrview_t *v = malloc(sizeof(*v));
	if (bad_type == NULL || bad_tag == NULL || v == NULL) {
		c->err = DD_ENOMEM;
		goto out;
	}
	size_t total = 0, failed = 0;
	for (size_t t = 0; t < nsets; t++) {
		for (size_t b = 0; b < ns; b++) {
			if (!zr->servers[b].answered) {
				continue;
			}
			dd_msg_t *m = dd__an_msg(c, z->servers[b].addr, sets[t].owner, sets[t].type);
			if (!dd__an_authoritative(m) ||
			    dd__an_rrview(m, DD_SECTION_ANSWER, sets[t].owner, sets[t].type, v) == 0 ||
			    v->nsigs == 0) {
				continue;
			}
			/* B's RRset must validate with B's own keys: a server's own failures are
			 * reported as such, not as a mix of servers */
			bool own_ok = false;
			if (c->ks[zi][b].validated) {
				dd__sigout_t outs[DD__AN_MAXSIGS];
				dd__rrsetv_t rv;
				if (dd__an_check(c, v, &c->ks[zi][b], z->name, NULL, outs, &rv) != DD_OK) {
					goto out;
				}
				own_ok = rv.v == DD_SIGV_OK;
			}
			if (!own_ok) {
				continue;
			}
			for (size_t a = 0; a < ns; a++) {
				const dd__keyset_t *ks = &c->ks[zi][a];
				if (!zr->servers[a].answered || !ks->validated) {
					continue;
				}
				dd__sigout_t outs[DD__AN_MAXSIGS];
				dd__rrsetv_t rv;
				if (dd__an_check(c, v, ks, z->name, NULL, outs, &rv) != DD_OK) {
					goto out;
				}
				if (rv.v == DD_SIGV_BUDGET) {
					continue;  /* not verified: tells nothing */
				}
				total++;
				if (rv.v == DD_SIGV_OK) {
					continue;
				}
				failed++;
				if (bad_type[a * ns + b] == 0) {
					bad_type[a * ns + b] = sets[t].type;
					bad_tag[a * ns + b] = unknown_tag(v, ks);
				}
			}
		}
	}
	char zn[1024];
	dd__name_text(z->name, zn, sizeof(zn));
	for (size_t a = 0; a < ns && failed > 0; a++) {
		for (size_t b = 0; b < ns; b++) {
			int type = bad_type[a * ns + b];
			if (type == 0) {
				continue;
			}
			char tb[24], keys[400], why[200] = "";
			dd__type_text((uint16_t)type, tb);
			tags_text(&c->ks[zi][a], keys, sizeof(keys));
			int tag = bad_tag[a * ns + b];
			if (tag >= 0) {
				snprintf(why, sizeof(why), ": %s signs with key tag %d, which is not in the "
				         "DNSKEY RRset %s serves (key tags %s)", z->servers[b].addr, tag,
				         z->servers[a].addr, keys);
			}
			dd__an_finding(c, "MULTI_SIGNER_INCONSISTENT", DD_SEV_ERROR, z->name, z->name,
			               (uint16_t)type, z->servers[a].addr, tag >= 0 ? (uint16_t)tag : 0,
			               0, "each server of %s validates on its own, but a resolver that "
			               "takes the DNSKEY RRset from %s and the %s RRset from %s fails%s. "
			               "%zu of the %zu combinations of DNSKEY RRset and signed RRset across "
			               "the servers fail (%zu%%): resolvers meet it intermittently", zn,
			               z->servers[a].addr, tb, z->servers[b].addr, why, failed, total,
			               (failed * 100 + total / 2) / total);
		}
	}
out:
	free(bad_type);
	free(bad_tag);
	free(v);
}
