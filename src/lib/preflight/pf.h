/* SPDX-License-Identifier: MIT
 * pf.h - internal to preflight/: a zone state as RRsets (side.c) for the transition judge
 * (judge.c). Not installed. */
#pragma once

#include "dd/preflight.h"
#include "dd/types.h"

/* One RRset of a side with its RRSIGs. */
typedef struct dd__pfset {
	dd_rrset_t set;          /* owner, type, TTL (the smallest of its records), RDATA */
	dd_rdata_t *sigs;        /* RRSIGs covering it */
	size_t nsigs;
	bool denial;             /* NSEC or NSEC3: cached for the negative TTL */
} dd__pfset_t;

struct dd_preflight_side {
	uint8_t apex[DD_NAME_MAXLEN];
	bool have_apex;
	/* records as read */
	struct dd__pfrec *recs;
	size_t nrecs, caprecs;
	/* RRsets, built once read; their arrays point into recs' storage */
	dd__pfset_t *sets;
	size_t nsets;
	dd_rdata_t *rdpool;      /* RDATA views of every RRset and RRSIG list */
	long dnskey;             /* index of the apex DNSKEY RRset in sets, -1 */
	uint32_t max_ttl;        /* largest TTL of a signed data RRset (DNSKEY excluded) */
	uint32_t neg_ttl;        /* largest TTL of NSEC/NSEC3 records */
	bool is_signed;          /* the apex has a DNSKEY RRset */
	/* the parent's DS set as the evidence saw it (dd_preflight_side_from_evidence()) */
	dd_rr_t *ds;             /* owners and RDATA in recs' storage of ds_store */
	size_t nds;
	bool have_ds;
};

/* Add one record (a dd_zonefile_cb); the first must be the SOA unless the apex is set. */
int dd__pf_add_rr(const dd_rr_t *rr, void *vctx);
/* Sort, drop repeats, group into RRsets; once all records are in. */
int dd__pf_build(dd_preflight_side_t *s);
