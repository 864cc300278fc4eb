#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""rpl_validators.py [--resign-dsa] [--stub ZONE=ADDR]... FILE.rpl - what deployed validators
answer for an Unbound/Deckard scenario: tests/testbed/rpl_server.py serves the scenario's
recorded answers (--set-aa --from-records, as bench/peer_suites.py does) and the real Unbound
daemon and BIND's named, each a validating resolver with the scenario's trust anchors, are
asked its query (the first STEP QUERY without CD, with RD, and DO and AD as it has). Prints
one line per validator: its version, the rcode, AD, and the EDE it gave.

Run inside a network namespace of its own (the script re-executes itself under `unshare -rn`
unless --in-ns is given): the servers' addresses are put on the loopback device.

Time: Unbound gets the scenario's val-override-date; named has no such option, so it runs
with `dnssec-accept-expired yes` (the scenarios' signatures expired in 2007; inception is
still checked). Delegations: named (9.18) does not use the glue of a hand-written referral
whose server name lies outside the delegated zone (`com. NS a.gtld-servers.net.`) and asks
the root for the name, which the recording does not hold; `--stub ZONE=ADDR` gives both
resolvers the zone's server directly (named: a static-stub zone, Unbound: a stub-zone), so
that what is compared is the validation of the zone's answers. docs/peer-suites.md ("Deployed
validators on the same answers") records what they did."""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "testbed"))
sys.path.insert(0, HERE)
import rpl_server  # noqa: E402  pylint: disable=wrong-import-position
import peer_suites  # noqa: E402  pylint: disable=wrong-import-position

import dns.edns  # noqa: E402
import dns.flags  # noqa: E402
import dns.message  # noqa: E402
import dns.query  # noqa: E402
import dns.rcode  # noqa: E402
import dns.rdata  # noqa: E402
import dns.rdataclass  # noqa: E402
import dns.rdatatype  # noqa: E402

UNBOUND_ADDR, BIND_ADDR = "127.0.0.53", "127.0.0.54"


def anchors_of(scn):
    """(owner, rdata) of each trust-anchor line."""
    out = []
    for ta in scn.config.get("trust-anchor", []):
        words = ta.split(";")[0].split()
        i = next(k for k, w in enumerate(words) if w.upper() in ("DS", "DNSKEY"))
        rd = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(words[i]),
                                 " ".join(words[i + 1:]))
        out.append((words[0], rd))
    return out


def bind_anchor(owner, rd):
    if rd.rdtype == dns.rdatatype.DS:
        return '%s static-ds %d %d %d "%s";' % (owner, rd.key_tag, rd.algorithm, rd.digest_type,
                                                rd.digest.hex())
    text = rd.to_text().split()
    return '%s static-key %s %s %s "%s";' % (owner, text[0], text[1], text[2], "".join(text[3:]))


def configs(d, scn, stubs):
    anchors = anchors_of(scn)
    date = (scn.config.get("val-override-date") or ["0"])[0]
    roots = peer_suites.root_addrs(scn)
    with open(os.path.join(d, "unbound.conf"), "w", encoding="utf-8") as f:
        f.write('server:\n  interface: %s\n  do-daemonize: no\n  username: ""\n  chroot: ""\n'
                '  directory: "%s"\n  pidfile: ""\n  use-syslog: no\n  logfile: "%s/unbound.log"\n'
                '  verbosity: 1\n  val-log-level: 2\n  access-control: 127.0.0.0/8 allow\n'
                '  do-ip6: no\n  ede: yes\n  qname-minimisation: no\n'
                '  target-fetch-policy: "0 0 0 0 0"\n  val-override-date: "%s"\n'
                % (UNBOUND_ADDR, d, d, date))
        for ta in scn.config.get("trust-anchor", []):
            f.write('  trust-anchor: "%s"\n' % ta.split(";")[0].strip())
        f.write('stub-zone:\n  name: "."\n%s' % "".join("  stub-addr: %s\n" % a for a in roots))
        for zone, addr in stubs:
            f.write('stub-zone:\n  name: "%s"\n  stub-addr: %s\n' % (zone, addr))
        f.write("remote-control:\n  control-enable: no\n")
    with open(os.path.join(d, "root.hints"), "w", encoding="utf-8") as f:
        for i, a in enumerate(roots):
            f.write(". 3600000 NS r%d.rpl.invalid.\nr%d.rpl.invalid. 3600000 A %s\n" % (i, i, a))
    os.makedirs(os.path.join(d, "named"), exist_ok=True)
    with open(os.path.join(d, "named.conf"), "w", encoding="utf-8") as f:
        f.write('options {\n  directory "%s/named";\n  pid-file "%s/named.pid";\n'
                '  session-keyfile "%s/named/session.key";\n  listen-on port 53 { %s; };\n'
                '  listen-on-v6 { none; };\n  recursion yes;\n  allow-query { any; };\n'
                '  allow-recursion { any; };\n  dnssec-validation yes;\n'
                '  dnssec-accept-expired yes;\n  qname-minimization off;\n  notify no;\n};\n'
                'controls { };\nlogging { channel e { file "%s/named.log"; severity debug 3; '
                'print-category yes; }; category default { e; }; category dnssec { e; }; '
                'category resolver { e; }; category lame-servers { e; }; };\n'
                'trust-anchors {\n%s};\nzone "." { type hint; file "%s/root.hints"; };\n'
                % (d, d, d, BIND_ADDR, d, "".join("  %s\n" % bind_anchor(o, rd)
                                                   for o, rd in anchors), d))
        for zone, addr in stubs:
            f.write('zone "%s" { type static-stub; server-addresses { %s; }; };\n' % (zone, addr))


