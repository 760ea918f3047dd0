"""The audit log: who did what to which object, and when. Every domain writes to it.

Every domain also says, from its ``init_app``, what its action codes mean in words
(``describe_actions``) and how to name the objects its lines are about (``TARGET_KINDS``),
so that the pages and the data export read as sentences, never as codes.

Never where from: no addresses. Lines outlive the objects they name (an erased object's id
is forgotten, see ``forget_targets``) and are purged after their retention period.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, and_, delete, false, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .database import utcnow
from .extensions import db
from .identity import GloballyIdentified
from .registry import Registry

EVENTS_PER_PAGE = 50  # lines of the audit log per page


class AuditEvent(GloballyIdentified, db.Model):
    """Who did what to which object, and when. Never where from: no addresses."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The actor's account was erased (actor_id is then None): the line was not the
    # system's doing, whatever the action.
    actor_erased: Mapped[bool] = mapped_column(default=False, server_default=false())
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
        update(AuditEvent)
        .where(AuditEvent.actor_id == user_id)
        .values(actor_id=None, actor_erased=True)
    )
    forget_targets("User", [user_id])


def purge_events(before: datetime) -> int:
    """Delete the log's lines older than ``before`` (its retention); how many went."""
    result = db.session.execute(delete(AuditEvent).where(AuditEvent.created_at < before))
    return result.rowcount or 0


# -- the log in words ------------------------------------------------------------------


@dataclass(frozen=True)
class ActionWords:
    words: Any  # a lazily translated verb phrase: "revoked a certificate"
    by_system: Any = None  # what it means when nobody did it: "issued on completion"
    # who did it, once their account is erased: "an organizer whose account no longer exists"
    by_erased: Any = None


ACTIONS: Registry[ActionWords] = Registry("the audit log's action codes in words")


def describe_actions(
    words: Mapping[str, Any],
    *,
    by_system: Mapping[str, Any] | None = None,
    by_erased: Mapping[str, Any] | None = None,
) -> None:
    """A domain's action codes in words; ``by_system`` for lines that no one did (a
    certificate issued when its holder completed the course); ``by_erased`` names who
    did it once their account is erased, when more can be said than "an erased account"."""
    for code, phrase in words.items():
        ACTIONS.add(
            code,
            ActionWords(phrase, (by_system or {}).get(code), (by_erased or {}).get(code)),
        )


def action_words(code: str, *, by_system: bool = False) -> str:
    entry = ACTIONS.get(code)
    if entry is None:  # tests/test_audit_words.py makes sure every written code has words
        return _("another action")
    if by_system and entry.by_system is not None:
        return str(entry.by_system)
    return str(entry.words)


class ActionNames(Mapping):
    """Every action code in words, as the readable data export's ``values`` expects."""

    def __getitem__(self, code: str) -> str:
        return action_words(code)

    def get(self, code: Any, default: Any = None) -> str:
        return action_words(code)

    def __iter__(self) -> Iterator[str]:
        return iter(ACTIONS.names())

    def __len__(self) -> int:
        return len(ACTIONS)


@dataclass(frozen=True)
class Named:
    """An object of the log in words, and a link when it exists and the reader may open it."""

    words: str
    url: str | None = None


@dataclass(frozen=True)
class TargetKind:
    # ids of one kind, the reader → the ones that still exist, named
    name: Callable[[list[int], Any], dict[int, Named]]
    gone: Any  # lazily translated: "a deleted course"


TARGET_KINDS: Registry[TargetKind] = Registry("how the audit log names the objects of its lines")


def describe_targets(
    model: Any,
    words: Callable[[Any], str],
    gone: Any,
    *,
    url: Callable[[Any, Any], str | None] = lambda _obj, _reader: None,
    load: Iterable[Any] = (),
) -> None:
    """How the log names a model's objects (``words``), links them for a reader who may
    open them (``url``) and says one is gone; ``load`` are loader options for what
    ``words`` reads, so a page costs one query per kind of object."""

    def name(ids: list[int], reader: Any) -> dict[int, Named]:
        query = select(model).where(model.id.in_(ids)).options(*load)
        return {obj.id: Named(words(obj), url(obj, reader)) for obj in db.session.scalars(query)}

    TARGET_KINDS.add(model.__name__, TargetKind(name, gone))


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    who: str
    who_url: str | None
    what: str
    on: Named | None


def _named_targets(events: list[AuditEvent], reader: Any) -> dict[tuple[str, int], Named]:
    """One query per kind of object on the page, however many lines name them."""
    ids: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.target_type in TARGET_KINDS and event.target_id is not None:
            ids[event.target_type].add(event.target_id)
    found = {}
    for kind, kind_ids in ids.items():
        for target_id, named in TARGET_KINDS[kind].name(sorted(kind_ids), reader).items():
            found[kind, target_id] = named
    return found


def _target(event: AuditEvent, named: dict[tuple[str, int], Named]) -> Named | None:
    if event.target_type is None:
        return None
    found = named.get((event.target_type, event.target_id))
    if found is not None:
        return found
    kind = TARGET_KINDS.get(event.target_type)
    return Named(str(kind.gone) if kind else _("something since deleted"))


def _who(event: AuditEvent, unnamed: Iterable[str], user_url: Callable[[Any], str] | None):
    if event.action in unnamed:
        return _("a participant"), None
    if event.actor is None:
        entry = ACTIONS.get(event.action)
        if event.actor_erased:
            if entry is not None and entry.by_erased is not None:
                return str(entry.by_erased), None
            return _("an erased account"), None
        if entry is not None and entry.by_system is not None:
            return _("Tamkeen, automatically"), None
        return _("an erased account or the system"), None
    return event.actor.username, user_url(event.actor) if user_url else None


def audit_lines(
    events: Iterable[AuditEvent],
    *,
    reader: Any,
    unnamed: Iterable[str] = (),
    user_url: Callable[[Any], str] | None = None,
) -> list[AuditLine]:
    """The log's lines as a reader reads them: who (linked by ``user_url`` for those who
    may open accounts), what in words, and on what, linked where the reader may follow."""
    events = list(events)
    named = _named_targets(events, reader)
    lines = []
    for event in events:
        who, who_url = _who(event, unnamed, user_url)
        by_system = event.actor_id is None and not event.actor_erased
        what = action_words(event.action, by_system=by_system)
        lines.append(AuditLine(event.created_at, who, who_url, what, _target(event, named)))
    return lines
