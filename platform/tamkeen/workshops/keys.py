"""The keys of workshop kits and results (docs/design/workshop-sync.md, section 4.1).

- The **workshop secret** (TAMKEEN_WORKSHOP_KEY, else DATA_DIR/workshop_key, made at the
  first kit export) derives, by HKDF-SHA256, the server's **signing key** (Ed25519, signs
  kits) and one **results key** per kit (AES-256, encrypts that kit's results).
- Each kit has its own **kit key** (Ed25519), made at random at export: its private half
  travels inside the kit and signs the laptop's results; its public half stays here.
- A kit is encrypted with a key derived from a generated **passphrase** (Argon2id), shown
  once to the organizer and never stored.
"""

import base64
import hashlib
import re
import secrets
from pathlib import Path
from uuid import UUID

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from flask import current_app

from ..certificates.codes import ALPHABET
from ..private_files import write_new_private

SECRET_FILE = "workshop_key"  # noqa: S105 (a file name)  # nosec B105
PASSPHRASE_LENGTH = 24  # symbols of a 30-symbol alphabet: about 118 bits
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]+")
# Bounds on the key derivation a file's header may ask for, so that a crafted header
# cannot make the reader spend minutes or gigabytes.
KDF_MAX_MEMORY_KIB = 1024 * 1024
KDF_MAX_ITERATIONS = 10
KDF_MAX_LANES = 8


def _secret_path() -> Path:
    return Path(current_app.config["DATA_DIR"]) / SECRET_FILE


def workshop_secret(*, create: bool = False) -> bytes | None:
    """The server's workshop secret; None if there is none yet and ``create`` is false."""
    configured = current_app.config.get("WORKSHOP_KEY")
    if configured:
        return configured.encode()
    path = _secret_path()
    if not path.exists():
        if not create:
            return None
        try:
            write_new_private(path, secrets.token_hex(32).encode())
        except FileExistsError:  # another worker made it first: use theirs
            pass
    return path.read_bytes().strip()


def _derive(material: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(material)


def signing_key(secret: bytes) -> Ed25519PrivateKey:
    """The server's own key, which signs its kits."""
    return Ed25519PrivateKey.from_private_bytes(_derive(secret, b"tamkeen workshop signing key"))


def results_key(secret: bytes, kit: UUID) -> bytes:
    """The AES-256 key of one kit's results: the kit carries it, the server re-derives it."""
    return _derive(secret, b"tamkeen workshop results key " + str(kit).encode())


def public_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def load_public(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))


def private_text(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def load_private(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))


def fingerprint(public: str) -> str:
    """What a person compares by eye: 16 symbols of the key's SHA-256, in groups of four."""
    digest = hashlib.sha256(base64.b64decode(public)).digest()
    number = int.from_bytes(digest, "big")
    symbols = []
    for _ in range(16):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return "-".join("".join(symbols[i : i + 4]) for i in range(0, 16, 4))


def new_passphrase() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(PASSPHRASE_LENGTH))
    return "-".join(symbols[i : i + 4] for i in range(0, PASSPHRASE_LENGTH, 4))


def normalize_passphrase(typed: str) -> str:
    return _SEPARATORS.sub("", typed or "").upper()


def kdf_parameters() -> dict:
    return {
        "name": "argon2id",
        "salt": base64.b64encode(secrets.token_bytes(16)).decode(),
        "memory_kib": current_app.config.get("WORKSHOP_KDF_MEMORY_KIB", 65536),
        "iterations": current_app.config.get("WORKSHOP_KDF_ITERATIONS", 3),
        "lanes": 4,
    }


def kdf_within_bounds(kdf: object) -> bool:
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        return False
    memory, iterations, lanes = kdf.get("memory_kib"), kdf.get("iterations"), kdf.get("lanes")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (memory, iterations, lanes)):
        return False
    return (
        1 <= lanes <= KDF_MAX_LANES
        and 8 * lanes <= memory <= KDF_MAX_MEMORY_KIB
        and (1 <= iterations <= KDF_MAX_ITERATIONS)
    )


def passphrase_key(passphrase: str, kdf: dict) -> bytes:
    """The kit's AES-256 key (Argon2id over the passphrase, without its separators)."""
    return Argon2id(
        salt=base64.b64decode(kdf["salt"]),
        length=32,
        iterations=kdf["iterations"],
        lanes=kdf["lanes"],
        memory_cost=kdf["memory_kib"],
    ).derive(normalize_passphrase(passphrase).encode())
