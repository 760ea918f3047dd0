"""The second factor: TOTP codes from an authenticator app, and single-use recovery codes.

Recovery codes are 16 symbols from an alphabet without look-alikes (the certificates'
codes use the same: no 0 O 1 I L U), 16 × log2(30) ≈ 78 random bits, so a plain SHA-256
of each is safe to store: nobody can try 2^78 of them. A TOTP code is accepted one time
step early or late (phones' clocks drift), and never twice: the last step used is kept.
"""

import hashlib
import hmac
import logging
import re
import secrets
import time

import pyotp
import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import delete, func, select

from ..audit import record_event
from ..database import utcnow
from ..extensions import db
from ..sealing import KEY_FILE, SealError
from .models import RecoveryCode, User

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 16
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]+")
TOTP_INTERVAL = 30

log = logging.getLogger(__name__)


# -- recovery codes ---------------------------------------------------------------------


def recovery_digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def _format(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_recovery_code(typed: str) -> str | None:
    code = _SEPARATORS.sub("", typed or "").upper()
    if len(code) != RECOVERY_CODE_LENGTH or any(symbol not in ALPHABET for symbol in code):
        return None
    return code


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes, shown once; every earlier code stops working."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "".join(secrets.choice(ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    salt = user.uuid.hex
    db.session.add_all(
        RecoveryCode(user_id=user.id, salt=salt, digest=recovery_digest(salt, c)) for c in codes
    )
    db.session.flush()
    return [_format(code) for code in codes]


def use_recovery_code(user: User, typed: str) -> bool:
    """Spend one unused code; False for a wrong, malformed or already used one."""
    code = normalize_recovery_code(typed)
    if code is None:
        return False
    unused = db.session.scalars(
        select(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        .order_by(RecoveryCode.id)
        .with_for_update()
    )
    # Each code has its own salt (the UUID, or the integer id for codes older than 0014).
    row = next(
        (r for r in unused if hmac.compare_digest(r.digest, recovery_digest(r.salt, code))), None
    )
    if row is None:
        return False
    row.used_at = utcnow()
    record_event(user, "account.recovery_code_used", user)
    db.session.flush()
    return True


def recovery_codes_left(user: User) -> int:
    query = select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return db.session.scalar(query) or 0


# -- TOTP -------------------------------------------------------------------------------


def new_totp_secret() -> str:
    """A secret for the set-up page (160 bits); nothing is saved until a code confirms it."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, username: str) -> str:
    issuer = current_app.config["TOTP_ISSUER"]
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def qr_svg(uri: str) -> Markup:
    """The set-up QR code as inline SVG (attributes only: the CSP forbids inline style)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#1d1d1f", border=4)
    return Markup(svg)  # noqa: S704  (segno's markup, our URI)  # nosec B704


def grouped_secret(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _matching_step(secret: str, typed: str, now: float) -> int | None:
    code = re.sub(r"\s", "", typed or "")
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    step = int(now // TOTP_INTERVAL)
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.at(candidate * TOTP_INTERVAL), code):
            return candidate
    return None


def _secret_of(user: User) -> str | None:
    """The user's authenticator secret, or None when this instance's key cannot open it:
    then no code matches, and a recovery code is the way in."""
    try:
        return user.totp_secret
    except SealError:
        log.error(
            "an authenticator secret cannot be decrypted: TAMKEEN_TOTP_KEY or DATA_DIR/%s "
            "is not the key it was stored with",
            KEY_FILE,
        )
        return None


def check_totp(user: User, typed: str, now: float | None = None) -> bool:
    """A code from the user's app, not used before; remembers its time step."""
    secret = _secret_of(user)
    if not secret:
        return False
    step = _matching_step(secret, typed, time.time() if now is None else now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def enable_totp(user: User, secret: str, typed: str) -> bool:
    """Turn two-factor sign-in on with ``secret``, if ``typed`` is its current code."""
    if user.has_two_factor:
        return False
    step = _matching_step(secret, typed, time.time())
    if step is None:
        return False
    user.totp_secret = secret
    user.totp_last_step = step
    user.totp_enabled_at = utcnow()
    record_event(user, "account.two_factor_enabled", user)
    return True


def disable_totp(user: User, *, by: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    record_event(by, "account.two_factor_disabled", user)


def check_second_factor(user: User, typed: str) -> bool:
    """A TOTP code, or one of the recovery codes."""
    return check_totp(user, typed) or use_recovery_code(user, typed)
