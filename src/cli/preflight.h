/* SPDX-License-Identifier: MIT
 * preflight.h - the command's report of a transition check (src/cli/preflight.c). */
#pragma once

#include <stdio.h>

#include <jansson.h>

#include <dd/preflight.h>

/** Exit code of a verdict: 0 safe, 1 safe after T, 2 unsafe. */
int cli_preflight_exit(const dd_preflight_t *r);
/** The verdict, the failing combinations and the procedure as text into @p out. */
void cli_preflight_text(FILE *out, const dd_preflight_t *r);
/** The same as a new JSON object (NULL when out of memory); the caller owns it. */
json_t *cli_preflight_json(const dd_preflight_t *r);
