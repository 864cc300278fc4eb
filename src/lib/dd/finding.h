/* SPDX-License-Identifier: MIT
 * finding.h - the finding vocabulary shared by diagnose, check-zone and monitor: one table of
 * codes with, for each, its severity, DNSViz's name, meaning, root-cause title, Extended DNS
 * Error, reach and fix template. */

/**
 * @file
 * Every problem dnssec-doctor reports is a dd_finding_t whose code comes from one table
 * (dd_finding_info()), so that `diagnose`, `check-zone` and `monitor` say the same thing in the
 * same words: an expired signature is RRSIG_EXPIRED (DNSViz: EXPIRATION_IN_PAST) with severity
 * error wherever it is seen. docs/findings.md lists the table.
 *
 * A code is a dd_code_t for the program (compare these, never the strings) and a string for
 * people and JSON (dd_finding_info_t.code, dd_finding_t.code). The same table row carries what
 * the diagnosis (<dd/diagnosis.h>) needs to turn findings of the code into a root cause: its
 * title, the RFC 8914 Extended DNS Error a validator returns, how far it reaches (ranking and
 * "explains the outage") and which fix template writes the fix and the recovery.
 */
#pragma once

#include <dd/types.h>

/** Severity of a finding. */
typedef enum dd_severity {
	DD_SEV_NOTICE = 0,
	DD_SEV_WARNING = 1,
	DD_SEV_ERROR = 2,
} dd_severity_t;

/** "notice", "warning", "error". */
DD_API const char *dd_severity_name(dd_severity_t sev);

/**
 * Finding codes, one per row of the vocabulary, in the byte order of their names (the order of
 * dd_finding_info_at() and docs/findings.md). DD_CODE_NONE (0) is no code: the value of a
 * zeroed struct, never in the table.
 */
typedef enum dd_code {
	DD_CODE_NONE = 0,
	DD_CODE_ALGORITHM_DEPRECATED,
	DD_CODE_ALGORITHM_INCOMPLETE,
	DD_CODE_ALGORITHM_UNSUPPORTED,
	DD_CODE_CDS_CDNSKEY_UNPAIRED,
	DD_CODE_CDS_DELETE,
	DD_CODE_CDS_MISMATCH,
	DD_CODE_CLOCK_SKEW,
	DD_CODE_CNAME_LOOP,
	DD_CODE_DELEGATION_DS_DEPRECATED,
	DD_CODE_DENIAL_PROOF_INVALID,
	DD_CODE_DNAME_WILDCARD,
	DD_CODE_DNSKEY_INVALID,
	DD_CODE_DNSKEY_KEYTAG_COLLISION,
	DD_CODE_DNSKEY_NOT_SIGNED_BY_DS_KEY,
	DD_CODE_DS_ALGORITHM_MISMATCH,
	DD_CODE_DS_DIGEST_MISMATCH,
	DD_CODE_DS_DIGEST_WEAK,
	DD_CODE_DS_NOT_AT_DELEGATION,
	DD_CODE_DS_NO_MATCHING_DNSKEY,
	DD_CODE_DS_REVOKED_KEY,
	DD_CODE_DS_STALE_EXTRA,
	DD_CODE_DS_WITHOUT_DNSKEY,
	DD_CODE_EDNS_FAULT,
	DD_CODE_LAME_DELEGATION,
	DD_CODE_MULTI_SIGNER_INCONSISTENT,
	DD_CODE_NSEC3PARAM_INVALID,
	DD_CODE_NSEC3PARAM_MISMATCH,
	DD_CODE_NSEC3_CHAIN_BROKEN,
	DD_CODE_NSEC3_ITERATIONS_EXCESSIVE,
	DD_CODE_NSEC3_MISSING,
	DD_CODE_NSEC3_OPTOUT_WRONG,
	DD_CODE_NSEC3_ORPHAN,
	DD_CODE_NSEC3_PARAMETERS_NOT_RECOMMENDED,
	DD_CODE_NSEC_BITMAP_WRONG,
	DD_CODE_NSEC_CHAIN_BROKEN,
	DD_CODE_NSEC_MISSING,
	DD_CODE_NSEC_NON_AUTHORITATIVE,
	DD_CODE_NS_ADDRESS_PRIVATE,
	DD_CODE_NS_MISMATCH,
	DD_CODE_OUT_OF_ZONE,
	DD_CODE_RESOLVER_ALGORITHM_UNSUPPORTED,
	DD_CODE_RESOLVER_IGNORES_CD,
	DD_CODE_RESOLVER_NOT_VALIDATING,
	DD_CODE_RESOLVER_STRIPS_DNSSEC,
	DD_CODE_RESOLVER_VALIDATION_FAILURE,
	DD_CODE_RESPONSE_INVALID,
	DD_CODE_ROLLOVER_INCOMPLETE,
	DD_CODE_ROLLOVER_IN_PROGRESS,
	DD_CODE_ROLLOVER_STEP_PREMATURE,
	DD_CODE_RRSIG_EXPIRED,
	DD_CODE_RRSIG_EXPIRING,
	DD_CODE_RRSIG_INVALID,
	DD_CODE_RRSIG_KEY_NOT_PUBLISHED,
	DD_CODE_RRSIG_LABELS_INVALID,
	DD_CODE_RRSIG_MISPLACED,
	DD_CODE_RRSIG_MISSING,
	DD_CODE_RRSIG_NON_AUTHORITATIVE,
	DD_CODE_RRSIG_NOT_YET_VALID,
	DD_CODE_RRSIG_ORPHAN,
	DD_CODE_RRSIG_REDUNDANT_INVALID,
	DD_CODE_RRSIG_SIGNER_INVALID,
	DD_CODE_RRSIG_TTL_MISMATCH,
	DD_CODE_RRSIG_WINDOW_EDGE,
	DD_CODE_SEP_MISSING_FOR_ALGORITHM,
	DD_CODE_SERVER_UNREACHABLE,
	DD_CODE_SPLIT_SIGNING,
	DD_CODE_STALE_SECONDARY,
	DD_CODE_TCP_FAULT,
	DD_CODE_TRANSITION_NOT_YET_SAFE,
	DD_CODE_TRANSITION_UNSAFE,
	DD_CODE_WORK_LIMIT_EXCEEDED,
	DD_CODE_ZONEMD_DUPLICATE,
	DD_CODE_ZONEMD_MALFORMED,
	DD_CODE_ZONEMD_MISMATCH,
	DD_CODE_ZONEMD_NOT_AT_APEX,
	DD_CODE_ZONEMD_SERIAL_MISMATCH,
	DD_CODE_ZONEMD_UNSUPPORTED,
	DD_CODE_ZONE_STRUCTURE,
	DD_CODE_ZSK_STANDBY,
	DD_CODE_COUNT      /**< one past the last code */
} dd_code_t;

