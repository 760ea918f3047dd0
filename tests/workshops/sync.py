"""Two instances for the workshop sync tests: the central server (the suite's database,
SQLite or PostgreSQL) and a workshop laptop (always SQLite, its own data folder), with a
cohort of three participants, a kit, and the commands run as an organizer runs them."""

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.accounts.models import Notice, RecoveryCode, User
from tamkeen.audit import AuditEvent
from tamkeen.certificates.models import Certificate
from tamkeen.cohorts.membership import invite_people
from tamkeen.cohorts.models import Cohort, CohortParticipant
from tamkeen.extensions import db
from tamkeen.learning.models import Course, Enrolment, Lesson, LessonProgress
from tamkeen.quizzes.models import AnswerPick, Attempt, Question, Quiz, Response

from ..conftest import app_config, fresh_app
from ..factories import TRUE_FALSE, Factory

TWO_QUESTIONS = [*TRUE_FALSE, {**TRUE_FALSE[0], "name": "q2", "prompt": "Speech is free."}]

# Cheap key derivation: the cost under test is correctness (the header carries the values).
FAST_KDF = {"WORKSHOP_KDF_MEMORY_KIB": 1024, "WORKSHOP_KDF_ITERATIONS": 1}


@dataclass
class Workshop:
    central: Flask
    make: Factory  # on the central server
    folder: Path
    cohort_id: int
    kit: Path | None = None
    passphrase: str = ""
    files: int = 0

    def cli(self, app: Flask, *args: str, env: dict | None = None):
        result = app.test_cli_runner().invoke(args=["workshop", *args], env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    def export_kit(self) -> Path:
        self.kit = self.folder / "kit.tkw"
        result = self.cli(
            self.central, "export-kit", "--cohort", str(self.cohort_id), "-o", str(self.kit)
        )
        assert result.exit_code == 0, (result.output, result.exception)
        self.passphrase = re.search(r"^  ([2-9A-Z-]{29})$", result.output, re.M)[1]
        return self.kit

    def import_results(self, path: Path):
        return self.cli(self.central, "import-results", str(path))

    def export_results(self, laptop: Flask) -> Path:
        self.files += 1
        path = self.folder / f"results-{self.files}.tkr"
        result = self.cli(laptop, "export-results", "-o", str(path))
        assert result.exit_code == 0, result.output
        return path

    def bring_back(self, laptop: Flask):
        """Export the laptop's results and import them centrally; the import's output."""
        result = self.import_results(self.export_results(laptop))
        assert result.exit_code == 0, result.output
        return result.output


@pytest.fixture(scope="session")
def laptop_template(tmp_path_factory) -> Path:
    """An empty, migrated SQLite database, copied for each laptop (migrating is slow)."""
    folder = tmp_path_factory.mktemp("laptop-template")
    app = create_app(app_config(f"sqlite:///{folder / 'tamkeen.sqlite'}", folder))
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        db.engine.dispose()
    return folder / "tamkeen.sqlite"


@contextmanager
def laptop_app(template: Path, folder: Path) -> Iterator[Flask]:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, folder / "tamkeen.sqlite")
    app = create_app({**app_config(f"sqlite:///{folder / 'tamkeen.sqlite'}", folder), **FAST_KDF})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def workshop(database_url, tmp_path) -> Iterator[Workshop]:
    """Central: Nadia runs the Spring cohort (Association Tanmia) with Amal, Badr and Chama
    taking a course of two modules of two lessons and a two-question quiz. Karim, a
    trainee of another cohort, and Salma, invited but not yet accepted, must not travel."""
    with fresh_app(database_url, tmp_path / "central", **FAST_KDF) as central:
        make = Factory(central)
        nadia = make.user("nadia", roles=("trainee", "organizer"), display_name="Nadia Org")
        people = [make.user(name) for name in ("amal", "badr", "chama")]
        course = make.course("Rights online", modules=2, lessons=2)
        make.quiz(course, questions=TWO_QUESTIONS)
        for person in people:
            make.enrol(person, course)
        make.complete(people[0], course.modules[0].lessons[0])
        cohort = make.cohort(
            nadia, participants=people, courses=[course], organization=make.organization()
        )
        other = make.cohort(
            nadia, name="Other cohort", participants=[make.user("karim")], courses=[course]
        )
        assert other.id != cohort.id
        salma = make.user("salma")  # invited, and has not answered
        with central.app_context():
            invite_people(
                db.session.get(Cohort, cohort.id),
                [db.session.merge(salma)],
                organization_id=None,
                by=db.session.merge(nadia),
            )
            db.session.commit()
        yield Workshop(central, make, tmp_path, cohort.id)


