#!/usr/bin/env python3
"""Renders each course package's diagrams/*.svg to images/<name>.png, the form lessons use.

Lesson images are PNG, JPEG, WebP or GIF (authoring/image_cleaning.py); the SVG is the source a
translator edits (its text is in the package's language, right to left in Arabic), the PNG
what trainees download. Debian's Chromium draws the SVG (it shapes Arabic text as a browser
does) at one and a half times its size, and each pixel takes the nearest colour of a small
palette: the same SVG, browser and fonts give the same bytes, and a diagram weighs 10 to 25
kilobytes.

    .venv/bin/python tools/render-diagrams.py            # every package under courses/
    .venv/bin/python tools/render-diagrams.py courses/advocacy-ar
"""

import io
import re
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SCALE = 1.5  # 720 pixels for a 480-pixel drawing: sharp in a phone's column, light on the wire
# The palette: the drawing's own colours, and each halfway to white
# for the anti-aliased edges of text and lines. No dithering: flat areas stay flat.
STEPS = (0.5,)


def _size(svg: str) -> tuple[int, int]:
    match = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    if not match:
        raise SystemExit('every diagram needs a viewBox="0 0 W H"')
    return int(match.group(1)), int(match.group(2))


def _palette(svg: str) -> list[tuple[int, int, int]]:
    hexes = re.findall(r"#([0-9a-fA-F]{6})", svg)
    base = {tuple(int(h[i : i + 2], 16) for i in (0, 2, 4)) for h in hexes}
    base |= {(255, 255, 255), (0, 0, 0)}
    colours = set(base)
    for colour in base:
        for step in STEPS:
            colours.add(tuple(round(c + (255 - c) * step) for c in colour))
    return sorted(colours)[:256]


def _reduce(image: Image.Image, palette: list[tuple[int, int, int]]) -> Image.Image:
    """Each pixel to the nearest palette colour, exactly (Pillow's own mapping is coarser)."""

    def distance(rgb, i):
        return sum((a - b) ** 2 for a, b in zip(rgb, palette[i], strict=True))

    def nearest(rgb):
        return min(range(len(palette)), key=lambda i: distance(rgb, i))

    index = {rgb: nearest(rgb) for _, rgb in image.getcolors(maxcolors=1 << 24)}
    pixels = image.tobytes()
    indices = bytes(index[tuple(pixels[i : i + 3])] for i in range(0, len(pixels), 3))
    reduced = Image.frombytes("P", image.size, indices)
    reduced.putpalette([value for colour in palette for value in colour])
    return reduced


def _png(page, svg: str) -> bytes:
    width, height = _size(svg)
    page.set_viewport_size({"width": width, "height": height})
    page.set_content(f"<!doctype html><body style='margin:0'>{svg}</body>")
    shot = page.locator("svg").screenshot(animations="disabled")
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    reduced = _reduce(image, _palette(svg))
    out = io.BytesIO()
    reduced.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main(folders: list[Path]) -> None:
    sources = sorted(svg for folder in folders for svg in folder.glob("**/diagrams/*.svg"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(device_scale_factor=SCALE)
        for source in sources:
            target = source.parent.parent / "images" / f"{source.stem}.png"
            data = _png(page, source.read_text(encoding="utf-8"))
            target.parent.mkdir(exist_ok=True)
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)
            print(f"{target.relative_to(ROOT)}  {len(data):,} bytes")
        browser.close()


if __name__ == "__main__":
    main([Path(arg).resolve() for arg in sys.argv[1:]] or [ROOT / "courses"])
