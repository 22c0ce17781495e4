"""Write the database to an exchange-format folder (docs/exchange-format.md), one file per
entry of :data:`lotse.exchange.mapping.MAPPINGS`.

Rows are ordered by each mapping's sort so two exports of the same data are identical byte
for byte; the round-trip test relies on that.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from lotse.clients.models import Person
from lotse.core.audit import record
from lotse.core.db import CHUNK
from lotse.core.files import private_folder, private_open
from lotse.core.models import AuditAction, AuditChannel
from lotse.core.spreadsheets import csv_text, restored
from lotse.exchange.mapping import EXPORT_ANNOTATIONS, MAPPINGS, ListOf, Mapping


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def _write(folder: Path, mapping: Mapping, rows: Iterable[Iterable[object]]) -> int:
    count = 0
    with private_open(folder / mapping.file, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(mapping.spec.column_names)
        for row in rows:
            writer.writerow([csv_text(cell(v)) for v in row])
            count += 1
    return count


def _lists(mapping: Mapping, lst: ListOf) -> dict[int, list[str]]:
    """Owner primary key → the sorted ids of a many-to-many column."""
    relation = mapping.model._meta.get_field(lst.field)
    through = relation.remote_field.through
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    found: dict[int, list[str]] = defaultdict(list)
    for owner, item in through.objects.values_list(f"{source}_id", f"{target}__{lst.key}").iterator(
        chunk_size=CHUNK
    ):
        found[owner].append(item)
    return {owner: sorted(items) for owner, items in found.items()}


def rows_of(mapping: Mapping) -> Iterator[list[object]]:
    """The file's rows in the export's order, cells in the order of the file's columns."""
    columns = mapping.spec.column_names
    lists = {lst.column: _lists(mapping, lst) for lst in mapping.lists}
    plain = [c for c in columns if c not in lists]
    qs = mapping.model.objects.filter(**mapping.export_filter)
    if mapping.model in EXPORT_ANNOTATIONS:
        qs = qs.annotate(**EXPORT_ANNOTATIONS[mapping.model])
    paths = ["pk", *(mapping.export_path(c) for c in plain)]
    for values in qs.order_by(*mapping.order).values_list(*paths).iterator(chunk_size=CHUNK):
        by_column = dict(zip(plain, values[1:], strict=True))
        for column, formatter in mapping.export_cell.items():
            by_column[column] = formatter(by_column[column])
        for column, owners in lists.items():
            by_column[column] = owners.get(values[0], [])
        yield [by_column[c] for c in columns]


def export(folder: Path) -> dict[str, int]:
    """Write every file of the format; returns the number of rows per file.

    The export is audited: one entry per exported person (SPEC S11).
    """
    private_folder(folder)
    counts = {mapping.file: _write(folder, mapping, rows_of(mapping)) for mapping in MAPPINGS}
    # Every exported person's data left the application: one audited export row each.
    record(
        action=AuditAction.EXPORT,
        what="exchange_export",
        persons=Person.objects.values_list("pk", "external_id").iterator(chunk_size=CHUNK),
        channel=AuditChannel.CLI,
    )
    return counts


INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,14})")
DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _typed(cell: str) -> object:
    """A CSV cell as a spreadsheet should hold it: dates as dates, yes/no as booleans,
    numbers as numbers; everything else (ids, postcodes with a leading zero) stays text."""
    if ISO_DAY.fullmatch(cell):
        try:
            return date.fromisoformat(cell)
        except ValueError:
            return cell
    if cell in ("true", "false"):
        return cell == "true"
    if INTEGER.fullmatch(cell):
        return int(cell)
    if DECIMAL.fullmatch(cell):
        return float(cell)
    return restored(cell)


def workbook_of_folder(folder: Path, path: Path) -> int:
    """The exchange-format CSV files of ``folder`` as one XLSX workbook (a sheet per file,
    named like the file without ``.csv``), the form an office worker edits; returns the
    number of sheets. ``lotse import`` reads it back with the same checks."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from lotse.core.spreadsheets import text_cells_stay_text

    book = Workbook()
    book.remove(book.active)
    for csv_path in sorted(folder.glob("*.csv")):
        sheet = book.create_sheet(csv_path.stem[:31])
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            for number, cells in enumerate(csv.reader(handle)):
                sheet.append(cells if number == 0 else [_typed(c) for c in cells])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "YYYY-MM-DD"
        text_cells_stay_text(sheet)
        sheet.freeze_panes = "A2"
    with private_open(path, "wb") as handle:  # personal data: readable by the owner only
        book.save(handle)
    return len(book.worksheets)
