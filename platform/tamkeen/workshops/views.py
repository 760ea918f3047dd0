"""Welcome slips, printed from the page that shows a roster's one-time links once."""

from flask import Blueprint, Response, render_template
from flask_login import current_user

from ..accounts.permissions import role_required
from ..cohorts.policies import cohort_or_404
from ..web import INVALID_FORM
from . import services
from .forms import SlipsForm

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
