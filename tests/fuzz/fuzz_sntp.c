/* SPDX-License-Identifier: MIT
 * fuzz_sntp.c - an NTP server's response into the SNTP parser (RFC 4330), as "dnssec-doctor
 * clock" receives it. Input: 8 octets of the request's Transmit Timestamp, then the datagram. */

#include <string.h>

#include <dd/dd.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 8) {
		return 0;
	}
	dd_sntp_t s;
	int r = dd_sntp_parse(data + 8, size - 8, data, 1795400000.0, &s);
	if (r == DD_OK) {
		/* the era rule keeps every time within 68 years of the request's */
		if (s.stratum < 1 || s.stratum > 15 || s.transmit < 1795400000.0 - 2147483648.0 ||
		    s.transmit > 1795400000.0 + 2147483648.0 || memchr(s.refid, '\0', sizeof(s.refid)) == NULL) {
			__builtin_trap();
		}
	} else if (r != DD_EMALFORMED && r != DD_EREFUSED) {
		__builtin_trap();
	}
	return 0;
}
