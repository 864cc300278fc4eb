/* SPDX-License-Identifier: MIT
 * health.c - delegation health before any DNSSEC blame (the seeds' rule): does each listed
 * server answer, authoritatively, with EDNS and over TCP, with messages that parse; and when
 * the servers of one zone disagree, is it an unsigned copy (split signing) or an old one (a
 * stale secondary); do the parent's delegation and the zone's apex NS RRset name the same
 * servers. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/actx.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dns/name_text.h"

/* Exchanges with one server about one zone, counted by what went wrong. */
typedef struct tally {
	size_t total, failed, edns, tcp, invalid, oversize, largest;
	unsigned offered;  /* octets the query answered by the largest of them offered */
	unsigned tries, tried_ms;  /* the most attempts, and the longest time, of a failed one */
	const dd_exchange_t *last_fail, *last_invalid;
} tally_t;

/* The UDP payload size the exchange's query offered, octets; evidence built without the
 * field (0) came from our probe's query. */
static unsigned offered(const dd_exchange_t *x)
{
	return x->udp_payload != 0 ? x->udp_payload : DD_EDNS_PAYLOAD;
}

static void count(const dd__actx_t *c, const dd_zone_ev_t *z, const dd_server_t *s, tally_t *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < c->ev->nxs; i++) {
		const dd_exchange_t *x = &c->ev->xs[i];
		if (strcmp(x->server, s->addr) != 0 || !dd_name_in_zone(x->qname, z->name)) {
			continue;
		}
		t->total++;
		if (x->error != DD_QERR_NONE) {
			t->failed++;
			t->last_fail = x;
			t->tries = x->attempts > t->tries ? x->attempts : t->tries;
			t->tried_ms = x->rtt_ms > t->tried_ms ? x->rtt_ms : t->tried_ms;
			if (x->error == DD_QERR_TCP) {
				t->tcp++;
			} else if (x->error == DD_QERR_MALFORMED || x->error == DD_QERR_MISMATCH) {
				t->invalid++;
				t->last_invalid = x;
			}
		} else if (x->edns_fallback) {
			t->edns++;
		} else if (x->transport == DD_XPORT_UDP && x->wire_len > offered(x)) {
			/* larger than the payload size the query offered (RFC 6891 6.2.5) */
			t->oversize++;
			if (x->wire_len > t->largest) {
				t->largest = x->wire_len;
				t->offered = offered(x);
			}
		}
	}
}

/* How a finding names a server: its NS name, or what it is when it has none (an address given
 * by the operator that no NS name of the zone resolves to). */
static void server_name(const uint8_t *ns_name, char *out, size_t len)
{
	if (dd_name_labels(ns_name) == 0) {
		snprintf(out, len, "the server given by address");
	} else {
		dd__name_text(ns_name, out, len);
	}
}

