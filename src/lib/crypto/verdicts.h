/* SPDX-License-Identifier: MIT
 * verdicts.h - internal: a store of cryptographic verdicts consulted exactly where
 * dd_sig_verify() would call OpenSSL (crypto/verify.c), so a caller above crypto/ (check-zone's
 * verification cache, validate/vcache.c) answers a signature it has seen without crypto/ calling
 * up into it: the store is a pair of function pointers. Declares no third-party type. Not
 * installed. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "dd/verify.h"

/** Octets of a verdict key: SHA-256 of the DNSKEY RDATA, the RRSIG RDATA and the signed data
 *  (RFC 4034 3.1.8.1), each preceded by its length (the key of dd_verify_memo_t too). */
#define DD_VERDICT_KEY_LEN 32

/** Where verdicts are looked up and remembered. Only DD_CRYPTO_VALID and DD_CRYPTO_INVALID are
 *  ever stored or answered: the window, the mismatches and an unsupported algorithm are
 *  decided anew on every call. */
typedef struct dd__verdicts {
	/** The verdict for @p key into @p out; false when unknown. Called from worker threads. */
	bool (*get)(void *ctx, const uint8_t key[DD_VERDICT_KEY_LEN], dd_crypto_t *out);
	/** Remember the verdict just computed for @p key. Called from worker threads. */
	void (*put)(void *ctx, const uint8_t key[DD_VERDICT_KEY_LEN], dd_crypto_t verdict);
	void *ctx;
} dd__verdicts_t;

/**
 * dd_sig_verify() with the memo @p memo (NULL: none) and the store @p vs (NULL: none): the
 * signed data is built and hashed as always, the memo then the store are asked, and OpenSSL
 * verifies only when neither knows the answer (the result then goes to both). Every other field
 * of @p res (window, mismatch bits, wildcard, TTL) is computed on every call.
 * @return as dd_sig_verify().
 * @rfc RFC 4034 3.1.8.1; RFC 4035 5.3
 */
int dd__sig_verify_with(dd_verify_memo_t *memo, const dd__verdicts_t *vs, const dd_rrset_t *rrset,
                        const uint8_t *rrsig, size_t rrsig_len, const dd_key_t *key, int64_t at,
                        dd_sig_result_t *res);
