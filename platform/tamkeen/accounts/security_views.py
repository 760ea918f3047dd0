"""Pages that protect an account: the second sign-in step, two-factor set-up, recovery
codes, confirming the password again, and recovering a forgotten password."""

from flask import (
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
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import limiter
from ..web import ActionForm, render_form
from . import services, twofactor
from .forms import (
    ConfirmPasswordForm,
    RecoverForm,
    SignInCodeForm,
    TwoFactorSetupForm,
)
from .navigation import safe_next
from .passwords import spend_verification_time, verify_password
from .session import mark_authenticated, reauthentication_required
from .signing_in import (
    SIGN_IN_FAILED,
    finish_sign_in,
    pending_key,
    pending_user,
    show_recovery_codes,
    start_session,
)
from .views import bp


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit("10/minute;60/hour", methods=["POST"])
@limiter.limit("5/minute;30/hour", methods=["POST"], key_func=pending_key)
def sign_in_code():
    user = pending_user()
    if user is None:
        return redirect(url_for("accounts.sign_in"))
    form = SignInCodeForm()
    if form.validate_on_submit():
        spend_verification_time(form.code.data)
        if twofactor.check_second_factor(user, form.code.data):
            return finish_sign_in(user, session["pending_sign_in"].get("next"))
        form.code.errors.append(str(SIGN_IN_FAILED))
    return render_form("accounts/sign_in_code.html", form)


@bp.route("/account/confirm", methods=["GET", "POST"])
@login_required
@limiter.limit("10/minute;60/hour", methods=["POST"])
def confirm_password():
    form = ConfirmPasswordForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            mark_authenticated()
            return redirect(safe_next(form.next.data) or url_for("accounts.account"))
        form.password.errors.append(_("This is not your current password."))
    return render_form("accounts/confirm.html", form)


def _secret_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="totp-setup")


def _setup_page(form: TwoFactorSetupForm, secret: str, status: int = 200):
    uri = twofactor.provisioning_uri(secret, current_user.username)
    form.secret.data = _secret_signer().dumps(secret)
    body = render_template(
        "accounts/two_factor_setup.html",
        form=form,
        qr=twofactor.qr_svg(uri),
        secret=twofactor.grouped_secret(secret),
        next_url=safe_next(request.args.get("next")),
    )
    return body, status


@bp.route("/account/two-factor", methods=["GET", "POST"])
@reauthentication_required
def two_factor():
    """Set up two-step sign-in, or see that it is on (and turn it off)."""
    if current_user.has_two_factor:
        return render_template("accounts/two_factor.html", form=ActionForm())
    form = TwoFactorSetupForm()
    if not form.is_submitted():
        return _setup_page(form, twofactor.new_totp_secret())
    try:
        secret = _secret_signer().loads(form.secret.data or "")
    except BadSignature:
        abort(400)
    user = current_user._get_current_object()
    if form.validate() and twofactor.enable_totp(user, secret, form.code.data):
        services.end_all_sessions(user)
        start_session(user)
        flash(_("Two-step sign-in is on. Every other device is signed out."), "success")
        return redirect(safe_next(request.args.get("next")) or url_for("accounts.account"))
    if not form.code.errors:
        form.code.errors.append(_("This code is not the one the app shows. Try the next one."))
    return _setup_page(form, secret, 422)


@bp.route("/account/two-factor/off", methods=["POST"])
@reauthentication_required
def two_factor_off():
    if not ActionForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    twofactor.disable_totp(user, by=user)
    if user.holds_role("trainer", "organizer", "admin"):
        flash(_("Two-step sign-in is off. Your staff role waits until you turn it on."), "info")
    else:
        flash(_("Two-step sign-in is off."), "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/recovery-codes", methods=["POST"])
@reauthentication_required
def new_recovery_codes():
    if not ActionForm().validate_on_submit():
        abort(400)
    codes = twofactor.new_recovery_codes(current_user)
    return show_recovery_codes(codes, url_for("accounts.account"))


@bp.route("/recover", methods=["GET", "POST"])
@limiter.limit("5/minute;20/hour", methods=["POST"])
def recover():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RecoverForm()
    if form.validate_on_submit():
        user = services.recover_account(form.username.data, form.code.data, form.password.data)
        if user is not None:
            left = twofactor.recovery_codes_left(user)
            flash(
                _(
                    "Your new password is ready; every device is signed out. "
                    "Recovery codes left: %(count)d.",
                    count=left,
                ),
                "success",
            )
            return redirect(url_for("accounts.sign_in"))
        form.code.errors.append(_("This username and recovery code do not match."))
    return render_form("accounts/recover.html", form)
