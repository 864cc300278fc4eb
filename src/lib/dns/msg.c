/* SPDX-License-Identifier: MIT
 * msg.c - DNS message parsing (libknot's packet parser, copied into owned plain views) and
 * query building (RFC 1035 4, RFC 6891, RFC 3225). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libknot/libknot.h>

#include "dd/error.h"
#include "dd/evidence.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"

/* One allocation holds every owner name and RDATA of a message. */
typedef struct msg_storage {
	uint8_t *names;
	uint8_t *rdata;
} msg_storage_t;

static uint16_t header_flags(const uint8_t *w)
{
	uint16_t f = 0;
	f |= knot_wire_get_qr(w) ? DD_FLAG_QR : 0;
	f |= knot_wire_get_aa(w) ? DD_FLAG_AA : 0;
	f |= knot_wire_get_tc(w) ? DD_FLAG_TC : 0;
	f |= knot_wire_get_rd(w) ? DD_FLAG_RD : 0;
	f |= knot_wire_get_ra(w) ? DD_FLAG_RA : 0;
	f |= knot_wire_get_ad(w) ? DD_FLAG_AD : 0;
	f |= knot_wire_get_cd(w) ? DD_FLAG_CD : 0;
	return f;
}

int dd_msg_parse(const uint8_t *wire, size_t len, dd_msg_t **out)
{
	if (wire == NULL || out == NULL) {
		return DD_EINVAL;
	}
	if (len < KNOT_WIRE_HEADER_SIZE || len > 65535) {
		return DD_EMALFORMED;
	}
	/* libknot parses in place and may rewrite; give it a private copy */
	uint8_t *copy = malloc(len);
	if (copy == NULL) {
		return DD_ENOMEM;
	}
	memcpy(copy, wire, len);
	knot_pkt_t *pkt = knot_pkt_new(copy, (uint16_t)len, NULL);
	if (pkt == NULL) {
		free(copy);
		return DD_ENOMEM;
	}
	int ret = DD_EMALFORMED;
	dd_msg_t *m = NULL;
	msg_storage_t *st = NULL;
	int pr = knot_pkt_parse(pkt, KNOT_PF_NOCANON);
	if (pr != KNOT_EOK && pr != KNOT_ETRAIL) {
		goto out;
	}
	ret = DD_ENOMEM;
	m = calloc(1, sizeof(*m));
	st = calloc(1, sizeof(*st));
	if (m == NULL || st == NULL) {
		goto out;
	}
	m->storage = st;
	m->wire_len = len;
	m->id = knot_wire_get_id(pkt->wire);
	m->flags = header_flags(pkt->wire);
	m->rcode = knot_wire_get_rcode(pkt->wire);
	m->ede_code = 0xFFFF;
	if (knot_wire_get_qdcount(pkt->wire) > 0 && pkt->qname_size > 0) {
		m->has_question = true;
		memcpy(m->qname, knot_pkt_qname(pkt), pkt->qname_size);
		m->qtype = knot_pkt_qtype(pkt);
		m->qclass = knot_pkt_qclass(pkt);
	}
	if (pkt->opt_rr != NULL) {
		m->edns = true;
		m->edns_do = knot_edns_do(pkt->opt_rr);
		m->edns_payload = knot_edns_get_payload(pkt->opt_rr);
		m->rcode = knot_edns_whole_rcode(knot_edns_get_ext_rcode(pkt->opt_rr),
		                                 knot_wire_get_rcode(pkt->wire));
		uint8_t *ede = knot_edns_get_option(pkt->opt_rr, KNOT_EDNS_OPTION_EDE, NULL);
		if (ede != NULL && knot_edns_opt_get_length(ede) >= 2) {
			const uint8_t *d = knot_edns_opt_get_data(ede);
			m->ede_code = (uint16_t)(d[0] << 8 | d[1]);
		}
	}

	/* sizes first, then copy every record out of libknot's structures */
	size_t name_total = 0, rdata_total = 0, rr_total = 0;
	for (int s = 0; s < 3; s++) {
		const knot_pktsection_t *sec = knot_pkt_section(pkt, KNOT_ANSWER + s);
		for (uint16_t i = 0; i < sec->count; i++) {
			const knot_rrset_t *rr = knot_pkt_rr(sec, i);
			if (rr->type == KNOT_RRTYPE_OPT || rr->type == KNOT_RRTYPE_TSIG) {
				continue;
			}
			knot_rdata_t *rd = rr->rrs.rdata;
			for (uint16_t j = 0; j < rr->rrs.count; j++) {
				name_total += knot_dname_size(rr->owner);
				rdata_total += rd->len;
				rr_total++;
				rd = knot_rdataset_next(rd);
			}
		}
	}
	st->names = malloc(name_total ? name_total : 1);
	st->rdata = malloc(rdata_total ? rdata_total : 1);
	dd_rr_t *rrs = calloc(rr_total ? rr_total : 1, sizeof(*rrs));
	if (st->names == NULL || st->rdata == NULL || rrs == NULL) {
		free(rrs);
		goto out;
	}
	size_t np = 0, rp = 0, k = 0;
	for (int s = 0; s < 3; s++) {
		const knot_pktsection_t *sec = knot_pkt_section(pkt, KNOT_ANSWER + s);
		m->rr[s] = rrs + k;
		for (uint16_t i = 0; i < sec->count; i++) {
			const knot_rrset_t *rr = knot_pkt_rr(sec, i);
			if (rr->type == KNOT_RRTYPE_OPT || rr->type == KNOT_RRTYPE_TSIG) {
				continue;
			}
			knot_rdata_t *rd = rr->rrs.rdata;
			for (uint16_t j = 0; j < rr->rrs.count; j++) {
				size_t nl = knot_dname_size(rr->owner);
				memcpy(st->names + np, rr->owner, nl);
				if (rd->len > 0) {
					memcpy(st->rdata + rp, rd->data, rd->len);
				}
				rrs[k] = (dd_rr_t){
					.owner = st->names + np,
					.type = rr->type,
					.rclass = rr->rclass,
					.ttl = rr->ttl,
					.rdata = { .data = st->rdata + rp, .len = rd->len },
				};
				np += nl;
				rp += rd->len;
				k++;
				m->count[s]++;
				rd = knot_rdataset_next(rd);
			}
		}
	}
	ret = DD_OK;
out:
	knot_pkt_free(pkt);
	free(copy);
	if (ret != DD_OK) {
		dd_msg_free(m);
		if (m == NULL && st != NULL) {
			free(st->names);
			free(st->rdata);
			free(st);
		}
		return ret;
	}
	*out = m;
	return DD_OK;
}

