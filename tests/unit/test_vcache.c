/* SPDX-License-Identifier: MIT
 * test_vcache.c - check-zone's verification cache (validate/vcache.c, dd_zone_cache_*): hits and
 * misses across runs with the same result, a cached "valid" never skipping the window (an
 * expired signature stays RRSIG_EXPIRED), corrupt, truncated, foreign, hostile and untrusted
 * files set aside with a notice and the same result, and generation-based pruning. */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "crypto/sha256.h"
#include "validate/validate.h"

#define RFC4035 DD_TEST_DATA "/rfc4035-appA.zone"
#define RFC5155 DD_TEST_DATA "/rfc5155-appA.zone"
#define INSIDE "20040420000000"   /* inside RFC 4035 App. A's windows */
#define EXPIRED "20040601000000"  /* after them */
#define INSIDE_5155 "20100101000000"

static char dir[] = "/tmp/dd-vcache-XXXXXX";
static char cpath[256];

static int setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL) {
		return -1;
	}
	snprintf(cpath, sizeof(cpath), "%s/cache", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(cpath);
	rmdir(dir);
	return 0;
}

/* One check of @p path at @p at through the cache @p vc (NULL: none). */
static dd_zone_check_t *check(const char *path, const char *origin, const char *at,
                              dd__vcache_t *vc)
{
	dd_zone_check_opts_t o = { .origin = origin, .at = ts(at), .threads = 2, .cache = vc };
	dd_zone_check_t *res = NULL;
	assert_int_equal(dd_zone_check_file(path, &o, &res, NULL), DD_OK);
	return res;
}

/* The two results say the same: exit, counts per code, findings in order with their text. */
static void assert_same(const dd_zone_check_t *a, const dd_zone_check_t *b)
{
	assert_int_equal(dd_zone_check_exit(a), dd_zone_check_exit(b));
	assert_int_equal(a->verifications, b->verifications);
	assert_int_equal(a->earliest_expiration, b->earliest_expiration);
	assert_int_equal(a->ncounts, b->ncounts);
	for (size_t i = 0; i < a->ncounts; i++) {
		assert_string_equal(a->counts[i].code, b->counts[i].code);
		assert_int_equal(a->counts[i].count, b->counts[i].count);
	}
	assert_int_equal(a->nfindings, b->nfindings);
	for (size_t i = 0; i < a->nfindings; i++) {
		assert_string_equal(a->findings[i].code, b->findings[i].code);
		assert_string_equal(a->findings[i].detail, b->findings[i].detail);
	}
	for (size_t k = 0; k < a->nkeys; k++) {
		assert_int_equal(a->keys[k].signatures, b->keys[k].signatures);
	}
}

/* Open the cache file, check, save; the notice and the stats into the caller's. */
static dd_zone_check_t *run(const char *path, const char *origin, const char *at, unsigned keep,
                            char *notice, dd__vcache_stats_t *st)
{
	dd__vcache_t *vc = NULL;
	assert_int_equal(dd__vcache_open(cpath, keep, &vc, notice, 512), DD_OK);
	dd_zone_check_t *res = check(path, origin, at, vc);
	char n2[512];
	assert_int_equal(dd__vcache_save(vc, n2, sizeof(n2)), DD_OK);
	assert_string_equal(n2, "");
	dd__vcache_stats(vc, st);
	dd__vcache_free(vc);
	return res;
}

/* Cold: every signature a miss; warm: every one a hit, nothing verified by OpenSSL, the same
 * result as without a cache. */
