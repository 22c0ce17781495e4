"""Routing pages: why responsible, overrides, handovers, simulation, transfer — and who may see them."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lotse.clients.models import Responsibility
from lotse.core.roles import Role
from lotse.organisation.models import Staff
from lotse.routing.models import Handover, HandoverKind, Override
from tests.routing.test_engine import DAY, responsible, route

AS_OF = {"as_of": DAY.isoformat()}


@pytest.fixture
def routed(small_data):
    route(DAY)


@pytest.fixture
def lead(client, make_user, small_data):
    user = make_user(Role.TEAM_LEAD, "lead")
    Staff.objects.filter(external_id="S4").update(user=user, role="team_lead")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_client_page_answers_why_responsible(caseworker_client, routed):
    html = caseworker_client.get(
        reverse("clients:detail", kwargs={"external_id": "P1"}), {"as_of": "2026-03-31"}
    ).content.decode()
    assert "Warum?" in html
    assert "Alle anderen Alleinerziehenden (auch zu erwartende)" in html  # the rule that applies
    assert "nicht erfüllt: selbstständig" in html  # the first rule above it (she is a single parent)
    assert "Groß, Jürgen" in html  # responsible now


@pytest.mark.django_db
def test_team_lead_overrides_with_reason_and_expiry(lead, routed):
    url = reverse("routing:override", kwargs={"external_id": "P1"}) + f"?as_of={DAY}"
    s2 = Staff.objects.get(external_id="S2")
    refused = lead.post(url, {"staff": s2.pk, "reason": " ", "valid_until": "2026-12-31"}, follow=True)
    assert "Ein Grund ist erforderlich." in refused.content.decode()
    assert not Override.objects.exists()
    lead.post(url, {"staff": s2.pk, "reason": "spricht Türkisch", "valid_until": "2026-12-31"})
    assert responsible("P1") == ("T1", "S2", "override")
    handover = Handover.objects.get(kind=HandoverKind.OVERRIDE)
    assert handover.created_by.username == "lead" and "spricht Türkisch" in handover.reason
    record = lead.get(reverse("clients:detail", kwargs={"external_id": "P1"}), AS_OF).content.decode()
    assert "„spricht Türkisch“ (Paul Krüger)" in record  # the author by name, not by login


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.CONTROLLING, Role.ADMINISTRATOR, None])
def test_override_and_handovers_are_for_team_leads_only(client, make_user, routed, role):
    client.force_login(make_user(role))
    url = reverse("routing:override", kwargs={"external_id": "P1"})
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert client.get(reverse("routing:handovers")).status_code == 404
    assert client.get(reverse("routing:transfer", kwargs={"external_id": "S1"})).status_code == 404


@pytest.mark.django_db
def test_handover_list_with_queue_and_pending_changes(lead, small_data, generalist):
    route(date(2026, 3, 31))
    route(date(2026, 4, 1))  # the partner moves in: Anna goes from the AEZ to a generalist
    html = lead.get(reverse("routing:handovers")).content.decode()
    assert "Müller, Anna" in html and "Lang, Ute" in html
    assert "Die Warteschlange ist leer." in html
    # Looking ahead: Lena turns 18 on 2028-03-10, nothing changes for this team before that
    pending = lead.get(reverse("routing:handovers"), {"pending_on": "2026-12-31"}).content.decode()
    assert "Es ändert sich nichts." in pending


@pytest.mark.django_db
def test_simulation_compares_both_strategies(client, make_user, routed):
    client.force_login(make_user(Role.CONTROLLING))
    data = client.get(reverse("routing:simulation"), {**AS_OF, "format": "json"}).json()
    assert [s["strategy"] for s in data["strategies"]] == ["district", "alphabetical"]
    district, alphabetical = data["strategies"]
    assert district["clients"] == alphabetical["clients"] == 3
    assert district["changed_caseworker"] == 0  # the current state was routed by district
    assert Responsibility.objects.count() == 3  # nothing written by the simulation
    page = client.get(reverse("routing:simulation"), AS_OF).content.decode()
    assert "Nach Stadtteil" in page and "Nach Anfangsbuchstabe" in page
    client.force_login(make_user(Role.CASEWORKER, "cw2"))
    assert client.get(reverse("routing:simulation")).status_code == 404


@pytest.mark.django_db
def test_bulk_transfer_with_preview(lead, small_data):
    route(date(2026, 3, 31))
    url = reverse("routing:transfer", kwargs={"external_id": "S1"}) + "?as_of=2026-03-31"
    preview = lead.get(url).content.decode()
    assert "Müller" in preview
    assert Responsibility.objects.get(person__external_id="P1").staff.external_id == "S1"
    lead.post(url)
    after = Responsibility.objects.get(person__external_id="P1")
    assert after.staff_id is None  # no other AEZ caseworker serves Nordstadt: the team lead's queue
    assert Handover.objects.filter(kind=HandoverKind.TRANSFER).count() == 1


@pytest.mark.django_db
def test_a_former_client_has_nobody_responsible(lead, p5_former_client_of_t1):
    from tests.conftest import state_purpose

    state_purpose(lead, "P5")  # a former client of the lead's team: for a stated purpose only
    html = lead.get(reverse("clients:detail", kwargs={"external_id": "P5"}), AS_OF).content.decode()
    assert "niemand: an diesem Tag nicht im Leistungsbezug" in html


@pytest.mark.django_db
def test_queue_caption_counts_all_queued_clients(lead, routed, monkeypatch):
    monkeypatch.setattr("lotse.routing.views.QUEUE_SHOWN", 0)
    Responsibility.objects.filter(person__external_id="P1").update(staff=None)
    html = lead.get(reverse("routing:handovers")).content.decode()
    assert "1 Kund:in in der Warteschlange" in html and "(die ersten 0 sind aufgeführt)" in html
