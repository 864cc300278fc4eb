#!/bin/sh
# testbed.sh - the private DNS hierarchy of dnssec-doctor's tests, on real servers (NSD, Knot
# DNS, Unbound) inside a private network namespace made with "unshare -rn": no root needed,
# nothing touches the host's port 53.
#
#   testbed.sh build          build keys, zones, signatures, faults and configs (build.py)
#   testbed.sh start          build, then start every server in a new namespace
#   testbed.sh exec CMD...    run CMD inside the running testbed's namespace
#   testbed.sh run CMD...     start, run CMD inside, stop; exits with CMD's status
#   testbed.sh shell          start, open $SHELL inside (dig @127.0.5.1 ...), stop on exit
#   testbed.sh stop           stop the servers this testbed started, and the namespace
#   testbed.sh status         say whether it runs, and where
#
# TESTBED_DIR (default: build/testbed under the repository) holds everything it writes;
# manifest.json there lists the scenarios, servers, resolvers and trust anchors.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DIR=${TESTBED_DIR:-$REPO/build/testbed}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
export TESTBED_DIR="$DIR"

need() {
	for t in unshare nsenter ip nsd knotd unbound chronyd dig dnssec-keygen dnssec-signzone ldns-signzone /usr/bin/python3; do
		command -v "$t" >/dev/null 2>&1 || {
			echo "testbed: '$t' is missing; run scripts/install-deps.sh" >&2
			exit 1
		}
	done
}

running() {
	[ -f "$DIR/holder.pid" ] && kill -0 "$(cat "$DIR/holder.pid")" 2>/dev/null
}

build() {
	need
	/usr/bin/python3 "$HERE/build.py" "$DIR"
}

start() {
	if running; then
		echo "testbed: already running (pid $(cat "$DIR/holder.pid"))" >&2
		return 0
	fi
	build
	rm -f "$DIR/ready" "$DIR/failed" "$DIR/holder.pid"
	mkdir -p "$DIR/log"
	# setsid: the namespace holder outlives this script and has its own process group
	setsid unshare -rn sh "$HERE/netns-init.sh" "$DIR" >"$DIR/log/holder.out" 2>&1 </dev/null &
	i=0
	while [ ! -f "$DIR/ready" ] && [ ! -f "$DIR/failed" ] && [ $i -lt 300 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	if [ ! -f "$DIR/ready" ]; then
		echo "testbed: servers did not come up; logs in $DIR/log:" >&2
		cat "$DIR/log/holder.out" >&2 || true
		tail -n 5 "$DIR"/log/*.out "$DIR"/log/*.log 2>/dev/null >&2 || true
		stop
		exit 1
	fi
	echo "testbed: running in namespace of pid $(cat "$DIR/holder.pid"); validating resolver 127.0.5.1, non-validating 127.0.5.2"
}

enter() {
	running || { echo "testbed: not running (testbed.sh start)" >&2; exit 1; }
	nsenter --preserve-credentials -U -n -t "$(cat "$DIR/holder.pid")" -- "$@"
}

stop() {
	if running; then
		pid=$(cat "$DIR/holder.pid")
		kill "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
			i=$((i + 1))
			sleep 0.1
		done
	fi
	rm -f "$DIR/holder.pid" "$DIR/ready"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
build) build ;;
start) start ;;
exec) enter "$@" ;;
run)
	start >/dev/null
	status=0
	enter "$@" || status=$?
	stop
	exit $status
	;;
shell)
	start
	status=0
	enter "${SHELL:-/bin/sh}" || status=$?
	stop
	exit $status
	;;
stop) stop ;;
status)
	if running; then echo "testbed: running (pid $(cat "$DIR/holder.pid")), files in $DIR"
	else echo "testbed: stopped, files in $DIR"; fi
	;;
*)
	sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
	[ -z "$cmd" ] && exit 1
	[ "$cmd" = "-h" ] || [ "$cmd" = "--help" ] || exit 1
	;;
esac
