/* SPDX-License-Identifier: MIT
 * helpers.h - shared by the unit tests: cmocka includes, test data paths, and a small in-memory
 * record store loaded from zone files for building RRsets. */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dd/dd.h>

#ifndef DD_TEST_DATA
#error "DD_TEST_DATA must name the test data directory"
#endif
#ifndef DD_SHARED
#define DD_SHARED DD_TEST_DATA "/../../../../shared"
#endif

/** Path of a file under tests/unit/data (static buffer, valid until the next call). */
const char *data_path(const char *name);

/** Load tests/unit/data/evidence/@p name (saved from the testbed); fails the test if it
 *  cannot. Free with dd_evidence_free(). */
dd_evidence_t *load_evidence(const char *name);

/** How many times @p needle occurs in @p hay, without overlap. */
size_t str_count(const char *hay, const char *needle);

/** Seconds since the epoch of a UTC YYYYMMDDHHMMSS string. */
int64_t ts(const char *yyyymmddhhmmss);

/** One record of a loaded zone; owner and RDATA owned by the store. */
typedef struct trec {
	uint8_t owner[DD_NAME_MAXLEN];
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	uint8_t *rdata;
	uint16_t len;
} trec_t;

typedef struct tzone {
	trec_t *recs;
	size_t count, cap;
} tzone_t;

/** Load a zone file (fails the test on error); free with tzone_free(). */
tzone_t *tzone_load(const char *path, const char *origin);
void tzone_free(tzone_t *z);

/** An RRset gathered from a store: the view plus the storage it borrows. */
typedef struct trrset {
	dd_rrset_t set;
	dd_rdata_t rd[64];
} trrset_t;

/** Gather the records of @p owner/@p type into @p out. @return the number found. */
size_t tzone_rrset(const tzone_t *z, const uint8_t *owner, uint16_t type, trrset_t *out);

/** The @p n-th RRSIG (0-based) in file order, or NULL. */
const trec_t *tzone_rrsig(const tzone_t *z, size_t n);

/** A name in wire form from text (static rotating buffers; fails the test on a bad name). */
const uint8_t *N(const char *text);

/** Load DNSKEY @p n (0-based, in file order) of @p owner as a key; fails the test if absent. */
dd_key_t *tzone_key(const tzone_t *z, const uint8_t *owner, size_t n);

/**
 * Verify every RRSIG of the store with the DNSKEYs of its signer found in the store, at @p at.
 * @param[out] ok, bad  counts of RRSIGs that validate (dd_sig_result_ok) and that do not.
 */
void tzone_verify_all(const tzone_t *z, int64_t at, size_t *ok, size_t *bad);
