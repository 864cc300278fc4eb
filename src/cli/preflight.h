/* SPDX-License-Identifier: MIT
 * preflight.h - the exit code of a transition check, shared by preflight and check-zone
 * --previous (src/cli/preflight.c); the report is the library's (dd_report_preflight_*). */
#pragma once

#include <dd/preflight.h>

/** Exit code of a verdict: 0 safe, 1 safe after T, 2 unsafe. */
int cli_preflight_exit(const dd_preflight_t *r);
