#!/bin/sh
# dnsviz-replay.sh DNSSEC-DOCTOR DATA_DIR - "diagnose --replay" of real DNSViz probe captures
# (tests/data/dnsviz/, from DNSViz's own test data; docs/dnsviz.md): the verdict and the key
# lines at each capture's time with the KSK-2017 root anchor, gzip and plain alike; and
# malformed or hostile JSON (truncated, wrong types, deep nesting, huge, a gzip bomb, a
# recursive capture, an unknown version or name) refused with a clear message and exit 3.
set -u
DD=$1
DATA=$2
passed=0 failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ANCHOR="$DATA/root-ksk-2017.ds"

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# run CODE ARGS...: diagnose --anchor ANCHOR ARGS, expecting exit CODE; output in $TMP/out,
# $TMP/err
run() {
	code=$1
	shift
	"$DD" diagnose --anchor "$ANCHOR" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	got=$?
	if [ "$got" -ne "$code" ]; then
		fail "diagnose $*: exit $got, expected $code"; cat "$TMP/err"
		return 1
	fi
	passed=$((passed + 1))
	return 0
}

# has PATTERN...: each (a grep -E pattern) matches a line of $TMP/out
has() {
	for p in "$@"; do
		if grep -qE -- "$p" "$TMP/out"; then
			passed=$((passed + 1))
		else
			fail "output lacks /$p/:"; sed -n '1,40p' "$TMP/out"
		fi
	done
}

hasnt() {
	for p in "$@"; do
		if grep -qE -- "$p" "$TMP/out"; then
			fail "output has /$p/:"; grep -E -- "$p" "$TMP/out"
		else
			passed=$((passed + 1))
		fi
	done
}

# err CODE PATTERN FILE [ARGS]: refused with exit CODE and a stderr line matching PATTERN
err() {
	code=$1 pattern=$2 file=$3
	shift 3
	"$DD" diagnose --replay "$file" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	got=$?
	if [ "$got" -ne "$code" ]; then
		fail "diagnose --replay $file $*: exit $got, expected $code"; head -c 600 "$TMP/err"
	elif ! grep -q -- "$pattern" "$TMP/err"; then
		fail "diagnose --replay $file $*: stderr lacks '$pattern':"; head -c 600 "$TMP/err"
	elif [ "$(wc -l <"$TMP/err")" -ne 1 ]; then
		fail "diagnose --replay $file $*: more than one error line:"; head -c 600 "$TMP/err"
	else
		passed=$((passed + 1))
	fi
}

# --- the root, probed 2019-01-08 05:54 UTC by DNSViz (13 root servers, both families) ---
if run 1 --replay "$DATA/root-authoritative.json.gz" --at 2019-01-08T05:55:00; then
	has '^\. SOA is secure: ' \
	    '^\(validated as of 2019-01-08 05:55 UTC; 1 zone, 131 queries in 1 round,' \
	    '^  \.  +SECURE +trust anchor DS 20326/8/2 matches$' \
	    '└ \. SOA +SECURE +198\.41\.0\.4: validated' \
	    '└ aw7vp1m4r8\. \(nonexistent\) +SECURE +198\.41\.0\.4: NXDOMAIN proven' \
	    'c\.root-servers\.net\. +not asked \(2001:500:2::c\)' \
	    'SERVER_UNREACHABLE \(warning\) in \.$' \
	    'c\.root-servers\.net\. \(2001:500:2::c\) did not answer the one query asked of it \(timeout after 12 attempts within 1\.0 s\)' \
	    '^  resolvers +not recorded in this evidence'
	# DNSViz asked no SOA at the root's servers' IPv6 c-root: not probed, not lame; its
	# queries offered 4096 octets, so a 1414-octet answer over UDP is no EDNS fault
	hasnt 'LAME_DELEGATION' 'BOGUS' 'INDETERMINATE' 'EDNS_FAULT'
	cp "$TMP/out" "$TMP/root.gz.out"
fi
# the same capture uncompressed gives the same report
gzip -dc "$DATA/root-authoritative.json.gz" >"$TMP/root.json"
if run 1 --replay "$TMP/root.json" --at 2019-01-08T05:55:00; then
	if cmp -s "$TMP/out" "$TMP/root.gz.out"; then
		passed=$((passed + 1))
	else
		fail "plain and gzip captures give different reports"
	fi
