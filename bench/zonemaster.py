#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""zonemaster.py DNSSEC-DOCTOR [--only ZONE-PATTERN] [--pin TSV] [--keep DIR] FILE... -
Zonemaster's recorded DNSSEC test scenarios (zonemaster-engine's t/Test-dnssec*.data) set
beside our findings.

Zonemaster's recordings hold what its DNSSEC test cases asked of each scenario zone's own
servers (DNSKEY, CDS, CDNSKEY, NSEC, NSEC3PARAM) and of its parent (DS, the delegation), but
never the root's or a TLD's DNSKEY RRset: no recording has a chain of trust from any root
(docs/peer-suites.md, "Zonemaster", counts it), so `diagnose` cannot walk one live through
tests/testbed/zm_server.py (the root's DNSKEY and every DO query there would be REFUSED). What
does map is the zone itself. The answers its own servers gave to DO queries (read with
zm_server's loader) become a DNSViz-format probe capture holding that one zone (docs/dnsviz.md:
a zone whose parent is not in the capture is the top of the evidence), which `diagnose --json
--replay` reads as evidence, with as trust anchor (`--anchor`, RFC 4035 4.4) the DS RRset its
parent answered with where that was recorded, else the zone's own SEP DNSKEYs (every key
when none has SEP); at the recording's latest time (`--at`), or inside every signature window
where Zonemaster's test case does not judge signature times and they had all lapsed by then
(when_of()). Answers to queries without DO are left out: they carry no RRSIGs, which is no
evidence that the zone has none. Nothing is added: what was not asked is "not probed".

