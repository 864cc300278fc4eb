#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/dnsviz-agreement.sh [BUILD_DIR] [CAPTURE...] - our findings beside DNSViz's on the same
# probe JSON (issue 19): for each capture (default: ../shared/data/recorded/dnsviz/*.json.gz),
# "dnsviz grok -l warning" (Debian's dnsviz) and "dnssec-doctor diagnose --replay CAPTURE
# --json", our codes mapped to DNSViz's names through the "dnsviz" field of each finding (the
# mapping of docs/findings.md). Prints one table: codes both report, ours only (a DNSViz name
# grok did not give), theirs only (a grok code none of ours maps to), and our findings DNSViz
# has no name for. grok judges signature windows at the time it runs, dnssec-doctor at the
# capture's: expiry codes of old captures are theirs only for that reason. A capture made through
# a recursive resolver (dnsviz probe without -A) holds no authoritative answers: not applicable.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
[ $# -gt 0 ] && shift
DD="$PWD/$BUILD/src/cli/dnssec-doctor"
[ -x "$DD" ] || { echo "dnsviz-agreement: build first ($DD)" >&2; exit 2; }
command -v dnsviz >/dev/null || { echo "dnsviz-agreement: dnsviz is not installed (scripts/install-deps.sh)" >&2; exit 2; }
if [ $# -eq 0 ]; then
	set -- ../shared/data/recorded/dnsviz/*.json.gz
fi
exec /usr/bin/python3 - "$DD" "$@" <<'PY'
import gzip, json, subprocess, sys

dd, captures = sys.argv[1], sys.argv[2:]
# Debian's dnsviz 0.9 asks pygraphviz for a module newer ones no longer have (as bench/latency.sh)
shim = ("import sys, types, runpy, pygraphviz\n"
        "r = types.ModuleType('pygraphviz.release'); r.version = pygraphviz.__version__\n"
        "sys.modules['pygraphviz.release'] = r; pygraphviz.release = r\n"
        "sys.argv = ['dnsviz'] + sys.argv[1:]\n"
        "runpy.run_path('/usr/bin/dnsviz', run_name='__main__')\n")


def grok_codes(raw):
    p = subprocess.run(["/usr/bin/python3", "-c", shim, "grok", "-l", "warning"], input=raw,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if p.returncode != 0:
        raise SystemExit("dnsviz grok failed: %s" % p.stderr.decode()[-300:])
    codes = set()

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k in ("errors", "warnings") and isinstance(v, list):
                    codes.update(e.get("code") for e in v if isinstance(e, dict) and e.get("code"))
                else:
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(json.loads(p.stdout))
    return codes


def our_codes(path):
    p = subprocess.run([dd, "diagnose", "--replay", path, "--json"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=600)
    if p.returncode == 3:
        return None, p.stderr.strip().split(": ", 3)[-1], None
    rep = json.loads(p.stdout)
    named = {f["dnsviz"] for f in rep["findings"] if f.get("dnsviz")}
    unnamed = {f["code"] for f in rep["findings"] if not f.get("dnsviz")}
    return rep["verdict"], named, unnamed


print("%-34s %-8s %s" % ("capture", "verdict", "codes"))
totals = [0, 0, 0]
for path in captures:
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    verdict, ours, unnamed = our_codes(path)
    name = path.rsplit("/", 1)[-1]
    if verdict is None:
        print("%-34s %-8s not applicable: %s" % (name, "-", ours))
        continue
    theirs = grok_codes(raw)
    both, only_ours, only_theirs = ours & theirs, ours - theirs, theirs - ours
    totals[0] += len(both)
    totals[1] += len(only_ours)
    totals[2] += len(only_theirs)
    print("%-34s %-8s both: %s" % (name, verdict, ", ".join(sorted(both)) or "-"))
    print("%-34s %-8s ours only: %s" % ("", "", ", ".join(sorted(only_ours)) or "-"))
    print("%-34s %-8s theirs only: %s" % ("", "", ", ".join(sorted(only_theirs)) or "-"))
    print("%-34s %-8s ours without a DNSViz name: %s" % ("", "", ", ".join(sorted(unnamed)) or "-"))
print("%d codes in agreement, %d ours only, %d theirs only over %d captures" %
      (totals[0], totals[1], totals[2], len(captures)))
PY
