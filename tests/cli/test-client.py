#!/usr/bin/env python3
"""portico-client through a pipe against a running portico --no-gui."""

import os
import re
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import (Tap, Server, Skip, check, check_eq, free_port, mask_console, read_file,
                   run_client, IMF_DATE_RE, WAIT_S)

ARGS = None
tap = Tap()

INDEX = read_file("index.html").decode()
HELLO = read_file("helloworld.html").decode()
PNG_SIZE = len(read_file("portico.png"))
PROMPT = "Enter a request:\n"


def mask_response(text):
    """Masks Date/Last-Modified values (after checking them) and Keep-Alive max."""
    for d in re.findall(r"^(?:Date|Last-Modified): (.*)$", text, re.M):
        check(re.fullmatch(IMF_DATE_RE, d) is not None, "date %r" % d)
    text = re.sub(r"^(Date|Last-Modified): .*$", r"\1: D", text, flags=re.M)
    for ka in re.findall(r"^Keep-Alive: (.*)$", text, re.M):
        check(re.fullmatch(r"timeout=\d+, max=\d+", ka) is not None, "Keep-Alive %r" % ka)
    return re.sub(r"^Keep-Alive: timeout=(\d+), max=\d+$", r"Keep-Alive: timeout=\1, max=M", text, flags=re.M)


def response(status, headers, body=""):
    """The client's text for one exchange (after the prompt)."""
    text = "Server response:\n%s\n" % status
    text += "".join("%s\n" % h for h in headers) + "\n"
    if body:
        text += body if body.endswith("\n") else body + "\n"
        text += "\n"
    return text


def ok_headers(length, ctype="text/html", keep=False, timeout=15):
    conn = (["Connection: keep-alive", "Keep-Alive: timeout=%d, max=M" % timeout] if keep
            else ["Connection: close"])
    return ["Date: D"] + conn + ["Last-Modified: D", "Content-Length: %d" % length,
                                 "Content-Type: %s" % ctype]


