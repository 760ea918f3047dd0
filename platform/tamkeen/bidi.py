"""Mixed directions in trainers' and authors' Markdown: each block gets its direction, and
a run of the other direction inside it is isolated.

Without this, a Latin quotation in an Arabic paper printed its closing punctuation on the
wrong side, "(.zip)" read "(zip.)" and "18.5 kB" read "kB 18.5". Blocks get an explicit
``dir`` (the text's language's own unless nearly all their letters read the other way;
never just the first letter's, so an Arabic sentence that starts with "WhatsApp" stays
right-to-left); runs get Unicode isolates (FSI ... PDI), which hold in
pages and in the PDFs alike and need no markup.
"""

import re

from markdown_it.token import Token

from .i18n import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE

# Tokens that open a block whose text follows in the next "inline" token.
_BLOCKS = {"paragraph_open", "heading_open", "list_item_open", "th_open", "td_open"}

_LATIN = r"A-Za-z\u00C0-\u024F"
_ARABIC = r"\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF"
# A bracketed or quoted span: isolated whole when it starts in the other direction, so
# its brackets, quotation marks and inner punctuation stay with it.
_ENCLOSED = re.compile(r"\([^()\n]*\)|\"[^\"\n]*\"|“[^”\n]*”|«[^»\n]*»")
# A bare run of the other direction: letters, digits and what joins them (18.5 kB, e-mail).
_RUNS = {
    "rtl": re.compile(rf"[{_LATIN}0-9][{_LATIN}0-9 .,:;/'’%+&_-]*[{_LATIN}0-9%]|[{_LATIN}]"),
    "ltr": re.compile(rf"[{_ARABIC}][{_ARABIC}0-9 ،.,:;'’%-]*[{_ARABIC}0-9]|[{_ARABIC}]"),
}


# Strong letters of each direction, as regular expressions (a quarter faster than a loop
# over unicodedata.bidirectional, and a page's Markdown is rendered per request): Latin, Greek,
# Cyrillic and Tifinagh read left to right; Hebrew, Arabic, Syriac, Thaana and N'Ko right to
# left (Arabic-Indic digits and the Arabic comma are not letters).
_LTR_LETTER = re.compile(rf"[{_LATIN}\u0370-\u03FF\u0400-\u04FF\u2D30-\u2D7F]")
_RTL_LETTER = re.compile(
    "[\u05d0-\u05ea\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0700-\u07ff"
    "\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
)
_FIRST_LETTER = re.compile(f"({_LTR_LETTER.pattern})|{_RTL_LETTER.pattern}")


def _strong(text: str) -> tuple[int, int, str | None]:
    """Counts of left-to-right and right-to-left letters, and the direction of the first."""
    first = _FIRST_LETTER.search(text)
    if first is None:
        return 0, 0, None
    direction = "ltr" if first.group(1) else "rtl"
    return len(_LTR_LETTER.findall(text)), len(_RTL_LETTER.findall(text)), direction


def text_direction(text: str, default: str | None = None) -> str | None:
    """The direction ``text`` reads in; None when it has no letters.

    A text in the document's direction (``default``) keeps it unless it is nearly all in
    the other one: an Arabic sentence quoting a long English one is still Arabic."""
    ltr, rtl, _first = _strong(text)
    if not ltr and not rtl:
        return None
    counts = {"ltr": ltr, "rtl": rtl}
    if default in counts:
        return _other(default) if counts[default] * 4 < counts[_other(default)] else default
    return "rtl" if rtl > ltr else "ltr"


def _other(direction: str) -> str:
    return "ltr" if direction == "rtl" else "rtl"


def _isolate(text: str) -> str:
    return FIRST_STRONG_ISOLATE + text + POP_DIRECTIONAL_ISOLATE


def isolate_runs(text: str, direction: str) -> str:
    """``text`` (in a block reading ``direction``) with each span of the other direction
    isolated: bracketed and quoted spans whole, then bare runs that hold letters."""
    other = _other(direction)
    pieces: list[str] = []
    position = 0
    for match in _ENCLOSED.finditer(text):
        if _strong(match.group())[2] != other:
            continue
        pieces.append(_isolate_bare(text[position : match.start()], direction))
        pieces.append(_isolate(match.group()))
        position = match.end()
    pieces.append(_isolate_bare(text[position:], direction))
    return "".join(pieces)


def _isolate_bare(text: str, direction: str) -> str:
    def wrap(match: re.Match) -> str:
        run = match.group()
        return _isolate(run) if _strong(run)[2] else run

    return _RUNS[direction].sub(wrap, text)


def set_directions(tokens: list[Token], default: str | None = None) -> None:
    """Give each block of a parsed Markdown text its direction and isolate the runs of the
    other direction in it (the inline children's text, so code and links keep theirs)."""
    item = None
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            item = token
        if token.type != "inline" or index == 0:
            continue
        opener = tokens[index - 1]
        # A tight list's paragraphs are not printed: the list item carries the direction.
        target = item if opener.hidden and item is not None else opener
        direction = text_direction(token.content, default)
        if target.type not in _BLOCKS or direction is None:
            continue
        if default and direction != default:  # its container reads in its language
            target.attrSet("dir", direction)
        for child in token.children or []:
            if child.type == "text":
                child.content = isolate_runs(child.content, direction)