bool dd__an_server_health(dd__actx_t *c, int zi, size_t si)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	const dd_server_t *s = &z->servers[si];
	char ns[1024];
	server_name(s->ns_name, ns, sizeof(ns));
	/* a server only the operator named (--server) is given, not listed by the NS RRsets */
	const char *listed = (s->sources & ~(unsigned)DD_SRC_USER) == 0 ? "given for" : "listed for";
	if (s->addr[0] == '\0') {
		/* an entry without an address beside one with an address of the same name (one
		 * address family resolved, the other not, in evidence saved by older probes): the
		 * name was resolved, and its addresses are judged on their own */
		for (size_t i = 0; i < z->nservers; i++) {
			if (z->servers[i].addr[0] != '\0' && dd_name_equal(z->servers[i].ns_name, s->ns_name)) {
				return false;
			}
		}
		dd__an_finding(c, "SERVER_UNREACHABLE", DD_SEV_WARNING, z->name, z->name, 0, NULL, 0, 0,
		               "the name server %s has no address (it could not be resolved)", ns);
		return false;
	}
	tally_t t;
	count(c, z, s, &t);
	if (t.total == 0) {
		return false;
	}
	if (t.invalid > 0) {
		dd__an_finding(c, "RESPONSE_INVALID", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		               "%s (%s) gave %zu of %zu queries only invalid answers (%s: %s)", ns,
		               s->addr, t.invalid, t.total, dd_qerr_name(t.last_invalid->error),
		               t.last_invalid->error == DD_QERR_MALFORMED
		                       ? "messages that do not parse, e.g. garbage or a compression-pointer loop"
		                       : "a wrong ID or question, as a spoofed or misrouted answer");
		if (t.invalid == t.total) {
			return false;
		}
	}
	if (t.oversize > 0) {
		dd__an_finding(c, "EDNS_FAULT", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		               "%s (%s) sent %zu UDP %s larger than the query offered (%zu octets "
		               "where %u were offered; RFC 6891 6.2.5): they fragment or are lost on "
		               "real paths", ns, s->addr, t.oversize,
		               t.oversize == 1 ? "answer" : "answers", t.largest, t.offered);
	}
	if (t.tcp > 0) {
		dd__an_finding(c, "TCP_FAULT", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		               "%s (%s) truncated %zu answers over UDP and failed them over TCP (no "
		               "connection, no whole answer within the timeout, or TC set over TCP too)",
		               ns, s->addr, t.tcp);
	}
	if (t.failed == t.total) {
		/* how hard it was tried: the attempts and time the exchanges record */
		char tried[96] = "";
		if (t.tries > 1 && t.tried_ms > 0) {
			snprintf(tried, sizeof(tried), "%s%u attempts within %.1f s",
			         t.total == 1 ? " after " : "; up to ", t.tries, t.tried_ms / 1000.0);
		} else if (t.tries == 1 && t.tried_ms > 0) {
			/* one attempt: the probe gives a server that failed before, or whose
			 * siblings answered, no more */
			snprintf(tried, sizeof(tried), "%sone attempt within %.1f s",
			         t.total == 1 ? " after " : "; ", t.tried_ms / 1000.0);
		}
		if (t.tcp + t.invalid < t.total && t.total == 1) {
			dd__an_finding(c, "SERVER_UNREACHABLE", DD_SEV_WARNING, z->name, z->name, 0, s->addr,
			               0, 0, "%s (%s) did not answer the one query asked of it (%s%s)", ns,
			               s->addr, dd_qerr_name(t.last_fail->error), tried);
		} else if (t.tcp + t.invalid < t.total) {
			dd__an_finding(c, "SERVER_UNREACHABLE", DD_SEV_WARNING, z->name, z->name, 0, s->addr,
			               0, 0, "%s (%s) did not answer any of %zu queries (%s%s%s)", ns,
			               s->addr, t.total, dd_qerr_name(t.last_fail->error), tried,
			               tried[0] != '\0' ? " each" : "");
		}
		return false;
	}
	/* authority is shown by the apex SOA; where no SOA was asked (evidence from another
	 * prober, e.g. DNSViz) by the apex DNSKEY or NS answer instead: not probed is not lame */
	uint16_t apex_type = DD_TYPE_SOA;
	if (dd_evidence_find(c->ev, s->addr, z->name, DD_TYPE_SOA) == NULL) {
		static const uint16_t alt[] = { DD_TYPE_DNSKEY, DD_TYPE_NS };
		apex_type = 0;
		for (size_t i = 0; i < 2 && apex_type == 0; i++) {
			const dd_exchange_t *x = dd_evidence_find(c->ev, s->addr, z->name, alt[i]);
			apex_type = x != NULL && x->wire != NULL ? alt[i] : 0;
		}
		apex_type = apex_type != 0 ? apex_type : DD_TYPE_NS;
	}
	dd_msg_t *m = dd__an_msg(c, s->addr, z->name, apex_type);
	if (apex_type == DD_TYPE_SOA && !dd__an_authoritative(m)) {
		/* a server that answers the apex DNSKEY or NS RRset authoritatively serves the
		 * zone (RFC 1034 4.3.1: AA says the answer comes from its authority) even if its
		 * SOA answer does not show it: that is not a lame delegation */
		static const uint16_t alt[] = { DD_TYPE_DNSKEY, DD_TYPE_NS };
		for (size_t i = 0; i < 2; i++) {
			dd_msg_t *am = dd__an_msg(c, s->addr, z->name, alt[i]);
			dd_rdata_t rd[1];
			dd_rrset_t set;
			if (dd__an_authoritative(am) && am->rcode == DD_RCODE_NOERROR &&
			    dd_msg_rrset(am, DD_SECTION_ANSWER, z->name, alt[i], &set, rd, 1) > 0) {
				m = am;
				break;
			}
		}
	}
	if (m != NULL && !t.edns && !m->edns) {
		t.edns++;
	}
	if (t.edns > 0) {
		dd__an_finding(c, "EDNS_FAULT", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		               "%s (%s) does not answer EDNS0 queries correctly (RFC 6891): no OPT "
		               "record, or FORMERR/NOTIMP/BADVERS to a query with EDNS", ns, s->addr);
	}
	if (m == NULL || !dd__an_authoritative(m)) {
		char rc[16];
		dd__an_finding(c, "LAME_DELEGATION", DD_SEV_WARNING, z->name, z->name, 0, s->addr, 0, 0,
		               "%s (%s) is %s %s but does not answer authoritatively for it "
		               "(%s%s)", ns, s->addr, listed, "the zone",
		               m ? dd_rcode_name(m->rcode, rc)
		                 : apex_type == DD_TYPE_SOA ? "no SOA answer"
		                 : apex_type == DD_TYPE_DNSKEY ? "no DNSKEY answer" : "no NS answer",
		               m && !(m->flags & DD_FLAG_AA) ? ", AA clear" : "");
		return false;
	}
	return true;
}

