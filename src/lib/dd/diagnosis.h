/* SPDX-License-Identifier: MIT
 * diagnosis.h - from findings to root causes: what broke, the evidence, the safe order of the
 * fix, when resolvers recover, and what a validator returns for it. */

/**
 * @file
 * dd_diagnose() groups an analysis's findings into root causes (one per code and zone),
 * ranked by how much of the outage each explains: errors in the chain above the name first,
 * then errors on the name's own RRsets and denials, then warnings (delegation faults first,
 * as the seeds ask: do not blame DNSSEC when servers fail). Each root cause carries the fix
 * in the seeds' safe order (re-sign before touching the DS when signatures expired; remove the
 * DS and wait its TTL before disabling signing; keep the old KSK until the new DS has been in
 * place for its TTL), the exact DS to publish computed from the live DNSKEY, the TTLs that
 * bound recovery, the RFC 8914 Extended DNS Error a validator returns, and where validators
 * differ. What a code means for the diagnosis (title, EDE, reach, fix template) is in the code
 * table of <dd/finding.h>.
 */
#pragma once

#include <dd/types.h>
#include <dd/analysis.h>
#include <dd/evidence.h>
#include <dd/finding.h>
#include <dd/views.h>

#define DD_FIX_STEPS 8

/** What one fix step does, for a program that acts on it (docs/json.md, "steps"). */
typedef enum dd_fix_action {
	DD_ACTION_ADVICE = 0,       /**< "advice": a caution or a choice, no change by itself */
	DD_ACTION_PUBLISH_DS,       /**< "publish-ds": the step's record at the parent */
	DD_ACTION_REMOVE_DS,        /**< "remove-ds": the step's record (or every DS, none given) */
	DD_ACTION_RESIGN,           /**< "re-sign": the zone's signatures (or its NSEC/NSEC3) */
	DD_ACTION_SIGN_DNSKEY,      /**< "sign-dnskey": the DNSKEY RRset with the DS's key */
	DD_ACTION_PUBLISH_DNSKEY,   /**< "publish-dnskey": a key back or a provider's keys in */
	DD_ACTION_RETIRE_KEY,       /**< "retire-key": a key (and its DS) out, after a wait */
	DD_ACTION_ALGORITHM_ROLLOVER, /**< "algorithm-rollover" (RFC 6781 4.1.4) */
	DD_ACTION_FIX_CDS,          /**< "fix-cds": correct or remove CDS/CDNSKEY */
	DD_ACTION_FIX_SERVER,       /**< "fix-server": a listed server, its transfers or service */
	DD_ACTION_REMOVE_SERVER,    /**< "remove-server": from the NS RRset */
	DD_ACTION_FIX_RESOLVER,     /**< "fix-resolver": a resolver's validation, clock, anchor */
	DD_ACTION_CHECK,            /**< "check": look before acting (logs, clocks, a rerun) */
	DD_ACTION_COUNT
} dd_fix_action_t;

/** Where a fix step is done. */
typedef enum dd_fix_where {
	DD_WHERE_NONE = 0,          /**< JSON null: advice */
	DD_WHERE_REGISTRAR,         /**< "registrar": the parent's DS, through the registrar */
	DD_WHERE_ZONE,              /**< "zone": the zone's data and its signer */
	DD_WHERE_SERVERS,           /**< "servers": the authoritative servers and the NS RRset */
	DD_WHERE_RESOLVER,          /**< "resolver": a recursive resolver */
} dd_fix_where_t;

/** One fix step as data, beside its sentence (dd_root_cause_t.fix, same index). */
typedef struct dd_fix_step {
	dd_fix_action_t action;
	dd_fix_where_t where;
	bool alternative;           /**< instead of the step before it ("Or: ...") */
	int64_t after_seconds;      /**< wait this long after the step before it (a TTL); 0 at once */
	bool has_ds;                /**< the DS record the step publishes or removes: */
	uint16_t key_tag;
	uint8_t algorithm, digest_type;
	char digest[2 * 48 + 1];    /**< uppercase hex (a DS at the parent: its first 48 octets,
	                                 every digest of types 1, 2, 3 and 4 whole) */
} dd_fix_step_t;

/** "publish-ds", "re-sign", ... (the JSON values); NULL out of range. Static. */
DD_API const char *dd_fix_action_name(dd_fix_action_t a);

/** "registrar", "zone", "servers", "resolver"; NULL for DD_WHERE_NONE. Static. */
DD_API const char *dd_fix_where_name(dd_fix_where_t w);

/** One root cause. */
typedef struct dd_root_cause {
	dd_code_t id;                    /**< vocabulary code (<dd/finding.h>) */
	const char *code;                /**< its name; static */
	dd_severity_t severity;
	uint8_t zone[DD_NAME_MAXLEN];
	const char *title;               /**< one line; static */
	size_t findings[16];             /**< indexes into dd_analysis_t.findings: the evidence */
	size_t nfindings;
	char fix[DD_FIX_STEPS][512];     /**< the ordered fix */
	dd_fix_step_t steps[DD_FIX_STEPS]; /**< each fix[] step as data (same index) */
	size_t nfix;
	int64_t recovery_seconds;        /**< after the fix, until every resolver has it; -1 unknown */
	char recovery[384];              /**< which TTLs bound it */
	char validator_result[640];      /**< "SERVFAIL (RFC 4035 5.5), as 127.0.5.1 (EDE 9) answered" */
	int ede;                         /**< RFC 8914 info-code, -1 if none */
	char validators_differ[512];     /**< Unbound / BIND / Knot Resolver behaviour, "" if alike */
	bool explains_outage;            /**< it makes the queried name bogus or unreachable */
	char observed[768];              /**< evidence outside the findings (what a resolver
	                                      answered), "" if none */
} dd_root_cause_t;

