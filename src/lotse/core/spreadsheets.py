"""Text that a spreadsheet would run: every CSV and XLSX that Lotse writes keeps it text.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) is
read by Excel and LibreOffice as a formula — a comment like ``=HYPERLINK("http://…")`` in the
MBZ or a name in an export would run on the reader's machine (CSV/formula injection, OWASP).

- CSV: such a text gets a leading apostrophe (``'=…``), which spreadsheets show as text;
  the exchange-format import takes it off again (:func:`restored`), so an export re-imports
  unchanged. Numbers (``-1.5``) are numbers and stay as they are.
- XLSX: such a cell is stored as a string with the quote-prefix style, never as a formula.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)?")


def risky(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value)


def csv_text(value: object) -> object:
    """The value for a CSV cell: a text a spreadsheet would run, with a leading apostrophe."""
    return f"'{value}" if risky(value) else value


def restored(cell: str) -> str:
    """A CSV cell as it was before :func:`csv_text` (the import of an exported file)."""
    return cell[1:] if cell.startswith("'") and risky(cell[1:]) else cell


def text_cells_stay_text(worksheet) -> None:
    """Store every cell of an openpyxl worksheet that holds a risky text as a string."""
    for row in worksheet.iter_rows():
        for cell in row:
            if risky(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
