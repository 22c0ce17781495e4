"""Read an exchange-format folder into parsed rows and a list of precise errors.

Reading never touches the database; :mod:`lotse.exchange.checks` adds the checks
across files and against what the database already holds.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Container, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lotse.exchange.schema import FILE_BY_NAME, FILES, NOT_YET_SUPPORTED, CellError, FileSpec


@dataclass(frozen=True, order=True)
class RowError:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.reason}"


@dataclass
class Row:
    line: int
    values: dict[str, object]

    def __getitem__(self, key: str) -> object:
        return self.values.get(key)


@dataclass
class Dataset:
    """The parsed content of a folder: rows per file name, and every error found."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def of(self, name: str) -> list[Row]:
        return self.rows.get(name, [])

    def error(self, file: str, line: int, column: str, reason: str) -> None:
        self.errors.append(RowError(file, line, column, reason))

    def refuse_repeats(
        self,
        name: str,
        key: Callable[[Row], Hashable],
        column: str,
        label: Callable[[Any], str],
        existing: Container = frozenset(),
    ) -> None:
        """An error for every row whose ``key`` an earlier row of the file has, or that
        ``existing`` (what the database holds) already contains; ``label`` words the key."""
        seen: dict[Hashable, int] = {}
        for row in self.of(name):
            k = key(row)
            if k in seen:
                self.error(name, row.line, column, f"{label(k)} appears again (first on line {seen[k]})")
            elif k in existing:
                self.error(name, row.line, column, f"{label(k)} exists already in the database")
            seen.setdefault(k, row.line)


def read_folder(folder: Path) -> Dataset:
    data = Dataset()
    if not folder.is_dir():
        data.error(str(folder), 0, "-", "is not a folder")
        return data
    known = {spec.name for spec in FILES}
    for path in sorted(folder.glob("*.csv")):
        if path.name in NOT_YET_SUPPORTED:
            data.error(path.name, 0, "-", "this version of Lotse cannot import this file yet")
        elif path.name not in known:
            data.error(path.name, 0, "-", "unknown file (see docs/exchange-format.md)")
    for spec in FILES:
        path = folder / spec.name
        if path.exists():
            data.rows[spec.name] = _read_file(path, spec, data)
    return data


def _read_file(path: Path, spec: FileSpec, data: Dataset) -> list[Row]:
    rows: list[Row] = []
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        with handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                data.error(spec.name, 1, "-", "the file is empty; a header line is required")
                return rows
            header = [h.strip() for h in header]
            if not _header_ok(spec, header, data):
                return rows
            for cells in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue  # blank line
                if len(cells) != len(header):
                    data.error(spec.name, line, "-", f"has {len(cells)} cells, the header has {len(header)}")
                    continue
                row = _parse_row(spec, line, dict(zip(header, cells, strict=True)), data)
                if row is not None:
                    rows.append(row)
    except UnicodeDecodeError as exc:
        data.error(spec.name, 0, "-", f"is not UTF-8 ({exc.reason} at byte {exc.start})")
    except csv.Error as exc:
        data.error(spec.name, 0, "-", f"is not valid CSV: {exc}")
    return rows


def _parse_row(spec: FileSpec, line: int, cells: dict[str, str], data: Dataset) -> Row | None:
    """Parse one row's cells with the file's column parsers; errors go to ``data``."""
    columns = {c.name: c for c in spec.columns}
    values: dict[str, object] = {}
    ok = True
    for name, cell in cells.items():
        try:
            values[name] = columns[name].parse(cell.strip())
        except CellError as exc:
            data.error(spec.name, line, name, str(exc))
            ok = False
    return Row(line, values) if ok else None


def read_records(files: dict[str, list[dict[str, str]]]) -> Dataset:
    """Rows given as cell strings per file (the API's JSON), parsed as a folder's CSV would be.

    "Line" is the record's position in its list, counted from 1; a missing optional
    column is an empty cell. The same checks and writer then apply as for a folder.
    """
    data = Dataset()
    for name, records in files.items():
        spec = FILE_BY_NAME[name]
        rows = []
        for number, record in enumerate(records, start=1):
            cells = {c.name: record.get(c.name, "") for c in spec.columns}
            row = _parse_row(spec, number, cells, data)
            if row is not None:
                rows.append(row)
        data.rows[name] = rows
    return data


def _header_ok(spec: FileSpec, header: list[str], data: Dataset) -> bool:
    ok = True
    known = set(spec.column_names)
    for name in header:
        if name not in known:
            data.error(spec.name, 1, name, "unknown column")
            ok = False
    seen: set[str] = set()
    for name in header:
        if name in seen:
            data.error(spec.name, 1, name, "column appears twice")
            ok = False
        seen.add(name)
    for column in spec.columns:
        if column.required and column.name not in header:
            data.error(spec.name, 1, column.name, "required column is missing")
            ok = False
    return ok
