"""Certificate pages: the holder's, the public check, and the organizers' actions."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.permissions import can_edit, can_view, role_required
from ..accounts.services import find_user
from ..audit import record_event
from ..authoring.image_cleaning import ImageRefused
from ..extensions import limiter
from ..learning import services as learning
from ..learning.models import Course
from ..pdf import print_date
from ..web import get_or_404, render_form, send_download
from . import logos, services
from .codes import format_code
from .forms import IssueForm, LogoForm, PrintedNameForm, RevokeForm, VerifyForm
from .models import Certificate

bp = Blueprint("certificates", __name__)

# Guessing a 137-bit code is hopeless; the limit also keeps the page from being scraped.
VERIFY_LIMIT = "20/minute;200/hour"


def _viewable_outline(course_id: int) -> Course:
    course = learning.course_outline(course_id)
    if course is None or not can_view(current_user, course):
        abort(404)
    return course


def _holder_page(course, form, status=200):
    certificate = services.certificate_for(current_user, course)
    missing = None if certificate else services.missing_steps(current_user, course)
    if form.name.data is None:
        form.name.data = current_user.name
    body = render_template(
        "certificates/certificate.html",
        course=course,
        certificate=certificate,
        code=format_code(certificate.code) if certificate else None,
        missing=missing,
        form=form,
        credentials=_credential_offer(),
    )
    return body, status


def _credential_offer() -> str | None:
    """What the holder's page says of the verifiable credential: "download" where this
    server signs them, "central" on a workshop laptop, None where no key is set up."""
    from ..laptop import is_workshop_laptop
    from .openbadges.keys import has_signing_key

    if is_workshop_laptop():
        return "central"
    return "download" if has_signing_key() else None


@bp.route("/courses/<int:course_id>/certificate")
@login_required
def mine(course_id: int):
    return _holder_page(_viewable_outline(course_id), PrintedNameForm())


@bp.route("/courses/<int:course_id>/certificate", methods=["POST"])
@login_required
def claim(course_id: int):
    """Choose the printed name; issues the certificate first if the course is complete."""
    course = _viewable_outline(course_id)
    form = PrintedNameForm()
    if not form.validate_on_submit():
        return _holder_page(course, form, 422)
    try:
        certificate = services.claim_certificate(current_user, course)
    except services.CertificateError:
        return _holder_page(course, form, 409)
    if not certificate.has_printed_name and not certificate.is_revoked:
        services.choose_printed_name(certificate, form.name.data)
        flash(_("Your certificate is ready."), "success")
    return redirect(url_for("certificates.mine", course_id=course.id))


@bp.route("/certificates/<int:certificate_id>/download")
@login_required
def download(certificate_id: int):
    certificate = get_or_404(Certificate, certificate_id)
    if not can_view(current_user, certificate):
        abort(404)
    if certificate.is_revoked or not certificate.has_printed_name:
        return redirect(url_for("certificates.mine", course_id=certificate.course_id))
    path = services.certificate_pdf(certificate)
    return send_download(path, f"certificate-{certificate.id}.pdf", public=False)


def _verification(form: VerifyForm, typed: str | None):
    certificate = services.find_by_code(typed) if typed else None
    status = 404 if typed and certificate is None else 200
    body = render_template(
        "certificates/verify.html",
        form=form,
        typed=typed,
        certificate=certificate,
        date=print_date(certificate.completed_at, certificate.language) if certificate else None,
    )
    return body, status, {"X-Robots-Tag": "noindex", "Cache-Control": "no-cache"}


@bp.route("/verify")
@limiter.shared_limit(VERIFY_LIMIT, scope="verify")
def verify_form():
    form = VerifyForm(request.args)
    typed = form.code.data if request.args and form.validate() else None
    return _verification(form, typed)


@bp.route("/verify/<code>")
@limiter.shared_limit(VERIFY_LIMIT, scope="verify")
def verify(code: str):
    return _verification(VerifyForm(data={"code": code}), code)


def _manage_page(issue_form=None, revoke_form=None):
    issue_form = issue_form or IssueForm(current_user, prefix="issue")
    revoke_form = revoke_form or RevokeForm(prefix="revoke")
    status = 422 if issue_form.errors or revoke_form.errors else 200
    body = render_template(
        "certificates/manage.html", issue_form=issue_form, revoke_form=revoke_form
    )
    return body, status


@bp.route("/certificates/manage")
@role_required("organizer", "admin")
def manage():
    return _manage_page()


def _not_reached(form: IssueForm):
    """One answer for a username nobody has and one outside the organizer's cohorts:
    the page never says whether an account exists elsewhere."""
    if current_user.has_role("admin"):
        form.username.errors.append(_("No account has this username."))
    else:
        form.username.errors.append(
            _("None of your cohorts' participants has this username and takes this course.")
        )
    return _manage_page(issue_form=form)


@bp.route("/certificates/manage/issue", methods=["POST"])
@role_required("organizer", "admin")
def issue():
    form = IssueForm(current_user, prefix="issue")
    if not form.validate_on_submit():
        return _manage_page(issue_form=form)
    course = get_or_404(Course, form.course.data)
    holder = find_user(form.username.data)
    certificate = None if holder is None else _issue_by_hand(holder, course)
    if certificate is None:
        return _not_reached(form)
    flash(
        _("Certificate issued. Its code: %(code)s", code=format_code(certificate.code)),
        "success",
    )
    return redirect(url_for("certificates.manage"))


def _issue_by_hand(holder, course):
    """Administrators issue as completion would (a cohort's name if the person takes the
    course in one); an organizer issues in the name of their cohort the person is in, and
    never touches a certificate the person has from elsewhere (None)."""
    if current_user.has_role("admin"):
        return services.issue_certificate(holder, course, by=current_user)
    for delegation in services.DELEGATIONS:
        certificate = delegation.issue(current_user, holder, course)
        if certificate is not None:
            return certificate
    return None


@bp.route("/certificates/manage/revoke", methods=["POST"])
@role_required("organizer", "admin")
def revoke():
    form = RevokeForm(prefix="revoke")
    if not form.validate_on_submit():
        return _manage_page(revoke_form=form)
    certificate = form.certificate
    if not can_edit(current_user, certificate):
        # Not issued in the name of one of the organizer's cohorts (earned on its holder's
        # own, another cohort's): answered as an unknown code, revealing nothing.
        form.code.errors.append(_("No certificate has this code."))
        return _manage_page(revoke_form=form)
    if certificate.cohort_id is None and form.confirmed.data != "yes":
        # Earned without a cohort: an administrator confirms, having seen what it is.
        form.confirmed.data = "yes"
        return render_template(
            "certificates/revoke_confirm.html",
            form=form,
            certificate=certificate,
            code=format_code(certificate.code),
        )
    services.revoke_certificate(certificate, form.reason.data, by=current_user)
    flash(_("The certificate is revoked. Its code now verifies as revoked."), "success")
    return redirect(url_for("certificates.manage"))


@bp.route("/certificates/logo", methods=["GET", "POST"])
@role_required("admin")
def default_logo():
    """The site's default logo, printed on certificates no organization with a logo
    issues. A refused file changes nothing."""
    form = LogoForm()
    if form.validate_on_submit():
        try:
            if form.remove_logo.data:
                name = None
            elif form.logo.data:
                upload = form.logo.data
                name = logos.store_logo(
                    upload.stream.read(logos.MAX_LOGO_BYTES + 1), upload.filename
                )
            else:
                name = logos.site_logo()
        except ImageRefused as refused:
            form.logo.errors.append(refused.message)
        else:
            if name != logos.site_logo():
                logos.set_site_logo(name)
                record_event(current_user, "certificate.default_logo_changed")
            flash(_("The default logo is saved."), "success")
            return redirect(url_for("certificates.default_logo"))
    return render_form("certificates/logo.html", form, has_logo=bool(logos.site_logo()))
