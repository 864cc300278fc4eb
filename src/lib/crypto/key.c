/* SPDX-License-Identifier: MIT
 * key.c - DNSKEY RDATA to an OpenSSL 3 public key: RSA (RFC 3110 2, RFC 5702), ECDSA
 * (RFC 6605 4), EdDSA (RFC 8080 3); recognised-but-unsupported algorithms keep their fields. */

#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

#include <openssl/rsa.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include "crypto.h"
#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/name.h"
#include "dd/rdata.h"

struct dd_key {
	EVP_PKEY *pkey;          /* NULL when the algorithm is unsupported */
	EVP_PKEY_CTX *vctx;      /* verification template (dd__key_vctx()), or NULL */
	uint64_t serial;         /* unique in the process (dd__key_serial()) */
	uint8_t *rdata;
	size_t rdlen;
	uint8_t owner[DD_NAME_MAXLEN];
	uint16_t tag;
	uint16_t flags;
	uint8_t protocol;
	uint8_t algorithm;
	unsigned bits;
	unsigned exp_bits;
};

/* Significant bits of a big-endian unsigned integer. */
static unsigned be_bits(const uint8_t *p, size_t len)
{
	while (len > 0 && *p == 0) {
		p++;
		len--;
	}
	if (len == 0) {
		return 0;
	}
	unsigned bits = (unsigned)(len - 1) * 8;
	for (uint8_t top = *p; top != 0; top >>= 1) {
		bits++;
	}
	return bits;
}

/* RFC 3110 2: exponent length in one octet, or 0 and then two octets; exponent; modulus. */
static int rsa_split(const uint8_t *p, size_t len, const uint8_t **e, size_t *elen,
                     const uint8_t **n, size_t *nlen)
{
	size_t off, el;
	if (len < 1) {
		return DD_EMALFORMED;
	}
	if (p[0] != 0) {
		el = p[0];
		off = 1;
	} else {
		if (len < 3) {
			return DD_EMALFORMED;
		}
		el = (size_t)p[1] << 8 | p[2];
		off = 3;
	}
	if (el == 0 || len - off <= el) {
		return DD_EMALFORMED;  /* no exponent, or no modulus */
	}
	*e = p + off;
	*elen = el;
	*n = p + off + el;
	*nlen = len - off - el;
	if (be_bits(*e, *elen) == 0 || be_bits(*n, *nlen) == 0) {
		return DD_EMALFORMED;
	}
	return DD_OK;
}

static int load_rsa(dd_key_t *key, const uint8_t *p, size_t len, bool build)
{
	const uint8_t *e, *n;
	size_t elen, nlen;
	int ret = rsa_split(p, len, &e, &elen, &n, &nlen);
	if (ret != DD_OK) {
		return ret;
	}
	key->bits = be_bits(n, nlen);
	key->exp_bits = be_bits(e, elen);
	if (!build) {
		return DD_OK;
	}

	ret = DD_ECRYPTO;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	BIGNUM *bn_n = BN_bin2bn(n, (int)nlen, NULL);
	BIGNUM *bn_e = BN_bin2bn(e, (int)elen, NULL);
	if (bld == NULL || bn_n == NULL || bn_e == NULL ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) != 1) {
		goto out;
	}
	if (EVP_PKEY_fromdata(ctx, &key->pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		ret = DD_EMALFORMED;
		goto out;
	}
	ret = DD_OK;
out:
	BN_free(bn_n);
	BN_free(bn_e);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	return ret;
}

/* RFC 6605 4: the public key is the uncompressed point X | Y without the 0x04 prefix. */
static int load_ecdsa(dd_key_t *key, const uint8_t *p, size_t len)
{
	const char *group = key->algorithm == DD_ALG_ECDSAP256SHA256 ? "P-256" : "P-384";
	size_t want = key->algorithm == DD_ALG_ECDSAP256SHA256 ? 64 : 96;
	if (len != want) {
		return DD_EMALFORMED;
	}
	key->bits = (unsigned)want * 4;

	uint8_t point[1 + 96];
	point[0] = 0x04;
	memcpy(point + 1, p, len);
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
		OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, len + 1),
		OSSL_PARAM_END,
	};
	int ret = DD_ECRYPTO;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1) {
		goto out;
	}
	/* a point that is not on the curve is rejected here */
	ret = EVP_PKEY_fromdata(ctx, &key->pkey, EVP_PKEY_PUBLIC_KEY, params) == 1 ? DD_OK
	                                                                         : DD_EMALFORMED;
out:
	EVP_PKEY_CTX_free(ctx);
	return ret;
}

/* RFC 8080 3: the raw 32-octet (Ed25519) or 57-octet (Ed448) public key. */
static int load_eddsa(dd_key_t *key, const uint8_t *p, size_t len)
{
	bool ed25519 = key->algorithm == DD_ALG_ED25519;
	if (len != (ed25519 ? 32u : 57u)) {
		return DD_EMALFORMED;
	}
	key->bits = ed25519 ? 256 : 456;
	key->pkey = EVP_PKEY_new_raw_public_key_ex(NULL, ed25519 ? "ED25519" : "ED448", NULL, p, len);
	return key->pkey != NULL ? DD_OK : DD_EMALFORMED;
}

