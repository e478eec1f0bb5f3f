#!/bin/sh
# Installs, from Debian 12's archive, whatever Portico needs to build, run and
# test that is not installed yet.  Quiet and quick when everything is there.
#   build-aux/install-deps.sh          build + run (+ the window)
#   build-aux/install-deps.sh --tests  also everything the test suite uses
#   build-aux/install-deps.sh --package  also what build-aux/build-deb.sh uses
#   build-aux/install-deps.sh --bench    also the peers and clients of tests/bench/run.sh
# (the flags may be combined).
set -eu
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

pkgs="meson ninja-build pkg-config gcc libglib2.0-dev libgtk-4-dev libadwaita-1-dev
      libqrencode-dev gettext desktop-file-utils appstream libglib2.0-bin xvfb xauth dbus
      dbus-x11 adwaita-icon-theme"
tests=no
package=no
bench=no
for arg in "$@"; do
  case "$arg" in
    --tests) tests=yes ;;
    --package) package=yes ;;
    --bench) bench=yes ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done
if [ $tests = yes ]; then
  # ffmpeg: the clip the Chromium video test seeks in.
  # systemd (systemd-analyze), haproxy, logrotate, python3-seccomp: the ops suite.
  # zbar-tools (zbarimg): reads the share card's QR code from a screenshot.
  # iproute2 (ip), util-linux (unshare, nsenter): tests/cli/test-share-refresh.py
  # changes the network in a namespace of the server's own.
  pkgs="$pkgs curl chromium chromium-driver clang libclang-rt-14-dev valgrind python3 locales
        imagemagick fonts-noto-cjk systemd haproxy logrotate python3-seccomp
        mandoc man-db groff-base bash-completion ffmpeg zbar-tools iproute2 util-linux"
fi
if [ $package = yes ]; then
  pkgs="$pkgs dpkg-dev debhelper fakeroot lintian"
fi
if [ $bench = yes ]; then
  # the same list as APT_PACKAGES in tests/bench/run.sh
  pkgs="$pkgs nginx-light lighttpd h2o caddy wrk apache2-utils curl"
fi

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
fi

# The date tests format HTTP dates under a German locale (they must stay English).
if [ $tests = yes ] && ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  echo "install-deps: generating the de_DE.UTF-8 locale for the date tests"
  $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi
