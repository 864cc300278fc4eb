#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""latency.py DIR RTT_MS JITTER_MS ADDRESS... - the testbed's latency mode (there is no netem on
these machines): in front of each authoritative server ADDRESS, a proxy on ADDRESS port 53 (UDP
and TCP) forwards to the real server on ADDRESS port 5353 and back, each way after half the
round-trip time (plus or minus half the jitter, uniformly), so that every client (dnssec-doctor,
the testbed's Unbound and BIND, delv, DNSViz) sees RTT_MS per exchange as on the Internet. A TCP
connection costs one more round trip before its first message (the handshake). Each UDP query
and each TCP message forwarded is counted: DIR/latency.count holds the total, rewritten at most
every 100 ms. Writes DIR/latency.ready once every socket is bound. Python's asyncio, one process:
test infrastructure, not a model of loss or bandwidth."""
import asyncio
import os
import random
import sys

DIR = sys.argv[1]
RTT = int(sys.argv[2]) / 1000.0
JITTER = int(sys.argv[3]) / 1000.0
ADDRS = sys.argv[4:]
BACKEND_PORT = 5353
count = 0
dirty = False


def half():
    """One way's delay, seconds."""
    return max(0.0, RTT / 2 + random.uniform(-JITTER / 2, JITTER / 2))


def counted():
    global count, dirty
    count += 1
    dirty = True


async def flush():
    global dirty
    while True:
        await asyncio.sleep(0.1)
        if dirty:
            dirty = False
            tmp = os.path.join(DIR, "latency.count.tmp")
            with open(tmp, "w") as f:
                f.write("%d\n" % count)
            os.replace(tmp, os.path.join(DIR, "latency.count"))


class Back(asyncio.DatagramProtocol):
    """One forwarded query's socket towards the real server."""

    def __init__(self, front, client):
        self.front, self.client, self.transport = front, client, None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        loop = asyncio.get_running_loop()
        loop.call_later(half(), self.front.sendto, data, self.client)

    def error_received(self, exc):
        pass


class Front(asyncio.DatagramProtocol):
    """Queries to one server. Each client (address and port) gets its own socket towards the
    server, kept while the client goes on sending (and 4 s after): a retry reaches the server
    from the same port as the query it repeats, as it would over a real path, so a server that
    tells clients apart by address and port (hostile.py's lossy one) sees a retry as one."""

    def __init__(self, addr):
        self.addr, self.transport, self.backs = addr, None, {}

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, client):
        counted()
        asyncio.get_running_loop().create_task(self.forward(data, client))

    async def forward(self, data, client):
        await asyncio.sleep(half())
        loop = asyncio.get_running_loop()
        back = self.backs.get(client)
        if back is None:
            back = self.backs[client] = {"t": loop.create_future(), "last": loop.time()}
            try:
                t, _ = await loop.create_datagram_endpoint(
                    lambda: Back(self.transport, client), remote_addr=(self.addr, BACKEND_PORT))
            except OSError as e:
                del self.backs[client]
                back["t"].set_exception(e)
                return
            back["t"].set_result(t)
            loop.create_task(self.expire(client, back))
        try:
            t = await asyncio.shield(back["t"])
        except OSError:
            return
        back["last"] = loop.time()
        t.sendto(data)

    async def expire(self, client, back):
        """Answers (and a retry's answers) come back within 4 s of the client's last query;
        then the socket goes."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(4)
            if loop.time() - back["last"] >= 4:
                break
        del self.backs[client]
        back["t"].result().close()


async def pipe(reader, writer, messages):
    """Relay DNS-over-TCP messages (two-octet length first), each after one way's delay."""
    try:
        while True:
            head = await reader.readexactly(2)
            body = await reader.readexactly(int.from_bytes(head, "big"))
            if messages:
                counted()
            await asyncio.sleep(half())
            writer.write(head + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def tcp_client(addr, reader, writer):
    await asyncio.sleep(RTT)  # the handshake's round trip
    try:
        br, bw = await asyncio.open_connection(addr, BACKEND_PORT)
    except OSError:
        writer.close()
        return
    await asyncio.gather(pipe(reader, bw, True), pipe(br, writer, False))


async def main():
    loop = asyncio.get_running_loop()
    for addr in ADDRS:
        await loop.create_datagram_endpoint(lambda a=addr: Front(a), local_addr=(addr, 53))
        await asyncio.start_server(lambda r, w, a=addr: tcp_client(a, r, w), addr, 53)
    loop.create_task(flush())
    with open(os.path.join(DIR, "latency.ready"), "w") as f:
        f.write("%d\n" % os.getpid())
    await asyncio.Event().wait()

if __name__ == "__main__":
    asyncio.run(main())
