#!/bin/sh
# update-symbols.sh - rewrite debian/libdnssecdoctor0.symbols from the library a build made
# (default build/), keeping its header lines: run it after adding or removing a DD_API function.
# scripts/build-deb.sh fails (dpkg-gensymbols -c4) while the file and the library differ.
# New symbols get the version in debian/changelog; existing ones keep theirs.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
lib=$build/src/lib/libdnssecdoctor.so.0
[ -f "$lib" ] || { echo "update-symbols: $lib not found: build first (ninja -C $build)" >&2; exit 2; }
version=$(dpkg-parsechangelog -S Version 2>/dev/null || sed -n '1s/.*(\(.*\)).*/\1/p' debian/changelog)
symbols=debian/libdnssecdoctor0.symbols
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort -u >"$tmp.exp"
{
	grep -v '^ dd_' "$symbols"
	while read -r sym; do
		old=$(grep "^ $sym@Base " "$symbols" | awk '{ print $2 }' || true)
		echo " $sym@Base ${old:-$version}"
	done <"$tmp.exp"
} >"$tmp"
rm -f "$tmp.exp"
if cmp -s "$tmp" "$symbols"; then
	echo "update-symbols: $symbols already matches $lib"
else
	cp "$tmp" "$symbols"
	echo "update-symbols: $symbols rewritten from $lib:"
	git --no-pager diff --stat -- "$symbols" || true
fi
