"""The XLSX report's writer (XlsxWriter in constant-memory mode since issue 17, for speed)
writes the very cells the former writer (openpyxl's write-only workbook, kept here as the
reference) wrote: values, types, number formats and the bold header, the frozen header row,
the direction and the columns' widths. Text that looks like a link or a formula stays text."""

import io

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from tamkeen.reports import exports
from tamkeen.spreadsheets import safe_cell

HEADER = ["Participant", "Username", "Organization", "Course", "Lessons completed", "Quiz 1"]
ROWS = [
    ("Amal Tazi", "amal", "Association Tanmia", "Rights online", 4, 100.0),
    (safe_cell("=1+2"), "badr", safe_cell("+Réseau"), "Budgets", 0, None),
    ("أمل التازي", "https://example.org", "", "حقوق", 12, 37.5),
    ("ⵜⵉⵣⵉⵔⵉ", "www.example.org", "mailto:x@example.org", "{=A1}", 3, 0.0),
]
WIDTHS = [28, 20, 28, 36, 10, 10]


def openpyxl_reference(sheet: exports.Sheet, title: str, rtl: bool) -> bytes:
    """The writer the reports used until issue 17."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=title[:31] or "Report")
    worksheet.freeze_panes = "A2"
    worksheet.sheet_view.rightToLeft = rtl
    for index, width in enumerate(sheet.widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for text in sheet.header:
        cell = WriteOnlyCell(worksheet, value=safe_cell(text))
        cell.font = Font(bold=True)
        header.append(cell)
    worksheet.append(header)
    for row in sheet.rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def described(data: bytes) -> dict:
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    return {
        "title": sheet.title,
        "cells": [
            # An empty cell is empty (openpyxl wrote "" as an empty inline text, XlsxWriter
            # writes no cell): its kind is not compared.
            [
                (c.value, None if c.value is None else c.data_type, c.number_format, c.font.b)
                for c in row
            ]
            for row in sheet.iter_rows()
        ],
        "freeze": sheet.freeze_panes,
        "rtl": bool(sheet.sheet_view.rightToLeft),
        "links": [c.hyperlink for row in sheet.iter_rows() for c in row if c.hyperlink],
        "widths": {  # column number → width (a run of equal widths may be one element)
            number: dimension.width
            for dimension in sheet.column_dimensions.values()
            if dimension.width
            for number in range(dimension.min, dimension.max + 1)
        },
    }


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_the_new_writer_writes_the_former_cells(app, locale):
    with app.test_request_context(), force_locale(locale):
        new = exports.to_xlsx(exports.Sheet(HEADER, iter(ROWS), WIDTHS), "Progression")
        old = openpyxl_reference(
            exports.Sheet(HEADER, iter(ROWS), WIDTHS), "Progression", rtl=locale == "ar"
        )
    found, expected = described(new), described(old)
    # The same cells: value (a number is a number: XlsxWriter writes 100.0 as "100", the
    # same number to every spreadsheet, which openpyxl reads back as an int), kind ("s"
    # text, "n" number), number format, bold.
    assert found["cells"] == expected["cells"]
    assert all(
        type(a[0]) in (int, float) or type(a[0]) is type(b[0])
        for row, reference in zip(found["cells"], expected["cells"], strict=True)
        for a, b in zip(row, reference, strict=True)
    )
    assert {key: found[key] for key in ("title", "freeze", "rtl", "links")} == {
        "title": "Progression",
        "freeze": "A2",
        "rtl": locale == "ar",
        "links": [],
    }
    assert {key: expected[key] for key in ("freeze", "rtl")} == {
        "freeze": "A2",
        "rtl": locale == "ar",
    }
    # Widths: XlsxWriter stores what Excel shows as that many characters (28 → 28.71).
    assert found["widths"].keys() == expected["widths"].keys()
    assert all(0 <= found["widths"][k] - expected["widths"][k] < 1 for k in found["widths"])
    # Every column keeps its kind: text (an empty text is an empty cell), then numbers.
    kinds = [{cell[1] for cell in column} for column in zip(*found["cells"][1:], strict=True)]
    assert kinds == [{"s"}, {"s"}, {"s", None}, {"s"}, {"n"}, {"n", None}]
    assert found["cells"][2][0][0] == "'=1+2"  # escaped text, not a formula
