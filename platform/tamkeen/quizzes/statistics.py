"""Quiz statistics for trainers, as Moodle's quiz statistics define them.

- Facility index: the mean score on a question as a percentage of its points (Moodle:
  mean mark / max mark). High means easy.
- Discrimination index: 100 × the correlation between the score on the question and the
  score on the rest of the quiz (the attempt's total minus this question), over the
  attempts that were given this question (Moodle: covariance / √(variance × variance)).
  High means the question separates those who know from those who do not; negative means
  those who do well elsewhere do worse here, which usually points to a wrong key.

By default only each trainee's first attempt counts, as in Moodle (later attempts are not
independent of the first). Unanswered questions score 0. Attempts whose essays a trainer
has not graded yet are left out until they are (their totals are not known); descriptions
have no points and no statistics. The database sums what the
formulas need; the number of queries does not grow with the number of attempts.
"""

import math
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from ..extensions import db
from .kinds import KINDS
from .models import AnswerPick, Attempt, Question, Quiz, Response


@dataclass
class Pick:
    label: str
    count: int
    percent: float
    is_right: bool


@dataclass
class QuestionStats:
    question: Question
    answered: int = 0  # attempts that were given this question
    mean: float | None = None
    facility: float | None = None
    discrimination: float | None = None
    picks: list[Pick] = field(default_factory=list)

    @property
    def facility_reading(self):
        return facility_reading(self.facility)

    @property
    def discrimination_reading(self):
        return discrimination_reading(self.discrimination)


@dataclass
class QuizStats:
    attempts: int
    trainees: int
    mean_percent: float | None
    pass_rate: float | None
    questions: list[QuestionStats]
    # Versions trainers replaced or removed after trainees answered them.
    earlier: list[QuestionStats] = field(default_factory=list)
    awaiting: int = 0  # attempts left out until their essays are graded


def facility_reading(facility: float | None):
    if facility is None:
        return _l("Not enough attempts yet.")
    if facility < 20:
        return _l("Very hard: few trainees get it right. Check the question and its lesson.")
    if facility < 35:
        return _l("Hard: fewer than a third of the points are won.")
    if facility <= 65:
        return _l("Moderate: a good level of difficulty.")
    if facility <= 90:
        return _l("Easy: most trainees get it right.")
    return _l("Very easy: almost everyone gets it right, so it tells you little.")


def discrimination_reading(discrimination: float | None):
    if discrimination is None:
        return _l("Not enough attempts, or everyone scored the same, to tell.")
    if discrimination < 0:
        return _l("Negative: those who do well elsewhere do worse here. Check the answer key.")
    if discrimination < 20:
        return _l("Very weak: it hardly separates those who know from those who do not.")
    if discrimination < 30:
        return _l("Weak: it separates trainees a little.")
    if discrimination < 50:
        return _l("Adequate: those who do well on the rest of the quiz tend to do well here.")
    return _l("Very good: it clearly separates those who know from those who do not.")


def included_attempts(quiz: Quiz, which: str):
    """The submitted attempts the statistics cover: first attempts only, or all."""
    query = select(Attempt.id, Attempt.user_id, Attempt.score).where(
        Attempt.quiz_id == quiz.id,
        Attempt.submitted_at.is_not(None),
        Attempt.is_awaiting_grading.is_(False),
    )
    if which == "first":
        query = query.where(Attempt.number == 1)
    return query.subquery()


def _correlation(n, sx, sxx, sy, syy, sxy) -> float | None:
    if n < 2:
        return None
    variance_x = sxx - sx * sx / n
    variance_y = syy - sy * sy / n
    if variance_x <= 1e-12 or variance_y <= 1e-12:
        return None
    return (sxy - sx * sy / n) / math.sqrt(variance_x * variance_y)


def _question_sums(attempts) -> dict[int, tuple]:
    rest = attempts.c.score - Response.score  # the rest of the quiz
    query = (
        select(
            Response.question_id,
            func.count(Response.id),
            func.sum(Response.score),
            func.sum(Response.score * Response.score),
            func.sum(rest),
            func.sum(rest * rest),
            func.sum(Response.score * rest),
        )
        .join(attempts, attempts.c.id == Response.attempt_id)
        .group_by(Response.question_id)
    )
    return {row[0]: tuple(float(v or 0) for v in row[1:]) for row in db.session.execute(query)}


