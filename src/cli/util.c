/* SPDX-License-Identifier: MIT
 * util.c - times and durations, trust anchors (zone-file DS/DNSKEY, Unbound anchor files,
 * BIND trust-anchors clauses) and root hints, with the IANA defaults built in; output files
 * written whole (a temporary file renamed into place). */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "cli.h"
#include "util.h"

/* The root zone's trust anchors, from https://data.iana.org/root-anchors/root-anchors.xml:
 * KSK-2017 (key tag 20326) and KSK-2024 (key tag 38696), as DS records (SHA-256). */
static const char *const ROOT_ANCHORS =
	". 172800 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
	". 172800 IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16\n";

/* The IANA root servers (https://www.internic.net/domain/named.root, b.root-servers.net as
 * renumbered in November 2023). */
static const char *const ROOT_HINTS =
	". 3600000 NS a.root-servers.net.\na.root-servers.net. 3600000 A 198.41.0.4\n"
	"a.root-servers.net. 3600000 AAAA 2001:503:ba3e::2:30\n"
	". 3600000 NS b.root-servers.net.\nb.root-servers.net. 3600000 A 170.247.170.2\n"
	"b.root-servers.net. 3600000 AAAA 2801:1b8:10::b\n"
	". 3600000 NS c.root-servers.net.\nc.root-servers.net. 3600000 A 192.33.4.12\n"
	"c.root-servers.net. 3600000 AAAA 2001:500:2::c\n"
	". 3600000 NS d.root-servers.net.\nd.root-servers.net. 3600000 A 199.7.91.13\n"
	"d.root-servers.net. 3600000 AAAA 2001:500:2d::d\n"
	". 3600000 NS e.root-servers.net.\ne.root-servers.net. 3600000 A 192.203.230.10\n"
	"e.root-servers.net. 3600000 AAAA 2001:500:a8::e\n"
	". 3600000 NS f.root-servers.net.\nf.root-servers.net. 3600000 A 192.5.5.241\n"
	"f.root-servers.net. 3600000 AAAA 2001:500:2f::f\n"
	". 3600000 NS g.root-servers.net.\ng.root-servers.net. 3600000 A 192.112.36.4\n"
	"g.root-servers.net. 3600000 AAAA 2001:500:12::d0d\n"
	". 3600000 NS h.root-servers.net.\nh.root-servers.net. 3600000 A 198.97.190.53\n"
	"h.root-servers.net. 3600000 AAAA 2001:500:1::53\n"
	". 3600000 NS i.root-servers.net.\ni.root-servers.net. 3600000 A 192.36.148.17\n"
	"i.root-servers.net. 3600000 AAAA 2001:7fe::53\n"
	". 3600000 NS j.root-servers.net.\nj.root-servers.net. 3600000 A 192.58.128.30\n"
	"j.root-servers.net. 3600000 AAAA 2001:503:c27::2:30\n"
	". 3600000 NS k.root-servers.net.\nk.root-servers.net. 3600000 A 193.0.14.129\n"
	"k.root-servers.net. 3600000 AAAA 2001:7fd::1\n"
	". 3600000 NS l.root-servers.net.\nl.root-servers.net. 3600000 A 199.7.83.42\n"
	"l.root-servers.net. 3600000 AAAA 2001:500:9f::42\n"
	". 3600000 NS m.root-servers.net.\nm.root-servers.net. 3600000 A 202.12.27.33\n"
	"m.root-servers.net. 3600000 AAAA 2001:dc3::35\n";

/* "2h30m", "7d", "45" (seconds): milliseconds, allowing a fraction on plain seconds. */
int cli_parse_duration_ms(const char *text, int64_t *out_ms)
{
	if (text == NULL || *text == '\0') {
		return -1;
	}
	char *end = NULL;
	double plain = strtod(text, &end);
	if (*end == '\0' && plain >= 0 && plain < 1e9) {
		*out_ms = (int64_t)(plain * 1000);
		return 0;
	}
	int64_t total;
	if (dd_duration_parse(text, strlen(text), &total) != DD_OK) {
		return -1;
	}
	*out_ms = total * 1000;
	return 0;
}

int cli_parse_timeout(const char *cmd, const char *text, int64_t *out_ms)
{
	int64_t ms;
	if (cli_parse_duration_ms(text, &ms) != 0 || ms < 10 || ms > 60000) {
		cli_error(cmd, "bad --timeout '%s' (seconds, 0.01 to 60)", text);
		return -1;
	}
	*out_ms = ms;
	return 0;
}

