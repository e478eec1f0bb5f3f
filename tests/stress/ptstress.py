"""ptstress — shared helpers for Portico's stress and fault tests.

Python 3 standard library only.  Each test script:

    tap = Tap()
    with Portico(sys.argv[1], ...) as srv:
        tap.ok(cond, "what was checked")
    tap.done()

Short mode by default (each script bounded to about 30 s); STRESS_LONG=1 for
the long variants.  Portico runs as `portico --no-gui --port 0` with a temp
docroot and a temp log file; its port is parsed from its first stdout line.
"""

import os
import queue
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

LONG = os.environ.get("STRESS_LONG", "") not in ("", "0")

STARTUP_TIMEOUT_S = 10
STOP_TIMEOUT_S = 5
IO_TIMEOUT_S = 10
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
RUNNING_RE = re.compile(r"Server is running on host/port: (\S+)/(\d+)")
INDEX_HTML = (b"<html>\n<head>\n  <title>Index</title>\n</head>\n<body>\n"
              b"  <h1>Welcome to the index.html web page.</h1>\n</body>\n</html>\n")
BIG_SIZE = 16 * 1024 * 1024


class Tap:
    """TAP producer: "ok N - desc" / "not ok N - desc", plan at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        if cond:
            print(f"ok {self.n} - {desc}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.n} - {desc}", flush=True)
        if diag:
            self.diag(diag)
        return bool(cond)

    def skip(self, desc, reason):
        self.n += 1
        print(f"ok {self.n} - {desc} # SKIP {reason}", flush=True)

    def diag(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)

    def done(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)


def raise_nofile(want=None):
    """Raises this process's RLIMIT_NOFILE soft limit (to the hard limit, or
    want).  Returns (soft, hard) after the change."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard
    if want is not None and (hard == resource.RLIM_INFINITY or want < hard):
        target = want
    if target == resource.RLIM_INFINITY or target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def make_docroot(parent, big=False):
    root = os.path.join(parent, "docroot")
    os.mkdir(root)
    with open(os.path.join(root, "index.html"), "wb") as f:
        f.write(INDEX_HTML)
    with open(os.path.join(root, "hello.txt"), "wb") as f:
        f.write(b"hello, world\n")
    if big:
        write_big(os.path.join(root, "big.txt"))
    return root


