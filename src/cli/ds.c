/* SPDX-License-Identifier: MIT
 * ds.c - "dnssec-doctor ds": DS (or CDS) records from DNSKEY records in a key file, a zone file
 * or stdin, byte-identical to BIND's dnssec-dsfromkey; the registrar one-liner; key details. */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>

#include "cli.h"

#define CMD "ds"
#define MAX_DIGESTS 8

typedef struct key_rec {
	uint8_t owner[DD_NAME_MAXLEN];
	uint8_t *rdata;
	uint16_t len;
	uint32_t ttl;
	size_t owner_order;  /* first appearance of the owner, to keep owners in file order */
} key_rec_t;

typedef struct collect {
	key_rec_t *keys;
	size_t count, cap;
	size_t owners;
} collect_t;

static int collect_dnskey(const dd_rr_t *rr, void *ctx)
{
	collect_t *c = ctx;
	if (rr->type != DD_TYPE_DNSKEY) {
		return 0;
	}
	if (c->count == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 16;
		key_rec_t *nk = realloc(c->keys, ncap * sizeof(*nk));
		if (nk == NULL) {
			return DD_ENOMEM;
		}
		c->keys = nk;
		c->cap = ncap;
	}
	key_rec_t *k = &c->keys[c->count];
	dd_name_to_lower(k->owner, rr->owner);
	k->rdata = malloc(rr->rdata.len ? rr->rdata.len : 1);
	if (k->rdata == NULL) {
		return DD_ENOMEM;
	}
	memcpy(k->rdata, rr->rdata.data, rr->rdata.len);
	k->len = rr->rdata.len;
	k->ttl = rr->ttl;
	k->owner_order = c->owners;
	for (size_t i = 0; i < c->count; i++) {
		if (dd_name_equal(c->keys[i].owner, k->owner)) {
			k->owner_order = c->keys[i].owner_order;
			break;
		}
	}
	if (k->owner_order == c->owners) {
		c->owners++;
	}
	c->count++;
	return 0;
}

/* Owners in file order; within an owner, canonical RDATA order (RFC 4034 6.3), as BIND
 * loads an RRset. */
static int key_cmp(const void *a, const void *b)
{
	const key_rec_t *x = a, *y = b;
	if (x->owner_order != y->owner_order) {
		return x->owner_order < y->owner_order ? -1 : 1;
	}
	size_t common = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->rdata, y->rdata, common);
	if (c == 0 && x->len != y->len) {
		c = x->len < y->len ? -1 : 1;
	}
	return c;
}

static void flags_text(uint16_t flags, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", (flags & DD_DNSKEY_FLAG_ZONE) ? " ZONE" : "",
	         (flags & DD_DNSKEY_FLAG_SEP) ? " SEP" : "",
	         (flags & DD_DNSKEY_FLAG_REVOKE) ? " REVOKE" : "");
}

static void print_details(const key_rec_t *k, const char *owner)
{
	dd_dnskey_t dk;
	if (dd_dnskey_parse(k->rdata, k->len, &dk) != DD_OK) {
		printf("; %s DNSKEY: malformed RDATA (%u octets)\n", owner, k->len);
		return;
	}
	const char *alg = dd_alg_name(dk.algorithm);
	char flags[32];
	flags_text(dk.flags, flags, sizeof(flags));
	dd_key_t *key = NULL;
	int r = dd_key_new(k->owner, k->rdata, k->len, &key);
	char size[48] = "size unknown";
	if (r != DD_OK) {
		snprintf(size, sizeof(size), "key material %s", dd_strerror(r));
	} else if (dd_key_bits(key) > 0) {
		snprintf(size, sizeof(size), "%u bits", dd_key_bits(key));
	}
	printf("; %s key tag %u, algorithm %u (%s%s), %s, flags %u (%s), protocol %u\n", owner,
	       dd_keytag(k->rdata, k->len), dk.algorithm, alg ? alg : "unassigned",
	       key != NULL && !dd_key_supported(key) ? ", not supported for validation" : "",
	       size, dk.flags, flags[0] ? flags + 1 : "no flags", dk.protocol);
	dd_key_free(key);
}

void cmd_ds_help(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor ds [options] [FILE|-]\n"
	        "\n"
	        "Print DS records for the DNSKEY records in FILE (a BIND .key file, a zone file, or\n"
	        "'-' for standard input, the default). Output is byte-identical to BIND's\n"
	        "dnssec-dsfromkey. Only keys with the SEP flag (KSKs) are used unless --all.\n"
	        "\n"
	        "Options:\n"
	        "  -a, --digest TYPE  digest type: 1 (SHA-1), 2 (SHA-256, default), 4 (SHA-384);\n"
	        "                     repeat for several\n"
	        "  -A, --all          include keys without the SEP flag (ZSKs)\n"
	        "  -o, --origin NAME  origin for relative names in FILE (default: the root)\n"
	        "  -T, --ttl SECONDS  print this TTL in each record\n"
	        "  -C, --cds          print CDS records instead of DS\n"
	        "  -r, --registrar    print the registrar form: key tag, algorithm, digest type,\n"
	        "                     digest\n"
	        "  -v, --verbose      add a comment per key: key tag, algorithm, size, flags\n"
	        "  -h, --help         show this help\n"
	        "\n"
	        "Exit codes: 0 records printed, 3 no usable key or bad input.\n");
}

