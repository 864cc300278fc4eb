/* SPDX-License-Identifier: MIT
 * fake_transport.c - the probe's fake transport: scenario parsing, a minimal authoritative
 * server over the scenario's zones (answer, referral with glue, NODATA, NXDOMAIN, REFUSED when
 * not authoritative), per-server misbehaviour, and an event queue on a fake clock that drives
 * the exchange machine of probe/xfer.c exactly as the libuv transport does. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dd/dd.h>
#include <dd/msg.h>
#include <dd/name.h>
#include <dd/zonefile.h>

#include "fake_transport.h"

#define MAX_SERVERS 512
#define UDP_LIMIT DD_EDNS_PAYLOAD

/* ---- the scenario ------------------------------------------------------------------------- */

typedef struct frec {
	uint8_t owner[DD_NAME_MAXLEN];
	uint16_t type;
	uint32_t ttl;
	uint8_t *rdata;
	uint16_t len;
} frec_t;

typedef struct fzone {
	uint8_t origin[DD_NAME_MAXLEN];
	frec_t *recs;
	size_t n, cap;
	char (*addrs)[64];     /* the servers that serve it */
	size_t naddrs;
} fzone_t;

typedef struct fserver {
	char addr[64];
	unsigned delay;        /* ms before an answer arrives */
	unsigned drop;         /* UDP datagrams of each exchange dropped before one is answered */
	bool silent, refused, tc, tc_always, garbage;
	int rcode;             /* -1: answer from the zones */
} fserver_t;

typedef struct event event_t;

struct fake {
	dd__transport_t tp;
	int64_t now;
	fzone_t *zones;
	size_t nzones;
	fserver_t servers[MAX_SERVERS];
	size_t nservers;
	fake_sent_t *sent;
	size_t nsent, capsent;
	size_t started, completed, cancelled, max_inflight;
	uint64_t seq;
	uint16_t next_id;
	event_t *events;       /* unsorted; the earliest is searched */
	uv_loop_t *loop;
	uv_idle_t idle;
	bool armed, closing;
	void (*on_send)(void *arg, size_t nsent);
	void *on_send_arg;
};

/* ---- loading ------------------------------------------------------------------------------ */

static fserver_t *server_get(fake_t *f, const char *addr, bool add)
{
	for (size_t i = 0; i < f->nservers; i++) {
		if (strcmp(f->servers[i].addr, addr) == 0) {
			return &f->servers[i];
		}
	}
	if (!add || f->nservers == MAX_SERVERS) {
		return NULL;
	}
	fserver_t *s = &f->servers[f->nservers++];
	memset(s, 0, sizeof(*s));
	snprintf(s->addr, sizeof(s->addr), "%s", addr);
	s->delay = 10;
	s->rcode = -1;
	return s;
}

static int add_rec(const dd_rr_t *rr, void *ctx)
{
	fzone_t *z = ctx;
	if (z->n == z->cap) {
		size_t cap = z->cap ? 2 * z->cap : 16;
		frec_t *n = realloc(z->recs, cap * sizeof(*n));
		if (n == NULL) {
			return DD_ENOMEM;
		}
		z->recs = n;
		z->cap = cap;
	}
	frec_t *r = &z->recs[z->n];
	dd_name_to_lower(r->owner, rr->owner);
	r->type = rr->type;
	r->ttl = rr->ttl;
	r->len = (uint16_t)rr->rdata.len;
	r->rdata = malloc(rr->rdata.len ? rr->rdata.len : 1);
	if (r->rdata == NULL) {
		return DD_ENOMEM;
	}
	memcpy(r->rdata, rr->rdata.data, rr->rdata.len);
	z->n++;
	return 0;
}

