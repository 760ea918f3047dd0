"""Authenticator secrets are kept encrypted, with a key kept apart from the database: a copy
of the database alone (a dump, a stolen disk, a replica) gives nobody the codes of the
staff's second step. The key is TAMKEEN_TOTP_KEY, or a file beside the generated secret key
in DATA_DIR; existing secrets are encrypted by a migration."""

import stat
from pathlib import Path

import pyotp
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.accounts import twofactor
from tamkeen.accounts.services import find_user
from tamkeen.extensions import db

from ..conftest import Auth, Client, app_config
from ..factories import PASSWORD, TOTP_SECRET, Factory

FAILED = "These sign-in details do not match an account."
MIGRATIONS = str(PROJECT_ROOT / "migrations")
THIS_MIGRATION = "0012"


def stored_secret(app, username: str) -> str | None:
    """The column as the database holds it."""
    with app.app_context():
        query = text("SELECT totp_secret FROM users WHERE username = :username")
        return db.session.scalar(query, {"username": username})


def same_database(app, data_dir: Path, **settings):
    """Another instance on this database: its own DATA_DIR, so its own key file."""
    data_dir.mkdir(exist_ok=True)
    other = create_app({**app_config(app.config["SQLALCHEMY_DATABASE_URI"], data_dir), **settings})
    other.test_client_class = Client
    return other


def second_step(client, code: str):
    client.post_form("/sign-in", {"username": "karim", "password": PASSWORD})
    return client.post_form("/sign-in/code", {"code": code})


def test_the_secret_is_stored_encrypted_and_still_signs_in(app, make, auth):
    make.user("karim", roles=("trainer",))
    stored = stored_secret(app, "karim")
    assert stored and TOTP_SECRET not in stored and TOTP_SECRET.lower() not in stored.lower()
    auth.login("karim")  # the code from the app still opens the second step
    key_file = Path(app.config["DATA_DIR"]) / "totp_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_the_database_without_its_key_gives_no_code(app, make, tmp_path):
    make.user("karim", roles=("trainer",))
    with app.app_context():
        codes = twofactor.new_recovery_codes(find_user("karim"))
        db.session.commit()
    elsewhere = same_database(app, tmp_path / "elsewhere")
    client = elsewhere.test_client()
    refused = second_step(client, pyotp.TOTP(TOTP_SECRET).now())
    assert refused.status_code == 422 and FAILED in refused.get_data(as_text=True)
    # The way back for staff whose key is lost: a recovery code.
    assert second_step(client, codes[0]).status_code == 302
    with elsewhere.app_context():
        db.engine.dispose()


def test_a_key_from_the_environment_is_used_instead_of_a_file(app, tmp_path):
    keyed = same_database(app, tmp_path / "keyed", TOTP_KEY="k" * 40)
    Factory(keyed).user("karim", roles=("trainer",))
    assert not (tmp_path / "keyed" / "totp_key").exists()
    assert TOTP_SECRET not in stored_secret(keyed, "karim")
    Auth(keyed.test_client()).login("karim")
    other_key = same_database(app, tmp_path / "keyed", TOTP_KEY="m" * 40)
    refused = second_step(other_key.test_client(), pyotp.TOTP(TOTP_SECRET).now())
    assert refused.status_code == 422
    for instance in (keyed, other_key):
        with instance.app_context():
            db.engine.dispose()


def previous_revision() -> str:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return ScriptDirectory.from_config(config).get_revision(THIS_MIGRATION).down_revision


def test_the_migration_encrypts_secrets_already_stored_and_keeps_everything_else(app, make):
    """Run on the suite's database (SQLite or PostgreSQL), with rows in it: on SQLite,
    changing a column rebuilds the table, which must not take the rows that refer to it."""
    course = make.course(modules=1, lessons=1)
    karim = make.user("karim", roles=("trainer",))
    make.enrol(karim, course)
    with app.app_context():
        db.session.remove()
        try:
            downgrade(directory=MIGRATIONS, revision=previous_revision())
            in_clear = db.session.scalar(text("SELECT totp_secret FROM users"))
            db.session.remove()  # on SQLite a reading session would hold up the migration
            assert in_clear == TOTP_SECRET
            upgrade(directory=MIGRATIONS)
            stored = db.session.scalar(text("SELECT totp_secret FROM users"))
            enrolments = db.session.scalar(text("SELECT count(*) FROM enrolments"))
            db.session.remove()
        finally:
            upgrade(directory=MIGRATIONS)
    assert stored != TOTP_SECRET and enrolments == 1
    Auth(app.test_client()).login("karim")
