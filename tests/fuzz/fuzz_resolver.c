/* SPDX-License-Identifier: MIT
 * fuzz_resolver.c - a recursive resolver's responses into the resolver check: parsed into
 * answers as "dnssec-doctor resolver" receives them, then judged. Input: one octet of probe
 * kind and number, then up to three responses (plain, with CD, the DS query), each prefixed
 * with its length in two octets. */

#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/resolver.h>

#include "../../src/lib/probe/resolver_int.h"
#include "fuzz.h"

#define AT 1795400000LL

static void reset(dd_resolver_answer_t *a)
{
	memset(a, 0, sizeof(*a));
	a->asked = true;
	a->rcode = -1;
	a->ede = -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1) {
		return 0;
	}
	dd_resolver_probe_t probes[2];
	memset(probes, 0, sizeof(probes));
	dd_resolver_probe_t *p = &probes[0];
	p->probe.kind = (dd_probe_kind_t)(data[0] & 3);
	static const uint8_t nums[] = { 5, 7, 8, 10, 13, 14, 15, 16, 1, 2, 4, 0, 0, 0, 0, 0 };
	p->probe.number = p->probe.kind >= DD_PROBE_ALGORITHM ? nums[(data[0] >> 2) & 15] : 0;
	p->probe.qtype = DD_TYPE_A;
	memcpy(p->probe.name, "\3www\7example\0", 13);
	dd_resolver_answer_t *ans[3] = { &p->plain, &p->cd, &p->ds };
	size_t off = 1;
	for (int i = 0; i < 3; i++) {
		reset(ans[i]);
		if (off + 2 > size) {
			snprintf(ans[i]->error, sizeof(ans[i]->error), "timeout");
			continue;
		}
		size_t len = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off) {
			len = size - off;
		}
		int r = dd__resolver_answer_fill(ans[i], i == 2 ? DD_TYPE_DS : DD_TYPE_A, data + off, len, AT);
		if ((r == DD_OK) != ans[i]->answered || ans[i]->ndigests > sizeof(ans[i]->digests) ||
		    memchr(ans[i]->data, '\0', sizeof(ans[i]->data)) == NULL) {
			__builtin_trap();
		}
		off += len;
	}
	/* a second, well-behaved probe beside the fuzzed one */
	probes[1].probe.kind = DD_PROBE_SECURE;
	probes[1].probe.qtype = DD_TYPE_A;
	memcpy(probes[1].probe.name, "\2ok\7example\0", 12);
	reset(&probes[1].plain);
	probes[1].plain.answered = true;
	probes[1].plain.rcode = 0;
	probes[1].plain.ad = true;
	probes[1].plain.records = probes[1].plain.rrsigs = 1;
	dd_resolver_check_t chk;
	memset(&chk, 0, sizeof(chk));
	snprintf(chk.address, sizeof(chk.address), "192.0.2.53");
	chk.at = AT;
	chk.probes = probes;
	chk.nprobes = 2;
	if (dd_resolver_assess(&chk) != DD_OK || chk.exit_code < 0 || chk.exit_code > 3 ||
	    chk.verdict > DD_RESOLVER_UNREACHABLE || chk.nfindings > 16 ||
	    memchr(chk.reason, '\0', sizeof(chk.reason)) == NULL) {
		__builtin_trap();
	}
	free(chk.findings);
	return 0;
}
