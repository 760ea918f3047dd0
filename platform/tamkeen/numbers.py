"""Numbers as people read them, in the page's language: one decimal at most, a percent sign
placed as the language places it ("42 %" in French), never "3.33333"."""

from flask_babel import format_decimal, format_percent


def short_number(value: float | None) -> str:
    """A score or a mark with at most one decimal: 3.3, 8, 12,5 in French."""
    return format_decimal(value or 0, format="#,##0.#")


def whole_percent(value: float | None) -> str:
    """A percentage given from 0 to 100, rounded to a whole number: 42 %."""
    return format_percent((value or 0) / 100)
