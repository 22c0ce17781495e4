"""The routing rule-set editor: the hierarchy as forms (no JSON), a preview of the caseloads
before saving, and a save that is a new version from its valid-from date."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lotse.core.models import AuditEvent
from lotse.core.roles import Role
from lotse.routing.models import RuleSet
from lotse.routing.rulesets import document_of, rule_set_on

DAY = date(2026, 11, 21)


def form_data(base: RuleSet, **changes) -> dict:
    """The edit form as a browser posts it, prefilled from the rule set."""
    rules = document_of(base)["rules"]
    data = {
        "set-name": "Hierarchie ab 2027",
        "set-valid_from": "2027-01-01",
        "set-valid_to": "",
        "set-description": "",
        "rule-TOTAL_FORMS": str(len(rules) + 1),  # the empty row for a new rule
        "rule-INITIAL_FORMS": str(len(rules)),
        "rule-MIN_NUM_FORMS": "0",
        "rule-MAX_NUM_FORMS": "1000",
        "preview_as_of": DAY.isoformat(),
    }
    for i, rule in enumerate(rules):
        when = rule["when"]
        data |= {
            f"rule-{i}-ORDER": str(i + 1),
            f"rule-{i}-code": rule["code"],
            f"rule-{i}-label": rule["label"],
            f"rule-{i}-team_kind": rule["team_kind"],
            f"rule-{i}-specialisation": rule.get("specialisation", ""),
        }
        for name, value in when.items():
            data[f"rule-{i}-{name}"] = ("yes" if value else "no") if isinstance(value, bool) else value
    return data | changes


def index_of(base: RuleSet, code: str) -> int:
    return [r["code"] for r in document_of(base)["rules"]].index(code)


@pytest.fixture
def base(small_data) -> RuleSet:
    return rule_set_on(DAY)


@pytest.fixture
def admin_client(client, make_user, routed):
    client.force_login(make_user(Role.ADMINISTRATOR))
    return client


def edit_url(base: RuleSet) -> str:
    return reverse("routing:rule_set_new_version", kwargs={"pk": base.pk}) + f"?as_of={DAY}"


@pytest.mark.django_db
def test_the_form_shows_the_hierarchy_in_words_not_json(admin_client, base):
    html = admin_client.get(edit_url(base)).content.decode()
    assert "{&quot;" not in html and '{"' not in html.split("<main", 1)[1].split("<script", 1)[0]
    assert "alleinerziehend" in html.lower() and "Bedingungen" in html
    detail = admin_client.get(reverse("routing:rule_set", kwargs={"pk": base.pk})).content.decode()
    assert "alleinerziehend: ja · selbstständig: ja" in detail.lower()


@pytest.mark.django_db
def test_preview_shows_the_caseloads_before_and_after_and_saves_nothing(admin_client, base):
    i = index_of(base, "self_employed")  # decides one client of the small data
    response = admin_client.post(
        edit_url(base), form_data(base, **{f"rule-{i}-team_kind": "u25"}, preview="1")
    )
    assert response.status_code == 200
    preview = response.context["preview"]
    moved = next(r for r in preview["rules"] if r["code"] == "self_employed")
    assert moved["before"] == moved["after"] >= 1
    u25 = next(k for k in preview["kinds"] if k["team"] == "U25")
    assert u25["after"] - u25["before"] == moved["after"]
    assert "Auswirkung auf die Fallbestände am 21.11.2026" in response.content.decode()
    assert RuleSet.objects.count() == 2  # the two shipped sets, nothing saved


@pytest.mark.django_db
def test_saving_reorders_and_starts_a_new_version(admin_client, base):
    u25 = index_of(base, "u25")
    response = admin_client.post(edit_url(base), form_data(base, **{f"rule-{u25}-ORDER": "0"}, save="1"))
    assert response.status_code == 302
    created = RuleSet.objects.get(name="Hierarchie ab 2027")
    assert created.rules.order_by("position").first().code == "u25"
    base.refresh_from_db()
    assert base.valid_to == date(2026, 12, 31)
    assert rule_set_on(date(2027, 1, 1)) == created and rule_set_on(date(2026, 12, 31)) == base
    assert AuditEvent.objects.filter(what="routing rule set: Hierarchie ab 2027").exists()


@pytest.mark.django_db
def test_a_last_rule_with_conditions_is_refused_with_the_input_kept(admin_client, base):
    last = index_of(base, "applicant_service")
    response = admin_client.post(edit_url(base), form_data(base, **{f"rule-{last}-u25": "no"}, save="1"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Die letzte Regel darf keine Bedingungen haben" in html
    assert 'value="Hierarchie ab 2027"' in html
    assert RuleSet.objects.count() == 2


@pytest.mark.django_db
def test_a_version_starting_before_the_current_one_is_refused_at_the_field(admin_client, base):
    response = admin_client.post(
        edit_url(base), form_data(base, **{"set-valid_from": "2017-06-01"}, save="1")
    )
    assert response.status_code == 400
    assert 'id="id_set-valid_from-error"' in response.content.decode()
    base.refresh_from_db()
    assert base.valid_to is None


@pytest.mark.django_db
def test_only_the_administrator_edits(client, make_user, base):
    client.force_login(make_user(Role.TEAM_LEAD))
    assert client.get(reverse("routing:rule_set", kwargs={"pk": base.pk})).status_code == 200
    assert client.get(edit_url(base)).status_code == 404
