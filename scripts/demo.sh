#!/usr/bin/env bash
# `make demo`: the simulator on the bundled examples (examples/README.md).
# Usage: scripts/demo.sh [PATH/TO/iameval]
set -euo pipefail
IAMEVAL=${1:-build/simulator/iameval}
# The script runs from the repository root; keep a relative binary path valid.
if [[ $IAMEVAL == */* ]]; then
  IAMEVAL=$(cd "$(dirname "$IAMEVAL")" && pwd)/$(basename "$IAMEVAL")
fi
cd "$(dirname "$0")/.."

# Runs the simulator and checks its exit code (a deny is exit 2, not a failure).
expect_exit() {
  local want=$1
  shift
  local rc=0
  "$IAMEVAL" "$@" || rc=$?
  if [[ $rc != "$want" ]]; then
    echo "demo: expected exit $want from iameval $1, got $rc" >&2
    exit 1
  fi
}

P=examples/policies
DEVELOPER=arn:aws:sts::111122223333:assumed-role/developer/alice
ORG_SCPS=(--scp "$P/scp-full-access.json,$P/scp-deny-leave-org.json"
          --scp "$P/scp-full-access.json,$P/scp-region-lock.json"
          --scp "$P/scp-full-access.json")

echo "== iameval simulate: can the developer read a dev bucket without MFA? =="
expect_exit 2 simulate --principal "$DEVELOPER" \
  --action s3:GetObject --resource arn:aws:s3:::dev-data/report.csv \
  --context aws:RequestedRegion=eu-west-1 \
  --identity "$P/developer.json" --identity "$P/require-mfa.json" "${ORG_SCPS[@]}"

echo
echo "== ... and with MFA, in eu-west-1? =="
expect_exit 0 simulate --principal "$DEVELOPER" \
  --action s3:GetObject --resource arn:aws:s3:::dev-data/report.csv \
  --context aws:MultiFactorAuthPresent=true --context aws:RequestedRegion=eu-west-1 \
  --identity "$P/developer.json" --identity "$P/require-mfa.json" "${ORG_SCPS[@]}"

echo
echo "== iameval batch examples/scenarios.jsonl =="
expect_exit 0 batch examples/scenarios.jsonl

echo
echo "== iameval test examples/tests/*.json =="
expect_exit 0 test examples/tests/*.json
