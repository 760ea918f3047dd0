"""The progress report PDF and the readable data export write numbers and dates as the
pages do (numbers.py and the date filters): "100 %" in French, a month by its name, a
score rounded to one decimal, never "3.33333" or "2026-12"."""

import re
from datetime import datetime

from babel.dates import format_date
from flask import render_template_string
from flask_babel import force_locale

from tamkeen.accounts.readable_export import readable
from tamkeen.database import utcnow

from ..pdftools import pdf_text, snapshot
from .helpers import export


def test_the_french_report_writes_percentages_and_months_as_the_pages(
    client, auth, small, tmp_path
):
    auth.login("org")
    client.post_form("/language", {"locale": "fr"})
    page = client.get(f"/cohorts/{small.cohort.id}/participants").get_data(as_text=True)
    assert re.search("100\u00a0%|100\u202f%", page)  # Amal completed Rights online
    path = tmp_path / "report.pdf"
    path.write_bytes(export(client, small.cohort, "pdf"))
    text = pdf_text(path)
    assert re.search(r"100\s%", text) and "100%" not in text
    path.write_bytes(export(client, small.cohort, "pdf", pseudonymise="y"))
    snapshot(path, "progress-report-fr-pseudonymised")
    text = pdf_text(path)
    month = format_date(utcnow().date(), "LLLL y", locale="fr_MA")  # "décembre 2026"
    assert month in text and utcnow().strftime("%Y-%m") not in text


def test_the_readable_export_rounds_scores_and_percentages_as_the_pages(app):
    attempt = {
        "attempt_id": 1, "course": "Droits en ligne", "quiz": "Quiz", "number": 1,
        "started_at": datetime(2026, 12, 1, 9, 30), "submitted_at": None,
        "score": 3.3333333, "max_score": 8.0, "percent": 41.666667, "passed": False,
        "answers": [{"question": "?", "answer": "x", "score": 0.6666667}],
    }  # fmt: skip
    with app.test_request_context():
        for language, score, percent, part in (
            ("fr", "3,3", "42\u00a0%", "0,7"),
            ("en", "3.3", "42%", "0.7"),
            ("ar", "3.3", "42", "0.7"),
        ):
            sections = {s.title: s for s in readable({"quiz_attempts": [attempt]}, language)}
            (row,) = next(s.rows for s in sections.values() if s.rows)
            cells = [cell for _label, cell in row]
            assert score in cells and "3.3333333" not in str(cells), language
            assert any(isinstance(c, str) and percent in c for c in cells), (language, cells)
            assert part in str(cells) and "0.6666667" not in str(cells)


def test_the_dashboards_counts_agree_with_their_number(app):
    figures = (
        '{{ ngettext("%(completed)d of %(num)d enrolment", "%(completed)d of %(num)d enrolments",'
        ' n, completed=1) }} | {{ ngettext("%(passed)d of %(num)d quiz attempted",'
        ' "%(passed)d of %(num)d quizzes attempted", n, passed=1) }}'
    )
    expected = {
        ("en", 1): "1 of 1 enrolment | 1 of 1 quiz attempted",
        ("fr", 6): "1 sur 6 inscriptions | 1 sur 6 quiz tentés",
        ("ar", 2): "1 من أصل تسجيلَين | 1 من أصل اختبارَين جرت محاولتهما",
        ("ar", 6): "1 من أصل 6 تسجيلات | 1 من أصل 6 اختبارات جرت محاولتها",
        ("ar", 11): "1 من أصل 11 تسجيلًا | 1 من أصل 11 اختبارًا جرت محاولتها",
    }
    for (locale, n), words in expected.items():
        with app.test_request_context(), force_locale(locale):
            assert render_template_string(figures, n=n) == words
