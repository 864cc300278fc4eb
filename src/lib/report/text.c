/* SPDX-License-Identifier: MIT
 * text.c - the report for a person in an outage: the verdict first, the four views, the chain
 * of trust as a tree (as drill -S), delegation health, root causes with evidence and the
 * numbered fix. Colour only when the caller asks for it. */

#include <string.h>
#include <time.h>

#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/report.h"
#include "dd/text.h"
#include "dns/name_text.h"
#include "zone_int.h"

typedef struct out {
	FILE *f;
	bool color;
	dd_severity_t level;  /* print causes and findings of this severity and above */
} out_t;

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_DIM "\033[2m"

static const char *col(const out_t *o, const char *c)
{
	return o->color ? c : "";
}

static const char *status_color(dd_status_t s)
{
	switch (s) {
	case DD_STATUS_SECURE:        return C_GREEN;
	case DD_STATUS_INSECURE:      return C_YELLOW;
	case DD_STATUS_BOGUS:         return C_RED;
	case DD_STATUS_INDETERMINATE: return C_RED;
	}
	return "";
}

static void status_word(const out_t *o, dd_status_t s)
{
	char up[16];
	const char *n = dd_status_name(s);
	size_t i = 0;
	for (; n[i] && i < sizeof(up) - 1; i++) {
		up[i] = (char)(n[i] >= 'a' && n[i] <= 'z' ? n[i] - 32 : n[i]);
	}
	up[i] = '\0';
	fprintf(o->f, "%s%s%-13s%s ", col(o, C_BOLD), col(o, status_color(s)), up, col(o, C_RESET));
}

static void time_str(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M UTC", &tm);
}

static void views_section(const out_t *o, const dd_evidence_t *ev, const dd_analysis_t *an,
                          const dd_views_t *views)
{
	char name[1024], type[24], rc[16];
	dd__name_text(an->target, name, sizeof(name));
	dd_type_to_str(an->qtype, type, sizeof(type));
	fprintf(o->f, "\n%sFour views of %s %s%s\n", col(o, C_BOLD), name, type, col(o, C_RESET));
	/* 1. authoritative servers of the target's zone */
	const dd_zone_ev_t *z = &ev->zones[an->target_zone];
	const dd_zone_result_t *tz = &an->zones[an->target_zone];
	for (size_t s = 0; s < z->nservers && s < tz->nservers; s++) {
		const dd_answer_summary_t *t = &tz->servers[s].target;
		char ns[1024];
		/* a server given by its address alone has no name (root label) */
		if (dd_name_labels(z->servers[s].ns_name) == 0) {
			snprintf(ns, sizeof(ns), "(a server given by address)");
		} else {
			dd__name_text(z->servers[s].ns_name, ns, sizeof(ns));
		}
		fprintf(o->f, "  %-16s %-38.38s ", s == 0 ? "authoritative" : "", ns);
		if (!t->asked || t->error != DD_QERR_NONE) {
			fprintf(o->f, "%s (%s)\n", t->asked ? dd_qerr_name((dd_qerr_t)t->error) : "not asked",
			        z->servers[s].addr);
			continue;
		}
		fprintf(o->f, "%s%s, %u record%s, %u RRSIG (%s)\n", dd_rcode_name(t->rcode, rc),
		        t->aa ? " aa" : "", t->records, t->records == 1 ? "" : "s", t->rrsigs,
		        z->servers[s].addr);
	}
	/* 2, 3. resolvers (replayed evidence from before views were recorded has none) */
	if (views != NULL && !views->recorded) {
		fprintf(o->f, "  %-16s %-38.38s not recorded in this evidence\n", "resolvers", "");
	} else if (views != NULL && views->n > 0 && !dd_views_comparable(views, an->at)) {
		char t[32];
		time_str(views->at, t);
		fprintf(o->f, "  %-16s %-38.38s as they answered at %s, when the evidence was "
		        "collected; not set against this analysis at another instant\n", "resolvers",
		        "", t);
	} else if (views != NULL && views->n > 0 && !dd_views_compared(views, an)) {
		char zn[1024];
		dd__name_text(an->zones[an->hypothetical_zone].name, zn, sizeof(zn));
		fprintf(o->f, "  %-16s %-38.38s as they resolve the DNS as it is; not set against "
		        "this pre-delegation test of %s\n", "resolvers", "", zn);
	}
	size_t shown = 0;
	for (size_t i = 0; views != NULL && i < views->n; i++) {
		shown += dd_name_equal(views->v[i].name, an->target);
	}
	if (shown == 0 && (views == NULL || views->recorded)) {
		/* a run asks libunbound unless told not to, and records a question it could not
		 * ask with why: no view of the name means none was asked (the title's four views
		 * are then two) */
		fprintf(o->f, "  %-16s %-38.38s none asked in this run (--no-unbound, no --resolver)\n",
		        "resolvers", "");
	}
	for (size_t i = 0; views != NULL && i < views->n; i++) {
		const dd_view_t *v = &views->v[i];
		if (!dd_name_equal(v->name, an->target)) {
			continue;
		}
		char label[128];
		snprintf(label, sizeof(label), "%s%s", v->source, v->cd ? " +cd" : "");
		/* how it was asked, not a claim that it validates (a resolver that does not is named
		 * by RESOLVER_NOT_VALIDATING) */
		fprintf(o->f, "  %-16s %-38.38s ", v->cd ? "checking off" : "checking on", label);
		if (!v->answered) {
			fprintf(o->f, "no answer: %s\n", v->why);
			continue;
		}
		fprintf(o->f, "%s%s%s", dd_rcode_name((uint16_t)v->rcode, rc), v->ad ? " ad" : "",
		        v->data[0] ? ": " : "");
		fprintf(o->f, "%s", v->data);
		if (v->ede >= 0) {
			fprintf(o->f, " (EDE %d)", v->ede);
		}
		if (v->why[0] && v->status == DD_STATUS_BOGUS) {
			fprintf(o->f, "\n  %-16s %s%s%s", "", col(o, C_DIM), v->why, col(o, C_RESET));
		}
		fputc('\n', o->f);
	}
	/* 4. the parent's DS */
	const dd_zone_result_t *zr = &an->zones[an->target_zone];
	if (zr->parent >= 0) {
		char pz[1024], zn[1024];
		dd__name_text(an->zones[zr->parent].name, pz, sizeof(pz));
		dd__name_text(zr->name, zn, sizeof(zn));
		bool given = zr->ds_source == DD_DS_SOURCE_GIVEN;
		if (zr->ds_source == DD_DS_SOURCE_UNDELEGATED) {
			fprintf(o->f, "  %-16s %-38.38s not delegated (%s): no NS, no DS\n", "parent DS", pz,
			        zn);
		} else if (zr->nds == 0) {
			fprintf(o->f, "  %-16s %-38.38s no DS (%s)\n", "parent DS", pz, zn);
		}
		for (size_t d = 0; d < zr->nds; d++) {
			fprintf(o->f, "  %-16s %-38.38s DS %u %u %u %.12s... %s%s\n",
			        d > 0 ? "" : given ? "given DS" : "parent DS", d > 0 ? "" : given
			        ? "(--ds, as if the parent published it)" : pz, zr->ds[d].key_tag,
			        zr->ds[d].algorithm, zr->ds[d].digest_type, zr->ds[d].digest,
			        dd_ds_state_name(zr->ds[d].state), given ? " (given)" : "");
		}
	}
}

