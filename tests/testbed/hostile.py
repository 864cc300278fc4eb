#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""hostile.py MODE ADDRESS [PORT] - scripted misbehaving DNS servers for the testbed.

Modes:
  silent   receive UDP queries and never answer; accept TCP connections and never answer
           (a server that is listed but does not respond at all)
Runs until killed. Only ever binds the address given (a loopback address of the testbed's
private network namespace)."""
import selectors
import socket
import sys
import time


def silent(addr, port):
    sel = selectors.DefaultSelector()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    udp.bind((addr, port))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((addr, port))
    tcp.listen(16)
    sel.register(udp, selectors.EVENT_READ, "udp")
    sel.register(tcp, selectors.EVENT_READ, "tcp")
    held = []  # (deadline, socket): TCP connections kept open, unanswered, for 60 s
    while True:
        for key, _ in sel.select(timeout=1.0):
            if key.data == "udp":
                key.fileobj.recvfrom(65535)
            elif key.data == "tcp":
                conn, _ = key.fileobj.accept()
                held.append((time.time() + 60, conn))
        now = time.time()
        for deadline, conn in [h for h in held if h[0] < now]:
            conn.close()
        held = [h for h in held if h[0] >= now]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    mode, addr = sys.argv[1], sys.argv[2]
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 53
    if mode == "silent":
        silent(addr, port)
    else:
        sys.exit("hostile.py: unknown mode %s" % mode)


if __name__ == "__main__":
    main()
