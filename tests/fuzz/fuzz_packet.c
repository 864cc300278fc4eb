/* SPDX-License-Identifier: MIT
 * fuzz_packet.c - a DNS response as received from a server: message parsing, RRset and RRSIG
 * collection, and storage in (and JSON save/load of) the evidence. Input: the raw message. */

#include <stdio.h>
#include <stdlib.h>

#include <dd/dd.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dd_msg_t *m = NULL;
	if (dd_msg_parse(data, size, &m) == DD_OK) {
		for (int s = 0; s < 3; s++) {
			for (size_t i = 0; i < m->count[s]; i++) {
				dd_rdata_t rd[64], sigs[16];
				dd_rrset_t set;
				const dd_rr_t *rr = &m->rr[s][i];
				(void)dd_msg_rrset(m, (dd_section_t)s, rr->owner, rr->type, &set, rd, 64);
				(void)dd_msg_rrsigs(m, (dd_section_t)s, rr->owner, rr->type, sigs, 16);
				uint8_t canon[65535];
				(void)dd_rdata_canonical(rr->type, rr->rdata.data, rr->rdata.len, canon);
			}
		}
		dd_msg_free(m);
	}
	if (size > 65535) {
		return 0;
	}
	/* into the evidence and back through its JSON form */
	dd_evidence_t *ev = NULL;
	if (dd_evidence_new(&ev) != DD_OK) {
		return 0;
	}
	dd_exchange_t x = { .server = "192.0.2.1", .qname = { 0 }, .qtype = 1,
		            .wire = (uint8_t *)data, .wire_len = (uint16_t)size };
	(void)dd_evidence_add(ev, &x);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f != NULL && dd_evidence_save(ev, f) == DD_OK) {
		fclose(f);
		f = fmemopen(buf, len, "r");
		dd_evidence_t *back = NULL;
		if (f != NULL && dd_evidence_load(f, &back, NULL, 0) == DD_OK) {
			if (back->nxs != 1 || back->xs[0].wire_len != size) {
				__builtin_trap();  /* the round trip must keep the response */
			}
			dd_evidence_free(back);
		}
	}
	if (f != NULL) {
		fclose(f);
	}
	free(buf);
	dd_evidence_free(ev);
	return 0;
}
