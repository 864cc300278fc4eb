/* SPDX-License-Identifier: MIT
 * list.c - the monitor's zone list (one zone per line with NAME/TYPE items to watch too, each
 * zone and item kept once, found by hash) and its shards (SHA-256 of the zone name, modulo the
 * shard count). */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/sha256.h"

#include "dd/error.h"
#include "dd/monitor.h"
#include "dd/name.h"
#include "dd/text.h"

#define MAX_LINE 4096
#define MAX_EXTRA 64
#define NO_ITEM SIZE_MAX

/* The index: an open-addressing hash table of the list's zones (item NO_ITEM) and of each
 * zone's NAME/TYPE items, so adding a line costs the same however long the list is (a linear
 * search made 100,000 zones take 57 s). Entries name a zone and an item by position. */
typedef struct entry {
	uint64_t hash;
	size_t zone;  /* position + 1; 0: an empty slot */
	size_t item;  /* position in the zone's items, or NO_ITEM for the zone itself */
} entry_t;

struct dd__mon_index {
	entry_t *e;
	size_t cap, used;  /* cap a power of two, used <= cap / 2 */
};

/* FNV-1a (64 bits) over the lower-case wire name, then the zone's position and the type. */
static uint64_t hash_of(const uint8_t *name, size_t zone, uint16_t type)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0, n = dd_name_len(name); i < n; i++) {
		h = (h ^ name[i]) * 0x100000001b3ULL;
	}
	h = (h ^ (uint64_t)zone) * 0x100000001b3ULL;
	h = (h ^ type) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

static int index_put(struct dd__mon_index *x, uint64_t hash, size_t zone, size_t item);

static int index_grow(struct dd__mon_index *x)
{
	size_t cap = x->cap ? 2 * x->cap : 256;
	entry_t *old = x->e, *e = calloc(cap, sizeof(*e));
	if (e == NULL) {
		return DD_ENOMEM;
	}
	size_t ocap = x->cap;
	x->e = e;
	x->cap = cap;
	x->used = 0;
	for (size_t i = 0; i < ocap; i++) {
		if (old[i].zone != 0) {
			index_put(x, old[i].hash, old[i].zone - 1, old[i].item);
		}
	}
	free(old);
	return DD_OK;
}

static int index_put(struct dd__mon_index *x, uint64_t hash, size_t zone, size_t item)
{
	if (2 * (x->used + 1) > x->cap && index_grow(x) != DD_OK) {
		return DD_ENOMEM;
	}
	size_t i = (size_t)hash & (x->cap - 1);
	while (x->e[i].zone != 0) {
		i = (i + 1) & (x->cap - 1);
	}
	x->e[i] = (entry_t){ .hash = hash, .zone = zone + 1, .item = item };
	x->used++;
	return DD_OK;
}

/* The position of zone @p name, or of item (@p name, @p type) of zone @p zone; -1 if absent. */
static ptrdiff_t index_find(const dd_mon_list_t *l, const uint8_t *name, size_t zone,
                            uint16_t type, bool is_item)
{
	const struct dd__mon_index *x = l->index;
	uint64_t h = is_item ? hash_of(name, zone, type) : hash_of(name, NO_ITEM, 0);
	for (size_t i = (size_t)h & (x->cap - 1); x->e[i].zone != 0; i = (i + 1) & (x->cap - 1)) {
		const entry_t *e = &x->e[i];
		if (e->hash != h || (e->item != NO_ITEM) != is_item) {
			continue;
		}
		if (!is_item && dd_name_equal(l->zones[e->zone - 1].name, name)) {
			return (ptrdiff_t)(e->zone - 1);
		}
		if (is_item && e->zone - 1 == zone) {
			const dd_probe_query_t *q = &l->zones[zone].extra[e->item];
			if (q->type == type && dd_name_equal(q->name, name)) {
				return (ptrdiff_t)e->item;
			}
		}
	}
	return -1;
}

/* The index of what @p l holds (a list filled before, or by hand). */
static int index_build(dd_mon_list_t *l)
{
	l->index = calloc(1, sizeof(*l->index));
	if (l->index == NULL || index_grow(l->index) != DD_OK) {
		return DD_ENOMEM;
	}
	for (size_t z = 0; z < l->n; z++) {
		if (index_put(l->index, hash_of(l->zones[z].name, NO_ITEM, 0), z, NO_ITEM) != DD_OK) {
			return DD_ENOMEM;
		}
		for (size_t k = 0; k < l->zones[z].nextra; k++) {
			const dd_probe_query_t *q = &l->zones[z].extra[k];
			if (index_put(l->index, hash_of(q->name, z, q->type), z, k) != DD_OK) {
				return DD_ENOMEM;
			}
		}
	}
	return DD_OK;
}

