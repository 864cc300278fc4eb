#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""peer_suites.py DNSSEC-DOCTOR [options] FILE_OR_DIR... - the peers' validator scenarios
(Unbound's testbound val_*/black_*, Deckard's) and Deckard's world recordings replayed live:
for each .rpl, tests/testbed/rpl_server.py serves its recorded authoritative answers on the
addresses its RANGEs name, and `dnssec-doctor diagnose --json` walks them with the scenario's
trust anchor (--anchor), root hints at its root stub addresses (--hints), at its
val-override-date (--at), for its query; our verdict is set beside the answer the
scenario expects (INDEX.tsv's column where there is one):

    NOERROR+AD  secure (data or a proven NODATA)     NXDOMAIN+AD  secure, proven NXDOMAIN
    NOERROR     insecure (or, for a query without DO, secure: no AD is given then), or
                RFC 4035 4.3's indeterminate: no trust anchor covers the name's zone
    NXDOMAIN    the same for NXDOMAIN                SERVFAIL     bogus
    YXDOMAIN    a DNAME makes the name too long (RFC 6672 2.2), secure or insecure: no AD
    INDETERMINATE  any other indeterminate verdict (we could not tell): never agrees

The scenario's query is its first STEP QUERY without CD (a query with CD is not validated),
and the expected answer the CHECK_ANSWER after it. val-override-date -1 (Unbound checks no
signature times) runs at the latest inception among the recorded RRSIGs.

Run inside a network namespace of its own (bench/peer-suites.sh does: `unshare -rn`); with
--jobs 2 it runs two workers, each in a network namespace of its own below that one.
Scenarios that test resolver behaviour rather than validation are listed as not applicable
with the reason (NOT_APPLICABLE below, and the structural ones found in the file itself).
Prints one line per scenario and `N agree, M differ, K not applicable`; exits 1 when fewer
than --min-agree agree, more than --max-differ differ, or an answer pinned in --pin (TSV:
file name, our answer) changed. The world recordings' tests pin every answer."""
import argparse
import asyncio
import concurrent.futures
import fnmatch
import glob
import json
import os
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "testbed"))
import rpl_server  # noqa: E402  pylint: disable=wrong-import-position

import dns.flags  # noqa: E402
import dns.name  # noqa: E402
import dns.rdata  # noqa: E402
import dns.rcode  # noqa: E402
import dns.rdatatype  # noqa: E402

# Scenarios whose expected answer is about how a resolver behaves, not about what validates:
# file name -> the reason (docs/peer-suites.md repeats these). Filled from reading each file.
OPTS = argparse.Namespace(set_aa=False, from_records=False, resign_dsa=False)
RETRY = ("one server answers with bogus data and another with good data: tests that the "
         "resolver retries another server after a bogus answer (Unbound's blacklist); diagnose "
         "asks every server and reports the worst (docs/json.md, verdict)")
CACHE_REFERRAL = ("the query has no RD: the resolver answers it from a referral in its cache "
                  "(the checked answer is that referral, with AD); no server holds the name, so a "
                  "diagnosis of the zone's answer has nothing to judge")
NOT_APPLICABLE = {
    "val_referd.rpl": CACHE_REFERRAL,
    "val_referglue.rpl": CACHE_REFERRAL,
    "black_data.rpl": RETRY,
    "black_dnskey.rpl": RETRY,
    "black_ds.rpl": RETRY,
    "black_ent.rpl": RETRY,
    "black_prime.rpl": RETRY,
}
# resolver options that change what validates, away from the default (and from the RFCs'
# advice): the scenario tests the option
POLICY = {
    ("harden-algo-downgrade", "yes"): "harden-algo-downgrade: yes requires every algorithm of "
    "the DS set to sign, which RFC 6840 5.11 says validators SHOULD NOT insist on",
    ("harden-dnssec-stripped", "no"): "harden-dnssec-stripped: no accepts a zone whose DNSKEY "
    "query fails as insecure although its parent has a DS (RFC 4035 5.2 makes it bogus)",
}


