#!/usr/bin/python3
"""make-seeds.py - write the seed corpora of fuzz_dnskey and fuzz_rrsig_verify from the RFC
vector zones in tests/unit/data (run with Debian's /usr/bin/python3 and python3-dnspython).
The outputs are committed under corpus/; rerun after adding vectors."""
import os
import struct
import sys

import dns.name
import dns.rdatatype
import dns.zone

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'unit', 'data')
FILES = ['rfc4034-ds.zone', 'rfc5702.zone', 'rfc5702-sha512.zone', 'rfc6605-p256.zone',
         'rfc6605-p384.zone', 'rfc8080-ed25519.zone', 'rfc8080-ed448.zone',
         'rfc4035-appA.zone', 'rfc5155-appA.zone']


def wire(rd, origin):
    return rd.to_digestable(origin)


def main():
    n_key = n_sig = 0
    for f in FILES:
        with open(os.path.join(DATA, f)) as fh:
            text = fh.read()
        for origin in ('.', 'example.'):  # the two RFC 4035/5155 zones have apex example.
            try:
                z = dns.zone.from_text(text, origin=origin, relativize=False,
                                       check_origin=False)
                break
            except ValueError:
                continue
        nodes = {}
        for name, node in z.nodes.items():
            for rds in node.rdatasets:
                nodes.setdefault(name, {}).setdefault(rds.rdtype, []).extend(rds)
        keys = {name: types.get(dns.rdatatype.DNSKEY, []) for name, types in nodes.items()}
        for name, ks in keys.items():
            for k in ks:
                out = os.path.join(HERE, 'corpus', 'dnskey', '%s-%d' % (f, n_key))
                with open(out, 'wb') as o:
                    o.write(wire(k, name))
                n_key += 1
        for name, types in nodes.items():
            for rdtype, rds in types.items():
                if rdtype != dns.rdatatype.RRSIG:
                    continue
                for sig in rds:
                    covered = types.get(sig.type_covered)
                    signer_keys = keys.get(sig.signer, [])
                    key = next((k for k in signer_keys
                                if dns.dnssec.key_id(k) == sig.key_tag), None)
                    if covered is None or key is None:
                        continue
                    kw, sw = wire(key, sig.signer), wire(sig, name)
                    ow = name.to_wire()
                    blob = struct.pack('!HIB', sig.type_covered, sig.inception + 1, len(ow))
                    blob += ow + struct.pack('!H', len(kw)) + kw
                    blob += struct.pack('!H', len(sw)) + sw
                    for rd in covered:
                        w = wire(rd, name)
                        blob += struct.pack('!H', len(w)) + w
                    out = os.path.join(HERE, 'corpus', 'rrsig_verify', '%s-%d' % (f, n_sig))
                    with open(out, 'wb') as o:
                        o.write(blob)
                    n_sig += 1
    print('%d dnskey seeds, %d rrsig_verify seeds' % (n_key, n_sig))
    print('%d rdata seeds' % rdata_seeds())


def rdata_seeds():
    """corpus/rdata: DS, CDS, NSEC, NSEC3 and NSEC3PARAM RDATA as testbed servers sent them
    (the responses saved in tests/unit/data/evidence), each prefixed with its type."""
    import base64
    import json
    import dns.message
    want = {dns.rdatatype.DS, dns.rdatatype.CDS, dns.rdatatype.NSEC, dns.rdatatype.NSEC3,
            dns.rdatatype.NSEC3PARAM}
    seen = set()
    evdir = os.path.join(DATA, 'evidence')
    for f in sorted(os.listdir(evdir)):
        if not f.endswith('.json'):
            continue
        ev = json.load(open(os.path.join(evdir, f)))
        for x in ev.get('exchanges', []):
            w = x.get('wire')
            if not w:
                continue
            try:
                m = dns.message.from_wire(base64.b64decode(w))
            except Exception:  # noqa: BLE001 - the hostile servers' answers are in there too
                continue
            for rrset in m.answer + m.authority:
                if rrset.rdtype not in want:
                    continue
                for rd in rrset:
                    blob = struct.pack('!H', rrset.rdtype) + rd.to_digestable(rrset.name)
                    seen.add(blob)
    out = os.path.join(HERE, 'corpus', 'rdata')
    os.makedirs(out, exist_ok=True)
    import hashlib
    for blob in seen:
        with open(os.path.join(out, hashlib.sha1(blob).hexdigest()[:12]), 'wb') as o:
            o.write(blob)
    return len(seen)


if __name__ == '__main__':
    import dns.dnssec  # noqa: F401  (key_id)
    sys.exit(main())
