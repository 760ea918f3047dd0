"""The merge's rules, one per case (docs/design/workshop-sync.md, 6.4; docs/workshops.md).

- A laptop account is created with its UUID, password hash and recovery codes (salted with
  its UUID, so they still work here); a username taken here by someone else keeps its
  owner, and the laptop's account is renamed ``name-2`` (or the next free) with a notice.
- A kit member's account brings only its last sign-in day and the recovery codes used.
- Enrolments and lessons completed are a union (the earliest record stays).
- A submitted attempt is immutable: one already here stays as it is; a new one is added
  whole and numbered after this server's; an attempt on both sides is two attempts.
- Certificates: a new code is added; for a known code, revocation wins.
- A person erased here is never brought back (tombstones win); a person erased on the
  laptop is erased here too (not staff); leaving on either side wins.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import select

from ..accounts.models import RecoveryCode, User, UserRole
from ..accounts.notices import notify
from ..accounts.personal_data import erase_account
from ..cohorts.models import Cohort, CohortParticipant, Organization
from ..extensions import db
from ..tombstones import Tombstone, membership_key, record_tombstone
from .audit_words import RENAMED
from .merge_activity import (
    merge_attempts,
    merge_certificates,
    merge_learning,
    merge_notices,
)
from .models import WorkshopAccount, WorkshopKit
from .setup import when


@dataclass
class Context:
    kit: WorkshopKit
    content: dict[str, dict[str, tuple[int, int]]]
    members: dict[str, int]  # kit people: uuid -> user id
    known: dict[str, int]  # accounts of the file already here: uuid -> user id
    tombstoned: set[str]  # this server's user tombstones ("user:<uuid>")
    accounts: dict[str, dict]
    device: str = ""
    entries: dict[str, Any] = field(default_factory=dict)
    _by_user: dict[str, dict[str, list]] = field(default_factory=dict)

    def rows_of(self, name: str, person: str) -> list[dict]:
        if name not in self._by_user:
            grouped: dict[str, list] = {}
            for row in self.entries[name]:
                grouped.setdefault(str(UUID(row["user"])), []).append(row)
            self._by_user[name] = grouped
        return self._by_user[name].get(person, [])

    def laptop_stones(self, kind: str) -> set[str]:
        return {row["key"] for row in self.entries["tombstones.jsonl"] if row["kind"] == kind}

    @property
    def cohort(self) -> Cohort | None:
        return db.session.get(Cohort, self.kit.cohort_id) if self.kit.cohort_id else None


def _free_username(wanted: str) -> str:
    taken = set(db.session.scalars(select(User.username).where(User.username.like(f"{wanted}%"))))
    if wanted not in taken:
        return wanted
    number = 2
    while (candidate := f"{wanted[: 40 - len(str(number)) - 1]}-{number}") in taken:
        number += 1
    return candidate


def _new_account(context: Context, row: dict, counts: dict) -> User:
    username = _free_username(row["username"])
    user = User(
        uuid=UUID(row["uuid"]),
        username=username,
        display_name=row["display_name"],
        password_hash=row["password_hash"],
        locale=row["locale"],
        created_at=when(row["created_at"]),
        last_sign_in_on=date.fromisoformat(row["last_sign_in_on"])
        if row["last_sign_in_on"]
        else None,
    )
    user.role_rows = [UserRole(role="trainee")]  # laptop accounts carry no other role
    db.session.add(user)
    db.session.flush()
    db.session.add_all(
        RecoveryCode(
            user_id=user.id,
            digest=c["digest"],
            salt=c["salt"],
            created_at=when(c["created_at"]),
            used_at=when(c["used_at"]),
        )
        for c in row["recovery_codes"]
    )
    renamed = username != row["username"]
    db.session.add(
        WorkshopAccount(
            user_id=user.id,
            kit_id=context.kit.id,
            device=UUID(context.device),
            renamed_from=row["username"] if renamed else None,
        )
    )
    counts["new_accounts"] = counts.get("new_accounts", 0) + 1
    if renamed:
        notify(user.id, RENAMED, old=row["username"], new=username)
        counts.setdefault("renamed", []).append({"user": user.id, "from": row["username"]})
    return user


def _kit_account(user: User, row: dict) -> None:
    """A kit member: only the last sign-in day and the recovery codes used there."""
    day = date.fromisoformat(row["last_sign_in_on"]) if row.get("last_sign_in_on") else None
    if day and (user.last_sign_in_on is None or day > user.last_sign_in_on):
        user.last_sign_in_on = day
    used = {c["digest"]: when(c["used_at"]) for c in row.get("used_recovery_codes", [])}
    if used:
        for code in db.session.scalars(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.digest.in_(list(used)),
                RecoveryCode.used_at.is_(None),
            )
        ):
            code.used_at = used[code.digest]


def _membership(context: Context, person: str, user_id: int, counts: dict) -> None:
    cohort = context.cohort
    if cohort is None:
        return
    key = membership_key(cohort.uuid, person)
    current = db.session.scalar(
        select(CohortParticipant).where(
            CohortParticipant.cohort_id == cohort.id, CohortParticipant.user_id == user_id
        )
    )
    if key in context.laptop_stones("membership"):  # left (or was taken out) on the laptop
        if current is not None:
            record_tombstone("membership", key)
            db.session.delete(current)
            counts["memberships_ended"] = counts.get("memberships_ended", 0) + 1
        return
    rows = context.rows_of("memberships.jsonl", person)
    if not rows or current is not None:
        return
    if db.session.get(Tombstone, ("membership", key)) is not None:  # left here: stays out
        counts["left_here"] = counts.get("left_here", 0) + 1
        return
    organization = (
        db.session.scalar(
            select(Organization.id).where(Organization.uuid == UUID(rows[0]["organization"]))
        )
        if rows[0]["organization"]
        else None
    )
    db.session.add(
        CohortParticipant(
            cohort_id=cohort.id,
            user_id=user_id,
            organization_id=organization,
            joined_at=when(rows[0]["joined_at"]),
        )
    )
    counts["memberships_new"] = counts.get("memberships_new", 0) + 1


def merge_person(context: Context, person: str, counts: dict) -> int | None:
    """Everything the file holds about one person (a UUID), by the rules above; their id
    here, if they have an account here now (their progress summaries to refresh)."""
    if f"user:{person}" in context.tombstoned:  # erased here: never brought back
        counts["erased_here"] = counts.get("erased_here", 0) + 1
        return None
    row = context.accounts.get(person)
    user_id = context.known.get(person) or context.members.get(person)
    user = db.session.get(User, user_id) if user_id else None
    if f"user:{person}" in context.laptop_stones("user"):  # erased on the laptop
        if user is not None and not user.roles - {"trainee"}:
            erase_account(user)
            counts["erased_on_laptop"] = counts.get("erased_on_laptop", 0) + 1
        return None
    if user is None:
        if row is None or row["origin"] != "laptop":
            return None
        user = _new_account(context, row, counts)
    elif row is not None and row["origin"] == "kit":
        _kit_account(user, row)
    counts["people"] = counts.get("people", 0) + 1
    _membership(context, person, user.id, counts)
    merge_learning(context, person, user.id, counts)
    merge_attempts(context, person, user.id, counts)
    merge_certificates(context, person, user.id, counts)
    merge_notices(context, person, user.id, counts)
    db.session.flush()
    return user.id
