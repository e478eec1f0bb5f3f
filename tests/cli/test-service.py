#!/usr/bin/env python3
"""portico-server as a service: systemd socket activation (LISTEN_FDS, through
systemd-socket-activate, which needs no systemd as PID 1), the readiness
notification on $NOTIFY_SOCKET, SIGHUP reopening the log under load, and
--log-file - (records on stdout, console text on stderr).

    python3 test-service.py --portico PORTICO_SERVER --client PATH --gui 0|1
"""

import http.client
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import (Tap, Server, check, check_eq, free_port, headless_env, make_site,
                   read_file, FIRST_LINE_RE, WAIT_S, IMF_DATE_RE)

ARGS = None
tap = Tap()
INDEX = read_file("index.html")
COMBINED_RE = re.compile(r'127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] '
                         r'"GET /missing-(\d+)\.html HTTP/1\.1" 404 \d+ "-" "-"')


def get(port, path="/index.html"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT_S)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=WAIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError("no exit after SIGTERM")
    return proc.returncode


@tap.add
def socket_activation_serves():
    """systemd-socket-activate binds and listens; portico-server (started on
    the first connection) accepts on fd 3 and serves; the console says where."""
    cwd = make_site()
    port = free_port()
    tool = shutil.which("systemd-socket-activate")
    check(tool is not None, "systemd-socket-activate is missing (install-deps.sh --tests)")
    proc = subprocess.Popen([tool, "-l", "127.0.0.1:%d" % port, ARGS.portico, "--port", "1",
                             "--no-port-fallback"],
                            cwd=cwd, env=headless_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WAIT_S
        while True:   # the tool listens a moment after it starts
            try:
                status, body = get(port)
                break
            except ConnectionRefusedError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    proc.kill()
                    raise AssertionError("systemd-socket-activate never listened: %r"
                                         % (proc.communicate(),))
                time.sleep(0.05)
        check_eq(status, 200)
        check_eq(body, INDEX)
        # --port 1 would need privileges: the socket came from the tool.
        check_eq(get(port)[0], 200)
    finally:
        check_eq(stop(proc), 0, "exit status")
    out = proc.stdout.read().decode().splitlines()
    m = FIRST_LINE_RE.match(out[0])
    check(m is not None, "first line %r" % out)
    check_eq((m.group(1), int(m.group(2))), ("127.0.0.1", port))
    check(any(line.startswith("GET /index.html") or "/index.html" in line for line in out[1:]),
          "request on the console: %r" % out)
    check("LISTEN_FDS" not in proc.stderr.read().decode(), "stderr")


@tap.add
def socket_activation_for_another_pid_is_ignored():
    """LISTEN_PID naming another process: the server binds as usual."""
    srv = Server(ARGS.portico, no_gui=False,
                 env=headless_env({"LISTEN_PID": "1", "LISTEN_FDS": "1"}))
    try:
        check(srv.port != 0, "port")
        check_eq(get(srv.port)[0], 200)
    finally:
        srv.stop()


@tap.add
def socket_activation_bad_variables():
    cwd = make_site()
    p = subprocess.run([ARGS.portico, "--port", "0"], cwd=cwd, stdin=subprocess.DEVNULL,
                       env=headless_env({"LISTEN_PID": str(os.getpid()), "LISTEN_FDS": "x"}),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=WAIT_S)
    check_eq(p.returncode, 2, "exit status")
    check_eq(p.stderr.decode(), "portico: socket activation: LISTEN_PID=%d LISTEN_FDS=x are not numbers\n"
             % os.getpid())


def notify_test(abstract):
    tmp = tempfile.mkdtemp(prefix="portico-notify-")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if abstract:
        name = "portico-test-%d-%d" % (os.getpid(), time.monotonic_ns())
        sock.bind("\0" + name)
        env_value = "@" + name
    else:
        env_value = os.path.join(tmp, "notify")
        sock.bind(env_value)
    sock.settimeout(WAIT_S)
    cwd = make_site()
    proc = subprocess.Popen([ARGS.portico, "--port", "0", "--docroot", "srcFile"], cwd=cwd,
                            env=headless_env({"NOTIFY_SOCKET": env_value}),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        data = sock.recv(4096).decode()
        fields = dict(line.split("=", 1) for line in data.split("\n"))
        check_eq(fields.get("READY"), "1", "READY in %r" % data)
        check_eq(fields.get("MAINPID"), str(proc.pid), "MAINPID in %r" % data)
        m = re.fullmatch(r"Serving srcFile on http://127\.0\.0\.1:(\d+)/", fields.get("STATUS", ""))
        check(m is not None, "STATUS in %r" % data)
        # READY=1 came after listen(): the very first attempt connects.
        s = socket.create_connection(("127.0.0.1", int(m.group(1))), timeout=WAIT_S)
        s.close()
        check_eq(get(int(m.group(1)))[0], 200)
        proc.send_signal(signal.SIGTERM)
        check_eq(sock.recv(4096).decode(), "STOPPING=1")
    finally:
        check_eq(stop(proc), 0, "exit status")
        sock.close()
        shutil.rmtree(tmp)


@tap.add
def notify_ready_path_socket():
    notify_test(False)


@tap.add
def notify_ready_abstract_socket():
    notify_test(True)


@tap.add
def sighup_reopens_log_under_load():
    """A client hammers requests while the log is renamed and SIGHUP sent,
    again and again: every response has exactly one intact record across the
    old files and the new one."""
    srv = Server(ARGS.portico, "--quiet", "--log-format", "combined", no_gui=False)
    n_sent = [0]
    stop_flag = threading.Event()
    errors = []

    def hammer():
        try:
            conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=WAIT_S)
            i = 0
            while not stop_flag.is_set():
                conn.request("GET", "/missing-%d.html" % i)
                resp = conn.getresponse()
                resp.read()
                if resp.status != 404:
                    errors.append("status %d" % resp.status)
                i += 1
                n_sent[0] = i
            conn.close()
        except Exception as e:   # reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=hammer)]
    for t in threads:
        t.start()
    rotated = []
    try:
        for k in range(15):
            time.sleep(0.1)
            name = "log.txt.%d" % k
            os.rename(os.path.join(srv.cwd, "log.txt"), os.path.join(srv.cwd, name))
            rotated.append(name)
            srv.proc.send_signal(signal.SIGHUP)
        # The reopen happens on the writer thread: wait for log.txt to come back.
        deadline = time.monotonic() + WAIT_S
        while not os.path.exists(os.path.join(srv.cwd, "log.txt")):
            check(time.monotonic() < deadline, "log.txt was not reopened")
            time.sleep(0.05)
        time.sleep(0.2)
    finally:
        stop_flag.set()
        for t in threads:
            t.join(WAIT_S)
        rc, _ = srv.stop()
    check_eq(errors, [], "client errors")
    check_eq(rc, 0, "exit status")
    seen = {}
    non_empty = 0
    for name in rotated + ["log.txt"]:
        lines = srv.log_lines(name)
        non_empty += 1 if lines else 0
        for line in lines:
            m = COMBINED_RE.fullmatch(line)
            check(m is not None, "torn or foreign record in %s: %r" % (name, line))
            seen[int(m.group(1))] = seen.get(int(m.group(1)), 0) + 1
    check(n_sent[0] > 100, "only %d requests" % n_sent[0])
    check_eq(sorted(k for k, v in seen.items() if v != 1), [], "requests logged twice")
    check_eq(sorted(seen), list(range(n_sent[0])), "every response has its record")
    check(non_empty >= 5, "records spread over only %d files" % non_empty)


@tap.add
def log_file_stdout():
    """--log-file -: the records on stdout (for the journal), the console's
    remaining text (the first line) on stderr, the per-request lines off."""
    cwd = make_site()
    proc = subprocess.Popen([ARGS.portico, "--port", "0", "--log-file", "-"], cwd=cwd,
                            env=headless_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = proc.stderr.readline().decode().rstrip("\n")
        m = FIRST_LINE_RE.match(first)
        check(m is not None, "first line on stderr %r" % first)
        check_eq(get(int(m.group(2)))[0], 200)
    finally:
        check_eq(stop(proc), 0, "exit status")
    out = proc.stdout.read().decode().splitlines()
    err = proc.stderr.read().decode()
    check_eq(len(out), 2, "records %r" % out)
    check(re.fullmatch(r"\[Client request from \(localhost, 127\.0\.0\.1\)\]\[Connection: close\]"
                       r"\[Method: GET\]\[Request file name: [^\]]*index\.html\]\[Date: %s\]" % IMF_DATE_RE,
                       out[0]) is not None, out[0])
    check(out[1].startswith("[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 200 OK]"), out[1])
    check_eq(err, "Server stopped.\n" if err else "", "stderr rest")
    check(not os.path.exists(os.path.join(cwd, "log.txt")), "no log.txt")


@tap.add
def proxy_protocol_flags():
    """--proxy-protocol needs --trusted-proxy; with it, a PROXY v1 header from
    the trusted address names the client on the console and in log.txt."""
    cwd = make_site()
    p = subprocess.run([ARGS.portico, "--port", "0", "--proxy-protocol"], cwd=cwd,
                       stdin=subprocess.DEVNULL, env=headless_env(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=WAIT_S)
    check_eq((p.returncode, p.stderr.decode()),
             (2, "portico: --proxy-protocol needs --trusted-proxy ADDRESS[/BITS]\n"))
    srv = Server(ARGS.portico, "--proxy-protocol", "--trusted-proxy", "10.0.0.0/8,127.0.0.1",
                 no_gui=False)
    try:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=WAIT_S)
        s.sendall(b"PROXY TCP4 198.51.100.4 127.0.0.1 40404 80\r\n"
                  b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        check(data.startswith(b"HTTP/1.1 200 OK\r\n"), data[:40])
        srv.wait_for(lambda lines: any("is closed." in l for l in lines))
    finally:
        rc, _ = srv.stop()
    check_eq(rc, 0)
    console = srv.console()
    check_eq(console[1], "Received connection from ('198.51.100.4', 40404)")
    log = srv.log_lines()
    check(log[0].startswith("[Client request from (198.51.100.4, 198.51.100.4)][Connection: close]"), log)


def main():
    global ARGS
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--portico", required=True)
    p.add_argument("--client", default=None)
    p.add_argument("--gui", default="0")
    ARGS = p.parse_args()
    ARGS.portico = os.path.abspath(ARGS.portico)
    return tap.run()


if __name__ == "__main__":
    sys.exit(main())
