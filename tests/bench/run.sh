#!/bin/bash
# run.sh — Portico against nginx, lighttpd, h2o and caddy, one server core (issues 4, 11).
#
# usage: tests/bench/run.sh [options]
#   --quick            short run: 1 rep, 2 s per measurement
#   --capped           only the run with every server capped at half a core
#   --uncapped         only the run without a cap      (default: both, capped first)
#   --scenarios LIST   subset of a,b,c,d,e,f,g,h,i,j,t  (default: all; t = 2 threads vs 2 workers)
#   --reps N           repetitions, median reported     (default 3)
#   --duration S       seconds per measurement          (default 5)
#   --servers LIST     subset of portico,nginx,lighttpd,h2o,caddy (default: all)
#   --portico PATH     Portico binary to measure; default: build an optimised one
#                      (meson --buildtype=release -Dtests=false, the build a user installs)
#                      in WORK/build, and measure its portico-server (no GTK mapped)
#   --baseline PATH    also measure this Portico binary (e.g. the parent commit's) in
#                      the same run, as column "baseline": before/after ratios
#   --out FILE         also write the report there (default: WORK/report-DATE.md)
#
# Every server listens on 127.0.0.1 only, is pinned to CPU 0 and started fresh for
# each repetition; every client is pinned to CPU 1.  Work files (docroot, configs,
# logs, raw client output) go to $PT_BENCH_WORK (default /tmp/pt-bench, on disk).
# The run stops by itself: every client has a time limit and servers are stopped
# by PID (TERM, then KILL after STOP_WAIT_TENTHS) on exit.
set -uo pipefail
export PATH=$PATH:/usr/sbin:/sbin
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_ROOT=$(cd "$BENCH_DIR/../.." && pwd)
WORK=${PT_BENCH_WORK:-/tmp/pt-bench}

readonly SERVER_CPU=0
readonly CLIENT_CPU=1
readonly SMP_CPUS=0,1                 # scenario t: 2 threads / 2 workers
readonly CAP_PERIOD_US=100000
readonly CAP_QUOTA_US=50000           # half a core
readonly SMP_CAP_QUOTA_US=100000      # scenario t, capped: half of each of the 2 cores
readonly KEEPALIVE_S=15
readonly KEEPALIVE_REQUESTS=100
readonly SERVER_MAX_CONNS=4096        # > the 1000 connections of c and f
readonly SERVER_MAX_FDS=8192
readonly CONNS_A=50 CONNS_B=1 CONNS_C=1000 CONNS_D=50 CONNS_G=50
readonly BULK_CONNS=4
readonly CONNS_H=20 CONNS_I=50 CONNS_J=10
readonly RANGE_WINDOW=1048576         # h: random 1 MiB ranges of bulk.txt
readonly LISTING_FILES=1000           # j: /listing/ (make-docroot.py)
readonly BYTES_SLACK=32               # i, j: bytes a response may differ from the verified one
readonly HOLD_CONNS=1000
readonly AB_MAX_REQUESTS=200000       # ab stops at this many requests or at the time limit
readonly BULK_SIZE=104857600
readonly START_WAIT_TENTHS=100        # a server has 10 s to answer its first request
readonly STOP_WAIT_TENTHS=50
readonly CAP_CHECK_S=1
readonly NOFILE=20000
declare -A PORT=([portico]=18480 [nginx]=18481 [lighttpd]=18482 [h2o]=18483
                 [portico-2t]=18484 [nginx-2w]=18485 [caddy]=18486 [baseline]=18487)
readonly PEERS_DEFAULT=(portico nginx lighttpd h2o caddy)
# the same list as build-aux/install-deps.sh --bench
readonly APT_PACKAGES=(nginx-light lighttpd h2o caddy wrk apache2-utils curl)

PY=/usr/bin/python3; [[ -x $PY ]] || PY=$(command -v python3)
REPS=3
DURATION=5
SCENARIOS=a,b,c,d,e,f,g,h,i,j,t
MODES=(capped uncapped)
SERVERS=("${PEERS_DEFAULT[@]}")
PORTICO=
BASELINE=
OUT=

usage () { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; }

