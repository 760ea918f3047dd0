"""Benchmark of a workshop's results merged on the central server (issue 16).

    .venv/bin/python bench/workshop_import.py [--participants 60 --lessons 40 --attempts 15
                                               --new-accounts 10 --runs 5]

Builds, in a throwaway folder, a central SQLite instance with one cohort of
``--participants`` people (``--new-accounts`` of them register on the laptop instead of
coming in the kit) and a course of ``--lessons`` lessons with 5 quizzes of 10 questions;
exports a kit, sets a laptop up from it, and writes the workshop's activity straight into
the laptop's database: every person completes every lesson and makes ``--attempts``
submitted attempts (10 answers each, with their picks); two thirds get a certificate.
The laptop's results file is then imported into a fresh copy of the central database
``--runs`` times: the whole ``import_results`` (verify, decrypt, check, merge in batches,
summaries), and its longest transaction. The floor inserts the same rows with one bulk
INSERT per table in one transaction, without look-ups, checks or summaries.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import delete, insert, select  # noqa: E402

from tamkeen import create_app  # noqa: E402
from tamkeen.accounts.models import User, UserRole  # noqa: E402
from tamkeen.accounts.passwords import hash_password  # noqa: E402
from tamkeen.certificates.codes import new_code  # noqa: E402
from tamkeen.certificates.models import Certificate  # noqa: E402
from tamkeen.cohorts.models import (  # noqa: E402
    Cohort,
    CohortCourse,
    CohortOrganizer,
    CohortParticipant,
)
from tamkeen.database import utcnow  # noqa: E402
from tamkeen.extensions import db  # noqa: E402
from tamkeen.learning.models import Course, Enrolment, Lesson, LessonProgress, Module  # noqa: E402
from tamkeen.quizzes.bank import write_questions  # noqa: E402
from tamkeen.quizzes.kinds import Checker  # noqa: E402
from tamkeen.quizzes.models import AnswerPick, Attempt, Quiz, Response  # noqa: E402
from tamkeen.quizzes.spec import read_question  # noqa: E402
from tamkeen.workshops import merge  # noqa: E402
from tamkeen.workshops.results import open_results  # noqa: E402

QUIZZES, QUESTIONS = 5, 10


def make_app(folder: Path, name: str):
    folder.mkdir(parents=True, exist_ok=True)
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / name}",
            "DATA_DIR": folder,
            "SECRET_KEY": "bench",
            "PUBLIC_URL": "http://127.0.0.1:5000",
            "RATELIMIT_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
        }
    )


def build_central(app, participants: int, lessons: int) -> int:
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        hashed = hash_password("a long enough passphrase")
        organizer = User(username="organizer", password_hash=hashed)
        organizer.role_rows = [UserRole(role="trainee"), UserRole(role="organizer")]
        people = [User(username=f"p{n:03d}", password_hash=hashed) for n in range(participants)]
        for person in people:
            person.role_rows = [UserRole(role="trainee")]
        course = Course(slug="bench", language="en", title="Bench course", status="published")
        per_module = lessons // QUIZZES
        for m in range(QUIZZES):
            module = Module(slug=f"m{m}", position=m + 1, title=f"Module {m}")
            course.modules.append(module)
            for n in range(per_module):
                module.lessons.append(
                    Lesson(
                        course=course,
                        slug=f"l{m}-{n}",
                        position=n + 1,
                        title=f"Lesson {m}.{n}",
                        body="Text.",
                    )
                )
        db.session.add_all([organizer, *people, course])
        db.session.flush()
        checker = Checker(lambda line, message: None)
        for module in course.modules:
            quiz = Quiz(course_id=course.id, module_id=module.id)
            db.session.add(quiz)
            db.session.flush()
            write_questions(
                quiz,
                [
                    read_question(
                        {
                            "kind": "true_false",
                            "name": f"q{i}",
                            "prompt": f"Claim {i}.",
                            "answer": True,
                        },
                        checker,
                    )
                    for i in range(QUESTIONS)
                ],
            )
        cohort = Cohort(name="Bench cohort")
        db.session.add(cohort)
        db.session.flush()
        db.session.add(CohortOrganizer(cohort_id=cohort.id, user_id=organizer.id))
        db.session.add(CohortCourse(cohort_id=cohort.id, course_id=course.id))
        db.session.add_all(CohortParticipant(cohort_id=cohort.id, user_id=p.id) for p in people)
        db.session.add_all(Enrolment(user_id=p.id, course_id=course.id) for p in people)
        db.session.commit()
        return cohort.id


def workshop_activity(laptop, new_accounts: int, attempts: int) -> None:
    """What a 3-day workshop leaves on the laptop, written straight into its tables."""
    with laptop.app_context():
        hashed = db.session.scalar(select(User.password_hash).where(User.username == "p000"))
        kit_people = db.session.scalars(
            select(User).join(CohortParticipant).order_by(User.id)
        ).all()
        # The last ``new_accounts`` kit people did not come: newcomers registered instead.
        for person in kit_people[len(kit_people) - new_accounts :]:
            db.session.execute(
                delete(CohortParticipant).where(CohortParticipant.user_id == person.id)
            )
        db.session.flush()
        cohort = db.session.scalar(select(Cohort))
        course = db.session.scalar(select(Course))
        newcomers = []
        for n in range(new_accounts):
            user = User(username=f"new{n:03d}", password_hash=hashed)
            user.role_rows = [UserRole(role="trainee")]
            db.session.add(user)
            newcomers.append(user)
        db.session.flush()
        db.session.add_all(CohortParticipant(cohort_id=cohort.id, user_id=u.id) for u in newcomers)
        db.session.add_all(Enrolment(user_id=u.id, course_id=course.id) for u in newcomers)
        people = kit_people[: len(kit_people) - new_accounts] + newcomers
        lesson_ids = db.session.scalars(select(Lesson.id)).all()
        now = utcnow()
        db.session.execute(
            insert(LessonProgress),
            [
                {"user_id": p.id, "lesson_id": lesson, "completed_at": now}
                for p in people
                for lesson in lesson_ids
            ],
        )
        quizzes = db.session.scalars(select(Quiz)).all()
        number = 0
        for person in people:
            for k in range(attempts):
                quiz = quizzes[k % len(quizzes)]
                order = [q.id for q in quiz.questions]
                attempt = Attempt(
                    quiz_id=quiz.id,
                    user_id=person.id,
                    number=k // len(quizzes) + 1,
                    seed=k,
                    question_order=order,
                    started_at=now,
                    submitted_at=now,
                    score=float(len(order)),
                    max_score=float(len(order)),
                    percent=100.0,
                    is_passed=True,
                )
                db.session.add(attempt)
                db.session.flush()
                for question in order:
                    response = Response(
                        attempt_id=attempt.id,
                        question_id=question,
                        answer="true",
                        saved_at=now,
                        score=1.0,
                    )
                    db.session.add(response)
                    db.session.flush()
                    db.session.add(
                        AnswerPick(response_id=response.id, question_id=question, key="true")
                    )
                number += 1
        for person in people[: 2 * len(people) // 3]:
            db.session.add(
                Certificate(
                    code=new_code(),
                    user_id=person.id,
                    course_id=course.id,
                    cohort_id=cohort.id,
                    language="en",
                    course_title="Bench",
                    issuer="Tamkeen",
                    signatories=[],
                )
            )
        db.session.commit()


def timed_import(app, data: bytes) -> tuple[float, float]:
    """(whole import, longest transaction) in seconds."""
    marks = []

    def commit():
        db.session.commit()
        marks.append(time.perf_counter())

    with app.app_context():
        start = time.perf_counter()
        marks.append(start)
        merge.import_results(data, via="cli", by=None, after_batch=commit)
        db.session.commit()
        end = time.perf_counter()
    return end - start, max(b - a for a, b in zip(marks, marks[1:], strict=False))


def floor_rows(app, data: bytes) -> dict:
    """The rows the merge writes, with their ids chosen beforehand (read outside the timing)."""
    with app.app_context():
        _header, entries, kit = open_results(data)
        users = {str(u): i for u, i in db.session.execute(select(User.uuid, User.id))}
        lessons = {str(u): i for u, i in db.session.execute(select(Lesson.uuid, Lesson.id))}
        from tamkeen.quizzes.models import Question

        questions = {str(u): i for u, i in db.session.execute(select(Question.uuid, Question.id))}
        quizzes = {str(u): i for u, i in db.session.execute(select(Quiz.uuid, Quiz.id))}
        course = db.session.scalar(select(Course.id))
        next_user = max(users.values()) + 1
        rows: dict = {
            "users": [],
            "lesson_progress": [],
            "attempts": [],
            "responses": [],
            "answer_picks": [],
            "certificates": [],
        }
        for account in entries["accounts.jsonl"]:
            if account["uuid"] not in users:
                users[account["uuid"]] = next_user
                rows["users"].append(
                    {
                        "id": next_user,
                        "uuid": uuid.UUID(account["uuid"]),
                        "username": account["username"],
                        "password_hash": account["password_hash"],
                        "session_token": f"t{next_user}",
                    }
                )
                next_user += 1
        for p in entries["lesson_progress.jsonl"]:
            rows["lesson_progress"].append(
                {"user_id": users[p["user"]], "lesson_id": lessons[p["lesson"]]}
            )
        response_id = 1
        for n, a in enumerate(entries["attempts.jsonl"], start=1):
            rows["attempts"].append(
                {
                    "id": n,
                    "uuid": uuid.UUID(a["uuid"]),
                    "quiz_id": quizzes[a["quiz"]],
                    "user_id": users[a["user"]],
                    "number": n,
                    "seed": a["seed"],
                    "question_order": [questions[q] for q in a["question_order"]],
                    "score": a["score"],
                    "is_passed": a["is_passed"],
                }
            )
            for r in a["responses"]:
                rows["responses"].append(
                    {
                        "id": response_id,
                        "attempt_id": n,
                        "question_id": questions[r["question"]],
                        "answer": r["answer"],
                        "score": r["score"],
                    }
                )
                for key in r["picks"]:
                    rows["answer_picks"].append(
                        {
                            "response_id": response_id,
                            "question_id": questions[r["question"]],
                            "key": key,
                        }
                    )
                response_id += 1
        for c in entries["certificates.jsonl"]:
            rows["certificates"].append(
                {
                    "code": c["code"],
                    "user_id": users[c["user"]],
                    "course_id": course,
                    "language": "en",
                    "course_title": c["course_title"],
                    "issuer": c["issuer"],
                    "signatories": [],
                }
            )
        del kit
    return rows


def timed_floor(app, rows: dict) -> float:
    tables = [
        ("users", User),
        ("lesson_progress", LessonProgress),
        ("attempts", Attempt),
        ("responses", Response),
        ("answer_picks", AnswerPick),
        ("certificates", Certificate),
    ]
    with app.app_context():
        start = time.perf_counter()
        for name, model in tables:
            if rows[name]:
                db.session.execute(model.__table__.insert(), rows[name])
        db.session.commit()
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--lessons", type=int, default=40)
    parser.add_argument("--attempts", type=int, default=15)
    parser.add_argument("--new-accounts", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tamkeen-bench-") as temporary:
        folder = Path(temporary)
        central = make_app(folder / "central", "central.sqlite")
        cohort = build_central(central, args.participants, args.lessons)
        runner = central.test_cli_runner()
        result = runner.invoke(
            args=["workshop", "export-kit", "--cohort", str(cohort), "-o", str(folder / "kit.tkw")]
        )
        assert result.exit_code == 0, result.output
        passphrase = result.output.strip().splitlines()[-1].strip()
        with central.app_context():
            db.engine.dispose()
        pristine = folder / "central" / "pristine.sqlite"
        shutil.copy(folder / "central" / "central.sqlite", pristine)

        laptop = make_app(folder / "laptop", "laptop.sqlite")
        os.environ["TAMKEEN_KIT_PASSPHRASE"] = passphrase
        result = laptop.test_cli_runner().invoke(
            args=["workshop", "setup", str(folder / "kit.tkw")]
        )
        assert result.exit_code == 0, result.output
        workshop_activity(laptop, args.new_accounts, args.attempts)
        result = laptop.test_cli_runner().invoke(
            args=["workshop", "export-results", "-o", str(folder / "results.tkr")]
        )
        assert result.exit_code == 0, result.output
        data = (folder / "results.tkr").read_bytes()

        def fresh():
            with central.app_context():
                db.session.remove()
                db.engine.dispose()
            shutil.copy(pristine, folder / "central" / "central.sqlite")

        imports, longest, floors = [], [], []
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            fresh()
            profiler = cProfile.Profile()
            profiler.runcall(timed_import, central, data)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            return
        for _ in range(args.runs):
            fresh()
            total, batch = timed_import(central, data)
            imports.append(total)
            longest.append(batch)
            fresh()
            floors.append(timed_floor(central, floor_rows(central, data)))
        with central.app_context():
            journal = db.session.scalars(select(merge.WorkshopImport)).all()
        print(f"results file: {len(data):,} bytes")
        fresh()
        with central.app_context():
            _journal, _already = merge.import_results(
                data, via="cli", by=None, after_batch=db.session.commit
            )
            summary = _journal.summary
        print(f"summary: {summary}")
        del journal
        print(
            f"import: median {statistics.median(imports):.2f} s "
            f"({min(imports):.2f}–{max(imports):.2f})"
        )
        print(
            f"longest transaction: median {statistics.median(longest) * 1000:.0f} ms "
            f"({min(longest) * 1000:.0f}–{max(longest) * 1000:.0f})"
        )
        print(
            f"floor: median {statistics.median(floors):.2f} s ({min(floors):.2f}–{max(floors):.2f})"
        )
        print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
