#!/bin/sh
# demo.sh - set up a fresh Debian 12 machine and run dnssec-doctor's main job: diagnose a
# broken zone of the private test hierarchy (tests/testbed), the way an operator would in an
# outage. Installs the packages, builds, starts the testbed in a private network namespace,
# diagnoses www.juliet.example (the DS at the parent has a wrong digest), and stops the testbed.
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
tests/testbed/testbed.sh run ./build/src/cli/dnssec-doctor diagnose \
	--anchor "$TESTBED_DIR/anchor.ds" --hints "$TESTBED_DIR/root.hints" \
	--resolver 127.0.5.1 "$NAME" || status=$?
echo
echo "(exit code $status: 0 secure, 1 warnings, 2 bogus or errors, 3 could not complete)"
