"""Alembic's environment: the app's engine and metadata, via Flask-Migrate."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

database = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url",
    database.engine.url.render_as_string(hide_password=False).replace("%", "%%"),
)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=database.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def skip_empty_autogenerate(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty_autogenerate)

    with database.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        context.configure(connection=connection, target_metadata=database.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection, *, on: bool) -> None:
    """SQLite alters most columns by copying the table and dropping the old one; with
    foreign keys on, that DROP deletes every row and cascades to the tables that point at
    it (dropping ``users.email`` would empty enrolments, certificates, cohorts' lists...).
    So they are off while migrating (a PRAGMA only works outside a transaction: it goes to
    the driver before SQLAlchemy begins one), and checked when they come back on."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
        if on:
            broken = cursor.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migration left broken references: {broken[:5]}")
    finally:
        cursor.close()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
