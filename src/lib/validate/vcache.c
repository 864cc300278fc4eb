/* SPDX-License-Identifier: MIT
 * vcache.c - check-zone's verification cache (--cache FILE): the cryptographic verdicts of the
 * signatures a previous run verified, keyed by the SHA-256 of (DNSKEY RDATA, RRSIG RDATA, signed
 * data), answered where the validation core would call OpenSSL (crypto/verdicts.h), so a re-check
 * verifies only the signatures it has not seen. Only "valid" or "invalid" is kept, never a window
 * verdict: the window, Labels, signer, key tag and algorithm are judged on every run.
 *
 * The file is replaced atomically (a temporary file beside it, fsync, rename), never written in
 * place, so a reader sees the old file or the new one whole; of two concurrent runs the last to
 * finish wins and the other's new verdicts are lost (a cache, not a record). Layout, all
 * integers little-endian:
 *
 *   0  "DDVCACHE"   8  version (1)   12  entry size (36)   16  generation   20  runs kept
 *   24 entries (u64)   32  SHA-256 of the file with these 32 octets zero
 *   64 entries, strictly increasing by digest: digest (32), generation << 1 | invalid (u32)
 *
 * A file that is not this (too short, another magic, another version or entry size, a size that
 * does not match the count, a checksum that does not match, entries out of order or from a
 * later generation, owned by another user or writable by others) is set aside with a notice and
 * the check verifies everything. The checksum catches accidents (a truncated copy, a disk
 * error); it is not a signature: whoever may write the file may also write the zone. */

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/sha256.h"
#include "crypto/verdicts.h"
#include "dd/error.h"
#include "validate.h"

#define VC_MAGIC "DDVCACHE"
#define VC_VERSION 1u
#define VC_HEADER 64u
#define VC_SUM_AT 32u
#define VC_GEN_MAX 0x7ffffff0u

/* One verdict as the file holds it (and as memory holds the loaded file). */
typedef struct vent {
	uint8_t d[DD_VERDICT_KEY_LEN];
	uint8_t gv[4];        /* little-endian generation << 1 | invalid */
} vent_t;
_Static_assert(sizeof(vent_t) == DD_VCACHE_ENTRY_OCTETS, "cache entry layout");

struct dd__vcache {
	char *path;
	unsigned keep;        /* runs an unused verdict survives */
	uint32_t gen;         /* this run's generation */
	bool writable;        /* false: the file is not ours, left untouched */
	uint8_t *file;        /* the loaded file, owned */
	const vent_t *old;    /* its entries, sorted */
	size_t nold;
	_Atomic uint8_t *used;/* one flag per old entry: answered in this run */
	uint32_t *index;      /* bucket b (top bits of the digest) is old[index[b], index[b+1]) */
	unsigned bits;
	pthread_mutex_t lock; /* guards fresh */
	vent_t *fresh;        /* verdicts computed in this run */
	size_t nfresh, capfresh;
	atomic_size_t hits, misses;
	size_t written, pruned;
};

static uint32_t gv_get(const vent_t *e)
{
	uint32_t v;
	memcpy(&v, e->gv, 4);
	return le32toh(v);
}

static void gv_set(vent_t *e, uint32_t gen, bool invalid)
{
	uint32_t v = htole32(gen << 1 | (invalid ? 1u : 0u));
	memcpy(e->gv, &v, 4);
}

static uint32_t le32_at(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return le32toh(v);
}

static uint64_t be64_at(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return be64toh(v);
}

static size_t bucket(const dd__vcache_t *vc, const uint8_t *d)
{
	return vc->bits == 0 ? 0 : (size_t)(be64_at(d) >> (64 - vc->bits));
}

/* A fresh, empty cache for @p path. */
static int cache_new(const char *path, unsigned keep, dd__vcache_t **out)
{
	dd__vcache_t *vc = calloc(1, sizeof(*vc));
	if (vc == NULL || (vc->path = strdup(path)) == NULL) {
		free(vc);
		return DD_ENOMEM;
	}
	vc->keep = keep > 0 ? keep : 1;
	vc->gen = 1;
	vc->writable = true;
	pthread_mutex_init(&vc->lock, NULL);
	atomic_init(&vc->hits, 0);
	atomic_init(&vc->misses, 0);
	*out = vc;
	return DD_OK;
}

