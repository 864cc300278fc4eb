/* SPDX-License-Identifier: MIT
 * explain.c - the fix templates: for each dd_fix_t of the code table, the steps in the seeds'
 * safe order (with the exact DS to publish, computed from the live KSKs), the recovery bounded
 * by TTLs, and where validators differ. The code table (core/finding.c) says which template a
 * code uses and gives the code's own words (its step, what validators do); this file only
 * fills a template with the zone, its parent, its TTLs and its keys. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/fmt.h"
#include "diagnosis/diagnosis_int.h"
#include "dd/algorithm.h"
#include "dd/ds.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/text.h"
#include "dns/name_text.h"

/* What a template is filled with. */
typedef struct fixctx {
	const dd__explain_in_t *in;
	const dd_finding_info_t *info;
	const dd_zone_result_t *zr;  /* the cause's zone, NULL if the analysis lacks it */
	char zone[1024];             /* its name */
	char pname[1024];            /* its parent's name, or "the parent zone" */
	uint32_t ds_ttl, key_ttl, neg;
	bool pre;                    /* a pre-delegation test: the zone or a zone above it judged
	                                with the DS given or not delegated yet, so no resolver
	                                has cached anything of it */
} fixctx_t;

typedef void (*fix_fn)(const fixctx_t *x, dd_root_cause_t *rc);

/* Append a step: its sentence and what it does as data (dd_fix_step_t); @p alt: instead of
 * the step before it; @p after: seconds to wait after the step before it. */
__attribute__((format(printf, 6, 7)))
static dd_fix_step_t *stepx(dd_root_cause_t *rc, dd_fix_action_t action, dd_fix_where_t where,
                            bool alt, int64_t after, const char *fmt, ...)
{
	if (rc->nfix >= DD_FIX_STEPS) {
		return NULL;
	}
	rc->steps[rc->nfix] = (dd_fix_step_t){ .action = action, .where = where, .alternative = alt,
		                               .after_seconds = after };
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rc->fix[rc->nfix], sizeof(rc->fix[0]), fmt, ap);
	va_end(ap);
	return &rc->steps[rc->nfix++];
}

/* The DS record @p s publishes or removes. */
static void step_ds(dd_fix_step_t *s, uint16_t tag, uint8_t alg, uint8_t dt, const char *hex)
{
	if (s == NULL) {
		return;
	}
	s->has_ds = true;
	s->key_tag = tag;
	s->algorithm = alg;
	s->digest_type = dt;
	snprintf(s->digest, sizeof(s->digest), "%s", hex);
}

#define step(rc, action, where, ...) stepx(rc, action, where, false, 0, __VA_ARGS__)
#define or_step(rc, action, where, ...) stepx(rc, action, where, true, 0, __VA_ARGS__)

__attribute__((format(printf, 2, 3)))
static void recovery(dd_root_cause_t *rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rc->recovery, sizeof(rc->recovery), fmt, ap);
	va_end(ap);
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

/* The DS records the zone needs, from its live KSKs (SEP flag, not revoked, a supported
 * algorithm) as the analysis computed them from the first server that served the DNSKEY
 * RRset, as zone-file lines and registrar one-liners: one step each. Returns how many. */
static size_t correct_ds(const fixctx_t *x, dd_root_cause_t *rc)
{
	for (size_t i = 0; x->zr != NULL && i < x->zr->nds_lines; i++) {
		const dd_ds_line_t *l = &x->zr->ds_lines[i];
		dd_fix_step_t *st = step(rc, DD_ACTION_PUBLISH_DS, DD_WHERE_REGISTRAR,
		     "At the registrar for %s, publish this DS (computed from the live KSK, key "
		     "tag %u): %s IN DS %u %u %u %s  (registrar form: key tag %u, algorithm %u, "
		     "digest type %u, digest %s)", x->zone, l->key_tag, x->zone, l->key_tag,
		     l->algorithm, l->digest_type, l->digest, l->key_tag, l->algorithm, l->digest_type,
		     l->digest);
		step_ds(st, l->key_tag, l->algorithm, l->digest_type, l->digest);
	}
	return x->zr != NULL ? x->zr->nds_lines : 0;
}

