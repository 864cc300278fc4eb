/* SPDX-License-Identifier: MIT
 * check.c - check-zone: the driver (read, order, classify, verify on worker threads while the
 * structure and the chain are checked, aggregate), the zone's structure (RFC 1034, 2181, 6672)
 * and DS placement, CDS/CDNSKEY, and the findings, counted per code and ordered errors first,
 * in the vocabulary shared with diagnose. */

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/finding_fill.h"
#include "core/fmt.h"
#include "dd/algorithm.h"
#include "dd/error.h"
#include "dd/key.h"
#include "dd/name.h"
#include "dd/rdata.h"
#include "dd/zonefile.h"
#include "dns/name_text.h"
#include "zone/zctx.h"
#include "zone/zonemd.h"

/* The validation core's findings, counted and kept like the others. */
static void sink_emit(void *ctx, const dd__vfind_t *f)
{
	dd__z_find_sev(ctx, f->code, f->severity, f->owner, f->rrtype, f->key_tag, f->algorithm,
	               f->when, "%s", f->detail);
}

static void check_structure(dd__zctx_t *c)
{
	char nb[1024], tb[24];
	if (c->apex_node < 0) {
		dd__z_find(c, "ZONE_STRUCTURE", c->apex, DD_TYPE_SOA, 0, 0, 0,
		      "no record at the apex %s: no SOA, no NS", dd__z_ntext(c->apex, nb, sizeof(nb)));
	} else {
		const dd__znode_t *a = &c->nodes[c->apex_node];
		size_t soa = dd__z_node_count(c, a, DD_TYPE_SOA);
		if (soa != 1) {
			dd__z_find(c, "ZONE_STRUCTURE", c->apex, DD_TYPE_SOA, 0, 0, 0,
			      "%zu SOA records at the apex %s; a zone has exactly one", soa,
			      dd__z_ntext(c->apex, nb, sizeof(nb)));
		}
		if (!dd__z_node_has(c, a, DD_TYPE_NS)) {
			dd__z_find(c, "ZONE_STRUCTURE", c->apex, DD_TYPE_NS, 0, 0, 0,
			      "no NS RRset at the apex %s", dd__z_ntext(c->apex, nb, sizeof(nb)));
		}
		if (dd__z_node_has(c, a, DD_TYPE_DS)) {
			dd__z_find(c, "DS_NOT_AT_DELEGATION", c->apex, DD_TYPE_DS, 0, 0, 0,
			      "a DS RRset at the apex %s: DS belongs in the parent zone (RFC 4035 2.4)",
			      dd__z_ntext(c->apex, nb, sizeof(nb)));
		}
		if (dd__z_node_has(c, a, DD_TYPE_CNAME)) {
			dd__z_find(c, "ZONE_STRUCTURE", c->apex, DD_TYPE_CNAME, 0, 0, 0,
			      "a CNAME at the apex %s, where SOA and NS must be (RFC 1034 3.6.2)",
			      dd__z_ntext(c->apex, nb, sizeof(nb)));
		}
	}
	size_t outside = 0;
	for (size_t i = 0; i < c->nnodes; i++) {
		const dd__znode_t *n = &c->nodes[i];
		const uint8_t *nm = dd__z_node_name(c, n);
		if (n->flags & NODE_OUTSIDE) {
			if (outside++ == 0) {
				char ab[1024];
				dd__z_find(c, "OUT_OF_ZONE", nm, 0, 0, 0, 0, "%s is outside the zone %s; its "
				      "records are ignored", dd__z_ntext(nm, nb, sizeof(nb)),
				      dd__z_ntext(c->apex, ab, sizeof(ab)));
			}
			continue;
		}
		if ((n->flags & NODE_NONAUTH)) {
			continue;
		}
		if ((n->flags & NODE_DS) && !(n->flags & NODE_CUT) && !(n->flags & NODE_APEX)) {
			dd__z_find(c, "DS_NOT_AT_DELEGATION", nm, DD_TYPE_DS, 0, 0, 0,
			      "a DS RRset at %s, which is not a delegation (no NS): RFC 4035 2.4",
			      dd__z_ntext(nm, nb, sizeof(nb)));
		}
		size_t cname = dd__z_node_count(c, n, DD_TYPE_CNAME);
		if (cname > 1) {
			dd__z_find(c, "ZONE_STRUCTURE", nm, DD_TYPE_CNAME, 0, 0, 0,
			      "%zu CNAME records at %s; a name has at most one (RFC 2181 10.1)", cname,
			      dd__z_ntext(nm, nb, sizeof(nb)));
		}
		if (cname > 0) {
			for (uint32_t r = n->first; r < n->first + n->count; r++) {
				uint16_t t = c->recs[r].type;
				if (t != DD_TYPE_CNAME && t != DD_TYPE_RRSIG && t != DD_TYPE_NSEC) {
					dd__type_text(t, tb);
					dd__z_find(c, "ZONE_STRUCTURE", nm, DD_TYPE_CNAME, 0, 0, 0,
					      "%s has a CNAME and a %s RRset; a CNAME stands alone (RFC 1034 "
					      "3.6.2, RFC 2181 10.1)", dd__z_ntext(nm, nb, sizeof(nb)), tb);
					break;
				}
			}
		}
		size_t dname = dd__z_node_count(c, n, DD_TYPE_DNAME);
		if (dname > 1) {
			dd__z_find(c, "ZONE_STRUCTURE", nm, DD_TYPE_DNAME, 0, 0, 0,
			      "%zu DNAME records at %s; a name has at most one (RFC 6672 2.4)", dname,
			      dd__z_ntext(nm, nb, sizeof(nb)));
		}
		if (dname > 0 && (n->flags & NODE_CUT)) {
			dd__z_find(c, "ZONE_STRUCTURE", nm, DD_TYPE_DNAME, 0, 0, 0,
			      "%s has a DNAME and NS records (RFC 6672 2.3)", dd__z_ntext(nm, nb, sizeof(nb)));
		}
		/* names below a DNAME are occluded; below a cut they must be glue */
		if (dname > 0 && i + 1 < c->nnodes && (c->nodes[i + 1].flags & NODE_NONAUTH) &&
		    dd_name_in_zone(dd__z_node_name(c, &c->nodes[i + 1]), nm)) {
			dd__z_find(c, "ZONE_STRUCTURE", nm, DD_TYPE_DNAME, 0, 0, 0,
			      "data below the DNAME at %s is occluded and never served (RFC 6672 2.3)",
			      dd__z_ntext(nm, nb, sizeof(nb)));
		}
		/* glue: in-bailiwick NS targets need addresses (RFC 1034 4.2.1) */
		if (!(n->flags & (NODE_CUT | NODE_APEX))) {
			continue;
		}
		for (uint32_t r = n->first; r < n->first + n->count; r++) {
			const dd__zrec_t *rc = &c->recs[r];
			if (rc->type != DD_TYPE_NS || dd_name_check(dd__z_rdata(c, rc), rc->rdlen) < 0) {
				continue;
			}
			uint8_t target[DD_NAME_MAXLEN];
			dd_name_to_lower(target, dd__z_rdata(c, rc));
			if (!dd_name_in_zone(target, c->apex)) {
				continue;
			}
			/* glue is needed for targets at or below this delegation, and addresses for
			 * targets in the zone's own data; below another delegation it is optional */
			long under = dd__z_nearest_cut(c, target);
			if (under >= 0 && under != (long)i) {
				continue;
			}
			long t = dd__z_find_node(c, target);
			bool ok = t >= 0 && (dd__z_node_has(c, &c->nodes[t], DD_TYPE_A) ||
			                     dd__z_node_has(c, &c->nodes[t], DD_TYPE_AAAA));
			if (!ok && t < 0) {
				/* an authoritative wildcard may answer for it (RFC 4592) */
				uint8_t wc[DD_NAME_MAXLEN];
				for (unsigned k = dd_name_labels(target); k > dd_name_labels(c->apex) && !ok;
				     k--) {
					const uint8_t *sfx = dd_name_suffix(target, k - 1);
					size_t sl = dd_name_len(sfx);
					if (sl + 2 > DD_NAME_MAXLEN) {
						break;
					}
					wc[0] = 1;
					wc[1] = '*';
					memcpy(wc + 2, sfx, sl);
					long w = dd__z_find_node(c, wc);
					ok = w >= 0 && (dd__z_node_has(c, &c->nodes[w], DD_TYPE_A) ||
					      dd__z_node_has(c, &c->nodes[w], DD_TYPE_AAAA));
				}
			}
			if (!ok) {
				char gb[1024];
				dd__z_find(c, "ZONE_STRUCTURE", nm, DD_TYPE_NS, 0, 0, 0,
				      "NS %s of %s is inside the zone but has no A or AAAA record (missing "
				      "glue)", dd__z_ntext(target, gb, sizeof(gb)), dd__z_ntext(nm, nb, sizeof(nb)));
			}
		}
		if (n->flags & NODE_CUT) {
			if (n->flags & NODE_DS) {
				c->res->delegations_secure++;
			} else {
				c->res->delegations_insecure++;
			}
			/* the algorithm is the key's: one note per key (tag and algorithm), however
			 * many digests of it the delegation has (apple. in the root: DS 50166 with
			 * SHA-1 and SHA-256 was noted twice) */
			uint32_t seen[32];
			size_t nseen = 0;
			for (uint32_t r = n->first; r < n->first + n->count; r++) {
				const dd__zrec_t *rc = &c->recs[r];
				dd_ds_t ds;
				if (rc->type != DD_TYPE_DS ||
				    dd_ds_parse(dd__z_rdata(c, rc), rc->rdlen, &ds) != DD_OK) {
					continue;
				}
				uint32_t key = (uint32_t)ds.key_tag << 8 | ds.algorithm;
				bool again = false;
				for (size_t k = 0; k < nseen && !again; k++) {
					again = seen[k] == key;
				}
				if (!again && nseen < sizeof(seen) / sizeof(seen[0])) {
					seen[nseen++] = key;
				}
				if (again) {
					/* the key's algorithm is noted */
				} else if (!dd_alg_supported(ds.algorithm)) {
					dd__z_find(c, "ALGORITHM_UNSUPPORTED", nm, DD_TYPE_DS, ds.key_tag,
					      ds.algorithm, 0, "DS %u at %s names algorithm %u (%s), which "
					      "validators do not implement", ds.key_tag, dd__z_ntext(nm, nb,
					      sizeof(nb)), ds.algorithm, dd_alg_name(ds.algorithm));
				} else if (dd_alg_deprecated(ds.algorithm)) {
					dd__z_find(c, "DELEGATION_DS_DEPRECATED", nm, DD_TYPE_DS, ds.key_tag,
					      ds.algorithm, 0, "DS %u at %s names algorithm %u (%s), which "
					      "RFC 8624 says %s for signing", ds.key_tag, dd__z_ntext(nm, nb,
					      sizeof(nb)), ds.algorithm, dd_alg_name(ds.algorithm),
					      dd_rfc8624_name(dd_alg_signing_req(ds.algorithm)));
				}
				size_t want = dd_digest_len(ds.digest_type);
				dd_rfc8624_t dreq = dd_digest_creation_req(ds.digest_type);
				if (want == 0) {
					dd__z_find(c, "ALGORITHM_UNSUPPORTED", nm, DD_TYPE_DS, ds.key_tag,
					      ds.algorithm, 0, "DS %u at %s has digest type %u, which is %s: "
					      "validators ignore it", ds.key_tag, dd__z_ntext(nm, nb, sizeof(nb)),
					      ds.digest_type, ds.digest_type == 0 ? "reserved" : "not assigned");
				} else if (ds.digest_len != want) {
					dd__z_find(c, "DS_DIGEST_MISMATCH", nm, DD_TYPE_DS, ds.key_tag, ds.algorithm, 0,
					      "DS %u at %s: a digest of type %u (%s) is %zu octets, this one is "
					      "%zu: it can match no key", ds.key_tag, dd__z_ntext(nm, nb, sizeof(nb)),
					      ds.digest_type, dd_digest_name(ds.digest_type), want, ds.digest_len);
				} else if (dreq == DD_REQ_MUST_NOT) {
					dd__z_find(c, "DELEGATION_DS_DEPRECATED", nm, DD_TYPE_DS, ds.key_tag,
					      ds.algorithm, 0,
					      "DS %u at %s uses digest type %u (%s), which RFC 8624 3.3 says must "
					      "not be used to create DS records: publish a SHA-256 DS instead",
					      ds.key_tag, dd__z_ntext(nm, nb, sizeof(nb)), ds.digest_type,
					      dd_digest_name(ds.digest_type));
				}
			}
		}
	}
	if (outside > 1) {
		dd__z_find(c, "OUT_OF_ZONE", c->apex, 0, 0, 0, 0, "%zu names in all are outside the zone",
		      outside);
	}
}

