#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""rpl_server.py FILE DIR [--step N] [--no-bind] - a scripted authoritative server that replays a
Deckard / Unbound testbound scenario (.rpl): every ADDRESS the file's RANGEs name is bound on
port 53 (UDP and TCP) and answers from the recorded ENTRY of its RANGE, as testbound does.

Written from the format as the scenario files use it (Unbound's testcode/testpkts.c and
replay.c describe it in their comments):

  CONFIG      the resolver's configuration up to CONFIG_END: trust-anchor (zone-file form, may
              hold a one-line "( ... )"), val-override-date, stub-zone / stub-addr,
              forward-zone / forward-addr, domain-insecure, ...; read into Scenario.config
  RANGE_BEGIN START END / ADDRESS A ... / ENTRY... / RANGE_END
              the recorded answers of the servers at the addresses A, valid from step START to
              step END. A range without ADDRESS answers on every address.
  ENTRY_BEGIN / MATCH ... / ADJUST ... / REPLY ... / SECTION ... / ENTRY_END
              MATCH: opcode, qtype, qname (case-insensitive), subdomain (the query's name is
              the entry's or below it), TCP, UDP; others (all, ttl, ede=N, DO ...) compare a
              resolver's answer in CHECK_ANSWER and are ignored here.
              ADJUST copy_id (the query's ID), copy_query (the query's question section).
              REPLY: header flags QR AA TC RD RA AD CD, DO (the EDNS DO bit), an opcode and an
              RCODE.
  STEP N QUERY / STEP N CHECK_ANSWER / ...
              the resolver's client side: the question asked and the answer checked.

A query to address A at step N (the scenario's first QUERY step unless --step) is answered
by the first entry that matches in the first range that holds N and A and has one (testbound's
order). Differences from testbound, all on purpose, for a real client on a real network:

  - No matching entry: REFUSED (testbound's client sees no answer at all; a time-out per query
    would make a diagnose run take minutes and says the same: nothing recorded here).
  - EDNS: the answer carries an OPT record when the query did (payload 1232), with the DO bit
    when the query set it or the entry's REPLY says DO; without one in the query, none.
  - --set-aa: AA is set on every answer (data, NODATA, NXDOMAIN, a DNAME's YXDOMAIN; not on a
    referral). Unbound's scenarios are written by hand and most omit AA, which Unbound's
    iterator does not require; diagnose judges a server that answers without AA as not
    authoritative (lame).
  - --from-records: a query no entry matches is answered from what that address is recorded
    as holding in its other entries (Scenario.recorded(): the RRset itself, AA; the DS of an
    unsigned referral as NODATA with its NSEC/NSEC3 proof; or the referral for a name below a
    recorded delegation); and a DS query that an entry answers with a referral carrying that
    DS RRset is answered with the DS RRset (AA), as the parent does; and a DS query at a name
    whose delegation NSEC or NSEC3 (NS, no SOA, no DS) the address is recorded serving is
    answered NODATA with that record and its RRSIG (RFC 4035 3.1.4.1, RFC 5155 7.2.4). diagnose asks every zone's SOA, the DS
    at every label and the apex NS and DNSKEY to see that a server serves a zone; a validator
    asks less, so the scenarios record only what Unbound asked. Nothing is invented: a query
    the records do not answer is still REFUSED.
  - An answer larger than the query's UDP payload (512 without EDNS) goes out over UDP with TC
    and the question only, so the client retries over TCP (testbound never truncates).

Every entry is parsed when the file is read, so a malformed record fails at start, not on the
first query. Writes DIR/rpl.ready (its PID) once every socket is bound; with --bind-addresses
(the default) it first adds each address to the loopback device itself (`ip addr add`), which
it may do inside the unprivileged network namespace the test runs in."""
import argparse
import asyncio
import ipaddress
import os
import re
import shlex
import struct
import subprocess
import sys

import dns.dnssec
import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

VERBOSE = bool(os.environ.get("RPL_VERBOSE"))  # every query and the entry that answers it
DEFAULT_TTL = 3600  # testpkts' default TTL for a record written without one
SECTIONS = ("QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL")
# where the base64 field of a type's presentation form starts (words after the type)
B64_START = {dns.rdatatype.RRSIG: 8, dns.rdatatype.DNSKEY: 3}
HEADER_FLAGS = {"QR": dns.flags.QR, "AA": dns.flags.AA, "TC": dns.flags.TC, "RD": dns.flags.RD,
                "RA": dns.flags.RA, "AD": dns.flags.AD, "CD": dns.flags.CD}


class RplError(Exception):
    """A scenario file that cannot be read: FILE:LINE: what."""


def strip_comment(line, marks=";"):
    """The line without its comment (a mark inside double quotes is kept)."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch in marks and not quoted:
            return line[:i]
    return line


class Entry:
    """One ENTRY: what it matches, how it is adjusted, and the reply (header and sections) as
    dnspython objects; or a STEP's question and checked answer."""

    def __init__(self, where):
        self.where = where
        self.match = set()
        self.adjust = set()
        self.flags = 0
        self.do = False
        self.rcode = dns.rcode.NOERROR
        self.opcode = dns.opcode.QUERY
        self.reply_words = []
        self.sections = {s: [] for s in SECTIONS}  # QUESTION: (name, type); others: RRsets

    @property
    def qname(self):
        return self.sections["QUESTION"][0][0] if self.sections["QUESTION"] else None

    @property
    def qtype(self):
        return self.sections["QUESTION"][0][1] if self.sections["QUESTION"] else None

    def matches(self, qname, qtype, opcode, tcp):
        """Whether a query (dns.name, type, opcode, transport) matches this entry's MATCH."""
        if "opcode" in self.match and opcode != self.opcode:
            return False
        if "qtype" in self.match and qtype != self.qtype:
            return False
        if "qname" in self.match and (self.qname is None or qname != self.qname):
            return False
        if "subdomain" in self.match and (self.qname is None or not qname.is_subdomain(self.qname)):
            return False
        if "TCP" in self.match and not tcp:
            return False
        if "UDP" in self.match and tcp:
            return False
        return True


class Range:
    """RANGE_BEGIN START END: the addresses (empty: any) and the entries, in file order."""

    def __init__(self, start, end, where):
        self.start = start
        self.end = end
        self.where = where
        self.addresses = []
        self.entries = []


class Scenario:
    """A parsed .rpl file: config (key -> list of values, in order; stub and forward zones as
    lists of {name, addrs}), ranges, steps ((number, kind, entry or None))."""

    def __init__(self, path, set_aa=False, from_records=False):
        self.path = path
        self.set_aa = set_aa
        self.from_records = from_records
        self.config = {}
        self.stubs = []      # [{"kind": "stub"|"forward", "name": str, "addrs": [str]}]
        self.title = ""
        self.ranges = []
        self.steps = []
        self._parse()

    # -- reading -------------------------------------------------------------------------

    def _err(self, lineno, what):
        raise RplError("%s:%d: %s" % (self.path, lineno, what))

    def _parse(self):
        with open(self.path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        i = 0
        n = len(lines)
        # CONFIG: up to CONFIG_END
        while i < n and lines[i].strip() != "CONFIG_END":
            self._config_line(lines[i])
            i += 1
        if i == n:
            self._err(1, "no CONFIG_END")
        i += 1
        rng = None
        origin = dns.name.root
        while i < n:
            raw = lines[i]
            line = strip_comment(raw).strip()
            i += 1
            if not line:
                continue
            words = line.split()
            key = words[0]
            if key == "SCENARIO_BEGIN":
                self.title = line[len(key):].strip()
            elif key == "SCENARIO_END":
                break
            elif key == "RANGE_BEGIN":
                if len(words) < 3:
                    self._err(i, "RANGE_BEGIN without START END")
                rng = Range(int(words[1]), int(words[2]), i)
            elif key == "RANGE_END":
                if rng is None:
                    self._err(i, "RANGE_END outside a range")
                self.ranges.append(rng)
                rng = None
            elif key == "ADDRESS":
                if rng is None or len(words) < 2:
                    self._err(i, "ADDRESS outside a range")
                rng.addresses.append(str(ipaddress.ip_address(words[1])))
            elif key == "ENTRY_BEGIN":
                entry, i = self._entry(lines, i, origin)
                if rng is not None:
                    rng.entries.append(entry)
                elif self.steps and self.steps[-1][2] is None:
                    num, kind, _ = self.steps[-1]
                    self.steps[-1] = (num, kind, entry)
                else:
                    self._err(i, "ENTRY outside a range or step")
            elif key == "STEP":
                if len(words) < 3:
                    self._err(i, "STEP without a number and kind")
                self.steps.append((int(words[1]), words[2], None))
            elif key == "$ORIGIN":
                origin = dns.name.from_text(words[1])
            # anything else between the parts (ELAPSE ..., TRAFFIC, ...) belongs to a STEP line

    def _config_line(self, raw):
        line = strip_comment(raw, ";#").strip()
        if not line or ":" not in line:
            return
        key, _, value = line.partition(":")
        key = key.strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
            value = value[1:-1]
        if key in ("stub-zone", "forward-zone"):
            self.stubs.append({"kind": key.split("-")[0], "name": None, "addrs": []})
            return
        if key == "name" and self.stubs:
            self.stubs[-1]["name"] = value
            return
        if key == "stub-addr" and not self.stubs:
            # Deckard's flat configuration: stub-addr alone gives the root's servers
            self.stubs.append({"kind": "stub", "name": ".", "addrs": []})
        if key in ("stub-addr", "forward-addr", "stub-host") and self.stubs:
            self.stubs[-1]["addrs"].append(value.split("@")[0].split()[0])
            return
        self.config.setdefault(key, []).append(value)

    def _entry(self, lines, i, origin):
        """Parse from after ENTRY_BEGIN to ENTRY_END; returns (entry, next line index)."""
        entry = Entry(i)
        section = None
        while i < len(lines):
            line = strip_comment(lines[i])
            lineno = i + 1
            i += 1
            # a record continued over lines inside ( ... )
            while line.count("(") > line.count(")") and i < len(lines):
                line += " " + strip_comment(lines[i])
                i += 1
            stripped = line.strip()
            if not stripped:
                continue
            words = stripped.split()
            key = words[0]
            if key == "ENTRY_END":
                return entry, i
            if key == "MATCH":
                entry.match.update(words[1:])
            elif key == "ADJUST":
                entry.adjust.update(words[1:])
            elif key == "REPLY":
                entry.reply_words = words[1:]
                for w in words[1:]:
                    if w in HEADER_FLAGS:
                        entry.flags |= HEADER_FLAGS[w]
                    elif w == "DO":
                        entry.do = True
                    elif w in ("QUERY", "IQUERY", "STATUS", "NOTIFY", "UPDATE"):
                        entry.opcode = dns.opcode.from_text(w)
                    else:
                        try:
                            # testpkts spells NOTIMP as ldns does
                            entry.rcode = dns.rcode.from_text("NOTIMP" if w == "NOTIMPL" else w)
                        except dns.rcode.UnknownRcode:
                            self._err(lineno, "unknown REPLY word %s" % w)
            elif key == "SECTION":
                if len(words) < 2 or words[1] not in SECTIONS:
                    self._err(lineno, "unknown SECTION %s" % " ".join(words[1:]))
                section = words[1]
            elif key in ("HEX_ANSWER_BEGIN", "RAW"):
                self._err(lineno, "%s is not supported" % key)
            elif section is None:
                self._err(lineno, "a record before any SECTION: %s" % stripped)
            else:
                try:
                    self._record(entry, section, line, origin)
                except (dns.exception.DNSException, ValueError) as e:
                    self._err(lineno, "%s: %s" % (e, stripped))
        self._err(i, "no ENTRY_END")
        return entry, i

    @staticmethod
    def _record(entry, section, line, origin):
        """Add one record (zone-file form) to the entry's section."""
        text = line.replace("(", " ").replace(")", " ")
        words = shlex.split(text, posix=False)
        # testpkts skips leading white space: every record names its owner
        name = dns.name.from_text(words.pop(0), origin)
        ttl = None
        rdclass = None
        # TTL and class, in either order (one each)
        for _ in range(2):
            if ttl is None and words and re.fullmatch(r"\d+", words[0]):
                ttl = int(words.pop(0))
            elif rdclass is None and len(words) > 1 and words[0].upper() in ("IN", "CH", "HS"):
                rdclass = dns.rdataclass.from_text(words.pop(0))
        if rdclass is None:
            rdclass = dns.rdataclass.IN
        if not words:
            raise ValueError("no type")
        rdtype = dns.rdatatype.from_text(words.pop(0))
        if section == "QUESTION":
            entry.sections["QUESTION"].append((name, rdtype))
            return
        if words and words[0] == "\\#":
            # RFC 3597 generic form, kept as octets: the scenarios use it for RDATA that is
            # malformed on purpose, which a parser of the type would refuse
            octets = bytes.fromhex("".join(words[2:]))
            if len(octets) != int(words[1]):
                raise ValueError("\\# length %s for %d octets" % (words[1], len(octets)))
            rd = dns.rdata.GenericRdata(rdclass, rdtype, octets)
        elif rdtype == dns.rdatatype.RRSIG and len(words) == 8:
            # an RRSIG without its signature field (a scenario's broken signature)
            rd = dns.rdata.from_text(rdclass, rdtype, " ".join(words) + " AA==", origin=origin,
                                     relativize=False)
            rd = rd.replace(signature=b"")
        else:
            try:
                rd = dns.rdata.from_text(rdclass, rdtype, " ".join(words), origin=origin,
                                         relativize=False)
            except dns.exception.SyntaxError as e:
                # base64 without its '=' padding, which ldns (testbound) accepts
                if "padding" not in str(e):
                    raise
                # the base64 field starts after the fixed fields of its type
                start = B64_START.get(rdtype)
                if start is None:
                    raise
                b64 = "".join(words[start:])
                rd = dns.rdata.from_text(rdclass, rdtype,
                                         " ".join(words[:start] + [b64 + "=" * (-len(b64) % 4)]),
                                         origin=origin, relativize=False)
        rrsets = entry.sections[section]
        covers = rd.covers() if rdtype == dns.rdatatype.RRSIG else dns.rdatatype.NONE
        last = rrsets[-1] if rrsets else None
        if last is not None and last.name == name and last.rdtype == rdtype and \
                last.covers == covers and last.rdclass == rdclass:
            last.add(rd, ttl if ttl is not None else DEFAULT_TTL)
        else:
            rrs = dns.rrset.RRset(name, rdclass, rdtype, covers)
            rrs.add(rd, ttl if ttl is not None else DEFAULT_TTL)
            rrsets.append(rrs)

    # -- what the scenario asks ----------------------------------------------------------

    def first_query(self):
        """(step number, entry) of the first STEP QUERY, or (None, None)."""
        for num, kind, entry in self.steps:
            if kind == "QUERY" and entry is not None:
                return num, entry
        return None, None

    def checks(self):
        """The CHECK_ANSWER entries, in order."""
        return [e for _, kind, e in self.steps if kind == "CHECK_ANSWER" and e is not None]

    def addresses(self):
        """Every address a RANGE names, in file order, once."""
        seen = []
        for r in self.ranges:
            for a in r.addresses:
                if a not in seen:
                    seen.append(a)
        return seen

    # -- answering -----------------------------------------------------------------------

    def find(self, addr, step, qname, qtype, opcode, tcp):
        """The entry that answers this query, or None."""
        for r in self.ranges:
            if not r.start <= step <= r.end:
                continue
            if r.addresses and addr not in r.addresses:
                continue
            for e in r.entries:
                if e.matches(qname, qtype, opcode, tcp):
                    return e
        return None

    def _ranges_at(self, addr, step):
        return [r for r in self.ranges if r.start <= step <= r.end and
                (not r.addresses or addr in r.addresses)]

    def recorded(self, addr, step, qname, qtype):
        """What the server at addr is recorded as holding for a query no entry matches (the
        --from-records fallback), as (flags, answer, authority, additional) or None:
          - the RRset qname/qtype and its RRSIGs, from the answer section of an answer it
            gave, or for SOA and DS from the authority section (a negative answer, a
            referral): an authoritative answer (AA);
          - the DS at a delegation it recorded an unsigned referral for: NODATA (AA) with
            the referral's own NSEC/NSEC3 records and RRSIGs, the proof that there is no DS
            (RFC 4035 3.1.4.1 puts the same records in the referral; no SOA is recorded);
          - the DS at a name whose delegation NSEC or NSEC3 it is recorded serving (an NSEC
            owned by the name or an NSEC3 owned by its hash, NS in the bitmap, no SOA and no
            DS: the parent's record at the cut, in
            any section of any answer it gave) when no referral answers it: NODATA (AA) with
            that NSEC and its RRSIGs, the parent's proof that there is no DS (RFC 4035
            3.1.4.1, B.8); a server that serves parent and child answers the DS from the
            parent (RFC 4035 3.1.4.1);
          - else, for a name at or below a delegation it recorded a referral for (not the DS
            at the cut itself, which is the parent's), that referral: NS, DS or its denial,
            glue."""
        found = []
        referral = None
        no_ds = None
        for r in self._ranges_at(addr, step):
            for e in r.entries:
                for sec in ("ANSWER", "AUTHORITY"):
                    if sec == "AUTHORITY" and qtype not in (dns.rdatatype.SOA, dns.rdatatype.DS):
                        continue
                    if sec == "ANSWER" and not self.is_answer(e):
                        continue
                    for rrs in e.sections[sec]:
                        if rrs.name == qname and (rrs.rdtype == qtype or (
                                rrs.rdtype == dns.rdatatype.RRSIG and rrs.covers == qtype)):
                            if not any(x.rdtype == rrs.rdtype for x in found):
                                found.append(rrs)
                if not self.is_answer(e) and e.rcode == dns.rcode.NOERROR:
                    ns = [x for x in e.sections["AUTHORITY"] if x.rdtype == dns.rdatatype.NS]
                    proof = [x for x in e.sections["AUTHORITY"]
                             if x.rdtype in (dns.rdatatype.NSEC, dns.rdatatype.NSEC3) or (
                                 x.rdtype == dns.rdatatype.RRSIG and
                                 x.covers in (dns.rdatatype.NSEC, dns.rdatatype.NSEC3))]
                    if ns and qtype == dns.rdatatype.DS and qname == ns[0].name and proof and \
                            not any(x.rdtype == dns.rdatatype.DS for x in e.sections["AUTHORITY"]):
                        no_ds = proof
                    if ns and qname.is_subdomain(ns[0].name) and not (
                            qtype == dns.rdatatype.DS and qname == ns[0].name):
                        if referral is None or len(ns[0].name) > len(referral.sections["AUTHORITY"][0].name):
                            referral = e
        if any(x.rdtype == qtype for x in found):
            return dns.flags.AA, found, [], []
        if no_ds is None and qtype == dns.rdatatype.DS:
            no_ds = self._delegation_nsec(addr, step, qname)
        if no_ds is not None:
            return dns.flags.AA, [], no_ds, []
        if referral is not None:
            return 0, [], referral.sections["AUTHORITY"], referral.sections["ADDITIONAL"]
        return None

    @staticmethod
    def _owns(rrs, qname):
        """Whether NSEC or NSEC3 RRset rrs is qname's own: an NSEC owned by it, or an NSEC3
        whose owner's first label is qname's hash with the record's parameters (RFC 5155 5)."""
        if rrs.rdtype == dns.rdatatype.NSEC:
            return rrs.name == qname
        rd = rrs[0]
        try:
            h = dns.dnssec.nsec3_hash(qname, rd.salt or None, rd.iterations, rd.algorithm)
        except (ValueError, dns.dnssec.UnsupportedAlgorithm):
            return False
        return rrs.name.labels[0].decode("ascii").upper() == h

    def _delegation_nsec(self, addr, step, qname):
        """The NSEC or NSEC3 RRset of qname that the server at addr is recorded serving as a
        delegation's (NS set, SOA and DS not), with its RRSIG, or None."""
        nsec, sigs = None, []
        for r in self._ranges_at(addr, step):
            for e in r.entries:
                for sec in ("ANSWER", "AUTHORITY", "ADDITIONAL"):
                    for rrs in e.sections[sec]:
                        if nsec is None and rrs.rdtype in (dns.rdatatype.NSEC, dns.rdatatype.NSEC3) \
                                and self._owns(rrs, qname):
                            types = {w * 256 + i * 8 + j for w, bm in rrs[0].windows
                                     for i, b in enumerate(bm) for j in range(8)
                                     if b & (0x80 >> j)}
                            if dns.rdatatype.NS in types and dns.rdatatype.SOA not in types and \
                                    dns.rdatatype.DS not in types:
                                nsec = rrs
        if nsec is None:
            return None
        for r in self._ranges_at(addr, step):
            for e in r.entries:
                for sec in ("ANSWER", "AUTHORITY", "ADDITIONAL"):
                    for rrs in e.sections[sec]:
                        if not sigs and rrs.rdtype == dns.rdatatype.RRSIG and \
                                rrs.covers == nsec.rdtype and rrs.name == nsec.name:
                            sigs.append(rrs)
        return [nsec] + sigs

    @staticmethod
    def is_answer(e):
        """Whether the entry is an answer (data, NODATA or NXDOMAIN) rather than a referral:
        records in the answer section, or an SOA in the authority section, or no NS there; or
        a YXDOMAIN with the DNAME that would make the name too long (RFC 6672 2.2), which the
        server holding the DNAME gives as authoritative."""
        if e.rcode == dns.rcode.YXDOMAIN:
            return any(x.rdtype == dns.rdatatype.DNAME for x in e.sections["ANSWER"])
        if e.rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            return False
        if e.sections["ANSWER"]:
            return True
        auth = e.sections["AUTHORITY"]
        if any(x.rdtype == dns.rdatatype.SOA for x in auth):
            return True
        return not any(x.rdtype == dns.rdatatype.NS for x in auth)

    def answer(self, wire, addr, step, tcp):
        """The response octets for one query received on addr, or None to stay silent
        (not a DNS query)."""
        try:
            q = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None
        if q.flags & dns.flags.QR:
            return None
        if not q.question:
            qname, qtype = dns.name.root, 0
        else:
            qname, qtype = q.question[0].name, q.question[0].rdtype
        e = self.find(addr, step, qname, qtype, q.opcode(), tcp)
        r = dns.message.Message(id=q.id)
        held = self.recorded(addr, step, qname, qtype) if e is None and self.from_records else None
        if e is not None and self.from_records and qtype == dns.rdatatype.DS and \
                not self.is_answer(e):
            # a DS query the recording answers with the referral that carries that DS RRset
            # (a "subdomain" entry): the parent's authoritative answer, as a real server gives
            ds = [x for x in e.sections["AUTHORITY"] if x.name == qname and (
                x.rdtype == dns.rdatatype.DS or (x.rdtype == dns.rdatatype.RRSIG and
                                                 x.covers == dns.rdatatype.DS))]
            if any(x.rdtype == dns.rdatatype.DS for x in ds):
                e, held = None, (dns.flags.AA, ds, [], [])
        if VERBOSE:
            print("rpl_server: %s %s %s %s -> %s" % (addr, "tcp" if tcp else "udp", qname,
                                                 dns.rdatatype.to_text(qtype),
                                                 "line %d" % e.where if e else "recorded" if held else "REFUSED"),
                  file=sys.stderr)
        if e is None and held:
            r.flags = dns.flags.QR | held[0] | (q.flags & dns.flags.RD)
            r.question = list(q.question)
            r.answer = [x.copy() for x in held[1]]
            r.authority = [x.copy() for x in held[2]]
            r.additional = [x.copy() for x in held[3]]
        elif e is None:
            r.flags = dns.flags.QR | (q.flags & dns.flags.RD)
            r.set_rcode(dns.rcode.REFUSED)
            r.question = list(q.question)
        else:
            if "copy_id" not in e.adjust:
                r.id = 0
            r.flags = e.flags
            if self.set_aa and self.is_answer(e):
                r.flags |= dns.flags.AA
            r.set_opcode(e.opcode)
            r.set_rcode(e.rcode)
            if "copy_query" in e.adjust:
                r.question = list(q.question)
            else:
                r.question = [dns.rrset.RRset(n, dns.rdataclass.IN, t)
                              for n, t in e.sections["QUESTION"]]
            r.answer = [x.copy() for x in e.sections["ANSWER"]]
            r.authority = [x.copy() for x in e.sections["AUTHORITY"]]
            r.additional = [x.copy() for x in e.sections["ADDITIONAL"]]
        limit = 65535
        if q.edns >= 0:
            do = bool(q.ednsflags & dns.flags.DO) or (e is not None and e.do)
            r.use_edns(0, dns.flags.DO if do else 0, 1232)
            if not tcp:
                limit = max(512, min(q.payload, 65535))
        elif not tcp:
            limit = 512
        try:
            out = r.to_wire(max_size=65535)
        except dns.exception.DNSException as ex:
            print("rpl_server: %s: cannot answer %s: %s" % (self.path, qname, ex), file=sys.stderr)
            return None
        if len(out) > limit:
            t = dns.message.Message(id=r.id)
            t.flags = r.flags | dns.flags.TC
            t.set_rcode(r.rcode())
            t.question = r.question
            if q.edns >= 0:
                t.use_edns(0, r.ednsflags, 1232)
            out = t.to_wire()
        return out


# -- the server ----------------------------------------------------------------------------


class Udp(asyncio.DatagramProtocol):
    def __init__(self, scn, addr, step):
        self.scn = scn
        self.addr = addr
        self.step = step
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, peer):
        out = self.scn.answer(data, self.addr, self.step, False)
        if out is not None:
            self.transport.sendto(out, peer)


async def tcp_client(scn, addr, step, reader, writer):
    try:
        while True:
            (n,) = struct.unpack("!H", await reader.readexactly(2))
            out = scn.answer(await reader.readexactly(n), addr, step, True)
            if out is None:
                break
            writer.write(struct.pack("!H", len(out)) + out)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def add_address(addr):
    """Put addr on the loopback device of this network namespace (once)."""
    ip = ipaddress.ip_address(addr)
    plen = 32 if ip.version == 4 else 128
    extra = ["nodad"] if ip.version == 6 else []  # usable at once, no duplicate detection
    p = subprocess.run(["ip", "addr", "add", "%s/%d" % (addr, plen), "dev", "lo"] + extra,
                       capture_output=True, text=True, check=False)
    if p.returncode != 0 and "File exists" not in p.stderr and "already assigned" not in p.stderr:
        raise OSError("ip addr add %s: %s" % (addr, p.stderr.strip()))


async def serve(scn, step, bind, ready_file, port=53, stop=None):
    """Bind every address of scn and answer until stop (an asyncio.Event) is set (forever if
    None). Writes ready_file (its PID) once every socket is bound."""
    loop = asyncio.get_running_loop()
    transports = []
    servers = []
    for addr in scn.addresses():
        if bind:
            add_address(addr)
        tr, _ = await loop.create_datagram_endpoint(lambda a=addr: Udp(scn, a, step),
                                                    local_addr=(addr, port))
        transports.append(tr)
        servers.append(await asyncio.start_server(
            lambda r, w, a=addr: tcp_client(scn, a, step, r, w), addr, port))
    if ready_file:
        with open(ready_file, "w", encoding="ascii") as f:
            f.write("%d\n" % os.getpid())
    try:
        await (stop or asyncio.Event()).wait()
    finally:
        for tr in transports:
            tr.close()
        for s in servers:
            s.close()
            await s.wait_closed()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("dir")
    ap.add_argument("--step", type=int, help="the step whose ranges answer (default: the first QUERY's)")
    ap.add_argument("--no-bind", action="store_true", help="the addresses are on a device already")
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--set-aa", action="store_true",
                    help="set AA on every answer (not on referrals): for hand-written scenarios")
    ap.add_argument("--from-records", action="store_true",
                    help="answer a query no entry matches from what the address is "
                         "recorded as holding (an RRset, a referral)")
    a = ap.parse_args()
    try:
        scn = Scenario(a.file, a.set_aa, a.from_records)
    except RplError as e:
        print(e, file=sys.stderr)
        return 2
    step = a.step
    if step is None:
        step = scn.first_query()[0] or 0
    asyncio.run(serve(scn, step, not a.no_bind, os.path.join(a.dir, "rpl.ready"), a.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
