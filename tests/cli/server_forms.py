#!/usr/bin/env python3
"""server_forms.py DNSSEC-DOCTOR ZONEFILE - the command-line habits of the field (issue 20), run
for real in a network namespace of its own (unshare -rn, loopback up):

- dig's and delv's question: @SERVER, -q NAME, -t TYPE, NAME TYPE IN, NAME IN TYPE, TYPE NAME;
- server addresses with ports wherever an address is: ADDR#PORT, [v6]:PORT, ADDR:PORT, for
  @SERVER, --server, -x and --resolver, and for the resolver command's ADDRESS;
- DNSViz's --server ZONE=NAME=ADDR, -x ZONE:SERVER[,SERVER], names resolved (localhost);
- 'help CMD' = 'CMD --help'; check-zone --ds without -o takes the zone from the SOA.

NSD serves the zone example. on 127.0.0.1 port 5353 (a real server: @SERVER asks it which zone
it serves the name from, and its answers are in the evidence); UDP sockets listen on other
loopback ports where nothing answers: each query the tool sends there is counted at the port it
was meant for (the datagram's question name is looked for as wire octets). No root server
answers, so every run ends 'no root server answered', exit 3, and the saved evidence must name
the same address and port."""

import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

DD, ZONE = sys.argv[1], sys.argv[2]
passed = failed = 0
TMP = tempfile.mkdtemp()


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}" + (f": {detail}" if detail else ""))


class Listener:
    """A UDP socket that records every datagram it receives (it never answers)."""

    def __init__(self, family, addr, port):
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.bind((addr, port))
        self.sock.settimeout(0.05)
        self.got = []
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                self.got.append(self.sock.recv(4096))
            except socket.timeout:
                pass

    def take(self):
        time.sleep(0.1)
        got, self.got = self.got, []
        return got


def wire(name):
    return b"".join(bytes([len(label)]) + label.encode() for label in name.split(".") if label) + b"\0"


def asked(datagrams, name):
    """How many of the datagrams ask a question whose name is @p name (as wire octets)."""
    return sum(1 for d in datagrams if wire(name) in d[12:].lower())


subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
with open(f"{TMP}/example.zone", "w") as f:
    f.write("$TTL 300\nexample. SOA ns1.example. hostmaster.example. 1 3600 600 86400 300\n"
            "example. NS ns1.example.\nns1.example. A 127.0.0.9\nwww.example. A 192.0.2.80\n")
with open(f"{TMP}/nsd.conf", "w") as f:
    f.write(f"""server:
    ip-address: 127.0.0.1
    port: 5353
    do-ip6: no
    username: ""
    chroot: ""
    zonesdir: "{TMP}"
    pidfile: "{TMP}/nsd.pid"
    database: ""
    zonelistfile: "{TMP}/nsd.zonelist"
    xfrdfile: "{TMP}/nsd.xfrd"
    xfrdir: "{TMP}/nsd.xfr"
    logfile: "{TMP}/nsd.log"
    server-count: 1
remote-control:
    control-enable: no
zone:
    name: "example."
    zonefile: "example.zone"
""")
nsd = subprocess.Popen([shutil.which("nsd") or "/usr/sbin/nsd", "-d", "-c", f"{TMP}/nsd.conf"])


def cleanup():
    """NSD stops (and the files go) however the test ends."""
    if nsd.poll() is None:
        nsd.terminate()
        nsd.wait()
    shutil.rmtree(TMP, ignore_errors=True)


atexit.register(cleanup)
for _ in range(100):  # until it answers over TCP
    try:
        socket.create_connection(("127.0.0.1", 5353), timeout=0.1).close()
        break
    except OSError:
        time.sleep(0.05)
l6 = Listener(socket.AF_INET6, "::1", 5354)
res = Listener(socket.AF_INET, "127.0.0.1", 5355)
loc4 = Listener(socket.AF_INET, "127.0.0.1", 5356)
rsv = Listener(socket.AF_INET, "127.0.0.1", 5357)
ntp4 = Listener(socket.AF_INET, "127.0.0.1", 5359)
ntp6 = Listener(socket.AF_INET6, "::1", 5360)
l53 = Listener(socket.AF_INET, "127.0.0.1", 53)  # where a query that lost its port would go

with open(f"{TMP}/hints", "w") as f:
    f.write(". 3600 IN NS a.root.\na.root. 3600 IN A 127.0.0.2\n")
with open(f"{TMP}/anchor", "w") as f:
    f.write(". 3600 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n")
BASE = [DD, "diagnose", "--no-unbound", "--hints", f"{TMP}/hints", "--anchor", f"{TMP}/anchor",
        "--timeout", "0.5"]


def diagnose(*args):
    """Run diagnose with --save; return (exit code, stderr, evidence or None)."""
    ev = f"{TMP}/ev.json"
    if os.path.exists(ev):
        os.unlink(ev)
    p = subprocess.run(BASE + ["--save", ev] + list(args), capture_output=True, text=True,
                       timeout=60)
    e = None
    if os.path.exists(ev):
        with open(ev) as f:
            e = json.load(f)
    return p.returncode, p.stderr, e


