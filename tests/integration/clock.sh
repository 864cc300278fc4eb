#!/bin/sh
# clock.sh DNSSEC-DOCTOR - "dnssec-doctor clock" inside the testbed: against chrony (127.0.6.1,
# this machine's own clock: offset under a second, exit 0), an SNTP server 40 minutes ahead
# (127.0.6.2, hostile.py: offset 2400 s, exit 1, "not yet valid" advice), one that sends a
# kiss-o'-death (127.0.6.3: exit 3, the code named) and an address where nothing answers
# (exit 3, one line naming the server).
set -eu
dd=$1
passed=0 failed=0
check() { # check WHAT CONDITION...
	what=$1
	shift
	if "$@"; then passed=$((passed + 1)); else echo "FAIL: $what"; failed=$((failed + 1)); fi
}
offset() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["offset_seconds"])'; }
within() { /usr/bin/python3 -c "import sys; sys.exit(0 if abs(float('$1') - $2) <= $3 else 1)"; }

# chrony may need a moment to answer after it starts
i=0
until "$dd" clock --ntp 127.0.6.1 --timeout 0.5 >/dev/null 2>&1 || [ $i -ge 20 ]; do
	i=$((i + 1))
	sleep 0.5
done
st=0; out=$("$dd" clock --ntp 127.0.6.1 --json) || st=$?
check "chrony: exit $st" [ "$st" -eq 0 ]
o=$(echo "$out" | offset)
check "chrony: offset $o under 1 s" within "$o" 0 1

st=0; out=$("$dd" clock --ntp 127.0.6.2 --json) || st=$?
check "40 min ahead: exit $st" [ "$st" -eq 1 ]
o=$(echo "$out" | offset)
check "40 min ahead: offset $o is +2400 s" within "$o" 2400 2
st=0; text=$("$dd" clock --ntp 127.0.6.2) || st=$?
check "40 min ahead: text '$text'" sh -c 'echo "$1" | grep -q "40 minutes behind 127.0.6.2" &&
	echo "$1" | grep -q "for not yet valid"' _ "$text"

st=0; err=$("$dd" clock --ntp 127.0.6.3 2>&1 >/dev/null) || st=$?
check "kiss-o'-death: exit $st" [ "$st" -eq 3 ]
check "kiss-o'-death: '$err'" sh -c 'echo "$1" | grep -q "kiss-o.-death RATE"' _ "$err"

st=0; err=$("$dd" clock --ntp 127.0.6.9 --timeout 0.2 2>&1 >/dev/null) || st=$?
check "silent: exit $st" [ "$st" -eq 3 ]
check "silent: '$err'" sh -c '[ "$(echo "$1" | wc -l)" -eq 1 ] && echo "$1" | grep -q "no NTP answer from 127.0.6.9"' _ "$err"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