/* The chain tree: each zone under its own parent, the names it holds (the queried name, a
 * CNAME target, the nonexistent name) under their own zone, and every status in one column.
 * One walk measures (o NULL: the widest label into *width), the next prints. */
typedef struct tree {
	const out_t *o;           /* NULL: measure only */
	const dd_analysis_t *an;
	int zone_of_cname;        /* the deepest zone holding the CNAME target, -1 none */
	int zone_of_nx;           /* the deepest zone holding the nonexistent name */
	size_t width;             /* the status column, counted in characters */
} tree_t;

/* The deepest zone of @p an that holds @p name, -1 if none. */
static int zone_holding(const dd_analysis_t *an, const uint8_t *name)
{
	int zi = -1;
	for (size_t i = 0; i < an->nzones; i++) {
		if (dd_name_in_zone(name, an->zones[i].name) &&
		    (zi < 0 || an->zones[i].depth > an->zones[zi].depth)) {
			zi = (int)i;
		}
	}
	return zi;
}

/* One row's label at @p level: measured, or printed padded to the status column. */
static void tree_label(tree_t *t, unsigned level, const char *label)
{
	size_t cols = 2 + 2 * (size_t)level + (level ? 2 : 0) + strlen(label);
	if (t->o == NULL) {
		t->width = cols > t->width ? cols : t->width;
		return;
	}
	fprintf(t->o->f, "  %*s%s%s%*s ", 2 * (int)level, "", level ? "└ " : "", label,
	        (int)(t->width - cols), "");
}

static void tree_leaf(tree_t *t, unsigned level, const char *label, dd_status_t st,
                      const char *reason)
{
	tree_label(t, level, label);
	if (t->o != NULL) {
		status_word(t->o, st);
		fprintf(t->o->f, "%s\n", reason);
	}
}

