#!/bin/sh
# bench/latency.sh - diagnose at real-world latency (issue 15): the testbed in latency mode
# (tests/testbed/latency.py: every authoritative server behind a proxy adding RTT ms per
# exchange), and for a healthy zone, a bogus-DS zone, a zone with a dead server and each
# hostile-server zone, side by side, the median of 3 runs of:
#   dd          dnssec-doctor diagnose (resolver views included)
#   dd-noviews  dnssec-doctor diagnose --no-unbound
#   dnsviz      dnsviz probe (the probe only, as dnssec-doctor's probe)
#   delv        delv cold: delv -a ANCHOR through a freshly started non-validating Unbound
#   unbound     Unbound cold: the first dig to a freshly started validating Unbound
# and the queries each sent to the authoritative servers (latency.py's count; the delv and
# Unbound figures are the fresh resolver's queries); after dd's figures, in how many of the
# runs a libunbound view was cut off at the views' deadline ("no answer within N s").
#
#   bench/latency.sh [BUILD_DIR] [RTT_MS...]     (default: build, 40 and 100 ms)
#
# BENCH_TOOLS=dd,dd-noviews (a comma-separated subset of the columns) runs only those, so that
# a change to dnssec-doctor is measured again without the peers' minutes (dnsviz alone takes
# about 10 min at 40 ms); BENCH_RUNS=N takes the median of N runs instead of 3. Each row
# ends with the load averages (/proc/loadavg, as `uptime`): the figures depend on what else
# the machine runs.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
[ $# -gt 0 ] && shift
RTTS=${*:-40 100}
. bench/setup.sh
for rtt in $RTTS; do
	echo "== round-trip time $rtt ms (testbed latency mode) =="
	TESTBED_LATENCY=$rtt TESTBED_DIR="$PWD/$BUILD/testbed-latency" \
		tests/testbed/testbed.sh run /usr/bin/python3 - "$PWD/$BUILD/src/cli/dnssec-doctor" <<'PY'
import json, os, re, signal, statistics, subprocess, sys, time

dd = sys.argv[1]
tb = os.environ["TESTBED_DIR"]
m = json.load(open(os.path.join(tb, "manifest.json")))
shim = ("import sys, types, runpy, pygraphviz\n"
        "r = types.ModuleType('pygraphviz.release'); r.version = pygraphviz.__version__\n"
        "sys.modules['pygraphviz.release'] = r; pygraphviz.release = r\n"
        "sys.argv = ['dnsviz'] + sys.argv[1:]\n"
        "runpy.run_path('/usr/bin/dnsviz', run_name='__main__')\n")
dnsviz = ["/usr/bin/python3", "-c", shim]
ZONES = [("healthy", "bravo.example."), ("bogus DS", "juliet.example."),
         ("dead server", "denim.example."), ("garbage", "garnet.example."),
         ("wrong ID", "hazel.example."), ("always TC", "ivory.example."),
         ("pointer loop", "jade.example."), ("64k answers", "khaki.example."),
         ("TCP drip", "lilac.example.")]
FRESH = "127.0.5.9"


def count():
    try:
        return int(open(os.path.join(tb, "latency.count")).read())
    except (OSError, ValueError):
        return 0


def timed(cmd, views=False):
    """Wall time and queries of @cmd; with @views (dnssec-doctor's JSON report), also whether
    a libunbound view was cut off at the views' deadline (1) or not (0)."""
    before = count()
    t = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE if views else subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    secs = time.monotonic() - t
    time.sleep(0.25)  # latency.py writes its count every 100 ms
    if not views:
        return secs, count() - before, None
    try:
        cut = any("views' deadline" in v.get("why", "") for v in json.loads(p.stdout)["views"])
    except (ValueError, KeyError, TypeError):
        cut = True  # no report: counted as cut off, never as answered
    return secs, count() - before, int(cut)


def fresh_unbound(validating):
    """A new Unbound on FRESH with the testbed's configuration: an empty cache."""
    inst = "validating" if validating else "nonvalidating"
    conf = open(os.path.join(tb, "conf", "unbound-%s.conf" % inst)).read()
    conf = re.sub(r"interface: \S+", "interface: " + FRESH, conf)
    conf = conf.replace("unbound-%s." % inst, "unbound-fresh.")
    path = os.path.join(tb, "conf", "unbound-fresh.conf")
    open(path, "w").write(conf)
    p = subprocess.Popen(["unbound", "-d", "-c", path], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    for _ in range(100):  # "localhost." is answered locally: up, and nothing resolved yet
        if subprocess.run(["dig", "+time=1", "+tries=1", "@" + FRESH, "localhost.", "A"],
                          stdout=subprocess.DEVNULL).returncode == 0:
            break
        time.sleep(0.05)
    return p


def cold(validating, cmd):
    p = fresh_unbound(validating)
    try:
        return timed(cmd)
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait()


subprocess.run(["ip", "addr", "add", FRESH + "/32", "dev", "lo"], stderr=subprocess.DEVNULL)
anchor = ["--anchor", m["anchor"]["ds"], "--hints", m["hints"]]
all_tools = [
    ("dd", lambda n: timed([dd, "diagnose", "--json"] + anchor + [n], views=True)),
    ("dd-noviews", lambda n: timed([dd, "diagnose", "--json", "--no-unbound"] + anchor + [n])),
    ("dnsviz", lambda n: timed(dnsviz + ["probe", "-A", "-x", ".:a.root-servers.srv.=127.0.1.1",
                                         "-o", "/tmp/dd-latency-probe.json", n])),
    ("delv", lambda n: cold(False, ["delv", "-a", os.path.join(tb, "anchors.conf"),
                                    "@" + FRESH, n, "A"])),
    ("unbound", lambda n: cold(True, ["dig", "@" + FRESH, n, "A"])),
]
want = os.environ.get("BENCH_TOOLS", "")
tools = [t for t in all_tools if not want or t[0] in want.split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
print("load averages:", open("/proc/loadavg").read().split()[:3], "median of", RUNS, "runs")
print("%-14s" % "zone" + "".join("%17s" % t for t, _ in tools))
for label, zone in ZONES:
    name = "www." + zone
    row = "%-14s" % label
    for _, run in tools:
        runs = [run(name) for _ in range(RUNS)]
        row += "%9.2f s %4dq" % (statistics.median(r[0] for r in runs),
                                 statistics.median(r[1] for r in runs))
        if runs[0][2] is not None:  # runs whose libunbound views were cut off
            row += " %d/%d cut" % (sum(r[2] for r in runs), len(runs))
    print(row + "   load %s" % " ".join(open("/proc/loadavg").read().split()[:3]), flush=True)
PY
done
