#!/usr/bin/env python3
"""Private links end to end: `portico --no-gui --access-key KEY|auto` on
127.0.0.1 with curl.  The key in the link → 303 to the same URL without it
and the cookie; curl following with its cookie jar → the page; the cookie
alone → 200; no key, a wrong key or a wrong cookie → the 403 page (never the
file); --access-key auto prints the link it made; a bad key is a usage error
(exit 2) that says what is wrong.

    python3 test-private-links.py --portico PATH --client PATH --gui 0|1
"""

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import (Tap, Server, check, check_eq, curl, headless_env, mask_console, mask_log,
                   parse_args, read_file)

ARGS = parse_args()
tap = Tap()
KEY = "Zm9vYmFyYmF6cXV4cXV1eA-_9"
PAGE_403 = (b"<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>"
            b"<p>This folder is shared with a private link. Ask the person sharing it for the link.</p>"
            b"</body></html>\n")


def head_and_body(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    return head.decode().split("\r\n"), body


def server(*extra):
    return Server(ARGS.portico, "--host", "127.0.0.1", *extra)


@tap.add
def link_sets_cookie_and_redirects():
    s = server("--access-key", KEY)
    try:
        check_eq(s.wait_line(1), "Private link: http://127.0.0.1:%d/?portico-key=%s" % (s.port, KEY),
                 "the link on the console")
        rc, raw = curl("-i", s.url("/helloworld.html?a=1&portico-key=%s&b=2" % KEY))
        check_eq(rc, 0, "curl")
        head, body = head_and_body(raw)
        check_eq(head[0], "HTTP/1.1 303 See Other", "status")
        check("Location: /helloworld.html?a=1&b=2" in head, "Location without the key: %r" % head)
        check("Set-Cookie: portico-key=%s; HttpOnly; SameSite=Strict; Path=/" % KEY in head,
              "Set-Cookie: %r" % head)
        check("Cache-Control: no-store" in head, "no-store: %r" % head)
        check(KEY.encode() not in body, "the key is not in the 303's page")

        # curl with a cookie jar follows the redirect with the cookie
        jar = os.path.join(tempfile.mkdtemp(prefix="portico-jar-"), "jar")
        rc, out = curl("-L", "-c", jar, "-b", jar, "-w", "\n%{http_code} %{url_effective}",
                       s.url("/helloworld.html?portico-key=%s" % KEY))
        check_eq(rc, 0, "curl -L")
        body, _, tail = out.rpartition(b"\n")
        check_eq(tail.decode(), "200 %s" % s.url("/helloworld.html"), "followed to the clean URL")
        check_eq(body, read_file("helloworld.html"), "the page")
        with open(jar) as f:
            jar_text = f.read()
        check(re.search(r"^#HttpOnly_127\.0\.0\.1\tFALSE\t/\tFALSE\t0\tportico-key\t%s$" % re.escape(KEY),
                        jar_text, re.M) is not None, "cookie jar: %r" % jar_text)
        # the jar alone, later
        rc, out = curl("-b", jar, "-w", "%{http_code}", "-o", os.devnull, s.url("/"))
        check_eq(out, b"200", "the jar's cookie alone")
    finally:
        s.stop()


@tap.add
def cookie_alone_serves():
    s = server("--access-key", KEY)
    try:
        rc, out = curl("-b", "portico-key=" + KEY, s.url("/helloworld.html"))
        check_eq(rc, 0, "curl")
        check_eq(out, read_file("helloworld.html"), "served with the cookie")
        rc, out = curl("-b", "lang=zh; portico-key=%s; theme=dark" % KEY, "-w", "%{http_code}",
                       "-o", os.devnull, s.url("/"))
        check_eq(out, b"200", "among other cookies")
    finally:
        s.stop()


@tap.add
def without_key_403():
    s = server("--access-key", KEY)
    try:
        for path, cookie in [("/", None), ("/helloworld.html", None), ("/missing.html", None),
                             ("/.portico/live-reload.js", None),
                             ("/?portico-key=TmV3S2V5TmV3S2V5TmV3S2V5", None),
                             ("/", "portico-key=TmV3S2V5TmV3S2V5TmV3S2V5"),
                             ("/", "portico-key=" + KEY[:-1])]:
            args = ["-i"] + (["-b", cookie] if cookie else []) + [s.url(path)]
            rc, raw = curl(*args)
            head, body = head_and_body(raw)
            check_eq(head[0], "HTTP/1.1 403 Forbidden", "status for %s %s" % (path, cookie))
            check_eq(body, PAGE_403, "the 403 page for %s" % path)
        rc, raw = curl("-I", s.url("/helloworld.html"))
        head, body = head_and_body(raw)
        check_eq(head[0], "HTTP/1.1 403 Forbidden", "HEAD")
        check("Content-Length: %d" % len(PAGE_403) in head, "HEAD Content-Length: %r" % head)
        check_eq(body, b"", "HEAD body")
        lines = s.wait_for(lambda l: sum("Refused (no private-link key)" in x for x in l) >= 8,
                           what="8 refused lines")
    finally:
        s.stop()
    masked = mask_console(lines, s.port)
    check("Refused (no private-link key): GET /helloworld.html from ('127.0.0.1', P)" in masked,
          "console: %r" % masked)
    log = mask_log(s.log_lines())
    check("[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 403 Forbidden][Date: D]"
          "[Connection: keep-alive]" in log or
          "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 403 Forbidden][Date: D]"
          "[Connection: close]" in log, "log: %r" % log)
    check(not any(KEY in line for line in log), "the key is not logged")


@tap.add
def auto_key():
    s = server("--access-key", "auto")
    try:
        line = s.wait_line(1)
        m = re.fullmatch(r"Private link: http://127\.0\.0\.1:%d/\?portico-key=([A-Za-z0-9_-]{22})" % s.port,
                         line)
        check(m is not None, "auto link %r" % line)
        key = m.group(1)
        rc, out = curl("-w", "%{http_code}", "-o", os.devnull, s.url("/"))
        check_eq(out, b"403", "no key")
        rc, out = curl("-L", "-b", "", "-w", "%{http_code}", "-o", os.devnull,
                       s.url("/?portico-key=" + key))
        check_eq(out, b"200", "the printed link")
    finally:
        s.stop()
    s2 = server("--access-key", "auto")
    try:
        other = re.search(r"portico-key=(\S+)$", s2.wait_line(1)).group(1)
        check(other != key, "a new key at each start")
    finally:
        s2.stop()


@tap.add
def bad_key_usage_error():
    cases = [
        ("short", "portico: --access-key: 5 characters; a key has 22 to 128 (or use auto)"),
        ("Zm9vYmFyYmF6cXV4cXV1eA+/9",
         "portico: --access-key: byte 23 is not a letter, digit, '-' or '_' "
         "(a key is URL-safe base64 without padding; or use auto)"),
        ("a" * 129, "portico: --access-key: 129 characters; a key has 22 to 128 (or use auto)"),
    ]
    for value, message in cases:
        p = subprocess.run([ARGS.portico, "--no-gui", "--port", "0", "--access-key", value],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=headless_env(),
                           timeout=10)
        check_eq(p.returncode, 2, "exit status for %r" % value)
        check_eq(p.stdout, b"", "nothing served")
        check(message in p.stderr.decode(), "stderr %r" % p.stderr)


@tap.add
def open_without_flag():
    s = server()
    try:
        check(not any(l.startswith("Private link:") for l in s.console()), "no link line")
        rc, out = curl("-w", "%{http_code}", "-o", os.devnull, s.url("/"))
        check_eq(out, b"200", "open")
    finally:
        s.stop()


sys.exit(tap.run())
