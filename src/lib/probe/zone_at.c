/* SPDX-License-Identifier: MIT
 * zone_at.c - which zone one server serves a name from: one SOA query (RD clear), its answer's
 * SOA or its authority section's, for dig's "@SERVER NAME" (the server of NAME's zone). */

#include <stdio.h>
#include <string.h>

#include "dd/error.h"
#include "dd/msg.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/probe.h"
#include "xfer.h"

typedef struct za {
	const uint8_t *name;
	uint8_t zone[DD_NAME_MAXLEN];
	int result;
	char *why;
	size_t whylen;
} za_t;

static void za_done(void *arg, const dd_exchange_t *x)
{
	za_t *z = arg;
	dd_msg_t *m = NULL;
	char rc[16];
	if (x->error != DD_QERR_NONE || x->wire == NULL) {
		snprintf(z->why, z->whylen, "no answer (%s)", dd_qerr_name(x->error));
		z->result = DD_ETIMEDOUT;
		return;
	}
	if (dd_msg_parse(x->wire, x->wire_len, &m) != DD_OK) {
		snprintf(z->why, z->whylen, "a malformed answer");
		z->result = DD_EMALFORMED;
		return;
	}
	z->result = DD_ENOENT;
	if (m->rcode != 0 && m->rcode != 3) {
		snprintf(z->why, z->whylen, "%s", dd_rcode_name(m->rcode, rc));
	} else if (!(m->flags & DD_FLAG_AA)) {
		snprintf(z->why, z->whylen, "a %s answer without AA: not authoritative for the name",
		         dd_rcode_name(m->rcode, rc));
	} else {
		/* the apex: the SOA in the answer; below it: the zone's SOA beside the denial */
		for (int sec = DD_SECTION_ANSWER; sec <= DD_SECTION_AUTHORITY; sec++) {
			for (size_t i = 0; i < m->count[sec] && z->result != DD_OK; i++) {
				const dd_rr_t *rr = &m->rr[sec][i];
				if (rr->type == DD_TYPE_SOA && dd_name_in_zone(z->name, rr->owner) &&
				    (sec == DD_SECTION_AUTHORITY || dd_name_equal(rr->owner, z->name))) {
					dd_name_to_lower(z->zone, rr->owner);
					z->result = DD_OK;
				}
			}
		}
		if (z->result != DD_OK) {
			snprintf(z->why, z->whylen, "an authoritative %s answer with no SOA of a zone "
			         "holding the name", dd_rcode_name(m->rcode, rc));
		}
	}
	dd_msg_free(m);
}

int dd_probe_zone_at(const char *addr, const uint8_t *name, unsigned timeout_ms,
                     uint8_t zone[DD_NAME_MAXLEN], char *why, size_t whylen)
{
	char none[1];
	if (why == NULL || whylen == 0) {
		why = none;
		whylen = sizeof(none);
	}
	why[0] = '\0';
	if (addr == NULL || name == NULL || zone == NULL ||
	    dd_name_check(name, DD_NAME_MAXLEN) < 0) {
		return DD_EINVAL;
	}
	uv_loop_t loop;
	if (uv_loop_init(&loop) != 0) {
		snprintf(why, whylen, "no event loop");
		return DD_EIO;
	}
	za_t z = { .name = name, .result = DD_EIO, .why = why, .whylen = whylen };
	snprintf(why, whylen, "no event loop");
	xfer_opts_t o = { .timeout_ms = timeout_ms ? timeout_ms : 1500, .udp_tries = 2,
		          .tcp_on_failure = true };
	int r = dd__xfer_start(&loop, &o, addr, 53, name, DD_TYPE_SOA, za_done, &z);
	if (r != 0) {
		snprintf(why, whylen, "not an address");
		uv_loop_close(&loop);
		return DD_EINVAL;
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	if (z.result == DD_OK) {
		memcpy(zone, z.zone, dd_name_len(z.zone));
	}
	return z.result;
}
