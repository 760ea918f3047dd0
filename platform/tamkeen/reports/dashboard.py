"""The cohort dashboard's figures: aggregates of the same per-course rows the table and
the exports print (``progress.participant_course_rows``), computed in the database."""

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, bindparam, case, exists, func, or_, select

from ..cohorts.models import CohortParticipant
from ..extensions import db
from ..learning.models import Course, Enrolment, Lesson, LessonProgress, ProgressSummary
from ..quizzes.models import Attempt, Quiz
from ..quizzes.standing import within
from ..statements import COURSE_IDS
from . import aggregates
from .progress import (
    ACTIVE_DAYS,
    COHORT_ID,
    HALF_WAY,
    ReportFilter,
    _latest,
    active_since,
    courses,
    members,
    participant_course_rows,
    prepared_filter,
    statement_values,
)


@dataclass(frozen=True)
class Funnel:
    course: Course
    enrolled: int = 0
    started: int = 0
    half_way: int = 0
    completed: int = 0


@dataclass
class Dashboard:
    participants: int = 0
    active: int = 0  # with activity in the last ACTIVE_DAYS days
    enrolments: int = 0  # participant × course pairs
    percent_sum: int = 0
    completed: int = 0
    quizzes_passed: int = 0
    quizzes_attempted: int = 0
    certificates: int = 0
    funnels: list[Funnel] = field(default_factory=list)
    # (week's first day, completions that week, completions so far)
    timeline: list[tuple[date, int, int]] = field(default_factory=list)
    # Until when ``active`` stays right without a write (None: as long as nothing changes);
    # only known without a period.
    active_until: datetime | None = None

    @property
    def average_completion(self) -> int | None:
        """The mean of the per-course percentages the table shows, rounded down."""
        return self.percent_sum // self.enrolments if self.enrolments else None

    @property
    def pass_rate(self) -> int | None:
        """Quizzes passed out of quizzes attempted, as a whole percentage."""
        if not self.quizzes_attempted:
            return None
        return 100 * self.quizzes_passed // self.quizzes_attempted


def _grouped(grid):
    """The grid summed per course and per day of completion, in one pass: the totals, the
    funnels and the timeline are all sums of these few rows (courses × days)."""
    day = case((grid.c.is_complete == 1, func.date(grid.c.last_activity)))
    return select(
        grid.c.course_id,
        day.label("day"),
        func.count().label("enrolments"),
        func.coalesce(func.sum(grid.c.percent), 0).label("percent_sum"),
        func.coalesce(func.sum(grid.c.is_complete), 0).label("completed"),
        func.coalesce(func.sum(grid.c.quizzes_passed), 0).label("quizzes_passed"),
        func.coalesce(func.sum(grid.c.quizzes_attempted), 0).label("quizzes_attempted"),
        func.count(grid.c.certificate_id).label("certificates"),
        func.count(case((grid.c.steps_done > 0, 1))).label("started"),
        func.count(case((grid.c.percent >= HALF_WAY, 1))).label("half_way"),
    ).group_by(grid.c.course_id, day)


def _active(cohort_id: int, report: ReportFilter, course_ids: list[int]) -> int:
    """Participants with activity in the last days: a lesson completed or a quiz attempt
    started in an enrolled course of the cohort (the grid's ``last_activity``)."""
    if report.period is None:  # the stored last times (learning/summaries.py)
        query = _active_stored_query(cohort_id, report, course_ids, active_since())
        return db.session.scalar(query) or 0
    # For a period, counted live with EXISTS, each participant's search stopping at the
    # first recent step.
    since, period = active_since(), report.period
    enrolled = and_(
        Enrolment.user_id == CohortParticipant.user_id, Enrolment.course_id.in_(course_ids)
    )
    lesson = (
        exists()
        .where(enrolled, LessonProgress.user_id == CohortParticipant.user_id)
        .where(Lesson.id == LessonProgress.lesson_id, Lesson.course_id == Enrolment.course_id)
        .where(LessonProgress.completed_at >= since, *within(LessonProgress.completed_at, period))
    )
    attempt = (
        exists()
        .where(enrolled, Attempt.user_id == CohortParticipant.user_id)
        .where(Quiz.id == Attempt.quiz_id, Quiz.course_id == Enrolment.course_id)
        .where(Attempt.started_at >= since, *within(Attempt.started_at, period))
    )
    query = select(func.count()).where(
        CohortParticipant.user_id.in_(members(cohort_id, report)),
        CohortParticipant.cohort_id == cohort_id,
        or_(lesson, attempt),
    )
    return db.session.scalar(query) or 0


