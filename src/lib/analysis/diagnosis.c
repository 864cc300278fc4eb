/* SPDX-License-Identifier: MIT
 * diagnosis.c - root causes from findings: ranking, the fix in the seeds' safe order with the
 * exact DS to publish, recovery bounded by TTLs, RFC 8914 Extended DNS Errors, and where
 * Unbound, BIND and Knot Resolver differ. */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "dd/algorithm.h"
#include "dd/analysis.h"
#include "dd/diagnosis.h"
#include "dd/ds.h"
#include "dd/key.h"
#include "dd/error.h"
#include "dd/finding.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "dd/views.h"
#include "dns/name_text.h"

/* What each code means for an operator: a title, the EDE a validator sends, whether it breaks
 * resolution (chain level: everything below fails; name level: one RRset or denial). */
typedef enum reach { R_CHAIN, R_NAME, R_SERVERS, R_NONE } reach_t;

typedef struct code_info {
	const char *code;
	const char *title;
	int ede;               /* RFC 8914 info-code, -1 none */
	const char *ede_name;
	reach_t reach;
} code_info_t;

static const code_info_t CODES[] = {
	{ "SERVER_UNREACHABLE", "A listed name server does not answer", 22, "No Reachable Authority", R_SERVERS },
	{ "LAME_DELEGATION", "A listed name server is not authoritative for the zone", 22, "No Reachable Authority", R_SERVERS },
	{ "RESPONSE_INVALID", "A name server sends invalid answers", -1, NULL, R_SERVERS },
	{ "EDNS_FAULT", "A name server mishandles EDNS0", -1, NULL, R_SERVERS },
	{ "TCP_FAULT", "A name server fails DNS over TCP", -1, NULL, R_SERVERS },
	{ "DS_DIGEST_MISMATCH", "The DS at the parent does not match the zone's key (wrong digest)", 9, "DNSKEY Missing", R_CHAIN },
	{ "DS_NO_MATCHING_DNSKEY", "The DS at the parent names a key the zone does not publish", 9, "DNSKEY Missing", R_CHAIN },
	{ "DS_ALGORITHM_MISMATCH", "The DS at the parent has the wrong algorithm number", 9, "DNSKEY Missing", R_CHAIN },
	{ "ROLLOVER_INCOMPLETE", "A KSK rollover was left half done", 9, "DNSKEY Missing", R_CHAIN },
	{ "DS_WITHOUT_DNSKEY", "The parent has a DS but the zone is served unsigned", 10, "RRSIGs Missing", R_CHAIN },
	{ "DNSKEY_NOT_SIGNED_BY_DS_KEY", "The DNSKEY RRset is not signed by the key the DS points at", 9, "DNSKEY Missing", R_CHAIN },
	{ "SPLIT_SIGNING", "One of the zone's servers serves it unsigned", 10, "RRSIGs Missing", R_CHAIN },
	{ "STALE_SECONDARY", "A secondary serves an old copy whose signatures no longer validate", 7, "Signature Expired", R_CHAIN },
	{ "RRSIG_EXPIRED", "Signatures have expired", 7, "Signature Expired", R_NAME },
	{ "RRSIG_NOT_YET_VALID", "Signatures are not valid yet", 8, "Signature Not Yet Valid", R_NAME },
	{ "RRSIG_MISSING", "An RRset is served without signatures", 10, "RRSIGs Missing", R_NAME },
	{ "RRSIG_INVALID", "A signature does not verify", 6, "DNSSEC Bogus", R_NAME },
	{ "WORK_LIMIT_EXCEEDED", "The zone needs more validation work than validators allow", 6, "DNSSEC Bogus", R_NAME },
	{ "NSEC3PARAM_MISMATCH", "The NSEC3PARAM does not match the NSEC3 chain", 12, "NSEC Missing", R_NAME },
	{ "DENIAL_PROOF_INVALID", "Negative answers do not prove non-existence", 12, "NSEC Missing", R_NAME },
	{ "NSEC_BITMAP_WRONG", "An NSEC/NSEC3 type bitmap does not match the name's types", 6, "DNSSEC Bogus", R_NAME },
	{ "ALGORITHM_UNSUPPORTED", "The zone uses an algorithm validators do not implement", 1, "Unsupported DNSKEY Algorithm", R_NONE },
	{ "NSEC3_ITERATIONS_EXCESSIVE", "NSEC3 uses more iterations than validators accept", 27, "Unsupported NSEC3 Iterations Value", R_NONE },
	{ "ALGORITHM_DEPRECATED", "The zone is signed with a deprecated algorithm", -1, NULL, R_NONE },
	{ "ALGORITHM_INCOMPLETE", "Not every algorithm in the DNSKEY RRset signs the zone", -1, NULL, R_NONE },
	{ "DS_STALE_EXTRA", "The parent keeps a stale DS beside the valid one", -1, NULL, R_NONE },
	{ "DS_DIGEST_WEAK", "The only DS uses SHA-1", -1, NULL, R_NONE },
	{ "CDS_MISMATCH", "The CDS/CDNSKEY matches none of the zone's keys", -1, NULL, R_NONE },
	{ "RRSIG_EXPIRING", "Signatures expire within a week", -1, NULL, R_NONE },
	{ "CLOCK_SKEW", "A resolver fails a valid chain: its clock is suspected to be off", -1, NULL, R_NONE },
	{ "RESOLVER_VALIDATION_FAILURE", "A resolver fails a chain that validates", -1, NULL, R_NONE },
	{ "RESOLVER_NOT_VALIDATING", "The resolver does not validate DNSSEC", -1, NULL, R_NONE },
};

