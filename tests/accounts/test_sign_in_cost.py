"""Every failed sign-in costs one password hash, whatever the reason: an unknown username,
an account made from an organizer's list that has no password yet, a disabled account, a
wrong password. Otherwise the time of the answer tells who is on a list (10-20 ms instead of
the ~400 ms of a hash). The hashes are counted where argon2 computes them, not timed."""

import argon2
import pytest

from tamkeen.accounts import services
from tamkeen.accounts.passwords import verify_password
from tamkeen.extensions import db

from ..factories import PASSWORD

FAILED = "These sign-in details do not match an account."


@pytest.fixture
def hashes(app, monkeypatch) -> list[str]:
    """The argon2 computations made from now on, by name."""
    with app.app_context():
        verify_password(None, "warm-up")  # the decoy hash is made once per process
    counted: list[str] = []
    module = argon2._password_hasher  # where PasswordHasher finds the two functions
    for name in ("hash_secret", "verify_secret"):
        real = getattr(module, name)

        def counting(*args, _real=real, _name=name, **kwargs):
            counted.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)
    return counted


def listed_without_password(app, username: str) -> None:
    with app.app_context():
        services.create_account_for(username, None)
        db.session.commit()


def disabled(app, make, username: str) -> None:
    user = make.user(username)
    with app.app_context():
        person = db.session.merge(user)
        services.set_disabled(person, True, by=person)
        db.session.commit()


@pytest.mark.parametrize("case", ["unknown", "no password yet", "disabled", "wrong password"])
def test_every_failed_sign_in_costs_one_password_hash(app, client, make, hashes, case):
    make.user("salma")
    listed_without_password(app, "listed")
    disabled(app, make, "karim")
    username, password = {
        "unknown": ("nobody", PASSWORD),
        "no password yet": ("listed", PASSWORD),
        "disabled": ("karim", PASSWORD),
        "wrong password": ("salma", "not the passphrase"),
    }[case]
    client.csrf_token()  # the form's token first: getting it costs no hash
    hashes.clear()  # making the accounts above hashed their passwords
    response = client.post_form("/sign-in", {"username": username, "password": password})
    assert response.status_code == 422 and FAILED in response.get_data(as_text=True)
    assert hashes == ["verify_secret"]


def test_a_right_password_costs_one_hash_too(client, make, hashes):
    make.user("salma")
    client.csrf_token()
    hashes.clear()
    response = client.post_form("/sign-in", {"username": "salma", "password": PASSWORD})
    assert response.status_code == 302
    assert hashes == ["verify_secret"]