int cli_parse_at(const char *cmd, const char *text, int64_t now, int64_t *out)
{
	if (cli_parse_time(text, now, out) != 0) {
		cli_error(cmd, "bad --at '%s' (YYYYMMDDHHMMSS, YYYY-MM-DD[THH:MM[:SS]], @EPOCH, +3d, -2h)",
		          text);
		return -1;
	}
	return 0;
}

int cli_parse_time(const char *text, int64_t now, int64_t *out)
{
	if (text == NULL || *text == '\0') {
		return -1;
	}
	if (strcmp(text, "now") == 0) {
		*out = now;
		return 0;
	}
	if (text[0] == '+' || text[0] == '-') {
		int64_t ms;
		if (cli_parse_duration_ms(text + 1, &ms) != 0) {
			return -1;
		}
		*out = now + (text[0] == '+' ? ms / 1000 : -ms / 1000);
		return 0;
	}
	if (text[0] == '@') {
		char *end = NULL;
		long long v = strtoll(text + 1, &end, 10);
		if (end == text + 1 || *end != '\0') {
			return -1;
		}
		*out = v;
		return 0;
	}
	struct tm tm = { 0 };
	const char *end = NULL;
	size_t len = strlen(text);
	if (len == 14 && strspn(text, "0123456789") == 14) {
		end = strptime(text, "%Y%m%d%H%M%S", &tm);
	} else {
		end = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm);
		if (end == NULL) {
			memset(&tm, 0, sizeof(tm));
			end = strptime(text, "%Y-%m-%dT%H:%M", &tm);
		}
		if (end == NULL) {
			memset(&tm, 0, sizeof(tm));
			end = strptime(text, "%Y-%m-%d %H:%M:%S", &tm);
		}
		if (end == NULL) {
			memset(&tm, 0, sizeof(tm));
			end = strptime(text, "%Y-%m-%d", &tm);
		}
	}
	if (end == NULL || !(*end == '\0' || (end[0] == 'Z' && end[1] == '\0'))) {
		return -1;
	}
	*out = (int64_t)timegm(&tm);
	return 0;
}

static int keep_anchor(const dd_rr_t *rr, void *ctx)
{
	cli_anchors_t *a = ctx;
	if (rr->type != DD_TYPE_DS && rr->type != DD_TYPE_DNSKEY) {
		return 0;
	}
	dd_rr_t *n = realloc(a->rr, (a->n + 1) * sizeof(*n));
	if (n == NULL) {
		return DD_ENOMEM;
	}
	a->rr = n;
	size_t ol = dd_name_len(rr->owner);
	uint8_t *owner = malloc(ol), *rdata = malloc(rr->rdata.len ? rr->rdata.len : 1);
	if (owner == NULL || rdata == NULL) {
		free(owner);
		free(rdata);
		return DD_ENOMEM;
	}
	memcpy(owner, rr->owner, ol);
	memcpy(rdata, rr->rdata.data, rr->rdata.len);
	a->rr[a->n++] = (dd_rr_t){ .owner = owner, .type = rr->type, .rclass = rr->rclass,
		                   .ttl = rr->ttl, .rdata = { rdata, rr->rdata.len } };
	return 0;
}

/* Turn a BIND trust-anchors { NAME static-ds|initial-ds|static-key|initial-key ...; } clause
 * (also managed-keys / trusted-keys) into zone-file text. */
static char *bind_to_zone(const char *in)
{
	size_t len = strlen(in);
	char *clean = malloc(len + 1), *out = malloc(2 * len + 64);
	if (clean == NULL || out == NULL) {
		free(clean);
		free(out);
		return NULL;
	}
	/* drop comments (#, //, and C style) and quotes */
	size_t c = 0;
	for (size_t i = 0; i < len; i++) {
		if (in[i] == '#' || (in[i] == '/' && in[i + 1] == '/')) {
			while (i < len && in[i] != '\n') {
				i++;
			}
		} else if (in[i] == '/' && in[i + 1] == '*') {
			const char *e = strstr(in + i + 2, "*/");
			i = e ? (size_t)(e - in) + 1 : len;
		} else if (in[i] != '"') {
			clean[c++] = in[i];
		}
	}
	clean[c] = '\0';
	size_t o = 0;
	out[0] = '\0';
	char *save = NULL;
	/* statements end with ';' */
	for (char *st = strtok_r(clean, ";", &save); st != NULL; st = strtok_r(NULL, ";", &save)) {
		char *brace = strrchr(st, '{');
		char *s = brace ? brace + 1 : st;
		char name[512], kind[32];
		int used = 0;
		if (sscanf(s, " %511s %31s %n", name, kind, &used) != 2) {
			continue;
		}
		const char *type = NULL;
		if (strcmp(kind, "static-ds") == 0 || strcmp(kind, "initial-ds") == 0) {
			type = "DS";
		} else if (strcmp(kind, "static-key") == 0 || strcmp(kind, "initial-key") == 0) {
			type = "DNSKEY";
		} else if (isdigit((unsigned char)kind[0])) {
			type = "DNSKEY";  /* trusted-keys { NAME flags proto alg "key"; } */
			used = (int)(strstr(s, kind) - s);
		} else {
			continue;
		}
		o += (size_t)snprintf(out + o, 2 * len + 64 - o, "%s IN %s %s\n", name, type, s + used);
	}
	free(clean);
	return out;
}

