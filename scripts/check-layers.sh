#!/bin/sh
# check-layers.sh [--src DIR] [--archive FILE] [--exceptions FILE] BUILD_DIR
#
# Fail when the library (src/lib) steps back up its layers (docs/architecture.md, "Layers"):
#   - a call or data reference from one file to a symbol defined in a layer it may not use,
#     read from the built objects of the static core dd_core (nm: every undefined symbol is
#     mapped to the object, hence the source file and folder, that defines it);
#   - a circle of calls between files of one layer (no layer may call itself round);
#   - an #include of an internal header ("crypto/b64.h", "xfer.h") of a layer it may not use;
#   - a third-party library outside its layers, both as an #include and as a symbol it calls
#     (libknot/libzscanner only in dns/, OpenSSL only in crypto/, libuv and libunbound only in
#     probe/, jansson only in the evidence and report/, SQLite only in monitor/, zlib only in
#     dns/, libmicrohttpd nowhere in the library, Graphviz only in report/).
# Public headers (dd/*.h) are the API's vocabulary: any layer may include them, and they may
# include no third-party or internal header.
#
# Each problem is one line naming the file (and line), the symbol or header and the edge. A
# deliberate, temporary one is listed with its reason in the exceptions file (default
# scripts/layers-exceptions.txt); an exception that matches nothing any more is a failure too,
# so the list only shrinks. Exit 0 clean, 1 problems found, 2 could not check.
set -eu

me=check-layers
src=$(cd "$(dirname "$0")/.." && pwd)
archive=
exceptions=
build=
while [ $# -gt 0 ]; do
	case $1 in
	--src) src=$2; shift 2 ;;
	--archive) archive=$2; shift 2 ;;
	--exceptions) exceptions=$2; shift 2 ;;
	-h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "$me: unknown option $1" >&2; exit 2 ;;
	*) build=$1; shift ;;
	esac
done
if [ -z "$build" ] && [ -z "$archive" ]; then
	echo "usage: $me [--src DIR] [--archive FILE] [--exceptions FILE] BUILD_DIR" >&2
	exit 2