/* Check the loaded file of @p size octets and adopt its entries; a reason into @p why when it
 * is not a good cache. @return DD_OK, DD_EMALFORMED (why says it), DD_ENOMEM. */
static int adopt(dd__vcache_t *vc, uint8_t *buf, size_t size, char *why, size_t wlen)
{
	uint32_t version = le32_at(buf + 8), esize = le32_at(buf + 12), gen = le32_at(buf + 16);
	uint64_t count;
	memcpy(&count, buf + 24, 8);
	count = le64toh(count);
	if (version != VC_VERSION || esize != DD_VCACHE_ENTRY_OCTETS) {
		snprintf(why, wlen, "is of version %u with %u-octet entries, not this program's "
		         "version %u", version, esize, VC_VERSION);
		return DD_EMALFORMED;
	}
	if (count > DD_VCACHE_MAX_ENTRIES) {
		snprintf(why, wlen, "claims %llu entries, more than the %zu allowed",
		         (unsigned long long)count, DD_VCACHE_MAX_ENTRIES);
		return DD_EMALFORMED;
	}
	uint64_t need = VC_HEADER + count * DD_VCACHE_ENTRY_OCTETS;
	if (size != need) {
		snprintf(why, wlen, "is %s: %zu octets where %llu entries need %llu",
		         size < need ? "truncated" : "corrupt", size, (unsigned long long)count,
		         (unsigned long long)need);
		return DD_EMALFORMED;
	}
	uint8_t sum[DD_SHA256_LEN], want[DD_SHA256_LEN];
	memcpy(want, buf + VC_SUM_AT, DD_SHA256_LEN);
	memset(buf + VC_SUM_AT, 0, DD_SHA256_LEN);
	if (dd__sha256(buf, size, sum) != DD_OK || memcmp(sum, want, DD_SHA256_LEN) != 0) {
		snprintf(why, wlen, "is corrupt: its checksum does not match its contents");
		return DD_EMALFORMED;
	}
	if (gen == 0 || gen >= VC_GEN_MAX) {
		snprintf(why, wlen, "is corrupt: generation %u out of range", gen);
		return DD_EMALFORMED;
	}
	const vent_t *e = (const vent_t *)(buf + VC_HEADER);
	for (size_t i = 0; i < count; i++) {
		uint32_t g = gv_get(&e[i]) >> 1;
		if (g == 0 || g > gen) {
			snprintf(why, wlen, "is corrupt: entry %zu is of generation %u, the "
			         "file's is %u", i, g, gen);
			return DD_EMALFORMED;
		}
		if (i > 0 && memcmp(e[i - 1].d, e[i].d, DD_VERDICT_KEY_LEN) >= 0) {
			snprintf(why, wlen, "is corrupt: entry %zu is out of order or repeated", i);
			return DD_EMALFORMED;
		}
	}
	/* about four entries per bucket; a hostile file crowding one bucket costs a binary
	 * search, not a scan */
	unsigned bits = 0;
	while (bits < 30 && ((size_t)1 << bits) * 4 < count) {
		bits++;
	}
	size_t nb = (size_t)1 << bits;
	uint32_t *index = malloc((nb + 1) * sizeof(*index));
	_Atomic uint8_t *used = calloc(count ? count : 1, sizeof(*used));
	if (index == NULL || used == NULL) {
		free(index);
		free((void *)used);
		return DD_ENOMEM;
	}
	vc->bits = bits;
	size_t at = 0;
	for (size_t b = 0; b <= nb; b++) {
		while (at < count && bucket(vc, e[at].d) < b) {
			at++;
		}
		index[b] = (uint32_t)at;
	}
	index[nb] = (uint32_t)count;
	vc->file = buf;
	vc->old = e;
	vc->nold = count;
	vc->index = index;
	vc->used = used;
	vc->gen = gen + 1;
	return DD_OK;
}