static void test_hit_miss(void **state)
{
	(void)state;
	unlink(cpath);
	char notice[512];
	dd__vcache_stats_t st;
	dd_zone_check_t *plain = check(RFC4035, "example.", INSIDE, NULL);
	assert_false(dd_zone_check_has(plain, "RRSIG_EXPIRED"));
	assert_false(dd_zone_check_has(plain, "RRSIG_INVALID"));
	assert_false(plain->cached);

	dd_zone_check_t *cold = run(RFC4035, "example.", INSIDE, 3, notice, &st);
	assert_string_equal(notice, "");  /* an absent file is made, not a fault */
	assert_true(cold->cached);
	assert_int_equal(st.hits, 0);
	assert_int_equal(st.misses, plain->verifications);
	assert_int_equal(cold->cache_misses, plain->verifications);
	assert_int_equal(st.loaded, 0);
	assert_int_equal(st.written, plain->verifications);
	assert_same(plain, cold);
	struct stat sb;
	assert_int_equal(stat(cpath, &sb), 0);
	assert_int_equal(sb.st_size, 64 + DD_VCACHE_ENTRY_OCTETS * plain->verifications);
	assert_int_equal(sb.st_mode & 0777, 0600);

	dd_zone_check_t *warm = run(RFC4035, "example.", INSIDE, 3, notice, &st);
	assert_string_equal(notice, "");
	assert_int_equal(st.hits, plain->verifications);
	assert_int_equal(st.misses, 0);
	assert_int_equal(warm->cache_hits, plain->verifications);
	assert_int_equal(st.loaded, plain->verifications);
	assert_int_equal(st.generation, 2);
	assert_same(plain, warm);

	dd_zone_check_free(plain);
	dd_zone_check_free(cold);
	dd_zone_check_free(warm);
}

/* Verdicts cached while the signatures were inside their windows answer the crypto question
 * only: checked after expiration, every signature is still RRSIG_EXPIRED, as without a cache. */
static void test_window_not_cached(void **state)
{
	(void)state;
	unlink(cpath);
	char notice[512];
	dd__vcache_stats_t st;
	dd_zone_check_free(run(RFC4035, "example.", INSIDE, 3, notice, &st));
	assert_int_equal(st.misses, st.written);
	assert_true(st.written > 0);

	dd_zone_check_t *plain = check(RFC4035, "example.", EXPIRED, NULL);
	dd_zone_check_t *late = run(RFC4035, "example.", EXPIRED, 3, notice, &st);
	assert_int_equal(st.misses, 0);
	assert_int_equal(st.hits, plain->verifications);  /* "valid" came from the cache */
	assert_true(dd_zone_check_has(late, "RRSIG_EXPIRED"));
	assert_int_equal(dd_zone_check_exit(late), 2);
	assert_int_equal(dd_zone_check_count(late, "RRSIG_EXPIRED"),
	                 dd_zone_check_count(plain, "RRSIG_EXPIRED"));
	assert_same(plain, late);
	/* and before inception: not yet valid, from the same cached verdicts */
	dd_zone_check_t *early_plain = check(RFC4035, "example.", "20040101000000", NULL);
	dd_zone_check_t *early = run(RFC4035, "example.", "20040101000000", 3, notice, &st);
	assert_int_equal(st.misses, 0);
	assert_true(dd_zone_check_has(early, "RRSIG_NOT_YET_VALID"));
	assert_same(early_plain, early);
	dd_zone_check_free(plain);
	dd_zone_check_free(late);
	dd_zone_check_free(early_plain);
	dd_zone_check_free(early);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void spill(const char *path, const void *data, size_t len, mode_t mode)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	fchmod(fd, mode);  /* past the umask */
	close(fd);
}

/* Recompute the checksum of a cache image (as a hostile writer would). */
static void reseal(uint8_t *img, size_t len)
{
	uint8_t sum[DD_SHA256_LEN];
	memset(img + 32, 0, DD_SHA256_LEN);
	assert_int_equal(dd__sha256(img, len, sum), DD_OK);
	memcpy(img + 32, sum, DD_SHA256_LEN);
}

/* A bad file at cpath: the notice must contain @p want, every signature is verified (no hit),
 * the result is the one without a cache, and the file is rewritten (@p ours) or left as it was. */
static void bad_file(const uint8_t *img, size_t len, mode_t mode, const char *want, bool ours,
                     const dd_zone_check_t *plain)
{
	spill(cpath, img, len, mode);
	char notice[512];
	dd__vcache_stats_t st;
	dd_zone_check_t *res = run(RFC4035, "example.", INSIDE, 3, notice, &st);
	if (strstr(notice, want) == NULL || strstr(notice, "ignored") == NULL ||
	    strstr(notice, cpath) == NULL) {
		fail_msg("notice '%s' lacks '%s'", notice, want);
	}
	assert_int_equal(st.hits, 0);
	assert_int_equal(st.loaded, 0);
	assert_int_equal(st.misses, plain->verifications);
	assert_same(plain, res);
	dd_zone_check_free(res);
	size_t nl = 0;
	uint8_t *now = slurp(cpath, &nl);
	if (ours) {
		assert_null(strstr(notice, "left untouched"));
		assert_int_equal(nl, 64 + DD_VCACHE_ENTRY_OCTETS * plain->verifications);
		assert_memory_equal(now, "DDVCACHE", 8);
	} else {
		assert_non_null(strstr(notice, "left untouched"));
		assert_int_equal(nl, len);
		assert_memory_equal(now, img, len);
	}
	free(now);
}

