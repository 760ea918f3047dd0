"""The rules about accounts. Services flush; the request or command commits."""

import hashlib
import secrets
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select

from ..audit import record_event
from ..database import utcnow
from ..extensions import db
from ..registry import Registry
from ..site_settings import get_setting, set_setting
from . import twofactor
from .models import ROLES, STAFF_ROLES, PasswordLink, User, UserRole, new_session_token
from .notices import notify
from .passwords import hash_password, needs_rehash, spend_verification_time, verify_password

SETUP_TOKEN_SETTING = "first_admin_setup"  # noqa: S105  (a settings key)  # nosec B105
SETUP_TOKEN_LIFETIME = timedelta(days=2)
PASSWORD_LINK_LIFETIME = timedelta(days=30)
# The certificates' alphabet (certificates/codes.py): no 0 O, 1 I L, U.
WELCOME_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
WELCOME_CODE_LENGTH = 16
# Not an argon2 hash: no password matches it until the owner sets one through a link.
NO_PASSWORD = "!no-password-yet"  # noqa: S105  (a marker, not a password)  # nosec B105
# What the welcome link of an account someone else made tells its owner before anything
# else (cohorts: who invited them, and what those organizers would see): each is called
# with the account and returns a template partial and its context, or None.
WELCOME_NOTES: Registry[Callable[[User], tuple[str, dict] | None]] = Registry(
    "adds a note to the page a welcome link opens"
)


def normalize_username(raw: str) -> str:
    """Usernames compare without regard to case or Unicode look-alike forms."""
    return unicodedata.normalize("NFKC", raw).strip().casefold()


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalize_username(username)))


def username_taken(username: str) -> bool:
    return find_user(username) is not None


def register_user(
    username: str,
    password: str,
    *,
    display_name: str | None = None,
    locale: str | None = None,
    roles: tuple[str, ...] = ("trainee",),
) -> User:
    user = User(
        username=normalize_username(username),
        display_name=(display_name or "").strip() or None,
        locale=locale,
        password_hash=hash_password(password),
    )
    user.role_rows = [UserRole(role=role) for role in roles]
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(username: str, password: str) -> User | None:
    """The user these credentials belong to, or None, in the same time either way.

    The person is not signed in yet: with two-factor sign-in on, a code must follow.
    """
    user = find_user(username)
    password_hash = user.password_hash if user else None
    # Nothing written yet: end the transaction before argon2 (a good part of a second, and
    # seconds on a busy server). On SQLite a POST's transaction holds the write lock from
    # its first query, and every other writer would wait for the hash (issue 17's load
    # test: "database is locked" after the 10 s busy timeout). The user is read again after.
    db.session.commit()
    if not verify_password(password_hash, password):
        return None
    if user is None or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def complete_sign_in(user: User) -> None:
    """Every factor checked: note the day (for the inactivity purge) and audit staff."""
    user.last_sign_in_on = utcnow().date()
    if user.holds_role(*STAFF_ROLES):
        record_event(user, "staff.sign_in", user)


def recover_account(username: str, code: str, new_password: str) -> User | None:
    """A forgotten password replaced with a recovery code; None, in the same time, if the
    username or the code is wrong or the code was used."""
    user = find_user(username)
    spend_verification_time(code)
    if user is None or not user.is_active or not twofactor.use_recovery_code(user, code):
        return None
    change_password(user, new_password)
    return user


def end_all_sessions(user: User) -> None:
    """Every copy of every session cookie this user holds stops working."""
    user.session_token = new_session_token()


def change_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    record_event(user, "account.password_changed", user)


def update_profile(user: User, *, display_name: str | None, locale: str | None):
    user.display_name = (display_name or "").strip() or None
    user.locale = locale or None


def set_locale(user: User, locale: str) -> None:
    user.locale = locale


def set_roles(user: User, roles: set[str], *, by: User) -> None:
    """Grant and remove roles so that the user holds exactly ``roles``; the person gets a
    notice for each change."""
    unknown = roles - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    current = user.roles
    for row in list(user.role_rows):
        if row.role not in roles:
            user.role_rows.remove(row)
            record_event(by, f"role.removed.{row.role}", user)
            notify(user.id, "role.removed", role=row.role)
    for role in sorted(roles - current):
        user.role_rows.append(UserRole(role=role))
        record_event(by, f"role.granted.{role}", user)
        notify(user.id, "role.granted", role=role)
    if "admin" in current - roles or "admin" in roles - current:
        end_all_sessions(user)
    db.session.flush()


def set_disabled(user: User, disabled: bool, *, by: User) -> None:
    user.is_disabled = disabled
    end_all_sessions(user)
    record_event(by, "account.disabled" if disabled else "account.enabled", user)


