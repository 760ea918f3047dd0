"""Progress reports as downloads, for the pages and the ``flask reports`` command alike.

Every download is written to the audit log: who (None for the command line), which
report (format, pseudonymised or not) and when, against the cohort. Never an address.
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from ..audit import record_event
from ..database import reading
from ..i18n import direction
from ..pdf import print_date, render_pdf_bytes
from ..spreadsheets import collector_paused
from . import charts
from .dashboard import Dashboard, cohort_dashboard
from .exports import (
    SMALL_GROUP,
    participant_code,
    progress_sheet,
    report_filename,
    small_group_label,
    small_organizations,
    to_csv,
    to_xlsx,
)
from .pdf_table import fix_columns
from .progress import ReportFilter, by_participant, report_data

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    mimetype: str


def dashboard_charts(dashboard: Dashboard, prefix: str = "chart") -> dict:
    """The dashboard's SVG charts: a funnel per course and completions over time. In the
    PDF (``prefix="pdf"``) funnels are rows of HTML labels beside bars, and the timeline's
    dates are digits: WeasyPrint cannot join Arabic letters inside an SVG."""
    language = str(get_locale())
    rtl = direction(language) == "rtl"
    in_pdf = prefix == "pdf"
    funnels = []
    for index, funnel in enumerate(dashboard.funnels):
        bars = [
            charts.Bar(_("Enrolled"), funnel.enrolled),
            charts.Bar(_("Started"), funnel.started),
            charts.Bar(_("Half way"), funnel.half_way),
            charts.Bar(_("Completed"), funnel.completed),
        ]
        description = _(
            "%(enrolled)d enrolled, %(started)d started, %(half)d half way, "
            "%(completed)d completed.",
            enrolled=funnel.enrolled,
            started=funnel.started,
            half=funnel.half_way,
            completed=funnel.completed,
        )
        title = _("Funnel: %(course)s", course=funnel.course.title)
        if in_pdf:
            funnels.append(charts.bar_rows(bars, rtl=rtl))
        else:
            chart_id = f"{prefix}-funnel-{index}"
            funnels.append(charts.bar_chart(chart_id, title, description, bars, rtl=rtl))

    def day(week) -> str:
        return week.strftime("%d/%m/%Y") if in_pdf and rtl else print_date(week, language)

    points = [(day(week), total) for week, _count, total in dashboard.timeline]
    total = points[-1][1] if points else 0
    timeline = charts.line_chart(
        f"{prefix}-timeline",
        _("Courses completed over time"),
        _("Completed courses, counted week by week: %(total)d in all.", total=total),
        points,
        rtl=rtl,
    )
    return {"funnels": funnels, "timeline": timeline, "prefix": prefix}


def progress_pdf(
    cohort: Any, report: ReportFilter, *, pseudonymise: bool, max_rows: int | None = None
) -> bytes:
    """The report as a PDF; with more than ``max_rows`` participants, without their table."""
    return render_pdf_bytes(
        "cohort_report.html",
        prepare=fix_columns,
        **_report_context(cohort, report, pseudonymise, max_rows),
    )


def progress_html(cohort: Any, report: ReportFilter, *, pseudonymise: bool) -> str:
    """The report's HTML before layout (benchmarks)."""
    from flask import render_template

    context = _report_context(cohort, report, pseudonymise, None)
    return render_template("pdf/cohort_report.html", **context)


def _report_context(
    cohort: Any, report: ReportFilter, pseudonymise: bool, max_rows: int | None
) -> dict[str, Any]:
    data = report_data(cohort.id, report)
    dashboard = cohort_dashboard(cohort.id, report)
    lines = by_participant(data)
    left_out = 0
    if max_rows is not None and len(lines) > max_rows:
        lines, left_out = [], len(lines)
    codes, hidden = {}, set()
    if pseudonymise:
        codes = {line.user_id: participant_code(cohort.id, line.user_id) for line in lines}
        lines.sort(key=lambda line: codes[line.user_id])
        hidden = small_organizations((line.user_id, line.organization) for line in lines)
    language = str(get_locale())
    return dict(
        language=language,
        cohort=cohort,
        report=report,
        data=data,
        lines=lines,
        left_out=left_out,
        codes=codes,
        hidden_organizations=hidden,
        small_group=small_group_label(),
        small_group_size=SMALL_GROUP,
        pseudonymise=pseudonymise,
        dashboard=dashboard,
        charts=dashboard_charts(dashboard, "pdf"),
    )


def progress_report(
    cohort: Any,
    report: ReportFilter,
    fmt: str,
    *,
    pseudonymise: bool,
    by: Any,
    pdf_max_rows: int | None = None,
) -> Download:
    """The progress report of ``cohort`` as a file, recorded in the audit log. The file is
    made from reads alone, outside SQLite's write lock (``database.reading``)."""
    with reading():
        if fmt == "pdf":
            content = progress_pdf(cohort, report, pseudonymise=pseudonymise, max_rows=pdf_max_rows)
        else:
            with collector_paused():
                sheet = progress_sheet(cohort.id, report, pseudonymise=pseudonymise)
                content = to_csv(sheet) if fmt == "csv" else to_xlsx(sheet, _("Progress"))
    variant = ".pseudonymised" if pseudonymise else ""
    record_event(by, f"report.progress.{fmt}{variant}", cohort)
    return Download(content, report_filename(cohort.id, fmt, pseudonymise), MIMETYPES[fmt])


def progress_report_task(
    cohort_id: int,
    report: ReportFilter,
    pseudonymise: bool,
    user_id: int,
    pdf_max_rows: int | None,
    key: str,
) -> Any:
    """The job queue's task (``jobs.private``): the PDF progress report ``user_id`` asked
    for, stored privately under ``key`` and recorded in the audit log as in the request."""
    from ..accounts.models import User
    from ..cohorts.models import Cohort
    from ..extensions import db
    from ..jobs.private import store_result

    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:  # deleted since it was asked for
        raise LookupError(f"no cohort {cohort_id}")
    download = progress_report(
        cohort,
        report,
        "pdf",
        pseudonymise=pseudonymise,
        by=db.session.get(User, user_id),
        pdf_max_rows=pdf_max_rows,
    )
    stored = store_result(key, download.content)
    db.session.commit()  # the audit line, once the file is there
    return stored
