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
  RRset end + Ipub) and the old ZSK (removed while data it signed may be cached);
- diagnose, from one snapshot of rowan's second version, reports ZSK_STANDBY for the new ZSK;
- sub.yarrow.example., a KSK roll by double-DS (its parent yarrow.example. has two more
  versions): the new DS at the parent gives "ksk-double-ds" with the KSK swap allowed after
  Dprp + TTLds; the KSK swapped after that (--at) gives "ksk-double-ds-replaced", nothing
  premature, the old DS removable after Ipub; the old DS removed 10 s later gives
  ROLLOVER_STEP_PREMATURE naming the old KSK's DS and the time it becomes safe.
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
import dns.rdata
import dns.zone

from monitor_out import lines, run
from tally import check, summary

TB = os.environ["TESTBED_DIR"]
DPRP = 1



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


def scenario(m, zone):
    return [x for x in m["scenarios"] if x["zone"] == zone][0]


def swap_files(entry, version):
    """Serve version .v2 or .v3 of a scenario zone (NSD reloads on SIGHUP)."""
    for inst, path in entry["v2"].items():
        os.replace(path + "." + version, path)
        os.utime(path)
        with open(os.path.join(TB, "nsd-%s.pid" % inst)) as f:
            os.kill(int(f.read().strip()), signal.SIGHUP)


def wait_ds(m, parent, child, tags):
    """Until every server of @p parent serves the DS set of @p child with these key tags."""
    got = None
    for addr in scenario(m, parent)["servers"].values():
        for _ in range(50):
            p = subprocess.run(["dig", "+short", "+norec", "@" + addr, child, "DS"],
                               stdout=subprocess.PIPE, text=True)
            got = sorted(int(l.split()[0]) for l in p.stdout.splitlines() if l.strip())
            if got == tags:
                break
            time.sleep(0.2)
        check("%s serves the DS set %s of %s" % (addr, tags, child), got == tags, got)


def ksk_tags(path, zone):
    z = dns.zone.from_file(path, zone, relativize=False)
    return sorted(dns.dnssec.key_id(k) for k in z.find_rdataset(zone, "DNSKEY") if k.flags & 1)