Each scenario's expected Zonemaster messages (scenario-docs/dnssec16-README.md, zonemaster's
DNSSEC05 and DNSSEC07 scenario specifications, and for AFNIC's *.zft-root/zut-root.rd.nic.fr
zones what their names say is broken: EXPECT) are mapped to our finding codes (MAP;
docs/peer-suites.md has the table): a scenario agrees when each mandatory message's codes
(any one) are among ours and none of its set's forbidden codes is. A scenario whose messages
have no counterpart in a chain-of-trust diagnosis, or whose recording lacks what the check
needs, is not applicable, with the reason. Prints one line per scenario and `N agree, M differ,
K not applicable`; exits 1 when a zone's result is not the one pinned in --pin (TSV: zone,
agree|differ|na). --keep DIR leaves each zone's capture, anchor and diagnose command in
DIR/ZONE/, a reproducer."""
import argparse
import base64
import datetime
import fnmatch
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "testbed"))
import zm_server  # noqa: E402  pylint: disable=wrong-import-position

import dns.dnssec  # noqa: E402
import dns.exception  # noqa: E402
import dns.flags  # noqa: E402
import dns.message  # noqa: E402
import dns.name  # noqa: E402
import dns.rdatatype  # noqa: E402

DS_TYPES = (dns.rdatatype.DS,)
CLIENT4 = "192.0.2.1"
CLIENT6 = "2001:db8::1"

# Zonemaster's message (or, for AFNIC's zones, what the zone's name says is broken) -> the
# finding codes of ours that say the same (any one of them); None: no counterpart, with the
# reason (docs/peer-suites.md, "Zonemaster", has this table).
MAP = {
    "DS16_CDS_INVALID_RRSIG": {"RRSIG_INVALID", "RRSIG_REDUNDANT_INVALID"},
    "DS16_CDS_MATCHES_NO_DNSKEY": {"CDS_MISMATCH"},
    "DS16_CDS_MATCHES_NON_ZONE_DNSKEY": {"CDS_MISMATCH"},
    "DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY": {"RRSIG_KEY_NOT_PUBLISHED", "RRSIG_INVALID"},
    "DS16_CDS_UNSIGNED": {"RRSIG_MISSING"},
    "DS16_DELETE_CDS": {"CDS_DELETE"},
    "DS16_MIXED_DELETE_CDS": {"CDS_MISMATCH"},
    "DS02_DS_DOES_NOT_MATCH_DNSKEY": {"DS_DIGEST_MISMATCH", "DS_NO_MATCHING_DNSKEY"},
    "DS02_NO_COMMON_KEYTAGS": {"DS_NO_MATCHING_DNSKEY"},
    "DS08_DNSKEY_NOT_SIGNED": {"DNSKEY_NOT_SIGNED_BY_DS_KEY", "RRSIG_MISSING"},
    "DS08_NO_KEYS_OR_NO_SIGS": {"DS_WITHOUT_DNSKEY", "DNSKEY_NOT_SIGNED_BY_DS_KEY", "RRSIG_MISSING"},
    "DS08_RRSIG_NOT_YET_VALID": {"RRSIG_NOT_YET_VALID"},
    "DS08_SIGNATURE_NOT_OK": {"RRSIG_INVALID", "RRSIG_EXPIRED", "RRSIG_REDUNDANT_INVALID"},
    "DS0X_RRSIG_NO_MATCHING_DNSKEY": {"RRSIG_KEY_NOT_PUBLISHED", "RRSIG_INVALID"},
    "DS09_RRSIG_NOT_VALID_BY_DNSKEY": {"RRSIG_INVALID"},
    "DS09_SOA_NOT_SIGNED": {"RRSIG_MISSING"},
    "DS09_SOA_RRSIG_EXPIRED": {"RRSIG_EXPIRED"},
    "DS09_SOA_RRSIG_NOT_YET_VALID": {"RRSIG_NOT_YET_VALID"},
    "DS11_DS_BUT_UNSIGNED": {"DS_WITHOUT_DNSKEY"},
    "DS11_INCONSISTENT": {"DNSKEY_NOT_SIGNED_BY_DS_KEY", "DS_NO_MATCHING_DNSKEY"},
    "DS13_ALGO_NOT_SIGNED": {"ALGORITHM_INCOMPLETE", "RRSIG_MISSING"},
    "DS17_CDNSKEY_MISMATCH": {"CDS_MISMATCH"},
    "DS17_CDNSKEY_UNSIGNED": {"RRSIG_MISSING"},
    "DS17_DELETE_CDNSKEY": {"CDS_DELETE"},
    # DNSSEC05: the algorithm of the zone's DNSKEY (scenario-docs: dnssec05's specification)
    "DS05_ALGO_DEPRECATED": {"ALGORITHM_DEPRECATED"},
    "DS05_ALGO_UNSUPPORTED": {"ALGORITHM_UNSUPPORTED"},  # RESERVED, UNASSIGNED, PRIVATE, NOT_ZONE_SIGN
    # DNSSEC07: how each server answers the DNSKEY query
    "DS07_NON_AUTH_RESPONSE_DNSKEY": {"LAME_DELEGATION"},
    "DS07_UNEXP_RCODE_RESP_DNSKEY": {"LAME_DELEGATION"},
    "DS07_NO_RESPONSE_DNSKEY": {"SERVER_UNREACHABLE"},
    "DS07_INCONSISTENT_SIGNED": {"SPLIT_SIGNING", "STALE_SECONDARY", "MULTI_SIGNER_INCONSISTENT"},
}
TIME_CODES = {"RRSIG_EXPIRED", "RRSIG_NOT_YET_VALID"}
BROKEN = {"RRSIG_INVALID", "RRSIG_MISSING", "RRSIG_EXPIRED", "RRSIG_NOT_YET_VALID",
          "DS_NO_MATCHING_DNSKEY", "DS_DIGEST_MISMATCH", "CDS_MISMATCH",
          "DNSKEY_NOT_SIGNED_BY_DS_KEY", "RRSIG_KEY_NOT_PUBLISHED"}
# the codes a scenario set's forbidden messages stand for (its test case's own subject): by
# the scenario zones' common suffix; BROKEN elsewhere
POOLS = {
    "dnssec05.xa.": {"ALGORITHM_DEPRECATED", "ALGORITHM_UNSUPPORTED"},
    "dnssec07.xa.": {"LAME_DELEGATION", "SERVER_UNREACHABLE", "SPLIT_SIGNING", "STALE_SECONDARY",
                     "MULTI_SIGNER_INCONSISTENT"},
}
NA_NON_SEP = "a CDS/CDNSKEY or KSK without the SEP flag: RFC 4034 2.1.1 makes the flag a hint " \
    "validators ignore; we have no finding for it"
NA_SIGNED_BY_CDS = "RFC 7344 4.1's rule that a key the CDS names signs the DNSKEY RRset (or " \
    "the CDS): a rule for the parent's acceptance, which diagnose does not check"
NA_DURATION = "signature lifetime policy (DNSSEC04): no RFC limit; we flag only signatures " \
    "expiring soon"
NA_EXTRA = "DNSSEC06 checks additional-section processing of large answers, not DNSSEC data"
# zone (its first label, or its scenario name) -> (mandatory messages, forbidden messages) or
# the reason it is not applicable
EXPECT = {
    # DNSSEC16, scenario-docs/dnssec16-README.md (the forbidden messages: all the others)
    "cds-invalid-rrsig.dnssec16.xa.": ["DS16_CDS_INVALID_RRSIG"],
    "cds-matches-no-dnskey.dnssec16.xa.": ["DS16_CDS_MATCHES_NO_DNSKEY"],
    "cds-matches-non-sep-dnskey.dnssec16.xa.": NA_NON_SEP,
    "cds-matches-non-zone-dnskey.dnssec16.xa.": ["DS16_CDS_MATCHES_NON_ZONE_DNSKEY"],
    "cds-not-signed-by-cds.dnssec16.xa.": NA_SIGNED_BY_CDS,
    "cds-without-dnskey.dnssec16.xa.": "DS16_CDS_WITHOUT_DNSKEY: a CDS in a zone without "
    "DNSKEY; no DNSKEY and no DS were recorded, nothing to anchor the zone to",
    "cds-signed-by-unknown-dnskey.dnssec16.xa.": ["DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY"],
    "cds-unsigned.dnssec16.xa.": ["DS16_CDS_UNSIGNED"],
    "delete-cds.dnssec16.xa.": ["DS16_DELETE_CDS"],
    "dnskey-not-signed-by-cds.dnssec16.xa.": NA_SIGNED_BY_CDS,
    "mixed-delete-cds.dnssec16.xa.": ["DS16_MIXED_DELETE_CDS"],
    "not-aa.dnssec16.xa.": [],
    "valid-cds.dnssec16.xa.": [],
    "no-cds.dnssec16.xa.": [],
    # AFNIC's zones: the name says what is broken
    "dnssec02-dnskey-ksk-not-sep": NA_NON_SEP,
    "dnssec02-ds-does-not-match-dnskey": ["DS02_DS_DOES_NOT_MATCH_DNSKEY"],
    "dnssec02-no-common-keytags": ["DS02_NO_COMMON_KEYTAGS"],
    "dnssec04-duration-long": NA_DURATION,
    "dnssec04-remaining-long": NA_DURATION,
    "dnssec06-extra-processing-broken-1": NA_EXTRA,
    "dnssec06-extra-processing-broken-2": NA_EXTRA,
    "dnssec08-dnskey-not-signed": ["DS08_DNSKEY_NOT_SIGNED"],
    "dnssec08-dnskey-rrsig-not-yet-valid": ["DS08_RRSIG_NOT_YET_VALID"],
    "dnssec08-dnskey-signature-not-ok": ["DS08_SIGNATURE_NOT_OK"],
    "dnssec08-dnskey-signature-not-ok-broken": ["DS08_SIGNATURE_NOT_OK"],
    "dnssec08-rrsig-no-matching-dnskey": ["DS0X_RRSIG_NO_MATCHING_DNSKEY"],
    "dnssec09-rrsig-no-matching-dnskey": ["DS0X_RRSIG_NO_MATCHING_DNSKEY"],
    "dnssec09-rrsig-not-valid-by-dnskey": ["DS09_RRSIG_NOT_VALID_BY_DNSKEY"],
    "dnssec09-soa-not-signed": ["DS09_SOA_NOT_SIGNED"],
    "dnssec09-soa-rrsig-expired": ["DS09_SOA_RRSIG_EXPIRED"],
    "dnssec09-soa-rrsig-not-yet-valid": ["DS09_SOA_RRSIG_NOT_YET_VALID"],
    "dnssec11-ds-but-unsigned": ["DS11_DS_BUT_UNSIGNED"],
    "dnssec11-inconsistent-dnskey": ["DS11_INCONSISTENT"],
    "dnssec11-inconsistent-ds": ["DS11_INCONSISTENT"],
    "dnssec13-algo-not-signed-dnskey": ["DS13_ALGO_NOT_SIGNED"],
    "dnssec13-algo-not-signed-ns": ["DS13_ALGO_NOT_SIGNED"],
    "dnssec13-algo-not-signed-soa": ["DS13_ALGO_NOT_SIGNED"],
    "dnssec16-cds-cdnskey-invalid-rrsig-01": ["DS16_CDS_INVALID_RRSIG"],
    "dnssec16-cds-cdnskey-invalid-rrsig-02": ["DS16_CDS_INVALID_RRSIG"],
    "dnssec16-cds-cdnskey-signed": [],
    "dnssec16-cds-cdnskey-unsigned": ["DS16_CDS_UNSIGNED"],
    "dnssec17-cdnskey-is-non-zone": ["DS17_CDNSKEY_MISMATCH"],
    "dnssec17-cdnskey-matches-no-dnskey": ["DS17_CDNSKEY_MISMATCH"],
    "dnssec17-cdnskey-signed-by-unknown-dnskey": ["DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY"],
    "dnssec17-cdnskey-unsigned": ["DS17_CDNSKEY_UNSIGNED"],
    "dnssec17-delete-cdnskey": ["DS17_DELETE_CDNSKEY"],
    "dnssec17-mixed-delete-cdnskey": ["DS16_MIXED_DELETE_CDS"],
    "dnssec16-cds-without-dnskey": "DS16_CDS_WITHOUT_DNSKEY: a CDS in a zone without "
    "DNSKEY; no DNSKEY and no DS were recorded, nothing to anchor the zone to",
    "zone-does-not-exist": "the zone does not exist (the parent answers NXDOMAIN): nothing "
    "to diagnose as a zone",
    # Test-dnssec-more's AFNIC zones
    "dnssec07-ds-but-not-dnskey": ["DS11_DS_BUT_UNSIGNED"],
    "dnssec08-no-keys-or-no-sigs-1": ["DS08_NO_KEYS_OR_NO_SIGS"],
    "dnssec18-no-match-cdnskey-rrsig-ds": NA_SIGNED_BY_CDS,
    "dnssec18-no-match-cds-rrsig-ds": NA_SIGNED_BY_CDS,
    # DNSSEC05 (the zones' DNSKEY is a placeholder of the algorithm, unsigned by design)
    **{"algo-deprecated-%d.dnssec05.xa." % a: ["DS05_ALGO_DEPRECATED"] for a in (1, 3, 5, 6, 7, 12)},
    **{"algo-ok-%d.dnssec05.xa." % a: [] for a in (8, 13, 14, 15, 16)},
    # 17 (SM2SM3) and 23 (ECC-GOST12): Zonemaster calls them OK; RFC 8624's table does not
    # list them, no RFC asks validators to implement them; we say unsupported
    **{"algo-ok-%d.dnssec05.xa." % a: ["DS05_ALGO_UNSUPPORTED"] for a in (17, 23)},
    **{"algo-%s.dnssec05.xa." % a: ["DS05_ALGO_UNSUPPORTED"] for a in (
        "reserved-4", "reserved-9", "reserved-11", "reserved-123", "reserved-251",
        "reserved-255", "unassigned-20", "unassigned-122", "private-253", "private-254",
        "not-zone-sign-0", "not-zone-sign-2", "not-zone-sign-252")},
    "algo-not-recommended-10.dnssec05.xa.": "DS05_ALGO_NOT_RECOMMENDED (RSASHA512): RFC 8624 "
    "3.1 says MUST for validation and NOT RECOMMENDED for signing; we have no finding for it",
    "mixed-algo-1.dnssec05.xa.": ["DS05_ALGO_DEPRECATED"],
    "no-response-1.dnssec05.xa.": "DS05_NO_RESPONSE: a server without an answer to DNSKEY; the "
    "zone is unsigned by design, and what the other server answers decides nothing here",
    "no-response-2.dnssec05.xa.": "DS05_NO_RESPONSE: as no-response-1",
    "server-no-dnssec-1.dnssec05.xa.": "DS05_SERVER_NO_DNSSEC: one server without DNSKEY, in a "
    "zone unsigned by design",
    "shared-ip-1.dnssec05.xa.": [],
    "zone-no-dnssec-1.dnssec05.xa.": "DS05_ZONE_NO_DNSSEC: an unsigned zone, which is no fault",
    # DNSSEC07 (the parent's DS is made not to match by design; the DNSKEY answers are signed)
    "signed-and-ds-1.dnssec07.xa.": [],
    "signed-no-ds-1.dnssec07.xa.": [],
    "inconsist-signed-and-ds-1.dnssec07.xa.": ["DS07_INCONSISTENT_SIGNED"],
    "inconsist-signed-no-ds-1.dnssec07.xa.": ["DS07_INCONSISTENT_SIGNED"],
    "child.signed-and-inconsist-ds-1.dnssec07.xa.": "DS07_INCONSISTENT_DS: the parent's "
    "servers disagree on the DS; we have no finding that compares a parent's servers' DS sets",
    "unsigned-and-ds-1.dnssec07.xa.": "DS07_NOT_SIGNED: an unsigned zone; the parent's DS was "
    "not asked (the specification says it is not expected to be)",
    "unsigned-no-ds-1.dnssec07.xa.": "DS07_NOT_SIGNED: an unsigned zone, which is no fault",
    "non-auth-response-dnskey-1.dnssec07.xa.": ["DS07_NON_AUTH_RESPONSE_DNSKEY"],
    "no-response-dnskey-1.dnssec07.xa.": ["DS07_NO_RESPONSE_DNSKEY"],
    "unexp-rcode-resp-dnskey-1.dnssec07.xa.": ["DS07_UNEXP_RCODE_RESP_DNSKEY"],
    # real zones, working when recorded
    "afnic.fr.": [], "nic.se.": [], "se.": [],
}


NA_SETS = {
    "dnssec01.xa.": "DNSSEC01 judges the algorithm and digest type of the parent's DS only: the "
    "child's DNSKEY was never asked (no DNSKEY query in Test-dnssec01.data), so no DS can be "
    "judged against a key; and dnssec01's README lists no expected messages",
    "nsec3-opt-out-enabled-tld-dnssec03.": "as the other DNSSEC03 zones (dnssec03.xa.)",
    "dnssec03.xa.": "DNSSEC03 judges NSEC3 parameters; the lab's DNSKEY answers carry no RRSIG "
    "(none of the 46 in Test-dnssec03.data), so the zone is bogus from any anchor and our "
    "NSEC3 checks gave nothing on its recorded NODATA answer (see the note on dnssec03)",
}


def expectation(zone):
    """(mandatory [set of codes], forbidden codes) or the reason it is not applicable."""
    e = EXPECT.get(zone, EXPECT.get(zone.split(".")[0]))
    for suffix, why in NA_SETS.items():
        if e is None and (zone == suffix or zone.endswith("." + suffix)):
            e = why
    if e is None:
        return "no expected Zonemaster message for this zone in the recording's documentation"
    if isinstance(e, str):
        return e
    must = [MAP[m] for m in e]
    forbid = set(BROKEN)
    for suffix, pool in POOLS.items():
        if zone.endswith("." + suffix):
            forbid = set(pool)
    for m in must:
        forbid -= m
    return must, forbid


def compare(zone, codes):
    """(status, detail) of our codes against the zone's expectation."""
    exp = expectation(zone)
    if isinstance(exp, str):
        return "na", exp
    must, forbid = exp
    missing = [sorted(m) for m in must if not m & codes]
    extra = sorted(forbid & codes)
    if missing or extra:
        return "differ", "missing %s; unexpected %s" % (
            " ".join("/".join(m) for m in missing) or "-", " ".join(extra) or "-")
    return "agree", ""


