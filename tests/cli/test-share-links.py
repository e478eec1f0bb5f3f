#!/usr/bin/env python3
"""Sharing with a phone, headless: on a wildcard address (--host 0.0.0.0 or
::) portico --no-gui and portico-server print, after the first console line
(and the private link's line: the first of those addresses), one "Other
devices can use:" line per address
another device can open, ranked as the window's share card ranks them, each
a full URL with the key when a private link is on.  The interface table is a
fake one (PT_TEST_INTERFACES, test only): lo, docker0, wlan0 with the default
route and tailscale0, so the lines are exact.  Requests go to 127.0.0.1 only.

    python3 test-share-links.py --portico PATH --client PATH --gui 0|1
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import Tap, Server, check, check_eq, curl, headless_env, parse_args

ARGS = parse_args()
tap = Tap()
KEY = "Zm9vYmFyYmF6cXV4cXV1eA-_9"
SCRATCH = tempfile.mkdtemp(prefix="portico-ifaces-")

# The machine, in an order the ranking has to change: loopback and
# docker hidden, a link-local and a temporary IPv6 address hidden, the
# default-route Wi-Fi first, the VPN last.
TABLE = """# name flags addresses (PT_TEST_INTERFACES)
lo up,loopback 127.0.0.1 ::1
docker0 up 172.17.0.1
tailscale0 up,pointopoint 100.101.102.103 fd7a:115c:a1e0::1
wlan0 up,wireless,default fe80::1 temporary:2001:db8::99 2001:db8::20 192.168.1.20
"""
NOTHING = "lo up,loopback 127.0.0.1 ::1\ndocker0 up 172.17.0.1\n"
NONE_LINE = "Other devices can use: no network address found (connect this computer to Wi-Fi or Ethernet)"


def table_file(name, text):
    path = os.path.join(SCRATCH, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def env_with(text, name="interfaces"):
    return headless_env({"PT_TEST_INTERFACES": table_file(name, text)})


def lines_v4(port, suffix=""):
    return ["Other devices can use: http://192.168.1.20:%d/%s (Wi-Fi, wlan0)" % (port, suffix),
            "Other devices can use: http://100.101.102.103:%d/%s (VPN, tailscale0)" % (port, suffix)]


def lines_dual(port, suffix=""):
    return ["Other devices can use: http://192.168.1.20:%d/%s (Wi-Fi, wlan0)" % (port, suffix),
            "Other devices can use: http://[2001:db8::20]:%d/%s (Wi-Fi, wlan0)" % (port, suffix),
            "Other devices can use: http://100.101.102.103:%d/%s (VPN, tailscale0)" % (port, suffix),
            "Other devices can use: http://[fd7a:115c:a1e0::1]:%d/%s (VPN, tailscale0)"
            % (port, suffix)]


def start_lines(s, n):
    """The first n console lines, then a request to 127.0.0.1 and its line:
    nothing else came before the request's line."""
    first = [s.wait_line(i) for i in range(n)]
    rc, out = curl("-b", "portico-key=" + KEY, "-w", "%{http_code}", "-o", os.devnull,
                   s.url("/helloworld.html"))
    check_eq(out, b"200", "a request on 127.0.0.1")
    return first


def after_request(s, n):
    """The console line after the start lines (the request's)."""
    return s.wait_line(n)


@tap.add
def any_ipv4_open():
    s = Server(ARGS.portico, "--host", "0.0.0.0", env=env_with(TABLE))
    try:
        got = start_lines(s, 3)
        check_eq(got, ["Server is running on host/port: 0.0.0.0/%d" % s.port] + lines_v4(s.port),
                 "IPv4 addresses only on 0.0.0.0, ranked")
        check(after_request(s, 3).startswith("Received connection from ('127.0.0.1', "),
              "the request's line comes next: %r" % s.console())
    finally:
        rc, _ = s.stop()
    check_eq(rc, 0, "exit status")
    check_eq(s.stderr, b"", "stderr")


@tap.add
def any_ipv4_private_link():
    s = Server(ARGS.portico, "--host", "0.0.0.0", "--access-key", KEY, env=env_with(TABLE))
    try:
        got = start_lines(s, 4)
        check_eq(got, ["Server is running on host/port: 0.0.0.0/%d" % s.port,
                       "Private link: http://192.168.1.20:%d/?portico-key=%s" % (s.port, KEY)]
                 + lines_v4(s.port, "?portico-key=" + KEY), "the key in every URL, the first the link")
        rc, out = curl("-w", "%{http_code}", "-o", os.devnull, s.url("/helloworld.html"))
        check_eq(out, b"403", "the key is on")
    finally:
        s.stop()


