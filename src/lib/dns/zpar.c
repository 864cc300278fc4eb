/* SPDX-License-Identifier: MIT
 * zpar.c - the parallel path of the zone reader: the text of the file asked for cut into
 * pieces at record boundaries (zsplit.c), one libzscanner scanner per piece on every thread,
 * each piece's records held in a buffer, and handed to the callback on the calling thread in
 * file order, so that the callback sees exactly what one scanner gives.
 *
 * Exactness: a piece is parsed from a guessed start state (origin, default TTL and class: the
 * end state of the nearest piece already parsed, else the initial one). When its turn comes,
 * the piece before it has been handed over whole, so the exact state is known: a piece whose
 * guess was wrong is parsed again from it. A piece that ends in anything but the end of its
 * text (a syntax error, an $INCLUDE, more records than its buffer may hold, no memory) may be
 * a real error or a cut the scanner disagrees with; from its start, one scanner reads the rest
 * of the text as the one-thread path does, so errors, their lines and the records before them
 * are the same. Lines are counted from the text's start in every scanner. */

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dd/error.h"
#include "dns/zonefile_int.h"
#include "dns/zsplit.h"

#define ORIGIN_MAX (ZS_MAX_DNAME_LENGTH + ZS_MAX_LABEL_LENGTH)
/* per record in a piece's buffer: line (8), type, class (2 + 2), TTL (4), RDATA length (2),
 * owner length (1), then the owner and the RDATA */
#define REC_HDR 19
/* pieces parsed ahead of the callback, per thread */
#define AHEAD 4

/* What a scanner carries from one record to the next. */
typedef struct zstate {
	uint8_t origin[ORIGIN_MAX];
	uint32_t origin_len;
	uint8_t owner[ORIGIN_MAX];   /* the previous owner (a blank owner's) */
	uint32_t owner_len;
	uint32_t ttl;
	uint16_t rclass;
} zstate_t;

enum { P_CUT, P_CLAIMED, P_DONE };

typedef struct piece {
	dd__zpiece_t p;
	int status;
	bool anomaly;       /* ended before the end of its text: one scanner from its start */
	zstate_t seed, end; /* state it was parsed from, and its state at its end */
	uint8_t *buf;       /* its records */
	size_t blen, bcap;
} piece_t;

typedef struct par {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	const char *data;
	piece_t *ring;        /* pieces [delivered, delivered + window) at index % window */
	size_t ncut, next, delivered, window, buf_max;
	bool cut_done, stop;
	dd__zsplit_t split;
	size_t chunk;
	zstate_t cur;         /* the state at the end of the pieces delivered */
} par_t;

static piece_t *piece(par_t *z, size_t k)
{
	return &z->ring[k % z->window];
}

static void state_get(const zs_scanner_t *s, zstate_t *st)
{
	st->origin_len = s->zone_origin_length <= ORIGIN_MAX ? s->zone_origin_length : ORIGIN_MAX;
	memcpy(st->origin, s->zone_origin, st->origin_len);
	st->owner_len = s->r_owner_length <= ORIGIN_MAX ? s->r_owner_length : ORIGIN_MAX;
	memcpy(st->owner, s->r_owner, st->owner_len);
	st->ttl = s->default_ttl;
	st->rclass = s->default_class;
}

static void state_set(zs_scanner_t *s, const zstate_t *st)
{
	memcpy(s->zone_origin, st->origin, st->origin_len);
	s->zone_origin_length = st->origin_len;
	memcpy(s->r_owner, st->owner, st->owner_len);
	s->r_owner_length = st->owner_len;
	s->default_ttl = st->ttl;
	s->default_class = st->rclass;
}

/* The state a piece's records depend on: a piece starts with an owner of its own. */
static bool state_eq(const zstate_t *a, const zstate_t *b)
{
	return a->origin_len == b->origin_len && a->ttl == b->ttl && a->rclass == b->rclass &&
	       memcmp(a->origin, b->origin, a->origin_len) == 0;
}

