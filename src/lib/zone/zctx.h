/* SPDX-License-Identifier: MIT
 * zctx.h - internal to zone/: the context of one check-zone run shared by store.c (the compact
 * canonical record store), verify.c (keys, signature jobs on worker threads, per-RRset
 * verdicts, DS), chain.c (the NSEC/NSEC3 chain) and check.c (structure, findings, the driver).
 * Every DNSSEC judgement is the validation core's (validate/). Not installed. */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "dd/zone.h"
#include "validate/validate.h"

/* DNSKEYs of the apex loaded; more are reported and ignored (the key index is one octet). */
#define DD__Z_KEYS_MAX 250

/* ---- the store ------------------------------------------------------------------------------ */

/* One record: 24 octets plus its RDATA in the arena. */
typedef struct dd__zrec {
	uint64_t off;      /* RDATA offset in the arena */
	uint32_t name;     /* name index */
	uint32_t ttl;
	uint16_t type;
	uint16_t rdlen;
	uint16_t key;      /* sort key within a name: the type, or the covered type for RRSIG */
	uint8_t sig;       /* 1 for RRSIG records */
	uint8_t pad;
} dd__zrec_t;

/* One owner name: its lowercase wire form and its canonical sort key in the arena. */
typedef struct dd__zname {
	uint64_t off;      /* wire name */
	uint64_t lf;       /* labels right to left, each followed by a zero octet (len - 1 octets) */
	uint8_t len;
	uint8_t zero;      /* a label holds a zero octet: the key does not order it; compare names */
} dd__zname_t;

enum {
	NODE_APEX = 1 << 0,
	NODE_CUT = 1 << 1,        /* delegation point (NS, not the apex) */
	NODE_NONAUTH = 1 << 2,    /* below a cut or a DNAME: glue or occluded */
	NODE_OUTSIDE = 1 << 3,    /* not in the zone */
	NODE_NSEC3 = 1 << 4,      /* owns NSEC3 records */
	NODE_DATA = 1 << 5,       /* has types other than NSEC3/RRSIG */
	NODE_DS = 1 << 6,
	NODE_DNAME = 1 << 7,
};

/* One owner with its records [first, first + count). */
typedef struct dd__znode {
	uint32_t name;
	uint32_t first;
	uint32_t count;
	uint16_t flags;
} dd__znode_t;

/* One signature to verify: the RRSIG record and the RRset it covers. */
typedef struct dd__zjob {
	uint32_t sig;      /* record index of the RRSIG */
	uint32_t set;      /* first record of the RRset */
	uint32_t setn;     /* records in the RRset */
	uint32_t node;
	uint32_t canon;    /* first of its RRset's canonical RDATA in canon_rd, or UINT32_MAX */
	uint32_t canonn;   /* how many (repeats dropped) */
} dd__zjob_t;

/* The context of one check. */
typedef struct dd__zctx {
	const dd_zone_check_opts_t *o;
	dd_zone_check_t *res;
	int err;
	size_t per_code;
	size_t cap_findings;
	/* store */
	uint8_t *arena;
	size_t alen, acap;
	dd__zrec_t *recs;
	size_t nrecs, caprecs;
	dd__zname_t *names;
	size_t nnames, capnames;
	bool sorted;           /* names arrived in strictly increasing canonical order */
	dd__znode_t *nodes;
	size_t nnodes;
	uint8_t apex[DD_NAME_MAXLEN];
	size_t apex_len;
	bool have_apex;
	int apex_node;
	size_t wire_bytes;
	/* budget (dd_zone_check_opts_t.max_records, max_memory) */
	size_t max_records, max_memory;
	size_t text_held;      /* zone text the reader holds in memory */
	size_t nsigs_read;     /* RRSIGs read: each will cost a job and an outcome */
	char limit_msg[160];   /* why the store stopped (DD_ELIMIT) */
	/* keys, as the validation core takes them */
	dd__vkey_t keys[DD__Z_KEYS_MAX];
	dd_rdata_t keyrd[DD__Z_KEYS_MAX];  /* their RDATA in the arena */
	size_t nkeys;
	bool alg_active[256];  /* algorithms that sign the DNSKEY RRset (RFC 4035 2.2) */
	dd__vopts_t vo;        /* time and caps for the validation core */
	dd__vsink_t sink;      /* findings of the core, into dd__z_find() */
	/* verification */
	dd__zjob_t *jobs;
	size_t njobs;
	dd__sigout_t *outs;    /* one per job */
	dd_rdata_t *canon_rd;  /* RRsets with several records and RRSIGs, put in canonical form and
	                          order once (RFC 4034 6.2, 6.3) for all their RRSIGs */
	uint8_t *canon_data;   /* their RDATA */
	atomic_size_t next_job;
	atomic_size_t done_jobs;
	atomic_size_t verifications;
	atomic_int worker_err;
	/* timing */
	struct timespec t0;
	double last_progress;
} dd__zctx_t;

