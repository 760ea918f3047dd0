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

from sqlalchemy import func, select

from ..accounts.models import Notice, RecoveryCode, User, UserRole
from ..accounts.notices import notify
from ..accounts.personal_data import erase_account
from ..audit import AuditEvent
from ..certificates.models import Certificate
from ..cohorts.models import Cohort, CohortParticipant, Organization
from ..extensions import db
from ..learning import summaries
from ..learning.models import Enrolment, LessonProgress
from ..quizzes.models import AnswerPick, Attempt, Response
from ..tombstones import Tombstone, membership_key, record_tombstone
from .audit_words import RENAMED
from .models import WorkshopAccount, WorkshopKit
from .results import IDENTIFIED_TARGETS, notice_subject_model
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


def _learning(context: Context, person: str, user_id: int, counts: dict) -> None:
    courses, lessons = context.content["course"], context.content["lesson"]
    enrolled = set(
        db.session.scalars(select(Enrolment.course_id).where(Enrolment.user_id == user_id))
    )
    for row in context.rows_of("enrolments.jsonl", person):
        course = courses.get(row["course"])
        if course and course[0] not in enrolled:
            enrolled.add(course[0])
            db.session.add(
                Enrolment(
                    user_id=user_id, course_id=course[0], enrolled_at=when(row["enrolled_at"])
                )
            )
    done = set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(LessonProgress.user_id == user_id)
        )
    )
    new = []
    for row in context.rows_of("lesson_progress.jsonl", person):
        lesson = lessons.get(row["lesson"])
        if lesson is None:
            counts["lessons_dropped"] = counts.get("lessons_dropped", 0) + 1
        elif lesson[0] in done:
            counts["lessons_known"] = counts.get("lessons_known", 0) + 1
        else:
            done.add(lesson[0])
            new.append(
                {
                    "user_id": user_id,
                    "lesson_id": lesson[0],
                    "completed_at": when(row["completed_at"]),
                }
            )
    if new:
        db.session.execute(LessonProgress.__table__.insert(), new)
        counts["lessons_new"] = counts.get("lessons_new", 0) + len(new)


def _attempts(context: Context, person: str, user_id: int, counts: dict) -> None:
    quizzes, questions = context.content["quiz"], context.content["question"]
    rows = sorted(
        context.rows_of("attempts.jsonl", person), key=lambda r: (r["started_at"] or "", r["uuid"])
    )
    if not rows:
        return
    here = {
        str(u): (s, p)
        for u, s, p in db.session.execute(
            select(Attempt.uuid, Attempt.score, Attempt.percent).where(Attempt.user_id == user_id)
        )
    }
    numbers = dict(
        db.session.execute(
            select(Attempt.quiz_id, func.max(Attempt.number))
            .where(Attempt.user_id == user_id)
            .group_by(Attempt.quiz_id)
        ).all()
    )
    for row in rows:
        if row["uuid"] in here:  # immutable: the copy here stays as it is
            counts["attempts_known"] = counts.get("attempts_known", 0) + 1
            if here[row["uuid"]] != (row["score"], row["percent"]):
                counts["attempts_changed_ignored"] = counts.get("attempts_changed_ignored", 0) + 1
            continue
        quiz = quizzes.get(row["quiz"])
        order = [questions.get(q) for q in row["question_order"]]
        answers = [questions.get(r["question"]) for r in row["responses"]]
        if quiz is None or None in order or None in answers:
            counts["attempts_dropped"] = counts.get("attempts_dropped", 0) + 1
            continue
        numbers[quiz[0]] = numbers.get(quiz[0], 0) + 1
        attempt = Attempt(
            uuid=UUID(row["uuid"]),
            quiz_id=quiz[0],
            user_id=user_id,
            number=numbers[quiz[0]],
            seed=row["seed"],
            question_order=[q[0] for q in order],
            started_at=when(row["started_at"]),
            deadline_at=when(row["deadline_at"]),
            submitted_at=when(row["submitted_at"]),
            score=row["score"],
            max_score=row["max_score"],
            percent=row["percent"],
            is_passed=row["is_passed"],
            is_timed_out=row["is_timed_out"],
        )
        db.session.add(attempt)
        db.session.flush()
        for answer, question in zip(row["responses"], answers, strict=True):
            response = Response(
                attempt_id=attempt.id,
                question_id=question[0],
                answer=answer["answer"],
                saved_at=when(answer["saved_at"]),
                score=answer["score"],
            )
            db.session.add(response)
            if answer["picks"]:
                db.session.flush()
                db.session.add_all(
                    AnswerPick(response_id=response.id, question_id=question[0], key=key)
                    for key in answer["picks"]
                )
        counts["attempts_new"] = counts.get("attempts_new", 0) + 1


