"""The contact rule-set editor: an edit is a new version from its valid-from date.

Small data set: on 31.03.2026 P1's phone contact of 10.03. is the only contact within a
month. A new version of "Darmstadt 2017" from 01.03.2026 without the phone channel
drops the 1-month share to 0; the evaluation of 28.02.2026 keeps the old rules.
"""

from __future__ import annotations

from datetime import date

import pytest

from lotse.contacts.models import ContactRuleSet
from lotse.contacts.rulesets import ensure_presets
from lotse.core.models import AuditEvent
from lotse.core.roles import Role
from lotse.evaluation.contact_density import evaluate_contact_density

MARCH = date(2026, 3, 31)


def form_data(base: ContactRuleSet, **changes) -> dict:
    """The edit form as a browser posts it, prefilled from the rule set's document."""
    doc = base.document
    data = {
        "set-name": "Darmstadt 2017 (ab 01.03.2026)",
        "set-valid_from": "2026-03-01",
        "set-valid_to": "",
        "set-counting_channels": list(doc["counting_channels"]),
        # the guide values as the form shows them (prefilled from the document)
        **{f"set-guide_{n}": str(v) for n, v in (doc.get("guide_values") or {}).items()},
        "rule-TOTAL_FORMS": str(len(doc["rules"]) + 1),  # the empty row for a new rule
        "rule-INITIAL_FORMS": str(len(doc["rules"])),
        "rule-MIN_NUM_FORMS": "0",
        "rule-MAX_NUM_FORMS": "1000",
    }
    for i, rule in enumerate(doc["rules"]):
        when = rule.get("when") or {}
        data |= {
            f"rule-{i}-code": rule["code"],
            f"rule-{i}-label": rule["label"],
            f"rule-{i}-kind": rule["kind"],
            f"rule-{i}-months": str(rule.get("months") or ""),
            f"rule-{i}-count": str(rule.get("count") or ""),
            f"rule-{i}-u25": "" if "u25" not in when else ("yes" if when["u25"] else "no"),
            f"rule-{i}-status": list(when.get("status", [])),
            f"rule-{i}-market_distance": list(when.get("market_distance", [])),
        }
    n = len(doc["rules"])
    data |= {f"rule-{n}-kind": "max_interval", f"rule-{n}-u25": ""}  # the empty row as a browser posts it
    return data | changes


@pytest.fixture
def admin_client(client, make_user, small_data):
    ensure_presets()
    client.force_login(make_user(Role.ADMINISTRATOR))
    return client


@pytest.mark.django_db
def test_the_administrator_saves_a_new_version_and_the_evaluation_follows(admin_client):
    base = ContactRuleSet.objects.get(name="Darmstadt 2017")
    assert evaluate_contact_density(MARCH, by=(), series_months=1).total.within[1] == 1
    page = admin_client.get(f"/contacts/rules/{base.pk}/new-version/")
    assert page.status_code == 200
    assert page.context["rules"].initial[0]["market_distance"] == ["near"]

    no_phone = form_data(base, **{"set-counting_channels": ["in_person", "video", "home_visit"]})
    preview = admin_client.post(
        f"/contacts/rules/{base.pk}/new-version/", no_phone | {"preview": "1", "preview_as_of": "2026-03-31"}
    )
    assert preview.context["preview"]["rows"][0] == (1, 50.0, 0.0)  # 1 of 2 clients, then none
    assert ContactRuleSet.objects.count() == 2  # a preview saves nothing

    saved = admin_client.post(f"/contacts/rules/{base.pk}/new-version/", no_phone | {"save": "1"})
    new = ContactRuleSet.objects.get(name="Darmstadt 2017 (ab 01.03.2026)")
    assert saved.status_code == 302 and saved["Location"] == f"/contacts/rules/{new.pk}/"
    base.refresh_from_db()
    assert base.valid_to == date(2026, 2, 28) and base.document["valid_to"] == "2026-02-28"
    assert new.document["rules"] == base.document["rules"]  # rules carried over unchanged
    assert evaluate_contact_density(MARCH, by=(), series_months=1).total.within[1] == 0
    assert evaluate_contact_density(MARCH, by=(), series_months=1).rule_set == new.name
    assert evaluate_contact_density(date(2026, 2, 28), by=(), series_months=1).rule_set == "Darmstadt 2017"
    assert AuditEvent.objects.filter(what=f"contact rule set: {new.name}").count() == 1
    listing = admin_client.get("/contacts/rules/?as_of=2026-03-31")
    assert listing.context["current"] == new and listing.context["shares"][0] == (1, 0.0, 45.0)


