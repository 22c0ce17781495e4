#!/usr/bin/env bash
# Install what the tests need and run them (the README's test command).
#   scripts/test.sh                 everything, browser journeys included
#   scripts/test.sh -m "not browser and not slow"  the fast suite only (about a minute)
# Extra arguments go to pytest. DATABASE_URL selects PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

# Browser journeys: Debian's Chromium (Playwright cannot download browsers here) and
# axe-core from the npm registry for the accessibility scan.
if ! command -v chromium >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing chromium (Debian package) for the browser journeys"
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  npm ci --no-audit --no-fund --silent
fi

set +e
uv run --frozen pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: treated as failure" >&2
  exit 1
fi
exit "$status"
