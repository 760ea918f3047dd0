"""Site settings and the audit log, for every domain to use."""

from typing import Any

from sqlalchemy import select

from ..extensions import db
from .models import AuditEvent, SiteSetting


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