def index_of(path):
    """INDEX.tsv beside path: file -> (date, [expected answers])."""
    out = {}
    idx = os.path.join(os.path.dirname(path), "INDEX.tsv")
    if not os.path.exists(idx):
        return out
    with open(idx, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3 and cols[0].endswith(".rpl"):
                out[cols[0]] = (cols[1], cols[2].split())
    return out


def chosen_query(scn):
    """(step, query entry, index of the CHECK_ANSWER after it): the first STEP QUERY without
    CD (a query with CD asks the resolver not to validate), or the first query."""
    first = None
    checks = -1
    pending = None
    for num, kind, e in scn.steps:
        if kind == "QUERY" and e is not None:
            pending = (num, e)
            if first is None:
                first = (num, e, checks + 1)
        elif kind == "CHECK_ANSWER" and e is not None:
            checks += 1
            if pending is not None and not pending[1].flags & dns.flags.CD:
                return pending[0], pending[1], checks
            pending = None
    return first if first else (None, None, None)


def expected_of(scn, index_row):
    """The checked answer to the chosen query as RCODE[+AD]."""
    _, _, k = chosen_query(scn)
    if k is None:
        return None
    checks = scn.checks()
    e = checks[k] if len(checks) > k else None
    # INDEX.tsv's column knows NOERROR, NXDOMAIN and SERVFAIL only: another rcode checked
    # (val_dnametoolong's YXDOMAIN) comes from the file itself
    if index_row and len(index_row[1]) > k and (
            e is None or e.rcode in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN, dns.rcode.SERVFAIL)):
        return index_row[1][k]
    if e is None:
        return None
    return dns.rcode.to_text(e.rcode) + ("+AD" if e.flags & dns.flags.AD else "")


def structural_na(scn):
    """A reason the scenario cannot be a validation verdict of ours, from the file alone."""
    num, q, _ = chosen_query(scn)
    if q is None or q.qname is None:
        return "no STEP QUERY"
    if not scn.checks():
        return "no CHECK_ANSWER"
    if q.flags & dns.flags.CD:
        return "the query sets CD: the resolver's answer without validation is checked"
    if any(s["kind"] == "forward" for s in scn.stubs):
        return "the resolver forwards to another resolver (forward-zone): there are no " \
               "authoritative servers to walk"
    for d in scn.config.get("domain-insecure", []):
        if q.qname.is_subdomain(dns.name.from_text(d)):
            return "domain-insecure %s: a local policy of the resolver, not the zones'" % d
    for (key, value), why in POLICY.items():
        if value in [v.lower() for v in scn.config.get(key, [])]:
            return why
    if not scn.config.get("trust-anchor"):
        return "no trust anchor: the resolver does not validate"
    if not root_addrs(scn):
        return "a stub zone below the root only (no root servers in the scenario): diagnose " \
               "walks from the root"
    return None


def root_addrs(scn):
    """The root servers' addresses: the root stub-zone's, or (a recording made with the
    resolver's built-in root hints) those of the first range that answers . NS."""
    for s in scn.stubs:
        if s["kind"] == "stub" and s["name"] in (".", None) and s["addrs"]:
            return s["addrs"]
    for r in scn.ranges:
        if r.addresses and any(e.qname == dns.name.root and e.qtype == dns.rdatatype.NS
                               for e in r.entries):
            return list(r.addresses)
    return []


def hints_of(scn, addrs, step):
    """Root hints: the root NS RRset and its addresses as the first stub address answers
    ". NS" in the recording (glue kept only where it is a stub address), else a made-up name
    per stub address."""
    out = []
    e = scn.find(addrs[0], step, dns.name.root, dns.rdatatype.NS, 0, False) if addrs else None
    if e is not None:
        for rrs in e.sections["ANSWER"]:
            if rrs.rdtype == dns.rdatatype.NS and rrs.name == dns.name.root:
                names = [rd.target for rd in rrs]
                for rrs2 in e.sections["ADDITIONAL"]:
                    if rrs2.name in names and rrs2.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
                        for rd in rrs2:
                            if rd.address in addrs:
                                out.append(". 3600000 NS %s\n%s 3600000 %s %s\n" % (
                                    rrs2.name, rrs2.name, dns.rdatatype.to_text(rrs2.rdtype),
                                    rd.address))
    if not out:
        for i, addr in enumerate(addrs):
            rtype = "AAAA" if ":" in addr else "A"
            out.append(". 3600000 NS stub%d.rpl.invalid.\nstub%d.rpl.invalid. 3600000 %s %s\n"
                       % (i, i, rtype, addr))
    return "".join(out)


def anchor_note(scn):
    """Where the scenario's trust anchors are, when not (only) at the root."""
    owners = sorted({ta.split()[0].lower() for ta in scn.config.get("trust-anchor", [])})
    if owners and "." not in owners:
        return "[anchor at %s] " % ", ".join(owners)
    return ""


