"""The audit log: who did what to which object, and when. Every domain writes to it.

Never where from: no addresses. Lines outlive the objects they name (an erased object's id
is forgotten, see ``forget_targets``) and are purged after their retention period.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, and_, delete, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .database import utcnow
from .extensions import db

EVENTS_PER_PAGE = 50  # lines of the audit log per page


class AuditEvent(db.Model):
    """Who did what to which object, and when. Never where from: no addresses."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor = relationship("User", lazy="joined")


def record_event(actor: Any, action: str, target: Any = None) -> AuditEvent:
    """Write one line of the audit log; ``target`` is any model object with an id."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
    )
    db.session.add(event)
    return event


def events_query(action: str | None = None):
    """The audit log, newest first, optionally only one kind of action (a prefix)."""
    query = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    return query


def events_about(targets: Iterable[tuple[str, Any]]):
    """The audit log's lines about some objects, newest first: ``targets`` pairs a model
    name with an id or a subquery of ids (an organizer's view of their cohort)."""
    about = [
        and_(AuditEvent.target_type == kind, AuditEvent.target_id.in_(ids)) for kind, ids in targets
    ]
    return (
        select(AuditEvent)
        .where(or_(*about))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )


def forget_targets(target_type: str, ids: Iterable[int]) -> None:
    """Erased objects leave the log's lines that named them, without their ids: an id
    could be given again to someone else (SQLite reuses the highest)."""
    ids = list(ids)
    if ids:
        db.session.execute(
            update(AuditEvent)
            .where(AuditEvent.target_type == target_type, AuditEvent.target_id.in_(ids))
            .values(target_id=None)
        )


def forget_person(user_id: int) -> None:
    """The log keeps what happened, and forgets that this person did it or had it done."""
    db.session.execute(
        update(AuditEvent).where(AuditEvent.actor_id == user_id).values(actor_id=None)
    )
    forget_targets("User", [user_id])


def purge_events(before: datetime) -> int:
    """Delete the log's lines older than ``before`` (its retention); how many went."""
    result = db.session.execute(delete(AuditEvent).where(AuditEvent.created_at < before))
    return result.rowcount or 0
