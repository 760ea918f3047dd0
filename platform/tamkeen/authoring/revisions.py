"""Lesson revisions: every save is kept; trainees read only what was published.

The lesson's own columns are what trainees read, so the trainee path needs no join and
no extra query. A save while trainees can see the lesson only adds a draft revision;
publishing copies the latest revision into the lesson. A save while they cannot (a draft
course, or a lesson not yet published) goes straight into the lesson as well.
"""

import difflib
from dataclasses import dataclass

from sqlalchemy import select

from ..accounts.models import User
from ..audit import record_event
from ..extensions import db
from ..learning.models import Lesson
from .models import LessonRevision

CONTENT_FIELDS = ("title", "summary", "body", "minutes")


def normalize_text(text: str | None) -> str:
    """One kind of line ending: browsers send CRLF, packages are read with LF."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def trainees_see(lesson: Lesson) -> bool:
    return lesson.course.is_published and lesson.is_published


def history(lesson: Lesson) -> list[LessonRevision]:
    """Every revision of ``lesson``, newest first, with their authors, in one query."""
    query = select(LessonRevision).where(LessonRevision.lesson_id == lesson.id)
    return list(db.session.scalars(query.order_by(LessonRevision.id.desc())))


def latest(lesson: Lesson) -> LessonRevision | None:
    query = select(LessonRevision).where(LessonRevision.lesson_id == lesson.id)
    return db.session.scalar(query.order_by(LessonRevision.id.desc()).limit(1))


def pending_draft(lesson: Lesson) -> LessonRevision | None:
    revision = latest(lesson)
    return revision if revision is not None and revision.is_draft else None


def editable_content(lesson: Lesson) -> dict:
    """What the editor opens with: the newest saved text, draft or not."""
    source = latest(lesson) or lesson
    return {name: getattr(source, name) for name in CONTENT_FIELDS}


def _apply(revision: LessonRevision, lesson: Lesson) -> None:
    for name in CONTENT_FIELDS:
        setattr(lesson, name, getattr(revision, name))
    revision.is_draft = False


def save_lesson(lesson: Lesson, *, by: User | None, **content) -> LessonRevision:
    """Keep a revision of ``content``; trainees see it only once it is published."""
    content["body"] = normalize_text(content.get("body"))
    content["summary"] = normalize_text(content.get("summary")).strip()
    revision = LessonRevision(
        lesson=lesson, author_id=getattr(by, "id", None), is_draft=True, **content
    )
    db.session.add(revision)
    if not trainees_see(lesson):
        _apply(revision, lesson)
    db.session.flush()
    return revision


def publish_lesson(lesson: Lesson) -> bool:
    """Trainees see the lesson and its newest text; False if there was nothing to do."""
    draft = pending_draft(lesson)
    changed = draft is not None or not lesson.is_published
    if draft is not None:
        _apply(draft, lesson)
    lesson.is_published = True
    return changed


def restore(lesson: Lesson, revision: LessonRevision, *, by: User) -> LessonRevision:
    """Save an old revision's text again, as a new revision (history is never rewritten)."""
    content = {name: getattr(revision, name) for name in CONTENT_FIELDS}
    restored = save_lesson(lesson, **content, by=by)
    record_event(by, "lesson.restored", lesson)
    return restored


def record_import(lesson: Lesson) -> None:
    """An import wrote the lesson: keep that text as a revision, if it is new."""
    newest = latest(lesson)
    current = {name: getattr(lesson, name) for name in CONTENT_FIELDS}
    if newest is None or {n: getattr(newest, n) for n in CONTENT_FIELDS} != current:
        db.session.add(LessonRevision(lesson=lesson, author_id=None, is_draft=False, **current))


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "added", "removed", "same" or "gap"
    text: str


def diff(old: LessonRevision, new: LessonRevision, context: int = 3) -> list[DiffLine]:
    """The lines that changed between two revisions, title and summary first.

    Plain data: the template escapes every line, so a diff of hostile text stays text.
    """

    def lines(revision: LessonRevision) -> list[str]:
        head = [f"# {revision.title}", revision.summary, ""]
        return head + normalize_text(revision.body).split("\n")

    before, after = lines(old), lines(new)
    result = []
    for group in difflib.SequenceMatcher(None, before, after).get_grouped_opcodes(context):
        if result:
            result.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                result += [DiffLine("same", line) for line in before[i1:i2]]
                continue
            result += [DiffLine("removed", line) for line in before[i1:i2]]
            result += [DiffLine("added", line) for line in after[j1:j2]]
    return result


def record_imported_lessons(course, spec) -> None:
    """COURSE_WRITERS "revisions": an imported lesson's text is its first version."""
    for lesson in db.session.scalars(select(Lesson).where(Lesson.course_id == course.id)):
        record_import(lesson)
