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


ETAG_RE = r'"[0-9a-f]+\.[0-9a-f]+-[0-9a-f]+-[0-9a-f]+\.[0-9a-f]+"'


def mask_response(text):
    """Masks Date/Last-Modified/ETag values (after checking them) and Keep-Alive max."""
    for d in re.findall(r"^(?:Date|Last-Modified): (.*)$", text, re.M):
        check(re.fullmatch(IMF_DATE_RE, d) is not None, "date %r" % d)
    text = re.sub(r"^(Date|Last-Modified): .*$", r"\1: D", text, flags=re.M)
    for tag in re.findall(r"^ETag: (.*)$", text, re.M):
        check(re.fullmatch(ETAG_RE, tag) is not None, "ETag %r" % tag)
    text = re.sub(r"^ETag: .*$", "ETag: E", text, flags=re.M)
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


def ok_headers(length, ctype="text/html", keep=False, timeout=15, exact=False):
    """A file's 200 head; exact: with --cache-control "" --no-charset (the report's
    Content-Type, no Cache-Control)."""
    conn = (["Connection: keep-alive", "Keep-Alive: timeout=%d, max=M" % timeout] if keep
            else ["Connection: close"])
    if not exact and ctype.startswith("text/"):
        ctype += "; charset=utf-8"
    validators = ["Last-Modified: D", "ETag: E"] + ([] if exact else ["Cache-Control: no-cache"])
    return ["Date: D"] + conn + validators + ["Content-Length: %d" % length,
                                              "Content-Type: %s" % ctype,
                                              "Accept-Ranges: bytes"]


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
    # The report's exact headers (but the ETag) are one pair of flags away.
    srv = Server(ARGS.portico, "--cache-control", "", "--no-charset")
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
        check_eq(blocks[1], response("HTTP/1.1 200 OK", ok_headers(len(INDEX), exact=True), INDEX),
                 "GET /index.html")

        for block, status, raw in (
                (blocks[2], "HTTP/1.1 400 Bad Request", b"GET /index.py HTTP:/1.1\r\nConnection: close\r\n\r\n"),
                (blocks[3], "HTTP/1.1 404 File Not Found", b"GET /abc.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")):
            body = raw_body(srv.port, raw)
            check(len(body) > 0, "the server sends an error page")
            # A text/html error body is printed as text, then a blank line.
            check_eq(block, response(status, ["Date: D", "Connection: close",
                                              "Content-Length: %d" % len(body.encode()),
                                              "Content-Type: text/html"], body), status)

        check_eq(blocks[4], response("HTTP/1.1 200 OK", ok_headers(len(INDEX), exact=True)), "HEAD /index.html")
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
        rc, out, err = run_client(ARGS.client, "HEAD /index.html HTTP/1.1\nHost: example.localhost\nConnection: close\n\n",
                                  "127.0.0.1:%d" % srv.port)
        check_eq((rc, err), (0, ""), "no Host added")
        check_eq(mask_response(out), PROMPT + response("HTTP/1.1 200 OK", ok_headers(len(INDEX))) + PROMPT,
                 "HEAD")
        lines = srv.wait_for(lambda l: "Host: example.localhost" in l, what="the typed Host")
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


class CannedServer:
    """A loopback server that answers each request (read up to its empty
    line) with the next canned response, (bytes, close_after); it records
    how many connections it accepted."""

    def __init__(self, responses):
        self.responses = list(responses)
        self.connections = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(WAIT_S)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.responses:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.settimeout(WAIT_S)
                data = b""
                while self.responses:
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    if b"\r\n\r\n" not in data:
                        break
                    data = data.partition(b"\r\n\r\n")[2]
                    raw, close_after = self.responses.pop(0)
                    conn.sendall(raw)
                    if close_after:
                        break

    def close(self):
        self.sock.close()
        self.thread.join(WAIT_S)


def canned_session(responses, session):
    """Runs portico-client against a CannedServer; returns (rc, out, err, connections)."""
    srv = CannedServer(responses)
    try:
        rc, out, err = run_client(ARGS.client, session, "127.0.0.1:%d" % srv.port)
        return rc, out, err, srv.connections
    finally:
        srv.close()


def exchange_text(*blocks):
    return PROMPT + PROMPT.join(blocks) + PROMPT


