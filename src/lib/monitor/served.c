/* SPDX-License-Identifier: MIT
 * served.c - what each server of a watched zone serves, as the monitor keeps it: the DNSKEY
 * and CDS records as text (deduplicated, with a per-server signature of the set for comparing
 * servers) and each watched RRset's signature expiry, read through the analysis layer
 * (dd_rrset_seen(), dd_denial_expiry()); no DNS wire here. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/b64.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "monitor/served.h"

/* ---- records as text ---------------------------------------------------------------------- */

static void key_text(const dd_rdata_t *rd, dd_mon_record_t *out)
{
	dd_dnskey_t k;
	out->text[0] = '\0';
	out->key_tag = dd_keytag(rd->data, rd->len);
	if (dd_dnskey_parse(rd->data, rd->len, &k) != DD_OK) {
		snprintf(out->text, sizeof(out->text), "\\# %u (malformed)", rd->len);
		return;
	}
	char *b64 = dd__b64_encode(k.pubkey, k.pubkey_len);
	snprintf(out->text, sizeof(out->text), "%u %u %u %s", k.flags, k.protocol, k.algorithm,
	         b64 ? b64 : "");
	free(b64);
}

static void ds_text(const uint8_t *rdata, size_t len, dd_mon_record_t *out)
{
	dd_ds_t d;
	out->text[0] = '\0';
	out->key_tag = 0;
	if (dd_ds_parse(rdata, len, &d) != DD_OK) {
		snprintf(out->text, sizeof(out->text), "\\# %zu (malformed)", len);
		return;
	}
	char hex[2 * 255 + 1];
	size_t dl = d.digest_len > 255 ? 255 : d.digest_len;
	dd_hex_encode(d.digest, dl, hex, true);
	out->key_tag = d.key_tag;
	snprintf(out->text, sizeof(out->text), "%u %u %u %s", d.key_tag, d.algorithm, d.digest_type,
	         hex);
}

bool dd__mon_rec_has(const dd_mon_record_t *r, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(r[i].text, text) == 0) {
			return true;
		}
	}
	return false;
}

/* Append the records @p seen holds (of type @p type); dedupe by text. */
int dd__mon_collect(dd_mon_record_t **arr, size_t *n, const dd_rrset_seen_t *seen, uint16_t type,
                   char *sig, size_t siglen)
{
	size_t off = 0;
	sig[0] = '\0';
	for (size_t i = 0; i < seen->n; i++) {
		dd_mon_record_t rec;
		if (type == DD_TYPE_DNSKEY || type == DD_TYPE_CDNSKEY) {
			key_text(&seen->rdata[i], &rec);
		} else {
			ds_text(seen->rdata[i].data, seen->rdata[i].len, &rec);
		}
		/* a signature of the whole set, for comparing servers: the texts joined */
		if (off < siglen) {
			off += (size_t)snprintf(sig + off, siglen - off, "%s|", rec.text);
		}
		if (dd__mon_rec_has(*arr, *n, rec.text) || *n >= MAX_RECORDS) {
			continue;
		}
		dd_mon_record_t *na = realloc(*arr, (*n + 1) * sizeof(*na));
		if (na == NULL) {
			return DD_ENOMEM;
		}
		*arr = na;
		na[(*n)++] = rec;
	}
	return DD_OK;
}

/* ---- signatures per RRset and server ------------------------------------------------------ */

static int add_rrset(dd_mon_server_t *s, const uint8_t *owner, uint16_t type, int64_t expires)
{
	dd_mon_rrset_t *n = realloc(s->rrsets, (s->nrrsets + 1) * sizeof(*n));
	if (n == NULL) {
		return DD_ENOMEM;
	}
	s->rrsets = n;
	dd_mon_rrset_t *r = &n[s->nrrsets++];
	memset(r, 0, sizeof(*r));
	memcpy(r->owner, owner, dd_name_len(owner));
	r->type = type;
	r->expires = expires;
	if (expires > 0 && (s->earliest == 0 || expires < s->earliest)) {
		s->earliest = expires;
	}
	return DD_OK;
}

static const uint16_t APEX_TYPES[] = { DD_TYPE_SOA, DD_TYPE_NS, DD_TYPE_DNSKEY, DD_TYPE_CDS,
	                               DD_TYPE_CDNSKEY, DD_TYPE_NSEC3PARAM };

/* The keys that sign one RRset, into r->signers ("dnskey TAG ALG" or "data TAG ALG"), each
 * once; and its TTL into the result's. */
static int note_signers(dd_mon_result_t *r, const dd_rrset_seen_t *seen, uint16_t type)
{
	bool key = type == DD_TYPE_DNSKEY;
	if (key && seen->ttl > r->ttl_dnskey) {
		r->ttl_dnskey = seen->ttl;
	} else if (!key && type != DD_TYPE_CDS && type != DD_TYPE_CDNSKEY && seen->ttl > r->ttl_data) {
		r->ttl_data = seen->ttl;
	}
	for (size_t i = 0; i < seen->nsigners; i++) {
		dd_mon_record_t rec;
		rec.key_tag = (uint16_t)(seen->signers[i] >> 8);
		snprintf(rec.text, sizeof(rec.text), "%s %u %u", key ? "dnskey" : "data", rec.key_tag,
		         seen->signers[i] & 0xff);
		if (dd__mon_rec_has(r->signers, r->nsigners, rec.text) || r->nsigners >= MAX_RECORDS) {
			continue;
		}
		dd_mon_record_t *n = realloc(r->signers, (r->nsigners + 1) * sizeof(*n));
		if (n == NULL) {
			return DD_ENOMEM;
		}
		r->signers = n;
		n[r->nsigners++] = rec;
	}
	return DD_OK;
}

/* Watched RRsets of one server: the apex types, the extra items, the nonexistent-name denial. */
int dd__mon_server_rrsets(dd_mon_server_t *s, const dd_mon_zone_t *zone, const dd_evidence_t *ev,
                         int64_t at, dd_mon_result_t *r)
{
	size_t napex = sizeof(APEX_TYPES) / sizeof(APEX_TYPES[0]);
	for (size_t i = 0; i < napex + zone->nextra; i++) {
		const uint8_t *owner = i < napex ? zone->name : zone->extra[i - napex].name;
		uint16_t type = i < napex ? APEX_TYPES[i] : zone->extra[i - napex].type;
		dd_rrset_seen_t seen;
		int ret = dd_rrset_seen(ev, s->addr, owner, type, at, &seen);
		if (ret == DD_OK && seen.present) {
			ret = add_rrset(s, owner, type, seen.expires);
		}
		if (ret == DD_OK && seen.present) {
			ret = note_signers(r, &seen, type);
		}
		dd_rrset_seen_free(&seen);
		if (ret != DD_OK) {
			return ret;
		}
	}
	/* the denial of the nonexistent-name probe: its NSEC or NSEC3 signatures */
	if (dd_name_in_zone(ev->nx_name, zone->name)) {
		for (int t = 0; t < 2; t++) {
			uint16_t type = t == 0 ? DD_TYPE_NSEC : DD_TYPE_NSEC3;
			int64_t e = dd_denial_expiry(ev, s->addr, ev->nx_name, type, at);
			if (e > 0 && add_rrset(s, ev->nx_name, type, e) != DD_OK) {
				return DD_ENOMEM;
			}
		}
	}
	return DD_OK;
}
