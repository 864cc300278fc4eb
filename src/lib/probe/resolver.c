/* SPDX-License-Identifier: MIT
 * resolver.c - probe names (the file format and the built-in public test domains) and asking a
 * recursive resolver for them over libuv: with and without CD, and the DS of each answer's
 * signer zone. It returns the answers only: the caller judges them with dd_resolver_assess()
 * (analysis/resolver.c), so the probe never calls up into the analysis. */

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/resolver.h"
#include "dd/text.h"
#include "resolver_int.h"
#include "xfer.h"

/* Kept in step with docs/resolver.md, which gives each name's source. */
static const char BUILTIN[] =
	"# dnssec-doctor built-in probe names: public test domains kept for resolver testing\n"
	"# (docs/resolver.md gives the source of each). Format: KIND [NUMBER] NAME [TYPE]\n"
	"\n"
	"# validate: a validating resolver sets AD\n"
	"secure     valid.extended-dns-errors.com.\n"
	"secure     sigok.verteiltesysteme.net.\n"
	"\n"
	"# deliberately bogus: SERVFAIL, and the data with CD\n"
	"bogus      dnssec-failed.org.\n"
	"bogus      sigfail.verteiltesysteme.net.\n"
	"bogus      rrsig-exp-all.extended-dns-errors.com.\n"
	"\n"
	"# one zone per DNSSEC algorithm (extended-dns-errors.com)\n"
	"algorithm  5   rsasha1.extended-dns-errors.com.\n"
	"algorithm  7   rsasha1-nsec3-sha1.extended-dns-errors.com.\n"
	"algorithm  8   rsasha256.extended-dns-errors.com.\n"
	"algorithm  10  rsasha512.extended-dns-errors.com.\n"
	"algorithm  13  ecdsap256sha256.extended-dns-errors.com.\n"
	"algorithm  14  ecdsap384sha384.extended-dns-errors.com.\n"
	"algorithm  15  ed25519.extended-dns-errors.com.\n"
	"algorithm  16  ed448.extended-dns-errors.com.\n"
	"\n"
	"# DS digest types: no public zone is kept with one digest type each; the digest matrix\n"
	"# is filled from the DS sets of the names above (a zone with one digest type that\n"
	"# validates shows that type supported). Add \"digest N NAME\" lines to test one.\n";

const char *dd_probe_names_builtin(void)
{
	return BUILTIN;
}

static char *next_word(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t') {
		s++;
	}
	if (*s == '\0') {
		*p = s;
		return NULL;
	}
	char *w = s;
	while (*s != '\0' && *s != ' ' && *s != '\t') {
		s++;
	}
	if (*s != '\0') {
		*s++ = '\0';
	}
	*p = s;
	return w;
}

static int parse_line(char *line, dd_probe_name_t *p, char *why, size_t whylen)
{
	char *cur = line;
	char *kind = next_word(&cur);
	memset(p, 0, sizeof(*p));
	p->qtype = DD_TYPE_A;
	if (!strcasecmp(kind, "secure")) {
		p->kind = DD_PROBE_SECURE;
	} else if (!strcasecmp(kind, "bogus")) {
		p->kind = DD_PROBE_BOGUS;
	} else if (!strcasecmp(kind, "algorithm")) {
		p->kind = DD_PROBE_ALGORITHM;
	} else if (!strcasecmp(kind, "digest")) {
		p->kind = DD_PROBE_DIGEST;
	} else {
		snprintf(why, whylen, "unknown kind '%.40s' (secure, bogus, algorithm or digest)", kind);
		return -1;
	}
	if (p->kind == DD_PROBE_ALGORITHM || p->kind == DD_PROBE_DIGEST) {
		char *num = next_word(&cur);
		int v = num == NULL ? DD_EINVAL
		        : p->kind == DD_PROBE_ALGORITHM ? dd_alg_from_str(num) : dd_digest_from_str(num);
		if (v <= 0 || v > 255) {
			snprintf(why, whylen, "%s needs a%s number or name before the domain name",
			         kind, p->kind == DD_PROBE_ALGORITHM ? "n algorithm" : " digest type");
			return -1;
		}
		p->number = (uint8_t)v;
	}
	char *name = next_word(&cur);
	if (name == NULL) {
		snprintf(why, whylen, "a domain name is missing");
		return -1;
	}
	if (dd_name_from_str(name, p->name) < 0) {
		snprintf(why, whylen, "bad domain name '%.80s'", name);
		return -1;
	}
	char *type = next_word(&cur);
	if (type != NULL) {
		int t = dd_type_from_str(type);
		if (t <= 0) {
			snprintf(why, whylen, "unknown record type '%.40s'", type);
			return -1;
		}
		p->qtype = (uint16_t)t;
	}
	if (next_word(&cur) != NULL) {
		snprintf(why, whylen, "unexpected text after the %s", type ? "type" : "name");
		return -1;
	}
	return 0;
}