def answered(e, addr):
    """How many exchanges of the evidence @p addr answered."""
    return sum(1 for x in e["exchanges"] if x.get("server") == addr and x.get("error") in
               (None, "", "none") and x.get("wire"))


def servers_of(e, zone):
    """The servers of @p zone given on the command line (the zone's own NS are found too)."""
    for z in e["zones"]:
        if z["name"] == zone:
            return [(s["ns"], s["addr"]) for s in z["servers"] if "user" in s["sources"]]
    return []


# @SERVER with dig's ADDR#PORT; the question as dig writes it, in its several orders
for args, qtype in ((["@127.0.0.1#5353", "example.", "DNSKEY", "IN"], 48),
                    (["example.", "IN", "DNSKEY", "@127.0.0.1#5353"], 48),
                    (["DNSKEY", "@127.0.0.1#5353", "example."], 48),
                    (["@127.0.0.1#5353", "-t", "AAAA", "-q", "example."], 28),
                    (["@127.0.0.1#5353", "--type", "ds", "--name", "example.", "-c", "in"], 43),
                    (["@127.0.0.1#5353", "example."], 1)):
    code, err, e = diagnose(*args)
    what = "diagnose " + " ".join(args)
    check(f"{what}: exit {code}", code == 3, err)
    check(f"{what}: 'no root server answered'", "no root server answered" in err, err)
    check(f"{what}: evidence", e is not None)
    if e is None:
        continue
    check(f"{what}: name", e["target"] == "example.", e["target"])
    check(f"{what}: type {e['qtype']}", e["qtype"] == qtype)
    check(f"{what}: servers of example.", servers_of(e, "example.") == [(".", "127.0.0.1#5353")]
          or servers_of(e, "example.") == [("", "127.0.0.1#5353")], servers_of(e, "example."))
    n = answered(e, "127.0.0.1#5353")
    check(f"{what}: answers from 127.0.0.1 port 5353 in the evidence ({n})", n > 0)
check("no query lost its port (53)", asked(l53.take(), "example.") == 0)

# @SERVER for a name inside a zone: the server is the zone's (its SOA says which), and no zone
# is made up at the name
code, err, e = diagnose("@127.0.0.1#5353", "www.example.")
check(f"@SERVER www.example.: exit {code}", code == 3, err)
check("@SERVER www.example.: a server of example.",
      e is not None and servers_of(e, "example.") in ([(".", "127.0.0.1#5353")],
                                                     [("", "127.0.0.1#5353")]),
      servers_of(e, "example.") if e else None)
check("@SERVER www.example.: no zone www.example.",
      e is not None and "www.example." not in [z["name"] for z in e["zones"]],
      [z["name"] for z in e["zones"]] if e else None)
# a server that does not serve the name, or does not answer: said so, nothing probed
for args, want in ((["@127.0.0.1#5353", "other.test."],
                    "@127.0.0.1#5353: 127.0.0.1#5353 does not serve other.test.: REFUSED (give its "
                    "zone with --server ZONE=SERVER)"),
                   (["@127.0.0.1#5356", "www.example."],
                    "@127.0.0.1#5356: 127.0.0.1#5356 does not serve www.example.: no answer ")):
    code, err, e = diagnose(*args)
    check(f"{' '.join(args)}: exit {code}", code == 3, err)
    check(f"{' '.join(args)}: '{want}'", want in err, err)
    check(f"{' '.join(args)}: no evidence", e is None)
loc4.take()

# DNSViz's forms: -x ZONE:SERVER,SERVER with [v6]:PORT and NAME=ADDR:PORT; --server ZONE=NAME=ADDR
code, err, e = diagnose("-x", "example.:[::1]:5354,ns1.test=127.0.0.1:5353", "example.")
check(f"-x: exit {code}", code == 3, err)
srv = servers_of(e, "example.") if e else []
check("-x: both servers, named as given", sorted(srv) == sorted([(".", "::1#5354"),
                                                               ("ns1.test.", "127.0.0.1#5353")])
      or sorted(srv) == sorted([("", "::1#5354"), ("ns1.test.", "127.0.0.1#5353")]), srv)
# (the probe asks IPv6 servers only with a route to the IPv6 Internet, which this namespace
# lacks: the address is listed, "not asked"; the resolver views below reach [::1]:5354)
l6.take()
check("-x: answers from 127.0.0.1:5353", e is not None and answered(e, "127.0.0.1#5353") > 0)
code, err, e = diagnose("--server", "example.=ns1.test=127.0.0.1#5353", "example.")
check(f"--server NAME=ADDR#PORT: exit {code}", code == 3, err)
check("--server NAME=ADDR#PORT: the name kept",
      e is not None and servers_of(e, "example.") == [("ns1.test.", "127.0.0.1#5353")],
      servers_of(e, "example.") if e else None)
check("--server NAME=ADDR#PORT: answers from 5353",
      e is not None and answered(e, "127.0.0.1#5353") > 0)