bool dd__an_served_signed(dd__actx_t *c, const char *srv, const uint8_t *zone,
                          const dd__keyset_t *ks)
{
	if (ks->present) {
		return true;
	}
	dd_msg_t *m = dd__an_msg(c, srv, zone, DD_TYPE_SOA);
	dd_rdata_t sigs[4];
	return m != NULL && dd_msg_rrsigs(m, DD_SECTION_ANSWER, zone, DD_TYPE_SOA, sigs, 4) > 0;
}

uint32_t dd__an_soa_serial(dd__actx_t *c, const char *srv, const uint8_t *zone)
{
	dd_msg_t *m = dd__an_msg(c, srv, zone, DD_TYPE_SOA);
	dd_rdata_t rd[2];
	dd_rrset_t set;
	if (!dd__an_authoritative(m) ||
	    dd_msg_rrset(m, DD_SECTION_ANSWER, zone, DD_TYPE_SOA, &set, rd, 2) == 0) {
		return 0;
	}
	uint32_t f[5];
	return dd__an_soa_fields(&rd[0], f) ? f[0] : 0;
}

/* ---- the NS sets of the parent and of the zone ------------------------------------------- */

#define NSSET_MAX 32   /* names kept per set; a larger set is not compared */

typedef struct nsset {
	uint8_t names[NSSET_MAX][DD_NAME_MAXLEN];  /* lowercase */
	size_t n;
	bool full;  /* more names than kept */
} nsset_t;

static bool nsset_has(const nsset_t *s, const uint8_t *name)
{
	for (size_t i = 0; i < s->n; i++) {
		if (dd_name_equal(s->names[i], name)) {
			return true;
		}
	}
	return false;
}

static bool nsset_equal(const nsset_t *a, const nsset_t *b)
{
	if (a->n != b->n || a->full || b->full) {
		return false;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (!nsset_has(b, a->names[i])) {
			return false;
		}
	}
	return true;
}

static int canon_cmp(const void *a, const void *b)
{
	return dd_name_canon_cmp(a, b);
}

/* The NS names @p m lists for @p zone in @p sec, sorted canonically (RFC 4034 6.1). */
static void nsset_of(const dd_msg_t *m, dd_section_t sec, const uint8_t *zone, nsset_t *s)
{
	s->n = 0;
	s->full = false;
	for (size_t i = 0; i < m->count[sec]; i++) {
		const dd_rr_t *rr = &m->rr[sec][i];
		if (rr->type != DD_TYPE_NS || !dd_name_equal(rr->owner, zone) ||
		    dd_name_check(rr->rdata.data, rr->rdata.len) <= 0 || nsset_has(s, rr->rdata.data)) {
			continue;
		}
		if (s->n == NSSET_MAX) {
			s->full = true;
			continue;
		}
		dd_name_to_lower(s->names[s->n++], rr->rdata.data);
	}
	qsort(s->names, s->n, sizeof(s->names[0]), canon_cmp);
}

