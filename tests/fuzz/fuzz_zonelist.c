/* SPDX-License-Identifier: MIT
 * fuzz_zonelist.c - a monitor zone list (--zones FILE) into its parser: zones, NAME/TYPE items,
 * comments, duplicates, NUL octets, long lines. Whatever it accepts keeps each zone and each
 * (zone, name, type) item once, every item inside its zone. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/monitor.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0) {
		return 0;
	}
	uint8_t *copy = malloc(size);
	if (copy == NULL) {
		return 0;
	}
	memcpy(copy, data, size);
	FILE *f = fmemopen(copy, size, "r");
	if (f == NULL) {
		free(copy);
		return 0;
	}
	dd_mon_list_t l = { 0 };
	char err[512];
	int r = dd_mon_list_read(&l, f, "fuzz", err, sizeof(err));
	fclose(f);
	if (r != DD_OK && r != DD_EPARSE && r != DD_ENOMEM) {
		__builtin_trap();
	}
	if (r == DD_EPARSE && strncmp(err, "fuzz:", 5) != 0) {
		__builtin_trap();
	}
	/* one more line through the other entry point, then the invariants */
	char line[256];
	size_t n = size < sizeof(line) - 1 ? size : sizeof(line) - 1;
	memcpy(line, data, n);
	line[n] = '\0';
	(void)dd_mon_list_add(&l, line, err, sizeof(err));
	for (size_t i = 0; i < l.n; i++) {
		for (size_t k = 0; k < i && l.n < 64; k++) {
			if (dd_name_equal(l.zones[i].name, l.zones[k].name)) {
				__builtin_trap();
			}
		}
		const dd_mon_zone_t *z = &l.zones[i];
		for (size_t a = 0; a < z->nextra; a++) {
			if (!dd_name_in_zone(z->extra[a].name, z->name)) {
				__builtin_trap();
			}
			for (size_t b = 0; b < a && z->nextra < 64; b++) {
				if (z->extra[a].type == z->extra[b].type &&
				    dd_name_equal(z->extra[a].name, z->extra[b].name)) {
					__builtin_trap();
				}
			}
		}
	}
	dd_mon_list_free(&l);
	free(copy);
	return 0;
}
