#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""build.py OUTDIR - build the dnssec-doctor testbed from scratch into OUTDIR.

Generates keys (dnssec-keygen), writes every zone of the private hierarchy (root, srv., example.,
lab. and the scenario zones of scenarios.json), signs them with dnssec-signzone or
ldns-signzone with explicit inception/expiration times, injects each scenario's faults by
editing the signed zones, and writes the server configurations (NSD, Knot DNS, Unbound), the
trust anchor in several formats, the root hints and manifest.json.

Run with Debian's /usr/bin/python3 (needs python3-dnspython). Nothing is started here:
testbed.sh does that inside a private network namespace.
"""
import json
import os
import shutil
import subprocess
import sys
import time

import dns.dnssec
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.zone

import sigfaults

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = int(time.time())
HOUR, DAY = 3600, 86400
IN = dns.rdataclass.IN

# Latency mode (TESTBED_LATENCY=RTT_MS[:JITTER_MS], latency.py): the authoritative servers
# listen on port 5353 behind a delaying proxy on port 53 of the same address.
AUTH_PORT = 5353 if os.environ.get("TESTBED_LATENCY") else 53

# Server instances: name -> (kind, address). Every address is on the namespace's loopback.
SERVERS = {
    "root": ("nsd", "127.0.1.1"),
    "tld": ("nsd", "127.0.2.1"),
    "auth1": ("nsd", "127.0.10.1"),
    "auth2": ("nsd", "127.0.10.2"),
    "lame": ("nsd", "127.0.10.3"),
    "silent": ("blackhole", "127.0.10.9"),   # packets dropped (nft, netns-init.sh)
    # hostile.py, one misbehaviour per address (see there)
    "garbage": ("hostile", "127.0.20.1"),
    "mismatch": ("hostile", "127.0.20.2"),
    "truncating": ("hostile", "127.0.20.3"),
    "ptrloop": ("hostile", "127.0.20.4"),
    "huge": ("hostile", "127.0.20.5"),
    "drip": ("hostile", "127.0.20.6"),
    "lossy": ("hostile", "127.0.20.7"),
    "knot": ("knot", "127.0.3.1"),
}
# Recursive resolvers: validating and non-validating Unbound, an Unbound whose validation
# clock runs SKEW seconds fast (val-override-date), BIND with Ed25519 and SHA-384 DS
# disabled (disable-algorithms, disable-ds-digests), and a middlebox that strips DNSSEC
# records and EDNS from the non-validating one's answers (hostile.py).
RESOLVERS = {"validating": "127.0.5.1", "nonvalidating": "127.0.5.2", "skewed": "127.0.5.3",
             "bind": "127.0.5.4", "stripping": "127.0.5.5"}
SKEW = 6 * 3600  # beyond topaz.example.'s 2-hour expiry plus Unbound's val-sig-skew-min (1 hour)

# Server host names (in the signed srv. zone) and the instance behind each.
HOSTS = {
    "a.root-servers.srv.": "root",
    "ns1.tld-servers.srv.": "tld",
    "ns1.auth.srv.": "auth1",
    "ns2.auth.srv.": "auth2",
    "ns3.auth.srv.": "lame",
    "ns4.auth.srv.": "silent",
    "ns5.auth.srv.": "garbage",
    "ns6.auth.srv.": "mismatch",
    "ns7.auth.srv.": "truncating",
    "ns8.auth.srv.": "ptrloop",
    "ns9.auth.srv.": "huge",
    "ns10.auth.srv.": "drip",
    "ns11.auth.srv.": "lossy",
    "ns.knot.srv.": "knot",
}
# Name-server sets a scenario can ask for ("ns" in scenarios.json).
NS_SETS = {
    "auth": ["ns1.auth.srv.", "ns2.auth.srv."],
    "knot": ["ns.knot.srv."],
    "lame-silent": ["ns1.auth.srv.", "ns3.auth.srv.", "ns4.auth.srv."],
    # a healthy server beside one hostile one (hostile.py)
    "garbage": ["ns1.auth.srv.", "ns5.auth.srv."],
    "mismatch": ["ns1.auth.srv.", "ns6.auth.srv."],
    "truncating": ["ns1.auth.srv.", "ns7.auth.srv."],
    "ptrloop": ["ns1.auth.srv.", "ns8.auth.srv."],
    "huge": ["ns1.auth.srv.", "ns9.auth.srv."],
    "drip": ["ns1.auth.srv.", "ns10.auth.srv."],
    "lossy": ["ns1.auth.srv.", "ns11.auth.srv."],
    "inbailiwick": ["ns1.{zone}", "ns2.{zone}"],   # with glue: auth1, auth2
    # in-bailiwick names with glue at addresses a hostile zone may choose; only ns1 (auth1)
    # serves the zone
    "private-glue": ["ns1.{zone}", "ns2.{zone}", "ns3.{zone}", "ns4.{zone}", "ns5.{zone}",
                     "ns6.{zone}"],
}
INBAILIWICK_INSTANCES = ["auth1", "auth2"]
UNDELEGATED = "kestrel.example."   # served, signed, not delegated (pre-delegation tests)
# zones with a second version that is a key change (preflight against a primed cache,
# tests/integration/preflight_cache.py): the data's TTL is 2 s so that a resolver fetches it
# again at once, the DNSKEY RRset's stays an hour (what a primed cache holds)
TRANSITIONS = {
    "quince.example.": "zsk-swap",        # the ZSK replaced in one step: unsafe
    "rowan.example.": "zsk-prepublish",   # a new ZSK published beside the old: safe
}
TRANSITION_TTL = 2
DNAME_ZONE = "larkspur.example."
PRIVATE_GLUE = ["127.0.10.1", "127.0.0.1", "10.0.0.1", "169.254.169.254", "0.0.0.0",
                "224.0.0.1"]

DS_TTL, DNSKEY_TTL, TTL = 3600, 3600, 300


def run(args, **kw):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        sys.exit("build.py: %s failed:\n%s%s" % (" ".join(args), r.stdout, r.stderr))
    return r.stdout


def when(spec):
    """'+2d', '-30d', '-1h' relative to NOW, in seconds since the epoch."""
    unit = {"d": DAY, "h": HOUR, "m": 60}[spec[-1]]
    return NOW + int(spec[:-1]) * unit


def N(text):
    return dns.name.from_text(text)


class Keys:
    """The keys of one zone: KSKs and ZSKs made by dnssec-keygen (base paths, no suffix)."""

    def __init__(self, keydir, zone):
        self.dir = os.path.join(keydir, zone.rstrip(".") or "root")
        os.makedirs(self.dir, exist_ok=True)
        self.zone = zone
        self.ksk, self.zsk, self.extra = [], [], []

    def gen(self, alg, bits=None, ksk=False):
        args = ["dnssec-keygen", "-q", "-K", self.dir, "-a", str(alg)]
        if bits:
            args += ["-b", str(bits)]
        if ksk:
            args += ["-f", "KSK"]
        base = os.path.join(self.dir, run(args + [self.zone]).strip())
        return base

    def dnskey(self, base):
        """The DNSKEY rdata of a key file."""
        with open(base + ".key") as f:
            for line in f:
                words = line.split(";", 1)[0].split()
                if "DNSKEY" in words:
                    rdata = " ".join(words[words.index("DNSKEY") + 1:])
                    return dns.rdata.from_text(IN, dns.rdatatype.DNSKEY, rdata)
        raise ValueError("no DNSKEY in %s.key" % base)

    def key_lines(self, bases):
        return ["%s %d IN DNSKEY %s" % (self.zone, DNSKEY_TTL, self.dnskey(b).to_text()) for b in bases]


def ds_of(zone, key, digest=2, algorithm=None):
    ds = dns.dnssec.make_ds(N(zone), key, {1: "SHA1", 2: "SHA256", 4: "SHA384"}[digest],
                            policy=dns.dnssec.allow_all_policy)  # SHA-1 DS on purpose
    if algorithm is not None:
        ds = ds.replace(algorithm=algorithm)
    return ds


class Zone:
    def __init__(self, name, spec, outdir):
        self.name = name
        self.spec = spec
        self.sign = spec.get("sign", {"signer": "none"})
        self.faults = spec.get("faults", [])
        self.out = outdir
        self.children = []
        self.extra_lines = []     # delegations, glue and DS of children, CDS
        self.published = []       # DNSKEY rdatas actually served (after faults)
        self.ds_records = []      # DS rdatas the parent publishes
        self.keys = None
        self.ns = []
        self.glue = []
        self.servers = []
        self.files = {}           # instance -> zone text
        self.v2_text = None       # a second version (fault events_v2), written as <file>.v2
        self.v3_text = None       # a third (transition_v2 zsk-prepublish, ksk_roll_parent), as <file>.v3
        self.next_ds = None       # ksk_roll_child: the DS of the KSK its second version uses

    def fault(self, ftype):
        for f in self.faults:
            if f["type"] == ftype:
                return f
        return None


def base_text(z, serial):
    """The unsigned zone: SOA, NS, a few names, DNSKEYs added later."""
    lines = [
        "$ORIGIN %s" % z.name,
        "$TTL %d" % z.spec.get("ttl", TTL),
        "@ %d IN SOA %s hostmaster%s %d 3600 600 1209600 300" % (
            TTL, z.ns[0], "." + z.name if z.name != "." else ".", serial),
    ]
    child_ns = z.fault("child_ns")
    if child_ns:
        # the apex NS RRset differs from the parent's delegation (z.ns): names the parent does
        # not list get their addresses only here, in the zone itself
        apex_ns = [p.format(zone=z.name) for p in child_ns["ns"]]
        glue = [(g, a) for g, a in z.glue if g in apex_ns]
        glue += [(p.format(zone=z.name), SERVERS[inst][1])
                 for p, inst in sorted(child_ns.get("addrs", {}).items())]
    else:
        apex_ns, glue = z.ns, z.glue
    for ns in apex_ns:
        lines.append("@ %d IN NS %s" % (DS_TTL, ns))
    for g, addr in glue:
        lines.append("%s %d IN A %s" % (g, TTL, addr))
    n = (sum(z.name.encode()) % 200) + 10
    chain, fanout = z.fault("glueless_chain"), z.fault("ns_fanout")
    if z.spec.get("www_cname"):
        lines.append("www IN CNAME %s" % z.spec["www_cname"])
    elif chain:
        # NXNSAttack class (CVE-2020-12662): www is delegated to ns.c1, c1 to ns.c2, ...: no
        # glue anywhere, each name's address needs the next one's
        lines.append("www IN NS ns.c1")
        lines += ["c%d IN NS ns.c%d" % (k, k + 1) for k in range(1, chain["depth"] + 1)]
    elif fanout:
        # www delegated to many names without glue, none of which exists
        lines += ["www IN NS ns%d.sink" % k for k in range(1, fanout["count"] + 1)]
    else:
        lines += ["www IN A 192.0.2.%d" % n, "www IN AAAA 2001:db8::%x" % n]
    lines += [
        "@ IN A 192.0.2.%d" % n,
        "mail IN A 192.0.2.%d" % (n + 1),
        "@ IN MX 10 mail",
        '@ IN TXT "dnssec-doctor testbed zone"',
    ]
    return "\n".join(lines + z.extra_lines) + "\n"


def sign_zone(z, text, keybases, window, tag, nsec3=None):
    """Sign @text with the given keys; returns the signed zone's path."""
    d = os.path.join(z.out, "work", z.name.rstrip(".") or "root")
    os.makedirs(d, exist_ok=True)
    unsigned = os.path.join(d, tag + ".unsigned")
    signed = os.path.join(d, tag + ".signed")
    with open(unsigned, "w") as f:
        f.write(text)
    inception, expiration = window
    signer = z.sign.get("signer", "bind")
    if signer == "ldns":
        args = ["ldns-signzone", "-i", str(inception), "-e", str(expiration), "-f", signed]
        if nsec3 is not None:
            args += ["-n", "-t", str(nsec3[0])]
            if nsec3[1]:
                args += ["-s", nsec3[1]]
        run(args + [unsigned] + keybases)
    else:
        args = ["dnssec-signzone", "-q", "-s", str(inception), "-e", str(expiration),
                "-o", z.name, "-f", signed, "-K", os.path.dirname(keybases[0]),
                "-d", d]  # its dsset- file goes to the work directory, not the caller's
        if nsec3 is not None:
            args += ["-3", nsec3[1] or "-", "-H", str(nsec3[0])]
        # -P: no post-signing verification, which would refuse the deliberately broken zones
        # (expired or future windows, unused algorithms); the Unbound self-check covers the rest
        args.append("-P")
        run(args + [unsigned] + keybases)
    return signed