static int server_option(fserver_t *s, const char *opt)
{
	if (strncmp(opt, "delay=", 6) == 0) {
		s->delay = (unsigned)strtoul(opt + 6, NULL, 10);
	} else if (strncmp(opt, "drop=", 5) == 0) {
		s->drop = (unsigned)strtoul(opt + 5, NULL, 10);
	} else if (strcmp(opt, "silent") == 0) {
		s->silent = true;
	} else if (strcmp(opt, "refused") == 0) {
		s->refused = true;
	} else if (strcmp(opt, "tc") == 0) {
		s->tc = true;
	} else if (strcmp(opt, "tc-always") == 0) {
		s->tc = s->tc_always = true;
	} else if (strcmp(opt, "garbage") == 0) {
		s->garbage = true;
	} else if (strcmp(opt, "rcode=REFUSED") == 0) {
		s->rcode = DD_RCODE_REFUSED;
	} else if (strcmp(opt, "rcode=SERVFAIL") == 0) {
		s->rcode = DD_RCODE_SERVFAIL;
	} else {
		return -1;
	}
	return 0;
}

int fake_load_string(const char *text, const char *name, fake_t **out, char *err, size_t errlen)
{
	fake_t *f = calloc(1, sizeof(*f));
	if (f == NULL) {
		return DD_ENOMEM;
	}
	f->now = 1700000000000;   /* 2023-11-14T22:13:20Z unless "start" says otherwise */
	f->next_id = 0x1000;
	int ret = DD_OK;
	unsigned line = 0;
	const char *p = text;
	fzone_t *zone = NULL;     /* collecting its records */
	char *body = NULL;
	size_t blen = 0, bcap = 0;
	while (*p != '\0' && ret == DD_OK) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char buf[1024];
		line++;
		if (len >= sizeof(buf)) {
			snprintf(err, errlen, "%s:%u: line too long", name, line);
			ret = DD_EPARSE;
			break;
		}
		memcpy(buf, p, len);
		buf[len] = '\0';
		p += len + (eol != NULL);
		if (zone != NULL) {
			if (strcmp(buf, "end") == 0) {
				char origin[1024];
				dd_name_to_str(zone->origin, origin, sizeof(origin));
				dd_zonefile_error_t ze;
				int r = dd_zonefile_parse_string(body ? body : "", blen, origin, 3600, add_rec,
				                                 zone, &ze);
				if (r != DD_OK) {
					char m[512];
					dd_zonefile_error_str(&ze, m, sizeof(m));
					snprintf(err, errlen, "%s: zone %s: %s", name, origin, m);
					ret = DD_EPARSE;
				}
				zone = NULL;
				blen = 0;
				continue;
			}
			if (blen + len + 2 > bcap) {
				size_t cap = (bcap + len + 2) * 2;
				char *n = realloc(body, cap);
				if (n == NULL) {
					ret = DD_ENOMEM;
					break;
				}
				body = n;
				bcap = cap;
			}
			memcpy(body + blen, buf, len);
			blen += len;
			body[blen++] = '\n';
			body[blen] = '\0';
			continue;
		}
		char *save = NULL, *word = strtok_r(buf, " \t", &save);
		if (word == NULL || word[0] == '#') {
			continue;
		}
		if (strcmp(word, "start") == 0) {
			char *v = strtok_r(NULL, " \t", &save);
			f->now = v ? strtoll(v, NULL, 10) : f->now;
		} else if (strcmp(word, "server") == 0) {
			char *addr = strtok_r(NULL, " \t", &save);
			fserver_t *s = addr ? server_get(f, addr, true) : NULL;
			if (s == NULL) {
				snprintf(err, errlen, "%s:%u: server ADDRESS [options]", name, line);
				ret = DD_EPARSE;
			}
			for (char *o; ret == DD_OK && (o = strtok_r(NULL, " \t", &save)) != NULL;) {
				if (server_option(s, o) != 0) {
					snprintf(err, errlen, "%s:%u: unknown server option '%s'", name, line, o);
					ret = DD_EPARSE;
				}
			}
		} else if (strcmp(word, "zone") == 0) {
			char *origin = strtok_r(NULL, " \t", &save);
			fzone_t *n = realloc(f->zones, (f->nzones + 1) * sizeof(*n));
			if (n == NULL) {
				ret = DD_ENOMEM;
				break;
			}
			f->zones = n;
			zone = &f->zones[f->nzones++];
			memset(zone, 0, sizeof(*zone));
			if (origin == NULL || dd_name_from_str(origin, zone->origin) < 0) {
				snprintf(err, errlen, "%s:%u: zone ORIGIN ADDRESS...", name, line);
				ret = DD_EPARSE;
				break;
			}
			dd_name_to_lower(zone->origin, zone->origin);
			for (char *a; (a = strtok_r(NULL, " \t", &save)) != NULL;) {
				char (*na)[64] = realloc(zone->addrs, (zone->naddrs + 1) * sizeof(*na));
				if (na == NULL) {
					ret = DD_ENOMEM;
					break;
				}
				zone->addrs = na;
				if (server_get(f, a, true) == NULL) {
					snprintf(err, errlen, "%s:%u: too many servers", name, line);
					ret = DD_EPARSE;
					break;
				}
				zone->addrs = na;
				snprintf(zone->addrs[zone->naddrs++], 64, "%s", a);
			}
		} else {
			snprintf(err, errlen, "%s:%u: unknown directive '%s'", name, line, word);
			ret = DD_EPARSE;
		}
	}
	if (ret == DD_OK && zone != NULL) {
		snprintf(err, errlen, "%s: zone without 'end'", name);
		ret = DD_EPARSE;
	}
	free(body);
	if (ret != DD_OK) {
		fake_free(f);
		return ret;
	}
	*out = f;
	return DD_OK;
}

