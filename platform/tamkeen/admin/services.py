"""Site settings and the audit log, for every domain to use."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select, update

from ..extensions import db
from .models import AuditEvent, SiteSetting

EVENTS_PER_PAGE = 50  # lines of the audit log per page


def get_setting(key: str, default: Any = None) -> Any:
    setting = db.session.get(SiteSetting, key)
    return default if setting is None or setting.value is None else setting.value


def set_setting(key: str, value: Any) -> None:
    setting = db.session.get(SiteSetting, key)
    if setting is None:
        db.session.add(SiteSetting(key=key, value=value))
    else:
        setting.value = value
    db.session.flush()


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


def recent_events(limit: int = 100) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return list(db.session.scalars(query.limit(limit)))


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
