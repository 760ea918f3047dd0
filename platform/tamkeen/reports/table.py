"""The participants table: one line per participant, sortable, a page at a time."""

import functools

from flask_babel import gettext
from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup
from sqlalchemy import bindparam, func, or_, select

from ..accounts.models import User
from ..cohorts.models import CohortParticipant, Organization
from ..extensions import db
from ..statements import COURSE_IDS
from .progress import (
    COHORT_ID,
    ParticipantLine,
    ReportFilter,
    by_participant,
    members,
    participant_course_rows,
    people,
    person_name,
    prepared_filter,
    report_data,
    statement_values,
)

PER_PAGE = 50


def cell_labels() -> dict[str, Markup]:
    """The texts of a cell (``_macros/reports.html``), translated once for a page: a table
    of 50 participants in 5 courses prints 250 cells. Unformatted and trusted as markup,
    as a template's ``_()`` takes them before putting the numbers in (``%`` on Markup
    escapes what it puts in): the same bytes as ``_()`` in the cell gave."""
    texts = {
        "completed": gettext("completed"),
        "lessons": gettext("Lessons: %(done)d of %(total)d"),
        "quizzes": gettext("Quizzes passed: %(passed)d of %(total)d"),
        "best": gettext("Best scores"),
        "certificate": gettext("Certificate issued"),
        "not_enrolled": gettext("Not enrolled"),
    }
    # Our own catalogues' texts, as Jinja's i18n trusts them.
    return {key: Markup(text) for key, text in texts.items()}  # noqa: S704  # nosec B704


def _sort_key(sort: str, totals):
    name = func.lower(person_name())
    keys = {
        "name": [name],
        "organization": [func.lower(func.coalesce(Organization.name, "")), name],
        "progress": [func.coalesce(totals.c.percent_sum * 1.0 / totals.c.courses, 0), name],
        "completed": [func.coalesce(totals.c.completed, 0), name],
        "activity": [totals.c.last_activity, name],
    }
    return keys.get(sort, keys["name"])


def participants_page(
    cohort_id: int,
    report: ReportFilter,
    course_ids: list[int],
    *,
    sort: str,
    descending: bool,
    page: int,
    search: str | None = None,
):
    """A page of participant ids in the asked order, and their lines (five more queries);
    ``search`` keeps those whose name or username holds it. Without a period or a search,
    the statements are prepared (built once per process for each sort and filter)."""
    if report.period is None and not search:
        order, count = _prepared_page_queries(sort, descending, report.organization_id is not None)
        values = statement_values(cohort_id, report, course_ids)
        result = _PreparedPage(
            page=page,
            per_page=PER_PAGE,
            max_per_page=None,
            error_out=False,
            statement=order,
            count_statement=count,
            values=values,
        )
    else:
        order = _page_query(cohort_id, report, course_ids, sort, descending, search)
        result = db.paginate(order, page=page, per_page=PER_PAGE, error_out=False, count=False)
        result.total = db.session.scalar(
            select(func.count()).select_from(_matching(cohort_id, report, search).subquery())
        )
    return result, _lines(cohort_id, report, list(result.items))


class _PreparedPage(Pagination):
    """A page of a prepared statement's rows, its limit and offset as parameters, and the
    total from a prepared count with the same values."""

    def _query_items(self) -> list:
        values = self._query_args["values"] | {"limit": self.per_page, "offset": self._query_offset}
        return list(db.session.scalars(self._query_args["statement"], values))

    def _query_count(self) -> int:
        return db.session.scalar(self._query_args["count_statement"], self._query_args["values"])


@functools.cache
def _prepared_page_queries(sort: str, descending: bool, by_organization: bool):
    report = prepared_filter(by_organization)
    order = _page_query(COHORT_ID, report, COURSE_IDS, sort, descending, None)
    order = order.limit(bindparam("limit")).offset(bindparam("offset"))
    count = select(func.count()).select_from(_matching(COHORT_ID, report, None).subquery())
    return order, count


def _page_query(cohort_id, report: ReportFilter, course_ids, sort, descending, search):
    """Every participant the table covers, in the asked order (their user ids)."""
    grid = participant_course_rows(cohort_id, report, course_ids).subquery("pairs")
    totals = (
        select(
            grid.c.user_id,
            func.sum(grid.c.percent).label("percent_sum"),
            func.count().label("courses"),
            func.sum(grid.c.is_complete).label("completed"),
            func.max(grid.c.last_activity).label("last_activity"),
        )
        .group_by(grid.c.user_id)
        .subquery("totals")
    )
    keys = _sort_key(sort, totals)
    ordering = [key.desc() if descending else key.asc() for key in keys[:1]] + keys[1:]
    ordering = [ordering[0].nulls_last()] + ordering[1:] + [User.id]
    return (
        select(CohortParticipant.user_id)
        .join(User, User.id == CohortParticipant.user_id)
        .outerjoin(Organization, Organization.id == CohortParticipant.organization_id)
        .outerjoin(totals, totals.c.user_id == CohortParticipant.user_id)
        .where(CohortParticipant.user_id.in_(_matching(cohort_id, report, search)))
        .where(CohortParticipant.cohort_id == cohort_id)
        .order_by(*ordering)
    )


def _matching(cohort_id: int, report: ReportFilter, search: str | None):
    """The participants the report covers, those whose name or username holds ``search``."""
    covered = members(cohort_id, report)
    if not search:
        return covered
    needle = search.lower()
    return select(User.id).where(
        User.id.in_(covered),
        or_(
            func.lower(User.username).contains(needle, autoescape=True),
            func.lower(func.coalesce(User.display_name, "")).contains(needle, autoescape=True),
        ),
    )


def _lines(cohort_id: int, report: ReportFilter, user_ids: list[int]):
    data = report_data(cohort_id, report, user_ids)
    lines = {line.user_id: line for line in by_participant(data)}
    missing = [user_id for user_id in user_ids if user_id not in lines]
    for user_id, (username, display_name, organization) in people(missing, cohort_id).items():
        # Someone in no course of the report yet: listed, with nothing to show.
        lines[user_id] = ParticipantLine(
            user_id, display_name or username, username, organization, {}, {}
        )
    return data, [lines[user_id] for user_id in user_ids if user_id in lines]