void dd_msg_free(dd_msg_t *msg)
{
	if (msg == NULL) {
		return;
	}
	msg_storage_t *st = msg->storage;
	if (st != NULL) {
		free(st->names);
		free(st->rdata);
		free(st);
	}
	free(msg->rr[0]);
	free(msg);
}

int dd_msg_query(const uint8_t *qname, uint16_t qtype, uint16_t id, bool edns, bool cd,
                 uint8_t *out, size_t outlen, size_t *out_len)
{
	if (qname == NULL || out == NULL || out_len == NULL ||
	    dd_name_check(qname, DD_NAME_MAXLEN) < 0) {
		return DD_EINVAL;
	}
	if (outlen < 512) {
		return DD_ERANGE;
	}
	knot_pkt_t *pkt = knot_pkt_new(out, (uint16_t)(outlen > 65535 ? 65535 : outlen), NULL);
	if (pkt == NULL) {
		return DD_ENOMEM;
	}
	int ret = DD_EINVAL;
	knot_wire_set_id(pkt->wire, id);
	knot_wire_clear_rd(pkt->wire);
	if (cd) {
		knot_wire_set_cd(pkt->wire);
	}
	if (knot_pkt_put_question(pkt, qname, KNOT_CLASS_IN, qtype) != KNOT_EOK) {
		goto out;
	}
	if (edns) {
		knot_rrset_t opt;
		if (knot_edns_init(&opt, DD_EDNS_PAYLOAD, 0, 0, NULL) != KNOT_EOK) {
			ret = DD_ENOMEM;
			goto out;
		}
		knot_edns_set_do(&opt);
		int r = knot_pkt_begin(pkt, KNOT_ADDITIONAL);
		if (r == KNOT_EOK) {
			r = knot_pkt_put(pkt, KNOT_COMPR_HINT_NONE, &opt, KNOT_PF_FREE);
		}
		if (r != KNOT_EOK) {
			knot_rrset_clear(&opt, NULL);
			ret = DD_ERANGE;
			goto out;
		}
	}
	*out_len = pkt->size;
	ret = DD_OK;
out:
	knot_pkt_free(pkt);
	return ret;
}