def ask(addr, q):
    m = dns.message.make_query(q.qname, q.qtype, want_dnssec=q.do, use_edns=0, payload=1232)
    m.flags |= dns.flags.RD | (q.flags & dns.flags.AD)  # AD asks for AD without DO (RFC 6840 5.7)
    try:
        r = dns.query.udp(m, addr, timeout=8)
    except Exception as e:  # pylint: disable=broad-except
        return "no answer (%s)" % e.__class__.__name__
    ede = [o for o in r.options if o.otype == dns.edns.EDE]
    return "%s%s%s" % (dns.rcode.to_text(r.rcode()), "+AD" if r.flags & dns.flags.AD else "",
                       "".join(" (EDE %d: %s)" % (o.code, o.text or "") for o in ede))


def version(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return (p.stdout or p.stderr).splitlines()[0].replace("<id:>", "").strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--resign-dsa", action="store_true",
                    help="re-sign a DSA scenario with ECDSAP256SHA256 first (bench/rpl_resign.py)")
    ap.add_argument("--stub", action="append", default=[], help="ZONE=ADDR (repeatable)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the logs (their directory is printed)")
    ap.add_argument("--in-ns", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if not a.in_ns:
        os.execvp("unshare", ["unshare", "-rn", sys.executable, os.path.abspath(__file__),
                              "--in-ns"] + sys.argv[1:])
    d = tempfile.mkdtemp(prefix="rpl-validators.")
    path = a.file
    if a.resign_dsa:
        path, mark, note = peer_suites.resign_copy(path, d)
        print((mark + note).strip() or "(no DSA key: run as it is)")
    scn = rpl_server.Scenario(path, True, True)
    _, q, _ = peer_suites.chosen_query(scn)
    stubs = [tuple(s.split("=", 1)) for s in a.stub]
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for addr in (UNBOUND_ADDR, BIND_ADDR):
        subprocess.run(["ip", "addr", "add", addr + "/32", "dev", "lo"], check=True)
    configs(d, scn, stubs)
    procs = [subprocess.Popen([sys.executable, os.path.join(HERE, "..", "tests", "testbed",
                                                            "rpl_server.py"), "--set-aa",
                               "--from-records", path, d],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        while not os.path.exists(os.path.join(d, "rpl.ready")):
            if procs[0].poll() is not None:
                sys.exit("rpl_server.py failed")
            time.sleep(0.05)
        procs.append(subprocess.Popen(["unbound", "-d", "-c", os.path.join(d, "unbound.conf")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen(["named", "-g", "-n", "1", "-c",
                                       os.path.join(d, "named.conf")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(1.5)
        print("query: %s %s (RD%s); expected by the scenario: %s"
              % (q.qname, dns.rdatatype.to_text(q.qtype), ", DO" if q.do else ", no DO",
                 peer_suites.expected_of(scn, peer_suites.index_of(a.file).get(
                     os.path.basename(a.file)))))
        print("%-40s %s" % ("Unbound " + version(["unbound", "-V"]).replace("Version ", ""),
                            ask(UNBOUND_ADDR, q)))
        print("%-40s %s" % (version(["named", "-v"]), ask(BIND_ADDR, q)))
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait()
    if a.keep:
        print("logs: %s" % d)
    else:
        subprocess.run(["rm", "-rf", d], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
