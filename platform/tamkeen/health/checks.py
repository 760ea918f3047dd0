"""What a running app server needs from what it shares with the others: the database
reachable and its schema at the migrations' head, Redis reachable when configured, and the
S3 bucket reachable when files are kept there (``TAMKEEN_STORAGE=s3``).

Each check answers only yes or no. Why one failed goes to the log (the kind of error, not
its text, which can name hosts and users), never to the answer.
"""

import logging
from functools import cache
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

log = logging.getLogger(__name__)
REDIS_TIMEOUT_SECONDS = 1.0


@cache
def migration_heads(directory: str) -> frozenset[str]:
    """The revisions the code expects, read once per process: the scripts do not change
    under a running server (an upgrade restarts it)."""
    return frozenset(ScriptDirectory(directory).get_heads())


def _database_checks() -> dict[str, bool]:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        log.warning("health: the database is unreachable (%s)", type(error).__name__)
        return {"database": False, "migrations": False}
    expected = migration_heads(str(Path(current_app.extensions["migrate"].directory)))
    if current != expected:
        log.warning("health: the database's schema is not at the migrations' head")
    return {"database": True, "migrations": current == expected}


def _redis_reachable(url: str) -> bool:
    import redis

    client = redis.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        return bool(client.ping())
    except redis.RedisError as error:
        log.warning("health: Redis is unreachable (%s)", type(error).__name__)
        return False
    finally:
        client.close()


def _storage_reachable() -> bool:
    from .. import storage

    try:
        next(iter(storage.current().listing("papers/")), None)
    except Exception as error:  # botocore's many kinds: all say "not reachable"
        log.warning("health: the file storage is unreachable (%s)", type(error).__name__)
        return False
    return True


def health() -> dict[str, bool]:
    """Each check by name, true when it passes."""
    results = _database_checks()
    if current_app.config.get("REDIS_URL"):
        results["redis"] = _redis_reachable(current_app.config["REDIS_URL"])
    if current_app.config.get("STORAGE", "folder") != "folder":
        results["storage"] = _storage_reachable()
    return results