static void tree_zone(tree_t *t, int zi, unsigned level)
{
	const dd_analysis_t *an = t->an;
	const dd_zone_result_t *z = &an->zones[zi];
	const out_t *o = t->o;
	char zn[1024], name[1024], type[24], label[1100];
	dd__name_text(z->name, zn, sizeof(zn));
	tree_label(t, level, zn);
	if (o != NULL) {
		status_word(o, z->status);
		/* the link: DS -> key */
		const char *sep = z->parent < 0 ? "trust anchor " : "";
		for (size_t k = 0; k < z->nds && k < 3; k++) {
			fprintf(o->f, "%sDS %u/%u/%u %s", sep, z->ds[k].key_tag, z->ds[k].algorithm,
			        z->ds[k].digest_type, dd_ds_state_name(z->ds[k].state));
			sep = ", ";
		}
		if (z->nds > 3) {
			fprintf(o->f, ", and %zu more DS", z->nds - 3);
		}
		if (z->nds == 0 && z->parent < 0) {
			fprintf(o->f, "trust anchor");
		} else if (z->ds_source == DD_DS_SOURCE_UNDELEGATED) {
			fprintf(o->f, "not delegated");
		} else if (z->nds == 0) {
			fprintf(o->f, "no DS");
		}
		if (z->ds_source == DD_DS_SOURCE_GIVEN) {
			fprintf(o->f, " (the DS given)");
		}
		fputc('\n', o->f);
		if (z->status != DD_STATUS_SECURE) {
			fprintf(o->f, "  %*s  %s%s%s\n", 2 * (int)level, "", col(o, C_DIM), z->reason,
			        col(o, C_RESET));
		}
	}
	/* the names this zone holds */
	if (dd_type_to_str(an->qtype, type, sizeof(type)) != DD_OK) {
		snprintf(type, sizeof(type), "TYPE%u", an->qtype);
	}
	if (zi == an->target_zone) {
		dd__name_text(an->target, name, sizeof(name));
		snprintf(label, sizeof(label), "%s %s", name, type);
		tree_leaf(t, level + 1, label, an->target_status, an->target_reason);
	}
	if (an->cname_target[0] != 0 && zi == t->zone_of_cname) {
		dd__name_text(an->cname_target, name, sizeof(name));
		snprintf(label, sizeof(label), "%s %s (CNAME target)", name, type);
		tree_leaf(t, level + 1, label, an->cname_status, an->cname_reason);
	}
	if (zi == t->zone_of_nx) {
		dd__name_text(an->nx_name, name, sizeof(name));
		snprintf(label, sizeof(label), "%s (nonexistent)", name);
		tree_leaf(t, level + 1, label, an->nx_status, an->nx_reason);
	}
	/* then the zones below it */
	for (size_t i = 0; i < an->nzones; i++) {
		if (an->zones[i].parent == zi && (int)i != zi) {
			tree_zone(t, (int)i, level + 1);
		}
	}
}

static void chain_section(const out_t *o, const dd_analysis_t *an)
{
	fprintf(o->f, "\n%sChain of trust%s\n", col(o, C_BOLD), col(o, C_RESET));
	tree_t t = { .an = an, .zone_of_cname = an->cname_target[0] != 0
	             ? zone_holding(an, an->cname_target) : -1,
	             .zone_of_nx = zone_holding(an, an->nx_name) };
	if (t.zone_of_cname < 0 && an->cname_target[0] != 0) {
		t.zone_of_cname = an->target_zone;
	}
	if (t.zone_of_nx < 0) {
		t.zone_of_nx = an->target_zone;
	}
	for (int pass = 0; pass < 2; pass++) {
		t.o = pass == 0 ? NULL : o;
		for (size_t i = 0; i < an->nzones; i++) {
			if (an->zones[i].parent < 0) {
				tree_zone(&t, (int)i, 0);
			}
		}
	}
}

/* The causes shown under "Delegation health" rather than "Root causes": whether a cause of
 * @p id is a fault of the servers rather than of the DNSSEC data, by the table's reach (a
 * malformed, lame, silent, private, EDNS- or TCP-failing server alike). */
static bool is_delegation(dd_code_t id)
{
	const dd_finding_info_t *info = dd_finding_info_id(id);
	return info != NULL && info->reach == DD_REACH_SERVERS;
}

/* Whether zone index @p zi is @p zone or its parent. */
static bool zone_or_parent(const dd_analysis_t *an, int zi, const uint8_t *zone)
{
	if (zi < 0 || (size_t)zi >= an->nzones) {
		return false;
	}
	const dd_zone_result_t *z = &an->zones[zi];
	return dd_name_equal(zone, z->name) ||
	       (z->parent >= 0 && dd_name_equal(zone, an->zones[z->parent].name));
}

