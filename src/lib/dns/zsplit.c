/* SPDX-License-Identifier: MIT
 * zsplit.c - the boundary finder of the parallel zone reader: one forward scan of the text
 * that follows quotes, comments, parentheses and backslashes as libzscanner does, and cuts it
 * into pieces at line starts that begin a record with an owner of its own. The cut is only a
 * proposal: zpar.c checks each piece's end and start state against the scanner's and falls
 * back to one scanner over the rest of the text where they disagree. */

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dns/zsplit.h"

void dd__zsplit_init(dd__zsplit_t *z, const char *data, size_t len)
{
	memset(z, 0, sizeof(*z));
	z->data = data;
	z->len = len;
	z->line = 1;
	z->bol = true;
}

/* An octet that may begin an owner name in libzscanner's grammar (its dname machine:
 * alphanumerics, - _ / \ and * . @). */
static bool owner_start(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '/' || c == '\\' || c == '*' ||
	       c == '.' || c == '@';
}

/* Octets that change the state outside quotes and comments. */
static bool special(unsigned char c)
{
	return c == '\n' || c == '\\' || c == '"' || c == ';' || c == '(' || c == ')';
}

typedef unsigned char v16_t __attribute__((vector_size(16)));

/* The first octet at or after @p i that special() takes, or @p n: sixteen octets at a time
 * (GCC/Clang vector extensions: SSE2 on x86-64, NEON on ARM), the zone's base64 and names
 * being long runs of none. */
static size_t skip_plain(const unsigned char *d, size_t i, size_t n)
{
	while (n - i >= 16) {
		v16_t v;
		memcpy(&v, d + i, 16);
		v16_t m = (v16_t)((v == '\n') | (v == '\\') | (v == '"') | (v == ';') | (v == '(') |
		                  (v == ')'));
		uint64_t lo, hi;
		memcpy(&lo, &m, 8);
		memcpy(&hi, (const unsigned char *)&m + 8, 8);
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
		if ((lo | hi) != 0) {
			break;  /* the octet by octet loop below finds which */
		}
#endif
		if (lo != 0) {
			return i + (size_t)__builtin_ctzll(lo) / 8;  /* the first octet matched */
		}
		if (hi != 0) {
			return i + 8 + (size_t)__builtin_ctzll(hi) / 8;
		}
		i += 16;
	}
	while (i < n && !special(d[i])) {
		i++;
	}
	return i;
}

bool dd__zsplit_next(dd__zsplit_t *z, size_t want, dd__zpiece_t *out)
{
	if (z->pos >= z->len) {
		return false;
	}
	dd__zpiece_t p = { .start = z->pos, .line = z->line };
	size_t target = want > z->len - z->pos ? z->len : z->pos + want;
	const unsigned char *d = (const unsigned char *)z->data;
	size_t i = z->pos, n = z->len;
	while (i < n) {
		unsigned char c = d[i];
		if (z->bol) {
			bool clean = z->depth == 0 && !z->quote && !z->comment && !z->escape;
			if (clean && i >= target && i > p.start && !z->include && owner_start(c)) {
				break;  /* a record with its own owner starts here */
			}
			if (clean && c == '$') {
				p.directive = true;
				if (n - i >= 8 && strncasecmp((const char *)d + i, "$INCLUDE", 8) == 0) {
					z->include = true;
					p.include = true;
				}
			}
			z->bol = false;
		}
		if (z->escape) {
			z->escape = false;  /* an escaped newline still ends a line, not a record */
			z->line += c == '\n';
		} else if (z->comment) {
			const unsigned char *nl = memchr(d + i, '\n', n - i);
			if (nl == NULL) {
				i = n;
				break;
			}
			i = (size_t)(nl - d);
			z->comment = false;
			z->line++;
			z->bol = true;
		} else if (z->quote) {
			if (c == '\\') {
				z->escape = true;
			} else if (c == '"') {
				z->quote = false;
			} else if (c == '\n') {
				z->quote = false;  /* zscanner refuses a newline in a string: an error line */
				z->line++;
				z->bol = true;
			}
		} else {
			i = skip_plain(d, i, n);
			if (i == n) {
				break;
			}
			switch (d[i]) {
			case '\n':
				z->line++;
				z->bol = true;
				break;
			case '\\':
				z->escape = true;
				break;
			case '"':
				z->quote = true;
				break;
			case ';':
				z->comment = true;
				break;
			case '(':
				z->depth++;
				break;
			default:  /* ')' */
				if (z->depth > 0) {
					z->depth--;
				}
				break;
			}
		}
		i++;
	}
	z->pos = i;
	p.end = i;
	*out = p;
	return true;
}
