#!/bin/sh
# bench/check-zone.sh - time dnssec-doctor check-zone against kzonecheck, dnssec-verify,
# ldns-verify-zone and validns on the same signed zones, in one run, and print wall time, peak
# memory, signatures per second, the ratio to the fastest peer and the share of the crypto limit.
#
#   bench/check-zone.sh [BUILD_DIR]     (default: build; runs scripts/install-deps.sh first)
#
# Zones (generated once and cached in $BENCH_ZONES, default BUILD_DIR/bench-zones): for each
# size in $BENCH_SIZES (default "100000 1000000" names), an ECDSA P-256 + NSEC3 zone (0
# iterations, no salt) and an RSASHA256-2048 + NSEC zone, signed by BIND's dnssec-signzone.
# Every hundredth name is a delegation (half of them secure, with a DS) with glue.
# The crypto limit is `openssl speed` verifications per second times the cores.
# BENCH_GENERATE_ONLY=1 only generates the zones (signing 1M names with RSA takes a while).
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
. bench/setup.sh
DD="$PWD/$BUILD/src/cli/dnssec-doctor"
ZONES=${BENCH_ZONES:-$PWD/$BUILD/bench-zones}
SIZES=${BENCH_SIZES:-"100000 1000000"}
mkdir -p "$ZONES"
exec /usr/bin/python3 - "$DD" "$ZONES" $SIZES <<'PY'
import json, os, shutil, subprocess, sys, tempfile, time

dd, zdir, sizes = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3:]]
cores = os.cpu_count() or 1
ORIGIN = "bench.example."


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def make_zone(n, variant):
    """Generate and sign a zone of n names; cached by file name."""
    out = os.path.join(zdir, "%s-%d.zone" % (variant, n))
    if os.path.exists(out):
        return out
    work = tempfile.mkdtemp(dir=zdir)
    alg, bits = ("ECDSAP256SHA256", []) if variant == "p256-nsec3" else ("RSASHA256", ["-b", "2048"])
    ksk = run(["dnssec-keygen", "-q", "-K", work, "-a", alg] + bits + ["-f", "KSK", ORIGIN]).stdout.strip()
    zsk = run(["dnssec-keygen", "-q", "-K", work, "-a", alg] + bits + [ORIGIN]).stdout.strip()
    child = run(["dnssec-keygen", "-q", "-K", work, "-a", "ECDSAP256SHA256", "-f", "KSK", "child.example."]).stdout.strip()
    child_ds = run(["dnssec-dsfromkey", "-2", os.path.join(work, child + ".key")]).stdout.split()
    ds_rdata = " ".join(child_ds[-4:])
    src = os.path.join(work, "unsigned.zone")
    with open(src, "w") as f:
        f.write("$ORIGIN %s\n$TTL 3600\n" % ORIGIN)
        f.write("@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ NS ns1\n@ NS ns2\n")
        f.write("ns1 A 192.0.2.1\nns2 A 192.0.2.2\n")
        f.write("$INCLUDE %s.key\n$INCLUDE %s.key\n" % (os.path.join(work, ksk), os.path.join(work, zsk)))
        for i in range(n):
            if i % 100 == 99:
                f.write("d%d NS ns.d%d\nns.d%d A 198.51.100.%d\n" % (i, i, i, i % 250 + 1))
                if i % 200 == 199:
                    f.write("d%d DS %s\n" % (i, ds_rdata))
            else:
                f.write("h%d A 192.0.2.%d\n" % (i, i % 250 + 1))
    cmd = ["dnssec-signzone", "-q", "-K", work, "-d", work, "-n", str(cores), "-o", ORIGIN,
           "-f", out + ".tmp", "-e", "now+1y", "-s", "now-1h"]
    if variant == "p256-nsec3":
        cmd += ["-3", "-", "-H", "0"]
    cmd += [src, os.path.join(work, ksk), os.path.join(work, zsk)]
    t = time.monotonic()
    r = run(cmd)
    if r.returncode != 0:
        sys.exit("dnssec-signzone failed: " + r.stderr)
    os.rename(out + ".tmp", out)
    shutil.copy(os.path.join(work, ksk + ".key"), out + ".ksk")
    shutil.rmtree(work)
    print("# generated %s in %.0f s" % (os.path.basename(out), time.monotonic() - t), flush=True)
    return out


