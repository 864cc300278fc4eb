/* SPDX-License-Identifier: MIT
 * mdstream.h - internal: a message digest fed in pieces (crypto/mdstream.c), for code outside
 * crypto/ that hashes more than it can hold at once but must not include OpenSSL (check-zone's
 * ZONEMD, RFC 8976). Declares no OpenSSL type. Not installed. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/** The digests a stream can compute. */
typedef enum dd__mds_alg {
	DD__MDS_SHA384 = 0,         /**< SHA-384 (FIPS 180-4), 48 octets */
	DD__MDS_SHA512,             /**< SHA-512 (FIPS 180-4), 64 octets */
} dd__mds_alg_t;

/** The longest output of any dd__mds_alg_t, in octets. */
#define DD__MDS_MAX_LEN 64

/** A digest in progress; opaque. */
typedef struct dd__mds dd__mds_t;

/**
 * Start a digest of @p alg.
 * @param[out] out  new stream (dd__mds_free()); written only on DD_OK.
 * @return DD_OK, DD_EINVAL (unknown @p alg), DD_ENOMEM, DD_ECRYPTO (the provider lacks it).
 */
int dd__mds_new(dd__mds_alg_t alg, dd__mds_t **out);

/** Feed @p len octets at @p data. @return DD_OK, DD_ECRYPTO. */
int dd__mds_update(dd__mds_t *s, const void *data, size_t len);

/**
 * Finish: the digest into @p out (DD__MDS_MAX_LEN octets of room), its length into @p len.
 * The stream takes no more data afterwards. @return DD_OK, DD_ECRYPTO.
 */
int dd__mds_final(dd__mds_t *s, uint8_t out[DD__MDS_MAX_LEN], size_t *len);

/** Free a stream; NULL is a no-op. */
void dd__mds_free(dd__mds_t *s);
