#!/usr/bin/env python3
"""Sharing with a phone, headless, when the network changes: on a wildcard
address portico --no-gui and portico-server watch the kernel's interface,
address and route messages (netlink) and, 250 ms after a burst, print
"Network changed; the links are now:" and the share lines again when they
differ from the ones last printed; nothing when they do not.

The changes are real netlink events in a network namespace of the server's
own (`unshare -n` as root, `unshare -rn`, a user namespace, otherwise), so
the machine's network is never touched: the test acts in it with `nsenter
--target PID --net` (+ `--user --preserve-credentials`) and `ip`.  The table
is the real one of that namespace (no PT_TEST_INTERFACES): at the start only
`lo`, down; then an interface d0 (a dummy one, or one end of a veth pair
whose other end stays down where the kernel has no dummy driver) with
192.0.2.7/24 (TEST-NET-1).  d0 is neither Wi-Fi nor Ethernet by name, so
pt-lan labels it "Network".  Requests, from inside the namespace, go to its
127.0.0.1 only.  Without namespaces each case is a SKIP that says why.

    python3 test-share-refresh.py --portico PATH --client PATH --gui 0|1
"""

import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import Tap, Server, Skip, check_eq, headless_env, mask_console, parse_args

ARGS = parse_args()
tap = Tap()
KEY = "Zm9vYmFyYmF6cXV4cXV1eA-_9"
NONE_LINE = "Other devices can use: no network address found (connect this computer to Wi-Fi or Ethernet)"
CHANGED = "Network changed; the links are now:"
D0_LINE = "Other devices can use: http://192.0.2.7:PORT/ (Network, d0)"
D0_V6_LINE = "Other devices can use: http://[2001:db8::7]:PORT/ (Network, d0)"
# PT_LAN_MONITOR_DELAY_MS is 250: a change that prints does so well within
# this.  After an event that must print nothing the test waits this long,
# then makes a change that prints and compares the whole console: a line
# printed for the first event would be in it.
QUIET_S = 1.5


def find_tool(name):
    return shutil.which(name) or next((p for p in ("/usr/sbin/" + name, "/sbin/" + name)
                                       if os.access(p, os.X_OK)), None)


IP = find_tool("ip")
UNSHARE = find_tool("unshare")
NSENTER = find_tool("nsenter")


