"""Organizers issue and revoke certificates for the participants of their cohorts."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..accounts.permissions import can_edit, role_required
from ..certificates import services as certificates
from ..certificates.codes import format_code
from ..certificates.models import Certificate
from ..learning.models import Course
from ..web import ActionForm, get_or_404, render_form
from . import services
from .certificate_forms import IssueForm, RevokeForm
from .certificates import issue_for, issue_to_completers, may_issue_for
from .policies import cohort_or_404, participant_or_404
from .views import bp

STAFF = ("organizer", "admin")


def _participant_page(cohort_id: int, user_id: int):
    return redirect(url_for("reports.participant", cohort_id=cohort_id, user_id=user_id))


@bp.route("/cohorts/<int:cohort_id>/participants/<int:user_id>/certificates", methods=["POST"])
@role_required(*STAFF)
def issue_certificate(cohort_id: int, user_id: int):
    cohort, member = participant_or_404(current_user, cohort_id, user_id)
    form = IssueForm(services.cohort_courses(cohort), prefix="issue")
    if not form.validate_on_submit():
        abort(400)
    course = get_or_404(Course, form.course.data)
    if not may_issue_for(cohort, member.user, course, by=current_user):
        flash(_("This certificate was not issued in this cohort's name."), "error")
        return _participant_page(cohort.id, user_id)
    certificate = issue_for(cohort, member.user, course, by=current_user)
    flash(
        _("Certificate issued. Its code: %(code)s", code=format_code(certificate.code)), "success"
    )
    return _participant_page(cohort.id, user_id)


@bp.route("/cohorts/<int:cohort_id>/certificates/<int:certificate_id>/revoke", methods=["POST"])
@role_required(*STAFF)
def revoke_certificate(cohort_id: int, certificate_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    certificate = get_or_404(Certificate, certificate_id)
    # Only the certificates issued in this cohort's name, to people still in it.
    if certificate.cohort_id != cohort.id:
        abort(404)
    if services.find_participant(cohort, certificate.user_id) is None:
        abort(404)
    if not can_edit(current_user, certificate):
        abort(404)
    form = RevokeForm(prefix="revoke")
    if not form.validate_on_submit():
        return render_form(
            "cohorts/revoke.html",
            form,
            cohort=cohort,
            certificate=certificate,
            code=format_code(certificate.code),
        )
    if certificate.is_revoked:
        flash(_("This certificate is already revoked."), "info")
    else:
        certificates.revoke_certificate(certificate, form.reason.data, by=current_user)
        flash(_("The certificate is revoked. Its code now verifies as revoked."), "success")
    return _participant_page(cohort.id, certificate.user_id)


@bp.route("/cohorts/<int:cohort_id>/courses/<int:course_id>/certificates", methods=["POST"])
@role_required(*STAFF)
def issue_to_all(cohort_id: int, course_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    course = next((c for c in services.cohort_courses(cohort) if c.id == course_id), None)
    if course is None or not ActionForm().validate_on_submit():
        abort(404)
    count = issue_to_completers(cohort, course, by=current_user)
    flash(ngettext("%(num)d certificate issued.", "%(num)d certificates issued.", count), "success")
    return redirect(url_for("reports.dashboard", cohort_id=cohort.id))
