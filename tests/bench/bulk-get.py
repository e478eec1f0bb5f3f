#!/usr/bin/env python3
"""bulk-get.py — scenarios (e) and (h): bulk download and range throughput (MB/s).

usage: bulk-get.py HOST PORT PATH SIZE CONNS SECONDS [WINDOW]

CONNS threads, one keep-alive connection each, fetch PATH back to back for
SECONDS and read the bodies with RECV_CHUNK-byte recv_into() calls into one
preallocated buffer per thread, so the client stays cheaper than the server
(wrk reads 8 KiB at a time and would measure itself).  A thread reconnects
when the server closes after a complete response (keep-alive request limit).
Every response must be 200 with Content-Length == SIZE.

With WINDOW (scenario h), every request asks for one random WINDOW-byte range
of the SIZE-byte file, aligned to WINDOW (Range: bytes=START-END, START =
k * WINDOW), and every response must be 206 with Content-Length == WINDOW and
Content-Range == "bytes START-END/SIZE"; any other answer (a 200 with the whole
file in particular) counts in non206 or bad_length.  Each thread draws its
windows from its own generator seeded with RANGE_SEED + thread index, so every
server is asked for the same sequence.

Prints key=value lines: mb_per_s (10^6 bytes of body per second, partial
bodies at the deadline included), responses, errors, non200 (non206 with
WINDOW), bad_length, reconnects.  Python 3 standard library only.
"""
import random
import socket
import sys
import threading
import time

RECV_CHUNK = 1 << 20
IO_TIMEOUT_S = 10.0
RANGE_SEED = 20261203


class Fetcher(threading.Thread):
    def __init__(self, host, port, path, size, deadline, window=0, index=0):
        super().__init__(daemon=True)
        self.addr = (host, port)
        self.head = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        self.request = (self.head + "\r\n").encode()
        self.size = size
        self.window = window
        self.windows = size // window if window else 0
        self.rng = random.Random(RANGE_SEED + index)
        self.content_range = None
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
        want_status, want_length, want_range = b"200", self.size, None
        if self.window:
            start = self.rng.randrange(self.windows) * self.window
            end = start + self.window - 1
            want_status, want_length = b"206", self.window
            want_range = f"bytes {start}-{end}/{self.size}".encode()
            self.request = (self.head + f"Range: bytes={start}-{end}\r\n\r\n").encode()
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
        content_range = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value.strip())
            elif name == b"connection":
                keep = value.strip().lower() != b"close"
            elif name == b"content-range":
                content_range = value.strip()
        if lines[0].split()[1] != want_status:
            self.non200 += 1
        if length is None:
            raise ValueError("no Content-Length")
        if length != want_length or content_range != want_range:
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
    if len(sys.argv) not in (7, 8):
        sys.exit(__doc__)
    host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    size, conns, seconds = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
    window = int(sys.argv[7]) if len(sys.argv) == 8 else 0
    if window < 0 or window > size:
        sys.exit("bulk-get.py: WINDOW must be between 1 and SIZE")
    t0 = time.monotonic()
    fetchers = [Fetcher(host, port, path, size, t0 + seconds, window, i) for i in range(conns)]
    for f in fetchers:
        f.start()
    for f in fetchers:
        f.join(seconds + 2 * IO_TIMEOUT_S)
    elapsed = time.monotonic() - t0
    total = sum(f.body_bytes for f in fetchers)
    print(f"mb_per_s={total / elapsed / 1e6:.1f}")
    print(f"elapsed_s={elapsed:.2f}")
    print(f"{'non206' if window else 'non200'}={sum(f.non200 for f in fetchers)}")
    for key in ("responses", "errors", "bad_length", "reconnects"):
        print(f"{key}={sum(getattr(f, key) for f in fetchers)}")


if __name__ == "__main__":
    main()
