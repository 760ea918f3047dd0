"""Regenerate static/fonts/tifinagh.woff2: the Tifinagh letters of Noto Sans Tifinagh.

Tamazight pages link static/css/tifinagh.css, whose @font-face serves this file to devices
that have no Tifinagh font of their own (``local()`` is tried first, ``unicode-range``
keeps every other page and every non-Tifinagh character from downloading it). The source
is Debian's fonts-noto-core (tools/debian-packages.sh installs it for the PDFs); the font
is under the SIL Open Font License 1.1 (static/fonts/OFL.txt).

    .venv/bin/python tools/tifinagh-font.py [--source PATH]
"""

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/noto/NotoSansTifinagh-Regular.ttf")
TARGET = ROOT / "static" / "fonts" / "tifinagh.woff2"
# The Unicode Tifinagh block (U+2D30–U+2D7F: IRCAM's letters, ⵯ, the joiner U+2D7F),
# and the spaces between words, so a run of Tifinagh is not broken across two fonts.
UNICODES = "U+2D30-2D7F,U+0020,U+00A0,U+200C,U+200D"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source} is missing: install fonts-noto-core", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    subset.main(
        [
            str(args.source),
            f"--unicodes={UNICODES}",
            "--layout-features=*",  # the joiner's ligatures and marks stay
            "--flavor=woff2",
            "--no-hinting",  # hinting is for Windows at small sizes; half the file
            "--desubroutinize",
            "--name-IDs=*",  # copyright, licence and font names kept (OFL: name and notice)
            f"--output-file={args.output}",
        ]
    )
    font = TTFont(args.output)
    letters = sum(1 for code in font.getBestCmap() if 0x2D30 <= code <= 0x2D7F)
    print(
        f"{args.output.relative_to(ROOT)}: {args.output.stat().st_size} bytes, {letters} Tifinagh"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
