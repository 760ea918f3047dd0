"""`flask reports progress` writes the same report as the page, audited; `flask demo seed`
makes a fictional cohort with a progress bar."""

import csv
import io

from tamkeen.audit import AuditEvent
from tamkeen.cohorts.models import Cohort, CohortParticipant
from tamkeen.learning.models import ProgressSummary

from ..learning.helpers import live_rows, stored_rows


def test_reports_progress_writes_the_pages_csv_and_is_audited(
    app, client, make, organizer, tmp_path
):
    small = organizer
    out = tmp_path / "progress.csv"
    runner = app.test_cli_runner()
    args = ["reports", "progress", "--cohort", str(small.cohort.id), "--format", "csv"]
    result = runner.invoke(args=[*args, "--pseudonymise", "-o", str(out)])
    assert result.exit_code == 0, result.output
    from_cli = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    page = client.post_form(
        f"/cohorts/{small.cohort.id}/reports/progress", {"csv": "1", "pseudonymise": "y"}
    )
    from_page = list(csv.reader(io.StringIO(page.data.decode("utf-8-sig"))))
    assert from_cli == from_page and len(from_cli) == 7
    assert make.count(AuditEvent, action="report.progress.csv.pseudonymised") == 2
    missing = runner.invoke(
        args=["reports", "progress", "--cohort", "999", "--format", "pdf", "-o", str(out)]
    )
    assert missing.exit_code != 0 and "No cohort has the id 999." in missing.output


def test_reports_progress_writes_xlsx_and_pdf(app, small, tmp_path):
    runner = app.test_cli_runner()
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        out = tmp_path / f"progress.{fmt}"
        args = ["reports", "progress", "--cohort", str(small.cohort.id), "--format", fmt]
        result = runner.invoke(args=[*args, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic)


def test_demo_seed_creates_a_cohort(app, make):
    result = app.test_cli_runner().invoke(
        args=["demo", "seed", "--participants", "30", "--courses", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "30 participants, 2 courses" in result.output
    assert make.count(Cohort) == 1 and make.count(CohortParticipant) == 30
    # The stored progress the reports read is filled, and equals the live computation.
    assert make.count(ProgressSummary) == 60
    with app.app_context():
        assert stored_rows() == live_rows()


def test_a_big_cohorts_web_pdf_leaves_the_table_to_csv_but_the_command_prints_it(
    app, client, organizer, tmp_path
):
    """Three participants against a limit of two: the downloaded PDF has the figures and
    says where the table is; the command, which no request time limit stops, prints it."""
    from ..pdftools import pdf_text

    small = organizer
    app.config["REPORT_PDF_MAX_ROWS"] = 2
    page = client.post_form(f"/cohorts/{small.cohort.id}/reports/progress", {"pdf": "1"})
    (tmp_path / "web.pdf").write_bytes(page.data)
    web = pdf_text(tmp_path / "web.pdf")
    assert "This report covers 3 participants" in web and "Amal Tazi" not in web
    out = tmp_path / "cli.pdf"
    args = ["reports", "progress", "--cohort", str(small.cohort.id), "--format", "pdf"]
    assert app.test_cli_runner().invoke(args=[*args, "-o", str(out)]).exit_code == 0
    full = pdf_text(out)
    assert "Amal Tazi" in full and "This report covers" not in full
