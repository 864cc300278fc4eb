#!/usr/bin/env python3
"""zone_limits.py DNSSEC-DOCTOR - check-zone on zone files from others (issue 22 items 4 and 6):
each bound asserted with what it keeps (message, exit code, time, peak memory of the child).

$INCLUDE: the /etc/passwd disclosure is gone (file:line only, never the line), a file outside
the zone's directory tree is refused (and allowed with --include-dir), a symbolic link out of the
tree is refused, a 12-level chain stops at the 10-level limit, an 8-way fan-out bomb stops at the
file-count limit, a FIFO and a directory are refused at once. Budget: /dev/zero, standard input
from /dev/zero and a sparse 2 GB file are refused within a few MB; an endless stream of valid
records on standard input and a gzip bomb stop at --max-memory; --max-records. Speed: one RRset
of 200,000 records with 100 RRSIGs is put in canonical form once, not once per RRSIG."""
import base64
import gzip
import os
import resource
import subprocess
import sys
import tempfile
import time

DD = sys.argv[1]
failed = 0
passed = 0


def check(ok, what, detail=""):
    global failed, passed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s %s" % (what, detail))


def run(args, stdin=subprocess.DEVNULL, timeout=60):
    """Run check-zone; return (exit code, stderr, seconds, peak RSS of the child in KB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.monotonic()
    p = subprocess.run([DD, "check-zone"] + args, stdin=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=timeout)
    secs = time.monotonic() - t
    # ru_maxrss of children is the largest of any child so far: measure each in a fresh child
    return p.returncode, p.stderr, secs, before


def rss_run(args, stdin_path=None, timeout=120):
    """Run check-zone in a fresh Python child so that its peak RSS is its own (KB)."""
    code = (
        "import resource, subprocess, sys, time\n"
        "args = sys.argv[1:]\n"
        "stdin = open(%r, 'rb') if %r else subprocess.DEVNULL\n"
        "t = time.monotonic()\n"
        "p = subprocess.run(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "sys.stdout.write('%%d %%d %%.3f\\n' %% (p.returncode, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.monotonic() - t))\n"
        "sys.stdout.write(p.stderr.decode(errors='replace'))\n" % (stdin_path or "", bool(stdin_path)))
    # under AddressSanitizer (CI runs every suite so) freed memory waits in a quarantine of up
    # to 256 MB before reuse: the peak would measure the quarantine, so it is off for the child
    # (no effect without ASan)
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "quarantine_size_mb=0"]))
    out = subprocess.run([sys.executable, "-c", code, DD, "check-zone"] + args,
                         stdout=subprocess.PIPE, text=True, timeout=timeout, env=env).stdout
    head, _, err = out.partition("\n")
    rc, kb, secs = head.split()
    return int(rc), err, float(secs), int(kb)


SOA = "$ORIGIN example.\n@ 300 SOA ns hm 1 2 3 4 5\n@ 300 NS ns\nns 300 A 192.0.2.1\n"

with tempfile.TemporaryDirectory() as tmp:
    zdir = os.path.join(tmp, "zone")
    os.mkdir(zdir)

    # 1. $INCLUDE /etc/passwd: refused, and never quoted
    z = os.path.join(zdir, "passwd.zone")
    with open(z, "w") as f:
        f.write(SOA + "$INCLUDE /etc/passwd\n")
    rc, err, _, _ = run([z])
    check(rc == 3 and "passwd.zone:5:" in err and "refused: outside" in err and "root:" not in err,
          "$INCLUDE /etc/passwd refused", err)
    # allowed with --include-dir /etc: the error names /etc/passwd and a line, not its text
    rc, err, _, _ = run(["--include-dir", "/etc", z])
    first = open("/etc/passwd").readline().strip()
    check(rc == 3 and "/etc/passwd:1:" in err and first not in err and "root:x" not in err,
          "an included file's error names file:line only", err)

    # 2. a file outside the tree (a sibling directory), then allowed with --include-dir
    other = os.path.join(tmp, "other")
    os.mkdir(other)
    with open(os.path.join(other, "part.zone"), "w") as f:
        f.write("www 300 A 192.0.2.2\n")
    z = os.path.join(zdir, "outside.zone")
    with open(z, "w") as f:
        f.write(SOA + "$INCLUDE ../other/part.zone\n")
    rc, err, _, _ = run([z])
    check(rc == 3 and "refused: outside the zone file's directory" in err, "../ outside refused", err)
    rc, err, _, _ = run(["-q", "--include-dir", other, z])
    check(rc == 0, "--include-dir allows the sibling tree", err)
    # a symbolic link inside the tree that points out of it is resolved first, and refused
    os.symlink(os.path.join(other, "part.zone"), os.path.join(zdir, "link.zone"))
    z = os.path.join(zdir, "symlink.zone")
    with open(z, "w") as f:
        f.write(SOA + "$INCLUDE link.zone\n")
    rc, err, _, _ = run([z])
    check(rc == 3 and "refused: outside" in err, "symlink out of the tree refused", err)

    # 3. a 12-level chain stops at the 10-level limit; 10 levels are read
    cdir = os.path.join(zdir, "chain")
    os.mkdir(cdir)
    for i in range(1, 13):
        with open(os.path.join(cdir, "l%d.zone" % i), "w") as f:
            f.write("l%d 300 TXT \"level %d\"\n" % (i, i))
            if i < 12:
                f.write("$INCLUDE l%d.zone\n" % (i + 1))
    z = os.path.join(zdir, "chain.zone")
    with open(z, "w") as f:
        f.write(SOA + "$INCLUDE chain/l1.zone\n")
    rc, err, _, _ = run([z])
    check(rc == 3 and "l10.zone:2: $INCLUDE nested more than 10 levels deep" in err,
          "12-level chain refused at 10", err)
    with open(os.path.join(cdir, "l10.zone"), "w") as f:
        f.write("l10 300 TXT \"level 10\"\n")
    rc, err, _, _ = run(["-q", z])
    check(rc == 0, "a 10-level chain is read", err)

    # 4. an 8-way fan-out bomb (8^6 = 262,144 files' worth) stops at 256 files, fast
    bdir = os.path.join(zdir, "bomb")
    os.mkdir(bdir)
    for lvl in range(6):
        with open(os.path.join(bdir, "b%d.zone" % lvl), "w") as f:
            f.write("x%d 300 TXT \"level %d\"\n" % (lvl, lvl))
            if lvl < 5:
                f.write(("$INCLUDE b%d.zone\n" % (lvl + 1)) * 8)
    z = os.path.join(zdir, "bomb.zone")
    with open(z, "w") as f:
        f.write(SOA + "$INCLUDE bomb/b0.zone\n")
    rc, err, secs, _ = run([z])
    check(rc == 3 and "more than 256 files read through $INCLUDE" in err and secs < 10,
          "fan-out bomb stopped by the file count", "%s %.1fs" % (err, secs))

    # 5. a FIFO is refused at once (opened without blocking), as is a directory
    os.mkfifo(os.path.join(zdir, "fifo"))
    z = os.path.join(zdir, "fifo.zone")
    with open(z, "w") as f:
        f.write(SOA + "$INCLUDE fifo\n")
    rc, err, secs, _ = run([z], timeout=20)
    check(rc == 3 and "not a regular file" in err and secs < 5, "FIFO refused promptly",
          "%s %.1fs" % (err, secs))
    z = os.path.join(zdir, "dir.zone")
    with open(z, "w") as f:
        f.write(SOA + "$INCLUDE chain\n")
    rc, err, _, _ = run([z])
    check(rc == 3 and "is a directory" in err, "directory refused", err)

    # 6. /dev/zero, stdin from /dev/zero, a sparse 2 GB file: refused within a few MB
    rc, err, secs, kb = rss_run(["-o", "example.", "/dev/zero"])
    check(rc == 3 and "NUL octet" in err and kb < 64 * 1024 and secs < 5, "/dev/zero bounded",
          "%s %d KB %.1fs" % (err, kb, secs))
    rc, err, secs, kb = rss_run(["-o", "example.", "-"], stdin_path="/dev/zero")
    check(rc == 3 and "-:1: a NUL octet" in err and kb < 64 * 1024, "stdin /dev/zero bounded",
          "%s %d KB" % (err, kb))
    sparse = os.path.join(tmp, "sparse.zone")
    with open(sparse, "wb") as f:
        f.write(SOA.encode())
        f.truncate(2 << 30)
    rc, err, secs, kb = rss_run(["-o", "example.", sparse])
    check(rc == 3 and "sparse.zone:5: a NUL octet" in err and kb < 64 * 1024 and secs < 10,
          "sparse 2 GB file bounded", "%s %d KB %.1fs" % (err, kb, secs))
    os.unlink(sparse)

    # 7. endless valid records on stdin, and a gzip bomb: stopped at --max-memory
    stream = os.path.join(tmp, "stream.zone")
    line = "a.example. 300 IN TXT \"a record of text that repeats and repeats\"\n"
    with open(stream, "w") as f:
        f.write(line * ((100 << 20) // len(line)))
    rc, err, secs, kb = rss_run(["-o", "example.", "--max-memory", "32M", "-"], stdin_path=stream)
    check(rc == 3 and "memory budget" in err and kb < 96 * 1024, "stdin stopped at the budget",
          "%s %d KB" % (err, kb))
    gz = os.path.join(tmp, "bomb.zone.gz")
    with gzip.open(gz, "wb", compresslevel=9) as f:
        f.write((SOA + ";" + " " * 1000 + "\n").encode())
        blank = b"\n" * (1 << 20)
        for _ in range(300):
            f.write(blank)
    rc, err, secs, kb = rss_run(["-o", "example.", gz])
    check(rc == 3 and "expanding more than 100-fold" in err and kb < 200 * 1024,
          "gzip bomb stopped by the ratio", "%s %d KB" % (err, kb))
    rc, err, secs, kb = rss_run(["-o", "example.", "--max-memory", "16M", gz])
    check(rc == 3 and "memory budget" in err and kb < 64 * 1024, "gzip bomb within --max-memory",
          "%s %d KB" % (err, kb))
    os.unlink(stream)
    # the store's budget and the record limit, on a plain (mapped) file
    big = os.path.join(tmp, "big.zone")
    with open(big, "w") as f:
        f.write(SOA)
        for i in range(200000):
            f.write("h%d 300 TXT \"text of record %d\"\n" % (i, i))
    # the process's own footprint (libraries; under ASan its shadow and allocator) is measured
    # on a one-record zone and not counted against the store: the bound is 16 MB above it (the
    # whole zone loaded is 25 MB above it: measured 10.4, 19.9 and 35.1 MB without ASan)
    small = os.path.join(tmp, "small.zone")
    with open(small, "w") as f:
        f.write(SOA)
    _, _, _, base_kb = rss_run(["--max-memory", "4M", small])
    rc, err, _, kb = rss_run(["--max-memory", "4M", big])
    check(rc == 3 and "needs more than the memory budget of 4 MiB" in err and
          kb < base_kb + 16 * 1024, "store stopped at --max-memory",
          "%s %d KB (%d KB for a one-record zone)" % (err, kb, base_kb))
    rc, err, _, _ = run(["--max-records", "1000", big])
    check(rc == 3 and "big.zone:1002: more than 1000 records" in err, "--max-records", err)
    rc, err, _, _ = run(["-q", big])
    check(rc == 0, "the same zone within the default limits", err)

    # 8. one RRset of 200,000 records with 100 RRSIGs: canonical form built once per RRset, not
    # once per RRSIG (before: 7 s here; now about 1.5 s). How fast is a benchmark's question
    # (bench/, both figures printed below): under AddressSanitizer, as CI runs this suite too,
    # no wall-clock bound holds. Asserted here: both zones are checked to the end (exit 2: the
    # random signatures do not verify), within the test's timeout.
    key = "257 3 13 1ZWwes5mqZCutgqA3jcN1R+T0v5U+gqaSTeNsnihhAhzbTQf2Wmx3UCmCYHLeL7Ha5RBLaFpQR7pQvOZmW+OUA=="

    def sig_zone(name, nsigs):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(SOA + "@ 300 DNSKEY %s\n" % key)
            for i in range(200000):
                f.write("big 300 TXT \"record number %d of the one large RRset\"\n" % (199999 - i))
            for j in range(nsigs):
                sig = base64.b64encode(os.urandom(64)).decode()
                f.write("big 300 RRSIG TXT 13 2 300 20300101000000 2020010101%02d00 26678 example. %s\n"
                        % (j % 60, sig))
        return path

    one, hundred = sig_zone("sig1.zone", 1), sig_zone("sigs.zone", 100)
    rc1, err1, secs1, _ = run(["-q", "-j", "2", "--at", "20250101000000", one])
    rc, err, secs, _ = run(["-q", "-j", "2", "--at", "20250101000000", hundred], timeout=240)
    check(rc1 == 2 and rc == 2, "100 RRSIGs over a 200,000-record RRset checked to the end",
          "rc %d/%d %s" % (rc1, rc, err[:300]))
    print("# 200,000 records: 1 RRSIG %.2f s, 100 RRSIGs %.2f s" % (secs1, secs))

print("zone_limits: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
