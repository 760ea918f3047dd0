"""The merge's rules for what people did: lessons, attempts, certificates, notices and
audit lines (docs/design/workshop-sync.md, 6.4). Every write is keyed by an identity, so
running a batch again adds nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from sqlalchemy import func, select

from ..accounts.models import Notice, User
from ..audit import AuditEvent
from ..certificates.models import Certificate
from ..extensions import db
from ..learning.models import Enrolment, LessonProgress
from ..quizzes.models import AnswerPick, Attempt, Response
from .results import IDENTIFIED_TARGETS, notice_subject_model
from .setup import when

if TYPE_CHECKING:
    from .merge_people import Context


def merge_learning(context: Context, person: str, user_id: int, counts: dict) -> None:
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


def merge_attempts(context: Context, person: str, user_id: int, counts: dict) -> None:
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
    new = []
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
        new.append(
            (
                {
                    "uuid": UUID(row["uuid"]),
                    "quiz_id": quiz[0],
                    "user_id": user_id,
                    "number": numbers[quiz[0]],
                    "seed": row["seed"],
                    "question_order": [q[0] for q in order],
                    "started_at": when(row["started_at"]),
                    "deadline_at": when(row["deadline_at"]),
                    "submitted_at": when(row["submitted_at"]),
                    "score": row["score"],
                    "max_score": row["max_score"],
                    "percent": row["percent"],
                    "is_passed": row["is_passed"],
                    "is_timed_out": row["is_timed_out"],
                    # Essays not graded on the laptop travel without a score: they wait
                    # in the course's grading queue here (quizzes/grading.py).
                    "is_awaiting_grading": row["submitted_at"] is not None
                    and row["percent"] is None,
                },
                row["responses"],
                answers,
            )
        )
    if new:
        _insert_attempts(new)
        counts["attempts_new"] = counts.get("attempts_new", 0) + len(new)


def _insert_attempts(new: list[tuple[dict, list[dict], list[tuple[int, int]]]]) -> None:
    """Whole attempts, with their responses and picks: three bulk INSERTs (ids returned in
    the order given), not a flush per row."""
    ids = (
        db.session.execute(
            Attempt.__table__.insert().returning(Attempt.id, sort_by_parameter_order=True),
            [values for values, _responses, _questions in new],
        )
        .scalars()
        .all()
    )
    responses, picks = [], []
    for attempt_id, (_values, answers, questions) in zip(ids, new, strict=True):
        for answer, question in zip(answers, questions, strict=True):
            responses.append(
                {
                    "attempt_id": attempt_id,
                    "question_id": question[0],
                    "answer": answer["answer"],
                    "saved_at": when(answer["saved_at"]),
                    "score": answer["score"],
                }
            )
            picks.append([(question[0], key) for key in answer["picks"]])
    if not responses:
        return
    response_ids = (
        db.session.execute(
            Response.__table__.insert().returning(Response.id, sort_by_parameter_order=True),
            responses,
        )
        .scalars()
        .all()
    )
    rows = [
        {"response_id": response_id, "question_id": question, "key": key}
        for response_id, chosen in zip(response_ids, picks, strict=True)
        for question, key in chosen
    ]
    if rows:
        db.session.execute(AnswerPick.__table__.insert(), rows)


def merge_certificates(context: Context, person: str, user_id: int, counts: dict) -> None:
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


def merge_notices(context: Context, person: str, user_id: int, counts: dict) -> None:
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
