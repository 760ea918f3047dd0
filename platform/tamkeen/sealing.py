"""Secrets the database keeps encrypted, with a key kept apart from it.

The authenticator secrets of two-step sign-in (``users.totp_secret``): whoever reads them
makes the staff's codes. Encrypted here, a copy of the database alone (a dump, a stolen
disk, a replica, a read through some future hole) gives nobody the codes; the key is
``TOTP_KEY`` (TAMKEEN_TOTP_KEY) or else the file ``DATA_DIR/totp_key``, made at random the
first time a secret is sealed, readable by its owner only. A backup holds DATA_DIR and so
the file (inside the backup's own encryption); a key set in the environment is in no backup.

AES-256-GCM from ``cryptography``: the stored text is ``v1:`` and the URL-safe base64 of a
random 96-bit nonce, the ciphertext and its tag. The tag makes a wrong key or an altered
value fail loudly (``SealError``) instead of giving a wrong secret.
"""

import base64
import binascii
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from .private_files import write_new_private

PREFIX = "v1:"
KEY_FILE = "totp_key"
NONCE_BYTES = 12
# Binds a sealed value to its use: a value sealed for something else will not open here.
PURPOSE = b"tamkeen users.totp_secret"


class SealError(Exception):
    """A sealed value that this instance's key cannot open (another key, or altered)."""


def key_file() -> Path:
    return Path(current_app.config["DATA_DIR"]) / KEY_FILE


def _key_material(*, create: bool) -> bytes:
    configured = current_app.config.get("TOTP_KEY")
    if configured:
        return configured.encode()
    path = key_file()
    if not path.exists():
        if not create:
            raise SealError(f"no key: neither TAMKEEN_TOTP_KEY nor {path} exists")
        try:
            write_new_private(path, secrets.token_hex(32).encode())
        except FileExistsError:  # another worker made it first: use theirs
            pass
    return path.read_bytes().strip()


def _cipher(*, create: bool = False) -> AESGCM:
    material = _key_material(create=create)
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(material)
    return AESGCM(key)


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(secret: str) -> str:
    """``secret`` encrypted for the database."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = _cipher(create=True).encrypt(nonce, secret.encode(), PURPOSE)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(value: str) -> str:
    """The secret a ``seal`` call stored; SealError if this key cannot open it."""
    if not is_sealed(value):
        raise SealError("not a sealed value")
    try:
        data = base64.urlsafe_b64decode(value.removeprefix(PREFIX))
        opened = _cipher().decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], PURPOSE)
    except (binascii.Error, ValueError, InvalidTag) as error:
        raise SealError("this key does not open the value (another key, or altered)") from error
    return opened.decode()