static void check_cds(dd__zctx_t *c)
{
	if (c->apex_node < 0) {
		return;
	}
	const dd__znode_t *a = &c->nodes[c->apex_node];
	dd_rdata_t cdsbuf[64], cdnskeybuf[64];
	dd__vrdset_t keys = { .owner = c->apex, .rd = c->keyrd, .n = c->nkeys };
	dd__vrdset_t cds = dd__z_rdset(c, a, DD_TYPE_CDS, cdsbuf, 64);
	dd__vrdset_t cdnskey = dd__z_rdset(c, a, DD_TYPE_CDNSKEY, cdnskeybuf, 64);
	/* the DS given (--ds) as the parent's set */
	dd_ds_t ds[16];
	size_t nds = 0;
	for (size_t d = 0; d < c->o->nds && nds < 16; d++) {
		if (c->o->ds[d].type == DD_TYPE_DS &&
		    dd_ds_parse(c->o->ds[d].rdata.data, c->o->ds[d].rdata.len, &ds[nds]) == DD_OK) {
			nds++;
		}
	}
	dd__validate_cds(&keys, &cds, &cdnskey, c->o->nds > 0 ? 1 : -1, ds, nds, &c->sink);
}

/* Findings in severity order (errors first), keeping discovery order within one severity. */
static int order_findings(dd_zone_check_t *res)
{
	if (res->nfindings < 2) {
		return DD_OK;
	}
	dd_finding_t *s = malloc(res->nfindings * sizeof(*s));
	if (s == NULL) {
		return DD_ENOMEM;
	}
	size_t k = 0;
	for (int sev = DD_SEV_ERROR; sev >= DD_SEV_NOTICE; sev--) {
		for (size_t i = 0; i < res->nfindings; i++) {
			if ((int)res->findings[i].severity == sev) {
				s[k++] = res->findings[i];
			}
		}
	}
	free(res->findings);
	res->findings = s;
	return DD_OK;
}

