#!/bin/sh
# bench/monitor.sh - dnssec-doctor monitor on N signed zones (default 10,000) under one TLD of a
# private hierarchy (bench/monitor_gen.py), served by NSD inside a private network namespace
# ("unshare -rn", loopback only): prints zones/s, queries sent, queries the shared parent cache
# saved, peak memory, and the states found (all should be OK). Target (issue 8): 10,000 zones
# in under 30 s on 2 cores, under 200 MB.
#
#   bench/monitor.sh [BUILD_DIR] [ZONES] [CONCURRENCY]   (default: build, 10000, 64)
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
N=${2:-10000}
CONC=${3:-64}
. bench/setup.sh
OUT="$PWD/$BUILD/bench-monitor"
/usr/bin/python3 bench/monitor_gen.py "$OUT" "$N"
exec unshare -rn /usr/bin/python3 - "$PWD/$BUILD/src/cli/dnssec-doctor" "$OUT" "$N" "$CONC" <<'PY'
import os, re, resource, subprocess, sys, time

dd, out, n, conc = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
servers = []
try:
    for name in ("top", "kids"):
        servers.append(subprocess.Popen(["nsd", "-d", "-c", os.path.join(out, "nsd-%s.conf" % name)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    t = time.monotonic()
    while time.monotonic() - t < 120:
        r = subprocess.run(["dig", "+short", "+norec", "+time=1", "+tries=1", "@127.0.30.3",
                            "z%d.bench." % (n - 1), "SOA"], stdout=subprocess.PIPE, text=True)
        if r.stdout.strip():
            break
        time.sleep(0.5)
    print("NSD serving %d zones after %.1f s" % (n, time.monotonic() - t))
    db = os.path.join(out, "state.db")
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    for label, extra in (("first run (new database)", []), ("second run (events compared)", [])):
        t = time.monotonic()
        p = subprocess.run([dd, "monitor", "--once", "--zones", os.path.join(out, "zones.txt"),
                            "--anchor", os.path.join(out, "anchor.ds"), "--hints",
                            os.path.join(out, "hints"), "--db", db, "--format", "prometheus",
                            "--concurrency", conc, "--timeout", "1"] + extra,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wall = time.monotonic() - t
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
        m = dict(re.findall(r"^(dnssec_doctor_run_\w+) (\S+)$", p.stdout, re.M))
        states = re.findall(r'^dnssec_doctor_zone_state\{[^}]*\} (\d)$', p.stdout, re.M)
        count = {s: states.count(s) for s in sorted(set(states))}
        q, hits = int(m.get("dnssec_doctor_run_queries", 0)), int(m.get("dnssec_doctor_run_cache_hits", 0))
        print("%s: %d zones in %.1f s (%.0f zones/s), exit %d" % (label, len(states), wall,
              len(states) / wall if wall else 0, p.returncode))
        print("  queries sent %d (%.1f per zone), answered from the shared parent cache %d "
              "(saved %.0f%%)" % (q, q / max(1, len(states)), hits, 100.0 * hits / max(1, q + hits)))
        print("  peak RSS %.0f MB (largest child so far); states (0 OK .. 3 UNKNOWN): %s" % (rss, count))
        if p.returncode != 0:
            print(p.stderr[-2000:])
finally:
    for s in servers:
        s.terminate()
        s.wait()
PY
