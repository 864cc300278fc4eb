#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""monitor_rollover.py DNSSEC-DOCTOR - the monitor's rollover tracking across runs (issue 23), on
the two key-change zones of build.py TRANSITIONS (DNSKEY TTL 1 h, data TTL 2 s), Dprp 1 s:

- rowan.example., a ZSK roll by pre-publication in two steps: run 1 (one ZSK) names no roll;
  the servers reload its second version (a new ZSK published, signing nothing) and run 2 names
  "zsk-prepublish" with the next step (sign with the new ZSK) allowed at the new key's first
  sighting + Dprp + TTLkey (RFC 7583 Ipub), and nothing premature; the text, Nagios and
  Prometheus outputs say the same; the servers reload its third version (the new ZSK signs, the
  old one stays published) and run 3, evaluated (--at) after that time, names
  "zsk-new-signing" with the next step (remove the old ZSK) at run 3 + Dprp + the largest TTL
  (Iret), the events in order (ROLLOVER_PHASE none -> zsk-prepublish, then zsk-prepublish ->
  zsk-new-signing) and no ROLLOVER_STEP_PREMATURE;
- quince.example., the ZSK replaced in one step: run 2 reports ROLLOVER_STEP_PREMATURE twice,
  naming the new ZSK (signing while the DNSKEY RRset without it may be cached, safe at run 1's
  RRset end + Ipub) and the old ZSK (removed while data it signed may be cached).
Runs inside the testbed (testbed.sh run ...)."""
import calendar
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import dns.dnssec
import dns.zone

from tally import check, summary

TB = os.environ["TESTBED_DIR"]
DPRP = 1


def run(args, timeout=120):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def lines(out):
    return {o["zone"]: o for o in (json.loads(l) for l in out.splitlines() if l.strip())}


def epoch(iso):
    return calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")) if iso else None


def zsk_tags(path, zone):
    z = dns.zone.from_file(path, zone, relativize=False)
    return sorted(dns.dnssec.key_id(k) for k in z.find_rdataset(zone, "DNSKEY") if not k.flags & 1)


def signers(path, zone):
    z = dns.zone.from_file(path, zone, relativize=False)
    return sorted({s.key_tag for s in z.find_rdataset(zone, "RRSIG", "SOA")})


def swap(t, version):
    """Serve version .v2 or .v3 of a transition zone on each of its servers."""
    for inst, path in t["files"].items():
        os.replace(path + "." + version, path)
        os.utime(path)
        with open(os.path.join(TB, "nsd-%s.pid" % inst)) as f:
            os.kill(int(f.read().strip()), signal.SIGHUP)


def wait_served(dd_base, t, path):
    """Until every server serves the zone file's SOA serial... by its DNSKEY and SOA signers."""
    want = signers(path, t["zone"])
    for addr in t["servers"].values():
        got = None
        for _ in range(50):
            p = subprocess.run(["dig", "+norec", "+dnssec", "@" + addr, t["zone"], "SOA"],
                               stdout=subprocess.PIPE, text=True)
            got = sorted({int(l.split()[10]) for l in p.stdout.splitlines()
                          if "\tRRSIG\t" in l and not l.startswith(";")})
            if got == want:
                break
            time.sleep(0.2)
        check("%s: %s serves the new version (SOA signed by %s)" % (t["zone"], addr, want),
              got == want, got)


