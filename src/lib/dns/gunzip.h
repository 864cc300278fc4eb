/* SPDX-License-Identifier: MIT
 * gunzip.h - internal: a gzip member (RFC 1952) in memory, inflated into a new buffer with a
 * cap on its size (in dns/gunzip.c, where zlib may be used). Not installed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Whether @p data starts with the gzip magic (RFC 1952 2.3.1). */
bool dd__is_gzip(const uint8_t *data, size_t len);

/**
 * Inflate the gzip data @p in (@p len octets) into a new buffer (free()), NUL-terminated
 * after its @p *out_len octets; both outputs written only on success.
 * @param max  the most octets the inflated data may have (a bomb stops there).
 * @return 0, DD_ERANGE (larger than @p max), DD_EMALFORMED (not gzip, corrupt or
 *         truncated), DD_ENOMEM.
 */
int dd__gunzip(const uint8_t *in, size_t len, size_t max, uint8_t **out, size_t *out_len);