/* One step per DS at the parent that matches no key of the zone. */
static void stale_ds_steps(const fixctx_t *x, dd_root_cause_t *rc)
{
	for (size_t d = 0; x->zr != NULL && d < x->zr->nds; d++) {
		const dd_ds_view_t *v = &x->zr->ds[d];
		if (v->state != DD_DS_STATE_MATCHES && v->state != DD_DS_STATE_MATCHES_REVOKED) {
			bool given = x->zr->ds_source == DD_DS_SOURCE_GIVEN;
			dd_fix_step_t *st = step(rc, DD_ACTION_REMOVE_DS, DD_WHERE_REGISTRAR,
			                         "%s DS for %s that matches no key: %u %u %u %.16s... (%s)",
			                         given ? "Do not publish the given" : "Remove the",
			                         x->zone, v->key_tag, v->algorithm, v->digest_type,
			                         v->digest, dd_ds_state_name(v->state));
			step_ds(st, v->key_tag, v->algorithm, v->digest_type, v->digest);
		}
	}
}

static void fix_none(const fixctx_t *x, dd_root_cause_t *rc)
{
	(void)x;
	(void)rc;
}

static void fix_publish_ds(const fixctx_t *x, dd_root_cause_t *rc)
{
	if (correct_ds(x, rc) == 0) {
		step(rc, DD_ACTION_PUBLISH_DS, DD_WHERE_REGISTRAR,
		     "Compute the DS from the zone's KSK (dnssec-doctor ds, or dnssec-dsfromkey) "
		     "and publish it at the registrar");
	}
	stale_ds_steps(x, rc);
	if (!x->pre) {
		step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
		     "Leave signing on meanwhile: disabling it now would not help while the DS is "
		     "in resolvers' caches");
	}
	char t[48];
	ttl_text(x->ds_ttl, t);
	rc->recovery_seconds = x->ds_ttl;
	recovery(rc, "once %s publishes the new DS, resolvers recover within the parent's DS TTL, "
	         "%s (plus the registry's publication delay)", x->pname, t);
}

static void fix_finish_rollover(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_PUBLISH_DNSKEY, DD_WHERE_ZONE,
	     "Either publish the new KSK in %s's DNSKEY RRset and sign the DNSKEY RRset with "
	     "it (the DS already points at it), or put back at the registrar the DS of the KSK the "
	     "zone still uses:", x->zone);
	size_t first = rc->nfix;
	correct_ds(x, rc);
	for (size_t k = first; k < rc->nfix; k++) {
		rc->steps[k].alternative = true;  /* the "or" of the step before */
	}
	stepx(rc, DD_ACTION_RETIRE_KEY, DD_WHERE_ZONE, false, x->ds_ttl,
	     "Finish the rollover in order (RFC 7583): keep the old KSK published until the new "
	     "DS has been at the parent for its TTL, then retire it");
	char t1[48], t2[48];
	ttl_text(x->ds_ttl, t1);
	ttl_text(x->key_ttl, t2);
	rc->recovery_seconds = x->ds_ttl > x->key_ttl ? x->ds_ttl : x->key_ttl;
	recovery(rc, "within the DNSKEY TTL, %s, if the key is published; within the parent's DS "
	         "TTL, %s, if the DS is put back", t2, t1);
}

static void fix_remove_ds(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_REMOVE_DS, DD_WHERE_REGISTRAR,
	     "Fastest: remove every DS for %s at the registrar (the zone is unsigned now, so "
	     "this makes it correctly insecure)", x->zone);
	or_step(rc, DD_ACTION_RESIGN, DD_WHERE_ZONE,
	     "Or: re-enable signing at the current DNS provider and publish its DS instead");
	step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
	     "In future moves: remove the DS first, wait the DS TTL, and only then stop signing "
	     "or move to an unsigned provider");
	char t[48];
	ttl_text(x->ds_ttl, t);
	rc->recovery_seconds = x->ds_ttl;
	recovery(rc, "within the parent's DS TTL, %s, after %s stops publishing the DS", t,
	         x->pname);
}

