"""The dashboard's figures kept by the writes: sums per cohort, course, organization and
completion day (``ReportSum``), so that the dashboard without a period reads courses × days
rows however large the cohort, instead of every participant × course pair.

Each participant × course of a cohort has a row (``ReportPair``) holding what it adds to
the sums as of the last write: a write recomputes the rows of the pairs it concerns from
the participants table's own definition (``progress.grid_rows`` on the stored progress),
subtracts the stored contribution from the sums and adds the new one (new minus stored:
exact, whatever the write did). Nobody has to call it: the same session events as the
change stamps (``reports.stamps``) collect what each transaction writes —

- a person's stored progress, certificate or place in a cohort (``progress_summaries``,
  ``certificates``, ``cohort_participants``: their ``user_id``) → that person's pairs in
  every cohort; a person deleted → the same (their rows go);
- a course's lessons or quizzes published, added, moved or deleted, a module or the course
  deleted (the totals behind every percentage) → every pair of the course;
- a cohort's course added or removed (``cohort_courses``) → that cohort × course's pairs;
- an organization deleted (its participants lose it in the database itself) → its
  participants' pairs, found before it goes;
- a statement whose rows cannot be told → every pair (slow but right);

— and ``maintain`` applies it in ``before_commit``, just after the stamps move. On
PostgreSQL the stamps' row locks (cohorts in id order) serialize the writers of the same
cohorts, and the stored pairs are read ``FOR UPDATE`` in key order before the pairs now:
two transactions that recompute the same pair (their stamps may differ: a person's new
cohort, not committed when one read their cohorts) are serialized too, and the second
reads what the first committed. A new pair inserted meanwhile by another is found by
``ON CONFLICT DO NOTHING`` and the pass made again. So two transactions never subtract the
same stored contribution. SQLite has one writer at a time (``BEGIN IMMEDIATE``). Locks
are taken stamps, then pairs, then sums, each in key order. The sums are upserted key by
key (``INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x``).

"Active in the last 7 days" reads the pairs whose last activity is recent through the
index on (cohort, last activity): only recent rows are read.

``rebuild`` recomputes both tables from scratch (migration 0020, ``summaries.rebuild`` and
so ``flask reports refresh-progress``). Not seen, as for the stamps: SQL run as text or on
a connection outside the session (then run ``flask reports refresh-progress``).
"""

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from sqlalchemy import and_, bindparam, delete, func, inspect, or_, select, true, tuple_
from sqlalchemy.orm import Session

from ..extensions import db
from .collected import Collected
from .models import ReportPair, ReportSum

# The tables the figures come from, and the column that says which pairs a row concerns.
WATCHED = {
    "cohort_participants": "user_id",
    "cohort_courses": "cohort_id",  # with course_id: the (cohort, course) pairs
    "progress_summaries": "user_id",
    "certificates": "user_id",
    "lessons": "course_id",
    "quizzes": "course_id",
    "modules": "course_id",
    "courses": "id",
    "users": "id",
    "organizations": None,
}
_KIND = {"user_id": "users", "course_id": "courses", "cohort_id": "cohorts"}
_KIND_OF_ID = {"courses": "courses", "users": "users"}
# Changed rows count only when one of these columns changed; new rows of the tables with
# an empty set do not count either (a new person or course has no pairs yet): only their
# deletion does.
COUNTED = {
    "lessons": {"is_published", "course_id"},
    "quizzes": {"is_published", "course_id"},
    "modules": set(),
    "courses": set(),
    "users": set(),
    "organizations": set(),
    "cohort_participants": {"organization_id", "user_id", "cohort_id"},
    "cohort_courses": {"cohort_id", "course_id"},
}
# The figures of ``ReportSum`` in order; a pair adds 1 enrolment and its own values.
FIGURES = (
    "enrolments",
    "percent_sum",
    "completed",
    "quizzes_passed",
    "quizzes_attempted",
    "certificates",
    "started",
    "half_way",
)
_INFO = "report_aggregates"


