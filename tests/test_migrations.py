"""Schema changes go only through migrations: they build the schema the models describe."""

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, make_url, text

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.extensions import db

from .conftest import app_config

MIGRATIONS = str(PROJECT_ROOT / "migrations")


def test_models_and_migrations_agree(app):
    # The session's database was built by running every migration on an empty database.
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_upgrade_downgrade_and_upgrade_an_empty_sqlite_database(tmp_path):
    app = create_app(app_config(f"sqlite:///{tmp_path / 'empty.sqlite'}", tmp_path))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        assert "users" in db.inspect(db.engine).get_table_names()
        downgrade(directory=MIGRATIONS, revision="base")
        assert "users" not in db.inspect(db.engine).get_table_names()
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()


def test_migration_files_have_readable_names():
    names = [p.name for p in (PROJECT_ROOT / "migrations" / "versions").glob("*.py")]
    assert names
    for name in names:
        number, _, words = name.removesuffix(".py").partition("_")
        assert number.isdigit() and len(number) == 4 and words, name


@pytest.fixture
def scratch_url(database_url, tmp_path):
    """An empty database of the suite's kind, for migrating data step by step: a file on
    SQLite, a database of its own on PostgreSQL (dropped afterwards)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'scratch.sqlite'}"
        return
    url = make_url(database_url)
    name = f"{url.database}_scratch"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _rows_before_consent(connection) -> None:
    """What 0010 held: Amal (with an email address), who joined the Spring cohort by its
    link, which takes course 1, holding a certificate for it issued after she joined and
    one for course 2 (not the cohort's); Badr, put in the cohort by a list, with a
    certificate for course 1 from before he was."""
    statements = [
        "INSERT INTO users (id, username, email, password_hash, session_token, is_disabled,"
        " created_at) VALUES (1, 'amal', 'amal@example.org', 'x', 't1', false, '2026-01-01'),"
        " (2, 'badr', NULL, 'x', 't2', false, '2026-01-01')",
        "INSERT INTO courses (id, slug, language, title, summary, status, created_at, updated_at)"
        " VALUES (1, 'c1', 'en', 'One', '', 'published', '2026-01-01', '2026-01-01'),"
        " (2, 'c2', 'en', 'Two', '', 'published', '2026-01-01', '2026-01-01')",
        "INSERT INTO cohorts (id, name, created_at) VALUES (1, 'Spring', '2026-01-01')",
        "INSERT INTO cohort_courses (id, cohort_id, course_id, added_at)"
        " VALUES (1, 1, 1, '2026-01-01')",
        "INSERT INTO cohort_participants (id, cohort_id, user_id, joined_at)"
        " VALUES (1, 1, 1, '2026-02-01'), (2, 1, 2, '2026-05-01')",
        # Amal used an invitation link herself; Badr was put in by a list.
        "INSERT INTO audit_events (id, actor_id, action, target_type, target_id, created_at)"
        " VALUES (1, 1, 'cohort.joined', 'Cohort', 1, '2026-02-01'),"
        " (2, 1, 'cohort.participants_added', 'Cohort', 1, '2026-05-01')",
    ]
    for number, (user, course, issued) in enumerate(
        [(1, 1, "2026-03-01"), (1, 2, "2026-03-01"), (2, 1, "2026-04-01")], start=1
    ):
        statements.append(
            "INSERT INTO certificates (id, code, user_id, course_id, language, course_title,"
            " issuer, signatories, completed_at, issued_at) VALUES"
            f" ({number}, 'CODE{number}', {user}, {course}, 'en', 'T', 'I', '[]',"
            f" '{issued}', '{issued}')"
        )
    for statement in statements:
        connection.execute(text(statement))


def test_upgrading_asks_those_put_in_a_cohort_records_certificates_cohort_and_drops_emails(
    scratch_url, tmp_path
):
    app = create_app(app_config(scratch_url, tmp_path))
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0010")
        with db.engine.begin() as connection:
            _rows_before_consent(connection)
        upgrade(directory=MIGRATIONS, revision="0011")
        with db.engine.connect() as connection:
            cohorts = dict(connection.execute(text("SELECT id, cohort_id FROM certificates")).all())
            notices = connection.execute(
                text("SELECT user_id, kind, subject_id, details FROM notices ORDER BY user_id")
            ).all()
            columns = {c["name"] for c in db.inspect(connection).get_columns("users")}
            kept = [
                connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("users", "certificates")
            ]
            members = connection.execute(
                text("SELECT cohort_id, user_id FROM cohort_participants")
            ).all()
            invited = connection.execute(
                text("SELECT cohort_id, user_id FROM cohort_personal_invitations")
            ).all()
        db.engine.dispose()
    # Issued while she took course 1 in the cohort: in its name. The others: their own.
    assert cohorts == {1: 1, 2: None, 3: None}
    # She said yes and stays; he never did: he is asked now, and is not a member until then.
    assert members == [(1, 1)] and invited == [(1, 2)]
    assert [(user, kind, subject) for user, kind, subject, _d in notices] == [
        (1, "cohort.member", 1),
        (2, "cohort.invited", 1),
    ]
    details = notices[0][3]
    assert (json.loads(details) if isinstance(details, str) else details) == {"cohort": "Spring"}
    assert "email" not in columns
    # Copying a table to drop a column deleted nothing that pointed at it (SQLite's foreign
    # keys are off while migrating: migrations/env.py).
    assert kept == [2, 3]


def test_certificates_already_there_get_distinct_status_list_positions(scratch_url, tmp_path):
    app = create_app(app_config(scratch_url, tmp_path))
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0010")
        with db.engine.begin() as connection:
            _rows_before_consent(connection)
        upgrade(directory=MIGRATIONS, revision="0017")
        with db.engine.connect() as connection:
            positions = list(connection.scalars(text("SELECT status_index FROM certificates")))
        db.engine.dispose()
    assert len(positions) == len(set(positions)) == 3
    assert all(0 <= position < 131_072 for position in positions)


def test_facilitator_guides_come_and_go_without_touching_courses(scratch_url, tmp_path):
    app = create_app(app_config(scratch_url, tmp_path))
    guide = "---\r\ntitle: Guide\r\n---\r\n# Guide\r\n"
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0012")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO courses (id, slug, language, title, summary, status, created_at,"
                    " updated_at) VALUES (1, 'c1', 'en', 'One', '', 'published', '2026-01-01',"
                    " '2026-01-01')"
                )
            )
        upgrade(directory=MIGRATIONS, revision="0013")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO facilitator_guides (course_id, source, updated_at)"
                    " VALUES (1, :guide, '2026-12-06')"
                ),
                {"guide": guide},
            )
            stored = connection.execute(text("SELECT source FROM facilitator_guides")).scalar()
        downgrade(directory=MIGRATIONS, revision="0012")
        tables = db.inspect(db.engine).get_table_names()
        with db.engine.connect() as connection:
            courses = connection.execute(text("SELECT count(*) FROM courses")).scalar()
        upgrade(directory=MIGRATIONS, revision="0013")
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM courses"))  # the guide goes with its course
            left = connection.execute(text("SELECT count(*) FROM facilitator_guides")).scalar()
        db.engine.dispose()
    assert stored == guide  # line endings kept
    assert "facilitator_guides" not in tables and courses == 1
    assert left == 0


def test_identities_are_given_to_rows_already_there_and_old_recovery_codes_still_work(
    scratch_url, tmp_path
):
    import hashlib
    import uuid

    from tamkeen.accounts import twofactor
    from tamkeen.accounts.models import User

    code = "ABCD2345EFGH6789"
    old_digest = hashlib.sha256(f"2:{code}".encode()).hexdigest()  # what 0013 stored
    app = create_app(app_config(scratch_url, tmp_path))
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0013")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, username, password_hash, session_token, is_disabled,"
                    " created_at) VALUES (1, 'amal', 'x', 't1', false, '2026-01-01'),"
                    " (2, 'badr', 'x', 't2', false, '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO recovery_codes (user_id, digest, created_at)"
                    " VALUES (2, :digest, '2026-01-01')"
                ),
                {"digest": old_digest},
            )
        # Up to today's models (0014 gives the identities; later revisions add columns the
        # models below write, e.g. audit lines' actor_erased).
        upgrade(directory=MIGRATIONS, revision="head")
        with db.engine.connect() as connection:
            stored = connection.execute(text("SELECT uuid FROM users ORDER BY id")).scalars().all()
        badr = db.session.get(User, 2)
        wrong = twofactor.use_recovery_code(badr, "ABCD2345EFGH6788")
        used = twofactor.use_recovery_code(badr, code)
        again = twofactor.use_recovery_code(badr, code)
        db.session.commit()
        # New codes are salted with the account's UUID, not its integer id.
        fresh = twofactor.new_recovery_codes(badr)
        salts = {row.salt for row in twofactor.RecoveryCode.query.filter_by(user_id=2)}
        badr_uuid = badr.uuid
        db.session.commit()
        db.session.remove()
        downgrade(directory=MIGRATIONS, revision="0013")
        with db.engine.connect() as connection:
            columns = {c["name"] for c in db.inspect(connection).get_columns("users")}
        db.engine.dispose()
    values = [uuid.UUID(str(value)) for value in stored]
    assert len(set(values)) == 2 and all(value.version == 4 for value in values)
    assert (wrong, used, again) == (False, True, False)
    assert len(fresh) == 10 and salts == {badr_uuid.hex}
    assert "uuid" not in columns
