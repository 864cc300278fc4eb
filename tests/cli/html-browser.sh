#!/bin/sh
# html-browser.sh DNSSEC-DOCTOR EVIDENCE-DIR ARTIFACT-DIR - open the HTML reports in headless
# Chromium (Debian package chromium) and check the DOM the browser built. check-zone --format
# html of a zone with findings (and an owner name that is markup); the monitor dashboard while
# monitor --listen runs (dashboard_browser.py, in a network namespace). Diagnose's report of stored
# evidence:
# the verdict, the root cause, its fix steps, and one SVG with as many drawn nodes as the
# graph's DOT has visible ones (counted by Graphviz's gvpr); a screenshot of each report goes
# to ARTIFACT-DIR. A hostile name (an <img onerror> in the nonexistent-name probe) must show
# as text, never become an element.
set -u
DD=$1 EV=$2 ART=$3
passed=0 failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$ART"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "html-browser: chromium not installed (scripts/install-deps.sh installs it)"; exit 1
fi
# root in a container has no user namespace sandbox; the page is our own file
chrome() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
	--no-first-run --user-data-dir="$TMP/profile" "$@" 2>>"$TMP/chromium.err"; }

python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d["nx_name"] = "<img src=x onerror=alert(1)>.juliet.example."
json.dump(d, open(sys.argv[2], "w"))' "$EV/juliet.example.json" "$TMP/hostile.json"

check() { # check NAME EVIDENCE VERDICT CAUSE
	name=$1 ev=$2 verdict=$3 cause=$4
	"$DD" diagnose --replay "$ev" -o "$TMP/$name.html" 2>"$TMP/err"
	"$DD" diagnose --replay "$ev" --format dot >"$TMP/$name.dot" 2>>"$TMP/err"
	nodes=$(gvpr 'BEG_G{int n=0;} N[style!="invis"]{n++;} END_G{print(n);}' "$TMP/$name.dot")
	chrome --dump-dom "file://$TMP/$name.html" >"$TMP/$name.dom"
	chrome --window-size=1400,2400 --screenshot="$ART/$name.png" "file://$TMP/$name.html" >/dev/null
	if python3 - "$TMP/$name.dom" "$verdict" "$cause" "$nodes" "$name" <<'PY'
import sys, html.parser
dom, verdict, cause, nodes, name = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = {}; self.nodes = 0; self.where = []; self.text = {}; self.fix = 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == 'g' and 'node' in (a.get('class') or '').split():
            self.nodes += 1
        if a.get('id') in ('verdict', 'causes', 'chain'):
            self.where.append(a['id'])
        if tag == 'ol' and a.get('class') == 'fix':
            self.where.append('fix')
        if tag == 'li' and 'fix' in self.where:
            self.fix += 1
    def handle_endtag(self, tag):
        if tag in ('p', 'section', 'ol') and self.where:
            self.where.pop()
    def handle_data(self, data):
        for w in self.where:
            self.text[w] = self.text.get(w, '') + data
p = P(); p.feed(open(dom, encoding='utf-8').read())
errs = []
if not p.text.get('verdict', '').lower().startswith(verdict):
    errs.append('verdict %r' % p.text.get('verdict'))
if cause and cause not in p.text.get('causes', ''):
    errs.append('root cause %s missing' % cause)
if cause and p.fix < 1:
    errs.append('no fix steps')
if not cause and 'None: nothing to fix.' not in p.text.get('causes', ''):
    errs.append('a secure name has root causes')
if p.tags.get('svg') != 1:
    errs.append('%s svg elements' % p.tags.get('svg'))
if p.nodes != nodes:
    errs.append('%d SVG nodes, the DOT has %d visible' % (p.nodes, nodes))
if name == 'hostile':
    if p.tags.get('img'):
        errs.append('the hostile name became an <img> element')
    if '<img' not in p.text.get('chain', ''):
        errs.append('the hostile name is not shown as text')
if errs:
    print(name + ': ' + '; '.join(errs)); sys.exit(1)
PY
	then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	if [ "$(head -c 8 "$ART/$name.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL: $name: no screenshot"; failed=$((failed + 1)); cat "$TMP/chromium.err"
	fi
}

# check-zone --format html on the RFC 4035 Appendix A zone with an unsigned RRset whose owner
# is markup: the verdict, the findings naming it, the keys; the name as text, never an element
ZONE=$EV/../rfc4035-appA.zone
{ cat "$ZONE"; printf '%s\n' '\060img\032src\061x\032onerror\061alert\0401\041\062.example. 3600 IN TXT "x"'; } \
	>"$TMP/hostile.zone"
"$DD" check-zone --at 2004-04-26 --format html "$TMP/hostile.zone" >"$TMP/check-zone.html" 2>"$TMP/err"
rc=$?
chrome --dump-dom "file://$TMP/check-zone.html" >"$TMP/check-zone.dom"
chrome --window-size=1400,2400 --screenshot="$ART/check-zone.png" "file://$TMP/check-zone.html" >/dev/null
if [ "$rc" -eq 2 ] && python3 - "$TMP/check-zone.dom" <<'PY'
import sys, html.parser
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = {}; self.where = []; self.text = {}; self.findings = []; self.keys = 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if a.get('id'):
            self.where.append(a['id'])
        if tag == 'tr' and (a.get('class') or '').startswith('finding '):
            self.findings.append(a['class'].split()[1])
        if tag == 'tr' and 'keys' in self.where:
            self.keys += 1
    def handle_endtag(self, tag):
        if tag in ('p', 'section', 'table') and self.where:
            self.where.pop()
    def handle_data(self, data):
        for w in self.where:
            self.text[w] = self.text.get(w, '') + data
p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read())
errs = []
v = p.text.get('verdict', '')
if not v.startswith('errors ') or 'error(s)' not in v:
    errs.append('verdict %r' % v)
f = p.text.get('findings', '')
if 'RRSIG_MISSING' not in f or 'NSEC_MISSING' not in f:
    errs.append('findings %r' % f[:200])
if 'error' not in p.findings:
    errs.append('no error row')
if p.keys != 3:   # the header row and two keys
    errs.append('%d rows in the keys table' % p.keys)
if p.tags.get('img') or p.tags.get('script'):
    errs.append('the hostile owner became an element')
if '\\<img\\032src\\=x\\032onerror\\=alert\\(1\\)\\>.example. TXT has no RRSIG' not in f:
    errs.append('the hostile owner is not shown as text')
if errs:
    print('check-zone: ' + '; '.join(errs)); sys.exit(1)
PY
then passed=$((passed + 1)); else echo "FAIL: check-zone --format html (exit $rc)"; failed=$((failed + 1)); fi

# the monitor dashboard while monitor --listen runs, in a network namespace of its own
if unshare -rn sh -c 'ip link set lo up && exec "$@"' sh python3 "$(dirname "$0")/dashboard_browser.py" \
	"$DD" "$CHROMIUM" "$ART"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

check secure "$EV/alpha.lab.json" secure ""
check ds-mismatch "$EV/juliet.example.json" bogus DS_DIGEST_MISMATCH
check split-signing "$EV/sierra.example.json" bogus SPLIT_SIGNING
check hostile "$TMP/hostile.json" bogus DS_DIGEST_MISMATCH

echo "html-browser: $passed passed, $failed failed (screenshots in $ART)"
[ "$failed" -eq 0 ]
