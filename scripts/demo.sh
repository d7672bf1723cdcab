#!/usr/bin/env bash
# `make demo`: the simulator on the bundled examples.
set -euo pipefail
IAMEVAL=${1:-build/simulator/iameval}
cd "$(dirname "$0")/.."
echo "== iameval simulate: can the developer read prod logs? =="
"$IAMEVAL" simulate --principal arn:aws:sts::111122223333:assumed-role/developer/alice \
  --action s3:GetObject --resource arn:aws:s3:::dev-logs/app.log \
  --identity examples/policies/developer.json || true
