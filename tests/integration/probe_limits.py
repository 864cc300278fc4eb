#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""probe_limits.py DNSSEC-DOCTOR - the probe's hardening on the testbed (issue 22, items 1, 2
and 5), each with the bound it keeps:

- a referral chain without glue (www.olive.example.: www delegated to ns.c1, c1 to ns.c2, ...
  forty deep) and a delegation to 200 names without glue (www.plum.example.): diagnose and
  monitor stop at the caps (four names deep, 13 names per cut) with WORK_LIMIT_EXCEEDED, in a
  bounded number of queries and time, and monitor's other zones are not held up;
- addresses a delegation chooses (rust.example.: glue at 127.0.0.1, 10.0.0.1,
  169.254.169.254, 0.0.0.0, 224.0.0.1 and the loopback address of its real server): with the
  IANA rules (--deny-private, as without --hints/--anchor) not one packet reaches the refused
  ones (nft counters on port 53 in the namespace), the RFC 1918 one is asked and flagged
  (NS_ADDRESS_PRIVATE); with --allow-private every one is asked (so the counters can see them);
- SIGINT: diagnose against a zone with a black-holed server and monitor over several zones
  stop within a bound after one signal, print what they have, write --save, mark the monitor
  run interrupted, and exit 3; two signals exit too.
Runs inside the testbed (testbed.sh run ...), as the namespace's root (nft, ip)."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from tally import check, summary

TB = os.environ["TESTBED_DIR"]
REFUSED = ["127.0.0.1", "169.254.169.254", "224.0.0.1", "127.0.10.1"]  # 0.0.0.0 goes to 127.0.0.1
PRIVATE = "10.0.0.1"
GLUE = ["127.0.10.1", "127.0.0.1", "10.0.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1"]


def sh(cmd):
    return subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)


def run(args, timeout=120):
    t0 = time.monotonic()
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


def findings(rep, code):
    return [f for f in rep["findings"] if f["code"] == code]


# ---- work limits ------------------------------------------------------------------------------

def limits(cmd):
    work = tempfile.mkdtemp(prefix="limits-", dir=TB)
    for zone, what, sink, most in (("olive.example.", "glueless chain", "ns.c", 4),
                                  ("plum.example.", "200-NS fan-out", ".sink.", 13)):
        ev = os.path.join(work, zone + "json")
        rc, out, err, secs = run(cmd("diagnose", "--json", "--no-unbound", "--save", ev,
                                     "www." + zone))
        try:
            rep = json.loads(out)
        except ValueError:
            check(what + " report", False, "exit %d: %s" % (rc, err[-300:]))
            continue
        wle = findings(rep, "WORK_LIMIT_EXCEEDED")
        check(what + ": WORK_LIMIT_EXCEEDED at www." + zone,
              any(f["zone"] == "www." + zone for f in wle), [f["detail"] for f in wle])
        # everything else is still reported: the chain down to the zone, secure/insecure
        chain = {z["zone"]: z["status"] for z in rep["chain"]}
        check(what + ": the rest of the chain", chain.get("example.") == "secure" and
              chain.get(zone) == "insecure", chain)
        with open(ev) as f:
            saved = json.load(f)
        xs = saved["exchanges"]
        names = {x["qname"] for x in xs if sink in x["qname"]}
        # the issue measured 36,631 names in 60 s (chain) and 2,413 queries in 9 s (fan-out)
        check(what + ": at most %d names looked up" % most, len(names) <= most,
              "%d: %s" % (len(names), sorted(names)[:20]))
        check(what + ": at most 200 queries", len(xs) <= 200, "%d" % len(xs))
        check(what + ": within 5 s", secs < 5, "%.1f s" % secs)
        print("%-16s %3d queries, %2d names looked up, %.2f s, exit %d" % (what, len(xs), len(names),
                                                                       secs, rc))
        # the notes are kept in the evidence: a replay reports the same limits, the same words
        notes = saved.get("probe", {}).get("notes", [])
        check(what + ": the notes saved", any(n["code"] == "WORK_LIMIT_EXCEEDED" and
                                              n["zone"] == "www." + zone for n in notes), notes)
        rrc, rout, rerr, _ = run(cmd("diagnose", "--json", "--replay", ev))
        check(what + ": --replay reports what the run did", rrc == rc and rout == out,
              "exit %d/%d: %s" % (rrc, rc, rerr[-300:]))

    # monitor: the two bad zones beside healthy ones; each within its own budget, the healthy
    # ones as quick as alone
    zfile = os.path.join(work, "zones")
    healthy = ["bravo.example.", "alpha.lab.", "charlie.example.", "echo.example."]
    with open(zfile, "w") as f:
        f.write("www.olive.example.\nwww.plum.example.\n" + "".join(z + "\n" for z in healthy))
    rc, out, err, secs = run(cmd("monitor", "--once", "--no-db", "--format", "json",
                                 "--concurrency", "2", "--zones", zfile))
    res = {}
    for line in out.splitlines():
        if line.strip():
            o = json.loads(line)
            res[o["zone"]] = o
    check("monitor: every zone has a result", len(res) == 6, sorted(res))
    for z in ("www.olive.example.", "www.plum.example."):
        o = res.get(z, {})
        codes = {c["code"] for c in o.get("root_causes", [])}
        check("monitor %s: WORK_LIMIT_EXCEEDED" % z, "WORK_LIMIT_EXCEEDED" in codes, codes)
        check("monitor %s: bounded queries" % z, o.get("queries", 1e9) <= 200, o.get("queries"))
        check("monitor %s: bounded time" % z, o.get("duration_ms", 1e9) < 5000, o.get("duration_ms"))
    for z in healthy:
        o = res.get(z, {})
        check("monitor %s: not held up" % z, o.get("duration_ms", 1e9) < 3000, o.get("duration_ms"))
    check("monitor: the run within 10 s", secs < 10, "%.1f s" % secs)
    print("monitor          %s, %.2f s" % (", ".join("%s %d q %d ms" % (z, o["queries"], o["duration_ms"])
                                                      for z, o in sorted(res.items())), secs))


