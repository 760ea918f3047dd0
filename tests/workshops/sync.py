"""Two instances for the workshop sync tests: the central server (the suite's database,
SQLite or PostgreSQL) and a workshop laptop (always SQLite, its own data folder), with a
cohort of three participants, a kit, and the commands run as an organizer runs them."""

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.extensions import db

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
        yield Workshop(central, make, tmp_path, cohort.id)
