"""Joining a cohort through an invitation: with one's account, or by creating one."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..accounts import services as accounts
from ..accounts import twofactor
from ..accounts.forms import RegisterForm
from ..accounts.signing_in import show_recovery_codes, start_session
from ..extensions import limiter
from ..web import ActionForm
from . import invitations, membership
from .forms import JoinCodeForm
from .invitations import InvitationRefused, Refusal
from .views import bp

# Codes carry ≈78 random bits; the limit keeps anyone from trying them in bulk.
JOIN_LIMIT = "20/minute;200/hour"

REFUSALS = {
    Refusal.UNKNOWN: (
        404,
        _l("No invitation has this code. Check it with the person who gave it to you."),
    ),
    Refusal.EXPIRED: (410, _l("This invitation has expired. Ask the organizer for a new one.")),
    Refusal.USED_UP: (
        410,
        _l(
            "This invitation has been used by as many people as it allows. "
            "Ask the organizer for a new one."
        ),
    ),
    Refusal.REVOKED: (410, _l("This invitation was withdrawn by the organizer.")),
}


def _refused(reason: Refusal):
    status, message = REFUSALS[reason]
    return render_template("cohorts/join_refused.html", message=message), status


def _join_page(code: str, register_form=None, status=200):
    try:
        invitation = invitations.check_invitation(invitations.find_invitation(code))
    except InvitationRefused as refused:
        return _refused(refused.reason)
    member = current_user.is_authenticated and invitations.is_member(
        invitation.cohort_id, current_user
    )
    (overview,) = membership.overviews([invitation.cohort])
    body = render_template(
        "cohorts/join.html",
        code=code,
        cohort=invitation.cohort,
        overview=overview,
        member=member,
        join_form=ActionForm(),
        register_form=register_form or RegisterForm(formdata=None),
    )
    return body, status


@bp.route("/join")
@limiter.shared_limit(JOIN_LIMIT, scope="join")
def join_form():
    form = JoinCodeForm(request.args)
    if request.args and form.validate():
        return redirect(url_for("cohorts.join", code=form.code.data.strip().upper()))
    return render_template("cohorts/join_code.html", form=form), 422 if form.errors else 200


@bp.route("/join/<code>")
@limiter.shared_limit(JOIN_LIMIT, scope="join")
def join(code: str):
    return _join_page(code)


@bp.route("/join/<code>", methods=["POST"])
@limiter.shared_limit(JOIN_LIMIT, scope="join")
@login_required
def accept(code: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        cohort, joined = invitations.join(code, current_user)
    except InvitationRefused as refused:
        return _refused(refused.reason)
    if joined:
        flash(
            _("Welcome to %(cohort)s. Its courses are in your learning.", cohort=cohort.name),
            "success",
        )
    else:
        flash(_("You are already in %(cohort)s.", cohort=cohort.name), "info")
    return redirect(url_for("learning.my_learning"))


@bp.route("/join/<code>/register", methods=["POST"])
@limiter.shared_limit(JOIN_LIMIT, scope="join")
@limiter.limit("20/hour")
def register_and_join(code: str):
    if current_user.is_authenticated:
        return redirect(url_for("cohorts.join", code=code))
    form = RegisterForm()
    if not form.validate_on_submit():
        return _join_page(code, register_form=form, status=422)
    user = accounts.register_user(
        form.username.data,
        form.password.data,
        display_name=form.display_name.data,
    )
    try:
        cohort, _joined = invitations.join(code, user)
    except InvitationRefused as refused:
        return _refused(refused.reason)  # an error status: the new account is rolled back
    codes = twofactor.new_recovery_codes(user)
    start_session(user)
    flash(_("Your account is ready and you joined %(cohort)s.", cohort=cohort.name), "success")
    return show_recovery_codes(codes, url_for("learning.my_learning"))
