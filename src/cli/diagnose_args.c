/* SPDX-License-Identifier: MIT
 * diagnose_args.c - the question and its servers as "dnssec-doctor diagnose" takes them: the
 * positionals in dig's and delv's order (NAME, TYPE, class IN, @SERVER), the servers of
 * --server, -x and @SERVER resolved into the probe's servers, and the DS records of --ds
 * (pre-delegation testing). Each error is one line on stderr. */

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <dd/dd.h>

#include "addr.h"
#include "cli.h"
#include "diagnose_args.h"
#include "util.h"

#define CMD "diagnose"

/* The DS records of --ds (pre-delegation testing, as Zonemaster's undelegated test): each a
 * whole record, a file, or the registrar's form "12345 13 2 ABCD..." for the one zone the
 * servers given serve; each for a zone above or at the name, below the trust anchor.
 * @return 0, or -1 with one line on stderr. */
int cli_diag_given_ds(const char *const *args, size_t nargs, const dd_probe_server_t *servers,
                      size_t nservers, const uint8_t *target, cli_ds_list_t *out)
{
	char origin[1024] = "";
	for (size_t i = 0; i < nservers; i++) {
		char zn[1024];
		dd_name_to_str(servers[i].zone, zn, sizeof(zn));
		if (i > 0 && strcmp(zn, origin) != 0) {
			origin[0] = '\0';
			break;
		}
		snprintf(origin, sizeof(origin), "%s", zn);
	}
	for (size_t i = 0; i < nargs; i++) {
		struct stat st;
		if (args[i][0] >= '0' && args[i][0] <= '9' && origin[0] == '\0' &&
		    stat(args[i], &st) != 0) {
			cli_error(CMD, "--ds '%s' is a bare DS (the registrar's form): give a whole record "
			          "(ZONE IN DS ...), or the zone's servers with --server ZONE=SERVER",
			          args[i]);
			return -1;
		}
		if (cli_ds_load(CMD, args[i], origin[0] ? origin : NULL, out) != 0) {
			return -1;
		}
	}
	for (size_t i = 0; i < out->n; i++) {
		char zn[1024], tn[1024];
		dd_name_to_str(out->rr[i].owner, zn, sizeof(zn));
		dd_name_to_str(target, tn, sizeof(tn));
		if (!dd_name_in_zone(target, out->rr[i].owner)) {
			cli_error(CMD, "--ds for %s: not a zone at or above %s", zn, tn);
			return -1;
		}
		if (dd_name_labels(out->rr[i].owner) == 0) {
			cli_error(CMD, "--ds for the root: the trust anchor is given with --anchor");
			return -1;
		}
	}
	return 0;
}

/* Resolve the server arguments into the probe's servers; an @SERVER is asked which zone it
 * serves the target from (one SOA query), and is a server of that zone.
 * @return 0, or -1 after the error. */
int cli_diag_add_servers(const cli_server_arg_t *sa, size_t nsa, const uint8_t *target,
                         int family, unsigned timeout_ms, dd_probe_server_t *servers,
                         size_t *nservers)
{
	for (size_t i = 0; i < nsa; i++) {
		cli_servers_t l = { .n = 0 };
		char err[512];
		if (cli_parse_servers(sa[i].list, family, &l, err, sizeof(err)) != 0) {
			cli_error(CMD, "bad %s '%s': %s", sa[i].at ? "server" : "--server", sa[i].text, err);
			return -1;
		}
		for (size_t k = 0; k < l.n; k++) {
			if (*nservers == CLI_DIAG_MAX_LIST) {
				cli_error(CMD, "more than %d servers given", CLI_DIAG_MAX_LIST);
				return -1;
			}
			dd_probe_server_t *s = &servers[*nservers];
			memset(s, 0, sizeof(*s));
			if (sa[i].at) {
				char why[256], tn[1024];
				int r = dd_probe_zone_at(l.addr[k], target, timeout_ms, s->zone, why,
				                         sizeof(why));
				if (r != DD_OK) {
					dd_name_to_str(target, tn, sizeof(tn));
					cli_error(CMD, "%s: %s does not serve %s: %s (give its zone with "
					          "--server ZONE=SERVER)", sa[i].text, l.addr[k], tn,
					          r == DD_EINVAL ? dd_strerror(r) : why);
					return -1;
				}
			} else {
				memcpy(s->zone, sa[i].zone, dd_name_len(sa[i].zone));
			}
			(*nservers)++;
			if (l.name[k][0] == '\0' || dd_name_from_str(l.name[k], s->ns_name) < 0) {
				s->ns_name[0] = 0;
			}
			snprintf(s->addr, sizeof(s->addr), "%s", l.addr[k]);
		}
	}
	return 0;
}

/* dig's classes: IN is the only one DNSSEC chains of the public DNS live in. */
static bool is_class(const char *t)
{
	static const char *const CLASSES[] = { "IN", "CH", "CHAOS", "HS", "HESIOD", "NONE" };
	for (size_t i = 0; i < sizeof(CLASSES) / sizeof(CLASSES[0]); i++) {
		if (strcasecmp(t, CLASSES[i]) == 0) {
			return true;
		}
	}
	return strncasecmp(t, "CLASS", 5) == 0 && t[5] >= '0' && t[5] <= '9';
}

int cli_diag_check_class(const char *t)
{
	if (strcasecmp(t, "IN") != 0 && strcasecmp(t, "CLASS1") != 0) {
		cli_error(CMD, "class '%s': DNSSEC is checked in class IN only", t);
		return -1;
	}
	return 0;
}

/* The question as dig and delv take it: -q NAME, -t TYPE, -c CLASS and the positionals in
 * any order (NAME, TYPE, CLASS IN, @SERVER). A word that is a class or (before the type is
 * known) a type is taken as one, as dig does; the first other word is the name.
 * @return 0 (@p name NULL if none was given), or -1 after the error. */
int cli_diag_positionals(int argc, char **argv, cli_question_t *q, cli_server_arg_t *sa,
                         size_t *nsa)
{
	for (int i = optind; i < argc; i++) {
		const char *w = argv[i];
		if (w[0] == '@') {
			if (w[1] == '\0' || *nsa == CLI_DIAG_MAX_LIST) {
				cli_error(CMD, "bad server '%s' (@ADDRESS, @ADDRESS#PORT, @[IPv6]:PORT, @NAME)",
				          w);
				return -1;
			}
			sa[(*nsa)++] = (cli_server_arg_t){ .text = w, .list = w + 1, .at = true };
		} else if (is_class(w)) {
			if (cli_diag_check_class(w) != 0) {
				return -1;
			}
			q->cls = w;
		} else if (q->type == NULL && dd_type_from_str(w) >= 0 &&
		           (q->name != NULL || strchr(w, '.') == NULL)) {
			q->type = w;
		} else if (q->name == NULL) {
			q->name = w;
		} else if (q->type == NULL) {
			cli_error(CMD, "unknown record type '%s'", w);
			return -1;
		} else {
			cli_error(CMD, "unexpected argument '%s' after NAME '%s' and TYPE '%s' (at most "
			          "NAME [TYPE] [IN], and @SERVER)", w, q->name, q->type);
			return -1;
		}
	}
	return 0;
}