def admin_exists() -> bool:
    return bool(db.session.scalar(select(exists().where(UserRole.role == "admin"))))


def create_admin(username: str, password: str, display_name: str | None = None) -> User:
    user = register_user(username, password, display_name=display_name, roles=("trainee", "admin"))
    record_event(user, "account.first_admin_created", user)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_setup_token() -> str:
    """A one-time secret for the link that creates the first administrator.

    Only its hash is stored; a new token replaces any earlier one.
    """
    token = secrets.token_urlsafe(32)
    expires = utcnow() + SETUP_TOKEN_LIFETIME
    set_setting(SETUP_TOKEN_SETTING, {"digest": _digest(token), "expires": expires.isoformat()})
    return token


def setup_token_valid(token: str) -> bool:
    if admin_exists():
        return False
    stored = get_setting(SETUP_TOKEN_SETTING)
    if not stored:
        return False
    if stored["expires"] < utcnow().isoformat():
        return False
    return secrets.compare_digest(stored["digest"], _digest(token))


def use_setup_token(token: str, username: str, password: str, display_name: str | None) -> User:
    if not setup_token_valid(token):
        raise PermissionError("the first-administrator link is no longer valid")
    user = create_admin(username, password, display_name)
    set_setting(SETUP_TOKEN_SETTING, None)
    return user


def create_account_for(username: str, display_name: str | None) -> User:
    """An account someone else made (an organizer's list): no password until its owner
    chooses one through ``create_password_link``'s link."""
    user = User(
        username=normalize_username(username),
        display_name=(display_name or "").strip() or None,
        password_hash=NO_PASSWORD,
    )
    user.role_rows = [UserRole(role="trainee")]
    db.session.add(user)
    return user


def welcome_code(token: str) -> str:
    """A welcome link's secret as people type it from a printed slip: no dashes, upper case."""
    return "".join(symbol for symbol in token.upper() if symbol.isalnum())


def create_password_link(user: User) -> str:
    """A one-time secret for the link that lets ``user`` choose a password; only its hash
    is stored, and a new link replaces an older one.

    16 symbols without look-alikes (≈78 random bits, as a cohort's invitation code), in
    groups of four, so that the link printed on a welcome slip can be typed on a phone."""
    code = "".join(secrets.choice(WELCOME_ALPHABET) for _ in range(WELCOME_CODE_LENGTH))
    token = "-".join(code[i : i + 4] for i in range(0, WELCOME_CODE_LENGTH, 4))
    db.session.execute(delete(PasswordLink).where(PasswordLink.user_id == user.id))
    db.session.add(
        PasswordLink(
            user_id=user.id, digest=_digest(code), expires_at=utcnow() + PASSWORD_LINK_LIFETIME
        )
    )
    return token


def _find_password_link(token: str, *, for_update: bool = False) -> PasswordLink | None:
    # Links made before the codes were typeable held case-sensitive tokens: both match.
    digests = {_digest(token), _digest(welcome_code(token))}
    query = select(PasswordLink).where(PasswordLink.digest.in_(digests))
    if for_update:
        query = query.with_for_update()
    link = db.session.scalar(query)
    if link is None or not link.user.is_active:
        return None
    return link


def password_link_state(link: PasswordLink) -> str:
    """Whether a link is "usable", "used" (its account has a password: its one purpose is
    done) or "expired"."""
    if link.user.password_hash != NO_PASSWORD:
        return "used"
    if link.expires_at <= utcnow():
        return "expired"
    return "usable"


def spent_password_link(token: str) -> tuple[str, PasswordLink] | None:
    """A link that exists but can no longer be used, and why ("used" or "expired")."""
    link = _find_password_link(token)
    if link is None or (state := password_link_state(link)) == "usable":
        return None
    return state, link


def password_link(token: str, *, for_update: bool = False) -> PasswordLink | None:
    """The link for this token while it can still be used."""
    link = _find_password_link(token, for_update=for_update)
    if link is None or password_link_state(link) != "usable":
        return None
    return link


def purge_password_links(cutoff: datetime) -> int:
    """Delete the links that expired before ``cutoff`` (kept until then so that a used or
    expired link can still say so)."""
    result = db.session.execute(delete(PasswordLink).where(PasswordLink.expires_at < cutoff))
    return result.rowcount or 0


def use_password_link(token: str, password: str) -> User:
    link = password_link(token, for_update=True)
    if link is None:
        raise PermissionError("this link is no longer valid")
    user = link.user
    user.password_hash = hash_password(password)
    end_all_sessions(user)
    # The link stays until its expiry, so that opening it again says it was used.
    record_event(user, "account.password_set_by_link", user)
    db.session.flush()
    return user
