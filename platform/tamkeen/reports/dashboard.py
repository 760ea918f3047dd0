"""The cohort dashboard's figures: aggregates of the same per-course rows the table and
the exports print (``progress.pairs``), computed in the database."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, distinct, func, select

from ..extensions import db
from ..learning.models import Course
from .progress import HALF_WAY, ReportFilter, active_since, courses, members, pairs


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


def _totals(grid, dashboard: Dashboard) -> None:
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(grid.c.percent), 0),
            func.coalesce(func.sum(grid.c.is_complete), 0),
            func.coalesce(func.sum(grid.c.quizzes_passed), 0),
            func.coalesce(func.sum(grid.c.quizzes_attempted), 0),
            func.count(grid.c.certificate_id),
            func.count(distinct(case((grid.c.last_activity >= active_since(), grid.c.user_id)))),
        )
    ).one()
    (
        dashboard.enrolments,
        dashboard.percent_sum,
        dashboard.completed,
        dashboard.quizzes_passed,
        dashboard.quizzes_attempted,
        dashboard.certificates,
        dashboard.active,
    ) = (int(value) for value in row)


def _funnels(grid, course_list: list[Course]) -> list[Funnel]:
    query = select(
        grid.c.course_id,
        func.count(),
        func.count(case((grid.c.steps_done > 0, 1))),
        func.count(case((grid.c.percent >= HALF_WAY, 1))),
        func.count(case((grid.c.is_complete == 1, 1))),
    ).group_by(grid.c.course_id)
    found = {row[0]: row[1:] for row in db.session.execute(query)}
    return [Funnel(course, *found.get(course.id, ())) for course in course_list]


def _timeline(grid) -> list[tuple[date, int, int]]:
    """Completions per week, dated by the week of the course's last activity."""
    day = func.date(grid.c.last_activity)
    query = (
        select(day, func.count())
        .where(grid.c.is_complete == 1, grid.c.last_activity.is_not(None))
        .group_by(day)
    )
    weeks: dict[date, int] = {}
    for value, count in db.session.execute(query):
        value = value if isinstance(value, date) else date.fromisoformat(str(value))
        monday = value - timedelta(days=value.weekday())
        weeks[monday] = weeks.get(monday, 0) + count
    if not weeks:
        return []
    timeline, total, week = [], 0, min(weeks)
    while week <= max(weeks):
        total += weeks.get(week, 0)
        timeline.append((week, weeks.get(week, 0), total))
        week += timedelta(days=7)
    return timeline


def cohort_dashboard(cohort_id: int, report: ReportFilter) -> Dashboard:
    """The dashboard in five queries, whatever the number of participants."""
    course_list = courses(cohort_id, report)
    who = members(cohort_id, report)
    dashboard = Dashboard()
    dashboard.participants = db.session.scalar(select(func.count()).select_from(who.subquery()))
    grid = pairs(cohort_id, report, [c.id for c in course_list]).subquery("pairs")
    _totals(grid, dashboard)
    dashboard.funnels = _funnels(grid, course_list)
    dashboard.timeline = _timeline(grid)
    return dashboard