# ---- addresses -------------------------------------------------------------------------------

def counters():
    out = sh("nft list table inet ddcount").stdout
    n = {}
    for line in out.splitlines():
        w = line.split()
        if "daddr" in w and "counter" in w:
            a = w[w.index("daddr") + 1]
            n[a] = n.get(a, 0) + int(w[w.index("packets") + 1])
    return n


def addresses(cmd):
    # routes so that a packet to each address would leave (and be counted), as on a host
    sh("ip addr add %s/32 dev lo; ip route add 169.254.0.0/16 dev lo; ip link set lo multicast on;"
       " ip route add 224.0.0.0/4 dev lo" % PRIVATE)
    for mode in ("--deny-private", "--allow-private"):
        sh("nft delete table inet ddcount")
        r = sh("nft add table inet ddcount && nft add chain inet ddcount out "
               "'{ type filter hook output priority 0; }'")
        check("nft table", r.returncode == 0, r.stdout)
        for a in REFUSED + [PRIVATE, "0.0.0.0", "127.0.2.1"]:
            for proto in ("udp", "tcp"):
                sh("nft add rule inet ddcount out ip daddr %s %s dport 53 counter" % (a, proto))
        # --server: example.'s own address is loopback too, and the user's word is taken
        rc, out, err, secs = run(cmd("diagnose", "--json", "--no-unbound", mode, "--server",
                                     "example.=127.0.2.1", "www.rust.example."))
        n = counters()
        rep = json.loads(out) if out.strip().startswith("{") else {"findings": []}
        priv = findings(rep, "NS_ADDRESS_PRIVATE")
        flagged = {a for f in priv for a in f.get("servers", [])}
        if mode == "--deny-private":
            for a in REFUSED:
                check("deny: no packet to %s" % a, n.get(a, -1) == 0, "%s packets" % n.get(a))
            check("deny: the RFC 1918 address is asked", n.get(PRIVATE, 0) > 0, n)
            check("deny: NS_ADDRESS_PRIVATE names every glue address", flagged == set(GLUE),
                  sorted(flagged))
            check("deny: the user's --server address is asked", n.get("127.0.2.1", 0) > 0, n)
        else:
            for a in REFUSED + [PRIVATE]:
                check("allow: packets to %s (the counters see them)" % a, n.get(a, 0) > 0,
                      "%s packets" % n.get(a))
            check("allow: nothing flagged", not priv, [f["detail"] for f in priv])
        print("%-16s exit %d, port-53 packets %s" % (mode, rc, n))
    sh("nft delete table inet ddcount")


# ---- signals ---------------------------------------------------------------------------------

def interrupt(args, nsig=1, after=1.0):
    """Start @args, send SIGINT @nsig times @after seconds in; the exit status, output, and the
    seconds from the first signal to the exit."""
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(after)
    t0 = time.monotonic()
    for _ in range(nsig):
        p.send_signal(signal.SIGINT)
        time.sleep(0.02)
    try:
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    return p.returncode, out, err, time.monotonic() - t0


