/* SPDX-License-Identifier: MIT
 * cut.c - the probe's zones: the probe set sent to every server of a zone, a new zone at a
 * cut (servers from the referrals and their glue, from the parent's own servers for an apex
 * without a referral, or from the user), and after a zone's first round its child-listed
 * servers and the next cut towards the target. */

#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dns/name_text.h"
#include "walk.h"

#define MAX_SKIPPED 32   /* names over limits.ns_per_cut remembered per zone, to note each once */

static const uint16_t ZONE_TYPES[] = { DD_TYPE_DNSKEY, DD_TYPE_SOA, DD_TYPE_NS, DD_TYPE_NSEC3PARAM,
	                               DD_TYPE_CDS, DD_TYPE_CDNSKEY };

/* ---- zones -------------------------------------------------------------------------------- */

/* Addresses zone @p zone already has for name server @p ns. */
static unsigned addr_count(const dd_zone_ev_t *z, const uint8_t *ns)
{
	unsigned n = 0;
	for (size_t i = 0; i < z->nservers; i++) {
		n += z->servers[i].addr[0] != '\0' && dd_name_equal(z->servers[i].ns_name, ns);
	}
	return n;
}

/* Whether one more address of @p ns may be used for @p zone (limits.addrs_per_ns). */
static bool addr_ok(walk_t *w, int zone, const uint8_t *ns, const char *addr)
{
	const dd_zone_ev_t *z = &w->ev->zones[zone];
	for (size_t i = 0; i < z->nservers; i++) {
		const dd_server_t *sv = &z->servers[i];
		if (strcmp(sv->addr, addr) == 0 && dd_name_equal(sv->ns_name, ns)) {
			return true;  /* had already */
		}
	}
	if (addr_count(z, ns) < w->run->lim.addrs_per_ns) {
		return true;
	}
	char name[1024];
	dd__name_text(ns, name, sizeof(name));
	dd__queue_note(w, DD_PROBE_NOTE_ADDRS_PER_NS, z->name, NULL,
	              "%s has more than %u addresses; the first %u are used", name,
	              w->run->lim.addrs_per_ns, w->run->lim.addrs_per_ns);
	return false;
}

/* The entry of @p ns recorded without an address, or NULL. */
static dd_server_t *blank_entry(dd_zone_ev_t *z, const uint8_t *ns)
{
	for (size_t i = 0; i < z->nservers; i++) {
		if (z->servers[i].addr[0] == '\0' && dd_name_equal(z->servers[i].ns_name, ns)) {
			return &z->servers[i];
		}
	}
	return NULL;
}

/* Whether @p z has @p ns at @p addr already. */
static bool has_entry(const dd_zone_ev_t *z, const uint8_t *ns, const char *addr)
{
	for (size_t i = 0; i < z->nservers; i++) {
		if (strcmp(z->servers[i].addr, addr) == 0 && dd_name_equal(z->servers[i].ns_name, ns)) {
			return true;
		}
	}
	return false;
}

void dd__cut_add_addresses(walk_t *w, int zone, const uint8_t *ns, unsigned src,
                           const res_job_t *j)
{
	dd_zone_ev_t *z = &w->ev->zones[zone];
	if (j->naddrs == 0 && addr_count(z, ns) == 0) {
		/* record the name even without an address: an unresolvable server is a finding; not
		 * when the other address family gave it one (one lookup per family) */
		dd_evidence_zone_server(w->ev, zone, ns, "", src, false);
	}
	for (size_t i = 0; i < j->naddrs; i++) {
		if (!addr_ok(w, zone, ns, j->addrs[i])) {
			continue;
		}
		dd_server_t *blank = has_entry(z, ns, j->addrs[i]) ? NULL : blank_entry(z, ns);
		if (blank != NULL) {
			/* the other family's lookup found nothing first: this address replaces the
			 * entry without one (in place: indexes into the list stay valid) */
			snprintf(blank->addr, sizeof(blank->addr), "%s", j->addrs[i]);
			blank->sources |= src;
		} else {
			dd_evidence_zone_server(w->ev, zone, ns, j->addrs[i], src, false);
		}
		dd__queue_known_add(w, w->ev->zones[zone].name, j->addrs[i]);
		z = &w->ev->zones[zone];
	}
	zstate_t *zs = &w->zs[zone];
	bool was_waiting = false;
	for (size_t i = 0; i < j->nwaiters; i++) {
		if (j->waiters[i].zone == zone) {
			was_waiting = true;
		}
	}
	if (was_waiting && zs->awaiting > 0) {
		zs->awaiting--;
	}
	if (zs->awaiting == 0) {
		dd__cut_probe(w, zone);  /* first round, or the newly found servers of a later one */
	}
}