def load(path, origin):
    return dns.zone.from_file(path, origin=origin, relativize=False, check_origin=False)


def dump(zone):
    return zone.to_text(relativize=False, sorted=True)


def rrsigs(zone, owner, rdtype):
    node = zone.get_node(owner)
    if node is None:
        return None
    return node.get_rdataset(IN, dns.rdatatype.RRSIG, dns.rdatatype.from_text(rdtype))


def owner_of(z, rel):
    return N(z.name) if rel == "@" else dns.name.from_text(rel, N(z.name))


def splice(dst, src, owner, rdtype, covers=dns.rdatatype.NONE):
    """Copy src's rdataset (owner, type[, covers]) over dst's."""
    rds = src.get_rdataset(owner, rdtype, covers)
    if rds is None:
        sys.exit("build.py: nothing to splice at %s %s" % (owner, rdtype))
    dst.replace_rdataset(owner, rds)


def build_zone(z, keydir):
    """Keys, unsigned text, signatures and faults of one zone; fills z.files and z.ds_records."""
    serial = NOW
    sign = z.sign
    signer = sign.get("signer", "bind")
    text = base_text(z, serial)
    if signer == "none":
        for inst in z.servers:
            z.files[inst] = text
        return

    k = Keys(keydir, z.name)
    z.keys = k
    alg, bits = sign.get("algorithm", 13), sign.get("bits")
    ksk = k.gen(alg, bits, ksk=True)
    zsk = k.gen(alg, bits)
    if z.fault("ds_revoked_ksk"):
        # the KSK revoked (RFC 5011 2.1: REVOKE bit, new key tag), still the only KSK, still
        # signing the DNSKEY RRset, and the parent's DS made from the revoked key
        out = run(["dnssec-revoke", "-r", "-K", k.dir, os.path.basename(ksk) + ".key"]).strip()
        ksk = os.path.join(k.dir, os.path.basename(out))
    signing = [ksk, zsk]
    published = [ksk, zsk]
    ds_keys = [ksk]
    for extra in sign.get("extra_algorithms", []):
        # a second algorithm that signs everything too, with a DS of its own (RFC 4035 2.2)
        eksk = k.gen(extra["algorithm"], extra.get("bits"), ksk=True)
        ezsk = k.gen(extra["algorithm"], extra.get("bits"))
        signing += [eksk, ezsk]
        published += [eksk, ezsk]
        ds_keys.append(eksk)
    for extra in sign.get("unused_keys", []):
        # published and pointed at by a DS, but never used to sign (ALGORITHM_INCOMPLETE)
        eksk = k.gen(extra["algorithm"], extra.get("bits"), ksk=True)
        ezsk = k.gen(extra["algorithm"], extra.get("bits"))
        published += [eksk, ezsk]
        ds_keys.append(eksk)

    extra_lines = sigfaults.presign_lines(z, TTL)
    if z.fault("cds_foreign"):
        other = Keys(os.path.join(keydir, "unpublished"), z.name)
        key = other.dnskey(other.gen(alg, bits, ksk=True))
        extra_lines.append("@ %d IN CDS %s" % (TTL, ds_of(z.name, key).to_text()))
    new_ksk = None
    if z.fault("rollover_incomplete"):
        other = Keys(os.path.join(keydir, "unpublished"), z.name)
        new_ksk = other.dnskey(other.gen(alg, bits, ksk=True))
        extra_lines.append("@ %d IN CDS %s" % (TTL, ds_of(z.name, new_ksk).to_text()))
        extra_lines.append("@ %d IN CDNSKEY %s" % (TTL, new_ksk.to_text()))

    f = z.fault("keytrap")
    if f:
        # KeyTrap (CVE-2023-50387): DNSKEYs sharing the ZSK's key tag and algorithm (RSA
        # moduli that differ in two octets of the same parity, so the tag sum is unchanged),
        # published and covered by the KSK's signature like any other key
        real = k.dnskey(zsk)
        tag = dns.dnssec.key_id(real)
        key = bytearray(real.key)
        for i in range(f.get("colliding_keys", 3)):
            fake = bytearray(key)
            j = 40 + 4 * i
            d = 1 + i
            while not (fake[j] + d <= 255 and fake[j + 2] >= d):
                j += 4
            fake[j] += d
            fake[j + 2] -= d
            rd = real.replace(key=bytes(fake))
            assert dns.dnssec.key_id(rd) == tag
            extra_lines.append("@ %d IN DNSKEY %s" % (DNSKEY_TTL, rd.to_text()))

    non_zone = None
    if z.fault("ds_non_zone_key"):
        # the KSK's key published a second time without the Zone Key flag (flags 1, SEP only),
        # and the parent's DS made from that record (an operator who copied the wrong key)
        non_zone = k.dnskey(ksk).replace(flags=1)
        extra_lines.append("@ %d IN DNSKEY %s" % (DNSKEY_TTL, non_zone.to_text()))

    full = text + "\n".join(k.key_lines(published) + extra_lines) + "\n"
    window = (when(sign["window"][0]), when(sign["window"][1])) if "window" in sign \
        else (NOW - HOUR, NOW + 30 * DAY)
    nsec3 = (sign.get("iterations", 0), sign.get("salt", "")) if sign.get("denial") == "nsec3" else None
    signed_path = sign_zone(z, full, signing, window, "main", nsec3)
    zone = load(signed_path, z.name)

    f = z.fault("events_v2")
    if f:
        # a second version for the monitor's events test: a pre-published ZSK, and a SHA-384
        # DS beside the child's SHA-256 one (same KSK: the child stays secure)
        child = [c for c in z.children if c.name == f["child"]][0]
        new_zsk = k.gen(alg, bits)
        extra_ds = "%s %d IN DS %s" % (child.name, DS_TTL,
                                       ds_of(child.name, [r for r in child.published if r.flags & 1][0], 4).to_text())
        full2 = text + "\n".join(k.key_lines(published + [new_zsk]) + extra_lines + [extra_ds]) + "\n"
        v2 = load(sign_zone(z, full2, signing + [new_zsk], window, "v2", nsec3), z.name)
        z.v2_text = dump(v2)
    f = z.fault("ksk_roll_parent")
    if f:
        # the parent's side of a child's double-DS KSK roll (monitor_rollover.py): .v2 adds the
        # new KSK's DS beside the old one, .v3 keeps the new one alone (the old DS removed)
        child = [c for c in z.children if c.name == f["child"]][0]
        old_ds = "%s %d IN DS %s" % (child.name, DS_TTL, child.ds_records[0].to_text())
        new_ds = "%s %d IN DS %s" % (child.name, DS_TTL, child.next_ds.to_text())
        assert old_ds + "\n" in full
        z.v2_text = dump(load(sign_zone(z, full + new_ds + "\n", signing, window, "v2", nsec3),
                              z.name))
        z.v3_text = dump(load(sign_zone(z, full.replace(old_ds + "\n", "") + new_ds + "\n",
                                        signing, window, "v3", nsec3), z.name))
    if z.fault("ksk_roll_child"):
        # the child's side: .v2 replaces its KSK by a new one (double-DS: the new DS is at the
        # parent first); next_ds is that key's DS for the parent's versions
        new_ksk2 = k.gen(alg, bits, ksk=True)
        z.next_ds = ds_of(z.name, k.dnskey(new_ksk2))
        full2 = text + "\n".join(k.key_lines([new_ksk2, zsk]) + extra_lines) + "\n"
        z.v2_text = dump(load(sign_zone(z, full2, [new_ksk2, zsk], window, "v2", nsec3), z.name))
    f = z.fault("transition_v2")
    if f:
        # the proposed zone of a key change (preflight): a new ZSK in place of the old one,
        # everything signed by it; or published beside the old one, the data still signed by
        # the old
        new_zsk = k.gen(alg, bits)
        if f["kind"] == "zsk-swap":
            keys2, signing2 = [ksk, new_zsk], [ksk, new_zsk]
        else:
            keys2, signing2 = published + [new_zsk], signing
        full2 = text + "\n".join(k.key_lines(keys2) + extra_lines) + "\n"
        # dnssec-signzone signs with the keys it is given only: a pre-published key is in
        # the DNSKEY RRset and signs nothing
        z.v2_text = dump(load(sign_zone(z, full2, signing2, window, "v2", nsec3), z.name))
        if f["kind"] == "zsk-prepublish":
            # the roll's next step (the monitor's rollover tracking, monitor_rollover.py): the
            # new ZSK signs, the old one stays published, retired
            z.v3_text = dump(load(sign_zone(z, full2, [ksk, new_zsk], window, "v3", nsec3),
                                  z.name))

    # faults that edit the signed zone
    for f in z.faults:
        t = f["type"]
        if t == "expire_rrsig":
            alt = load(sign_zone(z, full, signing, (NOW - 30 * DAY, NOW - 2 * DAY), "expired",
                                 nsec3), z.name)
            owner = owner_of(z, f["owner"])
            splice(zone, alt, owner, dns.rdatatype.RRSIG, dns.rdatatype.from_text(f["rrtype"]))
        elif t == "remove_rrsig":
            owner = owner_of(z, f["owner"])
            covers = dns.rdatatype.from_text(f["rrtype"])
            rds = zone.get_rdataset(owner, dns.rdatatype.RRSIG, covers)
            if "algorithm" in f:
                # one algorithm's signatures gone, the other's kept (RFC 4035 2.2)
                keep = [r for r in rds if r.algorithm != f["algorithm"]]
                assert 0 < len(keep) < len(rds), "no signature of that algorithm to remove"
                zone.replace_rdataset(owner, dns.rdataset.from_rdata_list(rds.ttl, keep))
            elif f.get("by") == "ksk":
                tag = dns.dnssec.key_id(k.dnskey(ksk))
                keep = [r for r in rds if r.key_tag != tag]
                assert len(keep) < len(rds), "no KSK signature to remove"
                new = dns.rdataset.from_rdata_list(rds.ttl, keep)
                zone.replace_rdataset(owner, new)
            else:
                zone.delete_rdataset(owner, dns.rdatatype.RRSIG, covers)
        elif t == "corrupt_rrsig":
            owner = owner_of(z, f["owner"])
            covers = dns.rdatatype.from_text(f["rrtype"])
            rds = zone.get_rdataset(owner, dns.rdatatype.RRSIG, covers)
            bad = []
            for r in rds:
                sig = bytearray(r.signature)
                for i in range(8, 16):
                    sig[i] ^= 0x5A
                bad.append(r.replace(signature=bytes(sig)))
            zone.replace_rdataset(owner, dns.rdataset.from_rdata_list(rds.ttl, bad))
        elif t == "nsec3param_salt":
            alt = load(sign_zone(z, full, signing, window, "salt", (nsec3[0], f["salt"])), z.name)
            splice(zone, alt, N(z.name), dns.rdatatype.NSEC3PARAM)
            splice(zone, alt, N(z.name), dns.rdatatype.RRSIG, dns.rdatatype.NSEC3PARAM)
        elif t == "nsec3_gap":
            nx = dns.name.from_text(z.spec["nx_label"], N(z.name))
            h = dns.dnssec.nsec3_hash(nx, nsec3[1] or None, nsec3[0], 1).lower()
            owners = sorted(n for n, node in zone.nodes.items()
                            if node.get_rdataset(IN, dns.rdatatype.NSEC3))
            hashes = [o.labels[0].decode().lower() for o in owners]
            # the NSEC3 covering h is the last one whose hash sorts before h (circular)
            idx = max([i for i, x in enumerate(hashes) if x < h], default=len(hashes) - 1)
            zone.delete_node(owners[idx])
        elif t == "nsec_bitmap":
            owner = owner_of(z, f["owner"])
            rel = f["owner"]
            more = "".join("%s IN %s %s\n" % (rel, typ, {"TXT": '"x"', "HINFO": '"x" "y"'}[typ])
                           for typ in f["add"])
            alt = load(sign_zone(z, full + more, signing, window, "bitmap", nsec3), z.name)
            splice(zone, alt, owner, dns.rdatatype.NSEC)
            splice(zone, alt, owner, dns.rdatatype.RRSIG, dns.rdatatype.NSEC)
        elif t == "algorithm_number":
            zone = renumber_algorithm(zone, z.name, f["algorithm"])
        elif t == "keytrap":
            # RRSIGs by the ZSK's (shared) key tag whose signatures are random octets, served
            # before the one valid RRSIG: every pair of them and the keys sharing the tag must
            # be tried to reach it
            owner = owner_of(z, f["owner"])
            covers = dns.rdatatype.from_text(f["rrtype"])
            rds = zone.get_rdataset(owner, dns.rdatatype.RRSIG, covers)
            good = list(rds)
            junk = []
            for i in range(f.get("junk_rrsigs", 12)):
                junk.append(good[0].replace(signature=os.urandom(len(good[0].signature)),
                                            expiration=good[0].expiration - 1 - i))
            zone.replace_rdataset(owner, dns.rdataset.from_rdata_list(rds.ttl, junk + good))

    sigfaults.apply(z, zone, zsk, k.dnskey(zsk), NOW)

    if z.fault("zsk_removed"):
        # a ZSK rollover finished too early: the new ZSK published and the old one removed
        # from the DNSKEY RRset (re-signed by the KSK), while every other RRset still carries
        # the old ZSK's signatures
        new_zsk = k.gen(alg, bits)
        rolled = text + "\n".join(k.key_lines([ksk, new_zsk]) + extra_lines) + "\n"
        alt = load(sign_zone(z, rolled, [ksk, new_zsk], window, "rolled", nsec3), z.name)
        splice(zone, alt, N(z.name), dns.rdatatype.DNSKEY)
        splice(zone, alt, N(z.name), dns.rdatatype.RRSIG, dns.rdatatype.DNSKEY)
    f = z.fault("multi_signer_missing_zsk")
    if f:
        # RFC 8901 multi-signer, one shared KSK: the other provider signs the data with its
        # own ZSK and publishes both ZSKs, but this zone's first provider does not publish the
        # other's ZSK. Each server validates alone; DNSKEY from the first x data from the other
        # fails. The other provider's key directory holds the KSK and its own ZSK only.
        other = Keys(os.path.join(keydir, "provider2"), z.name)
        for ext in (".key", ".private"):
            shutil.copy(ksk + ext, os.path.join(other.dir, os.path.basename(ksk) + ext))
        ksk2 = os.path.join(other.dir, os.path.basename(ksk))
        zsk2 = other.gen(alg, bits)
        both = text + "\n".join(k.key_lines([ksk, zsk]) + other.key_lines([zsk2]) +
                                extra_lines) + "\n"
        z.provider2_text = dump(load(sign_zone(z, both, [ksk2, zsk2], window, "provider2", nsec3),
                                     z.name))

    # what is served, and what the parent publishes
    apex = zone.get_rdataset(N(z.name), dns.rdatatype.DNSKEY)
    z.published = list(apex) if apex is not None else []
    if z.fault("algorithm_number"):
        ds_src = [r for r in z.published if r.flags & 1]  # the renumbered KSK
    else:
        ds_src = [k.dnskey(b) for b in ds_keys]
    digests = (z.fault("ds_digests") or {}).get("digests", [2])
    z.ds_records = [ds_of(z.name, key, d) for key in ds_src for d in digests]
    if z.fault("ds_digest_mismatch"):
        z.ds_records = [r.replace(digest=bytes(b ^ 0xFF if i == 5 else b
                                               for i, b in enumerate(r.digest)))
                        for r in z.ds_records]
    stale = None
    if z.fault("ds_stale") or z.fault("ds_stale_extra"):
        other = Keys(os.path.join(keydir, "unpublished"), z.name)
        stale = ds_of(z.name, other.dnskey(other.gen(alg, bits, ksk=True)))
        z.ds_records = [stale] if z.fault("ds_stale") else z.ds_records + [stale]
    f = z.fault("ds_wrong_algorithm")
    if f:
        z.ds_records = [r.replace(algorithm=f["algorithm"]) for r in z.ds_records]
    if new_ksk is not None:
        z.ds_records = [ds_of(z.name, new_ksk)]
    if non_zone is not None:
        z.ds_records = [ds_of(z.name, non_zone)]

    signed_text = dump(zone)
    for inst in z.servers:
        z.files[inst] = signed_text
    f = z.fault("multi_signer_missing_zsk")
    if f:
        for inst in f["servers"]:
            z.files[inst] = z.provider2_text
    f = z.fault("serve_unsigned")
    if f:
        for inst in f["servers"]:
            z.files[inst] = text
    f = z.fault("stale_secondary")
    if f:
        old = base_text(z, serial - DAY) + "\n".join(k.key_lines(published)) + "\n"
        stale_path = sign_zone(z, old, signing, (NOW - 40 * DAY, NOW - 10 * DAY), "stale", nsec3)
        for inst in f["servers"]:
            z.files[inst] = dump(load(stale_path, z.name))


