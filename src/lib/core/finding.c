/* SPDX-License-Identifier: MIT
 * finding.c - the one table of finding codes shared by diagnose, check-zone and monitor. */

#include <stdio.h>
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

#define E DD_SEV_ERROR
#define W DD_SEV_WARNING
#define N DD_SEV_NOTICE

/* Sorted by code for the reader, not for lookup. DNSViz names: dnsviz/analysis/errors.py. */
static const dd_finding_info_t TABLE[] = {
	{ "ALGORITHM_DEPRECATED", W, "DNSKEY_ALGORITHM_DEPRECATED",
	  "an algorithm built on SHA-1 or weaker (RSAMD5, DSA, RSASHA1, NSEC3RSASHA1) or GOST: RFC "
	  "8624 says not to sign with it, and validators with SHA-1 disabled fail it" },
	{ "ALGORITHM_INCOMPLETE", W, "MISSING_RRSIG_FOR_ALG_DNSKEY",
	  "an algorithm of the DNSKEY RRset does not sign every RRset (RFC 4035 2.2, RFC 6840 5.11)" },
	{ "ALGORITHM_UNSUPPORTED", W, "DNSKEY_ALGORITHM_NOT_SUPPORTED",
	  "an algorithm or digest type validators do not implement: the zone is insecure to them" },
	{ "CDS_CDNSKEY_UNPAIRED", W, NULL,
	  "CDS published without CDNSKEY or the reverse: parents that read only one see nothing "
	  "(RFC 7344 4)" },
	{ "CDS_MISMATCH", E, "CDS_NOT_MATCHING_DNSKEY",
	  "CDS/CDNSKEY that match no DNSKEY, or disagree with each other (RFC 7344 4, RFC 8078 4): "
	  "a parent that scans them installs a DS that breaks the zone" },
	{ "CLOCK_SKEW", E, NULL,
	  "a resolver fails a chain that validates, and a signature window edge lies within "
	  "plausible clock error (or it says Signature Expired / Not Yet Valid): suspected skew "
	  "of its clock" },
	{ "DELEGATION_DS_DEPRECATED", N, NULL,
	  "a delegation's DS uses an algorithm or digest type RFC 8624 deprecates: the child's "
	  "choice, worth telling its operator" },
	{ "DENIAL_PROOF_INVALID", E, "MISSING_NSEC_FOR_NXDOMAIN",
	  "a negative answer without a valid NSEC/NSEC3 proof (RFC 4035 5.4, RFC 5155 8)" },
	{ "DNSKEY_INVALID", E, "DNSKEY_BAD_LENGTH",
	  "a DNSKEY whose public key is malformed for its algorithm (RFC 3110, 6605, 8080)" },
	{ "DNSKEY_KEYTAG_COLLISION", W, NULL,
	  "several DNSKEYs share a key tag and algorithm: validators must try each (KeyTrap limits)" },
	{ "DNSKEY_NOT_SIGNED_BY_DS_KEY", E, "MISSING_SEP_FOR_ALG",
	  "no key that a DS points at signs the DNSKEY RRset (RFC 4035 5.2)" },
	{ "DS_ALGORITHM_MISMATCH", E, NULL,
	  "a DS whose algorithm differs from the DNSKEY it names" },
	{ "DS_DIGEST_MISMATCH", E, "DIGEST_INVALID",
	  "a DS names a DNSKEY by key tag and algorithm but its digest does not match (RFC 4034 5.1.4)" },
	{ "DS_DIGEST_WEAK", W, "DS_DIGEST_ALGORITHM_DEPRECATED",
	  "a DS digest type RFC 8624 says must not be used (SHA-1, GOST)" },
	{ "DS_NOT_AT_DELEGATION", E, NULL,
	  "a DS record at the apex or at a name that is not a delegation (RFC 4035 2.4)" },
	{ "DS_NO_MATCHING_DNSKEY", E, "NO_SEP",
	  "no DS matches any DNSKEY of the zone: validators see it bogus" },
	{ "DS_STALE_EXTRA", W, NULL,
	  "a DS that matches no DNSKEY beside one that does" },
	{ "DS_WITHOUT_DNSKEY", E, "NO_SEP",
	  "the parent has a DS but the zone serves no DNSKEY (unsigned or moved to an unsigned provider)" },
	{ "EDNS_FAULT", W, "EDNS_IGNORED",
	  "a server mishandles EDNS(0) (RFC 6891)" },
	{ "LAME_DELEGATION", W, "SERVER_NOT_AUTHORITATIVE",
	  "a server listed for the zone does not answer authoritatively" },
	{ "NSEC3PARAM_INVALID", E, NULL,
	  "an NSEC3PARAM with non-zero flags or an unknown hash algorithm (RFC 5155 4.1.2)" },
	{ "NSEC3PARAM_MISMATCH", E, NULL,
	  "NSEC3PARAM parameters differ from those of the NSEC3 chain (RFC 5155 4)" },
	{ "NSEC3_CHAIN_BROKEN", E, NULL,
	  "the NSEC3 chain is not one closed loop in hash order (RFC 5155 7.1)" },
	{ "NSEC3_ITERATIONS_EXCESSIVE", W, "NSEC3_ITERATIONS_TOO_MANY",
	  "more NSEC3 iterations than validators accept (RFC 9276 3.2: treated as insecure or bogus)" },
	{ "NSEC3_MISSING", E, NULL,
	  "a name that must have an NSEC3 record has none (RFC 5155 7.1)" },
	{ "NSEC3_OPTOUT_WRONG", E, NULL,
	  "an insecure delegation left out of the NSEC3 chain is not covered by an Opt-Out NSEC3 "
	  "(RFC 5155 6)" },
	{ "NSEC3_ORPHAN", E, NULL,
	  "an NSEC3 record whose hash matches no name of the zone (RFC 5155 7.1)" },
	{ "NSEC3_PARAMETERS_NOT_RECOMMENDED", N, NULL,
	  "NSEC3 with iterations or a salt, against RFC 9276 3.1 (0 iterations, no salt)" },
	{ "NSEC_BITMAP_WRONG", E, "BITMAP_TYPE_PRESENT",
	  "an NSEC/NSEC3 type bitmap does not list exactly the types at its name (RFC 4034 4.1.2)" },
	{ "NSEC_CHAIN_BROKEN", E, NULL,
	  "the NSEC chain is not one closed loop in canonical order (RFC 4034 4.1.1, 6.1)" },
	{ "NSEC_MISSING", E, NULL,
	  "an authoritative name without its NSEC record (RFC 4035 2.3)" },
	{ "NSEC_NON_AUTHORITATIVE", E, NULL,
	  "an NSEC or NSEC3 owned by glue or occluded data, or outside the zone (RFC 4035 2.3)" },
	{ "OUT_OF_ZONE", N, NULL,
	  "records outside the zone's apex in its file: ignored by servers" },
	{ "RESOLVER_ALGORITHM_UNSUPPORTED", W, NULL,
	  "a validating resolver treats a zone signed with an algorithm (or delegated with a "
	  "digest type) that RFC 8624 says validators must or should implement as insecure" },
	{ "RESOLVER_IGNORES_CD", W, NULL,
	  "a validating resolver returns SERVFAIL for a bogus name even with CD set (RFC 4035 "
	  "3.2.2): nothing behind it can see the broken data" },
	{ "RESOLVER_NOT_VALIDATING", E, NULL,
	  "a resolver answers without the AD bit for a validating name, or answers a bogus name: "
	  "it gives no DNSSEC protection (false confidence for DANE, SSHFP)" },
	{ "RESOLVER_STRIPS_DNSSEC", E, NULL,
	  "a resolver (or a middlebox before it) does not return RRSIGs or the DO bit to a DO "
	  "query (RFC 3225, RFC 4035 3.2.1): nothing behind it can validate" },
	{ "RESOLVER_VALIDATION_FAILURE", E, NULL,
	  "a resolver returns SERVFAIL for names that validate, with no clock explanation: a "
	  "stale trust anchor, cached bogus data or a fault of its own" },
	{ "RESPONSE_INVALID", W, "RESPONSE_ERROR",
	  "a server answers with messages that do not parse (garbage, a compression-pointer loop, "
	  "records overrunning the message), with the wrong ID or question, or truncated over TCP "
	  "(RFC 1035 4.1, RFC 5452 9.1, RFC 7766 8)" },
	{ "ROLLOVER_INCOMPLETE", E, NULL,
	  "a key rollover left half done: the DS moved to a key that is not published" },
	{ "RRSIG_EXPIRED", E, "EXPIRATION_IN_PAST",
	  "the signature's expiration is past (RFC 4035 5.3.1)" },
	{ "RRSIG_EXPIRING", W, NULL,
	  "the signature expires within the warning window: re-sign before then" },
	{ "RRSIG_INVALID", E, "SIGNATURE_INVALID",
	  "the signature does not verify with the key it names, or names no key of the zone" },
	{ "RRSIG_LABELS_INVALID", E, "RRSIG_LABELS_EXCEED_RRSET_OWNER_LABELS",
	  "the RRSIG Labels field does not fit its owner (RFC 4034 3.1.3, RFC 4035 5.3.1)" },
	{ "RRSIG_MISSING", E, "MISSING_RRSIG",
	  "an RRset without a signature, or without one of an algorithm of the DNSKEY RRset "
	  "(RFC 4035 2.2)" },
	{ "RRSIG_NON_AUTHORITATIVE", E, NULL,
	  "an RRSIG over delegation NS, glue or occluded data, which is not signed (RFC 4035 2.2)" },
	{ "RRSIG_NOT_YET_VALID", E, "INCEPTION_IN_FUTURE",
	  "the signature's inception is in the future (RFC 4035 5.3.1)" },
	{ "RRSIG_ORPHAN", W, NULL,
	  "an RRSIG covering a type that has no RRset at its name" },
	{ "RRSIG_REDUNDANT_INVALID", W, NULL,
	  "an expired, not yet valid or invalid RRSIG beside a valid one of the same algorithm: "
	  "validators skip it, but it costs them a verification and shows a signer fault" },
	{ "RRSIG_SIGNER_INVALID", E, "SIGNER_NOT_ZONE",
	  "the RRSIG Signer's Name is not the zone apex (RFC 4035 5.3.1)" },
	{ "RRSIG_TTL_MISMATCH", W, "ORIGINAL_TTL_EXCEEDED_RRSET",
	  "the RRset TTL differs from the RRSIG Original TTL (RFC 4035 2.2, 5.3.3)" },
	{ "RRSIG_WINDOW_EDGE", N, NULL,
	  "a signature's validity began or ends within a day of now: the clock skew that would "
	  "make validators see it not yet valid or expired" },
	{ "SEP_MISSING_FOR_ALGORITHM", E, NULL,
	  "no key with the SEP flag signs the DNSKEY RRset for an algorithm (RFC 4035 2.1; what a "
	  "DS should point at)" },
	{ "SERVER_UNREACHABLE", W, "TIMEOUT",
	  "a server of the zone does not answer" },
	{ "SPLIT_SIGNING", E, NULL,
	  "the zone's servers serve differently signed versions (multi-provider without shared keys)" },
	{ "STALE_SECONDARY", E, NULL,
	  "a server serves an older, differently signed version of the zone" },
	{ "TCP_FAULT", W, "TCP_FAIL",
	  "a server fails over TCP (RFC 7766)" },
	{ "WORK_LIMIT_EXCEEDED", W, NULL,
	  "the data needs more validation work than validators allow (KeyTrap, CVE-2023-50387: "
	  "RRSIGs and DNSKEYs sharing key tags; records per RRset) and they fail it (error); or "
	  "the diagnosis's own budget ran out and the rest is indeterminate (warning)" },
	{ "ZONE_STRUCTURE", E, NULL,
	  "the zone breaks RFC 1034/2181 rules: SOA or NS missing at the apex, CNAME beside other "
	  "data, data under a DNAME" },
};

#undef E
#undef W
#undef N

const dd_finding_info_t *dd_finding_info(const char *code)
{
	if (code == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < sizeof(TABLE) / sizeof(TABLE[0]); i++) {
		if (strcmp(TABLE[i].code, code) == 0) {
			return &TABLE[i];
		}
	}
	return NULL;
}

const dd_finding_info_t *dd_finding_info_at(size_t i)
{
	return i < sizeof(TABLE) / sizeof(TABLE[0]) ? &TABLE[i] : NULL;
}

void dd__finding_fill(dd_finding_t *f, const dd_finding_info_t *info, dd_severity_t sev,
                      const uint8_t *zone, const uint8_t *owner, uint16_t rrtype, uint16_t tag,
                      uint8_t alg, int64_t when, const char *fmt, va_list ap)
{
	memset(f, 0, sizeof(*f));
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
