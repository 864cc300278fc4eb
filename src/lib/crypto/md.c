/* SPDX-License-Identifier: MIT
 * md.c - the process-wide table of fetched OpenSSL message digests (the library's only global). */

#include <pthread.h>

#include "crypto.h"

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
