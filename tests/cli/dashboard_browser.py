#!/usr/bin/env python3
"""dashboard_browser.py DNSSEC-DOCTOR CHROMIUM ARTIFACT-DIR - the monitor dashboard (monitor
--listen: / and /zone/NAME, issue 16) opened in headless Chromium while the monitor runs, in a
network namespace of its own (html-browser.sh runs it under unshare -rn, loopback up): the zone
table with the states, a zone page with its event history from the state database and its last
diagnosis (the incident report's body, with its graph), and hostile strings (a watched zone's
name, an event's detail, a name in the URL) shown as text, never as elements. Screenshots of the
front page and a zone page go to ARTIFACT-DIR.

No DNS server runs: the root hints name 127.0.0.1, where nothing listens, so every zone is
UNKNOWN and its diagnosis says the root server does not answer (as tests/cli/monitor_http.py).
Two events are written into the state database between a first run and the listening one."""

import html.parser
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

DD, CHROMIUM, ART = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(ART, exist_ok=True)
TMP = tempfile.mkdtemp()
passed = failed = 0
# a watched zone whose name is markup (\032 is a space in a name)
HOSTILE = r"<img\032src=x\032onerror=alert(1)>.example."
HOSTILE_TEXT = r"\<img\032src\=x\032onerror\=alert\(1\)\>.example."   # its presentation form
EVIL_DETAIL = "<script>alert(3)</script><img src=y onerror=alert(4)>"


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}" + (f": {detail}" if detail else ""))


