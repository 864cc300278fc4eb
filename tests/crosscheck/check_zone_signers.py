#!/usr/bin/python3
# check_zone_signers.py DNSSEC-DOCTOR - check-zone on fresh zones signed by BIND's
# dnssec-signzone, ldns-signzone and Knot's kzonesign with every supported algorithm and both
# denial methods (each must pass with exit 0), then faults injected into copies: each must give
# its finding and exit code, and BIND's dnssec-verify must agree wherever it has an opinion
# (it fails exactly the zones we call errors). Both verdicts are printed per case.
import os, re, shutil, subprocess, sys, tempfile

DD = sys.argv[1]
ALGS = [("RSASHA1", 1024, 5), ("NSEC3RSASHA1", 1024, 7), ("RSASHA256", 2048, 8),
        ("RSASHA512", 1024, 10), ("ECDSAP256SHA256", 0, 13), ("ECDSAP384SHA384", 0, 14),
        ("ED25519", 0, 15), ("ED448", 0, 16)]
KNOT_ALG = {5: "rsasha1", 7: "rsasha1-nsec3-sha1", 8: "rsasha256", 10: "rsasha512",
            13: "ecdsap256sha256", 14: "ecdsap384sha384", 15: "ed25519", 16: "ed448"}
UNSIGNED = """$ORIGIN {z}
$TTL 300
@ SOA ns1 hostmaster 1 3600 600 86400 300
  NS ns1
  NS ns2.other.example.
  MX 10 mail
ns1 A 192.0.2.53
mail A 192.0.2.25
www A 192.0.2.1
www A 192.0.2.2
www AAAA 2001:db8::1
*.wild A 192.0.2.9
a.b.c.ent A 192.0.2.10
alias CNAME www
sub NS ns.sub
ns.sub A 192.0.2.54
sub DS 12345 13 2 0000000000000000000000000000000000000000000000000000000000000000
insecure NS ns.elsewhere.example.
"""
passed = failed = 0
tmp = tempfile.mkdtemp(prefix="dd-checkzone-")


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s %s" % (name, detail))


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def keygen(d, zone, alg, bits, ksk):
    cmd = ["dnssec-keygen", "-q", "-K", d, "-a", alg]
    if bits:
        cmd += ["-b", str(bits)]
    if ksk:
        cmd += ["-f", "KSK"]
    r = run(cmd + [zone])
    assert r.returncode == 0, r.stderr
    return os.path.join(d, r.stdout.strip())


def ours(path, zone, *extra):
    import json
    r = run([DD, "check-zone", "-o", zone, "--json"] + list(extra) + [path])
    if r.returncode == 3:
        return 3, {}, r.stderr.strip()
    d = json.loads(r.stdout)
    return r.returncode, d["counts"], ""


def dnssec_verify(path, zone):
    return run(["dnssec-verify", "-o", zone, path]).returncode


def sign_bind(d, zone, ksk, zsk, nsec3, out, extra=()):
    # smart signing (-S) with the keys of directory d
    cmd = ["dnssec-signzone", "-q", "-P", "-S", "-O", "full", "-K", d, "-d", d, "-o", zone,
           "-f", out] + list(extra)
    if nsec3:
        cmd += ["-3", "-", "-H", "0"]
    r = run(cmd + [os.path.join(d, "unsigned.zone")])
    assert r.returncode == 0, r.stderr


def sign_ldns(d, zone, ksk, zsk, nsec3, out):
    with open(os.path.join(d, "with-keys.zone"), "w") as f:
        for p in (os.path.join(d, "unsigned.zone"), ksk + ".key", zsk + ".key"):
            f.write(open(p).read())
    cmd = ["ldns-signzone", "-f", out]
    if nsec3:
        cmd += ["-n", "-t", "0"]
    r = run(cmd + [os.path.join(d, "with-keys.zone"), ksk, zsk])
    assert r.returncode == 0, r.stderr


