#!/usr/bin/env python3
"""Clients that go away badly: reset mid-response, stop reading a 16 MiB
body, half-close, close before the answer.  Runs with ONE worker thread, so a
stuck worker shows as starved normal clients.  After each scenario the
server's fd count (/proc/PID/fd) must return to its baseline.
"""
import socket
import threading
import time

import sys
sys.dont_write_bytecode = True   # no __pycache__ in the source tree

from ptstress import (BIG_SIZE, LONG, Portico, Tap, binary_from_argv,
                      build_request, connect, read_response, set_linger_reset,
                      try_get)

REPEAT = 200 if LONG else 20
STALL_S = 3.0
NORMAL_DEADLINE_S = 2.0
FD_SETTLE_S = 5
PARTIAL_READ = 64 * 1024


def scenario_reset_mid_response(port):
    for _ in range(REPEAT):
        s = connect(port)
        s.sendall(build_request("/big.txt"))
        got = 0
        while got < PARTIAL_READ:
            chunk = s.recv(PARTIAL_READ - got)
            if not chunk:
                break
            got += len(chunk)
        set_linger_reset(s)
        s.close()


def scenario_pipelined_reset(port):
    for _ in range(REPEAT):
        s = connect(port)
        s.sendall(build_request("/big.txt") * 3)
        s.recv(1024)
        set_linger_reset(s)
        s.close()


def scenario_close_before_answer(port):
    for _ in range(REPEAT):
        s = connect(port)
        s.sendall(build_request("/big.txt"))
        s.close()


def scenario_half_close_partial_head(port):
    """Half of a head, then FIN: the server must close (no response needed)."""
    closed = 0
    for _ in range(REPEAT):
        s = connect(port, timeout=5)
        s.sendall(b"GET /index.html HT")
        s.shutdown(socket.SHUT_WR)
        try:
            while s.recv(4096):
                pass
            closed += 1
        except OSError:
            closed += 1
        s.close()
    return closed


def scenario_half_close_full_request(port):
    """A whole request, then FIN: the whole response still arrives."""
    full = 0
    for _ in range(REPEAT):
        s = connect(port, timeout=10)
        s.sendall(build_request("/big.txt", keep_alive=True))
        s.shutdown(socket.SHUT_WR)
        resp, _ = read_response(s)
        if resp is not None and resp.status == 200 and len(resp.body) == BIG_SIZE:
            full += 1
        s.close()
    return full


def main():
    tap = Tap()
    binary = binary_from_argv()
    srv = Portico(binary, threads=1, big=True)
    with srv:
        # Warm up first: the engine may keep an open-file cache (one fd for
        # big.txt); the baseline includes it.
        for path in ("/big.txt", "/index.html"):
            try_get(srv.port, path, timeout=20)
        base = srv.fd_count()

        def settle(name):
            after = srv.wait_fd_count(base, FD_SETTLE_S)
            tap.ok(after <= base and srv.alive(),
                   f"{name}: server fds back to baseline ({after}, baseline {base})")

        scenario_reset_mid_response(srv.port)
        settle(f"{REPEAT} resets after {PARTIAL_READ // 1024} KiB of a 16 MiB body")
        scenario_pipelined_reset(srv.port)
        settle(f"{REPEAT} resets with 3 pipelined 16 MiB requests queued")
        scenario_close_before_answer(srv.port)
        settle(f"{REPEAT} closes right after the request")
        closed = scenario_half_close_partial_head(srv.port)
        tap.ok(closed == REPEAT, f"half-close inside a head: the server closes ({closed}/{REPEAT})")
        settle("half-close inside a head")
        full = scenario_half_close_full_request(srv.port)
        tap.ok(full == REPEAT,
               f"half-close after a whole request: the whole 16 MiB response arrives ({full}/{REPEAT})")
        settle("half-close after a whole request")

        # A client that stops reading a 16 MiB body must not stall the (only) worker.
        stalled = connect(srv.port)
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stalled.sendall(build_request("/big.txt"))
        time.sleep(0.3)
        latencies, statuses = [], []
        t_end = time.monotonic() + STALL_S
        while time.monotonic() < t_end:
            t0 = time.monotonic()
            r = try_get(srv.port, timeout=NORMAL_DEADLINE_S + 3)
            latencies.append(time.monotonic() - t0)
            statuses.append(r.status if r else None)
            time.sleep(0.05)
        tap.ok(statuses and all(st == 200 for st in statuses)
               and max(latencies) < NORMAL_DEADLINE_S,
               f"one worker, a client stalled on a 16 MiB body: others still served "
               f"({statuses.count(200)}/{len(statuses)}, worst {max(latencies) * 1000:.0f} ms)")
        stalled_fds = srv.fd_count()
        stalled.close()
        settle("the stalled reader closes")

        # Many stalled readers at once, then all reset.
        many = []
        for _ in range(REPEAT):
            s = connect(srv.port)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(build_request("/big.txt"))
            many.append(s)
        time.sleep(0.5)
        r = try_get(srv.port, timeout=NORMAL_DEADLINE_S + 3)
        tap.ok(r is not None and r.status == 200,
               f"{REPEAT} stalled readers: a new client is still served")
        for s in many:
            set_linger_reset(s)
            s.close()
        settle(f"{REPEAT} stalled readers reset")

        rss = srv.rss_kib()
        rc, secs = srv.terminate()
        tap.ok(rc == 0, f"SIGTERM: exit status {rc} after {secs:.2f} s")
        tap.diag(f"RESULT repeat={REPEAT} baseline_fds={base} stalled_fds={stalled_fds} rss_kib={rss}")
    tap.done()


if __name__ == "__main__":
    main()