/* Whether @p f is a signature window edge notice of a zone above the parent of the asked
 * name's zone and of its CNAME target's zone (the root's, a TLD's): folded into one line, as
 * those zones' own operators run their signing (issue 20). */
static bool edge_far(const dd_analysis_t *an, const dd_finding_t *f)
{
	if (f->id != DD_CODE_RRSIG_WINDOW_EDGE) {
		return false;
	}
	int cz = an->cname_target[0] != 0 ? zone_holding(an, an->cname_target) : -1;
	return !zone_or_parent(an, an->target_zone, f->zone) && !zone_or_parent(an, cz, f->zone);
}

/* Whether a notice before index @p i of @p an is folded with the same zone as @p f. */
static bool folded_before(const dd_analysis_t *an, size_t i, const dd_finding_t *f)
{
	for (size_t j = 0; j < i; j++) {
		const dd_finding_t *e = &an->findings[j];
		if (e->severity == DD_SEV_NOTICE && edge_far(an, e) && dd_name_equal(e->zone, f->zone)) {
			return true;
		}
	}
	return false;
}

/* The number, in print order (delegation causes first), of the first cause printed before
 * @p rc with the very same fix steps, 0 if none: a fix is printed once (issue 20). */
static size_t same_fix_before(const dd_diagnosis_t *dg, const dd_root_cause_t *rc,
                              dd_severity_t level)
{
	size_t num = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < dg->ncauses; i++) {
			const dd_root_cause_t *c = &dg->causes[i];
			if (is_delegation(c->id) != (pass == 0)) {
				continue;
			}
			if (c == rc) {
				return 0;
			}
			if (c->severity < level) {
				continue;  /* not printed: not a number to refer to */
			}
			num++;
			bool same = c->nfix == rc->nfix && c->nfix > 0;
			for (size_t k = 0; same && k < c->nfix; k++) {
				same = strcmp(c->fix[k], rc->fix[k]) == 0;
			}
			if (same) {
				return num;
			}
		}
	}
	return 0;
}

/* ": 2 causes not shown (--level error)" for @p n causes below the level. */
static void hidden_text(const out_t *o, size_t n, const char *what, char *out, size_t len)
{
	snprintf(out, len, ": %zu %s%s not shown (--level %s)", n, what, n == 1 ? "" : "s",
	         dd_severity_name(o->level));
}

static void cause_block(const out_t *o, const dd_analysis_t *an, const dd_diagnosis_t *dg,
                        const dd_root_cause_t *rc, size_t n)
{
	char zn[1024];
	dd__name_text(rc->zone, zn, sizeof(zn));
	const char *c = rc->severity == DD_SEV_ERROR ? C_RED : C_YELLOW;
	const char *outage = dd_cause_outage_text(an, rc);
	fprintf(o->f, "\n  %zu. %s%s%s%s (%s) in %s%s%s\n     %s\n", n, col(o, C_BOLD), col(o, c),
	        rc->code, col(o, C_RESET), dd_severity_name(rc->severity), zn, outage ? " — " : "",
	        outage ? outage : "", rc->title);
	for (size_t k = 0; k < rc->nfindings; k++) {
		const dd_finding_t *f = &an->findings[rc->findings[k]];
		fprintf(o->f, "     evidence: %s", f->detail);
		if (f->nservers > 0) {
			fprintf(o->f, " [servers:");
			for (size_t s = 0; s < f->nservers; s++) {
				fprintf(o->f, " %s", f->servers[s]);
			}
			fprintf(o->f, "]");
		}
		fputc('\n', o->f);
	}
	if (rc->observed[0]) {
		fprintf(o->f, "     evidence: %s\n", rc->observed);
	}
	size_t same = same_fix_before(dg, rc, o->level);
	if (same > 0) {
		fprintf(o->f, "     fix: the same steps as for %zu above\n", same);
	} else if (rc->nfix > 0) {
		fprintf(o->f, "     fix:\n");
		for (size_t k = 0; k < rc->nfix; k++) {
			fprintf(o->f, "       %zu) %s\n", k + 1, rc->fix[k]);
		}
	}
	if (rc->recovery[0]) {
		fprintf(o->f, "     recovery: %s\n", rc->recovery);
	}
	fprintf(o->f, "     validators: %s\n", rc->validator_result);
	if (rc->validators_differ[0]) {
		fprintf(o->f, "     validators differ: %s\n", rc->validators_differ);
	}
}

