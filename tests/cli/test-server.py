#!/usr/bin/env python3
"""portico-server alone: no GTK library in it, and its settings file
(portico.conf, --config FILE) under the flags.  test-headless.py runs the
rest of `portico --no-gui`'s tests against it.

    python3 test-server.py --portico PORTICO_SERVER --client PATH --gui 0|1 --window-portico PATH --conf PORTICO_CONF
"""

import os
import re
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import (Tap, Server, check, check_eq, curl, free_port, headless_env, make_site,
                   mask_console, read_file, FIRST_LINE_RE)

ARGS = None
CONF = None             # the generated portico.conf
PORTICO = None          # the window's executable, for the positive control
tap = Tap()

INDEX = read_file("index.html")
GUI_LIBS = ("libgtk", "libadwaita", "libgdk", "libgraphene", "libcairo", "libpango")


def gui_libs_in(text):
    return sorted({word for line in text.splitlines() for word in line.split()
                   if any(os.path.basename(word).startswith(lib) for lib in GUI_LIBS)})


def ldd(path):
    p = subprocess.run(["ldd", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    check_eq(p.returncode, 0, "ldd %s: %r" % (path, p.stderr))
    return p.stdout.decode()


@tap.add
def links_no_gtk():
    libs = ldd(ARGS.portico)
    check("libglib-2.0" in libs, "portico-server links GLib:\n" + libs)
    check_eq(gui_libs_in(libs), [], "GUI libraries portico-server links")
    if ARGS.gui == "1":
        # The check can fail: portico itself does link them.
        check("libgtk-4" in " ".join(gui_libs_in(ldd(PORTICO))), "portico links GTK (control)")


@tap.add
def maps_no_gtk_while_serving():
    srv = Server(ARGS.portico, no_gui=False)
    try:
        with open("/proc/%d/maps" % srv.proc.pid) as f:
            maps = f.read()
        rc, body = curl("-H", "Connection: close", srv.url("/"))
        check_eq(body, INDEX, "serves")
        rc, _ = srv.stop()
        check_eq(rc, 0, "exit status")
    finally:
        srv.kill()
    check("libglib-2.0" in maps, "GLib is mapped")
    check_eq(gui_libs_in(maps), [], "GUI libraries mapped in the running portico-server")


def write_conf(text, folder=None):
    folder = folder or tempfile.mkdtemp(prefix="portico-conf-")
    path = os.path.join(folder, "portico.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def run_server(*args, cwd=None):
    p = subprocess.run([ARGS.portico] + list(args), cwd=cwd or tempfile.mkdtemp(),
                       env=headless_env(), stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


@tap.add
def config_file_is_read():
    site = make_site()
    os.mkdir(os.path.join(site, "other"))
    with open(os.path.join(site, "other", "index.html"), "w") as f:
        f.write("<p>from the config</p>\n")
    with open(os.path.join(site, "other", "script.py"), "w") as f:
        f.write("print(1)\n")
    port = free_port()
    conf = write_conf("# the settings\n[portico]\nport=%d\nfolder=other\nserve-any-type=true\n"
                      "quiet=true\nlog-file=conf.log\nlog-format=combined\n" % port)
    proc = subprocess.Popen([ARGS.portico, "--config", conf], cwd=site, env=headless_env(),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = proc.stdout.readline().decode().rstrip("\n")
        check_eq(first, "Server is running on host/port: 127.0.0.1/%d" % port, "port from the file")
        _, body = curl("-H", "Connection: close", "http://127.0.0.1:%d/" % port)
        check_eq(body, b"<p>from the config</p>\n", "folder from the file")
        _, code = curl("-H", "Connection: close", "-o", "/dev/null", "-w", "%{http_code}",
                       "http://127.0.0.1:%d/script.py" % port)
        check_eq(code, b"200", "serve-any-type from the file")
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    check_eq(proc.returncode, 0, "exit status")
    check_eq(out, b"", "quiet from the file: nothing after the first line")
    check_eq(err, b"", "stderr")
    with open(os.path.join(site, "conf.log")) as f:
        records = f.read().splitlines()
    check_eq(len(records), 2, "log-file from the file: %r" % records)
    check(records[0].startswith("127.0.0.1 - - ["), "log-format combined: %r" % records[0])


@tap.add
def flags_override_the_file():
    site = make_site()
    conf = write_conf("[portico]\nport=1\nlog-file=conf.log\nkeep-alive-timeout=3600\n"
                      "max-requests=1\n")
    # --port 0 (added by Server) and --log-file override the file; max-requests=1 still applies.
    srv = Server(ARGS.portico, "--config=" + conf, "--log-file", "flag.log", no_gui=False, cwd=site)
    try:
        _, body = curl(srv.url("/index.html"))
        check_eq(body, INDEX, "served")
        srv.wait_for(lambda l: any(x.startswith("Maximum 1 requests") for x in l),
                     what="max-requests=1 from the file")
        rc, _ = srv.stop()
        check_eq(rc, 0, "exit status")
    finally:
        srv.kill()
    check(srv.port != 1, "the flag's port 0, not the file's 1: %d" % srv.port)
    check(os.path.exists(os.path.join(site, "flag.log")), "flag.log written")
    check(not os.path.exists(os.path.join(site, "conf.log")), "conf.log not written")


CONF_ERRORS = [
    ("bad-port", "[portico]\nport=70000\n", 2, "port must be between 0 and 65535, not 70000"),
    ("bad-threads", "[portico]\nworker-threads=65\n", 2,
     "worker-threads must be between 0 and 64, not 65"),
    ("bad-format", "[portico]\nlog-format=xml\n", 2, "log-format must be report or combined, not “xml”"),
    ("unknown-key", "[portico]\nthreads=4\n", 2, "unknown key “threads”"),
    ("unknown-group", "[server]\nport=1\n", 2, "unknown group “[server]” (expected [portico])"),
    ("not-a-key-file", "port=1\n", 2, None),
]


def conf_error_case(name, text, status, message):
    def func():
        conf = write_conf(text)
        rc, out, err = run_server("--config", conf, "--port", "0", cwd=make_site())
        check_eq((rc, out), (status, ""), "exit status (stderr %r)" % err)
        check_eq(err.count("\n"), 1, "one line: %r" % err)
        check(err.startswith("portico: %s: " % conf), "names the file: %r" % err)
        if message is not None:
            check_eq(err, "portico: %s: %s\n" % (conf, message), "stderr")
    func.__name__ = "config_error_" + name.replace("-", "_")
    return func


for case in CONF_ERRORS:
    tap.add(conf_error_case(*case))


@tap.add
def missing_config_file():
    rc, out, err = run_server("--config", "/nonexistent/portico.conf", "--port", "0", cwd=make_site())
    check_eq((rc, out), (1, ""), "exit status")
    check(err.startswith("portico: /nonexistent/portico.conf: ") and err.count("\n") == 1,
          "stderr: %r" % err)


@tap.add
def generated_conf_loads():
    """The installed portico.conf as generated, then with every key uncommented."""
    with open(CONF) as f:
        text = f.read()
    active = re.sub(r"^#([a-z-]+=.+)$", r"\1", text, flags=re.M)
    check(active.count("\n#") < text.count("\n#") - 10, "keys uncommented")
    check("\nport=8080\n" in active and "\nkeep-alive-timeout=15\n" in active, active)
    for conf_text in (text, active):
        conf = write_conf(conf_text)
        srv = Server(ARGS.portico, "--config", conf, no_gui=False)
        try:
            check_eq(srv.host, "127.0.0.1", "host")
            rc, _ = srv.stop()
            check_eq(rc, 0, "exit status")
        finally:
            srv.kill()
        check_eq(srv.stderr, b"", "stderr")


@tap.add
def help_names_the_default_file():
    rc, out, err = run_server("--help")
    check_eq((rc, err), (0, ""), "--help")
    check("/portico/portico.conf" in out, "--help names portico.conf:\n" + out)


if __name__ == "__main__":
    import argparse
    from ptcli import parse_args
    extra = argparse.ArgumentParser()
    extra.add_argument("--window-portico", required=True)
    extra.add_argument("--conf", required=True)
    known, rest = extra.parse_known_args()
    PORTICO = os.path.abspath(known.window_portico)
    CONF = os.path.abspath(known.conf)
    sys.argv = [sys.argv[0]] + rest
    ARGS = parse_args()
    sys.exit(tap.run())
