/* SPDX-License-Identifier: MIT
 * resolver_int.h - internal: one resolver response into a dd_resolver_answer_t, for the
 * resolver check and its fuzz harness. Not installed. */
#pragma once

#include "dd/resolver.h"

/**
 * Parse the response @p wire (@p len octets, anything a network sends) and fill @p a from it:
 * RCODE, AD, EDNS and DO, EDE, the records of @p qtype (or CNAME) in the answer, its RRSIGs
 * (algorithm, signer, window read near @p now, seconds), DS digest types when @p qtype is DS.
 * @p a must have been reset by the caller (asked, rcode -1, ede -1).
 * @return DD_OK, or DD_EMALFORMED / DD_ENOMEM with @p a's error set.
 */
int dd__resolver_answer_fill(dd_resolver_answer_t *a, uint16_t qtype, const uint8_t *wire,
                             size_t len, int64_t now);
