#!/bin/sh
# crosscheck-sign.sh DNSSEC-DOCTOR VERIFY_SIGS - zones signed by dnssec-signzone (NSEC and
# NSEC3) and ldns-signzone with fresh keys of every supported algorithm: every RRSIG must
# verify with the library, and one flipped bit in a signature, the RRset or the key must make
# each one fail (verify_sigs --flip).
. "$(dirname "$0")/common.sh"
need dnssec-keygen dnssec-signzone ldns-signzone

write_zone() { # write_zone FILE ORIGIN
	cat >"$1" <<ZONE
\$ORIGIN $2
\$TTL 300
@ SOA ns1 hostmaster 1 3600 600 86400 300
  NS ns1
  NS ns2.other.example.
  MX 10 Mail
ns1 A 192.0.2.53
www A 192.0.2.1
www A 192.0.2.2
www AAAA 2001:db8::1
WWW2 TXT "hello" "world"
*.wild A 192.0.2.9
a.b.c.ent A 192.0.2.10
alias CNAME www
srv._tcp SRV 0 5 443 Www.$2
sub NS ns.sub
ns.sub A 192.0.2.54
sub DS 12345 13 2 0000000000000000000000000000000000000000000000000000000000000000
insecure NS ns.elsewhere.example.
ZONE
}

for spec in $ALGS; do
	alg=${spec%%:*} bits=${spec#*:}
	zone=$(echo "$alg" | tr 'A-Z' 'a-z').test.
	d=$TMP/$alg
	mkdir -p "$d"
	ksk=$(keygen "$d" "$zone" "$alg" "$bits" ksk)
	zsk=$(keygen "$d" "$zone" "$alg" "$bits")
	write_zone "$d/unsigned.zone" "$zone"

	# RSASHA1 (5) predates NSEC3 (RFC 5155 2): NSEC only
	variants="bind-nsec ldns-nsec"
	[ "$alg" != RSASHA1 ] && variants="$variants bind-nsec3 ldns-nsec3"
	{ cat "$d/unsigned.zone" "$d/$ksk.key" "$d/$zsk.key"; } >"$d/with-keys.zone"
	for v in $variants; do
		case $v in
		bind-nsec) dnssec-signzone -q -S -K "$d" -o "$zone" -f "$d/$v.zone" "$d/unsigned.zone" ;;
		bind-nsec3) dnssec-signzone -q -3 - -S -K "$d" -o "$zone" -f "$d/$v.zone" "$d/unsigned.zone" ;;
		ldns-nsec) ldns-signzone -f "$d/$v.zone" "$d/with-keys.zone" "$d/$ksk" "$d/$zsk" ;;
		ldns-nsec3) ldns-signzone -n -f "$d/$v.zone" "$d/with-keys.zone" "$d/$ksk" "$d/$zsk" ;;
		esac >/dev/null
	done

	for signed in $variants; do
		if "$VERIFY" --flip "$d/$signed.zone" "$zone" >"$TMP/out" 2>&1; then
			ok
			echo "$alg $signed: $(tail -n 1 "$TMP/out")"
		else
			bad "$alg $signed"
			cat "$TMP/out"
		fi
	done

	# a signed zone verified after its signatures expired must fail
	if "$VERIFY" "$d/bind-nsec.zone" "$zone" 4102444800 >/dev/null 2>&1; then
		bad "$alg: verified in 2100"
	else
		ok
	fi
done
finish
