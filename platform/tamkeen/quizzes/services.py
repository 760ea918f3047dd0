"""The rules of taking a quiz: starting, saving every answer, submitting once, reviewing.

Every write locks the attempt's row first (``SELECT ... FOR UPDATE`` on PostgreSQL; on
SQLite the request's ``BEGIN IMMEDIATE`` already serialises writers), so a double click,
a replayed request or two tabs cannot grade an attempt twice or save into a submitted one.
Services only flush; the request commits.
"""

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..database import utcnow
from ..extensions import db
from ..learning import services as learning
from ..learning import summaries
from ..learning.models import Course
from ..statements import COURSE_IDS, USER_ID, prepared
from .extra_time import time_limit_for
from .kinds import KINDS, is_answered
from .models import AnswerPick, Attempt, Question, Quiz, Response
from .standing import Standing, standings

# Answers posted this long after the deadline still count: a slow connection is not cheating.
GRACE = timedelta(seconds=30)


class QuizRefusal(Exception):
    """Something a trainee cannot do now (no attempts left, already submitted): a message."""

    def __init__(self, message: Any):
        super().__init__(str(message))
        self.message = message


class TimeUp(QuizRefusal):
    def __init__(self):
        super().__init__(_l("Time is up: your attempt was submitted with the answers saved."))


@dataclass(frozen=True)
class Page:
    """One question of an attempt, as the trainee meets it."""

    number: int
    question: Question
    response: Response | None

    @property
    def answer(self) -> Any:
        return self.response.answer if self.response else None

    @property
    def takes_answer(self) -> bool:
        return KINDS[self.question.kind].takes_answer

    @property
    def is_answered(self) -> bool:
        """Answered, or nothing to answer (a description)."""
        return not KINDS[self.question.kind].takes_answer or is_answered(self.answer)

    @property
    def is_awaiting_grading(self) -> bool:
        """An essay a trainer has not graded yet, in a submitted attempt."""
        kind = KINDS[self.question.kind]
        return (
            kind.graded_by == "trainer"
            and self.response is not None
            and (self.response.score is None)
        )


# -- finding -----------------------------------------------------------------------------


@functools.cache
def _course_quizzes(unpublished: bool) -> Any:  # prepared once per process for each
    query = select(Quiz).where(Quiz.course_id.in_(COURSE_IDS))
    if not unpublished:
        query = query.where(Quiz.is_published)
    # The module joined (a query less than selectin, and less Python on each request).
    return query.options(joinedload(Quiz.module)).order_by(Quiz.course_id, Quiz.id)


def course_quizzes(course_ids, unpublished: bool = False) -> list[Quiz]:
    """The courses' quizzes trainees see; with ``unpublished``, those still being written."""
    values = {"course_ids": list(course_ids)}
    return list(db.session.scalars(_course_quizzes(bool(unpublished)), values))


def quizzes_by_module(course: Course, unpublished: bool = False) -> dict[int | None, Quiz]:
    """The course's quizzes by module id; the final quiz under None."""
    return {quiz.module_id: quiz for quiz in course_quizzes([course.id], unpublished)}


def in_order(course: Course, quizzes: dict[int | None, Quiz]) -> list[Quiz]:
    """The quizzes in the order trainees meet them: each module's, then the final one."""
    ordered = [quizzes[m.id] for m in course.modules if m.id in quizzes]
    return ordered + ([quizzes[None]] if None in quizzes else [])


def standing_of(user, quiz: Quiz) -> Standing:
    return standings([user.id], [quiz.id]).get((user.id, quiz.id), Standing())


def attempts_of(user, quiz: Quiz) -> list[Attempt]:
    query = select(Attempt).where(Attempt.user_id == user.id, Attempt.quiz_id == quiz.id)
    return list(db.session.scalars(query.order_by(Attempt.number)))


@prepared
def _own_attempt() -> Any:
    # Its quiz and the quiz's course joined in: every page of an attempt checks the course's
    # permission and names the quiz (two lazy loads, two queries, otherwise).
    return (
        select(Attempt)
        .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == USER_ID)
        .options(joinedload(Attempt.quiz).joinedload(Quiz.course))
    )


@prepared
def _questions_of() -> Any:
    return select(Question).where(Question.id.in_(bindparam("question_ids", expanding=True)))


@prepared
def _responses_of() -> Any:
    return select(Response).where(Response.attempt_id == bindparam("attempt_id"))