/* Read all of @p fd (@p size octets) into a new buffer. */
static int read_all(int fd, size_t size, uint8_t **out)
{
	uint8_t *buf = malloc(size ? size : 1);
	if (buf == NULL) {
		return DD_ENOMEM;
	}
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			break;
		}
		got += (size_t)n;
	}
	if (got != size) {
		free(buf);
		return DD_EIO;
	}
	*out = buf;
	return DD_OK;
}

/* Whether the file open at @p fd starts with the cache's magic (read at offset 0). */
static bool has_magic(int fd)
{
	uint8_t m[8];
	return pread(fd, m, sizeof(m), 0) == (ssize_t)sizeof(m) && memcmp(m, VC_MAGIC, 8) == 0;
}

int dd__vcache_open(const char *path, unsigned keep, dd__vcache_t **out, char *notice,
                    size_t nlen)
{
	if (path == NULL || out == NULL || notice == NULL || nlen == 0) {
		return DD_EINVAL;
	}
	notice[0] = '\0';
	dd__vcache_t *vc = NULL;
	int ret = cache_new(path, keep, &vc);
	if (ret != DD_OK) {
		return ret;
	}
	char why[200] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT) {
		*out = vc;  /* created when the check is done */
		return DD_OK;
	}
	struct stat st;
	uint8_t *buf = NULL;
	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(why, sizeof(why), "cannot be read (%s)", strerror(errno));
		vc->writable = false;
	} else if (!S_ISREG(st.st_mode)) {
		snprintf(why, sizeof(why), "is not a regular file");
		vc->writable = false;
	} else if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		snprintf(why, sizeof(why), "is owned by another user or writable by others, so not "
		         "trusted");
		vc->writable = false;
	} else if ((size_t)st.st_size < VC_HEADER) {
		uint8_t head[VC_HEADER];
		size_t sz = (size_t)st.st_size;
		bool ours = read(fd, head, sz) == (ssize_t)sz &&
		            memcmp(head, VC_MAGIC, sz < 8 ? sz : 8) == 0;
		if (ours) {
			snprintf(why, sizeof(why), "is truncated: %zu octets, shorter than its "
			         "%u-octet header", sz, VC_HEADER);
		} else {
			snprintf(why, sizeof(why), "is not a dnssec-doctor verification cache");
			vc->writable = false;
		}
	} else if (!has_magic(fd)) {
		snprintf(why, sizeof(why), "is not a dnssec-doctor verification cache");
		vc->writable = false;
	} else if ((uint64_t)st.st_size > VC_HEADER + (uint64_t)DD_VCACHE_MAX_ENTRIES *
	                                                   DD_VCACHE_ENTRY_OCTETS) {
		snprintf(why, sizeof(why), "is larger than a cache of %zu entries can be",
		         DD_VCACHE_MAX_ENTRIES);
	} else if ((ret = read_all(fd, (size_t)st.st_size, &buf)) != DD_OK) {
		if (ret == DD_ENOMEM) {
			close(fd);
			dd__vcache_free(vc);
			return ret;
		}
		snprintf(why, sizeof(why), "cannot be read (short read)");
		vc->writable = false;
	} else if ((ret = adopt(vc, buf, (size_t)st.st_size, why, sizeof(why))) == DD_OK) {
		buf = NULL;  /* the cache owns it */
	} else if (ret == DD_ENOMEM) {
		free(buf);
		close(fd);
		dd__vcache_free(vc);
		return ret;
	}
	free(buf);
	if (fd >= 0) {
		close(fd);
	}
	if (why[0] != '\0') {
		snprintf(notice, nlen, "verification cache '%s' %s: ignored%s, every signature is "
		         "verified", path, why, vc->writable ? "" : " and left untouched");
	}
	*out = vc;
	return DD_OK;
}