static bool probed(zstate_t *zs, const char *addr)
{
	for (size_t i = 0; i < zs->nprobed; i++) {
		if (strcmp(zs->probed[i], addr) == 0) {
			return true;
		}
	}
	return false;
}

/* Send the probe set to every address of @p zone not asked yet. */
void dd__cut_probe(walk_t *w, int zone)
{
	zstate_t *zs = &w->zs[zone];
	dd_zone_ev_t *z = &w->ev->zones[zone];
	uint8_t name[DD_NAME_MAXLEN];
	memcpy(name, z->name, dd_name_len(z->name));
	bool first = !zs->started;
	zs->started = true;
	unsigned zlabels = dd_name_labels(name), tlabels = dd_name_labels(w->target);
	bool mini = w->cfg->minimise, at_target = dd_name_equal(name, w->target);
	if (first) {
		zs->asked = mini && zlabels < tlabels ? zlabels + 1 : tlabels;
	}
	size_t n = z->nservers;
	for (size_t s = 0; s < n; s++) {
		char addr[64];
		snprintf(addr, sizeof(addr), "%s", w->ev->zones[zone].servers[s].addr);
		if (addr[0] == '\0' || !dd__queue_family_ok(w, addr) || probed(zs, addr)) {
			continue;
		}
		char (*np)[64] = realloc(zs->probed, (zs->nprobed + 1) * sizeof(*np));
		if (np == NULL) {
			w->err = DD_ENOMEM;
			return;
		}
		zs->probed = np;
		snprintf(zs->probed[zs->nprobed++], 64, "%s", addr);
		qkind_t kind = (first && !zs->done) ? Q_ZONE : Q_EXTRA;
		for (size_t t = 0; t < sizeof(ZONE_TYPES) / sizeof(ZONE_TYPES[0]); t++) {
			dd__queue_enqueue(w, kind, zone, NULL, addr, name, ZONE_TYPES[t]);
		}
		/* the nonexistent-name probe of this zone */
		uint8_t nx[DD_NAME_MAXLEN];
		const uint8_t *lbl = w->ev->nx_name;  /* label + target zone, see dd_probe_run */
		size_t ll = (size_t)lbl[0] + 1, zl = dd_name_len(name);
		if (ll + zl <= DD_NAME_MAXLEN) {
			memcpy(nx, lbl, ll);
			memcpy(nx + ll, name, zl);
			dd__queue_enqueue(w, kind, zone, NULL, addr, nx, DD_TYPE_A);
		}
		if (!mini || at_target) {
			dd__queue_enqueue(w, kind, zone, NULL, addr, w->target, w->qtype);
			dd__queue_enqueue(w, kind, zone, NULL, addr, w->target, w->ev->nodata_type);
		}
		for (size_t e = 0; mini && at_target && e < w->cfg->nextra; e++) {
			if (dd_name_in_zone(w->cfg->extra[e].name, name)) {
				dd__queue_enqueue(w, kind, zone, NULL, addr, w->cfg->extra[e].name, w->cfg->extra[e].type);
			}
		}
		/* SOA and DS at the names between this zone and the target (minimised: down to the
		 * label asked so far): the cuts below */
		for (unsigned l = zlabels + 1; l <= zs->asked; l++) {
			const uint8_t *anc = dd_name_suffix(w->target, l);
			dd__queue_enqueue(w, kind, zone, NULL, addr, anc, DD_TYPE_SOA);
			dd__queue_enqueue(w, kind, zone, NULL, addr, anc, DD_TYPE_DS);
		}
	}
	if (first && zs->pending == 0 && !zs->done) {
		/* no usable server at all: the walk ends here, with that as evidence */
		zs->done = true;
	}
}

