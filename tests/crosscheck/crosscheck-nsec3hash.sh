#!/bin/sh
# crosscheck-nsec3hash.sh DNSSEC-DOCTOR VERIFY_SIGS - "dnssec-doctor nsec3hash" against BIND's
# nsec3hash on random salts, iteration counts and mixed-case names, in both argument forms.
. "$(dirname "$0")/common.sh"
need nsec3hash od
N=${CROSSCHECK_NSEC3_CASES:-150}
i=0
while [ "$i" -lt "$N" ]; do
	i=$((i + 1))
	rnd=$(od -An -N8 -tu2 /dev/urandom | tr -s ' ')
	set -- $rnd
	saltlen=$(($1 % 12))
	iters=$(($2 % 300))
	if [ "$saltlen" -eq 0 ]; then
		salt=-
	else
		salt=$(od -An -N"$saltlen" -tx1 /dev/urandom | tr -d ' \n')
		[ $(($3 % 2)) -eq 0 ] && salt=$(echo "$salt" | tr 'a-f' 'A-F')
	fi
	label=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	[ $(($4 % 2)) -eq 0 ] && label=$(echo "$label" | tr 'a-f' 'A-F')
	name="$label.Example.COM"
	[ $(($4 % 3)) -eq 0 ] && name="$name."
	nsec3hash "$salt" 1 "$iters" "$name" >"$TMP/want" 2>&1
	"$DD" nsec3hash "$salt" 1 "$iters" "$name" >"$TMP/got" 2>&1
	same "nsec3hash $salt 1 $iters $name" "$TMP/want" "$TMP/got"
	nsec3hash -r 1 1 "$iters" "$salt" "$name" >"$TMP/want" 2>&1
	"$DD" nsec3hash -r 1 1 "$iters" "$salt" "$name" >"$TMP/got" 2>&1
	same "nsec3hash -r 1 1 $iters $salt $name" "$TMP/want" "$TMP/got"
done
# both refuse an unknown hash algorithm and bad hex
for args in "aabb 2 1 example" "zz 1 1 example"; do
	# shellcheck disable=SC2086
	if nsec3hash $args >/dev/null 2>&1; then bad "nsec3hash accepted $args"; fi
	# shellcheck disable=SC2086
	if "$DD" nsec3hash $args >/dev/null 2>&1; then bad "dnssec-doctor accepted $args"; else ok; fi
done
finish
