#!/bin/sh
# bench/diagnose.sh - diagnose every testbed scenario with dnssec-doctor and with DNSViz
# (dnsviz probe + dnsviz grok) on the same zone, inside the testbed, and print per scenario
# the wall time of each, their ratio, and the query rounds dnssec-doctor used.
#
#   bench/diagnose.sh [BUILD_DIR]      (default: build; runs scripts/install-deps.sh first)
#
# Debian 12's dnsviz 0.9.4 imports pygraphviz.release, which python3-pygraphviz 1.7 no longer
# has; the script supplies that one attribute (the version) so that "grok" runs unchanged.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
. bench/setup.sh
export TESTBED_DIR="$PWD/$BUILD/testbed-bench"
exec tests/testbed/testbed.sh run /usr/bin/python3 - "$PWD/$BUILD/src/cli/dnssec-doctor" <<'PY'
import json, os, subprocess, sys, time

dd = sys.argv[1]
tb = os.environ["TESTBED_DIR"]
m = json.load(open(os.path.join(tb, "manifest.json")))
shim = ("import sys, types, runpy, pygraphviz\n"
        "r = types.ModuleType('pygraphviz.release'); r.version = pygraphviz.__version__\n"
        "sys.modules['pygraphviz.release'] = r; pygraphviz.release = r\n"
        "sys.argv = ['dnsviz'] + sys.argv[1:]\n"
        "runpy.run_path('/usr/bin/dnsviz', run_name='__main__')\n")
dnsviz = ["/usr/bin/python3", "-c", shim]


def timed(cmd):
    t = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return time.monotonic() - t, r


print("%-28s %10s %7s %12s %7s %7s  %s" % ("scenario", "dd (s)", "rounds", "dnsviz (s)",
                                            "ratio", "dd ok", "dnsviz status"))
tot_dd = tot_dv = 0.0
for s in m["scenarios"]:
    name = "www." + s["zone"]
    t_dd, r = timed([dd, "diagnose", "--json", "--no-unbound", "--anchor", m["anchor"]["ds"],
                     "--hints", m["hints"], "--timeout", "0.8", name])
    rep = json.loads(r.stdout) if r.stdout.startswith("{") else {}
    rounds = rep.get("stats", {}).get("rounds", "?")
    ok = rep.get("verdict") == s["expect"]["www"]
    probe_out, grok_out = "/tmp/dd-bench-probe.json", "/tmp/dd-bench-grok.json"
    t_p, rp = timed(dnsviz + ["probe", "-A", "-x", ".:a.root-servers.srv.=127.0.1.1", "-o", probe_out, name])
    t_g, rg = timed(dnsviz + ["grok", "-P", "-t", m["anchor"]["dnskey"], "-r", probe_out, "-o", grok_out])
    status = "failed"
    if rp.returncode == 0 and rg.returncode == 0:
        try:
            g = json.load(open(grok_out))
            status = g.get(s["zone"], {}).get("status", "?")
        except ValueError:
            pass
    t_dv = t_p + t_g
    tot_dd += t_dd
    tot_dv += t_dv
    print("%-28s %10.3f %7s %12.3f %6.1fx %7s  %s" % (s["id"], t_dd, rounds, t_dv, t_dv / t_dd if t_dd else 0,
                                                  "yes" if ok else "NO", status))
print("%-28s %10.3f %7s %12.3f %6.1fx" % ("total", tot_dd, "", tot_dv, tot_dv / tot_dd if tot_dd else 0))
PY
