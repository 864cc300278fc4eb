#!/bin/sh
# preflight.sh DNSSEC-DOCTOR EVIDENCE_DIR - check-zone --previous (issue 23) on zones signed here with BIND's
# dnssec-keygen and dnssec-signzone: each of the seeds' mistakes is unsafe or safe only after T,
# with the failing combination of cached records and the validator's finding named in the text;
# the correct step is safe; T is the RFC 7583 arithmetic of the TTLs and delays given.
set -u
DD=$1
EV=$2
passed=0 failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1

cat >base.zone <<'ZONE'
$TTL 60
example.test. 60 IN SOA ns1.example.test. admin.example.test. 1 60 60 600 30
example.test. 60 IN NS ns1.example.test.
ns1.example.test. 60 IN A 192.0.2.1
www.example.test. 120 IN A 192.0.2.2
ZONE
sed 's/ns1\.example\.test\./ns.other-provider.example./' base.zone | grep -v '^ns1' >other.zone

key() { dnssec-keygen -q -K . -a "$1" $2 -L 300 -n ZONE example.test; }
KSK1=$(key ECDSAP256SHA256 "-f KSK") ZSK1=$(key ECDSAP256SHA256 "")
KSK2=$(key ECDSAP256SHA256 "-f KSK") ZSK2=$(key ECDSAP256SHA256 "")
KSK8=$(key RSASHA256 "-b 2048 -f KSK") ZSK8=$(key RSASHA256 "-b 2048")
sign() { # sign OUT KEY...: base.zone with those keys published and signing
	out=$1; shift
	cp base.zone "$out.in"
	for k in "$@"; do cat "$k.key" >>"$out.in"; done
	dnssec-signzone -q -o example.test -f "$out" -x -s now-1h -e now+30d "$out.in" "$@" \
		>/dev/null 2>&1 || { echo "FAIL: cannot sign $out"; exit 1; }
}
sign old.signed "$KSK1" "$ZSK1"
sign zsk2.signed "$KSK1" "$ZSK2"
sign ksk2.signed "$KSK2" "$ZSK1"
sign bothksk.signed "$KSK1" "$KSK2" "$ZSK1"
sign alg8.signed "$KSK8" "$ZSK8"
sign dual.signed "$KSK8" "$ZSK8" "$KSK1" "$ZSK1"
ds() { dnssec-dsfromkey -2 "$1.key" | sed 's/ IN DS / 30 IN DS /'; }
ds "$KSK1" >ds1; ds "$KSK2" >ds2; ds "$KSK8" >ds8
TAG1=$(echo "$KSK1" | sed 's/.*+0*//') TAG2=$(echo "$KSK2" | sed 's/.*+0*//')
ZTAG1=$(echo "$ZSK1" | sed 's/.*+0*//')

AT=@$(date +%s)
# expect CODE 'PATTERN'... -- ARGS: exit code and every pattern in the text report
expect() {
	code=$1; shift
	n=0
	for a in "$@"; do n=$((n + 1)); [ "$a" = "--" ] && break; done
	pats=$(for i in $(seq 1 $((n - 1))); do eval "printf '%s\n' \"\${$i}\""; done)
	shift "$n"
	"$DD" check-zone --at "$AT" --dreg 60 --dprp 5 "$@" >out 2>err </dev/null
	got=$?
	if [ "$got" -ne "$code" ]; then
		echo "FAIL: check-zone $*: exit $got, expected $code"; cat out err
		failed=$((failed + 1)); return
	fi
	echo "$pats" | while IFS= read -r p; do
		if [ -n "$p" ] && ! grep -qF -- "$p" out; then echo "MISSING: $p"; fi
	done >miss
	if [ -s miss ]; then
		echo "FAIL: check-zone $*:"; cat miss; sed -n '/^Transition/,$p' out
		failed=$((failed + 1)); return
	fi
	passed=$((passed + 1))
}

# DNSKEY TTL 300, data up to 120, negative 30, DS TTL 30; --dreg 60 --dprp 5.
# 1. DS swapped in one step (and the KSK with it): double-DS first; T = (60+30) + (5+300) = 395
expect 1 "Transition (KSK roll): safe after" "(in 395 s)" \
	"cached old DS + new DNSKEY + old data: DS_NO_MATCHING_DNSKEY: no DNSKEY of the zone has the key tag $TAG1" \
	"cached new DS + old DNSKEY + old data: DS_NO_MATCHING_DNSKEY: no DNSKEY of the zone has the key tag $TAG2" \
	"1. [" "Publish the current and the proposed DS records together at the parent (double-DS)" \
	-- --previous old.signed --ds ds1 --new-ds ds2 ksk2.signed
# 2. old DS removed too early: at the moment the KSK is swapped; T = 5 + 300
expect 1 "safe after" "(in 305 s)" \
	"cached new DS + old DNSKEY + old data: DS_NO_MATCHING_DNSKEY: no DNSKEY of the zone has the key tag $TAG2" \
	-- --previous old.signed --ds ds1 --ds ds2 --new-ds ds2 ksk2.signed