def probe():
    """(unshare argv, nsenter's namespace flags, d0's `ip link add` tail),
    or the reason there is none."""
    missing = [n for n, p in (("unshare", UNSHARE), ("nsenter", NSENTER), ("ip", IP)) if p is None]
    if missing:
        return "no %s (util-linux, iproute2)" % " or ".join(missing)
    variants = []
    if os.geteuid() == 0:
        variants.append(([UNSHARE, "-n", "--"], ["--net"]))
    variants.append(([UNSHARE, "-rn", "--"], ["--net", "--user", "--preserve-credentials"]))
    errors = []
    for wrap, flags in variants:
        for link in (["type", "dummy"], ["type", "veth", "peer", "name", "d0peer"]):
            p = subprocess.run(wrap + [IP, "link", "add", "d0"] + link, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
            if p.returncode == 0:
                return wrap, flags, link
            errors.append("%s ip link add d0 %s: %s" % (" ".join(wrap[:-1]), " ".join(link[:2]),
                                                         p.stdout.decode(errors="replace").strip()))
    return "no network namespace with an interface of our own: " + "; ".join(errors)


PROBE = probe()


class Netns:
    """The server in its own network namespace, and `ip` in there."""

    def __init__(self, *args, lo_up=False):
        if isinstance(PROBE, str):
            raise Skip(PROBE)
        self.wrap, self.flags, self.link = PROBE
        wrap = self.wrap
        if lo_up:
            # Before portico starts (in its place: proc.pid stays portico's).
            wrap = wrap + ["sh", "-c", '"$0" link set lo up && exec "$@"', IP]
        self.server = Server(ARGS.portico, *args, env=headless_env(), wrap=wrap)

    def run(self, *argv):
        p = subprocess.run([NSENTER, "--target", str(self.server.proc.pid)] + self.flags + ["--"]
                           + list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
        check_eq((p.returncode, p.stderr.decode(errors="replace")), (0, ""),
                 "in the namespace: %s" % " ".join(argv))
        return p.stdout

    def ip(self, *args):
        return self.run(IP, *args)

    def add_d0(self):
        self.ip("link", "add", "d0", *self.link)
        self.ip("addr", "add", "192.0.2.7/24", "dev", "d0")
        self.ip("link", "set", "d0", "up")

    def console(self):
        return mask_console(self.server.console(), self.server.port)

    def wait_console(self, want, what):
        """Waits until the console has as many lines as want, then compares."""
        self.server.wait_for(lambda lines: len(lines) >= len(want), what=what)
        check_eq(self.console(), want, what)

    def still(self, want, what):
        time.sleep(QUIET_S)
        check_eq(self.console(), want, what)

    def stop(self):
        rc, _ = self.server.stop()
        return rc


def start_lines(key=None, host="0.0.0.0"):
    link = ["Private link: http://127.0.0.1:PORT/?portico-key=" + KEY] if key else []
    return ["Server is running on host/port: %s/PORT" % host] + link + [NONE_LINE]


@tap.add
def follows_the_network():
    """lo up (no change: nothing), a request, d0 with an address (the new
    line), a route through d0 (nothing), the address gone (the first line
    again), then the stop."""
    ns = Netns("--host", "0.0.0.0")
    try:
        want = start_lines()
        ns.wait_console(want, "the start lines: lo only, and down")
        ns.ip("link", "set", "lo", "up")
        ns.still(want, "lo up changes nothing")

        out = ns.run("curl", "--silent", "--show-error", "--noproxy", "*", "-H", "User-Agent:",
                     "-H", "Accept:", "-H", "Connection: close", "-o", "/dev/null",
                     "-w", "%{http_code}", "http://127.0.0.1:%d/helloworld.html" % ns.server.port)
        check_eq(out, b"200", "a request to the namespace's 127.0.0.1")
        want += ["Received connection from ('127.0.0.1', P)", "",
                 "Received request from ('127.0.0.1', P):",
                 "GET /helloworld.html HTTP/1.1", "Host: 127.0.0.1:PORT", "Connection: close", "",
                 "Connection to: ('127.0.0.1', P) is closed."]
        ns.wait_console(want, "the request's lines")

        ns.add_d0()
        want += [CHANGED, D0_LINE]
        ns.wait_console(want, "d0's address, under the line that says why")

        ns.ip("route", "add", "198.51.100.0/24", "via", "192.0.2.1", "dev", "d0")
        ns.still(want, "a route that changes nothing")

        ns.ip("addr", "del", "192.0.2.7/24", "dev", "d0")
        want += [CHANGED, NONE_LINE]
        ns.wait_console(want, "the address gone")
    finally:
        rc = ns.stop()
    check_eq(rc, 0, "exit status")
    check_eq(ns.console(), want + ["Server stopped."], "nothing after the stop but its line")
    check_eq(ns.server.stderr, b"", "stderr")


@tap.add
def private_link_follows():
    """The private link is the first address's, as at the start."""
    ns = Netns("--host", "0.0.0.0", "--access-key", KEY)
    try:
        want = start_lines(KEY)
        ns.wait_console(want, "the private link on 127.0.0.1 while there is no address")
        ns.add_d0()
        want += [CHANGED, "Private link: http://192.0.2.7:PORT/?portico-key=" + KEY,
                 "Other devices can use: http://192.0.2.7:PORT/?portico-key=%s (Network, d0)" % KEY]
        ns.wait_console(want, "the link and the line with d0's address and the key")
        ns.ip("link", "set", "d0", "down")
        want += [CHANGED] + start_lines(KEY)[1:]
        ns.wait_console(want, "d0 down: back to 127.0.0.1")
    finally:
        rc = ns.stop()
    check_eq(rc, 0, "exit status")
    check_eq(ns.console(), want + ["Server stopped."], "console")


@tap.add
def quiet_still_says_so():
    """--quiet keeps the start's share lines, so it keeps their updates."""
    ns = Netns("--host", "0.0.0.0", "--quiet")
    try:
        want = start_lines()
        ns.wait_console(want, "the start lines under --quiet")
        ns.ip("link", "set", "lo", "up")
        ns.still(want, "lo up changes nothing")
        ns.add_d0()
        want += [CHANGED, D0_LINE]
        ns.wait_console(want, "d0's address under --quiet")
    finally:
        rc = ns.stop()
    check_eq(rc, 0, "exit status")
    check_eq(ns.console(), want, "nothing else under --quiet")


@tap.add
def dual_stack():
    """On "::" an IPv6 address is a line of its own, after the interface's
    IPv4 one."""
    ns = Netns("--host", "::")
    try:
        if ns.server.host != "::":
            raise Skip("no IPv6 in the namespace: :: fell back to %s" % ns.server.host)
        want = start_lines(host="::")
        ns.wait_console(want, "the start lines on ::")
        ns.add_d0()
        want += [CHANGED, D0_LINE]
        ns.wait_console(want, "d0's IPv4 address")
        ns.ip("-6", "addr", "add", "2001:db8::7/64", "dev", "d0", "nodad")
        want += [CHANGED, D0_LINE, D0_V6_LINE]
        ns.wait_console(want, "and its IPv6 address")
    finally:
        rc = ns.stop()
    check_eq(rc, 0, "exit status")
    check_eq(ns.console(), want + ["Server stopped."], "console")


@tap.add
def ipv4_only_ignores_ipv6():
    """On 0.0.0.0 (no IPv6) a new IPv6 address changes nothing."""
    ns = Netns("--host", "0.0.0.0")
    try:
        want = start_lines()
        ns.wait_console(want, "the start lines")
        ns.add_d0()
        want += [CHANGED, D0_LINE]
        ns.wait_console(want, "d0's IPv4 address")
        ns.ip("-6", "addr", "add", "2001:db8::7/64", "dev", "d0", "nodad")
        ns.still(want, "no line for an IPv6 address on 0.0.0.0")
    finally:
        rc = ns.stop()
    check_eq(rc, 0, "exit status")
    check_eq(ns.console(), want + ["Server stopped."], "console")


@tap.add
def loopback_host_does_not_watch():
    """On 127.0.0.1 there are no share lines, so nothing to refresh."""
    ns = Netns("--host", "127.0.0.1", lo_up=True)
    try:
        want = ["Server is running on host/port: 127.0.0.1/PORT"]
        ns.wait_console(want, "the start line")
        ns.add_d0()
        ns.still(want, "no share lines on 127.0.0.1")
    finally:
        rc = ns.stop()
    check_eq(rc, 0, "exit status")
    check_eq(ns.console(), want + ["Server stopped."], "console")


sys.exit(tap.run())
