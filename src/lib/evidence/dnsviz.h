/* SPDX-License-Identifier: MIT
 * dnsviz.h - internal: the DNSViz reader's input step, shared with the replay reader (both in
 * evidence/). Not installed. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/**
 * @p data (@p len octets) as JSON text: inflated into a new buffer (@p *owned, free()) when
 * it is gzip, else @p data itself (@p *owned NULL). Either is at most DD_DNSVIZ_MAX_INPUT.
 * @param[out] why  the reason when DD_EPARSE is returned (@p whylen octets).
 * @return DD_OK, DD_EPARSE (too large, corrupt or truncated gzip), DD_ENOMEM.
 */
int dd__dnsviz_text(const uint8_t *data, size_t len, const uint8_t **text, size_t *tlen,
                    uint8_t **owned, char *why, size_t whylen);
