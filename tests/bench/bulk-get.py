#!/usr/bin/env python3
"""bulk-get.py — scenario (e): bulk download throughput (MB/s).

usage: bulk-get.py HOST PORT PATH SIZE CONNS SECONDS

CONNS threads, one keep-alive connection each, fetch PATH back to back for
SECONDS and read the bodies with RECV_CHUNK-byte recv_into() calls into one
preallocated buffer per thread, so the client stays cheaper than the server
(wrk reads 8 KiB at a time and would measure itself).  A thread reconnects
when the server closes after a complete response (keep-alive request limit).
Every response must be 200 with Content-Length == SIZE.

Prints key=value lines: mb_per_s (10^6 bytes of body per second, partial
bodies at the deadline included), responses, errors, non200, bad_length,
reconnects.  Python 3 standard library only.
"""
import socket
import sys
import threading
import time

RECV_CHUNK = 1 << 20
IO_TIMEOUT_S = 10.0


class Fetcher(threading.Thread):
    def __init__(self, host, port, path, size, deadline):
        super().__init__(daemon=True)
        self.addr = (host, port)
        self.request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n").encode()
        self.size = size
        self.deadline = deadline
        self.buf = bytearray(RECV_CHUNK)
        self.view = memoryview(self.buf)
        self.body_bytes = 0
        self.responses = self.errors = self.non200 = self.bad_length = 0
        self.reconnects = 0
        self.sock = None

    def connect(self):
        if self.sock is not None:
            self.sock.close()
            self.reconnects += 1
        self.sock = socket.create_connection(self.addr, timeout=IO_TIMEOUT_S)

    def fetch_one(self):
        """One request/response; returns False when the connection must be replaced."""
        self.sock.sendall(self.request)
        head = b""
        while b"\r\n\r\n" not in head:
            n = self.sock.recv_into(self.buf)
            if n == 0:
                raise ConnectionError("closed before the end of the head")
            head += bytes(self.view[:n])
        head, rest = head.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        keep = not lines[0].startswith(b"HTTP/1.0")
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value.strip())
            elif name == b"connection":
                keep = value.strip().lower() != b"close"
        if lines[0].split()[1] != b"200":
            self.non200 += 1
        if length is None:
            raise ValueError("no Content-Length")
        if length != self.size:
            self.bad_length += 1
        got = len(rest)
        self.body_bytes += got
        while got < length:
            if time.monotonic() >= self.deadline:
                return False
            n = self.sock.recv_into(self.view[:min(RECV_CHUNK, length - got)])
            if n == 0:
                raise ConnectionError("closed in the body")
            got += n
            self.body_bytes += n
        self.responses += 1
        return keep

    def run(self):
        try:
            self.connect()
        except OSError:
            self.errors += 1
            return
        while time.monotonic() < self.deadline:
            try:
                if not self.fetch_one() and time.monotonic() < self.deadline:
                    self.connect()
            except (OSError, ValueError, IndexError):
                self.errors += 1
                if time.monotonic() >= self.deadline:
                    break
                try:
                    self.connect()
                except OSError:
                    return
        if self.sock is not None:
            self.sock.close()


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    size, conns, seconds = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
    t0 = time.monotonic()
    fetchers = [Fetcher(host, port, path, size, t0 + seconds) for _ in range(conns)]
    for f in fetchers:
        f.start()
    for f in fetchers:
        f.join(seconds + 2 * IO_TIMEOUT_S)
    elapsed = time.monotonic() - t0
    total = sum(f.body_bytes for f in fetchers)
    print(f"mb_per_s={total / elapsed / 1e6:.1f}")
    print(f"elapsed_s={elapsed:.2f}")
    for key in ("responses", "errors", "non200", "bad_length", "reconnects"):
        print(f"{key}={sum(getattr(f, key) for f in fetchers)}")


if __name__ == "__main__":
    main()
