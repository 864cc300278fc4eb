#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""preflight_cache.py DNSSEC-DOCTOR - preflight's verdict against a real primed cache (issue 23):
two testbed zones have a second version that is a key change (build.py TRANSITIONS): quince
replaces its ZSK in one step, rowan pre-publishes a new ZSK beside the old one. For each:

1. preflight, live against the zone's servers, with the second version as --zone-file: quince
   is not safe now (TRANSITION_NOT_YET_SAFE, exit 1: the cached DNSKEY RRset lacks the new ZSK
   that signs the new data), rowan is safe (exit 0);
2. the testbed's validating Unbound is primed (the name resolved: its DNSKEY RRset cached for
   an hour, the data for 2 s);
3. the change is made: the servers reload the second version;
4. once the data's TTL has passed, the primed Unbound answers quince's name SERVFAIL and rowan's
   with AD, as preflight said; and quince's new zone is valid in itself (diagnose: secure), so
   the failure is the cache's, which is what preflight predicts."""
import json
import os
import signal
import subprocess
import sys
import time

import dns.message
import dns.query
import dns.rdatatype
import dns.zone

from tally import check, summary

TB = os.environ["TESTBED_DIR"]


def ask(server, name, rdtype, rd=True):
    q = dns.message.make_query(name, rdtype, want_dnssec=True)
    if not rd:
        q.flags &= ~dns.flags.RD
    return dns.query.udp(q, server, timeout=3)


def main():
    dd = sys.argv[1]
    with open(os.path.join(TB, "manifest.json")) as f:
        m = json.load(f)
    val = m["resolvers"]["validating"]
    common = ["--anchor", m["anchor"]["ds"], "--hints", m["hints"]]
    want = {"zsk-swap": (1, "TRANSITION_NOT_YET_SAFE", "SERVFAIL"),
            "zsk-prepublish": (0, None, "NOERROR")}
    for t in m["transitions"]:
        zone, kind = t["zone"], t["kind"]
        name = "www." + zone
        v2 = {inst: path + ".v2" for inst, path in t["files"].items()}
        rc_want, code_want, rcode_want = want[kind]

        # 1. preflight, before the change
        p = subprocess.run([dd, "preflight", "--json"] + common +
                           ["--zone-file", next(iter(v2.values())), zone],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
        try:
            rep = json.loads(p.stdout)
        except ValueError:
            rep = {}
        codes = [f.get("code") for f in rep.get("findings", [])] if isinstance(rep, dict) else []
        check("%s (%s): preflight exit %d" % (zone, kind, rc_want), p.returncode == rc_want,
              "exit %d %s %s" % (p.returncode, p.stderr[:200], p.stdout[:300]))
        if code_want:
            check("%s: preflight says %s" % (zone, code_want), code_want in p.stdout, p.stdout[:400])

        # 2. prime the validating resolver
        r = ask(val, name, "A")
        check("%s: primed: NOERROR with AD" % zone,
              r.rcode() == 0 and bool(r.flags & dns.flags.AD), r.to_text()[:300])

        # 3. the change: each server reloads the second version
        new_keys = sorted(rr.to_text() for rr in dns.zone.from_file(
            next(iter(v2.values())), zone, relativize=False).find_rdataset(zone, "DNSKEY"))
        for inst, path in t["files"].items():
            os.replace(v2[inst], path)
            os.utime(path)
            with open(os.path.join(TB, "nsd-%s.pid" % inst)) as f:
                os.kill(int(f.read().strip()), signal.SIGHUP)
        for addr in t["servers"].values():
            served = None
            for _ in range(50):
                a = ask(addr, zone, "DNSKEY", rd=False)
                rrs = a.find_rrset(a.answer, dns.name.from_text(zone), dns.rdataclass.IN,
                                   dns.rdatatype.DNSKEY) if a.answer else []
                served = sorted(rr.to_text() for rr in rrs)
                if served == new_keys:
                    break
                time.sleep(0.2)
            check("%s: %s serves the new version" % (zone, addr), served == new_keys, served)

        # 4. after the data's TTL, the primed resolver
        time.sleep(t["ttl"] + 1)
        r = ask(val, name, "A")
        got = dns.rcode.to_text(r.rcode())
        check("%s (%s): the primed resolver answers %s, as preflight said" %
              (zone, kind, rcode_want), got == rcode_want and
              (got != "NOERROR" or bool(r.flags & dns.flags.AD)), r.to_text()[:400])
        d = subprocess.run([dd, "diagnose", "--json", "--no-unbound"] + common + [name],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
        try:
            verdict = json.loads(d.stdout)["verdict"]
        except (ValueError, KeyError):
            verdict = d.stderr[:200]
        check("%s: the new version is valid in itself (the failure is the cache's)" % zone,
              verdict == "secure", verdict)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