while (($#)); do
  case $1 in
    --quick)     REPS=1; DURATION=2; shift;;
    --capped)    MODES=(capped); shift;;
    --uncapped)  MODES=(uncapped); shift;;
    --scenarios) SCENARIOS=$2; shift 2;;
    --reps)      REPS=$2; shift 2;;
    --duration)  DURATION=$2; shift 2;;
    --servers)   IFS=, read -ra SERVERS <<<"$2"; shift 2;;
    --portico)   PORTICO=$(realpath "$2"); shift 2;;
    --baseline)  BASELINE=$(realpath "$2"); shift 2;;
    --out)       OUT=$2; shift 2;;
    -h|--help)   usage; exit 0;;
    *)           echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2;;
  esac
done
[[ $REPS =~ ^[1-9][0-9]*$ && $DURATION =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --reps and --duration take positive integers" >&2; exit 2; }
[[ $SCENARIOS =~ ^[a-jt](,[a-jt])*$ ]] || { echo "run.sh: --scenarios takes a comma list of a..j and t" >&2; exit 2; }
for s in "${SERVERS[@]}"; do
  [[ " ${PEERS_DEFAULT[*]} " == *" $s "* ]] || { echo "run.sh: unknown server '$s'" >&2; exit 2; }
done
if [[ -n $BASELINE ]]; then
  [[ -x $BASELINE ]] || { echo "run.sh: --baseline $BASELINE is not an executable" >&2; exit 2; }
  SERVERS=("${SERVERS[0]}" baseline "${SERVERS[@]:1}")
fi
has_scenario () { [[ ,$SCENARIOS, == *,$1,* ]]; }

log () { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die () { log "error: $*"; exit 1; }

# ------------------------------------------------------------------ setup ---
install_peers () {
  local bin missing=()
  for bin in nginx lighttpd h2o caddy wrk ab taskset curl; do
    command -v "$bin" >/dev/null || missing+=("$bin")
  done
  ((${#missing[@]})) || return 0
  log "missing: ${missing[*]} — installing ${APT_PACKAGES[*]} from Debian"
  local sudo=; ((EUID == 0)) || sudo=sudo
  $sudo apt-get install -y "${APT_PACKAGES[@]}" >&2 || die "apt-get install failed"
}

build_portico () {
  local dir=$WORK/build
  if [[ ! -f $dir/build.ninja ]]; then
    log "building an optimised Portico in $dir"
    meson setup --buildtype=release -Dtests=false "$dir" "$SOURCE_ROOT" >"$WORK/build.log" 2>&1 ||
      { tail -20 "$WORK/build.log" >&2; die "meson setup failed (see $WORK/build.log)"; }
  fi
  meson compile -C "$dir" portico-server >>"$WORK/build.log" 2>&1 ||
    { tail -20 "$WORK/build.log" >&2; die "Portico does not build (see $WORK/build.log)"; }
  PORTICO=$(find "$dir" -maxdepth 3 -type f -name portico-server -perm -u+x | head -1)
  [[ -n $PORTICO ]] || die "no portico-server binary in $dir"
}

# --------------------------------------------------------------- cgroups ----
# The cap lives in one cgroup this script creates and removes.  cgroup v2 first
# (a cgroup2 mount whose cgroup.controllers offers cpu), else v1 cpu.cfs_quota_us.
CG_DIR=''
CG_KIND=''

cgroup_create () {
  local root name=pt-bench-$$
  for root in /sys/fs/cgroup /sys/fs/cgroup/unified; do
    [[ -f $root/cgroup.controllers ]] && grep -qw cpu "$root/cgroup.controllers" || continue
    grep -qw cpu "$root/cgroup.subtree_control" || echo +cpu >"$root/cgroup.subtree_control" 2>/dev/null
    mkdir -p "$root/$name" 2>/dev/null && [[ -f $root/$name/cpu.max ]] || continue
    CG_DIR=$root/$name CG_KIND=v2
    return 0
  done
  for root in /sys/fs/cgroup/cpu /sys/fs/cgroup/cpu,cpuacct; do
    [[ -f $root/cpu.cfs_quota_us ]] || continue
    mkdir -p "$root/$name" 2>/dev/null || continue
    CG_DIR=$root/$name CG_KIND=v1
    return 0
  done
  return 1
}

cgroup_set () {            # QUOTA_US PERIOD_US
  if [[ $CG_KIND == v2 ]]; then
    echo "$1 $2" >"$CG_DIR/cpu.max"
  else
    echo "$2" >"$CG_DIR/cpu.cfs_period_us" && echo "$1" >"$CG_DIR/cpu.cfs_quota_us"
  fi
}

cgroup_throttled () { awk '$1 == "nr_throttled" { print $2 }' "$CG_DIR/cpu.stat"; }

cgroup_throttled_ns () {   # total time the cgroup was throttled (0 without a cap)
  [[ -n $CG_DIR ]] || { echo 0; return; }
  awk '$1 == "throttled_time" { t = $2 } $1 == "throttled_usec" { t = $2 * 1000 } END { print t + 0 }' "$CG_DIR/cpu.stat"
}

# A busy loop on CPU 0 inside the cgroup must get throttled, else the cap is fake.
cgroup_check () {
  local before after
  before=$(cgroup_throttled)
  bash -c 'echo $$ >"$1/cgroup.procs" && exec taskset -c "$2" timeout "$3" sh -c "while :; do :; done"' \
    _ "$CG_DIR" "$SERVER_CPU" "$CAP_CHECK_S" 9>&-
  after=$(cgroup_throttled)
  ((after > before)) && echo "$((after - before))"
}

cgroup_remove () {
  [[ -n $CG_DIR && -d $CG_DIR ]] && rmdir "$CG_DIR" 2>/dev/null
  CG_DIR=
}

# ------------------------------------------------------------- processes ----
tree_pids () {             # PID -> the PID and all its descendants
  local pid=$1 child
  echo "$pid"
  for child in $(pgrep -P "$pid"); do tree_pids "$child"; done
}

cpu_ticks () {             # PID -> utime+stime (clock ticks) over the process tree
  local pid stat total=0 f
  for pid in $(tree_pids "$1"); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    read -ra f <<<"${stat##*) }"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

alive () {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z && ${stat:0:1} != X ]]
}

# --------------------------------------------------------------- servers ----
write_config () {          # NAME PORT -> prints the command line
  local name=$1 port=$2 conf=$WORK/conf logs=$WORK/logs
  case $name in
    portico|portico-2t|baseline)
      local threads=1 bin=$PORTICO
      [[ $name == portico-2t ]] && threads=2
      [[ $name == baseline ]] && bin=$BASELINE
      echo "$bin --no-gui --quiet --no-port-fallback --threads $threads --port $port --docroot $WORK/docroot --log-file $logs/$name-access.log --list-directories";;
    nginx|nginx-2w)
      local workers=1; [[ $name == nginx-2w ]] && workers=2
      mkdir -p "$WORK/run/$name-tmp"
      cat >"$conf/$name.conf" <<EOF
# written by tests/bench/run.sh
daemon off;
master_process on;
worker_processes $workers;
user nobody nogroup;
pid $WORK/run/$name.nginx-pid;
error_log $logs/$name-error.log warn;
worker_rlimit_nofile $SERVER_MAX_FDS;
events { worker_connections $SERVER_MAX_CONNS; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $logs/$name-access.log combined buffer=64k flush=1s;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout ${KEEPALIVE_S}s;
  keepalive_requests $KEEPALIVE_REQUESTS;
  client_body_temp_path $WORK/run/$name-tmp/body;
  proxy_temp_path $WORK/run/$name-tmp/proxy;
  fastcgi_temp_path $WORK/run/$name-tmp/fastcgi;
  uwsgi_temp_path $WORK/run/$name-tmp/uwsgi;
  scgi_temp_path $WORK/run/$name-tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $WORK/docroot;
    index index.html;
    autoindex on;                 # j: /listing/ (a folder without index.html)
  }
}
EOF
      echo "nginx -c $conf/$name.conf";;
    lighttpd)
      cat >"$conf/lighttpd.conf" <<EOF
# written by tests/bench/run.sh — one process (server.max-worker unset)
server.modules = ("mod_accesslog", "mod_dirlisting")
server.document-root = "$WORK/docroot"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$logs/lighttpd-error.log"
accesslog.filename = "$logs/lighttpd-access.log"
server.network-backend = "sendfile"
server.max-keep-alive-idle = $KEEPALIVE_S
server.max-keep-alive-requests = $KEEPALIVE_REQUESTS
server.max-fds = $SERVER_MAX_FDS
server.max-connections = $SERVER_MAX_CONNS
index-file.names = ("index.html")
dir-listing.activate = "enable"
mimetype.assign = (".html" => "text/html", ".png" => "image/png", ".txt" => "text/plain")
EOF
      echo "lighttpd -D -f $conf/lighttpd.conf";;
    h2o)
      cat >"$conf/h2o.conf" <<EOF
# written by tests/bench/run.sh — h2o 2.2 has no sendfile and no per-connection request limit
listen:
  host: 127.0.0.1
  port: $port
user: nobody
num-threads: 1
max-connections: $SERVER_MAX_CONNS
http1-request-timeout: $KEEPALIVE_S
error-log: $logs/h2o-error.log
access-log: $logs/h2o-access.log
hosts:
  "127.0.0.1:$port":
    paths:
      /:
        file.dir: $WORK/docroot
        file.dirlisting: ON
EOF
      echo "h2o -c $conf/h2o.conf";;
    caddy)
      # One Go scheduler thread (the taskset mask gives 1 too; explicit here).
      # XDG_* keep caddy's autosave and data under WORK instead of root's home.
      mkdir -p "$WORK/run/caddy"
      cat >"$conf/Caddyfile" <<EOF