static const code_info_t *info(const char *code)
{
	for (size_t i = 0; i < sizeof(CODES) / sizeof(CODES[0]); i++) {
		if (strcmp(CODES[i].code, code) == 0) {
			return &CODES[i];
		}
	}
	return NULL;
}

__attribute__((format(printf, 2, 3)))
static void step(dd_root_cause_t *rc, const char *fmt, ...)
{
	if (rc->nfix >= DD_FIX_STEPS) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rc->fix[rc->nfix++], sizeof(rc->fix[0]), fmt, ap);
	va_end(ap);
}

static const dd_zone_result_t *zone_of(const dd_analysis_t *an, const uint8_t *name)
{
	for (size_t i = 0; i < an->nzones; i++) {
		if (dd_name_equal(an->zones[i].name, name)) {
			return &an->zones[i];
		}
	}
	return NULL;
}

static const dd_zone_result_t *parent_of(const dd_analysis_t *an, const uint8_t *name)
{
	const dd_zone_result_t *z = zone_of(an, name);
	return z != NULL && z->parent >= 0 ? &an->zones[z->parent] : NULL;
}

static void ttl_text(uint32_t ttl, char out[48])
{
	if (ttl >= 86400 && ttl % 3600 == 0) {
		snprintf(out, 48, "%u s (%u hours)", ttl, ttl / 3600);
	} else if (ttl >= 3600) {
		snprintf(out, 48, "%u s (%.1f hours)", ttl, ttl / 3600.0);
	} else {
		snprintf(out, 48, "%u s", ttl);
	}
}

/* The DS records the zone needs, from its live KSKs (the analysis computed them from the
 * DNSKEY RRset), as zone-file lines and registrar one-liners into @p rc. */
static size_t correct_ds(const dd_zone_result_t *zr, dd_root_cause_t *rc, const char *zone)
{
	for (size_t i = 0; zr != NULL && i < zr->nds_lines; i++) {
		const dd_ds_line_t *l = &zr->ds_lines[i];
		step(rc, "At the registrar for %s, publish this DS (computed from the live KSK, key "
		     "tag %u): %s IN DS %u %u %u %s  (registrar form: key tag %u, algorithm %u, "
		     "digest type %u, digest %s)", zone, l->key_tag, zone, l->key_tag, l->algorithm,
		     l->digest_type, l->digest, l->key_tag, l->algorithm, l->digest_type, l->digest);
	}
	return zr != NULL ? zr->nds_lines : 0;
}

static void stale_ds_steps(const dd_zone_result_t *zr, dd_root_cause_t *rc, const char *zone)
{
	for (size_t d = 0; d < zr->nds; d++) {
		const dd_ds_view_t *v = &zr->ds[d];
		if (v->state != DD_DS_STATE_MATCHES) {
			step(rc, "Remove the DS for %s that matches no key: %u %u %u %.16s... (%s)", zone,
			     v->key_tag, v->algorithm, v->digest_type, v->digest, dd_ds_state_name(v->state));
		}
	}
}