/* ---- driver --------------------------------------------------------------------------------- */

static void ctx_free(dd__zctx_t *c)
{
	for (size_t k = 0; k < c->nkeys; k++) {
		dd_key_free(c->keys[k].key);
	}
	free(c->arena);
	free(c->recs);
	free(c->names);
	free(c->nodes);
	free(c->jobs);
	free(c->outs);
	free(c->canon_rd);
	free(c->canon_data);
}

static unsigned cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : (n > 256 ? 256 : (unsigned)n);
}

static int check(const char *path, const char *text, size_t len,
                 const dd_zone_check_opts_t *opts, dd_zone_check_t **out,
                 dd_zonefile_error_t *err)
{
	if (opts == NULL || out == NULL || (path == NULL && text == NULL)) {
		return DD_EINVAL;
	}
	dd__zctx_t *c = calloc(1, sizeof(*c));
	dd_zone_check_t *res = calloc(1, sizeof(*res));
	if (c == NULL || res == NULL) {
		free(c);
		free(res);
		return DD_ENOMEM;
	}
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
	c->o = opts;
	c->res = res;
	c->vo = (dd__vopts_t){ .at = opts->at, .lim = dd_limits_default(), .exact_labels = true,
		               .vcache = opts->cache };
	c->sink = (dd__vsink_t){ .emit = sink_emit, .ctx = c };
	c->sorted = true;
	c->per_code = opts->max_findings_per_code ? opts->max_findings_per_code : 20;
	res->at = opts->at;
	res->expire_warn = opts->expire_warn;
	res->threads = opts->threads ? opts->threads : cpu_count();
	if (res->threads > 256) {
		res->threads = 256;
	}
	snprintf(res->nsec3_salt, sizeof(res->nsec3_salt), "-");
	int ret;
	if (opts->origin != NULL) {
		int l = dd_name_from_str(opts->origin, c->apex);
		if (l < 0) {
			ret = DD_EINVAL;
			goto fail;
		}
		c->apex_len = dd_name_to_lower(c->apex, c->apex);
		c->have_apex = true;
	}
	c->max_records = opts->max_records ? opts->max_records : DD_ZONE_MAX_RECORDS;
	c->max_memory = opts->max_memory ? opts->max_memory : DD_ZONE_MAX_MEMORY;
	dd_zonefile_opts_t zo = {
		.include_dirs = opts->include_dirs,
		.ninclude_dirs = opts->ninclude_dirs,
		.max_text = c->max_memory,
		.text_held = &c->text_held,
		.threads = res->threads,     /* the text read on every thread too (issue 17) */
		.chunk_size = opts->parse_chunk,
	};
	ret = path ? dd_zonefile_parse_file_opts(path, opts->origin, 3600, &zo, dd__z_on_record, c,
	                                         err)
	           : dd_zonefile_parse_string_opts(text, len, opts->origin, 3600, &zo,
	                                           dd__z_on_record, c, err);
	if (ret == DD_ELIMIT && c->limit_msg[0] != '\0' && err != NULL) {
		/* the store's limit: the reader named the file and line */
		snprintf(err->message, sizeof(err->message), "%s", c->limit_msg);
		err->text[0] = '\0';
	}
	if (ret != DD_OK) {
		goto fail;
	}
	if (!c->have_apex) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			snprintf(err->file, sizeof(err->file), "%s", path ? path : "<string>");
			snprintf(err->message, sizeof(err->message),
			         "no SOA record to take the zone's origin from; give it with -o");
		}
		ret = DD_EINVAL;
		goto fail;
	}
	res->records = c->nrecs;
	res->seconds_read = dd__z_elapsed(c);
	/* give back the growth slack: the store is now fixed */
	if (c->alen > 0 && c->alen < c->acap) {
		uint8_t *a = realloc(c->arena, c->alen);
		if (a != NULL) {
			c->arena = a;
			c->acap = c->alen;
		}
	}
	if (c->nrecs > 0 && c->nrecs < c->caprecs) {
		dd__zrec_t *r = realloc(c->recs, c->nrecs * sizeof(dd__zrec_t));
		if (r != NULL) {
			c->recs = r;
			c->caprecs = c->nrecs;
		}
	}
	dd__z_progress(c, "sorting", 0, 0, true);
	ret = dd__z_order_store(c);
	if (ret != DD_OK) {
		goto fail;
	}
	memcpy(res->origin, c->apex, c->apex_len);
	res->names = c->nnodes;
	dd__z_classify(c);
	dd__z_load_keys(c);
	res->signed_zone = c->nkeys > 0;
	res->nkeys = c->nkeys;
	res->keys = calloc(c->nkeys ? c->nkeys : 1, sizeof(dd_zone_key_t));
	if (res->keys == NULL || c->err != DD_OK) {
		ret = DD_ENOMEM;
		goto fail;
	}
	for (size_t k = 0; k < c->nkeys; k++) {
		const dd__vkey_t *z = &c->keys[k];
		res->keys[k] = (dd_zone_key_t){ .key_tag = z->tag, .algorithm = z->alg,
			                        .flags = z->flags, .valid = z->key != NULL,
			                        .bits = z->key ? dd_key_bits(z->key) : 0,
			                        .supported = z->key && dd_key_supported(z->key) };
	}
	ret = dd__z_build_jobs(c);
	if (ret == DD_OK) {
		ret = dd__z_canon_sets(c);
	}
	if (ret != DD_OK) {
		goto fail;
	}
	/* workers verify while this thread checks structure and chain, then joins them */
	unsigned nworkers = res->threads > 1 ? res->threads - 1 : 0;
	pthread_t *tids = calloc(nworkers ? nworkers : 1, sizeof(*tids));
	if (tids == NULL) {
		ret = DD_ENOMEM;
		goto fail;
	}
	unsigned started = 0;
	for (unsigned t = 0; t < nworkers && c->njobs > 256; t++) {
		if (pthread_create(&tids[t], NULL, dd__z_worker, c) != 0) {
			break;
		}
		started++;
	}
	check_structure(c);
	dd__z_check_denial(c);
	check_cds(c);
	dd__z_zonemd_check(c);  /* RFC 8976, while the workers verify */
	dd__z_verify_loop(c, true);
	for (unsigned t = 0; t < started; t++) {
		pthread_join(tids[t], NULL);
	}
	free(tids);
	res->verifications = atomic_load(&c->verifications);
	if (opts->cache != NULL) {
		dd__vcache_stats_t cs;
		dd__vcache_stats(opts->cache, &cs);
		res->cached = true;
		res->cache_hits = cs.hits;
		res->cache_misses = cs.misses;
	}
	if (atomic_load(&c->worker_err) != DD_OK) {
		ret = atomic_load(&c->worker_err);
		goto fail;
	}
	dd__z_progress(c, "verifying", c->njobs, c->njobs, true);
	dd__z_aggregate(c);
	dd__z_zonemd_dnssec(c);
	dd__z_key_checks(c);
	dd__z_expiring(c);
	if (c->err != DD_OK) {
		ret = c->err;
		goto fail;
	}
	for (size_t i = 0; i < res->ncounts; i++) {
		if (i == 0 || res->counts[i].severity > res->worst) {
			res->worst = res->counts[i].severity;
		}
	}
	ret = order_findings(res);
	if (ret != DD_OK) {
		goto fail;
	}
	res->wire_bytes = c->wire_bytes;
	res->store_bytes = c->acap + c->caprecs * sizeof(dd__zrec_t) + c->capnames * sizeof(dd__zname_t) +
	                   c->nnodes * sizeof(dd__znode_t) + c->res->signatures *
	                   (sizeof(dd__zjob_t) + sizeof(dd__sigout_t));
	res->seconds_total = dd__z_elapsed(c);
	res->seconds_check = res->seconds_total - res->seconds_read;
	ctx_free(c);
	free(c);
	*out = res;
	return DD_OK;