/** RDATA of record @p r in the arena. */
static inline const uint8_t *dd__z_rdata(const dd__zctx_t *c, const dd__zrec_t *r)
{
	return c->arena + r->off;
}

/** Lowercase wire name number @p id. */
static inline const uint8_t *dd__z_name(const dd__zctx_t *c, uint32_t id)
{
	return c->arena + c->names[id].off;
}

/** Owner of node @p n. */
static inline const uint8_t *dd__z_node_name(const dd__zctx_t *c, const dd__znode_t *n)
{
	return dd__z_name(c, n->name);
}

/* store.c */
int dd__z_on_record(const dd_rr_t *rr, void *vctx);
int dd__z_order_store(dd__zctx_t *c);
void dd__z_classify(dd__zctx_t *c);
bool dd__z_node_has(const dd__zctx_t *c, const dd__znode_t *n, uint16_t type);
size_t dd__z_node_count(const dd__zctx_t *c, const dd__znode_t *n, uint16_t type);
long dd__z_find_node(dd__zctx_t *c, const uint8_t *name);
long dd__z_nearest_cut(dd__zctx_t *c, const uint8_t *name);
/** The RDATA of RRset @p type at node @p n, into @p buf (@p cap entries). */
dd__vrdset_t dd__z_rdset(const dd__zctx_t *c, const dd__znode_t *n, uint16_t type,
                         dd_rdata_t *buf, size_t cap);

/* verify.c */
void dd__z_load_keys(dd__zctx_t *c);
int dd__z_build_jobs(dd__zctx_t *c);
int dd__z_canon_sets(dd__zctx_t *c);
void dd__z_verify_loop(dd__zctx_t *c, bool report);
void *dd__z_worker(void *arg);
void dd__z_aggregate(dd__zctx_t *c);
void dd__z_key_checks(dd__zctx_t *c);
void dd__z_expiring(dd__zctx_t *c);

/* chain.c */
void dd__z_check_denial(dd__zctx_t *c);

/* zfind.c */
/** Grow @p *arr to hold @p need elements of @p size octets (by half again). @return false
 *  when out of memory (the array is unchanged). */
bool dd__z_grow(void **arr, size_t *cap, size_t need, size_t size);
double dd__z_elapsed(const dd__zctx_t *c);
void dd__z_progress(dd__zctx_t *c, const char *phase, size_t sigs, size_t done, bool force);
void dd__z_find(dd__zctx_t *c, const char *code, const uint8_t *owner, uint16_t rrtype,
                uint16_t tag, uint8_t alg, int64_t when, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
/** dd__z_find() at severity @p sev when that is above the vocabulary's (the validation core's
 *  context: a work limit validators fail is an error). */
void dd__z_find_sev(dd__zctx_t *c, const char *code, dd_severity_t sev, const uint8_t *owner,
                    uint16_t rrtype, uint16_t tag, uint8_t alg, int64_t when, const char *fmt,
                    ...) __attribute__((format(printf, 9, 10)));
/** A name as text for messages, returning @p buf so that it fits in an argument list. */
const char *dd__z_ntext(const uint8_t *name, char *buf, size_t len);
