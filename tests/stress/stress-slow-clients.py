#!/usr/bin/env python3
"""Slow clients (slowloris): 500 clients each send one header byte a second.
Normal clients running at the same time are never starved, and every slow
client is cut at the header timeout (--header-timeout 2) with a 408.
"""
import errno
import selectors
import socket
import threading
import time

import sys
sys.dont_write_bytecode = True   # no __pycache__ in the source tree

from ptstress import LONG, Portico, Tap, binary_from_argv, get

N_SLOW = 1000 if LONG else 500
HEADER_TIMEOUT_S = 2
CUT_SLACK_S = 2.0               # the server sweeps timeouts about once a second
NORMAL_DEADLINE_S = 2.0         # a normal request must be answered within this
SLOW_HEAD = b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n\r\n"
TEST_SPAN_S = HEADER_TIMEOUT_S + CUT_SLACK_S + 2


class SlowClient:
    def __init__(self, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.sock.connect_ex(("127.0.0.1", port))
        self.sent = 0
        self.first_byte_at = None
        self.closed_at = None
        self.received = b""


def run_slow(port, clients, stop):
    sel = selectors.DefaultSelector()
    for c in clients:
        sel.register(c.sock, selectors.EVENT_READ, c)
    next_tick = time.monotonic()
    while not stop.is_set():
        now = time.monotonic()
        if now >= next_tick:
            for c in clients:
                if c.closed_at is not None or c.sent >= len(SLOW_HEAD) - 1:
                    continue
                try:
                    c.sock.send(SLOW_HEAD[c.sent:c.sent + 1])
                    if c.sent == 0:
                        c.first_byte_at = time.monotonic()
                    c.sent += 1
                except BlockingIOError:
                    pass
                except OSError:
                    c.closed_at = time.monotonic()
                    sel.unregister(c.sock)
            next_tick += 1.0
        for key, _ in sel.select(timeout=max(0.0, min(0.1, next_tick - time.monotonic()))):
            c = key.data
            try:
                chunk = c.sock.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if chunk:
                c.received += chunk
            else:
                c.closed_at = time.monotonic()
                sel.unregister(c.sock)


def run_normal(port, results, stop):
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            resp = get(port, timeout=NORMAL_DEADLINE_S + 3)
            status = resp.status if resp else None
        except OSError as e:
            status = f"error {e.errno}"
        results.append((status, time.monotonic() - t0))
        time.sleep(0.05)


def main():
    tap = Tap()
    binary = binary_from_argv()
    srv = Portico(binary, header_timeout=HEADER_TIMEOUT_S)
    with srv:
        base_fds = srv.fd_count()
        clients = [SlowClient(srv.port) for _ in range(N_SLOW)]
        stop = threading.Event()
        normal = []
        t_slow = threading.Thread(target=run_slow, args=(srv.port, clients, stop))
        t_norm = threading.Thread(target=run_normal, args=(srv.port, normal, stop))
        t_slow.start()
        time.sleep(0.5)
        t_norm.start()
        time.sleep(TEST_SPAN_S)
        stop.set()
        t_slow.join()
        t_norm.join()

        n_ok = sum(1 for st, _ in normal if st == 200)
        worst = max((lat for _, lat in normal), default=0.0)
        tap.ok(normal and n_ok == len(normal),
               f"normal clients during the slowloris: {n_ok}/{len(normal)} got 200",
               diag=None if n_ok == len(normal) else
               f"outcomes: {sorted(set(str(st) for st, _ in normal))}")
        tap.ok(worst < NORMAL_DEADLINE_S,
               f"no normal request waited {NORMAL_DEADLINE_S:.0f} s (worst {worst * 1000:.0f} ms)")

        started = [c for c in clients if c.first_byte_at is not None]
        cut = [c for c in started if c.closed_at is not None]
        late = [c.closed_at - c.first_byte_at for c in cut
                if c.closed_at - c.first_byte_at > HEADER_TIMEOUT_S + CUT_SLACK_S]
        got_408 = sum(1 for c in cut if c.received.startswith(b"HTTP/1.1 408 "))
        early = [c for c in cut if c.closed_at - c.first_byte_at < HEADER_TIMEOUT_S - 0.5]
        tap.ok(len(started) == N_SLOW, f"all {N_SLOW} slow clients started ({len(started)})")
        tap.ok(len(cut) == len(started) and not late,
               f"every slow client is cut within {HEADER_TIMEOUT_S} s + {CUT_SLACK_S:.0f} s "
               f"({len(cut)}/{len(started)} cut, {len(late)} late)")
        tap.ok(not early, f"no slow client is cut before the header timeout ({len(early)} were)")
        tap.ok(got_408 == len(cut), f"the cut clients got 408 ({got_408}/{len(cut)})")

        for c in clients:
            c.sock.close()
        after = srv.wait_fd_count(base_fds, 5)
        tap.ok(after <= base_fds, f"server fds back to baseline ({after}, baseline {base_fds})")
        rc, secs = srv.terminate()
        tap.ok(rc == 0, f"SIGTERM: exit status {rc} after {secs:.2f} s")
        tap.diag(f"RESULT slow={N_SLOW} cut={len(cut)} got408={got_408} normal={len(normal)} "
                 f"normal_ok={n_ok} worst_ms={worst * 1000:.0f}")
    tap.done()


if __name__ == "__main__":
    main()
