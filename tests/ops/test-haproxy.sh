#!/bin/sh
# The example HAProxy configuration parses cleanly (haproxy -c, no warning)
# and says what README promises:  test-haproxy.sh SOURCE_ROOT
set -u
cfg="$1/data/haproxy/haproxy.cfg"
fails=0
fail () { echo "FAIL: $*"; fails=$((fails + 1)); }
ok () { echo "ok: $*"; }

command -v haproxy >/dev/null ||
  { echo "FAIL: haproxy is missing (build-aux/install-deps.sh --tests installs it)"; exit 1; }

out=$(haproxy -c -f "$cfg" 2>&1)
rc=$?
if [ $rc = 0 ] && [ "$out" = "Configuration file is valid" ]; then ok "haproxy -c: $out"
else fail "haproxy -c (exit $rc): $out"; fi

# The same check fails on a broken copy.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's/send-proxy-v2/send-proxy-v9/' "$cfg" > "$tmp/bad.cfg"
out=$(haproxy -c -f "$tmp/bad.cfg" 2>&1)
rc=$?
case "$rc:$out" in
  0:*) fail "haproxy -c accepted send-proxy-v9" ;;
  *"send-proxy-v9"*) ok "haproxy -c rejects a broken copy (exit $rc)" ;;
  *) fail "haproxy -c failed without naming the error: $out" ;;
esac

for line in 'bind 127.0.0.1:8080' 'option httpchk' 'retries 3' 'option redispatch' \
            'retry-on conn-failure empty-response response-timeout' \
            'http-check send meth GET uri / ver HTTP/1.1 hdr Host localhost' \
            'http-check expect status 200' \
            'default-server check check-send-proxy send-proxy-v2 inter 2s fall 3 rise 2' \
            'server portico1 127.0.0.1:8081' 'server portico2 127.0.0.1:8082'; do
  if sed 's/^[[:space:]]*//' "$cfg" | grep -qxF "$line"; then ok "$line"
  else fail "no line '$line'"; fi
done

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
