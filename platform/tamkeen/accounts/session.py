"""Signed-in sessions that really end.

Flask's signed cookie stays valid wherever a copy of it lives. So the cookie carries the
user's current session token as well as their id, and the token changes when they sign out,
change their password or are disabled: every copy of the old cookie stops working at once.

A session lasts ``PERMANENT_SESSION_LIFETIME`` (``TAMKEEN_SESSION_HOURS``) without activity:
the cookie is signed again, with a new time and expiry, when a request comes more than
``REFRESH_AFTER_SECONDS`` after it was signed (Flask signs it again on every response,
which costs a signed-in page a few per cent). The session therefore ends between one minute
before and the full lifetime after the last request, never later; a cookie older than the
lifetime is refused by its signature's time, as before.
"""

import functools
import hmac
import time
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from flask import Flask, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.util import identity_key

from ..database import SAFE_METHODS
from ..extensions import db, login_manager
from ..statements import USER_ID, prepared
from .models import Notice, User


@prepared
def _user_by_id() -> Any:
    """The statement ``db.session.get(User, id)`` builds on each call, built once; the roles
    (every page's header asks) joined in rather than in a second, selectin query."""
    return select(User).where(User.id == USER_ID).options(joinedload(User.role_rows))


@prepared
def _user_and_unseen_notices() -> Any:
    """The same, and the header's count of unseen notices (notices.unseen_count) with it."""
    unseen = (
        select(func.count(Notice.id))
        .where(Notice.user_id == User.id, Notice.seen_at.is_(None))
        .correlate(User)
        .scalar_subquery()
    )
    return (
        select(User, unseen.label("unseen_notices"))
        .where(User.id == USER_ID)
        .options(joinedload(User.role_rows))
    )


def load_user(cookie_id: str) -> User | None:
    user_id, _, token = cookie_id.partition(".")
    if not user_id.isdigit() or not token:
        return None
    key = identity_key(User, int(user_id))
    unseen = None
    if key in db.session.identity_map:  # already in this session: no query, as get() does
        user = db.session.get(User, int(user_id))
    elif request.method in SAFE_METHODS:
        # A page read (which never writes) counts the unseen notices for its header here, a
        # query less; a form's request counts them when its page asks, after its changes.
        found = db.session.execute(_user_and_unseen_notices(), {"user_id": int(user_id)})
        row = found.unique().one_or_none()
        user, unseen = row if row else (None, None)
    else:
        found = db.session.scalars(_user_by_id(), {"user_id": int(user_id)})
        user = found.unique().one_or_none()
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(user.session_token, token):
        return None
    if unseen is not None:
        g.unseen_notices = unseen or 0
    return user


# A cookie signed less than this long ago is not signed again when nothing in it changed.
REFRESH_AFTER_SECONDS = 60


class _Session(SecureCookieSession):
    # When the cookie this session came in was signed (None: a new session).
    signed_at: datetime | None = None


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, signed again only when they changed or are a minute
    old (see the module's docstring), with the signing serializer made once per key."""

    session_class = _Session

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        fallbacks = tuple(app.config["SECRET_KEY_FALLBACKS"] or ())
        return self._serializer(app.secret_key, fallbacks)

    @functools.lru_cache(maxsize=8)  # noqa: B019  (a few keys, for the process's life)
    def _serializer(self, key: str | bytes, fallbacks: tuple) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(
            [*fallbacks, key],  # itsdangerous expects the current key last
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )

    def open_session(self, app: Flask, request) -> _Session | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        opened = self.session_class(data)
        opened.signed_at = signed_at
        return opened

    def should_set_cookie(self, app: Flask, session: SecureCookieSession) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        if signed_at is None:
            return True
        return (datetime.now(UTC) - signed_at).total_seconds() >= REFRESH_AFTER_SECONDS


def register_login(app: Flask) -> None:
    app.session_interface = SessionCookies()
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
