#!/bin/sh
# check-test-registration.sh DIR NAME... - fail when a test_<name>.c in DIR is not registered
# in DIR's meson.build list (given as the remaining arguments), so no test is silently unbuilt.
set -eu
dir=$1
shift
status=0
for f in "$dir"/test_*.c; do
	[ -e "$f" ] || continue
	name=$(basename "$f" .c)
	name=${name#test_}
	found=0
	for n in "$@"; do
		[ "$n" = "$name" ] && found=1
	done
	if [ "$found" -eq 0 ]; then
		echo "check-test-registration: $f is not listed in $dir/meson.build" >&2
		status=1
	fi
done
exit $status
