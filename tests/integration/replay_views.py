#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""replay_views.py DNSSEC-DOCTOR WORKDIR - "diagnose --save E" then "diagnose --replay E" (in a
network namespace of its own, where nothing can be asked) with the same --at reproduce the text
and the JSON reports byte for byte, resolver views included: for a healthy zone, bogus ones, real
resolvers (the testbed's validating, non-validating and clock-skewed Unbound, and an address where
nothing answers), a CNAME into a bogus zone, no views at all, and without --at (the evaluation
time is then the collection's, from the evidence). Evidence saved before views were
recorded replays with views "not recorded". A save onto a full file system (a 12 kB tmpfs) fails
with "No space left on device" and leaves the old file."""
import json
import os
import subprocess
import sys
import time

from tally import check, summary

AT = "@%d" % int(time.time())


def run(cmd, netns=False):
    if netns:
        cmd = ["unshare", "-n"] + cmd  # no interface but a downed loopback: nothing to ask
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)


def main():
    dd, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(os.environ["TESTBED_DIR"], "manifest.json")) as f:
        m = json.load(f)
    res = m["resolvers"]
    base = [dd, "diagnose", "--anchor", m["anchor"]["ds"], "--hints", m["hints"],
            "--nx-label", m["nx_label"], "--timeout", "0.8"]
    # id, target, extra options, view sources expected, root causes that come from the views
    cases = [
        ("healthy", "www.alpha.lab.", [], ["libunbound"], []),
        ("bogus", "www.juliet.example.", [], ["libunbound"], []),
        ("resolvers", "www.hotel.example.",
         ["--resolver", res["validating"], "--resolver", res["nonvalidating"], "--resolver", "127.0.5.9"],
         ["libunbound", res["validating"], res["nonvalidating"], "127.0.5.9"], ["RESOLVER_NOT_VALIDATING"]),
        ("skewed-resolver", "www.topaz.example.", ["--resolver", res["validating"], "--resolver", res["skewed"]],
         ["libunbound", res["validating"], res["skewed"]], ["CLOCK_SKEW"]),
        ("cname-bogus", "www.flint.example.", ["--no-unbound", "--resolver", res["validating"]],
         [res["validating"]], []),
        ("no-views", "www.echo.example.", ["--no-unbound"], [], []),
        # without --at: the evaluation time is the collection's own, saved in the evidence
        ("bogus-no-at", "www.kilo.example.", ["--resolver", res["validating"]],
         ["libunbound", res["validating"]], []),
    ]
    for cid, target, extra, sources, view_causes in cases:
        at = [] if cid.endswith("-no-at") else ["--at", AT]
        for fmt in ("text", "json"):
            what = "%s %s" % (cid, fmt)
            ev = os.path.join(work, "%s-%s.json" % (cid, fmt))
            flags = ["--json"] if fmt == "json" else []
            live = run(base + at + flags + extra + ["--save", ev, target])
            check(what + " live run", live.returncode in (0, 1, 2) and os.path.exists(ev),
                  "exit %d: %s" % (live.returncode, live.stderr.decode().strip()))
            if not os.path.exists(ev):
                continue
            if cid.endswith("-no-at"):
                time.sleep(1.1)  # a replay that took "now" from the clock would differ
            rep = run([dd, "diagnose"] + flags + at + ["--replay", ev], netns=True)
            check(what + " replay exit", rep.returncode == live.returncode,
                  "exit %d, live %d: %s" % (rep.returncode, live.returncode, rep.stderr.decode().strip()))
            check(what + " byte for byte", rep.stdout == live.stdout and len(live.stdout) > 0,
                  "replay differs (%d and %d octets)" % (len(rep.stdout), len(live.stdout)))
            if rep.stdout != live.stdout:
                sys.stdout.writelines(l + "\n" for l in __import__("difflib").unified_diff(
                    live.stdout.decode().splitlines(), rep.stdout.decode().splitlines(), "live", "replay",
                    lineterm="", n=1))
            with open(ev) as f:
                saved = json.load(f)
            got = sorted({v["source"] for v in saved.get("views", [])})
            check(what + " views saved", "views" in saved and got == sorted(sources) and
                  len(saved["views"]) == 4 * len(sources), "saved views from %s" % got)
            check(what + " duration saved", saved.get("duration_ms", 0) > 0, "%s" % saved.get("duration_ms"))
            if fmt == "text":
                # the resolvers' lines are there in both (when any was asked)
                for s in sources:
                    check(what + " shows " + s, (" %s " % s).encode() in rep.stdout, rep.stdout.decode())
                continue
            r = json.loads(rep.stdout)
            check(what + " views reported", r["views_recorded"] and
                  sorted({v["source"] for v in r["views"]}) == sorted(sources), "%s" % r["views"])
            answered = [v for v in r["views"] if v["answered"]]
            want_answered = 4 * len([s for s in sources if s != "127.0.5.9"])
            check(what + " views answered", len(answered) == want_answered,
                  "%d answered, expected %d" % (len(answered), want_answered))
            check(what + " duration from the evidence", r["stats"].get("duration_ms") == saved["duration_ms"],
                  "%s vs %s" % (r["stats"].get("duration_ms"), saved["duration_ms"]))
            codes = {c["code"] for c in r["root_causes"]}
            for code in view_causes:
                check(what + " has " + code, code in codes, "root causes %s" % sorted(codes))
            silent = [v for v in r["views"] if v["source"] == "127.0.5.9"]
            check(what + " silent resolver", all(not v["answered"] and "no answer" in v["why"] for v in silent),
                  "%s" % silent)
            if cid == "bogus":
                # the same evidence as saved before views were recorded
                old = dict(saved)
                del old["views"]
                del old["duration_ms"]
                oldp = os.path.join(work, "old.json")
                with open(oldp, "w") as f:
                    json.dump(old, f)
                o = run([dd, "diagnose", "--json", "--at", AT, "--replay", oldp], netns=True)
                oj = json.loads(o.stdout) if o.stdout else {}
                check("old evidence replays", o.returncode == live.returncode and
                      oj.get("views_recorded") is False and oj.get("views") == [] and
                      "duration_ms" not in oj.get("stats", {}) and oj.get("verdict") == r["verdict"],
                      "exit %d: %s" % (o.returncode, o.stderr.decode().strip()))
                t = run([dd, "diagnose", "--at", AT, "--replay", oldp], netns=True)
                check("old evidence: views not recorded", b"not recorded in this evidence" in t.stdout,
                      t.stdout.decode())

    # --save on a full file system: the old file stays, nothing else is left, and the error says so
    small = os.path.join(work, "small")
    os.makedirs(small, exist_ok=True)
    script = ('mount -t tmpfs -o size=12k tmpfs "$1" && printf old >"$1/ev.json" && '
              '"$2" diagnose --no-unbound --anchor "$3" --hints "$4" --at "$5" --save "$1/ev.json" '
              'www.juliet.example >/dev/null 2>"$1/../small.err"; echo "exit $?"; cat "$1/ev.json"; echo; ls -a "$1"')
    full = run(["unshare", "-m", "sh", "-c", script, "_", small, dd, m["anchor"]["ds"], m["hints"], AT])
    out = full.stdout.decode().split("\n")
    err = open(os.path.join(work, "small.err")).read() if os.path.exists(os.path.join(work, "small.err")) else ""
    check("full disk: exit 3", out[0] == "exit 3", full.stdout.decode() + full.stderr.decode())
    check("full disk: old file kept", len(out) > 1 and out[1] == "old", full.stdout.decode())
    check("full disk: no temporary file left", sorted(out[2:]) == sorted(["", ".", "..", "ev.json"]),
          "%s" % out[2:])
    check("full disk: message", err.count("\n") == 1 and "cannot write" in err and
          "No space left on device" in err, err)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
