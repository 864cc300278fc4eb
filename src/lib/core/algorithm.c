/* SPDX-License-Identifier: MIT
 * algorithm.c - tables of DNSSEC algorithms and DS digest types: names, support in this build,
 * and the RFC 8624 3.1 and 3.3 recommendations. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dd/algorithm.h"
#include "dd/error.h"

typedef struct alg_info {
	uint8_t number;
	const char *name;
	bool supported;
	dd_rfc8624_t signing;     /* RFC 8624 3.1 "Implement for DNSSEC Signing" */
	dd_rfc8624_t validation;  /* RFC 8624 3.1 "Implement for DNSSEC Validation" */
} alg_info_t;

static const alg_info_t ALGS[] = {
	{ 1, "RSAMD5", false, DD_REQ_MUST_NOT, DD_REQ_MUST_NOT },
	{ 2, "DH", false, DD_REQ_UNKNOWN, DD_REQ_UNKNOWN },
	{ 3, "DSA", false, DD_REQ_MUST_NOT, DD_REQ_MUST_NOT },
	{ 5, "RSASHA1", true, DD_REQ_NOT_RECOMMENDED, DD_REQ_MUST },
	{ 6, "DSA-NSEC3-SHA1", false, DD_REQ_MUST_NOT, DD_REQ_MUST_NOT },
	{ 7, "RSASHA1-NSEC3-SHA1", true, DD_REQ_NOT_RECOMMENDED, DD_REQ_MUST },
	{ 8, "RSASHA256", true, DD_REQ_MUST, DD_REQ_MUST },
	{ 10, "RSASHA512", true, DD_REQ_NOT_RECOMMENDED, DD_REQ_MUST },
	{ 12, "ECC-GOST", false, DD_REQ_MUST_NOT, DD_REQ_MAY },
	{ 13, "ECDSAP256SHA256", true, DD_REQ_MUST, DD_REQ_MUST },
	{ 14, "ECDSAP384SHA384", true, DD_REQ_MAY, DD_REQ_RECOMMENDED },
	{ 15, "ED25519", true, DD_REQ_RECOMMENDED, DD_REQ_RECOMMENDED },
	{ 16, "ED448", true, DD_REQ_MAY, DD_REQ_RECOMMENDED },
	{ 252, "INDIRECT", false, DD_REQ_UNKNOWN, DD_REQ_UNKNOWN },
	{ 253, "PRIVATEDNS", false, DD_REQ_UNKNOWN, DD_REQ_UNKNOWN },
	{ 254, "PRIVATEOID", false, DD_REQ_UNKNOWN, DD_REQ_UNKNOWN },
};

typedef struct digest_info {
	uint8_t number;
	const char *name;
	const char *alias;
	size_t len;
	bool supported;
	dd_rfc8624_t creation;    /* RFC 8624 3.3 "Implement for DNSSEC Delegation" */
	dd_rfc8624_t validation;  /* RFC 8624 3.3 "Implement for DNSSEC Validation" */
} digest_info_t;