int dd_probe_names_parse(const char *text, dd_probe_name_t **out, size_t *n, char *err, size_t errlen)
{
	if (text == NULL || out == NULL || n == NULL) {
		return DD_EINVAL;
	}
	dd_probe_name_t *v = NULL;
	size_t cnt = 0, cap = 0, lineno = 0;
	const char *s = text;
	int ret = DD_OK;
	char why[160];
	while (*s != '\0') {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		lineno++;
		char line[1024];
		if (len >= sizeof(line)) {
			snprintf(err, errlen, "line %zu: longer than %zu characters", lineno, sizeof(line) - 1);
			ret = DD_EPARSE;
			break;
		}
		memcpy(line, s, len);
		line[len] = '\0';
		s = e ? e + 1 : s + len;
		char *hash = strchr(line, '#');
		if (hash != NULL) {
			*hash = '\0';
		}
		bool blank = true;
		for (char *c = line; *c; c++) {
			if (*c == '\r' || *c == '\f' || *c == '\v') {
				*c = ' ';
			} else if (!isprint((unsigned char)*c) && *c != '\t') {
				snprintf(err, errlen, "line %zu: not text", lineno);
				ret = DD_EPARSE;
				break;
			}
			blank = blank && (*c == ' ' || *c == '\t');
		}
		if (ret != DD_OK) {
			break;
		}
		if (blank) {
			continue;  /* blank or comment */
		}
		if (cnt == cap) {
			if (cnt == 4096) {
				snprintf(err, errlen, "line %zu: more than 4096 probes", lineno);
				ret = DD_EPARSE;
				break;
			}
			cap = cap ? 2 * cap : 16;
			dd_probe_name_t *nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL) {
				ret = DD_ENOMEM;
				break;
			}
			v = nv;
		}
		if (parse_line(line, &v[cnt], why, sizeof(why)) != 0) {
			snprintf(err, errlen, "line %zu: %s", lineno, why);
			ret = DD_EPARSE;
			break;
		}
		cnt++;
	}
	if (ret == DD_OK && cnt == 0) {
		snprintf(err, errlen, "no probe names (lines like 'secure example.com.')");
		ret = DD_EPARSE;
	}
	if (ret != DD_OK) {
		free(v);
		return ret;
	}
	*out = v;
	*n = cnt;
	return DD_OK;
}

/* One query in flight. */
typedef struct rq {
	dd_resolver_answer_t *a;
	uint16_t qtype;
} rq_t;

static void fill(dd_resolver_answer_t *a, uint16_t qtype, const dd_msg_t *m, int64_t now)
{
	a->answered = true;
	a->rcode = m->rcode;
	a->ad = (m->flags & DD_FLAG_AD) != 0;
	a->edns = m->edns;
	a->do_bit = m->edns_do;
	a->ede = m->ede_code == 0xFFFF ? -1 : m->ede_code;
	size_t used = 0;
	for (size_t i = 0; i < m->count[DD_SECTION_ANSWER]; i++) {
		const dd_rr_t *rr = &m->rr[DD_SECTION_ANSWER][i];
		if (rr->type == DD_TYPE_RRSIG) {
			dd_rrsig_t sig;
			if (dd_rrsig_parse(rr->rdata.data, rr->rdata.len, &sig) != DD_OK) {
				continue;
			}
			if (a->rrsigs++ == 0 && sig.signer_len <= DD_NAME_MAXLEN) {
				a->sig_algorithm = sig.algorithm;
				memcpy(a->signer, sig.signer, sig.signer_len);
			}
			/* 32-bit times read near now (RFC 4034 3.1.5, RFC 1982) */
			int64_t inc = now + (int32_t)(sig.inception - (uint32_t)now);
			int64_t exp = now + (int32_t)(sig.expiration - (uint32_t)now);
			if (a->sig_inception == 0 || inc > a->sig_inception) {
				a->sig_inception = inc;
			}
			if (a->sig_expiration == 0 || exp < a->sig_expiration) {
				a->sig_expiration = exp;
			}
			continue;
		}
		if (rr->type == DD_TYPE_DS && qtype == DD_TYPE_DS && rr->rdata.len >= 4 &&
		    a->ndigests < sizeof(a->digests)) {
			uint8_t t = rr->rdata.data[3];
			if (memchr(a->digests, t, a->ndigests) == NULL) {
				a->digests[a->ndigests++] = t;
			}
		}
		if (rr->type != qtype && rr->type != DD_TYPE_CNAME) {
			continue;
		}
		a->records++;
		char item[64] = "";
		if (rr->type == DD_TYPE_A && rr->rdata.len == 4) {
			inet_ntop(AF_INET, rr->rdata.data, item, sizeof(item));
		} else if (rr->type == DD_TYPE_AAAA && rr->rdata.len == 16) {
			inet_ntop(AF_INET6, rr->rdata.data, item, sizeof(item));
		} else {
			dd_type_to_str(rr->type, item, sizeof(item));
		}
		if (used + strlen(item) + 3 < sizeof(a->data)) {
			used += (size_t)snprintf(a->data + used, sizeof(a->data) - used, "%s%s",
			                         used ? ", " : "", item);
		}
	}
}

