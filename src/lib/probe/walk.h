/* SPDX-License-Identifier: MIT
 * walk.h - internal: the state of one probe walk, shared by its files, which call one way,
 * top to bottom: walk.c (the run: set-up, the CNAME's second walk, the hooks), cut.c (zones:
 * their probe set, new cuts, the next cut), nsaddr.c (name-server addresses, resolved
 * iteratively) and queue.c (the query queue, budgets, limits, notes, completion). What a
 * lower file hands up goes through the hooks walk.c registers (walk_hooks_t). Not installed. */
#pragma once

#include <uv.h>

#include "dd/evidence.h"
#include "dd/msg.h"
#include "dd/probe.h"
#include "rtt.h"
#include "xfer.h"

#define MAX_ADDRS 32
#define MAX_REFERRALS 12
#define MAX_CNAMES 4
#define MAX_ZONES 64
#define MAX_BITMAP_TYPES 32   /* types of the target's NSEC/NSEC3 bitmap asked per server */

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
	int for_zone;                   /* the zone of the chain that needs it (for notes) */
	unsigned depth;                 /* 1 for a zone's NS name; +1 per NS name needed on the way */
	unsigned sent;                  /* queries of this lookup */
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
	bool checked;      /* its address was checked (guard.c) */
	dd_exchange_t hit; /* the cached answer, delivered from the retry timer */
	dd__xfer_t *xfer;  /* while in flight on the transport */
	struct query *next;
	struct query *iprev, *inext;  /* the in-flight list */
} query_t;

typedef struct zstate {
	int pending;       /* first-round queries outstanding */
	int awaiting;      /* NS address resolutions outstanding before the first round */
	bool started, done, child_done;
	unsigned asked;    /* labels of the target down to which SOA and DS were asked */
	unsigned ns_taken; /* NS names considered for the zone (limits.ns_per_cut) */
	char (*probed)[64];
	size_t nprobed;
} zstate_t;

typedef struct known {
	uint8_t zone[DD_NAME_MAXLEN];
	char addrs[MAX_ADDRS][64];
	size_t n;
} known_t;

/* What the walks of one run share: a CNAME's second walk continues the first one's budget. */
typedef struct prun {
	dd_probe_stats_t st;
	dd_probe_limits_t lim;     /* defaults filled in */
	int64_t deadline;          /* transport clock, ms */
	bool restrict_addrs;       /* !cfg->allow_private */
	bool cname_walk;           /* the second walk, of the target's CNAME */
} prun_t;

/* Where the lower files hand results up, set by walk.c (the top), so that no file of the probe
 * calls one above it by name. */
typedef struct walk_hooks {
	/** The loop is ready: send the first queries (cut.c: the root's servers). */
	void (*start)(walk_t *w);
	/** An answer @p x (no error) from a server of @p zone, recorded (queue.c → cut.c). */
	void (*answer)(walk_t *w, int zone, const dd_exchange_t *x);
	/** The first round of @p zone is complete (queue.c → cut.c). */
	void (*zone_done)(walk_t *w, int zone);
	/** An answer (NULL: none, nothing was sent) for the lookup @p j (queue.c → nsaddr.c). */
	void (*resolve_answer)(walk_t *w, res_job_t *j, const dd_exchange_t *x);
	/** The addresses of @p ns for @p zone are known, or none could be had (nsaddr.c → cut.c). */
	void (*addresses)(walk_t *w, int zone, const uint8_t *ns, unsigned src,
	                  const res_job_t *j);
} walk_hooks_t;

