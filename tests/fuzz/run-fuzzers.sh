#!/bin/bash
# run-fuzzers.sh SECONDS [BUILDDIR] — builds the libFuzzer targets and runs
# each for SECONDS on a copy of its seed corpus (the repository stays clean).
#
# Every file in tests/fuzz/regressions/<target>/ is replayed first.  Prints a
# table of executions and coverage (cov: edges, ft: features) per target and
# exits non-zero if any target crashed; crash inputs are kept in
# BUILDDIR/fuzz-artifacts/ (copy one to regressions/<target>/ to keep it).
#
# Environment: PT_FUZZ_TARGETS="parser path" runs a subset;
#              PT_FUZZ_MAX_LEN (default 20000).  Targets run one at a time.
set -uo pipefail

readonly DEFAULT_TARGETS="parser path date response response-parser etag cond range chunked accept host proxy listing key inject"
readonly PER_INPUT_TIMEOUT_S=10
readonly RSS_LIMIT_MB=2048

if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS [BUILDDIR]" >&2
  exit 2
fi
seconds=$1
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
builddir=${2:-$src/build-fuzz}
targets=${PT_FUZZ_TARGETS:-$DEFAULT_TARGETS}
max_len=${PT_FUZZ_MAX_LEN:-20000}

# --- configure and build ---------------------------------------------------
if [ ! -f "$builddir/build.ninja" ]; then
  echo "run-fuzzers: configuring $builddir (clang, -Dfuzzers=true)"
  CC=clang meson setup "$builddir" "$src" -Dfuzzers=true -Dgui=disabled \
    -Dbuildtype=debugoptimized >/dev/null || { echo "run-fuzzers: meson setup failed" >&2; exit 1; }
else
  compiler=$(sed -n '/^rule c_COMPILER$/{n;s/^ *command = \([^ ]*\).*/\1/p;q}' "$builddir/build.ninja")
  if [[ "$(basename "${compiler:-?}")" != clang* ]]; then
    echo "run-fuzzers: $builddir is configured with '${compiler:-?}', not clang; use another BUILDDIR" >&2
    exit 1
  fi
  # --reconfigure, not configure: a build dir made before new targets were
  # added must learn of them before they are named on the command line.
  meson setup --reconfigure "$builddir" "$src" -Dfuzzers=true >/dev/null || exit 1
fi

build_targets=()
for t in $targets; do build_targets+=("fuzz-$t"); done
if ! meson compile -C "$builddir" "${build_targets[@]}" >"$builddir/fuzz-compile.log" 2>&1; then
  tail -40 "$builddir/fuzz-compile.log"
  echo "run-fuzzers: build failed" >&2
  exit 1
fi

# --- run -------------------------------------------------------------------
artifacts=$builddir/fuzz-artifacts
mkdir -p "$artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/portico-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
rows=()
for t in $targets; do
  exe=$(find "$builddir" -type f -name "fuzz-$t" -perm -u+x | head -n 1)
  if [ -z "$exe" ]; then
    rows+=("$(printf '%-16s %14s %8s %8s %8s  %s' "$t" - - - - "NOT BUILT")")
    failed=1
    continue
  fi

  # 1. Regressions first: every crash ever found must stay fixed.
  regressions=()
  while IFS= read -r f; do regressions+=("$f"); done < <(find "$here/regressions/$t" -type f ! -name '.*' 2>/dev/null | sort)
  result=ok
  if [ ${#regressions[@]} -gt 0 ]; then
    if ! "$exe" -runs=1 "${regressions[@]}" >"$work/$t.replay.log" 2>&1; then
      echo "run-fuzzers: $t: a regression case fails again:"
      grep -E 'Running:|ERROR|invariant|SUMMARY' "$work/$t.replay.log" | tail -n 20
      result="REGRESSION"
      failed=1
    fi
  fi

  # 2. Fuzz on a copy of the seed corpus.
  mkdir -p "$work/$t"
  cp "$here/corpus/$t/"* "$work/$t/" 2>/dev/null
  "$exe" "$work/$t" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout="$PER_INPUT_TIMEOUT_S" \
    -rss_limit_mb="$RSS_LIMIT_MB" \
    -print_final_stats=1 -artifact_prefix="$artifacts/$t-" \
    >"$work/$t.log" 2>&1
  rc=$?
  cp "$work/$t.log" "$builddir/fuzz-$t.log"

  execs=$(awk -F'[: ]+' '/stat::number_of_executed_units/ {print $3}' "$work/$t.log" | tail -n 1)
  last=$(grep -E '^#[0-9]+' "$work/$t.log" | grep ' cov: ' | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  if [ $rc -ne 0 ]; then
    result="CRASH (rc $rc)"
    failed=1
    echo "run-fuzzers: $t crashed; log: $builddir/fuzz-$t.log"
    grep -E 'ERROR|invariant failed|SUMMARY|Test unit written to' "$work/$t.log" | head -n 10
  fi
  rows+=("$(printf '%-16s %14s %8s %8s %8s  %s' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result")")
done

echo
echo "libFuzzer, ${seconds}s per target, -max_len=$max_len ($(clang --version | head -n 1))"
printf '%-16s %14s %8s %8s %8s  %s\n' target executions cov ft corpus result
for r in "${rows[@]}"; do echo "$r"; done
exit $failed
