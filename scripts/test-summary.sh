#!/bin/sh
# test-summary.sh BUILD_DIR - print "meson: N passed, M failed, K skipped" from Meson's
# testlog.json, the closing line CI reads.
set -eu
log="$1/meson-logs/testlog.json"
[ -f "$log" ] || { echo "test-summary: no $log" >&2; exit 1; }
python3 - "$log" <<'PY'
import json, sys
counts = {"OK": 0, "FAIL": 0, "SKIP": 0, "EXPECTEDFAIL": 0, "UNEXPECTEDPASS": 0, "TIMEOUT": 0, "ERROR": 0}
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line).get("result")
        counts[r] = counts.get(r, 0) + 1
passed = counts["OK"] + counts["EXPECTEDFAIL"]
failed = counts["FAIL"] + counts["UNEXPECTEDPASS"] + counts["TIMEOUT"] + counts["ERROR"]
print(f"meson: {passed} passed, {failed} failed, {counts['SKIP']} skipped")
PY
