/* SPDX-License-Identifier: MIT
 * nsaddr.c - the addresses of name servers without glue, resolved iteratively from the
 * deepest zone whose servers are known (for a name inside a zone being probed, that zone's own
 * servers): referrals followed, CNAMEs in the answer followed, a referral without glue into a
 * zone whose servers are known sent there, any other resolved by a job of its own. */

#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dns/name_text.h"
#include "walk.h"

static void res_step(walk_t *w, res_job_t *j);

/* ---- name-server address resolution ------------------------------------------------------ */

static res_job_t *job_find(walk_t *w, const uint8_t *name, uint16_t type)
{
	for (res_job_t *j = w->jobs; j != NULL; j = j->next_job) {
		if (j->type == type && dd_name_equal(j->name, name)) {
			return j;
		}
	}
	return NULL;
}

/* Point @p j at the deepest known zone enclosing its current name. */
static void job_seed(walk_t *w, res_job_t *j)
{
	const known_t *best = NULL;
	unsigned best_labels = 0;
	for (size_t i = 0; i < w->nknown; i++) {
		unsigned l = dd_name_labels(w->known[i].zone);
		if (w->known[i].n > 0 && dd_name_in_zone(j->cur, w->known[i].zone) &&
		    (best == NULL || l > best_labels)) {
			best = &w->known[i];
			best_labels = l;
		}
	}
	j->nsrv = j->next = 0;
	if (best == NULL) {
		return;
	}
	memcpy(j->zone, best->zone, dd_name_len(best->zone));
	for (size_t i = 0; i < best->n; i++) {
		if (dd__queue_family_ok(w, best->addrs[i])) {
			snprintf(j->srv[j->nsrv++], 64, "%s", best->addrs[i]);
		}
	}
}

static void job_finish(walk_t *w, res_job_t *j)
{
	j->done = true;
	for (size_t i = 0; i < j->nwaiters; i++) {
		w->hooks.addresses(w, j->waiters[i].zone, j->name, j->waiters[i].src, j);
	}
	j->nwaiters = 0;
	res_job_t *b = j->blocked;
	j->blocked = NULL;
	if (b != NULL) {
		/* the referral's NS name now has addresses: continue the blocked job there */
		for (size_t i = 0; i < j->naddrs && b->nsrv < MAX_ADDRS; i++) {
			dd__queue_known_add(w, b->zone, j->addrs[i]);
			if (dd__queue_family_ok(w, j->addrs[i])) {
				snprintf(b->srv[b->nsrv++], 64, "%s", j->addrs[i]);
			}
		}
		if (b->nsrv == 0) {
			job_finish(w, b);
		} else {
			res_step(w, b);
		}
	}
}

/* The zone of the chain that needs this lookup, for notes. */
static const uint8_t *job_zone(const walk_t *w, const res_job_t *j)
{
	return j->for_zone >= 0 ? w->ev->zones[j->for_zone].name : j->zone;
}

static void res_step(walk_t *w, res_job_t *j)
{
	if (j->next >= j->nsrv) {
		job_finish(w, j);
		return;
	}
	const dd_probe_limits_t *lim = &w->run->lim;
	char name[1024];
	if (j->sent >= lim->lookup_queries) {
		dd__name_text(j->name, name, sizeof(name));
		dd__queue_note(w, DD_PROBE_NOTE_LOOKUP_QUERIES, job_zone(w, j), NULL,
		              "the lookup of %s's address stopped after %u queries", name,
		              lim->lookup_queries);
		job_finish(w, j);
		return;
	}
	if (w->stats->resolve_queries >= lim->resolve_queries) {
		dd__name_text(j->name, name, sizeof(name));
		dd__queue_note(w, DD_PROBE_NOTE_RESOLVE_QUERIES, job_zone(w, j), NULL,
		              "name-server lookups stopped after %u queries (the limit for one "
		              "run); %s and others were not resolved", lim->resolve_queries, name);
		job_finish(w, j);
		return;
	}
	j->sent++;
	w->stats->resolve_queries++;
	dd__queue_enqueue(w, Q_RESOLVE, -1, j, j->srv[j->next++], j->cur, j->type);
}

/* Whether another name without glue may be resolved for @p zone (limits.glueless), noting
 * it when not. */