/* The NS names a message lists for @p owner in @p sec. */
static size_t ns_names(const dd_msg_t *m, dd_section_t sec, const uint8_t *owner,
                       const uint8_t **out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < m->count[sec] && n < cap; i++) {
		const dd_rr_t *rr = &m->rr[sec][i];
		if (rr->type == DD_TYPE_NS && dd_name_equal(rr->owner, owner) &&
		    dd_name_check(rr->rdata.data, rr->rdata.len) > 0) {
			out[n++] = rr->rdata.data;
		}
	}
	return n;
}

static bool zone_has_ns(const dd_zone_ev_t *z, const uint8_t *ns)
{
	for (size_t i = 0; i < z->nservers; i++) {
		if (dd_name_equal(z->servers[i].ns_name, ns)) {
			return true;
		}
	}
	return false;
}

/* Whether name server @p ns may be used for @p zone: it is already, or the cut has fewer
 * than limits.ns_per_cut (noted once per name in @p skipped when not). */
static bool ns_take(walk_t *w, int zone, const uint8_t *ns, const uint8_t **pending,
                    size_t npending, const uint8_t **skipped, size_t *nskipped)
{
	if (zone_has_ns(&w->ev->zones[zone], ns)) {
		return true;
	}
	for (size_t i = 0; i < npending; i++) {
		if (dd_name_equal(pending[i], ns)) {
			return true;
		}
	}
	zstate_t *zs = &w->zs[zone];
	if (zs->ns_taken < w->run->lim.ns_per_cut) {
		zs->ns_taken++;
		return true;
	}
	for (size_t i = 0; i < *nskipped; i++) {
		if (dd_name_equal(skipped[i], ns)) {
			return false;
		}
	}
	if (*nskipped < MAX_SKIPPED) {
		skipped[(*nskipped)++] = ns;
	}
	char name[1024], zname[1024];
	dd__name_text(ns, name, sizeof(name));
	dd__name_text(w->ev->zones[zone].name, zname, sizeof(zname));
	dd__queue_note(w, DD_PROBE_NOTE_NS_PER_CUT, w->ev->zones[zone].name, NULL,
	              "%s has more than %u name servers; the first %u are used (not %s)", zname,
	              w->run->lim.ns_per_cut, w->run->lim.ns_per_cut, name);
	return false;
}

typedef enum cut_kind { CUT_REFERRAL, CUT_APEX, CUT_USER } cut_kind_t;

/* A new zone at @p cut below @p parent: servers from the referrals (with glue), or the
 * parent's own servers when they serve the child without a referral, or only the servers the
 * user named for it. */
