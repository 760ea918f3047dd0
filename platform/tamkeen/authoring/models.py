"""What trainers keep besides the course itself: lesson revisions and lesson images."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import db
from ..learning.models import Course, Lesson


class LessonRevision(db.Model):
    """One saved version of a lesson: who saved it, when, and what it said.

    A draft revision (``is_draft``) was saved while trainees could see the lesson: they
    keep reading the lesson's own columns until the trainer publishes it.
    """

    __tablename__ = "lesson_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int | None]
    is_draft: Mapped[bool] = mapped_column(default=False)

    lesson: Mapped[Lesson] = relationship()
    author = relationship("User", lazy="joined")

    @property
    def protection_parent(self) -> Course:
        return self.lesson.course


class CourseImage(db.Model):
    """An image used by a course's lessons, cleaned and shrunk (see media.py).

    Kept in the database, so that several app servers share it and a backup holds it.
    ``name`` is the file name lessons refer to as ``images/<name>``.
    """

    __tablename__ = "course_images"
    __table_args__ = (UniqueConstraint("course_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    byte_size: Mapped[int]
    digest: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()

    @property
    def protection_parent(self) -> Course:
        return self.course