def renumber_algorithm(zone, origin, alg):
    """Rewrite every DNSKEY and RRSIG to algorithm @alg, fixing key tags: a zone signed with an
    algorithm no validator implements (its signatures cannot be checked by anyone)."""
    apex = N(origin)
    keys = zone.get_rdataset(apex, dns.rdatatype.DNSKEY)
    tags = {}
    new_keys = []
    for key in keys:
        nk = key.replace(algorithm=alg)
        tags[dns.dnssec.key_id(key)] = dns.dnssec.key_id(nk)
        new_keys.append(nk)
    zone.replace_rdataset(apex, dns.rdataset.from_rdata_list(keys.ttl, new_keys))
    for name, node in list(zone.nodes.items()):
        for rds in list(node.rdatasets):
            if rds.rdtype != dns.rdatatype.RRSIG:
                continue
            fixed = [r.replace(algorithm=alg, key_tag=tags.get(r.key_tag, r.key_tag)) for r in rds]
            node.replace_rdataset(dns.rdataset.from_rdata_list(rds.ttl, fixed))
    return zone


def tree(spec):
    """All zones: infrastructure plus scenarios, with parents and server assignments."""
    zones = {}

    def add(name, zspec, ns_set, servers):
        z = Zone(name, zspec, OUT)
        z.spec.setdefault("nx_label", spec["nx_label"])
        if ns_set == "inbailiwick":
            z.ns = [p.format(zone=name) for p in NS_SETS["inbailiwick"]]
            z.glue = [(ns, SERVERS[inst][1]) for ns, inst in zip(z.ns, INBAILIWICK_INSTANCES)]
            z.servers = list(INBAILIWICK_INSTANCES)
        elif ns_set == "private-glue":
            z.ns = [p.format(zone=name) for p in NS_SETS["private-glue"]]
            z.glue = list(zip(z.ns, PRIVATE_GLUE))
            z.servers = ["auth1"]
        else:
            z.ns = list(ns_set)
            z.servers = servers or sorted({HOSTS[h] for h in ns_set})
        zones[name] = z
        return z

    infra_sign = {"signer": "bind", "algorithm": 13, "denial": "nsec"}
    add(".", {"sign": {"signer": "bind", "algorithm": 8, "bits": 2048, "denial": "nsec"}},
        ["a.root-servers.srv."], ["root"])
    add("srv.", {"sign": infra_sign}, ["ns1.tld-servers.srv."], ["tld"])
    add("example.", {"sign": infra_sign}, ["ns1.tld-servers.srv."], ["tld"])
    add("lab.", {"sign": {"signer": "ldns", "algorithm": 13, "denial": "nsec3",
                          "iterations": 0, "salt": ""}}, ["ns1.tld-servers.srv."], ["tld"])
    for s in spec["scenarios"]:
        ns = s.get("ns", "auth")
        add(s["zone"], s, NS_SETS[ns] if ns not in ("inbailiwick", "private-glue") else ns, None)
    # pre-delegation testing (Zonemaster's undelegated test, diagnose --ds with --server): a
    # signed zone the auth servers serve and example. does not delegate; the manifest keeps
    # the DS it would need ("undelegated")
    add(UNDELEGATED, {"sign": infra_sign}, NS_SETS["auth"], None).undelegated = True
    # a signed DNAME into another zone (RFC 6672): sub.larkspur.example. -> bravo.example., so
    # that www.sub.larkspur.example. is a CNAME the servers synthesize, unsigned, that validates
    # by the DNAME's signature (tests/unit/data/evidence/larkspur.example.dname.json)
    add(DNAME_ZONE, {"sign": infra_sign}, NS_SETS["auth"], None).extra_lines.append(
        "sub.%s %d IN DNAME bravo.example." % (DNAME_ZONE, TTL))
    for name, kind in TRANSITIONS.items():
        add(name, {"sign": infra_sign, "ttl": TRANSITION_TTL,
                   "faults": [{"type": "transition_v2", "kind": kind}]}, NS_SETS["auth"], None)
    # the lame server must not serve the zones that list it
    for z in zones.values():
        z.servers = [i for i in z.servers if SERVERS[i][0] in ("nsd", "knot") and i != "lame"]
    for name, z in zones.items():
        if name == ".":
            continue
        parent = N(name).parent()
        while parent.to_text() not in zones:
            parent = parent.parent()
        zones[parent.to_text()].children.append(z)
    return zones


