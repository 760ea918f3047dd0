"""Where trainees stand on quizzes, aggregated in SQL: attempts used, best and last result,
and whether each quiz is passed (by the quiz's rule: the best attempt or the last counts).

Used by the quiz pages, by learning.services.progress_for and by the cohort reports; each
function is one query, whatever the number of trainees, quizzes or attempts. A ``period``
(since, until; either may be None) counts only the attempts started within it, so a report
for a date range shows the results obtained in that range.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..statements import COURSE_IDS, QUIZ_IDS, USER_IDS, ids, is_id_list, prepared
from .models import Attempt, Quiz

Period = tuple[datetime | None, datetime | None]


def within(column, period: Period | None) -> list:
    """Conditions that keep ``column`` inside ``period`` (since inclusive, until exclusive)."""
    since, until = period or (None, None)
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


@dataclass(frozen=True)
class Standing:
    attempts: int = 0  # started, submitted or not
    submitted: int = 0
    best_percent: float | None = None
    last_percent: float | None = None
    is_passed: bool = False
    in_progress: bool = False


def _summary(user_ids, quiz_filter, period: Period | None = None):
    """One row per (user, quiz) with attempts: counts, best, and the last submitted one."""
    submitted = Attempt.submitted_at.is_not(None)
    in_period = within(Attempt.started_at, period)
    last_number = (
        select(Attempt.user_id, Attempt.quiz_id, func.max(Attempt.number).label("number"))
        # The same people as the outer query: without it, every attempt in the database
        # would be grouped for one trainee's course page.
        .where(submitted, Attempt.user_id.in_(user_ids), *in_period)
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
            func.max(Attempt.started_at).label("last_started"),
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
        .where(Attempt.user_id.in_(user_ids), quiz_filter, *in_period)
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


def standings(
    user_ids, quiz_ids: Iterable[int], period: Period | None = None
) -> dict[tuple[int, int], Standing]:
    """Each (user, quiz) pair with at least one attempt; absent pairs have not started."""
    if is_id_list(user_ids) and period is None:
        values = {"user_ids": list(user_ids), "quiz_ids": list(quiz_ids)}
        rows = db.session.execute(_standings_of_listed(), values)
    else:
        rows = db.session.execute(_summary(user_ids, Attempt.quiz_id.in_(ids(quiz_ids)), period))
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


@prepared
def _standings_of_listed():
    return _summary(USER_IDS, Attempt.quiz_id.in_(QUIZ_IDS))


def _counted(course_ids: Iterable[int]):
    """The courses' published quizzes: a trainer's tries at one being written do not count."""
    return and_(Quiz.course_id.in_(ids(course_ids)), Quiz.is_published)


def best_percents(
    user_ids, quiz_ids: Iterable[int], period: Period | None = None
) -> dict[tuple[int, int], float | None]:
    """Only the best score of each (user, quiz) pair with an attempt: what the reports'
    tables print, without the last attempt and the pass rule ``standings`` works out."""
    query = best_percents_query(user_ids, quiz_ids, period)
    return {(user, quiz): best for user, quiz, best in db.session.execute(query)}


def best_percents_query(user_ids, quiz_ids, period: Period | None = None):
    """``best_percents``' statement; the ids may be a prepared statement's parameters."""
    return (
        select(Attempt.user_id, Attempt.quiz_id, func.max(Attempt.percent))
        .where(Attempt.user_id.in_(user_ids), Attempt.quiz_id.in_(ids(quiz_ids)))
        .where(*within(Attempt.started_at, period))
        .group_by(Attempt.user_id, Attempt.quiz_id)
    )


def course_summary_query(user_ids, course_ids):
    """One row per (user, published quiz of the courses) with an attempt: what
    ``is_passed_row`` decides by (``passed_quiz_ids``' rows, to join in another query)."""
    return _summary(user_ids, _counted(course_ids))


def is_passed_row(row) -> bool:
    """Whether a row of ``course_summary_query`` is a passed quiz, by the quiz's rule."""
    return _passed(row)


@prepared
def _summary_in_courses():
    return course_summary_query(USER_IDS, COURSE_IDS)


def passed_quiz_ids(user_id: int, course_ids: Iterable[int]) -> set[int]:
    values = {"user_ids": [user_id], "course_ids": list(course_ids)}
    rows = db.session.execute(_summary_in_courses(), values)
    return {row.quiz_id for row in rows if _passed(row)}


def is_passed_sql(summary):
    """ "Passed", in SQL, by the quiz's rule: the same rule as ``_passed``."""
    return or_(
        and_(summary.c.counts == "last", summary.c.last_passed.is_(True)),
        and_(summary.c.counts != "last", summary.c.any_passed == 1),
    )


def course_quiz_query(user_ids, course_ids: Iterable[int], period: Period | None = None):
    """Per (user, course): quizzes passed, quizzes with a submitted attempt, last start."""
    summary = _summary(user_ids, _counted(course_ids), period).subquery()
    return select(
        summary.c.user_id,
        summary.c.course_id,
        func.count(case((is_passed_sql(summary), 1))).label("passed"),
        func.count(case((summary.c.submitted > 0, 1))).label("attempted"),
        func.max(summary.c.last_started).label("last_at"),
    ).group_by(summary.c.user_id, summary.c.course_id)


def quiz_counts_query(course_ids: Iterable[int]):
    return (
        select(Quiz.course_id, func.count(Quiz.id).label("total"))
        .where(_counted(course_ids))
        .group_by(Quiz.course_id)
    )
