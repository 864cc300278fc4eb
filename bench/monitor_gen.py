#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""monitor_gen.py OUTDIR N - the hierarchy of bench/monitor.sh: a private root, one TLD
"bench." with N delegations (NS + DS each), and N signed child zones z0.bench. .. z<N-1>.bench.
(each with its own Ed25519 key, SOA, NS, DNSKEY, A, www A and an NSEC chain, signed for 30 days
by dnspython in two processes); the root and the TLD are signed by dnssec-signzone (ECDSA
P-256). Served by NSD: 127.0.30.1 the root and the TLD, 127.0.30.2 and .3 every child zone.
Writes nsd-top.conf, nsd-kids.conf, hints, anchor.ds and zones.txt. Reuses OUTDIR when it was
built for the same N less than 20 days ago."""
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time

import dns.dnssec
import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.rrset
from cryptography.hazmat.primitives.asymmetric import ed25519

TTL = 3600
TOP, KIDS = "127.0.30.1", ("127.0.30.2", "127.0.30.3")
NOW = int(time.time())
WINDOW = (NOW - 3600, NOW + 30 * 86400)


def child(i):
    """One signed child zone's text and its DS record."""
    z = "z%d.bench." % i
    name = dns.name.from_text(z)
    key = ed25519.Ed25519PrivateKey.generate()
    dnskey = dns.dnssec.make_dnskey(key.public_key(), 15, flags=257)
    www = dns.name.from_text("www", name)
    sets = [
        dns.rrset.from_text(name, TTL, "IN", "SOA", "kids1.bench. hostmaster.%s %d 3600 600 1209600 300" % (z, NOW)),
        dns.rrset.from_text(name, TTL, "IN", "NS", "kids1.bench.", "kids2.bench."),
        dns.rrset.from_rdata(name, TTL, dnskey),
        dns.rrset.from_text(name, TTL, "IN", "A", "192.0.2.%d" % (i % 250 + 1)),
        dns.rrset.from_text(name, 300, "IN", "NSEC", "www.%s A NS SOA RRSIG NSEC DNSKEY" % z),
        dns.rrset.from_text(www, TTL, "IN", "A", "192.0.2.%d" % (i % 250 + 1)),
        dns.rrset.from_text(www, 300, "IN", "NSEC", "%s A RRSIG NSEC" % z),
    ]
    out = []
    for rs in sets:
        sig = dns.dnssec.sign(rs, key, name, dnskey, inception=WINDOW[0], expiration=WINDOW[1])
        out.append(rs.to_text())
        out.append(dns.rrset.from_rdata(rs.name, rs.ttl, sig).to_text())
    ds = dns.dnssec.make_ds(name, dnskey, "SHA256")
    return z, "\n".join(out) + "\n", ds.to_text()


def run(args, cwd=None):
    subprocess.run(args, check=True, cwd=cwd, stdout=subprocess.DEVNULL)


