"""The German catalogue is complete, and the compiled .mo matches the .po."""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).parent.parent / "src" / "lotse" / "conf" / "locale" / "de" / "LC_MESSAGES"


def test_every_message_is_translated():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_compiled_catalogue_is_current():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {(e.msgid, e.msgstr or tuple(e.msgstr_plural.values())) for e in mo if e.msgid}
    source = {(e.msgid, e.msgstr or tuple(e.msgstr_plural.values())) for e in po.translated_entries()}
    assert source <= compiled, "run: cd src/lotse && lotse compilemessages"
