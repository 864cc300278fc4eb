/* SPDX-License-Identifier: MIT
 * mdstream.c - a message digest fed in pieces (EVP_DigestInit/Update/Final over the digests
 * md.c fetched once), behind an opaque type so that callers outside crypto/ need no OpenSSL
 * header. Uses md.c only. */

#include <stdlib.h>

#include "crypto.h"
#include "crypto/mdstream.h"
#include "dd/error.h"

struct dd__mds {
	EVP_MD_CTX *ctx;
};

int dd__mds_new(dd__mds_alg_t alg, dd__mds_t **out)
{
	dd_md_t which;
	switch (alg) {
	case DD__MDS_SHA384: which = DD_MD_SHA384; break;
	case DD__MDS_SHA512: which = DD_MD_SHA512; break;
	default:             return DD_EINVAL;
	}
	const EVP_MD *md = dd__md(which);
	if (md == NULL) {
		return DD_ECRYPTO;
	}
	dd__mds_t *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		return DD_ENOMEM;
	}
	s->ctx = EVP_MD_CTX_new();
	if (s->ctx == NULL) {
		free(s);
		return DD_ENOMEM;
	}
	if (EVP_DigestInit_ex(s->ctx, md, NULL) != 1) {
		dd__mds_free(s);
		return DD_ECRYPTO;
	}
	*out = s;
	return DD_OK;
}

int dd__mds_update(dd__mds_t *s, const void *data, size_t len)
{
	if (len == 0) {
		return DD_OK;
	}
	return EVP_DigestUpdate(s->ctx, data, len) == 1 ? DD_OK : DD_ECRYPTO;
}

int dd__mds_final(dd__mds_t *s, uint8_t out[DD__MDS_MAX_LEN], size_t *len)
{
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned hl = 0;
	if (EVP_DigestFinal_ex(s->ctx, h, &hl) != 1 || hl > DD__MDS_MAX_LEN) {
		return DD_ECRYPTO;
	}
	for (unsigned i = 0; i < hl; i++) {
		out[i] = h[i];
	}
	*len = hl;
	return DD_OK;
}

void dd__mds_free(dd__mds_t *s)
{
	if (s == NULL) {
		return;
	}
	EVP_MD_CTX_free(s->ctx);
	free(s);
}