def delegation_lines(parent, child):
    lines = []
    for ns in child.ns:
        lines.append("%s %d IN NS %s" % (child.name, DS_TTL, ns))
    for g, addr in child.glue:
        lines.append("%s %d IN A %s" % (g, TTL, addr))
    for ds in child.ds_records:
        lines.append("%s %d IN DS %s" % (child.name, DS_TTL, ds.to_text()))
    return lines


def write_configs(zones, outdir):
    conf = os.path.join(outdir, "conf")
    os.makedirs(conf, exist_ok=True)
    os.makedirs(os.path.join(outdir, "log"), exist_ok=True)
    by_inst = {}
    for z in zones.values():
        for inst, text in z.files.items():
            d = os.path.join(outdir, "zones", inst)
            os.makedirs(d, exist_ok=True)
            fn = (z.name.rstrip(".") or "root") + ".zone"
            with open(os.path.join(d, fn), "w") as f:
                f.write(text)
            if z.v2_text is not None:
                with open(os.path.join(d, fn + ".v2"), "w") as f:
                    f.write(z.v2_text)
            if z.v3_text is not None:
                with open(os.path.join(d, fn + ".v3"), "w") as f:
                    f.write(z.v3_text)
            by_inst.setdefault(inst, []).append((z.name, fn))
    # the lame server serves one unrelated zone and REFUSEs everything else
    d = os.path.join(outdir, "zones", "lame")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "unrelated.zone"), "w") as f:
        f.write("$TTL 300\nunrelated. IN SOA ns hm 1 3600 600 86400 300\nunrelated. IN NS ns.unrelated.\n"
                "ns.unrelated. IN A 127.0.10.3\n")
    by_inst["lame"] = [("unrelated.", "unrelated.zone")]

    # the addresses latency.py fronts in latency mode: every authoritative server's
    with open(os.path.join(conf, "latency.addrs"), "w") as f:
        f.write("".join(a + "\n" for k, a in SERVERS.values() if k in ("nsd", "knot", "hostile")))
    for inst, (kind, addr) in SERVERS.items():
        if kind == "nsd":
            with open(os.path.join(conf, "nsd-%s.conf" % inst), "w") as f:
                f.write(NSD_CONF.format(addr=addr, run=outdir, inst=inst, port=AUTH_PORT))
                for name, fn in sorted(by_inst.get(inst, [])):
                    f.write("zone:\n    name: \"%s\"\n    zonefile: \"%s\"\n" % (name, fn))
        elif kind == "knot":
            os.makedirs(os.path.join(outdir, "knot"), exist_ok=True)
            with open(os.path.join(conf, "knot.conf"), "w") as f:
                f.write(KNOT_CONF.format(addr=addr, run=outdir, port=AUTH_PORT))
                for name, fn in sorted(by_inst.get(inst, [])):
                    f.write("  - domain: \"%s\"\n    file: \"%s\"\n" % (name, fn))
    for inst in ("validating", "nonvalidating", "skewed"):
        validating = inst != "nonvalidating"
        extra = ""
        if inst == "skewed":
            extra = 'val-override-date: "%s"' % time.strftime("%Y%m%d%H%M%S", time.gmtime(NOW + SKEW))
        with open(os.path.join(conf, "unbound-%s.conf" % inst), "w") as f:
            f.write(UNBOUND_CONF.format(
                addr=RESOLVERS[inst], run=outdir, inst=inst,
                modules="validator iterator" if validating else "iterator",
                anchor='trust-anchor-file: "%s/anchor.ds"' % outdir if validating else "",
                extra=extra))
    os.makedirs(os.path.join(outdir, "named"), exist_ok=True)
    with open(os.path.join(conf, "named.conf"), "w") as f:
        f.write(NAMED_CONF.format(addr=RESOLVERS["bind"], run=outdir))


