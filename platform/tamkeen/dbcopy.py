"""`flask db copy-to URL`: every table of this database into another, checked row by row.

The move from SQLite (one laptop) to PostgreSQL (docs/deploy.md). The target is built by the
real migrations, then filled table by table in the order of their foreign keys, in one
transaction, so a copy that fails leaves it empty. Rows are read and written through the
models' tables, so each value is converted by its column's type (SQLite's text dates and
0/1 booleans become PostgreSQL's timestamps and booleans). Then PostgreSQL's id sequences
are moved past the copied ids, and both databases are read again, in primary-key order, and
compared row by row. Files (uploaded papers, the keys) stay in DATA_DIR: the new
configuration keeps the same TAMKEEN_DATA_DIR.
"""

from collections.abc import Callable, Iterator
from itertools import zip_longest
from pathlib import Path

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import Connection, Engine, Integer, Table, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from .extensions import db

BATCH = 1000
VERSION_TABLE = "alembic_version"


class CopyRefused(Exception):
    """A copy that would not be faithful, refused before anything is written."""


def _heads(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def _expected_heads() -> set[str]:
    return set(ScriptDirectory(current_app.extensions["migrate"].directory).get_heads())


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def check_source(source: Engine) -> None:
    """The source at the migrations' head, holding exactly the models' tables."""
    with source.connect() as connection:
        if _heads(connection) != _expected_heads():
            raise CopyRefused("This database is not at the latest migration: run flask db upgrade.")
        present = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
    unknown = present - {table.name for table in _tables()}
    if unknown:
        raise CopyRefused(f"Tables Tamkeen does not know would be left behind: {sorted(unknown)}")


def target_needs_schema(target: Engine) -> bool:
    """True for a database with no table; an empty one at the head is fine too."""
    with target.connect() as connection:
        names = set(inspect(connection).get_table_names())
        if not names:
            return True
        if _heads(connection) != _expected_heads():
            raise CopyRefused("The target holds tables of another version: give an empty database.")
        for table in _tables():
            if table.name in names and connection.scalar(select(func.count()).select_from(table)):
                raise CopyRefused(f"The target is not empty: {table.name} has rows.")
    return False


def _rows(connection: Connection, table: Table) -> Iterator[tuple]:
    """Every row of ``table`` in primary-key order, a batch at a time."""
    query = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=BATCH).execute(query)
    for row in result:
        yield tuple(row)


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    names = [column.name for column in table.columns]
    batch, count = [], 0
    for row in _rows(source, table):
        batch.append(dict(zip(names, row, strict=True)))
        if len(batch) == BATCH:
            target.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        target.execute(table.insert(), batch)
        count += len(batch)
    return count


def _move_sequences(target: Connection) -> None:
    """PostgreSQL hands out ids from sequences, which the copied rows did not advance."""
    if target.dialect.name != "postgresql":
        return
    for table in _tables():
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer):  # serial or identity; NULL when neither
                sequence = func.pg_get_serial_sequence(table.name, column.name)
                highest = func.max(column)
                target.execute(
                    select(func.setval(sequence, func.coalesce(highest, 1), highest.is_not(None)))
                )


def compare(source: Engine, target: Engine) -> dict[str, int]:
    """Rows per table, once every row of every table is found equal on both sides."""
    counts = {}
    with source.connect() as left, target.connect() as right:
        for table in _tables():
            counts[table.name] = 0
            pairs = zip_longest(_rows(left, table), _rows(right, table))
            for number, (mine, theirs) in enumerate(pairs, start=1):
                if mine != theirs:
                    raise CopyRefused(f"{table.name}: row {number} differs after the copy.")
                counts[table.name] = number
    return counts


def copy_database(
    source: Engine, target: Engine, step: Callable[[str, int], None] = lambda *_: None
) -> None:
    """Every table of ``source`` into ``target`` (which has the schema), in one transaction."""
    with source.connect() as reading, target.begin() as writing:
        for table in _tables():
            step(table.name, _copy_table(reading, writing, table))
        _move_sequences(writing)


def target_app(url: str) -> Flask:
    """This app again, on the target database: its migrations and engine set-up."""
    from . import create_app

    config = current_app.config
    settings = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": config["SECRET_KEY"]}
    return create_app({**settings, "DATA_DIR": config.get("DATA_DIR")})


@click.command("copy-to")
@click.argument("url")
@with_appcontext
def copy_to(url: str) -> None:
    """Copy every table into the empty database at URL (e.g. a PostgreSQL one), then compare
    every row. Files stay in DATA_DIR. Then set TAMKEEN_DATABASE_URL to URL."""
    try:
        target_url = make_url(url)
    except ArgumentError as error:
        raise click.ClickException(f"Not a database URL: {error}") from error
    if target_url == db.engine.url:
        raise click.ClickException("The target is this database.")
    destination = target_app(url)
    with destination.app_context():
        target = db.engine
    try:
        check_source(db.engine)
        if target_needs_schema(target):
            with destination.app_context():
                upgrade(directory=str(Path(current_app.extensions["migrate"].directory)))
        copy_database(db.engine, target, lambda name, rows: click.echo(f"{name}: {rows} rows"))
        counts = compare(db.engine, target)
    except CopyRefused as refused:
        raise click.ClickException(str(refused)) from refused
    except SQLAlchemyError as error:
        raise click.ClickException(f"The copy failed: {type(error).__name__}: {error}") from error
    finally:
        target.dispose()
    total = sum(counts.values())
    click.echo(f"Copied and checked row by row: {len(counts)} tables, {total} rows.")
    click.echo("Now set TAMKEEN_DATABASE_URL to the new database; keep TAMKEEN_DATA_DIR.")


def init_app(app: Flask) -> None:
    """Adds ``copy-to`` to Flask-Migrate's ``flask db`` group."""
    app.cli.commands["db"].add_command(copy_to)
