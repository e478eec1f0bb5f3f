#!/usr/bin/env python3
"""portico's server flags with a display: the window applies them for this
launch, forwards them to a running instance, and never saves them.

Runs the real binary under the caller's Xvfb and D-Bus session
(`dbus-run-session -- xvfb-run -a meson test ...`), with GSettings in a
scratch keyfile so the test can read what was (not) stored.  Prints TAP;
without a display or a session bus the whole script is one TAP skip.

    python3 test-command-line.py --portico PATH
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

WAIT_S = 20             # liveness guard for things that must happen, never a speed bound
TCP_LISTEN = "0A"       # st column of /proc/net/tcp
SCHEMA_GROUP = "[io/github/portico/Portico]"


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, name, detail=""):
        self.n += 1
        if ok:
            print("ok %d - %s" % (self.n, name), flush=True)
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, name), flush=True)
            for line in str(detail).splitlines():
                print("# " + line, flush=True)

    def eq(self, got, want, name):
        self.check(got == want, name, "got:  %r\nwant: %r" % (got, want))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """The local addresses listening on port, as /proc/net/tcp and
    /proc/net/tcp6 spell them."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            next(f)
            for line in f:
                fields = line.split()
                addr, hexport = fields[1].split(":")
                if int(hexport, 16) == port and fields[3] == TCP_LISTEN:
                    found.add(addr)
    return found


def get(port, path="/"):
    """The body of GET path, or None when nothing answers."""
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=5) as r:
            return r.read().decode()
    except OSError:
        return None


def wait_for(cond):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