fail:
	ctx_free(c);
	free(c);
	dd_zone_check_free(res);
	return ret;
}

int dd_zone_check_file(const char *path, const dd_zone_check_opts_t *opts,
                       dd_zone_check_t **out, dd_zonefile_error_t *err)
{
	if (path == NULL) {
		return DD_EINVAL;
	}
	return check(path, NULL, 0, opts, out, err);
}

int dd_zone_check_string(const char *text, size_t len, const dd_zone_check_opts_t *opts,
                         dd_zone_check_t **out, dd_zonefile_error_t *err)
{
	if (text == NULL) {
		return DD_EINVAL;
	}
	return check(NULL, text, len, opts, out, err);
}

void dd_zone_check_free(dd_zone_check_t *res)
{
	if (res == NULL) {
		return;
	}
	free(res->keys);
	free(res->expiry);
	free(res->findings);
	free(res->counts);
	free(res);
}

size_t dd_zone_check_count(const dd_zone_check_t *res, const char *code)
{
	for (size_t i = 0; res && code && i < res->ncounts; i++) {
		if (strcmp(res->counts[i].code, code) == 0) {
			return res->counts[i].count;
		}
	}
	return 0;
}

bool dd_zone_check_has(const dd_zone_check_t *res, const char *code)
{
	return dd_zone_check_count(res, code) > 0;
}

int dd_zone_check_exit(const dd_zone_check_t *res)
{
	int worst = -1;
	for (size_t i = 0; res && i < res->ncounts; i++) {
		if ((int)res->counts[i].severity > worst) {
			worst = (int)res->counts[i].severity;
		}
	}
	return worst == DD_SEV_ERROR ? 2 : (worst == DD_SEV_WARNING ? 1 : 0);
}

const char *dd_zone_check_verdict(const dd_zone_check_t *res)
{
	switch (dd_zone_check_exit(res)) {
	case 2:  return "errors";
	case 1:  return "warnings";
	default: return res != NULL && !res->signed_zone ? "unsigned" : "valid";
	}
}
