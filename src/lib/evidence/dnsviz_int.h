/* SPDX-License-Identifier: MIT
 * dnsviz_int.h - internal to the DNSViz reader (evidence/dnsviz*.c): the conversion's state and
 * the reading of the capture's names and queries (dnsviz_read.c) that the conversion into zones,
 * servers and exchanges (dnsviz.c) builds on. Not installed. */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include <dd/evidence.h>
#include <dd/name.h>

#define META_KEY "_meta._dnsviz."
#define MAX_ENTRIES 1024       /* names in one capture */
#define MAX_CANDS 200000       /* responses in one capture */
#define MAX_NS_NAMES 64        /* NS names remembered per zone for the sources */

/* A response DNSViz recorded, before the one per server, name and type is chosen. */
typedef struct cand {
	size_t seq;          /* DNSViz's order */
	int entry;           /* the name entry whose queries held it */
	int score;           /* the higher, the more like an ordinary validating query */
	dd_exchange_t x;     /* wire owned */
} cand_t;

/* One name of the capture ("." or "example.com."). */
typedef struct entry {
	const char *key;
	json_t *obj;
	uint8_t name[DD_NAME_MAXLEN];
	int parent_entry;    /* -1: none in the capture */
	int zone;            /* its zone in the evidence, -1 for a name that is not a zone */
	int64_t start_ms, end_ms;
	unsigned depth;      /* zones above it in the capture */
	bool chain;          /* it encloses the target: its zone and queries are used */
} entry_t;

typedef struct conv {
	char *err;
	size_t errlen;
	bool failed;
	json_t *root;
	entry_t *ents;
	size_t nents;
	cand_t *cands;
	size_t ncands, cap_cands;
	dd_evidence_t *ev;
} conv_t;

/** Record the first error (printf-style) and mark the conversion failed. */
__attribute__((format(printf, 2, 3)))
void dd__dv_err(conv_t *c, const char *fmt, ...);

/** Whether @p a is an IPv4 or IPv6 address in text. */
bool dd__dv_is_address(const char *a);

/** The index of the capture's entry for @p name, -1 if none. */
int dd__dv_entry_find(const conv_t *c, const uint8_t *name);

/** A query's type from DNSViz's JSON (a number or a type name), -1 if neither. */
int dd__dv_qtype_of(json_t *v);

/** Read the capture's names (the entries: zones and other names) into @p c. */
void dd__dv_read_entries(conv_t *c);

/** Read the queries and responses of entry @p ei as candidates (a bad one is an error in @p c).
 * @return DD_OK or DD_ENOMEM. */
int dd__dv_read_queries(conv_t *c, int ei);
