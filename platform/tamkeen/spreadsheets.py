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
import gc
import io
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from numbers import Number

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


_pauses = 0
_pauses_lock = threading.Lock()
_collecting_before = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a big sheet is made. Its 50,000 rows and their
    tuples outlive the collector's youngest generation, and each time enough of them have,
    it walks every object of the process (~240,000 in a worker): a fifth of the XLSX
    export's time at 10,000 participants (bench/scale_results.md). Reference counting still
    frees nearly everything; cycles made meanwhile, by this or another thread, wait for
    the end of the block, a second or two. Several blocks at once (threads): the collector
    runs again when the last one ends, if it ran before the first."""
    global _pauses, _collecting_before
    with _pauses_lock:
        if not _pauses:
            _collecting_before = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if not _pauses and _collecting_before:
                gc.enable()


# --- XLSX ---------------------------------------------------------------------------------
# The reports' XLSX files are written here directly: a sheet of plain cells is a few lines
# of XML, and openpyxl's write-only workbook spends ~0.15 ms on each cell (7 s for the
# 50,000 rows of 10,000 participants). The parts are the ones openpyxl writes, with the same
# attributes, so that a file reads back cell for cell as openpyxl's did (a test compares).

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument"
_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPES}.spreadsheetml.styles+xml"/>'
    f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_TYPES}.theme+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/><Override PartName="/docProps/app.xml" '
    f'ContentType="{_TYPES}.extended-properties+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_TYPES}.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    f'ContentType="{_TYPES}.spreadsheetml.sheet.main+xml"/></Types>'
)
_ROOT_RELS = (
    f'<Relationships xmlns="{_RELS}"><Relationship Type="{_DOC_RELS}/officeDocument" '
    'Target="xl/workbook.xml" Id="rId1"/>'
    f'<Relationship Type="{_RELS}/metadata/core-properties" Target="docProps/core.xml" '
    f'Id="rId2"/><Relationship Type="{_DOC_RELS}/extended-properties" '
    'Target="docProps/app.xml" Id="rId3"/></Relationships>'
)
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_RELS}"><Relationship Type="{_DOC_RELS}/worksheet" '
    'Target="/xl/worksheets/sheet1.xml" Id="rId1"/>'
    f'<Relationship Type="{_DOC_RELS}/styles" Target="styles.xml" Id="rId2"/>'
    f'<Relationship Type="{_DOC_RELS}/theme" Target="theme/theme1.xml" Id="rId3"/>'
    "</Relationships>"
)
_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties"><Application>Microsoft Excel Compatible / Openpyxl 3.1.5</Application>'
    "<AppVersion>3.1</AppVersion></Properties>"
)
_W3CDTF = (
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF"'
)
_CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties"><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">openpyxl'
    "</dc:creator><dcterms:created {w3cdtf}>{now}</dcterms:created>"
    "<dcterms:modified {w3cdtf}>{now}</dcterms:modified></cp:coreProperties>"
)
_WORKBOOK = (
    f'<workbook xmlns="{_MAIN}"><workbookPr/><workbookProtection/><bookViews>'
    '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" '
    'showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" '
    'autoFilterDateGrouping="1"/></bookViews><sheets>'
    f'<sheet xmlns:r="{_DOC_RELS}" name="{{title}}" sheetId="1" state="visible" r:id="rId1"/>'
    '</sheets><definedNames/><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
)
# Two fonts (the default and bold), one cell format for each: the header is bold.
_COLORS = (
    "000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF 000000 FFFFFF FF0000 00FF00 "
    "0000FF FFFF00 FF00FF 00FFFF 800000 008000 000080 808000 800080 008080 C0C0C0 808080 "
    "9999FF 993366 FFFFCC CCFFFF 660066 FF8080 0066CC CCCCFF 000080 FF00FF FFFF00 00FFFF "
    "800080 800000 008080 0000FF 00CCFF CCFFFF CCFFCC FFFF99 99CCFF FF99CC CC99FF FFCC99 "
    "3366FF 33CCCC 99CC00 FFCC00 FF9900 FF6600 666699 969696 003366 339966 003300 333300 "
    "993300 993366 333399 333333"
)
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><numFmts count="0"/><fonts count="2"><font>'
    '<name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
    '<scheme val="minor"/></font><font><b val="1"/></font></fonts><fills count="2"><fill>'
    '<patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    'pivotButton="0" quotePrefix="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" '
    'borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/></cellXfs><cellStyles count="1">'
    '<cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/></cellStyles>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16"/><colors><indexedColors>'
    + "".join(f'<rgbColor rgb="00{color}"/>' for color in _COLORS.split())
    + "</indexedColors></colors></styleSheet>"
)
_SHEET_START = (
    f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
    '<pageSetUpPr/></sheetPr><sheetViews><sheetView{direction} workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
    '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>{columns}<sheetData>'
)
_SHEET_END = (
    '</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
    'footer="0.5"/></worksheet>'
)
# What XML 1.0 cannot hold (control characters but tab and line feed, U+FFFE and U+FFFF,
# lone surrogates): written as Excel writes them, "_x000B_"; a text that already holds such
# a sequence has its underscore written "_x005F_", so that it reads back as typed.
_UNWRITABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_(?=x[0-9A-Fa-f]{4}_)"
)
_NEEDS_ESCAPE = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_x")


def _excel_escape(match: re.Match) -> str:
    return f"_x{ord(match.group()):04X}_"


def _xml_text(text: str) -> str:
    if _NEEDS_ESCAPE.search(text):
        text = _UNWRITABLE.sub(_excel_escape, text)
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = text.replace("\r", "&#13;")
    return text


def _text_cell(text: str) -> str:
    """A text cell's XML after its reference, as openpyxl writes it (inline)."""
    if not text:
        return ' t="inlineStr"/>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f' t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>'


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx_bytes(
    header: list[str], rows: Iterable[Sequence], *, widths: list, title: str, rtl: bool
) -> bytes:
    """An XLSX workbook of one sheet: ``header`` in bold (escaped here with ``safe_cell``),
    then ``rows`` (already escaped), the first row frozen, the columns ``widths`` wide, right
    to left if ``rtl``. Cells may be text, ``int``, ``float``, ``bool`` or ``None``
    (no cell)."""
    import zipfile
    from datetime import UTC, datetime

    from openpyxl.writer.theme import theme_xml

    count = max(len(header), len(widths))
    letters = [_column_letter(index) for index in range(1, count + 1)]
    columns = "".join(
        f'<col width="{width:.16g}" customWidth="1" min="{index}" max="{index}"/>'
        for index, width in enumerate(widths, start=1)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL) as archive:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        archive.writestr("docProps/app.xml", _APP)
        archive.writestr("docProps/core.xml", _CORE.format(w3cdtf=_W3CDTF, now=now))
        archive.writestr("xl/theme/theme1.xml", theme_xml)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                _SHEET_START.format(
                    direction=' rightToLeft="1"' if rtl else "",
                    columns=f"<cols>{columns}</cols>" if columns else "",
                ).encode()
            )
            cells = [
                f'<c r="{letter}1" s="1"{_text_cell(safe_cell(text))}'
                for letter, text in zip(letters, header, strict=False)
            ]
            sheet.write(f'<row r="1">{"".join(cells)}</row>'.encode())
            _write_beside(sheet, _sheet_rows(rows, letters))
            sheet.write(_SHEET_END.encode())
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(title=_xml_text(title)))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
    return buffer.getvalue()