char *cli_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		return NULL;
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while (buf != NULL && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (nb == NULL) {
				free(buf);
			}
			buf = nb;
		}
	}
	fclose(f);
	if (buf != NULL) {
		buf[len] = '\0';
	}
	return buf;
}

int cli_anchors_load(const char *path, cli_anchors_t *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	dd_zonefile_error_t zerr;
	int r;
	if (path == NULL) {
		snprintf(out->source, sizeof(out->source), "built-in IANA root anchors (KSK-2017 20326, "
		         "KSK-2024 38696; data.iana.org/root-anchors)");
		r = dd_zonefile_parse_string(ROOT_ANCHORS, strlen(ROOT_ANCHORS), ".", 172800, keep_anchor,
		                             out, &zerr);
	} else {
		snprintf(out->source, sizeof(out->source), "%s", path);
		char *text = cli_slurp(path);
		if (text == NULL) {
			snprintf(err, errlen, "cannot read anchor file %s", path);
			return -1;
		}
		if (strstr(text, "trust-anchors") || strstr(text, "managed-keys") || strstr(text, "trusted-keys")) {
			char *z = bind_to_zone(text);
			free(text);
			text = z;
			if (text == NULL) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
		}
		r = dd_zonefile_parse_string(text, strlen(text), ".", 3600, keep_anchor, out, &zerr);
		snprintf(zerr.file, sizeof(zerr.file), "%s", path);
		free(text);
	}
	if (r != DD_OK) {
		char msg[800];
		dd_zonefile_error_str(&zerr, msg, sizeof(msg));
		snprintf(err, errlen, "anchor file: %s", msg);
		cli_anchors_free(out);
		return -1;
	}
	if (out->n == 0) {
		snprintf(err, errlen, "%s has no DS or DNSKEY trust anchor", path ? path : "built-in");
		return -1;
	}
	return 0;
}

void cli_anchors_free(cli_anchors_t *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free((void *)a->rr[i].owner);
		free((void *)a->rr[i].rdata.data);
	}
	free(a->rr);
	a->rr = NULL;
	a->n = 0;
}

typedef struct hints_ctx {
	dd_probe_server_t *s;
	size_t n;
	uint8_t ns[64][DD_NAME_MAXLEN];
	size_t nns;
} hints_ctx_t;

static int keep_hint(const dd_rr_t *rr, void *ctx)
{
	hints_ctx_t *h = ctx;
	if (rr->type == DD_TYPE_NS && rr->owner[0] == 0 && h->nns < 64 &&
	    dd_name_check(rr->rdata.data, rr->rdata.len) > 0) {
		dd_name_to_lower(h->ns[h->nns++], rr->rdata.data);
		return 0;
	}
	if (rr->type != DD_TYPE_A && rr->type != DD_TYPE_AAAA) {
		return 0;
	}
	dd_probe_server_t *n = realloc(h->s, (h->n + 1) * sizeof(*n));
	if (n == NULL) {
		return DD_ENOMEM;
	}
	h->s = n;
	dd_probe_server_t *s = &h->s[h->n++];
	memset(s, 0, sizeof(*s));
	dd_name_to_lower(s->ns_name, rr->owner);
	bool ok = rr->type == DD_TYPE_A
	                  ? rr->rdata.len == 4 && inet_ntop(AF_INET, rr->rdata.data, s->addr, sizeof(s->addr))
	                  : rr->rdata.len == 16 && inet_ntop(AF_INET6, rr->rdata.data, s->addr, sizeof(s->addr));
	if (!ok) {
		h->n--;
	}
	return 0;
}

