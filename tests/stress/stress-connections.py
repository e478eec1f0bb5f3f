#!/usr/bin/env python3
"""Many concurrent connections: all served, held open, and a new client is
still answered within 2 s.

Short mode: 2,000 connections; STRESS_LONG=1: 10,000.  The server starts
with a soft RLIMIT_NOFILE of 1024 and the hard limit of this process, so it
must raise its own soft limit to hold them.
"""
import errno
import selectors
import socket
import time

import sys
sys.dont_write_bytecode = True   # no __pycache__ in the source tree

from ptstress import (LONG, Portico, Tap, binary_from_argv, build_request,
                      raise_nofile, try_get)

N_CONNECTIONS = 10000 if LONG else 2000
SERVE_DEADLINE_S = 120 if LONG else 30
NEW_CLIENT_DEADLINE_S = 2.0
SERVER_START_SOFT_NOFILE = 1024
FD_SLACK = 64                 # fds this process needs besides the connections
KEEP_ALIVE_S = 120            # the connections must outlive the test


def response_complete(buf):
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = buf[:end].decode("latin-1")
    length = 0
    for line in head.split("\r\n")[1:]:
        k, _, v = line.partition(":")
        if k.strip().lower() == "content-length":
            length = int(v)
    if len(buf) < end + 4 + length:
        return None
    return int(head.split()[1])


def main():
    tap = Tap()
    binary = binary_from_argv()
    soft, hard = raise_nofile()
    n = N_CONNECTIONS
    if soft < n + FD_SLACK:
        tap.diag(f"this process may open only {soft} fds (hard limit {hard}): "
                 f"testing {soft - FD_SLACK} connections instead of {n}")
        n = soft - FD_SLACK

    args = ["--max-connections", str(n + 100), "--keep-alive-timeout", str(KEEP_ALIVE_S)]
    with Portico(binary, nofile=(SERVER_START_SOFT_NOFILE, hard), args=args) as srv:
        limit = srv.nofile_limit()
        raised = limit is not None and limit[0] >= n + FD_SLACK
        tap.ok(raised, f"server raises its soft fd limit itself (started with "
                       f"{SERVER_START_SOFT_NOFILE}, now {limit[0] if limit else '?'}, hard {hard})")
    # The load itself is measured with the limit the server would have set,
    # so that it tests the engine even when the check above failed.
    srv = Portico(binary, nofile=(hard, hard), args=args)
    with srv:
        base_fds = srv.fd_count()

        sel = selectors.DefaultSelector()
        request = build_request("/index.html")
        state = {}
        t0 = time.monotonic()
        connect_errors = 0
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            rc = s.connect_ex(("127.0.0.1", srv.port))
            if rc not in (0, errno.EINPROGRESS):
                connect_errors += 1
                s.close()
                continue
            state[s] = b""
            sel.register(s, selectors.EVENT_WRITE)

        statuses = {}
        deadline = t0 + SERVE_DEADLINE_S
        pending = len(state)
        while pending > 0 and time.monotonic() < deadline:
            for key, mask in sel.select(timeout=1.0):
                s = key.fileobj
                if mask & selectors.EVENT_WRITE:
                    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if err:
                        statuses[s] = f"connect errno {err}"
                        sel.unregister(s)
                        pending -= 1
                        continue
                    s.send(request)
                    sel.modify(s, selectors.EVENT_READ)
                    continue
                try:
                    chunk = s.recv(65536)
                except OSError as e:
                    chunk = b""
                    statuses[s] = f"recv {e.errno}"
                if not chunk:
                    statuses.setdefault(s, "closed")
                    sel.unregister(s)
                    pending -= 1
                    continue
                state[s] += chunk
                st = response_complete(state[s])
                if st is not None:
                    statuses[s] = st
                    sel.unregister(s)
                    pending -= 1
        elapsed = time.monotonic() - t0
        ok_200 = sum(1 for v in statuses.values() if v == 200)
        others = {}
        for v in statuses.values():
            if v != 200:
                others[v] = others.get(v, 0) + 1
        tap.ok(ok_200 == n and connect_errors == 0,
               f"{n} concurrent keep-alive connections all got 200 ({ok_200} did, "
               f"{elapsed:.1f} s)",
               diag=f"connect errors {connect_errors}, other outcomes {others}, "
                    f"unanswered {pending}" if ok_200 != n else None)

        held = srv.fd_count()
        tap.ok(ok_200 > 0 and held >= base_fds + ok_200,
               f"server holds all {ok_200} connections open ({held} fds, baseline {base_fds})")

        t1 = time.monotonic()
        resp = try_get(srv.port, timeout=NEW_CLIENT_DEADLINE_S + 3)
        latency = time.monotonic() - t1
        tap.ok(resp is not None and resp.status == 200 and latency < NEW_CLIENT_DEADLINE_S,
               f"a new client is answered while {ok_200} are held "
               f"({resp.status if resp else 'no answer'} in {latency * 1000:.0f} ms)")

        # The held connections still work: a second request on a sample.
        sample = [s for s, v in statuses.items() if v == 200][:50]
        again = 0
        for s in sample:
            s.setblocking(True)
            s.settimeout(5)
            try:
                s.sendall(request)
                buf = b""
                while response_complete(buf) is None:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    buf += chunk
                if response_complete(buf) == 200:
                    again += 1
            except OSError:
                pass
        tap.ok(sample and again == len(sample),
               f"held connections still answer a second request ({again}/{len(sample)})")

        for s in state:
            s.close()
        after = srv.wait_fd_count(base_fds, 10)
        tap.ok(after <= base_fds, f"server fds back to baseline after close ({after}, baseline {base_fds})")
        tap.ok(srv.alive(), "server still running")
        rc, secs = srv.terminate()
        tap.ok(rc == 0, f"SIGTERM: exit status {rc} after {secs:.2f} s")
        tap.diag(f"RESULT connections={n} served={ok_200} seconds={elapsed:.1f} "
                 f"new_client_ms={latency * 1000:.0f} server_nofile={limit}")
    tap.done()


if __name__ == "__main__":
    main()
