"""Benchmark: grading 10,000 submitted attempts of a 20-question quiz.

Two figures: the pure grading functions alone (what the kinds cost), and the submission
service as a request runs it (lock the attempt, load its answers, grade, write the scores
and the picks, one commit per attempt).

    .venv/bin/python bench/quiz_grading.py [--attempts 10000] [--database-url URL]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from quiz_data import (
    bench_app,
    database_url,
    make_attempts,
    make_quiz,
    make_trainees,
    owner,
)
from sqlalchemy import func, select

from tamkeen.extensions import db
from tamkeen.quizzes import services
from tamkeen.quizzes.kinds import KINDS
from tamkeen.quizzes.models import Attempt, Question, Quiz, Response


def pure_grading(app, quiz_id: int) -> tuple[int, float]:
    with app.app_context():
        questions = {q.id: q for q in db.session.scalars(select(Question))}
        answers = [(r.question_id, r.answer) for r in db.session.scalars(select(Response))]
    started = time.perf_counter()
    for question_id, answer in answers:
        question = questions[question_id]
        KINDS[question.kind].score(question.data, answer, question.points)
    return len(answers), time.perf_counter() - started


def submit_all(app, attempt_ids: list[int]) -> list[float]:
    with app.app_context():
        owners = dict(db.session.execute(select(Attempt.id, Attempt.user_id)).all())
    durations = []
    for attempt_id in attempt_ids:
        started = time.perf_counter()
        with app.app_context():
            services.submit(owner(owners[attempt_id]), attempt_id)
            db.session.commit()
        durations.append(time.perf_counter() - started)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = database_url(args.database_url, Path(folder))
        app = bench_app(url, Path(folder))
        quiz_id = make_quiz(app)
        with app.app_context():
            course_id = db.session.get(Quiz, quiz_id).course_id
        users = make_trainees(app, args.attempts, course_id)
        attempt_ids = make_attempts(app, quiz_id, users)
        count, seconds = pure_grading(app, quiz_id)
        print(f"database: {url.split(':')[0]}")
        rate, each = count / seconds, 1e6 * seconds / count
        print(
            f"pure grading: {count} answers in {seconds:.3f} s ({rate:,.0f}/s, {each:.1f} µs each)"
        )
        started = time.perf_counter()
        durations = submit_all(app, attempt_ids)
        total = time.perf_counter() - started
        ms = sorted(1000 * d for d in durations)
        print(f"submit and grade: {len(durations)} attempts in {total:.1f} s "
              f"({len(durations) / total:,.0f} attempts/s); per attempt "
              f"median {statistics.median(ms):.1f} ms, p95 {ms[int(0.95 * len(ms))]:.1f} ms, "
              f"max {ms[-1]:.1f} ms")  # fmt: skip
        with app.app_context():
            graded = db.session.scalar(
                select(func.count()).select_from(Attempt).where(Attempt.submitted_at.is_not(None))
            )
        assert graded == args.attempts, graded


if __name__ == "__main__":
    main()