def inside_every_window(scn):
    """val-override-date -1 tells Unbound to check no signature times; diagnose always does,
    so it is run at a time inside every recorded RRSIG's window: the latest inception (as
    @EPOCH), or "" (now) when the windows do not overlap."""
    inc, exp = [], []
    for r in scn.ranges:
        for e in r.entries:
            for sec in ("ANSWER", "AUTHORITY", "ADDITIONAL"):
                for rrs in e.sections[sec]:
                    if rrs.rdtype == dns.rdatatype.RRSIG:
                        for rd in rrs:
                            if not isinstance(rd, dns.rdata.GenericRdata):
                                inc.append(rd.inception)
                                exp.append(rd.expiration)
    if inc and max(inc) < min(exp):
        return "@%d" % max(inc)
    return ""


def algorithms_of(scn):
    """The DNSKEY algorithms the scenario's recorded answers use."""
    algs = set()
    for r in scn.ranges:
        for e in r.entries:
            for sec in ("ANSWER", "AUTHORITY", "ADDITIONAL"):
                for rrs in e.sections[sec]:
                    if rrs.rdtype == dns.rdatatype.DNSKEY:
                        algs.update(rd.algorithm for rd in rrs
                                    if not isinstance(rd, dns.rdata.GenericRdata))
    return algs


def ours_of(report, q):
    """Our answer as the scenario's resolver would give it: RCODE[+AD]."""
    verdict = report.get("verdict")
    name = report.get("name") or {}
    # a resolver's rcode is that of the CNAME chain's last name (RFC 6604 3)
    rcode = "NXDOMAIN" if name.get("final_answer", name.get("answer")) == "nxdomain" else "NOERROR"
    if verdict == "bogus":
        return "SERVFAIL"
    if name.get("answer") == "yxdomain" and verdict in ("secure", "insecure"):
        # a DNAME that would make the name too long (RFC 6672 2.2): Unbound passes the
        # YXDOMAIN on without AD (its validator, as dnssec-java's, does not validate an answer
        # whose rcode is neither NOERROR nor NXDOMAIN: "cannot validate non-answer"); BIND
        # validates the DNAME and sets AD (docs/peer-suites.md)
        return "YXDOMAIN"
    # a CNAME chain that never ends is SERVFAIL whatever its signatures (RFC 1034 3.6.2)
    if any(f.get("code") == "CNAME_LOOP" for f in report.get("findings") or []):
        return "SERVFAIL"
    if verdict == "indeterminate" and name.get("answer") in ("data", "nodata", "nxdomain"):
        # RFC 4035 4.3's indeterminate: no trust anchor covers the name's zone, which a
        # validator answers as it comes, without AD (and without SERVFAIL)
        zone = [z for z in report.get("chain") or [] if z.get("zone") == name.get("zone")]
        if zone and "no trust anchor covers it" in (zone[0].get("reason") or ""):
            return rcode
    if verdict != "secure" and verdict != "insecure":
        return "INDETERMINATE"  # we could not tell: never counted as agreeing
    gives_ad = bool(q.flags & dns.flags.AD) or q.do
    return rcode + ("+AD" if verdict == "secure" and gives_ad else "")