static void new_zone(walk_t *w, int parent, const uint8_t *cut, cut_kind_t kind)
{
	if (w->ev->nzones >= MAX_ZONES) {
		return;
	}
	int idx;
	if (dd_evidence_zone(w->ev, cut, parent, &idx) != DD_OK) {
		w->err = DD_ENOMEM;
		return;
	}
	memset(&w->zs[idx], 0, sizeof(w->zs[idx]));
	w->ev->zones[idx].delegated = kind != CUT_USER;
	dd_zone_ev_t *p = &w->ev->zones[parent];

	/* user-given servers for this zone */
	for (size_t i = 0; i < w->cfg->nservers; i++) {
		const dd_probe_server_t *s = &w->cfg->servers[i];
		if (dd_name_equal(s->zone, cut)) {
			dd_evidence_zone_server(w->ev, idx, s->ns_name, s->addr, DD_SRC_USER, false);
			dd__queue_known_add(w, cut, s->addr);  /* a start for names inside the zone */
		}
	}
	if (kind == CUT_USER) {
		dd__cut_probe(w, idx);
		return;
	}
	if (kind == CUT_APEX) {
		for (size_t i = 0; i < p->nservers; i++) {
			dd_evidence_zone_server(w->ev, idx, w->ev->zones[parent].servers[i].ns_name,
			                        w->ev->zones[parent].servers[i].addr, DD_SRC_PARENT, false);
			if (w->ev->zones[parent].servers[i].addr[0] != '\0') {
				dd__queue_known_add(w, cut, w->ev->zones[parent].servers[i].addr);
			}
		}
		dd__cut_probe(w, idx);
		return;
	}
	/* union of the NS names in every parent server's referral, with their glue, up to
	 * limits.ns_per_cut names and limits.addrs_per_ns addresses each */
	const uint8_t *pending_ns[64], *skipped[MAX_SKIPPED];
	size_t npending = 0, nskipped = 0;
	uint8_t pname[DD_NAME_MAXLEN];
	memcpy(pname, p->name, dd_name_len(p->name));
	unsigned pl = dd_name_labels(pname), tl = dd_name_labels(w->target);
	dd_msg_t *keep[64];
	size_t nkeep = 0;
	for (size_t s = 0; s < w->ev->zones[parent].nservers; s++) {
		for (unsigned l = pl + 1; l <= tl; l++) {
			const dd_exchange_t *x = dd_evidence_find(w->ev, w->ev->zones[parent].servers[s].addr,
			                                          dd_name_suffix(w->target, l), DD_TYPE_SOA);
			dd_msg_t *m = dd_msg_of(x);
			if (m == NULL) {
				continue;
			}
			const uint8_t *names[32];
			size_t n = ns_names(m, DD_SECTION_AUTHORITY, cut, names, 32);
			for (size_t k = 0; k < n; k++) {
				if (!ns_take(w, idx, names[k], pending_ns, npending, skipped,
				             &nskipped)) {
					continue;
				}
				bool glued = false;
				for (size_t a = 0; a < m->count[DD_SECTION_ADDITIONAL]; a++) {
					const dd_rr_t *g = &m->rr[DD_SECTION_ADDITIONAL][a];
					char addr[64];
					if (dd_name_equal(g->owner, names[k]) && dd_name_in_zone(names[k], pname) &&
					    dd__queue_addr_text(g, addr) && dd__queue_family_ok(w, addr)) {
						glued = true;
						if (!addr_ok(w, idx, names[k], addr)) {
							continue;
						}
						dd_evidence_zone_server(w->ev, idx, names[k], addr,
						                        DD_SRC_PARENT, true);
						dd__queue_known_add(w, cut, addr);
					}
				}
				if (!glued && npending < 64 && !zone_has_ns(&w->ev->zones[idx], names[k])) {
					bool dup = false;
					for (size_t q = 0; q < npending; q++) {
						dup = dup || dd_name_equal(pending_ns[q], names[k]);
					}
					if (!dup) {
						pending_ns[npending++] = names[k];
					}
				}
			}
			if (nkeep < 64) {
				keep[nkeep++] = m;  /* names point into it */
			} else {
				dd_msg_free(m);
			}
		}
	}
	w->zs[idx].awaiting++;  /* hold the first round until every name has been handled */
	for (size_t i = 0; i < npending; i++) {
		dd__nsaddr_want(w, idx, pending_ns[i], DD_SRC_PARENT);
	}
	for (size_t i = 0; i < nkeep; i++) {
		dd_msg_free(keep[i]);
	}
	if (--w->zs[idx].awaiting == 0) {
		dd__cut_probe(w, idx);
	}
}

static bool type_in(const uint16_t *types, size_t n, unsigned t)
{
	for (size_t i = 0; i < n; i++) {
		if (types[i] == t) {
			return true;
		}
	}
	return false;
}

/* Tell cfg->on_nx_name the nonexistent name under @p zone_name: at most twice a run (the
 * zone one server's answers showed, then the zone the whole round decided on if it differs),
 * and only in the target's own walk (a CNAME's walk is for another name). */
