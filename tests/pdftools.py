"""Reading the PDFs the platform makes, as a person (or a scanner) would.

``pdftotext`` and ``pdftoppm`` come from Debian's poppler-utils, ``zbarimg`` from zbar-tools
(``make test`` installs both). One page of each kind of PDF is kept as a PNG in
``test-output/`` for a person to look at after the run.
"""

import html
import io
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdf

from tamkeen import PROJECT_ROOT

OUTPUT = PROJECT_ROOT / "test-output"
# Bidi controls pdftotext adds around right-to-left runs; they are not part of the text.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(path: Path, *pages: int) -> str:
    """The text of the PDF in reading order, one space between words, NFC."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    result = subprocess.run([*args, str(path), "-"], capture_output=True, check=True)
    text = _BIDI_CONTROLS.sub("", result.stdout.decode())
    return unicodedata.normalize("NFC", " ".join(text.split()))


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>')
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def word_positions(path: Path, page: int = 1) -> dict[str, tuple[float, float]]:
    """Where each word is drawn on ``page``: {word: (x, y)} of its top-left corner.

    pdftotext lists Arabic words glyph by glyph from the left; they are turned back into
    their reading order so that tests can name them as they are written.
    """
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True, check=True, text=True,
    )  # fmt: skip
    positions = {}
    for x, y, word in _WORD.findall(result.stdout):
        word = html.unescape(word)
        if _ARABIC.search(word):
            word = unicodedata.normalize("NFC", word[::-1])
        positions.setdefault(word, (float(x), float(y)))
    return positions


def pdf_fonts(path: Path) -> str:
    """``pdffonts``' table of the fonts embedded in the PDF."""
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return result.stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def snapshot(path: Path, name: str, page: int = 1, dpi: int = 80) -> Path:
    """Keep page ``page`` as test-output/<name>.png; returns the PNG's path."""
    OUTPUT.mkdir(exist_ok=True)
    stem = OUTPUT / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         str(path), str(stem)],
        check=True,
    )  # fmt: skip
    return stem.with_suffix(".png")


def qr_codes(png: Path) -> list[str]:
    """Every QR code zbarimg finds in the picture."""
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        text=True,
    )
    return [line for line in result.stdout.splitlines() if line]


@dataclass(frozen=True)
class Box:
    """Where something is drawn, in points from the page's bottom-left corner."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    page_width: float
    page_height: float


def _times(a: list[float], b: list[float]) -> list[float]:
    """The product of two PDF matrices [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]  # fmt: skip


def _image_corners(reader, content, resources, matrix: list[float], found: list) -> None:
    """Follow the content stream's transformations (q, Q, cm) to every image drawn,
    through form XObjects too; an image fills the unit square of its matrix."""
    from pypdf.generic import ContentStream

    saved = []
    for operands, operator in ContentStream(content, reader).operations:
        if operator == b"q":
            saved.append(matrix)
        elif operator == b"Q":
            matrix = saved.pop()
        elif operator == b"cm":
            matrix = _times([float(x) for x in operands], matrix)
        elif operator == b"Do":
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject["/Subtype"] == "/Image":
                xs = (matrix[4], matrix[4] + matrix[0] + matrix[2])
                ys = (matrix[5], matrix[5] + matrix[1] + matrix[3])
                found.append((min(xs), min(ys), max(xs), max(ys)))
            else:
                inner = [float(x) for x in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                own = xobject.get("/Resources", resources)
                _image_corners(reader, xobject, own, _times(inner, matrix), found)


def image_boxes(path: Path) -> list[Box]:
    """The box of every image drawn in the PDF, page by page (pypdf reads the drawing)."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    boxes = []
    for number, page in enumerate(reader.pages, start=1):
        found: list = []
        content = page.get_contents()
        if content is not None:
            _image_corners(reader, content, page["/Resources"], [1, 0, 0, 1, 0, 0], found)
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        boxes += [Box(number, *corners, width, height) for corners in found]
    return boxes


def clip_boxes(path: Path) -> list[Box]:
    """The box of every rectangle clipped to on page 1 (``re`` then ``W``): WeasyPrint
    clips an inline SVG (a certificate's QR code) to its box, so its place is measured
    like an image's."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    page = reader.pages[0]
    matrix, saved, last_rect, boxes = [1.0, 0, 0, 1.0, 0, 0], [], None, []
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            saved.append(matrix)
        elif operator == b"Q":
            matrix = saved.pop()
        elif operator == b"cm":
            matrix = _times([float(x) for x in operands], matrix)
        elif operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            corners = [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
            points = [
                (
                    cx * matrix[0] + cy * matrix[2] + matrix[4],
                    cx * matrix[1] + cy * matrix[3] + matrix[5],
                )
                for cx, cy in corners
            ]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            last_rect = (min(xs), min(ys), max(xs), max(ys))
        elif operator in (b"W", b"W*") and last_rect is not None:
            boxes.append(Box(1, *last_rect, width, height))
            last_rect = None
        else:
            last_rect = None if operator not in (b"W", b"W*") else last_rect
    return boxes


def _structure_types(node, found: list[str]) -> list[str]:
    """The structure types of the tagged tree under ``node``, depth first."""
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            _structure_types(child, found)
        return found
    if not isinstance(node, pypdf.generic.DictionaryObject):
        return found
    if "/S" in node:
        found.append(str(node["/S"]))
    if "/K" in node:
        _structure_types(node["/K"], found)
    return found


def tagged(data: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    """The PDF read, and the structure types of its tagged tree (PDF/UA: marked, its title
    shown), depth first."""
    assert data[:5] == b"%PDF-"
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]  # a BooleanObject: true only when tagged
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    return reader, _structure_types(root["/StructTreeRoot"], [])