int cli_hints_load(const char *path, dd_probe_server_t **out, size_t *n, char *err, size_t errlen)
{
	hints_ctx_t h = { 0 };
	dd_zonefile_error_t zerr;
	int r = path == NULL ? dd_zonefile_parse_string(ROOT_HINTS, strlen(ROOT_HINTS), ".", 3600000,
	                                                keep_hint, &h, &zerr)
	                     : dd_zonefile_parse_file(path, ".", 3600000, keep_hint, &h, &zerr);
	if (r != DD_OK) {
		char msg[800];
		dd_zonefile_error_str(&zerr, msg, sizeof(msg));
		snprintf(err, errlen, "hints: %s", msg);
		free(h.s);
		return -1;
	}
	/* only addresses of names the root's NS RRset lists */
	size_t kept = 0;
	for (size_t i = 0; i < h.n; i++) {
		for (size_t k = 0; k < h.nns; k++) {
			if (dd_name_equal(h.s[i].ns_name, h.ns[k])) {
				h.s[kept++] = h.s[i];
				break;
			}
		}
	}
	h.n = kept;
	if (h.n == 0) {
		snprintf(err, errlen, "%s has no A/AAAA records for root servers (NS records of \".\" "
		         "and their addresses)", path ? path : "hints");
		free(h.s);
		return -1;
	}
	for (size_t i = 0; i < h.n; i++) {
		h.s[i].zone[0] = 0;  /* the root */
	}
	*out = h.s;
	*n = h.n;
	return 0;
}

int cli_check_color(const char *cmd, const char *when)
{
	if (strcmp(when, "auto") != 0 && strcmp(when, "always") != 0 && strcmp(when, "never") != 0) {
		cli_error(cmd, "bad --color '%s' (auto, always or never)", when);
		return -1;
	}
	return 0;
}

int cli_parse_level(const char *cmd, const char *text, dd_severity_t *out)
{
	static const dd_severity_t sev[] = { DD_SEV_ERROR, DD_SEV_WARNING, DD_SEV_NOTICE };
	for (size_t i = 0; i < sizeof(sev) / sizeof(sev[0]); i++) {
		if (strcmp(text, dd_severity_name(sev[i])) == 0) {
			*out = sev[i];
			return 0;
		}
	}
	cli_error(cmd, "bad --level '%s' (error, warning or notice)", text);
	return -1;
}

bool cli_use_color(const char *when)
{
	return strcmp(when, "always") == 0 ||
	       (strcmp(when, "auto") == 0 && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL);
}

/* ---- output files ------------------------------------------------------------------------ */

/* Write all of @p data to @p fd. @return 0 or an errno value. */
static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			return errno;
		}
		if (n == 0) {
			return EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A new file beside @p path: "DIR/.BASE.XXXXXXXXXXXX" with a random suffix, created with
 * O_EXCL and O_NOFOLLOW (never an existing file or a link someone planted). @return the
 * descriptor, or -1 with errno set. */
static int temp_beside(const char *path, char *tmp, size_t tmplen)
{
	char *d = strdup(path), *b = strdup(path);
	if (d == NULL || b == NULL) {
		free(d);
		free(b);
		errno = ENOMEM;
		return -1;
	}
	const char *dir = dirname(d), *base = basename(b);
	int fd = -1;
	for (int tries = 0; tries < 16 && fd < 0; tries++) {
		uint64_t r = 0;
		if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
			r = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL) ^ ((uint64_t)tries << 48);
		}
		if ((size_t)snprintf(tmp, tmplen, "%s/.%s.%012llx", dir, base,
		                     (unsigned long long)(r & 0xFFFFFFFFFFFFull)) >= tmplen) {
			errno = ENAMETOOLONG;
			break;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST) {
			break;
		}
	}
	int e = errno;
	free(d);
	free(b);
	errno = e;
	return fd;
}