int dd_report_text(FILE *out, const dd_evidence_t *ev, const dd_analysis_t *an,
                   const dd_diagnosis_t *dg, const dd_views_t *views, const dd_report_opts_t *opts)
{
	out_t o = { .f = out, .color = opts != NULL && opts->color,
		    .level = opts != NULL ? opts->level : DD_SEV_NOTICE };
	fprintf(out, "%s%s%s\n", col(&o, C_BOLD), dg->headline, col(&o, C_RESET));
	if (opts != NULL && opts->quiet) {
		return ferror(out) ? DD_EIO : DD_OK;
	}
	char t[32];
	time_str(an->at, t);
	/* evidence saved before rounds were recorded has none: no "in 0 rounds" */
	unsigned rounds = dd_evidence_rounds(ev);
	char in_rounds[32] = "";
	if (rounds > 0) {
		snprintf(in_rounds, sizeof(in_rounds), " in %u round%s", rounds, rounds == 1 ? "" : "s");
	}
	fprintf(out, "%s(validated as of %s; %zu zone%s, %zu quer%s%s, %zu signature%s checked)%s\n",
	        col(&o, C_DIM), t, an->nzones, an->nzones == 1 ? "" : "s", ev->nxs,
	        ev->nxs == 1 ? "y" : "ies", in_rounds, an->verifications,
	        an->verifications == 1 ? "" : "s", col(&o, C_RESET));

	/* our verdict against libunbound's: loud when they disagree, unless the servers disagree
	 * among themselves and the resolver retried a good one */
	bool per_server = false;
	for (size_t i = 0; i < dg->ncauses; i++) {
		per_server = per_server || dg->causes[i].id == DD_CODE_SPLIT_SIGNING ||
		             dg->causes[i].id == DD_CODE_STALE_SECONDARY;
	}
	for (size_t i = 0; dd_views_compared(views, an) && i < views->n; i++) {
		const dd_view_t *v = &views->v[i];
		dd_status_t ours = dd_name_equal(v->name, an->target) ? an->target_status : an->nx_status;
		if (strcmp(v->source, "libunbound") != 0 || v->cd || !v->answered || v->status == ours) {
			continue;
		}
		char n[1024];
		dd__name_text(v->name, n, sizeof(n));
		if (per_server && ours == DD_STATUS_BOGUS && v->status == DD_STATUS_SECURE) {
			fprintf(out, "%sNote: libunbound got a valid answer for %s: it retried another "
			        "server after the bad one; validators that hit only the bad server fail, so "
			        "users see intermittent SERVFAIL%s\n", col(&o, C_YELLOW), n, col(&o, C_RESET));
		} else {
			fprintf(out, "%s%s!! DISAGREEMENT: dnssec-doctor says %s, libunbound says %s for %s "
			        "(%s): one of us is wrong%s\n", col(&o, C_BOLD), col(&o, C_RED),
			        dd_status_name(ours), dd_status_name(v->status), n, v->why, col(&o, C_RESET));
		}
	}
	views_section(&o, ev, an, views);
	chain_section(&o, an);

	/* --level: causes below it are counted, never claimed absent */
	size_t ndeleg = 0, hid_deleg = 0, hid_other = 0;
	for (size_t i = 0; i < dg->ncauses; i++) {
		bool deleg = is_delegation(dg->causes[i].id);
		ndeleg += deleg;
		if (dg->causes[i].severity < o.level) {
			*(deleg ? &hid_deleg : &hid_other) += 1;
		}
	}
	char hidden[128];
	hidden_text(&o, hid_deleg, "cause", hidden, sizeof(hidden));
	fprintf(out, "\n%sDelegation health%s%s%s\n", col(&o, C_BOLD), col(&o, C_RESET),
	        ndeleg ? "" : ": every listed server answers", hid_deleg ? hidden : "");
	size_t n = 0;
	for (size_t i = 0; i < dg->ncauses; i++) {
		if (is_delegation(dg->causes[i].id) && dg->causes[i].severity >= o.level) {
			cause_block(&o, an, dg, &dg->causes[i], ++n);
		}
	}
	size_t nother = dg->ncauses - ndeleg;
	hidden_text(&o, hid_other, "cause", hidden, sizeof(hidden));
	/* "in order" only for data that was seen: not when the name could not be judged */
	fprintf(out, "\n%sRoot causes%s%s%s\n", col(&o, C_BOLD), col(&o, C_RESET), nother ? ""
	        : an->target_status == DD_STATUS_INDETERMINATE
	        ? ": none in the DNSSEC data that could be checked (see Delegation health)"
	        : ": none, the DNSSEC data is in order", hid_other ? hidden : "");
	for (size_t i = 0; i < dg->ncauses; i++) {
		if (!is_delegation(dg->causes[i].id) && dg->causes[i].severity >= o.level) {
			cause_block(&o, an, dg, &dg->causes[i], ++n);
		}
	}
	size_t notices = 0;
	for (size_t i = 0; i < an->nfindings; i++) {
		notices += an->findings[i].severity == DD_SEV_NOTICE;
	}
	if (notices > 0 && o.level > DD_SEV_NOTICE) {
		fprintf(out, "\n%sNotices%s: %zu not shown (--level %s)\n", col(&o, C_BOLD),
		        col(&o, C_RESET), notices, dd_severity_name(o.level));
	} else if (notices > 0) {
		fprintf(out, "\n%sNotices%s\n", col(&o, C_BOLD), col(&o, C_RESET));
		char folded[512] = "";
		size_t nfolded = 0, nzones = 0, w = 0;
		for (size_t i = 0; i < an->nfindings; i++) {
			const dd_finding_t *f = &an->findings[i];
			if (f->severity != DD_SEV_NOTICE) {
				continue;
			}
			if (!edge_far(an, f)) {
				fprintf(out, "  %s: %s\n", f->code, f->detail);
				continue;
			}
			char zn[1024];
			dd__name_text(f->zone, zn, sizeof(zn));
			if (!folded_before(an, i, f) && w < sizeof(folded)) {
				nzones++;
				int r = snprintf(folded + w, sizeof(folded) - w, "%s%s", w ? ", " : "", zn);
				w += r > 0 ? (size_t)r : 0;
			}
			nfolded++;
		}
		if (nfolded > 0) {
			fprintf(out, "  RRSIG_WINDOW_EDGE: %zu more, in %s: %s above the asked zone's "
			        "parent, whose own %s (details in the JSON findings)\n", nfolded, folded,
			        nzones == 1 ? "a zone" : "zones", nzones == 1 ? "operator runs its signing"
			        : "operators run their signing");
		}
	}
	if (dg->breaks_at != 0) {
		time_str(dg->breaks_at, t);
		bool soon = dg->breaks_at - an->at < 7 * 86400;
		fprintf(out, "\n%sIf nothing changes, the chain breaks at %s, when its first signature "
		        "expires.%s\n", col(&o, soon ? C_YELLOW : C_DIM), t, col(&o, C_RESET));
	}
	return ferror(out) ? DD_EIO : DD_OK;
}

