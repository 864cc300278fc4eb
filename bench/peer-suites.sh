#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/peer-suites.sh DNSSEC-DOCTOR [DATA_DIR] [peer_suites.py options] - the peers' validator
# scenarios (Unbound's val_*.rpl and black_*.rpl, Deckard's), each replayed live by
# tests/testbed/rpl_server.py and diagnosed by dnssec-doctor in a network namespace of its own
# (unshare -rn): one line per scenario, ours beside the expected answer, and the summary
# "N agree, M differ, K not applicable". docs/peer-suites.md lists every difference.
# DATA_DIR defaults to ../shared/data/broken beside the source tree. With --resign-dsa, the
# scenarios signed with DSA run re-signed with ECDSAP256SHA256 (bench/rpl_resign.py, every
# deliberate fault kept; docs/peer-suites.md, "DSA scenarios re-signed").
set -eu
DD=$1
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${2:-$HERE/../../shared/data/broken}
[ $# -ge 2 ] && shift 2 || shift 1
exec unshare -rn /usr/bin/python3 "$HERE/peer_suites.py" "$DD" --jobs 2 --set-aa --from-records \
	"$@" "$DATA"/unbound/val_*.rpl "$DATA"/unbound/black_*.rpl "$DATA"/deckard