def sign_knot(d, zone, alg, nsec3, out):
    kd = os.path.join(d, "knot-" + ("nsec3" if nsec3 else "nsec"))
    os.makedirs(os.path.join(kd, "out"), exist_ok=True)
    shutil.copy(os.path.join(d, "unsigned.zone"), os.path.join(kd, "unsigned.zone"))
    size = {5: 1024, 7: 1024, 8: 2048, 10: 1024}.get(alg)
    conf = os.path.join(kd, "knot.conf")
    with open(conf, "w") as f:
        f.write("database:\n  storage: %s\n" % kd)
        f.write("policy:\n  - id: p\n    algorithm: %s\n" % KNOT_ALG[alg])
        if size:
            f.write("    ksk-size: %d\n    zsk-size: %d\n" % (size, size))
        f.write("    nsec3: %s\n    nsec3-iterations: 0\n    nsec3-salt-length: 0\n"
                % ("on" if nsec3 else "off"))
        f.write("zone:\n  - domain: %s\n    storage: %s\n    file: unsigned.zone\n"
                "    dnssec-signing: on\n    dnssec-policy: p\n" % (zone, kd))
    r = run(["kzonesign", "-c", conf, "-o", os.path.join(kd, "out"), zone])
    signed = os.path.join(kd, "out", "unsigned.zone")
    if r.returncode != 0 or not os.path.exists(signed):
        return r.stderr.strip() or "kzonesign failed"
    shutil.copy(signed, out)
    return None


# ---- 1. every signer, algorithm and denial method: valid ---------------------------------
print("%-16s %-12s %5s %5s  %s" % ("algorithm", "signer", "ours", "bind", "findings"))
for alg, bits, num in ALGS:
    zone = alg.lower() + ".test."
    d = os.path.join(tmp, alg)
    os.makedirs(d)
    ksk = keygen(d, zone, alg, bits, True)
    zsk = keygen(d, zone, alg, bits, False)
    with open(os.path.join(d, "unsigned.zone"), "w") as f:
        f.write(UNSIGNED.format(z=zone))
    denials = [False] if num == 5 else [False, True]   # RSASHA1 predates NSEC3
    for nsec3 in denials:
        for signer in ("bind", "ldns", "knot"):
            out = os.path.join(d, "%s-%s.zone" % (signer, "nsec3" if nsec3 else "nsec"))
            if signer == "bind":
                sign_bind(d, zone, ksk, zsk, nsec3, out)
            elif signer == "ldns":
                sign_ldns(d, zone, ksk, zsk, nsec3, out)
            else:
                err = sign_knot(d, zone, num, nsec3, out)
                if err is not None:
                    check("kzonesign %s" % alg, False, err)
                    continue
            ex, counts, err = ours(out, zone)
            dv = dnssec_verify(out, zone)
            name = "%s %s-%s" % (alg, signer, "nsec3" if nsec3 else "nsec")
            errors = {k: v for k, v in counts.items() if k not in (
                "ALGORITHM_DEPRECATED", "NSEC3_PARAMETERS_NOT_RECOMMENDED",
                "DELEGATION_DS_DEPRECATED")}
            print("%-16s %-12s %5d %5d  %s" % (alg, signer + ("-nsec3" if nsec3 else "-nsec"), ex, dv,
                                              " ".join(sorted(counts)) or "-"))
            # RSASHA1 and NSEC3RSASHA1 warn (ALGORITHM_DEPRECATED: SHA-1, RFC 8624, and
            # SHA-1 is refused by some validators); everything else is clean
            check(name + " valid", ex in (0, 1) and not errors, "exit %d %s %s" % (ex, counts, err))
            check(name + " exit 0 unless SHA-1", ex == (1 if num in (5, 7) else 0),
                  "exit %d" % ex)
            check(name + " dnssec-verify agrees", dv == 0, "dnssec-verify %d" % dv)


# ---- 2. faults in copies of fresh zones ----------------------------------------------------
def lines(path):
    return open(path).read().splitlines(keepends=True)


def write(path, ls):
    with open(path, "w") as f:
        f.writelines(ls)


def fields(line):
    return line.split()


def find(ls, owner_prefix, rtype, covered=None):
    """Index of the first line with that owner prefix and type (and covered type)."""
    for i, l in enumerate(ls):
        f = fields(l)
        if len(f) < 5 or l.startswith(";"):
            continue
        if f[0].startswith(owner_prefix) and f[3] == rtype and (covered is None or f[4] == covered):
            return i
    raise KeyError("%s %s %s" % (owner_prefix, rtype, covered))