fi
# a type DNSViz asked at the name, given explicitly
if run 1 --replay "$DATA/root-authoritative.json.gz" . DNSKEY --at 2019-01-08T05:55:00; then
	has '^\. DNSKEY is secure: ' '└ \. DNSKEY +SECURE'
fi
# a type it did not ask is not probed: no answer is made up
if run 1 --replay "$DATA/root-authoritative.json.gz" . TXT --at 2019-01-08T05:55:00; then
	has '^\. TXT is indeterminate: ' 'a\.root-servers\.net\. +not asked \(198\.41\.0\.4\)' \
	    '└ \. TXT +INDETERMINATE ?not asked of any server \(not probed\)'
	hasnt 'NOERROR aa'
fi

# --- example.com and example.net, probed 2020-11-09 20:50-20:53 UTC ---
if run 1 --replay "$DATA/example-authoritative.json.gz" example.com --at 2020-11-09T20:52:30; then
	has '^example\.com\. A is secure: ' \
	    '^\(validated as of 2020-11-09 20:52 UTC; 3 zones, 235 queries in 3 rounds' \
	    '^  \.  +SECURE +trust anchor DS 20326/8/2 matches$' \
	    '└ com\. +SECURE +DS 30909/8/2 matches$' \
	    '└ example\.com\. +SECURE ' \
	    '└ example\.com\. A +SECURE +199\.43\.135\.53: validated' \
	    '└ yeglpidq2n\.example\.com\. \(nonexistent\) +SECURE +199\.43\.135\.53: NXDOMAIN proven' \
	    'a\.iana-servers\.net\. +NOERROR aa, 1 record, 1 RRSIG \(199\.43\.135\.53\)' \
	    'DS 31406 8 2 F78CF3344F72\.\.\. matches' \
	    'DS_DIGEST_WEAK \(warning\) in example\.com\.' \
	    'example\.com\. IN DS 45620 8 2 1F380565953CDA1B1A7B9F75691E0B6C4EF3C8B204CCCA0F51739A9F5A5B5B40'
	# the chain to example.com only: example.net and net. are not part of it
	hasnt 'net\. +SECURE' 'BOGUS' 'SPLIT_SIGNING'
fi
# the default name is the capture's last (example.net.); MX as asked
if run 1 --replay "$DATA/example-authoritative.json.gz" --at 2020-11-09T20:53:35; then
	has '^example\.net\. A is secure: ' '└ net\. +SECURE +DS 35886/8/2 matches$' \
	    '└ a326g8nojd\.example\.net\. \(nonexistent\) +SECURE'
fi
if run 1 --replay "$DATA/example-authoritative.json.gz" EXAMPLE.NET. MX --at 2020-11-09T20:53:35; then
	has '^example\.net\. MX is secure: ' '└ example\.net\. MX +SECURE'
fi
# a month later the signatures have expired: the same data, bogus
if run 2 --replay "$DATA/example-authoritative.json.gz" example.com --at 2020-12-20; then
	has '^example\.com\. A is bogus: ' 'RRSIG_EXPIRED'
fi
# JSON report of the same
if run 1 --replay "$DATA/example-authoritative.json.gz" example.com --at 2020-11-09T20:52:30 --json; then
	if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["verdict"]["status"] == "secure" else 1)' "$TMP/out" 2>/dev/null ||
	   grep -q '"secure"' "$TMP/out"; then
		passed=$((passed + 1))
	else
		fail "the JSON report does not say secure"
	fi
fi

# --- refused: clear one-line errors, exit 3 ---
err 3 "DNSViz: . was analysed through a recursive resolver" "$DATA/root-recursive.json.gz"
err 3 "DNSViz: 'www.example.com' is not one of the names the capture was made for" \
	"$DATA/example-authoritative.json.gz" www.example.com
