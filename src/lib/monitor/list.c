/* SPDX-License-Identifier: MIT
 * list.c - the monitor's zone list (one zone per line with NAME/TYPE items to watch too) and
 * its shards (SHA-256 of the zone name, modulo the shard count). */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/sha256.h"

#include "dd/error.h"
#include "dd/monitor.h"
#include "dd/name.h"
#include "dd/text.h"

#define MAX_LINE 4096
#define MAX_EXTRA 64

static dd_mon_zone_t *find_or_add(dd_mon_list_t *l, const uint8_t *name)
{
	/* linear: 10,000 zones cost about 50 M length-octet comparisons, a fraction of a second */
	for (size_t i = l->n; i > 0; i--) {
		if (dd_name_equal(l->zones[i - 1].name, name)) {
			return &l->zones[i - 1];
		}
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		dd_mon_zone_t *z = realloc(l->zones, cap * sizeof(*z));
		if (z == NULL) {
			return NULL;
		}
		l->zones = z;
		l->cap = cap;
	}
	dd_mon_zone_t *z = &l->zones[l->n++];
	memset(z, 0, sizeof(*z));
	dd_name_to_lower(z->name, name);
	return z;
}

/* One line: ZONE [NAME/TYPE ...]. @return DD_OK, DD_EPARSE (err set), DD_ENOMEM. */
static int add_line(dd_mon_list_t *l, char *line, char *err, size_t errlen)
{
	char *hash = strchr(line, '#');
	if (hash != NULL) {
		*hash = '\0';
	}
	char *save = NULL;
	char *tok = strtok_r(line, " \t\r\n", &save);
	if (tok == NULL) {
		return DD_OK;  /* blank or comment */
	}
	uint8_t zone[DD_NAME_MAXLEN];
	if (dd_name_from_str(tok, zone) < 0) {
		snprintf(err, errlen, "'%s' is not a domain name", tok);
		return DD_EPARSE;
	}
	dd_probe_query_t extra[MAX_EXTRA];
	size_t nextra = 0;
	while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
		char *slash = strrchr(tok, '/');
		if (slash == NULL || slash == tok || slash[1] == '\0') {
			snprintf(err, errlen, "'%s': expected NAME/TYPE (www.example.com./A)", tok);
			return DD_EPARSE;
		}
		*slash = '\0';
		int type = dd_type_from_str(slash + 1);
		if (type <= 0) {
			snprintf(err, errlen, "'%s': unknown type", slash + 1);
			return DD_EPARSE;
		}
		char full[2 * DD_NAME_MAXLEN + 8];
		size_t tl = strlen(tok);
		char ztext[DD_NAME_MAXLEN * 4 + 1];
		if (dd_name_to_str(zone, ztext, sizeof(ztext)) < 0) {
			ztext[0] = '\0';
		}
		if (tl > 0 && tok[tl - 1] == '.') {
			snprintf(full, sizeof(full), "%s", tok);
		} else if (strcmp(tok, "@") == 0) {
			snprintf(full, sizeof(full), "%s", ztext);
		} else {
			snprintf(full, sizeof(full), "%s.%s", tok, strcmp(ztext, ".") == 0 ? "" : ztext);
		}
		uint8_t name[DD_NAME_MAXLEN];
		if (dd_name_from_str(full, name) < 0) {
			snprintf(err, errlen, "'%s' is not a domain name", tok);
			return DD_EPARSE;
		}
		if (!dd_name_in_zone(name, zone)) {
			snprintf(err, errlen, "'%s' is not in zone %s", full, ztext);
			return DD_EPARSE;
		}
		if (nextra == MAX_EXTRA) {
			snprintf(err, errlen, "more than %d NAME/TYPE items for one zone", MAX_EXTRA);
			return DD_EPARSE;
		}
		dd_name_to_lower(extra[nextra].name, name);
		extra[nextra++].type = (uint16_t)type;
	}
	dd_mon_zone_t *z = find_or_add(l, zone);
	if (z == NULL) {
		return DD_ENOMEM;
	}
	if (nextra > 0) {
		dd_probe_query_t *e = realloc(z->extra, (z->nextra + nextra) * sizeof(*e));
		if (e == NULL) {
			return DD_ENOMEM;
		}
		memcpy(e + z->nextra, extra, nextra * sizeof(*e));
		z->extra = e;
		z->nextra += nextra;
	}
	return DD_OK;
}

int dd_mon_list_add(dd_mon_list_t *list, const char *line, char *err, size_t errlen)
{
	if (list == NULL || line == NULL) {
		return DD_EINVAL;
	}
	char buf[MAX_LINE];
	if (strlen(line) >= sizeof(buf)) {
		snprintf(err, errlen, "line longer than %d octets", MAX_LINE - 1);
		return DD_EPARSE;
	}
	snprintf(buf, sizeof(buf), "%s", line);
	return add_line(list, buf, err, errlen);
}

int dd_mon_list_read(dd_mon_list_t *list, FILE *in, const char *source, char *err, size_t errlen)
{
	if (list == NULL || in == NULL) {
		return DD_EINVAL;
	}
	char buf[MAX_LINE];
	unsigned lineno = 0;
	while (fgets(buf, sizeof(buf), in) != NULL) {
		lineno++;
		size_t len = strlen(buf);
		if (len == sizeof(buf) - 1 && buf[len - 1] != '\n' && !feof(in)) {
			snprintf(err, errlen, "%s:%u: line longer than %d octets", source, lineno, MAX_LINE - 2);
			return DD_EPARSE;
		}
		if (memchr(buf, '\0', len) != NULL && strlen(buf) != len) {
			snprintf(err, errlen, "%s:%u: NUL octet in the line", source, lineno);
			return DD_EPARSE;
		}
		char why[384];
		int ret = add_line(list, buf, why, sizeof(why));
		if (ret == DD_EPARSE) {
			snprintf(err, errlen, "%s:%u: %s", source, lineno, why);
		}
		if (ret != DD_OK) {
			return ret;
		}
	}
	if (ferror(in)) {
		snprintf(err, errlen, "%s: read error", source);
		return DD_EPARSE;
	}
	return DD_OK;
}

void dd_mon_list_free(dd_mon_list_t *list)
{
	if (list == NULL) {
		return;
	}
	for (size_t i = 0; i < list->n; i++) {
		free(list->zones[i].extra);
	}
	free(list->zones);
	memset(list, 0, sizeof(*list));
}

bool dd_mon_in_shard(const uint8_t *zone, unsigned index, unsigned count)
{
	if (count <= 1) {
		return true;
	}
	uint8_t low[DD_NAME_MAXLEN], md[DD_SHA256_LEN];
	dd_name_to_lower(low, zone);
	if (dd__sha256(low, dd_name_len(low), md) != DD_OK) {
		return index == 0;
	}
	uint64_t h = 0;
	for (int i = 0; i < 8; i++) {
		h = (h << 8) | md[i];
	}
	return h % count == index;
}
