#!/bin/sh
# selftest.sh BUILD_DIR SRC_DIR - the layer check can fail. On a copy of the library's sources
# and objects, each case plants one upward edge (a call, an include, a third-party header or
# symbol, a circle, a call into report/, a file in no layer) and expects scripts/check-layers.sh
# to fail with a line naming the file, the symbol or header and the edge; the copy without a
# plant, a call into validate/ from above (before that folder exists), and a planted edge that
# is listed in an exceptions file must pass. CC compiles the planted objects (default cc).
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
check=$src/scripts/check-layers.sh
CC=${CC:-cc}
archive=$build/src/lib/libdd_core.a
[ -f "$archive" ] || { echo "selftest: no $archive" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/objs"

# the real objects of the static core (a thin archive lists paths, a normal one holds copies)
if [ "$(head -c 7 "$archive")" = '!<thin>' ]; then
	(cd "$tmp" && ar t "$archive") | while read -r m; do
		case $m in /*) p=$m ;; *) p=$tmp/$m ;; esac
		cp "$p" "$tmp/objs/"
	done
else
	(cd "$tmp/objs" && ar x "$archive")
fi
nobjs=$(find "$tmp/objs" -name '*.o' | wc -l)
[ "$nobjs" -gt 10 ] || { echo "selftest: only $nobjs objects in $archive" >&2; exit 1; }
cp "$src/scripts/layers-exceptions.txt" "$tmp/exceptions"

fails=0
n=0

# fresh copy of the sources and objects for one case
fresh() {
	rm -rf "$tmp/tree" "$tmp/case.a" "$tmp/extra"
	mkdir -p "$tmp/tree/src" "$tmp/extra"
	cp -R "$src/src/lib" "$tmp/tree/src/lib"
}

# plant FILE (under src/lib) with C TEXT, compiled into the case's objects as meson names them
plant() {
	mkdir -p "$tmp/tree/src/lib/$(dirname "$1")"
	printf '%s\n' "$2" >"$tmp/tree/src/lib/$1"
	obj=$(printf '%s' "$1" | tr / _).o
	$CC -w -c -o "$tmp/extra/$obj" "$tmp/tree/src/lib/$1"
}

# expect pass|fail NAME [TEXT...] [-- check options]: run the check on the case; on fail, every
# TEXT must appear in its output
expect() {
	want=$1; name=$2; shift 2
	n=$((n + 1))
	ar rc "$tmp/case.a" "$tmp"/objs/*.o
	for o in "$tmp"/extra/*.o; do
		if [ -e "$o" ]; then ar rc "$tmp/case.a" "$o"; fi
	done
	exc=$tmp/exceptions
	texts=""
	while [ $# -gt 0 ]; do
		case $1 in
		--exceptions) exc=$2; shift 2 ;;
		*) texts="$texts$1
"; shift ;;
		esac
	done
	rc=0
	"$check" --src "$tmp/tree" --archive "$tmp/case.a" --exceptions "$exc" >"$tmp/out" 2>&1 || rc=$?
	ok=1
	if [ "$want" = pass ] && [ "$rc" -ne 0 ]; then
		ok=0
	elif [ "$want" = fail ]; then
		[ "$rc" -eq 1 ] || ok=0
		printf '%s' "$texts" >"$tmp/texts"
		while IFS= read -r t; do
			[ -n "$t" ] || continue
			grep -qF -- "$t" "$tmp/out" || { ok=0; echo "  missing: $t"; }
		done <"$tmp/texts"
	fi
	if [ "$ok" -eq 1 ]; then
		echo "ok $n - $name (exit $rc)"
		[ "$want" = fail ] && sed 's/^/    /' "$tmp/out" | head -3
	else
		echo "not ok $n - $name: exit $rc, expected $want"
		sed 's/^/    /' "$tmp/out"
		fails=$((fails + 1))
	fi
	rm -f "$tmp/case.a"
}

fresh
expect pass "the real tree and objects, copied"

fresh
plant dns/planted.c 'int dd_analyze(void); int dd__planted(void); int dd__planted(void) { return dd_analyze(); }'
expect fail "planted upward call dns -> analysis" \
	'src/lib/dns/planted.c: upward call dns -> analysis: dd_analyze (defined in src/lib/analysis/analysis.c)'

fresh
plant probe/planted.c 'int dd_resolver_assess(void *); int dd__planted(void); int dd__planted(void) { return dd_resolver_assess(0); }'
expect fail "planted call from the probe into the analysis (issue 14's example)" \
	'src/lib/probe/planted.c: upward call probe -> analysis: dd_resolver_assess'

fresh
line=$(($(wc -l <"$tmp/tree/src/lib/dns/name.c") + 1))
echo '#include "report/json_int.h"' >>"$tmp/tree/src/lib/dns/name.c"
expect fail "planted upward include dns -> report" \
	"src/lib/dns/name.c:$line: upward include dns -> report: \"report/json_int.h\""

fresh
echo '#include "dns/trie.h"' >>"$tmp/tree/src/lib/crypto/md.c"
expect pass "an include down (crypto -> dns) is allowed"

fresh
line=$(($(wc -l <"$tmp/tree/src/lib/probe/share.c") + 1))
echo '#include <openssl/evp.h>' >>"$tmp/tree/src/lib/probe/share.c"
expect fail "planted OpenSSL include outside crypto/" \
	"src/lib/probe/share.c:$line: includes <openssl/evp.h> of OpenSSL, which only crypto may include (layer probe)"

fresh
line=$(($(wc -l <"$tmp/tree/src/lib/dd/types.h") + 1))
echo '#include <libknot/libknot.h>' >>"$tmp/tree/src/lib/dd/types.h"
expect fail "planted libknot include in a public header" \
	"src/lib/dd/types.h:$line: includes <libknot/libknot.h> of libknot, which only dns may include (a public header)"

fresh
plant monitor/planted.c 'const void *EVP_sha256(void); const void *dd__planted(void); const void *dd__planted(void) { return EVP_sha256(); }'
expect fail "planted OpenSSL call outside crypto/" \
	'src/lib/monitor/planted.c: calls EVP_sha256 of OpenSSL, which only crypto may use (layer monitor)'

fresh
plant report/planted.c 'int dd__report_planted(void); int dd__report_planted(void) { return 1; }'
plant monitor/planted.c 'int dd__report_planted(void); int dd__planted(void); int dd__planted(void) { return dd__report_planted(); }'
expect fail "planted call from the library into report/" \
	'src/lib/monitor/planted.c: upward call monitor -> report: dd__report_planted'

fresh
plant crypto/pa.c 'int dd__pb(int); int dd__pa(int); int dd__pa(int x) { return x ? dd__pb(x - 1) : 0; }'
plant crypto/pb.c 'int dd__pa(int); int dd__pb(int); int dd__pb(int x) { return x ? dd__pa(x - 1) : 1; }'
expect fail "planted circle between two files of crypto/" \
	'src/lib/crypto/pa.c: circular calls in crypto: it uses dd__pb of src/lib/crypto/pb.c' \
	'src/lib/crypto/pb.c: circular calls in crypto: it uses dd__pa of src/lib/crypto/pa.c'

fresh
plant validate/planted.c 'int dd_sig_verify(void); int dd__validate_planted(void); int dd__validate_planted(void) { return dd_sig_verify(); }'
plant analysis/planted.c 'int dd__validate_planted(void); int dd__planted(void); int dd__planted(void) { return dd__validate_planted(); }'
expect pass "validate/ (known before it exists) uses crypto/ and is used by analysis/"
plant crypto/planted.c 'int dd__validate_planted(void); int dd__planted2(void); int dd__planted2(void) { return dd__validate_planted(); }'
expect fail "planted upward call crypto -> validate" \
	'src/lib/crypto/planted.c: upward call crypto -> validate: dd__validate_planted (defined in src/lib/validate/planted.c)'

fresh
plant gadgets/planted.c 'int dd__planted(void); int dd__planted(void) { return 0; }'
expect fail "a file in a folder that is no layer" 'src/lib/gadgets/planted.c: in no layer'

# the exceptions file: a listed edge passes, an unexplained or stale line fails
fresh
plant dns/planted.c 'int dd_analyze(void); int dd__planted(void); int dd__planted(void) { return dd_analyze(); }'
{ cat "$tmp/exceptions"; echo 'call dns/planted.c dd_analyze  # planted by the self-test'; } >"$tmp/exc1"
expect pass "a planted edge listed with its reason in the exceptions" --exceptions "$tmp/exc1"
{ cat "$tmp/exceptions"; echo 'call dns/planted.c dd_analyze'; } >"$tmp/exc2"
expect fail "an exception without a reason" --exceptions "$tmp/exc2" \
	'exc2:' 'not "call|uses|include FILE SYMBOL-OR-HEADER # reason"'
fresh
{ cat "$tmp/exceptions"; echo 'call dns/planted.c dd_analyze  # planted by the self-test'; } >"$tmp/exc3"
expect fail "a stale exception (the edge is gone)" --exceptions "$tmp/exc3" \
	'stale exception "call dns/planted.c dd_analyze' 'delete the line'

echo "selftest: $((n - fails)) of $n cases as expected"
[ "$fails" -eq 0 ]
