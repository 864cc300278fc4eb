#!/bin/bash
# check-completion.sh DNSSEC-DOCTOR COMPLETION - the bash completion stays in sync with --help:
# run its completion function (under bash-completion, as an interactive shell would) and check
# that it offers exactly the commands of "dnssec-doctor --help", exactly the long options of
# each command's --help, and the fixed values of --color and --format.
set -eu
DD=$1
COMPLETION=$2
BC=/usr/share/bash-completion/bash_completion
[ -r "$BC" ] || { echo "FAIL: $BC missing (Debian package bash-completion)"; exit 1; }
set +eu  # bash-completion is not written for set -eu
# shellcheck source=/dev/null
. "$BC"
# shellcheck source=/dev/null
. "$COMPLETION"
passed=0 failed=0

# complete WORD...: what the completion offers for the last WORD, sorted, one per line
complete_words() {
	COMP_WORDS=(dnssec-doctor "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_dnssec_doctor dnssec-doctor "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sort -u
}

# same WHAT EXPECTED GOT: compare two sorted lists
same() {
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL: $1"
		diff <(echo "$2") <(echo "$3") | sed -n 's/^</  --help has, completion lacks:/p; s/^>/  completion has, --help lacks:/p'
		failed=$((failed + 1))
	fi
}

commands=$("$DD" --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{on=0}' | sort)
[ -n "$commands" ] || { echo "FAIL: no commands in --help"; exit 1; }
same "commands" "$(printf '%s\n--help\n--version\n' "$commands" | sort -u)" "$(complete_words '')"
for c in $commands; do
	same "$c long options" "$("$DD" "$c" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)" \
		"$(complete_words "$c" --)"
done
same "diagnose --color values" "$(printf 'always\nauto\nnever\n')" "$(complete_words diagnose --color '')"
same "monitor --format values" "$(printf 'json\nnagios\nprometheus\ntext\n')" \
	"$(complete_words monitor --format '')"
same "check-zone --format values" "$(printf 'html\njson\ntext\n')" \
	"$(complete_words check-zone --format '')"
# the values offered are the values --help lists
for v in text json html; do
	"$DD" check-zone --help | grep -A1 -- "--format" | grep -q -- "$v" || { echo "FAIL: check-zone --help no longer lists --format $v"; failed=$((failed + 1)); }
done
for v in auto always never; do
	"$DD" check-zone --help | grep -q -- "--color.*$v" || { echo "FAIL: check-zone --help no longer lists --color $v"; failed=$((failed + 1)); }
done
for v in text json nagios prometheus; do
	"$DD" monitor --help | grep -q -- "--format.*$v" || { echo "FAIL: monitor --help no longer lists --format $v"; failed=$((failed + 1)); }
done
same "check-zone --level values" "$(printf 'error\nnotice\nwarning\n')" \
	"$(complete_words check-zone --level '')"
for c in diagnose check-zone; do
	for v in error warning notice; do
		"$DD" "$c" --help | grep -A1 -- "--level" | grep -q -- "$v" || { echo "FAIL: $c --help no longer lists --level $v"; failed=$((failed + 1)); }
	done
done
same "diagnose --level then NAME TYPE" "DNSKEY" \
	"$(complete_words diagnose --level error example.com DNSK)"
same "diagnose NAME TYPE" "DNSKEY" "$(complete_words diagnose example.com DNSK)"
# dig's forms: a TYPE after @SERVER NAME and after IN, -t TYPE, -c IN; "help" offers the commands
same "diagnose @SERVER NAME TYPE" "DNSKEY" "$(complete_words diagnose @192.0.2.53 example.com DNSK)"
same "diagnose NAME IN TYPE" "DNSKEY" "$(complete_words diagnose example.com IN DNSK)"
same "diagnose -t TYPE" "DNSKEY" "$(complete_words diagnose -t dnsk)"
same "diagnose -c CLASS" "IN" "$(complete_words diagnose -c '')"
same "help COMMAND" "$(grep -vx help <<<"$commands")" "$(complete_words help '')"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