# a name resolved (getaddrinfo: /etc/hosts), -4 keeping its IPv4 addresses only
code, err, e = diagnose("-4", "--server", "example.=localhost:5356", "example.")
check(f"--server NAME:PORT: exit {code}", code == 3, err)
check("--server localhost:5356 -4: resolved to 127.0.0.1",
      e is not None and servers_of(e, "example.") == [("localhost.", "127.0.0.1#5356")],
      servers_of(e, "example.") if e else None)
check("--server localhost:5356: queries at 5356", asked(loc4.take(), "example.") > 0)

# --resolver ADDR#PORT: the resolver views go to that port, RD set
code, err, e = diagnose("--resolver", "127.0.0.1#5355", "example.", "DNSKEY")
got = res.take()
check(f"--resolver ADDR#PORT: exit {code}", code == 3, err)
check("--resolver 127.0.0.1#5355: views named so",
      e is not None and {v["source"] for v in e["views"]} == {"127.0.0.1#5355"},
      [v["source"] for v in e["views"]] if e else None)
check("--resolver 127.0.0.1#5355: queries there with RD",
      asked(got, "example.") > 0 and all(d[2] & 0x01 for d in got), len(got))
code, err, e = diagnose("--resolver", "[::1]:5354", "example.")
check("--resolver [::1]:5354: views named ::1#5354",
      e is not None and {v["source"] for v in e["views"]} == {"::1#5354"},
      [v["source"] for v in e["views"]] if e else None)
check("--resolver [::1]:5354: queries there", asked(l6.take(), "example.") > 0)
check("no query lost its port (53), again", asked(l53.take(), "example.") == 0)

# the resolver command: dig's @ADDR#PORT
p = subprocess.run([DD, "resolver", "--timeout", "0.05", "@127.0.0.1#5357"],
                   capture_output=True, text=True, timeout=120)
check(f"resolver @127.0.0.1#5357: exit {p.returncode}", p.returncode == 3, p.stderr)
check("resolver @127.0.0.1#5357: 'no answer from 127.0.0.1 (port 5357)'",
      "no answer from 127.0.0.1 (port 5357)" in p.stderr, p.stderr)
check("resolver @127.0.0.1#5357: queries at 5357", len(rsv.take()) > 0)
p = subprocess.run([DD, "resolver", "--port", "5358", "127.0.0.1#5357"], capture_output=True,
                   text=True)
check("resolver: two ports", p.returncode == 3 and
      "port 5357 in '127.0.0.1#5357' and --port 5358 differ" in p.stderr, p.stderr)

# clock --ntp with a port: the SNTP requests (48 octets, RFC 4330) go there
for arg, lis in (("127.0.0.1#5359", ntp4), ("[::1]:5360", ntp6), ("127.0.0.1:5359", ntp4)):
    p = subprocess.run([DD, "clock", "--timeout", "0.2", "--ntp", arg], capture_output=True,
                       text=True, timeout=60)
    got = lis.take()
    check(f"clock --ntp {arg}: exit {p.returncode}", p.returncode == 3, p.stderr)
    check(f"clock --ntp {arg}: SNTP requests there ({len(got)})",
          len(got) > 0 and all(len(d) == 48 for d in got))

# help CMD is CMD --help, for every command
cmds = subprocess.run([DD, "--help"], capture_output=True, text=True).stdout
names = []
on = False
for line in cmds.splitlines():
    if line.startswith("Commands:"):
        on = True
    elif on and line.startswith("  "):
        names.append(line.split()[0])
    elif on and not line.strip():
        on = False
check("commands listed", "diagnose" in names and "help" in names, names)
for c in names:
    a = subprocess.run([DD, "help", c], capture_output=True, text=True)
    b = subprocess.run([DD, c, "--help"], capture_output=True, text=True)
    check(f"help {c} = {c} --help", a.returncode == 0 and a.stdout == b.stdout and a.stdout)
p = subprocess.run([DD, "help"], capture_output=True, text=True)
check("help alone: the usage, exit 0", p.returncode == 0 and p.stdout == cmds)

# check-zone --ds in the registrar form, no -o: the zone's origin from its SOA (RFC 5155 App. A)
DS = "12708 7 2 E91B0008A43024435DE9C7F2C0DD88D29270368D8BD8EB1EE7D41B67139A988D"
for ds, want, code in ((DS, "matches a given DS", 1),
                       (DS[:-1] + "E", "DS_DIGEST_MISMATCH: the DS for key tag 12708", 2)):
    p = subprocess.run([DD, "check-zone", "--color", "never", "--at", "20100101000000", "--ds", ds,
                        ZONE], capture_output=True, text=True)
    check(f"check-zone --ds '{ds[:12]}...' without -o: exit {p.returncode}",
          p.returncode == code, p.stderr)
    check(f"check-zone --ds '{ds[:12]}...' without -o: '{want}'", want in p.stdout, p.stdout)
    check(f"check-zone --ds '{ds[:12]}...' without -o: the zone is example.",
          "Zone example., checked" in p.stdout, p.stdout[:200])

for x in (l6, res, loc4, rsv, ntp4, ntp6, l53):
    x.stop = True
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