def raw_body(port, request):
    """The body the server sends for raw request bytes (read to close)."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT_S) as s:
        s.sendall(request)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data.partition(b"\r\n\r\n")[2].decode()


@tap.add
def report_session_connection_close():
    srv = Server(ARGS.portico)
    try:
        session = ("GET /index.html HTTP/1.1\nConnection: close\n\n"
                   "GET /index.py HTTP:/1.1\nConnection: close\n\n"
                   "GET /abc.html HTTP/1.1\nConnection: close\n\n"
                   "HEAD /index.html HTTP/1.1\nConnection: close\n\n")
        rc, out, err = run_client(ARGS.client, session, "127.0.0.1:%d" % srv.port)
        check_eq(rc, 0, "exit status (stderr %r)" % err)
        check_eq(err, "(added Host: 127.0.0.1:%d)\n" % srv.port * 4, "stderr")

        blocks = mask_response(out).split(PROMPT)
        check_eq(len(blocks), 6, "prompts: %r" % out)
        check_eq(blocks[0], "", "before the first prompt")
        check_eq(blocks[1], response("HTTP/1.1 200 OK", ok_headers(len(INDEX)), INDEX), "GET /index.html")

        for block, status, raw in (
                (blocks[2], "HTTP/1.1 400 Bad Request", b"GET /index.py HTTP:/1.1\r\nConnection: close\r\n\r\n"),
                (blocks[3], "HTTP/1.1 404 File Not Found", b"GET /abc.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")):
            body = raw_body(srv.port, raw)
            check(len(body) > 0, "the server sends an error page")
            # A text/html error body is printed as text, then a blank line.
            check_eq(block, response(status, ["Date: D", "Connection: close",
                                              "Content-Length: %d" % len(body.encode()),
                                              "Content-Type: text/html"], body), status)

        check_eq(blocks[4], response("HTTP/1.1 200 OK", ok_headers(len(INDEX))), "HEAD /index.html")
        check_eq(blocks[5], "", "after the last prompt")

        # Connection: close every time: four connections, each closed.
        lines = srv.wait_for(lambda l: sum(x.startswith("Connection to: ") for x in l) >= 6,
                             what="six closes (four from the client, two raw)")
        check_eq(sum(l.startswith("Received connection from") for l in lines), 6, "connections")
        check("GET /index.py HTTP:/1.1" in lines, "the request went out as typed")
    finally:
        srv.kill()


@tap.add
def keep_alive_reuses_one_connection():
    srv = Server(ARGS.portico)
    try:
        session = ("GET / HTTP/1.1\nConnection: keep-alive\n\n"
                   "HEAD /index.html HTTP/1.1\nConnection: keep-alive\n\n"
                   "GET /portico.png HTTP/1.1\nConnection: keep-alive\n\n"
                   "GET /helloworld.html HTTP/1.1\n\n")
        rc, out, err = run_client(ARGS.client, session, "127.0.0.1:%d" % srv.port)
        check_eq(rc, 0, "exit status (stderr %r)" % err)
        check_eq(err, "(added Host: 127.0.0.1:%d)\n" % srv.port * 4, "stderr")
        want = PROMPT + PROMPT.join([
            response("HTTP/1.1 200 OK", ok_headers(len(INDEX), keep=True), INDEX),
            response("HTTP/1.1 200 OK", ok_headers(len(INDEX), keep=True)),
            response("HTTP/1.1 200 OK", ok_headers(PNG_SIZE, "image/png", keep=True),
                     "<%d bytes of image/png>" % PNG_SIZE),
            response("HTTP/1.1 200 OK", ok_headers(len(HELLO), keep=True), HELLO),
        ]) + PROMPT
        check_eq(mask_response(out), want, "client output")

        lines = srv.wait_for(lambda l: any(x.startswith("Connection to: ") for x in l),
                             what="the close at EOF")
        block = []
        for request in (["GET / HTTP/1.1", "Host: 127.0.0.1:PORT", "Connection: keep-alive"],
                        ["HEAD /index.html HTTP/1.1", "Host: 127.0.0.1:PORT", "Connection: keep-alive"],
                        ["GET /portico.png HTTP/1.1", "Host: 127.0.0.1:PORT", "Connection: keep-alive"],
                        ["GET /helloworld.html HTTP/1.1", "Host: 127.0.0.1:PORT"]):
            block += (["", "Received request from ('127.0.0.1', P):"] + request
                      + ["", "Request completed, waiting for next request from: ('127.0.0.1', P)"])
        check_eq(mask_console(lines, srv.port),
                 ["Server is running on host/port: 127.0.0.1/PORT",
                  "Received connection from ('127.0.0.1', P)"]
                 + block + ["Connection to: ('127.0.0.1', P) is closed."],
                 "console: one connection for four requests")
        peers = set(re.findall(r"\('127\.0\.0\.1', (\d+)\)", "\n".join(lines)))
        check_eq(len(peers), 1, "one client port")
    finally:
        srv.kill()


class Interactive:
    """portico-client with a pipe we write to while it runs."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([ARGS.client] + list(args), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = ""
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(4096)
            with self.cond:
                if not chunk:
                    self.cond.notify_all()
                    return
                self.out += chunk.decode()
                self.cond.notify_all()

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def wait_prompts(self, n):
        deadline = time.monotonic() + WAIT_S
        with self.cond:
            while self.out.count(PROMPT) < n:
                check(time.monotonic() < deadline, "waiting for prompt %d: %r" % (n, self.out))
                self.cond.wait(0.1)

    def finish(self):
        self.proc.stdin.close()
        rc = self.proc.wait(WAIT_S)
        err = self.proc.stderr.read().decode()
        with self.cond:
            while self.proc.stdout and not self.out.endswith(PROMPT):
                if not self.cond.wait(1):
                    break
        return rc, self.out, err


@tap.add
def reconnects_after_the_server_closed():
    srv = Server(ARGS.portico, "--keep-alive-timeout", "1")
    try:
        cl = Interactive("127.0.0.1:%d" % srv.port)
        cl.send("GET /index.html HTTP/1.1\nConnection: keep-alive\n\n")
        cl.wait_prompts(2)
        # The server drops the idle connection; the client does not know yet.
        srv.wait_for(lambda l: any(x.startswith("Timeout, connection from") for x in l),
                     what="the keep-alive timeout")
        cl.send("GET /index.html HTTP/1.1\nConnection: close\n\n")
        rc, out, err = cl.finish()
        check_eq(rc, 0, "exit status (stderr %r)" % err)
        check_eq(err, "(added Host: 127.0.0.1:%d)\n" % srv.port * 2, "stderr: no error shown")
        want = (PROMPT + response("HTTP/1.1 200 OK", ok_headers(len(INDEX), keep=True, timeout=1), INDEX)
                + PROMPT + response("HTTP/1.1 200 OK", ok_headers(len(INDEX)), INDEX) + PROMPT)
        check_eq(mask_response(out), want, "both responses")
        lines = srv.wait_for(lambda l: any(x.startswith("Connection to: ") for x in l),
                             what="the second connection's close")
        check_eq(sum(l.startswith("Received connection from") for l in lines), 2, "reconnected once")
    finally:
        srv.kill()