/* Fold one server's set @p one into @p out: the first set seen, or a disagreement. */
static void nsset_fold(const nsset_t *one, nsset_t *out, bool *any, bool *differ)
{
	if (one->n == 0) {
		return;
	}
	if (!*any) {
		memcpy(out, one, sizeof(*out));
		*any = true;
	} else if (!nsset_equal(out, one)) {
		*differ = true;
	}
}

static bool is_server_of(const dd_zone_ev_t *z, const char *addr)
{
	for (size_t i = 0; i < z->nservers; i++) {
		if (z->servers[i].addr[0] != '\0' && strcmp(z->servers[i].addr, addr) == 0) {
			return true;
		}
	}
	return false;
}

/* The delegation of zone @p zi as its parent's servers gave it: the NS RRset of every referral
 * (AA clear, NOERROR) to a name at or below the zone. False when no referral was seen (the
 * parent's servers serve the zone too, or the zone is the root) or the servers disagree. */
static bool parent_nsset(dd__actx_t *c, int zi, nsset_t *out, nsset_t *one)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	if (z->parent < 0 || (size_t)z->parent >= c->ev->nzones || z->parent == zi) {
		return false;
	}
	const dd_zone_ev_t *pz = &c->ev->zones[z->parent];
	bool any = false, differ = false;
	for (size_t i = 0; i < c->ev->nxs && !differ; i++) {
		const dd_exchange_t *x = &c->ev->xs[i];
		if (!dd_name_in_zone(x->qname, z->name) || !is_server_of(pz, x->server)) {
			continue;
		}
		dd_msg_t *m = dd__an_msg(c, x->server, x->qname, x->qtype);
		if (m == NULL || (m->flags & DD_FLAG_AA) || m->rcode != DD_RCODE_NOERROR) {
			continue;
		}
		nsset_of(m, DD_SECTION_AUTHORITY, z->name, one);
		nsset_fold(one, out, &any, &differ);
	}
	return any && !differ;
}

/* The apex NS RRset of zone @p zi as its servers answered it authoritatively; false when none
 * did or they disagree (then the sets of the servers are a matter of their own). */
static bool child_nsset(dd__actx_t *c, int zi, nsset_t *out, nsset_t *one)
{
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	bool any = false, differ = false;
	for (size_t s = 0; s < z->nservers && !differ; s++) {
		if (z->servers[s].addr[0] == '\0') {
			continue;
		}
		dd_msg_t *m = dd__an_msg(c, z->servers[s].addr, z->name, DD_TYPE_NS);
		if (!dd__an_authoritative(m) || m->rcode != DD_RCODE_NOERROR) {
			continue;
		}
		nsset_of(m, DD_SECTION_ANSWER, z->name, one);
		nsset_fold(one, out, &any, &differ);
	}
	return any && !differ;
}

/* The names of @p s (those not in @p minus, when given) as "a", "a and b", "a, b and c". */
static size_t names_text(const nsset_t *s, const nsset_t *minus, char *out, size_t len)
{
	size_t k = 0, total = 0;
	for (size_t i = 0; i < s->n; i++) {
		total += minus == NULL || !nsset_has(minus, s->names[i]);
	}
	out[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (minus != NULL && nsset_has(minus, s->names[i])) {
			continue;
		}
		char name[1024];
		dd__name_text(s->names[i], name, sizeof(name));
		const char *sep = k == 0 ? "" : k + 1 == total ? " and " : ", ";
		int w = snprintf(out + used, len - used, "%s%s", sep, name);
		if (w < 0 || (size_t)w >= len - used) {
			break;
		}
		used += (size_t)w;
		k++;
	}
	return total;
}

/* NS_MISMATCH: the parent's delegation and the zone's apex NS RRset name different servers
 * (DNSViz NS_NAME_NOT_IN_CHILD, NS_NAME_NOT_IN_PARENT). Once per zone. */
