#!/usr/bin/env bash
# Fail when a translatable string in the code is missing from the German catalogue.
set -euo pipefail
cd "$(dirname "$0")/../src/lotse"
po=conf/locale/de/LC_MESSAGES/django.po
before=$(grep -c '^msgid ' "$po")
uv run --frozen lotse makemessages -l de --no-location --no-obsolete -i "migrations/*" >/dev/null
after=$(grep -c '^msgid ' "$po")
if ! git diff --quiet -I 'POT-Creation-Date' -- "$po"; then
  git diff -I 'POT-Creation-Date' -- "$po" | head -40
  git checkout -- "$po"
  echo "The German catalogue is out of date ($before → $after messages): run makemessages and translate." >&2
  exit 1
fi
git checkout -- "$po"
