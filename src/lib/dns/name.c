/* SPDX-License-Identifier: MIT
 * name.c - wire-format domain names: checks, text conversion, labels, canonical order
 * (RFC 1035 3.1, RFC 4034 6.1), on top of libknot's dname routines. */

#include <stdio.h>
#include <string.h>

#include <libknot/dname.h>
#include <libknot/errcode.h>

#include "dd/error.h"
#include "dd/name.h"
#include "name_text.h"

int dd_name_check(const uint8_t *name, size_t len)
{
	if (name == NULL || len == 0) {
		return DD_EMALFORMED;
	}
	int r = knot_dname_wire_check(name, name + len, NULL);
	return r > 0 ? r : DD_EMALFORMED;
}

int dd_name_from_str(const char *text, uint8_t out[DD_NAME_MAXLEN])
{
	if (text == NULL || *text == '\0') {
		return DD_EPARSE;
	}
	uint8_t buf[DD_NAME_MAXLEN];
	if (knot_dname_from_str(buf, text, sizeof(buf)) == NULL) {
		return DD_EPARSE;
	}
	size_t len = knot_dname_size(buf);
	memcpy(out, buf, len);
	return (int)len;
}

int dd_name_to_str(const uint8_t *name, char *out, size_t outlen)
{
	if (name == NULL || out == NULL || outlen == 0) {
		return DD_EINVAL;
	}
	if (knot_dname_to_str(out, name, outlen) == NULL) {
		return dd_name_check(name, DD_NAME_MAXLEN) < 0 ? DD_EMALFORMED : DD_ERANGE;
	}
	return DD_OK;
}

size_t dd_name_len(const uint8_t *name)
{
	return knot_dname_size(name);
}

unsigned dd_name_labels(const uint8_t *name)
{
	return (unsigned)knot_dname_labels(name, NULL);
}

unsigned dd_name_rrsig_labels(const uint8_t *name)
{
	unsigned n = dd_name_labels(name);
	return dd_name_is_wildcard(name) ? n - 1 : n;
}

bool dd_name_is_wildcard(const uint8_t *name)
{
	return knot_dname_is_wildcard(name);
}

bool dd_name_equal(const uint8_t *a, const uint8_t *b)
{
	return knot_dname_is_case_equal(a, b);
}

size_t dd_name_to_lower(uint8_t out[DD_NAME_MAXLEN], const uint8_t *name)
{
	knot_dname_copy_lower(out, name);
	return knot_dname_size(out);
}

bool dd_name_in_zone(const uint8_t *name, const uint8_t *zone)
{
	uint8_t n[DD_NAME_MAXLEN], z[DD_NAME_MAXLEN];
	dd_name_to_lower(n, name);
	dd_name_to_lower(z, zone);
	return knot_dname_in_bailiwick(n, z) >= 0;
}

int dd_name_canon_cmp(const uint8_t *a, const uint8_t *b)
{
	/* knot_dname_cmp() orders labels right to left but is case-sensitive: compare the
	 * lowercase forms, which is exactly RFC 4034 6.1. */
	uint8_t la[DD_NAME_MAXLEN], lb[DD_NAME_MAXLEN];
	dd_name_to_lower(la, a);
	dd_name_to_lower(lb, b);
	return knot_dname_cmp(la, lb);
}

const uint8_t *dd_name_suffix(const uint8_t *name, unsigned labels)
{
	unsigned total = dd_name_labels(name);
	while (total > labels && *name != 0) {
		name += *name + 1;
		total--;
	}
	return name;
}

void dd__name_text(const uint8_t *name, char *out, size_t len)
{
	if (dd_name_to_str(name, out, len) != DD_OK) {
		snprintf(out, len, "<bad name>");
	}
}
