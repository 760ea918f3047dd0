"""The dashboard, the participants table, a participant's page and every export show the
same figures, because they come from one definition of progress."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tamkeen.audit import AuditEvent

from ..pdftools import pdf_text
from .helpers import export


def pdf_words(content: bytes, folder) -> str:
    path = folder / "report.pdf"
    path.write_bytes(content)
    return pdf_text(path)


def csv_rows(content: bytes) -> list[dict]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_dashboard_shows_the_cohorts_figures(client, organizer):
    page = client.get(f"/cohorts/{organizer.cohort.id}").get_data(as_text=True)
    # 3 participants; 6 enrolments; Amal completed Rights online (100%) and 1/2 of budgets
    # (50%); Badr 1 of 5 steps (20%) and 0%; Chaima 0% and 0%: (100+50+20)//6 = 28.
    assert "<dt>Participants</dt><dd>3</dd>" in page
    assert "<dt>Active in the last 7 days</dt><dd>2</dd>" in page
    assert "<dt>Average completion</dt><dd>28%</dd>" in page
    assert "<dt>Quiz pass rate</dt><dd>50%" in page  # Amal passed, Badr did not
    assert "<dt>Certificates issued</dt><dd>1</dd>" in page
    assert "1 of 6 enrolments" in page
    # The funnel of Rights online, as a chart and as a table beside it.
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "3 enrolled, 2 started, 1 half way, 1 completed." in page
    assert "<td>3</td><td>2</td><td>1</td><td>1</td>" in page
    assert "style=" not in page


def test_activity_older_than_seven_days_is_not_counted_as_active(client, make, organizer):
    from datetime import timedelta

    from tamkeen.database import utcnow
    from tamkeen.extensions import db
    from tamkeen.learning import summaries
    from tamkeen.learning.models import LessonProgress
    from tamkeen.quizzes.models import Attempt

    small = organizer
    long_ago = utcnow() - timedelta(days=10)
    with make.app.app_context():  # Badr's lesson and quiz attempt were ten days ago
        for model, column in ((LessonProgress, "completed_at"), (Attempt, "started_at")):
            db.session.execute(
                db.update(model).where(model.user_id == small.badr.id).values({column: long_ago})
            )
        summaries.refresh([small.badr.id], [small.rights.id, small.budgets.id])  # as a write
        db.session.commit()
    page = client.get(f"/cohorts/{small.cohort.id}").get_data(as_text=True)
    assert "<dt>Active in the last 7 days</dt><dd>1</dd>" in page
    # For a period (computed live) the same: Badr's steps are older than seven days.
    since = (utcnow() - timedelta(days=60)).date().isoformat()
    page = client.get(f"/cohorts/{small.cohort.id}", query_string={"since": since})
    assert "<dt>Active in the last 7 days</dt><dd>1</dd>" in page.get_data(as_text=True)


def test_table_and_participant_page_show_the_same_figures(client, organizer):
    small = organizer
    table = client.get(f"/cohorts/{small.cohort.id}/participants").get_data(as_text=True)
    assert table.index("+Badr Oubaha") < table.index("Amal Tazi") < table.index("chaima")
    assert "100%" in table and "Lessons: 4 of 4" in table and "Quizzes passed: 1 of 1" in table
    assert "20%" in table and "Lessons: 1 of 4" in table and "Quizzes passed: 0 of 1" in table
    assert "Best scores: 100%" in table and "Best scores: 0%" in table
    page = client.get(f"/cohorts/{small.cohort.id}/participants/{small.amal.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "100%" in text and "50%" in text and "Certificate " in text
    assert "<td>2</td>" in text  # two attempts at the quiz


def test_every_export_matches_the_dashboard_and_the_table(client, make, organizer, tmp_path):
    small = organizer
    rows = csv_rows(export(client, small.cohort, "csv"))
    assert len(rows) == 6
    percents = [int(row["Progress (%)"]) for row in rows]
    assert sum(percents) // len(percents) == 28  # the dashboard's average completion
    assert sum(row["Completed"] == "yes" for row in rows) == 1
    assert sum(row["Certificate"] == "yes" for row in rows) == 1
    amal = [row for row in rows if row["Username"] == "amal"]
    assert [(r["Course"], r["Progress (%)"], r["Lessons completed"]) for r in amal] == [
        ("Association budgets", "50", "1"),
        ("Rights online", "100", "4"),
    ]
    assert amal[1]["Quiz 1 best (%)"] == "100.0"
    badr = next(
        row for row in rows if row["Username"] == "badr" and row["Course"] == "Rights online"
    )
    assert badr["Participant"] == "'+Badr Oubaha"  # would be a formula in a spreadsheet
    assert badr["Organization"] == "'=Réseau Amal"
    assert badr["Progress (%)"] == "20" and badr["Quiz 1 best (%)"] == "0.0"

    sheet = load_workbook(io.BytesIO(export(client, small.cohort, "xlsx"))).active
    values = list(sheet.iter_rows(values_only=True))
    assert sheet.freeze_panes == "A2"
    assert list(values[0]) == list(rows[0].keys())
    assert len(values) == len(rows) + 1
    for cells, row in zip(values[1:], rows, strict=True):  # the same cells as the CSV
        for cell, text in zip(cells, row.values(), strict=True):
            assert (text == "" and cell is None) or (
                float(text) == cell if isinstance(cell, int | float) else text == cell
            )

    text = pdf_words(export(client, small.cohort, "pdf"), tmp_path)
    assert "Amal Tazi" in text and "100% ✓ · 4/4 · 1/1" in text and "20% · 1/4 · 0/1" in text
    assert make.count(AuditEvent, action="report.progress.csv") == 1
    assert make.count(AuditEvent, action="report.progress.xlsx") == 1
    assert make.count(AuditEvent, action="report.progress.pdf") == 1


def test_pseudonymised_export_has_stable_codes_and_no_names(client, make, organizer, tmp_path):
    small = organizer
    first = csv_rows(export(client, small.cohort, "csv", pseudonymise="y"))
    again = csv_rows(export(client, small.cohort, "csv", pseudonymise="y"))
    assert first == again
    content = export(client, small.cohort, "csv", pseudonymise="y").decode("utf-8-sig")
    for secret in ("Amal Tazi", ",amal,", "Badr", "badr", "chaima"):
        assert secret not in content
    codes = {row["Participant code"] for row in first}
    assert len(codes) == 3 and all(code.startswith("P-") for code in codes)
    assert "Username" not in first[0]
    assert make.count(AuditEvent, action="report.progress.csv.pseudonymised") == 3
    pdf = pdf_words(export(client, small.cohort, "pdf", pseudonymise="y"), tmp_path)
    assert "Tazi" not in pdf and "Badr" not in pdf and sorted(codes)[0] in pdf


def test_pseudonymised_rows_follow_the_codes_not_the_names(client, make, organizer):
    """Rows in name order would let whoever holds the list of names put them back."""
    small = organizer
    rows = csv_rows(export(client, small.cohort, "csv", pseudonymise="y"))
    codes = [row["Participant code"] for row in rows]
    assert codes == sorted(codes) and len(set(codes)) == 3
    sheet = load_workbook(io.BytesIO(export(client, small.cohort, "xlsx", pseudonymise="y")))
    cells = [[cell for cell in row] for row in sheet.active.iter_rows(values_only=True)]
    assert cells[0][0] == "Participant code" and "Username" not in cells[0]
    assert [row[0] for row in cells[1:]] == codes
    flat = " ".join(str(cell) for row in cells for cell in row)
    assert not any(name in flat for name in ("Tazi", "amal", "Oubaha", "badr", "chaima"))


def test_xlsx_reads_right_to_left_in_arabic(client, make, organizer):
    from tamkeen.accounts.models import User
    from tamkeen.extensions import db

    with make.app.app_context():
        db.session.scalar(db.select(User).where(User.username == "org")).locale = "ar"
        db.session.commit()
    sheet = load_workbook(io.BytesIO(export(client, organizer.cohort, "xlsx"))).active
    assert sheet.sheet_view.rightToLeft is True


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"course": "rights"},
            {("amal", "Rights online"), ("badr", "Rights online"), ("chaima", "Rights online")},
        ),
        (
            {"organization": "tanmia"},
            {("chaima", "Rights online"), ("chaima", "Association budgets")},
        ),
        ({"since": "2001-01-01", "until": "2001-12-31"}, None),
    ],
)
def test_filters_narrow_every_export_and_the_dashboard(client, organizer, filters, expected):
    small = organizer
    values = {
        "course": small.rights.id if filters.get("course") else None,
        "organization": small.tanmia.id if filters.get("organization") else None,
        "since": filters.get("since"),
        "until": filters.get("until"),
    }
    values = {key: value for key, value in values.items() if value is not None}
    rows = csv_rows(export(client, small.cohort, "csv", **values))
    if expected is not None:
        assert {(row["Username"], row["Course"]) for row in rows} == expected
    else:  # nothing was done in 2001: every enrolment shows no progress
        assert len(rows) == 6 and {row["Progress (%)"] for row in rows} == {"0"}
    dashboard = client.get(f"/cohorts/{small.cohort.id}", query_string=values).get_data(
        as_text=True
    )
    assert f"of {len(rows)} enrolments" in dashboard


def test_a_report_for_a_period_counts_only_what_was_done_in_it(client, make, organizer):
    """Without dates the reports read the stored progress; with dates they compute it for
    the period: Badr's lesson, ten days ago, is outside the last three days."""
    from datetime import date, timedelta

    from tamkeen.database import utcnow
    from tamkeen.extensions import db
    from tamkeen.learning import summaries
    from tamkeen.learning.models import LessonProgress

    small = organizer
    with make.app.app_context():
        db.session.execute(
            db.update(LessonProgress)
            .where(LessonProgress.user_id == small.badr.id)
            .values(completed_at=utcnow() - timedelta(days=10))
        )
        summaries.refresh([small.badr.id], [small.rights.id])  # as a write would
        db.session.commit()

    def lessons(**dates) -> dict:
        rows = csv_rows(export(client, small.cohort, "csv", course=small.rights.id, **dates))
        return {row["Username"]: row["Lessons completed"] for row in rows}

    today = date.today()
    everything = lessons()
    assert everything == {"amal": "4", "badr": "1", "chaima": "0"}
    assert lessons(since=(today - timedelta(days=30)).isoformat()) == everything
    assert lessons(since=(today - timedelta(days=3)).isoformat()) == {
        "amal": "4",
        "badr": "0",
        "chaima": "0",
    }
    assert lessons(until=(today - timedelta(days=5)).isoformat()) == {
        "amal": "0",
        "badr": "1",
        "chaima": "0",
    }