def _certificates(context: Context, person: str, user_id: int, counts: dict) -> None:
    courses = context.content["course"]
    for row in context.rows_of("certificates.jsonl", person):
        here = db.session.scalar(select(Certificate).where(Certificate.code == row["code"]))
        if here is not None:
            if here.user_id != user_id:
                counts["certificates_dropped"] = counts.get("certificates_dropped", 0) + 1
                continue
            counts["certificates_known"] = counts.get("certificates_known", 0) + 1
            if here.revoked_at is None and row["revoked_at"]:  # revocation wins
                here.revoked_at, here.revoke_reason = when(row["revoked_at"]), row["revoke_reason"]
                counts["certificates_revoked"] = counts.get("certificates_revoked", 0) + 1
            if here.printed_name is None and row["printed_name"]:  # written once
                here.printed_name = row["printed_name"]
            continue
        course = courses.get(row["course"])
        if course is None:
            counts["certificates_dropped"] = counts.get("certificates_dropped", 0) + 1
            continue
        if db.session.scalar(
            select(Certificate.id).where(
                Certificate.user_id == user_id, Certificate.course_id == course[0]
            )
        ):
            counts["certificates_duplicate"] = counts.get("certificates_duplicate", 0) + 1
            continue
        db.session.add(
            Certificate(
                code=row["code"],
                user_id=user_id,
                course_id=course[0],
                cohort_id=context.kit.cohort_id,
                language=row["language"],
                course_title=row["course_title"],
                issuer=row["issuer"],
                signatories=row["signatories"],
                printed_name=row["printed_name"],
                completed_at=when(row["completed_at"]),
                issued_at=when(row["issued_at"]),
                revoked_at=when(row["revoked_at"]),
                revoke_reason=row["revoke_reason"],
            )
        )
        counts["certificates_new"] = counts.get("certificates_new", 0) + 1


def _subject_id(kind: str, subject: str | None) -> int | None:
    model = notice_subject_model(kind)
    if model is None or not subject:
        return None
    return db.session.scalar(select(model.id).where(model.uuid == UUID(subject)))


def _notices(context: Context, person: str, user_id: int, counts: dict) -> None:
    rows = context.rows_of("notices.jsonl", person)
    if not rows:
        return
    here = {
        str(n.uuid): n
        for n in db.session.scalars(
            select(Notice).where(Notice.uuid.in_([UUID(r["uuid"]) for r in rows]))
        )
    }
    for row in rows:
        notice, seen = here.get(row["uuid"]), when(row["seen_at"])
        if notice is not None:  # once seen, seen: the earliest time stays
            if seen and (notice.seen_at is None or seen < notice.seen_at):
                notice.seen_at = seen
            continue
        db.session.add(
            Notice(
                uuid=UUID(row["uuid"]),
                user_id=user_id,
                kind=row["kind"],
                subject_id=_subject_id(row["kind"], row["subject"]),
                details=row["details"],
                created_at=when(row["created_at"]),
                seen_at=seen,
            )
        )
        counts["notices_new"] = counts.get("notices_new", 0) + 1


def merge_person(context: Context, person: str, counts: dict) -> None:
    """Everything the file holds about one person (a UUID), by the rules above."""
    if f"user:{person}" in context.tombstoned:  # erased here: never brought back
        counts["erased_here"] = counts.get("erased_here", 0) + 1
        return
    row = context.accounts.get(person)
    user_id = context.known.get(person) or context.members.get(person)
    user = db.session.get(User, user_id) if user_id else None
    if f"user:{person}" in context.laptop_stones("user"):  # erased on the laptop
        if user is not None and not user.roles - {"trainee"}:
            erase_account(user)
            counts["erased_on_laptop"] = counts.get("erased_on_laptop", 0) + 1
        return
    if user is None:
        if row is None or row["origin"] != "laptop":
            return
        user = _new_account(context, row, counts)
    elif row is not None and row["origin"] == "kit":
        _kit_account(user, row)
    counts["people"] = counts.get("people", 0) + 1
    _membership(context, person, user.id, counts)
    _learning(context, person, user.id, counts)
    _attempts(context, person, user.id, counts)
    _certificates(context, person, user.id, counts)
    _notices(context, person, user.id, counts)
    db.session.flush()
    summaries.refresh([user.id], {c for c, _ in context.content["course"].values()})


def merge_audit(context: Context) -> dict:
    """The laptop's audit lines, by UUID; actors and targets by UUID (the erased forgotten)."""
    rows = context.entries["audit.jsonl"]
    here = set(
        map(
            str,
            db.session.scalars(
                select(AuditEvent.uuid).where(AuditEvent.uuid.in_([UUID(r["uuid"]) for r in rows]))
            ),
        )
    )
    new = 0
    for row in rows:
        if row["uuid"] in here:
            continue
        actor = _find(User, row["actor"])
        model = IDENTIFIED_TARGETS.get(row["target_type"] or "")
        target = _find(model, row["target"]) if model else None
        db.session.add(
            AuditEvent(
                uuid=UUID(row["uuid"]),
                actor_id=actor,
                action=row["action"],
                target_type=row["target_type"],
                target_id=target,
                created_at=when(row["created_at"]),
            )
        )
        new += 1
    return {"audit_new": new}


def _find(model, uuid: str | None) -> int | None:
    if not uuid:
        return None
    return db.session.scalar(select(model.id).where(model.uuid == UUID(uuid)))