def parse(wire):
    try:
        return dns.message.from_wire(wire)
    except dns.exception.DNSException:
        return None


def zone_servers(rec, zone):
    """{ns name: [addresses]} of the addresses that answered a question at the zone's name
    with AA, other than DS (which its parent answers): its own servers. An address is named
    by the name the recording gives it that the zone's recorded NS RRset lists (the lab
    reuses addresses across zones under other names), else its first name."""
    ns_names = set()
    addrs = []
    for addr, table in rec.answers.items():
        for (qname, qtype, _), (wire, _) in table.items():
            if qname != zone or qtype == dns.rdatatype.DS:
                continue
            m = parse(wire)
            if m is None or not m.flags & dns.flags.AA:
                continue
            if addr not in addrs:
                addrs.append(addr)
            ns_names.update(rd.target.to_text().lower() for rrs in m.answer
                            if rrs.rdtype == dns.rdatatype.NS for rd in rrs)
    out = {}
    for addr in addrs:
        names = [n.lower() if n.endswith(".") else n.lower() + "." for n in rec.names[addr]]
        name = next((n for n in names if n in ns_names), names[0])
        out.setdefault(name, []).append(addr)
    return out


def parent_ds(rec, zone):
    """The DS RRset (text lines) the zone's parent answered with (AA; to a DO query if one
    was recorded, else without DO: the DS records are the same, only their RRSIGs are
    missing, and an anchor is not validated), or []."""
    hits = [t[(zone, dns.rdatatype.DS, do)] for do in (True, False) for t in rec.answers.values()
            if (zone, dns.rdatatype.DS, do) in t]
    for hit in hits:
        m = parse(hit[0])
        if m is None or not m.flags & dns.flags.AA:
            continue
        lines = [line for rrs in m.answer if rrs.rdtype == dns.rdatatype.DS
                 for line in rrs.to_text().split("\n")]
        if lines:
            return lines
    return []


