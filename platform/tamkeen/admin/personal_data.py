"""The audit log's lines about a person, for the own-data export and for erasure."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..accounts.personal_data import register_section
from ..audit import ActionNames, AuditEvent, forget_person
from ..extensions import db


def _events(user) -> list[dict[str, Any]]:
    query = (
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.actor_id == user.id,
                (AuditEvent.target_type == "User") & (AuditEvent.target_id == user.id),
            )
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    )
    return [
        {
            "action": event.action,
            "by_you": event.actor_id == user.id,
            "at": event.created_at,
        }
        for event in db.session.scalars(query)
    ]


def register_personal_data() -> None:
    register_section(
        "audit_events",
        _l("Security and administration events about you"),
        export=_events,
        erase=lambda user: forget_person(user.id),
        labels={"action": _l("What happened"), "by_you": _l("Done by you"), "at": _l("When")},
        values={"action": ActionNames()},  # the JSON keeps the code, the page says it in words
    )
