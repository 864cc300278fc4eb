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
#
# The re-check (issue 17): for the P-256 zone a re-signed variant is made with the same keys
# (kept beside the zone): 1 % of its RRSIGs (every hundredth, in file order) dropped, 0.1 % of
# the names edited (a new address) and stripped of their RRSIGs, and dnssec-signzone run over
# it with explicit -s/-e, so it signs those again and keeps the rest. Rows: dnssec-doctor
# --cache on the original with a new cache file (cold; the ratio to the run without), then on
# the re-signed zone with that cache (warm), printed beside the peers' full runs; with the
# cache file's size per signature and the peak RSS.
# ZONEMD (RFC 8976): the P-256 zone's records without its signatures and NSEC3 chain, signed
# again with the same keys by ldns-signzone -n -t 0 -z sha384 (BIND 9.18's dnssec-signzone makes
# no ZONEMD); its row gives the ZONEMD status and the digest's share of the run (the digest is
# computed on the calling thread while the workers verify).
# Every row gives CPU time (user + system) beside wall time, and the 1-minute load average
# before the run (the machine is shared: compare CPU time when the load is above the cores).
# BENCH_GENERATE_ONLY=1 only generates the zones (signing 1M names with RSA takes a while).
# BENCH_OURS_ONLY=1 runs dnssec-doctor alone (the peers' rows are left out).
# BENCH_VARIANTS="p256-nsec3" (default "p256-nsec3 rsa-nsec") picks the zones. The ZONEMD zone is
# made for the smallest size only.
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
VARIANTS = os.environ.get("BENCH_VARIANTS", "p256-nsec3 rsa-nsec").split()
ORIGIN = "bench.example."


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def make_zone(n, variant):
    """Generate and sign a zone of n names; cached by file name."""
    out = os.path.join(zdir, "%s-%d.zone" % (variant, n))
    if os.path.exists(out) and (variant != "p256-nsec3" or os.path.isdir(out + ".keys")):
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
    keys = out + ".keys"       # the keys, for the re-signed variant
    shutil.rmtree(keys, ignore_errors=True)
    os.mkdir(keys)
    for k in (ksk, zsk):
        for ext in (".key", ".private"):
            shutil.copy(os.path.join(work, k + ext), keys)
    shutil.rmtree(work)
    print("# generated %s in %.0f s" % (os.path.basename(out), time.monotonic() - t), flush=True)
    return out


def make_resigned(z, variant):
    """z re-signed in part with its own keys: 1 % of the RRSIGs and the 0.1 % of names edited."""
    out = z.replace(".zone", "-resigned.zone")
    if os.path.exists(out) and os.path.getmtime(out) > os.path.getmtime(z):
        return out
    keys = z + ".keys"
    flat = out + ".flat"
    r = run(["named-compilezone", "-q", "-D", "-s", "full", "-i", "none", "-k", "ignore",
             "-n", "ignore", "-o", flat, ORIGIN, z])
    if r.returncode != 0:
        sys.exit("named-compilezone failed: " + r.stderr + r.stdout)
    edited = set("h%d.%s" % (i, ORIGIN) for i in range(7, 10 ** 7, 1000))
    nsig = dropped = nedit = 0
    with open(flat) as f, open(flat + ".in", "w") as g:
        for line in f:
            fl = line.split()
            if len(fl) > 4 and fl[3] == "RRSIG":
                nsig += 1
                if nsig % 100 == 0 or fl[0] in edited:
                    dropped += 1
                    continue
            elif len(fl) > 4 and fl[3] == "A" and fl[0] in edited:
                line = "%s %s IN A 203.0.113.%d\n" % (fl[0], fl[1], nedit % 250 + 1)
                nedit += 1
            g.write(line)
    ks = sorted(k[:-4] for k in os.listdir(keys) if k.endswith(".key"))
    cmd = ["dnssec-signzone", "-q", "-K", keys, "-d", keys, "-n", str(cores), "-o", ORIGIN,
           "-f", out + ".tmp", "-s", "now-30mi", "-e", "now+400d"]
    if variant == "p256-nsec3":
        cmd += ["-3", "-", "-H", "0"]
    t = time.monotonic()
    r = run(cmd + [flat + ".in"] + [os.path.join(keys, k) for k in ks])
    if r.returncode != 0:
        sys.exit("dnssec-signzone (re-sign) failed: " + r.stderr)
    os.rename(out + ".tmp", out)
    os.unlink(flat)
    os.unlink(flat + ".in")
    print("# re-signed %s: %d of %d RRSIGs dropped, %d names edited, signed again in %.0f s" % (
        os.path.basename(out), dropped, nsig, nedit, time.monotonic() - t), flush=True)
    return out


