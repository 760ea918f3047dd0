"""The progress report's long participants table, laid out at a fixed width per column.

WeasyPrint's automatic table layout measures every cell twice with Pango (its narrowest
and its widest line) before it lays a row out: at 10,000 participants, a third of the
report's time (issue 17). The widths it would choose depend only on each column's widest
cells, so ``fix_columns`` (run in the layout process, on the report's HTML) has WeasyPrint
lay out a small table of the same columns holding only the cells that can be widest,
reads the widths it chose, and gives them to the real table as ``<col>`` widths with
``table-layout: fixed``: the same widths, so every cell wraps (or not) as before, with no
cell measured twice.

Which cells can be widest: every distinct cell of a column when it has few (courses,
dates, organizations), and of the others (names, codes) the widest by an estimate from
the fonts' advance widths (``_Widths``), with a wide margin (``MARGIN``).
"""

import functools
import html as html_module
import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)
# The table the template marks; nothing else in the report is touched.
TABLE_START = '<table class="participants">'
FIXED_START = '<table class="participants fixed-columns">'
_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td>(.*?)</td>", re.S)
_TAG = re.compile(r"<[^>]+>")
# A column with more distinct cells than this is filtered by estimated width.
ALL_DISTINCT = 400
# A cell is measured when its estimated width (whole, or its widest word) is at least this
# share of the column's widest estimate. The estimate ignores kerning and Arabic letters'
# joined forms, so it is never below the printed width: measured against WeasyPrint on the
# 1,180 names of the 10,000 cohort, Latin names print at 0.97-1.00 of it, an Arabic name at
# 0.79. A cell left out is then narrower than the widest one measured.
MARGIN = 0.7
# And at least this many of each column's widest estimates, whatever the margin.
AT_LEAST = 40


def fix_columns(html: str) -> str:
    """The report's HTML with its participants table at the widths the automatic layout
    would give it; unchanged when there is no such table, or when measuring failed (the
    report is then laid out as before, only slower, and the log says why)."""
    try:
        return _fixed(html)
    except Exception:
        log.exception("Participants table left to the automatic layout.")
        return html


def _fixed(html: str) -> str:
    start = html.find(TABLE_START)
    if start < 0:
        return html
    body = _TBODY.search(html, start)
    if body is None:
        return html
    rows = [_CELL.findall(row) for row in _ROW.findall(body.group(1))]
    if not rows:
        return html
    columns = max(len(row) for row in rows)
    candidates = [_candidates([row[i] for row in rows if i < len(row)]) for i in range(columns)]
    sample = "".join(
        "<tr>" + "".join(f"<td>{c[j] if j < len(c) else ''}</td>" for c in candidates) + "</tr>"
        for j in range(max(len(c) for c in candidates))
    )
    end = html.find("</table>", start) + len("</table>")
    table = html[start : body.start(1)] + sample + html[body.end(1) : end]
    head = html[: html.find("<body")]
    widths = _laid_out_widths(head + "<body>" + table + "</body></html>")
    if widths is None or len(widths) != columns:
        return html
    colgroup = "<colgroup>" + "".join(f'<col style="inline-size: {w!r}px">' for w in widths)
    return html[:start] + FIXED_START + colgroup + "</colgroup>" + html[start + len(TABLE_START) :]


def _candidates(cells: list[str]) -> list[str]:
    distinct = list(dict.fromkeys(cells))
    if len(distinct) <= ALL_DISTINCT:
        return distinct
    widths = _widths()
    whole = {cell: widths.text(_text(cell)) for cell in distinct}
    word = {
        cell: max((widths.text(w) for w in _text(cell).split()), default=0) for cell in distinct
    }
    chosen = set()
    for estimate in (whole, word):
        ranked = sorted(distinct, key=estimate.__getitem__, reverse=True)
        widest = estimate[ranked[0]]
        chosen.update(ranked[:AT_LEAST])
        chosen.update(c for c in ranked if estimate[c] >= MARGIN * widest)
    return [cell for cell in distinct if cell in chosen]


def _text(cell: str) -> str:
    return html_module.unescape(_TAG.sub("", cell))


def _laid_out_widths(html: str) -> list[float] | None:
    """The column widths WeasyPrint's automatic layout gives the participants table."""
    from ..pdf import STATIC_ROOT, _weasyprint, static_files_fetcher

    weasyprint = _weasyprint()
    document = weasyprint.HTML(
        string=html, base_url=STATIC_ROOT.as_uri() + "/", url_fetcher=static_files_fetcher()
    ).render()
    for page in document.pages:
        found = _find_table(page._page_box)
        if found is not None:
            widths = list(found.column_widths)
            # Laid out, they are in drawing order: right to left in Arabic.
            return widths[::-1] if found.style["direction"] == "rtl" else widths
    return None


def _find_table(box):
    if box.element_tag == "table" and hasattr(box, "column_widths"):
        return box
    for child in getattr(box, "children", ()):
        found = _find_table(child)
        if found is not None:
            return found
    return None


class _Widths:
    """Text widths estimated from the fonts' advance widths (in ems), each character taken
    from the first of the report's fonts that has it."""

    def __init__(self, families: tuple[str, ...]):
        from fontTools.ttLib import TTFont

        self.fonts = []
        for family in families:
            path = _font_file(family)
            if path:
                with TTFont(path, lazy=True, fontNumber=0) as font:
                    cmap, units = font.getBestCmap(), font["head"].unitsPerEm
                    self.fonts.append((cmap, dict(font["hmtx"].metrics), units))
        self.chars: dict[str, float] = {}

    def char(self, char: str) -> float:
        if char not in self.chars:
            width = 0.6
            for cmap, metrics, units in self.fonts:
                glyph = cmap.get(ord(char))
                if glyph is not None:
                    width = metrics[glyph][0] / units
                    break
            self.chars[char] = width
        return self.chars[char]

    def text(self, text: str) -> float:
        return sum(self.char(c) for c in text)


@functools.cache
def _widths() -> _Widths:
    from ..pdf import REQUIRED_FONTS

    return _Widths(REQUIRED_FONTS)


def _font_file(family: str) -> str | None:
    from weasyprint.text.ffi import ffi, fontconfig

    config = ffi.gc(fontconfig.FcInitLoadConfigAndFonts(), fontconfig.FcConfigDestroy)
    pattern = ffi.gc(fontconfig.FcPatternCreate(), fontconfig.FcPatternDestroy)
    fontconfig.FcPatternAddString(pattern, b"family", family.encode())
    fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
    fontconfig.FcDefaultSubstitute(pattern)
    match = fontconfig.FcFontMatch(config, pattern, ffi.new("FcResult *"))
    if match == ffi.NULL:
        return None
    match = ffi.gc(match, fontconfig.FcPatternDestroy)
    value = ffi.new("FcChar8 **")
    if fontconfig.FcPatternGetString(match, b"file", 0, value) != 0:
        return None
    path = ffi.string(value[0]).decode()
    return path if Path(path).is_file() else None