# written by tests/bench/run.sh — caddy $(caddy version 2>/dev/null | awk '{ print $1 }'), GOMAXPROCS=1.
# No per-connection request limit in caddy; no encode directive = no compression.
{
	admin off
	auto_https off
	log {
		output file $logs/caddy-error.log
		level WARN
	}
	servers {
		timeouts {
			idle ${KEEPALIVE_S}s
		}
	}
}
http://127.0.0.1:$port {
	bind 127.0.0.1
	root * $WORK/docroot
	log {
		output file $logs/caddy-access.log {
			roll_disabled
		}
	}
	file_server browse
}
EOF
      echo "env GOMAXPROCS=1 XDG_CONFIG_HOME=$WORK/run/caddy XDG_DATA_HOME=$WORK/run/caddy caddy run --adapter caddyfile --config $conf/Caddyfile";;
  esac
}

SERVER_PID=
start_server () {          # NAME CPUS -> 0 when it answers; sets SERVER_PID
  local name=$1 cpus=$2 port=${PORT[$1]} cmd i
  SERVER_PID=
  if ss -Hltn "sport = :$port" | grep -q .; then log "$name: port $port is busy"; return 1; fi
  cmd=$(write_config "$name" "$port")
  : >"$WORK/logs/$name-access.log"      # one measurement's worth of log at a time: bounded disk use
  echo "$cmd" >"$WORK/conf/$name.cmdline"
  # shellcheck disable=SC2086 # cmd is a word list we wrote ourselves
  if [[ -n $CG_DIR ]]; then
    bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec taskset -c "$@"' _ "$CG_DIR" "$cpus" $cmd \
      </dev/null >>"$WORK/logs/$name.out" 2>&1 9>&- &
  else
    taskset -c "$cpus" $cmd </dev/null >>"$WORK/logs/$name.out" 2>&1 9>&- &
  fi
  SERVER_PID=$!
  for ((i = 0; i < START_WAIT_TENTHS; i++)); do
    alive "$SERVER_PID" || break
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/index.html") == 200 ]] && return 0
    sleep 0.1
  done
  log "$name did not start (see $WORK/logs/$name.out)"
  stop_server
  return 1
}

