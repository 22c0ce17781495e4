"""Every page renders for a logged-in user, German by default, with a bounded number
of queries; anonymous users are sent to the log-in; client records stay closed to
roles that only see aggregates."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotse.clients.models import Person
from lotse.core.roles import Role

AS_OF = "2026-11-21"

PAGES = [
    ("home", {}),
    ("clients:list", {}),
    ("clients:detail", {"external_id": "P1"}),
    ("organisation:team_list", {}),
    ("organisation:team_detail", {"external_id": "T1"}),
    ("organisation:staff_detail", {"external_id": "S1"}),
    ("organisation:district_ranking", {}),
    ("organisation:district_detail", {"external_id": "D1"}),
    ("organisation:staffing", {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_in_german(caseworker_client, small_data, name, kwargs):
    response = caseworker_client.get(reverse(name, kwargs=kwargs), {"as_of": AS_OF})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert 'href="#main"' in html and "Zum Hauptinhalt springen" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_is_sent_to_login(client, small_data, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.CONTROLLING, Role.MANAGEMENT, Role.ADMINISTRATOR, Role.DATA_PROTECTION, None]
)
def test_client_record_is_closed_to_roles_without_caseload(client, make_user, small_data, role):
    client.force_login(make_user(role))
    assert client.get(reverse("clients:detail", kwargs={"external_id": "P1"})).status_code == 404
    listing = client.get(reverse("clients:list"), {"q": "Müller"}).content.decode()
    assert "Anna" not in listing


@pytest.mark.django_db
def test_english_is_available(caseworker_client, small_data):
    caseworker_client.cookies["django_language"] = "en"
    html = caseworker_client.get(reverse("organisation:staffing")).content.decode()
    assert '<html lang="en">' in html and "Staffing control" in html


@pytest.mark.django_db
def test_client_detail_shows_facts_as_of_the_chosen_date(caseworker_client, small_data):
    url = reverse("clients:detail", kwargs={"external_id": "P1"})
    before = caseworker_client.get(url, {"as_of": "2026-03-31"}).content.decode()
    after = caseworker_client.get(url, {"as_of": "2026-04-01"}).content.decode()
    # Anna Müller lives alone with Lena (15); on 2026-04-01 Tom Schmidt moves in.
    assert "einzige erwachsene Person im Haushalt mit einem ledigen Kind unter 18" in before
    assert "einzige erwachsene Person im Haushalt" not in after
    assert "mit Aufstockung" in after  # status "employed" in German


@pytest.mark.django_db
def test_bad_reference_date_is_a_clear_400(caseworker_client, small_data):
    for bad in ("2026-13-01", "0001-01-01", "9999-12-31", "gestern"):
        response = caseworker_client.get(reverse("organisation:staffing"), {"as_of": bad})
        assert response.status_code == 400
        html = response.content.decode()
        assert "„as_of“ muss ein Datum der Form JJJJ-MM-TT zwischen 01.01.1900 und 31.12.2199 sein" in html


@pytest.mark.django_db
def test_client_search_by_name_id_and_district(caseworker_client, small_data):
    """Search works inside the caseworker's scope (team T1: P1, P3 and P1's daughter P2);
    clients of other teams are not found, by name or by number."""
    url = reverse("clients:list")
    assert "Tom" in caseworker_client.get(url, {"q": "schm"}).content.decode()
    assert "Tom" in caseworker_client.get(url, {"q": "P3"}).content.decode()
    assert "Deniz" not in caseworker_client.get(url, {"q": "yıl"}).content.decode()
    assert "Deniz" not in caseworker_client.get(url, {"q": "P4"}).content.decode()
    d1 = caseworker_client.get(url, {"district": Person.objects.get(external_id="P1").district_id})
    assert "Anna" in d1.content.decode()
    d2 = caseworker_client.get(url, {"district": Person.objects.get(external_id="P4").district_id})
    assert "Anna" not in d2.content.decode()
    active = caseworker_client.get(url, {"active_on": "2026-03-31"}).content.decode()
    assert "Tom" not in active and "Anna" in active  # P3's benefits start 2026-04-01
    default = caseworker_client.get(url).content.decode()
    assert "Lena" not in default and "Tom" in default  # the child never received benefits
    assert "Lena" in caseworker_client.get(url, {"scope": "all"}).content.decode()


@pytest.mark.django_db
def test_client_list_query_count_does_not_grow_with_rows(caseworker_client, small_data):
    url = reverse("clients:list")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert caseworker_client.get(url).status_code == 200
        return len(ctx)

    queries()  # the first request renews the session (a write the next ones within a minute skip)
    few = queries()
    Person.objects.bulk_create(
        Person(
            external_id=f"X{i}",
            family_name=f"Name{i}",
            given_name="G",
            birth_date="1980-01-01",
            sex="f",
            district_id=None,
        )
        for i in range(60)
    )
    assert queries() == few


@pytest.mark.django_db
def test_district_ranking_flags_special_need(caseworker_client, small_data):
    html = caseworker_client.get(
        reverse("organisation:district_ranking"),
        {"as_of": AS_OF, "min_clients": "0.1", "min_rate": "10"},
    ).content.decode()
    # Nordstadt: 2 clients per 12,000 inhabitants, 14.5 % → special need, but has a local office.
    assert 'class="flagged"' in html
    assert "0 Stadtteile mit besonderem Bedarf haben noch keine Anlaufstelle." in html


@pytest.mark.django_db
def test_staffing_figures(small_data):
    from datetime import date
    from decimal import Decimal

    from lotse.evaluation.organisation import staffing
    from lotse.organisation.models import Jobcenter

    Jobcenter.objects.update_or_create(pk=Jobcenter.current().pk, defaults={"target_fte": Decimal("4")})
    s = staffing(date(2026, 11, 21))
    f = s.figures
    assert (f.counted_fte, f.gap_fte) == (Decimal("3.5"), Decimal("-0.5"))
    assert s.headcount == 4
    assert f.fixed_term_pct == Decimal("12.50")  # 0.5 fixed-term FTE (S2, project staff) of the target 4
    assert not f.fixed_term_within_limit
    assert f.projects == (("", Decimal("0.5")),) and f.egt_fte == 0
    u25, ue25 = s.ratios
    assert (u25.clients, u25.caseworker_fte) == (0, Decimal("1"))  # Deniz turned 25 today
    assert (ue25.clients, ue25.caseworker_fte) == (3, Decimal("1.5"))
    assert ue25.per_fte == Decimal("2.0")


@pytest.mark.django_db
def test_browser_language_does_not_switch_the_ui(caseworker_client, small_data):
    html = caseworker_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert b'<html lang="de">' in html


@pytest.mark.django_db
def test_stylesheet_is_served(caseworker_client):
    from django.contrib.staticfiles import finders

    assert finders.find("lotse/lotse.css")


def test_the_record_says_where_a_market_distance_from_the_profillage_comes_from(caseworker_client):
    """P1 has the Stabilisierungsprofil and no recorded market distance: complex (marktfern),
    by the BA's four-phase model, which the record names."""
    html = caseworker_client.get("/clients/P1/", {"as_of": "2026-11-21"}).content.decode()
    assert "4-Phasen-Modell" in html
