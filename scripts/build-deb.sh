#!/bin/sh
# build-deb.sh - build the Debian packages (dnssec-doctor, libdnssecdoctor0, libdnssecdoctor-dev)
# from a clean copy of the tree, check them with lintian, install them with apt on this machine,
# smoke-test what was installed, then remove and purge them and check nothing is left.
#
#   ./scripts/build-deb.sh                            # the package build runs the unit + cli suites
#   DEB_BUILD_OPTIONS=nocheck ./scripts/build-deb.sh  # no tests inside the build
#
# .ci/run calls it with the tests: the package is the one build made with Debian's flags
# (dpkg-buildflags, hardening=+all, buildtype plain), and they cost about 30 s of its ~2 min
# (measured on the 2-core CI machine: 1.5 min with nocheck, 2 min without).
#
# The clean copy holds the files git tracks or would track (not ignored), as they are in the working tree (edits
# included, untracked files and build directories left out). The packages end in build-deb/.
# It installs and purges packages: run it as root (or with password-less sudo) on a build or CI
# machine, not where dnssec-doctor's packages are in use. Any failure exits non-zero.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/build-deb

./scripts/install-deps.sh

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive

VERSION=$(dpkg-parsechangelog -l debian/changelog -SVersion)
ARCH=$(dpkg-architecture -qDEB_HOST_ARCH)
MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
PKGS="dnssec-doctor libdnssecdoctor0 libdnssecdoctor-dev"
start=$(date +%s)
step() { echo "== build-deb: $* ($(($(date +%s) - start)) s)"; }

# --- a clean tree -----------------------------------------------------------------------
WORK=$(mktemp -d /tmp/build-deb.XXXXXX)
chmod 755 "$WORK"   # apt reads the .debs as the unprivileged _apt user
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
SRC=$WORK/dnssec-doctor-$VERSION
mkdir "$SRC"
git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$SRC"

# the unit suite's third-party zones (README "Building by hand"), found as tests/unit/meson.build
# finds them; only used when the build runs its tests
if [ -z "${DD_SHARED_DIR:-}" ]; then
	for cand in "$ROOT/../shared" "$(git config --get remote.origin.url 2>/dev/null || true)/../shared"; do
		if [ -d "$cand/data" ]; then DD_SHARED_DIR=$(cd "$cand" && pwd); break; fi
	done
fi
export DD_SHARED_DIR="${DD_SHARED_DIR:-}"

# --- build --------------------------------------------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT"
step "source package (3.0 native) for lintian's source checks"
(cd "$WORK" && dpkg-source -b "dnssec-doctor-$VERSION" >/dev/null)
step "dpkg-buildpackage -us -uc -b (DEB_BUILD_OPTIONS='${DEB_BUILD_OPTIONS:-}')"
if ! (cd "$SRC" && dpkg-buildpackage -us -uc -b >"$OUT/build.log" 2>&1); then
	tail -n 60 "$OUT/build.log"
	echo "build-deb: dpkg-buildpackage failed (log above, whole in $OUT/build.log)" >&2
	exit 1
fi
grep -E '^dpkg-gensymbols: |^dpkg-shlibdeps: ' "$OUT/build.log" || true

# --- lintian ------------------------------------------------------------------------------
# No error and no warning may remain: each warning kept is overridden, with the reason, in
# debian/source/lintian-overrides or debian/<package>.lintian-overrides.
step "lintian"
CHANGES=$WORK/dnssec-doctor_${VERSION}_${ARCH}.changes
if ! lintian --fail-on error,warning --info --display-level '>=warning' \
	"$CHANGES" "$WORK/dnssec-doctor_${VERSION}.dsc"; then
	echo "build-deb: lintian reports errors or warnings (above)" >&2
	exit 1
fi

