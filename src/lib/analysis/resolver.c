/* SPDX-License-Identifier: MIT
 * resolver.c - judging a resolver from its answers to the probe names: validating, not
 * validating or broken, the algorithm and digest support matrix, clock skew. No I/O. */

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding_fill.h"
#include "core/fmt.h"
#include "dd/algorithm.h"
#include "dd/analysis.h"
#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/resolver.h"
#include "dns/name_text.h"

const char *dd_resolver_verdict_name(dd_resolver_verdict_t v)
{
	switch (v) {
	case DD_RESOLVER_VALIDATING: return "validating";
	case DD_RESOLVER_NOT_VALIDATING: return "not validating";
	case DD_RESOLVER_BROKEN: return "broken";
	case DD_RESOLVER_UNREACHABLE: return "unreachable";
	}
	return "unknown";
}

__attribute__((format(printf, 5, 6)))
static int add(dd_resolver_check_t *chk, const char *code, const uint8_t *name, uint8_t alg,
               const char *fmt, ...)
{
	dd_finding_t *n = realloc(chk->findings, (chk->nfindings + 1) * sizeof(*n));
	if (n == NULL) {
		return DD_ENOMEM;
	}
	chk->findings = n;
	dd_finding_t *f = &chk->findings[chk->nfindings++];
	va_list ap;
	va_start(ap, fmt);
	const dd_finding_info_t *info = dd_finding_info(code);
	dd__finding_fill(f, info, info->severity, name, name, 0, 0, alg, 0, fmt, ap);
	va_end(ap);
	snprintf(f->servers[0], sizeof(f->servers[0]), "%s", chk->address);
	f->nservers = 1;
	return DD_OK;
}

static dd_status_t status_of(const dd_resolver_answer_t *a)
{
	if (!a->answered) {
		return DD_STATUS_INDETERMINATE;
	}
	if (a->rcode == DD_RCODE_NOERROR || a->rcode == DD_RCODE_NXDOMAIN) {
		return a->ad ? DD_STATUS_SECURE : DD_STATUS_INSECURE;
	}
	return a->rcode == DD_RCODE_SERVFAIL ? DD_STATUS_BOGUS : DD_STATUS_INDETERMINATE;
}

static bool has_data(const dd_resolver_answer_t *a)
{
	return a->answered && (a->rcode == DD_RCODE_NOERROR || a->rcode == DD_RCODE_NXDOMAIN);
}

/*
 * A name that should validate came back SERVFAIL. With CD the resolver hands over the data and
 * its RRSIGs: if their windows hold by this machine's clock while the resolver says "expired" or
 * "not yet valid" (EDE 7, 8), or a window edge is within plausible skew, its clock is the
 * suspect. Writes the text into @p why.
 */
static bool clock_suspect(const dd_resolver_check_t *chk, const dd_resolver_probe_t *p, char *why,
                          size_t len)
{
	const dd_resolver_answer_t *cd = &p->cd;
	bool ede = p->plain.ede == 7 || p->plain.ede == 8;
	if (!has_data(cd) || cd->rrsigs == 0 || cd->sig_expiration == 0) {
		if (ede) {
			snprintf(why, len, "it says the signatures are %s (EDE %d), and gives no data with CD "
			         "to compare with this machine's clock",
			         p->plain.ede == 7 ? "expired" : "not yet valid", p->plain.ede);
		}
		return ede;
	}
	int64_t until = cd->sig_expiration - chk->at, since = chk->at - cd->sig_inception;
	if (until < 0 || since < 0) {
		return false;  /* the signatures are out of their window here too: not the clock */
	}
	/* the resolver's EDE says which edge it fell over; without one, each edge that is near */
	bool fast = (p->plain.ede == 7 || !ede) && until < (ede ? INT64_MAX : DD_SKEW_PLAUSIBLE);
	bool slow = (p->plain.ede == 8 || !ede) && since < (ede ? INT64_MAX : DD_SKEW_PLAUSIBLE);
	if (!fast && !slow) {
		return false;
	}
	char t1[32], d1[48], t2[32], d2[48], a[192] = "", b[192] = "";
	if (fast) {
		dd__time_text(cd->sig_expiration, t1);
		dd__duration_text(until, d1);
		snprintf(a, sizeof(a), "%s %s fast (a signature expires at %s, %s from now)",
		         ede ? "at least" : "more than", d1, t1, d1);
	}
	if (slow) {
		dd__time_text(cd->sig_inception, t2);
		dd__duration_text(since, d2);
		snprintf(b, sizeof(b), "%s %s slow (a signature became valid at %s, %s ago)",
		         ede ? "at least" : "more than", d2, t2, d2);
	}
	snprintf(why, len, "%s, while by this machine's clock its signatures are valid: the "
	         "resolver's clock is %s%s%s", ede ? (p->plain.ede == 7
	         ? "it says the signatures expired (EDE 7)" : "it says the signatures are not yet "
	         "valid (EDE 8)") : "it fails the name", a, fast && slow ? ", or " : "", b);
	return true;
}

