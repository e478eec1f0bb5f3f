#!/usr/bin/env python3
"""Live reload end to end in headless Chromium, driven over WebDriver (chromedriver).

The server is pt-live-reload-driver (a PtServer with live reload on, whose
folder watcher sees each save; the driver also reports the number of
browsers connected).  A page reloads after a save; a stylesheet save swaps
the style in place while a JavaScript marker on the page survives; eight
tabs of one browser share one event stream and all reload after one save.

Then the same against the real `portico --no-gui --live-reload` from the
build on 127.0.0.1 (the browsers counted from its console lines): a save
reloads the page, a stylesheet save swaps the style with the marker kept,
and a page restored from the back/forward cache registers again (a save
then reloads it) and reloads when a save happened while it was cached.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import Server, Tap, check, check_eq, headless_env

ARGS = None
tap = Tap()
WAIT_S = 10          # a reload or a style swap must happen within this
N_TABS = 8

PAGE = """<!doctype html>
<html><head><title>live</title><link rel="stylesheet" href="/site.css"></head>
<body><p id="p">text</p></body></html>
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    """pt-live-reload-driver on a temporary folder."""

    def __init__(self, exe):
        self.root = tempfile.mkdtemp(prefix="portico-live-")
        self.write("index.html", PAGE)
        self.write("site.css", "p { color: rgb(255, 0, 0); }\n")
        self.proc = subprocess.Popen([exe, self.root], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        check(len(line) == 2 and line[0] == "port", "driver start: %r" % line)
        self.port = int(line[1])

    def write(self, name, text):
        with open(os.path.join(self.root, name), "w") as f:
            f.write(text)

    def command(self, text):
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def changed(self, *paths):
        check_eq(self.command("changed " + " ".join(paths)), "told", "driver reply")

    def browsers(self):
        return int(self.command("browsers").split()[1])

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


class Portico:
    """`portico --no-gui --live-reload` on a temporary folder, 127.0.0.1, a kernel-chosen port."""

    def __init__(self, exe):
        self.root = tempfile.mkdtemp(prefix="portico-live-")
        self.write("index.html", PAGE)
        self.write("other.html", "<!doctype html><title>other</title><p id=\"o\">other</p>\n")
        self.write("site.css", "p { color: rgb(255, 0, 0); }\n")
        self.server = Server(os.path.abspath(exe), "--live-reload", "--host", "127.0.0.1", "--no-log", self.root,
                             cwd=self.root)
        self.port = self.server.port

    def write(self, name, text):
        with open(os.path.join(self.root, name), "w") as f:
            f.write(text)

    def browsers(self):
        """The last count its console printed ("Live reload: N browser(s) connected")."""
        count = 0
        for line in self.server.console():
            words = line.split()
            if line.startswith("Live reload: ") and line.endswith(" connected"):
                count = int(words[2])
        return count

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def close(self):
        try:
            rc, _ = self.server.stop()
            check_eq(rc, 0, "portico exit status")
        finally:
            self.server.kill()
            shutil.rmtree(self.root, ignore_errors=True)


class Browser:
    """A chromedriver session with headless Chromium (W3C WebDriver over HTTP)."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="portico-chromium-")
        port = free_port()
        self.driver = subprocess.Popen([ARGS.chromedriver, "--port=%d" % port],
                                       env=headless_env({"HOME": self.profile}),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = "http://127.0.0.1:%d" % port
        for _ in range(200):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.05)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": ARGS.chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                         "--disable-background-timer-throttling",
                         "--disable-renderer-backgrounding",
                         "--user-data-dir=" + os.path.join(self.profile, "data")],
            }}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read().decode())["value"]

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.session, path), body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def new_tab(self):
        return self.s("POST", "/window/new", {"type": "tab"})["handle"]

    def switch(self, handle):
        self.s("POST", "/window", {"handle": handle})

    def close(self):
        try:
            self.s("DELETE", "")
        finally:
            self.driver.terminate()
            self.driver.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def wait_for(predicate, what):
    end = time.monotonic() + WAIT_S
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    check(False, "timed out waiting for " + what)


def connected(browser):
    """The page's script is running (its worker or stream got the hello)."""
    return browser.js("return document.querySelector('script[src^=\"/.portico/live-reload.js\"]') !== null")


def reloaded_with(b, text):
    return b.js("return window.porticoMarker === undefined && "
                "document.getElementById('p') !== null && "
                "document.getElementById('p').textContent") == text


def with_browser(server_class, scenario):
    """scenario(d, b) against a fresh server of server_class and a browser."""
    d = server_class(ARGS.driver if server_class is Driver else ARGS.portico)
    b = Browser()
    try:
        scenario(d, b)
    finally:
        b.close()
        d.close()


def reload_after_a_change(d, b):
    b.go(d.url("/"))
    check(connected(b), "script tag in the page")
    wait_for(lambda: d.browsers() == 1, "one browser connected")
    b.js("window.porticoMarker = 42;")
    d.write("index.html", PAGE.replace("text", "edited"))   # the watcher sees it
    wait_for(lambda: reloaded_with(b, "edited"), "the page to reload with the edit")


def css_swapped_in_place(d, b):
    b.go(d.url("/"))
    wait_for(lambda: d.browsers() == 1, "one browser connected")
    color = "return getComputedStyle(document.getElementById('p')).color"
    check_eq(b.js(color), "rgb(255, 0, 0)", "style before")
    b.js("window.porticoMarker = 42;")
    d.write("site.css", "p { color: rgb(0, 0, 255); }\n")
    wait_for(lambda: b.js(color) == "rgb(0, 0, 255)", "the new style")
    check_eq(b.js("return window.porticoMarker"), 42, "the marker survives (no reload)")
    wait_for(lambda: b.js("return document.querySelectorAll('link[rel=stylesheet]').length") == 1,
             "the old stylesheet removed")


@tap.add
def page_reloads_after_a_change():
    with_browser(Driver, reload_after_a_change)


@tap.add
def css_change_swaps_style_in_place():
    with_browser(Driver, css_swapped_in_place)


@tap.add
def eight_tabs_share_one_stream_and_all_reload():
    d = Driver(ARGS.driver)
    b = Browser()
    try:
        handles = [b.s("GET", "/window")]
        for _ in range(N_TABS - 1):
            handles.append(b.new_tab())
        for i, h in enumerate(handles):
            b.switch(h)
            b.go(d.url("/"))
            check(connected(b), "tab %d has the script" % i)
            b.js("window.porticoMarker = arguments[0];", i)
        # one browser: one stream, through the shared worker
        wait_for(lambda: d.browsers() == 1, "one stream for %d tabs" % N_TABS)
        time.sleep(0.3)
        check_eq(d.browsers(), 1, "still one stream")
        d.write("index.html", PAGE.replace("text", "saved once"))
        for i, h in enumerate(handles):
            b.switch(h)
            wait_for(lambda: b.js("return window.porticoMarker === undefined && "
                                  "document.readyState === 'complete'"),
                     "tab %d to reload" % i)
    finally:
        b.close()
        d.close()


@tap.add
def portico_page_reloads_after_a_save():
    def scenario(d, b):
        reload_after_a_change(d, b)
        d.server.wait_for(lambda lines: "Live reload: index.html changed, 1 browser told" in lines,
                          what="the reload's console line")
    with_browser(Portico, scenario)


@tap.add
def portico_css_save_swaps_style_in_place():
    with_browser(Portico, css_swapped_in_place)


RESTORED = ("return window.porticoMarker === 42 && window.porticoRestored === true && "
            "document.getElementById('p') !== null")
WATCH_RESTORE = ("window.porticoMarker = 42; window.porticoRestored = false;"
                 "addEventListener('pageshow', function (e) {"
                 "  if (e.persisted) window.porticoRestored = true; });")


@tap.add
def portico_back_forward_cache():
    d = Portico(ARGS.portico)
    b = Browser()
    try:
        # restored with no change: the same page (its marker), registered again
        b.go(d.url("/"))
        wait_for(lambda: d.browsers() == 1, "one browser connected")
        b.js(WATCH_RESTORE)
        b.go(d.url("/other.html"))
        b.s("POST", "/back", {})
        wait_for(lambda: b.js(RESTORED), "the page restored from the back/forward cache")
        d.write("index.html", PAGE.replace("text", "after the restore"))
        wait_for(lambda: reloaded_with(b, "after the restore"),
                 "the restored page to reload after a save")

        # a save while it is cached: restored, it reloads
        b.js(WATCH_RESTORE)
        b.go(d.url("/other.html"))
        check(b.js("return document.getElementById('o') !== null"), "on the other page")
        time.sleep(0.3)
        d.write("index.html", PAGE.replace("text", "saved while cached"))
        d.server.wait_for(lambda lines: any(l.startswith("Live reload: index.html changed")
                                            for l in lines[-5:]),
                          what="the change while cached")
        b.s("POST", "/back", {})
        wait_for(lambda: reloaded_with(b, "saved while cached"),
                 "the page restored after a save to reload")
    finally:
        b.close()
        d.close()


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--driver", required=True)
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--chromedriver", required=True)
    parser.add_argument("--portico", required=True)
    ARGS, _ = parser.parse_known_args()
    sys.exit(tap.run())


if __name__ == "__main__":
    main()
