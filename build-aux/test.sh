#!/bin/bash
# Portico's whole test suite, as CI runs it (README: "Run every test").
# Installs what is missing, then builds and tests in these steps:
#   1. strict   -Dwerror=true, every suite (the window under Xvfb + D-Bus)
#   2. valgrind the engine and bridge test binaries of build 1 under memcheck
#   3. asan     AddressSanitizer + UBSan, every suite but stress
#   4. tsan     ThreadSanitizer, the engine and bridge suites
#   5. fuzz     clang libFuzzer targets, each for PT_FUZZ_SECONDS (default 30)
#   6. deb      build-aux/build-deb.sh: the Debian packages built from the tree,
#               lintian (an error fails), tests/ops/test-deb.sh on them
# Build trees live in _build/.  PT_TEST_ONLY=strict,asan,... runs a subset.
set -uo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
only=${PT_TEST_ONLY:-strict,valgrind,asan,tsan,fuzz,deb}
fuzz_seconds=${PT_FUZZ_SECONDS:-30}
jobs=$(nproc)

build-aux/install-deps.sh --tests || { echo "test: could not install the dependencies"; exit 1; }

total_ok=0
total_fail=0
failed_steps=()
failed_logs=()

want() { [[ ",$only," == *",$1,"* ]]; }

# Runs "meson test" in a display + session bus, and adds its counts to the totals.
run_suite() {
  local name=$1 dir=$2; shift 2
  local log=$dir/meson-logs/summary.txt
  echo "=== [$name] meson test $*"
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    meson test -C "$dir" --print-errorlogs --num-processes "$jobs" "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local ok fail
  ok=$(awk '/^Ok:/ {print $2}' "$log" | tail -1)
  fail=$(awk '/^(Fail|Unexpected Pass|Timeout):/ {s += $2} END {print s+0}' "$log")
  total_ok=$((total_ok + ${ok:-0}))
  total_fail=$((total_fail + ${fail:-0}))
  if [ "$rc" != 0 ]; then
    failed_steps+=("$name")
    failed_logs+=("$name:$dir/meson-logs/testlog.json")
    [ "${fail:-0}" = 0 ] && total_fail=$((total_fail + 1))
  fi
}

# CI keeps only the end of this script's output: name each failed test there again,
# with the last lines of what it printed.
digest_failures() {
  local entry
  for entry in "${failed_logs[@]}"; do
    python3 - "${entry%%:*}" "${entry#*:}" <<'PY'
import json, sys
step, path = sys.argv[1], sys.argv[2]
try:
    lines = open(path, encoding='utf-8', errors='replace').read().splitlines()
except OSError as e:
    print(f"test: [{step}] no test log: {e}")
    sys.exit(0)
for line in lines:
    t = json.loads(line)
    if t.get('result') in ('OK', 'SKIP', 'EXPECTEDFAIL'):
        continue
    print(f"--- [{step}] {t['name']}: {t['result']} after {t.get('duration', 0):.1f} s, last lines:")
    out = (t.get('stdout') or '') + (t.get('stderr') or '')
    for l in out.splitlines()[-25:]:
        print('    ' + l[:300])
PY
  done
}

setup() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi || return 1
  meson compile -C "$dir" >"$dir.compile.log" 2>&1 || { tail -50 "$dir.compile.log"; return 1; }
}

export LC_ALL=C.UTF-8

# The server says on stderr when the hard open-file limit is below what the default
# --max-connections needs (10000 + PT_HEADLESS_FD_RESERVE 256); the console tests expect
# its stderr quiet, as on Debian's default limit (524288).  Raise a low one when allowed.
fd_want=10256
fd_hard=$(ulimit -Hn)
if [ "$fd_hard" != unlimited ] && [ "$fd_hard" -lt "$fd_want" ]; then
  if ulimit -Hn 65536 2>/dev/null; then
    echo "test: raised the hard open-file limit from $fd_hard to 65536"
  else
    echo "test: the hard open-file limit is $fd_hard, below $fd_want: the console tests will see the server's fd-limit warning"
  fi
fi

if want strict; then
  if setup _build/strict -Dwerror=true -Dbuildtype=debugoptimized; then
    run_suite strict _build/strict
  else
    echo "test: [strict] build failed"; failed_steps+=(strict-build); total_fail=$((total_fail + 1))
  fi
fi

if want valgrind && [ -f _build/strict/build.ninja ]; then
  echo "=== [valgrind] engine and bridge tests under memcheck"
  if tests/stress/valgrind-engine.sh _build/strict; then
    total_ok=$((total_ok + 1))
  else
    failed_steps+=(valgrind); total_fail=$((total_fail + 1))
  fi
fi

if want asan; then
  if setup _build/asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; then
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 \
      run_suite asan _build/asan --timeout-multiplier 3 --no-suite stress --no-suite ui
    # GTK, GLib's type system, fontconfig and Mesa keep process-lifetime allocations that
    # LeakSanitizer cannot tell from leaks (their frames have no frame pointers).  The window
    # tests still run under ASan + UBSan, and catch our own leaks with g_assert_finalize_object.
    if [ -f _build/asan/src/ui/libpt-ui.a ] || grep -q "suite.*ui" _build/asan/meson-info/intro-tests.json 2>/dev/null; then
      ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1 \
        run_suite asan-ui _build/asan --timeout-multiplier 3 --suite ui
    fi
    unset UBSAN_OPTIONS
  else
    echo "test: [asan] build failed"; failed_steps+=(asan-build); total_fail=$((total_fail + 1))
  fi
fi

if want tsan; then
  if setup _build/tsan -Dwerror=true -Db_sanitize=thread -Db_lundef=false -Dgui=disabled -Dbuildtype=debug; then
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
      run_suite tsan _build/tsan --timeout-multiplier 4 --suite engine --suite bridge
  else
    echo "test: [tsan] build failed"; failed_steps+=(tsan-build); total_fail=$((total_fail + 1))
  fi
fi

if want fuzz; then
  if [ -x tests/fuzz/run-fuzzers.sh ]; then
    echo "=== [fuzz] each target for ${fuzz_seconds}s"
    if tests/fuzz/run-fuzzers.sh "$fuzz_seconds" _build/fuzz; then
      total_ok=$((total_ok + 1))
    else
      failed_steps+=(fuzz); total_fail=$((total_fail + 1))
    fi
  fi
fi

if want deb; then
  echo "=== [deb] build-aux/build-deb.sh"
  if build-aux/build-deb.sh; then
    total_ok=$((total_ok + 1))
  else
    failed_steps+=(deb); total_fail=$((total_fail + 1))
  fi
fi

echo
if [ ${#failed_steps[@]} -ne 0 ]; then
  digest_failures
  echo "test: FAILED steps: ${failed_steps[*]}"
fi
echo "portico: $total_ok passed, $total_fail failed"
[ ${#failed_steps[@]} -eq 0 ]