/* The old entry with digest @p d, or -1. */
static long find_old(const dd__vcache_t *vc, const uint8_t *d)
{
	if (vc->nold == 0) {
		return -1;
	}
	size_t b = bucket(vc, d);
	size_t lo = vc->index[b], hi = vc->index[b + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(vc->old[mid].d, d, DD_VERDICT_KEY_LEN);
		if (c == 0) {
			return (long)mid;
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return -1;
}

bool dd__vcache_get(void *ctx, const uint8_t key[DD_VERDICT_KEY_LEN], dd_crypto_t *out)
{
	dd__vcache_t *vc = ctx;
	long i = find_old(vc, key);
	if (i < 0) {
		return false;
	}
	atomic_store_explicit(&vc->used[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&vc->hits, 1, memory_order_relaxed);
	*out = (gv_get(&vc->old[i]) & 1) ? DD_CRYPTO_INVALID : DD_CRYPTO_VALID;
	return true;
}

void dd__vcache_put(void *ctx, const uint8_t key[DD_VERDICT_KEY_LEN], dd_crypto_t verdict)
{
	dd__vcache_t *vc = ctx;
	atomic_fetch_add_explicit(&vc->misses, 1, memory_order_relaxed);
	if (verdict != DD_CRYPTO_VALID && verdict != DD_CRYPTO_INVALID) {
		return;
	}
	pthread_mutex_lock(&vc->lock);
	if (vc->nfresh == vc->capfresh && vc->nold + vc->nfresh < DD_VCACHE_MAX_ENTRIES) {
		size_t cap = vc->capfresh ? vc->capfresh * 2 : 1024;
		vent_t *n = realloc(vc->fresh, cap * sizeof(*n));
		if (n != NULL) {
			vc->fresh = n;
			vc->capfresh = cap;
		}
	}
	if (vc->nfresh < vc->capfresh) {  /* out of memory: not remembered, verified next time */
		vent_t *e = &vc->fresh[vc->nfresh++];
		memcpy(e->d, key, DD_VERDICT_KEY_LEN);
		gv_set(e, vc->gen, verdict == DD_CRYPTO_INVALID);
	}
	pthread_mutex_unlock(&vc->lock);
}

static int vent_cmp(const void *a, const void *b)
{
	return memcmp(((const vent_t *)a)->d, ((const vent_t *)b)->d, DD_VERDICT_KEY_LEN);
}

/* Whether old entry @p i is kept: answered in this run, or of one of the last keep - 1 runs. */
static bool keep_old(const dd__vcache_t *vc, size_t i)
{
	if (atomic_load_explicit(&vc->used[i], memory_order_relaxed)) {
		return true;
	}
	return vc->gen - (gv_get(&vc->old[i]) >> 1) < vc->keep;
}

/* Buffered writing with the running checksum. */
typedef struct wbuf {
	int fd;
	dd__sha256_ctx_t *sum;
	uint8_t b[1 << 16];
	size_t n;
	int err;
} wbuf_t;

static void wflush(wbuf_t *w)
{
	size_t off = 0;
	while (w->err == 0 && off < w->n) {
		ssize_t k = write(w->fd, w->b + off, w->n - off);
		if (k < 0 && errno == EINTR) {
			continue;
		}
		if (k <= 0) {
			w->err = k < 0 ? errno : EIO;
			break;
		}
		off += (size_t)k;
	}
	w->n = 0;
}

static void wput(wbuf_t *w, const void *p, size_t len)
{
	if (w->err == 0 && dd__sha256_add(w->sum, p, len) != DD_OK) {
		w->err = EIO;
	}
	if (w->n + len > sizeof(w->b)) {
		wflush(w);
	}
	memcpy(w->b + w->n, p, len);
	w->n += len;
}

/* Merge the kept old entries and the fresh ones in digest order; write them when @p w is not
 * NULL. @return how many. */
static size_t merge(dd__vcache_t *vc, wbuf_t *w, size_t *pruned)
{
	size_t i = 0, j = 0, n = 0;
	*pruned = 0;
	while (i < vc->nold || j < vc->nfresh) {
		int c = i == vc->nold ? 1 : j == vc->nfresh ? -1
		                                             : memcmp(vc->old[i].d, vc->fresh[j].d,
		                                                      DD_VERDICT_KEY_LEN);
		vent_t e;
		if (c <= 0) {
			while (j < vc->nfresh && memcmp(vc->old[i].d, vc->fresh[j].d,
			                                DD_VERDICT_KEY_LEN) == 0) {
				j++;  /* made again in this run: the file keeps one entry */
			}
			if (!keep_old(vc, i)) {
				(*pruned)++;
				i++;
				continue;
			}
			e = vc->old[i];
			if (atomic_load_explicit(&vc->used[i], memory_order_relaxed)) {
				gv_set(&e, vc->gen, gv_get(&e) & 1);
			}
			i++;
		} else {
			e = vc->fresh[j++];
			if (j < vc->nfresh && vent_cmp(&e, &vc->fresh[j]) == 0) {
				continue;  /* a repeat: the next one is written */
			}
		}
		if (w != NULL) {
			wput(w, &e, sizeof(e));
		}
		n++;
	}
	return n;
}

int dd__vcache_save(dd__vcache_t *vc, char *notice, size_t nlen)
{
	if (notice != NULL && nlen > 0) {
		notice[0] = '\0';
	}
	if (vc == NULL || notice == NULL || nlen == 0) {
		return DD_EINVAL;
	}
	if (!vc->writable) {
		return DD_OK;
	}
	if (vc->nfresh > 1) {
		qsort(vc->fresh, vc->nfresh, sizeof(*vc->fresh), vent_cmp);
	}
	size_t pruned = 0;
	size_t total = merge(vc, NULL, &pruned);
	size_t plen = strlen(vc->path);
	char *tmp = malloc(plen + 8);
	wbuf_t *w = calloc(1, sizeof(*w));
	if (tmp == NULL || w == NULL) {
		free(tmp);
		free(w);
		return DD_ENOMEM;
	}
	memcpy(tmp, vc->path, plen);
	memcpy(tmp + plen, ".XXXXXX", 8);
	w->fd = mkstemp(tmp);  /* 0600, beside the file: rename() stays in one file system */
	int ret = DD_OK;
	if (w->fd < 0) {
		w->err = errno;
	} else if ((ret = dd__sha256_begin(&w->sum)) != DD_OK) {
		w->err = EIO;
	}
	if (w->err == 0) {
		uint8_t h[VC_HEADER] = { 0 };
		memcpy(h, VC_MAGIC, 8);
		uint32_t v32[4] = { htole32(VC_VERSION), htole32(DD_VCACHE_ENTRY_OCTETS),
			            htole32(vc->gen), htole32(vc->keep) };
		memcpy(h + 8, v32, sizeof(v32));
		uint64_t cnt = htole64((uint64_t)total);
		memcpy(h + 24, &cnt, 8);
		wput(w, h, sizeof(h));
		merge(vc, w, &pruned);
		wflush(w);
		uint8_t sum[DD_SHA256_LEN];
		if (w->err == 0 && dd__sha256_end(w->sum, sum) != DD_OK) {
			w->err = EIO;
		}
		w->sum = NULL;
		if (w->err == 0 && pwrite(w->fd, sum, sizeof(sum), VC_SUM_AT) != sizeof(sum)) {
			w->err = errno ? errno : EIO;
		}
		if (w->err == 0 && fsync(w->fd) != 0) {
			w->err = errno;
		}
	}
	dd__sha256_end(w->sum, NULL);
	if (w->fd >= 0 && close(w->fd) != 0 && w->err == 0) {
		w->err = errno;
	}
	if (w->err == 0 && rename(tmp, vc->path) != 0) {
		w->err = errno;
	}
	if (w->err != 0) {
		if (w->fd >= 0) {
			unlink(tmp);
		}
		snprintf(notice, nlen, "verification cache '%s' not written: %s", vc->path,
		         strerror(w->err));
		ret = DD_EIO;
	} else {
		vc->written = total;
		vc->pruned = pruned;
	}
	free(tmp);
	free(w);
	return ret;
}

void dd__vcache_stats(dd__vcache_t *vc, dd__vcache_stats_t *st)
{
	if (vc == NULL || st == NULL) {
		return;
	}
	*st = (dd__vcache_stats_t){
		.hits = atomic_load(&vc->hits),
		.misses = atomic_load(&vc->misses),
		.loaded = vc->nold,
		.written = vc->written,
		.pruned = vc->pruned,
		.generation = vc->gen,
	};
}

void dd__vcache_free(dd__vcache_t *vc)
{
	if (vc == NULL) {
		return;
	}
	pthread_mutex_destroy(&vc->lock);
	free(vc->path);
	free(vc->file);
	free((void *)vc->used);
	free(vc->index);
	free(vc->fresh);
	free(vc);
}
