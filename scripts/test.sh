#!/bin/sh
# test.sh - set up a fresh Debian 12 machine and run every test suite: installs the packages
# (scripts/install-deps.sh), configures and builds with Meson into ./build (or BUILD_DIR), runs
# "meson test" and prints a one-line summary. Extra arguments go to "meson setup".
set -eu
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}

./scripts/install-deps.sh
if [ -f "$BUILD_DIR/build.ninja" ]; then
	meson setup --reconfigure "$BUILD_DIR" "$@" >/dev/null
else
	meson setup "$BUILD_DIR" "$@"
fi
ninja -C "$BUILD_DIR"
status=0
meson test -C "$BUILD_DIR" --print-errorlogs ${MESON_TEST_ARGS:-} || status=$?
./scripts/test-summary.sh "$BUILD_DIR"
exit $status
