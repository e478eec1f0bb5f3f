#!/usr/bin/env python3
"""The file system changes under the server: a 16 MiB file truncated,
replaced or deleted while it is being sent; the served folder renamed away
and back, deleted and recreated.  Clean errors (no SIGBUS/SIGPIPE crash, no
hung connection), and service resumes.
"""
import os
import shutil
import socket
import time

import sys
sys.dont_write_bytecode = True   # no __pycache__ in the source tree

from ptstress import (BIG_SIZE, INDEX_HTML, Portico, Tap, binary_from_argv,
                      build_request, connect, try_get, write_big)

PARTIAL_READ = 256 * 1024
EOF_TIMEOUT_S = 10
RESUME_TIMEOUT_S = 5
# The engine may cache open files and revalidate them about once a second
# (PT_FILE_CACHE_CHECK_MS): a change must be visible within this.
CHANGE_VISIBLE_S = 3
# Each worker keeps its own cache: a change has reached them all when this
# many requests in a row, each on a new connection, see it.
SETTLED_REQUESTS = 8


def settled(pred, timeout=CHANGE_VISIBLE_S):
    """Whether, within timeout, pred() holds SETTLED_REQUESTS times in a row
    (one request that sees a change may have met the worker that saw it
    first; the next may meet one still serving from its cache)."""
    deadline = time.monotonic() + timeout
    streak = 0
    while streak < SETTLED_REQUESTS:
        if pred():
            streak += 1
            continue
        streak = 0
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def start_transfer(port):
    """A GET of /big.txt read slowly: returns (socket, head, body bytes so far)."""
    s = connect(port, timeout=EOF_TIMEOUT_S)
    s.sendall(build_request("/big.txt", keep_alive=False))
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(8192)
        if not chunk:
            break
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    while len(body) < PARTIAL_READ:
        chunk = s.recv(8192)
        if not chunk:
            break
        body += chunk
    return s, head, body


def finish_transfer(s, body):
    """Reads to EOF.  Returns (body, reached_eof)."""
    try:
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                return body, True
            body += chunk
    except socket.timeout:
        return body, False
    except OSError:
        return body, True
    finally:
        s.close()


def wait_big_visible(port, size=BIG_SIZE):
    """Waits until the server announces /big.txt with its new size (it may
    serve cached metadata for up to about a second)."""
    def visible():
        try:
            with connect(port, timeout=5) as s:
                s.sendall(build_request("/big.txt", method="HEAD", keep_alive=False))
                buf = b""
                while b"\r\n\r\n" not in buf:
                    chunk = s.recv(4096)
                    if not chunk:
                        return False
                    buf += chunk
            return f"Content-Length: {size}\r\n".encode() in buf
        except OSError:
            return False
    return settled(visible)


def status_of(port, path="/index.html"):
    r = try_get(port, path, timeout=5)
    return r.status if r else None


def main():
    tap = Tap()
    binary = binary_from_argv()
    srv = Portico(binary, big=True)
    with srv:
        big = os.path.join(srv.docroot, "big.txt")
        with open(big, "rb") as f:
            original = f.read()

        # Truncated while sent: a short body, then the connection closes.
        s, head, body = start_transfer(srv.port)
        os.truncate(big, 0)
        body, eof = finish_transfer(s, body)
        tap.ok(head.startswith(b"HTTP/1.1 200") and eof and len(body) < BIG_SIZE,
               f"truncated to 0 while sent: connection closed after {len(body)} of {BIG_SIZE} bytes")
        def empty_now():
            r = try_get(srv.port, "/big.txt", timeout=5)
            return r is not None and r.status == 200 and len(r.body) == 0
        tap.ok(srv.alive() and settled(empty_now),
               f"after the truncation the server is alive and serves the (now empty) file "
               f"within {CHANGE_VISIBLE_S} s")
        tap.ok(body == original[:len(body)], "the bytes that did arrive are the file's")

        write_big(big)
        wait_big_visible(srv.port)
        s, head, body = start_transfer(srv.port)
        os.truncate(big, BIG_SIZE // 2)
        body, eof = finish_transfer(s, body)
        tap.ok(eof and len(body) <= BIG_SIZE and srv.alive(),
               f"truncated to half while sent: closed after {len(body)} bytes, server alive")

        # Replaced (rename over) while sent: the old file is sent whole.
        write_big(big)
        wait_big_visible(srv.port)
        s, head, body = start_transfer(srv.port)
        tmp = big + ".new"
        write_big(tmp, fill=b"REPLACED-CONTENT")
        os.replace(tmp, big)
        body, eof = finish_transfer(s, body)
        tap.ok(eof and body == original, f"replaced while sent: the old content arrives whole ({len(body)} bytes)")
        def replaced_now():
            r = try_get(srv.port, "/big.txt", timeout=10)
            return r is not None and r.status == 200 and r.body[:16] == b"REPLACED-CONTENT"
        tap.ok(settled(replaced_now),
               f"requests get the new file within {CHANGE_VISIBLE_S} s")

        # Deleted while sent: still sent whole; then 404.
        write_big(big)
        wait_big_visible(srv.port)
        s, head, body = start_transfer(srv.port)
        os.unlink(big)
        body, eof = finish_transfer(s, body)
        tap.ok(eof and body == original, f"deleted while sent: the content arrives whole ({len(body)} bytes)")
        tap.ok(settled(lambda: status_of(srv.port, "/big.txt") == 404),
               f"requests get 404 within {CHANGE_VISIBLE_S} s")

        # The served folder renamed away and back.
        away = srv.docroot + ".away"
        os.rename(srv.docroot, away)
        st_away = status_of(srv.port)
        tap.ok(srv.alive() and st_away is not None,
               f"docroot renamed away: the server answers ({st_away}) and is alive")
        os.rename(away, srv.docroot)
        st = settled(lambda: status_of(srv.port) == 200, RESUME_TIMEOUT_S)
        tap.ok(st, f"docroot renamed back: 200 again ({status_of(srv.port)})")

        # The served folder deleted, then recreated at the same path.
        shutil.rmtree(srv.docroot)
        gone = settled(lambda: status_of(srv.port) in (404, 500, 503))
        st_gone = status_of(srv.port)
        tap.ok(srv.alive() and gone and st_gone in (404, 500, 503),
               f"docroot deleted: a clean error within {CHANGE_VISIBLE_S} s ({st_gone})")
        os.mkdir(srv.docroot)
        with open(os.path.join(srv.docroot, "index.html"), "wb") as f:
            f.write(INDEX_HTML)
        t0 = time.monotonic()
        st = settled(lambda: status_of(srv.port) == 200, RESUME_TIMEOUT_S)
        tap.ok(st, f"docroot recreated: service resumes within {RESUME_TIMEOUT_S} s "
                   f"({status_of(srv.port)} after {time.monotonic() - t0:.1f} s)")

        rc, secs = srv.terminate()
        tap.ok(rc == 0, f"SIGTERM: exit status {rc} after {secs:.2f} s (no SIGBUS/SIGPIPE)")
        for line in (srv.stdout_lines + srv.stderr_lines)[:10]:
            if "rror" in line:
                tap.diag(f"server said: {line}")
    tap.done()


if __name__ == "__main__":
    main()
