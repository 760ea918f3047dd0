"""A person's own data: download all of it (JSON, or a page to read), or erase it."""

import json

from flask import Response, flash, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ..extensions import limiter
from ..web import render_form
from .forms import EraseAccountForm
from .passwords import verify_password
from .personal_data import erase_account, export_data, plain
from .readable_export import moment, readable
from .views import bp


@bp.route("/account/data")
@login_required
def my_data():
    return render_template("accounts/my_data.html")


def _attachment(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Content-Security-Policy"] = "sandbox"
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


@bp.route("/account/data/export.json")
@login_required
def export_json():
    body = json.dumps(export_data(current_user), ensure_ascii=False, indent=2, default=plain)
    return _attachment(body, "application/json", "tamkeen-my-data.json")


@bp.route("/account/data/export.html")
@login_required
def export_html():
    data, language = export_data(current_user), str(get_locale())
    body = render_template(
        "accounts/data_export.html",
        sections=readable(data, language),
        exported_at=moment(data["exported_at"], language),
    )
    return _attachment(body, "text/html", "tamkeen-my-data.html")


@bp.route("/account/erase", methods=["GET", "POST"])
@login_required
@limiter.limit("10/hour", methods=["POST"])
def erase():
    form = EraseAccountForm()
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            user = current_user._get_current_object()
            locale = session.get("locale")
            logout_user()
            erase_account(user, by=user)
            session.clear()
            if locale:
                session["locale"] = locale
            flash(_("Your account is erased, with everything that named you."), "success")
            response = redirect(url_for("learning.home"))
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
            return response
        form.password.errors.append(_("This is not your current password."))
    return render_form("accounts/erase.html", form)
