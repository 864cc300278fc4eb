#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""one_verdict.py DNSSEC-DOCTOR [MANIFEST] - one verdict, two commands (issue 14): for every
fault that both check-zone (offline, on a zone file) and diagnose (live, on the servers) can
see, runs "dnssec-doctor check-zone --json" on the zone file the testbed serves (with the DS
its parent publishes, --ds) and "dnssec-doctor diagnose --json" on www.<zone> (with the
testbed's anchor and hints), both at the same instant (--at), and asserts that

- each reports the fault's code, with the fault's severity (neither misses it, neither
  calls it something else or weighs it differently);
- the wording is of the right class: neither says a signature was altered or corrupted
  unless one was, nor a DS digest is wrong when the DS names no key, nor a signature fails to
  verify when it verifies and only a field or its window is wrong.

The table of every fault is printed whatever the outcome, then the details of each failure,
then (not asserted) the error and warning codes only one of the two reports for the zone.
Runs inside the testbed (testbed.sh run ...)."""
import json
import os
import subprocess
import sys
import time

from tally import check, summary

# Words that put a finding in the wrong class for a fault, by class.
ALTERED = ["altered", "corrupt"]               # the signature octets or the data were changed
NOT_VERIFY = ["does not verify", "did not verify"]  # the signature is cryptographically wrong
DIGEST = ["digest does not match", "wrong digest", "digest mismatch"]

# fault, scenario id (scenarios.json), code, severity, wrong-class words.
# The codes are those of docs/findings.md: the narrowest one that names the fault.
FAULTS = [
    ("RRSIG expired (www A)", "rrsig-expired-www", "RRSIG_EXPIRED", "error",
     ALTERED + NOT_VERIFY),
    ("RRSIG expired (every RRSIG)", "rrsig-expired-all", "RRSIG_EXPIRED", "error",
     ALTERED + NOT_VERIFY),
    ("RRSIG not yet valid (www A)", "rrsig-not-yet-valid-www", "RRSIG_NOT_YET_VALID", "error",
     ALTERED + NOT_VERIFY),
    ("RRSIG not yet valid (every RRSIG)", "rrsig-not-yet-valid", "RRSIG_NOT_YET_VALID", "error",
     ALTERED + NOT_VERIFY),
    ("wrong Signer's Name", "rrsig-signer-wrong", "RRSIG_SIGNER_INVALID", "error",
     ALTERED + NOT_VERIFY),
    ("wrong Labels field", "rrsig-labels-wrong", "RRSIG_LABELS_INVALID", "error",
     ALTERED + NOT_VERIFY),
    ("corrupted signature", "rrsig-invalid-www", "RRSIG_INVALID", "error", []),
    ("missing algorithm (www A)", "algorithm-missing-rrset", "RRSIG_MISSING", "error",
     ALTERED + NOT_VERIFY),
    ("DS digest mismatch", "ds-digest-mismatch", "DS_DIGEST_MISMATCH", "error", ALTERED),
    ("DS key tag: no such key", "ds-stale", "DS_NO_MATCHING_DNSKEY", "error", ALTERED + DIGEST),
    ("DS algorithm field", "ds-wrong-algorithm", "DS_ALGORITHM_MISMATCH", "error",
     ALTERED + DIGEST),
    ("DS over an unsigned child", "ds-unsigned-child", "DS_WITHOUT_DNSKEY", "error",
     ALTERED + DIGEST),
    ("NSEC gap", "nsec-gap", "NSEC_MISSING", "error", ALTERED + NOT_VERIFY),
    ("NSEC3 gap", "nsec3-gap", "NSEC3_MISSING", "error", ALTERED + NOT_VERIFY),
    ("wrong type bitmap", "nsec-bitmap-wrong", "NSEC_BITMAP_WRONG", "error", ALTERED + NOT_VERIFY),
    ("NSEC3PARAM mismatch", "nsec3param-salt-mismatch", "NSEC3PARAM_MISMATCH", "error",
     ALTERED + NOT_VERIFY),
    ("CDS matches no key", "cds-mismatch", "CDS_MISMATCH", "error", ALTERED + NOT_VERIFY),
    # RFC 8078 4 while the parent has a DS: a notice (issue 21: the zone asks to go insecure)
    ("CDS/CDNSKEY delete, DS present", "cds-delete", "CDS_DELETE", "notice",
     ALTERED + NOT_VERIFY),
    # issue 21: the rollover faults, named by their cause in both commands
    ("ZSK removed, its signatures served", "zsk-removed-early", "RRSIG_KEY_NOT_PUBLISHED",
     "error", ALTERED + NOT_VERIFY),
    ("DS for a revoked KSK", "ds-revoked-ksk", "DS_REVOKED_KEY", "warning",
     ALTERED + DIGEST + ["matches no key"]),
    ("DS for a key without the Zone flag", "ds-key-not-zone-key", "DS_NO_MATCHING_DNSKEY",
     "error", ALTERED + DIGEST + ["no dnskey of the zone has the key tag"]),
    ("KeyTrap: work over the caps", "keytrap", "WORK_LIMIT_EXCEEDED", "error", []),
    ("KeyTrap: DNSKEYs share a tag", "keytrap", "DNSKEY_KEYTAG_COLLISION", "warning", []),
]

RANK = {"error": 3, "warning": 2, "notice": 1}


def run_json(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    try:
        return json.loads(r.stdout), ""
    except ValueError:
        return None, "exit %d, stderr: %s" % (r.returncode, r.stderr.strip()[-300:])


def codes_of(findings):
    """code -> its worst severity, over @findings."""
    out = {}
    for f in findings:
        if RANK.get(f["severity"], 0) > RANK.get(out.get(f["code"]), 0):
            out[f["code"]] = f["severity"]
    return out


def cell(codes, code):
    """What one command said about @code: CODE/severity, or what it said instead."""
    if code in codes:
        return "%s/%s" % (code, codes[code])
    other = ["%s/%s" % (c, s) for c, s in sorted(codes.items()) if s in ("error", "warning")]
    return "MISSING (says %s)" % (", ".join(other) or "nothing")


def main():
    dd = sys.argv[1]
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.environ["TESTBED_DIR"], "manifest.json")
    tb = os.path.dirname(os.path.abspath(path))
    with open(path) as f:
        m = json.load(f)
    scen = {s["id"]: s for s in m["scenarios"]}
    at = "@%d" % int(time.time())   # one instant for both commands and every fault
    seen = {}                        # zone -> (check-zone report, diagnose report)
    rows, details = [], []
    for fault, sid, code, sev, wrong in FAULTS:
        s = scen.get(sid)
        check("%s: scenario %s in the manifest" % (fault, sid), s is not None)
        if s is None:
            continue
        zone = s["zone"]
        if zone not in seen:
            seen[zone] = judge(dd, m, tb, s, at)
        cz, dg = seen[zone]
        if cz is None or dg is None:
            rows.append((fault, zone, code, sev, "no report", "no report", "FAIL"))
            continue
        czc, dgc = codes_of(cz["findings"]), codes_of(dg["findings"])
        ok_cz, ok_dg = czc.get(code) == sev, dgc.get(code) == sev
        check("%s: check-zone reports %s/%s" % (fault, code, sev), ok_cz,
              "check-zone: %s" % cell(czc, code))
        check("%s: diagnose reports %s/%s" % (fault, code, sev), ok_dg,
              "diagnose: %s" % cell(dgc, code))
        said = [("check-zone", f.get("detail", "")) for f in cz["findings"]] + \
               [("diagnose", f.get("detail", "")) for f in dg["findings"]] + \
               [("diagnose", r.get("title", "")) for r in dg["root_causes"]]
        bad = []
        for who, text in said:
            hits = [w for w in wrong if w in text.lower()]
            item = "%s says %s: \"%s\"" % (who, "/".join(hits), text)
            if hits and item not in bad:
                bad.append(item)
        ok_words = not bad
        check("%s: wording" % fault, ok_words, "; ".join(bad[:3]))
        rows.append((fault, zone, code, sev, cell(czc, code), cell(dgc, code),
                     "ok" if ok_cz and ok_dg and ok_words else
                     "FAIL" + ("" if ok_words else " (wording)")))
        if not ok_words:
            details.append("%s: %s" % (fault, "; ".join(bad[:3])))

    print("\none verdict, two commands, at %s (check-zone on the served file, diagnose live):" % at)
    table = [("fault", "zone", "expected", "check-zone", "diagnose", "")]
    table += [(fault, zone, "%s/%s" % (code, sev), c1, c2, res)
              for fault, zone, code, sev, c1, c2, res in rows]
    w = [max(len(r[i]) for r in table) for i in range(5)]
    for r in table:
        print("  ".join(x.ljust(w[i]) if i < 5 else x for i, x in enumerate(r)).rstrip())
    for d in details:
        print("wording: " + d)

    print("\nnot asserted: error and warning codes only one command reports, per zone:")
    for zone, (cz, dg) in seen.items():
        if cz is None or dg is None:
            continue
        czc = {c: s for c, s in codes_of(cz["findings"]).items() if s != "notice"}
        dgc = {c: s for c, s in codes_of(dg["findings"]).items() if s != "notice"}
        only_cz = sorted("%s/%s" % (c, s) for c, s in czc.items() if dgc.get(c) != s)
        only_dg = sorted("%s/%s" % (c, s) for c, s in dgc.items() if czc.get(c) != s)
        if only_cz or only_dg:
            print("  %s check-zone only: %s; diagnose only: %s" % (
                zone, ", ".join(only_cz) or "-", ", ".join(only_dg) or "-"))
    return summary()


def judge(dd, m, tb, s, at):
    """check-zone on the served zone file and diagnose on the live zone, both at @at."""
    zone = s["zone"]
    fn = (zone.rstrip(".") or "root") + ".zone"
    files = [os.path.join(tb, "zones", inst, fn) for inst in sorted(s["servers"])]
    texts = set()
    for p in files:
        with open(p) as f:
            texts.add(f.read())
    check("%s: every server serves the same file" % zone, len(texts) == 1, files)
    cmd = [dd, "check-zone", "--json", "-o", zone, "--at", at]
    for ds in s["ds"]:
        cmd += ["--ds", ds]   # what the parent publishes (the manifest)
    cz, err = run_json(cmd + [files[0]])
    check("%s: check-zone report" % zone, cz is not None and cz.get("zone") == zone, err)
    # the findings come from the authoritative answers; the libunbound view adds none
    dg, err = run_json([dd, "diagnose", "--json", "--no-unbound", "--anchor", m["anchor"]["ds"],
                        "--hints", m["hints"], "--nx-label", m["nx_label"], "--timeout", "0.8",
                        "--at", at, "www." + zone])
    check("%s: diagnose report" % zone, dg is not None, err)
    if dg is not None:
        # only this zone's findings: a fault of another zone is not this fault
        dg = dict(dg)
        dg["findings"] = [f for f in dg["findings"] if f.get("zone") == zone]
        dg["root_causes"] = [r for r in dg["root_causes"] if r.get("zone") == zone]
    return cz, dg


if __name__ == "__main__":
    sys.exit(main())