static bool put_rec(piece_t *pc, const zs_scanner_t *s, size_t max)
{
	size_t olen = s->r_owner_length, rdlen = s->r_data_length;
	size_t need = REC_HDR + olen + rdlen;
	if (olen > 255 || rdlen > UINT16_MAX) {
		return false;
	}
	if (pc->blen + need > pc->bcap) {
		if (pc->blen + need > max) {
			return false;
		}
		size_t ncap = pc->bcap ? pc->bcap * 2 : (size_t)1 << 16;
		while (ncap < pc->blen + need) {
			ncap *= 2;
		}
		uint8_t *nb = realloc(pc->buf, ncap);
		if (nb == NULL) {
			return false;
		}
		pc->buf = nb;
		pc->bcap = ncap;
	}
	uint8_t *b = pc->buf + pc->blen;
	uint64_t line = s->line_counter;
	uint16_t type = s->r_type, rclass = s->r_class, rl = (uint16_t)rdlen;
	uint32_t ttl = s->r_ttl;
	memcpy(b, &line, 8);
	memcpy(b + 8, &type, 2);
	memcpy(b + 10, &rclass, 2);
	memcpy(b + 12, &ttl, 4);
	memcpy(b + 16, &rl, 2);
	b[18] = (uint8_t)olen;
	memcpy(b + REC_HDR, s->r_owner, olen);
	memcpy(b + REC_HDR + olen, s->r_data, rdlen);
	pc->blen += need;
	return true;
}

/* Parse piece @p pc from its seed into its buffer with scanner @p s (any thread). */
static void parse_piece(const char *data, piece_t *pc, size_t buf_max, zs_scanner_t *s)
{
	pc->blen = 0;
	pc->anomaly = true;
	if (s == NULL) {
		return;
	}
	if (zs_init(s, ".", pc->seed.rclass, pc->seed.ttl) != 0) {
		zs_deinit(s);
		return;
	}
	state_set(s, &pc->seed);
	if (zs_set_input_string(s, data + pc->p.start, pc->p.end - pc->p.start) != 0) {
		zs_deinit(s);
		return;
	}
	s->line_counter = pc->p.line;
	for (;;) {
		int r = zs_parse_record(s);
		if (s->state == ZS_STATE_DATA) {
			if (!put_rec(pc, s, buf_max)) {
				break;
			}
		} else if (s->state == ZS_STATE_EOF) {
			state_get(s, &pc->end);
			pc->anomaly = false;
			break;
		} else if (s->state != ZS_STATE_NONE || r != 0) {
			break;  /* an error, an $INCLUDE, a stop */
		}
	}
	zs_deinit(s);
}

/* Under the lock: the next piece to parse (cutting one more when needed), its seed guessed;
 * SIZE_MAX when none may be taken now. */
static size_t claim(par_t *z)
{
	if (z->stop || z->next >= z->delivered + z->window) {
		return SIZE_MAX;
	}
	if (z->next == z->ncut) {
		dd__zpiece_t p;
		if (z->cut_done || !dd__zsplit_next(&z->split, z->chunk, &p)) {
			z->cut_done = true;
			pthread_cond_broadcast(&z->cv);
			return SIZE_MAX;
		}
		*piece(z, z->ncut++) = (piece_t){ .p = p };
		if (z->split.pos >= z->split.len) {
			z->cut_done = true;
			pthread_cond_broadcast(&z->cv);
		}
	}
	size_t k = z->next++;
	piece_t *pc = piece(z, k);
	pc->status = P_CLAIMED;
	/* the piece being handed over may be parsed again by the calling thread: not read here */
	const zstate_t *g = &z->cur;
	for (size_t j = k; j-- > z->delivered + 1;) {
		if (piece(z, j)->status == P_DONE && !piece(z, j)->anomaly) {
			g = &piece(z, j)->end;
			break;
		}
		if (piece(z, j)->p.directive) {
			break;  /* its state is not known yet: guess the last one known */
		}
	}
	pc->seed = *g;
	return k;
}

/* Under the lock: claim and parse one piece (unlocking while parsing); false if none. */
static bool work_one(par_t *z, zs_scanner_t *s)
{
	size_t k = claim(z);
	if (k == SIZE_MAX) {
		return false;
	}
	piece_t *pc = piece(z, k);
	pthread_mutex_unlock(&z->mu);
	parse_piece(z->data, pc, z->buf_max, s);
	pthread_mutex_lock(&z->mu);
	pc->status = P_DONE;
	pthread_cond_broadcast(&z->cv);
	return true;
}

static void *worker(void *arg)
{
	par_t *z = arg;
	zs_scanner_t *s = malloc(sizeof(*s));
	pthread_mutex_lock(&z->mu);
	while (!z->stop && !(z->cut_done && z->next == z->ncut)) {
		if (s == NULL || !work_one(z, s)) {
			pthread_cond_wait(&z->cv, &z->mu);
		}
	}
	pthread_mutex_unlock(&z->mu);
	free(s);
	return NULL;
}

