#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""resolver-seeds.py - write the seed corpus of fuzz_resolver from the testbed's resolvers: for
each probe of the testbed's probe-names file and each resolver, the answers with and without
CD and to the DS query, in fuzz_resolver's input format. Run inside the testbed
(tests/testbed/testbed.sh exec /usr/bin/python3 tests/fuzz/resolver-seeds.py)."""
import hashlib
import json
import os
import struct

import dns.flags
import dns.message
import dns.query
import dns.rdatatype

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"secure": 0, "bogus": 1, "algorithm": 2, "digest": 3}
NUMS = [5, 7, 8, 10, 13, 14, 15, 16, 1, 2, 4]


def ask(server, name, rdtype, cd):
    q = dns.message.make_query(name, rdtype, want_dnssec=True)
    q.flags |= dns.flags.RD
    if cd:
        q.flags |= dns.flags.CD
    try:
        return dns.query.udp(q, server, timeout=3).to_wire()
    except Exception:  # noqa: BLE001 - a resolver that does not answer gives an empty seed part
        return b""


def main():
    m = json.load(open(os.path.join(os.environ["TESTBED_DIR"], "manifest.json")))
    out = os.path.join(HERE, "corpus", "resolver")
    os.makedirs(out, exist_ok=True)
    n = 0
    for line in open(m["probe_names"]):
        w = line.split("#")[0].split()
        if not w:
            continue
        kind = KINDS[w[0]]
        num = int(w[1]) if kind >= 2 else 0
        name = w[-1]
        head = bytes([kind | (NUMS.index(num) << 2 if num in NUMS else 0)])
        for addr in m["resolvers"].values():
            parts = [ask(addr, name, "A", False), ask(addr, name, "A", True),
                     ask(addr, ".".join(name.split(".")[1:]), "DS", True)]
            data = head + b"".join(struct.pack("!H", len(p)) + p for p in parts)
            fn = hashlib.sha1(data).hexdigest()[:12]
            with open(os.path.join(out, fn), "wb") as f:
                f.write(data)
            n += 1
    print("resolver-seeds: %d seeds in %s" % (n, out))


if __name__ == "__main__":
    main()