static bool glueless_ok(walk_t *w, const uint8_t *zone, const uint8_t *ns)
{
	if (w->stats->glueless < w->run->lim.glueless) {
		w->stats->glueless++;
		return true;
	}
	char name[1024];
	dd__name_text(ns, name, sizeof(name));
	dd__queue_note(w, DD_PROBE_NOTE_GLUELESS, zone, NULL,
	              "name servers without glue past the first %u of the run were not resolved "
	              "(first: %s)", w->run->lim.glueless, name);
	return false;
}

static res_job_t *job_start(walk_t *w, const uint8_t *name, uint16_t type, int for_zone,
                            unsigned depth)
{
	res_job_t *j = calloc(1, sizeof(*j));
	if (j == NULL) {
		w->err = DD_ENOMEM;
		return NULL;
	}
	dd_name_to_lower(j->name, name);
	memcpy(j->cur, j->name, dd_name_len(j->name));
	j->type = type;
	j->for_zone = for_zone;
	j->depth = depth;
	if (depth > w->stats->ns_depth) {
		w->stats->ns_depth = depth;
	}
	j->next_job = w->jobs;
	w->jobs = j;
	job_seed(w, j);
	return j;
}

void dd__nsaddr_response(walk_t *w, res_job_t *j, const dd_exchange_t *x)
{
	dd_msg_t *m = dd_msg_of(x);  /* NULL too when nothing was sent (an address refused) */
	if (m == NULL || (m->rcode != DD_RCODE_NOERROR && m->rcode != DD_RCODE_NXDOMAIN)) {
		dd_msg_free(m);
		res_step(w, j);  /* next server of the same zone */
		return;
	}
	if (m->rcode == DD_RCODE_NXDOMAIN) {
		dd_msg_free(m);
		job_finish(w, j);
		return;
	}
	/* answers, following CNAMEs inside the answer section */
	uint8_t want[DD_NAME_MAXLEN];
	memcpy(want, j->cur, dd_name_len(j->cur));
	bool progressed = true;
	unsigned cap = w->run->lim.addrs_per_ns < MAX_ADDRS ? w->run->lim.addrs_per_ns : MAX_ADDRS;
	size_t extra = 0;
	for (int hops = 0; progressed && hops <= MAX_CNAMES; hops++) {
		progressed = false;
		for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
			if (!dd_name_equal(rr->owner, want)) {
				continue;
			}
			char a[64];
			if (rr->type == j->type && dd__queue_addr_text(rr, a)) {
				if (j->naddrs < cap) {
					snprintf(j->addrs[j->naddrs++], 64, "%s", a);
				} else {
					extra++;
				}
			} else if (rr->type == DD_TYPE_CNAME &&
			           dd_name_check(rr->rdata.data, rr->rdata.len) > 0) {
				memcpy(want, rr->rdata.data, dd_name_len(rr->rdata.data));
				progressed = true;
				break;
			}
		}
	}
	if (extra > 0) {
		char name[1024];
		dd__name_text(j->name, name, sizeof(name));
		dd__queue_note(w, DD_PROBE_NOTE_ADDRS_PER_NS, job_zone(w, j), NULL,
		              "%s has %zu addresses of one family; the first %u were used", name,
		              j->naddrs + extra, cap);
	}
	if (j->naddrs > 0) {
		dd_msg_free(m);
		job_finish(w, j);
		return;
	}
	if (!dd_name_equal(want, j->cur) && j->cnames++ < MAX_CNAMES) {
		memcpy(j->cur, want, dd_name_len(want));  /* a CNAME out of the answer: restart */
		dd_msg_free(m);
		job_seed(w, j);
		res_step(w, j);
		return;
	}
	/* a referral: NS below the zone we asked */
	const dd_rr_t *ref = NULL;
	for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY] && ref == NULL; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
		if (rr->type == DD_TYPE_NS && dd_name_in_zone(j->cur, rr->owner) &&
		    dd_name_in_zone(rr->owner, j->zone) && !dd_name_equal(rr->owner, j->zone)) {
			ref = rr;
		}
	}
	if (ref == NULL || j->referrals++ >= MAX_REFERRALS) {
		dd_msg_free(m);
		job_finish(w, j);  /* NODATA, or nothing usable */
		return;
	}
	uint8_t zone[DD_NAME_MAXLEN];
	dd_name_to_lower(zone, ref->owner);
	memcpy(j->zone, zone, dd_name_len(zone));
	j->nsrv = j->next = 0;
	const uint8_t *first_ns = NULL;
	for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
		if (rr->type != DD_TYPE_NS || !dd_name_equal(rr->owner, zone) ||
		    dd_name_check(rr->rdata.data, rr->rdata.len) < 0) {
			continue;
		}
		if (first_ns == NULL) {
			first_ns = rr->rdata.data;
		}
		for (size_t k = 0; k < m->count[DD_SECTION_ADDITIONAL]; k++) {
			const dd_rr_t *g = &m->rr[DD_SECTION_ADDITIONAL][k];
			char a[64];
			if (dd_name_equal(g->owner, rr->rdata.data) && dd__queue_addr_text(g, a)) {
				dd__queue_known_add(w, zone, a);
				if (dd__queue_family_ok(w, a) && j->nsrv < MAX_ADDRS) {
					snprintf(j->srv[j->nsrv++], 64, "%s", a);
				}
			}
		}
	}
	/* no glue, but the zone's own servers are known already (it is being probed): ask them,
	 * which is where the address of a name inside the zone lives */
	for (size_t i = 0; i < w->nknown && j->nsrv == 0; i++) {
		if (!dd_name_equal(w->known[i].zone, zone)) {
			continue;
		}
		for (size_t a = 0; a < w->known[i].n && j->nsrv < MAX_ADDRS; a++) {
			if (dd__queue_family_ok(w, w->known[i].addrs[a])) {
				snprintf(j->srv[j->nsrv++], 64, "%s", w->known[i].addrs[a]);
			}
		}
	}
	if (j->nsrv > 0) {
		dd_msg_free(m);
		res_step(w, j);
		return;
	}
	/* no glue: resolve the first NS name, then continue (bounded by MAX_REFERRALS, the depth
	 * of such chains and the run's glueless names) */
	res_job_t *sub = first_ns ? job_find(w, first_ns, DD_TYPE_A) : NULL;
	if (first_ns != NULL && sub == NULL && !dd_name_in_zone(first_ns, zone) &&
	    j->depth >= w->run->lim.ns_depth) {
		char name[1024], ns[1024];
		dd__name_text(j->name, name, sizeof(name));
		dd__name_text(first_ns, ns, sizeof(ns));
		dd__queue_note(w, DD_PROBE_NOTE_NS_DEPTH, job_zone(w, j), NULL,
		              "the address of %s needs %s's, %u name servers deep: not followed "
		              "further", name, ns, j->depth + 1);
	} else if (first_ns != NULL && sub == NULL && !dd_name_in_zone(first_ns, zone) &&
	           glueless_ok(w, job_zone(w, j), first_ns)) {
		sub = job_start(w, first_ns, w->v4 ? DD_TYPE_A : DD_TYPE_AAAA, j->for_zone,
		                j->depth + 1);
		if (sub != NULL) {
			sub->blocked = j;
			dd_msg_free(m);
			res_step(w, sub);
			return;
		}
	}
	dd_msg_free(m);
	job_finish(w, j);
}

