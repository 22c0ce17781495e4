"""Long commands print one line per phase with count and time when their output is a log
(issue 23, a newcomer's first hour); with --format json the phases go to standard error."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_route_prints_its_phases_and_keeps_the_json_clean(small_data):
    out, err = io.StringIO(), io.StringIO()
    call_command("route", "--as-of", "2026-11-21", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Reading clients, staff and responsibilities: 3 clients in ")
    assert lines[1].startswith("Deciding rule and caseworker: 3 clients in ")
    assert lines[2].startswith("Writing changes: 3 changes in ")
    out = io.StringIO()
    call_command("route", "--as-of", "2026-11-21", "--format", "json", stdout=out, stderr=err)
    assert len(json.loads(out.getvalue())) == 3
    assert "Deciding rule and caseworker: 3 clients" in err.getvalue()


@pytest.mark.django_db
def test_retention_prints_its_phases_on_standard_error(small_data):
    out, err = io.StringIO(), io.StringIO()
    call_command("retention", "run", "--as-of", "2026-11-21", "--dry-run", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["dry_run"] is True
    assert "Finding persons whose retention period ended: 0 persons in " in err.getvalue()
