# SPDX-License-Identifier: MIT
"""sigfaults.py - the testbed faults of one RRSIG field (validity window, Signer's Name,
Labels), the NSEC gap and the RFC 8078 delete records, for the one-verdict cross-test
(tests/integration/one_verdict.py), used by build.py. A field fault re-signs the RRset with
the zone's own ZSK so that the signature verifies for exactly the fields it carries: only
the field is wrong, never the cryptography (algorithm 13 keys only)."""
import base64
import struct
import sys

import dns.dnssec
import dns.name
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (decode_dss_signature,
                                                             encode_dss_signature)

IN = dns.rdataclass.IN
DAY = 86400


def presign_lines(z, ttl):
    """Records a fault adds to zone @z before it is signed."""
    lines = []
    f = z.fault("nsec_gap")
    if f:
        # a name that sorts between the apex and the nonexistent name: its NSEC is the one
        # that covers the nonexistent name, and the one removed after signing
        lines.append('%s %d IN TXT "gap"' % (f["add"], ttl))
    if z.fault("cds_delete"):
        # RFC 8078 4: the zone asks its parent to remove the DS, which the parent still has
        lines.append("@ %d IN CDS 0 0 0 00" % ttl)
        lines.append("@ %d IN CDNSKEY 0 3 0 AA==" % ttl)
    return lines


def apply(z, zone, zsk, zsk_dnskey, now):
    """Edit the signed dnspython @zone of @z for its field and gap faults; @zsk is the ZSK's
    dnssec-keygen base path, @now the build time."""
    apex = dns.name.from_text(z.name)
    for f in z.faults:
        t = f["type"]
        rel = f.get("owner", "@")
        owner = apex if rel == "@" else dns.name.from_text(rel, apex)
        covers = dns.rdatatype.from_text(f.get("rrtype", "A"))
        if t == "future_rrsig":
            # the RRSIG's inception two days ahead (RFC 4035 5.3.1)
            resign(zone, owner, covers, zsk, zsk_dnskey, inception=now + 2 * DAY,
                   expiration=now + 30 * DAY)
        elif t == "rrsig_signer":
            signer = apex.parent() if f["signer"] == "parent" else dns.name.from_text(f["signer"])
            resign(zone, owner, covers, zsk, zsk_dnskey, signer=signer)
        elif t == "rrsig_labels":
            resign(zone, owner, covers, zsk, zsk_dnskey, labels=len(owner) - 1 + f["more"])
        elif t == "nsec_gap":
            nx = dns.name.from_text(z.spec["nx_label"], apex)
            gap = nsec_covering(zone, nx)
            if gap != dns.name.from_text(f["add"], apex):
                sys.exit("build.py: %s: %s does not cover %s" % (z.name, f["add"], nx))
            zone.delete_rdataset(gap, dns.rdatatype.NSEC)
            zone.delete_rdataset(gap, dns.rdatatype.RRSIG, dns.rdatatype.NSEC)


def private_ecdsa(base):
    """The P-256 private key of a dnssec-keygen key (algorithm 13)."""
    with open(base + ".private") as f:
        fields = dict(line.split(": ", 1) for line in f.read().splitlines() if ": " in line)
    if not fields["Algorithm"].startswith("13 "):
        sys.exit("build.py: signature field faults need an algorithm 13 key, not %s" % base)
    d = int.from_bytes(base64.b64decode(fields["PrivateKey"]), "big")
    return ec.derive_private_key(d, ec.SECP256R1())


def rrsig_data(owner, rdataset, rrsig):
    """RFC 4034 3.1.8.1: the octets an RRSIG signs, taken literally from its fields (no
    wildcard expansion: Labels is never below the owner's label count here)."""
    data = rrsig.to_wire()[:18] + rrsig.signer.canonicalize().to_wire()
    for rd in sorted(r.to_digestable(owner) for r in rdataset):
        data += owner.canonicalize().to_wire()
        data += struct.pack("!HHIH", rdataset.rdtype, IN, rrsig.original_ttl, len(rd)) + rd
    return data


def resign(zone, owner, covers, keybase, dnskey, **fields):
    """Replace the RRSIGs over (@owner, @covers) by one of the ZSK (@keybase, @dnskey) with
    @fields changed (signer, labels, inception, expiration) and a signature that verifies."""
    rds = zone.get_rdataset(owner, dns.rdatatype.RRSIG, covers)
    tag = dns.dnssec.key_id(dnskey)
    template = [r for r in rds if r.key_tag == tag][0].replace(signature=b"", **fields)
    data = rrsig_data(owner, zone.get_rdataset(owner, covers), template)
    r, s = decode_dss_signature(private_ecdsa(keybase).sign(data, ec.ECDSA(hashes.SHA256())))
    # the signature verifies with the published key: the fault is the field alone
    x, y = int.from_bytes(dnskey.key[:32], "big"), int.from_bytes(dnskey.key[32:], "big")
    pub = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    pub.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
    sig = template.replace(signature=r.to_bytes(32, "big") + s.to_bytes(32, "big"))
    zone.replace_rdataset(owner, dns.rdataset.from_rdata_list(rds.ttl, [sig]))


def nsec_covering(zone, name):
    """The owner of the NSEC that covers @name: the last NSEC owner before it in canonical
    order (RFC 4034 6.1)."""
    owners = sorted(n for n, node in zone.nodes.items() if node.get_rdataset(IN, dns.rdatatype.NSEC))
    before = [o for o in owners if o < name]
    return before[-1] if before else owners[-1]