/* Ask for the addresses of @p ns for zone @p zone (one job per name and family). */
void dd__nsaddr_want(walk_t *w, int zone, const uint8_t *ns, unsigned src)
{
	uint16_t types[2];
	size_t nt = 0;
	if (w->v4) {
		types[nt++] = DD_TYPE_A;
	}
	if (w->v6) {
		types[nt++] = DD_TYPE_AAAA;
	}
	bool known = false;
	for (size_t t = 0; t < nt; t++) {
		known = known || job_find(w, ns, types[t]) != NULL;
	}
	if (!known && !glueless_ok(w, w->ev->zones[zone].name, ns)) {
		return;  /* not resolved, not listed: the note says how many */
	}
	for (size_t t = 0; t < nt; t++) {
		res_job_t *j = job_find(w, ns, types[t]);
		bool fresh = j == NULL;
		if (fresh) {
			j = job_start(w, ns, types[t], zone, 1);
			if (j == NULL) {
				return;
			}
		}
		if (j->done) {
			w->hooks.addresses(w, zone, ns, src, j);
			continue;
		}
		if (j->nwaiters < MAX_ZONES) {
			j->waiters[j->nwaiters].zone = zone;
			j->waiters[j->nwaiters++].src = src;
			w->zs[zone].awaiting++;
		}
		if (fresh) {
			res_step(w, j);
		}
	}
}
