"""Progress reports as files: CSV (UTF-8 with a byte-order mark, so that Excel reads
Arabic), XLSX (frozen header row, column widths, right to left in Arabic) and PDF (through
``pdf.py``, with the dashboard's charts).

Every file is made from ``progress.report_data``: the very rows the participants table
shows. The pseudonymised variant replaces names and usernames with a code that is stable
within a cohort (a keyed hash of the cohort and the person, with the app's secret) and
cannot be turned back into a name without the server.
"""

import hashlib
import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from ..i18n import direction
from ..spreadsheets import csv_bytes, safe_cell, xlsx_bytes
from .progress import ReportData, ReportFilter, report_data

FORMATS = ("csv", "xlsx", "pdf")
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def participant_code(cohort_id: int, user_id: int) -> str:
    """A stable pseudonym: the same person has the same code in every report of a cohort,
    and different codes in different cohorts."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"cohort:{cohort_id}:user:{user_id}".encode(), hashlib.sha256)
    number = int.from_bytes(digest.digest()[:8], "big")
    symbols = []
    for _index in range(8):
        number, rest = divmod(number, len(CODE_ALPHABET))
        symbols.append(CODE_ALPHABET[rest])
    return "P-" + "".join(symbols)


# A pseudonymised report names an organization only when at least this many of its people
# are in the report, and gives the month of the last activity, not the day: in a small
# group, a partner's name and a day can point at one person as surely as a name does.
SMALL_GROUP = 5


def small_organizations(people: Iterable[tuple[int, str | None]]) -> set[str]:
    """The organizations with fewer than ``SMALL_GROUP`` of the (user, organization)
    pairs' people."""
    members: dict[str, set[int]] = {}
    for user_id, organization in people:
        if organization:
            members.setdefault(organization, set()).add(user_id)
    return {name for name, ids in members.items() if len(ids) < SMALL_GROUP}


def small_group_label() -> str:
    return _("(fewer than %(number)d people)", number=SMALL_GROUP)


def pseudonymised_order(rows: list, cohort_id: int, key=lambda row: row.user_id) -> list:
    """The rows sorted by participant code. Rows sorted by name would let anyone holding
    the list of names put names back on the codes."""
    codes: dict[int, str] = {}

    def code(row) -> str:
        user_id = key(row)
        if user_id not in codes:
            codes[user_id] = participant_code(cohort_id, user_id)
        return codes[user_id]

    return sorted(rows, key=code)  # stable: a participant's courses keep their order


@dataclass(frozen=True)
class Sheet:
    """The header and the rows of a progress report, as plain values, already escaped
    (``safe_cell``) for spreadsheets."""

    header: list[str]
    rows: Iterator[list]
    widths: list[int]


def progress_sheet(cohort_id: int, report: ReportFilter, *, pseudonymise: bool) -> Sheet:
    """The report as a sheet. Its rows come from ``progress.report_data`` with their cells
    chosen in SQL (``_sheet_cells``): here each row only gets its person's cells, its
    escaped texts and its best scores, all made once per person, text or (person, course):
    a 50,000-row file is shaped in a fraction of the time a cell-by-cell loop takes."""
    # Translated once: a gettext call per cell costs more than the rest of the row.
    answers = {True: _("yes"), False: _("no")}
    data = report_data(cohort_id, report, answers=answers)
    who = [_("Participant code")] if pseudonymise else [_("Participant"), _("Username")]
    header = who + [
        _("Organization"),
        _("Course"),
        _("Lessons completed"),
        _("Lessons"),
        _("Quizzes passed"),
        _("Quizzes"),
        _("Progress (%)"),
        _("Completed"),
        _("Last activity (month)") if pseudonymise else _("Last activity"),
        _("Certificate"),
    ]
    header += [_("Quiz %(number)d best (%%)", number=n) for n in range(1, data.quiz_columns + 1)]
    widths = ([12] if pseudonymise else [28, 20]) + [28, 36, 10, 9, 10, 9, 10, 10, 13, 11]
    widths += [10] * data.quiz_columns
    rows = (
        pseudonymised_order(data.rows, cohort_id, key=itemgetter(0)) if pseudonymise else data.rows
    )
    return Sheet(
        header, _lines(rows, best_cells(data), data.quiz_columns, cohort_id, pseudonymise), widths
    )


def best_cells(data: ReportData) -> dict[tuple[int, int], tuple]:
    """(user, course) → the best score on each of the course's quizzes, in course order,
    rounded and padded to the widest course; pairs without an attempt are absent."""
    width = data.quiz_columns
    place = {
        quiz.id: (course_id, index)
        for course_id, found in data.quizzes.items()
        for index, quiz in enumerate(found)
    }
    cells: dict[tuple[int, int], list] = {}
    for (user_id, quiz_id), best in data.best.items():
        course_id, index = place[quiz_id]
        scores = cells.setdefault((user_id, course_id), [None] * width)
        scores[index] = None if best is None else round(best, 1)
    return {pair: tuple(scores) for pair, scores in cells.items()}


def _lines(rows, best: dict, width: int, cohort_id: int, pseudonymise: bool) -> Iterator[tuple]:
    """The sheet's rows from ``_sheet_cells``' rows. Only text a person or an organization
    wrote can start like a formula: numbers, dates and the translated yes/no cannot, so
    only those cells are escaped, once per distinct value."""
    people: dict[int, tuple] = {}
    texts: dict[str | None, str] = {}
    if pseudonymise:
        rows = list(rows)
        hidden = small_group_label()
        texts = {name: hidden for name in small_organizations((row[0], row[4]) for row in rows)}
    blank = (None,) * width  # no attempt at any quiz of the course
    for row in rows:
        user_id = row[0]
        who = people.get(user_id)
        if who is None:
            if pseudonymise:
                who = (participant_code(cohort_id, user_id),)
            else:
                who = (safe_cell(row[2] or row[3]), safe_cell(row[3]))
            people[user_id] = who
        organization, course = texts.get(row[4]), texts.get(row[5])
        if organization is None:
            organization = texts[row[4]] = safe_cell(row[4] or "")
        if course is None:
            course = texts[row[5]] = safe_cell(row[5] or "")
        figures = row[6:14]
        if pseudonymise:  # the month of the last activity (a "YYYY-MM-DD" text), not the day
            figures = (*figures[:6], figures[6][:7], figures[7])
        yield (*who, organization, course, *figures, *best.get((user_id, row[1]), blank))


def to_csv(sheet: Sheet) -> bytes:
    return csv_bytes(sheet.header, sheet.rows)


def to_xlsx(sheet: Sheet, title: str) -> bytes:
    # The rows are escaped (safe_cell): no text starts with "=", and none holds a piece that
    # would become a formula if split. Written by ``spreadsheets.xlsx_bytes`` (openpyxl's
    # parts, without its cost per cell).
    return xlsx_bytes(
        sheet.header,
        sheet.rows,
        widths=sheet.widths,
        title=title[:31] or "Report",
        rtl=direction(str(get_locale())) == "rtl",
    )


def report_filename(cohort_id: int, extension: str, pseudonymise: bool) -> str:
    suffix = "-pseudonymised" if pseudonymise else ""
    return f"cohort-{cohort_id}-progress{suffix}.{extension}"
