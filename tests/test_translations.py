"""The German catalogue is complete, and the compiled .mo matches the .po."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

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


# Terms the German UI must not use (issue 20's wording list), with the reason a reader gets.
WRONG_TERMS = {
    r"Im Leistungsbezug \(eLB\)": "eLB means erwerbsfähige Leistungsberechtigte, not 'receiving benefits'",
    r"\b\d*\)?s? ?Monaten\"?$": "a plural standing alone is 'Monate' ('alle 12 Monate', '6 Monate')",
    r"\bKunde\b(?!n)": "the UI says Kund:in",
    r"Name oder Kennung": "a client is found by the Kundennummer",
    r"Kundenkontaktdichte": "the UI says Kontaktdichte",
    r"^Eingliederungsvereinbarungen?$": "since July 2023 it is the Kooperationsplan (§ 15 SGB II)",
    r"Quote (der )?Eingliederungsvereinbarungen": "the quota counts Kooperationspläne",
}


@pytest.mark.parametrize(("pattern", "why"), WRONG_TERMS.items())
def test_the_catalogue_uses_the_official_terms(pattern, why):
    po = polib.pofile(str(LOCALE / "django.po"))
    wrong = []
    for entry in po.translated_entries():
        texts = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        standalone = [t for t in texts if re.search(r"%\((n|months)\)s Monaten$", t)]
        if pattern.startswith(r"\b\d"):
            wrong += standalone
            continue
        wrong += [t for t in texts if re.search(pattern, t)]
    assert wrong == [], f"{why}: {wrong}"


def test_the_handover_columns_say_from_and_to_whom():
    po = polib.pofile(str(LOCALE / "django.po"))
    to = next(e for e in po if e.msgid == "To" and e.msgctxt == "handover")
    assert to.msgstr == "An"
