#!/usr/bin/env bash
# `npm test`: every check, in order of speed. Fails on the first red step.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== lint"; npx eslint . && npx prettier --check . >/dev/null
echo "== typecheck"; npx tsc --noEmit -p tsconfig.json
echo "== tools"; bash scripts/ensure-tools.sh
echo "== unit and compatibility tests"; npx vitest run
