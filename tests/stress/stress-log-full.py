#!/usr/bin/env python3
"""log.txt on a full disk: a 64 KiB tmpfs (mounted by the test; needs root or
CAP_SYS_ADMIN, else the checks are skipped).  While the disk is full serving
continues and the failure is reported once; when space comes back the log
records resume.  Also: a log file that cannot be opened at start is one
clear error and exit status 1.
"""
import errno
import os
import subprocess
import tempfile
import time

import sys
sys.dont_write_bytecode = True   # no __pycache__ in the source tree

from ptstress import LONG, Portico, Tap, binary_from_argv, try_get, wait_until

TMPFS_SIZE = "64k"
N_DURING = 400 if LONG else 150      # requests while the disk is full
N_AFTER = 20                         # requests once there is space again
FLUSH_WAIT_S = 2.5                   # the engine hands partial buffers over at least once a second
RESPONSE_RECORD = "[Server response to"


def fill(path):
    """Writes until ENOSPC; returns the bytes written."""
    n = 0
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                n += f.write(b"x" * 1024)
        except OSError as e:
            if e.errno != errno.ENOSPC:
                raise
    try:
        with open(path, "ab", buffering=0) as f:
            while True:
                n += f.write(b"x")
    except OSError:
        pass
    return n


def log_errors(srv):
    return [line for line in srv.stdout_lines + srv.stderr_lines
            if "rror" in line and ("log" in line.lower() or "space" in line.lower())]


def main():
    tap = Tap()
    binary = binary_from_argv()
    mnt = tempfile.mkdtemp(prefix="portico-logfs-")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", mnt],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode == 0
    try:
        if not mounted:
            for what in ("serving continues on a full disk", "the failure is reported once",
                         "log records resume when space returns"):
                tap.skip(what, f"cannot mount a {TMPFS_SIZE} tmpfs (not root?)")
        else:
            run_full_disk(tap, binary, mnt)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", mnt])
        os.rmdir(mnt)

    # A log file that cannot be opened at start.
    proc = subprocess.run([binary, "--no-gui", "--port", "0", "--quiet",
                           "--log-file", "/nonexistent-dir/portico/log.txt",
                           "--docroot", os.path.dirname(os.path.abspath(__file__))],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
    err = proc.stderr.decode(errors="replace").strip().splitlines()
    tap.ok(proc.returncode == 1 and len(err) == 1,
           f"unopenable log file at start: exit {proc.returncode}, {len(err)} error line(s)",
           diag="\n".join(err[:3]))
    tap.done()


def run_full_disk(tap, binary, mnt):
    srv = Portico(binary, log_dir=mnt)
    with srv:
        for _ in range(5):
            try_get(srv.port, "/index.html")
        wait_until(lambda: sum(RESPONSE_RECORD in ln for ln in srv.log_lines()) >= 5, FLUSH_WAIT_S)
        before = sum(RESPONSE_RECORD in ln for ln in srv.log_lines())
        tap.ok(before == 5, f"records are written while there is space ({before}/5)")

        filler = os.path.join(mnt, "filler")
        filled = fill(filler)
        tap.diag(f"tmpfs filled with {filled} bytes")

        statuses = [getattr(try_get(srv.port, "/index.html"), "status", None) for _ in range(N_DURING)]
        time.sleep(FLUSH_WAIT_S)
        tap.ok(statuses.count(200) == N_DURING and srv.alive(),
               f"disk full: serving continues ({statuses.count(200)}/{N_DURING} got 200)")
        errs = log_errors(srv)
        tap.ok(len(errs) == 1, f"disk full: the failure is reported once ({len(errs)} reports)",
               diag="\n".join(errs[:3]))

        os.unlink(filler)
        for _ in range(N_AFTER):
            try_get(srv.port, "/hello.txt")
        got = wait_until(lambda: sum("/hello.txt" in ln for ln in srv.log_lines()) >= N_AFTER,
                         FLUSH_WAIT_S + 2)
        after = sum("Request file name: /hello.txt" in ln for ln in srv.log_lines())
        tap.ok(got and after == N_AFTER,
               f"space back: log records resume ({after}/{N_AFTER} new requests logged)")
        total = sum(RESPONSE_RECORD in ln for ln in srv.log_lines())
        lost = 5 + N_DURING + N_AFTER - total
        rc, secs = srv.terminate()
        tap.ok(rc == 0, f"SIGTERM: exit status {rc} after {secs:.2f} s")
        final = sum(RESPONSE_RECORD in ln for ln in srv.log_lines())
        tap.diag(f"RESULT responses={5 + N_DURING + N_AFTER} logged={final} "
                 f"lost_while_full={5 + N_DURING + N_AFTER - final} (before stop: {lost}) "
                 f"error_reports={len(errs)}")
        truncated = [ln for ln in srv.log_lines()
                     if not (ln.startswith("[Client request from") or ln.startswith("[Server response to"))
                     or not ln.endswith("]")]
        tap.ok(not truncated, f"no torn record in the log ({len(truncated)} malformed lines)",
               diag="\n".join(repr(t) for t in truncated[:3]))


if __name__ == "__main__":
    main()
