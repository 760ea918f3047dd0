"""What quizzes keep about a person, for the own-data export and for erasure.

Erasing a trainee deletes their unsubmitted attempts (and those whose essays still await
grading: without the text there is nothing to grade) and **detaches** their submitted ones,
which are the quiz statistics' raw material: the attempt loses its person (``user_id``),
the typed answers and essays with the trainers' feedback on them (free text can name
anyone) and its exact times (kept to the day, so
that it cannot be matched with another log by the minute). What stays — which questions,
the marks, the choices picked — is the "anonymous aggregate" docs/privacy.md describes:
statistics, facility and discrimination indices do not change when someone is erased.
"""

from datetime import datetime
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..accounts.personal_data import register_section
from ..audit import forget_targets
from ..extensions import db
from .kinds import KINDS
from .models import Attempt, ExtraTime, Question, Quiz, Response


def _day(moment: datetime | None) -> datetime | None:
    return None if moment is None else datetime(moment.year, moment.month, moment.day)


def answer_text(kind_name: str, data: dict, answer: Any) -> str | None:
    """An answer as the person gave it, in words: what they typed, or the texts of what
    they picked (choices, pairs, places), never the ids the database keeps."""
    kind = KINDS.get(kind_name)
    if answer is None or answer == "" or kind is None:
        return None
    order = Random(0)  # noqa: S311  (unshuffled: the order is not used)  # nosec B311
    shown = kind.display(data, answer, order, False)
    if "typed" in shown:  # what the review page shows as typed: short answers, numbers
        return shown["typed"] or None
    described = (kind.describe_pick(data, key) for key in kind.picks(data, answer))
    return "; ".join(text for text in described if text) or None


def _answers(attempt_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = db.session.execute(
        select(Response.attempt_id, Question.prompt, Question.kind, Question.data)
        .add_columns(Response.answer, Response.score, Response.grader_feedback)
        .join(Question, Question.id == Response.question_id)
        .where(Response.attempt_id.in_(attempt_ids))
        .order_by(Response.attempt_id, Question.position)
    )
    answers: dict[int, list[dict[str, Any]]] = {}
    for attempt_id, prompt, kind, data, answer, score, feedback in rows:
        item = {"question": prompt, "answer": answer_text(kind, data, answer), "score": score}
        if feedback:  # a trainer's words on an essay
            item["feedback"] = feedback
        answers.setdefault(attempt_id, []).append(item)
    return answers


def _attempts(user) -> list[dict[str, Any]]:
    from ..learning.models import Course

    rows = list(
        db.session.execute(
            select(Attempt, Quiz.title, Course.title)
            .join(Quiz, Quiz.id == Attempt.quiz_id)
            .join(Course, Course.id == Quiz.course_id)
            .where(Attempt.user_id == user.id)
            .order_by(Attempt.started_at, Attempt.id)
        )
    )
    answers = _answers([attempt.id for attempt, _q, _c in rows])
    return [
        {
            "attempt_id": attempt.id,
            "course": course,
            "quiz": quiz or None,
            "number": attempt.number,
            "started_at": attempt.started_at,
            "submitted_at": attempt.submitted_at,
            "score": attempt.score,
            "max_score": attempt.max_score,
            "percent": attempt.percent,
            "passed": attempt.is_passed,
            "awaiting_grading": attempt.is_awaiting_grading,
            "answers": answers.get(attempt.id, []),
        }
        for attempt, quiz, course in rows
    ]


def _erase_attempts(user) -> None:
    mine = select(Attempt.id).where(Attempt.user_id == user.id)
    forget_targets("Attempt", list(db.session.scalars(mine)))
    db.session.execute(
        delete(Attempt).where(
            Attempt.user_id == user.id,
            Attempt.submitted_at.is_(None) | Attempt.is_awaiting_grading,
        )
    )
    submitted = list(db.session.scalars(mine))
    if not submitted:
        return
    for response in db.session.scalars(select(Response).where(Response.attempt_id.in_(submitted))):
        response.answer = None
        response.grader_feedback = None
        response.saved_at = _day(response.saved_at)
        response.graded_at = _day(response.graded_at)
    for attempt in db.session.scalars(select(Attempt).where(Attempt.id.in_(submitted))):
        attempt.started_at = _day(attempt.started_at)
        attempt.submitted_at = _day(attempt.submitted_at)
        attempt.deadline_at = None
        attempt.user_id = None
    db.session.flush()


def _extra_time(user) -> list[dict[str, Any]]:
    from ..learning.models import Course

    rows = db.session.execute(
        select(Course.title, ExtraTime.percent, ExtraTime.granted_at)
        .join(Course, Course.id == ExtraTime.course_id)
        .where(ExtraTime.user_id == user.id)
        .order_by(ExtraTime.id)
    )
    return [{"course": c, "percent": p, "granted_at": at} for c, p, at in rows]


def _erase_extra_time(user) -> None:
    db.session.execute(delete(ExtraTime).where(ExtraTime.user_id == user.id))


def register_personal_data() -> None:
    register_section(
        "extra_time",
        _l("Extra time on timed quizzes"),
        export=_extra_time,
        erase=_erase_extra_time,
        labels={
            "course": _l("Course"),
            "percent": _l("Extra time (%)"),
            "granted_at": _l("Given on"),
        },
    )
    register_section(
        "quiz_attempts",
        _l("Your quiz attempts"),
        export=_attempts,
        erase=_erase_attempts,
        labels={
            "attempt_id": _l("Attempt number"),
            "course": _l("Course"),
            "quiz": _l("Quiz"),
            "number": _l("Attempt"),
            "started_at": _l("Started on"),
            "submitted_at": _l("Submitted on"),
            "score": _l("Score"),
            "max_score": _l("Out of"),
            "percent": _l("Percent"),
            "passed": _l("Passed"),
            "answers": _l("Answers"),
            "question": _l("Question"),
            "answer": _l("Your answer"),
            "feedback": _l("The trainer's feedback"),
            "awaiting_grading": _l("Awaiting grading"),
        },
    )
