"""Stored progress summaries: ``progress_query``'s rows kept in a table for the reports.

A cohort's dashboard, participants table and exports would otherwise aggregate every
completed lesson and quiz attempt of every participant on each request (~300,000 rows at
10,000 participants). ``ProgressSummary`` holds one row per enrolled (user, course), and
there is still one definition of progress: ``refresh`` computes the rows with
``progress_query`` itself (delete, then INSERT … SELECT), never with a formula of its own.

Every write that can change a row refreshes it, in the same transaction:

- a person's own steps: enrolment (``learning.services.enrol``, cohort enrolments), a
  lesson completed, a quiz attempt started or submitted (also when its time runs out);
- a course's structure, for everyone enrolled: a lesson or module deleted, a quiz
  published, its settings changed or deleted, a package imported over the course;
- erasure: the rows go with the person's enrolments.

Adding a lesson, a module or a question, publishing a lesson, retiring a question and
copying a course change no stored column: totals are counted when read, lessons are
counted done whether published or not, and attempts keep their grades. Reports with a
date range compute live, because the period changes what counts.
``flask reports refresh-progress`` rebuilds the whole table.
"""

from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select

from ..extensions import db
from ..quizzes.standing import quiz_counts_query
from ..statements import ids
from .models import Course, Enrolment, ProgressSummary
from .progress import lesson_totals_query, progress_query

STORED = (
    "user_id",
    "course_id",
    "lessons_done",
    "quizzes_passed",
    "quizzes_attempted",
    "lessons_last_at",
    "quizzes_last_at",
)


def _lock(user_ids, course_ids: list[int]) -> None:
    """On PostgreSQL, wait for other transactions refreshing the same pairs: the rows are
    then computed from what they committed (READ COMMITTED), and the delete and insert
    cannot collide. SQLite lets one writer in at a time already."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    db.session.execute(
        select(Enrolment.id)
        .where(Enrolment.user_id.in_(user_ids), Enrolment.course_id.in_(course_ids))
        .order_by(Enrolment.id)
        .with_for_update()
    )


def refresh(user_ids, course_ids: Iterable[int]) -> None:
    """Recompute the stored rows of ``user_ids`` × ``course_ids`` from ``progress_query``.

    ``user_ids`` may be a list or a subquery. Pairs no longer enrolled lose their row."""
    course_ids = list(course_ids)
    if not course_ids or (isinstance(user_ids, list | tuple | set) and not user_ids):
        return
    if isinstance(user_ids, set):
        user_ids = sorted(user_ids)
    _lock(user_ids, course_ids)
    db.session.execute(
        delete(ProgressSummary)
        .where(ProgressSummary.user_id.in_(user_ids), ProgressSummary.course_id.in_(course_ids))
        .execution_options(synchronize_session=False)
    )
    live = progress_query(user_ids, course_ids).subquery("live")
    # The cohorts whose reports change (reports/stamps.py): those of these people, or of
    # these courses when the people are a subquery.
    scope = ("users", user_ids) if isinstance(user_ids, list | tuple) else ("courses", course_ids)
    db.session.execute(
        insert(ProgressSummary).from_select(STORED, select(*(live.c[name] for name in STORED))),
        execution_options={"report_scope": scope},
    )


def refresh_course(course_id: int) -> None:
    """Recompute the rows of everyone enrolled in the course (its structure changed)."""
    enrolled = select(Enrolment.user_id).where(Enrolment.course_id == course_id)
    refresh(enrolled, [course_id])


def rebuild(connection=None) -> int:
    """Recompute the whole table (``flask reports refresh-progress``, migration 0010);
    how many rows. ``connection``: the migration's own, else the app's session (then the
    dashboard's sums are rebuilt as well: ``reports.aggregates.rebuild``)."""
    run = db.session if connection is None else connection
    run.execute(delete(ProgressSummary).execution_options(synchronize_session=False))
    course_ids = list(run.scalars(select(Course.id)))
    if course_ids:
        live = progress_query(select(Enrolment.user_id), course_ids).subquery("live")
        run.execute(
            insert(ProgressSummary).from_select(STORED, select(*(live.c[n] for n in STORED)))
        )
    if connection is None:  # the dashboard's sums too (not in migration 0010: no table yet)
        from ..reports import aggregates

        aggregates.rebuild()
    return run.scalar(select(func.count()).select_from(ProgressSummary)) or 0


def stored_progress_query(user_ids, course_ids: Iterable[int]):
    """``progress_query``'s columns (no period), read from the stored rows: the same rows
    and values, with the totals counted per course as ``progress_query`` counts them.
    ``course_ids`` may be a prepared statement's parameter (``statements.COURSE_IDS``)."""
    course_ids = ids(course_ids)
    totals = lesson_totals_query(course_ids).subquery()
    quiz_totals = quiz_counts_query(course_ids).subquery()
    stored = ProgressSummary
    return (
        select(
            stored.user_id,
            stored.course_id,
            stored.lessons_done,
            func.coalesce(totals.c.total, 0).label("lessons_total"),
            stored.quizzes_passed,
            func.coalesce(quiz_totals.c.total, 0).label("quizzes_total"),
            stored.quizzes_attempted,
            stored.lessons_last_at,
            stored.quizzes_last_at,
        )
        .outerjoin(totals, totals.c.course_id == stored.course_id)
        .outerjoin(quiz_totals, quiz_totals.c.course_id == stored.course_id)
        .where(stored.course_id.in_(course_ids), stored.user_id.in_(user_ids))
    )
