"""Per-cohort change stamps: what the cached dashboards and participants tables are keyed by.

A cohort's stamp (``ReportStamp``, in the database, so every app server sees it) moves in
the same transaction as any write that can change what the cohort's dashboard or table
shows. Nobody has to remember it: session events look at every write of the tables those
pages read (``WATCHED``), whichever code makes it:

- ORM changes (``before_flush``/``after_flush``): a row's ``cohort_id`` names its cohort,
  its ``user_id`` (a person's progress, attempts, certificates, enrolments, the person's
  name) the cohorts the person is in, its ``course_id`` the cohorts that take the course;
- statements run through the session (``do_orm_execute``: ``insert``/``update``/``delete``
  of a watched table): scoped the same way when their ``WHERE`` says ``cohort_id``,
  ``user_id`` or ``course_id`` equal to or in given values (or the inserted rows carry
  them, or the statement says ``execution_options(report_scope=...)``), otherwise **every**
  cohort's stamp moves (safe, only slower: the caches are recomputed);
- a deletion is resolved to its cohorts before it runs (a person erased leaves their
  cohorts with the same statement).

The stamps move once per transaction, just before it commits (``before_commit``: one
``INSERT … ON CONFLICT DO UPDATE``, cohorts in id order so that two writers cannot
deadlock on PostgreSQL). A reader reads the stamp *before* the figures: the figures are
then at least as new as the stamp they are stored under.

The same events collect what the dashboard's kept sums need (``reports.aggregates``),
applied in ``before_commit`` right after the stamps move, under their row locks (and the
pairs' own, taken after them).

Not seen: SQL run as text or on a connection outside the session (none of the app's write
paths of these tables does that; migration 0010's rebuild does, before any cache exists).
"""

import functools
from dataclasses import dataclass, field

from sqlalchemy import event, inspect, literal, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList

from ..extensions import db
from . import aggregates
from .collected import Collected

# The tables the dashboard and the participants table read, and the column that says which
# cohorts a row concerns: "cohort_id" (itself), "user_id"/"course_id" (the person's or the
# course's cohorts), "id" of users and courses, None = every cohort (rare, wide changes).
WATCHED = {
    "cohort_participants": "cohort_id",
    "cohort_courses": "cohort_id",
    "progress_summaries": "user_id",
    "lesson_progress": "user_id",
    "attempts": "user_id",
    "certificates": "user_id",
    "enrolments": "user_id",
    "users": "id",
    "courses": "id",
    "lessons": "course_id",
    "modules": "course_id",
    "quizzes": "course_id",
    "organizations": None,
    "cohorts": "id",  # its name, above the kept content
}
# What a scope's kinds are, by table and column.
_KIND = {("users", "id"): "users", ("courses", "id"): "courses", ("cohorts", "id"): "cohorts"}
_KIND_OF_COLUMN = {"cohort_id": "cohorts", "user_id": "users", "course_id": "courses"}
# A changed row of these tables matters only when one of these columns changed.
COLUMNS_SHOWN = {"users": {"username", "display_name"}, "cohorts": {"name"}}

# The tables that say which cohorts a person or a course is in (or whose deletion takes
# such rows with it): their deletions are turned into cohorts before they run. Other
# deletions (a person's progress, attempts...) leave that mapping as it was: resolved at
# the commit, with the rest.
MAPPING = {"cohort_participants", "cohort_courses", "users", "courses", "cohorts"}

_INFO = "report_stamps"


@dataclass
class Scope(Collected):
    """The cohorts a transaction's writes concern, some still as people or courses."""

    seen: set = field(default_factory=set)  # ids of deleted objects resolved before the flush
    bumped: bool = False  # the stamps moved already (later flushes bump at once)


def _scope(session: Session) -> Scope:
    return Scope.of(session, _INFO)


def _kind(table_name: str, column: str | None) -> str | None:
    if column is None:
        return None
    return _KIND.get((table_name, column)) or _KIND_OF_COLUMN[column]


