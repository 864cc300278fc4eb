/* SPDX-License-Identifier: MIT
 * zsplit.h - internal to dns/: where zone text may be cut so that libzscanner reads each piece
 * on its own (zsplit.c), and the parallel reader built on it (zpar.c). Not installed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lexical state of a forward scan of zone text, as libzscanner sees it: inside a quoted
 * string, a comment or parentheses (zscanner's multi-line record), after a backslash. */
typedef struct dd__zsplit {
	const char *data;
	size_t len;
	size_t pos;         /* scanned up to here */
	uint64_t line;      /* 1-based line of pos */
	unsigned depth;     /* open parentheses */
	bool quote, comment, escape;
	bool bol;           /* pos is at the start of a line */
	bool include;       /* an $INCLUDE line was seen: the rest is one piece */
} dd__zsplit_t;

/* A piece found by dd__zsplit_next(). */
typedef struct dd__zpiece {
	size_t start, end;  /* octets [start, end) of the text */
	uint64_t line;      /* 1-based line of start */
	bool directive;     /* holds a $ORIGIN, $TTL or $INCLUDE line */
	bool include;       /* holds an $INCLUDE line */
} dd__zpiece_t;

/** Start scanning @p len octets of @p data (borrowed) at the first line. */
void dd__zsplit_init(dd__zsplit_t *z, const char *data, size_t len);

/**
 * The next piece: from where the last one ended to the first safe boundary at least @p want
 * octets on (or the end of the text). A safe boundary is the start of a line, outside quotes,
 * comments and parentheses and not after a backslash, whose first octet starts an owner name
 * (so that no record in the next piece takes its owner from the previous one); a directive
 * line is never one (a blank-owner record after it would need the owner before it). After an
 * $INCLUDE line the rest of the text is one piece. false when the text is used up.
 */
bool dd__zsplit_next(dd__zsplit_t *z, size_t want, dd__zpiece_t *out);