@dataclass
class Pending(Collected):
    """The pairs a transaction's writes concern."""

    KINDS: ClassVar[tuple[str, ...]] = ("users", "courses", "cohorts", "pairs")

    pairs: set = field(default_factory=set)  # (cohort, course)


def pending(session: Session) -> Pending:
    return Pending.of(session, _INFO)


# What a transaction writes ------------------------------------------------------------------


def collect_object(obj, *, new: bool, deleted: bool) -> None:
    """A flushed ORM object's pairs (``after_flush``, from ``reports.stamps``)."""
    state = inspect(obj)
    mapper = state.mapper
    found = pending(state.session) if state.session is not None else None
    if found is None:
        return
    for table in mapper.tables:
        name = getattr(table, "name", None)
        if name not in WATCHED:
            continue
        counted = COUNTED.get(name)
        if not deleted:
            if counted == set():
                continue  # only its deletion counts
            if not new and counted is not None and not _changed(state, mapper, table, counted):
                continue
        column = WATCHED[name]
        if name == "organizations":
            found.users.update(_members_of(state.session, [state.identity[0]]))
            continue
        if column is None:
            found.everything = True
            continue
        values = _object_values(state, mapper, table, column)
        if name == "cohort_courses":
            courses = _object_values(state, mapper, table, "course_id")
            found.pairs.update((c, k) for c in values for k in courses)
            continue
        kind = _KIND_OF_ID.get(name) if column == "id" else _KIND[column]
        found.add(kind, values)


def _members_of(session: Session, organization_ids) -> list[int]:
    """The participants of these organizations, whose pairs change when one is deleted."""
    from ..cohorts.models import CohortParticipant

    query = select(CohortParticipant.user_id).where(
        CohortParticipant.organization_id.in_(list(organization_ids))
    )
    return list(session.connection().scalars(query))


def _object_values(state, mapper, table, column: str) -> list:
    key = mapper.get_property_by_column(table.c[column]).key
    history = state.attrs[key].history
    values = [*history.added, *history.unchanged, *history.deleted]
    return values or [getattr(state.obj(), key, None)]


def _changed(state, mapper, table, counted: set) -> bool:
    for prop in mapper.column_attrs:
        columns = [column for column in prop.columns if getattr(column, "table", None) is table]
        if not columns or columns[0].name not in counted:
            continue
        if state.attrs[prop.key].history.has_changes():
            return True
    return False


def collect_statement(orm_state, where_values, inserted) -> None:
    """An ``insert``/``update``/``delete`` run through the session (``do_orm_execute``,
    from ``reports.stamps``, with its helpers that read a statement's values)."""
    statement = orm_state.statement
    table = getattr(statement, "table", None)
    name = getattr(table, "name", None)
    if name not in WATCHED:
        return
    if COUNTED.get(name) == set() and not orm_state.is_delete:
        return  # a person, course or organization written, not deleted
    found = pending(orm_state.session)
    hint = orm_state.execution_options.get("report_scope")
    if hint is not None:
        kind, values = hint
        if isinstance(values, list | tuple | set):
            found.add(kind, values)
            return
    column = WATCHED[name]
    if name == "organizations":  # deleted: its participants lose it (the database says so)
        ids = where_values(statement.whereclause, table, "id")
        if ids is not None:
            found.users.update(_members_of(orm_state.session, ids))
            return
    if column is None:
        found.everything = True
        return
    kind = _KIND_OF_ID.get(name) if column == "id" else _KIND[column]
    if orm_state.is_insert:
        values = inserted(statement, orm_state.parameters, column)
        if values is not None and name == "cohort_courses":
            courses = inserted(statement, orm_state.parameters, "course_id")
            if courses is not None and len(courses) == len(values):
                found.pairs.update(zip(values, courses, strict=True))
                return
    else:
        values = where_values(statement.whereclause, table, column)
        if values is None and statement.whereclause is not None:
            # The rows it will change, read before it runs (their key does not change).
            query = select(table.c[column]).where(statement.whereclause)
            values = list(orm_state.session.connection().scalars(query))
    found.add(kind if values is not None else None, values or ())


