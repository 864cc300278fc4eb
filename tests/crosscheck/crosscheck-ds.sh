#!/bin/sh
# crosscheck-ds.sh DNSSEC-DOCTOR VERIFY_SIGS - "dnssec-doctor ds" against BIND's
# dnssec-dsfromkey on fresh keys of every supported algorithm: key files, zone files, each
# digest type, --all, --ttl, --cds and the registrar form. Output must be byte-identical.
. "$(dirname "$0")/common.sh"
need dnssec-keygen dnssec-dsfromkey

for spec in $ALGS; do
	alg=${spec%%:*} bits=${spec#*:}
	zone=$(echo "$alg" | tr 'A-Z' 'a-z').example
	d=$TMP/$alg
	mkdir -p "$d"
	ksk=$(keygen "$d" "$zone" "$alg" "$bits" ksk)
	zsk=$(keygen "$d" "$zone" "$alg" "$bits")
	# key files: one key each, any flags (as dnssec-dsfromkey does with a key file)
	for k in "$ksk" "$zsk"; do
		for dt in 1 2 4; do
			dnssec-dsfromkey -a "$dt" "$d/$k.key" >"$TMP/want" 2>/dev/null
			"$DD" ds --all -a "$dt" "$d/$k.key" >"$TMP/got"
			same "$alg $k digest $dt" "$TMP/want" "$TMP/got"
		done
	done
	# a zone file with both keys: KSK only by default, all keys with -A / --all
	{ echo '$TTL 3600'; cat "$d/$ksk.key" "$d/$zsk.key"; } >"$d/keys.zone"
	dnssec-dsfromkey -f "$d/keys.zone" "$zone" >"$TMP/want"
	"$DD" ds "$d/keys.zone" >"$TMP/got"
	same "$alg zone file, KSKs" "$TMP/want" "$TMP/got"
	dnssec-dsfromkey -A -a SHA-384 -a SHA-256 -f "$d/keys.zone" "$zone" >"$TMP/want"
	"$DD" ds --all -a 4 -a 2 "$d/keys.zone" >"$TMP/got"
	same "$alg zone file, all keys, two digests" "$TMP/want" "$TMP/got"
	dnssec-dsfromkey -T 300 -C -f "$d/keys.zone" "$zone" >"$TMP/want"
	"$DD" ds --ttl 300 --cds - <"$d/keys.zone" >"$TMP/got"
	same "$alg CDS with TTL from stdin" "$TMP/want" "$TMP/got"
	# the registrar form is the DS RDATA
	dnssec-dsfromkey -f "$d/keys.zone" "$zone" | awk '{print $4, $5, $6, $7}' >"$TMP/want"
	"$DD" ds --registrar "$d/keys.zone" >"$TMP/got"
	same "$alg registrar form" "$TMP/want" "$TMP/got"
	# --verbose names the key tag, algorithm and flags
	tag=$(echo "$ksk" | sed 's/.*+0*//')
	if "$DD" ds --verbose "$d/keys.zone" | grep -q "key tag $tag, algorithm .*flags 257 (ZONE SEP)"; then
		ok
	else
		bad "$alg --verbose details"
	fi
done

# a zone file of ZSKs only: nothing to print without --all, and a clear error
{ echo '$TTL 3600'; cat "$TMP/ED25519/"*.key; } | grep -v ' 257 ' >"$TMP/zsk.zone"
if "$DD" ds "$TMP/zsk.zone" >/dev/null 2>"$TMP/err"; then
	bad "ZSK-only file should fail without --all"
elif grep -q -- "--all" "$TMP/err"; then ok; else bad "ZSK-only error message"; fi
# unsupported digest type and bad input
if "$DD" ds -a 3 "$TMP/zsk.zone" 2>/dev/null; then bad "GOST digest accepted"; else ok; fi
if echo "garbage here" | "$DD" ds - 2>/dev/null; then bad "garbage accepted"; else ok; fi
finish
