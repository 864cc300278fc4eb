#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""timing.py DNSSEC-DOCTOR - what a dead or hostile server costs (issue 15), on the testbed's
loopback: each zone with one bad server beside a healthy one is diagnosed, resolver views
included, within a bound (generous: the tight figures belong to bench/), with the verdict and
the finding it had before, and the same verdict without the views; a view cut off at the views'
deadline says so and is not an answer.

Before adaptive timeouts and views beside the probe these took 3.0-6.5 s (the dead server's
three attempts of 1.5 s each; libunbound waiting on the dripping server after the probe)."""
import json
import os
import subprocess
import sys
import time

from tally import check, summary

TB = os.environ["TESTBED_DIR"]
DD = sys.argv[1]
BOUND = 3.0  # seconds; measured 0.5-1.8 s on an idle machine

CASES = [  # zone, the finding its bad server makes (None: none), the exit code
    ("denim.example.", "SERVER_UNREACHABLE", 1),   # and a lame one
    ("garnet.example.", "RESPONSE_INVALID", 1),
    ("hazel.example.", "RESPONSE_INVALID", 1),
    ("jade.example.", "RESPONSE_INVALID", 1),
    ("ivory.example.", "TCP_FAULT", 1),
    ("lilac.example.", "TCP_FAULT", 1),
    # the first datagram of every query lost: retried within the run's short first timeout,
    # never SERVER_UNREACHABLE
    ("mauve.example.", None, 0),
]


def diagnose(*args):
    cmd = [DD, "diagnose", "--json", "--anchor", os.path.join(TB, "anchor.ds"),
           "--hints", os.path.join(TB, "root.hints")] + list(args)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=120)
    secs = time.monotonic() - t0
    try:
        rep = json.loads(p.stdout)
    except ValueError:
        rep = None
    return p.returncode, rep, secs, p.stderr


for zone, code, want_rc in CASES:
    name = "www." + zone
    rc, rep, secs, err = diagnose(name)
    check("%s: a report" % name, rep is not None, err[:300])
    if rep is None:
        continue
    codes = {f["code"] for f in rep["findings"]}
    check("%s: within %.1f s" % (name, BOUND), secs < BOUND, "%.2f s" % secs)
    check("%s: secure, exit %d" % (name, want_rc),
          rep["verdict"] == "secure" and rc == want_rc,
          "%s, exit %d" % (rep["verdict"], rc))
    if code is not None:
        check("%s: %s" % (name, code), code in codes, sorted(codes))
    else:
        check("%s: no server fault" % name,
              not codes & {"SERVER_UNREACHABLE", "RESPONSE_INVALID", "TCP_FAULT"}, sorted(codes))
    rc2, rep2, secs2, err2 = diagnose("--no-unbound", name)
    check("%s: the same verdict and findings without the views" % name,
          rep2 is not None and rc2 == rc and rep2["verdict"] == rep["verdict"]
          and {f["code"] for f in rep2["findings"]} == codes,
          (rc2, rep2 and rep2["verdict"], rep2 and sorted({f["code"] for f in rep2["findings"]})))
    print("%-22s %.2f s with views, %.2f s without" % (name, secs, secs2))
    for v in rep.get("views", []):
        if v.get("source") == "libunbound" and not v.get("answered"):
            # the views' deadline: said, and never taken for an answer
            check("%s: a view cut off says so" % name,
                  "still resolving after" in v.get("why", "") or "interrupted" in v.get("why", ""),
                  v)

# the dripping server holds libunbound past the deadline: cut off and said so
rc, rep, secs, err = diagnose("www.lilac.example.")
cut = [v for v in (rep or {}).get("views", [])
       if v.get("source") == "libunbound" and not v.get("answered")]
check("www.lilac.example.: libunbound cut off at the views' deadline", len(cut) > 0,
      (rep or {}).get("views"))
for v in cut:
    check("www.lilac.example.: cut-off view's words", "(the views' deadline)" in v.get("why", ""),
          v.get("why"))
sys.exit(summary())