class Dom(html.parser.HTMLParser):
    """Elements counted by tag, text by the id of the element it is in, the zone table's rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.stack, self.rows, self.hrefs = {}, {}, [], [], []
        self.row = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in ("br", "meta", "img", "input", "link", "path", "polygon", "ellipse", "polyline"):
            return
        self.stack.append((tag, a.get("id")))
        if tag == "tr" and any(i == "zones" for _, i in self.stack):
            self.row = []
        if tag == "td" and self.row is not None:
            self.row.append("")
        if tag == "a" and a.get("href", "").startswith("/zone/"):
            self.hrefs.append(a["href"])

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "tr" and self.row is not None:
            if self.row:
                self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        for _, i in self.stack:
            if i:
                self.text[i] = self.text.get(i, "") + data
        if self.row is not None and self.row:
            self.row[-1] += data


def chrome(*args):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-dev-shm-usage", "--no-first-run",
                           f"--user-data-dir={TMP}/profile", *args],
                          capture_output=True, text=True, timeout=120)


def dom_of(url):
    p = Dom()
    p.feed(chrome("--dump-dom", url).stdout)
    return p


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as u:
            return u.status, dict(u.headers), u.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


hints, db = f"{TMP}/hints", f"{TMP}/monitor.db"
with open(hints, "w") as f:
    f.write(". 3600 IN NS a.root.\na.root. 3600 IN A 127.0.0.1\n")
base = [DD, "monitor", "--db", db, "--hints", hints, "--timeout", "0.2", "--format", "json"]
zones = ["example.", HOSTILE]
# a first run makes the database; then two events for example., one of them hostile
r = subprocess.run(base + ["--once"] + zones, capture_output=True, text=True, timeout=60)
check("first run", r.returncode == 3 and os.path.exists(db), (r.returncode, r.stderr))
# within --keep (90 days), which prunes after each run
T_OLD, T_NEW = int(time.time()) - 7200, int(time.time()) - 3600
con = sqlite3.connect(db)
con.execute("INSERT INTO events(run, zone, at, kind, detail) VALUES(1, 'example.', ?, "
            "'DS_ADDED', ?)", (T_OLD, EVIL_DETAIL))
con.execute("INSERT INTO events(run, zone, at, kind, detail) VALUES(1, 'example.', ?, "
            "'ALERT_RAISED', 'UNKNOWN')", (T_NEW,))
con.commit()
con.close()

port = free_port()
srv = subprocess.Popen(base + ["--listen", str(port), "--interval", "1h"] + zones,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
root = f"http://127.0.0.1:{port}"
try:
    code, hdrs, body = 0, {}, ""
    for _ in range(200):
        try:
            code, hdrs, body = fetch(root + "/")
            if code == 200 and "Last run finished" in body:
                break
        except OSError:
            pass
        time.sleep(0.1)
    check("/ answers once the first run ended", code == 200 and "Last run finished" in body,
          code)
    check("/ is HTML with a policy that runs no script",
          hdrs.get("Content-Type") == "text/html; charset=utf-8" and
          "default-src 'none'" in hdrs.get("Content-Security-Policy", ""), hdrs)

    # the front page, as the browser built it
    d = dom_of(root + "/")
    names = sorted(row[0] for row in d.rows)
    check("the zone table lists both zones", names == sorted(["example.", HOSTILE_TEXT]), d.rows)
    check("each row has its state and status",
          all(len(row) == 7 and row[1] == "UNKNOWN" and row[2] == "indeterminate"
              for row in d.rows), d.rows)
    ex = [row for row in d.rows if row[0] == "example."]
    check("example.'s row counts the database's events and the last change",
          ex and ex[0][6] == "2" and
          ex[0][5] == time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(T_NEW)), ex)
    check("the totals", "2 zones: 0 critical, 0 warning, 2 unknown, 0 ok." in d.text.get("totals", ""),
          d.text.get("totals"))
    check("the hostile zone name is text, not an element",
          d.tags.get("img", 0) == 0 and d.tags.get("script", 0) == 0, d.tags)
    chrome("--window-size=1400,900", f"--screenshot={ART}/dashboard.png", root + "/")

    # the zone page: state, events from the database, the diagnosis with its graph
    d = dom_of(root + "/zone/example.")
    check("the zone page's state", d.text.get("zone-state", "").startswith("UNKNOWN not checked"),
          d.text.get("zone-state"))
    ev = d.text.get("events", "")
    check("the zone page lists the events from the database, newest first",
          "ALERT_RAISED" in ev and "DS_ADDED" in ev and ev.index("ALERT_RAISED") < ev.index("DS_ADDED"),
          ev)
    check("a hostile event detail is text", EVIL_DETAIL in ev and d.tags.get("script", 0) == 0 and
          d.tags.get("img", 0) == 0, (d.tags, ev[-200:]))
    check("the last diagnosis: verdict, root cause, graph",
          d.text.get("verdict", "").startswith("indeterminate") and
          "SERVER_UNREACHABLE" in d.text.get("causes", "") and d.tags.get("svg") == 1,
          (d.text.get("verdict"), d.tags.get("svg")))
    chrome("--window-size=1400,2400", f"--screenshot={ART}/dashboard-zone.png", root + "/zone/example.")

    # the hostile zone's own page, by the link the front page gives
    href = [h for h in dom_of(root + "/").hrefs if h != "/zone/example."]
    d = dom_of(root + href[0]) if href else Dom()
    check("the hostile zone's page by its link", d.text.get("zone", "").startswith(HOSTILE_TEXT) and
          d.tags.get("img", 0) == 0, (href, d.text.get("zone", "")[:120]))

    # a zone not watched: 404, and the name from the URL escaped
    evil_url = root + "/zone/" + urllib.parse.quote("<img src=z onerror=alert(5)>", safe="")
    code, _, _ = fetch(evil_url)
    d = dom_of(evil_url)
    check("a zone not watched is 404", code == 404, code)
    check("the name from the URL is text on the 404 page",
          "No zone <img src=z onerror=alert(5)> is watched" in d.text.get("missing", "") and
          d.tags.get("img", 0) == 0, (d.text.get("missing"), d.tags))
    # read-only
    req = urllib.request.Request(root + "/", data=b"x", method="POST")
    try:
        urllib.request.urlopen(req, timeout=5)
        code = 200
    except urllib.error.HTTPError as e:
        code = e.code
    check("POST is refused", code == 405, code)
finally:
    srv.send_signal(signal.SIGTERM)
    try:
        rc = srv.wait(timeout=20)
        check("monitor --listen stops on SIGTERM", rc in (0, 3), (rc, srv.stderr.read()))
    except subprocess.TimeoutExpired:
        srv.kill()
        check("monitor --listen stops on SIGTERM", False, "still running after 20 s")
    shutil.rmtree(TMP, ignore_errors=True)

for name in ("dashboard.png", "dashboard-zone.png"):
    try:
        with open(f"{ART}/{name}", "rb") as f:
            ok = f.read(8) == b"\x89PNG\r\n\x1a\n"
    except OSError:
        ok = False
    check(f"screenshot {name}", ok)
print(f"dashboard-browser: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
