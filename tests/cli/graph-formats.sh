#!/bin/sh
# graph-formats.sh DNSSEC-DOCTOR EVIDENCE-DIR - diagnose --format dot|svg|png and -o FILE on
# stored evidence (a DS digest mismatch, tests/unit/data/evidence/juliet.example.json): the SVG
# parses as XML and holds the root cause's code, the PNG starts with the PNG signature, the
# DOT is read back by Graphviz, the HTML report parses and embeds the SVG and the JSON, the format follows the extension, and bad formats are refused.
set -u
DD=$1
EV=$2/juliet.example.json
passed=0 failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }

run() { # run ARGS...: diagnose exits 2 (the zone is bogus), prints nothing on stderr
	"$DD" diagnose --replay "$EV" "$@" >"$TMP/stdout" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -ne 2 ] || [ -s "$TMP/err" ]; then
		bad "diagnose $*: exit $rc, expected 2; stderr:"; cat "$TMP/err"; return 1
	fi
	return 0
}

svg_ok() { # the file is XML with an <svg> root and names the root cause
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag.endswith('svg'), root.tag
text = ''.join(root.itertext())
assert 'DS_DIGEST_MISMATCH' in text, 'no root cause in the SVG'
assert 'juliet.example.' in text
PY
}
png_ok() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }

# to stdout
run --format svg && { cp "$TMP/stdout" "$TMP/a.svg"; svg_ok "$TMP/a.svg" && ok || bad "--format svg: not SVG"; }
run --format png && { png_ok "$TMP/stdout" && ok || bad "--format png: no PNG signature"; }
run --format dot && { dot -Tcanon "$TMP/stdout" >/dev/null 2>"$TMP/doterr" && [ ! -s "$TMP/doterr" ] &&
	grep -q 'dd_cause=DS_DIGEST_MISMATCH' "$TMP/stdout" && ok || bad "--format dot: not read back"; }
# -o FILE: the extension chooses, nothing on stdout
for ext in svg png dot gv json txt html; do
	run -o "$TMP/out.$ext" || continue
	[ -s "$TMP/stdout" ] && { bad "-o out.$ext wrote to stdout"; continue; }
	case $ext in
	svg) svg_ok "$TMP/out.svg" && ok || bad "-o out.svg: not SVG" ;;
	png) png_ok "$TMP/out.png" && ok || bad "-o out.png: no PNG signature" ;;
	dot|gv) head -1 "$TMP/out.$ext" | grep -q '^digraph' && ok || bad "-o out.$ext: not DOT" ;;
	json) python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/out.json" && ok || bad "-o out.json: not JSON" ;;
	html) python3 - "$TMP/out.html" <<'PY' && ok || bad "-o out.html: not the HTML report"
import sys, json, html.parser
doc = open(sys.argv[1], encoding='utf-8').read()
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.tags = {}; self.stack = []; self.json = None; self.in_json = False
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.in_json = tag == 'script' and ('type', 'application/json') in attrs
    def handle_data(self, data):
        if self.in_json: self.json = json.loads(data)
    def handle_endtag(self, tag):
        self.in_json = False
p = P(); p.feed(doc)
assert doc.startswith('<!DOCTYPE html>')
assert p.tags.get('svg') == 1 and p.tags.get('script') == 1, p.tags
assert p.json['verdict'] == 'bogus' and p.json['root_causes'][0]['code'] == 'DS_DIGEST_MISMATCH'
assert 'DS_DIGEST_MISMATCH' in doc and 'juliet.example. IN DS 42272 13 2' in doc
PY
		;;
	txt) grep -q 'DS_DIGEST_MISMATCH' "$TMP/out.txt" && ! grep -q "$(printf '\033')" "$TMP/out.txt" && ok || bad "-o out.txt: not the plain text report" ;;
	esac
done
# --format wins over the extension
run --format png -o "$TMP/x.svg" && { png_ok "$TMP/x.svg" && ok || bad "--format png -o x.svg: not PNG"; }

refused() { # refused PATTERN ARGS...: exit 3 with PATTERN on stderr
	pattern=$1; shift
	"$DD" diagnose --replay "$EV" "$@" >/dev/null 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 3 ] && grep -q -- "$pattern" "$TMP/err"; then ok; else
		bad "diagnose $*: exit $rc, expected 3 with '$pattern'"; cat "$TMP/err"; fi
}
refused "bad --format 'jpeg'" --format jpeg
refused "cannot tell the format of" -o "$TMP/report.jpeg"
refused "cannot tell the format of" -o "$TMP/noextension"
refused "--json and --format svg exclude each other" --json --format svg
ln -s "$TMP/elsewhere" "$TMP/link.svg"
refused "cannot write" -o "$TMP/link.svg"
[ ! -e "$TMP/elsewhere" ] && ok || bad "-o followed a symbolic link"

echo "graph-formats: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