/** How far a problem reaches for a validating resolver: it orders root causes and decides
 *  whether one explains an outage. */
typedef enum dd_reach {
	DD_REACH_NONE = 0, /**< nothing fails for it: a risk, a weakness, a resolver's own fault */
	DD_REACH_CHAIN,    /**< the chain of trust breaks at the zone: everything below is bogus */
	DD_REACH_NAME,     /**< one RRset or denial proof of the zone is bogus */
	DD_REACH_SERVERS,  /**< some servers fail; resolvers retry the others */
} dd_reach_t;

/**
 * The fix template of a code: which steps, in which order, and which TTLs bound the recovery
 * (the diagnosis fills them in with the zone, its parent, its TTLs and its live keys;
 * src/lib/diagnosis/explain.c).
 */
typedef enum dd_fix {
	DD_FIX_NONE = 0,              /**< no fix proposed */
	DD_FIX_PUBLISH_DS,            /**< publish the DS of the live KSKs at the registrar, remove
	                                   the DS that match no key, keep signing meanwhile */
	DD_FIX_FINISH_ROLLOVER,       /**< publish the KSK the DS points at, or put back the DS
	                                   of the KSK in use; finish the rollover in order */
	DD_FIX_REMOVE_DS,             /**< remove the DS of a zone served unsigned (or sign again) */
	DD_FIX_SIGN_DNSKEY,           /**< sign the DNSKEY RRset with the KSK the DS points at */
	DD_FIX_RESIGN,                /**< re-sign now (plus the code's own step); not the DS */
	DD_FIX_SERVE_SIGNED,          /**< make every listed server serve the signed zone */
	DD_FIX_REPAIR_TRANSFER,       /**< repair zone transfers to a stale secondary */
	DD_FIX_REBUILD_DENIAL,        /**< re-sign to rebuild one complete NSEC/NSEC3 chain */
	DD_FIX_NSEC3_PARAMETERS,      /**< re-sign with NSEC3 0 iterations and no salt */
	DD_FIX_ALGORITHM_ROLLOVER,    /**< roll to an algorithm validators implement */
	DD_FIX_PLAN_ALGORITHM_ROLLOVER, /**< plan a rollover away from a deprecated algorithm */
	DD_FIX_SIGN_EVERY_ALGORITHM,  /**< sign with every algorithm of the DNSKEY RRset, or retire
	                                   one (its DS first) */
	DD_FIX_REMOVE_STALE_DS,       /**< remove the DS that match no key */
	DD_FIX_ADD_SHA256_DS,         /**< publish a SHA-256 DS, then remove the SHA-1 one */
	DD_FIX_CORRECT_CDS,           /**< correct or remove the CDS/CDNSKEY */
	DD_FIX_REDUCE_WORK,           /**< serve within the validators' work limits (or, for the
	                                   diagnosis's own budget, diagnose a narrower name) */
	DD_FIX_DELEGATION,            /**< make the server authoritative or remove it from the NS
	                                   RRset; not a DNSSEC fault */
	DD_FIX_SERVER,                /**< fix the server or the path to it (the code's own step);
	                                   not a DNSSEC fault */
	DD_FIX_RESIGN_SOON,           /**< re-sign before the first signature expires */
	DD_FIX_RESOLVER_VALIDATE,     /**< turn on validation in the resolver */
	DD_FIX_RESOLVER_CLOCK,        /**< fix the resolver's clock, not the zone */
	DD_FIX_RESOLVER_FAULT,        /**< check the resolver's trust anchor and cache */
	DD_FIX_REPUBLISH_ZSK,         /**< republish the ZSK the signatures name, or re-sign with
	                                   the current one; retire it after the TTLs */
	DD_FIX_MULTI_SIGNER_KEYS,     /**< every provider publishes every provider's ZSK (RFC 8901) */
	DD_FIX_REPLACE_REVOKED_DS,    /**< publish the DS of a KSK that is not revoked, then remove
	                                   the revoked key's DS */
	DD_FIX_NS_SET,                /**< make the parent's delegation and the zone's apex NS
	                                   RRset name the same servers, with glue */
	DD_FIX_CNAME_CHAIN,           /**< end the name's CNAME chain at a name with data */
	DD_FIX_WILDCARD_DNAME,        /**< replace a DNAME owned by a wildcard with DNAMEs at the
	                                   names meant */
	DD_FIX_RRSIG_SECTION,         /**< fix the server software that puts RRSIGs in another
	                                   section than their RRset */
	DD_FIX_COUNT                  /**< one past the last template */
} dd_fix_t;

