"""The participant's side of a cohort: answering a personal invitation, and leaving.

Each page names one cohort by its id and answers 404 unless the signed-in person is
invited to it (or, to leave, takes part in it): nobody learns anything of a cohort, or of
someone else's invitation, by trying ids.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..web import ActionForm, render_form
from . import membership
from .views import bp


def _my_invitation_or_404(cohort_id: int):
    invitation = membership.find_invitation(cohort_id, current_user.id)
    if invitation is None:
        abort(404)
    return invitation


@bp.route("/learning/cohorts/<int:cohort_id>/invitation")
@login_required
def my_invitation(cohort_id: int):
    invitation = _my_invitation_or_404(cohort_id)
    (overview,) = membership.overviews([invitation.cohort])
    return render_template(
        "cohorts/my_invitation.html",
        invitation=invitation,
        overview=overview,
        action_form=ActionForm(),
    )


@bp.route("/learning/cohorts/<int:cohort_id>/invitation/accept", methods=["POST"])
@login_required
def accept_invitation(cohort_id: int):
    invitation = _my_invitation_or_404(cohort_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    cohort = membership.accept_invitation(invitation, user=current_user)
    flash(
        _("Welcome to %(cohort)s. Its courses are in your learning.", cohort=cohort.name),
        "success",
    )
    return redirect(url_for("learning.my_learning"))


@bp.route("/learning/cohorts/<int:cohort_id>/invitation/decline", methods=["POST"])
@login_required
def decline_invitation(cohort_id: int):
    invitation = _my_invitation_or_404(cohort_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    cohort = membership.decline_invitation(invitation, user=current_user)
    flash(_("You declined the invitation to %(cohort)s.", cohort=cohort.name), "success")
    return redirect(url_for("learning.my_learning"))


@bp.route("/learning/cohorts/<int:cohort_id>/leave", methods=["GET", "POST"])
@login_required
def leave(cohort_id: int):
    member = membership.membership(current_user, cohort_id)
    if member is None:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        cohort = membership.leave_cohort(member, user=current_user)
        flash(
            _(
                "You left %(cohort)s. Its organizers no longer see you or your progress.",
                cohort=cohort.name,
            ),
            "success",
        )
        return redirect(url_for("learning.my_learning"))
    (overview,) = membership.overviews([member.cohort])
    return render_form("cohorts/leave.html", form, overview=overview)