static void fix_sign_dnskey(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_SIGN_DNSKEY, DD_WHERE_ZONE,
	     "Sign the DNSKEY RRset of %s with the KSK the DS points at (check that the signer "
	     "has that KSK's private key and considers it active)", x->zone);
	step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
	     "Do not change the DS meanwhile unless the KSK is lost; then publish the DS of the "
	     "key that does sign the DNSKEY RRset");
	char t[48];
	ttl_text(x->key_ttl, t);
	rc->recovery_seconds = x->key_ttl;
	recovery(rc, "within the DNSKEY TTL, %s, after the servers serve the new signature", t);
}

static void fix_resign(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_RESIGN, DD_WHERE_ZONE,
	     "Re-sign %s now (rndc sign, knotc zone-sign, dnssec-signzone -S, or your "
	     "provider's console) and reload every server", x->zone);
	if (x->info->fix_note != NULL) {
		step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE, "%s", x->info->fix_note);
	}
	step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
	     "Do NOT remove the DS or turn off signing as the first response: re-signing fixes "
	     "it at once, pulling the DS takes the DS TTL and leaves the zone unprotected");
	char t[48];
	rc->recovery_seconds = x->key_ttl > x->neg ? x->key_ttl : x->neg;
	ttl_text(x->key_ttl, t);
	recovery(rc, "as soon as the servers serve new signatures: validators keep bogus answers "
	         "only briefly (Unbound val-bogus-ttl 60 s); a DNSKEY RRset cached as bogus is "
	         "retried within its TTL, %s", t);
}

static void fix_serve_signed(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_FIX_SERVER, DD_WHERE_SERVERS,
	     "Make every listed server of %s serve the signed zone: configure the server that "
	     "serves it unsigned as a secondary of the signer (or set up multi-signer, RFC 8901)",
	     x->zone);
	or_step(rc, DD_ACTION_REMOVE_SERVER, DD_WHERE_SERVERS,
	     "Or remove that server from the NS RRset in %s and in the zone, keeping the signed "
	     "servers", x->pname);
	rc->recovery_seconds = x->zr != NULL ? (int64_t)x->zr->ds_ttl : -1;
	recovery(rc, "immediately for new queries once every server serves signed data; if the NS "
	         "set changes, within the NS TTL");
}

static void fix_repair_transfer(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_FIX_SERVER, DD_WHERE_SERVERS,
	     "Repair zone transfers to the stale server (transfer logs, ACLs, TSIG keys, "
	     "NOTIFY) and force a new transfer (nsd-control force_transfer, rndc retransfer, knotc "
	     "zone-retransfer)");
	or_step(rc, DD_ACTION_REMOVE_SERVER, DD_WHERE_SERVERS,
	     "Until then, remove that server from the NS RRset if it cannot be fixed: it keeps "
	     "serving the old copy until the SOA EXPIRE (%u s)", x->zr ? x->zr->soa_expire : 0);
	rc->recovery_seconds = 0;
	recovery(rc, "as soon as the secondary serves the current serial");
}

static void fix_rebuild_denial(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_RESIGN, DD_WHERE_ZONE,
	     "Re-sign %s so the signer rebuilds one complete NSEC/NSEC3 chain, with the "
	     "NSEC3PARAM naming its parameters (RFC 9276: 0 iterations, no salt)", x->zone);
	step(rc, DD_ACTION_CHECK, DD_WHERE_SERVERS,
	     "If the chain breaks only on secondaries, check that zone transfers (IXFR) "
	     "complete");
	char t[48];
	ttl_text(x->neg, t);
	rc->recovery_seconds = x->neg;
	recovery(rc, "within the negative TTL (SOA MINIMUM), %s, after the servers serve the new "
	         "chain", t);
}

static void fix_nsec3_parameters(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_RESIGN, DD_WHERE_ZONE,
	     "Re-sign %s with NSEC3 0 iterations and no salt (RFC 9276 3.1), e.g. "
	     "dnssec-signzone -3 - -H 0 or Knot's nsec3-iterations: 0", x->zone);
	rc->recovery_seconds = x->neg;
	recovery(rc, "within the negative TTL, %u s", x->neg);
}

static void fix_algorithm_rollover(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_ALGORITHM_ROLLOVER, DD_WHERE_ZONE,
	     "Roll %s to ECDSAP256SHA256 (13) or ED25519 (15) with an algorithm rollover (RFC "
	     "6781 4.1.4): add the new keys and signatures, then the new DS, then remove the old "
	     "DS, and last the old keys", x->zone);
	recovery(rc, "nothing is broken for users: the zone is simply not protected");
}

