#!/usr/bin/env python3
# monitor_http.py DNSSEC-DOCTOR - monitor --listen under load (issue 22, item 3), in a network
# namespace of its own (tests/cli/meson.build runs it under "unshare -rn"): 1,100 slow clients
# (half connect and send nothing, half trickle a request one octet at a time) from 11 other
# loopback addresses, and /metrics still answers a real client within 1 s, every time, for
# longer than the connection timeout; no address holds more than the per-address limit; idle
# clients are closed after the timeout. Then where it listens: PORT alone is loopback only,
# 0.0.0.0:PORT every interface.
import errno
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

DD = sys.argv[1]
PER_IP_LIMIT, TIMEOUT_S = 16, 5   # src/cli/http.c
OTHER = "10.9.9.9"                # an address of this namespace that is not loopback
failed = 0


def check(what, ok, detail=""):
    global failed
    print("%s: %s%s" % ("ok" if ok else "FAIL", what, "" if ok else " (%s)" % detail))
    failed += 0 if ok else 1


def get(host, port, source="127.0.0.1", timeout=5.0):
    """GET /metrics; (status, body, seconds) or (None, error, seconds)."""
    t0 = time.monotonic()
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        if fam == socket.AF_INET:
            s.bind((source, 0))
        s.connect((host, port))
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else None
        return status, data.decode(errors="replace"), time.monotonic() - t0
    except OSError as e:
        return None, str(e), time.monotonic() - t0
    finally:
        s.close()


def start(work, listen):
    hints = os.path.join(work, "hints")
    with open(hints, "w") as f:   # a root server on loopback where nothing listens: runs end fast
        f.write(". 3600 IN NS a.root.\na.root. 3600 IN A 127.0.0.1\n")
    return subprocess.Popen([DD, "monitor", "--no-db", "--hints", hints, "--timeout", "0.2",
                             "--format", "json", "--listen", listen, "--interval", "1h",
                             "example."],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_ready(port):
    for _ in range(100):
        status, body, _ = get("127.0.0.1", port, timeout=2)
        if status == 200:
            return body
        time.sleep(0.1)
    return None


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    return p.stderr.read()


def closed_by_server(s):
    try:
        return s.recv(1, socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    work = tempfile.mkdtemp(prefix="dd-http-")

    # ---- 1,100 slow clients ----------------------------------------------------------------
    port = 9181
    p = start(work, "127.0.0.1:%d" % port)
    body = wait_ready(port)
    check("/metrics answers before the load", body is not None and
          'dnssec_doctor_zone_state{zone="example."}' in body)
    slow = []   # (socket, source, trickles)
    for i in range(1100):
        src = "127.0.0.%d" % (2 + i % 11)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((src, 0))
        s.setblocking(False)
        r = s.connect_ex(("127.0.0.1", port))
        if r not in (0, errno.EINPROGRESS):
            check("slow client %d connects" % i, False, os.strerror(r))
        slow.append((s, src, i % 2 == 1))
    request = b"GET /metrics HTTP/1.1\r\nHost: x\r\n"   # never finished
    worst, answers, t_end = 0.0, 0, time.monotonic() + TIMEOUT_S + 2
    step = 0
    while time.monotonic() < t_end:
        for s, _, trickle in slow:
            if trickle and step < len(request):
                try:
                    s.send(request[step:step + 1])
                except OSError:
                    pass
        step += 1
        status, body, secs = get("127.0.0.1", port, timeout=3)
        worst = max(worst, secs)
        if status == 200 and "dnssec_doctor_zone_state" in body:
            answers += 1
        else:
            check("/metrics under load", False, "%s after %.2f s: %s" % (status, secs, body[:200]))
        if step == 3:
            held = {}
            for s, src, _ in slow:
                if not closed_by_server(s):
                    held[src] = held.get(src, 0) + 1
            most = max(held.values()) if held else 0
            check("no address holds more than %d connections (most: %d)" % (PER_IP_LIMIT, most),
                  most <= PER_IP_LIMIT, held)
        time.sleep(0.4)
    check("/metrics answered every time within 1 s under 1,100 slow clients (%d answers, "
          "slowest %.3f s)" % (answers, worst), answers >= 10 and worst < 1.0)
    silent_open = sum(1 for s, _, trickle in slow if not trickle and not closed_by_server(s))
    check("clients that send nothing are closed after %d s (%d still open)" % (TIMEOUT_S, silent_open),
          silent_open == 0)
    for s, _, _ in slow:
        s.close()
    err = stop(p)
    check("few log lines under the flood (%d)" % err.count("\n"), err.count("\n") <= 4, err[-500:])

    # ---- where it listens ------------------------------------------------------------------
    p = start(work, str(port + 1))
    ready = wait_ready(port + 1) is not None
    check("--listen PORT answers on 127.0.0.1", ready)
    status, body, _ = get(OTHER, port + 1, source=OTHER, timeout=2)
    check("--listen PORT does not answer on %s" % OTHER, status is None, "%s %s" % (status, body[:80]))
    v6 = socket.has_ipv6
    if v6:
        try:
            t = socket.socket(socket.AF_INET6)
            t.bind(("::1", 0))
            t.close()
        except OSError:
            v6 = False
    if v6:
        status, _, _ = get("::1", port + 1, timeout=2)
        check("--listen PORT answers on ::1", status == 200, status)
    stop(p)
    p = start(work, "0.0.0.0:%d" % (port + 2))
    ready = wait_ready(port + 2) is not None
    status, _, _ = get(OTHER, port + 2, source=OTHER, timeout=2)
    check("--listen 0.0.0.0:PORT answers on %s" % OTHER, ready and status == 200, status)
    stop(p)
    p = start(work, "[::1]:%d" % (port + 3)) if v6 else None
    if p is not None:
        status = None
        for _ in range(100):
            status, _, _ = get("::1", port + 3, timeout=2)
            if status == 200:
                break
            time.sleep(0.1)
        check("--listen [::1]:PORT answers on ::1", status == 200, status)
        s4, _, _ = get("127.0.0.1", port + 3, timeout=2)
        check("--listen [::1]:PORT does not answer on 127.0.0.1", s4 is None, s4)
        stop(p)
    shutil.rmtree(work, ignore_errors=True)
    print("%d failed" % failed)
    return 1 if failed else 0


sys.exit(main())
