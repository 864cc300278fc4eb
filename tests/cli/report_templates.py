#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""report_templates.py DNSSEC-DOCTOR SRCDIR EVIDENCE-DIR - every sentence template of the diagnose
text report is reachable and exercised (issue 20: no dead template, the wording is tested).

The templates are the string literals the report prints with: fprintf/snprintf/fputs in the
diagnose part of src/lib/report/text.c (above its check-zone section), and the fix steps and
recovery sentences of src/lib/diagnosis/explain.c. Each template is cut at its line breaks and at
its conversions (%s, %zu, ...) into fixed pieces; a template is covered when its pieces appear in
that order on one line of some report: every saved testbed scenario of EVIDENCE-DIR replayed as
collected, 29 days later (the testbed's signatures about to expire), 40 days later (expired),
with --level error and --level warning, and with --quiet.

The templates that no saved scenario can reach are listed in NOT_REACHED below, each with the
reason; the test fails for a template that is neither covered nor listed, and for a listed one
that has become covered (the list must shrink as coverage grows, never hide a covered sentence).
"""

import json
import os
import re
import subprocess
import sys

DD, SRC, EVIDENCE = sys.argv[1], sys.argv[2], sys.argv[3]

# template (its first fixed piece, enough to name it) -> why no saved scenario reaches it
NOT_REACHED = {
    # text.c
    "Note: libunbound got a valid answer for ":
        "libunbound retried a good server of a split zone: needs a live run of sierra or tango",
    "!! DISAGREEMENT: dnssec-doctor says ":
        "only a bug of one side prints it; no scenario is built to disagree (and answers of "
        "another instant are no longer set against an --at analysis)",
    ", and ": "the parent DS row with more DS than fit: no saved scenario has that many",
    # explain.c: fix templates of codes that no saved scenario has as a root cause; each needs
    # its testbed scenario saved as evidence (tests/unit/data/evidence/README.md)
    "Compute the DS from the zone's KSK": "a DS fault with no live KSK served to compute from",
    "Run the diagnosis again for a name lower":
        "a WORK_LIMIT_EXCEEDED warning as the cause: a run whose own budget ran out",
    "nothing is known to be broken":
        "a WORK_LIMIT_EXCEEDED warning as the cause: a run whose own budget ran out",
    "Check the trust anchor of the resolver ":
        "RESOLVER_VALIDATION_FAILURE: a resolver that fails a secure name",
    "Remove the DNAME owned by a wildcard from ":
        "DNAME_WILDCARD: the saved scenario (val_dnamewc.resigned.json) is signed in 2007 and "
        "replayed here at its collection time, where its signatures have expired; test_analysis "
        "judges it at the scenario's time",
    "once resolvers' cached copies of the answer (its TTL) expire after the servers serve the DNAME":
        "DNAME_WILDCARD, as above",
    "Flush its cache for the name": "RESOLVER_VALIDATION_FAILURE: a resolver that fails a secure name",
    "once the resolver's fault is fixed":
        "RESOLVER_VALIDATION_FAILURE: a resolver that fails a secure name",
}

CONV = re.compile(r"%[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t)?[diouxXscp%]")


def c_literals(call_args):
    """The concatenated C string literals that start @call_args (a call's text after the
    parenthesis and any arguments before the format), decoded."""
    out, i = [], 0
    while True:
        m = re.match(r'\s*"((?:[^"\\]|\\.)*)"', call_args[i:])
        if not m:
            break
        out.append(m.group(1))
        i += m.end()
    text = "".join(out)
    text = text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")
    return text.replace("\\\\", "\\")


def templates(path, pattern, start=None, stop=None):
    src = open(path, encoding="utf-8").read()
    if start is not None:
        src = src[src.index(start):]
    if stop is not None:
        src = src[:src.index(stop)]
    found = []
    for m in re.finditer(pattern, src):
        t = c_literals(src[m.end():])
        if t:
            found.append(t)
    return found


def pieces(line_template):
    """The fixed pieces of one line of a template, in order (conversions cut it; %% is %)."""
    parts = [p.replace("%%", "%") for p in CONV.split(line_template)]
    return [p for p in parts if p.strip(" :;,.()-")]


def covered(ps, lines):
    for line in lines:
        at = 0
        for p in ps:
            k = line.find(p, at)
            if k < 0:
                break
            at = k + len(p)
        else:
            return True
    return False


def run(args, interrupted=False):
    r = subprocess.run([DD] + args, capture_output=True, text=True, timeout=120)
    # the replay of an interrupted run exits 3 as the run did, with its report
    if r.returncode not in ((0, 1, 2, 3) if interrupted else (0, 1, 2)):
        sys.exit(f"FAIL: dnssec-doctor {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


def main():
    text_c = os.path.join(SRC, "src", "lib", "report", "text.c")
    explain_c = os.path.join(SRC, "src", "lib", "diagnosis", "explain.c")
    tpl = templates(text_c, r"\b(?:fprintf|snprintf)\([^,]+,(?:[^,\"]+,)?", None,
                    "/* ---- check-zone")
    tpl += templates(explain_c, r"\b(?:step|or_step)\(rc, \w+, \w+,|\bstepx\(rc, [^\"]*?,"
                     r"(?=\s*\")|\brecovery\(rc,")
    units = []  # (the line of the template, its fixed pieces)
    for t in tpl:
        for line in t.split("\n"):
            ps = pieces(line)
            if ps and max(len(p.strip()) for p in ps) >= 4:
                units.append((line, ps))
    if len(units) < 80:
        sys.exit(f"FAIL: only {len(units)} template lines found: the extraction broke")

    lines = []
    files = sorted(f for f in os.listdir(EVIDENCE) if f.endswith(".json"))
    for f in files:
        ev = os.path.join(EVIDENCE, f)
        with open(ev) as fh:
            interrupted = json.load(fh).get("probe", {}).get("interrupted") is True
        for extra in ([], ["--at", "+29d"], ["--at", "+40d"], ["--level", "error"],
                      ["--level", "warning"], ["--quiet"]):
            lines += run(["diagnose", "--color", "never", "--replay", ev] + extra,
                         interrupted).splitlines()

    failed = 0
    reached = set()
    for line, ps in units:
        key = next((k for k in NOT_REACHED if CONV.sub("", line).lstrip().startswith(k)), None)
        if covered(ps, lines):
            if key is not None:
                reached.add(key)
            continue
        if key is not None:
            continue
        print(f"FAIL: no scenario prints the template {' … '.join(ps)!r}")
        failed += 1
    for key in NOT_REACHED:
        if key in reached:
            print(f"FAIL: {key!r} is listed as not reached but a scenario prints it: "
                  "remove it from NOT_REACHED")
            failed += 1
    print(f"{len(units)} template lines, {len(files)} scenarios x 6 runs, "
          f"{len(NOT_REACHED)} listed as not reached, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