/* Fill fix, recovery and validator behaviour for @p rc. */
static void explain(const dd_analysis_t *an, dd_root_cause_t *rc)
{
	char zone[1024];
	dd__name_text(rc->zone, zone, sizeof(zone));
	const dd_zone_result_t *zr = zone_of(an, rc->zone);
	const dd_zone_result_t *pz = parent_of(an, rc->zone);
	char pname[1024] = "the parent zone";
	if (pz != NULL) {
		dd__name_text(pz->name, pname, sizeof(pname));
	}
	uint32_t ds_ttl = zr ? zr->ds_ttl : 0, key_ttl = zr ? zr->dnskey_ttl : 0;
	uint32_t neg = zr ? zr->neg_ttl : 0;
	char t1[48], t2[48];
	const char *c = rc->code;
	rc->recovery_seconds = -1;

	if (!strcmp(c, "DS_DIGEST_MISMATCH") || !strcmp(c, "DS_NO_MATCHING_DNSKEY") ||
	    !strcmp(c, "DS_ALGORITHM_MISMATCH")) {
		if (correct_ds(zr, rc, zone) == 0) {
			step(rc, "Compute the DS from the zone's KSK (dnssec-doctor ds, or "
			     "dnssec-dsfromkey) and publish it at the registrar");
		}
		stale_ds_steps(zr, rc, zone);
		step(rc, "Leave signing on meanwhile: disabling it now would not help while the DS is "
		     "in resolvers' caches");
		ttl_text(ds_ttl, t1);
		rc->recovery_seconds = ds_ttl;
		snprintf(rc->recovery, sizeof(rc->recovery), "once %s publishes the new DS, resolvers "
		         "recover within the parent's DS TTL, %s (plus the registry's publication delay)",
		         pname, t1);
	} else if (!strcmp(c, "ROLLOVER_INCOMPLETE")) {
		step(rc, "Either publish the new KSK in %s's DNSKEY RRset and sign the DNSKEY RRset with "
		     "it (the DS already points at it), or put back at the registrar the DS of the KSK "
		     "the zone still uses:", zone);
		correct_ds(zr, rc, zone);
		step(rc, "Finish the rollover in order (RFC 7583): keep the old KSK published until the "
		     "new DS has been at the parent for its TTL, then retire it");
		ttl_text(ds_ttl, t1);
		ttl_text(key_ttl, t2);
		rc->recovery_seconds = ds_ttl > key_ttl ? ds_ttl : key_ttl;
		snprintf(rc->recovery, sizeof(rc->recovery), "within the DNSKEY TTL, %s, if the key is "
		         "published; within the parent's DS TTL, %s, if the DS is put back", t2, t1);
	} else if (!strcmp(c, "DS_WITHOUT_DNSKEY")) {
		step(rc, "Fastest: remove every DS for %s at the registrar (the zone is unsigned now, "
		     "so this makes it correctly insecure)", zone);
		step(rc, "Or: re-enable signing at the current DNS provider and publish its DS instead");
		step(rc, "In future moves: remove the DS first, wait the DS TTL, and only then stop "
		     "signing or move to an unsigned provider");
		ttl_text(ds_ttl, t1);
		rc->recovery_seconds = ds_ttl;
		snprintf(rc->recovery, sizeof(rc->recovery), "within the parent's DS TTL, %s, after "
		         "%s stops publishing the DS", t1, pname);
	} else if (!strcmp(c, "DNSKEY_NOT_SIGNED_BY_DS_KEY")) {
		step(rc, "Sign the DNSKEY RRset of %s with the KSK the DS points at (check that the "
		     "signer has that KSK's private key and considers it active)", zone);
		step(rc, "Do not change the DS meanwhile unless the KSK is lost; then publish the DS of "
		     "the key that does sign the DNSKEY RRset");
		ttl_text(key_ttl, t1);
		rc->recovery_seconds = key_ttl;
		snprintf(rc->recovery, sizeof(rc->recovery), "within the DNSKEY TTL, %s, after the "
		         "servers serve the new signature", t1);
	} else if (!strcmp(c, "RRSIG_EXPIRED") || !strcmp(c, "RRSIG_NOT_YET_VALID") ||
	           !strcmp(c, "RRSIG_MISSING") || !strcmp(c, "RRSIG_INVALID")) {
		step(rc, "Re-sign %s now (rndc sign, knotc zone-sign, dnssec-signzone -S, or your "
		     "provider's console) and reload every server", zone);
		if (!strcmp(c, "RRSIG_NOT_YET_VALID")) {
			step(rc, "Check the signer's clock: its inception times are in the future (sign "
			     "with an inception in the past, e.g. dnssec-signzone -s now-3600)");
		} else if (!strcmp(c, "RRSIG_EXPIRED")) {
			step(rc, "Then find why automatic re-signing stopped (signer down, key files "
			     "unreadable, a static zone signed once) and alert on expiry 7 days ahead");
		}
		step(rc, "Do NOT remove the DS or turn off signing as the first response: re-signing "
		     "fixes it at once, pulling the DS takes the DS TTL and leaves the zone unprotected");
		rc->recovery_seconds = key_ttl > neg ? key_ttl : neg;
		ttl_text(key_ttl, t1);
		snprintf(rc->recovery, sizeof(rc->recovery), "as soon as the servers serve new "
		         "signatures: validators keep bogus answers only briefly (Unbound val-bogus-ttl "
		         "60 s); a DNSKEY RRset cached as bogus is retried within its TTL, %s", t1);
	} else if (!strcmp(c, "SPLIT_SIGNING")) {
		step(rc, "Make every listed server of %s serve the signed zone: configure the server "
		     "that serves it unsigned as a secondary of the signer (or set up multi-signer, RFC "
		     "8901)", zone);
		step(rc, "Or remove that server from the NS RRset in %s and in the zone, keeping the "
		     "signed servers", pname);
		rc->recovery_seconds = zr ? (int64_t)zr->ds_ttl : -1;
		snprintf(rc->recovery, sizeof(rc->recovery), "immediately for new queries once every "
		         "server serves signed data; if the NS set changes, within the NS TTL");
	} else if (!strcmp(c, "STALE_SECONDARY")) {
		step(rc, "Repair zone transfers to the stale server (transfer logs, ACLs, TSIG keys, "
		     "NOTIFY) and force a new transfer (nsd-control force_transfer, rndc retransfer, "
		     "knotc zone-retransfer)");
		step(rc, "Until then, remove that server from the NS RRset if it cannot be fixed: it "
		     "keeps serving the old copy until the SOA EXPIRE (%u s)", zr ? zr->soa_expire : 0);
		rc->recovery_seconds = 0;
		snprintf(rc->recovery, sizeof(rc->recovery), "as soon as the secondary serves the "
		         "current serial");
	} else if (!strcmp(c, "NSEC3PARAM_MISMATCH") || !strcmp(c, "DENIAL_PROOF_INVALID") ||
	           !strcmp(c, "NSEC_BITMAP_WRONG")) {
		step(rc, "Re-sign %s so the signer rebuilds one complete NSEC/NSEC3 chain, with the "
		     "NSEC3PARAM naming its parameters (RFC 9276: 0 iterations, no salt)", zone);
		step(rc, "If the chain breaks only on secondaries, check that zone transfers (IXFR) "
		     "complete");
		ttl_text(neg, t1);
		rc->recovery_seconds = neg;
		snprintf(rc->recovery, sizeof(rc->recovery), "within the negative TTL (SOA MINIMUM), "
		         "%s, after the servers serve the new chain", t1);
	} else if (!strcmp(c, "NSEC3_ITERATIONS_EXCESSIVE")) {
		step(rc, "Re-sign %s with NSEC3 0 iterations and no salt (RFC 9276 3.1), e.g. "
		     "dnssec-signzone -3 - -H 0 or Knot's nsec3-iterations: 0", zone);
		rc->recovery_seconds = neg;
		snprintf(rc->recovery, sizeof(rc->recovery), "within the negative TTL, %u s", neg);
		snprintf(rc->validators_differ, sizeof(rc->validators_differ), "Unbound "
		         "(val-nsec3-keysize-iterations), BIND 9.18 and Knot Resolver treat NSEC3 above "
		         "150 iterations as insecure: negative answers lose AD, with EDE 27; RFC 9276 "
		         "3.2 also allows validators to SERVFAIL, and newer releases lower the limit");
	} else if (!strcmp(c, "ALGORITHM_UNSUPPORTED")) {
		step(rc, "Roll %s to ECDSAP256SHA256 (13) or ED25519 (15) with an algorithm rollover "
		     "(RFC 6781 4.1.4): add the new keys and signatures, then the new DS, then remove "
		     "the old DS, and last the old keys", zone);
		snprintf(rc->recovery, sizeof(rc->recovery), "nothing is broken for users: the zone "
		         "is simply not protected");
		snprintf(rc->validators_differ, sizeof(rc->validators_differ), "validators that do not "
		         "implement the algorithm (or digest) treat the zone as insecure and answer "
		         "without AD (RFC 4035 5.2, RFC 6840 5.2); one that does implement it validates. "
		         "It is never a reason for SERVFAIL, whatever the playbooks say");
	} else if (!strcmp(c, "ALGORITHM_DEPRECATED")) {
		step(rc, "Plan an algorithm rollover of %s to ECDSAP256SHA256 (13) or ED25519 (15) "
		     "(RFC 6781 4.1.4): new keys and signatures first, then the DS, then remove the "
		     "old", zone);
		snprintf(rc->recovery, sizeof(rc->recovery), "nothing is broken yet");
		snprintf(rc->validators_differ, sizeof(rc->validators_differ), "Unbound, BIND and Knot "
		         "Resolver validate RSASHA1 today; validators whose crypto policy forbids SHA-1 "
		         "(RHEL 9 DEFAULT) treat the zone as insecure");
	} else if (!strcmp(c, "ALGORITHM_INCOMPLETE")) {
		step(rc, "Sign every RRset of %s with every algorithm in its DNSKEY RRset, or retire "
		     "the unused algorithm: remove its DS at the registrar first, wait the DS TTL, then "
		     "remove its DNSKEYs", zone);
		snprintf(rc->recovery, sizeof(rc->recovery), "nothing is broken for validators that "
		         "follow RFC 6840 5.11");
		snprintf(rc->validators_differ, sizeof(rc->validators_differ), "Unbound (with the "
		         "default harden-algo-downgrade: no), BIND and Knot Resolver accept the zone "
		         "through the algorithm that works (RFC 6840 5.11); a validator that insists on "
		         "every algorithm named in the DS RRset (RFC 4035 2.2 read strictly) fails it");
	} else if (!strcmp(c, "DS_STALE_EXTRA")) {
		stale_ds_steps(zr, rc, zone);
		snprintf(rc->recovery, sizeof(rc->recovery), "nothing is broken: validators use the DS "
		         "that matches");
	} else if (!strcmp(c, "DS_DIGEST_WEAK")) {
		correct_ds(zr, rc, zone);
		step(rc, "Once the SHA-256 DS has been at the parent for its TTL, remove the SHA-1 DS");
		snprintf(rc->recovery, sizeof(rc->recovery), "nothing is broken yet");
		snprintf(rc->validators_differ, sizeof(rc->validators_differ), "RFC 8624 still "
		         "requires validators to accept SHA-1 DS, and Unbound, BIND and Knot Resolver "
		         "do; where SHA-1 is disabled by policy (RHEL 9) the zone becomes insecure");
	} else if (!strcmp(c, "CDS_MISMATCH")) {
		step(rc, "Correct or remove the CDS/CDNSKEY records of %s (RFC 7344): a parent that "
		     "polls them would replace the DS with one that breaks the zone", zone);
		snprintf(rc->recovery, sizeof(rc->recovery), "nothing is broken until a parent acts on "
		         "the CDS");
	} else if (!strcmp(c, "WORK_LIMIT_EXCEEDED")) {
		if (rc->severity == DD_SEV_ERROR) {
			step(rc, "Publish at most a few DNSKEYs in %s, each with its own key tag (regenerate "
			     "a key whose tag collides), keep one valid RRSIG per algorithm on each RRset, "
			     "and keep every RRset under %d records", zone, DD_LIMIT_RRSET_RECORDS);
			step(rc, "If the zone is not yours and looks built to exhaust validators (many "
			     "keys sharing a tag, many signatures), it is a KeyTrap attack zone "
			     "(CVE-2023-50387): validators with the fix refuse it, as intended");
			snprintf(rc->recovery, sizeof(rc->recovery), "validators accept the data again "
			         "as soon as it is served within their limits and the bogus answer's "
			         "cache lifetime has passed");
			snprintf(rc->validators_differ, sizeof(rc->validators_differ), "Unbound >= 1.19.1 "
			         "stops after 8 verifications per RRset, BIND >= 9.18.24 after the first "
			         "failure (9.20: 16 per fetch, max-records-per-type 100); older validators "
			         "keep trying and may succeed, slowly");
		} else {
			step(rc, "Run the diagnosis again for a name lower in the tree, or check the zone "
			     "offline with check-zone: this diagnosis stopped verifying at its own budget");
			snprintf(rc->recovery, sizeof(rc->recovery), "nothing is known to be broken");
		}
	} else if (!strcmp(c, "LAME_DELEGATION") || !strcmp(c, "SERVER_UNREACHABLE") ||
	           !strcmp(c, "EDNS_FAULT") || !strcmp(c, "TCP_FAULT") ||
	           !strcmp(c, "RESPONSE_INVALID")) {
		if (!strcmp(c, "RESPONSE_INVALID")) {
			step(rc, "Find what answers for the server's address (a broken or hostile server, "
			     "a middlebox rewriting DNS, a load balancer mangling answers) and fix or "
			     "replace it; a validator discards these answers and tries other servers");
		} else if (!strcmp(c, "EDNS_FAULT")) {
			step(rc, "Upgrade or fix the server (or the middlebox in front of it) so that it "
			     "answers EDNS0 queries with an OPT record (RFC 6891)");
		} else if (!strcmp(c, "TCP_FAULT")) {
			step(rc, "Allow DNS over TCP on port 53 to the server (RFC 7766 requires it; "
			     "large DNSSEC answers need it)");
		} else {
			step(rc, "Make the listed server answer authoritatively for %s, or remove it from "
			     "the NS RRset at %s and in the zone", zone, pname);
		}
		step(rc, "This is a delegation fault, not a DNSSEC one: fix it, but do not change "
		     "DNSKEY or DS records for it");
		snprintf(rc->recovery, sizeof(rc->recovery), "resolvers retry other servers; slow "
		         "answers stop once the server is fixed or removed (NS TTL)");
	} else if (!strcmp(c, "RRSIG_EXPIRING")) {
		step(rc, "Re-sign %s before its first signature expires, and check the signer's "
		     "automation", zone);
		snprintf(rc->recovery, sizeof(rc->recovery), "nothing is broken yet");
	}
}

