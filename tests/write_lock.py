"""Whether the database's write lock is free: another connection writes at once, failing
("database is locked") on SQLite if a request holds the lock (issue 17's load test)."""

from sqlalchemy import text

from tamkeen.extensions import db

# A write that changes nothing: amal must exist.
UPDATE = "UPDATE users SET locale = locale WHERE username = 'amal'"


def write_from_another_connection(app) -> None:
    """Write from a connection of its own, without waiting for SQLite's lock."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":  # no waiting: fails if the lock is held
            raw = engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA busy_timeout=0")
                raw.driver_connection.execute("BEGIN IMMEDIATE")
                raw.driver_connection.execute(UPDATE)
                raw.driver_connection.execute("COMMIT")
            finally:
                raw.close()
        else:
            with engine.connect() as other:
                other.execute(text(UPDATE))
                other.commit()
