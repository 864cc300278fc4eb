#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""resolver_check.py DNSSEC-DOCTOR - "dnssec-doctor resolver" and the resolver root causes of
"diagnose --resolver" against the testbed's five resolvers (tests/testbed/build.py), with the
testbed's probe names (one zone per algorithm 5, 7, 8, 10, 13, 14, 15, 16 and per DS digest
type 1, 2, 4):

  127.0.5.1  Unbound, validating             validating, every algorithm and digest, exit 0
  127.0.5.2  Unbound, no validator module    not validating (RESOLVER_NOT_VALIDATING), exit 2
  127.0.5.3  Unbound 6 hours fast            broken: CLOCK_SKEW on topaz (expires in 2 h), exit 2
  127.0.5.4  BIND without ED25519, SHA-384   validating, 15 and digest 4 insecure
                                             (RESOLVER_ALGORITHM_UNSUPPORTED), exit 1
  127.0.5.5  middlebox stripping DNSSEC      broken (RESOLVER_STRIPS_DNSSEC), exit 2

then diagnose: topaz through the fast Unbound is CLOCK_SKEW and not a zone fault; bravo and the
bogus foxtrot through the non-validating one are RESOLVER_NOT_VALIDATING; through the
validating one neither. Runs inside the testbed (testbed.sh run ...)."""
import json
import os
import subprocess
import sys

from tally import check, summary


def run(args):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    dd = sys.argv[1]
    m = json.load(open(os.path.join(os.environ["TESTBED_DIR"], "manifest.json")))
    res, names = m["resolvers"], m["probe_names"]
    algs = [5, 7, 8, 10, 13, 14, 15, 16]
    want = {
        "validating": ("validating", 0, set(), {a: "secure" for a in algs},
                       {1: "secure", 2: "secure", 4: "secure"}),
        "nonvalidating": ("not validating", 2, {"RESOLVER_NOT_VALIDATING"}, None, None),
        "skewed": ("broken", 2, {"CLOCK_SKEW"}, None, None),
        "bind": ("validating", 1, {"RESOLVER_ALGORITHM_UNSUPPORTED"},
                 {a: "insecure" if a == 15 else "secure" for a in algs},
                 {1: "secure", 2: "secure", 4: "insecure"}),
        "stripping": ("broken", 2, {"RESOLVER_STRIPS_DNSSEC"}, None, None),
    }
    for inst, (verdict, code, findings, amatrix, dmatrix) in want.items():
        addr = res[inst]
        st, out, err = run([dd, "resolver", addr, "--probe-names", names, "--json", "--timeout", "1"])
        what = "resolver %s (%s)" % (inst, addr)
        try:
            r = json.loads(out)
        except ValueError:
            check(what + " JSON", False, "exit %d, %s" % (st, err.strip()))
            continue
        check(what + " verdict", r["verdict"] == verdict, "%s (%s)" % (r["verdict"], r["reason"]))
        check(what + " exit code", st == code and r["exit_code"] == code, "exit %d" % st)
        got = {f["code"] for f in r["findings"]}
        check(what + " findings", got == findings, "%s, want %s" % (sorted(got), sorted(findings)))
        if amatrix is not None:
            have = {a["number"]: a["status"] for a in r["algorithms"]}
            check(what + " algorithm matrix", have == amatrix, "%s" % have)
        if dmatrix is not None:
            have = {d["number"]: d["status"] for d in r["digests"]}
            check(what + " digest matrix", have == dmatrix, "%s" % have)
        unusable = [p["name"] for p in r["probes"] if not p["usable"]]
        if inst != "stripping":  # without RRSIGs no probe can show its algorithm
            check(what + " every testbed probe usable", not unusable, "%s" % unusable)
        if inst == "skewed":
            f = [f for f in r["findings"] if f["code"] == "CLOCK_SKEW"]
            check(what + " skew names topaz and the expiry bound", bool(f) and "www.topaz.example."
                  in f[0]["detail"] and "minutes fast (a signature expires at" in f[0]["detail"],
                  f[0]["detail"] if f else "")
        if inst == "bind":
            det = " ".join(f["detail"] for f in r["findings"])
            check(what + " names ED25519 and SHA-384", "ED25519" in det and "SHA-384" in det, det)
        # the text table says the same
        st2, text, _ = run([dd, "resolver", addr, "--probe-names", names, "--timeout", "1"])
        check(what + " text verdict", text.startswith("%s is %s" % (addr, verdict)) and st2 == code,
              text.splitlines()[0] if text else "no output")

    # unreachable: nothing listens there
    st, out, err = run([dd, "resolver", "127.0.5.99", "--probe-names", names, "--timeout", "0.2"])
    check("unreachable resolver exit 3", st == 3, "exit %d" % st)
    check("unreachable resolver one line", err.count("\n") == 1 and "no answer" in err, err)

    # diagnose with --resolver: the resolver root causes
    base = [dd, "diagnose", "--json", "--anchor", m["anchor"]["ds"], "--hints", m["hints"],
            "--timeout", "1", "--no-unbound"]
    cases = [
        ("www.topaz.example.", res["skewed"], {"CLOCK_SKEW", "RRSIG_EXPIRING"}, 2, "secure"),
        ("www.bravo.example.", res["nonvalidating"], {"RESOLVER_NOT_VALIDATING"}, 2, "secure"),
        ("www.foxtrot.example.", res["nonvalidating"], {"RESOLVER_NOT_VALIDATING", "RRSIG_EXPIRED"}, 2, "bogus"),
        ("www.bravo.example.", res["validating"], set(), 0, "secure"),
        ("www.topaz.example.", res["validating"], {"RRSIG_EXPIRING"}, 1, "secure"),
    ]
    for name, addr, codes, code, verdict in cases:
        st, out, err = run(base + ["--resolver", addr, name])
        what = "diagnose %s --resolver %s" % (name, addr)
        try:
            r = json.loads(out)
        except ValueError:
            check(what + " JSON", False, "exit %d, %s" % (st, err.strip()))
            continue
        got = {c["code"] for c in r["root_causes"]}
        check(what + " causes", got == codes, "%s, want %s" % (sorted(got), sorted(codes)))
        check(what + " exit", st == code, "exit %d" % st)
        check(what + " chain verdict", r["verdict"] == verdict, r["verdict"])
        if "CLOCK_SKEW" in codes:
            c = [c for c in r["root_causes"] if c["code"] == "CLOCK_SKEW"][0]
            check(what + " explains the outage, first", r["root_causes"][0]["code"] == "CLOCK_SKEW"
                  and c["explains_outage"], str(r["root_causes"][0]["code"]))
            check(what + " evidence has the expiry edge", "topaz.example." in c["observed"] and
                  "fast sees it expired" in c["observed"], c["observed"])
        if "RESOLVER_NOT_VALIDATING" in codes:
            c = [c for c in r["root_causes"] if c["code"] == "RESOLVER_NOT_VALIDATING"][0]
            check(what + " names the resolver", addr in c["observed"], c["observed"])
    return summary()


if __name__ == "__main__":
    sys.exit(main())
