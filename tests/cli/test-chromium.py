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