static void tell_nx(walk_t *w, const uint8_t *zone_name)
{
	if (w->cfg->on_nx_name == NULL || w->run->cname_walk || w->nx_tells >= 2 ||
	    (w->nx_tells > 0 && dd_name_equal(w->nx_zone, zone_name))) {
		return;
	}
	uint8_t nx[DD_NAME_MAXLEN];
	size_t ll = (size_t)w->ev->nx_name[0] + 1, nl = dd_name_len(zone_name);
	if (ll + nl > DD_NAME_MAXLEN) {
		return;
	}
	memcpy(nx, w->ev->nx_name, ll);
	memcpy(nx + ll, zone_name, nl);
	memcpy(w->nx_zone, zone_name, nl);
	w->nx_tells++;
	w->cfg->on_nx_name(w->cfg->on_nx_name_arg, nx);
}

/* Whether server @p addr of @p zone has, by its own answers, shown the zone to be the target's:
 * it answered the target's question authoritatively, and the SOA at every name between the
 * zone and the target with neither a referral nor an apex (the test dd__cut_done() applies to
 * all the servers together), and the user named no server for a zone in between. */
static bool server_shows_target_zone(walk_t *w, int zone, const char *addr)
{
	const uint8_t *name = w->ev->zones[zone].name;
	unsigned zl = dd_name_labels(name), tl = dd_name_labels(w->target);
	if (w->zs[zone].asked < tl) {
		return false;  /* minimised, and not down to the target yet */
	}
	dd_msg_t *m = dd_msg_of(dd_evidence_find(w->ev, addr, w->target, w->qtype));
	bool ok = m != NULL && (m->flags & DD_FLAG_AA) &&
	          (m->rcode == DD_RCODE_NOERROR || m->rcode == DD_RCODE_NXDOMAIN);
	dd_msg_free(m);
	for (unsigned l = zl + 1; ok && l <= tl; l++) {
		const uint8_t *anc = dd_name_suffix(w->target, l);
		for (size_t i = 0; i < w->cfg->nservers; i++) {
			ok = ok && !dd_name_equal(w->cfg->servers[i].zone, anc);
		}
		m = dd_msg_of(dd_evidence_find(w->ev, addr, anc, DD_TYPE_SOA));
		ok = ok && m != NULL && (m->flags & DD_FLAG_AA) &&
		     (m->rcode == DD_RCODE_NOERROR || m->rcode == DD_RCODE_NXDOMAIN);
		for (size_t i = 0; ok && i < m->count[DD_SECTION_AUTHORITY]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
			ok = !(rr->type == DD_TYPE_NS && dd_name_in_zone(anc, rr->owner) &&
			       !dd_name_equal(rr->owner, name));
		}
		for (size_t i = 0; ok && i < m->count[DD_SECTION_ANSWER]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
			ok = !(rr->type == DD_TYPE_SOA && dd_name_equal(rr->owner, anc));
		}
		dd_msg_free(m);
	}
	return ok;
}

/* An answer from a server of @p zone (queue.c, through hooks.answer): when that server's
 * answers show the zone to be the target's, whoever waits on the nonexistent name is told
 * now, not when the zone's round is over, which a server that never answers holds for its
 * timeouts (the resolver views then ask it beside the probe; issue 15). dd__cut_done() tells
 * again if the round decides on another zone. */
void dd__cut_answer(walk_t *w, int zone, const dd_exchange_t *x)
{
	if (w->cfg->on_nx_name == NULL || w->nx_tells > 0 || w->run->cname_walk ||
	    x->error != DD_QERR_NONE || !dd_name_in_zone(w->target, x->qname) ||
	    !server_shows_target_zone(w, zone, x->server)) {
		return;
	}
	tell_nx(w, w->ev->zones[zone].name);
}

/* After the first round of @p zone: add the servers only the child lists, find the next cut
 * towards the target, or at the target's zone check the NSEC/NSEC3 type bitmap. */
