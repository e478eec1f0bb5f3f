#!/bin/bash
# valgrind-engine.sh BUILDDIR — runs the engine and bridge test binaries of a
# NON-sanitized build under valgrind memcheck: no definite leak, no invalid
# read or write.  Prints one line per binary and exits non-zero on any error.
#   meson setup build-vg -Dgui=disabled
#   tests/stress/valgrind-engine.sh build-vg
set -uo pipefail

readonly VALGRIND_ERROR_EXIT=99

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 BUILDDIR" >&2
  exit 2
fi
builddir=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
command -v valgrind >/dev/null || { echo "valgrind-engine: valgrind is not installed" >&2; exit 1; }

meson compile -C "$builddir" >/dev/null 2>&1 || { echo "valgrind-engine: build failed" >&2; exit 1; }
sanitize=$(meson introspect --buildoptions "$builddir" 2>/dev/null | python3 -c \
  'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="b_sanitize"][0])')
if [ "${sanitize:-none}" != "none" ]; then
  echo "valgrind-engine: $builddir is built with -Db_sanitize=$sanitize; use a plain build" >&2
  exit 2
fi

mapfile -t binaries < <(find "$builddir/tests/engine" "$builddir/tests/bridge" -maxdepth 1 \
                          -type f -name 'test-*' -perm -u+x 2>/dev/null | sort)
if [ ${#binaries[@]} -eq 0 ]; then
  echo "valgrind-engine: no test binaries under $builddir/tests/{engine,bridge}" >&2
  exit 1
fi

export G_DEBUG=gc-friendly G_SLICE=always-malloc LC_ALL=C.UTF-8
export G_TEST_SRCDIR=$src/tests G_TEST_BUILDDIR=$builddir/tests
export PT_SOURCE_ROOT=$src PT_BUILD_ROOT=$builddir

failed=0
logdir=$builddir/valgrind-logs
mkdir -p "$logdir"
for bin in "${binaries[@]}"; do
  name=$(basename "$bin")
  log=$logdir/$name.log
  start=$(date +%s)
  valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
    --error-exitcode=$VALGRIND_ERROR_EXIT --track-origins=yes --num-callers=30 \
    --log-file="$log" "$bin" >"$logdir/$name.out" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -n 1)
  definite=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -n 1)
  if [ $rc -eq 0 ]; then
    result=ok
  elif [ $rc -eq $VALGRIND_ERROR_EXIT ]; then
    result="VALGRIND ERRORS"; failed=1
  else
    result="TEST FAILED (rc $rc)"; failed=1
  fi
  printf '%-22s %-22s errors=%-4s definitely_lost=%-8s %4ss\n' "$name" "$result" \
    "${errors:-?}" "${definite:-0}" "$secs"
  if [ "$result" != ok ]; then
    grep -E 'Invalid|definitely lost in|uninitialised' "$log" | head -n 5 | sed 's/^/    /'
    grep -E '^not ok|^Bail out|ERROR:' "$logdir/$name.out" | head -n 5 | sed 's/^/    /'
  fi
done
echo "valgrind-engine: logs in $logdir"
exit $failed
