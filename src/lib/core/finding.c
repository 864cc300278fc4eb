/* SPDX-License-Identifier: MIT
 * finding.c - the one table of finding codes shared by diagnose, check-zone and monitor: per
 * code its severity, DNSViz name, meaning, root-cause title, Extended DNS Error, reach and fix
 * template, indexed by dd_code_t; lookups by enum and by name. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding_fill.h"
#include "dd/finding.h"
#include "dd/name.h"

const char *dd_severity_name(dd_severity_t sev)
{
	switch (sev) {
	case DD_SEV_NOTICE:  return "notice";
	case DD_SEV_WARNING: return "warning";
	case DD_SEV_ERROR:   return "error";
	}
	return "unknown";
}

/* Row fields in order: C(code) (enum and name from one token, so they cannot disagree),
 * severity, DNSViz name (dnsviz/analysis/errors.py), meaning, title, EDE (RFC 8914 info-code
 * and name, or NO_EDE), reach, fix template, the code's own fix step, what a validator answers
 * when it does not SERVFAIL, where validators differ. Every field is given (the project turns
 * the missing-initializer warning off; it is an error here), so "none" is always written out. */
#define C(x) DD_CODE_##x, #x
#define E DD_SEV_ERROR
#define W DD_SEV_WARNING
#define N DD_SEV_NOTICE
#define EDE(n, name) n, name
#define NO_EDE -1, NULL
#define CHAIN DD_REACH_CHAIN
#define NAME DD_REACH_NAME
#define SERVERS DD_REACH_SERVERS
#define NONE DD_REACH_NONE

