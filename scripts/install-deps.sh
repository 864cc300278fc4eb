#!/bin/sh
# install-deps.sh - install every Debian 12 package that dnssec-doctor's build, tests, testbed,
# benchmarks and demo need. Idempotent: packages already present are not fetched again.
# Works as root, uses sudo otherwise, and stops with a clear message when neither is possible.
set -eu

# Build and library dependencies (see README "Dependencies" for why each one).
BUILD="meson ninja-build pkg-config gcc clang libclang-rt-14-dev
       libknot-dev libssl-dev libuv1-dev libunbound-dev libevent-dev libjansson-dev libcmocka-dev zlib1g-dev
       libsqlite3-dev libmicrohttpd-dev libgraphviz-dev"
# Reference tools, signers, servers and resolvers used by the tests, the testbed and the benchmarks.
TOOLS="bind9 bind9-utils bind9-dnsutils ldnsutils nsd knot knot-dnssecutils knot-dnsutils unbound
       validns dnsviz python3-pygraphviz chromium util-linux iproute2 nftables procps python3 python3-dnspython valgrind chrony prometheus"

PKGS="$BUILD $TOOLS"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: need root or password-less sudo to install them; run as root or install them yourself" >&2
	exit 1
fi

echo "install-deps: installing:$missing"
# The daemons (nsd, knot, unbound) must not be started by their packages: they would bind the
# host's port 53. The testbed starts its own instances inside a private network namespace.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
	$SUDO chmod 755 "$policy"
	own_policy=1
fi
cleanup() { [ "$own_policy" -eq 1 ] && $SUDO rm -f "$policy"; return 0; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || echo "install-deps: apt-get update failed; trying with the cached lists" >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
echo "install-deps: done"
