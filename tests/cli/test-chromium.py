#!/usr/bin/env python3
"""Headless Chromium against portico --no-gui: the page, the image, the log."""

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import Tap, Server, check, check_eq, chromium_argv, headless_env, mask_log

ARGS = None
tap = Tap()

CHROMIUM_TIMEOUT_S = 120
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def chromium(*args):
    profile = tempfile.mkdtemp(prefix="portico-chromium-")
    env = headless_env({"HOME": profile})
    argv = chromium_argv(ARGS.chromium, profile, *args)
    p = subprocess.run(argv, env=env, cwd=profile, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=CHROMIUM_TIMEOUT_S)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


SERVER = None


def log_records(server):
    """(method, file name, status) for each request/response pair in log.txt."""
    lines = mask_log(server.log_lines())
    out = []
    for req, resp in zip(lines[0::2], lines[1::2]):
        m1 = re.match(r"\[Client request from \(localhost, 127\.0\.0\.1\)\]\[Connection: [^\]]*\]"
                      r"\[Method: (\w+)\]\[Request file name: ([^\]]*)\]\[Date: D\]$", req)
        m2 = re.match(r"\[Server response to \(localhost, 127\.0\.0\.1\)\]\[StatusCode: HTTP/1\.1 (\d+) [^\]]*\]"
                      r"\[Date: D\]\[Connection: [^\]]*\]$", resp)
        check(m1 is not None and m2 is not None, "log pair %r / %r" % (req, resp))
        out.append((m1.group(1), m1.group(2), int(m2.group(1))))
    return out


@tap.add
def dump_dom_shows_the_index():
    rc, out, err = chromium("--dump-dom", SERVER.url("/"))
    check_eq(rc, 0, "chromium exit status; stderr:\n%s" % err[-2000:])
    check("<h1>Welcome to the index.html web page.</h1>" in out, "DOM:\n%s" % out)
    check('<a href="helloworld.html">hello world</a>' in out, "link in DOM")
    check("<title>Index</title>" in out, "title in DOM")


@tap.add
def dump_dom_follows_to_helloworld():
    rc, out, err = chromium("--dump-dom", SERVER.url("/helloworld.html"))
    check_eq(rc, 0, "chromium exit status")
    check("<h1>Hello, world!</h1>" in out and "<title>Hello World</title>" in out, "DOM:\n%s" % out)


@tap.add
def screenshot_of_the_png():
    shot = os.path.join(tempfile.mkdtemp(prefix="portico-shot-"), "shot.png")
    rc, out, err = chromium("--screenshot=" + shot, "--window-size=400,300", SERVER.url("/portico.png"))
    check_eq(rc, 0, "chromium exit status; stderr:\n%s" % err[-2000:])
    check(os.path.exists(shot), "no screenshot written")
    with open(shot, "rb") as f:
        data = f.read()
    check(data.startswith(PNG_MAGIC) and len(data) > 1000, "screenshot is a PNG (%d bytes)" % len(data))


NOTES_TEXT = "筆記：今天的咖啡 café, naïve 中文 ✓"


def utf8_site():
    """A folder with a UTF-8 .txt and an .html without <meta charset>."""
    site = tempfile.mkdtemp(prefix="portico-utf8-")
    with open(os.path.join(site, "notes.txt"), "w", encoding="utf-8") as f:
        f.write(NOTES_TEXT + "\n")
    with open(os.path.join(site, "page.html"), "w", encoding="utf-8") as f:
        f.write("<html><body><p id=t>" + NOTES_TEXT + "</p></body></html>\n")
    return site


@tap.add
def utf8_text_shows_as_written():
    # Chromium renders a text/plain and an HTML page without <meta charset> in
    # the charset the response names: with "; charset=utf-8" the Chinese text
    # and "café" come out as written.  The control, --no-charset (the report's
    # bare text/plain), shows that the label is what makes the difference.
    site = utf8_site()
    for flags, want_ok in (((), True), (("--no-charset",), False)):
        server = Server(ARGS.portico, "-d", site, "--no-log", *flags)
        try:
            for path in ("/notes.txt", "/page.html"):
                rc, out, err = chromium("--dump-dom", server.url(path))
                check_eq(rc, 0, "chromium exit status; stderr:\n%s" % err[-2000:])
                check_eq(NOTES_TEXT in out, want_ok,
                         "%s %s: the text as written in the DOM:\n%s" % (" ".join(flags) or "default", path, out))
        finally:
            server.kill()


@tap.add
def stop_and_log_shows_200s():
    rc, took = SERVER.stop()
    check_eq(rc, 0, "exit status")
    records = log_records(SERVER)
    for want in (("GET", "/index.html", 200), ("GET", "/helloworld.html", 200),
                 ("GET", "/portico.png", 200)):
        check(want in records, "%r not in the log: %r" % (want, records))
    # The helloworld page pulls portico.png too: at least two PNG fetches, all 200.
    pngs = [r for r in records if r[1] == "/portico.png"]
    check(len(pngs) >= 2 and all(r[2] == 200 for r in pngs), "PNG records %r" % pngs)
    console = SERVER.console()
    check(any(l.startswith("GET / HTTP/1.1") for l in console), "console shows GET /")


if __name__ == "__main__":
    from ptcli import parse_args
    ARGS = parse_args()
    SERVER = Server(ARGS.portico)
    try:
        status = tap.run()
    finally:
        SERVER.kill()
    sys.exit(status)