#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wmissing-field-initializers"
/* In the order of dd_code_t (the byte order of the names: dd_finding_info() searches it). */
static const dd_finding_info_t TABLE[DD_CODE_COUNT] = {
	[DD_CODE_ALGORITHM_DEPRECATED] = { C(ALGORITHM_DEPRECATED), W, "DNSKEY_ALGORITHM_DEPRECATED",
	  "an algorithm built on SHA-1 or weaker (RSAMD5, DSA, RSASHA1, NSEC3RSASHA1) or GOST: RFC "
	  "8624 says not to sign with it, and validators with SHA-1 disabled fail it",
	  "The zone is signed with a deprecated algorithm", NO_EDE, NONE,
	  DD_FIX_PLAN_ALGORITHM_ROLLOVER, NULL, NULL,
	  "Unbound, BIND and Knot Resolver validate RSASHA1 today; validators whose crypto policy "
	  "forbids SHA-1 (RHEL 9 DEFAULT) treat the zone as insecure" },
	[DD_CODE_ALGORITHM_INCOMPLETE] = { C(ALGORITHM_INCOMPLETE), W, "MISSING_RRSIG_FOR_ALG_DNSKEY",
	  "an algorithm of the DNSKEY RRset does not sign every RRset (RFC 4035 2.2, RFC 6840 5.11)",
	  "Not every algorithm in the DNSKEY RRset signs the zone", NO_EDE, NONE,
	  DD_FIX_SIGN_EVERY_ALGORITHM, NULL, NULL,
	  "Unbound (with the default harden-algo-downgrade: no), BIND and Knot Resolver accept "
	  "the zone through the algorithm that works (RFC 6840 5.11); a validator that insists on "
	  "every algorithm named in the DS RRset (RFC 4035 2.2 read strictly) fails it" },
	[DD_CODE_ALGORITHM_UNSUPPORTED] = { C(ALGORITHM_UNSUPPORTED), W, "DNSKEY_ALGORITHM_NOT_SUPPORTED",
	  "an algorithm or digest type validators do not implement: the zone is insecure to them",
	  "The zone uses an algorithm validators do not implement",
	  EDE(1, "Unsupported DNSKEY Algorithm"), NONE, DD_FIX_ALGORITHM_ROLLOVER, NULL,
	  "NOERROR without AD (insecure), EDE 1 (Unsupported DNSKEY Algorithm)",
	  "validators that do not implement the algorithm (or digest) treat the zone as insecure "
	  "and answer without AD (RFC 4035 5.2, RFC 6840 5.2); one that does implement it "
	  "validates. It is never a reason for SERVFAIL, whatever the playbooks say" },
	[DD_CODE_CDS_CDNSKEY_UNPAIRED] = { C(CDS_CDNSKEY_UNPAIRED), W, NULL,
	  "CDS published without CDNSKEY or the reverse: parents that read only one see nothing "
	  "(RFC 7344 4)",
	  "CDS is published without CDNSKEY, or the reverse", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  NULL },
	[DD_CODE_CDS_DELETE] = { C(CDS_DELETE), N, NULL,
	  "CDS/CDNSKEY delete records (RFC 8078 4) beside a DS at the parent: the zone asks its "
	  "parent to remove the DS, after which validators treat it as insecure",
	  "The zone asks its parent to remove its DS (CDS/CDNSKEY delete)", NO_EDE, NONE,
	  DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_CDS_MISMATCH] = { C(CDS_MISMATCH), E, "CDS_NOT_MATCHING_DNSKEY",
	  "CDS/CDNSKEY that match no DNSKEY, or disagree with each other (RFC 7344 4, RFC 8078 4): "
	  "a parent that scans them installs a DS that breaks the zone",
	  "The CDS/CDNSKEY matches none of the zone's keys", NO_EDE, NONE, DD_FIX_CORRECT_CDS, NULL,
	  NULL, NULL },
	[DD_CODE_CLOCK_SKEW] = { C(CLOCK_SKEW), E, NULL,
	  "a resolver fails a chain that validates, and a signature window edge lies within "
	  "plausible clock error (or it says Signature Expired / Not Yet Valid): suspected skew "
	  "of its clock",
	  "A resolver fails a valid chain: its clock is suspected to be off", NO_EDE, NONE,
	  DD_FIX_RESOLVER_CLOCK, NULL, NULL, NULL },
	[DD_CODE_CNAME_LOOP] = { C(CNAME_LOOP), E, NULL,
	  "the name's CNAME chain returns to a name already in it: it never ends in data, and "
	  "resolvers answer SERVFAIL (RFC 1034 3.6.2)",
	  "The name's CNAME chain loops", NO_EDE, NAME, DD_FIX_CNAME_CHAIN, NULL,
	  "SERVFAIL (the CNAME chain never ends, RFC 1034 3.6.2), however its signatures validate",
	  NULL },
	[DD_CODE_DELEGATION_DS_DEPRECATED] = { C(DELEGATION_DS_DEPRECATED), N, NULL,
	  "a delegation's DS uses an algorithm or digest type RFC 8624 deprecates: the child's "
	  "choice, worth telling its operator",
	  "A delegation's DS uses a deprecated algorithm or digest type", NO_EDE, NONE, DD_FIX_NONE,
	  NULL, NULL, NULL },
	[DD_CODE_DENIAL_PROOF_INVALID] = { C(DENIAL_PROOF_INVALID), E, "MISSING_NSEC_FOR_NXDOMAIN",
	  "a negative answer, or an answer expanded from a wildcard, without a valid NSEC/NSEC3 proof that the name does not exist (RFC 4035 5.4 and 5.3.4, RFC 5155 8)",
	  "Negative answers do not prove non-existence", EDE(12, "NSEC Missing"), NAME,
	  DD_FIX_REBUILD_DENIAL, NULL, NULL, NULL },
	[DD_CODE_DNAME_WILDCARD] = { C(DNAME_WILDCARD), E, NULL,
	  "a DNAME whose RRSIG shows it was expanded from a wildcard: a DNAME owned by a wildcard "
	  "is not used for redirection (RFC 4592 4.4, RFC 6672 3.3), so the CNAME synthesized "
	  "from it is not authenticated",
	  "A DNAME is owned by a wildcard", EDE(6, "DNSSEC Bogus"), NAME, DD_FIX_WILDCARD_DNAME,
	  NULL, NULL,
	  "Unbound fails the answer (SERVFAIL, EDE 6); BIND accepts the DNAME as a wildcard "
	  "expansion when the name's non-existence is proven and gives AD (Unbound 1.17, BIND 9.18 "
	  "on Unbound's val_dnamewc, docs/peer-suites.md)" },
	[DD_CODE_DNSKEY_INVALID] = { C(DNSKEY_INVALID), E, "DNSKEY_BAD_LENGTH",
	  "a DNSKEY whose public key is malformed for its algorithm (RFC 3110, 6605, 8080)",
	  "A DNSKEY is malformed for its algorithm", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_DNSKEY_KEYTAG_COLLISION] = { C(DNSKEY_KEYTAG_COLLISION), W, NULL,
	  "several DNSKEYs share a key tag and algorithm: validators must try each (KeyTrap limits)",
	  "Several DNSKEYs share a key tag", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_DNSKEY_NOT_SIGNED_BY_DS_KEY] = { C(DNSKEY_NOT_SIGNED_BY_DS_KEY), E, "MISSING_SEP_FOR_ALG",
	  "no key that a DS points at signs the DNSKEY RRset (RFC 4035 5.2)",
	  "The DNSKEY RRset is not signed by the key the DS points at", EDE(9, "DNSKEY Missing"),
	  CHAIN, DD_FIX_SIGN_DNSKEY, NULL, NULL, NULL },
	[DD_CODE_DS_ALGORITHM_MISMATCH] = { C(DS_ALGORITHM_MISMATCH), E, NULL,
	  "a DS whose algorithm differs from the DNSKEY it names",
	  "The DS at the parent has the wrong algorithm number", EDE(9, "DNSKEY Missing"), CHAIN,
	  DD_FIX_PUBLISH_DS, NULL, NULL, NULL },
	[DD_CODE_DS_DIGEST_MISMATCH] = { C(DS_DIGEST_MISMATCH), E, "DIGEST_INVALID",
	  "a DS names a DNSKEY by key tag and algorithm but its digest does not match (RFC 4034 5.1.4)",
	  "The DS at the parent does not match the zone's key (wrong digest)",
	  EDE(9, "DNSKEY Missing"), CHAIN, DD_FIX_PUBLISH_DS, NULL, NULL, NULL },
	[DD_CODE_DS_DIGEST_WEAK] = { C(DS_DIGEST_WEAK), W, "DIGEST_ALGORITHM_PROHIBITED",
	  "a DS digest type RFC 8624 says must not be used (SHA-1, GOST)",
	  "The only DS uses SHA-1", NO_EDE, NONE, DD_FIX_ADD_SHA256_DS, NULL, NULL,
	  "RFC 8624 still requires validators to accept SHA-1 DS, and Unbound, BIND and Knot "
	  "Resolver do; where SHA-1 is disabled by policy (RHEL 9) the zone becomes insecure" },
	[DD_CODE_DS_NOT_AT_DELEGATION] = { C(DS_NOT_AT_DELEGATION), E, NULL,
	  "a DS record at the apex or at a name that is not a delegation (RFC 4035 2.4)",
	  "A DS record is not at a delegation", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_DS_NO_MATCHING_DNSKEY] = { C(DS_NO_MATCHING_DNSKEY), E, "NO_SEP",
	  "no DS matches any DNSKEY of the zone: validators see it bogus",
	  "The DS at the parent names a key the zone does not publish", EDE(9, "DNSKEY Missing"),
	  CHAIN, DD_FIX_PUBLISH_DS, NULL, NULL, NULL },
	[DD_CODE_DS_REVOKED_KEY] = { C(DS_REVOKED_KEY), W, "DNSKEY_REVOKED_DS",
	  "a DS at the parent points at a KSK with the REVOKE bit set (RFC 5011 2.1): validators "
	  "differ on whether that key may start the chain",
	  "The DS at the parent points at a revoked KSK", NO_EDE, NONE, DD_FIX_REPLACE_REVOKED_DS,
	  NULL, NULL,
	  "DNSViz treats a DS that points at a revoked key as bogus (DNSKEY_REVOKED_DS); Unbound "
	  "and BIND accept the chain through it (RFC 5011 2.1 speaks of trust anchors, not of DS "
	  "records), so the zone validates for most users today and may fail for stricter "
	  "validators" },
	[DD_CODE_DS_STALE_EXTRA] = { C(DS_STALE_EXTRA), W, NULL,
	  "a DS that matches no DNSKEY beside one that does",
	  "The parent keeps a stale DS beside the valid one", NO_EDE, NONE, DD_FIX_REMOVE_STALE_DS,
	  NULL, NULL, NULL },
	[DD_CODE_DS_WITHOUT_DNSKEY] = { C(DS_WITHOUT_DNSKEY), E, "NO_SEP",
	  "the parent has a DS but the zone serves no DNSKEY (unsigned or moved to an unsigned provider)",
	  "The parent has a DS but the zone is served unsigned", EDE(10, "RRSIGs Missing"), CHAIN,
	  DD_FIX_REMOVE_DS, NULL, NULL, NULL },
	[DD_CODE_EDNS_FAULT] = { C(EDNS_FAULT), W, "EDNS_IGNORED",
	  "a server mishandles EDNS(0) (RFC 6891)",
	  "A name server mishandles EDNS0", NO_EDE, SERVERS, DD_FIX_SERVER,
	  "Upgrade or fix the server (or the middlebox in front of it) so that it answers EDNS0 "
	  "queries with an OPT record (RFC 6891)", NULL, NULL },
	[DD_CODE_LAME_DELEGATION] = { C(LAME_DELEGATION), W, "SERVER_NOT_AUTHORITATIVE",
	  "a server listed for the zone does not answer authoritatively",
	  "A listed name server is not authoritative for the zone",
	  EDE(22, "No Reachable Authority"), SERVERS, DD_FIX_DELEGATION, NULL, NULL, NULL },
	[DD_CODE_MULTI_SIGNER_INCONSISTENT] = { C(MULTI_SIGNER_INCONSISTENT), E,
	  "DNSKEY_MISSING_FROM_SERVERS",
	  "each server is consistent on its own, but a DNSKEY RRset from one server does not "
	  "validate data signed on another (multi-signer without every provider's ZSK, RFC 8901 2.1)",
	  "The zone's providers do not publish each other's keys (multi-signer)",
	  EDE(9, "DNSKEY Missing"), CHAIN, DD_FIX_MULTI_SIGNER_KEYS, NULL, NULL,
	  "Unbound retries other servers after a bogus answer and often recovers; resolvers that "
	  "keep the DNSKEY RRset of one provider and ask another for the data fail intermittently" },
	[DD_CODE_NSEC3PARAM_INVALID] = { C(NSEC3PARAM_INVALID), E, NULL,
	  "an NSEC3PARAM with non-zero flags or an unknown hash algorithm (RFC 5155 4.1.2)",
	  "The NSEC3PARAM is invalid", NO_EDE, NONE, DD_FIX_REBUILD_DENIAL, NULL, NULL, NULL },
	[DD_CODE_NSEC3PARAM_MISMATCH] = { C(NSEC3PARAM_MISMATCH), E, NULL,
	  "NSEC3PARAM parameters differ from those of the NSEC3 chain (RFC 5155 4)",
	  "The NSEC3PARAM does not match the NSEC3 chain", EDE(12, "NSEC Missing"), NAME,
	  DD_FIX_REBUILD_DENIAL, NULL, NULL, NULL },
	[DD_CODE_NSEC3_CHAIN_BROKEN] = { C(NSEC3_CHAIN_BROKEN), E, NULL,
	  "the NSEC3 chain is not one closed loop in hash order (RFC 5155 7.1)",
	  "The NSEC3 chain is broken", EDE(12, "NSEC Missing"), NAME, DD_FIX_REBUILD_DENIAL, NULL,
	  NULL, NULL },
	[DD_CODE_NSEC3_ITERATIONS_EXCESSIVE] = { C(NSEC3_ITERATIONS_EXCESSIVE), W, "NSEC3_ITERATIONS_TOO_MANY",
	  "more NSEC3 iterations than validators accept (RFC 9276 3.2: treated as insecure or bogus)",
	  "NSEC3 uses more iterations than validators accept",
	  EDE(27, "Unsupported NSEC3 Iterations Value"), NONE, DD_FIX_NSEC3_PARAMETERS, NULL,
	  "negative answers without AD (insecure), EDE 27 (Unsupported NSEC3 Iterations Value)",
	  "Unbound (val-nsec3-keysize-iterations), BIND 9.18 and Knot Resolver treat NSEC3 above "
	  "150 iterations as insecure: negative answers lose AD, with EDE 27; RFC 9276 3.2 also "
	  "allows validators to SERVFAIL, and newer releases lower the limit" },
	[DD_CODE_NSEC3_MISSING] = { C(NSEC3_MISSING), E, NULL,
	  "a name that must have an NSEC3 record has none (RFC 5155 7.1)",
	  "A name lacks its NSEC3 record", EDE(12, "NSEC Missing"), NAME, DD_FIX_REBUILD_DENIAL,
	  NULL, NULL, NULL },
	[DD_CODE_NSEC3_OPTOUT_WRONG] = { C(NSEC3_OPTOUT_WRONG), E, NULL,
	  "an insecure delegation left out of the NSEC3 chain is not covered by an Opt-Out NSEC3 "
	  "(RFC 5155 6)",
	  "An insecure delegation is left out of the NSEC3 chain without Opt-Out",
	  EDE(12, "NSEC Missing"), NAME, DD_FIX_REBUILD_DENIAL, NULL, NULL, NULL },
	[DD_CODE_NSEC3_ORPHAN] = { C(NSEC3_ORPHAN), E, NULL,
	  "an NSEC3 record whose hash matches no name of the zone (RFC 5155 7.1)",
	  "An NSEC3 record matches no name of the zone", NO_EDE, NONE, DD_FIX_REBUILD_DENIAL, NULL,
	  NULL, NULL },
	[DD_CODE_NSEC3_PARAMETERS_NOT_RECOMMENDED] = { C(NSEC3_PARAMETERS_NOT_RECOMMENDED), N, NULL,
	  "NSEC3 with iterations or a salt, against RFC 9276 3.1 (0 iterations, no salt)",
	  "NSEC3 uses iterations or a salt", NO_EDE, NONE, DD_FIX_NSEC3_PARAMETERS, NULL, NULL,
	  NULL },
	[DD_CODE_NSEC_BITMAP_WRONG] = { C(NSEC_BITMAP_WRONG), E, "BITMAP_TYPE_PRESENT",
	  "an NSEC/NSEC3 type bitmap does not list exactly the types at its name (RFC 4034 4.1.2)",
	  "An NSEC/NSEC3 type bitmap does not match the name's types", EDE(6, "DNSSEC Bogus"), NAME,
	  DD_FIX_REBUILD_DENIAL, NULL, NULL, NULL },
	[DD_CODE_NSEC_CHAIN_BROKEN] = { C(NSEC_CHAIN_BROKEN), E, NULL,
	  "the NSEC chain is not one closed loop in canonical order (RFC 4034 4.1.1, 6.1)",
	  "The NSEC chain is broken", EDE(12, "NSEC Missing"), NAME, DD_FIX_REBUILD_DENIAL, NULL,
	  NULL, NULL },
	[DD_CODE_NSEC_MISSING] = { C(NSEC_MISSING), E, NULL,
	  "an authoritative name without its NSEC record (RFC 4035 2.3)",
	  "A name lacks its NSEC record", EDE(12, "NSEC Missing"), NAME, DD_FIX_REBUILD_DENIAL,
	  NULL, NULL, NULL },
	[DD_CODE_NSEC_NON_AUTHORITATIVE] = { C(NSEC_NON_AUTHORITATIVE), E, NULL,
	  "an NSEC or NSEC3 owned by glue or occluded data, or outside the zone (RFC 4035 2.3)",
	  "An NSEC or NSEC3 record lies outside the zone's authoritative data", NO_EDE, NONE,
	  DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_NS_ADDRESS_PRIVATE] = { C(NS_ADDRESS_PRIVATE), W, "NS_NAME_PRIVATE_IP",
	  "a name server's address is loopback, unspecified, link-local or multicast (never "
	  "queried for the public DNS: not sent, with the IANA root anchor) or private (RFC 1918, "
	  "RFC 4193: queried, reachable only inside some networks); `--allow-private`, `--hints` "
	  "and `--anchor` turn this off",
	  "A name server has a private or unroutable address", NO_EDE, SERVERS, DD_FIX_SERVER,
	  "Give the name server a public address in the zone's NS records and the parent's glue, "
	  "or remove it from both", NULL, NULL },
	[DD_CODE_NS_MISMATCH] = { C(NS_MISMATCH), W, "NS_NAME_NOT_IN_CHILD / NS_NAME_NOT_IN_PARENT",
	  "the parent's delegation and the zone's apex NS RRset name different name servers: "
	  "resolvers use one set or the other, so a server only one side names is asked by some "
	  "resolvers and never by others (RFC 1034 4.2.2)",
	  "The parent and the zone list different name servers", NO_EDE, NONE, DD_FIX_NS_SET,
	  NULL, NULL, NULL },
	[DD_CODE_OUT_OF_ZONE] = { C(OUT_OF_ZONE), N, NULL,
	  "records outside the zone's apex in its file: ignored by servers",
	  "The zone file holds records outside the zone", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  NULL },
	[DD_CODE_RESOLVER_ALGORITHM_UNSUPPORTED] = { C(RESOLVER_ALGORITHM_UNSUPPORTED), W, NULL,
	  "a validating resolver treats a zone signed with an algorithm (or delegated with a "
	  "digest type) that RFC 8624 says validators must or should implement as insecure",
	  "The resolver does not validate an algorithm it should", NO_EDE, NONE, DD_FIX_NONE, NULL,
	  NULL, NULL },
	[DD_CODE_RESOLVER_IGNORES_CD] = { C(RESOLVER_IGNORES_CD), W, NULL,
	  "a validating resolver returns SERVFAIL for a bogus name even with CD set (RFC 4035 "
	  "3.2.2): nothing behind it can see the broken data",
	  "The resolver ignores the CD bit", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_RESOLVER_NOT_VALIDATING] = { C(RESOLVER_NOT_VALIDATING), E, NULL,
	  "a resolver answers without the AD bit for a validating name, or answers a bogus name: "
	  "it gives no DNSSEC protection (false confidence for DANE, SSHFP)",
	  "The resolver does not validate DNSSEC", NO_EDE, NONE, DD_FIX_RESOLVER_VALIDATE, NULL,
	  NULL, NULL },
	[DD_CODE_RESOLVER_STRIPS_DNSSEC] = { C(RESOLVER_STRIPS_DNSSEC), E, NULL,
	  "a resolver (or a middlebox before it) does not return RRSIGs or the DO bit to a DO "
	  "query (RFC 3225, RFC 4035 3.2.1): nothing behind it can validate",
	  "The resolver strips DNSSEC records", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_RESOLVER_VALIDATION_FAILURE] = { C(RESOLVER_VALIDATION_FAILURE), E, NULL,
	  "a resolver returns SERVFAIL for names that validate, with no clock explanation: a "
	  "stale trust anchor, cached bogus data or a fault of its own",
	  "A resolver fails a chain that validates", NO_EDE, NONE, DD_FIX_RESOLVER_FAULT, NULL,
	  NULL, NULL },
	[DD_CODE_RESPONSE_INVALID] = { C(RESPONSE_INVALID), W, "RESPONSE_ERROR",
	  "a server answers with messages that do not parse (garbage, a compression-pointer loop, "
	  "records overrunning the message), with the wrong ID or question, or truncated over TCP "
	  "(RFC 1035 4.1, RFC 5452 9.1, RFC 7766 8)",
	  "A name server sends invalid answers", NO_EDE, SERVERS, DD_FIX_SERVER,
	  "Find what answers for the server's address (a broken or hostile server, a middlebox "
	  "rewriting DNS, a load balancer mangling answers) and fix or replace it; a validator "
	  "discards these answers and tries other servers", NULL, NULL },
	[DD_CODE_ROLLOVER_INCOMPLETE] = { C(ROLLOVER_INCOMPLETE), E, NULL,
	  "a key rollover left half done: the DS moved to a key that is not published",
	  "A KSK rollover was left half done", EDE(9, "DNSKEY Missing"), CHAIN,
	  DD_FIX_FINISH_ROLLOVER, NULL, NULL, NULL },
	[DD_CODE_ROLLOVER_IN_PROGRESS] = { C(ROLLOVER_IN_PROGRESS), N, NULL,
	  "a KSK roll is under way, seen from one snapshot: a DS for a key the zone announces but "
	  "does not publish yet (double-DS), or a published KSK the zone announces that no DS "
	  "points at yet (double-KSK); the next step and what to keep until then",
	  "A KSK rollover is under way", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_ROLLOVER_STEP_PREMATURE] = { C(ROLLOVER_STEP_PREMATURE), W, NULL,
	  "monitor saw a rollover step made before RFC 7583 allows it: a key removed while a DS "
	  "set or signatures still cached point at it, a DS set changed or a new key signing while "
	  "a DNSKEY RRset without the key may still be cached; the resolvers holding both fail "
	  "until the time named, so undo the step until then",
	  "A rollover step was made too early", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_RRSIG_EXPIRED] = { C(RRSIG_EXPIRED), E, "EXPIRATION_IN_PAST",
	  "the signature's expiration is past (RFC 4035 5.3.1)",
	  "Signatures have expired", EDE(7, "Signature Expired"), NAME, DD_FIX_RESIGN,
	  "Then find why automatic re-signing stopped (signer down, key files unreadable, a static "
	  "zone signed once) and alert on expiry 7 days ahead", NULL, NULL },
	[DD_CODE_RRSIG_EXPIRING] = { C(RRSIG_EXPIRING), W, NULL,
	  "the signature expires within the warning window: re-sign before then",
	  "Signatures expire within the warning window", NO_EDE, NONE, DD_FIX_RESIGN_SOON, NULL, NULL,
	  NULL },
	[DD_CODE_RRSIG_INVALID] = { C(RRSIG_INVALID), E, "SIGNATURE_INVALID",
	  "the signature does not verify with the key it names, or that key may not sign it",
	  "A signature does not verify", EDE(6, "DNSSEC Bogus"), NAME, DD_FIX_RESIGN, NULL, NULL,
	  NULL },
	[DD_CODE_RRSIG_KEY_NOT_PUBLISHED] = { C(RRSIG_KEY_NOT_PUBLISHED), E, NULL,
	  "a signature names a key (tag and algorithm) that is not in the zone's DNSKEY RRset: a "
	  "ZSK removed while its signatures are still served (rollover finished too early)",
	  "A signing key was removed while its signatures are still served",
	  EDE(9, "DNSKEY Missing"), NAME, DD_FIX_REPUBLISH_ZSK, NULL, NULL, NULL },
	[DD_CODE_RRSIG_LABELS_INVALID] = { C(RRSIG_LABELS_INVALID), E,
	  "RRSIG_LABELS_EXCEED_RRSET_OWNER_LABELS",
	  "the RRSIG Labels field does not fit its owner (RFC 4034 3.1.3, RFC 4035 5.3.1)",
	  "A signature's Labels field does not fit its owner", EDE(6, "DNSSEC Bogus"), NAME,
	  DD_FIX_RESIGN, NULL, NULL, NULL },
	[DD_CODE_RRSIG_MISPLACED] = { C(RRSIG_MISPLACED), E, NULL,
	  "an RRset's RRSIGs served in another section of the response than the RRset, against "
	  "RFC 4035 3.1.1: validators that look for them beside the RRset fail the answer",
	  "A server puts an RRset's signatures in the wrong section", EDE(10, "RRSIGs Missing"),
	  NAME, DD_FIX_RRSIG_SECTION, NULL, NULL,
	  "BIND fails the answer (SERVFAIL): it looks for an RRset's RRSIG in the RRset's own "
	  "section; Unbound attaches an RRSIG to its RRset in whatever section it is and validates "
	  "(AD) (BIND 9.18, Unbound 1.17 on Unbound's val_positive, docs/peer-suites.md)" },
	[DD_CODE_RRSIG_MISSING] = { C(RRSIG_MISSING), E, "MISSING_RRSIG",
	  "an RRset without a signature, or without one of an algorithm of the DNSKEY RRset "
	  "(RFC 4035 2.2)",
	  "An RRset is served without signatures", EDE(10, "RRSIGs Missing"), NAME, DD_FIX_RESIGN,
	  NULL, NULL, NULL },
	[DD_CODE_RRSIG_NON_AUTHORITATIVE] = { C(RRSIG_NON_AUTHORITATIVE), E, NULL,
	  "an RRSIG over delegation NS, glue or occluded data, which is not signed (RFC 4035 2.2)",
	  "Delegation, glue or occluded data is signed", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  NULL },
	[DD_CODE_RRSIG_NOT_YET_VALID] = { C(RRSIG_NOT_YET_VALID), E, "INCEPTION_IN_FUTURE",
	  "the signature's inception is in the future (RFC 4035 5.3.1)",
	  "Signatures are not valid yet", EDE(8, "Signature Not Yet Valid"), NAME, DD_FIX_RESIGN,
	  "Check the signer's clock: its inception times are in the future (sign with an inception "
	  "in the past, e.g. dnssec-signzone -s now-3600)", NULL, NULL },
	[DD_CODE_RRSIG_ORPHAN] = { C(RRSIG_ORPHAN), W, NULL,
	  "an RRSIG covering a type that has no RRset at its name",
	  "A signature covers a type that has no records", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  NULL },
	[DD_CODE_RRSIG_REDUNDANT_INVALID] = { C(RRSIG_REDUNDANT_INVALID), W, NULL,
	  "an expired, not yet valid or invalid RRSIG beside a valid one of the same algorithm: "
	  "validators skip it, but it costs them a verification and shows a signer fault",
	  "A bad signature sits beside a valid one", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_RRSIG_SIGNER_INVALID] = { C(RRSIG_SIGNER_INVALID), E, "SIGNER_NOT_ZONE",
	  "the RRSIG Signer's Name is not the zone apex (RFC 4035 5.3.1)",
	  "A signature's Signer's Name is not the zone", EDE(6, "DNSSEC Bogus"), NAME,
	  DD_FIX_RESIGN, NULL, NULL, NULL },
	[DD_CODE_RRSIG_TTL_MISMATCH] = { C(RRSIG_TTL_MISMATCH), W, "ORIGINAL_TTL_EXCEEDED_RRSET",
	  "the RRset TTL differs from the RRSIG Original TTL (RFC 4035 2.2, 5.3.3)",
	  "An RRset's TTL differs from its signature's Original TTL", NO_EDE, NONE, DD_FIX_NONE,
	  NULL, NULL, NULL },
	[DD_CODE_RRSIG_WINDOW_EDGE] = { C(RRSIG_WINDOW_EDGE), N, NULL,
	  "a signature's validity began or ends within a day of now: the clock skew that would "
	  "make validators see it not yet valid or expired",
	  "A signature's validity begins or ends within a day", NO_EDE, NONE, DD_FIX_NONE, NULL,
	  NULL, NULL },
	[DD_CODE_SEP_MISSING_FOR_ALGORITHM] = { C(SEP_MISSING_FOR_ALGORITHM), E, NULL,
	  "no key with the SEP flag signs the DNSKEY RRset for an algorithm (RFC 4035 2.1; what a "
	  "DS should point at)",
	  "No key with the SEP flag signs the DNSKEY RRset for an algorithm", NO_EDE, NONE,
	  DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_SERVER_UNREACHABLE] = { C(SERVER_UNREACHABLE), W, "SERVER_UNRESPONSIVE_UDP",
	  "a server of the zone does not answer",
	  "A listed name server does not answer", EDE(22, "No Reachable Authority"), SERVERS,
	  DD_FIX_DELEGATION, NULL, NULL, NULL },
	[DD_CODE_SPLIT_SIGNING] = { C(SPLIT_SIGNING), E, NULL,
	  "the zone's servers serve differently signed versions (multi-provider without shared keys)",
	  "One of the zone's servers serves it unsigned", EDE(10, "RRSIGs Missing"), CHAIN,
	  DD_FIX_SERVE_SIGNED, NULL, NULL, NULL },
	[DD_CODE_STALE_SECONDARY] = { C(STALE_SECONDARY), E, NULL,
	  "a server serves an older, differently signed version of the zone",
	  "A secondary serves an old copy whose signatures no longer validate",
	  EDE(7, "Signature Expired"), CHAIN, DD_FIX_REPAIR_TRANSFER, NULL, NULL, NULL },
	[DD_CODE_TCP_FAULT] = { C(TCP_FAULT), W, "TCP_FAIL",
	  "a server fails over TCP (RFC 7766)",
	  "A name server fails DNS over TCP", NO_EDE, SERVERS, DD_FIX_SERVER,
	  "Allow DNS over TCP on port 53 to the server (RFC 7766 requires it; large DNSSEC answers "
	  "need it)", NULL, NULL },
	[DD_CODE_TRANSITION_NOT_YET_SAFE] = { C(TRANSITION_NOT_YET_SAFE), W, NULL,
	  "a change made now breaks validators that hold records cached from before it (a "
	  "DS set, DNSKEY RRset or signatures of the other side); made after the earlier "
	  "steps of a procedure and their waits (RFC 6781 4.1, RFC 7583), it does not",
	  "The change is safe only after earlier steps and their waits", NO_EDE, NONE, DD_FIX_NONE,
	  NULL, NULL, NULL },
	[DD_CODE_TRANSITION_UNSAFE] = { C(TRANSITION_UNSAFE), E, NULL,
	  "no order of steps and no waiting makes the change as given safe: e.g. the proposed "
	  "state, or the state it starts from, fails validation (no key of the proposed zone "
	  "matches a DS of the proposed set; signing stopped while a DS stays)",
	  "The change breaks validation however long one waits", NO_EDE, NONE, DD_FIX_NONE,
	  NULL, NULL, NULL },
	[DD_CODE_WORK_LIMIT_EXCEEDED] = { C(WORK_LIMIT_EXCEEDED), W, NULL,
	  "the data needs more validation work than validators allow (KeyTrap, CVE-2023-50387: "
	  "RRSIGs and DNSKEYs sharing key tags; records per RRset) and they fail it (error); or "
	  "the diagnosis's own budget ran out and the rest is indeterminate (warning); or the probe "
	  "reached one of its work limits (name servers per cut, addresses per name, names "
	  "without glue, resolution depth, queries, wall time: "
	  "[architecture.md](architecture.md#probe-work-limits)) and did not ask the rest (warning)",
	  "The zone needs more validation work than validators allow", EDE(6, "DNSSEC Bogus"), NAME,
	  DD_FIX_REDUCE_WORK, NULL, NULL,
	  "Unbound >= 1.19.1 stops after 8 verifications per RRset, BIND >= 9.18.24 after the "
	  "first failure (9.20: 16 per fetch, max-records-per-type 100); older validators keep "
	  "trying and may succeed, slowly" },
	[DD_CODE_ZONEMD_DUPLICATE] = { C(ZONEMD_DUPLICATE), E, NULL,
	  "several apex ZONEMD records share one scheme and hash algorithm: a verifier cannot "
	  "tell which digest is meant and fails the zone (RFC 8976 4)",
	  "The zone's ZONEMD repeats a scheme and hash algorithm",
	  NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  "Resolvers do not look at ZONEMD when they answer; Unbound's auth-zone (a local "
	  "copy of the root, RFC 8806) with zonemd-check: yes refuses a zone whose ZONEMD "
	  "does not verify" },
	[DD_CODE_ZONEMD_MALFORMED] = { C(ZONEMD_MALFORMED), E, NULL,
	  "an apex ZONEMD record too short for its fields, or whose digest is shorter than 12 "
	  "octets or not the size of its hash algorithm (RFC 8976 2.2.4): it cannot verify "
	  "the zone",
	  "The zone's ZONEMD record is malformed",
	  NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  "Resolvers do not look at ZONEMD when they answer; Unbound's auth-zone (a local "
	  "copy of the root, RFC 8806) with zonemd-check: yes refuses a zone whose ZONEMD "
	  "does not verify" },
	[DD_CODE_ZONEMD_MISMATCH] = { C(ZONEMD_MISMATCH), E, NULL,
	  "the digest in the apex ZONEMD differs from the digest of the zone as read (RFC "
	  "8976 3.3, 4): the zone was changed after its digest was computed, or the digest "
	  "was computed wrongly",
	  "The zone's data does not match its ZONEMD digest",
	  NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  "Resolvers do not look at ZONEMD when they answer; Unbound's auth-zone (a local "
	  "copy of the root, RFC 8806) with zonemd-check: yes refuses a zone whose ZONEMD "
	  "does not verify" },
	[DD_CODE_ZONEMD_NOT_AT_APEX] = { C(ZONEMD_NOT_AT_APEX), N, NULL,
	  "a ZONEMD RRset below the apex: not a digest of the zone, included in the digest as "
	  "ordinary data (RFC 8976 2)",
	  "A ZONEMD record is not at the zone apex", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  NULL },
	[DD_CODE_ZONEMD_SERIAL_MISMATCH] = { C(ZONEMD_SERIAL_MISMATCH), E, NULL,
	  "the apex ZONEMD's serial differs from the SOA serial: the digest names another "
	  "version of the zone and cannot verify this one (RFC 8976 4)",
	  "The zone's ZONEMD names another SOA serial",
	  NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  "Resolvers do not look at ZONEMD when they answer; Unbound's auth-zone (a local "
	  "copy of the root, RFC 8806) with zonemd-check: yes refuses a zone whose ZONEMD "
	  "does not verify" },
	[DD_CODE_ZONEMD_UNSUPPORTED] = { C(ZONEMD_UNSUPPORTED), W, NULL,
	  "every apex ZONEMD record has a scheme or hash algorithm check-zone does not "
	  "implement (it does SIMPLE with SHA-384 and SHA-512): the digest is not verified, "
	  "which is not a pass (RFC 8976 4)",
	  "The zone's ZONEMD cannot be verified (unsupported scheme or hash algorithm)",
	  NO_EDE, NONE, DD_FIX_NONE, NULL, NULL,
	  NULL },
	[DD_CODE_ZONE_STRUCTURE] = { C(ZONE_STRUCTURE), E, NULL,
	  "the zone breaks RFC 1034/2181 rules: SOA or NS missing at the apex, CNAME beside other "
	  "data, data under a DNAME",
	  "The zone breaks the DNS structure rules", NO_EDE, NONE, DD_FIX_NONE, NULL, NULL, NULL },
	[DD_CODE_ZSK_STANDBY] = { C(ZSK_STANDBY), N, NULL,
	  "a ZSK published that signs none of the apex RRsets beside a ZSK of its algorithm that "
	  "does, seen from one snapshot: pre-published for a roll or retired after it; the next "
	  "step for each and its RFC 7583 wait",
	  "A ZSK is published but does not sign (pre-published or retired)", NO_EDE, NONE,
	  DD_FIX_NONE, NULL, NULL, NULL },
};
#pragma GCC diagnostic pop