int dd__resolver_answer_fill(dd_resolver_answer_t *a, uint16_t qtype, const uint8_t *wire,
                             size_t len, int64_t now)
{
	dd_msg_t *m = NULL;
	int r = dd_msg_parse(wire, len, &m);
	if (r != DD_OK) {
		snprintf(a->error, sizeof(a->error), "malformed response");
		return r;
	}
	fill(a, qtype, m, now);
	dd_msg_free(m);
	return DD_OK;
}

static void done(void *arg, const dd_exchange_t *x)
{
	rq_t *q = arg;
	if (x->error != DD_QERR_NONE || x->wire == NULL) {
		snprintf(q->a->error, sizeof(q->a->error), "%s", dd_qerr_name(x->error));
	} else {
		dd__resolver_answer_fill(q->a, q->qtype, x->wire, x->wire_len, x->sent_ms / 1000);
	}
	free(q);
}

static int start(uv_loop_t *loop, const dd_resolver_config_t *cfg, const char *addr,
                 dd_resolver_answer_t *a, const uint8_t *name, uint16_t qtype, bool cd)
{
	memset(a, 0, sizeof(*a));
	a->asked = true;
	a->rcode = -1;
	a->ede = -1;
	rq_t *q = malloc(sizeof(*q));
	if (q == NULL) {
		return DD_ENOMEM;
	}
	*q = (rq_t){ .a = a, .qtype = qtype };
	/* a recursive resolver may need a few seconds for a cold name: longer attempts than for
	 * an authoritative server, as the diagnose views use */
	xfer_opts_t o = { .timeout_ms = (cfg->timeout_ms ? cfg->timeout_ms : 1500) * 2, .udp_tries = 3,
		          .tcp_on_failure = true, .cd = cd, .rd = true };
	if (dd__xfer_start(loop, &o, addr, cfg->port ? cfg->port : 53, name, qtype, done, q) != 0) {
		free(q);
		return DD_EINVAL;
	}
	return DD_OK;
}

int dd_resolver_query(const dd_resolver_config_t *cfg, const char *address,
                      const dd_probe_name_t *probes, size_t n, dd_resolver_check_t **out)
{
	unsigned char buf[16];
	if (cfg == NULL || address == NULL || out == NULL || (n > 0 && probes == NULL) ||
	    strlen(address) >= sizeof(((dd_resolver_check_t *)0)->address) ||
	    (inet_pton(AF_INET, address, buf) != 1 && inet_pton(AF_INET6, address, buf) != 1)) {
		return DD_EINVAL;
	}
	dd_resolver_check_t *chk = calloc(1, sizeof(*chk));
	if (chk == NULL || (n > 0 && (chk->probes = calloc(n, sizeof(*chk->probes))) == NULL)) {
		free(chk);
		return DD_ENOMEM;
	}
	/* not judged yet: nothing says the resolver validates until dd_resolver_assess() does */
	chk->verdict = DD_RESOLVER_UNREACHABLE;
	chk->exit_code = 3;
	snprintf(chk->reason, sizeof(chk->reason), "not assessed");
	snprintf(chk->address, sizeof(chk->address), "%s", address);
	chk->port = cfg->port ? cfg->port : 53;
	chk->nprobes = n;
	int64_t t0 = dd__now_ms();
	chk->at = t0 / 1000;
	uv_loop_t loop;
	if (uv_loop_init(&loop) != 0) {
		dd_resolver_check_free(chk);
		return DD_ENOMEM;
	}
	int r = DD_OK;
	/* round 1: every name with and without CD, all at once */
	for (size_t i = 0; i < n && r == DD_OK; i++) {
		dd_resolver_probe_t *p = &chk->probes[i];
		p->probe = probes[i];
		r = start(&loop, cfg, address, &p->plain, p->probe.name, p->probe.qtype, false);
		if (r == DD_OK) {
			r = start(&loop, cfg, address, &p->cd, p->probe.name, p->probe.qtype, true);
		}
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	/* round 2: the DS of the zone that signed each answer, which tells the digest types the
	 * probe exercises (not for bogus names: nothing is learnt from them) */
	for (size_t i = 0; i < n && r == DD_OK; i++) {
		dd_resolver_probe_t *p = &chk->probes[i];
		const dd_resolver_answer_t *src = p->cd.rrsigs > 0 ? &p->cd : &p->plain;
		if (p->probe.kind == DD_PROBE_BOGUS || src->rrsigs == 0 || src->signer[0] == 0) {
			continue;
		}
		r = start(&loop, cfg, address, &p->ds, src->signer, DD_TYPE_DS, true);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	chk->duration_ms = dd__now_ms() - t0;
	if (r != DD_OK) {
		dd_resolver_check_free(chk);
		return r;
	}
	*out = chk;
	return DD_OK;
}

void dd_resolver_check_free(dd_resolver_check_t *chk)
{
	if (chk == NULL) {
		return;
	}
	free(chk->probes);
	free(chk->findings);
	free(chk);
}
