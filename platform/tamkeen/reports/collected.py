"""What a transaction's writes concern, collected by the session's events until the commit
takes it: the change stamps' cohorts (``stamps.Scope``) and the kept sums' pairs
(``aggregates.Pending``) gather the same kinds of ids the same way."""

from dataclasses import dataclass, field
from typing import ClassVar, Self

from sqlalchemy.orm import Session


@dataclass
class Collected:
    """Ids by kind (``KINDS``), or ``everything`` when a write could not be told."""

    KINDS: ClassVar[tuple[str, ...]] = ("cohorts", "users", "courses")

    cohorts: set = field(default_factory=set)
    users: set = field(default_factory=set)
    courses: set = field(default_factory=set)
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or any(getattr(self, kind) for kind in self.KINDS)

    def add(self, kind: str | None, values) -> None:
        """``values`` of ``kind``; a kind of None means every row may be concerned."""
        if kind is None:
            self.everything = True
        else:
            getattr(self, kind).update(value for value in values if value is not None)

    def take(self) -> Self:
        """What is collected, leaving this one empty (its other fields as they are)."""
        taken = type(self)(everything=self.everything)
        for kind in self.KINDS:
            setattr(taken, kind, getattr(self, kind))
            setattr(self, kind, set())
        self.everything = False
        return taken

    @classmethod
    def of(cls, session: Session, key: str) -> Self:
        """The session's own, kept in its ``info`` under ``key`` for the transaction."""
        found = session.info.get(key)
        if found is None:
            found = session.info[key] = cls()
        return found
