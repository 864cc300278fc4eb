#!/usr/bin/env python3
# monitor_deadline.py DNSSEC-DOCTOR - the monitor's -t/--deadline (Monitoring Plugins -t, issue
# 20), in a network namespace of its own (tests/cli/meson.build runs it under "unshare -rn"): a
# root server that never answers (UDP read and dropped, TCP accepted and left silent) holds every
# zone; -t 1 ends the run after about a second with exit 3 and a Nagios line that says so,
# never a state the unchecked zones did not earn.
import os
import socket
import subprocess
import sys
import tempfile
import time

DD = sys.argv[1]
failed = 0


def check(what, ok, detail=""):
    global failed
    print("%s: %s%s" % ("ok" if ok else "FAIL", what, "" if ok else " (%s)" % detail))
    failed += 0 if ok else 1


def main():
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 53))          # never read: queries wait in its buffer
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 53))
    tcp.listen(64)                        # connections complete, nothing is ever sent
    work = tempfile.mkdtemp(prefix="dd-deadline-")
    hints = os.path.join(work, "hints")
    with open(hints, "w") as f:
        f.write(". 3600 IN NS a.root.\na.root. 3600 IN A 127.0.0.1\n")
    zones = ["z%d.example." % i for i in range(5)]
    base = [DD, "monitor", "--hints", hints, "--timeout", "5", "--no-db"]
    t0 = time.monotonic()
    p = subprocess.run(base + ["--format", "nagios", "-t", "1"] + zones, capture_output=True,
                       text=True, timeout=60)
    took = time.monotonic() - t0
    first = p.stdout.splitlines()[0] if p.stdout else ""
    check("-t 1: exit 3 (UNKNOWN)", p.returncode == 3, "%d %s" % (p.returncode, p.stderr))
    check("-t 1: the Nagios line says it timed out, UNKNOWN",
          first.startswith("DNSSEC UNKNOWN - timed out after 1 s: 0 of 5 zones checked"), first)
    check("-t 1: stderr says so too", "timed out after 1 s: 0 of 5 zones checked" in p.stderr,
          p.stderr)
    check("-t 1: ends within 3 s (took %.1f s)" % took, took < 3.0)
    p = subprocess.run(base + ["--format", "json", "--deadline", "1", "z0.example."],
                       capture_output=True, text=True, timeout=60)
    check("--deadline 1 with json: exit 3", p.returncode == 3, "%d %s" % (p.returncode, p.stderr))
    print("%s" % ("all passed" if failed == 0 else "%d failed" % failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