/* ---- check-zone ----------------------------------------------------------------------------- */

/* dd_zone_check_verdict() in capitals ("UNSIGNED"), into @p out (16 octets). */
static void zone_verdict_upper(const dd_zone_check_t *res, char out[16])
{
	const char *v = dd_zone_check_verdict(res);
	size_t i = 0;
	for (; v[i] != '\0' && i < 15; i++) {
		out[i] = (char)(v[i] >= 'a' && v[i] <= 'z' ? v[i] - 'a' + 'A' : v[i]);
	}
	out[i] = '\0';
}

int dd_report_zone_text(FILE *out, const dd_zone_check_t *res, const dd_report_opts_t *opts)
{
	out_t o = { .f = out, .color = opts && opts->color };
	char zn[1024], t[32], tb[24];
	dd__name_text(res->origin, zn, sizeof(zn));
	int ex = dd_zone_check_exit(res);
	size_t nerr, nwarn, nnote;
	dd__zone_totals(res, &nerr, &nwarn, &nnote);
	const char *vc = ex == 2 ? C_RED : (ex == 1 ? C_YELLOW : C_GREEN);
	char verdict[16];
	zone_verdict_upper(res, verdict);
	/* an unsigned zone: no "VALID" for a zone with nothing to validate */
	fprintf(out, "%s%s%s%s %s: %s%zu error(s), %zu warning(s), %zu notice(s)\n", col(&o, C_BOLD),
	        col(&o, vc), verdict, col(&o, C_RESET), zn,
	        res->signed_zone ? "" : ex == 0 ? "no DNSKEY RRset at the apex, "
	                                        : "unsigned (no DNSKEY RRset at the apex), ",
	        nerr, nwarn, nnote);
	time_str(res->at, t);
	fprintf(out, "\nZone %s, checked as of %s\n", zn, t);
	fprintf(out, "  %zu records, %zu names, %zu RRsets, %zu signatures (%zu verifications on "
	        "%u threads), %zu secure and %zu insecure delegations\n", res->records, res->names,
	        res->rrsets, res->signatures, res->verifications, res->threads,
	        res->delegations_secure, res->delegations_insecure);
	if (!res->signed_zone) {
		fprintf(out, "  not signed: no DNSKEY RRset at the apex\n");
	}
	for (size_t i = 0; i < res->nkeys; i++) {
		const dd_zone_key_t *k = &res->keys[i];
		const char *role = (k->flags & 0x0001) ? "KSK" : "ZSK";
		fprintf(out, "  DNSKEY %5u %s flags %u algorithm %u (%s) %u bits%s%s%s%s, %zu "
		        "signatures\n", k->key_tag, role, k->flags, k->algorithm,
		        dd_alg_name(k->algorithm), k->bits, (k->flags & 0x0080) ? ", revoked" : "",
		        !k->valid ? ", MALFORMED" : (!k->supported ? ", unsupported" : ""),
		        k->signs_dnskey ? ", signs the DNSKEY RRset" : "",
		        k->ds_matched ? ", matches a given DS" : "", k->signatures);
	}
	if (res->denial == DD_ZONE_DENIAL_NSEC3) {
		fprintf(out, "  denial: NSEC3 hash %u, %u iterations, salt %s%s\n", res->nsec3_algorithm,
		        res->nsec3_iterations, res->nsec3_salt, res->nsec3_optout ? ", opt-out" : "");
	} else if (res->denial == DD_ZONE_DENIAL_NSEC) {
		fprintf(out, "  denial: NSEC\n");
	}
	char zmd[512];
	if (dd__zone_zonemd_text(res, zmd, sizeof(zmd))) {
		fprintf(out, "  ZONEMD: %s\n", zmd);
	}
	if (res->earliest_expiration != 0) {
		time_str(res->earliest_expiration, t);
		dd__name_text(res->earliest_owner, zn, sizeof(zn));
		dd_type_to_str(res->earliest_type, tb, sizeof(tb));
		int64_t left = res->earliest_expiration - res->at;
		bool soon = left < res->expire_warn;
		fprintf(out, "\n%sExpiry horizon%s: the first RRset to lose its last valid signature is "
		        "%s %s, at %s (in %lld days %lld hours)%s\n", col(&o, C_BOLD), col(&o, C_RESET), zn,
		        tb, t, (long long)(left / 86400), (long long)(left % 86400 / 3600),
		        soon ? ": RE-SIGN BEFORE THEN" : "");
		for (size_t i = 0; i < res->nexpiry; i++) {
			const dd_zone_expiry_t *e = &res->expiry[i];
			time_str(e->expiration, t);
			dd_type_to_str(e->type, tb, sizeof(tb));
			dd__name_text(e->owner, zn, sizeof(zn));
			fprintf(out, "  %-10s %7zu RRsets, earliest %s (%s)\n", tb, e->rrsets, t, zn);
		}
	}
	dd_severity_t level = opts != NULL ? opts->level : DD_SEV_NOTICE;
	size_t hid = dd__zone_hidden(res, level);
	if (res->nfindings > 0) {
		char h[96] = "";
		if (hid > 0) {
			snprintf(h, sizeof(h), ": %zu below %s not shown (--level %s)", hid,
			         dd_severity_name(level), dd_severity_name(level));
		}
		fprintf(out, "\n%sFindings%s%s\n", col(&o, C_BOLD), col(&o, C_RESET), h);
	}
	for (size_t i = 0; i < res->nfindings; i++) {
		const dd_finding_t *f = &res->findings[i];
		if (f->severity < level) {
			continue;
		}
		const char *c = f->severity == DD_SEV_ERROR ? C_RED :
		                (f->severity == DD_SEV_WARNING ? C_YELLOW : C_DIM);
		fprintf(out, "  %s%-7s%s %s: %s\n", col(&o, c), dd_severity_name(f->severity),
		        col(&o, C_RESET), f->code, f->detail);
	}
	bool more = false;
	for (size_t i = 0; i < res->ncounts; i++) {
		if (res->counts[i].severity < level) {
			continue;  /* said above: below --level */
		}
		size_t more_here = dd__zone_not_kept(res, i);
		if (more_here > 0) {
			if (!more) {
				fprintf(out, "\n%sNot shown%s\n", col(&o, C_BOLD), col(&o, C_RESET));
				more = true;
			}
			fprintf(out, "  %s: %zu more (%zu in all)\n", res->counts[i].code, more_here,
			        res->counts[i].count);
		}
	}
	return ferror(out) ? DD_EIO : DD_OK;
}

