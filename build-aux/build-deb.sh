#!/bin/sh
# Builds the Debian packages portico and portico-server from this working
# tree (tracked and untracked files, not the ignored ones), the Debian 12 way:
#   build-aux/build-deb.sh
# 1. installs what the build needs (install-deps.sh --package), checks the
#    Build-Depends of debian/control (dpkg-checkbuilddeps);
# 2. runs `dpkg-buildpackage -us -uc -b` in a copy of the tree in a scratch
#    directory (dpkg-buildpackage writes into the parent of the tree);
# 3. copies the .deb, .changes and .buildinfo files into _build/deb/ (the
#    build log is _build/deb/build.log);
# 4. runs lintian on them: every tag is shown, an error fails the script;
# 5. runs tests/ops/test-deb.sh on them (contents, dependencies, the server
#    package without GTK, portico-server --version from an unpacked root).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/_build/deb"

build-aux/install-deps.sh --package

version=$(dpkg-parsechangelog -S Version)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
src="$scratch/portico-$version"
mkdir "$src"
# Tracked (as in the working tree) and untracked files; a tracked file deleted
# in the tree is skipped.
git ls-files -z --cached --others --exclude-standard |
  tar -c --null --ignore-failed-read -T - 2>/dev/null | tar -x -C "$src"

(cd "$src" && dpkg-checkbuilddeps) ||
  { echo "build-deb: Build-Depends not satisfied (see above)"; exit 1; }

mkdir -p "$out"
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
echo "build-deb: dpkg-buildpackage -us -uc -b (log: $out/build.log)"
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
  tail -40 "$out/build.log"
  echo "build-deb: dpkg-buildpackage failed"
  exit 1
fi
cp "$scratch"/*.deb "$scratch"/*.changes "$scratch"/*.buildinfo "$out"/
ls -l "$out"/*.deb

echo "build-deb: lintian"
changes=$(ls "$out"/*.changes)
if ! lintian --fail-on error "$changes"; then
  echo "build-deb: lintian reports errors"
  exit 1
fi

tests/ops/test-deb.sh "$out"
