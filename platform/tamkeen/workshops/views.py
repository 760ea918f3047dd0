"""Welcome slips, printed from the page that shows a roster's one-time links once; the
cohort's workshop page: prepare a kit, download it, upload a laptop's results and read
their summary (thin views over ``kit_pages``, the services the commands use)."""

from uuid import UUID

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_login import current_user

from ..accounts.permissions import role_required
from ..cohorts.policies import cohort_or_404
from ..extensions import db
from ..web import INVALID_FORM, send_download
from . import kit_pages, services
from .container import FileRefused
from .forms import PrepareKitForm, ResultsUploadForm, SlipsForm
from .summary import conflict_words

bp = Blueprint("workshops", __name__)

STAFF = ("organizer", "admin")


@bp.route("/cohorts/<int:cohort_id>/people/slips", methods=["POST"])
@role_required(*STAFF)
def welcome_slips(cohort_id: int):
    """The links come back from the organizer's page (they are stored only as hashes);
    each must still be a valid, unused link of someone invited to this cohort."""
    cohort = cohort_or_404(current_user, cohort_id)
    form = SlipsForm()
    pdf = services.print_slips(cohort, form.tokens()) if form.validate_on_submit() else None
    if pdf is None:
        page = render_template("workshops/slips_refused.html", cohort=cohort, form=form)
        return page, INVALID_FORM
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="welcome-slips.pdf"'
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["Cache-Control"] = "no-store"
    return response


def _workshop_page(cohort, *, prepare=None, upload=None, refused=None, status=200):
    page = render_template(
        "workshops/cohort_workshop.html",
        cohort=cohort,
        kits=kit_pages.cohort_kits(cohort),
        prepare_form=prepare or PrepareKitForm(formdata=None),
        upload_form=upload or ResultsUploadForm(formdata=None),
        refused=refused,
    )
    return page, status


@bp.route("/cohorts/<int:cohort_id>/workshop")
@role_required(*STAFF)
def cohort_workshop(cohort_id: int):
    return _workshop_page(cohort_or_404(current_user, cohort_id))


@bp.route("/cohorts/<int:cohort_id>/workshop/kits", methods=["POST"])
@role_required(*STAFF)
def prepare_kit(cohort_id: int):
    """Make a kit; its passphrase is on this answer only (never stored)."""
    cohort = cohort_or_404(current_user, cohort_id)
    form = PrepareKitForm()
    if not form.validate_on_submit():
        return _workshop_page(cohort, prepare=form, status=INVALID_FORM)
    try:
        kit, passphrase = kit_pages.prepare_kit(cohort, by=current_user)
    except FileRefused as error:
        db.session.rollback()
        return _workshop_page(cohort, refused=str(error.message), status=INVALID_FORM)
    db.session.commit()
    page = render_template(
        "workshops/kit_made.html",
        cohort=cohort,
        kit=kit,
        passphrase=passphrase,
        until=kit_pages.downloadable_until(kit),
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/cohorts/<int:cohort_id>/workshop/kits/<uuid:kit_uuid>/download")
@role_required(*STAFF)
def download_kit(cohort_id: int, kit_uuid: UUID):
    cohort = cohort_or_404(current_user, cohort_id)
    kept = kit_pages.kept_kit(cohort, kit_uuid)
    if kept is None:
        abort(404)
    name = f"tamkeen-kit-{cohort.id}-{str(kit_uuid)[:8]}.tkw"
    return send_download(kept, name, public=False, mimetype="application/octet-stream")


@bp.route("/cohorts/<int:cohort_id>/workshop/results", methods=["POST"])
@role_required(*STAFF)
def upload_results(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    form = ResultsUploadForm()
    if not form.validate_on_submit():
        return _workshop_page(cohort, upload=form, status=INVALID_FORM)
    data = form.file.data.read()
    db.session.rollback()  # nothing is held while the file is checked
    try:
        journal = kit_pages.upload_results(
            cohort, data, by=current_user, after_batch=db.session.commit
        )
    except FileRefused as error:
        db.session.rollback()
        form.file.errors = [str(error.message)]
        return _workshop_page(cohort, upload=form, status=INVALID_FORM)
    db.session.commit()
    return redirect(url_for(".workshop_import", cohort_id=cohort.id, import_id=journal.id))


@bp.route("/cohorts/<int:cohort_id>/workshop/imports/<int:import_id>")
@role_required(*STAFF)
def workshop_import(cohort_id: int, import_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    journal = kit_pages.cohort_import(cohort, import_id)
    if journal is None:
        abort(404)
    return render_template(
        "workshops/import_summary.html",
        cohort=cohort,
        journal=journal,
        summary=journal.summary or {},
        conflicts=conflict_words(journal.summary or {}),
    )