static const digest_info_t DIGESTS[] = {
	{ 1, "SHA-1", "SHA1", 20, true, DD_REQ_MUST_NOT, DD_REQ_MUST },
	{ 2, "SHA-256", "SHA256", 32, true, DD_REQ_MUST, DD_REQ_MUST },
	{ 3, "GOST R 34.11-94", "GOST", 32, false, DD_REQ_MUST_NOT, DD_REQ_MAY },
	{ 4, "SHA-384", "SHA384", 48, true, DD_REQ_MAY, DD_REQ_RECOMMENDED },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const alg_info_t *alg_find(uint8_t alg)
{
	for (size_t i = 0; i < COUNT(ALGS); i++) {
		if (ALGS[i].number == alg) {
			return &ALGS[i];
		}
	}
	return NULL;
}

static const digest_info_t *digest_find(uint8_t type)
{
	for (size_t i = 0; i < COUNT(DIGESTS); i++) {
		if (DIGESTS[i].number == type) {
			return &DIGESTS[i];
		}
	}
	return NULL;
}

const char *dd_rfc8624_name(dd_rfc8624_t req)
{
	switch (req) {
	case DD_REQ_MUST:            return "MUST";
	case DD_REQ_RECOMMENDED:     return "RECOMMENDED";
	case DD_REQ_MAY:             return "MAY";
	case DD_REQ_NOT_RECOMMENDED: return "NOT RECOMMENDED";
	case DD_REQ_MUST_NOT:        return "MUST NOT";
	case DD_REQ_UNKNOWN:         break;
	}
	return "not specified";
}

const char *dd_alg_name(uint8_t alg)
{
	const alg_info_t *a = alg_find(alg);
	return a ? a->name : NULL;
}

/* Parse a decimal number 0..255 that fills the whole string. */
static int parse_u8(const char *text)
{
	if (text == NULL || *text == '\0') {
		return DD_EINVAL;
	}
	char *end = NULL;
	long v = strtol(text, &end, 10);
	if (*end != '\0' || v < 0 || v > 255 || text[0] == '-' || text[0] == '+') {
		return DD_EINVAL;
	}
	return (int)v;
}

int dd_alg_from_str(const char *text)
{
	if (text == NULL) {
		return DD_EINVAL;
	}
	for (size_t i = 0; i < COUNT(ALGS); i++) {
		if (strcasecmp(text, ALGS[i].name) == 0) {
			return ALGS[i].number;
		}
	}
	return parse_u8(text);
}

bool dd_alg_supported(uint8_t alg)
{
	const alg_info_t *a = alg_find(alg);
	return a != NULL && a->supported;
}

dd_rfc8624_t dd_alg_signing_req(uint8_t alg)
{
	const alg_info_t *a = alg_find(alg);
	return a ? a->signing : DD_REQ_UNKNOWN;
}

dd_rfc8624_t dd_alg_validation_req(uint8_t alg)
{
	const alg_info_t *a = alg_find(alg);
	return a ? a->validation : DD_REQ_UNKNOWN;
}

bool dd_alg_is_sha1_or_weaker(uint8_t alg)
{
	return alg == DD_ALG_RSAMD5 || alg == DD_ALG_DSA || alg == DD_ALG_RSASHA1 ||
	       alg == DD_ALG_DSA_NSEC3_SHA1 || alg == DD_ALG_RSASHA1_NSEC3_SHA1;
}

bool dd_alg_deprecated(uint8_t alg)
{
	return dd_alg_is_sha1_or_weaker(alg) || alg == DD_ALG_ECC_GOST;
}

const char *dd_digest_name(uint8_t type)
{
	const digest_info_t *d = digest_find(type);
	return d ? d->name : NULL;
}

int dd_digest_from_str(const char *text)
{
	if (text == NULL) {
		return DD_EINVAL;
	}
	for (size_t i = 0; i < COUNT(DIGESTS); i++) {
		if (strcasecmp(text, DIGESTS[i].name) == 0 ||
		    strcasecmp(text, DIGESTS[i].alias) == 0) {
			return DIGESTS[i].number;
		}
	}
	return parse_u8(text);
}

bool dd_digest_supported(uint8_t type)
{
	const digest_info_t *d = digest_find(type);
	return d != NULL && d->supported;
}

size_t dd_digest_len(uint8_t type)
{
	const digest_info_t *d = digest_find(type);
	return d ? d->len : 0;
}

dd_rfc8624_t dd_digest_creation_req(uint8_t type)
{
	const digest_info_t *d = digest_find(type);
	return d ? d->creation : DD_REQ_UNKNOWN;
}

dd_rfc8624_t dd_digest_validation_req(uint8_t type)
{
	const digest_info_t *d = digest_find(type);
	return d ? d->validation : DD_REQ_UNKNOWN;
}
