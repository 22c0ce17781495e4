"""The audit trail: reads and writes are logged, it cannot be changed, the Art. 15 report lists it."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from lotse.core.models import AuditAction, AuditEvent, AuditTrailIsAppendOnly
from lotse.core.roles import Role
from lotse.exchange.exporter import export


@pytest.mark.django_db
def test_client_page_export_and_command_reads_are_audited(login, tmp_path, monkeypatch):
    c = login(Role.CASEWORKER, "S1", username="juergen")
    c.get(reverse("clients:detail", kwargs={"external_id": "P1"}))
    page_read = AuditEvent.objects.get(person_ref="P1", action=AuditAction.READ)
    assert (page_read.actor, page_read.channel, page_read.what) == ("juergen", "web", "client_page")

    monkeypatch.setenv("LOTSE_ACTOR", "nightly-export")
    export(tmp_path)
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORT, what="exchange_export")
    assert sorted(exported.values_list("person_ref", flat=True)) == ["P1", "P2", "P3", "P4", "P5"]
    assert set(exported.values_list("actor", "channel")) == {("nightly-export", "cli")}

    out = io.StringIO()
    call_command("contacts", "due", "--as-of", "2026-11-21", "--format", "json", stdout=out)
    listed = {row["person_id"] for row in json.loads(out.getvalue())}
    due = AuditEvent.objects.filter(what="contacts_due")
    assert set(due.values_list("person_ref", flat=True)) == listed and listed


@pytest.mark.django_db
def test_writes_are_audited(login, monkeypatch):
    monkeypatch.setattr("lotse.contacts.views.today", lambda: date(2026, 11, 21))
    c = login(Role.CASEWORKER, "S1", username="juergen")
    c.post(
        reverse("contacts:record", kwargs={"external_id": "P1"}),
        {"kind": "contact", "date": "2026-11-21", "channel": "phone", "held": "on", "topic": "Bewerbung"},
    )
    write = AuditEvent.objects.get(action=AuditAction.WRITE, person_ref="P1", what="contact")
    assert (write.actor, write.what) == ("juergen", "contact")


@pytest.mark.django_db
def test_the_trail_is_append_only(login):
    c = login(Role.CASEWORKER, "S1")
    c.get(reverse("clients:detail", kwargs={"external_id": "P1"}))
    event = AuditEvent.objects.get(what="client_page")
    event.purpose = "rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().update(purpose="rewritten")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE trust_auditevent SET purpose = 'rewritten'")  # the trigger refuses
    assert AuditEvent.objects.get(what="client_page").purpose == ""


@pytest.mark.django_db
def test_art15_report_lists_every_access_and_renders_as_pdf(login, client, make_user):
    c = login(Role.CASEWORKER, "S1", username="juergen")
    c.get(reverse("clients:detail", kwargs={"external_id": "P1"}))
    dpo = make_user(Role.DATA_PROTECTION, "dsb")
    client.force_login(dpo)
    url = reverse("trust:access_report")
    html = client.get(url, {"person": "P1"}).content.decode()
    assert "juergen" in html and "client_page" in html and "Müller" in html
    assert "exchange_import" in html  # the import that wrote the record is listed too
    pdf = client.get(url, {"person": "P1", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Auskunft" in text or "Zugriffe" in text
    assert "juergen" in text and "Müller" in text and "client_page" in text
    # The officer's own look at the report is an access too, and is listed next time.
    assert AuditEvent.objects.filter(person_ref="P1", actor="dsb", what="access_report").count() == 2
    assert client.get(url, {"person": "nobody"}).status_code == 200


@pytest.mark.django_db
def test_list_pages_log_the_rows_they_show(login):
    c = login(Role.CASEWORKER, "S1", username="juergen")
    c.get(reverse("clients:list"), {"scope": "all"})
    assert set(AuditEvent.objects.filter(what="client_list").values_list("person_ref", flat=True)) == {
        "P1",
        "P2",
        "P3",
    }
    c.get(reverse("contacts:worklist"), {"section": "all", "as_of": "2026-11-21"})
    assert set(AuditEvent.objects.filter(what="worklist").values_list("person_ref", flat=True)) == {
        "P1",
        "P3",
    }