def make_zonemd(z):
    """z's records without RRSIG/NSEC3/NSEC3PARAM, signed again with its keys and a SHA-384
    ZONEMD by ldns-signzone (NSEC3, 0 iterations, no salt)."""
    out = z.replace(".zone", "-zonemd.zone")
    if os.path.exists(out) and os.path.getmtime(out) > os.path.getmtime(z):
        return out
    flat = out + ".flat"
    r = run(["named-compilezone", "-q", "-D", "-s", "full", "-i", "none", "-k", "ignore",
             "-n", "ignore", "-o", flat, ORIGIN, z])
    if r.returncode != 0:
        sys.exit("named-compilezone failed: " + r.stderr + r.stdout)
    with open(flat) as f, open(flat + ".in", "w") as g:
        for line in f:
            fl = line.split()
            if len(fl) > 3 and fl[3] in ("RRSIG", "NSEC3", "NSEC3PARAM"):
                continue
            g.write(line)
    keys = z + ".keys"
    ks = sorted(os.path.join(keys, k[:-4]) for k in os.listdir(keys) if k.endswith(".key"))
    fmt = "%Y%m%d%H%M%S"
    now = time.time()
    t = time.monotonic()
    r = run(["ldns-signzone", "-n", "-t", "0", "-z", "sha384", "-o", ORIGIN, "-f", out + ".tmp",
             "-i", time.strftime(fmt, time.gmtime(now - 3600)),
             "-e", time.strftime(fmt, time.gmtime(now + 365 * 86400)), flat + ".in"] + ks)
    if r.returncode != 0:
        sys.exit("ldns-signzone failed: " + r.stderr)
    os.rename(out + ".tmp", out)
    os.unlink(flat)
    os.unlink(flat + ".in")
    print("# signed %s with a SHA-384 ZONEMD in %.0f s" % (os.path.basename(out),
                                                           time.monotonic() - t), flush=True)
    return out


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def zonemd_row(z):
    """check-zone on the ZONEMD zone (and ldns-verify-zone, which checks ZONEMD too)."""
    zz = make_zonemd(z)
    tools = [("dnssec-doctor", [dd, "check-zone", "-o", ORIGIN, "--json", zz])]
    if not os.environ.get("BENCH_OURS_ONLY"):
        tools.append(("ldns-verify-zone", ["ldns-verify-zone", zz]))
    for name, cmd in tools:
        load = load1()
        wall, mem, cpu, r = timed_cpu(cmd)
        if name == "dnssec-doctor":
            d = json.loads(r.stdout) if r.stdout.startswith("{") else {}
            st, zm = d.get("stats", {}), d.get("zonemd", {})
            msg = ("ZONEMD %s (hash %s, %s); digest %.2f s = %.0f%% of the run (%.2f s, read "
                   "%.2f s), computed beside the verification" % (
                       zm.get("status", "?"), zm.get("hash_algorithm", "?"), zm.get("dnssec", "?"),
                       st.get("seconds_zonemd", 0), 100 * st.get("seconds_zonemd", 0) /
                       max(1e-9, st.get("seconds_read", 0) + st.get("seconds_check", 0)),
                       st.get("seconds_read", 0) + st.get("seconds_check", 0),
                       st.get("seconds_read", 0)))
            if r.returncode not in (0, 1):
                msg = "FAILED: exit %d %s" % (r.returncode, r.stderr.strip()[:70])
        else:
            msg = "ok" if r.returncode == 0 else "exit %d %s" % (r.returncode, r.stderr.strip()[:60])
        print("%-22s %-17s %9.2f %7.1f %9.1f %12s %9s %9s  load %.1f; %s" % (
            os.path.basename(zz), name, wall, cpu, mem, "-", "-", "-", load, msg), flush=True)


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




PEERS = [
    ("dnssec-doctor", lambda z: [dd, "check-zone", "-o", ORIGIN, "--json", z], lambda r: r.returncode == 0),
    ("kzonecheck", lambda z: ["kzonecheck", "-o", ORIGIN, "-d", "on", z], lambda r: r.returncode == 0),
    ("dnssec-verify", lambda z: ["dnssec-verify", "-q", "-o", ORIGIN, z], lambda r: r.returncode == 0),
    ("ldns-verify-zone", lambda z: ["ldns-verify-zone", z], lambda r: r.returncode == 0),
    ("validns", lambda z: ["validns", "-n", str(cores), "-z", ORIGIN, z],
     lambda r: r.returncode == 0 and not r.stderr.strip()),
]


def timed_cpu(cmd):
    """Wall time, peak MB, user + system CPU seconds and the result of cmd."""
    t = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    lines = r.stderr.strip().splitlines()
    f = lines[-1].split() if lines else []
    mem, cpu = (int(f[0]) / 1024.0, float(f[1]) + float(f[2])) if len(f) == 3 else (0.0, 0.0)
    r.stderr = "\n".join(lines[:-1])
    return wall, mem, cpu, r


