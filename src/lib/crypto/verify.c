/* SPDX-License-Identifier: MIT
 * verify.c - RRSIG verification with OpenSSL 3 EVP: validity window (RFC 4034 3.1.5 with
 * RFC 1982 arithmetic), key/signature mismatch reasons (RFC 4035 5.3.1), and the signature
 * itself over the canonical signed data (RFC 4034 3.1.8.1). */

#include <string.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/err.h>

#include "crypto.h"
#include "crypto/verdicts.h"
#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/name.h"
#include "dd/verify.h"
#include "dns/trie.h"

dd_window_t dd_sig_window(const dd_rrsig_t *sig, int64_t at, int64_t *seconds)
{
	uint32_t now = (uint32_t)at;
	/* RFC 1982: the signed 32-bit difference orders two serials less than 2^31 apart */
	int64_t span = (int32_t)(sig->expiration - sig->inception);
	int64_t since_inception = (int32_t)(now - sig->inception);
	int64_t to_expiration = (int32_t)(sig->expiration - now);
	dd_window_t w;
	int64_t s;
	if (span < 0) {
		w = DD_WINDOW_INVERTED;
		s = 0;
	} else if (since_inception < 0) {
		w = DD_WINDOW_NOT_YET_VALID;
		s = -since_inception;
	} else if (to_expiration < 0) {
		w = DD_WINDOW_EXPIRED;
		s = -to_expiration;
	} else {
		w = DD_WINDOW_VALID;
		s = to_expiration;
	}
	if (seconds != NULL) {
		*seconds = s;
	}
	return w;
}

/* RFC 6605 4: the signature is r | s, each the curve size; OpenSSL wants the DER of
 * ECDSA-Sig-Value (RFC 3279 2.2.3), which OpenSSL writes into @p der (at most 2 + 2 * (3 + 48)
 * = 104 octets for P-384). @return its length; 0 when @p len is not twice @p half; -1 out of
 * memory. */
static int ecdsa_der(const uint8_t *sig, size_t len, size_t half, uint8_t der[104])
{
	if (len != 2 * half || half > 48) {
		return 0;
	}
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)half, NULL);
	BIGNUM *s = BN_bin2bn(sig + half, (int)half, NULL);
	if (es == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(es, r, s) != 1) {
		ECDSA_SIG_free(es);
		BN_free(r);
		BN_free(s);
		return -1;
	}
	unsigned char *p = der;
	int n = i2d_ECDSA_SIG(es, NULL) <= 104 ? i2d_ECDSA_SIG(es, &p) : -1;
	ECDSA_SIG_free(es);
	return n > 0 ? n : -1;
}

/* Per thread: a verification context per key (a copy of the key's template, made once and
 * used for every signature that key verifies on this thread: EVP_PKEY_verify() keeps no state
 * between calls) and one digest context, freed when the thread ends. Keys are told apart by
 * dd__key_serial(), never by address (a freed key's address comes back for another); a context
 * holds its own reference to the key, so one outliving its key is only memory until evicted. */
#define TL_KEYS 8
typedef struct {
	struct {
		uint64_t serial;
		EVP_PKEY_CTX *ctx;
	} e[TL_KEYS];
	unsigned next;
	EVP_MD_CTX *md;
} tl_cache_t;

static pthread_key_t tl_key;
static pthread_once_t tl_once = PTHREAD_ONCE_INIT;
static bool tl_ok;

static void tl_free(void *arg)
{
	tl_cache_t *t = arg;
	for (unsigned i = 0; i < TL_KEYS; i++) {
		EVP_PKEY_CTX_free(t->e[i].ctx);
	}
	EVP_MD_CTX_free(t->md);
	free(t);
}

static void tl_init(void)
{
	tl_ok = pthread_key_create(&tl_key, tl_free) == 0;
}

/* This thread's cache, or NULL (no memory, no key). */
static tl_cache_t *tl_get(void)
{
	pthread_once(&tl_once, tl_init);
	if (!tl_ok) {
		return NULL;
	}
	tl_cache_t *t = pthread_getspecific(tl_key);
	if (t == NULL) {
		t = calloc(1, sizeof(*t));
		if (t == NULL || pthread_setspecific(tl_key, t) != 0) {
			free(t);
			return NULL;
		}
	}
	return t;
}

