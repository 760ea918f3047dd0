"""Signed-in sessions that really end.

Flask's signed cookie stays valid wherever a copy of it lives. So the cookie carries the
user's current session token as well as their id, and the token changes when they sign out,
change their password or are disabled: every copy of the old cookie stops working at once.
"""

import hmac
import time
from functools import wraps
from typing import Any

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.util import identity_key

from ..extensions import db, login_manager
from ..statements import USER_ID, prepared
from .models import User


@prepared
def _user_by_id() -> Any:
    """The statement ``db.session.get(User, id)`` builds on each call, built once; the roles
    (every page's header asks) joined in rather than in a second, selectin query."""
    return select(User).where(User.id == USER_ID).options(joinedload(User.role_rows))


def load_user(cookie_id: str) -> User | None:
    user_id, _, token = cookie_id.partition(".")
    if not user_id.isdigit() or not token:
        return None
    key = identity_key(User, int(user_id))
    if key in db.session.identity_map:  # already in this session: no query, as get() does
        user = db.session.get(User, int(user_id))
    else:
        found = db.session.scalars(_user_by_id(), {"user_id": int(user_id)})
        user = found.unique().one_or_none()
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(user.session_token, token):
        return None
    return user


def register_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    # Session protection would hash the client's address into the session: we keep none.
    login_manager.session_protection = None


# Changing the password, two-factor sign-in or recovery codes, or
# erasing the account, needs the password typed within this many seconds.
REAUTHENTICATION_SECONDS = 10 * 60


def mark_authenticated() -> None:
    session["authenticated_at"] = int(time.time())


def recently_authenticated() -> bool:
    at = session.get("authenticated_at")
    return isinstance(at, int) and 0 <= time.time() - at <= REAUTHENTICATION_SECONDS


def reauthentication_required(view):
    """The view needs the password typed in the last few minutes; asks for it otherwise."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not recently_authenticated():
            flash(_l("For your safety, type your password again to continue."), "info")
            return redirect(url_for("accounts.confirm_password", next=request.path))
        return view(*args, **kwargs)

    return wrapped
