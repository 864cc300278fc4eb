#!/bin/sh
# netns-init.sh DIR - runs as the first process of the testbed's private network namespace
# (started by testbed.sh under "unshare -rn"): brings up loopback, starts every server of the
# testbed in DIR, waits until each answers, writes DIR/ready, then holds the namespace until
# it is told to stop, and stops exactly the processes it started.
set -u
DIR=$1
HERE=$(cd "$(dirname "$0")" && pwd)
PIDS=""
echo $$ >"$DIR/holder.pid"

stop() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.3
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	rm -f "$DIR/ready" "$DIR/holder.pid"
	exit 0
}
trap stop TERM INT HUP

ip link set lo up

start() { # start NAME COMMAND...
	name=$1
	shift
	"$@" >"$DIR/log/$name.out" 2>&1 &
	PIDS="$PIDS $!"
	echo "$name $!" >>"$DIR/pids"
}

: >"$DIR/pids"
for conf in "$DIR"/conf/nsd-*.conf; do
	inst=$(basename "$conf" .conf)
	start "$inst" nsd -d -c "$conf"
done
start knot knotd -c "$DIR/conf/knot.conf"
# a real NTP server for "dnssec-doctor clock": chrony serving this machine's clock (-x: it
# never touches the clock)
printf 'bindaddress 127.0.6.1\nport 123\ncmdport 0\nlocal stratum 8\nallow 127.0.0.0/8\ndriftfile %s/chrony.drift\npidfile %s/chrony.pid\n' \
	"$DIR" "$DIR" >"$DIR/conf/chrony.conf"
start chrony chronyd -d -x -u root -f "$DIR/conf/chrony.conf"
# the hostile servers (127.0.20.x), each misbehaving in its own way; real answers from auth1
rm -f "$DIR/hostile.ready" "$DIR/latency.ready"
if [ -n "${TESTBED_LATENCY:-}" ]; then
	# latency mode: the authoritative servers listen on port 5353 (build.py), and latency.py
	# fronts each on port 53, delaying every exchange by RTT_MS (plus or minus JITTER_MS/2)
	rtt=${TESTBED_LATENCY%%:*}
	jitter=0
	case $TESTBED_LATENCY in *:*) jitter=${TESTBED_LATENCY#*:} ;; esac
	HOSTILE_PORT=5353 start hostile /usr/bin/python3 "$HERE/hostile.py" "$DIR" 127.0.10.1
	# shellcheck disable=SC2046 # one argument per address
	start latency /usr/bin/python3 "$HERE/latency.py" "$DIR" "$rtt" "$jitter" $(cat "$DIR/conf/latency.addrs")
	i=0
	while [ ! -f "$DIR/latency.ready" ] && [ $i -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
else
	start hostile /usr/bin/python3 "$HERE/hostile.py" "$DIR" 127.0.10.1
fi
# ns4.auth.srv. (127.0.10.9) never answers: every packet to it is dropped, UDP and TCP alike
nft add table inet testbed &&
	nft add chain inet testbed input '{ type filter hook input priority 0; }' &&
	nft add rule inet testbed input ip daddr 127.0.10.9 drop || {
	echo "netns-init: nft could not install the black hole for 127.0.10.9" >&2
	touch "$DIR/failed"
	stop
}

# authoritative servers first; the resolvers need them
wait_for() { # wait_for ADDRESS QNAME: up to 20 s for an answer
	i=0
	while [ $i -lt 100 ]; do
		if dig +norec +time=1 +tries=1 @"$1" "$2" SOA >/dev/null 2>&1; then return 0; fi
		i=$((i + 1))
		sleep 0.2
	done
	echo "netns-init: no answer from $1 for $2" >&2
	return 1
}
ok=1
wait_for 127.0.1.1 . || ok=0
wait_for 127.0.2.1 example. || ok=0
wait_for 127.0.10.1 bravo.example. || ok=0
wait_for 127.0.10.2 bravo.example. || ok=0
wait_for 127.0.10.3 unrelated. || ok=0
wait_for 127.0.3.1 charlie.example. || ok=0
i=0
while [ ! -f "$DIR/hostile.ready" ] && [ $i -lt 100 ]; do
	i=$((i + 1))
	sleep 0.1
done
[ -f "$DIR/hostile.ready" ] || { echo "netns-init: hostile.py did not start" >&2; ok=0; }
for conf in "$DIR"/conf/unbound-*.conf; do
	inst=$(basename "$conf" .conf)
	start "$inst" unbound -d -c "$conf"
done
# BIND as a validating resolver (-g: foreground, log to stderr; it runs as this namespace's root).
# BIND listens only on addresses an interface has, and 127.0.0.1/8 on lo is one address to it
ip addr add 127.0.5.4/32 dev lo
start named named -g -n 1 -c "$DIR/conf/named.conf"
i=0
while [ $i -lt 100 ]; do
	if dig +time=1 +tries=1 @127.0.5.1 . SOA >/dev/null 2>&1 &&
		dig +time=1 +tries=1 @127.0.5.2 . SOA >/dev/null 2>&1 &&
		dig +time=1 +tries=1 @127.0.5.3 . SOA >/dev/null 2>&1 &&
		dig +time=1 +tries=1 @127.0.5.4 . SOA >/dev/null 2>&1 &&
		dig +time=1 +tries=1 @127.0.5.5 . SOA >/dev/null 2>&1; then break; fi
	i=$((i + 1))
	sleep 0.2
done
[ $i -lt 100 ] || { echo "netns-init: resolvers do not answer" >&2; ok=0; }

if [ $ok -eq 1 ]; then
	touch "$DIR/ready"
else
	touch "$DIR/failed"
	stop
fi
# a forgotten testbed (a killed test run) stops itself after TESTBED_LIFETIME seconds
lifetime=${TESTBED_LIFETIME:-7200}
while [ "$lifetime" -gt 0 ]; do
	sleep 10 &
	wait $!
	lifetime=$((lifetime - 10))
done
stop
