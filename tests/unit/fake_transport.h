/* SPDX-License-Identifier: MIT
 * fake_transport.h - a transport for the probe's unit tests: authoritative servers modelled
 * from a scenario (tests/unit/data/probe/README.md describes the format), answering on a fake
 * clock through the same exchange machine as the libuv transport (Unbound's fake_event.c and
 * .rpl replay, with a vtable instead of link-time replacement). No network, no real time. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/xfer.h"

typedef struct fake fake_t;

/** One message that left the fake's client side: a datagram or a TCP query. */
typedef struct fake_sent {
	char addr[64];
	uint8_t qname[DD_NAME_MAXLEN];
	uint16_t qtype;
	bool tcp;
	int64_t at;          /**< fake clock, ms */
} fake_sent_t;

/**
 * Load a scenario from text (@p name for messages). @p err gets a message on failure.
 * @return DD_OK, DD_EPARSE, DD_ENOMEM.
 */
int fake_load_string(const char *text, const char *name, fake_t **out, char *err, size_t errlen);

/** Load tests/unit/data/probe/@p file. */
int fake_load(const char *path, fake_t **out, char *err, size_t errlen);

void fake_free(fake_t *f);

/** The transport to hand to dd__probe_run_on(); valid while @p f lives. */
const dd__transport_t *fake_transport(fake_t *f);

/** The fake clock, ms since the epoch. */
int64_t fake_clock(const fake_t *f);

/** Messages sent, in order. */
size_t fake_nsent(const fake_t *f);
const fake_sent_t *fake_sent(const fake_t *f, size_t i);

/** Messages sent to @p addr (UDP datagrams and TCP queries). */
size_t fake_sent_to(const fake_t *f, const char *addr);

/** Call @p cb after each message sent (with the number sent so far), e.g. to cancel a run
 *  at a chosen point. */
void fake_on_send(fake_t *f, void (*cb)(void *arg, size_t nsent), void *arg);

/** The most exchanges that were under way at once. */
size_t fake_max_inflight(const fake_t *f);

/** Exchanges started (send()), completed (callback run), and cancelled. */
void fake_counts(const fake_t *f, size_t *started, size_t *completed, size_t *cancelled);
