"""Account pages. Thin: a form, a service, a template or a redirect."""

import hashlib

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ..extensions import db, limiter
from ..web import ActionForm, render_form
from . import services, twofactor
from .forms import (
    ChangePasswordForm,
    FirstAdminForm,
    LanguageForm,
    ProfileForm,
    RegisterForm,
    SetPasswordForm,
    SignInForm,
    SignOutForm,
)
from .navigation import safe_next
from .passwords import verify_password
from .signing_in import (
    SIGN_IN_FAILED,
    begin_second_step,
    finish_sign_in,
    show_recovery_codes,
    start_session,
)

bp = Blueprint("accounts", __name__)


def _username_key() -> str:
    raw = (request.form.get("username") or "").strip().casefold().encode()
    secret = current_app.config["SECRET_KEY"].encode()
    return "u:" + hashlib.sha256(secret + raw).hexdigest()[:32]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("learning.my_learning"))
    form = RegisterForm()
    if form.validate_on_submit():
        user = services.register_user(
            form.username.data,
            form.password.data,
            display_name=form.display_name.data,
            locale=session.get("locale"),
        )
        codes = twofactor.new_recovery_codes(user)
        start_session(user)
        flash(_("Welcome! Your account is ready."), "success")
        return show_recovery_codes(codes, url_for("learning.catalogue"))
    return render_form("accounts/register.html", form)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10/minute;60/hour", methods=["POST"])
@limiter.limit("30/hour", methods=["POST"], key_func=_username_key)
def sign_in():
    form = SignInForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None and user.has_two_factor:
            begin_second_step(user, form.next.data)
            return redirect(url_for("accounts.sign_in_code"))
        if user is not None:
            return finish_sign_in(user, form.next.data)
        # One message whether the username, the password or (next page) the code was wrong.
        form.password.errors.append(str(SIGN_IN_FAILED))
    return render_form("accounts/sign_in.html", form)


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    if not SignOutForm().validate_on_submit():
        abort(400)
    locale = session.get("locale")
    services.end_all_sessions(current_user)
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    flash(_("You are signed out, on this device and every other."), "success")
    response = redirect(url_for("learning.home"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/exit")
def quick_exit():
    """The quick-exit link: forget this browser's session and everything the site stored in
    it, then leave for a neutral site. A GET, so that it works as a plain link without
    JavaScript; signing someone out is all a forged link could do. As signing out does, it
    ends the account's sessions everywhere, so that no copy of the cookie (a browser's own
    session restore) opens the account again. Nothing is recorded: a line saying that a
    person fled the page would itself be a trace."""
    if current_user.is_authenticated:
        services.end_all_sessions(current_user)
        db.session.commit()  # a GET, which the request's own commit leaves alone
    logout_user()
    session.clear()
    response = redirect(current_app.config["QUICK_EXIT_URL"], code=303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.locale.data = current_user.locale or ""
    if form.validate_on_submit():
        services.update_profile(
            current_user, display_name=form.display_name.data, locale=form.locale.data
        )
        if form.locale.data:
            session["locale"] = form.locale.data
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.account"))
    return render_form(
        "accounts/account.html",
        form,
        codes_left=twofactor.recovery_codes_left(current_user),
        action_form=ActionForm(),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit("10/minute;60/hour", methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.current_password.data):
            user = current_user._get_current_object()
            services.change_password(user, form.password.data)
            start_session(user)  # this device stays signed in with the new token
            flash(_("Your password is changed. Every other device is signed out."), "success")
            return redirect(url_for("accounts.account"))
        form.current_password.errors.append(_("This is not your current password."))
    return render_form("accounts/password.html", form)


@bp.route("/language", methods=["POST"])
def choose_language():
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["locale"] = form.locale.data
    if current_user.is_authenticated:
        services.set_locale(current_user, form.locale.data)
    return redirect(safe_next(form.next.data) or url_for("learning.home"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
@limiter.limit("10/minute", methods=["POST"])
def first_admin(token: str):
    if not services.setup_token_valid(token):
        abort(404)
    form = FirstAdminForm()
    if form.validate_on_submit():
        user = services.use_setup_token(
            token, form.username.data, form.password.data, form.display_name.data
        )
        codes = twofactor.new_recovery_codes(user)
        start_session(user)
        flash(_("The administrator account is ready."), "success")
        return show_recovery_codes(codes, url_for("accounts.two_factor"))
    return render_form("accounts/first_admin.html", form)


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@limiter.limit("10/minute", methods=["POST"])
def set_password(token: str):
    """The one-time link an organizer handed over with an account made for someone."""
    link = services.password_link(token)
    if link is None:
        return _spent_welcome_link(token)
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = services.use_password_link(token, form.password.data)
        codes = twofactor.new_recovery_codes(user)
        start_session(user)
        flash(_("Your password is saved. Welcome!"), "success")
        return show_recovery_codes(codes, url_for("learning.my_learning"))
    notes = [found for note in services.WELCOME_NOTES if (found := note(link.user))]
    return render_form("accounts/welcome.html", form, username=link.user.username, notes=notes)


def _spent_welcome_link(token: str):
    """A used or expired welcome link says so. The username is shown only to its owner
    signed in on this device: a slip or message found later must not name an account."""
    spent = services.spent_password_link(token)
    if spent is None:
        abort(404)
    state, link = spent
    signed_in = current_user.is_authenticated and current_user.id == link.user_id
    page = render_template("accounts/welcome_spent.html", state=state, signed_in=signed_in)
    return page, 410
