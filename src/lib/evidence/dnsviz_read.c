/* SPDX-License-Identifier: MIT
 * dnsviz_read.c - the DNSViz capture read: its names (entries) and, per name, every query and
 * server's response as a candidate exchange (base64 wire decoded); dnsviz.c then chooses and
 * converts them into evidence. */

#include <arpa/inet.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dd/error.h>
#include <dd/msg.h>
#include <dd/name.h>
#include <dd/rdata.h>
#include <dd/text.h>

#include "dns/b64.h"
#include "evidence/dnsviz_int.h"

void dd__dv_err(conv_t *c, const char *fmt, ...)
{
	if (!c->failed && c->err != NULL && c->errlen > 0) {
		int n = snprintf(c->err, c->errlen, "DNSViz: ");
		va_list ap;
		va_start(ap, fmt);
		if (n > 0 && (size_t)n < c->errlen) {
			vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
		}
		va_end(ap);
	}
	c->failed = true;
}

/* "2019-01-08 05:54:31 UTC" (DNSViz's fmt.datetime_to_str) in ms since the epoch; -1 if not. */
static int64_t parse_time(const char *s)
{
	struct tm tm = { 0 };
	char tz[4] = "";
	if (s == NULL || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d %3s", &tm.tm_year, &tm.tm_mon,
	                        &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tz) != 7 ||
	    strcmp(tz, "UTC") != 0 || tm.tm_year < 1970 || tm.tm_year > 9999 || tm.tm_mon < 1 ||
	    tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60) {
		return -1;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	return t < 0 ? -1 : (int64_t)t * 1000;
}

bool dd__dv_is_address(const char *a)
{
	unsigned char buf[16];
	return a != NULL && strlen(a) < 64 &&
	       (inet_pton(AF_INET, a, buf) == 1 || inet_pton(AF_INET6, a, buf) == 1);
}

int dd__dv_entry_find(const conv_t *c, const uint8_t *name)
{
	for (size_t i = 0; i < c->nents; i++) {
		if (dd_name_equal(c->ents[i].name, name)) {
			return (int)i;
		}
	}
	return -1;
}

/* A query's type: DNSViz writes the mnemonic ("DNSKEY", "TYPE65"); an integer is taken too. */
int dd__dv_qtype_of(json_t *v)
{
	if (json_is_integer(v)) {
		json_int_t t = json_integer_value(v);
		return t >= 0 && t <= 65535 ? (int)t : -1;
	}
	const char *s = json_string_value(v);
	return s != NULL ? dd_type_from_str(s) : -1;
}

/* The names of the capture: every key but the meta one, each an object with a good name,
 * parents resolved to entries. */