size_t dd_msg_rrset(const dd_msg_t *msg, dd_section_t sec, const uint8_t *owner, uint16_t type,
                    dd_rrset_t *set, dd_rdata_t *rd, size_t cap)
{
	size_t n = 0;
	*set = (dd_rrset_t){ .owner = owner, .type = type, .rclass = 1, .rdata = rd };
	for (size_t i = 0; i < msg->count[sec]; i++) {
		const dd_rr_t *r = &msg->rr[sec][i];
		if (r->type != type || !dd_name_equal(r->owner, owner)) {
			continue;
		}
		if (n == 0 || r->ttl < set->ttl) {
			set->ttl = r->ttl;
		}
		if (n == 0) {
			set->owner = r->owner;
			set->rclass = r->rclass;
		}
		if (n < cap) {
			rd[n++] = r->rdata;
		}
	}
	set->count = n;
	return n;
}

size_t dd_msg_rrsigs(const dd_msg_t *msg, dd_section_t sec, const uint8_t *owner,
                     uint16_t covered, dd_rdata_t *rd, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < msg->count[sec] && n < cap; i++) {
		const dd_rr_t *r = &msg->rr[sec][i];
		if (r->type != DD_TYPE_RRSIG || r->rdata.len < 2 || !dd_name_equal(r->owner, owner)) {
			continue;
		}
		if ((uint16_t)(r->rdata.data[0] << 8 | r->rdata.data[1]) == covered) {
			rd[n++] = r->rdata;
		}
	}
	return n;
}

size_t dd_msg_count(const dd_msg_t *msg, dd_section_t sec, const uint8_t *owner, uint16_t type,
                    uint16_t covered)
{
	size_t n = 0;
	for (size_t i = 0; msg != NULL && i < msg->count[sec]; i++) {
		const dd_rr_t *r = &msg->rr[sec][i];
		if (r->type != type || !dd_name_equal(r->owner, owner)) {
			continue;
		}
		if (type != DD_TYPE_RRSIG ||
		    (r->rdata.len >= 2 && (uint16_t)(r->rdata.data[0] << 8 | r->rdata.data[1]) == covered)) {
			n++;
		}
	}
	return n;
}

const uint8_t *dd_msg_cname_end(const dd_msg_t *msg, const uint8_t *name)
{
	const uint8_t *cur = name;
	for (int hop = 0; msg != NULL && hop < 16; hop++) {
		const uint8_t *next = NULL;
		for (size_t i = 0; i < msg->count[DD_SECTION_ANSWER] && next == NULL; i++) {
			const dd_rr_t *rr = &msg->rr[DD_SECTION_ANSWER][i];
			if (rr->type == DD_TYPE_CNAME && dd_name_equal(rr->owner, cur) &&
			    dd_name_check(rr->rdata.data, rr->rdata.len) > 0) {
				next = rr->rdata.data;
			}
		}
		if (next == NULL) {
			break;
		}
		cur = next;
	}
	return cur;
}

bool dd_msg_cname_loops(const dd_msg_t *msg, const uint8_t *name)
{
	const uint8_t *seen[17];
	size_t n = 0;
	seen[n++] = name;
	for (int hop = 0; msg != NULL && hop < 16; hop++) {
		const uint8_t *next = NULL;
		for (size_t i = 0; i < msg->count[DD_SECTION_ANSWER] && next == NULL; i++) {
			const dd_rr_t *rr = &msg->rr[DD_SECTION_ANSWER][i];
			if (rr->type == DD_TYPE_CNAME && dd_name_equal(rr->owner, seen[n - 1]) &&
			    dd_name_check(rr->rdata.data, rr->rdata.len) > 0) {
				next = rr->rdata.data;
			}
		}
		if (next == NULL) {
			return false;
		}
		for (size_t k = 0; k < n; k++) {
			if (dd_name_equal(seen[k], next)) {
				return true;
			}
		}
		seen[n++] = next;
	}
	return false;
}

const char *dd_rcode_name(uint16_t rcode, char buf[16])
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
		                             "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
		                             "NXRRSET", "NOTAUTH", "NOTZONE" };
	if (rcode < sizeof(names) / sizeof(names[0])) {
		return names[rcode];
	}
	if (rcode == DD_RCODE_BADVERS) {
		return "BADVERS";
	}
	snprintf(buf, 16, "RCODE%u", rcode);
	return buf;
}

dd_msg_t *dd_msg_of(const dd_exchange_t *x)
{
	dd_msg_t *m = NULL;
	if (x == NULL || x->error != DD_QERR_NONE || x->wire == NULL ||
	    dd_msg_parse(x->wire, x->wire_len, &m) != DD_OK) {
		return NULL;
	}
	return m;
}
