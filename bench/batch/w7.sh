#!/usr/bin/env bash
# W7: `iameval batch` end to end on N request-only lines with a shared bundle
# (default 1,000,000). Prints lines/s, and the peak resident memory, which
# must not grow with N. Not part of `make test` (a benchmark, not a test).
# Usage: bench/batch/w7.sh [IAMEVAL_BINARY] [N] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-build/simulator/iameval}
N=${2:-1000000}
JOBS=${3:-1}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$N" > "$WORK/requests.jsonl" <<'PY'
import json, sys
n = int(sys.argv[1])
actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "ec2:RunInstances"]
regions = ["us-east-1", "eu-west-1", "ap-south-1"]
for i in range(n):
    print(json.dumps({"id": f"r{i}", "request": {
        "principal": "arn:aws:sts::111122223333:assumed-role/developer/alice",
        "action": actions[i % 4],
        "resource": f"arn:aws:s3:::dev-data/{i % 1000}.csv",
        "context": {"aws:RequestedRegion": regions[i % 3],
                    "aws:MultiFactorAuthPresent": "true"}}},
        separators=(",", ":")))
PY
# Check the decisions of a sample against single-threaded expectations first.
head -1000 "$WORK/requests.jsonl" > "$WORK/sample.jsonl"
"$BIN" batch --bundle examples/batch/developer-bundle.json "$WORK/sample.jsonl" > "$WORK/a.out"
"$BIN" batch --bundle examples/batch/developer-bundle.json --jobs 2 "$WORK/sample.jsonl" > "$WORK/b.out"
cmp "$WORK/a.out" "$WORK/b.out"
if grep -q '"error"' "$WORK/a.out"; then echo "W7: error lines in sample" >&2; exit 1; fi
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" batch --bundle examples/batch/developer-bundle.json \
  --jobs "$JOBS" "$WORK/requests.jsonl" > "$WORK/out.jsonl"
end=$(date +%s.%N)
lines=$(wc -l < "$WORK/out.jsonl")
[[ "$lines" == "$N" ]] || { echo "W7: $lines result lines for $N requests" >&2; exit 1; }
python3 -c "import sys; n=$N; t=$end-$start; print(f'W7 batch: {n} lines in {t:.2f} s = {n/t:,.0f} lines/s, jobs=$JOBS, peak RSS $(cat "$WORK/rss") KiB')"
