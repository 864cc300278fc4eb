/* SPDX-License-Identifier: MIT
 * walk.c - the probe: walk from the root hints down to the target, finding every zone cut
 * (referrals, and apexes served without one), resolving name servers without glue
 * iteratively, and asking every address of every server of every zone, concurrently. */

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/nsec3.h"
#include "dd/probe.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "share.h"
#include "xfer.h"

#define MAX_ADDRS 32
#define MAX_REFERRALS 12
#define MAX_CNAMES 4
#define MAX_ZONES 64

typedef struct walk walk_t;

typedef struct res_job {
	uint8_t name[DD_NAME_MAXLEN];   /* the NS name being resolved */
	uint8_t cur[DD_NAME_MAXLEN];    /* the name queried now (after CNAMEs) */
	uint16_t type;                  /* A or AAAA */
	bool done;
	char addrs[MAX_ADDRS][64];
	size_t naddrs;
	char srv[MAX_ADDRS][64];        /* servers of the zone being asked */
	size_t nsrv, next;
	uint8_t zone[DD_NAME_MAXLEN];
	int referrals, cnames;
	struct { int zone; unsigned src; } waiters[MAX_ZONES];
	size_t nwaiters;
	struct res_job *blocked;        /* a job waiting for this one (NS address of a referral) */
	struct res_job *next_job;
} res_job_t;

typedef enum qkind { Q_ZONE, Q_EXTRA, Q_RESOLVE } qkind_t;

typedef struct query {
	walk_t *w;
	qkind_t kind;
	int zone;
	res_job_t *job;
	char addr[64];
	uint8_t qname[DD_NAME_MAXLEN];
	uint16_t qtype;
	uint8_t round;
	bool cacheable;    /* shared through cfg->cache */
	bool marked;       /* this probe asks it for the cache: put the answer there */
	bool sent;         /* holds budget */
	dd_exchange_t hit; /* the cached answer, delivered from the retry timer */
	struct query *next;
} query_t;

typedef struct zstate {
	int pending;       /* first-round queries outstanding */
	int awaiting;      /* NS address resolutions outstanding before the first round */
	bool started, done, child_done;
	unsigned asked;    /* labels of the target down to which SOA and DS were asked */
	char (*probed)[64];
	size_t nprobed;
} zstate_t;

typedef struct known {
	uint8_t zone[DD_NAME_MAXLEN];
	char addrs[MAX_ADDRS][64];
	size_t n;
} known_t;

struct walk {
	uv_loop_t loop;
	const dd_probe_config_t *cfg;
	dd_evidence_t *ev;
	xfer_opts_t xo;
	uint16_t port;
	bool v4, v6;
	uint8_t target[DD_NAME_MAXLEN];
	uint16_t qtype;
	unsigned inflight, max_inflight;
	uint8_t cur_round;    /* the round of the answer being handled; new queries get one more */
	query_t *qhead, *qtail;
	query_t *ready;       /* answered from the cache, to deliver */
	uv_timer_t retry;     /* delivers those, and retries queries waiting for budget */
	zstate_t zs[MAX_ZONES];
	res_job_t *jobs;
	known_t known[MAX_ZONES * 2];
	size_t nknown;
	int err;
};

static const uint16_t ZONE_TYPES[] = { DD_TYPE_DNSKEY, DD_TYPE_SOA, DD_TYPE_NS, DD_TYPE_NSEC3PARAM,
	                               DD_TYPE_CDS, DD_TYPE_CDNSKEY };

static void start_query(query_t *q);
static void dispatch(walk_t *w);
static void zone_probe(walk_t *w, int zone);
static void res_step(walk_t *w, res_job_t *j);

/* ---- query queue -------------------------------------------------------------------------- */

