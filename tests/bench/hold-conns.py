#!/usr/bin/env python3
"""hold-conns.py — scenario (f): server memory, idle and with N idle keep-alive connections.

usage: hold-conns.py HOST PORT PATH N SERVER_PID

1. Reads the server's RSS: VmRSS summed over SERVER_PID and every descendant
   (/proc/*/stat gives the parent links), plus the same sum of Pss for reference.
2. Opens N connections one after the other; on each it sends one HTTP/1.1
   keep-alive GET for PATH and reads the whole response (Content-Length).
3. Leaves all N connections open and idle, waits SETTLE_S, counts how many the
   server still holds open, and reads the RSS again.

Prints key=value lines (kB, counts).  Python 3 standard library only.
"""
import os
import select
import socket
import sys
import time

SETTLE_S = 1.0          # let the server finish its allocations before reading RSS
IO_TIMEOUT_S = 10.0     # per connect / per response
RECV_CHUNK = 65536


def children_map():
    """ppid -> [pid] for every live process."""
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue                            # exited while we looked
        fields = stat.rsplit(b")", 1)[1].split()
        kids.setdefault(int(fields[1]), []).append(int(name))
    return kids


def process_tree(root):
    kids = children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def status_kb(path, key):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_kb(root):
    """(sum VmRSS, sum Pss, number of processes) over the tree of root."""
    pids = process_tree(root)
    rss = sum(status_kb(f"/proc/{p}/status", "VmRSS:") for p in pids)
    pss = sum(status_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
    return rss, pss, len(pids)


def read_response(sock):
    """Reads one response; returns (status code, body length)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(RECV_CHUNK)
        if not chunk:
            raise ConnectionError("closed before the end of the head")
        buf += chunk
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    code = int(lines[0].split()[1])
    length = None
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length is None:
        raise ValueError("no Content-Length")
    got = len(body)
    while got < length:
        chunk = sock.recv(RECV_CHUNK)
        if not chunk:
            raise ConnectionError("closed in the body")
        got += len(chunk)
    return code, got


def still_open(sock):
    """True when the server has not closed its end (no EOF pending)."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return True
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    count, pid = int(sys.argv[4]), int(sys.argv[5])

    rss, pss, nproc = memory_kb(pid)
    print(f"idle_rss_kb={rss}\nidle_pss_kb={pss}\nidle_procs={nproc}")

    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
               "Connection: keep-alive\r\n\r\n").encode()
    socks, errors, non200 = [], 0, 0
    t0 = time.monotonic()
    for _ in range(count):
        try:
            sock = socket.create_connection((host, port), timeout=IO_TIMEOUT_S)
        except OSError:
            errors += 1
            continue
        try:
            sock.sendall(request)
            code, _ = read_response(sock)
            if code != 200:
                non200 += 1
        except (OSError, ValueError, IndexError):
            errors += 1
        socks.append(sock)            # held even after an error: it costs the server too
    t1 = time.monotonic()
    time.sleep(SETTLE_S)

    alive = sum(1 for s in socks if still_open(s))
    rss, pss, nproc = memory_kb(pid)
    print(f"held_rss_kb={rss}\nheld_pss_kb={pss}\nheld_procs={nproc}")
    print(f"conns={len(socks)}\nconns_alive={alive}\nerrors={errors}\nnon200={non200}")
    print(f"open_seconds={t1 - t0:.2f}")
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
