#!/usr/bin/env python3
"""SIGTERM in the middle of a load: portico exits 0 within 2 s, and log.txt
holds exactly one "[Server response to" record per response the clients
received (nothing lost, nothing duplicated).  Repeated a few times.
"""
import socket
import threading
import time

import sys
sys.dont_write_bytecode = True   # no __pycache__ in the source tree

from ptstress import (LONG, Portico, Tap, binary_from_argv, build_request,
                      connect, read_response)

N_CLIENTS = 8
LOAD_S = 5.0 if LONG else 1.5
ROUNDS = 5 if LONG else 2
EXIT_DEADLINE_S = 2.0
RESPONSE_RECORD = "[Server response to"
REQUEST_RECORD = "[Client request from"
PATHS = ["/index.html", "/hello.txt", "/missing.html", "/index.py"]


def load(port, stop, counts, idx):
    """Keep-alive requests in a loop; counts complete responses received."""
    n = 0
    i = idx
    while not stop.is_set():
        try:
            s = connect(port, timeout=5)
        except OSError:
            break      # the server is gone
        buf = b""
        try:
            while not stop.is_set():
                s.sendall(build_request(PATHS[i % len(PATHS)]))
                i += 1
                resp, buf = read_response(s, buf=buf)
                if resp is None:
                    break
                n += 1
                if resp.headers.get("connection", "").lower() == "close":
                    break
        except (OSError, ValueError, IndexError):
            pass
        finally:
            s.close()
    counts[idx] = n


def one_round(tap, binary, rnd):
    srv = Portico(binary)
    srv.start()
    try:
        stop = threading.Event()
        counts = [0] * N_CLIENTS
        threads = [threading.Thread(target=load, args=(srv.port, stop, counts, i))
                   for i in range(N_CLIENTS)]
        for t in threads:
            t.start()
        time.sleep(LOAD_S)
        rc, secs = srv.terminate(timeout=EXIT_DEADLINE_S + 3)
        stop.set()
        for t in threads:
            t.join(10)
        received = sum(counts)
        lines = srv.log_lines()
        responses = sum(ln.startswith(RESPONSE_RECORD) for ln in lines)
        requests = sum(ln.startswith(REQUEST_RECORD) for ln in lines)
        tap.ok(rc == 0 and secs < EXIT_DEADLINE_S,
               f"round {rnd}: SIGTERM under load of {N_CLIENTS} clients: exit {rc} after {secs:.2f} s",
               diag=None if rc == 0 else "\n".join(srv.stderr_lines[:40]))
        tap.ok(received > 0 and responses == received,
               f"round {rnd}: log response records == responses received ({responses} vs {received})",
               diag=f"request records: {requests}")
        return received, responses, secs
    finally:
        srv.__exit__(None, None, None)


def main():
    tap = Tap()
    binary = binary_from_argv()
    total_rx = total_log = 0
    worst = 0.0
    for rnd in range(1, ROUNDS + 1):
        rx, logged, secs = one_round(tap, binary, rnd)
        total_rx += rx
        total_log += logged
        worst = max(worst, secs)
    tap.diag(f"RESULT rounds={ROUNDS} responses_received={total_rx} records_logged={total_log} "
             f"records_lost={total_rx - total_log} worst_exit_s={worst:.2f}")
    tap.done()


if __name__ == "__main__":
    main()