/** "none", "chain", "name", "servers"; "unknown" out of range. */
DD_API const char *dd_reach_name(dd_reach_t reach);

/** The template's name as docs/findings.md lists it, e.g. "publish-ds", "re-sign"; "none"
 *  for DD_FIX_NONE, "unknown" out of range. Static. */
DD_API const char *dd_fix_name(dd_fix_t fix);

/** One entry of the vocabulary: everything known about a code, in one place. */
typedef struct dd_finding_info {
	dd_code_t id;            /**< e.g. DD_CODE_RRSIG_EXPIRED */
	const char *code;        /**< e.g. "RRSIG_EXPIRED" (JSON and text) */
	dd_severity_t severity;  /**< default severity; diagnose raises a few with context (e.g.
	                              SERVER_UNREACHABLE is an error when no server answers) */
	const char *dnsviz;      /**< DNSViz's code for the same problem, or NULL */
	const char *meaning;     /**< one line for a person */
	const char *title;       /**< a root cause's one-line title */
	int ede;                 /**< RFC 8914 info-code a validator returns for it, -1 none */
	const char *ede_name;    /**< the info-code's name in the IANA registry; NULL with -1 */
	dd_reach_t reach;
	dd_fix_t fix;            /**< the fix template */
	const char *fix_note;    /**< the code's own step within its template (DD_FIX_RESIGN,
	                              DD_FIX_SERVER), or NULL */
	const char *answer;      /**< what a validator answers when it does not fail the name
	                              (SERVFAIL) for it; NULL: the answer still validates */
	const char *validators_differ; /**< where Unbound, BIND and Knot Resolver differ, or NULL */
} dd_finding_info_t;

/**
 * The vocabulary entry for @p code, or NULL for a code not in the table (or NULL).
 * The returned pointer and its strings are static.
 */
DD_API const dd_finding_info_t *dd_finding_info(const char *code);

/** The vocabulary entry of @p id, or NULL for DD_CODE_NONE or a value out of range. Static. */
DD_API const dd_finding_info_t *dd_finding_info_id(dd_code_t id);

/** The code named @p code, DD_CODE_NONE for a name not in the table (or NULL). */
DD_API dd_code_t dd_code_of(const char *code);

/**
 * The whole vocabulary: entry @p i (0-based, the entry of code @p i + 1), or NULL past the
 * end. For documentation and tests that check every code is documented.
 */
DD_API const dd_finding_info_t *dd_finding_info_at(size_t i);

#define DD_FINDING_SERVERS 16

/** One observed problem. */
typedef struct dd_finding {
	dd_code_t id;                 /**< vocabulary code, e.g. DD_CODE_RRSIG_EXPIRED */
	const char *code;             /**< its name, e.g. "RRSIG_EXPIRED"; static */
	const char *dnsviz;           /**< DNSViz's error code, or NULL; static */
	dd_severity_t severity;
	uint8_t zone[DD_NAME_MAXLEN]; /**< zone it concerns */
	uint8_t owner[DD_NAME_MAXLEN];/**< RRset owner (the zone apex if none) */
	uint16_t rrtype;              /**< RRset type, 0 if none */
	char servers[DD_FINDING_SERVERS][64]; /**< server addresses that showed it (none for a
	                                           zone file) */
	size_t nservers;
	uint16_t key_tag;             /**< DNSKEY/DS/RRSIG key tag involved, or 0 */
	uint8_t algorithm;            /**< algorithm involved, or 0 */
	int64_t when;                 /**< a time involved (expiration, inception), seconds; 0 */
	char detail[512];             /**< the records and values, for a person */
} dd_finding_t;
