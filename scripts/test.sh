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
# The report tests render PDFs to PNG with poppler's pdftoppm; the directory log-in tests
# start a real OpenLDAP server (slapd) on a loopback port.
missing=""
command -v chromium >/dev/null || missing="$missing chromium"
command -v pdftoppm >/dev/null || missing="$missing poppler-utils"
[ -x /usr/sbin/slapd ] || missing="$missing slapd"
if [ -n "$missing" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing$missing (Debian packages) for the browser journeys and report pictures"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
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
