#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""monitor_check.py DNSSEC-DOCTOR - "dnssec-doctor monitor" on every zone of the testbed:

- each zone's RFC 4035 status is the one its manifest expects, its root causes are those of
  "diagnose ZONE SOA" (the shared code), and its state follows from them: CRITICAL for bogus
  zones and error root causes, WARNING for warnings, else by the signature thresholds;
- --warn/--crit windows on topaz (signatures expire in 2 h) and bravo (in 30 days);
- events: umber.example's second version (a pre-published ZSK, and a SHA-384 DS for its
  child sub.umber.example) is swapped in between two runs; the second run reports exactly
  DNSKEY_ADDED and ROLLOVER_PHASE (zsk-double-signature: the new ZSK signs too) for umber and DS_ADDED for sub.umber, and
  nothing for any other zone;
- nagios (status line, exit code, perfdata syntax), prometheus (promtool check metrics), the
  --listen HTTP endpoint, --shard (the shards partition the list);
- crash safety: a run killed with SIGKILL mid-way leaves an intact database with the zones
  recorded so far, and the next run completes; two runs at once on one database.
Runs inside the testbed (testbed.sh run ...)."""
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from monitor_out import lines, run
from tally import check, summary

TB = os.environ["TESTBED_DIR"]



def guideline_alerts(rng, v):
    """The Monitoring Plugins guidelines' range reading (this test's own)."""
    inside = rng.startswith("@")
    rng = rng.lstrip("@")
    if ":" not in rng:
        lo, hi = 0.0, float(rng)
    else:
        a, b = rng.split(":")
        lo = float("-inf") if a == "~" else float(a or 0)
        hi = float("inf") if b == "" else float(b)
    inn = lo <= v <= hi
    return inn if inside else not inn


def main():
    dd = sys.argv[1]
    m = json.load(open(os.path.join(TB, "manifest.json")))
    # 1.5 s (the default) per attempt: the monitor's side-by-side probes load the testbed's
    # hostile servers (khaki's 65,000-octet answers are built per query), and at 0.8 s a
    # loaded machine turned a slow answer into a different finding between runs
    base = [dd, "monitor", "--anchor", m["anchor"]["ds"], "--hints", m["hints"], "--timeout", "1.5"]
    work = tempfile.mkdtemp(prefix="monitor-", dir=TB)
    zones = [s["zone"] for s in m["scenarios"]]
    zfile = os.path.join(work, "zones")
    with open(zfile, "w") as f:
        f.write("# every scenario zone of the testbed\n" + "".join(z + "\n" for z in zones))
    db = os.path.join(work, "state.db")

    # ---- run 1: status, root causes and state of every zone ---------------------------------
    rc, out, err = run(base + ["--zones", zfile, "--format", "json", "--db", db])
    res = lines(out)
    check("run 1 gives one line per zone", sorted(res) == sorted(zones), err[-300:])
    check("run 1 exit code is the worst state (2)", rc == 2, "%d %s" % (rc, err[-300:]))
    for s in m["scenarios"]:
        z, r = s["zone"], res.get(s["zone"])
        if r is None:
            continue
        want = s["expect"].get("zone")
        if want in ("secure", "insecure", "bogus"):
            check("%s status" % z, r["status"] == want, "%s, expected %s" % (r["status"], want))
        drc, dout, derr = run([dd, "diagnose", "--json", "--no-unbound", "--timeout", "1.5",
                               "--anchor", m["anchor"]["ds"], "--hints", m["hints"], z, "SOA"])
        try:
            dj = json.loads(dout)
        except ValueError:
            check("%s diagnose" % z, False, derr[-200:])
            continue
        dcodes = sorted(c["code"] for c in dj["root_causes"])
        mcodes = sorted(c["code"] for c in r["root_causes"])
        check("%s root causes as diagnose" % z, mcodes == dcodes, "%s vs %s" % (mcodes, dcodes))
        sev = {c["severity"] for c in dj["root_causes"] if c["code"] != "RRSIG_EXPIRING"}
        left = r["seconds_to_expiration"]
        if r["status"] == "bogus" or "error" in sev or (left is not None and left <= 3 * 86400):
            state = "CRITICAL"
        elif "warning" in sev or (left is not None and left <= 7 * 86400) or \
                not r["serial"]["agree"] or not r["signatures_outlast_soa_expire"]:
            state = "WARNING"
        else:
            state = "OK"
        check("%s state" % z, r["state"] == state, "%s, expected %s: %s" % (r["state"], state,
                                                                           r["summary"]))
    named = {
        "bravo.example.": ("OK", None, "match"),
        "juliet.example.": ("CRITICAL", "DS_DIGEST_MISMATCH", "mismatch"),
        "kilo.example.": ("CRITICAL", "DS_NO_MATCHING_DNSKEY", "mismatch"),
        "lima.example.": ("WARNING", "DS_STALE_EXTRA", "partial"),
        "foxtrot.example.": ("CRITICAL", "RRSIG_EXPIRY", "match"),
        "topaz.example.": ("CRITICAL", "RRSIG_EXPIRY", "match"),
        "echo.example.": ("OK", None, "none"),
        "tango.example.": ("CRITICAL", "SERIAL_SKEW", "match"),
    }
    for z, (state, alert, ds) in named.items():
        r = res.get(z, {})
        check("%s is %s" % (z, state), r.get("state") == state, r.get("summary"))
        check("%s DS state %s" % (z, ds), r.get("ds", {}).get("state") == ds, r.get("ds"))
        if alert:
            check("%s alert %s" % (z, alert), alert in r.get("alerts", []), r.get("alerts"))
    check("beige's CDS differs from the DS", res.get("beige.example.", {}).get("cds", {})
          .get("state") == "differs from DS", res.get("beige.example.", {}).get("cds"))
    check("tango's servers disagree on the serial",
          res.get("tango.example.", {}).get("serial", {}).get("agree") is False)
    b = res.get("bravo.example.", {})
    types = {x["type"] for s in b.get("servers", []) for x in s["rrsets"]}
    check("bravo: SOA, NS, DNSKEY and the denial watched per server",
          {"SOA", "NS", "DNSKEY", "NSEC"} <= types and len(b.get("servers", [])) == 2, types)
    check("first run makes no events", all(not r["events"] for r in res.values()),
          [(z, r["events"]) for z, r in res.items() if r["events"]][:3])

    # ---- thresholds ---------------------------------------------------------------------------
    for zone, warn, crit, want in (("topaz.example.", "1d", "1h", "WARNING"),
                                   ("topaz.example.", "1h", "30m", "WARNING"),
                                   ("topaz.example.", "4h", "3h", "CRITICAL"),
                                   ("bravo.example.", "40d", "1d", "WARNING"),
                                   ("bravo.example.", "50d", "40d", "CRITICAL"),
                                   ("bravo.example.", "7d", "3d", "OK")):
        rc, out, err = run(base + ["--no-db", "--format", "json", "--warn", warn, "--crit", crit,
                                   zone])
        r = lines(out).get(zone, {})
        if (warn, crit) == ("1h", "30m"):
            want_alerts = ["RRSIG_LIFETIME"]  # within no threshold, but before SOA EXPIRE (14 days)
            check("topaz: only the SOA EXPIRE alert", r.get("alerts") == want_alerts, r.get("alerts"))
        check("%s --warn %s --crit %s: %s" % (zone, warn, crit, want), r.get("state") == want and
              rc == {"OK": 0, "WARNING": 1, "CRITICAL": 2}[want], "%s %d" % (r.get("summary"), rc))

    # ---- events between two runs --------------------------------------------------------------
    umber = [s for s in m["scenarios"] if s["zone"] == "umber.example."][0]
    for inst, path in umber["v2"].items():
        os.replace(path + ".v2", path)
        os.utime(path)
        with open(os.path.join(TB, "nsd-%s.pid" % inst)) as f:
            os.kill(int(f.read().strip()), signal.SIGHUP)
    for addr in umber["servers"].values():
        n = 0
        for _ in range(50):
            _, o, _ = run(["dig", "+short", "+norec", "@" + addr, "umber.example.", "DNSKEY"])
            n = len(o.splitlines())
            if n == 3:
                break
            time.sleep(0.2)
        check("%s serves umber's second version" % addr, n == 3, n)
    rc, out, err = run(base + ["--zones", zfile, "--format", "json", "--db", db])
    res2 = lines(out)
    ev = {z: sorted(e["kind"] for e in r["events"]) for z, r in res2.items() if r["events"]}
    check("run 2: umber DNSKEY_ADDED and ROLLOVER_PHASE",
          ev.get("umber.example.") == ["DNSKEY_ADDED", "ROLLOVER_PHASE"], ev)
    ro = res2.get("umber.example.", {}).get("rollover", {})
    # build.py signs umber's second version with the old and the new ZSK (signing +
    # [new_zsk]): a double-signature roll, both keys signing, nothing premature
    check("run 2: umber's new ZSK, signing beside the old, names the double-signature phase",
          ro.get("phase") == "zsk-double-signature" and (ro.get("text") or "") ==
          "ZSK roll, double signature: ZSKs %s and %s both published and both signing" %
          (ro.get("old_key_tag"), ro.get("new_key_tag")), ro)
    check("run 2: sub.umber DS_ADDED", ev.get("sub.umber.example.") == ["DS_ADDED"], ev)
    check("run 2: no other zone has events",
          set(ev) <= {"umber.example.", "sub.umber.example."}, ev)
    ds_ev = [e for e in res2.get("sub.umber.example.", {}).get("events", [])]
    check("the DS event names the SHA-384 DS", ds_ev and re.search(r"\b13 4 [0-9A-F]{96}\b",
                                                                  ds_ev[0]["detail"]), ds_ev)
    con = sqlite3.connect(db)
    rows = con.execute("SELECT kind FROM events WHERE zone='umber.example.'").fetchall()
    check("the events are stored", rows == [("DNSKEY_ADDED",), ("ROLLOVER_PHASE",)], rows)
    n = con.execute("SELECT count(*) FROM records WHERE zone='umber.example.' AND kind='DNSKEY' "
                    "AND removed IS NULL").fetchone()[0]
    check("three DNSKEYs of umber stored", n == 3, n)
    a = con.execute("SELECT count(*) FROM alerts WHERE zone='juliet.example.' AND "
                    "code='DS_DIGEST_MISMATCH' AND cleared IS NULL AND last_seen >= first_seen")
    check("juliet's alert open, seen twice", a.fetchone()[0] == 1)
    con.close()
    rc, out, err = run(base + ["--db", db, "--format", "text", "--color", "never",
                               "umber.example.", "bravo.example."])
    check("text: table worst first, then totals", out.startswith("STATE") and
          "2 zones:" in out and rc == 0, out[-400:] + err[-200:])

    # ---- nagios --------------------------------------------------------------------------------
    rc, out, err = run(base + ["--no-db", "--format", "nagios", "bravo.example.", "juliet.example."])
    first = out.splitlines()[0] if out else ""
    check("nagios: CRITICAL line, exit 2", first.startswith("DNSSEC CRITICAL - 2 zones: 1 critical")
          and rc == 2, first)
    perf = first.split(" | ", 1)[1] if " | " in first else ""
    items = re.findall(r"'[^']+'=[-0-9.U]+[a-zA-Z%]*(?:;[-0-9.~:@]*){0,4}", perf)
    check("nagios: perfdata well formed", len(items) == 4 and
          len(" ".join(items)) == len(perf.strip()), perf)
    # the guidelines' reading of each zone's expiry against its WARN/CRIT ranges gives the
    # state of that zone (or worse, from a root cause)
    rc, js, err = run(base + ["--no-db", "--format", "json", "-w", "30d:", "-c", "@~:1d",
                              "bravo.example.", "juliet.example.", "topaz.example."])
    states = {z: o["state"] for z, o in lines(js).items()}
    rc, out, err = run(base + ["--no-db", "--format", "nagios", "-w", "30d:", "-c", "@~:1d",
                               "bravo.example.", "juliet.example.", "topaz.example."])
    perf = out.splitlines()[0].split(" | ", 1)[1] if " | " in out else ""
    rank = {"OK": 0, "WARNING": 1, "CRITICAL": 2, "UNKNOWN": 3}
    for label, val, w, c in re.findall(r"'([^']+)_expiry'=(-?\d+)s;([^; ]*);([^; ]*)", perf):
        v = int(val)
        want = "CRITICAL" if guideline_alerts(c, v) else "WARNING" if guideline_alerts(w, v) else "OK"
        check("nagios: %s %ds against -w %s -c %s reads %s" % (label, v, w, c, want),
              (w, c) == ("2592000:", "@~:86400") and
              rank[states.get(label, "UNKNOWN")] >= rank[want], out)
    check("nagios: long output names the zone", "CRITICAL juliet.example.:" in out, out)
    rc, out, err = run(base + ["--no-db", "--format", "nagios", "bravo.example."])
    check("nagios: OK, exit 0", out.startswith("DNSSEC OK - bravo.example. secure") and rc == 0, out)

    # ---- prometheus ---------------------------------------------------------------------------
    rc, prom, err = run(base + ["--no-db", "--format", "prometheus", "--zones", zfile])
    p = subprocess.run(["promtool", "check", "metrics"], input=prom, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    check("promtool check metrics accepts it", p.returncode == 0 and prom.count("\n") > 200,
          p.stdout[-500:])
    check("prometheus: juliet state 2", 'dnssec_doctor_zone_state{zone="juliet.example."} 2' in prom)
    check("prometheus: per-server expiry", re.search(
        r'dnssec_doctor_server_signature_expiry_seconds\{zone="bravo.example.",server="127\.0\.10\.1"'
        r',ns="[^"]+"\} \d+', prom))
    # --listen
    srv = subprocess.Popen(base + ["--no-db", "--format", "json", "--listen", "127.0.0.1:9153",
                                   "--interval", "1h", "bravo.example."],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    body, code = "", 0
    for _ in range(100):
        try:
            with urllib.request.urlopen("http://127.0.0.1:9153/metrics", timeout=2) as u:
                body, code = u.read().decode(), u.status
                break
        except urllib.error.HTTPError as e:
            code = e.code
        except OSError:
            pass
        time.sleep(0.1)
    check("--listen serves /metrics", code == 200 and
          'dnssec_doctor_zone_state{zone="bravo.example."} 0' in body, code)
    # the dashboard: the zone's row, and its page with the last diagnosis (issue 16)
    def fetch(path):
        try:
            with urllib.request.urlopen("http://127.0.0.1:9153" + path, timeout=5) as u:
                return u.status, u.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, ""
    code, page = fetch("/")
    check("--listen: the dashboard lists the zone", code == 200 and re.search(
        r'<a href="/zone/bravo\.example\.">bravo\.example\.</a></td><td><span class="st ok">OK',
        page), code)
    code, page = fetch("/zone/bravo.example.")
    check("--listen: the zone's page has its last diagnosis", code == 200 and
          '<section id="diagnosis"><h2>Last diagnosis</h2>' in page and
          '<span class="st secure">secure</span>' in page and page.count("<svg") == 1, code)
    code, _ = fetch("/zone/nosuch.example.")
    check("--listen: a zone not watched is 404", code == 404, code)
    code, _ = fetch("/nothing")
    check("--listen: 404 elsewhere", code == 404, code)
    srv.send_signal(signal.SIGTERM)
    try:
        rc = srv.wait(timeout=10)
        check("--listen stops on SIGTERM", rc == 0, rc)
    except subprocess.TimeoutExpired:
        srv.kill()
        check("--listen stops on SIGTERM", False, "still running after 10 s")

    # ---- shards -------------------------------------------------------------------------------
    seen = []
    for i in range(3):
        rc, out, err = run(base + ["--no-db", "--format", "json", "--zones", zfile, "--shard",
                                   "%d/3" % i])
        seen.append(set(lines(out)))
    check("shards are disjoint and cover the list",
          sorted(z for s in seen for z in s) == sorted(zones) and all(seen), [len(s) for s in seen])

    # ---- crash safety -------------------------------------------------------------------------
    db2 = os.path.join(work, "crash.db")
    proc = subprocess.Popen(base + ["--zones", zfile, "--format", "json", "--db", db2,
                                    "--concurrency", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    recorded = 0
    for _ in range(600):
        time.sleep(0.02)
        if os.path.exists(db2):
            try:
                c = sqlite3.connect(db2, timeout=5)
                recorded = c.execute("SELECT count(*) FROM zones").fetchone()[0]
                c.close()
            except sqlite3.Error:
                recorded = 0
        if recorded >= 5 or proc.poll() is not None:
            break
    still = proc.poll() is None
    proc.kill()
    proc.wait()
    check("the run was killed mid-way", still and recorded >= 5, recorded)
    c = sqlite3.connect(db2)
    ok = c.execute("PRAGMA integrity_check").fetchone()[0]
    kept = c.execute("SELECT count(*) FROM zones").fetchone()[0]
    parsed = all(json.loads(r[0])["zone"] == r[1] for r in
                 c.execute("SELECT result, zone FROM zones").fetchall())
    c.close()
    check("after SIGKILL: integrity ok, zones kept whole",
          ok == "ok" and kept >= recorded and kept < len(zones) and parsed, (ok, kept, recorded))
    rc, out, err = run(base + ["--zones", zfile, "--format", "json", "--db", db2])
    c = sqlite3.connect(db2)
    n = c.execute("SELECT count(*) FROM zones").fetchone()[0]
    states = [r[0] for r in c.execute("SELECT state FROM runs ORDER BY id").fetchall()]
    c.close()
    check("the next run completes", rc == 2 and n == len(zones) and len(lines(out)) == len(zones),
          (rc, n, err[-200:]))
    check("the killed run is marked interrupted", states == ["interrupted", "finished"], states)

    # ---- two runs at once on one database -----------------------------------------------------
    db3 = os.path.join(work, "two.db")
    sub = ["bravo.example.", "juliet.example.", "lima.example.", "umber.example.", "alpha.lab."]
    procs = [subprocess.Popen(base + ["--db", db3, "--format", "json"] + sub,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    c = sqlite3.connect(db3)
    ok = c.execute("PRAGMA integrity_check").fetchone()[0]
    n = c.execute("SELECT count(*) FROM zones").fetchone()[0]
    runs = c.execute("SELECT count(*) FROM runs WHERE state='finished'").fetchone()[0]
    c.close()
    check("two runs at once: both complete, database intact",
          all(p.returncode == 2 for p in procs) and ok == "ok" and n == len(sub) and runs == 2,
          ([p.returncode for p in procs], ok, n, runs, [o[1][-200:] for o in outs]))
    return summary()


if __name__ == "__main__":
    sys.exit(main())
