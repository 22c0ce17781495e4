#!/usr/bin/env bash
# Photograph every role's start page and the client record at 1366×768 and 320×640 (a real
# Chromium, the small hand-checked data) and copy the pictures into docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
uv run --frozen pytest -q -p no:randomly -m browser tests/browser/test_screenshots.py
mkdir -p docs/screenshots
cp test-artifacts/screenshots/start-*-1366.png test-artifacts/screenshots/start-*-320.png \
   test-artifacts/screenshots/record-1366.png test-artifacts/screenshots/record-320.png docs/screenshots/
ls docs/screenshots
