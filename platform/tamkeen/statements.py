"""Statements built once per process and run with parameters.

Building a statement of subqueries costs SQLAlchemy more than running it costs the
database: a profile of /learning put SQLite at ~3 % of the request, and most of the rest in
building the same statements again (copying subquery columns, coercing each operand,
computing cache keys). The statements that signed-in pages run on every request are
therefore built once, with a parameter where the ids go, and run with the ids: an
expanding parameter becomes ``IN (...)`` of the right length, and the SQL is the same.

    @prepared
    def _progress():
        return progress_query(USER_IDS, COURSE_IDS)

    db.session.execute(_progress(), {"user_ids": [...], "course_ids": [...]})
"""

import functools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.sql.elements import ClauseElement

USER_ID = bindparam("user_id")
USER_IDS = bindparam("user_ids", expanding=True)
COURSE_ID = bindparam("course_id")
COURSE_IDS = bindparam("course_ids", expanding=True)
QUIZ_IDS = bindparam("quiz_ids", expanding=True)

# A function of no arguments that builds a statement: called once per process.
prepared = functools.cache


def ids(values: Iterable[int] | ClauseElement) -> Any:
    """``values`` as ``in_()`` takes them: a list, or SQL (the parameter of a prepared
    statement, a subquery)."""
    return values if isinstance(values, ClauseElement) else list(values)


def is_id_list(values: Any) -> bool:
    """Whether ``values`` are ids given one by one (not a subquery), for a prepared statement."""
    return isinstance(values, list | tuple | set | frozenset)
