#!/bin/sh
# Inspects the packages build-aux/build-deb.sh built:  test-deb.sh DEB_DIR
# - each package holds the files README promises, the configuration files
#   are conffiles, the services are installed disabled;
# - portico-server depends on no GTK or libadwaita, directly (Depends:,
#   the binary's NEEDED entries) or through its dependencies (apt-cache);
# - portico depends on portico-server of the same version;
# - unpacked into a scratch root, root/usr/bin/portico-server --version
#   prints the package version.
set -u
dir="$1"
fails=0
fail () { echo "FAIL: $*"; fails=$((fails + 1)); }
ok () { echo "ok: $*"; }

one () {  # the single package file named $1_*.deb
  set -- "$dir/$1"_*.deb
  [ $# = 1 ] && [ -f "$1" ] || { echo "FAIL: not one package: $*" >&2; exit 1; }
  echo "$1"
}
server=$(one portico-server)
window=$(one portico)
version=$(dpkg-deb -f "$server" Version)
[ "$(dpkg-deb -f "$window" Version)" = "$version" ] && ok "both at version $version" ||
  fail "versions differ"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

has_files () {  # package, then the paths it must hold
  deb=$1; shift
  dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|; s|/$||' > "$tmp/list"
  for f in "$@"; do
    grep -qxF "$f" "$tmp/list" && ok "$(basename "$deb"): $f" || fail "$(basename "$deb") lacks $f"
  done
}
has_files "$server" /usr/bin/portico-server /usr/bin/portico-client \
  /usr/share/man/man1/portico-server.1.gz /usr/share/man/man1/portico-client.1.gz \
  /usr/share/bash-completion/completions/portico-server \
  /usr/share/bash-completion/completions/portico-client \
  /usr/share/portico/srcFile/index.html \
  /etc/portico/portico.conf /etc/logrotate.d/portico \
  /lib/systemd/system/portico.service /lib/systemd/system/portico.socket \
  /usr/lib/systemd/user/portico.service /usr/lib/sysusers.d/portico.conf \
  /usr/share/doc/portico-server/examples/haproxy.cfg \
  /usr/share/doc/portico-server/copyright
has_files "$window" /usr/bin/portico /usr/share/man/man1/portico.1.gz \
  /usr/share/bash-completion/completions/portico \
  /usr/share/applications/io.github.portico.Portico.desktop \
  /usr/share/metainfo/io.github.portico.Portico.metainfo.xml \
  /usr/share/glib-2.0/schemas/io.github.portico.Portico.gschema.xml \
  /usr/share/icons/hicolor/scalable/apps/io.github.portico.Portico.svg \
  /usr/share/locale/zh_HK/LC_MESSAGES/portico.mo \
  /usr/share/locale/zh_CN/LC_MESSAGES/portico.mo
dpkg-deb -c "$window" | grep -q 'srcFile' && fail "portico holds srcFile (portico-server does)" ||
  ok "portico: no srcFile of its own"

dpkg-deb -e "$server" "$tmp/control"
printf '/etc/logrotate.d/portico\n/etc/portico/portico.conf\n' > "$tmp/conffiles.want"
sort "$tmp/control/conffiles" | cmp -s - "$tmp/conffiles.want" &&
  ok "conffiles: /etc/logrotate.d/portico /etc/portico/portico.conf" ||
  fail "conffiles: $(cat "$tmp/control/conffiles")"
grep -q 'adduser --system --group' "$tmp/control/postinst" && ok "postinst creates the user" ||
  fail "postinst does not create the user"
# debhelper's enabling snippets say "was-enabled defaults to true, so new
# installations run enable"; the starting ones call deb-systemd-invoke.  The
# "dont-enable" ones re-enable only what the administrator had enabled.
if grep -q 'defaults to true\|deb-systemd-invoke' "$tmp/control/postinst"; then
  fail "postinst enables or starts a service"
elif [ "$(grep -c 'deb-systemd-helper.* was-enabled' "$tmp/control/postinst")" != 3 ]; then
  fail "postinst: not the three dont-enable snippets"
else ok "postinst enables and starts nothing (three dont-enable snippets)"; fi

deps=$(dpkg-deb -f "$server" Depends)
echo "$deps" | grep -qi 'gtk\|adwaita' && fail "portico-server Depends: $deps" ||
  ok "portico-server Depends: $deps"
dpkg-deb -f "$window" Depends | grep -qF "portico-server (= $version)" &&
  ok "portico Depends: portico-server (= $version)" ||
  fail "portico Depends: $(dpkg-deb -f "$window" Depends)"

mkdir "$tmp/root"
dpkg-deb -x "$server" "$tmp/root"
needed=$(objdump -p "$tmp/root/usr/bin/portico-server" | awk '/NEEDED/ { print $2 }' | tr '\n' ' ')
echo "$needed" | grep -qi 'gtk\|adwaita' && fail "portico-server links $needed" ||
  ok "portico-server links only: $needed"

# Everything the server package pulls in, recursively, from the archive.
names=$(echo "$deps" | tr ',|' '\n\n' | sed 's/(.*//; s/:any//; s/[[:space:]]//g' | grep -v '^$')
# shellcheck disable=SC2086
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances $names 2>/dev/null | grep -v '^ ' | sort -u)
count=$(echo "$closure" | grep -c .)
if [ "$count" -lt 5 ]; then fail "apt-cache gave no dependency closure ($count)"
elif echo "$closure" | grep -q '^libgtk\|^libadwaita\|^libgdk'; then
  fail "portico-server pulls in $(echo "$closure" | grep '^libgtk\|^libadwaita\|^libgdk' | tr '\n' ' ')"
else ok "no GTK or libadwaita among the $count packages portico-server pulls in"; fi

out=$("$tmp/root/usr/bin/portico-server" --version 2>&1)
rc=$?
case "$rc:$out" in
  "0:"*"$version"*) ok "unpacked portico-server --version: $out" ;;
  *) fail "unpacked portico-server --version (exit $rc): $out" ;;
esac

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
