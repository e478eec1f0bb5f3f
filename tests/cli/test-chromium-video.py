#!/usr/bin/env python3
"""Headless Chromium plays and seeks a <video> served by portico --no-gui (byte ranges)."""

import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptcli import Tap, Server, check, check_eq, chromium_argv, headless_env, make_site, mask_log

ARGS = None
tap = Tap()

PAGE_WAIT_S = 90       # bounds the wait for the page's reports; nothing asserts on speed
SEEK_TO_S = 3

# The page reports what happened by fetching /report/<what>.txt: the server's
# console and log show it (a 404), so no DevTools protocol is needed.
PAGE = """<!DOCTYPE html>
<html><head><title>video</title></head>
<body>
<video id="v" src="clip.webm" muted preload="metadata"></video>
<script>
const v = document.getElementById('v');
function report(what) { fetch('/report/' + what + '.txt').catch(() => {}); }
v.addEventListener('error', () => report('error-' + (v.error ? v.error.code : 0)));
v.addEventListener('loadedmetadata', () => {
  report('duration-' + Math.round(v.duration));
  v.currentTime = %d;
});
v.addEventListener('seeked', () => {
  report('seeked-' + Math.round(v.currentTime * 10));
  v.play().then(() => report('playing'), () => report('play-failed'));
});
</script>
</body></html>
""" % SEEK_TO_S

WANT = ["/report/duration-4.txt", "/report/seeked-%d.txt" % (SEEK_TO_S * 10), "/report/playing.txt"]

SITE = None
SERVER = None


def make_video(folder):
    """A 4 s VP8 WebM of noisy test frames: about 7 MB, so that Chromium
    fetches the part it seeks to with a Range instead of the whole file."""
    out = os.path.join(folder, "clip.webm")
    subprocess.run([ARGS.ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc2=duration=4:size=640x360:rate=25,noise=alls=40:allf=t",
                    "-c:v", "libvpx", "-b:v", "16M", "-minrate", "16M", "-maxrate", "16M",
                    "-g", "25", "-an", out], check=True, stdin=subprocess.DEVNULL, timeout=120)
    return os.path.getsize(out)


def reports(lines):
    return [l.split()[1] for l in lines if l.startswith("GET /report/")]


@tap.add
def video_plays_and_seeks():
    profile = tempfile.mkdtemp(prefix="portico-chromium-")
    argv = chromium_argv(ARGS.chromium, profile, "--autoplay-policy=no-user-gesture-required",
                         "--remote-debugging-port=0", SERVER.url("/video.html"))
    # Without --dump-dom headless Chromium keeps the page running until killed.
    proc = subprocess.Popen(argv, env=headless_env({"HOME": profile}), cwd=profile,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        # Each report is its own fetch on its own connection, so "playing" can
        # reach the server before "seeked-30": wait for all of them (or a failure).
        lines = SERVER.wait_for(
            lambda ls: set(WANT) <= set(reports(ls))
            or any(r == "/report/play-failed.txt" or r.startswith("/report/error-")
                   for r in reports(ls)),
            timeout=PAGE_WAIT_S, what="the page's reports")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    got = reports(lines)
    # Each report is its own fetch: they may arrive in any order.
    check_eq(sorted(got), sorted(WANT), "the page's reports")
    # Chromium asked for the part it seeked to with a Range.
    ranges = [l for l in lines if l.startswith("Range: bytes=")]
    check(any(r != "Range: bytes=0-" for r in ranges), "Range fields sent: %r" % ranges)


@tap.add
def log_shows_206_for_the_seek():
    rc, took = SERVER.stop()
    check_eq(rc, 0, "exit status")
    lines = mask_log(SERVER.log_lines())
    pairs = list(zip(lines[0::2], lines[1::2]))
    clip = [resp for req, resp in pairs if "[Method: GET][Request file name: /clip.webm][" in req]
    partial = "[Server response to (localhost, 127.0.0.1)][StatusCode: HTTP/1.1 206 Partial Content][Date: D]"
    check(any(r.startswith(partial) for r in clip), "no 206 for /clip.webm in %r" % clip)
    # Chromium's media cache may revalidate what it holds (304); nothing else but 200 and 206.
    allowed = ("200 OK", "206 Partial Content", "304 Not Modified")
    check(all(any("StatusCode: HTTP/1.1 %s]" % a in r for a in allowed) for r in clip),
          "clip responses %r" % clip)


if __name__ == "__main__":
    from ptcli import parse_args
    ARGS = parse_args()
    SITE = make_site()
    make_video(os.path.join(SITE, "srcFile"))
    with open(os.path.join(SITE, "srcFile", "video.html"), "w") as f:
        f.write(PAGE)
    SERVER = Server(ARGS.portico, cwd=SITE)
    try:
        status = tap.run()
    finally:
        SERVER.kill()
    sys.exit(status)
