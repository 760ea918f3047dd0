"""The trainers' changes to quizzes and questions, and what they would cost trainees.

Questions are written through bank.py, which keeps answered questions as trainees answered
them. Deleting a question that attempts hold retires it instead: the attempts keep it, with
their answers and scores. Deleting a quiz deletes its attempts, after the trainer confirmed.
Services flush; the request commits.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select

from ..accounts.models import User
from ..audit import record_event
from ..extensions import db
from ..learning import summaries
from ..learning.models import Course, Module
from ..ordering import move_in
from . import bank
from .models import Attempt, Question, Quiz, Response
from .spec import QuestionSpec, QuizSpec


def quiz_of(course: Course, module: Module | None) -> Quiz | None:
    """The module's quiz, or the course's final quiz when ``module`` is None."""
    query = select(Quiz).where(Quiz.course_id == course.id)
    if module is None:
        query = query.where(Quiz.module_id.is_(None))
    else:
        query = query.where(Quiz.module_id == module.id)
    return db.session.scalar(query)


def create_quiz(course: Course, module: Module | None, settings: QuizSpec, *, by: User) -> Quiz:
    """A new quiz for the module (or the course's final quiz), or the one it already has."""
    quiz = quiz_of(course, module)
    if quiz is not None:  # a second click on "save": the first one created it
        return quiz
    quiz = Quiz(
        course_id=course.id,
        module_id=module.id if module else None,
        is_published=not course.is_published,  # trainees wait for its questions
    )
    db.session.add(quiz)
    update_settings(quiz, settings)
    record_event(by, "quiz.created", quiz)
    return quiz


def update_settings(quiz: Quiz, settings: QuizSpec) -> None:
    # Which attempt counts (best or last) decides who passed: the stored progress of an
    # existing quiz follows (a new one has no attempts yet).
    existed, rule = quiz.id is not None, quiz.counts
    for name, value in settings.settings().items():
        setattr(quiz, name, value)
    db.session.flush()
    if existed and rule != quiz.counts:
        summaries.refresh_course(quiz.course_id)


def update_quiz(quiz: Quiz, settings: QuizSpec, *, by: User) -> None:
    update_settings(quiz, settings)
    record_event(by, "quiz.updated", quiz)


def publish_quiz(quiz: Quiz, *, by: User) -> bool:
    """Trainees see the quiz from now on; False if it has no question to take yet."""
    if quiz.is_published or not quiz.questions:
        return False
    quiz.is_published = True
    db.session.flush()
    summaries.refresh_course(quiz.course_id)
    record_event(by, "quiz.published", quiz)
    return True


def publish_quizzes(course: Course) -> None:
    """Every quiz of the course, with the course: an empty one too, as a lesson would be."""
    changed = False
    for quiz in db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)):
        changed = changed or not quiz.is_published
        quiz.is_published = True
    if changed:  # their attempts start counting
        db.session.flush()
        summaries.refresh_course(course.id)


def delete_quiz(quiz: Quiz, *, by: User) -> None:
    """The quiz goes, with its questions and every attempt at it."""
    record_event(by, "quiz.deleted", quiz)
    course_id = quiz.course_id
    db.session.delete(quiz)
    db.session.flush()
    summaries.refresh_course(course_id)


def add_question(quiz: Quiz, spec: QuestionSpec, *, by: User) -> Question:
    """A new question at the end of the quiz; the same question sent twice is added once."""
    existing = already_in(quiz, spec)
    if existing is not None:  # a double click, or a reload that sent the form again
        return existing
    question = bank.add_question(quiz, spec)
    record_event(by, "question.created", question)
    return question


def already_in(quiz: Quiz, spec: QuestionSpec) -> Question | None:
    """The quiz's question that is exactly ``spec``, if there is one."""
    wanted = (spec.kind, spec.name, spec.prompt, spec.data, spec.points, spec.feedback)
    for question in quiz.questions:
        held = (question.kind, question.name, question.prompt, question.data)
        if (*held, question.points, question.feedback) == wanted:
            return question
    return None


def update_question(question: Question, spec: QuestionSpec, *, by: User) -> Question:
    """The question as saved: a new version when answered and graded differently."""
    saved = bank.revise_question(question, spec)
    record_event(by, "question.updated" if saved is question else "question.replaced", saved)
    return saved


def is_last_for_trainees(question: Question) -> bool:
    """Whether deleting it would leave trainees a quiz with nothing to pass."""
    quiz = question.quiz
    return quiz.is_published and quiz.course.is_published and len(quiz.questions) == 1


def delete_question(question: Question, *, by: User) -> None:
    """Delete an unanswered question; one that attempts hold leaves the quiz but stays theirs."""
    quiz = question.quiz
    record_event(by, "question.deleted", question)
    if bank.answered_ids([question]):
        bank.retire(quiz, [question])
    else:
        quiz.questions.remove(question)  # an orphan: deleted
    bank.renumber(quiz)
    db.session.flush()


def move_question(question: Question, *, direction: str | None, position: int | None, by: User):
    """Move a question up or down one place, or to ``position`` (1-based)."""
    if not move_in(question.quiz.questions, question, direction=direction, position=position):
        return
    bank.renumber(question.quiz)
    db.session.flush()
    record_event(by, "question.moved", question)


def name_taken(quiz: Quiz, name: str, exclude: Question | None = None) -> bool:
    return bool(name) and any(q.name == name and q is not exclude for q in quiz.questions)


# -- what trainees would lose ------------------------------------------------------------


@dataclass(frozen=True)
class AttemptStakes:
    """The attempts something holds: how many, by how many trainees, passed, unfinished."""

    attempts: int = 0
    trainees: int = 0
    passed: int = 0
    in_progress: int = 0

    @property
    def any(self) -> bool:
        return bool(self.attempts)


def attempts_at_stake(
    *, course_id: int | None = None, module_id: int | None = None, quiz_id: int | None = None
) -> AttemptStakes:
    """The attempts at the course's quizzes, the module's quiz, or one quiz: one query."""
    query = select(
        func.count(Attempt.id),
        func.count(func.distinct(Attempt.user_id)),
        func.sum(case((Attempt.is_passed, 1), else_=0)),
        func.sum(case((Attempt.submitted_at.is_(None), 1), else_=0)),
    ).join(Quiz, Quiz.id == Attempt.quiz_id)
    filters: dict[Any, int | None] = {
        Quiz.course_id: course_id, Quiz.module_id: module_id, Quiz.id: quiz_id,
    }  # fmt: skip
    for column, value in filters.items():
        if value is not None:
            query = query.where(column == value)
    attempts, trainees, passed, in_progress = db.session.execute(query).one()
    return AttemptStakes(attempts, trainees, passed or 0, in_progress or 0)


def answers_to(question: Question) -> AttemptStakes:
    """The attempts that hold an answer to ``question``."""
    query = select(
        func.count(Attempt.id),
        func.count(func.distinct(Attempt.user_id)),
        func.sum(case((Attempt.is_passed, 1), else_=0)),
        func.sum(case((Attempt.submitted_at.is_(None), 1), else_=0)),
    ).join(Response, Response.attempt_id == Attempt.id)
    attempts, trainees, passed, in_progress = db.session.execute(
        query.where(Response.question_id == question.id)
    ).one()
    return AttemptStakes(attempts, trainees, passed or 0, in_progress or 0)


def questions_answered(quiz: Quiz) -> set[int]:
    """Which of the quiz's questions trainees have answered: the editor says so."""
    return bank.answered_ids(quiz.questions)
