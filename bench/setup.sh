# bench/setup.sh - sourced by the bench scripts (after "cd" to the repository and BUILD set):
# installs the packages (scripts/install-deps.sh), configures BUILD once and builds it.
./scripts/install-deps.sh >/dev/null
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" >/dev/null
ninja -C "$BUILD" >/dev/null