@tap.add
def typed_host_is_kept():
    srv = Server(ARGS.portico)
    try:
        rc, out, err = run_client(ARGS.client, "HEAD /index.html HTTP/1.1\nHost: example.test\nConnection: close\n\n",
                                  "127.0.0.1:%d" % srv.port)
        check_eq((rc, err), (0, ""), "no Host added")
        check_eq(mask_response(out), PROMPT + response("HTTP/1.1 200 OK", ok_headers(len(INDEX))) + PROMPT,
                 "HEAD")
        lines = srv.wait_for(lambda l: "Host: example.test" in l, what="the typed Host")
        check(not any(l.startswith("Host: 127.0.0.1") for l in lines), "a second Host was added")
    finally:
        srv.kill()


@tap.add
def eof_after_lines_sends_them():
    srv = Server(ARGS.portico)
    try:
        rc, out, err = run_client(ARGS.client, "GET /index.html HTTP/1.1\nConnection: close",
                                  "127.0.0.1:%d" % srv.port)
        check_eq(rc, 0, "exit status")
        check_eq(mask_response(out), PROMPT + response("HTTP/1.1 200 OK", ok_headers(len(INDEX)), INDEX),
                 "sent at EOF")
    finally:
        srv.kill()


@tap.add
def eof_at_once_exits_cleanly():
    port = free_port()
    rc, out, err = run_client(ARGS.client, "", "127.0.0.1:%d" % port)
    check_eq((rc, out, err), (0, PROMPT, ""), "nothing typed: no connection, exit 0")


@tap.add
def connection_refused():
    port = free_port()
    rc, out, err = run_client(ARGS.client, "GET / HTTP/1.1\n\n", "127.0.0.1:%d" % port)
    check_eq(rc, 1, "exit status")
    check_eq(out, PROMPT, "stdout")
    check_eq(err, "(added Host: 127.0.0.1:%d)\nportico-client: cannot connect to 127.0.0.1:%d: "
             "Connection refused\n" % (port, port), "stderr")


@tap.add
def bad_address_argument():
    for arg in ("127.0.0.1:99999", "127.0.0.1:x", "[::1", ":8080"):
        rc, out, err = run_client(ARGS.client, "", arg)
        check_eq((rc, out), (2, ""), "status for %r" % arg)
        check(err.startswith("portico-client: ") and err.count("\n") == 1, "one line: %r" % err)


@tap.add
def help_text():
    rc, out, err = run_client(ARGS.client, "", "--help")
    check_eq((rc, err), (0, ""), "--help")
    check("[HOST[:PORT]]" in out and "[::1]:8080" in out and "Ctrl-D" in out, "--help: %r" % out)


@tap.add
def ipv6_with_brackets():
    probe = socket.socket(socket.AF_INET6)
    try:
        probe.bind(("::1", 0))
    except OSError as e:
        raise Skip("no IPv6 loopback here: %s" % e)
    finally:
        probe.close()
    srv = Server(ARGS.portico, "--host", "::1")
    try:
        rc, out, err = run_client(ARGS.client, "GET /index.html HTTP/1.1\nConnection: close\n\n",
                                  "[::1]:%d" % srv.port)
        check_eq(rc, 0, "exit status (stderr %r)" % err)
        check_eq(err, "(added Host: [::1]:%d)\n" % srv.port, "Host with brackets")
        check_eq(mask_response(out), PROMPT + response("HTTP/1.1 200 OK", ok_headers(len(INDEX)), INDEX)
                 + PROMPT, "over IPv6")
        lines = srv.wait_for(lambda l: any(x.startswith("Connection to: ") for x in l), what="close")
        check("Received connection from ('::1', P)" in mask_console(lines, srv.port), "peer ::1")
    finally:
        srv.kill()


if __name__ == "__main__":
    from ptcli import parse_args
    ARGS = parse_args()
    sys.exit(tap.run())
