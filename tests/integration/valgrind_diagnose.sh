#!/bin/sh
# valgrind_diagnose.sh DNSSEC-DOCTOR - one full diagnose under valgrind, inside the testbed:
# the probe (libuv, every server of every zone), both libunbound views, the analysis, the
# diagnosis and both reports, on a bogus scenario (expired signature) and the KeyTrap one.
# Any invalid read or write, use of uninitialised memory or definite leak fails the test.
set -eu
dd=$1
m="$TESTBED_DIR/manifest.json"
for name in www.hotel.example. www.maple.example.; do
	for fmt in --json ""; do
		status=0
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
			--show-leak-kinds=definite --track-origins=yes \
			"$dd" diagnose $fmt --anchor "$TESTBED_DIR/anchor.ds" --hints "$TESTBED_DIR/root.hints" \
			--timeout 2 --resolver 127.0.5.1 "$name" >/dev/null 2>"$TESTBED_DIR/valgrind.err" ||
			status=$?
		# diagnose exits 2 (bogus); 99 is valgrind's
		if [ "$status" -ne 2 ]; then
			echo "valgrind_diagnose: $name ${fmt:-text}: exit $status" >&2
			cat "$TESTBED_DIR/valgrind.err" >&2
			exit 1
		fi
		echo "ok $name ${fmt:-text}: no valgrind error"
	done
done
[ -s "$m" ]
