/* SPDX-License-Identifier: MIT
 * types.h - basic types shared by every dnssec-doctor module. */

/**
 * @file
 * Basic types of libdnssecdoctor: the export macro, the RFC 4035 validation statuses, byte
 * buffers, and borrowed views of DNS records and RRsets.
 *
 * Domain names are passed in uncompressed wire format (RFC 1035 3.1, at most 255 octets,
 * ending in the root label) as `const uint8_t *`. Record views (dd_rr_t, dd_rrset_t) borrow
 * every pointer they hold; whoever built them keeps the memory alive.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#if defined(__GNUC__)
#define DD_API __attribute__((visibility("default")))
#else
#define DD_API
#endif

/** Longest domain name in wire format, root label included (RFC 1035 2.3.4), in octets. */
#define DD_NAME_MAXLEN 255

/** RFC 4035 4.3 security statuses, ordered from best to worst for "worst over servers". */
typedef enum dd_status {
	DD_STATUS_SECURE = 0,        /**< chain of trust from an anchor, every signature valid */
	DD_STATUS_INSECURE = 1,      /**< provably no chain of trust (no DS, or only unsupported algorithms) */
	DD_STATUS_INDETERMINATE = 2, /**< could not be determined (no anchor, no answer) */
	DD_STATUS_BOGUS = 3,         /**< a chain should exist and does not validate */
} dd_status_t;

/** Name of a status as RFC 4035 writes it ("secure", "insecure", ...). Never NULL. */
DD_API const char *dd_status_name(dd_status_t status);

/** The worse of two statuses (bogus > indeterminate > insecure > secure). */
DD_API dd_status_t dd_status_worst(dd_status_t a, dd_status_t b);

/** An owned byte buffer; free its contents with dd_buf_free(). */
typedef struct dd_buf {
	uint8_t *data;
	size_t len;
} dd_buf_t;

/** Free the contents of @p buf (not @p buf itself) and reset it; NULL is a no-op. */
DD_API void dd_buf_free(dd_buf_t *buf);

/** A borrowed RDATA: @p len octets at @p data. */
typedef struct dd_rdata {
	const uint8_t *data;
	uint16_t len;
} dd_rdata_t;

/** A borrowed view of one resource record. */
typedef struct dd_rr {
	const uint8_t *owner; /**< wire-format name */
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;         /**< seconds */
	dd_rdata_t rdata;
} dd_rr_t;

/** A borrowed view of an RRset: records of one owner, class and type (RFC 2181 5). */
typedef struct dd_rrset {
	const uint8_t *owner;     /**< wire-format name */
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;             /**< seconds, as received or as written in the zone */
	size_t count;             /**< number of RDATAs */
	const dd_rdata_t *rdata;  /**< array of @p count RDATAs, any order */
} dd_rrset_t;