def write_big(path, size=BIG_SIZE, fill=b"0123456789abcdef"):
    block = fill * (65536 // len(fill))
    with open(path, "wb") as f:
        left = size
        while left > 0:
            n = min(left, len(block))
            f.write(block[:n])
            left -= n


class Portico:
    """A `portico --no-gui` child process on a free port."""

    def __init__(self, binary, args=(), nofile=None, quiet=True, threads=2,
                 big=False, log=True, log_dir=None, header_timeout=None):
        self.binary = os.path.abspath(binary)
        self.tmp = tempfile.mkdtemp(prefix="portico-stress-")
        self.docroot = make_docroot(self.tmp, big=big)
        self.log_path = os.path.join(log_dir or self.tmp, "log.txt") if log else None
        self.args = ["--no-gui", "--port", "0", "--docroot", self.docroot,
                     "--threads", str(threads)]
        if quiet:
            self.args.append("--quiet")
        if self.log_path:
            self.args += ["--log-file", self.log_path]
        else:
            self.args.append("--no-log")
        if header_timeout is not None:
            self.args += ["--header-timeout", str(header_timeout)]
        self.args += list(args)
        self.nofile = nofile
        self.proc = None
        self.port = None
        self.stdout_lines = []
        self.stderr_lines = []
        self._lines = queue.Queue()
        self.returncode = None

    # -- lifecycle -------------------------------------------------------------
    def _preexec(self):
        if self.nofile is not None:
            soft, hard = self.nofile
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    def _drain(self, stream, sink, q):
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            sink.append(line)
            if q is not None:
                q.put(line)
        stream.close()

    def start(self):
        self.proc = subprocess.Popen([self.binary] + self.args, cwd=self.tmp,
                                     stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     preexec_fn=self._preexec)
        threading.Thread(target=self._drain, daemon=True,
                         args=(self.proc.stdout, self.stdout_lines, self._lines)).start()
        threading.Thread(target=self._drain, daemon=True,
                         args=(self.proc.stderr, self.stderr_lines, None)).start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            m = RUNNING_RE.search(line)
            if m:
                self.port = int(m.group(2))
                return self
        self.kill()
        raise RuntimeError("portico did not start: rc=%s stdout=%r stderr=%r"
                           % (self.proc.returncode, self.stdout_lines[-5:], self.stderr_lines[-5:]))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def terminate(self, timeout=STOP_TIMEOUT_S):
        """SIGTERM; returns (returncode, seconds to exit) or (None, timeout)."""
        if self.proc is None:
            return None, 0.0
        if self.proc.poll() is not None:
            self.returncode = self.proc.returncode
            return self.returncode, 0.0
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None, timeout
        return self.returncode, time.monotonic() - t0

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.alive():
            self.terminate()
        self.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return False

    # -- observation ---------------------------------------------------------------
    @property
    def pid(self):
        return self.proc.pid

    def fd_count(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def cpu_seconds(self):
        """utime + stime of the whole process (all threads)."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def rss_kib(self):
        with open(f"/proc/{self.pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE // 1024

    def nofile_limit(self):
        with open(f"/proc/{self.pid}/limits") as f:
            for line in f:
                if line.startswith("Max open files"):
                    parts = line.split()
                    return int(parts[3]), int(parts[4])
        return None

    def wait_fd_count(self, target, timeout):
        """Waits until the fd count is <= target; returns the last count."""
        deadline = time.monotonic() + timeout
        n = self.fd_count()
        while n > target and time.monotonic() < deadline:
            time.sleep(0.1)
            n = self.fd_count()
        return n

    def log_lines(self):
        if not self.log_path or not os.path.exists(self.log_path):
            return []
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace").splitlines()


# -- HTTP client --------------------------------------------------------------------

class Response:
    def __init__(self, status, headers, body, raw_head):
        self.status = status
        self.headers = headers
        self.body = body
        self.raw_head = raw_head

    def __repr__(self):
        return f"<Response {self.status} {len(self.body)} bytes>"


def build_request(path, method="GET", keep_alive=True, extra=""):
    conn = "keep-alive" if keep_alive else "close"
    return (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Connection: {conn}\r\n{extra}\r\n").encode()


def read_response(sock, method="GET", buf=b""):
    """Reads one response from sock.  Returns (Response, leftover bytes) or
    (None, partial bytes) when the peer closed first."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None, buf
        buf += chunk
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    length = 0
    if method != "HEAD" and status != 304 and "content-length" in headers:
        length = int(headers["content-length"])
    while len(buf) < length:
        chunk = sock.recv(min(1 << 20, length - len(buf)))
        if not chunk:
            return None, buf
        buf += chunk
    return Response(status, headers, buf[:length], head), buf[length:]


def connect(port, timeout=IO_TIMEOUT_S):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def get(port, path="/index.html", method="GET", timeout=IO_TIMEOUT_S):
    """One request on a fresh connection (Connection: close)."""
    with connect(port, timeout) as s:
        s.sendall(build_request(path, method, keep_alive=False))
        resp, _ = read_response(s, method)
        return resp


def try_get(port, path="/index.html", timeout=IO_TIMEOUT_S):
    """get() that returns None instead of raising on a network error."""
    try:
        return get(port, path, timeout=timeout)
    except (OSError, ValueError, IndexError):
        return None


def wait_until(pred, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def set_linger_reset(sock):
    """close() will send RST instead of FIN."""
    import struct
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def binary_from_argv():
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        print("Bail out! usage: %s PATH/TO/portico" % sys.argv[0], flush=True)
        sys.exit(1)
    return sys.argv[1]