void dd__dv_read_entries(conv_t *c)
{
	size_t n = json_object_size(c->root);
	if (n > MAX_ENTRIES + 1) {
		dd__dv_err(c, "%zu names in one capture; at most %d are read", n - 1, MAX_ENTRIES);
		return;
	}
	c->ents = calloc(n ? n : 1, sizeof(*c->ents));
	if (c->ents == NULL) {
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(c->root, key, v) {
		if (strcmp(key, META_KEY) == 0) {
			continue;
		}
		entry_t *e = &c->ents[c->nents];
		uint8_t raw[DD_NAME_MAXLEN];
		if (!json_is_object(v) || dd_name_from_str(key, raw) < 0) {
			dd__dv_err(c, "'%.80s' is not a domain name with an object of its analysis", key);
			return;
		}
		dd_name_to_lower(e->name, raw);
		if (dd__dv_entry_find(c, e->name) >= 0) {
			dd__dv_err(c, "name '%.80s' is listed twice", key);
			return;
		}
		e->key = key;
		e->obj = v;
		e->zone = -1;
		json_t *st = json_object_get(v, "analysis_start");
		json_t *en = json_object_get(v, "analysis_end");
		e->start_ms = parse_time(json_string_value(st));
		e->end_ms = en != NULL ? parse_time(json_string_value(en)) : e->start_ms;
		if (e->start_ms < 0 || e->end_ms < 0) {
			dd__dv_err(c, "%.80s: bad or missing analysis_start or analysis_end", key);
			return;
		}
		if (!json_is_array(json_object_get(v, "queries"))) {
			dd__dv_err(c, "%.80s: bad or missing queries", key);
			return;
		}
		c->nents++;
	}
	for (size_t i = 0; i < c->nents; i++) {
		entry_t *e = &c->ents[i];
		json_t *p = json_object_get(e->obj, "parent");
		e->parent_entry = -1;
		if (p == NULL) {
			continue;
		}
		uint8_t pn[DD_NAME_MAXLEN], raw[DD_NAME_MAXLEN];
		if (!json_is_string(p) || dd_name_from_str(json_string_value(p), raw) < 0) {
			dd__dv_err(c, "%.80s: bad parent", e->key);
			return;
		}
		dd_name_to_lower(pn, raw);
		if (dd_name_equal(pn, e->name) || !dd_name_in_zone(e->name, pn)) {
			dd__dv_err(c, "%.80s: parent '%.80s' does not enclose it", e->key, json_string_value(p));
			return;
		}
		e->parent_entry = dd__dv_entry_find(c, pn);  /* -1: the parent was not probed */
	}
}

/* The candidate exchanges of one name entry: one per query and server (the first client
 * that got a message, else the first). */
int dd__dv_read_queries(conv_t *c, int ei)
{
	entry_t *e = &c->ents[ei];
	size_t qi;
	json_t *q;
	json_array_foreach(json_object_get(e->obj, "queries"), qi, q) {
		uint8_t raw[DD_NAME_MAXLEN];
		const char *qn = json_string_value(json_object_get(q, "qname"));
		const char *qc = json_string_value(json_object_get(q, "qclass"));
		int qt = dd__dv_qtype_of(json_object_get(q, "qtype"));
		json_t *opts = json_object_get(q, "options");
		json_t *resps = json_object_get(q, "responses");
		if (!json_is_object(q) || qn == NULL || dd_name_from_str(qn, raw) < 0 || qt < 0 ||
		    (qc != NULL && strcmp(qc, "IN") != 0) || !json_is_object(opts) ||
		    !json_is_object(resps)) {
			dd__dv_err(c, "%.80s: query %zu: bad or missing qname, qtype, qclass, options or "
			     "responses", e->key, qi);
			return DD_OK;
		}
		uint8_t lower[DD_NAME_MAXLEN];
		dd_name_to_lower(lower, raw);
		bool case_mixed = memcmp(lower, raw, dd_name_len(raw)) != 0;
		json_t *ev_j = json_object_get(opts, "edns_version");
		json_t *fl_j = json_object_get(opts, "edns_flags");
		json_t *pl_j = json_object_get(opts, "edns_max_udp_payload");
		json_t *tcp_j = json_object_get(opts, "tcp");
		if ((ev_j != NULL && !json_is_integer(ev_j)) || (fl_j != NULL && !json_is_integer(fl_j)) ||
		    (pl_j != NULL && !json_is_integer(pl_j)) || (tcp_j != NULL && !json_is_boolean(tcp_j))) {
			dd__dv_err(c, "%.80s: query %zu: bad options", e->key, qi);
			return DD_OK;
		}
		bool q_edns = ev_j != NULL && json_integer_value(ev_j) == 0;
		bool q_do = q_edns && (json_integer_value(fl_j) & 0x8000) != 0;
		json_int_t q_payload = json_integer_value(pl_j);
		bool q_big = q_payload >= 1232;
		const char *srv;
		json_t *clients;
		json_object_foreach(resps, srv, clients) {
			if (!dd__dv_is_address(srv) || !json_is_object(clients) || json_object_size(clients) == 0) {
				dd__dv_err(c, "%.80s: query %zu: bad server '%.64s' or its responses", e->key, qi,
				     srv);
				return DD_OK;
			}
			json_t *r = NULL, *cr;
			const char *cl;
			json_object_foreach(clients, cl, cr) {
				if (!json_is_object(cr)) {
					dd__dv_err(c, "%.80s: query %zu, server %s: a response is not an object",
					     e->key, qi, srv);
					return DD_OK;
				}
				if (r == NULL || (!json_is_string(json_object_get(r, "message")) &&
				                  json_is_string(json_object_get(cr, "message")))) {
					r = cr;
				}
			}
			if (c->ncands == MAX_CANDS) {
				dd__dv_err(c, "more than %d responses in one capture", MAX_CANDS);
				return DD_OK;
			}
			if (c->ncands == c->cap_cands) {
				size_t nc = c->cap_cands ? c->cap_cands * 2 : 256;
				cand_t *p = realloc(c->cands, nc * sizeof(*p));
				if (p == NULL) {
					return DD_ENOMEM;
				}
				c->cands = p;
				c->cap_cands = nc;
			}
			cand_t *k = &c->cands[c->ncands];
			memset(k, 0, sizeof(*k));
			k->seq = c->ncands;
			k->entry = ei;
			dd_exchange_t *x = &k->x;
			/* the options in effect for the response: DNSViz changes them on retries */
			bool edns = q_edns, dnssec_ok = q_do, big = q_big, tc = false;
			json_int_t payload = q_payload;
			snprintf(x->server, sizeof(x->server), "%s", srv);
			memcpy(x->qname, lower, dd_name_len(lower));
			x->qtype = (uint16_t)qt;
			x->sent_ms = e->start_ms;
			x->attempts = 1;
			x->transport = json_is_true(tcp_j) ? DD_XPORT_TCP : DD_XPORT_UDP;
			json_t *te = json_object_get(r, "time_elapsed");
			json_t *msg = json_object_get(r, "message");
			json_t *errj = json_object_get(r, "error");
			json_t *hist = json_object_get(r, "history");
			if ((te != NULL && !json_is_integer(te)) || (hist != NULL && !json_is_array(hist)) ||
			    (msg != NULL && !json_is_string(msg) && !json_is_null(msg)) ||
			    (errj != NULL && !json_is_string(errj) && !json_is_null(errj))) {
				dd__dv_err(c, "%.80s: query %zu, server %s: bad response fields", e->key, qi, srv);
				return DD_OK;
			}
			json_int_t ms = json_integer_value(te);
			x->rtt_ms = ms < 0 ? 0 : ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
			size_t hi;
			json_t *h;
			json_array_foreach(hist, hi, h) {
				const char *act = json_string_value(json_object_get(h, "action"));
				const char *cause = json_string_value(json_object_get(h, "cause"));
				if (!json_is_object(h) || act == NULL || cause == NULL) {
					dd__dv_err(c, "%.80s: query %zu, server %s: bad history", e->key, qi, srv);
					return DD_OK;
				}
				json_int_t arg = json_integer_value(json_object_get(h, "action_arg"));
				x->attempts = x->attempts < 255 ? x->attempts + 1 : 255;
				if (strcmp(act, "USE_TCP") == 0) {
					x->transport = DD_XPORT_TCP;
					x->udp_truncated = x->udp_truncated || strcmp(cause, "TC") == 0;
				} else if (strcmp(act, "DISABLE_EDNS") == 0) {
					x->edns_fallback = true;
					edns = dnssec_ok = false;
				} else if (strcmp(act, "CLEAR_EDNS_FLAG") == 0 && (arg & 0x8000)) {
					dnssec_ok = false;
				} else if (strcmp(act, "CHANGE_UDP_MAX_PAYLOAD") == 0) {
					big = arg >= 1232;
					payload = arg;
				}
			}
			/* what the answered query offered (RFC 6891 6.2.3): 512 without OPT */
			x->udp_payload = !edns || payload < 512 ? 512
			                 : payload > 65535 ? 65535 : (uint16_t)payload;
			const char *m = json_string_value(msg);
			if (m != NULL && q_do && !dnssec_ok) {
				/* DNSViz got an answer only after clearing DO or disabling EDNS: the
				 * query a validator sends (DO set) got none; the downgraded answer
				 * cannot carry DNSSEC records and is not the evidence for them */
				x->error = DD_QERR_TIMEOUT;
				x->edns_fallback = false;
			} else if (m != NULL && !json_is_string(errj)) {
				size_t wl = 0;
				dd_msg_t *pm = NULL;
				if (dd__b64_decode(m, &x->wire, &wl) != 0 || wl > 65535 ||
				    dd_msg_parse(x->wire, wl, &pm) != DD_OK) {
					free(x->wire);
					x->wire = NULL;
					x->error = DD_QERR_MALFORMED;  /* kept: the server sent something */
				} else {
					x->wire_len = (uint16_t)wl;
					tc = (pm->flags & DD_FLAG_TC) != 0;
				}
				dd_msg_free(pm);
			} else {
				const char *en = json_string_value(errj);
				x->error = en == NULL ? DD_QERR_NETWORK
				           : strcmp(en, "TIMEOUT") == 0 ? DD_QERR_TIMEOUT
				           : strcmp(en, "FORMERR") == 0 ? DD_QERR_MALFORMED
				           : DD_QERR_NETWORK;
			}
			/* a whole answer first, then a failure, then an answer truncated over UDP
			 * that DNSViz did not ask again over TCP (incomplete: not what a validator
			 * would use); then DO, the name as given, EDNS, a large buffer */
			k->score = (x->wire != NULL && !tc) * 64 + (x->wire == NULL) * 32 + dnssec_ok * 8 +
			           !case_mixed * 4 + edns * 2 + big;
			c->ncands++;
		}
	}
	return DD_OK;
}
