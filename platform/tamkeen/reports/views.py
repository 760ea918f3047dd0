"""Organizers' cohort pages: the dashboard, the participants table, a participant's page,
and the progress reports. Organizers see the cohorts they run (another cohort: 404);
administrators see every cohort; nobody else sees any (403)."""

from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..accounts.permissions import role_required
from ..cohorts import services as cohorts
from ..cohorts.certificate_forms import IssueForm, RevokeForm
from ..cohorts.policies import cohort_or_404, participant_or_404
from ..database import utcnow
from ..jobs import private
from ..jobs.pages import progress_page, ready_page
from ..jobs.queue import Pending, queued
from ..web import ActionForm
from . import fragments, services, stamps
from .dashboard import cohort_dashboard
from .exports import report_filename
from .forms import SORTS, ExportForm, FilterForm, TableForm
from .progress import ReportFilter, by_participant, certificates_of, report_data
from .remembered import remember_chosen, remember_organization, remembered
from .table import cell_labels, participants_page

bp = Blueprint("reports", __name__)

STAFF = ("organizer", "admin")


def _export_form(report: ReportFilter) -> ExportForm:
    return ExportForm(formdata=None, data=report.as_args())


@bp.route("/cohorts/<int:cohort_id>")
@role_required(*STAFF)
def dashboard(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    kept = _Kept(cohort, "dashboard")
    if kept.html is not None:
        return render_template("reports/dashboard.html", cohort=cohort, content=kept.html)
    courses = cohorts.cohort_courses(cohort)
    form = FilterForm(request.args, courses)
    remember_organization(form, cohort.id, request.args)
    report = form.report()

    def content() -> tuple[str, datetime | None]:
        figures = cohort_dashboard(cohort.id, report)
        html = render_template(
            "reports/_dashboard_content.html",
            cohort=cohort,
            form=form,
            report=report,
            dashboard=figures,
            charts=services.dashboard_charts(figures),
            export_form=_export_form(report),
        )
        return html, figures.active_until

    # With a period, "active" is counted live (no time it stays right until): not kept.
    keep = report.period is None and not form.errors
    return render_template(
        "reports/dashboard.html", cohort=cohort, content=kept.make(content, form, keep)
    ), 422 if form.errors else 200


@bp.route("/cohorts/<int:cohort_id>/participants")
@role_required(*STAFF)
def participants(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    kept = _Kept(cohort, "participants")
    if kept.html is not None:
        return render_template("reports/participants.html", cohort=cohort, content=kept.html)
    courses = cohorts.cohort_courses(cohort)
    form = TableForm(request.args, courses)
    remember_organization(form, cohort.id, request.args)
    report = form.report()
    sort = form.sort.data if form.sort.data in SORTS else "name"

    def content() -> tuple[str, None]:
        page, (data, lines) = participants_page(
            cohort.id,
            report,
            [c.id for c in courses if report.course_id in (None, c.id)],
            sort=sort,
            descending=form.order.data == "desc",
            page=request.args.get("page", 1, type=int),
            search=form.search(),
        )
        html = render_template(
            "reports/_participants_content.html",
            cohort=cohort,
            form=form,
            report=report,
            page=page,
            data=data,
            lines=lines,
            labels=cell_labels(),
            sort=sort,
            order=form.order.data,
            export_form=_export_form(report),
        )
        return html, None

    return render_template(
        "reports/participants.html",
        cohort=cohort,
        content=kept.make(content, form, not form.errors),
    ), 422 if form.errors else 200


class _Kept:
    """A page's content from the reports' cache (``fragments.py``), looked up before
    anything else is read: the cohort's stamp first, so that content made after a miss is
    at least as new as the stamp it is kept under. Kept without the export form's CSRF
    token (a placeholder stands in for it, replaced by this request's token)."""

    def __init__(self, cohort, page: str) -> None:
        cohort_id, self.html = cohort.id, None
        self.store = fragments.cache()
        if self.store is None:
            return
        self.stamp = stamps.current(cohort_id)
        args = tuple(sorted(request.args.items(multi=True)))
        self.key = (
            cohort_id,
            cohort.uuid,  # a cohort deleted, another made with its number (SQLite): not it
            page,
            str(get_locale()),
            request.script_root,
            args,
            remembered(cohort_id, request.args),
        )
        found = self.store.get(self.key, self.stamp, utcnow())
        if found is not None:
            html, chosen = found
            remember_chosen(cohort_id, chosen, request.args)
            self.html = Markup(fragments.with_csrf_token(html))  # noqa: S704  # nosec B704 - our templates'

    def make(self, render, form, keep: bool) -> Markup:
        """The content rendered now (``render`` gives the HTML and until when it stays
        right, None: until a write), kept if ``keep``."""
        if self.store is None or not keep:
            return Markup(render()[0])  # noqa: S704  # nosec B704 - our own templates' output
        with fragments.csrf_placeholder():
            html, until = render()
        self.store.put(self.key, self.stamp, until, html, form.organization.data)
        return Markup(fragments.with_csrf_token(html))  # noqa: S704  # nosec B704 - our own templates'


@bp.route("/cohorts/<int:cohort_id>/participants/<int:user_id>")
@role_required(*STAFF)
def participant(cohort_id: int, user_id: int):
    cohort, member = participant_or_404(current_user, cohort_id, user_id)
    data = report_data(cohort.id, ReportFilter(), [user_id], standings_too=True)
    lines = by_participant(data)
    return render_template(
        "reports/participant.html",
        cohort=cohort,
        member=member,
        data=data,
        line=lines[0] if lines else None,
        labels=cell_labels(),
        certificates=certificates_of(user_id, [c.id for c in data.courses]),
        issue_form=IssueForm(data.courses, prefix="issue"),
        revoke_form=RevokeForm(prefix="revoke"),
        action_form=ActionForm(),
    )


@bp.route("/cohorts/<int:cohort_id>/reports/progress", methods=["POST"])
@role_required(*STAFF)
def export(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    form = ExportForm()
    filters = FilterForm(request.form, cohorts.cohort_courses(cohort))
    fmt = form.chosen_format()
    if not form.validate_on_submit() or fmt is None or not filters.validate():
        abort(400)
    if fmt == "pdf" and queued():  # laid out by the queue, for this organizer alone
        max_rows = current_app.config["REPORT_PDF_MAX_ROWS"]
        pseudonymise = bool(form.pseudonymise.data)
        token = private.start(
            "progress_report",
            (cohort.id, filters.report(), pseudonymise, current_user.id, max_rows),
            owner=current_user.id,
            scope=cohort.id,
            filename=report_filename(cohort.id, "pdf", pseudonymise),
            extension="pdf",
        )
        return redirect(
            url_for("reports.progress_result", cohort_id=cohort.id, token=token, wait=1), 303
        )
    download = services.progress_report(
        cohort,
        filters.report(),
        fmt,
        pseudonymise=form.pseudonymise.data,
        by=current_user,
        pdf_max_rows=current_app.config["REPORT_PDF_MAX_ROWS"],
    )
    return _attachment(download.content, download.filename, download.mimetype)


def _attachment(content: bytes, filename: str, mimetype: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/cohorts/<int:cohort_id>/reports/progress/<token>")
@role_required(*STAFF)
def progress_result(cohort_id: int, token: str):
    """A PDF progress report the queue makes (TAMKEEN_JOBS=queue): its progress page, then
    the download, for the organizer who asked only (jobs/private.py); 404 for anyone else."""
    cohort = cohort_or_404(current_user, cohort_id)
    if not queued():
        abort(404)
    found = private.state(token, owner=current_user.id, scope=cohort.id)
    if found is None:
        abort(404)
    title = _("Progress report")
    if isinstance(found, Pending):
        check = url_for("reports.progress_result", cohort_id=cohort.id, token=token, wait=1)
        # A failed report is asked for again from the dashboard's form.
        page, status = progress_page(
            found, title, check, url_for("reports.dashboard", cohort_id=cohort.id)
        )
        return page, status, {"Cache-Control": "no-store"}
    if request.args.get("wait"):
        here = url_for("reports.progress_result", cohort_id=cohort.id, token=token)
        return ready_page(title, here), 200, {"Cache-Control": "no-store"}
    taken = private.take(token, owner=current_user.id, scope=cohort.id)
    if taken is None:
        abort(404)
    content, filename = taken
    return _attachment(content, filename, services.MIMETYPES["pdf"])
