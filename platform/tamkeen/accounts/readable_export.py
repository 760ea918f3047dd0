"""The data export as a page a person can read: each section's keys by their translated
labels, codes by their names, dates in the reader's language, yes and no in words, and
nested rows (a quiz attempt's answers) as nested lists, never as JSON."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from babel.dates import format_time
from babel.numbers import format_decimal, format_percent
from flask_babel import gettext as _

from ..numbers import SHORT_NUMBER
from ..pdf import DATE_LOCALES, print_date
from .personal_data import Section, readable_sections

Cell = str | list[str] | list[list[tuple[str, Any]]]


@dataclass(frozen=True)
class ReadableSection:
    title: str
    rows: list[list[tuple[str, Cell]]]  # each row: (label, what it holds)


def moment(value: date | datetime, language: str) -> str:
    """A day in the reader's language; a time's hour and minute too (UTC)."""
    day = print_date(value, language)
    if not isinstance(value, datetime):
        return day
    return f"{day} {format_time(value, 'HH:mm', locale=DATE_LOCALES.get(language, 'en'))}"


def _scalar(section: Section, key: str, value: Any, language: str) -> str:
    words = section.values.get(key, {})
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime | date):
        return moment(value, language)
    # Scores, marks and percentages as the pages write them (numbers.py): 3.3, 67 %.
    if isinstance(value, int | float) and key.endswith("percent"):
        return format_percent(round(value) / 100, locale=language)
    if isinstance(value, float):
        return format_decimal(value, format=SHORT_NUMBER, locale=language)
    return str(words.get(value, value))


def _cell(section: Section, key: str, value: Any, language: str) -> Cell:
    if isinstance(value, dict):
        return [_row(section, value, language)]
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return [_row(section, item, language) for item in value]
        return [_scalar(section, key, item, language) for item in value] or "—"
    return _scalar(section, key, value, language)


def _row(section: Section, row: dict[str, Any], language: str) -> list[tuple[str, Any]]:
    return [
        (str(section.labels.get(key, key)), _cell(section, key, value, language))
        for key, value in row.items()
    ]


def readable(data: dict[str, Any], language: str) -> list[ReadableSection]:
    """``export_data``'s sections, ready for templates/accounts/data_export.html."""
    found = []
    for section in readable_sections():
        rows = data.get(section.name)
        rows = [rows] if isinstance(rows, dict) else rows or []
        found.append(
            ReadableSection(str(section.title), [_row(section, row, language) for row in rows])
        )
    return found
