/* SPDX-License-Identifier: MIT
 * dname.c - the DNAME of a validated answer as the source of a synthesized CNAME: a DNAME
 * whose signature shows a wildcard expansion is not used for redirection (RFC 4592 4.4,
 * RFC 6672 3.3), so the CNAME it would synthesize is not authenticated. */

#include <stdio.h>

#include "dd/error.h"
#include "dd/name.h"
#include "dns/name_text.h"
#include "validate/validate.h"

bool dd__validate_dname_source(const uint8_t *owner, const dd_rdata_t *sig, const uint8_t *qname,
                               const dd__vsink_t *sink)
{
	dd_rrsig_t rs;
	if (dd_rrsig_parse(sig->data, sig->len, &rs) != DD_OK) {
		return true;  /* the signature verified: it parses; nothing to say otherwise */
	}
	unsigned have = dd_name_rrsig_labels(owner);
	if (rs.labels >= have) {
		return true;
	}
	/* the wildcard the DNAME was expanded from: its rightmost rs.labels labels under '*' */
	const uint8_t *enc = owner;
	for (unsigned i = have; i > rs.labels; i--) {
		enc += 1 + enc[0];
	}
	char o[1024], e[1024], q[1024];
	dd__name_text(owner, o, sizeof(o));
	dd__name_text(enc, e, sizeof(e));
	dd__name_text(qname, q, sizeof(q));
	dd__vemit(sink, "DNAME_WILDCARD", DD_SEV_ERROR, owner, DD_TYPE_DNAME, rs.key_tag,
	          rs.algorithm, 0, "the DNAME at %s is signed as an expansion of the wildcard *.%s "
	          "(RRSIG Labels %u, the owner has %u): a DNAME owned by a wildcard is not used for "
	          "redirection (RFC 4592 4.4, RFC 6672 3.3), so the CNAME it synthesizes for %s is "
	          "not authenticated: Unbound fails the answer, BIND accepts it", o,
	          enc[0] == 0 ? "" : e, rs.labels, have, q);
	return false;
}
