#!/usr/bin/env python3
"""The generated man pages and bash completions (src/options/pt-options-doc.c):
lint-clean, and every flag each executable's --help lists is in its man page
and its completion, and nothing else is.

    python3 test-docs.py PROG=BINARY:MANPAGE:COMPLETION ...
"""

import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import Tap, Skip, check, check_eq, headless_env

tap = Tap()
PROGRAMS = {}           # name → (binary, man page, completion)

FLAG_RE = re.compile(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])(?=[,= \n]|$)")


def run(argv, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30,
                       env=kw.pop("env", headless_env()), **kw)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def option_lines(text, start, end):
    """The lines between the heading that starts with start and the next one matching end."""
    out, inside = [], False
    for line in text.splitlines():
        if re.match(start, line):
            inside = True
            continue
        if inside and re.match(end, line):
            break
        if inside:
            out.append(line)
    return out


def help_flags(binary):
    rc, out, err = run([binary, "--help"])
    check_eq((rc, err), (0, ""), "%s --help" % binary)
    flags = set()
    for line in out.splitlines():
        m = re.match(r"^\s+(-\S.*?)(\s{2,}|$)", line)    # "  -p, --port=PORT   help"
        if m:
            flags.update(FLAG_RE.findall(m.group(1) + " "))
    check(len(flags) >= 3, "flags in --help: %r" % flags)
    return flags


def man_text(page):
    rc, out, err = run(["mandoc", "-T", "ascii", page])
    check_eq((rc, err), (0, ""), "mandoc -T ascii")
    return re.sub(r".\x08", "", out)


def man_flags(page):
    text = man_text(page)
    flags = set()
    for line in option_lines(text, r"^OPTIONS", r"^[A-Z]"):
        m = re.match(r"^ {5,8}(-\S.*)$", line)          # the .TP tag lines
        if m:
            flags.update(FLAG_RE.findall(m.group(1) + " "))
    return flags


def complete(name, completion, words):
    """COMPREPLY after `name words...` with the cursor on the last word."""
    func = "_" + name.replace("-", "_")
    script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); %s; '
              'printf "%%s\\n" "${COMPREPLY[@]}"' % func)
    rc, out, err = run(["bash", "--norc", "--noprofile", "-c", script, "bash", completion, name] + words)
    check_eq((rc, err), (0, ""), "bash completion %r" % words)
    return [w for w in out.splitlines() if w]


def for_each_program(test):
    for name in sorted(PROGRAMS):
        test(name, *PROGRAMS[name])


@tap.add
def mandoc_lint_clean():
    if shutil.which("mandoc") is None:
        raise Skip("mandoc is not installed")

    def one(name, binary, page, completion):
        rc, out, err = run(["mandoc", "-T", "lint", "-W", "all", page])
        check_eq((rc, out, err), (0, "", ""), "mandoc -T lint -W all %s" % page)
    for_each_program(one)


@tap.add
def man_warnings_clean():
    if shutil.which("man") is None:
        raise Skip("man is not installed")

    def one(name, binary, page, completion):
        env = headless_env({"MANWIDTH": "80", "MAN_DISABLE_SECCOMP": "1"})
        rc, out, err = run(["man", "--warnings", "-l", page], env=env)
        check_eq((rc, err), (0, ""), "man --warnings -l %s" % page)
        check(name in out and "OPTIONS" in out, "rendered page: %r" % out[:200])
    for_each_program(one)


@tap.add
def man_page_lists_the_help_flags():
    def one(name, binary, page, completion):
        want = help_flags(binary)
        got = man_flags(page)
        check_eq(sorted(got), sorted(want), "%s: flags in the man page vs --help" % name)
        text = man_text(page)
        check(re.search(r"^NAME\n\s+%s - " % re.escape(name), text, re.M) is not None,
              "%s: NAME section" % name)
        check("EXIT STATUS" in text, "%s: EXIT STATUS" % name)
    for_each_program(one)


@tap.add
def completion_offers_the_help_flags():
    def one(name, binary, page, completion):
        want = help_flags(binary)
        got = complete(name, completion, [""])
        check_eq(sorted(got), sorted(want), "%s: completed flags vs --help" % name)
        got = complete(name, completion, ["--"])
        check_eq(sorted(got), sorted(f for f in want if f.startswith("--")), "%s: after --" % name)
    for_each_program(one)


@tap.add
def completion_completes_values():
    name = "portico-server"
    binary, page, completion = PROGRAMS[name]
    check_eq(complete(name, completion, ["--log-format", ""]), ["report", "combined"], "--log-format")
    check_eq(complete(name, completion, ["--log-format", "c"]), ["combined"], "--log-format c")
    check_eq(complete(name, completion, ["--port", ""]), [], "--port takes a number")
    root = os.environ.get("PT_SOURCE_ROOT", ".")
    got = complete(name, completion, ["-d", os.path.join(root, "srcF")])
    check_eq(got, [os.path.join(root, "srcFile")], "-d completes folders")
    check_eq(complete(name, completion, ["--max-req"]), ["--max-requests"], "a partial flag")
    # The FOLDER argument completes folders, for both headless programs.
    for prog in ("portico", "portico-server"):
        if prog in PROGRAMS:
            got = complete(prog, PROGRAMS[prog][2], ["--port", "0", os.path.join(root, "srcF")])
            check_eq(got, [os.path.join(root, "srcFile")], "%s FOLDER completes folders" % prog)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        name, paths = arg.split("=", 1)
        PROGRAMS[name] = tuple(os.path.abspath(p) for p in paths.split(":"))
    sys.exit(tap.run())