/* @p name (lower case) in the list: its position, added if new (@p added). -1: no memory. */
static ptrdiff_t find_or_add(dd_mon_list_t *l, const uint8_t *name, bool *added)
{
	ptrdiff_t at = index_find(l, name, 0, 0, false);
	*added = at < 0;
	if (at >= 0) {
		return at;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		dd_mon_zone_t *z = realloc(l->zones, cap * sizeof(*z));
		if (z == NULL) {
			return -1;
		}
		l->zones = z;
		l->cap = cap;
	}
	if (index_put(l->index, hash_of(name, NO_ITEM, 0), l->n, NO_ITEM) != DD_OK) {
		return -1;
	}
	dd_mon_zone_t *z = &l->zones[l->n];
	memset(z, 0, sizeof(*z));
	memcpy(z->name, name, dd_name_len(name));
	return (ptrdiff_t)l->n++;
}

/* Room for one more item: capacities are powers of two, implied by nextra (full when nextra is
 * one), so a zone listed on many lines costs amortised constant time per item. */
static int extra_room(dd_mon_zone_t *z)
{
	size_t n = z->nextra;
	if (n != 0 && (n & (n - 1)) != 0) {
		return DD_OK;
	}
	dd_probe_query_t *e = realloc(z->extra, (n == 0 ? 1 : 2 * n) * sizeof(*e));
	if (e == NULL) {
		return DD_ENOMEM;
	}
	z->extra = e;
	return DD_OK;
}

static void note_dup(dd_mon_list_t *l, unsigned lineno)
{
	if (l->ndup < DD_MON_DUP_LINES) {
		l->dup_lines[l->ndup] = lineno;
	}
	l->ndup++;
}

/* One line: ZONE [NAME/TYPE ...]. @return DD_OK, DD_EPARSE (err set), DD_ENOMEM. */
static int add_line(dd_mon_list_t *l, char *line, unsigned lineno, char *err, size_t errlen)
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
	uint8_t given[DD_NAME_MAXLEN], zone[DD_NAME_MAXLEN];
	if (dd_name_from_str(tok, given) < 0) {
		snprintf(err, errlen, "'%s' is not a domain name", tok);
		return DD_EPARSE;
	}
	dd_name_to_lower(zone, given);
	char ztext[DD_NAME_MAXLEN * 4 + 1];
	if (dd_name_to_str(zone, ztext, sizeof(ztext)) < 0) {
		ztext[0] = '\0';
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
	if (l->index == NULL && index_build(l) != DD_OK) {
		return DD_ENOMEM;
	}
	bool added = false;
	ptrdiff_t zi = find_or_add(l, zone, &added);
	if (zi < 0) {
		return DD_ENOMEM;
	}
	dd_mon_zone_t *z = &l->zones[zi];
	bool fresh = added;
	for (size_t i = 0; i < nextra; i++) {
		if (index_find(l, extra[i].name, (size_t)zi, extra[i].type, true) >= 0) {
			note_dup(l, lineno);
			continue;
		}
		if (extra_room(z) != DD_OK ||
		    index_put(l->index, hash_of(extra[i].name, (size_t)zi, extra[i].type), (size_t)zi,
		              z->nextra) != DD_OK) {
			return DD_ENOMEM;
		}
		z->extra[z->nextra++] = extra[i];
		fresh = true;
	}
	if (!fresh && nextra == 0) {
		note_dup(l, lineno);  /* the zone alone, again */
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
	return add_line(list, buf, 0, err, errlen);
}

int dd_mon_list_read(dd_mon_list_t *list, FILE *in, const char *source, char *err, size_t errlen)
{
	if (list == NULL || in == NULL) {
		return DD_EINVAL;
	}
	/* octet by octet: fgets() cannot tell a NUL in a line from its end */
	char buf[MAX_LINE];
	unsigned lineno = 0;
	int c = 0;
	while (c != EOF) {
		size_t len = 0;
		bool nul = false;
		while ((c = getc_unlocked(in)) != EOF && c != '\n') {
			if (len == MAX_LINE - 2) {
				snprintf(err, errlen, "%s:%u: line longer than %d octets", source, lineno + 1,
				         MAX_LINE - 2);
				return DD_EPARSE;
			}
			nul |= c == '\0';
			buf[len++] = (char)c;
		}
		if (c == EOF && len == 0) {
			break;
		}
		buf[len] = '\0';
		lineno++;
		if (nul) {
			snprintf(err, errlen, "%s:%u: NUL octet in the line", source, lineno);
			return DD_EPARSE;
		}
		char why[384];
		int ret = add_line(list, buf, lineno, why, sizeof(why));
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
	if (list->index != NULL) {
		free(list->index->e);
		free(list->index);
	}
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
