"""`flask db copy-to URL`: a laptop's SQLite database moves to PostgreSQL (in `make test`'s
PostgreSQL run; to another SQLite file in the SQLite run), every table's rows equal, and
people sign in on the new database as before."""

import secrets

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.cohorts.demo import seed_cohort
from tamkeen.extensions import db

from .conftest import Client, app_config
from .factories import PASSWORD, Factory

MIGRATIONS = str(PROJECT_ROOT / "migrations")


@pytest.fixture(scope="module")
def laptop(tmp_path_factory) -> Flask:
    """A laptop's database: a demo cohort (people, courses, progress, attempts), a trainee
    who signs in with a password, a paper and a certificate."""
    folder = tmp_path_factory.mktemp("laptop")
    app = create_app(app_config(f"sqlite:///{folder / 'laptop.sqlite'}", folder))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        seed_cohort(30, 2, 2026, step=lambda _n: None)
        db.session.commit()
    make = Factory(app)
    amal = make.user("amal")
    course = make.course()
    make.enrol(amal, course)
    quiz = make.quiz(course, questions=[{"kind": "true_false", "prompt": "?", "answer": True}])
    make.attempt(amal, quiz)
    make.certificate(amal, course)
    make.paper()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def empty_database(database_url, tmp_path):
    """An empty database of the suite's kind: a new PostgreSQL database beside the suite's,
    or a new SQLite file."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'moved.sqlite'}"
        return
    server = create_engine(database_url, isolation_level="AUTOCOMMIT")
    name = f"{make_url(database_url).database}_copy_{secrets.token_hex(4)}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


def copy_to(app: Flask, url: str):
    return app.test_cli_runner().invoke(args=["db", "copy-to", url])


def all_rows(url: str) -> dict[str, list[tuple]]:
    """Every table's rows in primary-key order, read independently of the command."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in db.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_a_laptop_database_moves_with_every_row_and_people_sign_in_after(
    laptop, empty_database, tmp_path
):
    result = copy_to(laptop, empty_database)
    assert result.exit_code == 0, result.output
    tables = len(db.metadata.sorted_tables)  # every table the models define
    assert f"Copied and checked row by row: {tables} tables" in result.output

    before = all_rows(laptop.config["SQLALCHEMY_DATABASE_URI"])
    assert all_rows(empty_database) == before
    filled = {name for name, rows in before.items() if rows}
    assert {"users", "enrolments", "lesson_progress", "attempts", "responses", "answer_picks",
            "certificates", "policy_papers", "progress_summaries", "cohort_participants",
            "audit_events"} <= filled  # fmt: skip

    moved = create_app(app_config(empty_database, tmp_path))
    try:
        moved.test_client_class = Client  # one that sends CSRF tokens
        client = moved.test_client()
        signing_in = {"username": "amal", "password": PASSWORD}
        assert client.post_form("/sign-in", signing_in).status_code == 302
        assert client.get("/account").status_code == 200
        Factory(moved).user("newcomer")  # a new row takes an id after the copied ones
    finally:
        with moved.app_context():
            db.engine.dispose()


def test_a_database_that_is_not_empty_is_refused_and_left_as_it_was(laptop, empty_database):
    assert copy_to(laptop, empty_database).exit_code == 0
    before = all_rows(empty_database)
    again = copy_to(laptop, empty_database)
    assert again.exit_code != 0
    assert "The target is not empty: " in again.output
    assert all_rows(empty_database) == before


def test_a_database_behind_its_migrations_is_not_copied(laptop, empty_database):
    with laptop.app_context():
        head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        db.session.execute(text("UPDATE alembic_version SET version_num = '0011'"))
        db.session.commit()
        try:
            result = copy_to(laptop, empty_database)
        finally:
            db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
            db.session.commit()
    assert result.exit_code != 0
    assert "not at the latest migration: run flask db upgrade" in result.output
    engine = create_engine(empty_database)
    with engine.connect() as connection:
        assert db.inspect(connection).get_table_names() == []  # nothing written
    engine.dispose()


def test_a_malformed_address_is_refused(app):
    result = copy_to(app, "not a url")
    assert result.exit_code != 0 and "Not a database URL" in result.output
