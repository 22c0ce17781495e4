#!/usr/bin/env bash
# Run the test suite (the README's test command calls this). Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
set +e
uv run --frozen pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: treated as failure" >&2
  exit 1
fi
exit "$status"
