"""Schema changes go only through migrations: they build the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

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