def own_keys(rec, zone, addrs):
    """The zone's SEP DNSKEYs (or all its keys when none has SEP) as anchor lines, from the
    first recorded DNSKEY answer of its servers, or []."""
    for addr in addrs:
        hit = rec.answers.get(addr, {}).get((zone, dns.rdatatype.DNSKEY, True))
        if hit is None:
            continue
        m = parse(hit[0])
        if m is None:
            continue
        for rrs in m.answer:
            if rrs.rdtype == dns.rdatatype.DNSKEY and rrs.name == dns.name.from_text(zone):
                sep = [rd for rd in rrs if rd.flags & 1]
                return ["%s 3600 IN DNSKEY %s" % (zone, rd.to_text()) for rd in (sep or list(rrs))]
    return []


def capture(rec, zone):
    """A DNSViz probe capture (dict) of the zone alone from its recorded answers."""
    servers = zone_servers(rec, zone)
    addrs = [a for v in servers.values() for a in v]
    zname = dns.name.from_text(zone)
    queries = {}
    for addr in addrs:
        for (qname, qtype, do), (wire, _) in rec.answers[addr].items():
            if not dns.name.from_text(qname).is_subdomain(zname) or not do or (
                    qname == zone and qtype == dns.rdatatype.DS):
                # the DS at the zone's name is the parent's answer, not the zone's (it is the
                # trust anchor instead, parent_ds())
                # only answers to DO queries: Zonemaster asks SOA, NS, A and AAAA without
                # EDNS, and an answer without RRSIGs to such a query is no evidence that the
                # zone lacks them (diagnose's own queries all set DO)
                continue
            m = parse(wire)
            edns = m is not None and m.edns >= 0
            key = (qname, qtype, do, edns)
            q = queries.setdefault(key, {
                "qname": qname, "qclass": "IN", "qtype": dns.rdatatype.to_text(qtype),
                # the recording keeps neither the query's UDP size nor its transport (an
                # answer over 1232 octets came by TCP, or over UDP to a larger offer): 4096,
                # so that a large answer is not judged an EDNS fault (RFC 6891 6.2.5)
                "options": {"flags": 0, "edns_version": 0 if edns else -1,
                            "edns_max_udp_payload": 4096 if edns else 512,
                            "edns_flags": 0x8000 if do else 0, "edns_options": [],
                            "tcp": False},
                "responses": {}})
            client = CLIENT6 if ":" in addr else CLIENT4
            q["responses"][addr] = {client: {
                "message": base64.b64encode(wire).decode("ascii"),
                "msg_size": len(wire), "time_elapsed": 0, "history": []}}
    when = datetime.datetime.fromtimestamp(rec.last_time(), datetime.timezone.utc)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S UTC")
    parent = zname.parent().to_text() if zname != dns.name.root else None
    entry = {"type": "authoritative", "stub": False, "analysis_start": stamp,
             "analysis_end": stamp, "clients_ipv4": [CLIENT4], "clients_ipv6": [CLIENT6],
             "explicit_delegation": False, "auth_ns_ip_mapping": servers,
             "queries": list(queries.values())}
    if parent:
        entry["parent"] = parent
    if any(q["qname"] == zone and q["qtype"] == "NSEC" for q in queries.values()):
        # Zonemaster's DNSSEC03 asks NSEC at the apex of an NSEC3 zone: a NODATA probe, whose
        # answer carries the NSEC3 records (and their parameters) that prove it
        entry["nxrrset_name"] = zone
        entry["nxrrset_rdtype"] = "NSEC"
    return {zone: entry, "_meta._dnsviz.": {"version": 1.2, "names": [zone]}}


