/* SPDX-License-Identifier: MIT
 * error.c - messages for dnssec-doctor's error codes, falling back to errno's. libknot's codes
 * never leave dns/ (it translates them to DD_E* where it calls libknot), so core/ needs no
 * third-party library. */

#include <string.h>

#include "dd/error.h"

static const char *own_message(int code)
{
	switch (code) {
	case DD_OK:           return "success";
	case DD_EMALFORMED:   return "malformed DNS data";
	case DD_EUNSUPPORTED: return "unsupported algorithm or digest type";
	case DD_ECRYPTO:      return "cryptographic library failure";
	case DD_ENOKEY:       return "no matching key";
	case DD_EPARSE:       return "parse error";
	case DD_ENOENT:       return "not found";
	case DD_ELIMIT:       return "work limit reached";
	case DD_EREFUSED:     return "refused by the server";
	default:              return NULL;
	}
}

const char *dd_strerror(int code)
{
	const char *msg = own_message(code);
	if (msg != NULL) {
		return msg;
	}
	if (code < 0 && code > -1000) {
		return strerror(-code);
	}
	return "unknown error";
}