# 3. old KSK removed before the new DS is cached: T = 60 + 30
expect 1 "safe after" "(in 90 s)" \
	"cached old DS + new DNSKEY + old data: DS_NO_MATCHING_DNSKEY: no DNSKEY of the zone has the key tag $TAG1" \
	"Publish the proposed DS set at the parent (DS first)" \
	-- --previous old.signed --ds ds1 --new-ds ds1 --new-ds ds2 ksk2.signed
# 4. ZSK removed while its signatures are cached: pre-publish, Ipub = 5+300, Iret = 5+120
expect 1 "Transition (ZSK roll): safe after" "(in 430 s)" \
	"cached old DS + new DNSKEY + old data: RRSIG_KEY_NOT_PUBLISHED: example.test. NS: its RRSIG by key $ZTAG1 (algorithm 13) is no such key" \
	"Pre-publish: add the new ZSK to the DNSKEY RRset" \
	-- --previous old.signed --ds ds1 zsk2.signed
# 5. signing disabled with the DS still at the parent
expect 2 "Transition (going insecure): unsafe" \
	"cached old DS + new DNSKEY + new data: DS_WITHOUT_DNSKEY: the parent publishes 1 DS for example.test. but the zone is unsigned" \
	"Unsafe: the proposed state itself does not validate" \
	"1. [" "Remove every DS at the parent, keep signing the zone." \
	-- --previous old.signed --ds ds1 base.zone
# 6. algorithm rolled DS-first: the parent gets the new algorithm's DS before its keys are cached
expect 1 "Transition (algorithm roll): safe after" \
	"cached new DS + old DNSKEY + old data: DS_NO_MATCHING_DNSKEY" \
	"Serve the proposed zone on every server (zone first)" \
	-- --previous alg8.signed --ds ds8 --new-ds ds1 dual.signed
# 7. migration to an unsigned provider with the DS kept
expect 2 "unsafe" "DS_WITHOUT_DNSKEY" "Remove every DS at the parent" \
	-- --previous old.signed --ds ds1 other.zone
# correct steps: safe
expect 0 "Transition (KSK roll): safe" "none of the 4 combinations a validating resolver may hold fails" "Make the change now" \
	-- --previous old.signed --ds ds1 bothksk.signed
# (exit 1: check-zone's own DS_STALE_EXTRA warning on the new zone, the transition is safe)
expect 1 "Transition (DS change): safe" "DS_STALE_EXTRA" -- --previous old.signed --ds ds1 --new-ds ds1 --new-ds ds2 old.signed
expect 0 "Transition (going insecure): safe" -- --previous old.signed --ds ds1 --ds-remove old.signed
expect 1 "Transition (KSK roll): safe" "DS_STALE_EXTRA" -- --previous bothksk.signed --ds ds1 --ds ds2 ksk2.signed
expect 1 "Transition (going insecure): safe after" "(in 90 s)" \
	-- --previous old.signed --ds ds1 --ds-remove base.zone
expect 0 "Transition (going secure): safe" -- --previous base.zone old.signed
# JSON: one object with the zone and the transition
"$DD" check-zone --json --at "$AT" --previous old.signed --ds ds1 --new-ds ds2 ksk2.signed >j.json
if python3 -c 'import json,sys; d=json.load(open("j.json")); t=d["transition"]; assert t["verdict"]=="safe after", t; assert t["code"]=="TRANSITION_NOT_YET_SAFE", t; assert any(c["code"]=="DS_NO_MATCHING_DNSKEY" for c in t["combinations"]); assert "zone" in d'; then
	passed=$((passed + 1))
else
	echo "FAIL: --json"; failed=$((failed + 1))
fi
# bad input: exit 3, one line
expect 3 -- --previous /nonexistent --ds ds1 old.signed
expect 3 -- --new-ds ds1 old.signed
# dnssec-doctor preflight: the current state from saved evidence (alpha.lab, collected at
# 1795380379 from the testbed); a DS set naming no key of the zone is unsafe, removing the DS
# is safe (insecure), no change is safe; a DS that does not parse is bad input
pf() { # pf CODE PATTERN ARGS...
	code=$1 pat=$2; shift 2
	"$DD" preflight --replay "$EV/alpha.lab.json" --at @1795380379 "$@" alpha.lab >out 2>err
	got=$?
	if [ "$got" -ne "$code" ] || ! grep -qF -- "$pat" out err; then
		echo "FAIL: preflight $*: exit $got (expected $code), or no '$pat':"; cat out err
		failed=$((failed + 1)); return
	fi
	passed=$((passed + 1))
}
pf 2 "cached new DS + old DNSKEY + old data: DS_NO_MATCHING_DNSKEY: no DNSKEY of the zone has the key tag 12345 and algorithm 13" \
	--ds "12345 13 2 $(printf 'AB%.0s' $(seq 32))"