def _conditions(scope: Scope) -> list | None:
    """Which cohorts a scope concerns, as conditions on ``cohorts.id``; None for all."""
    from ..cohorts.models import Cohort, CohortCourse, CohortParticipant

    if scope.everything:
        return None
    conditions = []
    if scope.cohorts:
        conditions.append(Cohort.id.in_(sorted(scope.cohorts)))
    if scope.users:
        users = sorted(scope.users)
        who = select(CohortParticipant.cohort_id).where(CohortParticipant.user_id.in_(users))
        conditions.append(Cohort.id.in_(who))
    if scope.courses:
        courses = sorted(scope.courses)
        where = select(CohortCourse.cohort_id).where(CohortCourse.course_id.in_(courses))
        conditions.append(Cohort.id.in_(where))
    return conditions


def _cohort_ids(session: Session, scope: Scope) -> list[int] | None:
    """The cohorts of a scope now, in id order; None for every cohort."""
    from ..cohorts.models import Cohort

    conditions = _conditions(scope)
    if conditions is None:
        return None
    if not conditions:
        return []
    query = select(Cohort.id).where(or_(*conditions)).order_by(Cohort.id)
    return list(session.connection().scalars(query))


def _bump(session: Session, scope: Scope) -> None:
    """Move the stamps of the scope's cohorts, creating their rows if need be: one
    statement, cohorts in id order."""
    from ..cohorts.models import Cohort
    from .models import ReportStamp

    conditions = _conditions(scope)
    if conditions == []:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    which = true() if conditions is None else or_(*conditions)
    rows = select(Cohort.id, literal(1)).where(which).order_by(Cohort.id)
    statement = (
        insert(ReportStamp)
        .from_select(["cohort_id", "stamp"], rows)
        .on_conflict_do_update(
            index_elements=[ReportStamp.cohort_id], set_={"stamp": ReportStamp.stamp + 1}
        )
    )
    connection.execute(statement)


def _resolve_now(session: Session, scope: Scope) -> None:
    """A deletion's people and courses turned into cohorts before it runs (afterwards the
    person may no longer be in them, nor the course in its cohorts)."""
    found = _cohort_ids(session, scope)
    pending = _scope(session)
    if found is None:
        pending.everything = True
    else:
        pending.cohorts.update(found)


# ORM changes ---------------------------------------------------------------------------


def _object_scope(obj, scope: Scope, *, dirty: bool) -> None:
    state = inspect(obj)
    mapper = state.mapper
    for table in mapper.tables:
        name = getattr(table, "name", None)
        if name not in WATCHED:
            continue
        if dirty and not _changed(state, mapper, table):
            continue
        column = WATCHED[name]
        kind = _kind(name, column)
        if kind is None:
            scope.everything = True
            continue
        key = mapper.get_property_by_column(table.c[column]).key
        history = state.attrs[key].history
        values = [*history.added, *history.unchanged, *history.deleted]
        if not values:  # not loaded: the value as flushed
            values = [getattr(obj, key, None)]
        scope.add(kind, values)


def _changed(state, mapper, table) -> bool:
    shown = COLUMNS_SHOWN.get(table.name)
    for prop in mapper.column_attrs:
        columns = [column for column in prop.columns if getattr(column, "table", None) is table]
        if not columns or (shown is not None and columns[0].name not in shown):
            continue
        if state.attrs[prop.key].history.has_changes():
            return True
    return False


def _before_flush(session: Session, _context, _instances) -> None:
    deleted = [obj for obj in session.deleted if _watched(obj)]
    if not deleted:
        return
    pending, now = _scope(session), Scope()
    for obj in deleted:
        mapping = any(getattr(t, "name", None) in MAPPING for t in inspect(obj).mapper.tables)
        _object_scope(obj, now if mapping else pending, dirty=False)
    pending.seen.update(id(obj) for obj in deleted)
    for obj in deleted:
        aggregates.collect_object(obj, new=False, deleted=True)
    if now:
        _resolve_now(session, now)


def _after_flush(session: Session, _context) -> None:
    pending = _scope(session)
    for obj in session.new:
        if _watched(obj):
            _object_scope(obj, pending, dirty=False)
            aggregates.collect_object(obj, new=True, deleted=False)
    for obj in session.dirty:
        if _watched(obj):
            _object_scope(obj, pending, dirty=True)
            aggregates.collect_object(obj, new=False, deleted=False)
    for obj in session.deleted:
        if _watched(obj) and id(obj) not in pending.seen:
            pending.everything = True  # deleted by another listener: not resolved in time
            aggregates.pending(session).everything = True
    if pending.bumped and pending:
        _bump(session, pending.take())
    if pending.bumped:
        aggregates.maintain(session)


