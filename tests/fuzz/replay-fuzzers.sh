#!/bin/sh
# replay-fuzzers.sh FUZZER DIR... — runs every file in DIRs through a libFuzzer
# binary once (no mutation) and reports TAP, one line per file.
fuzzer=$1
shift
n=0
status=0
files=$(find "$@" -type f ! -name '.*' 2>/dev/null | sort)
count=$(printf '%s\n' "$files" | grep -c .)
echo "1..$count"
for f in $files; do
  n=$((n + 1))
  name=$(basename "$(dirname "$f")")/$(basename "$f")
  if out=$("$fuzzer" -runs=1 "$f" 2>&1); then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    printf '%s\n' "$out" | tail -n 30 | sed 's/^/# /'
    status=1
  fi
done
exit $status