def own_attempt(user, attempt_id: int, lock: bool = False) -> Attempt | None:
    """The attempt if it is ``user``'s; None otherwise, so that others' look unknown."""
    if not lock:
        return db.session.scalar(_own_attempt(), {"attempt_id": attempt_id, "user_id": user.id})
    query = select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def pages(attempt: Attempt) -> list[Page]:
    """The attempt's questions in their frozen order, with what was saved for each."""
    order = {"question_ids": list(attempt.question_order)}
    questions = {q.id: q for q in db.session.scalars(_questions_of(), order)}
    responses = {
        r.question_id: r for r in db.session.scalars(_responses_of(), {"attempt_id": attempt.id})
    }
    found = [questions[i] for i in attempt.question_order if i in questions]
    return [Page(n, q, responses.get(q.id)) for n, q in enumerate(found, start=1)]


def view_of(attempt: Attempt, page: Page) -> dict:
    """What a kind's template shows, in this attempt's shuffled order."""
    quiz = attempt.quiz
    rng = Random(f"{attempt.seed}:{page.question.id}")  # noqa: S311  (display order only)  # nosec B311
    kind = KINDS[page.question.kind]
    return kind.display(page.question.data, page.answer, rng, quiz.shuffle_choices)


# -- time ----------------------------------------------------------------------------------