def windows(cap):
    """(latest inception, earliest expiration) over every RRSIG in a capture's answers."""
    inc, exp = [], []
    for entry in cap.values():
        for q in entry.get("queries", []):
            for clients in q["responses"].values():
                for r in clients.values():
                    m = parse(base64.b64decode(r["message"]))
                    for rrs in (m.answer + m.authority) if m else []:
                        if rrs.rdtype == dns.rdatatype.RRSIG:
                            for rd in rrs:
                                inc.append(rd.inception)
                                exp.append(rd.expiration)
    return (max(inc), min(exp)) if inc else (None, None)


def when_of(rec, zone, cap):
    """(--at value, note): the recording's latest time; but for a scenario whose Zonemaster
    test case does not look at signature times (any but DNSSEC04/08/09's time checks) and whose
    signatures had all expired (or were not yet valid) when it was recorded, a time inside
    every recorded signature window, as Zonemaster judges it (it checks those times nowhere
    else), with a note."""
    t = int(rec.last_time())
    exp = expectation(zone)
    if isinstance(exp, str) or any(m & TIME_CODES for m in exp[0]):
        return "@%d" % t, ""
    first, last = windows(cap)
    if first is None or first <= t <= last or first >= last:
        return "@%d" % t, ""
    return "@%d" % (first + 1), "[at %s, inside every signature window: at the recording " \
        "(%s) they were outside it] " % (
            datetime.datetime.fromtimestamp(first + 1, datetime.timezone.utc).strftime("%Y-%m-%d"),
            datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d"))


def diagnose(dd, rec, zone, qtype, tmp):
    """Our JSON report on the zone's capture and a note, or (None, why)."""
    servers = zone_servers(rec, zone)
    if not servers:
        return None, "no server answered for the zone with AA in the recording"
    cap = os.path.join(tmp, "capture.json")
    data = capture(rec, zone)
    if not data[zone]["queries"]:
        return None, "no DO query to the zone's own servers was recorded (Zonemaster asked " \
            "them without DO only): nothing DNSSEC to judge"
    with open(cap, "w", encoding="utf-8") as f:
        json.dump(data, f)
    at, note = when_of(rec, zone, data)
    anchors = parent_ds(rec, zone)
    if not anchors:
        anchors = own_keys(rec, zone, [a for v in servers.values() for a in v])
    args = [dd, "diagnose", "--json", "--replay", cap, zone, qtype,
            "--at", at]
    if anchors:
        path = os.path.join(tmp, "anchor")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(anchors) + "\n")
        args += ["--anchor", path]
    else:
        # an unsigned zone: an anchor at the zone that no record can match would make it
        # bogus; the parent's absent DS is what makes it insecure, and it was not recorded
        return None, "no DNSKEY and no DS recorded: nothing to anchor the zone to"
    with open(os.path.join(tmp, "command"), "w", encoding="utf-8") as f:
        f.write(" ".join(args) + "\n")
    p = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    try:
        rep = json.loads(p.stdout)
        rep["_note"] = note
        return rep, None
    except ValueError:
        return None, "exit %d: %s" % (p.returncode, p.stderr.strip()[:200])


