/* SPDX-License-Identifier: MIT
 * summary.c - what one server served for one RRset, read from the evidence for watching it
 * over time (monitor): whether the RRset came, its records, and when its signatures end
 * (RFC 4034 3.1.5 times read near the analysis time, RFC 1982); and when the signatures of a
 * denial proof end. The monitor keeps no DNS parsing of its own. */

#include <stdlib.h>
#include <string.h>

#include "dd/analysis.h"
#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "validate/validate.h"

/* The latest (@p earliest false) or earliest expiration of the RRSIGs in @p sec of @p m
 * covering @p type, at @p owner (NULL: any owner); 0 when none. */
static int64_t expiry(const dd_msg_t *m, dd_section_t sec, const uint8_t *owner, uint16_t type,
                      int64_t at, bool earliest)
{
	int64_t best = 0;
	for (size_t i = 0; i < m->count[sec]; i++) {
		const dd_rr_t *rr = &m->rr[sec][i];
		dd_rrsig_t s;
		if (rr->type != DD_TYPE_RRSIG || dd_rrsig_parse(rr->rdata.data, rr->rdata.len, &s) != DD_OK ||
		    s.type_covered != type || (owner != NULL && !dd_name_equal(rr->owner, owner))) {
			continue;
		}
		int64_t e = dd__time_near(s.expiration, at);
		if (best == 0 || (earliest ? e < best : e > best)) {
			best = e;
		}
	}
	return best;
}

int dd_rrset_seen(const dd_evidence_t *ev, const char *server, const uint8_t *owner,
                  uint16_t type, int64_t at, dd_rrset_seen_t *out)
{
	if (out == NULL) {
		return DD_EINVAL;
	}
	memset(out, 0, sizeof(*out));
	if (ev == NULL || server == NULL || owner == NULL ||
	    dd_name_check(owner, DD_NAME_MAXLEN) < 0) {
		return DD_EINVAL;
	}
	dd_msg_t *m = dd_msg_of(dd_evidence_find(ev, server, owner, type));
	if (m == NULL) {
		return DD_OK;  /* not asked, or no answer */
	}
	size_t n = 0, octets = 0;
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		if (rr->type == type && dd_name_equal(rr->owner, owner)) {
			n++;
			octets += rr->rdata.len;
		}
	}
	int ret = DD_OK;
	if (n > 0) {
		out->rdata = calloc(n, sizeof(*out->rdata));
		out->buf = malloc(octets ? octets : 1);
		if (out->rdata == NULL || out->buf == NULL) {
			ret = DD_ENOMEM;
		}
	}
	size_t used = 0;
	for (size_t i = 0; ret == DD_OK && i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		if (rr->type != type || !dd_name_equal(rr->owner, owner)) {
			continue;
		}
		if (rr->ttl > out->ttl) {
			out->ttl = rr->ttl;
		}
		memcpy(out->buf + used, rr->rdata.data, rr->rdata.len);
		out->rdata[out->n++] = (dd_rdata_t){ .data = out->buf + used, .len = rr->rdata.len };
		used += rr->rdata.len;
	}
	for (size_t i = 0; ret == DD_OK && n > 0 && i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		dd_rrsig_t sg;
		if (rr->type != DD_TYPE_RRSIG || !dd_name_equal(rr->owner, owner) ||
		    dd_rrsig_parse(rr->rdata.data, rr->rdata.len, &sg) != DD_OK || sg.type_covered != type) {
			continue;
		}
		uint32_t k = (uint32_t)sg.key_tag << 8 | sg.algorithm;
		bool have = false;
		for (size_t j = 0; j < out->nsigners && !have; j++) {
			have = out->signers[j] == k;
		}
		if (!have && out->nsigners < DD_SEEN_SIGNERS) {
			out->signers[out->nsigners++] = k;
		}
	}
	if (ret == DD_OK) {
		out->answered = true;
		out->present = n > 0;
		out->expires = n > 0 ? expiry(m, DD_SECTION_ANSWER, owner, type, at, false) : 0;
	} else {
		dd_rrset_seen_free(out);
	}
	dd_msg_free(m);
	return ret;
}

void dd_rrset_seen_free(dd_rrset_seen_t *s)
{
	if (s != NULL) {
		free(s->rdata);
		free(s->buf);
		memset(s, 0, sizeof(*s));
	}
}

int64_t dd_denial_expiry(const dd_evidence_t *ev, const char *server, const uint8_t *name,
                         uint16_t type, int64_t at)
{
	if (ev == NULL || server == NULL || name == NULL || dd_name_check(name, DD_NAME_MAXLEN) < 0) {
		return 0;
	}
	dd_msg_t *m = dd_msg_of(dd_evidence_find(ev, server, name, DD_TYPE_A));
	if (m == NULL) {
		return 0;
	}
	int64_t e = expiry(m, DD_SECTION_AUTHORITY, NULL, type, at, true);
	dd_msg_free(m);
	return e;
}
