#!/usr/bin/env bash
# Installs the Debian 12 packages iameval needs, only those missing.
# Run as root (CI and fresh machines are root); otherwise prints what to run.
set -euo pipefail
PACKAGES=(cmake make g++ ccache libboost-json1.81-dev libboost-regex1.81-dev
          libabsl-dev googletest libgtest-dev libgmock-dev libbenchmark-dev
          # The account tests render assume-paths DOT with Graphviz's dot
          # and read the JSON reports with jq (tests/simulator).
          graphviz jq
          # The install test links a consumer through pkg-config; the
          # file-error test reads a mode-000 file as root without
          # CAP_DAC_OVERRIDE through capsh.
          pkg-config libcap2-bin)
if [[ "${IAMEVAL_WITH_CLANG:-0}" == 1 ]]; then
  PACKAGES+=(clang-14 libclang-rt-14-dev)
fi
# `make format-check` and `make tidy` (CI runs both).
if [[ "${IAMEVAL_WITH_LINT:-0}" == 1 ]]; then
  PACKAGES+=(clang-format-14 clang-tidy-14)
fi
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "iameval: missing Debian packages: ${missing[*]}" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "iameval: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