static void test_bad_files(void **state)
{
	(void)state;
	unlink(cpath);
	char notice[512];
	dd__vcache_stats_t st;
	dd_zone_check_t *plain = check(RFC4035, "example.", INSIDE, NULL);
	dd_zone_check_free(run(RFC4035, "example.", INSIDE, 3, notice, &st));
	size_t len = 0;
	uint8_t *good = slurp(cpath, &len);
	assert_true(len > 64 + 2 * DD_VCACHE_ENTRY_OCTETS);
	uint8_t *img = malloc(len);
	assert_non_null(img);

	/* truncated: mid-entry, mid-header, empty */
	bad_file(good, len - 10, 0600, "is truncated", true, plain);
	bad_file(good, 40, 0600, "is truncated", true, plain);
	bad_file(good, 0, 0600, "is truncated", true, plain);
	/* corrupt: one bit of one verdict flipped (the checksum no longer matches) */
	memcpy(img, good, len);
	img[64 + DD_VCACHE_ENTRY_OCTETS + 32] ^= 1;
	bad_file(img, len, 0600, "checksum does not match", true, plain);
	/* corrupt: a digest bit */
	memcpy(img, good, len);
	img[70] ^= 0x80;
	bad_file(img, len, 0600, "checksum does not match", true, plain);
	/* another version */
	memcpy(img, good, len);
	img[8] = 2;
	reseal(img, len);
	bad_file(img, len, 0600, "version 2", true, plain);
	/* hostile, checksum resealed: entries swapped out of order */
	memcpy(img, good, len);
	memcpy(img + 64, good + 64 + DD_VCACHE_ENTRY_OCTETS, DD_VCACHE_ENTRY_OCTETS);
	memcpy(img + 64 + DD_VCACHE_ENTRY_OCTETS, good + 64, DD_VCACHE_ENTRY_OCTETS);
	reseal(img, len);
	bad_file(img, len, 0600, "out of order or repeated", true, plain);
	/* hostile: an entry from a later generation than the file's */
	memcpy(img, good, len);
	img[64 + 32] = 0xfe;
	img[64 + 33] = 0x7f;
	reseal(img, len);
	bad_file(img, len, 0600, "is of generation", true, plain);
	/* hostile: a count far beyond the file */
	memcpy(img, good, len);
	img[24 + 4] = 0x10;
	reseal(img, len);
	bad_file(img, len, 0600, "claims", true, plain);
	/* a count that does not fit the size */
	memcpy(img, good, len);
	img[24] += 1;
	reseal(img, len);
	bad_file(img, len, 0600, "is truncated", true, plain);
	/* foreign: a zone file given as the cache by mistake is never overwritten */
	size_t zl = 0;
	uint8_t *zone = slurp(RFC4035, &zl);
	bad_file(zone, zl, 0600, "is not a dnssec-doctor verification cache", false, plain);
	bad_file((const uint8_t *)"hi\n", 3, 0600, "is not a dnssec-doctor verification cache",
	         false, plain);
	free(zone);
	/* huge (sparse) files: ours is set aside and replaced, another program's left alone */
	off_t huge = 64 + (off_t)DD_VCACHE_MAX_ENTRIES * DD_VCACHE_ENTRY_OCTETS + 36;
	for (int foreign = 0; foreign < 2; foreign++) {
		spill(cpath, foreign ? (const uint8_t *)"GIF89a.." : good, 8, 0600);
		assert_int_equal(truncate(cpath, huge), 0);
		dd__vcache_t *vc = NULL;
		assert_int_equal(dd__vcache_open(cpath, 3, &vc, notice, sizeof(notice)), DD_OK);
		assert_non_null(strstr(notice, foreign ? "is not a dnssec-doctor verification cache"
		                                       : "is larger than a cache"));
		char n2[512];
		assert_int_equal(dd__vcache_save(vc, n2, sizeof(n2)), DD_OK);
		dd__vcache_free(vc);
		struct stat sb;
		assert_int_equal(stat(cpath, &sb), 0);
		assert_int_equal(sb.st_size, foreign ? huge : 64);
	}
	/* untrusted: a good cache that others may write is not used nor written */
	bad_file(good, len, 0666, "writable by others", false, plain);
	bad_file(good, len, 0620, "writable by others", false, plain);

	/* after all that, the good file is used again */
	spill(cpath, good, len, 0600);
	dd_zone_check_t *res = run(RFC4035, "example.", INSIDE, 3, notice, &st);
	assert_string_equal(notice, "");
	assert_int_equal(st.hits, plain->verifications);
	assert_same(plain, res);
	dd_zone_check_free(res);
	free(img);
	free(good);
	dd_zone_check_free(plain);
}

