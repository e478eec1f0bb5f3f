#!/bin/sh
# The systemd units, checked offline by systemd-analyze:
#   test-units.sh SOURCE_ROOT SERVER_BINARY
# `verify` needs ExecStart's program to exist, so the units are checked in a
# copy whose /usr/bin/portico-server is SERVER_BINARY (the built one);
# Documentation=man:... pages are not installed in a build tree (--man=no).
# Any warning from verify is a failure.
set -u
src="$1/data/systemd"
server="$2"
fails=0
fail () { echo "FAIL: $*"; fails=$((fails + 1)); }
ok () { echo "ok: $*"; }

command -v systemd-analyze >/dev/null ||
  { echo "FAIL: systemd-analyze is missing (build-aux/install-deps.sh --tests installs systemd)"; exit 1; }
[ -x "$server" ] || { echo "FAIL: no server binary at $server"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/system" "$tmp/user" "$tmp/bad" "$tmp/run"

exec_line='ExecStart=/usr/bin/portico-server --quiet --config /etc/portico/portico.conf'
grep -qxF "$exec_line" "$src/portico.service" ||
  fail "portico.service: no line '$exec_line'"
grep -qxF 'ExecStart=/usr/bin/portico-server --quiet --config %E/portico/portico.conf' \
  "$src/user/portico.service" || fail "user/portico.service: unexpected ExecStart"

for f in portico.service portico.socket; do
  sed "s|/usr/bin/portico-server|$server|" "$src/$f" > "$tmp/system/$f"
done
sed "s|/usr/bin/portico-server|$server|" "$src/user/portico.service" > "$tmp/user/portico.service"
grep -qF "ExecStart=$server " "$tmp/system/portico.service" || fail "ExecStart not rewritten"

# verify: exit 0 and not a word on either stream.
out=$(cd "$tmp/system" && systemd-analyze verify --man=no ./portico.service ./portico.socket 2>&1)
rc=$?
if [ $rc = 0 ] && [ -z "$out" ]; then ok "verify portico.service portico.socket"
else fail "verify system units (exit $rc): $out"; fi

out=$(cd "$tmp/user" && XDG_RUNTIME_DIR="$tmp/run" systemd-analyze --user verify --man=no ./portico.service 2>&1)
rc=$?
if [ $rc = 0 ] && [ -z "$out" ]; then ok "verify --user portico.service"
else fail "verify user unit (exit $rc): $out"; fi

# The same check fails on a unit whose program does not exist.
sed "s|$server|/nonexistent/portico-server|" "$tmp/system/portico.service" > "$tmp/bad/portico.service"
out=$(cd "$tmp/bad" && systemd-analyze verify --man=no ./portico.service 2>&1)
rc=$?
case "$rc:$out" in
  1:*"/nonexistent/portico-server is not executable"*) ok "verify rejects a missing ExecStart program" ;;
  *) fail "verify accepted a missing program (exit $rc): $out" ;;
esac

# Hardening: systemd's own exposure score (0 best, 10 worst) stays at or
# under 2.0 ("OK"); it was 1.6 when written.
out=$(cd "$tmp/system" && systemd-analyze security --offline=yes --threshold=20 ./portico.service 2>&1)
rc=$?
if [ $rc = 0 ]; then ok "security: $(echo "$out" | grep 'Overall exposure' | sed 's/^→ //')"
else fail "security exposure above 2.0 (exit $rc): $(echo "$out" | tail -1)"; fi

# Settings that must be there, exactly.
for line in Type=notify NotifyAccess=main User=portico Group=portico \
            LogsDirectory=portico ProtectSystem=strict ReadOnlyPaths=-/srv/portico \
            NoNewPrivileges=yes CapabilityBoundingSet= AmbientCapabilities= \
            'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
            'ExecReload=/bin/kill -HUP $MAINPID'; do
  grep -qxF "$line" "$src/portico.service" && ok "portico.service: $line" ||
    fail "portico.service: no line '$line'"
done
for line in ListenStream=80 Service=portico.service WantedBy=sockets.target; do
  grep -qxF "$line" "$src/portico.socket" && ok "portico.socket: $line" ||
    fail "portico.socket: no line '$line'"
done
# ... and those that break the jail (openat2 gets ENOSYS from their seccomp
# filter): not set, in any unit.
for f in "$src/portico.service" "$src/user/portico.service"; do
  if grep -Eq '^(DynamicUser|RestrictSUIDSGID)=' "$f"; then
    fail "$(basename "$f"): sets DynamicUser= or RestrictSUIDSGID="
  else ok "$f: neither DynamicUser= nor RestrictSUIDSGID="; fi
done

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
