#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""hostile.py DIR UPSTREAM - the testbed's hostile name servers, one behaviour per address, UDP
and TCP on port 53 (inside the testbed's namespace, started by netns-init.sh):

  127.0.20.1  garbage      the query's ID and QR, then random octets
  127.0.20.2  mismatch     a correct answer under a wrong ID (UDP) or for another name (TCP)
  127.0.20.3  truncating   TC set and nothing else, over UDP and over TCP alike
  127.0.20.4  ptrloop      an answer whose owner name is a compression pointer to itself
  127.0.20.5  huge         the real answer (from UPSTREAM) padded to 65,000 octets, over UDP too
  127.0.20.6  drip         TC over UDP; over TCP the real answer, one octet per second
  127.0.20.7  lossy        the real answer, but the first datagram of every query is lost (the
                           client's retry with the same ID is answered): a healthy server on a
                           lossy path

a middlebox in front of a recursive resolver, for "dnssec-doctor resolver":

  127.0.5.5   strip        forwards to the non-validating Unbound (127.0.5.2) and returns its
                           answers without RRSIGs and without EDNS

and two NTP servers (UDP port 123) for "dnssec-doctor clock":

  127.0.6.2   an SNTP server whose clock is 40 minutes (2400 s) ahead of this machine's
  127.0.6.3   an SNTP server that answers every request with the kiss-o'-death RATE

Real answers come from UPSTREAM (an NSD of the testbed that serves the same zones), so a
client that copes with the behaviour sees correct, signed data. Writes DIR/hostile.ready once
every socket is bound. Python's asyncio runs it: one process; every answer is made in asyncio's
thread pool (the real ones ask UPSTREAM), so that a slow upstream or many clients at once hold
no other server."""
import asyncio
import os
import random
import struct
import sys
import time

import dns.flags
import dns.message
import dns.query
import dns.rdata
import dns.rdataclass
import dns.rcode
import dns.rdatatype
import dns.rrset

BEHAVIOURS = {
    "127.0.20.1": "garbage",
    "127.0.20.2": "mismatch",
    "127.0.20.3": "truncating",
    "127.0.20.4": "ptrloop",
    "127.0.20.5": "huge",
    "127.0.20.6": "drip",
    "127.0.20.7": "lossy",
}
HUGE = 65000
UPSTREAM = "127.0.10.1"
# latency mode (latency.py): the name servers here and UPSTREAM listen on this port instead
PORT = int(os.environ.get("HOSTILE_PORT", "53"))
# a middlebox in front of the testbed's non-validating Unbound that strips DNSSEC: answers
# without RRSIGs and without EDNS (so without the DO bit)
STRIPPING = "127.0.5.5"
STRIP_UPSTREAM = "127.0.5.2"


def strip(wire):
    """Forward a query to STRIP_UPSTREAM and return its answer without RRSIGs or OPT."""
    try:
        q = dns.message.from_wire(wire)
    except Exception:  # noqa: BLE001
        return None
    try:
        r = dns.query.udp(q, STRIP_UPSTREAM, timeout=4)
        if r.flags & dns.flags.TC:
            r = dns.query.tcp(q, STRIP_UPSTREAM, timeout=4)
    except Exception:  # noqa: BLE001
        r = dns.message.make_response(q)
        r.set_rcode(dns.rcode.SERVFAIL)
    for section in (r.answer, r.authority, r.additional):
        section[:] = [rr for rr in section if rr.rdtype != dns.rdatatype.RRSIG]
    r.use_edns(False)
    return r.to_wire()


def upstream(query):
    """The real answer to @query from the testbed's NSD (TCP when UDP is truncated)."""
    try:
        r = dns.query.udp(query, UPSTREAM, port=PORT, timeout=2)
        if r.flags & dns.flags.TC:
            r = dns.query.tcp(query, UPSTREAM, port=PORT, timeout=2)
        return r
    except Exception:  # noqa: BLE001 - a hostile server answers something whatever happens
        return dns.message.make_response(query)


HUGE_CACHE = {}


def huge(q):
    """The real answer to @q padded to about HUGE octets."""
    real = upstream(q)
    base = len(real.to_wire(max_size=65535))
    # padding in the additional section: TXT records at the query name (a compressed owner:
    # 2 + 10 + 251 octets each), distinct so that none is dropped as a duplicate
    pad = dns.rrset.RRset(q.question[0].name, dns.rdataclass.IN, dns.rdatatype.TXT)
    for i in range(max(0, (HUGE - base - 300) // 263)):
        pad.add(dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.TXT,
                                    '"%05d%s"' % (i, "x" * 245)), 300)
    real.additional.append(pad)
    return real.to_wire(max_size=65535)


def answer(kind, wire, tcp):
    """The response octets for one query, or None to stay silent."""
    try:
        q = dns.message.from_wire(wire)
    except Exception:  # noqa: BLE001
        return None
    qid = q.id
    if kind == "garbage":
        n = random.randint(12, 600)
        return struct.pack("!HH", qid, 0x8400) + os.urandom(n)
    if kind == "ptrloop":
        # the question as asked (stop at its end: name, type, class), then one answer whose
        # owner is a pointer to itself
        end = 12
        while end < len(wire) and wire[end] != 0:
            end += 1 + wire[end]
        end += 5
        head = struct.pack("!HHHHHH", qid, 0x8400, 1, 1, 0, 0)
        msg = head + wire[12:end]
        here = len(msg)
        msg += struct.pack("!H", 0xC000 | here) + struct.pack("!HHIH", 1, 1, 300, 4) + b"\x7f\0\0\1"
        return msg
    r = dns.message.make_response(q)
    if kind == "huge":
        # built once per question (250 TXT records take dnspython a while, and a loaded
        # machine must not turn that into a timeout): the cached answer under this query's ID
        key = (q.question[0].name.to_text().lower(), q.question[0].rdtype, q.ednsflags)
        wire = HUGE_CACHE.get(key)
        if wire is None:
            wire = huge(q)
            HUGE_CACHE[key] = wire
        return struct.pack("!H", qid) + wire[2:]
    if kind == "truncating" or (kind == "drip" and not tcp):
        r.flags |= dns.flags.TC | dns.flags.AA
        return r.to_wire()
    real = upstream(q)
    if kind == "mismatch":
        if tcp:
            other = dns.message.make_query("other." + q.question[0].name.to_text(), q.question[0].rdtype)
            o = dns.message.make_response(other)
            o.id = qid
            return o.to_wire()
        real.id = (qid + 0x5555) & 0xFFFF
        return real.to_wire()
    if kind in ("drip", "lossy"):
        return real.to_wire()
    return None


NTP_SKEW = 2400
NTP_DELTA = 2208988800


def ntp_ts(t):
    sec = int(t) + NTP_DELTA
    return struct.pack("!II", sec & 0xFFFFFFFF, int((t - int(t)) * 2 ** 32))


class Ntp(asyncio.DatagramProtocol):
    """SNTP server mode (RFC 4330 5): the request's transmit time as originate, and this
    machine's time shifted by NTP_SKEW, or a kiss-o'-death."""
    def __init__(self, kiss):
        self.kiss = kiss
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        if len(data) < 48:
            return
        now = time.time() + NTP_SKEW
        if self.kiss:
            head = struct.pack("!BBbb", 4 << 3 | 4, 0, 6, -20) + b"\0" * 8 + b"RATE"
            out = head + b"\0" * 8 + data[40:48] + b"\0" * 16
        else:
            head = struct.pack("!BBbb", 4 << 3 | 4, 2, 6, -20) + b"\0" * 8 + b"\x7f\0\x06\x02"
            out = head + ntp_ts(now - 1) + data[40:48] + ntp_ts(now) + ntp_ts(now)
        self.transport.sendto(out, addr)


class Udp(asyncio.DatagramProtocol):
    def __init__(self, kind):
        self.kind = kind
        self.transport = None
        self.seen = set()

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        if self.kind == "lossy" and len(data) >= 2:
            key = (addr, data[:2])
            if key not in self.seen:
                self.seen.add(key)  # the first datagram with this ID from this client: lost
                return
        if self.kind == "strip":
            # the upstream resolver may take seconds: off the event loop
            fut = asyncio.get_running_loop().run_in_executor(None, strip, data)
            fut.add_done_callback(lambda f: f.result() and self.transport.sendto(f.result(), addr))
            return
        # the real answer comes from the upstream NSD: off the event loop too, so that many
        # clients at once (monitor's side-by-side probes) do not queue behind each other
        fut = asyncio.get_running_loop().run_in_executor(None, answer, self.kind, data, False)
        fut.add_done_callback(lambda f: f.result() and self.transport.sendto(f.result(), addr))


async def tcp_client(kind, reader, writer):
    try:
        while True:
            head = await reader.readexactly(2)
            (n,) = struct.unpack("!H", head)
            wire = await reader.readexactly(n)
            if kind == "strip":
                out = await asyncio.get_running_loop().run_in_executor(None, strip, wire)
            else:
                out = await asyncio.get_running_loop().run_in_executor(None, answer, kind, wire,
                                                                       True)
            if out is None:
                break
            framed = struct.pack("!H", len(out)) + out
            if kind == "drip":
                for i in range(len(framed)):
                    writer.write(framed[i:i + 1])
                    await writer.drain()
                    await asyncio.sleep(1)
            else:
                writer.write(framed)
                await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    global UPSTREAM
    run = sys.argv[1]
    if len(sys.argv) > 2:
        UPSTREAM = sys.argv[2]
    loop = asyncio.get_running_loop()
    servers = []
    for addr, kind in list(BEHAVIOURS.items()) + [(STRIPPING, "strip")]:
        port = 53 if kind == "strip" else PORT
        await loop.create_datagram_endpoint(lambda k=kind: Udp(k), local_addr=(addr, port))
        servers.append(await asyncio.start_server(
            lambda r, w, k=kind: tcp_client(k, r, w), addr, port))
    await loop.create_datagram_endpoint(lambda: Ntp(False), local_addr=("127.0.6.2", 123))
    await loop.create_datagram_endpoint(lambda: Ntp(True), local_addr=("127.0.6.3", 123))
    with open(os.path.join(run, "hostile.ready"), "w") as f:
        f.write("%d\n" % os.getpid())
    await asyncio.Event().wait()

if __name__ == "__main__":
    asyncio.run(main())
