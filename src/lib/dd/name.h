/* SPDX-License-Identifier: MIT
 * name.h - domain names in wire format: conversion, label counting, canonical order. */

/**
 * @file
 * Helpers for uncompressed wire-format domain names (RFC 1035 3.1). Comparisons are
 * case-insensitive for ASCII letters and follow the canonical order of RFC 4034 6.1.
 * These wrap libknot's name routines and add the bounds checks that data from the network
 * needs.
 */
#pragma once

#include <dd/types.h>

/**
 * Check that @p name is a well-formed uncompressed name inside @p len octets.
 * @return the name's length in octets (root label included), or DD_EMALFORMED.
 */
DD_API int dd_name_check(const uint8_t *name, size_t len);

/**
 * Parse presentation text ("www.example.", "example", "\\046.", "@" is not special) into
 * @p out. A name without a trailing dot is taken as absolute.
 * @param[out] out  DD_NAME_MAXLEN octets; written only on success.
 * @return the length in octets, or DD_EPARSE.
 */
DD_API int dd_name_from_str(const char *text, uint8_t out[DD_NAME_MAXLEN]);

/**
 * Write @p name as presentation text with a trailing dot (root is ".") into @p out.
 * @param outlen  size of @p out in octets; 1004 always suffices (every octet escaped).
 * @return DD_OK, DD_ERANGE when @p out is too small, DD_EMALFORMED.
 */
DD_API int dd_name_to_str(const uint8_t *name, char *out, size_t outlen);

/** Length of a name known to be well-formed, in octets. */
DD_API size_t dd_name_len(const uint8_t *name);

/** Number of labels of @p name, excluding the root label (RFC 1035 counting). */
DD_API unsigned dd_name_labels(const uint8_t *name);

/**
 * The RRSIG Labels value for @p name: its labels excluding the root and a leading
 * wildcard label "*" (RFC 4034 3.1.3).
 */
DD_API unsigned dd_name_rrsig_labels(const uint8_t *name);

/** Whether the first label of @p name is "*" (RFC 4592). */
DD_API bool dd_name_is_wildcard(const uint8_t *name);

/** Case-insensitive equality of two names. */
DD_API bool dd_name_equal(const uint8_t *a, const uint8_t *b);

/** Whether @p name equals @p zone or lies below it (case-insensitive). */
DD_API bool dd_name_in_zone(const uint8_t *name, const uint8_t *zone);

/**
 * Canonical order of names (RFC 4034 6.1): labels compared right to left as lowercase
 * octet strings. @return <0, 0 or >0.
 */
DD_API int dd_name_canon_cmp(const uint8_t *a, const uint8_t *b);

/** Copy @p name into @p out in lowercase (canonical form, RFC 4034 6.2); @return its length. */
DD_API size_t dd_name_to_lower(uint8_t out[DD_NAME_MAXLEN], const uint8_t *name);

/**
 * The name made of the rightmost @p labels labels of @p name (pointer into @p name).
 * @p labels must not exceed dd_name_labels(name).
 */
DD_API const uint8_t *dd_name_suffix(const uint8_t *name, unsigned labels);
