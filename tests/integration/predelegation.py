#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""predelegation.py DNSSEC-DOCTOR - pre-delegation testing (issue 20, Zonemaster's undelegated
test), live in the testbed: kestrel.example. is signed and served by ns1/ns2.auth.srv. and not
delegated by example. (manifest "undelegated").

- `--server` alone: judged as a delegation without DS, and said so; the resolvers, which get
  NXDOMAIN from example., are shown and not compared (no DISAGREEMENT);
- `--ds` with the DS the zone needs (the registrar's form, for the --server zone): secure;
- `--ds` with a wrong digest: bogus, DS_DIGEST_MISMATCH, what not to publish, nothing to wait for;
- a delegated zone whose parent serves a wrong DS (juliet): `--ds` with the DS our own fix step
  says to publish makes it secure (the fix is proven before it is submitted);
- `--save` keeps the DS given: `--replay` gives the same report."""
import json
import os
import subprocess
import sys
import tempfile

from tally import check, summary


def main():
    dd = sys.argv[1]
    with open(os.path.join(os.environ["TESTBED_DIR"], "manifest.json")) as f:
        m = json.load(f)
    u = m["undelegated"]
    zone = u["zone"]
    servers = ",".join(u["servers"].values())
    base = [dd, "diagnose", "--anchor", m["anchor"]["ds"], "--hints", m["hints"],
            "--nx-label", m["nx_label"], "--timeout", "3", "--resolver",
            m["resolvers"]["validating"]]

    def run(*args):
        r = subprocess.run(base + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=60)
        return r

    def zone_of(rep, name):
        for z in rep["chain"]:
            if z["zone"] == name:
                return z
        return {}

    target = "www." + zone
    # 1. not delegated, no DS given
    r = run("--server", "%s=%s" % (zone, servers), target)
    t = run("--json", "--server", "%s=%s" % (zone, servers), target)
    rep = json.loads(t.stdout)
    check("undelegated: exit 0", r.returncode == 0 and t.returncode == 0,
          "%d %d %s" % (r.returncode, t.returncode, r.stderr))
    check("undelegated: insecure", rep["verdict"] == "insecure", rep["verdict"])
    check("undelegated: pre_delegation", rep["pre_delegation"] == zone, rep["pre_delegation"])
    check("undelegated: ds_source", zone_of(rep, zone).get("ds_source") == "undelegated",
          zone_of(rep, zone))
    check("undelegated: views not compared", rep["views_compared"] is False)
    first = r.stdout.splitlines()[0] if r.stdout else ""
    check("undelegated: headline", "(pre-delegation test: example. does not delegate %s; judged "
          "as a delegation without DS)" % zone in first, first)
    check("undelegated: no disagreement", "DISAGREEMENT" not in r.stdout, r.stdout)
    check("undelegated: the resolvers saw NXDOMAIN", any(
        v["source"] == m["resolvers"]["validating"] and v["name"] == target and
        v["rcode"] == "NXDOMAIN" for v in rep["views"]), rep["views"])
    check("undelegated: each server once", r.stdout.count("(127.0.10.1)\n") == 1, r.stdout)

    # 2. the DS the zone needs, in the registrar's form
    good = u["ds"][0]
    t = run("--json", "--server", "%s=%s" % (zone, servers), "--ds", good, target)
    rep = json.loads(t.stdout) if t.stdout else {}
    check("given DS: secure, exit 0", t.returncode == 0 and rep.get("verdict") == "secure",
          "%d %s %s" % (t.returncode, rep.get("verdict"), t.stderr))
    check("given DS: ds_source", zone_of(rep, zone).get("ds_source") == "given", zone_of(rep, zone))
    check("given DS: matches", [d["state"] for d in zone_of(rep, zone).get("ds", [])] == ["matches"],
          zone_of(rep, zone).get("ds"))

    # 3. a wrong digest
    parts = good.split()
    digest = parts[3]
    wrong = " ".join(parts[:3] + [digest[:-1] + ("0" if digest[-1] != "0" else "1")])
    with tempfile.TemporaryDirectory() as tmp:
        saved = os.path.join(tmp, "ev.json")
        r = run("--server", "%s=%s" % (zone, servers), "--ds", wrong, "--save", saved, target)
        t = run("--json", "--server", "%s=%s" % (zone, servers), "--ds", wrong, target)
        rep = json.loads(t.stdout) if t.stdout else {}
        codes = [c["code"] for c in rep.get("root_causes", [])]
        check("wrong DS: bogus, exit 2", r.returncode == 2 and rep.get("verdict") == "bogus",
              "%d %s" % (r.returncode, rep.get("verdict")))
        check("wrong DS: DS_DIGEST_MISMATCH", codes[:1] == ["DS_DIGEST_MISMATCH"], codes)
        check("wrong DS: what not to publish",
              "Do not publish the given DS for %s that matches no key" % zone in r.stdout, r.stdout)
        check("wrong DS: nothing to wait for", "recovery: nothing to wait for" in r.stdout and
              "caches" not in r.stdout, r.stdout)
        check("wrong DS: would fail once delegated",
              "would make the name fail once delegated" in r.stdout and
              "explains the outage" not in r.stdout, r.stdout)
        # the DS given is kept in the evidence
        p = subprocess.run([dd, "diagnose", "--replay", saved], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=60)
        check("wrong DS: replay, same report", p.returncode == 2 and p.stdout == r.stdout,
              "%d\n%s\n---\n%s" % (p.returncode, p.stdout, r.stdout))

    # 4. juliet's parent serves a wrong DS: the DS our fix says to publish makes it secure
    jt = "www.juliet.example"
    t = run("--json", jt)
    rep = json.loads(t.stdout) if t.stdout else {}
    records = [rec["text"] for c in rep.get("root_causes", []) for st in c.get("steps", [])
               if st["action"] == "publish-ds" for rec in st.get("records", [])]
    check("juliet: the fix names the DS to publish", len(records) >= 1, rep.get("root_causes"))
    if records:
        t = run("--json", "--ds", records[0], jt)
        rep = json.loads(t.stdout) if t.stdout else {}
        check("juliet: with the fix's DS, secure", t.returncode == 0 and
              rep.get("verdict") == "secure", "%d %s %s" % (t.returncode, rep.get("verdict"),
                                                            rep.get("headline")))
        check("juliet: pre_delegation", rep.get("pre_delegation") == "juliet.example.",
              rep.get("pre_delegation"))
    return summary()


if __name__ == "__main__":
    sys.exit(main())