/* This thread's context for @p key (a copy of @p tpl), or NULL. */
static EVP_PKEY_CTX *tl_ctx(tl_cache_t *t, const dd_key_t *key, EVP_PKEY_CTX *tpl)
{
	uint64_t serial = dd__key_serial(key);
	for (unsigned i = 0; i < TL_KEYS; i++) {
		if (t->e[i].ctx != NULL && t->e[i].serial == serial) {
			return t->e[i].ctx;
		}
	}
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_dup(tpl);
	if (pc == NULL) {
		return NULL;
	}
	unsigned i = t->next++ % TL_KEYS;  /* the oldest goes */
	EVP_PKEY_CTX_free(t->e[i].ctx);
	t->e[i].serial = serial;
	t->e[i].ctx = pc;
	return pc;
}

/* Verify @p sig over @p data with @p key; the verdict goes to @p out. */
static int crypto_verify(const dd_key_t *key, const uint8_t *data, size_t len,
                         const uint8_t *sig, size_t siglen, dd_crypto_t *out)
{
	uint8_t alg = dd_key_algorithm(key);
	uint8_t der[104];
	if (alg == DD_ALG_ECDSAP256SHA256 || alg == DD_ALG_ECDSAP384SHA384) {
		int dl = ecdsa_der(sig, siglen, alg == DD_ALG_ECDSAP256SHA256 ? 32 : 48, der);
		if (dl == 0) {
			*out = DD_CRYPTO_INVALID;  /* wrong signature length: cannot verify */
			return DD_OK;
		}
		if (dl < 0) {
			return DD_ENOMEM;
		}
		sig = der;
		siglen = (size_t)dl;
	}

	int ret = DD_ECRYPTO;
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY_CTX *tpl = dd__key_vctx(key);
	tl_cache_t *t = tpl != NULL ? tl_get() : NULL;
	if (t != NULL && t->md == NULL) {
		t->md = EVP_MD_CTX_new();
	}
	if (t != NULL && t->md != NULL) {
		/* hash with this thread's digest context, then verify with this thread's copy of
		 * the key's ready context (no method lookup, no copy per signature) */
		uint8_t h[EVP_MAX_MD_SIZE];
		unsigned hlen = 0;
		EVP_PKEY_CTX *pc = NULL;
		if (EVP_DigestInit_ex(t->md, dd__sig_md(alg), NULL) != 1 ||
		    EVP_DigestUpdate(t->md, data, len) != 1 ||
		    EVP_DigestFinal_ex(t->md, h, &hlen) != 1 ||
		    (pc = tl_ctx(t, key, tpl)) == NULL) {
			goto out;
		}
		*out = EVP_PKEY_verify(pc, sig, siglen, h, hlen) == 1 ? DD_CRYPTO_VALID
		                                                      : DD_CRYPTO_INVALID;
		ret = DD_OK;
		goto out;
	}
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL) {
		ret = DD_ENOMEM;
		goto out;
	}
	if (EVP_DigestVerifyInit(ctx, NULL, dd__sig_md(alg), NULL, dd__key_pkey(key)) != 1) {
		goto out;
	}
	/* 1: valid; 0: invalid; <0: the signature could not even be decoded, also invalid */
	*out = EVP_DigestVerify(ctx, sig, siglen, data, len) == 1 ? DD_CRYPTO_VALID
	                                                            : DD_CRYPTO_INVALID;
	ret = DD_OK;
out:
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	return ret;
}

struct dd_verify_memo {
	pthread_mutex_t lock;
	dd_trie_t *verdicts;   /* memo key -> crypto outcome + 1 */
	size_t entries, max_entries, hits, misses;
};

int dd_verify_memo_new(size_t max_entries, dd_verify_memo_t **out)
{
	if (out == NULL || max_entries == 0) {
		return DD_EINVAL;
	}
	dd_verify_memo_t *m = calloc(1, sizeof(*m));
	if (m == NULL || dd__trie_new(&m->verdicts) != DD_OK) {
		free(m);
		return DD_ENOMEM;
	}
	pthread_mutex_init(&m->lock, NULL);
	m->max_entries = max_entries;
	*out = m;
	return DD_OK;
}

void dd_verify_memo_free(dd_verify_memo_t *memo)
{
	if (memo == NULL) {
		return;
	}
	dd__trie_free(memo->verdicts);  /* values are small integers, nothing to free */
	pthread_mutex_destroy(&memo->lock);
	free(memo);
}

void dd_verify_memo_stats(dd_verify_memo_t *memo, size_t *hits, size_t *misses)
{
	if (memo == NULL) {
		return;
	}
	pthread_mutex_lock(&memo->lock);
	if (hits != NULL) {
		*hits = memo->hits;
	}
	if (misses != NULL) {
		*misses = memo->misses;
	}
	pthread_mutex_unlock(&memo->lock);
}

/* The memo key: SHA-256 of the key RDATA, the RRSIG RDATA and the signed data, each with
 * its length; with this thread's digest context when it has one (one per signature adds up:
 * every signature of a re-check with a warm cache is looked up by this key). */
