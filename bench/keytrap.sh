#!/bin/sh
# bench/keytrap.sh - validation work under attack: diagnose the testbed's KeyTrap zone
# (www.maple.example: DNSKEYs sharing a key tag, 13 RRSIGs with the valid one last) and a
# 120-label name under its 150-iteration salted NSEC3 zone (NSEC3 hash exhaustion), and print
# dnssec-doctor's wall time, signature verifications and NSEC3 hashes beside its caps, and the
# time of the testbed's validating Unbound and of delv (BIND's validator) on the same names.
#
#   bench/keytrap.sh [BUILD_DIR] [REPEAT]   (default: build, 5; runs scripts/install-deps.sh)
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
REPEAT=${2:-5}
. bench/setup.sh
export TESTBED_DIR="$PWD/$BUILD/testbed-bench"
exec tests/testbed/testbed.sh run /usr/bin/python3 - "$PWD/$BUILD/src/cli/dnssec-doctor" "$REPEAT" \
	"$PWD/src/lib/dd/analysis.h" <<'PY'
import json, os, re, subprocess, sys, time

dd, repeat, header = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tb = os.environ["TESTBED_DIR"]
m = json.load(open(os.path.join(tb, "manifest.json")))
caps = dict(re.findall(r"#define (DD_LIMIT_\w+) (\d+)", open(header).read()))
deep = "a." * 120 + "nutmeg.lab."


def best(cmd):
    """Best wall time of REPEAT runs, and the last run's output."""
    times, out = [], None
    for _ in range(repeat):
        t = time.monotonic()
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        times.append(time.monotonic() - t)
    return min(times), out


print("caps: %s" % ", ".join("%s %s" % kv for kv in sorted(caps.items())))
print("%-34s %8s %8s %10s %8s %12s %12s" % ("name", "dd (s)", "verdict", "verif.", "hashes",
                                            "unbound (s)", "delv (s)"))
for name in ("www.maple.example.", deep):
    t_dd, r = best([dd, "diagnose", "--json", "--no-unbound", "--anchor", m["anchor"]["ds"],
                    "--hints", m["hints"], "--timeout", "0.8", name])
    rep = json.loads(r.stdout)
    st = rep["stats"]
    assert st["signature_verifications"] <= int(caps["DD_LIMIT_VERIFY_TOTAL"])
    assert st["nsec3_hashes"] <= int(caps["DD_LIMIT_NSEC3_HASHES"])
    # a fresh cache for each: flush the name from the validating Unbound through a new query
    # name is not possible without unbound-control, so Unbound's figure after the first run
    # is a cache hit; the first run's time is the one that counts and is printed
    t0 = time.monotonic()
    u = subprocess.run(["dig", "+tries=1", "+time=10", "@" + m["resolvers"]["validating"], name, "A"],
                       stdout=subprocess.PIPE, text=True)
    t_ub = time.monotonic() - t0
    ustatus = re.search(r"status: (\w+)", u.stdout)
    t_delv, d = best(["delv", "-a", os.path.join(tb, "anchors.conf"), "@" + m["resolvers"]["nonvalidating"],
                      name, "A"])
    shown = name if len(name) < 34 else name[:14] + "...(%d labels)" % name.count(".")
    print("%-34s %8.3f %8s %6d/%-4s %5d/%-4s %7.3f %-4s %8.3f" % (
        shown, t_dd, rep["verdict"], st["signature_verifications"], caps["DD_LIMIT_VERIFY_TOTAL"],
        st["nsec3_hashes"], caps["DD_LIMIT_NSEC3_HASHES"], t_ub,
        ustatus.group(1)[:4] if ustatus else "none", t_delv))
    for f in rep["findings"]:
        if f["code"] == "WORK_LIMIT_EXCEEDED":
            print("    %s: %s" % (f["code"], f["detail"]))
PY