int cmd_ds(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "digest", required_argument, NULL, 'a' },
		{ "all", no_argument, NULL, 'A' },
		{ "origin", required_argument, NULL, 'o' },
		{ "ttl", required_argument, NULL, 'T' },
		{ "cds", no_argument, NULL, 'C' },
		{ "registrar", no_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool want[256] = { false };
	bool any_digest = false, all = false, cds = false, registrar = false, verbose = false;
	const char *origin = NULL;
	long ttl = -1;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":a:Ao:T:Crvh", opts, NULL)) != -1) {
		switch (c) {
		case 'a': {
			int d = dd_digest_from_str(optarg);
			if (d < 0) {
				cli_error(CMD, "unknown digest type '%s' (use 1, 2 or 4)", optarg);
				return DD_EXIT_FAIL;
			}
			if (!dd_digest_supported((uint8_t)d)) {
				const char *n = dd_digest_name((uint8_t)d);
				cli_error(CMD, "digest type %d (%s) is not supported", d,
				          n ? n : "unassigned");
				return DD_EXIT_FAIL;
			}
			want[d] = true;
			any_digest = true;
			break;
		}
		case 'A': all = true; break;
		case 'o': origin = optarg; break;
		case 'T': {
			char *end = NULL;
			ttl = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || ttl < 0 || ttl > 2147483647L) {
				cli_error(CMD, "bad TTL '%s' (seconds, 0-2147483647)", optarg);
				return DD_EXIT_FAIL;
			}
			break;
		}
		case 'C': cds = true; break;
		case 'r': registrar = true; break;
		case 'v': verbose = true; break;
		case 'h': cmd_ds_help(stdout); return DD_EXIT_OK;
		default:
			return cli_bad_option(CMD, argv, c);
		}
	}
	if (argc - optind > 1) {
		cli_error(CMD, "expected one FILE, got %d arguments", argc - optind);
		return DD_EXIT_FAIL;
	}
	const char *file = optind < argc ? argv[optind] : "-";
	if (!any_digest) {
		want[DD_DIGEST_SHA256] = true;
	}
	if (origin != NULL) {
		uint8_t tmp[DD_NAME_MAXLEN];
		if (dd_name_from_str(origin, tmp) < 0) {
			cli_error(CMD, "bad origin '%s'", origin);
			return DD_EXIT_FAIL;
		}
	}

	collect_t col = { 0 };
	dd_zonefile_error_t zerr = { 0 };
	int ret = dd_zonefile_parse_file(file, origin, 3600, collect_dnskey, &col, &zerr);
	int exit_code = DD_EXIT_OK;
	if (ret != DD_OK) {
		if (ret == DD_EPARSE || ret == DD_EIO) {
			char msg[800];
			dd_zonefile_error_str(&zerr, msg, sizeof(msg));
			cli_error(CMD, "%s", msg);
		} else {
			cli_error(CMD, "%s: %s", file, dd_strerror(ret));
		}
		exit_code = DD_EXIT_FAIL;
		goto out;
	}
	if (col.count == 0) {
		cli_error(CMD, "%s: no DNSKEY records", file);
		exit_code = DD_EXIT_FAIL;
		goto out;
	}
	qsort(col.keys, col.count, sizeof(*col.keys), key_cmp);

	size_t printed = 0, skipped = 0;
	for (size_t i = 0; i < col.count; i++) {
		const key_rec_t *k = &col.keys[i];
		if (i > 0 && key_cmp(&col.keys[i - 1], k) == 0) {
			continue;  /* duplicate record */
		}
		dd_dnskey_t dk;
		if (dd_dnskey_parse(k->rdata, k->len, &dk) != DD_OK) {
			skipped++;
			continue;
		}
		if (!all && !(dk.flags & DD_DNSKEY_FLAG_SEP)) {
			skipped++;
			continue;
		}
		char owner[1024];
		if (dd_name_to_str(k->owner, owner, sizeof(owner)) != DD_OK) {
			skipped++;
			continue;
		}
		if (verbose) {
			print_details(k, owner);
		}
		uint16_t tag = dd_keytag(k->rdata, k->len);
		for (int d = 0; d < 256; d++) {
			if (!want[d]) {
				continue;
			}
			uint8_t digest[DD_DIGEST_MAXLEN];
			size_t dlen = 0;
			ret = dd_ds_digest(k->owner, k->rdata, k->len, (uint8_t)d, digest, &dlen);
			if (ret != DD_OK) {
				cli_error(CMD, "%s: digest type %d: %s", owner, d, dd_strerror(ret));
				exit_code = DD_EXIT_FAIL;
				goto out;
			}
			char hex[DD_HEX_SIZE(DD_DIGEST_MAXLEN)];
			dd_hex_encode(digest, dlen, hex, true);
			if (registrar) {
				printf("%u %u %d %s\n", tag, dk.algorithm, d, hex);
			} else if (ttl >= 0) {
				printf("%s %ld IN %s %u %u %d %s\n", owner, ttl, cds ? "CDS" : "DS", tag,
				       dk.algorithm, d, hex);
			} else {
				printf("%s IN %s %u %u %d %s\n", owner, cds ? "CDS" : "DS", tag,
				       dk.algorithm, d, hex);
			}
			printed++;
		}
	}
	if (printed == 0) {
		cli_error(CMD, "%s: none of the %zu DNSKEY records has the SEP flag (a KSK); "
		               "--all includes the others", file, skipped);
		exit_code = DD_EXIT_FAIL;
	}
out:
	for (size_t i = 0; i < col.count; i++) {
		free(col.keys[i].rdata);
	}
	free(col.keys);
	return exit_code;
}
