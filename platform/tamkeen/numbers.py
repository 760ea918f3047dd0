"""Numbers as people read them, in the page's language: one decimal at most, a percent sign
placed as the language places it ("42 %" in French), never "3.33333"."""

from functools import lru_cache

from babel.numbers import format_percent
from babel.units import format_unit
from flask_babel import format_decimal, get_locale

SHORT_NUMBER = "#,##0.#"


def short_number(value: float | None) -> str:
    """A score or a mark with at most one decimal: 3.3, 8, 12,5 in French."""
    return format_decimal(value or 0, format=SHORT_NUMBER)


def whole_percent(value: float | None) -> str:
    """A percentage given from 0 to 100, rounded to a whole number: 42 %."""
    return _whole_percent(str(get_locale()), round(value or 0))


# A participants table prints a thousand percentages: Babel takes 12 µs for each, the
# cache under 1 µs, and a language has only 101 of them.
@lru_cache(maxsize=512)
def _whole_percent(locale: str, whole: int) -> str:
    return format_percent(whole / 100, locale=locale)


def file_size(size: int | None) -> str:
    """A file's size in kB or MB (of 1,000), units in the page's language: 18.5 kB, 18,5 ko,
    18.5 كيلوبايت."""
    size = size or 0
    unit, amount = (
        ("digital-megabyte", size / 1e6) if size >= 1e6 else ("digital-kilobyte", size / 1e3)
    )
    return format_unit(amount, unit, length="short", format="#,##0.#", locale=str(get_locale()))