NSD_CONF = """# NSD instance {inst}, generated by build.py
server:
    ip-address: {addr}
    port: {port}
    do-ip4: yes
    do-ip6: no
    username: ""
    chroot: ""
    zonesdir: "{run}/zones/{inst}"
    pidfile: "{run}/nsd-{inst}.pid"
    database: ""
    zonelistfile: "{run}/nsd-{inst}.zonelist"
    xfrdfile: "{run}/nsd-{inst}.xfrd"
    xfrdir: "{run}/nsd-{inst}.xfr"
    logfile: "{run}/log/nsd-{inst}.log"
    server-count: 1
    verbosity: 1
    refuse-any: no
    round-robin: no
remote-control:
    control-enable: no
"""

KNOT_CONF = """# Knot DNS, generated by build.py
server:
    rundir: "{run}/knot"
    listen: {addr}@{port}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
database:
    storage: "{run}/knot"
log:
  - target: "{run}/log/knot.log"
    any: info
template:
  - id: default
    storage: "{run}/zones/knot"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
    semantic-checks: off
    dnssec-signing: off
zone:
"""

UNBOUND_CONF = """# Unbound ({inst}), generated by build.py
server:
    interface: {addr}
    port: 53
    do-ip6: no
    username: ""
    chroot: ""
    directory: "{run}"
    pidfile: "{run}/unbound-{inst}.pid"
    logfile: "{run}/log/unbound-{inst}.log"
    use-syslog: no
    verbosity: 1
    val-log-level: 2
    num-threads: 1
    so-reuseport: no
    access-control: 127.0.0.0/8 allow
    do-not-query-localhost: no
    root-hints: "{run}/root.hints"
    module-config: "{modules}"
    {anchor}
    {extra}
    ede: yes
    qname-minimisation: no
    infra-host-ttl: 60
    serve-expired: no
    prefetch: no
remote-control:
    control-enable: no
"""