@pytest.mark.django_db
def test_a_rule_can_be_changed_added_and_removed(admin_client):
    base = ContactRuleSet.objects.get(name="Darmstadt 2017")
    data = form_data(base)
    data |= {"rule-0-months": "2", "rule-3-DELETE": "on"}
    data |= {
        "rule-4-code": "single_parents",
        "rule-4-label": "Alleinerziehende – alle 2 Monate",
        "rule-4-kind": "max_interval",
        "rule-4-months": "2",
        "rule-4-single_parent": "yes",
        "rule-4-channels": ["in_person"],
    }
    assert (
        admin_client.post(f"/contacts/rules/{base.pk}/new-version/", data | {"save": "1"}).status_code == 302
    )
    rules = ContactRuleSet.objects.get(name="Darmstadt 2017 (ab 01.03.2026)").document["rules"]
    assert [r["code"] for r in rules] == [
        "ue25_unemployed_near",
        "ue25_unemployed_far",
        "u25_unemployed",
        "single_parents",
    ]
    assert rules[0]["months"] == 2
    assert rules[3] == {
        "code": "single_parents",
        "label": "Alleinerziehende – alle 2 Monate",
        "when": {"single_parent": True},
        "kind": "max_interval",
        "months": 2,
        "channels": ["in_person"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"set-name": "Mettmann 2014"}, "name"),  # the name is taken
        ({"set-valid_from": "2017-02-01"}, "valid_from"),  # not after the version it replaces
        ({"set-valid_to": "2026-01-01"}, "valid_to"),  # ends before it starts
        ({"rule-0-months": ""}, "months"),  # a maximum interval without months
        ({"rule-1-code": "ue25_unemployed_near"}, None),  # a code used twice
        ({"set-counting_channels": []}, "counting_channels"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(admin_client, changes, field):
    base = ContactRuleSet.objects.get(name="Darmstadt 2017")
    response = admin_client.post(
        f"/contacts/rules/{base.pk}/new-version/", form_data(base, **changes) | {"save": "1"}
    )
    assert response.status_code == 200
    header, rules = response.context["header"], response.context["rules"]
    if field in header.fields:
        assert header.errors[field]
    elif field:
        assert rules.forms[0].errors[field]
    else:
        assert rules.non_form_errors()
    assert ContactRuleSet.objects.count() == 2
    base.refresh_from_db()
    assert base.valid_to is None


@pytest.mark.django_db
def test_only_the_administrator_edits_and_readers_see_the_rules(client, make_user, small_data):
    ensure_presets()
    base = ContactRuleSet.objects.get(name="Darmstadt 2017")
    client.force_login(make_user(Role.CONTROLLING))
    assert client.get("/contacts/rules/").status_code == 200
    detail = client.get(f"/contacts/rules/{base.pk}/")
    assert detail.status_code == 200 and not detail.context["may_edit"]
    assert client.get(f"/contacts/rules/{base.pk}/?format=yaml").content.startswith(b"kind: contact_density")
    assert client.get(f"/contacts/rules/{base.pk}/new-version/").status_code == 404
    client.force_login(make_user(Role.CASEWORKER))
    assert client.get("/contacts/rules/").status_code == 404