/* Whether the answer's signatures use the probe's algorithm, and the DS its digest type. */
static void probe_usable(dd_resolver_probe_t *p)
{
	const dd_resolver_answer_t *src = p->plain.rrsigs > 0 ? &p->plain : &p->cd;
	if (p->probe.kind == DD_PROBE_ALGORITHM && src->rrsigs > 0 &&
	    src->sig_algorithm != p->probe.number) {
		p->usable = false;
		snprintf(p->note, sizeof(p->note), "signed with algorithm %u (%s), not %u: the probe "
		         "does not test %s", src->sig_algorithm,
		         dd_alg_name(src->sig_algorithm) ? dd_alg_name(src->sig_algorithm) : "?",
		         p->probe.number,
		         dd_alg_name(p->probe.number) ? dd_alg_name(p->probe.number) : "it");
	}
	if (p->probe.kind == DD_PROBE_DIGEST && p->ds.answered && p->ds.ndigests > 0 &&
	    (p->ds.ndigests > 1 || p->ds.digests[0] != p->probe.number)) {
		p->usable = false;
		snprintf(p->note, sizeof(p->note), "its zone's DS set has digest type%s %u%s, not %u "
		         "alone: the probe does not test it", p->ds.ndigests > 1 ? "s" : "",
		         p->ds.digests[0], p->ds.ndigests > 1 ? " and more" : "", p->probe.number);
	}
	if ((p->probe.kind == DD_PROBE_ALGORITHM || p->probe.kind == DD_PROBE_DIGEST) &&
	    has_data(&p->cd) && p->cd.rrsigs == 0 && p->plain.rrsigs == 0 && p->usable) {
		p->usable = false;
		snprintf(p->note, sizeof(p->note), "no RRSIG in the answer: the zone is not signed (or "
		         "the resolver strips DNSSEC records)");
	}
}

static void matrix_init(dd_resolver_check_t *chk)
{
	static const uint8_t algs[] = DD_MATRIX_ALGORITHMS, digs[] = DD_MATRIX_DIGESTS;
	for (size_t i = 0; i < DD_MATRIX_NALGORITHMS; i++) {
		chk->algorithms[i] = (dd_support_t){ .number = algs[i], .status = DD_STATUS_INDETERMINATE };
	}
	for (size_t i = 0; i < DD_MATRIX_NDIGESTS; i++) {
		chk->digests[i] = (dd_support_t){ .number = digs[i], .status = DD_STATUS_INDETERMINATE };
	}
}

static dd_support_t *cell(dd_support_t *row, size_t n, uint8_t number)
{
	for (size_t i = 0; i < n; i++) {
		if (row[i].number == number) {
			return &row[i];
		}
	}
	return NULL;
}

static void cell_set(dd_support_t *c, dd_status_t st, const uint8_t *name)
{
	if (c == NULL || st == DD_STATUS_INDETERMINATE || (c->probed && c->status == DD_STATUS_SECURE)) {
		return;  /* one name that validates is proof enough */
	}
	c->probed = true;
	c->status = st;
	dd__name_text(name, c->via, sizeof(c->via));
}