static void fix_plan_algorithm_rollover(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_ALGORITHM_ROLLOVER, DD_WHERE_ZONE,
	     "Plan an algorithm rollover of %s to ECDSAP256SHA256 (13) or ED25519 (15) (RFC "
	     "6781 4.1.4): new keys and signatures first, then the DS, then remove the old", x->zone);
	recovery(rc, "nothing is broken yet");
}

static void fix_sign_every_algorithm(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_RESIGN, DD_WHERE_ZONE,
	     "Sign every RRset of %s with every algorithm in its DNSKEY RRset, or retire the "
	     "unused algorithm: remove its DS at the registrar first, wait the DS TTL, then remove "
	     "its DNSKEYs", x->zone);
	recovery(rc, "nothing is broken for validators that follow RFC 6840 5.11");
}

static void fix_remove_stale_ds(const fixctx_t *x, dd_root_cause_t *rc)
{
	stale_ds_steps(x, rc);
	recovery(rc, "nothing is broken: validators use the DS that matches");
}

static void fix_add_sha256_ds(const fixctx_t *x, dd_root_cause_t *rc)
{
	correct_ds(x, rc);
	stepx(rc, DD_ACTION_REMOVE_DS, DD_WHERE_REGISTRAR, false, x->ds_ttl,
	     "Once the SHA-256 DS has been at the parent for its TTL, remove the SHA-1 DS");
	recovery(rc, "nothing is broken yet");
}

static void fix_correct_cds(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_FIX_CDS, DD_WHERE_ZONE,
	     "Correct or remove the CDS/CDNSKEY records of %s (RFC 7344): a parent that polls "
	     "them would replace the DS with one that breaks the zone", x->zone);
	recovery(rc, "nothing is broken until a parent acts on the CDS");
}

/* An error: the data exceeds the validators' limits. A warning: this diagnosis's own budget
 * ran out, which says nothing about validators (no "validators differ"). */
static void fix_reduce_work(const fixctx_t *x, dd_root_cause_t *rc)
{
	if (rc->severity == DD_SEV_ERROR) {
		step(rc, DD_ACTION_RESIGN, DD_WHERE_ZONE,
		     "Publish at most a few DNSKEYs in %s, each with its own key tag (regenerate a "
		     "key whose tag collides), keep one valid RRSIG per algorithm on each RRset, and "
		     "keep every RRset under %d records", x->zone, DD_LIMIT_RRSET_RECORDS);
		step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
		     "If the zone is not yours and looks built to exhaust validators (many keys "
		     "sharing a tag, many signatures), it is a KeyTrap attack zone (CVE-2023-50387): "
		     "validators with the fix refuse it, as intended");
		recovery(rc, "validators accept the data again as soon as it is served within their "
		         "limits and the bogus answer's cache lifetime has passed");
	} else {
		/* a warning is this program's own limit (the diagnosis's budget, the probe's work
		 * limits), not the validators': the table's title, EDE and SERVFAIL would be false */
		rc->title = "This diagnosis stopped at one of its own work limits and did not check "
		            "the rest";
		rc->ede = -1;
		snprintf(rc->validator_result, sizeof(rc->validator_result),
		         "not known: this diagnosis did not check everything validators would");
		step(rc, DD_ACTION_CHECK, DD_WHERE_NONE,
		     "Run the diagnosis again for a name lower in the tree, or check the zone "
		     "offline with check-zone: this diagnosis stopped at one of its own work limits "
		     "(the evidence says which)");
		recovery(rc, "nothing is known to be broken");
		rc->validators_differ[0] = '\0';
	}
}

/* The last step and the recovery of every fault of a server rather than of the DNSSEC data. */
static void server_fault_end(dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
	     "This is a delegation fault, not a DNSSEC one: fix it, but do not change DNSKEY or "
	     "DS records for it");
	recovery(rc, "resolvers retry other servers; slow answers stop once the server is fixed or "
	         "removed (NS TTL)");
}

static void fix_delegation(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_FIX_SERVER, DD_WHERE_SERVERS,
	     "Make the listed server answer authoritatively for %s, or remove it from the NS "
	     "RRset at %s and in the zone", x->zone, x->pname);
	server_fault_end(rc);
}

