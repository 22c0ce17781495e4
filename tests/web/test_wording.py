"""The client record speaks the Jobcenter's words, not code names (issue 20)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.django_db
def test_why_responsible_names_the_conditions_in_words(caseworker_client):
    page = caseworker_client.get("/clients/P1/?as_of=2026-11-21").content.decode()
    why = page[page.index('id="why-heading"') : page.index("</section>", page.index('id="why-heading"'))]
    assert "nicht erfüllt" in why
    assert not re.search(r"\b(single_parent|u25|self_employed|case_management|market_distance)\b", why), why
    assert "= ja" not in why and "= nein" not in why
    assert re.search(r"nicht erfüllt: [a-zäöüA-ZÄÖÜ]", why)


@pytest.mark.django_db
def test_the_handover_list_says_from_and_to_whom(caseworker_client):
    page = caseworker_client.get("/clients/P1/?as_of=2026-11-21").content.decode()
    assert '<th scope="col">Von</th><th scope="col">An</th>' in page
