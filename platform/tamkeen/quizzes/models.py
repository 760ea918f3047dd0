"""Quizzes, their questions, and the attempts trainees make at them.

A quiz belongs to a module (it checks that module) or, without a module, is its course's
final assessment. An attempt freezes the questions it drew and their order (and the seed
that shuffled them); a response is one answer, saved as given; answer picks record, once
an attempt is graded, which choices each answer picked, for the trainers' statistics.

A question trainees have answered is never changed under them: a change to how it is
graded retires it (``retired_at``) and a new question takes its place. Attempts name their
questions by id, so they keep the version they were given; ``Quiz.questions`` holds only
the questions in use.

An essay's response is scored by a trainer (``graded_at``, ``graded_by_id``,
``grader_feedback``); until the last essay of an attempt is, the attempt awaits grading.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import db
from ..identity import GloballyIdentified

if TYPE_CHECKING:  # learning's package imports its views, which use quizzes: no import here
    from ..learning.models import Course, Module


class Quiz(GloballyIdentified, db.Model):
    __tablename__ = "quizzes"
    __table_args__ = (
        # A course has at most one final quiz (the quiz without a module).
        Index(
            "uq_quizzes_final",
            "course_id",
            unique=True,
            sqlite_where=text("module_id IS NULL"),
            postgresql_where=text("module_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int | None] = mapped_column(
        ForeignKey("modules.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    pass_mark: Mapped[int] = mapped_column(default=70)  # percent
    max_attempts: Mapped[int | None]  # None: unlimited
    time_limit_minutes: Mapped[int | None]
    shuffle_questions: Mapped[bool] = mapped_column(default=False)
    shuffle_choices: Mapped[bool] = mapped_column(default=False)
    draw: Mapped[int | None]  # questions drawn per attempt; None: all of them
    feedback: Mapped[str] = mapped_column(String(16), default="after_attempt")
    counts: Mapped[str] = mapped_column(String(8), default="best")  # best | last
    # False for a quiz added to a published course and not yet published: trainees do
    # not see it, nor count it, while its trainers write its questions.
    is_published: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    course: Mapped["Course"] = relationship()
    module: Mapped["Module | None"] = relationship()
    questions: Mapped[list["Question"]] = relationship(
        primaryjoin="and_(Quiz.id == Question.quiz_id, Question.retired_at.is_(None))",
        order_by="Question.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        overlaps="quiz",
    )

    @property
    def protection_parent(self) -> "Course":
        return self.course

    @property
    def is_final(self) -> bool:
        return self.module_id is None

    @property
    def questions_per_attempt(self) -> int:
        """Questions a trainee answers in one attempt (descriptions are not questions)."""
        from .kinds import KINDS

        count = sum(1 for question in self.questions if KINDS[question.kind].takes_answer)
        return min(self.draw, count) if self.draw else count


class Question(GloballyIdentified, db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the kind's own, see kinds/
    points: Mapped[float] = mapped_column(default=1.0)
    feedback: Mapped[str] = mapped_column(Text, default="")  # general feedback
    # Set when a new version replaced it or a trainer removed it while attempts held it.
    retired_at: Mapped[datetime | None]

    quiz: Mapped[Quiz] = relationship(overlaps="questions")

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def protection_parent(self) -> Quiz:
        return self.quiz


class Attempt(GloballyIdentified, db.Model):
    __tablename__ = "attempts"
    # The number makes two concurrent starts collide instead of both succeeding.
    __table_args__ = (
        UniqueConstraint("quiz_id", "user_id", "number"),
        Index("ix_attempts_user_id_quiz_id", "user_id", "quiz_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    # None once the trainee's account is erased: a submitted attempt stays, anonymous, so
    # that the quiz statistics do not change (docs/privacy.md, "anonymous aggregates").
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    number: Mapped[int]  # 1 for a trainee's first attempt at this quiz
    seed: Mapped[int]  # shuffles the choices of each question, reproducibly
    question_order: Mapped[list[int]] = mapped_column(JSON)  # question ids, as drawn
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    score: Mapped[float | None]
    max_score: Mapped[float | None]
    percent: Mapped[float | None]
    is_passed: Mapped[bool] = mapped_column(default=False)
    is_timed_out: Mapped[bool] = mapped_column(default=False)  # submitted by the clock
    # Submitted with essays not yet graded (quizzes/grading.py): no score, percent or pass
    # until the last one is; statistics and completion wait for it.
    is_awaiting_grading: Mapped[bool] = mapped_column(default=False, server_default=false())

    quiz: Mapped[Quiz] = relationship()

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Response(db.Model):
    """One answer in one attempt, saved as given; scored when the attempt is submitted."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    answer: Mapped[Any | None] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    score: Mapped[float | None]
    # A trainer's grading of an essay: None for answers graded automatically.
    graded_at: Mapped[datetime | None]
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    grader_feedback: Mapped[str | None] = mapped_column(Text)  # Markdown, shown sanitised


class AnswerPick(db.Model):
    """A choice (or match, or position) a graded answer picked: the statistics count these."""

    __tablename__ = "answer_picks"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))


class ExtraTime(db.Model):
    """More time on a course's timed quizzes for one person (WCAG 2.2.1), as a percentage
    of each quiz's limit. Sensitive: it hints at a disability, so only the person, the
    course's trainers, the organizers of a cohort the person takes the course in, and
    administrators see it (docs/privacy-inventory.yaml)."""

    __tablename__ = "extra_times"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    percent: Mapped[int]  # added to every timed quiz's limit in the course
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
