/* SPDX-License-Identifier: MIT
 * types.c - RFC 4035 status names, byte buffers, the library version. */

#include <stdlib.h>

#include "dd-config.h"
#include "dd/dd.h"

const char *dd_status_name(dd_status_t status)
{
	switch (status) {
	case DD_STATUS_SECURE:        return "secure";
	case DD_STATUS_INSECURE:      return "insecure";
	case DD_STATUS_INDETERMINATE: return "indeterminate";
	case DD_STATUS_BOGUS:         return "bogus";
	}
	return "unknown";
}

dd_status_t dd_status_worst(dd_status_t a, dd_status_t b)
{
	return a > b ? a : b;
}

void dd_buf_free(dd_buf_t *buf)
{
	if (buf == NULL) {
		return;
	}
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
}

const char *dd_version(void)
{
	return DD_VERSION;
}