def _write_beside(sheet, pieces: Iterator[bytes]) -> None:
    """Writes ``pieces`` to the archive's ``sheet`` in a thread of its own while this one
    makes the next piece: zlib and the CRC release the interpreter, so on a machine with a
    core to spare the compression (a third of the writer's time) costs no wall time. The
    pieces keep their order; an error on either side stops both and is raised here."""
    import queue
    import threading

    handed: queue.Queue = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def write() -> None:
        while (piece := handed.get()) is not None:
            if not failed:
                try:
                    sheet.write(piece)
                except BaseException as error:  # noqa: BLE001  raised in the caller
                    failed.append(error)

    writer = threading.Thread(target=write, name="xlsx-writer", daemon=True)
    writer.start()
    try:
        for piece in pieces:
            if failed:
                break
            handed.put(piece)
    finally:
        handed.put(None)  # the writer drains what it holds, then stops
        writer.join()
    if failed:
        raise failed[0]


def _sheet_rows(rows: Iterable[Sequence], letters: list[str]) -> Iterator[bytes]:
    """The rows' XML from the second row on, in pieces of ``_ROWS_A_PIECE`` rows. Each
    distinct value's XML is made once (names, organizations, courses and small numbers
    repeat across 50,000 rows), and a cell is three appended strings: its column's start,
    its row's number, its value's XML."""
    made: dict = {}
    out: list[str] = []
    append = out.append
    starts = [f'<c r="{letter}' for letter in letters]
    for number, row in enumerate(rows, start=2):
        if len(row) > len(starts):  # wider than the header: openpyxl wrote every cell
            starts += [f'<c r="{_column_letter(i)}' for i in range(len(starts) + 1, len(row) + 1)]
        if not number % _ROWS_A_PIECE:
            yield "".join(out).encode()
            out.clear()
        tail = f'{number}"'
        append(f'<row r="{number}">')
        for start, value in zip(starts, row, strict=False):
            if value is None:
                continue
            body = made.get(value)
            if body is None or value.__class__ is bool:  # True == 1 in the cache
                body = _cell_body(value)
                if value.__class__ is not bool:
                    made[value] = body
            append(start)
            append(tail)
            append(body)
        append("</row>")
    yield "".join(out).encode()


def _cell_body(value) -> str:
    """A cell's XML after its reference, as openpyxl writes it."""
    if value.__class__ is bool:
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, str):
        return _text_cell(str(value))
    if isinstance(value, Number):  # int, float, Decimal (PostgreSQL)
        figure = "" if value != value or value in (_INF, -_INF) else f"{float(value):.16g}"
        return f' t="n"><v>{figure}</v></c>'
    raise TypeError(f"no XLSX cell for {type(value).__name__}")


_INF = float("inf")
_ROWS_A_PIECE = 1000
# zlib's level: 5, not its default 6 (what openpyxl used): 40 % less time for a file 2.6 %
# larger (2.66 MB against 2.60 MB at 10,000 participants; bench/scale_results.md).
COMPRESSLEVEL = 5