static int cause_rank(const dd_root_cause_t *rc)
{
	const code_info_t *ci = info(rc->code);
	reach_t r = ci ? ci->reach : R_NONE;
	if (rc->severity == DD_SEV_ERROR) {
		return r == R_SERVERS ? 0 : r == R_CHAIN ? 1 : 2;
	}
	return r == R_SERVERS ? 3 : 4;
}

static int cause_cmp(const void *a, const void *b)
{
	const dd_root_cause_t *x = a, *y = b;
	if (x->explains_outage != y->explains_outage) {
		return x->explains_outage ? -1 : 1;
	}
	int rx = cause_rank(x), ry = cause_rank(y);
	if (rx != ry) {
		return rx - ry;
	}
	/* a broken denial is the consequence of a mismatched NSEC3PARAM, not the other way */
	int dx = !strcmp(x->code, "DENIAL_PROOF_INVALID"), dy = !strcmp(y->code, "DENIAL_PROOF_INVALID");
	if (dx != dy) {
		return dx - dy;
	}
	/* zones closer to the root explain more */
	return (int)dd_name_labels(x->zone) - (int)dd_name_labels(y->zone);
}

/* Rank the causes, set the exit code, the instant the chain breaks and the headline. */
static void finish(dd_diagnosis_t *dg, const dd_analysis_t *an)
{
	int worst_sev = -1;
	for (size_t i = 0; i < dg->ncauses; i++) {
		if ((int)dg->causes[i].severity > worst_sev) {
			worst_sev = (int)dg->causes[i].severity;
		}
	}
	qsort(dg->causes, dg->ncauses, sizeof(*dg->causes), cause_cmp);
	dg->exit_code = worst_sev == DD_SEV_ERROR || an->target_status == DD_STATUS_BOGUS ? 2
	                : worst_sev == DD_SEV_WARNING ? 1 : 0;
	/* the instant the chain breaks if nothing changes: its first signature to expire */
	dg->breaks_at = 0;
	for (size_t i = 0; i < an->nzones; i++) {
		int64_t e = an->zones[i].earliest_expiration;
		if (e > an->at && (dg->breaks_at == 0 || e < dg->breaks_at)) {
			dg->breaks_at = e;
		}
	}
	char name[1024], type[24];
	dd__name_text(an->target, name, sizeof(name));
	if (dd_type_to_str(an->qtype, type, sizeof(type)) != DD_OK) {
		snprintf(type, sizeof(type), "TYPE%u", an->qtype);
	}
	const char *verdict = dd_status_name(an->target_status);
	if (dg->ncauses > 0 && dg->causes[0].severity >= DD_SEV_WARNING) {
		char z[1024];
		dd__name_text(dg->causes[0].zone, z, sizeof(z));
		snprintf(dg->headline, sizeof(dg->headline), "%s %s is %s: %s (%s, in %s)", name, type,
		         verdict, dg->causes[0].title, dg->causes[0].code, z);
	} else {
		snprintf(dg->headline, sizeof(dg->headline), "%s %s is %s: %s", name, type, verdict,
		         an->target_status == DD_STATUS_SECURE ? "the chain of trust validates"
		         : an->target_status == DD_STATUS_INSECURE ? "correctly insecure (no DNSSEC "
		                                                   "chain above it)" : an->target_reason);
	}
}