static void answer_text(const dd_resolver_answer_t *a, char *out, size_t len)
{
	if (!a->asked) {
		snprintf(out, len, "-");
		return;
	}
	if (!a->answered) {
		snprintf(out, len, "no answer (%s)", a->error);
		return;
	}
	char rc[16];
	int n = snprintf(out, len, "%s%s", dd_rcode_name((uint16_t)a->rcode, rc), a->ad ? " AD" : "");
	if (n > 0 && (size_t)n < len && a->ede >= 0) {
		n += snprintf(out + n, len - (size_t)n, " EDE %d", a->ede);
	}
	if (n > 0 && (size_t)n < len && a->rrsigs > 0) {
		snprintf(out + n, len - (size_t)n, ", %zu RRSIG", a->rrsigs);
	}
}

static void support_rows(const out_t *o, const dd_support_t *row, size_t n, bool alg)
{
	for (size_t i = 0; i < n; i++) {
		const dd_support_t *c = &row[i];
		const char *mn = alg ? dd_alg_name(c->number) : dd_digest_name(c->number);
		dd_rfc8624_t req = alg ? dd_alg_validation_req(c->number) : dd_digest_validation_req(c->number);
		fprintf(o->f, "  %3u %-18s %-16s ", c->number, mn ? mn : "?", dd_rfc8624_name(req));
		if (!c->probed) {
			fprintf(o->f, "%snot probed%s\n", col(o, C_DIM), col(o, C_RESET));
			continue;
		}
		const char *what = c->status == DD_STATUS_SECURE ? "validates"
		                   : c->status == DD_STATUS_INSECURE ? "insecure"
		                   : c->status == DD_STATUS_BOGUS ? "fails (SERVFAIL)" : "no answer";
		fprintf(o->f, "%s%-17s%s %s\n", col(o, status_color(c->status)), what, col(o, C_RESET), c->via);
	}
}

