#!/bin/bash
# profile.sh — where Portico's time goes per request (issue 4: profile first).
#
# usage: tests/bench/profile.sh --portico PATH [--requests N] [--file index.html]
#
# Runs a fixed number of keep-alive requests (ab -k -n N -c 50, so the counts are
# repeatable) against Portico on 127.0.0.1, twice:
#   1. under strace -c -f: syscalls per request;
#   2. under valgrind --tool=callgrind: instructions per request, top functions
#      (exclusive and inclusive) from callgrind_annotate.
# Portico runs as in run.sh: --threads 1, log file on disk, --quiet; everything is
# pinned (server CPU 0, client CPU 1).  Output goes to stdout and $WORK/profile/.
# perf is not used: `perf stat -e instructions` is "not supported" on this VM.
set -uo pipefail
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_ROOT=$(cd "$BENCH_DIR/../.." && pwd)
WORK=${PT_BENCH_WORK:-/tmp/pt-bench}
readonly PORT=18486
readonly SERVER_CPU=0 CLIENT_CPU=1
readonly CONNS=50
readonly START_WAIT_TENTHS=300      # valgrind starts slowly
readonly STOP_WAIT_TENTHS=100
readonly TOP_FUNCTIONS=25
PY=/usr/bin/python3; [[ -x $PY ]] || PY=$(command -v python3)
PORTICO=
REQUESTS=20000
FILE=index.html

while (($#)); do
  case $1 in
    --portico)  PORTICO=$(realpath "$2"); shift 2;;
    --requests) REQUESTS=$2; shift 2;;
    --file)     FILE=$2; shift 2;;
    -h|--help)  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    *)          echo "profile.sh: unknown argument '$1'" >&2; exit 2;;
  esac
done
[[ -x $PORTICO ]] || { echo "profile.sh: --portico PATH (an optimised build, ideally with -g) is required" >&2; exit 2; }
[[ $REQUESTS =~ ^[1-9][0-9]*$ ]] || { echo "profile.sh: --requests takes a positive integer" >&2; exit 2; }

OUTDIR=$WORK/profile
mkdir -p "$OUTDIR" "$WORK/logs"
"$PY" "$BENCH_DIR/make-docroot.py" "$SOURCE_ROOT/srcFile/index.html" "$WORK/docroot" >/dev/null || exit 1
URL=http://127.0.0.1:$PORT/$FILE
SERVER_PID=

alive () { [[ -d /proc/$1 ]] && ! grep -q '^State:.*[ZX]' "/proc/$1/status" 2>/dev/null; }

start () {                 # WRAPPER... ; Portico's own arguments are appended
  local i
  taskset -c $SERVER_CPU "$@" "$PORTICO" --no-gui --quiet --threads 1 --port $PORT \
    --docroot "$WORK/docroot" --log-file "$WORK/logs/portico-profile.log" \
    </dev/null >>"$OUTDIR/server.out" 2>&1 &
  SERVER_PID=$!
  for ((i = 0; i < START_WAIT_TENTHS; i++)); do
    alive "$SERVER_PID" || break
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL") == 200 ]] && return 0
    sleep 0.1
  done
  echo "profile.sh: Portico did not start (see $OUTDIR/server.out)" >&2
  stop
  exit 1
}

stop () {
  local i
  [[ -n $SERVER_PID ]] || return 0
  kill -INT "$SERVER_PID" 2>/dev/null
  for ((i = 0; i < STOP_WAIT_TENTHS; i++)); do alive "$SERVER_PID" || break; sleep 0.1; done
  alive "$SERVER_PID" && kill -KILL "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
}
trap stop EXIT

load () { taskset -c $CLIENT_CPU ab -q -k -n "$REQUESTS" -c $CONNS "$URL" >"$OUTDIR/$1.ab" 2>&1; grep -E 'Complete requests|Failed requests' "$OUTDIR/$1.ab"; }

echo "## strace -c -f: $REQUESTS keep-alive requests for /$FILE ($CONNS connections)"
start strace -c -f -o "$OUTDIR/strace.txt"
load strace
stop
echo
echo '| syscall | calls | calls/request | % time |'
echo '|---|---|---|---|'
awk -v n="$REQUESTS" '
  /^-/ || /^%/ || /total/ || NF < 5 { next }
  { printf "| %s | %d | %.2f | %s |\n", $NF, $4, $4 / n, $1 }' \
  "$OUTDIR/strace.txt" | head -20
echo

echo "## callgrind: $REQUESTS keep-alive requests for /$FILE"
rm -f "$OUTDIR"/callgrind.out*
start valgrind --tool=callgrind --separate-threads=no --callgrind-out-file="$OUTDIR/callgrind.out"
load callgrind
stop
total=$(callgrind_annotate "$OUTDIR/callgrind.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
echo "instructions (whole run, start-up included): $total; per request: $((total / REQUESTS))"
echo
echo "### top $TOP_FUNCTIONS functions, exclusive instructions"
echo '```'
callgrind_annotate --threshold=99 "$OUTDIR/callgrind.out" 2>/dev/null |
  awk '/^-+$/ { sep++; next } sep >= 3 && NF { print }' | head -$TOP_FUNCTIONS
echo '```'
echo
echo "### top $TOP_FUNCTIONS functions, inclusive instructions"
echo '```'
callgrind_annotate --inclusive=yes --threshold=99 "$OUTDIR/callgrind.out" 2>/dev/null |
  awk '/^-+$/ { sep++; next } sep >= 3 && NF { print }' | head -$TOP_FUNCTIONS
echo '```'
echo "raw: $OUTDIR (strace.txt, callgrind.out)"
