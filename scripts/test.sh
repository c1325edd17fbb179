#!/usr/bin/env bash
# `npm test`: every check, in order of speed. Fails on the first red step.
set -euo pipefail
cd "$(dirname "$0")/.."
# One command per line: under `set -e` a failure on the left of `&&` would not stop the run.
echo "== lint"; npx eslint .
npx prettier --check . >/dev/null
echo "== typecheck"; npx tsc --noEmit -p tsconfig.json
echo "== tools"; bash scripts/ensure-tools.sh
echo "== unit and compatibility tests"; npx vitest run
echo "== page build"; npx vite build --logLevel warn
echo "== browser tests"
# Playwright drives Debian's Chromium and never downloads a browser of its own.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium from Debian's packages"
    apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
  elif [ "${CI:-}" = true ]; then
    echo "the browser tests need Debian's chromium at /usr/bin/chromium: apt-get install chromium (as root)" >&2
    exit 1
  else
    echo "skipping the browser tests: no /usr/bin/chromium (apt-get install chromium as root to run them)" >&2
    exit 0
  fi
fi
npx playwright test