class Env:
    def __init__(self, portico):
        self.portico = portico
        self.tmp = tempfile.mkdtemp(prefix="portico-cmdline-")
        self.config = os.path.join(self.tmp, "config")
        self.keyfile = os.path.join(self.config, "glib-2.0", "settings", "keyfile")
        self.env = dict(os.environ)
        self.env.update({
            "GSETTINGS_BACKEND": "keyfile",
            "XDG_CONFIG_HOME": self.config,
            "XDG_STATE_HOME": os.path.join(self.tmp, "state"),
            "XDG_DATA_HOME": os.path.join(self.tmp, "data"),
            "XDG_CACHE_HOME": os.path.join(self.tmp, "cache"),
            "GDK_BACKEND": "x11",
            "GSK_RENDERER": "cairo",
        })
        self.sites = {}
        self.procs = []
        for name in ("a", "b"):
            site = os.path.join(self.tmp, "site-" + name)
            os.mkdir(site)
            with open(os.path.join(site, "index.html"), "w") as f:
                f.write("<p>site %s</p>\n" % name)
            self.sites[name] = site

    def seed_keyfile(self, **keys):
        os.makedirs(os.path.dirname(self.keyfile), exist_ok=True)
        with open(self.keyfile, "w") as f:
            f.write(SCHEMA_GROUP + "\n")
            for key, value in keys.items():
                f.write("%s=%s\n" % (key.replace("_", "-"), value))

    def read_keyfile(self):
        with open(self.keyfile) as f:
            return f.read()

    def start(self, *args):
        proc = subprocess.Popen([self.portico] + list(args), cwd=self.tmp, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(proc)
        return proc

    def run(self, *args):
        p = subprocess.run([self.portico] + list(args), cwd=self.tmp, env=self.env,
                           capture_output=True, text=True, timeout=WAIT_S)
        return p.returncode, p.stdout, p.stderr

    def cleanup(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


def keyfile_text(e):
    try:
        return e.read_keyfile()
    except OSError:
        return ""


def stop(tap, proc, name):
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(timeout=WAIT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        rc = "still running"
    out, err = proc.communicate()
    tap.eq((rc, err), (0, ""), name + ": SIGTERM stops the window cleanly")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--portico", required=True)
    args = p.parse_args()

    if not os.environ.get("DISPLAY"):
        print("1..0 # SKIP no display")
        return 0
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        print("1..0 # SKIP no D-Bus session bus (run under dbus-run-session)")
        return 0

    tap = Tap()
    e = Env(os.path.abspath(args.portico))
    stored_port = free_port()
    p1 = free_port()
    p2 = free_port()
    log = os.path.join(e.tmp, "launch.log")
    # Private links off: --host 0.0.0.0 below must still answer a plain GET
    # (the key is the window's; tests/ui/test-window.c checks it there).
    e.seed_keyfile(port=stored_port, start_on_open="false", private_links="false")

    try:
        rc, out, err = e.run("--help")
        tap.check(rc == 0 and "override those settings for this launch" in out and err == "",
                  "--help with a display describes the flags with the window", out + err)
        tap.check("[OPTION…] [FOLDER]" in out, "--help shows the FOLDER argument", out)

        # 1. First launch: the flags start serving, on 127.0.0.1 only.
        first = e.start("--port", str(p1), "-d", "site-a", "--log-file", "launch.log")
        tap.check(wait_for(lambda: get(p1) is not None), "first launch serves on --port",
                  "nothing answers on %d" % p1)
        tap.eq(get(p1), "<p>site a</p>\n", "first launch serves --docroot (relative to its cwd)")
        tap.eq(listening(p1), {"0100007F"}, "without --host the window listens on 127.0.0.1 only")
        tap.eq(get(stored_port), None, "the stored port is not used")

        # 2. A second launch hands its flags to the running window.
        rc, out, err = e.run("-p", str(p2), "--docroot", e.sites["b"])
        tap.eq((rc, out, err),
               (0, "portico: already running; applied --port %d --docroot %s to its window\n"
                   % (p2, e.sites["b"]), ""),
               "second launch reports the flags it applied to the running window")
        tap.check(wait_for(lambda: get(p2) == "<p>site b</p>\n"),
                  "the running window restarts on the new port and folder")
        tap.check(wait_for(lambda: get(p1) is None), "the old port is closed")

        rc, out, err = e.run("--host", "0.0.0.0")
        tap.eq((rc, err), (0, ""), "--host 0.0.0.0 to the running window")
        tap.check(wait_for(lambda: listening(p2) == {"0" * 32}),
                  "--host 0.0.0.0 listens on every interface, dual-stack (::)", listening(p2))
        tap.eq(get(p2), "<p>site b</p>\n", "IPv4 clients reach the dual-stack socket")

        # 3. Bad flags are refused by the launching process; the window keeps serving.
        bad = [
            (["--host", "10.1.2.3"], 2,
             "portico: --host must be 127.0.0.1 (this computer) or 0.0.0.0 (every interface) "
             "with the window, not “10.1.2.3” (portico --no-gui binds any address)\n"),
            (["--port", "0"], 2,
             "portico: --port must be between 1 and 65535 with the window, not 0\n"),
            (["--keep-alive-timeout", "4000"], 2,
             "portico: --keep-alive-timeout must be between 1 and 3600, not 4000\n"),
            (["--threads", "65"], 2, "portico: --threads must be between 0 and 64, not 65\n"),
            (["-d", "/nonexistent/portico"], 1,
             "portico: cannot serve “/nonexistent/portico”: no such folder\n"),
            (["-d", "site-a/index.html"], 1,
             "portico: cannot serve “%s/site-a/index.html”: not a folder\n" % e.tmp),
            (["--log-format", "xml"], 2,
             "portico: --log-format must be report or combined, not “xml”\n"),
            (["--bogus"], 2, "portico: Unknown option --bogus\n"),
        ]
        for flags, want_rc, want_err in bad:
            rc, out, err = e.run(*flags)
            tap.eq((rc, out, err), (want_rc, "", want_err), "refused: " + " ".join(flags))
        tap.eq(get(p2), "<p>site b</p>\n", "after the refused flags the window still serves")

        # 4. Quit: the log file from --log-file was written, nothing was stored.
        stop(tap, first, "first instance")
        with open(log) as f:
            records = f.read()
        tap.check("[Method: GET][Request file name: /index.html]" in records,
                  "--log-file is the file the window logged to", records[:500])
        stored = e.read_keyfile()
        tap.check("port=%d\n" % stored_port in stored and "folder" not in stored
                  and "listen" not in stored and "log-file" not in stored,
                  "no flag was written to GSettings", stored)

        # 5. Next launch without flags: back to the stored preferences.
        e.seed_keyfile(port=stored_port, start_on_open="true", folder="'%s'" % e.sites["a"])
        second = e.start()
        tap.check(wait_for(lambda: get(stored_port) == "<p>site a</p>\n"),
                  "a launch without flags serves the stored port and folder")
        tap.eq(get(p2), None, "the previous launch's --port is gone")
        stop(tap, second, "launch without flags")

        # 6. `portico FOLDER`: the window shows FOLDER ready to serve (stored, not started).
        e.seed_keyfile(port=stored_port, start_on_open="false")
        third = e.start("site-a")
        tap.check(wait_for(lambda: "folder='%s'\n" % e.sites["a"] in keyfile_text(e)),
                  "portico FOLDER shows that folder (relative to its cwd)", keyfile_text(e))
        tap.check(wait_for(lambda: "recent-folders=['%s']\n" % e.sites["a"] in keyfile_text(e)),
                  "portico FOLDER is first in the recent folders", keyfile_text(e))
        time.sleep(0.5)
        tap.eq(listening(stored_port), set(), "portico FOLDER is ready to serve, not started")

        # A second `portico FOLDER` reaches the first window (nothing runs: no question).
        rc, out, err = e.run("site-b")
        tap.eq((rc, out, err),
               (0, "portico: already running; opened %s in its window\n" % e.sites["b"], ""),
               "a second portico FOLDER reports where the folder went")
        tap.check(wait_for(lambda: "folder='%s'\n" % e.sites["b"] in keyfile_text(e)),
                  "the running window shows the second folder", keyfile_text(e))
        tap.check(wait_for(lambda: "recent-folders=['%s', '%s']\n" % (e.sites["b"], e.sites["a"])
                           in keyfile_text(e)),
                  "recent folders: newest first", keyfile_text(e))

        # org.freedesktop.Application.Open (what a D-Bus activated launcher sends).
        gapp = shutil.which("gapplication")
        if gapp is not None:
            p = subprocess.run([gapp, "launch", "io.github.portico.Portico", "site-a"], cwd=e.tmp,
                               env=e.env, capture_output=True, text=True, timeout=WAIT_S)
            tap.eq((p.returncode, p.stderr), (0, ""), "gapplication launch APP_ID FOLDER")
            tap.check(wait_for(lambda: "folder='%s'\n" % e.sites["a"] in keyfile_text(e)),
                      "a folder opened over D-Bus is shown", keyfile_text(e))
        else:
            tap.check(True, "gapplication launch: # SKIP gapplication not installed")

        # Start serves the folder shown (the flags start the window).
        p3 = free_port()
        rc, out, err = e.run("-p", str(p3))
        tap.eq((rc, err), (0, ""), "--port to the window showing the folder")
        tap.check(wait_for(lambda: get(p3) == "<p>site a</p>\n"), "Start serves the folder shown")

        bad_folders = [
            (["/"], 1, "portico: cannot serve “/”: it is the root of the file system; "
                       "choose a folder inside it\n"),
            (["-d", "/"], 1, "portico: cannot serve “/”: it is the root of the file system; "
                             "choose a folder inside it\n"),
            (["site-a/index.html"], 1,
             "portico: cannot serve “%s/site-a/index.html”: not a folder\n" % e.tmp),
            (["site-a", "site-b"], 2, "portico: unexpected argument “site-b” (see portico --help)\n"),
            (["-d", "site-a", "site-b"], 2,
             "portico: --docroot and a FOLDER argument cannot be used together\n"),
        ]
        for flags, want_rc, want_err in bad_folders:
            rc, out, err = e.run(*flags)
            tap.eq((rc, out, err), (want_rc, "", want_err), "refused: portico " + " ".join(flags))
        tap.eq(get(p3), "<p>site a</p>\n", "after the refused folders the window still serves")
        stop(tap, third, "portico FOLDER")
    finally:
        e.cleanup()

    print("1..%d" % tap.n, flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