/* EVP_PKEY_verify() set up once for the key's algorithm (padding and digest), or NULL; a
 * failure here only costs speed: verification then sets up a context per signature. */
static EVP_PKEY_CTX *verify_template(const dd_key_t *key)
{
	const EVP_MD *md = dd__sig_md(key->algorithm);
	if (md == NULL) {
		return NULL;
	}
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL);
	if (ctx == NULL || EVP_PKEY_verify_init(ctx) != 1) {
		EVP_PKEY_CTX_free(ctx);
		return NULL;
	}
	bool rsa = key->algorithm != DD_ALG_ECDSAP256SHA256 &&
	           key->algorithm != DD_ALG_ECDSAP384SHA384;
	if ((rsa && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1) ||
	    EVP_PKEY_CTX_set_signature_md(ctx, md) != 1) {
		EVP_PKEY_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

EVP_PKEY_CTX *dd__key_vctx(const dd_key_t *key)
{
	return key->vctx;
}

int dd_key_new(const uint8_t *owner, const uint8_t *rdata, size_t len, dd_key_t **out)
{
	if (owner == NULL || rdata == NULL || out == NULL) {
		return DD_EINVAL;
	}
	int olen = dd_name_check(owner, DD_NAME_MAXLEN);
	dd_dnskey_t dk;
	if (olen < 0 || dd_dnskey_parse(rdata, len, &dk) != DD_OK) {
		return DD_EMALFORMED;
	}
	dd_key_t *key = calloc(1, sizeof(*key));
	if (key == NULL) {
		return DD_ENOMEM;
	}
	key->rdata = malloc(len);
	if (key->rdata == NULL) {
		free(key);
		return DD_ENOMEM;
	}
	memcpy(key->rdata, rdata, len);
	key->rdlen = len;
	static atomic_uint_fast64_t serials;
	key->serial = atomic_fetch_add(&serials, 1) + 1;
	memcpy(key->owner, owner, (size_t)olen);
	key->flags = dk.flags;
	key->protocol = dk.protocol;
	key->algorithm = dk.algorithm;
	key->tag = dd_keytag(rdata, len);

	int ret = DD_OK;
	switch (dk.algorithm) {
	case DD_ALG_RSAMD5:
		ret = load_rsa(key, dk.pubkey, dk.pubkey_len, false);
		break;
	case DD_ALG_RSASHA1:
	case DD_ALG_RSASHA1_NSEC3_SHA1:
	case DD_ALG_RSASHA256:
	case DD_ALG_RSASHA512:
		ret = load_rsa(key, dk.pubkey, dk.pubkey_len, true);
		break;
	case DD_ALG_ECDSAP256SHA256:
	case DD_ALG_ECDSAP384SHA384:
		ret = load_ecdsa(key, dk.pubkey, dk.pubkey_len);
		break;
	case DD_ALG_ED25519:
	case DD_ALG_ED448:
		ret = load_eddsa(key, dk.pubkey, dk.pubkey_len);
		break;
	case DD_ALG_DSA:
	case DD_ALG_DSA_NSEC3_SHA1:
		/* RFC 2536 2: T octet first, key size 512 + 64 * T bits (T <= 8) */
		if (dk.pubkey_len > 0 && dk.pubkey[0] <= 8) {
			key->bits = 512u + 64u * dk.pubkey[0];
		}
		break;
	case DD_ALG_ECC_GOST:
		key->bits = dk.pubkey_len == 64 ? 512 : 0;  /* RFC 5933 2 */
		break;
	default:
		break;  /* unknown or private algorithm: recognised, unsupported */
	}
	if (ret == DD_OK && key->pkey != NULL) {
		key->vctx = verify_template(key);
	}
	ERR_clear_error();
	if (ret != DD_OK) {
		dd_key_free(key);
		return ret;
	}
	*out = key;
	return DD_OK;
}

uint64_t dd__key_serial(const dd_key_t *key)
{
	return key->serial;
}

void dd_key_free(dd_key_t *key)
{
	if (key == NULL) {
		return;
	}
	EVP_PKEY_CTX_free(key->vctx);
	EVP_PKEY_free(key->pkey);
	free(key->rdata);
	free(key);
}

uint16_t dd_key_tag(const dd_key_t *key)
{
	return key->tag;
}

uint16_t dd_key_flags(const dd_key_t *key)
{
	return key->flags;
}

uint8_t dd_key_protocol(const dd_key_t *key)
{
	return key->protocol;
}

uint8_t dd_key_algorithm(const dd_key_t *key)
{
	return key->algorithm;
}

unsigned dd_key_bits(const dd_key_t *key)
{
	return key->bits;
}

bool dd_key_supported(const dd_key_t *key)
{
	return key->pkey != NULL;
}

unsigned dd_key_rsa_exponent_bits(const dd_key_t *key)
{
	return key->exp_bits;
}

const uint8_t *dd_key_owner(const dd_key_t *key)
{
	return key->owner;
}

const uint8_t *dd_key_rdata(const dd_key_t *key, size_t *len)
{
	if (len != NULL) {
		*len = key->rdlen;
	}
	return key->rdata;
}

EVP_PKEY *dd__key_pkey(const dd_key_t *key)
{
	return key->pkey;
}