int fake_load(const char *path, fake_t **out, char *err, size_t errlen)
{
	FILE *in = fopen(path, "r");
	if (in == NULL) {
		snprintf(err, errlen, "cannot open %s", path);
		return DD_EIO;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int c;
	while (mem != NULL && (c = fgetc(in)) != EOF) {
		fputc(c, mem);
	}
	fclose(in);
	if (mem == NULL) {
		return DD_ENOMEM;
	}
	fclose(mem);
	int r = fake_load_string(text, path, out, err, errlen);
	free(text);
	return r;
}

/* ---- the authoritative server ------------------------------------------------------------- */

typedef struct wbuf {
	uint8_t d[65535];
	size_t len;
	bool full;
} wbuf_t;

static void put(wbuf_t *b, const void *p, size_t n)
{
	if (b->len + n > sizeof(b->d)) {
		b->full = true;
		return;
	}
	memcpy(b->d + b->len, p, n);
	b->len += n;
}

static void put16(wbuf_t *b, uint16_t v)
{
	uint8_t o[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	put(b, o, 2);
}

static void put32(wbuf_t *b, uint32_t v)
{
	put16(b, (uint16_t)(v >> 16));
	put16(b, (uint16_t)v);
}

static void put_rr(wbuf_t *b, const frec_t *r)
{
	put(b, r->owner, dd_name_len(r->owner));
	put16(b, r->type);
	put16(b, 1);
	put32(b, r->ttl);
	put16(b, r->len);
	put(b, r->rdata, r->len);
}

typedef struct answer {
	const frec_t *sec[3][256];
	size_t n[3];
	int rcode;
	bool aa;
} answer_t;

static void add(answer_t *a, int sec, const frec_t *r)
{
	for (size_t i = 0; i < a->n[sec]; i++) {
		if (a->sec[sec][i] == r) {
			return;
		}
	}
	if (a->n[sec] < 256) {
		a->sec[sec][a->n[sec]++] = r;
	}
}

static void add_set(answer_t *a, int sec, const fzone_t *z, const uint8_t *owner, uint16_t type)
{
	for (size_t i = 0; i < z->n; i++) {
		if (z->recs[i].type == type && dd_name_equal(z->recs[i].owner, owner)) {
			add(a, sec, &z->recs[i]);
		}
	}
}

static bool has(const fzone_t *z, const uint8_t *owner, uint16_t type)
{
	for (size_t i = 0; i < z->n; i++) {
		if ((type == 0 || z->recs[i].type == type) && dd_name_equal(z->recs[i].owner, owner)) {
			return true;
		}
	}
	return false;
}

/* The name exists in the zone: it owns records, or names below it do (an empty
 * non-terminal). */
static bool exists(const fzone_t *z, const uint8_t *name)
{
	for (size_t i = 0; i < z->n; i++) {
		if (dd_name_in_zone(z->recs[i].owner, name)) {
			return true;
		}
	}
	return false;
}

static bool serves(const fzone_t *z, const char *addr)
{
	for (size_t i = 0; i < z->naddrs; i++) {
		if (strcmp(z->addrs[i], addr) == 0) {
			return true;
		}
	}
	return false;
}

/* What @p addr answers to qname/qtype (RFC 1034 4.3.2, without wildcards). */
static void authoritative(const fake_t *f, const char *addr, const uint8_t *qname, uint16_t qtype,
                          answer_t *a)
{
	memset(a, 0, sizeof(*a));
	const fzone_t *z = NULL;
	for (size_t i = 0; i < f->nzones; i++) {
		const fzone_t *c = &f->zones[i];
		if (serves(c, addr) && dd_name_in_zone(qname, c->origin) &&
		    (z == NULL || dd_name_labels(c->origin) > dd_name_labels(z->origin))) {
			z = c;
		}
	}
	if (z == NULL) {
		a->rcode = DD_RCODE_REFUSED;
		return;
	}
	/* a cut between the apex and the name: a referral (the DS at the cut is the parent's) */
	unsigned zl = dd_name_labels(z->origin), ql = dd_name_labels(qname);
	for (unsigned l = zl + 1; l <= ql; l++) {
		const uint8_t *n = dd_name_suffix(qname, l);
		if (!has(z, n, DD_TYPE_NS) || (l == ql && qtype == DD_TYPE_DS)) {
			continue;
		}
		add_set(a, 1, z, n, DD_TYPE_NS);
		add_set(a, 1, z, n, DD_TYPE_DS);
		for (size_t i = 0; i < z->n; i++) {
			const frec_t *r = &z->recs[i];
			if (r->type == DD_TYPE_NS && dd_name_equal(r->owner, n)) {
				add_set(a, 2, z, r->rdata, DD_TYPE_A);
				add_set(a, 2, z, r->rdata, DD_TYPE_AAAA);
			}
		}
		return;
	}
	a->aa = true;
	if (has(z, qname, qtype)) {
		add_set(a, 0, z, qname, qtype);
		return;
	}
	if (has(z, qname, DD_TYPE_CNAME)) {
		add_set(a, 0, z, qname, DD_TYPE_CNAME);
		return;
	}
	add_set(a, 1, z, z->origin, DD_TYPE_SOA);
	if (exists(z, qname)) {
		add_set(a, 1, z, qname, DD_TYPE_NSEC);
		for (size_t i = 0; i < z->n; i++) {
			/* NSEC3 records are served whole with any NODATA: enough for the probe */
			if (z->recs[i].type == DD_TYPE_NSEC3) {
				add(a, 1, &z->recs[i]);
			}
		}
		return;
	}
	a->rcode = DD_RCODE_NXDOMAIN;
}

/* The response octets of @p s to the query @p q over UDP or TCP. */
static size_t respond(const fake_t *f, const fserver_t *s, const uint8_t *q, size_t qlen, bool tcp,
                      uint8_t **out)
{
	dd_msg_t *m = NULL;
	*out = NULL;
	if (dd_msg_parse(q, qlen, &m) != DD_OK || !m->has_question) {
		dd_msg_free(m);
		return 0;
	}
	wbuf_t *b = calloc(1, sizeof(*b));
	if (b == NULL) {
		dd_msg_free(m);
		return 0;
	}
	if (s->garbage) {
		put(b, q, 2);
		put16(b, 0x8400);
		for (int i = 0; i < 40; i++) {
			put16(b, (uint16_t)(0x9e37 * (i + 1)));
		}
	} else {
		answer_t *a = malloc(sizeof(*a));
		if (a == NULL) {
			free(b);
			dd_msg_free(m);
			return 0;
		}
		authoritative(f, s->addr, m->qname, m->qtype, a);
		if (s->rcode >= 0) {
			memset(a, 0, sizeof(*a));
			a->rcode = s->rcode;
		}
		bool trunc = (s->tc && !tcp) || s->tc_always;
		uint16_t flags = 0x8000 | (a->aa ? 0x0400 : 0) | (q[2] & 0x01 ? 0x0100 : 0) |
		                 (q[3] & 0x10) | (uint16_t)a->rcode;
		size_t qend = 12 + dd_name_len(m->qname) + 4;
		put(b, q, 2);
		put16(b, flags);
		put16(b, 1);
		for (int sec = 0; sec < 3; sec++) {
			put16(b, trunc ? 0 : (uint16_t)a->n[sec]);
		}
		put(b, q + 12, qend - 12);
		for (int sec = 0; sec < 3 && !trunc; sec++) {
			for (size_t i = 0; i < a->n[sec]; i++) {
				put_rr(b, a->sec[sec][i]);
			}
		}
		if (m->edns) {
			/* OPT: root owner, payload, DO echoed */
			uint8_t opt[11] = { 0, 0, 41, UDP_LIMIT >> 8, UDP_LIMIT & 0xff, 0, 0,
				            m->edns_do ? 0x80 : 0, 0, 0, 0 };
			put(b, opt, sizeof(opt));
			b->d[11]++;  /* ARCOUNT */
		}
		if (trunc) {
			b->d[2] |= 0x02;
		} else if (!tcp && b->len > (m->edns ? UDP_LIMIT : 512u)) {
			/* too large for UDP: header and question with TC, as servers do */
			b->len = qend;
			memset(b->d + 6, 0, 6);
			b->d[2] |= 0x02;
		}
		free(a);
	}
	dd_msg_free(m);
	size_t len = b->full ? 0 : b->len;
	uint8_t *copy = len ? malloc(len) : NULL;
	if (copy != NULL) {
		memcpy(copy, b->d, len);
	}
	free(b);
	*out = copy;
	return copy ? len : 0;
}

/* ---- exchanges and events ----------------------------------------------------------------- */

struct dd__xfer {
	fake_t *f;
	xm_t m;
	const fserver_t *s;    /* NULL: nobody there (silence) */
	xfer_cb cb;
	void *arg;
	int64_t started;
	unsigned gen;          /* the attempt whose timer counts */
	unsigned udp_seen;     /* datagrams the server received */
	uint8_t *last;         /* the message the result points into */
};

typedef enum { EV_TIMEOUT, EV_UDP, EV_TCP, EV_CONNECT_FAIL } ev_kind_t;

struct event {
	int64_t at;
	uint64_t seq;
	ev_kind_t kind;
	dd__xfer_t *x;
	unsigned gen;
	uint8_t *data;
	size_t len;
	event_t *next;
};

static void schedule(fake_t *f, dd__xfer_t *x, ev_kind_t kind, int64_t at, unsigned gen,
                     uint8_t *data, size_t len);
static void arm(fake_t *f);

static void note_sent(fake_t *f, const dd__xfer_t *x, bool tcp)
{
	if (f->nsent == f->capsent) {
		size_t cap = f->capsent ? 2 * f->capsent : 64;
		fake_sent_t *n = realloc(f->sent, cap * sizeof(*n));
		if (n == NULL) {
			return;
		}
		f->sent = n;
		f->capsent = cap;
	}
	fake_sent_t *s = &f->sent[f->nsent++];
	memset(s, 0, sizeof(*s));
	snprintf(s->addr, sizeof(s->addr), "%s", x->m.x.server);
	memcpy(s->qname, x->m.qname, dd_name_len(x->m.qname));
	s->qtype = x->m.qtype;
	s->tcp = tcp;
	s->at = f->now;
	if (f->on_send != NULL) {
		f->on_send(f->on_send_arg, f->nsent);
	}
}

static void drop_events(fake_t *f, const dd__xfer_t *x)
{
	for (event_t **e = &f->events; *e != NULL;) {
		if ((*e)->x == x) {
			event_t *d = *e;
			*e = d->next;
			free(d->data);
			free(d);
		} else {
			e = &(*e)->next;
		}
	}
}

static void xfer_free(dd__xfer_t *x)
{
	drop_events(x->f, x);
	free(x->last);
	free(x);
}

/* Carry out the machine's action, as the libuv transport does. */
static void act(dd__xfer_t *x, xm_act_t a)
{
	fake_t *f = x->f;
	uint8_t *data = NULL;
	size_t len = 0;
	switch (a) {
	case XM_WAIT:
		return;
	case XM_SEND_UDP:
		note_sent(f, x, false);
		x->gen++;
		schedule(f, x, EV_TIMEOUT, f->now + x->m.wait_ms, x->gen, NULL, 0);
		if (x->s == NULL || x->s->silent) {
			return;
		}
		if (x->s->refused) {
			/* ICMP port unreachable: the connected socket reports it */
			schedule(f, x, EV_CONNECT_FAIL, f->now + x->s->delay, x->gen, NULL, 0);
			return;
		}
		if (++x->udp_seen <= x->s->drop) {
			return;
		}
		len = respond(f, x->s, x->m.query, x->m.qlen, false, &data);
		if (len > 0) {
			schedule(f, x, EV_UDP, f->now + x->s->delay, x->gen, data, len);
		}
		return;
	case XM_START_TCP:
		note_sent(f, x, true);
		x->gen++;
		schedule(f, x, EV_TIMEOUT, f->now + x->m.wait_ms, x->gen, NULL, 0);
		if (x->s == NULL || x->s->silent) {
			return;
		}
		if (x->s->refused) {
			schedule(f, x, EV_CONNECT_FAIL, f->now + x->s->delay, x->gen, NULL, 0);
			return;
		}
		len = respond(f, x->s, x->m.query, x->m.qlen, true, &data);
		if (len > 0) {
			schedule(f, x, EV_TCP, f->now + x->s->delay, x->gen, data, len);
		}
		return;
	case XM_DONE:
		x->m.x.sent_ms = x->started;
		x->m.x.rtt_ms = (uint32_t)(f->now - x->started);
		f->completed++;
		x->cb(x->arg, &x->m.x);
		xfer_free(x);
		return;
	}
}

static void deliver(fake_t *f, event_t *e)
{
	dd__xfer_t *x = e->x;
	if (e->at > f->now) {
		f->now = e->at;
	}
	switch (e->kind) {
	case EV_TIMEOUT:
		if (e->gen == x->gen) {
			act(x, dd__xm_timeout(&x->m));
		}
		break;
	case EV_UDP:
		free(x->last);
		x->last = e->data;   /* the result may point into it */
		e->data = NULL;
		act(x, dd__xm_udp(&x->m, x->last, e->len));
		break;
	case EV_TCP:
		if (x->m.tcp && e->gen == x->gen) {
			free(x->last);
			x->last = e->data;
			e->data = NULL;
			act(x, dd__xm_tcp(&x->m, x->last, e->len));
		}
		break;
	case EV_CONNECT_FAIL:
		if (e->gen == x->gen) {
			act(x, x->m.tcp ? dd__xm_connect_failed(&x->m, true)
			                : dd__xm_fail(&x->m, DD_QERR_UNREACHABLE, DD_XPORT_UDP));
		}
		break;
	}
}

static void on_close(uv_handle_t *h)
{
	fake_t *f = h->data;
	f->closing = false;
	f->armed = false;
	if (f->events != NULL) {
		arm(f);
	}
}

static void on_idle(uv_idle_t *t)
{
	fake_t *f = t->data;
	event_t **best = NULL;
	for (event_t **e = &f->events; *e != NULL; e = &(*e)->next) {
		if (best == NULL || (*e)->at < (*best)->at ||
		    ((*e)->at == (*best)->at && (*e)->seq < (*best)->seq)) {
			best = e;
		}
	}
	if (best != NULL) {
		event_t *e = *best;
		*best = e->next;
		deliver(f, e);  /* may add and remove events */
		free(e->data);
		free(e);
	}
	if (f->events == NULL) {
		uv_idle_stop(&f->idle);
		f->closing = true;
		uv_close((uv_handle_t *)&f->idle, on_close);
	}
}

/* Make sure the loop delivers the events: one per loop iteration (an idle handle, so that the
 * loop polls its descriptors in between, as it would between real answers), earliest first.
 * The handle is closed when nothing is pending, so that the loop can end. */
static void arm(fake_t *f)
{
	if (f->armed || f->closing || f->loop == NULL) {
		return;
	}
	uv_idle_init(f->loop, &f->idle);
	f->idle.data = f;
	f->armed = true;
	uv_idle_start(&f->idle, on_idle);
}

static void schedule(fake_t *f, dd__xfer_t *x, ev_kind_t kind, int64_t at, unsigned gen,
                     uint8_t *data, size_t len)
{
	event_t *e = calloc(1, sizeof(*e));
	if (e == NULL) {
		free(data);
		return;
	}
	*e = (event_t){ .at = at, .seq = f->seq++, .kind = kind, .x = x, .gen = gen, .data = data,
		        .len = len, .next = f->events };
	f->events = e;
	arm(f);
}

static int fake_send(void *ctx, uv_loop_t *loop, const xfer_opts_t *o, const char *addr,
                     uint16_t port, const uint8_t *qname, uint16_t qtype, xfer_cb cb, void *arg,
                     dd__xfer_t **out)
{
	(void)port;
	fake_t *f = ctx;
	dd__xfer_t *x = calloc(1, sizeof(*x));
	if (x == NULL) {
		return DD_ENOMEM;
	}
	uint16_t ids[2] = { f->next_id, (uint16_t)(f->next_id + 1) };
	f->next_id += 2;
	if (dd__xm_init(&x->m, o, addr, qname, qtype, ids) != DD_OK) {
		free(x);
		return DD_EINVAL;
	}
	if (f->loop != loop) {
		/* a new loop (each walk makes its own): the old timer, if any, closed with it */
		f->loop = loop;
		f->armed = f->closing = false;
	}
	x->f = f;
	x->s = server_get(f, addr, false);
	x->cb = cb;
	x->arg = arg;
	x->started = f->now;
	f->started++;
	if (f->started - f->completed - f->cancelled > f->max_inflight) {
		f->max_inflight = f->started - f->completed - f->cancelled;
	}
	if (out != NULL) {
		*out = x;
	}
	act(x, XM_SEND_UDP);   /* the machine's first action */
	return 0;
}

static void fake_cancel(void *ctx, dd__xfer_t *x)
{
	fake_t *f = ctx;
	f->cancelled++;
	xfer_free(x);
}

static int64_t fake_now(void *ctx)
{
	return ((fake_t *)ctx)->now;
}

const dd__transport_t *fake_transport(fake_t *f)
{
	f->tp = (dd__transport_t){ fake_send, fake_cancel, fake_now, f };
	return &f->tp;
}

void fake_free(fake_t *f)
{
	if (f == NULL) {
		return;
	}
	for (size_t i = 0; i < f->nzones; i++) {
		for (size_t k = 0; k < f->zones[i].n; k++) {
			free(f->zones[i].recs[k].rdata);
		}
		free(f->zones[i].recs);
		free(f->zones[i].addrs);
	}
	while (f->events != NULL) {
		event_t *e = f->events;
		f->events = e->next;
		free(e->data);
		free(e);
	}
	free(f->zones);
	free(f->sent);
	free(f);
}

int64_t fake_clock(const fake_t *f)
{
	return f->now;
}

size_t fake_nsent(const fake_t *f)
{
	return f->nsent;
}

const fake_sent_t *fake_sent(const fake_t *f, size_t i)
{
	return i < f->nsent ? &f->sent[i] : NULL;
}

size_t fake_sent_to(const fake_t *f, const char *addr)
{
	size_t n = 0;
	for (size_t i = 0; i < f->nsent; i++) {
		n += strcmp(f->sent[i].addr, addr) == 0;
	}
	return n;
}

void fake_on_send(fake_t *f, void (*cb)(void *arg, size_t nsent), void *arg)
{
	f->on_send = cb;
	f->on_send_arg = arg;
}

size_t fake_max_inflight(const fake_t *f)
{
	return f->max_inflight;
}

void fake_counts(const fake_t *f, size_t *started, size_t *completed, size_t *cancelled)
{
	*started = f->started;
	*completed = f->completed;
	*cancelled = f->cancelled;
}