NAMED_CONF = """// BIND 9 validating resolver, generated by build.py: built "without" Ed25519 and SHA-384
// DS, as an old BIND is: zones that need them are insecure to it (RFC 4035 5.2)
options {{
    directory "{run}/named";
    pid-file "{run}/named.pid";
    session-keyfile "{run}/named/session.key";
    listen-on port 53 {{ {addr}; }};
    listen-on-v6 {{ none; }};
    recursion yes;
    allow-query {{ 127.0.0.0/8; }};
    allow-recursion {{ 127.0.0.0/8; }};
    dnssec-validation yes;
    disable-algorithms "." {{ ED25519; }};
    disable-ds-digests "." {{ "SHA-384"; }};
    qname-minimization off;
    max-cache-size 32M;
    notify no;
}};
controls {{ }};
include "{run}/anchors.conf";
zone "." {{ type hint; file "{run}/root.hints"; }};
"""

PROBE_NAMES = """# dnssec-doctor resolver probe names for the testbed (docs/resolver.md), written by build.py
secure     www.bravo.example.
secure     www.alpha.lab.
secure     www.topaz.example.
bogus      www.foxtrot.example.
bogus      www.romeo.example.
algorithm  5   www.zulu.example.
algorithm  7   www.opal.example.
algorithm  8   www.bravo.example.
algorithm  10  www.pearl.example.
algorithm  13  www.alpha.lab.
algorithm  14  www.quartz.example.
algorithm  15  www.charlie.example.
algorithm  16  www.ruby.example.
digest     1   www.november.example.
digest     2   www.bravo.example.
digest     4   www.sable.example.
"""


