#!/usr/bin/env python3
"""Save-to-updated-page latency in headless Chromium: Portico's live reload beside live-server (npm).

Not a meson test (timings mean nothing on a loaded runner).  Usage:

    tests/bench/live-reload-latency.py --driver BUILD/tests/cli/pt-live-reload-driver \
        [--saves 20] [--live-server DIR]

For each server, one Chromium tab shows index.html; each of --saves rounds
writes index.html with a new number and measures from just before the
write to the moment the new page's inline script runs (performance.timeOrigin
+ performance.now() in the page, the same wall clock).  Portico is the
engine with live reload on (pt-live-reload-driver): its folder watcher sees
the save (inotify, 50 ms coalescing); live-server finds the change with its
own watcher.  live-server is installed with npm into a scratch folder outside
the repository (--live-server DIR to reuse one).  Prints p50 and p90.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
import importlib.util  # noqa: E402

spec = importlib.util.spec_from_file_location("lrtest", os.path.join(HERE, "..", "cli", "test-chromium-live-reload.py"))
lrtest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lrtest)

PAGE = """<!doctype html>
<html><head><title>bench</title></head>
<body><p id="p">%d</p>
<script>window.loadedAt = performance.timeOrigin + performance.now();</script>
</body></html>
"""
TIMEOUT_S = 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def measure(browser, url, root, notify, saves):
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write(PAGE % 0)
    browser.go(url)
    time.sleep(1.0)   # the stream (or websocket) is open
    out = []
    for n in range(1, saves + 1):
        t0 = time.time() * 1000.0
        with open(os.path.join(root, "index.html"), "w") as f:
            f.write(PAGE % n)
        notify()
        end = time.monotonic() + TIMEOUT_S
        while True:
            got = browser.js("var p = document.getElementById('p');"
                             "return p ? [p.textContent, window.loadedAt || 0] : null")
            if got is not None and got[0] == str(n):
                out.append(got[1] - t0)
                break
            if time.monotonic() > end:
                raise RuntimeError("save %d: no update within %d s" % (n, TIMEOUT_S))
            time.sleep(0.01)
        time.sleep(0.3)   # let the page settle before the next save
    return out


def install_live_server(path):
    exe = os.path.join(path, "node_modules", ".bin", "live-server")
    if not os.path.exists(exe):
        os.makedirs(path, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "live-server"],
                       cwd=path, check=True)
    return exe


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--driver", required=True)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "chromedriver")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--live-server", default=os.path.join(tempfile.gettempdir(), "portico-bench-live-server"))
    args = parser.parse_args()
    lrtest.ARGS = args

    results = {}

    # Portico
    d = lrtest.Driver(args.driver)
    b = lrtest.Browser()
    try:
        results["portico"] = measure(b, d.url("/"), d.root, lambda: None, args.saves)
    finally:
        b.close()
        d.close()

    # live-server
    exe = install_live_server(args.live_server)
    root = tempfile.mkdtemp(prefix="portico-bench-ls-")
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write(PAGE % 0)
    port = free_port()
    ls = subprocess.Popen([exe, "--port=%d" % port, "--host=127.0.0.1", "--no-browser", "--quiet", root],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        b = lrtest.Browser()
        try:
            results["live-server"] = measure(b, "http://127.0.0.1:%d/" % port, root, lambda: None, args.saves)
        finally:
            b.close()
    finally:
        ls.terminate()
        ls.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)

    print("| server | saves | p50 ms | p90 ms | min ms | max ms |")
    print("|---|---|---|---|---|---|")
    for name, values in results.items():
        print("| %s | %d | %.0f | %.0f | %.0f | %.0f |" % (
            name, len(values), statistics.median(values), percentile(values, 90),
            min(values), max(values)))


if __name__ == "__main__":
    main()