@contextmanager
def set_up_laptop(workshop: Workshop, template: Path) -> Iterator[Flask]:
    """A laptop set up from a kit of the workshop's cohort, exported now."""
    kit = workshop.export_kit()
    with laptop_app(template, workshop.folder / "laptop") as app:
        result = workshop.cli(
            app, "setup", str(kit), env={"TAMKEEN_KIT_PASSPHRASE": workshop.passphrase}
        )
        assert result.exit_code == 0, result.output
        yield app


@pytest.fixture
def laptop(workshop, laptop_template) -> Iterator[Flask]:
    """A laptop set up from the Spring cohort's kit."""
    with set_up_laptop(workshop, laptop_template) as app:
        yield app


def get(app: Flask, model, **filters):
    """One row (detached), found by its columns."""
    with app.app_context():
        row = db.session.scalars(select(model).filter_by(**filters)).one()
        db.session.expunge(row)
        return row


def lessons(app: Flask) -> list:
    with app.app_context():
        rows = db.session.scalars(select(Lesson).order_by(Lesson.module_id, Lesson.position)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def the_quiz(app: Flask):
    with app.app_context():
        quiz = db.session.scalars(select(Quiz)).one()
        _ = quiz.questions
        db.session.expunge(quiz)
        return quiz


def _uuid_maps(models) -> dict:
    return {
        m: {i: str(u) for i, u in db.session.execute(select(m.id, m.uuid)).all()} for m in models
    }


def travelling(app: Flask) -> dict[str, list[tuple]]:
    """Every table that travels back, as rows named by identities (no integer ids)."""
    with app.app_context():
        ids = _uuid_maps([User, Course, Lesson, Quiz, Question, Attempt, Cohort])
        user, course = ids[User], ids[Course]
        dump = {
            "users": [(u,) for u in user.values()],
            "recovery_codes": [
                (user[c.user_id], c.digest, c.used_at is not None)
                for c in db.session.scalars(select(RecoveryCode))
            ],
            "memberships": [
                (ids[Cohort][m.cohort_id], user[m.user_id])
                for m in db.session.scalars(select(CohortParticipant))
            ],
            "enrolments": [
                (user[e.user_id], course[e.course_id])
                for e in db.session.scalars(select(Enrolment))
            ],
            "lesson_progress": [
                (user[p.user_id], ids[Lesson][p.lesson_id])
                for p in db.session.scalars(select(LessonProgress))
            ],
            "attempts": [
                (
                    ids[Attempt][a.id],
                    user[a.user_id],
                    ids[Quiz][a.quiz_id],
                    a.score,
                    tuple(ids[Question][q] for q in a.question_order),
                )
                for a in db.session.scalars(select(Attempt))
                if a.submitted_at and a.question_order
            ],
            "responses": [
                (
                    ids[Attempt][r.attempt_id],
                    ids[Question][r.question_id],
                    json.dumps(r.answer),
                    r.score,
                )
                for r in db.session.scalars(select(Response))
            ],
            "answer_picks": [
                (r.id and ids[Attempt][r.attempt_id], ids[Question][p.question_id], p.key)
                for p, r in db.session.execute(
                    select(AnswerPick, Response).join(
                        Response, Response.id == AnswerPick.response_id
                    )
                )
            ],
            "certificates": [
                (
                    c.code,
                    user[c.user_id],
                    course[c.course_id],
                    c.printed_name,
                    c.revoked_at is not None,
                )
                for c in db.session.scalars(select(Certificate))
            ],
            "notices": [
                (str(n.uuid), user[n.user_id], n.kind) for n in db.session.scalars(select(Notice))
            ],
            "audit_events": [
                (str(e.uuid), e.action) for e in db.session.scalars(select(AuditEvent))
            ],
        }
    return {name: sorted(rows, key=repr) for name, rows in dump.items()}


def counts(app: Flask) -> dict[str, int]:
    """How many rows every table holds."""
    with app.app_context():
        return {
            t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in db.metadata.sorted_tables
        }