static void enqueue(walk_t *w, qkind_t kind, int zone, res_job_t *job, const char *addr,
                    const uint8_t *qname, uint16_t qtype)
{
	query_t *q = calloc(1, sizeof(*q));
	if (q == NULL) {
		w->err = DD_ENOMEM;
		return;
	}
	q->w = w;
	q->kind = kind;
	q->zone = zone;
	q->job = job;
	snprintf(q->addr, sizeof(q->addr), "%s", addr);
	memcpy(q->qname, qname, dd_name_len(qname));
	q->qtype = qtype;
	q->round = w->cur_round < 255 ? (uint8_t)(w->cur_round + 1) : 255;
	if (kind == Q_ZONE) {
		w->zs[zone].pending++;
	}
	q->cacheable = w->cfg->cache != NULL && !dd_name_in_zone(qname, w->target);
	if (w->qtail != NULL) {
		w->qtail->next = q;
		w->qtail = q;
	} else {
		w->qhead = w->qtail = q;
	}
	dispatch(w);
}

static void on_exchange(void *arg, const dd_exchange_t *x);

static void on_retry(uv_timer_t *t);

static void arm_retry(walk_t *w, unsigned ms)
{
	if (!uv_is_active((uv_handle_t *)&w->retry) || uv_timer_get_due_in(&w->retry) > ms) {
		uv_timer_start(&w->retry, on_retry, ms, 0);
	}
}

/* Try to start @p q: from the cache, or sent when the shared budget allows.
 * @return 0 when it is under way, else milliseconds to wait before trying again. */
static unsigned try_start(walk_t *w, query_t *q)
{
	if (q->cacheable && !q->marked) {
		switch (dd__cache_get(w->cfg->cache, q->addr, q->qname, q->qtype, &q->hit)) {
		case SHARE_HIT:
			w->inflight++;
			q->next = w->ready;
			w->ready = q;
			arm_retry(w, 0);
			return 0;
		case SHARE_PENDING:
			return 2;
		case SHARE_MISS:
			q->marked = true;
			break;
		}
	}
	if (w->cfg->budget != NULL) {
		unsigned wait = dd__budget_take(w->cfg->budget, q->addr, dd__now_ms());
		if (wait > 0) {
			return wait;
		}
		q->sent = true;
	}
	start_query(q);
	return 0;
}

static void dispatch(walk_t *w)
{
	while (w->qhead != NULL && w->inflight < w->max_inflight) {
		query_t *q = w->qhead;
		w->qhead = q->next;
		if (w->qhead == NULL) {
			w->qtail = NULL;
		}
		q->next = NULL;
		unsigned wait = try_start(w, q);
		if (wait > 0) {
			/* back at the head, in order */
			q->next = w->qhead;
			w->qhead = q;
			if (w->qtail == NULL) {
				w->qtail = q;
			}
			arm_retry(w, wait);
			return;
		}
	}
}

static void on_retry(uv_timer_t *t)
{
	walk_t *w = t->data;
	while (w->ready != NULL) {
		query_t *q = w->ready;
		w->ready = q->next;
		dd_exchange_t x = q->hit;
		on_exchange(q, &x);  /* frees q */
		free(x.wire);
	}
	dispatch(w);
}

static void start_query(query_t *q)
{
	walk_t *w = q->w;
	w->inflight++;
	if (dd__xfer_start(&w->loop, &w->xo, q->addr, w->port, q->qname, q->qtype, on_exchange, q) != 0) {
		/* a bad address: record it as unreachable without sending anything */
		dd_exchange_t x = { .qtype = q->qtype, .error = DD_QERR_NETWORK, .sent_ms = dd__now_ms() };
		snprintf(x.server, sizeof(x.server), "%s", q->addr);
		memcpy(x.qname, q->qname, dd_name_len(q->qname));
		on_exchange(q, &x);
	}
}

/* ---- helpers ------------------------------------------------------------------------------ */

static bool family_ok(const walk_t *w, const char *addr)
{
	bool v6 = strchr(addr, ':') != NULL;
	return v6 ? w->v6 : w->v4;
}

static void known_add(walk_t *w, const uint8_t *zone, const char *addr)
{
	known_t *k = NULL;
	for (size_t i = 0; i < w->nknown; i++) {
		if (dd_name_equal(w->known[i].zone, zone)) {
			k = &w->known[i];
		}
	}
	if (k == NULL) {
		if (w->nknown == sizeof(w->known) / sizeof(w->known[0])) {
			return;
		}
		k = &w->known[w->nknown++];
		memset(k, 0, sizeof(*k));
		dd_name_to_lower(k->zone, zone);
	}
	for (size_t i = 0; i < k->n; i++) {
		if (strcmp(k->addrs[i], addr) == 0) {
			return;
		}
	}
	if (k->n < MAX_ADDRS) {
		snprintf(k->addrs[k->n++], 64, "%s", addr);
	}
}

