#!/bin/sh
# The logrotate configuration:  test-logrotate.sh SOURCE_ROOT
# 1. `logrotate -d` (debug: parses, rotates nothing) with its own state file
#    accepts it.  The user `portico` is created by the package; where it does
#    not exist, the su/create lines name the current user instead (the only
#    change).
# 2. A real, forced rotation of a copy whose path is a temporary log.txt and
#    whose postrotate command (systemctl kill ... HUP) writes a line to a file
#    instead: log.txt moves to log.txt.1, a new empty log.txt 0640 appears,
#    postrotate runs once; the next rotation compresses log.txt.1 into
#    log.txt.2.gz (delaycompress).
set -u
conf="$1/data/logrotate/portico"
fails=0
fail () { echo "FAIL: $*"; fails=$((fails + 1)); }
ok () { echo "ok: $*"; }

command -v logrotate >/dev/null ||
  { echo "FAIL: logrotate is missing (build-aux/install-deps.sh --tests installs it)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
me=$(id -un)
grp=$(id -gn)

post='		if systemctl --quiet is-active portico.service; then systemctl kill --kill-who=main --signal=HUP portico.service; fi'
for line in '/var/log/portico/log.txt {' '	su portico portico' \
            '	create 0640 portico portico' '	delaycompress' "$post"; do
  grep -qxF "$line" "$conf" && ok "line: $line" || fail "no line '$line'"
done

if id portico >/dev/null 2>&1; then cp "$conf" "$tmp/debug.conf"
else sed "s/ portico portico\$/ $me $grp/" "$conf" > "$tmp/debug.conf"; fi
# logrotate exits 0 after an unknown option ("error: ... -- ignoring line"),
# so a clean parse is exit 0 and no line starting with "error".
debug_clean () {
  out=$(logrotate -d -s "$tmp/$1.state" "$tmp/$1.conf" 2>&1)
  rc=$?
  [ $rc = 0 ] && ! echo "$out" | grep -q '^error'
}
if debug_clean debug; then ok "logrotate -d"
else fail "logrotate -d (exit $rc): $out"; fi

# The same check fails on a broken copy.
sed 's/delaycompress/delaycompres/' "$tmp/debug.conf" > "$tmp/bad.conf"
if debug_clean bad; then fail "logrotate -d accepted 'delaycompres'"
else
  case "$out" in
    *"unknown option 'delaycompres'"*) ok "logrotate -d rejects a broken copy" ;;
    *) fail "logrotate -d on a broken copy, not the expected error: $out" ;;
  esac
fi

mkdir "$tmp/log"
chmod 0755 "$tmp/log"
sed -e "s|^/var/log/portico/log.txt {|$tmp/log/log.txt {|" \
    -e "s/ portico portico\$/ $me $grp/" \
    -e "s|^[[:space:]]*if systemctl .*|		echo HUP >> $tmp/hup|" \
    "$conf" > "$tmp/real.conf"
grep -q "echo HUP" "$tmp/real.conf" || fail "postrotate not replaced"
printf 'first\n' > "$tmp/log/log.txt"
logrotate -f -s "$tmp/real.state" "$tmp/real.conf" || fail "logrotate -f exited $?"
[ "$(cat "$tmp/log/log.txt.1" 2>/dev/null)" = first ] && ok "log.txt.1 holds the old records" ||
  fail "log.txt.1: $(ls "$tmp/log")"
[ -f "$tmp/log/log.txt" ] && [ ! -s "$tmp/log/log.txt" ] && ok "a new empty log.txt" ||
  fail "no new empty log.txt"
mode=$(stat -c %a "$tmp/log/log.txt" 2>/dev/null)
[ "$mode" = 640 ] && ok "log.txt mode 640" || fail "log.txt mode $mode"
[ "$(cat "$tmp/hup" 2>/dev/null)" = HUP ] && ok "postrotate ran once" ||
  fail "postrotate: $(cat "$tmp/hup" 2>/dev/null)"

printf 'second\n' > "$tmp/log/log.txt"
logrotate -f -s "$tmp/real.state" "$tmp/real.conf" || fail "second logrotate -f exited $?"
[ "$(cat "$tmp/log/log.txt.1" 2>/dev/null)" = second ] && ok "second rotation: log.txt.1" ||
  fail "second rotation: $(ls "$tmp/log")"
[ "$(gzip -dc "$tmp/log/log.txt.2.gz" 2>/dev/null)" = first ] && ok "log.txt.2.gz holds the first records" ||
  fail "no log.txt.2.gz: $(ls "$tmp/log")"
[ "$(wc -l < "$tmp/hup")" = 2 ] && ok "postrotate ran twice" || fail "postrotate count"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
