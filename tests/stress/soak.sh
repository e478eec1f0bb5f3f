#!/bin/bash
# soak.sh PORTICO [MINUTES] — mixed load for MINUTES (default 30; not in CI).
#
# Starts `PORTICO --no-gui --port 0` on a temp docroot with its log on, then
# runs at the same time, for the whole period:
#   - wrk, 2 threads, 64 keep-alive connections, GET /index.html (rate-limited
#     by the machine only; skipped when wrk is not installed)
#   - a Python mix: new connection per request, 404, 400 (.py), HEAD, 304
#     (If-Modified-Since), a 1 MiB file, pipelined bursts, clients that reset
#     mid-body, and a few slow clients cut by the header timeout
# and samples the server's fd count, RSS, thread count and log size every
# SOAK_INTERVAL seconds (default 60) into a table (also saved to
# soak-YYYYmmdd-HHMMSS.txt in the current directory).
# The log is truncated after each sample (it grows ~1 GB a minute under wrk).
# Exits non-zero when the server died, or when the fd count or RSS at the end
# is well above the first sample (fds +16, RSS +25 %).
set -uo pipefail

readonly FD_SLACK=16
readonly RSS_GROWTH_PCT=25
readonly WRK_CONNECTIONS=64

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PORTICO [MINUTES]" >&2
  exit 2
fi
portico=$(realpath "$1")
minutes=${2:-30}
interval=${SOAK_INTERVAL:-60}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/portico-soak.XXXXXX)
out=$PWD/soak-$(date +%Y%m%d-%H%M%S).txt
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  [ -n "${server:-}" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/docroot/sub"
printf '<html><body><h1>soak</h1></body></html>\n' >"$tmp/docroot/index.html"
printf 'hello\n' >"$tmp/docroot/sub/hello.txt"
head -c $((1024 * 1024)) /dev/urandom >"$tmp/docroot/big.jpg"

ulimit -n "$(ulimit -Hn)"
"$portico" --no-gui --quiet --port 0 --threads 2 --header-timeout 2 \
  --docroot "$tmp/docroot" --log-file "$tmp/log.txt" >"$tmp/stdout" 2>"$tmp/stderr" &
server=$!
for _ in $(seq 50); do
  port=$(sed -n 's|.*Server is running on host/port: [^/]*/\([0-9]*\).*|\1|p' "$tmp/stdout" | head -n 1)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "${port:-}" ]; then
  echo "soak: portico did not start"; cat "$tmp/stderr"; exit 1
fi
echo "soak: portico pid $server on port $port for $minutes min, sampling every ${interval}s"

seconds=$((minutes * 60))
if command -v wrk >/dev/null; then
  wrk -t2 -c$WRK_CONNECTIONS -d${seconds}s "http://127.0.0.1:$port/index.html" >"$tmp/wrk.txt" 2>&1 &
  pids+=($!)
fi

python3 - "$port" "$seconds" >"$tmp/mix.txt" 2>&1 <<'PY' &
import socket, struct, sys, time, random
port, seconds = int(sys.argv[1]), int(sys.argv[2])
end = time.monotonic() + seconds
count = {}
def req(raw, read=True, reset=False):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall(raw)
        if reset:
            s.recv(65536)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return "reset"
        data = b""
        while read:
            c = s.recv(1 << 20)
            if not c:
                break
            data += c
        return data[9:12].decode() if data else "none"
    finally:
        s.close()
H = "Host: localhost\r\nConnection: close\r\n"
kinds = [
    lambda: req(f"GET /index.html HTTP/1.1\r\n{H}\r\n".encode()),
    lambda: req(f"GET /missing.html HTTP/1.1\r\n{H}\r\n".encode()),
    lambda: req(f"GET /index.py HTTP/1.1\r\n{H}\r\n".encode()),
    lambda: req(f"HEAD /sub/hello.txt HTTP/1.1\r\n{H}\r\n".encode()),
    lambda: req(f"GET / HTTP/1.1\r\nIf-Modified-Since: Fri, 31 Dec 2100 23:59:59 GMT\r\n{H}\r\n".encode()),
    lambda: req(f"GET /big.jpg HTTP/1.1\r\n{H}\r\n".encode()),
    lambda: req(f"GET /big.jpg HTTP/1.1\r\n{H}\r\n".encode(), reset=True),
    lambda: req(("GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n" * 5
                 + f"GET /sub/hello.txt HTTP/1.1\r\n{H}\r\n").encode()),
    lambda: req(b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nX-Slow: y", read=True),  # cut at 2 s
]
while time.monotonic() < end:
    k = random.randrange(len(kinds))
    try:
        r = kinds[k]()
    except OSError as e:
        r = f"error {e.errno}"
    count[r] = count.get(r, 0) + 1
    time.sleep(0.01)
print("mixed load outcomes:", dict(sorted(count.items())))
PY
pids+=($!)

sample() {
  local fds rss threads logsz
  fds=$(ls "/proc/$server/fd" 2>/dev/null | wc -l)
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null)
  threads=$(awk '/^Threads/ {print $2}' "/proc/$server/status" 2>/dev/null)
  logsz=$(stat -c %s "$tmp/log.txt" 2>/dev/null || echo 0)
  # At ~1 GB a minute the log would fill the disk: keep only the rate.
  truncate -s 0 "$tmp/log.txt"
  printf '| %6s | %5s | %9s | %7s | %18s |\n' "$1" "$fds" "${rss:-?}" "${threads:-?}" "$logsz"
}

{
  echo "Portico soak: $minutes min of mixed load, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs"
  echo
  echo "| minute |  fds  |  RSS KiB  | threads | log bytes/interval |"
  echo "|-------:|------:|----------:|--------:|-------------------:|"
} | tee "$out"

first_fds= first_rss= alive=1
elapsed=0
while [ $elapsed -lt $seconds ]; do
  sleep "$interval"
  elapsed=$((elapsed + interval))
  if ! kill -0 "$server" 2>/dev/null; then alive=0; echo "soak: portico died" | tee -a "$out"; break; fi
  line=$(sample "$(awk -v e=$elapsed 'BEGIN {printf "%.1f", e / 60}')")
  echo "$line" | tee -a "$out"
  fds=$(awk -F'|' '{gsub(/ /, "", $3); print $3}' <<<"$line")
  rss=$(awk -F'|' '{gsub(/ /, "", $4); print $4}' <<<"$line")
  [ -z "$first_fds" ] && first_fds=$fds && first_rss=$rss
done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
pids=()

{
  echo
  [ -f "$tmp/wrk.txt" ] && grep -E 'requests in|Requests/sec|Socket errors|Non-2xx' "$tmp/wrk.txt"
  cat "$tmp/mix.txt"
} | tee -a "$out"

status=0
if [ $alive -eq 0 ]; then
  status=1
elif [ -n "$first_fds" ]; then
  if [ "$fds" -gt $((first_fds + FD_SLACK)) ]; then
    echo "soak: fd count grew from $first_fds to $fds" | tee -a "$out"; status=1
  fi
  if [ "$rss" -gt $((first_rss + first_rss * RSS_GROWTH_PCT / 100)) ]; then
    echo "soak: RSS grew from $first_rss to $rss KiB" | tee -a "$out"; status=1
  fi
fi
kill -TERM "$server"
wait "$server"
rc=$?
server=
echo "soak: portico exit status $rc after SIGTERM; table saved to $out" | tee -a "$out"
[ $rc -eq 0 ] || status=1
exit $status