static void fix_server(const fixctx_t *x, dd_root_cause_t *rc)
{
	if (x->info->fix_note != NULL) {
		step(rc, DD_ACTION_FIX_SERVER, DD_WHERE_SERVERS, "%s", x->info->fix_note);
	}
	server_fault_end(rc);
}

static void fix_cname_chain(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_ADVICE, DD_WHERE_ZONE,
	     "Change the CNAME records of the chain in %s so that it ends at a name that holds "
	     "the data (a CNAME may not lead back to a name already in its chain, RFC 1034 "
	     "3.6.2), then reload every server", x->zone);
	recovery(rc, "once resolvers' cached copies of the looping CNAME records expire (their "
	         "TTL) after the servers serve the corrected chain");
}

static void fix_wildcard_dname(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_ADVICE, DD_WHERE_ZONE,
	     "Remove the DNAME owned by a wildcard from %s and put a DNAME at each name meant to "
	     "be redirected (a wildcard DNAME is not used for redirection, RFC 4592 4.4), then "
	     "re-sign and reload every server", x->zone);
	recovery(rc, "once resolvers' cached copies of the answer (its TTL) expire after the "
	         "servers serve the DNAME at its own name");
}

static void fix_rrsig_section(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_FIX_SERVER, DD_WHERE_SERVERS,
	     "Fix or replace the name server software of %s so that it puts each RRset's RRSIG "
	     "records in the same section as the RRset (RFC 4035 3.1.1); the zone's keys and "
	     "signatures need no change", x->zone);
	recovery(rc, "once the listed servers answer with the RRSIG beside its RRset and resolvers' "
	         "cached failures expire");
}

static void fix_ns_set(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_FIX_SERVER, DD_WHERE_SERVERS,
	     "Make the delegation at %s and the apex NS RRset of %s name the same NS set: "
	     "change the delegation at the registrar, or the zone's apex NS RRset, whichever is "
	     "wrong, and keep every name listed there served authoritatively", x->pname, x->zone);
	step(rc, DD_ACTION_FIX_SERVER, DD_WHERE_REGISTRAR,
	     "Give %s glue (A/AAAA) for every name server inside %s that it lists, so that "
	     "resolvers can reach it without asking the zone itself", x->pname, x->zone);
	step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
	     "This is a delegation fault, not a DNSSEC one: do not change DNSKEY or DS records "
	     "for it");
	recovery(rc, "nothing fails while every server either side lists answers authoritatively; "
	         "resolvers use the corrected NS set once the old one's NS TTL has passed");
}

static void fix_resign_soon(const fixctx_t *x, dd_root_cause_t *rc)
{
	step(rc, DD_ACTION_RESIGN, DD_WHERE_ZONE,
	     "Re-sign %s before its first signature expires, and check the signer's "
	     "automation", x->zone);
	recovery(rc, "nothing is broken yet");
}

/* The resolver templates name the resolver whose view showed the fault (views.c); without
 * one (a finding of the code from elsewhere) there is nothing to name: no fix. */

static void fix_resolver_validate(const fixctx_t *x, dd_root_cause_t *rc)
{
	const char *r = x->in->resolver;
	if (r == NULL) {
		return;
	}
	step(rc, DD_ACTION_FIX_RESOLVER, DD_WHERE_RESOLVER,
	     "Turn on DNSSEC validation in the resolver %s (Unbound: module-config \"validator "
	     "iterator\" and a trust-anchor-file; BIND: dnssec-validation auto; Knot Resolver "
	     "validates by default), or point clients at one that validates", r);
	step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
	     "Until then, do not rely on its answers for DANE (TLSA), SSHFP or other "
	     "DNSSEC-dependent records: it would pass forged data");
	step(rc, DD_ACTION_CHECK, DD_WHERE_RESOLVER, "Check it with: dnssec-doctor resolver %s", r);
	recovery(rc, "as soon as the resolver validates");
}