def crypto_limit(variant):
    algo = "ecdsap256" if variant == "p256-nsec3" else "rsa2048"
    r = run(["openssl", "speed", "-seconds", "2", algo])
    for line in r.stdout.splitlines():
        f = line.split()
        if variant == "p256-nsec3" and "nistp256" in line and len(f) >= 7:
            return float(f[-1]) * cores     # verify/s is the last column
        if variant != "p256-nsec3" and line.startswith("rsa 2048") and len(f) >= 7:
            return float(f[-1]) * cores
    return 0.0


def timed(cmd):
    t = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    lines = r.stderr.strip().splitlines()
    mem = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    r.stderr = "\n".join(lines[:-1]) if mem else r.stderr   # drop /usr/bin/time's line
    return wall, mem / 1024.0, r


PEERS = [
    ("dnssec-doctor", lambda z: [dd, "check-zone", "-o", ORIGIN, "--json", z], lambda r: r.returncode == 0),
    ("kzonecheck", lambda z: ["kzonecheck", "-o", ORIGIN, "-d", "on", z], lambda r: r.returncode == 0),
    ("dnssec-verify", lambda z: ["dnssec-verify", "-q", "-o", ORIGIN, z], lambda r: r.returncode == 0),
    ("ldns-verify-zone", lambda z: ["ldns-verify-zone", z], lambda r: r.returncode == 0),
    ("validns", lambda z: ["validns", "-n", str(cores), "-z", ORIGIN, z],
     lambda r: r.returncode == 0 and not r.stderr.strip()),
]

if os.environ.get("BENCH_GENERATE_ONLY"):
    for n in sizes:
        for variant in ("p256-nsec3", "rsa-nsec"):
            make_zone(n, variant)
    sys.exit(0)
print("%-22s %-17s %9s %9s %12s %9s %9s  %s" % ("zone", "tool", "wall (s)", "peak MB", "sigs/s",
                                              "vs best", "crypto %", "result"))
summary = []
for n in sizes:
    for variant in ("p256-nsec3", "rsa-nsec"):
        z = make_zone(n, variant)
        limit = crypto_limit(variant)
        rows = []
        nsig = 0
        for name, mk, ok in PEERS:
            wall, mem, r = timed(mk(z))
            good = ok(r)
            if name == "dnssec-doctor":
                st = json.loads(r.stdout)["stats"] if r.stdout.startswith("{") else {}
                nsig = st.get("signatures", 0)
                extra = " (store %.0f MB for %.0f MB of wire data, %.1f B/record)" % (
                    st.get("store_bytes", 0) / 1e6, st.get("wire_bytes", 0) / 1e6,
                    st.get("store_bytes", 0) / max(1, st.get("records", 1)))
            msg = "ok" if good else ("could not run: " + (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[0][:70])
            if name == "dnssec-doctor" and good:
                msg += extra
            rows.append((name, wall, mem, good, msg))
        peers_ok = [w for (nm, w, m, g, _) in rows[1:] if g]
        best = min(peers_ok) if peers_ok else 0
        for name, wall, mem, good, msg in rows:
            rate = nsig / wall if wall > 0 else 0
            ratio = ("%.2fx" % (best / wall)) if (good and best and name == "dnssec-doctor") else (
                "%.2fx" % (wall / best) if good and best else "-")
            pct = "%.0f%%" % (100 * rate / limit) if (good and limit) else "-"
            print("%-22s %-17s %9.2f %9.1f %12.0f %9s %9s  %s" % (os.path.basename(z), name, wall, mem,
                  rate if good else 0, ratio, pct, msg), flush=True)
        ours = rows[0]
        summary.append((os.path.basename(z), ours[3] and all(ours[1] < w for (nm, w, m, g, _) in rows[1:] if g)))
        print("%-22s %d signatures; crypto limit %.0f verifications/s (%d cores)" % ("", nsig, limit, cores))
print()
print("dnssec-doctor's 'vs best' is the fastest peer's time divided by ours (>1: we are faster);")
print("a peer's is its time divided by the fastest peer's.")
for z, faster in summary:
    print("%-22s dnssec-doctor faster than every peer that ran: %s" % (z, "yes" if faster else "NO"))
PY
