# SPDX-License-Identifier: MIT
"""monitor_out.py - what the monitor integration scripts share: run() runs a command with a
time limit and gives (exit status, stdout, stderr); lines() reads the monitor's JSON Lines
output (one object per zone) into a dict by zone name."""

import json
import subprocess


def run(args, timeout=300):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def lines(out):
    return {o["zone"]: o for o in (json.loads(l) for l in out.splitlines() if l.strip())}