def main():
    dd = sys.argv[1]
    with open(os.path.join(TB, "manifest.json")) as f:
        m = json.load(f)
    base = [dd, "monitor", "--anchor", m["anchor"]["ds"], "--hints", m["hints"], "--timeout",
            "1.5", "--dprp", "%ds" % DPRP]
    tr = {t["kind"]: t for t in m["transitions"]}
    rowan, quince = tr["zsk-prepublish"], tr["zsk-swap"]
    check("rowan has a third version", rowan.get("v3") is True, rowan)
    work = tempfile.mkdtemp(prefix="rollover-", dir=TB)
    db = os.path.join(work, "state.db")
    zones = [rowan["zone"], quince["zone"]]
    rfile, qfile = next(iter(rowan["files"].values())), next(iter(quince["files"].values()))
    old_r, old_q = zsk_tags(rfile, rowan["zone"]), zsk_tags(qfile, quince["zone"])
    new_r = [t for t in zsk_tags(rfile + ".v2", rowan["zone"]) if t not in old_r]
    new_q = [t for t in zsk_tags(qfile + ".v2", quince["zone"]) if t not in old_q]
    check("one old and one new ZSK each", len(old_r) == len(new_r) == len(old_q) == len(new_q) == 1,
          (old_r, new_r, old_q, new_q))
    if not (len(old_r) == len(new_r) == len(old_q) == len(new_q) == 1):
        return summary()
    old_r, new_r, old_q, new_q = old_r[0], new_r[0], old_q[0], new_q[0]

    # ---- run 1: the first versions ----------------------------------------------------------
    rc, out, err = run(base + ["--db", db, "--format", "json"] + zones)
    r1 = lines(out)
    for z in zones:
        ro = r1.get(z, {}).get("rollover", {})
        check("run 1: %s no roll" % z, ro.get("phase") == "none" and ro.get("next_step") is None,
              "%s %s" % (ro, err[-300:]))
        check("run 1: %s secure" % z, r1.get(z, {}).get("status") == "secure", r1.get(z))

    # ---- run 2: rowan pre-publishes, quince swaps in one step ------------------------------
    time.sleep(2)  # the runs are dated in seconds: run 2 must come later than run 1
    swap(rowan, "v2")
    swap(quince, "v2")
    wait_served(base, rowan, rfile)
    wait_served(base, quince, qfile)
    rc, out, err = run(base + ["--db", db, "--format", "json"] + zones)
    r2 = lines(out)
    ro = r2.get(rowan["zone"], {}).get("rollover", {})
    t2 = epoch(r2.get(rowan["zone"], {}).get("checked"))
    ttl = ro.get("ttl", {})
    check("run 2: rowan's DNSKEY TTL is the hour build.py gives it", ttl.get("dnskey") == 3600, ttl)
    check("run 2: rowan zsk-prepublish", ro.get("phase") == "zsk-prepublish" and
          ro.get("old_key_tag") == old_r and ro.get("new_key_tag") == new_r, ro)
    ipub = DPRP + 3600
    check("run 2: rowan's next step at first sighting + Dprp + TTLkey",
          t2 is not None and epoch(ro.get("since")) == t2 and
          epoch(ro.get("next_step_at")) == t2 + ipub and ro.get("seconds_to_next_step") == ipub,
          (t2, ro))
    check("run 2: rowan's next step in words", ro.get("next_step", "").startswith(
        "sign the data with ZSK %d, ZSK %d still published" % (new_r, old_r)), ro)
    ev = [(e["kind"], e["detail"]) for e in r2.get(rowan["zone"], {}).get("events", [])]
    check("run 2: rowan events: DNSKEY_ADDED, ROLLOVER_PHASE none -> zsk-prepublish",
          [k for k, _ in ev] == ["DNSKEY_ADDED", "ROLLOVER_PHASE"] and
          ev[1][1].startswith("none -> zsk-prepublish: ZSK roll, pre-publish: ZSK %d published "
                              "beside ZSK %d" % (new_r, old_r)), ev)

    qev = [(e["kind"], e["detail"]) for e in r2.get(quince["zone"], {}).get("events", [])]
    pre = [d for k, d in qev if k == "ROLLOVER_STEP_PREMATURE"]
    check("run 2: quince DNSKEY_ADDED, DNSKEY_REMOVED, two ROLLOVER_STEP_PREMATURE",
          sorted(k for k, _ in qev) == ["DNSKEY_ADDED", "DNSKEY_REMOVED",
                                        "ROLLOVER_STEP_PREMATURE", "ROLLOVER_STEP_PREMATURE"], qev)
    tq = epoch(r2.get(quince["zone"], {}).get("checked"))
    sign = [d for d in pre if d.startswith("key %d started signing the zone's data" % new_q)]
    check("run 2: quince: the new ZSK signs too early, safe one Ipub after the old RRset",
          len(sign) == 1 and ("Ipub = Dprp + TTLkey = %d s" % ipub) in sign[0] and
          time.strftime("until %Y-%m-%d %H:%M:%S UTC.", time.gmtime(tq + ipub))[6:] in sign[0],
          (tq, pre))
    gone = [d for d in pre if d.startswith("key %d was removed from the DNSKEY RRset while "
                                           "resolvers may still hold data it signed" % old_q)]
    check("run 2: quince: the old ZSK removed while its signatures may be cached",
          len(gone) == 1 and "Publish key %d again" % old_q in gone[0], pre)
    check("run 2: quince names no roll (one ZSK left)",
          r2.get(quince["zone"], {}).get("rollover", {}).get("phase") == "none", r2.get(quince["zone"]))

    # the other formats say the same
    rc, out, err = run(base + ["--db", db, "--format", "text", "--color", "never", rowan["zone"]])
    check("text: the rollover section", ("Rollovers under way:\n  %s zsk-prepublish: ZSK roll, "
                                         "pre-publish: ZSK %d published" % (rowan["zone"], new_r))
          in out, out[-600:] + err[-200:])
    rc, out, err = run(base + ["--db", db, "--format", "nagios", rowan["zone"]])
    first = out.splitlines()[0] if out else ""
    check("nagios: the next step in perfdata",
          "'%s_rollover_next_step'=" % rowan["zone"] in first, first)
    check("nagios: the rollover in the long output",
          ("\nROLLOVER %s zsk-prepublish: " % rowan["zone"]) in out, out)
    rc, out, err = run(base + ["--db", db, "--format", "prometheus", rowan["zone"]])
    want = ('dnssec_doctor_zone_rollover_next_step_timestamp_seconds{zone="%s",'
            'phase="zsk-prepublish"} %d\n' % (rowan["zone"], t2 + ipub))
    check("prometheus: next step timestamp with the phase label", want in out, out[-800:])

    # ---- run 3: rowan's new ZSK signs, after Ipub (evaluated with --at) ----------------------
    swap(rowan, "v3")
    wait_served(base, rowan, rfile)
    t3 = t2 + ipub + 60
    rc, out, err = run(base + ["--db", db, "--format", "json", "--at", "@%d" % t3, rowan["zone"]])
    r3 = lines(out).get(rowan["zone"], {})
    ro = r3.get("rollover", {})
    ttl = ro.get("ttl", {})
    iret = DPRP + max(ttl.get("data") or 0, ttl.get("negative") or 0)
    check("run 3: rowan zsk-new-signing", ro.get("phase") == "zsk-new-signing" and
          ro.get("old_key_tag") == old_r and ro.get("new_key_tag") == new_r, ro)
    check("run 3: next step (remove the old ZSK) at Iret after the old one stopped signing",
          epoch(r3.get("checked")) == t3 and epoch(ro.get("next_step_at")) == t3 + iret and
          ro.get("next_step", "").startswith("remove ZSK %d from the DNSKEY RRset" % old_r),
          (t3, iret, ro))
    ev = [(e["kind"], e["detail"]) for e in r3.get("events", [])]
    check("run 3: ROLLOVER_PHASE zsk-prepublish -> zsk-new-signing, nothing premature",
          [k for k, _ in ev] == ["ROLLOVER_PHASE"] and
          ev[0][1].startswith("zsk-prepublish -> zsk-new-signing: ZSK roll, pre-publish: ZSK %d "
                              "signs the data; ZSK %d, retired, still published" % (new_r, old_r)),
          ev)
    import sqlite3
    con = sqlite3.connect(db)
    rows = [r[0] for r in con.execute("SELECT kind FROM events WHERE zone=? AND kind LIKE "
                                      "'ROLLOVER%' ORDER BY id", (rowan["zone"],))]
    check("the rollover events of rowan, stored in order",
          rows == ["ROLLOVER_PHASE", "ROLLOVER_PHASE"], rows)
    phase = con.execute("SELECT phase, next_at FROM rollover WHERE zone=?", (rowan["zone"],)).fetchone()
    check("the rollover table holds the phase", phase == ("zsk-new-signing", t3 + iret), phase)
    con.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
