#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""rpl_resign.py [--check] [--out DIR] FILE.rpl... - re-sign a testbound/Deckard scenario whose
zones are signed with DSA (algorithm 3, or 6: DSA-NSEC3-SHA1) with ECDSAP256SHA256
(algorithm 13), keeping every deliberate fault of the scenario.

Unbound's validator scenarios of 2007 sign most zones with DSA, which RFC 8624 3.1 says
validators MUST NOT validate; diagnose then calls those zones insecure (RFC 4035 5.2) and the
scenario tests our algorithm table instead of the NSEC/NSEC3 proofs, wildcards, CNAME/DNAME
chains and DS handling it was written for. This transform makes the same scenario with a key
validators implement (docs/peer-suites.md, "DSA scenarios re-signed"):

  - every DSA DNSKEY (per owner: the same public key is the same key, whatever its flags)
    gets a replacement ECDSA P-256 key, derived deterministically from the old key; each
    DNSKEY record keeps its flags (SEP, REVOKE, Zone Key) and protocol field, only the
    algorithm and public key change. New key tags are chosen unlike any tag in the scenario.
  - every RRSIG with algorithm 3 or 6 is re-made with algorithm 13 and the new key's tag;
    type covered, labels, original TTL, expiration, inception and signer are kept as they
    are (an expired window stays expired). Faithfulness: the original signature is first
    verified (DSA, SHA-1) with the original key over the RRset as it appears in the same
    ENTRY (RFC 4034 3.1.8.1 and 6, canonical form and order); if it verified, the new
    signature is valid over the new RRset (DNSKEY and DS records in it replaced too); if it
    did not (a broken signature, data changed after signing, a wrong signer or labels
    field), the new signature does not verify either (signed, then one bit of S flipped),
    and an empty signature field stays empty. A signature whose RRset is not in the entry,
    or whose key is in no DNSKEY of the scenario, stays invalid; the key tag of a signature
    that points at no key keeps pointing at no key.
  - every DS with algorithm 3 or 6, or whose digest matched a DSA key: if its digest matched
    the key (same owner, same digest type), the digest is recomputed over the new DNSKEY;
    otherwise the old digest is kept (it stays wrong). Its key tag and algorithm fields follow
    the new key where they named the old one, and stay as they were where they did not.
  - the trust anchors (CONFIG `trust-anchor:` lines, DS or DNSKEY form) the same way.

Records given in RFC 3597 form (`\\#`) are left alone (they are malformed on purpose).