def _watched(obj) -> bool:
    return any(getattr(t, "name", None) in WATCHED for t in inspect(obj).mapper.tables)


# Statements run through the session ------------------------------------------------------


def _do_orm_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    statement = state.statement
    table = getattr(statement, "table", None)
    name = getattr(table, "name", None)
    if name not in WATCHED:
        return
    scope = Scope()
    hint = state.execution_options.get("report_scope")
    if hint is not None:
        kind, values = hint
        scope.add(kind, values)
    else:
        column = WATCHED[name]
        values = None
        if column is not None:
            if state.is_insert:
                values = _inserted(statement, state.parameters, column)
            else:
                values = _where_values(statement.whereclause, table, column)
        scope.add(_kind(name, column) if values is not None else None, values or ())
    aggregates.collect_statement(state, _where_values, _inserted)
    if state.is_delete and name in MAPPING and not scope.everything:
        _resolve_now(state.session, scope)
    else:
        pending = _scope(state.session)
        pending.add("cohorts", scope.cohorts)
        pending.add("users", scope.users)
        pending.add("courses", scope.courses)
        pending.everything |= scope.everything
        if pending.bumped:
            _bump(state.session, pending.take())
    if _scope(state.session).bumped and aggregates.pending(state.session):
        # After the commit's own maintenance (another listener's statement): the sums move
        # at once, once the statement has run.
        result = state.invoke_statement()
        aggregates.maintain(state.session)
        return result
    return None


def _inserted(statement, parameters, column: str) -> list | None:
    """The values of ``column`` in the rows an INSERT writes; None when not known."""
    if getattr(statement, "select", None) is not None:
        return None  # INSERT … SELECT
    rows = parameters if isinstance(parameters, list) else [parameters or {}]
    values = []
    for row in rows:
        value = _value_of(row, column)
        if value is None:
            value = _value_of(
                {
                    getattr(key, "key", key): getattr(v, "value", v)
                    for key, v in (statement._values or {}).items()
                },
                column,
            )
        if value is None:
            return None
        values.append(value)
    return values


def _value_of(row: dict, column: str):
    for key, value in row.items():
        if getattr(key, "key", getattr(key, "name", key)) == column:
            return value
    return None


def _where_values(clause, table, column: str) -> list | None:
    """The values a ``WHERE`` restricts ``column`` to (``=`` or ``IN`` given values, in the
    clause itself or one of its ``AND``-ed terms); None when it does not."""
    if clause is None:
        return None
    terms = (
        list(clause.clauses)
        if isinstance(clause, BooleanClauseList) and clause.operator is operators.and_
        else [clause]
    )
    for term in terms:
        if not isinstance(term, BinaryExpression):
            continue
        left, right = term.left, term.right
        if getattr(getattr(left, "table", None), "name", None) != table.name:
            continue
        if getattr(left, "name", None) != column:
            continue
        if not isinstance(right, BindParameter):
            continue
        value = right.effective_value
        if term.operator is operators.eq and value is not None:
            return [value]
        if term.operator is operators.in_op and isinstance(value, list | tuple):
            return list(value)
    return None


# The transaction's end ---------------------------------------------------------------------


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the outer transaction bumps
        return
    if session.new or session.dirty or session.deleted:
        session.flush()
    scope = _scope(session)
    if scope:
        _bump(session, scope.take())
    scope.bumped = True  # anything flushed from now on (other listeners) bumps at once
    # The dashboard's sums, under the stamps' row locks just taken (reports/aggregates.py).
    aggregates.maintain(session)


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_INFO, None)
        session.info.pop(aggregates._INFO, None)


def listen() -> None:
    """Watch every session (once per process)."""
    for name, function in (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("do_orm_execute", _do_orm_execute),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(Session, name, function):
            event.listen(Session, name, function)


# Reading -----------------------------------------------------------------------------------


def current(cohort_id: int) -> int:
    """The cohort's stamp now (0 before its first change). Read it before the figures."""
    return db.session.scalar(_stamp_query(), {"cohort_id": cohort_id}) or 0


@functools.cache
def _stamp_query():
    from sqlalchemy import bindparam

    from .models import ReportStamp

    return select(ReportStamp.stamp).where(ReportStamp.cohort_id == bindparam("cohort_id"))
