#!/bin/sh
# demo.sh - set up a fresh Debian 12 machine and run dnssec-doctor's main job: diagnose a
# broken zone of the private test hierarchy (tests/testbed), the way an operator would in an
# outage. Installs the packages, builds, starts the testbed in a private network namespace,
# diagnoses www.juliet.example (the DS at the parent has a wrong digest), writes the one-file
# HTML incident report of that diagnosis (build/demo-report.html, from the evidence saved by the
# run: no second probe), and stops the testbed.
# DEMO_NAME chooses another name of the testbed (see tests/testbed/scenarios.json).
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
export TESTBED_DIR="$PWD/build/testbed-demo"
NAME=${DEMO_NAME:-www.juliet.example}
echo "\$ dnssec-doctor diagnose $NAME    # inside the testbed, with its root anchor and hints"
echo
status=0
EVIDENCE="$PWD/build/demo-evidence.json" REPORT="$PWD/build/demo-report.html"
rm -f "$EVIDENCE"
tests/testbed/testbed.sh run ./build/src/cli/dnssec-doctor diagnose \
	--anchor "$TESTBED_DIR/anchor.ds" --hints "$TESTBED_DIR/root.hints" \
	--resolver 127.0.5.1 --save "$EVIDENCE" "$NAME" || status=$?
echo
echo "(exit code $status: 0 secure, 1 warnings, 2 bogus or errors, 3 could not complete)"
# the same diagnosis as one HTML page for the ticket, from the saved evidence (no network)
rm -f "$REPORT"
if [ -s "$EVIDENCE" ]; then
	# its exit code is the diagnosis's (2 for a bogus name): whether the file was written counts
	./build/src/cli/dnssec-doctor diagnose --replay "$EVIDENCE" -o "$REPORT" >/dev/null 2>&1 || :
fi
if [ -s "$REPORT" ]; then
	echo
	echo "The HTML incident report (verdict, root cause and fix, the graph, the evidence): $REPORT"
	echo "  open it with: xdg-open $REPORT"
else
	echo "dnssec-doctor demo: could not write the HTML report" >&2
fi
