/* SPDX-License-Identifier: MIT
 * digest.c - DS digests (RFC 4034 5.1.4, RFC 4509, RFC 6605) and NSEC3 hashes (RFC 5155 5). */

#include <string.h>

#include "crypto.h"
#include "dd/algorithm.h"
#include "dd/ds.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/nsec3.h"
#include "dd/key.h"
#include "dd/rdata.h"

static const EVP_MD *ds_md(uint8_t digest_type)
{
	switch (digest_type) {
	case DD_DIGEST_SHA1:   return dd__md(DD_MD_SHA1);
	case DD_DIGEST_SHA256: return dd__md(DD_MD_SHA256);
	case DD_DIGEST_SHA384: return dd__md(DD_MD_SHA384);
	default:               return NULL;
	}
}

int dd_ds_digest(const uint8_t *owner, const uint8_t *rdata, size_t len, uint8_t digest_type,
                 uint8_t out[DD_DIGEST_MAXLEN], size_t *out_len)
{
	if (owner == NULL || (rdata == NULL && len > 0) || out == NULL || out_len == NULL) {
		return DD_EINVAL;
	}
	if (!dd_digest_supported(digest_type)) {
		return DD_EUNSUPPORTED;
	}
	int nlen = dd_name_check(owner, DD_NAME_MAXLEN);
	if (nlen < 0) {
		return DD_EMALFORMED;
	}
	const EVP_MD *md = ds_md(digest_type);
	if (md == NULL) {
		return DD_EUNSUPPORTED;  /* provider without it (FIPS without SHA-1, say) */
	}
	uint8_t lower[DD_NAME_MAXLEN];
	dd_name_to_lower(lower, owner);

	int ret = DD_ECRYPTO;
	unsigned int dlen = 0;
	uint8_t digest[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx == NULL) {
		return DD_ENOMEM;
	}
	if (EVP_DigestInit_ex2(ctx, md, NULL) == 1 &&
	    EVP_DigestUpdate(ctx, lower, (size_t)nlen) == 1 &&
	    (len == 0 || EVP_DigestUpdate(ctx, rdata, len) == 1) &&
	    EVP_DigestFinal_ex(ctx, digest, &dlen) == 1 && dlen <= DD_DIGEST_MAXLEN) {
		memcpy(out, digest, dlen);
		*out_len = dlen;
		ret = DD_OK;
	}
	EVP_MD_CTX_free(ctx);
	return ret;
}

int dd_nsec3_hash(const uint8_t *name, uint8_t algorithm, uint16_t iterations,
                  const uint8_t *salt, size_t salt_len, uint8_t out[DD_NSEC3_HASH_LEN])
{
	if (name == NULL || out == NULL || (salt == NULL && salt_len > 0) || salt_len > 255) {
		return DD_EINVAL;
	}
	if (algorithm != DD_NSEC3_HASH_SHA1) {
		return DD_EUNSUPPORTED;
	}
	int nlen = dd_name_check(name, DD_NAME_MAXLEN);
	if (nlen < 0) {
		return DD_EMALFORMED;
	}
	const EVP_MD *md = dd__md(DD_MD_SHA1);
	if (md == NULL) {
		return DD_EUNSUPPORTED;
	}
	uint8_t lower[DD_NAME_MAXLEN];
	dd_name_to_lower(lower, name);

	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx == NULL) {
		return DD_ENOMEM;
	}
	int ret = DD_ECRYPTO;
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned int hlen = 0;
	const uint8_t *in = lower;
	size_t in_len = (size_t)nlen;
	/* IH(salt, x, 0) = H(x || salt); IH(salt, x, k) = H(IH(salt, x, k-1) || salt) */
	for (unsigned k = 0; k <= iterations; k++) {
		if (EVP_DigestInit_ex2(ctx, md, NULL) != 1 ||
		    EVP_DigestUpdate(ctx, in, in_len) != 1 ||
		    (salt_len > 0 && EVP_DigestUpdate(ctx, salt, salt_len) != 1) ||
		    EVP_DigestFinal_ex(ctx, h, &hlen) != 1 || hlen != DD_NSEC3_HASH_LEN) {
			goto out;
		}
		in = h;
		in_len = hlen;
	}
	memcpy(out, h, DD_NSEC3_HASH_LEN);
	ret = DD_OK;
out:
	EVP_MD_CTX_free(ctx);
	return ret;
}

int dd_ds_match(const uint8_t *owner, const dd_ds_t *ds, const uint8_t *rdata, size_t len,
                dd_ds_result_t *res)
{
	if (owner == NULL || ds == NULL || rdata == NULL || res == NULL) {
		return DD_EINVAL;
	}
	dd_dnskey_t key;
	if (dd_dnskey_parse(rdata, len, &key) != DD_OK) {
		return DD_EMALFORMED;
	}
	dd_ds_result_t r = {
		.keytag_match = ds->key_tag == dd_keytag(rdata, len),
		.algorithm_match = ds->algorithm == key.algorithm,
		.zone_key = (key.flags & DD_DNSKEY_FLAG_ZONE) != 0,
		.protocol_ok = key.protocol == DD_DNSKEY_PROTOCOL,
	};
	uint8_t digest[DD_DIGEST_MAXLEN];
	size_t dlen = 0;
	int ret = dd_ds_digest(owner, rdata, len, ds->digest_type, digest, &dlen);
	if (ret == DD_EUNSUPPORTED) {
		r.digest = DD_DS_DIGEST_UNSUPPORTED;
	} else if (ret != DD_OK) {
		return ret;
	} else {
		r.digest = dlen == ds->digest_len && memcmp(digest, ds->digest, dlen) == 0
		                   ? DD_DS_DIGEST_MATCH
		                   : DD_DS_DIGEST_MISMATCH;
	}
	*res = r;
	return DD_OK;
}

bool dd_ds_result_ok(const dd_ds_result_t *res)
{
	return res->keytag_match && res->algorithm_match && res->digest == DD_DS_DIGEST_MATCH &&
	       res->zone_key && res->protocol_ok;
}
