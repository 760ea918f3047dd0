"""The progress summaries as stored, and as ``progress_query`` computes them live."""

from sqlalchemy import select

from tamkeen.accounts.models import User
from tamkeen.extensions import db
from tamkeen.learning.models import Course, ProgressSummary
from tamkeen.learning.progress import progress_query
from tamkeen.learning.summaries import STORED


def live_rows() -> list[tuple]:
    course_ids = list(db.session.scalars(select(Course.id)))
    live = progress_query(select(User.id), course_ids).subquery()
    return sorted(tuple(row) for row in db.session.execute(select(*(live.c[n] for n in STORED))))


def stored_rows() -> list[tuple]:
    columns = [getattr(ProgressSummary, name) for name in STORED]
    return sorted(tuple(row) for row in db.session.execute(select(*columns)))
