"""Essays graded by the course's trainers: the queue, one grading per answer, the result.

The queue lists the essays of submitted attempts that no trainer has graded yet, oldest
first, **without the trainee's name**: the answer is graded for what it says. A grading
gives points (0 to the question's points) and optional feedback (Markdown, shown
sanitised), locks the response's row first (``SELECT ... FOR UPDATE``), and refuses an
answer already graded, so a double submit or two trainers at once grade it once. When the
last essay of an attempt is graded, the attempt gets its score and pass or fail, the
trainee a notice, and the course's completion is checked (it waited for the grading).
Services only flush; the request commits.
"""

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import User
from ..accounts.notices import NoticeKind, notify, register_kind
from ..audit import record_event
from ..database import utcnow
from ..extensions import db
from ..learning import services as learning
from ..learning import summaries
from ..learning.models import Course
from .kinds import KINDS
from .models import Attempt, Question, Quiz, Response
from .services import QuizRefusal, set_result

TRAINER_GRADED = [name for name, kind in KINDS.items() if kind.graded_by == "trainer"]
ANSWERED = [name for name, kind in KINDS.items() if kind.takes_answer]


@dataclass(frozen=True)
class Waiting:
    """One answer in the queue: what the grader sees (no person)."""

    response: Response
    question: Question
    quiz: Quiz
    submitted_at: Any


def _waiting_query(course_id: int):
    return (
        select(Response, Question, Quiz, Attempt.submitted_at)
        .join(Question, Question.id == Response.question_id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(
            Quiz.course_id == course_id,
            Question.kind.in_(TRAINER_GRADED),
            Attempt.is_awaiting_grading,
            Response.score.is_(None),
        )
    )


def queue(course: Course, limit: int = 50) -> list[Waiting]:
    """The oldest answers waiting in the course, anonymous."""
    query = _waiting_query(course.id).order_by(Attempt.submitted_at, Response.id).limit(limit)
    return [Waiting(*row) for row in db.session.execute(query)]


def waiting_count(course: Course) -> int:
    query = _waiting_query(course.id).with_only_columns(func.count(Response.id))
    return db.session.scalar(query.order_by(None)) or 0


def waiting_in_quiz(quiz: Quiz) -> int:
    """Attempts at the quiz still awaiting grading (the statistics leave them out)."""
    query = select(func.count(Attempt.id)).where(
        Attempt.quiz_id == quiz.id, Attempt.is_awaiting_grading
    )
    return db.session.scalar(query) or 0


def grade_answer(
    course: Course, response_id: int, points: float, feedback: str, *, by: User
) -> Attempt:
    """Give an essay answer its points once; the attempt, finished if it was the last.

    Raises LookupError for an answer that is not an essay of this course's submitted
    attempts, and QuizRefusal (a sentence) for points out of bounds or an answer already
    graded.
    """
    response = db.session.scalar(
        select(Response)
        .where(Response.id == response_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if response is None:
        raise LookupError(response_id)
    question = db.session.get(Question, response.question_id)
    attempt = db.session.get(Attempt, response.attempt_id)
    if (
        question is None
        or attempt is None
        or attempt.quiz.course_id != course.id
        or KINDS[question.kind].graded_by != "trainer"
        or not attempt.is_submitted
    ):
        raise LookupError(response_id)
    if response.score is not None:
        raise QuizRefusal(_l("This answer is already graded; its points were not changed."))
    if points is None or not 0 <= points <= question.points:
        raise QuizRefusal(_l("Give from 0 to %(max)s points.", max=_number(question.points)))
    response.score = round(points, 6)
    response.graded_at = utcnow()
    response.graded_by_id = by.id
    response.grader_feedback = feedback.strip() or None
    record_event(by, "quiz.essay_graded", question)
    db.session.flush()
    _finish_if_graded(attempt)
    return attempt


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _finish_if_graded(attempt: Attempt) -> None:
    """The attempt's result once no essay in it waits: score, pass, notice, completion."""
    scores = list(
        db.session.scalars(
            select(Response.score)
            .join(Question, Question.id == Response.question_id)
            .where(Response.attempt_id == attempt.id, Question.kind.in_(ANSWERED))
        )
    )
    if any(score is None for score in scores):
        return
    set_result(attempt, sum(scores))
    db.session.flush()
    if attempt.user_id is None:  # the trainee erased their account meanwhile
        return
    quiz = attempt.quiz
    notify(
        attempt.user_id,
        "quiz.graded",
        subject_id=attempt.id,
        quiz=quiz.title or "",
        course=quiz.course.title,
    )
    summaries.refresh([attempt.user_id], [quiz.course_id])
    if attempt.is_passed:
        learning.check_completion(db.session.get(User, attempt.user_id), quiz.course)


def register_notices() -> None:
    """The trainee's notice: an attempt's essays are graded, its result is ready."""

    def link(notice: Any) -> tuple[str, str]:
        return url_for("quizzes.review", attempt_id=notice.subject_id), str(_l("Your result"))

    def text(details: dict) -> str:
        if details.get("quiz"):
            return str(
                _l(
                    "Your answers to “%(quiz)s” in “%(course)s” are graded: your result is ready.",
                    quiz=details["quiz"],
                    course=details.get("course", ""),
                )
            )
        return str(
            _l(
                "Your answers to a quiz in “%(course)s” are graded: your result is ready.",
                course=details.get("course", ""),
            )
        )

    register_kind("quiz.graded", NoticeKind(text=text, link=link))
