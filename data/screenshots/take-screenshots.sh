#!/bin/sh
# Runs the real app under Xvfb and saves screenshots into data/screenshots/:
#   running.png (serving, with log rows), console.png (request console),
#   preferences.png, zh_HK.png (Traditional Chinese), share.png (sharing on
#   the network: the share card with this machine's addresses and QR code).
# usage: data/screenshots/take-screenshots.sh [BUILD_DIR]   (default: ./build)
# Needs: Xvfb, ImageMagick (import, convert), xwininfo, curl, python3, libXtst.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
out=$src/data/screenshots
display=":${PT_SCREENSHOT_DISPLAY:-93}"
size=1280x900x24
tmp=$(mktemp -d)
xvfb_pid=
app_pid=

cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Key presses through XTEST (no window manager, no xdotool needed).
cat > "$tmp/key.py" <<'PY'
import ctypes, sys, time
x11 = ctypes.CDLL("libX11.so.6"); xtst = ctypes.CDLL("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XStringToKeysym.restype = ctypes.c_ulong
x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
x11.XFlush.argtypes = [ctypes.c_void_p]
d = x11.XOpenDisplay(None)
names = {"ctrl": "Control_L", "alt": "Alt_L", "shift": "Shift_L"}
codes = [x11.XKeysymToKeycode(d, x11.XStringToKeysym(names.get(k, k).encode())) for k in sys.argv[1].split("+")]
for c in codes: xtst.XTestFakeKeyEvent(d, c, 1, 0)
for c in reversed(codes): xtst.XTestFakeKeyEvent(d, c, 0, 0)
x11.XFlush(d); time.sleep(0.2)
PY

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

Xvfb "$display" -screen 0 "$size" -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1

start_app() {   # $1: LANGUAGE, $2: who can connect (local, the default, or network)
  mkdir -p "$tmp/config/glib-2.0/settings" "$tmp/state" "$tmp/home"
  cat > "$tmp/config/glib-2.0/settings/keyfile" <<KEYS
[io/github/portico/Portico]
port=uint32 $port
folder='$src/srcFile'
start-on-open=true
log-file='$tmp/state/log.txt'
window-width=1000
window-height=720
listen='${2:-local}'
KEYS
  env DISPLAY="$display" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" \
      XDG_STATE_HOME="$tmp/state" GSETTINGS_BACKEND=keyfile \
      GSETTINGS_SCHEMA_DIR="$build/data" PORTICO_LOCALEDIR="$build/po" \
      GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
      LC_ALL=C.UTF-8 LANGUAGE="$1" \
      dbus-run-session -- sh -c 'echo $$ > "$0/app.pid"; exec "$1"' "$tmp" "$build/src/portico" \
      >"$tmp/app.log" 2>&1 &
  i=0
  until [ -s "$tmp/app.pid" ]; do sleep 0.1; done
  app_pid=$(cat "$tmp/app.pid")
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    i=$((i + 1)); [ $i -gt 100 ] && { cat "$tmp/app.log"; echo "app did not start" >&2; exit 1; }
    sleep 0.1
  done
}

traffic() {
  base="http://127.0.0.1:$port"
  # one keep-alive connection for four requests
  curl -s "$base/" -o /dev/null "$base/index.html" -o /dev/null \
       "$base/helloworld.html" -o /dev/null "$base/portico.png" -o /dev/null || true
  curl -s -o /dev/null "$base/missing.html" || true
  curl -s -o /dev/null "$base/server.py" || true
  curl -s -o /dev/null -I "$base/photo.jpg" || true
  curl -s -o /dev/null -H 'If-Modified-Since: Sat, 01 Jan 2050 00:00:00 GMT' "$base/index.html" || true
  sleep 1.5
}

shot_root() {   # $1: output file; crops the black background away
  import -window root "$tmp/root.png"
  convert "$tmp/root.png" -trim +repage "$out/$1"
  echo "saved $out/$1"
}

shot_window() {   # $1: window title, $2: output file
  id=$(xwininfo -display "$display" -root -tree | grep "\"$1\"" | awk '{print $1}' | tail -1)
  [ -n "$id" ] || { echo "no window titled $1" >&2; return 1; }
  DISPLAY=$display import -window "$id" "$out/$2"
  echo "saved $out/$2"
}

export DISPLAY="$display"

start_app ""
traffic
shot_root running.png

python3 "$tmp/key.py" alt+2
python3 "$tmp/key.py" ctrl+Return
sleep 1
shot_root console.png
python3 "$tmp/key.py" alt+1

python3 "$tmp/key.py" ctrl+comma
sleep 1
shot_window "Preferences" preferences.png

kill "$app_pid"
while kill -0 "$app_pid" 2>/dev/null; do sleep 0.1; done
app_pid=
rm -f "$tmp/app.pid"

start_app zh_HK
traffic
shot_root zh_HK.png

kill "$app_pid"
while kill -0 "$app_pid" 2>/dev/null; do sleep 0.1; done
app_pid=
rm -f "$tmp/app.pid"

start_app "" network
sleep 1
shot_root share.png
