/* SPDX-License-Identifier: MIT
 * html_util.c - what the HTML reports share: escaping of every string that may come from the
 * network or a zone file, the status and state words, one style sheet (readable printed and
 * without colour: status also as a word and a border), the page's head and end. */

#include <stdio.h>
#include <string.h>

#include "dd/name.h"
#include "core/fmt.h"
#include "dns/name_text.h"
#include "html_int.h"

void dd__html_esc(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

void dd__html_esc_name(FILE *f, const uint8_t *name)
{
	char text[1100];
	dd__name_text(name, text, sizeof(text));
	dd__html_esc(f, text);
}

void dd__html_status(FILE *f, dd_status_t s)
{
	fprintf(f, "<span class=\"st %s\">%s</span>", dd_status_name(s), dd_status_name(s));
}

void dd__html_badge(FILE *f, const char *cls, const char *word)
{
	fprintf(f, "<span class=\"st %s\">%s</span>", cls, word);
}

/* WCAG AA contrast on white for every foreground colour; each status is a word too. The
 * monitor states map onto the same four colours (ok as secure, critical as bogus). */
static const char style[] =
	"body{font-family:system-ui,sans-serif;max-width:72em;margin:1em auto;padding:0 1em;"
	"color:#111;background:#fff;line-height:1.4}"
	"h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.6em}"
	".st{font-weight:bold;text-transform:uppercase;padding:0 .3em;border:1px solid}"
	".secure{color:#07606e}.insecure{color:#222}.indeterminate{color:#6b5000}"
	".bogus{color:#a01010}"
	".st.ok,.st.notice{color:#07606e}.st.unknown{color:#222}.st.warning{color:#6b5000}"
	".st.critical,.st.error{color:#a01010}"
	".verdict{font-size:1.15em}"
	"table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2em .5em;"
	"text-align:left;vertical-align:top}"
	"pre{white-space:pre-wrap;background:#f4f4f4;padding:.5em;border:1px solid #ddd}"
	"figure{margin:0;overflow-x:auto}figure svg{max-width:100%;height:auto}"
	".cause{border-left:4px solid #a01010;padding-left:.8em;margin:1em 0}"
	".cause.warning,.cause.notice{border-left-color:#6b5000}"
	"@media print{details{display:block}details>*{display:block}body{max-width:none}}";

void dd__html_begin(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	dd__html_esc(f, title);
	fprintf(f, " — dnssec-doctor</title>\n<style>%s</style></head><body>\n", style);
}

void dd__html_end(FILE *f)
{
	fputs("</body></html>\n", f);
}

void dd__html_time(FILE *f, int64_t t)
{
	char at[32];
	dd__time_text(t, at);
	dd__html_esc(f, at);
}
