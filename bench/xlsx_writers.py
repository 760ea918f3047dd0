"""The XLSX progress report at 10,000 participants written by each maintained writer
(issue 17): openpyxl's write-only workbook (lxml present, or forced off), and XlsxWriter
in its constant-memory mode; each file read back with openpyxl and compared cell by cell
(value, type, number format, bold) with the first writer's (``exports.to_xlsx``,
openpyxl's). XlsxWriter is not a dependency of the application: ``pip install
XlsxWriter==3.3.1`` to run this (requirements-dev.txt pins it).

    .venv/bin/python bench/xlsx_writers.py --database-url sqlite:////tmp/scale.sqlite
        [--participants 10000] [--runs 5]

The database is made (once) by ``scale_data.py``. Times are the median of ``--runs``
(wall and CPU time of this process), the rows already computed (``progress_sheet``), so
that only the writer differs; the whole export is timed by ``scale_bench.py``.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

from scale_data import scale_app

from tamkeen import spreadsheets
from tamkeen.reports import exports
from tamkeen.reports.progress import ReportFilter
from tamkeen.spreadsheets import safe_cell


def openpyxl_cells(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = []
    for row in sheet.iter_rows():
        cells = [
            (
                c.value,  # 100 == 100.0: XlsxWriter writes a whole float as "100"
                "empty" if c.value is None else type(c.value).__name__.replace("int", "float"),
                None if c.value is None else c.number_format,  # no cell, or an empty text
                bool(getattr(c, "font", None) and c.font.b),
            )
            for c in row
        ]
        while cells and cells[-1][0] is None:  # a row's trailing empty cells
            cells.pop()
        rows.append(tuple(cells))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", default="/tmp/tamkeen-scale-data")
    parser.add_argument(
        "--writers", default="openpyxl-lxml,xlsxwriter,xlsxwriter-in-memory,openpyxl-nolxml"
    )
    args = parser.parse_args()
    Path(args.data_dir).mkdir(exist_ok=True)
    app, cohorts = scale_app(args.database_url, Path(args.data_dir), [args.participants])
    cohort_id = cohorts[args.participants][0]
    with app.test_request_context():
        sheet = exports.progress_sheet(cohort_id, ReportFilter(), pseudonymise=False)
        wall, cpu = time.perf_counter(), time.process_time()
        sheet = exports.progress_sheet(cohort_id, ReportFilter(), pseudonymise=False)
        rows = list(sheet.rows)
        print(
            f"rows (report_data + progress_sheet): wall {time.perf_counter() - wall:.2f} s, "
            f"cpu {time.process_time() - cpu:.2f} s",
            flush=True,
        )
        fixed = exports.Sheet(sheet.header, rows, sheet.widths)
        print(f"{len(rows)} rows × {len(sheet.header)} columns; load {os.getloadavg()}")
        reference = None
        for name in args.writers.split(","):
            write = WRITERS[name]
            walls, cpus, data = [], [], b""
            for _run in range(args.runs):
                copy = exports.Sheet(fixed.header, iter(rows), fixed.widths)
                wall, cpu = time.perf_counter(), time.process_time()
                data = write(copy)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            print(
                f"{name:<18} wall {statistics.median(walls):6.2f} s (min {min(walls):.2f}) "
                f"cpu {statistics.median(cpus):6.2f} s  {len(data) / 1e6:.1f} MB",
                flush=True,
            )
            cells = openpyxl_cells(data)
            if reference is None:
                reference = cells
            same = "cell-identical" if cells == reference else "DIFFERENT cells"
            print(f"{name:<18} {same} with the first writer", flush=True)
            if cells != reference:
                found = next(
                    (i, a, b)
                    for i, (a, b) in enumerate(zip(cells, reference, strict=False))
                    if a != b
                )
                print(f"  first difference: row {found[0]}: {found[1]} != {found[2]}")


def openpyxl_writer(sheet):
    """The export's writer until issue 17 (openpyxl's write-only workbook)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title="Progress")
    worksheet.freeze_panes = "A2"
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


def own_writer(sheet, level=None):
    """The export's writer since issue 17: ``spreadsheets.xlsx_bytes`` (inline texts),
    at zlib's level ``level`` (None: the default, 6)."""
    saved, spreadsheets.COMPRESSLEVEL = spreadsheets.COMPRESSLEVEL, level
    try:
        return exports.to_xlsx(sheet, "Progress")
    finally:
        spreadsheets.COMPRESSLEVEL = saved


def own_shared_strings(sheet):
    """The same writer with a shared-strings table instead of inline texts (each distinct
    text written once, cells by number): measured, not used."""
    import zipfile

    strings: dict[str, int] = {}
    made = spreadsheets._text_cell

    def shared_cell(text):  # the XML after the reference: a number into the table
        if not text:
            return made(text)
        index = strings.setdefault(spreadsheets._xml_text(text), len(strings))
        return f' t="s"><v>{index}</v></c>'

    spreadsheets._text_cell = shared_cell
    try:
        data = own_writer(sheet)
    finally:
        spreadsheets._text_cell = made
    # Add the table, its relation and its content type to the archive.
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                part = part.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/sharedStrings" Target="sharedStrings.xml" Id="rId4"/>'
                    b"</Relationships>",
                )
            elif info.filename == "[Content_Types].xml":
                part = part.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>",
                )
            archive.writestr(info.filename, part)
        items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'uniqueCount="{len(strings)}">{items}</sst>',
        )
    return buffer.getvalue()


def xlsxwriter_constant_memory(sheet, extra=None):
    """What ``exports.to_xlsx`` would be with XlsxWriter: its constant-memory mode, text
    kept as text (no formula, no link from how a text starts)."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, options | (extra or {}))
    worksheet = workbook.add_worksheet("Progress")
    worksheet.freeze_panes(1, 0)
    for index, width in enumerate(sheet.widths):
        worksheet.set_column(index, index, width)
    bold = workbook.add_format({"bold": True})
    worksheet.write_row(0, 0, list(sheet.header), bold)
    for number, row in enumerate(sheet.rows, start=1):
        worksheet.write_row(number, 0, row)
    workbook.close()
    return buffer.getvalue()


def openpyxl_without_lxml(sheet):
    import openpyxl.worksheet._writer as writer
    from et_xmlfile import xmlfile

    saved = writer.xmlfile
    writer.xmlfile = xmlfile
    try:
        return openpyxl_writer(sheet)
    finally:
        writer.xmlfile = saved


def xlsxwriter_in_memory(sheet):
    """XlsxWriter's default mode (rows kept, shared strings) in memory: for comparison."""
    return xlsxwriter_constant_memory(sheet, {"constant_memory": False, "in_memory": True})


WRITERS = {
    "openpyxl-lxml": openpyxl_writer,
    "own": own_writer,
    "own-level1": lambda sheet: own_writer(sheet, 1),
    "own-stored": lambda sheet: own_writer(sheet, 0),
    "own-shared-strings": own_shared_strings,
    "openpyxl-nolxml": openpyxl_without_lxml,
    "xlsxwriter": xlsxwriter_constant_memory,
    "xlsxwriter-in-memory": xlsxwriter_in_memory,
}

if __name__ == "__main__":
    sys.exit(main())
