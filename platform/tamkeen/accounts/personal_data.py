"""Everything the platform holds about one person: exported on request, erased on request.

Each domain registers a ``Section`` for the rows it keeps about people (``register_section``,
called when the domain's package is imported), with two functions: ``export(user)`` returns
rows of plain values (times as ``datetime``: the JSON file writes them in ISO 8601, the
readable page as dates in the reader's language), ``erase(user)`` removes what names the
person (or, for quiz attempts, detaches it: see docs/privacy.md). A section also names its
keys for the readable page (``labels``) and may name the values of a key that holds codes
(``values``). Erasing is a list of such steps, each of which can be run again safely, so an
erasure that was interrupted is finished by running it again (``flask privacy purge``
finishes every erasure that was started).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..audit import record_event
from ..database import utcnow
from ..extensions import db
from ..i18n import LANGUAGES
from ..registry import Registry
from ..tombstones import record_tombstone, user_key
from .models import PasswordLink, RecoveryCode, User, UserRole, new_session_token
from .twofactor import recovery_codes_left

EXPORT_FORMAT = "tamkeen-personal-data/2"


@dataclass(frozen=True)
class Section:
    name: str
    title: Any  # a lazily translated heading for the readable export
    export: Callable[[User], list[dict[str, Any]]]
    erase: Callable[[User], None]
    labels: Mapping[str, Any] = field(default_factory=dict)  # key → lazily translated label
    values: Mapping[str, Mapping[Any, Any]] = field(default_factory=dict)  # key → code → words


SECTIONS: Registry[Section] = Registry("exports and erases what a domain keeps about a person")


def register_section(
    name: str,
    title: Any,
    *,
    export: Callable[[User], list[dict[str, Any]]],
    erase: Callable[[User], None],
    labels: Mapping[str, Any] | None = None,
    values: Mapping[str, Mapping[Any, Any]] | None = None,
) -> None:
    SECTIONS.add(name, Section(name, title, export, erase, labels or {}, values or {}))


def plain(value: Any) -> Any:
    """A value as JSON writes it (``json.dumps(default=plain)``): times in ISO 8601 (UTC)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a value the export writes")


def account_row(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "language": user.locale,
        "roles": sorted(user.roles),
        "created_at": user.created_at,
        "last_sign_in_on": user.last_sign_in_on,
        "two_factor": user.has_two_factor,
        "recovery_codes_left": recovery_codes_left(user),
    }


def _account_section() -> Section:
    from . import ROLE_NAMES

    labels = {
        "username": _l("Username"),
        "display_name": _l("Name shown to others"),
        "language": _l("Language"),
        "roles": _l("Roles"),
        "created_at": _l("Account made on"),
        "last_sign_in_on": _l("Last sign-in"),
        "two_factor": _l("Two-step sign-in"),
        "recovery_codes_left": _l("Recovery codes left"),
    }
    values = {"roles": ROLE_NAMES, "language": LANGUAGES}
    return Section("account", _l("Your account"), account_row, lambda _u: None, labels, values)


def export_data(user: User) -> dict[str, Any]:
    """The whole of it, section by section: ``json.dumps(default=plain)`` writes it."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow(),
        "account": account_row(user),
    }
    for section in SECTIONS:
        data[section.name] = section.export(user)
    return data


def readable_sections() -> list[Section]:
    """Every section in the export's order, the account first, for the readable page."""
    return [_account_section(), *SECTIONS]


# -- erasure ---------------------------------------------------------------------------


def start_erasure(user: User) -> None:
    """The person can no longer sign in, and nobody sees their names, from this moment."""
    if user.erasure_started_at is None:
        user.erasure_started_at = utcnow()
    user.is_disabled = True
    user.session_token = new_session_token()
    user.display_name = None
    db.session.flush()


def _erase_account_rows(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(PasswordLink).where(PasswordLink.user_id == user.id))
    db.session.execute(delete(UserRole).where(UserRole.user_id == user.id))
    db.session.expire(user, ["role_rows"])
    db.session.delete(user)
    db.session.flush()


def erasure_steps(user: User) -> list[tuple[str, Callable[[], None]]]:
    """The steps in order: the domains' sections, then the account itself."""
    steps = [(section.name, lambda s=section: s.erase(user)) for section in SECTIONS]
    steps.append(("account", lambda: _erase_account_rows(user)))
    return steps


def erase_account(
    user: User, *, by: User | None = None, after_step: Callable[[str], None] | None = None
) -> None:
    """Erase the person and every row that names them; safe to run again if interrupted.

    ``after_step`` is called after each step (the command line commits there, so that a
    long erasure that is stopped keeps what it did and the next run finishes it). The
    audit log records that an account was erased, never whose.
    """
    start_erasure(user)
    # Erasure travels to workshop laptops' results as a tombstone, and wins there.
    record_tombstone("user", user_key(user.uuid))
    if after_step:
        after_step("start")
    for name, step in erasure_steps(user):
        step()
        if after_step:
            after_step(name)
    actor = by if by is not None and by.id != getattr(user, "id", None) else None
    record_event(actor, "account.erased")
    db.session.flush()


def unfinished_erasures() -> list[User]:
    query = select(User).where(User.erasure_started_at.is_not(None)).order_by(User.id)
    return list(db.session.scalars(query))
