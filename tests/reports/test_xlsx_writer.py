"""The reports' XLSX writer (``spreadsheets.xlsx_bytes``, our own since issue 17, for speed)
writes the very file the former writer (openpyxl's write-only workbook, kept here as the
reference) wrote: every cell's value, kind, number format and boldness, the frozen header
row, the direction, the columns' widths and the sheet's title; the same parts, each a
well-formed XML document in a sound ZIP archive. Text that looks like a formula stays text.
"""

import io
import xml.etree.ElementTree as ElementTree
import zipfile

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from tamkeen.reports import exports
from tamkeen.reports.progress import ReportFilter
from tamkeen.spreadsheets import safe_cell, xlsx_bytes

HEADER = ["Participant", "Username", "Organization", "Course", "Lessons", "Progress (%)", "Q1"]
ROWS = [
    ("Amal Tazi", "amal", "Association Tanmia", "Rights online", 4, 100.0, 100.0),
    (safe_cell("=1+1"), "badr", safe_cell("+Réseau;@SUM(A1)"), "Budgets", 0, 0, None),
    ("أمل التازي", "amal2", "", "حقوق الإنسان", 12, 37.5, 0.0),
    ("ⵜⴰⵎⴰⵣⵉⵖⵜ", "https://example.org", " spaced ", "a & b < c > d\r\ne\tf", 3, 33.3, 66.7),
    ("Chaima\u00a0", "x" * 300, None, "{=A1}", 10**6, 1 / 3, 12.5),
]
WIDTHS = [28, 20, 28, 36, 10, 10, 10]


def openpyxl_reference(sheet: exports.Sheet, title: str, rtl: bool) -> bytes:
    """The writer the reports used until issue 17 (``exports.to_xlsx`` then)."""
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
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    for name in archive.namelist():  # a strict parser: every part well-formed
        ElementTree.fromstring(archive.read(name))
    sheet = load_workbook(io.BytesIO(data)).active
    return {
        "parts": sorted(archive.namelist()),
        "title": sheet.title,
        "cells": [
            [(c.value, type(c.value), c.data_type, c.number_format, c.font.b) for c in row]
            for row in sheet.iter_rows()
        ],
        "freeze": sheet.freeze_panes,
        "rtl": bool(sheet.sheet_view.rightToLeft),
        "widths": {key: (d.width, d.min, d.max) for key, d in sheet.column_dimensions.items()},
    }


def assert_same_file(new: bytes, old: bytes, rtl: bool) -> dict:
    found, expected = described(new), described(old)
    assert found == expected
    assert (found["freeze"], found["rtl"]) == ("A2", rtl)
    return found


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_the_writer_writes_the_former_cells(app, locale):
    with app.test_request_context(), force_locale(locale):
        new = exports.to_xlsx(exports.Sheet(HEADER, iter(ROWS), WIDTHS), "Progression")
    old = openpyxl_reference(
        exports.Sheet(HEADER, iter(ROWS), WIDTHS), "Progression", locale == "ar"
    )
    found = assert_same_file(new, old, rtl=locale == "ar")
    assert found["cells"][2][0][:3] == ("'=1+1", str, "s")  # escaped text, not a formula
    assert [cell[2] for cell in found["cells"][1]] == ["s"] * 4 + ["n"] * 3


@pytest.mark.parametrize("pseudonymise", [False, True])
def test_the_progress_report_is_the_former_file(app, small, pseudonymise):
    """The real report (names that look like formulas, a course without quiz, empty cells)
    in Arabic."""
    with app.test_request_context(), force_locale("ar"):
        sheets = [
            exports.progress_sheet(small.cohort.id, ReportFilter(), pseudonymise=pseudonymise)
            for _writer in range(2)
        ]
        new = exports.to_xlsx(sheets[0], "تقدّم")
        old = openpyxl_reference(sheets[1], "تقدّم", rtl=True)
    found = assert_same_file(new, old, rtl=True)
    assert len(found["cells"]) > 4 and found["title"] == "تقدّم"


def test_characters_xml_cannot_hold_are_written_as_excel_writes_them():
    """openpyxl refused them (IllegalCharacterError); Excel writes "_x000B_", and the
    underscore of a text that already reads like that as "_x005F_"."""
    content = xlsx_bytes(
        ["A"], [("line\x0btab\x01", "_x0041_", "\ufffe")], widths=[10], title="T", rtl=False
    )
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    ElementTree.fromstring(sheet)
    assert "<t>line_x000B_tab_x0001_</t>" in sheet
    assert "<t>_x005F_x0041_</t>" in sheet and "<t>_xFFFE_</t>" in sheet
    values = [c.value for c in next(load_workbook(io.BytesIO(content)).active.iter_rows(2))]
    assert values == ["line_x000B_tab_x0001_", "_x005F_x0041_", "_xFFFE_"]  # openpyxl
    # reads the escapes as they are written; Excel and LibreOffice turn them back.


def test_a_value_that_is_no_cell_is_refused():
    from datetime import date

    with pytest.raises(TypeError):
        xlsx_bytes(["A"], [(date(2026, 1, 1),)], widths=[10], title="T", rtl=False)


def test_the_collector_is_paused_for_a_sheet_and_runs_again_after_the_last_one():
    import gc

    from tamkeen.spreadsheets import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a second sheet at once (another thread)
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first one is still being made
    assert gc.isenabled()
    gc.disable()  # paused by someone else before: left as it was
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a sheet that failed")
    assert gc.isenabled()


def test_an_error_in_the_rows_reaches_the_caller_and_stops_the_writer_thread():
    import threading

    rows = [("text", 1)] * 2500 + [("a date", object())]  # past the first pieces
    with pytest.raises(TypeError, match="no XLSX cell"):
        xlsx_bytes(["A", "B"], rows, widths=[10, 10], title="Report", rtl=False)
    assert not [t for t in threading.enumerate() if t.name == "xlsx-writer"]
