#!/bin/sh
# The example HAProxy configuration, live, on loopback:
#   test-haproxy-live.sh SOURCE_ROOT SERVER_BINARY
# Two servers on kernel-chosen ports serve srcFile; HAProxy runs a copy of
# data/haproxy/haproxy.cfg whose only changes are those ports, a free
# frontend port, and inter 2s -> 200ms (a faster down-detection).
# - 10 requests through HAProxy: each 200, served by both servers in turn
#   (its httplog names the server);
# - the health checks reach the servers (the servers' logs);
# - 300 requests from a client loop while the second server is stopped:
#   all 200 (retries, redispatch); HAProxy marks it DOWN and the next 10
#   requests are all 200 from the first;
# - the second server restarted on its port: marked UP, back in rotation;
# - a server that closes each request unanswered (what a server stopped
#   between accept and read does) in place of the second: the example's
#   retry-on makes all 10 requests 200; a copy without it lets some 502.
# The PROXY protocol (send-proxy-v2, check-send-proxy, --proxy-protocol
# --trusted-proxy 127.0.0.1) is used when SERVER_BINARY --help offers
# --proxy-protocol; otherwise the copy drops those two words and the test
# says so on its first line.
set -u
cfg="$1/data/haproxy/haproxy.cfg"
site="$1/srcFile"
server="$2"
fails=0
fail () { echo "FAIL: $*"; fails=$((fails + 1)); }
ok () { echo "ok: $*"; }

for tool in haproxy curl python3; do
  command -v $tool >/dev/null ||
    { echo "FAIL: $tool is missing (build-aux/install-deps.sh --tests installs it)"; exit 1; }
done

tmp=$(mktemp -d)
pids=""
cleanup () {
  for p in $pids; do kill "$p" 2>/dev/null; done
  for p in $pids; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

if "$server" --help 2>&1 | grep -q -- '--proxy-protocol'; then
  proxy="--proxy-protocol --trusted-proxy 127.0.0.1"
  echo "mode: PROXY protocol v2 (send-proxy-v2, check-send-proxy)"
else
  proxy=""
  echo "mode: WITHOUT the PROXY protocol: $(basename "$server") has no --proxy-protocol yet"
fi
case "$(basename "$server")" in
  portico) headless="--no-gui" ;;
  *) headless="" ;;
esac

# Starts server $1 on a kernel-chosen port; sets pid_$1 and port_$1.
start_server () {
  # shellcheck disable=SC2086
  "$server" $headless -p 0 -q -d "$site" --log-file "$tmp/log$1.txt" $proxy \
    > "$tmp/out$1" 2>&1 &
  eval "pid_$1=$!"
  pids="$pids $!"
  i=0
  while [ $i -lt 100 ]; do
    port=$(sed -n 's|^Server is running on host/port: 127\.0\.0\.1/\([0-9]*\)$|\1|p' "$tmp/out$1" 2>/dev/null)
    [ -n "$port" ] && { eval "port_$1=$port"; return 0; }
    sleep 0.05; i=$((i + 1))
  done
  echo "FAIL: server $1 did not start: $(cat "$tmp/out$1")"; exit 1
}
start_server 1
start_server 2
# shellcheck disable=SC2154
ok "servers on 127.0.0.1:$port_1 and :$port_2"

