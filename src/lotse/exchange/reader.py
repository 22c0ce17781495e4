"""Read an exchange-format folder into parsed rows and a list of precise errors.

Reading never touches the database; :mod:`lotse.exchange.checks` adds the checks
across files and against what the database already holds.

Every error names the file, the line and the column, and says why in words an operator can
act on: the line of a byte that is not UTF-8 (and the hint to save as UTF-8), a file
separated by semicolons (as German Excel saves it), a quote that is never closed (from the
line where it opens), a NUL character, a value longer than its column, a last line cut off.
A file that cannot be read to its end is *unreadable*: the checks across files are skipped
then, as they would only repeat that error for every row that refers to it. Each file
reports at most :data:`ERRORS_PER_FILE` errors and the count of the rest.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Callable, Container, Hashable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from lotse.core.spreadsheets import restored
from lotse.exchange.mapping import max_lengths
from lotse.exchange.schema import FILE_BY_NAME, FILES, NOT_YET_SUPPORTED, CellError, FileSpec

ERRORS_PER_FILE = 100  # more would not be read; the rest is counted
SUMMARY_LINE = sys.maxsize  # sorts a file's "n more errors" after its last error


@dataclass(frozen=True, order=True)
class RowError:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.line == SUMMARY_LINE:
            return f"{self.file}: {self.reason}"
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
    unreadable: set[str] = field(default_factory=set)  # files not read to their end
    # ids of rows refused for a cell: rows elsewhere that name them are not errors again
    rejected: dict[str, set[str]] = field(default_factory=dict)
    _counts: Counter = field(default_factory=Counter)
    # how an error names a file when it came from elsewhere (a workbook's sheet)
    sources: dict[str, str] = field(default_factory=dict)

    def of(self, name: str) -> list[Row]:
        return self.rows.get(name, [])

    def error(self, file: str, line: int, column: str, reason: str) -> None:
        """Note an error; beyond :data:`ERRORS_PER_FILE` for the file it is only counted."""
        self._counts[file] += 1
        if self._counts[file] <= ERRORS_PER_FILE:
            self.errors.append(RowError(file, line, column, reason))

    def fatal(self, file: str, line: int, column: str, reason: str) -> None:
        """An error after which the rest of the file cannot be read."""
        self.error(file, line, column, reason)
        self.unreadable.add(file)

    def reported(self) -> list[RowError]:
        """The errors sorted by file and line, with the count of those left out per file
        (a workbook's errors name the workbook and the sheet: ``data.xlsx:persons:5: …``)."""
        shown = sorted({replace(e, file=self.sources.get(e.file, e.file)) for e in self.errors})
        for file, count in sorted(self._counts.items()):
            if count > ERRORS_PER_FILE:
                rest = count - ERRORS_PER_FILE
                shown.append(
                    RowError(
                        self.sources.get(file, file),
                        SUMMARY_LINE,
                        "-",
                        f"{rest} more errors not shown (first {ERRORS_PER_FILE} above)",
                    )
                )
        return sorted(shown)

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
        data.fatal(str(folder), 0, "-", "is not a folder")
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


def _decode(path: Path, spec: FileSpec, data: Dataset) -> str | None:
    """The file's text, or None after a precise error: UTF-8 (with or without BOM) only."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        data.fatal(spec.name, 1, "-", "is UTF-16; save the file as UTF-8 (Excel: 'CSV UTF-8')")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        end = raw.find(b"\n", exc.start)
        guess = raw[start : end if end >= 0 else len(raw)].decode("cp1252", errors="replace").strip()
        data.fatal(
            spec.name,
            line,
            "-",
            f"is not UTF-8: byte 0x{raw[exc.start]:02X} at position {exc.start - start + 1} of the line "
            f"(read as Windows-1252: '{guess[:60]}'); save the file as UTF-8 (Excel: 'CSV UTF-8')",
        )
        return None


def _read_file(path: Path, spec: FileSpec, data: Dataset) -> list[Row]:
    rows: list[Row] = []
    text = _decode(path, spec, data)
    if text is None:
        return rows
    first_line = text.split("\n", 1)[0]
    if ";" in first_line and "," not in first_line:
        data.fatal(
            spec.name,
            1,
            "-",
            "the file is separated by semicolons; expected commas "
            "(Excel: save as 'CSV UTF-8 (comma delimited)')",
        )
        return rows
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        data.fatal(spec.name, 1, "-", f"the header line is not valid CSV: {exc}")
        return rows
    if header is None:
        data.fatal(spec.name, 1, "-", "the file is empty; a header line is required")
        return rows
    header = [h.strip() for h in header]
    if not _header_ok(spec, header, data):
        data.unreadable.add(spec.name)
        return rows
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            if reader.line_num >= len(lines) or "field larger" in str(exc):
                data.fatal(spec.name, start, "-", f"unclosed quote starting at line {start}")
            else:
                data.fatal(spec.name, reader.line_num, "-", f"is not valid CSV: {exc}")
            break
        if cells is None:
            break
        line = start
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if len(cells) != len(header):
            cut_off = reader.line_num == len(lines) and not text.endswith(("\n", "\r"))
            reason = f"has {len(cells)} cells, the header has {len(header)}"
            if cut_off and len(cells) < len(header):
                reason += "; the last line is incomplete: the file appears to be cut off"
                data.unreadable.add(spec.name)
            data.error(spec.name, line, "-", reason)
            continue
        cells = [restored(cell) for cell in cells]  # an exported text a spreadsheet would run
        row = _parse_row(spec, line, dict(zip(header, cells, strict=True)), data)
        if row is not None:
            rows.append(row)
    return rows


def _parse_row(spec: FileSpec, line: int, cells: dict[str, str], data: Dataset) -> Row | None:
    """Parse one row's cells with the file's column parsers; errors go to ``data``."""
    columns = {c.name: c for c in spec.columns}
    limits = max_lengths(spec.name)
    values: dict[str, object] = {}
    ok = True
    for name, cell in cells.items():
        try:
            if "\x00" in cell:
                raise CellError("contains a NUL character (is the file binary or UTF-16?)")
            cell = cell.strip()
            limit = limits.get(name)
            if limit and len(cell) > limit:
                raise CellError(f"is {len(cell)} characters long; at most {limit} fit")
            values[name] = columns[name].parse(cell)
        except CellError as exc:
            data.error(spec.name, line, name, str(exc))
            ok = False
    if not ok and spec.key and cells.get(spec.key, "").strip():
        data.rejected.setdefault(spec.name, set()).add(cells[spec.key].strip())
    return Row(line, values) if ok else None


def read_workbook(path: Path) -> Dataset:
    """An exchange-format workbook: one sheet per file, named like the file without ``.csv``
    (``persons``, ``household_members``, …), the header in the first row. Cells are read as
    the CSV would hold them (dates as YYYY-MM-DD, yes/no as true/false, numbers with a
    decimal point), then every check of a folder applies; errors name workbook, sheet, row
    and column (``data.xlsx:persons:5: birth_date: …``)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    data = Dataset()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        data.fatal(path.name, 0, "-", f"is not an XLSX workbook ({exc.__class__.__name__})")
        return data
    known = {spec.name for spec in FILES}
    sheets = {}
    for sheet in book.worksheets:
        name = sheet.title if sheet.title.endswith(".csv") else f"{sheet.title}.csv"
        label = f"{path.name}:{sheet.title}"
        if name in NOT_YET_SUPPORTED:
            data.error(label, 0, "-", "this version of Lotse cannot import this sheet yet")
        elif name not in known:
            data.error(
                label,
                0,
                "-",
                "unknown sheet: its name must be an exchange file's (see docs/exchange-format.md)",
            )
        else:
            data.sources[name] = label
            sheets[name] = sheet
    for spec in FILES:
        if spec.name in sheets:
            data.rows[spec.name] = _read_sheet(sheets[spec.name], spec, data)
    book.close()
    return data


def _cell_text(value: object) -> str:
    """A workbook cell as the exchange-format CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_sheet(sheet, spec: FileSpec, data: Dataset) -> list[Row]:
    rows: list[Row] = []
    values = sheet.iter_rows(values_only=True)
    first = next(values, None)
    if first is None:
        data.fatal(spec.name, 1, "-", "the sheet is empty; a header row is required")
        return rows
    header = [_cell_text(h).strip() for h in first]
    while header and not header[-1]:
        header.pop()  # trailing empty columns
    if not _header_ok(spec, header, data):
        data.unreadable.add(spec.name)
        return rows
    for line, cells in enumerate(values, start=2):
        texts = [_cell_text(c) for c in cells[: len(header)]]
        texts += [""] * (len(header) - len(texts))
        if not any(t.strip() for t in texts):
            continue  # blank row
        texts = [restored(t) for t in texts]
        row = _parse_row(spec, line, dict(zip(header, texts, strict=True)), data)
        if row is not None:
            rows.append(row)
    return rows


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