@tap.add
def chunked_body_is_decoded_and_the_connection_kept():
    chunked = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
               b"5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n")
    plain = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\nbye"
    rc, out, err, conns = canned_session([(chunked, False), (plain, False)],
                                         "GET /a HTTP/1.1\n\nGET /b HTTP/1.1\n\n")
    check_eq((rc, conns), (0, 1), "exit status and one connection (stderr %r)" % err)
    check_eq(out, exchange_text(
        response("HTTP/1.1 200 OK", ["Transfer-Encoding: chunked", "Content-Type: text/plain"], "hello, world"),
        response("HTTP/1.1 200 OK", ["Content-Length: 3", "Content-Type: text/plain"], "bye")), "output")


@tap.add
def body_until_close():
    raw = b"HTTP/1.1 200 OK\r\nContent-Type: image/svg+xml\r\n\r\n<svg/>"
    plain = b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"
    rc, out, err, conns = canned_session([(raw, True), (plain, True)],
                                         "GET /a.svg HTTP/1.1\n\nGET /b HTTP/1.1\n\n")
    check_eq((rc, conns), (0, 2), "exit status and a new connection after the close (stderr %r)" % err)
    check_eq(out, exchange_text(
        response("HTTP/1.1 200 OK", ["Content-Type: image/svg+xml"], "<svg/>"),
        response("HTTP/1.0 200 OK", ["Content-Length: 2"], "ok")), "svg is text; HTTP/1.0 closes")


@tap.add
def bad_content_length_is_an_error():
    bad = b"HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nhello"
    twice = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello"
    good = b"HTTP/1.1 204 No Content\r\n\r\n"
    rc, out, err, conns = canned_session([(bad, True), (twice, True), (good, True)],
                                         "GET / HTTP/1.1\n\nGET / HTTP/1.1\n\nGET / HTTP/1.1\n\n")
    check_eq(rc, 0, "exit status")
    lines = err.splitlines()
    check_eq([l for l in lines if not l.startswith("(added Host")],
             ["portico-client: bad response: invalid Content-Length"] * 2, "stderr")
    check_eq(out, PROMPT * 3 + "Server response:\nHTTP/1.1 204 No Content\n\n" + PROMPT, "output")
    check_eq(conns, 3, "a new connection after each error")


@tap.add
def interim_response_then_final():
    raw = (b"HTTP/1.1 100 Continue\r\n\r\n"
           b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}")
    rc, out, err, conns = canned_session([(raw, False)], "GET / HTTP/1.1\n\n")
    check_eq(rc, 0, "exit status (stderr %r)" % err)
    check_eq(out, exchange_text("Server response:\nHTTP/1.1 100 Continue\n\n"
                                "HTTP/1.1 200 OK\nContent-Length: 2\nContent-Type: application/json\n\n{}\n\n"),
             "both heads, then the body")


PREVIEW_MAX = 64 * 1024   # PT_HTTP_BODY_PREVIEW_MAX


@tap.add
def text_preview_at_the_limit_and_past_it():
    at = b"a" * (PREVIEW_MAX - 1) + b"\n"
    over = b"b" * PREVIEW_MAX + b"\n"
    binary = bytes(range(256)) * 1024
    responses = []
    for body, ctype in ((at, b"text/plain"), (over, b"text/plain; charset=utf-8"), (binary, None)):
        head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n" % len(body)
        if ctype:
            head += b"Content-Type: " + ctype + b"\r\n"
        responses.append((head + b"\r\n" + body, False))
    rc, out, err, conns = canned_session(responses, "GET /1 HTTP/1.1\n\nGET /2 HTTP/1.1\n\nGET /3 HTTP/1.1\n\n")
    check_eq((rc, conns), (0, 1), "exit status (stderr %r)" % err)
    check_eq(out, exchange_text(
        response("HTTP/1.1 200 OK", ["Content-Length: %d" % len(at), "Content-Type: text/plain"], at.decode()),
        response("HTTP/1.1 200 OK", ["Content-Length: %d" % len(over), "Content-Type: text/plain; charset=utf-8"],
                 "b" * PREVIEW_MAX + "\n<%d bytes of text/plain; the first %d shown>" % (len(over), PREVIEW_MAX)),
        response("HTTP/1.1 200 OK", ["Content-Length: %d" % len(binary)],
                 "<%d bytes of unknown type>" % len(binary))), "N shown whole, N + 1 cut, binary summarised")


if __name__ == "__main__":
    from ptcli import parse_args
    ARGS = parse_args()
    sys.exit(tap.run())
