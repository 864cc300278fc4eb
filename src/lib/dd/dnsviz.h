/* SPDX-License-Identifier: MIT
 * dnsviz.h - DNSViz probe JSON ("dnsviz probe" output, format 1.0 to 1.2) read as evidence, and
 * the replay reader that takes either it or dnssec-doctor's own evidence file. */

/**
 * @file
 * DNSViz (https://dnsviz.net) saves what its probe asked as JSON: per name, the servers it
 * asked (auth_ns_ip_mapping), every query with its options and, per server, the response as a
 * base64 DNS message (or the error that replaced it). dd_dnsviz_load() turns that into a
 * dd_evidence_t: the zones, servers, queries and responses DNSViz recorded become zones,
 * servers and exchanges; nothing DNSViz did not ask is made up, so the analysis reports it as
 * not probed. The mapping, and what cannot be mapped, is in docs/dnsviz.md. The capture holds
 * no trust anchor: the caller adds one (dd_evidence_add_anchor()).
 *
 * Input is untrusted: size, nesting, types, names, addresses and messages are all checked,
 * and anything wrong is DD_EPARSE with a message naming it.
 */
#pragma once

#include <stdio.h>

#include <dd/evidence.h>

/** The most octets of JSON read (after gzip is inflated): 64 MiB. */
#define DD_DNSVIZ_MAX_INPUT ((size_t)64 << 20)

/**
 * Whether @p data (@p len octets, JSON text, not gzip) is a DNSViz capture: a JSON object
 * with the "_meta._dnsviz." key. Parses the JSON; false for anything that is not JSON.
 */
DD_API bool dd_dnsviz_detect(const uint8_t *data, size_t len);

/**
 * Convert a DNSViz capture into evidence.
 *
 * @param data   the JSON text, or gzip of it (@p len octets). Borrowed.
 * @param name   which of the capture's names ("_meta._dnsviz." names) is the target, as text;
 *               NULL: the last one listed.
 * @param qtype  the target's type; 0: A when DNSViz asked A at the name, else SOA when it
 *               asked that, else the first type it asked there.
 * @param[out] out  new evidence (dd_evidence_free()), without anchors or views; written only
 *                  on success.
 * @param[out] err  a message when DD_EPARSE is returned (@p errlen octets; may be NULL).
 * @return DD_OK, DD_EPARSE (not a DNSViz capture of version 1.0 to 1.2, or a bad field, name,
 *         address or message; too large or too deeply nested), DD_ENOMEM.
 */
DD_API int dd_dnsviz_load(const uint8_t *data, size_t len, const char *name, uint16_t qtype,
                          dd_evidence_t **out, char *err, size_t errlen);

/**
 * Read replay input from @p in: a DNSViz capture (plain or gzip; converted by dd_dnsviz_load())
 * or dnssec-doctor's evidence JSON (plain or gzip; dd_evidence_load()). At most
 * DD_DNSVIZ_MAX_INPUT octets of JSON are read.
 *
 * @param name, qtype  for a DNSViz capture, as dd_dnsviz_load(); for evidence they must be
 *                     NULL and 0 (evidence has its own target: DD_EPARSE otherwise).
 * @param[out] out     new evidence; written only on success.
 * @param[out] dnsviz  whether the input was a DNSViz capture (may be NULL).
 * @param[out] err     a message when DD_EPARSE or DD_EIO is returned.
 * @return DD_OK, DD_EPARSE, DD_EIO (read error), DD_ENOMEM.
 */
DD_API int dd_replay_read(FILE *in, const char *name, uint16_t qtype, dd_evidence_t **out,
                          bool *dnsviz, char *err, size_t errlen);
