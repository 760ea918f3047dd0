"""Administrator pages."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts import services as accounts
from ..accounts.models import ROLES, User
from ..accounts.permissions import role_required
from ..audit import EVENTS_PER_PAGE, audit_lines, events_query
from ..extensions import db
from ..i18n import LANGUAGES
from ..web import get_or_404, render_form
from .forms import AccessForm, AuditFilterForm, RolesForm, UserSearchForm
from .translations import catalogue_states

bp = Blueprint("admin", __name__, url_prefix="/admin")

USERS_PER_PAGE = 50


@bp.route("/users")
@role_required("admin")
def users():
    form = UserSearchForm(request.args)
    query = select(User).order_by(User.username)
    if form.validate() and form.q.data:
        needle = accounts.normalize_username(form.q.data)
        query = query.where(User.username.contains(needle, autoescape=True))
    page = db.paginate(query, per_page=USERS_PER_PAGE, error_out=False)
    return render_form("admin/users.html", form, page=page)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def user(user_id: int):
    person = get_or_404(User, user_id)
    form = RolesForm(data={role: role in person.roles for role in ROLES})
    if form.validate_on_submit():
        chosen = {role for role in ROLES if getattr(form, role).data}
        if person.id == current_user.id and "admin" not in chosen:
            form.admin.errors.append(_("You cannot remove your own administrator role."))
        else:
            accounts.set_roles(person, chosen, by=current_user)
            flash(_("Roles saved for %(name)s.", name=person.username), "success")
            return redirect(url_for("admin.user", user_id=person.id))
    return render_form("admin/user.html", form, person=person, access_form=AccessForm())


@bp.route("/users/<int:user_id>/access", methods=["POST"])
@role_required("admin")
def account_access(user_id: int):
    """Disable an account (its sessions end at once; it cannot sign in) or enable it again:
    for an account that is compromised, or a person who asks for a pause."""
    person = get_or_404(User, user_id)
    form = AccessForm()
    if not form.validate_on_submit():
        abort(400)
    disable = form.disable.data == "yes"
    if person.erasure_started_at is not None:
        flash(_("This account is being erased; it stays disabled."), "error")
    elif person.id == current_user.id:
        flash(_("You cannot disable your own account."), "error")
    elif person.is_disabled != disable:  # a second click changes nothing
        accounts.set_disabled(person, disable, by=current_user)
        if disable:
            flash(_("%(name)s can no longer sign in.", name=person.username), "success")
        else:
            flash(_("%(name)s can sign in again.", name=person.username), "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/audit")
@role_required("admin")
def audit():
    """Who did what, and when; never from where (no addresses are kept)."""
    form = AuditFilterForm(request.args)
    kind = form.kind.data if form.validate() else None
    query = events_query(f"{kind}." if kind else None)
    page = db.paginate(query, per_page=EVENTS_PER_PAGE, error_out=False)
    lines = audit_lines(page.items, reader=current_user, user_url=_user_url)
    return render_form("admin/audit.html", form, page=page, lines=lines)


def _user_url(user: User) -> str:
    return url_for("admin.user", user_id=user.id)


@bp.route("/translations")
@role_required("admin")
def translations():
    """For translators and the administrators who find them: how far each catalogue is,
    and the English of every string it still lacks."""
    return render_template(
        "admin/translations.html", states=catalogue_states(), languages=LANGUAGES
    )