def write_anchors(root, outdir):
    ksks = [k for k in root.published if k.flags & 1]
    with open(os.path.join(outdir, "anchor.ds"), "w") as f:
        for ds in root.ds_records:
            f.write(". %d IN DS %s\n" % (DS_TTL, ds.to_text()))
    with open(os.path.join(outdir, "anchor.dnskey"), "w") as f:
        for k in ksks:
            f.write(". %d IN DNSKEY %s\n" % (DNSKEY_TTL, k.to_text()))
    with open(os.path.join(outdir, "anchors.conf"), "w") as f:
        f.write("# BIND 9 (delv -a) trust anchor for the testbed root\ntrust-anchors {\n")
        for ds in root.ds_records:
            f.write('    . static-ds %d %d %d "%s";\n' % (
                ds.key_tag, ds.algorithm, ds.digest_type, ds.digest.hex().upper()))
        f.write("};\n")
    with open(os.path.join(outdir, "root.hints"), "w") as f:
        f.write(".                        3600000 NS a.root-servers.srv.\n"
                "a.root-servers.srv.      3600000 A  %s\n" % SERVERS["root"][1])


def main():
    global OUT
    if len(sys.argv) != 2:
        sys.exit("usage: build.py OUTDIR")
    OUT = os.path.abspath(sys.argv[1])
    started = time.time()
    for sub in ("work", "zones", "keys", "conf", "log", "knot", "named"):
        shutil.rmtree(os.path.join(OUT, sub), ignore_errors=True)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(HERE, "scenarios.json")) as f:
        spec = json.load(f)
    zones = tree(spec)
    keydir = os.path.join(OUT, "keys")

    # sign bottom-up: children first, so that their DS can go into the parent
    for name in sorted(zones, key=lambda n: -len(N(n).labels)):
        z = zones[name]
        for child in z.children:
            if not getattr(child, "undelegated", False):
                z.extra_lines += delegation_lines(z, child)
        if name == "srv.":
            for host, inst in sorted(HOSTS.items()):
                z.extra_lines.append("%s %d IN A %s" % (host, TTL, SERVERS[inst][1]))
        if name == ".":
            z.extra_lines.append("a.root-servers.srv. %d IN A %s" % (TTL, SERVERS["root"][1]))
            z.extra_lines.append("ns1.tld-servers.srv. %d IN A %s" % (TTL, SERVERS["tld"][1]))
        build_zone(z, keydir)

    write_configs(zones, OUT)
    write_anchors(zones["."], OUT)
    with open(os.path.join(OUT, "probe-names"), "w") as f:
        f.write(PROBE_NAMES)
    manifest = {
        "built": NOW,
        "servers": {k: {"kind": v[0], "address": v[1]} for k, v in SERVERS.items()},
        "resolvers": RESOLVERS,
        "resolver_skew": SKEW,
        "probe_names": os.path.join(OUT, "probe-names"),
        "hosts": HOSTS,
        "anchor": {"ds": os.path.join(OUT, "anchor.ds"), "dnskey": os.path.join(OUT, "anchor.dnskey"),
                   "bind": os.path.join(OUT, "anchors.conf")},
        "hints": os.path.join(OUT, "root.hints"),
        "nx_label": spec["nx_label"],
        "scenarios": [],
    }
    for s in spec["scenarios"]:
        z = zones[s["zone"]]
        entry = dict(s)
        entry["servers"] = {inst: SERVERS[inst][1] for inst in z.servers}
        entry["ns_names"] = z.ns
        entry["ds"] = [d.to_text() for d in z.ds_records]
        entry["nx_name"] = "%s.%s" % (spec["nx_label"], s["zone"])
        if z.v2_text is not None:
            fn = (z.name.rstrip(".") or "root") + ".zone"
            entry["v2"] = {inst: os.path.join(OUT, "zones", inst, fn) for inst in z.servers}
        if z.v3_text is not None:
            entry["v3"] = True
        manifest["scenarios"].append(entry)
    manifest["transitions"] = []
    for name, kind in TRANSITIONS.items():
        z = zones[name]
        fn = (z.name.rstrip(".") or "root") + ".zone"
        manifest["transitions"].append({
            "zone": name, "kind": kind, "ttl": TRANSITION_TTL,
            "servers": {inst: SERVERS[inst][1] for inst in z.servers},
            "files": {inst: os.path.join(OUT, "zones", inst, fn) for inst in z.servers},
            "v2_signed": os.path.join(OUT, "work", z.name.rstrip("."), "v2.signed"),
            "v3": z.v3_text is not None})
    u = zones[UNDELEGATED]
    manifest["undelegated"] = {"zone": u.name, "ds": [d.to_text() for d in u.ds_records],
                               "servers": {inst: SERVERS[inst][1] for inst in u.servers},
                               "ns_names": u.ns}
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print("testbed: %d zones built in %.1fs into %s" % (len(zones), time.time() - started, OUT))


OUT = None
if __name__ == "__main__":
    main()
