#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""unbound_selfcheck.py [MANIFEST] - proof that the testbed is real: asks the testbed's
validating Unbound for www.<zone>/A and the nonexistent name of every scenario and checks the
manifest's expectation (SERVFAIL for bogus, NOERROR/NXDOMAIN with AD for secure, without AD for
insecure, SERVFAIL with and without CD for "servfail": a name no resolver can resolve), that
"+cd" returns the data for every bogus answer, and that the non-validating resolver answers
everything without AD. Runs inside the testbed (testbed.sh run ...)."""
import json
import os
import sys
import time

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from tally import check, summary


def ask(server, name, cd=False):
    """Ask a resolver as a stub does, retrying every 3 s for up to 45 s. Unbound drops a
    client query whose resolution outlasts its client-side timeouts and answers the retry from
    its cache. Two scenarios make resolution slow on a cold cache: denim's black-holed server,
    and lilac's dripping TCP server, which Unbound 1.17 tries up to five times at 3 s each
    (its tcp-auth-query-timeout) before it asks the healthy one: 15 s for one name."""
    q = dns.message.make_query(name, dns.rdatatype.A, want_dnssec=True)
    q.flags |= dns.flags.RD
    if cd:
        q.flags |= dns.flags.CD
    deadline = time.monotonic() + 45
    while True:
        try:
            r = dns.query.udp(q, server, timeout=3)
            if r.flags & dns.flags.TC:
                r = dns.query.tcp(q, server, timeout=3)
            return r
        except dns.exception.Timeout:
            if time.monotonic() >= deadline:
                raise


def ede(r):
    for opt in r.options:
        if opt.otype == dns.edns.EDE:
            return " (EDE %d%s)" % (opt.code, ": " + opt.text if opt.text else "")
    return ""


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ["TESTBED_DIR"],
                                                               "manifest.json")
    with open(path) as f:
        m = json.load(f)
    val, noval = m["resolvers"]["validating"], m["resolvers"]["nonvalidating"]
    for s in m["scenarios"]:
        zone = s["zone"]
        # a www that is a CNAME to a name that does not exist answers NXDOMAIN (RFC 6604 3)
        www_positive = s["expect"].get("www_final", "data") != "nxdomain"
        for key, name, positive in (("www", "www." + zone, www_positive),
                                    ("nx", s["nx_name"], False)):
            want = s.get("unbound", {}).get(key, s["expect"][key])
            what = "%s %s (%s)" % (s["id"], name, want)
            try:
                one(val, noval, name, want, positive, what)
            except dns.exception.DNSException as e:
                check(what, False, "no answer: %s" % e)
    return summary()


def one(val, noval, name, want, positive, what):
    r = ask(val, name)
    rcode = dns.rcode.to_text(r.rcode())
    ad = bool(r.flags & dns.flags.AD)
    got = "%s%s%s" % (rcode, " AD" if ad else "", ede(r))
    good_rcode = "NOERROR" if positive else "NXDOMAIN"
    if want == "bogus":
        check(what, rcode == "SERVFAIL", "validating resolver said " + got)
        cd = ask(val, name, cd=True)
        cd_rcode = dns.rcode.to_text(cd.rcode())
        has_data = any(rr.rdtype == dns.rdatatype.A for rr in cd.answer)
        check(what + " +cd", cd_rcode == good_rcode and (has_data or not positive),
              "+cd answered %s with %d answer RRsets" % (cd_rcode, len(cd.answer)))
    elif want == "secure":
        check(what, rcode == good_rcode and ad, "validating resolver said " + got)
    elif want == "insecure":
        check(what, rcode == good_rcode and not ad, "validating resolver said " + got)
    elif want == "servfail":
        # cannot be resolved at all (a delegation no resolver follows): SERVFAIL with CD too
        check(what, rcode == "SERVFAIL", "validating resolver said " + got)
        cd = ask(val, name, cd=True)
        check(what + " +cd", dns.rcode.to_text(cd.rcode()) == "SERVFAIL",
              "+cd answered %s" % dns.rcode.to_text(cd.rcode()))
    else:
        check(what, False, "unknown expectation " + want)
    nr = ask(noval, name)
    want_nr = "SERVFAIL" if want == "servfail" else good_rcode
    check(what + " non-validating",
          dns.rcode.to_text(nr.rcode()) == want_nr and not nr.flags & dns.flags.AD,
          "non-validating resolver said %s" % dns.rcode.to_text(nr.rcode()))
    print("%-62s unbound: %s" % (what, got))


if __name__ == "__main__":
    sys.exit(main())
