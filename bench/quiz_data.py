"""Data for the quiz benchmarks: a 20-question quiz of every kind, trainees, attempts.

Used by quiz_grading.py, quiz_page.py and quiz_concurrency.py; not a benchmark itself.
"""

import os
import random
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

from tamkeen import create_app  # noqa: E402
from tamkeen.accounts.models import User  # noqa: E402
from tamkeen.database import utcnow  # noqa: E402
from tamkeen.extensions import db  # noqa: E402
from tamkeen.learning.models import Course, Enrolment, Lesson, Module  # noqa: E402
from tamkeen.quizzes.bank import write_questions  # noqa: E402
from tamkeen.quizzes.kinds import KINDS  # noqa: E402
from tamkeen.quizzes.models import Attempt, Quiz, Response  # noqa: E402
from tests.conftest import Client  # noqa: E402
from tests.factories import EVERY_KIND, read_specs  # noqa: E402

QUESTIONS = 20


def bench_app(database_url: str, data_dir: Path, fresh: bool = True):
    """An app on ``database_url``, its schema built by the migrations (emptied first unless
    ``fresh`` is false: a kept database is brought up to the newest migration); its test
    client posts forms with their CSRF token (``post_form``)."""
    if fresh:
        empty(database_url)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench-secret",
            "DATA_DIR": data_dir,
            "RATELIMIT_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
            "BABEL_DEFAULT_LOCALE": "en",
        }
    )
    app.test_client_class = Client
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def empty(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def twenty_questions() -> list[dict]:
    """Every kind, about three times, with distinct names."""
    items = []
    for index in range(QUESTIONS):
        item = dict(EVERY_KIND[index % len(EVERY_KIND)])
        item["name"] = f"{item['name']}-{index}"
        items.append(item)
    return items


def make_quiz(app, **settings) -> int:
    with app.app_context():
        course = Course(slug="bench", language="en", title="Bench", status="published")
        module = Module(course=course, slug="m", position=1, title="Module")
        module.lessons.append(Lesson(course=course, slug="l", position=1, title="Lesson"))
        db.session.add(course)
        db.session.flush()
        quiz = Quiz(course_id=course.id, module_id=module.id, **settings)
        db.session.add(quiz)
        db.session.flush()
        write_questions(quiz, read_specs(twenty_questions()))
        db.session.commit()
        return quiz.id


def make_trainees(app, count: int, course_id: int, password_hash: str = "x") -> list[int]:
    """``count`` enrolled trainees, inserted in bulk (no password hashing)."""
    with app.app_context():
        rows = [
            {"username": f"bench{n}", "password_hash": password_hash, "session_token": f"t{n}",
             "is_disabled": False, "created_at": utcnow()}
            for n in range(count)
        ]  # fmt: skip
        db.session.execute(insert(User), rows)
        ids = list(db.session.scalars(db.select(User.id).order_by(User.id)))
        db.session.execute(
            insert(Enrolment),
            [{"user_id": i, "course_id": course_id, "enrolled_at": utcnow()} for i in ids],
        )
        db.session.commit()
        return ids


def random_answer(question, rng: random.Random):
    """A plausible answer: right about half the time."""
    kind, data = KINDS[question.kind], question.data
    if rng.random() < 0.5:
        return kind.right_answer(data)
    if question.kind == "single_choice":
        return rng.choice(data["choices"])["id"]
    if question.kind == "multiple_response":
        return [c["id"] for c in data["choices"] if rng.random() < 0.5]
    if question.kind == "true_false":
        return not data["answer"]
    if question.kind in ("short_answer", "numeric"):
        return "12345"
    if question.kind == "matching":
        options = [p["match_id"] for p in data["pairs"]] + [d["id"] for d in data["distractors"]]
        return {p["id"]: rng.choice(options) for p in data["pairs"]}
    places = list(range(1, len(data["items"]) + 1))
    rng.shuffle(places)
    return {item["id"]: place for item, place in zip(data["items"], places, strict=True)}


def make_attempts(app, quiz_id: int, user_ids: list[int], seed: int = 1) -> list[int]:
    """One answered, unsubmitted attempt per user, inserted in bulk."""
    rng = random.Random(seed)
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        questions = list(quiz.questions)
        order = [q.id for q in questions]
        now = utcnow()
        db.session.execute(
            insert(Attempt),
            [{"quiz_id": quiz_id, "user_id": u, "number": 1, "seed": rng.randrange(2**31),
              "question_order": order, "started_at": now, "is_passed": False,
              "is_timed_out": False} for u in user_ids],
        )  # fmt: skip
        attempt_ids = list(
            db.session.scalars(db.select(Attempt.id).where(Attempt.quiz_id == quiz_id))
        )
        for start in range(0, len(attempt_ids), 500):
            rows = [
                {"attempt_id": a, "question_id": q.id, "answer": random_answer(q, rng),
                 "saved_at": now}
                for a in attempt_ids[start : start + 500]
                for q in questions
            ]  # fmt: skip
            db.session.execute(insert(Response), rows)
        db.session.commit()
        return attempt_ids


def owner(user_id: int) -> SimpleNamespace:
    """Who submits an attempt, as the services need it."""
    return SimpleNamespace(id=user_id, is_authenticated=True)


def database_url(argument: str | None, folder: Path) -> str:
    return (
        argument
        or os.environ.get("TAMKEEN_BENCH_DATABASE_URL")
        or (f"sqlite:///{folder / 'bench.sqlite'}")
    )