struct walk {
	walk_hooks_t hooks;
	uv_loop_t loop;
	const dd__transport_t *tp;
	const dd_probe_config_t *cfg;
	prun_t *run;
	dd_probe_stats_t *stats;   /* &run->st */
	dd_evidence_t *ev;
	xfer_opts_t xo;
	dd__rtt_t rtt;        /* RTTs and failures seen this run: each exchange's timeouts */
	unsigned nx_tells;    /* calls of cfg->on_nx_name (cut.c tell_nx) */
	uint8_t nx_zone[DD_NAME_MAXLEN];  /* the zone of the last one */
	uint16_t port;
	bool v4, v6;
	uint8_t target[DD_NAME_MAXLEN];
	uint16_t qtype;
	unsigned inflight, max_inflight;
	uint8_t cur_round;    /* the round of the answer being handled; new queries get one more */
	query_t *qhead, *qtail;
	query_t *ready;       /* answered from the cache, to deliver */
	uv_timer_t retry;     /* delivers those, and retries queries waiting for budget */
	query_t *inflight_head;   /* on the transport */
	uv_timer_t deadline;  /* limits.wall_ms (unreferenced: it does not hold the loop) */
	uv_poll_t cancel;     /* cfg->cancel's pipe */
	bool polling;
	bool stopping;        /* nothing new is sent: a run-wide limit, or cancelled */
	zstate_t zs[MAX_ZONES];
	res_job_t *jobs;
	known_t known[MAX_ZONES * 2];
	size_t nknown;
	int err;
};


/* ---- queue.c ------------------------------------------------------------------------------- */

/** Initialise @p w's loop and its timers. @return DD_OK, or DD_EIO (the loop could not be made). */
int dd__queue_open(walk_t *w);

/** Watch cfg->cancel (if any); when it has fired already, mark the run interrupted and stopping. */
void dd__queue_watch(walk_t *w);

/** Arm the run's deadline, call hooks.start and run the loop until nothing is left to do. */
void dd__queue_run(walk_t *w);

/** Close the handles dd__queue_open() and dd__queue_watch() made and the loop. */
void dd__queue_close(walk_t *w);

/** Queue a query of @p kind (for @p zone or @p job) to @p addr; sent when the budgets allow. */
void dd__queue_enqueue(walk_t *w, qkind_t kind, int zone, res_job_t *job, const char *addr,
                      const uint8_t *qname, uint16_t qtype);

/** Whether the address family of @p addr is in use. */
bool dd__queue_family_ok(const walk_t *w, const char *addr);

/** Remember @p addr as a server of @p zone (where NS names below it are resolved from). */
void dd__queue_known_add(walk_t *w, const uint8_t *zone, const char *addr);

/** The address text of an A or AAAA RDATA into @p out. */
bool dd__queue_addr_text(const dd_rr_t *rr, char out[64]);

/** Record a note (a limit reached, an address refused or flagged) for @p zone, merged with an
 *  earlier one of the same kind and zone (or address). */
void dd__queue_note(walk_t *w, dd_probe_note_kind_t kind, const uint8_t *zone, const char *addr,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ---- guard.c ------------------------------------------------------------------------------- */

typedef enum addr_class {
	ADDR_PUBLIC = 0,
	ADDR_PRIVATE,   /* RFC 1918, RFC 4193: queried, flagged */
	ADDR_REFUSED,   /* unspecified, loopback, link-local, multicast, broadcast: never queried */
} addr_class_t;

/** The class of address @p addr (text) and, into @p what, a static phrase naming it. */
addr_class_t dd__addr_class(const char *addr, const char **what);

/* ---- cut.c --------------------------------------------------------------------------------- */

/** Send the probe set to every address of @p zone not asked yet. */
void dd__cut_probe(walk_t *w, int zone);

/** An answer from a server of @p zone: tells cfg->on_nx_name as soon as that server's own
 *  answers show the zone to be the target's. */
void dd__cut_answer(walk_t *w, int zone, const dd_exchange_t *x);

/** The first round of @p zone is complete: its child-listed servers, the next cut. */
void dd__cut_done(walk_t *w, int zone);

/** The addresses of @p ns (job @p j) for @p zone are known (or none could be had). */
void dd__cut_add_addresses(walk_t *w, int zone, const uint8_t *ns, unsigned src,
                           const res_job_t *j);

/* ---- nsaddr.c ------------------------------------------------------------------------------ */

/** Ask for the addresses of @p ns for zone @p zone (one job per name and family). */
void dd__nsaddr_want(walk_t *w, int zone, const uint8_t *ns, unsigned src);

/** An answer for job @p j. */
void dd__nsaddr_response(walk_t *w, res_job_t *j, const dd_exchange_t *x);