void dd__cut_done(walk_t *w, int zone)
{
	zstate_t *zs = &w->zs[zone];
	zs->done = true;
	uint8_t name[DD_NAME_MAXLEN];
	memcpy(name, w->ev->zones[zone].name, dd_name_len(w->ev->zones[zone].name));

	/* child-listed name servers */
	size_t nserv = zs->child_done ? 0 : w->ev->zones[zone].nservers;
	zs->child_done = true;
	const uint8_t *skipped[MAX_SKIPPED];
	size_t nskipped = 0;
	for (size_t s = 0; s < nserv; s++) {
		char addr[64];
		snprintf(addr, sizeof(addr), "%s", w->ev->zones[zone].servers[s].addr);
		dd_msg_t *m = dd_msg_of(dd_evidence_find(w->ev, addr, name, DD_TYPE_NS));
		if (m == NULL) {
			continue;
		}
		const uint8_t *names[32];
		size_t n = ns_names(m, DD_SECTION_ANSWER, name, names, 32);
		for (size_t k = 0; k < n; k++) {
			if (zone_has_ns(&w->ev->zones[zone], names[k])) {
				for (size_t i = 0; i < w->ev->zones[zone].nservers; i++) {
					if (dd_name_equal(w->ev->zones[zone].servers[i].ns_name, names[k])) {
						w->ev->zones[zone].servers[i].sources |= DD_SRC_CHILD;
					}
				}
			} else if (ns_take(w, zone, names[k], NULL, 0, skipped, &nskipped)) {
				uint8_t ns[DD_NAME_MAXLEN];
				memcpy(ns, names[k], dd_name_len(names[k]));
				dd__nsaddr_want(w, zone, ns, DD_SRC_CHILD);
			}
		}
		dd_msg_free(m);
	}

	/* the next cut: the shallowest name below this zone with a referral or an apex SOA */
	unsigned zl = dd_name_labels(name), tl = dd_name_labels(w->target);
	for (unsigned l = zl + 1; l <= zs->asked; l++) {
		const uint8_t *anc = dd_name_suffix(w->target, l);
		bool referral = false, apex = false;
		uint8_t cut[DD_NAME_MAXLEN];
		for (size_t s = 0; s < w->ev->zones[zone].nservers && !referral; s++) {
			dd_msg_t *m = dd_msg_of(dd_evidence_find(w->ev, w->ev->zones[zone].servers[s].addr, anc,
			                                       DD_TYPE_SOA));
			if (m == NULL) {
				continue;
			}
			for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY] && !referral; i++) {
				const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
				if (rr->type == DD_TYPE_NS && !(m->flags & DD_FLAG_AA) &&
				    dd_name_in_zone(anc, rr->owner) && dd_name_in_zone(rr->owner, name) &&
				    !dd_name_equal(rr->owner, name)) {
					dd_name_to_lower(cut, rr->owner);
					referral = true;
				}
			}
			for (size_t i = 0; i < m->count[DD_SECTION_ANSWER] && !referral && !apex; i++) {
				const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
				if (rr->type == DD_TYPE_SOA && dd_name_equal(rr->owner, anc)) {
					dd_name_to_lower(cut, anc);
					apex = true;
				}
			}
			dd_msg_free(m);
		}
		bool user = false;
		for (size_t i = 0; i < w->cfg->nservers && !referral && !apex; i++) {
			if (dd_name_equal(w->cfg->servers[i].zone, anc)) {
				dd_name_to_lower(cut, anc);
				user = true;
			}
		}
		if (referral || apex || user) {
			if (dd_evidence_zone_find(w->ev, cut) < 0) {
				new_zone(w, zone, cut, referral ? CUT_REFERRAL : apex ? CUT_APEX : CUT_USER);
			}
			return;
		}
	}

	if (zs->asked < tl) {
		/* minimised: no cut down to here; ask this zone's servers one label further */
		zs->asked++;
		zs->done = false;
		const uint8_t *anc = dd_name_suffix(w->target, zs->asked);
		for (size_t i = 0; i < zs->nprobed; i++) {
			char addr[64];
			snprintf(addr, sizeof(addr), "%s", zs->probed[i]);
			dd__queue_enqueue(w, Q_ZONE, zone, NULL, addr, anc, DD_TYPE_SOA);
			dd__queue_enqueue(w, Q_ZONE, zone, NULL, addr, anc, DD_TYPE_DS);
		}
		if (zs->pending == 0) {
			zs->done = true;
		}
		return;
	}
	if (w->cfg->minimise && !dd_name_equal(name, w->target)) {
		/* minimised, and the target is below the apex of its zone: ask for it now */
		for (size_t i = 0; i < zs->nprobed; i++) {
			char addr[64];
			snprintf(addr, sizeof(addr), "%s", zs->probed[i]);
			dd__queue_enqueue(w, Q_EXTRA, zone, NULL, addr, w->target, w->qtype);
			dd__queue_enqueue(w, Q_EXTRA, zone, NULL, addr, w->target, w->ev->nodata_type);
		}
		return;
	}

	/* the target's zone is known: its nonexistent name too, for whoever waits on it (the
	 * resolver views ask it beside the probe), unless one server's answers told it already */
	tell_nx(w, name);

	/* the target's zone: ask for every type the NSEC/NSEC3 at the target claims, so that the
	 * analysis can hold the bitmap against the data (NSEC_BITMAP_WRONG). The probe reads only
	 * the bitmaps: a NODATA proof carries the NSEC owned by the target (RFC 4035 3.1.3.1) or
	 * the NSEC3 matching it (RFC 5155 7.2.3), so no hash is needed to choose the queries;
	 * whether the proof holds is the analysis's to say. */
	for (size_t s = 0; s < w->ev->zones[zone].nservers; s++) {
		char addr[64];
		snprintf(addr, sizeof(addr), "%s", w->ev->zones[zone].servers[s].addr);
		dd_msg_t *m = dd_msg_of(dd_evidence_find(w->ev, addr, w->target, w->ev->nodata_type));
		if (m == NULL || m->rcode != DD_RCODE_NOERROR || m->count[DD_SECTION_ANSWER] > 0) {
			dd_msg_free(m);
			continue;
		}
		uint16_t asked[MAX_BITMAP_TYPES];
		size_t nasked = 0;
		for (size_t i = 0; i < m->count[DD_SECTION_AUTHORITY]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_AUTHORITY][i];
			const uint8_t *bm = NULL;
			size_t bml = 0;
			dd_nsec_t n;
			dd_nsec3_t n3;
			if (rr->type == DD_TYPE_NSEC && dd_name_equal(rr->owner, w->target) &&
			    dd_nsec_parse(rr->rdata.data, rr->rdata.len, &n) == DD_OK) {
				bm = n.bitmap;
				bml = n.bitmap_len;
			} else if (rr->type == DD_TYPE_NSEC3 &&
			           dd_nsec3_parse(rr->rdata.data, rr->rdata.len, &n3) == DD_OK) {
				bm = n3.bitmap;
				bml = n3.bitmap_len;
			}
			/* the types the bitmap lists, window by window (RFC 4034 4.1.2; checked by the
			 * parse above), at most MAX_BITMAP_TYPES per server */
			for (size_t pos = 0; bm != NULL && pos + 2 <= bml; pos += 2 + (size_t)bm[pos + 1]) {
				for (unsigned o = 0; o < bm[pos + 1] && pos + 2 + o < bml; o++) {
					for (unsigned b = 0; b < 8; b++) {
						unsigned t = bm[pos] * 256u + o * 8 + b;
						if (!(bm[pos + 2 + o] & (0x80 >> b)) || t == 0 || t == DD_TYPE_RRSIG ||
						    t == DD_TYPE_NSEC || t == DD_TYPE_NSEC3 || t == w->qtype ||
						    nasked == MAX_BITMAP_TYPES || type_in(asked, nasked, t)) {
							continue;
						}
						asked[nasked++] = (uint16_t)t;
						dd__queue_enqueue(w, Q_EXTRA, zone, NULL, addr, w->target, (uint16_t)t);
					}
				}
			}
		}
		dd_msg_free(m);
	}
}