int dd_diagnose(const dd_analysis_t *an, const dd_evidence_t *ev, dd_diagnosis_t **out)
{
	if (an == NULL || ev == NULL || out == NULL) {
		return DD_EINVAL;
	}
	dd_diagnosis_t *dg = calloc(1, sizeof(*dg));
	if (dg == NULL) {
		return DD_ENOMEM;
	}
	dg->verdict = an->target_status;
	dg->causes = calloc(an->nfindings ? an->nfindings : 1, sizeof(*dg->causes));
	if (dg->causes == NULL) {
		free(dg);
		return DD_ENOMEM;
	}
	/* the zone where trouble starts, and whether the name is broken */
	bool broken = an->target_status == DD_STATUS_BOGUS || an->nx_status == DD_STATUS_BOGUS ||
	              an->target_status == DD_STATUS_INDETERMINATE;
	for (size_t i = 0; i < an->nfindings; i++) {
		const dd_finding_t *f = &an->findings[i];
		if (f->severity == DD_SEV_NOTICE) {
			continue;
		}
		dd_root_cause_t *rc = NULL;
		for (size_t k = 0; k < dg->ncauses; k++) {
			if (strcmp(dg->causes[k].code, f->code) == 0 && dd_name_equal(dg->causes[k].zone, f->zone)) {
				rc = &dg->causes[k];
			}
		}
		if (rc == NULL) {
			rc = &dg->causes[dg->ncauses++];
			rc->code = f->code;
			rc->severity = f->severity;
			memcpy(rc->zone, f->zone, dd_name_len(f->zone));
			const code_info_t *ci = info(f->code);
			rc->title = ci ? ci->title : f->code;
			rc->ede = ci ? ci->ede : -1;
			const dd_zone_result_t *zr = zone_of(an, f->zone);
			bool zone_bad = zr != NULL && (zr->status == DD_STATUS_BOGUS ||
			                               zr->status == DD_STATUS_INDETERMINATE);
			if (ci != NULL && ci->reach == R_CHAIN) {
				rc->explains_outage = broken && zone_bad;
			} else if (ci != NULL && ci->reach == R_NAME) {
				rc->explains_outage = broken && f->severity == DD_SEV_ERROR;
			} else if (ci != NULL && ci->reach == R_SERVERS) {
				rc->explains_outage = f->severity == DD_SEV_ERROR;
			}
			if (ci != NULL && ci->reach != R_NONE && rc->ede >= 0) {
				snprintf(rc->validator_result, sizeof(rc->validator_result),
				         "SERVFAIL with Extended DNS Error %d (%s)", rc->ede, ci->ede_name);
			} else if (!strcmp(f->code, "ALGORITHM_UNSUPPORTED")) {
				snprintf(rc->validator_result, sizeof(rc->validator_result),
				         "NOERROR without AD (insecure), EDE 1 (Unsupported DNSKEY Algorithm)");
			} else if (!strcmp(f->code, "NSEC3_ITERATIONS_EXCESSIVE")) {
				snprintf(rc->validator_result, sizeof(rc->validator_result),
				         "negative answers without AD (insecure), EDE 27 (Unsupported NSEC3 "
				         "Iterations Value)");
			} else {
				snprintf(rc->validator_result, sizeof(rc->validator_result),
				         "the answer still validates (AD set)");
			}
			explain(an, rc);
		}
		if (f->severity > rc->severity) {
			rc->severity = f->severity;
		}
		if (rc->nfindings < 16) {
			rc->findings[rc->nfindings++] = i;
		}
	}
	finish(dg, an);
	*out = dg;
	return DD_OK;
}