stop_server () {
  local pid=$SERVER_PID pids i
  [[ -n $pid ]] || return 0
  pids=$(tree_pids "$pid")
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < STOP_WAIT_TENTHS; i++)); do alive "$pid" || break; sleep 0.1; done
  for p in $pids; do alive "$p" && kill -KILL "$p" 2>/dev/null; done
  wait "$pid" 2>/dev/null
  SERVER_PID=
}

# Exact sizes and a 200 for every file, the exact index body, keep-alive reuse,
# and only 127.0.0.1 listeners.  Writes the evidence to FILE.
verify_server () {         # NAME FILE
  local name=$1 file=$2 port=${PORT[$1]} f got ok=0 p
  : >"$file"
  for f in index.html image.png bulk.txt; do
    got=$(curl -s -o "$WORK/run/verify.body" --max-time 30 -w '%{http_code} %{size_download}' "http://127.0.0.1:$port/$f")
    echo "$f: want 200 $(stat -c %s "$WORK/docroot/$f") got $got" >>"$file"
    [[ $got == "200 $(stat -c %s "$WORK/docroot/$f")" ]] && cmp -s "$WORK/run/verify.body" "$WORK/docroot/$f" || { ok=1; echo "  MISMATCH" >>"$file"; }
  done
  got=$(curl -s -o /dev/null -o /dev/null --max-time 5 -w '%{num_connects} ' \
    "http://127.0.0.1:$port/index.html" "http://127.0.0.1:$port/index.html")
  [[ $got == "1 0 " ]] && echo "keep-alive: reused" >>"$file" || { echo "keep-alive: NOT reused ($got)" >>"$file"; ok=1; }
  curl -s -D - -o /dev/null --max-time 5 "http://127.0.0.1:$port/index.html" | tr -d '\r' | sed 's/^/  /' >>"$file"
  for p in $(tree_pids "$SERVER_PID"); do
    ss -Hltnp 2>/dev/null | grep "pid=$p," | awk '{ print $4 }'
  done | sort -u | while read -r addr; do
    echo "listens on $addr" >>"$file"
    [[ $addr == 127.0.0.1:* ]] || echo "NOT LOOPBACK" >>"$file"
  done
  grep -q 'NOT LOOPBACK' "$file" && ok=1
  return $ok
}