class Server:
    """rpl_server's asyncio server in a thread of this process, one scenario at a time."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.stop = None
        self.task = None

    def start(self, scn, step, ready):
        async def go():
            self.stop = asyncio.Event()
            await rpl_server.serve(scn, step, True, ready, stop=self.stop)
        self.task = asyncio.run_coroutine_threadsafe(go(), self.loop)
        # serve() writes `ready` once bound, or the task ends with the error
        while not os.path.exists(ready):
            if self.task.done():
                self.task.result()
            self.task_wait(0.005)

    def task_wait(self, secs):
        try:
            self.task.result(timeout=secs)
        except concurrent.futures.TimeoutError:
            pass

    def finish(self):
        if self.task is None:
            return
        self.loop.call_soon_threadsafe(self.stop.set)
        self.task.result(timeout=10)
        self.task = None


def run_one(dd, path, srv, tmp, index):
    """(status, expected, ours, detail) for one scenario file; status agree|differ|na."""
    base = os.path.basename(path)
    row = index.get(base)
    resigned = resign_note = ""
    if OPTS.resign_dsa:
        path, resigned, resign_note = resign_copy(path, tmp)
    try:
        scn = rpl_server.Scenario(path, OPTS.set_aa, OPTS.from_records)
    except rpl_server.RplError as e:
        return "differ", "?", "unreadable", str(e)
    expected = expected_of(scn, row)
    if base in NOT_APPLICABLE:
        return "na", expected, "-", NOT_APPLICABLE[base]
    why = structural_na(scn)
    if why:
        return "na", expected, "-", why
    step, q, _ = chosen_query(scn)
    date = (scn.config.get("val-override-date") or [None])[0] or (row[0] if row else "")
    if date == "-1":
        date = inside_every_window(scn)
    anchors = os.path.join(tmp, "anchors")
    with open(anchors, "w", encoding="utf-8") as f:
        for ta in scn.config["trust-anchor"]:
            f.write(ta + "\n")
    hints = os.path.join(tmp, "hints")
    with open(hints, "w", encoding="utf-8") as f:
        f.write(hints_of(scn, root_addrs(scn), step))
    args = [dd, "diagnose", "--json", "--no-unbound", "--timeout", "0.4",
            "--anchor", anchors, "--hints", hints, "--nx-label", "rpl-nx-probe"]
    if date:
        args += ["--at", date]
    for s in scn.stubs:
        if s["kind"] == "stub" and s["name"] not in (".", None) and s["addrs"]:
            args += ["--server", "%s=%s" % (s["name"], ",".join(s["addrs"]))]
    args += [q.qname.to_text(), dns.rdatatype.to_text(q.qtype)]
    # the stub addresses are served too (a RANGE without ADDRESS answers on any)
    for s in scn.stubs:
        for a in s["addrs"]:
            if a not in scn.addresses() and not any(r.addresses for r in scn.ranges
                                                    if a in r.addresses):
                for r in scn.ranges:
                    if not r.addresses:
                        r.addresses.append(a)
    ready = os.path.join(tmp, "rpl.ready")
    if os.path.exists(ready):
        os.unlink(ready)
    srv.start(scn, step, ready)
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
        if p.returncode == 3 and "unknown record type" in p.stderr:
            # a mnemonic our type table lacks (PX): RFC 3597's generic form
            args[-1] = "TYPE%d" % q.qtype
            p = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    finally:
        srv.finish()
    try:
        report = json.loads(p.stdout)
    except ValueError:
        return "differ", expected, "no report", "exit %d: %s" % (p.returncode, p.stderr.strip()[:200])
    ours = ours_of(report, q)
    head = report.get("headline", "")
    algs = algorithms_of(scn)
    if algs & {3, 6}:
        # RFC 8624 3.1: validators MUST NOT validate DSA; RFC 4035 5.2: such a zone is
        # insecure. Unbound's scenarios come from a build that validates DSA.
        head = "[DSA] " + head
    head = anchor_note(scn) + resigned + resign_note + head
    return ("agree" if ours == expected else "differ"), expected, ours, head


def resign_copy(path, tmp):
    """--resign-dsa: (path to run, mark, note): a scenario with DSA keys re-signed with
    ECDSAP256SHA256 by bench/rpl_resign.py into tmp (its deliberate faults kept), or the
    original with the reason it could not be re-signed faithfully."""
    import rpl_resign  # pylint: disable=import-outside-toplevel
    try:
        if not rpl_resign.has_dsa(path):
            return path, "", ""
    except rpl_resign.ResignError as e:
        return path, "", "[not re-signed: %s] " % e
    out = os.path.join(tmp, "resigned")
    os.makedirs(out, exist_ok=True)
    try:
        rpl_resign.resign(path, os.path.join(out, os.path.basename(path)))
    except (rpl_resign.Unfaithful, rpl_resign.ResignError) as e:
        return path, "", "[not re-signed: %s] " % e
    return os.path.join(out, os.path.basename(path)), "[re-signed] ", ""


def scenario_files(paths, only):
    out = []
    for p in paths:
        if os.path.isdir(p):
            fs = sorted(glob.glob(os.path.join(p, "*.rpl")))
        else:
            fs = [p]
        for f in fs:
            b = os.path.basename(f)
            if only and not any(fnmatch.fnmatch(b, o) for o in only):
                continue
            out.append(f)
    return out


def worker(dd, files):
    """Run files in this namespace; yields result tuples."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    # a default IPv6 route (over the loopback device, where the replayed servers are), so
    # that the probe sees IPv6 as usable (probe/walk.c asks for a route to a global address)
    subprocess.run(["ip", "-6", "route", "add", "default", "dev", "lo"], check=True)
    srv = Server()
    index = {}
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            if os.path.dirname(f) not in index:
                index[os.path.dirname(f)] = index_of(f)
            yield (f,) + run_one(dd, f, srv, tmp, index[os.path.dirname(f)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dd")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--only", action="append", help="file name pattern (repeatable)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--set-aa", action="store_true", help="rpl_server's --set-aa")
    ap.add_argument("--from-records", action="store_true",
                    help="rpl_server's --from-records")
    ap.add_argument("--resign-dsa", action="store_true",
                    help="run scenarios signed with DSA re-signed with ECDSAP256SHA256 "
                         "(bench/rpl_resign.py; deliberate faults kept)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--min-agree", type=int, default=0,
                    help="fail when fewer applicable scenarios agree")
    ap.add_argument("--max-differ", type=int, default=None,
                    help="fail when more scenarios differ")
    ap.add_argument("--pin", help="TSV: file name, our answer; fail when ours is otherwise")
    a = ap.parse_args()
    OPTS.set_aa = a.set_aa
    OPTS.from_records = a.from_records
    OPTS.resign_dsa = a.resign_dsa
    files = scenario_files(a.paths, a.only)
    results = []
    if a.worker:
        for r in worker(a.dd, files):
            print(json.dumps(r), flush=True)
        return 0
    if a.jobs <= 1:
        results = list(worker(a.dd, files))
    else:
        procs = []
        for j in range(a.jobs):
            part = files[j::a.jobs]
            if not part:
                continue
            procs.append(subprocess.Popen(
                ["unshare", "-n", sys.executable, os.path.abspath(__file__), a.dd, "--worker"]
                + (["--set-aa"] if a.set_aa else [])
                + (["--from-records"] if a.from_records else [])
                + (["--resign-dsa"] if a.resign_dsa else []) + part,
                stdout=subprocess.PIPE, text=True))
        for p in procs:
            out, _ = p.communicate()
            results += [tuple(json.loads(line)) for line in out.splitlines() if line.startswith("[")]
        results.sort(key=lambda r: files.index(r[0]))
    agree = differ = na = 0
    for f, status, expected, ours, detail in results:
        name = os.path.relpath(f, os.path.dirname(os.path.dirname(f)))
        if status == "na":
            na += 1
            print("%-52s n/a      expected %-12s %s" % (name, expected, detail))
        else:
            if status == "agree":
                agree += 1
            else:
                differ += 1
            print("%-52s %-8s expected %-12s ours %-12s %s"
                  % (name, status, expected, ours, detail[:300]))
    pinned_bad = 0
    if a.pin:
        with open(a.pin, encoding="utf-8") as f:
            pins = dict(line.rstrip("\n").split("\t")[:2] for line in f
                        if line.strip() and not line.startswith("#"))
        for f, status, expected, ours, detail in results:
            want = pins.get(os.path.basename(f))
            if want is not None and ours != want:
                pinned_bad += 1
                print("FAIL: %s: ours %s, pinned %s" % (os.path.basename(f), ours, want))
        for f, *_ in results:
            if os.path.basename(f) not in pins:
                pinned_bad += 1
                print("FAIL: %s is not pinned in %s" % (os.path.basename(f), a.pin))
    applicable = agree + differ
    pct = 100.0 * agree / applicable if applicable else 0.0
    dsa = sum(1 for r in results if r[1] == "differ" and "[DSA]" in r[4])
    plain = [r for r in results if r[1] != "na" and "[DSA]" not in r[4]]
    plain_agree = sum(1 for r in plain if r[1] == "agree")
    print("%d agree, %d differ, %d not applicable (%.1f %% of applicable scenarios agree; "
          "%d of the differences have zones signed with DSA, RFC 8624 3.1)"
          % (agree, differ, na, pct, dsa))
    print("without DSA keys: %d agree, %d differ (%.1f %%)"
          % (plain_agree, len(plain) - plain_agree,
             100.0 * plain_agree / len(plain) if plain else 0.0))
    if a.resign_dsa:
        rs = [r for r in results if r[1] != "na" and "[re-signed]" in r[4]]
        print("re-signed from DSA: %d agree, %d differ; not re-signed (RSA signatures over a "
              "DSA key): %d" % (sum(1 for r in rs if r[1] == "agree"),
                                sum(1 for r in rs if r[1] == "differ"),
                                sum(1 for r in results if "[not re-signed" in r[4])))
    ok = agree >= a.min_agree and (a.max_differ is None or differ <= a.max_differ) and not pinned_bad
    if not ok:
        print("FAIL: %d agree (at least %d expected), %d differ%s, %d pinned answers changed"
              % (agree, a.min_agree, differ,
                 "" if a.max_differ is None else " (at most %d expected)" % a.max_differ,
                 pinned_bad))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
