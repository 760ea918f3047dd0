"""Reading the PDFs the platform makes, as a person (or a scanner) would.

``pdftotext`` and ``pdftoppm`` come from Debian's poppler-utils, ``zbarimg`` from zbar-tools
(``make test`` installs both). One page of each kind of PDF is kept as a PNG in
``test-output/`` for a person to look at after the run.
"""

import html
import re
import subprocess
import unicodedata
from pathlib import Path

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


def word_positions(path: Path) -> dict[str, tuple[float, float]]:
    """Where each word is drawn on page 1: {word: (x, y)} of its top-left corner.

    pdftotext lists Arabic words glyph by glyph from the left; they are turned back into
    their reading order so that tests can name them as they are written.
    """
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
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