# h, i, j claim a kind of answer; each check prints one "key=value" evidence
# line and fails when the server does not give that answer:
#   h  a 1 MiB range of bulk.txt: 206, Content-Range, exactly those bytes
#   i  index.html with the server's own validator (its ETag as If-None-Match,
#      else its Last-Modified as If-Modified-Since): 304 without a body
#   j  /listing/: 200 naming every one of the LISTING_FILES files
# verify_server_extra runs them once before a server is measured (a server that
# fails one is not measured in that scenario); run_scenarios runs them again on
# every fresh start and leaves the line in NAME.REP.SCENARIO.expect, where
# report.py checks wrk's bytes per response against it.
check_range () {           # URL
  local start=$((37 * RANGE_WINDOW)) got
  got=$(curl -s -o "$WORK/run/verify.body" -D "$WORK/run/verify.head" --max-time 10 \
    -r "$start-$((start + RANGE_WINDOW - 1))" -w '%{http_code} %{size_download}' "$1/bulk.txt")
  echo "range=$got"
  [[ $got == "206 $RANGE_WINDOW" ]] &&
    grep -qi "^content-range: bytes $start-$((start + RANGE_WINDOW - 1))/$BULK_SIZE" "$WORK/run/verify.head" &&
    cmp -s "$WORK/run/verify.body" <(dd if="$WORK/docroot/bulk.txt" bs="$RANGE_WINDOW" skip=37 count=1 status=none)
}

reval_header () {          # URL -> the conditional header this server revalidates with
  local head etag lm
  head=$(curl -s -D - -o /dev/null --max-time 5 "$1/index.html" | tr -d '\r')
  etag=$(awk 'tolower($1) == "etag:" { sub(/^[^:]*: */, ""); print; exit }' <<<"$head")
  lm=$(awk 'tolower($1) == "last-modified:" { sub(/^[^:]*: */, ""); print; exit }' <<<"$head")
  if [[ -n $etag ]]; then echo "If-None-Match: $etag"
  elif [[ -n $lm ]]; then echo "If-Modified-Since: $lm"; fi
}

check_reval () {           # URL HEADER -> "reval=304 0 HEAD_BYTES"
  local got
  [[ -n $2 ]] || { echo "reval=no validator"; return 1; }
  got=$(curl -s -o /dev/null --max-time 5 -H "$2" -w '%{http_code} %{size_download} %{size_header}' "$1/index.html")
  echo "reval=$got"
  [[ $got == "304 0 "* ]]
}

check_listing () {         # URL -> "listing=200 BODY_BYTES HEAD_BYTES NAMES"
  local got names
  got=$(curl -s -o "$WORK/run/verify.body" --max-time 10 -w '%{http_code} %{size_download} %{size_header}' "$1/listing/")
  names=$(grep -o 'file[0-9]\{4\}\.txt' "$WORK/run/verify.body" | sort -u | wc -l)
  echo "listing=$got $names"
  [[ $got == "200 "* && $names == "$LISTING_FILES" ]]
}