# Applying it ----------------------------------------------------------------------------------

_SCOPE = {
    "users": bindparam("scope_users", expanding=True),
    "courses": bindparam("scope_courses", expanding=True),
    "cohorts": bindparam("scope_cohorts", expanding=True),
    "pairs": bindparam("scope_pairs", expanding=True),
}


def _kinds(found: Pending) -> tuple[str, ...] | None:
    if found.everything:
        return None
    return tuple(kind for kind in ("users", "courses", "cohorts", "pairs") if getattr(found, kind))


def _where(kinds, cohort, user, course):
    if kinds is None:
        return true()
    terms = {
        "users": lambda: user.in_(_SCOPE["users"]),
        "courses": lambda: course.in_(_SCOPE["courses"]),
        "cohorts": lambda: cohort.in_(_SCOPE["cohorts"]),
        "pairs": lambda: tuple_(cohort, course).in_(_SCOPE["pairs"]),
    }
    return or_(*(terms[kind]() for kind in kinds))


def _people(kinds):
    """The people whose stored progress the pairs need (a subquery, or the scope's list)."""
    from ..cohorts.models import CohortCourse, CohortParticipant

    if kinds == ("users",):
        return _SCOPE["users"]
    member = CohortParticipant
    if kinds is None:
        return select(member.user_id)
    terms = []
    for kind in kinds:
        if kind == "users":
            terms.append(member.user_id.in_(_SCOPE["users"]))
        elif kind == "cohorts":
            terms.append(member.cohort_id.in_(_SCOPE["cohorts"]))
        elif kind == "courses":
            taking = select(CohortCourse.cohort_id).where(
                CohortCourse.course_id.in_(_SCOPE["courses"])
            )
            terms.append(member.cohort_id.in_(taking))
        else:
            terms.append(member.cohort_id.in_(bindparam("scope_pair_cohorts", expanding=True)))
    return select(member.user_id).where(or_(*terms))


@functools.cache
def _statements(kinds):
    """The pairs of a scope as they are now, and as stored (built once per kind of scope)."""
    from ..cohorts.models import CohortCourse, CohortParticipant
    from ..learning.summaries import stored_progress_query
    from ..statements import COURSE_IDS
    from .progress import HALF_WAY, grid_rows

    base = stored_progress_query(_people(kinds), COURSE_IDS).subquery("progress")
    grid = grid_rows(base).subquery("pairs")
    member, taken = CohortParticipant, CohortCourse
    now = (
        select(
            member.cohort_id,
            grid.c.user_id,
            grid.c.course_id,
            func.coalesce(member.organization_id, 0),
            grid.c.percent,
            grid.c.is_complete,
            grid.c.quizzes_passed,
            grid.c.quizzes_attempted,
            grid.c.certificate_id,
            grid.c.steps_done,
            grid.c.last_activity,
        )
        .select_from(grid)
        .join(member, member.user_id == grid.c.user_id)
        .join(taken, and_(taken.cohort_id == member.cohort_id, taken.course_id == grid.c.course_id))
        .where(_where(kinds, member.cohort_id, grid.c.user_id, grid.c.course_id))
    )
    pair = ReportPair
    # Locked in key order (PostgreSQL; SQLite has one writer): a transaction that reads or
    # writes the same pairs waits here until this one commits, then reads what it wrote.
    stored = (
        select(*(pair.__table__.c[name] for name in _PAIR_COLUMNS))
        .where(_where(kinds, pair.cohort_id, pair.user_id, pair.course_id))
        .order_by(pair.cohort_id, pair.user_id, pair.course_id)
        .with_for_update()
    )
    return now, stored, HALF_WAY


_PAIR_COLUMNS = (
    "cohort_id",
    "user_id",
    "course_id",
    "organization_id",
    "day",
    "percent",
    "completed",
    "quizzes_passed",
    "quizzes_attempted",
    "certificate",
    "started",
    "half_way",
    "last_activity",
)


