"""A sign-in does not hold the database's write lock while argon2 checks the password
(issue 17's load test: on SQLite every other write waited behind each sign-in's hash until
"database is locked"). Another connection writes while the hash is computed."""

import argon2
from sqlalchemy import text

from tamkeen.extensions import db

from ..factories import PASSWORD

UPDATE = "UPDATE users SET locale = locale WHERE username = 'amal'"


def test_other_writes_go_through_while_a_password_is_checked(app, client, make, monkeypatch):
    make.user("amal")
    module = argon2._password_hasher  # where PasswordHasher finds verify_secret
    real = module.verify_secret
    written = []

    def verify_while_another_writes(*args, **kwargs):
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
            written.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "verify_secret", verify_while_another_writes)
    response = client.post_form("/sign-in", {"username": "amal", "password": PASSWORD})
    assert response.status_code == 302
    assert written == [True]