/* Address text of an A or AAAA RDATA. */
static bool addr_text(const dd_rr_t *rr, char out[64])
{
	if (rr->type == DD_TYPE_A && rr->rdata.len == 4) {
		return inet_ntop(AF_INET, rr->rdata.data, out, 64) != NULL;
	}
	if (rr->type == DD_TYPE_AAAA && rr->rdata.len == 16) {
		return inet_ntop(AF_INET6, rr->rdata.data, out, 64) != NULL;
	}
	return false;
}


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
		if (family_ok(w, best->addrs[i])) {
			snprintf(j->srv[j->nsrv++], 64, "%s", best->addrs[i]);
		}
	}
}

static void zone_add_addresses(walk_t *w, int zone, const uint8_t *ns, unsigned src,
                               const res_job_t *j);

static void job_finish(walk_t *w, res_job_t *j)
{
	j->done = true;
	for (size_t i = 0; i < j->nwaiters; i++) {
		zone_add_addresses(w, j->waiters[i].zone, j->name, j->waiters[i].src, j);
	}
	j->nwaiters = 0;
	res_job_t *b = j->blocked;
	j->blocked = NULL;
	if (b != NULL) {
		/* the referral's NS name now has addresses: continue the blocked job there */
		for (size_t i = 0; i < j->naddrs && b->nsrv < MAX_ADDRS; i++) {
			known_add(w, b->zone, j->addrs[i]);
			if (family_ok(w, j->addrs[i])) {
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

static void res_step(walk_t *w, res_job_t *j)
{
	if (j->next >= j->nsrv) {
		job_finish(w, j);
		return;
	}
	enqueue(w, Q_RESOLVE, -1, j, j->srv[j->next++], j->cur, j->type);
}

static res_job_t *job_start(walk_t *w, const uint8_t *name, uint16_t type)
{
	res_job_t *j = calloc(1, sizeof(*j));
	if (j == NULL) {
		w->err = DD_ENOMEM;
		return NULL;
	}
	dd_name_to_lower(j->name, name);
	memcpy(j->cur, j->name, dd_name_len(j->name));
	j->type = type;
	j->next_job = w->jobs;
	w->jobs = j;
	job_seed(w, j);
	return j;
}

static void res_response(walk_t *w, res_job_t *j, const dd_exchange_t *x)
{
	dd_msg_t *m = dd_msg_of(x);
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
	for (int hops = 0; progressed && hops <= MAX_CNAMES; hops++) {
		progressed = false;
		for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
			if (!dd_name_equal(rr->owner, want)) {
				continue;
			}
			char a[64];
			if (rr->type == j->type && addr_text(rr, a) && j->naddrs < MAX_ADDRS) {
				snprintf(j->addrs[j->naddrs++], 64, "%s", a);
			} else if (rr->type == DD_TYPE_CNAME &&
			           dd_name_check(rr->rdata.data, rr->rdata.len) > 0) {
				memcpy(want, rr->rdata.data, dd_name_len(rr->rdata.data));
				progressed = true;
				break;
			}
		}
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
			if (dd_name_equal(g->owner, rr->rdata.data) && addr_text(g, a)) {
				known_add(w, zone, a);
				if (family_ok(w, a) && j->nsrv < MAX_ADDRS) {
					snprintf(j->srv[j->nsrv++], 64, "%s", a);
				}
			}
		}
	}
	if (j->nsrv > 0) {
		dd_msg_free(m);
		res_step(w, j);
		return;
	}
	/* no glue: resolve the first NS name, then continue (bounded by MAX_REFERRALS) */
	res_job_t *sub = first_ns ? job_find(w, first_ns, DD_TYPE_A) : NULL;
	if (first_ns != NULL && sub == NULL && !dd_name_in_zone(first_ns, zone)) {
		sub = job_start(w, first_ns, w->v4 ? DD_TYPE_A : DD_TYPE_AAAA);
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
static void want_addresses(walk_t *w, int zone, const uint8_t *ns, unsigned src)
{
	uint16_t types[2];
	size_t nt = 0;
	if (w->v4) {
		types[nt++] = DD_TYPE_A;
	}
	if (w->v6) {
		types[nt++] = DD_TYPE_AAAA;
	}
	for (size_t t = 0; t < nt; t++) {
		res_job_t *j = job_find(w, ns, types[t]);
		bool fresh = j == NULL;
		if (fresh) {
			j = job_start(w, ns, types[t]);
			if (j == NULL) {
				return;
			}
		}
		if (j->done) {
			zone_add_addresses(w, zone, ns, src, j);
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

/* ---- zones -------------------------------------------------------------------------------- */

static void zone_add_addresses(walk_t *w, int zone, const uint8_t *ns, unsigned src,
                               const res_job_t *j)
{
	if (j->naddrs == 0) {
		/* record the name even without an address: an unresolvable server is a finding */
		dd_evidence_zone_server(w->ev, zone, ns, "", src, false);
	}
	for (size_t i = 0; i < j->naddrs; i++) {
		dd_evidence_zone_server(w->ev, zone, ns, j->addrs[i], src, false);
		known_add(w, w->ev->zones[zone].name, j->addrs[i]);
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
		zone_probe(w, zone);  /* first round, or the newly found servers of a later one */
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
static void zone_probe(walk_t *w, int zone)
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
		if (addr[0] == '\0' || !family_ok(w, addr) || probed(zs, addr)) {
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
			enqueue(w, kind, zone, NULL, addr, name, ZONE_TYPES[t]);
		}
		/* the nonexistent-name probe of this zone */
		uint8_t nx[DD_NAME_MAXLEN];
		const uint8_t *lbl = w->ev->nx_name;  /* label + target zone, see dd_probe_run */
		size_t ll = (size_t)lbl[0] + 1, zl = dd_name_len(name);
		if (ll + zl <= DD_NAME_MAXLEN) {
			memcpy(nx, lbl, ll);
			memcpy(nx + ll, name, zl);
			enqueue(w, kind, zone, NULL, addr, nx, DD_TYPE_A);
		}
		if (!mini || at_target) {
			enqueue(w, kind, zone, NULL, addr, w->target, w->qtype);
			enqueue(w, kind, zone, NULL, addr, w->target, w->ev->nodata_type);
		}
		for (size_t e = 0; mini && at_target && e < w->cfg->nextra; e++) {
			if (dd_name_in_zone(w->cfg->extra[e].name, name)) {
				enqueue(w, kind, zone, NULL, addr, w->cfg->extra[e].name, w->cfg->extra[e].type);
			}
		}
		/* SOA and DS at the names between this zone and the target (minimised: down to the
		 * label asked so far): the cuts below */
		for (unsigned l = zlabels + 1; l <= zs->asked; l++) {
			const uint8_t *anc = dd_name_suffix(w->target, l);
			enqueue(w, kind, zone, NULL, addr, anc, DD_TYPE_SOA);
			enqueue(w, kind, zone, NULL, addr, anc, DD_TYPE_DS);
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
	w->ev->zones[idx].delegated = true;
	dd_zone_ev_t *p = &w->ev->zones[parent];

	/* user-given servers for this zone */
	for (size_t i = 0; i < w->cfg->nservers; i++) {
		const dd_probe_server_t *s = &w->cfg->servers[i];
		if (dd_name_equal(s->zone, cut)) {
			dd_evidence_zone_server(w->ev, idx, s->ns_name, s->addr, DD_SRC_USER, false);
		}
	}
	if (kind == CUT_USER) {
		zone_probe(w, idx);
		return;
	}
	if (kind == CUT_APEX) {
		for (size_t i = 0; i < p->nservers; i++) {
			dd_evidence_zone_server(w->ev, idx, w->ev->zones[parent].servers[i].ns_name,
			                        w->ev->zones[parent].servers[i].addr, DD_SRC_PARENT, false);
		}
		zone_probe(w, idx);
		return;
	}
	/* union of the NS names in every parent server's referral, with their glue */
	const uint8_t *pending_ns[64];
	size_t npending = 0;
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
				bool glued = false;
				for (size_t a = 0; a < m->count[DD_SECTION_ADDITIONAL]; a++) {
					const dd_rr_t *g = &m->rr[DD_SECTION_ADDITIONAL][a];
					char addr[64];
					if (dd_name_equal(g->owner, names[k]) && dd_name_in_zone(names[k], pname) &&
					    addr_text(g, addr) && family_ok(w, addr)) {
						dd_evidence_zone_server(w->ev, idx, names[k], addr, DD_SRC_PARENT, true);
						glued = true;
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
		want_addresses(w, idx, pending_ns[i], DD_SRC_PARENT);
	}
	for (size_t i = 0; i < nkeep; i++) {
		dd_msg_free(keep[i]);
	}
	if (--w->zs[idx].awaiting == 0) {
		zone_probe(w, idx);
	}
}

/* After the first round of @p zone: add the servers only the child lists, find the next cut
 * towards the target, or at the target's zone check the NSEC/NSEC3 type bitmap. */
static void zone_done(walk_t *w, int zone)
{
	zstate_t *zs = &w->zs[zone];
	zs->done = true;
	uint8_t name[DD_NAME_MAXLEN];
	memcpy(name, w->ev->zones[zone].name, dd_name_len(w->ev->zones[zone].name));

	/* child-listed name servers */
	size_t nserv = zs->child_done ? 0 : w->ev->zones[zone].nservers;
	zs->child_done = true;
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
			} else {
				uint8_t ns[DD_NAME_MAXLEN];
				memcpy(ns, names[k], dd_name_len(names[k]));
				want_addresses(w, zone, ns, DD_SRC_CHILD);
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
			enqueue(w, Q_ZONE, zone, NULL, addr, anc, DD_TYPE_SOA);
			enqueue(w, Q_ZONE, zone, NULL, addr, anc, DD_TYPE_DS);
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
			enqueue(w, Q_EXTRA, zone, NULL, addr, w->target, w->qtype);
			enqueue(w, Q_EXTRA, zone, NULL, addr, w->target, w->ev->nodata_type);
		}
		return;
	}

	/* the target's zone: ask for every type the NSEC/NSEC3 at the target claims */
	for (size_t s = 0; s < w->ev->zones[zone].nservers; s++) {
		char addr[64];
		snprintf(addr, sizeof(addr), "%s", w->ev->zones[zone].servers[s].addr);
		dd_msg_t *m = dd_msg_of(dd_evidence_find(w->ev, addr, w->target, w->ev->nodata_type));
		if (m == NULL) {
			continue;
		}
		uint8_t h[DD_NSEC3_HASH_LEN];
		bool hashed = false;
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
			           dd_nsec3_parse(rr->rdata.data, rr->rdata.len, &n3) == DD_OK &&
			           n3.iterations <= DD_RFC5155_ITERATIONS_MAX && rr->owner[0] == 32) {
				if (!hashed && dd_nsec3_hash(w->target, n3.hash_algorithm, n3.iterations,
				                             n3.salt, n3.salt_len, h) != DD_OK) {
					continue;
				}
				hashed = true;
				uint8_t own[DD_NSEC3_HASH_LEN];
				if (dd_base32hex_decode((const char *)rr->owner + 1, 32, own, sizeof(own)) == 20 &&
				    memcmp(own, h, 20) == 0) {
					bm = n3.bitmap;
					bml = n3.bitmap_len;
				}
			}
			/* the types the bitmap lists, window by window (RFC 4034 4.1.2; checked by the
			 * parse above) */
			for (size_t pos = 0; bm != NULL && pos + 2 <= bml; pos += 2 + (size_t)bm[pos + 1]) {
				for (unsigned o = 0; o < bm[pos + 1] && pos + 2 + o < bml; o++) {
					for (unsigned b = 0; b < 8; b++) {
						unsigned t = bm[pos] * 256u + o * 8 + b;
						if (!(bm[pos + 2 + o] & (0x80 >> b)) || t == 0 || t == DD_TYPE_RRSIG ||
						    t == DD_TYPE_NSEC || t == DD_TYPE_NSEC3 || t == w->qtype) {
							continue;
						}
						enqueue(w, Q_EXTRA, zone, NULL, addr, w->target, (uint16_t)t);
					}
				}
			}
		}
		dd_msg_free(m);
	}
}

/* ---- completion --------------------------------------------------------------------------- */

static void on_exchange(void *arg, const dd_exchange_t *x)
{
	query_t *q = arg;
	walk_t *w = q->w;
	w->inflight--;
	if (q->marked) {
		dd__cache_put(w->cfg->cache, x);
	}
	if (q->sent) {
		dd__budget_give(w->cfg->budget);
	}
	dd_exchange_t rec = *x;
	rec.round = q->round;
	w->cur_round = q->round;
	if (dd_evidence_add(w->ev, &rec) != DD_OK) {
		w->err = DD_ENOMEM;
	}
	switch (q->kind) {
	case Q_ZONE:
		if (--w->zs[q->zone].pending == 0) {
			zone_done(w, q->zone);
		}
		break;
	case Q_RESOLVE:
		res_response(w, q->job, x);
		break;
	case Q_EXTRA:
		break;
	}
	free(q);
	dispatch(w);
}

static bool have_ipv6_route(uint16_t port)
{
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0) {
		return false;
	}
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
	inet_pton(AF_INET6, "2001:500:2f::f", &sa.sin6_addr);  /* any global address will do */
	bool ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

static int walk_run(const dd_probe_config_t *cfg, const uint8_t *target, uint16_t qtype,
                    dd_evidence_t **out)
{
	if (cfg == NULL || target == NULL || out == NULL || cfg->nhints == 0 ||
	    dd_name_check(target, DD_NAME_MAXLEN) < 0) {
		return DD_EINVAL;
	}
	walk_t *w = calloc(1, sizeof(*w));
	if (w == NULL) {
		return DD_ENOMEM;
	}
	int ret = dd_evidence_new(&w->ev);
	if (ret != DD_OK) {
		free(w);
		return ret;
	}
	if (uv_loop_init(&w->loop) != 0) {
		dd_evidence_free(w->ev);
		free(w);
		return DD_EIO;
	}
	uv_timer_init(&w->loop, &w->retry);
	w->retry.data = w;
	w->cfg = cfg;
	w->port = cfg->port ? cfg->port : 53;
	w->xo = (xfer_opts_t){ .timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : 1500,
		               .udp_tries = cfg->udp_tries ? cfg->udp_tries : 2,
		               .tcp_on_failure = true };
	w->max_inflight = cfg->max_inflight ? cfg->max_inflight : 64;
	w->v4 = !cfg->no_ipv4;
	w->v6 = !cfg->no_ipv6 && have_ipv6_route(w->port);
	dd_name_to_lower(w->target, target);
	w->qtype = qtype;

	dd_evidence_t *ev = w->ev;
	memcpy(ev->target, w->target, dd_name_len(w->target));
	ev->qtype = qtype;
	ev->nodata_type = cfg->nodata_type ? cfg->nodata_type : 65280;
	ev->started_ms = dd__now_ms();
	snprintf(ev->anchor_source, sizeof(ev->anchor_source), "%s",
	         cfg->anchor_source ? cfg->anchor_source : "");
	for (size_t i = 0; i < cfg->nanchors && ret == DD_OK; i++) {
		ret = dd_evidence_add_anchor(ev, &cfg->anchors[i]);
	}
	/* nx_name holds the probe label as a one-label name; each zone appends itself */
	char label[64];
	if (cfg->nx_label != NULL) {
		snprintf(label, sizeof(label), "%s", cfg->nx_label);
	} else {
		uint8_t rnd[6] = { 0 };
		if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
			memcpy(rnd, &w, sizeof(rnd) < sizeof(w) ? sizeof(rnd) : sizeof(w));
		}
		char hex[DD_HEX_SIZE(6)];
		dd_hex_encode(rnd, sizeof(rnd), hex, false);
		snprintf(label, sizeof(label), "dd-nx-%s", hex);
	}
	uint8_t lname[DD_NAME_MAXLEN];
	if (ret == DD_OK && (dd_name_from_str(label, lname) < 0 || dd_name_labels(lname) != 1 ||
	                     strchr(label, '.') != NULL)) {
		ret = DD_EINVAL;  /* must be a single label */
	}
	if (ret == DD_OK) {
		memcpy(ev->nx_name, lname, dd_name_len(lname));
		int root;
		ret = dd_evidence_zone(ev, (const uint8_t *)"", -1, &root);
		for (size_t i = 0; i < cfg->nhints && ret == DD_OK; i++) {
			ret = dd_evidence_zone_server(ev, root, cfg->hints[i].ns_name, cfg->hints[i].addr,
			                              DD_SRC_HINTS, false);
			known_add(w, (const uint8_t *)"", cfg->hints[i].addr);
		}
	}
	if (ret == DD_OK) {
		zone_probe(w, 0);
		uv_run(&w->loop, UV_RUN_DEFAULT);
		ret = w->err;
	}
	/* the nonexistent name of the target's zone, for the analysis and the report */
	if (ret == DD_OK && ev->nzones > 0) {
		const uint8_t *zn = ev->zones[ev->nzones - 1].name;
		uint8_t nx[DD_NAME_MAXLEN];
		size_t ll = (size_t)lname[0] + 1, zl = dd_name_len(zn);
		if (ll + zl <= DD_NAME_MAXLEN) {
			memcpy(nx, lname, ll);
			memcpy(nx + ll, zn, zl);
			memcpy(ev->nx_name, nx, ll + zl);
		}
	}
	uv_close((uv_handle_t *)&w->retry, NULL);
	uv_run(&w->loop, UV_RUN_DEFAULT);
	uv_loop_close(&w->loop);
	for (res_job_t *j = w->jobs; j != NULL;) {
		res_job_t *n = j->next_job;
		free(j);
		j = n;
	}
	for (size_t i = 0; i < MAX_ZONES; i++) {
		free(w->zs[i].probed);
	}
	if (ret != DD_OK) {
		dd_evidence_free(w->ev);
	} else {
		*out = w->ev;
	}
	free(w);
	return ret;
}

/* The name the target's CNAME points at, when it is in another zone. */
static bool cname_elsewhere(const dd_evidence_t *ev, uint8_t out[DD_NAME_MAXLEN])
{
	int zi = dd_evidence_zone_of(ev, ev->target);
	if (zi < 0 || ev->qtype == DD_TYPE_CNAME) {
		return false;
	}
	const dd_zone_ev_t *z = &ev->zones[zi];
	for (size_t s = 0; s < z->nservers; s++) {
		dd_msg_t *m = dd_msg_of(dd_evidence_find(ev, z->servers[s].addr, ev->target, ev->qtype));
		for (size_t i = 0; m != NULL && i < m->count[DD_SECTION_ANSWER]; i++) {
			const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
			if (rr->type == DD_TYPE_CNAME && dd_name_equal(rr->owner, ev->target) &&
			    dd_name_check(rr->rdata.data, rr->rdata.len) > 0 &&
			    !dd_name_in_zone(rr->rdata.data, z->name)) {
				dd_name_to_lower(out, rr->rdata.data);
				dd_msg_free(m);
				return true;
			}
		}
		dd_msg_free(m);
	}
	return false;
}

int dd_probe_run(const dd_probe_config_t *cfg, const uint8_t *target, uint16_t qtype,
                 dd_evidence_t **out)
{
	dd_evidence_t *ev = NULL;
	int ret = walk_run(cfg, target, qtype, &ev);
	if (ret != DD_OK) {
		return ret;
	}
	/* a CNAME into another zone: walk that chain too (one hop; its own CNAMEs are reported,
	 * not followed) */
	uint8_t cname[DD_NAME_MAXLEN];
	if (cname_elsewhere(ev, cname)) {
		dd_evidence_t *more = NULL;
		ret = walk_run(cfg, cname, qtype, &more);
		if (ret == DD_OK) {
			ret = dd_evidence_merge(ev, more);
			memcpy(ev->cname_target, cname, dd_name_len(cname));
		}
		dd_evidence_free(more);
		if (ret != DD_OK && ret != DD_EINVAL) {
			dd_evidence_free(ev);
			return ret;
		}
		ret = DD_OK;
	}
	*out = ev;
	return DD_OK;
}
