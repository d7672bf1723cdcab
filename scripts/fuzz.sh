#!/usr/bin/env bash
# Runs every libFuzzer target for FUZZ_SECONDS, two at a time (2 cores).
# Seeds come from tests/fuzz/corpus/<target>; new inputs and crash files stay
# under BUILD/ so the repository corpus changes only by hand.
set -euo pipefail
BUILD=${1:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
cd "$(dirname "$0")/.."
run() {
  local t=$1
  mkdir -p "$BUILD/corpus-$t" "$BUILD/artifacts-$t"
  "$BUILD/tests/fuzz/${t}_fuzzer" -max_total_time="$SECONDS_EACH" \
    -artifact_prefix="$BUILD/artifacts-$t/" -print_final_stats=1 \
    "$BUILD/corpus-$t" "tests/fuzz/corpus/$t" > "$BUILD/fuzz-$t.log" 2>&1 \
    && echo "$t: ok" || echo "$t: FAILED (see $BUILD/fuzz-$t.log)"
  grep -E "stat::number_of_executed_units|cov:" "$BUILD/fuzz-$t.log" | tail -2 || true
}
targets=$(ls tests/fuzz/*_fuzz.cc | xargs -n1 basename | sed 's/_fuzz.cc//')
set -- $targets
while [[ $# -gt 0 ]]; do
  run "$1" &
  if [[ $# -gt 1 ]]; then run "$2" & fi
  wait
  shift; [[ $# -gt 0 ]] && shift
done
