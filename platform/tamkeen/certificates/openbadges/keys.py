"""The site's Ed25519 key pair, which signs every credential and the status list.

The private key lives in a file (PEM, PKCS #8, mode 0600), never in the database, so that a
database dump does not carry it: ``CREDENTIAL_KEY_FILE`` (TAMKEEN_CREDENTIAL_KEY_FILE), by
default ``DATA_DIR/credential_key.pem``. ``flask certificates generate-key`` makes it; the
issuer profile publishes its public half as a Multikey.
"""

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
    load_pem_public_key,
)
from flask import current_app

from .dataintegrity import ProofError, public_from_multikey

KEY_FILE_NAME = "credential_key.pem"


class KeyMissing(RuntimeError):
    """No signing key: ``flask certificates generate-key`` has not been run here."""


def key_path() -> Path:
    configured = current_app.config.get("CREDENTIAL_KEY_FILE")
    return Path(configured) if configured else Path(current_app.config["DATA_DIR"]) / KEY_FILE_NAME


def generate_key(path: Path, *, force: bool = False) -> Ed25519PrivateKey:
    """Write a new private key to ``path`` (readable by its owner only). Refuses to replace
    an existing file unless ``force``: every credential signed with the old key would stop
    verifying against the issuer profile."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    if force:
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.unlink(missing_ok=True)
        descriptor = os.open(temporary, flags, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)
        os.replace(temporary, path)
    else:
        descriptor = os.open(path, flags, 0o600)  # FileExistsError if it exists
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)
    return key


def signing_key() -> Ed25519PrivateKey:
    path = key_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyMissing(f"no credential key at {path}") from None
    key = load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyMissing(f"{path} does not hold an Ed25519 private key")
    return key


def has_signing_key() -> bool:
    return key_path().is_file()


def read_public_key(path: Path) -> Ed25519PublicKey:
    """A public key given to ``verify-credential --key``: a PEM file (public or private
    key) or a Multikey (``z6Mk...``) on a line of its own."""
    data = path.read_bytes()[:10_000]
    text = data.decode("ascii", errors="replace").strip()
    if text.startswith("z6Mk"):
        return public_from_multikey(text)
    if "PRIVATE KEY" in text:
        private = load_pem_private_key(data, password=None)
        if isinstance(private, Ed25519PrivateKey):
            return private.public_key()
    elif "PUBLIC KEY" in text:
        public = load_pem_public_key(data)
        if isinstance(public, Ed25519PublicKey):
            return public
    raise ProofError("not an Ed25519 key (a PEM file or a z6Mk... Multikey)")