static void fix_resolver_clock(const fixctx_t *x, dd_root_cause_t *rc)
{
	if (x->in->resolver == NULL) {
		return;
	}
	step(rc, DD_ACTION_CHECK, DD_WHERE_RESOLVER,
	     "Check the clock of the resolver %s: run 'dnssec-doctor clock' (or chronyc "
	     "tracking, timedatectl) on its host, and this machine's too", x->in->resolver);
	step(rc, DD_ACTION_FIX_RESOLVER, DD_WHERE_RESOLVER,
	     "Fix its time synchronisation (NTP); a validator's clock must be right to within "
	     "minutes. Do not change the zone's DS or keys for this");
	if (x->in->edge) {
		step(rc, DD_ACTION_RESIGN, DD_WHERE_ZONE,
		     "To make %s less sensitive to skewed validators, sign with an inception an "
		     "hour or more in the past and re-sign well before expiration (RFC 6781 4.4.2)",
		     x->zone);
	}
	recovery(rc, "as soon as the resolver's clock is right and its cached failures lapse "
	         "(Unbound val-bogus-ttl 60 s)");
	rc->recovery_seconds = 60;
}

static void fix_resolver_fault(const fixctx_t *x, dd_root_cause_t *rc)
{
	if (x->in->resolver == NULL) {
		return;
	}
	char name[1024];
	dd__name_text(x->in->an->target, name, sizeof(name));
	step(rc, DD_ACTION_CHECK, DD_WHERE_RESOLVER,
	     "Check the trust anchor of the resolver %s (the root KSK, RFC 5011 updates; "
	     "Unbound: auto-trust-anchor-file, BIND: managed-keys)", x->in->resolver);
	step(rc, DD_ACTION_FIX_RESOLVER, DD_WHERE_RESOLVER,
	     "Flush its cache for the name (unbound-control flush_bogus, rndc flushtree %s) and "
	     "read its log for the validation failure", name);
	recovery(rc, "once the resolver's fault is fixed and its cached failures lapse");
}

/* The first finding of the cause's code and zone, the evidence it stands on (NULL without one):
 * the templates are filled as the cause starts, before its findings are attached. */
static const dd_finding_t *first_finding(const fixctx_t *x, const dd_root_cause_t *rc)
{
	for (size_t i = 0; i < x->in->an->nfindings; i++) {
		const dd_finding_t *f = &x->in->an->findings[i];
		if (f->id == rc->id && f->severity != DD_SEV_NOTICE && dd_name_equal(f->zone, rc->zone)) {
			return f;
		}
	}
	return NULL;
}

/* A ZSK removed while its signatures are still served (RRSIG_KEY_NOT_PUBLISHED): put the key
 * back, or replace the signatures; retire the key only after both are gone from caches. */
static void fix_republish_zsk(const fixctx_t *x, dd_root_cause_t *rc)
{
	const dd_finding_t *f = first_finding(x, rc);
	char tag[32] = "";
	if (f != NULL && f->key_tag != 0) {
		snprintf(tag, sizeof(tag), " (key tag %u)", f->key_tag);
	}
	char t[48];
	ttl_text(x->key_ttl, t);
	step(rc, DD_ACTION_PUBLISH_DNSKEY, DD_WHERE_ZONE,
	     "Fastest: publish the removed key%s again in %s's DNSKEY RRset and sign that RRset "
	     "with the KSK: every signature it made validates again, for each resolver once its "
	     "cached DNSKEY RRset (TTL %s) expires", tag, x->zone, t);
	or_step(rc, DD_ACTION_RESIGN, DD_WHERE_ZONE,
	     "Or re-sign every RRset of %s with the current ZSK and reload every server: this "
	     "works at once, since the key of the new signatures is already in the DNSKEY RRset "
	     "resolvers hold", x->zone);
	step(rc, DD_ACTION_RETIRE_KEY, DD_WHERE_ZONE,
	     "Only then retire the old key, and in future ZSK rollovers keep it published "
	     "until no server serves a signature by it and the TTL of the RRsets it signed has "
	     "passed since (RFC 7583 3.2, pre-publish)");
	step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
	     "Do not touch the DS: the KSK and the chain above it are fine");
	rc->recovery_seconds = x->key_ttl;
	recovery(rc, "at once for new queries if every RRset is re-signed with the current ZSK; "
	         "within the DNSKEY TTL, %s, if the old key is published again", t);
}

