"""Courses as trainees meet them: a course, its modules, their lessons; and progress."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import db
from ..identity import GloballyIdentified

COURSE_STATUSES = ("draft", "published")


class Course(GloballyIdentified, db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    language: Mapped[str] = mapped_column(String(8), index=True)
    # Courses that share a translation group are translations of each other.
    translation_group: Mapped[str | None] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # What its certificates print: the hours of training the course stands for, and what
    # the holder can now do (lines in the course's language). Both optional.
    hours: Mapped[float | None]
    outcomes: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    modules: Mapped[list["Module"]] = relationship(
        back_populates="course",
        order_by="Module.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    trainers: Mapped[list["CourseTrainer"]] = relationship(
        back_populates="course", cascade="all, delete-orphan", passive_deletes=True
    )
    # Loaded only when asked for: catalogue and trainee pages never read the guide.
    guide: Mapped["FacilitatorGuide | None"] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_published(self) -> bool:
        return self.status == "published"


class CourseTrainer(db.Model):
    """A trainer who may change a course: its owner, or a co-trainer the owner added.

    A course without any (the bundled ones, imported from the command line) belongs to
    the administrators.
    """

    __tablename__ = "course_trainers"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    is_owner: Mapped[bool] = mapped_column(default=False)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship(back_populates="trainers")
    user = relationship("User", lazy="joined")


class FacilitatorGuide(db.Model):
    """How to run a course as a workshop: the Markdown file its package names in
    ``facilitator_guide``, kept byte for byte so that an export gives the same file back.

    A table of its own, not a column on courses, so that the many queries that load
    courses never carry a guide of several pages along.
    """

    __tablename__ = "facilitator_guides"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")

    course: Mapped[Course] = relationship(back_populates="modules")
    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="module",
        order_by="Lesson.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def protection_parent(self) -> Course:
        return self.course


class Lesson(GloballyIdentified, db.Model):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The course is repeated here so that slugs are unique per course and progress sums
    # need no join through modules.
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int | None]
    # What a fact-checker still has to confirm (the package's review_note). While it is
    # set, trainees see a caution on the lesson; None once the lesson has been checked.
    review_note: Mapped[str | None] = mapped_column(Text)
    # False for a lesson added to a published course and not yet published: trainees
    # do not see it. Its edits wait in draft revisions (authoring/models.py) meanwhile.
    is_published: Mapped[bool] = mapped_column(default=True, server_default=true())

    module: Mapped[Module] = relationship(back_populates="lessons")
    course: Mapped[Course] = relationship()

    @property
    def protection_parent(self) -> Course:
        return self.course


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()


class LessonProgress(db.Model):
    """One row per trainee and lesson they have completed."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProgressSummary(db.Model):
    """A stored row of ``learning.progress.progress_query`` (no period) for one enrolled
    (user, course): what the cohort reports read instead of aggregating every completed
    lesson and quiz attempt on each request.

    It is a cache, not a second definition: ``learning.summaries.refresh`` recomputes rows
    with ``progress_query`` itself at every write that can change them. The totals (lessons
    and quizzes in the course) are not stored: trainers change courses, and they are
    counted per course when read.
    """

    __tablename__ = "progress_summaries"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    lessons_done: Mapped[int]
    quizzes_passed: Mapped[int]
    quizzes_attempted: Mapped[int]
    lessons_last_at: Mapped[datetime | None]
    quizzes_last_at: Mapped[datetime | None]
