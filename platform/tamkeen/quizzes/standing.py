"""Where trainees stand on quizzes, aggregated in SQL: attempts used, best and last result,
and whether each quiz is passed (by the quiz's rule: the best attempt or the last counts).

Used by the quiz pages and by learning.services.progress_for; each function is one query,
whatever the number of trainees, quizzes or attempts.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from .models import Attempt, Quiz


@dataclass(frozen=True)
class Standing:
    attempts: int = 0  # started, submitted or not
    submitted: int = 0
    best_percent: float | None = None
    last_percent: float | None = None
    is_passed: bool = False
    in_progress: bool = False


def _summary(user_ids, quiz_filter):
    """One row per (user, quiz) with attempts: counts, best, and the last submitted one."""
    submitted = Attempt.submitted_at.is_not(None)
    last_number = (
        select(Attempt.user_id, Attempt.quiz_id, func.max(Attempt.number).label("number"))
        .where(submitted)
        .group_by(Attempt.user_id, Attempt.quiz_id)
        .subquery()
    )
    last = aliased(Attempt)
    return (
        select(
            Attempt.user_id,
            Attempt.quiz_id,
            Quiz.course_id,
            Quiz.counts,
            func.count(Attempt.id).label("attempts"),
            func.count(Attempt.submitted_at).label("submitted"),
            func.max(Attempt.percent).label("best"),
            func.max(case((Attempt.is_passed, 1), else_=0)).label("any_passed"),
            last.percent.label("last"),
            last.is_passed.label("last_passed"),
        )
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .outerjoin(
            last_number,
            and_(
                last_number.c.user_id == Attempt.user_id,
                last_number.c.quiz_id == Attempt.quiz_id,
            ),
        )
        .outerjoin(
            last,
            and_(
                last.user_id == Attempt.user_id,
                last.quiz_id == Attempt.quiz_id,
                last.number == last_number.c.number,
            ),
        )
        .where(Attempt.user_id.in_(user_ids), quiz_filter)
        .group_by(
            Attempt.user_id,
            Attempt.quiz_id,
            Quiz.course_id,
            Quiz.counts,
            last.percent,
            last.is_passed,
        )  # fmt: skip
    )


def _passed(row) -> bool:
    if row.counts == "last":
        return bool(row.last_passed)
    return bool(row.any_passed)


def standings(user_ids, quiz_ids: Iterable[int]) -> dict[tuple[int, int], Standing]:
    """Each (user, quiz) pair with at least one attempt; absent pairs have not started."""
    rows = db.session.execute(_summary(user_ids, Attempt.quiz_id.in_(list(quiz_ids))))
    return {
        (row.user_id, row.quiz_id): Standing(
            attempts=row.attempts,
            submitted=row.submitted,
            best_percent=row.best,
            last_percent=row.last,
            is_passed=_passed(row),
            in_progress=row.attempts > row.submitted,
        )
        for row in rows
    }


def _counted(course_ids: Iterable[int]):
    """The courses' published quizzes: a trainer's tries at one being written do not count."""
    return and_(Quiz.course_id.in_(list(course_ids)), Quiz.is_published)


def passed_quiz_ids(user_id: int, course_ids: Iterable[int]) -> set[int]:
    rows = db.session.execute(_summary([user_id], _counted(course_ids)))
    return {row.quiz_id for row in rows if _passed(row)}


def passed_counts(user_ids, course_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """Quizzes passed per (user, course), counted in the database."""
    summary = _summary(user_ids, _counted(course_ids)).subquery()
    is_passed = or_(
        and_(summary.c.counts == "last", summary.c.last_passed.is_(True)),
        and_(summary.c.counts != "last", summary.c.any_passed == 1),
    )
    query = (
        select(summary.c.user_id, summary.c.course_id, func.count())
        .where(is_passed)
        .group_by(summary.c.user_id, summary.c.course_id)
    )
    return {(user, course): count for user, course, count in db.session.execute(query)}


def quiz_counts(course_ids: Iterable[int]) -> dict[int, int]:
    query = (
        select(Quiz.course_id, func.count(Quiz.id))
        .where(Quiz.course_id.in_(list(course_ids)), Quiz.is_published)
        .group_by(Quiz.course_id)
    )
    return {course: count for course, count in db.session.execute(query)}
