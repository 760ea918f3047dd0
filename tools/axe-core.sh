#!/usr/bin/env bash
# Fetches axe-core (the accessibility checker the browser tests inject) from the npm registry.
set -euo pipefail
version="4.10.3"
target=".cache/axe-core"
[ -f "$target/node_modules/axe-core/axe.min.js" ] && grep -q "\"version\": \"$version\"" "$target/node_modules/axe-core/package.json" && exit 0
command -v npm >/dev/null || { echo "npm is needed to fetch axe-core for the browser tests" >&2; exit 1; }
mkdir -p "$target"
npm install --silent --no-save --no-audit --no-fund --prefix "$target" "axe-core@$version" >&2