def is_time_up(attempt: Attempt, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return attempt.deadline_at is not None and now > attempt.deadline_at


def seconds_left(attempt: Attempt, now: datetime | None = None) -> int | None:
    if attempt.deadline_at is None:
        return None
    return max(0, int((attempt.deadline_at - (now or utcnow())).total_seconds()))


def accepts_answers(attempt: Attempt, now: datetime) -> bool:
    return attempt.deadline_at is None or now <= attempt.deadline_at + GRACE


# -- starting ------------------------------------------------------------------------------


def draw(quiz: Quiz, seed: int) -> list[int]:
    """The questions an attempt gets, in its order: the seed decides, reproducibly."""
    rng = Random(seed)  # noqa: S311  (which questions, reproducibly: not a secret)  # nosec B311
    # A description is text between questions, not one of them: never drawn or left out,
    # never moved. Questions are drawn and shuffled among themselves around it (without
    # descriptions, the draw is exactly what it was before they existed).
    fixed = {q.id for q in quiz.questions if not KINDS[q.kind].takes_answer}
    order = [question.id for question in quiz.questions]
    pool = [question_id for question_id in order if question_id not in fixed]
    if quiz.draw and quiz.draw < len(pool):
        chosen = set(rng.sample(pool, quiz.draw))
        pool = [question_id for question_id in pool if question_id in chosen]
    if quiz.shuffle_questions:
        rng.shuffle(pool)
    drawn = iter(pool)
    kept = set(pool)
    return [
        question_id if question_id in fixed else next(drawn)
        for question_id in order
        if question_id in fixed or question_id in kept
    ]


def start_attempt(user, quiz: Quiz, now: datetime | None = None) -> Attempt:
    """The trainee's attempt in progress, or a new one if the quiz allows another."""
    now = now or utcnow()
    attempts = attempts_of(user, quiz)
    for attempt in attempts:
        if not attempt.is_submitted:
            if accepts_answers(attempt, now):
                return attempt
            submit(user, attempt.id, now)  # its time ran out while the trainee was away
    if not quiz.questions:
        raise QuizRefusal(_l("This quiz has no questions yet."))
    if quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts:
        raise QuizRefusal(_l("You have used every attempt this quiz allows."))
    seed = secrets.randbelow(2**31)
    minutes = time_limit_for(user, quiz)  # with the person's extra time, if any
    attempt = Attempt(
        quiz_id=quiz.id,
        user_id=user.id,
        number=max((a.number for a in attempts), default=0) + 1,
        seed=seed,
        question_order=draw(quiz, seed),
        started_at=now,
        deadline_at=now + timedelta(minutes=minutes) if minutes else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:  # a second click started the same attempt a moment ago
        return next(a for a in attempts_of(user, quiz) if not a.is_submitted)
    summaries.refresh([user.id], [quiz.course_id])  # the last activity moved
    return attempt


# -- saving --------------------------------------------------------------------------------


def save_answer(user, attempt_id: int, number: int, form, now: datetime | None = None) -> Page:
    """Save the answer the form gives to question ``number``; the page as saved.

    Raises LookupError for an unknown attempt or page, QuizRefusal when the attempt no
    longer takes answers (TimeUp when its time ran out: it is then submitted), and the
    kinds' InvalidAnswer (tampered input) or AnswerError (to correct).
    """
    now = now or utcnow()
    attempt = own_attempt(user, attempt_id, lock=True)
    if attempt is None:
        raise LookupError(attempt_id)
    if attempt.is_submitted:
        raise QuizRefusal(_l("This attempt is already submitted; your answer was not saved."))
    if not accepts_answers(attempt, now):
        submit(user, attempt.id, now)
        raise TimeUp()
    attempt_pages = pages(attempt)
    if not 1 <= number <= len(attempt_pages):
        raise LookupError(number)
    page = attempt_pages[number - 1]
    kind = KINDS[page.question.kind]
    answer = kind.parse(page.question.data, form)
    if not kind.takes_answer:  # a description: nothing to keep
        return page
    response = page.response
    if response is None:
        response = Response(attempt_id=attempt.id, question_id=page.question.id)
        db.session.add(response)
    response.answer = answer
    response.saved_at = now
    db.session.flush()
    return Page(number, page.question, response)


# -- submitting ----------------------------------------------------------------------------


def _grade(attempt: Attempt, attempt_pages: list[Page]) -> None:
    """Score every answer the quiz grades itself; an answered essay waits for a trainer
    (its score stays None, the attempt awaits grading); a description counts for nothing."""
    score = max_score = 0.0
    waiting = False
    for page in attempt_pages:
        question, kind = page.question, KINDS[page.question.kind]
        if not kind.takes_answer:
            continue
        response = page.response
        if response is None:  # an unanswered question scores 0, in the statistics too
            response = Response(attempt_id=attempt.id, question_id=question.id, answer=None)
            db.session.add(response)
        if not kind.is_auto and is_answered(response.answer):
            response.score = None  # graded in the queue (grading.py)
            waiting = True
        else:  # an essay left blank has nothing to grade: 0, like any unanswered question
            response.score = kind.score(question.data, response.answer, question.points)
        for key in kind.picks(question.data, response.answer):
            db.session.add(AnswerPick(response_id=response.id, question_id=question.id, key=key))
        score += response.score or 0.0
        max_score += question.points
    attempt.max_score = round(max_score, 6)
    if waiting:
        attempt.is_awaiting_grading = True
        attempt.score = attempt.percent = None
        attempt.is_passed = False
        return
    set_result(attempt, score)


def set_result(attempt: Attempt, score: float) -> None:
    """The attempt's final score, percent and pass, its points all known."""
    max_score = attempt.max_score or 0.0
    attempt.is_awaiting_grading = False
    attempt.score = round(score, 6)
    attempt.percent = round(100 * score / max_score, 2) if max_score else 0.0
    attempt.is_passed = attempt.percent >= attempt.quiz.pass_mark


def submit(user, attempt_id: int, now: datetime | None = None) -> Attempt:
    """Grade the attempt once; submitting again returns it as graded the first time.

    An attempt with essays awaits grading: it is not passed, so completion waits for the
    trainers (grading.py calls ``check_completion`` when their grading makes it pass)."""
    now = now or utcnow()
    attempt = own_attempt(user, attempt_id, lock=True)
    if attempt is None:
        raise LookupError(attempt_id)
    if attempt.is_submitted:
        return attempt
    _grade(attempt, pages(attempt))
    attempt.submitted_at = now
    attempt.is_timed_out = is_time_up(attempt, now)
    db.session.flush()
    summaries.refresh([attempt.user_id], [attempt.quiz.course_id])
    if attempt.is_passed:
        learning.check_completion(user, attempt.quiz.course)
    return attempt


def close_expired(now: datetime | None = None) -> int:
    """Submit every attempt whose time ran out while its trainee was away; how many."""
    now = now or utcnow()
    expired = db.session.scalars(
        select(Attempt).where(
            Attempt.submitted_at.is_(None),
            Attempt.deadline_at.is_not(None),
            Attempt.deadline_at < now - GRACE,
        )
    ).all()
    for attempt in expired:
        submit(db.session.get(User, attempt.user_id), attempt.id, now)
    return len(expired)


# -- reviewing -----------------------------------------------------------------------------


def feedback_shown(quiz: Quiz, standing: Standing) -> bool:
    """Whether the review may show each question's answers and feedback."""
    if quiz.feedback == "never":
        return False
    if quiz.feedback == "after_pass":
        return standing.is_passed
    return True


def attempts_left(quiz: Quiz, standing: Standing) -> int | None:
    if quiz.max_attempts is None:
        return None
    return max(0, quiz.max_attempts - standing.attempts)


def first_unanswered(attempt_pages: list[Page]) -> int:
    """Where a trainee resumes: the first question left empty; a new attempt's first page
    (a description that opens the quiz is read first)."""
    if not any(page.response for page in attempt_pages):
        return 1
    return next((page.number for page in attempt_pages if not page.is_answered), 1)


def count_questions(quiz_ids) -> dict[int, int]:
    query = (
        select(Question.quiz_id, func.count(Question.id))
        .where(Question.quiz_id.in_(list(quiz_ids)), Question.retired_at.is_(None))
        .group_by(Question.quiz_id)
    )
    return dict(db.session.execute(query).all())