def recheck(z, variant, ours):
    """--cache cold on z, then warm on its re-signed variant, beside the full runs above; the
    cold ratio in wall and CPU time against a run without the cache made just before it."""
    rz = make_resigned(z, variant)
    cache = os.path.join(zdir, "bench.vcache")
    if os.path.exists(cache):
        os.unlink(cache)
    base = [dd, "check-zone", "-o", ORIGIN, "--json"]
    nwall, nmem, ncpu, r = timed_cpu(base + [z])
    base += ["--cache", cache]
    for label, zone in (("--cache, cold", z), ("re-check, warm", rz)):
        load = load1()
        wall, mem, cpu, r = timed_cpu(base + [zone])
        st = json.loads(r.stdout)["stats"] if r.stdout.startswith("{") else {}
        good = r.returncode in (0, 1) and "cache_hits" in st and not r.stderr.strip()
        size = os.path.getsize(cache) if os.path.exists(cache) else 0
        if label.startswith("--cache"):
            msg = ("%.2fx the run without in wall time (%.2f s), %.2fx in CPU time (%.1f s / %.1f s); "
                   "cache file %.1f MB, %.1f B/signature" % (
                       wall / nwall, nwall, cpu / max(ncpu, 1e-9), cpu, ncpu, size / 1e6,
                       size / max(1, st.get("signatures", 1))))
        else:
            msg = ("%d of %d signatures verified (%.2f%%), %d from the cache; %.1f s CPU; "
                   "%.0fx faster than the full run" % (
                       st.get("cache_misses", 0), st.get("signatures", 0),
                       100.0 * st.get("cache_misses", 0) / max(1, st.get("signatures", 1)),
                       st.get("cache_hits", 0), cpu, nwall / wall))
        if not good:
            msg = "FAILED: exit %d %s" % (r.returncode, r.stderr.strip()[:70])
        print("%-22s %-17s %9.2f %7.1f %9.1f %12s %9s %9s  %s" % (
            os.path.basename(z if label.startswith("--") else rz), "dnssec-doctor", wall, cpu, mem,
            "-", "-", "-", "load %.1f; %s: %s" % (load, label, msg)), flush=True)
    os.unlink(cache)


if os.environ.get("BENCH_GENERATE_ONLY"):
    for n in sizes:
        for variant in VARIANTS:
            z = make_zone(n, variant)
            if variant == "p256-nsec3":
                make_resigned(z, variant)
                if n == min(sizes):
                    make_zonemd(z)
    sys.exit(0)
print("%-22s %-17s %9s %7s %9s %12s %9s %9s  %s" % ("zone", "tool", "wall (s)", "cpu (s)", "peak MB",
                                                   "sigs/s", "vs best", "crypto %", "result"))
summary = []
for n in sizes:
    for variant in VARIANTS:
        z = make_zone(n, variant)
        limit = crypto_limit(variant)
        rows = []
        nsig = 0
        for name, mk, ok in PEERS[:1] if os.environ.get("BENCH_OURS_ONLY") else PEERS:
            load = load1()
            wall, mem, cpu, r = timed_cpu(mk(z))
            good = ok(r)
            if name == "dnssec-doctor":
                st = json.loads(r.stdout)["stats"] if r.stdout.startswith("{") else {}
                nsig = st.get("signatures", 0)
                extra = " (read %.2f s on %d threads; store %.0f MB for %.0f MB of wire data, %.1f B/record)" % (
                    st.get("seconds_read", 0), st.get("threads", 0),
                    st.get("store_bytes", 0) / 1e6, st.get("wire_bytes", 0) / 1e6,
                    st.get("store_bytes", 0) / max(1, st.get("records", 1)))
            msg = "ok" if good else ("could not run: " + (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[0][:70])
            if name == "dnssec-doctor" and good:
                msg += extra
            rows.append((name, wall, mem, good, "load %.1f; %s" % (load, msg), cpu))
        peers_ok = [w for (nm, w, m, g, _, c) in rows[1:] if g]
        best = min(peers_ok) if peers_ok else 0
        for name, wall, mem, good, msg, cpu in rows:
            rate = nsig / wall if wall > 0 else 0
            ratio = ("%.2fx" % (best / wall)) if (good and best and name == "dnssec-doctor") else (
                "%.2fx" % (wall / best) if good and best else "-")
            pct = "%.0f%%" % (100 * rate / limit) if (good and limit) else "-"
            # the share of the limit in CPU time: verifications the CPU time used would allow
            cpct = "%.0f%%" % (100 * nsig / (cpu * limit / cores)) if (good and limit and cpu) else "-"
            print("%-22s %-17s %9.2f %7.1f %9.1f %12.0f %9s %9s  %s" % (os.path.basename(z), name, wall,
                  cpu, mem, rate if good else 0, ratio, pct + "/" + cpct, msg), flush=True)
        ours = rows[0]
        summary.append((os.path.basename(z), ours[3] and all(ours[1] < w for (nm, w, m, g, _, c) in rows[1:] if g)))
        print("%-22s %d signatures; crypto limit %.0f verifications/s (%d cores)" % ("", nsig, limit, cores))
        if variant == "p256-nsec3":
            recheck(z, variant, ours)
            if n == min(sizes):
                zonemd_row(z)

print()
print("dnssec-doctor's 'vs best' is the fastest peer's time divided by ours (>1: we are faster);")
print("'crypto %' is signatures per wall second / per CPU second over the limit (per core).")
print("a peer's is its time divided by the fastest peer's.")
for z, faster in summary:
    print("%-22s dnssec-doctor faster than every peer that ran: %s" % (z, "yes" if faster else "NO"))
PY
