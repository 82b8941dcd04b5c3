#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json,
# so `npm test` and `npm run demo` work on a fresh clone and stay fast afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
marker=node_modules/.package-lock.json
if [[ ! -f "$marker" || package-lock.json -nt "$marker" ]]; then
  npm ci --no-audit --no-fund >&2
fi