def codes_of(report):
    """Every finding code anywhere in the report."""
    out = set()
    stack = [report]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if isinstance(x.get("code"), str):
                out.add(x["code"])
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dd")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--only", action="append", help="zone name pattern (repeatable)")
    ap.add_argument("--pin", help="TSV: zone, agree|differ|na; fail when ours is otherwise")
    ap.add_argument("--keep", help="keep each zone's capture, anchor and diagnose command in "
                    "DIR/ZONE/ (a reproducer)")
    a = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in a.files:
            rec = zm_server.Recording(path)
            # the scenario zones: every name Zonemaster asked DNSKEY or CDS of
            zones = sorted({k[0] for t in rec.answers.values() for k in t
                            if k[1] in (dns.rdatatype.DNSKEY, dns.rdatatype.CDS, dns.rdatatype.DS)})
            for z in zones:
                if a.only and not any(fnmatch.fnmatch(z, o) for o in a.only):
                    continue
                exp = expectation(z)
                if isinstance(exp, str):
                    results.append((z, "na", "-", exp))
                    continue
                work = tmp
                if a.keep:
                    work = os.path.join(a.keep, z.rstrip(".") or "root")
                    os.makedirs(work, exist_ok=True)
                rep, why = diagnose(a.dd, rec, z, "SOA", work)
                if rep is None:
                    results.append((z, "na", "-", why))
                    continue
                codes = codes_of(rep)
                status, detail = compare(z, codes)
                results.append((z, status, rep.get("verdict", "?"),
                                rep["_note"] + (detail + "; " if detail else "") + "ours: " +
                                (" ".join(sorted(codes)) or "-")))
    counts = {"agree": 0, "differ": 0, "na": 0}
    for z, status, verdict, detail in results:
        counts[status] += 1
        print("%-62s %-6s %-13s %s" % (z, status, verdict, detail))
    bad = 0
    if a.pin:
        with open(a.pin, encoding="utf-8") as f:
            pins = dict(line.rstrip("\n").split("\t")[:2] for line in f
                        if line.strip() and not line.startswith("#"))
        for z, status, _, _ in results:
            if pins.get(z) != status:  # every zone of the files given is pinned
                bad += 1
                print("FAIL: %s: %s, pinned %s" % (z, status, pins.get(z, "(not pinned)")))
    print("%d agree, %d differ, %d not applicable" % (counts["agree"], counts["differ"], counts["na"]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
