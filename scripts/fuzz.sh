#!/bin/sh
# fuzz.sh [SECONDS] [TARGET...] - build the libFuzzer harnesses with clang and ASan+UBSan into
# ./build-fuzz and run each for SECONDS (default 60) on a scratch copy of its seed corpus.
# Fails on any crash, leak or sanitizer report; the reproducer is left in build-fuzz/crashes/.
# Long campaigns: see tests/fuzz/README.md.
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-"dnskey rrsig_verify rdata sntp resolver packet evidence zone zonelist dnsviz"}
B=build-fuzz
if [ ! -f "$B/build.ninja" ]; then
	CC=clang meson setup "$B" -Dfuzzing-backend=libfuzzer -Db_sanitize=address,undefined \
		-Db_lundef=false >/dev/null
fi
if ! ninja -C "$B" >"$B/build.log" 2>&1; then
	echo "fuzz: the clang build failed:"
	grep -E -A3 "error|FAILED" "$B/build.log" | head -n 60
	exit 1
fi
mkdir -p "$B/crashes"
status=0
for t in $TARGETS; do
	work="$B/corpus-work/$t"
	mkdir -p "$work"
	cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
	log="$B/fuzz-$t.log"
	if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$B/tests/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$B/crashes/$t-" -print_final_stats=1 "$work" >"$log" 2>&1; then
		runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
		echo "fuzz $t: ok, $runs executions in ${SECONDS_EACH}s"
	else
		echo "fuzz $t: FAILED (see $log and $B/crashes/)"
		tail -n 30 "$log"
		status=1
	fi
done
exit $status