static void ns_sets(dd__actx_t *c, int zi)
{
	nsset_t *sets = malloc(3 * sizeof(*sets));
	if (sets == NULL) {
		c->err = DD_ENOMEM;
		return;
	}
	nsset_t *parent = &sets[0], *child = &sets[1], *scratch = &sets[2];
	if (!parent_nsset(c, zi, parent, scratch) || !child_nsset(c, zi, child, scratch) ||
	    parent->full || child->full || nsset_equal(parent, child)) {
		free(sets);
		return;
	}
	const dd_zone_ev_t *z = &c->ev->zones[zi];
	char pname[1024], pset[2048], cset[2048], only_c[2048], only_p[2048], tail[4200] = "";
	dd__name_text(c->ev->zones[z->parent].name, pname, sizeof(pname));
	names_text(parent, NULL, pset, sizeof(pset));
	names_text(child, NULL, cset, sizeof(cset));
	size_t nc = names_text(child, parent, only_c, sizeof(only_c));
	size_t np = names_text(parent, child, only_p, sizeof(only_p));
	/* short: the finding's detail holds 512 octets, and the table's meaning says what
	 * resolvers do with either set */
	if (nc > 0) {
		snprintf(tail, sizeof(tail), "only the zone lists %s (DNSViz NS_NAME_NOT_IN_PARENT)",
		         only_c);
	}
	if (np > 0) {
		size_t l = strlen(tail);
		snprintf(tail + l, sizeof(tail) - l, "%sonly the parent lists %s (DNSViz "
		         "NS_NAME_NOT_IN_CHILD)", l > 0 ? "; " : "", only_p);
	}
	dd__an_finding(c, "NS_MISMATCH", DD_SEV_WARNING, z->name, z->name, DD_TYPE_NS, NULL, 0, 0,
	               "the parent %s delegates to %s; the zone's apex NS RRset lists %s: %s", pname,
	               pset, cset, tail);
	free(sets);
}

void dd__an_classify_servers(dd__actx_t *c, int zi)
{
	ns_sets(c, zi);

	/* some servers secure, others not: an unsigned copy (split signing) or an old copy */
	dd_zone_result_t *zr = &c->an->zones[zi];
	uint32_t good_serial = 0;
	bool any_good = false, any_signed = false;
	for (size_t s = 0; s < zr->nservers; s++) {
		/* a signed copy, whether or not it validates: beside it an unsigned one is split
		 * signing (RFC 4035 2.2: every authoritative server serves the signatures) */
		any_signed = any_signed ||
		             (zr->servers[s].answered &&
		              dd__an_served_signed(c, zr->servers[s].addr, zr->name, &c->ks[zi][s]));
		if (zr->servers[s].answered && c->ks[zi][s].own == DD_STATUS_SECURE) {
			any_good = true;
			if (zr->servers[s].serial > good_serial) {
				good_serial = zr->servers[s].serial;
			}
		}
	}
	for (size_t s = 0; (any_good || any_signed) && s < zr->nservers; s++) {
		dd_server_status_t *ss = &zr->servers[s];
		if (!ss->answered || c->ks[zi][s].own != DD_STATUS_BOGUS) {
			continue;
		}
		char ns[1024];
		server_name(ss->ns_name, ns, sizeof(ns));
		if (!dd__an_served_signed(c, ss->addr, zr->name, &c->ks[zi][s])) {
			dd__an_finding(c, "SPLIT_SIGNING", DD_SEV_ERROR, zr->name, zr->name, 0, ss->addr, 0,
			               0, "%s (%s) serves the zone unsigned while other listed servers "
			               "serve it signed: validators fail whenever they ask it", ns, ss->addr);
		} else if (any_good && ss->serial != good_serial) {
			dd__an_finding(c, "STALE_SECONDARY", DD_SEV_ERROR, zr->name, zr->name, DD_TYPE_SOA,
			               ss->addr, 0, 0, "%s (%s) serves serial %u while other servers serve "
			               "%u, and its copy does not validate: it stopped transferring the zone",
			               ns, ss->addr, ss->serial, good_serial);
		}
	}
}
