"""Tombstones: what was deleted for good, so that a workshop laptop's results never bring
it back (docs/design/workshop-sync.md, sections 3.3 and 6.4).

Only a kind and a key made of UUIDs are kept, never a name: ``user:<uuid>`` for an erased
account, ``membership:<cohort uuid>:<user uuid>`` for someone who left a cohort or was
taken out of it. Accounts and cohorts write them, so they live in the core.
"""

from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from .database import utcnow
from .extensions import db

KINDS = ("user", "membership", "invitation")


class Tombstone(db.Model):
    __tablename__ = "tombstones"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)


def user_key(user_uuid) -> str:
    return f"user:{user_uuid}"


def membership_key(cohort_uuid, user_uuid) -> str:
    return f"membership:{cohort_uuid}:{user_uuid}"


def record_tombstone(kind: str, key: str, deleted_at: datetime | None = None) -> None:
    """Remember a deletion (once: a second call keeps the first time)."""
    if kind not in KINDS:
        raise ValueError(kind)
    if db.session.get(Tombstone, (kind, key)) is None:
        db.session.add(Tombstone(kind=kind, key=key, deleted_at=deleted_at or utcnow()))
        db.session.flush()


def forget_tombstone(kind: str, key: str) -> None:
    """A membership that exists again (the person rejoined) is no longer a deletion."""
    stone = db.session.get(Tombstone, (kind, key))
    if stone is not None:
        db.session.delete(stone)
        db.session.flush()


def is_tombstoned(kind: str, key: str) -> bool:
    return db.session.get(Tombstone, (kind, key)) is not None


def tombstoned_keys(kind: str, keys) -> set[str]:
    keys = list(keys)
    if not keys:
        return set()
    query = select(Tombstone.key).where(Tombstone.kind == kind, Tombstone.key.in_(keys))
    return set(db.session.scalars(query))
