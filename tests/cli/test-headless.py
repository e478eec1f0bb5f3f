#!/usr/bin/env python3
"""portico --no-gui as a subprocess: console text, log.txt, signals, flags.

Run a second time with --portico pointing at portico-server, which must
behave the same (it takes --no-gui too, unlisted); PROG says which."""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import (Tap, Server, Skip, check, check_eq, curl, headless_env, make_site,
                   mask_console, mask_log, read_file, STOP_WITHIN_S, FIRST_LINE_RE)

ARGS = None
PROG = None            # "portico" or "portico-server"
tap = Tap()

INDEX = read_file("index.html")
PNG = read_file("portico.png")


def conn_block(request_lines):
    """The console block for one request on a connection closed after it."""
    return (["Received connection from ('127.0.0.1', P)",
             "",
             "Received request from ('127.0.0.1', P):"]
            + request_lines
            + ["", "Connection to: ('127.0.0.1', P) is closed."])


def wait_closes(server, n):
    server.wait_for(lambda lines: sum(l.startswith("Connection to: ") for l in lines) >= n,
                    what="%d closed connections" % n)


def run_portico(*args, cwd=None, env=None):
    p = subprocess.run([ARGS.portico] + list(args), cwd=cwd or tempfile.mkdtemp(),
                       env=env or headless_env(), stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


@tap.add
def session_console_and_log():
    srv = Server(ARGS.portico)
    try:
        check_eq(srv.host, "127.0.0.1", "host")
        rc, body = curl("-H", "Connection: close", srv.url("/"))
        check_eq(rc, 0, "curl GET /")
        check_eq(body, INDEX, "GET / body")
        wait_closes(srv, 1)

        rc, head = curl("-I", "-H", "Connection: close", srv.url("/index.html"))
        check_eq(rc, 0, "curl HEAD")
        head_lines = head.decode().split("\r\n")
        check_eq(head_lines[0], "HTTP/1.1 200 OK", "HEAD status line")
        check("Content-Length: %d" % len(INDEX) in head_lines, "HEAD Content-Length: %r" % head_lines)
        check("Content-Type: text/html; charset=utf-8" in head_lines, "HEAD Content-Type")
        check("Cache-Control: no-cache" in head_lines, "HEAD Cache-Control")
        check(any(l.startswith('ETag: "') for l in head_lines), "HEAD ETag: %r" % head_lines)
        check("Connection: close" in head_lines, "HEAD Connection")
        wait_closes(srv, 2)

        rc, body = curl("-H", "Connection: close", "-o", "/dev/null", "-w", "%{http_code}",
                        srv.url("/abc.html"))
        check_eq(body, b"404", "GET /abc.html status")
        wait_closes(srv, 3)

        rc, body = curl("-H", "Connection: close", srv.url("/portico.png"))
        check_eq(body, PNG, "GET /portico.png bytes")
        wait_closes(srv, 4)

        rc, took = srv.stop(signal.SIGTERM)
        check_eq(rc, 0, "exit status after SIGTERM")
        check(took < STOP_WITHIN_S, "stopped in %.2f s" % took)
    finally:
        srv.kill()

    want = (["Server is running on host/port: 127.0.0.1/PORT"]
            + conn_block(["GET / HTTP/1.1", "Host: 127.0.0.1:PORT", "Connection: close"])
            + conn_block(["HEAD /index.html HTTP/1.1", "Host: 127.0.0.1:PORT", "Connection: close"])
            + conn_block(["GET /abc.html HTTP/1.1", "Host: 127.0.0.1:PORT", "Connection: close"])
            + conn_block(["GET /portico.png HTTP/1.1", "Host: 127.0.0.1:PORT", "Connection: close"])
            + ["Server stopped."])
    check_eq(mask_console(srv.console(), srv.port), want, "console")
    check_eq(srv.stderr, b"", "stderr")

    req = "[Client request from (localhost, 127.0.0.1)][Connection: close][Method: %s][Request file name: %s][Date: D]"
    resp = "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 %s][Date: D][Connection: close]"
    check_eq(mask_log(srv.log_lines()), [
        req % ("GET", "/index.html"), resp % "200 OK",
        req % ("HEAD", "/index.html"), resp % "200 OK",
        req % ("GET", "/abc.html"), resp % "404 File Not Found",
        req % ("GET", "/portico.png"), resp % "200 OK",
    ], "log.txt")


@tap.add
def concurrent_blocks_stay_whole():
    """Many connections at once: every console block is written in one piece."""
    n_threads, n_each = 8, 5
    srv = Server(ARGS.portico, "--threads", "4")
    errors = []

    def client(t):
        try:
            for i in range(n_each):
                with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
                    s.sendall(b"GET /index.html?c=%d&r=%d HTTP/1.1\r\nHost: t%d.localhost\r\nConnection: close\r\n\r\n"
                              % (t, i, t))
                    data = b""
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    if not data.startswith(b"HTTP/1.1 200 OK\r\n") or not data.endswith(INDEX):
                        errors.append(data[:80])
        except OSError as e:
            errors.append(repr(e))

    threads = [threading.Thread(target=client, args=(t,)) for t in range(n_threads)]
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        check_eq(errors, [], "responses")
        lines = srv.wait_for(
            lambda l: sum(x.startswith("Connection to: ") for x in l) >= n_threads * n_each,
            what="every close")
    finally:
        srv.kill()

    blocks = 0
    for i, line in enumerate(lines):
        if line.startswith("Received request from "):
            m = re.fullmatch(r"GET /index\.html\?c=(\d+)&r=(\d+) HTTP/1\.1", lines[i + 1])
            check(m is not None, "request line after %r: %r" % (line, lines[i + 1]))
            check_eq(lines[i + 2:i + 5], ["Host: t%s.localhost" % m.group(1), "Connection: close", ""],
                     "the rest of the block")
            check_eq(lines[i - 1], "", "blank line before the block")
            blocks += 1
    check_eq(blocks, n_threads * n_each, "request blocks")
    check_eq(sum(l.startswith("Received connection from") for l in lines), n_threads * n_each,
             "connections")


@tap.add
def sigint_stops_cleanly():
    srv = Server(ARGS.portico)
    try:
        rc, body = curl("-H", "Connection: close", srv.url("/helloworld.html"))
        check_eq(body, read_file("helloworld.html"), "helloworld.html")
        wait_closes(srv, 1)
        rc, took = srv.stop(signal.SIGINT)
        check_eq(rc, 0, "exit status after SIGINT")
        check(took < STOP_WITHIN_S, "stopped in %.2f s" % took)
        check_eq(srv.console()[-1], "Server stopped.", "last line")
        check_eq(len(srv.log_lines()), 2, "log records")
    finally:
        srv.kill()


@tap.add
def quiet_prints_only_first_line():
    srv = Server(ARGS.portico, "--quiet")
    try:
        for path in ("/", "/abc.html"):
            rc, _ = curl("-H", "Connection: close", "-o", "/dev/null", srv.url(path))
            check_eq(rc, 0, "curl " + path)
        rc, took = srv.stop()
        check_eq(rc, 0, "exit status")
    finally:
        srv.kill()
    check_eq(mask_console(srv.console(), srv.port),
             ["Server is running on host/port: 127.0.0.1/PORT"], "quiet console")
    check_eq(srv.stderr, b"", "stderr")
    check_eq(len(srv.log_lines()), 4, "the log is still written")


@tap.add
def no_display_serves_headless():
    srv = Server(ARGS.portico, no_gui=False, env=headless_env())
    try:
        rc, body = curl("-H", "Connection: close", srv.url("/index.html"))
        check_eq(body, INDEX, "served without a display")
        rc, _ = srv.stop()
        check_eq(rc, 0, "exit status")
    finally:
        srv.kill()
    if PROG == "portico-server":
        note = ""      # always headless: nothing to say
    elif ARGS.gui == "1":
        note = "portico: no display found; serving headless (use --no-gui to say so explicitly)\n"
    else:
        note = "portico: built without the window; serving headless (use --no-gui to say so explicitly)\n"
    check_eq(srv.stderr.decode(), note, "stderr note")


@tap.add
def help_lists_every_flag():
    flags = ["--no-gui", "--host", "--port", "-p,", "--docroot", "-d,", "--threads", "-t,",
             "--keep-alive-timeout", "--max-requests", "--header-timeout", "--max-connections",
             "--log-file", "--no-log", "--log-format", "--serve-any-type", "--quiet", "-q,",
             "--no-port-fallback", "--version", "--list-directories", "--spa",
             "--precompressed"]
    if PROG == "portico-server":
        flags = [f for f in flags if f != "--no-gui"] + ["--config", "-c,"]
    # Even with a display, --help is answered before any window exists.
    for env in (headless_env(), headless_env({"DISPLAY": ":987"})):
        rc, out, err = run_portico("--help", env=env)
        check_eq(rc, 0, "--help exit status")
        check_eq(err, "", "--help stderr")
        for flag in flags:
            check(re.search(r"(^|\s)" + re.escape(flag), out, re.M) is not None,
                  "--help does not list %s:\n%s" % (flag, out))
        check("GSettings" in out and "SIGTERM" in out, "--help summary paragraph")
        check(PROG == "portico" or re.search(r"^\s+--no-gui", out, re.M) is None,
              "portico-server does not list --no-gui")


@tap.add
def version():
    rc, out, err = run_portico("--version")
    check_eq((rc, err), (0, ""), "--version status")
    check(re.fullmatch(re.escape(PROG) + r" \d+\.\d+\.\d+\n", out) is not None, "--version: %r" % out)


BAD_FLAGS = [
    ("port-too-big", ["--port", "65536"], "--port must be between 0 and 65535, not 65536"),
    ("port-negative", ["--port", "-1"], "--port must be between 0 and 65535, not -1"),
    ("port-not-a-number", ["--port", "http"], None),
    ("threads-too-many", ["--threads", "65"], "--threads must be between 0 and 64, not 65"),
    ("keep-alive-zero", ["--keep-alive-timeout", "0"], "--keep-alive-timeout must be between 1 and 3600, not 0"),
    ("keep-alive-too-long", ["--keep-alive-timeout", "3601"], "--keep-alive-timeout must be between 1 and 3600, not 3601"),
    ("max-requests-zero", ["--max-requests", "0"], "--max-requests must be between 1 and 100000, not 0"),
    ("max-requests-too-many", ["--max-requests", "100001"], "--max-requests must be between 1 and 100000, not 100001"),
    ("header-timeout-negative", ["--header-timeout", "-5"], "--header-timeout must be between 1 and 86400, not -5"),
    ("max-connections-zero", ["--max-connections", "0"], "--max-connections must be between 1 and 1000000, not 0"),
    ("log-format-unknown", ["--log-format", "json"], "--log-format must be report or combined, not “json”"),
    ("log-file-and-no-log", ["--log-file", "x.txt", "--no-log"], "--log-file and --no-log cannot be used together"),
    ("empty-host", ["--host", ""], "--host must not be empty"),
    ("unknown-flag", ["--frobnicate"], "Unknown option --frobnicate"),
    ("extra-argument", ["srcFile"], "unexpected argument “srcFile” (see PROG --help)"),
    ("host-not-an-address", ["--host", "not-an-address"], None),
]


def bad_flag_case(name, args, message):
    def func():
        rc, out, err = run_portico("--no-gui", "--port", "0", *args, cwd=make_site())
        check_eq(rc, 2, "exit status for %r (stderr %r)" % (args, err))
        check_eq(out, "", "stdout")
        check_eq(err.count("\n"), 1, "one line on stderr: %r" % err)
        check(err.startswith("portico: "), "stderr prefix: %r" % err)
        if message is not None:
            check_eq(err, "portico: %s\n" % message.replace("PROG", PROG), "stderr")
    func.__name__ = "bad_flag_" + name.replace("-", "_")
    return func


for case in BAD_FLAGS:
    tap.add(bad_flag_case(*case))


@tap.add
def missing_docroot():
    rc, out, err = run_portico("--no-gui", "--port", "0", "--docroot", "/nonexistent/site")
    check_eq((rc, out), (1, ""), "exit status")
    check_eq(err, "portico: cannot serve “/nonexistent/site”: no such folder\n", "stderr")


@tap.add
def docroot_is_a_file():
    site = make_site()
    rc, out, err = run_portico("--no-gui", "--port", "0", "--docroot", "srcFile/index.html", cwd=site)
    check_eq((rc, out), (1, ""), "exit status")
    check_eq(err, "portico: cannot serve “srcFile/index.html”: not a folder\n", "stderr")
    check(not os.path.exists(os.path.join(site, "log.txt")), "no log.txt when nothing started")


@tap.add
def default_docroot_without_srcfile():
    # No ./srcFile: the installed one (PKGDATADIR/srcFile), or one line + exit 1.
    rc, out, err = run_portico("--no-gui", "--port", "0", "--no-log")
    if rc == 1:
        check(re.fullmatch(r"portico: cannot serve “/.*/srcFile”: no such folder\n", err) is not None,
              "stderr: %r" % err)
    else:
        raise AssertionError("unexpected status %d: %r %r" % (rc, out, err))


@tap.add
def bind_failure_without_fallback():
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    port = blocker.getsockname()[1]
    try:
        rc, out, err = run_portico("--no-gui", "--port", str(port), "--no-port-fallback", cwd=make_site())
    finally:
        blocker.close()
    check_eq((rc, out), (1, ""), "exit status (stderr %r)" % err)
    check_eq(err.count("\n"), 1, "one line: %r" % err)
    check(err.startswith("portico: ") and str(port) in err, "stderr names the port: %r" % err)


@tap.add
def busy_port_falls_back():
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    port = blocker.getsockname()[1]
    try:
        srv = Server(ARGS.portico, "--port", str(port))
        try:
            check(port < srv.port < port + 100, "fell back from %d to %d" % (port, srv.port))
            rc, _ = srv.stop()
            check_eq(rc, 0, "exit status")
        finally:
            srv.kill()
    finally:
        blocker.close()


@tap.add
def no_log_writes_no_file():
    srv = Server(ARGS.portico, "--no-log")
    try:
        rc, body = curl("-H", "Connection: close", srv.url("/"))
        check_eq(body, INDEX, "served")
        wait_closes(srv, 1)
        rc, _ = srv.stop()
        check_eq(rc, 0, "exit status")
    finally:
        srv.kill()
    check(not os.path.exists(os.path.join(srv.cwd, "log.txt")), "log.txt exists")


@tap.add
def log_file_and_combined_format():
    srv = Server(ARGS.portico, "--log-file", "access.log", "--log-format", "combined")
    try:
        rc, body = curl("-H", "Connection: close", srv.url("/index.html"))
        check_eq(body, INDEX, "served")
        wait_closes(srv, 1)
        rc, _ = srv.stop()
        check_eq(rc, 0, "exit status")
    finally:
        srv.kill()
    check(not os.path.exists(os.path.join(srv.cwd, "log.txt")), "log.txt written instead")
    lines = srv.log_lines("access.log")
    check_eq(len(lines), 1, "one combined record: %r" % lines)
    pattern = (r'127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] '
               r'"GET /index\.html HTTP/1\.1" 200 %d "-" "-"' % len(INDEX))
    check(re.fullmatch(pattern, lines[0]) is not None, "combined record: %r" % lines[0])


@tap.add
def docroot_flag_and_serve_any_type():
    site = make_site()
    other = os.path.join(site, "other")
    os.mkdir(other)
    with open(os.path.join(other, "script.py"), "w") as f:
        f.write("print('hi')\n")
    with open(os.path.join(other, "index.html"), "w") as f:
        f.write("<p>other</p>\n")

    for flags, status in (([], b"400"), (["--serve-any-type"], b"200")):
        srv = Server(ARGS.portico, "-d", "other", "-t", "1", *flags, cwd=site)
        try:
            _, body = curl("-H", "Connection: close", srv.url("/"))
            check_eq(body, b"<p>other</p>\n", "--docroot other")
            _, code = curl("-H", "Connection: close", "-o", "/dev/null", "-w", "%{http_code}",
                           srv.url("/script.py"))
            check_eq(code, status, "script.py with %r" % flags)
            rc, _ = srv.stop()
            check_eq(rc, 0, "exit status")
        finally:
            srv.kill()


def _limits_of(pid):
    with open("/proc/%d/limits" % pid) as f:
        for line in f:
            if line.startswith("Max open files"):
                fields = line.split()
                return int(fields[3]), int(fields[4])
    return None


def _start_with_nofile(soft, hard, *args):
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return subprocess.Popen([ARGS.portico, "--no-gui", "--port", "0", "--no-log", *args],
                            cwd=make_site(), env=headless_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit)


@tap.add
def raises_soft_fd_limit():
    import resource
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < 10000 + 256:
        raise Skip("the hard open-file limit here is %d" % hard)
    proc = _start_with_nofile(1024, hard, "--max-connections", "10000")
    try:
        first = proc.stdout.readline().decode()
        check(first.startswith("Server is running on host/port: "), "first line %r" % first)
        check_eq(_limits_of(proc.pid), (10000 + 256, hard), "soft limit raised to max-connections + reserve")
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    check_eq(proc.returncode, 0, "exit status")
    check_eq(err, b"", "nothing on stderr when the limit could be raised")


@tap.add
def says_when_hard_fd_limit_is_too_low():
    proc = _start_with_nofile(300, 300, "--max-connections", "10000")
    try:
        first = proc.stdout.readline().decode()
        check(first.startswith("Server is running on host/port: "), "still serves: %r" % first)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    check_eq(proc.returncode, 0, "exit status")
    check_eq(err.decode(),
             "portico: the open-file limit (300, hard 300) allows about 44 connections, "
             "fewer than --max-connections 10000; raise it with \u201culimit -Hn\u201d\n",
             "stderr")


if __name__ == "__main__":
    from ptcli import parse_args
    ARGS = parse_args()
    PROG = os.path.basename(ARGS.portico)
    sys.exit(tap.run())
