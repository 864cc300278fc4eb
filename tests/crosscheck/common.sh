# common.sh - sourced by the crosscheck-*.sh scripts: tool checks, a temporary directory,
# counters and the closing summary line.
set -eu
DD=$1
VERIFY=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dd-crosscheck.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

need() {
	for t in "$@"; do
		if ! command -v "$t" >/dev/null 2>&1; then
			echo "crosscheck: required tool '$t' is missing; run scripts/install-deps.sh" >&2
			exit 1
		fi
	done
}

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# check NAME EXPECTED-FILE ACTUAL-FILE: byte comparison
same() {
	if cmp -s "$2" "$3"; then ok; else bad "$1"; diff "$2" "$3" | head -5 || true; fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# The DNSSEC algorithms this project supports, as dnssec-keygen names them, with key sizes
# small enough to generate quickly but accepted by every tool.
ALGS="RSASHA1:1024 NSEC3RSASHA1:1024 RSASHA256:2048 RSASHA512:1024 ECDSAP256SHA256:0
ECDSAP384SHA384:0 ED25519:0 ED448:0"

keygen() { # keygen DIR ZONE ALG BITS [KSK]
	dir=$1 zone=$2 alg=$3 bits=$4 role=${5:-}
	set -- -q -K "$dir" -a "$alg"
	[ "$bits" != 0 ] && set -- "$@" -b "$bits"
	[ -n "$role" ] && set -- "$@" -f KSK
	dnssec-keygen "$@" "$zone" 2>/dev/null
}
