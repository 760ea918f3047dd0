"""The cohort's figures, from one definition of progress.

Everything an organizer reads about a cohort — the dashboard, the participants table, a
participant's page, and the CSV, XLSX and PDF exports — is built here, from
``learning.progress.progress_query`` (lessons done, quizzes passed by their own rule) with
``percent_sql`` and ``is_complete_sql`` on top. Without a date range they read its rows as
stored (``learning.summaries``); with one, they compute them for the period. Each function
is a fixed number of queries, however many participants the cohort has, so the figures
cannot disagree and the pages do not slow down as cohorts grow.
"""

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, bindparam, case, func, literal, select

from ..accounts.models import User
from ..certificates.models import Certificate
from ..cohorts.models import CohortCourse, CohortParticipant, Organization
from ..database import utcnow
from ..extensions import db
from ..learning.models import Course
from ..learning.progress import is_complete_sql, percent_sql, progress_query
from ..learning.summaries import stored_progress_query
from ..quizzes.models import Quiz
from ..quizzes.standing import Period, Standing, best_percents, best_percents_query, standings
from ..statements import COURSE_IDS, QUIZ_IDS, USER_IDS, is_id_list

ACTIVE_DAYS = 7
HALF_WAY = 50

# The parameters of the reports' prepared statements (``statements.py``).
COHORT_ID = bindparam("cohort_id")
ORGANIZATION_ID = bindparam("organization_id")
COURSE_ID = bindparam("course_id")


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers: every filter is optional."""

    course_id: int | None = None
    organization_id: int | None = None
    since: date | None = None  # first day included
    until: date | None = None  # last day included

    @property
    def period(self) -> Period | None:
        if self.since is None and self.until is None:
            return None
        since = datetime.combine(self.since, time()) if self.since else None
        until = datetime.combine(self.until + timedelta(days=1), time()) if self.until else None
        return since, until

    def as_args(self) -> dict:
        """The filter as URL query arguments, for links to exports and pages."""
        values = {
            "course": self.course_id,
            "organization": self.organization_id,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
        return {key: value for key, value in values.items() if value is not None}


def prepared_filter(by_organization: bool) -> ReportFilter:
    """The filter a prepared statement is built with (never a period): a parameter for the
    organization when there is one; ``statement_values`` gives the values."""
    return ReportFilter(organization_id=ORGANIZATION_ID if by_organization else None)


def statement_values(cohort_id: int, report: ReportFilter, course_ids=None) -> dict:
    """The values of a prepared statement's parameters for this cohort and filter."""
    values = {"cohort_id": cohort_id}
    if report.course_id is not None:
        values["course_id"] = report.course_id
    if report.organization_id is not None:
        values["organization_id"] = report.organization_id
    if course_ids is not None:
        values["course_ids"] = list(course_ids)
    return values


def members(cohort_id: int, report: ReportFilter):
    """The participants a report covers, as a subquery of user ids."""
    query = select(CohortParticipant.user_id).where(CohortParticipant.cohort_id == cohort_id)
    if report.organization_id is not None:
        query = query.where(CohortParticipant.organization_id == report.organization_id)
    return query


def courses(cohort_id: int, report: ReportFilter) -> list[Course]:
    """The cohort's courses a report covers, by title."""
    values = statement_values(cohort_id, report)
    return list(db.session.scalars(_courses_query(report.course_id is not None), values))


@functools.cache
def _courses_query(by_course: bool):
    query = (
        select(Course)
        .join(CohortCourse, CohortCourse.course_id == Course.id)
        .where(CohortCourse.cohort_id == COHORT_ID)
        .order_by(Course.title, Course.id)
    )
    if by_course:
        query = query.where(Course.id == COURSE_ID)
    return query


def _latest(first, second):
    """The later of two times, either of which may be NULL (the same on both databases)."""
    return case(
        (first.is_(None), second),
        (second.is_(None), first),
        (first > second, first),
        else_=second,
    )


def participant_course_rows(
    cohort_id: int, report: ReportFilter, course_ids: list[int], user_ids=None, *, live=False
):
    """One row per participant × course: progress, percent, completion, last activity and
    the certificate. The single source of every per-course figure. ``live`` computes the
    progress from lessons and attempts even without a period (the benchmark's floor)."""
    who = members(cohort_id, report) if user_ids is None else user_ids
    if report.period is None and not live:  # progress_query's stored rows (learning/summaries)
        base = stored_progress_query(who, course_ids).subquery("progress")
    else:  # a period changes what counts: computed for it
        base = progress_query(who, course_ids, report.period).subquery("progress")
    return grid_rows(base, report.period)