Non-DSA signatures (RSA) cannot be re-made, as their private keys are not in the scenario:
when one covers an RRset the transform changes (a DNSKEY RRset holding a DSA key beside the
RSA key that signs it), the scenario is not re-signed (Unfaithful; the CLI says "not
re-signed", and bench/peer_suites.py --resign-dsa runs the original).

The output starts, after CONFIG_END, with comment lines giving the key map (owner, old
algorithm and tag -> new tag) and the count of signatures kept valid and kept invalid.

--check: for each FILE, transform it, read both the original and the copy with
tests/testbed/rpl_server.py's parser, and check per ENTRY and per RRSIG, DS and trust anchor
that the verification outcome before (DSA key) and after (new key) is the same, that no DSA
record is left, and that the copy is readable; prints one line per file, exits 1 on any
difference. Without --out the copies are only checked, with --out DIR they are written to
DIR/FILE (the source is never changed)."""
import argparse
import hashlib
import os
import re
import shlex
import struct
import sys

import dns.dnssec
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "testbed"))
import rpl_server  # noqa: E402  pylint: disable=wrong-import-position

DSA_ALGS = (3, 6)          # DSA/SHA1, DSA-NSEC3-SHA1
NEW_ALG = 13               # ECDSAP256SHA256 (RFC 6605), works with NSEC and NSEC3
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
DIGESTS = {1: hashlib.sha1, 2: hashlib.sha256, 4: hashlib.sha384}
# RSA algorithms, verified only to check that the transform leaves their outcome alone
RSA_HASH = {5: hashes.SHA1, 7: hashes.SHA1, 8: hashes.SHA256, 10: hashes.SHA512}
SECTIONS = ("ANSWER", "AUTHORITY", "ADDITIONAL")
RT = dns.rdatatype


class ResignError(Exception):
    """A scenario the transform cannot read."""


class Unfaithful(Exception):
    """A scenario the transform cannot re-sign without changing an outcome: a signature made
    with a key other than DSA (whose private key we do not have) covers an RRset that the
    transform changes."""


# -- cryptography ---------------------------------------------------------------------------

def signed_data(name, rdatas, rdclass, rrsig):
    """RFC 4034 3.1.8.1: the RRSIG RDATA without its signature, then the RRset in canonical
    form (6.2) and order (6.3), its owner rebuilt as a wildcard when the labels field is
    smaller than the owner's label count (RFC 4035 5.3.2). None when labels exceeds it."""
    hdr = struct.pack("!HBBIIIH", rrsig.type_covered, rrsig.algorithm, rrsig.labels,
                      rrsig.original_ttl, rrsig.expiration, rrsig.inception, rrsig.key_tag)
    data = hdr + rrsig.signer.to_digestable()
    if rrsig.labels > len(name) - 1:
        return None
    owner = name
    if rrsig.labels < len(name) - 1:
        owner = dns.name.from_text("*", name.split(rrsig.labels + 1)[1])
    ob = owner.to_digestable()
    fixed = struct.pack("!HHI", rrsig.type_covered, rdclass, rrsig.original_ttl)
    for w in sorted({rd.to_digestable() for rd in rdatas}):
        data += ob + fixed + struct.pack("!H", len(w)) + w
    return data


def dsa_public(key):
    """(p, q, g, y) of a DSA DNSKEY (RFC 2536 2), or None when malformed. The scenarios' keys
    are 512-bit (T = 0), which cryptography refuses to load (it takes 1024 bits and up), so
    the verification below is the FIPS 186 arithmetic itself."""
    k = key.key
    if not k:
        return None
    t = k[0]
    octets = 64 + t * 8
    if t > 8 or len(k) != 1 + 20 + 3 * octets:
        return None
    q = int.from_bytes(k[1:21], "big")
    p = int.from_bytes(k[21:21 + octets], "big")
    g = int.from_bytes(k[21 + octets:21 + 2 * octets], "big")
    y = int.from_bytes(k[21 + 2 * octets:], "big")
    if q < 2 or p < 3:
        return None
    return p, q, g, y


def dsa_verify(pub, sig, data):
    """FIPS 186-4 4.7 DSA verification over data (SHA-1) of the RFC 2536 3 signature T|R|S,
    or of a DER-encoded (r, s): most of Unbound's scenarios carry DER, as the tool that made
    them wrote it, and Unbound's validator accepts both (a signature not 41 octets long is
    taken as DER), so that is the outcome the scenario was written against."""
    p, q, g, y = pub
    if len(sig) == 41:
        r = int.from_bytes(sig[1:21], "big")
        s = int.from_bytes(sig[21:41], "big")
    else:
        try:
            r, s = utils.decode_dss_signature(sig)
        except ValueError:
            return False
    if not (0 < r < q and 0 < s < q):
        return False
    z = int.from_bytes(hashlib.sha1(data).digest(), "big")
    w = pow(s, -1, q)
    v = (pow(g, z * w % q, p) * pow(y, r * w % q, p)) % p % q
    return v == r


def ecdsa_public(key):
    k = key.key
    if len(k) != 64:
        return None
    try:
        return ec.EllipticCurvePublicNumbers(int.from_bytes(k[:32], "big"),
                                             int.from_bytes(k[32:], "big"),
                                             ec.SECP256R1()).public_key()
    except ValueError:
        return None


def verifies(key, rrsig, data):
    """Whether rrsig's signature verifies over data with DNSKEY key (DSA, ECDSA P-256, RSA);
    the RRSIG's algorithm must be the key's (RFC 4035 5.3.1)."""
    if data is None or rrsig.algorithm != key.algorithm:
        return False
    sig = rrsig.signature
    try:
        if key.algorithm in DSA_ALGS:
            pub = dsa_public(key)
            return pub is not None and dsa_verify(pub, sig, data)
        elif key.algorithm == NEW_ALG:
            pub = ecdsa_public(key)
            if pub is None or len(sig) != 64:
                return False
            der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                             int.from_bytes(sig[32:], "big"))
            pub.verify(der, data, ec.ECDSA(hashes.SHA256()))
        elif key.algorithm in RSA_HASH:
            # RFC 3110 2: exponent length (1 or 3 octets), exponent, modulus
            k = key.key
            elen, off = (k[0], 1) if k and k[0] else (int.from_bytes(k[1:3], "big"), 3)
            pub = rsa.RSAPublicNumbers(int.from_bytes(k[off:off + elen], "big"),
                                       int.from_bytes(k[off + elen:], "big")).public_key()
            pub.verify(sig, data, padding.PKCS1v15(), RSA_HASH[key.algorithm]())
        else:
            return False
    except (InvalidSignature, ValueError, IndexError, UnsupportedAlgorithm):
        return False
    return True


