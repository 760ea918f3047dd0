"""What authoring keeps about a trainer: who saved each lesson revision.

The revisions themselves are course content and stay; erasing a trainer removes their
name from them (the history then says "an erased account").
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..accounts.personal_data import register_section
from ..extensions import db
from .models import LessonRevision


def _revisions(user) -> list[dict[str, Any]]:
    query = (
        select(LessonRevision)
        .where(LessonRevision.author_id == user.id)
        .order_by(LessonRevision.created_at, LessonRevision.id)
    )
    return [
        {"lesson_id": r.lesson_id, "title": r.title, "saved_at": r.created_at}
        for r in db.session.scalars(query)
    ]


def _erase_revisions(user) -> None:
    db.session.execute(
        update(LessonRevision).where(LessonRevision.author_id == user.id).values(author_id=None)
    )


def register_personal_data() -> None:
    register_section(
        "lesson_revisions",
        _l("Lesson versions you saved"),
        export=_revisions,
        erase=_erase_revisions,
        labels={"lesson_id": _l("Lesson number"), "title": _l("Title"), "saved_at": _l("Saved on")},
    )
