"""The definition of progress, in Python and in SQL.

Lessons and quizzes define a course, an Enrolment says who takes it, LessonProgress rows
log what was done, and ``progress_query`` computes one summary per trainee and course in
one SQL query, however many trainees or courses are asked for. The trainee's pages
(``services.progress_for``), the stored summaries (``summaries``) and the cohort reports
are all built on it; ``CourseProgress`` holds the same two rules for one row.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from ..quizzes.standing import Period, course_quiz_query, quiz_counts_query, within
from ..statements import ids
from .models import Enrolment, Lesson, LessonProgress


@dataclass(frozen=True)
class CourseProgress:
    lessons_done: int = 0
    lessons_total: int = 0
    quizzes_passed: int = 0
    quizzes_total: int = 0

    @property
    def steps_done(self) -> int:
        return self.lessons_done + self.quizzes_passed

    @property
    def steps_total(self) -> int:
        return self.lessons_total + self.quizzes_total

    @property
    def percent(self) -> int:
        if not self.steps_total:
            return 0
        return (100 * self.steps_done) // self.steps_total

    @property
    def is_complete(self) -> bool:
        return self.steps_total > 0 and self.steps_done == self.steps_total


# The same two rules in SQL, for reports that aggregate thousands of summaries in the
# database (tests check that both agree on every row).
def percent_sql(done, total):
    return case((total == 0, 0), else_=(100 * done) // total)


def is_complete_sql(done, total):
    return and_(total > 0, done == total)


def lesson_totals_query(course_ids: Iterable[int]):
    return (
        select(Lesson.course_id, func.count(Lesson.id).label("total"))
        .where(Lesson.course_id.in_(ids(course_ids)), Lesson.is_published)
        .group_by(Lesson.course_id)
    )


def lessons_done_query(user_ids, course_ids: Iterable[int], period: Period | None = None):
    """Completed lessons and the last completion per (user, course)."""
    return (
        select(
            LessonProgress.user_id,
            Lesson.course_id,
            func.count(LessonProgress.id).label("done"),
            func.max(LessonProgress.completed_at).label("last_at"),
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(Lesson.course_id.in_(ids(course_ids)), LessonProgress.user_id.in_(user_ids))
        .where(*within(LessonProgress.completed_at, period))
        .group_by(LessonProgress.user_id, Lesson.course_id)
    )


def progress_query(user_ids, course_ids: Iterable[int], period: Period | None = None):
    """The definition of progress, as one SQL query: a row per enrolled (user, course).

    Columns: lessons_done, lessons_total, quizzes_passed, quizzes_total (what
    ``CourseProgress`` is made of), quizzes_attempted, and the last lesson completed and
    quiz attempt started (lessons_last_at, quizzes_last_at). ``user_ids`` may be a list or
    a subquery; ``period`` counts only what was done within it.
    """
    course_ids = ids(course_ids)
    done = lessons_done_query(user_ids, course_ids, period).subquery()
    totals = lesson_totals_query(course_ids).subquery()
    quizzes = course_quiz_query(user_ids, course_ids, period).subquery()
    quiz_totals = quiz_counts_query(course_ids).subquery()
    return (
        select(
            Enrolment.user_id,
            Enrolment.course_id,
            func.coalesce(done.c.done, 0).label("lessons_done"),
            func.coalesce(totals.c.total, 0).label("lessons_total"),
            func.coalesce(quizzes.c.passed, 0).label("quizzes_passed"),
            func.coalesce(quiz_totals.c.total, 0).label("quizzes_total"),
            func.coalesce(quizzes.c.attempted, 0).label("quizzes_attempted"),
            done.c.last_at.label("lessons_last_at"),
            quizzes.c.last_at.label("quizzes_last_at"),
        )
        .outerjoin(
            done, and_(done.c.user_id == Enrolment.user_id, done.c.course_id == Enrolment.course_id)
        )
        .outerjoin(totals, totals.c.course_id == Enrolment.course_id)
        .outerjoin(
            quizzes,
            and_(
                quizzes.c.user_id == Enrolment.user_id, quizzes.c.course_id == Enrolment.course_id
            ),
        )
        .outerjoin(quiz_totals, quiz_totals.c.course_id == Enrolment.course_id)
        .where(Enrolment.course_id.in_(course_ids), Enrolment.user_id.in_(user_ids))
    )


def summary_of(row) -> CourseProgress:
    return CourseProgress(
        lessons_done=row.lessons_done,
        lessons_total=row.lessons_total,
        quizzes_passed=row.quizzes_passed,
        quizzes_total=row.quizzes_total,
    )