/* Entries not used in the last keep runs are dropped when the file is written. */
static void test_pruning(void **state)
{
	(void)state;
	unlink(cpath);
	char notice[512];
	dd__vcache_stats_t st;
	dd_zone_check_t *a = run(RFC4035, "example.", INSIDE, 2, notice, &st);
	size_t na = st.written;
	assert_int_equal(na, a->verifications);
	dd_zone_check_free(a);
	/* run 2, another zone: A's verdicts are one run old, kept with keep = 2 */
	dd_zone_check_t *b = run(RFC5155, "example.", INSIDE_5155, 2, notice, &st);
	size_t nb = b->verifications;
	assert_int_equal(st.hits, 0);
	assert_int_equal(st.pruned, 0);
	assert_int_equal(st.written, na + nb);
	dd_zone_check_free(b);
	/* run 3, zone B again: A's verdicts are not used in the last 2 runs: dropped */
	b = run(RFC5155, "example.", INSIDE_5155, 2, notice, &st);
	assert_int_equal(st.hits, nb);
	assert_int_equal(st.pruned, na);
	assert_int_equal(st.written, nb);
	dd_zone_check_free(b);
	/* run 4, zone A: nothing of it left */
	a = run(RFC4035, "example.", INSIDE, 2, notice, &st);
	assert_int_equal(st.hits, 0);
	assert_int_equal(st.misses, na);
	assert_int_equal(st.written, na + nb);
	dd_zone_check_free(a);
	/* keep = 1: only what this run used survives */
	a = run(RFC4035, "example.", INSIDE, 1, notice, &st);
	assert_int_equal(st.hits, na);
	assert_int_equal(st.pruned, nb);
	assert_int_equal(st.written, na);
	assert_int_equal(st.generation, 5);
	dd_zone_check_free(a);
}

/* The public API: open, save, free; a directory where the file would go is a notice. */
static void test_public_api(void **state)
{
	(void)state;
	unlink(cpath);
	dd_zone_cache_t *c = NULL;
	char notice[512];
	assert_int_equal(dd_zone_cache_open(cpath, &c, notice, sizeof(notice)), DD_OK);
	assert_string_equal(notice, "");
	dd_zone_check_t *res = check(RFC4035, "example.", INSIDE, c);
	assert_int_equal(dd_zone_cache_save(c, notice, sizeof(notice)), DD_OK);
	dd_zone_cache_free(c);
	dd_zone_check_free(res);
	dd_zone_cache_free(NULL);

	char bad[300];
	snprintf(bad, sizeof(bad), "%s/no/such/dir/cache", dir);
	assert_int_equal(dd_zone_cache_open(bad, &c, notice, sizeof(notice)), DD_OK);
	res = check(RFC4035, "example.", INSIDE, c);
	assert_int_equal(dd_zone_cache_save(c, notice, sizeof(notice)), DD_EIO);
	assert_non_null(strstr(notice, "not written"));
	assert_non_null(strstr(notice, "No such file or directory"));
	dd_zone_cache_free(c);
	dd_zone_check_free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_miss),
		cmocka_unit_test(test_window_not_cached),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_pruning),
		cmocka_unit_test(test_public_api),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