/* The algorithm and digest matrix, and its findings for a resolver that validates. */
static int matrix(dd_resolver_check_t *chk, bool validating)
{
	matrix_init(chk);
	for (size_t i = 0; i < chk->nprobes; i++) {
		dd_resolver_probe_t *p = &chk->probes[i];
		if (!p->usable) {
			continue;
		}
		if (p->probe.kind == DD_PROBE_ALGORITHM) {
			cell_set(cell(chk->algorithms, DD_MATRIX_NALGORITHMS, p->probe.number), p->status,
			         p->probe.name);
		} else if (p->probe.kind == DD_PROBE_DIGEST) {
			cell_set(cell(chk->digests, DD_MATRIX_NDIGESTS, p->probe.number), p->status,
			         p->probe.name);
		}
	}
	/* a name whose zone has DS of one digest type only and validates shows that type
	 * supported, whatever the probe was for; and likewise its signing algorithm */
	for (size_t i = 0; i < chk->nprobes; i++) {
		dd_resolver_probe_t *p = &chk->probes[i];
		if (!p->usable || p->status != DD_STATUS_SECURE || p->probe.kind == DD_PROBE_BOGUS) {
			continue;
		}
		if (p->ds.ndigests == 1) {
			dd_support_t *c = cell(chk->digests, DD_MATRIX_NDIGESTS, p->ds.digests[0]);
			if (c != NULL && !c->probed) {
				cell_set(c, DD_STATUS_SECURE, p->probe.name);
			}
		}
		const dd_resolver_answer_t *src = p->plain.rrsigs > 0 ? &p->plain : &p->cd;
		dd_support_t *c = cell(chk->algorithms, DD_MATRIX_NALGORITHMS, src->sig_algorithm);
		if (src->rrsigs > 0 && c != NULL && !c->probed) {
			cell_set(c, DD_STATUS_SECURE, p->probe.name);
		}
	}
	if (!validating) {
		return DD_OK;
	}
	for (int kind = 0; kind < 2; kind++) {
		dd_support_t *row = kind == 0 ? chk->algorithms : chk->digests;
		size_t n = kind == 0 ? DD_MATRIX_NALGORITHMS : DD_MATRIX_NDIGESTS;
		for (size_t i = 0; i < n; i++) {
			dd_support_t *c = &row[i];
			const char *what = kind == 0 ? "algorithm" : "DS digest type";
			const char *mn = kind == 0 ? dd_alg_name(c->number) : dd_digest_name(c->number);
			dd_rfc8624_t req = kind == 0 ? dd_alg_validation_req(c->number)
			                             : dd_digest_validation_req(c->number);
			uint8_t name[DD_NAME_MAXLEN];
			if (!c->probed || dd_name_from_str(c->via, name) < 0) {
				continue;
			}
			int r = DD_OK;
			if (c->status == DD_STATUS_INSECURE && req <= DD_REQ_RECOMMENDED) {
				r = add(chk, "RESOLVER_ALGORITHM_UNSUPPORTED", name, kind == 0 ? c->number : 0,
				        "%s treats %s, signed with %s %u (%s) only, as insecure: RFC 8624 %s says "
				        "validators %s implement it; the zones that use it get no protection "
				        "from this resolver", chk->address, c->via, what, c->number, mn ? mn : "?",
				        kind == 0 ? "3.1" : "3.3", dd_rfc8624_name(req));
			} else if (c->status == DD_STATUS_BOGUS) {
				r = add(chk, "RESOLVER_VALIDATION_FAILURE", name, kind == 0 ? c->number : 0,
				        "%s returns SERVFAIL for %s, signed with %s %u (%s) only: a validator "
				        "that cannot validate it must treat the zone as insecure (RFC 4035 5.2, "
				        "RFC 6840 5.2), one that can must validate it", chk->address, c->via,
				        what, c->number, mn ? mn : "?");
			}
			if (r != DD_OK) {
				return r;
			}
		}
	}
	return DD_OK;
}

