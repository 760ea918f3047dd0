"""A sign-in does not hold the database's write lock while argon2 checks the password
(issue 17's load test: on SQLite every other write waited behind each sign-in's hash until
"database is locked"). Another connection writes while the hash is computed."""

import argon2

from ..factories import PASSWORD
from ..write_lock import write_from_another_connection


def test_other_writes_go_through_while_a_password_is_checked(app, client, make, monkeypatch):
    make.user("amal")
    module = argon2._password_hasher  # where PasswordHasher finds verify_secret
    real = module.verify_secret
    written = []

    def verify_while_another_writes(*args, **kwargs):
        write_from_another_connection(app)
        written.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "verify_secret", verify_while_another_writes)
    response = client.post_form("/sign-in", {"username": "amal", "password": PASSWORD})
    assert response.status_code == 302
    assert written == [True]
