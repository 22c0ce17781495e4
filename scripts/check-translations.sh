#!/usr/bin/env bash
# Fail when a translatable string in the code is missing from the German catalogue.
# Compares the catalogue with what makemessages would write; leaves the file as it was.
set -euo pipefail
cd "$(dirname "$0")/../src/lotse"
po=conf/locale/de/LC_MESSAGES/django.po
saved=$(mktemp)
cp "$po" "$saved"
trap 'cp "$saved" "$po"; rm -f "$saved"' EXIT
LOTSE_ENV=development uv run --frozen lotse makemessages -l de --no-location --no-obsolete -i "migrations/*" >/dev/null
if ! diff -q -I 'POT-Creation-Date' "$saved" "$po" >/dev/null; then
  diff -I 'POT-Creation-Date' "$saved" "$po" | head -40
  echo "The German catalogue is out of date: run makemessages in src/lotse and translate." >&2
  exit 1
fi