def _pick_counts(attempts) -> dict[int, dict[str, int]]:
    query = (
        select(AnswerPick.question_id, AnswerPick.key, func.count(AnswerPick.id))
        .join(Response, Response.id == AnswerPick.response_id)
        .join(attempts, attempts.c.id == Response.attempt_id)
        .group_by(AnswerPick.question_id, AnswerPick.key)
    )
    counts: dict[int, dict[str, int]] = {}
    for question_id, key, count in db.session.execute(query):
        counts.setdefault(question_id, {})[key] = count
    return counts


def _picks(question: Question, counts: dict[str, int], answered: int) -> list[Pick]:
    kind = KINDS[question.kind]
    right = set(kind.picks(question.data, kind.right_answer(question.data)))
    keys = kind.expected_picks(question.data)
    keys += sorted((k for k in counts if k not in keys), key=lambda k: -counts[k])
    picks = []
    for key in keys:
        label = kind.describe_pick(question.data, key)
        if label is None:
            continue  # a choice since removed from the question
        count = counts.get(key, 0)
        percent = round(100 * count / answered, 1) if answered else 0.0
        picks.append(Pick(label, count, percent, key in right))
    return picks


def question_stats(question: Question, sums: tuple | None, picks: dict[str, int]) -> QuestionStats:
    stats = QuestionStats(question)
    if not sums:
        stats.picks = _picks(question, picks, 0)
        return stats
    n, sx, sxx, sy, syy, sxy = sums
    stats.answered = int(n)
    stats.mean = sx / n
    stats.facility = round(100 * stats.mean / question.points, 1)
    correlation = _correlation(n, sx, sxx, sy, syy, sxy)
    stats.discrimination = None if correlation is None else round(100 * correlation, 1)
    stats.picks = _picks(question, picks, stats.answered)
    return stats


def quiz_statistics(quiz: Quiz, which: str = "first") -> QuizStats:
    attempts = included_attempts(quiz, which)
    # An erased trainee's attempts stay without their person (quizzes/personal_data.py);
    # each such first attempt was one trainee, so the count of trainees does not change.
    detached_first = case((Attempt.user_id.is_(None) & (Attempt.number == 1), 1), else_=0)
    overall = db.session.execute(
        select(
            func.count(Attempt.id),
            func.count(func.distinct(Attempt.user_id)),
            func.sum(detached_first),
            func.avg(Attempt.percent),
            func.sum(case((Attempt.is_passed, 1), else_=0)),
        ).join(attempts, attempts.c.id == Attempt.id)
    ).one()
    count, named, detached, mean, passed = overall
    trainees = named + int(detached or 0)
    sums, picks = _question_sums(attempts), _pick_counts(attempts)
    return QuizStats(
        attempts=count,
        trainees=trainees,
        mean_percent=round(float(mean), 1) if mean is not None else None,
        pass_rate=round(100 * (passed or 0) / count, 1) if count else None,
        questions=[
            question_stats(q, sums.get(q.id), picks.get(q.id, {}))
            for q in quiz.questions
            if KINDS[q.kind].takes_answer
        ],
        earlier=[
            question_stats(q, sums[q.id], picks.get(q.id, {}))
            for q in _earlier_versions(quiz, sums)
        ],
        awaiting=_awaiting(quiz, which),
    )


def _awaiting(quiz: Quiz, which: str) -> int:
    query = select(func.count(Attempt.id)).where(
        Attempt.quiz_id == quiz.id, Attempt.is_awaiting_grading
    )
    if which == "first":
        query = query.where(Attempt.number == 1)
    return db.session.scalar(query) or 0


def _earlier_versions(quiz: Quiz, sums: dict) -> list[Question]:
    """Retired questions the included attempts answered; no query when there are none."""
    ids = set(sums) - {question.id for question in quiz.questions}
    if not ids:
        return []
    query = select(Question).where(Question.id.in_(ids), Question.quiz_id == quiz.id)
    return list(db.session.scalars(query.order_by(Question.position, Question.retired_at)))
