"""Checks across files and against the database: ids, references, dates, households.

Every failed check becomes a :class:`RowError` naming file, line and column, so the
operator can fix the source and try again. Nothing is written by these checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import pairwise

from lotse.clients.models import Address, HouseholdMember
from lotse.contacts.models import ContactOutcome
from lotse.core.db import CHUNK
from lotse.domain.vocabulary import attribute_value_problem
from lotse.exchange.keys import pks_by_external_id
from lotse.exchange.mapping import KEYED, MAPPING_BY_FILE, MAPPINGS
from lotse.exchange.reader import Dataset
from lotse.exchange.steering import check_steering
from lotse.organisation.models import QualificationType


def check(data: Dataset) -> None:
    """Add every cross-file error to ``data.errors``."""
    known = _check_keys(data)
    _check_references(data, known)
    _check_periods(data)
    _check_attribute_values(data)
    _check_district_figures(data)
    _check_deviations(data)
    _check_households(data)
    _check_addresses(data)
    _check_outcomes(data)
    _check_qualifications(data)
    check_steering(data)


def _existing(model: type, ids: Iterable[str]) -> set[str]:
    return set(pks_by_external_id(model, ids))


def _check_keys(data: Dataset) -> dict[str, set[str]]:
    """Duplicate ids in a file or already in the database; returns the ids of each keyed file."""
    known: dict[str, set[str]] = {}
    for name, mapping in KEYED.items():
        column, model = mapping.key_column, mapping.model
        seen: dict[str, int] = {}
        for row in data.of(name):
            key = str(row[column])
            if key in seen:
                data.error(name, row.line, column, f"'{key}' appears again (first on line {seen[key]})")
            else:
                seen[key] = row.line
        in_db = _existing(model, seen)
        for key in sorted(in_db):
            data.error(name, seen[key], column, f"'{key}' exists already in the database")
        # a row refused for one of its cells has its error already; rows naming it are not wrong
        known[name] = set(seen) | data.rejected.get(name, set())
    return known


def _check_references(data: Dataset, known: dict[str, set[str]]) -> None:
    """Every id a row names exists in its file or in the database (the mapping's references)."""
    for mapping in MAPPINGS:
        name = mapping.file
        for ref in mapping.refs:
            if ref.file is None:
                continue
            column, target, model = ref.column, ref.file, MAPPING_BY_FILE[ref.file].model
            wanted = {str(row[column]) for row in data.of(name) if row[column] is not None}
            missing = wanted - known[target]
            if missing:
                missing -= _existing(model, missing)
            for row in data.of(name):
                if row[column] is not None and str(row[column]) in missing:
                    data.error(
                        name, row.line, column, f"'{row[column]}' is not in {target} nor in the database"
                    )
        for lst in mapping.lists:
            if lst.file is None:
                continue
            for row in data.of(name):
                missing = set(row[lst.column]) - known[lst.file]  # type: ignore[arg-type]
                if missing:
                    missing -= _existing(lst.model, missing)
                if missing:
                    data.error(
                        name,
                        row.line,
                        lst.column,
                        f"'{', '.join(sorted(missing))}' not in {lst.file} nor in the database",
                    )


def _check_periods(data: Dataset) -> None:
    for mapping in MAPPINGS:
        if mapping.period is None:
            continue
        name, (start, end) = mapping.file, mapping.period
        for row in data.of(name):
            if row[end] is not None and row[end] < row[start]:  # type: ignore[operator]
                data.error(name, row.line, end, f"{row[end]} is before {start} {row[start]}")
    for row in data.of("household_members.csv"):
        if row["moved_out"] is not None and row["moved_out"] <= row["moved_in"]:  # type: ignore[operator]
            data.error(
                "household_members.csv",
                row.line,
                "moved_out",
                f"{row['moved_out']} is not after moved_in {row['moved_in']}",
            )


def _check_attribute_values(data: Dataset) -> None:
    for row in data.of("attributes.csv"):
        problem = attribute_value_problem(str(row["attribute"]), str(row["value"]))
        if problem:
            data.error("attributes.csv", row.line, "value", problem)


def _check_district_figures(data: Dataset) -> None:
    data.refuse_repeats(
        "district_figures.csv",
        lambda r: (str(r["district_id"]), int(r["year"])),  # type: ignore[arg-type]
        "year",
        lambda k: f"{k[1]} for '{k[0]}'",
    )


def _check_deviations(data: Dataset) -> None:
    """A deviation replaces an interval, a yearly count, or both: never nothing."""
    for row in data.of("deviations.csv"):
        if not row["interval_months"] and not row["per_year"]:
            data.error(
                "deviations.csv", row.line, "interval_months", "give interval_months, per_year or both"
            )


def _check_codes(data: Dataset, file: str, column: str, known: set[str], what: str) -> None:
    """Every filled ``column`` of ``file`` is a code of a list the Jobcenter keeps as data."""
    for row in data.of(file):
        if row[column] is not None and row[column] not in known:
            data.error(file, row.line, column, f"'{row[column]}' is not {what} ({', '.join(sorted(known))})")


def _check_outcomes(data: Dataset) -> None:
    """A contact's outcome is a code of the Jobcenter's list (admin: contact outcomes)."""
    known = set(ContactOutcome.objects.values_list("code", flat=True))
    _check_codes(data, "contacts.csv", "outcome", known, "a contact outcome")


def _check_qualifications(data: Dataset) -> None:
    """A staff member's qualification is a code of the catalogue (admin: qualifications)."""
    known = set(QualificationType.objects.values_list("code", flat=True))
    _check_codes(data, "qualifications.csv", "kind", known, "a qualification of the catalogue")


def _check_addresses(data: Dataset) -> None:
    """A person has one address at a time (also against the database)."""
    spans: dict[str, list[tuple[date, date | None, int]]] = defaultdict(list)
    for row in data.of("addresses.csv"):
        spans[str(row["person_id"])].append((row["valid_from"], row["valid_to"], row.line))  # type: ignore[arg-type]
    people = list(spans)
    for start in range(0, len(people), CHUNK):
        for person_id, valid_from, valid_to in Address.objects.filter(
            person__external_id__in=people[start : start + CHUNK]
        ).values_list("person__external_id", "valid_from", "valid_to"):
            spans[person_id].append((valid_from, valid_to, 0))
    for person_id, items in spans.items():
        items.sort(key=lambda s: s[0])
        for (_f1, t1, line1), (f2, _t2, line2) in pairwise(items):
            if t1 is None or f2 <= t1:
                where = f"line {line1}" if line1 else "the database"
                data.error(
                    "addresses.csv",
                    line2 or line1,
                    "valid_from",
                    f"person '{person_id}' would have two addresses at the same time (see {where})",
                )


def _check_households(data: Dataset) -> None:
    """A person lives in at most one household at a time (also against the database)."""
    spans: dict[str, list[tuple[date, date | None, str, int]]] = defaultdict(list)
    for row in data.of("household_members.csv"):
        spans[str(row["person_id"])].append(
            (row["moved_in"], row["moved_out"], str(row["household_id"]), row.line)  # type: ignore[arg-type]
        )
    if not spans:
        return
    people = list(spans)
    for start in range(0, len(people), CHUNK):  # SQLite limits the variables of one query
        existing = HouseholdMember.objects.filter(
            person__external_id__in=people[start : start + CHUNK]
        ).values_list("person__external_id", "moved_in", "moved_out", "household__external_id")
        for person_id, moved_in, moved_out, household_id in existing:
            spans[person_id].append((moved_in, moved_out, household_id, 0))
    for person_id, items in spans.items():
        items.sort(key=lambda s: s[0])
        # Compare each membership with the one that, of those before it, ends last.
        latest = items[0]
        for item in items[1:]:
            moved_in, moved_out, household, line = item
            _, l_out, l_household, l_line = latest
            if l_out is None or moved_in < l_out:
                where = f"line {l_line}" if l_line else "the database"
                data.error(
                    "household_members.csv",
                    line or l_line,
                    "moved_in",
                    f"person '{person_id}' would live in households '{l_household}' and "
                    f"'{household}' at the same time (see {where})",
                )
            if l_out is not None and (moved_out is None or moved_out > l_out):
                latest = item