@tap.add
def quiet_keeps_them():
    s = Server(ARGS.portico, "--host", "0.0.0.0", "--access-key", KEY, "--quiet", env=env_with(TABLE))
    try:
        got = [s.wait_line(i) for i in range(4)]
        check_eq(got, ["Server is running on host/port: 0.0.0.0/%d" % s.port,
                       "Private link: http://192.168.1.20:%d/?portico-key=%s" % (s.port, KEY)]
                 + lines_v4(s.port, "?portico-key=" + KEY), "--quiet keeps the start lines")
        rc, out = curl("-b", "portico-key=" + KEY, "-w", "%{http_code}", "-o", os.devnull,
                       s.url("/helloworld.html"))
        check_eq(out, b"200", "a request")
    finally:
        s.stop()
    check_eq(len(s.console()), 4, "nothing else with --quiet: %r" % s.console())


@tap.add
def any_dual_stack():
    s = Server(ARGS.portico, "--host", "::", "--access-key", KEY, env=env_with(TABLE))
    try:
        first = s.wait_line(0)
        if s.host == "0.0.0.0":
            # No IPv6 on this machine: the engine fell back to IPv4 only.
            want = ["Private link: http://192.168.1.20:%d/?portico-key=%s" % (s.port, KEY)] + \
                lines_v4(s.port, "?portico-key=" + KEY)
        else:
            check_eq(first, "Server is running on host/port: ::/%d" % s.port, "first line")
            want = ["Private link: http://192.168.1.20:%d/?portico-key=%s" % (s.port, KEY)] + \
                lines_dual(s.port, "?portico-key=" + KEY)
        got = start_lines(s, 1 + len(want))[1:]
        check_eq(got, want, "IPv4 and IPv6 on ::, each interface's IPv4 first")
        check(after_request(s, 1 + len(want)).startswith("Received connection from ('127.0.0.1', "),
              "the request's line next: %r" % s.console())
    finally:
        s.stop()


@tap.add
def no_address():
    s = Server(ARGS.portico, "--host", "0.0.0.0", env=env_with(NOTHING, "nothing"))
    try:
        got = start_lines(s, 2)
        check_eq(got, ["Server is running on host/port: 0.0.0.0/%d" % s.port, NONE_LINE],
                 "one line when nothing is found")
        check(after_request(s, 2).startswith("Received connection from ('127.0.0.1', "), "then the request")
    finally:
        s.stop()


@tap.add
def no_address_private_link():
    """Nothing to share on: the private link is this computer's, never
    "0.0.0.0", which is no address a browser opens."""
    s = Server(ARGS.portico, "--host", "0.0.0.0", "--access-key", KEY, env=env_with(NOTHING, "nothing"))
    try:
        got = start_lines(s, 3)
        check_eq(got, ["Server is running on host/port: 0.0.0.0/%d" % s.port,
                       "Private link: http://127.0.0.1:%d/?portico-key=%s" % (s.port, KEY), NONE_LINE],
                 "the link on 127.0.0.1, then the line that says why")
        rc, out = curl("-w", "%{http_code}", "-o", os.devnull,
                       "http://127.0.0.1:%d/?portico-key=%s" % (s.port, KEY))
        check_eq(out, b"303", "the link's key is taken (303 to the same URL without it)")
    finally:
        s.stop()


@tap.add
def loopback_unchanged():
    for extra in [[], ["--host", "127.0.0.1"], ["--access-key", KEY]]:
        s = Server(ARGS.portico, *extra, env=env_with(TABLE))
        try:
            n = 2 if extra and extra[0] == "--access-key" else 1
            got = start_lines(s, n)
            check_eq(got[0], "Server is running on host/port: 127.0.0.1/%d" % s.port, "first line")
            check(after_request(s, n).startswith("Received connection from ('127.0.0.1', "),
                  "no address lines on loopback %r: %r" % (extra, s.console()))
            check(not any(l.startswith("Other devices") for l in s.console()), "none %r" % extra)
        finally:
            s.stop()


@tap.add
def bad_table_says_so():
    s = Server(ARGS.portico, "--host", "0.0.0.0", env=env_with("wlan0 up,fast 192.168.1.20\n", "bad"))
    try:
        got = start_lines(s, 2)
        check_eq(got[1], NONE_LINE, "an empty table")
    finally:
        s.stop()
    check_eq(s.stderr.decode(), "portico: PT_TEST_INTERFACES: line 1: unknown flag “fast”\n", "stderr")


sys.exit(tap.run())
