#!/usr/bin/env python3
"""zone_order.py DD SHARED - check-zone's store ordering (issue 17) on records out of order.

check-zone puts the owner names in canonical order (RFC 4034 6.1) by sorting them in one part
per thread, each a natural merge sort of its ordered runs, and merging the parts (names >= 4096;
zone/store.c). For the real signed root zones of ../shared (one record per line, 7,299-7,433
names), the RRsets (an owner's records of one type, or its RRSIGs over one type, kept in their
order: records within an RRset stay in file order, which findings follow) are rearranged three
ways: shuffled, the file's blocks of 500 RRsets in reverse order (long ordered runs), and every
second RRset moved to the end (two interleaved runs). Each
rearranged file, checked on one thread and on two, gives the same JSON report (but timing, the
thread count and the store's size) and exit code as the file in its own order: the same names,
RRsets, NSEC chain and signature verdicts. A store ordered wrongly breaks the NSEC chain and
the RRsets.
"""
import glob
import json
import os
import random
import subprocess
import sys
import tempfile

dd, shared = sys.argv[1], sys.argv[2]
# timing, the thread count, and the store's size (its arrays' capacities depend on the order
# the names arrive in: a name repeated apart from its first records is stored again until sorted)
VOLATILE = ("seconds_read", "seconds_check", "seconds_zonemd", "threads", "store_bytes")
failures = []


def run(path, threads, at):
    r = subprocess.run([dd, "check-zone", "--json", "-j", str(threads), "-o", ".", "--at", at,
                        path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    rep = json.loads(r.stdout) if r.stdout.strip() else None
    if rep is not None:
        rep.pop("time", None)
        for k in VOLATILE:
            rep.get("stats", {}).pop(k, None)
    return r.returncode, rep


zones = sorted(glob.glob(os.path.join(shared, "data", "signed-zones", "root", "root-20*.axfr")))
zones += sorted(glob.glob(os.path.join(shared, "data", "signed-zones", "root",
                                       "root-2023*.zone")))
if not zones:
    sys.exit("no root zones under " + shared)
with tempfile.TemporaryDirectory() as tmp:
    for z in zones:
        with open(z) as f:
            lines = [l for l in f if l.strip() and not l.startswith(";")]
        soa = [l for l in lines if l.split()[3:4] == ["SOA"]][:1]
        serial = soa[0].split()[6] if soa else "2024101100"
        at = "%s-%s-%sT12:00:00Z" % (serial[0:4], serial[4:6], serial[6:8])
        sets, order = {}, []
        for l in lines:
            if l in soa:
                continue
            f = l.split()
            k = (f[0].lower(), f[3], f[4] if f[3] == "RRSIG" else "")
            if k not in sets:
                sets[k] = []
                order.append(k)
            sets[k].append(l)
        rest = [sets[k] for k in order]
        # the reference: the same records in the file's order (an AXFR's closing SOA dropped)
        ref_path = os.path.join(tmp, "ordered.zone")
        with open(ref_path, "w") as f:
            f.writelines(soa + [l for s in rest for l in s])
        rc0, ref = run(ref_path, 1, at)
        if ref is None or ref["stats"]["names"] < 4096:
            failures.append("%s: no report or fewer than 4096 names (rc %d)" % (z, rc0))
            continue
        shuffled = list(rest)
        random.Random(17).shuffle(shuffled)
        blocks = [rest[i:i + 500] for i in range(0, len(rest), 500)]
        variants = {"shuffled": shuffled,
                    "blocks-reversed": [s for b in reversed(blocks) for s in b],
                    "interleaved": rest[0::2] + rest[1::2]}
        for name, body in variants.items():
            p = os.path.join(tmp, name + ".zone")
            with open(p, "w") as f:
                f.writelines(soa + [l for s in body for l in s])
            for threads in (1, 2):
                rc, rep = run(p, threads, at)
                if rc != rc0 or rep != ref:
                    failures.append("%s %s, %d thread(s): exit %d (want %d), report %s" % (
                        os.path.basename(z), name, threads, rc, rc0,
                        "same" if rep == ref else "differs"))
        print("%s: %d names, %d records, 3 orders x 1 and 2 threads" % (
            os.path.basename(z), ref["stats"]["names"], ref["stats"]["records"]))
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
