"""argon2id password hashing, with the cost the configuration sets, and the common-password
list new passwords are checked against."""

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# A hash of a password nobody has, verified when the username is unknown, so that
# "unknown user" and "wrong password" take the same time.
_DUMMY_PASSWORD = "tamkeen-no-such-user"  # noqa: S105  (a decoy for timing, not a secret)  # nosec B105


_dummy_hashes: dict[tuple[int, int], str] = {}
ARGON2_PREFIX = "$argon2"


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"], memory_cost=config["ARGON2_MEMORY_COST"]
    )


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = hasher.hash(_DUMMY_PASSWORD)
    return _dummy_hashes[key]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches, at the cost of one argon2 computation whatever the
    account holds: no account, a marker such as "no password yet" (an account made from an
    organizer's list), or a hash. A marker answered at once would tell who is on a list."""
    hasher = _hasher()
    usable = bool(password_hash) and password_hash.startswith(ARGON2_PREFIX)
    try:
        matches = hasher.verify(password_hash if usable else _dummy_hash(hasher), password)
    except (VerificationError, InvalidHashError):
        return False
    return matches and usable


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def spend_verification_time(typed: str) -> None:
    """Take as long as checking a password does, and learn nothing.

    A second-factor code is checked in microseconds; this makes a wrong code cost what a
    wrong password costs, so the two cannot be told apart by timing.
    """
    verify_password(None, typed)


COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"


@cache
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip())


def is_common_password(password: str) -> bool:
    """On the bundled list of the 10,000 most common passwords (data/SOURCES.md)."""
    return password.strip().casefold() in _common_passwords()
