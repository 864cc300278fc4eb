#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""zm_server_check.py DATA_DIR - tests/testbed/zm_server.py's answers to queries, in process
(no sockets: the sockets are rpl_server.serve's, tested by the peer-suites tests), on
Zonemaster's recordings in DATA_DIR (../shared/data/recorded/zonemaster):

  - every recorded response is read (the counts below are the seven files' own: 594 server
    lines, 3,508 distinct questions by address, 100 queries without an answer);
  - a recorded question is answered with the recorded octets and the query's ID, whatever the
    case of the query's name;
  - a question not recorded at that address is REFUSED; so is a DO query whose question was
    recorded only without DO, unless the answer is a referral and --referrals-without-do;
  - a query without DO whose question was recorded only with DO gets the DO answer;
  - an answer larger than the query's UDP size goes out with TC and the question only;
  - a response whose records are malformed on purpose (dnssec01's DS) is served as recorded;
  - an address that never answered stays silent.
Exits 1 on the first failed check, naming it."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "testbed"))
import zm_server  # noqa: E402  pylint: disable=wrong-import-position

import dns.flags  # noqa: E402
import dns.message  # noqa: E402
import dns.name  # noqa: E402
import dns.rcode  # noqa: E402
import dns.rdatatype  # noqa: E402

FAILED = []


def check(ok, what):
    print("%s: %s" % ("ok" if ok else "FAIL", what))
    if not ok:
        FAILED.append(what)


def query(name, rdtype, do=True, payload=4096, qid=4242):
    q = dns.message.make_query(name, rdtype, want_dnssec=do, payload=payload)
    if not do:
        q.use_edns(False)
    q.id = qid
    q.flags &= ~dns.flags.RD
    return q.to_wire()


def main():
    data = sys.argv[1]
    files = sorted(f for f in os.listdir(data) if f.endswith(".data"))
    total = unanswered = lines = 0
    recs = {}
    for f in files:
        rec = zm_server.Recording(os.path.join(data, f))
        recs[f] = rec
        total += sum(len(t) for t in rec.answers.values())
        unanswered += rec.unanswered
        with open(os.path.join(data, f), encoding="utf-8") as fh:
            lines += sum(1 for line in fh if line.strip())
    # distinct questions per address (a question asked twice keeps its first answer)
    check(lines == 594, "594 server lines read (%d)" % lines)
    check(unanswered == 100, "100 queries without an answer counted (%d)" % unanswered)
    check(total == 3508, "3508 distinct questions by address (%d; the rest asked again)" % total)

    rec = recs["Test-dnssec16.data"]
    addr = "127.15.16.31"
    wire, _ = rec.answers[addr][("cds-invalid-rrsig.dnssec16.xa.", dns.rdatatype.CDS, True)]
    out = rec.answer(query("CDS-Invalid-RRSIG.dnssec16.xa.", "CDS"), addr, 0, False)
    check(out is not None and out[2:] == wire[2:] and out[:2] == b"\x10\x92",
          "a recorded question (name in mixed case) gets the recorded octets with the query's ID")
    r = dns.message.from_wire(rec.answer(query("cds-invalid-rrsig.dnssec16.xa.", "TXT"), addr, 0,
                                         False))
    check(r.rcode() == dns.rcode.REFUSED, "an unrecorded question is REFUSED")
    r = dns.message.from_wire(rec.answer(query("cds-invalid-rrsig.dnssec16.xa.", "CDS"),
                                         "127.15.16.21", 0, False))
    check(r.rcode() == dns.rcode.REFUSED, "a question recorded at another address is REFUSED")
    out = rec.answer(query("cds-invalid-rrsig.dnssec16.xa.", "CDS", do=False), addr, 0, False)
    check(out is not None and out[2:] == wire[2:],
          "a query without DO gets the answer recorded only with DO")
    big = [(a, k, w) for a, t in rec.answers.items() for k, (w, _) in t.items()
           if len(w) > 512 and k[2]]
    check(len(big) > 0, "Test-dnssec16.data holds DO answers over 512 octets (%d)" % len(big))
    if big:
        a, k, w = big[0]
        r = dns.message.from_wire(rec.answer(query(k[0], k[1], payload=512), a, 0, False))
        check(bool(r.flags & dns.flags.TC) and not r.answer and len(r.question) == 1,
              "an answer over the query's UDP size goes out with TC and the question only")
        out = rec.answer(query(k[0], k[1], payload=512), a, 0, True)
        check(out[2:] == w[2:], "the same over TCP is the whole recorded answer")

    # recorded only without DO: the dnssec16 parent's referral for a scenario zone
    parent = "127.15.16.21"
    key = ("cds-invalid-rrsig.dnssec16.xa.", dns.rdatatype.NS, False)
    check(key in rec.answers[parent] and rec.answers[parent][key][1],
          "the parent's NS answer for the zone is a referral recorded without DO")
    r = dns.message.from_wire(rec.answer(query(key[0], "NS"), parent, 0, False))
    check(r.rcode() == dns.rcode.REFUSED,
          "a DO query whose question was recorded only without DO is REFUSED")
    rec2 = zm_server.Recording(os.path.join(data, "Test-dnssec16.data"), referrals_without_do=True)
    out = rec2.answer(query(key[0], "NS"), parent, 0, False)
    check(out[2:] == rec.answers[parent][key][0][2:],
          "with --referrals-without-do, that referral answers the DO query")

    # dnssec01's deliberately malformed DS records: served as recorded
    rec = recs["Test-dnssec01.data"]
    bad = [(a, k, w) for a, t in rec.answers.items() for k, (w, _) in t.items()
           if k[1] == dns.rdatatype.DS and _unparsable(w)]
    check(len(bad) > 0, "Test-dnssec01.data holds DS answers a strict parser refuses (%d)"
          % len(bad))
    if bad:
        a, k, w = bad[0]
        out = rec.answer(query(k[0], "DS", do=k[2]), a, 0, True)
        check(out is not None and out[2:] == w[2:], "such an answer is served as recorded")

    # an address that never answered
    silent = [(f, a) for f, r in recs.items() for a in r.silent]
    check(len(silent) > 0, "some addresses never answered in the recordings (%d)" % len(silent))
    if silent:
        f, a = silent[0]
        check(recs[f].answer(query("example.", "SOA"), a, 0, False) is None,
              "an address that never answered stays silent")
    return 1 if FAILED else 0


def _unparsable(wire):
    try:
        dns.message.from_wire(wire)
        return False
    except Exception:  # pylint: disable=broad-except
        return True


if __name__ == "__main__":
    sys.exit(main())