def sign(outdir, zone, text, tag):
    """Sign @text for @zone with new ECDSA P-256 keys; returns the KSK file base."""
    kd = os.path.join(outdir, "keys", tag)
    os.makedirs(kd, exist_ok=True)
    ksk = subprocess.run(["dnssec-keygen", "-q", "-K", kd, "-a", "13", "-f", "KSK", zone],
                         check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    zsk = subprocess.run(["dnssec-keygen", "-q", "-K", kd, "-a", "13", zone],
                         check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    unsigned = os.path.join(outdir, tag + ".unsigned")
    with open(unsigned, "w") as f:
        f.write(text)
        for k in (ksk, zsk):
            with open(os.path.join(kd, k + ".key")) as kf:
                f.write(kf.read())
    run(["dnssec-signzone", "-q", "-P", "-s", str(WINDOW[0]), "-e", str(WINDOW[1]), "-o", zone,
         "-K", kd, "-d", kd, "-f", os.path.join(outdir, "zones", tag + ".zone"), unsigned,
         os.path.join(kd, ksk), os.path.join(kd, zsk)])
    return os.path.join(kd, ksk)


def nsd_conf(outdir, name, addrs, zones):
    with open(os.path.join(outdir, "nsd-%s.conf" % name), "w") as f:
        f.write("server:\n")
        for a in addrs:
            f.write("    ip-address: %s\n" % a)
        f.write('    port: 53\n    do-ip6: no\n    username: ""\n    chroot: ""\n'
                '    zonesdir: "{d}/zones"\n    pidfile: "{d}/nsd-{n}.pid"\n    database: ""\n'
                '    zonelistfile: "{d}/nsd-{n}.zonelist"\n    xfrdfile: "{d}/nsd-{n}.xfrd"\n'
                '    xfrdir: "{d}/nsd-{n}.xfr"\n    logfile: "{d}/nsd-{n}.log"\n'
                '    server-count: 1\n    verbosity: 0\nremote-control:\n    control-enable: no\n'
                .format(d=outdir, n=name))
        for z, fn in zones:
            f.write('zone:\n    name: "%s"\n    zonefile: "%s"\n' % (z, fn))


def main():
    outdir, n = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    stamp = os.path.join(outdir, "built.json")
    if os.path.exists(stamp):
        s = json.load(open(stamp))
        if s.get("n") == n and NOW - s.get("at", 0) < 20 * 86400:
            print("monitor_gen: reusing %s (%d zones)" % (outdir, n))
            return
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(os.path.join(outdir, "zones", "kids"))
    t0 = time.time()
    with multiprocessing.Pool(os.cpu_count() or 2) as pool:
        kids = pool.map(child, range(n), chunksize=256)
    for z, text, _ in kids:
        with open(os.path.join(outdir, "zones", "kids", z + "zone"), "w") as f:
            f.write(text)
    t1 = time.time()
    tld = ["$TTL %d" % TTL,
           "bench. IN SOA ns1.bench. hostmaster.bench. %d 3600 600 1209600 300" % NOW,
           "bench. IN NS ns1.bench.",
           "ns1.bench. IN A %s" % TOP,
           "kids1.bench. IN A %s" % KIDS[0],
           "kids2.bench. IN A %s" % KIDS[1]]
    for z, _, ds in kids:
        tld += ["%s IN NS kids1.bench." % z, "%s IN NS kids2.bench." % z, "%s IN DS %s" % (z, ds)]
    ksk = sign(outdir, "bench.", "\n".join(tld) + "\n", "bench")
    ds = subprocess.run(["dnssec-dsfromkey", "-2", ksk + ".key"], check=True,
                        stdout=subprocess.PIPE, text=True).stdout.strip()
    root = ["$TTL %d" % TTL,
            ". IN SOA a.root-servers.test. hostmaster.test. %d 3600 600 1209600 300" % NOW,
            ". IN NS a.root-servers.test.",
            "a.root-servers.test. IN A %s" % TOP,
            "bench. IN NS ns1.bench.",
            "ns1.bench. IN A %s" % TOP,
            ds]
    rksk = sign(outdir, ".", "\n".join(root) + "\n", "root")
    with open(os.path.join(outdir, "anchor.ds"), "w") as f:
        f.write(subprocess.run(["dnssec-dsfromkey", "-2", rksk + ".key"], check=True,
                               stdout=subprocess.PIPE, text=True).stdout)
    with open(os.path.join(outdir, "hints"), "w") as f:
        f.write(". 3600000 NS a.root-servers.test.\na.root-servers.test. 3600000 A %s\n" % TOP)
    with open(os.path.join(outdir, "zones.txt"), "w") as f:
        f.write("".join(z + "\n" for z, _, _ in kids))
    nsd_conf(outdir, "top", [TOP], [(".", "root.zone"), ("bench.", "bench.zone")])
    nsd_conf(outdir, "kids", KIDS, [(z, "kids/%szone" % z) for z, _, _ in kids])
    json.dump({"n": n, "at": NOW}, open(stamp, "w"))
    print("monitor_gen: %d child zones signed in %.1f s, TLD and root in %.1f s" %
          (n, t1 - t0, time.time() - t1))


if __name__ == "__main__":
    main()
