#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""report_truth.py DNSSEC-DOCTOR - what diagnose prints holds for the evidence it is printed with
(issue 20), on every testbed scenario, live, resolver views included (libunbound and the
testbed's validating Unbound): the text report and the JSON of the same run are read side by
side, and each sentence that claims something is checked against the data:

- the exit code is the JSON's exit_code, the first line the JSON's headline;
- each root cause is printed once, with its fix steps once each (no repeated blocks);
- "explains the outage" is said of exactly the causes the JSON marks, and only when the asked
  answer fails (bogus, or indeterminate: resolvers answer SERVFAIL);
- "If nothing changes, the chain breaks at" only for a chain that is not broken yet;
- "Delegation health: every listed server answers" only when every server of every zone
  answered and no cause says a server did not answer or answered nothing usable;
- the tree draws each zone under its parent and each name under its own zone (a CNAME target
  under the target's zone, not the queried one's);
- a cause's "validators:" line, when the views are compared, names every resolver that
  answered the question (SERVFAIL, or data with AD), never predicting against it unsaid.
The unit test test_report_truth.c does the same on saved evidence at other instants."""
import json
import os
import re
import subprocess
import sys

from tally import check, summary

# what a server that does not answer, or answers nothing usable, is reported as
NOT_ANSWERING = {"SERVER_UNREACHABLE", "LAME_DELEGATION", "RESPONSE_INVALID", "TCP_FAULT",
                 "EDNS_FAULT"}


def tree_rows(text):
    """The chain tree's rows: (indent of the branch mark, name, whether a zone's row). A name's
    row has its type, "(nonexistent)" or "(CNAME target)" after the name; a zone's has its
    status; a reason's row (no branch mark below the root) is skipped."""
    rows, inside = [], False
    for line in text.splitlines():
        if line.startswith("Chain of trust"):
            inside = True
            continue
        if inside and not line.strip():
            break
        m = re.match(r"^( *)(└ )?(\S+) +(\S+)", line)
        if not inside or m is None or (m.group(2) is None and len(m.group(1)) != 2):
            continue
        is_zone = m.group(4) in ("SECURE", "INSECURE", "BOGUS", "INDETERMINATE")
        rows.append((len(m.group(1)), m.group(3), is_zone))
    return rows


def zone_of_name(name, zones):
    best = None
    for z in zones:
        if name == z or name.endswith("." + z) or z == ".":
            if best is None or len(z) > len(best):
                best = z
    return best


def main():
    dd = sys.argv[1]
    with open(os.path.join(os.environ["TESTBED_DIR"], "manifest.json")) as f:
        m = json.load(f)
    val = m["resolvers"]["validating"]
    for s in m["scenarios"]:
        sid, zone = s["id"], s["zone"]
        target = "www." + zone
        base = [dd, "diagnose", "--anchor", m["anchor"]["ds"], "--hints", m["hints"],
                "--nx-label", m["nx_label"], "--timeout", "0.8", "--resolver", val, "--color",
                "never", target]
        # one run, two reports: --save, then the JSON of the saved evidence
        ev = os.path.join(os.environ["TESTBED_DIR"], "truth-%s.json" % sid)
        t = subprocess.run(base + ["--save", ev], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=120)
        j = subprocess.run([dd, "diagnose", "--replay", ev, "--json"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=60)
        try:
            rep = json.loads(j.stdout)
        except ValueError:
            check(sid + " JSON", False, j.stderr[:300])
            continue
        text = t.stdout
        lines = text.splitlines()
        check(sid + " exit code = JSON exit_code", t.returncode == rep["exit_code"] == j.returncode,
              "%d, %d, JSON %d" % (t.returncode, j.returncode, rep["exit_code"]))
        check(sid + " first line = JSON headline", lines and lines[0] == rep["headline"],
              "%r / %r" % (lines[0] if lines else "", rep["headline"]))
        causes = rep["root_causes"]
        for c in causes:
            head = re.compile(r"^  \d+\. %s \(%s\) in %s" % (re.escape(c["code"]), c["severity"],
                                                            re.escape(c["zone"])), re.M)
            check("%s %s in %s printed once" % (sid, c["code"], c["zone"]),
                  len(head.findall(text)) == 1, len(head.findall(text)))
            for k, step in enumerate(c["fix"], 1):
                check("%s %s fix step %d once" % (sid, c["code"], k),
                      text.count("%d) %s\n" % (k, step)) == 1, step)
        explains = [c for c in causes if c["explains_outage"]]
        check(sid + " 'explains the outage' as the JSON says",
              text.count("— explains the outage") == len(explains),
              "%d printed, %d in JSON" % (text.count("— explains the outage"), len(explains)))
        # an outage: the asked answer fails validation, or cannot be had (resolvers SERVFAIL)
        check(sid + " 'explains the outage' only when the answer fails",
              not explains or rep["verdict"] in ("bogus", "indeterminate"), rep["verdict"])
        if "If nothing changes, the chain breaks at" in text:
            check(sid + " 'breaks at' only for a chain not broken yet",
                  rep["verdict"] in ("secure", "insecure") and rep["breaks_at"] is not None,
                  (rep["verdict"], rep["breaks_at"]))
        if "Delegation health: every listed server answers" in text:
            silent = [(z["zone"], sv["address"]) for z in rep["chain"] for sv in z["servers"]
                      if not sv["answered"]]
            deleg = [c["code"] for c in causes if c["code"] in NOT_ANSWERING]
            check(sid + " 'every listed server answers' holds", not silent and not deleg,
                  (silent, deleg))
        # the tree: each zone under its parent, each name under its own zone
        rows = tree_rows(text)
        zones = {z["zone"]: z for z in rep["chain"]}
        indent = {}
        for i, (ind, label, is_zone) in enumerate(rows):
            if is_zone:
                check("%s tree: %s is a zone of the chain" % (sid, label), label in zones, label)
                indent[label] = ind
                parent = zones.get(label, {}).get("parent")
                if parent is not None:
                    check("%s tree: %s under %s" % (sid, label, parent),
                          indent.get(parent, -99) == ind - 2, (ind, indent.get(parent)))
            else:
                own = zone_of_name(label, zones)
                above = [r for r in rows[:i] if r[2] and r[0] == ind - 2]
                check("%s tree: %s under its zone %s" % (sid, label, own),
                      above and above[-1][1] == own, (label, above[-1:] if above else None))
        # validators' lines against what the resolvers answered
        if rep["views_compared"]:
            answered = {v["source"] for v in rep["views"]
                        if v["name"] == rep["query"]["name"] and not v["cd"]
                        and v["answered"] and (v["rcode"] == "SERVFAIL" or v["ad"])
                        and v["type"] == rep["query"]["type"]}
            for c in explains:
                if c["ede"] is None:
                    continue
                missing = [a for a in answered if a not in c["validator_result"]]
                check("%s %s: validators' line names what each resolver answered" %
                      (sid, c["code"]), not missing, (missing, c["validator_result"]))
        os.unlink(ev)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
