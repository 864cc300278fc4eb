/* SPDX-License-Identifier: MIT
 * error.h - error codes of libdnssecdoctor and their messages. */

/**
 * @file
 * Every function that can fail returns an `int`: DD_OK (0) on success or a negative
 * dd_error_t. Outputs are written only on success. A cryptographic "no" (a signature that does
 * not verify, a digest that does not match) is a verdict reported in a result structure, not an
 * error: DD_E* means "could not check".
 */
#pragma once

#include <errno.h>
#include <dd/types.h>

typedef enum dd_error {
	DD_OK = 0,
	DD_ENOMEM = -ENOMEM,
	DD_EINVAL = -EINVAL,       /**< a caller's argument is invalid */
	DD_ERANGE = -ERANGE,       /**< a value or buffer is out of range */
	DD_ETIMEDOUT = -ETIMEDOUT,
	DD_EIO = -EIO,

	DD_ERROR_MIN = -3000,      /**< clear of KNOT_E* (-1000..) and DNSSEC_E* (-1500..) */
	DD_EMALFORMED = DD_ERROR_MIN, /**< malformed DNS data (RDATA, name, packet, key material) */
	DD_EUNSUPPORTED,           /**< an algorithm or digest type this build cannot compute */
	DD_ECRYPTO,                /**< the crypto library failed for a reason other than the input */
	DD_ENOKEY,                 /**< no key matches */
	DD_EPARSE,                 /**< a zone file or text record could not be parsed */
	DD_ENOENT,                 /**< nothing found (file, record) */
	DD_ELIMIT,                 /**< a work limit was reached */
	DD_EREFUSED,               /**< a server refused to serve us (NTP kiss-o'-death) */
	DD_ERROR_MAX = DD_EREFUSED,
} dd_error_t;

/**
 * Message for an error code: dnssec-doctor's own codes, else strerror() for errno values (the
 * library returns no other codes: libknot's are translated where libknot is called).
 * @return a static string, never NULL.
 */
DD_API const char *dd_strerror(int code);