pf 0 "Transition (going insecure): safe" --ds-remove
pf 0 "Transition (no change): safe"
pf 3 "cannot read DS records from '12345 13 2 XYZ'" --ds "12345 13 2 XYZ"
pf 3 "expected one zone name" --ds-remove alpha.lab
# dnssec-doctor preflight offline: the current state from a zone file (--previous), the parent's
# DS set now from --previous-ds, or else assumed from the previous zone's KSKs (and said so)
pfo() { # pfo CODE 'PATTERN'... -- ARGS
	code=$1; shift
	n=0
	for a in "$@"; do n=$((n + 1)); [ "$a" = "--" ] && break; done
	pats=$(for i in $(seq 1 $((n - 1))); do eval "printf '%s\n' \"\${$i}\""; done)
	shift "$n"
	"$DD" preflight --at "$AT" --dreg 60 --dprp 5 "$@" example.test >out 2>err </dev/null
	got=$?
	if [ "$got" -ne "$code" ]; then
		echo "FAIL: preflight $*: exit $got, expected $code"; cat out err
		failed=$((failed + 1)); return
	fi
	echo "$pats" | while IFS= read -r p; do
		if [ -n "$p" ] && ! grep -qF -- "$p" out err; then echo "MISSING: $p"; fi
	done >miss
	if [ -s miss ]; then
		echo "FAIL: preflight $*:"; cat miss out err
		failed=$((failed + 1)); return
	fi
	passed=$((passed + 1))
}
# DS swapped in one step, with the KSK: safe only after the double-DS steps (Dreg + TTLds, then
# Dprp + TTLkey: 60 + 30 + 5 + 300)
pfo 1 "Preflight of example.test. (current state from old.signed)" \
	"Transition (KSK roll): safe after" "(in 395 s)" \
	"TRANSITION_NOT_YET_SAFE (warning): a change made now breaks validators that hold records cached from before it" \
	"cached old DS + new DNSKEY + old data: DS_NO_MATCHING_DNSKEY: no DNSKEY of the zone has the key tag $TAG1" \
	"cached new DS + old DNSKEY + old data: DS_NO_MATCHING_DNSKEY: no DNSKEY of the zone has the key tag $TAG2" \
	-- --previous old.signed --previous-ds ds1 --zone-file ksk2.signed --ds ds2
# old KSK removed before the new DS is cached: DS first, Dreg + TTLds = 90 s
pfo 1 "safe after" "(in 90 s)" \
	"cached old DS + new DNSKEY + old data: DS_NO_MATCHING_DNSKEY: no DNSKEY of the zone has the key tag $TAG1" \
	-- --previous old.signed --previous-ds ds1 --zone-file ksk2.signed --ds ds1 --ds ds2
# ZSK removed while its signatures are cached; the DS set assumed from the old zone's KSK
# (no --previous-ds): Ipub + Iret = (5 + 300) + (5 + 120)
pfo 1 "Current DS set assumed: the SHA-256 DS of the previous zone's KSK $TAG1, TTL 3600 s" \
	"Transition (ZSK roll): safe after" "(in 430 s)" \
	"cached old DS + new DNSKEY + old data: RRSIG_KEY_NOT_PUBLISHED: example.test. NS: its RRSIG by key $ZTAG1 (algorithm 13) is no such key" \
	-- --previous old.signed --zone-file zsk2.signed
# signing disabled with the DS still at the parent: no waiting helps
pfo 2 "Transition (going insecure): unsafe" \
	"TRANSITION_UNSAFE (error): no order of steps and no waiting makes the change as given safe" \
	"cached old DS + new DNSKEY + new data: DS_WITHOUT_DNSKEY: the parent publishes 1 DS for example.test. but the zone is unsigned" \
	"Unsafe: the proposed state itself does not validate" \
	-- --previous old.signed --zone-file base.zone
# the correct double-DS step: the new DS beside the old, the zone as it is
pfo 0 "Transition (DS change): safe" "none of the 2 combinations a validating resolver may hold fails" \
	-- --previous old.signed --previous-ds ds1 --ds ds1 --ds ds2
if grep -q TRANSITION_ out; then echo "FAIL: a safe transition names a TRANSITION_ code"; failed=$((failed + 1)); fi
# JSON says what it assumed
"$DD" preflight --json --at "$AT" --previous old.signed --zone-file zsk2.signed example.test >j.json
if python3 -c 'import json,sys; d=json.load(open("j.json")); assert d["verdict"]=="safe after", d; assert d["code"]=="TRANSITION_NOT_YET_SAFE", d; assert d["current_ds_assumed"].startswith("the SHA-256 DS of the previous zone"), d; assert any(c.get("code")=="RRSIG_KEY_NOT_PUBLISHED" for c in d["combinations"]), d'; then
	passed=$((passed + 1))
else
	echo "FAIL: preflight --previous --json"; cat j.json; failed=$((failed + 1))
fi
# bad input: one line, exit 3
pfo 3 "--previous-ds needs --previous" -- --previous-ds ds1 --zone-file old.signed
pfo 3 "do not apply" -- --previous old.signed --replay "$EV/alpha.lab.json"
pfo 3 "/nonexistent" -- --previous /nonexistent --zone-file old.signed
pfo 3 "cannot read DS records" -- --previous old.signed --previous-ds "12345 13 2 XYZ"
echo "preflight: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