def ecdsa_sign(priv, data, valid):
    """A 64-octet r||s ECDSA P-256/SHA-256 signature over data; when not valid, one bit of s
    flipped (checked not to verify)."""
    r, s = utils.decode_dss_signature(priv.sign(data, ec.ECDSA(hashes.SHA256())))
    sig = bytearray(r.to_bytes(32, "big") + s.to_bytes(32, "big"))
    if not valid:
        pub = priv.public_key()
        bit = 0
        while True:
            bad = bytearray(sig)
            bad[63 - bit // 8] ^= 1 << (bit % 8)
            try:
                pub.verify(utils.encode_dss_signature(int.from_bytes(bad[:32], "big"),
                                                      int.from_bytes(bad[32:], "big")),
                           data, ec.ECDSA(hashes.SHA256()))
            except InvalidSignature:
                return bytes(bad)
            bit += 1
    return bytes(sig)


def ds_digest(owner, key, digest_type):
    """RFC 4034 5.1.4 digest of DNSKEY key at owner, or None for an unknown digest type."""
    h = DIGESTS.get(digest_type)
    if h is None:
        return None
    return h(owner.to_digestable() + key.to_digestable()).digest()


def key_tag(rd):
    return dns.dnssec.key_id(rd)


# -- reading the file -----------------------------------------------------------------------

class Rec:
    """One record line (or lines joined by parentheses) of an ENTRY: where it is, its
    presentation prefix (owner, TTL, class, type as written) and the parsed record."""

    def __init__(self, first, last, indent, prefix, section, rrs):
        self.first = first
        self.last = last
        self.indent = indent
        self.prefix = prefix
        self.section = section
        self.name = rrs.name
        self.rdclass = rrs.rdclass
        self.rdtype = rrs.rdtype
        self.rd = rrs[0]
        self.new = None      # the replacement rdata, or None: unchanged
        self.note = ""


def parse_record(line, section, origin):
    """(prefix words, one-record RRset) of a record line, with rpl_server's parser."""
    scratch = rpl_server.Entry(0)
    rpl_server.Scenario._record(scratch, section, line, origin)  # pylint: disable=protected-access
    rrs = scratch.sections[section][0]
    words = shlex.split(line.replace("(", " ").replace(")", " "), posix=False)
    prefix = [words.pop(0)]
    for _ in range(2):
        if words and re.fullmatch(r"\d+", words[0]):
            prefix.append(words.pop(0))
        elif len(words) > 1 and words[0].upper() in ("IN", "CH", "HS"):
            prefix.append(words.pop(0))
    prefix.append(words[0])
    return prefix, rrs


def read_file(path):
    """(lines, entries, anchors): entries is a list of lists of Rec; anchors a list of
    (line index, indent, quote, one-record RRset)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    entries, anchors = [], []
    i, n = 0, len(lines)
    while i < n and lines[i].strip() != "CONFIG_END":
        m = re.match(r"^(\s*trust-anchor:\s*)(\"?)(.*?)\2\s*(#.*)?$", lines[i])
        if m:
            try:
                _, rrs = parse_record(m.group(3), "ANSWER", dns.name.root)
                anchors.append((i, m.group(1), m.group(2), rrs))
            except Exception:  # noqa: BLE001 pylint: disable=broad-except
                pass  # an anchor malformed on purpose (a DS digest of the wrong length): kept

        i += 1
    origin = dns.name.root
    entry = None
    section = None
    while i < n:
        line = rpl_server.strip_comment(lines[i])
        first = i
        i += 1
        while entry is not None and line.count("(") > line.count(")") and i < n:
            line += " " + rpl_server.strip_comment(lines[i])
            i += 1
        words = line.split()
        if not words:
            continue
        if words[0] == "ENTRY_BEGIN":
            entry, section = [], None
        elif words[0] == "ENTRY_END":
            if entry is not None:
                entries.append(entry)
            entry = None
        elif words[0] == "$ORIGIN" and entry is None:
            origin = dns.name.from_text(words[1])
        elif entry is None:
            continue
        elif words[0] == "SECTION":
            section = words[1]
        elif words[0] in ("MATCH", "ADJUST", "REPLY"):
            continue
        elif section in SECTIONS:
            try:
                prefix, rrs = parse_record(line, section, origin)
            except Exception as e:  # noqa: BLE001 - rpl_server raises dnspython's and ValueError
                raise ResignError("%s:%d: %s" % (path, first + 1, e)) from e
            indent = re.match(r"^\s*", lines[first]).group(0)
            entry.append(Rec(first, i - 1, indent, prefix, section, rrs))
    return lines, entries, anchors


# -- the transform --------------------------------------------------------------------------

class Resigner:
    """The key map of one scenario and the rewriting of its records."""

    def __init__(self, path):
        self.path = path
        self.lines, self.entries, self.anchors = read_file(path)
        self.keys = {}       # (owner, alg, pubkey) -> ec private key
        self.tagmap = {}     # (owner, old alg, old tag) -> new tag
        self.valid = self.invalid = self.kept_empty = 0
        self.ds_fixed = self.ds_kept_wrong = 0
        self.warnings = []
        self.sigcache = {}
        self._collect_keys()

    # every record of the scenario, with where it is
    def _all(self):
        for entry in self.entries:
            for rec in entry:
                yield rec

    def _dnskeys(self):
        """(owner, rdata) of every DNSKEY: the entries' and the DNSKEY-form anchors'."""
        out = []
        for rec in self._all():
            if rec.rdtype == RT.DNSKEY and not isinstance(rec.rd, dns.rdata.GenericRdata):
                out.append((rec.name, rec.rd))
        for _, _, _, rrs in self.anchors:
            if rrs.rdtype == RT.DNSKEY:
                out.append((rrs.name, rrs[0]))
        return out

    def _collect_keys(self):
        taken = set()
        for owner, rd in self._dnskeys():
            taken.add(key_tag(rd))
        for rec in self._all():
            if rec.rdtype in (RT.RRSIG, RT.DS) and not isinstance(rec.rd, dns.rdata.GenericRdata):
                taken.add(rec.rd.key_tag)
        for _, _, _, rrs in self.anchors:
            if rrs.rdtype == RT.DS:
                taken.add(rrs[0].key_tag)
        variants = {}
        for owner, rd in self._dnskeys():
            if rd.algorithm in DSA_ALGS:
                ident = (owner.canonicalize(), rd.algorithm, rd.key)
                variants.setdefault(ident, set()).add((rd.flags, rd.protocol))
        for ident in sorted(variants, key=lambda k: (k[0].to_text(), k[1], k[2])):
            owner, alg, pub = ident
            counter = 0
            while True:
                seed = hashlib.sha256(b"rpl_resign\0" + owner.to_digestable() + bytes([alg]) +
                                      pub + counter.to_bytes(4, "big")).digest()
                priv = ec.derive_private_key(int.from_bytes(seed, "big") % (P256_N - 1) + 1,
                                             ec.SECP256R1())
                newpub = self._pub_bytes(priv)
                tags = [key_tag(self._new_dnskey(f, p, newpub)) for f, p in variants[ident]]
                if len(set(tags)) == len(tags) and not set(tags) & taken:
                    break
                counter += 1
            taken.update(tags)
            self.keys[ident] = priv
            for (flags, proto), tag in zip(variants[ident], tags):
                old = dns.rdata.from_wire(dns.rdataclass.IN, RT.DNSKEY,
                                          struct.pack("!HBB", flags, proto, alg) + pub, 0,
                                          4 + len(pub))
                self.tagmap[(owner, alg, key_tag(old))] = tag
        self.taken = taken

    @staticmethod
    def _pub_bytes(priv):
        nums = priv.public_key().public_numbers()
        return nums.x.to_bytes(32, "big") + nums.y.to_bytes(32, "big")

    @staticmethod
    def _new_dnskey(flags, protocol, pub):
        return dns.rdata.from_wire(dns.rdataclass.IN, RT.DNSKEY,
                                   struct.pack("!HBB", flags, protocol, NEW_ALG) + pub, 0,
                                   4 + len(pub))

    def new_dnskey(self, owner, rd):
        """The replacement of a DSA DNSKEY (same flags and protocol), or None."""
        if isinstance(rd, dns.rdata.GenericRdata) or rd.algorithm not in DSA_ALGS:
            return None
        priv = self.keys[(owner.canonicalize(), rd.algorithm, rd.key)]
        return self._new_dnskey(rd.flags, rd.protocol, self._pub_bytes(priv))

    def dsa_keys_at(self, owner):
        """[(old DNSKEY rdata, private key of its replacement)] of the DSA keys at owner."""
        out, seen = [], set()
        for o, rd in self._dnskeys():
            if o == owner and rd.algorithm in DSA_ALGS and rd.to_digestable() not in seen:
                seen.add(rd.to_digestable())
                out.append((rd, self.keys[(o.canonicalize(), rd.algorithm, rd.key)]))
        return out

    def orphan_tag(self, owner, alg, tag):
        """The new tag for a tag that names no DSA key at owner: the new tag of the DSA key of
        that tag at another owner if there is one (a signature made with another zone's key
        still names it), else the same tag, unless a new key took it."""
        for (o, a, t), new in sorted(self.tagmap.items(), key=lambda kv: kv[0][0].to_text()):
            if t == tag and a == alg and o != owner:
                return new
        new = tag
        used = set(self.tagmap.values())
        while new in used:
            new = (new + 1) % 65536
        return new

    # -- DS ---------------------------------------------------------------------------------

    def new_ds(self, owner, rd):
        """(replacement DS or None, note)."""
        if isinstance(rd, dns.rdata.GenericRdata):
            return None, ""
        keys = self.dsa_keys_at(owner)
        for old, priv in keys:
            if ds_digest(owner, old, rd.digest_type) == rd.digest:
                new = self._new_dnskey(old.flags, old.protocol, self._pub_bytes(priv))
                tag = key_tag(new) if rd.key_tag == key_tag(old) else rd.key_tag
                alg = NEW_ALG if rd.algorithm == old.algorithm else rd.algorithm
                self.ds_fixed += 1
                return rd.replace(key_tag=tag, algorithm=alg,
                                  digest=ds_digest(owner, new, rd.digest_type)), \
                    "digest recomputed"
        if rd.algorithm not in DSA_ALGS:
            return None, ""
        self.ds_kept_wrong += 1
        for old, priv in keys:
            if key_tag(old) == rd.key_tag and old.algorithm == rd.algorithm:
                new = self._new_dnskey(old.flags, old.protocol, self._pub_bytes(priv))
                return rd.replace(key_tag=key_tag(new), algorithm=NEW_ALG), \
                    "digest did not match the old key: kept"
        return rd.replace(key_tag=self.orphan_tag(owner, rd.algorithm, rd.key_tag),
                          algorithm=NEW_ALG), "names no key: digest kept"

    # -- RRSIG ------------------------------------------------------------------------------

    @staticmethod
    def covered(entry, rec, new):
        """The rdatas of the RRset rec (an RRSIG) covers in the same entry: its own section
        first, else any section; the new rdatas (after the transform) when new. None if the
        entry does not hold it."""
        for same in (True, False):
            rds = [(r.new if new and r.new is not None else r.rd) for r in entry
                   if r.name == rec.name and r.rdtype == rec.rd.type_covered and
                   r.rdclass == rec.rdclass and (r.section == rec.section) == same]
            if rds:
                return rds
        return None

    def new_rrsig(self, entry, rec):
        rd = rec.rd
        old_rds = self.covered(entry, rec, False)
        old_data = signed_data(rec.name, old_rds, rec.rdclass, rd) if old_rds else None
        cands = [(k, p) for k, p in self.dsa_keys_at(rd.signer) if key_tag(k) == rd.key_tag]
        ok = [(k, p) for k, p in cands if verifies(k, rd, old_data)]
        key, priv = (ok or cands or [(None, None)])[0]
        if key is not None:
            newkey = self._new_dnskey(key.flags, key.protocol, self._pub_bytes(priv))
            tag = key_tag(newkey)
        else:
            tag = self.orphan_tag(rd.signer, rd.algorithm, rd.key_tag)
        new = rd.replace(algorithm=NEW_ALG, key_tag=tag, signature=b"")
        valid = bool(ok)
        if not rd.signature:
            self.kept_empty += 1
            self.invalid += 1
            return new, "empty signature kept"
        new_rds = self.covered(entry, rec, True)
        data = signed_data(rec.name, new_rds, rec.rdclass, new) if new_rds else None
        if data is None:
            # no RRset to sign (or labels beyond the owner's): any signature is invalid
            data = b"rpl_resign: nothing to sign" + rec.name.to_digestable()
        if priv is None:
            # no key: a signature of the right size that no key verifies
            priv = ec.derive_private_key(
                int.from_bytes(hashlib.sha256(b"orphan" + data).digest(), "big") % (P256_N - 1) + 1,
                ec.SECP256R1())
        cache = (rd.to_digestable(), old_data, data)
        if cache not in self.sigcache:
            self.sigcache[cache] = ecdsa_sign(priv, data, valid)
        if valid:
            self.valid += 1
        else:
            self.invalid += 1
        return new.replace(signature=self.sigcache[cache]), \
            "valid" if valid else "invalid, as the original"

    # -- all of it --------------------------------------------------------------------------

    def transform(self):
        """Fill rec.new for every record to change; returns the new anchors' text lines."""
        for entry in self.entries:
            for rec in entry:
                if rec.rdtype == RT.DNSKEY:
                    rec.new = self.new_dnskey(rec.name, rec.rd)
                elif rec.rdtype == RT.DS:
                    rec.new, rec.note = self.new_ds(rec.name, rec.rd)
            for rec in entry:
                if rec.rdtype != RT.RRSIG or isinstance(rec.rd, dns.rdata.GenericRdata):
                    continue
                if rec.rd.algorithm in DSA_ALGS:
                    rec.new, rec.note = self.new_rrsig(entry, rec)
                else:
                    # a signature we cannot re-make over an RRset the transform changes
                    rds = [r for r in entry if r.name == rec.name and r.new is not None
                           and r.rdtype == rec.rd.type_covered]
                    if rds:
                        self.warnings.append(
                            "line %d: %s RRSIG %s (algorithm %d) covers records the transform "
                            "changed; it cannot be re-made" % (
                                rec.first + 1, rec.name, RT.to_text(rec.rd.type_covered),
                                rec.rd.algorithm))
        anchors = {}
        for idx, lead, quote, rrs in self.anchors:
            rd = rrs[0]
            if rrs.rdtype == RT.DNSKEY:
                new = self.new_dnskey(rrs.name, rd)
            elif rrs.rdtype == RT.DS:
                new, _ = self.new_ds(rrs.name, rd)
            else:
                new = None
            if new is not None:
                anchors[idx] = "%s%s%s %d IN %s %s%s" % (
                    lead, quote, rrs.name.to_text(), rrs.ttl, RT.to_text(rrs.rdtype),
                    new.to_text(chunksize=0), quote)
        return anchors

    def output(self):
        anchors = self.transform()
        out = list(self.lines)
        for idx, text in anchors.items():
            out[idx] = text
        # replace bottom-up so line numbers hold
        recs = sorted((r for r in self._all() if r.new is not None), key=lambda r: -r.first)
        for rec in recs:
            old = rec.rd
            text = rec.indent + "\t".join(rec.prefix) + "\t" + rec.new.to_text(chunksize=0)
            if rec.rdtype == RT.DNSKEY:
                note = "id = %d, was algorithm %d id = %d" % (key_tag(rec.new), old.algorithm,
                                                               key_tag(old))
            elif rec.rdtype == RT.RRSIG:
                note = "id = %d, was algorithm %d id = %d: %s" % (
                    rec.new.key_tag, old.algorithm, old.key_tag, rec.note)
            else:
                note = "was %d %d: %s" % (old.key_tag, old.algorithm, rec.note)
            out[rec.first:rec.last + 1] = [text + " ;{" + note + "}"]
        end = next(i for i, line in enumerate(out) if line.strip() == "CONFIG_END")
        head = ["; re-signed by bench/rpl_resign.py from %s: DSA keys (algorithm 3 and 6) "
                "replaced by ECDSAP256SHA256 (13), deliberate faults kept"
                % os.path.basename(self.path),
                "; key map (owner, old algorithm, old tag -> new tag):"]
        for (owner, alg, tag), new in sorted(self.tagmap.items(),
                                             key=lambda kv: (kv[0][0].to_text(), kv[0][2])):
            head.append(";   %s %d %d -> %d" % (owner, alg, tag, new))
        head.append("; signatures: %d re-made valid, %d re-made invalid as the original "
                    "(%d of them empty); DS: %d digests recomputed, %d left not matching"
                    % (self.valid, self.invalid, self.kept_empty, self.ds_fixed,
                       self.ds_kept_wrong))
        for w in self.warnings:
            head.append("; WARNING: " + w)
        return "\n".join(out[:end + 1] + head + out[end + 1:])


def has_dsa(path):
    """Whether the scenario holds a DSA DNSKEY (in an entry or an anchor)."""
    lines, entries, anchors = read_file(path)
    del lines
    return any(r.rdtype == RT.DNSKEY and not isinstance(r.rd, dns.rdata.GenericRdata) and
               r.rd.algorithm in DSA_ALGS for e in entries for r in e) or \
        any(a[3].rdtype == RT.DNSKEY and a[3][0].algorithm in DSA_ALGS for a in anchors)


def resign(path, out_path):
    """Write the re-signed copy of path to out_path; returns the Resigner (figures,
    warnings)."""
    r = Resigner(path)
    text = r.output()
    if r.warnings:
        raise Unfaithful("; ".join(r.warnings))
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    return r


# -- the check ------------------------------------------------------------------------------

def outcomes(path):
    """Per ENTRY (in file order) and per record: the verification outcome of every RRSIG
    ('valid', 'invalid' or 'nokey') against the scenario's own DNSKEYs and of every DS
    ('match' or 'nomatch'), plus the trust anchors' DS; and whether a DSA record is left."""
    _, entries, anchors = read_file(path)
    keys = []
    for entry in entries:
        for r in entry:
            if r.rdtype == RT.DNSKEY and not isinstance(r.rd, dns.rdata.GenericRdata):
                keys.append((r.name, r.rd))
    for a in anchors:
        if a[3].rdtype == RT.DNSKEY:
            keys.append((a[3].name, a[3][0]))
    res = []
    dsa_left = 0
    for entry in entries:
        row = []
        for r in entry:
            if isinstance(r.rd, dns.rdata.GenericRdata):
                continue
            if r.rdtype == RT.RRSIG:
                rds = Resigner.covered(entry, r, False)
                data = signed_data(r.name, rds, r.rdclass, r.rd) if rds else None
                ks = [k for o, k in keys if o == r.rd.signer and key_tag(k) == r.rd.key_tag
                      and k.algorithm == r.rd.algorithm]
                row.append("valid" if any(verifies(k, r.rd, data) for k in ks) else
                           "invalid" if ks else "nokey")
                dsa_left += r.rd.algorithm in DSA_ALGS
            elif r.rdtype == RT.DS:
                row.append("match" if any(o == r.name and key_tag(k) == r.rd.key_tag and
                                          k.algorithm == r.rd.algorithm and
                                          ds_digest(o, k, r.rd.digest_type) == r.rd.digest
                                          for o, k in keys) else "nomatch")
                dsa_left += r.rd.algorithm in DSA_ALGS
            elif r.rdtype == RT.DNSKEY:
                dsa_left += r.rd.algorithm in DSA_ALGS
        res.append(row)
    ta = []
    for a in anchors:
        rrs = a[3]
        if rrs.rdtype == RT.DS:
            rd = rrs[0]
            ta.append("match" if any(o == rrs.name and key_tag(k) == rd.key_tag and
                                     k.algorithm == rd.algorithm and
                                     ds_digest(o, k, rd.digest_type) == rd.digest
                                     for o, k in keys) else "nomatch")
            dsa_left += rd.algorithm in DSA_ALGS
        else:
            dsa_left += rrs[0].algorithm in DSA_ALGS
    return res, ta, dsa_left


def check(path, out_path):
    """'' when the copy at out_path keeps every outcome of path, else what differs."""
    before, ta_before, _ = outcomes(path)
    after, ta_after, left = outcomes(out_path)
    problems = []
    if left:
        problems.append("%d DSA records left" % left)
    if len(before) != len(after):
        problems.append("%d entries, %d after" % (len(before), len(after)))
    for i, (b, a) in enumerate(zip(before, after)):
        if b != a:
            problems.append("entry %d: %s -> %s" % (i + 1, b, a))
    if ta_before != ta_after:
        problems.append("trust anchors %s -> %s" % (ta_before, ta_after))
    try:
        rpl_server.Scenario(out_path)
    except rpl_server.RplError as e:
        problems.append("unreadable: %s" % e)
    return "; ".join(problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--out", help="directory for the re-signed copies")
    ap.add_argument("--check", action="store_true",
                    help="check that every verification outcome is kept")
    ap.add_argument("--expect-invalid", action="append", default=[],
                    help="with --check: FILE must hold at least one invalid signature after")
    a = ap.parse_args()
    import tempfile  # pylint: disable=import-outside-toplevel
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for f in a.files:
            base = os.path.basename(f)
            out = os.path.join(a.out or tmp, base)
            if a.out:
                os.makedirs(a.out, exist_ok=True)
            try:
                if not has_dsa(f):
                    print("%-44s no DSA key: not re-signed" % base)
                    continue
                r = resign(f, out)
            except Unfaithful as e:
                print("%-44s not re-signed: %s" % (base, e))
                continue
            except (ResignError, rpl_server.RplError) as e:
                print("%-44s FAIL: %s" % (base, e))
                bad += 1
                continue
            line = "%-44s %d valid, %d invalid (%d empty), DS %d recomputed, %d not matching" % (
                base, r.valid, r.invalid, r.kept_empty, r.ds_fixed, r.ds_kept_wrong)
            if a.check:
                why = check(f, out)
                if base in a.expect_invalid and not any(
                        "invalid" in row for row in outcomes(out)[0]):
                    why += "; no invalid signature after re-signing"
                if why:
                    line += "; FAIL: " + why
                    bad += 1
                else:
                    line += "; outcomes kept"
            print(line)
    if a.check:
        print("%d files, %d failed" % (len(a.files), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
