#!/usr/bin/env bash
# Runs libFuzzer targets for FUZZ_SECONDS each, two at a time (2 cores):
#   scripts/fuzz.sh [BUILD] [TARGET...]     (default: build-fuzz, every target)
# Seeds come from tests/fuzz/corpus/<target>; new inputs and crash files stay
# under BUILD/ so the repository corpus changes only by hand (copy a fixed
# crash to tests/fuzz/corpus/<target>/crash-<what>).
#
# Environment: FUZZ_SECONDS (60), FUZZ_JOBS (2 at a time), FUZZ_TIMEOUT (25 s:
# one input taking longer is a finding), FUZZ_MAX_LEN (8192 bytes; larger
# seeds are truncated when mutated), FUZZ_RSS_MB (2048).
# FUZZ_FLAGS_<target> adds flags for one target; decision defaults to
# -entropic=0: its runs touch ~30,000 features (generator, parser, compiler,
# two evaluators), and entropic scheduling's per-feature bookkeeping took
# two thirds of its time (51 exec/s with, 158 without, on the same machine).
# UBSan findings abort (halt_on_error), so libFuzzer records them as crashes.
#
# Prints one summary line per target and writes them to BUILD/fuzz-summary.txt:
#   target seconds executions cov ft corpus(units/bytes) result
set -euo pipefail
BUILD=${1:-build-fuzz}
shift || true
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-2}
cd "$(dirname "$0")/.."
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

run() {
  local t=$1 result=ok
  local flags_var="FUZZ_FLAGS_$t" default_flags=""
  [[ $t == decision ]] && default_flags="-entropic=0"
  [[ $t == scenario_line ]] && default_flags="-dict=tests/fuzz/scenario_line.dict"
  [[ $t == wildcard ]] && default_flags="-dict=tests/fuzz/wildcard.dict"
  local -a extra
  read -r -a extra <<<"${!flags_var-$default_flags}"
  mkdir -p "$BUILD/corpus-$t" "$BUILD/artifacts-$t"
  "$BUILD/tests/fuzz/${t}_fuzzer" "${extra[@]}" -max_total_time="$SECONDS_EACH" \
    -timeout="${FUZZ_TIMEOUT:-25}" -max_len="${FUZZ_MAX_LEN:-8192}" \
    -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
    -artifact_prefix="$BUILD/artifacts-$t/" -print_final_stats=1 \
    "$BUILD/corpus-$t" "tests/fuzz/corpus/$t" > "$BUILD/fuzz-$t.log" 2>&1 \
    || result="FAILED (see $BUILD/fuzz-$t.log and $BUILD/artifacts-$t/)"
  # The last status line carries cov: and ft:; the final stats the rest.
  local status execs seconds cov ft corp
  status=$(grep -E "^#[0-9]+.*cov: " "$BUILD/fuzz-$t.log" | tail -1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$status")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$status")
  corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$status")
  execs=$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' \
    "$BUILD/fuzz-$t.log" | tail -1)
  seconds=$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' \
    "$BUILD/fuzz-$t.log" | tail -1)
  echo "$t ${seconds:-?}s execs=${execs:-?} cov=${cov:-?} ft=${ft:-?}" \
    "corp=${corp:-?} $result" | tee -a "$BUILD/fuzz-summary.txt"
}

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(ls tests/fuzz/*_fuzz.cc | xargs -n1 basename |
                         sed 's/_fuzz.cc//')
fi
echo "# $(date -u +%Y-%m-%dT%H:%MZ) FUZZ_SECONDS=$SECONDS_EACH" \
  >> "$BUILD/fuzz-summary.txt"
i=0
while [[ $i -lt ${#targets[@]} ]]; do
  for ((j = 0; j < JOBS && i < ${#targets[@]}; ++j, ++i)); do
    run "${targets[$i]}" &
  done
  wait
done
