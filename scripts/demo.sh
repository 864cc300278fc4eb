#!/bin/sh
# demo.sh - set up a fresh Debian 12 machine and run dnssec-doctor's main job.
# Until "diagnose" and the testbed land, the demo shows the primitives it stands on, on fresh
# material: the DS a registrar needs for a new KSK (compared with BIND's dnssec-dsfromkey), and
# the NSEC3 hash of a name (compared with BIND's nsec3hash).
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
DD=./build/src/cli/dnssec-doctor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# A new KSK and ZSK for example.com (dnssec-keygen, ECDSAP256SHA256)"
dnssec-keygen -q -K "$tmp" -a ECDSAP256SHA256 -f KSK example.com >/dev/null
dnssec-keygen -q -K "$tmp" -a ECDSAP256SHA256 example.com >/dev/null
{ echo '$TTL 3600'; cat "$tmp"/*.key; } >"$tmp/keys.zone"
echo
echo "# The DS records to publish at the parent, with the key details:"
echo "\$ dnssec-doctor ds --verbose keys.zone"
"$DD" ds --verbose "$tmp/keys.zone"
echo
echo "# The same DS in the registrar's form (key tag, algorithm, digest type, digest):"
echo "\$ dnssec-doctor ds --registrar keys.zone"
"$DD" ds --registrar "$tmp/keys.zone"
echo
echo "# BIND's dnssec-dsfromkey agrees byte for byte:"
if "$DD" ds "$tmp/keys.zone" | cmp -s - "$(dnssec-dsfromkey -f "$tmp/keys.zone" example.com >"$tmp/bind"; echo "$tmp/bind")"; then
	echo "identical"
else
	echo "DIFFERENT"; exit 1
fi
echo
echo "# NSEC3 owner hash of www.example.com (RFC 9276 parameters: no salt, 0 iterations):"
echo "\$ dnssec-doctor nsec3hash - 1 0 www.example.com"
"$DD" nsec3hash - 1 0 www.example.com
