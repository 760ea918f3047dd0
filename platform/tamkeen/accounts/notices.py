"""Notices: what Tamkeen has to tell a person, read in the app, since it sends no email.

A domain makes one with ``notify(user_id, kind, subject_id=..., **details)``, for a kind it
registered with ``register_kind``: how the kind reads (a sentence from the details, in the
reader's language), where it leads, and, for a kind that asks for an answer (an invitation),
the partial with its buttons and which of its subjects are still open. The header counts
the unseen ones with one indexed COUNT; a person marks them seen with one button (a GET
never writes). Seen notices are deleted ``SEEN_KEPT_DAYS`` later by ``flask privacy purge``;
all of them are in the person's data export and erased with the account.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import delete, func, select, update

from ..database import utcnow
from ..extensions import db
from ..registry import Registry
from ..statements import USER_ID, prepared
from .models import Notice, User

SEEN_KEPT_DAYS = 90
PER_PAGE = 50


@dataclass(frozen=True)
class NoticeKind:
    text: Callable[[dict[str, Any]], str]
    # Where the notice leads: (url, label), or None.
    link: Callable[[Notice], tuple[str, str] | None] | None = None
    # A partial shown under an open notice (its buttons), and which subjects are open:
    # called once per page with the person and the subject ids of that kind shown.
    actions: str | None = None
    open_subjects: Callable[[User, list[int]], set[int]] | None = None


KINDS: Registry[NoticeKind] = Registry("what a notice of one kind says and where it leads")


def register_kind(kind: str, notice_kind: NoticeKind) -> None:
    KINDS.add(kind, notice_kind)


def notify(user_id: int, kind: str, *, subject_id: int | None = None, **details: Any) -> Notice:
    """A new notice for the person; ``details`` are the texts it names, copied now."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    notice = Notice(user_id=user_id, kind=kind, subject_id=subject_id, details=details)
    db.session.add(notice)
    return notice


@prepared
def _unseen_count() -> Any:
    return select(func.count(Notice.id)).where(Notice.user_id == USER_ID, Notice.seen_at.is_(None))


def unseen_count(user: User) -> int:
    """The header's figure: one COUNT on the (user, seen) index, once per request."""
    if "unseen_notices" not in g:
        g.unseen_notices = db.session.scalar(_unseen_count(), {"user_id": user.id}) or 0
    return g.unseen_notices


def notices_query(user: User):
    """The person's notices, the unseen first, each group newest first."""
    return (
        select(Notice)
        .where(Notice.user_id == user.id)
        .order_by(Notice.seen_at.is_not(None), Notice.created_at.desc(), Notice.id.desc())
    )


def open_subjects(user: User, notices: Iterable[Notice]) -> set[tuple[str, int]]:
    """(kind, subject) pairs still waiting for an answer, one query per kind that asks."""
    by_kind: dict[str, list[int]] = {}
    for notice in notices:
        if notice.subject_id is not None and notice.kind in KINDS:
            by_kind.setdefault(notice.kind, []).append(notice.subject_id)
    found: set[tuple[str, int]] = set()
    for kind, ids in by_kind.items():
        finder = KINDS[kind].open_subjects
        if finder is not None:
            found |= {(kind, subject) for subject in finder(user, ids)}
    return found


def mark_seen(user: User, up_to_id: int) -> int:
    """Mark as seen the person's notices up to the last one they were shown."""
    result = db.session.execute(
        update(Notice)
        .where(Notice.user_id == user.id, Notice.seen_at.is_(None), Notice.id <= up_to_id)
        .values(seen_at=utcnow())
    )
    return result.rowcount or 0


def mark_subject_seen(user_ids: Iterable[int], kind: str, subject_id: int) -> None:
    """Answered notices (an invitation accepted or declined) need no more attention."""
    db.session.execute(
        update(Notice)
        .where(
            Notice.user_id.in_(list(user_ids)),
            Notice.kind == kind,
            Notice.subject_id == subject_id,
            Notice.seen_at.is_(None),
        )
        .values(seen_at=utcnow())
    )


def purge_seen(before: datetime) -> int:
    """Delete the notices seen before ``before``; how many went."""
    result = db.session.execute(delete(Notice).where(Notice.seen_at < before))
    return result.rowcount or 0


def text_of(notice: Notice) -> str:
    kind = KINDS.get(notice.kind)
    if kind is None:  # a kind no longer made: its details still say something
        return str(_l("A notice"))
    return kind.text(notice.details or {})


def link_of(notice: Notice) -> tuple[str, str] | None:
    kind = KINDS.get(notice.kind)
    return kind.link(notice) if kind and kind.link else None


def export_rows(user: User) -> list[dict[str, Any]]:
    """The person's notices as they read them, for the data export."""
    notices = db.session.scalars(
        select(Notice).where(Notice.user_id == user.id).order_by(Notice.created_at, Notice.id)
    )
    return [
        {"notice": text_of(n), "created_at": n.created_at, "seen_at": n.seen_at} for n in notices
    ]


def erase_notices(user: User) -> None:
    db.session.execute(delete(Notice).where(Notice.user_id == user.id))


def register_personal_data() -> None:
    from .personal_data import register_section

    register_section(
        "notices",
        _l("Notices Tamkeen showed you"),
        export=export_rows,
        erase=erase_notices,
        labels={"notice": _l("Notice"), "created_at": _l("Made on"), "seen_at": _l("Seen on")},
    )


def register_role_kinds(role_names: dict[str, Any]) -> None:
    """Roles given and removed: the role's name in the reader's language."""

    def role(details: dict[str, Any]) -> str:
        return str(role_names.get(details.get("role"), details.get("role", "")))

    register_kind(
        "role.granted",
        NoticeKind(lambda d: str(_l("You were given the role: %(role)s.", role=role(d)))),
    )
    register_kind(
        "role.removed",
        NoticeKind(lambda d: str(_l("Your role was removed: %(role)s.", role=role(d)))),
    )


def unseen_notices_label() -> str:
    """The header's link: "Notices", or "Notices (2)" when two wait to be read."""
    count = unseen_count(current_user)
    return _("Notices (%(count)d)", count=count) if count else _("Notices")
