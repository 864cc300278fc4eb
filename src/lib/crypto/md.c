/* SPDX-License-Identifier: MIT
 * md.c - the process-wide table of fetched OpenSSL message digests (the library's only global),
 * which of them each DNSSEC algorithm signs with, and SHA-256 for callers outside crypto/. The
 * bottom of crypto/: it calls no other crypto file, so key.c and verify.c both use it without
 * calling each other back. */

#include <pthread.h>
#include <string.h>

#include "crypto.h"
#include "crypto/sha256.h"
#include "dd/algorithm.h"
#include "dd/error.h"

static EVP_MD *mds[DD_MD_COUNT];
static pthread_once_t mds_once = PTHREAD_ONCE_INIT;

static void mds_fetch(void)
{
	static const char *const names[DD_MD_COUNT] = { "SHA1", "SHA256", "SHA384", "SHA512" };
	for (int i = 0; i < DD_MD_COUNT; i++) {
		mds[i] = EVP_MD_fetch(NULL, names[i], NULL);
	}
}

const EVP_MD *dd__md(dd_md_t which)
{
	if ((unsigned)which >= DD_MD_COUNT) {
		return NULL;
	}
	pthread_once(&mds_once, mds_fetch);
	return mds[which];
}

const EVP_MD *dd__sig_md(uint8_t alg)
{
	switch (alg) {
	case DD_ALG_RSASHA1:
	case DD_ALG_RSASHA1_NSEC3_SHA1: return dd__md(DD_MD_SHA1);
	case DD_ALG_RSASHA256:
	case DD_ALG_ECDSAP256SHA256:    return dd__md(DD_MD_SHA256);
	case DD_ALG_ECDSAP384SHA384:    return dd__md(DD_MD_SHA384);
	case DD_ALG_RSASHA512:          return dd__md(DD_MD_SHA512);
	default:                        return NULL;  /* EdDSA: no separate digest */
	}
}

int dd__sha256(const uint8_t *in, size_t len, uint8_t out[DD_SHA256_LEN])
{
	const EVP_MD *md = dd__md(DD_MD_SHA256);
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned hlen = 0;
	if (md == NULL || EVP_Digest(in, len, h, &hlen, md, NULL) != 1 || hlen != DD_SHA256_LEN) {
		return DD_ECRYPTO;
	}
	memcpy(out, h, DD_SHA256_LEN);
	return DD_OK;
}

int dd__sha256_begin(dd__sha256_ctx_t **out)
{
	const EVP_MD *md = dd__md(DD_MD_SHA256);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx == NULL) {
		return DD_ENOMEM;
	}
	if (md == NULL || EVP_DigestInit_ex(ctx, md, NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return DD_ECRYPTO;
	}
	*out = (dd__sha256_ctx_t *)ctx;
	return DD_OK;
}

int dd__sha256_add(dd__sha256_ctx_t *ctx, const void *in, size_t len)
{
	return EVP_DigestUpdate((EVP_MD_CTX *)ctx, in, len) == 1 ? DD_OK : DD_ECRYPTO;
}

int dd__sha256_end(dd__sha256_ctx_t *ctx, uint8_t out[DD_SHA256_LEN])
{
	if (ctx == NULL) {
		return DD_OK;
	}
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned hlen = 0;
	int ret = DD_OK;
	if (out != NULL) {
		ret = EVP_DigestFinal_ex((EVP_MD_CTX *)ctx, h, &hlen) == 1 && hlen == DD_SHA256_LEN
		              ? DD_OK : DD_ECRYPTO;
		if (ret == DD_OK) {
			memcpy(out, h, DD_SHA256_LEN);
		}
	}
	EVP_MD_CTX_free((EVP_MD_CTX *)ctx);
	return ret;
}
