#!/bin/sh
# check-man.sh DNSSEC-DOCTOR MANPAGE - the man page stays in sync with --help: every command
# of "dnssec-doctor --help" has a section, and every long option of each command's --help is
# documented in the man page.
set -eu
DD=$1
MAN=$2
passed=0 failed=0
commands=$("$DD" --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{on=0}')
[ -n "$commands" ] || { echo "FAIL: no commands in --help"; exit 1; }
for c in $commands; do
	if grep -q "^\.SS $c\b" "$MAN"; then passed=$((passed + 1)); else
		echo "FAIL: command '$c' has no .SS section in $MAN"; failed=$((failed + 1)); fi
	for opt in $("$DD" "$c" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
		roff=$(echo "$opt" | sed 's/-/\\\\-/g')
		if grep -q -- "$roff" "$MAN"; then passed=$((passed + 1)); else
			echo "FAIL: $c $opt is not in $MAN"; failed=$((failed + 1)); fi
	done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