#undef C
#undef E
#undef W
#undef N
#undef EDE
#undef NO_EDE
#undef CHAIN
#undef NAME
#undef SERVERS
#undef NONE

_Static_assert(DD_CODE_NONE == 0, "entry 0 of the table is no code");

const char *dd_reach_name(dd_reach_t reach)
{
	switch (reach) {
	case DD_REACH_NONE:    return "none";
	case DD_REACH_CHAIN:   return "chain";
	case DD_REACH_NAME:    return "name";
	case DD_REACH_SERVERS: return "servers";
	}
	return "unknown";
}

static const char *const FIX_NAMES[DD_FIX_COUNT] = {
	[DD_FIX_NONE] = "none",
	[DD_FIX_PUBLISH_DS] = "publish-ds",
	[DD_FIX_FINISH_ROLLOVER] = "finish-rollover",
	[DD_FIX_REMOVE_DS] = "remove-ds",
	[DD_FIX_SIGN_DNSKEY] = "sign-dnskey",
	[DD_FIX_RESIGN] = "re-sign",
	[DD_FIX_SERVE_SIGNED] = "serve-signed",
	[DD_FIX_REPAIR_TRANSFER] = "repair-transfer",
	[DD_FIX_REBUILD_DENIAL] = "rebuild-denial",
	[DD_FIX_NSEC3_PARAMETERS] = "nsec3-parameters",
	[DD_FIX_ALGORITHM_ROLLOVER] = "algorithm-rollover",
	[DD_FIX_PLAN_ALGORITHM_ROLLOVER] = "plan-algorithm-rollover",
	[DD_FIX_SIGN_EVERY_ALGORITHM] = "sign-every-algorithm",
	[DD_FIX_REMOVE_STALE_DS] = "remove-stale-ds",
	[DD_FIX_ADD_SHA256_DS] = "add-sha256-ds",
	[DD_FIX_CORRECT_CDS] = "correct-cds",
	[DD_FIX_REDUCE_WORK] = "reduce-work",
	[DD_FIX_DELEGATION] = "fix-delegation",
	[DD_FIX_SERVER] = "fix-server",
	[DD_FIX_RESIGN_SOON] = "re-sign-soon",
	[DD_FIX_RESOLVER_VALIDATE] = "resolver-validate",
	[DD_FIX_RESOLVER_CLOCK] = "resolver-clock",
	[DD_FIX_RESOLVER_FAULT] = "resolver-fault",
	[DD_FIX_REPUBLISH_ZSK] = "republish-zsk",
	[DD_FIX_MULTI_SIGNER_KEYS] = "multi-signer-keys",
	[DD_FIX_REPLACE_REVOKED_DS] = "replace-revoked-ds",
	[DD_FIX_NS_SET] = "ns-set",
	[DD_FIX_CNAME_CHAIN] = "cname-chain",
	[DD_FIX_WILDCARD_DNAME] = "wildcard-dname",
	[DD_FIX_RRSIG_SECTION] = "rrsig-section",
};