def ksk_double_ds(m, base, work):
    """sub.yarrow.example. rolls its KSK by double-DS; the parent removes the old DS too early."""
    parent, child = "yarrow.example.", "sub.yarrow.example."
    p, c = scenario(m, parent), scenario(m, child)
    cfile = next(iter(c["v2"].values()))
    k1, k2 = ksk_tags(cfile, child), ksk_tags(cfile + ".v2", child)
    check("the child's KSK and its next one", len(k1) == len(k2) == 1 and k1 != k2, (k1, k2))
    if not (len(k1) == len(k2) == 1 and k1 != k2):
        return
    k1, k2 = k1[0], k2[0]
    db = os.path.join(work, "ksk.db")
    js = base + ["--db", db, "--format", "json", child]

    rc, out, err = run(js)
    r = lines(out).get(child, {})
    check("ksk run 1: secure, no roll", r.get("status") == "secure" and
          (r.get("rollover") or {}).get("phase") == "none", "%s %s" % (r, err[-300:]))
    time.sleep(2)

    # the new DS beside the old at the parent: double-DS begins
    swap_files(p, "v2")
    wait_ds(m, parent, child, sorted([k1, k2]))
    rc, out, err = run(js)
    r = lines(out).get(child, {})
    ro = r.get("rollover") or {}
    t2 = epoch(r.get("checked"))
    dsw = DPRP + (ro.get("ttl") or {}).get("ds", 0)
    check("ksk run 2: the parent's DS TTL is the hour build.py gives it",
          (ro.get("ttl") or {}).get("ds") == 3600, ro)
    check("ksk run 2: ksk-double-ds, next step after Dprp + TTLds",
          ro.get("phase") == "ksk-double-ds" and ro.get("old_key_tag") == k1 and
          ro.get("new_key_tag") == k2 and t2 is not None and
          epoch(ro.get("next_step_at")) == t2 + dsw and
          ro.get("next_step", "").startswith("replace KSK %d with KSK %d in the zone" % (k1, k2)),
          (t2, dsw, ro))
    ev = [e["kind"] for e in r.get("events", [])]
    # (diagnose, from one snapshot without CDS, also calls the new DS DS_STALE_EXTRA: the
    # STATE_CHANGED and ALERT_RAISED events that follow are its)
    check("ksk run 2: DS_ADDED, ROLLOVER_PHASE first", ev[:2] == ["DS_ADDED", "ROLLOVER_PHASE"], ev)

    # the KSK replaced in the zone after the wait (run 3 evaluated then, --at)
    swap_files(c, "v2")
    for _ in range(50):
        q = subprocess.run(["dig", "+short", "+norec", "@" + next(iter(c["servers"].values())),
                            child, "DNSKEY"], stdout=subprocess.PIPE, text=True)
        if len(q.stdout.splitlines()) == 2 and "257 3 13" in q.stdout:
            got = dns.dnssec.key_id(dns.rdata.from_text("IN", "DNSKEY", [l for l in q.stdout.splitlines() if l.startswith("257")][0]))
            if got == k2:
                break
        time.sleep(0.2)
    t3 = t2 + dsw + 10
    rc, out, err = run(js + ["--at", "@%d" % t3])
    r = lines(out).get(child, {})
    ro = r.get("rollover") or {}
    ipub = DPRP + (ro.get("ttl") or {}).get("dnskey", 0)
    ev = [(e["kind"], e["detail"]) for e in r.get("events", [])]
    check("ksk run 3: secure with the new KSK", r.get("status") == "secure", r.get("summary"))
    check("ksk run 3: ksk-double-ds-replaced, old DS removable after Ipub",
          ro.get("phase") == "ksk-double-ds-replaced" and
          epoch(ro.get("next_step_at")) == t3 + ipub and
          ro.get("next_step", "").startswith("remove the DS of KSK %d at the parent" % k1),
          (t3, ipub, ro))
    check("ksk run 3: the KSK swapped after the wait: nothing premature",
          "ROLLOVER_STEP_PREMATURE" not in [k for k, _ in ev] and
          "ROLLOVER_PHASE" in [k for k, _ in ev], ev)

    # the old DS removed ten seconds later: too early (the DNSKEY RRset with KSK k1 may be
    # cached for Ipub after run 3)
    swap_files(p, "v3")
    wait_ds(m, parent, child, [k2])
    t4 = t3 + 10
    rc, out, err = run(js + ["--at", "@%d" % t4])
    r = lines(out).get(child, {})
    ev = [(e["kind"], e["detail"]) for e in r.get("events", [])]
    pre = [d for k, d in ev if k == "ROLLOVER_STEP_PREMATURE"]
    safe = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(t3 + ipub))
    check("ksk run 4: DS_REMOVED, then ROLLOVER_STEP_PREMATURE naming KSK %d" % k1,
          [k for k, _ in ev][:1] == ["DS_REMOVED"] and len(pre) == 1 and
          pre[0].startswith("the DS of key %d was removed at the parent while resolvers may "
                            "still hold the DNSKEY RRset" % k1) and
          ("until %s. Restore the previous DS set" % safe) in pre[0], ev)
    check("ksk run 4: the roll is over (one KSK, its DS)",
          (r.get("rollover") or {}).get("phase") == "none", r.get("rollover"))


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

    # diagnose, from this one snapshot, names rowan's pre-published ZSK (ZSK_STANDBY) and says
    # both next steps; it cannot date it
    p = subprocess.run([dd, "diagnose", "--json", "--no-unbound", "--anchor", m["anchor"]["ds"],
                        "--hints", m["hints"], rowan["zone"], "SOA"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    try:
        fs = [f for f in json.loads(p.stdout).get("findings", []) if f.get("code") == "ZSK_STANDBY"]
    except ValueError:
        fs = []
    check("diagnose: ZSK_STANDBY notice for rowan's new ZSK, both next steps",
          len(fs) == 1 and fs[0].get("severity") == "notice" and fs[0].get("key_tag") == new_r and
          fs[0].get("detail", "").startswith(
              "ZSK %d (algorithm 13) of %s is published but signs none of the apex RRsets, beside "
              "ZSK %d that does" % (new_r, rowan["zone"], old_r)) and
          "Dprp + the DNSKEY TTL (3600 s)" in fs[0].get("detail", ""), fs or p.stderr[-300:])
    # check-zone on the file served names it by the same rule and words (one judgement); the
    # whole zone is in hand, so it also knows the zone's largest TTL
    p = subprocess.run([dd, "check-zone", "--json", "-o", rowan["zone"], rfile],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    try:
        zs = [f for f in json.loads(p.stdout).get("findings", []) if f.get("code") == "ZSK_STANDBY"]
    except ValueError:
        zs = []
    same = fs[0].get("detail", "").split("Dprp + the DNSKEY TTL (3600 s)")[0] if fs else None
    check("check-zone: the same ZSK_STANDBY notice for rowan's served file",
          len(zs) == 1 and zs[0].get("severity") == "notice" and zs[0].get("key_tag") == new_r and
          same is not None and zs[0].get("detail", "").startswith(same) and
          "Dprp + the zone's largest TTL (3600 s seen)" in zs[0].get("detail", ""),
          zs or p.stdout[-300:] + p.stderr[-300:])
    p = subprocess.run([dd, "check-zone", "--json", "-o", quince["zone"], qfile],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    check("check-zone: no ZSK_STANDBY for quince's served file (one ZSK)",
          p.returncode in (0, 1) and "ZSK_STANDBY" not in p.stdout, p.stdout[-300:])
    p = subprocess.run([dd, "diagnose", "--json", "--no-unbound", "--anchor", m["anchor"]["ds"],
                        "--hints", m["hints"], quince["zone"], "SOA"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    check("diagnose: no ZSK_STANDBY for quince (one ZSK)", "ZSK_STANDBY" not in p.stdout,
          p.stdout[-300:])

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
    ksk_double_ds(m, base, work)
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