def corrupt_sig(ls, i):
    f = fields(ls[i])
    sig = list(f[-1])
    sig[len(sig) // 2] = "A" if sig[len(sig) // 2] != "A" else "B"
    f[-1] = "".join(sig)
    ls[i] = " ".join(f) + "\n"


def set_field(ls, i, k, value):
    f = fields(ls[i])
    f[k] = value
    ls[i] = " ".join(f) + "\n"


zone = "fault.test."
d = os.path.join(tmp, "faults")
os.makedirs(d)
d2 = os.path.join(tmp, "faults-two")
os.makedirs(d2)
ksk = keygen(d, zone, "ECDSAP256SHA256", 0, True)
zsk = keygen(d, zone, "ECDSAP256SHA256", 0, False)
for k in (ksk, zsk):
    for ext in (".key", ".private"):
        shutil.copy(k + ext, d2)
keygen(d2, zone, "RSASHA256", 2048, True)
keygen(d2, zone, "RSASHA256", 2048, False)
for dd_ in (d, d2):
    with open(os.path.join(dd_, "unsigned.zone"), "w") as f:
        f.write(UNSIGNED.format(z=zone))
base = {}
for nsec3 in (False, True):
    p = os.path.join(d, "base-%s.zone" % ("nsec3" if nsec3 else "nsec"))
    sign_bind(d, zone, ksk, zsk, nsec3, p)
    base[nsec3] = p
two = os.path.join(d, "two-algorithms.zone")
sign_bind(d2, zone, None, None, False, two)
ksk_ds = run(["dnssec-dsfromkey", "-2", ksk + ".key"]).stdout.split()
good_ds = " ".join(ksk_ds[-4:])
bad_ds = " ".join(ksk_ds[-4:-1] + [ksk_ds[-1][:-4] + ("0000" if ksk_ds[-1][-4:] != "0000" else "1111")])


def variant(name, src, edit=None, sign=None):
    p = os.path.join(d, name + ".zone")
    if sign is not None:
        sign(p)
    else:
        ls = lines(src)
        edit(ls)
        write(p, ls)
    return p


cases = []   # (name, path, extra args, expected exit, codes, dnssec-verify has an opinion)
nsec, nsec3 = base[False], base[True]
cases.append(("baseline nsec", nsec, [], 0, [], True))
cases.append(("baseline nsec3", nsec3, [], 0, [], True))
cases.append(("expired", variant("expired", None, sign=lambda p: sign_bind(
    d, zone, ksk, zsk, False, p, ["-s", "now-20d", "-e", "now-10d"])), [], 2, ["RRSIG_EXPIRED"], True))
cases.append(("not yet valid", variant("notyet", None, sign=lambda p: sign_bind(
    d, zone, ksk, zsk, False, p, ["-s", "now+10d", "-e", "now+40d"])), [], 2, ["RRSIG_NOT_YET_VALID"], True))
cases.append(("expiring in 3 days", variant("expiring", None, sign=lambda p: sign_bind(
    d, zone, ksk, zsk, True, p, ["-s", "now-1h", "-e", "now+3d"])), [], 1, ["RRSIG_EXPIRING"], True))
cases.append(("corrupted signature", variant("corrupt", nsec, lambda ls: corrupt_sig(
    ls, find(ls, "www." + zone, "RRSIG", "A"))), [], 2, ["RRSIG_INVALID"], True))
cases.append(("missing signature", variant("missing", nsec, lambda ls: ls.pop(
    find(ls, "www." + zone, "RRSIG", "AAAA"))), [], 2, ["RRSIG_MISSING"], True))


def drop_alg8(ls):
    i = next(i for i, l in enumerate(ls) if fields(l)[0] == "mail." + zone and len(fields(l)) > 5
             and fields(l)[3] == "RRSIG" and fields(l)[4] == "A" and fields(l)[5] == "8")
    ls.pop(i)


optout_bind = variant("optout-bind", None, sign=lambda p: sign_bind(d, zone, ksk, zsk, True, p, ["-A"]))
cases.append(("NSEC3 opt-out (BIND)", optout_bind, [], 0, [], True))


def sign_ldns_optout(p):
    with open(os.path.join(d, "with-keys.zone"), "w") as f:
        for q in (os.path.join(d, "unsigned.zone"), ksk + ".key", zsk + ".key"):
            f.write(open(q).read())
    r = run(["ldns-signzone", "-n", "-p", "-t", "0", "-f", p, os.path.join(d, "with-keys.zone"), ksk, zsk])
    assert r.returncode == 0, r.stderr


cases.append(("NSEC3 opt-out (ldns)", variant("optout-ldns", None, sign=sign_ldns_optout), [], 0, [], True))
cases.append(("two algorithms", two, [], 0, [], True))
cases.append(("missing algorithm", variant("missing-alg", two, drop_alg8), [], 2, ["RRSIG_MISSING"], True))
cases.append(("broken NSEC chain", variant("nsec-broken", nsec, lambda ls: set_field(
    ls, find(ls, "mail." + zone, "NSEC"), 4, "zzz." + zone)), [], 2, ["NSEC_CHAIN_BROKEN"], True))


def gap(ls, owner, rtype):
    i = find(ls, owner, rtype)
    ls.pop(i)
    ls.pop(find(ls, owner, "RRSIG", rtype))


cases.append(("gapped NSEC chain", variant("nsec-gap", nsec, lambda ls: gap(ls, "www." + zone, "NSEC")),
              [], 2, ["NSEC_MISSING"], True))
cases.append(("wrong NSEC bitmap", variant("nsec-bitmap", nsec, lambda ls: ls.__setitem__(
    find(ls, "www." + zone, "NSEC"), re.sub(r" AAAA ", " AAAA TXT ", ls[find(ls, "www." + zone, "NSEC")]))),
    [], 2, ["NSEC_BITMAP_WRONG"], True))


def nsec3_at(ls, k):
    idx = [i for i, l in enumerate(ls) if len(fields(l)) > 4 and fields(l)[3] == "NSEC3"]
    return idx[k]


def break_next(ls):
    i = nsec3_at(ls, 2)
    f = fields(ls[i])
    f[8] = ("0" if f[8][0] != "0" else "1") + f[8][1:]
    ls[i] = " ".join(f) + "\n"


def gap3(ls):
    i = nsec3_at(ls, 3)
    owner = fields(ls[i])[0]
    ls.pop(i)
    ls.pop(find(ls, owner, "RRSIG", "NSEC3"))


cases.append(("broken NSEC3 chain", variant("nsec3-broken", nsec3, break_next), [], 2,
              ["NSEC3_CHAIN_BROKEN"], True))
cases.append(("gapped NSEC3 chain", variant("nsec3-gap", nsec3, gap3), [], 2, ["NSEC3_MISSING"], True))
cases.append(("wrong NSEC3 bitmap", variant("nsec3-bitmap", nsec3, lambda ls: ls.__setitem__(
    nsec3_at(ls, 1), ls[nsec3_at(ls, 1)].rstrip("\n") + " TXT\n")), [], 2, ["NSEC_BITMAP_WRONG"], True))
cases.append(("NSEC3PARAM mismatch", variant("nsec3param", nsec3, lambda ls: set_field(
    ls, find(ls, zone, "NSEC3PARAM"), 6, "5")), [], 2, ["NSEC3PARAM_MISMATCH"], True))
cases.append(("DS matches", nsec, ["--ds", good_ds], 0, [], False))
cases.append(("DS mismatch", nsec, ["--ds", bad_ds], 2, ["DS_DIGEST_MISMATCH"], False))
cases.append(("DS mismatch, -o w/o dot", nsec, ["-o", zone.rstrip("."), "--ds", bad_ds], 2,
              ["DS_DIGEST_MISMATCH"], False))

print()
print("%-22s %9s %9s %15s  %s" % ("fault", "ours", "expected", "dnssec-verify", "codes"))
for name, path, extra, want_exit, codes, dv_opinion in cases:
    ex, counts, err = ours(path, zone, *extra)
    dv = dnssec_verify(path, zone)
    shown = " ".join("%s:%d" % kv for kv in sorted(counts.items())) or "-"
    print("%-22s %9d %9d %15s  %s" % (name, ex, want_exit, ("fails" if dv else "passes") if dv_opinion
                                      else "(no opinion)", shown))
    check(name + " exit", ex == want_exit, "exit %d, expected %d %s" % (ex, want_exit, err))
    for c in codes:
        check(name + " " + c, c in counts, "not in %s" % counts)
    if dv_opinion:
        check(name + " dnssec-verify agrees", (dv != 0) == (ex == 2),
              "dnssec-verify exit %d, ours %d" % (dv, ex))

# a parse error: exit 3 with file and line
bad = os.path.join(d, "bad.zone")
write(bad, lines(nsec)[:5] + ["www 300 IN A 192.0.2.300\n"])
r = run([DD, "check-zone", "-o", zone, bad])
check("parse error exit 3", r.returncode == 3, "exit %d" % r.returncode)
check("parse error names file:line", re.search(r"bad\.zone:6: ", r.stderr) is not None, r.stderr)
# standard input and gzip
r = run(["sh", "-c", "gzip -c %s | %s check-zone -q -o %s -" % (nsec, DD, zone)])
check("gzip on stdin", r.returncode == 0 and r.stdout.startswith("VALID"), r.stdout + r.stderr)

shutil.rmtree(tmp)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed or not passed else 0)