/* Hand the records of piece @p p to the callback. */
static int deliver(const piece_t *p, const char *file, parse_ctx_t *pc)
{
	for (size_t off = 0; off < p->blen;) {
		const uint8_t *b = p->buf + off;
		uint64_t line;
		uint16_t type, rclass, rdlen;
		uint32_t ttl;
		memcpy(&line, b, 8);
		memcpy(&type, b + 8, 2);
		memcpy(&rclass, b + 10, 2);
		memcpy(&ttl, b + 12, 4);
		memcpy(&rdlen, b + 16, 2);
		size_t olen = b[18];
		dd_rr_t rr = {
			.owner = b + REC_HDR,
			.type = type,
			.rclass = rclass,
			.ttl = ttl,
			.rdata = { .data = b + REC_HDR + olen, .len = rdlen },
		};
		int cr = pc->cb(&rr, pc->ctx);
		if (cr != 0) {
			dd__zf_set_error(pc->err, file, line, "");
			return cr;
		}
		off += REC_HDR + olen + rdlen;
	}
	return DD_OK;
}

/* One scanner, @p s0 from state @p st, over the text from @p start (line @p line) on. */
static int one_scanner(zs_scanner_t *s0, const char *file, input_t *in, parse_ctx_t *pc,
                       const zstate_t *st, size_t start, uint64_t line)
{
	state_set(s0, st);
	if (zs_set_input_string(s0, in->data + start, in->len - start) != 0) {
		dd__zf_set_error(pc->err, file, 0, zs_strerror(s0->error.code));
		return DD_EIO;
	}
	s0->line_counter = line;
	return dd__zf_run(s0, file, in, pc, 0);
}

int dd__zpar_run(zs_scanner_t *s0, const char *file, input_t *in, parse_ctx_t *pc)
{
	par_t z = {
		.data = in->data,
		.window = AHEAD * pc->threads,
		.buf_max = 4 * pc->chunk + ((size_t)1 << 16),
		.chunk = pc->chunk,
	};
	state_get(s0, &z.cur);
	zstate_t cur = z.cur;
	z.ring = calloc(z.window, sizeof(*z.ring));
	pthread_t *tids = calloc(pc->threads, sizeof(*tids));
	zs_scanner_t *s = malloc(sizeof(*s));
	if (z.ring == NULL || tids == NULL || s == NULL) {
		free(z.ring);
		free(tids);
		free(s);
		return one_scanner(s0, file, in, pc, &cur, 0, 1);
	}
	dd__zsplit_init(&z.split, in->data, in->len);
	pthread_mutex_init(&z.mu, NULL);
	pthread_cond_init(&z.cv, NULL);
	unsigned started = 0;
	for (unsigned t = 1; t < pc->threads; t++) {
		if (pthread_create(&tids[started], NULL, worker, &z) != 0) {
			break;  /* fewer threads: the calling thread parses too */
		}
		started++;
	}
	int ret = DD_OK;
	bool rest = false;      /* one scanner reads from piece k on */
	size_t k = 0;
	pthread_mutex_lock(&z.mu);
	for (;; k++) {
		while (!(k < z.ncut && piece(&z, k)->status == P_DONE)) {
			if (k >= z.ncut && z.cut_done) {
				goto done;
			}
			if (!work_one(&z, s)) {
				pthread_cond_wait(&z.cv, &z.mu);
			}
		}
		pthread_mutex_unlock(&z.mu);
		piece_t *p = piece(&z, k);
		if (!p->anomaly && !state_eq(&p->seed, &cur)) {
			p->seed = cur;  /* guessed wrong: again from the state now known */
			parse_piece(z.data, p, z.buf_max, s);
		}
		if (p->anomaly) {
			rest = true;
		} else {
			ret = deliver(p, file, pc);
			cur = p->end;
			dd__zf_release(in, p->p.end);
		}
		free(p->buf);
		p->buf = NULL;
		pthread_mutex_lock(&z.mu);
		z.cur = cur;
		z.delivered = k + 1;
		pthread_cond_broadcast(&z.cv);
		if (rest || ret != DD_OK) {
			break;
		}
	}
done:
	z.stop = true;
	pthread_cond_broadcast(&z.cv);
	pthread_mutex_unlock(&z.mu);
	for (unsigned t = 0; t < started; t++) {
		pthread_join(tids[t], NULL);
	}
	for (size_t i = 0; i < z.window; i++) {
		free(z.ring[i].buf);
	}
	if (rest) {
		ret = one_scanner(s0, file, in, pc, &cur, piece(&z, k)->p.start, piece(&z, k)->p.line);
	}
	pthread_mutex_destroy(&z.mu);
	pthread_cond_destroy(&z.cv);
	free(z.ring);
	free(tids);
	free(s);
	return ret;
}