verify_server_extra () {   # NAME FILE -> appends h_ok=, i_ok=, j_ok= and the evidence
  local url="http://127.0.0.1:${PORT[$1]}" file=$2 hdr
  if has_scenario h; then
    check_range "$url" >>"$file" && echo "h_ok=yes" >>"$file" || echo "h_ok=no" >>"$file"
  fi
  if has_scenario i; then
    hdr=$(reval_header "$url")
    echo "reval_header=$hdr" >>"$file"
    check_reval "$url" "$hdr" >>"$file" && echo "i_ok=yes" >>"$file" || echo "i_ok=no" >>"$file"
  fi
  if has_scenario j; then
    check_listing "$url" >>"$file" && echo "j_ok=yes" >>"$file" || echo "j_ok=no" >>"$file"
  fi
  return 0
}

# ------------------------------------------------------------- scenarios ----
client () { taskset -c "$CLIENT_CPU" "$@" 9>&-; }

sched_wait_ns () {         # PID -> ns its threads spent runnable but not running
  local pid total=0 f
  for pid in $(tree_pids "$1"); do
    for f in /proc/"$pid"/task/*/schedstat; do
      read -r _ wait _ <"$f" 2>/dev/null && total=$((total + wait))
    done
  done
  echo "$total"
}

# measure OUT CPUS CMD... : runs a client on CPUS under GNU time (OUT.time:
# "elapsed user sys"), bracketed by the server's CPU ticks, its run-queue wait,
# the cap's throttled time and the wall clock (OUT.cpu: "ticks0 ticks1 wall0
# wall1 wait_ns0 wait_ns1 throttled_ns0 throttled_ns1"), so the report can tell
# a server-bound run from a client-bound or starved one.
measure () {
  local out=$1 cpus=$2 t0 t1 w0 w1 q0 q1 r0 r1; shift 2
  r0=$(cgroup_throttled_ns); q0=$(sched_wait_ns "$SERVER_PID"); t0=$(cpu_ticks "$SERVER_PID"); w0=$EPOCHREALTIME
  taskset -c "$cpus" /usr/bin/time -o "$out.time" -f '%e %U %S' "$@" >"$out" 2>&1 9>&-
  w1=$EPOCHREALTIME; t1=$(cpu_ticks "$SERVER_PID"); q1=$(sched_wait_ns "$SERVER_PID"); r1=$(cgroup_throttled_ns)
  echo "$t0 $t1 $w0 $w1 $q0 $q1 $r0 $r1" >"$out.cpu"
}

run_scenarios () {         # NAME DIR REP
  local name=$1 dir=$2 rep=$3
  local url="http://127.0.0.1:${PORT[$1]}" p=$2/$1.$3
  # f first: it measures connection cost, not the high-water mark c leaves behind
  has_scenario f && { client "$PY" "$BENCH_DIR/hold-conns.py" 127.0.0.1 "${PORT[$name]}" /index.html "$HOLD_CONNS" "$SERVER_PID" >"$p.f" 2>&1; sleep 0.5; }
  has_scenario a && measure "$p.a" "$CLIENT_CPU" wrk -t1 -c$CONNS_A -d"${DURATION}s" --latency "$url/index.html"
  has_scenario b && measure "$p.b" "$CLIENT_CPU" wrk -t1 -c$CONNS_B -d"${DURATION}s" --latency "$url/index.html"
  has_scenario c && { measure "$p.c" "$CLIENT_CPU" wrk -t1 -c$CONNS_C -d"${DURATION}s" --latency "$url/index.html"; sleep 0.5; }
  has_scenario d && measure "$p.d" "$CLIENT_CPU" ab -q -r -t "$DURATION" -n $AB_MAX_REQUESTS -c $CONNS_D "$url/index.html"
  has_scenario g && measure "$p.g" "$CLIENT_CPU" wrk -t1 -c$CONNS_G -d"${DURATION}s" --latency "$url/image.png"
  has_scenario e && measure "$p.e" "$CLIENT_CPU" "$PY" "$BENCH_DIR/bulk-get.py" 127.0.0.1 "${PORT[$name]}" /bulk.txt $BULK_SIZE $BULK_CONNS "$DURATION"
  # h, i, j: only where the verification found the answer the scenario claims;
  # checked again on this start (ETags may change with a restart)
  local verified=$dir/$name.verify hdr
  if has_scenario h && grep -qx 'h_ok=yes' "$verified" && check_range "$url" >"$p.h.expect"; then
    measure "$p.h" "$CLIENT_CPU" "$PY" "$BENCH_DIR/bulk-get.py" 127.0.0.1 "${PORT[$name]}" /bulk.txt $BULK_SIZE $CONNS_H "$DURATION" $RANGE_WINDOW
  fi
  has_scenario i && hdr=$(reval_header "$url")
  if has_scenario i && grep -qx 'i_ok=yes' "$verified" && check_reval "$url" "$hdr" >"$p.i.expect" && echo "conns=$CONNS_I" >>"$p.i.expect"; then
    measure "$p.i" "$CLIENT_CPU" wrk -t1 -c$CONNS_I -d"${DURATION}s" --latency -s "$BENCH_DIR/wrk-totals.lua" -H "$hdr" "$url/index.html"
  fi
  if has_scenario j && grep -qx 'j_ok=yes' "$verified" && check_listing "$url" >"$p.j.expect" && echo "conns=$CONNS_J" >>"$p.j.expect"; then
    measure "$p.j" "$CLIENT_CPU" wrk -t1 -c$CONNS_J -d"${DURATION}s" --latency -s "$BENCH_DIR/wrk-totals.lua" "$url/listing/"
  fi
  alive "$SERVER_PID" || echo "server died during rep $rep" >"$p.died"
}

# Scenario t: 2 threads on 2 cores (Portico) vs 2 workers (nginx), report only.
# Server on CPUs 0,1; wrk with 2 threads on the same 2 CPUs (there is no third core).
run_smp () {               # NAME DIR REP
  local name=$1 dir=$2 rep=$3
  local url="http://127.0.0.1:${PORT[$1]}" p=$2/$1.$3
  measure "$p.a" "$SMP_CPUS" wrk -t2 -c$CONNS_A -d"${DURATION}s" --latency "$url/index.html"
  measure "$p.c" "$SMP_CPUS" wrk -t2 -c$CONNS_C -d"${DURATION}s" --latency "$url/index.html"
  alive "$SERVER_PID" || echo "server died during rep $rep" >"$p.died"
}

cleanup () {
  stop_server
  cgroup_remove
}

# ------------------------------------------------------------------ main ----
mkdir -p "$WORK"/{conf,logs,run,results}
chmod 755 "$WORK"
exec 9>"$WORK/run.lock"
flock -n 9 || die "another run.sh holds $WORK/run.lock"
trap 'cleanup' EXIT
trap 'exit 130' INT TERM
ulimit -n "$NOFILE" 2>/dev/null || ulimit -n "$(ulimit -Hn)"

install_peers
PORTICO_BUILT=
if [[ " ${SERVERS[*]} " == *" portico "* ]]; then
  [[ -n $PORTICO ]] || { build_portico; PORTICO_BUILT=1; }
  [[ -x $PORTICO ]] || die "--portico $PORTICO is not an executable"
fi
"$PY" "$BENCH_DIR/make-docroot.py" "$SOURCE_ROOT/srcFile/index.html" "$WORK/docroot" >/dev/null ||
  die "make-docroot.py failed"

RUNID=$(date +%Y%m%d-%H%M%S)
RES=$WORK/results/$RUNID
mkdir -p "$RES"
OUT=${OUT:-$WORK/report-$RUNID.md}
{
  echo "date=$(date -Is)"
  echo "host=$(hostname)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "kernel=$(uname -r)"
  echo "reps=$REPS"
  echo "duration_s=$DURATION"
  echo "scenarios=$SCENARIOS"
  echo "servers=${SERVERS[*]}"
  [[ -n $BASELINE ]] && echo "baseline=$BASELINE"
  echo "portico=$PORTICO"
  # The commit only when this script built the binary from this tree; a binary
  # given with --portico is known by its digest (report.py pools runs by it).
  if [[ -n $PORTICO_BUILT ]]; then
    echo "portico_commit=$(git -C "$SOURCE_ROOT" describe --always --dirty 2>/dev/null)"
  else
    echo "portico_commit=given"
  fi
  [[ -n $PORTICO ]] && echo "portico_sha256=$(sha256sum "$PORTICO" | cut -c1-12)"
  echo "versions=nginx $(nginx -v 2>&1 | sed 's|.*/||'), lighttpd $(lighttpd -v | sed 's|^lighttpd/||; s| .*||'), h2o $(h2o -v | awk 'NR == 1 { print $3 }'), caddy $(caddy version | awk '{ print $1 }'), wrk $(dpkg-query -W -f='${Version}' wrk 2>/dev/null), ab $(dpkg-query -W -f='${Version}' apache2-utils 2>/dev/null)"
} >"$RES/meta"
log "run $RUNID: modes ${MODES[*]}, servers ${SERVERS[*]}, $REPS rep(s) of ${DURATION} s, scenarios $SCENARIOS"