/* Multi-signer (RFC 8901) providers that do not publish each other's ZSKs. */
static void fix_multi_signer_keys(const fixctx_t *x, dd_root_cause_t *rc)
{
	char t[48];
	ttl_text(x->key_ttl, t);
	step(rc, DD_ACTION_PUBLISH_DNSKEY, DD_WHERE_SERVERS,
	     "Make every provider of %s publish every provider's ZSK in the DNSKEY RRset it "
	     "serves (RFC 8901 2.1): add the keys the findings name to the servers that lack them, "
	     "signed by their KSK", x->zone);
	or_step(rc, DD_ACTION_REMOVE_SERVER, DD_WHERE_SERVERS,
	     "Until they do, a resolver that takes the DNSKEY RRset from one provider and the "
	     "data from another fails; if the keys cannot be exchanged soon, leave only one "
	     "provider's servers in the NS RRset at %s and in the zone", x->pname);
	step(rc, DD_ACTION_ADVICE, DD_WHERE_NONE,
	     "Keep the DS as it is unless a provider's KSK is missing from it");
	rc->recovery_seconds = x->key_ttl;
	recovery(rc, "within the DNSKEY TTL, %s, after every server serves the complete DNSKEY "
	         "RRset", t);
}

/* A DS that points at a revoked KSK (DS_REVOKED_KEY). */
static void fix_replace_revoked_ds(const fixctx_t *x, dd_root_cause_t *rc)
{
	if (correct_ds(x, rc) == 0) {
		step(rc, DD_ACTION_PUBLISH_DNSKEY, DD_WHERE_ZONE,
		     "Create a new KSK for %s (not revoked), publish it and sign the DNSKEY RRset "
		     "with it, then publish its DS at the registrar", x->zone);
	}
	const dd_finding_t *f = first_finding(x, rc);
	char t[48], tag[32] = "";
	ttl_text(x->ds_ttl, t);
	if (f != NULL && f->key_tag != 0) {
		snprintf(tag, sizeof(tag), " (key tag %u)", f->key_tag);
	}
	stepx(rc, DD_ACTION_REMOVE_DS, DD_WHERE_REGISTRAR, false, x->ds_ttl,
	      "Once the new DS has been at %s for its TTL (%s), remove the DS of the revoked key%s, "
	      "then the revoked key itself", x->pname, t, tag);
	recovery(rc, "nothing is broken for Unbound and BIND meanwhile; stricter validators accept "
	         "the zone within the DS TTL, %s, of the new DS", t);
	rc->recovery_seconds = x->ds_ttl;
}

static const fix_fn FIX[DD_FIX_COUNT] = {
	[DD_FIX_NONE] = fix_none,
	[DD_FIX_PUBLISH_DS] = fix_publish_ds,
	[DD_FIX_FINISH_ROLLOVER] = fix_finish_rollover,
	[DD_FIX_REMOVE_DS] = fix_remove_ds,
	[DD_FIX_SIGN_DNSKEY] = fix_sign_dnskey,
	[DD_FIX_RESIGN] = fix_resign,
	[DD_FIX_SERVE_SIGNED] = fix_serve_signed,
	[DD_FIX_REPAIR_TRANSFER] = fix_repair_transfer,
	[DD_FIX_REBUILD_DENIAL] = fix_rebuild_denial,
	[DD_FIX_NSEC3_PARAMETERS] = fix_nsec3_parameters,
	[DD_FIX_ALGORITHM_ROLLOVER] = fix_algorithm_rollover,
	[DD_FIX_PLAN_ALGORITHM_ROLLOVER] = fix_plan_algorithm_rollover,
	[DD_FIX_SIGN_EVERY_ALGORITHM] = fix_sign_every_algorithm,
	[DD_FIX_REMOVE_STALE_DS] = fix_remove_stale_ds,
	[DD_FIX_ADD_SHA256_DS] = fix_add_sha256_ds,
	[DD_FIX_CORRECT_CDS] = fix_correct_cds,
	[DD_FIX_REDUCE_WORK] = fix_reduce_work,
	[DD_FIX_DELEGATION] = fix_delegation,
	[DD_FIX_SERVER] = fix_server,
	[DD_FIX_RESIGN_SOON] = fix_resign_soon,
	[DD_FIX_RESOLVER_VALIDATE] = fix_resolver_validate,
	[DD_FIX_RESOLVER_CLOCK] = fix_resolver_clock,
	[DD_FIX_RESOLVER_FAULT] = fix_resolver_fault,
	[DD_FIX_REPUBLISH_ZSK] = fix_republish_zsk,
	[DD_FIX_MULTI_SIGNER_KEYS] = fix_multi_signer_keys,
	[DD_FIX_REPLACE_REVOKED_DS] = fix_replace_revoked_ds,
	[DD_FIX_NS_SET] = fix_ns_set,
	[DD_FIX_CNAME_CHAIN] = fix_cname_chain,
	[DD_FIX_WILDCARD_DNAME] = fix_wildcard_dname,
	[DD_FIX_RRSIG_SECTION] = fix_rrsig_section,
};