const char *dd_fix_name(dd_fix_t fix)
{
	if ((int)fix < 0 || fix >= DD_FIX_COUNT || FIX_NAMES[fix] == NULL) {
		return "unknown";
	}
	return FIX_NAMES[fix];
}

const dd_finding_info_t *dd_finding_info_id(dd_code_t id)
{
	if ((int)id <= (int)DD_CODE_NONE || (int)id >= (int)DD_CODE_COUNT) {
		return NULL;
	}
	return &TABLE[id];
}

bool dd__finding_clocked(dd_code_t id)
{
	switch (id) {
	case DD_CODE_RRSIG_EXPIRED: case DD_CODE_RRSIG_NOT_YET_VALID: case DD_CODE_RRSIG_EXPIRING:
	case DD_CODE_RRSIG_WINDOW_EDGE:
		return true;
	default:
		return false;
	}
}

static int by_name(const void *key, const void *entry)
{
	return strcmp(key, ((const dd_finding_info_t *)entry)->code);
}

const dd_finding_info_t *dd_finding_info(const char *code)
{
	if (code == NULL) {
		return NULL;
	}
	return bsearch(code, &TABLE[1], DD_CODE_COUNT - 1, sizeof(TABLE[0]), by_name);
}

dd_code_t dd_code_of(const char *code)
{
	const dd_finding_info_t *i = dd_finding_info(code);
	return i != NULL ? i->id : DD_CODE_NONE;
}