def signals(cmd):
    work = tempfile.mkdtemp(prefix="signals-", dir=TB)
    ev = os.path.join(work, "denim.json")
    # denim.example.: one of its three servers is black-holed, so the walk waits on it: on
    # loopback for its first attempt and the short retry its answering siblings earn it, from
    # about 0.01 to 0.41 s into the run (the walk then ends; with views the run about 1 s), so
    # the signal comes 0.3 s in
    rc, out, err, secs = interrupt(cmd("diagnose", "--json", "--save", ev, "www.denim.example."),
                                   after=0.3)
    check("diagnose SIGINT: exit 3", rc == 3, "exit %d: %s" % (rc, err[-300:]))
    check("diagnose SIGINT: exits within 1 s", secs < 1.0, "%.2f s" % secs)
    check("diagnose SIGINT: says so", "interrupted" in err, err[-300:])
    try:
        rep = json.loads(out)
        check("diagnose SIGINT: the report of what was collected", rep["chain"][0]["zone"] == ".",
              rep["chain"])
        # the JSON on stdout says it too, as monitor's JSON lines do (issue 14)
        check("diagnose SIGINT: the JSON report says interrupted, exit_code 3",
              rep.get("interrupted") is True and rep.get("exit_code") == 3,
              "interrupted %r, exit_code %r" % (rep.get("interrupted"), rep.get("exit_code")))
    except (ValueError, KeyError, IndexError) as e:
        check("diagnose SIGINT: the report of what was collected", False, "%s: %s" % (e, out[:200]))
    try:
        with open(ev) as f:
            saved = json.load(f)
        check("diagnose SIGINT: --save written", len(saved["exchanges"]) > 0)
        check("diagnose SIGINT: --save says interrupted", saved["probe"]["interrupted"] is True,
              saved.get("probe"))
        rrc, rout, rerr, _ = run(cmd("diagnose", "--json", "--replay", ev))
        check("diagnose SIGINT: --replay says interrupted and exits 3",
              rrc == 3 and "interrupted run" in rerr and rout == out,
              "exit %d: %s" % (rrc, rerr[-300:]))
    except (OSError, ValueError, KeyError) as e:
        check("diagnose SIGINT: --save written", False, str(e))
    print("diagnose SIGINT  exit %d %.2f s after the signal" % (rc, secs))

    rc, out, err, secs = interrupt(cmd("diagnose", "--json", "www.denim.example."), nsig=2,
                                   after=0.3)
    check("diagnose 2 x SIGINT: exit 3 at once", rc == 3 and secs < 1.0, "exit %d %.2f s" % (rc, secs))

    zfile = os.path.join(work, "zones")
    zones = ["denim.example.", "lilac.example.", "bravo.example.", "www.olive.example.",
             "hotel.example.", "india.example.", "juliet.example.", "kilo.example."]
    with open(zfile, "w") as f:
        f.write("".join(z + "\n" for z in zones))
    db = os.path.join(work, "state.db")
    rc, out, err, secs = interrupt(cmd("monitor", "--once", "--format", "json", "--db", db,
                                       "--concurrency", "2", "--zones", zfile))
    objs = [json.loads(l) for l in out.splitlines() if l.strip()]
    done = [o["zone"] for o in objs if "zone" in o]
    last = objs[-1] if objs else {}
    check("monitor SIGINT: the JSON lines end with the run interrupted",
          last.get("run", {}).get("interrupted") is True and
          last["run"].get("zones_checked") == len(done) and
          last["run"].get("zones_listed") == len(zones), last)
    check("monitor SIGINT: exit 3", rc == 3, "exit %d: %s" % (rc, err[-300:]))
    check("monitor SIGINT: exits within 1 s", secs < 1.0, "%.2f s" % secs)
    check("monitor SIGINT: stopped early", len(done) < len(zones), done)
    check("monitor SIGINT: says so", "interrupted" in err, err[-300:])
    con = sqlite3.connect(db)
    state, nz = con.execute("SELECT state, zones FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    recorded = con.execute("SELECT COUNT(*) FROM zones").fetchone()[0]
    con.close()
    check("monitor SIGINT: the run marked interrupted", state == "interrupted", state)
    check("monitor SIGINT: finished zones recorded", recorded == len(done) and nz == len(done),
          "%d recorded, %d printed, run says %s" % (recorded, len(done), nz))
    print("monitor SIGINT   exit %d %.2f s after the signal, %d of %d zones" % (rc, secs, len(done),
                                                                               len(zones)))


def main():
    dd = sys.argv[1]
    m = json.load(open(os.path.join(TB, "manifest.json")))

    def cmd(command, *args):
        """dnssec-doctor COMMAND with the testbed's anchor, hints and a short timeout."""
        return [dd, command, "--anchor", m["anchor"]["ds"], "--hints", m["hints"],
                "--timeout", "0.8"] + list(args)
    limits(cmd)
    addresses(cmd)
    signals(cmd)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
