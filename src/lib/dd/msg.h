/* SPDX-License-Identifier: MIT
 * msg.h - DNS messages: building queries and parsing responses into plain, bounds-checked views. */

/**
 * @file
 * dd_msg_parse() turns a response received from a server (any bytes at all) into a dd_msg_t:
 * header fields, EDNS, and the records of each section as dd_rr_t views with uncompressed
 * owner names and RDATA, owned by the message. Parsing uses libknot's packet parser, which
 * rejects malformed messages (compression loops, overruns, bad RDATA) with DD_EMALFORMED.
 */
#pragma once

#include <dd/types.h>

/** The UDP payload size queries offer in EDNS0 (RFC 6891 6.2.5; DNS Flag Day 2020), octets. */
#define DD_EDNS_PAYLOAD 1232

/** Message sections. */
typedef enum dd_section {
	DD_SECTION_ANSWER = 0,
	DD_SECTION_AUTHORITY = 1,
	DD_SECTION_ADDITIONAL = 2,
} dd_section_t;

/** Header flag bits, as in dd_msg_t.flags. */
enum {
	DD_FLAG_QR = 1 << 0, DD_FLAG_AA = 1 << 1, DD_FLAG_TC = 1 << 2, DD_FLAG_RD = 1 << 3,
	DD_FLAG_RA = 1 << 4, DD_FLAG_AD = 1 << 5, DD_FLAG_CD = 1 << 6,
};

/** Response codes used by the analysis (RFC 1035 4.1.1, RFC 6891). */
enum {
	DD_RCODE_NOERROR = 0, DD_RCODE_FORMERR = 1, DD_RCODE_SERVFAIL = 2, DD_RCODE_NXDOMAIN = 3,
	DD_RCODE_NOTIMP = 4, DD_RCODE_REFUSED = 5, DD_RCODE_YXDOMAIN = 6, DD_RCODE_BADVERS = 16,
};

/** A parsed message. Everything it points to is owned by it. */
typedef struct dd_msg {
	uint16_t id;
	uint16_t flags;          /**< DD_FLAG_* bits */
	uint16_t rcode;          /**< extended RCODE when EDNS is present */
	uint8_t qname[DD_NAME_MAXLEN];
	uint16_t qtype, qclass;
	bool has_question;
	bool edns;               /**< an OPT record was present */
	bool edns_do;            /**< its DO bit */
	uint16_t edns_payload;   /**< its UDP payload size */
	uint16_t ede_code;       /**< Extended DNS Error info-code (RFC 8914), 0xFFFF if none */
	size_t count[3];         /**< records per section (OPT and TSIG excluded) */
	dd_rr_t *rr[3];          /**< records per section, in message order */
	size_t wire_len;         /**< octets */
	void *storage;           /**< internal */
} dd_msg_t;

/**
 * Parse a DNS message.
 * @param[out] out  new message, free with dd_msg_free(); written only on success.
 * @return DD_OK, DD_EMALFORMED, DD_ENOMEM.
 * @rfc RFC 1035 4, RFC 6891 6
 */
DD_API int dd_msg_parse(const uint8_t *wire, size_t len, dd_msg_t **out);

/** Free a parsed message; NULL is a no-op. */
DD_API void dd_msg_free(dd_msg_t *msg);

/**
 * Build a query: QNAME, QTYPE, class IN, the given ID; RD clear and EDNS0 (RFC 6891) with the
 * DO bit (RFC 3225) and a DD_EDNS_PAYLOAD-octet payload unless @p edns is false.
 * @param[out] out  at least 512 octets; @p out_len gets the length.
 * @return DD_OK, DD_EINVAL (bad name), DD_ERANGE (buffer too small).
 */
DD_API int dd_msg_query(const uint8_t *qname, uint16_t qtype, uint16_t id, bool edns, bool cd,
                        uint8_t *out, size_t outlen, size_t *out_len);

/**
 * Collect the RRset @p owner/@p type of section @p sec into @p set, its RDATAs into @p rd
 * (@p cap entries). TTL is the smallest seen. @return the number of RDATAs (0 if absent).
 */
DD_API size_t dd_msg_rrset(const dd_msg_t *msg, dd_section_t sec, const uint8_t *owner,
                           uint16_t type, dd_rrset_t *set, dd_rdata_t *rd, size_t cap);

/**
 * Collect the RRSIG RDATAs of @p sec whose owner is @p owner and whose Type Covered is
 * @p covered into @p rd (@p cap entries). @return their number.
 */
DD_API size_t dd_msg_rrsigs(const dd_msg_t *msg, dd_section_t sec, const uint8_t *owner,
                            uint16_t covered, dd_rdata_t *rd, size_t cap);

/**
 * Count the records of section @p sec at @p owner of type @p type, as served (no cap); for
 * @p type RRSIG only those whose Type Covered is @p covered. Lets a caller of dd_msg_rrset()
 * and dd_msg_rrsigs() tell a capped collection from a complete one.
 */
DD_API size_t dd_msg_count(const dd_msg_t *msg, dd_section_t sec, const uint8_t *owner,
                           uint16_t type, uint16_t covered);

/**
 * The last name of the CNAME chain that starts at @p name in @p msg's answer section (RFC 1034
 * 4.3.2: a server follows the chain as far as its data goes; RFC 6604 3: the response's RCODE
 * is that of this name): @p name itself when it is no CNAME there. Follows at most 16 links,
 * so a loop ends. @return a pointer to @p name or into @p msg (valid while @p msg lives).
 */
DD_API const uint8_t *dd_msg_cname_end(const dd_msg_t *msg, const uint8_t *name);

/**
 * Whether the CNAME chain that starts at @p name in @p msg's answer section returns to a name
 * already in it (RFC 1034 3.6.2: a loop, which never ends in data). Looks at most 16 links.
 */
DD_API bool dd_msg_cname_loops(const dd_msg_t *msg, const uint8_t *name);

/** Name of an RCODE ("NOERROR", "SERVFAIL", ..., "RCODE23"); into @p buf of 16 octets. */
DD_API const char *dd_rcode_name(uint16_t rcode, char buf[16]);
