#!/usr/bin/env bash
# Golden test driver for the iameval simulator.
#
#   run_golden.sh IAMEVAL_BINARY CASE.sh GOLDEN_FILE [--update-golden]
#
# Runs CASE.sh with bash from the project root, where `iameval` is a shell
# function calling IAMEVAL_BINARY and $OUT is a scratch directory, and
# compares what it printed with GOLDEN_FILE:
#
#   <stdout>
#   ==> stderr <==
#   <stderr>
#   ==> exit code: N <==
#
# On a mismatch it prints the actual output and a diff, and fails. With
# --update-golden (or IAMEVAL_UPDATE_GOLDEN=1 in the environment) it writes
# the actual output to GOLDEN_FILE instead; read the diff before committing.
set -u
if [[ $# -lt 3 ]]; then
  echo "usage: $0 IAMEVAL_BINARY CASE.sh GOLDEN_FILE [--update-golden]" >&2
  exit 2
fi
binary=$1
case_file=$2
golden=$3
update=${IAMEVAL_UPDATE_GOLDEN:-0}
[[ ${4:-} == --update-golden ]] && update=1

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/out"

# Colour and terminal detection must not depend on who runs the test.
unset NO_COLOR
IAMEVAL_BIN=$binary OUT=$scratch/out bash -c '
  iameval() { "$IAMEVAL_BIN" "$@"; }
  . "$1"' golden-case "$case_file" >"$scratch/stdout" 2>"$scratch/stderr" </dev/null
rc=$?
{
  cat "$scratch/stdout"
  echo "==> stderr <=="
  cat "$scratch/stderr"
  echo "==> exit code: $rc <=="
} >"$scratch/actual"

if [[ $update == 1 ]]; then
  cp "$scratch/actual" "$golden"
  echo "updated $golden"
  exit 0
fi
if [[ ! -f $golden ]]; then
  echo "missing golden file $golden; actual output:"
  cat "$scratch/actual"
  exit 1
fi
if ! diff -u "$golden" "$scratch/actual" >"$scratch/diff"; then
  echo "MISMATCH for $(basename "$case_file"); actual output:"
  echo "----------------------------------------------------------------------"
  cat "$scratch/actual"
  echo "----------------------------------------------------------------------"
  echo "diff (golden -> actual):"
  cat "$scratch/diff"
  echo "To accept: IAMEVAL_UPDATE_GOLDEN=1 ctest -L golden, then review git diff."
  exit 1
fi
echo "ok $(basename "$case_file")"
