"""Signing in, in one or two steps: the password, then (when it is on) a second factor.

Between the two steps the session holds only who is signing in (their id and session
token, so that a password change meanwhile cancels it), when, and where to go next. It
lasts a few minutes. A wrong code gets the same message as a wrong password, and takes as
long (``passwords.spend_verification_time``).
"""

import time
from urllib.parse import quote

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from ..extensions import db
from . import services
from .models import User
from .navigation import safe_next
from .session import mark_authenticated

SIGN_IN_FAILED = _l("These sign-in details do not match an account.")
PENDING_KEY = "pending_sign_in"
PENDING_SECONDS = 5 * 60


def begin_second_step(user: User, next_url: str | None) -> None:
    session[PENDING_KEY] = {
        "user": user.get_id(),
        "at": int(time.time()),
        "next": safe_next(next_url) or "",
    }


def pending_user() -> User | None:
    """Who passed the first step a few minutes ago, if their session is still theirs."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int):
        return None
    if not 0 <= time.time() - pending["at"] <= PENDING_SECONDS:
        return None
    user_id, _, token = str(pending.get("user", "")).partition(".")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active or user.session_token != token:
        return None
    return user


def pending_key() -> str:
    """Rate-limit key for the second step: the person signing in, else the client."""
    pending = session.get(PENDING_KEY)
    if isinstance(pending, dict) and pending.get("user"):
        return "2fa:" + str(pending["user"]).partition(".")[0]
    from ..extensions import client_key

    return client_key()


def finish_sign_in(user: User, next_url: str | None):
    """Every factor checked: sign in, and send a staff member without two-factor to set it
    up (their staff roles wait until then)."""
    session.pop(PENDING_KEY, None)
    services.complete_sign_in(user)
    session.permanent = True
    login_user(user)
    mark_authenticated()
    target = safe_next(next_url) or url_for("learning.my_learning")
    if user.needs_two_factor:
        flash(_l("Your role needs two-step sign-in. Set it up now to use it."), "info")
        return redirect(url_for("accounts.two_factor", next=target))
    return redirect(target)


def start_session(user) -> None:
    """Sign ``user`` in on this device (registration, a welcome link, a new password...)."""
    session.permanent = True
    login_user(user)
    mark_authenticated()


def show_recovery_codes(codes: list[str], next_url: str):
    """The codes, shown once: in this response only, never stored or sent again.

    Their download is a ``data:`` address in this same page, for the same reason: no later
    request could give the codes again. The site's policy (security.py) restricts what a
    page loads, not what it offers to save, so the link is allowed.
    """
    text = recovery_codes_text(codes)
    return render_template(
        "accounts/recovery_codes.html",
        codes=codes,
        next_url=next_url,
        download_href="data:text/plain;charset=utf-8," + quote(text),
        download_name="tamkeen-recovery-codes.txt",
    )


def recovery_codes_text(codes: list[str]) -> str:
    """The codes as a plain-text file, one a line, with what they are for."""
    lines = [
        _("Tamkeen: recovery codes for %(username)s", username=current_user.username),
        _("Each code works once."),
        "",
        *codes,
    ]
    return "\r\n".join(lines) + "\r\n"
