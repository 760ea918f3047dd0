"""Extra time on timed quizzes, an accommodation (WCAG 2.2.1 "Timing adjustable").

A course's trainer, or the organizer of a cohort in which the person takes the course,
gives one person a percentage more on every timed quiz of that course. The deadline of
each attempt started afterwards includes it, and the attempts the person has open are
extended (or shortened back) at once, so the clock and ``close_expired`` agree.
"""

import math
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..audit import record_event
from ..database import utcnow
from ..extensions import db
from ..learning.models import Course
from .models import Attempt, ExtraTime, Quiz

MAX_PERCENT = 300  # four times the limit: beyond that a timed quiz is the wrong tool
CHOICES = (25, 50, 100, 200, 300)  # what a form proposes; any whole 1..300 is accepted


def extra_percent(user_id: int | None, course_id: int) -> int:
    if user_id is None:
        return 0
    row = db.session.scalar(
        select(ExtraTime.percent).where(
            ExtraTime.user_id == user_id, ExtraTime.course_id == course_id
        )
    )
    return row or 0


def minutes_for(quiz: Quiz, percent: int) -> int | None:
    """The quiz's time limit with ``percent`` more, rounded up to the minute."""
    if not quiz.time_limit_minutes:
        return None
    return math.ceil(quiz.time_limit_minutes * (100 + percent) / 100)


def time_limit_for(user, quiz: Quiz) -> int | None:
    """The time limit this person has on this quiz, in minutes (None: untimed)."""
    return minutes_for(quiz, extra_percent(getattr(user, "id", None), quiz.course_id))


def set_extra_time(person: User, course: Course, percent: int, *, by: User) -> None:
    """Give ``person`` ``percent`` more time on ``course``'s timed quizzes; 0 takes it away."""
    if not 0 <= percent <= MAX_PERCENT:
        raise ValueError(percent)
    row = db.session.scalar(
        select(ExtraTime).where(ExtraTime.user_id == person.id, ExtraTime.course_id == course.id)
    )
    if percent == 0:
        if row is None:
            return
        db.session.delete(row)
    else:
        if row is None:
            row = ExtraTime(user_id=person.id, course_id=course.id)
            db.session.add(row)
        row.percent, row.granted_by_id, row.granted_at = percent, by.id, utcnow()
    # The course is the target: the log says an accommodation changed, not whose.
    record_event(by, "quiz.extra_time_set" if percent else "quiz.extra_time_removed", course)
    db.session.flush()
    _reset_open_deadlines(person.id, course.id, percent)


def _reset_open_deadlines(user_id: int, course_id: int, percent: int) -> None:
    open_attempts = db.session.scalars(
        select(Attempt)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(
            Attempt.user_id == user_id,
            Attempt.submitted_at.is_(None),
            Attempt.deadline_at.is_not(None),
            Quiz.course_id == course_id,
        )
    ).all()
    for attempt in open_attempts:
        minutes = minutes_for(attempt.quiz, percent)
        if minutes:
            attempt.deadline_at = attempt.started_at + timedelta(minutes=minutes)
    db.session.flush()


def grants(course_ids, user_ids=None) -> list[tuple[ExtraTime, User, Course]]:
    """Extra time given on these courses (to these people only, if given), by name."""
    query = (
        select(ExtraTime, User, Course)
        .join(User, User.id == ExtraTime.user_id)
        .join(Course, Course.id == ExtraTime.course_id)
        .where(ExtraTime.course_id.in_(list(course_ids)))
        .order_by(Course.title, User.username)
    )
    if user_ids is not None:
        query = query.where(ExtraTime.user_id.in_(list(user_ids)))
    return [tuple(row) for row in db.session.execute(query)]