cp "$WORK"/*.deb "$CHANGES" "$OUT/"

# --- install ------------------------------------------------------------------------------
step "apt install ./*.deb"
DEBS=""
for p in $PKGS; do DEBS="$DEBS $WORK/${p}_${VERSION}_${ARCH}.deb"; done
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --reinstall --allow-downgrades $DEBS

# --- smoke tests of what apt installed ---------------------------------------------------
step "smoke tests"
DD=/usr/bin/dnssec-doctor   # not the PATH's: a source build may sit in /usr/local/bin
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "PASS: $1"; }
ko() { failed=$((failed + 1)); echo "FAIL: $1"; }
# expect WHAT WANT_STATUS WANT_OUTPUT CMD...: CMD exits WANT_STATUS and its first line of output
# is WANT_OUTPUT
expect() {
	what=$1 want_rc=$2 want_out=$3
	shift 3
	rc=0
	out=$("$@" 2>&1) || rc=$?
	first=$(printf '%s\n' "$out" | head -n 1)
	if [ "$rc" -eq "$want_rc" ] && [ "$first" = "$want_out" ]; then ok "$what"; else
		ko "$what: exit $rc (want $want_rc), got '$first', want '$want_out'"; fi
}

UPSTREAM=${VERSION%%-*}
expect "--version" 0 "dnssec-doctor $UPSTREAM (libdnssecdoctor $UPSTREAM)" "$DD" --version
lib=$(ldd "$DD" | awk '$1 == "libdnssecdoctor.so.0" {print $3}')
if [ "$lib" = "/lib/$MULTIARCH/libdnssecdoctor.so.0" ] || [ "$lib" = "/usr/lib/$MULTIARCH/libdnssecdoctor.so.0" ]; then
	ok "the command runs on the packaged library ($lib)"; else
	ko "the command loads libdnssecdoctor.so.0 from '$lib', not the package's (a /usr/local copy?)"; fi
# RFC 6605 6.1: the DS of the P-256 example KSK
expect "ds on the RFC 6605 P-256 key" 0 \
	"example.net. IN DS 55648 13 2 B4C8C1FE2E7477127B27115656AD6256F424625BF5C1E2770CE6D6E37DF61D17" \
	"$DD" ds tests/unit/data/rfc6605-p256.zone
# RFC 5155 Appendix A: valid in 2010 (warnings: algorithm 7, SHA-1 DS), expired today
expect "check-zone on RFC 5155 Appendix A, inside its window" 1 "WARNINGS example." \
	"$DD" check-zone -q --at 2010-01-01 -o example. tests/unit/data/rfc5155-appA.zone
expect "check-zone on RFC 5155 Appendix A, today (expired)" 2 "ERRORS example." \
	"$DD" check-zone -q -o example. tests/unit/data/rfc5155-appA.zone
expect "diagnose --replay on saved evidence (half-done KSK rollover)" 2 \
	"www.coral.example. A is bogus: A KSK rollover was left half done (ROLLOVER_INCOMPLETE, in coral.example.)" \
	"$DD" diagnose --replay tests/unit/data/evidence/coral.example.json
if [ "$(man -w dnssec-doctor 2>/dev/null)" = /usr/share/man/man1/dnssec-doctor.1.gz ]; then
	ok "man page"; else ko "man -w dnssec-doctor: '$(man -w dnssec-doctor 2>&1)'"; fi
compl=$(bash -c '. /usr/share/bash-completion/bash_completion; _completion_loader dnssec-doctor; complete -p dnssec-doctor' 2>&1 || true)
if [ "$compl" = "complete -F _dnssec_doctor dnssec-doctor" ]; then ok "bash completion loads on demand"; else
	ko "bash completion: '$compl'"; fi
if [ -f /usr/share/doc/dnssec-doctor/examples/dnssec-doctor.rules.yml ] &&
	promtool check rules /usr/share/doc/dnssec-doctor/examples/dnssec-doctor.rules.yml >/dev/null; then
	ok "Prometheus rules under /usr/share/doc, valid for promtool"; else ko "Prometheus rules"; fi
if dpkg-query -W -f='${Conffiles}\n' dnssec-doctor | grep -q '^ /etc/dnssec-doctor/zones '; then
	ok "/etc/dnssec-doctor/zones is a conffile"; else ko "/etc/dnssec-doctor/zones is not a conffile"; fi
home=$(getent passwd dnssec-doctor | cut -d: -f6,7)
if [ "$home" = /var/lib/dnssec-doctor:/usr/sbin/nologin ] &&
	[ "$(stat -c %U:%G:%a /var/lib/dnssec-doctor)" = dnssec-doctor:dnssec-doctor:755 ]; then
	ok "system user dnssec-doctor owns /var/lib/dnssec-doctor"; else
	ko "user or state directory: '$home', $(stat -c %U:%G:%a /var/lib/dnssec-doctor 2>&1)"; fi
# the monitor as the service runs it (its user, STATE_DIRECTORY), on a root that refuses at
# once (hints to 127.0.0.1): the zone is UNKNOWN (exit 3), the run is recorded in the default
# database
printf 'example.\n' >"$WORK/zones"
printf '. 3600000 IN NS a.root-servers.net.\na.root-servers.net. 3600000 IN A 127.0.0.1\n' >"$WORK/hints"
chmod 644 "$WORK/zones" "$WORK/hints"
rc=0
$SUDO runuser -u dnssec-doctor -- env STATE_DIRECTORY=/var/lib/dnssec-doctor "$DD" monitor --once \
	--zones "$WORK/zones" --hints "$WORK/hints" --timeout 0.5 >/dev/null 2>&1 || rc=$?
if [ "$rc" -eq 3 ] && [ "$(stat -c %U /var/lib/dnssec-doctor/monitor.db 2>&1)" = dnssec-doctor ]; then
	ok "monitor as dnssec-doctor keeps its state in /var/lib/dnssec-doctor/monitor.db"; else
	# shellcheck disable=SC2012 # a listing for the reader
	ko "monitor as dnssec-doctor: exit $rc, $(ls -l /var/lib/dnssec-doctor 2>&1 | tr '\n' ' ')"; fi
# systemd-analyze verify loads the units offline (no running systemd needed): syntax, the
# timer's unit, the ExecStart binary, the man page Documentation= names
if out=$(systemd-analyze verify /lib/systemd/system/dnssec-doctor-monitor.service \
	/lib/systemd/system/dnssec-doctor-monitor.timer 2>&1) && [ -z "$out" ]; then
	ok "systemd-analyze verify: service and timer"; else ko "systemd-analyze verify: $out"; fi
if [ "$(systemctl is-enabled dnssec-doctor-monitor.timer 2>/dev/null || true)" = disabled ]; then
	ok "the timer is installed, not enabled"; else
	ko "timer state: '$(systemctl is-enabled dnssec-doctor-monitor.timer 2>&1 || true)'"; fi
# the -dev package: a program built with pkg-config against the installed headers and library
cat >"$WORK/api.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <dd/dd.h>
int main(void)
{
	const char *s = dd_strerror(DD_EMALFORMED);
	puts(s);
	return s != NULL && strlen(s) > 0 ? 0 : 1;
}
EOF
# shellcheck disable=SC2046 # pkg-config's flags are words
if cc -std=c11 -Wall -Werror -o "$WORK/api" "$WORK/api.c" $(pkg-config --cflags --libs libdnssecdoctor) &&
	"$WORK/api" >/dev/null; then
	ok "libdnssecdoctor-dev: build and run a program with pkg-config libdnssecdoctor"; else
	ko "libdnssecdoctor-dev: cannot build or run a program against it"; fi
# the library exports exactly the functions the installed headers declare DD_API
grep -h '^DD_API' /usr/include/dd/*.h | grep -o '^DD_API[^(]*' | grep -o '[A-Za-z_0-9]*$' | sort >"$WORK/api.txt"
nm -D --defined-only "/usr/lib/$MULTIARCH/libdnssecdoctor.so.0" | awk '{print $3}' | sort >"$WORK/exported.txt"
if [ -s "$WORK/api.txt" ] && cmp -s "$WORK/api.txt" "$WORK/exported.txt"; then
	ok "the library exports exactly the $(wc -l <"$WORK/api.txt") DD_API functions"; else
	ko "exports differ from the DD_API declarations:"; diff "$WORK/api.txt" "$WORK/exported.txt" || true; fi

# --- remove, then purge -------------------------------------------------------------------
step "apt remove, then purge"
# shellcheck disable=SC2086
$SUDO apt-get remove -y -qq $PKGS >/dev/null
if [ -f /etc/dnssec-doctor/zones ] && [ ! -e "$DD" ]; then ok "remove keeps the conffile, removes the command"; else
	ko "after remove: zones $(ls /etc/dnssec-doctor 2>&1), command $(ls "$DD" 2>&1)"; fi
# purge what remove left (the packages with conffiles); apt-get purge does not know a package
# that is gone entirely and came from a file, not an archive
purge=""
for p in $PKGS; do
	case $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) in *config-files) purge="$purge $p" ;; esac
done
# shellcheck disable=SC2086
[ -z "$purge" ] || $SUDO apt-get purge -y -qq $purge >/dev/null
left=""
for f in /etc/dnssec-doctor /var/lib/dnssec-doctor /usr/include/dd /usr/lib/sysusers.d/dnssec-doctor.conf \
	/lib/systemd/system/dnssec-doctor-monitor.service /lib/systemd/system/dnssec-doctor-monitor.timer \
	/usr/share/doc/dnssec-doctor "/usr/lib/$MULTIARCH/libdnssecdoctor.so.0"; do
	[ -e "$f" ] && left="$left $f"
done
left="$left$(find /etc/systemd /var/lib/systemd/deb-systemd-helper-enabled /var/lib/systemd/deb-systemd-helper-masked \
	-name 'dnssec-doctor*' 2>/dev/null | tr '\n' ' ')"
for p in $PKGS; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case $status in "" | *not-installed) ;; *) left="$left [$p: $status]" ;; esac
done
if [ -z "$(echo "$left" | tr -d ' ')" ]; then ok "purge leaves no file, state or package behind (the system user stays)"; else
	ko "left after purge:$left"; fi

step "done"
echo "build-deb: $passed passed, $failed failed; packages in $OUT"
[ "$failed" -eq 0 ]
