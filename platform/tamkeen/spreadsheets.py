"""Cells for spreadsheets: text that people typed must never be read as a formula.

A spreadsheet reads a cell that starts with ``= + - @`` as a formula (and a tab or carriage
return can hide one). Escaping only a cell's first character is not enough: Excel in French
or Arabic settings splits a "CSV" line on semicolons, other tools on tabs, and a careless
import on commas whatever the quotes, so ``Name;=cmd|' /C calc'!A0`` becomes a formula cell
there. ``safe_cell`` puts an apostrophe (which spreadsheets read as "this is text") before
every piece that would start like a formula after a split on any of those separators, and
``csv_bytes`` quotes every field. Every CSV or XLSX file the application writes goes
through them.
"""

import csv
import io
import re
from collections.abc import Iterable

# Full-width forms too: some spreadsheets read them as the ASCII signs.
_STARTS = "=+\\-@\t\r\uff1d\uff0b\uff0d\uff20"
# What a spreadsheet or a careless import may split a line or a cell on: the Arabic comma
# and semicolon as well, for Arabic settings.
_SEPARATORS = ";,\t\r\n\u060c\u061b"
# A piece's start (the text's, or just after a separator), its leading spaces, and then
# one of the signs: the apostrophe goes after the spaces, before the sign.
_FORMULA_START = re.compile(f"(?:^|(?<=[{_SEPARATORS}]))([ \u00a0]*)(?=[{_STARTS}])")
_ANY_SIGN = re.compile(f"[{_STARTS}]")  # most names have none: a tenth of the time to tell


def safe_cell(value):
    """``value`` as it can be written to any spreadsheet cell; other types unchanged."""
    if isinstance(value, str) and _ANY_SIGN.search(value):
        return _FORMULA_START.sub(r"\1'", value)
    return value


def csv_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    """A CSV file (UTF-8 with a byte-order mark, so that Excel reads Arabic) with every
    field quoted. The header is escaped here; ``rows`` must already be (``safe_cell``),
    which lets callers escape each distinct text once rather than each cell."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows(rows)  # the csv module writes None as an empty field
    return buffer.getvalue().encode("utf-8")
