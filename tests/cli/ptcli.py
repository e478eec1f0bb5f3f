"""ptcli.py — shared helpers for the cli suite: TAP output, a running
`portico --no-gui` and its console, portico-client runs.

Each test script is started by meson as
    python3 test-X.py --portico PATH --client PATH --gui 0|1 [--chromium PATH] [--ffmpeg PATH]
and prints TAP (one "ok"/"not ok" per check).  Timeouts here only bound how
long we wait for something that must happen; nothing asserts on speed.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

WAIT_S = 10            # how long we wait for a console line that must come
STOP_WITHIN_S = 2      # SIGTERM → exit, as the task requires
SOURCE_ROOT = os.environ.get(
    "PT_SOURCE_ROOT",
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SRCFILE = os.path.join(SOURCE_ROOT, "srcFile")

FIRST_LINE_RE = re.compile(r"^Server is running on host/port: (\S+)/(\d+)$")
IMF_DATE_RE = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT"


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--portico", required=True)
    p.add_argument("--client", required=True)
    p.add_argument("--gui", default="0")
    p.add_argument("--chromium", default=None)
    p.add_argument("--ffmpeg", default=None)
    args = p.parse_args()
    # meson passes build targets relative to the build dir (the test's cwd).
    args.portico = os.path.abspath(args.portico)
    args.client = os.path.abspath(args.client)
    return args


class Tap:
    """Collects named checks; each test function is one TAP line."""

    def __init__(self):
        self.n = 0
        self.failed = 0
        self.tests = []

    def add(self, func):
        self.tests.append(func)
        return func

    def run(self):
        print("1..%d" % len(self.tests), flush=True)
        for func in self.tests:
            self.n += 1
            name = func.__name__
            try:
                func()
            except Skip as e:
                print("ok %d %s # SKIP %s" % (self.n, name, e), flush=True)
                continue
            except Exception:
                self.failed += 1
                print("not ok %d %s" % (self.n, name), flush=True)
                for line in traceback.format_exc().splitlines():
                    print("# " + line, flush=True)
                continue
            print("ok %d %s" % (self.n, name), flush=True)
        return 1 if self.failed else 0


class Skip(Exception):
    pass


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def check_eq(got, want, what=""):
    if got != want:
        raise AssertionError("%s\n--- got ---\n%r\n--- want ---\n%r" % (what, got, want))


def headless_env(extra=None):
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    if extra:
        env.update(extra)
    return env


def chromium_argv(chromium, profile, *args):
    """Headless Chromium with a throw-away profile, no network but what the page asks for."""
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile] + list(args)


def make_site():
    """A temporary working folder holding a copy of srcFile."""
    cwd = tempfile.mkdtemp(prefix="portico-cli-")
    shutil.copytree(SRCFILE, os.path.join(cwd, "srcFile"))
    return cwd


class Server:
    """`portico --no-gui --port 0 ...` in a temp cwd; stdout collected by a thread."""

    def __init__(self, portico, *args, cwd=None, env=None, no_gui=True, expect_start=True, wrap=None):
        """wrap: a command that execs the rest (e.g. ["unshare", "-n", "--"]), so
        proc.pid is still portico's."""
        self.cwd = cwd or make_site()
        self.lines = []
        self.cond = threading.Condition()
        argv = (wrap or []) + [portico] + (["--no-gui"] if no_gui else []) + list(args)
        if not any(a == "--port" or a.startswith("--port=") or a == "-p" for a in args):
            argv += ["--port", "0"]
        self.proc = subprocess.Popen(argv, cwd=self.cwd, env=env or headless_env(),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.stderr = b""
        self._t_out = threading.Thread(target=self._read_stdout, daemon=True)
        self._t_err = threading.Thread(target=self._read_stderr, daemon=True)
        self._t_out.start()
        self._t_err.start()
        self.host = None
        self.port = None
        if expect_start:
            first = self.wait_line(0)
            m = FIRST_LINE_RE.match(first)
            check(m is not None, "first line %r" % first)
            self.host, self.port = m.group(1), int(m.group(2))

    def _read_stdout(self):
        for raw in self.proc.stdout:
            with self.cond:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def _read_stderr(self):
        self.stderr = self.proc.stderr.read()

    def wait_line(self, index, timeout=WAIT_S):
        """The line at index (0 = first), waiting for it."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.lines) <= index:
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._t_out.is_alive()):
                    raise AssertionError("no console line %d; have %r; stderr %r"
                                         % (index, self.lines, self.stderr))
                self.cond.wait(min(left, 0.1))
            return self.lines[index]

    def wait_for(self, pred, timeout=WAIT_S, what="console"):
        deadline = time.monotonic() + timeout
        with self.cond:
            while not pred(list(self.lines)):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("timed out waiting for %s; console so far:\n%s"
                                         % (what, "\n".join(self.lines)))
                self.cond.wait(min(left, 0.1))
            return list(self.lines)

    def console(self):
        with self.cond:
            return list(self.lines)

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def stop(self, sig=signal.SIGTERM):
        """Signals and waits; returns (exit status, seconds it took)."""
        t0 = time.monotonic()
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=STOP_WITHIN_S + 5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("portico did not exit after signal %d" % sig)
        took = time.monotonic() - t0
        self._t_out.join(5)
        self._t_err.join(5)
        return rc, took

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log_lines(self, name="log.txt"):
        with open(os.path.join(self.cwd, name), "rb") as f:
            return f.read().decode("utf-8").splitlines()


def mask_console(lines, server_port):
    """Masks the peer ports as P and the server port as PORT; nothing else."""
    out = []
    for line in lines:
        line = re.sub(r"\('127\.0\.0\.1', \d+\)", "('127.0.0.1', P)", line)
        line = re.sub(r"\('::1', \d+\)", "('::1', P)", line)
        line = line.replace(":%d" % server_port, ":PORT").replace("/%d" % server_port, "/PORT")
        out.append(line)
    return out


def mask_log(lines):
    """Masks the dates as D after checking each is an IMF-fixdate."""
    out = []
    for line in lines:
        for d in re.findall(r"\[Date: ([^\]]*)\]", line):
            check(re.fullmatch(IMF_DATE_RE, d) is not None, "log date %r in %r" % (d, line))
        out.append(re.sub(r"\[Date: [^\]]*\]", "[Date: D]", line))
    return out


def curl(*args, timeout=WAIT_S):
    """Runs curl; returns (exit status, stdout bytes).  No proxy, quiet."""
    argv = ["curl", "--silent", "--show-error", "--noproxy", "*",
            "-H", "User-Agent:", "-H", "Accept:"] + list(args)
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout


def run_client(client, stdin_text, *args, timeout=WAIT_S * 3):
    """portico-client through a pipe; returns (status, stdout str, stderr str)."""
    p = subprocess.run([client] + list(args), input=stdin_text.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def free_port():
    """A port nobody listens on right now (bound then released)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def read_file(name):
    with open(os.path.join(SRCFILE, name), "rb") as f:
        return f.read()
