/* SPDX-License-Identifier: MIT
 * cache.c - check-zone's verification cache as the public API gives it (dd_zone_cache_*): the
 * validation core's cache (validate/vcache.c) kept for the default number of runs. */

#include "dd/error.h"
#include "dd/zone.h"
#include "validate/validate.h"

int dd_zone_cache_open(const char *path, dd_zone_cache_t **cache, char *notice, size_t nlen)
{
	return dd__vcache_open(path, DD_VCACHE_KEEP_RUNS, cache, notice, nlen);
}

int dd_zone_cache_save(dd_zone_cache_t *cache, char *notice, size_t nlen)
{
	return dd__vcache_save(cache, notice, nlen);
}

void dd_zone_cache_free(dd_zone_cache_t *cache)
{
	dd__vcache_free(cache);
}
