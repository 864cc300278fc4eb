# SPDX-License-Identifier: MIT
"""tally.py - the pass/fail count shared by the integration test scripts: check() records one
assertion and prints a FAIL line with the detail when it does not hold; summary() prints the
totals and gives the exit status (1 when anything failed or nothing was checked)."""

counts = {"passed": 0, "failed": 0}


def check(what, ok, detail=""):
    if ok:
        counts["passed"] += 1
    else:
        counts["failed"] += 1
        print("FAIL %s%s" % (what, ": %s" % (detail,) if detail != "" else ""))


def summary():
    print("%d passed, %d failed" % (counts["passed"], counts["failed"]))
    return 0 if counts["failed"] == 0 and counts["passed"] > 0 else 1