def _active_stored_query(cohort_id, report: ReportFilter, course_ids, since):
    """The active count, and the earliest last activity among the counted rows: the count
    cannot change before that time plus ``ACTIVE_DAYS`` unless something is written."""
    latest = _latest(ProgressSummary.lessons_last_at, ProgressSummary.quizzes_last_at)
    return select(func.count(func.distinct(ProgressSummary.user_id)), func.min(latest)).where(
        ProgressSummary.user_id.in_(members(cohort_id, report)),
        ProgressSummary.course_id.in_(course_ids),
        or_(ProgressSummary.lessons_last_at >= since, ProgressSummary.quizzes_last_at >= since),
    )


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _timeline(days: dict[date, int]) -> list[tuple[date, int, int]]:
    """Completions per week, dated by the week of the course's last activity."""
    weeks: dict[date, int] = {}
    for day, count in days.items():
        monday = day - timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + count
    if not weeks:
        return []
    timeline, total, week = [], 0, min(weeks)
    while week <= max(weeks):
        total += weeks.get(week, 0)
        timeline.append((week, weeks.get(week, 0), total))
        week += timedelta(days=7)
    return timeline


def _fill(dashboard: Dashboard, rows, course_list: list[Course]) -> None:
    per_course: dict[int, list[int]] = {}
    days: dict[date, int] = {}
    for row in rows:
        dashboard.enrolments += row.enrolments
        dashboard.percent_sum += int(row.percent_sum)
        dashboard.completed += int(row.completed)
        dashboard.quizzes_passed += int(row.quizzes_passed)
        dashboard.quizzes_attempted += int(row.quizzes_attempted)
        dashboard.certificates += row.certificates
        counts = per_course.setdefault(row.course_id, [0, 0, 0, 0])
        for index, value in enumerate((row.enrolments, row.started, row.half_way)):
            counts[index] += value
        counts[3] += int(row.completed)
        if row.day:  # a date (the grid), or a day's number (the sums; 0: not completed)
            day = aggregates.as_day(row.day) if isinstance(row.day, int) else _as_date(row.day)
            days[day] = days.get(day, 0) + int(row.completed)
    dashboard.funnels = [Funnel(c, *per_course.get(c.id, ())) for c in course_list]
    dashboard.timeline = _timeline(days)


def cohort_dashboard(cohort_id: int, report: ReportFilter, *, from_grid=False) -> Dashboard:
    """The dashboard in four queries, whatever the cohort's size. Without a period, the
    figures are the sums the writes keep (``aggregates.py``: courses × days rows) and the
    recent pairs; ``from_grid`` computes them from every participant × course row instead
    (one pass over the grid: what the sums are tested against). Without a period the
    statements are prepared: built once per process, for each set of filters
    (``statements.py``). With one, everything is computed live."""
    course_list = courses(cohort_id, report)
    course_ids = [c.id for c in course_list]
    dashboard = Dashboard()
    if report.period is None:
        by_organization = report.organization_id is not None
        count, grouped, active = _prepared(by_organization)
        if not from_grid:
            grouped, active = (
                aggregates.sums_query(by_organization),
                aggregates.active_query(by_organization),
            )
        values = statement_values(cohort_id, report, course_ids)
        dashboard.participants = db.session.scalar(count, values)
        _fill(dashboard, db.session.execute(grouped, values), course_list)
        since = active_since()
        count, earliest = db.session.execute(active, values | {"since": since}).one()
        dashboard.active = count or 0
        if earliest is not None:
            dashboard.active_until = earliest + timedelta(days=ACTIVE_DAYS)
        return dashboard
    who = members(cohort_id, report)
    dashboard.participants = db.session.scalar(select(func.count()).select_from(who.subquery()))
    grid = participant_course_rows(cohort_id, report, course_ids).subquery("pairs")
    _fill(dashboard, db.session.execute(_grouped(grid)), course_list)
    dashboard.active = _active(cohort_id, report, course_ids)
    return dashboard


@functools.cache
def _prepared(by_organization: bool):
    """The dashboard's statements without a period: participants, the grid summed, active."""
    report = prepared_filter(by_organization)
    count = select(func.count()).select_from(members(COHORT_ID, report).subquery())
    grid = participant_course_rows(COHORT_ID, report, COURSE_IDS).subquery("pairs")
    active = _active_stored_query(COHORT_ID, report, COURSE_IDS, bindparam("since"))
    return count, _grouped(grid), active
