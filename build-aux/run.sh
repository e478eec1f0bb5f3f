#!/bin/sh
# README's quick start: installs what is missing, builds, and runs Portico —
# the window when there is a display, otherwise headless, serving srcFile
# on 127.0.0.1:8080.  Extra arguments go to portico (e.g. --port 9000).
set -eu
cd "$(dirname "$0")/.."
build-aux/install-deps.sh
if [ ! -f _build/app/build.ninja ]; then
  meson setup _build/app -Dbuildtype=release -Dtests=false >/dev/null
fi
meson compile -C _build/app >/dev/null
# Run uninstalled: the compiled GSettings schema is in the build tree.
GSETTINGS_SCHEMA_DIR=$(pwd)/_build/app/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}
export GSETTINGS_SCHEMA_DIR
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec _build/app/src/portico "$@"
else
  exec _build/app/src/portico --no-gui "$@"
fi