const char *dd_fix_action_name(dd_fix_action_t a)
{
	static const char *const names[DD_ACTION_COUNT] = {
		[DD_ACTION_ADVICE] = "advice", [DD_ACTION_PUBLISH_DS] = "publish-ds",
		[DD_ACTION_REMOVE_DS] = "remove-ds", [DD_ACTION_RESIGN] = "re-sign",
		[DD_ACTION_SIGN_DNSKEY] = "sign-dnskey", [DD_ACTION_PUBLISH_DNSKEY] = "publish-dnskey",
		[DD_ACTION_RETIRE_KEY] = "retire-key",
		[DD_ACTION_ALGORITHM_ROLLOVER] = "algorithm-rollover", [DD_ACTION_FIX_CDS] = "fix-cds",
		[DD_ACTION_FIX_SERVER] = "fix-server", [DD_ACTION_REMOVE_SERVER] = "remove-server",
		[DD_ACTION_FIX_RESOLVER] = "fix-resolver", [DD_ACTION_CHECK] = "check",
	};
	return (int)a >= 0 && a < DD_ACTION_COUNT ? names[a] : NULL;
}

const char *dd_fix_where_name(dd_fix_where_t w)
{
	switch (w) {
	case DD_WHERE_REGISTRAR: return "registrar";
	case DD_WHERE_ZONE:      return "zone";
	case DD_WHERE_SERVERS:   return "servers";
	case DD_WHERE_RESOLVER:  return "resolver";
	default:                 return NULL;
	}
}

void dd__explain(const dd__explain_in_t *in, dd_root_cause_t *rc)
{
	rc->recovery_seconds = -1;
	const dd_finding_info_t *info = dd_finding_info_id(rc->id);
	if (info == NULL || (int)info->fix < 0 || info->fix >= DD_FIX_COUNT || FIX[info->fix] == NULL) {
		return;
	}
	fixctx_t x = { .in = in, .info = info, .zr = dd_analysis_zone(in->an, rc->zone) };
	dd__name_text(rc->zone, x.zone, sizeof(x.zone));
	const dd_zone_result_t *pz = x.zr != NULL && x.zr->parent >= 0
	                             ? &in->an->zones[x.zr->parent] : NULL;
	if (pz != NULL) {
		dd__name_text(pz->name, x.pname, sizeof(x.pname));
	} else {
		snprintf(x.pname, sizeof(x.pname), "the parent zone");
	}
	x.ds_ttl = x.zr ? x.zr->ds_ttl : 0;
	x.key_ttl = x.zr ? x.zr->dnskey_ttl : 0;
	x.neg = x.zr ? x.zr->neg_ttl : 0;
	if (info->validators_differ != NULL) {
		snprintf(rc->validators_differ, sizeof(rc->validators_differ), "%s",
		         info->validators_differ);
	}
	for (const dd_zone_result_t *z = x.zr; z != NULL && !x.pre;
	     z = z->parent >= 0 ? &in->an->zones[z->parent] : NULL) {
		x.pre = z->ds_source != DD_DS_SOURCE_PARENT;
	}
	FIX[info->fix](&x, rc);
	if (x.pre) {
		/* nothing is cached of a delegation that is not published: no wait, no recovery */
		recovery(rc, "nothing to wait for: no resolver follows this delegation yet (a "
		         "pre-delegation test); fix it before the parent publishes it");
		rc->recovery_seconds = -1;
	}
}
