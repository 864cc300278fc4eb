/* SPDX-License-Identifier: MIT
 * state_int.h - the state database handle, shared by the writer (state.c) and the readers of
 * the dashboard (state_read.c). Internal to monitor/. */
#pragma once

#include <sqlite3.h>

struct dd_mon_db {
	sqlite3 *db;
};