# A free port on 127.0.0.1 (the kernel's choice).
free_port () {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
front=$(free_port)
sed -e "s|bind 127.0.0.1:8080|bind 127.0.0.1:$front|" \
    -e "s|127.0.0.1:8081|127.0.0.1:$port_1|" -e "s|127.0.0.1:8082|127.0.0.1:$port_2|" \
    -e "s|inter 2s|inter 200ms|" "$cfg" > "$tmp/haproxy.cfg"
[ -z "$proxy" ] && sed -i 's/ check-send-proxy send-proxy-v2//' "$tmp/haproxy.cfg"
[ "$(diff "$cfg" "$tmp/haproxy.cfg" | grep -c '^>')" -ge 4 ] || fail "config not rewritten"

haproxy -db -f "$tmp/haproxy.cfg" > "$tmp/haproxy.log" 2>&1 &
hpid=$!
pids="$pids $hpid"

# Waits until the haproxy log has $1 lines matching $2 (5 s at most).
wait_log () {
  i=0
  while [ "$(grep -c "$2" "$tmp/haproxy.log")" -lt "$1" ] && [ $i -lt 100 ]; do
    sleep 0.05; i=$((i + 1))
  done
  [ "$(grep -c "$2" "$tmp/haproxy.log")" -ge "$1" ]
}
i=0
until curl -s -o /dev/null "http://127.0.0.1:$front/" || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done

: > "$tmp/codes"
for n in 1 2 3 4 5 6 7 8 9 10; do
  curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$front/index.html" >> "$tmp/codes"
done
[ "$(grep -cx 200 "$tmp/codes")" = 10 ] && ok "10 requests through HAProxy: 200" ||
  fail "codes: $(tr '\n' ' ' < "$tmp/codes")"
wait_log 10 'GET /index.html' || fail "HAProxy logged $(grep -c 'GET /index.html' "$tmp/haproxy.log") requests"
n1=$(grep 'GET /index.html' "$tmp/haproxy.log" | grep -c 'portico_servers/portico1 ')
n2=$(grep 'GET /index.html' "$tmp/haproxy.log" | grep -c 'portico_servers/portico2 ')
[ "$n1" -ge 5 ] && [ "$n2" -ge 5 ] && ok "round robin: portico1 $n1, portico2 $n2" ||
  fail "round robin: portico1 $n1, portico2 $n2"

# Health checks: GET / (logged as /index.html) with Connection: close, every
# 200 ms; curl's requests through HAProxy are kept alive.  The servers write
# their logs at least once a second: 5 s at most for 3 of them.
for s in 1 2; do
  i=0
  while :; do
    n=$(grep -c '\]\[Connection: close\]\[Method: GET\]\[Request file name: /index.html\]' "$tmp/log$s.txt")
    [ "$n" -ge 3 ] || [ $i -ge 100 ] && break
    sleep 0.05; i=$((i + 1))
  done
  [ "$n" -ge 3 ] && ok "server $s received health checks, GET / with Connection: close (>= 3: $n)" ||
    fail "server $s: $n health checks in its log: $(head -2 "$tmp/log$s.txt")"
done

# The real client in the servers' logs: a request from 127.0.0.2 reaches a
# server over HAProxy's own connection from 127.0.0.1, so only the PROXY
# header can put 127.0.0.2 in log.txt (and nothing else sends from there).
if [ -n "$proxy" ]; then
  code=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.2 "http://127.0.0.1:$front/index.html")
  [ "$code" = 200 ] || fail "request from 127.0.0.2: $code"
  i=0
  until cat "$tmp/log1.txt" "$tmp/log2.txt" | grep -q '^\[Client request from (localhost, 127\.0\.0\.2)\]' ||
        [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
  if cat "$tmp/log1.txt" "$tmp/log2.txt" | grep -q '^\[Server response to (localhost, 127\.0\.0\.2)\]\[StatusCode: HTTP/1.1 200 OK\]'
  then ok "the servers log the client from the PROXY header (127.0.0.2), not HAProxy's 127.0.0.1"
  else fail "no record for client 127.0.0.2: $(grep -h 127.0.0.2 "$tmp/log1.txt" "$tmp/log2.txt")"; fi
  grep -q 'PROXY protocol' "$tmp/out1" "$tmp/out2" && fail "PROXY errors: $(cat "$tmp/out1" "$tmp/out2")"
fi

# Under load: 300 requests from a client loop while portico2 is stopped;
# HAProxy's retries and redispatch must hide it (not one request fails).
( n=0; while [ $n -lt 300 ]; do
    curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$front/index.html"; n=$((n + 1))
  done > "$tmp/load" ) &
loadpid=$!
sleep 0.3
eval "kill \$pid_2"
wait $loadpid
[ "$(grep -cx 200 "$tmp/load")" = 300 ] && ok "300 requests while portico2 stopped under load: all 200" ||
  fail "under load: $(sort "$tmp/load" | uniq -c | tr '\n' ' ')"
if wait_log 1 'portico_servers/portico2 is DOWN'; then ok "HAProxy: $(grep -o 'Server portico_servers/portico2 is DOWN' "$tmp/haproxy.log" | head -1)"
else fail "HAProxy did not mark portico2 DOWN: $(tail -3 "$tmp/haproxy.log")"; fi
before=$(grep 'GET /index.html' "$tmp/haproxy.log" | grep -c 'portico_servers/portico1 ')
: > "$tmp/codes"
for n in 1 2 3 4 5 6 7 8 9 10; do
  curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$front/index.html" >> "$tmp/codes"
done
[ "$(grep -cx 200 "$tmp/codes")" = 10 ] && ok "10 requests with portico2 down: 200" ||
  fail "codes with portico2 down: $(tr '\n' ' ' < "$tmp/codes")"
wait_log $((before + 10)) 'portico_servers/portico1 ' || true
after=$(grep 'GET /index.html' "$tmp/haproxy.log" | grep -c 'portico_servers/portico1 ')
[ $((after - before)) = 10 ] && ok "all 10 served by portico1" ||
  fail "portico1 served $((after - before)) of 10"

# Restarted on its port, portico2 is marked UP and back in rotation.
# shellcheck disable=SC2086,SC2154
"$server" $headless -p "$port_2" --no-port-fallback -q -d "$site" --log-file "$tmp/log2b.txt" $proxy \
  > "$tmp/out2b" 2>&1 &
pids="$pids $!"
if wait_log 1 'portico_servers/portico2 is UP'; then ok "HAProxy: portico2 is UP again after its restart"
else fail "portico2 not UP again: $(tail -3 "$tmp/haproxy.log")"; fi
before2=$(grep 'GET /index.html' "$tmp/haproxy.log" | grep -c 'portico_servers/portico2 ')
: > "$tmp/codes"
for n in 1 2 3 4 5 6 7 8 9 10; do
  curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$front/index.html" >> "$tmp/codes"
done
[ "$(grep -cx 200 "$tmp/codes")" = 10 ] || fail "codes after the restart: $(tr '\n' ' ' < "$tmp/codes")"
wait_log $((before2 + 5)) 'portico_servers/portico2 ' || true
after2=$(grep 'GET /index.html' "$tmp/haproxy.log" | grep -c 'portico_servers/portico2 ')
[ $((after2 - before2)) -ge 5 ] && ok "back in rotation: portico2 served $((after2 - before2)) of 10" ||
  fail "after the restart portico2 served $((after2 - before2)) of 10"

# A server that closes each connection unanswered after reading the request
# (as one stopped between accept and read does; python3 plays it) in place of
# portico2, unchecked: the example's retry-on sends those requests to portico1
# (all 200), and a copy without retry-on lets them fail (502), so the line is
# what saves them.
cat > "$tmp/dropper.py" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(64)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    c.recv(65536)
    c.close()
PY
python3 "$tmp/dropper.py" > "$tmp/dropper.port" &
pids="$pids $!"
i=0
until [ -s "$tmp/dropper.port" ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
drop=$(cat "$tmp/dropper.port")
# Runs 10 requests through a copy of the config whose portico2 is the dropper,
# without health checks, with sed expression $1 applied too; prints the codes.
through_dropper () {
  dfront=$(free_port)
  sed -e "s|bind 127.0.0.1:$front|bind 127.0.0.1:$dfront|" \
      -e "s|server portico2 127.0.0.1:$port_2|server portico2 127.0.0.1:$drop no-check|" \
      -e "$1" "$tmp/haproxy.cfg" > "$tmp/haproxy-drop.cfg"
  haproxy -db -f "$tmp/haproxy-drop.cfg" > "$tmp/haproxy-drop.log" 2>&1 &
  dpid=$!
  i=0
  until curl -s -o /dev/null "http://127.0.0.1:$dfront/" || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
  for n in 1 2 3 4 5 6 7 8 9 10; do
    curl -s -o /dev/null -w '%{http_code} ' "http://127.0.0.1:$dfront/index.html"
  done
  kill $dpid; wait $dpid 2>/dev/null
}
codes=$(through_dropper '')
[ "$codes" = "200 200 200 200 200 200 200 200 200 200 " ] &&
  ok "a server closing requests unanswered: retried on portico1, 10 of 10 200" ||
  fail "with the dropper: $codes"
codes=$(through_dropper '/retry-on/d')
case "$codes" in
  *502*) ok "without retry-on the same requests fail: $codes" ;;
  *) fail "without retry-on no request failed ($codes): the dropper tests nothing" ;;
esac

[ $fails = 0 ] || { echo "$fails failure(s)"; echo "--- haproxy log"; cat "$tmp/haproxy.log"; exit 1; }