for mode in "${MODES[@]}"; do
  dir=$RES/$mode
  mkdir -p "$dir"
  if [[ $mode == capped ]]; then
    cgroup_create || { log "capped: no writable cgroup cpu controller here — capped run skipped"; echo "skipped: no cgroup cpu controller" >"$dir/skipped"; continue; }
    cgroup_set $CAP_QUOTA_US $CAP_PERIOD_US
    throttled=$(cgroup_check) ||
      { log "capped: the $CG_KIND cgroup $CG_DIR did not throttle a busy loop — capped run skipped"; echo "skipped: cgroup cap did not throttle" >"$dir/skipped"; cgroup_remove; continue; }
    echo "cap=cgroup $CG_KIND $CG_DIR quota ${CAP_QUOTA_US}/${CAP_PERIOD_US} us (busy-loop check: throttled $throttled periods in ${CAP_CHECK_S} s)" >"$dir/meta"
    log "capped: $CG_KIND cgroup $CG_DIR, quota $CAP_QUOTA_US/$CAP_PERIOD_US us, check throttled $throttled periods"
  else
    echo "cap=none" >"$dir/meta"
  fi
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$dir/meta"

  # Each server once: it must serve exact bytes on 127.0.0.1 before it is measured.
  ready=()
  for name in "${SERVERS[@]}"; do
    if start_server "$name" "$SERVER_CPU"; then
      if verify_server "$name" "$dir/$name.verify"; then
        ready+=("$name")
        verify_server_extra "$name" "$dir/$name.verify"
        log "$mode: $name verified; $(grep -E '^[hij]_ok=' "$dir/$name.verify" | tr '\n' ' ')"
      else log "$mode: $name failed verification (see $dir/$name.verify) — not measured"; fi
      stop_server
    else
      echo "did not start" >"$dir/$name.verify"
    fi
  done

  # Rounds: every rep visits each server with a fresh start, so slow drifts in
  # the machine's load hit all servers alike.
  for ((rep = 1; rep <= REPS; rep++)); do
    for name in "${ready[@]}"; do
      log "$mode rep $rep/$REPS: $name"
      start_server "$name" "$SERVER_CPU" || { echo "did not start" >"$dir/$name.$rep.died"; continue; }
      run_scenarios "$name" "$dir" "$rep"
      stop_server
    done
  done

  if has_scenario t; then
    [[ -n $CG_DIR ]] && cgroup_set $SMP_CAP_QUOTA_US $CAP_PERIOD_US
    smp=()
    [[ " ${ready[*]} " == *" portico "* ]] && smp+=(portico-2t)
    [[ " ${ready[*]} " == *" nginx "* ]] && smp+=(nginx-2w)
    for ((rep = 1; rep <= REPS; rep++)); do
      for name in "${smp[@]}"; do
        log "$mode rep $rep/$REPS: $name (2 cores)"
        start_server "$name" "$SMP_CPUS" || { echo "did not start" >"$dir/$name.$rep.died"; continue; }
        run_smp "$name" "$dir" "$rep"
        stop_server
      done
    done
  fi
  echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$dir/meta"
  cgroup_remove
done

"$PY" "$BENCH_DIR/report.py" "$RES" | tee "$OUT"
log "report: $OUT   raw output: $RES"