static bool memo_key(const dd_key_t *key, const uint8_t *rrsig, size_t rrsig_len,
                     const dd_buf_t *data, uint8_t out[32])
{
	size_t kl = 0;
	const uint8_t *kr = dd_key_rdata(key, &kl);
	uint64_t lens[3] = { kl, rrsig_len, data->len };
	tl_cache_t *t = tl_get();
	if (t != NULL && t->md == NULL) {
		t->md = EVP_MD_CTX_new();
	}
	EVP_MD_CTX *ctx = t != NULL && t->md != NULL ? t->md : EVP_MD_CTX_new();
	unsigned int len = 0;
	bool ok = ctx != NULL && EVP_DigestInit_ex(ctx, dd__md(DD_MD_SHA256), NULL) == 1 &&
	          EVP_DigestUpdate(ctx, lens, sizeof(lens)) == 1 &&
	          EVP_DigestUpdate(ctx, kr, kl) == 1 &&
	          EVP_DigestUpdate(ctx, rrsig, rrsig_len) == 1 &&
	          EVP_DigestUpdate(ctx, data->data, data->len) == 1 &&
	          EVP_DigestFinal_ex(ctx, out, &len) == 1 && len == 32;
	if (t == NULL || ctx != t->md) {
		EVP_MD_CTX_free(ctx);
	}
	return ok;
}

static int sig_verify(dd_verify_memo_t *memo, const dd__verdicts_t *vs, const dd_rrset_t *rrset,
                      const uint8_t *rrsig, size_t rrsig_len, const dd_key_t *key, int64_t at,
                      dd_sig_result_t *res);

int dd_sig_verify(const dd_rrset_t *rrset, const uint8_t *rrsig, size_t rrsig_len,
                  const dd_key_t *key, int64_t at, dd_sig_result_t *res)
{
	return sig_verify(NULL, NULL, rrset, rrsig, rrsig_len, key, at, res);
}

int dd_sig_verify_memo(dd_verify_memo_t *memo, const dd_rrset_t *rrset, const uint8_t *rrsig,
                       size_t rrsig_len, const dd_key_t *key, int64_t at, dd_sig_result_t *res)
{
	return sig_verify(memo, NULL, rrset, rrsig, rrsig_len, key, at, res);
}

int dd__sig_verify_with(dd_verify_memo_t *memo, const dd__verdicts_t *vs, const dd_rrset_t *rrset,
                        const uint8_t *rrsig, size_t rrsig_len, const dd_key_t *key, int64_t at,
                        dd_sig_result_t *res)
{
	return sig_verify(memo, vs, rrset, rrsig, rrsig_len, key, at, res);
}