/* A signature window edge of the chain: the smallest clock error, seconds, that makes a
 * validator reject one of its signatures, and the zone. */
typedef struct edge {
	int64_t margin;           /* -1: no signature seen */
	int64_t when;
	const dd_zone_result_t *zone;
} edge_t;

/* The nearest expiration (@p expiry) or the most recent inception of the chain's signatures. */
static edge_t nearest_edge(const dd_analysis_t *an, bool expiry)
{
	edge_t e = { .margin = -1 };
	for (size_t i = 0; i < an->nzones; i++) {
		const dd_zone_result_t *z = &an->zones[i];
		int64_t t = expiry ? z->earliest_expiration : z->latest_inception;
		int64_t m = expiry ? t - an->at : an->at - t;
		if (t != 0 && m >= 0 && (e.margin < 0 || m < e.margin)) {
			e = (edge_t){ m, t, z };
		}
	}
	return e;
}

/* "a signature of ZONE expires at T (D from now): a resolver whose clock is more than D fast
 * sees it expired" into @p out. */
static void edge_text(const edge_t *e, bool expiry, char *out, size_t len)
{
	char zname[1024], when[32], d[48];
	dd__name_text(e->zone->name, zname, sizeof(zname));
	dd__time_text(e->when, when);
	dd__duration_text(e->margin, d);
	snprintf(out, len, "a signature of %s %s at %s (%s %s): a resolver whose clock is more than "
	         "%s %s sees it %s", zname, expiry ? "expires" : "became valid", when, d,
	         expiry ? "from now" : "ago", d, expiry ? "fast" : "slow",
	         expiry ? "expired" : "not yet valid");
}