err 3 "unknown record type 'BOGUSTYPE'" "$DATA/example-authoritative.json.gz" example.com BOGUSTYPE
err 3 "unexpected argument 'c' after NAME 'b' and TYPE 'a'" "$DATA/example-authoritative.json.gz" a b c
# truncated: the JSON cut short, the gzip cut short
head -c 20000 "$TMP/root.json" >"$TMP/trunc.json"
err 3 "not JSON" "$TMP/trunc.json"
head -c 20000 "$DATA/root-authoritative.json.gz" >"$TMP/trunc.json.gz"
err 3 "corrupt or truncated gzip data" "$TMP/trunc.json.gz"
# wrong types and values, each naming what is wrong
python3 - "$TMP/root.json" "$TMP" <<'EOF'
import json, sys
src, out = sys.argv[1], sys.argv[2]
def variant(name, change):
    d = json.load(open(src))
    change(d)
    json.dump(d, open(f"{out}/{name}.json", "w"))
variant("version", lambda d: d["_meta._dnsviz."].update(version=2.0))
variant("version-str", lambda d: d["_meta._dnsviz."].update(version="1.2"))
variant("names", lambda d: d["_meta._dnsviz."].update(names=[]))
variant("queries", lambda d: d["."].update(queries={"a": 1}))
variant("message", lambda d: d["."]["queries"][0]["responses"]["192.5.5.241"]["128.187.82.254"].update(message=12))
variant("base64", lambda d: d["."]["queries"][0]["responses"]["192.5.5.241"]["128.187.82.254"].update(message="!!!!"))
variant("server", lambda d: d["."]["queries"][0]["responses"].update({"not-an-address": {}}))
variant("mapping", lambda d: d["."].update(auth_ns_ip_mapping=["a"]))
variant("address", lambda d: d["."]["auth_ns_ip_mapping"].update({"x.": ["999.1.1.1"]}))
variant("time", lambda d: d["."].update(analysis_start="yesterday"))
variant("type", lambda d: d["."].update(type=7))
variant("qname", lambda d: d["."]["queries"][0].update(qname="a" * 70 + "."))
variant("parent", lambda d: d["."].update(parent="com."))
EOF
err 3 "DNSViz: probe format version 2 is not read (1.0 to 1.2" "$TMP/version.json"
err 3 "DNSViz: bad _meta._dnsviz. (version and names expected)" "$TMP/version-str.json"
err 3 "DNSViz: bad _meta._dnsviz." "$TMP/names.json"
err 3 "DNSViz: .: bad or missing queries" "$TMP/queries.json"
err 3 "DNSViz: .: query 0, server 192.5.5.241: bad response fields" "$TMP/message.json"
err 3 "DNSViz: .: bad or missing analysis_start or analysis_end" "$TMP/time.json"
err 3 "DNSViz: .: bad or missing analysis type" "$TMP/type.json"
err 3 "DNSViz: .: query 0: bad or missing qname" "$TMP/qname.json"
err 3 "DNSViz: .: query 0: bad server 'not-an-address'" "$TMP/server.json"
err 3 "DNSViz: .: bad auth_ns_ip_mapping" "$TMP/mapping.json"
err 3 "DNSViz: .: server x.: bad address" "$TMP/address.json"
err 3 "DNSViz: .: parent 'com.' does not enclose it" "$TMP/parent.json"
# a response that is not base64 is kept as an unparseable answer, not dropped: the report
# says so for that server
if run 1 --replay "$TMP/base64.json" --at 2019-01-08T05:55:00; then
	has '^\. SOA is secure: '
fi
# deep nesting
python3 -c 'print("{\"_meta._dnsviz.\": " + "[" * 100000 + "]" * 100000 + "}")' >"$TMP/deep.json"
err 3 "not JSON" "$TMP/deep.json"
# huge: a 1 GB file (sparse), and a gzip bomb that inflates past the 64 MiB cap
truncate -s 1G "$TMP/huge.json"
err 3 "input larger than 64 MiB is not read" "$TMP/huge.json"
head -c 100000000 /dev/zero | gzip -1 >"$TMP/bomb.json.gz"
err 3 "gzip data inflates to more than 64 MiB" "$TMP/bomb.json.gz"
# our own evidence with a NAME: NAME chooses only among a DNSViz capture's names
printf '{"format": "dnssec-doctor-evidence"}' >"$TMP/ev.json"
err 3 "no NAME expected" "$TMP/ev.json" example.com

echo "dnsviz-replay: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