def _state(row, half_way: int) -> tuple:
    """A pair's stored values (``_PAIR_COLUMNS`` after the key) from the grid's row."""
    (_c, _u, _k, organization, percent, complete, passed, attempted, certificate, steps, last) = row
    day = last.date().toordinal() if complete and last is not None else 0
    return (
        organization,
        day,
        percent,
        complete,
        passed,
        attempted,
        int(certificate is not None),
        int(steps > 0),
        int(percent >= half_way),
        last,
    )


def _contribution(state: tuple) -> tuple:
    _org, _day, percent, complete, passed, attempted, certificate, started, half, _last = state
    return (1, percent, complete, passed, attempted, certificate, started, half)


def _values(found: Pending, connection) -> dict:
    from ..cohorts.models import CohortCourse

    values = {
        "course_ids": list(connection.scalars(select(CohortCourse.course_id).distinct())),
        "scope_users": sorted(found.users),
        "scope_courses": sorted(found.courses),
        "scope_cohorts": sorted(found.cohorts),
        "scope_pairs": sorted(found.pairs),
        "scope_pair_cohorts": sorted({cohort for cohort, _course in found.pairs}),
    }
    return values


def maintain(session: Session) -> None:
    """Apply the transaction's pending pairs (``before_commit``, after the stamps moved)."""
    found = pending(session).take()
    if found:
        apply(session.connection(), found)


def apply(connection, found: Pending) -> None:
    """Recompute the pairs of ``found``; move the sums by the difference.

    The stored pairs are read locked, in key order, before the pairs now (each statement
    then sees what another writer of the same pairs committed while this one waited). A
    pair that did not exist can be inserted by another transaction meanwhile: its insert
    then does nothing, and the pass is made again (the pair is stored and locked now)."""
    kinds = _kinds(found)
    now_query, stored_query, half_way = _statements(kinds)
    values = _values(found, connection)
    for _pass in range(3):
        stored = {tuple(r[:3]): tuple(r[3:]) for r in connection.execute(stored_query, values)}
        now = {tuple(r[:3]): _state(r, half_way) for r in connection.execute(now_query, values)}
        if not _write(connection, stored, now):
            return
    raise RuntimeError("report pairs: inserted by other transactions three times running")


def _write(connection, stored: dict, now: dict) -> bool:
    """Write the difference; whether some new pair was found inserted by another
    transaction (then left out: the caller reads again)."""
    taken = _insert(connection, sorted(now.keys() - stored.keys()), now)
    for key in taken:
        del now[key]  # neither inserted nor counted in this pass
    deltas: dict[tuple, list[int]] = {}

    def move(key, state, sign):
        cohort, _user, course = key
        target = deltas.setdefault((cohort, course, state[0], state[1]), [0] * len(FIGURES))
        for index, value in enumerate(_contribution(state)):
            target[index] += sign * value

    gone, changed = [], []
    for key in sorted(stored.keys() | now.keys()):
        before, after = stored.get(key), now.get(key)
        if before == after:
            continue
        if before is not None:
            move(key, before, -1)
        if after is not None:
            move(key, after, +1)
        if after is None:
            gone.append(key)
        elif before is not None:
            changed.append(key)
    table = ReportPair.__table__
    key_names = ("cohort_id", "user_id", "course_id")
    if gone:
        connection.execute(
            delete(table).where(*(table.c[n] == bindparam("k_" + n) for n in key_names)),
            [dict(zip(("k_" + n for n in key_names), key, strict=True)) for key in gone],
        )
    rows = [dict(zip(_PAIR_COLUMNS, (*key, *now[key]), strict=True)) for key in changed]
    if rows:
        keys = {"k_" + n: bindparam("k_" + n) for n in key_names}
        statement = (
            table.update()
            .where(*(table.c[n] == keys["k_" + n] for n in key_names))
            .values({name: bindparam(name) for name in _PAIR_COLUMNS[3:]})
        )
        connection.execute(
            statement,
            [{**{"k_" + n: row[n] for n in key_names}, **row} for row in rows],
        )
    _move_sums(connection, deltas)
    return bool(taken)