int cli_write_file(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	struct stat st;
	bool exists = lstat(path, &st) == 0;
	if (!exists && errno != ENOENT) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (exists && S_ISLNK(st.st_mode)) {
		snprintf(err, errlen, "it is a symbolic link, not followed: remove it or name the file "
		         "it points to");
		return -1;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s", strerror(EISDIR));
		return -1;
	}
	if (exists && !S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		return -1;
	}
	/* a file beyond RLIMIT_FSIZE is an error to report, not a signal that kills us and leaves
	 * the temporary file behind */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGXFSZ, &ign, &old);
	int e = 0;
	if (exists && S_ISCHR(st.st_mode)) {
		/* a device such as /dev/null is written in place; O_NOFOLLOW and the check of the
		 * opened file keep a link or a file swapped in since lstat() out */
		int fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
		struct stat fst;
		if (fd < 0) {
			e = errno;
		} else if (fstat(fd, &fst) != 0 || !S_ISCHR(fst.st_mode) || fst.st_rdev != st.st_rdev) {
			e = EAGAIN;
		} else {
			e = write_all(fd, data, len);
		}
		if (fd >= 0 && close(fd) != 0 && e == 0) {
			e = errno;
		}
		sigaction(SIGXFSZ, &old, NULL);
		if (e != 0) {
			snprintf(err, errlen, "%s", e == EAGAIN ? "it changed while being opened"
			                                        : strerror(e));
			return -1;
		}
		return 0;
	}
	char tmp[4096 + 64];
	int fd = temp_beside(path, tmp, sizeof(tmp));
	if (fd < 0) {
		e = errno;
		sigaction(SIGXFSZ, &old, NULL);
		snprintf(err, errlen, "cannot create a temporary file beside it: %s", strerror(e));
		return -1;
	}
	if (exists && fchmod(fd, st.st_mode & 07777) != 0) {
		e = errno;
	}
	if (e == 0) {
		e = write_all(fd, data, len);
	}
	/* on disk before the rename, so that a crash leaves the old file or the new one */
	if (e == 0 && fsync(fd) != 0) {
		e = errno;
	}
	if (close(fd) != 0 && e == 0) {
		e = errno;
	}
	if (e == 0 && rename(tmp, path) != 0) {
		e = errno;
	}
	sigaction(SIGXFSZ, &old, NULL);
	if (e != 0) {
		unlink(tmp);
		snprintf(err, errlen, "%s", strerror(e));
		return -1;
	}
	/* and the rename itself, as far as the file system allows */
	char *d = strdup(path);
	if (d != NULL) {
		int dfd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
		free(d);
	}
	return 0;
}

static int collect_ds(const dd_rr_t *rr, void *vctx)
{
	cli_ds_list_t *l = vctx;
	if (rr->type != DD_TYPE_DS && rr->type != DD_TYPE_CDS) {
		l->other = true;
		return 0;
	}
	if (l->n == CLI_DS_MAX || rr->rdata.len > sizeof(l->rdata[0])) {
		l->full = true;
		return 0;
	}
	size_t i = l->n++;
	dd_name_to_lower(l->owner[i], rr->owner);
	memcpy(l->rdata[i], rr->rdata.data, rr->rdata.len);
	l->rr[i] = (dd_rr_t){ .owner = l->owner[i], .type = DD_TYPE_DS, .rclass = rr->rclass,
		              .ttl = rr->ttl, .rdata = { .data = l->rdata[i], .len = rr->rdata.len } };
	return 0;
}

/* Read DS records from a file, or from one record given as text. */
int cli_ds_load(const char *cmd, const char *arg, const char *origin, cli_ds_list_t *l)
{
	struct stat st;
	dd_zonefile_error_t zerr;
	char msg[600];
	size_t before = l->n;
	int r;
	if (stat(arg, &st) == 0) {
		r = dd_zonefile_parse_file(arg, origin, 3600, collect_ds, l, &zerr);
	} else {
		/* "12345 13 2 ABCD..." (the registrar form) or a whole record */
		char text[2048];
		bool bare = arg[0] >= '0' && arg[0] <= '9';
		if (bare && origin == NULL) {
			cli_error(cmd, "--ds '%s' is a bare DS: give the zone with -o, or a whole record",
			          arg);
			return -1;
		}
		/* "@" is the origin as given, with or without its final dot */
		snprintf(text, sizeof(text), "%s%s\n", bare ? "@ IN DS " : "", arg);
		r = dd_zonefile_parse_string(text, strlen(text), origin, 3600, collect_ds, l, &zerr);
		if (r == DD_EPARSE) {
			snprintf(zerr.file, sizeof(zerr.file), "--ds");
		}
	}
	if (r != DD_OK) {
		dd_zonefile_error_str(&zerr, msg, sizeof(msg));
		cli_error(cmd, "cannot read DS records from '%s': %s", arg, msg);
		return -1;
	}
	if (l->full) {
		cli_error(cmd, "more than %d DS records given", CLI_DS_MAX);
		return -1;
	}
	if (l->n == before) {
		cli_error(cmd, "no DS record in '%s'", arg);
		return -1;
	}
	return 0;
}
