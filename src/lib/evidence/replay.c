/* SPDX-License-Identifier: MIT
 * replay.c - what "diagnose --replay" reads: a DNSViz capture (dnsviz.c) or our own evidence
 * file (evidence/evidence_json.c), plain or gzip, told apart by the DNSViz meta key. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dnsviz.h>
#include <dd/error.h>

#include "evidence/dnsviz.h"

int dd_replay_read(FILE *in, const char *name, uint16_t qtype, dd_evidence_t **out,
                   bool *dnsviz, char *err, size_t errlen)
{
	char dummy[8];
	if (err == NULL || errlen == 0) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	/* read it whole, capped: one octet more than the cap tells that it is too large */
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = malloc(cap);
	while (buf != NULL) {
		size_t n = fread(buf + len, 1, cap - len, in);
		len += n;
		if (n == 0 || len > DD_DNSVIZ_MAX_INPUT) {
			break;
		}
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf == NULL) {
		return DD_ENOMEM;
	}
	int r = DD_OK;
	if (ferror(in)) {
		snprintf(err, errlen, "read error");
		r = DD_EIO;
	} else if (len > DD_DNSVIZ_MAX_INPUT) {
		snprintf(err, errlen, "input larger than 64 MiB is not read");
		r = DD_EPARSE;
	}
	const uint8_t *text = buf;
	size_t tlen = len;
	uint8_t *owned = NULL;
	char why[128];
	if (r == DD_OK && (r = dd__dnsviz_text(buf, len, &text, &tlen, &owned, why, sizeof(why))) != DD_OK &&
	    r != DD_ENOMEM) {
		snprintf(err, errlen, "%s", why);
	}
	bool is = r == DD_OK && dd_dnsviz_detect(text, tlen);
	if (r == DD_OK && is) {
		r = dd_dnsviz_load(text, tlen, name, qtype, out, err, errlen);
	} else if (r == DD_OK && (name != NULL || qtype != 0)) {
		snprintf(err, errlen, "NAME and TYPE choose among a DNSViz capture's names; this "
		         "evidence has its own target: no NAME expected");
		r = DD_EPARSE;
	} else if (r == DD_OK) {
		static const char empty[1] = "";  /* fmemopen() wants a size of at least 1 */
		FILE *m = fmemopen((void *)(uintptr_t)(tlen ? (const char *)text : empty),
		                   tlen ? tlen : 1, "r");
		if (m == NULL) {
			r = DD_ENOMEM;
		} else {
			r = dd_evidence_load(m, out, err, errlen);
			fclose(m);
		}
	}
	free(owned);
	free(buf);
	if (r == DD_OK && dnsviz != NULL) {
		*dnsviz = is;
	}
	return r;
}