def test_sql_percent_and_completion_agree_with_the_trainees_progress(app, small):
    from tamkeen.extensions import db
    from tamkeen.learning.services import progress_for
    from tamkeen.reports.progress import ReportFilter, report_data

    with app.app_context():
        data = report_data(small.cohort.id, ReportFilter())
        summaries = progress_for(
            [r.user_id for r in data.rows], [small.rights.id, small.budgets.id]
        )
        for row in data.rows:
            summary = summaries[(row.user_id, row.course_id)]
            assert (row.percent, bool(row.is_complete)) == (summary.percent, summary.is_complete)
        db.session.rollback()


def test_pseudonymised_exports_hide_small_organizations_and_give_months(
    client, make, organizer, tmp_path
):
    """A partner's name and a day can point at one person in a small group: the shared
    variant names only organizations with five or more people in it, and gives months."""
    small = organizer
    large = make.organization("Réseau des associations du Souss")
    people = [make.user(f"souss{n}") for n in range(5)]
    with make.app.app_context():  # five people of a larger partner join the cohort
        from tamkeen.cohorts import services as cohorts
        from tamkeen.extensions import db

        cohort = db.session.get(type(small.cohort), small.cohort.id)
        joining = [db.session.merge(person) for person in people]
        cohorts.add_participants(cohort, joining, organization_id=large.id, by=None)
        db.session.commit()

    rows = csv_rows(export(client, small.cohort, "csv", pseudonymise="y"))
    by_org = {row["Organization"] for row in rows}
    assert by_org == {"(fewer than 5 people)", "Réseau des associations du Souss"}
    months = {row["Last activity (month)"] for row in rows} - {""}
    assert months and all(len(month) == 7 and month[4] == "-" for month in months)
    named = csv_rows(export(client, small.cohort, "csv"))  # the organizer's own copy
    assert {"Association Tanmia", "'=Réseau Amal"} <= {row["Organization"] for row in named}
    assert all(len(row["Last activity"]) in (0, 10) for row in named)

    pdf = pdf_words(export(client, small.cohort, "pdf", pseudonymise="y"), tmp_path)
    assert "Tanmia" not in pdf and "Amal" not in pdf and "fewer than 5 people" in pdf
    assert "Souss" in pdf
