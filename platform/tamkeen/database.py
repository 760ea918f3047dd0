"""Engine set-up that both databases need, and the few helpers every model uses.

SQLite is the embedded default: WAL so readers never wait for the writer, foreign keys on,
a busy timeout, and ``BEGIN IMMEDIATE`` for every transaction that may write. With a plain
(deferred) ``BEGIN``, two transactions that read and then write fail with "database is
locked" even in WAL mode, because neither can upgrade its read lock. Requests with a safe
method (GET, HEAD, OPTIONS) never write, so they begin a deferred transaction and do not
queue behind writers.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from flask import Flask, g, has_app_context, has_request_context, request
from sqlalchemy import Engine, event, inspect

from .extensions import db
from .private_files import SQLITE_COMPANIONS, make_private, secure_data_dir

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# How long a write waits for SQLite's write lock before "database is locked". Each write
# holds it for milliseconds, but on a starved machine (the load test at a load of 18 on
# two cores: writes of 4–9 s, descheduled while holding it) a queue of them passed 10 s,
# and SQLite's waiting is not first come, first served; the request waits longer, not fail.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def utcnow() -> datetime:
    """The current time in UTC, naive: both databases store it the same way."""
    return datetime.now(UTC).replace(tzinfo=None)


def stored_values(row: object) -> tuple:
    """Every column of a loaded row, as stored: what a cache key of its content needs."""
    return tuple(getattr(row, column.key) for column in inspect(row).mapper.column_attrs)


def _may_write() -> bool:
    if has_app_context() and g.get("_tamkeen_reading"):
        return False
    return not (has_request_context() and request.method in SAFE_METHODS)


@contextmanager
def reading() -> Iterator[None]:
    """A long stretch of reads in a request or job that writes afterwards (a report's file:
    seconds at 10,000 participants), without SQLite's write lock: ``BEGIN IMMEDIATE``
    takes it at the first query and keeps it to the commit, and every other write waited
    behind the whole file past the busy timeout ("database is locked", the load test on
    SQLite). The transaction so far is committed (the caller has written nothing it would
    not commit), the block's queries begin a deferred one, ended after the block; the
    writes that follow begin ``BEGIN IMMEDIATE`` as usual. Nothing may be written inside.
    On PostgreSQL, two commits of nothing."""
    db.session.commit()
    g._tamkeen_reading = True
    try:
        yield
    except BaseException:
        g.pop("_tamkeen_reading", None)
        db.session.rollback()
        raise
    g.pop("_tamkeen_reading", None)
    db.session.commit()


def sqlite_file(engine: Engine) -> Path | None:
    """The SQLite database's file, if the engine has one."""
    name = engine.url.database
    if engine.dialect.name != "sqlite" or not name or name == ":memory:":
        return None
    return Path(name)


def _on_sqlite_connect(database: Path | None, dbapi_connection, _record) -> None:
    # Readable by its owner only, before WAL mode makes the -wal and -shm files: SQLite
    # gives them the database file's own mode.
    if database is not None:
        for suffix in ("", *SQLITE_COMPANIONS):
            make_private(Path(f"{database}{suffix}"))
    # Let SQLAlchemy's "begin" event, not the driver, decide how transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _may_write() else "BEGIN")


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", partial(_on_sqlite_connect, sqlite_file(engine)))
        event.listen(engine, "begin", _on_sqlite_begin)


def register_database(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
        if app.config.get("DATA_DIR"):  # an app made only to list its routes has none
            secure_data_dir(Path(app.config["DATA_DIR"]), sqlite_file(db.engine))

    @app.after_request
    def _commit_once(response):
        # One commit per request: services only flush, and a request that ends in an error
        # (a 4xx form error included) leaves the database as it found it.
        if request.method not in SAFE_METHODS:
            if response.status_code < 400:
                db.session.commit()
            else:
                db.session.rollback()
        return response

    @app.teardown_request
    def _rollback_leftovers(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()
