#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""zm_server.py FILE DIR [--no-bind] [--port N] - an authoritative server that replays a
Zonemaster test recording (zonemaster-engine's t/Test-*.data): every address the file names is
bound on port 53 (UDP and TCP) and answers with the response recorded from that address for
the query's question. It shares rpl_server.py's sockets (rpl_server.serve), so it runs the same
way in the same network namespace.

The format, as zonemaster-engine's Zonemaster::Engine::Nameserver save/restore writes it: one
line per name server and address, `NS-NAME IP JSON`; the JSON maps a hash of each query Zonemaster
sent to `{"Zonemaster::Engine::Packet": {"Zonemaster::LDNS::Packet": {"data": BASE64 WIRE,
"answerfrom": IP, "timestamp": EPOCH, "querytime": MS}}}`, or to `{}` when no answer came. The
hash cannot be inverted, so the question is read from the response itself (its question
section), and a query without an answer cannot be told apart from another: those are only
counted.

A query to address A is answered by the response recorded from A for the same question: the
name (case-insensitively), the type, and the EDNS DO bit when the recording holds that question
both with and without DO. The recorded octets are sent as they are, with the query's ID; nothing
is parsed into records and written again (20 of Test-dnssec01's responses carry DS records that
are malformed on purpose, which a parser would refuse). What the recording does not hold:

  - a query with DO whose question was recorded only without DO (Zonemaster asks NS, SOA, A and
    AAAA without EDNS): REFUSED, since that answer lacks the RRSIGs a DO query gets; except,
    with --referrals-without-do, when the recorded answer is a referral (no AA, no answer
    records, NS in the authority section): the delegation is the same with DO; what DO adds
    (the DS or its denial, RFC 4035 3.1.4) is asked for separately with a DS query;
  - a query without DO whose question was recorded only with DO: the DO answer (the records a
    client without DO does not ask for are extra, not different);
  - anything else: REFUSED. An address that never answered in the recording (every entry `{}`)
    stays silent, as Zonemaster saw it.

An answer larger than the query's UDP payload (512 without EDNS) goes out with TC and the
question only, so the client retries over TCP. Writes DIR/rpl.ready (its PID) when bound; with
--bind-addresses (the default) it adds each address to the loopback device itself."""
import argparse
import asyncio
import base64
import binascii
import ipaddress
import json
import os
import struct
import sys

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rpl_server  # noqa: E402  pylint: disable=wrong-import-position

VERBOSE = bool(os.environ.get("RPL_VERBOSE"))
PKT_KEYS = ("Zonemaster::Engine::Packet", "Zonemaster::LDNS::Packet")


class ZmError(Exception):
    """A recording that cannot be read: FILE:LINE: what."""


def _question(wire):
    """(qname lower-case text, qtype, do, flags, is referral) of a wire response, read by
    hand: the header, the question, and the OPT record's DO bit, without parsing the other
    records (which may be malformed on purpose)."""
    if len(wire) < 12:
        raise ValueError("shorter than a DNS header")
    _, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", wire[:12])
    if qd != 1:
        raise ValueError("%d questions" % qd)
    name, used = dns.name.from_wire(wire, 12)
    off = 12 + used
    if off + 4 > len(wire):
        raise ValueError("truncated question")
    qtype = struct.unpack("!H", wire[off:off + 2])[0]
    do = False
    auth_ns = False
    try:
        m = dns.message.from_wire(wire)
        do = bool(m.ednsflags & dns.flags.DO) if m.edns >= 0 else False
        auth_ns = any(r.rdtype == dns.rdatatype.NS for r in m.authority)
    except dns.exception.DNSException:
        # a record malformed on purpose: find the DO bit in the OPT record at the end
        do = _opt_do(wire)
    referral = (flags & 0x0400) == 0 and an == 0 and (flags & 0xF) == 0 and auth_ns
    del ns, ar
    return name.to_text().lower(), qtype, do, flags, referral


def _opt_do(wire):
    """The DO bit of an OPT record with an empty RDATA at the end of wire (as resolvers and
    Zonemaster send it), or False."""
    if len(wire) >= 11 and wire[-11] == 0 and wire[-10:-8] == b"\x00\x29":
        return bool(wire[-4] & 0x80)
    return False


class Recording:
    """A parsed Zonemaster recording: per address, the responses by (qname, qtype, do)."""

    def __init__(self, path, referrals_without_do=False):
        self.path = path
        self.referrals_without_do = referrals_without_do
        self.answers = {}      # addr -> {(qname, qtype, do): (wire, referral)}
        self.names = {}        # addr -> [ns names] (the file's first column)
        self.silent = set()    # addresses that never answered in the recording
        self.unanswered = 0    # recorded queries without an answer
        self.times = []        # every response's timestamp
        self._read()

    def _read(self):
        answered = set()
        seen = set()
        with open(self.path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip():
                    continue
                parts = line.split(" ", 2)
                if len(parts) != 3:
                    raise ZmError("%s:%d: not `NS IP JSON`" % (self.path, lineno))
                ns, ip, text = parts
                try:
                    addr = str(ipaddress.ip_address(ip))
                    d = json.loads(text)
                except ValueError as e:
                    raise ZmError("%s:%d: %s" % (self.path, lineno, e)) from e
                if not isinstance(d, dict):
                    raise ZmError("%s:%d: the JSON is not an object" % (self.path, lineno))
                seen.add(addr)
                self.names.setdefault(addr, [])
                if ns not in self.names[addr]:
                    self.names[addr].append(ns)
                table = self.answers.setdefault(addr, {})
                for v in d.values():
                    p = v
                    for k in PKT_KEYS:
                        p = p.get(k) if isinstance(p, dict) else None
                    if not isinstance(p, dict) or not isinstance(p.get("data"), str):
                        self.unanswered += 1
                        continue
                    try:
                        wire = base64.b64decode(p["data"], validate=True)
                        qname, qtype, do, _, referral = _question(wire)
                    except (ValueError, binascii.Error, dns.exception.DNSException) as e:
                        raise ZmError("%s:%d: a response: %s" % (self.path, lineno, e)) from e
                    if isinstance(p.get("timestamp"), (int, float)):
                        self.times.append(p["timestamp"])
                    answered.add(addr)
                    # the first response recorded for a question answers it
                    table.setdefault((qname, qtype, do), (wire, referral))
        self.silent = seen - answered

    def addresses(self):
        """Every address the recording names (rpl_server.serve binds them)."""
        return list(self.answers)

    def lookup(self, addr, qname, qtype, do):
        """The recorded (wire, referral) answering this question at addr, or None."""
        table = self.answers.get(addr, {})
        key = (qname.to_text().lower(), qtype)
        hit = table.get(key + (do,))
        if hit is not None:
            return hit
        other = table.get(key + (not do,))
        if other is None:
            return None
        if not do:
            return other  # recorded with DO only: the extra DNSSEC records do no harm
        if self.referrals_without_do and other[1]:
            return other
        return None

    def answer(self, wire, addr, step, tcp):
        """The response octets for one query on addr (rpl_server.serve's interface), or None
        to stay silent."""
        del step
        if addr in self.silent:
            return None
        try:
            q = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None
        if q.flags & dns.flags.QR or len(q.question) != 1:
            return None
        qname, qtype = q.question[0].name, q.question[0].rdtype
        do = q.edns >= 0 and bool(q.ednsflags & dns.flags.DO)
        hit = self.lookup(addr, qname, qtype, do)
        if VERBOSE:
            print("zm_server: %s %s %s %s%s -> %s" % (addr, "tcp" if tcp else "udp", qname,
                                                    dns.rdatatype.to_text(qtype),
                                                    " DO" if do else "",
                                                    "recorded" if hit else "REFUSED"),
                  file=sys.stderr)
        if hit is None:
            r = dns.message.make_response(q)
            r.flags &= ~dns.flags.AA
            r.set_rcode(dns.rcode.REFUSED)
            return r.to_wire()
        out = struct.pack("!H", q.id) + hit[0][2:]
        limit = 65535
        if not tcp:
            limit = max(512, min(q.payload, 65535)) if q.edns >= 0 else 512
        if len(out) > limit:
            # header with TC, the question only
            _, flags = struct.unpack("!HH", out[:4])
            qlen = len(q.question[0].name.to_wire()) + 4
            out = struct.pack("!HHHHHH", q.id, flags | 0x0200, 1, 0, 0, 0) + wire[12:12 + qlen]
        return out

    def first_time(self):
        return min(self.times) if self.times else None

    def last_time(self):
        return max(self.times) if self.times else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("dir")
    ap.add_argument("--no-bind", action="store_true", help="the addresses are on a device already")
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--referrals-without-do", action="store_true",
                    help="answer a DO query with a referral recorded without DO")
    a = ap.parse_args()
    try:
        rec = Recording(a.file, a.referrals_without_do)
    except (ZmError, OSError) as e:
        print(e, file=sys.stderr)
        return 2
    asyncio.run(rpl_server.serve(rec, 0, not a.no_bind, os.path.join(a.dir, "rpl.ready"), a.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