def _insert(connection, keys: list, now: dict) -> set:
    """Insert the new pairs in key order; those another transaction inserted first (the
    insert waits for it to end) are returned."""
    if not keys:
        return set()
    inserted = connection.execute(
        _insert_statement(connection.dialect.name),
        [dict(zip(_PAIR_COLUMNS, (*key, *now[key]), strict=True)) for key in keys],
    )
    return set(keys) - {tuple(row) for row in inserted}


@functools.cache
def _insert_statement(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = ReportPair.__table__
    key = (table.c.cohort_id, table.c.user_id, table.c.course_id)
    return insert(table).on_conflict_do_nothing(index_elements=list(key)).returning(*key)


def _move_sums(connection, deltas: dict) -> None:
    """``UPDATE … SET x = x + d`` per key (an upsert), keys in order; emptied rows deleted."""
    moved = [(key, delta) for key, delta in sorted(deltas.items()) if any(delta)]
    if not moved:
        return
    upsert, empty = _sum_statements(connection.dialect.name)
    key_names = ("cohort_id", "course_id", "organization_id", "day")
    for key, delta in moved:  # one by one: the order of the row locks is the keys' order
        connection.execute(
            upsert, dict(zip(key_names, key, strict=True)) | dict(zip(FIGURES, delta, strict=True))
        )
    for key, delta in moved:
        if delta[0] < 0:  # a pair left the key: the row may hold nothing now
            connection.execute(empty, dict(zip(key_names, key, strict=True)))


@functools.cache
def _sum_statements(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = ReportSum.__table__
    statement = insert(table)
    upsert = statement.on_conflict_do_update(
        index_elements=["cohort_id", "course_id", "organization_id", "day"],
        set_={name: table.c[name] + statement.excluded[name] for name in FIGURES},
    )
    key = ("cohort_id", "course_id", "organization_id", "day")
    empty = delete(table).where(*(table.c[n] == bindparam(n) for n in key), table.c.enrolments == 0)
    return upsert, empty


def rebuild(connection=None) -> int:
    """Both tables recomputed from the stored progress (migration 0020, ``summaries.rebuild``);
    how many pairs. ``connection``: the migration's own, else the session's."""
    if connection is None:
        connection = db.session.connection()
        pending(db.session).take()  # whatever the transaction wrote so far: recomputed here
    connection.execute(delete(ReportSum.__table__))
    connection.execute(delete(ReportPair.__table__))
    now_query, _stored, half_way = _statements(None)
    values = _values(Pending(everything=True), connection)
    now = {tuple(row[:3]): _state(row, half_way) for row in connection.execute(now_query, values)}
    _write(connection, {}, now)
    return len(now)


# Reading ------------------------------------------------------------------------------------


@functools.cache
def sums_query(by_organization: bool):
    """The dashboard's grid summed per course and day (``dashboard._grouped``'s rows)."""
    from ..statements import COURSE_IDS
    from .progress import COHORT_ID, ORGANIZATION_ID

    kept = ReportSum
    query = (
        select(
            kept.course_id,
            kept.day,
            *(func.sum(kept.__table__.c[name]).label(name) for name in FIGURES),
        )
        .where(kept.cohort_id == COHORT_ID, kept.course_id.in_(COURSE_IDS))
        .group_by(kept.course_id, kept.day)
    )
    if by_organization:
        query = query.where(kept.organization_id == ORGANIZATION_ID)
    return query


@functools.cache
def active_query(by_organization: bool):
    """Participants active since ``since`` and their earliest last activity: the recent
    pairs only, through the (cohort, last activity) index."""
    from ..statements import COURSE_IDS
    from .progress import COHORT_ID, ORGANIZATION_ID

    pair = ReportPair
    query = select(func.count(func.distinct(pair.user_id)), func.min(pair.last_activity)).where(
        pair.cohort_id == COHORT_ID,
        pair.last_activity >= bindparam("since"),
        pair.course_id.in_(COURSE_IDS),
    )
    if by_organization:
        query = query.where(pair.organization_id == ORGANIZATION_ID)
    return query


def as_day(value: int) -> date | None:
    return date.fromordinal(value) if value else None