int dd_resolver_assess(dd_resolver_check_t *chk)
{
	if (chk == NULL || (chk->nprobes > 0 && chk->probes == NULL)) {
		return DD_EINVAL;
	}
	free(chk->findings);
	chk->findings = NULL;
	chk->nfindings = 0;
	chk->reason[0] = '\0';
	matrix_init(chk);

	size_t answered = 0, incomplete = 0;
	size_t sec = 0, sec_ad = 0, sec_noad = 0, sec_fail = 0;  /* names that validate */
	size_t bog = 0, bog_fail = 0, bog_data = 0, cd_ok = 0, cd_ignored = 0;
	size_t with_data = 0, with_sigs = 0, with_edns = 0, with_do = 0;
	bool ad_seen = false;
	const dd_resolver_probe_t *skewed = NULL, *failed = NULL;
	char skew_why[512] = "";
	for (size_t i = 0; i < chk->nprobes; i++) {
		dd_resolver_probe_t *p = &chk->probes[i];
		p->status = status_of(&p->plain);
		p->usable = true;
		p->expected = false;
		p->note[0] = '\0';
		answered += p->plain.answered;
		if (!p->plain.answered) {
			snprintf(p->note, sizeof(p->note), "no answer (%s)", p->plain.error);
			incomplete++;
			continue;
		}
		if (p->probe.kind != DD_PROBE_BOGUS && has_data(&p->plain) && p->plain.records > 0) {
			with_data++;
			with_sigs += p->plain.rrsigs > 0;
			with_edns += p->plain.edns;
			with_do += p->plain.do_bit;
		}
		if (p->probe.kind != DD_PROBE_BOGUS && p->status == DD_STATUS_SECURE) {
			ad_seen = true;
		}
		probe_usable(p);
		if (p->plain.rcode == DD_RCODE_NXDOMAIN && p->probe.kind != DD_PROBE_SECURE) {
			/* the denial is signed by a zone above: it shows nothing about this probe */
			p->usable = false;
			snprintf(p->note, sizeof(p->note), "NXDOMAIN: the name does not exist here (the "
			         "test domain is gone, or the resolver uses a private root)");
			if (p->probe.kind != DD_PROBE_BOGUS) {
				incomplete++;
				continue;
			}
		}
		switch (p->probe.kind) {
		case DD_PROBE_SECURE:
		case DD_PROBE_ALGORITHM:
		case DD_PROBE_DIGEST: {
			bool known = p->probe.kind == DD_PROBE_SECURE ||
			             (p->probe.kind == DD_PROBE_ALGORITHM &&
			              dd_alg_validation_req(p->probe.number) == DD_REQ_MUST);
			p->expected = p->status == DD_STATUS_SECURE;
			if (p->status == DD_STATUS_BOGUS) {
				char why[512];
				if (clock_suspect(chk, p, why, sizeof(why))) {
					snprintf(p->note, sizeof(p->note), "%s", why);
					if (skewed == NULL) {
						skewed = p;
						snprintf(skew_why, sizeof(skew_why), "%s", why);
					}
				} else if (p->note[0] == '\0') {
					snprintf(p->note, sizeof(p->note), "SERVFAIL%s", has_data(&p->cd)
					         ? ", and the data with CD: its validation fails the name"
					         : " also with CD: the name does not resolve through it");
				}
			}
			if (!known || !p->usable) {
				break;
			}
			sec++;
			sec_ad += p->status == DD_STATUS_SECURE;
			sec_noad += p->status == DD_STATUS_INSECURE;
			if (p->status == DD_STATUS_BOGUS) {
				sec_fail++;
				if (failed == NULL && has_data(&p->cd)) {
					failed = p;
				}
			}
			break;
		}
		case DD_PROBE_BOGUS:
			bog++;
			if (p->plain.rcode == DD_RCODE_NXDOMAIN) {
				bog--;
			} else if (p->status == DD_STATUS_SECURE) {
				p->usable = false;
				snprintf(p->note, sizeof(p->note), "answered with AD: the name may no longer be "
				         "bogus (public test names change), or the resolver accepts bad "
				         "signatures; check with 'dnssec-doctor diagnose NAME'");
				bog--;
			} else if (p->status == DD_STATUS_BOGUS) {
				bog_fail++;
				if (has_data(&p->cd)) {
					cd_ok++;
					p->expected = true;
				} else {
					cd_ignored++;
					snprintf(p->note, sizeof(p->note), "SERVFAIL also with CD: RFC 4035 3.2.2 "
					         "says to hand over the data");
				}
			} else if (p->status == DD_STATUS_INSECURE) {
				bog_data++;
				snprintf(p->note, sizeof(p->note), "the bogus data was handed out%s",
				         p->plain.records ? "" : " (no records)");
			}
			break;
		}
		incomplete += !p->usable || !p->expected;
	}

	int r = DD_OK;
	char a[1024];
	if (answered == 0) {
		chk->verdict = DD_RESOLVER_UNREACHABLE;
		snprintf(chk->reason, sizeof(chk->reason), "no answer from %s to any of %zu names",
		         chk->address, chk->nprobes);
		chk->exit_code = 3;
		matrix(chk, false);
		return DD_OK;
	}
	if (with_data > 0 && with_sigs == 0) {
		chk->verdict = DD_RESOLVER_BROKEN;
		const char *how = with_edns == 0 ? "its responses carry no OPT record (no EDNS0), so it "
		                                   "cannot have passed the DO bit on"
		                  : with_do == 0 ? "it does not echo the DO bit and returns no RRSIG"
		                                 : "it returns no RRSIG with the data";
		snprintf(chk->reason, sizeof(chk->reason), "strips DNSSEC records: %s (%zu answers with "
		         "data, none signed)", how, with_data);
		r = add(chk, "RESOLVER_STRIPS_DNSSEC", (const uint8_t *)"", 0, "%s answers DO queries for "
		        "signed names without their RRSIGs: %s (RFC 3225, RFC 4035 3.2.1); a validating "
		        "stub or forwarder behind it fails every signed name", chk->address, how);
	} else if (skewed != NULL && sec_ad < sec) {
		chk->verdict = DD_RESOLVER_BROKEN;
		dd__name_text(skewed->probe.name, a, sizeof(a));
		snprintf(chk->reason, sizeof(chk->reason), "validates, but fails names that validate: "
		         "clock skew suspected (%s)", a);
		r = add(chk, "CLOCK_SKEW", skewed->probe.name, 0, "%s returns SERVFAIL for %s, which "
		        "validates: %s", chk->address, a, skew_why);
	} else if (sec_fail > 0 && sec_ad == 0) {
		chk->verdict = DD_RESOLVER_BROKEN;
		snprintf(chk->reason, sizeof(chk->reason), "fails every name that validates (%zu of %zu "
		         "SERVFAIL)", sec_fail, sec);
		const dd_resolver_probe_t *p = failed ? failed : &chk->probes[0];
		dd__name_text(p->probe.name, a, sizeof(a));
		r = add(chk, "RESOLVER_VALIDATION_FAILURE", p->probe.name, 0, "%s returns SERVFAIL for "
		        "%zu of %zu names that validate (e.g. %s%s): a stale trust anchor, cached bogus "
		        "data, or a fault of its own", chk->address, sec_fail, sec, a,
		        failed ? ", whose data it gives with CD" : "");
	} else if (!ad_seen && (sec_noad > 0 || bog_data > 0)) {
		chk->verdict = DD_RESOLVER_NOT_VALIDATING;
		snprintf(chk->reason, sizeof(chk->reason), "no AD on %zu of %zu names that validate; "
		         "the data of %zu of %zu bogus names handed out", sec_noad, sec, bog_data, bog);
		r = add(chk, "RESOLVER_NOT_VALIDATING", (const uint8_t *)"", 0, "%s does not validate: "
		        "%s; clients that trust its answers (DANE, SSHFP) get no protection", chk->address,
		        chk->reason);
	} else if (ad_seen && bog_data > 0) {
		chk->verdict = DD_RESOLVER_NOT_VALIDATING;
		snprintf(chk->reason, sizeof(chk->reason), "sets AD on names that validate but hands "
		         "out the data of %zu of %zu bogus names (permissive mode)", bog_data, bog);
		r = add(chk, "RESOLVER_NOT_VALIDATING", (const uint8_t *)"", 0, "%s %s: clients get "
		        "forged data as if nothing were wrong (Unbound val-permissive-mode, BIND "
		        "dnssec-validation no with a forwarder that validates?)", chk->address, chk->reason);
	} else if (ad_seen) {
		chk->verdict = DD_RESOLVER_VALIDATING;
		snprintf(chk->reason, sizeof(chk->reason), "AD on %zu of %zu names that validate; "
		         "SERVFAIL on %zu of %zu bogus names%s", sec_ad, sec, bog_fail, bog,
		         bog == 0 ? " (none usable: SERVFAIL not checked)"
		         : cd_ok == bog_fail ? ", their data with CD" : "");
		if (cd_ignored > 0) {
			r = add(chk, "RESOLVER_IGNORES_CD", (const uint8_t *)"", 0, "%s returns SERVFAIL "
			        "with CD for %zu of %zu bogus names: RFC 4035 3.2.2 says a resolver hands "
			        "over the data when CD is set, so a validating stub or dnssec-doctor behind "
			        "it cannot see what is broken", chk->address, cd_ignored, bog_fail);
		}
	} else {
		chk->verdict = DD_RESOLVER_BROKEN;
		snprintf(chk->reason, sizeof(chk->reason), "no usable answer: neither AD on a name that "
		         "validates nor the data of a bogus one (%zu of %zu names answered)", answered,
		         chk->nprobes);
	}
	if (r == DD_OK) {
		r = matrix(chk, chk->verdict == DD_RESOLVER_VALIDATING);
	}
	if (r != DD_OK) {
		return r;
	}
	int worst = -1;
	for (size_t i = 0; i < chk->nfindings; i++) {
		worst = (int)chk->findings[i].severity > worst ? (int)chk->findings[i].severity : worst;
	}
	chk->exit_code = chk->verdict != DD_RESOLVER_VALIDATING || worst == DD_SEV_ERROR ? 2
	                 : worst == DD_SEV_WARNING || incomplete > 0 ? 1 : 0;
	return DD_OK;
}
