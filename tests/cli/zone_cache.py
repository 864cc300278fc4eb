#!/usr/bin/env python3
"""zone_cache.py DD UNIT_DATA SHARED - check-zone --cache (issue 17) on every check-zone fixture.

The fixtures are the zone files the check-zone tests use: tests/unit/data/*.zone (the RFC
example zones), and from ../shared/data Knot's semantic-check suite, BIND's checkzone cases and
the real signed root and TLD zones. For each, at a time T inside its first RRSIG's window and at
T2 five years later:

  - no cache at T (the reference), a cold cache at T (the file made), a warm cache at T, and
    the warm cache at T2 against no cache at T2: the JSON reports are identical except
    stats.seconds_read, stats.seconds_check, stats.seconds_zonemd (timing) and stats.cache_hits, stats.cache_misses
    (present only with --cache), and so are the exit codes; a zone that cannot be checked
    (exit 3) says the same on stderr each time;
  - the warm runs verify nothing with OpenSSL: cache_misses is 0 and cache_hits is the number
    of signature verifications (a cached "valid" at T2, when the signatures have expired, is
    still reported expired: the JSON equals the run without a cache);

and once: a corrupt cache file and a file that is not a cache give one notice line on stderr
each and the same report, and the file that is not a cache is left as it was.
"""
import datetime
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

dd, unit_data, shared = sys.argv[1], sys.argv[2], sys.argv[3]
VOLATILE = ("seconds_read", "seconds_check", "seconds_zonemd", "cache_hits", "cache_misses")
RRSIG = re.compile(rb"\sRRSIG\s+[A-Z0-9]+\s+\d+\s+\d+\s+\d+\s+(\d{14})\s+(\d{14})\s")
failures = []


def fixtures():
    files = sorted(glob.glob(os.path.join(unit_data, "*.zone")))
    for sub in ("broken/knot-semantic-check", "broken/bind9/checkzone", "signed-zones"):
        for root, _, names in os.walk(os.path.join(shared, "data", sub)):
            files += sorted(os.path.join(root, n) for n in names
                            if not n.endswith((".md", ".txt", ".tsv")))
    return files


def when(path):
    """@EPOCH one hour after the inception of the file's first RRSIG, or 2024-01-01."""
    with open(path, "rb") as f:
        m = RRSIG.search(f.read())
    t = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    if m:
        t = datetime.datetime.strptime(m.group(2).decode(), "%Y%m%d%H%M%S").replace(
            tzinfo=datetime.timezone.utc) + datetime.timedelta(hours=1)
    return int(t.timestamp())


def run(path, at, cache=None):
    cmd = [dd, "check-zone", "--json", "-j", "2", "--at", "@%d" % at, path]
    if cache:
        cmd[2:2] = ["--cache", cache]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    rep = None
    if r.stdout.strip():
        rep = json.loads(r.stdout)
    return r.returncode, rep, r.stderr.decode(errors="replace")


def strip(rep):
    """The report without its timing and cache counters (a copy)."""
    if rep is None:
        return None
    rep = json.loads(json.dumps(rep))
    for k in VOLATILE:
        rep.get("stats", {}).pop(k, None)
    return rep


def stats(rep):
    return (rep or {}).get("stats", {})


def same(what, a, b):
    if a[0] != b[0]:
        failures.append("%s: exit %d, without a cache %d" % (what, b[0], a[0]))
    elif strip(a[1]) != strip(b[1]):
        failures.append("%s: the JSON report differs from the run without a cache" % what)
    elif a[1] is None and a[2] != b[2]:
        failures.append("%s: stderr differs: %r vs %r" % (what, b[2], a[2]))


def main():
    files = fixtures()
    if len(files) < 100:
        sys.exit("only %d fixtures found under %s and %s" % (len(files), unit_data, shared))
    tmp = tempfile.mkdtemp(prefix="dd-zone-cache-")
    hits = checked = 0
    for i, path in enumerate(files):
        cache = os.path.join(tmp, "c%d" % i)
        name = os.path.relpath(path, shared) if path.startswith(shared) else os.path.basename(path)
        t = when(path)
        t2 = t + 5 * 365 * 86400
        ref = run(path, t)
        cold = run(path, t, cache)
        warm = run(path, t, cache)
        ref2 = run(path, t2)
        warm2 = run(path, t2, cache)
        same(name + " (cold)", ref, cold)
        same(name + " (warm)", ref, warm)
        same(name + " (warm, 5 years later)", ref2, warm2)
        for label, r in (("cold", cold), ("warm", warm), ("warm later", warm2), ("no cache", ref),
                         ("no cache later", ref2)):
            if r[1] is None and ref[1] is None:
                continue
            if "notice" in r[2]:
                failures.append("%s (%s): unexpected notice %r" % (name, label, r[2]))
        if ref[1] is not None:
            checked += 1
            v = stats(ref[1]).get("signature_verifications", 0)
            if stats(cold[1]).get("cache_misses") != v or stats(cold[1]).get("cache_hits") != 0:
                failures.append("%s: cold cache hits/misses %s/%s, %d verifications" % (
                    name, stats(cold[1]).get("cache_hits"), stats(cold[1]).get("cache_misses"), v))
            for label, r in (("warm", warm), ("warm later", warm2)):
                if stats(r[1]).get("cache_misses") != 0 or stats(r[1]).get("cache_hits") != v:
                    failures.append("%s (%s): hits/misses %s/%s, %d verifications" % (
                        name, label, stats(r[1]).get("cache_hits"), stats(r[1]).get("cache_misses"), v))
            hits += v
            if "cache_hits" in stats(ref[1]):
                failures.append("%s: cache counters without --cache" % name)
        for f in glob.glob(cache + "*"):
            os.unlink(f)
    print("%d fixtures, %d checked (the rest exit 3 alike), %d verdicts answered warm" % (
        len(files), checked, hits))

    # a corrupt file and a file that is not a cache: one notice each, the same report
    z = os.path.join(unit_data, "rfc4035-appA.zone")
    t = when(z)
    ref = run(z, t)
    cache = os.path.join(tmp, "corrupt")
    run(z, t, cache)
    with open(cache, "r+b") as f:
        f.seek(100)
        b = f.read(1)
        f.seek(100)
        f.write(bytes([b[0] ^ 0x20]))
    r = run(z, t, cache)
    same("corrupt cache", ref, r)
    want = ("dnssec-doctor: check-zone: notice: verification cache '%s' is corrupt: its checksum "
            "does not match its contents: ignored, every signature is verified\n" % cache)
    if r[2] != want:
        failures.append("corrupt cache: stderr %r, expected %r" % (r[2], want))
    r = run(z, t, cache)
    if r[2] != "" or stats(r[1]).get("cache_misses") != 0:
        failures.append("the corrupt cache was not replaced by a good one: %r" % (r[2],))
    foreign = os.path.join(tmp, "notes.txt")
    with open(foreign, "w") as f:
        f.write("my notes\n")
    r = run(z, t, foreign)
    same("foreign cache", ref, r)
    want = ("dnssec-doctor: check-zone: notice: verification cache '%s' is not a dnssec-doctor "
            "verification cache: ignored and left untouched, every signature is verified\n" % foreign)
    if r[2] != want:
        failures.append("foreign file: stderr %r, expected %r" % (r[2], want))
    with open(foreign) as f:
        if f.read() != "my notes\n":
            failures.append("the file that is not a cache was changed")
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)

    for f in failures:
        print("FAIL " + f)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


sys.exit(main())