def grid_rows(base, period=None):
    """``participant_course_rows``' columns on top of ``progress_query``'s (or the stored)
    rows ``base``; also what ``reports.aggregates`` keeps of each pair."""
    steps_done = base.c.lessons_done + base.c.quizzes_passed
    steps_total = base.c.lessons_total + base.c.quizzes_total
    certificate_filters = [
        Certificate.user_id == base.c.user_id,
        Certificate.course_id == base.c.course_id,
        Certificate.revoked_at.is_(None),
    ]
    if period and period[0]:
        certificate_filters.append(Certificate.issued_at >= period[0])
    if period and period[1]:
        certificate_filters.append(Certificate.issued_at < period[1])
    return select(
        base.c.user_id,
        base.c.course_id,
        base.c.lessons_done,
        base.c.lessons_total,
        base.c.quizzes_passed,
        base.c.quizzes_total,
        base.c.quizzes_attempted,
        steps_done.label("steps_done"),
        steps_total.label("steps_total"),
        percent_sql(steps_done, steps_total).label("percent"),
        case((is_complete_sql(steps_done, steps_total), 1), else_=0).label("is_complete"),
        _latest(base.c.lessons_last_at, base.c.quizzes_last_at).label("last_activity"),
        Certificate.id.label("certificate_id"),
    ).outerjoin(Certificate, and_(*certificate_filters))


def quizzes_of(course_ids: list[int]) -> dict[int, list[Quiz]]:
    """Each course's quizzes in course order: module quizzes by module, the final last."""
    query = _quizzes_query()
    found: dict[int, list[Quiz]] = {course_id: [] for course_id in course_ids}
    for quiz in db.session.scalars(query, {"course_ids": list(course_ids)}):
        found[quiz.course_id].append(quiz)
    return found


@functools.cache
def _quizzes_query():
    from ..learning.models import Module

    return (
        select(Quiz)
        .outerjoin(Module, Module.id == Quiz.module_id)
        .where(Quiz.course_id.in_(COURSE_IDS), Quiz.is_published)
        .order_by(Quiz.course_id, Quiz.module_id.is_(None), Module.position, Quiz.id)
    )


def people(user_ids: list[int], cohort_id: int) -> dict[int, tuple]:
    """(username, display name, organization) of each participant, in one query."""
    query = (
        select(User.id, User.username, User.display_name, Organization.name)
        .join(CohortParticipant, CohortParticipant.user_id == User.id)
        .outerjoin(Organization, Organization.id == CohortParticipant.organization_id)
        .where(CohortParticipant.cohort_id == cohort_id, User.id.in_(user_ids))
    )
    return {row[0]: tuple(row[1:]) for row in db.session.execute(query)}


def active_since() -> datetime:
    return utcnow() - timedelta(days=ACTIVE_DAYS)


@dataclass
class ReportData:
    """What the participants table and the exports print: rows and best quiz scores."""

    courses: list[Course]
    quizzes: dict[int, list[Quiz]]  # by course, in course order
    rows: list  # pair rows with username, display_name, organization, course_title
    best: dict[tuple[int, int], float | None]  # (user, quiz) → best score
    standings: dict[tuple[int, int], Standing] | None = None  # only when asked for

    @property
    def quiz_columns(self) -> int:
        return max((len(q) for q in self.quizzes.values()), default=0)

    def __post_init__(self) -> None:
        # Quiz ids per course and the padding to the widest course, computed once: exports
        # call best_scores for each of tens of thousands of rows.
        self._quiz_ids = {course: [q.id for q in found] for course, found in self.quizzes.items()}
        width = self.quiz_columns
        self._padding = {
            course: [None] * (width - len(ids)) for course, ids in self._quiz_ids.items()
        }

    def best_scores(self, row) -> list[float | None]:
        """The participant's best score on each quiz of the row's course, in course order."""
        best, user_id = self.best, row.user_id
        scores = [best.get((user_id, quiz_id)) for quiz_id in self._quiz_ids.get(row.course_id, ())]
        return scores + self._padding.get(row.course_id, [])


def person_name():
    return func.coalesce(User.display_name, User.username)


def report_data(
    cohort_id: int,
    report: ReportFilter,
    user_ids=None,
    *,
    standings_too: bool = False,
    answers: dict[bool, str] | None = None,
) -> ReportData:
    """Every figure of the table and the exports, in five queries whatever the size;
    ``standings_too`` adds each quiz's attempts and pass (a participant's page). With
    ``answers`` (the translated yes and no), each row is instead the CSV and XLSX files'
    cells, chosen in SQL (``_sheet_cells``): 50,000 rows need no shaping in Python."""
    course_list = courses(cohort_id, report)
    course_ids = [course.id for course in course_list]
    quizzes = quizzes_of(course_ids)
    who = members(cohort_id, report) if user_ids is None else user_ids
    # A page of the participants table (given people, no period): prepared statements.
    prepared = is_id_list(who) and report.period is None and answers is None
    if prepared:
        values = {"cohort_id": cohort_id, "course_ids": course_ids, "user_ids": list(who)}
        query = _rows_of_people()
    else:
        values = {}
        query = _rows_query(cohort_id, report, course_ids, who, answers)
    # In name order, then course order (``courses``' title order): sorted here on two small
    # numbers, where the database would sort 50,000 wide rows (on disk, on PostgreSQL).
    position = {course.id: index for index, course in enumerate(course_list)}
    # The files' rows are plain columns: read on the session's connection, without the ORM's
    # row processing, all at once (iterated, a result fetches one row at a time).
    execute = db.session.execute if answers is None else db.session.connection().execute
    rows = sorted(execute(query, values).all(), key=lambda row: (row[-1], position[row[1]]))
    quiz_ids = [quiz.id for found in quizzes.values() for quiz in found]
    if not quiz_ids:
        return ReportData(course_list, quizzes, rows, {}, {} if standings_too else None)
    if standings_too:
        found = standings(who, quiz_ids, report.period)
        best = {key: standing.best_percent for key, standing in found.items()}
        return ReportData(course_list, quizzes, rows, best, found)
    if prepared:
        values = {"user_ids": list(who), "quiz_ids": quiz_ids}
        best = dict(
            ((user, quiz), score)
            for user, quiz, score in db.session.execute(_best_of_people(), values)
        )
        return ReportData(course_list, quizzes, rows, best)
    return ReportData(course_list, quizzes, rows, best_percents(who, quiz_ids, report.period))


