"""Short names (slugs: a-z, 0-9 and single dashes) proposed from a title in any of
Tamkeen's scripts: Latin letters lose their accents, Arabic and Tifinagh letters are
transliterated to Latin ones ("حرية التعبير" → "hrya-altabyr", "ⵜⴰⵎⴰⵣⵉⵖⵜ" → "tamazight").

The result is readable enough to recognise, not a scholarly transliteration: Arabic short
vowels are not written, so they are not guessed.
"""

import re
import unicodedata
from collections.abc import Callable, Container

# Arabic letters (and the Moroccan ones for g, v and p) as Latin; hamza and tatweel vanish.
ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "", "ئ": "", "ى": "a",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "و": "w", "ي": "y", "ی": "y", "ک": "k", "گ": "g", "ڭ": "g",
    "ڤ": "v", "پ": "p", "چ": "ch", "ـ": "",
}  # fmt: skip
LATIN = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ð": "d", "þ": "th"}
_TIFINAGH_VOWELS = {"YA": "a", "YAA": "a", "YI": "i", "YU": "u", "YE": "e", "YEY": "e", "YO": "o"}
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def _tifinagh(char: str) -> str:
    """A Tifinagh letter as Latin, from its Unicode name: TIFINAGH LETTER YAGH → gh."""
    name = unicodedata.name(char, "")
    if "LABIALIZATION" in name:
        return "w"
    if "LETTER" not in name:
        return " "
    letter = name.rsplit(" ", 1)[1]
    if letter in _TIFINAGH_VOWELS:
        return _TIFINAGH_VOWELS[letter]
    sound = letter[2:] if letter.startswith("YA") else letter[1:]
    if len(sound) > 1 and sound[-1] == sound[-2]:  # emphatic: YADD → d
        sound = sound[:-1]
    return sound.lower()


def _latin(char: str) -> str:
    if char in ARABIC:
        return ARABIC[char]
    if "\u2d30" <= char <= "\u2d7f":
        return _tifinagh(char)
    if char.isdecimal():  # Arabic-Indic and other digits
        return str(unicodedata.decimal(char))
    if unicodedata.category(char) == "Mn":  # harakat, accents once decomposed
        return ""
    return LATIN.get(char, char)


def propose_slug(title: str, max_length: int = 80, fallback: str = "course") -> str:
    """A slug made from ``title``: at most ``max_length`` characters, cut at a dash."""
    text = unicodedata.normalize("NFKD", (title or "").lower())
    text = "".join(_latin(char) for char in text)
    slug = _SEPARATORS.sub("-", text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]).strip("-")
    return slug or fallback


def numbered_slug(slug: str, number: int, max_length: int = 80) -> str:
    """``slug`` with ``-number`` at its end, still within ``max_length``."""
    suffix = f"-{number}"
    return slug[: max_length - len(suffix)].rstrip("-") + suffix


def free_slug(
    title: str, taken: Container[str] | Callable[[str], bool], *, fallback: str, max_length=80
) -> str:
    """The slug of ``title``, numbered ("-2", "-3", …) until ``taken`` does not hold it."""
    is_taken = taken if callable(taken) else taken.__contains__
    slug = propose_slug(title, max_length, fallback)
    candidate, number = slug, 1
    while is_taken(candidate):
        number += 1
        candidate = numbered_slug(slug, number, max_length)
    return candidate
