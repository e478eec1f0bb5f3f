#!/bin/bash
# profile.sh — where Portico's time goes per request (issue 4: profile first).
#
# usage: tests/bench/profile.sh --portico PATH [--requests N] [--file index.html]
#
# Runs a fixed number of keep-alive requests (ab -k -n N -c 50, so the counts are
# repeatable) against Portico on 127.0.0.1, twice, each time on a server of its
# own, started and stopped by PID:
#   1. with strace -c -f attached after start-up: syscalls per request;
#   2. under valgrind --tool=callgrind: instructions per request, top functions
#      (exclusive and inclusive) from callgrind_annotate;
# then samples it with perf record -e cpu-clock under wrk -c50 for PERF_SECONDS
# (kernel and user symbols), when perf works here.
# Portico runs as in run.sh: --threads 1, log file on disk, --quiet; everything is
# pinned (server CPU 0, client CPU 1).  Output goes to stdout and $WORK/profile/.
# `perf stat -e instructions` is "not supported" on this VM; cpu-clock sampling works.
# valgrind 3.19 fails openat2 with ENOSYS, so the callgrind run preloads
# openat2-shim.c (openat2 -> openat; profiling only).
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
readonly PERF_SECONDS=5
readonly PERF_HZ=2000
PY=/usr/bin/python3; [[ -x $PY ]] || PY=$(command -v python3)
PORTICO=
REQUESTS=20000
FILE=index.html

while (($#)); do
  case $1 in
    --portico)  PORTICO=$(realpath "$2"); shift 2;;
    --requests) REQUESTS=$2; shift 2;;
    --file)     FILE=$2; shift 2;;
    -h|--help)  awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
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
STRACE_PID=

alive () { [[ -d /proc/$1 ]] && ! grep -q '^State:.*[ZX]' "/proc/$1/status" 2>/dev/null; }

port_busy () { curl -s -o /dev/null --max-time 2 "$URL"; }

# Each phase starts its own server and stops it by PID.  Wrappers must exec
# (taskset, env, valgrind do), so $! is Portico's own PID.
start () {                 # WRAPPER... ; Portico's own arguments are appended
  local i
  if port_busy; then
    echo "profile.sh: port $PORT already answers (an old server?); not starting" >&2
    exit 1
  fi
  taskset -c $SERVER_CPU "$@" "$PORTICO" --no-gui --quiet --no-port-fallback --threads 1 --port $PORT \
    --docroot "$WORK/docroot" --log-file "$WORK/logs/portico-profile.log" \
    </dev/null >>"$OUTDIR/server.out" 2>&1 &
  SERVER_PID=$!
  for ((i = 0; i < START_WAIT_TENTHS; i++)); do
    alive "$SERVER_PID" || break
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL") == 200 ]] && alive "$SERVER_PID" && return 0
    sleep 0.1
  done
  echo "profile.sh: Portico did not start (see $OUTDIR/server.out)" >&2
  stop
  exit 1
}

stop_pid () {              # PID: INT, then KILL after STOP_WAIT_TENTHS
  local i
  kill -INT "$1" 2>/dev/null
  for ((i = 0; i < STOP_WAIT_TENTHS; i++)); do alive "$1" || break; sleep 0.1; done
  alive "$1" && kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}

stop () {
  if [[ -n $STRACE_PID ]]; then stop_pid "$STRACE_PID"; STRACE_PID=; fi
  if [[ -n $SERVER_PID ]]; then stop_pid "$SERVER_PID"; SERVER_PID=; fi
  return 0
}

# strace attaches to the running server (every thread, -f), so only the load
# is counted; SIGINT detaches it and makes it write its summary.
attach_strace () {
  local i t traced
  taskset -c $SERVER_CPU strace -c -f -p "$SERVER_PID" -o "$OUTDIR/strace.txt" 2>>"$OUTDIR/server.out" &
  STRACE_PID=$!
  for ((i = 0; i < START_WAIT_TENTHS; i++)); do
    traced=1
    for t in /proc/"$SERVER_PID"/task/*/status; do
      grep -q '^TracerPid:[[:space:]]*0$' "$t" 2>/dev/null && traced=0
    done
    ((traced)) && return 0
    sleep 0.1
  done
  echo "profile.sh: strace did not attach" >&2
  stop
  exit 1
}

trap stop EXIT

load () { taskset -c $CLIENT_CPU ab -q -k -n "$REQUESTS" -c $CONNS "$URL" >"$OUTDIR/$1.ab" 2>&1; grep -E 'Complete requests|Failed requests' "$OUTDIR/$1.ab"; }

echo "## strace -c -f: $REQUESTS keep-alive requests for /$FILE ($CONNS connections)"
start
attach_strace
load strace
stop_pid "$STRACE_PID"; STRACE_PID=
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
# valgrind 3.19 lacks openat2 (ENOSYS): preload a shim that maps it to openat
cc -shared -fPIC -O2 -Wall -Wextra -o "$OUTDIR/openat2-shim.so" "$BENCH_DIR/openat2-shim.c" -ldl ||
  { echo "profile.sh: cannot build openat2-shim.so" >&2; exit 1; }
rm -f "$OUTDIR"/callgrind.out*
start env LD_PRELOAD="$OUTDIR/openat2-shim.so" valgrind --tool=callgrind --separate-threads=no --callgrind-out-file="$OUTDIR/callgrind.out"
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
echo

# perf: hardware counters are "not supported" on this VM, but cpu-clock
# sampling works and also sees the kernel, where most of the time goes.
if perf record -e cpu-clock -o "$OUTDIR/perf-check.data" true >/dev/null 2>&1; then
  echo "## perf record -e cpu-clock: ${PERF_SECONDS} s of wrk -t1 -c50 on /$FILE (kernel + user)"
  start
  perf record -q -e cpu-clock -F $PERF_HZ -g -p "$SERVER_PID" -o "$OUTDIR/perf.data" -- sleep "$PERF_SECONDS" >/dev/null 2>&1 &
  perf_pid=$!
  taskset -c $CLIENT_CPU wrk -t1 -c$CONNS -d"${PERF_SECONDS}s" "$URL" >"$OUTDIR/perf.wrk" 2>&1
  wait "$perf_pid"
  stop
  grep -E 'Requests/sec' "$OUTDIR/perf.wrk"
  echo
  echo "### by object (share of Portico's samples)"
  echo '```'
  perf report -i "$OUTDIR/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -8
  echo '```'
  echo "### top $TOP_FUNCTIONS symbols, self"
  echo '```'
  perf report -i "$OUTDIR/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -$TOP_FUNCTIONS
  echo '```'
fi
echo "raw: $OUTDIR (strace.txt, callgrind.out, perf.data)"
