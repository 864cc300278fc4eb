/* SPDX-License-Identifier: MIT
 * rdata.h - parsed views of the DNSSEC RDATA formats (DNSKEY, RRSIG, DS, NSEC, NSEC3, NSEC3PARAM). */

/**
 * @file
 * Bounds-checked parsers for the RDATA of the DNSSEC record types. Each fills a view whose
 * pointers borrow the RDATA given (valid as long as it is), and returns DD_EMALFORMED, never
 * crashes, on any malformed input. Also: type bitmaps (RFC 4034 4.1.2) and canonical RDATA.
 */
#pragma once

#include <dd/types.h>

/** Well-known record types used throughout (IANA DNS parameters). */
enum {
	DD_TYPE_A = 1, DD_TYPE_NS = 2, DD_TYPE_CNAME = 5, DD_TYPE_SOA = 6, DD_TYPE_MX = 15,
	DD_TYPE_TXT = 16, DD_TYPE_AAAA = 28, DD_TYPE_DNAME = 39, DD_TYPE_OPT = 41, DD_TYPE_DS = 43,
	DD_TYPE_RRSIG = 46, DD_TYPE_NSEC = 47, DD_TYPE_DNSKEY = 48, DD_TYPE_NSEC3 = 50,
	DD_TYPE_NSEC3PARAM = 51, DD_TYPE_CDS = 59, DD_TYPE_CDNSKEY = 60, DD_TYPE_ZONEMD = 63,
};

/** DNSKEY flags (RFC 4034 2.1.1, RFC 5011 3). */
enum {
	DD_DNSKEY_FLAG_ZONE = 0x0100,    /**< Zone Key (bit 7) */
	DD_DNSKEY_FLAG_REVOKE = 0x0080,  /**< REVOKE (bit 8, RFC 5011) */
	DD_DNSKEY_FLAG_SEP = 0x0001,     /**< Secure Entry Point (bit 15) */
};

/** The DNSKEY protocol field's only valid value (RFC 4034 2.1.2). */
#define DD_DNSKEY_PROTOCOL 3

/** DNSKEY RDATA (RFC 4034 2.1). */
typedef struct dd_dnskey {
	uint16_t flags;
	uint8_t protocol;
	uint8_t algorithm;
	const uint8_t *pubkey; /**< public key material, borrowed */
	size_t pubkey_len;     /**< octets */
} dd_dnskey_t;

/** RRSIG RDATA (RFC 4034 3.1). */
typedef struct dd_rrsig {
	uint16_t type_covered;
	uint8_t algorithm;
	uint8_t labels;
	uint32_t original_ttl;  /**< seconds */
	uint32_t expiration;    /**< seconds since the epoch, modulo 2^32 (RFC 4034 3.1.5) */
	uint32_t inception;     /**< likewise */
	uint16_t key_tag;
	const uint8_t *signer;  /**< wire-format Signer's Name, borrowed */
	size_t signer_len;      /**< octets */
	const uint8_t *signature; /**< borrowed */
	size_t signature_len;   /**< octets */
} dd_rrsig_t;

/** DS or CDS RDATA (RFC 4034 5.1, RFC 7344 3.1). */
typedef struct dd_ds {
	uint16_t key_tag;
	uint8_t algorithm;
	uint8_t digest_type;
	const uint8_t *digest; /**< borrowed */
	size_t digest_len;     /**< octets */
} dd_ds_t;

/** NSEC RDATA (RFC 4034 4.1). */
typedef struct dd_nsec {
	const uint8_t *next;   /**< Next Domain Name, borrowed */
	const uint8_t *bitmap; /**< Type Bit Maps field, borrowed */
	size_t bitmap_len;
} dd_nsec_t;

/** NSEC3 and NSEC3PARAM RDATA (RFC 5155 3.2 and 4.2); NSEC3PARAM leaves next/bitmap empty. */
typedef struct dd_nsec3 {
	uint8_t hash_algorithm;
	uint8_t flags;         /**< bit 0 (value 1) is Opt-Out in NSEC3 */
	uint16_t iterations;
	const uint8_t *salt;   /**< borrowed */
	uint8_t salt_len;
	const uint8_t *next;   /**< Next Hashed Owner Name, raw hash octets, borrowed */
	uint8_t next_len;
	const uint8_t *bitmap; /**< borrowed */
	size_t bitmap_len;
} dd_nsec3_t;

/** NSEC3 Opt-Out flag (RFC 5155 3.1.2.1). */
#define DD_NSEC3_FLAG_OPTOUT 0x01

/** Parse DNSKEY (or CDNSKEY) RDATA. @return DD_OK or DD_EMALFORMED (shorter than 4 octets). */
DD_API int dd_dnskey_parse(const uint8_t *rdata, size_t len, dd_dnskey_t *out);

/** Parse RRSIG RDATA. @return DD_OK or DD_EMALFORMED (truncated, bad signer name). */
DD_API int dd_rrsig_parse(const uint8_t *rdata, size_t len, dd_rrsig_t *out);

/** Parse DS or CDS RDATA. @return DD_OK or DD_EMALFORMED. */
DD_API int dd_ds_parse(const uint8_t *rdata, size_t len, dd_ds_t *out);

/** Parse NSEC RDATA, type bitmap checked. @return DD_OK or DD_EMALFORMED. */
DD_API int dd_nsec_parse(const uint8_t *rdata, size_t len, dd_nsec_t *out);

/** Parse NSEC3 RDATA, type bitmap checked. @return DD_OK or DD_EMALFORMED. */
DD_API int dd_nsec3_parse(const uint8_t *rdata, size_t len, dd_nsec3_t *out);

/** Parse NSEC3PARAM RDATA. @return DD_OK or DD_EMALFORMED. */
DD_API int dd_nsec3param_parse(const uint8_t *rdata, size_t len, dd_nsec3_t *out);

/**
 * Check a Type Bit Maps field (RFC 4034 4.1.2): windows in increasing order, lengths 1-32,
 * no trailing zero octet in a window. @return DD_OK or DD_EMALFORMED.
 */
DD_API int dd_bitmap_check(const uint8_t *bitmap, size_t len);

/** Whether a checked Type Bit Maps field has @p type set. */
DD_API bool dd_bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type);

/**
 * Copy @p rdata of @p type into @p out in canonical form (RFC 4034 6.2 as updated by
 * RFC 6840 5.1): embedded names lowercased for the listed types; others copied.
 * @param out  at least @p len octets.
 * @return DD_OK, or DD_EMALFORMED when a name in the RDATA is malformed or overruns it.
 */
DD_API int dd_rdata_canonical(uint16_t type, const uint8_t *rdata, size_t len, uint8_t *out);