int dd_report_resolver_text(FILE *out, const dd_resolver_check_t *chk, const dd_report_opts_t *opts)
{
	static const char *kinds[] = { "secure", "bogus", "algorithm", "digest" };
	out_t o = { .f = out, .color = opts != NULL && opts->color };
	const char *vc = chk->verdict == DD_RESOLVER_VALIDATING ? C_GREEN : C_RED;
	fprintf(out, "%s%s%s is %s%s: %s\n", col(&o, C_BOLD), col(&o, vc), chk->address,
	        dd_resolver_verdict_name(chk->verdict), col(&o, C_RESET), chk->reason);
	fprintf(out, "\n%sProbes%s (RD and DO set; the second answer with CD)\n", col(&o, C_BOLD),
	        col(&o, C_RESET));
	for (size_t i = 0; i < chk->nprobes; i++) {
		const dd_resolver_probe_t *p = &chk->probes[i];
		char kind[24], name[1024], type[24], a1[96], a2[96];
		if (p->probe.number) {
			snprintf(kind, sizeof(kind), "%s %u", kinds[p->probe.kind], p->probe.number);
		} else {
			snprintf(kind, sizeof(kind), "%s", kinds[p->probe.kind]);
		}
		dd__name_text(p->probe.name, name, sizeof(name));
		if (dd_type_to_str(p->probe.qtype, type, sizeof(type)) != DD_OK) {
			snprintf(type, sizeof(type), "TYPE%u", p->probe.qtype);
		}
		answer_text(&p->plain, a1, sizeof(a1));
		answer_text(&p->cd, a2, sizeof(a2));
		fprintf(out, "  %-13s %s %s\n      %-34s with CD: %-26s ", kind, name, type, a1, a2);
		status_word(&o, p->status);
		const char *mark = !p->usable ? "unusable" : p->expected ? "as expected" : "UNEXPECTED";
		fprintf(out, "%s%s%s\n", col(&o, p->usable && !p->expected ? C_RED : C_DIM), mark,
		        col(&o, C_RESET));
		if (p->note[0]) {
			fprintf(out, "      %s\n", p->note);
		}
	}
	fprintf(out, "\n%sAlgorithm support%s (RFC 8624 3.1: what validators must implement)\n",
	        col(&o, C_BOLD), col(&o, C_RESET));
	support_rows(&o, chk->algorithms, DD_MATRIX_NALGORITHMS, true);
	fprintf(out, "\n%sDS digest support%s (RFC 8624 3.3)\n", col(&o, C_BOLD), col(&o, C_RESET));
	support_rows(&o, chk->digests, DD_MATRIX_NDIGESTS, false);
	if (chk->nfindings > 0) {
		fprintf(out, "\n%sFindings%s\n", col(&o, C_BOLD), col(&o, C_RESET));
		for (size_t i = 0; i < chk->nfindings; i++) {
			const dd_finding_t *f = &chk->findings[i];
			fprintf(out, "  %s%s%s (%s): %s\n", col(&o, f->severity == DD_SEV_ERROR ? C_RED : C_YELLOW),
			        f->code, col(&o, C_RESET), dd_severity_name(f->severity), f->detail);
		}
	}
	fprintf(out, "\n%zu names asked in %.1f s.\n", chk->nprobes, (double)chk->duration_ms / 1000.0);
	return ferror(out) ? DD_EIO : DD_OK;
}