fi
archive=${archive:-$build/src/lib/libdd_core.a}
exceptions=${exceptions:-$src/scripts/layers-exceptions.txt}
lib=$src/src/lib
[ -f "$archive" ] || { echo "$me: no static core at $archive (build first)" >&2; exit 2; }
[ -d "$lib" ] || { echo "$me: no library sources at $lib" >&2; exit 2; }
[ -f "$exceptions" ] || { echo "$me: no exceptions file $exceptions" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The layers, bottom to top, and the layers each may use (call, reference, include). Keep in
# step with docs/architecture.md. A layer not listed after another's name is out of its reach:
# siblings (crypto, finding, evidence; validate, probe; analysis, zone) do not use each other.
cat >"$tmp/layers" <<'EOF'
core
dns        core
crypto     dns core
finding    dns core
evidence   dns core
validate   finding crypto dns core
probe      evidence crypto dns core
analysis   validate finding evidence crypto dns core
zone       validate finding crypto dns core
preflight  validate finding evidence crypto dns core
diagnosis  analysis validate finding evidence crypto dns core
monitor    diagnosis analysis probe validate finding evidence crypto dns core
report     preflight monitor diagnosis analysis zone probe validate finding evidence crypto dns core
EOF

# Which layer each source belongs to: the longest matching path prefix under src/lib/. A folder
# is a layer; the few files still in another layer's folder (the finding vocabulary in core/)
# are named until they move (their future folder is listed already, so the move needs no change
# here).
cat >"$tmp/paths" <<'EOF'
core/                 core
dns/                  dns
crypto/               crypto
finding/              finding
core/finding.c        finding
core/finding_fill.h   finding
core/fmt.c            finding
core/fmt.h            finding
evidence/             evidence
validate/             validate
probe/                probe
analysis/             analysis
diagnosis/            diagnosis
zone/                 zone
preflight/            preflight
monitor/              monitor
report/               report
dd/                   public
EOF

# Third-party libraries: name, header (ERE on the #include target), symbols (ERE on what an
# object calls), the layers that may use it ("-": none in the library).
cat >"$tmp/thirdparty" <<'EOF'
libknot     ^(libknot|libzscanner)/        ^(knot_|zs_)                                              dns
OpenSSL     ^openssl/                      ^(EVP_|OPENSSL_|OSSL_|BN_|ERR_|EC_|ECDSA_|RSA_|CRYPTO_|i2d_|d2i_|PEM_|RAND_|SHA[0-9]) crypto
zlib        ^zlib[.]h$                     ^(gz[a-z]|inflate|deflate|crc32|adler32|zlib)             dns
libuv       ^uv([.]h$|/)                   ^uv_                                                      probe
libunbound  ^unbound[.]h$                  ^ub_                                                      probe
jansson     ^jansson[.]h$                  ^json_                                                    evidence report
SQLite      ^sqlite3[.]h$                  ^sqlite3_                                                 monitor
microhttpd  ^microhttpd[.]h$               ^MHD_                                                     -
Graphviz    ^(graphviz/)?(gvc|cgraph|cdt)[.]h$ ^(ag[a-z]|gv[A-Z]|gvFree)                           report
EOF

if ! ${NM:-nm} -P -A "$archive" >"$tmp/nm" 2>"$tmp/nm.err"; then
	echo "$me: ${NM:-nm} failed on $archive:" >&2
	cat "$tmp/nm.err" >&2
	exit 2
fi
(cd "$lib" && find . -type f \( -name '*.c' -o -name '*.h' \) | sed 's|^\./||' | sort) >"$tmp/files"
(cd "$lib" && grep -rnE --include='*.c' --include='*.h' \
	'^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' . | sed 's|^\./||') >"$tmp/inc" || true
case $exceptions in
"$src"/*) exname=${exceptions#"$src"/} ;;
*) exname=$exceptions ;;
esac

awk -v me="$me" -v exname="$exname" '
function layer_of(path,    i, best, bl) {
	best = ""; bl = -1
	for (i = 1; i <= npfx; i++) {
		if (substr(path, 1, length(pfx[i])) == pfx[i] && length(pfx[i]) > bl) {
			best = pl[i]; bl = length(pfx[i])
		}
	}
	return best
}
function may(a, b) { return a == b || ((a SUBSEP b) in allow) }
function problem(kind, file, what, msg,    key) {
	key = kind SUBSEP file SUBSEP what
	if (key in exc) { used[key] = 1; return }
	if ((key SUBSEP msg) in said) { return }
	said[key SUBSEP msg] = 1
	print me ": src/lib/" msg
	nprob++
}
FILENAME == ARGV[1] {   # layers
	if (NF == 0) { next }
	known[$1] = 1; uses[$1] = ""
	for (i = 2; i <= NF; i++) { allow[$1 SUBSEP $i] = 1; uses[$1] = uses[$1] (i > 2 ? " " : "") $i }
	nlayers++
	next
}
FILENAME == ARGV[2] {   # paths
	if (NF == 2) { npfx++; pfx[npfx] = $1; pl[npfx] = $2 }
	next
}
FILENAME == ARGV[3] {   # third-party
	if (NF < 4) { next }
	ntp++; tpn[ntp] = $1; tph[ntp] = $2; tps[ntp] = $3; tpl[ntp] = ""
	for (i = 4; i <= NF; i++) {
		if ($i != "-") { tpok[ntp SUBSEP $i] = 1; tpl[ntp] = tpl[ntp] (tpl[ntp] == "" ? "" : " ") $i }
	}
	next
}
FILENAME == ARGV[4] {   # sources present
	exists[$0] = 1
	next
}
FILENAME == ARGV[5] {   # exceptions: KIND FILE WHAT # reason
	line = $0
	sub(/^[ \t]+/, "", line)
	if (line == "" || substr(line, 1, 1) == "#") { next }
	h = index(line, "#")
	reason = h ? substr(line, h + 1) : ""
	gsub(/[ \t]/, "", reason)
	body = h ? substr(line, 1, h - 1) : line
	sub(/[ \t]+$/, "", body)
	n = split(body, f, " ")
	sub(/^src\/lib\//, "", f[2])
	if (n != 3 || (f[1] != "call" && f[1] != "uses" && f[1] != "include") || reason == "") {
		print me ": " exname ":" FNR ": not \"call|uses|include FILE SYMBOL-OR-HEADER # reason\": " $0
		nprob++
		next
	}
	key = f[1] SUBSEP f[2] SUBSEP f[3]
	exc[key] = FNR; exctext[key] = body
	next
}
FILENAME == ARGV[6] {   # nm -P -A: ARCHIVE[MEMBER]: SYMBOL TYPE [VALUE SIZE]
	i = index($0, "]: ")
	if (i == 0) { next }
	head = substr($0, 1, i - 1)
	if (!match(head, /\[[^[]*$/)) { next }
	member = substr(head, RSTART + 1)
	sub(/^.*\//, "", member)
	name = member
	sub(/\.o(bj)?$/, "", name)
	u = index(name, "_")
	srcf = u ? substr(name, 1, u - 1) "/" substr(name, u + 1) : name
	objsrc[member] = srcf
	split(substr($0, i + 3), f, " ")
	sym = f[1]; type = f[2]
	if (type == "U" || type == "w" || type == "v") {
		nu++; usrc[nu] = srcf; usym[nu] = sym
	} else if (type ~ /^[A-Z]$/ && !(sym in def)) {
		def[sym] = srcf
	}
	next
}
FILENAME == ARGV[7] {   # grep -rn: FILE:LINE:#include ...
	c1 = index($0, ":"); file = substr($0, 1, c1 - 1); rest = substr($0, c1 + 1)
	c2 = index(rest, ":"); lno = substr(rest, 1, c2 - 1); text = substr(rest, c2 + 1)
	if (!match(text, /[<"][^>"]+[>"]/)) { next }
	ni++; ifile[ni] = file; iline[ni] = lno
	itgt[ni] = substr(text, RSTART + 1, RLENGTH - 2)
	iangle[ni] = substr(text, RSTART, 1) == "<"
	next
}
END {
	nobj = 0
	for (m in objsrc) {
		nobj++
		s = objsrc[m]
		if (!(s in exists)) {
			print me ": object " m " has no source src/lib/" s " (is --src the tree this build was made from?)" > "/dev/stderr"
			bad = 1
		}
		L = layer_of(s)
		if (L == "" || L == "public") {
			problem("layer", s, "-", s ": in no layer: add its folder to the layer table of scripts/check-layers.sh and docs/architecture.md")
		}
	}
	if (bad) { exit 2 }
	if (nobj == 0) { print me ": no objects in the archive" > "/dev/stderr"; exit 2 }

	# calls and data references
	for (k = 1; k <= nu; k++) {
		s = usrc[k]; sym = usym[k]; L = layer_of(s)
		if (sym in def) {
			t = def[sym]
			if (t == s) { continue }
			T = layer_of(t)
			if (T == L) {
				if (!(("call" SUBSEP s SUBSEP sym) in exc)) {
					if (!((s SUBSEP t) in edge)) { nedge++; ea[nedge] = s; eb[nedge] = t }
					edge[s SUBSEP t] = edge[s SUBSEP t] (edge[s SUBSEP t] == "" ? "" : " ") sym
				} else {
					used["call" SUBSEP s SUBSEP sym] = 1
				}
				node[s] = L; node[t] = L
			} else if (!may(L, T)) {
				problem("call", s, sym, s ": upward call " L " -> " T ": " sym " (defined in src/lib/" t "); " L " may use only: " (uses[L] == "" ? "nothing of ours" : uses[L]))
			}
			continue
		}
		for (j = 1; j <= ntp; j++) {
			if (sym ~ tps[j] && !((j SUBSEP L) in tpok)) {
				problem("uses", s, sym, s ": calls " sym " of " tpn[j] ", which only " (tpl[j] == "" ? "the command (src/cli)" : tpl[j]) " may use (layer " L ")")
			}
		}
	}

	# includes
	for (k = 1; k <= ni; k++) {
		fn = ifile[k]; tg = itgt[k]; L = layer_of(fn)
		if (L == "") {
			problem("layer", fn, "-", fn ": in no layer: add its folder to the layer table of scripts/check-layers.sh and docs/architecture.md")
			continue
		}
		third = 0
		for (j = 1; j <= ntp; j++) {
			if (tg ~ tph[j]) {
				third = 1
				if (!((j SUBSEP L) in tpok)) {
					problem("include", fn, tg, fn ":" iline[k] ": includes <" tg "> of " tpn[j] ", which only " (tpl[j] == "" ? "the command (src/cli)" : tpl[j]) " may include (" (L == "public" ? "a public header" : "layer " L) ")")
				}
			}
		}
		if (third || iangle[k] || tg ~ /^dd\// || tg == "dd-config.h") { continue }
		p = tg
		if (index(tg, "/") == 0) {
			d = fn; sub(/[^\/]*$/, "", d); p = d tg
		}
		if (!(p in exists)) { continue }
		T = layer_of(p)
		if (L == "public") {
			problem("include", fn, tg, fn ":" iline[k] ": public header includes the internal header \"" tg "\" (layer " T ")")
		} else if (T != "public" && !may(L, T)) {
			problem("include", fn, tg, fn ":" iline[k] ": upward include " L " -> " T ": \"" tg "\"; " L " may use only: " (uses[L] == "" ? "nothing of ours" : uses[L]))
		}
	}

	# circles of calls within a layer (between layers the table above is already one-way)
	nn = 0
	for (x in node) { nn++; nd[nn] = x }
	for (e = 1; e <= nedge; e++) { reach[ea[e] SUBSEP eb[e]] = 1 }
	for (kk = 1; kk <= nn; kk++) {
		for (ii = 1; ii <= nn; ii++) {
			if (!((nd[ii] SUBSEP nd[kk]) in reach)) { continue }
			for (jj = 1; jj <= nn; jj++) {
				if ((nd[kk] SUBSEP nd[jj]) in reach) { reach[nd[ii] SUBSEP nd[jj]] = 1 }
			}
		}
	}
	for (e = 1; e <= nedge; e++) {
		a = ea[e]; b = eb[e]
		if (!((b SUBSEP a) in reach)) { continue }
		# (an excepted symbol is off the edge already; list the edge once with all it carries)
		print me ": src/lib/" a ": circular calls in " node[a] ": it uses " edge[a SUBSEP b] " of src/lib/" b ", which calls back into it (directly or through others); files of a layer call one way"
		nprob++
	}

	for (key in exc) {
		if (!(key in used)) {
			print me ": " exname ":" exc[key] ": stale exception \"" exctext[key] "\": nothing matches it any more; delete the line"
			nprob++
		}
	}
	nex = 0
	for (key in used) { nex++ }
	if (nprob > 0) {
		print me ": " nprob " problem(s): see docs/architecture.md, \"Layers\" (a deliberate, temporary one goes in " exname " with its reason)"
		exit 1
	}
	print me ": OK: " nobj " objects, " ni " include lines, " nlayers " layers: no upward call or include, no circle, third-party libraries in their layers (" nex " listed exception(s) used)"
}
' "$tmp/layers" "$tmp/paths" "$tmp/thirdparty" "$tmp/files" "$exceptions" "$tmp/nm" "$tmp/inc"
