#!/usr/bin/env bash
# Validates `iameval lint --format sarif` with Microsoft's SARIF multitool
# (npm: @microsoft/sarif-multitool), SARIF and GitHub rule sets.
#
#   sarif_validate.sh IAMEVAL_BINARY
#
# The multitool is found through $SARIF_MULTITOOL or `sarif-multitool` on the
# PATH; without it the test is skipped (exit 77). Its exit status is 0 even
# when the log has errors, so the log is read: any error fails, and any
# warning but SARIF2005 (the driver has no informationUri: the project has no
# canonical URL to give).
set -u
binary=$1
tool=${SARIF_MULTITOOL:-$(command -v sarif-multitool || true)}
if [[ -z $tool ]]; then
  echo "sarif-multitool not found (npm install @microsoft/sarif-multitool); skipped"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$binary" lint --format sarif --rules tests/simulator/data/lint/rules.json \
  tests/simulator/data/lint/policies tests/simulator/data/lint/trust >"$tmp/lint.sarif"
rc=$?
if [[ $rc -ne 2 ]]; then
  echo "iameval lint exited $rc, expected 2 (blocking findings)"
  exit 1
fi
"$tool" validate "$tmp/lint.sarif" -o "$tmp/validation.sarif" \
  --rule-kind "Gh;Sarif" --level "Error;Warning;Note" >"$tmp/log" 2>&1
if ! grep -q "Analysis completed successfully" "$tmp/log"; then
  cat "$tmp/log"
  echo "the multitool did not complete"
  exit 1
fi
bad=$(grep -E ": (error|warning) " "$tmp/log" | grep -v "warning SARIF2005:")
if [[ -n $bad ]]; then
  echo "$bad"
  exit 1
fi
echo "ok: $(grep -c ': note ' "$tmp/log") notes, no errors, no warnings but SARIF2005"