const dd_finding_info_t *dd_finding_info_at(size_t i)
{
	return i < DD_CODE_COUNT - 1 ? &TABLE[i + 1] : NULL;
}

void dd__finding_fill(dd_finding_t *f, const dd_finding_info_t *info, dd_severity_t sev,
                      const uint8_t *zone, const uint8_t *owner, uint16_t rrtype, uint16_t tag,
                      uint8_t alg, int64_t when, const char *fmt, va_list ap)
{
	memset(f, 0, sizeof(*f));
	f->id = info->id;
	f->code = info->code;
	f->dnsviz = info->dnsviz;
	f->severity = info->severity > sev ? info->severity : sev;
	dd_name_to_lower(f->zone, zone);
	dd_name_to_lower(f->owner, owner);
	f->rrtype = rrtype;
	f->key_tag = tag;
	f->algorithm = alg;
	f->when = when;
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
}

bool dd__finding_about_ds(dd_code_t id)
{
	switch (id) {
	case DD_CODE_DS_ALGORITHM_MISMATCH: case DD_CODE_DS_DIGEST_MISMATCH:
	case DD_CODE_DS_DIGEST_WEAK: case DD_CODE_DS_NOT_AT_DELEGATION:
	case DD_CODE_DS_NO_MATCHING_DNSKEY: case DD_CODE_DS_REVOKED_KEY:
	case DD_CODE_DS_STALE_EXTRA: case DD_CODE_DS_WITHOUT_DNSKEY:
	case DD_CODE_DELEGATION_DS_DEPRECATED: case DD_CODE_ROLLOVER_INCOMPLETE:
	case DD_CODE_CDS_MISMATCH: case DD_CODE_CDS_DELETE:
		return true;
	default:
		return false;
	}
}

bool dd__finding_about_denial(dd_code_t id)
{
	switch (id) {
	case DD_CODE_DENIAL_PROOF_INVALID: case DD_CODE_NSEC3_CHAIN_BROKEN:
	case DD_CODE_NSEC3_ITERATIONS_EXCESSIVE: case DD_CODE_NSEC3_MISSING:
	case DD_CODE_NSEC3_OPTOUT_WRONG: case DD_CODE_NSEC3_ORPHAN:
	case DD_CODE_NSEC3PARAM_MISMATCH: case DD_CODE_NSEC3PARAM_INVALID:
	case DD_CODE_NSEC_BITMAP_WRONG: case DD_CODE_NSEC_CHAIN_BROKEN: case DD_CODE_NSEC_MISSING:
		return true;
	default:
		return false;
	}
}
