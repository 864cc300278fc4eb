/* SPDX-License-Identifier: MIT
 * nsec3hash.c - "dnssec-doctor nsec3hash": the NSEC3 hash of a name (RFC 5155 5), with output
 * identical to BIND's nsec3hash in both of its forms. */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>

#include "cli.h"

#define CMD "nsec3hash"

void cmd_nsec3hash_help(FILE *out)
{
	fprintf(out,
	        "Usage: dnssec-doctor nsec3hash SALT ALGORITHM ITERATIONS NAME\n"
	        "       dnssec-doctor nsec3hash -r ALGORITHM FLAGS ITERATIONS SALT NAME\n"
	        "\n"
	        "Print the NSEC3 hash of NAME (RFC 5155 section 5) as BIND's nsec3hash does.\n"
	        "SALT is hex, or '-' for none. ALGORITHM 1 is SHA-1, the only one defined.\n"
	        "The -r form takes the fields in NSEC3PARAM order and prints an NSEC3-like line.\n"
	        "\n"
	        "Options:\n"
	        "  -r, --rdata   take NSEC3PARAM-order arguments (see above)\n"
	        "  -h, --help    show this help\n"
	        "\n"
	        "Exit codes: 0 hash printed, 3 bad arguments.\n");
}

/* A decimal number in [0, max] filling the whole string. */
static int parse_uint(const char *text, long max, long *out)
{
	char *end = NULL;
	if (text[0] < '0' || text[0] > '9') {
		return -1;
	}
	long v = strtol(text, &end, 10);
	if (*end != '\0' || v < 0 || v > max) {
		return -1;
	}
	*out = v;
	return 0;
}

int cmd_nsec3hash(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rdata", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool rdata_form = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:rh", opts, NULL)) != -1) {
		switch (c) {
		case 'r': rdata_form = true; break;
		case 'h': cmd_nsec3hash_help(stdout); return DD_EXIT_OK;
		default:
			return cli_bad_option(CMD, argv, c);
		}
	}
	int nargs = argc - optind;
	char **a = argv + optind;
	if (nargs != (rdata_form ? 5 : 4)) {
		cli_error(CMD, "expected %d arguments, got %d (see 'dnssec-doctor nsec3hash --help')",
		          rdata_form ? 5 : 4, nargs);
		return DD_EXIT_FAIL;
	}
	const char *salt_s, *alg_s, *iter_s, *name_s, *flags_s = NULL;
	if (rdata_form) {
		alg_s = a[0];
		flags_s = a[1];
		iter_s = a[2];
		salt_s = a[3];
		name_s = a[4];
	} else {
		salt_s = a[0];
		alg_s = a[1];
		iter_s = a[2];
		name_s = a[3];
	}
	long alg, iterations, flags = 0;
	if (parse_uint(alg_s, 255, &alg) != 0) {
		cli_error(CMD, "bad hash algorithm '%s' (0-255)", alg_s);
		return DD_EXIT_FAIL;
	}
	if (flags_s != NULL && parse_uint(flags_s, 255, &flags) != 0) {
		cli_error(CMD, "bad flags '%s' (0-255)", flags_s);
		return DD_EXIT_FAIL;
	}
	if (parse_uint(iter_s, 65535, &iterations) != 0) {
		cli_error(CMD, "bad iterations '%s' (0-65535)", iter_s);
		return DD_EXIT_FAIL;
	}
	uint8_t salt[255];
	int salt_len = 0;
	if (strcmp(salt_s, "-") != 0) {
		salt_len = dd_hex_decode(salt_s, salt, sizeof(salt));
		if (salt_len < 0) {
			cli_error(CMD, "bad salt '%s': %s", salt_s,
			          salt_len == DD_ERANGE ? "longer than 255 octets" : "not hex");
			return DD_EXIT_FAIL;
		}
	}
	uint8_t name[DD_NAME_MAXLEN];
	if (dd_name_from_str(name_s, name) < 0) {
		cli_error(CMD, "bad domain name '%s'", name_s);
		return DD_EXIT_FAIL;
	}
	uint8_t hash[DD_NSEC3_HASH_LEN];
	int r = dd_nsec3_hash(name, (uint8_t)alg, (uint16_t)iterations, salt, (size_t)salt_len,
	                      hash);
	if (r != DD_OK) {
		cli_error(CMD, "hash algorithm %ld: %s", alg,
		          r == DD_EUNSUPPORTED ? "unsupported (only 1, SHA-1, is defined)"
		                               : dd_strerror(r));
		return DD_EXIT_FAIL;
	}
	char b32[DD_BASE32HEX_SIZE(DD_NSEC3_HASH_LEN)];
	dd_base32hex_encode(hash, sizeof(hash), b32, true);
	if (rdata_form) {
		printf("%s NSEC3 %ld %ld %ld %s %s\n", name_s, alg, flags, iterations, salt_s, b32);
	} else {
		printf("%s (salt=%s, hash=%ld, iterations=%ld)\n", b32, salt_s, alg, iterations);
	}
	return DD_EXIT_OK;
}
