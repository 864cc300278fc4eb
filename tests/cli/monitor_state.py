#!/usr/bin/env python3
# monitor_state.py DNSSEC-DOCTOR - the monitor's state database from the command line (issue
# 22, items 8 and 10), in namespaces of its own (tests/cli/meson.build runs it under
# "unshare -rmn": no network, its own mounts): another program's SQLite file is refused and left
# unchanged octet for octet; --keep prunes runs and events older than it, and over 16 cycles
# the runs kept and the memory stay bounded; a full disk (a small tmpfs) is reported as "No
# space left on device", never as an I/O error.
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

DD = sys.argv[1]
CYCLES = 16
failed = 0


def check(what, ok, detail=""):
    global failed
    print("%s: %s%s" % ("ok" if ok else "FAIL", what, "" if ok else " (%s)" % detail))
    failed += 0 if ok else 1


def monitor(work, *args):
    hints = os.path.join(work, "hints")
    if not os.path.exists(hints):
        with open(hints, "w") as f:   # a root server where nothing listens: runs end fast
            f.write(". 3600 IN NS a.root.\na.root. 3600 IN A 127.0.0.1\n")
    return subprocess.run([DD, "monitor", "--hints", hints, "--timeout", "0.2", "--format", "json"]
                          + list(args), capture_output=True, text=True, timeout=60)


def fill(directory):
    """Fill the file system of @directory to the last octet."""
    fd = os.open(os.path.join(directory, "filler"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    for size in (65536, 4096, 512, 1):
        try:
            while True:
                os.write(fd, b"\0" * size)
        except OSError:
            pass
    os.close(fd)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    work = tempfile.mkdtemp(prefix="dd-state-")
    monitor(work, "--no-db", "example.")   # writes the hints file

    # ---- another program's database --------------------------------------------------------
    for name, schema in [
            ("clash", "CREATE TABLE zones(id INTEGER PRIMARY KEY, origin TEXT);"
                      "INSERT INTO zones(origin) VALUES('example.com.');"),
            ("other", "CREATE TABLE t(x); INSERT INTO t VALUES(1);"),
            ("appid", "PRAGMA application_id=42; CREATE TABLE meta(key, value);")]:
        db = os.path.join(work, name + ".db")
        c = sqlite3.connect(db)
        c.executescript(schema)
        c.close()
        before, files = digest(db), sorted(os.listdir(work))
        p = monitor(work, "--db", db, "example.")
        check("%s: refused with exit 3" % name, p.returncode == 3, p.returncode)
        check("%s: the message says whose" % name,
              "not a dnssec-doctor monitor database" in p.stderr and "nothing was changed" in p.stderr
              and (name != "clash" or "'zones' table of its own" in p.stderr), p.stderr)
        check("%s: not one octet changed, no file added" % name,
              digest(db) == before and sorted(os.listdir(work)) == files,
              set(os.listdir(work)) - set(files))
        check("%s: nothing printed on stdout (no zone checked)" % name, p.stdout == "", p.stdout)

    # ---- --keep ----------------------------------------------------------------------------
    db = os.path.join(work, "keep.db")
    p = monitor(work, "--db", db, "example.")
    check("a new database is made", os.path.exists(db) and p.stdout.count("\n") == 1, p.stderr)
    c = sqlite3.connect(db)
    check("our application_id", c.execute("PRAGMA application_id").fetchone()[0] == 0x44446d6e)
    for i in range(100):   # old history: runs and events of 2020
        c.execute("INSERT INTO runs(started, finished, zones, state) VALUES(?, ?, 1, 'finished')",
                  (1577836800 + i * 3600, 1577836800 + i * 3600 + 5))
        c.execute("INSERT INTO events(run, zone, at, kind, detail) VALUES(1, 'example.', ?, "
                  "'STATE_CHANGED', 'old')", (1577836800 + i * 3600,))
    c.commit()
    c.close()
    p = monitor(work, "--db", db, "--keep", "30d", "example.")
    c = sqlite3.connect(db)
    runs = c.execute("SELECT count(*), min(started) FROM runs").fetchone()
    events = c.execute("SELECT count(*) FROM events WHERE detail='old'").fetchone()[0]
    c.close()
    check("--keep 30d: runs and events older than 30 days are gone (%d runs left)" % runs[0],
          runs[0] == 2 and events == 0, (runs, events, p.stderr))
    p = monitor(work, "--db", db, "--keep", "soon", "example.")
    check("--keep soon is refused", p.returncode == 3 and "bad --keep 'soon'" in p.stderr, p.stderr)

    # ---- many cycles: the history and the memory stay bounded -------------------------------
    db = os.path.join(work, "cycles.db")
    # under AddressSanitizer, freed memory waits in a quarantine (up to 256 MB) before reuse:
    # RSS would measure the quarantine, so it is off for this process (no effect without ASan)
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "quarantine_size_mb=0"]))
    proc = subprocess.Popen([DD, "monitor", "--hints", os.path.join(work, "hints"), "--timeout",
                             "0.2", "--format", "json", "--db", db, "--interval", "1s", "--keep",
                             "3s", "--listen", "127.0.0.1:9182", "a.example.", "b.example.",
                             "c.example."], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    rss, most_runs = {}, 0
    for cycle in range(1, CYCLES + 1):
        for _ in range(3):
            proc.stdout.readline()
        time.sleep(0.2)
        with open("/proc/%d/status" % proc.pid) as f:
            rss[cycle] = int([l for l in f if l.startswith("VmRSS")][0].split()[1])
        c = sqlite3.connect(db)
        most_runs = max(most_runs, c.execute("SELECT count(*) FROM runs").fetchone()[0])
        c.close()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    check("--keep 3s over %d cycles of 1 s: at most 5 runs kept (most: %d)" % (CYCLES, most_runs),
          most_runs <= 5, most_runs)
    grew = rss[CYCLES] - rss[4]
    check("memory from cycle 4 to %d: %+d kB (bound: SQLite's 2000 KiB page cache)" % (CYCLES, grew),
          grew < 2000, rss)

    # ---- a full disk -----------------------------------------------------------------------
    small = os.path.join(work, "small")
    os.makedirs(small)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small], check=True)
    db = os.path.join(small, "monitor.db")
    p = monitor(work, "--db", db, "example.")
    check("a database on the small file system", p.returncode != 3 or "state database" not in
          p.stderr, p.stderr)
    # while the monitor runs (--interval): the next run cannot be recorded
    proc = subprocess.Popen([DD, "monitor", "--hints", os.path.join(work, "hints"), "--timeout",
                             "0.2", "--format", "json", "--db", db, "--interval", "1s", "example."],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    fill(small)
    line = proc.stderr.readline()   # the next run's error
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    check("full disk while running: 'No space left on device', not an I/O error",
          first != "" and "state database: No space left on device" in line, line)
    # and at open: an old database given its id on a full disk
    os.unlink(os.path.join(small, "filler"))
    c = sqlite3.connect(db)
    c.execute("PRAGMA application_id=0")
    c.close()
    fill(small)
    p = monitor(work, "--db", db, "example.")
    check("full disk at open: exit 3 and 'no space left on device'",
          p.returncode == 3 and "no space left on device" in p.stderr.lower() and
          "I/O error" not in p.stderr, p.stderr)
    subprocess.run(["umount", small])
    shutil.rmtree(work, ignore_errors=True)
    print("%d failed" % failed)
    return 1 if failed else 0


sys.exit(main())