static const dd_view_t *find_view(const dd_views_t *vs, const char *source, const uint8_t *name,
                                  bool cd)
{
	for (size_t i = 0; i < vs->n; i++) {
		const dd_view_t *v = &vs->v[i];
		if (v->cd == cd && strcmp(v->source, source) == 0 && dd_name_equal(v->name, name)) {
			return v;
		}
	}
	return NULL;
}

static void view_text(const dd_view_t *v, char *out, size_t len)
{
	char rc[16], name[1024];
	dd__name_text(v->name, name, sizeof(name));
	int n = snprintf(out, len, "%s answered %s%s", v->source, dd_rcode_name((uint16_t)v->rcode, rc),
	                 v->ad ? " with AD" : " without AD");
	if (n > 0 && (size_t)n < len && v->ede >= 0) {
		n += snprintf(out + n, len - (size_t)n, " (EDE %d)", v->ede);
	}
	if (n > 0 && (size_t)n < len) {
		snprintf(out + n, len - (size_t)n, " for %s%s%s", name, v->data[0] ? ": " : "", v->data);
	}
}

static dd_root_cause_t *add_cause(dd_diagnosis_t *dg, const char *code, const uint8_t *zone)
{
	dd_root_cause_t *n = realloc(dg->causes, (dg->ncauses + 1) * sizeof(*n));
	if (n == NULL) {
		return NULL;
	}
	dg->causes = n;
	dd_root_cause_t *rc = &dg->causes[dg->ncauses++];
	memset(rc, 0, sizeof(*rc));
	const code_info_t *ci = info(code);
	rc->code = ci->code;
	rc->title = ci->title;
	rc->ede = ci->ede;
	rc->severity = dd_finding_info(code)->severity;
	rc->recovery_seconds = -1;
	memcpy(rc->zone, zone, dd_name_len(zone));
	return rc;
}

