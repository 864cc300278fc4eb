/* SPDX-License-Identifier: MIT
 * target.h - internal to analysis/target*.c: the status an answer gives for one name and type
 * at one server, and the parts of its judgement that live in their own files (the denial, the
 * CNAME/DNAME chain, wildcard answers, misplaced RRSIGs, the NSEC/NSEC3 checks at the target).
 * What the rest of analysis calls (dd__an_target(), dd__an_denial()) is in analysis/actx.h. */
#pragma once

#include "analysis/actx.h"

/* The status one server's answer gives for a name and type. */
typedef struct dd__aeval {
	dd_status_t status;
	char reason[256];
	bool exists;
	uint16_t denial;          /* DD_TYPE_NSEC/NSEC3 of a checked denial, 0 if none */
} dd__aeval_t;

/* target_denial.c */
bool dd__an_denial_sigs(dd__actx_t *c, const dd_msg_t *m, const dd__keyset_t *ks,
                        const uint8_t *zone, dd__rrview_t *scratch, dd__denial_t *out);
void dd__an_eval_denial(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m, const uint8_t *qname,
                        uint16_t qtype, bool report, dd__aeval_t *out);

/* target_wildcard.c */
void dd__an_wildcard_answer(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m,
                            const uint8_t *qname, const dd_rdata_t *sig, bool report,
                            dd__aeval_t *out);

/* target_chain.c */
bool dd__an_dname_synthesized(const dd_msg_t *m, const uint8_t *zone, const uint8_t *qname,
                              const dd__rrview_t *cname, dd__rrview_t *dname);
bool dd__an_yxdomain_dname(const dd_msg_t *m, const uint8_t *zone, const uint8_t *qname,
                           dd__rrview_t *dname);
void dd__an_eval_yxdomain(dd__actx_t *c, int zi, size_t si, const uint8_t *qname,
                          dd__rrview_t *dv, dd_status_t zstat, bool report, dd__aeval_t *out);
void dd__an_cname_loop(dd__actx_t *c, int zi);

/* target_misplaced.c */
bool dd__an_misplaced_sigs(dd__actx_t *c, int zi, size_t si, const dd_msg_t *m,
                           const uint8_t *qname, uint16_t qtype, dd_status_t zstat, bool report,
                           dd__aeval_t *out);

/* target_nsec.c */
void dd__an_nsec3param_checks(dd__actx_t *c, int zi, size_t si, const uint8_t *nx);
void dd__an_bitmap_checks(dd__actx_t *c, int zi, size_t si);
