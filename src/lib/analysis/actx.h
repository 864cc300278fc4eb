/* SPDX-License-Identifier: MIT
 * actx.h - internal to analysis/: the context of one analysis (the evidence, its parsed
 * responses, each server's DNSKEY RRset, the work limits) shared by analysis.c (orchestration),
 * health.c (delegation health), trust.c (DS -> DNSKEY -> apex) and target*.c (the answer and
 * its proofs; their own parts in analysis/target.h). Every DNSSEC judgement is the validation core's (validate/). Not installed. */
#pragma once

#include "dd/analysis.h"
#include "dd/msg.h"
#include "validate/validate.h"

#define DD__AN_MAXRD 256                        /* records collected per RRset */
#define DD__AN_MAXKEYS DD_LIMIT_RRSET_RECORDS   /* a larger DNSKEY RRset is over the cap */
#define DD__AN_MAXSIGS DD_LIMIT_RRSIGS_PER_RRSET

/** One server's DNSKEY RRset for a zone. */
typedef struct dd__keyset {
	dd__vkey_t keys[DD__AN_MAXKEYS];   /**< the dd_key_t are owned (dd__an_keyset_free()) */
	dd_rdata_t rd[DD__AN_MAXKEYS];     /**< their RDATA, borrowed from the parsed response */
	size_t n;
	bool present;      /**< a DNSKEY RRset was served */
	bool validated;    /**< it is authenticated from the parent's DS or the anchor */
	dd_status_t own;   /**< the server's status from the parent's DS alone: the zone's own
	                        faults, judged also where the zone above is bogus or
	                        indeterminate (its status is then the parent's) */
	bool active[256];  /**< algorithms that sign it (RFC 4035 2.2) */
	uint32_t ttl;      /**< seconds */
	bool signs_soa[DD__AN_MAXKEYS]; /**< keys[i] made a valid RRSIG over the apex SOA */
} dd__keyset_t;

/** The context of one analysis. */
typedef struct dd__actx {
	const dd_evidence_t *ev;
	dd_analysis_t *an;
	int64_t at;
	dd_msg_t **msgs;      /**< parsed responses, by exchange index (lazily) */
	bool *parsed;
	dd__keyset_t **ks;    /**< per zone, per server */
	dd__vopts_t vo;       /**< time, caps and memo for the validation core */
	dd__vbudget_t vbudget;
	dd__hbudget_t hbudget;
	int err;
} dd__actx_t;

/** An RRset and its RRSIGs as one section carries them: collected within the caps, with the
 *  numbers actually served. */
typedef struct dd__rrview {
	dd_rrset_t set;
	dd_rdata_t rd[DD__AN_MAXRD];
	dd_rdata_t sigs[DD__AN_MAXSIGS];
	size_t n, nsigs;          /**< collected */
	size_t total, total_sigs; /**< served */
} dd__rrview_t;

/** A finding sink that attributes the core's findings to @p zone and @p server. */
typedef struct dd__asink {
	dd__vsink_t sink;
	dd__actx_t *c;
	const uint8_t *zone;
	const char *server;
} dd__asink_t;

/* analysis.c */
dd_msg_t *dd__an_msg(dd__actx_t *c, const char *server, const uint8_t *qname, uint16_t qtype);
bool dd__an_authoritative(const dd_msg_t *m);
void dd__an_finding(dd__actx_t *c, const char *code, dd_severity_t sev, const uint8_t *zone,
                    const uint8_t *owner, uint16_t rrtype, const char *server, uint16_t tag,
                    int64_t when, const char *fmt, ...) __attribute__((format(printf, 10, 11)));
const dd__vsink_t *dd__an_sink(dd__asink_t *s, dd__actx_t *c, const uint8_t *zone,
                               const char *server);
size_t dd__an_rrview(const dd_msg_t *m, dd_section_t sec, const uint8_t *owner, uint16_t type,
                     dd__rrview_t *v);
void dd__an_keyset_load(dd__keyset_t *ks, const dd_msg_t *m, const uint8_t *zone);
void dd__an_keyset_free(dd__keyset_t *ks);
dd__vkeys_t dd__an_vkeys(const dd__keyset_t *ks, const uint8_t *zone, const bool *allowed);
int dd__an_check(dd__actx_t *c, const dd__rrview_t *v, const dd__keyset_t *ks,
                 const uint8_t *zone, const bool *allowed, dd__sigout_t *outs,
                 dd__rrsetv_t *rv);
void dd__an_report(dd__actx_t *c, const dd__rrview_t *v, const dd__keyset_t *ks,
                   const uint8_t *zone, const char *server, const dd__sigout_t *outs,
                   const dd__rrsetv_t *rv);
void dd__an_note_window(dd__actx_t *c, int zi, const dd__rrsetv_t *rv);
bool dd__an_soa_fields(const dd_rdata_t *rd, uint32_t out[5]);

/* health.c */
bool dd__an_server_health(dd__actx_t *c, int zi, size_t si);
bool dd__an_served_signed(dd__actx_t *c, const char *srv, const uint8_t *zone,
                          const dd__keyset_t *ks);
uint32_t dd__an_soa_serial(dd__actx_t *c, const char *srv, const uint8_t *zone);
void dd__an_classify_servers(dd__actx_t *c, int zi);

/* trust.c */
void dd__an_zone(dd__actx_t *c, int zi, dd_status_t parent_status, const char *parent_reason);
/* Whether trust starts at zone @p zi: the topmost zone, or one with a trust anchor of its own
 * (RFC 4035 4.4); its status does not come from its parent's. */
bool dd__an_trust_starts(const dd__actx_t *c, int zi);

/* multi.c: MULTI_SIGNER_INCONSISTENT for zone @p zi, whose servers' keys each validate from
 * the DS on their own (dd__keyset_t.validated); sets c->err on failure */
void dd__an_multi_signer(dd__actx_t *c, int zi);

/* target.c (dd__an_target()) and target_denial.c (the denial) */
typedef struct dd__denial {
	dd__proof_t proof;
	dd__proofinfo_t info;
	bool sig_failed;          /**< an NSEC/NSEC3 RRset's signatures failed (details below) */
	dd__rrview_t *sigv;       /**< the failing RRset, when sig_failed (owned by the caller) */
	dd__sigout_t outs[DD__AN_MAXSIGS];
	dd__rrsetv_t rv;
} dd__denial_t;

void dd__an_denial(dd__actx_t *c, const dd_msg_t *m, const dd__keyset_t *ks,
                   const uint8_t *zone, const uint8_t *qname, uint16_t qtype, bool nxdomain,
                   dd__rrview_t *scratch, dd__denial_t *out);
void dd__an_target(dd__actx_t *c);
/** NSEC_MISSING / NSEC3_MISSING: a name of the zone whose own denial record a negative
 *  answer shows missing (@p info->missing; RFC 4035 2.3, RFC 5155 7.1), as check-zone reports
 *  it: the answer was for @p qname / @p qtype, NXDOMAIN when @p nxdomain. */
void dd__an_missing_denial(dd__actx_t *c, const uint8_t *zone, const char *srv,
                           const uint8_t *qname, uint16_t qtype, bool nxdomain,
                           const dd__proofinfo_t *info);