static int sig_verify(dd_verify_memo_t *memo, const dd__verdicts_t *vs, const dd_rrset_t *rrset,
                      const uint8_t *rrsig, size_t rrsig_len, const dd_key_t *key, int64_t at,
                      dd_sig_result_t *res)
{
	if (rrset == NULL || rrset->owner == NULL || rrsig == NULL || key == NULL || res == NULL) {
		return DD_EINVAL;
	}
	dd_rrsig_t sig;
	if (dd_rrsig_parse(rrsig, rrsig_len, &sig) != DD_OK ||
	    dd_name_check(rrset->owner, DD_NAME_MAXLEN) < 0) {
		return DD_EMALFORMED;
	}

	dd_sig_result_t r = { .crypto = DD_CRYPTO_NOT_TRIED };
	uint16_t flags = dd_key_flags(key);
	unsigned owner_labels = dd_name_rrsig_labels(rrset->owner);
	if (sig.type_covered != rrset->type) {
		r.mismatch |= DD_SIG_MISMATCH_TYPE;
	}
	if (!dd_name_equal(sig.signer, dd_key_owner(key))) {
		r.mismatch |= DD_SIG_MISMATCH_SIGNER;
	}
	if (!dd_name_in_zone(rrset->owner, sig.signer)) {
		r.mismatch |= DD_SIG_MISMATCH_SIGNER_ZONE;
	}
	if (sig.algorithm != dd_key_algorithm(key)) {
		r.mismatch |= DD_SIG_MISMATCH_ALGORITHM;
	}
	if (sig.key_tag != dd_key_tag(key)) {
		r.mismatch |= DD_SIG_MISMATCH_KEYTAG;
	}
	if (!(flags & DD_DNSKEY_FLAG_ZONE)) {
		r.mismatch |= DD_SIG_MISMATCH_ZONE_FLAG;
	}
	if (flags & DD_DNSKEY_FLAG_REVOKE) {
		r.mismatch |= DD_SIG_MISMATCH_REVOKED;
	}
	if (dd_key_protocol(key) != DD_DNSKEY_PROTOCOL) {
		r.mismatch |= DD_SIG_MISMATCH_PROTOCOL;
	}
	if (sig.labels > owner_labels) {
		r.mismatch |= DD_SIG_MISMATCH_LABELS;
	}
	r.wildcard = sig.labels < owner_labels;
	r.ttl_above_original = rrset->ttl > sig.original_ttl;
	r.window = dd_sig_window(&sig, at, &r.window_seconds);

	if (sig.algorithm != dd_key_algorithm(key)) {
		r.crypto = DD_CRYPTO_NOT_TRIED;
	} else if (!dd_key_supported(key)) {
		r.crypto = DD_CRYPTO_UNSUPPORTED;
	} else {
		dd_buf_t data = { 0 };
		int ret = dd_sig_signed_data(rrset, rrsig, rrsig_len, &data);
		if (ret != DD_OK) {
			return ret;
		}
		uint8_t mk[DD_VERDICT_KEY_LEN];
		bool keyed = (memo != NULL || vs != NULL) &&
		             memo_key(key, rrsig, rrsig_len, &data, mk);
		uintptr_t known = 0;
		if (keyed && memo != NULL) {
			pthread_mutex_lock(&memo->lock);
			known = (uintptr_t)dd__trie_get(memo->verdicts, mk, sizeof(mk));
			if (known != 0) {
				memo->hits++;
			}
			pthread_mutex_unlock(&memo->lock);
		}
		dd_crypto_t stored;
		if (known == 0 && keyed && vs != NULL && vs->get(vs->ctx, mk, &stored) &&
		    (stored == DD_CRYPTO_VALID || stored == DD_CRYPTO_INVALID)) {
			known = (uintptr_t)stored + 1;
		}
		if (known != 0) {
			r.crypto = (dd_crypto_t)(known - 1);
		} else {
			ret = crypto_verify(key, data.data, data.len, sig.signature,
			                    sig.signature_len, &r.crypto);
			if (ret == DD_OK && keyed && vs != NULL) {
				vs->put(vs->ctx, mk, r.crypto);
			}
			if (ret == DD_OK && keyed && memo != NULL) {
				pthread_mutex_lock(&memo->lock);
				memo->misses++;
				if (memo->entries < memo->max_entries &&
				    dd__trie_set(memo->verdicts, mk, sizeof(mk),
				                 (void *)(uintptr_t)(r.crypto + 1)) == DD_OK) {
					memo->entries++;
				}
				pthread_mutex_unlock(&memo->lock);
			}
		}
		dd_buf_free(&data);
		if (ret != DD_OK) {
			return ret;
		}
	}
	*res = r;
	return DD_OK;
}

bool dd_sig_result_ok(const dd_sig_result_t *res)
{
	return res->crypto == DD_CRYPTO_VALID && res->window == DD_WINDOW_VALID &&
	       res->mismatch == 0;
}

const char *dd_sig_mismatch_name(uint32_t bit)
{
	switch (bit) {
	case DD_SIG_MISMATCH_SIGNER:      return "signer";
	case DD_SIG_MISMATCH_ALGORITHM:   return "algorithm";
	case DD_SIG_MISMATCH_KEYTAG:      return "keytag";
	case DD_SIG_MISMATCH_ZONE_FLAG:   return "zone-flag";
	case DD_SIG_MISMATCH_REVOKED:     return "revoked";
	case DD_SIG_MISMATCH_PROTOCOL:    return "protocol";
	case DD_SIG_MISMATCH_LABELS:      return "labels";
	case DD_SIG_MISMATCH_TYPE:        return "type";
	case DD_SIG_MISMATCH_SIGNER_ZONE: return "signer-zone";
	default:                          return NULL;
	}
}

const char *dd_crypto_name(dd_crypto_t crypto)
{
	switch (crypto) {
	case DD_CRYPTO_VALID:       return "valid";
	case DD_CRYPTO_INVALID:     return "invalid";
	case DD_CRYPTO_UNSUPPORTED: return "unsupported";
	case DD_CRYPTO_NOT_TRIED:   return "not tried";
	}
	return "unknown";
}

const char *dd_window_name(dd_window_t window)
{
	switch (window) {
	case DD_WINDOW_VALID:         return "valid";
	case DD_WINDOW_EXPIRED:       return "expired";
	case DD_WINDOW_NOT_YET_VALID: return "not yet valid";
	case DD_WINDOW_INVERTED:      return "inverted";
	}
	return "unknown";
}