/** What the authoritative servers of the name's zone answered for the queried name and type. */
typedef enum dd_answer_kind {
	DD_ANSWER_UNKNOWN = 0,   /**< no authoritative answer (no server answered, or REFUSED...) */
	DD_ANSWER_DATA,          /**< records of the type, or a CNAME */
	DD_ANSWER_NODATA,        /**< the name exists, the type does not (RFC 2308 2.2) */
	DD_ANSWER_NXDOMAIN,      /**< the name does not exist (RFC 2308 2.1; RFC 8020: nor any name
	                              below it) */
	DD_ANSWER_YXDOMAIN,      /**< a DNAME above the name would make it longer than 255 octets:
	                              the servers answer YXDOMAIN with the DNAME (RFC 6672 2.2) */
} dd_answer_kind_t;

/** "data", "nodata", "nxdomain", "yxdomain", "unknown" (the JSON values, docs/json.md). */
DD_API const char *dd_answer_kind_name(dd_answer_kind_t k);

/** The diagnosis of one run. */
typedef struct dd_diagnosis {
	dd_status_t verdict;             /**< of the queried name */
	char headline[1024];             /**< one line for a person: what the name's servers answer
	                                      (data, NODATA, NXDOMAIN) and whether it is proven, then
	                                      the first root cause */
	dd_answer_kind_t answer;         /**< from the per-server answer summaries of the name's
	                                      zone: data if any server gave data, else NODATA if any
	                                      authoritative NOERROR, else NXDOMAIN if any */
	dd_answer_kind_t final_answer;   /**< at the end of the name's CNAME chain (RFC 6604 3: a
	                                      resolver's rcode is the last name's): the CNAME
	                                      target's own answer, or NXDOMAIN/NODATA for a chain
	                                      within the answer that ends in no data; equal to
	                                      answer for a name that is no CNAME, and when the
	                                      chain's end was not asked */
	uint8_t zone[DD_NAME_MAXLEN];    /**< the closest enclosing zone: the deepest zone of the
	                                      chain found for the name, whose servers answered */
	bool denial_proven;              /**< NODATA/NXDOMAIN with a secure denial (NSEC/NSEC3
	                                      validated, RFC 4035 5.4) */
	dd_root_cause_t *causes;         /**< ranked, most explaining first */
	size_t ncauses;
	int exit_code;                   /**< 0 secure/correctly insecure, 1 warnings or a name
	                                      that does not exist (NXDOMAIN), 2 errors, 3 the run
	                                      could not complete (no server of the topmost zone
	                                      answered: the network, or --hints) */
	int64_t breaks_at;               /**< when the chain breaks if nothing changes (the first
	                                      signature of the chain to expire), seconds; 0 if none
	                                      or if the asked answer is bogus or
	                                      indeterminate already */
} dd_diagnosis_t;

/**
 * Diagnose @p an (computed from @p ev).
 * @param[out] out  new diagnosis (dd_diagnosis_free()); written only on success.
 * @return DD_OK, DD_EINVAL, DD_ENOMEM.
 */
DD_API int dd_diagnose(const dd_analysis_t *an, const dd_evidence_t *ev, dd_diagnosis_t **out);

/**
 * Add the root causes that lie in the resolvers, not the zones, from the views of the real
 * resolvers given (dd_views_collect(); the libunbound views are not used), then rank again.
 * For each resolver's answer to the queried name without CD:
 * - data without AD for a name the analysis finds secure, or the data of a bogus name:
 *   RESOLVER_NOT_VALIDATING (RFC 4035 3.2.3, 5.5);
 * - SERVFAIL for a name the analysis finds secure: CLOCK_SKEW (suspected) when the resolver's
 *   EDE is 7 or 8 or some signature window edge of the chain lies within DD_SKEW_PLAUSIBLE of
 *   the analysis time (RFC 4035 5.3.1), with that edge and the skew that breaks it;
 *   RESOLVER_VALIDATION_FAILURE otherwise.
 * @param views  may be NULL (nothing to add).
 * @return DD_OK, DD_EINVAL (no analysis), DD_ENOMEM.
 */
DD_API int dd_diagnose_views(dd_diagnosis_t *dg, const dd_analysis_t *an, const dd_views_t *views);

/**
 * Whether what the resolvers answered (@p views, may be NULL) is set against @p an: they were
 * asked at the instant it judged (dd_views_comparable()) and about the chain it judged, which
 * is not so for a pre-delegation test (dd_analysis_t.hypothetical_zone: the resolvers see the
 * DNS as it is, not with the DS or the delegation the operator is testing).
 */
DD_API bool dd_views_compared(const dd_views_t *views, const dd_analysis_t *an);

/**
 * What the reports say after a cause's title when it makes the asked answer fail
 * (dd_root_cause_t.explains_outage): "explains the outage", or in a pre-delegation test
 * (dd_analysis_t.hypothetical_zone), where nothing is published yet, "would make the name fail
 * once delegated"; NULL when it does not. Static text, never freed.
 */
DD_API const char *dd_cause_outage_text(const dd_analysis_t *an, const dd_root_cause_t *rc);

/** Free a diagnosis; NULL is a no-op. */
DD_API void dd_diagnosis_free(dd_diagnosis_t *dg);

/** Whether some root cause has code @p code (a name, e.g. "RRSIG_EXPIRED"). */
DD_API bool dd_diagnosis_has(const dd_diagnosis_t *dg, const char *code);

/** Whether some root cause has code @p id (false for DD_CODE_NONE). */
DD_API bool dd_diagnosis_has_id(const dd_diagnosis_t *dg, dd_code_t id);