def _rows_query(cohort_id, report: ReportFilter, course_ids, who, answers=None):
    """``report_data``'s rows: the grid with each person's names and place in name order."""
    grid = participant_course_rows(cohort_id, report, course_ids, who).subquery("pairs")
    person = _in_name_order(cohort_id, who)
    if answers is None:
        columns = [
            grid,
            person.c.username,
            person.c.display_name,
            Organization.name.label("organization"),
            Course.title.label("course_title"),
        ]
    else:
        columns = _sheet_cells(grid, person, answers)
    return (
        select(*columns, person.c.place)
        .join(person, person.c.user_id == grid.c.user_id)
        .join(Course, Course.id == grid.c.course_id)
        .outerjoin(Organization, Organization.id == person.c.organization_id)
    )


@functools.cache
def _rows_of_people():
    return _rows_query(COHORT_ID, ReportFilter(), COURSE_IDS, USER_IDS)


@functools.cache
def _best_of_people():
    return best_percents_query(USER_IDS, QUIZ_IDS)


def _in_name_order(cohort_id: int, who):
    """The participants ``who``, each with their place in name order: the rows are then
    sorted by that number, and the names compared for each person rather than for each
    of their courses (10,000 names sorted at 10,000 participants, not 50,000 rows)."""
    place = func.row_number().over(order_by=(func.lower(person_name()), User.id))
    return (
        select(
            CohortParticipant.user_id,
            CohortParticipant.organization_id,
            User.username,
            User.display_name,
            place.label("place"),
        )
        .join(User, User.id == CohortParticipant.user_id)
        .where(CohortParticipant.cohort_id == cohort_id, CohortParticipant.user_id.in_(who))
        .subquery("person")
    )


def _day(column):
    """The day of a time as text (YYYY-MM-DD), in SQL."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM-DD")
    return func.substr(column, 1, 10)  # SQLite keeps times as ISO text


def _sheet_cells(grid, person, answers: dict[bool, str]) -> list:
    """A row of the exported files (exports.progress_sheet reads them by position): the
    person's and course's ids, the texts still to escape (name, username, organization,
    course), then the cells as they are written: figures, completed, last day, certificate."""

    def word(condition):
        return case((condition, literal(answers[True])), else_=literal(answers[False]))

    return [
        grid.c.user_id,
        grid.c.course_id,
        person.c.display_name,
        person.c.username,
        Organization.name,
        Course.title,
        grid.c.lessons_done,
        grid.c.lessons_total,
        grid.c.quizzes_passed,
        grid.c.quizzes_total,
        grid.c.percent,
        word(grid.c.is_complete == 1),
        func.coalesce(_day(grid.c.last_activity), ""),
        word(grid.c.certificate_id.is_not(None)),
    ]


@dataclass
class ParticipantLine:
    """One participant with their row for each course (None where not enrolled)."""

    user_id: int
    name: str
    username: str
    organization: str | None
    by_course: dict[int, object]
    best: dict[int, list[float | None]]

    @property
    def last_activity(self) -> datetime | None:
        times = [row.last_activity for row in self.by_course.values() if row.last_activity]
        return max(times, default=None)


def by_participant(data: ReportData) -> list[ParticipantLine]:
    """The report's rows grouped per participant, in the rows' order."""
    lines: dict[int, ParticipantLine] = {}
    for row in data.rows:
        line = lines.get(row.user_id)
        if line is None:
            line = lines[row.user_id] = ParticipantLine(
                row.user_id,
                row.display_name or row.username,
                row.username,
                row.organization,
                {},
                {},
            )
        line.by_course[row.course_id] = row
        line.best[row.course_id] = data.best_scores(row)[: len(data.quizzes[row.course_id])]
    return list(lines.values())


def certificates_of(user_id: int, course_ids: list[int]) -> dict[int, Certificate]:
    """A participant's certificates (revoked ones too) for these courses, by course."""
    query = select(Certificate).where(
        Certificate.user_id == user_id, Certificate.course_id.in_(course_ids)
    )
    return {certificate.course_id: certificate for certificate in db.session.scalars(query)}