int dd_diagnose_views(dd_diagnosis_t *dg, const dd_analysis_t *an, const dd_views_t *views)
{
	if (dg == NULL || an == NULL || an->nzones == 0) {
		return DD_EINVAL;
	}
	if (views == NULL) {
		return DD_OK;
	}
	/* the queried name's own zone: the deepest of the chain */
	const dd_zone_result_t *tz = &an->zones[0];
	for (size_t i = 1; i < an->nzones; i++) {
		if (an->zones[i].depth > tz->depth) {
			tz = &an->zones[i];
		}
	}
	for (size_t i = 0; i < views->n; i++) {
		const dd_view_t *v = &views->v[i];
		/* each real resolver once, by its view of the queried name without CD */
		if (v->cd || !v->answered || strcmp(v->source, "libunbound") == 0 ||
		    !dd_name_equal(v->name, an->target) || find_view(views, v->source, an->target, false) != v) {
			continue;
		}
		const dd_view_t *cd = find_view(views, v->source, an->target, true);
		bool data = v->rcode == DD_RCODE_NOERROR || v->rcode == DD_RCODE_NXDOMAIN;
		char seen[256], seen_cd[256] = "";
		view_text(v, seen, sizeof(seen));
		if (cd != NULL && cd->answered) {
			view_text(cd, seen_cd, sizeof(seen_cd));
		}
		char name[1024], zname[1024];
		dd__name_text(an->target, name, sizeof(name));
		dd_root_cause_t *rc = NULL;
		if (data && !v->ad && (an->target_status == DD_STATUS_SECURE ||
		                       an->target_status == DD_STATUS_BOGUS)) {
			rc = add_cause(dg, "RESOLVER_NOT_VALIDATING", tz->name);
			if (rc == NULL) {
				return DD_ENOMEM;
			}
			snprintf(rc->observed, sizeof(rc->observed), "%s, while the chain of trust is %s: %s",
			         seen, dd_status_name(an->target_status),
			         an->target_status == DD_STATUS_SECURE
			         ? "a validating resolver sets AD (RFC 4035 3.2.3)"
			         : "a validating resolver returns SERVFAIL (RFC 4035 5.5)");
			step(rc, "Turn on DNSSEC validation in the resolver %s (Unbound: module-config "
			     "\"validator iterator\" and a trust-anchor-file; BIND: dnssec-validation auto; "
			     "Knot Resolver validates by default), or point clients at one that validates",
			     v->source);
			step(rc, "Until then, do not rely on its answers for DANE (TLSA), SSHFP or other "
			     "DNSSEC-dependent records: it would pass forged data");
			step(rc, "Check it with: dnssec-doctor resolver %s", v->source);
			snprintf(rc->recovery, sizeof(rc->recovery), "as soon as the resolver validates");
			snprintf(rc->validator_result, sizeof(rc->validator_result), "%s: %s without AD",
			         v->source, an->target_status == DD_STATUS_BOGUS ? "the bogus data" : "data");
		} else if (v->rcode == DD_RCODE_SERVFAIL && an->target_status == DD_STATUS_SECURE) {
			edge_t ex = nearest_edge(an, true), in = nearest_edge(an, false);
			bool ex_near = ex.margin >= 0 && ex.margin < DD_SKEW_PLAUSIBLE;
			bool in_near = in.margin >= 0 && in.margin < DD_SKEW_PLAUSIBLE;
			/* the resolver's EDE says which edge; without one, both that are near */
			if (v->ede == 7) {
				in_near = false;
			} else if (v->ede == 8) {
				ex_near = false;
			}
			bool clock_ede = v->ede == 7 || v->ede == 8;
			if (clock_ede || ex_near || in_near) {
				const edge_t *main_edge = ex_near ? &ex : in_near ? &in : NULL;
				rc = add_cause(dg, "CLOCK_SKEW", main_edge ? main_edge->zone->name : tz->name);
				if (rc == NULL) {
					return DD_ENOMEM;
				}
				char t1[384] = "", t2[384] = "";
				if (ex_near) {
					edge_text(&ex, true, t1, sizeof(t1));
				}
				if (in_near) {
					edge_text(&in, false, t2, sizeof(t2));
				}
				snprintf(rc->observed, sizeof(rc->observed), "%s%s%s, while the chain of trust "
				         "validates by this machine's clock. Suspected: %s%s%s%s", seen,
				         seen_cd[0] ? "; with CD: " : "", seen_cd, t1, t1[0] && t2[0] ? "; or " : "",
				         t2, t1[0] || t2[0] ? "" : (v->ede == 7 ? "the resolver says the "
				         "signatures expired" : "the resolver says the signatures are not yet valid"));
				if (main_edge != NULL) {
					dd__name_text(main_edge->zone->name, zname, sizeof(zname));
				}
				step(rc, "Check the clock of the resolver %s: run 'dnssec-doctor clock' (or "
				     "chronyc tracking, timedatectl) on its host, and this machine's too", v->source);
				step(rc, "Fix its time synchronisation (NTP); a validator's clock must be right "
				     "to within minutes. Do not change the zone's DS or keys for this");
				if (main_edge != NULL) {
					step(rc, "To make %s less sensitive to skewed validators, sign with an "
					     "inception an hour or more in the past and re-sign well before "
					     "expiration (RFC 6781 4.4.2)", zname);
				}
				snprintf(rc->recovery, sizeof(rc->recovery), "as soon as the resolver's clock is "
				         "right and its cached failures lapse (Unbound val-bogus-ttl 60 s)");
				rc->recovery_seconds = 60;
				rc->ede = clock_ede ? v->ede : -1;  /* what this resolver said, not a guess */
				snprintf(rc->validator_result, sizeof(rc->validator_result), "%s: SERVFAIL%s",
				         v->source, clock_ede ? (v->ede == 7 ? ", EDE 7 (Signature Expired)"
				                                             : ", EDE 8 (Signature Not Yet Valid)") : "");
			} else {
				rc = add_cause(dg, "RESOLVER_VALIDATION_FAILURE", tz->name);
				if (rc == NULL) {
					return DD_ENOMEM;
				}
				snprintf(rc->observed, sizeof(rc->observed), "%s%s%s, while the chain of trust "
				         "validates and no signature window edge is within a day", seen,
				         seen_cd[0] ? "; with CD: " : "", seen_cd);
				step(rc, "Check the trust anchor of the resolver %s (the root KSK, RFC 5011 "
				     "updates; Unbound: auto-trust-anchor-file, BIND: managed-keys)", v->source);
				step(rc, "Flush its cache for the name (unbound-control flush_bogus, "
				     "rndc flushtree %s) and read its log for the validation failure", name);
				snprintf(rc->recovery, sizeof(rc->recovery), "once the resolver's fault is "
				         "fixed and its cached failures lapse");
				snprintf(rc->validator_result, sizeof(rc->validator_result), "%s: SERVFAIL",
				         v->source);
			}
		}
		if (rc != NULL) {
			rc->explains_outage = strcmp(rc->code, "RESOLVER_NOT_VALIDATING") != 0;
		}
	}
	finish(dg, an);
	return DD_OK;
}

void dd_diagnosis_free(dd_diagnosis_t *dg)
{
	if (dg == NULL) {
		return;
	}
	free(dg->causes);
	free(dg);
}

bool dd_diagnosis_has(const dd_diagnosis_t *dg, const char *code)
{
	for (size_t i = 0; i < dg->ncauses; i++) {
		if (strcmp(dg->causes[i].code, code) == 0) {
			return true;
		}
	}
	return false;
}
