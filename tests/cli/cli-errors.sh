#!/bin/sh
# cli-errors.sh DNSSEC-DOCTOR - bad command-line input gets a one-line error naming the problem
# on stderr and exit code 3, never a crash; --help and --version exit 0.
set -u
DD=$1
passed=0 failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

expect() { # expect CODE PATTERN ARGS...: exit code, and a stderr line matching PATTERN
	code=$1 pattern=$2
	shift 2
	"$DD" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	got=$?
	if [ "$got" -ne "$code" ]; then
		echo "FAIL: dnssec-doctor $*: exit $got, expected $code"; failed=$((failed + 1)); return
	fi
	if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$TMP/err"; then
		echo "FAIL: dnssec-doctor $*: stderr lacks '$pattern':"; cat "$TMP/err"
		failed=$((failed + 1)); return
	fi
	passed=$((passed + 1))
}

expect 0 "" --help
expect 0 "" --version
expect 3 "" 
expect 3 "unknown command 'frobnicate'" frobnicate
expect 3 "unknown option '--no-such-option'" --no-such-option
expect 0 "" ds --help
expect 0 "" nsec3hash --help
expect 3 "unknown option '--bogus'" ds --bogus
expect 3 "unknown option '-Z'" ds -Z
expect 3 "option '-a' needs an argument" ds -a
expect 3 "option '--ttl' needs an argument" ds --ttl
expect 3 "unknown digest type 'sha-999'" ds -a sha-999
expect 3 "digest type 3 (GOST R 34.11-94) is not supported" ds -a 3
expect 3 "bad TTL 'soon'" ds --ttl soon
expect 3 "bad origin" ds -o 'a..b' /dev/null
expect 3 "No such file or directory" ds /nonexistent/Kkey.key
expect 3 "no DNSKEY records" ds /dev/null
printf 'example. 3600 IN DNSKEY 257 3 13 not-base64!\n' >"$TMP/bad.key"
expect 3 "bad.key:1:" ds "$TMP/bad.key"
expect 3 "expected one FILE" ds a b
expect 0 "" check-zone --help
expect 3 "unknown option '--bogus'" check-zone --bogus z
expect 3 "expected one zone file, got 0" check-zone
expect 3 "expected one zone file, got 2" check-zone a b
expect 3 "No such file or directory" check-zone /nonexistent/zone
expect 3 "bad --format 'xml' (text, json, html)" check-zone --format xml z
expect 3 "--format html does not show the transition (--previous)" check-zone --format html --previous a b
expect 3 "bad --origin 'a..b'" check-zone -o a..b /dev/null
expect 3 "bad --at 'yesterday-ish'" check-zone --at yesterday-ish /dev/null
expect 3 "bad --expire-warn 'soon'" check-zone --expire-warn soon /dev/null
expect 3 "bad --threads '0'" check-zone -j 0 /dev/null
expect 3 "bad --color 'pink'" check-zone --color pink /dev/null
expect 3 "bad --level 'loud' (error, warning or notice)" check-zone --level loud /dev/null
expect 3 "option '--ds' needs an argument" check-zone /dev/null --ds
expect 3 "is a bare DS and /dev/null has no SOA record to take the zone from: give it with -o" check-zone --ds "12345 13 2 00" /dev/null
expect 3 "is a bare DS and the zone comes from standard input: give the zone with -o" check-zone --ds "12345 13 2 00" -
expect 3 "cannot read DS records" check-zone -o example. --ds "12345 13 2 zz" /dev/null
expect 3 "no SOA record to take the zone's origin from" check-zone /dev/null
printf '$ORIGIN example.\n@ 300 SOA ns hm 1 2 3 4 5\nwww 300 A 192.0.2.300\n' >"$TMP/bad.zone"
expect 3 "bad.zone:3:" check-zone "$TMP/bad.zone"
printf 'not gzip at all' | gzip -c | head -c 12 >"$TMP/trunc.gz"
expect 3 "trunc.gz" check-zone -o example. "$TMP/trunc.gz"
expect 3 "bad salt 'xyz'" nsec3hash xyz 1 1 example
expect 3 "bad iterations '70000'" nsec3hash - 1 70000 example
expect 3 "bad iterations '-1'" nsec3hash - 1 -1 example
expect 3 "bad hash algorithm 'sha1'" nsec3hash - sha1 1 example
expect 3 "unsupported" nsec3hash - 2 1 example
expect 3 "bad domain name" nsec3hash - 1 1 'a..b'
expect 3 "expected 4 arguments, got 3" nsec3hash - 1 1
expect 3 "bad flags" nsec3hash -r 1 x 1 - example
expect 3 "expected NAME" diagnose
expect 3 "bad domain name 'a..b'" diagnose a..b
expect 3 "unknown record type 'NOPE'" diagnose example.com NOPE
expect 3 "bad --at 'yesterday'" diagnose --at yesterday example.com
expect 3 "bad --timeout '-1'" diagnose --timeout -1 example.com
expect 3 "bad --server 'nozone'" diagnose --server nozone example.com
expect 3 "bad --server 'example.com=not-an-ip.invalid': no address for not-an-ip.invalid" diagnose --server example.com=not-an-ip.invalid example.com
expect 3 "bad --server 'example.com=not_a..name'" diagnose --server example.com=not_a..name example.com
expect 3 "bad --resolver 'resolver.example'" diagnose --resolver resolver.example example.com
expect 3 "-4 and -6 exclude each other" diagnose -4 -6 example.com
# dig's, delv's and DNSViz's forms (issue 20): what is not one of them is named
expect 3 "class 'CH': DNSSEC is checked in class IN only" diagnose example.com CH TXT
expect 3 "class 'HS': DNSSEC is checked in class IN only" diagnose -c HS example.com
expect 3 "class 'CLASS3': DNSSEC is checked in class IN only" diagnose example.com CLASS3
expect 3 "unknown record type 'NOPE'" diagnose -t NOPE example.com
expect 3 "unknown record type 'www.example.com'" diagnose -q example.com www.example.com
expect 3 "unexpected argument 'extra' after NAME 'example.com' and TYPE 'A'" diagnose example.com A extra
expect 3 "expected NAME" diagnose DNSKEY
expect 3 "TYPE 'DNSKEY' given without a NAME" diagnose --replay /dev/null DNSKEY
expect 3 "expected NAME" diagnose @192.0.2.53
expect 3 "bad server '@' (@ADDRESS, @ADDRESS#PORT, @\[IPv6\]:PORT, @NAME)" diagnose @ example.com
expect 3 "bad server '@192.0.2.300': bad address '192.0.2.300'" diagnose @192.0.2.300 example.com
expect 3 "bad server '@192.0.2.53#0': bad server '192.0.2.53#0'" diagnose @192.0.2.53#0 example.com
expect 3 "bad server '@192.0.2.53#65536'" diagnose @192.0.2.53#65536 example.com
expect 3 "bad server '@\[2001:db8::1\]:x'" diagnose @[2001:db8::1]:x example.com
expect 3 "bad server '@\[2001:db8::1'" diagnose @[2001:db8::1 example.com
expect 3 "bad --server 'example.com=ns1.invalid': no address for ns1.invalid" diagnose --server example.com=ns1.invalid example.com
expect 3 "bad --server 'example.com=ns1.example=not-an-ip': bad address 'not-an-ip'" diagnose --server example.com=ns1.example=not-an-ip example.com
expect 3 "bad --server 'example.com=192.0.2.1,,192.0.2.2': bad server list" diagnose --server example.com=192.0.2.1,,192.0.2.2 example.com
expect 3 "bad --server 'a..b=192.0.2.1' (ZONE=SERVER\[,SERVER...\])" diagnose --server a..b=192.0.2.1 example.com
expect 3 "bad -x 'example.com=192.0.2.1' (ZONE:SERVER\[,SERVER...\])" diagnose -x example.com=192.0.2.1 example.com
expect 3 "bad -x 'example.com+:192.0.2.1' (ZONE:SERVER\[,SERVER...\])" diagnose -x example.com+:192.0.2.1 example.com
expect 3 "bad --resolver '192.0.2.1#99999'" diagnose --resolver 192.0.2.1#99999 example.com
expect 3 "--replay asks no server: server '@192.0.2.1' has no use" diagnose --replay /dev/null @192.0.2.1 example.com
expect 3 "option '-t' needs an argument" diagnose example.com -t
# --ds (pre-delegation testing): the registrar's form needs the zone of --server; a DS of a zone
# above the name, not the root's; not with --replay (the evidence keeps the DS it was run with)
expect 3 "--ds '12345 13 2 ABCD' is a bare DS (the registrar's form): give a whole record" diagnose --ds "12345 13 2 ABCD" www.example.com
expect 3 "--ds for other.example.: not a zone at or above www.example.com." diagnose --ds "other.example. IN DS 12345 13 2 ABCDEF01" www.example.com
expect 3 "--ds for the root: the trust anchor is given with --anchor" diagnose --ds ". IN DS 12345 13 2 ABCDEF01" www.example.com
expect 3 "cannot read DS records from 'example.com. IN DS 1 2'" diagnose --ds "example.com. IN DS 1 2" www.example.com
expect 3 "--replay asks no server: --ds 'example.com. IN DS 12345 13 2 ABCDEF01' has no use" diagnose --replay /dev/null --ds "example.com. IN DS 12345 13 2 ABCDEF01"
expect 0 "" help
expect 0 "" help diagnose
expect 0 "" help help
expect 3 "help: unknown command 'frobnicate'" help frobnicate
expect 3 "help: expected one COMMAND, got 2" help diagnose ds
expect 3 "bad --nx-label 'a.b'" diagnose --nx-label a.b example.com
expect 3 "bad --color 'purple'" diagnose --color purple example.com
expect 3 "bad --level 'all' (error, warning or notice)" diagnose --level all example.com
expect 3 "cannot read /nonexistent/ev.json" diagnose --replay /nonexistent/ev.json
printf 'not json' >"$TMP/bad.json"
expect 3 "not JSON" diagnose --replay "$TMP/bad.json"
expect 3 "no NAME expected" diagnose --replay "$TMP/bad.json" example.com
expect 3 "cannot read anchor file /nonexistent" diagnose --anchor /nonexistent example.com
printf 'example. 3600 IN A 192.0.2.1\n' >"$TMP/noanchor"
expect 3 "has no DS or DNSKEY trust anchor" diagnose --anchor "$TMP/noanchor" example.com
expect 3 "has no A/AAAA records" diagnose --hints "$TMP/noanchor" example.com
# hostile or mistaken command lines: over-long labels and names, out-of-range numbers,
# impossible dates, files that are not what they claim
long_label=$(printf 'a%.0s' $(seq 1 64))
long_name=$(for i in $(seq 1 130); do printf 'ab.'; done)
expect 3 "unknown option '--bogus'" diagnose --bogus example.com
expect 3 "bad domain name '$long_label.example'" diagnose "$long_label.example"
expect 3 "bad domain name 'ab.ab.ab" diagnose "$long_name"
expect 3 "bad --timeout 'abc' (seconds, 0.01 to 60)" diagnose --timeout abc example.com
expect 3 "bad --timeout '100000'" diagnose --timeout 100000 example.com
expect 3 "bad --at '20261399000000'" diagnose --at 20261399000000 example.com
expect 3 "bad --at '+3x'" diagnose --at +3x example.com
expect 3 "hints: /nonexistent: No such file or directory" diagnose --hints /nonexistent example.com
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$TMP/passwd"
expect 3 "anchor file: $TMP/passwd:1:" diagnose --anchor "$TMP/passwd" example.com
expect 3 "evidence: not JSON" diagnose --replay /dev/null
expect 3 "--replay and --save exclude each other" diagnose --save "$TMP/x.json" --replay /dev/null
# --save writes a new file and renames it into place (issue 22): a symbolic link planted at the
# target is refused and what it points to is left alone; a full disk or a file-size limit is
# reported as such and leaves the old file, with no temporary file behind. The probe asks only
# 127.0.0.1, where nothing answers, so the evidence is small and quick to collect.
printf '. 3600 IN NS a.root.\na.root. 3600 IN A 127.0.0.1\n' >"$TMP/hints"
printf '. 3600 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n' >"$TMP/anchor"
save() { expect 3 "$@" --no-unbound --hints "$TMP/hints" --anchor "$TMP/anchor" --timeout 0.05 example.; }
mkdir "$TMP/s"
save "no root server answered" diagnose --save "$TMP/s/ev.json"
check_that() { # check_that WHAT COMMAND...
	what=$1
	shift
	if "$@"; then passed=$((passed + 1)); else echo "FAIL: $what"; failed=$((failed + 1)); fi
}
check_that "--save wrote evidence" grep -q '"format": "dnssec-doctor-evidence"' "$TMP/s/ev.json"
check_that "--save wrote the views" grep -q '"views": \[\]' "$TMP/s/ev.json"
chmod 640 "$TMP/s/ev.json"
save "no root server answered" diagnose --save "$TMP/s/ev.json"
check_that "--save kept the file's mode" [ "$(stat -c %a "$TMP/s/ev.json")" = 640 ]
printf 'precious\n' >"$TMP/s/victim"
ln -s "$TMP/s/victim" "$TMP/s/link.json"
save "cannot write $TMP/s/link.json: it is a symbolic link, not followed" diagnose --save "$TMP/s/link.json"
check_that "symlink target untouched" [ "$(cat "$TMP/s/victim")" = precious ]
check_that "symlink left as it was" [ -L "$TMP/s/link.json" ]
ln -s "$TMP/s/created" "$TMP/s/dangling.json"
save "symbolic link, not followed" diagnose --save "$TMP/s/dangling.json"
check_that "dangling symlink: nothing created" [ ! -e "$TMP/s/created" ]
save "cannot write /dev/full: No space left on device" diagnose --save /dev/full
save "cannot write $TMP/nodir/ev.json: cannot create a temporary file beside it: No such file or directory" \
	diagnose --save "$TMP/nodir/ev.json"
# a file-size limit (RLIMIT_FSIZE, 512 or 1024 octets): "File too large", not a SIGXFSZ death
printf 'old\n' >"$TMP/s/big.json"
(ulimit -f 1 && exec "$DD" diagnose --no-unbound --hints "$TMP/hints" --anchor "$TMP/anchor" \
	--timeout 0.05 --save "$TMP/s/big.json" example. >/dev/null 2>"$TMP/s/big.err")
st=$?
check_that "file-size limit: exit $st" [ "$st" -eq 3 ]
check_that "file-size limit: '$(cat "$TMP/s/big.err")'" grep -q "cannot write $TMP/s/big.json: File too large" "$TMP/s/big.err"
check_that "file-size limit: the old file is kept" [ "$(cat "$TMP/s/big.json")" = old ]
check_that "no temporary file left: $(ls -A "$TMP/s" | tr '\n' ' ')" \
	[ "$(ls -A "$TMP/s" | grep -c '^\.')" -eq 0 ]
# evidence whose zones do not form a tree from the top is malformed (issue 22): exit 3, one line
sed 's/"parent": -1/"parent": 0/' "$TMP/s/ev.json" >"$TMP/selfparent.json"
expect 3 "evidence: zone 0 (.): parent 0 is not an earlier zone" diagnose --replay "$TMP/selfparent.json"
expect 0 "" clock --help
expect 3 "unknown option '--bogus'" clock --bogus
expect 3 "unexpected argument 'now'" clock now
expect 3 "bad --timeout 'x'" clock --timeout x
expect 3 "bad --ntp ''" clock --ntp ''
expect 3 "option '--ntp' needs an argument" clock --ntp
expect 3 "bad --ntp '127.0.0.1#0' (a host name or an address, with an optional #PORT, :PORT or" clock --ntp 127.0.0.1#0
expect 3 "bad --ntp 'pool.ntp.org:ntp'" clock --ntp pool.ntp.org:ntp
expect 3 "cannot resolve NTP server 'no-such-host.invalid'" clock --ntp no-such-host.invalid

expect 0 "" monitor --help
expect 3 "no zones to check" monitor --no-db
expect 3 "zone 'exa..mple': 'exa..mple' is not a domain name" monitor --no-db exa..mple
expect 3 "cannot read /nonexistent/zones" monitor --zones /nonexistent/zones
printf 'ok.example. # fine\n\nbad..example www/A\n' >"$TMP/zones"
expect 3 "$TMP/zones:3: 'bad..example' is not a domain name" monitor --no-db --zones "$TMP/zones"
expect 3 "bad --format 'xml'" monitor --format xml example.com
expect 3 "bad --warn 'soon'" monitor --warn soon example.com
expect 3 "--crit must not be longer than --warn" monitor --warn 1d --crit 2d example.com
expect 3 "--crit must not be longer than --warn" monitor -w 1d: -c 2d: example.com
expect 3 "bad --warn '20:10'" monitor -w 20:10 example.com
expect 3 "bad --crit '@10'" monitor -c @10 example.com
expect 3 "bad --crit '1:2:3'" monitor --crit 1:2:3 example.com
expect 3 "option '-w' needs an argument" monitor -w
expect 3 "bad --deadline '0'" monitor -t 0 example.com
expect 3 "bad --deadline 'soon'" monitor --deadline soon example.com
expect 3 "--deadline (-t) is for one run" monitor -t 10 --interval 1h example.com
expect 0 "" monitor -V
grep -q "^dnssec-doctor monitor [0-9]" "$TMP/out" && passed=$((passed + 1)) ||
	{ echo "FAIL: monitor -V prints no version"; failed=$((failed + 1)); }
expect 3 "bad --shard '3/3'" monitor --shard 3/3 example.com
expect 3 "bad --shard '-1/3'" monitor --shard -1/3 example.com
expect 3 "bad --concurrency '0'" monitor --concurrency 0 example.com
expect 3 "bad --interval '0'" monitor --interval 0 example.com
expect 3 "bad --listen 'localhost'" monitor --listen localhost example.com
expect 3 "--once excludes --interval and --listen" monitor --once --interval 1h example.com
expect 3 "--db and --no-db exclude each other" monitor --db /tmp/x.db --no-db example.com
expect 3 "unknown option '--bogus'" monitor --bogus example.com
expect 3 "state database $TMP/passwd: file is not a database" monitor --db "$TMP/passwd" example.com
expect 0 "" resolver --help
expect 0 "" resolver --list-probe-names
expect 3 "expected one resolver ADDRESS" resolver
expect 3 "expected one resolver ADDRESS" resolver 127.0.0.1 127.0.0.2
expect 3 "bad resolver address 'resolver.example'" resolver resolver.example
expect 3 "bad resolver address '127.0.0.1#0'" resolver 127.0.0.1#0
expect 3 "bad resolver address '\[::1\]5353'" resolver '[::1]5353'
expect 3 "port 5353 in '@127.0.0.1#5353' and --port 53 differ" resolver --port 53 @127.0.0.1#5353
expect 3 "unknown option '--bogus'" resolver --bogus 127.0.0.1
expect 3 "bad --port '0'" resolver --port 0 127.0.0.1
expect 3 "bad --port '65536'" resolver --port 65536 127.0.0.1
expect 3 "bad --timeout '0'" resolver --timeout 0 127.0.0.1
expect 3 "bad --color 'sometimes'" resolver --color sometimes 127.0.0.1
expect 3 "cannot read /nonexistent/names" resolver --probe-names /nonexistent/names 127.0.0.1
expect 3 "/etc/passwd: line 1: unknown kind" resolver --probe-names /etc/passwd 127.0.0.1
expect 3 "/dev/null: no probe names" resolver --probe-names /dev/null 127.0.0.1
# every error is a single line
for args in "frobnicate" "ds -a 9" "nsec3hash zz 1 1 x" "ds --bogus" "nsec3hash -q" "--zz" \
	"diagnose --at never x." "diagnose --bogus" "diagnose --anchor $TMP/passwd x." \
	"diagnose --timeout 1e9 x." "diagnose --replay /dev/null" "diagnose --replay $TMP/selfparent.json" \
	"diagnose --no-unbound --hints $TMP/hints --anchor $TMP/anchor --save $TMP/s/link.json x."; do
	# shellcheck disable=SC2086
	lines=$("$DD" $args 2>&1 >/dev/null | wc -l)
	if [ "$lines" -eq 1 ]; then passed=$((passed + 1)); else
		echo "FAIL: '$args' printed $lines error lines"; failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
